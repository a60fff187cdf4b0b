//! Checking a request setup against its platform's protocol (mi-protocols.md §1–§3, §6, §10):
//! endpoint, scheme, method, api-version, resource, headers and their values, identity selectors,
//! and the environment around it. Each finding names the part it concerns and the fix.

use super::detect;
use super::exchange;
use super::model::{is_runtime_placeholder, RequestedIdentity, TokenRequest};
use crate::azure::platforms::{self, HeaderValue, RequiredHeader, Spec};
use crate::azure::{arm_id, is_guid, resources};
use crate::input::env::EnvVar;
use crate::input::parsed::{ParsedRequest, RequestHeader, RequestSource};
use crate::model::{Code, Finding, Place, Platform, SetupPart, Severity};
use crate::search::Search;

/// What validation concluded, besides its findings.
pub struct Verdict {
    pub platform: Platform,
    pub platform_reason: String,
    /// The request rewritten correctly for the platform, as a model.
    pub corrected: Option<TokenRequest>,
    /// The selector could not be carried over (the platform has no user-assigned identities).
    pub unsupported: Option<String>,
}

fn env<'a>(vars: &'a [EnvVar], name: &str) -> Option<&'a EnvVar> {
    vars.iter().find(|v| v.name == name)
}

/// Validates a request (if any) and the environment (if pasted).
pub fn validate(
    request: Option<&ParsedRequest>,
    vars: &[EnvVar],
    chosen: Option<Platform>,
    findings: &mut Vec<Finding>,
) -> Verdict {
    let (platform, platform_reason) = detect::detect(request, vars, chosen);
    let spec = platforms::spec(platform);
    env_checks(vars, platform, request, findings);
    if let Some(x) = spec.exchange {
        if !vars.is_empty() {
            exchange::env_checks(vars, &x, findings);
        }
        return Verdict {
            platform,
            platform_reason,
            corrected: request.map(|r| exchange::validate(r, spec, &x, findings)),
            unsupported: None,
        };
    }
    if platform == Platform::CloudShell {
        findings.push(
            Finding::info(Code::PlatformCloudShellUserToken, "Cloud Shell gives the signed-in user's token")
                .detail("Managed identities are not available in Cloud Shell: its local endpoint returns a token for the user logged in to the portal, for an allow-list of audiences. Code that works here can fail where a managed identity is used.")
                .fix("Test managed-identity code on the resource that has the identity (VM, App Service, Container App)."),
        );
    }
    let Some(r) = request else {
        return Verdict {
            platform,
            platform_reason,
            corrected: None,
            unsupported: None,
        };
    };
    url_checks(r, spec, vars, findings);
    method_check(r, spec, findings);
    let api_version = api_version_checks(r, spec, findings);
    let resource = resource_checks(r, spec, findings);
    header_checks(r, spec, findings);
    let (identity, unsupported) = selector_checks(r, spec, findings);
    let mut corrected = TokenRequest::new(
        platform,
        resource.unwrap_or_else(|| "<resource>".to_string()),
    );
    corrected.identity = identity;
    corrected.api_version = api_version;
    if r.url_parts.host.is_some() && spec.endpoint_env.is_some() {
        // Keep the literal endpoint the user targets only where the platform has no variable.
        corrected.endpoint_override = None;
    }
    Verdict {
        platform,
        platform_reason,
        corrected: Some(corrected),
        unsupported,
    }
}

fn at(part: SetupPart) -> Place {
    Place::part(part)
}

