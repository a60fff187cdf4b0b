//! Managed-identity token requests: the model every request is written from ([`model`]), requests
//! as pasted (`parsed`, read by the parsers in `input/`), platform detection (`detect`) and
//! the validator (`validate`; `exchange` for workload identity's token exchange). [`recognize`] gathers a setup from pasted text and [`analyze`]
//! turns it into a report with a corrected request.

pub(crate) mod call;
pub mod code_fix;
pub(crate) mod detect;
pub(crate) mod exchange;
pub mod model;
pub(crate) mod validate;

use serde::Serialize;

use crate::azure::platforms::HeaderValue;
use crate::input::env::{self, EnvVar};
use crate::input::parsed::{self, Param, ParsedRequest, RequestSource, UrlParts};
use crate::input::{code, curl, http, pwsh_command};
use crate::model::{Code, Finding, Kind, Place, Platform, SetupPart};
use crate::search::Search;
pub use model::{
    CallService, ExchangeRequest, FormValue, RequestedIdentity, ResourceCall, TokenRequest,
};

/// A setup as pasted: requests, environment variables and slips in the script around them.
#[derive(Debug, Default)]
pub struct SetupInput {
    pub requests: Vec<ParsedRequest>,
    pub env: Vec<EnvVar>,
    pub slips: Vec<Finding>,
    /// The code the request was read from (when it was read from code), and the closing braces
    /// it lacks: what the corrected code is written from.
    pub code: Option<(String, usize)>,
}

/// Gathers a request setup from text; `None` when there is neither a request nor an environment.
pub fn recognize(text: &str) -> Option<SetupInput> {
    let mut input = SetupInput {
        env: env::find(text),
        ..SetupInput::default()
    };
    let mut requests = curl::requests(text);
    let ps = pwsh_command::find(text);
    for (line, slip) in ps.slips {
        input.slips.push(
            Finding::warning(
                Code::RequestScriptError,
                format!("Line {line}: the script breaks here"),
            )
            .detail(format!("{slip}."))
            .fix("Fix the line; PowerShell stops with an error before sending anything.")
            .place(Place {
                line: Some(line),
                ..Place::part(SetupPart::Line(line))
            }),
        );
    }
    requests.extend(ps.requests);
    if requests.is_empty() {
        requests.extend(http::parse_request(text));
    }
    if requests.is_empty() && !looks_like_code(text) {
        requests.extend(code::urls_in_text(text));
    }
    if requests.is_empty() {
        if let Some(r) = code::find(text) {
            let balance = code::brace_balance(text);
            // An excerpt with an elision ("...") is cut on purpose; only whole code is counted.
            let elided = text
                .lines()
                .any(|l| matches!(l.trim(), "..." | "…" | "// ..." | "# ..."));
            let missing = if balance > 0 && !elided {
                balance as usize
            } else {
                0
            };
            input.code = Some((text.to_string(), missing));
            if missing > 0 {
                input.slips.push(
                    Finding::warning(Code::RequestScriptError, format!("The code is missing {balance} closing brace{}", if balance == 1 { "" } else { "s" }))
                        .detail("A block is opened with '{' and never closed, so the code does not compile as written.")
                        .fix("Add the closing brace(s) at the end of the method."),
                );
            }
            requests.push(r);
        }
    }
    if requests.is_empty() {
        requests.extend(code::urls_in_text(text));
    }
    if !requests.is_empty() {
        input.slips.extend(shell_case_slips(text));
    }
    input.requests = requests;
    (!input.requests.is_empty() || !input.env.is_empty()).then_some(input)
}

/// Source code rather than a log: statements, assignments, calls with string arguments.
fn looks_like_code(text: &str) -> bool {
    ["(\"", "('", "= \"", "=> ", ";\n", "{\n", "= '"]
        .iter()
        .any(|m| text.has(m))
        || text.trim_end().ends_with(';')
}

