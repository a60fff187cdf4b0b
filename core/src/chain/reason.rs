//! Why one credential gave no token, read from the reason its SDK wrote, in any language: not
//! configured here, a sign-in that expired, managed identity's endpoint silent (the SDK's short
//! probe) or unreachable (refused, no route, retries exhausted), an identity the endpoint does not
//! have, an Entra ID error, or another error from the endpoint. The phrases are the SDKs' own
//! (azure-sdk-for-net `ImdsManagedIdentityProbeSource.cs`, azure-sdk-for-python `imds.py`,
//! azure-sdk-for-js `managedIdentityCredential/index.ts`, azure-sdk-for-go
//! `managed_identity_client.go`, azure-sdk-for-java `IdentityClient`) and those of the samples in
//! tests/fixtures/credential-chains.jsonl.

use serde::Serialize;

use crate::azure::aadsts;
use crate::input::text::contains_ignore_case;
use crate::search::Search;

/// What a credential's reason says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The credential has nothing to work with here: variables unset, tool missing, not signed in.
    NotConfigured,
    /// A developer sign-in expired or was revoked (AADSTS700082, 70043, 50173): sign in again.
    SignInExpired,
    /// Managed identity's endpoint gave no answer in time: the SDK's short probe, or a timeout.
    ProbeTimeout,
    /// The endpoint cannot be reached at all: network unreachable, refused, retries exhausted.
    Unreachable,
    /// The endpoint answered that it has no such identity.
    IdentityNotFound,
    /// Workload identity federation was refused (AADSTS70021, 700211, 700213, 7002138, 700024).
    Federation,
    /// Another Entra ID error.
    Entra,
    /// Another error from the endpoint (a status, a body).
    EndpointError,
    /// `AZURE_TOKEN_CREDENTIALS` names no credential the SDK knows.
    TokenCredentialsInvalid,
    /// Nothing recognisable (a log line that only says the credential was tried).
    Unknown,
}

/// AADSTS codes that mean a developer sign-in must be renewed (Entra error-code reference).
const SIGN_IN_EXPIRED: &[u32] = &[700082, 70043, 50173, 70008, 50076, 50079];
/// AADSTS codes of workload identity federation (Entra error-code reference).
const FEDERATION: &[u32] = &[70021, 700211, 700212, 700213, 7002138, 700024, 70023];

const IDENTITY_NOT_FOUND: &[&str] = &[
    "identity not found",
    "has not been assigned to this resource",
    "isn't assigned to this resource",
    "is not assigned to this resource",
    "no identity has been assigned",
    "no default identity is assigned",
    "there's no available identity",
    "no user assigned or delegated managed identity found",
    "unable to load the proper managed identity",
    "defaultidentity is null",
    "no azureassignedidentity found",
    "getting assigned identities for pod",
];

const PROBE_TIMEOUT: &[&str] = &[
    "no response from the imds endpoint",
    "imds token request timed out",
    "connection to imds endpoint cannot be established",
    "no response received from the managed identity endpoint",
    "request to the managed identity endpoint timed out",
    "imds endpoint is unavailable",
    "unavailable, no managed identity endpoint found",
    "timed out",
    "timeout",
];

const UNREACHABLE: &[&str] = &[
    "network unreachable",
    "network is unreachable",
    "unreachable network",
    "unreachable host",
    "no route to host",
    "connection refused",
    "econnrefused",
    "ehostunreach",
    "enetunreach",
    "unavailable. no managed identity endpoint found",
    "multiple attempts failed to obtain a token",
    "failed due to a gateway error",
    "no such host",
];

const NOT_CONFIGURED: &[&str] = &[
    "not fully configured",
    "not configured",
    "missing environment variable",
    "incomplete environment variable",
    "no environment configuration",
    "are required parameters",
    "not installed",
    "could not be found",
    "couldn't find",
    "cannot find",
    "not found on path",
    "no accounts were found",
    "no account",
    "please run 'az login'",
    "run 'az login'",
    "please run az login",
    "connect-azaccount",
    "can't be accessed",
    "cannot be accessed",
    "failed to read",
    "failed to invoke",
    "unable to execute",
    "no implementation of",
    "requires the azure.identity.broker package",
    "fork/exec",
    "no such file or directory",
    "not logged in",
    "please log in",
    "authentication not available",
    "is not supported",
    "environment variables needed are",
    "environment variable msi_endpoint is needed",
    "is unavailable",
    "authentication unavailable",
];

const SUCCEEDED: &[&str] = &[
    "succeeded",
    "acquired a token",
    "credential selected",
    "=> getToken() => success",
    "successfully",
];

