//! Decoding and explaining a token: the compact structure (`jose`), each claim (`claims`,
//! `catalog`), times (`times`), what Microsoft Entra ID and managed identities add (`entra`), and
//! what a token exchanged for an Entra token is (`federation`). Claims pasted already decoded are
//! found by `decoded` and explained the same way.

pub mod catalog;
pub(crate) mod claims;
pub mod decoded;
pub mod entra;
pub mod federation;
pub mod jose;
pub mod times;

use serde::Serialize;
use serde_json::Value;

use crate::input::TokenCandidate;
use crate::model::Code;
use crate::model::{Context, Finding};
pub use claims::ClaimReport;
pub use entra::{Assignment, EntraReport, ManagedIdentity, ManagedIdentityVerdict};
pub use federation::{AssertionKind, AssertionReport};
pub use jose::{Form, Part};
pub use times::{Lifetime, TimeReport};

/// How deep tokens inside tokens are followed.
const MAX_NESTING: usize = 3;

/// Follows a token that a terminal or an e-mail wrapped onto the lines after it, one line at a
/// time while the next line makes the token more whole (a JWS still missing its second dot, a
/// signature shorter than its algorithm's) or the token's last line is a full row of the wrap.
pub fn follow_wrapped_lines(candidate: TokenCandidate<'_>) -> TokenCandidate<'_> {
    let mut c = candidate;
    let mut joined = false;
    for _ in 0..32 {
        let Some(longer) = c.wrapped_onto_next_line() else {
            break;
        };
        if !(jose::completes(&c.compact, &longer.compact) || c.ends_on_a_full_row()) {
            break;
        }
        c = longer;
        joined = true;
    }
    if joined {
        c.note_joined_lines();
    }
    c
}

/// Everything decoded and explained about one token.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TokenReport {
    pub form: Form,
    /// The token as decoded (after prefixes, quotes and whitespace were removed).
    pub compact: String,
    /// The token as pasted, from its first character to its last, when characters inside it
    /// (whitespace, invisible ones) were removed to make `compact`; `None` when they are the
    /// same. Verification reads it strictly (see `verify`).
    #[serde(skip)]
    pub as_pasted: Option<String>,
    pub parts: Vec<Part>,
    /// The decoded header, key order kept.
    pub header: Option<Value>,
    /// The header's text when it is not a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_text: Option<String>,
    /// The decoded payload, key order kept.
    pub payload: Option<Value>,
    /// The payload's text when it is not a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_text: Option<String>,
    pub alg: Option<String>,
    /// Header parameters, then payload claims, each explained.
    pub claims: Vec<ClaimReport>,
    pub lifetime: Lifetime,
    pub entra: Option<EntraReport>,
    /// The managed identity, when `xms_mirid` names it.
    pub identity: Option<ManagedIdentity>,
    /// Whether a managed identity holds the token, and why the inspector thinks so.
    pub managed_identity: Option<ManagedIdentityVerdict>,
    /// What the token is when it is exchanged for an Entra token (workload identity federation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub federation: Option<AssertionReport>,
    /// Tokens found inside this one (`cty: JWT`, or a JWT inside a claim).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<NestedToken>,
    pub truncated: bool,
}

/// A token inside a token.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NestedToken {
    /// Where it was found: `payload` (cty: JWT) or `claim <name>`.
    pub found_in: String,
    pub token: Box<TokenReport>,
    pub findings: Vec<Finding>,
}

/// Decodes and explains a token; returns the report and its findings (repairs first).
pub fn inspect(candidate: &TokenCandidate<'_>, ctx: &Context) -> (TokenReport, Vec<Finding>) {
    inspect_at(candidate, ctx, 0)
}

