//! The built-in roles that grant what resources deny: Azure RBAC roles (name, role definition
//! GUID, the actions and data actions they allow) and Azure Cosmos DB's own data-plane roles,
//! and which of them grants a given action, least privileged first.
//!
//! Sources (role names, GUIDs and permissions copied from the role definitions' JSON):
//! MicrosoftDocs/azure-docs `articles/role-based-access-control/built-in-roles/security.md`
//! @03e5750af10b23b5ba437d5b333ec5e9437844f9 (Key Vault), `.../built-in-roles/storage.md`
//! @1b4e136a1da731e1ed16444eb6ce5701bcd8c0f4 (Storage), `.../built-in-roles/integration.md`
//! (Service Bus, App Configuration), `.../built-in-roles/analytics.md` (Event Hubs, Log Analytics
//! Reader), `.../built-in-roles/containers.md` (AcrPull, AcrPush), `.../built-in-roles/identity.md`
//! (Managed Identity Operator), and the summary table of
//! `articles/role-based-access-control/built-in-roles.md` @ac4ed7a02f59223e75be4874bfedef9a5bba0a3a
//! (Owner, Contributor, Reader, User Access Administrator, Cosmos DB Operator, DocumentDB Account
//! Contributor: their GUIDs; the two Cosmos DB control-plane roles are named by the fixes, so their
//! permissions are not listed here and they never match an action).
//! Cosmos DB's data-plane roles: "Azure Cosmos DB for NoSQL data plane built-in role reference"
//! (learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles).

use serde::Serialize;

/// Where a role is defined, which decides how it is assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleSystem {
    /// An Azure RBAC role: `az role assignment create`.
    AzureRbac,
    /// An Azure Cosmos DB for NoSQL data-plane role: `az cosmosdb sql role assignment create`.
    CosmosDbDataPlane,
}

/// Whether an action is a control-plane (`actions`) or data-plane (`dataActions`) permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plane {
    Control,
    Data,
}

/// A built-in role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltInRole {
    pub name: &'static str,
    /// The role definition's GUID.
    pub id: &'static str,
    pub system: RoleSystem,
    pub actions: &'static [&'static str],
    pub not_actions: &'static [&'static str],
    pub data_actions: &'static [&'static str],
}

const fn rbac(
    name: &'static str,
    id: &'static str,
    actions: &'static [&'static str],
    not_actions: &'static [&'static str],
    data_actions: &'static [&'static str],
) -> BuiltInRole {
    BuiltInRole {
        name,
        id,
        system: RoleSystem::AzureRbac,
        actions,
        not_actions,
        data_actions,
    }
}

const KV_READ_ACTIONS: &[&str] = &[
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
    "Microsoft.KeyVault/checkNameAvailability/read",
    "Microsoft.KeyVault/deletedVaults/read",
    "Microsoft.KeyVault/locations/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/operations/read",
];

