//! Small searches in pasted text that several readers share.

use crate::search::find;

/// The text between the first `open` and the `close` after it.
pub fn between(text: &str, open: &str, close: &str) -> Option<String> {
    let start = find(text, open)? + open.len();
    let rest = text.get(start..)?;
    let end = find(rest, close)?;
    rest.get(..end).map(str::to_string)
}

/// Whether `text` holds `needle` (ASCII letters in any case).
pub fn contains_ignore_case(text: &str, needle: &str) -> bool {
    crate::search::has_ignore_case(text, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn between_takes_the_first_open_and_the_close_after_it() {
        // Key Vault's RBAC message (access-errors.jsonl): `Caller: appid=…;oid=…;iss=…`.
        let m = "Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f;iss=x";
        assert_eq!(
            between(m, "oid=", ";").as_deref(),
            Some("2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f")
        );
        assert_eq!(between(m, "tid=", ";"), None);
        assert_eq!(between(m, "iss=", ";"), None);
    }

    #[test]
    fn the_resource_type_is_found_in_any_case_and_anywhere() {
        // ARM writes the type `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials`;
        // people also paste it lower-cased (az resource list output).
        let needle = "federatedidentitycredentials";
        assert!(contains_ignore_case(
            "x/FederatedIdentityCredentials@2023",
            needle
        ));
        assert!(contains_ignore_case(
            "userassignedidentities/federatedidentitycredentials",
            needle
        ));
        assert!(contains_ignore_case(
            "ffederatedIdentityCredentials",
            needle
        ));
        assert!(!contains_ignore_case("federatedIdentityCredential", needle));
        assert!(!contains_ignore_case("", needle));
        assert!(!contains_ignore_case("f", needle));
    }
}
