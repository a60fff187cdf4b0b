//! Federated identity credentials as JSON: what `az identity federated-credential list/show`
//! prints (ARM's resource, flattened), the raw ARM response (`{"value":[{…,"properties":{…}}]}`,
//! as the az CLI's own test recordings hold it), `az ad app federated-credential list/show` and
//! Microsoft Graph's `federatedIdentityCredentials` (`{"@odata.context":…,"value":[…]}`), and
//! ARM templates whose resources define them. One object or a list, anywhere in the paste.
//!
//! Shapes: Azure/azure-cli `src/azure-cli/azure/cli/command_modules/identity/tests/latest/
//! recordings/test_federated_identity_credential.yaml` (ARM), the Graph
//! `federatedIdentityCredential` resource page (Graph: `audiences`, `issuer`, `subject`, `name`,
//! `description`, `id`, and `claimsMatchingExpression` for flexible credentials).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::input::{json_values, lenient_json};
use crate::search::Search;

/// Where a credential definition was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialSource {
    /// A user-assigned identity's credential as ARM returns it (`az identity federated-credential`).
    Arm,
    /// An app registration's credential as Microsoft Graph returns it (`az ad app
    /// federated-credential`).
    Graph,
    ArmTemplate,
    Bicep,
    Terraform,
    /// An `az … federated-credential create/update` command line.
    AzCommand,
}

impl CredentialSource {
    pub fn label(self) -> &'static str {
        match self {
            CredentialSource::Arm => "az identity / ARM",
            CredentialSource::Graph => "az ad app / Microsoft Graph",
            CredentialSource::ArmTemplate => "ARM template",
            CredentialSource::Bicep => "Bicep",
            CredentialSource::Terraform => "Terraform",
            CredentialSource::AzCommand => "az command",
        }
    }
}

/// What holds the credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    UserAssignedIdentity {
        name: String,
        resource_group: Option<String>,
        subscription: Option<String>,
    },
    Application {
        /// The application's client (app) ID or object ID, as the paste names it.
        id: String,
    },
}

/// One federated identity credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FederatedCredential {
    pub name: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audiences: Vec<String>,
    /// A flexible credential's expression (instead of a subject).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims_matching_expression: Option<String>,
    pub source: CredentialSource,
    pub owner: Option<Owner>,
    /// The ARM resource ID or Graph object ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 1-based line of the definition, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Fields whose value is an expression the paste does not resolve (a Bicep or Terraform
    /// reference, an ARM template function): `issuer`, `subject`, `audiences`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<&'static str>,
}

impl FederatedCredential {
    pub fn new(source: CredentialSource) -> Self {
        FederatedCredential {
            name: None,
            issuer: None,
            subject: None,
            audiences: Vec::new(),
            claims_matching_expression: None,
            source,
            owner: None,
            id: None,
            line: None,
            unresolved: Vec::new(),
        }
    }

    /// `'fic1' (az identity / ARM, identity 'ide')`, for findings.
    pub fn describe(&self) -> String {
        let name = self
            .name
            .as_deref()
            .map_or_else(|| "(unnamed)".to_string(), |n| format!("'{n}'"));
        let owner = match &self.owner {
            Some(Owner::UserAssignedIdentity { name, .. }) => format!(", identity '{name}'"),
            Some(Owner::Application { id }) => format!(", app {id}"),
            None => String::new(),
        };
        let line = self.line.map(|l| format!(", line {l}")).unwrap_or_default();
        format!("{name} ({}{owner}{line})", self.source.label())
    }

    pub fn is_unresolved(&self, field: &str) -> bool {
        self.unresolved.contains(&field)
    }
}

/// How deep the reader walks into JSON looking for credentials.
const MAX_DEPTH: usize = 8;

/// Every credential in the JSON of `text`.
pub fn from_json(text: &str) -> Vec<FederatedCredential> {
    let mut out = Vec::new();
    if !text.has("ssuer\"") && !text.has("ssuer'") {
        return out;
    }
    let values = json_values::all(text);
    for found in &values {
        let before = out.len();
        walk(&found.value, 0, &mut out);
        if let Some(app) = graph_application(&found.value) {
            for c in out.iter_mut().skip(before).filter(|c| c.owner.is_none()) {
                c.owner = Some(Owner::Application { id: app.clone() });
            }
        }
    }
    if out.is_empty() && values.is_empty() {
        // JSON as people paste it (no braces, trailing commas): one object at most.
        if let Some(found) = lenient_json::find_object(text) {
            walk(&Value::Object(found.value), 0, &mut out);
        }
    }
    out
}

fn walk(value: &Value, depth: usize, out: &mut Vec<FederatedCredential>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(o) => match read_object(o) {
            Some(c) => out.push(c),
            None => o.values().for_each(|v| walk(v, depth + 1, out)),
        },
        Value::Array(items) => items.iter().for_each(|v| walk(v, depth + 1, out)),
        _ => {}
    }
}

fn get<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    get(o, key).and_then(Value::as_str).map(str::to_string)
}

