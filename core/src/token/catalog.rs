//! The claim catalogue: one plain sentence for every JOSE header parameter (RFC 7515/7516/7519),
//! every registered JWT claim (RFC 7519 §4.1), the OpenID Connect claims (OIDC Core §2, §5.1) and
//! the claims Microsoft Entra ID puts in access tokens (access-token claims reference, optional
//! claims reference, and the undocumented `xms_*` claims seen in managed-identity tokens), and the
//! claims of the tokens exchanged in workload identity federation: Kubernetes service-account
//! tokens (`kubernetes.io`) and GitHub Actions OIDC tokens (docs.github.com "OpenID Connect
//! reference", custom claims).
//! Claims not listed here are shown as "not in the catalogue", never hidden.

use serde::Serialize;

/// Where a name appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Header,
    Payload,
}

/// Who defines a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ClaimSource {
    #[serde(rename = "JOSE")]
    Jose,
    #[serde(rename = "RFC 7519")]
    Rfc7519,
    #[serde(rename = "OpenID Connect")]
    Oidc,
    #[serde(rename = "Microsoft Entra ID")]
    Entra,
    #[serde(rename = "Microsoft Entra ID (undocumented)")]
    EntraUndocumented,
    Kubernetes,
    #[serde(rename = "GitHub Actions")]
    GithubActions,
}

impl ClaimSource {
    pub fn label(self) -> &'static str {
        match self {
            ClaimSource::Jose => "JOSE",
            ClaimSource::Rfc7519 => "RFC 7519",
            ClaimSource::Oidc => "OpenID Connect",
            ClaimSource::Entra => "Microsoft Entra ID",
            ClaimSource::EntraUndocumented => "Microsoft Entra ID (undocumented)",
            ClaimSource::Kubernetes => "Kubernetes",
            ClaimSource::GithubActions => "GitHub Actions",
        }
    }
}

/// A catalogue entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: &'static str,
    pub location: Location,
    pub source: ClaimSource,
    pub meaning: &'static str,
    /// The value is a NumericDate (Unix seconds).
    pub is_time: bool,
}

const fn h(name: &'static str, meaning: &'static str) -> Entry {
    Entry {
        name,
        location: Location::Header,
        source: ClaimSource::Jose,
        meaning,
        is_time: false,
    }
}
const fn reg(name: &'static str, meaning: &'static str, is_time: bool) -> Entry {
    Entry {
        name,
        location: Location::Payload,
        source: ClaimSource::Rfc7519,
        meaning,
        is_time,
    }
}
const fn oidc(name: &'static str, meaning: &'static str, is_time: bool) -> Entry {
    Entry {
        name,
        location: Location::Payload,
        source: ClaimSource::Oidc,
        meaning,
        is_time,
    }
}
const fn ms(name: &'static str, meaning: &'static str) -> Entry {
    Entry {
        name,
        location: Location::Payload,
        source: ClaimSource::Entra,
        meaning,
        is_time: false,
    }
}
const fn ms_undoc(name: &'static str, meaning: &'static str) -> Entry {
    Entry {
        name,
        location: Location::Payload,
        source: ClaimSource::EntraUndocumented,
        meaning,
        is_time: false,
    }
}

const fn gh(name: &'static str, meaning: &'static str) -> Entry {
    Entry {
        name,
        location: Location::Payload,
        source: ClaimSource::GithubActions,
        meaning,
        is_time: false,
    }
}

