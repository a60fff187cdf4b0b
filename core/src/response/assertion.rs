//! The Entra ID errors of workload identity federation: a federated token (AKS service account,
//! GitHub Actions, Azure Pipelines, a managed identity) was presented as the client assertion and
//! refused. Reads what the message says was presented (issuer, subject, audience, the assertion's
//! validity, the scope, the application identifier) from every shape the errors come in (JSON
//! body, SDK exception text, az CLI, GitHub Actions and Azure Pipelines log lines, klog lines with
//! escaped JSON) and says which field is at fault and how to fix it.
//!
//! Message forms are the ones in tests/fixtures/federation.jsonl and their sources, plus
//! AADSTS700211 (Azure/azure-workload-identity#1200), AADSTS7002137 (microsoft/Agents#202),
//! AADSTS90061/50166 (azure-workload-identity troubleshooting.md, #642) and the Kubernetes default
//! issuer in AADSTS70021 (azure-workload-identity#616).

use serde::Serialize;

use super::expires_on;
use crate::azure::workload_identity::{self as wi, IssuerKind};
use crate::input::text::between;
use crate::model::{Code, Context, Finding, Platform};
use crate::search::Search;
use crate::timefmt;

/// A field of a federated identity credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FicField {
    Issuer,
    Subject,
    Audience,
}

impl FicField {
    pub fn label(self) -> &'static str {
        match self {
            FicField::Issuer => "issuer",
            FicField::Subject => "subject",
            FicField::Audience => "audience",
        }
    }
}

/// When the refused assertion was valid, against Entra ID's clock (AADSTS700024).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssertionValidity {
    /// The three times as the message writes them.
    pub current_time: String,
    pub valid_from: String,
    pub valid_until: String,
    pub current_epoch: Option<i64>,
    pub from_epoch: Option<i64>,
    pub until_epoch: Option<i64>,
    /// `valid_until − valid_from`.
    pub lifetime_seconds: Option<i64>,
    /// `current − valid_until` when the assertion came after it expired.
    pub late_by_seconds: Option<i64>,
    /// `valid_from − current` when the assertion was not yet valid.
    pub early_by_seconds: Option<i64>,
}

/// What the error says was presented.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PresentedAssertion {
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audience: Option<String>,
    /// The subject Entra ID says the credential must have (AADSTS7002137 names it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_subject: Option<String>,
    /// The field Entra ID names as not matching; for AADSTS70021, which names none, the one the
    /// presented values make most likely.
    pub field: Option<FicField>,
    /// Whether `field` is Entra's own word (true) or the inspector's inference (false).
    pub field_named_by_entra: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity: Option<AssertionValidity>,
    /// The scope refused (AADSTS70011).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The application identifier Entra ID looked for (AADSTS700016).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// The tenant (or directory name) the request went to, when the message names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Values that are masked or cut off in the paste, so they cannot be compared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
    /// Values the error cuts off that the paste shows whole elsewhere (azure/login's "Federated
    /// token details", a decoded token), and were completed from there: how, one entry each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub completed: Vec<String>,
}

/// A diagnosis for `errors::diagnose` to apply.
pub struct Diagnosis {
    pub code: Code,
    pub platform: Option<Platform>,
    pub title: String,
    pub meaning: String,
    pub fix: String,
    pub assertion: PresentedAssertion,
}

/// Codes that are federation errors whatever the context.
const FEDERATION_CODES: &[u32] = &[
    70021, 700211, 700212, 700213, 7002137, 7002138, 700024, 70023, 90061, 50166, 501661,
];

/// True for a code that is a federation error whatever the context.
pub fn is_federation_code(code: u32) -> bool {
    FEDERATION_CODES.contains(&code)
}

/// Words that put an error in a workload-identity (client assertion) context.
const ASSERTION_CONTEXT: &[&str] = &[
    "WorkloadIdentityCredential",
    "ClientAssertionCredential",
    "FromAssertion",
    "federated",
    "Federated",
    "client_assertion",
    "AZURE_FEDERATED_TOKEN_FILE",
    "Token Exchange",
    "oic.prod-aks.azure.com",
    "oidc.prod-aks.azure.com",
    "token.actions.githubusercontent.com",
    "azure/login",
];

