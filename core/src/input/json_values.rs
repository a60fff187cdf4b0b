//! Every JSON object or array in a text, in order: for pastes that hold several (a decoded token
//! above an `az … list` output, a log with a JSON body in it). Strict JSON only, as `serde_json`
//! reads it; [`super::lenient_json`] forgives, but finds one object. Also: text whose every line
//! carries a comment marker (`# `, `// `), as scripts keep output they show, with the markers off.

use serde_json::Value;

/// At most this many opening brackets are tried; text with more is mostly not JSON.
const MAX_STARTS: usize = 64;

/// A JSON value found in text, with the byte range it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundValue {
    pub value: Value,
    pub start: usize,
    pub end: usize,
}

/// Every top-level JSON object or array in `text`, left to right; values inside a found one are
/// not repeated.
pub fn all(text: &str) -> Vec<FoundValue> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut tries = 0;
    while tries < MAX_STARTS {
        let Some(rest) = text.get(from..) else { break };
        // Bytes, not chars: a char pattern decodes every character, the longest part of a 1 MiB
        // log's analysis in the browser (neither byte occurs inside a multi-byte character).
        let Some(at) = memchr::memchr2(b'{', b'[', rest.as_bytes()) else {
            break;
        };
        let start = from + at;
        tries += 1;
        let Some(candidate) = text.get(start..) else {
            break;
        };
        let mut stream =
            serde_json::Deserializer::from_slice(candidate.as_bytes()).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) if value.is_object() || value.is_array() => {
                let end = start + stream.byte_offset();
                out.push(FoundValue { value, start, end });
                from = end.max(start + 1);
            }
            _ => from = start + 1,
        }
    }
    out
}

/// The text without the comment marker every non-empty line starts with (`#`, `//`, `--`, each
/// with the one space after it), or `None` when the lines do not all carry the same one.
pub fn uncommented(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let marker = ["//", "#", "--"].into_iter().find(|m| {
        lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .all(|l| l.trim_start().starts_with(m))
    })?;
    if lines.iter().all(|l| l.trim().is_empty()) {
        return None;
    }
    let stripped: Vec<&str> = lines
        .iter()
        .map(|l| {
            let t = l.trim_start();
            let rest = t.strip_prefix(marker).unwrap_or(t);
            rest.strip_prefix(' ').unwrap_or(rest)
        })
        .collect();
    Some(stripped.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_value_once_and_skips_broken_ones() {
        let text =
            "token: {\"iss\":\"a\",\"n\":{\"x\":1}} then [1,2] and {broken then {\"b\":true}";
        let found = all(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].value["n"]["x"], 1);
        assert_eq!(&text[found[1].start..found[1].end], "[1,2]");
        assert_eq!(found[2].value["b"], true);
        assert!(all("no json here").is_empty());
    }

    #[test]
    fn strips_a_shared_comment_marker() {
        // federation.jsonl wi-decoded-aks-regional-issuer-token-comment-prefixed keeps '# ' on every line.
        assert_eq!(
            uncommented("# {\n#   \"a\": 1\n# }").as_deref(),
            Some("{\n  \"a\": 1\n}")
        );
        assert_eq!(uncommented("// x\n\n// y").as_deref(), Some("x\n\ny"));
        assert_eq!(uncommented("# x\ny"), None);
        assert_eq!(uncommented("  \n "), None);
    }
}
