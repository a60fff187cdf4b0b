//! The compact serialisation: splitting a token into parts, decoding each one that can be decoded,
//! and telling JWS, JWE, unsecured and broken tokens apart. Every problem becomes a finding that
//! names the part, the offset and the character; a bad part never hides the good ones.

use serde::Serialize;
use serde_json::Value;

use super::catalog;
use crate::input::base64url::{self, Base64Error};
use crate::input::TokenCandidate;
use crate::model::Code;
use crate::model::Finding;

/// What kind of token the parts make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// A signed token (three parts).
    Jws,
    /// An encrypted token (five parts).
    Jwe,
    /// `alg: none`.
    Unsecured,
    /// Not a well-formed compact serialisation; what could be decoded is shown.
    Malformed,
}

/// What a part holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Header,
    Payload,
    Signature,
    EncryptedKey,
    Iv,
    Ciphertext,
    Tag,
    Extra,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Header => "header",
            Role::Payload => "payload",
            Role::Signature => "signature",
            Role::EncryptedKey => "encrypted key",
            Role::Iv => "initialisation vector",
            Role::Ciphertext => "ciphertext",
            Role::Tag => "authentication tag",
            Role::Extra => "extra part",
        }
    }
}

/// One dot-separated part.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    /// 1-based position in the token.
    pub index: usize,
    pub role: Role,
    /// The part as it is in the cleaned token (base64url).
    pub text: String,
    /// How many bytes it decoded to (up to its first error).
    pub decoded_bytes: usize,
    /// What is wrong with it, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The decoded structure of a token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    pub form: Option<Form>,
    pub parts: Vec<Part>,
    pub header: Option<Value>,
    /// The header's text when it is not a JSON object.
    pub header_text: Option<String>,
    pub payload: Option<Value>,
    /// The payload's text when it is not a JSON object.
    pub payload_text: Option<String>,
    /// A token carried as the payload (`cty: JWT`, or a payload that is itself a token).
    pub inner_token: Option<String>,
    pub signature_bytes: Option<usize>,
}

struct DecodedSegment {
    bytes: Vec<u8>,
    ok: bool,
}

/// Splits and decodes `candidate`, pushing a finding for every problem.
pub fn decode(candidate: &TokenCandidate<'_>, findings: &mut Vec<Finding>) -> Structure {
    let compact = candidate.compact.as_str();
    let raw_parts: Vec<&str> = compact.split('.').collect();
    let mut s = Structure::default();

    let roles: Vec<Role> = match raw_parts.len() {
        3 => vec![Role::Header, Role::Payload, Role::Signature],
        5 => vec![
            Role::Header,
            Role::EncryptedKey,
            Role::Iv,
            Role::Ciphertext,
            Role::Tag,
        ],
        2 => vec![Role::Header, Role::Payload],
        n => (0..n)
            .map(|i| match i {
                0 => Role::Header,
                1 => Role::Payload,
                _ => Role::Extra,
            })
            .collect(),
    };

    let mut padded = Vec::new();
    let mut standard = Vec::new();
    let mut decoded = Vec::new();
    let mut offset = 0;
    for (i, (text, role)) in raw_parts.iter().zip(roles.iter()).enumerate() {
        let d = base64url::decode(text);
        if d.padded {
            padded.push(i + 1);
        }
        if d.standard_at.is_some() {
            standard.push(i + 1);
        }
        let mut problem = None;
        if let Some(err) = d.error {
            let truncated_end = candidate.truncated && i + 1 == raw_parts.len();
            let sentence = err.describe(&format!("{} (part {})", role.label(), i + 1));
            problem = Some(sentence.clone());
            if !(truncated_end && matches!(err, Base64Error::BadLength { .. })) {
                findings.push(bad_base64(candidate, i + 1, offset, err, sentence));
            }
        }
        s.parts.push(Part {
            index: i + 1,
            role: *role,
            text: (*text).to_string(),
            decoded_bytes: d.bytes.len(),
            problem,
        });
        decoded.push(DecodedSegment {
            ok: d.error.is_none(),
            bytes: d.bytes,
        });
        offset += text.len() + 1;
    }
    report_alphabet(findings, &padded, &standard);

    // The header comes first in every form.
    if let Some(header) = decoded.first() {
        match parse_object(&header.bytes) {
            Ok(v) => s.header = Some(v),
            Err(why) => {
                s.header_text = Some(String::from_utf8_lossy(&header.bytes).into_owned());
                findings.push(header_not_json(why, header.ok, candidate.truncated));
            }
        }
    }
    let alg = s
        .header
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let is_jwe = s.header.as_ref().is_some_and(|h| h.get("enc").is_some());

    match raw_parts.len() {
        5 => {
            s.form = Some(Form::Jwe);
            findings.push(encrypted_finding(s.header.as_ref(), &decoded));
        }
        3 => {
            s.form = Some(if alg.as_deref() == Some("none") {
                Form::Unsecured
            } else {
                Form::Jws
            });
            decode_payload(&mut s, decoded.get(1), findings);
            let sig_len = decoded.get(2).map_or(0, |d| d.bytes.len());
            s.signature_bytes = Some(sig_len);
            check_signature(
                alg.as_deref(),
                sig_len,
                raw_parts.get(2).copied().unwrap_or(""),
                candidate.truncated,
                findings,
            );
            if is_jwe {
                findings.push(
                    Finding::error(Code::TokenBadSegmentCount, "Encrypted header, but only 3 parts")
                        .detail("The header names a content encryption (`enc`), which makes this a JWE, and a JWE has 5 parts.")
                        .fix("Copy the whole token: a JWE looks like header.key.iv.ciphertext.tag."),
                );
            }
        }
        n => {
            s.form = Some(Form::Malformed);
            let joined = (n == 4).then(|| rejoin_split_payload(&raw_parts)).flatten();
            if let Some((payload, at)) = joined {
                s.payload = Some(payload);
                findings.push(
                    Finding::error(Code::TokenBadSegmentCount, "4 parts: the payload was split by a stray dot")
                        .detail(format!(
                            "A JWS has 3 parts and a JWE 5. Joining parts {at} and {} gives a valid payload, so a \
                             line break inside the token became a '.' when it was copied (documents that wrap \
                             tokens for display do this). The payload shown is the joined one.",
                            at + 1
                        ))
                        .fix(format!("Remove the '.' between parts {at} and {} and the token is whole again.", at + 1)),
                );
            } else {
                decode_payload(&mut s, decoded.get(1), findings);
                findings.push(segment_count_finding(
                    n,
                    alg.as_deref(),
                    candidate.truncated,
                ));
            }
            if alg.as_deref() == Some("none") {
                check_signature(alg.as_deref(), 0, "", candidate.truncated, findings);
            }
        }
    }
    s
}