/// The federation code among `codes`, when the error is one: the always-federation codes, and
/// AADSTS700016 / AADSTS70011 when the text shows a client assertion was used.
pub fn federation_code(codes: &[u32], text: &str) -> Option<u32> {
    if let Some(c) = codes.iter().find(|c| FEDERATION_CODES.contains(c)) {
        return Some(*c);
    }
    let assertion_context = ASSERTION_CONTEXT.iter().any(|w| text.has(w))
        || between(text, "Application with identifier '", "'").is_some_and(|id| id.has("://"));
    codes
        .iter()
        .find(|c| matches!(c, 700016 | 70011))
        .copied()
        .filter(|_| assertion_context)
}

/// A single-quoted value after `label`; a value the paste cuts off (no closing quote on the line)
/// is returned too, and flagged.
fn quoted(text: &str, label: &str) -> Option<(String, bool)> {
    let start = find_label(text, label)?;
    let rest = text.get(start..)?;
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = rest.get(..line_end)?;
    match line.find('\'') {
        Some(end) => line.get(..end).map(|v| (v.to_string(), false)),
        None => Some((line.trim_end().to_string(), true)),
    }
}

/// The end of `label` in `text`, each space in the label matching any run of whitespace: a log
/// or a Kubernetes status message wraps its lines ("Assertion\n      Issuer: '…'").
fn find_label(text: &str, label: &str) -> Option<usize> {
    let words: Vec<&str> = label.split(' ').filter(|w| !w.is_empty()).collect();
    let first = *words.first()?;
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find_str(first) {
        let mut at = from + found + first.len();
        let matched = words.iter().skip(1).all(|word| {
            let rest = text.get(at..).unwrap_or("");
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest.get(gap..).unwrap_or("").starts_with(word) {
                return false;
            }
            at += gap + word.len();
            true
        });
        if matched {
            return Some(at);
        }
        from += found + first.len();
    }
    None
}

/// The one value elsewhere in `text` that starts with the cut-off `prefix` and goes on (to the next
/// space, quote or comma), when there is exactly one; a prefix too short to tell is not completed.
fn completion(text: &str, prefix: &str) -> Option<String> {
    if prefix.chars().count() < 8 {
        return None;
    }
    let mut found: Option<String> = None;
    let mut from = 0;
    while let Some(at) = text.get(from..)?.find_str(prefix) {
        let start = from + at;
        from = start + prefix.len();
        let whole: String = text
            .get(start..)?
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | ',' | '\\'))
            .collect();
        let whole = whole.trim_end_matches(['.', ';', ')']).to_string();
        if whole.len() <= prefix.len() {
            continue;
        }
        match &found {
            Some(f) if *f != whole => return None,
            _ => found = Some(whole),
        }
    }
    found
}

/// Reads every presented value the message carries. Entra writes its times in UTC.
pub fn read_presented(text: &str) -> PresentedAssertion {
    let mut p = PresentedAssertion::default();
    let take = |labels: &[&str], what: &str, p: &mut PresentedAssertion| -> Option<String> {
        let (value, cut) = labels.iter().find_map(|l| quoted(text, l))?;
        if cut {
            if let Some(whole) = completion(text, &value) {
                p.completed.push(format!(
                    "the error cuts the {what} off at '{value}…'; the paste shows it whole elsewhere"
                ));
                return Some(whole);
            }
            p.unreadable
                .push(format!("the {what} is cut off in the paste ('{value}…')"));
        } else if wi::is_placeholder(&value) {
            p.unreadable
                .push(format!("the {what} is masked or a placeholder ('{value}')"));
        }
        Some(value)
    };
    p.issuer = take(
        &["Assertion Issuer: '", "presented assertion issuer '"],
        "issuer",
        &mut p,
    );
    p.subject = take(
        &["Assertion Subject: '", "presented assertion subject '"],
        "subject",
        &mut p,
    );
    p.audience = take(
        &["Assertion Audience: '", "presented assertion audience '"],
        "audience",
        &mut p,
    );
    p.expected_subject = quoted(text, "federated identity credential Subject is '").map(|v| v.0);
    p.application = quoted(text, "Application with identifier '").map(|v| v.0);
    p.tenant = quoted(text, "was not found in the directory '")
        .or_else(|| quoted(text, "for tenant '"))
        .map(|v| v.0);
    p.scope = between(text, "The scope ", " is not valid")
        .or_else(|| between(text, "The scope ", " isn't valid"))
        .map(|s| s.trim().to_string());
    p.validity = validity(text, &Context::default());
    p
}

