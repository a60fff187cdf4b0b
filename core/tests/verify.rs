//! Signature verification with pasted keys: the RFC 7515/7520/8037 examples with their published
//! keys, tokens signed with every algorithm and key format (tests/fixtures/verify-vectors.json,
//! made by make-verify-vectors.py), real IMDS tokens with Entra ID's published key, key selection,
//! refusals (algorithm confusion, `alg: none`), and no panics whatever is pasted. Every check
//! is also made across the boundary the page makes it across (`verify::wire`: its second wasm
//! module checks), and must give the same analysis.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::verify::{wire, SelectedBy, Verification, VerifyResult};
use mi_core::{analyze_with, analyze_with_key, Analysis, Code, Context, Options};
use proptest::prelude::*;
use serde_json::Value;

/// RFC vectors: tests/fixtures/jose-vectors.json names each one's source.
fn jose_vectors() -> Vec<Value> {
    serde_json::from_str(include_str!("fixtures/jose-vectors.json")).unwrap()
}

/// Generated vectors: one per algorithm and key format.
fn generated_vectors() -> Vec<Value> {
    serde_json::from_str(include_str!("fixtures/verify-vectors.json")).unwrap()
}

/// A snapshot of Entra ID's public key set (login.microsoftonline.com/common/discovery/keys,
/// three of its keys with their x5c certificates, as quoted in a public GitHub repository). The
/// kid Mr5-AUibfBii7Nd1jBebaxboXW0 signed the real IMDS tokens in real-world.jsonl.
const ENTRA_JWKS: &str = include_str!("fixtures/entra-jwks-snapshot.json");
const IMDS_KID: &str = "Mr5-AUibfBii7Nd1jBebaxboXW0";

/// The RFC or generated vector with this id.
fn vector(id: &str) -> Value {
    jose_vectors()
        .into_iter()
        .chain(generated_vectors())
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
}

