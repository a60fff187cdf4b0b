//! Log lines as people paste them: the prefixes loggers and CI systems put before a message are
//! read through (ISO and slash timestamps, bracketed times and levels, `INFO:`/`VERBOSE:` levels,
//! GitHub Actions `##[error]`, Kubernetes CRI `stdout F`, kubectl `[pod/…]`, logrus `msg="…"`,
//! Python `LEVEL:logger:`, log4j `LEVEL Class:`, nginx `[debug] 1#0: *2`, the `azure:…:info`
//! debug namespaces of the JavaScript SDK and Terraform's `│` box), and escaped messages
//! (`\n`, `\t`, `\"` written out in a JSON string, a YAML scalar or a Python repr) are unescaped.
//! Nothing here knows what the message means.

use crate::search::Search;
use std::borrow::Cow;

/// One line with its log prefix read through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogLine<'a> {
    /// The message, after every recognised prefix.
    pub text: &'a str,
    /// The logger or namespace the prefix named (`azure.identity._credentials.environment`,
    /// `azure:identity:info`), when it named one.
    pub logger: Option<&'a str>,
    /// True when a timestamp started the line: it opens a new log record.
    pub timestamped: bool,
}

/// The most prefixes read off one line (a log stream inside a log stream has two).
const MAX_PREFIXES: usize = 6;

/// Level words loggers print.
const LEVELS: &[&str] = &[
    "INFO",
    "INFORMATION",
    "INFORMATIONAL",
    "WARN",
    "WARNING",
    "ERROR",
    "ERR",
    "DEBUG",
    "TRACE",
    "VERBOSE",
    "FATAL",
    "CRITICAL",
    "NOTICE",
];

fn is_level(word: &str) -> bool {
    LEVELS.iter().any(|l| l.eq_ignore_ascii_case(word))
}

/// Reads the prefixes off a line.
pub fn read(line: &str) -> LogLine<'_> {
    let mut out = LogLine {
        text: line,
        logger: None,
        timestamped: false,
    };
    for _ in 0..MAX_PREFIXES {
        let rest = out.text;
        let Some(next) = strip_one(rest, &mut out) else {
            break;
        };
        if next.len() >= rest.len() {
            break;
        }
        out.text = next;
    }
    out
}

/// The message of a line, prefixes read through.
pub fn message(line: &str) -> &str {
    read(line).text
}

/// One prefix off `s`, or `None` when it starts with none.
fn strip_one<'a>(s: &'a str, line: &mut LogLine<'a>) -> Option<&'a str> {
    if let Some(rest) = timestamp(s) {
        line.timestamped = true;
        return Some(after_timestamp(rest));
    }
    if let Some(rest) = s.strip_prefix("##[") {
        let end = rest.find(']')?;
        return Some(rest.get(end + 1..)?.trim_start());
    }
    if let Some(rest) = s.strip_prefix('\u{2502}').or_else(|| s.strip_prefix('|')) {
        // Terraform's error box (│) and table-like pipes only when followed by a space.
        if rest.is_empty() || rest.starts_with(' ') {
            return Some(rest.strip_prefix(' ').unwrap_or(rest));
        }
        return None;
    }
    if let Some(rest) = bracketed(s) {
        return Some(rest);
    }
    if let Some((logger, rest)) = js_namespace(s) {
        line.logger = Some(logger);
        return Some(rest);
    }
    if let Some((logger, rest)) = python_logging(s) {
        line.logger = Some(logger);
        return Some(rest);
    }
    if let Some(msg) = logrus_message(s) {
        return Some(msg);
    }
    level_word(s)
}

