//! The token request model: which platform, which resource, which identity, which api-version,
//! (for tests and tunnels) which endpoint, and the call the token is for ([`ResourceCall`]). The
//! validator's corrected request and every snippet are written from it, so they agree by
//! construction. For workload identity the request is a token exchange with Entra ID instead
//! ([`TokenRequest::exchange`]).

use serde::{Deserialize, Serialize};

use crate::azure::platforms::{self, HeaderValue, Spec, TokenExchange};
use crate::input::percent::percent_encode;
use crate::model::Platform;
pub use crate::request::call::{CallService, ResourceCall};

/// Which identity to ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum RequestedIdentity {
    /// The system-assigned identity (no selector in the request).
    System,
    /// A user-assigned identity by its client (application) ID.
    ClientId(String),
    /// A user-assigned identity by its object (principal) ID.
    ObjectId(String),
    /// A user-assigned identity by its ARM resource ID.
    ResourceId(String),
}

impl RequestedIdentity {
    pub fn is_user_assigned(&self) -> bool {
        !matches!(self, RequestedIdentity::System)
    }

    /// `client ID`, `object ID`, `resource ID`.
    pub fn label(&self) -> &'static str {
        match self {
            RequestedIdentity::System => "system-assigned",
            RequestedIdentity::ClientId(_) => "client ID",
            RequestedIdentity::ObjectId(_) => "object (principal) ID",
            RequestedIdentity::ResourceId(_) => "ARM resource ID",
        }
    }

    pub fn value(&self) -> Option<&str> {
        match self {
            RequestedIdentity::System => None,
            RequestedIdentity::ClientId(v)
            | RequestedIdentity::ObjectId(v)
            | RequestedIdentity::ResourceId(v) => Some(v),
        }
    }

    /// Each way of naming the identity: its id (as JSON's `kind` and a form's value) and how a
    /// form offers it.
    pub const KINDS: &'static [(&'static str, &'static str)] = &[
        ("system", "System-assigned"),
        ("client_id", "User-assigned, by client ID"),
        ("object_id", "User-assigned, by object (principal) ID"),
        ("resource_id", "User-assigned, by ARM resource ID"),
    ];

    /// The id of this way of naming the identity (one of [`Self::KINDS`]).
    pub fn kind(&self) -> &'static str {
        match self {
            RequestedIdentity::System => "system",
            RequestedIdentity::ClientId(_) => "client_id",
            RequestedIdentity::ObjectId(_) => "object_id",
            RequestedIdentity::ResourceId(_) => "resource_id",
        }
    }

    /// The identity named the `kind` way by `value`; the system-assigned one for any other kind.
    pub fn of_kind(kind: &str, value: String) -> Self {
        match kind {
            "client_id" => RequestedIdentity::ClientId(value),
            "object_id" => RequestedIdentity::ObjectId(value),
            "resource_id" => RequestedIdentity::ResourceId(value),
            _ => RequestedIdentity::System,
        }
    }
}

/// A header of a request to write: a fixed value or an environment variable read at run time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderSpec {
    pub name: &'static str,
    #[serde(skip)]
    pub value: HeaderValue,
}

/// A token request for one platform. Read back from its JSON by the code generator, which the
/// page loads as a module of its own (`extras/`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub platform: Platform,
    /// The resource (audience), e.g. `https://vault.azure.net`.
    pub resource: String,
    pub identity: RequestedIdentity,
    /// `None` means the platform's default.
    pub api_version: Option<String>,
    /// Replaces the platform's fixed token URL (IMDS's, or Arc's and Cloud Shell's documented
    /// defaults), e.g. an SSH tunnel or a loopback mock in tests. Platforms whose endpoint comes from
    /// an environment variable keep reading it from there; the override is then only the fallback
    /// for when the variable is unset.
    pub endpoint_override: Option<String>,
    /// The call the program makes with the token (Key Vault, Storage, Resource Manager); the
    /// token's resource is then the call's ([`TokenRequest::for_call`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<ResourceCall>,
}