/// Header parameters (RFC 7515 §4.1, RFC 7516 §4.1, RFC 7519 §5, RFC 7797, Entra's `nonce`).
pub const HEADER: &[Entry] = &[
    h("alg", "Algorithm that signs (JWS) or encrypts the key (JWE) of this token."),
    h("typ", "Media type of the whole token; \"JWT\" for a JSON Web Token, \"at+jwt\" for an OAuth access token (RFC 9068)."),
    h("cty", "Media type of the payload; \"JWT\" means the payload is itself a token (a nested JWT)."),
    h("kid", "Key ID: names the key that signed the token, to be looked up in the issuer's key set (JWKS)."),
    h("x5t", "Base64url SHA-1 thumbprint of the signing certificate; Entra ID v1 tokens set it equal to kid."),
    h("x5t#S256", "Base64url SHA-256 thumbprint of the signing certificate."),
    h("x5c", "The signing certificate chain, base64 DER, signer first."),
    h("x5u", "URL of the signing certificate chain."),
    h("jku", "URL of a JWK Set holding the signing key."),
    h("jwk", "The signing public key itself, as a JWK."),
    h("crit", "Header parameters the recipient must understand, or reject the token."),
    h("enc", "Content-encryption algorithm of a JWE (e.g. A256GCM): present only in encrypted tokens."),
    h("zip", "Compression applied to a JWE's plaintext before encryption (\"DEF\" = DEFLATE)."),
    h("epk", "Ephemeral public key of an ECDH-ES key agreement (JWE)."),
    h("apu", "Agreement PartyUInfo for ECDH-ES key derivation (JWE)."),
    h("apv", "Agreement PartyVInfo for ECDH-ES key derivation (JWE)."),
    h("iv", "Initialisation vector for AES-GCM key wrapping (JWE)."),
    h("tag", "Authentication tag for AES-GCM key wrapping (JWE)."),
    h("p2s", "Salt for PBES2 password-based key encryption (JWE)."),
    h("p2c", "Iteration count for PBES2 password-based key encryption (JWE)."),
    h("b64", "false means the payload was signed unencoded (RFC 7797)."),
    h("iss", "Issuer copied into the header (RFC 7519 §5.3), for use before decryption."),
    h("sub", "Subject copied into the header (RFC 7519 §5.3)."),
    h("aud", "Audience copied into the header (RFC 7519 §5.3)."),
    Entry {
        name: "nonce",
        location: Location::Header,
        source: ClaimSource::Entra,
        meaning: "Set by Entra ID on tokens for Microsoft Graph and other first-party APIs: the signature covers a hashed form of this value, so only that API can verify the token.",
        is_time: false,
    },
];

