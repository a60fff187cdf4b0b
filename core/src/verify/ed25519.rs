//! Ed25519 verification (RFC 8032 §5.1.7, as JWS uses it through RFC 8037 `EdDSA`), with
//! extended twisted Edwards coordinates over [`Modulus`].
//!
//! The check is the cofactorless one most libraries use: encode([S]B − [k]A) must equal R, byte
//! for byte, with S below the group order L. Constants are RFC 8032 §5.1's (d = −121665/121666,
//! B with y = 4/5); unit tests recompute them.

use super::bignum::{self, Limbs, Modulus};
use super::hash::Hash;

const P: &str = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed";
const L: &str = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";
const D: &str = "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3";
const SQRT_M1: &str = "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0";
const BX: &str = "216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a";
const BY: &str = "6666666666666666666666666666666666666666666666666666666666666658";
/// (p − 5) / 8, the exponent of the square-root candidate (RFC 8032 §5.1.3 step 3).
const P_MINUS_5_OVER_8: &str = "0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd";

#[derive(Clone, Debug)]
struct Point {
    x: Limbs,
    y: Limbs,
    z: Limbs,
    t: Limbs,
}

struct Field {
    p: Modulus,
    d2: Limbs,
}

impl Field {
    fn new() -> Option<Field> {
        let p = Modulus::new(&bignum::hex_bytes(P))?;
        let d = p.constant(D);
        Some(Field {
            d2: p.add(&d, &d),
            p,
        })
    }

    fn identity(&self) -> Point {
        Point {
            x: self.p.zero(),
            y: self.p.one(),
            z: self.p.one(),
            t: self.p.zero(),
        }
    }

    fn base(&self) -> Point {
        let x = self.p.constant(BX);
        let y = self.p.constant(BY);
        Point {
            t: self.p.mul(&x, &y),
            x,
            y,
            z: self.p.one(),
        }
    }

    /// RFC 8032 §5.1.4 addition (complete for a = −1, so it also doubles).
    fn add(&self, a: &Point, b: &Point) -> Point {
        let p = &self.p;
        let aa = p.mul(&p.sub(&a.y, &a.x), &p.sub(&b.y, &b.x));
        let bb = p.mul(&p.add(&a.y, &a.x), &p.add(&b.y, &b.x));
        let c = p.mul(&p.mul(&a.t, &self.d2), &b.t);
        let zz = p.mul(&a.z, &b.z);
        let dd = p.add(&zz, &zz);
        let e = p.sub(&bb, &aa);
        let f = p.sub(&dd, &c);
        let g = p.add(&dd, &c);
        let h = p.add(&bb, &aa);
        Point {
            x: p.mul(&e, &f),
            y: p.mul(&g, &h),
            t: p.mul(&e, &h),
            z: p.mul(&f, &g),
        }
    }

    fn negate(&self, a: &Point) -> Point {
        Point {
            x: self.p.neg(&a.x),
            y: a.y.clone(),
            z: a.z.clone(),
            t: self.p.neg(&a.t),
        }
    }

    /// RFC 8032 §5.1.3 decoding; `None` for a non-canonical y or a y with no x.
    fn decode(&self, bytes: &[u8; 32]) -> Option<Point> {
        let p = &self.p;
        let mut be = *bytes;
        be.reverse();
        let sign = be.first().is_some_and(|b| b & 0x80 != 0);
        if let Some(top) = be.first_mut() {
            *top &= 0x7f;
        }
        let y = p.to_mont(&p.from_be_below(&be)?);
        let yy = p.mul(&y, &y);
        let u = p.sub(&yy, &p.one());
        let v = p.add(&p.mul(&p.constant(D), &yy), &p.one());
        let v3 = p.mul(&p.mul(&v, &v), &v);
        let v7 = p.mul(&p.mul(&v3, &v3), &v);
        let candidate = p.mul(
            &p.mul(&u, &v3),
            &p.pow(&p.mul(&u, &v7), &bignum::hex_bytes(P_MINUS_5_OVER_8)),
        );
        let vxx = p.mul(&v, &p.mul(&candidate, &candidate));
        let x = if vxx == u {
            candidate
        } else if vxx == p.neg(&u) {
            p.mul(&candidate, &p.constant(SQRT_M1))
        } else {
            return None;
        };
        let plain = p.from_mont(&x);
        if bignum::is_zero(&plain) && sign {
            return None;
        }
        let x = if bignum::bit(&plain, 0) != sign {
            p.neg(&x)
        } else {
            x
        };
        Some(Point {
            t: p.mul(&x, &y),
            x,
            y,
            z: p.one(),
        })
    }

