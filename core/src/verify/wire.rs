//! Verification across a module boundary, as [`crate::snippets::wire`] is for the code
//! generator: the page's second wasm module (`extras/`) reads the key text and checks the
//! signature, so that the key readers and the public-key arithmetic are not part of what the
//! page fetches at load. Everything else, from the token's parts to the findings' words, is made
//! in the page ([`super::verify_by`]). The page sends the algorithm, the signing input, the
//! signature, the key text and the key the token names, as JSON; the module answers with what its
//! check found, as JSON. Both ends are here and tested natively: every verification in
//! `tests/verify.rs` is also made across, and must give the analysis made in place.
//!
//! - the page: `request` writes what to check, `read_answer` reads what was found (both called by
//!   [`super::verify_by`]);
//! - the module: [`answer`] reads the request, checks and writes what it found.

use serde_json::{json, Value};

use super::choose::KeyHints;
use super::{check, parse_alg, Evaluation, Signed, VerifyResult};
use crate::input::base64url;

/// What to check: a signed token's algorithm, signing input and signature, the key text, and
/// the key the token names.
pub(super) fn request(signed: &Signed<'_>, key_text: &str, hints: &KeyHints<'_>) -> String {
    json!({
        "alg": signed.alg_name,
        "input": signed.input,
        "signature": signed.signature_text,
        "key": key_text,
        "kid": hints.kid,
        "x5t": hints.x5t,
        "x5t#S256": hints.x5t_s256,
    })
    .to_string()
}

/// The module's side: what the check of the request's signature with its key found, as JSON
/// (a request it cannot read is answered as a key that cannot be read: the page sends none).
pub fn answer(request: &str) -> String {
    let request: Value = serde_json::from_slice(request.as_bytes()).unwrap_or(Value::Null);
    let text = |name: &str| request.get(name).and_then(Value::as_str);
    let found = match (text("alg"), text("input"), text("signature"), text("key")) {
        (Some(alg_name), Some(input), Some(signature_text), Some(key)) => {
            match parse_alg(alg_name) {
                Some(alg) => {
                    let signed = Signed {
                        alg_name,
                        alg,
                        input: input.to_string(),
                        signature: base64url::decode(signature_text).bytes,
                        signature_text,
                    };
                    let hints = KeyHints {
                        kid: text("kid"),
                        x5t: text("x5t"),
                        x5t_s256: text("x5t#S256"),
                    };
                    check(&signed, key, &hints)
                }
                None => unreadable(),
            }
        }
        _ => unreadable(),
    };
    serde_json::to_string(&found).unwrap_or_default()
}

fn unreadable() -> Evaluation {
    Evaluation::new(
        VerifyResult::BadKey,
        "The signature checker could not read what it was asked to check.",
    )
}

/// The page's side: what the module found, or `None` when its answer cannot be read.
pub(super) fn read_answer(answer: &str) -> Option<Evaluation> {
    // Read as a Value first: the page's one JSON reader (a typed read would link another copy
    // of serde_json's parser into the page's wasm).
    let value: Value = serde_json::from_slice(answer.as_bytes()).ok()?;
    serde_json::from_value(value).ok()
}
