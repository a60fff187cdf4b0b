//! The words both front ends show for the report's enums and fixed notes, made once: the page and
//! the CLI's text report call these, so they cannot drift apart.

use crate::access::fix::Shell;
use crate::access::AccessReport;
use crate::analysis::compare::{Aspect, Comparison};
use crate::analysis::recognizers::PartKind;
use crate::analysis::session::{self, Part};
use crate::azure::workload_identity::OidcIssuer;
use crate::azure::{aadsts, platforms};
use crate::chain::{Cause, ChainReport, CredentialAttempt, Language, Outcome};
use crate::federation::{FederationReport, PresentedFrom};
use crate::model::{Finding, Place, Platform, Severity};
use crate::request::code_fix::CodeLanguage;
use crate::response::assertion::{AssertionValidity, PresentedAssertion};
use crate::response::fields::CheckStatus;
use crate::token::entra::{Certainty, TokenUse};
use crate::token::{AssertionKind, Assignment, Form, TokenReport};
use crate::verify::{Verification, VerifyResult};

/// `Error`, `Warning`, `Information`.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Information",
    }
}

/// `error`, `warning`, `info`: the severity as JSON and the text report's tags write it.
pub fn severity_tag(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The verdict on a signature in a word or three (the page's badge): `valid`, `valid, with
/// warnings` when a caveat qualifies it, `not the token as sent`, `invalid`, ….
pub fn verdict(v: &Verification) -> &'static str {
    match v.result {
        VerifyResult::Valid if v.proves_signature() => "valid",
        VerifyResult::Valid => "valid, with warnings",
        VerifyResult::Noncanonical => "not the token as sent",
        VerifyResult::Invalid => "invalid",
        VerifyResult::NoMatchingKey => "no matching key",
        VerifyResult::KeyNotForSigning => "key not for signatures",
        VerifyResult::AmbiguousKeySet => "ambiguous key set",
        VerifyResult::AlgKeyMismatch => "wrong key type",
        VerifyResult::UnsupportedAlg => "not verifiable",
        VerifyResult::BadKey => "unreadable key",
        VerifyResult::UnverifiableNonce => "not verifiable by design",
        VerifyResult::Unsigned => "unsigned",
    }
}

/// What kind of token it is: `Signed JWT (RS256)`, `Encrypted token (JWE)`, ….
pub fn token_form(t: &TokenReport) -> String {
    match t.form {
        Form::Jws => format!("Signed JWT ({})", t.alg.as_deref().unwrap_or("no alg")),
        Form::Jwe => "Encrypted token (JWE)".to_string(),
        Form::Unsecured => "Unsecured JWT (alg: none)".to_string(),
        Form::Malformed => "Malformed token".to_string(),
        Form::Decoded => "Claims pasted decoded (no header or signature)".to_string(),
    }
}

/// The assertion card's badge.
pub fn assertion_kind(k: AssertionKind) -> &'static str {
    match k {
        AssertionKind::KubernetesServiceAccount => "Kubernetes service account",
        AssertionKind::GithubActions => "GitHub Actions",
        AssertionKind::ManagedIdentity => "Managed identity as a credential",
        AssertionKind::Other => "Federated token",
    }
}

/// An issuer read: `AKS OIDC issuer (regional form), region westcentralus, tenant …, cluster …`.
pub fn issuer_form(i: &OidcIssuer) -> String {
    let mut parts = vec![i.label.to_string()];
    parts.extend(i.region.as_ref().map(|r| format!("region {r}")));
    parts.extend(i.tenant_id.as_ref().map(|t| format!("tenant {t}")));
    parts.extend(i.cluster_id.as_ref().map(|c| format!("cluster {c}")));
    parts.join(", ")
}

/// Where the presented values come from: `the token`, `the error`, `azure/login's log`.
pub fn presented_from(f: PresentedFrom) -> &'static str {
    match f {
        PresentedFrom::Token => "the token",
        PresentedFrom::Error => "the error",
        PresentedFrom::Log => "azure/login's log",
    }
}

/// The field a federation error blames: `issuer (named by Entra ID)`, `subject (most likely)`.
pub fn fault(a: &PresentedAssertion) -> Option<String> {
    let field = a.field?;
    let whose = if a.field_named_by_entra {
        "named by Entra ID"
    } else {
        "most likely"
    };
    Some(format!("{} ({whose})", field.label()))
}