fn env_checks(
    vars: &[EnvVar],
    platform: Platform,
    request: Option<&ParsedRequest>,
    findings: &mut Vec<Finding>,
) {
    let has = |n: &str| env(vars, n).is_some();
    if vars.is_empty() {
        return;
    }
    if (has("IDENTITY_HEADER") || has("IDENTITY_SERVER_THUMBPRINT")) && !has("IDENTITY_ENDPOINT") {
        findings.push(
            Finding::warning(Code::EnvMissingVariable, "IDENTITY_HEADER without IDENTITY_ENDPOINT")
                .detail("The platform set the secret but not the endpoint, so SDKs skip App Service, Container Apps and Service Fabric and fall back to IMDS (169.254.169.254). If this is a Container App or App Service, its identity is not enabled or the variables were copied incompletely.")
                .fix("Enable the managed identity on the resource (Identity blade), restart it, and check that IDENTITY_ENDPOINT appears.")
                .place(at(SetupPart::Env("IDENTITY_ENDPOINT".into()))),
        );
    }
    if has("IDENTITY_ENDPOINT") && !has("IDENTITY_HEADER") && !has("IMDS_ENDPOINT") {
        findings.push(
            Finding::warning(Code::EnvMissingVariable, "IDENTITY_ENDPOINT without IDENTITY_HEADER")
                .detail("App Service, Container Apps and Service Fabric set both; with only the endpoint, SDKs cannot authenticate to it (and azure-identity does not treat it as any known platform).")
                .fix("Copy the whole environment, or check the identity is enabled.")
                .place(at(SetupPart::Env("IDENTITY_HEADER".into()))),
        );
    }
    if has("MSI_SECRET") && !has("MSI_ENDPOINT") {
        findings.push(
            Finding::warning(Code::EnvMissingVariable, "MSI_SECRET without MSI_ENDPOINT")
                .detail("The legacy protocol needs both.")
                .place(at(SetupPart::Env("MSI_ENDPOINT".into()))),
        );
    }
    if has("MSI_ENDPOINT") && has("MSI_SECRET") {
        findings.push(
            Finding::info(Code::EnvAmbiguousMsi, "MSI_ENDPOINT with MSI_SECRET means different platforms to different SDKs")
                .detail("Current MSAL and azure-identity read the pair as Azure Machine Learning; older SDKs and the docs of App Service's 2017-09-01 protocol and of Azure Automation hybrid workers use the same pair. All of them speak api-version 2017-09-01 with a secret header; they differ in expires_on (Azure ML: an integer; App Service: a date string) and in how a user-assigned identity is named (clientid).")
                .fix("Choose the platform above if the detected one is not yours."),
        );
    }
    if env(vars, "WEBSITE_DISABLE_MSI")
        .is_some_and(|v| v.value.eq_ignore_ascii_case("true") || v.value == "1")
    {
        findings.push(
            Finding::error(Code::EnvMsiDisabled, "WEBSITE_DISABLE_MSI turns the token service off")
                .detail("With this app setting, App Service does not run its local token service, although the portal still shows the identity as on.")
                .fix("Remove the WEBSITE_DISABLE_MSI app setting and restart the app.")
                .place(at(SetupPart::Env("WEBSITE_DISABLE_MSI".into()))),
        );
    }
    let proxy = vars.iter().find(|v| {
        matches!(
            v.name.to_ascii_uppercase().as_str(),
            "HTTP_PROXY" | "HTTPS_PROXY"
        )
    });
    if let (Some(proxy), Platform::Imds) = (proxy, platform) {
        let no_proxy = vars
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case("NO_PROXY"))
            .map(|v| v.value.as_str())
            .unwrap_or("");
        let covered = no_proxy
            .split(',')
            .map(str::trim)
            .any(|h| h == "169.254.169.254" || h == "*" || h.starts_with("169.254."));
        if !covered {
            findings.push(
                Finding::warning(Code::EnvProxy, format!("{} is set and NO_PROXY does not cover IMDS", proxy.name))
                    .detail("IMDS is not meant to be used through a proxy: requests to 169.254.169.254 sent to the proxy fail or time out.")
                    .fix("Add 169.254.169.254 to NO_PROXY (and no_proxy), or call IMDS with the proxy bypassed (curl --noproxy '*').")
                    .place(at(SetupPart::Env(proxy.name.to_string()))),
            );
        }
    }
    if has("AZURE_POD_IDENTITY_AUTHORITY_HOST") {
        findings.push(crate::response::assertion::aad_pod_identity_env_finding());
    }
    if platform == Platform::Imds
        && has("KUBERNETES_SERVICE_HOST")
        && !has("AZURE_FEDERATED_TOKEN_FILE")
    {
        findings.push(crate::response::assertion::workload_identity_not_injected(
            "The environment is a Kubernetes pod's (KUBERNETES_SERVICE_HOST) without AZURE_FEDERATED_TOKEN_FILE",
        ));
    }
    let federated = has("AZURE_FEDERATED_TOKEN_FILE") && platform != Platform::WorkloadIdentity;
    if has("AZURE_CLIENT_SECRET") || federated {
        let which = if has("AZURE_CLIENT_SECRET") {
            "AZURE_CLIENT_SECRET"
        } else {
            "AZURE_FEDERATED_TOKEN_FILE"
        };
        findings.push(
            Finding::info(Code::EnvCredentialPrecedence, format!("{which} makes DefaultAzureCredential skip managed identity"))
                .detail(format!("DefaultAzureCredential tries environment credentials{} before managed identity, so with {which} set it authenticates as that service principal, not as the resource's identity.", if which == "AZURE_FEDERATED_TOKEN_FILE" { " and workload identity" } else { "" }))
                .fix("Remove the variable, or use ManagedIdentityCredential directly.")
                .place(at(SetupPart::Env(which.to_string()))),
        );
    }
    // Variables the request uses that the pasted environment lacks.
    if let Some(r) = request {
        if let Some(var) = &r.url_parts.base_var {
            if !has(var)
                && vars
                    .iter()
                    .any(|v| v.name.starts_with("IDENTITY_") || v.name.starts_with("MSI_"))
            {
                findings.push(
                    Finding::error(Code::EnvMissingVariable, format!("The request uses ${var}, which is not set"))
                        .detail(format!("The environment pasted with the request has no {var}, so the URL would start with an empty string."))
                        .fix("Check the platform and that its managed identity is enabled.")
                        .place(at(SetupPart::Env(var.to_string()))),
                );
            }
        }
    }
}

