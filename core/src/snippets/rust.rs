//! Rust with blocking `reqwest` (and `serde_json` to read the token). Literals are escape::rust
//! strings; `RequestBuilder::query`/`form` encode the values. The client is built with
//! `no_proxy()`. Service Fabric: a rustls `ServerCertVerifier` that accepts only a leaf certificate
//! with the expected SHA-1 thumbprint (signatures are still checked), handed to reqwest with
//! `use_preconfigured_tls`.

use super::escape::rust;
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

/// The `[dependencies]` the program needs, also written into its header comment.
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.12", default-features = false, features = ["blocking", "rustls-tls"] }
serde_json = "1"
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
sha1 = "0.10""#;

const PIN: &str = r#"
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha1::{Digest, Sha1};

/// Trusts the endpoint's self-signed certificate only if its SHA-1 thumbprint matches.
#[derive(Debug)]
struct Pinned {
    thumbprint: String,
    provider: CryptoProvider,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let actual: String = Sha1::digest(end_entity.as_ref()).iter().map(|b| format!("{b:02x}")).collect();
        if actual == self.thumbprint {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "the endpoint's certificate {actual} is not IDENTITY_SERVER_THUMBPRINT"
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

fn pinned_tls() -> rustls::ClientConfig {
    let thumbprint = need("IDENTITY_SERVER_THUMBPRINT").replace([':', ' '], "").to_lowercase();
    let provider = rustls::crypto::ring::default_provider();
    rustls::ClientConfig::builder_with_provider(Arc::new(provider.clone()))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned { thumbprint, provider }))
        .with_no_client_auth()
}
"#;

/// Rust: `std::env::args()`, each argument bound as a `&str`.
const RUST_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "    let args: Vec<String> = std::env::args().collect();\n    if args.len() < {} {{\n        eprintln!(\"{{}}\", {});\n        exit(2);\n    }}\n",
            n + 1,
            rust(usage)
        )
    },
    bind: |var, i| format!("    let {var} = args[{}].as_str();\n", i + 1),
};

/// The call with a client of its own (reqwest's defaults: the environment's proxy applies; the
/// token request's client bypasses it and may pin), sending `token`.
fn call_code(call: &ResourceCall) -> String {
    let mut out = format!(
        "\n    // {}, with the token (a client of its own: the environment's proxy applies here).\n    let call = reqwest::blocking::Client::new()\n        .get({})\n",
        call.service.name(),
        rust(&call.url)
    );
    if !call.query().is_empty() {
        let pairs: Vec<String> = call
            .query()
            .iter()
            .map(|(k, v)| format!("({}, {})", rust(k), rust(v)))
            .collect();
        out.push_str(&format!("        .query(&[{}])\n", pairs.join(", ")));
    }
    for (name, value) in call.headers() {
        out.push_str(&format!(
            "        .header({}, {})\n",
            rust(name),
            rust(&value)
        ));
    }
    out.push_str(
        r#"        .bearer_auth(token)
        .send()?;
    let status = call.status();
    let text = call.text()?;
    if !status.is_success() {
        eprintln!("{} {text}", status.as_u16());
        exit(1);
    }
    println!("{text}");
"#,
    );
    out
}

fn pairs(plan: &Plan, name: &str, pairs: &[(&str, String)]) -> String {
    let mut out = format!("    let {name} = [\n");
    for (k, v) in pairs {
        out.push_str(&format!(
            "        ({}, {}),\n",
            rust(k),
            plan.value(v, rust)
        ));
    }
    out.push_str("    ];\n");
    out
}

/// Azure Arc's challenge: step 1, the key-file checks, and the credential step 2 sends (`{request}`: the request expression).
const CHALLENGE: &str = r#"
    // Step 1: without a credential the agent answers 401 and names a key file.
    let challenge = {request}.headers(headers.clone()).send()?;
    let realm = challenge
        .headers()
        .get("WWW-Authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(at) = realm.find("realm=").filter(|_| challenge.status() == 401) else {
        eprintln!("{endpoint} did not answer with a WWW-Authenticate challenge ({})", challenge.status());
        exit(1)
    };
    // Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
    // 4096 bytes in the agent's Tokens folder. Anything else could be any file on this machine.
    let key_file = std::path::Path::new(realm[at + "realm=".len()..].trim());
    let tokens = if cfg!(windows) {
        std::path::PathBuf::from(std::env::var("ProgramData").unwrap_or_default())
            .join("AzureConnectedMachineAgent")
            .join("Tokens")
    } else {
        std::path::PathBuf::from("/var/opt/azcmagent/tokens")
    };
    if key_file.parent() != Some(tokens.as_path())
        || key_file.extension().map_or(true, |e| e != "key")
        || std::fs::metadata(key_file)?.len() > 4096
    {
        eprintln!("refusing to send {}: not an Azure Arc agent key file", key_file.display());
        exit(1);
    }
    // Step 2: the file's contents are the Basic credential.
    let key = std::fs::read_to_string(key_file)?;
    headers.insert("Authorization", format!("Basic {key}").parse()?);
