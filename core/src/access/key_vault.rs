//! Key Vault's refusals: the RBAC 403 (`ForbiddenByRbac`, "Caller is not authorized to perform
//! action on resource", with its Caller/Action/Resource/Assignment/DecisionReason/Vault lines),
//! the access-policy 403 ("does not have secrets get permission on key vault …", "Caller was not
//! found on any access policy"), the firewall 403 ("Client address is not authorized and caller
//! is not a trusted service"), `KeyOperationForbidden`, and the token 401s `AKV10022` (audience)
//! and `AKV10032` (issuer). Message formats from the issues and SDK tests named in the samples
//! (../shared/samples/access-errors.jsonl) and Azure/azure-cli#15528.

use super::caller;
use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::{self, is_redacted, Envelope};
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::Plane;
use crate::input::text::between;
use crate::search::Search;

/// The audience Key Vault accepts besides its URL: its application ID, which AKV10022 names
/// ("Expected https://vault.azure.net or cfa8b339-82a2-471a-a3c9-0fc0be7a4093").
const KEY_VAULT_APP_ID: &str = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";

/// Key Vault's codes and phrases: one of them makes the text Key Vault's.
fn is_key_vault(env: &Envelope) -> bool {
    [
        "ForbiddenByRbac",
        "ForbiddenByPolicy",
        "ForbiddenByFirewall",
        "KeyOperationForbidden",
    ]
    .iter()
    .any(|c| env.code_is(c))
        || (env.code_is("AccessDenied") && env.has("key vault"))
        || [
            "akv100",
            "permission on key vault",
            "not found on any access policy",
            "caller is not a trusted service",
            "is not permitted on this key",
            "keyvaulterrorexception",
        ]
        .iter()
        .any(|s| env.has(s))
        || (env.has("caller is not authorized to perform action on resource")
            && (env.has("microsoft.keyvault") || env.has(";location=")))
        || (env.has("the operation is not allowed by rbac") && env.has("microsoft.keyvault"))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_key_vault(env) {
        return None;
    }
    let text = env.text.as_str();
    let mut d = if env.has("akv10022") || (env.has("invalid audience") && env.has("vault")) {
        wrong_audience(text)
    } else if env.has("akv10032") {
        wrong_issuer(text)
    } else if env.code_is("ForbiddenByFirewall") || env.has("client address is not authorized") {
        firewall(text)
    } else if env.code_is("KeyOperationForbidden") || env.has("is not permitted on this key") {
        key_operation(text)
    } else if env.code_is("ForbiddenByRbac")
        || env.has("caller is not authorized to perform action on resource")
        || env.has("not allowed by rbac")
    {
        rbac(text)
    } else if env.has("permission on key vault")
        || env.has("not found on any access policy")
        || env.code_is("AccessDenied")
        || env.code_is("ForbiddenByPolicy")
    {
        access_policy(text)
    } else {
        unknown(env)
    };
    if d.caller.is_none() {
        d.caller = caller::from_key_vault(text);
    }
    merge_target(&mut d.target, target(text));
    let audience = audience_for(d.target.vault_url.as_deref());
    if d.resource.is_none() {
        d.resource = Some(audience.to_string());
    }
    if d.accepted.is_empty() && d.cause != Cause::WrongIssuer {
        d.accepted = vec![audience.to_string(), KEY_VAULT_APP_ID.to_string()];
    }
    Some(d)
}

/// The resource to request: `https://vault.azure.net`, or the sovereign cloud's for its hosts.
fn audience_for(vault_url: Option<&str>) -> &'static str {
    match vault_url.and_then(shapes::host_of) {
        Some(h) if h.ends_with(".vault.usgovcloudapi.net") => "https://vault.usgovcloudapi.net",
        Some(h) if h.ends_with(".vault.azure.cn") => "https://vault.azure.cn",
        Some(h) if h.ends_with(".managedhsm.azure.net") => "https://managedhsm.azure.net",
        _ => "https://vault.azure.net",
    }
}

