//! Facts about workload identity federation: the token-exchange audiences, the OIDC issuers whose
//! tokens are exchanged (AKS, GitHub Actions, Azure DevOps, Kubernetes' in-cluster default, Entra
//! ID itself when a managed identity is the credential), the limits Entra ID puts on federated
//! identity credentials, and what the AKS workload-identity webhook injects into a pod.
//!
//! Sources, cited where each fact is used: the Microsoft Graph `federatedIdentityCredential`
//! resource page, Entra's "Important considerations and restrictions for federated identity
//! credentials" page, GitHub's OpenID Connect reference, and the azure-workload-identity project
//! (Azure/azure-workload-identity `pkg/webhook/consts.go`, `docs/book/src/troubleshooting.md`
//! @04d01a2fc7f5024290a38f6ccaf69561cf70455d).

use crate::search::Search;
use serde::Serialize;

/// The audience Entra ID accepts in an exchanged token, per cloud ("should be set to
/// api://AzureADTokenExchange for Microsoft Entra ID": Graph federatedIdentityCredential resource;
/// the US Government and China values from learn.microsoft.com/entra/workload-id/
/// workload-identity-federation-config-app-trust-managed-identity).
pub const EXCHANGE_AUDIENCES: &[(&str, &str)] = &[
    ("api://AzureADTokenExchange", "Azure public cloud"),
    ("api://AzureADTokenExchangeUSGov", "Azure US Government"),
    (
        "api://AzureADTokenExchangeChina",
        "Azure China (operated by 21Vianet)",
    ),
];

/// The public cloud's exchange audience, the default everywhere.
pub const EXCHANGE_AUDIENCE: &str = "api://AzureADTokenExchange";

/// "A maximum of 20 federated identity credentials can be added to an application or
/// user-assigned managed identity" (Entra, workload-identity-federation-considerations).
pub const MAX_CREDENTIALS: usize = 20;

/// The audience "can only accept a single value and has a limit of 600 characters"; issuer and
/// subject are limited to 600 characters too (Graph federatedIdentityCredential resource).
pub const MAX_FIELD_CHARS: usize = 600;

/// Entra rejects external OIDC tokens living longer than `1.01:00:00` (AADSTS70023, quoted in
/// MicrosoftDocs/azure-docs#116275): 25 hours.
pub const MAX_ASSERTION_LIFETIME_SECONDS: i64 = 25 * 3600;

/// The webhook projects the service-account token with `expirationSeconds` 3600 unless the pod or
/// service account asks for up to 86400 (azure-workload-identity `pkg/webhook/consts.go`).
pub const PROJECTED_TOKEN_SECONDS: i64 = 3600;

/// The label a pod needs before the webhook mutates it, and the service-account annotations it
/// reads (azure-workload-identity `pkg/webhook/consts.go`).
pub const USE_LABEL: &str = "azure.workload.identity/use";
pub const CLIENT_ID_ANNOTATION: &str = "azure.workload.identity/client-id";
pub const TENANT_ID_ANNOTATION: &str = "azure.workload.identity/tenant-id";

/// The variables the webhook injects, in the order it writes them, with what each is for.
pub const WEBHOOK_VARS: &[(&str, &str)] = &[
    ("AZURE_CLIENT_ID", "the client ID of the managed identity or app registration the pod signs in as (from the service account's azure.workload.identity/client-id annotation)"),
    ("AZURE_TENANT_ID", "the tenant that identity lives in (the service account's azure.workload.identity/tenant-id annotation, else the webhook's configured tenant)"),
    ("AZURE_FEDERATED_TOKEN_FILE", "the path of the projected service-account token (audience api://AzureADTokenExchange) that is exchanged for an Entra token; the kubelet rewrites it before it expires"),
    ("AZURE_AUTHORITY_HOST", "the Entra ID sign-in host the exchange is sent to, e.g. https://login.microsoftonline.com/"),
];

/// Where the webhook mounts the token: the current path, and the one releases before 1.3 used
/// (the kubectl describe output in the project's quick start shows /var/run/secrets/azure/tokens).
pub const TOKEN_PATHS: &[&str] = &[
    "/var/run/secrets/azure/wi/token/azure-identity-token",
    "/var/run/secrets/azure/tokens/azure-identity-token",
];