/// An assertion's validity against Entra's clock: `A to B, Entra's time C`.
pub fn validity(v: &AssertionValidity) -> String {
    format!(
        "{} to {}, Entra's time {}",
        v.valid_from, v.valid_until, v.current_time
    )
}

/// The heads of the federation report's commands.
pub const TRUSTING_COMMAND: &str = "A credential that trusts this token";
pub const MATCHING_COMMAND: &str = "The command that makes a credential match";

/// Who called: an application alone, or a user through one.
pub fn token_use(u: TokenUse) -> &'static str {
    match u {
        TokenUse::AppOnly => "an application or managed identity, no user",
        TokenUse::Delegated => "a user, through an application",
        TokenUse::Unknown => "not stated",
    }
}

/// `System-assigned` or `User-assigned`.
pub fn assignment(a: Assignment) -> &'static str {
    match a {
        Assignment::System => "System-assigned",
        Assignment::User => "User-assigned",
    }
}

/// The identity card's title when `xms_mirid` does not name the identity.
pub fn certainty(c: Certainty) -> &'static str {
    match c {
        Certainty::Certain => "Managed identity",
        Certainty::Likely => "Probably a managed identity",
    }
}

/// Why an absent `xms_mirid` proves nothing.
pub const XMS_MIRID_NOTE: &str = "xms_mirid, which names the identity and tells system- from user-assigned, is only issued for first-party (Microsoft) audiences; its absence proves nothing.";

/// What a token's age means for the roles and groups in it.
pub const CACHING_NOTE: &str = "roles and groups in it are a snapshot from when it was issued; managed-identity endpoints cache tokens for up to 24 h.";

/// Beside the issuer's keys URL.
pub const KEYS_NOTE: &str = "open it yourself if you need the keys; this page fetches nothing";

/// A claim the catalogue has no description for.
pub const UNKNOWN_CLAIM: &str =
    "Not in the catalogue: a claim this inspector has no description for.";

/// A response field managed-identity endpoints do not send.
pub const UNKNOWN_FIELD: &str = "Not a field managed-identity endpoints send.";

/// A check's mark (`✓`, `✗`, `•`) and word (`ok`, `mismatch`, `note`).
pub fn check_status(s: CheckStatus) -> (&'static str, &'static str) {
    match s {
        CheckStatus::Ok => ("✓", "ok"),
        CheckStatus::Mismatch => ("✗", "mismatch"),
        CheckStatus::Note => ("•", "note"),
    }
}

/// The lead of an error's retry advice.
pub fn retry(retryable: bool) -> &'static str {
    if retryable {
        "Retrying helps:"
    } else {
        "Retrying will not help:"
    }
}

/// An AADSTS code's name in the catalogue; the federation codes it has no name for are said to be
/// what they are.
pub fn aadsts_name(code: u32) -> &'static str {
    match aadsts::lookup(code) {
        Some(a) => a.name,
        None if crate::response::assertion::is_federation_code(code) => {
            "a workload identity federation error"
        }
        None => "not in the catalogue",
    }
}

/// The platform's name for people: `Azure VM or scale set (IMDS)`.
pub fn platform(p: Platform) -> &'static str {
    platforms::spec(p).name
}

/// Where a response came from, with the reason it was told: `Azure VM or scale set (IMDS): …`,
/// or `Source: …` when no platform could be named.
pub fn response_origin(platform: Option<Platform>, reason: &str) -> (&'static str, String) {
    (
        platform.map_or("Source", self::platform),
        format!(": {reason}"),
    )
}

/// The heading of the user's own code, corrected: `Your C# code, corrected`.
pub fn corrected_code_title(language: CodeLanguage) -> String {
    let name = match language {
        CodeLanguage::Csharp => "C#",
        CodeLanguage::Python => "Python",
        CodeLanguage::Javascript => "JavaScript",
        CodeLanguage::Go => "Go",
        CodeLanguage::Java => "Java",
        CodeLanguage::Php => "PHP",
        CodeLanguage::Rust => "Rust",
    };
    format!("Your {name} code, corrected")
}

/// Before the fixes that could not be placed in the code.
pub const LEFT_TO_DO: &str = "Still to do by hand:";

