//! A small DER reader for the three public-key containers people paste: SubjectPublicKeyInfo
//! (RFC 5280 §4.1.2.7; PEM "PUBLIC KEY"), PKCS#1 RSAPublicKey (RFC 8017 §A.1.1; PEM "RSA PUBLIC
//! KEY") and X.509 certificates (RFC 5280 §4.1; PEM "CERTIFICATE", or the bare base64 of `x5c`).
//!
//! It reads only what verification needs (the key, plus a certificate's subject and expiry to
//! name it) and says precisely what is wrong when the structure is not what it should be.

/// The public key inside a SubjectPublicKeyInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpkiKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// A SEC 1 point on a named curve.
    Ec {
        curve: CurveOid,
        point: Vec<u8>,
    },
    Ed25519(Vec<u8>),
}

/// Named curves by OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveOid {
    P256,
    P384,
    P521,
}

/// What a certificate says about itself, beyond its key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertInfo {
    pub subject_cn: Option<String>,
    /// notAfter as `YYYY-MM-DD HH:MM:SS UTC`.
    pub not_after: Option<String>,
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;

/// Reads one TLV: (tag, contents, rest).
fn tlv(input: &[u8]) -> Result<(u8, &[u8], &[u8]), String> {
    let (&tag, rest) = input
        .split_first()
        .ok_or("the DER data ends where an element was expected")?;
    let (&first, rest) = rest
        .split_first()
        .ok_or("the DER data ends inside an element's length")?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return Err(
                "an element has an indefinite or oversized length, which DER does not allow".into(),
            );
        }
        let bytes = rest
            .get(..count)
            .ok_or("the DER data ends inside an element's length")?;
        let len = bytes.iter().fold(0usize, |l, &b| (l << 8) | usize::from(b));
        (len, rest.get(count..).unwrap_or(&[]))
    };
    let contents = rest.get(..len).ok_or_else(|| {
        format!(
            "an element claims {len} bytes but only {} remain: the data is cut short",
            rest.len()
        )
    })?;
    Ok((tag, contents, rest.get(len..).unwrap_or(&[])))
}

/// Reads one TLV that must have `tag`.
fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(&'a [u8], &'a [u8]), String> {
    let (t, contents, rest) = tlv(input)?;
    if t != tag {
        return Err(format!(
            "expected {what} (DER tag 0x{tag:02x}) but found tag 0x{t:02x}"
        ));
    }
    Ok((contents, rest))
}

/// An INTEGER's magnitude without the sign byte; refuses negative numbers.
fn unsigned_integer<'a>(contents: &'a [u8], what: &str) -> Result<&'a [u8], String> {
    if contents.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(format!("{what} is negative"));
    }
    let start = contents
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(contents.len());
    Ok(contents.get(start..).unwrap_or(&[]))
}

/// PKCS#1 RSAPublicKey: SEQUENCE { n INTEGER, e INTEGER }.
pub fn rsa_public_key(der: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (body, _) = expect(der, SEQUENCE, "an RSAPublicKey SEQUENCE")?;
    let (n, rest) = expect(body, INTEGER, "the modulus n")?;
    let (e, _) = expect(rest, INTEGER, "the exponent e")?;
    Ok((
        unsigned_integer(n, "the modulus n")?.to_vec(),
        unsigned_integer(e, "the exponent e")?.to_vec(),
    ))
}

/// SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }.
pub fn spki(der: &[u8]) -> Result<SpkiKey, String> {
    let (body, _) = expect(der, SEQUENCE, "a SubjectPublicKeyInfo SEQUENCE")?;
    let (algorithm, rest) = expect(body, SEQUENCE, "an AlgorithmIdentifier")?;
    let (bits, _) = expect(rest, BIT_STRING, "the public key BIT STRING")?;
    let key = match bits.split_first() {
        Some((0, key)) => key,
        _ => return Err("the public key BIT STRING has unused bits or is empty".into()),
    };
    let (oid, params) = expect(algorithm, OID, "the key algorithm's OID")?;
    match oid {
        OID_RSA | OID_RSA_PSS => {
            let (n, e) = rsa_public_key(key)?;
            Ok(SpkiKey::Rsa { n, e })
        }
        OID_EC => {
            let (curve, _) = expect(params, OID, "the named curve's OID")?;
            let curve = match curve {
                OID_P256 => CurveOid::P256,
                OID_P384 => CurveOid::P384,
                OID_P521 => CurveOid::P521,
                other => {
                    return Err(format!(
                        "the EC key is on curve {} ({}), not P-256, P-384 or P-521, which JWS uses",
                        oid_text(other),
                        curve_name(other)
                    ))
                }
            };
            Ok(SpkiKey::Ec {
                curve,
                point: key.to_vec(),
            })
        }
        OID_ED25519 => Ok(SpkiKey::Ed25519(key.to_vec())),
        other => Err(format!(
            "the key's algorithm is {} ({}), which cannot verify a JWS here",
            oid_text(other),
            algorithm_name(other)
        )),
    }
}

