//! Managed-identity token responses and error bodies, in every shape people paste: JSON (strict
//! or as copied from articles and chats), raw HTTP, SDK exception text, PowerShell list output,
//! az CLI output, and error messages on their own. Fields are explained and cross-checked with the
//! token inside; errors become a diagnosis with a fix and retry advice.

pub mod assertion;
pub(crate) mod errors;
pub mod expires_on;
pub mod fields;
pub(crate) mod foreign;
pub(crate) mod platform;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::input::http::{self, HttpResponse};
use crate::input::lenient_json::{self, Repair};
use crate::input::{powershell, token_text};
use crate::model::Code;
use crate::model::{Context, Finding, Kind, Platform};
use crate::search::Search;
use crate::timefmt;
use crate::token::{self, TokenReport};
pub use errors::ErrorReport;
pub use expires_on::ExpiresOn;
pub use fields::FieldReport;

/// How the response was pasted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Json,
    HttpResponse,
    SdkException,
    PowershellList,
    AzCli,
    Text,
}

/// Everything read from a response or error.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseReport {
    pub shape: Shape,
    /// What was repaired to read it, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<&'static str>,
    pub http: Option<HttpResponse>,
    /// Every field, in the order sent, with its meaning and check.
    pub fields: Vec<FieldReport>,
    pub expires_on: Option<ExpiresOn>,
    pub expires_in: Option<i64>,
    pub not_before: Option<i64>,
    pub resource: Option<String>,
    pub resource_service: Option<&'static str>,
    pub client_id: Option<String>,
    pub token_type: Option<String>,
    /// Why the platform was chosen.
    pub platform_reason: Option<String>,
    /// Caching and refresh facts that bear on this response.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub error: Option<ErrorReport>,
}

impl ResponseReport {
    fn new(shape: Shape, http: Option<HttpResponse>) -> Self {
        ResponseReport {
            shape,
            repairs: Vec::new(),
            http,
            fields: Vec::new(),
            expires_on: None,
            expires_in: None,
            not_before: None,
            resource: None,
            resource_service: None,
            client_id: None,
            token_type: None,
            platform_reason: None,
            notes: Vec::new(),
            error: None,
        }
    }
}

/// A pasted response, recognised but not yet analysed.
#[derive(Debug)]
pub struct ResponseInput<'a> {
    pub shape: Shape,
    pub object: Option<Map<String, Value>>,
    pub repairs: Vec<Repair>,
    pub http: Option<HttpResponse>,
    /// The text as pasted (URLs and messages around the body are clues).
    pub text: &'a str,
}

/// Keys that make an object a token response or an error body.
const RESPONSE_KEYS: &[&str] = &[
    "access_token",
    "accessToken",
    "expires_on",
    "expiresOn",
    "expires_in",
    "token_type",
    "tokenType",
    "error",
    "error_description",
    "statusCode",
    "refresh_token",
    "not_before",
    "ext_expires_in",
];

fn is_response_object(obj: &Map<String, Value>) -> bool {
    obj.keys().any(|k| RESPONSE_KEYS.contains(&k.as_str()))
        || (obj.contains_key("message") && obj.contains_key("correlationId"))
}

/// A reader of one way of writing an HTTP response down.
type HttpReader = fn(&str) -> Option<HttpResponse>;

/// Recognises a response, an error body or an error message; `None` when the text is neither.
pub fn recognize(text: &str) -> Option<ResponseInput<'_>> {
    let from_body =
        |body: &str| lenient_json::find_object(body).filter(|f| is_response_object(&f.value));
    let http_shapes: [(HttpReader, Shape); 2] = [
        (http::parse_response, Shape::HttpResponse),
        (http::parse_sdk_exception, Shape::SdkException),
    ];
    for (parse, shape) in http_shapes {
        if let Some(h) = parse(text) {
            let found = from_body(&h.body);
            let (object, repairs) =
                found.map_or((None, Vec::new()), |f| (Some(f.value), f.repairs));
            return Some(ResponseInput {
                shape,
                object,
                repairs,
                http: Some(h),
                text,
            });
        }
    }
    if let Some(map) = powershell::parse_list(text) {
        return Some(ResponseInput {
            shape: Shape::PowershellList,
            object: Some(map),
            repairs: Vec::new(),
            http: None,
            text,
        });
    }
    if let Some(f) = from_body(text) {
        let shape = if f.value.contains_key("accessToken") {
            Shape::AzCli
        } else {
            Shape::Json
        };
        return Some(ResponseInput {
            shape,
            object: Some(f.value),
            repairs: f.repairs,
            http: None,
            text,
        });
    }
    None
}

/// Recognises an error message in plain text (no JSON, no HTTP): tried after request setups,
/// which may quote an error.
pub fn recognize_error_text(text: &str) -> Option<ResponseInput<'_>> {
    errors::text_signals(text).then_some(ResponseInput {
        shape: Shape::Text,
        object: None,
        repairs: Vec::new(),
        http: None,
        text,
    })
}

