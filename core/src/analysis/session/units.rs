//! Cutting a paste into units: the lines that must stay together before anything is recognised.
//! Every line starts a unit of its own unless it continues the one before: an open JSON object or
//! array, deeper indentation (a wrapped message, a tab-indented list, a console's wrapped columns),
//! a header or body after an HTTP start line, curl's `*`/`>`/`<` lines, a `\` or `` ` ``
//! continuation. A blank line or a code fence ends a unit (an HTTP head's blank line before its
//! body excepted). Units are joined into parts later (`split`); here each line is in at most one
//! unit, and the lines in none are blank or fences.

use crate::input::log_line;
use crate::search::Search;

/// One pasted line, its log prefix read through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: usize,
    pub raw: &'a str,
    /// The message, prefixes read through.
    pub text: &'a str,
    pub timestamped: bool,
}

impl Line<'_> {
    /// The message's indentation, counted in the pasted line: after a timestamp, the spaces a
    /// console put before the text count too.
    fn indent(&self) -> usize {
        let own = self.text.len() - self.text.trim_start().len();
        let offset = (self.text.as_ptr() as usize).saturating_sub(self.raw.as_ptr() as usize);
        let before = self.raw.get(..offset.min(self.raw.len())).unwrap_or("");
        let gap = before.len() - before.trim_end().len();
        own + if self.timestamped {
            gap.saturating_sub(1)
        } else {
            0
        }
    }
    fn trimmed(&self) -> &str {
        self.text.trim()
    }
    fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }
}

/// A run of lines: indexes into the line list, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
}

/// True when lines `start..end` are all blank as pasted (none, too).
pub fn blank(lines: &[Line<'_>], start: usize, end: usize) -> bool {
    lines
        .get(start..end)
        .is_some_and(|between| between.iter().all(|l| l.raw.trim().is_empty()))
}

/// The bytes lines `start..end` hold as pasted, line breaks counted.
pub fn bytes(lines: &[Line<'_>], start: usize, end: usize) -> usize {
    lines
        .get(start..end)
        .unwrap_or(&[])
        .iter()
        .map(|l| l.raw.len() + 1)
        .sum()
}

/// One pasted line (`i`: 0-based), its prefixes read through.
fn line(i: usize, raw: &str) -> Line<'_> {
    let read = log_line::read(raw.trim_start_matches('\u{feff}'));
    Line {
        number: i + 1,
        raw,
        text: output_after_prompt(read.text),
        timestamped: read.timestamped,
    }
}

/// A command's output printed right after the next prompt (a job sent to the background):
/// `root@host:/# HTTP/1.1 400 Bad Request` is the output, not a command.
fn output_after_prompt(text: &str) -> &str {
    let command = command_of(text.trim_start());
    if command.len() < text.trim_start().len()
        && (command.starts_with("HTTP/") || command.starts_with('{'))
    {
        command
    } else {
        text
    }
}

/// The most lines an open JSON object or array keeps together.
const MAX_OPEN_LINES: usize = 400;

const METHODS: &[&str] = &["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD "];
const COMMANDS: &[&str] = &[
    "curl ",
    "wget ",
    "Invoke-RestMethod",
    "Invoke-WebRequest",
    "az ",
    "azcopy ",
    "kubectl ",
    "vault ",
    "printenv",
    "env ",
];

/// True when the line is a comment or a Markdown heading (`# Step 1: …`, `## Expected
/// Behavior`, `// …`, `###`): what it says is about the lines around it, not a part of its own.
/// A root prompt's command (`# curl …`) is no comment.
pub fn is_comment(l: &Line<'_>) -> bool {
    let t = l.trimmed();
    let body = if let Some(rest) = t.strip_prefix("//") {
        rest
    } else {
        let rest = t.trim_start_matches('#');
        if rest.len() == t.len() {
            return false;
        }
        rest
    };
    if !(body.is_empty() || body.starts_with(' ')) {
        return false;
    }
    let body = body.trim_start();
    !COMMANDS.iter().any(|c| body.starts_with(c)) && !METHODS.iter().any(|m| body.starts_with(m))
}

/// True when the line starts something new rather than continuing what came before.
pub fn starts_record(l: &Line<'_>, previous: Option<&Line<'_>>) -> bool {
    let t = l.trimmed();
    let command = command_of(t);
    l.timestamped
        || command.len() < t.len()
        || t.starts_with("HTTP/1.")
        || t.starts_with("HTTP/2")
        || (t.starts_with("RESPONSE ") && !previous.is_some_and(|p| p.trimmed().starts_with("---")))
        || t.starts_with("## ")
        || t.starts_with("**")
        || METHODS
            .iter()
            .any(|m| t.starts_with(m) && (t.has("http") || t.has(" HTTP/1.")))
        || COMMANDS.iter().any(|c| command.starts_with(c))
        || (t.starts_with("---")
            && previous.is_some_and(|p| METHODS.iter().any(|m| p.trimmed().starts_with(m))))
}

/// A shell prompt before `$ `, `# ` or `> `: `root@host:/`, `user@host:~/x`, `PS C:\x`, or nothing.
fn is_prompt(before: &str) -> bool {
    let b = before.trim();
    (b.contains('@') && b.contains(':') && !b.contains(' '))
        || (b.starts_with("PS ") && b.contains(':'))
        || b.ends_with(":~")
}

/// How far the line opens (`{`, `[`) or closes JSON, outside strings.
fn brace_delta(t: &str) -> i64 {
    let mut delta = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            '\\' if in_string && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => in_string = !in_string,
            '{' | '[' if !in_string => delta += 1,
            '}' | ']' if !in_string => delta -= 1,
            _ => {}
        }
        escaped = false;
    }
    delta
}

