//! The words of verification: one finding constructor per `verify.*` code, for the result and for
//! the caveats beside it (a weak key, an ambiguous key set, keys skipped as not for signing).

use super::choose::KeyHints;
use super::keys::KeySource;
use super::{Evaluation, KeyUsed, VerifyResult};
use crate::model::{Code, Finding, Severity};
use crate::token::TokenReport;

/// What the prose needs besides the evaluation.
pub(super) struct Context<'a> {
    pub alg: Option<&'a str>,
    pub hints: &'a KeyHints<'a>,
    pub keys_url: Option<&'a str>,
    pub token: &'a TokenReport,
}

impl Context<'_> {
    fn alg(&self) -> &str {
        self.alg.unwrap_or("?")
    }
}

/// The finding that states the result.
pub(super) fn result(r: &Evaluation, cx: &Context<'_>) -> Finding {
    match r.outcome {
        VerifyResult::Valid => valid(r, cx),
        VerifyResult::Noncanonical => noncanonical(r, cx),
        VerifyResult::Invalid => invalid(r, cx),
        VerifyResult::UnverifiableNonce => unverifiable_nonce(r, cx),
        VerifyResult::NoMatchingKey => no_matching_key(r, cx),
        VerifyResult::KeyNotForSigning => key_not_for_signing(r, cx),
        VerifyResult::AmbiguousKeySet => ambiguous_key_set(r, cx),
        VerifyResult::AlgKeyMismatch => alg_key_mismatch(r, cx),
        VerifyResult::UnsupportedAlg => unsupported_alg(r, cx),
        VerifyResult::BadKey => bad_key(r, cx),
        VerifyResult::Unsigned => unsigned(r),
    }
}

/// The warnings (and the note on skipped keys) that go beside the result.
pub(super) fn caveats(r: &Evaluation, cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if !r.weaknesses.is_empty() {
        out.push(weak_key(r));
    }
    if r.ambiguity.is_some() && r.outcome != VerifyResult::AmbiguousKeySet {
        out.push(ambiguous_key_set(r, cx));
    }
    if !r.skipped.is_empty() && r.outcome != VerifyResult::KeyNotForSigning {
        out.push(key_not_for_signing(r, cx));
    }
    out
}

/// "RS256, RSA 2048-bit key "x"": what most titles end with, in brackets.
fn alg_and_key(r: &Evaluation, cx: &Context<'_>) -> String {
    format!("{}, {}", cx.alg(), key_name(r.key.as_ref()))
}

fn finding(r: &Evaluation, title: String) -> Finding {
    Finding::new(r.outcome.severity(), r.outcome.code(), title)
}

fn source(r: &Evaluation) -> &'static str {
    r.key_source.map_or("key", KeySource::label)
}

/// "The RS256 signature verifies with the RSA 2048-bit key "x" from the pasted key set (JWKS)
/// (chosen by the token's kid)."
fn verifies_with(r: &Evaluation, cx: &Context<'_>) -> String {
    format!(
        "The {} signature verifies with the {} from the pasted {} ({})",
        cx.alg(),
        key_name(r.key.as_ref()),
        source(r),
        r.key.as_ref().map_or("", |k| k.selected_by.words())
    )
}

fn valid(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let k = r.key.as_ref();
    let mut detail = format!("{}.", verifies_with(r, cx));
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
    if !r.weaknesses.is_empty() || r.ambiguity.is_some() {
        detail.push_str(" Read the warnings beside this result: they qualify it.");
    }
    finding(r, format!("Signature valid ({})", alg_and_key(r, cx))).detail(detail)
}

fn noncanonical(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let repaired = r.noncanonical.iter().any(|p| p.repaired);
    let lenient = r.noncanonical.iter().any(|p| !p.repaired);
    let problems: Vec<&str> = r.noncanonical.iter().map(|p| p.problem.as_str()).collect();
    let how = if repaired && !lenient {
        "but only after the inspector removed characters from inside the token as pasted"
    } else {
        "but over text that is not the token as a JWS library reads it"
    };
    let mut fix = Vec::new();
    if repaired {
        fix.push(
            "If the spaces or line breaks came from copying (an e-mail, a wrapped terminal, a \
             document), copy the token again as one line and paste it: it then verifies as valid. \
             If your application sends the token like this, remove them before sending: APIs read \
             the header value exactly as it is.",
        );
    }
    if lenient {
        fix.push(
            "Use the token exactly as its issuer produced it. Text that is not canonical \
             base64url was re-encoded or altered after signing, or made by a library that does \
             not follow RFC 7515; treat it as untrusted until a conforming issuer's token verifies.",
        );
    }
    finding(
        r,
        format!(
            "Signature matches, but not the token as sent ({})",
            alg_and_key(r, cx)
        ),
    )
    .detail(format!(
        "{}, {how}: {}. RFC 7515 (§2, §5.2) reads each part as unpadded base64url with no other \
         characters and rejects a token that is not, so the inspector does not call this \
         signature valid: it proves that some bytes were signed, not that this token was.",
        verifies_with(r, cx),
        problems.join("; ")
    ))
    .fix(fix.join(" "))
}