fn url_checks(r: &ParsedRequest, spec: &Spec, vars: &[EnvVar], findings: &mut Vec<Finding>) {
    for why in &r.url_unexpanded {
        findings.push(
            Finding::error(
                Code::RequestHeaderValueUnexpanded,
                "The URL holds a variable's name, not its value",
            )
            .detail(format!("{why}."))
            .fix("Use the shell's own syntax for environment variables, outside single quotes.")
            .place(at(SetupPart::Url)),
        );
    }
    let p = &r.url_parts;
    if let Some(scheme) = &p.scheme {
        if scheme != spec.scheme {
            let detail = match spec.platform {
                Platform::Imds => "IMDS answers plain http on 169.254.169.254 only; it has no TLS endpoint (the address is link-local and never leaves the host).",
                Platform::ServiceFabric => "Service Fabric's endpoint is https with a self-signed certificate; validate it by its thumbprint, IDENTITY_SERVER_THUMBPRINT.",
                _ => "The local token endpoint speaks plain http on the loopback interface.",
            };
            findings.push(
                Finding::error(
                    Code::RequestScheme,
                    format!("{scheme}:// where {} needs {}://", spec.name, spec.scheme),
                )
                .detail(detail)
                .fix(format!("Use {}://.", spec.scheme))
                .place(at(SetupPart::Url)),
            );
        }
    }
    // The literal URL against the variable pasted with it.
    if let (Some(var), Some(host)) = (spec.endpoint_env, &p.host) {
        if let Some(e) = env(vars, var) {
            let (ep, _) = crate::input::parsed::split_url(&e.value);
            let same = ep.host.as_deref() == Some(host.as_str())
                && ep.port == p.port
                && ep
                    .path
                    .trim_end_matches('/')
                    .eq_ignore_ascii_case(p.path.trim_end_matches('/'));
            if !same {
                findings.push(
                    Finding::error(Code::RequestEndpointMismatch, format!("The URL is not {var}"))
                        .detail(format!("The request goes to {}, but {var} is {}. The port changes between restarts; read the variable instead of copying its value.", r.url.split('?').next().unwrap_or(""), e.value))
                        .fix(format!("Build the URL from ${var}."))
                        .place(at(SetupPart::Url)),
                );
            }
        }
    }
    // The path of a fixed endpoint.
    if spec.platform == Platform::Imds
        && p.host.as_deref() == Some("169.254.169.254")
        && !p
            .path
            .trim_end_matches('/')
            .eq_ignore_ascii_case("/metadata/identity/oauth2/token")
    {
        findings.push(
            Finding::error(Code::RequestEndpointMismatch, format!("IMDS's token path is /metadata/identity/oauth2/token, not {}", p.path))
                .detail("169.254.169.254 serves other APIs (instance metadata, attested data); tokens come from one path only.")
                .fix("Use http://169.254.169.254/metadata/identity/oauth2/token.")
                .place(at(SetupPart::Url)),
        );
    }
}

fn method_check(r: &ParsedRequest, spec: &Spec, findings: &mut Vec<Finding>) {
    if r.method == spec.method || (spec.platform == Platform::CloudShell && r.method == "GET") {
        return;
    }
    findings.push(
        Finding::error(Code::RequestMethod, format!("{} where {} expects {}", r.method, spec.name, spec.method))
            .detail(if spec.resource_in_body {
                "Cloud Shell's endpoint takes a POST with the resource in a form body (Content-Type: application/x-www-form-urlencoded)."
            } else {
                "The token endpoint answers GET with the parameters in the query string."
            })
            .fix(format!("Send {}.", spec.method))
            .place(at(SetupPart::Method)),
    );
}

/// A version string shaped like `2019-08-01` or `2019-07-01-preview`.
fn well_formed_version(v: &str) -> bool {
    let (date, suffix) = match v.split_on("-preview") {
        Some((d, rest)) => (d, Some(rest)),
        None => (v, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    suffix.is_none_or(str::is_empty)
        && parts.len() == 3
        && parts
            .iter()
            .zip([4, 2, 2])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_digit()))
}

