//! RSA signature verification: RSASSA-PKCS1-v1_5 (RS256/384/512) and RSASSA-PSS (PS256/384/512),
//! following RFC 8017 §8.2.2 and §9.1.2 step by step.
//!
//! PKCS#1 v1.5 is checked the way RFC 8017 recommends: the expected encoding is built from the
//! hash and compared whole, so no parser of the padding can be fooled. PSS uses MGF1 with the
//! same hash and a salt as long as the hash, as RFC 7518 §3.5 requires for JWS.

use super::bignum::{self, Modulus};
use super::hash::Hash;

/// An RSA public key. The modulus is prepared for arithmetic only when a signature is checked, so
/// reading a large key set costs nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// The modulus, big-endian without leading zeros.
    n: Vec<u8>,
    bits: usize,
    /// The public exponent, big-endian without leading zeros.
    e: Vec<u8>,
}

/// Why an RSA key cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    ModulusEven,
    ModulusTooSmall(usize),
    ModulusTooLarge(usize),
    ExponentInvalid,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::ModulusEven => write!(f, "the RSA modulus (n) is even or zero, so it is not an RSA modulus"),
            KeyError::ModulusTooSmall(bits) => write!(f, "the RSA modulus (n) has only {bits} bits; at least 512 are needed to hold a signature"),
            KeyError::ModulusTooLarge(bits) => write!(f, "the RSA modulus (n) has {bits} bits; the inspector verifies keys up to {MAX_BITS} bits"),
            KeyError::ExponentInvalid => write!(f, "the RSA public exponent (e) must be an odd number of at least 3"),
        }
    }
}

/// Smallest modulus accepted: below it, SHA-512's DigestInfo does not even fit.
pub const MIN_BITS: usize = 512;
/// Largest modulus accepted (keeps a pasted key from freezing the page).
pub const MAX_BITS: usize = 8192;

