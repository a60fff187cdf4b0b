//! Offline signature verification with pasted keys.
//!
//! [`verify`] takes a decoded token and the text of the key panel (or `mi-inspect verify --key`):
//! it reads the key material (`keys`), picks the key by the token's `kid`, then `x5t`, lets the
//! key's type decide which algorithms it may verify (so an RS256 token is never checked as HMAC
//! with a public key, and `alg: none` is never valid), verifies, and explains the result as one
//! `verify.*` finding plus a [`Verification`] summary for the report. Nothing is fetched: for
//! Entra ID tokens the result names the `jwks_uri` the user can open and paste.
//!
//! The arithmetic (`bignum`, `rsa`, `ecdsa`, `ed25519`) is small, variable-time code written for
//! verification only: every input to a verifier is public. Hashes and HMAC (constant-time
//! comparison) come from RustCrypto's `sha1`, `sha2` and `hmac` crates.

pub mod bignum;
pub mod der;
pub mod ecdsa;
pub mod ed25519;
pub mod hash;
pub mod keys;
pub mod rsa;

use serde::Serialize;
use serde_json::Value;

use crate::model::Code;
use crate::model::{Finding, Severity};
use crate::token::{base64url, Form, TokenReport};
use ecdsa::Curve;
use hash::Hash;
use keys::{Candidate, KeySet, KeySource, Material};

/// The verdict, one per `verify.*` code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyResult {
    Valid,
    Invalid,
    NoMatchingKey,
    AlgKeyMismatch,
    UnsupportedAlg,
    BadKey,
    UnverifiableNonce,
    Unsigned,
}

impl VerifyResult {
    pub fn code(self) -> Code {
        match self {
            VerifyResult::Valid => Code::VerifyValid,
            VerifyResult::Invalid => Code::VerifyInvalid,
            VerifyResult::NoMatchingKey => Code::VerifyNoMatchingKey,
            VerifyResult::AlgKeyMismatch => Code::VerifyAlgKeyMismatch,
            VerifyResult::UnsupportedAlg => Code::VerifyUnsupportedAlg,
            VerifyResult::BadKey => Code::VerifyBadKey,
            VerifyResult::UnverifiableNonce => Code::VerifyUnverifiableNonce,
            VerifyResult::Unsigned => Code::VerifyUnsigned,
        }
    }

    fn severity(self) -> Severity {
        match self {
            VerifyResult::Valid => Severity::Info,
            VerifyResult::UnverifiableNonce => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// How the key was chosen from what was pasted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectedBy {
    /// The token's `kid` matched the key's.
    Kid,
    /// The token's `x5t` matched the key's `x5t` or its certificate's SHA-1 thumbprint.
    X5t,
    /// The token's `x5t#S256` matched.
    X5tS256,
    /// Only one key was pasted.
    OnlyKey,
    /// The token names no key, so every key of a fitting type was tried.
    TriedAll,
}

impl SelectedBy {
    pub fn words(self) -> &'static str {
        match self {
            SelectedBy::Kid => "chosen by the token's kid",
            SelectedBy::X5t => "chosen by the token's x5t (certificate thumbprint)",
            SelectedBy::X5tS256 => "chosen by the token's x5t#S256 (certificate thumbprint)",
            SelectedBy::OnlyKey => "the only key pasted",
            SelectedBy::TriedAll => "found by trying every key, as the token names none",
        }
    }
}

/// The key a result is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyUsed {
    /// "RSA 2048-bit", "EC P-256", "Ed25519", "HMAC secret".
    pub kind: String,
    pub selected_by: SelectedBy,
    pub kid: Option<String>,
    /// The key's `x5t`, stated or computed from its certificate.
    pub x5t: Option<String>,
    /// Position in the pasted key set (0-based), for sets and PEM bundles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The certificate's subject common name, when the key came with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The certificate's notAfter, when the key came with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_after: Option<String>,
    /// How a secret's text was read when it verified ("UTF-8", "base64", …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_encoding: Option<&'static str>,
}

