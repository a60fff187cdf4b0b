//! What a resource answered after the token: Key Vault, Storage, Resource Manager, Microsoft
//! Graph, SQL, Cosmos DB, Service Bus, Event Hubs, App Configuration and Container Registry
//! refusing a call with 401 or 403 (or AMQP's unauthorized-access), in every shape people paste
//! (`shapes`), with or without a `WWW-Authenticate` challenge (`challenge`). Each service family
//! has its reader; together they say why the call was denied, the exact grant or token that fixes
//! it (`fix`), and, when the token that was sent is at hand, whether it is the one the resource
//! saw (`cross_check`).
//!
//! A resource's answer is told from a token endpoint's by what only resources say: their error
//! codes (`ForbiddenByRbac`, `AuthorizationPermissionMismatch`, `AKV10022`, ...), their caller
//! blocks, their hosts and their challenges. A text carrying a managed-identity endpoint's own
//! signs (`AADSTS`, "Identity not found", ...) is left to `response`.

mod app_configuration;
mod arm;
mod caller;
pub mod challenge;
mod cosmos;
mod cross_check;
mod findings;
pub(crate) mod fix;
mod graph;
mod key_vault;
mod messaging;
mod registry;
pub mod shapes;
mod sql;
mod storage;

use serde::Serialize;

use crate::azure::roles::{self, BuiltInRole, Plane};
use crate::model::{Context, Finding};
use crate::response::errors::Retry;
use crate::token::TokenReport;
pub use caller::Caller;
pub use challenge::Challenge;
pub use cross_check::{CheckStatus, SentToken, TokenCheck};
pub use fix::FixCommand;
pub use shapes::{Envelope, Shape};

/// The service that answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    KeyVault,
    Storage,
    Arm,
    Graph,
    Sql,
    CosmosDb,
    ServiceBus,
    EventHubs,
    AppConfiguration,
    ContainerRegistry,
    #[default]
    Unknown,
}

impl Service {
    /// The service's name in words.
    pub fn label(self) -> &'static str {
        match self {
            Service::KeyVault => "Azure Key Vault",
            Service::Storage => "Azure Storage",
            Service::Arm => "Azure Resource Manager",
            Service::Graph => "Microsoft Graph",
            Service::Sql => "Azure SQL",
            Service::CosmosDb => "Azure Cosmos DB",
            Service::ServiceBus => "Azure Service Bus",
            Service::EventHubs => "Azure Event Hubs",
            Service::AppConfiguration => "Azure App Configuration",
            Service::ContainerRegistry => "Azure Container Registry",
            Service::Unknown => "the resource",
        }
    }
}

/// Why the call was denied. Each has its finding code, `access.<cause>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// No Azure RBAC role assignment grants the action.
    RbacMissing,
    /// The vault uses access policies, and none grants the permission.
    AccessPolicyMissing,
    /// A permission outside Azure RBAC and access policies is missing: a Microsoft Graph
    /// permission, or a database user in SQL.
    PermissionMissing,
    /// The token was issued for another resource.
    WrongAudience,
    /// The token comes from another tenant than the resource's.
    WrongIssuer,
    TokenExpired,
    /// The token was rejected as a token (malformed, unsigned, not for this service).
    InvalidToken,
    /// A firewall, virtual network rule or private endpoint refused the caller's address.
    NetworkDenied,
    /// Continuous access evaluation or conditional access asks for a token with more claims.
    ClaimsChallenge,
    /// A management operation was attempted through the data plane.
    ManagementPlane,
    /// The request's API version (Storage's `x-ms-version`) cannot carry a bearer token.
    ApiVersion,
    /// The key does not permit the operation (its `key_ops`).
    KeyOperationNotPermitted,
    #[default]
    Unknown,
}

impl Cause {
    /// The cause as written in JSON (`rbac-missing`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::RbacMissing => "rbac-missing",
            Cause::AccessPolicyMissing => "access-policy-missing",
            Cause::PermissionMissing => "permission-missing",
            Cause::WrongAudience => "wrong-audience",
            Cause::WrongIssuer => "wrong-issuer",
            Cause::TokenExpired => "token-expired",
            Cause::InvalidToken => "invalid-token",
            Cause::NetworkDenied => "network-denied",
            Cause::ClaimsChallenge => "claims-challenge",
            Cause::ManagementPlane => "management-plane",
            Cause::ApiVersion => "api-version",
            Cause::KeyOperationNotPermitted => "key-operation-not-permitted",
            Cause::Unknown => "unknown",
        }
    }

    /// True for causes fixed by granting something (rather than by another token or request).
    pub fn is_missing_grant(self) -> bool {
        matches!(
            self,
            Cause::RbacMissing | Cause::AccessPolicyMissing | Cause::PermissionMissing
        )
    }
}

