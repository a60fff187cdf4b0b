//! Turning an error from a managed-identity endpoint into a diagnosis: what it means, how to fix
//! it, and whether retrying helps on that platform. Bodies from every platform are read (IMDS's
//! `{error, error_description}`, Entra passthrough with `AADSTS` codes, App Service's
//! `{statusCode, message, correlationId}`, Service Fabric's and Cloud Shell's `{error: {code,
//! message}}`), and so are the texts SDKs and shells print around them. Protocol facts:
//! ../shared/reference/mi-protocols.md §3 and §8–§9.

use serde::Serialize;
use serde_json::{Map, Value};

use super::assertion::{self, PresentedAssertion};
use crate::azure::{aadsts, resources};
use crate::input::http::HttpResponse;
use crate::input::text::between;
use crate::model::Code;
use crate::model::{Finding, Platform, Severity};
use crate::search::Search;

/// Whether and how to retry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Retry {
    pub retryable: bool,
    pub advice: String,
}

/// A diagnosed error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub code: Code,
    pub status: Option<u16>,
    /// `error`, `error.code` or the App Service status, as sent.
    pub error: Option<String>,
    /// `error_description` or `message`, as sent.
    pub description: Option<String>,
    pub aadsts: Vec<u32>,
    pub correlation_id: Option<String>,
    pub trace_id: Option<String>,
    pub timestamp: Option<String>,
    /// The resource the error names, when it names one.
    pub resource: Option<String>,
    /// Cloud Shell's list of audiences it does serve, when the error lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supported_audiences: Vec<String>,
    pub title: String,
    pub meaning: String,
    pub fix: String,
    /// Whether retrying helps, when the status or the kind of error tells; `None` when neither
    /// does (an unrecognised error with no HTTP status).
    pub retry: Option<Retry>,
    pub platform: Option<Platform>,
    /// The expires_on value an SDK failed to parse, when the message quotes it.
    #[serde(skip)]
    pub unparsed_expires_on: Option<String>,
    /// What a workload-identity federation error says was presented (issuer, subject, audience,
    /// validity, scope, application), and which field is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assertion: Option<PresentedAssertion>,
}

impl ErrorReport {
    /// The finding for this diagnosis: the fix first, as the UI card shows it.
    pub fn finding(&self) -> Finding {
        let severity = match self.code {
            Code::ErrorArcChallenge => Severity::Info,
            Code::ErrorTransient => Severity::Warning,
            _ => Severity::Error,
        };
        let detail = match &self.retry {
            Some(r) => {
                let lead = if r.retryable {
                    "Retrying helps:"
                } else {
                    "Retrying will not help:"
                };
                format!("{} {lead} {}", self.meaning, r.advice)
            }
            None => self.meaning.clone(),
        };
        Finding::new(severity, self.code, self.title.clone())
            .detail(detail)
            .fix(self.fix.clone())
    }
}

/// The parts of an error body, whatever its shape.
#[derive(Default)]
struct Parts {
    error: Option<String>,
    description: Option<String>,
    nested_code: Option<String>,
    status: Option<u16>,
    app_service_shape: bool,
    codes: Vec<u32>,
    correlation_id: Option<String>,
    trace_id: Option<String>,
    timestamp: Option<String>,
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn parts(obj: Option<&Map<String, Value>>) -> Parts {
    let mut p = Parts::default();
    let Some(obj) = obj else { return p };
    match obj.get("error") {
        Some(Value::Object(inner)) => {
            p.nested_code = text_of(inner.get("code"));
            p.error = p.nested_code.clone();
            p.description = text_of(inner.get("message"));
            p.correlation_id = text_of(inner.get("correlationId"));
        }
        other => p.error = text_of(other),
    }
    p.description = p
        .description
        .or_else(|| text_of(obj.get("error_description")))
        .or_else(|| text_of(obj.get("message")));
    if let Some(Value::Number(n)) = obj.get("statusCode") {
        p.status = n.as_u64().and_then(|s| u16::try_from(s).ok());
        p.app_service_shape = true;
    }
    p.correlation_id = p
        .correlation_id
        .or_else(|| text_of(obj.get("correlation_id")))
        .or_else(|| text_of(obj.get("correlationId")));
    p.trace_id = text_of(obj.get("trace_id"));
    p.timestamp = text_of(obj.get("timestamp"));
    // error_codes: an array, or (in an MSAL .NET fixture) the string "[500011]".
    p.codes = match obj.get("error_codes") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_u64)
            .filter_map(|c| u32::try_from(c).ok())
            .collect(),
        Some(Value::String(s)) => s
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|d| d.parse().ok())
            .collect(),
        _ => Vec::new(),
    };
    p
}

