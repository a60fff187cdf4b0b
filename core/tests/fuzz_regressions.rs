//! Hostile inputs kept as regression seeds (tests/fixtures/fuzz/*): hand-written stressors (deep
//! JSON nesting, invalid UTF-8, 5 000 header lines, huge numbers, broken percent-encoding) plus any
//! input a fuzzer ever finds a problem with (scripts/fuzz says how to add one). Each must analyse
//! without panicking whatever the platform choice, and also when pasted as the verification key.
#![cfg(not(target_arch = "wasm32"))]

use mi_core::{analyze_with, Context, Options, Platform};

/// Header `{"alg":"RS256","kid":"k1","typ":"JWT"}`, payload `{"aud":"https://management.azure.com/"}`,
/// and a signature of zero bytes: well formed enough that the key is the only thing left to judge.
const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyJ9.AAAA";

#[test]
fn every_saved_fuzz_input_is_analyzed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for platform in [None, Some(Platform::Imds), Some(Platform::CloudShell)] {
            let a = analyze_with(
                &text,
                &Context::at(1_700_000_000),
                &Options {
                    platform,
                    key: None,
                    ..Options::default()
                },
            );
            serde_json::to_string(&a).unwrap();
        }
        // The same bytes pasted into the key box next to a well-formed RS256 token.
        let a = analyze_with(
            TOKEN,
            &Context::at(1_700_000_000),
            &Options {
                platform: None,
                key: Some(&text),
                ..Options::default()
            },
        );
        assert!(
            a.verification.is_some(),
            "a pasted key always gets a verdict"
        );
        count += 1;
    }
    assert!(count > 0, "tests/fixtures/fuzz is empty");
}
