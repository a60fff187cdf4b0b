//! Federated identity credentials as infrastructure code and commands define them:
//! - Bicep `resource … 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@…'`
//!   (or the nested `'federatedIdentityCredentials'`, or Graph's
//!   `'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0'`), fields in `properties`
//!   or at the top;
//! - Terraform `azurerm_federated_identity_credential` (`audience`, `issuer`, `subject`,
//!   `parent_id`), `azuread_application_federated_identity_credential` (`audiences`, …) and
//!   `azapi_resource` of the ARM type (fields in `body`);
//! - `az identity federated-credential create|update` and `az ad app federated-credential
//!   create|update --parameters '{…}'` command lines.
//!
//! Argument names: the azurerm and azuread provider documentation and the az CLI reference of
//! these commands. A value that is not a literal (a reference, an interpolation) is kept as
//! written and marked unresolved, never guessed.

use serde_json::Value;

use super::credentials::{self, CredentialSource, FederatedCredential, Owner};
use crate::input::shell;
use crate::input::text::contains_ignore_case;
use crate::search::Search;

/// Every credential the Bicep, Terraform and az command lines of `text` define.
pub fn read(text: &str) -> Vec<FederatedCredential> {
    let mut out = Vec::new();
    // Cheap tests first: most pastes are neither, and a paste may be a megabyte.
    if contains_ignore_case(text, "federatedidentitycredentials")
        || text.has("_federated_identity_credential\"")
    {
        out.extend(blocks(text));
    }
    if text.has("federated-credential") {
        out.extend(az_commands(text));
    }
    crate::sort::by_key(&mut out, |c| c.line);
    out
}

/// A `resource` declaration that defines a credential, with its body.
struct Block<'a> {
    source: CredentialSource,
    line: usize,
    body: &'a str,
}

fn blocks(text: &str) -> Vec<FederatedCredential> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let Some(source) = declares_credential(line) else {
            continue;
        };
        let Some(open) = line.rfind('{').map(|p| start + p) else {
            continue;
        };
        let Some(body) = text.get(open..).and_then(braced) else {
            continue;
        };
        out.extend(read_block(&Block {
            source,
            line: i + 1,
            body,
        }));
    }
    out
}

/// The kind of a `resource` line that declares a credential.
fn declares_credential(line: &str) -> Option<CredentialSource> {
    let t = line.trim_start();
    let rest = t.strip_prefix("resource ")?;
    let lower = rest.to_ascii_lowercase();
    if lower.has("'") && lower.has("federatedidentitycredentials") && !lower.has(" existing") {
        return Some(CredentialSource::Bicep);
    }
    let terraform_types = [
        "\"azurerm_federated_identity_credential\"",
        "\"azuread_application_federated_identity_credential\"",
        "\"azapi_resource\"",
    ];
    terraform_types
        .iter()
        .any(|ty| lower.starts_with(ty))
        .then_some(CredentialSource::Terraform)
}

/// The text from `{` to its matching `}` (strings and comments skipped); cut-off text runs to the end.
fn braced(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    for (i, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            match c {
                '\\' if !escaped => escaped = true,
                _ if c == q && !escaped => quote = None,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '#' => comment = true,
            '/' if text.get(i + 1..i + 2) == Some("/") => comment = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text.get(..=i);
                }
            }
            _ => {}
        }
    }
    Some(text)
}

/// A value as the block writes it.
enum Written {
    Literal(String),
    List(Vec<Written>),
    /// An expression (reference, interpolation, function call), as written.
    Expression(String),
}