/// Status from text an SDK printed: "Status: 400", "Http status code: BadRequest", "(Bad Request)".
fn status_from_text(text: &str) -> Option<u16> {
    let names = [
        ("BadRequest", 400),
        ("Bad Request", 400),
        ("Unauthorized", 401),
        ("Forbidden", 403),
        ("NotFound", 404),
        ("Not Found", 404),
        ("Gone", 410),
        ("TooManyRequests", 429),
        ("Too Many Requests", 429),
        ("InternalServerError", 500),
        ("Internal Server Error", 500),
        ("ServiceUnavailable", 503),
    ];
    // MSAL Go: "reply status code was 400"; azidentity: "RESPONSE 400: 400 Bad Request".
    for label in ["reply status code was ", "RESPONSE "] {
        if let Some(i) = text.find_str(label) {
            let digits: String = text
                .get(i + label.len()..)
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(status) = digits.parse::<u16>() {
                return Some(status);
            }
        }
    }
    if let Some(i) = text
        .find_str("status code: ")
        .or_else(|| text.find_str("Status code: "))
    {
        let after = text.get(i + 13..).unwrap_or("");
        if let Some((_, code)) = names.iter().find(|(n, _)| after.starts_with(n)) {
            return Some(*code);
        }
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    None
}

/// Signs in plain text (no JSON) that an error is being reported.
pub fn text_signals(text: &str) -> bool {
    const SIGNS: &[&str] = &[
        "AADSTS",
        "Identity not found",
        "Required metadata header",
        "Multiple user assigned identities",
        "Unable to load the proper Managed Identity",
        "AudienceNotSupported",
        "supported MSI token audience",
        "SecretHeaderNotFound",
        "ManagedIdentityNotFound",
        "Basic realm=",
        "doesn't match the expected format",
        "was not in a correct format",
        "UnsupportedApiVersion",
        "does not support the API version",
        "AzureConnectedMachineAgent",
        "azcmagent",
        "Failed to parse date-time",
        "Unparseable date",
        "No identity has been assigned",
        "requested identity has not been assigned",
        "no azure identity found for request clientID",
        "Check MIC pod logs",
        "nmi response failed",
        // App Service's answer to a client ID it does not have (azure-search-openai-demo#2148).
        "No User Assigned or Delegated Managed Identity found",
        // az CLI's report of the Cloud Shell / MSI endpoint's refusal (azure-cli#20715).
        "Failed to connect to MSI",
        // aad-pod-identity's NMI answering for IMDS (aad-pod-identity#556, #585; CSI driver #1016).
        "getting assigned identities for pod",
        "no AzureAssignedIdentity found",
        // msrestazure's MSIAuthentication log (microsoft/azure-container-apps#502).
        "MSI: Failed to retrieve a",
        // @azure/core-http's response log line (azure-sdk-for-js#11369).
        "Response status code: 4",
        "Response status code: 5",
    ];
    SIGNS.iter().any(|s| text.has(s))
}

/// Diagnoses an error from its body (when there is one), its HTTP response and the text around it.
pub fn diagnose(
    obj: Option<&Map<String, Value>>,
    http: Option<&HttpResponse>,
    text: &str,
) -> ErrorReport {
    let p = parts(obj);
    let clues = Clues::read(&p, http, text);
    let mut r = clues.report(&p);
    if !platform_error(&mut r, &clues, &p) && !entra_error(&mut r, &clues, &p) {
        other_error(&mut r, &clues, &p, http);
    }
    r.retry = retry_of(&r, clues.status, &clues.nested);
    r
}

/// What the diagnosis is read from: the status, every text of the error in one string, the
/// AADSTS codes, the challenge header and the code nested in the body.
struct Clues<'a> {
    status: Option<u16>,
    haystack: String,
    codes: Vec<u32>,
    www_auth: Option<&'a str>,
    nested: String,
    text: &'a str,
}

