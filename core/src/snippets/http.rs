//! The raw HTTP/1.1 request, in the `.http` file convention (`#` comments, `###` between requests,
//! `{{…}}` placeholders) that editors' REST clients share. Values are percent-encoded, so no user
//! value can break a line. Placeholders: `{{VAR}}` is the value of the environment variable VAR,
//! `{{VAR host}}` the host and port of the URL in VAR, `{{key file contents}}` (Azure Arc) the
//! contents of the file the 401 response names, `{{resource}}` and `{{identity}}` a value the
//! pasted setup left to its caller (percent-encoded), `{{access_token}}` (a call to a resource)
//! the `access_token` of the token response. The request line is in absolute form, which every
//! HTTP/1.1 server must accept (RFC 9112 §3.2.2).

use super::{comment, Plan};
use crate::azure::platforms::HeaderValue;
use crate::input::percent::percent_encode;
use crate::request::model::{encode_pairs, Endpoint, ResourceCall};

/// `host[:port]` of a URL.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// `a=b&c=d`, percent-encoded, with `{{var}}` for a value the pasted setup left to its caller.
fn encode(plan: &Plan, pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| match plan.argument(v) {
            Some(a) => format!("{}={{{{{}}}}}", percent_encode(k), a.var),
            None => encode_pairs(&[(k, v.clone())]),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn request(plan: &Plan, authorization: bool) -> String {
    let (url, host) = match &plan.endpoint {
        Endpoint::Url(url) => (url.clone(), authority(url).to_string()),
        Endpoint::Env { var, .. } => (format!("{{{{{var}}}}}"), format!("{{{{{var} host}}}}")),
    };
    let query = encode(plan, &plan.query);
    let target = if query.is_empty() {
        url
    } else {
        format!("{url}?{query}")
    };
    let mut out = format!("{} {target} HTTP/1.1\nHost: {host}\n", plan.spec.method);
    for h in &plan.headers {
        match h.value {
            HeaderValue::Literal(v) => out.push_str(&format!("{}: {v}\n", h.name)),
            HeaderValue::Env(var) => out.push_str(&format!("{}: {{{{{var}}}}}\n", h.name)),
        }
    }
    if authorization {
        out.push_str("Authorization: Basic {{key file contents}}\n");
    }
    if !plan.form.is_empty() {
        let body = encode(plan, &plan.form);
        out.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\nContent-Length: {}\n\n{body}\n",
            body.len()
        ));
    }
    out
}

pub(super) fn render(plan: &Plan) -> String {
    let mut about = plan.about_with("the response; its access_token is the token", false);
    for a in &plan.arguments {
        about.push(format!(
            "{{{{{}}}}}: {}, percent-encoded; the pasted setup left it to its caller.",
            a.var, a.what
        ));
    }
    if let Endpoint::Env {
        var,
        default: Some(url),
    } = &plan.endpoint
    {
        about.push(format!("When {var} is unset, use {url}"));
    }
    let mut out = comment(&about, "#");
    if plan.challenge() {
        out.push_str("\n# Step 1: the agent answers 401; WWW-Authenticate: Basic realm=<path of a key file>.\n");
        out.push_str(&request(plan, false));
        out.push_str("\n###\n# Step 2: the same request with the key file's contents as the Basic credential. Send only\n# the agent's own key file: a .key file of at most 4096 bytes in /var/opt/azcmagent/tokens\n# (Windows: %ProgramData%\\AzureConnectedMachineAgent\\Tokens).\n");
        out.push_str(&request(plan, true));
    } else {
        out.push('\n');
        out.push_str(&request(plan, false));
    }
    if let Some(call) = plan.call() {
        out.push_str(&call_request(call));
    }
    out
}

/// The call, with `{{access_token}}` for the token the response above holds.
fn call_request(call: &ResourceCall) -> String {
    let query = encode_pairs(&call.query());
    let target = if query.is_empty() {
        call.url.clone()
    } else {
        format!("{}?{query}", call.url)
    };
    let mut out = format!(
        "\n###\n# Then {}, with the access_token of the response above as {{{{access_token}}}}.\nGET {target} HTTP/1.1\nHost: {}\n",
        call.service.name(),
        authority(&call.url)
    );
    for (name, value) in call.headers() {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push_str("Authorization: Bearer {{access_token}}\n");
    out
}
