//! Workload identity federation: federated identity credentials as people paste them
//! ([`credentials`]: az/ARM/Graph JSON and ARM templates; [`iac`]: Bicep, Terraform and az
//! commands), checked on their own (`lint`) and against the assertion presented to Entra ID in
//! the same paste ([`compare`]): an assertion token (encoded or decoded), the values an AADSTS
//! federation error quotes, or azure/login's "Federated token details" lines.
//!
//! [`recognize`] decides whether a text is for this module and gathers its parts; it stands alone
//! so a splitter of multi-part pastes can call it on each part. [`analyze`] turns them into the
//! report (`Analysis.federation`) and its findings.

pub mod compare;
pub mod credentials;
pub mod iac;
pub(crate) mod lint;

use serde::Serialize;

use crate::azure::{aadsts, workload_identity as wi};
use crate::input::{token_text, TokenCandidate};
use crate::model::{Code, Context, Finding, Kind, Platform};
use crate::response::{self, ResponseInput, ResponseReport};
use crate::search::Search;
use crate::token::{self, decoded::DecodedClaims, TokenReport};
pub use compare::{FieldMatch, MatchRow, MatchStatus, Presented, PresentedFrom};
pub use credentials::{CredentialSource, FederatedCredential, Owner};

/// The assertion token in the paste.
#[derive(Debug)]
pub enum AssertionToken<'a> {
    /// An encoded JWT.
    Jwt(TokenCandidate<'a>),
    /// Claims pasted already decoded.
    Decoded(DecodedClaims),
}

/// A paste this module reads, recognised but not yet analysed.
#[derive(Debug)]
pub struct FederationInput<'a> {
    pub credentials: Vec<FederatedCredential>,
    pub token: Option<AssertionToken<'a>>,
    /// An error in the paste (a federation AADSTS error, or any other the response reader takes).
    pub error: Option<ResponseInput<'a>>,
    /// azure/login's printout of the token it presented.
    pub logged: Option<Presented>,
}

/// `Analysis.federation`: the credentials, what was presented, and how each compares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FederationReport {
    pub credentials: Vec<FederatedCredential>,
    pub presented: Option<Presented>,
    /// One row per credential, when something was presented.
    pub matches: Vec<MatchRow>,
    /// The index of the credential that matches, else of the closest one.
    pub closest: Option<usize>,
    /// The command that creates (or replaces) a credential matching what was presented.
    pub command: Option<String>,
}

/// What analysing such a paste produced.
pub struct FederationAnalysis {
    pub kind: Kind,
    pub platform: Option<Platform>,
    pub report: FederationReport,
    pub token: Option<TokenReport>,
    pub response: Option<ResponseReport>,
    pub findings: Vec<Finding>,
}

/// Reads a paste for federation: credential definitions, or azure/login's token details, or a
/// federation error together with the token it concerns. `None` when the text is none of these.
pub fn recognize(text: &str) -> Option<FederationInput<'_>> {
    let mut credentials = credentials::from_json(text);
    credentials.extend(iac::read(text));
    let logged = azure_login_details(text);
    let codes = aadsts::find_codes(text);
    let federation_error = response::assertion::federation_code(&codes, text).is_some();
    let nothing_else = credentials.is_empty() && logged.is_none();
    // The token is looked for only when it can matter: most pastes are none of these.
    if nothing_else && !federation_error {
        return None;
    }
    let token = find_token(text);
    if nothing_else && token.is_none() {
        return None;
    }
    let error = (!codes.is_empty())
        .then(|| response::recognize(text).or_else(|| response::recognize_error_text(text)))
        .flatten();
    Some(FederationInput {
        credentials,
        token,
        error,
        logged,
    })
}

fn find_token(text: &str) -> Option<AssertionToken<'_>> {
    // The token is always beside other text here (credentials, an error), so it is looked for.
    if let Some(candidate) =
        token_text::find_embedded(text).filter(|c| c.compact.matches('.').count() >= 2)
    {
        return Some(AssertionToken::Jwt(candidate));
    }
    // Decoded claims: plain JSON, or a paragraph kept as comments (`# ` on every line).
    token::decoded::among(text)
        .or_else(|| {
            text.split("\n\n").find_map(|paragraph| {
                let plain = crate::input::json_values::uncommented(paragraph)?;
                token::decoded::among(&plain).map(|d| DecodedClaims {
                    uncommented: true,
                    ..d
                })
            })
        })
        .map(AssertionToken::Decoded)
}