/// A built-in role that grants the denied action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleRef {
    pub name: &'static str,
    /// The role definition's GUID.
    pub id: &'static str,
    /// `azure_rbac`, or `cosmos_db_data_plane` for Cosmos DB's own data roles.
    pub system: roles::RoleSystem,
}

impl From<&BuiltInRole> for RoleRef {
    fn from(r: &BuiltInRole) -> Self {
        RoleRef {
            name: r.name,
            id: r.id,
            system: r.system,
        }
    }
}

/// What was called, as far as the paste shows it: what a program needs to repeat the call.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CallTarget {
    /// The URL as the paste shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The HTTP method, when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Key Vault: the vault's URL (`https://<name>.vault.azure.net`) and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault_name: Option<String>,
    /// Key Vault: `secrets`, `keys` or `certificates`, and the object's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_name: Option<String>,
    /// Storage: the account, container and blob.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blob: Option<String>,
    /// The Azure Resource Manager ID of what was called (an ARM scope), when the error names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm_id: Option<String>,
    /// Service Bus / Event Hubs namespace and entity path; Container Registry and App
    /// Configuration: the registry or store host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// A time the error states (when it happened, or a token time it quotes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorTime {
    pub raw: String,
    pub epoch: Option<i64>,
    /// The time in UTC, as the report writes times.
    pub utc: Option<String>,
}

/// Everything read from a resource's refusal, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessReport {
    pub service: Service,
    /// The service's name in words.
    pub service_name: &'static str,
    pub shape: Shape,
    pub status: Option<u16>,
    /// Where the status came from: `message` (the paste shows it) or `error code` (the service
    /// documents this status for the code).
    pub status_source: Option<&'static str>,
    pub error_code: Option<String>,
    pub inner_code: Option<String>,
    /// The error's message, as sent.
    pub message: Option<String>,
    pub cause: Cause,
    /// Why the call was denied, in one sentence.
    pub summary: String,
    /// What the error means, in a paragraph.
    pub meaning: String,
    /// The fix, in words; `commands` are the same as commands.
    pub fix: String,
    pub caller: Option<Caller>,
    /// The denied action (an RBAC action, an access-policy permission, AMQP claims, ...).
    pub action: Option<String>,
    /// What the denial applies to: an ARM scope, a vault, an entity.
    pub scope: Option<String>,
    /// What the service expected (audience, issuer) and what it found.
    pub expected: Option<String>,
    pub found: Option<String>,
    /// The built-in roles that grant `action`, least privileged first.
    pub roles: Vec<RoleRef>,
    /// The fix as commands, each ready to copy.
    pub commands: Vec<FixCommand>,
    pub challenge: Option<Challenge>,
    /// What was called: what a program needs to repeat the call.
    pub target: CallTarget,
    /// The resource (audience) to request the token for, in its documented form.
    pub resource: Option<String>,
    pub retry: Retry,
    /// Propagation and caching facts that bear on this error.
    pub notes: Vec<String>,
    /// The error's own time, when it states one.
    pub time: Option<ErrorTime>,
    /// The token that was sent, compared with the error (pasted with it or in the second box).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_token: Option<SentToken>,
}

/// What a service's reader made of the error.
#[derive(Clone, Debug, Default)]
pub(crate) struct Diagnosis {
    pub service: Service,
    pub cause: Cause,
    pub summary: String,
    pub meaning: String,
    pub fix: String,
    pub caller: Option<Caller>,
    pub action: Option<String>,
    /// The RBAC permission behind `action`, to look the roles up with.
    pub permission: Option<(String, Plane)>,
    pub scope: Option<String>,
    pub expected: Option<String>,
    /// Every audience or issuer the service accepts, for the token cross-check.
    pub accepted: Vec<String>,
    pub found: Option<String>,
    /// Roles named by the reader when no single permission is known.
    pub roles: Vec<&'static BuiltInRole>,
    pub grants: Vec<fix::Grant>,
    pub target: CallTarget,
    pub resource: Option<String>,
    pub notes: Vec<String>,
    pub time: Option<String>,
    pub challenge: Option<Challenge>,
    /// The status the reader read from a phrase the envelope does not know (`401 Unauthorized`
    /// inside a registry client's message).
    pub status: Option<u16>,
}

impl Diagnosis {
    fn new(service: Service, cause: Cause) -> Self {
        Diagnosis {
            service,
            cause,
            ..Diagnosis::default()
        }
    }

