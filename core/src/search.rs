//! Substring search for the readers of pasted text.
//!
//! [`find`], [`has`] and [`split_once`] give the answers of `str::find`, `str::contains` and
//! `str::split_once` with a string needle, found faster where the readers look for many phrases
//! in every line of a long log. The standard search builds a table for each call, which for a
//! 50-byte line costs more than the search, and on wasm32 it has no fast path at all; memchr's
//! (a rolling hash for short texts, a rare-byte scan for long ones) made a 1 MiB log's analysis
//! several times faster.

/// Where `needle` first starts in `text` (as `text.find(needle)`). A short text (a log line) is
/// scanned for the needle's first byte and compared there, which costs less than preparing any
/// search; a long one goes to memchr's. Inside an [`Indexed`] paste, a needle with three bytes
/// in a row that the paste never has is not looked for at all.
pub fn find(text: &str, needle: &str) -> Option<usize> {
    let (hay, pattern) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = pattern.split_first() else {
        return Some(0);
    };
    if INDEX.with(|index| {
        index
            .borrow()
            .as_ref()
            .is_some_and(|i| i.rules_out(hay, pattern))
    }) {
        return None;
    }
    if hay.len() >= SHORT {
        return memchr::memmem::find(hay, pattern);
    }
    let mut from = 0;
    while let Some(at) = hay.get(from..).and_then(|h| memchr::memchr(first, h)) {
        let at = from + at;
        if hay.get(at + 1..at + pattern.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Texts shorter than this (bytes) are searched by [`find`]'s first-byte scan.
const SHORT: usize = 256;

/// Pastes at least this long (bytes) are worth an index.
const INDEXED: usize = 64 * 1024;

/// Which three-byte sequences a long paste holds (hashed into 65,536 bits; a collision only
/// makes a search run that could have been skipped). The readers look for about 270 phrases in
/// the whole of a 1 MiB log, and most of them have a sequence the log never has.
struct Index {
    /// The paste's address range: a text inside it holds no sequence the paste lacks.
    start: usize,
    end: usize,
    bits: Vec<u64>,
    /// The address ranges of the [`Joined`] texts alive now: pieces of the paste joined by line
    /// breaks, where a needle without a line break lies inside one piece.
    joined: Vec<(usize, usize)>,
}

impl Index {
    fn new(text: &str) -> Index {
        let mut bits = vec![0u64; GRAMS / 64];
        for w in text.as_bytes().windows(3) {
            if let [a, b, c] = *w {
                let g = gram(a, b, c);
                if let Some(word) = bits.get_mut(g / 64) {
                    *word |= 1 << (g % 64);
                }
            }
        }
        let start = text.as_ptr() as usize;
        Index {
            start,
            end: start + text.len(),
            bits,
            joined: Vec::new(),
        }
    }

    /// True when `hay` lies inside the paste (or inside a [`Joined`] text, for a needle without
    /// a line break) and `needle` has a sequence the paste lacks.
    fn rules_out(&self, hay: &[u8], needle: &[u8]) -> bool {
        let at = hay.as_ptr() as usize;
        let within =
            |(start, end): (usize, usize)| at >= start && at.saturating_add(hay.len()) <= end;
        let inside = within((self.start, self.end))
            || (!needle.contains(&b'\n') && self.joined.iter().any(|r| within(*r)));
        inside
            && needle.windows(3).any(|w| match *w {
                [a, b, c] => {
                    let g = gram(a, b, c);
                    self.bits
                        .get(g / 64)
                        .is_none_or(|word| word & (1 << (g % 64)) == 0)
                }
                _ => false,
            })
    }
}

const GRAMS: usize = 1 << 16;

fn gram(a: u8, b: u8, c: u8) -> usize {
    ((usize::from(a) << 10) ^ (usize::from(b) << 5) ^ usize::from(c)) % GRAMS
}

thread_local! {
    static INDEX: std::cell::RefCell<Option<Index>> = const { std::cell::RefCell::new(None) };
}

/// While this lives, searches in `text` (or any slice of it) skip the needles it cannot hold.
/// The analysis holds one for the paste it reads; one inside another changes nothing.
pub struct Indexed<'a> {
    owner: bool,
    _text: std::marker::PhantomData<&'a str>,
}

/// Indexes `text` for the searches made while the result lives (short texts are not indexed).
pub fn indexed(text: &str) -> Indexed<'_> {
    let owner = text.len() >= INDEXED
        && INDEX.with(|index| {
            let mut index = index.borrow_mut();
            if index.is_some() {
                return false;
            }
            *index = Some(Index::new(text));
            true
        });
    Indexed {
        owner,
        _text: std::marker::PhantomData,
    }
}

impl Drop for Indexed<'_> {
    fn drop(&mut self) {
        if self.owner {
            INDEX.with(|index| *index.borrow_mut() = None);
        }
    }
}