/// Payload claims: RFC 7519, OpenID Connect and Microsoft Entra ID.
pub const PAYLOAD: &[Entry] = &[
    reg("iss", "Issuer: the security token service that made and signed the token.", false),
    reg("sub", "Subject: the principal the token is about. In Entra app-only tokens (and managed identities) it equals oid.", false),
    reg("aud", "Audience: the API the token is for. It is exactly the resource (or scope without /.default) that was requested.", false),
    reg("exp", "Expiration time: the token must not be accepted at or after this moment.", true),
    reg("nbf", "Not before: the token must not be accepted before this moment.", true),
    reg("iat", "Issued at: when the token was made. Roles and groups in it are a snapshot from this moment.", true),
    reg("jti", "JWT ID: a unique identifier for this token, for replay detection.", false),
    oidc("azp", "Authorised party: the client application's ID (v2.0 tokens). For a managed identity, its client ID.", false),
    oidc("auth_time", "When the user last actively authenticated.", true),
    oidc("nonce", "Value the client sent in the sign-in request, echoed to prevent replay (ID tokens).", false),
    oidc("acr", "Authentication context class. In Entra v1 tokens, \"0\" means the sign-in did not meet ISO/IEC 29115 level 1; \"1\" means it did.", false),
    oidc("amr", "Authentication methods used: pwd, rsa, otp, fed, wia, mfa, ngcmfa, wiaormfa, none.", false),
    oidc("at_hash", "Hash of the access token issued alongside this ID token.", false),
    oidc("c_hash", "Hash of the authorization code issued alongside this ID token.", false),
    oidc("s_hash", "Hash of the state value (FAPI).", false),
    oidc("sid", "Session ID of the user's sign-in session.", false),
    oidc("name", "Display name of the user. For display only, never for authorisation.", false),
    oidc("given_name", "First name of the user.", false),
    oidc("family_name", "Last name of the user.", false),
    oidc("email", "E-mail address of the user (may be unverified; not for authorisation).", false),
    oidc("email_verified", "Whether the e-mail address was verified.", false),
    oidc("preferred_username", "Sign-in name of the user (v2.0); it can change, so never use it for authorisation.", false),
    oidc("updated_at", "When the user's profile was last updated.", true),
    oidc("locale", "The user's locale.", false),
    oidc("middle_name", "Middle name of the user.", false),
    oidc("nickname", "Nickname of the user.", false),
    oidc("phone_number", "Phone number of the user.", false),
    oidc("picture", "URL of the user's picture.", false),
    oidc("cnf", "Confirmation: binds the token to a key (proof of possession, RFC 7800).", false),
    ms("ver", "Token format version chosen by the resource (API): \"1.0\" or \"2.0\"."),
    ms("tid", "Tenant ID: the Entra ID directory that issued the token."),
    ms("oid", "Object ID of the principal in this tenant. For a managed identity, its principal (object) ID. Use it (with tid) to identify the caller."),
    ms("appid", "Application (client) ID of the caller (v1.0 tokens). For a managed identity, its client ID."),
    ms("appidacr", "How the client authenticated (v1.0): \"0\" public client, \"1\" client secret, \"2\" certificate or managed identity."),
    ms("azpacr", "How the client authenticated (v2.0): \"0\" public client, \"1\" client secret, \"2\" certificate or managed identity."),
    ms("idtyp", "Token type: \"app\" for an app-only token (an application or managed identity), \"user\" for a user."),
    ms("idp", "Identity provider that authenticated the subject; differs from iss for guests and personal accounts."),
    ms("aio", "Opaque value Entra ID uses internally. Ignore it."),
    ms("rh", "Opaque value Entra ID uses to revalidate tokens. Ignore it."),
    ms("uti", "Token identifier, unique per token (like jti). Useful when asking Microsoft support about a token."),
    ms("scp", "Delegated permissions (scopes) the user consented to, space-separated. Absent from app-only and managed-identity tokens."),
    ms("roles", "App roles granted: to the application (app-only token) or assigned to the user."),
    ms("wids", "Directory roles (Entra role template IDs) the user holds."),
    ms("groups", "Object IDs of the groups the subject is a member of (if the app asked for group claims)."),
    ms("hasgroups", "The user is in too many groups for the token (over 6 in implicit flow): call Microsoft Graph for them."),
    ms("_claim_names", "Group overage: names claims (groups) whose values were too many and must be fetched from _claim_sources."),
    ms("_claim_sources", "Group overage: where to fetch the values named in _claim_names (a Microsoft Graph endpoint)."),
    ms("unique_name", "Human-readable name of the subject (v1.0); can change, never use for authorisation."),
    ms("upn", "User principal name (v1.0); can change, never use for authorisation."),
    ms("acrs", "Authentication context IDs the user satisfied (Conditional Access step-up)."),
    ms("xms_cc", "Client capabilities: \"cp1\" means the client can handle claims challenges (Continuous Access Evaluation)."),
    ms("ipaddr", "IP address the user authenticated from (v1.0)."),
    ms("onprem_sid", "On-premises security identifier of the user (v1.0)."),
    ms("pwd_exp", "Seconds until the user's password expires (v1.0)."),
    ms("pwd_url", "Where the user can reset the password (v1.0)."),
    ms("in_corp", "The client signs in from the corporate network (v1.0)."),
    ms("acct", "Account status in the tenant: 0 member, 1 guest."),
    ms("ctry", "The user's country or region."),
    ms("tenant_ctry", "The tenant's country or region."),
    ms("tenant_region_scope", "The tenant's region."),
    ms("fwd", "IP address of the requesting client when behind a proxy."),
    ms("login_hint", "Login hint for signing the same user in again."),
    ms("vnet", "Virtual network the request came from."),
    ms("verified_primary_email", "The user's verified primary e-mail address."),
    ms("verified_secondary_email", "The user's verified secondary e-mail addresses."),
    ms("xms_edov", "The e-mail domain owner is verified."),
    ms("xms_pdl", "Preferred data location (Multi-Geo)."),
    ms("xms_pl", "User's preferred language."),
    ms("xms_tpl", "Tenant's preferred language."),
    ms("ztdid", "Zero-touch deployment ID (Windows Autopilot)."),
    ms("app_displayname", "Display name of the client application."),
    ms_undoc("deviceid", "ID of the user's device in Entra ID."),
    ms_undoc("puid", "Internal identifier of the user. Ignore it."),
    ms_undoc("xms_mirid", "Managed identity resource ID: the ARM ID of the managed identity. A user-assigned identity's own ID, or the host resource's ID for a system-assigned one. Only emitted for first-party (Microsoft) audiences."),
    ms_undoc("xms_az_rid", "ARM ID of the Azure resource (the compute) that requested the token with this identity."),
    Entry {
        name: "xms_tcdt",
        location: Location::Payload,
        source: ClaimSource::EntraUndocumented,
        meaning: "Tenant creation time, in Unix seconds.",
        is_time: true,
    },
    ms_undoc("xms_idrel", "Internal: how the identity relates to the tenant."),
    ms_undoc("xms_rd", "Internal routing data. Ignore it."),
    ms_undoc("xms_ssm", "Internal. Ignore it."),
    ms_undoc("xms_st", "Internal. Ignore it."),
    ms_undoc("xms_ftd", "Internal: front-door routing data. Ignore it."),
    ms_undoc("xms_act_fct", "Internal: actor facets. Ignore it."),
    ms_undoc("xms_sub_fct", "Internal: subject facets. Ignore it."),
    Entry {
        name: "kubernetes.io",
        location: Location::Payload,
        source: ClaimSource::Kubernetes,
        meaning: "Kubernetes' own claims in a service-account token: the namespace, the service account and the pod it was issued for (with their UIDs); warnafter is when the kubelet should replace it.",
        is_time: false,
    },
    gh("repository", "The repository the workflow runs in, <owner>/<repo>."),
    gh("repository_id", "The repository's numeric ID (it survives a rename)."),
    gh("repository_owner", "The organisation or user that owns the repository."),
    gh("repository_owner_id", "The owner's numeric ID."),
    gh("repository_visibility", "public, private or internal."),
    gh("ref", "The git ref that started the run (refs/heads/<branch>, refs/tags/<tag>); the subject carries it when the job uses no environment."),
    gh("ref_type", "branch or tag."),
    gh("sha", "The commit the run is for."),
    gh("environment", "The deployment environment the job uses; with one, the subject is repo:<owner>/<repo>:environment:<name>."),
    gh("event_name", "The event that started the run (push, pull_request, workflow_dispatch, ...)."),
    gh("workflow", "The workflow's name."),
    gh("workflow_ref", "The workflow file and ref: <owner>/<repo>/<path>@<ref>."),
    gh("workflow_sha", "The commit of the workflow file."),
    gh("job_workflow_ref", "The workflow file the job runs, a reusable workflow's when it is one: <owner>/<repo>/<path>@<ref>."),
    gh("job_workflow_sha", "The commit of the job's workflow file."),
    gh("head_ref", "A pull request's source branch."),
    gh("base_ref", "A pull request's target branch."),
    gh("actor", "The account that started the run."),
    gh("actor_id", "That account's numeric ID."),
    gh("run_id", "The workflow run's ID."),
    gh("run_number", "The run's number within the workflow."),
    gh("run_attempt", "Which attempt of the run this is."),
    gh("runner_environment", "github-hosted or self-hosted."),
];

