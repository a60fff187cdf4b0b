//! Azure Resource Manager's refusals: `AuthorizationFailed` (client, object ID, action, scope),
//! `LinkedAuthorizationFailed` (a permission on a linked scope, such as assigning a user-assigned
//! identity), `InvalidAuthenticationTokenAudience` and the older `AuthenticationFailed` (found vs
//! allowed audiences), `ExpiredAuthenticationToken` (its two times),
//! `InvalidAuthenticationTokenTenant` (the token's issuer vs the subscription's tenant) and
//! `InvalidAuthenticationToken`. Message formats from the issues in the samples
//! (../shared/samples/access-errors.jsonl).

use super::caller;
use super::fix::Grant;
use super::shapes::{is_redacted, single_quoted_list, Envelope};
use super::{Cause, Diagnosis, Service};
use crate::azure::roles::Plane;
use crate::input::text::between;
use crate::search::Search;

const RESOURCE: &str = "https://management.azure.com/";

const CODES: &[&str] = &[
    "AuthorizationFailed",
    "LinkedAuthorizationFailed",
    "InvalidAuthenticationTokenAudience",
    "ExpiredAuthenticationToken",
    "InvalidAuthenticationTokenTenant",
    "InvalidAuthenticationToken",
];

fn is_arm(env: &Envelope) -> bool {
    CODES.iter().any(|c| env.code_is(c))
        || (env.has("does not have authorization to perform action") && env.has("scope"))
        || (env.has("allowed audiences") && env.has("management."))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_arm(env) {
        return None;
    }
    let text = env.message_or_text().to_string();
    let text = text.as_str();
    let mut d = if env.code_is("LinkedAuthorizationFailed") || env.has("on the linked scope") {
        linked(text)
    } else if env.code_is("AuthorizationFailed")
        || env.has("does not have authorization to perform action")
    {
        authorization_failed(text)
    } else if env.code_is("InvalidAuthenticationTokenAudience") || env.has("wrong audience") {
        wrong_audience(text)
    } else if env.code_is("ExpiredAuthenticationToken") {
        expired(text)
    } else if env.code_is("InvalidAuthenticationTokenTenant") || env.has("wrong issuer") {
        wrong_tenant(text)
    } else {
        Diagnosis::new(Service::Arm, Cause::InvalidToken).says(
            "Resource Manager rejected the token itself",
            &format!(
                "InvalidAuthenticationToken: {}",
                env.message.as_deref().unwrap_or("the token is malformed, unsigned or missing required claims")
            ),
            "Send a complete token for https://management.azure.com/ as `Authorization: Bearer <token>` (no quotes, not cut short).",
        )
    };
    if d.caller.is_none() {
        d.caller = caller::from_arm(text);
    }
    d.resource = Some(RESOURCE.to_string());
    if d.accepted.is_empty() {
        d.accepted = [
            "https://management.azure.com/",
            "https://management.azure.com",
            "https://management.core.windows.net/",
            "https://management.core.windows.net",
        ]
        .map(str::to_string)
        .to_vec();
    }
    Some(d)
}

fn authorization_failed(text: &str) -> Diagnosis {
    let action = between(text, "perform action '", "'");
    let scope = between(text, "over scope '", "'");
    let mut d = Diagnosis::new(Service::Arm, Cause::RbacMissing).says(
        &format!(
            "No role assignment lets this client {}",
            action.as_deref().map(|a| format!("perform {a}")).unwrap_or_else(|| "do this".to_string())
        ),
        "AuthorizationFailed: Resource Manager found no role assignment of the caller (directly or through a group) that grants the action at this scope or above it. The scope may also be mistyped: Resource Manager says so in the same message.",
        "Assign the caller the least privileged role that grants the action, at the scope in the message (or above it), and allow a few minutes for it to propagate; check the scope is the one you meant.",
    );
    if let Some(scope) = scope.clone() {
        d.grants.push(Grant::Role {
            role: None,
            scope: scope.clone(),
            why: Some("at the scope in the message"),
        });
        d.target.arm_id = Some(scope);
    }
    d.permission = action.clone().map(|a| (a, Plane::Control));
    d.action = action;
    d.scope = scope;
    d
}