fn decode_payload(
    s: &mut Structure,
    payload: Option<&DecodedSegment>,
    findings: &mut Vec<Finding>,
) {
    let Some(payload) = payload else { return };
    if payload.bytes.is_empty() && payload.ok {
        findings.push(
            Finding::info(Code::TokenDetachedPayload, "Empty payload (detached content)")
                .detail(
                    "The middle part is empty: this is a JWS whose content travels separately \
                     (RFC 7515 Appendix F). There are no claims to show; verifying it needs the content.",
                ),
        );
        return;
    }
    let cty_jwt = s
        .header
        .as_ref()
        .and_then(|h| h.get("cty"))
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("JWT"));
    match parse_object(&payload.bytes) {
        Ok(v) => s.payload = Some(v),
        Err(why) => {
            let text = String::from_utf8_lossy(&payload.bytes).into_owned();
            let trimmed = text.trim();
            if looks_like_compact_token(trimmed) {
                s.inner_token = Some(trimmed.to_string());
                if !cty_jwt {
                    s.payload_text = Some(text);
                }
                return;
            }
            if payload.ok {
                findings.push(
                    Finding::warning(Code::TokenPayloadNotJson, "The payload is not a JSON object")
                        .detail(format!(
                            "{why} This is a JWS (a signed message) but not a JWT: there are no claims. \
                             The payload is shown as text."
                        )),
                );
            } else {
                findings.push(
                    Finding::warning(
                        Code::TokenPayloadNotJson,
                        "The payload could not be read whole",
                    )
                    .detail(format!(
                        "Decoding stopped at a bad character, so the JSON is cut short: {why}"
                    )),
                );
            }
            s.payload_text = Some(text);
        }
    }
}

/// Parses a JSON object; the error says what is wrong in a sentence.
pub fn parse_object(bytes: &[u8]) -> Result<Value, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(other) => Err(format!(
            "It is JSON, but a {} rather than an object.",
            json_type(&other)
        )),
        Err(e) if bytes.is_empty() => Err(format!("It is empty ({e}).")),
        Err(e) => Err(format!("It is not valid JSON: {e}.")),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Three or five base64url parts, the first beginning `eyJ`.
