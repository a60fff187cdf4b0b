//! Reading pasted key material: PEM (SPKI, PKCS#1 RSA, certificates), the bare base64 DER of a
//! certificate (Entra's `x5c`) or public key, a JWK, a whole JWKS, or an HMAC secret as UTF-8,
//! base64 or base64url. Each key becomes a [`Candidate`] that remembers its `kid`, thumbprints and
//! what is wrong with it, so that one broken key never hides the others in a set, and whether its
//! JWK says it is meant for something other than signatures (`use`, `key_ops`). A set whose keys
//! share a `kid`, or that mixes shared secrets with public keys, is [`Ambiguity`].

use serde::Serialize;
use serde_json::{Map, Value};

use super::der::{self, CurveOid, SpkiKey};
use super::ecdsa::{self, Curve};
use super::{ed25519, hash, rsa};
use crate::input::base64url;
use crate::model::truncate_at_char_boundary;

/// What the pasted text was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// `{"keys": [...]}`.
    Jwks,
    Jwk,
    /// PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
    PemPublicKey,
    /// PEM `RSA PUBLIC KEY` (PKCS#1).
    PemRsaPublicKey,
    /// PEM `CERTIFICATE`.
    PemCertificate,
    /// The bare base64 DER of a certificate, as in a JWKS's `x5c`.
    Certificate,
    /// The bare base64 DER of a SubjectPublicKeyInfo.
    PublicKeyDer,
    /// An HMAC secret.
    Secret,
}

impl KeySource {
    /// Every kind of key text (what the page reads back from its second module is one of them).
    pub const ALL: &'static [KeySource] = &[
        KeySource::Jwks,
        KeySource::Jwk,
        KeySource::PemPublicKey,
        KeySource::PemRsaPublicKey,
        KeySource::PemCertificate,
        KeySource::Certificate,
        KeySource::PublicKeyDer,
        KeySource::Secret,
    ];

    pub fn label(self) -> &'static str {
        match self {
            KeySource::Jwks => "key set (JWKS)",
            KeySource::Jwk => "JWK",
            KeySource::PemPublicKey => "PEM public key",
            KeySource::PemRsaPublicKey => "PEM RSA public key (PKCS#1)",
            KeySource::PemCertificate => "PEM certificate",
            KeySource::Certificate => "base64 certificate (as in x5c)",
            KeySource::PublicKeyDer => "base64 DER public key",
            KeySource::Secret => "HMAC secret",
        }
    }
}

/// One way of reading a secret's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretForm {
    pub bytes: Vec<u8>,
    /// How the text was read: "UTF-8", "base64", "base64url", "JWK k".
    pub encoding: &'static str,
}

/// Usable key material; its type decides which algorithms it may verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Material {
    Rsa(rsa::PublicKey),
    Ec(ecdsa::PublicKey),
    Ed25519(ed25519::PublicKey),
    /// The readings of a secret to try, in order.
    Secret(Vec<SecretForm>),
}

impl Material {
    /// "RSA 2048-bit", "EC P-256", "Ed25519", "HMAC secret".
    pub fn describe(&self) -> String {
        match self {
            Material::Rsa(k) => format!("RSA {}-bit", k.bits()),
            Material::Ec(k) => format!("EC {}", k.curve.name()),
            Material::Ed25519(_) => "Ed25519".to_string(),
            Material::Secret(_) => "HMAC secret".to_string(),
        }
    }

    /// The algorithms this key type may verify, in words.
    pub fn allowed(&self) -> &'static str {
        match self {
            Material::Rsa(_) => "RS256/384/512 and PS256/384/512",
            Material::Ec(k) => k.curve.alg(),
            Material::Ed25519(_) => "EdDSA",
            Material::Secret(_) => "HS256/384/512",
        }
    }
}