/// The verification result, as the report shows it and `--json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub result: VerifyResult,
    /// The token's `alg`.
    pub algorithm: Option<String>,
    /// One sentence for a headline.
    pub summary: String,
    /// What the pasted key text was, when it could be read.
    pub key_source: Option<KeySource>,
    pub key: Option<KeyUsed>,
    /// The `kid`s the pasted set holds, when none matched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub available_kids: Vec<String>,
    /// Where the issuer publishes its keys (Entra ID), for the user to open and paste.
    pub keys_url: Option<String>,
}

/// A JWS algorithm this module verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Alg {
    Rs(Hash),
    Ps(Hash),
    Es(Curve),
    EdDsa,
    Hs(Hash),
}

fn parse_alg(name: &str) -> Option<Alg> {
    Some(match name {
        "RS256" => Alg::Rs(Hash::Sha256),
        "RS384" => Alg::Rs(Hash::Sha384),
        "RS512" => Alg::Rs(Hash::Sha512),
        "PS256" => Alg::Ps(Hash::Sha256),
        "PS384" => Alg::Ps(Hash::Sha384),
        "PS512" => Alg::Ps(Hash::Sha512),
        "ES256" => Alg::Es(Curve::P256),
        "ES384" => Alg::Es(Curve::P384),
        "ES512" => Alg::Es(Curve::P521),
        "EdDSA" | "Ed25519" => Alg::EdDsa,
        "HS256" => Alg::Hs(Hash::Sha256),
        "HS384" => Alg::Hs(Hash::Sha384),
        "HS512" => Alg::Hs(Hash::Sha512),
        _ => return None,
    })
}

/// What one key says about the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
enum KeyVerdict {
    /// Verified; for secrets, the reading that did.
    Valid(Option<&'static str>),
    Invalid,
    /// The key's type (or its JWK `alg`) may not verify this algorithm; the reason.
    Mismatch(String),
    /// The key could not be read; the reason.
    Bad(String),
}

fn check(alg_name: &str, alg: Alg, candidate: &Candidate, input: &[u8], sig: &[u8]) -> KeyVerdict {
    let material = match &candidate.material {
        Ok(m) => m,
        Err(e) => return KeyVerdict::Bad(e.clone()),
    };
    if let Some(restricted) = candidate.alg.as_deref().filter(|a| *a != alg_name) {
        return KeyVerdict::Mismatch(format!(
            "the JWK says it is for {restricted} only (its \"alg\" member), and the token uses {alg_name}"
        ));
    }
    let verified = match (alg, material) {
        (Alg::Rs(h), Material::Rsa(k)) => k.verify_pkcs1v15(h, input, sig),
        (Alg::Ps(h), Material::Rsa(k)) => k.verify_pss(h, input, sig),
        (Alg::Es(curve), Material::Ec(k)) if k.curve == curve => k.verify(input, sig),
        (Alg::Es(curve), Material::Ec(k)) => {
            return KeyVerdict::Mismatch(format!(
                "{alg_name} needs a {} key, and this key is on {}",
                curve.name(),
                k.curve.name()
            ))
        }
        (Alg::EdDsa, Material::Ed25519(k)) => k.verify(input, sig),
        (Alg::Hs(h), Material::Secret(forms)) => {
            return forms
                .iter()
                .find(|f| h.hmac_verify(&f.bytes, input, sig))
                .map_or(KeyVerdict::Invalid, |f| KeyVerdict::Valid(Some(f.encoding)))
        }
        (Alg::Hs(_), m) => {
            return KeyVerdict::Mismatch(format!(
                "{alg_name} is an HMAC algorithm, which needs the shared secret; this is a public {} key. \
                 Using a public key as an HMAC secret is the algorithm-confusion attack: anyone holding \
                 the public key could forge such tokens, so the inspector refuses it",
                m.describe()
            ))
        }
        (_, Material::Secret(_)) => {
            return KeyVerdict::Mismatch(format!(
                "{alg_name} is a public-key algorithm; a shared secret cannot verify it (only HS256/384/512)"
            ))
        }
        (_, m) => {
            return KeyVerdict::Mismatch(format!(
                "a {} key verifies only {}, and the token uses {alg_name}",
                m.describe(),
                m.allowed()
            ))
        }
    };
    if verified {
        KeyVerdict::Valid(None)
    } else {
        KeyVerdict::Invalid
    }
}

/// The token's header members that name its key.
struct KeyHints<'a> {
    kid: Option<&'a str>,
    x5t: Option<&'a str>,
    x5t_s256: Option<&'a str>,
}