pub fn looks_like_compact_token(s: &str) -> bool {
    let dots = s.matches('.').count();
    s.starts_with("eyJ")
        && (dots == 2 || dots == 4)
        && s.len() >= 16
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn rejoin_split_payload(parts: &[&str]) -> Option<(Value, usize)> {
    let header = base64url::decode(parts.first()?);
    parse_object(&header.bytes).ok()?;
    let joined = format!("{}{}", parts.get(1)?, parts.get(2)?);
    let d = base64url::decode(&joined);
    if d.error.is_some() {
        return None;
    }
    parse_object(&d.bytes).ok().map(|v| (v, 2))
}

fn bad_base64(
    candidate: &TokenCandidate<'_>,
    index: usize,
    part_start: usize,
    err: Base64Error,
    sentence: String,
) -> Finding {
    let mut place = match err.offset() {
        Some(off) => candidate.place_at(part_start + off),
        None => candidate.place_at(part_start),
    };
    place.segment = Some(index);
    place.segment_offset = err.offset();
    place.character = err.character();
    let where_ = match (place.line, place.column) {
        (Some(l), Some(c)) => format!(" In the pasted text: line {l}, column {c}."),
        _ => String::new(),
    };
    let fix = match err {
        Base64Error::InvalidChar { ch: '\u{2026}', .. } => "The token was shortened with an ellipsis; copy the complete token.".to_string(),
        Base64Error::InvalidChar { ch: '%', .. } => "The token was URL-encoded somewhere; decode the %XX sequences first.".to_string(),
        Base64Error::BadLength { .. } => "A character was lost or added when copying; copy the token again in one piece.".to_string(),
        _ => "Copy the token again straight from its source; this character is not part of any token.".to_string(),
    };
    Finding::error(
        Code::TokenBadBase64,
        format!("Part {index} is not valid base64url"),
    )
    .detail(format!(
        "{sentence}{where_} Everything before it was decoded."
    ))
    .fix(fix)
    .place(place)
}

fn report_alphabet(findings: &mut Vec<Finding>, padded: &[usize], standard: &[usize]) {
    let list = |v: &[usize]| {
        v.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !padded.is_empty() {
        findings.push(
            Finding::warning(Code::TokenPaddedBase64, "Base64 padding ('=') in the token")
                .detail(format!(
                    "Part {} ends in '='. JWTs use base64url without padding (RFC 7515 §2); the parts \
                     were decoded anyway, but many libraries, and Azure services, reject padded tokens.",
                    list(padded)
                ))
                .fix("Remove the trailing '=' from each part, or re-encode with base64url without padding."),
        );
    }
    if !standard.is_empty() {
        findings.push(
            Finding::warning(Code::TokenStandardBase64, "Standard base64 ('+' or '/') in the token")
                .detail(format!(
                    "Part {} uses the standard base64 alphabet. JWTs use base64url, where '-' and '_' \
                     replace '+' and '/'. It was decoded anyway; whatever produced it re-encoded the token.",
                    list(standard)
                ))
                .fix("Use the token exactly as the identity endpoint returned it, or replace '+' with '-' and '/' with '_'."),
        );
    }
}

fn header_not_json(why: String, decoded_cleanly: bool, truncated: bool) -> Finding {
    let detail = if truncated {
        format!("The token was cut short, so its header is incomplete. {why}")
    } else if decoded_cleanly {
        format!("The first part decodes, but not to a JOSE header. {why}")
    } else {
        format!("The first part could only be decoded up to a bad character. {why}")
    };
    Finding::error(Code::TokenHeaderNotJson, "The header is not a JSON object")
        .detail(detail)
        .fix("A token's header decodes to JSON such as {\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"…\"}; check that the whole token was copied.")
}

fn encrypted_finding(header: Option<&Value>, decoded: &[DecodedSegment]) -> Finding {
    let get = |k: &str| header.and_then(|h| h.get(k)).and_then(Value::as_str);
    let alg = get("alg").unwrap_or("?");
    let enc = get("enc").unwrap_or("?");
    let sizes = decoded
        .get(1..)
        .unwrap_or(&[])
        .iter()
        .map(|d| d.bytes.len().to_string())
        .collect::<Vec<_>>()
        .join(" / ");
    let nested = get("cty").is_some_and(|c| c.eq_ignore_ascii_case("JWT"));
    Finding::info(Code::TokenEncrypted, "Encrypted token (JWE)")
        .detail(format!(
            "Only the protected header is readable. The content is encrypted with {enc} and its key with {alg}{}; \
             reading it needs the recipient's private key, which never leaves the recipient. Encrypted key / IV / \
             ciphertext / tag sizes: {sizes} bytes.{}",
            catalog::algorithm(alg).map(|a| format!(" ({a})")).unwrap_or_default(),
            if nested { " The header's cty says a signed JWT is inside." } else { "" }
        ))
        .fix("Azure managed-identity access tokens are signed, not encrypted: if you expected one, this is a different kind of token.")
}

fn check_signature(
    alg: Option<&str>,
    len: usize,
    text: &str,
    truncated: bool,
    findings: &mut Vec<Finding>,
) {
    match alg {
        Some("none") => {
            let mut f = Finding::warning(Code::TokenUnsigned, "Unsigned token (alg: none)")
                .detail(
                    "The header says there is no signature, so anyone could have written this token. \
                     No Azure service accepts it.",
                )
                .fix("Use a token issued by Microsoft Entra ID; they are always signed (RS256).");
            if len > 0 {
                f.detail.push_str(
                    " Yet the third part is not empty, which an unsecured JWT's must be.",
                );
            }
            findings.push(f);
        }
        Some(alg) => {
            if text.is_empty() {
                findings.push(
                    Finding::warning(Code::TokenSignatureLength, "The signature is missing")
                        .detail(format!("The header says {alg}, but the third part is empty: the token cannot be verified."))
                        .fix("Copy the token to its very end, after the second '.'."),
                );
                return;
            }
            let Some((min, max, rule)) = catalog::signature_length(alg) else {
                return;
            };
            if (min..=max).contains(&len) || truncated {
                return;
            }
            findings.push(
                Finding::warning(Code::TokenSignatureLength, format!("The signature is {len} bytes, too short for {alg}"))
                    .detail(format!(
                        "{} It was probably cut when copied (documentation samples truncate it on purpose), \
                         or it is a placeholder: the token cannot be verified.",
                        capitalise(rule) + "."
                    ))
                    .fix("Copy the complete token; the signature is everything after the second '.'."),
            );
        }
        None => {}
    }
}

fn segment_count_finding(n: usize, alg: Option<&str>, truncated: bool) -> Finding {
    let title = format!("{n} part{} instead of 3", if n == 1 { "" } else { "s" });
    let f = Finding::error(Code::TokenBadSegmentCount, title);
    if truncated {
        return f
            .detail(format!(
                "The token was cut short, so only {n} part{} survived. A JWS has 3 parts (header.payload.signature).",
                if n == 1 { "" } else { "s" }
            ))
            .fix("Copy the complete token.");
    }
    match (n, alg) {
        (2, Some("none")) => f
            .detail("An unsecured JWT (alg: none) still has three parts: it ends with a '.' after the payload, followed by an empty signature. This one lacks the final dot.")
            .fix("Add the trailing '.' (header.payload.), or better, use a signed token."),
        (2, _) => f
            .detail("There is a header and a payload but no signature part: the token was cut after the second part.")
            .fix("Copy the token to its very end; a JWS is header.payload.signature."),
        (1, _) => f
            .detail("There is no '.' in the token, so only a header (or a fragment) was pasted.")
            .fix("Copy the whole token: three base64url parts separated by dots."),
        _ => f
            .detail(format!("A JWS has 3 parts and a JWE has 5; {n} parts is neither. The first parts were decoded as header and payload."))
            .fix("Check for stray dots or two tokens pasted together."),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// True when `longer` (a compact token with more text after it) is a more whole token than
/// `shorter`: it has the parts `shorter` lacks (up to a JWE's five), or `shorter`'s signature is
/// not a whole one for its algorithm (too short, or for RSA not a modulus's length) and
/// `longer`'s is not yet too long.
pub fn completes(shorter: &str, longer: &str) -> bool {
    let parts = shorter.split('.').count();
    if parts < 3 {
        return longer.split('.').count() <= 5;
    }
    if parts != 3 || longer.split('.').count() != 3 {
        return false;
    }
    let alg = shorter
        .split('.')
        .next()
        .map(base64url::decode)
        .and_then(|d| serde_json::from_slice::<Value>(&d.bytes).ok())
        .and_then(|h| h.get("alg")?.as_str().map(str::to_string));
    let Some((min, max, _)) = alg.as_deref().and_then(catalog::signature_length) else {
        return false;
    };
    let bytes = |t: &str| t.rsplit('.').next().map_or(0, |s| s.len() * 3 / 4);
    // An RSA signature is as long as the key's modulus, in practice a multiple of 512 bits.
    let rsa = alg.is_some_and(|a| a.starts_with("RS") || a.starts_with("PS"));
    let whole = |n: usize| n >= min && (!rsa || n % 64 == 0);
    !whole(bytes(shorter)) && bytes(longer) <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(token: &str) -> (Structure, Vec<Finding>) {
        let candidate = TokenCandidate {
            compact: token.to_string(),
            repairs: vec![],
            source: token,
            start: 0,
            end: token.len(),
            truncated: false,
        };
        let mut findings = vec![];
        let s = decode(&candidate, &mut findings);
        (s, findings)
    }

    #[test]
    fn rfc_7515_a1_decodes_with_key_order_kept() {
        let (s, f) = run("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.form, Some(Form::Jws));
        let keys: Vec<&String> = s
            .payload
            .as_ref()
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["iss", "exp", "http://example.com/is_root"]);
        assert_eq!(s.signature_bytes, Some(32));
    }
}
