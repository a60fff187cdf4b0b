//! Azure Resource Manager resource IDs, as found in `xms_mirid`, `xms_az_rid` and `mi_res_id`:
//! `/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}…]`.
//! Keys are matched case-insensitively (tokens write `resourcegroups`); values keep their case.

use serde::Serialize;

/// A parsed resource ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArmId {
    pub subscription: String,
    pub resource_group: Option<String>,
    /// Resource provider namespace, e.g. `Microsoft.ManagedIdentity`.
    pub provider: Option<String>,
    /// Resource type, child types joined with `/`, e.g. `virtualMachineScaleSets`.
    pub resource_type: Option<String>,
    /// Resource name (the last name for child resources).
    pub name: Option<String>,
}

impl ArmId {
    /// A user-assigned identity is a `Microsoft.ManagedIdentity/userAssignedIdentities` resource.
    pub fn is_user_assigned_identity(&self) -> bool {
        self.provider
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("Microsoft.ManagedIdentity"))
            && self
                .resource_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("userAssignedIdentities"))
    }

    /// `Microsoft.Compute/virtualMachines`, when both parts are known.
    pub fn full_type(&self) -> Option<String> {
        Some(format!(
            "{}/{}",
            self.provider.as_deref()?,
            self.resource_type.as_deref()?
        ))
    }

    /// A plain name for what kind of resource this is.
    pub fn kind_label(&self) -> String {
        let Some(full) = self.full_type() else {
            return if self.resource_group.is_some() {
                "resource group"
            } else {
                "subscription"
            }
            .to_string();
        };
        let known = [
            ("microsoft.compute/virtualmachines", "virtual machine"),
            (
                "microsoft.compute/virtualmachinescalesets",
                "virtual machine scale set",
            ),
            (
                "microsoft.compute/virtualmachinescalesets/virtualmachines",
                "scale set instance",
            ),
            ("microsoft.web/sites", "App Service or Functions app"),
            ("microsoft.web/sites/slots", "App Service deployment slot"),
            ("microsoft.app/containerapps", "container app"),
            ("microsoft.app/jobs", "Container Apps job"),
            (
                "microsoft.containerinstance/containergroups",
                "container instance group",
            ),
            ("microsoft.containerservice/managedclusters", "AKS cluster"),
            (
                "microsoft.managedidentity/userassignedidentities",
                "user-assigned managed identity",
            ),
            (
                "microsoft.hybridcompute/machines",
                "Azure Arc-enabled server",
            ),
            ("microsoft.servicefabric/clusters", "Service Fabric cluster"),
            (
                "microsoft.servicefabric/managedclusters",
                "Service Fabric managed cluster",
            ),
            (
                "microsoft.machinelearningservices/workspaces",
                "Azure Machine Learning workspace",
            ),
            (
                "microsoft.machinelearningservices/workspaces/computes",
                "Azure Machine Learning compute",
            ),
            (
                "microsoft.automation/automationaccounts",
                "Automation account",
            ),
            ("microsoft.logic/workflows", "Logic App"),
            ("microsoft.datafactory/factories", "Data Factory"),
            ("microsoft.synapse/workspaces", "Synapse workspace"),
            ("microsoft.apimanagement/service", "API Management instance"),
            ("microsoft.batch/batchaccounts", "Batch account"),
            ("microsoft.sql/servers", "SQL server"),
            ("microsoft.storage/storageaccounts", "storage account"),
        ];
        let lower = full.to_ascii_lowercase();
        known.iter().find(|(t, _)| *t == lower).map_or_else(
            || format!("{full} resource"),
            |(_, label)| (*label).to_string(),
        )
    }
}

/// Why a string is not a resource ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArmIdError {
    NotAbsolute,
    NoSubscription,
    SubscriptionNotGuid(String),
    Incomplete(&'static str),
}

impl std::fmt::Display for ArmIdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArmIdError::NotAbsolute => f.write_str("a resource ID starts with /subscriptions/"),
            ArmIdError::NoSubscription => {
                f.write_str("it does not start with /subscriptions/{subscription-id}")
            }
            ArmIdError::SubscriptionNotGuid(s) => write!(f, "the subscription '{s}' is not a GUID"),
            ArmIdError::Incomplete(what) => write!(f, "it ends before {what}"),
        }
    }
}

