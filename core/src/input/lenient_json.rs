//! A forgiving JSON reader for JSON as people paste it: out of articles, chats, logs and REPLs.
//!
//! It reads everything strict JSON is (and then gives exactly what `serde_json` gives), and also:
//! missing outer braces, trailing commas, missing commas between lines, curly and single quotes,
//! Python literals (`None`, `True`), comments, unquoted keys, line breaks inside strings, log-line
//! prefixes, prose around the object and JSON cut off at the end. Each repair is recorded so the
//! report can say what was changed. Nesting is bounded, so hostile input cannot exhaust the stack.

use crate::search::Search;
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// How deep objects and arrays may nest before the reader gives up on that branch.
const MAX_DEPTH: usize = 64;

/// What had to be forgiven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Repair {
    TextAround,
    LinePrefixes,
    AddedBraces,
    TrailingComma,
    MissingComma,
    CurlyQuotes,
    SingleQuotes,
    PythonLiterals,
    Comments,
    UnquotedKey,
    UnquotedValue,
    LineBreakInString,
    Truncated,
    EqualsForColon,
}

impl Repair {
    pub fn describe(self) -> &'static str {
        match self {
            Repair::TextAround => "ignored text around the JSON",
            Repair::LinePrefixes => "removed the prefix repeated at the start of every log line",
            Repair::AddedBraces => "added the missing outer braces",
            Repair::TrailingComma => "dropped a trailing comma",
            Repair::MissingComma => "added missing commas between members",
            Repair::CurlyQuotes => "read curly quotes as straight quotes",
            Repair::SingleQuotes => "read single-quoted strings (a Python or JavaScript printout)",
            Repair::PythonLiterals => "read Python's None/True/False as null/true/false",
            Repair::Comments => "skipped comments",
            Repair::UnquotedKey => "read unquoted keys",
            Repair::UnquotedValue => "read an unquoted value as text",
            Repair::LineBreakInString => "joined a string that was wrapped across lines",
            Repair::Truncated => "closed JSON that was cut off at the end",
            Repair::EqualsForColon => "read '=' between a key and its value as ':'",
        }
    }
}

/// A JSON object found in text.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundObject {
    pub value: Map<String, Value>,
    /// Sorted, without duplicates.
    pub repairs: Vec<Repair>,
}

/// Finds and reads the first JSON object in `text` (the one with the most members if several
/// start at the top level). `None` when there is no object with at least one member.
pub fn find_object(text: &str) -> Option<FoundObject> {
    // An object needs a brace or, without braces, a quoted key.
    // (Bytes first: a char-set search decodes every character of a 1 MiB paste.)
    let ascii = text.bytes().any(|b| matches!(b, b'{' | b'"' | b'\''));
    if !ascii && !text.has("\u{201c}") && !text.has("\u{2018}") {
        return None;
    }
    let (text, prefixed) = strip_log_prefixes(text);
    let mut found = find_in(&text)?;
    if prefixed {
        found.repairs.push(Repair::LinePrefixes);
    }
    crate::sort::sort(&mut found.repairs);
    found.repairs.dedup();
    Some(found)
}

fn find_in(text: &str) -> Option<FoundObject> {
    let chars: Vec<char> = text.chars().collect();
    // Strict JSON first: what serde_json accepts is read exactly as serde_json reads it.
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        // from_slice, the core's one JSON reader (see token::jose::parse_object).
        if let Ok(Value::Object(value)) = serde_json::from_slice::<Value>(trimmed.as_bytes()) {
            return (!value.is_empty()).then_some(FoundObject {
                value,
                repairs: Vec::new(),
            });
        }
    }
    // Text that starts with a quoted key is members without their braces, even when a value
    // holds an object: `"error":{"code":…}`.
    if trimmed.starts_with(is_quote) {
        if let Some(found) = without_braces(&chars) {
            return Some(found);
        }
    }
    let mut best: Option<(FoundObject, usize)> = None;
    let mut from = 0;
    // Try a few opening braces: prose may contain a stray '{' before the real object.
    for _ in 0..8 {
        let Some(open) = chars
            .iter()
            .skip(from)
            .position(|c| *c == '{')
            .map(|p| p + from)
        else {
            break;
        };
        let mut p = Parser::new(&chars, open);
        if let Some(Value::Object(map)) = p.value(0) {
            let before = chars.iter().take(open).any(|c| !c.is_whitespace());
            let after = chars.iter().skip(p.pos).any(|c| !c.is_whitespace());
            if before || after {
                p.repairs.push(Repair::TextAround);
            }
            let members = map.len();
            if members > 0 && best.as_ref().is_none_or(|(_, m)| members > *m) {
                best = Some((
                    FoundObject {
                        value: map,
                        repairs: p.repairs,
                    },
                    members,
                ));
            }
            from = p.pos.max(open + 1);
        } else {
            from = open + 1;
        }
    }
    if let Some((found, _)) = best {
        return Some(found);
    }
    without_braces(&chars)
}

