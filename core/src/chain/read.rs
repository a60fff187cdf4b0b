//! Reading a chain: every logical line goes to the language formats in turn (each knows its own
//! message shapes) and then to the shapes all SDKs share (`Name: reason`, `Name authentication
//! unavailable. …`, a request to IMDS); what they find is merged into one attempt per credential,
//! in the order the chain tried them, with the reason's continuation lines attached.

use super::gate::{self, Gate};
use super::log::{self, Line};
use super::names::{self, MiSource};
use super::reason::{self, Cause};
use super::{cpp, dotnet, go, java, javascript, python};
use super::{CredentialAttempt, Language, Outcome};
use crate::search::Search;

/// What one line says about one credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub name: &'static str,
    pub source: Option<MiSource>,
    pub reason: String,
    /// The outcome the line states; `None` to read it from the reason.
    pub outcome: Option<Outcome>,
    /// True when the reason may go on over the next lines (a list entry, a wrapped message).
    pub continues: bool,
    /// A managed-identity source the line rules out (the credential itself is still being tried).
    pub rules_out: Option<MiSource>,
    /// True when no SDK named the credential: a request to its endpoint was seen.
    pub inferred: bool,
}

impl Marker {
    pub fn new(name: &'static str, reason: impl Into<String>) -> Self {
        Marker {
            name,
            source: None,
            reason: reason.into(),
            outcome: None,
            continues: false,
            rules_out: None,
            inferred: false,
        }
    }
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = Some(outcome);
        self
    }
    pub fn source(mut self, source: Option<MiSource>) -> Self {
        self.source = self.source.or(source);
        self
    }
    pub fn continuing(mut self) -> Self {
        self.continues = true;
        self
    }
}

/// One SDK's message formats.
pub struct Format {
    pub language: Language,
    /// Strings only this SDK writes; the language with the most of them in the text wins.
    pub signals: &'static [&'static str],
    /// What a line says, in this SDK's formats (empty when none of them fits).
    pub markers: fn(&Line) -> Vec<Marker>,
}

const FORMATS: &[Format] = &[
    dotnet::FORMAT,
    python::FORMAT,
    javascript::FORMAT,
    java::FORMAT,
    go::FORMAT,
    cpp::FORMAT,
];

/// Phrases of a chain's final message, with the chain each names.
const FINAL_MESSAGES: &[(&str, Option<&str>)] = &[
    (
        "DefaultAzureCredential failed to retrieve a token",
        Some(DEFAULT),
    ),
    (
        "DefaultAzureCredential: failed to acquire a token",
        Some(DEFAULT),
    ),
    (
        "DefaultAzureCredential authentication failed",
        Some(DEFAULT),
    ),
    (
        "ChainedTokenCredential: failed to acquire a token",
        Some(CHAINED),
    ),
    (
        "ChainedTokenCredential failed to retrieve a token",
        Some(CHAINED),
    ),
    (
        "ChainedTokenCredential authentication failed",
        Some(CHAINED),
    ),
    ("failed to get token from credential chain", None),
    ("AggregateAuthenticationError", None),
    ("Attempted credentials:", None),
    ("CredentialUnavailableException message=", None),
];

const DEFAULT: &str = "DefaultAzureCredential";
const CHAINED: &str = "ChainedTokenCredential";

/// The most continuation lines one reason takes.
const MAX_CONTINUATION: usize = 16;
/// The longest reason kept, in characters.
const MAX_REASON: usize = 2000;

/// A credential while the text is read.
#[derive(Clone, Debug)]
struct Working {
    name: &'static str,
    source: Option<MiSource>,
    reason: String,
    outcome: Option<Outcome>,
    ruled_out: Vec<MiSource>,
    line: usize,
    inferred: bool,
}

/// Everything read from the text.
#[derive(Clone, Debug, Default)]
pub struct Read {
    pub language: Option<Language>,
    pub chain: Option<&'static str>,
    pub attempts: Vec<CredentialAttempt>,
    pub scopes: Vec<String>,
    /// True when the text holds the chain's final message (not only log lines on the way).
    pub final_message: bool,
    /// Lines written by an Azure Identity logger that say something about a credential.
    pub identity_log_lines: usize,
    /// Variables of an App Service, Functions or Container Apps environment named in the text.
    pub app_platform_hint: bool,
    /// 1-based line of an `AZURE_TOKEN_CREDENTIALS` error, when there is one.
    pub token_credentials_error: Option<(usize, String)>,
}