/// bash variables are case-sensitive: `RESPONSE=…` then `$response` reads an unset variable
/// (the Cloud Shell docs' script does this).
fn shell_case_slips(text: &str) -> Vec<Finding> {
    let mut assigned: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some((name, _)) = t.split_once('=') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                assigned.push(name.to_string());
            }
        }
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            let name: String = rest
                .get(at + 1..)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !assigned.contains(&name) {
                if let Some(similar) = assigned.iter().find(|a| a.eq_ignore_ascii_case(&name)) {
                    out.push(
                        Finding::warning(Code::RequestScriptError, format!("Line {}: ${name} is not ${similar}", i + 1))
                            .detail(format!("The script sets {similar} but reads ${name}; shell variables are case-sensitive, so ${name} is empty."))
                            .fix(format!("Write ${similar}."))
                            .place(Place { line: Some(i + 1), ..Place::part(SetupPart::Line(i + 1)) }),
                    );
                }
            }
            rest = rest.get(at + 1..).unwrap_or("");
        }
    }
    out
}

/// A header as shown: secrets masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownHeader {
    pub name: String,
    pub value: String,
}

/// An environment variable as shown: secrets masked, with its meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownEnv {
    pub name: String,
    pub value: String,
    pub meaning: Option<&'static str>,
}

/// The request rewritten for its platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Corrected {
    pub method: String,
    /// The URL, with `$VARIABLE` where the platform's endpoint comes from one.
    pub url: String,
    pub headers: Vec<ShownHeader>,
    pub body: Option<String>,
    /// The whole request as raw HTTP.
    pub http: String,
    /// What the request alone does not show (Azure Arc's second step).
    pub note: Option<String>,
    /// The pasted code itself, corrected, when the request was read from code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<code_fix::CorrectedCode>,
    /// The model, for the snippet generator.
    pub token_request: TokenRequest,
}

/// What the validator reports about a request setup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestReport {
    pub source: Option<RequestSource>,
    pub method: Option<String>,
    pub url: Option<String>,
    pub url_parts: Option<UrlParts>,
    pub query: Vec<Param>,
    /// Headers with secret values masked.
    pub headers: Vec<ShownHeader>,
    pub body: Option<String>,
    /// What was recognised, in words.
    pub recognised: Vec<String>,
    /// How many requests the paste holds (Azure Arc scripts send two).
    pub requests_found: usize,
    pub env: Vec<ShownEnv>,
    pub platform_reason: String,
    pub corrected: Option<Corrected>,
    /// Why a user-assigned identity could not be carried into the corrected request.
    pub unsupported: Option<String>,
}

/// `853b…ad8a`: enough to recognise a secret, not to use it. Variable references stay.
pub fn mask(value: &str) -> String {
    let v = value.trim();
    if v.is_empty()
        || v.contains('$')
        || v.contains('%')
        || v.starts_with('<')
        || v.starts_with('[')
        || v.chars().all(|c| c == 'x' || c == '*')
    {
        return v.to_string();
    }
    // Keep an authorization scheme readable: `Basic 9f8e…1a2b`.
    for scheme in ["Basic ", "Bearer "] {
        if let Some(rest) = v.strip_prefix(scheme) {
            return format!("{scheme}{}", mask(rest));
        }
    }
    let chars: Vec<char> = v.chars().collect();
    if chars.len() <= 12 {
        return "…".to_string();
    }
    let head: String = chars.iter().take(4).collect();
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("{head}…{tail}")
}

/// True for a header or variable whose value is a secret (the platforms' identity headers, MSI_SECRET,
/// IDENTITY_HEADER, a client secret, Authorization).
pub fn is_secret_name(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "x-identity-header"
            | "secret"
            | "authorization"
            | "identity_header"
            | "msi_secret"
            | "azure_client_secret"
    )
}

/// A request made with a token rather than for one: it sends `Authorization: Bearer`, or goes to
/// Key Vault, Storage or Resource Manager (never a managed-identity endpoint).
fn is_resource_call(r: &ParsedRequest) -> bool {
    let bearer = r.header("Authorization").is_some_and(|h| {
        h.value
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("bearer "))
    });
    bearer || call::ResourceCall::from_url(&r.url).is_some()
}