/// One key from the paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The key, or what is wrong with it.
    pub material: Result<Material, String>,
    pub kid: Option<String>,
    /// `x5t` as the JWK states it.
    pub x5t: Option<String>,
    pub x5t_s256: Option<String>,
    /// SHA-1 and SHA-256 thumbprints computed from the certificate, when there is one.
    pub cert_x5t: Option<String>,
    pub cert_x5t_s256: Option<String>,
    /// The JWK's `alg`, when it restricts the key to one algorithm.
    pub alg: Option<String>,
    pub subject: Option<String>,
    pub not_after: Option<String>,
    /// Position in a key set (0-based).
    pub index: Option<usize>,
    /// The JWK carried private members (`d`, `p`, …): only its public part is used.
    pub private_members: bool,
    /// Why the JWK says it is not for verifying signatures (its `use` or `key_ops`), if it does.
    pub not_for_signing: Option<String>,
}

impl Candidate {
    fn new(material: Result<Material, String>) -> Candidate {
        Candidate {
            material,
            kid: None,
            x5t: None,
            x5t_s256: None,
            cert_x5t: None,
            cert_x5t_s256: None,
            alg: None,
            subject: None,
            not_after: None,
            index: None,
            private_members: false,
            not_for_signing: None,
        }
    }

    /// Whether the key carries this `x5t` (stated or computed).
    pub fn has_x5t(&self, x5t: &str) -> bool {
        self.x5t.as_deref() == Some(x5t) || self.cert_x5t.as_deref() == Some(x5t)
    }

    pub fn has_x5t_s256(&self, t: &str) -> bool {
        self.x5t_s256.as_deref() == Some(t) || self.cert_x5t_s256.as_deref() == Some(t)
    }
}

/// Everything read from the paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySet {
    pub source: KeySource,
    pub candidates: Vec<Candidate>,
}

/// What makes a key set ambiguous. Project Wycheproof's JWK tests (json_web_key_test.json, notes
/// "DuplicateKid" and "MixedKeySet") expect such sets to be rejected; the inspector warns and
/// verifies only when the token still picks one key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    /// `kid`s that two or more different keys share.
    pub duplicate_kids: Vec<String>,
    /// The set holds shared secrets (`oct`) beside public keys.
    pub mixes_secrets: bool,
}

impl KeySet {
    /// Whether the set is ambiguous, and how. Only key sets (JWKS) can be.
    pub fn ambiguity(&self) -> Option<Ambiguity> {
        if self.source != KeySource::Jwks {
            return None;
        }
        let readable: Vec<(&Candidate, &Material)> = self
            .candidates
            .iter()
            .filter_map(|c| c.material.as_ref().ok().map(|m| (c, m)))
            .collect();
        let mut duplicate_kids: Vec<String> = Vec::new();
        for (i, (c, m)) in readable.iter().enumerate() {
            let Some(kid) = c.kid.as_deref() else {
                continue;
            };
            let shared = readable
                .iter()
                .skip(i + 1)
                .any(|(o, om)| o.kid.as_deref() == Some(kid) && om != m);
            if shared && !duplicate_kids.iter().any(|k| k == kid) {
                duplicate_kids.push(kid.to_string());
            }
        }
        let secrets = readable
            .iter()
            .filter(|(_, m)| matches!(m, Material::Secret(_)))
            .count();
        let mixes_secrets = secrets > 0 && secrets < readable.len();
        (mixes_secrets || !duplicate_kids.is_empty()).then_some(Ambiguity {
            duplicate_kids,
            mixes_secrets,
        })
    }
}

/// Keys read from one paste at most (real key sets hold a handful); more are ignored, so a huge
/// paste cannot freeze the page.
pub const MAX_KEYS: usize = 100;

/// Reads pasted key material. `Err` says, in a sentence, why nothing usable could be read.
pub fn parse(text: &str) -> Result<KeySet, String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return Err("the key panel is empty".into());
    }
    if trimmed.contains("-----BEGIN") {
        return parse_pem(trimmed);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return parse_json(trimmed);
    }
    let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(der) = decode_b64(&compact).filter(|d| d.first() == Some(&0x30)) {
        if let Ok((key, info)) = der::certificate(&der) {
            return Ok(KeySet {
                source: KeySource::Certificate,
                candidates: vec![from_certificate(key, info, &der)],
            });
        }
        if let Ok(key) = der::spki(&der) {
            return Ok(KeySet {
                source: KeySource::PublicKeyDer,
                candidates: vec![Candidate::new(from_spki(key))],
            });
        }
    }
    Ok(KeySet {
        source: KeySource::Secret,
        candidates: vec![Candidate::new(Ok(Material::Secret(secret_forms(trimmed))))],
    })
}

