//! The shapes a resource's refusal is pasted in, read into one [`Envelope`]: the bare JSON or
//! XML body, a raw HTTP response, the SDK exception texts that wrap them (.NET
//! `RequestFailedException` "Status: 403 (Forbidden) ErrorCode: … Content: …", Go azcore
//! "RESPONSE 403: … ERROR CODE: …", Go autorest `Status=403 Code="…" Message="…"`, Python
//! `HttpResponseError` "(Forbidden) … Code: … Message: …", JS `RestError`, Java
//! `HttpResponseException`), az CLI and PowerShell output, Terraform error blocks, telemetry
//! lines, and any of these JSON-escaped inside a string (`\r\n`, `\"`) once or twice.
//!
//! The readers underneath are the input layer's: `lenient_json` for bodies, `http` for status
//! lines and headers; this module only finds where each piece sits in each wrapper.

use serde::Serialize;
use serde_json::{Map, Value};

use super::challenge::{self, Challenge};
use crate::input::http::{self, HttpHeader, HttpResponse};
use crate::input::lenient_json;
use crate::input::text::between;
use crate::model::Context;
use crate::search::Search;

/// How the refusal was pasted (the outermost wrapper).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A JSON error body.
    Json,
    /// Storage's XML error body.
    Xml,
    /// A raw HTTP response with a status line.
    HttpResponse,
    /// .NET `RequestFailedException` / JS `RestError` text: `Status: 403 (…)`, `ErrorCode: …`.
    SdkException,
    /// Go azcore's `RESPONSE 403: … ERROR CODE: …` block.
    GoSdk,
    /// Go autorest's `Status=403 Code="…" Message="…"` (older Terraform and Go tools).
    Autorest,
    /// Python `HttpResponseError`: `(Code) message`, `Code: …`, `Message: …`.
    PythonSdk,
    /// Azure CLI error output.
    AzCli,
    /// A Terraform error block.
    Terraform,
    /// A `WWW-Authenticate` challenge on its own.
    Challenge,
    /// A JSON string (or array of strings) holding the error, as tools' detail panes copy it.
    JsonString,
    /// An error message in prose (a log line, an exception message).
    #[default]
    Text,
}

/// One refusal, whatever its wrapper: the parts every reader looks at.
#[derive(Clone, Debug, Default)]
pub struct Envelope {
    pub shape: Shape,
    /// The text with JSON string escapes undone (one string per line break).
    pub text: String,
    /// `text` in lower case with every run of whitespace one space, for matching phrases that
    /// pastes wrap across lines.
    pub flat: String,
    pub status: Option<u16>,
    /// `message` when the paste shows the status.
    pub status_from: Option<&'static str>,
    pub reason: Option<String>,
    pub headers: Vec<HttpHeader>,
    /// The error code (`error.code`, `ErrorCode:`, `Code="…"`, `<Code>`, `x-ms-error-code`).
    pub code: Option<String>,
    /// `innererror.code` (Key Vault).
    pub inner_code: Option<String>,
    pub message: Option<String>,
    /// The innermost JSON error object, when there is one.
    pub body: Option<Map<String, Value>>,
    /// When the error happened, as the body states it.
    pub time: Option<String>,
    /// The `WWW-Authenticate` challenge, from a header or on its own.
    pub challenge: Option<Challenge>,
}

impl Envelope {
    /// True when the (flattened, lower-case) text contains `needle` (give it in lower case).
    pub fn has(&self, needle: &str) -> bool {
        self.flat.has(needle)
    }

    /// The first header with this name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// True when the code or inner code is `code` (case-insensitive).
    pub fn code_is(&self, code: &str) -> bool {
        [self.code.as_deref(), self.inner_code.as_deref()]
            .into_iter()
            .flatten()
            .any(|c| c.eq_ignore_ascii_case(code))
    }

    /// The message, or the whole text when no message was found.
    pub fn message_or_text(&self) -> &str {
        self.message.as_deref().unwrap_or(&self.text)
    }
}

/// Reads a pasted refusal. Never fails: a text with none of the parts is an empty envelope.
pub fn read(pasted: &str) -> Envelope {
    let unwrapped = unwrap_json_strings(pasted);
    let text = unescape(&unwrapped);
    let mut env = Envelope {
        flat: flatten(&text),
        ..Envelope::default()
    };
    // Read once: the three below ask it, and finding no status line means reading every line.
    let response = http::parse_response(&text);
    env.shape = shape_of(pasted, &unwrapped, &text, response.is_some());
    read_status(&mut env, &unwrapped, &text, response.as_ref());
    env.headers = headers(&unwrapped, &text, response);
    if let Some(object) = error_object(&unwrapped) {
        read_json_error(&mut env, &object);
    }
    read_wrapper_fields(&mut env, &text);
    read_xml_fields(&mut env, &text);
    if env.code.is_none() {
        env.code = env.header("x-ms-error-code").map(str::to_string);
    }
    env.challenge = env
        .header("WWW-Authenticate")
        .and_then(challenge::parse)
        .or_else(|| challenge::find(&text));
    env.text = text;
    env
}