impl Read {
    /// A chain, rather than one credential's error or a log line that names a credential.
    pub fn is_chain(&self) -> bool {
        let named: Vec<&CredentialAttempt> = self.attempts.iter().filter(|a| !a.inferred).collect();
        let with_outcome = named.iter().any(|a| a.outcome != Outcome::NotTried);
        let succeeded = named.iter().any(|a| a.outcome == Outcome::Succeeded);
        self.token_credentials_error.is_some()
            || succeeded
            || (self.final_message && !self.attempts.is_empty())
            || (named.len() >= 2 && with_outcome)
            || self.identity_log_lines >= 2
    }
}

/// Variables only an App Service, Functions or Container Apps environment sets.
const APP_PLATFORM_VARS: &[&str] = &[
    "WEBSITE_SITE_NAME",
    "WEBSITE_INSTANCE_ID",
    "WEBSITE_HOSTNAME",
    "APPSETTING_",
    "FUNCTIONS_WORKER_RUNTIME",
    "CONTAINER_APP_NAME",
];

/// Reads a text as a credential chain.
pub fn read(text: &str) -> Read {
    let gate = Gate::new(text, MAX_CONTINUATION);
    let lines = log::lines_of(text, |number| gate.needs(number));
    let mut read = Read {
        language: language(text),
        app_platform_hint: APP_PLATFORM_VARS.iter().any(|v| text.has(v)),
        ..Read::default()
    };
    let mut working: Vec<Working> = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None;
    for line in &lines {
        note_scopes(&mut read.scopes, &line.text);
        let admitted = gate.admits(line.number);
        let headed = admitted && note_final_message(&mut read, line);
        if admitted {
            note_token_credentials(&mut read, line);
        }
        let markers = if admitted { markers(line) } else { Vec::new() };
        if markers.is_empty() {
            if !headed {
                open = continue_reason(&mut working, open, line);
            } else {
                open = None;
            }
            continue;
        }
        open = None;
        if line.identity_log {
            read.identity_log_lines += 1;
        }
        for m in markers {
            let continues = m.continues;
            let at = merge(&mut working, m, line.number);
            if continues {
                open = Some((at, line.indent, 0));
            }
        }
    }
    read.attempts = working.into_iter().map(finish).collect();
    read
}

/// The language whose signals the text holds most of.
fn language(text: &str) -> Option<Language> {
    FORMATS
        .iter()
        .map(|f| (f.signals.iter().filter(|s| text.has(s)).count(), f.language))
        .filter(|(n, _)| *n > 0)
        .fold(None, |best: Option<(usize, Language)>, (n, l)| match best {
            Some((b, _)) if b >= n => best,
            _ => Some((n, l)),
        })
        .map(|(_, l)| l)
}

fn note_final_message(read: &mut Read, line: &Line) -> bool {
    let mut found = false;
    for (phrase, chain) in FINAL_MESSAGES {
        if line.text.has(phrase) {
            read.final_message = true;
            read.chain = read.chain.or(*chain);
            found = true;
        }
    }
    for chain in [DEFAULT, CHAINED] {
        if line.text.has(chain) {
            read.chain = read.chain.or(Some(chain));
        }
    }
    found
}

fn note_token_credentials(read: &mut Read, line: &Line) {
    if read.token_credentials_error.is_none() && reason::names_invalid_token_credentials(&line.text)
    {
        read.token_credentials_error = Some((line.number, collapse(&line.text)));
    }
}

/// `Scopes: [ https://vault.azure.net/.default ]` (.NET) and `Scopes: https://…` (JavaScript).
fn note_scopes(scopes: &mut Vec<String>, text: &str) {
    let Some(at) = text.find_str(gate::SCOPES) else {
        return;
    };
    let rest = text.get(at + gate::SCOPES.len()..).unwrap_or("");
    let list = match rest.strip_prefix('[') {
        Some(inner) => inner.split(']').next().unwrap_or(""),
        None => rest.split(". ").next().unwrap_or("").trim_end_matches('.'),
    };
    for scope in list
        .split([' ', ','])
        .filter(|s| s.contains(':') || s.contains('/'))
    {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
}

/// What a line says: its language's formats first, then the shared ones.
fn markers(line: &Line) -> Vec<Marker> {
    for f in FORMATS {
        let found = (f.markers)(line);
        if !found.is_empty() {
            return found;
        }
    }
    shared_markers(line)
}

/// `Name: reason`, `Name authentication unavailable. …`, MSAL's `[Managed Identity] …`, and a
/// request to IMDS.
fn shared_markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if let Some(rest) = t.strip_prefix("[Managed Identity]") {
        let rest = rest.trim();
        return vec![Marker::new(names::MANAGED_IDENTITY, rest).source(names::source_in(rest))];
    }
    if let Some((name, source, rest)) = names::leading(t) {
        if let Some(reason) = rest.strip_prefix(':') {
            return vec![Marker::new(name, reason.trim()).source(source).continuing()];
        }
        if rest.starts_with(' ') {
            return vec![Marker::new(name, t).source(source).continuing()];
        }
    }
    if t.has("169.254.169.254") && t.has("/metadata/identity") {
        let mut m = Marker::new(names::MANAGED_IDENTITY, t)
            .source(Some(MiSource::Imds))
            .continuing();
        m.inferred = true;
        return vec![m];
    }
    Vec::new()
}

