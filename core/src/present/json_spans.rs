//! Pretty-printed JSON as a list of typed spans, so a view can colour keys, strings, numbers and
//! literals without parsing anything itself. Key order is the document's own.

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Key,
    String,
    Number,
    /// true, false, null
    Literal,
    /// Brackets, braces, colons, commas and whitespace.
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

/// Two-space indented JSON, split into spans.
pub fn spans(value: &Value) -> Vec<Span> {
    let mut out = Vec::new();
    write(value, 0, &mut out);
    out
}

/// The plain text of the spans (identical to the pretty-printed JSON).
pub fn text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn push(out: &mut Vec<Span>, kind: SpanKind, text: impl Into<String>) {
    let text = text.into();
    if kind == SpanKind::Punct {
        if let Some(last) = out.last_mut().filter(|s| s.kind == SpanKind::Punct) {
            last.text.push_str(&text);
            return;
        }
    }
    out.push(Span { kind, text });
}

fn write(value: &Value, indent: usize, out: &mut Vec<Span>) {
    match value {
        Value::Null => push(out, SpanKind::Literal, "null"),
        Value::Bool(b) => push(out, SpanKind::Literal, b.to_string()),
        Value::Number(n) => push(out, SpanKind::Number, n.to_string()),
        Value::String(s) => push(out, SpanKind::String, Value::String(s.clone()).to_string()),
        Value::Array(items) if items.is_empty() => push(out, SpanKind::Punct, "[]"),
        Value::Object(map) if map.is_empty() => push(out, SpanKind::Punct, "{}"),
        Value::Array(items) => {
            push(out, SpanKind::Punct, "[\n");
            for (i, item) in items.iter().enumerate() {
                push(out, SpanKind::Punct, "  ".repeat(indent + 1));
                write(item, indent + 1, out);
                push(
                    out,
                    SpanKind::Punct,
                    if i + 1 < items.len() { ",\n" } else { "\n" },
                );
            }
            push(out, SpanKind::Punct, format!("{}]", "  ".repeat(indent)));
        }
        Value::Object(map) => {
            push(out, SpanKind::Punct, "{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                push(out, SpanKind::Punct, "  ".repeat(indent + 1));
                push(out, SpanKind::Key, Value::String(key.clone()).to_string());
                push(out, SpanKind::Punct, ": ");
                write(item, indent + 1, out);
                push(
                    out,
                    SpanKind::Punct,
                    if i + 1 < map.len() { ",\n" } else { "\n" },
                );
            }
            push(out, SpanKind::Punct, format!("{}}}", "  ".repeat(indent)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_serde_pretty_printing_and_keeps_order() {
        let v: Value =
            serde_json::from_str(r#"{"z":1,"a":[true,null,"x\"y"],"m":{},"e":[]}"#).unwrap();
        let s = spans(&v);
        assert_eq!(text(&s), serde_json::to_string_pretty(&v).unwrap());
        let keys: Vec<&str> = s
            .iter()
            .filter(|s| s.kind == SpanKind::Key)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(keys, ["\"z\"", "\"a\"", "\"m\"", "\"e\""]);
        assert!(s
            .iter()
            .any(|s| s.kind == SpanKind::String && s.text == "\"x\\\"y\""));
    }
}
