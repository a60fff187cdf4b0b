//! Which platform a request setup is for: the user's choice, else the URL it goes to, else the
//! environment variables by the precedence current SDKs use (mi-protocols.md §2), else the
//! protocol the request speaks (headers and api-version). A client-assertion POST to Entra ID's
//! token endpoint, or AKS's webhook variables, mean workload identity.

use crate::input::env::EnvVar;
use crate::input::parsed::ParsedRequest;
use crate::model::Platform;
use crate::search::Search;

fn env<'a>(vars: &'a [EnvVar], name: &str) -> Option<&'a str> {
    vars.iter()
        .find(|v| v.name == name)
        .map(|v| v.value.as_str())
}

/// The platform and why.
pub fn detect(
    request: Option<&ParsedRequest>,
    vars: &[EnvVar],
    chosen: Option<Platform>,
) -> (Platform, String) {
    if let Some(p) = chosen {
        return (p, "You chose this platform.".to_string());
    }
    if let Some(r) = request {
        if let Some(found) = from_url(r) {
            return found;
        }
    }
    if let Some(found) = from_env(vars) {
        return found;
    }
    if let Some(r) = request {
        if let Some(found) = from_protocol(r) {
            return found;
        }
    }
    (
        Platform::Imds,
        "No platform variables or endpoint: SDKs then use IMDS, the VM endpoint.".to_string(),
    )
}

/// A client-assertion exchange with Entra ID: `client_assertion` in the form (or query), to a
/// `/oauth2/…/token` path or to `$AZURE_AUTHORITY_HOST`.
fn is_token_exchange(r: &ParsedRequest) -> bool {
    let assertion =
        r.param("client_assertion").is_some() || r.param("client_assertion_type").is_some();
    let path = r.url_parts.path.to_ascii_lowercase();
    let entra_url = r.url_parts.base_var.as_deref() == Some("AZURE_AUTHORITY_HOST")
        || (path.has("/oauth2/") && path.ends_with("/token"));
    assertion && entra_url
}

fn from_url(r: &ParsedRequest) -> Option<(Platform, String)> {
    if is_token_exchange(r) {
        return Some((
            Platform::WorkloadIdentity,
            "A POST with client_assertion to Entra ID's token endpoint: a federated-token exchange (AKS workload identity, as WorkloadIdentityCredential sends it).".to_string(),
        ));
    }
    let host = r.url_parts.host.as_deref()?;
    let port = r.url_parts.port;
    let path = r.url_parts.path.to_ascii_lowercase();
    let local = matches!(host, "localhost" | "127.0.0.1");
    let api = r.param("api-version").map(|p| p.value.as_str());
    let secret = r.header("secret").is_some() || api == Some("2017-09-01");
    let found = match (host, port) {
        ("169.254.169.254", _) => (Platform::Imds, "The request goes to 169.254.169.254, the Instance Metadata Service (IMDS)."),
        (_, Some(40342)) if local => (Platform::AzureArc, "The request goes to port 40342 on this machine: the Azure Arc agent (HIMDS)."),
        (_, Some(50342)) if local => (Platform::CloudShell, "The request goes to port 50342 on this machine: Cloud Shell's token endpoint."),
        (_, Some(42356)) if local => (Platform::ContainerApps, "The request goes to localhost:42356/msi/token, Container Apps' identity endpoint."),
        (_, Some(2377)) => (Platform::ServiceFabric, "The request goes to port 2377 over https: Service Fabric's managed-identity endpoint."),
        _ if r.url_parts.scheme.as_deref() == Some("https") && local && path.has("/metadata/identity/oauth2/token") => {
            (Platform::ServiceFabric, "An https token endpoint on this machine: Service Fabric's.")
        }
        _ if path.has("/msi/token") && secret => (Platform::AppService2017, "A /msi/token endpoint with the 2017-09-01 protocol (secret header or api-version): App Service's legacy protocol."),
        _ if path.has("/msi/token") => (Platform::AppService, "A /MSI/token endpoint on this machine: App Service / Azure Functions."),
        _ => return None,
    };
    Some((found.0, found.1.to_string()))
}

