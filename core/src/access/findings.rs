//! The access findings, one constructor per code: `access.<cause>` for the diagnosis and the
//! cross-check's `access.caller-matches-token`, `access.caller-differs-from-token`,
//! `access.token-audience-mismatch`, `access.token-tenant-mismatch`,
//! `access.token-expired-at-error` and `access.token-cache-age`.

use super::{AccessReport, Cause};
use crate::model::{Code, Finding, Severity};
use crate::timefmt;

/// The code of a cause.
pub fn code_of(cause: Cause) -> Code {
    match cause {
        Cause::RbacMissing => Code::AccessRbacMissing,
        Cause::AccessPolicyMissing => Code::AccessAccessPolicyMissing,
        Cause::PermissionMissing => Code::AccessPermissionMissing,
        Cause::WrongAudience => Code::AccessWrongAudience,
        Cause::WrongIssuer => Code::AccessWrongIssuer,
        Cause::TokenExpired => Code::AccessTokenExpired,
        Cause::InvalidToken => Code::AccessInvalidToken,
        Cause::NetworkDenied => Code::AccessNetworkDenied,
        Cause::ClaimsChallenge => Code::AccessClaimsChallenge,
        Cause::ManagementPlane => Code::AccessManagementPlane,
        Cause::ApiVersion => Code::AccessApiVersion,
        Cause::KeyOperationNotPermitted => Code::AccessKeyOperationNotPermitted,
        Cause::Unknown => Code::AccessUnknown,
    }
}

/// The diagnosis as a finding: why, then the fix; the retry advice closes the detail.
pub fn cause(r: &AccessReport) -> Finding {
    let retry = if r.retry.retryable {
        "Retrying helps: "
    } else {
        "Retrying will not help: "
    };
    Finding::new(Severity::Error, code_of(r.cause), r.summary.clone())
        .detail(format!("{} {retry}{}", r.meaning, r.retry.advice))
        .fix(r.fix.clone())
}

pub fn caller_matches(who: &str) -> Finding {
    Finding::info(Code::AccessCallerMatchesToken, "The refused caller is the token's principal")
        .detail(format!(
            "The object ID (or client ID) in the error is the token's: {who}. The right identity called, so the grant (or the token's audience, tenant or age) is what needs fixing, not the credential."
        ))
}

pub fn caller_differs(error_caller: &str, token_identity: &str) -> Finding {
    Finding::warning(
        Code::AccessCallerDiffersFromToken,
        "The error names another principal than the token's",
    )
    .detail(format!(
        "The error's caller is {error_caller}, but the token belongs to {token_identity}. The app sent another credential's token than this one (DefaultAzureCredential picked another link, another user-assigned identity was used, or a cached token of another identity), or this is not the token of that call."
    ))
    .fix("Grant the access to the principal the error names, or make the app use the identity you granted (pass its client ID to ManagedIdentityCredential; set AZURE_CLIENT_ID for DefaultAzureCredential).")
}

pub fn audience_mismatch(aud: &str, aud_service: Option<&str>, accepted: &[String]) -> Finding {
    Finding::error(
        Code::AccessTokenAudienceMismatch,
        format!("The token is for {aud}, which this service does not accept"),
    )
    .detail(format!(
        "The token's aud is {aud}{}; the service accepts {}.",
        aud_service.map(|s| format!(" ({s})")).unwrap_or_default(),
        accepted.join(", ")
    ))
    .fix(format!(
        "Request the token for {} instead.",
        accepted
            .first()
            .map_or("the service's audience", String::as_str)
    ))
}

pub fn tenant_mismatch(token_tenant: &str, expected: &str) -> Finding {
    Finding::warning(
        Code::AccessTokenTenantMismatch,
        "The token comes from another tenant than the one expected",
    )
    .detail(format!(
        "The token's tenant is {token_tenant}; the error expects {expected}."
    ))
    .fix("Get the token from the resource's tenant; a managed identity's tokens always come from its own tenant.")
}

pub fn expired_at_error(exp: i64, error_time: i64) -> Finding {
    Finding::error(
        Code::AccessTokenExpiredAtError,
        "The token had expired when the error happened",
    )
    .detail(format!(
        "The token's exp is {}; the error happened at {}, {} later.",
        timefmt::utc(exp),
        timefmt::utc(error_time),
        timefmt::duration(error_time.saturating_sub(exp))
    ))
    .fix("Get a new token before exp (SDK credentials refresh 5 minutes early); do not keep a token string across calls.")
}

pub fn cache_age(iat: i64, now: i64) -> Finding {
    let until = iat.saturating_add(24 * 3600);
    Finding::info(
        Code::AccessTokenCacheAge,
        "Grants through a group made after this token was issued are not in it",
    )
    .detail(format!(
        "The token was issued at {} ({}). Groups and app roles are claims in the token, and a managed identity's token endpoint caches each token for about 24 hours per resource, so it may keep handing out this one until about {} ({}).",
        timefmt::utc(iat),
        timefmt::relative(iat, now),
        timefmt::utc(until),
        timefmt::relative(until, now)
    ))
}
