//! Checking a workload-identity token exchange as pasted (a curl or HTTP POST to Entra ID's token
//! endpoint with a client assertion) and the environment the AKS webhook injects. The request
//! must be what WorkloadIdentityCredential sends: POST `{authority}{tenant}/oauth2/v2.0/token`,
//! form fields `grant_type=client_credentials`, `client_assertion_type=urn:ietf:params:oauth:
//! client-assertion-type:jwt-bearer`, `client_assertion`, `client_id` and `scope=<resource>/.default`
//! (RFC 7523 §2.2; mi-protocols.md §2 item 6; Azure/azure-workload-identity pkg/webhook/consts.go).

use super::model::{RequestedIdentity, TokenRequest};
use crate::azure::platforms::{Spec, TokenExchange};
use crate::azure::{is_guid, workload_identity as wi};
use crate::input::env::{EnvVar, INJECTED_BY_WEBHOOK};
use crate::input::parsed::ParsedRequest;
use crate::model::{Code, Finding, Place, SetupPart, Severity};

fn form(part: &str) -> Place {
    Place::part(SetupPart::Form(part.to_string()))
}

/// Checks a pasted exchange; returns the corrected request.
pub fn validate(
    r: &ParsedRequest,
    spec: &Spec,
    x: &TokenExchange,
    findings: &mut Vec<Finding>,
) -> TokenRequest {
    if r.method != "POST" {
        findings.push(
            Finding::error(Code::RequestMethod, format!("{} where the token exchange needs POST", r.method))
                .detail("Entra ID's token endpoint takes the client assertion in a POST form body (Content-Type: application/x-www-form-urlencoded); a GET carries none of it.")
                .fix("Send POST with the fields in the body (curl: --data-urlencode name=value for each).")
                .place(Place::part(SetupPart::Method)),
        );
    }
    path_checks(r, spec, x, findings);
    fixed_field(r, "grant_type", x.grant_type, findings);
    fixed_field(
        r,
        "client_assertion_type",
        x.client_assertion_type,
        findings,
    );
    assertion_check(r, x, findings);
    let identity = client_id_check(r, x, findings);
    let resource = scope_check(r, x, findings);
    let mut corrected = TokenRequest::new(
        spec.platform,
        resource.unwrap_or_else(|| "<resource>".to_string()),
    );
    corrected.identity = identity;
    corrected
}

fn path_checks(r: &ParsedRequest, spec: &Spec, x: &TokenExchange, findings: &mut Vec<Finding>) {
    let p = &r.url_parts;
    if p.scheme.as_deref().is_some_and(|s| s != spec.scheme) {
        findings.push(
            Finding::error(
                Code::RequestScheme,
                "Entra ID's token endpoint is https only",
            )
            .fix(format!(
                "Use {}{{tenant}}{}.",
                x.default_authority, x.token_path
            ))
            .place(Place::part(SetupPart::Url)),
        );
    }
    let path = p.path.trim_end_matches('/');
    if !path.to_ascii_lowercase().ends_with(x.token_path) {
        findings.push(
            Finding::error(Code::RequestEndpointMismatch, format!("{} is not the v2.0 token endpoint", if path.is_empty() { "/" } else { path }))
                .detail("A federated credential is exchanged at {authority}{tenant}/oauth2/v2.0/token, which takes a scope; the v1.0 endpoint (/oauth2/token) takes a resource instead and is not what the SDKs call.")
                .fix(format!("POST to $AZURE_AUTHORITY_HOST$AZURE_TENANT_ID{}.", x.token_path))
                .place(Place::part(SetupPart::Url)),
        );
    }
    let tenant = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let (severity, why) = match tenant.to_ascii_lowercase().as_str() {
        "organizations" | "common" | "consumers" => (Severity::Error, format!("'{tenant}' is not a tenant: a federated identity credential lives in one tenant, so the exchange must name it (AZURE_TENANT_ID); Entra ID refuses client credentials at '{tenant}'.")),
        _ if tenant.is_empty() || tenant.starts_with('$') || tenant.starts_with('{') || tenant.starts_with('<') => return,
        _ if is_guid(tenant) || tenant.contains('.') => return,
        _ => (Severity::Warning, format!("'{tenant}' is neither a tenant ID (a GUID) nor a domain name.")),
    };
    findings.push(
        Finding::new(
            severity,
            Code::RequestTenant,
            format!("The exchange goes to tenant '{tenant}'"),
        )
        .detail(why)
        .fix(format!(
            "Use the tenant ID: $AZURE_AUTHORITY_HOST$AZURE_TENANT_ID{}.",
            x.token_path
        ))
        .place(Place::part(SetupPart::Url)),
    );
}