/// Which platforms' protocols use a version.
fn owners(version: &str) -> Vec<&'static Spec> {
    platforms::SPECS
        .iter()
        .filter(|s| s.api_versions.contains(&version))
        .collect()
}

/// Checks api-version; returns the version the corrected request should carry (`None`: default).
fn api_version_checks(
    r: &ParsedRequest,
    spec: &Spec,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let given = r.param("api-version");
    let expected = spec.api_version?;
    let Some(given) = given else {
        findings.push(
            Finding::error(Code::RequestApiVersionMissing, "No api-version")
                .detail(format!("{} requires api-version; without it the endpoint answers 400 (Service Fabric: InvalidApiVersion).", spec.name))
                .fix(format!("Add api-version={expected} to the query string."))
                .place(at(SetupPart::Query("api-version".into()))),
        );
        return None;
    };
    let v = given.value.as_str();
    if is_runtime_placeholder(v) {
        // A constant the pasted code does not show.
        return None;
    }
    if !well_formed_version(v) {
        let squeezed: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        let hint = if squeezed != v && well_formed_version(&squeezed) {
            format!(" It contains whitespace: '{v}' should be '{squeezed}'.")
        } else {
            String::new()
        };
        findings.push(
            Finding::error(
                Code::RequestApiVersionInvalid,
                format!("api-version '{v}' is not a valid version"),
            )
            .detail(format!(
                "Versions are dates like {expected}.{hint} The endpoint rejects anything else."
            ))
            .fix(format!("Use api-version={expected}."))
            .place(at(SetupPart::Query("api-version".into()))),
        );
        return None;
    }
    if spec.api_versions.contains(&v) {
        return Some(v.to_string());
    }
    let later = spec.accepts_later && spec.api_versions.first().is_some_and(|first| v > *first);
    if later {
        // Accepted ("or later"), but worth a word when the version is another protocol's.
        let others: Vec<&str> = owners(v)
            .iter()
            .filter(|o| o.platform != spec.platform)
            .map(|o| o.name)
            .collect();
        if !others.is_empty() {
            findings.push(
                Finding::info(Code::RequestApiVersionWrongPlatform, format!("api-version {v} is also {}'s", others.join(" and ")))
                    .detail(format!("{} accepts {} or later, so this works, but SDKs send {expected}; code that sends {v} here may have been written for another platform.", spec.name, spec.api_versions.join(" or ")))
                    .fix(format!("api-version={expected}"))
                    .place(at(SetupPart::Query("api-version".into()))),
            );
        }
        return Some(v.to_string());
    }
    let belongs: Vec<&str> = owners(v).iter().map(|s| s.name).collect();
    let whose = if belongs.is_empty() {
        "no managed-identity platform's".to_string()
    } else {
        format!("the protocol of {}", belongs.join(" and "))
    };
    findings.push(
        Finding::error(
            Code::RequestApiVersionWrongPlatform,
            format!("api-version {v} is not {}'s", spec.name),
        )
        .detail(format!(
            "{v} is {whose}. {} takes {}{}.",
            spec.name,
            spec.api_versions.join(" or "),
            if spec.accepts_later { " or later" } else { "" }
        ))
        .fix(format!("Use api-version={expected}."))
        .place(at(SetupPart::Query("api-version".into()))),
    );
    None
}

/// Cloud Shell's allow-list of audiences, as its error message lists it (MSAL .NET's test mock of
/// that message, AzureAD/microsoft-authentication-library-for-dotnet MockHelpers.cs).
const CLOUD_SHELL_AUDIENCES: &[&str] = &[
    "https://management.core.windows.net/",
    "https://management.azure.com/",
    "https://graph.windows.net/",
    "https://vault.azure.net",
    "https://datalake.azure.net/",
    "https://outlook.office365.com/",
    "https://graph.microsoft.com/",
    "https://batch.core.windows.net/",
    "https://analysis.windows.net/powerbi/api",
    "https://storage.azure.com/",
    "https://rest.media.azure.net",
    "https://api.loganalytics.io",
    "https://ossrdbms-aad.database.windows.net",
    "https://www.yammer.com",
    "https://digitaltwins.azure.net",
    "0b07f429-9f4b-4714-9392-cc5e8e80c8b0",
    "822c8694-ad95-4735-9c55-256f7db2f9b4",
    "https://dev.azuresynapse.net",
    "https://database.windows.net",
    "https://quantum.microsoft.com",
    "https://iothubs.azure.net",
    "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
    "https://azuredatabricks.net/",
    "ce34e7e5-485f-4d76-964f-b3d2b16d1e4f",
    "https://azure-devices-provisioning.net",
    "https://managedhsm.azure.net",
    "499b84ac-1321-427f-aa17-267ca6975798",
    "https://api.adu.microsoft.com/",
    "https://purview.azure.net/",
    "6dae42f8-4368-4678-94ff-3960e28e3630",
];