fn inspect_at(
    candidate: &TokenCandidate<'_>,
    ctx: &Context,
    depth: usize,
) -> (TokenReport, Vec<Finding>) {
    let mut findings = candidate.repairs.clone();
    let structure = jose::decode(candidate, &mut findings);
    let header_map = structure.header.as_ref().and_then(Value::as_object);
    let payload_map = structure.payload.as_ref().and_then(Value::as_object);

    let mut claims = Vec::new();
    if let Some(h) = header_map {
        claims.extend(claims::explain(h, catalog::Location::Header, ctx));
    }
    let explained = match payload_map {
        Some(p) => explain_payload(header_map, p, &mut claims, ctx, &mut findings),
        None => {
            if header_map.is_some_and(|h| h.contains_key("nonce")) {
                // Still worth saying for a Graph token whose payload failed to decode.
                let mut f = Vec::new();
                entra::interpret(header_map, &serde_json::Map::new(), &mut claims, &mut f);
                findings.extend(f);
            }
            Explained::default()
        }
    };

    let mut nested = Vec::new();
    if depth < MAX_NESTING {
        if let Some(inner) = &structure.inner_token {
            nested.push(inspect_nested(inner, "payload".to_string(), ctx, depth));
        }
        if let Some(p) = payload_map {
            for (name, value) in p {
                if let Some(text) = value
                    .as_str()
                    .map(str::trim)
                    .filter(|t| jose::looks_like_compact_token(t))
                {
                    nested.push(inspect_nested(text, format!("claim {name}"), ctx, depth));
                }
            }
        }
    }
    for n in &nested {
        findings.push(
            Finding::info(
                Code::TokenNested,
                format!("A token inside the token ({})", n.found_in),
            )
            .detail(format!(
                "The {} holds a {} of its own; it is decoded below as well.",
                n.found_in,
                match n.token.form {
                    Form::Jwe => "encrypted token (JWE)",
                    _ => "signed token (JWT)",
                }
            )),
        );
    }

    let report = TokenReport {
        form: structure.form.unwrap_or(Form::Malformed),
        compact: candidate.compact.clone(),
        as_pasted: candidate.as_pasted().map(str::to_string),
        parts: structure.parts,
        alg: structure
            .header
            .as_ref()
            .and_then(|h| h.get("alg"))
            .and_then(Value::as_str)
            .map(str::to_string),
        header: structure.header,
        header_text: structure.header_text,
        payload: structure.payload,
        payload_text: structure.payload_text,
        claims,
        lifetime: explained.lifetime,
        entra: explained.interpretation.entra,
        identity: explained.interpretation.identity,
        managed_identity: explained.interpretation.managed_identity,
        federation: explained.federation,
        nested,
        truncated: candidate.truncated,
    };
    (report, findings)
}

/// What the payload's claims say, beyond each claim on its own.
#[derive(Default)]
struct Explained {
    lifetime: Lifetime,
    interpretation: entra::Interpretation,
    federation: Option<AssertionReport>,
}

/// Explains the payload's claims (appended to `claims`), its lifetime, what Entra ID adds and,
/// for an assertion, what it can be exchanged for.
fn explain_payload(
    header: Option<&serde_json::Map<String, Value>>,
    payload: &serde_json::Map<String, Value>,
    claims: &mut Vec<ClaimReport>,
    ctx: &Context,
    findings: &mut Vec<Finding>,
) -> Explained {
    claims.extend(claims::explain(payload, catalog::Location::Payload, ctx));
    let lifetime = times::lifetime(payload, ctx, findings);
    let interpretation = entra::interpret(header, payload, claims, findings);
    let federation = federation::read(payload, &interpretation, &lifetime, ctx, findings);
    Explained {
        lifetime,
        interpretation,
        federation,
    }
}

/// Explains claims pasted already decoded (a JSON payload without header or signature), as a
/// token report of form [`Form::Decoded`].
pub fn inspect_claims(
    decoded: &decoded::DecodedClaims,
    ctx: &Context,
) -> (TokenReport, Vec<Finding>) {
    let payload = &decoded.payload;
    let mut findings = vec![decoded::finding(decoded.uncommented)];
    let mut claims = Vec::new();
    let explained = explain_payload(None, payload, &mut claims, ctx, &mut findings);
    let report = TokenReport {
        form: Form::Decoded,
        compact: String::new(),
        parts: Vec::new(),
        header: None,
        header_text: None,
        payload: Some(Value::Object(payload.clone())),
        payload_text: None,
        alg: None,
        claims,
        lifetime: explained.lifetime,
        entra: explained.interpretation.entra,
        identity: explained.interpretation.identity,
        managed_identity: explained.interpretation.managed_identity,
        federation: explained.federation,
        nested: Vec::new(),
        truncated: false,
        as_pasted: None,
    };
    (report, findings)
}

fn inspect_nested(text: &str, found_in: String, ctx: &Context, depth: usize) -> NestedToken {
    let candidate = TokenCandidate {
        compact: text.to_string(),
        repairs: Vec::new(),
        source: text,
        start: 0,
        end: text.len(),
        truncated: false,
    };
    let (token, findings) = inspect_at(&candidate, ctx, depth + 1);
    NestedToken {
        found_in,
        token: Box::new(token),
        findings,
    }
}
