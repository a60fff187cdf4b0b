//! What each managed-identity platform expects of a token request: endpoint, method, api-version,
//! headers, identity selectors and resource placement. From ../shared/reference/mi-protocols.md
//! §1–§3 (Microsoft's docs and the MSAL/Azure SDK sources it cites). The validator checks requests
//! against these facts and the snippet generator writes requests from them.

use crate::model::Platform;

/// Where a header's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderValue {
    /// A fixed value, e.g. `true` for `Metadata`.
    Literal(&'static str),
    /// The value of an environment variable the platform sets.
    Env(&'static str),
}

/// A header the platform requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequiredHeader {
    pub name: &'static str,
    pub value: HeaderValue,
    /// Why the platform wants it, in a sentence.
    pub why: &'static str,
}

/// The query parameter names a platform takes for each way of naming a user-assigned identity;
/// `None` where the platform has no such parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selectors {
    pub client_id: Option<&'static str>,
    pub object_id: Option<&'static str>,
    pub resource_id: Option<&'static str>,
}

impl Selectors {
    pub fn all(&self) -> impl Iterator<Item = &'static str> {
        [self.client_id, self.object_id, self.resource_id]
            .into_iter()
            .flatten()
    }
    pub fn any(&self) -> bool {
        self.all().next().is_some()
    }
}

/// Everything about one platform's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub platform: Platform,
    /// The platform's name for people.
    pub name: &'static str,
    pub method: &'static str,
    /// The environment variable holding the endpoint, when the platform sets one.
    pub endpoint_env: Option<&'static str>,
    /// The endpoint when no variable gives it (IMDS), or its documented default (Arc, Cloud Shell).
    pub default_endpoint: Option<&'static str>,
    /// `http` or `https`.
    pub scheme: &'static str,
    /// The api-version SDKs send; `None` where the platform takes none.
    pub api_version: Option<&'static str>,
    /// Every api-version the platform is documented to accept.
    pub api_versions: &'static [&'static str],
    /// Later versions than those listed are accepted too ("2018-02-01 or greater" for IMDS,
    /// "2019-08-01 or later" for Container Apps).
    pub accepts_later: bool,
    pub headers: &'static [RequiredHeader],
    pub selectors: Selectors,
    /// The resource travels in a form body (POST) rather than the query string.
    pub resource_in_body: bool,
    /// Azure Arc's first response is a 401 challenge naming a key file.
    pub challenge: bool,
    /// The environment variable holding the server certificate's thumbprint (Service Fabric).
    pub thumbprint_env: Option<&'static str>,
}

const METADATA: RequiredHeader = RequiredHeader {
    name: "Metadata",
    value: HeaderValue::Literal("true"),
    why: "a defence against server-side request forgery; the value must be \"true\" in lower case",
};
const X_IDENTITY_HEADER: RequiredHeader = RequiredHeader {
    name: "X-IDENTITY-HEADER",
    value: HeaderValue::Env("IDENTITY_HEADER"),
    why: "the secret the platform puts in IDENTITY_HEADER, against server-side request forgery; it is rotated, so read it from the environment at run time",
};
const SECRET_2017: RequiredHeader = RequiredHeader {
    name: "secret",
    value: HeaderValue::Env("MSI_SECRET"),
    why: "the legacy protocol's secret from MSI_SECRET",
};
const SECRET_SF: RequiredHeader = RequiredHeader {
    name: "Secret",
    value: HeaderValue::Env("IDENTITY_HEADER"),
    why: "the authentication code Service Fabric gives the service in IDENTITY_HEADER",
};

const NONE: Selectors = Selectors {
    client_id: None,
    object_id: None,
    resource_id: None,
};

const IMDS: Spec = Spec {
    platform: Platform::Imds,
    name: "Azure VM or scale set (IMDS)",
    method: "GET",
    endpoint_env: None,
    default_endpoint: Some("http://169.254.169.254/metadata/identity/oauth2/token"),
    scheme: "http",
    api_version: Some("2018-02-01"),
    api_versions: &["2018-02-01"],
    accepts_later: true,
    headers: &[METADATA],
    selectors: Selectors {
        client_id: Some("client_id"),
        object_id: Some("object_id"),
        resource_id: Some("msi_res_id"),
    },
    resource_in_body: false,
    challenge: false,
    thumbprint_env: None,
};

