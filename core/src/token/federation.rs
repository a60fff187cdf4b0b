//! Tokens that are exchanged for an Entra token (workload identity federation): a Kubernetes
//! service-account token (AKS workload identity), a GitHub Actions OIDC token, a managed
//! identity's token used as an app's federated credential, or another issuer's. Says what the
//! token is, what it can be exchanged for, and what stops Entra ID from exchanging it: the wrong
//! audience, an expired file, a lifetime Entra refuses.
//!
//! Facts: claims of a projected service-account token (the `kubernetes.io` claim) as the AKS
//! samples in tests/fixtures/federation.jsonl show them; GitHub's claims from docs.github.com
//! "OpenID Connect reference"; the rest from `azure::workload_identity`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims;
use super::entra::{EntraReport, Interpretation};
use super::times::Lifetime;
use crate::azure::workload_identity::{self as wi, IssuerKind, OidcIssuer};
use crate::input::shell;
use crate::model::{Code, Context, Finding, Platform};
use crate::search::Search;
use crate::timefmt;

/// Which kind of assertion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertionKind {
    KubernetesServiceAccount,
    GithubActions,
    ManagedIdentity,
    Other,
}

/// What an assertion token says, for the federated credential that must trust it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssertionReport {
    pub kind: AssertionKind,
    pub issuer: Option<String>,
    /// The issuer read: AKS (global or regional form, with its region, tenant and cluster GUID),
    /// GitHub, Azure DevOps, Entra ID, Kubernetes' default.
    pub issuer_form: Option<OidcIssuer>,
    pub subject: Option<String>,
    pub audiences: Vec<String>,
    /// Whether `aud` holds api://AzureADTokenExchange (or its cloud's variant).
    pub exchange_audience: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_workflow_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// One sentence saying what the token is.
    pub summary: String,
    /// The `az` command that creates a federated credential trusting this token.
    pub credential_command: Option<String>,
}

impl AssertionReport {
    /// A Kubernetes service-account token is workload identity's assertion; the others are not
    /// any managed-identity platform's.
    pub fn platform(&self) -> Option<Platform> {
        (self.kind == AssertionKind::KubernetesServiceAccount).then_some(Platform::WorkloadIdentity)
    }
}

fn s(p: &Map<String, Value>, k: &str) -> Option<String> {
    p.get(k).and_then(Value::as_str).map(str::to_string)
}

fn kubernetes_claim<'a>(p: &'a Map<String, Value>, path: &[&str]) -> Option<&'a str> {
    let mut v = p.get("kubernetes.io")?;
    for k in path {
        v = v.get(k)?;
    }
    v.as_str()
}

/// The kind of assertion this payload is, when it is one.
fn kind_of(
    p: &Map<String, Value>,
    issuer: Option<&OidcIssuer>,
    exchange: bool,
    entra: bool,
) -> Option<AssertionKind> {
    let sub = p.get("sub").and_then(Value::as_str).unwrap_or("");
    if p.contains_key("kubernetes.io") || sub.starts_with("system:serviceaccount:") {
        return Some(AssertionKind::KubernetesServiceAccount);
    }
    let github = issuer.is_some_and(|i| i.kind == IssuerKind::GithubActions)
        || (p.contains_key("repository") && p.contains_key("job_workflow_ref"));
    if github {
        return Some(AssertionKind::GithubActions);
    }
    match (exchange, entra) {
        (true, true) => Some(AssertionKind::ManagedIdentity),
        (true, false) => Some(AssertionKind::Other),
        _ => None,
    }
}