/// After a timestamp: a level, a dashed level (`- INFO - `), a CRI stream tag or a Java logger.
fn after_timestamp(rest: &str) -> &str {
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("stdout F ")
        .or_else(|| rest.strip_prefix("stderr F "))
        .or_else(|| rest.strip_prefix("stdout P "))
        .or_else(|| rest.strip_prefix("stderr P "))
        .unwrap_or(rest);
    if let Some(after_dash) = rest.strip_prefix("- ") {
        let (word, tail) = split_word(after_dash);
        if is_level(word) {
            return tail
                .trim_start()
                .strip_prefix("- ")
                .unwrap_or(tail)
                .trim_start();
        }
    }
    let (word, tail) = split_word(rest);
    if is_level(word) && tail.starts_with(' ') {
        // log4j: `INFO KeyVaultClient: message`.
        let tail = tail.trim_start();
        let (class, after) = split_word(tail);
        if let Some(name) = class.strip_suffix(':') {
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '$')
            {
                return after.trim_start();
            }
        }
        return tail;
    }
    rest
}

fn split_word(s: &str) -> (&str, &str) {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (s.get(..end).unwrap_or(""), s.get(end..).unwrap_or(""))
}

/// `2025-06-18T17:30:21.3385275Z`, `2024-11-12 16:31:05,845`, `2025/08/20 06:55:13`,
/// `22/01/11 15:47:17`, with an offset or `Z`, then a space; returns what follows.
fn timestamp(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> bool {
        (from..from + n).all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
    };
    let date_len = if digits(0, 4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && digits(5, 2)
        && b.get(7) == b.get(4)
        && digits(8, 2)
    {
        10
    } else if digits(0, 2)
        && b.get(2) == Some(&b'/')
        && digits(3, 2)
        && b.get(5) == Some(&b'/')
        && digits(6, 2)
    {
        8
    } else {
        return None;
    };
    let mut i = date_len;
    if !matches!(b.get(i), Some(b'T' | b' ')) || !digits(i + 1, 2) || b.get(i + 3) != Some(&b':') {
        return None;
    }
    i += 1;
    if !(digits(i, 2) && digits(i + 3, 2) && b.get(i + 5) == Some(&b':') && digits(i + 6, 2)) {
        return None;
    }
    i += 8;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if b.get(i) == Some(&b'Z') {
        i += 1;
    } else if matches!(b.get(i), Some(b'+' | b'-')) && digits(i + 1, 2) {
        i += 3;
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        if digits(i, 2) {
            i += 2;
        }
    }
    let rest = s.get(i..)?;
    (rest.is_empty() || rest.starts_with([' ', '\t', ']'])).then_some(rest)
}

/// `[2023-11-10T04:57:15.79Z T: de8] `, `[09:34:59] `, `[Informational] `, `[debug] 1#0: *2 `,
/// `[pod/web-1/app] `: a bracket whose content starts with a digit, is a level, or names a pod.
fn bracketed(s: &str) -> Option<&str> {
    let inner_and_rest = s.strip_prefix('[')?;
    let end = inner_and_rest.find(']')?;
    let inner = inner_and_rest.get(..end)?;
    let rest = inner_and_rest.get(end + 1..)?;
    let starts_with_time = inner.len() >= 5
        && inner.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && inner.contains(':');
    let level = is_level(inner.trim());
    let pod = inner.starts_with("pod/");
    if !(starts_with_time || level || pod) {
        return None;
    }
    let rest = rest.trim_start();
    // nginx: `68220#0: *2 `.
    let rest = match split_word(rest) {
        (w, tail) if w.ends_with(':') && w.contains('#') => tail.trim_start(),
        _ => rest,
    };
    let rest = match split_word(rest) {
        (w, tail)
            if w.len() > 1
                && w.starts_with('*')
                && w.get(1..)
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())) =>
        {
            tail.trim_start()
        }
        _ => rest,
    };
    Some(rest)
}

/// The JavaScript SDK's debug namespaces: `azure:identity:info `, `azure:core-http:verbose `.
fn js_namespace(s: &str) -> Option<(&str, &str)> {
    if !s.starts_with("azure:") {
        return None;
    }
    let (word, tail) = split_word(s);
    let level = word.rsplit(':').next()?;
    (word.matches(':').count() >= 2 && is_level(level)).then(|| (word, tail.trim_start()))
}