    fn encode(&self, q: &Point) -> [u8; 32] {
        let p = &self.p;
        let z_inv = p.inv_prime(&q.z);
        let x = p.from_mont(&p.mul(&q.x, &z_inv));
        let y = p.from_mont(&p.mul(&q.y, &z_inv));
        let mut out = [0u8; 32];
        let be = bignum::to_be(&y, 32);
        for (o, b) in out.iter_mut().zip(be.iter().rev()) {
            *o = *b;
        }
        if bignum::bit(&x, 0) {
            if let Some(top) = out.last_mut() {
                *top |= 0x80;
            }
        }
        out
    }

    /// a·P + b·Q (plain scalars).
    fn double_mul(&self, a: &[u32], pp: &Point, b: &[u32], q: &Point) -> Point {
        bignum::shamir(
            (a, pp),
            (b, q),
            self.identity(),
            |x, y| self.add(x, y),
            |x| self.add(x, x),
        )
    }
}

/// An Ed25519 public key (32 bytes, checked to decode to a curve point).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    /// `None` unless the 32 bytes decode to a point.
    pub fn new(bytes: &[u8]) -> Option<PublicKey> {
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        Field::new()?.decode(&bytes)?;
        Some(PublicKey(bytes))
    }

    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = <&[u8; 64]>::try_from(signature) else {
            return false;
        };
        let (r_bytes, s_bytes) = signature.split_at(32);
        let Some(field) = Field::new() else {
            return false;
        };
        let Some(order) = Modulus::new(&bignum::hex_bytes(L)) else {
            return false;
        };
        let s_be: Vec<u8> = s_bytes.iter().rev().copied().collect();
        let Some(s) = order.from_be_below(&s_be) else {
            return false;
        };
        let Some(a) = field.decode(&self.0) else {
            return false;
        };
        let mut input = r_bytes.to_vec();
        input.extend_from_slice(&self.0);
        input.extend_from_slice(message);
        let mut k_be = Hash::Sha512.digest(&input);
        k_be.reverse();
        let k = order.reduce(&k_be);
        let check = field.double_mul(&s, &field.base(), &k, &field.negate(&a));
        field.encode(&check).as_slice() == r_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_rfc_8032s() {
        let f = Field::new().unwrap();
        let p = &f.p;
        // d·121666 = −121665
        let d = p.constant(D);
        let k = p.to_mont(&bignum::from_be(&121_666u32.to_be_bytes(), 8).unwrap());
        let m = p.to_mont(&bignum::from_be(&121_665u32.to_be_bytes(), 8).unwrap());
        assert_eq!(p.mul(&d, &k), p.neg(&m));
        // sqrt(−1)² = −1
        let i = p.constant(SQRT_M1);
        assert_eq!(p.mul(&i, &i), p.neg(&p.one()));
        // B round-trips through its encoding, whose y is 4/5.
        let b = f.base();
        let enc = f.encode(&b);
        assert_eq!(enc[0], 0x58);
        assert_eq!(f.encode(&f.decode(&enc).unwrap()), enc);
        // L·B = identity.
        let l = bignum::from_be(&bignum::hex_bytes(L), 8).unwrap();
        let zero = vec![0u32; 8];
        let lb = f.double_mul(&l, &b, &zero, &b);
        assert_eq!(f.encode(&lb), f.encode(&f.identity()));
    }

    #[test]
    fn rfc_8032_test_1_empty_message() {
        // RFC 8032 §7.1, TEST 1.
        let pk =
            bignum::hex_bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        let sig = bignum::hex_bytes(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        );
        let key = PublicKey::new(&pk).unwrap();
        assert!(key.verify(b"", &sig));
        assert!(!key.verify(b"x", &sig));
        let mut bad = sig.clone();
        bad[63] ^= 0x01;
        assert!(!key.verify(b"", &bad));
    }

    #[test]
    fn refuses_non_canonical_or_invalid_keys() {
        assert!(PublicKey::new(&[0u8; 31]).is_none());
        // y = p (non-canonical encoding of 0).
        let mut y = bignum::hex_bytes(P);
        y.reverse();
        assert!(PublicKey::new(&y).is_none());
    }
}
