//! The catalogue of finding codes.
//!
//! Codes are public API (`area.kebab-name`): scripts match on them and the README documents each
//! one. They live in one enum so that a code cannot be misspelled where a finding is made, and so
//! that tests can check every code is documented.

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident => $code:literal, $summary:literal;)*) => {
        /// A stable finding code. Serialised as its `area.kebab-name` string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in output and documentation, e.g. `token.expired`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The area the code belongs to: `token` for `token.expired`.
            pub fn area(self) -> &'static str {
                let code = self.as_str();
                code.split_once('.').map_or(code, |(area, _)| area)
            }

            /// One line saying when the code is reported.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    InputEmpty => "input.empty", "Nothing was pasted (only whitespace).";
    InputTooLarge => "input.too-large", "The input is over 1 MiB; only the first 1 MiB is analysed.";
    InputNotRecognized => "input.not-recognised", "The input is not a token or anything else the inspector knows.";
    InputSession => "input.session", "The paste holds several things (a session): lists the parts; each has its own report.";
    InputNothingToCompare => "input.nothing-to-compare", "Two inputs were to be compared, but one of them (or both) holds no token.";
    TokenExtracted => "token.extracted", "A token was found inside other text and analysed on its own.";
    TokenPrefixStripped => "token.prefix-stripped", "A `Bearer ` scheme or `Authorization:` header name was removed before decoding.";
    TokenQuotesStripped => "token.quotes-stripped", "Quotes (or a trailing comma) around the token were removed.";
    TokenWhitespaceRemoved => "token.whitespace-removed", "Spaces, line breaks or invisible characters inside the token were removed (a wrapped paste).";
    TokenTruncated => "token.truncated", "The token ends in an ellipsis or is cut short: it was shortened when copied.";
    TokenNotAJwt => "token.not-a-jwt", "The text looks like a token attempt but is not a JWT/JWS/JWE compact serialisation.";
    TokenBadSegmentCount => "token.bad-segment-count", "The token has a number of dot-separated parts other than 3 (JWS) or 5 (JWE).";
    TokenBadBase64 => "token.bad-base64", "A part holds a character or length that base64url does not allow; the place is named.";
    TokenPaddedBase64 => "token.padded-base64", "A part ends in `=` padding, which base64url in JWTs must omit.";
    TokenStandardBase64 => "token.standard-base64", "A part uses standard base64 (`+`, `/`) instead of base64url (`-`, `_`).";
    TokenHeaderNotJson => "token.header-not-json", "The first part does not decode to a JSON object.";
    TokenPayloadNotJson => "token.payload-not-json", "The payload is not a JSON object: a JWS, but not a JWT with claims.";
    TokenDetachedPayload => "token.detached-payload", "The payload part is empty (a JWS with detached content).";
    TokenEncrypted => "token.encrypted", "A JWE: only its protected header can be read without the recipient's key.";
    TokenNested => "token.nested", "The token carries another token (`cty: JWT` or a JWT inside a claim), decoded too.";
    TokenUnsigned => "token.unsigned", "`alg: none`: the token has no signature and proves nothing about who made it.";
    TokenSignatureLength => "token.signature-length", "The signature's length does not fit its algorithm; it was probably cut when copied.";
    TokenExpired => "token.expired", "`exp` is in the past.";
    TokenNotYetValid => "token.not-yet-valid", "`nbf` (or `iat`) is in the future.";
    TokenExpiresSoon => "token.expires-soon", "The token expires in under 5 minutes.";
    TokenMsTimestamps => "token.ms-timestamps", "A time claim holds milliseconds where JWT requires seconds.";
    TokenManagedIdentity => "token.managed-identity", "The token was issued to a managed identity (system- or user-assigned when known).";
    TokenUnverifiableNonce => "token.unverifiable-nonce", "The header has a `nonce` (Microsoft Graph tokens): only Graph can verify it, by design.";
    TokenIssuerTenantMismatch => "token.issuer-tenant-mismatch", "The tenant in `iss` differs from `tid`, or one of them is not a well-formed GUID.";
    TokenExpiredBeforeError => "token.expired-before-error", "Across a session: the token had expired when a later error in the log happened.";
    TokenGroupOverage => "token.group-overage", "The user is in too many groups to list; `groups` must be fetched from Microsoft Graph.";
    TokenDecodedClaims => "token.decoded-claims", "Claims pasted already decoded (JSON, no header or signature): explained, but nothing proves who issued them.";
    TokenAksKubeletIdentity => "token.aks-kubelet-identity", "xms_mirid names an AKS node pool's kubelet identity (`<cluster>-agentpool`), not the application's.";
    TokenFederationAssertion => "token.federation-assertion", "A token that is exchanged for an Entra token (Kubernetes service account, GitHub Actions, a managed identity as a credential): what it is and what it can be exchanged for.";
    TokenAudienceNotExchange => "token.audience-not-exchange", "An assertion whose aud is not api://AzureADTokenExchange (or its cloud's variant): Entra ID will not exchange it.";
    TokenAssertionExpired => "token.assertion-expired", "The assertion has expired: the projected token was not refreshed, or the app cached it.";
    TokenAssertionLifetime => "token.assertion-lifetime", "The assertion lives longer than the 25 hours Entra ID accepts from an external issuer (AADSTS70023).";
    ResponseRepaired => "response.repaired", "The response was not strict JSON (no braces, quotes, prefixes, cut off); it was repaired to be read.";
    ResponseTokenTruncated => "response.token-truncated", "access_token is cut short or redacted, so it cannot be decoded or cross-checked.";
    ResponseIncomplete => "response.incomplete", "A token response without access_token or any expiry: SDKs reject it.";
    ResponseExpiresOnFormat => "response.expires-on-format", "expires_on is a date string rather than Unix seconds; names the format and the SDKs that fail on it.";
    ResponseExpiresOnMalformed => "response.expires-on-malformed", "expires_on cannot be read as a time (e.g. hour 00 with PM).";
    ResponseExpiresOnMismatch => "response.expires-on-mismatch", "expires_on is not the token's exp.";
    ResponseNotBeforeMismatch => "response.not-before-mismatch", "not_before is not the token's nbf.";
    ResponseExpiresInMismatch => "response.expires-in-mismatch", "expires_in does not fit the token's lifetime (exp − iat) or expires_on − not_before.";
    ResponseResourceAudMismatch => "response.resource-aud-mismatch", "resource is not the token's aud (beyond a trailing slash).";
    ResponseResourceTrailingSlash => "response.resource-trailing-slash", "resource and aud, or resource and the documented audience, differ only by a trailing slash.";
    ResponseResourceScopeSuffix => "response.resource-scope-suffix", "resource ends in /.default: a scope was passed where a resource belongs.";
    ResponseResourceUnknown => "response.resource-unknown", "resource is empty or not a known Azure audience (with a did-you-mean when one is close).";
    ResponseClientIdMismatch => "response.client-id-mismatch", "client_id is not the token's appid/azp.";
    ResponseClientIdPlaceholder => "response.client-id-placeholder", "client_id is redacted or cut short (not a GUID), so it identifies nothing.";
    ResponseTokenType => "response.token-type", "token_type is missing or not Bearer.";
    ResponseAwsMetadata => "response.aws-metadata", "AWS EC2's metadata service answered at 169.254.169.254 (an Arc or hybrid machine in AWS), not Azure's.";
    ResponseProxyBlock => "response.proxy-block", "A proxy's block or sign-in page answered: the request never reached the token endpoint.";
    ResponseHtmlPage => "response.html-page", "An HTML page answered (a web server, a gateway), not a token endpoint's JSON.";
    ErrorIdentityNotFound => "error.identity-not-found", "IMDS found no managed identity (or not the one asked for) on this resource.";
    ErrorMultipleIdentities => "error.multiple-identities", "Several user-assigned identities and no selector in the request.";
    ErrorMissingMetadataHeader => "error.missing-metadata-header", "IMDS refused a request without `Metadata: true`.";
    ErrorInvalidResource => "error.invalid-resource", "Entra ID does not know the requested resource (AADSTS500011, AADSTS50001, invalid_resource).";
    ErrorAadsts => "error.aadsts", "Another Entra ID error, named by its AADSTS number.";
    ErrorUnableToLoadIdentity => "error.unable-to-load-identity", "App Service / Container Apps could not load the requested identity.";
    ErrorAppService => "error.app-service", "App Service / Container Apps token service failed (statusCode/message body).";
    ErrorServiceFabric => "error.service-fabric", "A Service Fabric managed-identity error, with its code.";
    ErrorAudienceNotSupported => "error.audience-not-supported", "Cloud Shell does not issue tokens for this audience.";
    ErrorArcChallenge => "error.arc-challenge", "Azure Arc's 401 challenge: read the key file named in WWW-Authenticate and ask again.";
    ErrorArcKeyFile => "error.arc-key-file", "The Arc challenge's key file could not be read (missing, or no permission).";
    ErrorUnsupportedApiVersion => "error.unsupported-api-version", "The endpoint does not support the api-version sent.";
    ErrorExpiresOnUnparsed => "error.expires-on-unparsed", "An SDK failed to parse the endpoint's expires_on; names the format.";
    ErrorFederationNoMatch => "error.federation-no-match", "AADSTS70021: no federated identity credential matches the assertion's issuer, subject and audience; the presented values are shown.";
    ErrorFederationIssuerMismatch => "error.federation-issuer-mismatch", "AADSTS700211: no federated identity credential has the assertion's issuer.";
    ErrorFederationAudienceMismatch => "error.federation-audience-mismatch", "AADSTS700212: no federated identity credential lists the assertion's audience.";
    ErrorFederationSubjectMismatch => "error.federation-subject-mismatch", "AADSTS700213 (or 7002137): no federated identity credential has the assertion's subject.";
    ErrorFederationSubjectCase => "error.federation-subject-case", "AADSTS7002138: the subject matches a credential only when case is ignored; Entra ID compares case-sensitively.";
    ErrorFederationAssertionExpired => "error.federation-assertion-expired", "AADSTS700024: the assertion was not valid at the time Entra ID received it; the times are compared.";
    ErrorFederationAssertionLifetime => "error.federation-assertion-lifetime", "AADSTS70023: the external token lives longer than Entra ID accepts (1.01:00:00).";
    ErrorFederationIssuerUnreachable => "error.federation-issuer-unreachable", "AADSTS90061 (50166): Entra ID could not fetch the issuer's OIDC discovery document or keys.";
    ErrorFederationClientId => "error.federation-client-id", "AADSTS700016 under workload identity: the client ID is missing or names no app or identity in the tenant.";
    ErrorFederationInvalidScope => "error.federation-invalid-scope", "AADSTS70011 under workload identity: the scope is not `<resource>/.default`.";
    ErrorAadPodIdentity => "error.aad-pod-identity", "AAD Pod Identity's NMI answered (\"no azure identity found for request clientID\"): the deprecated add-on, to migrate to workload identity.";
    ErrorMethodNotAllowed => "error.method-not-allowed", "405: the token endpoint wants another HTTP method (GET everywhere but Cloud Shell's POST).";
    ErrorTransient => "error.transient", "A status worth retrying (404, 408, 410, 429, 5xx), with how to retry on this platform.";
    ErrorUnrecognized => "error.unrecognised", "An error body the inspector cannot classify; its fields are shown.";
    RequestApiVersionMissing => "request.api-version-missing", "The request has no api-version and the platform needs one.";
    RequestApiVersionInvalid => "request.api-version-invalid", "The api-version is not a date-shaped version (e.g. `2019- 08-01` with a space).";
    RequestApiVersionWrongPlatform => "request.api-version-wrong-platform", "The api-version belongs to another platform's protocol.";
    RequestResourceMissing => "request.resource-missing", "No resource in the query (or, for Cloud Shell, the form body).";
    RequestResourceScopeSuffix => "request.resource-scope-suffix", "The resource ends in /.default: a scope where a resource belongs.";
    RequestResourceNotEncoded => "request.resource-not-encoded", "The resource is not percent-encoded in the query string.";
    RequestResourceTrailingSlash => "request.resource-trailing-slash", "The resource's trailing slash differs from what the service expects.";
    RequestResourceUnknown => "request.resource-unknown", "The resource is not a known audience (with a did-you-mean when one is close).";
    RequestAudienceNotSupported => "request.audience-not-supported", "Cloud Shell does not serve this audience.";
    RequestHeaderMissing => "request.header-missing", "A header the platform requires is missing.";
    RequestHeaderWrongName => "request.header-wrong-name", "A header of another platform or protocol is sent instead of the one this one needs.";
    RequestHeaderSyntax => "request.header-syntax", "A header is malformed (e.g. a space before the colon).";
    RequestMetadataValue => "request.metadata-value", "The Metadata header's value is not `true`.";
    RequestHeaderValueUnexpanded => "request.header-value-unexpanded", "A header or URL holds a variable's name instead of its value, or quotes inside the value.";
    RequestSecretHardcoded => "request.secret-hardcoded", "A rotating secret is written into the request instead of read from its variable.";
    RequestIdentitySelectorConflict => "request.identity-selector-conflict", "More than one identity selector in one request.";
    RequestIdentitySelectorName => "request.identity-selector-name", "An identity selector the platform does not know (e.g. mi_res_id on IMDS).";
    RequestIdentitySelectorFormat => "request.identity-selector-format", "An identity selector's value is malformed (not a GUID, not an ARM ID).";
    RequestMethod => "request.method", "The HTTP method is not the platform's.";
    RequestScheme => "request.scheme", "https to IMDS, or http to Service Fabric.";
    RequestEndpointMismatch => "request.endpoint-mismatch", "The URL is not the platform's endpoint or differs from the pasted IDENTITY_ENDPOINT/MSI_ENDPOINT.";
    RequestResourceDiffers => "request.resource-differs", "Across a session: the request's resource is not the token's audience or the resource the error names.";
    RequestAmpersandUnquoted => "request.ampersand-unquoted", "Across a session: an unquoted & in a curl URL sent it to the background and cut the URL (the shell's job line shows it).";
    RequestSelectorNotToken => "request.selector-not-token", "Across a session: the request's identity selector is not the identity the token belongs to.";
    RequestScriptError => "request.script-error", "A slip in the script around the request (a broken variable, a missing brace).";
    RequestFormField => "request.form-field", "A form field of the workload-identity token exchange is missing or wrong (grant_type, client_assertion_type, client_assertion, client_id).";
    RequestScopeNotDefault => "request.scope-not-default", "The token exchange's scope is a bare resource: Entra's v2 endpoint needs `<resource>/.default`.";
    RequestTenant => "request.tenant", "The token exchange goes to `organizations`/`common` or a malformed tenant; a federated credential needs the tenant ID.";
    EnvClientIdNotToken => "env.client-id-not-token", "Across a session: AZURE_CLIENT_ID names another identity than the token's appid/azp.";
    EnvMissingVariable => "env.missing-variable", "A variable the platform sets, or the request uses, is missing.";
    EnvAmbiguousMsi => "env.ambiguous-msi", "MSI_ENDPOINT with MSI_SECRET: legacy App Service, Azure ML or an Automation hybrid worker.";
    EnvMsiDisabled => "env.msi-disabled", "WEBSITE_DISABLE_MSI turns App Service's token service off.";
    EnvProxy => "env.proxy", "A proxy is set and NO_PROXY does not cover 169.254.169.254 (IMDS).";
    EnvCredentialPrecedence => "env.credential-precedence", "Variables that make DefaultAzureCredential use another credential before managed identity.";
    EnvWorkloadIdentity => "env.workload-identity", "The variables the AKS workload-identity webhook injects are set: what each is for.";
    EnvWorkloadIdentityNotInjected => "env.workload-identity-not-injected", "A pod without the workload-identity variables fell back to IMDS: the pod label or the service-account annotation is missing.";
    EnvAadPodIdentity => "env.aad-pod-identity", "Signs of the deprecated AAD Pod Identity (NMI) in the environment.";
    PlatformUserAssignedUnsupported => "platform.user-assigned-unsupported", "A user-assigned identity on a platform that has only one identity (Arc, Cloud Shell, Service Fabric).";
    PlatformCloudShellUserToken => "platform.cloud-shell-user-token", "Cloud Shell returns the signed-in user's token, not a managed identity's.";
    PlatformArcChallenge => "platform.arc-challenge", "Azure Arc answers the first request with a 401 challenge; the request must be sent twice.";
    FederationMatch => "federation.match", "A federated identity credential matches the assertion in the same paste; names it.";
    FederationNoMatch => "federation.no-match", "No federated identity credential matches the assertion: names the closest, the exact difference and the command that would match.";
    FederationIssuerTrailingSlash => "federation.issuer-trailing-slash", "A credential's issuer lacks (or adds) the trailing slash its provider's tokens carry (AKS: with, GitHub: without).";
    FederationIssuerNotPublic => "federation.issuer-not-public", "A credential's issuer is not a public https URL Entra ID can fetch keys from (cluster-local, http, a placeholder).";
    FederationSubjectFormat => "federation.subject-format", "A credential's subject is not of its issuer's form (`system:serviceaccount:<ns>:<sa>`, `repo:<owner>/<repo>:…`).";
    FederationAudienceNotExchange => "federation.audience-not-exchange", "A credential's audience is not api://AzureADTokenExchange, or lists more than the one value allowed.";
    FederationTooManyCredentials => "federation.too-many-credentials", "More than 20 federated identity credentials on one identity or app: Entra ID accepts at most 20.";
    ChainImdsProbeTimeout => "chain.imds-probe-timeout", "A credential chain's verdict: ManagedIdentityCredential got no answer from IMDS within the SDK's short probe (not an Azure VM, or a proxy in the way).";
    ChainMiEndpointUnreachable => "chain.mi-endpoint-unreachable", "A credential chain's verdict: the managed-identity endpoint cannot be reached at all (network unreachable, refused, retries exhausted).";
    ChainIdentityNotFound => "chain.identity-not-found", "A credential chain's verdict: the managed-identity endpoint answered that it has no such identity.";
    ChainMiEndpointError => "chain.mi-endpoint-error", "A credential chain's verdict: the managed-identity endpoint answered with another error.";
    ChainMiSourceMismatch => "chain.mi-source-mismatch", "A credential chain's verdict: the SDK fell back to IMDS on App Service, Functions or Container Apps (no IDENTITY_ENDPOINT reached the code).";
    ChainSignInExpired => "chain.sign-in-expired", "A credential chain's verdict: a developer credential's sign-in expired (AADSTS700082, 70043, 50173).";
    ChainCredentialFailed => "chain.credential-failed", "A credential chain's verdict: a configured credential ran and was refused (names the error).";
    ChainNoCredential => "chain.no-credential", "A credential chain's verdict: nothing in the chain is configured here (needs az login or the identity's variables).";
    ChainTokenCredentialsInvalid => "chain.token-credentials-invalid", "A credential chain's verdict: AZURE_TOKEN_CREDENTIALS holds a value the SDK does not accept.";
    ChainSucceeded => "chain.succeeded", "A credential chain's verdict: a credential provided the token (a later 401/403 is about its identity).";
    ChainIncomplete => "chain.incomplete", "A credential chain's verdict: the paste stops before the chain's result; names the credential being tried.";
    ChainScopeNotDefault => "chain.scope-not-default", "A chain asked for a scope that is a URL without /.default (Entra ID refuses it; AADSTS70011).";
    VerifyValid => "verify.valid", "The signature verifies with the pasted key; names the key and how it was chosen.";
    VerifyNoncanonical => "verify.noncanonical", "The signature matches, but only the token as repaired or read leniently (whitespace, padding, standard base64, stray characters, non-zero pad bits): not the token as sent.";
    VerifyInvalid => "verify.invalid", "The signature does not verify with the key chosen for it.";
    VerifyNoMatchingKey => "verify.no-matching-key", "No pasted key has the token's kid (or x5t); lists the kids the set holds.";
    VerifyKeyNotForSigning => "verify.key-not-for-signing", "The key's JWK says it is not for signatures (`use` not `sig`, `key_ops` without `verify`): not tried; skipped in a set.";
    VerifyAmbiguousKeySet => "verify.ambiguous-key-set", "The key set gives one kid to different keys or mixes secrets with public keys: a warning, and no verification unless the token picks one key.";
    VerifyWeakKey => "verify.weak-key", "The key that verified is weak (RSA under 2048 bits, the ROCA fingerprint, an HMAC secret shorter than the hash).";
    VerifyAlgKeyMismatch => "verify.alg-key-mismatch", "The key's type may not verify the token's alg (algorithm confusion refused).";
    VerifyUnsupportedAlg => "verify.unsupported-alg", "The token's alg cannot be verified here (JWE, a missing alg, or an algorithm outside JWS's usual set).";
    VerifyBadKey => "verify.bad-key", "The pasted key cannot be read or used; says what is wrong with it.";
    VerifyUnverifiableNonce => "verify.unverifiable-nonce", "A token with a nonce header (Microsoft Graph) fails standard verification by design.";
    VerifyUnsigned => "verify.unsigned", "`alg: none`: there is no signature, so the token is never valid.";
    AccessRbacMissing => "access.rbac-missing", "No Azure RBAC role assignment grants the denied action; names the least privileged built-in role and writes the assignment.";
    AccessAccessPolicyMissing => "access.access-policy-missing", "The vault uses access policies and none gives the caller the permission; writes `az keyvault set-policy`.";
    AccessPermissionMissing => "access.permission-missing", "A permission outside Azure RBAC is missing: a Microsoft Graph permission, or a database user in SQL.";
    AccessWrongAudience => "access.wrong-audience", "The token was issued for another resource; names the resource to request and the trailing-slash rule.";
    AccessWrongIssuer => "access.wrong-issuer", "The token comes from another tenant than the resource's.";
    AccessTokenExpired => "access.token-expired", "The resource refused an expired token.";
    AccessInvalidToken => "access.invalid-token", "The resource rejected the token itself, or no token reached it.";
    AccessNetworkDenied => "access.network-denied", "A firewall, network rule or private endpoint setting refused the caller's address.";
    AccessClaimsChallenge => "access.claims-challenge", "A claims challenge (continuous access evaluation, authentication context): a new token with the decoded claims is needed.";
    AccessManagementPlane => "access.management-plane", "A management operation went through a data plane (Cosmos DB substatus 5300).";
    AccessApiVersion => "access.api-version", "The request's API version cannot carry a bearer token (Storage's `x-ms-version` before 2017-11-09).";
    AccessKeyOperationNotPermitted => "access.key-operation-not-permitted", "The Key Vault key does not permit the operation (its `key_ops`).";
    AccessUnknown => "access.unknown", "A resource refused the call for a reason its message does not say; the likely causes are listed.";
    AccessCallerMatchesToken => "access.caller-matches-token", "The error's caller (oid/appid) is the principal of the token that was sent.";
    AccessCallerDiffersFromToken => "access.caller-differs-from-token", "The error names another principal than the token's: the app sent another credential's token.";
    AccessTokenAudienceMismatch => "access.token-audience-mismatch", "The sent token's `aud` is not an audience the service accepts.";
    AccessTokenTenantMismatch => "access.token-tenant-mismatch", "The sent token's tenant is not the one the error expects.";
    AccessTokenExpiredAtError => "access.token-expired-at-error", "The sent token had expired when the error happened (the error states its time).";
    AccessTokenCacheAge => "access.token-cache-age", "When the sent token was issued, against the managed-identity endpoint's 24-hour cache: later grants through groups are not in it.";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            let (area, name) = s.split_once('.').unwrap();
            assert_eq!(code.area(), area);
            assert!(
                [
                    "input",
                    "token",
                    "response",
                    "error",
                    "request",
                    "env",
                    "platform",
                    "verify",
                    "access",
                    "federation",
                    "chain",
                ]
                .contains(&area),
                "unknown area in {s}"
            );
            assert!(name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(!code.summary().is_empty());
        }
    }
}
