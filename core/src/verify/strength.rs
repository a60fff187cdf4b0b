//! Key strength: keys that verify a genuine signature yet prove little, because others could make
//! the same signature. Each weakness is a sentence for `verify.weak-key`, reported next to the
//! result, never instead of it.
//!
//! - RSA keys under 2048 bits: RFC 7518 §3.3 (RS256/384/512) and §3.5 (PS256/384/512) say "A key
//!   of size 2048 bits or larger MUST be used with these algorithms."
//! - HMAC secrets shorter than the hash output: RFC 7518 §3.2, "A key of the same size as the
//!   hash output (for instance, 256 bits for "HS256") or larger MUST be used with this algorithm."
//! - RSA moduli with the ROCA fingerprint (CVE-2017-15361): Infineon's RSA library made primes of
//!   the form k·M + (65537^a mod M), M the product of the first primes, and such keys can be
//!   factored (Nemec, Sýs, Švenda, Klinec, Matyáš, "The Return of Coppersmith's Attack: Practical
//!   Factorization of Widely Used RSA Moduli", ACM CCS 2017). Their modulus N then lies, modulo
//!   every small prime p of M, in the subgroup that 65537 generates: the test the authors publish
//!   (crocs-muni/roca, roca/detect.py@df6071d5, `has_fingerprint_moduli`, primes 3…167). It costs
//!   38 small remainders of the modulus; its authors give its false-positive rate as 2^-27
//!   (README.md@df6071d5, "False positive"). Their exact discrete-logarithm test (2^-154) is more
//!   than a warning needs.

use super::hash::Hash;

/// The primes of the ROCA fingerprint test (crocs-muni/roca, roca/detect.py@df6071d5,
/// `RocaFingerprinter.primes`).
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// The generator whose powers ROCA primes are built from.
const ROCA_GENERATOR: u32 = 65537;

/// Smallest RSA modulus RFC 7518 allows for RS* and PS*.
pub const MIN_RSA_BITS: usize = 2048;

/// One reason a key is weak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Weakness {
    /// An RSA modulus under 2048 bits.
    SmallRsa { bits: usize },
    /// An RSA modulus with the ROCA fingerprint.
    Roca,
    /// An HMAC secret shorter than the hash output.
    ShortSecret { len: usize, hash: Hash },
}

impl Weakness {
    /// A clause (lower case) saying what is weak and why it matters.
    pub fn describe(self) -> String {
        match self {
            Weakness::SmallRsa { bits } => format!(
                "the RSA key has {bits} bits, and RFC 7518 (§3.3, §3.5) requires at least \
                 {MIN_RSA_BITS} for RS and PS algorithms: keys this small can be factored with \
                 enough computing power"
            ),
            Weakness::Roca => "its modulus has the ROCA fingerprint (CVE-2017-15361): it was \
                 almost certainly made by the Infineon RSA library whose keys can be factored (the \
                 test flags one other key in 2^27), so the private key can be computed from this \
                 public key"
                .to_string(),
            Weakness::ShortSecret { len, hash } => format!(
                "the secret is {len} byte{}, and RFC 7518 §3.2 requires at least {} (the size of \
                 the {} output) for HS{}: a short secret can be guessed",
                if len == 1 { "" } else { "s" },
                hash.output_len(),
                hash.name(),
                hash.output_len() * 8
            ),
        }
    }

    /// What to do about it.
    pub fn fix(self) -> &'static str {
        match self {
            Weakness::SmallRsa { .. } => "Sign with an RSA key of at least 2048 bits.",
            Weakness::Roca => {
                "Replace the key and revoke this one: generate the new one in software, or on a \
                 device whose firmware is fixed for CVE-2017-15361 (Infineon's advisory lists \
                 the affected products)."
            }
            Weakness::ShortSecret { .. } => {
                "Use a random secret at least as long as the hash output (32 bytes for HS256, 48 \
                 for HS384, 64 for HS512)."
            }
        }
    }
}