/// Adds `m` to the attempts; returns the attempt's index.
fn merge(working: &mut Vec<Working>, m: Marker, line: usize) -> usize {
    let at = match working.iter().position(|w| w.name == m.name) {
        Some(at) => at,
        None => {
            working.push(Working {
                name: m.name,
                source: None,
                reason: String::new(),
                outcome: None,
                ruled_out: Vec::new(),
                line,
                inferred: m.inferred,
            });
            working.len() - 1
        }
    };
    let Some(w) = working.get_mut(at) else {
        return at;
    };
    if w.inferred && !m.inferred {
        w.inferred = false;
        w.line = line;
    }
    w.source = m.source.or(w.source);
    if let Some(ruled) = m.rules_out {
        if !w.ruled_out.contains(&ruled) {
            w.ruled_out.push(ruled);
        }
        w.outcome = Some(stronger(w.outcome, Outcome::Unknown));
        return at;
    }
    let stated = m.outcome.or_else(|| {
        let reason = m.reason.trim();
        (!reason.is_empty()).then(|| outcome_of(reason, reason::cause(reason)))
    });
    let replaced = match stated {
        Some(o) if rank(o) >= w.outcome.map_or(0, rank) => {
            w.outcome = Some(o);
            true
        }
        _ => false,
    };
    let reason = m.reason.trim();
    if !reason.is_empty() && (w.reason.is_empty() || replaced || reason.len() > w.reason.len()) {
        w.reason = reason.to_string();
    }
    at
}

fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::NotTried => 0,
        Outcome::Unknown => 1,
        Outcome::Unavailable | Outcome::Failed => 2,
        Outcome::Succeeded => 3,
    }
}

fn stronger(old: Option<Outcome>, new: Outcome) -> Outcome {
    match old {
        Some(o) if rank(o) > rank(new) => o,
        _ => new,
    }
}

/// Appends a continuation line to the open reason; returns what stays open.
fn continue_reason(
    working: &mut [Working],
    open: Option<(usize, usize, usize)>,
    line: &Line,
) -> Option<(usize, usize, usize)> {
    let (at, indent, taken) = open?;
    let text = line.text.trim();
    let dedented = line.starts_line && indent > 0 && line.indent < indent;
    if text.is_empty() || line.timestamped || dedented || taken >= MAX_CONTINUATION {
        return None;
    }
    let w = working.get_mut(at)?;
    if !w.reason.is_empty() {
        w.reason.push(' ');
    }
    w.reason.push_str(text);
    Some((at, indent, taken + 1))
}

fn finish(w: Working) -> CredentialAttempt {
    let reason = collapse(&w.reason);
    let cause = reason::cause(&reason);
    let outcome = adjusted(
        w.outcome.unwrap_or_else(|| outcome_of(&reason, cause)),
        cause,
    );
    let mi_source = w.source.or_else(|| {
        (w.name == names::MANAGED_IDENTITY && reason.has("IMDS")).then_some(MiSource::Imds)
    });
    CredentialAttempt {
        name: w.name,
        outcome,
        reason: (!reason.is_empty()).then_some(reason),
        mi_source,
        cause,
        ruled_out: w.ruled_out,
        line: w.line,
        inferred: w.inferred,
    }
}

/// The outcome a reason states when the line did not say.
fn outcome_of(reason: &str, cause: Cause) -> Outcome {
    let lower = reason.to_ascii_lowercase();
    if reason::says_succeeded(reason) {
        Outcome::Succeeded
    } else if lower.has("unavailable") || lower.has("not available") {
        Outcome::Unavailable
    } else if cause == Cause::Unknown
        && !["fail", "error", "exception", "refused", "denied"]
            .iter()
            .any(|w| lower.has(w))
    {
        Outcome::Unknown
    } else {
        Outcome::Failed
    }
}

