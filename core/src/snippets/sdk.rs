//! The Azure SDKs' `ManagedIdentityCredential`, each picking the identity the way its documentation
//! says, and asking for the scope `<resource>/.default`. The SDK finds the platform and endpoint
//! from the environment itself, so the programs name neither.
//!
//! Identity selection (sources):
//! - .NET Azure.Identity 1.13+: `new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned |
//!   FromUserAssignedClientId | FromUserAssignedObjectId | FromUserAssignedResourceId(new
//!   ResourceIdentifier(…)))` (learn.microsoft.com, azure.identity.managedidentityid).
//! - Python azure-identity: `ManagedIdentityCredential(client_id=…)` or
//!   `identity_config={"object_id": …}` / `{"resource_id": …}` (`validate_identity_config` in
//!   azure/identity/_credentials/managed_identity.py, 1.27.0).
//! - JavaScript @azure/identity 4.x: `new ManagedIdentityCredential({ clientId | objectId |
//!   resourceId })` (ManagedIdentityCredential*Options in options.d.ts).
//! - Java azure-identity: `new ManagedIdentityCredentialBuilder().clientId | objectId |
//!   resourceId(…)` (ManagedIdentityCredentialBuilder javadoc).
//! - Go azidentity: `ManagedIdentityCredentialOptions{ID: azidentity.ClientID | ObjectID |
//!   ResourceID(…)}` (azidentity package docs).
//!
//! An endpoint override reaches an SDK only on IMDS, through `AZURE_POD_IDENTITY_AUTHORITY_HOST`,
//! which azure-identity (Python), @azure/identity and Azure.Identity read (mi-protocols.md §2).

use super::csharp::{http_client_call, CSHARP_ARGUMENTS};
use super::escape;
use super::go::{default_client_call, GO_ARGUMENTS};
use super::java::{
    http_client_call as java_call, CALL_IMPORTS as JAVA_CALL_IMPORTS, JAVA_ARGUMENTS,
};
use super::node::{fetch_call, NODE_ARGUMENTS};
use super::python::{urllib_call, PYTHON_ARGUMENTS};
use super::{comment, scope, Plan};
use crate::model::Platform;
use crate::request::model::{Endpoint, RequestedIdentity, Unsupported};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sdk {
    DotNet,
    Python,
    JavaScript,
    Java,
    Go,
}

const IMDS_PATH: &str = "/metadata/identity/oauth2/token";

/// The host to put in AZURE_POD_IDENTITY_AUTHORITY_HOST for an IMDS override, if any.
pub(super) fn authority_host(plan: &Plan, what: &str) -> Result<Option<String>, Unsupported> {
    let Some(url) = &plan.req.endpoint_override else {
        return Ok(None);
    };
    if plan.req.platform != Platform::Imds {
        return Err(Unsupported(format!(
            "{what} finds the {} endpoint itself (from {}); set that variable instead of an endpoint override.",
            plan.spec.name,
            plan.spec.endpoint_env.unwrap_or("its environment")
        )));
    }
    match (&plan.endpoint, url.strip_suffix(IMDS_PATH)) {
        (Endpoint::Url(_), Some(host)) if !host.is_empty() => Ok(Some(host.to_string())),
        _ => Err(Unsupported(format!(
            "{what} can be pointed elsewhere only through AZURE_POD_IDENTITY_AUTHORITY_HOST, to which it appends {IMDS_PATH}; an endpoint override must end with that path."
        ))),
    }
}

/// SDKs choose the api-version themselves.
pub(super) fn check_api_version(plan: &Plan, what: &str) -> Result<(), Unsupported> {
    match (&plan.req.api_version, plan.spec.api_version) {
        (Some(asked), default) if Some(asked.as_str()) != default => Err(Unsupported(format!(
            "{what} chooses the api-version itself; api-version {asked} can only be written for the HTTP targets."
        ))),
        _ => Ok(()),
    }
}