/// Reads `"key": value` lines copied out of an object, without its braces.
fn without_braces(chars: &[char]) -> Option<FoundObject> {
    let start = chars.iter().position(|c| is_quote(*c))?;
    let mut p = Parser::new(chars, start);
    let map = p.members(0, None)?;
    if map.is_empty() {
        return None;
    }
    p.repairs.push(Repair::AddedBraces);
    if chars.iter().take(start).any(|c| !c.is_whitespace())
        || chars.iter().skip(p.pos).any(|c| !c.is_whitespace())
    {
        p.repairs.push(Repair::TextAround);
    }
    Some(FoundObject {
        value: map,
        repairs: p.repairs,
    })
}

/// Removes a prefix every line shares (a timestamp, a level, a logger name), when there is one.
/// The lenient reader alone, without the strict fast path: the property tests use it to show that
/// on well-formed JSON the two read the same thing and the lenient one repairs nothing.
pub fn read_lenient(text: &str) -> Option<FoundObject> {
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(|c| !c.is_whitespace())?;
    let mut p = Parser::new(&chars, start);
    match p.value(0)? {
        Value::Object(value) => {
            if chars.iter().skip(p.pos).any(|c| !c.is_whitespace()) {
                p.repairs.push(Repair::TextAround);
            }
            Some(FoundObject {
                value,
                repairs: p.repairs,
            })
        }
        _ => None,
    }
}

fn strip_log_prefixes(text: &str) -> (String, bool) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return (text.to_string(), false);
    }
    let first = lines.first().copied().unwrap_or("");
    let mut len = first.len();
    for line in lines.iter().skip(1) {
        len = len.min(common_prefix_len(first, line));
    }
    let prefix = first.get(..len).unwrap_or("");
    // Cut back to the end of a log field: "…exe: " or "[DEBUG] ".
    let cut = prefix.rfind([':', ']', '|']).map(|i| i + 1);
    let Some(cut) = cut else {
        return (text.to_string(), false);
    };
    let prefix = prefix.get(..cut).unwrap_or("");
    if prefix.trim().len() < 8 || prefix.contains('{') || prefix.contains('"') {
        return (text.to_string(), false);
    }
    let stripped: Vec<&str> = text
        .lines()
        .map(|l| {
            l.strip_prefix(prefix)
                .map_or(l, |rest| rest.strip_prefix(' ').unwrap_or(rest))
        })
        .collect();
    (stripped.join("\n"), true)
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2018}' | '\u{2019}'
    )
}

fn closing_quotes(open: char) -> &'static [char] {
    match open {
        '"' => &['"'],
        '\'' => &['\''],
        '\u{2018}' | '\u{2019}' => &['\u{2019}', '\u{2018}'],
        _ => &['\u{201d}', '\u{201c}', '"'],
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    repairs: Vec<Repair>,
}

