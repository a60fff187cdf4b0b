//! Project Wycheproof against the verifier: every test vector file in the shared
//! `vectors/wycheproof/` folder (C2SP/wycheproof, `testvectors_v1` at commit dac1dd47, copied
//! unchanged; see its README.md), each case run through the entry points the app uses.
//!
//! - RSA PKCS#1 v1.5, RSA-PSS, ECDSA (P1363 r||s, as JWS encodes it) and Ed25519 files: the key
//!   is read from the group's `publicKeyPem` by `verify::keys::parse` (what the key panel does),
//!   and the signature checked by the primitive JWS uses (`verify_pkcs1v15`, `verify_pss`,
//!   `ecdsa::PublicKey::verify`, `ed25519::PublicKey::verify`).
//! - `json_web_*` files: the compact JWS (or JWE) and the group's key or key set, as JSON, go to
//!   `mi_core::analyze_with_key`, exactly as pasted into the page; a case is accepted when
//!   `verification.proves_signature()`: the result is `valid` with no caveat (weak key,
//!   ambiguous key set).
//!
//! How a case maps to our verdict, from each file's schema and notes:
//! - `valid` must be accepted and `invalid` rejected.
//! - `acceptable` (only the PKCS#1 "MissingNull" cases: a DigestInfo without its NULL): pinned
//!   to rejected, since the verifier compares against the one encoding RFC 8017 §9.2 (note 1)
//!   gives, with NULL.
//! - RSA-PSS groups whose parameters are not a JWS algorithm's (RFC 7518 §3.5: MGF1 with the same
//!   hash and a salt as long as the hash; SHA-1 and SHA-224 have no PS algorithm) are signatures
//!   JWS does not allow, valid or not in Wycheproof's terms: each must be rejected by PS256,
//!   PS384 and PS512 alike.
//! - JWE cases (`json_web_crypto_test.json`, `jwe`): the inspector does not decrypt, so every one
//!   must come out `unsupported_alg`, never valid.
//! - The allow-list below: the few JWS cases where the inspector's verdict knowingly differs.
//!
//! Prints one line of counts per file (run with `--nocapture` to see them) and fails on any case
//! whose verdict differs and is not allow-listed, and on any allow-listed case that no longer
//! differs (so the list stays true).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mi_core::verify::bignum::hex_bytes;
use mi_core::verify::hash::Hash;
use mi_core::verify::keys::{self, Material};
use mi_core::verify::VerifyResult;
use mi_core::{analyze_with_key, Context};
use serde_json::Value;

/// Cases whose verdict knowingly differs from Wycheproof's: (file, tcId, why).
const ALLOWED: &[(&str, u64, &str)] = &[
    // RFC 7520 examples whose key Wycheproof gave an `alg` that is not the token's: 346 and 350
    // sign PS384 with a key that says "PS256"; 347 and 351 sign ES512 with a key that says
    // "ES521" (no such algorithm). RFC 7517 §4.4: a key's "alg" identifies the algorithm intended
    // for use with it; Wycheproof's own doc/json_web_crypto.md ("Ignoring alg field in key") asks
    // for exactly this refusal. The inspector says alg_key_mismatch.
    (
        "json_web_signature_test.json",
        346,
        "key alg PS256, token PS384",
    ),
    (
        "json_web_signature_test.json",
        347,
        "key alg ES521, token ES512",
    ),
    (
        "json_web_signature_test.json",
        350,
        "key alg PS256, token PS384",
    ),
    (
        "json_web_signature_test.json",
        351,
        "key alg ES521, token ES512",
    ),
    // "invalidBase64Padding" and "invalidBase64PaddingInPayload": their `jws` is byte for byte
    // the valid case 357 (the padding they test for was lost from the file), so it is valid.
    (
        "json_web_signature_test.json",
        367,
        "identical to the valid 357",
    ),
    (
        "json_web_signature_test.json",
        370,
        "identical to the valid 357",
    ),
    // "InvalidCharacterInsertedInHeader/Payload", marked valid: a '?' is inserted into 357's
    // header or payload and 357's MAC kept. The MAC does not cover the text as sent (the signing
    // input is the encoded header and payload, RFC 7515 §5.2 step 8); it verifies only for a
    // reader that drops characters it cannot decode, which RFC 7515 §5.2 forbids ("no line breaks,
    // whitespace, or other additional characters"). The inspector does not call them valid.
    (
        "json_web_signature_test.json",
        372,
        "'?' in the header: MAC over other text",
    ),
    (
        "json_web_signature_test.json",
        373,
        "'?' in the payload: MAC over other text",
    ),
    // "s_len changed to 32" in the salt-length-0 file: invalid for that file's parameters, but
    // made with a 32-byte salt, MGF1-SHA-256 and SHA-256: exactly PS256 (RFC 7518 §3.5), which
    // rightly accepts it.
    (
        "rsa_pss_2048_sha256_mgf1_0_test.json",
        69,
        "a genuine PS256 signature",
    ),
];

