//! Choosing the key and checking the signature with it: by the token's `kid`, then `x5t`, then
//! `x5t#S256` (every key when it names none); keys whose JWK says they are not for signatures are
//! set aside; in an ambiguous set only one key may fit; and the key's type decides which
//! algorithms it may verify.

use super::keys::{Candidate, KeySet, KeySource, Material};
use super::strength::{self, Weakness};
use super::{Alg, Evaluation, KeyUsed, SelectedBy, Signed, SkippedKey, VerifyResult};

/// The token's header members that name its key.
pub(super) struct KeyHints<'a> {
    pub kid: Option<&'a str>,
    pub x5t: Option<&'a str>,
    pub x5t_s256: Option<&'a str>,
}

/// What one key says about the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
enum KeyVerdict {
    /// Verified; for secrets, the reading that did and its length in bytes.
    Valid(Option<(&'static str, usize)>),
    Invalid,
    /// The key's type (or its JWK `alg`) may not verify this algorithm; the reason.
    Mismatch(String),
    /// The key could not be read; the reason.
    Bad(String),
}

/// Chooses the key for `signed` from `set` and checks the signature with it. `ambiguous` says the
/// set has duplicate kids or mixes secrets with public keys: then exactly one key may fit.
pub(super) fn choose_and_check(
    signed: &Signed<'_>,
    set: &KeySet,
    hints: &KeyHints<'_>,
    ambiguous: bool,
) -> Evaluation {
    let Some((selected, by)) = select(set, hints) else {
        let mut kids: Vec<String> = Vec::new();
        for kid in set.candidates.iter().filter_map(|c| c.kid.clone()) {
            if !kids.contains(&kid) {
                kids.push(kid);
            }
        }
        let mut r = Evaluation::new(VerifyResult::NoMatchingKey, "");
        r.available_kids = kids;
        return r;
    };
    let (refused, mut usable): (Vec<&Candidate>, Vec<&Candidate>) = selected
        .into_iter()
        .partition(|c| c.not_for_signing.is_some());
    let skipped: Vec<SkippedKey> = refused.iter().map(|c| skipped_key(c)).collect();
    if let (true, Some(first)) = (usable.is_empty(), refused.first()) {
        let mut r = Evaluation::new(
            VerifyResult::KeyNotForSigning,
            first.not_for_signing.clone().unwrap_or_default(),
        );
        r.key = Some(key_used(first, by, None));
        r.skipped = skipped;
        return r;
    }
    let mut choice = None;
    if ambiguous {
        let contenders = distinct_fitting(signed, &usable);
        if contenders.len() > 1 {
            let mut r = Evaluation::new(VerifyResult::AmbiguousKeySet, "");
            r.contenders = contenders.iter().map(|c| key_used(c, by, None)).collect();
            r.skipped = skipped;
            return r;
        }
        if let Some(&only) = contenders.first() {
            usable = vec![only];
            choice = Some(why_the_only_choice(signed.alg_name, by, hints));
        }
    }
    let mut r = check_each(signed, &usable, by);
    r.skipped = skipped;
    r.choice = choice;
    r
}

/// Checks the signature with each key in turn; the first that verifies decides, otherwise the
/// most telling failure (a wrong signature, then a wrong key type, then an unreadable key).
fn check_each(signed: &Signed<'_>, keys: &[&Candidate], by: SelectedBy) -> Evaluation {
    let mut first_invalid = None;
    let mut first_mismatch = None;
    let mut first_bad = None;
    for &candidate in keys {
        match check(signed, candidate) {
            KeyVerdict::Valid(secret) => {
                let mut r = Evaluation::new(VerifyResult::Valid, "");
                r.key = Some(key_used(candidate, by, secret.map(|(enc, _)| enc)));
                r.weaknesses = weaknesses(signed.alg, candidate, secret.map(|(_, len)| len));
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
    let (outcome, candidate, why) = match (first_invalid, first_mismatch, first_bad) {
        (Some(c), _, _) => (VerifyResult::Invalid, c, String::new()),
        (None, Some((c, why)), _) => (VerifyResult::AlgKeyMismatch, c, why),
        (None, None, Some((c, why))) => (VerifyResult::BadKey, c, why),
        (None, None, None) => return Evaluation::new(VerifyResult::NoMatchingKey, ""),
    };
    let mut r = Evaluation::new(outcome, why);
    r.key = Some(key_used(candidate, by, None));
    r
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

/// The keys among `keys` that may verify the token's algorithm, each distinct key once.
fn distinct_fitting<'a>(signed: &Signed<'_>, keys: &[&'a Candidate]) -> Vec<&'a Candidate> {
    let mut out: Vec<(&Candidate, &Material)> = Vec::new();
    for &c in keys {
        if let Ok(m) = fit(signed, c) {
            if !out.iter().any(|(_, seen)| *seen == m) {
                out.push((c, m));
            }
        }
    }
    out.into_iter().map(|(c, _)| c).collect()
}

fn why_the_only_choice(alg: &str, by: SelectedBy, hints: &KeyHints<'_>) -> String {
    match (by, hints.kid) {
        (SelectedBy::Kid, Some(kid)) => {
            format!("it is the only key with the token's kid \"{kid}\" that can verify {alg}")
        }
        (SelectedBy::X5t | SelectedBy::X5tS256, _) => format!(
            "it is the only key with the token's certificate thumbprint that can verify {alg}"
        ),
        _ => {
            format!("it is the only key in the set that can verify {alg} (the token names no key)")
        }
    }
}

/// The key's material when its type and JWK `alg` allow the token's algorithm; otherwise why not.
fn fit<'c>(signed: &Signed<'_>, candidate: &'c Candidate) -> Result<&'c Material, KeyVerdict> {
    let alg_name = signed.alg_name;
    let material = candidate
        .material
        .as_ref()
        .map_err(|e| KeyVerdict::Bad(e.clone()))?;
    if let Some(restricted) = candidate.alg.as_deref().filter(|a| *a != alg_name) {
        return Err(KeyVerdict::Mismatch(format!(
            "the JWK says it is for {restricted} only (its \"alg\" member), and the token uses {alg_name}"
        )));
    }
    let refusal = match (signed.alg, material) {
        (Alg::Rs(_) | Alg::Ps(_), Material::Rsa(_))
        | (Alg::EdDsa, Material::Ed25519(_))
        | (Alg::Hs(_), Material::Secret(_)) => return Ok(material),
        (Alg::Es(curve), Material::Ec(k)) if k.curve == curve => return Ok(material),
        (Alg::Es(curve), Material::Ec(k)) => format!(
            "{alg_name} needs a {} key, and this key is on {}",
            curve.name(),
            k.curve.name()
        ),
        (Alg::Hs(_), m) => format!(
            "{alg_name} is an HMAC algorithm, which needs the shared secret; this is a public {} key. \
             Using a public key as an HMAC secret is the algorithm-confusion attack: anyone holding \
             the public key could forge such tokens, so the inspector refuses it",
            m.describe()
        ),
        (_, Material::Secret(_)) => format!(
            "{alg_name} is a public-key algorithm; a shared secret cannot verify it (only HS256/384/512)"
        ),
        (_, m) => format!(
            "a {} key verifies only {}, and the token uses {alg_name}",
            m.describe(),
            m.allowed()
        ),
    };
    Err(KeyVerdict::Mismatch(refusal))
}

fn check(signed: &Signed<'_>, candidate: &Candidate) -> KeyVerdict {
    let material = match fit(signed, candidate) {
        Ok(m) => m,
        Err(refusal) => return refusal,
    };
    let (input, sig) = (signed.input.as_bytes(), signed.signature.as_slice());
    let verified = match (signed.alg, material) {
        (Alg::Rs(h), Material::Rsa(k)) => k.verify_pkcs1v15(h, input, sig),
        (Alg::Ps(h), Material::Rsa(k)) => k.verify_pss(h, input, sig),
        (Alg::Es(_), Material::Ec(k)) => k.verify(input, sig),
        (Alg::EdDsa, Material::Ed25519(k)) => k.verify(input, sig),
        (Alg::Hs(h), Material::Secret(forms)) => {
            return forms
                .iter()
                .find(|f| h.hmac_verify(&f.bytes, input, sig))
                .map_or(KeyVerdict::Invalid, |f| {
                    KeyVerdict::Valid(Some((f.encoding, f.bytes.len())))
                })
        }
        _ => false,
    };
    if verified {
        KeyVerdict::Valid(None)
    } else {
        KeyVerdict::Invalid
    }
}

/// Why the key that verified is weak, for `verify.weak-key`.
fn weaknesses(alg: Alg, candidate: &Candidate, secret_len: Option<usize>) -> Vec<Weakness> {
    match (&candidate.material, alg, secret_len) {
        (Ok(Material::Rsa(k)), _, _) => strength::rsa_weaknesses(k.modulus(), k.bits()),
        (Ok(Material::Secret(_)), Alg::Hs(h), Some(len)) => {
            strength::secret_weakness(len, h).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

fn skipped_key(c: &Candidate) -> SkippedKey {
    SkippedKey {
        index: c.index,
        kid: c.kid.clone(),
        reason: c.not_for_signing.clone().unwrap_or_default(),
    }
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