fn fixed_field(r: &ParsedRequest, name: &str, expected: &str, findings: &mut Vec<Finding>) {
    let (title, detail) = match r.param(name) {
        Some(p) if p.value == expected => return,
        Some(p) => (format!("{name} is '{}', not '{expected}'", p.value), format!("The exchange of a federated token is the client-credentials grant with a JWT client assertion: {name} must be exactly {expected}.")),
        None => (format!("No {name}"), format!("The token endpoint needs {name}={expected} to read the assertion as the client's credential.")),
    };
    findings.push(
        Finding::error(Code::RequestFormField, title)
            .detail(detail)
            .fix(format!("{name}={expected}"))
            .place(form(name)),
    );
}

fn assertion_check(r: &ParsedRequest, x: &TokenExchange, findings: &mut Vec<Finding>) {
    let Some(p) = r.param("client_assertion") else {
        findings.push(
            Finding::error(Code::RequestFormField, "No client_assertion")
                .detail(format!("The assertion is the federated token itself: the contents of the file ${} names.", x.token_file_env))
                .fix(format!("--data-urlencode \"client_assertion@${}\" (curl reads the file at each run)", x.token_file_env))
                .place(form("client_assertion")),
        );
        return;
    };
    if p.value.starts_with("eyJ") && p.value.matches('.').count() == 2 {
        findings.push(
            Finding::info(Code::RequestSecretHardcoded, "client_assertion is a token copied into the request")
                .detail(format!("The projected token lives {} and the kubelet rewrites the file before then: a copied token stops working within the hour.", crate::timefmt::duration(wi::PROJECTED_TOKEN_SECONDS)))
                .fix(format!("Read it from the file at each request: --data-urlencode \"client_assertion@${}\"", x.token_file_env))
                .place(form("client_assertion")),
        );
    }
}

fn client_id_check(
    r: &ParsedRequest,
    x: &TokenExchange,
    findings: &mut Vec<Finding>,
) -> RequestedIdentity {
    let Some(p) = r.param("client_id") else {
        findings.push(
            Finding::error(Code::RequestFormField, "No client_id")
                .detail("Without client_id Entra ID takes the application from the assertion and answers AADSTS700016, naming the token's issuer as the application it could not find.")
                .fix(format!("client_id=${}", x.client_id_env))
                .place(form("client_id")),
        );
        return RequestedIdentity::System;
    };
    let v = p.value.trim();
    // Read at run time: `$AZURE_CLIENT_ID`, `%AZURE_CLIENT_ID%`, a `.http` file's `{{AZURE_CLIENT_ID}}`.
    if v.is_empty() || v.contains('$') || v.starts_with(['<', '%', '{']) {
        return RequestedIdentity::System;
    }
    if !is_guid(v) {
        findings.push(
            Finding::error(Code::RequestIdentitySelectorFormat, format!("client_id '{v}' is not a GUID"))
                .detail("client_id is the client (application) ID of the managed identity or app registration that holds the federated credential.")
                .fix(format!("client_id=${}", x.client_id_env))
                .place(form("client_id")),
        );
        return RequestedIdentity::System;
    }
    RequestedIdentity::ClientId(v.to_string())
}

