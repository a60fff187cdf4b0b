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

use serde::Serialize;
use serde_json::{json, Value};

use super::choose::KeyHints;
use super::hash::Hash;
use super::keys::{Ambiguity, KeySource, SECRET_ENCODINGS};
use super::strength::Weakness;
use super::{check, parse_alg, Evaluation, KeyUsed, SelectedBy, Signed, SkippedKey, VerifyResult};
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

/// The page's side: what the module found, or `None` when its answer cannot be read. Read by
/// hand from a `Value` (the page's one JSON reader): serde's derived readers cost the page's wasm
/// 11 KiB gzip, more than the rest of this boundary.
pub(super) fn read_answer(answer: &str) -> Option<Evaluation> {
    let value: Value = serde_json::from_slice(answer.as_bytes()).ok()?;
    evaluation(&value)
}

fn evaluation(v: &Value) -> Option<Evaluation> {
    Some(Evaluation {
        outcome: one_of(VerifyResult::ALL, v.get("outcome")?)?,
        key: optional(v, "key", key_used)?,
        key_source: optional(v, "key_source", |s| one_of(KeySource::ALL, s))?,
        reason: v.get("reason")?.as_str()?.to_string(),
        available_kids: list(v, "available_kids", text)?,
        noncanonical: Vec::new(),
        weaknesses: list(v, "weaknesses", weakness)?,
        ambiguity: optional(v, "ambiguity", |a| {
            Some(Ambiguity {
                duplicate_kids: list(a, "duplicate_kids", text)?,
                mixes_secrets: a.get("mixes_secrets")?.as_bool()?,
            })
        })?,
        choice: optional(v, "choice", text)?,
        contenders: list(v, "contenders", key_used)?,
        skipped: list(v, "skipped", |k| {
            Some(SkippedKey {
                index: optional(k, "index", count)?,
                kid: optional(k, "kid", text)?,
                reason: text(k.get("reason")?)?,
            })
        })?,
    })
}

fn key_used(k: &Value) -> Option<KeyUsed> {
    Some(KeyUsed {
        kind: text(k.get("kind")?)?,
        selected_by: one_of(SelectedBy::ALL, k.get("selected_by")?)?,
        kid: optional(k, "kid", text)?,
        x5t: optional(k, "x5t", text)?,
        index: optional(k, "index", count)?,
        subject: optional(k, "subject", text)?,
        not_after: optional(k, "not_after", text)?,
        secret_encoding: optional(k, "secret_encoding", |e| {
            let name = e.as_str()?;
            SECRET_ENCODINGS
                .iter()
                .copied()
                .find(|known| *known == name)
        })?,
    })
}

/// A weakness as serde writes an enum: `"Roca"`, or `{"SmallRsa": {"bits": 1024}}`.
fn weakness(w: &Value) -> Option<Weakness> {
    if w.as_str() == Some("Roca") {
        return Some(Weakness::Roca);
    }
    if let Some(small) = w.get("SmallRsa") {
        return Some(Weakness::SmallRsa {
            bits: count(small.get("bits")?)?,
        });
    }
    let short = w.get("ShortSecret")?;
    Some(Weakness::ShortSecret {
        len: count(short.get("len")?)?,
        hash: one_of(Hash::ALL, short.get("hash")?)?,
    })
}

/// The one of `all` that serialises as `v`.
fn one_of<T: Serialize + Copy>(all: &[T], v: &Value) -> Option<T> {
    all.iter()
        .copied()
        .find(|candidate| serde_json::to_value(candidate).ok().as_ref() == Some(v))
}

/// The member `name` of `v` read by `read`: `Some(None)` when it is absent or null, `None` when
/// it is there and cannot be read.
fn optional<T>(v: &Value, name: &str, read: impl Fn(&Value) -> Option<T>) -> Option<Option<T>> {
    match v.get(name) {
        None | Some(Value::Null) => Some(None),
        Some(member) => read(member).map(Some),
    }
}

