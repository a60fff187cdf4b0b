//! Azure Storage's refusals, from its XML error bodies, its `x-ms-error-code` header or SDK
//! texts: `AuthorizationPermissionMismatch` (no data role), `AuthorizationFailure` (the account's
//! firewall), `AuthenticationFailed` with its `AuthenticationErrorDetail` ("Authentication scheme
//! Bearer is not supported in this version": `x-ms-version` too old), `InvalidAuthenticationInfo`
//! ("Audience validation failed") and `NoAuthenticationInformation`. Codes and statuses from
//! "Common REST API error codes" (learn.microsoft.com/rest/api/storageservices/
//! common-rest-api-error-codes); bearer tokens need `x-ms-version` 2017-11-09 or later
//! (learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).

use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::{self, Envelope};
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::{self, Plane};
use crate::input::text::between;
use crate::search::Search;

/// Storage's authentication and authorization codes.
const CODES: &[&str] = &[
    "AuthorizationPermissionMismatch",
    "AuthorizationFailure",
    "InvalidAuthenticationInfo",
    "NoAuthenticationInformation",
    "AuthenticationFailed",
    "KeyBasedAuthenticationNotPermitted",
];

/// Which of Storage's services answered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blob,
    Queue,
    Table,
    File,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Blob => "blob",
            Kind::Queue => "queue",
            Kind::Table => "table",
            Kind::File => "file",
        }
    }
}

fn is_storage(env: &Envelope) -> bool {
    let storage_code = env
        .code
        .as_deref()
        .is_some_and(|c| CODES.iter().any(|k| k.eq_ignore_ascii_case(c)));
    let storage_context = env.has("<error><code>")
        || env.has("authenticationerrordetail")
        || env.has("windows-azure-")
        || env.has("including the signature")
        || env.header("x-ms-error-code").is_some()
        || [".blob.", ".queue.", ".table.", ".file.", ".dfs."]
            .iter()
            .any(|h| env.has(&format!("{h}core.windows.net")));
    storage_code && (storage_context || !env.code_is("AuthenticationFailed"))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_storage(env) {
        return None;
    }
    let text = env.text.as_str();
    let detail = between(
        text,
        "<AuthenticationErrorDetail>",
        "</AuthenticationErrorDetail>",
    )
    .or_else(|| shapes::line_after(text, "AuthenticationErrorDetail: "));
    let target = target(text);
    let kind = kind_of(env, &target);
    let mut d = by_code(env, &detail, kind, &target);
    d.found = d.found.take().or(detail);
    d.resource = Some("https://storage.azure.com/".to_string());
    d.accepted = vec![
        "https://storage.azure.com".to_string(),
        "https://storage.azure.com/".to_string(),
    ];
    if let (Some(account), Some(kind)) = (&target.account, kind) {
        d.accepted.push(format!(
            "https://{account}.{}.core.windows.net",
            kind.word()
        ));
    }
    d.target = target;
    Some(d)
}