impl<'a> Clues<'a> {
    fn read(p: &Parts, http: Option<&'a HttpResponse>, text: &'a str) -> Self {
        let status = http
            .and_then(|h| h.status)
            .or(p.status)
            .or_else(|| status_from_text(text));
        let haystack = format!(
            "{} {} {}",
            p.error.as_deref().unwrap_or(""),
            p.description.as_deref().unwrap_or(""),
            text
        );
        let mut codes = p.codes.clone();
        for c in aadsts::find_codes(&haystack) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        Clues {
            status,
            codes,
            www_auth: http.and_then(|h| h.header("WWW-Authenticate")),
            nested: p.nested_code.clone().unwrap_or_default(),
            haystack,
            text,
        }
    }

    fn has(&self, s: &str) -> bool {
        self.haystack.has(s)
    }

    /// The value after `label` in the text (Entra ID writes IDs into the description too; log
    /// text has nothing else).
    fn labelled(&self, label: &str) -> Option<String> {
        let at = self.haystack.find_str(label)? + label.len();
        let value: String = self
            .haystack
            .get(at..)?
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\\')
            .collect();
        (!value.is_empty()).then_some(value)
    }

    /// The report before its diagnosis: what was sent, and the IDs to quote to support.
    fn report(&self, p: &Parts) -> ErrorReport {
        let timestamp = p.timestamp.clone().or_else(|| {
            let at = self.haystack.find_str("Timestamp: ")? + "Timestamp: ".len();
            self.haystack.get(at..at + 20).map(str::to_string)
        });
        ErrorReport {
            code: Code::ErrorUnrecognized,
            status: self.status,
            error: p.error.clone(),
            description: p.description.clone(),
            aadsts: self.codes.clone(),
            correlation_id: p
                .correlation_id
                .clone()
                .or_else(|| self.labelled("Correlation ID: ")),
            trace_id: p.trace_id.clone().or_else(|| self.labelled("Trace ID: ")),
            timestamp,
            resource: None,
            supported_audiences: Vec::new(),
            title: String::new(),
            meaning: String::new(),
            fix: String::new(),
            retry: None,
            platform: None,
            unparsed_expires_on: None,
            assertion: None,
        }
    }
}