/// The outcome as it means: a developer tool that is "failed: Please run 'az login'" could not
/// run here; an endpoint that answered with an error failed.
fn adjusted(outcome: Outcome, cause: Cause) -> Outcome {
    match (outcome, cause) {
        (
            Outcome::Failed | Outcome::Unknown,
            Cause::NotConfigured | Cause::ProbeTimeout | Cause::Unreachable,
        ) => Outcome::Unavailable,
        (
            Outcome::Unknown,
            Cause::IdentityNotFound
            | Cause::Federation
            | Cause::SignInExpired
            | Cause::Entra
            | Cause::EndpointError,
        ) => Outcome::Failed,
        _ => outcome,
    }
}

/// Whitespace collapsed, cut to [`MAX_REASON`] characters, closing quotes of a wrapper removed.
fn collapse(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_end_matches(['"', ']', '\'']).trim_end();
    if trimmed.chars().count() <= MAX_REASON {
        return trimmed.to_string();
    }
    let mut cut: String = trimmed.chars().take(MAX_REASON).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of every sample that says something about a credential (a marker, a final
    /// message, an `AZURE_TOKEN_CREDENTIALS` error) holds a word the gate looks for; a format that
    /// learns a phrase naming no credential fails here until the gate knows it.
    #[test]
    fn every_line_that_says_something_holds_a_gate_word() {
        // The samples of ../shared/samples (copied into tests/fixtures), every kind: chains and
        // logs, and the sessions, federation and access errors that quote SDK messages.
        let fixtures = [
            include_str!("../../tests/fixtures/credential-chains.jsonl"),
            include_str!("../../tests/fixtures/sessions.jsonl"),
            include_str!("../../tests/fixtures/real-world.jsonl"),
            include_str!("../../tests/fixtures/federation.jsonl"),
            include_str!("../../tests/fixtures/access-errors.jsonl"),
        ];
        let mut saying = 0;
        for record in fixtures.iter().flat_map(|f| f.lines()) {
            let record: serde_json::Value = serde_json::from_str(record).unwrap();
            let input = record["input"].as_str().unwrap();
            for line in log::lines(input) {
                let mut read = Read::default();
                let says = !markers(&line).is_empty()
                    || note_final_message(&mut read, &line)
                    || read.chain.is_some()
                    || reason::names_invalid_token_credentials(&line.text);
                if says {
                    saying += 1;
                    assert!(
                        super::super::gate::holds_a_gate_word(&line.text),
                        "{}: {}",
                        record["id"],
                        line.text
                    );
                }
            }
        }
        // The samples hold 75 such lines; a test that found none would pass whatever the gate.
        assert!(saying > 50, "{saying} lines");
    }

    /// The lines that say something without naming a credential: each needs its phrase in the
    /// gate. Messages as the SDKs write them (azure-sdk-for-go's confidential client error, the
    /// Java and Python SDKs' credential messages); the JavaScript line is one of the aggregate
    /// error's `Class: message` lines with a message that names only the tool.
    #[test]
    fn lines_that_name_no_credential_pass_the_gate_by_their_phrase() {
        for (text, credential) in [
            (
                "FromAssertion(): http call(https://login.microsoftonline.com/x/oauth2/v2.0/token)(POST) error: reply status code was 401:",
                names::WORKLOAD_IDENTITY,
            ),
            (
                "IntelliJ Authentication not available. Please log in with Azure Tools for IntelliJ plugin in the IDE.",
                names::INTELLIJ,
            ),
            ("No environment configuration found.", names::ENVIRONMENT),
            (
                "AuthenticationError: Azure CLI could not be found.",
                names::AZURE_CLI,
            ),
            (
                "AuthenticationRequiredError: PowerShell is not signed in.",
                names::AZURE_POWERSHELL,
            ),
        ] {
            let line = log::lines(text).remove(0);
            let found: Vec<&str> = markers(&line).iter().map(|m| m.name).collect();
            assert_eq!(found, [credential], "{text}");
            assert!(super::super::gate::holds_a_gate_word(text), "{text}");
            assert!(
                !["credential", "identity"]
                    .iter()
                    .any(|w| text.to_ascii_lowercase().contains(w)),
                "{text} holds a gate word anyway"
            );
        }
    }
}