"#;

/// The header comment (with the dependencies), the helpers and the start of `main`, with its arguments read.
fn head(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut about = plan.about("the access token");
    about.push("Cargo.toml [dependencies]:".into());
    about.extend(DEPENDENCIES.lines().map(|l| format!("  {l}")));
    let mut out = comment(&about, "//");
    out.push_str("use std::process::exit;\n");
    if pinned {
        out.push_str(PIN);
    }
    out.push_str(&plan.if_needed(format!(
        r#"
fn need(name: &str) -> String {{
    match std::env::var(name) {{
        Ok(value) if !value.is_empty() => value,
        _ => {{
            eprintln!("{{name}}{{}}", {});
            exit(1)
        }}
    }}
}}
"#,
        rust(&plan.missing(""))
    )));
    out.push_str("\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    out.push_str(&plan.read_arguments(&RUST_ARGUMENTS));
    out
}

pub(super) fn render(plan: &Plan) -> String {
    let pinned = plan.thumbprint_env().is_some();
    let mut out = head(plan);
    out.push_str(&match &plan.endpoint {
        Endpoint::Url(url) => format!("    let endpoint = {}.to_string();\n", rust(url)),
        Endpoint::Env { var, default: None } => format!("    let endpoint = need(\"{var}\");\n"),
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!(
            "    let endpoint = std::env::var(\"{var}\")\n        .ok()\n        .filter(|v| !v.is_empty())\n        .unwrap_or_else(|| {}.to_string());\n",
            rust(url)
        ),
    });
    if !plan.query.is_empty() {
        out.push_str(&pairs(plan, "params", &plan.query));
    }
    if !plan.form.is_empty() {
        out.push_str(&pairs(plan, "form", &plan.form));
    }
    out.push_str("    let mut headers = reqwest::header::HeaderMap::new();\n");
    for h in &plan.headers {
        let value = match h.value {
            HeaderValue::Literal(v) => format!("{}.parse()?", rust(v)),
            HeaderValue::Env(var) => format!("need(\"{var}\").parse()?"),
        };
        out.push_str(&format!("    headers.insert(\"{}\", {value});\n", h.name));
    }
    out.push_str(&format!(
        "    let client = reqwest::blocking::Client::builder()\n        .no_proxy() // the endpoint is local\n{}        .build()?;\n",
        if pinned {
            "        .use_preconfigured_tls(pinned_tls())\n"
        } else {
            ""
        }
    ));
    let mut request = format!(
        "client.{}(&endpoint)",
        if plan.post() { "post" } else { "get" }
    );
    if !plan.query.is_empty() {
        request.push_str(".query(&params)");
    }
    if !plan.form.is_empty() {
        request.push_str(".form(&form)");
    }
    if plan.challenge() {
        out.push_str(&CHALLENGE.replace("{request}", &request));
    }
    out.push_str(&format!(
        r#"
    let response = {request}.headers(headers).send()?;
    let status = response.status();
    let body = response.text()?;
    if !status.is_success() {{
        eprintln!("{{}} {{body}}", status.as_u16());
        exit(1);
    }}
    let json: serde_json::Value = serde_json::from_str(&body)?;
"#
    ));
    match plan.call() {
        None => out.push_str(
            "    println!(\"{}\", json[\"access_token\"].as_str().unwrap_or_default());\n",
        ),
        Some(call) => {
            out.push_str("    let token = json[\"access_token\"].as_str().unwrap_or_default();\n");
            out.push_str(&call_code(call));
        }
    }
    out.push_str("    Ok(())\n}\n");
    out
}