impl Written {
    fn text(&self) -> String {
        match self {
            Written::Literal(s) | Written::Expression(s) => s.clone(),
            Written::List(items) => items
                .iter()
                .map(Written::text)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
    fn resolved(&self) -> bool {
        match self {
            Written::Literal(_) => true,
            Written::List(items) => items.iter().all(Written::resolved),
            Written::Expression(_) => false,
        }
    }
}

/// The credential a block defines; `None` for an `azapi_resource` of another type, or a block
/// with neither issuer nor subject.
fn read_block(b: &Block<'_>) -> Option<FederatedCredential> {
    let mut c = FederatedCredential::new(b.source);
    c.line = Some(b.line);
    if b.source == CredentialSource::Terraform {
        if let Some(ty) = value_of(b.body, "type") {
            if !ty
                .text()
                .to_ascii_lowercase()
                .has("federatedidentitycredentials")
            {
                return None;
            }
        }
    }
    c.name = value_of(b.body, "name")
        .or_else(|| value_of(b.body, "display_name"))
        .map(|v| v.text());
    if let Some(v) = value_of(b.body, "issuer") {
        if !v.resolved() {
            c.unresolved.push("issuer");
        }
        c.issuer = Some(v.text());
    }
    if let Some(v) = value_of(b.body, "subject") {
        if !v.resolved() {
            c.unresolved.push("subject");
        }
        c.subject = Some(v.text());
    }
    if let Some(v) = value_of(b.body, "audiences").or_else(|| value_of(b.body, "audience")) {
        if !v.resolved() {
            c.unresolved.push("audiences");
        }
        c.audiences = match v {
            Written::List(items) => items.iter().map(Written::text).collect(),
            other => vec![other.text()],
        };
    }
    if let Some(Written::Literal(id)) = value_of(b.body, "parent_id") {
        c.owner = credentials::owner_from_arm_id(&id);
    }
    (c.issuer.is_some() || c.subject.is_some()).then_some(c)
}

/// The value of the first `key: value` (Bicep) or `key = value` (Terraform) in the block, at any
/// depth; a list may span lines.
fn value_of(body: &str, key: &str) -> Option<Written> {
    let lines: Vec<&str> = body.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start().trim_start_matches('{').trim_start();
        let Some(rest) = t.strip_prefix(key) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
            continue;
        };
        let mut value = value.trim().to_string();
        if value.starts_with('[') && !value.contains(']') {
            for more in lines.iter().skip(i + 1) {
                value.push(' ');
                value.push_str(more.trim());
                if more.contains(']') {
                    break;
                }
            }
        }
        return Some(parse_value(value.trim_end_matches(',').trim()));
    }
    None
}

fn parse_value(v: &str) -> Written {
    if let Some(inner) = v.strip_prefix('[') {
        let inner = inner.split(']').next().unwrap_or("");
        let items = split_items(inner)
            .into_iter()
            .map(|s| parse_value(&s))
            .collect();
        return Written::List(items);
    }
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q) {
            let Some(end) = closing_quote(inner, q) else {
                break;
            };
            let raw = inner.get(..end).unwrap_or("");
            let unescaped = raw
                .replace(&format!("\\{q}"), &q.to_string())
                .replace("\\\\", "\\");
            // Bicep `${…}` and Terraform `${…}` interpolate.
            return if unescaped.has("${") {
                Written::Expression(unescaped)
            } else {
                Written::Literal(unescaped)
            };
        }
    }
    Written::Expression(v.split_whitespace().next().unwrap_or("").to_string())
}

fn closing_quote(s: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            _ if c == q && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// List items separated by commas or whitespace (Bicep lists put one per line, no commas).
fn split_items(inner: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                current.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                current.push(c);
            }
            (None, ',') | (None, ' ') | (None, '\t') => {
                if !current.trim().is_empty() {
                    items.push(current.trim().to_string());
                }
                current.clear();
            }
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        items.push(current.trim().to_string());
    }
    items
}