/// The fields of a credential: on the object itself (az, Graph) or in `properties` (ARM).
fn fields(o: &Map<String, Value>) -> Option<&Map<String, Value>> {
    let has = |m: &Map<String, Value>| {
        get(m, "issuer").is_some_and(Value::is_string)
            && (get(m, "subject").is_some()
                || get(m, "audiences").is_some()
                || get(m, "claimsMatchingExpression").is_some())
    };
    if has(o) {
        return Some(o);
    }
    get(o, "properties")
        .and_then(Value::as_object)
        .filter(|p| has(p))
}

fn read_object(o: &Map<String, Value>) -> Option<FederatedCredential> {
    let f = fields(o)?;
    let kind = text(o, "type").unwrap_or_default().to_ascii_lowercase();
    let template = get(o, "apiVersion").is_some() && kind.has("federatedidentitycredentials");
    let id = text(o, "id");
    let arm = kind.has("microsoft.managedidentity")
        || id
            .as_deref()
            .is_some_and(|i| i.starts_with("/subscriptions/"));
    let source = if template {
        CredentialSource::ArmTemplate
    } else if arm {
        CredentialSource::Arm
    } else {
        CredentialSource::Graph
    };
    let mut c = FederatedCredential::new(source);
    c.name = text(o, "name");
    c.issuer = text(f, "issuer");
    c.subject = text(f, "subject");
    c.audiences = match get(f, "audiences").or_else(|| get(f, "audience")) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    c.claims_matching_expression = get(f, "claimsMatchingExpression").map(|v| match v {
        Value::Object(e) => text(e, "value").unwrap_or_else(|| v.to_string()),
        other => other.to_string(),
    });
    c.owner = id.as_deref().and_then(owner_from_arm_id);
    c.id = id;
    if template {
        // `[parameters('issuer')]`, `[reference(…).oidcIssuerProfile.issuerURL]`; `[[` escapes.
        let expr = |v: &Option<String>| {
            v.as_deref()
                .is_some_and(|s| s.starts_with('[') && !s.starts_with("[["))
        };
        if expr(&c.issuer) {
            c.unresolved.push("issuer");
        }
        if expr(&c.subject) {
            c.unresolved.push("subject");
        }
        if c.audiences
            .iter()
            .any(|a| a.starts_with('[') && !a.starts_with("[["))
        {
            c.unresolved.push("audiences");
        }
    }
    Some(c)
}

/// The application a Graph list names in its `@odata.context`
/// (`…$metadata#applications('<id>')/federatedIdentityCredentials`).
fn graph_application(value: &Value) -> Option<String> {
    let context = value.get("@odata.context")?.as_str()?;
    let start = context.find_str("applications('")? + "applications('".len();
    let rest = context.get(start..)?;
    rest.get(..rest.find('\'')?).map(str::to_string)
}

/// The user-assigned identity an ARM ID of a federated credential (or identity) names.
pub fn owner_from_arm_id(id: &str) -> Option<Owner> {
    let segments: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    let after = |key: &str| {
        segments
            .iter()
            .position(|s| s.eq_ignore_ascii_case(key))
            .and_then(|i| segments.get(i + 1))
            .map(|s| (*s).to_string())
    };
    Some(Owner::UserAssignedIdentity {
        name: after("userAssignedIdentities")?,
        resource_group: after("resourceGroups"),
        subscription: after("subscriptions"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arm_graph_and_template_shapes() {
        // az ad app federated-credential show output (Graph's shape).
        let graph = r#"{"audiences":["api://AzureADTokenExchange"],"description":null,"id":"8f2a4f6e-0000-4000-8000-000000000000","issuer":"https://token.actions.githubusercontent.com","name":"main","subject":"repo:octo-org/octo-repo:ref:refs/heads/main"}"#;
        let c = from_json(graph);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].source, CredentialSource::Graph);
        assert_eq!(
            c[0].subject.as_deref(),
            Some("repo:octo-org/octo-repo:ref:refs/heads/main")
        );
        let template = r#"{"resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials","apiVersion":"2023-01-31","name":"[format('{0}/{1}', parameters('id'), 'fic')]","properties":{"issuer":"[reference(parameters('aks')).oidcIssuerProfile.issuerURL]","subject":"system:serviceaccount:ns:sa","audiences":["api://AzureADTokenExchange"]}}]}"#;
        let c = from_json(template);
        assert_eq!(c[0].source, CredentialSource::ArmTemplate);
        assert_eq!(c[0].unresolved, ["issuer"]);
        let id = "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ide/federatedIdentityCredentials/fic1";
        assert_eq!(
            owner_from_arm_id(id),
            Some(Owner::UserAssignedIdentity {
                name: "ide".into(),
                resource_group: Some("rg".into()),
                subscription: Some("s".into())
            })
        );
        // An OIDC discovery document has an issuer but is no credential.
        assert!(from_json(r#"{"issuer":"https://x","jwks_uri":"https://x/keys","subject_types_supported":["public"]}"#).is_empty());
    }
}