/// The resource the corrected request asks for.
fn scope_check(
    r: &ParsedRequest,
    x: &TokenExchange,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let Some(p) = r.param("scope").or_else(|| r.param("resource")) else {
        findings.push(
            Finding::error(Code::RequestResourceMissing, "No scope")
                .detail("The v2.0 token endpoint needs scope=<resource>/.default: which API the token is for.")
                .fix("scope=https://management.azure.com/.default (for Azure Resource Manager)")
                .place(form("scope")),
        );
        return None;
    };
    let v = p.value.trim().to_string();
    if let Some(resource) = v.strip_suffix(x.scope_suffix) {
        return Some(resource.to_string());
    }
    if v.starts_with('<') || v.contains('$') {
        return Some(v);
    }
    findings.push(
        Finding::error(Code::RequestScopeNotDefault, format!("{} '{v}' is a bare resource", p.name))
            .detail("Entra ID's v2.0 endpoint takes a scope, `<resource>/.default`, and answers a bare resource with AADSTS70011 (invalid scope); the resource parameter is the managed-identity endpoints' and the v1.0 endpoint's.")
            .fix(format!("scope={v}{}", x.scope_suffix))
            .place(form(&p.name)),
    );
    Some(v)
}

/// The environment of a pod the webhook mutated, or meant to: each variable explained, the ones
/// missing or empty named.
pub fn env_checks(vars: &[EnvVar], x: &TokenExchange, findings: &mut Vec<Finding>) {
    let value = |n: &str| vars.iter().find(|v| v.name == n).map(|v| v.value.trim());
    let injected = vars.iter().any(|v| v.value == INJECTED_BY_WEBHOOK);
    let lines: Vec<String> = wi::WEBHOOK_VARS
        .iter()
        .map(|(name, why)| {
            let state = match value(name) {
                Some(INJECTED_BY_WEBHOOK) => {
                    "injected by the webhook, value hidden by kubectl describe".to_string()
                }
                Some("") => "EMPTY".to_string(),
                Some(v) => format!("= {v}"),
                None => "not set".to_string(),
            };
            format!("{name} ({state}): {why}")
        })
        .collect();
    findings.push(
        Finding::info(Code::EnvWorkloadIdentity, "AKS workload identity: the webhook's variables")
            .detail(format!(
                "{}The SDKs' WorkloadIdentityCredential (and ManagedIdentityCredential, which delegates to it) exchanges the token in the file for an Entra token. {}.",
                if injected { "The azure-workload-identity webhook mutated this pod (the pod is labelled azure.workload.identity/use: \"true\"). " } else { "" },
                lines.join("; ")
            )),
    );
    let missing: Vec<&str> = [x.client_id_env, x.tenant_env, x.token_file_env]
        .into_iter()
        .filter(|n| value(n).is_none_or(str::is_empty))
        .collect();
    if missing.is_empty() {
        return;
    }
    let empty_client = value(x.client_id_env) == Some("");
    findings.push(
        Finding::error(Code::EnvMissingVariable, format!("{} {} missing or empty", missing.join(", "), if missing.len() == 1 { "is" } else { "are" }))
            .detail(if empty_client {
                "AZURE_CLIENT_ID is set but empty: the service account's azure.workload.identity/client-id annotation is empty, so the request carries no client ID and Entra ID answers AADSTS700016 naming the token's issuer as the application.".to_string()
            } else {
                format!("WorkloadIdentityCredential needs {}, {} and {}; the webhook injects all of them from the service account's annotations and its own configuration.", x.client_id_env, x.tenant_env, x.token_file_env)
            })
            .fix(format!(
                "Annotate the service account `{}: <client ID>` (and `{}` for another tenant), label the pod `{}: \"true\"`, and restart it.",
                wi::CLIENT_ID_ANNOTATION,
                wi::TENANT_ID_ANNOTATION,
                wi::USE_LABEL
            ))
            .place(Place::parts(missing.iter().map(|n| SetupPart::Env((*n).to_string())).collect())),
    );
}