/// Picks the keys to try: by `kid`, then `x5t`, then `x5t#S256`; all of them when the token names
/// none; `None` when it names one the set does not hold.
fn select<'a>(set: &'a KeySet, hints: &KeyHints<'_>) -> Option<(Vec<&'a Candidate>, SelectedBy)> {
    let all: Vec<&Candidate> = set.candidates.iter().collect();
    // One key pasted on its own is tried whatever its kid (the finding says when the kids differ);
    // a key set is a set, even of one: its key must match the token's kid when both have one.
    let other_kid =
        |c: &&Candidate| matches!((hints.kid, c.kid.as_deref()), (Some(t), Some(k)) if t != k);
    if all.len() == 1 && !(set.source == KeySource::Jwks && all.iter().any(other_kid)) {
        return Some((all, SelectedBy::OnlyKey));
    }
    let pick = |f: &dyn Fn(&Candidate) -> bool| -> Vec<&'a Candidate> {
        set.candidates.iter().filter(|c| f(c)).collect()
    };
    if let Some(kid) = hints.kid {
        let found = pick(&|c| c.kid.as_deref() == Some(kid));
        if !found.is_empty() {
            return Some((found, SelectedBy::Kid));
        }
    }
    if let Some(x5t) = hints.x5t {
        let found = pick(&|c| c.has_x5t(x5t));
        if !found.is_empty() {
            return Some((found, SelectedBy::X5t));
        }
    }
    if let Some(t) = hints.x5t_s256 {
        let found = pick(&|c| c.has_x5t_s256(t));
        if !found.is_empty() {
            return Some((found, SelectedBy::X5tS256));
        }
    }
    if hints.kid.is_some() || hints.x5t.is_some() || hints.x5t_s256.is_some() || all.is_empty() {
        return None;
    }
    Some((all, SelectedBy::TriedAll))
}

fn key_used(c: &Candidate, by: SelectedBy, secret_encoding: Option<&'static str>) -> KeyUsed {
    KeyUsed {
        kind: c
            .material
            .as_ref()
            .map_or_else(|_| "unreadable key".to_string(), Material::describe),
        selected_by: by,
        kid: c.kid.clone(),
        x5t: c.x5t.clone().or_else(|| c.cert_x5t.clone()),
        index: c.index,
        subject: c.subject.clone(),
        not_after: c.not_after.clone(),
        secret_encoding,
    }
}

/// Everything needed to phrase the finding.
struct Evaluation {
    outcome: VerifyResult,
    key: Option<KeyUsed>,
    key_source: Option<KeySource>,
    /// Why (for invalid, mismatch, bad key, unsupported).
    reason: String,
    available_kids: Vec<String>,
}

impl Evaluation {
    fn new(outcome: VerifyResult, reason: impl Into<String>) -> Evaluation {
        Evaluation {
            outcome,
            key: None,
            key_source: None,
            reason: reason.into(),
            available_kids: Vec::new(),
        }
    }
}