/// The errors a managed-identity endpoint itself gives (IMDS, App Service, Service Fabric, Cloud
/// Shell, Arc, Azure ML, AAD Pod Identity's NMI); false when it is none of them.
fn platform_error(r: &mut ErrorReport, c: &Clues<'_>, p: &Parts) -> bool {
    let has = |s: &str| c.has(s);
    let nested = c.nested.as_str();
    if c.www_auth.is_some_and(|w| w.has("realm=")) || (has("Basic realm=") && !has("AADSTS")) {
        let realm = c
            .www_auth
            .or(Some(c.text))
            .and_then(|w| w.split("realm=").nth(1))
            .map(|r| {
                r.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches('"')
                    .to_string()
            });
        arc_challenge(r, realm.as_deref());
    } else if has(".key")
        && (has("Cannot find path")
            || has("does not exist")
            || has("Access to the path")
            || has("denied")
            || has("not secure"))
    {
        set(r, Code::ErrorArcKeyFile, Some(Platform::AzureArc), "The Arc key file could not be read",
            "This is step 2 of Azure Arc's challenge: the file named in the 401's WWW-Authenticate realm must be read and its contents sent as `Authorization: Basic <contents>`. The file is created for each challenge and is readable only by administrators (Windows) or the himds group (Linux); a path with a placeholder such as [guid] was copied from somewhere else and does not exist.",
            "Read the path from the WWW-Authenticate header of a fresh 401 and read that file at once, as a member of the local Administrators or Hybrid Agent Extension Applications group (Windows) or of the himds group (Linux).");
    } else if has("no azure identity found for request clientID")
        || has("Check MIC pod logs")
        || has("nmi response failed")
    {
        aad_pod_identity(r, &c.haystack);
    } else if has("Required metadata header") || p.error.as_deref() == Some("bad_request_102") {
        set(r, Code::ErrorMissingMetadataHeader, Some(Platform::Imds), "IMDS needs the Metadata: true header",
            "IMDS refuses requests without `Metadata: true` (a defence against server-side request forgery). The service answers error \"invalid_request\" here although its documentation lists the message under bad_request_102.",
            "Send the header `Metadata: true` (the value in lower case) with every request to 169.254.169.254.");
    } else if has("Multiple user assigned identities") {
        set(r, Code::ErrorMultipleIdentities, Some(Platform::Imds), "Several identities: say which one",
            "The VM has more than one user-assigned identity and no system-assigned one, so IMDS cannot choose.",
            "Add client_id=<client ID>, object_id=<principal ID> or msi_res_id=<ARM resource ID> of the identity to the request (in SDKs: ManagedIdentityCredential with the client ID).");
    } else if has("DefaultIdentity is null") {
        // Azure/azure-storage-fuse#1526: blobfuse2 on Azure ML compute, a resource ID configured.
        set(r, Code::ErrorIdentityNotFound, Some(Platform::AzureMl), "The Azure ML compute has no default identity",
            "Azure ML's identity endpoint (MSI_ENDPOINT) was asked for a token without a client ID and the compute has no system-assigned identity to fall back to. Azure ML takes a user-assigned identity by client ID only (MSAL: \"Only client id is supported for user-assigned managed identity in Machine Learning\"): SDKs drop a resource ID there (azidentity warns \"Azure ML doesn't support specifying a managed identity by resource ID\") and send no selector. The 500 is the platform's answer to the setup, not an outage.",
            "Name the user-assigned identity by its client ID (ManagedIdentityCredential's client ID; blobfuse2's appid instead of resid), or enable a system-assigned identity on the compute.");
    } else if has("Identity not found")
        || has("No identity has been assigned")
        || has("requested identity has not been assigned")
    {
        set(r, Code::ErrorIdentityNotFound, Some(Platform::Imds), "No such managed identity on this resource",
            "IMDS has no identity to issue a token for: the VM (or scale set) has no managed identity enabled, or the client_id/object_id/msi_res_id in the request names an identity that is not assigned to it. Tools that fall back to managed identity after other credentials fail (DefaultAzureCredential, Terraform) report this when none is configured.",
            "Enable a system-assigned identity or assign the user-assigned one to this VM/VMSS (Identity blade), then request again; check the client ID you pass is the identity's client ID, not its object ID. Assignments can take a few minutes to reach IMDS.");
    } else if has("Unable to load the proper Managed Identity")
        || has("No User Assigned or Delegated Managed Identity found")
    {
        set(r, Code::ErrorUnableToLoadIdentity, Some(Platform::AppService), "App Service cannot load that identity",
            "The App Service / Functions / Container Apps token service could not find the identity the request asked for: a client_id/principal_id/mi_res_id that is not assigned to the app, or no identity enabled at all.",
            "Assign the user-assigned identity to the app (Identity blade), and pass its client ID as client_id; with no selector, enable the system-assigned identity.");
    } else if matches!(
        nested,
        "SecretHeaderNotFound"
            | "ManagedIdentityNotFound"
            | "ArgumentNullOrEmpty"
            | "InvalidApiVersion"
            | "InternalServerError"
    ) {
        service_fabric(r, nested);
    } else if nested == "AudienceNotSupported" || has("supported MSI token audience") {
        audience_not_supported(r, &c.haystack);
    } else if nested == "UnsupportedApiVersion" || has("does not support the API version") {
        let version = between(&c.haystack, "the API version '", "'");
        set(r, Code::ErrorUnsupportedApiVersion, Some(Platform::AppService), "The endpoint does not support this api-version",
            &format!("The token service rejected api-version {}. Linux Consumption plans of Azure Functions only speak the 2017-09-01 protocol (MicrosoftDocs/azure-docs#53726, Azure SDK issues #12058/#16278/#14670).", version.as_deref().unwrap_or("sent")),
            "On Linux Consumption use api-version=2017-09-01 with the `secret: $MSI_SECRET` header and `clientid` for a user-assigned identity; elsewhere use 2019-08-01 with X-IDENTITY-HEADER. Current Azure SDKs choose for you.");
    } else {
        return false;
    }
    true
}