/// The catalogue entry for `name` at `location`.
pub fn lookup(location: Location, name: &str) -> Option<&'static Entry> {
    let table = match location {
        Location::Header => HEADER,
        Location::Payload => PAYLOAD,
    };
    table.iter().find(|e| e.name == name)
}

/// What `alg` values mean (RFC 7518 §3.1, §4.1; RFC 8037).
pub fn algorithm(alg: &str) -> Option<&'static str> {
    Some(match alg {
        "none" => "no signature at all (an unsecured JWT)",
        "HS256" => "HMAC with SHA-256 (a shared secret)",
        "HS384" => "HMAC with SHA-384 (a shared secret)",
        "HS512" => "HMAC with SHA-512 (a shared secret)",
        "RS256" => "RSASSA-PKCS1-v1_5 with SHA-256 (an RSA key; what Entra ID uses)",
        "RS384" => "RSASSA-PKCS1-v1_5 with SHA-384 (an RSA key)",
        "RS512" => "RSASSA-PKCS1-v1_5 with SHA-512 (an RSA key)",
        "PS256" => "RSASSA-PSS with SHA-256 (an RSA key)",
        "PS384" => "RSASSA-PSS with SHA-384 (an RSA key)",
        "PS512" => "RSASSA-PSS with SHA-512 (an RSA key)",
        "ES256" => "ECDSA on P-256 with SHA-256",
        "ES384" => "ECDSA on P-384 with SHA-384",
        "ES512" => "ECDSA on P-521 with SHA-512",
        "ES256K" => "ECDSA on secp256k1 with SHA-256",
        "EdDSA" | "Ed25519" => "Edwards-curve signature (Ed25519)",
        "RSA1_5" => "key encryption with RSAES-PKCS1-v1_5 (JWE)",
        "RSA-OAEP" => "key encryption with RSAES-OAEP (JWE)",
        "RSA-OAEP-256" => "key encryption with RSAES-OAEP and SHA-256 (JWE)",
        "A128KW" | "A192KW" | "A256KW" => "key wrapping with AES Key Wrap (JWE)",
        "dir" => "direct use of a shared symmetric key (JWE)",
        "ECDH-ES" => "ECDH-ES key agreement (JWE)",
        "ECDH-ES+A128KW" | "ECDH-ES+A192KW" | "ECDH-ES+A256KW" => {
            "ECDH-ES key agreement with AES Key Wrap (JWE)"
        }
        "A128GCMKW" | "A192GCMKW" | "A256GCMKW" => "key wrapping with AES-GCM (JWE)",
        "PBES2-HS256+A128KW" | "PBES2-HS384+A192KW" | "PBES2-HS512+A256KW" => {
            "password-based key encryption (JWE)"
        }
        "A128GCM" | "A192GCM" | "A256GCM" => "AES-GCM content encryption (JWE)",
        "A128CBC-HS256" | "A192CBC-HS384" | "A256CBC-HS512" => {
            "AES-CBC with HMAC content encryption (JWE)"
        }
        _ => return None,
    })
}

