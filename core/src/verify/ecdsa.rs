//! ECDSA verification on the NIST curves JWS uses: P-256 (ES256), P-384 (ES384) and P-521
//! (ES512), following SEC 1 v2 §4.1.4, with Jacobian coordinates over [`Modulus`].
//!
//! The curve parameters are those of SEC 2 / FIPS 186-4 (`openssl ecparam -param_enc explicit`
//! prints the same); unit tests check that the base point lies on its curve and has order n.

use super::bignum::{self, Limbs, Modulus};
use super::hash::Hash;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// The JWS algorithm that uses this curve (RFC 7518 §3.4).
    pub fn alg(self) -> &'static str {
        match self {
            Curve::P256 => "ES256",
            Curve::P384 => "ES384",
            Curve::P521 => "ES512",
        }
    }

    pub fn hash(self) -> Hash {
        match self {
            Curve::P256 => Hash::Sha256,
            Curve::P384 => Hash::Sha384,
            Curve::P521 => Hash::Sha512,
        }
    }

    /// Bytes in a coordinate or a scalar.
    pub fn field_bytes(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    pub fn from_jwk_name(name: &str) -> Option<Curve> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    /// p, b, Gx, Gy, n (a is −3 on all three).
    fn params(self) -> [&'static str; 5] {
        match self {
            Curve::P256 => [
                "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
                "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
                "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
                "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
            ],
            Curve::P384 => [
                "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
                "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
                "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
                "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
                "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
            ],
            Curve::P521 => [
                "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
                "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
                "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
                "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
            ],
        }
    }
}

/// A point in Jacobian coordinates (X/Z², Y/Z³), Montgomery domain; Z = 0 is infinity.
#[derive(Clone, Debug)]
struct Point {
    x: Limbs,
    y: Limbs,
    z: Limbs,
}

/// The curve's arithmetic, built once per verification.
struct Group {
    p: Modulus,
    n: Modulus,
    b: Limbs,
    g: Point,
}

impl Group {
    fn new(curve: Curve) -> Option<Group> {
        let [p, b, gx, gy, n] = curve.params();
        let p = Modulus::new(&bignum::hex_bytes(p))?;
        let n = Modulus::new(&bignum::hex_bytes(n))?;
        let g = Point {
            x: p.constant(gx),
            y: p.constant(gy),
            z: p.one(),
        };
        Some(Group {
            b: p.constant(b),
            g,
            p,
            n,
        })
    }

    fn infinity(&self) -> Point {
        Point {
            x: self.p.one(),
            y: self.p.one(),
            z: self.p.zero(),
        }
    }

    /// y² − (x³ − 3x + b) for affine x, y (Montgomery domain).
    fn on_curve(&self, x: &[u32], y: &[u32]) -> bool {
        self.rhs(x) == self.p.mul(y, y)
    }

    fn rhs(&self, x: &[u32]) -> Limbs {
        let p = &self.p;
        let x3 = p.mul(&p.mul(x, x), x);
        let three_x = p.add(&p.add(x, x), x);
        p.add(&p.sub(&x3, &three_x), &self.b)
    }