fn time_after(text: &str, label: &str) -> Option<String> {
    let start = text.find_str(label)? + label.len();
    let value: String = text
        .get(start..)?
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let value = value.trim_end_matches('.').to_string();
    (!value.is_empty()).then_some(value)
}

fn validity(text: &str, ctx: &Context) -> Option<AssertionValidity> {
    let current_time = time_after(text, "Current time: ")?;
    let valid_from = time_after(text, "assertion valid from ")?;
    let valid_until = time_after(text, "expiry time of assertion ")?;
    let epoch = |s: &str| expires_on::parse_str(s, ctx).ok().map(|(e, _)| e);
    let (now, from, until) = (
        epoch(&current_time),
        epoch(&valid_from),
        epoch(&valid_until),
    );
    let diff = |a: Option<i64>, b: Option<i64>| Some(a?.saturating_sub(b?));
    Some(AssertionValidity {
        lifetime_seconds: diff(until, from),
        late_by_seconds: diff(now, until).filter(|d| *d > 0),
        early_by_seconds: diff(from, now).filter(|d| *d > 0),
        current_epoch: now,
        from_epoch: from,
        until_epoch: until,
        current_time,
        valid_from,
        valid_until,
    })
}

/// The diagnosis of federation error `code` in `text`.
pub fn diagnose(code: u32, text: &str) -> Diagnosis {
    let presented = read_presented(text);
    let mut d = Diagnosis {
        code: Code::ErrorFederationNoMatch,
        platform: platform_of(&presented, text),
        title: String::new(),
        meaning: String::new(),
        fix: String::new(),
        assertion: presented,
    };
    match code {
        70021 => no_match(&mut d),
        700211 => field_mismatch(
            &mut d,
            FicField::Issuer,
            Code::ErrorFederationIssuerMismatch,
        ),
        700212 => field_mismatch(
            &mut d,
            FicField::Audience,
            Code::ErrorFederationAudienceMismatch,
        ),
        700213 | 7002137 => field_mismatch(
            &mut d,
            FicField::Subject,
            Code::ErrorFederationSubjectMismatch,
        ),
        7002138 => subject_case(&mut d),
        700024 => expired(&mut d, text),
        70023 => too_long(&mut d),
        700016 => client_id(&mut d),
        70011 => invalid_scope(&mut d),
        _ => unreachable_issuer(&mut d, code),
    }
    if !d.assertion.unreadable.is_empty() {
        d.meaning.push_str(&format!(
            " In this paste {}, so it cannot be compared.",
            d.assertion.unreadable.join("; ")
        ));
    }
    for c in &d.assertion.completed {
        let mut chars = c.chars();
        let first = chars.next().map(|f| f.to_uppercase().collect::<String>());
        d.meaning.push_str(&format!(
            " ({}{}.)",
            first.unwrap_or_default(),
            chars.as_str()
        ));
    }
    d
}

/// AKS workload identity when the values say so (an AKS issuer, a service-account subject or an
/// SDK's workload-identity credential); otherwise none (GitHub and Azure Pipelines are not hosts
/// of a managed-identity platform).
fn platform_of(p: &PresentedAssertion, text: &str) -> Option<Platform> {
    let aks_issuer = p
        .issuer
        .as_deref()
        .map(wi::classify_issuer)
        .is_some_and(|i| {
            matches!(
                i.kind,
                IssuerKind::AksGlobal | IssuerKind::AksRegional | IssuerKind::KubernetesDefault
            )
        });
    let k8s_subject = p
        .subject
        .as_deref()
        .is_some_and(|s| s.starts_with("system:serviceaccount:"));
    let aks_text = [
        "WorkloadIdentityCredential",
        "FromAssertion",
        "AZURE_FEDERATED_TOKEN_FILE",
        "oic.prod-aks.azure.com",
        "Token Exchange",
    ]
    .iter()
    .any(|w| text.has(w));
    (aks_issuer || k8s_subject || aks_text).then_some(Platform::WorkloadIdentity)
}

