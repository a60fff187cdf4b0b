//! The credentials of the Azure Identity libraries by name, in each language's spelling, and the
//! managed-identity sources an SDK can detect. Names are reported as .NET, Python, JavaScript and
//! Java spell them (`AzureCliCredential`), whatever the language (Go writes `AzureCLICredential`).
//! Managed identity's inner classes (Python's `AppServiceCredential`, .NET's
//! `ImdsManagedIdentitySource`) are ManagedIdentityCredential with the source they stand for.

use serde::Serialize;

use crate::model::Platform;

/// The managed-identity source an SDK detected from the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MiSource {
    AppService,
    #[serde(rename = "app_service_2017")]
    AppService2017,
    CloudShell,
    AzureArc,
    ServiceFabric,
    /// Workload identity's token file, exchanged by ManagedIdentityCredential (AKS).
    TokenExchange,
    AzureMl,
    Imds,
}

impl MiSource {
    /// The hosting platform the source belongs to, for `Analysis.platform`.
    pub fn platform(self) -> Option<Platform> {
        Some(match self {
            MiSource::AppService => Platform::AppService,
            MiSource::AppService2017 => Platform::AppService2017,
            MiSource::CloudShell => Platform::CloudShell,
            MiSource::AzureArc => Platform::AzureArc,
            MiSource::ServiceFabric => Platform::ServiceFabric,
            MiSource::AzureMl => Platform::AzureMl,
            MiSource::Imds => Platform::Imds,
            MiSource::TokenExchange => return None,
        })
    }

    /// How the source is called in prose.
    pub fn label(self) -> &'static str {
        match self {
            MiSource::AppService => "App Service (IDENTITY_ENDPOINT and IDENTITY_HEADER)",
            MiSource::AppService2017 => "App Service 2017 (MSI_ENDPOINT and MSI_SECRET)",
            MiSource::CloudShell => "Cloud Shell (MSI_ENDPOINT)",
            MiSource::AzureArc => "Azure Arc (IDENTITY_ENDPOINT and IMDS_ENDPOINT)",
            MiSource::ServiceFabric => {
                "Service Fabric (IDENTITY_ENDPOINT, IDENTITY_HEADER, IDENTITY_SERVER_THUMBPRINT)"
            }
            MiSource::TokenExchange => "token exchange (AZURE_FEDERATED_TOKEN_FILE)",
            MiSource::AzureMl => "Azure ML (MSI_ENDPOINT with DEFAULT_IDENTITY_CLIENT_ID)",
            MiSource::Imds => "IMDS (169.254.169.254)",
        }
    }
}

/// The managed-identity credential's name.
pub const MANAGED_IDENTITY: &str = "ManagedIdentityCredential";
pub const ENVIRONMENT: &str = "EnvironmentCredential";
pub const WORKLOAD_IDENTITY: &str = "WorkloadIdentityCredential";
pub const AZURE_CLI: &str = "AzureCliCredential";
pub const AZURE_POWERSHELL: &str = "AzurePowerShellCredential";
pub const AZURE_DEVELOPER_CLI: &str = "AzureDeveloperCliCredential";
pub const VISUAL_STUDIO_CODE: &str = "VisualStudioCodeCredential";
pub const INTELLIJ: &str = "IntelliJCredential";

/// Every credential a chain can hold, by the name reported.
const CREDENTIALS: &[&str] = &[
    ENVIRONMENT,
    WORKLOAD_IDENTITY,
    MANAGED_IDENTITY,
    "SharedTokenCacheCredential",
    "VisualStudioCredential",
    VISUAL_STUDIO_CODE,
    AZURE_CLI,
    AZURE_POWERSHELL,
    AZURE_DEVELOPER_CLI,
    "InteractiveBrowserCredential",
    INTELLIJ,
    "BrokerCredential",
    "BrokerAuthenticationCredential",
    "AzurePipelinesCredential",
    "ClientSecretCredential",
    "ClientCertificateCredential",
    "ClientAssertionCredential",
    "DeviceCodeCredential",
    "UsernamePasswordCredential",
    "OnBehalfOfCredential",
    "AuthorizationCodeCredential",
    "AzureApplicationCredential",
];

/// Managed identity's inner classes, each standing for one source (Python's `_credentials/*.py`,
/// .NET's `*ManagedIdentitySource.cs`, azure-sdk-for-python and azure-sdk-for-net at their
/// `sdk/identity` trees).
const MI_INNER: &[(&str, MiSource)] = &[
    ("ImdsCredential", MiSource::Imds),
    ("ImdsManagedIdentitySource", MiSource::Imds),
    ("ImdsManagedIdentityProbeSource", MiSource::Imds),
    ("AppServiceCredential", MiSource::AppService),
    ("AppServiceManagedIdentitySource", MiSource::AppService),
    ("AppServiceV2019ManagedIdentitySource", MiSource::AppService),
    (
        "AppServiceV2017ManagedIdentitySource",
        MiSource::AppService2017,
    ),
    ("CloudShellCredential", MiSource::CloudShell),
    ("CloudShellManagedIdentitySource", MiSource::CloudShell),
    ("AzureArcCredential", MiSource::AzureArc),
    ("AzureArcManagedIdentitySource", MiSource::AzureArc),
    ("ServiceFabricCredential", MiSource::ServiceFabric),
    (
        "ServiceFabricManagedIdentitySource",
        MiSource::ServiceFabric,
    ),
    ("AzureMLCredential", MiSource::AzureMl),
    ("TokenExchangeCredential", MiSource::TokenExchange),
    (
        "TokenExchangeManagedIdentitySource",
        MiSource::TokenExchange,
    ),
];