/// `az identity federated-credential create|update` and `az ad app federated-credential
/// create|update` commands.
fn az_commands(text: &str) -> Vec<FederatedCredential> {
    let mut out = Vec::new();
    for cmd in shell::commands(text) {
        let words: Vec<&str> = cmd.words.iter().map(|w| w.text.as_str()).collect();
        let identity = words.starts_with(&["az", "identity", "federated-credential"]);
        let app = words.starts_with(&["az", "ad", "app", "federated-credential"]);
        let verb = words.get(if identity { 3 } else { 4 }).copied();
        if !(identity || app) || !matches!(verb, Some("create" | "update")) {
            continue;
        }
        let flag = |names: &[&str]| -> Option<String> {
            let at = words.iter().position(|w| names.contains(w))?;
            words.get(at + 1).map(|s| (*s).to_string())
        };
        let mut c = FederatedCredential::new(CredentialSource::AzCommand);
        c.line = Some(cmd.line);
        if identity {
            c.name = flag(&["--name", "-n"]);
            c.issuer = flag(&["--issuer"]);
            c.subject = flag(&["--subject"]);
            c.audiences = audiences_after(&words);
            c.owner = flag(&["--identity-name"]).map(|name| Owner::UserAssignedIdentity {
                name,
                resource_group: flag(&["--resource-group", "-g"]),
                subscription: flag(&["--subscription"]),
            });
        } else {
            c.owner = flag(&["--id"]).map(|id| Owner::Application { id });
            let parameters = flag(&["--parameters"]).unwrap_or_default();
            match serde_json::from_slice::<Value>(parameters.as_bytes()) {
                Ok(Value::Object(p)) => {
                    let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
                    c.name = s("name");
                    c.issuer = s("issuer");
                    c.subject = s("subject");
                    c.audiences = match p.get("audiences") {
                        Some(Value::Array(a)) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect(),
                        _ => Vec::new(),
                    };
                }
                // `--parameters @credential.json`: the file is not in the paste.
                _ => continue,
            }
        }
        if c.issuer.is_some() || c.subject.is_some() {
            for (field, value) in [("issuer", &c.issuer), ("subject", &c.subject)] {
                if value.as_deref().is_some_and(|v| v.contains('$')) {
                    c.unresolved.push(field);
                }
            }
            out.push(c);
        }
    }
    out
}

/// `--audiences a b` takes words up to the next flag.
fn audiences_after(words: &[&str]) -> Vec<String> {
    let Some(at) = words
        .iter()
        .position(|w| *w == "--audiences" || *w == "--audience")
    else {
        return Vec::new();
    };
    words
        .iter()
        .skip(at + 1)
        .take_while(|w| !w.starts_with("--"))
        .map(|w| (*w).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bicep_with_an_unresolved_issuer() {
        // The shape of the AKS workload-identity Bicep samples (issuer from the cluster resource).
        let bicep = "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {\n  name: 'app-fic'\n  parent: uami\n  properties: {\n    issuer: aks.properties.oidcIssuerProfile.issuerURL\n    subject: 'system:serviceaccount:${ns}:app'\n    audiences: [\n      'api://AzureADTokenExchange'\n    ]\n  }\n}\n";
        let c = read(bicep);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].source, CredentialSource::Bicep);
        assert_eq!(c[0].name.as_deref(), Some("app-fic"));
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("aks.properties.oidcIssuerProfile.issuerURL")
        );
        assert_eq!(c[0].unresolved, ["issuer", "subject"]);
        assert_eq!(c[0].audiences, ["api://AzureADTokenExchange"]);
    }

    #[test]
    fn reads_terraform_and_az_commands() {
        let tf = "resource \"azurerm_federated_identity_credential\" \"app\" {\n  name                = \"app\"\n  resource_group_name = azurerm_resource_group.rg.name\n  audience            = [\"api://AzureADTokenExchange\"]\n  issuer              = \"https://oidc.prod-aks.azure.com/0000/\"\n  parent_id           = \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id\"\n  subject             = \"system:serviceaccount:default:app\" # the pod's SA\n}\n";
        let c = read(tf);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("https://oidc.prod-aks.azure.com/0000/")
        );
        assert_eq!(
            c[0].subject.as_deref(),
            Some("system:serviceaccount:default:app")
        );
        assert!(
            matches!(&c[0].owner, Some(Owner::UserAssignedIdentity { name, .. }) if name == "app-id")
        );
        let cmd = "az identity federated-credential create --name fic --identity-name id1 --resource-group rg \\\n  --issuer \"$AKS_OIDC_ISSUER\" --subject system:serviceaccount:ns:sa --audiences api://AzureADTokenExchange";
        let c = read(cmd);
        assert_eq!(c[0].subject.as_deref(), Some("system:serviceaccount:ns:sa"));
        assert_eq!(c[0].unresolved, ["issuer"]);
        let app = "az ad app federated-credential create --id 11111111-2222-3333-4444-555555555555 --parameters '{\"name\":\"gh\",\"issuer\":\"https://token.actions.githubusercontent.com\",\"subject\":\"repo:o/r:environment:prod\",\"audiences\":[\"api://AzureADTokenExchange\"]}'";
        let c = read(app);
        assert_eq!(c[0].name.as_deref(), Some("gh"));
        assert!(matches!(&c[0].owner, Some(Owner::Application { .. })));
    }
}