/// Checks the resource; returns the resource the corrected request should carry.
fn resource_checks(r: &ParsedRequest, spec: &Spec, findings: &mut Vec<Finding>) -> Option<String> {
    let part = || {
        if spec.resource_in_body && r.form.iter().any(|p| p.name == "resource") {
            SetupPart::Form("resource".into())
        } else {
            SetupPart::Query("resource".into())
        }
    };
    let Some(param) = r.param("resource") else {
        findings.push(
            Finding::error(Code::RequestResourceMissing, "No resource")
                .detail(if spec.resource_in_body { "Cloud Shell needs resource=<audience> in the form body." } else { "The token endpoint needs resource=<audience> in the query string: the API the token is for." })
                .fix("Add resource=<App ID URI>, e.g. https://management.azure.com/ or https://vault.azure.net.")
                .place(at(part())),
        );
        return None;
    };
    let value = param.value.trim().to_string();
    if is_runtime_placeholder(&value) {
        // Supplied at run time (a parameter in code): nothing to check.
        return Some(value);
    }
    if let Some(base) = value.strip_suffix("/.default") {
        findings.push(
            Finding::error(Code::RequestResourceScopeSuffix, format!("resource '{value}' is a scope"))
                .detail("Managed-identity endpoints take a resource (the App ID URI); /.default belongs to SDK scopes. Entra ID answers with AADSTS500011 or a token for the wrong audience.")
                .fix(format!("Send resource={base} (SDK credentials take the scope {value}; raw endpoints the resource)."))
                .place(at(part())),
        );
        return Some(base.to_string());
    }
    // Encoding: characters that end or change a query value must be encoded.
    if !spec.resource_in_body && param.raw.has("://") {
        let dangerous = param.raw.contains(['&', '#', '+', ' ']);
        findings.push(
            Finding::new(if dangerous { Severity::Warning } else { Severity::Info }, Code::RequestResourceNotEncoded, "The resource is not percent-encoded")
                .detail(if dangerous {
                    "It contains characters (&, #, + or a space) that end or change a query value, so the endpoint receives a different resource."
                } else {
                    "The endpoints accept it as written, but encoding (https%3A%2F%2F…) is what SDKs send and keeps it intact through any proxy or shell."
                })
                .fix(format!("resource={}", crate::input::percent::percent_encode(&value)))
                .place(at(part())),
        );
    }
    let mut corrected = value.clone();
    match resources::identify(&value) {
        Some(resources::Identified::SlashDiffers { resource }) => {
            let sql_like = ["https://database.windows.net/", "https://datalake.azure.net/", "https://database.usgovcloudapi.net/", "https://database.chinacloudapi.cn/"].contains(&resource.uri);
            let (severity, why) = if sql_like {
                (Severity::Warning, "This service checks the token's audience exactly and documents it with the slash (MicrosoftDocs/azure-docs#38814): a token without it is rejected.".to_string())
            } else if resource.uri == "https://vault.azure.net" {
                (Severity::Info, "The token's aud will be 'https://vault.azure.net/'. Key Vault's documented audience has no slash, and a Container Instances user reported Key Vault answering 401 to the slashed form (MicrosoftDocs/azure-docs#33137).".to_string())
            } else {
                (Severity::Info, format!("The token's aud is exactly the string requested. {} accepts both forms, but the documented one is the safe choice.", resource.service))
            };
            findings.push(
                Finding::new(severity, Code::RequestResourceTrailingSlash, format!("{} is documented as {}", value, resource.uri))
                    .detail(why)
                    .fix(format!("resource={}", resource.uri))
                    .place(at(part())),
            );
            if sql_like || resource.uri == "https://vault.azure.net" {
                corrected = resource.uri.to_string();
            }
        }
        Some(resources::Identified::Pattern { service, use_instead: Some(audience) }) => {
            findings.push(
                Finding::warning(Code::RequestResourceUnknown, format!("'{value}' is {service}, not an audience"))
                    .detail(format!("Tokens for this service are requested for {audience}; a token for the endpoint's own URL is rejected."))
                    .fix(format!("resource={audience}"))
                    .place(at(part())),
            );
            corrected = audience.to_string();
        }
        Some(_) => {}
        None => match resources::did_you_mean(&value) {
            Some(known) => {
                findings.push(
                    Finding::warning(Code::RequestResourceUnknown, format!("Unknown resource '{value}': did you mean {}?", known.uri))
                        .detail(format!("Entra ID answers an unknown resource with AADSTS500011. '{value}' is close to {} ({}).", known.uri, known.service))
                        .fix(format!("resource={}", known.uri))
                        .place(at(part())),
                );
                corrected = known.uri.to_string();
            }
            None if !value.has("://") && !is_guid(&value) => findings.push(
                Finding::warning(Code::RequestResourceUnknown, format!("'{value}' is not a resource URI"))
                    .detail("A resource is an App ID URI (https://…) or an application ID (GUID); permission names such as User.Read are not resources.")
                    .fix("Use the API's App ID URI, e.g. https://graph.microsoft.com/ for Microsoft Graph.")
                    .place(at(part())),
            ),
            None => {}
        },
    }
    if spec.platform == Platform::CloudShell {
        let bare = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
        if !CLOUD_SHELL_AUDIENCES
            .iter()
            .any(|a| bare(a) == bare(&value))
        {
            findings.push(
                Finding::warning(Code::RequestAudienceNotSupported, format!("Cloud Shell may not serve '{value}'"))
                    .detail("Cloud Shell issues tokens for an allow-list of audiences and answers others with AudienceNotSupported (Azure/CloudShell#477: https://azconfig.io/). The list checked here is the one Cloud Shell's error message printed in MSAL .NET's tests; it may have grown since.")
                    .fix("Use `az account get-access-token --resource <audience>` for other audiences.")
                    .place(at(part())),
            );
        }
    }
    Some(corrected)
}

