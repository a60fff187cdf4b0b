//! The Azure CLI: `az login --identity` (with `--client-id`, `--object-id` or `--resource-id` for a
//! user-assigned identity, azure-cli 2.69+, which replaced `--username`: Azure/azure-cli#29480),
//! then `az account get-access-token --resource`. In Cloud Shell the CLI is already signed in as the
//! user, so there is no login step. Values are bash single-quoted literals.

use super::curl::{check_shell_values, BASH_ARGUMENTS};
use super::escape::bash;
use super::sdk::check_api_version;
use super::{comment, Plan};
use crate::model::Platform;
use crate::request::model::{RequestedIdentity, ResourceCall, Unsupported};

/// The call with `az rest`, which gets the token for `--resource` itself and sends it as
/// `Authorization: Bearer` (Azure CLI reference, az rest: "Resource url for which CLI should
/// acquire a token from AAD in order to access the service").
fn rest_call(call: &ResourceCall) -> String {
    let mut out = format!(
        "# {}, with a token for the resource above.\naz rest --method get --url {} --resource \"$resource\"",
        call.service.name(),
        bash(&call.url)
    );
    for (name, value) in call.query() {
        out.push_str(&format!(
            " --uri-parameters {}",
            bash(&format!("{name}={value}"))
        ));
    }
    for (name, value) in call.headers() {
        out.push_str(&format!(" --headers {}", bash(&format!("{name}={value}"))));
    }
    out.push('\n');
    out
}

pub(super) fn render(plan: &Plan) -> Result<String, Unsupported> {
    check_shell_values(plan)?;
    check_api_version(plan, "The Azure CLI")?;
    if plan.req.endpoint_override.is_some() {
        return Err(Unsupported(
            "The Azure CLI finds the managed-identity endpoint itself; it takes no endpoint override."
                .into(),
        ));
    }
    let mut out = String::from("#!/usr/bin/env bash\n");
    let mut about = vec![
        match plan.call() {
            None => format!(
                "Managed-identity token through the Azure CLI on {}; prints the access token.",
                plan.spec.name
            ),
            Some(call) => format!(
                "Managed-identity token through the Azure CLI on {}, then a GET to {} with it (az rest); prints the response.",
                plan.spec.name,
                call.service.name()
            ),
        },
        "Written by MI Token Inspector. The CLI finds the endpoint and its secrets in the environment.".into(),
    ];
    about.extend(plan.argument_lines());
    out.push_str(&comment(&about, "#"));
    out.push_str("set -euo pipefail\n\n");
    out.push_str(&plan.read_arguments(&BASH_ARGUMENTS));
    if plan.argument(&plan.req.resource).is_none() {
        out.push_str(&format!("resource={}\n", bash(&plan.req.resource)));
    }
    if plan.req.platform == Platform::CloudShell {
        out.push_str("# Cloud Shell signs the CLI in as you: no login needed.\n");
    } else {
        let word = |v: &str| match plan.argument(v) {
            Some(a) => format!("\"${}\"", a.var),
            None => bash(v),
        };
        let flag = match &plan.req.identity {
            RequestedIdentity::System => String::new(),
            RequestedIdentity::ClientId(v) => format!(" --client-id {}", word(v)),
            RequestedIdentity::ObjectId(v) => format!(" --object-id {}", word(v)),
            RequestedIdentity::ResourceId(v) => format!(" --resource-id {}", word(v)),
        };
        out.push_str(&format!(
            "az login --identity{flag} --allow-no-subscriptions --output none\n"
        ));
    }
    match plan.call() {
        None => out.push_str(
            "az account get-access-token --resource \"$resource\" --query accessToken --output tsv\n",
        ),
        Some(call) => out.push_str(&rest_call(call)),
    }
    Ok(out)
}