/// Reads an assertion out of a token's payload; `None` when the token is not one. Pushes the
/// findings it calls for and turns `token.expired` into `token.assertion-expired`.
pub fn read(
    p: &Map<String, Value>,
    interpretation: &Interpretation,
    lifetime: &Lifetime,
    ctx: &Context,
    findings: &mut Vec<Finding>,
) -> Option<AssertionReport> {
    let issuer = s(p, "iss");
    let issuer_form = issuer.as_deref().map(wi::classify_issuer);
    let audiences = claims::strings(p.get("aud"));
    let exchange = audiences.iter().any(|a| wi::is_exchange_audience(a));
    let kind = kind_of(
        p,
        issuer_form.as_ref(),
        exchange,
        interpretation.entra.is_some(),
    )?;
    let subject = s(p, "sub");
    let mut report = AssertionReport {
        kind,
        issuer,
        issuer_form,
        subject,
        audiences,
        exchange_audience: exchange,
        namespace: kubernetes_claim(p, &["namespace"]).map(str::to_string),
        service_account: kubernetes_claim(p, &["serviceaccount", "name"]).map(str::to_string),
        pod: kubernetes_claim(p, &["pod", "name"]).map(str::to_string),
        repository: s(p, "repository"),
        git_ref: s(p, "ref"),
        environment: s(p, "environment"),
        workflow: s(p, "workflow"),
        job_workflow_ref: s(p, "job_workflow_ref"),
        event_name: s(p, "event_name"),
        summary: String::new(),
        credential_command: None,
    };
    if kind == AssertionKind::KubernetesServiceAccount && report.namespace.is_none() {
        // Without the kubernetes.io claim the subject still names them.
        let parts: Vec<&str> = report.subject.as_deref().unwrap_or("").split(':').collect();
        if let ["system", "serviceaccount", ns, sa] = parts.as_slice() {
            report.namespace = Some((*ns).to_string());
            report.service_account = Some((*sa).to_string());
        }
    }
    report.summary = summary(&report, interpretation);
    report.credential_command = credential_command(&report, interpretation);
    findings.push(assertion_finding(&report, interpretation));
    if !report.exchange_audience {
        findings.push(audience_finding(&report));
    }
    reword_expiry(&report, lifetime, ctx, findings);
    if let Some(span) = lifetime.lifetime_seconds {
        if span > wi::MAX_ASSERTION_LIFETIME_SECONDS {
            findings.push(lifetime_finding(&report, span));
        }
    }
    Some(report)
}

