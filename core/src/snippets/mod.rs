//! Ready-to-run token requests: one program per target language or client, written from a
//! [`TokenRequest`] so that every target agrees with the platform's protocol
//! (../shared/reference/mi-protocols.md) and with every other target.
//!
//! The layout follows Kong/httpsnippet: one request model, one module per target, one set of
//! escaping helpers ([`escape`]) with their own tests. Every program
//! - reads the endpoint and the secrets from the environment variables the platform sets (never
//!   pastes them into code), and puts every user value (resource, identity) in an escaped literal;
//! - prints the access token (`curl` and `http`: the response body) and exits non-zero with the
//!   server's error text when the endpoint refuses;
//! - follows the platform's flow: Azure Arc's 401 challenge and key file (sent only if it is the
//!   agent's own, as the SDKs check), Cloud Shell's POST form,
//!   Service Fabric's self-signed HTTPS pinned to `IDENTITY_SERVER_THUMBPRINT` where the language
//!   allows, and no proxy (managed-identity endpoints are always local; IMDS must not be proxied).
//!
//! Where a platform cannot do what is asked, [`render`] returns the reason instead of code.
//!
//! Workload identity is no managed-identity endpoint but a token exchange with Entra ID; its
//! programs, for every target, are in `exchange`.

pub mod escape;
pub mod prefill;
pub mod wire;

mod azure_cli;
mod csharp;
mod curl;
mod exchange;
mod go;
mod http;
mod java;
mod node;
mod powershell;
mod python;
mod rust;
mod sdk;

use crate::azure::platforms::{HeaderValue, Spec};
use crate::model::Platform;
use crate::request::call::is_plain_url;
use crate::request::code_fix::CodeLanguage;
use crate::request::model::{
    is_runtime_placeholder, Endpoint, HeaderSpec, ResourceCall, TokenRequest, Unsupported,
};

macro_rules! targets {
    ($($variant:ident => $id:literal, $title:literal, $file:literal;)*) => {
        /// A language or client a request can be written for. The ids are public (CLI, UI, fixtures).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Target { $($variant,)* }

        impl Target {
            /// Every target, in the order the UI shows them.
            pub const ALL: &'static [Target] = &[$(Target::$variant,)*];

            /// The target's id, e.g. `python-urllib`.
            pub fn id(self) -> &'static str {
                match self { $(Target::$variant => $id,)* }
            }

            /// What the target is, for people.
            pub fn title(self) -> &'static str {
                match self { $(Target::$variant => $title,)* }
            }

            /// A file name the program can be saved and run as.
            pub fn file_name(self) -> &'static str {
                match self { $(Target::$variant => $file,)* }
            }
        }
    };
}

targets! {
    Curl => "curl", "curl (bash)", "get-token.sh";
    PowerShell => "powershell", "PowerShell 7 (Invoke-RestMethod)", "get-token.ps1";
    CSharp => "csharp", "C# (HttpClient)", "Program.cs";
    CSharpAzureIdentity => "csharp-azure-identity", "C# (Azure.Identity)", "Program.cs";
    Python => "python", "Python (requests)", "get_token.py";
    PythonUrllib => "python-urllib", "Python (standard library only)", "get_token.py";
    PythonAzureIdentity => "python-azure-identity", "Python (azure-identity)", "get_token.py";
    Node => "node", "Node.js 18+ (fetch)", "get-token.mjs";
    NodeAzureIdentity => "node-azure-identity", "Node.js (@azure/identity)", "get-token.mjs";
    Java => "java", "Java 11+ (java.net.http)", "GetToken.java";
    JavaAzureIdentity => "java-azure-identity", "Java (azure-identity)", "GetToken.java";
    Go => "go", "Go (net/http)", "main.go";
    GoAzidentity => "go-azidentity", "Go (azidentity)", "main.go";
    Rust => "rust", "Rust (reqwest)", "main.rs";
    AzureCli => "azure-cli", "Azure CLI (az login --identity)", "get-token.sh";
    Http => "http", "Raw HTTP/1.1", "token.http";
}

