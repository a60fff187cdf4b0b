//! Comparing federated identity credentials with the assertion that was presented: field by
//! field, the way Entra ID compares them (each an exact, case-sensitive string match; the
//! audience must be one of the token's `aud` values), and, where a field differs, how: only in
//! letter case, only by a trailing slash, or otherwise (with the part that differs).

use serde::Serialize;

use super::credentials::{FederatedCredential, Owner};
use crate::azure::workload_identity as wi;
use crate::input::shell;

/// How one field of a credential compares with what was presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchStatus {
    Equal,
    Differs,
    DiffersOnlyInCase,
    DiffersOnlyByTrailingSlash,
    /// One side is missing, masked or an expression the paste does not resolve.
    Unknown,
}

impl MatchStatus {
    /// How close: equal first, then the near misses, then unknown, then a real difference.
    fn score(self) -> u32 {
        match self {
            MatchStatus::Equal => 4,
            MatchStatus::DiffersOnlyByTrailingSlash | MatchStatus::DiffersOnlyInCase => 3,
            MatchStatus::Unknown => 1,
            MatchStatus::Differs => 0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MatchStatus::Equal => "equal",
            MatchStatus::Differs => "differs",
            MatchStatus::DiffersOnlyInCase => "differs only in case",
            MatchStatus::DiffersOnlyByTrailingSlash => "differs only by a trailing slash",
            MatchStatus::Unknown => "unknown",
        }
    }
}

/// One field compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldMatch {
    pub status: MatchStatus,
    /// The credential's value (audiences joined).
    pub credential: Option<String>,
    /// The presented value (audiences joined).
    pub presented: Option<String>,
    /// Where they part, when they differ: `'…:environment:[p]roduction' vs '…:environment:[P]roduction'`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
}

/// One credential against the presented assertion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchRow {
    /// Index into `credentials`.
    pub credential: usize,
    pub name: Option<String>,
    pub issuer: FieldMatch,
    pub subject: FieldMatch,
    pub audience: FieldMatch,
    pub matched: bool,
}

impl MatchRow {
    pub fn fields(&self) -> [(&'static str, &FieldMatch); 3] {
        [
            ("issuer", &self.issuer),
            ("subject", &self.subject),
            ("audience", &self.audience),
        ]
    }

    fn score(&self) -> u32 {
        self.fields().iter().map(|(_, f)| f.status.score()).sum()
    }
}

/// Where the presented values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PresentedFrom {
    /// The assertion token in the paste.
    Token,
    /// The error message's quoted values.
    Error,
    /// azure/login's "Federated token details" log lines.
    Log,
}

/// What was presented to Entra ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Presented {
    pub from: PresentedFrom,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audiences: Vec<String>,
}

fn usable(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !wi::is_placeholder(s))
}

/// Compares two strings as Entra ID does, saying how they differ.
pub fn compare_text(
    credential: Option<&str>,
    presented: Option<&str>,
    unresolved: bool,
) -> FieldMatch {
    let mut m = FieldMatch {
        status: MatchStatus::Unknown,
        credential: credential.map(str::to_string),
        presented: presented.map(str::to_string),
        difference: None,
    };
    let (Some(c), Some(p)) = (credential, usable(presented)) else {
        return m;
    };
    if unresolved || wi::is_placeholder(c) {
        return m;
    }
    m.status = if c == p {
        MatchStatus::Equal
    } else if c.trim_end_matches('/') == p.trim_end_matches('/') {
        MatchStatus::DiffersOnlyByTrailingSlash
    } else if c.to_lowercase() == p.to_lowercase() {
        MatchStatus::DiffersOnlyInCase
    } else {
        MatchStatus::Differs
    };
    if m.status != MatchStatus::Equal {
        m.difference = Some(difference(c, p));
    }
    m
}

/// The audience matches when one of the credential's audiences is one of the token's.
fn compare_audiences(credential: &[String], presented: &[String], unresolved: bool) -> FieldMatch {
    if let Some(a) = credential.iter().find(|a| presented.contains(a)) {
        return compare_text(Some(a), Some(a), unresolved);
    }
    let joined = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
    let best = credential
        .iter()
        .flat_map(|c| {
            presented
                .iter()
                .map(move |p| compare_text(Some(c), Some(p), unresolved))
        })
        .max_by_key(|m| m.status.score());
    let mut m = best.unwrap_or_else(|| compare_text(None, None, unresolved));
    m.credential = joined(credential);
    m.presented = joined(presented);
    m
}

/// The row for one credential.
pub fn row(index: usize, c: &FederatedCredential, p: &Presented) -> MatchRow {
    let issuer = compare_text(
        c.issuer.as_deref(),
        p.issuer.as_deref(),
        c.is_unresolved("issuer"),
    );
    let subject = compare_text(
        c.subject.as_deref(),
        p.subject.as_deref(),
        c.is_unresolved("subject"),
    );
    let audience = compare_audiences(&c.audiences, &p.audiences, c.is_unresolved("audiences"));
    let matched = [&issuer, &subject, &audience]
        .iter()
        .all(|f| f.status == MatchStatus::Equal);
    MatchRow {
        credential: index,
        name: c.name.clone(),
        issuer,
        subject,
        audience,
        matched,
    }
}