/// What analysing a response produced.
pub struct ResponseAnalysis {
    pub kind: Kind,
    pub platform: Option<Platform>,
    pub report: ResponseReport,
    pub token: Option<TokenReport>,
    pub findings: Vec<Finding>,
}

/// True when the input is an error (a status of 400 or more, an error body, an error message).
pub fn is_error(input: &ResponseInput<'_>) -> bool {
    let status_error = input
        .http
        .as_ref()
        .and_then(|h| h.status)
        .is_some_and(|s| s >= 400);
    match &input.object {
        Some(o) => {
            status_error
                || o.contains_key("error")
                || o.contains_key("error_description")
                || (o.contains_key("statusCode") && !o.contains_key("access_token"))
                || (o.contains_key("message")
                    && !o.contains_key("access_token")
                    && !o.contains_key("accessToken"))
        }
        None => true,
    }
}

/// Analyses a recognised response.
pub fn analyze(input: &ResponseInput<'_>, ctx: &Context) -> ResponseAnalysis {
    let mut report = ResponseReport::new(input.shape, input.http.clone());
    let mut findings = Vec::new();
    if !input.repairs.is_empty() {
        report.repairs = input.repairs.iter().map(|r| r.describe()).collect();
        findings.push(
            Finding::info(Code::ResponseRepaired, "Read JSON that was not quite JSON").detail(
                format!(
                    "To read it, the inspector {}. The values are shown as they were.",
                    report.repairs.join(", ")
                ),
            ),
        );
    }

    if is_error(input) {
        let diagnosis = errors::diagnose(input.object.as_ref(), input.http.as_ref(), input.text);
        findings.push(diagnosis.finding());
        if let Some(pod) = pod_without_workload_identity(&diagnosis, input.text) {
            findings.push(pod);
        }
        if let Some(obj) = &input.object {
            error_rows(obj, "", 0, &mut report.fields);
        }
        let (inferred, reason) =
            platform::infer(input.object.as_ref(), input.http.as_ref(), input.text, None);
        let platform = diagnosis.platform.or(inferred);
        report.platform_reason = match (diagnosis.platform, reason) {
            (Some(_), _) => Some("The error's code and wording are this platform's.".to_string()),
            (None, r) => r,
        };
        report.resource = diagnosis.resource.clone();
        if let Some(value) = &diagnosis.unparsed_expires_on {
            report.expires_on = Some(expires_on::read(&Value::String(value.clone()), ctx));
        }
        report.error = Some(diagnosis);
        return ResponseAnalysis {
            kind: Kind::MiError,
            platform,
            report,
            token: None,
            findings,
        };
    }

    let obj = input.object.clone().unwrap_or_default();
    let (token, token_state) = decode_access_token(&obj, ctx, &mut findings);
    fields::explain(
        &obj,
        token.as_ref(),
        &token_state,
        ctx,
        &mut report,
        &mut findings,
    );
    let (platform, reason) = match input.shape {
        Shape::AzCli => (None, Some("az account get-access-token output: the token of whoever az is logged in as (a user, a service principal, or a managed identity after az login --identity).".to_string())),
        _ => platform::infer(Some(&obj), input.http.as_ref(), input.text, report.expires_on.as_ref().map(|e| e.format)),
    };
    report.platform_reason = reason;
    report.notes = caching_notes(token.as_ref(), &report, ctx);
    ResponseAnalysis {
        kind: Kind::MiResponse,
        platform,
        report,
        token,
        findings,
    }
}

/// An IMDS answer in a paste that shows a Kubernetes pod without AZURE_FEDERATED_TOKEN_FILE: the
/// pod was not given workload identity, so the SDK fell back to the node's IMDS.
fn pod_without_workload_identity(d: &ErrorReport, text: &str) -> Option<Finding> {
    const POD_SIGNS: &[&str] = &[
        "KUBERNETES_SERVICE_HOST",
        "kubernetes.io/serviceaccount",
        "kubectl exec",
        "kubectl logs",
    ];
    let imds = d.platform == Some(Platform::Imds) || text.has("169.254.169.254");
    let sign = POD_SIGNS.iter().find(|s| text.contains(**s))?;
    (imds && !text.has("AZURE_FEDERATED_TOKEN_FILE")).then(|| {
        assertion::workload_identity_not_injected(&format!(
            "The paste shows a Kubernetes pod ({sign}) and an IMDS answer, and no AZURE_FEDERATED_TOKEN_FILE"
        ))
    })
}