/// Verifies `token`'s signature with the key material in `key_text`.
pub fn verify(token: &TokenReport, key_text: &str) -> (Verification, Vec<Finding>) {
    let header = token.header.as_ref().and_then(Value::as_object);
    let hint = |name: &str| header.and_then(|h| h.get(name)).and_then(Value::as_str);
    let hints = KeyHints {
        kid: hint("kid"),
        x5t: hint("x5t"),
        x5t_s256: hint("x5t#S256"),
    };
    let keys_url = token.entra.as_ref().and_then(|e| e.jwks_uri.clone());
    let alg_name = token.alg.clone();
    let mut result = evaluate(token, key_text, &hints);
    let has_nonce = header.is_some_and(|h| h.contains_key("nonce"));
    if result.outcome == VerifyResult::Invalid && has_nonce {
        result.outcome = VerifyResult::UnverifiableNonce;
    }
    let finding = phrase(
        &result,
        alg_name.as_deref(),
        &hints,
        keys_url.as_deref(),
        token,
    );
    let verification = Verification {
        result: result.outcome,
        algorithm: alg_name,
        summary: finding.title.clone(),
        key_source: result.key_source,
        key: result.key,
        available_kids: result.available_kids,
        keys_url,
    };
    (verification, vec![finding])
}

fn evaluate(token: &TokenReport, key_text: &str, hints: &KeyHints<'_>) -> Evaluation {
    if token.form == Form::Jwe {
        return Evaluation::new(
            VerifyResult::UnsupportedAlg,
            "This is an encrypted token (JWE): it has no signature to check, only the recipient's \
             private key can decrypt it, and the inspector does not decrypt.",
        );
    }
    let Some(alg_name) = token.alg.as_deref() else {
        return Evaluation::new(
            VerifyResult::UnsupportedAlg,
            if token.header.is_some() {
                "The header has no \"alg\", so there is no algorithm to verify with."
            } else {
                "The header could not be decoded, so the algorithm is unknown."
            },
        );
    };
    if alg_name == "none" || token.form == Form::Unsecured {
        return Evaluation::new(VerifyResult::Unsigned, "");
    }
    let Some(alg) = parse_alg(alg_name) else {
        let known = crate::token::catalog::algorithm(alg_name)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        return Evaluation::new(
            VerifyResult::UnsupportedAlg,
            format!(
                "The token's alg is \"{alg_name}\"{known}. The inspector verifies RS256/384/512, \
                 PS256/384/512, ES256/384/512, EdDSA (Ed25519) and HS256/384/512."
            ),
        );
    };
    let (Some(header_part), Some(payload_part), Some(sig_part), None) = (
        token.parts.first(),
        token.parts.get(1),
        token.parts.get(2),
        token.parts.get(3),
    ) else {
        return Evaluation::new(
            VerifyResult::Invalid,
            format!(
                "A signed token has three parts (header.payload.signature); this one has {}.",
                token.parts.len()
            ),
        );
    };
    let decoded = base64url::decode(&sig_part.text);
    if let Some(e) = decoded.error {
        return Evaluation::new(VerifyResult::Invalid, e.describe("signature"));
    }
    if decoded.bytes.is_empty() {
        return Evaluation::new(
            VerifyResult::Invalid,
            "The signature part is empty: the token was cut before its signature.",
        );
    }
    let signing_input = format!("{}.{}", header_part.text, payload_part.text);

    let set = match keys::parse(key_text) {
        Ok(set) => set,
        Err(e) => return Evaluation::new(VerifyResult::BadKey, e),
    };
    let source = Some(set.source);
    let Some((selected, by)) = select(&set, hints) else {
        let mut kids: Vec<String> = Vec::new();
        for kid in set.candidates.iter().filter_map(|c| c.kid.clone()) {
            if !kids.contains(&kid) {
                kids.push(kid);
            }
        }
        let mut r = Evaluation::new(VerifyResult::NoMatchingKey, "");
        r.key_source = source;
        r.available_kids = kids;
        return r;
    };

    let mut first_invalid = None;
    let mut first_mismatch = None;
    let mut first_bad = None;
    for candidate in selected {
        match check(
            alg_name,
            alg,
            candidate,
            signing_input.as_bytes(),
            &decoded.bytes,
        ) {
            KeyVerdict::Valid(encoding) => {
                let mut r = Evaluation::new(VerifyResult::Valid, "");
                r.key = Some(key_used(candidate, by, encoding));
                r.key_source = source;
                return r;
            }
            KeyVerdict::Invalid => {
                first_invalid.get_or_insert(candidate);
            }
            KeyVerdict::Mismatch(why) => {
                first_mismatch.get_or_insert((candidate, why));
            }
            KeyVerdict::Bad(why) => {
                first_bad.get_or_insert((candidate, why));
            }
        }
    }
    let mut r = if let Some(c) = first_invalid {
        let mut r = Evaluation::new(VerifyResult::Invalid, invalid_reason(token, c, hints));
        r.key = Some(key_used(c, by, None));
        r
    } else if let Some((c, why)) = first_mismatch {
        let mut r = Evaluation::new(VerifyResult::AlgKeyMismatch, why);
        r.key = Some(key_used(c, by, None));
        r
    } else if let Some((c, why)) = first_bad {
        let mut r = Evaluation::new(VerifyResult::BadKey, why);
        r.key = Some(key_used(c, by, None));
        r
    } else {
        Evaluation::new(VerifyResult::NoMatchingKey, "")
    };
    r.key_source = source;
    r
}