/// Pieces of the paste joined by line breaks (a part of a session: its lines, with or without
/// their log prefixes). While it lives, searches in it skip the needles without a line break that
/// have a sequence the paste lacks: such a needle can only be found inside one piece. When a
/// piece is not inside the indexed paste (or nothing is indexed), it is a plain string.
pub struct Joined {
    text: String,
    registered: bool,
}

/// `parts` joined by `\n`.
pub fn joined<'a>(parts: impl IntoIterator<Item = &'a str>) -> Joined {
    let mut text = String::new();
    let mut inside = true;
    INDEX.with(|index| {
        let index = index.borrow();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(part);
            let at = part.as_ptr() as usize;
            inside &= index
                .as_ref()
                .is_some_and(|x| at >= x.start && at.saturating_add(part.len()) <= x.end);
        }
    });
    let start = text.as_ptr() as usize;
    let registered = inside
        && !text.is_empty()
        && INDEX.with(|index| {
            index.borrow_mut().as_mut().is_some_and(|x| {
                x.joined.push((start, start + text.len()));
                true
            })
        });
    Joined { text, registered }
}

impl std::ops::Deref for Joined {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Drop for Joined {
    fn drop(&mut self) {
        if self.registered {
            let start = self.text.as_ptr() as usize;
            INDEX.with(|index| {
                if let Some(x) = index.borrow_mut().as_mut() {
                    x.joined.retain(|r| r.0 != start);
                }
            });
        }
    }
}

/// Whether `text` holds `needle` (as `text.contains(needle)`).
pub fn has(text: &str, needle: &str) -> bool {
    find(text, needle).is_some()
}

/// `text` before and after the first `needle` (as `text.split_once(needle)`).
pub fn split_once<'a>(text: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(text, needle)?;
    Some((text.get(..at)?, text.get(at + needle.len()..)?))
}

/// Where `needle` starts in `text`, every time, ASCII letters in any case (overlapping starts
/// included). The needle's first byte is looked for in both cases with memchr, then the window
/// compared.
pub fn positions_ignore_case<'a>(
    text: &'a str,
    needle: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let (hay, pattern) = (text.as_bytes(), needle.as_bytes());
    let first = pattern.first().copied().unwrap_or(0);
    let empty = pattern.is_empty();
    let starts = memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay);
    let every = (0..=hay.len()).filter(move |_| empty);
    starts
        .filter(move |_| !empty)
        .filter(move |&i| {
            hay.get(i..i + pattern.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(pattern))
        })
        .chain(every)
}

/// Where `needle` starts in `text`, every time, left to right (overlapping starts included, as
/// [`positions_ignore_case`] gives them).
pub fn positions<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find(text.get(from..)?, needle)?;
        from = at + needle.chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// Whether `text` holds `needle`, ASCII letters in any case.
pub fn has_ignore_case(text: &str, needle: &str) -> bool {
    positions_ignore_case(text, needle).next().is_some()
}

/// [`find`], [`has`] and [`split_once`] as methods, so that a reader writes
/// `line.has("Scopes: ")` where it would write `line.contains("Scopes: ")`.
pub trait Search {
    /// As `str::find` with a string needle.
    fn find_str(&self, needle: &str) -> Option<usize>;
    /// As `str::contains` with a string needle.
    fn has(&self, needle: &str) -> bool;
    /// As `str::split_once` with a string needle.
    fn split_on(&self, needle: &str) -> Option<(&str, &str)>;
}