    fn says(mut self, summary: &str, meaning: &str, fix: &str) -> Self {
        self.summary = summary.to_string();
        self.meaning = meaning.to_string();
        self.fix = fix.to_string();
        self
    }
}

/// A pasted refusal, recognised but not yet analysed.
#[derive(Debug)]
pub struct AccessInput<'a> {
    pub text: &'a str,
    envelope: Envelope,
    diagnosis: Diagnosis,
}

/// A reader of one service family's errors.
type Reader = fn(&Envelope) -> Option<Diagnosis>;

/// The readers, most specific first: Graph before Resource Manager (both send
/// `InvalidAuthenticationToken`), the bare challenge last.
const READERS: &[Reader] = &[
    key_vault::read,
    storage::read,
    cosmos::read,
    messaging::read,
    sql::read,
    registry::read,
    app_configuration::read,
    graph::read,
    arm::read,
    challenge::read,
];

/// Recognises what a resource answered; `None` when the text is not a resource's refusal (or is
/// a managed-identity endpoint's error, which `response` reads).
pub fn recognize(text: &str) -> Option<AccessInput<'_>> {
    if crate::response::errors::text_signals(text) {
        return None;
    }
    let envelope = shapes::read(text);
    let diagnosis = READERS.iter().find_map(|read| read(&envelope))?;
    Some(AccessInput {
        text,
        envelope,
        diagnosis,
    })
}

/// The finding code of a cause (`access.<cause>`).
pub fn cause_code(cause: Cause) -> crate::model::Code {
    findings::code_of(cause)
}

/// What analysing a refusal produced.
pub struct AccessOutcome {
    pub report: AccessReport,
    pub findings: Vec<Finding>,
}

/// Analyses a recognised refusal; `sent` is the token that was sent, when known.
pub fn analyze(
    input: &AccessInput<'_>,
    ctx: &Context,
    sent: Option<&TokenReport>,
) -> AccessOutcome {
    let env = &input.envelope;
    let d = &input.diagnosis;
    let roles = granting_roles(d);
    let (status, status_source) = match (env.status, d.status) {
        (Some(s), _) | (None, Some(s)) => (Some(s), Some("message")),
        (None, None) => (d.documented_status(env), Some("error code")),
    };
    let status_source = status.and(status_source);
    let commands = fix::commands(d, &roles);
    let time = d.time.clone().or_else(|| env.time.clone()).map(|raw| {
        let epoch = shapes::read_time(&raw, ctx);
        ErrorTime {
            utc: epoch.map(crate::timefmt::utc),
            epoch,
            raw,
        }
    });
    let mut report = AccessReport {
        service: d.service,
        service_name: d.service.label(),
        shape: env.shape,
        status,
        status_source,
        error_code: env.code.clone(),
        inner_code: env.inner_code.clone(),
        message: env.message.clone(),
        cause: d.cause,
        summary: d.summary.clone(),
        meaning: d.meaning.clone(),
        fix: d.fix.clone(),
        caller: d.caller.clone(),
        action: d.action.clone(),
        scope: d.scope.clone(),
        expected: d.expected.clone(),
        found: d.found.clone(),
        roles: roles.iter().map(|r| RoleRef::from(*r)).collect(),
        commands,
        challenge: d.challenge.clone().or_else(|| env.challenge.clone()),
        target: d.target.clone(),
        resource: d.resource.clone(),
        retry: fix::retry(status, d.cause),
        notes: fix::notes(d, &roles),
        time,
        sent_token: None,
    };
    let mut findings = vec![findings::cause(&report)];
    if let Some(token) = sent {
        let (checked, more) = cross_check::compare(d, &report, token, ctx);
        report.sent_token = Some(checked);
        findings.extend(more);
    }
    AccessOutcome { report, findings }
}

/// The roles to show: those granting the known permission, else those the reader named.
fn granting_roles(d: &Diagnosis) -> Vec<&'static BuiltInRole> {
    match &d.permission {
        Some((action, plane)) => {
            let found = roles::granting(action, *plane);
            if found.is_empty() {
                d.roles.clone()
            } else {
                found
            }
        }
        None => d.roles.clone(),
    }
}

impl Diagnosis {
    /// The status the service documents for its error code, when the paste shows none.
    fn documented_status(&self, env: &Envelope) -> Option<u16> {
        let code = env.code.as_deref()?;
        match self.service {
            Service::Storage => storage::documented_status(code),
            Service::Arm => arm::documented_status(code),
            Service::Graph => graph::documented_status(code),
            Service::KeyVault => key_vault::documented_status(code),
            _ => None,
        }
    }
}