/// The byte length a signature made with `alg` has, as a range (RSA depends on the key size).
pub fn signature_length(alg: &str) -> Option<(usize, usize, &'static str)> {
    Some(match alg {
        "HS256" => (32, 32, "an HS256 signature is 32 bytes"),
        "HS384" => (48, 48, "an HS384 signature is 48 bytes"),
        "HS512" => (64, 64, "an HS512 signature is 64 bytes"),
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => (
            128,
            1024,
            "an RSA signature is as long as the key's modulus: 256 bytes for the 2048-bit keys Entra ID uses, at least 128",
        ),
        "ES256" | "ES256K" => (64, 64, "an ES256 signature is 64 bytes (r and s)"),
        "ES384" => (96, 96, "an ES384 signature is 96 bytes (r and s)"),
        "ES512" => (132, 132, "an ES512 signature is 132 bytes (r and s)"),
        "EdDSA" | "Ed25519" => (64, 64, "an Ed25519 signature is 64 bytes"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_location() {
        for table in [HEADER, PAYLOAD] {
            for (i, e) in table.iter().enumerate() {
                assert!(
                    !table[..i].iter().any(|o| o.name == e.name),
                    "{} listed twice",
                    e.name
                );
                assert!(
                    e.meaning.ends_with('.'),
                    "{}: meaning should be a sentence",
                    e.name
                );
            }
        }
    }

    #[test]
    fn covers_the_entra_access_token_claims() {
        // The access-token claim list in ../shared/reference/token-inspectors.md §4, from
        // MicrosoftDocs/entra-docs access-token-claims-reference.md.
        for name in [
            "aud",
            "iss",
            "idp",
            "iat",
            "nbf",
            "exp",
            "aio",
            "acr",
            "amr",
            "acrs",
            "appid",
            "azp",
            "appidacr",
            "azpacr",
            "idtyp",
            "oid",
            "sub",
            "tid",
            "scp",
            "roles",
            "wids",
            "groups",
            "hasgroups",
            "_claim_names",
            "_claim_sources",
            "name",
            "preferred_username",
            "upn",
            "unique_name",
            "given_name",
            "family_name",
            "uti",
            "rh",
            "ver",
            "xms_cc",
            "ipaddr",
            "onprem_sid",
            "pwd_exp",
            "pwd_url",
            "in_corp",
            "nickname",
            "acct",
            "auth_time",
            "ctry",
            "email",
            "fwd",
            "login_hint",
            "sid",
            "tenant_ctry",
            "tenant_region_scope",
            "vnet",
            "xms_edov",
            "xms_pdl",
            "xms_pl",
            "xms_tpl",
            "ztdid",
            "verified_primary_email",
            "verified_secondary_email",
            "xms_mirid",
            "xms_az_rid",
            "xms_tcdt",
            "xms_idrel",
            "xms_rd",
            "xms_ssm",
            "xms_st",
            "app_displayname",
        ] {
            assert!(lookup(Location::Payload, name).is_some(), "{name} missing");
        }
        for name in [
            "typ", "alg", "kid", "x5t", "nonce", "cty", "enc", "x5c", "jku", "crit", "zip",
        ] {
            assert!(lookup(Location::Header, name).is_some(), "{name} missing");
        }
    }
}