/// Per-file counts.
#[derive(Default)]
struct Counts {
    valid_accepted: usize,
    invalid_rejected: usize,
    acceptable: usize,
    outside_jws: usize,
    jwe: usize,
    allowed: usize,
}

/// What happened to one case.
enum Outcome {
    ValidAccepted,
    InvalidRejected,
    Acceptable,
    OutsideJws,
    Jwe,
    /// Our verdict differs: what we said.
    Mismatch(String),
}

/// The folder: `../../shared/vectors/wycheproof` from the core's manifest (the `shared` folder
/// beside the repository clone), else the first `shared/vectors/wycheproof` above it (for git
/// worktrees kept deeper), or `WYCHEPROOF_DIR`.
fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WYCHEPROOF_DIR") {
        return PathBuf::from(dir);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let primary = manifest.join("../../shared/vectors/wycheproof");
    if primary.is_dir() {
        return primary;
    }
    manifest
        .ancestors()
        .map(|a| a.join("shared/vectors/wycheproof"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "The Wycheproof vectors are missing: expected them in {} (the shared folder \
                 beside the repository clone) or a shared/vectors/wycheproof above {}; set \
                 WYCHEPROOF_DIR to their folder.",
                primary.display(),
                manifest.display()
            )
        })
}

#[test]
fn every_wycheproof_vector_gets_the_expected_verdict() {
    let dir = vectors_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 28,
        "only {} vector files in {}",
        files.len(),
        dir.display()
    );
    // Two threads: the machine has two cores, and the files are independent.
    let (left, right) = files.split_at(files.len() / 2);
    let results: Vec<(String, Counts, Vec<String>, Vec<u64>)> = std::thread::scope(|s| {
        let a = s.spawn(|| left.iter().map(|f| run_file(f)).collect::<Vec<_>>());
        let b = s.spawn(|| right.iter().map(|f| run_file(f)).collect::<Vec<_>>());
        let mut all = a.join().unwrap();
        all.extend(b.join().unwrap());
        all
    });

    let mut mismatches = Vec::new();
    let mut allowed_seen: BTreeMap<(String, u64), bool> = BTreeMap::new();
    let mut total = 0;
    println!("Wycheproof: passed valid / rejected invalid / acceptable (rejected) / outside JWS (rejected) / JWE (not decrypted) / allow-listed");
    for (name, c, bad, allowed) in &results {
        let n = c.valid_accepted
            + c.invalid_rejected
            + c.acceptable
            + c.outside_jws
            + c.jwe
            + c.allowed
            + bad.len();
        total += n;
        println!(
            "  {name}: {n} cases: {} / {} / {} / {} / {} / {}{}",
            c.valid_accepted,
            c.invalid_rejected,
            c.acceptable,
            c.outside_jws,
            c.jwe,
            c.allowed,
            if bad.is_empty() {
                String::new()
            } else {
                format!(", {} MISMATCHED", bad.len())
            }
        );
        mismatches.extend(bad.iter().map(|b| format!("{name} {b}")));
        for id in allowed {
            allowed_seen.insert((name.clone(), *id), true);
        }
    }
    println!("  total: {total} cases in {} files", results.len());
    let stale: Vec<String> = ALLOWED
        .iter()
        .filter(|(f, id, _)| !allowed_seen.contains_key(&((*f).to_string(), *id)))
        .map(|(f, id, why)| {
            format!("{f} tcId {id} ({why}) now matches Wycheproof: take it off the allow-list")
        })
        .collect();
    assert!(
        mismatches.is_empty() && stale.is_empty(),
        "{}",
        mismatches
            .iter()
            .chain(&stale)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Runs one file: its name, counts, mismatches ("tcId N (comment): expected X, got Y") and the
/// allow-listed tcIds that did differ.
fn run_file(path: &Path) -> (String, Counts, Vec<String>, Vec<u64>) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let schema = file["schema"].as_str().unwrap_or_default();
    let mut counts = Counts::default();
    let mut bad = Vec::new();
    let mut allowed = Vec::new();
    let mut cases = 0;
    for group in file["testGroups"].as_array().unwrap() {
        let run = group_runner(&name, schema, group);
        for case in group["tests"].as_array().unwrap() {
            cases += 1;
            let id = case["tcId"].as_u64().unwrap();
            let outcome = run(case);
            let allow = ALLOWED.iter().any(|(f, i, _)| *f == name && *i == id);
            match outcome {
                Outcome::ValidAccepted if !allow => counts.valid_accepted += 1,
                Outcome::InvalidRejected if !allow => counts.invalid_rejected += 1,
                Outcome::Acceptable => counts.acceptable += 1,
                Outcome::OutsideJws => counts.outside_jws += 1,
                Outcome::Jwe => counts.jwe += 1,
                Outcome::Mismatch(_) if allow => {
                    counts.allowed += 1;
                    allowed.push(id);
                }
                Outcome::Mismatch(got) => bad.push(format!(
                    "tcId {id} ({}): Wycheproof says {}, got {got}",
                    case["comment"].as_str().unwrap_or(""),
                    case["result"].as_str().unwrap_or("?")
                )),
                // Allow-listed, yet our verdict agrees: reported as stale by the caller.
                _ => {}
            }
        }
    }
    assert_eq!(
        Some(cases),
        file["numberOfTests"].as_u64(),
        "{name}: numberOfTests"
    );
    (name, counts, bad, allowed)
}