    /// dbl-2001-b (a = −3).
    fn double(&self, q: &Point) -> Point {
        let p = &self.p;
        if bignum::is_zero(&q.z) || bignum::is_zero(&q.y) {
            return self.infinity();
        }
        let delta = p.mul(&q.z, &q.z);
        let gamma = p.mul(&q.y, &q.y);
        let beta = p.mul(&q.x, &gamma);
        let t = p.mul(&p.sub(&q.x, &delta), &p.add(&q.x, &delta));
        let alpha = p.add(&p.add(&t, &t), &t);
        let beta4 = p.add(&p.add(&beta, &beta), &p.add(&beta, &beta));
        let beta8 = p.add(&beta4, &beta4);
        let x3 = p.sub(&p.mul(&alpha, &alpha), &beta8);
        let yz = p.add(&q.y, &q.z);
        let z3 = p.sub(&p.sub(&p.mul(&yz, &yz), &gamma), &delta);
        let gamma2 = p.mul(&gamma, &gamma);
        let g4 = p.add(&p.add(&gamma2, &gamma2), &p.add(&gamma2, &gamma2));
        let g8 = p.add(&g4, &g4);
        let y3 = p.sub(&p.mul(&alpha, &p.sub(&beta4, &x3)), &g8);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// add-2007-bl, with the special cases (infinity, equal points, opposite points).
    fn add(&self, a: &Point, b: &Point) -> Point {
        let p = &self.p;
        if bignum::is_zero(&a.z) {
            return b.clone();
        }
        if bignum::is_zero(&b.z) {
            return a.clone();
        }
        let z1z1 = p.mul(&a.z, &a.z);
        let z2z2 = p.mul(&b.z, &b.z);
        let u1 = p.mul(&a.x, &z2z2);
        let u2 = p.mul(&b.x, &z1z1);
        let s1 = p.mul(&p.mul(&a.y, &b.z), &z2z2);
        let s2 = p.mul(&p.mul(&b.y, &a.z), &z1z1);
        let h = p.sub(&u2, &u1);
        let r_half = p.sub(&s2, &s1);
        if bignum::is_zero(&h) {
            return if bignum::is_zero(&r_half) {
                self.double(a)
            } else {
                self.infinity()
            };
        }
        let h2 = p.add(&h, &h);
        let i = p.mul(&h2, &h2);
        let j = p.mul(&h, &i);
        let r = p.add(&r_half, &r_half);
        let v = p.mul(&u1, &i);
        let x3 = p.sub(&p.sub(&p.mul(&r, &r), &j), &p.add(&v, &v));
        let s1j = p.mul(&s1, &j);
        let y3 = p.sub(&p.mul(&r, &p.sub(&v, &x3)), &p.add(&s1j, &s1j));
        let zz = p.add(&a.z, &b.z);
        let z3 = p.mul(&p.sub(&p.sub(&p.mul(&zz, &zz), &z1z1), &z2z2), &h);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// u1·G + u2·Q by Shamir's trick; scalars as plain (non-Montgomery) limbs.
    fn double_mul(&self, u1: &[u32], u2: &[u32], q: &Point) -> Point {
        bignum::shamir(
            (u1, &self.g),
            (u2, q),
            self.infinity(),
            |a, b| self.add(a, b),
            |a| self.double(a),
        )
    }

    /// Affine x of a point (plain limbs), `None` at infinity.
    fn affine_x(&self, q: &Point) -> Option<Limbs> {
        if bignum::is_zero(&q.z) {
            return None;
        }
        let z_inv = self.p.inv_prime(&q.z);
        let z_inv2 = self.p.mul(&z_inv, &z_inv);
        Some(self.p.from_mont(&self.p.mul(&q.x, &z_inv2)))
    }
}

/// Why a public point is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointError {
    /// Not 04‖x‖y or 02/03‖x of the curve's size, or coordinates too long.
    Encoding,
    /// A coordinate is not below p.
    OutOfRange,
    /// (x, y) does not satisfy the curve equation.
    NotOnCurve,
}

impl std::fmt::Display for PointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PointError::Encoding => "the public point is not encoded as the curve requires (x and y of the curve's size)",
            PointError::OutOfRange => "a coordinate of the public point is larger than the curve's field",
            PointError::NotOnCurve => "the public point (x, y) does not lie on the curve: the key is corrupted or belongs to another curve",
        })
    }
}

/// An ECDSA public key: a validated point on a NIST curve, kept as big-endian coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    pub curve: Curve,
    x: Vec<u8>,
    y: Vec<u8>,
}

impl PublicKey {
    /// From affine coordinates (big-endian; shorter than the field size is tolerated).
    pub fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<PublicKey, PointError> {
        let size = curve.field_bytes();
        if x.len() > size || y.len() > size || x.is_empty() || y.is_empty() {
            return Err(PointError::Encoding);
        }
        let group = Group::new(curve).ok_or(PointError::Encoding)?;
        let xs = group.p.from_be_below(x).ok_or(PointError::OutOfRange)?;
        let ys = group.p.from_be_below(y).ok_or(PointError::OutOfRange)?;
        if !group.on_curve(&group.p.to_mont(&xs), &group.p.to_mont(&ys)) {
            return Err(PointError::NotOnCurve);
        }
        Ok(PublicKey {
            curve,
            x: bignum::to_be(&xs, size),
            y: bignum::to_be(&ys, size),
        })
    }

    /// From a SEC 1 point: uncompressed (04‖x‖y) or compressed (02/03‖x).
    pub fn from_sec1(curve: Curve, bytes: &[u8]) -> Result<PublicKey, PointError> {
        let size = curve.field_bytes();
        let Some((&tag, rest)) = bytes.split_first() else {
            return Err(PointError::Encoding);
        };
        match tag {
            0x04 if rest.len() == 2 * size => {
                let (x, y) = rest.split_at(size);
                Self::from_coordinates(curve, x, y)
            }
            0x02 | 0x03 if rest.len() == size => {
                let group = Group::new(curve).ok_or(PointError::Encoding)?;
                let p = &group.p;
                let xs = p.from_be_below(rest).ok_or(PointError::OutOfRange)?;
                let rhs = group.rhs(&p.to_mont(&xs));
                // p ≡ 3 (mod 4) on all three curves: √a = a^((p+1)/4).
                let exp = {
                    let mut v = bignum::to_be(p.value(), p.limbs() * 4 + 1);
                    // (p + 1) / 4: p ends in binary …11, so add 1 then shift right twice.
                    let mut carry = 1u16;
                    for byte in v.iter_mut().rev() {
                        let s = u16::from(*byte) + carry;
                        *byte = s as u8;
                        carry = s >> 8;
                    }
                    let mut prev = 0u8;
                    for byte in v.iter_mut() {
                        let next = *byte & 3;
                        *byte = (*byte >> 2) | (prev << 6);
                        prev = next;
                    }
                    v
                };
                let y = p.pow(&rhs, &exp);
                if p.mul(&y, &y) != rhs {
                    return Err(PointError::NotOnCurve);
                }
                let mut ys = p.from_mont(&y);
                if bignum::bit(&ys, 0) != (tag == 0x03) {
                    ys = p.from_mont(&p.neg(&y));
                }
                Ok(PublicKey {
                    curve,
                    x: bignum::to_be(&xs, size),
                    y: bignum::to_be(&ys, size),
                })
            }
            _ => Err(PointError::Encoding),
        }
    }

