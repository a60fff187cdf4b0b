//! Turning a token as people paste it into the compact form the decoder reads.
//!
//! Pasted tokens come with an `Authorization:` header name, a `Bearer ` scheme in any case, quotes
//! or a trailing comma from JSON, line breaks from e-mail or terminals, and invisible characters
//! from web pages. Each repair becomes an info finding, and offsets in the cleaned token can be
//! mapped back to the text as pasted so problems are reported where the user can see them.

use crate::model::Code;
use crate::model::{Finding, Place};
use crate::search::Search;

/// A token ready for decoding, with the repairs made and a way back to the pasted text.
#[derive(Clone, Debug)]
pub struct TokenCandidate<'a> {
    /// The token with everything around and inside it removed.
    pub compact: String,
    /// One info finding per repair.
    pub repairs: Vec<Finding>,
    /// The text as pasted.
    pub source: &'a str,
    /// Byte offset in `source` where the token's first character sits.
    pub start: usize,
    /// Byte offset in `source` just after the token's last character.
    pub end: usize,
    /// The token was cut short (an ellipsis at its end).
    pub truncated: bool,
}

/// Characters removed from inside a token: whitespace of every kind plus the invisible ones web
/// pages and chat clients insert (zero-width space and joiners, word joiner, BOM, soft hyphen).
pub fn is_removable(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
}

const QUOTE_PAIRS: [(char, char); 6] = [
    ('"', '"'),
    ('\'', '\''),
    ('`', '`'),
    ('\u{201c}', '\u{201d}'),
    ('\u{2018}', '\u{2019}'),
    ('\u{201e}', '\u{201c}'),
];

/// Cleans `input` as a token pasted on its own; `None` when it does not look like one.
pub fn clean(input: &str) -> Option<TokenCandidate<'_>> {
    let mut repairs = Vec::new();
    let (mut start, mut end) = trimmed_range(input, 0, input.len());
    let mut stripped_prefix = Vec::new();
    let mut stripped_quotes = false;
    // A few rounds: `"Authorization: Bearer eyJ…",` needs the comma, quotes, header and scheme off.
    for _ in 0..4 {
        let text = input.get(start..end)?;
        let before = (start, end);
        if let Some(rest) = strip_prefix_ci(text, "authorization:") {
            start = end - rest.len();
            stripped_prefix.push("the `Authorization:` header name");
        } else if let Some(rest) = strip_bearer(text) {
            start = end - rest.len();
            stripped_prefix.push("the `Bearer` scheme");
        } else if let Some(rest) = text.strip_suffix([',', ';']) {
            end = start + rest.len();
            stripped_quotes = true;
        } else if let Some((open, close)) = surrounding_quotes(text) {
            start += open.len_utf8();
            end -= close.len_utf8();
            stripped_quotes = true;
        }
        (start, end) = trimmed_range(input, start, end);
        if (start, end) == before {
            break;
        }
    }
    let body = input.get(start..end)?;
    // A long paste whose start cannot begin a token is not one: skip copying all of it. (Only the
    // start decides, as in `looks_like_token`; past 4 KiB no trailing ellipsis can reach it.)
    if body.len() > 4096 {
        let head: String = body
            .chars()
            .filter(|c| !is_removable(*c))
            .take_while(|c| *c != '.')
            .take(64)
            .collect();
        if !looks_like_token(&head, true) {
            return None;
        }
    }
    let mut compact: String = body.chars().filter(|c| !is_removable(*c)).collect();
    let truncated = strip_ellipsis(&mut compact);
    if !looks_like_token(&compact, truncated) {
        return None;
    }
    if !stripped_prefix.is_empty() {
        repairs.push(
            Finding::info(
                Code::TokenPrefixStripped,
                "Removed the text before the token",
            )
            .detail(format!(
                "Removed {} so the token itself could be decoded. A request sends it as \
                     `Authorization: Bearer <token>`; the token is only the part after `Bearer `.",
                stripped_prefix.join(" and ")
            )),
        );
    }
    if stripped_quotes {
        repairs.push(
            Finding::info(Code::TokenQuotesStripped, "Removed the quotes around the token")
                .detail("The token was pasted with quotes or a trailing comma, as copied out of JSON or code."),
        );
    }
    let removed = body.chars().filter(|c| is_removable(*c)).count();
    if removed > 0 {
        repairs.push(whitespace_finding(body, removed));
    }
    let mut candidate = TokenCandidate {
        compact,
        repairs,
        source: input,
        start,
        end,
        truncated,
    };
    if truncated {
        candidate.repairs.push(truncated_finding());
    }
    Some(candidate)
}

