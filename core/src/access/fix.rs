//! The fix as commands: `az role assignment create` and `New-AzRoleAssignment` with the caller's
//! object ID and the scope from the error, `az keyvault set-policy` for access-policy vaults, and
//! the service-specific ones (a vault network rule, a key's permitted operations, Cosmos DB's
//! data-plane roles, SQL's database users, Microsoft Graph app roles). Values are quoted for
//! their shell; what the error redacts becomes a placeholder named for what belongs there. Also
//! the retry advice (from the status and the cause) and the propagation and caching notes that
//! apply.

use serde::Serialize;

use super::{Cause, Diagnosis, Service};
use crate::azure::roles::{BuiltInRole, RoleSystem};
use crate::response::errors::Retry;

/// Where a command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shell {
    /// bash (Azure CLI).
    Bash,
    /// PowerShell (Az or Microsoft Graph modules).
    Powershell,
    /// T-SQL, run in the database.
    Sql,
}

/// One command of the fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixCommand {
    pub shell: Shell,
    /// What the command does, in a few words.
    pub title: String,
    /// The command, ready to copy.
    pub command: String,
}

/// A grant or change a reader asks for; `commands` writes it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// An Azure RBAC assignment at `scope`: of `role`, or of the least privileged granting role.
    Role {
        role: Option<&'static BuiltInRole>,
        scope: String,
        why: Option<&'static str>,
    },
    /// A Key Vault access policy: `family` is `secret`, `key`, `certificate` or `storage`.
    AccessPolicy {
        vault: String,
        family: String,
        permissions: Vec<String>,
    },
    /// Allow an address through a vault's firewall.
    VaultNetworkRule { vault: String, ip: String },
    /// Look at and change a key's permitted operations.
    KeyOperations {
        vault: String,
        key: String,
        operation: String,
    },
    /// A Cosmos DB data-plane role at the account (`scope` `/`).
    CosmosDataRole { account: String },
    /// Create the container through the control plane instead of the data-plane SDK.
    CosmosContainer { account: String, database: String },
    /// Give an AKS cluster's kubelet identity AcrPull on the registry.
    AksAttachAcr { registry: String },
    /// A contained database user for the identity, with read access.
    SqlUser,
    /// A Microsoft Graph application permission (app role) for the identity.
    GraphAppRole,
}

/// Placeholders for what errors redact or do not say.
pub const PRINCIPAL: &str = "<principal-object-id>";
pub const SUBSCRIPTION: &str = "<subscription-id>";
pub const RESOURCE_GROUP: &str = "<resource-group>";

