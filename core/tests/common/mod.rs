//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use serde_json::Value;

/// One record of tests/fixtures/real-world.jsonl (a copy of ../shared/samples/real-world.jsonl:
/// 70 real inputs from SDK test suites, Microsoft docs and GitHub issues, each naming its source).
pub struct RealWorld {
    pub id: String,
    pub kind: String,
    pub input: String,
    pub source: String,
    pub expect: Value,
}

pub fn real_world() -> Vec<RealWorld> {
    let text = include_str!("../fixtures/real-world.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("valid JSON line");
            RealWorld {
                id: v["id"].as_str().unwrap().to_string(),
                kind: v["kind"].as_str().unwrap().to_string(),
                input: v["input"].as_str().unwrap().to_string(),
                source: v["source"].as_str().unwrap().to_string(),
                expect: v["expect"].clone(),
            }
        })
        .collect()
}

pub fn sample(id: &str) -> String {
    real_world()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no sample {id}"))
        .input
}

/// Base64url without padding, for building test tokens.
pub fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s.as_bytes())
}

/// An unsigned-looking token from header and payload JSON with a fixed fake signature.
pub fn token(header: &str, payload: &str) -> String {
    format!(
        "{}.{}.{}",
        b64(header),
        b64(payload),
        b64("not a real signature, 32 bytes!!")
    )
}