impl Search for str {
    fn find_str(&self, needle: &str) -> Option<usize> {
        find(self, needle)
    }
    fn has(&self, needle: &str) -> bool {
        has(self, needle)
    }
    fn split_on(&self, needle: &str) -> Option<(&str, &str)> {
        split_once(self, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_blind_positions_are_every_start_in_any_case() {
        // The chain reader's gate words in lines of credential-chains.jsonl, in the cases SDKs
        // write them (Go's `AzureCLICredential`, .NET's `ManagedIdentityCredential`).
        let text = "AzureCLICredential: x. MANAGEDIDENTITYCREDENTIAL credential";
        let found: Vec<usize> = positions_ignore_case(text, "credential").collect();
        assert_eq!(found, [8, 38, 49]);
        assert!(has_ignore_case(text, "Azurecli"));
        assert!(!has_ignore_case(text, "identity "));
        assert!(!has_ignore_case("", "x"));
        assert!(!has_ignore_case("creden", "credential"));
        assert_eq!(
            positions_ignore_case("aaa", "aa").collect::<Vec<_>>(),
            [0, 1]
        );
        assert_eq!(positions_ignore_case("ab", "").count(), 3);
        // The same starts as the standard search gives, case kept.
        let line = "Scopes: [ a ] Scopes: [ b ] scopes: c";
        let starts: Vec<usize> = positions(line, "Scopes: ").collect();
        let standard: Vec<usize> = line.match_indices("Scopes: ").map(|(i, _)| i).collect();
        assert_eq!(starts, standard);
        assert_eq!(positions("aaa", "aa").collect::<Vec<_>>(), [0, 1]);
    }

    /// A 1 MiB-style application log (tests/e2e/bench.mjs's lines) with one token response line.
    fn log_with_a_response() -> String {
        let mut log: String = (0..2000)
            .map(|i| format!("2024-05-01T10:00:00Z INFO request {i} done in 12 ms\n"))
            .collect();
        log.push_str("{\"access_token\":\"eyJ0eXAi\",\"expires_on\":\"1643312827\"}\n");
        log
    }

    #[test]
    fn an_indexed_paste_answers_as_the_standard_search() {
        // The log searched whole, in slices, and beside a copy that is not indexed.
        let log = log_with_a_response();
        let copy = format!("{log}AADSTS700016 Identity not found");
        let needles = [
            "AADSTS",
            "Identity not found",
            "request 1999 done",
            "\"expires_on\":",
            "INFO request",
            "ms\n2024",
            "done in 13 ms",
            "zzz",
            "12",
        ];
        let _indexed = indexed(&log);
        for needle in needles {
            assert_eq!(find(&log, needle), log.find(needle), "{needle}");
            let slice = &log[40_000..log.len() - 10];
            assert_eq!(find(slice, needle), slice.find(needle), "slice {needle}");
            assert_eq!(find(&copy, needle), copy.find(needle), "copy {needle}");
        }
        // The index rules out what the log lacks, and only inside the log.
        assert!(INDEX.with(|i| i
            .borrow()
            .as_ref()
            .is_some_and(|i| i.rules_out(log.as_bytes(), b"AADSTS"))));
        assert!(!INDEX.with(|i| i
            .borrow()
            .as_ref()
            .is_some_and(|i| i.rules_out(copy.as_bytes(), b"AADSTS"))));
    }

    #[test]
    fn lines_of_the_paste_joined_answer_as_the_standard_search() {
        // The same log's lines as a session part reads them: as pasted, and with the timestamp
        // read through, which joins text the log never has side by side ("ms\nINFO").
        let log = log_with_a_response();
        let _indexed = indexed(&log);
        let lines: Vec<&str> = log.lines().skip(1990).collect();
        let read_through = || {
            lines
                .iter()
                .map(|l| l.split_once("Z ").map_or(*l, |(_, m)| m))
        };
        let as_pasted = joined(lines.iter().copied());
        let without_stamps = joined(read_through());
        let outside = joined(["AADSTS700016 Identity not found", "INFO request"]);
        for needle in [
            "AADSTS",
            "request 1999 done",
            "ms\nINFO",
            "ms\n2024",
            "\"expires_on\":",
            "zzz",
            "Identity not found",
        ] {
            for text in [&as_pasted, &without_stamps, &outside] {
                assert_eq!(
                    find(text, needle),
                    text.text.find(needle),
                    "{needle} in {text:?}",
                    text = &text.text[..30]
                );
            }
        }
        assert!(as_pasted.registered && without_stamps.registered && !outside.registered);
        // Each is forgotten when dropped.
        drop((as_pasted, without_stamps));
        assert!(INDEX.with(|i| i.borrow().as_ref().is_some_and(|i| i.joined.is_empty())));
    }

    #[test]
    fn the_index_lives_as_long_as_its_guard_and_short_pastes_get_none() {
        let long = "x".repeat(INDEXED);
        {
            let _outer = indexed(&long);
            let _inner = indexed(&long[1..]);
            drop(_inner);
            assert!(
                INDEX.with(|i| i.borrow().is_some()),
                "the inner guard keeps the outer index"
            );
        }
        assert!(INDEX.with(|i| i.borrow().is_none()));
        let _short = indexed("short");
        assert!(INDEX.with(|i| i.borrow().is_none()));
    }

    #[test]
    fn the_fast_searches_answer_as_the_standard_ones() {
        // Phrases the chain reader looks for (credential-chains.jsonl) in lines that hold them,
        // hold them twice, hold a part of them, or are empty; a multi-byte character before one.
        let texts = [
            "Failed to get token from ManagedIdentityCredential: timed out",
            "x Failed to get token from A. Failed to get token from B",
            "Failed to get token fro",
            "",
            "résumé → Failed to get token from ✓",
            &"x".repeat(100_000),
            &format!("{}Failed to get token from", "x".repeat(SHORT - 24)),
            &format!("{}Failed to get token from", "x".repeat(SHORT - 25)),
        ];
        for text in texts {
            for needle in ["Failed to get token from ", "from", "✓", "", "x"] {
                assert_eq!(
                    find(text, needle),
                    text.find(needle),
                    "{text:.40} / {needle}"
                );
                assert_eq!(has(text, needle), text.contains(needle));
                assert_eq!(split_once(text, needle), text.split_once(needle));
            }
        }
    }
}
