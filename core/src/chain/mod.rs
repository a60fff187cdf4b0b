//! Credential chains: the failure messages of DefaultAzureCredential and ChainedTokenCredential
//! and the Azure Identity libraries' debug logs, in .NET, Python, JavaScript, Java, Go and C++.
//! Each credential the chain tried is read with its outcome, its reason and the managed-identity
//! source the SDK detected, and one verdict names the thing to fix.
//!
//! [`recognize`] reads the text (the per-language formats are in `dotnet`, `python`,
//! `javascript`, `java`, `go` and `cpp`; log prefixes and escapes in `log`; the shared shapes in
//! `read`; the lines worth reading in `gate`); [`analyze`] judges it (`verdict`).

mod cpp;
mod dotnet;
mod gate;
mod go;
mod java;
mod javascript;
mod log;
pub(crate) mod names;
mod python;
mod read;
pub(crate) mod reason;
pub(crate) mod verdict;

use serde::Serialize;

use crate::model::{Code, Finding, Platform};
pub use names::MiSource;
pub use reason::Cause;

/// The SDK whose messages these are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Dotnet,
    Python,
    Javascript,
    Java,
    Go,
    Cpp,
}

/// What happened to one credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It could not run here (nothing configured, endpoint silent or unreachable).
    Unavailable,
    /// It ran and was refused.
    Failed,
    /// It produced the token.
    Succeeded,
    /// It is listed in the chain but was not reached.
    NotTried,
    /// It was tried, and the paste stops before its outcome.
    Unknown,
}

/// One credential of the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CredentialAttempt {
    /// The credential's class name (see `names`).
    pub name: &'static str,
    pub outcome: Outcome,
    /// The SDK's words, whitespace collapsed.
    pub reason: Option<String>,
    /// For ManagedIdentityCredential: the source the SDK detected.
    pub mi_source: Option<MiSource>,
    /// What the reason says happened.
    pub cause: Cause,
    /// Sources the SDK checked and ruled out (JavaScript logs each one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ruled_out: Vec<MiSource>,
    /// 1-based line of the paste where it is first named.
    pub line: usize,
    /// True when the SDK's message does not name it: a request to its endpoint was seen.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// The one thing to fix, as the verdict finding says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub code: Code,
    /// The credential the verdict is about, when it is about one.
    pub credential: Option<&'static str>,
    pub summary: String,
    pub fix: Option<String>,
}

/// Everything read from a credential chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub language: Option<Language>,
    /// `DefaultAzureCredential` or `ChainedTokenCredential`, when the text names the chain.
    pub chain: Option<&'static str>,
    /// In the order the chain tried them.
    pub credentials: Vec<CredentialAttempt>,
    /// The scopes the log shows being asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    pub verdict: Verdict,
}

impl ChainReport {
    /// The managed-identity credential's attempt, when the chain holds one.
    pub fn managed_identity(&self) -> Option<&CredentialAttempt> {
        self.credentials
            .iter()
            .find(|c| c.name == names::MANAGED_IDENTITY)
    }
}

/// A credential chain, read but not yet judged.
#[derive(Debug)]
pub struct ChainInput {
    read: read::Read,
}

/// Reads a credential chain from text; `None` when the text is not one (a single credential's
/// error is an MI error, read by `response`).
pub fn recognize(text: &str) -> Option<ChainInput> {
    let read = read::read(text);
    read.is_chain().then_some(ChainInput { read })
}

/// What judging a chain produced.
pub struct ChainAnalysis {
    pub platform: Option<Platform>,
    pub report: ChainReport,
    /// The verdict first, then what else the chain shows.
    pub findings: Vec<Finding>,
}

/// Judges a recognised chain.
pub fn analyze(input: &ChainInput) -> ChainAnalysis {
    let r = &input.read;
    let judged = verdict::judge(r);
    let report = ChainReport {
        language: r.language,
        chain: r.chain,
        credentials: r.attempts.clone(),
        scopes: r.scopes.clone(),
        verdict: Verdict {
            code: judged.finding.code,
            credential: judged.credential,
            summary: judged.finding.title.clone(),
            fix: judged.finding.fix.clone(),
        },
    };
    let mut findings = vec![judged.finding];
    findings.extend(verdict::scope_findings(&r.scopes));
    let platform = report
        .managed_identity()
        .and_then(|m| m.mi_source)
        .and_then(MiSource::platform);
    ChainAnalysis {
        platform,
        report,
        findings,
    }
}
