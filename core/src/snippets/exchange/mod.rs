//! Workload identity's token exchange, written for every target: read the projected
//! service-account token from the file `AZURE_FEDERATED_TOKEN_FILE` names (at every run: the
//! kubelet rewrites it), POST it as the client assertion to
//! `{AZURE_AUTHORITY_HOST}{AZURE_TENANT_ID}/oauth2/v2.0/token` with `grant_type=client_credentials`,
//! `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, `client_id` and
//! `scope=<resource>/.default`, form-encoded, and print the access token. This is what
//! azure-identity's WorkloadIdentityCredential sends (mi-protocols.md §2 item 6); the variables are
//! the AKS webhook's (Azure/azure-workload-identity `pkg/webhook/consts.go`).
//!
//! The exchange is a different program from a managed-identity request (a file, a form, Entra ID
//! instead of a local endpoint), so it is written here for all targets at once, from the same
//! [`ExchangeRequest`]: the shells and raw HTTP in [`scripts`], the HTTP libraries in
//! [`programs`], and the SDKs' `WorkloadIdentityCredential` (and `az login --federated-token`) in
//! [`sdks`]. Literals use the targets' own escapers ([`super::escape`]). Proxies are not bypassed:
//! Entra ID is a public endpoint, reached through a proxy where the pod must use one.

mod programs;
mod scripts;
mod sdks;

use super::{doc_url, Plan, Target};
use crate::request::model::{Endpoint, ExchangeRequest, FormValue, RequestedIdentity, Unsupported};

/// One exchange, worked out once for every writer.
pub(super) struct Exchange<'a> {
    pub plan: &'a Plan<'a>,
    pub x: ExchangeRequest,
    /// The authority host used when AZURE_AUTHORITY_HOST is unset (Entra's, or the override).
    pub default_authority: String,
}

impl<'a> Exchange<'a> {
    fn new(plan: &'a Plan<'a>, x: ExchangeRequest) -> Self {
        let default_authority = match &x.authority {
            Endpoint::Env {
                default: Some(d), ..
            } => d.clone(),
            Endpoint::Env { default: None, .. } => x.exchange.default_authority.to_string(),
            Endpoint::Url(u) => u.clone(),
        };
        Exchange {
            plan,
            x,
            default_authority,
        }
    }

    /// The variables the program cannot do without: the tenant, the token file, and the client
    /// ID when none was given.
    pub fn required_env(&self) -> Vec<&'static str> {
        let e = &self.x.exchange;
        let mut vars = vec![e.tenant_env, e.token_file_env];
        if !matches!(self.plan.req.identity, RequestedIdentity::ClientId(_)) {
            vars.push(e.client_id_env);
        }
        vars
    }

    /// The form fields, each value written by the target: `lit` for a literal, `env` for a
    /// variable's value, `file` for the contents of the file a variable names.
    pub fn fields(
        &self,
        lit: impl Fn(&str) -> String,
        env: impl Fn(&str) -> String,
        file: impl Fn(&str) -> String,
    ) -> Vec<(&'static str, String)> {
        self.x
            .form
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    FormValue::Literal(l) => lit(l),
                    FormValue::Env(var) => env(var),
                    FormValue::FileNamedBy(var) => file(var),
                };
                (*name, v)
            })
            .collect()
    }

    /// Every value a user typed: the scope (from the resource), a client ID, the authority.
    pub fn user_values(&self) -> Vec<&str> {
        let mut v = vec![
            self.plan.req.resource.as_str(),
            self.default_authority.as_str(),
        ];
        v.extend(self.plan.req.identity.value());
        v
    }

    pub fn scope(&self) -> String {
        self.plan.req.scope()
    }

    /// The header comment (no user value in it).
    pub fn about(&self, prints: &str) -> Vec<String> {
        let e = &self.x.exchange;
        let client = match &self.plan.req.identity {
            RequestedIdentity::ClientId(_) => "the client ID written below".to_string(),
            _ => format!("{} (the client ID)", e.client_id_env),
        };
        vec![
            format!("AKS workload identity: a token exchange with Entra ID; prints {prints}."),
            "Written by MI Token Inspector.".to_string(),
            format!(
                "Reads {} (the tenant), {client} and {} (the projected service-account token, read at every run: the kubelet rewrites it),",
                e.tenant_env, e.token_file_env
            ),
            format!(
                "and {} (Entra ID's host; {} when it is unset), as the AKS workload-identity webhook sets them.",
                e.authority_env, e.default_authority
            ),
            format!(
                "POSTs the token as the client assertion to {}{{tenant}}{}.",
                e.authority_env, e.token_path
            ),
            format!("Protocol: {}", doc_url(self.plan.req.platform)),
        ]
    }

    /// The message a program prints when a variable is missing.
    pub fn missing(&self) -> String {
        " is not set: run this in a pod with AKS workload identity (the pod labelled azure.workload.identity/use: \"true\")".to_string()
    }
}

/// Writes the exchange for `target`, or says why it cannot be.
pub(super) fn render(
    plan: &Plan,
    x: ExchangeRequest,
    target: Target,
) -> Result<String, Unsupported> {
    if let Some(v) = &plan.req.api_version {
        return Err(Unsupported(format!(
            "The token exchange with Entra ID takes no api-version; {v} cannot be sent."
        )));
    }
    if plan.req.call.is_some() {
        return Err(Unsupported(
            "The workload-identity programs get the token and print it; the call after it is written for the managed-identity platforms only. Use the token it prints, or an SDK's WorkloadIdentityCredential with the service's client library.".into(),
        ));
    }
    if let Some(a) = plan.arguments.first() {
        return Err(Unsupported(format!(
            "The pasted setup leaves {} to its caller (`{}`): set it, and the workload-identity program is written with it.",
            a.what, a.placeholder
        )));
    }
    let ex = Exchange::new(plan, x);
    match target {
        Target::Curl => scripts::curl(&ex),
        Target::PowerShell => Ok(scripts::powershell(&ex)),
        Target::Http => Ok(scripts::http(&ex)),
        Target::AzureCli => sdks::azure_cli(&ex),
        Target::Python => Ok(programs::python_requests(&ex)),
        Target::PythonUrllib => Ok(programs::python_urllib(&ex)),
        Target::Node => Ok(programs::node(&ex)),
        Target::Java => Ok(programs::java(&ex)),
        Target::Go => Ok(programs::go(&ex)),
        Target::Rust => Ok(programs::rust(&ex)),
        Target::CSharp => Ok(programs::csharp(&ex)),
        Target::CSharpAzureIdentity => sdks::sdk(&ex, sdks::Sdk::DotNet),
        Target::PythonAzureIdentity => sdks::sdk(&ex, sdks::Sdk::Python),
        Target::NodeAzureIdentity => sdks::sdk(&ex, sdks::Sdk::JavaScript),
        Target::JavaAzureIdentity => sdks::sdk(&ex, sdks::Sdk::Java),
        Target::GoAzidentity => sdks::sdk(&ex, sdks::Sdk::Go),
    }
}