/// A JSON string, or an array of strings, decoded (repeatedly, for strings inside strings).
fn unwrap_json_strings(pasted: &str) -> String {
    let mut current = pasted.trim().to_string();
    for _ in 0..3 {
        let decoded = match serde_json::from_slice::<Value>(current.as_bytes()) {
            Ok(Value::String(s)) => s,
            Ok(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_string) => {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            _ => break,
        };
        current = decoded;
    }
    if current.len() == pasted.trim().len() {
        pasted.to_string()
    } else {
        current
    }
}

/// Undoes JSON string escapes left in prose (`\r\n`, `\"`, `\\`), up to two levels deep, so that
/// messages quoted inside messages read as the service wrote them.
fn unescape(text: &str) -> String {
    let mut out = text.to_string();
    for _ in 0..3 {
        if !out.contains('\\') {
            break;
        }
        let next = out
            .replace("\\\\", "\u{1}")
            .replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\r", "\n")
            .replace("\\t", "\t")
            .replace("\\\"", "\"")
            .replace("\\/", "/")
            .replace('\u{1}', "\\");
        if next == out {
            break;
        }
        out = next;
    }
    out
}

/// Lower case, whitespace runs as one space.
fn flatten(text: &str) -> String {
    if text.is_ascii() {
        return flatten_ascii(text.as_bytes());
    }
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    joined.to_lowercase()
}

/// [`flatten`] of ASCII text in one pass over its bytes (what most logs are; the general way
/// copies every word and lowers the case char by char). The whitespace is `char::is_whitespace`'s
/// in ASCII: tab, line feed, vertical tab, form feed, carriage return and space.
fn flatten_ascii(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut gap = false;
    for &b in bytes {
        if matches!(b, b'\t'..=b'\r' | b' ') {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(b' ');
        }
        gap = false;
        out.push(b.to_ascii_lowercase());
    }
    String::from_utf8(out).unwrap_or_default()
}

fn shape_of(pasted: &str, unwrapped: &str, text: &str, is_response: bool) -> Shape {
    let trimmed = pasted.trim_start();
    if unwrapped.len() != pasted.len() {
        return Shape::JsonString;
    }
    if trimmed.starts_with("Bearer ") && !text.contains('\n') && text.contains('=') {
        return Shape::Challenge;
    }
    if is_response {
        return Shape::HttpResponse;
    }
    let checks: [(bool, Shape); 7] = [
        (
            text.has("RESPONSE ") && text.has("ERROR CODE:"),
            Shape::GoSdk,
        ),
        (
            text.has("│ Error:") || (text.has("Error: ") && text.has("with azurerm_")),
            Shape::Terraform,
        ),
        (
            text.has("Status: ") && (text.has("ErrorCode:") || text.has("Service request failed")),
            Shape::SdkException,
        ),
        (text.has("autorest/azure:"), Shape::Autorest),
        (
            text.has("azure.cli.core") || text.starts_with("ERROR: ("),
            Shape::AzCli,
        ),
        (
            text.has("HttpResponseError") || text.has("Exception: ("),
            Shape::PythonSdk,
        ),
        (trimmed.starts_with('<') && text.has("<Error>"), Shape::Xml),
    ];
    if let Some((_, shape)) = checks.iter().find(|(hit, _)| *hit) {
        return *shape;
    }
    if trimmed.starts_with('{') {
        return Shape::Json;
    }
    Shape::Text
}

/// Reason phrases people paste instead of the number.
const REASONS: &[(&str, u16)] = &[
    ("Unauthorized", 401),
    ("Forbidden", 403),
    ("Bad Request", 400),
    ("BadRequest", 400),
    ("Not Found", 404),
];

fn read_status(env: &mut Envelope, unwrapped: &str, text: &str, response: Option<&HttpResponse>) {
    let found = response
        .and_then(|r| r.status.map(|s| (s, r.reason.clone())))
        .or_else(|| labelled_status(text))
        .or_else(|| {
            http::parse_sdk_exception(unwrapped).and_then(|r| r.status.map(|s| (s, r.reason)))
        })
        .or_else(|| reason_in_parentheses(text))
        .or_else(|| number_before_reason(text));
    if let Some((status, reason)) = found.filter(|(s, _)| (400..600).contains(s)) {
        env.status = Some(status);
        env.reason = reason;
        env.status_from = Some("message");
    }
}

/// `RESPONSE 403:`, `StatusCode=403`, `Status=403`, `Status code 403`, `Forbidden (403)`.
fn labelled_status(text: &str) -> Option<(u16, Option<String>)> {
    for label in [
        "RESPONSE ",
        "StatusCode=",
        "Status=",
        "Status code ",
        "status code: ",
        "Status Code = '",
    ] {
        if let Some(status) = digits_after(text, label) {
            return Some((status, None));
        }
    }
    REASONS.iter().find_map(|(name, code)| {
        text.has(&format!("{name} ({code})"))
            .then(|| (*code, Some((*name).to_string())))
    })
}

fn digits_after(text: &str, label: &str) -> Option<u16> {
    let mut from = 0;
    while let Some(i) = text.get(from..)?.find_str(label) {
        let at = from + i + label.len();
        let digits: String = text
            .get(at..)?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() == 3 {
            return digits.parse().ok();
        }
        from = at;
    }
    None
}

/// Python's `(Forbidden)` at the start of a message.
fn reason_in_parentheses(text: &str) -> Option<(u16, Option<String>)> {
    REASONS.iter().find_map(|(name, code)| {
        text.has(&format!("({name})"))
            .then(|| (*code, Some((*name).to_string())))
    })
}

/// `401 Unauthorized`, `403 Forbidden` in prose.
fn number_before_reason(text: &str) -> Option<(u16, Option<String>)> {
    REASONS.iter().find_map(|(name, code)| {
        text.has(&format!("{code} {name}"))
            .then(|| (*code, Some((*name).to_string())))
    })
}

/// Headers from a status line's block, or a `Headers:` block with one header a line.
fn headers(unwrapped: &str, text: &str, response: Option<HttpResponse>) -> Vec<HttpHeader> {
    if let Some(r) = response.filter(|r| !r.headers.is_empty()) {
        return r.headers;
    }
    let Some(at) = text.find_str("Headers:") else {
        return Vec::new();
    };
    let block = text.get(at + "Headers:".len()..).unwrap_or("");
    if block
        .trim_start_matches([' ', '\t'])
        .starts_with(['\r', '\n'])
    {
        return http::parse_header_lines(block);
    }
    http::parse_sdk_exception(unwrapped)
        .map(|r| r.headers)
        .unwrap_or_default()
}

/// The error object of the first JSON object in the text, followed into error bodies quoted
/// inside messages (a deployment's `details[].message` holding the resource's own error).
fn error_object(text: &str) -> Option<Map<String, Value>> {
    let found = lenient_json::find_object(text)?;
    let mut current = found.value;
    for _ in 0..4 {
        let error = match current.get("error") {
            Some(Value::Object(e)) => e.clone(),
            // A bare error object has both; `InnerError={"code":"X"}` alone is not the error.
            _ if current.contains_key("code") && current.contains_key("message") => current.clone(),
            _ => return None,
        };
        match quoted_error(&error) {
            Some(inner) => current = inner,
            None => return Some(error),
        }
    }
    Some(current)
}

/// A JSON error body held in a message string, directly or in `details`.
fn quoted_error(error: &Map<String, Value>) -> Option<Map<String, Value>> {
    let parse = |v: &Value| -> Option<Map<String, Value>> {
        let s = v.as_str()?.trim();
        if !s.starts_with('{') {
            return None;
        }
        match serde_json::from_slice::<Value>(s.as_bytes()).ok()? {
            Value::Object(o) if o.contains_key("error") || o.contains_key("code") => Some(o),
            _ => None,
        }
    };
    if let Some(inner) = error.get("message").and_then(parse) {
        return Some(inner);
    }
    error
        .get("details")?
        .as_array()?
        .iter()
        .find_map(|d| d.get("message").and_then(parse))
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn read_json_error(env: &mut Envelope, error: &Map<String, Value>) {
    env.code = text_of(error.get("code"));
    env.message = text_of(error.get("message"));
    let inner = error
        .get("innererror")
        .or_else(|| error.get("innerError"))
        .and_then(Value::as_object);
    if let Some(inner) = inner {
        env.inner_code = text_of(inner.get("code"));
        env.time = text_of(inner.get("date"));
    }
    env.body = Some(error.clone());
}

/// Codes and messages written by the wrappers: `ErrorCode: X`, `ERROR CODE: X`, `Code="X"`,
/// `Code: X`, `Error type: X`, `InnerError={"code":"X"}`, `Message="…"`, `Error Message: …`.
fn read_wrapper_fields(env: &mut Envelope, text: &str) {
    if env.code.is_none() {
        env.code = ["ErrorCode: ", "ERROR CODE: ", "Error type: ", "\nCode: "]
            .iter()
            .find_map(|label| word_after(text, label))
            .or_else(|| quoted_after(text, "Code=").map(|(v, _)| v))
            // JSON too broken to read (`{"error"{"code":"X"…`): the code is still there.
            .or_else(|| between(text, "\"code\":\"", "\""));
    }
    if env.inner_code.is_none() {
        env.inner_code = text.find_str("InnerError=").and_then(|at| {
            let rest = text.get(at + "InnerError=".len()..)?;
            let end = rest.find('}')? + 1;
            let inner: Value = serde_json::from_slice(rest.get(..end)?.as_bytes()).ok()?;
            text_of(inner.get("code"))
        });
    }
    if env.message.is_none() {
        env.message = quoted_after(text, "Message=")
            .map(|(v, _)| v)
            .or_else(|| line_after(text, "Error Message: "))
            .or_else(|| line_after(text, "\nMessage: "))
            .or_else(|| between(text, "\"message\":\"", "\""));
    }
}

/// Storage's `<Code>`, `<Message>` and the time inside the message (`Time:2020-…Z`).
fn read_xml_fields(env: &mut Envelope, text: &str) {
    if env.code.is_none() {
        env.code = between(text, "<Code>", "</Code>");
    }
    if env.message.is_none() {
        env.message = between(text, "<Message>", "</Message>");
    }
    if env.time.is_none() {
        env.time = env
            .message
            .as_deref()
            .and_then(|m| word_after(m, "Time:"))
            .or_else(|| word_after(text, "Time:"));
    }
}

/// The run of non-space characters after `label`.
pub fn word_after(text: &str, label: &str) -> Option<String> {
    let at = text.find_str(label)? + label.len();
    let word: String = text
        .get(at..)?
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '<' | ','))
        .collect();
    (!word.is_empty()).then_some(word)
}