/// Every way a secret's text is read ([`super::KeyUsed::secret_encoding`]).
pub const SECRET_ENCODINGS: &[&str] = &[
    "UTF-8",
    "base64url",
    "base64",
    "base64 or base64url",
    "JWK k",
];

/// The readings of secret text: as UTF-8, and as base64/base64url when it decodes.
fn secret_forms(text: &str) -> Vec<SecretForm> {
    let mut forms = vec![SecretForm {
        bytes: text.as_bytes().to_vec(),
        encoding: "UTF-8",
    }];
    let decoded = base64url::decode(text);
    if decoded.error.is_none() && !decoded.bytes.is_empty() {
        let url = text.contains(['-', '_']);
        let std = decoded.standard_at.is_some();
        let encoding = match (url, std) {
            (true, _) => "base64url",
            (false, true) => "base64",
            (false, false) => "base64 or base64url",
        };
        forms.push(SecretForm {
            bytes: decoded.bytes,
            encoding,
        });
    }
    forms
}

/// Standard or URL-safe base64, padded or not; `None` if it is not base64.
fn decode_b64(text: &str) -> Option<Vec<u8>> {
    let d = base64url::decode(text);
    (d.error.is_none() && !d.bytes.is_empty()).then_some(d.bytes)
}

fn parse_pem(text: &str) -> Result<KeySet, String> {
    let mut source = None;
    let mut candidates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest
        .find("-----BEGIN ")
        .filter(|_| candidates.len() < MAX_KEYS)
    {
        let after = rest.get(start + "-----BEGIN ".len()..).unwrap_or("");
        let label_end = after
            .find("-----")
            .ok_or("a PEM header has no closing dashes")?;
        let label = after.get(..label_end).unwrap_or("").trim().to_string();
        let body_start = after.get(label_end + 5..).unwrap_or("");
        let end_marker = format!("-----END {label}-----");
        let body_end = body_start.find(&end_marker).ok_or_else(|| {
            format!("the PEM block \"{label}\" has no \"{end_marker}\" line: it was cut short")
        })?;
        let body = body_start.get(..body_end).unwrap_or("");
        rest = body_start.get(body_end + end_marker.len()..).unwrap_or("");

        if label.contains("PRIVATE KEY") {
            return Err(format!(
                "this is a private key (PEM \"{label}\"). Verifying needs only the public key or \
                 certificate; a private key should never be pasted anywhere"
            ));
        }
        if label == "EC PARAMETERS" {
            continue;
        }
        let base64: String = body
            .lines()
            .filter(|l| !l.contains(':'))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        let der = decode_b64(&base64)
            .ok_or_else(|| format!("the PEM block \"{label}\" is not valid base64"))?;
        let (kind, candidate) = match label.as_str() {
            "PUBLIC KEY" => (
                KeySource::PemPublicKey,
                Candidate::new(der::spki(&der).and_then(from_spki)),
            ),
            "RSA PUBLIC KEY" => (
                KeySource::PemRsaPublicKey,
                Candidate::new(
                    der::rsa_public_key(&der)
                        .and_then(|(n, e)| rsa::PublicKey::new(&n, &e).map_err(|e| e.to_string()))
                        .map(Material::Rsa),
                ),
            ),
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => (
                KeySource::PemCertificate,
                match der::certificate(&der) {
                    Ok((key, info)) => from_certificate(key, info, &der),
                    Err(e) => Candidate::new(Err(format!("the certificate cannot be read: {e}"))),
                },
            ),
            other => {
                return Err(format!(
                    "the PEM block \"{other}\" holds no public key; paste a PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE"
                ))
            }
        };
        source.get_or_insert(kind);
        candidates.push(candidate);
    }
    let source = source.ok_or("the text has a PEM header but no complete PEM block")?;
    for (i, c) in candidates.iter_mut().enumerate() {
        c.index = Some(i);
    }
    Ok(KeySet { source, candidates })
}