fn invalid(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let reason = match (&r.reason, r.key.as_ref()) {
        (reason, Some(key)) if reason.is_empty() => invalid_reason(cx.token, key, cx.hints),
        (reason, _) => reason.clone(),
    };
    finding(
        r,
        format!("Signature does not verify ({})", alg_and_key(r, cx)),
    )
    .detail(reason)
    .fix(format!(
        "Copy the token again, whole and unchanged, and check it is the key that signed it. {}",
        where_keys_live(cx.keys_url)
    ))
}

/// The likeliest reasons a signature failed, most specific first.
fn invalid_reason(token: &TokenReport, key: &KeyUsed, hints: &KeyHints<'_>) -> String {
    let mut why = Vec::new();
    if let (Some(token_kid), Some(key_kid)) = (hints.kid, key.kid.as_deref()) {
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

fn unverifiable_nonce(r: &Evaluation, cx: &Context<'_>) -> Finding {
    finding(
        r,
        format!(
            "Signature does not verify, as expected for a token with a nonce header ({})",
            alg_and_key(r, cx)
        ),
    )
    .detail(
        "The header carries a nonce: Entra ID issues such tokens for Microsoft Graph and other \
         first-party APIs, and signs them over a transformed header, so the signature fails \
         standard verification with the right key. That is by design, not a forged or broken \
         token: only the API it was issued for validates it.",
    )
    .fix(
        "Don't validate Graph tokens yourself. If your own API must validate tokens, request a \
         token for its App ID URI (or client ID) instead: those carry no nonce and verify.",
    )
}

fn no_matching_key(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let hints = cx.hints;
    let named = [
        hints.kid.map(|k| format!("kid \"{k}\"")),
        hints
            .x5t
            .filter(|x| Some(*x) != hints.kid)
            .map(|x| format!("x5t \"{x}\"")),
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
    let entra = if cx.token.entra.is_some() {
        " Entra ID rolls its signing keys over regularly: a key set copied at another time, \
         from another tenant or cloud, or the default set for an app that has its own \
         signing key (its jwks_uri then ends in ?appid=<client id>) can lack the token's key."
    } else {
        ""
    };
    finding(r, format!("No pasted key matches the token's {named}"))
        .detail(format!("{held}{entra}"))
        .fix(where_keys_live(cx.keys_url))
}

/// `verify.key-not-for-signing`: the result when every key that could be chosen is not for
/// signatures (an error); a note when such keys of a set were skipped and another key decided.
fn key_not_for_signing(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let listed: Vec<String> = r
        .skipped
        .iter()
        .map(|s| {
            let name = match (&s.kid, s.index) {
                (Some(kid), _) => format!("the key \"{kid}\""),
                (None, Some(i)) => format!("key #{}", i + 1),
                (None, None) => "the key".to_string(),
            };
            format!("{name}: {}", s.reason)
        })
        .collect();
    let why = "A JWK can say what it is for (RFC 7517 §4.2 \"use\", §4.3 \"key_ops\"), and a key \
               meant for encryption or other operations must not verify signatures: the \
               inspector does not try it.";
    if r.outcome == VerifyResult::KeyNotForSigning {
        return finding(
            r,
            format!(
                "The key is not meant for signatures ({})",
                key_name(r.key.as_ref())
            ),
        )
        .detail(format!(
            "The {} from the pasted {} ({}) says {}. {why}",
            key_name(r.key.as_ref()),
            source(r),
            r.key.as_ref().map_or("", |k| k.selected_by.words()),
            r.reason
        ))
        .fix(format!(
            "Use the issuer's signing key instead: in a key set, the entry with \"use\": \"sig\" \
             (or \"key_ops\" that include \"verify\") and the token's kid. {}",
            where_keys_live(cx.keys_url)
        ));
    }
    Finding::new(
        Severity::Info,
        Code::VerifyKeyNotForSigning,
        format!(
            "Skipped {} key{} of the set not meant for signatures",
            listed.len(),
            if listed.len() == 1 { "" } else { "s" }
        ),
    )
    .detail(format!("Not tried: {}. {why}", listed.join("; ")))
}

/// `verify.ambiguous-key-set`: the result when more than one key of an ambiguous set could verify
/// (an error); a warning beside the result when the token still picked one key.
fn ambiguous_key_set(r: &Evaluation, cx: &Context<'_>) -> Finding {
    let Some(a) = &r.ambiguity else {
        return finding(r, "The key set is ambiguous".to_string());
    };
    let mut what = Vec::new();
    if !a.duplicate_kids.is_empty() {
        what.push(format!(
            "gives the same kid to different keys ({})",
            a.duplicate_kids
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if a.mixes_secrets {
        what.push(
            "mixes shared secrets (\"kty\": \"oct\") with public keys; a key set is meant to be \
             published, and a secret in it is a secret no longer"
                .to_string(),
        );
    }
    let set = format!("The pasted key set {}.", what.join(", and "));
    let fix = "Give each key its own kid and keep HMAC secrets out of sets of public keys; or \
               paste only the key that signed the token.";
    if r.outcome == VerifyResult::AmbiguousKeySet {
        let names: Vec<String> = r
            .contenders
            .iter()
            .map(|k| match k.index {
                Some(i) => format!("#{} {}", i + 1, key_name(Some(k))),
                None => key_name(Some(k)),
            })
            .collect();
        return finding(
            r,
            format!(
                "The key set is ambiguous: {} keys could verify this {} token",
                names.len(),
                cx.alg()
            ),
        )
        .detail(format!(
            "{set} {} of its keys fit the token ({}). Verifying with whichever happens to match \
             would make the verdict depend on the set's order, so the inspector verifies only \
             with an unambiguous choice, and there is none here.",
            names.len(),
            names.join(", ")
        ))
        .fix(fix);
    }
    let used = match (&r.key, &r.choice) {
        (Some(k), Some(why)) => {
            format!(" The inspector used the {}: {why}.", key_name(Some(k)))
        }
        _ => String::new(),
    };
    Finding::new(
        Severity::Warning,
        Code::VerifyAmbiguousKeySet,
        "The key set is ambiguous",
    )
    .detail(format!(
        "{set}{used} Project Wycheproof's key-set tests expect such sets to be rejected; treat \
         a result from it with care."
    ))
    .fix(fix)
}

fn weak_key(r: &Evaluation) -> Finding {
    let key = key_name(r.key.as_ref());
    let why: Vec<String> = r.weaknesses.iter().map(|w| w.describe()).collect();
    let fix: Vec<&str> = r.weaknesses.iter().map(|w| w.fix()).collect();
    Finding::new(
        Severity::Warning,
        Code::VerifyWeakKey,
        format!("Weak key: the signature proves little ({key})"),
    )
    .detail(format!(
        "The signature is genuine, but {}. Others could make the same signature, so a valid \
         result with this key is no proof of who signed the token.",
        why.join("; and ")
    ))
    .fix(fix.join(" "))
}

fn alg_key_mismatch(r: &Evaluation, cx: &Context<'_>) -> Finding {
    finding(
        r,
        format!(
            "This key cannot verify {} ({})",
            cx.alg(),
            key_name(r.key.as_ref())
        ),
    )
    .detail(format!(
        "The key's type decides which algorithms it may verify: {}.",
        r.reason
    ))
    .fix(format!(
        "Paste the key the token's issuer signs {} tokens with. {}",
        cx.alg(),
        where_keys_live(cx.keys_url)
    ))
}

fn unsupported_alg(r: &Evaluation, cx: &Context<'_>) -> Finding {
    finding(r, format!("Cannot verify alg \"{}\"", cx.alg())).detail(r.reason.clone())
}

fn bad_key(r: &Evaluation, cx: &Context<'_>) -> Finding {
    finding(r, "The pasted key cannot be used".to_string())
        .detail(format!("{}.", capitalise(r.reason.trim_end_matches('.'))))
        .fix(format!(
            "Paste a PEM public key or certificate, a base64 certificate (x5c), a JWK or JWKS, or the HMAC secret. {}",
            where_keys_live(cx.keys_url)
        ))
}

fn unsigned(r: &Evaluation) -> Finding {
    finding(
        r,
        "Unsigned token (alg: none): nothing to verify".to_string(),
    )
    .detail(
        "The header says alg \"none\": the token carries no signature, so no key can \
             verify it and it proves nothing about who made it. It is never valid.",
    )
    .fix("Treat the token as forged; no Azure service accepts unsigned tokens.")
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

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