/// Analyses a recognised setup.
pub fn analyze(
    input: &SetupInput,
    chosen: Option<Platform>,
) -> (Kind, Platform, RequestReport, Vec<Finding>) {
    let mut findings = input.slips.clone();
    // A script that gets a token often calls the resource with it next: that call is not the
    // token request. Arc scripts hold two token requests: the challenge and the answer; check
    // the answer.
    let token_requests: Vec<&ParsedRequest> = input
        .requests
        .iter()
        .filter(|r| !is_resource_call(r))
        .collect();
    let primary = token_requests
        .iter()
        .rev()
        .find(|r| r.header("Authorization").is_some())
        .or(token_requests.last())
        .copied()
        .or_else(|| input.requests.last());
    let verdict = validate::validate(primary, &input.env, chosen, &mut findings);
    let corrected = verdict.corrected.as_ref().map(|t| {
        let mut c = render(t, &input.env);
        if let (Some((text, braces)), Some(p)) = (&input.code, primary) {
            c.code = code_fix::correct(text, p, t, *braces);
        }
        c
    });
    let report = RequestReport {
        source: primary.map(|r| r.source),
        method: primary.map(|r| r.method.clone()),
        url: primary.map(|r| r.url.clone()),
        url_parts: primary.map(|r| r.url_parts.clone()),
        query: primary.map(|r| r.query.clone()).unwrap_or_default(),
        headers: primary
            .map(|r| {
                r.headers
                    .iter()
                    .map(|h| ShownHeader {
                        name: h.name.clone(),
                        value: if is_secret_name(&h.name) {
                            mask(&h.value)
                        } else {
                            h.value.clone()
                        },
                    })
                    .collect()
            })
            .unwrap_or_default(),
        body: primary.and_then(|r| r.body.clone()),
        recognised: primary.map(|r| r.recognised.clone()).unwrap_or_default(),
        requests_found: input.requests.len(),
        env: input
            .env
            .iter()
            .map(|v| ShownEnv {
                name: v.name.clone(),
                value: if is_secret_name(&v.name) {
                    mask(&v.value)
                } else {
                    v.value.clone()
                },
                meaning: env::meaning(&v.name),
            })
            .collect(),
        platform_reason: verdict.platform_reason,
        corrected,
        unsupported: verdict.unsupported,
    };
    let kind = if input.requests.is_empty() {
        Kind::Env
    } else {
        Kind::Request
    };
    (kind, verdict.platform, report, findings)
}

/// Writes the corrected request: URL, headers, body and raw HTTP.
pub fn render(t: &TokenRequest, vars: &[EnvVar]) -> Corrected {
    if let Some(x) = t.exchange() {
        return render_exchange(t, &x, vars);
    }
    let spec = t.spec();
    // A resource the code supplies at run time stays a readable placeholder.
    let query = t
        .query()
        .iter()
        .map(|(k, v)| {
            if model::is_runtime_placeholder(v) {
                format!("{k}={v}")
            } else {
                model::encode_pairs(&[(k, v.clone())])
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    let (base, env_value) = match t.endpoint() {
        model::Endpoint::Url(u) => (u, None),
        model::Endpoint::Env { var, default } => {
            let known = vars
                .iter()
                .find(|v| v.name == var)
                .map(|v| v.value.clone())
                .filter(|v| v.has("://"));
            (format!("${var}"), known.or(default))
        }
    };
    let url = if query.is_empty() {
        base.clone()
    } else {
        format!("{base}?{query}")
    };
    let headers: Vec<ShownHeader> = t
        .headers()
        .iter()
        .map(|h| ShownHeader {
            name: h.name.to_string(),
            value: match h.value {
                HeaderValue::Literal(v) => v.to_string(),
                HeaderValue::Env(var) => format!("${var}"),
            },
        })
        .collect();
    let form = model::encode_pairs(&t.form());
    let body = (!form.is_empty()).then_some(form);
    // Raw HTTP needs a host: the endpoint itself, or the variable's pasted or default value.
    let target_url = if base.starts_with('$') {
        env_value.clone().unwrap_or_default()
    } else {
        base.clone()
    };
    let (parts, _) = parsed::split_url(&target_url);
    let mut http = match &parts.host {
        Some(host) => {
            let path = if parts.path.is_empty() {
                "/".to_string()
            } else {
                parts.path.clone()
            };
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            let host = parts
                .port
                .map_or_else(|| host.clone(), |p| format!("{host}:{p}"));
            format!("{} {target} HTTP/1.1\nHost: {host}\n", spec.method)
        }
        None => format!("{} {url} HTTP/1.1\n", spec.method),
    };
    for h in &headers {
        http.push_str(&format!("{}: {}\n", h.name, h.value));
    }
    if let Some(b) = &body {
        http.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\nContent-Length: {}\n\n{b}\n",
            b.len()
        ));
    }
    let note = spec.challenge.then(|| {
        "Azure Arc answers this with 401 and `WWW-Authenticate: Basic realm=<key file>`: read that file and send the same request again with `Authorization: Basic <file contents>`.".to_string()
    });
    Corrected {
        method: spec.method.to_string(),
        url,
        headers,
        body,
        http,
        note,
        code: None,
        token_request: t.clone(),
    }
}

/// A pasted variable's value, when it is one (not hidden by `kubectl describe`, not a placeholder).
fn known_value<'a>(vars: &'a [EnvVar], name: &str) -> Option<&'a str> {
    vars.iter()
        .find(|v| v.name == name)
        .map(|v| v.value.as_str())
        .filter(|v| {
            !v.is_empty()
                && *v != env::INJECTED_BY_WEBHOOK
                && !v.starts_with('<')
                && !v.contains('$')
        })
}