/// The `[dependencies]` the `rust` target's programs need (also in their header comment).
pub fn rust_dependencies() -> &'static str {
    rust::DEPENDENCIES
}

impl Target {
    /// The plain-HTTP target for code pasted in `language` (PHP has none: curl, which its code
    /// usually wraps).
    pub fn for_language(language: CodeLanguage) -> Target {
        match language {
            CodeLanguage::Csharp => Target::CSharp,
            CodeLanguage::Python => Target::Python,
            CodeLanguage::Javascript => Target::Node,
            CodeLanguage::Go => Target::Go,
            CodeLanguage::Java => Target::Java,
            CodeLanguage::Rust => Target::Rust,
            CodeLanguage::Php => Target::Curl,
        }
    }

    /// The target with this id.
    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.id() == id)
    }

    /// Whether the program asks an Azure SDK (or the Azure CLI) rather than the endpoint itself.
    pub fn uses_sdk(self) -> bool {
        matches!(
            self,
            Target::CSharpAzureIdentity
                | Target::PythonAzureIdentity
                | Target::NodeAzureIdentity
                | Target::JavaAzureIdentity
                | Target::GoAzidentity
                | Target::AzureCli
        )
    }
}

/// Writes the program for `target`, or says why the request cannot be written.
pub fn render(req: &TokenRequest, target: Target) -> Result<String, Unsupported> {
    req.check()?;
    if req.resource.trim().is_empty() {
        return Err(Unsupported(
            "A resource (audience) is required, e.g. https://management.azure.com/.".into(),
        ));
    }
    if let Some(url) = &req.endpoint_override {
        check_endpoint(url)?;
    }
    if let Some(call) = &req.call {
        check_call(req, call)?;
    }
    let plan = Plan::new(req);
    if let Some(x) = req.exchange() {
        return exchange::render(&plan, x, target);
    }
    match target {
        Target::Curl => curl::render(&plan),
        Target::PowerShell => Ok(powershell::render(&plan)),
        Target::CSharp => Ok(csharp::render(&plan)),
        Target::Python => Ok(python::render_requests(&plan)),
        Target::PythonUrllib => Ok(python::render_urllib(&plan)),
        Target::Node => Ok(node::render(&plan)),
        Target::Java => Ok(java::render(&plan)),
        Target::Go => Ok(go::render(&plan)),
        Target::Rust => Ok(rust::render(&plan)),
        Target::Http => Ok(http::render(&plan)),
        Target::AzureCli => azure_cli::render(&plan),
        Target::CSharpAzureIdentity => sdk::render(&plan, sdk::Sdk::DotNet),
        Target::PythonAzureIdentity => sdk::render(&plan, sdk::Sdk::Python),
        Target::NodeAzureIdentity => sdk::render(&plan, sdk::Sdk::JavaScript),
        Target::JavaAzureIdentity => sdk::render(&plan, sdk::Sdk::Java),
        Target::GoAzidentity => sdk::render(&plan, sdk::Sdk::Go),
    }
}

/// An endpoint override must be a plain `http://` or `https://` URL: ASCII, no spaces or control
/// characters, no query or fragment (the programs append the query), nothing outside RFC 3986.
fn check_endpoint(url: &str) -> Result<(), Unsupported> {
    if is_plain_url(url) {
        Ok(())
    } else {
        Err(Unsupported(format!(
            "The endpoint must be an http:// or https:// URL without spaces, a query or a fragment; {url:?} is not."
        )))
    }
}

/// A call must be one the platform's token is for: its resource is the call's.
fn check_call(req: &TokenRequest, call: &ResourceCall) -> Result<(), Unsupported> {
    call.check()?;
    let wanted = call.resource();
    if req.resource == wanted {
        Ok(())
    } else {
        Err(Unsupported(format!(
            "The call to {} needs a token for {wanted}; the request asks for {}.",
            call.service.name(),
            req.resource
        )))
    }
}