type Runner<'g> = Box<dyn Fn(&Value) -> Outcome + 'g>;

/// The function that runs one case of `group`, chosen by the file's schema.
fn group_runner<'g>(name: &str, schema: &str, group: &'g Value) -> Runner<'g> {
    match schema {
        "rsassa_pkcs1_verify_schema_v1.json" => pkcs1_group(group),
        "rsassa_pss_verify_schema_v1.json" | "rsassa_pss_with_parameters_verify_schema.json" => {
            pss_group(group)
        }
        "ecdsa_p1363_verify_schema_v1.json" => ecdsa_group(group),
        "eddsa_verify_schema_v1.json" => eddsa_group(group),
        "json_web_signature_schema_v1.json"
        | "json_web_key_schema_v1.json"
        | "json_web_crypto_schema_v1.json" => jose_group(group),
        other => panic!("{name}: schema {other} has no mapping to the inspector's verdict"),
    }
}

fn hash(name: &str) -> Option<Hash> {
    match name {
        "SHA-256" => Some(Hash::Sha256),
        "SHA-384" => Some(Hash::Sha384),
        "SHA-512" => Some(Hash::Sha512),
        _ => None,
    }
}

/// The group's public key read the way the key panel reads it.
fn key_from_pem(group: &Value) -> Result<Material, String> {
    let pem = group["publicKeyPem"].as_str().ok_or("no publicKeyPem")?;
    let set = keys::parse(pem)?;
    set.candidates
        .into_iter()
        .next()
        .ok_or_else(|| "no key".to_string())?
        .material
}

/// The verdict for a primitive case: `accepted` by the primitive, or `key` unreadable.
fn primitive_outcome(case: &Value, accepted: Result<bool, &String>) -> Outcome {
    let expected = case["result"].as_str().unwrap_or_default();
    match (expected, accepted) {
        ("valid", Ok(true)) => Outcome::ValidAccepted,
        ("invalid", Ok(false) | Err(_)) => Outcome::InvalidRejected,
        ("acceptable", Ok(false)) => Outcome::Acceptable,
        (_, Ok(ok)) => Outcome::Mismatch(if ok { "accepted" } else { "rejected" }.to_string()),
        (_, Err(e)) => Outcome::Mismatch(format!("an unreadable key: {e}")),
    }
}

fn bytes(case: &Value, member: &str) -> Vec<u8> {
    hex_bytes(case[member].as_str().unwrap_or_default())
}

