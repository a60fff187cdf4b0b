//! Python 3: `requests` and the standard library (`urllib.request`, for machines without pip).
//! Literals are escape::python strings; the libraries percent-encode the query. Proxies are
//! bypassed (`Session.trust_env = False`, an empty `ProxyHandler`). Service Fabric pins the
//! certificate before any byte of the request is sent: urllib3's `assert_fingerprint` for requests
//! (urllib3 accepts SHA-1 fingerprints), a connection that checks `getpeercert(binary_form=True)`
//! in `connect()` for urllib.

use super::escape::python as py;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

/// Azure Arc's step 2, after `realm` holds the challenge: send the key file only if it is the
/// agent's own (the checks the Azure SDKs make, mi-protocols.md §3.7), as the Basic credential.
const KEY_FILE: &str = r#"# Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
# 4096 bytes in the agent's Tokens folder. Anything else could be any file on this machine.
key_path = realm.split("realm=", 1)[1].strip()
if os.name == "nt":
    tokens = os.path.expandvars(r"%ProgramData%\AzureConnectedMachineAgent\Tokens")
else:
    tokens = "/var/opt/azcmagent/tokens"
if os.path.dirname(key_path) != tokens or not key_path.endswith(".key") or os.path.getsize(key_path) > 4096:
    sys.exit(f"refusing to send {key_path}: not an Azure Arc agent key file")
# Step 2: the file's contents are the Basic credential.
with open(key_path) as key_file:
    headers["Authorization"] = "Basic " + key_file.read()
"#;

/// The call's headers (the token's, then Storage's version) as a Python dict literal.
fn call_headers(call: &ResourceCall, token: &str) -> String {
    let mut out = format!("{{\"Authorization\": \"Bearer \" + {token}");
    for (name, value) in call.headers() {
        out.push_str(&format!(", {}: {}", py(name), py(&value)));
    }
    out.push('}');
    out
}

/// The call's query (api-version) as a Python dict literal.
fn call_query(call: &ResourceCall) -> String {
    let pairs: Vec<String> = call
        .query()
        .iter()
        .map(|(k, v)| format!("{}: {}", py(k), py(v)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// The call with `requests` (module-level: a session of its own, so the environment's proxy
/// applies and the token endpoint's pinning does not), sending the token `token` evaluates to.
fn requests_call(call: &ResourceCall, token: &str) -> String {
    let params = if call.query().is_empty() {
        String::new()
    } else {
        format!("    params={},\n", call_query(call))
    };
    format!(
        "\n# {}, with the token (requests' defaults: the environment's proxy applies here).\nresult = requests.get(\n    {},\n{params}    headers={},\n    timeout=30,\n)\nif not result.ok:\n    sys.exit(f\"{{result.status_code}} {{result.text}}\")\nprint(result.text)\n",
        call.service.name(),
        py(&call.url),
        call_headers(call, token)
    )
}

/// The call with `urllib.request` (the default opener: the environment's proxy applies), sending
/// the token `token` evaluates to. Also the azure-identity target's.
pub(super) fn urllib_call(call: &ResourceCall, token: &str) -> String {
    let url = if call.query().is_empty() {
        py(&call.url)
    } else {
        format!(
            "{} + \"?\" + urllib.parse.urlencode({})",
            py(&call.url),
            call_query(call)
        )
    };
    format!(
        "\n# {}, with the token (the default opener: the environment's proxy applies here).\ncall = urllib.request.Request(\n    {url},\n    headers={},\n)\ntry:\n    with urllib.request.urlopen(call, timeout=30) as result:\n        print(result.read().decode())\nexcept urllib.error.HTTPError as error:\n    sys.exit(f\"{{error.code}} {{error.read().decode()}}\")\n",
        call.service.name(),
        call_headers(call, token)
    )
}

fn need(plan: &Plan) -> String {
    format!(
        "def need(name):\n    value = os.environ.get(name)\n    if not value:\n        sys.exit(name + {})\n    return value\n\n\n",
        py(&plan.missing(""))
    )
}

/// Python: `sys.argv` (also the azure-identity target's).
pub(super) const PYTHON_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "if len(sys.argv) < {}:\n    sys.exit({})\n",
            n + 1,
            py(usage)
        )
    },
    bind: |var, i| format!("{var} = sys.argv[{}]\n", i + 1),
};