/// A value the pasted setup leaves to its caller (`<resource>`, `<clientId>`: see
/// [`is_runtime_placeholder`]). The program takes it as a command-line argument instead of
/// sending the placeholder's text.
pub(crate) struct Argument {
    /// The placeholder as the request holds it, e.g. `<resource>`.
    pub placeholder: String,
    /// The program's variable for it: `resource` or `identity`.
    pub var: &'static str,
    /// What to give, for the usage message, e.g. `the resource (audience)`.
    pub what: String,
}

/// Everything a target needs to know about one request, worked out once.
pub(crate) struct Plan<'a> {
    pub req: &'a TokenRequest,
    pub spec: &'static Spec,
    pub endpoint: Endpoint,
    /// Query parameters with their raw values; each program encodes them.
    pub query: Vec<(&'static str, String)>,
    /// The form body (Cloud Shell), raw values.
    pub form: Vec<(&'static str, String)>,
    pub headers: Vec<HeaderSpec>,
    /// The program's command-line arguments, in order (none unless a value is a placeholder).
    pub arguments: Vec<Argument>,
}

impl<'a> Plan<'a> {
    fn new(req: &'a TokenRequest) -> Self {
        let mut arguments = Vec::new();
        if is_runtime_placeholder(&req.resource) {
            arguments.push(Argument {
                placeholder: req.resource.clone(),
                var: "resource",
                what: "the resource (audience, e.g. https://management.azure.com/)".into(),
            });
        }
        if let Some(id) = req.identity.value().filter(|v| is_runtime_placeholder(v)) {
            if !arguments.iter().any(|a| a.placeholder == id) {
                arguments.push(Argument {
                    placeholder: id.to_string(),
                    var: "identity",
                    what: format!("the user-assigned identity's {}", req.identity.label()),
                });
            }
        }
        Plan {
            req,
            spec: req.spec(),
            endpoint: req.endpoint(),
            query: req.query(),
            form: req.form(),
            headers: req.headers(),
            arguments,
        }
    }

    /// The call the program makes with the token, if any.
    pub fn call(&self) -> Option<&'a ResourceCall> {
        self.req.call.as_ref()
    }

    /// The argument that stands for `value`, when `value` is a placeholder.
    pub fn argument(&self, value: &str) -> Option<&Argument> {
        self.arguments.iter().find(|a| a.placeholder == value)
    }

    /// `value` as an expression of the program's language: the variable holding its argument
    /// when it is a placeholder, else `literal(value)`.
    pub fn value(&self, value: &str, literal: fn(&str) -> String) -> String {
        match self.argument(value) {
            Some(a) => a.var.to_string(),
            None => literal(value),
        }
    }

    /// What a program given too few arguments prints, e.g. `Give the resource (…) as argument 1.`
    pub fn usage(&self) -> String {
        let list: Vec<String> = self
            .arguments
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{} as argument {}", a.what, i + 1))
            .collect();
        format!("Give {}.", list.join(" and "))
    }

    /// One header-comment line per argument the program takes.
    pub fn argument_lines(&self) -> Vec<String> {
        self.arguments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                format!(
                    "Argument {}: {}; the pasted setup left it to its caller.",
                    i + 1,
                    a.what
                )
            })
            .collect()
    }

    /// The statements that check the argument count and bind each argument to its variable,
    /// in the language `syntax` describes; nothing when the program takes no arguments.
    pub fn read_arguments(&self, syntax: &ArgumentSyntax) -> String {
        if self.arguments.is_empty() {
            return String::new();
        }
        let mut out = (syntax.check)(self.arguments.len(), &self.usage());
        for (i, a) in self.arguments.iter().enumerate() {
            out.push_str(&(syntax.bind)(a.var, i));
        }
        out
    }

    pub fn post(&self) -> bool {
        self.spec.method == "POST"
    }

    /// Azure Arc's two-step flow.
    pub fn challenge(&self) -> bool {
        self.spec.challenge
    }

    /// Service Fabric: the variable holding the server certificate's SHA-1 thumbprint.
    pub fn thumbprint_env(&self) -> Option<&'static str> {
        self.spec.thumbprint_env
    }

    /// The variables the program cannot do without (no fallback): the endpoint's when it has no
    /// default, the secret headers', the thumbprint's. Programs define their `need` helper only
    /// when there is one.
    pub fn required_env(&self) -> Vec<&'static str> {
        let mut vars = Vec::new();
        if let Endpoint::Env { var, default: None } = &self.endpoint {
            vars.push(*var);
        }
        for h in &self.headers {
            if let HeaderValue::Env(v) = h.value {
                if !vars.contains(&v) {
                    vars.push(v);
                }
            }
        }
        vars.extend(self.thumbprint_env());
        vars
    }

    /// `text` when the program reads a variable it cannot do without, else nothing.
    pub fn if_needed(&self, text: String) -> String {
        if self.required_env().is_empty() {
            String::new()
        } else {
            text
        }
    }

    /// Every value a user typed (resource, identity, endpoint override, api-version).
    pub fn user_values(&self) -> impl Iterator<Item = &str> {
        let endpoint = match &self.endpoint {
            Endpoint::Url(u) => Some(u.as_str()),
            Endpoint::Env { default, .. } => default.as_deref(),
        };
        self.query
            .iter()
            .chain(self.form.iter())
            .map(|(_, v)| v.as_str())
            .chain(endpoint)
    }

    /// The message a program prints when a variable the platform sets is missing.
    pub fn missing(&self, var: &str) -> String {
        format!("{var} is not set: run this on {}", self.spec.name)
    }

    /// The header comment, one line per entry, without comment markers. It holds no user value
    /// (a value in a comment could end the comment), only facts about the platform.
    pub fn about(&self, prints: &str) -> Vec<String> {
        self.about_with(prints, true)
    }

    /// [`Plan::about`], with or without the lines naming the program's arguments (the raw HTTP
    /// target has placeholders instead).
    pub fn about_with(&self, prints: &str, arguments: bool) -> Vec<String> {
        let spec = self.spec;
        let mut lines = match self.call() {
            None => vec![format!(
                "Managed-identity token request for {}; prints {prints}.",
                spec.name
            )],
            Some(call) => call_lines(spec.name, call),
        };
        lines.push("Written by MI Token Inspector.".to_string());
        let mut reads: Vec<String> = Vec::new();
        if let Endpoint::Env { var, default } = &self.endpoint {
            reads.push(if default.is_some() {
                format!("{var} (the endpoint; a fallback URL is used when it is unset)")
            } else {
                format!("{var} (the endpoint)")
            });
        }
        for h in &self.headers {
            if let HeaderValue::Env(var) = h.value {
                reads.push(format!("{var} (the {} header)", h.name));
            }
        }
        if let Some(var) = self.thumbprint_env() {
            reads.push(format!("{var} (the server certificate's SHA-1 thumbprint)"));
        }
        if !reads.is_empty() {
            lines.push(format!(
                "Reads {} from the environment the platform sets.",
                reads.join(", ")
            ));
        }
        if arguments {
            lines.extend(self.argument_lines());
        }
        match self.req.platform {
            Platform::Imds => lines.push(
                "IMDS must not be reached through a proxy, so the request bypasses any.".into(),
            ),
            Platform::AzureArc => {
                lines.push("Azure Arc answers the first request with 401 and the path of a key file in WWW-Authenticate;".into());
                lines.push(
                    "the second request sends the file's contents as the Basic credential, if it is the agent's own".into(),
                );
                lines.push("(a .key file of at most 4096 bytes in its Tokens folder, the checks the Azure SDKs make).".into());
                lines.push("Reading the file needs the himds group (Linux) or the Administrators or Hybrid Agent Extension Applications group (Windows).".into());
            }
            Platform::CloudShell => lines.push(
                "Cloud Shell returns a token for the signed-in user (not a managed identity); the resource travels in a POST form.".into(),
            ),
            Platform::ServiceFabric => lines.push(
                "The endpoint's certificate is self-signed: it is trusted only when its SHA-1 thumbprint is IDENTITY_SERVER_THUMBPRINT.".into(),
            ),
            _ => {}
        }
        lines.push(format!("Protocol: {}", doc_url(self.req.platform)));
        lines
    }
}