fn wrong_audience(text: &str) -> Diagnosis {
    let expected = between(text, "Expected ", ", found").map(|s| s.trim().to_string());
    let found = between(text, "found: ", "\n")
        .or_else(|| between(text, "found ", "\n"))
        .or_else(|| shapes::word_after(text, "found: "))
        .map(|s| s.trim().trim_end_matches(['.', '"']).to_string());
    let mut d = Diagnosis::new(Service::KeyVault, Cause::WrongAudience).says(
        &format!(
            "Key Vault refused a token issued for another resource{}",
            found.as_deref().map(|f| format!(" ({f})")).unwrap_or_default()
        ),
        "AKV10022: the token's `aud` is not Key Vault. Key Vault accepts tokens whose audience is https://vault.azure.net (the same for every vault: not the vault's own URL) or its application ID. A token requested for the vault's URL, for Resource Manager, or as `spn:<app id>` is refused.",
        "Request the token for https://vault.azure.net exactly (SDK credentials: the scope https://vault.azure.net/.default); do not use the vault's own URL, and leave off the trailing slash: a managed-identity token requested for https://vault.azure.net/ carries that string as `aud`.",
    );
    d.accepted = expected
        .as_deref()
        .map(|e| e.split(" or ").map(|s| s.trim().to_string()).collect())
        .unwrap_or_else(|| {
            vec![
                "https://vault.azure.net".to_string(),
                KEY_VAULT_APP_ID.to_string(),
            ]
        });
    d.expected = expected;
    d.found = found;
    d
}