/// The arguments, then the endpoint.
fn endpoint(plan: &Plan) -> String {
    plan.read_arguments(&PYTHON_ARGUMENTS) + &endpoint_only(plan)
}

fn endpoint_only(plan: &Plan) -> String {
    match &plan.endpoint {
        Endpoint::Url(url) => format!("endpoint = {}\n", py(url)),
        Endpoint::Env { var, default: None } => format!("endpoint = need(\"{var}\")\n"),
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!("endpoint = os.environ.get(\"{var}\") or {}\n", py(url)),
    }
}

fn dict(plan: &Plan, name: &str, pairs: &[(&str, String)]) -> String {
    let mut out = format!("{name} = {{\n");
    for (k, v) in pairs {
        out.push_str(&format!("    {}: {},\n", py(k), plan.value(v, py)));
    }
    out.push_str("}\n");
    out
}

fn headers(plan: &Plan) -> String {
    let mut out = String::from("headers = {\n");
    for h in &plan.headers {
        match h.value {
            HeaderValue::Literal(v) => out.push_str(&format!("    \"{}\": {},\n", h.name, py(v))),
            HeaderValue::Env(var) => {
                out.push_str(&format!("    \"{}\": need(\"{var}\"),\n", h.name))
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The request's data: query parameters and form fields.
fn data(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.query.is_empty() {
        out.push_str(&dict(plan, "params", &plan.query));
    }
    if !plan.form.is_empty() {
        out.push_str(&dict(plan, "form", &plan.form));
    }
    out.push_str(&headers(plan));
    out
}

fn head(plan: &Plan, imports: &str) -> String {
    let mut out = String::from("#!/usr/bin/env python3\n");
    out.push_str(&comment(&plan.about("the access token"), "#"));
    out.push_str(imports);
    out.push_str("\n\n");
    out.push_str(&plan.if_needed(need(plan)));
    out
}

/// Service Fabric for urllib: a connection that checks the certificate's thumbprint before sending.
const PINNED_CONNECTION: &str = r#"class PinnedConnection(http.client.HTTPSConnection):
    """Trusts the endpoint's self-signed certificate only if its SHA-1 thumbprint matches."""

    def connect(self):
        super().connect()
        expected = need("IDENTITY_SERVER_THUMBPRINT").replace(":", "").replace(" ", "").lower()
        actual = hashlib.sha1(self.sock.getpeercert(binary_form=True)).hexdigest()
        if actual != expected:
            self.close()
            raise ssl.SSLError(f"the endpoint's certificate {actual} is not IDENTITY_SERVER_THUMBPRINT")


class PinnedHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # self-signed: PinnedConnection checks the thumbprint
        return self.do_open(PinnedConnection, req, context=context)


"#;

/// Service Fabric for requests: urllib3 checks the certificate's SHA-1 fingerprint.
const PINNED_ADAPTER: &str = r#"class PinnedAdapter(HTTPAdapter):
    """Trusts the endpoint's self-signed certificate only if its SHA-1 thumbprint matches."""

    def init_poolmanager(self, *args, **kwargs):
        kwargs["assert_fingerprint"] = need("IDENTITY_SERVER_THUMBPRINT").replace(":", "").replace(" ", "")
        kwargs["cert_reqs"] = "CERT_NONE"
        super().init_poolmanager(*args, **kwargs)


"#;

pub(super) fn render_requests(plan: &Plan) -> String {
    let mut imports = String::from("import os\nimport sys\n\nimport requests\n");
    if plan.thumbprint_env().is_some() {
        imports.push_str("from requests.adapters import HTTPAdapter\n");
    }
    let mut out = head(plan, &imports);
    if plan.thumbprint_env().is_some() {
        out.push_str(PINNED_ADAPTER);
    }
    out.push_str(&endpoint(plan));
    out.push_str(&data(plan));
    out.push_str("session = requests.Session()\nsession.trust_env = False  # no proxy: the endpoint is local\n");
    if plan.thumbprint_env().is_some() {
        out.push_str("session.verify = False  # self-signed: PinnedAdapter checks the thumbprint instead\nsession.mount(\"https://\", PinnedAdapter())\n");
    }
    let args = match (plan.query.is_empty(), plan.form.is_empty()) {
        (false, true) => "params=params, ",
        (true, false) => "data=form, ",
        (true, true) => "",
        (false, false) => "params=params, data=form, ",
    };
    let method = if plan.post() { "post" } else { "get" };
    let call = format!("session.{method}(endpoint, {args}headers=headers, timeout=30)");
    if plan.challenge() {
        out.push_str(&format!(
            r#"
# Step 1: without a credential the agent answers 401 and names a key file.
challenge = {call}
realm = challenge.headers.get("WWW-Authenticate", "")
if challenge.status_code != 401 or "realm=" not in realm:
    sys.exit(f"{{endpoint}} did not answer with a WWW-Authenticate challenge ({{challenge.status_code}})")
"#
        ));
        out.push_str(KEY_FILE);
    }
    out.push_str(&format!(
        "\nresponse = {call}\nif not response.ok:\n    sys.exit(f\"{{response.status_code}} {{response.text}}\")\n"
    ));
    match plan.call() {
        None => out.push_str("print(response.json()[\"access_token\"])\n"),
        Some(call) => {
            out.push_str("token = response.json()[\"access_token\"]\n");
            out.push_str(&requests_call(call, "token"));
        }
    }
    out
}

pub(super) fn render_urllib(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut imports = String::new();
    if pinned {
        imports.push_str("import hashlib\nimport http.client\n");
    }
    imports.push_str("import json\nimport os\n");
    if pinned {
        imports.push_str("import ssl\n");
    }
    imports
        .push_str("import sys\nimport urllib.error\nimport urllib.parse\nimport urllib.request\n");
    let mut out = head(plan, &imports);
    if pinned {
        out.push_str(PINNED_CONNECTION);
    }
    // Only Azure Arc's challenge needs the response headers.
    let headers = if plan.challenge() { " headers," } else { "" };
    out.push_str(&format!(
        r#"def send(request):
    try:
        with opener.open(request, timeout=30) as response:
            return response.status,{} response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code,{} error.read().decode()


"#,
        headers.replace("headers", "response.headers"),
        headers.replace("headers", "error.headers"),
    ));
    out.push_str(&endpoint(plan));
    out.push_str(&data(plan));
    out.push_str(&format!(
        "# No proxy: the endpoint is local.\nopener = urllib.request.build_opener(urllib.request.ProxyHandler({{}}){})\n",
        if pinned { ", PinnedHandler()" } else { "" }
    ));
    let url = if plan.query.is_empty() {
        "endpoint"
    } else {
        "endpoint + \"?\" + urllib.parse.urlencode(params)"
    };
    let body = if plan.form.is_empty() {
        String::new()
    } else {
        out.push_str("headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n");
        "data=urllib.parse.urlencode(form).encode(), ".to_string()
    };
    let method = if plan.post() { "POST" } else { "GET" };
    let request =
        format!("urllib.request.Request(url, {body}headers=headers, method=\"{method}\")");
    out.push_str(&format!("url = {url}\n"));
    if !plan.challenge() {
        out.push_str(&format!("\nstatus, body = send({request})\n"));
    } else {
        out.push_str(&format!("\n\ndef request():\n    return {request}\n\n\n"));
        out.push_str(
            r#"# Step 1: without a credential the agent answers 401 and names a key file.
status, response_headers, _ = send(request())
realm = response_headers.get("WWW-Authenticate", "")
if status != 401 or "realm=" not in realm:
    sys.exit(f"{endpoint} did not answer with a WWW-Authenticate challenge ({status})")
"#,
        );
        out.push_str(KEY_FILE);
        out.push_str("\nstatus, _, body = send(request())\n");
    }
    out.push_str("if status != 200:\n    sys.exit(f\"{status} {body}\")\n");
    match plan.call() {
        None => out.push_str("print(json.loads(body)[\"access_token\"])\n"),
        Some(call) => {
            out.push_str("token = json.loads(body)[\"access_token\"]\n");
            out.push_str(&urllib_call(call, "token"));
        }
    }
    out
}
