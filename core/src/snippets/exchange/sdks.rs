//! The SDKs' `WorkloadIdentityCredential`, which reads AZURE_TENANT_ID, AZURE_CLIENT_ID,
//! AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST itself; a client ID given here is passed
//! in the SDK's own way. And the Azure CLI: `az login --service-principal --federated-token`.
//!
//! Constructors (sources):
//! - .NET Azure.Identity 1.9+: `new WorkloadIdentityCredential()` or
//!   `new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { ClientId = … })`
//!   (learn.microsoft.com, azure.identity.workloadidentitycredential).
//! - Python azure-identity 1.13+: `WorkloadIdentityCredential(client_id=…)`, keyword-only
//!   (learn.microsoft.com, azure.identity.workloadidentitycredential).
//! - JavaScript @azure/identity 3.2+: `new WorkloadIdentityCredential({ clientId })`
//!   (workloadIdentityCredential.ts, `SupportedWorkloadEnvironmentVariables`).
//! - Java azure-identity: `new WorkloadIdentityCredentialBuilder().clientId(…).build()`
//!   (WorkloadIdentityCredentialBuilder javadoc).
//! - Go azidentity: `azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{ClientID: …})`
//!   (azidentity package docs).
//! - Azure CLI: `az login --service-principal --username <client ID> --tenant <tenant>
//!   --federated-token <token>` (the command azure-workload-identity#1200 and Azure Pipelines use),
//!   then `az account get-access-token --scope`.

use super::Exchange;
use crate::request::model::{RequestedIdentity, Unsupported};
use crate::snippets::comment;
use crate::snippets::escape;

pub(super) use crate::snippets::sdk::Sdk;

/// SDKs and the CLI take the authority from AZURE_AUTHORITY_HOST only.
fn no_override(ex: &Exchange, what: &str) -> Result<(), Unsupported> {
    match &ex.plan.req.endpoint_override {
        Some(_) => Err(Unsupported(format!(
            "{what} reads Entra ID's host from AZURE_AUTHORITY_HOST; set that variable instead of an endpoint override."
        ))),
        None => Ok(()),
    }
}

fn client_id<'a>(ex: &Exchange<'a>) -> Option<&'a str> {
    match &ex.plan.req.identity {
        RequestedIdentity::ClientId(v) => Some(v),
        _ => None,
    }
}

fn about(ex: &Exchange, what: &str, install: &str) -> Vec<String> {
    vec![
        format!("Workload identity token through {what}'s WorkloadIdentityCredential; prints the access token."),
        "Written by MI Token Inspector. The credential reads AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE".into(),
        "and AZURE_AUTHORITY_HOST, as the AKS workload-identity webhook sets them, and re-reads the token file.".into(),
        install.to_string(),
        format!("Protocol: {}", crate::snippets::doc_url(ex.plan.req.platform)),
    ]
}

pub(super) fn sdk(ex: &Exchange, sdk: Sdk) -> Result<String, Unsupported> {
    let what = match sdk {
        Sdk::DotNet => "Azure.Identity",
        Sdk::Python => "azure-identity",
        Sdk::JavaScript => "@azure/identity",
        Sdk::Java => "azure-identity for Java",
        Sdk::Go => "azidentity",
    };
    no_override(ex, what)?;
    let scope = ex.scope();
    Ok(match sdk {
        Sdk::DotNet => dotnet(ex, &scope),
        Sdk::Python => python(ex, &scope),
        Sdk::JavaScript => javascript(ex, &scope),
        Sdk::Java => java(ex, &scope),
        Sdk::Go => go(ex, &scope),
    })
}

fn dotnet(ex: &Exchange, scope: &str) -> String {
    let e = escape::csharp;
    let options = client_id(ex)
        .map(|c| {
            format!(
                "new WorkloadIdentityCredentialOptions {{ ClientId = {} }}",
                e(c)
            )
        })
        .unwrap_or_default();
    format!(
        "{}using System;\nusing System.Threading.Tasks;\nusing Azure.Core;\nusing Azure.Identity;\n\nstatic class Program\n{{\n    static async Task<int> Main()\n    {{\n        var credential = new WorkloadIdentityCredential({options});\n        try\n        {{\n            AccessToken token = await credential.GetTokenAsync(new TokenRequestContext(new[] {{ {} }}));\n            Console.WriteLine(token.Token);\n            return 0;\n        }}\n        catch (AuthenticationFailedException e)\n        {{\n            Console.Error.WriteLine(e.Message);\n            return 1;\n        }}\n    }}\n}}\n",
        comment(&about(ex, "Azure.Identity", "dotnet add package Azure.Identity (1.9 or later)"), "//"),
        e(scope)
    )
}

