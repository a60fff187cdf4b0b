//! Offline signature verification with pasted keys.
//!
//! [`verify`] takes a decoded token and the text of the key panel (or `mi-inspect verify --key`):
//! it reads the key material (`keys`), picks the key by the token's `kid`, then `x5t` (`choose`),
//! sets aside keys whose JWK says they are not for signatures, refuses to guess in an ambiguous
//! set, lets the key's type decide which algorithms it may verify (so an RS256 token is never
//! checked as HMAC with a public key, and `alg: none` is never valid), verifies, and explains the
//! result as one `verify.*` finding plus a [`Verification`] summary for the report (`prose`).
//!
//! A matching signature is `valid` only when the token as sent is canonical base64url
//! (`canonical`); otherwise it is `noncanonical`. A weak key (`strength`) or an ambiguous key set
//! is a caveat beside the result, so that "Signature valid" without caveats is a verdict nobody
//! can dispute ([`Verification::proves_signature`]). Nothing is fetched: for Entra ID tokens the
//! result names the `jwks_uri` the user can open and paste.
//!
//! The arithmetic (`bignum`, `rsa`, `ecdsa`, `ed25519`) is small, variable-time code written for
//! verification only: every input to a verifier is public. Hashes and HMAC (constant-time
//! comparison) come from RustCrypto's `sha1`, `sha2` and `hmac` crates.

pub mod bignum;
pub mod canonical;
mod choose;
pub(crate) mod der;
pub(crate) mod ecdsa;
pub(crate) mod ed25519;
pub mod hash;
pub mod keys;
mod prose;
pub(crate) mod rsa;
pub(crate) mod strength;
pub mod wire;

use serde::Serialize;
use serde_json::Value;

use crate::input::base64url;
use crate::model::Code;
use crate::model::{Finding, Severity};
use crate::token::{Form, TokenReport};
use canonical::NoncanonicalPart;
use choose::KeyHints;
use ecdsa::Curve;
use hash::Hash;
use keys::{Ambiguity, KeySource};

/// The verdict, one per `verify.*` code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyResult {
    Valid,
    /// The signature matches, but only a repaired or leniently read token: not the token as sent.
    Noncanonical,
    Invalid,
    NoMatchingKey,
    /// The only keys that could be chosen say they are not for signatures (`use`, `key_ops`).
    KeyNotForSigning,
    /// The set has duplicate kids or mixes secrets with public keys, and more than one of its keys
    /// could verify the token: the inspector does not pick one.
    AmbiguousKeySet,
    AlgKeyMismatch,
    UnsupportedAlg,
    BadKey,
    UnverifiableNonce,
    Unsigned,
}

impl VerifyResult {
    /// Every verdict (what the page reads back from its second module is one of them).
    pub const ALL: &'static [VerifyResult] = &[
        VerifyResult::Valid,
        VerifyResult::Noncanonical,
        VerifyResult::Invalid,
        VerifyResult::NoMatchingKey,
        VerifyResult::KeyNotForSigning,
        VerifyResult::AmbiguousKeySet,
        VerifyResult::AlgKeyMismatch,
        VerifyResult::UnsupportedAlg,
        VerifyResult::BadKey,
        VerifyResult::UnverifiableNonce,
        VerifyResult::Unsigned,
    ];

    pub fn code(self) -> Code {
        match self {
            VerifyResult::Valid => Code::VerifyValid,
            VerifyResult::Noncanonical => Code::VerifyNoncanonical,
            VerifyResult::Invalid => Code::VerifyInvalid,
            VerifyResult::NoMatchingKey => Code::VerifyNoMatchingKey,
            VerifyResult::KeyNotForSigning => Code::VerifyKeyNotForSigning,
            VerifyResult::AmbiguousKeySet => Code::VerifyAmbiguousKeySet,
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
            VerifyResult::Noncanonical | VerifyResult::UnverifiableNonce => Severity::Warning,
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
    /// Every way of choosing (what the page reads back from its second module is one of them).
    pub const ALL: &'static [SelectedBy] = &[
        SelectedBy::Kid,
        SelectedBy::X5t,
        SelectedBy::X5tS256,
        SelectedBy::OnlyKey,
        SelectedBy::TriedAll,
    ];

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
    /// How a secret's text was read when it verified ("UTF-8", "base64", …: one of
    /// [`keys::SECRET_ENCODINGS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_encoding: Option<&'static str>,
}

/// A key of the pasted set that was not tried because its JWK says it is not for signatures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedKey {
    /// Position in the pasted key set (0-based), for sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    pub kid: Option<String>,
    /// What its `use` or `key_ops` says ("its \"use\" is \"enc\" (encryption), not \"sig\"").
    pub reason: String,
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
    /// Warnings that qualify the result (`verify.weak-key`, `verify.ambiguous-key-set`): a valid
    /// signature with any of them proves less than it seems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<Code>,
    /// For `noncanonical`: what a strict reading finds wrong with the token as sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noncanonical: Vec<NoncanonicalPart>,
    /// Keys of the set that were not tried because they are not for signatures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped_keys: Vec<SkippedKey>,
}