/// Every role the catalogue knows, in order of preference: the least privileged first, so the
/// first role that grants an action is the one to assign.
pub const ROLES: &[BuiltInRole] = &[
    // Key Vault data plane (vaults using the Azure RBAC permission model).
    rbac(
        "Key Vault Reader",
        "21090545-7ca7-4776-b22c-e363652d74d2",
        KV_READ_ACTIONS,
        &[],
        &[
            "Microsoft.KeyVault/vaults/*/read",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    ),
    rbac(
        "Key Vault Secrets User",
        "4633458b-17de-408a-b874-0445c86b69e6",
        &[],
        &[],
        &[
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    ),
    rbac(
        "Key Vault Crypto Service Encryption User",
        "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        &[
            "Microsoft.EventGrid/eventSubscriptions/write",
            "Microsoft.EventGrid/eventSubscriptions/read",
            "Microsoft.EventGrid/eventSubscriptions/delete",
        ],
        &[],
        &[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
        ],
    ),
    rbac(
        "Key Vault Crypto Service Release User",
        "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
        &[],
        &[],
        &["Microsoft.KeyVault/vaults/keys/release/action"],
    ),
    rbac(
        "Key Vault Crypto User",
        "12338af0-0e69-4776-bea7-57ae8d297424",
        &[],
        &[],
        &[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/update/action",
            "Microsoft.KeyVault/vaults/keys/backup/action",
            "Microsoft.KeyVault/vaults/keys/encrypt/action",
            "Microsoft.KeyVault/vaults/keys/decrypt/action",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
            "Microsoft.KeyVault/vaults/keys/sign/action",
            "Microsoft.KeyVault/vaults/keys/verify/action",
        ],
    ),
    rbac(
        "Key Vault Certificate User",
        "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
        &[],
        &[],
        &[
            "Microsoft.KeyVault/vaults/certificates/read",
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            "Microsoft.KeyVault/vaults/keys/read",
        ],
    ),
    rbac(
        "Key Vault Secrets Officer",
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        KV_READ_ACTIONS,
        &[],
        &["Microsoft.KeyVault/vaults/secrets/*"],
    ),
    rbac(
        "Key Vault Crypto Officer",
        "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
        KV_READ_ACTIONS,
        &[],
        &[
            "Microsoft.KeyVault/vaults/keys/*",
            "Microsoft.KeyVault/vaults/keyrotationpolicies/*",
        ],
    ),
    rbac(
        "Key Vault Certificates Officer",
        "a4417e6f-fecd-4de8-b567-7b0420556985",
        KV_READ_ACTIONS,
        &[],
        &[
            "Microsoft.KeyVault/vaults/certificatecas/*",
            "Microsoft.KeyVault/vaults/certificates/*",
            "Microsoft.KeyVault/vaults/certificatecontacts/write",
        ],
    ),
    rbac(
        "Key Vault Administrator",
        "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        KV_READ_ACTIONS,
        &[],
        &["Microsoft.KeyVault/vaults/*"],
    ),
    // Storage data plane.
    rbac(
        "Storage Blob Data Reader",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
        &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        &[],
        &["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
    ),
    rbac(
        "Storage Blob Data Contributor",
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/write",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        &[],
        &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        ],
    ),
    rbac(
        "Storage Blob Data Owner",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/*",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        &[],
        &["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"],
    ),
    rbac(
        "Storage Queue Data Message Sender",
        "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
        &[],
        &[],
        &["Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action"],
    ),
    rbac(
        "Storage Queue Data Reader",
        "19e7f393-937e-4f77-808e-94535e297925",
        &["Microsoft.Storage/storageAccounts/queueServices/queues/read"],
        &[],
        &["Microsoft.Storage/storageAccounts/queueServices/queues/messages/read"],
    ),
    rbac(
        "Storage Queue Data Message Processor",
        "8a0f0c08-91a1-4084-bc3d-661d67233fed",
        &[],
        &[],
        &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
        ],
    ),
    rbac(
        "Storage Queue Data Contributor",
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/delete",
            "Microsoft.Storage/storageAccounts/queueServices/queues/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/write",
        ],
        &[],
        &[
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/write",
            "Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action",
        ],
    ),
    rbac(
        "Storage Table Data Reader",
        "76199698-9eea-4c19-bc75-cec21354c6b6",
        &["Microsoft.Storage/storageAccounts/tableServices/tables/read"],
        &[],
        &["Microsoft.Storage/storageAccounts/tableServices/tables/entities/read"],
    ),
    rbac(
        "Storage Table Data Contributor",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        &[
            "Microsoft.Storage/storageAccounts/tableServices/tables/read",
            "Microsoft.Storage/storageAccounts/tableServices/tables/write",
            "Microsoft.Storage/storageAccounts/tableServices/tables/delete",
        ],
        &[],
        &[
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/write",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action",
            "Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action",
        ],
    ),
    // Messaging data plane.
    rbac(
        "Azure Service Bus Data Receiver",
        "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
        &[
            "Microsoft.ServiceBus/*/queues/read",
            "Microsoft.ServiceBus/*/topics/read",
            "Microsoft.ServiceBus/*/topics/subscriptions/read",
        ],
        &[],
        &["Microsoft.ServiceBus/*/receive/action"],
    ),
    rbac(
        "Azure Service Bus Data Sender",
        "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
        &[
            "Microsoft.ServiceBus/*/queues/read",
            "Microsoft.ServiceBus/*/topics/read",
            "Microsoft.ServiceBus/*/topics/subscriptions/read",
        ],
        &[],
        &["Microsoft.ServiceBus/*/send/action"],
    ),
    rbac(
        "Azure Service Bus Data Owner",
        "090c5cfd-751d-490a-894a-3ce6f1109419",
        &["Microsoft.ServiceBus/*"],
        &[],
        &["Microsoft.ServiceBus/*"],
    ),
    rbac(
        "Azure Event Hubs Data Receiver",
        "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
        &["Microsoft.EventHub/*/eventhubs/consumergroups/read"],
        &[],
        &["Microsoft.EventHub/*/receive/action"],
    ),
    rbac(
        "Azure Event Hubs Data Sender",
        "2b629674-e913-4c01-ae53-ef4638d8f975",
        &["Microsoft.EventHub/*/eventhubs/read"],
        &[],
        &["Microsoft.EventHub/*/send/action"],
    ),
    rbac(
        "Azure Event Hubs Data Owner",
        "f526a384-b230-433a-b45c-95f59c4a2dec",
        &["Microsoft.EventHub/*"],
        &[],
        &["Microsoft.EventHub/*"],
    ),
    // App Configuration data plane.
    rbac(
        "App Configuration Data Reader",
        "516239f1-63e1-4d78-a4de-a74fb236a071",
        &[],
        &[],
        &["Microsoft.AppConfiguration/configurationStores/*/read"],
    ),
    rbac(
        "App Configuration Data Owner",
        "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b",
        &[],
        &[],
        &[
            "Microsoft.AppConfiguration/configurationStores/*/read",
            "Microsoft.AppConfiguration/configurationStores/*/write",
            "Microsoft.AppConfiguration/configurationStores/*/delete",
            "Microsoft.AppConfiguration/configurationStores/*/action",
        ],
    ),
    // Container Registry (its pull and push permissions are actions, not data actions).
    rbac(
        "AcrPull",
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
        &["Microsoft.ContainerRegistry/registries/pull/read"],
        &[],
        &[],
    ),
    rbac(
        "AcrPush",
        "8311e382-0749-4cb8-b61a-304f252e45ec",
        &[
            "Microsoft.ContainerRegistry/registries/pull/read",
            "Microsoft.ContainerRegistry/registries/push/write",
        ],
        &[],
        &[],
    ),
    // Cosmos DB's own data-plane roles (assigned with `az cosmosdb sql role assignment create`).
    BuiltInRole {
        name: "Cosmos DB Built-in Data Reader",
        id: "00000000-0000-0000-0000-000000000001",
        system: RoleSystem::CosmosDbDataPlane,
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.DocumentDB/databaseAccounts/readMetadata",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed",
        ],
    },
    BuiltInRole {
        name: "Cosmos DB Built-in Data Contributor",
        id: "00000000-0000-0000-0000-000000000002",
        system: RoleSystem::CosmosDbDataPlane,
        actions: &[],
        not_actions: &[],
        data_actions: &[
            "Microsoft.DocumentDB/databaseAccounts/readMetadata",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*",
        ],
    },
    // Control plane, narrow first.
    rbac(
        "Reader",
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        &["*/read"],
        &[],
        &[],
    ),
    rbac(
        "Log Analytics Reader",
        "73c42c96-874c-492b-b04d-ab87d138a893",
        &[
            "*/read",
            "Microsoft.OperationalInsights/workspaces/analytics/query/action",
            "Microsoft.OperationalInsights/workspaces/search/action",
            "Microsoft.Support/*",
        ],
        &["Microsoft.OperationalInsights/workspaces/sharedKeys/read"],
        &[],
    ),
    rbac(
        "Managed Identity Operator",
        "f1a07417-d97a-45cb-824c-7a7467783830",
        &[
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
        ],
        &[],
        &[],
    ),
    rbac(
        "Cosmos DB Operator",
        "230815da-be43-4aae-9cb4-875f7bd000aa",
        &[],
        &[],
        &[],
    ),
    rbac(
        "DocumentDB Account Contributor",
        "5bd9cd88-fe45-4216-938b-f97437e15450",
        &[],
        &[],
        &[],
    ),
    rbac(
        "Contributor",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        &["*"],
        &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
        ],
        &[],
    ),
    rbac(
        "User Access Administrator",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        &[],
        &[],
    ),
    rbac(
        "Owner",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        &["*"],
        &[],
        &[],
    ),
];