/// Entra ID's refusals behind the endpoint: a federation error with its assertion, or another
/// AADSTS code; false when there is none.
fn entra_error(r: &mut ErrorReport, c: &Clues<'_>, p: &Parts) -> bool {
    if let Some(code) = assertion::federation_code(&c.codes, &c.haystack) {
        let d = assertion::diagnose(code, &c.haystack);
        set(r, d.code, d.platform, &d.title, &d.meaning, &d.fix);
        r.assertion = Some(d.assertion);
    } else if !c.codes.is_empty() || p.error.as_deref() == Some("invalid_resource") {
        entra(r, &c.codes, &c.haystack);
    } else {
        return false;
    }
    true
}

/// The rest: an SDK that could not read expires_on, App Service's token service failing, a
/// transient status, or an error the inspector does not recognise.
fn other_error(r: &mut ErrorReport, c: &Clues<'_>, p: &Parts, http: Option<&HttpResponse>) {
    let has = |s: &str| c.has(s);
    if has("doesn't match the expected format")
        || has("was not in a correct format")
        || has("Failed to parse date-time")
        || has("Unparseable date")
    {
        let value = between(c.text, "'", "'").or_else(|| between(c.text, "\"", "\""));
        set(r, Code::ErrorExpiresOnUnparsed, None, "The SDK could not read expires_on",
            &format!("The endpoint answered, but its expires_on{} is in a format this SDK version does not parse. Endpoints have returned Unix seconds, Windows and Linux date strings, ISO-8601 and Automation's yyyy-MM-dd HH:mm:ssZ.", value.as_deref().map(|v| format!(" ('{v}')")).unwrap_or_default()),
            "Update the SDK (azure-identity, Azure.Identity, MSAL): later versions read all these formats. Paste the raw response here to see the value decoded.");
        r.description = value.clone();
        r.unparsed_expires_on = value;
    } else if p.app_service_shape {
        set(r, Code::ErrorAppService, Some(Platform::AppService), "The App Service token service failed",
            "The local token service of App Service / Functions / Container Apps returned an error. A 500 often means Entra ID refused the request behind it: most often a wrong resource (MSAL Python maps it to invalid_scope).",
            "Check the resource (exact App ID URI, no /.default); if it is right, retry: 5xx from this service is usually transient.");
    } else if let Some(s) = c.status.filter(|s| is_transient(*s)) {
        set(r, Code::ErrorTransient, None, &format!("HTTP {s}: a temporary failure"),
            &format!("The endpoint answered {s}{}, a status that usually passes by itself.", http.and_then(|h| h.reason.as_deref()).map(|x| format!(" ({x})")).unwrap_or_default()),
            "Retry with backoff; Azure SDKs already do. If it keeps failing, check that the platform's identity endpoint is reachable and the identity is enabled.");
    } else {
        set(r, Code::ErrorUnrecognized, None, "An error the inspector does not recognise",
            "The fields are shown as sent. Error descriptions change over time; match on codes, not on text.",
            "Look up the error or status in the platform's managed-identity documentation.");
    }
}

/// Whether and how to retry what `r` diagnoses.
fn retry_of(r: &ErrorReport, status: Option<u16>, nested: &str) -> Option<Retry> {
    // A status the setup answers with is no outage: its retry advice would mislead.
    let setup_answer = r.code == Code::ErrorAadPodIdentity
        || (r.code == Code::ErrorIdentityNotFound && r.platform == Some(Platform::AzureMl));
    if setup_answer {
        return Some(setup_error_retry());
    }
    retry(status, r.platform, r.code).or_else(|| {
        // Service Fabric's codes other than its internal error are about the request.
        (r.code == Code::ErrorServiceFabric && nested != "InternalServerError")
            .then(setup_error_retry)
    })
}