/// The rest of the line after `label`, trimmed.
pub fn line_after(text: &str, label: &str) -> Option<String> {
    let at = text.find_str(label)? + label.len();
    let line = text.get(at..)?.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// `Label="value"` or `Label='value'`: the value and the quote. A single-quoted value runs to the
/// end of its line (autorest puts quoted names inside single-quoted messages).
pub fn quoted_after(text: &str, label: &str) -> Option<(String, char)> {
    // The label on its own (`Code=`, not `StatusCode=`) and followed by a quote.
    let mut from = 0;
    let (rest, quote) = loop {
        let at = from + text.get(from..)?.find_str(label)?;
        from = at + label.len();
        let own = text
            .get(..at)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let rest = text.get(from..)?;
        match rest.chars().next() {
            Some(q @ ('"' | '\'')) if own => break (rest, q),
            _ => continue,
        }
    };
    let inner = rest.get(1..)?;
    let value = if quote == '"' {
        let end = inner.find('"')?;
        inner.get(..end)?.to_string()
    } else {
        let line = inner.lines().next().unwrap_or("").trim_end();
        line.strip_suffix('\'')
            .or_else(|| line.strip_suffix("'."))
            .unwrap_or(line)
            .to_string()
    };
    Some((value, quote))
}

/// Every `'…'`-quoted value after `label` up to the end of the sentence.
pub fn single_quoted_list(text: &str, label: &str) -> Vec<String> {
    let Some(at) = text.find_str(label) else {
        return Vec::new();
    };
    let rest = text.get(at + label.len()..).unwrap_or("");
    let mut out = Vec::new();
    let mut parts = rest.split('\'');
    let _before_first = parts.next();
    while let Some(value) = parts.next() {
        match parts.next() {
            Some(sep) => {
                out.push(value.to_string());
                if sep.trim() != "," {
                    break;
                }
            }
            // The last value's closing quote was taken as the message's own (autorest's
            // `Message='… 'a','b'`): a value without spaces still counts.
            None => {
                let value = value.trim_end_matches(['.', ' ']);
                if !value.is_empty() && !value.contains(char::is_whitespace) {
                    out.push(value.to_string());
                }
            }
        }
    }
    out
}

/// Every `https://` or `sb://` URL in the text, as written (trailing punctuation dropped).
pub fn urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["https://", "sb://"] {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find_str(scheme)) {
            let start = from + i;
            let url: String = text
                .get(start..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ')' | ']' | '`'))
                .collect();
            let url = url.trim_end_matches(['.', ',', ';', ':']).to_string();
            from = start + scheme.len();
            if url.len() > scheme.len() && !out.contains(&url) {
                out.push(url);
            }
            if out.len() >= 16 {
                return out;
            }
        }
    }
    out
}

