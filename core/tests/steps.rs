//! A long paste analysed in steps (`analyze_step`, what the page does with a long paste so that
//! it stays responsive) gives the analysis `analyze_with` gives in one call: for every sample
//! file's record, inside log noise and in long logs (one-line records, and stack-trace records
//! the splitter does split), at budgets from the smallest to a generous one. A small budget
//! takes many steps; each step goes further, so the steps end.
#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "common/logs.rs"]
mod logs;

use mi_core::analysis::session::Work;
use mi_core::{analyze_step, analyze_with, Analysis, Context, Options};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000;

/// The analysis made in steps of `budget` bytes, and how many steps it took.
fn stepped(input: &str, options: &Options, budget: usize) -> (Analysis, usize) {
    let ctx = Context::at(NOW);
    let work = Work::in_steps(budget);
    // Every step reads something new (at least one unit, or a part, or the whole paste), so a
    // paste of n lines takes far fewer steps than this; more means the steps go round.
    let most = 50 * (input.lines().count() + 10);
    for step in 1..=most {
        if let Some(a) = analyze_step(input, &ctx, options, &work) {
            return (a, step);
        }
    }
    panic!(
        "{} steps of {budget} bytes did not finish a {} byte paste",
        most,
        input.len()
    );
}

fn whole(input: &str, options: &Options) -> Analysis {
    analyze_with(input, &Context::at(NOW), options)
}

/// Lines a service logs around what matters (as the baseline's noise).
fn noise(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "2024-05-01T10:00:{:02}Z INFO worker[{i}] request {i} done in 12 ms\n",
                i % 60
            )
        })
        .collect()
}

/// A log of `n` records, each an error line and seven stack frames (the splitter reads them as
/// units of their own, as in the benchmark's 1 MiB log of such records).
fn trace_log(n: usize) -> String {
    (0..n).map(logs::stack_trace_record).collect()
}

#[test]
fn every_sample_analysed_in_steps_is_analysed_as_in_one_call() {
    // Every record of ../shared/samples/*.jsonl (copied to tests/fixtures), alone and inside
    // log noise, where a session is split around it.
    let options = Options::default();
    let mut steps_taken = 0;
    for r in common::every_record() {
        for input in [
            r.input.clone(),
            format!("{}{}\n{}", noise(30), r.input, noise(30)),
        ] {
            let expected = whole(&input, &options);
            for budget in [1, 4096, 1 << 20] {
                let (got, steps) = stepped(&input, &options, budget);
                assert_eq!(got, expected, "{} at a budget of {budget}", r.id);
                steps_taken = steps_taken.max(steps);
            }
        }
    }
    assert!(
        steps_taken > 10,
        "the longest paste took only {steps_taken} steps at the smallest budget"
    );
}

#[test]
fn a_session_inside_a_long_log_is_split_the_same_way_in_steps() {
    // A CI log holding a request and the IMDS error it got, then a token response: records of
    // real-world.jsonl between log noise, as a session.
    let parts = [
        "err-imds-missing-metadata-recorded",
        "resp-imds-doc-raw-http",
    ];
    let mut text = String::new();
    for id in parts {
        text.push_str(&noise(200));
        text.push_str(&common::any_sample(id));
        text.push('\n');
    }
    text.push_str(&trace_log(40));
    let options = Options::default();
    let expected = whole(&text, &options);
    assert!(!expected.parts.is_empty(), "the log should be a session");
    for budget in [1, 16 * 1024] {
        let (got, steps) = stepped(&text, &options, budget);
        assert_eq!(got, expected);
        assert!(steps > 3, "{steps} steps at a budget of {budget}");
    }
}

#[test]
fn long_logs_take_many_steps_and_end_with_the_whole_analysis() {
    let options = Options::default();
    // 1,993 records of stack traces: under the 2,000 units the splitter reads one by one.
    let traces = trace_log(1993);
    // One-line records past the 2,000 units: the paste is read whole, in a step of its own.
    let lines = noise(12_000);
    for (name, text) in [("stack traces", &traces), ("one-line records", &lines)] {
        let expected = whole(text, &options);
        let (got, steps) = stepped(text, &options, 64 * 1024);
        assert_eq!(&got, &expected, "{name}");
        assert!(steps >= 2, "{name}: {steps} steps");
    }
    // The stack traces at 64 KiB a step: the 1 MiB of units is read over at least 16 steps.
    let (_, steps) = stepped(&traces, &options, 64 * 1024);
    assert!(steps >= 16, "{steps} steps");
}

#[test]
fn a_key_and_a_sent_token_reach_every_step() {
    // The RFC 7515 A.1 HMAC token and its key, inside a log: the verification is the same.
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let key = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
    let text = format!("{}{token}\n{}", noise(300), noise(300));
    let options = Options {
        key: Some(key),
        ..Options::default()
    };
    let expected = whole(&text, &options);
    assert!(expected.verification.is_some());
    assert_eq!(stepped(&text, &options, 1).0, expected);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Pieces of samples, noise and stack traces in any order, in steps of any budget.
    #[test]
    fn any_mix_analysed_in_steps_is_the_same(
        picks in proptest::collection::vec((0usize..1000, 0usize..4), 1..8),
        budget in 1usize..100_000,
    ) {
        let records = common::every_record();
        let mut text = String::new();
        for (i, what) in picks {
            match what {
                0 => text.push_str(&noise(i % 50 + 1)),
                1 => text.push_str(&trace_log(i % 5 + 1)),
                _ => text.push_str(&records[i % records.len()].input),
            }
            text.push('\n');
        }
        let options = Options::default();
        prop_assert_eq!(stepped(&text, &options, budget).0, whole(&text, &options));
    }
}