/// Retrying a request the setup makes fail.
fn setup_error_retry() -> Retry {
    Retry {
        retryable: false,
        advice: "the same request fails the same way until the setup is fixed as above."
            .to_string(),
    }
}

fn set(
    r: &mut ErrorReport,
    code: Code,
    platform: Option<Platform>,
    title: &str,
    meaning: &str,
    fix: &str,
) {
    r.code = code;
    r.platform = platform.or(r.platform);
    r.title = title.to_string();
    r.meaning = meaning.to_string();
    r.fix = fix.to_string();
}

fn arc_challenge(r: &mut ErrorReport, realm: Option<&str>) {
    let realm = realm.filter(|s| !s.is_empty());
    let path_note = match realm {
        Some(p) if p.starts_with("/var/opt/azcmagent/tokens/") || p.to_ascii_lowercase().has("\\azureconnectedmachineagent\\tokens\\") => format!(" The key file is {p}."),
        Some(p) => format!(
            " The key file named is {p}; real agents put it in /var/opt/azcmagent/tokens/ (Linux) or %ProgramData%\\AzureConnectedMachineAgent\\Tokens\\ (Windows), and SDKs refuse any other folder."
        ),
        None => String::new(),
    };
    set(r, Code::ErrorArcChallenge, Some(Platform::AzureArc), "Azure Arc's challenge: step 1 of 2",
        &format!("A 401 with `WWW-Authenticate: Basic realm=<file>` is how the Arc agent (HIMDS) starts every token request: it proves the caller can read a local file.{path_note}"),
        "Read the file (as a member of the himds group on Linux, or the local Administrators / Hybrid Agent Extension Applications group on Windows) and repeat the same request with `Authorization: Basic <file contents>` and `Metadata: true`.");
}

fn service_fabric(r: &mut ErrorReport, code: &str) {
    let (meaning, fix) = match code {
        "SecretHeaderNotFound" => (
            "The request lacked the Secret header: the authentication code Service Fabric gives the service in IDENTITY_HEADER.",
            "Send `Secret: $IDENTITY_HEADER` (header name Secret) with the request.",
        ),
        "ManagedIdentityNotFound" => (
            "No managed identity is configured for this application host (a 404 when the auth code is unknown or no identity is set).",
            "Assign the identity to the application in the cluster's application manifest and redeploy.",
        ),
        "ArgumentNullOrEmpty" => (
            "The resource parameter was empty: \"The parameter 'resource' should not be null or empty string.\"",
            "Add resource=<App ID URI> to the query string.",
        ),
        "InvalidApiVersion" => (
            "The api-version is not one Service Fabric accepts; its documentation names 2019-07-01-preview.",
            "Use api-version=2019-07-01-preview (or the value of IDENTITY_API_VERSION when set).",
        ),
        _ => (
            "Service Fabric could not get the token from Entra ID; its documentation says the most likely cause is a wrong resource (\"check for trailing '/'?\").",
            "Check the resource string exactly, trailing slash included; then retry with backoff.",
        ),
    };
    set(
        r,
        Code::ErrorServiceFabric,
        Some(Platform::ServiceFabric),
        &format!("Service Fabric: {code}"),
        meaning,
        fix,
    );
}