impl BuiltInRole {
    /// True when this role allows `action` on that plane (and does not exclude it).
    pub fn grants(&self, action: &str, plane: Plane) -> bool {
        let (allowed, excluded): (&[&str], &[&str]) = match plane {
            Plane::Control => (self.actions, self.not_actions),
            Plane::Data => (self.data_actions, &[]),
        };
        allowed.iter().any(|p| pattern_matches(p, action))
            && !excluded.iter().any(|p| pattern_matches(p, action))
    }
}

/// Every role that grants `action`, least privileged first.
pub fn granting(action: &str, plane: Plane) -> Vec<&'static BuiltInRole> {
    ROLES.iter().filter(|r| r.grants(action, plane)).collect()
}

/// A role by its exact name (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static BuiltInRole> {
    ROLES.iter().find(|r| r.name.eq_ignore_ascii_case(name))
}

/// Azure RBAC's wildcard matching: case-insensitive, `*` matches any run of characters, and a
/// `/*/` segment also matches a single `/` (so `.../userAssignedIdentities/*/assign/action`
/// covers `.../userAssignedIdentities/assign/action`, as Managed Identity Operator does).
pub fn pattern_matches(pattern: &str, action: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let a: Vec<char> = action.to_ascii_lowercase().chars().collect();
    glob(&p, &a) || {
        let collapsed = pattern.to_ascii_lowercase().replace("/*/", "/");
        collapsed != pattern.to_ascii_lowercase() && {
            let c: Vec<char> = collapsed.chars().collect();
            glob(&c, &a)
        }
    }
}