/// The key and description of an X.509 certificate.
pub fn certificate(der: &[u8]) -> Result<(SpkiKey, CertInfo), String> {
    let (cert, _) = expect(der, SEQUENCE, "a Certificate SEQUENCE")?;
    let (tbs, _) = expect(cert, SEQUENCE, "the TBSCertificate SEQUENCE")?;
    let mut rest = tbs;
    // [0] EXPLICIT version, when present.
    if rest.first() == Some(&0xa0) {
        rest = tlv(rest)?.2;
    }
    let (_serial, r) = expect(rest, INTEGER, "the certificate's serial number")?;
    let (_sig_alg, r) = expect(r, SEQUENCE, "the certificate's signature algorithm")?;
    let (_issuer, r) = expect(r, SEQUENCE, "the certificate's issuer name")?;
    let (validity, r) = expect(r, SEQUENCE, "the certificate's validity")?;
    let (subject, r) = expect(r, SEQUENCE, "the certificate's subject name")?;
    // The SPKI is the next element, read again whole (header included).
    let (_, _, after) = tlv(r)?;
    let key = spki(r.get(..r.len() - after.len()).unwrap_or(&[]))?;
    let info = CertInfo {
        subject_cn: common_name(subject),
        not_after: not_after(validity),
    };
    Ok((key, info))
}

fn common_name(name: &[u8]) -> Option<String> {
    let mut rdns = name;
    while !rdns.is_empty() {
        let (_, set_contents, next) = tlv(rdns).ok()?;
        rdns = next;
        let mut attrs = set_contents;
        while !attrs.is_empty() {
            let (_, attr, more) = tlv(attrs).ok()?;
            attrs = more;
            let (oid, value) = expect(attr, OID, "an attribute type").ok()?;
            if oid == OID_CN {
                let (_, text, _) = tlv(value).ok()?;
                return Some(String::from_utf8_lossy(text).into_owned());
            }
        }
    }
    None
}

fn not_after(validity: &[u8]) -> Option<String> {
    let (_, _, rest) = tlv(validity).ok()?;
    let (tag, time, _) = tlv(rest).ok()?;
    let text = std::str::from_utf8(time).ok()?;
    let (year, rest) = match tag {
        // UTCTime: YYMMDDHHMMSSZ, years 50–99 are 19xx (RFC 5280 §4.1.2.5.1).
        0x17 => {
            let yy: u32 = text.get(..2)?.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        0x18 => (text.get(..4)?.parse().ok()?, text.get(4..)?),
        _ => return None,
    };
    let part = |i: usize| rest.get(i..i + 2);
    Some(format!(
        "{year:04}-{}-{} {}:{}:{} UTC",
        part(0)?,
        part(2)?,
        part(4)?,
        part(6)?,
        part(8)?
    ))
}

/// Dotted text of an OID's contents.
pub fn oid_text(oid: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    for &b in oid {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first);
                arcs.push(value - first * 40);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn curve_name(oid: &[u8]) -> &'static str {
    match oid {
        [0x2b, 0x81, 0x04, 0x00, 0x0a] => "secp256k1",
        _ => "an unknown curve",
    }
}

fn algorithm_name(oid: &[u8]) -> &'static str {
    match oid {
        [0x2b, 0x65, 0x71] => "Ed448",
        [0x2b, 0x65, 0x6e] => "X25519, a key-agreement key",
        [0x2b, 0x65, 0x6f] => "X448, a key-agreement key",
        [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01] => "DSA",
        _ => "an unknown algorithm",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lengths_and_reports_truncation() {
        assert_eq!(
            tlv(&[0x02, 0x01, 0x05, 0xff]).unwrap(),
            (2, &[5u8][..], &[0xffu8][..])
        );
        assert_eq!(tlv(&[0x04, 0x81, 0x01, 0x07]).unwrap().1, &[7u8][..]);
        assert!(tlv(&[0x30, 0x05, 0x01]).unwrap_err().contains("cut short"));
        assert!(tlv(&[0x30, 0x80]).unwrap_err().contains("indefinite"));
        assert!(tlv(&[]).is_err());
    }

    #[test]
    fn names_oids() {
        assert_eq!(oid_text(OID_RSA), "1.2.840.113549.1.1.1");
        assert_eq!(oid_text(OID_P521), "1.3.132.0.35");
        assert_eq!(oid_text(OID_ED25519), "1.3.101.112");
    }

    #[test]
    fn reads_an_ed25519_spki() {
        // RFC 8410 §10.1: the example Ed25519 public key.
        let der = super::super::bignum::hex_bytes(
            "302a300506032b657003210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1",
        );
        assert_eq!(
            spki(&der).unwrap(),
            SpkiKey::Ed25519(super::super::bignum::hex_bytes(
                "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"
            ))
        );
    }
}
