//! Modular arithmetic on unsigned big integers, just enough for verifying signatures.
//!
//! Everything a verifier handles is public (the key, the message, the signature), so the code is
//! variable-time by design and aims at small size: one Montgomery engine serves RSA (any modulus),
//! the NIST curves P-256/P-384/P-521 and Curve25519. Numbers are little-endian `u32` limbs (cheap
//! 32×32→64-bit products on wasm32); every number handled by a [`Modulus`] has exactly its limb
//! count and is below it. No function indexes a slice, so none can panic on odd input.

use std::cmp::Ordering;

/// Little-endian 32-bit limbs.
pub type Limbs = Vec<u32>;

/// A modulus prepared for Montgomery multiplication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modulus {
    m: Limbs,
    /// −m⁻¹ mod 2³².
    m_inv: u32,
    /// R² mod m, with R = 2^(32·limbs).
    r2: Limbs,
    bits: usize,
}

/// Reads a big-endian byte string into `limbs` limbs; `None` when it does not fit.
pub fn from_be(bytes: &[u8], limbs: usize) -> Option<Limbs> {
    let mut out = vec![0u32; limbs];
    let mut slots = out.iter_mut();
    for chunk in bytes.rchunks(4) {
        let word = chunk.iter().fold(0u32, |w, &b| (w << 8) | u32::from(b));
        match slots.next() {
            Some(slot) => *slot = word,
            None if word == 0 => {}
            None => return None,
        }
    }
    Some(out)
}

/// Writes `a` as exactly `len` big-endian bytes (high bytes dropped, or zero-padded).
pub fn to_be(a: &[u32], len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = a.iter().flat_map(|w| w.to_le_bytes()).collect();
    out.resize(len, 0);
    out.reverse();
    out
}

/// The number of significant bits.
pub fn bit_len(a: &[u32]) -> usize {
    a.iter()
        .enumerate()
        .rev()
        .find(|(_, &w)| w != 0)
        .map_or(0, |(i, &w)| i * 32 + 32 - w.leading_zeros() as usize)
}

pub fn is_zero(a: &[u32]) -> bool {
    a.iter().all(|&w| w == 0)
}

/// Compares two numbers of the same limb count.
pub fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .map(|(x, y)| x.cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// a −= b; returns the borrow out.
fn sub_in_place(a: &mut [u32], b: &[u32]) -> bool {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
    borrow
}

/// a += b; returns the carry out.
fn add_in_place(a: &mut [u32], b: &[u32]) -> bool {
    let mut carry = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let s = u64::from(*x) + u64::from(y) + carry;
        *x = s as u32;
        carry = s >> 32;
    }
    carry != 0
}

/// Bit `i` of `a` (0 = least significant).
pub fn bit(a: &[u32], i: usize) -> bool {
    a.get(i / 32).is_some_and(|w| (w >> (i % 32)) & 1 == 1)
}