/// The SDK's way to name the identity, from its forms for a system-assigned identity and for a
/// user-assigned one by client ID, object ID and resource ID (`{}` is the escaped value).
fn identity_arg(plan: &Plan, escape: fn(&str) -> String, forms: [&str; 4]) -> String {
    let [system, client, object, resource] = forms;
    let (form, value) = match &plan.req.identity {
        RequestedIdentity::System => return system.to_string(),
        RequestedIdentity::ClientId(v) => (client, v),
        RequestedIdentity::ObjectId(v) => (object, v),
        RequestedIdentity::ResourceId(v) => (resource, v),
    };
    form.replacen("{}", &plan.value(value, escape), 1)
}

pub(super) fn render(plan: &Plan, sdk: Sdk) -> Result<String, Unsupported> {
    let what = match sdk {
        Sdk::DotNet => "Azure.Identity",
        Sdk::Python => "azure-identity",
        Sdk::JavaScript => "@azure/identity",
        Sdk::Java => "azure-identity for Java",
        Sdk::Go => "azidentity",
    };
    check_api_version(plan, what)?;
    let host = authority_host(plan, what)?;
    if host.is_some() && matches!(sdk, Sdk::Java | Sdk::Go) {
        return Err(Unsupported(format!(
            "{what} cannot be pointed at another IMDS endpoint from code; run it with AZURE_POD_IDENTITY_AUTHORITY_HOST set instead of an endpoint override."
        )));
    }
    let mut about = vec![
        format!(
            "Managed-identity token through {what} on {}; prints the access token.",
            plan.spec.name
        ),
        "Written by MI Token Inspector. The SDK finds the endpoint and its secrets in the environment.".into(),
    ];
    about.extend(plan.argument_lines());
    let program = Program { plan, host };
    Ok(match sdk {
        Sdk::DotNet => program.dotnet(&mut about),
        Sdk::Python => program.python(&mut about),
        Sdk::JavaScript => program.javascript(&mut about),
        Sdk::Java => program.java(&mut about),
        Sdk::Go => program.go(&mut about),
    })
}

/// What every SDK program is written from: the request and the IMDS authority host to set, if any.
struct Program<'a> {
    plan: &'a Plan<'a>,
    host: Option<String>,
}