/// Finds a token inside other text (a log line, an error message, a JSON body) and cleans it.
pub fn find_embedded(input: &str) -> Option<TokenCandidate<'_>> {
    let mut best: Option<(usize, usize, usize)> = None; // (start, end, dots)
    let mut search_from = 0;
    while let Some(found) = input
        .get(search_from..)
        .and_then(|rest| rest.find_str("eyJ"))
    {
        let start = search_from + found;
        let end = token_run_end(input, start);
        let dots = input.get(start..end).map_or(0, |s| s.matches('.').count());
        let better = match best {
            None => dots >= 1 && end - start >= 16,
            Some((s, e, d)) => (dots >= 2 && d < 2) || (d < 2 && dots >= 1 && end - start > e - s),
        };
        if better {
            best = Some((start, end, dots));
        }
        if best.is_some_and(|(_, _, d)| d >= 2) {
            break;
        }
        search_from = end.max(start + 3);
    }
    let (start, mut end, _) = best?;
    // Keep an ellipsis that marks the token as cut short.
    let after = input.get(end..).unwrap_or("");
    if after.starts_with('\u{2026}') {
        end += '\u{2026}'.len_utf8();
    }
    let mut compact: String = input
        .get(start..end)?
        .chars()
        .filter(|c| !is_removable(*c))
        .collect();
    let truncated = strip_ellipsis(&mut compact);
    // A full stop after a token in prose is not part of it (an unsecured JWT's own final dot is).
    if !truncated && compact.ends_with('.') && compact.matches('.').count() > 2 {
        compact.pop();
    }
    let mut candidate = TokenCandidate {
        compact,
        repairs: Vec::new(),
        source: input,
        start,
        end,
        truncated,
    };
    let place = candidate.place_at(0);
    candidate.repairs.push(
        Finding::info(Code::TokenExtracted, "Found a token inside the pasted text")
            .detail(format!(
                "The paste is not a token on its own; the token starting on line {} (column {}) was \
                 decoded. Everything around it was ignored.",
                place.line.unwrap_or(1),
                place.column.unwrap_or(1)
            ))
            .place(place),
    );
    if truncated {
        candidate.repairs.push(truncated_finding());
    }
    Some(candidate)
}

/// Where the run of token characters from `start` ends; a run that reaches the end of its line
/// before it has three parts goes on over the lines that hold nothing but token characters (a
/// terminal or an e-mail wrapped it). A signature wrapped the same way is the token layer's to
/// follow: only the algorithm says how long it should be.
fn token_run_end(input: &str, start: usize) -> usize {
    let run_end = |from: usize| {
        from + input
            .get(from..)
            .unwrap_or("")
            .find(|c: char| !is_token_char(c))
            .unwrap_or(input.len() - from)
    };
    let mut end = run_end(start);
    while input
        .get(start..end)
        .is_some_and(|t| t.matches('.').count() < 2)
    {
        let Some(next_line) = input
            .get(end..)
            .map(|r| r.trim_start_matches([' ', '\t', '\r']))
            .and_then(|r| r.strip_prefix('\n'))
        else {
            break;
        };
        let next_start = input.len() - next_line.len();
        let next_end = run_end(next_start);
        let rest_of_line = input.get(next_end..).unwrap_or("").split('\n').next();
        if next_end == next_start || !rest_of_line.is_some_and(|r| r.trim().is_empty()) {
            break;
        }
        end = next_end;
    }
    end
}

/// The characters a token in text is made of (base64url, its standard-base64 slips, and dots).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/' | '=')
}