/// Parses a resource ID; tolerant of key case and a trailing slash.
pub fn parse(id: &str) -> Result<ArmId, ArmIdError> {
    let trimmed = id.trim();
    let path = trimmed.strip_prefix('/').ok_or(ArmIdError::NotAbsolute)?;
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let mut it = parts.iter().copied();
    if !it
        .next()
        .is_some_and(|k| k.eq_ignore_ascii_case("subscriptions"))
    {
        return Err(ArmIdError::NoSubscription);
    }
    let subscription = it
        .next()
        .filter(|s| !s.is_empty())
        .ok_or(ArmIdError::NoSubscription)?;
    if !super::is_guid(subscription) {
        return Err(ArmIdError::SubscriptionNotGuid(subscription.to_string()));
    }
    let mut out = ArmId {
        subscription: subscription.to_string(),
        resource_group: None,
        provider: None,
        resource_type: None,
        name: None,
    };
    match it.next() {
        None => return Ok(out),
        Some(k) if k.eq_ignore_ascii_case("resourcegroups") => {
            out.resource_group = Some(
                it.next()
                    .filter(|s| !s.is_empty())
                    .ok_or(ArmIdError::Incomplete("the resource group name"))?
                    .to_string(),
            );
        }
        Some(k) if k.eq_ignore_ascii_case("providers") => {
            // Subscription-level resource: /subscriptions/{s}/providers/{ns}/{type}/{name}
            return provider_part(out, it);
        }
        Some(_) => return Err(ArmIdError::Incomplete("resourceGroups or providers")),
    }
    match it.next() {
        None => Ok(out),
        Some(k) if k.eq_ignore_ascii_case("providers") => provider_part(out, it),
        Some(_) => Err(ArmIdError::Incomplete("providers")),
    }
}

fn provider_part<'a>(
    mut out: ArmId,
    mut it: impl Iterator<Item = &'a str>,
) -> Result<ArmId, ArmIdError> {
    let ns = it
        .next()
        .filter(|s| !s.is_empty())
        .ok_or(ArmIdError::Incomplete("the provider namespace"))?;
    out.provider = Some(ns.to_string());
    let rest: Vec<&str> = it.collect();
    if rest.is_empty() || rest.len() % 2 != 0 || rest.iter().any(|s| s.is_empty()) {
        return Err(ArmIdError::Incomplete("a resource type and name"));
    }
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    out.resource_type = Some(types.join("/"));
    out.name = rest.last().map(|s| (*s).to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_identity_ids_from_real_tokens() {
        // xms_mirid of the user-assigned IMDS token in the azure-identity live-test recording
        // (Azure/azure-sdk-for-python test_imds_credential.pyTestImdstest_user_assigned.json).
        let id = parse("/subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/xiangyan-msi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/xymsi").unwrap();
        assert!(id.is_user_assigned_identity());
        assert_eq!(id.resource_group.as_deref(), Some("xiangyan-msi"));
        assert_eq!(id.subscription, "2cd617ea-1866-46b1-90e3-fffb087ebf9b");
        assert_eq!(id.name.as_deref(), Some("xymsi"));
        assert_eq!(id.kind_label(), "user-assigned managed identity");

        // Keys in any case, and a trailing slash, are accepted.
        let vm = parse("/SUBSCRIPTIONS/c0c4df2b-7b8b-4a79-8d6e-8b25c5b0c8e4/RESOURCEGROUPS/Rg/PROVIDERS/Microsoft.Compute/virtualMachines/vm1/").unwrap();
        assert!(!vm.is_user_assigned_identity());
        assert_eq!(vm.kind_label(), "virtual machine");
        assert_eq!(vm.resource_group.as_deref(), Some("Rg"));

        let child = parse("/subscriptions/c0c4df2b-7b8b-4a79-8d6e-8b25c5b0c8e4/resourceGroups/r/providers/Microsoft.Web/sites/app/slots/staging").unwrap();
        assert_eq!(child.resource_type.as_deref(), Some("sites/slots"));
        assert_eq!(child.name.as_deref(), Some("staging"));
        assert_eq!(child.kind_label(), "App Service deployment slot");
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(parse("subscriptions/x"), Err(ArmIdError::NotAbsolute));
        assert_eq!(
            parse("/subscriptions/abc/resourceGroups/r"),
            Err(ArmIdError::SubscriptionNotGuid("abc".into()))
        );
        assert_eq!(
            parse("/subscriptions/c0c4df2b-7b8b-4a79-8d6e-8b25c5b0c8e4/resourceGroups/r/providers/Microsoft.Compute/virtualMachines"),
            Err(ArmIdError::Incomplete("a resource type and name"))
        );
        assert!(
            parse("/subscriptions/c0c4df2b-7b8b-4a79-8d6e-8b25c5b0c8e4/resourceGroups/r").is_ok()
        );
    }
}