impl Modulus {
    /// Prepares an odd modulus above 1 given big-endian; `None` otherwise.
    pub fn new(be: &[u8]) -> Option<Modulus> {
        let significant: &[u8] = {
            let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
            be.get(start..).unwrap_or(&[])
        };
        let limbs = significant.len().div_ceil(4);
        let m = from_be(significant, limbs)?;
        let m0 = *m.first()?;
        if m0 & 1 == 0 || bit_len(&m) < 2 {
            return None;
        }
        // Newton's iteration doubles the correct low bits each round: 1 → 2 → … → 32.
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(inv)));
        }
        let bits = bit_len(&m);
        let mut modulus = Modulus {
            m_inv: inv.wrapping_neg(),
            r2: Vec::new(),
            bits,
            m,
        };
        // R² = 2^(64·limbs): a one followed by 8·limbs zero bytes.
        let mut r2_be = vec![0u8; 8 * limbs + 1];
        if let Some(first) = r2_be.first_mut() {
            *first = 1;
        }
        modulus.r2 = modulus.reduce(&r2_be);
        Some(modulus)
    }

    pub fn limbs(&self) -> usize {
        self.m.len()
    }

    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus's length in bytes.
    pub fn byte_len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// The modulus itself, as limbs.
    pub fn value(&self) -> &[u32] {
        &self.m
    }

    /// Reads big-endian bytes as a number below the modulus; `None` when it is not below it.
    pub fn from_be_below(&self, be: &[u8]) -> Option<Limbs> {
        let a = from_be(be, self.limbs())?;
        (cmp(&a, &self.m) == Ordering::Less).then_some(a)
    }

    /// Any big-endian byte string reduced modulo m (bit by bit: slow, but only used on short
    /// inputs such as hashes and for R² once per modulus).
    pub fn reduce(&self, be: &[u8]) -> Limbs {
        let mut acc = vec![0u32; self.limbs()];
        for byte in be {
            for shift in (0..8).rev() {
                let mut carry = (byte >> shift) & 1 == 1;
                for w in acc.iter_mut() {
                    let next = *w >> 31 == 1;
                    *w = (*w << 1) | u32::from(carry);
                    carry = next;
                }
                if carry || cmp(&acc, &self.m) != Ordering::Less {
                    sub_in_place(&mut acc, &self.m);
                }
            }
        }
        acc
    }

    /// Montgomery product a·b·R⁻¹ mod m (CIOS). `a` and `b` must be below m.
    pub fn mul(&self, a: &[u32], b: &[u32]) -> Limbs {
        let mut t = vec![0u32; self.limbs()];
        let mut top: u64 = 0;
        for &ai in a {
            let mut carry = 0u64;
            for (tj, &bj) in t.iter_mut().zip(b) {
                let s = u64::from(*tj) + u64::from(ai) * u64::from(bj) + carry;
                *tj = s as u32;
                carry = s >> 32;
            }
            top += carry;
            let u = u64::from(t.first().copied().unwrap_or(0).wrapping_mul(self.m_inv));
            let mut carry = 0u64;
            for (tj, &mj) in t.iter_mut().zip(&self.m) {
                let s = u64::from(*tj) + u * u64::from(mj) + carry;
                *tj = s as u32;
                carry = s >> 32;
            }
            // The lowest limb is now zero: divide by 2³².
            let s = top + carry;
            t.rotate_left(1);
            if let Some(last) = t.last_mut() {
                *last = s as u32;
            }
            top = s >> 32;
        }
        if top != 0 || cmp(&t, &self.m) != Ordering::Less {
            sub_in_place(&mut t, &self.m);
        }
        t
    }

    /// Into the Montgomery domain (a·R mod m).
    pub fn to_mont(&self, a: &[u32]) -> Limbs {
        self.mul(a, &self.r2)
    }

    /// A small number with this modulus's limb count (not in the Montgomery domain).
    fn small(&self, v: u32) -> Limbs {
        let mut out = vec![0u32; self.limbs()];
        if let Some(w) = out.first_mut() {
            *w = v;
        }
        out
    }

    /// Out of the Montgomery domain.
    pub fn from_mont(&self, a: &[u32]) -> Limbs {
        self.mul(a, &self.small(1))
    }

    /// One, in the Montgomery domain.
    pub fn one(&self) -> Limbs {
        self.to_mont(&self.small(1))
    }

    pub fn zero(&self) -> Limbs {
        vec![0u32; self.limbs()]
    }

    pub fn add(&self, a: &[u32], b: &[u32]) -> Limbs {
        let mut r = a.to_vec();
        let carry = add_in_place(&mut r, b);
        if carry || cmp(&r, &self.m) != Ordering::Less {
            sub_in_place(&mut r, &self.m);
        }
        r
    }

    pub fn sub(&self, a: &[u32], b: &[u32]) -> Limbs {
        let mut r = a.to_vec();
        if sub_in_place(&mut r, b) {
            add_in_place(&mut r, &self.m);
        }
        r
    }

    pub fn neg(&self, a: &[u32]) -> Limbs {
        self.sub(&self.zero(), a)
    }

    /// base^exp with `base` in the Montgomery domain and `exp` big-endian; result in the domain.
    pub fn pow(&self, base: &[u32], exp_be: &[u8]) -> Limbs {
        let mut acc = self.one();
        for byte in exp_be {
            for shift in (0..8).rev() {
                acc = self.mul(&acc, &acc);
                if (byte >> shift) & 1 == 1 {
                    acc = self.mul(&acc, base);
                }
            }
        }
        acc
    }

    /// The inverse of `a` (Montgomery domain) for a prime modulus, by Fermat: a^(m−2).
    pub fn inv_prime(&self, a: &[u32]) -> Limbs {
        let mut e = self.m.clone();
        sub_in_place(&mut e, &self.small(2));
        self.pow(a, &to_be(&e, self.limbs() * 4))
    }

    /// Parses a big-endian hexadecimal constant below the modulus into the Montgomery domain.
    pub fn constant(&self, hex: &str) -> Limbs {
        let bytes = hex_bytes(hex);
        self.to_mont(&self.reduce(&bytes))
    }
}

