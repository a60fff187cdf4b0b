//! A whole troubleshooting session in one paste: a CI log, an exception dump or an issue comment
//! that holds an environment, requests, responses, errors and chains together. [`analyze`] splits
//! the paste into parts (`split`, over the units of `units`, through the recognisers' table),
//! analyses each part on its own, and puts the findings that need two parts first (`cross`). A
//! paste that holds one thing (a request and the answer to it, a chain and its own requests, a
//! setup of variables and a request) is not a session: it is analysed whole, as before.

mod cross;
mod split;
mod units;
mod work;

pub use work::{Pending, Work};

use serde::Serialize;

use super::recognizers::PartKind;
use super::{analyze_single, Analysis, Options};
use crate::input::log_line;
use crate::model::{Code, Context, Finding, Kind, Platform};
use crate::search::Search;
use split::Piece;
use units::Line;

/// One part of a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    pub kind: PartKind,
    /// The first and last line (1-based) of the paste it holds.
    pub lines: [usize; 2],
    pub platform: Option<Platform>,
    /// One line saying what it is: its first finding, or its first line for noise.
    pub summary: String,
    /// When the log stamped its first line (Unix seconds), if it did with a time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_at: Option<i64>,
    /// The part's own report; absent for log noise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Box<Analysis>>,
}

/// The session in `input`, or `None` when it holds one thing (or nothing to split); `Pending`
/// when `work` ran out first (call again with it).
pub fn analyze(
    input: &str,
    ctx: &Context,
    options: &Options,
    work: &Work,
) -> Result<Option<Analysis>, Pending> {
    // Cut first: a long log stops being read once it has too many units to split, before every
    // line is asked whether it is a program's.
    let Some((lines, found)) = work.cut(input, |input| units::cut(input, split::MAX_UNITS))? else {
        return Ok(None);
    };
    if work.is_program(|| is_program(input)) {
        return Ok(None);
    }
    let pieces = split::split(&lines, found, work);
    if work.ran_out() {
        return Err(Pending);
    }
    let Some(pieces) = pieces else {
        return Ok(None);
    };
    if things(&lines, &pieces) < 2 {
        return Ok(None);
    }
    let parts = parts(&lines, &pieces, ctx, options, work)?;
    let mut a = Analysis::new(Kind::Session);
    a.platform = parts.iter().find_map(|p| p.platform);
    let pasted: Vec<&str> = input.lines().collect();
    a.findings = cross::findings(&parts, &pasted);
    crate::sort::by_key(&mut a.findings, |f| f.severity);
    a.findings.push(overview(&parts));
    a.parts = parts;
    Ok(Some(a))
}