/// Writes every grant out as commands, bash first, then PowerShell.
pub(crate) fn commands(d: &Diagnosis, roles: &[&'static BuiltInRole]) -> Vec<FixCommand> {
    let principal = d
        .caller
        .as_ref()
        .and_then(|c| c.object_id())
        .unwrap_or(PRINCIPAL)
        .to_string();
    let principal_type = d
        .caller
        .as_ref()
        .map_or("ServicePrincipal", |c| c.principal_type());
    let mut out = Vec::new();
    for grant in &d.grants {
        match grant {
            Grant::Role { role, scope, why } => {
                let role = role.or_else(|| {
                    roles
                        .iter()
                        .copied()
                        .find(|r| r.system == RoleSystem::AzureRbac)
                });
                if let Some(role) = role {
                    out.extend(role_assignment(
                        role,
                        scope,
                        &principal,
                        principal_type,
                        *why,
                    ));
                }
            }
            Grant::AccessPolicy {
                vault,
                family,
                permissions,
            } => out.extend(access_policy(vault, family, permissions, &principal)),
            Grant::VaultNetworkRule { vault, ip } => out.extend(network_rule(vault, ip)),
            Grant::KeyOperations {
                vault,
                key,
                operation,
            } => out.extend(key_operations(vault, key, operation)),
            Grant::CosmosDataRole { account } => {
                if let Some(role) = roles
                    .iter()
                    .find(|r| r.system == RoleSystem::CosmosDbDataPlane)
                {
                    out.extend(cosmos_data_role(account, role, &principal));
                }
            }
            Grant::CosmosContainer { account, database } => {
                out.push(cosmos_container(account, database))
            }
            Grant::AksAttachAcr { registry } => out.push(aks_attach(registry)),
            Grant::SqlUser => out.push(sql_user()),
            Grant::GraphAppRole => out.push(graph_app_role(&principal)),
        }
    }
    out
}

fn role_assignment(
    role: &BuiltInRole,
    scope: &str,
    principal: &str,
    principal_type: &str,
    why: Option<&str>,
) -> [FixCommand; 2] {
    let title = match why {
        Some(why) => format!("Assign {} {why}", role.name),
        None => format!("Assign {}", role.name),
    };
    [
        FixCommand {
            shell: Shell::Bash,
            title: title.clone(),
            command: format!(
                "az role assignment create --assignee-object-id {} --assignee-principal-type {principal_type} --role {} --scope {}",
                bash(principal),
                bash(role.name),
                bash(scope)
            ),
        },
        FixCommand {
            shell: Shell::Powershell,
            title,
            command: format!(
                "New-AzRoleAssignment -ObjectId {} -RoleDefinitionName {} -Scope {}",
                pwsh(principal),
                pwsh(role.name),
                pwsh(scope)
            ),
        },
    ]
}

fn access_policy(
    vault: &str,
    family: &str,
    permissions: &[String],
    principal: &str,
) -> [FixCommand; 2] {
    let title = format!(
        "Add {} {} to the vault's access policy for this principal",
        family,
        permissions.join(", ")
    );
    let ps_family = match family {
        "key" => "Keys",
        "certificate" => "Certificates",
        "storage" => "Storage",
        _ => "Secrets",
    };
    let bash_perms: Vec<String> = permissions.iter().map(|p| bash(p)).collect();
    let ps_perms: Vec<String> = permissions.iter().map(|p| pwsh(p)).collect();
    [
        FixCommand {
            shell: Shell::Bash,
            title: title.clone(),
            command: format!(
                "az keyvault set-policy --name {} --object-id {} --{family}-permissions {}",
                bash(vault),
                bash(principal),
                bash_perms.join(" ")
            ),
        },
        FixCommand {
            shell: Shell::Powershell,
            title,
            command: format!(
                "Set-AzKeyVaultAccessPolicy -VaultName {} -ObjectId {} -PermissionsTo{ps_family} {}",
                pwsh(vault),
                pwsh(principal),
                ps_perms.join(",")
            ),
        },
    ]
}

fn network_rule(vault: &str, ip: &str) -> [FixCommand; 2] {
    let title = format!("Allow {ip} through the vault's firewall");
    [
        FixCommand {
            shell: Shell::Bash,
            title: title.clone(),
            command: format!(
                "az keyvault network-rule add --name {} --ip-address {}",
                bash(vault),
                bash(ip)
            ),
        },
        FixCommand {
            shell: Shell::Powershell,
            title,
            command: format!(
                "Add-AzKeyVaultNetworkRule -VaultName {} -IpAddressRange {}",
                pwsh(vault),
                pwsh(ip)
            ),
        },
    ]
}

fn key_operations(vault: &str, key: &str, operation: &str) -> [FixCommand; 2] {
    [
        FixCommand {
            shell: Shell::Bash,
            title: "Show the operations the key permits".to_string(),
            command: format!(
                "az keyvault key show --vault-name {} --name {} --query key.keyOps",
                bash(vault),
                bash(key)
            ),
        },
        FixCommand {
            shell: Shell::Bash,
            title: format!("Permit {operation} on the key (list every operation it should keep)"),
            command: format!(
                "az keyvault key set-attributes --vault-name {} --name {} --ops {} '<other-operations-to-keep>'",
                bash(vault),
                bash(key),
                bash(operation)
            ),
        },
    ]
}

fn cosmos_data_role(account: &str, role: &BuiltInRole, principal: &str) -> [FixCommand; 2] {
    let title = format!("Assign Cosmos DB's {} (a data-plane role)", role.name);
    [
        FixCommand {
            shell: Shell::Bash,
            title: title.clone(),
            command: format!(
                "az cosmosdb sql role assignment create --account-name {} --resource-group {} --role-definition-id {} --principal-id {} --scope /",
                bash(account),
                bash(RESOURCE_GROUP),
                role.id,
                bash(principal)
            ),
        },
        FixCommand {
            shell: Shell::Powershell,
            title,
            command: format!(
                "New-AzCosmosDBSqlRoleAssignment -AccountName {} -ResourceGroupName {} -RoleDefinitionId {} -PrincipalId {} -Scope '/'",
                pwsh(account),
                pwsh(RESOURCE_GROUP),
                pwsh(role.id),
                pwsh(principal)
            ),
        },
    ]
}

fn cosmos_container(account: &str, database: &str) -> FixCommand {
    FixCommand {
        shell: Shell::Bash,
        title: "Create the container through Resource Manager".to_string(),
        command: format!(
            "az cosmosdb sql container create --account-name {} --resource-group {} --database-name {} --name '<container-name>' --partition-key-path '<partition-key-path>'",
            bash(account),
            bash(RESOURCE_GROUP),
            bash(database)
        ),
    }
}

fn aks_attach(registry: &str) -> FixCommand {
    FixCommand {
        shell: Shell::Bash,
        title: "Or let AKS grant its kubelet identity AcrPull on the registry".to_string(),
        command: format!(
            "az aks update --name '<cluster-name>' --resource-group {} --attach-acr {}",
            bash(RESOURCE_GROUP),
            bash(registry)
        ),
    }
}

fn sql_user() -> FixCommand {
    FixCommand {
        shell: Shell::Sql,
        title: "In the database, as its Microsoft Entra admin: a user for the identity, with read access".to_string(),
        command: "CREATE USER [<identity-name>] FROM EXTERNAL PROVIDER;\nALTER ROLE db_datareader ADD MEMBER [<identity-name>];".to_string(),
    }
}

fn graph_app_role(principal: &str) -> FixCommand {
    FixCommand {
        shell: Shell::Powershell,
        title: "For a managed identity or app (app-only token): grant the Microsoft Graph application permission".to_string(),
        command: format!(
            "$graph = Get-MgServicePrincipal -Filter \"appId eq '00000003-0000-0000-c000-000000000000'\"\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId {p} -PrincipalId {p} -ResourceId $graph.Id -AppRoleId '<app-role-id-of-the-permission>'",
            p = pwsh(principal)
        ),
    }
}

/// Quotes a value for bash: as is when every character is safe, else in single quotes.
pub fn bash(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// Quotes a value for PowerShell: in single quotes (doubled inside) unless plainly safe.
pub fn pwsh(value: &str) -> String {
    let safe = !value.is_empty()
        && !value.starts_with('-')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

/// Whether and how to retry, from the status and the cause.
pub fn retry(status: Option<u16>, cause: Cause) -> Retry {
    let status_text = status.map_or_else(
        || "No HTTP status: this came over AMQP or a client library's own message".to_string(),
        |s| format!("HTTP {s}"),
    );
    let (retryable, why) = match cause {
        Cause::TokenExpired => (true, "retrying with the same token fails; a new token succeeds (SDK credentials get one themselves; code that caches a token must refresh it before `exp`)."),
        Cause::ClaimsChallenge => (true, "retry once with a new token requested with the challenge's claims; the same token is refused again."),
        Cause::RbacMissing | Cause::AccessPolicyMissing | Cause::PermissionMissing => (false, "the call keeps failing until the grant exists; once it is made, retry after it has propagated (see the notes)."),
        Cause::NetworkDenied => (false, "the address stays blocked until the network rules change."),
        Cause::WrongAudience | Cause::WrongIssuer | Cause::InvalidToken => (false, "the same token is refused every time: request a token for the right resource and tenant."),
        Cause::ApiVersion | Cause::ManagementPlane | Cause::KeyOperationNotPermitted => (false, "the request itself must change."),
        Cause::Unknown => match status {
            Some(401) => (true, "a 401 can follow a token that expired or was revoked: retry once with a new token; if it fails again, the cause is configuration."),
            Some(s) if crate::response::errors::is_transient(s) => (true, "the status is a temporary one: retry with backoff."),
            _ => (false, "a refusal like this one does not pass by itself."),
        },
    };
    Retry {
        retryable,
        advice: format!("{status_text}: {why}"),
    }
}

/// Propagation and caching facts, where they apply.
pub(crate) fn notes(d: &Diagnosis, roles: &[&'static BuiltInRole]) -> Vec<String> {
    let mut notes = d.notes.clone();
    if let Some(c) = &d.caller {
        notes.extend(caller_notes(c));
    }
    match d.cause {
        Cause::RbacMissing => {
            // learn.microsoft.com/azure/role-based-access-control/troubleshooting ("up to 10
            // minutes"); Storage: "Azure role assignments may take up to 30 minutes to
            // propagate" (storage/blobs/authorize-access-azure-active-directory).
            notes.push(match d.service {
                Service::Storage => "A new role assignment can take up to 30 minutes to apply to Storage's data plane; retry after that before suspecting the role.".to_string(),
                _ => "A new role assignment takes a few minutes to propagate (Resource Manager caches for up to 10 minutes); retry after that before suspecting the role.".to_string(),
            });
            notes.push(group_note());
        }
        Cause::AccessPolicyMissing => {
            notes.push("Key Vault checks access policies on each request, so a policy for the identity's own object ID needs no new token; `az keyvault set-policy` replaces the principal's permissions for that family, so list every permission it should keep.".to_string());
            notes.push(group_note());
        }
        Cause::PermissionMissing if d.service == Service::Graph => notes.push("Microsoft Graph application permissions are claims in the token (`roles`): a grant reaches the app only with a new token, and managed-identity tokens are cached for about 24 hours per resource (MicrosoftDocs/entra-docs managed-identity-best-practice-recommendations.md).".to_string()),
        _ => {}
    }
    if roles
        .iter()
        .any(|r| r.name.starts_with("Key Vault") && r.system == RoleSystem::AzureRbac)
        && d.cause == Cause::AccessPolicyMissing
    {
        notes.push("The roles listed apply once the vault uses the Azure RBAC permission model; until then only access policies count.".to_string());
    }
    notes
}

/// What the caller block says about who called.
fn caller_notes(c: &super::Caller) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(tool) = c.tool {
        out.push(format!(
            "The caller's client ID is {tool}'s: a person signed in to it made this call, not an application, so the role goes to that user (the commands say `User`); the app's own identity needs its own assignment when it runs in Azure."
        ));
    }
    if c.name.as_deref() == Some("KeyVault/ManagementPlane") {
        out.push("Resource Manager made this call on the caller's behalf (a deployment or the portal reading the vault's data), so the caller still needs the data role.".to_string());
    }
    if let Some(mi) = &c.managed_identity {
        out.push(format!("The caller is the managed identity of {mi}."));
    }
    out
}

/// Groups (and app roles) are claims in the token, and managed-identity tokens are cached for
/// about 24 hours per resource: MicrosoftDocs/entra-docs
/// `docs/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations.md`
/// ("Limitation of using managed identities for authorization").
fn group_note() -> String {
    "A grant made to a group the identity belongs to only counts with a new token: groups are claims in the token, and a managed identity's token endpoint caches each token for about 24 hours per resource, so the app may keep sending the old one that long.".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_for_their_shell() {
        assert_eq!(
            bash("/subscriptions/x/resourceGroups/rg"),
            "/subscriptions/x/resourceGroups/rg"
        );
        assert_eq!(bash("Key Vault Reader"), "'Key Vault Reader'");
        assert_eq!(bash("<principal-object-id>"), "'<principal-object-id>'");
        assert_eq!(bash("it's"), "'it'\\''s'");
        assert_eq!(bash("sb://ns/$default"), "'sb://ns/$default'");
        assert_eq!(pwsh("a'b"), "'a''b'");
        assert_eq!(pwsh("$default"), "'$default'");
        assert_eq!(pwsh("-x"), "'-x'");
    }

    #[test]
    fn retry_advice_names_the_status() {
        let r = retry(Some(403), Cause::RbacMissing);
        assert!(!r.retryable && r.advice.starts_with("HTTP 403"));
        assert!(retry(None, Cause::RbacMissing)
            .advice
            .starts_with("No HTTP status: this came over AMQP"));
        assert!(retry(Some(401), Cause::TokenExpired).retryable);
    }
}