/// Why a request cannot be written for a platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl TokenRequest {
    pub fn new(platform: Platform, resource: impl Into<String>) -> Self {
        TokenRequest {
            platform,
            resource: resource.into(),
            identity: RequestedIdentity::System,
            api_version: None,
            endpoint_override: None,
            call: None,
        }
    }

    /// A request for the token `call` needs (its resource is the call's), which then makes it.
    pub fn for_call(platform: Platform, call: ResourceCall) -> Self {
        TokenRequest {
            call: Some(call.clone()),
            ..TokenRequest::new(platform, call.resource())
        }
    }

    pub fn spec(&self) -> &'static Spec {
        platforms::spec(self.platform)
    }

    /// The api-version to send, if the platform takes one.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref().or(self.spec().api_version)
    }

    /// Where the platform cannot do what is asked (a user-assigned identity on Arc, Cloud Shell or
    /// Service Fabric, or a selector the platform has no parameter for), the reason.
    pub fn check(&self) -> Result<(), Unsupported> {
        let spec = self.spec();
        if spec.exchange.is_some() {
            return match &self.identity {
                RequestedIdentity::System | RequestedIdentity::ClientId(_) => Ok(()),
                other => Err(Unsupported(format!(
                    "{} names the identity by its client ID only (AZURE_CLIENT_ID, from the service account's azure.workload.identity/client-id annotation), not by its {}.",
                    spec.name,
                    other.label()
                ))),
            };
        }
        let name = match &self.identity {
            RequestedIdentity::System => return Ok(()),
            RequestedIdentity::ClientId(_) => spec.selectors.client_id,
            RequestedIdentity::ObjectId(_) => spec.selectors.object_id,
            RequestedIdentity::ResourceId(_) => spec.selectors.resource_id,
        };
        match name {
            Some(_) => Ok(()),
            None if !spec.selectors.any() => Err(Unsupported(format!(
                "{} does not support user-assigned managed identities: it always issues the token of its one identity{}.",
                spec.name,
                match self.platform {
                    Platform::CloudShell => " (the signed-in user)",
                    Platform::ServiceFabric => " (chosen in the cluster's application manifest)",
                    _ => "",
                }
            ))),
            None => Err(Unsupported(format!(
                "{} selects a user-assigned identity only by {}; it has no parameter for a {}.",
                spec.name,
                spec.selectors.all().collect::<Vec<_>>().join(" or "),
                self.identity.label()
            ))),
        }
    }

    /// The query parameters, in the order SDKs send them (resource in the body for Cloud Shell;
    /// none for a token exchange, whose fields are all in [`TokenRequest::exchange`]'s form).
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let spec = self.spec();
        let mut q = Vec::new();
        if spec.exchange.is_some() {
            return q;
        }
        if let Some(v) = self.api_version() {
            q.push(("api-version", v.to_string()));
        }
        if !spec.resource_in_body {
            q.push(("resource", self.resource.clone()));
        }
        let selector = match &self.identity {
            RequestedIdentity::System => None,
            RequestedIdentity::ClientId(v) => spec.selectors.client_id.map(|n| (n, v)),
            RequestedIdentity::ObjectId(v) => spec.selectors.object_id.map(|n| (n, v)),
            RequestedIdentity::ResourceId(v) => spec.selectors.resource_id.map(|n| (n, v)),
        };
        if let Some((name, value)) = selector {
            q.push((name, value.clone()));
        }
        q
    }

    /// The form body (Cloud Shell), as name/value pairs.
    pub fn form(&self) -> Vec<(&'static str, String)> {
        if self.spec().resource_in_body {
            vec![("resource", self.resource.clone())]
        } else {
            Vec::new()
        }
    }

    /// The headers to send.
    pub fn headers(&self) -> Vec<HeaderSpec> {
        self.spec()
            .headers
            .iter()
            .map(|h| HeaderSpec {
                name: h.name,
                value: h.value,
            })
            .collect()
    }

    /// Where the request goes. The override replaces the platform's fixed URL; a platform that
    /// names its endpoint in an environment variable keeps reading it, with the override (or the
    /// documented default) as the fallback when the variable is unset. For a token exchange this
    /// is the authority host only (AZURE_AUTHORITY_HOST, else Entra's public host);
    /// [`TokenRequest::exchange`] says how the token URL is built from it.
    pub fn endpoint(&self) -> Endpoint {
        let spec = self.spec();
        if let Some(x) = spec.exchange {
            return Endpoint::Env {
                var: x.authority_env,
                default: Some(
                    self.endpoint_override
                        .clone()
                        .unwrap_or_else(|| x.default_authority.to_string()),
                ),
            };
        }
        let fixed = self
            .endpoint_override
            .clone()
            .or_else(|| spec.default_endpoint.map(str::to_string));
        match spec.endpoint_env {
            Some(var) => Endpoint::Env {
                var,
                default: fixed,
            },
            None => Endpoint::Url(fixed.unwrap_or_default()),
        }
    }

    /// The query string, percent-encoded (`api-version=…&resource=https%3A%2F%2F…`).
    pub fn query_string(&self) -> String {
        encode_pairs(&self.query())
    }

    /// The scope SDKs and Entra's v2 endpoint take for the resource: the resource plus
    /// `/.default` (mi-protocols.md §6; `https://database.windows.net/` becomes
    /// `https://database.windows.net//.default`, as Entra wants).
    pub fn scope(&self) -> String {
        scope_for(&self.resource)
    }

    /// The token exchange, for a platform that exchanges a federated token (workload identity).
    pub fn exchange(&self) -> Option<ExchangeRequest> {
        let x = self.spec().exchange?;
        let client_id = match &self.identity {
            RequestedIdentity::ClientId(id) => FormValue::Literal(id.clone()),
            _ => FormValue::Env(x.client_id_env),
        };
        Some(ExchangeRequest {
            exchange: x,
            authority: self.endpoint(),
            form: vec![
                ("grant_type", FormValue::Literal(x.grant_type.to_string())),
                (
                    "client_assertion_type",
                    FormValue::Literal(x.client_assertion_type.to_string()),
                ),
                ("client_assertion", FormValue::FileNamedBy(x.token_file_env)),
                ("client_id", client_id),
                ("scope", FormValue::Literal(self.scope())),
            ],
        })
    }
}