/// The likeliest reasons a signature failed, most specific first.
fn invalid_reason(token: &TokenReport, c: &Candidate, hints: &KeyHints<'_>) -> String {
    let mut why = Vec::new();
    if let (Some(token_kid), Some(key_kid)) = (hints.kid, c.kid.as_deref()) {
        if token_kid != key_kid {
            why.push(format!(
                "The key's kid is \"{key_kid}\" but the token names \"{token_kid}\": this is probably not the key that signed it."
            ));
        }
    }
    let reencoded = token.parts.iter().any(|p| p.text.contains(['+', '/', '=']));
    if reencoded {
        why.push(
            "The token was re-encoded (standard base64 or padding): the signature covers the \
             original base64url text, so a re-encoded token cannot verify even when unchanged."
                .to_string(),
        );
    }
    if why.is_empty() {
        why.push(
            "Either the token was changed after it was signed (even one character), or it was \
             signed with a different key."
                .to_string(),
        );
    }
    why.join(" ")
}

fn key_name(key: Option<&KeyUsed>) -> String {
    match key {
        Some(k) => match (&k.kid, k.index) {
            (Some(kid), _) => format!("{} key \"{kid}\"", k.kind),
            (None, Some(i)) => format!("{} key #{}", k.kind, i + 1),
            (None, None) => format!("{} key", k.kind),
        },
        None => "key".to_string(),
    }
}

fn where_keys_live(keys_url: Option<&str>) -> String {
    match keys_url {
        Some(url) => format!(
            "The issuer publishes its signing keys at {url} (the jwks_uri of its OpenID \
             configuration). Open it in a browser, copy the whole JSON and paste it as the key: \
             the inspector picks the key by kid. Nothing is fetched by the inspector itself."
        ),
        None => "Paste the issuer's public key, certificate or key set (JWKS); for OpenID \
                 providers it is at the jwks_uri of /.well-known/openid-configuration."
            .to_string(),
    }
}

