//! A forgiving base64url decoder that reports what it had to forgive.
//!
//! JWTs use unpadded base64url (RFC 7515 §2). People paste tokens that were re-encoded with
//! standard base64 (`+`, `/`) or padded with `=`; the decoder accepts both and says so. A character
//! outside both alphabets stops decoding there: the bytes before it are still returned so the view
//! can show what is readable, and the error names the character and its offset.

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
        }
    }
}