/// A finding as a short mark beside the part it is about: `Title — fix`.
pub fn mark(f: &Finding) -> String {
    match &f.fix {
        Some(fix) => format!("{} — {fix}", f.title),
        None => f.title.clone(),
    }
}

/// Where a finding sits, in words: `At query resource · line 3, column 7 · part 2, offset 8 ·
/// character U+0024`; `None` when the place names nothing a person can look at.
pub fn place(p: &Place) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(part) = &p.part {
        parts.push(part.to_string());
    }
    if let (Some(l), Some(c)) = (p.line, p.column) {
        parts.push(format!("line {l}, column {c}"));
    } else if let Some(l) = p.line.filter(|_| p.part.is_none()) {
        parts.push(format!("line {l}"));
    }
    if let Some(s) = p.segment {
        parts.push(match p.segment_offset {
            Some(o) => format!("part {s}, offset {o}"),
            None => format!("part {s}"),
        });
    }
    if let Some(ch) = p.character {
        parts.push(format!("character U+{:04X}", u32::from(ch)));
    }
    (!parts.is_empty()).then(|| format!("At {}", parts.join(" · ")))
}

/// The SDK, as people call it.
pub fn language(l: Language) -> &'static str {
    match l {
        Language::Dotnet => ".NET",
        Language::Python => "Python",
        Language::Javascript => "JavaScript",
        Language::Java => "Java",
        Language::Go => "Go",
        Language::Cpp => "C++",
    }
}

pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Unavailable => "unavailable",
        Outcome::Failed => "failed",
        Outcome::Succeeded => "succeeded",
        Outcome::NotTried => "not tried",
        Outcome::Unknown => "tried, outcome not in the paste",
    }
}

pub fn cause(c: Cause) -> Option<&'static str> {
    Some(match c {
        Cause::NotConfigured => "nothing configured here",
        Cause::SignInExpired => "sign-in expired",
        Cause::ProbeTimeout => "no answer in time",
        Cause::Unreachable => "endpoint unreachable",
        Cause::IdentityNotFound => "no such identity",
        Cause::Federation => "federation refused",
        Cause::Entra => "Entra ID error",
        Cause::EndpointError => "endpoint error",
        Cause::TokenCredentialsInvalid => "AZURE_TOKEN_CREDENTIALS invalid",
        Cause::Unknown => return None,
    })
}

/// "Credential chain: DefaultAzureCredential, .NET, 4 credentials".
pub fn chain_heading(c: &ChainReport) -> String {
    let mut parts = vec![c.chain.unwrap_or("a credential chain").to_string()];
    if let Some(l) = c.language {
        parts.push(language(l).to_string());
    }
    parts.push(match c.credentials.len() {
        1 => "1 credential".to_string(),
        n => format!("{n} credentials"),
    });
    format!("Credential chain: {}", parts.join(", "))
}

/// "ManagedIdentityCredential: unavailable (no answer in time), source IMDS (169.254.169.254),
/// line 13".
pub fn credential_line(a: &CredentialAttempt) -> String {
    let mut line = format!("{}: {}", a.name, outcome(a.outcome));
    if let Some(c) = cause(a.cause) {
        line.push_str(&format!(" ({c})"));
    }
    if let Some(s) = a.mi_source {
        line.push_str(&format!(", source {}", s.label()));
    }
    if !a.ruled_out.is_empty() {
        let ruled: Vec<&str> = a.ruled_out.iter().map(|s| s.label()).collect();
        line.push_str(&format!(", ruled out {}", ruled.join("; ")));
    }
    if a.inferred {
        line.push_str(", seen from its request");
    }
    line.push_str(&format!(", line {}", a.line));
    line
}

/// What a side of a comparison shows when it has no value.
pub const ABSENT: &str = "(none)";

/// The code view while its generator (the page's second wasm module) loads, the first time.
pub const CODE_GENERATOR_LOADING: &str = "Loading the code generator…";

/// The code view when its generator could not be loaded (`why`: the browser's error).
pub fn code_generator_failed(why: &str) -> String {
    format!(
        "The code generator could not be loaded ({why}). Close the code view and open it again to try again."
    )
}

