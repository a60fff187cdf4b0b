//! Words both front ends show for the analyses' enums and lines: the page and the CLI's text
//! report call these, so the two say the same thing.

use crate::chain::{Cause, ChainReport, CredentialAttempt, Language, Outcome};

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