impl Verification {
    /// Whether the signature is valid over the token as sent, with a key that is neither weak nor
    /// an arbitrary pick from an ambiguous set: the one verdict `mi-inspect verify` exits 0 for.
    pub fn proves_signature(&self) -> bool {
        self.result == VerifyResult::Valid && self.caveats.is_empty()
    }
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

/// Everything needed to phrase the findings. What the check of a signature gives is read back
/// from the page's second module ([`wire`]); `noncanonical` is found where the token is.
#[derive(Serialize)]
struct Evaluation {
    outcome: VerifyResult,
    key: Option<KeyUsed>,
    key_source: Option<KeySource>,
    /// Why (for invalid, mismatch, bad key, unsupported, not for signing).
    reason: String,
    available_kids: Vec<String>,
    /// For `noncanonical`: what is not canonical in the token as sent.
    #[serde(skip)]
    noncanonical: Vec<NoncanonicalPart>,
    /// Why the key that verified is weak.
    weaknesses: Vec<strength::Weakness>,
    /// How the pasted set is ambiguous, if it is.
    ambiguity: Option<Ambiguity>,
    /// In an ambiguous set: why the key used was still the one choice.
    choice: Option<String>,
    /// For `ambiguous_key_set`: the keys that could each have verified.
    contenders: Vec<KeyUsed>,
    skipped: Vec<SkippedKey>,
}

impl Evaluation {
    fn new(outcome: VerifyResult, reason: impl Into<String>) -> Evaluation {
        Evaluation {
            outcome,
            key: None,
            key_source: None,
            reason: reason.into(),
            available_kids: Vec::new(),
            noncanonical: Vec::new(),
            weaknesses: Vec::new(),
            ambiguity: None,
            choice: None,
            contenders: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The codes of the warnings that qualify the result.
    fn caveats(&self) -> Vec<Code> {
        let mut codes = Vec::new();
        if !self.weaknesses.is_empty() {
            codes.push(Code::VerifyWeakKey);
        }
        if self.ambiguity.is_some() && self.outcome != VerifyResult::AmbiguousKeySet {
            codes.push(Code::VerifyAmbiguousKeySet);
        }
        codes
    }
}

/// Checks a signature in the page's second module: its `verify` export, which reads a request
/// that [`wire`] writes and answers with [`wire::answer`]; `None` when the module is not there
/// (yet) to ask.
pub type Checker = fn(&str) -> Option<String>;

/// Verifies `token`'s signature with the key material in `key_text`, in place.
pub fn verify(token: &TokenReport, key_text: &str) -> (Verification, Vec<Finding>) {
    let hints = hints_of(token);
    let result = evaluate(token, |signed| Some(check(signed, key_text, &hints)))
        // The check above always answers.
        .unwrap_or_else(|| Evaluation::new(VerifyResult::BadKey, ""));
    finish(token, &hints, result)
}

/// [`verify`], with the key read and the signature checked by `checker` (the page's second
/// module); everything else, the findings' words included, is made here. `None` when the
/// checker does not answer: a token that has nothing to check is refused without asking it.
pub fn verify_by(
    token: &TokenReport,
    key_text: &str,
    checker: Checker,
) -> Option<(Verification, Vec<Finding>)> {
    let hints = hints_of(token);
    let result = evaluate(token, |signed| {
        wire::read_answer(&checker(&wire::request(signed, key_text, &hints))?)
    })?;
    Some(finish(token, &hints, result))
}

/// The key the token's header names: its `kid`, `x5t` and `x5t#S256`.
fn hints_of(token: &TokenReport) -> KeyHints<'_> {
    let header = token.header.as_ref().and_then(Value::as_object);
    let hint = |name: &str| header.and_then(|h| h.get(name)).and_then(Value::as_str);
    KeyHints {
        kid: hint("kid"),
        x5t: hint("x5t"),
        x5t_s256: hint("x5t#S256"),
    }
}

/// The verification and its findings, from what the check found.
fn finish(
    token: &TokenReport,
    hints: &KeyHints<'_>,
    mut result: Evaluation,
) -> (Verification, Vec<Finding>) {
    let header = token.header.as_ref().and_then(Value::as_object);
    let keys_url = token.entra.as_ref().and_then(|e| e.jwks_uri.clone());
    let alg_name = token.alg.clone();
    let has_nonce = header.is_some_and(|h| h.contains_key("nonce"));
    if result.outcome == VerifyResult::Invalid && has_nonce {
        result.outcome = VerifyResult::UnverifiableNonce;
    }
    let context = prose::Context {
        alg: alg_name.as_deref(),
        hints,
        keys_url: keys_url.as_deref(),
        token,
    };
    let mut findings = vec![prose::result(&result, &context)];
    findings.extend(prose::caveats(&result, &context));
    let verification = Verification {
        result: result.outcome,
        algorithm: alg_name,
        summary: findings
            .first()
            .map(|f| f.title.clone())
            .unwrap_or_default(),
        key_source: result.key_source,
        caveats: result.caveats(),
        key: result.key,
        available_kids: result.available_kids,
        keys_url,
        noncanonical: result.noncanonical,
        skipped_keys: result.skipped,
    };
    (verification, findings)
}

/// What a signed token gives the verifier: its algorithm, signing input and signature bytes.
struct Signed<'t> {
    alg_name: &'t str,
    alg: Alg,
    input: String,
    signature: Vec<u8>,
    /// The signature as the token has it (base64url), to send where it is checked.
    signature_text: &'t str,
}

/// What `token`'s signature check finds: a refusal when there is nothing to check (no signature,
/// no known algorithm), else what `check` says of its signed parts, and whether the token as
/// sent is canonical. `None` when `check` does not answer.
fn evaluate(
    token: &TokenReport,
    check: impl FnOnce(&Signed<'_>) -> Option<Evaluation>,
) -> Option<Evaluation> {
    let signed = match signed_parts(token) {
        Ok(s) => s,
        Err((outcome, reason)) => return Some(Evaluation::new(outcome, reason)),
    };
    let mut r = check(&signed)?;
    if r.outcome == VerifyResult::Valid {
        r.noncanonical = canonical::problems(token);
        if !r.noncanonical.is_empty() {
            r.outcome = VerifyResult::Noncanonical;
        }
    }
    Some(r)
}

/// The check itself: the key text read, the key chosen, the signature checked with it (the part
/// of verification the page's second module makes).
fn check(signed: &Signed<'_>, key_text: &str, hints: &KeyHints<'_>) -> Evaluation {
    let set = match keys::parse(key_text) {
        Ok(set) => set,
        Err(e) => return Evaluation::new(VerifyResult::BadKey, e),
    };
    let ambiguity = set.ambiguity();
    let mut r = choose::choose_and_check(signed, &set, hints, ambiguity.is_some());
    r.key_source = Some(set.source);
    r.ambiguity = ambiguity;
    r
}

/// Why there is nothing to verify: the result and its reason.
type Refusal = (VerifyResult, String);

fn refusal(outcome: VerifyResult, reason: impl Into<String>) -> Refusal {
    (outcome, reason.into())
}

/// The signed parts of `token`, or the result that says why there is nothing to verify.
fn signed_parts(token: &TokenReport) -> Result<Signed<'_>, Refusal> {
    if token.form == Form::Jwe {
        return Err(refusal(
            VerifyResult::UnsupportedAlg,
            "This is an encrypted token (JWE): it has no signature to check, only the recipient's \
             private key can decrypt it, and the inspector does not decrypt.",
        ));
    }
    let Some(alg_name) = token.alg.as_deref() else {
        return Err(refusal(
            VerifyResult::UnsupportedAlg,
            if token.header.is_some() {
                "The header has no \"alg\", so there is no algorithm to verify with."
            } else {
                "The header could not be decoded, so the algorithm is unknown."
            },
        ));
    };
    if alg_name == "none" || token.form == Form::Unsecured {
        return Err(refusal(VerifyResult::Unsigned, ""));
    }
    let Some(alg) = parse_alg(alg_name) else {
        let known = crate::token::catalog::algorithm(alg_name)
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        return Err(refusal(
            VerifyResult::UnsupportedAlg,
            format!(
                "The token's alg is \"{alg_name}\"{known}. The inspector verifies RS256/384/512, \
                 PS256/384/512, ES256/384/512, EdDSA (Ed25519) and HS256/384/512."
            ),
        ));
    };
    let (Some(header_part), Some(payload_part), Some(sig_part), None) = (
        token.parts.first(),
        token.parts.get(1),
        token.parts.get(2),
        token.parts.get(3),
    ) else {
        return Err(refusal(
            VerifyResult::Invalid,
            format!(
                "A signed token has three parts (header.payload.signature); this one has {}.",
                token.parts.len()
            ),
        ));
    };
    let decoded = base64url::decode(&sig_part.text);
    if let Some(e) = decoded.error {
        return Err(refusal(VerifyResult::Invalid, e.describe("signature")));
    }
    if decoded.bytes.is_empty() {
        return Err(refusal(
            VerifyResult::Invalid,
            "The signature part is empty: the token was cut before its signature.",
        ));
    }
    Ok(Signed {
        alg_name,
        alg,
        input: format!("{}.{}", header_part.text, payload_part.text),
        signature: decoded.bytes,
        signature_text: &sig_part.text,
    })
}