/// Words that name a source in log lines (`will use App Service managed identity`,
/// `ManagedIdentityCredential - AppServiceMSI 2019 =>`, `[Managed Identity] … IMDS`), most
/// specific first.
const SOURCE_WORDS: &[(&str, MiSource)] = &[
    ("AppServiceMSI 2017", MiSource::AppService2017),
    ("App Service 2017", MiSource::AppService2017),
    ("AppServiceMSI 2019", MiSource::AppService),
    ("AppServiceMSI", MiSource::AppService),
    ("App Service", MiSource::AppService),
    ("AppService", MiSource::AppService),
    ("CloudShellMSI", MiSource::CloudShell),
    ("Cloud Shell", MiSource::CloudShell),
    ("CloudShell", MiSource::CloudShell),
    ("ArcMSI", MiSource::AzureArc),
    ("Azure Arc", MiSource::AzureArc),
    ("AzureArc", MiSource::AzureArc),
    ("FabricMSI", MiSource::ServiceFabric),
    ("Service Fabric", MiSource::ServiceFabric),
    ("ServiceFabric", MiSource::ServiceFabric),
    ("Token Exchange", MiSource::TokenExchange),
    ("TokenExchange", MiSource::TokenExchange),
    ("Azure ML", MiSource::AzureMl),
    ("AzureML", MiSource::AzureMl),
    ("Machine Learning", MiSource::AzureMl),
    ("IMDS", MiSource::Imds),
];

/// A credential named at the start of `s`: its reported name, the source when the name is an
/// inner managed-identity class, and the text after the name.
pub fn leading(s: &str) -> Option<(&'static str, Option<MiSource>, &str)> {
    let word_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    let word = s.get(..word_end)?;
    let rest = s.get(word_end..)?;
    let (name, source) = named(word)?;
    Some((name, source, rest))
}

/// The credential a class name stands for (case-insensitive, so Go's `AzureCLICredential` is
/// AzureCliCredential), with the source when it is an inner managed-identity class.
pub fn named(word: &str) -> Option<(&'static str, Option<MiSource>)> {
    let word = word.strip_prefix("Azure.Identity.").unwrap_or(word);
    if let Some(name) = CREDENTIALS.iter().find(|n| n.eq_ignore_ascii_case(word)) {
        return Some((name, None));
    }
    MI_INNER
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|(_, s)| (MANAGED_IDENTITY, Some(*s)))
}

/// The first credential named anywhere in `s`, with its byte offset.
pub fn first_in(s: &str) -> Option<(usize, &'static str, Option<MiSource>)> {
    let mut best: Option<(usize, &'static str, Option<MiSource>)> = None;
    for (at, _) in s
        .match_indices("Credential")
        .chain(s.match_indices("ManagedIdentitySource"))
    {
        let start = s
            .get(..at)?
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let Some((name, source, _)) = s.get(start..).and_then(leading) else {
            continue;
        };
        if best.is_none_or(|(b, _, _)| start < b) {
            best = Some((start, name, source));
        }
    }
    best
}

/// The managed-identity source a line names, when it names one.
pub fn source_in(s: &str) -> Option<MiSource> {
    SOURCE_WORDS
        .iter()
        .find(|(w, _)| s.contains(w))
        .map(|(_, src)| *src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_spelling_is_one_name() {
        assert_eq!(named("AzureCLICredential"), Some((AZURE_CLI, None)));
        assert_eq!(
            named("Azure.Identity.VisualStudioCredential"),
            Some(("VisualStudioCredential", None))
        );
        assert_eq!(
            named("AppServiceCredential"),
            Some((MANAGED_IDENTITY, Some(MiSource::AppService)))
        );
        assert_eq!(named("Credential"), None);
    }

    #[test]
    fn finds_the_first_credential_in_a_line() {
        let line = "DEBUG : Identity: DefaultAzureCredential: Failed to get token from EnvironmentCredential: x";
        // DefaultAzureCredential is the chain, not a credential in it.
        assert_eq!(first_in(line).map(|(_, n, _)| n), Some(ENVIRONMENT));
        assert_eq!(
            source_in("ManagedIdentityCredential - AppServiceMSI 2017 => Unavailable"),
            Some(MiSource::AppService2017)
        );
    }
}