/// Every header check: how each header is written, the platform's required ones (sent, sent
/// under another name, or missing), another platform's secret on IMDS, Arc's challenge.
fn header_checks(r: &ParsedRequest, spec: &Spec, findings: &mut Vec<Finding>) {
    for h in &r.headers {
        header_syntax(h, findings);
    }
    for required in spec.headers {
        match r.header(required.name) {
            Some(h) => required_header_value(h, required, findings),
            None => findings.push(required_header_absent(r, spec, required)),
        }
    }
    // A secret header on IMDS (X-IDENTITY-HEADER or secret) is another platform's habit.
    if spec.platform == Platform::Imds && r.header("Metadata").is_some() {
        if let Some(o) = r.headers.iter().find(|h| is_secret_header(&h.name)) {
            findings.push(
                Finding::warning(Code::RequestHeaderWrongName, format!("{} is not an IMDS header", o.name))
                    .detail("IMDS ignores it; it belongs to App Service / Service Fabric. Code that sends it to IMDS was likely written for another platform.")
                    .fix(format!("Remove {}.", o.name))
                    .place(at(SetupPart::Header(o.name.to_string()))),
            );
        }
    }
    if spec.challenge && r.header("Authorization").is_none() {
        findings.push(
            Finding::info(Code::PlatformArcChallenge, "Azure Arc answers this request with a 401 challenge")
                .detail("The first request gets 401 with `WWW-Authenticate: Basic realm=<key file>`; read that file (himds group on Linux, Administrators or Hybrid Agent Extension Applications on Windows) and send the same request again with `Authorization: Basic <file contents>`.")
                .fix("Handle the two steps, or use an SDK (they do it for you).")
                .place(at(SetupPart::Header("Authorization".into()))),
        );
    }
}

/// The headers that carry a platform's secret (App Service's, the legacy protocol's, Service
/// Fabric's).
fn is_secret_header(name: &str) -> bool {
    ["x-identity-header", "secret"].contains(&name.to_ascii_lowercase().as_str())
}

/// How one header is written: a space before the colon, a variable's name that is not expanded,
/// a value in quotes.
fn header_syntax(h: &RequestHeader, findings: &mut Vec<Finding>) {
    if h.raw.contains(" :") || h.name.contains(' ') {
        findings.push(
            Finding::error(Code::RequestHeaderSyntax, format!("'{}' has a space before the colon", h.raw.trim()))
                .detail("HTTP forbids whitespace between a header's name and its colon (RFC 9112 §5.1): servers reject the request with 400 or ignore the header.")
                .fix(format!("{}: {}", h.name.trim(), h.value))
                .place(at(SetupPart::Header(h.name.trim().to_string()))),
        );
    }
    for why in &h.unexpanded {
        findings.push(
            Finding::error(Code::RequestHeaderValueUnexpanded, format!("{} holds a variable's name, not its value", h.name))
                .detail(format!("{why}. The endpoint receives the name and answers 401/400."))
                .fix("Let the shell expand the variable (double quotes in bash, $env:NAME in PowerShell), or read it in code at run time.")
                .place(at(SetupPart::Header(h.name.to_string()))),
        );
    }
    let v = h.value.trim();
    let quoted = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    if quoted {
        findings.push(
            Finding::error(
                Code::RequestHeaderValueUnexpanded,
                format!("{}'s value is wrapped in quotes", h.name),
            )
            .detail(format!(
                "The header is sent as {}, quotes included, so it does not match.",
                h.value
            ))
            .fix(format!("{}: {}", h.name, v.trim_matches(['"', '\''])))
            .place(at(SetupPart::Header(h.name.to_string()))),
        );
    }
}