/// The SDKs' precedence (MSAL .NET/Go/Python, azure-identity), first match wins.
pub fn from_env(vars: &[EnvVar]) -> Option<(Platform, String)> {
    let has = |n: &str| env(vars, n).is_some();
    if env(vars, "AZUREPS_HOST_ENVIRONMENT").is_some_and(|v| v.starts_with("cloud-shell")) {
        return Some((
            Platform::CloudShell,
            "AZUREPS_HOST_ENVIRONMENT starts with cloud-shell.".to_string(),
        ));
    }
    if has("IDENTITY_ENDPOINT") && has("IDENTITY_HEADER") && has("IDENTITY_SERVER_THUMBPRINT") {
        return Some((Platform::ServiceFabric, "IDENTITY_ENDPOINT, IDENTITY_HEADER and IDENTITY_SERVER_THUMBPRINT are set: Service Fabric (SDKs check this first).".to_string()));
    }
    if has("IDENTITY_ENDPOINT") && has("IDENTITY_HEADER") {
        let container_apps = env(vars, "IDENTITY_ENDPOINT").is_some_and(|e| e.has(":42356"));
        return Some(if container_apps {
            (Platform::ContainerApps, "IDENTITY_ENDPOINT and IDENTITY_HEADER are set, and the endpoint is localhost:42356: Container Apps.".to_string())
        } else {
            (Platform::AppService, "IDENTITY_ENDPOINT and IDENTITY_HEADER are set: App Service / Functions (Container Apps and Automation set the same pair).".to_string())
        });
    }
    if has("MSI_ENDPOINT") && has("MSI_SECRET") {
        let endpoint = env(vars, "MSI_ENDPOINT").unwrap_or("");
        let ml = has("DEFAULT_IDENTITY_CLIENT_ID") || endpoint.has("://localhost");
        return Some(if ml {
            (Platform::AzureMl, "MSI_ENDPOINT and MSI_SECRET are set: current SDKs (MSAL, azure-identity) read this as Azure Machine Learning.".to_string())
        } else {
            (Platform::AppService2017, format!("MSI_ENDPOINT and MSI_SECRET are set and the endpoint, {endpoint}, is an App Service container's: the legacy 2017-09-01 protocol."))
        });
    }
    if has("IDENTITY_ENDPOINT") && has("IMDS_ENDPOINT") {
        return Some((
            Platform::AzureArc,
            "IDENTITY_ENDPOINT and IMDS_ENDPOINT are set: an Azure Arc-enabled server.".to_string(),
        ));
    }
    if has("MSI_ENDPOINT") {
        return Some((Platform::CloudShell, "Only MSI_ENDPOINT is set: SDKs take this for Cloud Shell (an Azure Automation sandbox sets it too).".to_string()));
    }
    if has("AZURE_FEDERATED_TOKEN_FILE") {
        return Some((Platform::WorkloadIdentity, "AZURE_FEDERATED_TOKEN_FILE is set (with AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_AUTHORITY_HOST, as the AKS workload-identity webhook injects them): SDKs exchange that token with Entra ID instead of calling a managed-identity endpoint (azure-identity's ManagedIdentityCredential delegates to WorkloadIdentityCredential).".to_string()));
    }
    if has("IDENTITY_HEADER") || has("IDENTITY_SERVER_THUMBPRINT") || has("IDENTITY_API_VERSION") {
        return Some((Platform::Imds, "IDENTITY_* variables are set but IDENTITY_ENDPOINT is not, so SDKs skip App Service and Service Fabric and fall back to IMDS.".to_string()));
    }
    None
}

fn from_protocol(r: &ParsedRequest) -> Option<(Platform, String)> {
    let api = r.param("api-version").map(|p| p.value.clone());
    let base = r.url_parts.base_var.as_deref();
    let found = if r.header("X-IDENTITY-HEADER").is_some() || api.as_deref() == Some("2019-08-01") {
        (Platform::AppService, "The request speaks the 2019-08-01 protocol (X-IDENTITY-HEADER): App Service / Functions.")
    } else if r.header("secret").is_some() && base == Some("IDENTITY_ENDPOINT") {
        (
            Platform::ServiceFabric,
            "A Secret header with IDENTITY_ENDPOINT: Service Fabric.",
        )
    } else if r.header("secret").is_some() || api.as_deref() == Some("2017-09-01") {
        (Platform::AppService2017, "The request speaks the 2017-09-01 protocol (secret header): App Service's legacy protocol.")
    } else if api.as_deref() == Some("2019-07-01-preview") {
        (
            Platform::ServiceFabric,
            "api-version 2019-07-01-preview is Service Fabric's.",
        )
    } else if base == Some("MSI_ENDPOINT") {
        (Platform::CloudShell, "The request goes to $MSI_ENDPOINT with only a Metadata header: Cloud Shell (or an Azure Automation sandbox, which works the same way).")
    } else if base == Some("IDENTITY_ENDPOINT") {
        (
            Platform::AppService,
            "The request goes to $IDENTITY_ENDPOINT: App Service / Functions / Container Apps.",
        )
    } else {
        return None;
    };
    Some((found.0, found.1.to_string()))
}