impl<'a> Parser<'a> {
    fn new(chars: &'a [char], pos: usize) -> Self {
        Parser {
            chars,
            pos,
            repairs: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn note(&mut self, r: Repair) {
        if !self.repairs.contains(&r) {
            self.repairs.push(r);
        }
    }

    /// Skips whitespace and comments; true when a line break was crossed.
    fn skip_ws(&mut self) -> bool {
        let mut newline = false;
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some('\n'), _) => {
                    newline = true;
                    self.pos += 1;
                }
                (Some(c), _) if c.is_whitespace() => self.pos += 1,
                (Some('/'), Some('/')) => {
                    self.note(Repair::Comments);
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                (Some('/'), Some('*')) => {
                    self.note(Repair::Comments);
                    self.pos += 2;
                    while self.peek().is_some()
                        && !(self.peek() == Some('*') && self.peek_at(1) == Some('/'))
                    {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.chars.len());
                }
                _ => return newline,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            '{' => {
                self.pos += 1;
                self.members(depth + 1, Some('}')).map(Value::Object)
            }
            '[' => {
                self.pos += 1;
                self.array(depth + 1).map(Value::Array)
            }
            c if is_quote(c) => self.string().map(Value::String),
            c if c == '-' || c.is_ascii_digit() => Some(self.number()),
            _ => self.bare_value(),
        }
    }

    /// Object members up to `close` (or to the end of the text when `close` is `None`).
    fn members(&mut self, depth: usize, close: Option<char>) -> Option<Map<String, Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut map = Map::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    if close.is_some() {
                        self.note(Repair::Truncated);
                    }
                    return Some(map);
                }
                Some(c) if Some(c) == close => {
                    self.pos += 1;
                    return Some(map);
                }
                Some(',') => {
                    // A stray or trailing comma.
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == close || self.peek().is_none() {
                        self.note(Repair::TrailingComma);
                    }
                    continue;
                }
                _ => {}
            }
            let start = self.pos;
            let Some(key) = self.key() else {
                // Not a member: the object ends here (text after it is someone else's).
                self.pos = start;
                if close.is_some() {
                    self.note(Repair::Truncated);
                }
                return (!map.is_empty() || close.is_some()).then_some(map);
            };
            self.skip_ws();
            match self.peek() {
                Some(':') => self.pos += 1,
                Some('=') => {
                    self.note(Repair::EqualsForColon);
                    self.pos += 1;
                }
                None => {
                    self.note(Repair::Truncated);
                    map.insert(key, Value::Null);
                    return Some(map);
                }
                _ => {
                    self.pos = start;
                    if close.is_some() {
                        self.note(Repair::Truncated);
                    }
                    return (!map.is_empty() || close.is_some()).then_some(map);
                }
            }
            let value = match self.value(depth) {
                Some(v) => v,
                None if self.peek().is_none() => {
                    self.note(Repair::Truncated);
                    Value::Null
                }
                None => return Some(map),
            };
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == close || (self.peek().is_none() && close.is_none()) {
                        self.note(Repair::TrailingComma);
                    }
                }
                Some(c) if Some(c) == close => {}
                None => {}
                Some(c) if is_quote(c) || c.is_alphabetic() => self.note(Repair::MissingComma),
                Some(_) => {
                    if close.is_some() {
                        self.note(Repair::Truncated);
                    }
                    return Some(map);
                }
            }
        }
    }

    fn key(&mut self) -> Option<String> {
        match self.peek()? {
            c if is_quote(c) => self.string(),
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '.'))
                {
                    self.pos += 1;
                }
                self.note(Repair::UnquotedKey);
                Some(self.chars.get(start..self.pos)?.iter().collect())
            }
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    self.note(Repair::Truncated);
                    return Some(items);
                }
                Some(']') => {
                    self.pos += 1;
                    return Some(items);
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.note(Repair::TrailingComma);
                    }
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            match self.value(depth) {
                Some(v) => items.push(v),
                None => {
                    self.note(Repair::Truncated);
                    return Some(items);
                }
            }
            if self.pos == before {
                return Some(items);
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let open = self.peek()?;
        match open {
            '"' => {}
            '\'' => self.note(Repair::SingleQuotes),
            _ => self.note(Repair::CurlyQuotes),
        }
        let closers = closing_quotes(open);
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                self.note(Repair::Truncated);
                return Some(out);
            };
            self.pos += 1;
            match c {
                c if closers.contains(&c) => return Some(out),
                '\\' => self.escape(&mut out),
                '\n' | '\r' => {
                    // A string wrapped across lines: join with one space.
                    self.note(Repair::LineBreakInString);
                    while self.peek().is_some_and(char::is_whitespace) {
                        self.pos += 1;
                    }
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String) {
        let Some(c) = self.peek() else { return };
        self.pos += 1;
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let Some(high) = self.hex4() else {
                    out.push_str("\\u");
                    return;
                };
                if (0xD800..0xDC00).contains(&high)
                    && self.peek() == Some('\\')
                    && self.peek_at(1) == Some('u')
                {
                    let save = self.pos;
                    self.pos += 2;
                    if let Some(low) = self.hex4().filter(|l| (0xDC00..0xE000).contains(l)) {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        return;
                    }
                    self.pos = save;
                }
                out.push(char::from_u32(high).unwrap_or('\u{fffd}'));
            }
            other => out.push(other),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits: String = self.chars.get(self.pos..self.pos + 4)?.iter().collect();
        let v = u32::from_str_radix(&digits, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.pos += 1;
        }
        let text: String = self
            .chars
            .get(start..self.pos)
            .unwrap_or(&[])
            .iter()
            .collect();
        match serde_json::from_slice::<Number>(text.as_bytes()) {
            Ok(n) => Value::Number(n),
            Err(_) => {
                self.note(Repair::UnquotedValue);
                Value::String(text)
            }
        }
    }

    fn bare_value(&mut self) -> Option<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| !matches!(c, ',' | '}' | ']' | '\n' | '\r'))
        {
            self.pos += 1;
        }
        let word: String = self.chars.get(start..self.pos)?.iter().collect();
        let word = word.trim();
        if word.is_empty() {
            self.pos = start;
            return None;
        }
        Some(match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "True" | "False" | "None" => {
                self.note(Repair::PythonLiterals);
                match word {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    _ => Value::Null,
                }
            }
            "undefined" => Value::Null,
            other => {
                self.note(Repair::UnquotedValue);
                Value::String(other.to_string())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Value, Vec<Repair>) {
        let f = find_object(text).unwrap_or_else(|| panic!("nothing found in {text:?}"));
        (Value::Object(f.value), f.repairs)
    }

    #[test]
    fn strict_json_is_read_as_serde_reads_it() {
        let text = r#"{"a": "x\u00e9\ud83d\ude00\n", "b": [1, 2.5, -3e2, true, null], "c": {}}"#;
        let (v, r) = read(text);
        assert_eq!(v, serde_json::from_str::<Value>(text).unwrap());
        assert!(r.is_empty());
    }

    #[test]
    fn article_sample_without_braces_and_with_an_ellipsis() {
        // The response sample in ../shared/seed (App Service article): five lines, no braces.
        let text = "\"access_token\": \"eyJ0eXAi…\",\n\"expires_on\": \"1586984735\",\n\"resource\": \"\",\n\"token_type\": \"Bearer\",\n\"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"";
        let (v, r) = read(text);
        assert_eq!(v["access_token"], "eyJ0eXAi…");
        assert_eq!(v["client_id"], "5E29463D-71DA-4FE0-8E69-999B57DB23B0");
        assert_eq!(r, [Repair::AddedBraces]);
    }

    #[test]
    fn python_dict_repr() {
        // MicrosoftDocs/azure-docs#53726: the error printed as a Python dict.
        let text = r#"{'error': {'code': 'UnsupportedApiVersion', 'message': "The HTTP resource that matches the request URI 'http://localhost:8081/msi/token?resource=https://management.azure.com&api-version=2019-08-01' does not support the API version '2019-08-01'.", 'innerError': None}}"#;
        let (v, r) = read(text);
        assert_eq!(v["error"]["code"], "UnsupportedApiVersion");
        assert_eq!(v["error"]["innerError"], Value::Null);
        assert!(v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'2019-08-01'"));
        assert_eq!(r, [Repair::SingleQuotes, Repair::PythonLiterals]);
    }

    #[test]
    fn truncated_log_prefixed_and_wrapped() {
        // AzureAD/microsoft-identity-web#2796: JSON cut off after "error_uri":".
        let (v, r) = read(r#"{"error":"invalid_resource","error_codes":[500011],"error_uri":""#);
        assert_eq!(v["error_codes"], json!([500011]));
        assert!(r.contains(&Repair::Truncated));
        // Azure/terraform-provider-azapi#669: every line prefixed by the logger.
        let log = "2024-11-13T09:02:15.569+0100 [DEBUG] provider.terraform-provider-azapi_v1.15.0.exe: {\n2024-11-13T09:02:15.569+0100 [DEBUG] provider.terraform-provider-azapi_v1.15.0.exe:   \"error\": \"invalid_request\",\n2024-11-13T09:02:15.569+0100 [DEBUG] provider.terraform-provider-azapi_v1.15.0.exe:   \"error_description\": \"Identity not found\"\n2024-11-13T09:02:15.569+0100 [DEBUG] provider.terraform-provider-azapi_v1.15.0.exe: }";
        let (v, r) = read(log);
        assert_eq!(
            v,
            json!({"error": "invalid_request", "error_description": "Identity not found"})
        );
        assert_eq!(r, [Repair::LinePrefixes]);
        // MicrosoftDocs/azure-docs cloud-shell/msi-authorization.md: a fragment wrapped mid-string.
        let frag = "  \"error\":{\"code\":\"AudienceNotSupported\",\"message\":\"Audience https://newservice.azure.com/\n  isn't a supported MSI token audience....\"}";
        let (v, _) = read(frag);
        assert_eq!(
            v["error"]["message"],
            "Audience https://newservice.azure.com/ isn't a supported MSI token audience...."
        );
    }

    #[test]
    fn chat_style_json() {
        let text = "Here is what I got:\n{\n  \u{201c}expires_on\u{201d}: \u{201c}1586984735\u{201d},  // epoch\n  token_type: Bearer\n  \"resource\": 'https://vault.azure.net',\n}\nthanks";
        let (v, r) = read(text);
        assert_eq!(v["expires_on"], "1586984735");
        assert_eq!(v["token_type"], "Bearer");
        assert_eq!(v["resource"], "https://vault.azure.net");
        for want in [
            Repair::TextAround,
            Repair::CurlyQuotes,
            Repair::Comments,
            Repair::UnquotedKey,
            Repair::UnquotedValue,
            Repair::TrailingComma,
            Repair::MissingComma,
            Repair::SingleQuotes,
        ] {
            assert!(r.contains(&want), "{want:?} not in {r:?}");
        }
    }

    #[test]
    fn finds_nothing_in_prose_and_survives_deep_nesting() {
        assert!(find_object("no json here at all").is_none());
        assert!(find_object("{}").is_none());
        let deep = "{\"a\":".repeat(10_000);
        let _ = find_object(&deep);
    }
}