/// A field of a token exchange's form body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormValue {
    Literal(String),
    /// The value of an environment variable.
    Env(&'static str),
    /// The contents of the file an environment variable names (read at each request: the
    /// projected token is rewritten before it expires).
    FileNamedBy(&'static str),
}

impl FormValue {
    /// The value as the corrected request shows it: literals percent-encoded, the others named.
    pub fn shown(&self) -> String {
        match self {
            FormValue::Literal(v) => percent_encode(v),
            FormValue::Env(var) => format!("${var}"),
            FormValue::FileNamedBy(var) => format!("<contents of ${var}>"),
        }
    }
}

/// A token exchange with Entra ID: POST `{authority}{tenant}{token_path}` with `form`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeRequest {
    pub exchange: TokenExchange,
    /// The authority host: AZURE_AUTHORITY_HOST, else the default (or the override).
    pub authority: Endpoint,
    /// The form fields, in the order WorkloadIdentityCredential sends them.
    pub form: Vec<(&'static str, FormValue)>,
}

impl ExchangeRequest {
    /// The token URL with the variables named: `$AZURE_AUTHORITY_HOST$AZURE_TENANT_ID/oauth2/v2.0/token`.
    pub fn url_template(&self) -> String {
        format!(
            "${}${}{}",
            self.exchange.authority_env, self.exchange.tenant_env, self.exchange.token_path
        )
    }

    /// The form body as the corrected request shows it.
    pub fn body_shown(&self) -> String {
        self.form
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), v.shown()))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// How a request finds its endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A fixed URL (IMDS, or an override).
    Url(String),
    /// An environment variable, with the fallback (documented default or override) when it is unset.
    Env {
        var: &'static str,
        default: Option<String>,
    },
}

/// The scope for a resource: the resource plus `/.default` (mi-protocols.md §6).
pub fn scope_for(resource: &str) -> String {
    format!("{resource}/.default")
}