/// The cause a reason states.
pub fn cause(reason: &str) -> Cause {
    let lower = reason.to_ascii_lowercase();
    let has = |phrases: &[&str]| phrases.iter().any(|p| lower.has(p));
    if names_invalid_token_credentials(&lower) {
        return Cause::TokenCredentialsInvalid;
    }
    let codes = aadsts::find_codes(reason);
    if codes.iter().any(|c| SIGN_IN_EXPIRED.contains(c))
        || lower.contains("refresh token has expired")
    {
        return Cause::SignInExpired;
    }
    if codes.iter().any(|c| FEDERATION.contains(c)) {
        return Cause::Federation;
    }
    if !codes.is_empty() {
        return Cause::Entra;
    }
    if has(IDENTITY_NOT_FOUND) {
        Cause::IdentityNotFound
    } else if has(UNREACHABLE) {
        Cause::Unreachable
    } else if has(PROBE_TIMEOUT) {
        Cause::ProbeTimeout
    } else if has(NOT_CONFIGURED) {
        Cause::NotConfigured
    } else if is_endpoint_error(&lower) {
        Cause::EndpointError
    } else {
        Cause::Unknown
    }
}

/// Whether a text says `AZURE_TOKEN_CREDENTIALS` holds a value the SDK rejects (in any case):
/// what [`cause`] tells first, asked of every line of a log on its own, so it copies nothing.
pub fn names_invalid_token_credentials(text: &str) -> bool {
    contains_ignore_case(text, "azure_token_credentials")
        && (contains_ignore_case(text, "invalid") || contains_ignore_case(text, "valid values"))
}

fn is_endpoint_error(lower: &str) -> bool {
    [
        "status code",
        "statuscode",
        "status: 4",
        "status: 5",
        "response 4",
        "response 5",
        "bad request",
        "internal server error",
        "authentication failed",
        "failed",
    ]
    .iter()
    .any(|p| lower.has(p))
}

/// True when the reason says the credential produced a token.
pub fn says_succeeded(reason: &str) -> bool {
    let lower = reason.to_ascii_lowercase();
    SUCCEEDED.iter().any(|p| lower.has(&p.to_ascii_lowercase()))
        && !lower.has("unable")
        && !lower.has("failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reasons as the sample sources print them (tests/fixtures/credential-chains.jsonl).
    #[test]
    fn tells_the_three_managed_identity_failures_apart() {
        for probe in [
            "IMDS token request timed out",
            "ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.",
            "ManagedIdentityCredential authentication unavailable. Connection to IMDS endpoint cannot be established.",
            "ManagedIdentityCredential authentication unavailable. No response received from the managed identity endpoint.",
        ] {
            assert_eq!(cause(probe), Cause::ProbeTimeout, "{probe}");
        }
        for unreachable in [
            "ManagedIdentityCredential: Unavailable. Network unreachable. Message: connect ENETUNREACH 169.254.169.254:80",
            "ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain a token from the managed identity endpoint.",
            "dial tcp 169.254.169.254:80: connect: connection refused",
        ] {
            assert_eq!(cause(unreachable), Cause::Unreachable, "{unreachable}");
        }
        for not_found in [
            r#"status: 400, body: {"error":"invalid_request","error_description":"Identity not found"}"#,
            "ManagedIdentityCredential: The managed identity endpoint is indicating there's no available identity. Message: undefined Status code: 400",
            "(None) No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.",
        ] {
            assert_eq!(cause(not_found), Cause::IdentityNotFound, "{not_found}");
        }
    }

    #[test]
    fn a_developer_tool_that_is_not_signed_in_is_not_configured() {
        for r in [
            "Please run 'az login' to set up account",
            "Visual Studio Token provider can't be accessed at C:\\Users\\cloudtest\\AppData\\Local\\.IdentityService\\AzureServiceAuth\\tokenprovider.json",
            "Failed to invoke the Azure CLI",
            "PowerShell is not installed",
            "fork/exec /bin/sh: no such file or directory",
            "incomplete environment variable configuration. Only AZURE_TENANT_ID and AZURE_CLIENT_ID are set",
        ] {
            assert_eq!(cause(r), Cause::NotConfigured, "{r}");
        }
        assert_eq!(
            cause("ERROR: fetching token: AADSTS700082: The refresh token has expired due to inactivity."),
            Cause::SignInExpired
        );
        assert_eq!(
            cause(
                "AADSTS70021: No matching federated identity record found for presented assertion."
            ),
            Cause::Federation
        );
    }
}