fn phrase(
    r: &Evaluation,
    alg: Option<&str>,
    hints: &KeyHints<'_>,
    keys_url: Option<&str>,
    token: &TokenReport,
) -> Finding {
    let alg_text = alg.unwrap_or("?");
    let key = key_name(r.key.as_ref());
    let source = r.key_source.map_or("key", KeySource::label);
    let code = r.outcome.code();
    let f = |title: String| Finding::new(r.outcome.severity(), code, title);
    match r.outcome {
        VerifyResult::Valid => {
            let k = r.key.as_ref();
            let mut detail = format!(
                "The {alg_text} signature verifies with the {key} from the pasted {source} ({}).",
                k.map_or("", |k| k.selected_by.words())
            );
            if let Some(enc) = k.and_then(|k| k.secret_encoding) {
                detail.push_str(&format!(" The secret was read as {enc}."));
            }
            if let Some(subject) = k.and_then(|k| k.subject.as_deref()) {
                detail.push_str(&format!(" Its certificate is for {subject}"));
                match k.and_then(|k| k.not_after.as_deref()) {
                    Some(t) => detail.push_str(&format!(", valid until {t}.")),
                    None => detail.push('.'),
                }
            }
            detail.push_str(
                " This proves who signed the token and that it is unchanged; whether an API \
                 accepts it still depends on its issuer, audience and lifetime, shown in this report.",
            );
            f(format!("Signature valid ({alg_text}, {key})")).detail(detail)
        }
        VerifyResult::Invalid => f(format!("Signature does not verify ({alg_text}, {key})"))
            .detail(r.reason.clone())
            .fix(format!(
                "Copy the token again, whole and unchanged, and check it is the key that signed it. {}",
                where_keys_live(keys_url)
            )),
        VerifyResult::UnverifiableNonce => f(format!(
            "Signature does not verify, as expected for a token with a nonce header ({alg_text}, {key})"
        ))
        .detail(
            "The header carries a nonce: Entra ID issues such tokens for Microsoft Graph and other \
             first-party APIs, and signs them over a transformed header, so the signature fails \
             standard verification with the right key. That is by design, not a forged or broken \
             token: only the API it was issued for validates it.",
        )
        .fix(
            "Don't validate Graph tokens yourself. If your own API must validate tokens, request a \
             token for its App ID URI (or client ID) instead: those carry no nonce and verify.",
        ),
        VerifyResult::NoMatchingKey => {
            let named = [
                hints.kid.map(|k| format!("kid \"{k}\"")),
                hints.x5t.filter(|x| Some(*x) != hints.kid).map(|x| format!("x5t \"{x}\"")),
                hints.x5t_s256.map(|x| format!("x5t#S256 \"{x}\"")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
            let held = if r.available_kids.is_empty() {
                "The pasted set holds no key with a kid.".to_string()
            } else {
                format!("The pasted set holds: {}.", r.available_kids.join(", "))
            };
            let entra = if token.entra.is_some() {
                " Entra ID rolls its signing keys over regularly: a key set copied at another time, \
                 from another tenant or cloud, or the default set for an app that has its own \
                 signing key (its jwks_uri then ends in ?appid=<client id>) can lack the token's key."
            } else {
                ""
            };
            f(format!("No pasted key matches the token's {named}"))
                .detail(format!("{held}{entra}"))
                .fix(where_keys_live(keys_url))
        }
        VerifyResult::AlgKeyMismatch => f(format!("This key cannot verify {alg_text} ({key})"))
            .detail(format!(
                "The key's type decides which algorithms it may verify: {}.",
                r.reason
            ))
            .fix(format!(
                "Paste the key the token's issuer signs {alg_text} tokens with. {}",
                where_keys_live(keys_url)
            )),
        VerifyResult::UnsupportedAlg => f(format!("Cannot verify alg \"{alg_text}\""))
            .detail(r.reason.clone()),
        VerifyResult::BadKey => f("The pasted key cannot be used".to_string())
            .detail(format!("{}.", capitalise(r.reason.trim_end_matches('.'))))
            .fix(format!(
                "Paste a PEM public key or certificate, a base64 certificate (x5c), a JWK or JWKS, or the HMAC secret. {}",
                where_keys_live(keys_url)
            )),
        VerifyResult::Unsigned => f("Unsigned token (alg: none): nothing to verify".to_string())
            .detail(
                "The header says alg \"none\": the token carries no signature, so no key can \
                 verify it and it proves nothing about who made it. It is never valid.",
            )
            .fix("Treat the token as forged; no Azure service accepts unsigned tokens."),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