/// How a language reads command-line arguments: `check(count, usage)` exits with the usage message
/// when fewer than `count` are given; `bind(var, index)` binds the 0-based argument `index`.
pub(crate) struct ArgumentSyntax {
    pub check: fn(usize, &str) -> String,
    pub bind: fn(&str, usize) -> String,
}

/// The header comment's first lines for a program that calls `call` with the token it gets on
/// `platform` (no user value: the URL stays out of comments).
pub(crate) fn call_lines(platform: &str, call: &ResourceCall) -> Vec<String> {
    let service = call.service.name();
    let version = match (call.query().first(), call.headers().first()) {
        (Some((name, v)), _) | (None, Some((name, v))) => format!(", {name} {v}"),
        (None, None) => String::new(),
    };
    vec![
        format!(
            "Managed-identity token for {} on {platform}, then a GET to {service} with it; prints {service}'s response.",
            call.resource()
        ),
        format!(
            "The call sends the token as Authorization: Bearer{version}, through the system's proxy settings if there are any (the token request bypasses them)."
        ),
    ]
}

/// The platform's protocol documentation (mi-protocols.md §12).
pub(crate) fn doc_url(platform: Platform) -> &'static str {
    match platform {
        Platform::Imds => "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token",
        Platform::AppService | Platform::AppService2017 => {
            "https://learn.microsoft.com/azure/app-service/overview-managed-identity"
        }
        Platform::ContainerApps => "https://learn.microsoft.com/azure/container-apps/managed-identity",
        Platform::ServiceFabric => "https://learn.microsoft.com/azure/service-fabric/how-to-managed-identity-service-fabric-app-code",
        Platform::AzureArc => "https://learn.microsoft.com/azure/azure-arc/servers/managed-identity-authentication",
        Platform::CloudShell => "https://learn.microsoft.com/azure/cloud-shell/msi-authorization",
        // Undocumented by Microsoft; the SDKs' MachineLearning sources describe it.
        Platform::AzureMl => "MSAL .NET MachineLearningManagedIdentitySource.cs, MSAL Go azure_ml.go",
        Platform::WorkloadIdentity => "https://learn.microsoft.com/azure/aks/workload-identity-overview",
    }
}