/// The key panel while the signature checker (the page's second wasm module) loads, the first
/// time a key is pasted.
pub const SIGNATURE_CHECKER_LOADING: &str = "Loading the signature checker…";

/// The key panel when the signature checker could not be loaded (`why`: the browser's error).
pub fn signature_checker_failed(why: &str) -> String {
    format!(
        "The signature checker could not be loaded ({why}), so the signature is not checked. Edit the key to try again."
    )
}

/// What differs, as a heading: `Audience`, `Identity`, ….
pub fn aspect(a: Aspect) -> &'static str {
    match a {
        Aspect::Audience => "Audience",
        Aspect::Identity => "Identity",
        Aspect::Roles => "Roles",
        Aspect::Groups => "Groups",
        Aspect::Scopes => "Scopes",
        Aspect::Tenant => "Tenant",
        Aspect::Issuer => "Issuer",
        Aspect::Lifetime => "Lifetime",
        Aspect::Client => "Client application",
        Aspect::Version => "Token version",
        Aspect::Caller => "Caller",
    }
}

/// "Compared with the second input (jwt): 3 differences".
pub fn comparison_heading(c: &Comparison) -> String {
    let kind = serde_json::to_value(c.second.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let count = match c.differences.len() {
        0 if c.claims.is_empty() => "nothing to compare".to_string(),
        0 => "no differences".to_string(),
        1 => "1 difference".to_string(),
        n => format!("{n} differences"),
    };
    format!("Compared with the second input ({kind}): {count}")
}

/// A part of a session, in words: `a request`, `log lines`, ….
pub fn part_kind(k: PartKind) -> &'static str {
    session::kind_word(k)
}

/// The heading of a session's parts: `11 parts, in the order pasted` (log noise not counted).
pub fn session_heading(parts: &[Part]) -> String {
    let n = parts
        .iter()
        .filter(|p| p.kind != PartKind::LogNoise)
        .count();
    format!("{n} parts, in the order pasted")
}

/// The button under the first entries of a long session's list: `Show the other 1600 entries
/// (lines 301–2400)` (parts and runs of log lines alike).
pub fn session_more(hidden: &[Part]) -> String {
    let first = hidden.first().map_or(0, |p| p.lines[0]);
    let last = hidden.last().map_or(first, |p| p.lines[1]);
    format!(
        "Show the other {} entries ({})",
        hidden.len(),
        session::line_range([first, last])
    )
}

/// A part's place: `line 3` or `lines 2–6`.
pub fn part_lines(p: &Part) -> String {
    session::line_range(p.lines)
}

/// The access card's headline: `Azure Key Vault · HTTP 403 · Forbidden · ForbiddenByRbac`.
pub fn access_headline(r: &AccessReport) -> String {
    let mut parts = vec![r.service_name.to_string()];
    parts.push(match r.status {
        Some(s) => format!("HTTP {s}"),
        None => "no HTTP status".to_string(),
    });
    parts.extend(r.error_code.iter().cloned());
    parts.extend(r.inner_code.iter().cloned());
    parts.join(" · ")
}

/// The shell a fix command runs in, as shown beside it.
pub fn shell(s: Shell) -> &'static str {
    match s {
        Shell::Bash => "bash",
        Shell::Powershell => "PowerShell",
        Shell::Sql => "T-SQL",
    }
}