impl Program<'_> {
    /// The scope to ask for, as an expression: `resource + "/.default"` when the resource is the
    /// program's argument (every SDK language here joins strings with `+`).
    fn scope(&self, literal: fn(&str) -> String) -> String {
        let resource = &self.plan.req.resource;
        match self.plan.argument(resource) {
            Some(a) => format!("{} + {}", a.var, literal("/.default")),
            None => literal(&scope(resource)),
        }
    }

    /// Azure.Identity (.NET).
    fn dotnet(&self, about: &mut Vec<String>) -> String {
        about.push(
            "dotnet add package Azure.Identity (1.13 or later, for ManagedIdentityId)".into(),
        );
        let e = escape::csharp;
        let arguments = self.plan.read_arguments(&CSHARP_ARGUMENTS);
        let params = if arguments.is_empty() {
            ""
        } else {
            "string[] args"
        };
        let identity = identity_arg(
            self.plan,
            e,
            [
                "ManagedIdentityId.SystemAssigned",
                "ManagedIdentityId.FromUserAssignedClientId({})",
                "ManagedIdentityId.FromUserAssignedObjectId({})",
                "ManagedIdentityId.FromUserAssignedResourceId(new ResourceIdentifier({}))",
            ],
        );
        let set_host = self.host.as_ref().map_or_else(String::new, |h| {
            format!("        Environment.SetEnvironmentVariable(\"AZURE_POD_IDENTITY_AUTHORITY_HOST\", {});\n", e(h))
        });
        let (using_http, then) = match self.plan.call() {
            None => (
                "",
                "            Console.WriteLine(token.Token);\n            return 0;\n".to_string(),
            ),
            Some(call) => (
                "using System.Net.Http;\n",
                http_client_call(call, "token.Token", "            "),
            ),
        };
        format!(
            "{}using System;\n{using_http}using System.Threading.Tasks;\nusing Azure.Core;\nusing Azure.Identity;\n\nstatic class Program\n{{\n    static async Task<int> Main({params})\n    {{\n{arguments}{set_host}        var credential = new ManagedIdentityCredential({identity});\n        try\n        {{\n            AccessToken token = await credential.GetTokenAsync(new TokenRequestContext(new[] {{ {} }}));\n{then}        }}\n        catch (AuthenticationFailedException e)\n        {{\n            Console.Error.WriteLine(e.Message);\n            return 1;\n        }}\n    }}\n}}\n",
            comment(about, "//"),
            self.scope(e)
        )
    }

    /// azure-identity (Python).
    fn python(&self, about: &mut Vec<String>) -> String {
        about.push("pip install azure-identity".into());
        let e = escape::python;
        let arguments = self.plan.read_arguments(&PYTHON_ARGUMENTS);
        let args = identity_arg(
            self.plan,
            e,
            [
                "",
                "client_id={}",
                "identity_config={\"object_id\": {}}",
                "identity_config={\"resource_id\": {}}",
            ],
        );
        let (import_os, set_host) = match &self.host {
            Some(h) => (
                "import os\n",
                format!(
                    "os.environ[\"AZURE_POD_IDENTITY_AUTHORITY_HOST\"] = {}\n",
                    e(h)
                ),
            ),
            None => ("", String::new()),
        };
        let (import_urllib, then) = match self.plan.call() {
            None => ("", "print(token.token)\n".to_string()),
            Some(call) => (
                "import urllib.error\nimport urllib.parse\nimport urllib.request\n",
                urllib_call(call, "token.token"),
            ),
        };
        format!(
            "#!/usr/bin/env python3\n{}{import_os}import sys\n{import_urllib}\nfrom azure.core.exceptions import ClientAuthenticationError\nfrom azure.identity import ManagedIdentityCredential\n\n{arguments}{set_host}credential = ManagedIdentityCredential({args})\ntry:\n    token = credential.get_token({})\nexcept ClientAuthenticationError as error:\n    sys.exit(str(error))\n{then}",
            comment(about, "#"),
            self.scope(e)
        )
    }

    /// @azure/identity (JavaScript, an ES module).
    fn javascript(&self, about: &mut Vec<String>) -> String {
        about.push("npm install @azure/identity (4.x); run as an ES module".into());
        let e = escape::javascript;
        let arguments = self.plan.read_arguments(&NODE_ARGUMENTS);
        let args = identity_arg(
            self.plan,
            e,
            [
                "",
                "{ clientId: {} }",
                "{ objectId: {} }",
                "{ resourceId: {} }",
            ],
        );
        let set_host = self.host.as_ref().map_or_else(String::new, |h| {
            format!(
                "process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = {};\n",
                e(h)
            )
        });
        let scope = self.scope(e);
        let get_token = match self.plan.call() {
            None => format!("try {{\n  const token = await credential.getToken({scope});\n  console.log(token.token);\n}} catch (error) {{\n  console.error(error.message);\n  process.exit(1);\n}}\n"),
            Some(call) => format!(
                "let token;\ntry {{\n  token = await credential.getToken({scope});\n}} catch (error) {{\n  console.error(error.message);\n  process.exit(1);\n}}\n{}",
                fetch_call(call, "token.token")
            ),
        };
        format!(
            "{}import {{ ManagedIdentityCredential }} from \"@azure/identity\";\n\n{arguments}{set_host}const credential = new ManagedIdentityCredential({args});\n{get_token}",
            comment(about, "//"),
        )
    }

    /// azure-identity for Java.
    fn java(&self, about: &mut Vec<String>) -> String {
        about.push("Maven: com.azure:azure-identity".into());
        let e = escape::java;
        let arguments = self.plan.read_arguments(&JAVA_ARGUMENTS);
        let builder = identity_arg(
            self.plan,
            e,
            [
                "",
                "\n            .clientId({})",
                "\n            .objectId({})",
                "\n            .resourceId({})",
            ],
        );
        let mut imports = vec![
            "com.azure.core.credential.AccessToken",
            "com.azure.core.credential.TokenRequestContext",
            "com.azure.identity.ManagedIdentityCredential",
            "com.azure.identity.ManagedIdentityCredentialBuilder",
        ];
        let scope = self.scope(e);
        let (throws, get_token) = match self.plan.call() {
            None => ("", format!("        try {{\n            AccessToken token = credential.getToken(new TokenRequestContext().addScopes({scope})).block();\n            System.out.println(token.getToken());\n        }} catch (RuntimeException e) {{\n            System.err.println(e.getMessage());\n            System.exit(1);\n        }}\n")),
            Some(call) => {
                imports.extend(JAVA_CALL_IMPORTS);
                (
                    " throws Exception",
                    format!(
                        "        AccessToken token;\n        try {{\n            token = credential.getToken(new TokenRequestContext().addScopes({scope})).block();\n        }} catch (RuntimeException e) {{\n            System.err.println(e.getMessage());\n            System.exit(1);\n            return;\n        }}\n{}",
                        java_call(call, "token.getToken()")
                    ),
                )
            }
        };
        let imports: String = imports.iter().map(|i| format!("import {i};\n")).collect();
        format!(
            "{}{imports}\npublic class GetToken {{\n    public static void main(String[] args){throws} {{\n{arguments}        ManagedIdentityCredential credential = new ManagedIdentityCredentialBuilder(){builder}\n            .build();\n{get_token}    }}\n}}\n",
            comment(about, "//"),
        )
    }

    /// azidentity (Go).
    fn go(&self, about: &mut Vec<String>) -> String {
        about.push("go get github.com/Azure/azure-sdk-for-go/sdk/azidentity".into());
        let e = escape::go;
        let arguments = self.plan.read_arguments(&GO_ARGUMENTS);
        let options = identity_arg(
            self.plan,
            e,
            [
                "nil",
                "&azidentity.ManagedIdentityCredentialOptions{\n\t\tID: azidentity.ClientID({}),\n\t}",
                "&azidentity.ManagedIdentityCredentialOptions{\n\t\tID: azidentity.ObjectID({}),\n\t}",
                "&azidentity.ManagedIdentityCredentialOptions{\n\t\tID: azidentity.ResourceID({}),\n\t}",
            ],
        );
        let mut imports = vec!["context", "fmt", "os"];
        let (fail, then) = match self.plan.call() {
            None => (String::new(), "\tfmt.Println(token.Token)\n".to_string()),
            Some(call) => {
                imports.extend(["io", "net/http"]);
                if !call.query().is_empty() {
                    imports.push("net/url");
                }
                (
                    "\nfunc fail(err error) {\n\tfmt.Fprintln(os.Stderr, err)\n\tos.Exit(1)\n}\n"
                        .to_string(),
                    default_client_call(call, "token.Token"),
                )
            }
        };
        imports.sort_unstable();
        let imports: String = imports.iter().map(|i| format!("\t\"{i}\"\n")).collect();
        format!(
            "{}package main\n\nimport (\n{imports}\n\t\"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy\"\n\t\"github.com/Azure/azure-sdk-for-go/sdk/azidentity\"\n)\n{fail}\nfunc main() {{\n{arguments}\tcredential, err := azidentity.NewManagedIdentityCredential({options})\n\tif err != nil {{\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}}\n\ttoken, err := credential.GetToken(context.Background(), policy.TokenRequestOptions{{Scopes: []string{{{}}}}})\n\tif err != nil {{\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}}\n{then}}}\n",
            comment(about, "//"),
            self.scope(e)
        )
    }
}