fn from_spki(key: SpkiKey) -> Result<Material, String> {
    match key {
        SpkiKey::Rsa { n, e } => rsa::PublicKey::new(&n, &e)
            .map(Material::Rsa)
            .map_err(|e| e.to_string()),
        SpkiKey::Ec { curve, point } => {
            let curve = match curve {
                CurveOid::P256 => Curve::P256,
                CurveOid::P384 => Curve::P384,
                CurveOid::P521 => Curve::P521,
            };
            ecdsa::PublicKey::from_sec1(curve, &point)
                .map(Material::Ec)
                .map_err(|e| e.to_string())
        }
        SpkiKey::Ed25519(bytes) => ed25519::PublicKey::new(&bytes)
            .map(Material::Ed25519)
            .ok_or_else(|| {
                "the Ed25519 public key is not 32 bytes that decode to a curve point".to_string()
            }),
    }
}

fn from_certificate(key: SpkiKey, info: der::CertInfo, der: &[u8]) -> Candidate {
    let mut c = Candidate::new(from_spki(key));
    c.cert_x5t = Some(base64url::encode(&hash::sha1(der)));
    c.cert_x5t_s256 = Some(base64url::encode(&hash::sha256(der)));
    c.subject = info.subject_cn;
    c.not_after = info.not_after;
    c
}

fn parse_json(text: &str) -> Result<KeySet, String> {
    let value: Value = serde_json::from_slice(text.as_bytes())
        .map_err(|e| format!("the key text starts like JSON but is not valid JSON ({e})"))?;
    let (source, keys): (KeySource, Vec<&Value>) = match &value {
        Value::Object(o) if o.contains_key("keys") => match o.get("keys") {
            Some(Value::Array(keys)) => (KeySource::Jwks, keys.iter().collect()),
            _ => return Err("the key set's \"keys\" member is not an array".into()),
        },
        Value::Object(o) if o.contains_key("kty") => (KeySource::Jwk, vec![&value]),
        Value::Object(o) if o.contains_key("jwks_uri") => {
            let uri = o
                .get("jwks_uri")
                .and_then(Value::as_str)
                .unwrap_or("its jwks_uri");
            return Err(format!(
                "this is an OpenID configuration, not the keys: open {uri} and paste what it returns"
            ));
        }
        Value::Array(keys) => (KeySource::Jwks, keys.iter().collect()),
        _ => {
            return Err(
                "the JSON is neither a JWK (it has no \"kty\") nor a key set (it has no \"keys\")"
                    .into(),
            )
        }
    };
    let candidates = keys
        .into_iter()
        .take(MAX_KEYS)
        .enumerate()
        .map(|(i, k)| {
            let mut c = match k {
                Value::Object(jwk) => from_jwk(jwk),
                _ => Candidate::new(Err("this entry of the key set is not a JSON object".into())),
            };
            if source == KeySource::Jwks {
                c.index = Some(i);
            }
            c
        })
        .collect();
    Ok(KeySet { source, candidates })
}

fn member(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = jwk
        .get(name)
        .ok_or_else(|| format!("the JWK has no \"{name}\" member"))?
        .as_str()
        .ok_or_else(|| format!("the JWK's \"{name}\" member is not a string"))?;
    let d = base64url::decode(text);
    match d.error {
        Some(e) => Err(format!(
            "the JWK's \"{name}\" member is not base64url: {}",
            e.describe(&format!("\"{name}\" member"))
        )),
        None if d.bytes.is_empty() => Err(format!("the JWK's \"{name}\" member is empty")),
        None => Ok(d.bytes),
    }
}

