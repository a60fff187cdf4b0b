//! Two base64url readers: a forgiving one for showing what was pasted, and a strict one for
//! deciding what a signature covers.
//!
//! JWTs use unpadded base64url (RFC 7515 §2). People paste tokens that were re-encoded with
//! standard base64 (`+`, `/`) or padded with `=`; [`decode`] accepts both and says so. A character
//! outside both alphabets stops decoding there: the bytes before it are still returned so the view
//! can show what is readable, and the error names the character and its offset.
//!
//! [`decode_strict`] accepts only the one canonical encoding of each byte string: the base64url
//! alphabet, no padding, no whitespace or other characters (RFC 7515 §2: "with all trailing '='
//! characters omitted … and without the inclusion of any line breaks, whitespace, or other
//! additional characters"), and zero pad bits in the last character (RFC 4648 §3.5, "Canonical
//! Encoding"). Signature verification uses it, so that "valid" is never said of bytes that are
//! not the token as a JWS library reads it.

/// Which alphabet characters were seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded bytes (all of them, or those before the first error).
    pub bytes: Vec<u8>,
    /// `=` padding was present at the end.
    pub padded: bool,
    /// Offset of the first `+` or `/` (standard base64), if any.
    pub standard_at: Option<usize>,
    /// The first problem, if any; `bytes` then holds what came before it.
    pub error: Option<Base64Error>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// A character that is in neither base64 alphabet.
    InvalidChar { offset: usize, ch: char },
    /// `=` somewhere other than the end.
    MisplacedPadding { offset: usize },
    /// A length that no base64 encoding produces (one character over a multiple of four).
    BadLength { len: usize },
    /// Both `-`/`_` and `+`/`/` in one part: it cannot be either alphabet.
    MixedAlphabets { offset: usize, ch: char },
}

impl Base64Error {
    pub fn offset(&self) -> Option<usize> {
        match *self {
            Base64Error::InvalidChar { offset, .. }
            | Base64Error::MisplacedPadding { offset }
            | Base64Error::MixedAlphabets { offset, .. } => Some(offset),
            Base64Error::BadLength { .. } => None,
        }
    }

    pub fn character(&self) -> Option<char> {
        match *self {
            Base64Error::InvalidChar { ch, .. } | Base64Error::MixedAlphabets { ch, .. } => {
                Some(ch)
            }
            Base64Error::MisplacedPadding { .. } => Some('='),
            Base64Error::BadLength { .. } => None,
        }
    }

    /// A sentence describing the problem for a part called `part`.
    pub fn describe(&self, part: &str) -> String {
        match *self {
            Base64Error::InvalidChar { offset, ch } => format!(
                "The {part} has {} at offset {offset}, which is not a base64url character \
                 (A–Z, a–z, 0–9, '-', '_').",
                describe_char(ch)
            ),
            Base64Error::MisplacedPadding { offset } => format!(
                "The {part} has '=' at offset {offset}, before its end: padding may only end a part."
            ),
            Base64Error::BadLength { len } => format!(
                "The {part} is {len} characters long; base64 never encodes to a length that is \
                 one more than a multiple of 4, so a character is missing or one too many."
            ),
            Base64Error::MixedAlphabets { offset, ch } => format!(
                "The {part} mixes the base64url and standard base64 alphabets ({} at offset {offset}).",
                describe_char(ch)
            ),
        }
    }
}

/// `'%' (U+0025)`, or a name for invisible characters.
pub fn describe_char(ch: char) -> String {
    let code = format!("U+{:04X}", u32::from(ch));
    match ch {
        '\u{2026}' => format!("an ellipsis '…' ({code})"),
        c if c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}') =>
        {
            format!("an invisible character ({code})")
        }
        c => format!("'{c}' ({code})"),
    }
}

