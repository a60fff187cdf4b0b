//! Microsoft Entra `AADSTS` error codes that reach managed-identity callers, explained.
//! Meanings from MicrosoftDocs/entra-docs `docs/identity-platform/reference-error-codes.md`, in
//! our own words, with the fix a managed-identity user needs. Codes change; unknown ones are
//! still reported with a pointer to `https://login.microsoftonline.com/error?code=N`.

use crate::search::Search;

/// One code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aadsts {
    pub code: u32,
    pub name: &'static str,
    pub meaning: &'static str,
    pub fix: &'static str,
}

const fn e(code: u32, name: &'static str, meaning: &'static str, fix: &'static str) -> Aadsts {
    Aadsts {
        code,
        name,
        meaning,
        fix,
    }
}

pub const CODES: &[Aadsts] = &[
    e(
        500011,
        "InvalidResourceServicePrincipalNotFound",
        "No service principal in the tenant has the requested resource as its App ID URI: the resource is misspelled, is a scope or permission name rather than a resource, or the API is not registered in this tenant.",
        "Request the resource's exact App ID URI (e.g. https://management.azure.com/, https://vault.azure.net), without /.default and without a permission name.",
    ),
    e(
        50001,
        "InvalidResource",
        "The resource is disabled or does not exist in the tenant.",
        "Check the resource URI against the service's documentation; for your own API, use its App ID URI or client ID.",
    ),
    e(
        700016,
        "UnauthorizedClient_DoesNotMatchRequest",
        "The application (client ID) was not found in the tenant: a wrong client ID, a wrong tenant, or an identity that was deleted.",
        "For a user-assigned identity, pass its client ID (not its principal/object ID) and check it is assigned to this resource.",
    ),
    e(
        7000215,
        "InvalidClientSecret",
        "An invalid client secret was sent: a secret-based credential is in use, not a managed identity.",
        "Check which credential your code really used (DefaultAzureCredential tries environment variables before managed identity); remove stale AZURE_CLIENT_SECRET settings.",
    ),
    e(
        7000222,
        "InvalidClientSecretExpiredKeysProvided",
        "The client secret has expired: a secret-based credential is in use, not a managed identity.",
        "Rotate the secret, or remove it so the managed identity is used instead.",
    ),
    e(
        70021,
        "NoMatchingFederatedIdentityRecord",
        "No federated identity credential matches the presented assertion (workload identity federation): issuer, subject or audience differ.",
        "Make the federated credential's issuer, subject and audience (api://AzureADTokenExchange) match the token being exchanged exactly.",
    ),
    e(
        700024,
        "ClientAssertionNotWithinValidTimeRange",
        "The client assertion (a federated or managed-identity token used as a credential) is expired or not yet valid.",
        "Get a fresh assertion and check the clock of the machine that made it.",
    ),
    e(
        90002,
        "InvalidTenantName",
        "The tenant was not found: a wrong tenant ID or domain, or a tenant in another cloud.",
        "Use the tenant ID (a GUID) of the tenant that holds the identity, and the sign-in host of that tenant's cloud.",
    ),
    e(
        70011,
        "InvalidScope",
        "The scope is not valid: for client-credential flows it must be a resource followed by /.default.",
        "Use <resource>/.default with SDKs, and the bare resource with managed-identity endpoints.",
    ),
    e(
        65001,
        "DelegationDoesNotExist",
        "Consent is missing for the requested permission.",
        "Grant admin consent for the permission, or request an app role the identity has been assigned.",
    ),
    e(
        53003,
        "BlockedByConditionalAccess",
        "A Conditional Access policy blocked the request.",
        "Ask an administrator to check the sign-in logs for the policy that applied; workload identity policies can block service principals.",
    ),
    e(
        50013,
        "InvalidAssertion",
        "The assertion is invalid: its signature, issuer, audience or lifetime did not check out.",
        "Check that the assertion is a fresh token for the expected audience.",
    ),
];

/// The catalogue entry for a code.
pub fn lookup(code: u32) -> Option<&'static Aadsts> {
    CODES.iter().find(|e| e.code == code)
}

/// Every `AADSTS<digits>` in a text, in order, without repeats.
pub fn find_codes(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find_str("AADSTS") {
        let after = rest.get(i + 6..).unwrap_or("");
        let digits: String = after
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        if let Ok(code) = digits.parse::<u32>() {
            if !out.contains(&code) {
                out.push(code);
            }
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_and_explains_codes() {
        assert_eq!(
            super::find_codes("AADSTS500011: x AADSTS70021 and AADSTS500011 again"),
            [500011, 70021]
        );
        for code in [500011, 50001, 700016, 7000215, 70021, 90002] {
            assert!(super::lookup(code).is_some(), "{code}");
        }
        assert!(super::lookup(1).is_none());
    }
}