/// The diagnosis for Storage's code and authentication detail.
fn by_code(
    env: &Envelope,
    detail: &Option<String>,
    kind: Option<Kind>,
    target: &CallTarget,
) -> Diagnosis {
    let detail_lower = detail.as_deref().unwrap_or("").to_ascii_lowercase();
    if env.code_is("AuthorizationPermissionMismatch") {
        permission_mismatch(env, kind, target)
    } else if env.code_is("AuthorizationFailure") {
        firewall()
    } else if env.code_is("KeyBasedAuthenticationNotPermitted") {
        Diagnosis::new(Service::Storage, Cause::InvalidToken).says(
            "The account allows no shared-key access, and the request used a key",
            "KeyBasedAuthenticationNotPermitted: the account has shared-key authorization turned off, so only Microsoft Entra tokens (or user-delegation SAS) work.",
            "Authorize with a token for https://storage.azure.com/ (a managed identity with a Storage data role) instead of the account key or a key-signed SAS.",
        )
    } else if detail_lower.has("not supported in this version") {
        api_version(detail)
    } else if detail_lower.has("audience") || env.has("audience validation failed") {
        wrong_audience()
    } else if detail_lower.has("issuer") || env.has("issuer validation failed") {
        Diagnosis::new(Service::Storage, Cause::WrongIssuer).says(
            "Storage refused a token from another tenant",
            "Issuer validation failed: the token's tenant is not the storage account's.",
            "Get the token from the account's tenant (the tenant in the 401's WWW-Authenticate authorization_uri).",
        )
    } else if detail_lower.has("lifetime") || detail_lower.has("expired") {
        Diagnosis::new(Service::Storage, Cause::TokenExpired).says(
            "Storage refused an expired token",
            "Lifetime validation failed: the token's `exp` has passed.",
            "Get a new token before `exp` (SDK credentials refresh by themselves; code that caches a token must too).",
        )
    } else if env.code_is("NoAuthenticationInformation") {
        Diagnosis::new(Service::Storage, Cause::InvalidToken).says(
            "No credential reached Storage",
            "NoAuthenticationInformation: the request had no Authorization header (and no SAS), so Storage did not even evaluate a role. A missing role would be a 403 AuthorizationPermissionMismatch instead.",
            "Make the tool send its token: check that the client was given the credential (AzCopy: AZCOPY_AUTO_LOGIN_TYPE=MSI for each command), and that nothing strips the Authorization header.",
        )
    } else {
        Diagnosis::new(Service::Storage, Cause::InvalidToken).says(
            "Storage could not authenticate the request",
            &format!(
                "{}: {}",
                env.code.as_deref().unwrap_or("AuthenticationFailed"),
                detail.as_deref().unwrap_or("the Authorization header is malformed, or its token or signature is not valid for this account")
            ),
            "Send `Authorization: Bearer <token>` with a token for https://storage.azure.com/ and `x-ms-version` 2017-11-09 or later.",
        )
    }
}

fn kind_of(env: &Envelope, target: &CallTarget) -> Option<Kind> {
    let server = env.header("Server").unwrap_or("").to_ascii_lowercase();
    let host = target.host.as_deref().unwrap_or("");
    [
        (Kind::Blob, "blob"),
        (Kind::Blob, "dfs"),
        (Kind::Queue, "queue"),
        (Kind::Table, "table"),
        (Kind::File, "file"),
    ]
    .into_iter()
    .find(|(_, w)| server.has(&format!("windows-azure-{w}")) || host.has(&format!(".{w}.core.")))
    .map(|(k, _)| k)
}

fn permission_mismatch(env: &Envelope, kind: Option<Kind>, target: &CallTarget) -> Diagnosis {
    let kind = kind.unwrap_or(Kind::Blob);
    let method = target.method.as_deref().unwrap_or("");
    let mut d = Diagnosis::new(Service::Storage, Cause::RbacMissing).says(
        &format!("The caller has no Storage data role that allows this {} operation", kind.word()),
        &format!(
            "AuthorizationPermissionMismatch: the token was accepted, but no role assignment of the caller grants the {} data action the request needs. Owner, Contributor and Storage Account Contributor are management-plane roles: they do not grant data access with a token.",
            kind.word()
        ),
        "Assign a Storage data role at the account (or the container) to the identity the app uses, then allow up to 30 minutes for it to apply.",
    );
    let scope = account_scope(target);
    let (reader, writer) = match kind {
        Kind::Queue => (
            "Storage Queue Data Reader",
            "Storage Queue Data Contributor",
        ),
        Kind::Table => (
            "Storage Table Data Reader",
            "Storage Table Data Contributor",
        ),
        _ => ("Storage Blob Data Reader", "Storage Blob Data Contributor"),
    };
    let writes = matches!(method, "PUT" | "POST" | "DELETE" | "PATCH");
    if kind == Kind::Blob && !method.is_empty() {
        let verb = if method == "DELETE" {
            "delete"
        } else if writes {
            "write"
        } else {
            "read"
        };
        d.permission = Some((
            format!("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/{verb}"),
            Plane::Data,
        ));
        d.action = d.permission.as_ref().map(|(a, _)| a.clone());
    }
    d.roles = [reader, writer]
        .iter()
        .filter_map(|n| roles::by_name(n))
        .collect();
    if !writes {
        d.grants.push(Grant::Role {
            role: roles::by_name(reader),
            scope: scope.clone(),
            why: Some("to read"),
        });
    }
    d.grants.push(Grant::Role {
        role: roles::by_name(writer),
        scope: scope.clone(),
        why: Some("to read and write"),
    });
    d.scope = Some(scope);
    if env.header("x-ms-version").is_some() {
        d.notes.push(format!(
            "The request sent x-ms-version {}, which supports bearer tokens, so the token was read: the role is what is missing.",
            env.header("x-ms-version").unwrap_or("")
        ));
    }
    d
}