impl<'a> TokenCandidate<'a> {
    /// This candidate with the next line of the pasted text appended, when the token runs to the
    /// end of its line and the next line holds only token characters: what a terminal or an
    /// e-mail does to a long line (`curl -v`'s `> Authorization: Bearer …`). `None` otherwise.
    /// Only whitespace is passed over, so places in the token still map back to the paste.
    pub fn wrapped_onto_next_line(&self) -> Option<TokenCandidate<'a>> {
        if self.truncated {
            return None;
        }
        let rest = self.source.get(self.end..)?;
        let next_line = rest
            .trim_start_matches([' ', '\t', '\r'])
            .strip_prefix('\n')?;
        let run = next_line.get(
            ..next_line
                .find(|c: char| !is_token_char(c))
                .unwrap_or(next_line.len()),
        )?;
        let after_run = next_line.get(run.len()..)?;
        if run.is_empty() || !after_run.split('\n').next()?.trim().is_empty() {
            return None;
        }
        let mut longer = self.clone();
        longer.compact.push_str(run);
        longer.end = self.source.len() - after_run.len();
        Some(longer)
    }

    /// True when the token's last line is as long as the line before it and the token runs over
    /// both: a full row of a terminal or an e-mail that wrapped it, so it likely goes on.
    pub fn ends_on_a_full_row(&self) -> bool {
        let Some(before) = self.source.get(..self.end) else {
            return false;
        };
        let mut lines = before.rsplit('\n');
        let (Some(last), Some(previous)) = (lines.next(), lines.next()) else {
            return false;
        };
        let width = |l: &str| l.trim_end_matches('\r').chars().count();
        self.start < before.len() - last.len() && width(last) == width(previous)
    }

    /// Says, among the repairs, that line breaks inside the token were removed (once).
    pub fn note_joined_lines(&mut self) {
        let Some(body) = self.source.get(self.start..self.end) else {
            return;
        };
        let removed = body.chars().filter(|c| is_removable(*c)).count();
        if removed == 0 {
            return;
        }
        self.repairs
            .retain(|f| f.code != Code::TokenWhitespaceRemoved);
        self.repairs.push(whitespace_finding(body, removed));
    }

    /// The token as pasted, from its first character to its last, with the whitespace and
    /// invisible characters the cleaner removed from inside it; `None` when that is the compact
    /// token itself, or when the two do not match character for character.
    pub fn as_pasted(&self) -> Option<&'a str> {
        let body = self.source.get(self.start..self.end)?;
        let pasted = body.get(..end_of_kept(body, self.compact.len()))?;
        let kept = pasted.chars().filter(|c| !is_removable(*c));
        (pasted != self.compact && kept.eq(self.compact.chars())).then_some(pasted)
    }

    /// Where byte `offset` of the compact token sits in the pasted text.
    pub fn place_at(&self, offset: usize) -> Place {
        let mut kept = 0;
        let mut input_offset = self.start;
        for (i, ch) in self.source.get(self.start..).unwrap_or("").char_indices() {
            input_offset = self.start + i;
            if is_removable(ch) {
                continue;
            }
            if kept >= offset {
                break;
            }
            kept += ch.len_utf8();
            input_offset = self.start + i + ch.len_utf8();
        }
        let before = self.source.get(..input_offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Place {
            input_offset: Some(input_offset),
            line: Some(line),
            column: Some(column),
            ..Place::default()
        }
    }
}

/// The length of the prefix of `body` that holds its first `kept` bytes of non-removable
/// characters (the compact token), removable characters between them included.
fn end_of_kept(body: &str, kept: usize) -> usize {
    let mut seen = 0;
    for (i, ch) in body.char_indices() {
        if seen >= kept {
            return i;
        }
        if !is_removable(ch) {
            seen += ch.len_utf8();
        }
    }
    body.len()
}

fn trimmed_range(input: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let Some(text) = input.get(start..end) else {
        return (start, end);
    };
    let trimmed_start = text.trim_start_matches(is_removable);
    start += text.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end_matches(is_removable);
    end = start + trimmed.len();
    (start, end)
}

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

fn strip_bearer(text: &str) -> Option<&str> {
    let rest = strip_prefix_ci(text, "bearer")?;
    let next = rest.chars().next()?;
    (is_removable(next) || next == ':')
        .then(|| rest.trim_start_matches(|c: char| is_removable(c) || c == ':'))
}

fn surrounding_quotes(text: &str) -> Option<(char, char)> {
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    if text.chars().count() < 2 {
        return None;
    }
    QUOTE_PAIRS
        .iter()
        .copied()
        .find(|&(open, close)| first == open && last == close)
}

/// Removes a trailing `…` or `...`; true when one was there.
fn strip_ellipsis(compact: &mut String) -> bool {
    for mark in ["\u{2026}", "..."] {
        if compact.ends_with(mark) && compact.len() > mark.len() {
            let keep = compact.trim_end_matches(mark).trim_end_matches('.').len();
            compact.truncate(keep);
            return true;
        }
    }
    false
}

/// A token is text whose first part decodes to the start of a JSON object (`eyJ` is `{"`).
fn looks_like_token(compact: &str, truncated: bool) -> bool {
    let first = compact.split('.').next().unwrap_or("");
    if first.len() < 3 && !truncated {
        return false;
    }
    // The first characters decide it (`eyJ` is `{"`); decoding more of a long paste would waste time.
    let head_text: String = first.chars().take(64).collect();
    let decoded = super::base64url::decode(&head_text);
    let head: Vec<u8> = decoded
        .bytes
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(2)
        .collect();
    head.first() == Some(&b'{')
        && (head.len() < 2
            || head.get(1) == Some(&b'"')
            || head.get(1).is_some_and(u8::is_ascii_whitespace))
}

