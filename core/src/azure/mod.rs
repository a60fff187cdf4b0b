//! Shared facts about Azure: clouds and their issuers, ARM resource IDs, known resources
//! (audiences), directory roles, the built-in Azure roles and workload identity federation.
//! Every part of the core that needs such a fact asks here.

pub(crate) mod aadsts;
pub mod arm_id;
pub(crate) mod clouds;
pub(crate) mod directory_roles;
pub mod platforms;
pub mod resources;
pub mod roles;
pub mod workload_identity;

/// True for a GUID in its usual 8-4-4-4-12 hexadecimal form (either case).
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn guids() {
        assert!(super::is_guid("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        assert!(super::is_guid("5E29463D-71DA-4FE0-8E69-999B57DB23B0"));
        // The Entra v1 sample token's issuer GUID has 11 digits in its last group.
        assert!(!super::is_guid("fa15d692-e9c7-4460-a743-29f29522229"));
        assert!(!super::is_guid("client-id"));
    }
}