fn presented_list(p: &PresentedAssertion) -> String {
    let mut parts = Vec::new();
    for (label, value) in [
        ("issuer", &p.issuer),
        ("subject", &p.subject),
        ("audience", &p.audience),
    ] {
        if let Some(v) = value {
            parts.push(format!("{label} '{v}'"));
        }
    }
    parts.join(", ")
}

/// Compare with the credentials, then create one from the presented values.
fn fix_with_command(p: &PresentedAssertion, change: &str) -> String {
    let list = "List the credentials (`az identity federated-credential list --identity-name <identity> --resource-group <group>`, or `az ad app federated-credential list --id <app>`) and paste them here with this error to see the closest one and what differs.";
    match (&p.issuer, &p.subject) {
        (Some(i), Some(s)) if p.unreadable.is_empty() => format!(
            "{change} {list} A credential matching exactly what was presented: `{}`",
            crate::token::federation::create_command(
                i,
                s,
                p.audience.as_deref().unwrap_or(wi::EXCHANGE_AUDIENCE),
                None
            )
        ),
        _ => format!("{change} {list}"),
    }
}

fn no_match(d: &mut Diagnosis) {
    let p = &d.assertion;
    let issuer = p.issuer.as_deref().map(wi::classify_issuer);
    let (field, why) = match (&issuer, p.audience.as_deref()) {
        (Some(i), _) if i.kind == IssuerKind::KubernetesDefault => (
            Some(FicField::Issuer),
            " The issuer is Kubernetes' in-cluster default: the cluster's OIDC issuer is not enabled, so the token cannot be verified by Entra ID and no credential can name it.".to_string(),
        ),
        (_, Some(aud)) if !wi::is_exchange_audience(aud) => (
            Some(FicField::Audience),
            format!(" The audience '{aud}' is not api://AzureADTokenExchange: the token was requested for another audience, or the credential lists a custom one."),
        ),
        (Some(i), _) if i.trailing_slash == Some(true) && p.issuer.as_deref().is_some_and(|s| s.ends_with('/')) => (
            Some(FicField::Issuer),
            " The presented issuer ends in '/', as AKS issuers do; the most common cause on AKS is a credential created without that trailing slash (azure-workload-identity troubleshooting guide).".to_string(),
        ),
        (Some(i), _) if i.kind == IssuerKind::GithubActions => (
            Some(FicField::Subject),
            " For GitHub the subject is what usually differs: a job that uses an environment presents `…:environment:<name>`, not `…:ref:refs/heads/<branch>`, and every name is compared with its case.".to_string(),
        ),
        _ => (None, String::new()),
    };
    d.assertion.field = field;
    d.code = Code::ErrorFederationNoMatch;
    d.title = "No federated identity credential matches the assertion".to_string();
    d.meaning = format!(
        "Entra ID found no federated identity credential on the app or managed identity whose issuer, subject and audience all equal the assertion's ({}).{why}",
        presented_list(&d.assertion)
    );
    d.fix = fix_with_command(&d.assertion, "Make one credential's issuer, subject and audience equal these values exactly (trailing slash and case included).");
}

fn field_mismatch(d: &mut Diagnosis, field: FicField, code: Code) {
    d.code = code;
    d.assertion.field = Some(field);
    d.assertion.field_named_by_entra = true;
    let value = match field {
        FicField::Issuer => d.assertion.issuer.clone(),
        FicField::Subject => d.assertion.subject.clone(),
        FicField::Audience => d.assertion.audience.clone(),
    };
    let shown = value.as_deref().unwrap_or("(not quoted)");
    d.title = format!(
        "No federated identity credential has this {}",
        field.label()
    );
    let hint = match field {
        FicField::Issuer => issuer_hint(shown),
        FicField::Subject => subject_hint(shown, d.assertion.expected_subject.as_deref()),
        FicField::Audience => " The credential's audience should be api://AzureADTokenExchange and the token must be requested for exactly that audience.".to_string(),
    };
    d.meaning = format!(
        "Entra ID names the {} as the field without a match: the assertion presented '{shown}', and no federated identity credential on this app or managed identity has exactly that value.{hint}",
        field.label()
    );
    let change = match (&d.assertion.expected_subject, field) {
        (Some(expected), FicField::Subject) => {
            format!("Set the credential's subject to exactly '{expected}', as the error asks.")
        }
        _ if d.assertion.unreadable.iter().any(|u| u.has(field.label())) => format!(
            "Make the credential's {} exactly the value presented (the paste does not show it whole).",
            field.label()
        ),
        _ => format!("Make the credential's {} exactly '{shown}'.", field.label()),
    };
    d.fix = fix_with_command(&d.assertion, &change);
}