fn summary(r: &AssertionReport, interpretation: &Interpretation) -> String {
    let iss = r.issuer.as_deref().unwrap_or("(no iss)");
    let label = r.issuer_form.as_ref().map_or("an issuer", |i| i.label);
    match r.kind {
        AssertionKind::KubernetesServiceAccount => format!(
            "The token of Kubernetes service account '{}' in namespace '{}'{}, issued by {label} {iss}.",
            r.service_account.as_deref().unwrap_or("?"),
            r.namespace.as_deref().unwrap_or("?"),
            r.pod.as_deref().map(|p| format!(" (pod '{p}')")).unwrap_or_default()
        ),
        AssertionKind::GithubActions => {
            let scope = match (&r.environment, &r.git_ref) {
                (Some(env), _) => format!(" in environment '{env}'"),
                (None, Some(git_ref)) => format!(" for {git_ref}"),
                _ => String::new(),
            };
            format!(
                "A GitHub Actions OIDC token of repository {}{scope}{}.",
                r.repository.as_deref().unwrap_or("?"),
                r.workflow.as_deref().map(|w| format!(", workflow '{w}'")).unwrap_or_default()
            )
        }
        AssertionKind::ManagedIdentity => format!(
            "An Entra ID token for api://AzureADTokenExchange{}: the credential an app registration trusts when a managed identity is its federated credential.",
            interpretation
                .identity
                .as_ref()
                .map(|i| format!(", held by {}", lower_first(&i.summary)))
                .unwrap_or_default()
        ),
        AssertionKind::Other => format!("A token for the Entra token exchange, issued by {label} {iss}."),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The issuer, subject and audience a federated credential needs to trust this token.
pub fn trusted_by(r: &AssertionReport, entra: Option<&EntraReport>) -> (String, String, String) {
    let audience = r
        .audiences
        .iter()
        .find(|a| wi::is_exchange_audience(a))
        .cloned()
        .unwrap_or_else(|| wi::EXCHANGE_AUDIENCE.to_string());
    let issuer = r.issuer.clone().unwrap_or_default();
    let subject = r.subject.clone().unwrap_or_default();
    if r.kind == AssertionKind::ManagedIdentity {
        // The managed-identity trust page writes the issuer in its v2.0 form and the subject as
        // the identity's principal (object) ID.
        let tenant = entra
            .and_then(|e| e.tenant_id.clone())
            .unwrap_or_else(|| "<tenant>".into());
        let oid = entra.and_then(|e| e.object_id.clone()).unwrap_or(subject);
        return (
            format!("https://login.microsoftonline.com/{tenant}/v2.0"),
            oid,
            audience,
        );
    }
    (issuer, subject, audience)
}

fn credential_command(r: &AssertionReport, interpretation: &Interpretation) -> Option<String> {
    let (issuer, subject, audience) = trusted_by(r, interpretation.entra.as_ref());
    if issuer.is_empty() || subject.is_empty() {
        return None;
    }
    Some(create_command(&issuer, &subject, &audience, None))
}

/// `az identity federated-credential create …` for a user-assigned identity (names unknown to the
/// report stay `<placeholders>`), or, for an app registration (`app` is its client ID),
/// `az ad app federated-credential create --id … --parameters '{…}'`. Every value is written as
/// bash takes it literally.
pub fn create_command(
    issuer: &str,
    subject: &str,
    audience: &str,
    target: Option<(&str, &str, &str)>,
) -> String {
    let (name, identity, group) = target.unwrap_or(("<name>", "<identity>", "<resource-group>"));
    // A `<placeholder>` stays as it is, for the reader to replace (bash refuses it unreplaced).
    let arg = |s: &str| {
        if s.starts_with('<') && s.ends_with('>') && !s.contains(['\'', ' ']) {
            s.to_string()
        } else {
            shell::word_for(s)
        }
    };
    format!(
        "az identity federated-credential create --name {} --identity-name {} --resource-group {} --issuer {} --subject {} --audiences {}",
        arg(name),
        arg(identity),
        arg(group),
        shell::word_for(issuer),
        shell::word_for(subject),
        shell::word_for(audience)
    )
}

fn assertion_finding(r: &AssertionReport, interpretation: &Interpretation) -> Finding {
    let (issuer, subject, audience) = trusted_by(r, interpretation.entra.as_ref());
    let title = match r.kind {
        AssertionKind::KubernetesServiceAccount => {
            "A Kubernetes service-account token (workload identity assertion)"
        }
        AssertionKind::GithubActions => "A GitHub Actions OIDC token (workload identity assertion)",
        AssertionKind::ManagedIdentity => {
            "A managed identity's token used as a federated credential"
        }
        AssertionKind::Other => "A token for the Entra ID token exchange",
    };
    let how = match r.kind {
        AssertionKind::KubernetesServiceAccount => " The AKS webhook projects it into the pod (the file AZURE_FEDERATED_TOKEN_FILE names) and the kubelet rewrites it before it expires; Azure SDKs read the file at every token request.",
        AssertionKind::GithubActions => " azure/login requests it with `core.getIDToken('api://AzureADTokenExchange')`; it lives minutes, for the job that asked.",
        AssertionKind::ManagedIdentity => " The app's code gets it with ManagedIdentityCredential for the scope api://AzureADTokenExchange/.default and passes it as the client assertion (ClientAssertionCredential).",
        AssertionKind::Other => "",
    };
    Finding::info(Code::TokenFederationAssertion, title)
        .detail(format!(
            "{} Entra ID exchanges it for an access token of the managed identity or app registration that has a federated identity credential with issuer '{issuer}', subject '{subject}' and audience '{audience}', each compared exactly.{how}",
            r.summary
        ))
        .fix(match &r.credential_command {
            Some(c) => format!("A credential that trusts exactly this token: `{c}`"),
            None => "The token names no issuer or subject, so no credential can trust it.".to_string(),
        })
}

fn audience_finding(r: &AssertionReport) -> Finding {
    let aud = if r.audiences.is_empty() {
        "no audience".to_string()
    } else {
        format!("audience {}", r.audiences.join(", "))
    };
    let is_issuer = r.issuer.as_deref().is_some_and(|i| {
        r.audiences
            .iter()
            .any(|a| a.trim_end_matches('/') == i.trim_end_matches('/'))
    }) || r.audiences.iter().any(|a| a.has("kubernetes.default.svc"));
    let (detail, fix) = match r.kind {
        AssertionKind::KubernetesServiceAccount if is_issuer => (
            format!(
                "The token has {aud}: the API server's own audience. This is the pod's default service-account token ({}), made for talking to Kubernetes, not the token the workload-identity webhook projects for Entra ID (audience api://AzureADTokenExchange). Entra ID answers it with AADSTS700212 (audience), or AADSTS70023 when it lives longer than 25 hours.",
                wi::DEFAULT_SERVICE_ACCOUNT_TOKEN
            ),
            format!(
                "Exchange the projected token instead: label the pod `{}: \"true\"`, annotate its service account with `{}: <client ID>`, restart it, and read the file named by $AZURE_FEDERATED_TOKEN_FILE ({}).",
                wi::USE_LABEL,
                wi::CLIENT_ID_ANNOTATION,
                wi::TOKEN_PATHS.first().copied().unwrap_or_default()
            ),
        ),
        AssertionKind::GithubActions => (
            format!("The token has {aud}. GitHub's default audience is the repository owner's URL; Entra ID exchanges it only when the federated credential lists exactly this audience."),
            "Request the token for api://AzureADTokenExchange (azure/login does; with `core.getIDToken` pass the audience), or list this audience in the federated credential.".to_string(),
        ),
        _ => (
            format!("The token has {aud}. Entra ID exchanges an assertion only when its aud equals an audience the federated credential lists, and the credential's audience should be api://AzureADTokenExchange."),
            "Issue the token for api://AzureADTokenExchange, or make the federated credential's audience exactly this token's aud.".to_string(),
        ),
    };
    Finding::warning(
        Code::TokenAudienceNotExchange,
        "The audience is not api://AzureADTokenExchange",
    )
    .detail(detail)
    .fix(fix)
}

/// `token.expired` says "request a new token"; for an assertion the cause is upstream.
fn reword_expiry(
    r: &AssertionReport,
    lifetime: &Lifetime,
    ctx: &Context,
    findings: &mut [Finding],
) {
    let Some(at) = findings.iter().position(|f| f.code == Code::TokenExpired) else {
        return;
    };
    let exp = lifetime.expires_at.unwrap_or(ctx.now);
    let ago = timefmt::duration(ctx.now.saturating_sub(exp));
    let (detail, fix) = match r.kind {
        AssertionKind::KubernetesServiceAccount => (
            format!(
                "exp was {}, {ago} ago. The projected token lives {} by default and the kubelet rewrites the file before it expires, so an expired one means the kubelet stopped refreshing it (the pod's node is unhealthy), or the application read the file once and kept the token: Entra ID answers AADSTS700024.",
                timefmt::utc(exp),
                timefmt::duration(wi::PROJECTED_TOKEN_SECONDS)
            ),
            "Read the file at every token request (Azure SDKs' WorkloadIdentityCredential does; cache the credential, not the token); if the file itself is stale, check the kubelet on the pod's node.".to_string(),
        ),
        AssertionKind::GithubActions => (
            format!("exp was {}, {ago} ago. GitHub's OIDC tokens live minutes; a tool that keeps one (az CLI after azure/login) fails with AADSTS700024 once a long job outlives it.", timefmt::utc(exp)),
            "Request a fresh token from GitHub for each exchange: run azure/login again before the late step, or use a tool that fetches the token itself.".to_string(),
        ),
        _ => (
            format!("exp was {}, {ago} ago. Entra ID refuses an expired assertion with AADSTS700024.", timefmt::utc(exp)),
            "Get a fresh assertion for each exchange; cache the credential object, not the token string.".to_string(),
        ),
    };
    let finding = Finding::error(
        Code::TokenAssertionExpired,
        format!("The assertion expired {ago} ago"),
    )
    .detail(detail)
    .fix(fix);
    if let Some(slot) = findings.get_mut(at) {
        *slot = finding;
    }
}

fn lifetime_finding(r: &AssertionReport, span: i64) -> Finding {
    let default_token = r.kind == AssertionKind::KubernetesServiceAccount;
    Finding::warning(Code::TokenAssertionLifetime, format!("The assertion lives {}", timefmt::duration(span)))
        .detail(format!(
            "exp − iat is {}; Entra ID accepts external tokens that live at most 1.01:00:00 (25 hours) and answers longer ones with AADSTS70023.{}",
            timefmt::duration(span),
            if default_token { " Kubernetes issues the pod's default service-account token for a year on AKS; the projected workload-identity token lives an hour." } else { "" }
        ))
        .fix(if default_token {
            "Exchange the webhook-projected token ($AZURE_FEDERATED_TOKEN_FILE), not /var/run/secrets/kubernetes.io/serviceaccount/token; `kubectl create token <sa> --audience api://AzureADTokenExchange --duration 1h` makes a short one by hand."
        } else {
            "Issue the token with a lifetime of at most 25 hours."
        })
}