/// The array `name` of `v`, each item read by `read` (absent: empty).
fn list<T>(v: &Value, name: &str, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    match v.get(name) {
        None => Some(Vec::new()),
        Some(items) => items.as_array()?.iter().map(read).collect(),
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn count(v: &Value) -> Option<usize> {
    usize::try_from(v.as_u64()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize, full: bool) -> KeyUsed {
        KeyUsed {
            kind: format!("RSA {} -bit", 2048 + n),
            selected_by: SelectedBy::ALL[n % SelectedBy::ALL.len()],
            kid: full.then(|| format!("kid-{n}")),
            x5t: full.then(|| "x5t".to_string()),
            index: full.then_some(n),
            subject: full.then(|| "CN=accounts.accesscontrol.windows.net".to_string()),
            not_after: full.then(|| "2026-01-01T00:00:00Z".to_string()),
            secret_encoding: full.then(|| SECRET_ENCODINGS[n % SECRET_ENCODINGS.len()]),
        }
    }

    /// Every verdict, way of choosing, kind of key text, weakness, hash and secret encoding an
    /// answer can hold is read back as the module wrote it (the checks in tests/verify.rs meet
    /// only some of them).
    #[test]
    fn every_value_an_answer_can_hold_is_read_back() {
        for (n, outcome) in VerifyResult::ALL.iter().copied().enumerate() {
            let mut found = Evaluation::new(outcome, format!("reason {n}"));
            found.key = Some(key(n, n % 2 == 0));
            found.key_source = Some(KeySource::ALL[n % KeySource::ALL.len()]);
            found.available_kids = vec!["a".into(), "b".into()];
            found.weaknesses = vec![
                Weakness::SmallRsa { bits: 1024 + n },
                Weakness::Roca,
                Weakness::ShortSecret {
                    len: n,
                    hash: Hash::ALL[n % Hash::ALL.len()],
                },
            ];
            found.ambiguity = (n % 2 == 1).then(|| Ambiguity {
                duplicate_kids: vec!["dup".into()],
                mixes_secrets: n % 3 == 0,
            });
            found.choice = (n % 2 == 0).then(|| "the one RSA key".to_string());
            found.contenders = vec![key(n + 1, true), key(n + 2, false)];
            found.skipped = vec![SkippedKey {
                index: (n % 2 == 0).then_some(n),
                kid: Some("enc".into()),
                reason: "its \"use\" is \"enc\"".into(),
            }];
            let written = serde_json::to_value(&found).unwrap();
            let back = read_answer(&written.to_string()).expect("an answer read back");
            assert_eq!(serde_json::to_value(&back).unwrap(), written);
        }
    }

    /// Each `ALL` lists the variants once each, in order. A variant added to an enum stops these
    /// matches compiling; giving it its place there is the reminder to list it in `ALL` too.
    #[test]
    fn each_list_of_variants_is_whole() {
        fn place_of_result(r: VerifyResult) -> usize {
            use VerifyResult::*;
            match r {
                Valid => 0,
                Noncanonical => 1,
                Invalid => 2,
                NoMatchingKey => 3,
                KeyNotForSigning => 4,
                AmbiguousKeySet => 5,
                AlgKeyMismatch => 6,
                UnsupportedAlg => 7,
                BadKey => 8,
                UnverifiableNonce => 9,
                Unsigned => 10,
            }
        }
        fn place_of_choice(s: SelectedBy) -> usize {
            match s {
                SelectedBy::Kid => 0,
                SelectedBy::X5t => 1,
                SelectedBy::X5tS256 => 2,
                SelectedBy::OnlyKey => 3,
                SelectedBy::TriedAll => 4,
            }
        }
        fn place_of_source(s: KeySource) -> usize {
            match s {
                KeySource::Jwks => 0,
                KeySource::Jwk => 1,
                KeySource::PemPublicKey => 2,
                KeySource::PemRsaPublicKey => 3,
                KeySource::PemCertificate => 4,
                KeySource::Certificate => 5,
                KeySource::PublicKeyDer => 6,
                KeySource::Secret => 7,
            }
        }
        fn place_of_hash(h: Hash) -> usize {
            match h {
                Hash::Sha256 => 0,
                Hash::Sha384 => 1,
                Hash::Sha512 => 2,
            }
        }
        fn whole<T: Copy + PartialEq + std::fmt::Debug>(all: &[T], place: fn(T) -> usize) {
            let places: Vec<usize> = all.iter().map(|v| place(*v)).collect();
            assert_eq!(places, (0..all.len()).collect::<Vec<_>>(), "{all:?}");
        }
        whole(VerifyResult::ALL, place_of_result);
        whole(SelectedBy::ALL, place_of_choice);
        whole(KeySource::ALL, place_of_source);
        whole(Hash::ALL, place_of_hash);
    }
}
