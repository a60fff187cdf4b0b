//! Inputs the fuzzers once found a problem with (tests/fixtures/fuzz/*): each must analyse without
//! panicking, whatever the platform choice. scripts/fuzz says how to add one.
#![cfg(not(target_arch = "wasm32"))]

use mi_token_inspector::{analyze_with, Context, Options, Platform};

#[test]
fn every_saved_fuzz_input_analyses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for platform in [None, Some(Platform::Imds), Some(Platform::CloudShell)] {
            let a = analyze_with(&text, &Context::at(1_700_000_000), &Options { platform });
            serde_json::to_string(&a).unwrap();
        }
        count += 1;
    }
    assert!(count > 0, "tests/fixtures/fuzz is empty");
}