fn is_fence(l: &Line<'_>) -> bool {
    l.trimmed().starts_with("```")
}

/// True for a line that ends an HTTP head and may be followed, after one blank line, by a body.
fn is_http_head(lines: &[Line<'_>], unit: Unit) -> bool {
    lines
        .get(unit.start)
        .is_some_and(|l| l.trimmed().starts_with("HTTP/") || l.trimmed().starts_with("< HTTP/"))
}

/// Log level words that open a record even when a console indents them.
const LEVELS: &[&str] = &[
    "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "TRACE", "VERBOSE",
];

/// The command on a line, a shell prompt before it read through.
fn command_of(t: &str) -> &str {
    t.split_on("$ ")
        .or_else(|| t.split_on("# "))
        .or_else(|| t.split_on("> "))
        .filter(|(prompt, _)| is_prompt(prompt))
        .map_or(t, |(_, rest)| rest)
}

/// curl -v's lines: `* info`, `> request`, `< response`.
fn is_verbose(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some('*' | '>' | '<')) && matches!(chars.next(), None | Some(' '))
}

/// `Name: value`, a header or a field.
fn is_header(t: &str) -> bool {
    t.split_once(':')
        .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' ') && n.len() < 40)
}

/// True when line `i` continues unit `u` (`open`: the unit's unclosed braces and brackets).
fn continues(lines: &[Line<'_>], u: Unit, i: usize, open: i64) -> bool {
    let (Some(l), Some(first), Some(previous)) = (
        lines.get(i),
        lines.get(u.start),
        lines.get(i.wrapping_sub(1)),
    ) else {
        return false;
    };
    if open > 0 && i - u.start < MAX_OPEN_LINES {
        return true;
    }
    let p = previous.text.trim_end();
    if p.ends_with('\\') || p.ends_with('`') {
        return true;
    }
    let (t, head) = (l.trimmed(), first.trimmed());
    // curl -Iv: `< HTTP/…` opens the response, which keeps its `<` lines and the plain copies
    // that -I prints; before it, `*` and `>` lines go with the command.
    if head.starts_with("< HTTP/") {
        return is_verbose(t) || is_header(t) || t.starts_with("HTTP/");
    }
    if is_verbose(t) && !t.starts_with("< HTTP/") {
        return is_verbose(head) || COMMANDS.iter().any(|c| command_of(head).starts_with(c));
    }
    let level_first = LEVELS.iter().any(|w| t.starts_with(w));
    // Under a section heading (`Events:`, `Environment:`), each deeper line is a row of its own.
    let section = head.ends_with(':') && !head.contains(' ');
    let deeper = l.indent() > first.indent() && !level_first && !section;
    // A console that wraps its columns indents the text far, after a timestamp of its own.
    if deeper && l.indent() >= 8 {
        return true;
    }
    if starts_record(l, Some(previous)) {
        return false;
    }
    let http_head = head.starts_with("HTTP/") || METHODS.iter().any(|m| head.starts_with(m));
    deeper
        || (http_head && (is_header(t) || t.starts_with('{') || t.starts_with('<')))
        // azcore's error block between dashed lines, up to the next record.
        || head.starts_with("-----")
        || head.starts_with("RESPONSE ")
}

/// The lines of `text` (prefixes read through) and their units; `None` as soon as there are more
/// than `max` units. Lines are read only as far as cutting needs them (the line after the one
/// being cut), so a long log of one-line records stops being read after `max` of them.
pub fn cut(text: &str, max: usize) -> Option<(Vec<Line<'_>>, Vec<Unit>)> {
    let mut source = text.lines().enumerate();
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut out: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    let mut open: i64 = 0;
    let mut i = 0;
    loop {
        while lines.len() < i + 2 {
            let Some((n, raw)) = source.next() else { break };
            lines.push(line(n, raw));
        }
        if out.len() > max {
            return None;
        }
        let Some(l) = lines.get(i) else { break };
        if l.is_blank() || is_fence(l) {
            // An HTTP head, one blank line, then its body: one unit.
            let body_follows = current.is_some_and(|u| is_http_head(&lines, u))
                && !is_fence(l)
                && lines
                    .get(i + 1)
                    .is_some_and(|n| n.trimmed().starts_with(['{', '<']));
            if body_follows {
                i += 1;
                continue;
            }
            out.extend(current.take());
            open = 0;
            i += 1;
            continue;
        }
        let continues = current.is_some_and(|u| continues(&lines, u, i, open));
        match (&mut current, continues) {
            (Some(u), true) => u.end = i + 1,
            _ => {
                out.extend(current.take());
                open = 0;
                current = Some(Unit {
                    start: i,
                    end: i + 1,
                });
            }
        }
        open = (open + brace_delta(l.text)).max(0);
        i += 1;
    }
    out.extend(current);
    (out.len() <= max).then_some((lines, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, usize)> {
        let (ls, units) = cut(text, usize::MAX).unwrap();
        units
            .iter()
            .map(|u| (ls[u.start].number, ls[u.end - 1].number))
            .collect()
    }

    #[test]
    fn records_prompts_and_blank_lines_cut_and_json_holds_together() {
        // Kong's lua log (each line a record) and a shell transcript (VijayRod/demo).
        assert_eq!(
            spans("2025/08/20 06:55:13 [debug] 1#0: *2 a\n2025/08/20 06:55:13 [debug] 1#0: *2 b"),
            [(1, 1), (2, 2)]
        );
        assert_eq!(
            spans("root@aks-node:/# curl -I http://169.254.169.254\nHTTP/1.1 400 Bad Request\nServer: Microsoft-IIS/10.0\n\nroot@aks-node:/# curl -I https://169.254.169.254\n^C"),
            [(1, 1), (2, 3), (5, 5), (6, 6)]
        );
        // An HTTP head, a blank line and its JSON body stay one unit (the IMDS docs' sample).
        assert_eq!(
            spans("HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  \"access_token\": \"x\"\n}"),
            [(1, 6)]
        );
        // A JSON object split across timestamped lines is not cut.
        assert_eq!(
            spans("2024-01-01T00:00:00Z x: {\n2024-01-01T00:00:00Z x:   \"error\": \"invalid_request\"\n2024-01-01T00:00:00Z x: }"),
            [(1, 3)]
        );
        // azcore's error: the request line, then the separator that opens the response.
        assert_eq!(
            spans("PUT https://a.blob.core.windows.net/test\n-----\nRESPONSE 401: 401 Server failed\nERROR CODE: NoAuthenticationInformation\n-----"),
            [(1, 1), (2, 5)]
        );
    }

    #[test]
    fn a_paste_with_more_units_than_allowed_is_not_cut() {
        // Kong's lua log again: every line a record of its own, so three lines are three units.
        let log = "2025/08/20 06:55:13 [debug] 1#0: *2 a\n2025/08/20 06:55:13 [debug] 1#0: *2 b\n2025/08/20 06:55:13 [debug] 1#0: *2 c";
        assert!(cut(log, 2).is_none());
        let (lines, units) = cut(log, 3).unwrap();
        assert_eq!((lines.len(), units.len()), (3, 3));
        // A record's wrapped continuation is read with it: two units, every line read.
        let wrapped = "2025/08/20 06:55:13 [debug] 1#0: *2 a\n    continued\n2025/08/20 06:55:13 [debug] 1#0: *2 b";
        let (lines, units) = cut(wrapped, 2).unwrap();
        assert_eq!((lines.len(), units.len()), (3, 2));
    }
}
