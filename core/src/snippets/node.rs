//! Node.js 18+ with the built-in `fetch` (an ES module, for top-level `await`). Node's `fetch` does
//! not use HTTP(S)_PROXY, so the local endpoint is reached directly. Literals are
//! escape::javascript strings; `URLSearchParams` encodes the query. Service Fabric: `fetch` cannot
//! pin a certificate, so the program opens the TLS connection itself (`node:tls`), compares the
//! SHA-1 fingerprint of the certificate, and only then sends the request over that connection
//! with `node:http`.

use super::escape::javascript as js;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

/// Node.js: `process.argv` (also the @azure/identity target's).
pub(super) const NODE_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "if (process.argv.length < {}) {{\n  console.error({});\n  process.exit(2);\n}}\n",
            n + 2,
            js(usage)
        )
    },
    bind: |var, i| format!("const {var} = process.argv[{}];\n", i + 2),
};

/// The call with `fetch` (not the token request's pinned socket), sending the token `token`
/// evaluates to. Also the @azure/identity target's.
pub(super) fn fetch_call(call: &ResourceCall, token: &str) -> String {
    let mut out = format!(
        "\n// {}, with the token.\nconst callUrl = new URL({});\n",
        call.service.name(),
        js(&call.url)
    );
    for (name, value) in call.query() {
        out.push_str(&format!(
            "callUrl.searchParams.append({}, {});\n",
            js(name),
            js(&value)
        ));
    }
    out.push_str(
        "const call = await fetch(callUrl, {\n  headers: {\n    Authorization: \"Bearer \" + ",
    );
    out.push_str(token);
    out.push_str(",\n");
    for (name, value) in call.headers() {
        out.push_str(&format!("    {}: {},\n", js(name), js(&value)));
    }
    out.push_str("  },\n});\nconst result = await call.text();\nif (!call.ok) {\n  console.error(`${call.status} ${result}`);\n  process.exit(1);\n}\nconsole.log(result);\n");
    out
}

fn object(plan: &Plan, pairs: &[(&str, String)]) -> String {
    let mut out = String::from("{\n");
    for (k, v) in pairs {
        out.push_str(&format!("  {}: {},\n", js(k), plan.value(v, js)));
    }
    out.push('}');
    out
}

const PINNED_SEND: &str = r#"
// fetch cannot pin a certificate: open the TLS connection, check the thumbprint, then send over it.
async function pinnedSocket(url) {
  const expected = need("IDENTITY_SERVER_THUMBPRINT").replace(/[:\s]/g, "").toUpperCase();
  const socket = connect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false });
  await once(socket, "secureConnect");
  const actual = socket.getPeerCertificate().fingerprint.replace(/:/g, "");
  if (actual !== expected) {
    socket.destroy();
    throw new Error(`the endpoint's certificate ${actual} is not IDENTITY_SERVER_THUMBPRINT`);
  }
  return socket;
}

async function send(url, headers) {
  const socket = await pinnedSocket(url);
  return new Promise((resolve, reject) => {
    const options = {
      host: url.host,
      path: url.pathname + url.search,
      headers,
      createConnection: () => socket,
    };
    const req = request(options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ ok: res.statusCode === 200, status: res.statusCode, text: () => body }));
    });
    req.on("error", reject);
    req.end();
  });
}
"#;

/// Azure Arc's challenge: step 1, the key-file checks, and the credential step 2 sends (`{call}`: the request expression).
const CHALLENGE: &str = r#"
// Step 1: without a credential the agent answers 401 and names a key file.
const challenge = await {call};
const realm = challenge.headers.get("www-authenticate") ?? "";
if (challenge.status !== 401 || !realm.includes("realm=")) {
  console.error(`${url.origin} did not answer with a WWW-Authenticate challenge (${challenge.status})`);
  process.exit(1);
}
// Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
// 4096 bytes in the agent's Tokens folder. Anything else could be any file on this machine.
const keyFile = realm.slice(realm.indexOf("realm=") + 6).trim();
const tokens = process.platform === "win32"
  ? join(process.env.ProgramData ?? "", "AzureConnectedMachineAgent", "Tokens")
  : "/var/opt/azcmagent/tokens";
if (dirname(keyFile) !== tokens || !keyFile.endsWith(".key") || statSync(keyFile).size > 4096) {
  console.error(`refusing to send ${keyFile}: not an Azure Arc agent key file`);
  process.exit(1);
}
// Step 2: the file's contents are the Basic credential.
headers.Authorization = "Basic " + readFileSync(keyFile, "utf8");
"#;

pub(super) fn render(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = String::from("#!/usr/bin/env node\n");
    out.push_str(&comment(&plan.about("the access token"), "//"));
    if plan.challenge() {
        out.push_str("import { readFileSync, statSync } from \"node:fs\";\nimport { dirname, join } from \"node:path\";\n");
    }
    if pinned {
        out.push_str("import { once } from \"node:events\";\nimport { request } from \"node:http\";\nimport { connect } from \"node:tls\";\n");
    }
    if plan.challenge() || pinned {
        out.push('\n');
    }
    out.push_str(&plan.if_needed(format!(
        "function need(name) {{\n  const value = process.env[name];\n  if (!value) {{\n    console.error(name + {});\n    process.exit(1);\n  }}\n  return value;\n}}\n",
        js(&plan.missing(""))
    )));
    if pinned {
        out.push_str(PINNED_SEND);
    }
    out.push('\n');
    let endpoint = match &plan.endpoint {
        Endpoint::Url(url) => js(url),
        Endpoint::Env { var, default: None } => format!("need(\"{var}\")"),
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!("process.env.{var} || {}", js(url)),
    };
    out.push_str(&plan.read_arguments(&NODE_ARGUMENTS));
    out.push_str(&format!("const url = new URL({endpoint});\n"));
    if !plan.query.is_empty() {
        out.push_str(&format!(
            "const params = {};\nfor (const [name, value] of Object.entries(params)) {{\n  url.searchParams.append(name, value);\n}}\n",
            object(plan, &plan.query)
        ));
    }
    out.push_str("const headers = {\n");
    for h in &plan.headers {
        match h.value {
            HeaderValue::Literal(v) => out.push_str(&format!("  {}: {},\n", js(h.name), js(v))),
            HeaderValue::Env(var) => out.push_str(&format!("  {}: need(\"{var}\"),\n", js(h.name))),
        }
    }
    out.push_str("};\n");
    let call = if pinned {
        "send(url, headers)".to_string()
    } else if plan.form.is_empty() {
        "fetch(url, { headers })".to_string()
    } else {
        out.push_str(&format!(
            "const form = new URLSearchParams({});\n",
            object(plan, &plan.form)
        ));
        "fetch(url, { method: \"POST\", headers, body: form })".to_string()
    };
    if plan.challenge() {
        out.push_str(&CHALLENGE.replace("{call}", &call));
    }
    out.push_str(&format!(
        "\nconst response = await {call};\nconst body = await response.text();\nif (!response.ok) {{\n  console.error(`${{response.status}} ${{body}}`);\n  process.exit(1);\n}}\n"
    ));
    match plan.call() {
        None => out.push_str("console.log(JSON.parse(body).access_token);\n"),
        Some(call) => {
            out.push_str("const token = JSON.parse(body).access_token;\n");
            out.push_str(&fetch_call(call, "token"));
        }
    }
    out
}