/// True when the paste is a program (a script or source file): one thing, whatever its strings
/// and comments quote (an Arc program names `azcmagent` and `Basic realm=`). Told by a line, at
/// the start of a line, that only programs write: a shebang, `set -euo pipefail`, a shell
/// function, `$ErrorActionPreference`, an import or a declaration.
fn is_program(input: &str) -> bool {
    input.lines().any(|l| {
        let l = l.trim_start_matches('\u{feff}').trim_end();
        let statement = |prefix: &str, needs: &[&str]| {
            l.strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && needs.iter().all(|n| rest.has(n)))
        };
        l.starts_with("#!/")
            || ["set -e", "set -u", "set -o ", "$ErrorActionPreference ="]
                .iter()
                .any(|p| l.starts_with(p))
            || statement("using ", &[";"])
            || statement("use ", &["::", ";"])
            || (statement("import ", &[]) && !l.has(". ") && l.split_whitespace().count() <= 8)
            || statement("from ", &[" import "])
            || (statement("package ", &[]) && l.split_whitespace().count() == 2)
            || ["const ", "let ", "var "]
                .iter()
                .any(|p| statement(p, &[" = "]))
            || ["fn ", "func ", "def ", "function "]
                .iter()
                .any(|p| statement(p, &["("]))
            || l.split_on("() {").is_some_and(|(name, rest)| {
                rest.is_empty()
                    && !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
    })
}

/// The parts `input` splits into, analysed kinds and log noise, with their first and last lines,
/// whether or not it is a session (for tests and tools; `None` when it is too large to split).
pub fn layout(input: &str) -> Option<Vec<(PartKind, [usize; 2])>> {
    let (lines, found) = units::cut(input, split::MAX_UNITS)?;
    let pieces = split::split(&lines, found, &Work::whole())?;
    let mut out = Vec::new();
    let mut next = 0;
    for p in &pieces {
        out.extend(
            noise(&lines, next, p.start)
                .into_iter()
                .map(|n| (n.kind, n.lines)),
        );
        out.push((p.kind, span(&lines, p.start, p.end)));
        next = p.end;
    }
    out.extend(
        noise(&lines, next, lines.len())
            .into_iter()
            .map(|n| (n.kind, n.lines)),
    );
    Some(out)
}

/// How many things the pieces are: a request with the answer to it is one exchange; requests and
/// variables next to each other are one setup; a chain with its own requests and answers is one
/// chain.
fn things(lines: &[Line<'_>], pieces: &[Piece]) -> usize {
    let mut count = 0;
    let mut previous: Option<&Piece> = None;
    for p in pieces {
        let folds =
            previous.is_some_and(|prev| match (prev.kind, p.kind) {
                (PartKind::Request | PartKind::Env, PartKind::Request | PartKind::Env) => true,
                (
                    PartKind::Request,
                    PartKind::MiResponse
                    | PartKind::MiError
                    | PartKind::NotAzure
                    | PartKind::AccessError,
                ) => is_command(lines, prev),
                // An answer's status line and headers, then its body.
                (
                    PartKind::MiResponse
                    | PartKind::MiError
                    | PartKind::AccessError
                    | PartKind::NotAzure,
                    PartKind::MiResponse
                    | PartKind::MiError
                    | PartKind::AccessError
                    | PartKind::NotAzure,
                ) if is_http_head(lines, prev) => only_blank_between(lines, prev, p),
                (
                    PartKind::CredentialChain,
                    PartKind::Request | PartKind::MiError | PartKind::MiResponse,
                ) => true,
                // Federated credentials and the token, error or pod environment they are checked
                // against are read together.
                (
                    PartKind::FederatedCredential,
                    PartKind::Jwt | PartKind::MiError | PartKind::Env,
                )
                | (
                    PartKind::Jwt | PartKind::MiError | PartKind::Env,
                    PartKind::FederatedCredential,
                ) => true,
                // A resource's refusal told in blocks (the exception, then its status and headers;
                // the message, then the exception that carries it) is one refusal.
                (PartKind::AccessError, PartKind::AccessError | PartKind::MiError)
                | (PartKind::MiError, PartKind::AccessError) => only_blank_between(lines, prev, p),
                _ => false,
            });
        if !folds {
            count += 1;
        }
        // After a chain, its requests and answers stay the chain's.
        if !(folds && previous.is_some_and(|prev| prev.kind == PartKind::CredentialChain)) {
            previous = Some(p);
        }
    }
    count
}

/// True when the piece is an HTTP answer's head alone: its status line and header lines.
fn is_http_head(lines: &[Line<'_>], p: &Piece) -> bool {
    let Some(head) = lines.get(p.start..p.end) else {
        return false;
    };
    head.first()
        .is_some_and(|l| l.text.trim_start().starts_with("HTTP/"))
        && head.iter().skip(1).all(|l| {
            let t = l.text.trim();
            t.is_empty()
                || t.split_once(':').is_some_and(|(name, _)| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        })
}

/// True when nothing but blank lines stands between two pieces.
fn only_blank_between(lines: &[Line<'_>], a: &Piece, b: &Piece) -> bool {
    units::blank(lines, a.end, b.start)
}

/// True when the piece is a command or request line that was run (curl, Invoke-RestMethod, a
/// raw request), whose output may follow it.
fn is_command(lines: &[Line<'_>], p: &Piece) -> bool {
    // The command is the piece's last line (variables set before it come first) or its first.
    let last = p.end.checked_sub(1).and_then(|i| lines.get(i));
    [lines.get(p.start), last].into_iter().flatten().any(|l| {
        let t = l.text.trim();
        let t = t.rsplit_once("$ ").map_or(t, |(_, c)| c);
        let t = t.rsplit_once("# ").map_or(t, |(_, c)| c);
        [
            "curl",
            "wget",
            "Invoke-",
            "$response = Invoke-",
            "GET ",
            "POST ",
            "PUT ",
            "HEAD ",
        ]
        .iter()
        .any(|c| t.starts_with(c))
            || t.has("Invoke-WebRequest")
            || t.has("Invoke-RestMethod")
    })
}

/// The parts: each piece analysed, and the lines between them as log noise. With a budget,
/// every piece's report is made (and kept in `work`) before any is taken.
fn parts(
    lines: &[Line<'_>],
    pieces: &[Piece],
    ctx: &Context,
    options: &Options,
    work: &Work,
) -> Result<Vec<Part>, Pending> {
    let analyzed = |p: &Piece| {
        let text = split::text_of(lines, p.start, p.end, p.as_pasted);
        analyze_single(&text, ctx, options)
    };
    let key = |p: &Piece| (p.start, p.end, p.as_pasted);
    for p in pieces {
        work.make_part(
            key(p),
            || units::bytes(lines, p.start, p.end),
            || analyzed(p),
        );
    }
    if work.ran_out() {
        return Err(Pending);
    }
    let mut out = Vec::new();
    let mut next = 0;
    for p in pieces {
        out.extend(noise(lines, next, p.start));
        let a = work.take_part(key(p), || analyzed(p));
        out.push(Part {
            kind: p.kind,
            lines: span(lines, p.start, p.end),
            platform: a.platform,
            summary: a
                .findings
                .first()
                .map_or_else(|| kind_word(p.kind).to_string(), |f| f.title.clone()),
            logged_at: lines.get(p.start).and_then(|l| log_line::moment(l.raw)),
            analysis: Some(a),
        });
        next = p.end;
    }
    out.extend(noise(lines, next, lines.len()));
    Ok(out)
}

fn span(lines: &[Line<'_>], start: usize, end: usize) -> [usize; 2] {
    let first = lines.get(start).map_or(start + 1, |l| l.number);
    let last = lines.get(end.saturating_sub(1)).map_or(first, |l| l.number);
    [first, last]
}

/// The lines `start..end` as parts of log noise: one per run of non-blank lines.
fn noise(lines: &[Line<'_>], start: usize, end: usize) -> Vec<Part> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let Some(l) = lines.get(i) else { break };
        if l.raw.trim().is_empty() || l.raw.trim() == "```" {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < end && lines.get(j).is_some_and(|n| !n.raw.trim().is_empty()) {
            j += 1;
        }
        out.push(Part {
            kind: PartKind::LogNoise,
            lines: span(lines, i, j),
            platform: None,
            summary: l.text.trim().chars().take(120).collect(),
            logged_at: log_line::moment(l.raw),
            analysis: None,
        });
        i = j;
    }
    out
}

/// The kind of part in words.
pub fn kind_word(k: PartKind) -> &'static str {
    match k {
        PartKind::Jwt => "a token",
        PartKind::MiResponse => "a token response",
        PartKind::MiError => "an error from the token endpoint",
        PartKind::Request => "a request",
        PartKind::Env => "environment variables",
        PartKind::FederatedCredential => "federated identity credentials",
        PartKind::CredentialChain => "a credential chain",
        PartKind::AccessError => "a resource's refusal",
        PartKind::NotAzure => "an answer that is not Azure's",
        PartKind::LogNoise => "log lines",
    }
}

/// Up to this many parts, the overview names each; past it, it counts them by kind (a retry
/// loop's log holds hundreds, which the list of parts shows one by one).
const NAMED_PARTS: usize = 20;

/// The finding that says what the paste holds.
fn overview(parts: &[Part]) -> Finding {
    let analysed: Vec<&Part> = parts
        .iter()
        .filter(|p| p.kind != PartKind::LogNoise)
        .collect();
    let listed: Vec<String> = if analysed.len() <= NAMED_PARTS {
        analysed
            .iter()
            .map(|p| format!("{} ({})", kind_word(p.kind), line_range(p.lines)))
            .collect()
    } else {
        // Each kind once, in the order it first appears, with how many and where.
        let mut kinds: Vec<(PartKind, usize, usize, usize)> = Vec::new();
        for p in &analysed {
            match kinds.iter_mut().find(|k| k.0 == p.kind) {
                Some(k) => {
                    k.1 += 1;
                    k.3 = p.lines[1];
                }
                None => kinds.push((p.kind, 1, p.lines[0], p.lines[1])),
            }
        }
        kinds
            .into_iter()
            .map(|(kind, n, first, last)| match n {
                1 => format!("{} ({})", kind_word(kind), line_range([first, last])),
                _ => format!("{n} {} (lines {first}–{last})", kinds_word(kind)),
            })
            .collect()
    };
    let read = if analysed.len() <= NAMED_PARTS {
        "Read one by one"
    } else {
        "Read one by one, as the list of parts shows"
    };
    Finding::info(
        Code::InputSession,
        format!("This paste holds {} parts", analysed.len()),
    )
    .detail(format!(
        "{read}: {}. Each part has its own report; the findings that need two parts come first.",
        listed.join(", ")
    ))
}

/// The kind of part in words, for several of them (`requests`).
fn kinds_word(k: PartKind) -> &'static str {
    match k {
        PartKind::Jwt => "tokens",
        PartKind::MiResponse => "token responses",
        PartKind::MiError => "errors from the token endpoint",
        PartKind::Request => "requests",
        PartKind::Env => "listings of environment variables",
        PartKind::FederatedCredential => "listings of federated identity credentials",
        PartKind::CredentialChain => "credential chains",
        PartKind::AccessError => "refusals from a resource",
        PartKind::NotAzure => "answers that are not Azure's",
        PartKind::LogNoise => "runs of log lines",
    }
}

/// `line 3` or `lines 2–6`.
pub fn line_range(lines: [usize; 2]) -> String {
    match lines {
        [a, b] if a == b => format!("line {a}"),
        [a, b] => format!("lines {a}–{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_exchange_is_one_thing() {
        // MicrosoftDocs/azure-docs#21322: a PowerShell request and the error it got.
        let text = "$response = Invoke-WebRequest -Uri 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net' -Method GET -Headers @{Metadata=\"true\"}\n\n*RETURN:*\nInvoke-WebRequest : {\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}\nAt line:1 char:13";
        assert_eq!(
            analyze(text, &Context::at(0), &Options::default(), &Work::whole()),
            Ok(None)
        );
    }
}