/// a·P + b·Q in any group, by Shamir's trick: one doubling per bit of the longer scalar, plus an
/// addition of P, Q or P+Q. `a` and `b` are plain (non-Montgomery) scalars.
pub fn shamir<P>(
    (a, p): (&[u32], &P),
    (b, q): (&[u32], &P),
    identity: P,
    add: impl Fn(&P, &P) -> P,
    double: impl Fn(&P) -> P,
) -> P {
    let pq = add(p, q);
    let mut acc = identity;
    for i in (0..bit_len(a).max(bit_len(b))).rev() {
        acc = double(&acc);
        match (bit(a, i), bit(b, i)) {
            (true, true) => acc = add(&acc, &pq),
            (true, false) => acc = add(&acc, p),
            (false, true) => acc = add(&acc, q),
            (false, false) => {}
        }
    }
    acc
}

/// Decodes hexadecimal text (internal constants only; odd characters count as zero).
pub fn hex_bytes(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .bytes()
        .map(|c| match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        })
        .collect();
    digits
        .rchunks(2)
        .rev()
        .map(|pair| pair.iter().fold(0u8, |acc, &d| (acc << 4) | d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: u128, limbs: usize) -> Limbs {
        from_be(&v.to_be_bytes(), limbs).unwrap()
    }

    #[test]
    fn round_trips_bytes() {
        let be = [0x01, 0x02, 0x03, 0x04, 0x05];
        let a = from_be(&be, 2).unwrap();
        assert_eq!(a, vec![0x0203_0405, 0x01]);
        assert_eq!(to_be(&a, 5), be.to_vec());
        assert_eq!(from_be(&be, 1), None);
        assert_eq!(from_be(&[0, 0, 0, 0, 0, 7], 1), Some(vec![7]));
        assert_eq!(bit_len(&a), 33);
    }

    #[test]
    fn multiplies_and_exponentiates_like_u128() {
        let p: u128 = 0xffff_ffff_ffff_ffc5; // 2^64 − 59, prime
        let m = Modulus::new(&p.to_be_bytes()).unwrap();
        assert_eq!(m.bits(), 64);
        let a: u128 = 0x1234_5678_9abc_def0;
        let b: u128 = 0x0fed_cba9_8765_4321;
        let am = m.to_mont(&num(a, 2));
        let bm = m.to_mont(&num(b, 2));
        assert_eq!(m.from_mont(&m.mul(&am, &bm)), num(a * b % p, 2));
        assert_eq!(m.from_mont(&m.add(&am, &bm)), num((a + b) % p, 2));
        assert_eq!(m.from_mont(&m.sub(&bm, &am)), num((b + p - a) % p, 2));
        let inv = m.inv_prime(&am);
        assert_eq!(m.from_mont(&m.mul(&inv, &am)), num(1, 2));
        // a^65537 by repeated multiplication.
        let mut expect: u128 = 1;
        for _ in 0..65537 {
            expect = expect * a % p;
        }
        let got = m.from_mont(&m.pow(&am, &[1, 0, 1]));
        assert_eq!(got, num(expect, 2));
        assert_eq!(m.reduce(&(p + 5).to_be_bytes()), num(5, 2));
    }

    #[test]
    fn rejects_even_or_tiny_moduli() {
        assert!(Modulus::new(&[0x10]).is_none());
        assert!(Modulus::new(&[0, 0, 1]).is_none());
        assert!(Modulus::new(&[]).is_none());
        assert!(Modulus::new(&[3]).is_some());
    }

    #[test]
    fn hex_constants() {
        assert_eq!(hex_bytes("0102ff"), vec![1, 2, 255]);
        assert_eq!(hex_bytes("102"), vec![1, 2]);
    }
}
