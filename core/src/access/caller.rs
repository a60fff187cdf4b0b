//! Who the resource says called: Key Vault's `appid=…;oid=…;iss=…` block (with `numgroups`,
//! `xmsmirid` and `name` when present), Resource Manager's "The client 'x' with object id 'y'",
//! and Cosmos DB's "principal [x]". Values are kept as written, redactions included; the commands
//! decide what a value can stand for.

use serde::Serialize;

use crate::azure::{clouds, is_guid};
use crate::input::text::between;
use crate::search::Search;

/// Client IDs of Microsoft's developer tools: a caller with one of these is a person signed in to
/// the tool, not an application. From Azure/azure-sdk-for-python
/// `sdk/identity/azure-identity/azure/identity/_constants.py` (`DEVELOPER_SIGN_ON_CLIENT_ID`, the
/// Azure CLI's, and `AZURE_VSCODE_CLIENT_ID`).
const DEVELOPER_TOOLS: &[(&str, &str)] = &[
    ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "the Azure CLI"),
    ("aebc6443-996d-45c2-90f0-388ff96faa56", "Visual Studio Code"),
];

/// The caller named by the error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Caller {
    /// The client (application) ID.
    pub appid: Option<String>,
    /// The principal's object ID.
    pub oid: Option<String>,
    /// The tenant, from the issuer.
    pub tid: Option<String>,
    /// Key Vault's `name=` (the service acting on the caller's behalf), or Resource Manager's
    /// client name when it is not an ID.
    pub name: Option<String>,
    /// The token issuer, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// `xmsmirid`: the managed identity's resource ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_identity: Option<String>,
    /// `numgroups`: how many group IDs the token carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<u32>,
    /// The developer tool whose client ID this is, when it is one (a person signed in to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<&'static str>,
}

impl Caller {
    /// The object ID when it is a usable GUID (not redacted).
    pub fn object_id(&self) -> Option<&str> {
        self.oid.as_deref().filter(|o| is_guid(o))
    }

    /// `User` for a person (a developer tool's client, an e-mail-like name), else
    /// `ServicePrincipal` (applications and managed identities).
    pub fn principal_type(&self) -> &'static str {
        let person = self.tool.is_some()
            || self
                .appid
                .as_deref()
                .is_some_and(|a| a.contains('@') || a.contains('#'));
        if person && self.managed_identity.is_none() {
            "User"
        } else {
            "ServicePrincipal"
        }
    }

    fn is_empty(&self) -> bool {
        self.appid.is_none() && self.oid.is_none() && self.tid.is_none()
    }
}

/// Key Vault's `key=value;key=value` caller block, found anywhere in `text` after `appid=`.
pub fn from_key_vault(text: &str) -> Option<Caller> {
    let start = text.find_str("appid=").or_else(|| text.find_str("oid="))?;
    let block_start = text
        .get(..start)?
        .rfind(['\'', ' ', '\n'])
        .map_or(0, |i| i + 1);
    let block: String = text
        .get(block_start..)?
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
        .collect();
    let mut caller = Caller::default();
    for pair in block.split(';') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "appid" => caller.appid = Some(value),
            "oid" => caller.oid = Some(value),
            "name" => caller.name = Some(value),
            "numgroups" => caller.groups = value.parse().ok(),
            "xmsmirid" => caller.managed_identity = Some(value),
            "iss" => {
                caller.tid = tenant_of(&value);
                caller.issuer = Some(value);
            }
            _ => {}
        }
    }
    finish(caller)
}

/// Resource Manager: "The client 'X' with object id 'Y' does not have authorization …".
pub fn from_arm(text: &str) -> Option<Caller> {
    let appid = between(text, "The client '", "'");
    let oid = between(text, "with object id '", "'");
    let name = appid.clone().filter(|a| !is_guid(a));
    finish(Caller {
        appid,
        oid,
        name,
        ..Caller::default()
    })
}

/// Cosmos DB: "Request is blocked because principal [X] does not have …".
pub fn from_cosmos(text: &str) -> Option<Caller> {
    finish(Caller {
        oid: between(text, "principal [", "]"),
        ..Caller::default()
    })
}

fn finish(mut caller: Caller) -> Option<Caller> {
    caller.tool = caller.appid.as_deref().and_then(|a| {
        DEVELOPER_TOOLS
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(a))
            .map(|(_, name)| *name)
    });
    (!caller.is_empty()).then_some(caller)
}

/// The tenant segment of an issuer URL.
pub fn tenant_of(issuer: &str) -> Option<String> {
    clouds::parse_issuer(issuer)?
        .tenant
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_vault_caller_blocks() {
        // turbot/steampipe-plugin-azure#127.
        let c = from_key_vault("The user, group or application 'appid=dcfa956d-b453-448c-b06b-4c1383c2afeb;oid=09e7a3cd-4fc8-4d55-bb62-aaef76a8b439;numgroups=2;iss=https://sts.windows.net/cdffd708-7da0-4cea-abeb-0a4c334d7f64/' does not have").unwrap();
        assert_eq!(
            c.oid.as_deref(),
            Some("09e7a3cd-4fc8-4d55-bb62-aaef76a8b439")
        );
        assert_eq!(
            c.tid.as_deref(),
            Some("cdffd708-7da0-4cea-abeb-0a4c334d7f64")
        );
        assert_eq!(c.groups, Some(2));
        assert_eq!(c.principal_type(), "ServicePrincipal");
        // Azure/bicep#6539: the Azure CLI's client ID, so a person.
        let c = from_key_vault("Caller: name=KeyVault/ManagementPlane;appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\nAction").unwrap();
        assert_eq!(c.name.as_deref(), Some("KeyVault/ManagementPlane"));
        assert_eq!(
            (c.tool, c.principal_type()),
            (Some("the Azure CLI"), "User")
        );
        // Redacted IDs are kept as written and are not object IDs.
        let c =
            from_key_vault("'appid=<...>;oid=<...>;iss=https://sts.windows.net/<...>/'").unwrap();
        assert_eq!((c.oid.as_deref(), c.object_id()), (Some("<...>"), None));
    }

    #[test]
    fn arm_and_cosmos_callers() {
        let c = from_arm("The client 'some id' with object id 'someid' does not have").unwrap();
        assert_eq!(
            (c.appid.as_deref(), c.oid.as_deref()),
            (Some("some id"), Some("someid"))
        );
        assert!(from_arm("nothing").is_none());
        let c =
            from_cosmos("because principal [00000000-0000-0000-0000-000000000000] does").unwrap();
        assert!(c.object_id().is_some());
    }
}