/// The host of a URL (lower case), without port.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_on("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The non-empty segments of a URL's path (no query or fragment).
pub fn path_segments(url: &str) -> Vec<String> {
    url.split_on("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map_or("", |(_, path)| path)
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when a value was redacted or shortened when shared (`<...>`, `***`, `xxxx`, `…`).
pub fn is_redacted(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.is_empty()
        || value.contains(['<', '>', '*', '\u{2026}'])
        || value.has("...")
        || lower.has("xxx")
        || lower.has("redacted")
}

/// Reads a time as services write it (ISO 8601, with or without a zone, or `M/d/yyyy h:mm:ss
/// AM`), as UTC when no zone is given: services state server times in UTC.
pub fn read_time(raw: &str, ctx: &Context) -> Option<i64> {
    let utc = Context {
        utc_offset_minutes: 0,
        ..*ctx
    };
    crate::response::expires_on::parse_str(raw.trim(), &utc)
        .ok()
        .map(|(epoch, _)| epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_array_holding_escaped_xml_is_unwrapped() {
        // microsoft/AzureStorageExplorer#3586 (shortened).
        let env = read(
            r#"["RestError:<?xml version=\"1.0\"?>\n<Error><Code>AuthenticationFailed</Code><Message>Server failed.\nRequestId:***\nTime:2020-09-14T18:35:04.5097617Z</Message></Error>"]"#,
        );
        assert_eq!(env.shape, Shape::JsonString);
        assert_eq!(env.code.as_deref(), Some("AuthenticationFailed"));
        assert_eq!(env.time.as_deref(), Some("2020-09-14T18:35:04.5097617Z"));
    }

    #[test]
    fn wrappers_give_status_code_and_message() {
        // turbot/steampipe-plugin-azure#127 (shortened).
        let env = read(
            r#"Error: keyvault.BaseClient#GetSecrets: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="does not have secrets list permission" InnerError={"code":"AccessDenied"}"#,
        );
        assert_eq!(env.shape, Shape::Autorest);
        assert_eq!(env.status, Some(403));
        assert_eq!(env.code.as_deref(), Some("Forbidden"));
        assert_eq!(env.inner_code.as_deref(), Some("AccessDenied"));
        assert_eq!(
            env.message.as_deref(),
            Some("does not have secrets list permission")
        );
        let env = read("RESPONSE 403: 403 Forbidden\nERROR CODE: AuthorizationFailed\n---\n{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"m\"}}");
        assert_eq!(
            (env.shape, env.status, env.code.as_deref()),
            (Shape::GoSdk, Some(403), Some("AuthorizationFailed"))
        );
    }

    #[test]
    fn ascii_text_flattens_as_unicode_text_does() {
        // What `flatten` means: words split on Unicode whitespace, one space between, lower case.
        let meant = |t: &str| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        // A Key Vault refusal as the .NET SDK prints it, wrapped with CRLFs and indented.
        let wrapped = "\r\n  Status: 403 (Forbidden)\r\n\tErrorCode: Forbidden\r\n\r\nContent:\x0b{\"error\":{\"code\":\"Forbidden\",\x0c\"message\":\"Caller is not authorized to perform action on resource.\"}}  \n";
        assert_eq!(flatten(wrapped), meant(wrapped));
        // Every ASCII character, each next to every whitespace one and to itself.
        let all: String = (0u8..128).map(char::from).collect();
        for gap in [
            "\t", "\n", "\x0b", "\x0c", "\r", " ", "\x1c", "\x1f", "\x00",
        ] {
            let text: String = all
                .chars()
                .flat_map(|c| [c, c])
                .map(|c| format!("{c}{gap}"))
                .collect();
            assert_eq!(flatten(&text), meant(&text), "{gap:?}");
        }
        assert_eq!(flatten(""), "");
        assert_eq!(flatten(" \n\t "), "");
    }

    #[test]
    fn quoted_lists_and_values() {
        assert_eq!(
            single_quoted_list(
                "allowed audiences 'https://a/','https://b'. Done",
                "allowed audiences "
            ),
            ["https://a/", "https://b"]
        );
        assert_eq!(
            single_quoted_list("audiences 'https://a/','https://b", "audiences "),
            ["https://a/", "https://b"]
        );
        assert_eq!(
            quoted_after("Message='wrong 'x' here'.", "Message=").map(|v| v.0),
            Some("wrong 'x' here".to_string())
        );
    }
}