fn whitespace_finding(body: &str, removed: usize) -> Finding {
    let breaks = body.matches('\n').count();
    let invisible = body
        .chars()
        .filter(|c| is_removable(*c) && !c.is_ascii_whitespace())
        .count();
    let mut what = Vec::new();
    if breaks > 0 {
        what.push(format!(
            "{breaks} line break{}",
            if breaks == 1 { "" } else { "s" }
        ));
    }
    if invisible > 0 {
        what.push(format!(
            "{invisible} invisible or non-breaking character{}",
            if invisible == 1 { "" } else { "s" }
        ));
    }
    let others = removed - breaks.min(removed) - invisible.min(removed);
    if others > 0 {
        what.push(format!(
            "{others} space{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    Finding::info(Code::TokenWhitespaceRemoved, "Joined a wrapped token")
        .detail(format!(
            "Removed {} from inside the token. Tokens never contain whitespace; it comes from line \
             wrapping in terminals, e-mail or documents.",
            what.join(", ")
        ))
        .fix("When a token is sent in a header it must be one unbroken line.")
}

fn truncated_finding() -> Finding {
    Finding::warning(Code::TokenTruncated, "The token is truncated")
        .detail(
            "It ends in an ellipsis: whoever copied it shortened it (documentation samples do this \
             on purpose). The parts that survive are decoded; the rest, and the signature, are gone.",
        )
        .fix("Copy the complete token from the response; a real token is usually over 1,000 characters.")
}

#[cfg(test)]
mod tests {
    use super::*;

    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn codes(c: &TokenCandidate) -> Vec<Code> {
        c.repairs.iter().map(|f| f.code).collect()
    }

    #[test]
    fn strips_header_scheme_and_quotes_in_any_order() {
        for pasted in [
            format!("Bearer {A1}"),
            format!("bearer   {A1}\n"),
            format!("BEARER\t{A1}"),
            format!("Authorization: Bearer {A1}"),
            format!("authorization:bearer {A1}"),
            format!("\"Bearer {A1}\","),
            format!("  '{A1}'  "),
            format!("\u{201c}{A1}\u{201d}"),
        ] {
            let c = clean(&pasted).unwrap_or_else(|| panic!("not cleaned: {pasted}"));
            assert_eq!(c.compact, A1, "{pasted}");
        }
        let pasted = format!("Authorization: Bearer {A1}");
        let c = clean(&pasted).unwrap();
        assert_eq!(codes(&c), [Code::TokenPrefixStripped]);
        assert!(c.repairs[0]
            .detail
            .contains("`Authorization:` header name and the `Bearer` scheme"));
        let quoted = format!("\"{A1}\"");
        assert_eq!(codes(&clean(&quoted).unwrap()), [Code::TokenQuotesStripped]);
        assert!(codes(&clean(A1).unwrap()).is_empty());
    }

    #[test]
    fn joins_wrapped_tokens_and_maps_offsets_back() {
        // RFC 7515 A.1.1 as printed "with line breaks for display purposes only".
        let wrapped = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9\n.\neyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt\ncGxlLmNvbS9pc19yb290Ijp0cnVlfQ\n.\ndBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let c = clean(wrapped).unwrap();
        assert_eq!(c.compact, A1);
        assert_eq!(codes(&c), [Code::TokenWhitespaceRemoved]);
        assert!(c.repairs[0].detail.contains("5 line breaks"));
        // The first character of the payload is on line 3, column 1.
        let payload_start = A1.find('.').unwrap() + 1;
        let place = c.place_at(payload_start);
        assert_eq!((place.line, place.column), (Some(3), Some(1)));
        let zw = format!("{}\u{200b}{}", &A1[..20], &A1[20..]);
        let c = clean(&zw).unwrap();
        assert!(c.repairs[0].detail.contains("1 invisible"));
    }

    #[test]
    fn recognizes_truncation_and_rejects_prose() {
        let c = clean("\"eyJ0eXAi…\"").unwrap();
        assert!(c.truncated);
        assert_eq!(c.compact, "eyJ0eXAi");
        assert!(clean("hello world").is_none());
        assert!(clean("{\"access_token\": \"x\"}").is_none());
        assert!(clean("").is_none());
    }

    #[test]
    fn finds_a_token_inside_a_log_line() {
        let log = format!("2024-01-01 DEBUG token={A1} status=200");
        assert!(clean(&log).is_none());
        let c = find_embedded(&log).unwrap();
        assert_eq!(c.compact, A1);
        assert_eq!(codes(&c), [Code::TokenExtracted]);
        assert_eq!(c.place_at(0).column, Some(24));
        assert!(find_embedded("eyJ is short").is_none());
    }
}
