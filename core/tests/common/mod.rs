//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use serde_json::Value;

/// One record of a sample file in tests/fixtures (copies of ../shared/samples/*.jsonl: real inputs
/// from SDK test suites, Microsoft docs and GitHub issues, each naming its source).
pub struct RealWorld {
    pub id: String,
    pub kind: String,
    pub input: String,
    pub source: String,
    pub expect: Value,
    pub note: String,
}

fn records(text: &str) -> Vec<RealWorld> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("valid JSON line");
            RealWorld {
                id: v["id"].as_str().unwrap().to_string(),
                kind: v["kind"].as_str().unwrap().to_string(),
                input: v["input"].as_str().unwrap().to_string(),
                source: v["source"].as_str().unwrap().to_string(),
                expect: v["expect"].clone(),
                note: v["note"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// tokens, MI token responses, MI endpoint errors and request setups (70 records).
pub fn real_world() -> Vec<RealWorld> {
    records(include_str!("../fixtures/real-world.jsonl"))
}

/// What a resource answered after the token: Key Vault, Storage, ARM, Graph, SQL, ... (26 records).
pub fn access_errors() -> Vec<RealWorld> {
    records(include_str!("../fixtures/access-errors.jsonl"))
}

/// Workload identity federation: AADSTS errors, assertion tokens, federated credentials (12).
pub fn federation() -> Vec<RealWorld> {
    records(include_str!("../fixtures/federation.jsonl"))
}

/// DefaultAzureCredential / ChainedTokenCredential messages and SDK logs (9 records).
pub fn credential_chains() -> Vec<RealWorld> {
    records(include_str!("../fixtures/credential-chains.jsonl"))
}

/// Multi-part pastes: CI logs, exception dumps, issue comments (15 records).
pub fn sessions() -> Vec<RealWorld> {
    records(include_str!("../fixtures/sessions.jsonl"))
}

/// Every record of every sample file.
pub fn every_record() -> Vec<RealWorld> {
    [
        real_world(),
        access_errors(),
        federation(),
        credential_chains(),
        sessions(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The record `id` of any sample file.
pub fn any_sample(id: &str) -> String {
    every_record()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no sample {id}"))
        .input
}

pub fn sample(id: &str) -> String {
    real_world()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no sample {id}"))
        .input
}

/// Base64url without padding, for building test tokens.
pub fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s.as_bytes())
}

/// An unsigned-looking token from header and payload JSON with a fixed fake signature.
pub fn token(header: &str, payload: &str) -> String {
    format!(
        "{}.{}.{}",
        b64(header),
        b64(payload),
        b64("not a real signature, 32 bytes!!")
    )
}

/// The AADSTS70021 message of azure-workload-identity's troubleshooting guide (and #616), with
/// a concrete issuer in place of the guide's XXXXXX, next to a Terraform definition (azurerm
/// provider's azurerm_federated_identity_credential arguments) without the trailing slash.
pub const AKS_70021_WITH_TERRAFORM: &str = r#"E0120 22:55:12.472912       1 token_credential.go:70] "failed to acquire token" err="FromAssertion(): http call(https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token)(POST) error: reply status code was 400:\n{\"error\":\"invalid_request\",\"error_description\":\"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://oidc.prod-aks.azure.com/1f5d3a2e-0000-4000-8000-00000000abcd/'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'.\\r\\nTrace ID: 8f29172d-bf0d-4165-9d86-816665612d00\\r\\nCorrelation ID: 472f3de0-666f-411e-8d4c-cd46b6d6db26\\r\\nTimestamp: 2022-01-20 22:55:12Z\",\"error_codes\":[70021]}"

resource "azurerm_federated_identity_credential" "app" {
  name                = "workload-identity-sa"
  resource_group_name = azurerm_resource_group.rg.name
  audience            = ["api://AzureADTokenExchange"]
  issuer              = "https://oidc.prod-aks.azure.com/1f5d3a2e-0000-4000-8000-00000000abcd"
  parent_id           = azurerm_user_assigned_identity.app.id
  subject             = "system:serviceaccount:default:workload-identity-sa"
}
"#;