/// azure/login prints what it presents: "Federated token details:\n issuer - …\n subject claim - …"
/// (Azure/login's main.ts; the GitHub Actions logs in tests/fixtures/sessions.jsonl show it).
fn azure_login_details(text: &str) -> Option<Presented> {
    let at = text.find_str("Federated token details")?;
    let rest = text.get(at..)?;
    let value = |label: &str| {
        rest.lines()
            .take(4)
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let issuer = value("issuer - ");
    let subject = value("subject claim - ");
    (issuer.is_some() || subject.is_some()).then(|| Presented {
        from: PresentedFrom::Log,
        issuer,
        subject,
        // azure/login requests its token for this audience unless told otherwise.
        audiences: vec![wi::EXCHANGE_AUDIENCE.to_string()],
    })
}

/// Analyses a recognised paste.
pub fn analyze(input: &FederationInput<'_>, ctx: &Context) -> FederationAnalysis {
    let mut findings = Vec::new();
    let token = input.token.as_ref().map(|t| {
        let (report, token_findings) = match t {
            AssertionToken::Jwt(candidate) => token::inspect(candidate, ctx),
            AssertionToken::Decoded(claims) => token::inspect_claims(claims, ctx),
        };
        findings.extend(token_findings);
        report
    });
    let error = input.error.as_ref().map(|e| response::analyze(e, ctx));
    if let Some(e) = &error {
        findings.extend(e.findings.iter().cloned());
    }
    let error_report = error.as_ref().and_then(|e| e.report.error.as_ref());
    // The token itself, else azure/login's printout of it, else what the error quotes (which may
    // name one field only, or be cut off).
    let presented = presented_by_token(token.as_ref())
        .or_else(|| input.logged.clone())
        .or_else(|| presented_by_error(error_report));
    findings.extend(lint::lint(&input.credentials));
    let mut report = FederationReport {
        credentials: input.credentials.clone(),
        presented,
        matches: Vec::new(),
        closest: None,
        command: None,
    };
    if let Some(p) = report.presented.clone() {
        compare_all(&mut report, &p, &mut findings);
    }
    let kind = if input.credentials.is_empty() && error.is_some() {
        Kind::MiError
    } else {
        Kind::FederatedCredential
    };
    let platform = platform_of(&report, error.as_ref().and_then(|e| e.platform));
    FederationAnalysis {
        kind,
        platform,
        report,
        token,
        response: error.map(|e| e.report),
        findings,
    }
}

fn presented_by_token(token: Option<&TokenReport>) -> Option<Presented> {
    let t = token?;
    let a = t.federation.as_ref()?;
    let (issuer, subject, audience) = token::federation::trusted_by(a, t.entra.as_ref());
    let mut audiences = a.audiences.clone();
    if !audiences.contains(&audience) && a.kind == token::AssertionKind::ManagedIdentity {
        audiences.push(audience);
    }
    Some(Presented {
        from: PresentedFrom::Token,
        issuer: Some(issuer).filter(|s| !s.is_empty()),
        subject: Some(subject).filter(|s| !s.is_empty()),
        audiences,
    })
}

fn presented_by_error(error: Option<&response::ErrorReport>) -> Option<Presented> {
    let a = error?.assertion.as_ref()?;
    if a.issuer.is_none() && a.subject.is_none() && a.audience.is_none() {
        return None;
    }
    Some(Presented {
        from: PresentedFrom::Error,
        issuer: a.issuer.clone(),
        subject: a.subject.clone(),
        audiences: a.audience.iter().cloned().collect(),
    })
}

/// AKS workload identity when the presented issuer or the credentials are AKS's.
fn platform_of(report: &FederationReport, error_platform: Option<Platform>) -> Option<Platform> {
    let aks = |issuer: Option<&str>| {
        issuer.map(wi::classify_issuer).is_some_and(|i| {
            matches!(
                i.kind,
                wi::IssuerKind::AksGlobal
                    | wi::IssuerKind::AksRegional
                    | wi::IssuerKind::KubernetesDefault
            )
        })
    };
    let any_aks = aks(report.presented.as_ref().and_then(|p| p.issuer.as_deref()))
        || report.credentials.iter().any(|c| aks(c.issuer.as_deref()));
    if any_aks {
        Some(Platform::WorkloadIdentity)
    } else {
        error_platform
    }
}

fn compare_all(report: &mut FederationReport, p: &Presented, findings: &mut Vec<Finding>) {
    report.matches = report
        .credentials
        .iter()
        .enumerate()
        .map(|(i, c)| compare::row(i, c, p))
        .collect();
    let closest = compare::closest(&report.matches).cloned();
    report.closest = closest.as_ref().map(|r| r.credential);
    let credential = report.closest.and_then(|i| report.credentials.get(i));
    report.command = compare::command(credential, p);
    if report.credentials.is_empty() {
        return;
    }
    let (Some(row), Some(c)) = (closest, credential) else {
        return;
    };
    findings.push(if row.matched {
        matched_finding(c, p)
    } else {
        no_match_finding(
            &row,
            c,
            p,
            report.command.as_deref(),
            report.credentials.len(),
        )
    });
}

fn source_word(p: &Presented) -> &'static str {
    match p.from {
        PresentedFrom::Token => "the token",
        PresentedFrom::Error => "the error",
        PresentedFrom::Log => "azure/login's log",
    }
}

