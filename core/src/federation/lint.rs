//! Checks of federated identity credentials on their own, before any token is compared: the
//! issuer's form (the trailing slash AKS issuers carry and GitHub's do not; an issuer Entra ID
//! cannot fetch keys from), the subject's form for that issuer, the audience, and the limit of 20
//! credentials per identity or app. One finding per problem, naming every credential it concerns.

use super::credentials::{FederatedCredential, Owner};
use crate::azure::is_guid;
use crate::azure::workload_identity::{self as wi, IssuerKind};
use crate::model::{Code, Finding};
use crate::search::Search;

/// The findings for a set of credentials.
pub fn lint(credentials: &[FederatedCredential]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let slash: Vec<String> = credentials
        .iter()
        .filter_map(trailing_slash_problem)
        .collect();
    if !slash.is_empty() {
        findings.push(
            Finding::warning(Code::FederationIssuerTrailingSlash, "An issuer's trailing slash differs from its provider's")
                .detail(format!(
                    "Entra ID compares the issuer with the token's iss exactly, and the tokens carry the issuer as the provider publishes it: AKS issuers end in '/' (the form `az aks show --query oidcIssuerProfile.issuerUrl` prints), GitHub's does not. {}. The azure-workload-identity troubleshooting guide names a missing trailing slash as the most common cause of AADSTS70021 on AKS.",
                    slash.join("; ")
                ))
                .fix("Copy the issuer from the cluster (`az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv`) or from a token's iss, character for character."),
        );
    }
    let private: Vec<String> = credentials.iter().filter_map(unreachable_issuer).collect();
    if !private.is_empty() {
        findings.push(
            Finding::warning(Code::FederationIssuerNotPublic, "An issuer Entra ID cannot use")
                .detail(format!(
                    "To verify a token Entra ID fetches <issuer>/.well-known/openid-configuration over the internet, so the issuer must be a public https URL, and it must be the real one. {}.",
                    private.join("; ")
                ))
                .fix("Enable the cluster's OIDC issuer (`az aks update --enable-oidc-issuer`) and use the URL it prints; replace placeholders with the real issuer."),
        );
    }
    let subjects: Vec<String> = credentials.iter().filter_map(subject_problem).collect();
    if !subjects.is_empty() {
        findings.push(
            Finding::warning(Code::FederationSubjectFormat, "A subject is not of its issuer's form")
                .detail(format!(
                    "The subject must be exactly the token's sub, and each issuer writes it one way: Kubernetes `system:serviceaccount:<namespace>:<service account>`, GitHub `repo:<owner>/<repo>:environment:<name>` (or `:ref:refs/heads/<branch>`, `:ref:refs/tags/<tag>`, `:pull_request`; with immutable IDs, default for repositories created or renamed from 15 July 2026 on, `repo:<owner>@<id>/<repo>@<id>:…`), Azure DevOps `sc://<organization>/<project>/<service connection>`, a managed identity its principal (object) ID. {}.",
                    subjects.join("; ")
                ))
                .fix("Write the subject as the token presents it: decode a token of the workload (paste it here) and copy its sub."),
        );
    }
    let audiences: Vec<String> = credentials.iter().filter_map(audience_problem).collect();
    if !audiences.is_empty() {
        findings.push(
            Finding::warning(Code::FederationAudienceNotExchange, "An audience is not api://AzureADTokenExchange")
                .detail(format!(
                    "The audience \"should be set to api://AzureADTokenExchange\" and the field \"can only accept a single value\" (Microsoft Graph federatedIdentityCredential); the token's aud must equal it. {}.",
                    audiences.join("; ")
                ))
                .fix("Set the audiences to [\"api://AzureADTokenExchange\"] (US Government: api://AzureADTokenExchangeUSGov, China: api://AzureADTokenExchangeChina), and request tokens for it."),
        );
    }
    findings.extend(too_many(credentials));
    findings
}

fn resolved<'a>(
    c: &'a FederatedCredential,
    field: &str,
    value: Option<&'a str>,
) -> Option<&'a str> {
    value.filter(|_| !c.is_unresolved(field))
}

fn trailing_slash_problem(c: &FederatedCredential) -> Option<String> {
    let issuer = resolved(c, "issuer", c.issuer.as_deref())?;
    let form = wi::classify_issuer(issuer);
    match (form.trailing_slash?, issuer.ends_with('/')) {
        (true, false) => Some(format!(
            "{} has issuer {issuer} without the trailing '/' of {}",
            c.describe(),
            form.label
        )),
        (false, true) => Some(format!(
            "{} has issuer {issuer} with a trailing '/' that {} does not write",
            c.describe(),
            form.label
        )),
        _ => None,
    }
}