/// The pod's own service-account token, which is NOT the one to exchange.
pub const DEFAULT_SERVICE_ACCOUNT_TOKEN: &str =
    "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// The Entra sign-in host SDKs use when AZURE_AUTHORITY_HOST is unset.
pub const DEFAULT_AUTHORITY_HOST: &str = "https://login.microsoftonline.com/";

/// The token-exchange request's fixed form values (RFC 7523 §2.2 client assertion; Entra's
/// client-credentials flow with a federated credential).
pub const GRANT_TYPE: &str = "client_credentials";
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Who issued a token that is exchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerKind {
    /// `https://oidc.prod-aks.azure.com/<guid>/` (the first AKS issuer form).
    AksGlobal,
    /// `https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/`.
    AksRegional,
    /// `https://token.actions.githubusercontent.com` (GitHub Enterprise Server:
    /// `https://<host>/_services/token`; docs.github.com OpenID Connect reference).
    GithubActions,
    /// `https://vstoken.dev.azure.com/<organization id>` (Azure Pipelines service connections).
    AzureDevops,
    /// `https://kubernetes.default.svc.cluster.local`: a cluster whose OIDC issuer is not enabled
    /// (Azure/azure-workload-identity#616).
    KubernetesDefault,
    /// An Entra ID issuer: a managed identity's (or app's) token used as the credential.
    Entra,
    Other,
}

/// An OIDC issuer, read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OidcIssuer {
    pub kind: IssuerKind,
    /// In words: "AKS OIDC issuer (regional form)".
    pub label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The tenant the issuer names (AKS regional form, Entra).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The AKS cluster's issuer GUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// Whether the issuer as this provider publishes it ends in `/`; `None` when unknown.
    pub trailing_slash: Option<bool>,
}

/// Reads an issuer URL.
pub fn classify_issuer(iss: &str) -> OidcIssuer {
    let rest = iss
        .strip_prefix("https://")
        .or_else(|| iss.strip_prefix("http://"))
        .unwrap_or(iss);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segment = |i: usize| segments.get(i).map(|s| (*s).to_string());
    let mut out = OidcIssuer {
        kind: IssuerKind::Other,
        label: "an OIDC issuer",
        region: None,
        tenant_id: None,
        cluster_id: None,
        trailing_slash: None,
    };
    if host == "oidc.prod-aks.azure.com" {
        out.kind = IssuerKind::AksGlobal;
        out.label = "AKS OIDC issuer";
        out.cluster_id = segment(0);
        out.trailing_slash = Some(true);
    } else if let Some(region) = host.strip_suffix(".oic.prod-aks.azure.com") {
        out.kind = IssuerKind::AksRegional;
        out.label = "AKS OIDC issuer (regional form)";
        out.region = Some(region.to_string());
        out.tenant_id = segment(0);
        out.cluster_id = segment(1);
        out.trailing_slash = Some(true);
    } else if host == "token.actions.githubusercontent.com"
        || path.trim_end_matches('/') == "_services/token"
    {
        out.kind = IssuerKind::GithubActions;
        out.label = "GitHub Actions OIDC issuer";
        out.trailing_slash = Some(false);
    } else if host == "vstoken.dev.azure.com" {
        out.kind = IssuerKind::AzureDevops;
        out.label = "Azure DevOps (Azure Pipelines) OIDC issuer";
        out.trailing_slash = Some(false);
    } else if host.starts_with("kubernetes.default.svc") {
        out.kind = IssuerKind::KubernetesDefault;
        out.label =
            "Kubernetes' in-cluster default issuer (the cluster's OIDC issuer is not enabled)";
    } else if crate::azure::clouds::parse_issuer(iss).is_some_and(|i| i.entra) {
        out.kind = IssuerKind::Entra;
        out.label = "Microsoft Entra ID";
        out.tenant_id = segment(0);
        // `https://login.microsoftonline.com/{tenant}/v2.0`, as the managed-identity trust page writes it.
        out.trailing_slash = Some(false);
    }
    out
}