/// The evidence an access report read from the error, as (label, value) rows in the order the
/// page and the text report show them.
pub fn access_evidence(r: &AccessReport) -> Vec<(&'static str, String)> {
    let c = r.caller.clone().unwrap_or_default();
    let t = &r.target;
    let status = r.status.map(|s| match r.status_source {
        Some("error code") => format!("{s} (documented for the error code)"),
        _ => s.to_string(),
    });
    let object = t.object_name.as_ref().map(|n| match &t.object_type {
        Some(kind) => format!("{kind} {n}"),
        None => n.clone(),
    });
    let time = r.time.as_ref().map(|x| match &x.utc {
        Some(u) => format!("{} ({u})", x.raw),
        None => x.raw.clone(),
    });
    [
        ("Service", Some(r.service_name.to_string())),
        ("HTTP status", status),
        ("Error code", r.error_code.clone()),
        ("Inner code", r.inner_code.clone()),
        ("Caller client ID", c.appid),
        ("Caller object ID", c.oid),
        ("Caller tenant", c.tid),
        ("Caller name", c.name),
        ("Managed identity", c.managed_identity),
        ("Groups in the token", c.groups.map(|g| g.to_string())),
        ("Action", r.action.clone()),
        ("Scope", r.scope.clone()),
        ("Expected", r.expected.clone()),
        ("Found", r.found.clone()),
        ("Resource to request", r.resource.clone()),
        ("Called", t.url.clone()),
        (
            "Vault",
            t.vault_url.clone().or_else(|| t.vault_name.clone()),
        ),
        ("Object", object),
        ("Storage account", t.account.clone()),
        ("Time", time),
        ("Message", r.message.clone()),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .collect()
}

/// One federated credential as the reports list it: what it is, whether it matches what was
/// presented (`matches`) or comes closest (`closest`), and its issuer, subject and audience,
/// each with its value (`-` when empty) and how it compares (`equal`, `differs only in case:
/// credential '…' vs presented '…'`), when it was compared.
pub struct CredentialRow {
    pub describe: String,
    pub verdict: Option<&'static str>,
    pub fields: Vec<(&'static str, String, Option<String>)>,
}

/// Every credential of `f` as a [`CredentialRow`], in the order pasted.
pub fn credential_rows(f: &FederationReport) -> Vec<CredentialRow> {
    f.credentials
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let row = f.matches.iter().find(|m| m.credential == i);
            let verdict = match row {
                Some(m) if m.matched => Some("matches"),
                Some(_) if f.closest == Some(i) => Some("closest"),
                _ => None,
            };
            let subject = c
                .subject
                .as_deref()
                .or(c.claims_matching_expression.as_deref());
            let audiences = c.audiences.join(", ");
            let fields = [
                ("issuer", c.issuer.as_deref()),
                ("subject", subject),
                ("audience", Some(audiences.as_str())),
            ]
            .into_iter()
            .map(|(label, value)| {
                let status = row
                    .and_then(|r| r.fields().into_iter().find(|(n, _)| *n == label))
                    .map(|(_, m)| match &m.difference {
                        Some(d) => format!("{}: {d}", m.status.label()),
                        None => m.status.label().to_string(),
                    });
                let value = value.filter(|v| !v.is_empty()).unwrap_or("-");
                (label, value.to_string(), status)
            })
            .collect();
            CredentialRow {
                describe: c.describe(),
                verdict,
                fields,
            }
        })
        .collect()
}

/// 1048576 as "1,048,576".
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The page's line while it reads a long paste in steps (`progress`: the units read of the units
/// it was cut into, once it is; `bytes`: the paste's length): `Reading a long paste (0.9 MiB):
/// 812 of 1,800 blocks of lines read`.
pub fn reading_progress(progress: Option<(usize, usize)>, bytes: usize) -> String {
    let size = format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0));
    match progress {
        None => format!("Reading a long paste ({size}): cutting it into lines"),
        Some((read, units)) if read < units => format!(
            "Reading a long paste ({size}): {} of {} blocks of lines read",
            group_digits(read),
            group_digits(units)
        ),
        Some((_, units)) => format!(
            "Reading a long paste ({size}): its parts, from {} blocks of lines",
            group_digits(units)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_threes() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (65_536, "65,536")];
        for (n, text) in cases {
            assert_eq!(super::group_digits(n), text);
        }
        assert_eq!(super::group_digits(1_048_576), "1,048,576");
    }

    #[test]
    fn reading_progress_says_how_far_the_steps_have_got() {
        let mib = 1024 * 1024;
        assert_eq!(
            super::reading_progress(None, mib),
            "Reading a long paste (1.0 MiB): cutting it into lines"
        );
        assert_eq!(
            super::reading_progress(Some((812, 1800)), 949_000),
            "Reading a long paste (0.9 MiB): 812 of 1,800 blocks of lines read"
        );
        assert_eq!(
            super::reading_progress(Some((1800, 1800)), 949_000),
            "Reading a long paste (0.9 MiB): its parts, from 1,800 blocks of lines"
        );
    }

    #[test]
    fn every_platform_has_a_name_for_people() {
        for s in platforms::SPECS {
            assert!(!platform(s.platform).is_empty());
            assert_ne!(platform(s.platform), platforms::id(s.platform));
        }
    }
}