fn python(ex: &Exchange, scope: &str) -> String {
    let e = escape::python;
    let args = client_id(ex)
        .map(|c| format!("client_id={}", e(c)))
        .unwrap_or_default();
    format!(
        "#!/usr/bin/env python3\n{}import sys\n\nfrom azure.core.exceptions import ClientAuthenticationError\nfrom azure.identity import WorkloadIdentityCredential\n\ncredential = WorkloadIdentityCredential({args})\ntry:\n    token = credential.get_token({})\nexcept ClientAuthenticationError as error:\n    sys.exit(str(error))\nprint(token.token)\n",
        comment(&about(ex, "azure-identity", "pip install azure-identity (1.13 or later)"), "#"),
        e(scope)
    )
}

fn javascript(ex: &Exchange, scope: &str) -> String {
    let e = escape::javascript;
    let args = client_id(ex)
        .map(|c| format!("{{ clientId: {} }}", e(c)))
        .unwrap_or_default();
    format!(
        "{}import {{ WorkloadIdentityCredential }} from \"@azure/identity\";\n\nconst credential = new WorkloadIdentityCredential({args});\ntry {{\n  const token = await credential.getToken({});\n  console.log(token.token);\n}} catch (error) {{\n  console.error(error.message);\n  process.exit(1);\n}}\n",
        comment(&about(ex, "@azure/identity", "npm install @azure/identity (4.x); run as an ES module"), "//"),
        e(scope)
    )
}

fn java(ex: &Exchange, scope: &str) -> String {
    let e = escape::java;
    let builder = client_id(ex)
        .map(|c| format!("\n            .clientId({})", e(c)))
        .unwrap_or_default();
    format!(
        "{}import com.azure.core.credential.AccessToken;\nimport com.azure.core.credential.TokenRequestContext;\nimport com.azure.identity.WorkloadIdentityCredential;\nimport com.azure.identity.WorkloadIdentityCredentialBuilder;\n\npublic class GetToken {{\n    public static void main(String[] args) {{\n        WorkloadIdentityCredential credential = new WorkloadIdentityCredentialBuilder(){builder}\n            .build();\n        try {{\n            AccessToken token = credential.getToken(new TokenRequestContext().addScopes({})).block();\n            System.out.println(token.getToken());\n        }} catch (RuntimeException e) {{\n            System.err.println(e.getMessage());\n            System.exit(1);\n        }}\n    }}\n}}\n",
        comment(&about(ex, "azure-identity for Java", "Maven: com.azure:azure-identity"), "//"),
        e(scope)
    )
}

fn go(ex: &Exchange, scope: &str) -> String {
    let e = escape::go;
    let options = client_id(ex)
        .map(|c| {
            format!(
                "&azidentity.WorkloadIdentityCredentialOptions{{ClientID: {}}}",
                e(c)
            )
        })
        .unwrap_or_else(|| "nil".to_string());
    format!(
        "{}package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n\n\t\"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy\"\n\t\"github.com/Azure/azure-sdk-for-go/sdk/azidentity\"\n)\n\nfunc main() {{\n\tcredential, err := azidentity.NewWorkloadIdentityCredential({options})\n\tif err != nil {{\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}}\n\ttoken, err := credential.GetToken(context.Background(), policy.TokenRequestOptions{{Scopes: []string{{{}}}}})\n\tif err != nil {{\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}}\n\tfmt.Println(token.Token)\n}}\n",
        comment(&about(ex, "azidentity", "go get github.com/Azure/azure-sdk-for-go/sdk/azidentity"), "//"),
        e(scope)
    )
}

pub(super) fn azure_cli(ex: &Exchange) -> Result<String, Unsupported> {
    no_override(ex, "The Azure CLI")?;
    if !ex.user_values().into_iter().all(escape::fits_in_shell) {
        return Err(Unsupported(
            "A value holds a NUL character, which a shell cannot pass on.".into(),
        ));
    }
    let x = &ex.x.exchange;
    let mut out = String::from("#!/usr/bin/env bash\n");
    out.push_str(&comment(
        &[
            "Workload identity token through the Azure CLI; prints the access token.".to_string(),
            format!("Written by MI Token Inspector. Signs in with the token in {} (read now: the kubelet rewrites it).", x.token_file_env),
            format!("Protocol: {}", crate::snippets::doc_url(ex.plan.req.platform)),
        ],
        "#",
    ));
    out.push_str("set -euo pipefail\n\n");
    let client = client_id(ex).map_or_else(|| format!("\"${}\"", x.client_id_env), escape::bash);
    out.push_str(&format!("scope={}\n", escape::bash(&ex.scope())));
    out.push_str(&format!(
        "az login --service-principal --username {client} --tenant \"${}\" \\\n  --federated-token \"$(cat \"${}\")\" --allow-no-subscriptions --output none\n",
        x.tenant_env, x.token_file_env
    ));
    out.push_str(
        "az account get-access-token --scope \"$scope\" --query accessToken --output tsv\n",
    );
    Ok(out)
}
