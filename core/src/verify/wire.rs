//! Verification across a module boundary, as [`crate::snippets::wire`] is for the code
//! generator: the page's second wasm module (`extras/`) checks signatures, so that reading keys
//! and the public-key arithmetic are not part of what the page fetches at load. The page sends
//! the token (as decoded and as pasted) and the key text as JSON; the module reads the token again
//! from them, checks it, and sends back the verification and its findings as JSON. Both ends are
//! here and tested natively: a check that crossed gives the analysis a check in place gives.
//!
//! - the page: [`request`] writes what to check, [`read_answer`] reads the result;
//! - the module: [`answer`] reads the request, checks and writes the result.

use serde::Deserialize;
use serde_json::{json, Value};

use super::Verification;
use crate::input::token_text::TokenCandidate;
use crate::model::{Context, Finding};
use crate::token::TokenReport;

/// What to check: the token as decoded and as pasted, and the key material as pasted.
pub fn request(token: &TokenReport, key: &str) -> String {
    json!({
        "compact": token.compact,
        "as_pasted": token.as_pasted,
        "truncated": token.truncated,
        "key": key,
    })
    .to_string()
}

/// The module's side: the token read again from the request and checked with its key, as
/// `{"verification": …, "findings": […]}`; `{"error": "…"}` when the request cannot be read.
pub fn answer(request: &str) -> String {
    match check(request) {
        Ok((verification, findings)) => {
            json!({ "verification": verification, "findings": findings })
        }
        Err(why) => json!({ "error": why }),
    }
    .to_string()
}

fn check(request: &str) -> Result<(Verification, Vec<Finding>), String> {
    let request: Value = serde_json::from_slice(request.as_bytes()).map_err(|e| e.to_string())?;
    let text = |name: &str| request.get(name).and_then(Value::as_str);
    let (Some(compact), Some(key)) = (text("compact"), text("key")) else {
        return Err("the request names no token or no key".into());
    };
    let as_pasted = text("as_pasted");
    let source = as_pasted.unwrap_or(compact);
    let candidate = TokenCandidate {
        compact: compact.to_string(),
        repairs: Vec::new(),
        source,
        start: 0,
        end: source.len(),
        truncated: request.get("truncated").and_then(Value::as_bool) == Some(true),
    };
    // The clock is the claims' business, not the signature's.
    let (token, _) = crate::token::inspect(&candidate, &Context::at(0));
    if token.compact != compact || token.as_pasted.as_deref() != as_pasted {
        return Err("the token read differently in the module".into());
    }
    Ok(super::verify(&token, key))
}

/// The page's side: the verification and its findings, or `None` when the module could not
/// check (a request it could not read: not for any token and key the page sends).
pub fn read_answer(answer: &str) -> Option<(Verification, Vec<Finding>)> {
    #[derive(Deserialize)]
    struct Checked {
        verification: Verification,
        findings: Vec<Finding>,
    }
    // Read as a Value first: the page's one JSON reader (a typed read would link another copy
    // of serde_json's parser into the page's wasm).
    let value: Value = serde_json::from_slice(answer.as_bytes()).ok()?;
    let checked: Checked = serde_json::from_value(value).ok()?;
    Some((checked.verification, checked.findings))
}