pub const SPECS: &[Spec] = &[
    IMDS,
    Spec {
        platform: Platform::AppService,
        name: "App Service or Azure Functions",
        method: "GET",
        endpoint_env: Some("IDENTITY_ENDPOINT"),
        default_endpoint: None,
        scheme: "http",
        api_version: Some("2019-08-01"),
        api_versions: &["2019-08-01"],
        accepts_later: false,
        headers: &[X_IDENTITY_HEADER],
        selectors: Selectors {
            client_id: Some("client_id"),
            object_id: Some("principal_id"),
            resource_id: Some("mi_res_id"),
        },
        resource_in_body: false,
        challenge: false,
        thumbprint_env: None,
    },
    Spec {
        platform: Platform::ContainerApps,
        name: "Azure Container Apps",
        method: "GET",
        endpoint_env: Some("IDENTITY_ENDPOINT"),
        default_endpoint: None,
        scheme: "http",
        api_version: Some("2019-08-01"),
        api_versions: &["2019-08-01"],
        accepts_later: true,
        headers: &[X_IDENTITY_HEADER],
        selectors: Selectors {
            client_id: Some("client_id"),
            object_id: Some("principal_id"),
            resource_id: Some("mi_res_id"),
        },
        resource_in_body: false,
        challenge: false,
        thumbprint_env: None,
    },
    Spec {
        platform: Platform::AppService2017,
        name: "App Service, legacy 2017-09-01 protocol",
        method: "GET",
        endpoint_env: Some("MSI_ENDPOINT"),
        default_endpoint: None,
        scheme: "http",
        api_version: Some("2017-09-01"),
        api_versions: &["2017-09-01"],
        accepts_later: false,
        headers: &[SECRET_2017],
        selectors: Selectors {
            client_id: Some("clientid"),
            object_id: None,
            resource_id: None,
        },
        resource_in_body: false,
        challenge: false,
        thumbprint_env: None,
    },
    Spec {
        platform: Platform::ServiceFabric,
        name: "Service Fabric",
        method: "GET",
        endpoint_env: Some("IDENTITY_ENDPOINT"),
        default_endpoint: None,
        scheme: "https",
        api_version: Some("2019-07-01-preview"),
        api_versions: &["2019-07-01-preview", "2020-05-01"],
        accepts_later: false,
        headers: &[SECRET_SF],
        selectors: NONE,
        resource_in_body: false,
        challenge: false,
        thumbprint_env: Some("IDENTITY_SERVER_THUMBPRINT"),
    },
    Spec {
        platform: Platform::AzureArc,
        name: "Azure Arc-enabled server",
        method: "GET",
        endpoint_env: Some("IDENTITY_ENDPOINT"),
        default_endpoint: Some("http://localhost:40342/metadata/identity/oauth2/token"),
        scheme: "http",
        api_version: Some("2020-06-01"),
        api_versions: &["2020-06-01", "2019-11-01"],
        accepts_later: false,
        headers: &[METADATA],
        selectors: NONE,
        resource_in_body: false,
        challenge: true,
        thumbprint_env: None,
    },
    Spec {
        platform: Platform::CloudShell,
        name: "Azure Cloud Shell",
        method: "POST",
        endpoint_env: Some("MSI_ENDPOINT"),
        default_endpoint: Some("http://localhost:50342/oauth2/token"),
        scheme: "http",
        api_version: None,
        api_versions: &[],
        accepts_later: false,
        headers: &[METADATA],
        selectors: NONE,
        resource_in_body: true,
        challenge: false,
        thumbprint_env: None,
    },
    Spec {
        platform: Platform::AzureMl,
        name: "Azure Machine Learning",
        method: "GET",
        endpoint_env: Some("MSI_ENDPOINT"),
        default_endpoint: None,
        scheme: "http",
        api_version: Some("2017-09-01"),
        api_versions: &["2017-09-01"],
        accepts_later: false,
        headers: &[SECRET_2017],
        selectors: Selectors {
            client_id: Some("clientid"),
            object_id: None,
            resource_id: None,
        },
        resource_in_body: false,
        challenge: false,
        thumbprint_env: None,
    },
];

/// True for a query parameter some platform takes to name a user-assigned identity
/// (`client_id`, `clientid`, `object_id`, `principal_id`, `msi_res_id`, `mi_res_id`).
pub fn is_selector_name(name: &str) -> bool {
    SPECS.iter().any(|s| s.selectors.all().any(|n| n == name))
}

/// The spec of a platform.
pub fn spec(platform: Platform) -> &'static Spec {
    SPECS
        .iter()
        .find(|s| s.platform == platform)
        .unwrap_or(&IMDS)
}

/// Every query parameter any platform uses to name an identity.
pub const ALL_SELECTORS: &[&str] = &[
    "client_id",
    "clientid",
    "object_id",
    "principal_id",
    "msi_res_id",
    "mi_res_id",
];

/// A platform's id as written in JSON and on the command line (`app_service_2017`).
pub fn id(platform: Platform) -> &'static str {
    match platform {
        Platform::Imds => "imds",
        Platform::AppService => "app_service",
        Platform::AppService2017 => "app_service_2017",
        Platform::ContainerApps => "container_apps",
        Platform::ServiceFabric => "service_fabric",
        Platform::AzureArc => "azure_arc",
        Platform::CloudShell => "cloud_shell",
        Platform::AzureMl => "azure_ml",
    }
}

/// The platform with this id.
pub fn from_id(id: &str) -> Option<Platform> {
    SPECS
        .iter()
        .map(|s| s.platform)
        .find(|p| self::id(*p) == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_has_one_spec_and_an_id_that_round_trips() {
        for s in SPECS {
            assert_eq!(SPECS.iter().filter(|o| o.platform == s.platform).count(), 1);
            assert_eq!(from_id(id(s.platform)), Some(s.platform));
            assert_eq!(serde_json::to_value(s.platform).unwrap(), id(s.platform));
            assert!(
                s.endpoint_env.is_some() || s.default_endpoint.is_some(),
                "{}",
                s.name
            );
            if let Some(v) = s.api_version {
                assert!(s.api_versions.contains(&v), "{}", s.name);
            }
        }
    }
}