/// Prefixes each line of a comment block.
pub(crate) fn comment(lines: &[String], marker: &str) -> String {
    lines.iter().map(|l| format!("{marker} {l}\n")).collect()
}

/// The scope an Azure SDK takes for a resource: the resource plus `/.default` (mi-protocols.md §6;
/// `https://database.windows.net/` becomes `https://database.windows.net//.default`, as Entra wants).
pub(crate) fn scope(resource: &str) -> String {
    crate::request::model::scope_for(resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::model::RequestedIdentity;

    #[test]
    fn ids_round_trip_and_file_names_have_extensions() {
        assert_eq!(Target::ALL.len(), 16);
        for t in Target::ALL {
            assert_eq!(Target::from_id(t.id()), Some(*t));
            assert!(t.file_name().contains('.'));
        }
    }

    #[test]
    fn unsupported_requests_say_why() {
        let mut r = TokenRequest::new(Platform::AzureArc, "https://management.azure.com/");
        r.identity = RequestedIdentity::ClientId("x".into());
        for t in Target::ALL {
            let e = render(&r, *t).unwrap_err();
            assert!(e.0.contains("does not support user-assigned"), "{}", e.0);
        }
        let empty = TokenRequest::new(Platform::Imds, " ");
        assert!(render(&empty, Target::Curl)
            .unwrap_err()
            .0
            .contains("resource"));
    }
}