/// A required header that is sent: Metadata's value, and a rotating secret copied in literally.
fn required_header_value(
    h: &RequestHeader,
    required: &RequiredHeader,
    findings: &mut Vec<Finding>,
) {
    if required.name == "Metadata" && !h.value.trim().eq("true") {
        let severity = if h.value.trim().eq_ignore_ascii_case("true") {
            Severity::Warning
        } else {
            Severity::Error
        };
        findings.push(
            Finding::new(
                severity,
                Code::RequestMetadataValue,
                format!("Metadata is '{}', not 'true'", h.value),
            )
            .detail("IMDS requires the value true in lower case.")
            .fix("Metadata: true")
            .place(at(SetupPart::Header("Metadata".into()))),
        );
    }
    if let HeaderValue::Env(var) = required.value {
        let literal = !h.value.contains('$')
            && !h.value.contains('%')
            && !h.value.has("<")
            && h.unexpanded.is_empty()
            && h.value.len() > 8;
        if literal {
            findings.push(
                Finding::info(Code::RequestSecretHardcoded, format!("{} is a literal value", h.name))
                    .detail(format!("The platform rotates {var}: a copied value stops working. Documentation samples show a literal; real code reads the variable at run time."))
                    .fix(format!("{}: ${var}", required.name))
                    .place(at(SetupPart::Header(h.name.to_string()))),
            );
        }
    }
}

/// A required header that is not sent: another protocol's header in its place, or none.
fn required_header_absent(r: &ParsedRequest, spec: &Spec, required: &RequiredHeader) -> Finding {
    let other = r
        .headers
        .iter()
        .find(|h| is_secret_header(&h.name) || h.name.eq_ignore_ascii_case("metadata"))
        .filter(|o| !o.name.eq_ignore_ascii_case(required.name));
    let wanted = format!("{}: {}", required.name, header_value_text(required.value));
    if let Some(o) = other {
        return Finding::error(
            Code::RequestHeaderWrongName,
            format!(
                "{} sends {} where it needs {}",
                spec.name, o.name, required.name
            ),
        )
        .detail(format!(
            "{} is another protocol's header. {} needs {} ({}).",
            o.name, spec.name, required.name, required.why
        ))
        .fix(wanted)
        .place(at(SetupPart::Header(o.name.to_string())));
    }
    let in_code = r.source == RequestSource::Code;
    Finding::new(
        if in_code {
            Severity::Warning
        } else {
            Severity::Error
        },
        Code::RequestHeaderMissing,
        format!("No {} header", required.name),
    )
    .detail(format!(
        "{} requires {}: {}. Without it the endpoint answers 400 or 401.{}",
        spec.name,
        required.name,
        required.why,
        if in_code {
            " (Not seen in the code pasted; it may be set elsewhere.)"
        } else {
            ""
        }
    ))
    .fix(wanted)
    .place(at(SetupPart::Header(required.name.to_string())))
}

fn header_value_text(v: HeaderValue) -> String {
    match v {
        HeaderValue::Literal(l) => l.to_string(),
        HeaderValue::Env(var) => format!("${var}"),
    }
}