fn key_text(v: &Value) -> String {
    match &v["key"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The check as the page's second module makes it: from the request the page writes, the answer
/// the page reads.
fn across(request: &str) -> Option<String> {
    Some(wire::answer(request))
}

/// The analysis of `token` verified with `key`, after checking that the check made across the
/// boundary gives the same analysis (its JSON, and the findings the page lists).
fn run(token: &str, key: &str) -> Analysis {
    let ctx = Context::at(1_700_000_000);
    let in_place = analyze_with_key(token, key, &ctx);
    let options = Options {
        key: Some(key),
        checker: Some(across),
        ..Options::default()
    };
    let crossed = analyze_with(token, &ctx, &options);
    assert_eq!(
        serde_json::to_value(&crossed).unwrap(),
        serde_json::to_value(&in_place).unwrap(),
        "checked across the boundary: {token} with {key}"
    );
    assert_eq!(crossed.findings, in_place.findings);
    in_place
}

fn verification(a: &Analysis) -> &Verification {
    a.verification.as_ref().expect("a verification")
}

fn outcome(token: &str, key: &str) -> VerifyResult {
    verification(&run(token, key)).result
}

/// The token with one byte of its signature flipped.
fn flip_signature_byte(token: &str, at: usize) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (signed, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = engine.decode(sig).unwrap();
    let i = at % bytes.len();
    bytes[i] ^= 0x01;
    format!("{signed}.{}", engine.encode(bytes))
}

/// The token with one byte of its payload flipped (re-encoded as base64url).
fn flip_payload_byte(token: &str) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload = engine.decode(parts[1]).unwrap();
    let last = payload.len() - 1;
    payload[last / 2] ^= 0x20;
    format!("{}.{}.{}", parts[0], engine.encode(payload), parts[2])
}

#[test]
fn rfc_examples_verify_with_their_published_keys() {
    let vectors = jose_vectors();
    assert_eq!(vectors.len(), 9);
    for v in vectors {
        let id = v["id"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let a = run(token, &key_text(&v));
        let ver = verification(&a);
        assert_eq!(ver.result, VerifyResult::Valid, "{id}: {:?}", a.findings);
        assert_eq!(ver.algorithm.as_deref(), v["alg"].as_str(), "{id}");
        let finding = a.finding(Code::VerifyValid).unwrap();
        assert!(finding.title.starts_with("Signature valid"), "{id}");
    }
}

#[test]
fn rfc_examples_with_one_byte_flipped_fail() {
    for v in jose_vectors() {
        let id = v["id"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let key = key_text(&v);
        for at in [0, 7, 1000] {
            let a = run(&flip_signature_byte(token, at), &key);
            assert_eq!(
                verification(&a).result,
                VerifyResult::Invalid,
                "{id} signature byte {at}"
            );
            assert!(a.has_errors());
            assert!(a.finding(Code::VerifyInvalid).is_some());
        }
        assert_eq!(
            outcome(&flip_payload_byte(token), &key),
            VerifyResult::Invalid,
            "{id} payload"
        );
    }
}

#[test]
fn every_algorithm_and_key_format_verifies_and_fails_when_changed() {
    let vectors = generated_vectors();
    let algs: std::collections::BTreeSet<&str> =
        vectors.iter().map(|v| v["alg"].as_str().unwrap()).collect();
    for alg in [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
        "HS256", "HS384", "HS512",
    ] {
        assert!(
            algs.contains(alg) || jose_vectors().iter().any(|v| v["alg"] == alg),
            "{alg} is tested"
        );
    }
    for v in &vectors {
        let id = v["id"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let key = key_text(v);
        let a = run(token, &key);
        assert_eq!(
            verification(&a).result,
            VerifyResult::Valid,
            "{id}: {:?}",
            a.findings
        );
        assert_eq!(
            outcome(&flip_signature_byte(token, 3), &key),
            VerifyResult::Invalid,
            "{id}"
        );
        assert_eq!(
            outcome(&flip_payload_byte(token), &key),
            VerifyResult::Invalid,
            "{id}"
        );
    }
}

#[test]
fn says_which_key_format_was_pasted_and_how_a_secret_was_read() {
    let source = |id: &str| {
        let v = vector(id);
        let a = run(v["token"].as_str().unwrap(), &key_text(&v));
        serde_json::to_value(&a.verification).unwrap()
    };
    assert_eq!(source("rs384-pem-spki")["key_source"], "pem_public_key");
    assert_eq!(
        source("ps256-pem-pkcs1")["key_source"],
        "pem_rsa_public_key"
    );
    assert_eq!(source("ps256-pem-pkcs1")["key"]["kind"], "RSA 3072-bit");
    assert_eq!(source("es256-pem-cert")["key_source"], "pem_certificate");
    assert_eq!(source("es256-pem-cert")["key"]["subject"], "es256.example");
    assert_eq!(source("rs256-bare-x5c")["key_source"], "certificate");
    assert_eq!(
        source("ps384-1024-bare-spki")["key_source"],
        "public_key_der"
    );
    assert_eq!(source("es384-jwk")["key_source"], "jwk");
    assert_eq!(source("es384-jwk")["key"]["kid"], "p384");
    assert_eq!(source("es512-jwk")["key"]["kind"], "EC P-521");
    assert_eq!(source("eddsa-pem-spki")["key"]["kind"], "Ed25519");
    assert_eq!(source("hs384-base64")["key_source"], "secret");
    // Its base64 happens to use no '+' or '/', so it reads the same in both alphabets.
    assert_eq!(
        source("hs384-base64")["key"]["secret_encoding"],
        "base64 or base64url"
    );
    assert_eq!(
        source("hs512-base64url")["key"]["secret_encoding"],
        "base64url"
    );
    assert_eq!(source("hs256-utf8")["key"]["secret_encoding"], "UTF-8");
}

#[test]
fn real_imds_tokens_verify_with_entra_ids_published_key_chosen_by_kid() {
    for id in ["jwt-imds-system-mirid-vm", "jwt-imds-user-mirid-uami"] {
        let a = run(&common::sample(id), ENTRA_JWKS);
        let v = verification(&a);
        assert_eq!(v.result, VerifyResult::Valid, "{id}: {:?}", a.findings);
        let key = v.key.as_ref().unwrap();
        assert_eq!(key.kid.as_deref(), Some(IMDS_KID));
        assert_eq!(key.selected_by, SelectedBy::Kid);
        assert_eq!(key.index, Some(1));
        assert_eq!(key.kind, "RSA 2048-bit");
        assert_eq!(
            key.subject.as_deref(),
            Some("accounts.accesscontrol.windows.net")
        );
        assert_eq!(key.not_after.as_deref(), Some("2026-10-24 17:45:56 UTC"));
        assert_eq!(
            v.keys_url.as_deref(),
            Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys")
        );
        assert_eq!(a.keys_url(), v.keys_url.as_deref());
        // Before any key is pasted, the analysis already says where the keys live.
        let bare = mi_core::analyze(&common::sample(id), &Context::at(1_643_226_100));
        assert!(bare.verification.is_none());
        assert_eq!(bare.keys_url(), v.keys_url.as_deref());
        let f = a.finding(Code::VerifyValid).unwrap();
        assert!(f.title.contains(IMDS_KID), "{}", f.title);
        assert!(
            f.detail.contains("chosen by the token's kid"),
            "{}",
            f.detail
        );
    }
}

#[test]
fn the_token_inside_a_token_response_is_verified() {
    let a = run(
        &common::sample("resp-imds-recorded-system-real-jwt"),
        ENTRA_JWKS,
    );
    assert_eq!(
        verification(&a).result,
        VerifyResult::Valid,
        "{:?}",
        a.findings
    );
}

#[test]
fn a_real_entra_certificate_from_x5c_parses_and_verifies_alone() {
    let jwks: Value = serde_json::from_str(ENTRA_JWKS).unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == IMDS_KID)
        .unwrap();
    let x5c = key["x5c"][0].as_str().unwrap();
    let a = run(&common::sample("jwt-imds-system-mirid-vm"), x5c);
    let v = serde_json::to_value(&a.verification).unwrap();
    assert_eq!(v["result"], "valid", "{:?}", a.findings);
    assert_eq!(v["key_source"], "certificate");
    assert_eq!(v["key"]["selected_by"], "only_key");
    // The thumbprint computed from the certificate is the kid Entra ID gives it.
    assert_eq!(v["key"]["x5t"], IMDS_KID);
    assert_eq!(v["key"]["subject"], "accounts.accesscontrol.windows.net");
    // The same certificate wrapped in PEM, as people do for jwt.io.
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        x5c.as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let a = run(&common::sample("jwt-imds-system-mirid-vm"), &pem);
    assert_eq!(verification(&a).result, VerifyResult::Valid);
}

#[test]
fn selects_by_x5t_when_no_kid_matches() {
    let mut jwks: Value = serde_json::from_str(ENTRA_JWKS).unwrap();
    let mut without = |member: &str| {
        for k in jwks["keys"].as_array_mut().unwrap() {
            k.as_object_mut().unwrap().remove(member);
        }
        let a = run(
            &common::sample("jwt-imds-system-mirid-vm"),
            &jwks.to_string(),
        );
        let v = verification(&a);
        assert_eq!(v.result, VerifyResult::Valid, "without {member}");
        let key = v.key.clone().unwrap();
        (key.selected_by, key.index)
    };
    // Keys without kid: the stated x5t picks the key.
    assert_eq!(without("kid"), (SelectedBy::X5t, Some(1)));
    // Keys with neither kid nor x5t: the thumbprint of x5c's certificate picks it.
    assert_eq!(without("x5t"), (SelectedBy::X5t, Some(1)));
}

#[test]
fn a_token_without_kid_is_tried_against_every_key_of_a_fitting_type() {
    let a2 = vector("rfc7515-a2-rs256");
    let a3 = vector("rfc7515-a3-es256");
    let set = format!(
        r#"{{"keys":[{},{},{}]}}"#,
        a3["key"], r#"{"kty":"oct","k":"c2VjcmV0"}"#, a2["key"]
    );
    let a = run(a2["token"].as_str().unwrap(), &set);
    let v = verification(&a);
    assert_eq!(v.result, VerifyResult::Valid, "{:?}", a.findings);
    assert_eq!(v.key.as_ref().unwrap().selected_by, SelectedBy::TriedAll);
    assert_eq!(v.key.as_ref().unwrap().index, Some(2));
    // Since issue 16 this set, which holds a secret beside public keys, is ambiguous: the result
    // stays valid, with a warning that says which key was used and why.
    assert_eq!(v.caveats, [Code::VerifyAmbiguousKeySet]);
    assert!(!v.proves_signature());
    let warning = a.finding(Code::VerifyAmbiguousKeySet).unwrap();
    assert!(
        warning
            .detail
            .contains("the only key in the set that can verify RS256"),
        "{}",
        warning.detail
    );
    // Without the secret, trying every key is unambiguous.
    let set = format!(r#"{{"keys":[{},{}]}}"#, a3["key"], a2["key"]);
    let v = verification(&run(a2["token"].as_str().unwrap(), &set)).clone();
    assert!(v.proves_signature(), "{v:?}");
    assert_eq!(v.key.unwrap().index, Some(1));
}

/// The token with its signature part replaced by `f(signature)`.
fn with_signature(token: &str, f: impl Fn(&str) -> String) -> String {
    let (signed, sig) = token.rsplit_once('.').unwrap();
    format!("{signed}.{}", f(sig))
}

#[test]
fn a_signature_over_a_repaired_or_leniently_read_token_is_noncanonical() {
    // The real IMDS token wrapped at 76 columns, as e-mail wraps it: it matches Entra's key only
    // once the line breaks are removed.
    let token = common::sample("jwt-imds-system-mirid-vm");
    let wrapped: Vec<String> = token
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let a = run(&wrapped.join("\r\n"), ENTRA_JWKS);
    let v = verification(&a);
    assert_eq!(v.result, VerifyResult::Noncanonical, "{:?}", a.findings);
    assert_eq!(v.key.as_ref().unwrap().kid.as_deref(), Some(IMDS_KID));
    assert!(
        v.noncanonical[0].problem.contains("a line break"),
        "{:?}",
        v.noncanonical
    );
    let f = a.finding(Code::VerifyNoncanonical).unwrap();
    assert_eq!(f.severity, mi_core::Severity::Warning);
    assert!(f.fix.as_deref().unwrap().contains("as one line"));
    assert!(a.finding(Code::VerifyValid).is_none());

    // RFC 7515 A.1's HS256 signature is 43 characters: 32 bytes and 2 pad bits, which are zero in
    // its last character 'k'. Padding it, or ending it in 'l' (the same bytes, a pad bit set),
    // still decodes to the right MAC, and neither is the token as sent.
    let a1 = vector("rfc7515-a1-hs256");
    let key = key_text(&a1);
    let a1_token = a1["token"].as_str().unwrap();
    assert!(a1_token.ends_with('k'));
    let padded = with_signature(a1_token, |s| format!("{s}="));
    let v = verification(&run(&padded, &key)).clone();
    assert_eq!(v.result, VerifyResult::Noncanonical);
    assert!(v.noncanonical[0].problem.contains("'=' padding"), "{v:?}");
    assert_eq!(v.noncanonical[0].part, 3);
    let pad_bit = with_signature(a1_token, |s| format!("{}l", &s[..s.len() - 1]));
    let v = verification(&run(&pad_bit, &key)).clone();
    assert_eq!(v.result, VerifyResult::Noncanonical);
    assert!(
        v.noncanonical[0]
            .problem
            .contains("the canonical encoding of the same bytes ends in 'k'"),
        "{v:?}"
    );
    // The token itself, as published, is valid and proves its signature.
    assert!(verification(&run(a1_token, &key)).proves_signature());
}

#[test]
fn keys_not_for_signatures_are_refused_alone_and_skipped_in_a_set() {
    // RFC 7515 A.2's RS256 token and key; the same key marked for encryption (RFC 7517 §4.2) or
    // for encrypting only (§4.3).
    let a2 = vector("rfc7515-a2-rs256");
    let token = a2["token"].as_str().unwrap();
    let with = |member: &str, value: Value| {
        let mut jwk = a2["key"].clone();
        jwk[member] = value;
        jwk
    };
    for jwk in [
        with("use", "enc".into()),
        with("key_ops", serde_json::json!(["encrypt"])),
    ] {
        let a = run(token, &jwk.to_string());
        let v = verification(&a);
        assert_eq!(v.result, VerifyResult::KeyNotForSigning, "{jwk}");
        let f = a.finding(Code::VerifyKeyNotForSigning).unwrap();
        assert!(a.has_errors());
        assert!(f.fix.as_deref().unwrap().contains("\"use\": \"sig\""));
    }
    // key_ops that include "verify" are for signatures.
    let ops = with("key_ops", serde_json::json!(["sign", "verify"]));
    assert!(verification(&run(token, &ops.to_string())).proves_signature());
    // In a set, the encryption key is skipped and the signing key decides; the report says so.
    let set = format!(
        r#"{{"keys":[{},{}]}}"#,
        with("use", "enc".into()),
        a2["key"]
    );
    let a = run(token, &set);
    let v = verification(&a);
    assert!(v.proves_signature(), "{:?}", a.findings);
    assert_eq!(v.key.as_ref().unwrap().index, Some(1));
    assert_eq!(v.skipped_keys.len(), 1);
    assert_eq!(v.skipped_keys[0].index, Some(0));
    let note = a.finding(Code::VerifyKeyNotForSigning).unwrap();
    assert_eq!(note.severity, mi_core::Severity::Info);
    assert!(note.detail.contains("key #1"), "{}", note.detail);
}

#[test]
fn a_duplicate_kid_is_verified_only_when_the_token_still_picks_one_key() {
    // RFC 7520 §4.1's RS256 token (kid bilbo.baggins@hobbiton.example) and key, beside RFC 7515
    // A.2's RSA key given the same kid: two RSA keys could verify RS256, so neither is used.
    let rs = vector("rfc7520-4.1-rs256");
    let token = rs["token"].as_str().unwrap();
    let kid = rs["key"]["kid"].clone();
    let mut other_rsa = vector("rfc7515-a2-rs256")["key"].clone();
    other_rsa["kid"] = kid.clone();
    let a = run(token, &format!(r#"{{"keys":[{other_rsa},{}]}}"#, rs["key"]));
    let v = verification(&a);
    assert_eq!(v.result, VerifyResult::AmbiguousKeySet, "{:?}", a.findings);
    assert!(v.key.is_none());
    let f = a.finding(Code::VerifyAmbiguousKeySet).unwrap();
    assert!(
        f.title.contains("2 keys could verify this RS256 token"),
        "{}",
        f.title
    );
    assert!(a.has_errors());
    // With an EC key in its place, only one key with that kid can verify RS256: it is used, and
    // the set is still flagged.
    let mut ec = vector("rfc7515-a3-es256")["key"].clone();
    ec["kid"] = kid;
    let a = run(token, &format!(r#"{{"keys":[{ec},{}]}}"#, rs["key"]));
    let v = verification(&a);
    assert_eq!(v.result, VerifyResult::Valid, "{:?}", a.findings);
    assert_eq!(v.key.as_ref().unwrap().index, Some(1));
    assert_eq!(v.caveats, [Code::VerifyAmbiguousKeySet]);
    let warning = a.finding(Code::VerifyAmbiguousKeySet).unwrap();
    assert_eq!(warning.severity, mi_core::Severity::Warning);
    assert!(
        warning.detail.contains(
            "it is the only key with the token's kid \"bilbo.baggins@hobbiton.example\" that can verify RS256"
        ),
        "{}",
        warning.detail
    );
}

#[test]
fn weak_keys_verify_with_a_warning_beside_the_result() {
    // A 1024-bit RSA key (RFC 7518 §3.5 requires 2048) and a 28-byte secret for HS256 (§3.2
    // requires 32): genuine signatures, each with verify.weak-key.
    for (id, words) in [
        ("ps384-1024-bare-spki", "the RSA key has 1024 bits"),
        ("hs256-utf8", "the secret is 28 bytes"),
    ] {
        let v = vector(id);
        let a = run(v["token"].as_str().unwrap(), &key_text(&v));
        let ver = verification(&a);
        assert_eq!(ver.result, VerifyResult::Valid, "{id}");
        assert_eq!(ver.caveats, [Code::VerifyWeakKey], "{id}");
        assert!(!ver.proves_signature());
        let f = a.finding(Code::VerifyWeakKey).unwrap();
        assert_eq!(f.severity, mi_core::Severity::Warning);
        assert!(f.detail.contains(words), "{id}: {}", f.detail);
    }
    // No false alarms: Entra ID's published keys and the RFC keys are neither small nor ROCA.
    for id in ["jwt-imds-system-mirid-vm", "jwt-imds-user-mirid-uami"] {
        assert!(verification(&run(&common::sample(id), ENTRA_JWKS)).proves_signature());
    }
    for v in jose_vectors() {
        let ver = verification(&run(v["token"].as_str().unwrap(), &key_text(&v))).clone();
        assert!(ver.proves_signature(), "{}: {ver:?}", v["id"]);
    }
}

#[test]
fn no_matching_key_lists_the_sets_kids_and_where_entra_keys_live() {
    let mut jwks: Value = serde_json::from_str(ENTRA_JWKS).unwrap();
    jwks["keys"]
        .as_array_mut()
        .unwrap()
        .retain(|k| k["kid"] != IMDS_KID);
    let a = run(
        &common::sample("jwt-imds-system-mirid-vm"),
        &jwks.to_string(),
    );
    let v = verification(&a);
    assert_eq!(v.result, VerifyResult::NoMatchingKey);
    assert_eq!(
        v.available_kids,
        ["nOo3ZDrODXEK1jKWhXslHR_KXEg", "jS1Xo1OWDj_52vbwGNgvQO2VzMc"]
    );
    let f = a.finding(Code::VerifyNoMatchingKey).unwrap();
    assert!(f.title.contains(IMDS_KID));
    assert!(f.detail.contains("nOo3ZDrODXEK1jKWhXslHR_KXEg"));
    let fix = f.fix.as_deref().unwrap();
    assert!(
        fix.contains("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys"),
        "{fix}"
    );
    assert!(a.has_errors());
}

#[test]
fn a_set_of_one_must_match_the_kid_but_a_lone_jwk_is_tried() {
    let token = common::sample("jwt-imds-system-mirid-vm");
    let other = vector("rfc7520-4.1-rs256")["key"].clone();
    let a = run(&token, &format!(r#"{{"keys":[{other}]}}"#));
    assert_eq!(verification(&a).result, VerifyResult::NoMatchingKey);
    assert_eq!(
        verification(&a).available_kids,
        ["bilbo.baggins@hobbiton.example"]
    );
    let a = run(&token, &other.to_string());
    assert_eq!(verification(&a).result, VerifyResult::Invalid);
    let detail = &a.finding(Code::VerifyInvalid).unwrap().detail;
    assert!(
        detail.contains("probably not the key that signed it"),
        "{detail}"
    );
}

#[test]
fn refuses_algorithm_confusion() {
    // The classic attack: an HS256 token whose "secret" is the RSA public key's PEM text.
    let v = vector("rs384-pem-spki");
    let pem = key_text(&v);
    let forged = {
        use base64::Engine;
        use hmac::Mac;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let input = format!(
            "{}.{}",
            e.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
            e.encode(r#"{"sub":"admin"}"#)
        );
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(pem.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", e.encode(mac.finalize().into_bytes()))
    };
    let a = run(&forged, &pem);
    assert_eq!(verification(&a).result, VerifyResult::AlgKeyMismatch);
    let f = a.finding(Code::VerifyAlgKeyMismatch).unwrap();
    assert!(f.detail.contains("algorithm-confusion"), "{}", f.detail);
    // And the other way round: an RS256 token with a secret.
    let a2 = vector("rfc7515-a2-rs256");
    assert_eq!(
        outcome(a2["token"].as_str().unwrap(), "some-secret"),
        VerifyResult::AlgKeyMismatch
    );
    // ES256 with a P-521 key; PS384 with a JWK whose alg says RS256.
    let a3 = vector("rfc7515-a3-es256");
    let a4 = vector("rfc7515-a4-es512");
    assert_eq!(
        outcome(a3["token"].as_str().unwrap(), &a4["key"].to_string()),
        VerifyResult::AlgKeyMismatch
    );
    let ps = vector("rfc7520-4.2-ps384");
    let mut jwk = ps["key"].clone();
    jwk["alg"] = "RS256".into();
    let a = run(ps["token"].as_str().unwrap(), &jwk.to_string());
    assert_eq!(verification(&a).result, VerifyResult::AlgKeyMismatch);
    assert!(a
        .finding(Code::VerifyAlgKeyMismatch)
        .unwrap()
        .detail
        .contains("RS256 only"));
}

#[test]
fn alg_none_is_unsigned_and_never_valid() {
    // RFC 7515 Appendix A.5, the example unsecured JWS.
    let token = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";
    for key in ["anything", "", r#"{"kty":"oct","k":""}"#] {
        let a = run(token, key);
        if key.is_empty() {
            assert!(a.verification.is_none());
            continue;
        }
        assert_eq!(verification(&a).result, VerifyResult::Unsigned);
        assert!(a.finding(Code::VerifyUnsigned).is_some());
        assert!(a.has_errors());
    }
}

#[test]
fn graph_tokens_with_a_nonce_are_explained_not_called_forged() {
    let header = format!(
        r#"{{"typ":"JWT","nonce":"abc123","alg":"RS256","x5t":"{IMDS_KID}","kid":"{IMDS_KID}"}}"#
    );
    let payload = r#"{"aud":"00000003-0000-0000-c000-000000000000","iss":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","tid":"72f988bf-86f1-41af-91ab-2d7cd011db47","oid":"x","ver":"1.0"}"#;
    use base64::Engine;
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = format!(
        "{}.{}.{}",
        e.encode(header),
        e.encode(payload),
        e.encode([7u8; 256])
    );
    let a = run(&token, ENTRA_JWKS);
    assert_eq!(verification(&a).result, VerifyResult::UnverifiableNonce);
    let f = a.finding(Code::VerifyUnverifiableNonce).unwrap();
    assert!(f.detail.contains("by design"));
    assert!(a.finding(Code::VerifyInvalid).is_none());
    assert!(a.finding(Code::TokenUnverifiableNonce).is_some());
}

#[test]
fn bad_keys_say_what_is_wrong() {
    let token = common::sample("jwt-imds-system-mirid-vm");
    let cases = [
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "expected a SubjectPublicKeyInfo",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
            "private key",
        ),
        (r#"{"kty":"RSA","n":"AQAB"}"#, "no \"e\" member"),
        (r#"{"kty":"RSA","n":"!!!","e":"AQAB"}"#, "not base64url"),
        (r#"{"kty":"RSA","n":"AAAA","e":"AQAB"}"#, "even or zero"),
        (
            r#"{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}"#,
            "does not lie on the curve",
        ),
        (r#"{"kty":"OKP","crv":"X25519","x":"AQ"}"#, "only Ed25519"),
        (r#"{"kid":"x"}"#, "neither a JWK"),
        ("{\"keys\": [", "not valid JSON"),
    ];
    for (key, expected) in cases {
        let a = run(&token, key);
        let v = verification(&a);
        // A single unreadable key is a bad key; an EC or Ed key is first refused for RS256.
        let f = a
            .finding(Code::VerifyBadKey)
            .unwrap_or_else(|| panic!("{key}: {:?}", v));
        assert!(
            f.detail.to_lowercase().contains(&expected.to_lowercase()),
            "{key}: {}",
            f.detail
        );
        assert_eq!(v.result, VerifyResult::BadKey);
    }
}

#[test]
fn encrypted_and_unknown_algorithms_are_unsupported() {
    // RFC 7516 Appendix A.3 JWE (A128KW, A128CBC-HS256).
    let jwe = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ";
    assert_eq!(outcome(jwe, "secret"), VerifyResult::UnsupportedAlg);
    let es256k = common::token(r#"{"alg":"ES256K"}"#, r#"{"sub":"x"}"#);
    let a = run(&es256k, "secret");
    assert_eq!(verification(&a).result, VerifyResult::UnsupportedAlg);
    assert!(a
        .finding(Code::VerifyUnsupportedAlg)
        .unwrap()
        .detail
        .contains("secp256k1"));
}

#[test]
fn no_key_means_no_verification() {
    let token = common::sample("jwt-imds-system-mirid-vm");
    assert!(run(&token, "  \n").verification.is_none());
    assert!(run("", ENTRA_JWKS).verification.is_none());
    // The JSON of an analysis without a key is unchanged: no "verification" member at all.
    let v = serde_json::to_value(run(&token, "")).unwrap();
    assert!(v.get("verification").is_none());
}

fn mutate(text: &str, edits: &[(usize, char, u8)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(i, c, op) in edits {
        let n = chars.len().max(1);
        match op % 3 {
            0 => chars.insert(i % (chars.len() + 1), c),
            1 if !chars.is_empty() => {
                chars.remove(i % n);
            }
            _ if !chars.is_empty() => chars[i % n] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn interesting() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '.', '=', '+', '/', '-', '_', '"', '{', '}', '[', ']', ':', ',', '\n', 'A', '0', 'e',
            '\u{feff}',
        ]),
        any::<char>(),
    ]
}

fn key_texts() -> Vec<String> {
    let mut keys: Vec<String> = jose_vectors().iter().map(key_text).collect();
    keys.extend(generated_vectors().iter().map(key_text));
    keys.push(ENTRA_JWKS.to_string());
    keys
}

fn cheap_tokens() -> Vec<String> {
    // The ES512/P-521 and 4096-bit vectors are slow in debug builds; the rest cover every path.
    let mut tokens: Vec<String> = jose_vectors()
        .iter()
        .filter(|v| v["alg"] != "ES512")
        .map(|v| v["token"].as_str().unwrap().to_string())
        .collect();
    tokens.push(common::sample("jwt-imds-system-mirid-vm"));
    tokens
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_key_text(key in ".{0,400}", pick in any::<prop::sample::Index>()) {
        let token = pick.get(&cheap_tokens()).clone();
        let _ = run(&token, &key);
    }

    #[test]
    fn never_panics_on_mutated_keys_and_tokens(
        key_pick in any::<prop::sample::Index>(),
        token_pick in any::<prop::sample::Index>(),
        key_edits in prop::collection::vec((any::<usize>(), interesting(), any::<u8>()), 0..6),
        token_edits in prop::collection::vec((any::<usize>(), interesting(), any::<u8>()), 0..4),
    ) {
        let keys = key_texts();
        let key = mutate(key_pick.get(&keys).as_str(), &key_edits);
        let tokens = cheap_tokens();
        let token = mutate(token_pick.get(&tokens).as_str(), &token_edits);
        let a = run(&token, &key);
        if let Some(v) = &a.verification {
            prop_assert_eq!(a.finding(v.result.code()).is_some(), true);
        }
    }

    #[test]
    fn a_changed_signature_never_verifies(pick in any::<prop::sample::Index>(), at in any::<usize>()) {
        let vectors: Vec<Value> = jose_vectors().into_iter().filter(|v| v["alg"] != "ES512").collect();
        let v = pick.get(&vectors);
        let token = flip_signature_byte(v["token"].as_str().unwrap(), at);
        prop_assert_eq!(outcome(&token, &key_text(v)), VerifyResult::Invalid);
    }
}