impl PublicKey {
    /// A key from big-endian n and e (leading zeros allowed).
    pub fn new(n: &[u8], e: &[u8]) -> Result<PublicKey, KeyError> {
        let n = strip_leading_zeros(n);
        let bits = n
            .first()
            .map_or(0, |b| n.len() * 8 - b.leading_zeros() as usize);
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err(KeyError::ModulusEven);
        }
        if bits < MIN_BITS {
            return Err(KeyError::ModulusTooSmall(bits));
        }
        if bits > MAX_BITS {
            return Err(KeyError::ModulusTooLarge(bits));
        }
        let e = strip_leading_zeros(e);
        let odd = e.last().is_some_and(|b| b & 1 == 1);
        if !odd || e == [1] || e.len() > n.len() {
            return Err(KeyError::ExponentInvalid);
        }
        Ok(PublicKey {
            n: n.to_vec(),
            bits,
            e: e.to_vec(),
        })
    }

    /// The modulus, big-endian without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// s^e mod n as k bytes, or `None` when the signature is not k bytes or not below n.
    fn open(&self, signature: &[u8]) -> Option<Vec<u8>> {
        let k = self.n.len();
        if signature.len() != k {
            return None;
        }
        let n = Modulus::new(&self.n)?;
        let s = n.from_be_below(signature)?;
        let m = n.from_mont(&n.pow(&n.to_mont(&s), &self.e));
        Some(bignum::to_be(&m, k))
    }

    /// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2).
    pub fn verify_pkcs1v15(&self, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
        let Some(em) = self.open(signature) else {
            return false;
        };
        let digest = hash.digest(message);
        let prefix = hash.digest_info_prefix();
        let t_len = prefix.len() + digest.len();
        let Some(ps_len) = em.len().checked_sub(t_len + 3).filter(|&l| l >= 8) else {
            return false;
        };
        let mut expected = Vec::with_capacity(em.len());
        expected.extend_from_slice(&[0x00, 0x01]);
        expected.resize(2 + ps_len, 0xff);
        expected.push(0x00);
        expected.extend_from_slice(prefix);
        expected.extend_from_slice(&digest);
        em == expected
    }

    /// RSASSA-PSS verification (RFC 8017 §9.1.2) with MGF1(hash) and a salt of the hash's length.
    pub fn verify_pss(&self, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
        let Some(em_full) = self.open(signature) else {
            return false;
        };
        let em_bits = self.bits - 1;
        let em_len = em_bits.div_ceil(8);
        // I2OSP(m, k) has one extra leading byte when emBits is a multiple of 8; it must be zero.
        let Some(extra) = em_full.len().checked_sub(em_len) else {
            return false;
        };
        let (lead, em) = em_full.split_at(extra);
        if lead.iter().any(|&b| b != 0) {
            return false;
        }
        let m_hash = hash.digest(message);
        let h_len = m_hash.len();
        let s_len = h_len;
        if em_len < h_len + s_len + 2 {
            return false;
        }
        let Some((&trailer, rest)) = em.split_last() else {
            return false;
        };
        if trailer != 0xbc {
            return false;
        }
        let (masked_db, h) = rest.split_at(em_len - h_len - 1);
        let unused_bits = 8 * em_len - em_bits;
        let top_mask = 0xffu8.checked_shr(unused_bits as u32).unwrap_or(0);
        if masked_db.first().is_some_and(|&b| b & !top_mask != 0) {
            return false;
        }
        let mask = mgf1(hash, h, masked_db.len());
        let mut db: Vec<u8> = masked_db.iter().zip(&mask).map(|(a, b)| a ^ b).collect();
        if let Some(first) = db.first_mut() {
            *first &= top_mask;
        }
        let ps_len = em_len - h_len - s_len - 2;
        let (ps, rest) = db.split_at(ps_len.min(db.len()));
        if ps.iter().any(|&b| b != 0) {
            return false;
        }
        let Some((&one, salt)) = rest.split_first() else {
            return false;
        };
        if one != 0x01 || salt.len() != s_len {
            return false;
        }
        let mut m_prime = vec![0u8; 8];
        m_prime.extend_from_slice(&m_hash);
        m_prime.extend_from_slice(salt);
        hash.digest(&m_prime) == h
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// MGF1 (RFC 8017 §B.2.1).
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut counter: u32 = 0;
    while out.len() < len {
        let mut input = seed.to_vec();
        input.extend_from_slice(&counter.to_be_bytes());
        out.extend_from_slice(&hash.digest(&input));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_malformed_keys() {
        assert_eq!(
            PublicKey::new(&[0x10; 64], &[1, 0, 1]),
            Err(KeyError::ModulusEven)
        );
        assert_eq!(
            PublicKey::new(&[0x11; 32], &[1, 0, 1]),
            Err(KeyError::ModulusTooSmall(253))
        );
        assert_eq!(
            PublicKey::new(&[0x91; 64], &[2]),
            Err(KeyError::ExponentInvalid)
        );
        assert_eq!(
            PublicKey::new(&[0x91; 64], &[1]),
            Err(KeyError::ExponentInvalid)
        );
        assert_eq!(
            PublicKey::new(&[0x91; 64], &[]),
            Err(KeyError::ExponentInvalid)
        );
        assert!(PublicKey::new(&[0x91; 64], &[0, 1, 0, 1]).is_ok());
    }

    #[test]
    fn rejects_signatures_of_the_wrong_length_or_not_below_n() {
        let key = PublicKey::new(&[0x91; 64], &[1, 0, 1]).unwrap();
        assert!(!key.verify_pkcs1v15(Hash::Sha256, b"x", &[0; 63]));
        assert!(!key.verify_pkcs1v15(Hash::Sha256, b"x", &[0xff; 64]));
        assert!(!key.verify_pss(Hash::Sha256, b"x", &[0xff; 64]));
        assert!(!key.verify_pss(Hash::Sha512, b"x", &[0x01; 64]));
    }
}