    /// Verifies a JWS ECDSA signature (r‖s, each of the curve's size) over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let size = self.curve.field_bytes();
        if signature.len() != 2 * size {
            return false;
        }
        let Some(group) = Group::new(self.curve) else {
            return false;
        };
        let (r_be, s_be) = signature.split_at(size);
        let n = &group.n;
        let (Some(r), Some(s)) = (n.from_be_below(r_be), n.from_be_below(s_be)) else {
            return false;
        };
        if bignum::is_zero(&r) || bignum::is_zero(&s) {
            return false;
        }
        let e = n.reduce(&truncated_hash(
            &self.curve.hash().digest(message),
            n.bits(),
        ));
        let s_inv = n.inv_prime(&n.to_mont(&s));
        let u1 = n.from_mont(&n.mul(&n.to_mont(&e), &s_inv));
        let u2 = n.from_mont(&n.mul(&n.to_mont(&r), &s_inv));
        let p = &group.p;
        let (Some(qx), Some(qy)) = (p.from_be_below(&self.x), p.from_be_below(&self.y)) else {
            return false;
        };
        let q = Point {
            x: p.to_mont(&qx),
            y: p.to_mont(&qy),
            z: p.one(),
        };
        let sum = group.double_mul(&u1, &u2, &q);
        match group.affine_x(&sum) {
            Some(x) => n.reduce(&bignum::to_be(&x, p.limbs() * 4)) == r,
            None => false,
        }
    }
}

/// The leftmost `bits` bits of a hash, as SEC 1 §4.1.3 step 5 takes them.
fn truncated_hash(hash: &[u8], bits: usize) -> Vec<u8> {
    if hash.len() * 8 <= bits {
        return hash.to_vec();
    }
    let keep = bits.div_ceil(8);
    let mut out: Vec<u8> = hash.iter().take(keep).copied().collect();
    let shift = keep * 8 - bits;
    if shift > 0 {
        let mut carry = 0u8;
        for byte in out.iter_mut() {
            let next = *byte << (8 - shift);
            *byte = (*byte >> shift) | carry;
            carry = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_points_lie_on_their_curves_and_have_order_n() {
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let g = Group::new(curve).unwrap();
            assert!(g.on_curve(&g.g.x, &g.g.y), "{curve:?}");
            let n = bignum::from_be(&bignum::hex_bytes(curve.params()[4]), g.n.limbs()).unwrap();
            let zero = vec![0u32; n.len()];
            // n·G = infinity, and (n−1)·G = −G.
            assert!(
                bignum::is_zero(&g.double_mul(&n, &zero, &g.g).z),
                "{curve:?}"
            );
            let mut n1 = n.clone();
            n1[0] -= 1;
            let minus_g = g.double_mul(&n1, &zero, &g.g);
            assert_eq!(g.affine_x(&minus_g), Some(g.p.from_mont(&g.g.x)));
        }
    }

    #[test]
    fn compressed_points_decompress_to_the_uncompressed_ones() {
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let g = Group::new(curve).unwrap();
            let size = curve.field_bytes();
            let x = bignum::to_be(&g.p.from_mont(&g.g.x), size);
            let y = bignum::to_be(&g.p.from_mont(&g.g.y), size);
            let full = PublicKey::from_coordinates(curve, &x, &y).unwrap();
            let tag = if y.last().unwrap() & 1 == 1 { 3 } else { 2 };
            let mut compressed = vec![tag];
            compressed.extend_from_slice(&x);
            assert_eq!(PublicKey::from_sec1(curve, &compressed).unwrap(), full);
            compressed[0] ^= 1;
            assert_ne!(PublicKey::from_sec1(curve, &compressed).unwrap(), full);
        }
    }

    #[test]
    fn refuses_points_off_the_curve() {
        let mut y = vec![0u8; 32];
        y[31] = 1;
        assert_eq!(
            PublicKey::from_coordinates(Curve::P256, &[1], &y),
            Err(PointError::NotOnCurve)
        );
        assert_eq!(
            PublicKey::from_coordinates(Curve::P256, &[0xff; 32], &y),
            Err(PointError::OutOfRange)
        );
        assert_eq!(
            PublicKey::from_sec1(Curve::P256, &[4, 1, 2]),
            Err(PointError::Encoding)
        );
    }

    #[test]
    fn truncates_hashes_longer_than_the_order() {
        assert_eq!(truncated_hash(&[0xff, 0x80], 9), vec![0x01, 0xff]);
        assert_eq!(truncated_hash(&[0xab, 0xcd], 16), vec![0xab, 0xcd]);
    }
}