/// AAD Pod Identity's NMI intercepts IMDS in the pod and answers when no AzureIdentity is bound
/// to it ("no azure identity found for request clientID %s", "getting assigned identities for pod
/// … in CREATED state failed … Check MIC pod logs": Azure/aad-pod-identity pkg/nmi/standard.go
/// @faf4c31f; the Azure SDK troubleshooting guides list the first message).
fn aad_pod_identity(r: &mut ErrorReport, text: &str) {
    let client = text
        .split("for request clientID ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|c| {
            c.split("\\n")
                .next()
                .unwrap_or("")
                .trim_end_matches(['}', '"', '.', ',', '\\'])
                .to_string()
        })
        .filter(|c| !c.is_empty() && !c.starts_with('<'));
    let why = if text.has("in CREATED state failed") {
        "MIC never created an assignment for the pod: no AzureIdentityBinding selects it (the pod's aadpodidbinding label does not match the binding's selector, or the AzureIdentity or binding is missing or in another namespace)".to_string()
    } else if text.has("in ASSIGNED state failed") {
        "MIC created the assignment but could not attach the identity to the node's scale set (its own permissions, or the identity was deleted)".to_string()
    } else {
        format!("no AzureIdentity{} is bound to this pod through an AzureIdentityBinding (the pod's aadpodidbinding label), or the binding was not assigned yet", client.as_deref().map(|c| format!(" with client ID {c}")).unwrap_or_default())
    };
    set(r, Code::ErrorAadPodIdentity, None, "AAD Pod Identity found no identity for this pod",
        &format!("The answer comes from the NMI of AAD Pod Identity, which intercepts the pod's requests to IMDS: {why}. AAD Pod Identity (and AKS's pod-managed identity add-on built on it) is deprecated and no longer maintained."),
        &format!("Migrate to workload identity (learn.microsoft.com/azure/aks/workload-identity-migrate-from-pod-identity): give the user-assigned identity a federated credential for the pod's service account, annotate the service account `{}: <client ID>` and label the pod `{}: \"true\"`. Until then, check the pod's aadpodidbinding label matches an AzureIdentityBinding and the MIC logs for assignment errors.", crate::azure::workload_identity::CLIENT_ID_ANNOTATION, crate::azure::workload_identity::USE_LABEL));
}