fn issuer_hint(issuer: &str) -> String {
    let form = wi::classify_issuer(issuer);
    match (form.kind, form.trailing_slash) {
        (IssuerKind::KubernetesDefault, _) => " This is Kubernetes' in-cluster default issuer: enable the cluster's OIDC issuer (`az aks update --enable-oidc-issuer`) and use the URL it gets.".to_string(),
        (_, Some(true)) => format!(" {} issuers end in '/': a credential without it does not match.", form.label),
        (_, Some(false)) if issuer.ends_with('/') => format!(" {} issuers have no trailing '/'.", form.label),
        _ => String::new(),
    }
}

/// GitHub's subject forms: docs.github.com "OpenID Connect reference"; the immutable IDs: GitHub
/// changelog 2026-04-23 "Immutable subject claims for GitHub Actions OIDC tokens" (default on for
/// repositories created or renamed on or after July 15, 2026; github/docs#45221).
fn subject_hint(subject: &str, expected: Option<&str>) -> String {
    if let Some(e) = expected {
        return format!(" Entra ID says the subject must be '{e}'.");
    }
    if subject.chars().all(|c| c == '*') {
        return " Azure Pipelines masks the subject as *** in its log; an Azure DevOps service connection presents `sc://<organization>/<project>/<service connection>`, so a renamed or moved connection (or a pipeline template that uses another one) no longer matches.".to_string();
    }
    if subject.starts_with("system:serviceaccount:") {
        return " A Kubernetes subject is `system:serviceaccount:<namespace>:<service account>`: check both names against the pod's service account (credentials can take a minute to take effect after they are created).".to_string();
    }
    if subject.starts_with("repo:") {
        return " GitHub's subject is `repo:<owner>/<repo>:environment:<name>` for a job with an environment, else `…:ref:refs/heads/<branch>`, `…:ref:refs/tags/<tag>` or `…:pull_request`; repositories created or renamed from 15 July 2026 on append immutable numeric IDs (`repo:<owner>@<id>/<repo>@<id>:…`), which the credential must repeat.".to_string();
    }
    if subject.starts_with("sc://") {
        return " An Azure DevOps subject is `sc://<organization>/<project>/<service connection>`, with the names as they are now.".to_string();
    }
    String::new()
}

fn subject_case(d: &mut Diagnosis) {
    d.code = Code::ErrorFederationSubjectCase;
    d.assertion.field = Some(FicField::Subject);
    d.assertion.field_named_by_entra = true;
    let subject = d.assertion.subject.clone().unwrap_or_default();
    d.title = "The subject differs from a credential's only in letter case".to_string();
    d.meaning = format!(
        "A federated identity credential has the subject '{subject}' if letter case is ignored, but Entra ID compares subjects case-sensitively (a breaking change announced for August 2024 and since enforced). GitHub writes the owner, repository and environment names exactly as they are spelled in GitHub (e.g. an environment 'Production', not 'production')."
    );
    d.fix = fix_with_command(
        &d.assertion,
        &format!("Change the credential's subject to exactly '{subject}', letter for letter."),
    );
}