/// Iterative wildcard match (`*` only), linear in practice and free of recursion.
fn glob(p: &[char], a: &[char]) -> bool {
    let (mut pi, mut ai) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ai < a.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ai));
                pi += 1;
            }
            Some(c) if Some(c) == a.get(ai) => {
                pi += 1;
                ai += 1;
            }
            _ => match star {
                Some((sp, sa)) => {
                    pi = sp + 1;
                    ai = sa + 1;
                    star = Some((sp, sa + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(action: &str, plane: Plane) -> Vec<&'static str> {
        granting(action, plane).iter().map(|r| r.name).collect()
    }

    #[test]
    fn the_least_privileged_role_comes_first() {
        // Key Vault RBAC guide: reading a secret's value needs Key Vault Secrets User.
        assert_eq!(
            names(
                "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                Plane::Data
            ),
            [
                "Key Vault Secrets User",
                "Key Vault Certificate User",
                "Key Vault Secrets Officer",
                "Key Vault Administrator"
            ]
        );
        // keys/read: Key Vault Reader's `vaults/*/read` covers it.
        assert_eq!(
            names("Microsoft.KeyVault/vaults/keys/read", Plane::Data).first(),
            Some(&"Key Vault Reader")
        );
        assert_eq!(
            names("Microsoft.KeyVault/vaults/keys/decrypt/action", Plane::Data).first(),
            Some(&"Key Vault Crypto User")
        );
        assert_eq!(
            names(
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                Plane::Data
            ),
            ["Storage Blob Data Contributor", "Storage Blob Data Owner"]
        );
        assert_eq!(
            names(
                "Microsoft.ServiceBus/namespaces/messages/receive/action",
                Plane::Data
            ),
            [
                "Azure Service Bus Data Receiver",
                "Azure Service Bus Data Owner"
            ]
        );
        assert_eq!(
            names(
                "Microsoft.OperationalInsights/workspaces/dataSources/read",
                Plane::Control
            )[..2],
            ["Reader", "Log Analytics Reader"]
        );
        assert_eq!(
            names(
                "Microsoft.ContainerRegistry/registries/pull/read",
                Plane::Control
            )
            .first(),
            Some(&"AcrPull")
        );
    }

    #[test]
    fn exclusions_and_planes_are_respected() {
        // Contributor may not write role assignments; User Access Administrator and Owner may.
        assert_eq!(
            names(
                "Microsoft.Authorization/roleAssignments/write",
                Plane::Control
            ),
            ["User Access Administrator", "Owner"]
        );
        // Owner grants every action but no data action.
        assert!(names(
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            Plane::Data
        )
        .iter()
        .all(|n| *n != "Owner"));
        assert_eq!(
            names(
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
                Plane::Control
            )
            .first(),
            Some(&"Managed Identity Operator")
        );
    }

    #[test]
    fn every_id_is_a_guid_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in ROLES {
            assert!(crate::azure::is_guid(r.id), "{}", r.name);
            assert!(seen.insert(r.id), "{}", r.name);
        }
    }

    #[test]
    fn wildcards() {
        assert!(pattern_matches("*/read", "Microsoft.Web/sites/read"));
        assert!(!pattern_matches("*/read", "Microsoft.Web/sites/write"));
        assert!(pattern_matches(
            "Microsoft.KeyVault/vaults/*",
            "microsoft.keyvault/VAULTS/keys/sign/action"
        ));
        assert!(!pattern_matches("a*b", "ac"));
        assert!(pattern_matches("**", ""));
    }
}