fn audience_not_supported(r: &mut ErrorReport, text: &str) {
    let audience = between(text, "Audience ", " is").or_else(|| between(text, "Audience ", " isn"));
    let supported: Vec<String> = text
        .split("Supported audiences:")
        .nth(1)
        .map(|list| {
            list.split(',')
                .map(|a| a.trim().trim_end_matches(['"', '}', '.']).to_string())
                .filter(|a| !a.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let suggestion = audience
        .as_deref()
        .and_then(resources::did_you_mean)
        .map(|r| format!(" Did you mean {}?", r.uri))
        .unwrap_or_default();
    set(r, Code::ErrorAudienceNotSupported, Some(Platform::CloudShell),
        &format!("Cloud Shell does not issue tokens for {}", audience.as_deref().unwrap_or("this audience")),
        &format!("Cloud Shell's token endpoint serves the signed-in user's token for an allow-list of audiences only; it is not a managed identity.{suggestion}"),
        "Use an audience from the allow-list, or get the token with `az account get-access-token --resource <audience>` (which uses your login, not this endpoint).");
    r.resource = audience;
    r.supported_audiences = supported;
}

fn entra(r: &mut ErrorReport, codes: &[u32], text: &str) {
    let named = between(text, "resource principal named ", " was not found")
        .or_else(|| between(text, "application named ", " was not found"))
        .or_else(|| between(text, "application named ", " wasn't found"));
    let invalid_resource = codes.iter().any(|c| matches!(c, 500011 | 50001))
        || (codes.is_empty() && r.error.as_deref() == Some("invalid_resource"));
    if invalid_resource {
        let resource = named.clone();
        let mut meaning = aadsts::lookup(*codes.first().unwrap_or(&500011))
            .map(|e| e.meaning.to_string())
            .unwrap_or_default();
        let mut fix = aadsts::lookup(500011)
            .map(|e| e.fix.to_string())
            .unwrap_or_default();
        if let Some(res) = &resource {
            if let Some(base) = res
                .strip_suffix("/.default")
                .or_else(|| res.strip_suffix("./default"))
            {
                meaning.push_str(&format!(
                    " Here the resource is '{res}': a scope suffix was left on the resource."
                ));
                fix = format!("Request the resource {base} (without /.default). SDK credentials take the scope {base}/.default; raw endpoints take the bare resource.");
            } else if !res.has("://")
                && res.contains('.')
                && !res.contains('/')
                && !crate::azure::is_guid(res)
            {
                meaning.push_str(&format!(
                    " '{res}' looks like a permission (scope) name, not a resource."
                ));
                fix = format!("Ask for the API that owns the permission (for {res}, Microsoft Graph: https://graph.microsoft.com/); app permissions come from role assignments, not from the request.");
            } else if let Some(known) = resources::did_you_mean(res) {
                meaning.push_str(&format!(
                    " '{res}' is one or two characters away from {} ({}).",
                    known.uri, known.service
                ));
                fix = format!("Did you mean {}? Use it exactly.", known.uri);
            } else if !res.has("://") && !crate::azure::is_guid(res) {
                meaning.push_str(&format!(
                    " '{res}' is not a URI at all: a placeholder was sent."
                ));
            }
        }
        let title = match &resource {
            Some(res) => format!("Entra ID does not know the resource '{res}'"),
            None => "Entra ID does not know the requested resource".to_string(),
        };
        set(r, Code::ErrorInvalidResource, None, &title, &meaning, &fix);
        r.resource = resource;
        return;
    }
    let code = codes.first().copied().unwrap_or(0);
    match aadsts::lookup(code) {
        Some(e) => set(r, Code::ErrorAadsts, None, &format!("AADSTS{code}: {}", e.name), e.meaning, e.fix),
        None => set(r, Code::ErrorAadsts, None, &format!("AADSTS{code}"),
            "An Entra ID error this inspector has no description for.",
            &format!("Look it up at https://login.microsoftonline.com/error?code={code} (open it yourself; this page fetches nothing).")),
    }
}

/// 404, 408, 410, 429 and 5xx are worth retrying (IMDS documentation; MSAL retry policies).
pub fn is_transient(status: u16) -> bool {
    matches!(status, 404 | 408 | 410 | 429) || (500..600).contains(&status)
}

/// Retry advice per status and platform (mi-protocols.md §8); without a status, per the kind of
/// error when that tells, else none.
fn retry(status: Option<u16>, platform: Option<Platform>, code: Code) -> Option<Retry> {
    let Some(status) = status else {
        return match code {
            Code::ErrorArcChallenge => Some(Retry {
                retryable: true,
                advice: "the challenge is expected: answer it with the key file, as the fix says."
                    .to_string(),
            }),
            Code::ErrorIdentityNotFound
            | Code::ErrorMultipleIdentities
            | Code::ErrorMissingMetadataHeader
            | Code::ErrorInvalidResource
            | Code::ErrorUnableToLoadIdentity
            | Code::ErrorAudienceNotSupported
            | Code::ErrorArcKeyFile
            | Code::ErrorUnsupportedApiVersion
            | Code::ErrorExpiresOnUnparsed => Some(Retry {
                retryable: false,
                advice: "the same request fails the same way until the setup is fixed as above."
                    .to_string(),
            }),
            _ => None,
        };
    };
    Some(retry_for_status(status, platform))
}

fn retry_for_status(status: u16, platform: Option<Platform>) -> Retry {
    let advice = match (status, platform) {
        (404, Some(Platform::ServiceFabric)) => return Retry { retryable: false, advice: "Service Fabric's 404 means an unknown auth code or no identity; its guidance is not to retry 404.".to_string() },
        (404, _) => "IMDS answers 404 while it is updating: retry with exponential backoff (the documentation suggests 5 tries, up to 60 s apart).",
        (410, _) => "410 means IMDS is being updated and will be back within 70 seconds: retry every 10 s or so.",
        (429, Some(Platform::ServiceFabric)) => "throttled: wait 1, 2, 4, 8, 16 s between tries, as Service Fabric's documentation says.",
        (429, _) => "throttled: IMDS allows about 20 managed-identity requests per second and 5 at once; cache tokens and back off exponentially.",
        (408, _) => "a timeout: retry after a short wait.",
        (s, _) if (500..600).contains(&s) => "a server error: retry after at least 1 second with exponential backoff; if it persists, check the resource string.",
        (401, Some(Platform::AzureArc)) => return Retry { retryable: true, advice: "this 401 is expected: answer it with the key file, as the fix says.".to_string() },
        _ => return Retry { retryable: false, advice: format!("{status} is a design-time error (400/401/403 never pass by themselves): fix the request or the configuration first.") },
    };
    Retry {
        retryable: true,
        advice: advice.to_string(),
    }
}
