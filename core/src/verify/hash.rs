//! The hash functions JWS uses (RustCrypto's `sha2`), HMAC with a constant-time comparison
//! (`hmac`, which compares through `subtle`), and SHA-1 for certificate thumbprints (`x5t`).

use hmac::{Mac, SimpleHmac};
use sha2::Digest;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// Every hash (what the page reads back from its second module is one of them).
    pub const ALL: &'static [Hash] = &[Hash::Sha256, Hash::Sha384, Hash::Sha512];

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    /// The digest size in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// "SHA-256", "SHA-384", "SHA-512".
    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// The DER DigestInfo prefix for PKCS#1 v1.5 signatures (RFC 8017 §9.2, note 1).
    pub fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    /// Whether `tag` is the HMAC of `message` under `key`, compared in constant time.
    pub fn hmac_verify(self, key: &[u8], message: &[u8], tag: &[u8]) -> bool {
        fn check<D>(key: &[u8], message: &[u8], tag: &[u8]) -> bool
        where
            D: Digest + sha2::digest::core_api::BlockSizeUser,
        {
            match SimpleHmac::<D>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(message);
                    mac.verify_slice(tag).is_ok()
                }
                Err(_) => false,
            }
        }
        match self {
            Hash::Sha256 => check::<sha2::Sha256>(key, message, tag),
            Hash::Sha384 => check::<sha2::Sha384>(key, message, tag),
            Hash::Sha512 => check::<sha2::Sha512>(key, message, tag),
        }
    }
}

/// SHA-1 of `data` (certificate thumbprints only; never used to verify a signature).
pub fn sha1(data: &[u8]) -> Vec<u8> {
    sha1::Sha1::digest(data).to_vec()
}

/// SHA-256 of `data` (`x5t#S256` thumbprints).
pub fn sha256(data: &[u8]) -> Vec<u8> {
    Hash::Sha256.digest(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let tag = super::super::bignum::hex_bytes(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        );
        assert!(Hash::Sha256.hmac_verify(b"Jefe", b"what do ya want for nothing?", &tag));
        assert!(!Hash::Sha256.hmac_verify(b"Jefe", b"what do ya want for nothing!", &tag));
        assert!(!Hash::Sha256.hmac_verify(b"Jefe", b"what do ya want for nothing?", &tag[..31]));
    }
}
