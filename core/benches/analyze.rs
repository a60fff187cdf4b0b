//! Benchmarks of the analysis core (figures only; no build fails on timing). Run with
//! `cargo bench --bench analyze`; scripts/bench runs these and the browser benchmark.
//! On wasm32 (where `cargo clippy --all-targets --target wasm32-unknown-unknown` builds it too)
//! there is nothing to measure.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::bench);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/common/logs.rs"]
mod logs;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::logs;
    use criterion::{Criterion, Throughput};
    use mi_core::{analyze, Context};
    use std::hint::black_box;

    /// The real user-assigned IMDS token of the azure-identity live-test recording.
    fn mi_token() -> String {
        let fixture = include_str!("../tests/fixtures/real-world.jsonl");
        fixture
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["id"] == "jwt-imds-user-mirid-uami")
            .unwrap()["input"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A user token about 12 KB long: 200 group object IDs (unsigned; built for size, not realism).
    pub fn token_with_200_groups() -> String {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let groups: Vec<String> = (0..200)
            .map(|i| format!("\"{:08x}-1111-4222-8333-{:012x}\"", i * 7919, i * 104_729))
            .collect();
        let payload = format!(
        "{{\"aud\":\"https://management.azure.com/\",\"iss\":\"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\",\"iat\":1700000000,\"nbf\":1700000000,\"exp\":1700003600,\"oid\":\"456c2479-292c-4370-91b1-e4ea30ca5132\",\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"ver\":\"1.0\",\"scp\":\"user_impersonation\",\"upn\":\"someone@example.com\",\"groups\":[{}]}}",
        groups.join(",")
    );
        format!(
            "{}.{}.{}",
            b64("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"k\"}"),
            b64(&payload),
            b64(&"s".repeat(256))
        )
    }

    /// About 200 KB of log lines with a token response in the middle.
    fn big_log() -> String {
        let token = mi_token();
        let mut out = String::new();
        let mut i = 0;
        while out.len() < 100_000 {
            out.push_str(&format!(
                "2024-05-01T10:00:{:02}Z INFO worker[{i}] processed item {i} in 12 ms\n",
                i % 60
            ));
            i += 1;
        }
        out.push_str(&format!("{{\"access_token\":\"{token}\",\"expires_on\":\"1643312827\",\"resource\":\"https://management.azure.com\",\"token_type\":\"Bearer\"}}\n"));
        while out.len() < 200_000 {
            out.push_str(&format!(
                "2024-05-01T10:01:{:02}Z INFO worker[{i}] processed item {i} in 12 ms\n",
                i % 60
            ));
            i += 1;
        }
        out
    }

    /// 1 MiB of records, `record(i)` for i = 0, 1, …, the last one cut short.
    fn mib_of(record: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        for i in 0.. {
            if out.len() >= 1024 * 1024 {
                break;
            }
            out.push_str(&record(i));
        }
        out.truncate(1024 * 1024);
        out
    }

    /// The 1 MiB application log tests/e2e/bench.mjs pastes: `… INFO request N done in 12 ms` lines,
    /// nothing in them to recognise (every reader reads all of it).
    fn log_1mib() -> String {
        mib_of(|i| format!("2024-05-01T10:00:00Z INFO request {i} done in 12 ms\n"))
    }

    /// 1 MiB of Java-style error records, each with seven `at …` lines: 1,993 records, just
    /// under the 2,000 units the session splitter splits, so every record is read as a part.
    fn trace_log_1mib() -> String {
        mib_of(logs::stack_trace_record)
    }

    pub fn bench(c: &mut Criterion) {
        let ctx = Context::at(1_643_300_000);
        let mut group = c.benchmark_group("analyze");
        for (name, input) in [
            ("mi_token", mi_token()),
            ("token_200_groups_12kb", token_with_200_groups()),
            ("log_200kb", big_log()),
            ("log_1mib", log_1mib()),
            ("trace_log_1mib", trace_log_1mib()),
            ("noise_1mib", "x".repeat(1024 * 1024)),
        ] {
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function(name, |b| {
                b.iter(|| analyze(black_box(&input), black_box(&ctx)))
            });
        }
        group.finish();
    }
}
