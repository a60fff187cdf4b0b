//! A token's claims pasted already decoded: the JSON jwt.io, `jq` or a script prints for a
//! payload (`{"aud": …, "iss": …, "exp": …}`), sometimes kept as a shell comment with `# ` on
//! every line. Recognised only when the object has the claims every JWT of interest has, so a
//! JSON body of any other kind is never taken for one.

use serde_json::{Map, Value};

use crate::input::{json_values, lenient_json};
use crate::model::{Code, Finding};

/// Claims found in text, with what had to be forgiven to read them.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedClaims {
    pub payload: Map<String, Value>,
    /// Every line carried a comment marker, removed to read the JSON.
    pub uncommented: bool,
}

/// Keys that make an object something other than claims (a token response, an error body).
const NOT_CLAIMS: &[&str] = &[
    "access_token",
    "accessToken",
    "error",
    "error_description",
    "token_type",
];

/// True when `obj` reads as a JWT payload: an issuer, a subject or audience, and a time claim.
pub fn looks_like_claims(obj: &Map<String, Value>) -> bool {
    let text = |k: &str| obj.get(k).is_some_and(Value::is_string);
    let time = |k: &str| obj.get(k).is_some_and(|v| v.is_number() || v.is_string());
    text("iss")
        && (text("sub") || obj.contains_key("aud"))
        && (time("exp") || time("iat") || time("nbf"))
        && !NOT_CLAIMS.iter().any(|k| obj.contains_key(*k))
}

/// Claims in `text`: the whole text as (lenient) JSON, the text without a comment marker on every
/// line, or the first claims object among several JSON values.
pub fn find(text: &str) -> Option<DecodedClaims> {
    if let Some(found) = lenient_json::find_object(text).filter(|f| looks_like_claims(&f.value)) {
        return Some(DecodedClaims {
            payload: found.value,
            uncommented: false,
        });
    }
    if let Some(plain) = json_values::uncommented(text) {
        if let Some(found) =
            lenient_json::find_object(&plain).filter(|f| looks_like_claims(&f.value))
        {
            return Some(DecodedClaims {
                payload: found.value,
                uncommented: true,
            });
        }
    }
    among(text)
}

/// The first claims object among the JSON values in `text` (walking into arrays).
pub fn among(text: &str) -> Option<DecodedClaims> {
    json_values::all(text)
        .into_iter()
        .find_map(|found| first_claims(&found.value, 0))
        .map(|payload| DecodedClaims {
            payload,
            uncommented: false,
        })
}

fn first_claims(value: &Value, depth: usize) -> Option<Map<String, Value>> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Object(o) if looks_like_claims(o) => Some(o.clone()),
        Value::Array(items) => items.iter().find_map(|v| first_claims(v, depth + 1)),
        _ => None,
    }
}

/// The finding every decoded paste gets: what can and cannot be said about it.
pub fn finding(uncommented: bool) -> Finding {
    Finding::info(Code::TokenDecodedClaims, "Claims pasted already decoded")
        .detail(format!(
            "This is a token's payload as JSON, without its header and signature: its claims are explained below, but nothing shows who issued them or that they were not edited.{}",
            if uncommented {
                " Every line started with the same comment marker (as scripts keep output they show); the markers were removed to read it."
            } else {
                ""
            }
        ))
        .fix("To check the signature too, paste the encoded token (the three base64url parts, e.g. the contents of the file $AZURE_FEDERATED_TOKEN_FILE names).")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_claims_are_claims() {
        let claims = serde_json::json!({"iss": "https://x/", "sub": "a", "exp": 1});
        assert!(looks_like_claims(claims.as_object().unwrap()));
        let response =
            serde_json::json!({"iss": "https://x/", "sub": "a", "exp": 1, "access_token": "t"});
        assert!(!looks_like_claims(response.as_object().unwrap()));
        let no_time = serde_json::json!({"iss": "https://x/", "sub": "a"});
        assert!(!looks_like_claims(no_time.as_object().unwrap()));
        assert!(find("{\"issuer\": \"https://x\", \"subject\": \"s\"}").is_none());
    }
}