fn firewall() -> Diagnosis {
    Diagnosis::new(Service::Storage, Cause::NetworkDenied).says(
        "The storage account's network rules refused the request",
        "AuthorizationFailure with a valid token: the account's firewall (selected networks, private endpoints only, or no public access) does not let the caller's address in. A missing role would be AuthorizationPermissionMismatch instead.",
        "Call from an allowed network (VNet integration, a private endpoint), or add the caller's outbound address or subnet to the account's network rules (`az storage account network-rule add`).",
    )
}

fn api_version(detail: &Option<String>) -> Diagnosis {
    let mut d = Diagnosis::new(Service::Storage, Cause::ApiVersion).says(
        "The request's x-ms-version is too old for a bearer token",
        &format!(
            "{}: Storage accepts Microsoft Entra tokens only from service version 2017-11-09 on; without an `x-ms-version` header (or with an older one) it reads the request as an old-version one and refuses the Bearer scheme.",
            detail.as_deref().unwrap_or("Authentication scheme Bearer is not supported in this version")
        ),
        "Send `x-ms-version: 2017-11-09` or later (current SDKs do; raw REST calls and old tools must add it), then the same token works.",
    );
    d.expected = Some("x-ms-version 2017-11-09 or later".to_string());
    d
}

fn wrong_audience() -> Diagnosis {
    Diagnosis::new(Service::Storage, Cause::WrongAudience).says(
        "Storage refused a token issued for another resource",
        "Audience validation failed: the token's `aud` is not Storage. Storage accepts tokens for https://storage.azure.com/ or for the account's own endpoint (https://<account>.blob.core.windows.net).",
        "Request the token for https://storage.azure.com/ (SDK credentials: the scope https://storage.azure.com/.default).",
    )
}

/// The account scope for role commands: its ARM ID with placeholders for what the error omits.
fn account_scope(target: &CallTarget) -> String {
    let account = target.account.as_deref().unwrap_or("<storage-account>");
    let base = format!(
        "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/{account}"
    );
    match &target.container {
        Some(c) => format!("{base}/blobServices/default/containers/{c}"),
        None => base,
    }
}

/// The account, container and blob from a storage URL in the text.
fn target(text: &str) -> CallTarget {
    let mut t = CallTarget::default();
    let Some(url) = shapes::urls(text)
        .into_iter()
        .find(|u| shapes::host_of(u).is_some_and(|h| h.ends_with(".core.windows.net")))
    else {
        return t;
    };
    let host = shapes::host_of(&url).unwrap_or_default();
    t.account = host.split('.').next().map(str::to_string);
    let path = shapes::path_segments(&url);
    t.container = path.first().cloned();
    t.blob = (path.len() > 1).then(|| path.get(1..).unwrap_or(&[]).join("/"));
    t.method = ["GET ", "PUT ", "POST ", "DELETE ", "HEAD "]
        .iter()
        .find(|m| text.contains(&format!("{}{url}", m)))
        .map(|m| m.trim().to_string());
    t.host = Some(host);
    t.url = Some(url);
    t
}

/// The status Storage documents for each code.
pub fn documented_status(code: &str) -> Option<u16> {
    match code {
        "AuthenticationFailed" | "AuthorizationPermissionMismatch" | "AuthorizationFailure" => {
            Some(403)
        }
        "InvalidAuthenticationInfo" | "NoAuthenticationInformation" => Some(401),
        _ => None,
    }
}