/// True for an exchange audience of any cloud (compared exactly: Entra matches audiences as
/// strings).
pub fn is_exchange_audience(aud: &str) -> bool {
    EXCHANGE_AUDIENCES.iter().any(|(a, _)| *a == aud)
}

/// The exchange audience of the cloud whose sign-in host this is.
pub fn exchange_audience_for_authority(authority: &str) -> &'static str {
    let host = authority
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match host.as_str() {
        "login.microsoftonline.us" => "api://AzureADTokenExchangeUSGov",
        "login.chinacloudapi.cn" | "login.partner.microsoftonline.cn" => {
            "api://AzureADTokenExchangeChina"
        }
        _ => EXCHANGE_AUDIENCE,
    }
}

/// AKS names the kubelet's user-assigned identity `<cluster>-agentpool` and puts it in the node
/// resource group, `MC_<group>_<cluster>_<region>` by default (learn.microsoft.com/azure/aks/
/// use-managed-identity, "kubelet identity").
pub fn is_aks_kubelet_identity(name: &str) -> bool {
    name.len() > "-agentpool".len() && name.to_ascii_lowercase().ends_with("-agentpool")
}

/// True when `value` looks masked or is a placeholder rather than a real value: `***`, `xxx`,
/// `<tenant>`, `{tenant-id}`, `XXXXXX`, `IssuerGUID`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.chars().all(|c| c == '*')
        || v.has("***")
        || v.contains('<')
        || v.contains('{')
        || v.to_ascii_lowercase().has("xxx")
        || v.split([':', '/'])
            .any(|s| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c == 'x' || c == 'X'))
        || v.has("GUID")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_issuer_forms_the_samples_show() {
        // federation.jsonl: wi-decoded-aks-default-sa-token-aud-is-issuer (tkubica12 demo).
        let global = classify_issuer(
            "https://oidc.prod-aks.azure.com/25da173c-6b43-4f93-9c41-6cc688dea1ff/",
        );
        assert_eq!(global.kind, IssuerKind::AksGlobal);
        assert_eq!(
            global.cluster_id.as_deref(),
            Some("25da173c-6b43-4f93-9c41-6cc688dea1ff")
        );
        // wi-decoded-aks-regional-issuer-token-comment-prefixed (JanneMattila playground).
        let regional = classify_issuer("https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6/");
        assert_eq!(regional.kind, IssuerKind::AksRegional);
        assert_eq!(regional.region.as_deref(), Some("westcentralus"));
        assert_eq!(
            regional.tenant_id.as_deref(),
            Some("291168e9-1ded-42d8-8608-c9ff8fe7c21b")
        );
        assert_eq!(
            regional.cluster_id.as_deref(),
            Some("b1c51908-621d-4f2c-aa96-36765db11ed6")
        );
        assert_eq!(
            classify_issuer("https://token.actions.githubusercontent.com").kind,
            IssuerKind::GithubActions
        );
        assert_eq!(
            classify_issuer("https://ghe.example.com/_services/token").kind,
            IssuerKind::GithubActions
        );
        assert_eq!(
            classify_issuer("https://kubernetes.default.svc.cluster.local").kind,
            IssuerKind::KubernetesDefault
        );
        assert_eq!(
            classify_issuer(
                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"
            )
            .kind,
            IssuerKind::Entra
        );
        assert_eq!(
            classify_issuer("https://example.com/").kind,
            IssuerKind::Other
        );
    }

    #[test]
    fn audiences_and_kubelet_names() {
        assert!(is_exchange_audience("api://AzureADTokenExchange"));
        assert!(!is_exchange_audience("api://azureadtokenexchange"));
        assert_eq!(
            exchange_audience_for_authority("https://login.microsoftonline.us/"),
            "api://AzureADTokenExchangeUSGov"
        );
        assert!(is_aks_kubelet_identity("myaks-agentpool"));
        assert!(!is_aks_kubelet_identity("-agentpool"));
        assert!(is_placeholder("***"));
        assert!(is_placeholder("system:serviceaccount:xxx:yyy"));
        assert!(is_placeholder("https://oidc.prod-aks.azure.com/XXXXXX/"));
        assert!(!is_placeholder(
            "system:serviceaccount:default:workload-identity-sa"
        ));
    }
}