/// The corrected token exchange: POST `{authority}{tenant}/oauth2/v2.0/token` with its form.
fn render_exchange(t: &TokenRequest, x: &model::ExchangeRequest, vars: &[EnvVar]) -> Corrected {
    let spec = t.spec();
    let authority = known_value(vars, x.exchange.authority_env)
        .filter(|v| v.has("://"))
        .map_or_else(|| x.exchange.default_authority.to_string(), str::to_string);
    let tenant = known_value(vars, x.exchange.tenant_env)
        .map_or_else(|| format!("${}", x.exchange.tenant_env), str::to_string);
    let (parts, _) = parsed::split_url(&authority);
    let host = parts
        .host
        .unwrap_or_else(|| "login.microsoftonline.com".to_string());
    let host = parts
        .port
        .map_or_else(|| host.clone(), |p| format!("{host}:{p}"));
    let body = x.body_shown();
    let http = format!(
        "{} /{tenant}{} HTTP/1.1\nHost: {host}\nContent-Type: application/x-www-form-urlencoded\n\n{body}\n",
        spec.method, x.exchange.token_path
    );
    Corrected {
        method: spec.method.to_string(),
        url: x.url_template(),
        headers: vec![ShownHeader {
            name: "Content-Type".to_string(),
            value: "application/x-www-form-urlencoded".to_string(),
        }],
        body: Some(body),
        http,
        note: Some(format!(
            "client_assertion is the contents of the file ${} names, read at every request: the kubelet rewrites it before it expires. The response is Entra ID's token response (access_token, expires_in).",
            x.exchange.token_file_env
        )),
        token_request: t.clone(),
        code: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_made_with_the_token_is_not_taken_for_the_token_request() {
        // A script that gets the token, then reads a Key Vault secret with it (the shape of the
        // curl programs `mi-inspect snippet` writes for a call, and of many pasted scripts).
        let script = "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'\ncurl -s -H \"Authorization: Bearer $token\" 'https://v.vault.azure.net/secrets/s?api-version=2025-07-01'";
        let input = recognize(script).unwrap();
        assert_eq!(input.requests.len(), 2);
        let (_, platform, report, _) = analyze(&input, None);
        assert_eq!(platform, Platform::Imds);
        let corrected = report.corrected.unwrap().token_request;
        assert_eq!(corrected.resource, "https://vault.azure.net");
        assert_eq!(corrected.api_version(), Some("2018-02-01"));
        assert_eq!(report.requests_found, 2);
    }
}