/// Checks identity selectors; returns the identity for the corrected request and, when the
/// platform cannot use one, why.
fn selector_checks(
    r: &ParsedRequest,
    spec: &Spec,
    findings: &mut Vec<Finding>,
) -> (RequestedIdentity, Option<String>) {
    let present: Vec<&crate::input::parsed::Param> = r
        .query
        .iter()
        .filter(|p| platforms::ALL_SELECTORS.contains(&p.name.as_str()) || p.name == "object_id")
        .collect();
    if present.len() > 1 {
        findings.push(
            Finding::error(
                Code::RequestIdentitySelectorConflict,
                "More than one identity selector",
            )
            .detail(format!(
                "{} name the identity in different ways; the endpoint takes exactly one.",
                present
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .fix("Keep one: the client ID is the usual choice.")
            .place(Place::parts(
                present
                    .iter()
                    .map(|p| SetupPart::Query(p.name.clone()))
                    .collect(),
            )),
        );
    }
    let Some(p) = present.first() else {
        return (RequestedIdentity::System, None);
    };
    let kind = match p.name.as_str() {
        "client_id" | "clientid" => RequestedIdentity::ClientId(p.value.clone()),
        "object_id" | "principal_id" => RequestedIdentity::ObjectId(p.value.clone()),
        _ => RequestedIdentity::ResourceId(p.value.clone()),
    };
    if !spec.selectors.any() {
        let why = format!("{} has one identity and no parameter to choose another; it answers with that identity or an error.", spec.name);
        findings.push(
            Finding::error(
                Code::PlatformUserAssignedUnsupported,
                format!("{} does not support user-assigned identities", spec.name),
            )
            .detail(format!("{why} The request names {}={}.", p.name, p.value))
            .fix(format!(
                "Remove {}; assign roles to the platform's own identity.",
                p.name
            ))
            .place(at(SetupPart::Query(p.name.to_string()))),
        );
        return (RequestedIdentity::System, Some(why));
    }
    let expected = match &kind {
        RequestedIdentity::ClientId(_) => spec.selectors.client_id,
        RequestedIdentity::ObjectId(_) => spec.selectors.object_id,
        RequestedIdentity::ResourceId(_) => spec.selectors.resource_id,
        RequestedIdentity::System => None,
    };
    let alias_ok = spec.platform != Platform::Imds
        && p.name == "object_id"
        && spec.selectors.object_id == Some("principal_id");
    let mut identity = kind.clone();
    match expected {
        Some(name) if name == p.name || alias_ok => {}
        Some(name) => findings.push(
            Finding::error(Code::RequestIdentitySelectorName, format!("{} calls this parameter {name}, not {}", spec.name, p.name))
                .detail(format!("{} is another platform's name; {} ignores it and returns its default identity (or an error).", p.name, spec.name))
                .fix(format!("{name}={}", p.value))
                .place(at(SetupPart::Query(p.name.to_string()))),
        ),
        None => {
            findings.push(
                Finding::error(Code::RequestIdentitySelectorName, format!("{} cannot select an identity by {}", spec.name, kind.label()))
                    .detail(format!("{} takes only {}.", spec.name, spec.selectors.all().collect::<Vec<_>>().join(" or ")))
                    .fix(format!("Use the identity's client ID: {}=<client ID>.", spec.selectors.client_id.unwrap_or("clientid")))
                    .place(at(SetupPart::Query(p.name.to_string()))),
            );
            identity = RequestedIdentity::System;
        }
    }
    // Values.
    // Redacted values and values read at run time ($VAR, <parameter>) are not checked.
    let redacted = p.value.has("xxxx")
        || p.value.contains('…')
        || p.value.has("...")
        || p.value.contains('$')
        || p.value.contains('%')
        || p.value.starts_with('<');
    match &kind {
        RequestedIdentity::ClientId(v) | RequestedIdentity::ObjectId(v) if !is_guid(v) && !redacted => findings.push(
            Finding::error(Code::RequestIdentitySelectorFormat, format!("{} '{v}' is not a GUID", p.name))
                .detail("Client and object IDs are GUIDs (8-4-4-4-12 hexadecimal digits). A name or a resource ID here is ignored or rejected.")
                .fix(format!("Copy the identity's {} from its Overview page.", if p.name.has("client") { "client ID" } else { "object (principal) ID" }))
                .place(at(SetupPart::Query(p.name.to_string()))),
        ),
        RequestedIdentity::ResourceId(v) => match arm_id::parse(v) {
            Ok(id) if id.is_user_assigned_identity() => {}
            Ok(id) => findings.push(
                Finding::error(Code::RequestIdentitySelectorFormat, format!("{} names a {}, not a user-assigned identity", p.name, id.kind_label()))
                    .detail("The resource ID must be the identity's own: /subscriptions/…/resourceGroups/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>.")
                    .fix("Copy the identity's resource ID from its Properties page.")
                    .place(at(SetupPart::Query(p.name.to_string()))),
            ),
            Err(e) => findings.push(
                Finding::error(Code::RequestIdentitySelectorFormat, format!("{} is not a resource ID", p.name))
                    .detail(format!("'{v}': {e}."))
                    .fix("Copy the identity's resource ID from its Properties page.")
                    .place(at(SetupPart::Query(p.name.to_string()))),
            ),
        },
        _ => {}
    }
    (identity, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_shapes() {
        for good in ["2018-02-01", "2019-07-01-preview"] {
            assert!(super::well_formed_version(good), "{good}");
        }
        for bad in [
            "2019- 08-01",
            "2019-8-01",
            "2019/08/01",
            "latest",
            "2019-07-01-preview-x",
            "",
        ] {
            assert!(!super::well_formed_version(bad), "{bad}");
        }
    }
}