fn from_jwk(jwk: &Map<String, Value>) -> Candidate {
    let text = |k: &str| jwk.get(k).and_then(Value::as_str).map(str::to_string);
    let kty = text("kty");
    let first_cert = jwk
        .get("x5c")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .and_then(|s| decode_b64(&s));
    let cert = first_cert.as_ref().map(|der| (der::certificate(der), der));
    let material = match kty.as_deref() {
        Some("RSA") if !jwk.contains_key("n") && cert.is_some() => match &cert {
            Some((Ok((key, _)), _)) => from_spki(key.clone()),
            Some((Err(e), _)) => Err(format!("the JWK's x5c certificate cannot be read: {e}")),
            None => Err("the JWK has no \"n\" member".into()),
        },
        Some("RSA") => member(jwk, "n").and_then(|n| {
            let e = member(jwk, "e")?;
            rsa::PublicKey::new(&n, &e)
                .map(Material::Rsa)
                .map_err(|e| e.to_string())
        }),
        Some("EC") => match text("crv").as_deref().map(|c| (c, Curve::from_jwk_name(c))) {
            Some((_, Some(curve))) => member(jwk, "x").and_then(|x| {
                let y = member(jwk, "y")?;
                ecdsa::PublicKey::from_coordinates(curve, &x, &y)
                    .map(Material::Ec)
                    .map_err(|e| e.to_string())
            }),
            Some((other, None)) => Err(format!(
                "the EC key's curve \"{other}\" is not P-256, P-384 or P-521, which JWS uses"
            )),
            None => Err("the EC JWK has no \"crv\" member".into()),
        },
        Some("OKP") => match text("crv").as_deref() {
            Some("Ed25519") => member(jwk, "x").and_then(|x| {
                ed25519::PublicKey::new(&x)
                    .map(Material::Ed25519)
                    .ok_or_else(|| {
                        "the Ed25519 key's \"x\" is not 32 bytes that decode to a curve point"
                            .to_string()
                    })
            }),
            Some(other) => Err(format!(
                "the OKP key's curve \"{other}\" cannot verify signatures here (only Ed25519)"
            )),
            None => Err("the OKP JWK has no \"crv\" member".into()),
        },
        Some("oct") => member(jwk, "k").map(|k| {
            Material::Secret(vec![SecretForm {
                bytes: k,
                encoding: "JWK k",
            }])
        }),
        Some(other) => Err(format!("the JWK's key type \"{other}\" is unknown")),
        None => Err("the JWK has no \"kty\" member".into()),
    };
    let mut c = Candidate::new(material);
    if let Some((parsed, der)) = cert {
        c.cert_x5t = Some(base64url::encode(&hash::sha1(der)));
        c.cert_x5t_s256 = Some(base64url::encode(&hash::sha256(der)));
        if let Ok((_, info)) = parsed {
            c.subject = info.subject_cn;
            c.not_after = info.not_after;
        }
    }
    c.kid = text("kid");
    c.x5t = text("x5t");
    c.x5t_s256 = text("x5t#S256");
    c.alg = text("alg");
    c.not_for_signing = signing_refusal(jwk);
    c.private_members = kty.as_deref() != Some("oct")
        && ["d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .any(|m| jwk.contains_key(*m));
    c
}

/// Why a JWK's `use` (RFC 7517 §4.2: "sig" or "enc") or `key_ops` (§4.3: "verify" is the
/// operation that checks a signature or MAC) rules out verifying signatures with it.
fn signing_refusal(jwk: &Map<String, Value>) -> Option<String> {
    let shown = |v: &Value| truncate_at_char_boundary(&v.to_string(), 120).to_string();
    match jwk.get("use") {
        Some(Value::String(u)) if u == "sig" => {}
        Some(Value::String(u)) if u == "enc" => {
            return Some("its \"use\" is \"enc\" (encryption), not \"sig\"".to_string())
        }
        Some(other) => return Some(format!("its \"use\" is {}, not \"sig\"", shown(other))),
        None => {}
    }
    match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) if ops.iter().any(|op| op == "verify") => None,
        Some(ops @ Value::Array(_)) => Some(format!(
            "its \"key_ops\" is {}, which lacks \"verify\"",
            shown(ops)
        )),
        Some(other) => Some(format!(
            "its \"key_ops\" is {}, not a list that includes \"verify\"",
            shown(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_a_secret_with_each_reading() {
        let set = parse("  my-secret\n").unwrap();
        assert_eq!(set.source, KeySource::Secret);
        let Ok(Material::Secret(forms)) = &set.candidates[0].material else {
            panic!()
        };
        assert_eq!(forms[0].bytes, b"my-secret");
        assert_eq!(forms.len(), 1, "'my-secret' is 9 characters: not base64");
        let set = parse("c2VjcmV0").unwrap();
        let Ok(Material::Secret(forms)) = &set.candidates[0].material else {
            panic!()
        };
        assert_eq!(forms[1].bytes, b"secret");
        assert_eq!(forms[1].encoding, "base64 or base64url");
    }

    #[test]
    fn refuses_private_keys_and_openid_configurations() {
        let e =
            parse("-----BEGIN PRIVATE KEY-----\nMC4CAQ==\n-----END PRIVATE KEY-----").unwrap_err();
        assert!(e.contains("private key"));
        let e = parse(r#"{"issuer":"x","jwks_uri":"https://login.microsoftonline.com/common/discovery/v2.0/keys"}"#).unwrap_err();
        assert!(e.contains("discovery/v2.0/keys"));
        assert!(parse("{not json").unwrap_err().contains("not valid JSON"));
        assert!(parse("-----BEGIN PUBLIC KEY-----\nAAAA")
            .unwrap_err()
            .contains("cut short"));
    }

    #[test]
    fn reads_at_most_max_keys() {
        let one = r#"{"kty":"oct","k":"c2VjcmV0"}"#;
        let set = format!("{{\"keys\":[{}]}}", vec![one; MAX_KEYS + 50].join(","));
        assert_eq!(parse(&set).unwrap().candidates.len(), MAX_KEYS);
    }

    #[test]
    fn use_and_key_ops_say_when_a_key_is_not_for_signatures() {
        let refusal = |jwk: &str| parse(jwk).unwrap().candidates[0].not_for_signing.clone();
        assert_eq!(refusal(r#"{"kty":"oct","k":"c2VjcmV0","use":"sig"}"#), None);
        assert_eq!(
            refusal(r#"{"kty":"oct","k":"c2VjcmV0","key_ops":["sign","verify"]}"#),
            None
        );
        assert!(refusal(r#"{"kty":"oct","k":"c2VjcmV0","use":"enc"}"#)
            .unwrap()
            .contains("encryption"));
        assert!(
            refusal(r#"{"kty":"oct","k":"c2VjcmV0","key_ops":["encrypt"]}"#)
                .unwrap()
                .contains(r#"["encrypt"], which lacks "verify""#)
        );
        // Wycheproof's private RFC 7520 key writes ["sign, verify"]: one string, not two.
        assert!(refusal(r#"{"kty":"oct","k":"c2VjcmV0","key_ops":["sign, verify"]}"#).is_some());
    }

    #[test]
    fn duplicate_kids_and_mixed_sets_are_ambiguous() {
        let set = |keys: &str| {
            parse(&format!(r#"{{"keys":[{keys}]}}"#))
                .unwrap()
                .ambiguity()
        };
        let a = r#"{"kty":"oct","kid":"a","k":"c2VjcmV0"}"#;
        let b = r#"{"kty":"oct","kid":"a","k":"b3RoZXI"}"#;
        let ec = r#"{"kty":"EC","crv":"P-256","kid":"e","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
        assert_eq!(
            set(&format!("{a},{a}")),
            None,
            "the same key twice is not ambiguous"
        );
        assert_eq!(
            set(&format!("{a},{b}")),
            Some(Ambiguity {
                duplicate_kids: vec!["a".into()],
                mixes_secrets: false
            })
        );
        assert_eq!(
            set(&format!("{a},{ec}")),
            Some(Ambiguity {
                duplicate_kids: vec![],
                mixes_secrets: true
            })
        );
        assert_eq!(parse(a).unwrap().ambiguity(), None);
    }

    #[test]
    fn one_broken_key_does_not_hide_the_others() {
        let set = parse(r#"{"keys":[{"kty":"RSA","kid":"a","n":"!!","e":"AQAB"},{"kty":"oct","kid":"b","k":"c2VjcmV0"}]}"#).unwrap();
        assert_eq!(set.source, KeySource::Jwks);
        assert!(set.candidates[0]
            .material
            .as_ref()
            .unwrap_err()
            .contains("not base64url"));
        assert!(set.candidates[1].material.is_ok());
        assert_eq!(set.candidates[1].index, Some(1));
    }
}