fn matched_finding(c: &FederatedCredential, p: &Presented) -> Finding {
    Finding::info(Code::FederationMatch, format!("Credential {} matches", c.name.as_deref().unwrap_or("(unnamed)")))
        .detail(format!(
            "{} has exactly the issuer, subject and audience {} presents ({}, {}). If the exchange still fails, look elsewhere: the client ID and tenant the request names (AZURE_CLIENT_ID, AZURE_TENANT_ID), the assertion's expiry, or a credential created seconds ago (they take a moment to apply).",
            c.describe(),
            source_word(p),
            p.issuer.as_deref().unwrap_or("?"),
            p.subject.as_deref().unwrap_or("?"),
        ))
}

fn no_match_finding(
    row: &MatchRow,
    c: &FederatedCredential,
    p: &Presented,
    command: Option<&str>,
    count: usize,
) -> Finding {
    let mut differences = Vec::new();
    let mut same = Vec::new();
    for (field, m) in row.fields() {
        match m.status {
            MatchStatus::Equal => same.push(field),
            MatchStatus::Unknown => differences.push(format!(
                "the {field} cannot be compared ({})",
                unknown_why(c, field, m)
            )),
            status => differences.push(format!(
                "the {field} {}: {}",
                status.label(),
                m.difference.as_deref().unwrap_or("")
            )),
        }
    }
    let same = if same.is_empty() {
        String::new()
    } else {
        format!(
            " The {} {} equal.",
            same.join(" and "),
            if same.len() == 1 { "is" } else { "are" }
        )
    };
    let iac = match c.source {
        CredentialSource::Bicep | CredentialSource::Terraform | CredentialSource::ArmTemplate => {
            format!(
                " Change the definition in the {} file{} so the next deployment keeps the fix.",
                c.source.label(),
                c.line.map(|l| format!(" (line {l})")).unwrap_or_default()
            )
        }
        _ => String::new(),
    };
    Finding::error(Code::FederationNoMatch, "No federated credential matches the assertion")
        .detail(format!(
            "Entra ID exchanges the assertion only for a credential whose issuer, subject and audience all equal what {} presents. Of {count} credential{}, the closest is {}: {}.{same}",
            source_word(p),
            if count == 1 { "" } else { "s" },
            c.describe(),
            differences.join("; ")
        ))
        .fix(match command {
            Some(cmd) => format!("Make the credential match what is presented: `{cmd}`.{iac}"),
            None => format!("Make the credential's fields equal the presented ones.{iac}"),
        })
}

fn unknown_why(c: &FederatedCredential, field: &str, m: &FieldMatch) -> &'static str {
    let unresolved = match field {
        "audience" => c.is_unresolved("audiences"),
        f => c.is_unresolved(f),
    };
    if unresolved {
        "the definition computes it at deployment"
    } else if m.presented.is_none() {
        "what was presented is not known"
    } else if m.credential.is_none() {
        "the credential has none"
    } else {
        "a value is masked or a placeholder"
    }
}