/// Why an RSA key with this modulus (big-endian) is weak, if it is.
pub fn rsa_weaknesses(modulus: &[u8], bits: usize) -> Vec<Weakness> {
    let mut why = Vec::new();
    if bits < MIN_RSA_BITS {
        why.push(Weakness::SmallRsa { bits });
    }
    if has_roca_fingerprint(modulus) {
        why.push(Weakness::Roca);
    }
    why
}

/// Why an HMAC secret of `len` bytes is weak for `hash`, if it is.
pub fn secret_weakness(len: usize, hash: Hash) -> Option<Weakness> {
    (len < hash.output_len()).then_some(Weakness::ShortSecret { len, hash })
}

/// The ROCA test: for every prime p of the list, N mod p is a power of 65537 mod p.
pub fn has_roca_fingerprint(modulus: &[u8]) -> bool {
    ROCA_PRIMES.iter().all(|&p| {
        let residue = modulus
            .iter()
            .fold(0u32, |r, &b| (r * 256 + u32::from(b)) % p);
        is_power_of_generator(residue, p)
    })
}

/// Whether `residue` is in the multiplicative subgroup that 65537 generates modulo the prime `p`.
fn is_power_of_generator(residue: u32, p: u32) -> bool {
    let g = ROCA_GENERATOR % p;
    let mut x = 1 % p;
    for _ in 0..p {
        if x == residue {
            return true;
        }
        x = x * g % p;
        if x == 1 {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The subgroup masks the ROCA detector ships (crocs-muni/roca, roca/detect.py@df6071d5,
    /// `RocaFingerprinter.prints`, the first eight): bit r is set when r is a power of 65537 mod p.
    #[test]
    fn subgroups_match_the_published_fingerprint_masks() {
        let published: [u128; 8] = [6, 30, 126, 1026, 5658, 107286, 199410, 8388606];
        for (p, mask) in ROCA_PRIMES.iter().zip(published) {
            let ours = (0..*p)
                .filter(|&r| is_power_of_generator(r, *p))
                .fold(0u128, |m, r| m | 1 << r);
            assert_eq!(ours, mask, "prime {p}");
        }
    }

    #[test]
    fn a_modulus_built_like_roca_has_the_fingerprint_and_others_do_not() {
        // 65537^5 itself is ≡ a power of 65537 modulo every prime: the fingerprint's core.
        let mut n = vec![1u8];
        for _ in 0..5 {
            n = mul_small(&n, 65537);
        }
        assert!(has_roca_fingerprint(&n));
        // 65537^5 + 1 is not: modulo 3 it is 0, which is no power of anything. (65537 ≡ 1 mod
        // 256, so the last byte is 1 and adding 1 carries nowhere.)
        let last = n.len() - 1;
        n[last] += 1;
        assert!(!has_roca_fingerprint(&n));
    }

    fn mul_small(n: &[u8], m: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut carry = 0u64;
        for &b in n.iter().rev() {
            let v = u64::from(b) * u64::from(m) + carry;
            out.push((v & 0xff) as u8);
            carry = v >> 8;
        }
        while carry > 0 {
            out.push((carry & 0xff) as u8);
            carry >>= 8;
        }
        out.reverse();
        out
    }

    #[test]
    fn short_secrets_and_small_moduli_are_weak() {
        assert!(secret_weakness(31, Hash::Sha256).is_some());
        assert!(secret_weakness(32, Hash::Sha256).is_none());
        assert!(secret_weakness(63, Hash::Sha512)
            .unwrap()
            .describe()
            .contains("at least 64"));
        assert_eq!(
            rsa_weaknesses(&[0xc1; 128], 1024),
            [Weakness::SmallRsa { bits: 1024 }]
        );
        assert!(rsa_weaknesses(&[0xc1; 256], 2048).is_empty());
    }
}