/// Python's default logging format `LEVEL:dotted.logger:message`.
fn python_logging(s: &str) -> Option<(&str, &str)> {
    let (level, rest) = s.split_once(':')?;
    if !is_level(level) || !level.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let (logger, message) = rest.split_once(':')?;
    let dotted = logger.contains('.')
        && !logger.contains(' ')
        && logger
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    dotted.then_some((logger, message))
}

/// logrus: `time="…" level=info msg="…" field=…`: the message between the quotes.
fn logrus_message(s: &str) -> Option<&str> {
    if !(s.starts_with("time=") || s.starts_with("ime=") || s.starts_with("level=")) {
        return None;
    }
    let at = s.find_str(" msg=\"")? + " msg=\"".len();
    let msg = s.get(at..)?;
    let mut escaped = false;
    for (i, c) in msg.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return msg.get(..i),
            _ => escaped = false,
        }
    }
    Some(msg)
}

/// `INFO: `, `INFO  : `, `VERBOSE: `, `WARNING: `.
fn level_word(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let word = s.get(..colon)?.trim_end();
    if !is_level(word) || word.len() + 3 < colon || !word.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some(s.get(colon + 1..)?.trim_start())
}

/// The moment a log line's ISO timestamp names (`2025-06-18T17:30:21.3385275Z`,
/// `2024-11-13T09:02:15.569+0100`), in Unix seconds; `None` without one, or without a time zone
/// (a local time that cannot be placed).
pub fn moment(line: &str) -> Option<i64> {
    let t = line.trim_start().trim_start_matches('[');
    let b = t.as_bytes();
    let num = |from: usize, n: usize| -> Option<u32> { t.get(from..from + n)?.parse().ok() };
    if !(b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && matches!(b.get(10), Some(b'T' | b' ')))
    {
        return None;
    }
    let dt = crate::timefmt::DateTime {
        year: i64::from(num(0, 4)?),
        month: num(5, 2)?,
        day: num(8, 2)?,
        hour: num(11, 2)?,
        minute: num(14, 2)?,
        second: num(17, 2)?,
    };
    let mut i = 19;
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let offset_minutes: i64 = match b.get(i) {
        Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = i64::from(num(i + 1, 2)?);
            let m_at = if b.get(i + 3) == Some(&b':') {
                i + 4
            } else {
                i + 3
            };
            let m = i64::from(num(m_at, 2)?);
            let total = h * 60 + m;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    Some(crate::timefmt::from_datetime(dt)? - offset_minutes * 60)
}

/// True when the text holds written-out line breaks (`\n\t`, or `\n` at least twice): a message
/// copied from a JSON string, a YAML scalar or a Python repr. A single `\t` or `\n` is more
/// likely a Windows path (`C:\Users\cloudtest\AppData\…\tokenprovider.json`).
pub fn has_escapes(s: &str) -> bool {
    s.has("\\n\\t") || s.matches("\\n").count() >= 2
}

/// The text with written-out escapes turned into what they stand for: `\r\n` and `\n` into line
/// breaks, `\t` into tabs, `\"` into quotes, doubled backslashes before them included (a JSON
/// string inside a YAML scalar). Whether to unescape is the caller's call ([`has_escapes`]).
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        while chars.peek() == Some(&'\\') {
            chars.next();
        }
        match chars.peek().copied() {
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('r') => {
                chars.next();
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('"') => {
                chars.next();
                out.push('"');
            }
            _ => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Prefixes from the sample files' sources (tests/fixtures/*.jsonl): Azure Pipelines
    // (azure-sdk-for-net#50895), the C++ SDK log (azure-sdk-for-cpp#4952), log4j (azure-sdk-for-java
    // #26408), App Service log stream (azure-search-openai-demo#2148), nginx/Kong, logrus (aad-pod-
    // identity#556), Python logging (azure-sdk-for-python#28478), @azure/identity (vscode-vsce#976).
    #[test]
    fn reads_through_the_prefixes_of_real_logs() {
        let cases = [
            ("2025-06-18T17:30:21.3385995Z - EnvironmentCredential authentication unavailable.", "- EnvironmentCredential authentication unavailable."),
            ("[2023-11-10T04:57:15.7923573Z T: de8] WARN  : Identity: EnvironmentCredential authentication unavailable.", "Identity: EnvironmentCredential authentication unavailable."),
            ("22/01/11 15:47:17 INFO KeyVaultClient: CredentialUnavailableException message=x", "CredentialUnavailableException message=x"),
            ("2024-11-12T16:43:01.948261341Z 2024-11-12 16:43:01,947 - WARNING - AppServiceCredential.get_token failed: (None) No", "AppServiceCredential.get_token failed: (None) No"),
            ("2025/08/20 06:55:13 [debug] 68220#0: *2 [lua] init.lua:32: auth(): could not", "[lua] init.lua:32: auth(): could not"),
            ("time=\"2020-04-09T11:20:29Z\" level=error msg=\"no AzureAssignedIdentity found\" req.method=GET", "no AzureAssignedIdentity found"),
            ("INFO:azure.identity._credentials.environment:No environment configuration found.", "No environment configuration found."),
            ("2024-06-19T21:41:31.3063767Z azure:identity:info ManagedIdentityCredential - IMDS => Pinging", "ManagedIdentityCredential - IMDS => Pinging"),
            ("[Informational] Azure-Identity: DefaultAzureCredential.GetToken invoked.", "Azure-Identity: DefaultAzureCredential.GetToken invoked."),
            ("##[error]The process failed", "The process failed"),
            ("VERBOSE: Acquiring token", "Acquiring token"),
            ("\u{2502}   with data.azapi_resource_action.locations,", "  with data.azapi_resource_action.locations,"),
            ("2024-01-01T10:00:00.123456789Z stdout F {\"error\":\"x\"}", "{\"error\":\"x\"}"),
            ("[pod/web-7d9/app] INFO: started", "started"),
        ];
        for (line, want) in cases {
            assert_eq!(message(line), want, "{line}");
        }
    }

    #[test]
    fn keeps_what_only_looks_like_a_prefix() {
        for line in [
            "ManagedIdentityCredential: IMDS token request timed out",
            "[1] 12060",
            "[1]+  Done                    curl -I http://169.254.169.254/",
            "Error: Failed to perform action",
            "HTTP/1.1 400 Bad Request",
            "{\"error\":\"invalid_request\"}",
            "2024",
        ] {
            assert_eq!(message(line), line);
        }
    }

    #[test]
    fn notes_the_logger_and_the_timestamp() {
        let l = read("INFO:azure.identity._credentials.managed_identity:ManagedIdentityCredential will use IMDS");
        assert_eq!(
            l.logger,
            Some("azure.identity._credentials.managed_identity")
        );
        assert!(!l.timestamped);
        assert!(read("2020-10-01T22:37:50.747910726Z azure:identity:info x").timestamped);
    }

    #[test]
    fn reads_the_moment_of_a_timestamped_line() {
        assert_eq!(
            moment("2025-06-18T17:30:21.3385275Z - x"),
            Some(1_750_267_821)
        );
        assert_eq!(
            moment("[2023-11-10T04:57:15.7920916Z T: de8] INFO"),
            Some(1_699_592_235)
        );
        assert_eq!(
            moment("2024-11-13T09:02:15.569+0100 [DEBUG] x"),
            Some(1_731_484_935)
        );
        // No time zone, no moment.
        assert_eq!(moment("2024-11-12 16:31:05,845 - INFO - x"), None);
        assert_eq!(moment("hello"), None);
    }

    #[test]
    fn unescapes_written_out_line_breaks() {
        // A Go error inside a YAML double-quoted scalar (Application Gateway for Containers
        // troubleshooting guide): JSON escapes appear doubled.
        assert_eq!(
            unescape(
                r#"token.\nAttempted credentials:\n\tEnvironmentCredential: x\\r\\nTrace \"id\""#
            ),
            "token.\nAttempted credentials:\n\tEnvironmentCredential: x\nTrace \"id\""
        );
        assert!(!has_escapes(
            r"C:\Users\cloudtest\AppData\Local\tokenprovider.json"
        ));
        assert!(has_escapes(
            r"failed.\nAttempted credentials:\n\tEnvironmentCredential"
        ));
    }
}
