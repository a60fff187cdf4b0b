//! The lines of a chain message or an SDK log, as the language readers see them: escaped messages
//! unescaped (a Python repr of stderr, a Go error inside a YAML scalar), each piece tagged with
//! the pasted line it came from, its log prefix read through (`input::log_line`), and marked when
//! it comes from an Azure Identity logger: `azure:identity:*` (JavaScript), `azure.identity.*`
//! (Python), `Azure-Identity:` (.NET event source), `Identity:` (C++), `[Authentication]` (Go),
//! `[Managed Identity]` (MSAL).

use crate::input::log_line;

/// One logical line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line of the paste.
    pub number: usize,
    /// The message, prefixes read through, identity-logger tag removed.
    pub text: String,
    /// True when an Azure Identity logger wrote it.
    pub identity_log: bool,
    /// True when a timestamp opened it (a new log record).
    pub timestamped: bool,
    /// Leading spaces of the pasted line this piece came from.
    pub indent: usize,
    /// True for the first piece of a pasted line (the others came from unescaped line breaks).
    pub starts_line: bool,
}

/// Tags that open an Azure Identity log message once the log prefix is read through.
const IDENTITY_TAGS: &[&str] = &[
    "Azure-Identity:",
    "Identity:",
    "[Authentication]",
    "SDK(Authentication) :",
    "[Managed Identity]",
];

/// The logical lines of `text`.
#[cfg(test)]
pub fn lines(text: &str) -> Vec<Line> {
    lines_of(text, |_| true)
}

/// The logical lines of the pasted lines (numbered from 1) that `wanted` picks.
pub fn lines_of(text: &str, wanted: impl Fn(usize) -> bool) -> Vec<Line> {
    let escaped = log_line::has_escapes(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if !wanted(i + 1) {
            continue;
        }
        let unescaped = if escaped {
            log_line::unescape(raw)
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        for (k, piece) in unescaped.split('\n').enumerate() {
            out.push(line(i + 1, piece, indent, k == 0));
        }
    }
    out
}

fn line(number: usize, piece: &str, indent: usize, starts_line: bool) -> Line {
    let read = log_line::read(piece);
    let mut text = read.text;
    let mut identity_log = read
        .logger
        .is_some_and(|l| l.starts_with("azure:identity") || l.starts_with("azure.identity"));
    let trimmed = text.trim_start();
    for tag in IDENTITY_TAGS {
        if let Some(rest) = trimmed.strip_prefix(tag) {
            // `[Managed Identity]` is part of MSAL's message; the others only tag it.
            if *tag != "[Managed Identity]" {
                text = rest.trim_start();
            }
            identity_log = true;
            break;
        }
    }
    Line {
        number,
        text: text.to_string(),
        identity_log,
        timestamped: read.timestamped,
        indent,
        starts_line,
    }
}

/// The message with list marks and indentation removed: `- `, `* `, `• `, tabs.
pub fn unbulleted(text: &str) -> &str {
    let t = text.trim_start();
    for bullet in ["- ", "* ", "\u{2022} "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_message_keeps_the_line_it_was_pasted_on() {
        // azure-cli#31648: Python's repr of stderr, one pasted line.
        let text = "stderr='DefaultAzureCredential failed to retrieve a token from the included credentials.\\nAttempted credentials:\\n\\tEnvironmentCredential: unavailable.'";
        let ls = lines(text);
        assert_eq!(ls.len(), 3);
        assert!(ls.iter().all(|l| l.number == 1));
        assert_eq!(ls[2].text, "\tEnvironmentCredential: unavailable.'");
    }

    #[test]
    fn identity_loggers_are_marked() {
        let ls = lines(
            "[Informational] Azure-Identity: EnvironmentCredential.GetToken invoked.\n\
             INFO:azure.identity._credentials.environment:No environment configuration found.\n\
             azure:core-http:info Response status code: 400\n\
             [2023-11-10T04:57:15.7923573Z T: de8] WARN  : Identity: EnvironmentCredential authentication unavailable.",
        );
        let marked: Vec<bool> = ls.iter().map(|l| l.identity_log).collect();
        assert_eq!(marked, [true, true, false, true]);
        assert_eq!(ls[0].text, "EnvironmentCredential.GetToken invoked.");
        assert_eq!(
            ls[3].text,
            "EnvironmentCredential authentication unavailable."
        );
    }
}