/// Whether `value` is a placeholder for a value the pasted setup supplies at run time (a method's
/// parameter, a constant the code does not show), written `<name>` in the model.
pub fn is_runtime_placeholder(value: &str) -> bool {
    value.starts_with('<') && value.ends_with('>')
}

/// `a=b&c=d` with each value percent-encoded (RFC 3986 unreserved characters kept).
pub fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_per_platform() {
        let mut r = TokenRequest::new(Platform::Imds, "https://management.azure.com/");
        r.identity = RequestedIdentity::ResourceId("/subscriptions/x".into());
        assert_eq!(r.query_string(), "api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F&msi_res_id=%2Fsubscriptions%2Fx");
        r.platform = Platform::AppService;
        assert_eq!(r.query()[2].0, "mi_res_id");
        r.platform = Platform::AppService2017;
        assert!(r.check().unwrap_err().0.contains("only by clientid"));
        r.identity = RequestedIdentity::ClientId("c".into());
        assert_eq!(r.query()[2], ("clientid", "c".to_string()));
        r.platform = Platform::AzureArc;
        assert!(r
            .check()
            .unwrap_err()
            .0
            .contains("does not support user-assigned"));
        let cs = TokenRequest::new(Platform::CloudShell, "https://management.azure.com/");
        assert!(cs.query().is_empty());
        assert_eq!(
            cs.form(),
            [("resource", "https://management.azure.com/".to_string())]
        );
        assert_eq!(
            cs.endpoint(),
            Endpoint::Env {
                var: "MSI_ENDPOINT",
                default: Some("http://localhost:50342/oauth2/token".to_string())
            }
        );
    }

    #[test]
    fn workload_identity_is_a_token_exchange() {
        let mut r = TokenRequest::new(Platform::WorkloadIdentity, "https://database.windows.net/");
        assert!(r.query().is_empty());
        assert!(r.form().is_empty());
        let x = r.exchange().unwrap();
        assert_eq!(
            x.url_template(),
            "$AZURE_AUTHORITY_HOST$AZURE_TENANT_ID/oauth2/v2.0/token"
        );
        assert_eq!(
            x.body_shown(),
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=<contents of $AZURE_FEDERATED_TOKEN_FILE>&client_id=$AZURE_CLIENT_ID&scope=https%3A%2F%2Fdatabase.windows.net%2F%2F.default"
        );
        r.identity = RequestedIdentity::ObjectId("x".into());
        assert!(r.check().unwrap_err().0.contains("client ID only"));
        r.identity = RequestedIdentity::ClientId("c".into());
        assert!(r.check().is_ok());
        assert_eq!(
            r.exchange().unwrap().form[3],
            ("client_id", FormValue::Literal("c".into()))
        );
        assert!(TokenRequest::new(Platform::Imds, "r").exchange().is_none());
    }

    #[test]
    fn the_endpoint_override_replaces_only_fixed_urls() {
        let tunnel = "http://127.0.0.1:8000/metadata/identity/oauth2/token";
        let mut r = TokenRequest::new(Platform::Imds, "https://vault.azure.net");
        assert_eq!(
            r.endpoint(),
            Endpoint::Url("http://169.254.169.254/metadata/identity/oauth2/token".into())
        );
        r.endpoint_override = Some(tunnel.into());
        assert_eq!(r.endpoint(), Endpoint::Url(tunnel.into()));
        // Arc keeps reading IDENTITY_ENDPOINT; the override replaces its localhost default.
        r.platform = Platform::AzureArc;
        assert_eq!(
            r.endpoint(),
            Endpoint::Env {
                var: "IDENTITY_ENDPOINT",
                default: Some(tunnel.into())
            }
        );
        // App Service has no fixed URL: the variable, with the override only as a fallback.
        r.platform = Platform::AppService;
        assert_eq!(
            r.endpoint(),
            Endpoint::Env {
                var: "IDENTITY_ENDPOINT",
                default: Some(tunnel.into())
            }
        );
        r.endpoint_override = None;
        assert_eq!(
            r.endpoint(),
            Endpoint::Env {
                var: "IDENTITY_ENDPOINT",
                default: None
            }
        );
    }
}