fn expired(d: &mut Diagnosis, text: &str) {
    d.code = Code::ErrorFederationAssertionExpired;
    d.title = "The assertion was not valid when Entra ID received it".to_string();
    let Some(v) = d.assertion.validity.clone() else {
        d.meaning = "The client assertion (the federated token) was expired or not yet valid when Entra ID checked it.".to_string();
        d.fix = "Get a fresh assertion for every exchange, and check the clocks of the machine that issued it.".to_string();
        return;
    };
    let lifetime = v
        .lifetime_seconds
        .map(timefmt::duration)
        .unwrap_or_else(|| "?".into());
    let mut meaning = format!(
        "Entra ID's time was {}; the assertion was valid from {} until {} ({lifetime}).",
        v.current_time, v.valid_from, v.valid_until
    );
    let az_cli = text.has("az login") || text.has("ERROR: AADSTS") || text.has("azure/login");
    d.fix = if let Some(late) = v.late_by_seconds {
        meaning.push_str(&format!(
            " It arrived {} after it expired.",
            timefmt::duration(late)
        ));
        if v.lifetime_seconds.is_some_and(|l| l <= 600) || az_cli {
            meaning.push_str(" A token that lives minutes is a CI provider's OIDC token (GitHub Actions' lives 5 minutes): a tool that keeps the one it got at login (az CLI after azure/login) presents it again when its access token must be refreshed late in a long job. (The message's documentation link is about certificate credentials; the same check applies to federated ones.)");
            "Fetch a fresh OIDC token for the late step: run azure/login again right before it, or split the job; for long jobs use a tool that requests a new token from GitHub at each refresh.".to_string()
        } else {
            meaning.push_str(" A projected Kubernetes token lives an hour and the kubelet rewrites it before then: an expired one means the application read the file once and cached the token, or the kubelet stopped refreshing it.");
            "Read the token file at every exchange (Azure SDKs' WorkloadIdentityCredential does; cache the credential object, not the token); if the file itself is stale, check the kubelet on the node.".to_string()
        }
    } else if let Some(early) = v.early_by_seconds {
        meaning.push_str(&format!(
            " It arrived {} before it became valid: the issuer's clock is ahead of Entra ID's.",
            timefmt::duration(early)
        ));
        "Synchronise the clock (NTP) of the machine or cluster that issues the token.".to_string()
    } else {
        "Get a fresh assertion and retry; check the issuer's clock.".to_string()
    };
    d.meaning = meaning;
}

fn too_long(d: &mut Diagnosis) {
    d.code = Code::ErrorFederationAssertionLifetime;
    d.title = "The external token lives longer than Entra ID accepts".to_string();
    d.meaning = "Entra ID exchanges external OIDC tokens that live at most 1.01:00:00 (one day and one hour). On AKS this happens when the pod's default service-account token (/var/run/secrets/kubernetes.io/serviceaccount/token, issued for a year) is used as the assertion instead of the token the workload-identity webhook projects (one hour).".to_string();
    d.fix = format!(
        "Use the projected token: label the pod `{}: \"true\"` and read the file $AZURE_FEDERATED_TOKEN_FILE names; by hand, `kubectl create token <service account> --audience api://AzureADTokenExchange --duration 1h`.",
        wi::USE_LABEL
    );
}

fn unreachable_issuer(d: &mut Diagnosis, code: u32) {
    d.code = Code::ErrorFederationIssuerUnreachable;
    d.title = "Entra ID could not reach the token's OIDC issuer".to_string();
    d.meaning = format!(
        "AADSTS{code}, \"Request to External OIDC endpoint failed\": to verify the assertion Entra ID fetches <issuer>/.well-known/openid-configuration and the keys it names, and that failed. The issuer's documents are not publicly reachable (a self-managed cluster's storage account behind network rules, a GitHub Enterprise Server inside a private network), or the fetch failed for a while."
    );
    d.fix = "Check that `curl <issuer>/.well-known/openid-configuration` and the jwks_uri it names answer from the internet; on AKS reconcile the cluster (`az aks update -g <group> -n <cluster>`), then retry.".to_string();
}