/// A group checked by one primitive: `check` verifies (message, signature) with the group's key.
fn primitive_group<'g>(
    group: &'g Value,
    check: impl Fn(&Material, &[u8], &[u8]) -> bool + 'g,
) -> Runner<'g> {
    let key = key_from_pem(group);
    Box::new(move |case| {
        let accepted = key
            .as_ref()
            .map(|k| check(k, &bytes(case, "msg"), &bytes(case, "sig")));
        primitive_outcome(case, accepted)
    })
}

fn pkcs1_group(group: &Value) -> Runner<'_> {
    let h = hash(group["sha"].as_str().unwrap_or_default()).expect("a JWS hash");
    primitive_group(group, move |key, msg, sig| match key {
        Material::Rsa(k) => k.verify_pkcs1v15(h, msg, sig),
        _ => panic!("not an RSA key"),
    })
}

fn pss_group(group: &Value) -> Runner<'_> {
    let key = key_from_pem(group);
    let sha = hash(group["sha"].as_str().unwrap_or_default());
    let jws = sha.filter(|h| {
        group["mgf"] == "MGF1"
            && group["mgfSha"] == group["sha"]
            && group["sLen"].as_u64() == Some(h.output_len() as u64)
    });
    Box::new(move |case| {
        let (msg, sig) = (bytes(case, "msg"), bytes(case, "sig"));
        let k = match &key {
            Ok(Material::Rsa(k)) => k,
            Ok(_) => panic!("not an RSA key"),
            Err(e) => return primitive_outcome(case, Err(e)),
        };
        match jws {
            Some(h) => primitive_outcome(case, Ok(k.verify_pss(h, &msg, &sig))),
            None => {
                let accepted_by = [Hash::Sha256, Hash::Sha384, Hash::Sha512]
                    .into_iter()
                    .find(|h| k.verify_pss(*h, &msg, &sig));
                match accepted_by {
                    Some(h) => Outcome::Mismatch(format!(
                        "accepted by PS{} outside this group's parameters",
                        h.output_len() * 8
                    )),
                    None => Outcome::OutsideJws,
                }
            }
        }
    })
}

fn ecdsa_group(group: &Value) -> Runner<'_> {
    if let Ok(Material::Ec(k)) = key_from_pem(group) {
        // JWS pairs each curve with one hash (RFC 7518 §3.4); these files use those pairs.
        assert_eq!(
            hash(group["sha"].as_str().unwrap_or_default()),
            Some(k.curve.hash()),
            "curve and hash are not a JWS pair"
        );
    }
    primitive_group(group, |key, msg, sig| match key {
        Material::Ec(k) => k.verify(msg, sig),
        _ => panic!("not an EC key"),
    })
}

fn eddsa_group(group: &Value) -> Runner<'_> {
    primitive_group(group, |key, msg, sig| match key {
        Material::Ed25519(k) => k.verify(msg, sig),
        _ => panic!("not an Ed25519 key"),
    })
}

/// A JOSE group: the key (or key set) as JSON, as a user pastes it; the public one when given.
fn jose_group(group: &Value) -> Runner<'_> {
    let key = match (&group["public"], &group["private"]) {
        (Value::Null, Value::Null) => panic!("a group without keys"),
        (Value::Null, private) => private.to_string(),
        (public, _) => public.to_string(),
    };
    Box::new(move |case| {
        let expected = case["result"].as_str().unwrap_or_default();
        if let Some(jwe) = case.get("jwe") {
            let text = jwe.as_str().map_or_else(|| jwe.to_string(), str::to_string);
            let a = analyze_with_key(&text, &key, &Context::at(0));
            let result = a.verification.map(|v| v.result);
            return match result {
                Some(VerifyResult::UnsupportedAlg) | None => Outcome::Jwe,
                Some(other) => Outcome::Mismatch(format!("JWE gave {other:?}")),
            };
        }
        let jws = &case["jws"];
        let text = jws.as_str().map_or_else(|| jws.to_string(), str::to_string);
        let a = analyze_with_key(&text, &key, &Context::at(0));
        let accepted = a
            .verification
            .as_ref()
            .is_some_and(|v| v.proves_signature());
        let got = || match &a.verification {
            Some(v) if v.caveats.is_empty() => format!("{:?}", v.result),
            Some(v) => format!("{:?} with caveats {:?}", v.result, v.caveats),
            None => "no verification".to_string(),
        };
        match (expected, accepted) {
            ("valid", true) => Outcome::ValidAccepted,
            ("invalid", false) => Outcome::InvalidRejected,
            _ => Outcome::Mismatch(got()),
        }
    })
}