fn wrong_issuer(text: &str) -> Diagnosis {
    let expected = between(text, "Expected ", ", found").map(|s| s.trim().to_string());
    let found = between(text, "found ", "\n")
        .or_else(|| shapes::word_after(text, ", found "))
        .map(|s| s.trim().trim_end_matches(['.', '"']).to_string());
    let mut d = Diagnosis::new(Service::KeyVault, Cause::WrongIssuer).says(
        "Key Vault refused a token from another tenant",
        "AKV10032: the token's issuer (`iss`, its tenant) is not one the vault accepts: the vault belongs to another Microsoft Entra tenant, or the subscription moved to another tenant. A managed identity's tokens always come from its own tenant.",
        "Get the token from the vault's tenant: the tenant in the 401's WWW-Authenticate `authorization` URL (SDK clients follow it when they do challenge-based authentication). A managed identity cannot get tokens for another tenant; use an identity in the vault's tenant, or a multi-tenant app with a federated credential.",
    );
    d.accepted = expected
        .as_deref()
        .map(|e| {
            e.trim_start_matches("one of ")
                .split(", ")
                .map(|s| s.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    d.expected = expected;
    d.found = found;
    d
}

fn firewall(text: &str) -> Diagnosis {
    let ip = shapes::line_after(text, "Client address: ");
    let vault = vault_line(text);
    let mut d = Diagnosis::new(Service::KeyVault, Cause::NetworkDenied).says(
        &format!(
            "The vault's firewall refused the caller's address{}",
            ip.as_deref().map(|i| format!(" {i}")).unwrap_or_default()
        ),
        "The token was fine (the message names the caller), but the vault accepts requests only from the networks, addresses and private endpoints its firewall allows, and this address is none of them; the caller is not a trusted Microsoft service either.",
        "Call from an allowed network (App Service and Functions: VNet-integrate the app into an allowed subnet, or use a private endpoint), or add the caller's outbound address to the vault's firewall.",
    );
    d.found = ip.as_ref().map(|i| format!("client address {i}"));
    d.scope = vault
        .as_ref()
        .map(|(name, loc)| vault_scope(name, loc.as_deref()));
    if let (Some(ip), Some((name, _))) = (ip, vault) {
        d.grants.push(Grant::VaultNetworkRule {
            vault: vault_name_or_placeholder(&name),
            ip,
        });
    }
    d
}

fn key_operation(text: &str) -> Diagnosis {
    let op = between(text, "Operation ", " is not permitted").map(|s| s.trim().to_string());
    let mut d = Diagnosis::new(Service::KeyVault, Cause::KeyOperationNotPermitted).says(
        &format!(
            "The key does not permit {}",
            op.as_deref().map(|o| format!("the {o} operation")).unwrap_or_else(|| "this operation".to_string())
        ),
        "KeyOperationForbidden: the key's own list of permitted operations (`key_ops`) leaves this one out, so no permission or role helps; a missing permission would be ForbiddenByRbac or an access-policy message instead. Check too that the code uses the credential you think it does (DefaultAzureCredential tries several).",
        "Look at the key's permitted operations and add this one (or use a key made for it); if the key's operations are right, give the caller the crypto permission.",
    );
    if let Some(op) = &op {
        d.action = Some(format!("{op} (key operation)"));
        d.permission = Some((
            format!("Microsoft.KeyVault/vaults/keys/{}/action", rbac_key_op(op)),
            Plane::Data,
        ));
        d.grants.push(Grant::KeyOperations {
            vault: "<vault-name>".to_string(),
            key: "<key-name>".to_string(),
            operation: op.clone(),
        });
    }
    d
}

/// Access-policy key operations as RBAC writes them (`wrapKey` is `wrap`).
fn rbac_key_op(op: &str) -> String {
    match op.to_ascii_lowercase().as_str() {
        "wrapkey" => "wrap".to_string(),
        "unwrapkey" => "unwrap".to_string(),
        other => other.to_string(),
    }
}

fn rbac(text: &str) -> Diagnosis {
    let action = between(text, "Action: '", "'");
    let resource = between(text, "Resource: '", "'");
    let assignment = shapes::line_after(text, "Assignment: ");
    let reason = between(text, "DecisionReason: '", "'");
    let mut d = Diagnosis::new(Service::KeyVault, Cause::RbacMissing).says(
        &format!(
            "No role assignment lets this caller {}",
            action.as_deref().map(describe_action).unwrap_or_else(|| "do this on the vault".to_string())
        ),
        &format!(
            "ForbiddenByRbac: the vault uses the Azure RBAC permission model and no role assignment for the caller (directly or through a group) grants the action{}{}. Owner or Contributor on the vault do not count: they are management-plane roles without Key Vault data actions.",
            assignment.as_deref().map(|a| format!("; Assignment: {a}")).unwrap_or_default(),
            reason.as_deref().map(|r| format!("; DecisionReason: {r}")).unwrap_or_default()
        ),
        "Assign the caller a Key Vault data role that grants the action, at the vault or at the object itself, then allow a few minutes for it to propagate.",
    );
    if let Some(scope) = resource.clone() {
        d.grants.push(Grant::Role {
            role: None,
            scope,
            why: Some("to the caller at the resource the error names"),
        });
    }
    d.permission = action.clone().map(|a| (a, Plane::Data));
    d.action = action;
    d.scope = resource;
    d
}

/// `Microsoft.KeyVault/vaults/secrets/getSecret/action` as "get secrets".
fn describe_action(action: &str) -> String {
    let parts: Vec<&str> = action.split('/').collect();
    match parts.as_slice() {
        [_, _, family, verb, ..] => format!("{verb} {family} ({action})"),
        _ => action.to_string(),
    }
}

fn access_policy(text: &str) -> Diagnosis {
    let missing = between(text, "does not have ", " permission on key vault");
    let (family, permission) = missing
        .as_deref()
        .and_then(|m| m.trim().split_once(' '))
        .map(|(f, p)| (f.trim().to_string(), p.trim().to_string()))
        .unzip();
    let vault = between(text, "on key vault '", "'")
        .map(|v| split_vault(&v))
        .or_else(|| vault_line(text));
    let family_singular = family
        .as_deref()
        .map(|f| f.trim_end_matches('s').to_string());
    let mut d = Diagnosis::new(Service::KeyVault, Cause::AccessPolicyMissing).says(
        &match (&family, &permission) {
            (Some(f), Some(p)) => format!("The vault's access policies do not give this caller {f} {p}"),
            _ => "The caller is on none of the vault's access policies".to_string(),
        },
        "The vault uses the access-policy permission model: only an access policy for the caller's object ID (or a group it is in) can grant data access, and none grants this permission. Azure roles on the vault do not apply to its data while it uses access policies.",
        "Add the permission to the vault's access policy for the caller's object ID (Access policies blade, or the command), or move the vault to the Azure RBAC permission model and assign a role.",
    );
    d.action = match (&family, &permission) {
        (Some(f), Some(p)) => Some(format!("{f} {p}")),
        _ => None,
    };
    d.permission = family_singular
        .as_deref()
        .zip(permission.as_deref())
        .and_then(|(f, p)| rbac_equivalent(f, p))
        .map(|a| (a, Plane::Data));
    d.scope = vault.as_ref().map(|(n, l)| vault_scope(n, l.as_deref()));
    let vault_name = vault.as_ref().map_or_else(
        || "<vault-name>".to_string(),
        |(n, _)| vault_name_or_placeholder(n),
    );
    d.grants.push(Grant::AccessPolicy {
        vault: vault_name.clone(),
        family: family_singular.unwrap_or_else(|| "secret".to_string()),
        permissions: vec![permission.unwrap_or_else(|| "<permissions>".to_string())],
    });
    d.grants.push(Grant::Role {
        role: None,
        scope: format!(
            "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/{vault_name}"
        ),
        why: Some("instead, once the vault uses the Azure RBAC permission model"),
    });
    d.target.vault_name = Some(vault_name);
    d
}

/// The RBAC data action that corresponds to an access-policy permission (Key Vault's RBAC
/// guide maps them; the operation names are the data actions in the built-in roles).
fn rbac_equivalent(family: &str, permission: &str) -> Option<String> {
    let p = permission.to_ascii_lowercase();
    let action = match (family, p.as_str()) {
        ("secret", "get") => "secrets/getSecret/action".to_string(),
        ("secret", "list") => "secrets/readMetadata/action".to_string(),
        ("secret", "set") => "secrets/setSecret/action".to_string(),
        ("secret", other) => format!("secrets/{other}"),
        ("key", "get" | "list") => "keys/read".to_string(),
        ("key", other) => format!("keys/{}/action", rbac_key_op(other)),
        ("certificate", "get" | "list") => "certificates/read".to_string(),
        _ => return None,
    };
    Some(format!("Microsoft.KeyVault/vaults/{action}"))
}

fn unknown(env: &Envelope) -> Diagnosis {
    Diagnosis::new(Service::KeyVault, Cause::Unknown).says(
        "Key Vault refused the call for a reason this message does not spell out",
        &format!(
            "Key Vault answered {}. Its messages usually name the cause (RBAC, access policy, firewall, audience); this one does not.",
            env.code.as_deref().unwrap_or("an error")
        ),
        "Check, in this order: the token's audience (https://vault.azure.net), the vault's permission model and the caller's role or access policy, and the vault's firewall.",
    )
}

/// `Vault: name;location=westeurope` → (name, location).
fn vault_line(text: &str) -> Option<(String, Option<String>)> {
    shapes::word_after(text, "Vault: ").map(|v| split_vault(&v))
}

fn split_vault(v: &str) -> (String, Option<String>) {
    match v.split_on(";location=") {
        Some((name, loc)) => (name.to_string(), Some(loc.to_string())),
        None => (v.to_string(), None),
    }
}

fn vault_scope(name: &str, location: Option<&str>) -> String {
    match location {
        Some(l) => format!("key vault {name} ({l})"),
        None => format!("key vault {name}"),
    }
}

fn vault_name_or_placeholder(name: &str) -> String {
    if is_redacted(name) {
        "<vault-name>".to_string()
    } else {
        name.to_string()
    }
}

/// The vault and object that were called, from a vault URL or an RBAC resource ID.
fn target(text: &str) -> CallTarget {
    let mut t = CallTarget::default();
    if let Some(url) = shapes::urls(text).into_iter().find(|u| {
        shapes::host_of(u).is_some_and(|h| h.contains(".vault.") || h.contains(".managedhsm."))
    }) {
        let host = shapes::host_of(&url).unwrap_or_default();
        t.vault_name = host.split('.').next().map(str::to_string);
        t.vault_url = Some(format!("https://{host}"));
        let path = shapes::path_segments(&url);
        if let [kind, name, ..] = path.as_slice() {
            t.object_type = Some(kind.clone());
            t.object_name = Some(name.clone());
        }
        t.url = Some(url);
    }
    if let Some(resource) = between(text, "Resource: '", "'") {
        let lower = resource.to_ascii_lowercase();
        let after = lower.split("/vaults/").nth(1).map(|_| {
            resource
                .get(lower.find_str("/vaults/").unwrap_or(0) + "/vaults/".len()..)
                .unwrap_or("")
        });
        if let Some(after) = after {
            let parts: Vec<&str> = after.split('/').collect();
            if t.vault_name.is_none() {
                t.vault_name = parts.first().map(|s| s.to_string());
            }
            if let [_, kind, name, ..] = parts.as_slice() {
                t.object_type.get_or_insert((*kind).to_string());
                t.object_name.get_or_insert((*name).to_string());
            }
        }
        t.arm_id = Some(resource);
    }
    t
}

fn merge_target(into: &mut CallTarget, from: CallTarget) {
    macro_rules! take {
        ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = from.$f; } )* };
    }
    take!(
        url,
        method,
        vault_url,
        vault_name,
        object_type,
        object_name,
        arm_id
    );
}

/// Key Vault's error codes are its status names.
pub fn documented_status(code: &str) -> Option<u16> {
    match code {
        "Forbidden" | "ForbiddenByRbac" => Some(403),
        "Unauthorized" => Some(401),
        _ => None,
    }
}