/// The credential that matches, else the closest one (most fields equal, then nearly equal).
pub fn closest(rows: &[MatchRow]) -> Option<&MatchRow> {
    rows.iter()
        .find(|r| r.matched)
        .or_else(|| rows.iter().rev().max_by_key(|r| r.score()))
}

/// `'…:environment:[p]roduction'` against `'…:environment:[P]roduction'`: the common start and end
/// shortened, the part that differs in brackets.
pub fn difference(a: &str, b: &str) -> String {
    let (a_chars, b_chars): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a_chars
        .iter()
        .zip(&b_chars)
        .take_while(|(x, y)| x == y)
        .count();
    let max_suffix = a_chars.len().min(b_chars.len()) - prefix;
    let suffix = a_chars
        .iter()
        .rev()
        .zip(b_chars.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let show = |chars: &[char]| {
        let head: String = chars.iter().take(prefix).collect();
        let head = if head.chars().count() > 24 {
            format!(
                "…{}",
                head.chars()
                    .skip(head.chars().count() - 20)
                    .collect::<String>()
            )
        } else {
            head
        };
        let middle: String = chars
            .iter()
            .skip(prefix)
            .take(chars.len() - prefix - suffix)
            .collect();
        let tail: String = chars.iter().skip(chars.len() - suffix).collect();
        format!("'{head}[{middle}]{tail}'")
    };
    format!(
        "credential {} vs presented {}",
        show(&a_chars),
        show(&b_chars)
    )
}

/// The command that makes the credential match: `az identity federated-credential create` for a
/// user-assigned identity (a PUT: it replaces the credential of that name), `az ad app
/// federated-credential update` for an app registration. Values are written so bash passes them
/// on exactly.
pub fn command(c: Option<&FederatedCredential>, p: &Presented) -> Option<String> {
    let issuer = usable(p.issuer.as_deref()).or(c.and_then(|c| c.issuer.as_deref()))?;
    let subject = usable(p.subject.as_deref()).or(c.and_then(|c| c.subject.as_deref()))?;
    let audience = p
        .audiences
        .iter()
        .find(|a| wi::is_exchange_audience(a))
        .or_else(|| p.audiences.first())
        .map(String::as_str)
        .unwrap_or(wi::EXCHANGE_AUDIENCE);
    let name = c.and_then(|c| c.name.as_deref());
    match c.and_then(|c| c.owner.as_ref()) {
        Some(Owner::Application { id }) => {
            let params = serde_json::json!({
                "name": name.unwrap_or("<name>"),
                "issuer": issuer,
                "subject": subject,
                "audiences": [audience],
            });
            Some(match name {
                Some(n) => format!(
                    "az ad app federated-credential update --id {} --federated-credential-id {} --parameters {}",
                    shell::word_for(id),
                    shell::word_for(n),
                    shell::word_for(&params.to_string())
                ),
                None => format!(
                    "az ad app federated-credential create --id {} --parameters {}",
                    shell::word_for(id),
                    shell::word_for(&params.to_string())
                ),
            })
        }
        Some(Owner::UserAssignedIdentity {
            name: identity,
            resource_group,
            ..
        }) => Some(crate::token::federation::create_command(
            issuer,
            subject,
            audience,
            Some((
                name.unwrap_or("<name>"),
                identity,
                resource_group.as_deref().unwrap_or("<resource-group>"),
            )),
        )),
        None => Some(crate::token::federation::create_command(
            issuer,
            subject,
            audience,
            name.map(|n| (n, "<identity>", "<resource-group>")),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_how_two_values_differ() {
        assert_eq!(
            compare_text(Some("a"), Some("a"), false).status,
            MatchStatus::Equal
        );
        let slash = compare_text(
            Some("https://oidc.prod-aks.azure.com/g"),
            Some("https://oidc.prod-aks.azure.com/g/"),
            false,
        );
        assert_eq!(slash.status, MatchStatus::DiffersOnlyByTrailingSlash);
        assert_eq!(
            slash.difference.as_deref(),
            Some("credential '…prod-aks.azure.com/g[]' vs presented '…prod-aks.azure.com/g[/]'")
        );
        let case = compare_text(
            Some("repo:o/r:environment:production"),
            Some("repo:o/r:environment:Production"),
            false,
        );
        assert_eq!(case.status, MatchStatus::DiffersOnlyInCase);
        assert_eq!(case.difference.as_deref(), Some("credential 'repo:o/r:environment:[p]roduction' vs presented 'repo:o/r:environment:[P]roduction'"));
        assert_eq!(
            compare_text(Some("x"), Some("***"), false).status,
            MatchStatus::Unknown
        );
        assert_eq!(
            compare_text(Some("x"), Some("y"), true).status,
            MatchStatus::Unknown
        );
        assert_eq!(
            difference("ref:refs/heads/main", "environment:dev"),
            "credential '[ref:refs/heads/main]' vs presented '[environment:dev]'"
        );
    }
}