fn linked(text: &str) -> Diagnosis {
    let action = between(text, "perform action(s) '", "'")
        .or_else(|| between(text, "permission to perform action '", "'"));
    let scope = between(text, "linked scope(s) '", "'");
    let mut d = Diagnosis::new(Service::Arm, Cause::RbacMissing).says(
        &format!(
            "The caller may change the resource, but not use what it links to{}",
            action.as_deref().map(|a| format!(" ({a})")).unwrap_or_default()
        ),
        "LinkedAuthorizationFailed: the caller has the permission on the resource itself, but the request also touches another resource (a user-assigned identity to assign, a subnet to join, a key to use), and the caller lacks the named action there.",
        "Assign the caller a role that grants the linked action on the linked scope (for assigning a user-assigned identity: Managed Identity Operator on the identity).",
    );
    if let Some(scope) = &scope {
        d.grants.push(Grant::Role {
            role: None,
            scope: scope.clone(),
            why: Some("on the linked scope"),
        });
    }
    d.permission = action.clone().map(|a| (a, Plane::Control));
    d.action = action;
    d.scope = scope;
    d
}

fn wrong_audience(text: &str) -> Diagnosis {
    let found = between(text, "audience or resource '", "'");
    let allowed = single_quoted_list(text, "allowed audiences ");
    let strict = text.has("including forward slash");
    let mut d = Diagnosis::new(Service::Arm, Cause::WrongAudience).says(
        &format!(
            "Resource Manager refused a token issued for {}",
            found.as_deref().unwrap_or("another resource")
        ),
        &format!(
            "The token's `aud` is not one of the audiences Resource Manager accepts ({}). The token was requested for the wrong resource: a Graph token, a Key Vault token, or a client ID in place of a resource.",
            if allowed.is_empty() { "https://management.azure.com/ and https://management.core.windows.net/".to_string() } else { allowed.join(", ") }
        ),
        &format!(
            "Request the token for https://management.azure.com/ (SDK credentials: the scope https://management.azure.com/.default).{}",
            if strict {
                " This message demands an exact match including the trailing slash: request https://management.azure.com/ or https://management.core.windows.net/ with the slash."
            } else {
                " Resource Manager accepts these audiences with and without the trailing slash."
            }
        ),
    );
    d.expected = (!allowed.is_empty()).then(|| allowed.join(" | "));
    d.accepted = allowed;
    d.found = found;
    d
}

fn expired(text: &str) -> Diagnosis {
    let expiry = between(text, "expiry UTC time '", "'")
        .or_else(|| between(text, "UTC time '", "'"))
        .filter(|t| !is_redacted(t) && !t.has("redacted"));
    let now = between(text, "current UTC time '", "'").filter(|t| !t.has("redacted"));
    let mut d = Diagnosis::new(Service::Arm, Cause::TokenExpired).says(
        "Resource Manager refused an expired token",
        &format!(
            "ExpiredAuthenticationToken: the token's `exp`{} had passed when Resource Manager received it{}. The app kept using a cached token after its expiry, or the machine's clock is wrong.",
            expiry.as_deref().map(|e| format!(" ({e} UTC)")).unwrap_or_default(),
            now.as_deref().map(|n| format!(" ({n} UTC)")).unwrap_or_default()
        ),
        "Get a new token: SDK credentials refresh 5 minutes before expiry by themselves, so code that stores a token string (or a long-running tool) must ask the credential again instead of reusing it. If the times are close, check the client's clock.",
    );
    d.found = expiry.map(|e| format!("token expired at {e} UTC"));
    d.time = now;
    d
}

fn wrong_tenant(text: &str) -> Diagnosis {
    let found = between(text, "wrong issuer '", "'");
    let expected = between(text, "must match the tenant '", "'");
    let authority = between(text, "authority (URL) '", "'");
    let mut d = Diagnosis::new(Service::Arm, Cause::WrongIssuer).says(
        "The token comes from another tenant than the subscription's",
        "InvalidAuthenticationTokenTenant: the token's issuer (`iss`) names a different Microsoft Entra tenant than the one the subscription belongs to. Typical causes: signing in with an account from another tenant or a personal Microsoft account, a multi-tenant app asking its home tenant, or a subscription that just moved tenants (Resource Manager says that can take up to an hour).",
        &format!(
            "Get the token from the subscription's tenant{}; a managed identity can only get tokens from its own tenant, so it cannot manage a subscription in another one.",
            authority.as_deref().map(|a| format!(" (authority {a})")).unwrap_or_default()
        ),
    );
    d.accepted = expected.iter().cloned().collect();
    d.expected = expected;
    d.found = found;
    d
}

/// The status Resource Manager sends with each code.
pub fn documented_status(code: &str) -> Option<u16> {
    match code {
        "AuthorizationFailed" | "LinkedAuthorizationFailed" => Some(403),
        "InvalidAuthenticationTokenAudience"
        | "ExpiredAuthenticationToken"
        | "InvalidAuthenticationTokenTenant"
        | "InvalidAuthenticationToken"
        | "AuthenticationFailed" => Some(401),
        _ => None,
    }
}