fn client_id(d: &mut Diagnosis) {
    d.code = Code::ErrorFederationClientId;
    let app = d.assertion.application.clone().unwrap_or_default();
    let tenant = d
        .assertion
        .tenant
        .clone()
        .map(|t| format!(" '{t}'"))
        .unwrap_or_default();
    if app.has("://") {
        d.title = "The token request carried no client ID".to_string();
        d.meaning = format!(
            "Entra ID looked for an application named '{app}' in the directory{tenant}: that is the assertion's issuer, not a client ID. With no client_id in the request Entra ID takes the application from the assertion, so AZURE_CLIENT_ID was empty or unset (an empty azure.workload.identity/client-id annotation on the service account gives the pod an empty AZURE_CLIENT_ID)."
        );
        d.fix = format!(
            "Set the service account's `{}` annotation (or AZURE_CLIENT_ID) to the client ID of the managed identity or app registration that has the federated credential, then restart the pod.",
            wi::CLIENT_ID_ANNOTATION
        );
    } else {
        d.title = "No app or managed identity has this client ID in the tenant".to_string();
        d.meaning = format!(
            "Entra ID found no application with client ID '{app}' in the directory{tenant}: the client ID is wrong (an object or principal ID where the client ID belongs), the identity was deleted, or the request went to another tenant (AZURE_TENANT_ID)."
        );
        d.fix = "Use the client ID from the identity's Overview page and the tenant it lives in."
            .to_string();
    }
}

fn invalid_scope(d: &mut Diagnosis) {
    d.code = Code::ErrorFederationInvalidScope;
    let scope = d.assertion.scope.clone().unwrap_or_default();
    d.title = format!("'{scope}' is not a scope Entra ID's v2 endpoint takes");
    let default_scope = if scope.ends_with("/.default") || scope.is_empty() {
        None
    } else {
        Some(format!("{scope}/.default"))
    };
    let tenant = match d.assertion.tenant.as_deref() {
        Some(t @ ("organizations" | "common" | "consumers")) => format!(" The request also went to tenant '{t}', so the tenant in AZURE_TENANT_ID was not used: a federated credential needs the tenant ID."),
        _ => String::new(),
    };
    d.meaning = format!(
        "With a client assertion the token comes from Entra ID's v2 endpoint, which takes a scope `<resource>/.default`; '{scope}' is {}.{tenant} (Managed-identity endpoints take the bare resource; code written for them passes it unchanged when the SDK switched to the token exchange.)",
        if default_scope.is_some() { "a bare resource (a v1 resource URI)" } else { "not valid" }
    );
    d.fix = match default_scope {
        Some(s) => format!("Request the scope '{s}' (the resource, then /.default; a resource ending in '/' keeps it, giving '//.default'); in Azure PowerShell pass -Scope, or use an SDK that converts the resource for you."),
        None => "Request `<resource>/.default` for an Azure resource.".to_string(),
    };
}

/// A pod without the workload-identity variables: the SDK fell back to IMDS, which answers for
/// the node (or not at all). `evidence` says what shows it.
pub fn workload_identity_not_injected(evidence: &str) -> Finding {
    Finding::warning(Code::EnvWorkloadIdentityNotInjected, "The pod has no workload-identity variables, so the SDK used IMDS")
        .detail(format!(
            "{evidence}: the AKS webhook did not inject AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST, so DefaultAzureCredential and ManagedIdentityCredential skipped workload identity and called IMDS (169.254.169.254). From a pod IMDS answers for the node's kubelet identity (`<cluster>-agentpool`), says \"Identity not found\" for a client ID the node does not have, or times out where network policy blocks it."
        ))
        .fix(format!(
            "Label the pod template `{}: \"true\"` (the webhook mutates only labelled pods), annotate its service account `{}: <client ID>`, give that identity a federated credential for `system:serviceaccount:<namespace>:<service account>`, and restart the pod.",
            wi::USE_LABEL,
            wi::CLIENT_ID_ANNOTATION
        ))
}