fn sextet(b: u8) -> Option<(u8, Alphabet)> {
    match b {
        b'A'..=b'Z' => Some((b - b'A', Alphabet::Both)),
        b'a'..=b'z' => Some((b - b'a' + 26, Alphabet::Both)),
        b'0'..=b'9' => Some((b - b'0' + 52, Alphabet::Both)),
        b'-' => Some((62, Alphabet::Url)),
        b'_' => Some((63, Alphabet::Url)),
        b'+' => Some((62, Alphabet::Standard)),
        b'/' => Some((63, Alphabet::Standard)),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Alphabet {
    Both,
    Url,
    Standard,
}

/// Decodes one part, forgiving padding and the standard alphabet (unless mixed with base64url).
pub fn decode(part: &str) -> Decoded {
    let mut out = Decoded::default();
    let body = part.trim_end_matches('=');
    out.padded = body.len() != part.len();
    let mut url_at = None;
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (offset, ch) in body.char_indices() {
        let Some((value, alphabet)) = u8::try_from(ch).ok().and_then(sextet) else {
            out.error = Some(if ch == '=' {
                Base64Error::MisplacedPadding { offset }
            } else {
                Base64Error::InvalidChar { offset, ch }
            });
            return out;
        };
        match alphabet {
            Alphabet::Url if out.standard_at.is_some() => {
                out.error = Some(Base64Error::MixedAlphabets { offset, ch });
                return out;
            }
            Alphabet::Standard if url_at.is_some() => {
                out.error = Some(Base64Error::MixedAlphabets { offset, ch });
                return out;
            }
            Alphabet::Url => url_at = url_at.or(Some(offset)),
            Alphabet::Standard => out.standard_at = out.standard_at.or(Some(offset)),
            Alphabet::Both => {}
        }
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if body.len() % 4 == 1 {
        out.error = Some(Base64Error::BadLength { len: body.len() });
    }
    out
}

/// Why a part is not the canonical base64url encoding [`decode_strict`] accepts. Offsets are
/// byte offsets in the part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCanonical {
    /// Whitespace or an invisible character (a wrapped or web-page paste).
    Whitespace { offset: usize, ch: char },
    /// `=` padding, which JWS omits.
    Padding { offset: usize },
    /// `+` or `/`: the standard base64 alphabet.
    StandardAlphabet { offset: usize, ch: char },
    /// A character in neither base64 alphabet.
    InvalidChar { offset: usize, ch: char },
    /// A length that no encoding produces (one character over a multiple of four).
    BadLength { len: usize },
    /// The last character carries pad bits that are not zero; `canonical` is the character the
    /// canonical encoding of the same bytes ends with.
    TrailingBits {
        offset: usize,
        ch: char,
        canonical: char,
    },
}

impl NotCanonical {
    /// A clause (lower case, no full stop) saying what is wrong in the part called `part`.
    pub fn describe(&self, part: &str) -> String {
        match *self {
            NotCanonical::Whitespace { offset, ch } => format!(
                "the {part} has {} at offset {offset}; base64url has no whitespace",
                whitespace_name(ch)
            ),
            NotCanonical::Padding { offset } => {
                format!("the {part} ends in '=' padding (from offset {offset}), which JWS omits")
            }
            NotCanonical::StandardAlphabet { offset, ch } => format!(
                "the {part} has '{ch}' at offset {offset}, from the standard base64 alphabet \
                 rather than base64url ('-' and '_')"
            ),
            NotCanonical::InvalidChar { offset, ch } => format!(
                "the {part} has {} at offset {offset}, which is not a base64url character",
                describe_char(ch)
            ),
            NotCanonical::BadLength { len } => {
                format!("the {part} is {len} characters long, a length no base64url encoding has")
            }
            NotCanonical::TrailingBits {
                offset,
                ch,
                canonical,
            } => format!(
                "the {part} ends in '{ch}' (offset {offset}), whose unused low bits are not zero: \
                 the canonical encoding of the same bytes ends in '{canonical}'"
            ),
        }
    }

    /// Whether only whitespace (which the token cleaner removes) makes the part non-canonical.
    pub fn is_whitespace(&self) -> bool {
        matches!(self, NotCanonical::Whitespace { .. })
    }
}

fn whitespace_name(ch: char) -> String {
    match ch {
        ' ' => "a space".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        '\t' => "a tab".to_string(),
        other => describe_char(other),
    }
}

/// Decodes one part only if it is canonical unpadded base64url; otherwise says what is first
/// wrong with it.
pub fn decode_strict(part: &str) -> Result<Vec<u8>, NotCanonical> {
    let mut bytes = Vec::with_capacity(part.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut last = None;
    for (offset, ch) in part.char_indices() {
        let value = match u8::try_from(ch).ok().and_then(sextet) {
            Some((v, Alphabet::Both | Alphabet::Url)) => v,
            Some((_, Alphabet::Standard)) => {
                return Err(NotCanonical::StandardAlphabet { offset, ch })
            }
            None if ch == '=' => return Err(NotCanonical::Padding { offset }),
            None if crate::input::token_text::is_removable(ch) => {
                return Err(NotCanonical::Whitespace { offset, ch })
            }
            None => return Err(NotCanonical::InvalidChar { offset, ch }),
        };
        last = Some((offset, ch, value));
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if part.len() % 4 == 1 {
        return Err(NotCanonical::BadLength { len: part.len() });
    }
    // After the last whole byte, `bits` (2 or 4) pad bits remain in `acc`; they must be zero.
    if let Some((offset, ch, value)) = last.filter(|_| acc != 0) {
        let kept = value & !((1u8 << bits) - 1);
        return Err(NotCanonical::TrailingBits {
            offset,
            ch,
            canonical: URL_ALPHABET
                .get(usize::from(kept))
                .map_or('A', |&b| char::from(b)),
        });
    }
    Ok(bytes)
}

const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64url_and_forgives_the_rest() {
        // RFC 7515 A.1 header, {"typ":"JWT",\r\n "alg":"HS256"}.
        let d = decode("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
        assert_eq!(d.bytes, b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
        assert!(!d.padded && d.standard_at.is_none() && d.error.is_none());

        let d = decode("eyJhIjoiPz8_In0=");
        assert_eq!(d.bytes, b"{\"a\":\"??\x3f\"}".as_slice());
        assert!(d.padded);
        let d = decode("eyJhIjoiPz8/In0");
        assert_eq!(d.bytes, b"{\"a\":\"???\"}");
        assert_eq!(d.standard_at, Some(11));
    }

    #[test]
    fn names_the_offending_character_and_keeps_what_came_before() {
        let d = decode("eyJh%IjoiYiJ9");
        assert_eq!(
            d.error,
            Some(Base64Error::InvalidChar { offset: 4, ch: '%' })
        );
        assert_eq!(d.bytes, b"{\"a");
        assert_eq!(
            decode("ab=c").error,
            Some(Base64Error::MisplacedPadding { offset: 2 })
        );
        assert_eq!(
            decode("abcde").error,
            Some(Base64Error::BadLength { len: 5 })
        );
        assert_eq!(
            decode("ab-c+d").error,
            Some(Base64Error::MixedAlphabets { offset: 4, ch: '+' })
        );
        let d = decode("eyJ0eXAi…");
        assert_eq!(
            d.error,
            Some(Base64Error::InvalidChar {
                offset: 8, ch: '…'
            })
        );
        assert!(d
            .error
            .unwrap()
            .describe("payload")
            .contains("an ellipsis '…' (U+2026)"));
    }

    #[test]
    fn round_trips_with_the_encoder() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(decode(&encode(&bytes)).bytes, bytes);
            assert_eq!(decode_strict(&encode(&bytes)), Ok(bytes));
        }
    }

    #[test]
    fn the_strict_reader_accepts_only_the_canonical_encoding() {
        // RFC 7515 A.1: the header as published is canonical.
        assert_eq!(
            decode_strict("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9").unwrap(),
            b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        );
        assert_eq!(
            decode_strict("eyJhIjoiPz8_In0="),
            Err(NotCanonical::Padding { offset: 15 })
        );
        assert_eq!(
            decode_strict("eyJhIjoiPz8/In0"),
            Err(NotCanonical::StandardAlphabet {
                offset: 11,
                ch: '/'
            })
        );
        assert_eq!(
            decode_strict("eyJh IjoiYiJ9"),
            Err(NotCanonical::Whitespace { offset: 4, ch: ' ' })
        );
        assert_eq!(
            decode_strict("eyJh\u{200b}IjoiYiJ9"),
            Err(NotCanonical::Whitespace {
                offset: 4,
                ch: '\u{200b}'
            })
        );
        assert_eq!(
            decode_strict("eyJh#"),
            Err(NotCanonical::InvalidChar { offset: 4, ch: '#' })
        );
        assert_eq!(
            decode_strict("abcde"),
            Err(NotCanonical::BadLength { len: 5 })
        );
        // "AA" and "AB" both decode to one zero byte; only "AA" is canonical (RFC 4648 §3.5).
        // Wycheproof's json_web_signature_test.json, tcId 375, signs a payload "AB".
        assert_eq!(decode_strict("AA"), Ok(vec![0]));
        assert_eq!(decode("AB").bytes, vec![0]);
        assert_eq!(
            decode_strict("AB"),
            Err(NotCanonical::TrailingBits {
                offset: 1,
                ch: 'B',
                canonical: 'A'
            })
        );
        // Three characters leave two pad bits: "AAE" is 0x00 0x01 with none set; "AAF" sets one.
        assert_eq!(decode_strict("AAE"), Ok(vec![0, 1]));
        assert!(matches!(
            decode_strict("AAF"),
            Err(NotCanonical::TrailingBits { canonical: 'E', .. })
        ));
        assert!(NotCanonical::Padding { offset: 3 }
            .describe("signature (part 3)")
            .starts_with("the signature (part 3) ends in '=' padding"));
    }
}