/// An error body's fields as rows: a nested object (`{"error":{"code":…,"message":…,
/// "innerError":{…}}}`) becomes a row per member (`error.code`, `error.message`,
/// `error.innerError.code`), and a message's escaped line breaks (`\r\n` written inside the
/// string) become line breaks.
fn error_rows(obj: &Map<String, Value>, prefix: &str, depth: usize, rows: &mut Vec<FieldReport>) {
    for (name, value) in obj {
        let path = format!("{prefix}{name}");
        match value {
            Value::Object(inner) if depth < 3 && !inner.is_empty() => {
                error_rows(inner, &format!("{path}."), depth + 1, rows)
            }
            _ => rows.push(FieldReport {
                display: match value {
                    Value::String(s) => s
                        .replace("\\r\\n", "\n")
                        .replace("\\n", "\n")
                        .replace("\r\n", "\n"),
                    other => other.to_string(),
                },
                value: value.clone(),
                meaning: error_field_meaning(&path).or_else(|| error_field_meaning(name)),
                name: path,
                check: None,
            }),
        }
    }
}

fn error_field_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "error" => "The error code (OAuth style, or an object with code and message).",
        "error_description" => "What went wrong, in words; may carry an AADSTS code from Entra ID.",
        "error_codes" => "Entra ID's numeric AADSTS codes.",
        "trace_id" | "correlation_id" | "correlationId" => {
            "Identifiers Microsoft support can look up; quote them in a support request."
        }
        "timestamp" => "When the error happened (UTC).",
        "error_uri" => "A page about the error (open it yourself; this page fetches nothing).",
        "statusCode" => "The HTTP status, repeated in the body by App Service's token service.",
        "message" => "What went wrong, in words.",
        "error.code" | "code" => "The error's code, as the service names it.",
        "error.message" => "What went wrong, in words.",
        "innerError.code" | "innererror.code" => "A more specific code under the error's own.",
        _ => return None,
    })
}

/// Decodes `access_token` when it is a whole JWT; otherwise says why it cannot be.
fn decode_access_token(
    obj: &Map<String, Value>,
    ctx: &Context,
    findings: &mut Vec<Finding>,
) -> (Option<TokenReport>, String) {
    let Some(raw) = obj
        .get("access_token")
        .or_else(|| obj.get("accessToken"))
        .and_then(Value::as_str)
    else {
        return (None, String::new());
    };
    let trimmed = raw.trim();
    let cut = trimmed.ends_with('\u{2026}') || trimmed.ends_with("...");
    if cut {
        let kept = trimmed.trim_end_matches(['\u{2026}', '.']);
        findings.push(
            Finding::warning(Code::ResponseTokenTruncated, "access_token is truncated")
                .detail(format!(
                    "'{trimmed}' ends in an ellipsis: only the first {} characters survived (documentation samples shorten tokens like this). A real token is over 1,000 characters, so it cannot be decoded or checked against the other fields.",
                    kept.chars().count()
                ))
                .fix("Paste the complete access_token to see its claims and the cross-checks."),
        );
        return (
            None,
            format!(
                "Truncated after {} characters: cannot be decoded.",
                kept.chars().count()
            ),
        );
    }
    if let Some(candidate) =
        token_text::clean(trimmed).filter(|c| c.compact.matches('.').count() >= 2)
    {
        let (report, token_findings) = token::inspect(&candidate, ctx);
        findings.extend(token_findings);
        return (
            Some(report),
            "A JWT: decoded below, and checked against the other fields.".to_string(),
        );
    }
    findings.push(
        Finding::info(Code::ResponseTokenTruncated, format!("access_token '{}' is not a token", shorten(trimmed)))
            .detail("It was replaced by a placeholder when the response was shared (or the mock it comes from used one), so there is nothing to decode; the other fields are still explained.")
            .fix("Paste a response with the real access_token to check it against expires_on, resource and client_id."),
    );
    (None, "A placeholder, not a JWT.".to_string())
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(24).collect();
    if s.chars().count() > 24 {
        out.push('…');
    }
    out
}

fn caching_notes(
    token: Option<&TokenReport>,
    report: &ResponseReport,
    ctx: &Context,
) -> Vec<String> {
    let mut notes = vec![
        "Managed-identity endpoints cache each token for about 24 hours per resource: roles or group memberships granted after it was issued are not in it, and a refresh cannot be forced.".to_string(),
    ];
    if let Some(age) = token.and_then(|t| t.lifetime.age.as_ref()) {
        notes.push(format!("This token was issued {age} ago."));
    }
    let expiry = token
        .and_then(|t| t.lifetime.expires_at)
        .or_else(|| report.expires_on.as_ref().and_then(|e| e.epoch));
    if let Some(exp) = expiry {
        let refresh = exp.saturating_sub(crate::token::times::EXPIRES_SOON_SECONDS);
        notes.push(format!(
            "Azure SDKs refresh 5 minutes before expiry: at {} ({}).",
            timefmt::utc(refresh),
            timefmt::relative(refresh, ctx.now)
        ));
    }
    notes
}