/// AZURE_POD_IDENTITY_AUTHORITY_HOST belongs to AAD Pod Identity, which replaced IMDS's address
/// for the pod (mi-protocols.md §2 item 7).
pub fn aad_pod_identity_env_finding() -> Finding {
    Finding::warning(Code::EnvAadPodIdentity, "AAD Pod Identity's variable is set")
        .detail("AZURE_POD_IDENTITY_AUTHORITY_HOST points the SDKs' IMDS requests at AAD Pod Identity (its NMI) instead of 169.254.169.254. AAD Pod Identity and AKS's pod-managed identity add-on are deprecated; their NMI answers \"no azure identity found for request clientID\" when no identity is bound to the pod.")
        .fix(format!(
            "Migrate to workload identity (learn.microsoft.com/azure/aks/workload-identity-migrate-from-pod-identity): federated credential for the service account, `{}` annotation, `{}: \"true\"` label; then remove the variable.",
            wi::CLIENT_ID_ANNOTATION,
            wi::USE_LABEL
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_validity_of_an_expired_assertion() {
        // federation.jsonl wi-aadsts700024-github-oidc-assertion-expired-azcli (kata-containers#11758).
        let text = "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-09-03T17:59:55.3046782Z, assertion valid from 2025-09-03T17:04:47.0000000Z, expiry time of assertion 2025-09-03T17:09:47.0000000Z. Review";
        let v = read_presented(text).validity.unwrap();
        assert_eq!(v.valid_until, "2025-09-03T17:09:47.0000000Z");
        assert_eq!(v.lifetime_seconds, Some(300));
        // 17:59:55 − 17:09:47 = 50 min 8 s.
        assert_eq!(v.late_by_seconds, Some(50 * 60 + 8));
    }

    #[test]
    fn a_label_wrapped_across_lines_is_still_read() {
        // credential-chains.jsonl go-dac-alb-controller-yaml-status-wi-70021-imds-timeout
        // (azure-docs application-gateway/for-containers/troubleshooting-guide.md): the Gateway's YAML status wraps "Assertion\n      Issuer: '".
        let p = read_presented("record found for presented assertion. Assertion\n      Issuer: 'https://azureregion.oic.prod-aks.azure.com/xxxxxxxx-xxxx/xxxxxxxx-xxxx/'.\n      Assertion Subject: 'system:serviceaccount:a:b'.");
        assert_eq!(
            p.issuer.as_deref(),
            Some("https://azureregion.oic.prod-aks.azure.com/xxxxxxxx-xxxx/xxxxxxxx-xxxx/")
        );
        assert_eq!(p.subject.as_deref(), Some("system:serviceaccount:a:b"));
        assert_eq!(
            p.unreadable.len(),
            1,
            "the masked issuer is said to be masked"
        );
        assert_eq!(
            find_label("Assertion Issuers: '", "Assertion Issuer: '"),
            None
        );
        assert_eq!(
            find_label("AssertionIssuer: 'x'", "Assertion Issuer: '"),
            None
        );
    }

    #[test]
    fn a_cut_off_value_is_completed_from_the_rest_of_the_paste() {
        // sessions.jsonl gha-azure-login-oidc-env-dev-aadsts700213: azure/login prints the subject
        // whole before the error that cuts it off.
        let text = "Federated token details:\n issuer - https://token.actions.githubusercontent.com\n subject claim - repo:meltwater/meltwater-chatbot:environment:dev\nError: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:meltwater/mel";
        let p = read_presented(text);
        assert_eq!(
            p.subject.as_deref(),
            Some("repo:meltwater/meltwater-chatbot:environment:dev")
        );
        assert!(p.unreadable.is_empty());
        assert_eq!(p.completed.len(), 1);
        // Two different completions: neither is taken.
        let two = "repo:meltwater/a:ref:x and repo:meltwater/b:ref:y presented assertion subject 'repo:meltwater/";
        assert_eq!(read_presented(two).unreadable.len(), 1);
    }

    #[test]
    fn a_value_cut_off_by_the_paste_is_flagged() {
        let p = read_presented("presented assertion subject 'repo:meltwater/mel\nnext");
        assert_eq!(p.subject.as_deref(), Some("repo:meltwater/mel"));
        assert_eq!(p.unreadable.len(), 1);
    }

    #[test]
    fn context_decides_700016_and_70011() {
        assert_eq!(
            federation_code(&[700016], "Application with identifier 'abc' was not found"),
            None
        );
        assert_eq!(
            federation_code(
                &[700016],
                "Application with identifier 'https://x.oic.prod-aks.azure.com/t/c/' was"
            ),
            Some(700016)
        );
        assert_eq!(
            federation_code(&[70011], "ClientAssertionCredential authentication failed"),
            Some(70011)
        );
        assert_eq!(federation_code(&[500011], "federated"), None);
    }
}