fn unreachable_issuer(c: &FederatedCredential) -> Option<String> {
    let issuer = resolved(c, "issuer", c.issuer.as_deref())?;
    let form = wi::classify_issuer(issuer);
    let lower = issuer.to_ascii_lowercase();
    let why = if form.kind == IssuerKind::KubernetesDefault {
        "Kubernetes' in-cluster default issuer: the cluster's OIDC issuer is not enabled"
    } else if lower.starts_with("http://") {
        "plain http, which Entra ID does not fetch"
    } else if [
        "localhost",
        "127.0.0.1",
        ".svc",
        ".cluster.local",
        ".internal",
    ]
    .iter()
    .any(|h| lower.has(h))
    {
        "a host only reachable inside a network"
    } else if wi::is_placeholder(issuer) {
        "a placeholder, not a real issuer"
    } else {
        return None;
    };
    Some(format!("{} has issuer {issuer}: {why}", c.describe()))
}

fn subject_problem(c: &FederatedCredential) -> Option<String> {
    let subject = resolved(c, "subject", c.subject.as_deref())?;
    let issuer = resolved(c, "issuer", c.issuer.as_deref()).map(wi::classify_issuer);
    let who = c.describe();
    if subject.trim() != subject {
        return Some(format!(
            "{who} has subject '{subject}' with spaces at an end, which the token's sub never has"
        ));
    }
    if subject.chars().count() > wi::MAX_FIELD_CHARS {
        return Some(format!(
            "{who} has a subject over {} characters",
            wi::MAX_FIELD_CHARS
        ));
    }
    if wi::is_placeholder(subject) {
        return None;
    }
    let kind = issuer.as_ref().map(|i| i.kind)?;
    let ok = match kind {
        IssuerKind::AksGlobal | IssuerKind::AksRegional | IssuerKind::KubernetesDefault => {
            let parts: Vec<&str> = subject.split(':').collect();
            matches!(parts.as_slice(), ["system", "serviceaccount", ns, sa] if !ns.is_empty() && !sa.is_empty())
        }
        IssuerKind::GithubActions => subject
            .strip_prefix("repo:")
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(repo, rest)| repo.contains('/') && !rest.is_empty()),
        IssuerKind::AzureDevops => {
            subject.starts_with("sc://") && subject.matches('/').count() >= 4
        }
        IssuerKind::Entra => is_guid(subject),
        IssuerKind::Other => true,
    };
    (!ok).then(|| {
        format!(
            "{who} has subject '{subject}', not of the form {} issuers write",
            issuer.as_ref().map_or("its", |i| i.label)
        )
    })
}

fn audience_problem(c: &FederatedCredential) -> Option<String> {
    if c.is_unresolved("audiences") {
        return None;
    }
    let who = c.describe();
    match c.audiences.as_slice() {
        [] => Some(format!("{who} lists no audience (the field is required)")),
        [one] if wi::is_exchange_audience(one) => None,
        [one] if wi::EXCHANGE_AUDIENCES.iter().any(|(a, _)| a.eq_ignore_ascii_case(one)) => {
            Some(format!("{who} has audience '{one}', which differs from the exchange audience in letter case"))
        }
        [one] => Some(format!("{who} has audience '{one}'; only tokens issued for exactly that audience match it")),
        many => Some(format!("{who} lists {} audiences ({}); one is allowed", many.len(), many.join(", "))),
    }
}

fn owner_key(c: &FederatedCredential) -> String {
    match &c.owner {
        Some(Owner::UserAssignedIdentity {
            name,
            resource_group,
            ..
        }) => {
            format!(
                "identity '{name}'{}",
                resource_group
                    .as_deref()
                    .map(|g| format!(" in '{g}'"))
                    .unwrap_or_default()
            )
        }
        Some(Owner::Application { id }) => format!("app {id}"),
        None => "one identity or app".to_string(),
    }
}

fn too_many(credentials: &[FederatedCredential]) -> Vec<Finding> {
    let mut owners: Vec<(String, usize)> = Vec::new();
    for c in credentials {
        let key = owner_key(c);
        match owners.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => owners.push((key, 1)),
        }
    }
    owners
        .into_iter()
        .filter(|(_, n)| *n > wi::MAX_CREDENTIALS)
        .map(|(owner, n)| {
            Finding::warning(Code::FederationTooManyCredentials, format!("{n} federated credentials on {owner}"))
                .detail(format!("Entra ID allows at most {} federated identity credentials on an application or user-assigned managed identity; creating more fails.", wi::MAX_CREDENTIALS))
                .fix("Give further workloads their own identity, or (for GitHub) use one environment credential in place of many branch credentials.")
        })
        .collect()
}
