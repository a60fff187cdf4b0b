//! Microsoft Entra ID interpretation: token version, tenant and cloud, who the caller is (app-only
//! or delegated), permissions (`roles`, `scp`, `wids`, `groups`), and managed identities: whether
//! the token belongs to one and whether it is system- or user-assigned (from `xms_mirid`).

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, ClaimReport};
use crate::azure::arm_id::{self, ArmId};
use crate::azure::clouds::{self, Issuer};
use crate::azure::{directory_roles, is_guid, resources, workload_identity};
use crate::model::Code;
use crate::model::Finding;

/// Whether the token acts for a user or for an application alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenUse {
    AppOnly,
    Delegated,
    Unknown,
}

/// A directory role from `wids`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectoryRole {
    pub id: String,
    pub name: Option<&'static str>,
}

/// What Entra ID's claims say, gathered in one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntraReport {
    /// "1.0" or "2.0".
    pub version: Option<String>,
    /// Where the version came from: the `ver` claim or the issuer's form.
    pub version_from: Option<&'static str>,
    pub issuer: Option<Issuer>,
    pub cloud: Option<&'static str>,
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_note: Option<String>,
    pub audience: Option<String>,
    /// The service the audience names, when known.
    pub audience_service: Option<&'static str>,
    /// `appid` (v1.0) or `azp` (v2.0).
    pub client_id: Option<String>,
    /// How the client authenticated (`appidacr`/`azpacr`), in words.
    pub client_auth: Option<&'static str>,
    /// `oid`: the principal's object ID.
    pub object_id: Option<String>,
    pub token_use: TokenUse,
    pub token_use_reason: String,
    pub scopes: Vec<String>,
    pub roles: Vec<String>,
    pub groups: Vec<String>,
    pub group_overage: bool,
    pub directory_roles: Vec<DirectoryRole>,
    /// Where the issuer publishes its signing keys (for the user to open; never fetched here).
    pub jwks_uri: Option<String>,
}

/// System- or user-assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    System,
    User,
}

/// The managed identity a token was issued to, from `xms_mirid`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManagedIdentity {
    pub assignment: Assignment,
    /// `xms_mirid` as written.
    pub resource_id: String,
    pub resource: ArmId,
    /// `xms_az_rid`: the compute resource that used the identity, when present.
    pub host_resource_id: Option<String>,
    pub host_resource: Option<ArmId>,
    pub client_id: Option<String>,
    pub principal_id: Option<String>,
    pub tenant_id: Option<String>,
    /// One sentence naming the identity.
    pub summary: String,
}

/// How sure the inspector is that a managed identity holds the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// `xms_mirid` names the identity.
    Certain,
    /// Every other sign fits, but an app registration with a certificate looks the same.
    Likely,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManagedIdentityVerdict {
    pub certainty: Certainty,
    /// The signs seen, in words.
    pub signals: Vec<String>,
}

/// Everything this module adds to a token report.
#[derive(Default)]
pub struct Interpretation {
    pub entra: Option<EntraReport>,
    pub identity: Option<ManagedIdentity>,
    pub managed_identity: Option<ManagedIdentityVerdict>,
}

fn s<'a>(p: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    p.get(k).and_then(Value::as_str)
}

/// True when the claims come from Microsoft Entra ID.
fn is_entra(p: &Map<String, Value>, issuer: Option<&Issuer>) -> bool {
    issuer.is_some_and(|i| i.entra)
        || (p.contains_key("tid") && (p.contains_key("oid") || p.contains_key("ver")))
}

/// Interprets Entra claims and annotates the claim reports; pushes the findings they call for.
pub fn interpret(
    header: Option<&Map<String, Value>>,
    payload: &Map<String, Value>,
    claims: &mut [ClaimReport],
    findings: &mut Vec<Finding>,
) -> Interpretation {
    if header.is_some_and(|h| h.contains_key("nonce")) {
        findings.push(unverifiable_nonce());
    }
    let issuer = s(payload, "iss").and_then(clouds::parse_issuer);
    if !is_entra(payload, issuer.as_ref()) {
        return Interpretation {
            entra: None,
            identity: None,
            managed_identity: None,
        };
    }

    let ver = s(payload, "ver").map(str::to_string);
    let (version, version_from) = match (&ver, issuer.as_ref().and_then(|i| i.version)) {
        (Some(v), _) => (Some(v.clone()), Some("ver claim")),
        (None, Some(v)) => (Some(v.to_string()), Some("issuer")),
        _ => (None, None),
    };
    let tenant_id = s(payload, "tid").map(str::to_string);
    check_tenant(issuer.as_ref(), tenant_id.as_deref(), findings);

    let scopes = claims::strings(payload.get("scp"));
    let roles = claims::strings(payload.get("roles"));
    let groups = claims::strings(payload.get("groups"));
    let group_overage = has_group_overage(payload);
    if group_overage {
        findings.push(group_overage_finding());
    }
    let directory_roles: Vec<DirectoryRole> = claims::strings(payload.get("wids"))
        .into_iter()
        .map(|id| DirectoryRole {
            name: directory_roles::name(&id),
            id,
        })
        .collect();

    let (token_use, token_use_reason) = token_use(payload, &scopes);
    let acr = s(payload, "appidacr").or_else(|| s(payload, "azpacr"));
    let client_auth = acr.map(client_auth_method);
    let audience = s(payload, "aud").map(str::to_string);
    let identified = audience.as_deref().and_then(resources::identify);
    let client_id = s(payload, "appid")
        .or_else(|| s(payload, "azp"))
        .map(str::to_string);
    let object_id = s(payload, "oid").map(str::to_string);

    let (identity, managed_identity) = managed_identity(
        payload, token_use, acr, &client_id, &object_id, &tenant_id, findings,
    );

    let entra = EntraReport {
        cloud: issuer.as_ref().map(|i| i.cloud),
        jwks_uri: issuer.as_ref().and_then(clouds::jwks_uri),
        tenant_note: tenant_id
            .as_deref()
            .filter(|t| t.eq_ignore_ascii_case(clouds::MSA_TENANT))
            .map(|_| {
                "The Microsoft account (consumer) tenant: a personal account signed in.".to_string()
            }),
        version,
        version_from,
        issuer,
        tenant_id,
        audience_service: identified.as_ref().map(|i| i.service()),
        audience,
        client_id,
        client_auth,
        object_id,
        token_use,
        token_use_reason,
        scopes,
        roles,
        groups,
        group_overage,
        directory_roles,
    };
    annotate(
        claims,
        &entra,
        identity.as_ref(),
        managed_identity.as_ref(),
        identified.as_ref(),
    );
    Interpretation {
        entra: Some(entra),
        identity,
        managed_identity,
    }
}

/// The header's `nonce`: Entra ID signed a hash of it, so only the API it was issued for can verify.
fn unverifiable_nonce() -> Finding {
    Finding::info(Code::TokenUnverifiableNonce, "Only the API it was issued for can verify this token")
        .detail(
            "The header carries a nonce, as Entra ID puts on tokens for Microsoft Graph and other \
             first-party APIs. The signature was computed over a hashed nonce, so standard JWT \
             libraries (and jwt.io) report it as invalid. That is expected, not a forged token.",
        )
        .fix("Don't validate Graph tokens yourself; if your own API must validate tokens, request one for its App ID URI instead.")
}

/// Whether Entra ID left the groups out (`hasgroups`, or `groups` among `_claim_names`).
fn has_group_overage(payload: &Map<String, Value>) -> bool {
    payload
        .get("hasgroups")
        .is_some_and(|v| v == &Value::Bool(true))
        || payload
            .get("_claim_names")
            .and_then(Value::as_object)
            .is_some_and(|o| o.contains_key("groups"))
}

fn group_overage_finding() -> Finding {
    Finding::info(Code::TokenGroupOverage, "Group overage: the groups are not in the token")
        .detail(
            "The user belongs to more groups than fit in a token (200 in a JWT), so Entra ID left \
             them out and points to Microsoft Graph instead (_claim_names/_claim_sources or hasgroups).",
        )
        .fix("Call Microsoft Graph (/me/memberOf or checkMemberGroups), or use app roles assigned to groups instead of group claims.")
}

/// App-only or delegated, and the claim that says so: `idtyp` first, then delegated scopes, then
/// whether any user claim is there.
fn token_use(payload: &Map<String, Value>, scopes: &[String]) -> (TokenUse, String) {
    let idtyp = s(payload, "idtyp");
    let user_claims = [
        "upn",
        "unique_name",
        "preferred_username",
        "name",
        "given_name",
        "email",
    ]
    .iter()
    .filter(|k| payload.contains_key(**k))
    .count();
    let (token_use, reason) = if idtyp == Some("app") {
        (TokenUse::AppOnly, "idtyp is \"app\"")
    } else if idtyp == Some("user") {
        (TokenUse::Delegated, "idtyp is \"user\"")
    } else if !scopes.is_empty() {
        (TokenUse::Delegated, "it has delegated scopes (scp)")
    } else if user_claims == 0 && payload.contains_key("oid") {
        (TokenUse::AppOnly, "no scp and no user claims")
    } else if user_claims > 0 {
        (TokenUse::Delegated, "it carries user claims")
    } else {
        (TokenUse::Unknown, "no claim says")
    };
    (token_use, reason.to_string())
}

/// How the client proved itself, from `appidacr` (v1.0) or `azpacr` (v2.0).
fn client_auth_method(acr: &str) -> &'static str {
    match acr {
        "0" => "public client (no credential)",
        "1" => "client secret",
        "2" => "certificate or managed identity",
        _ => "unknown method",
    }
}

fn check_tenant(issuer: Option<&Issuer>, tid: Option<&str>, findings: &mut Vec<Finding>) {
    let Some(iss_tenant) = issuer.filter(|i| i.entra).and_then(|i| i.tenant.as_deref()) else {
        return;
    };
    let mut problems = Vec::new();
    if !is_guid(iss_tenant) {
        problems.push(format!(
            "the tenant in iss, {iss_tenant}, is not a well-formed GUID"
        ));
    }
    if let Some(tid) = tid {
        if !is_guid(tid) {
            problems.push(format!("tid, {tid}, is not a well-formed GUID"));
        }
        if !tid.eq_ignore_ascii_case(iss_tenant) {
            problems.push(format!("iss names tenant {iss_tenant} but tid is {tid}"));
        }
    }
    if problems.is_empty() {
        return;
    }
    findings.push(
        Finding::warning(Code::TokenIssuerTenantMismatch, "The issuer's tenant does not match tid")
            .detail(format!(
                "In a token from Entra ID the tenant in iss is the tid GUID. Here {}. A validator that \
                 checks the issuer against the tenant will reject it. Documentation samples are edited \
                 by hand and often look like this.",
                problems.join("; ")
            ))
            .fix("Use a token as issued; if your API validates issuers, compare iss with https://sts.windows.net/{tid}/ (v1.0) or https://login.microsoftonline.com/{tid}/v2.0."),
    );
}

#[allow(clippy::too_many_arguments)]
fn managed_identity(
    payload: &Map<String, Value>,
    token_use: TokenUse,
    acr: Option<&str>,
    client_id: &Option<String>,
    object_id: &Option<String>,
    tenant_id: &Option<String>,
    findings: &mut Vec<Finding>,
) -> (Option<ManagedIdentity>, Option<ManagedIdentityVerdict>) {
    let mut signals = Vec::new();
    if s(payload, "idtyp") == Some("app") {
        signals.push("idtyp is \"app\" (an app-only token)".to_string());
    } else if token_use == TokenUse::AppOnly {
        signals.push("no scp and no user claims (an app-only token)".to_string());
    }
    if acr == Some("2") {
        signals.push(
            "appidacr/azpacr is \"2\" (certificate credential, as managed identities use)"
                .to_string(),
        );
    }
    let sub = s(payload, "sub");
    if object_id.is_some() && object_id.as_deref() == sub {
        signals.push("oid equals sub, as in app-only tokens".to_string());
    }
    let mirid = s(payload, "xms_mirid");
    let parsed = mirid.map(arm_id::parse);
    if let Some(Ok(_)) = &parsed {
        signals.push("xms_mirid names the identity's Azure resource".to_string());
    }

    let identity = match (mirid, parsed) {
        (Some(raw), Some(Ok(resource))) => {
            let assignment = if resource.is_user_assigned_identity() {
                Assignment::User
            } else {
                Assignment::System
            };
            let host_raw = s(payload, "xms_az_rid");
            let host_resource = host_raw.and_then(|h| arm_id::parse(h).ok());
            let summary = summarise(assignment, &resource, host_resource.as_ref());
            Some(ManagedIdentity {
                assignment,
                resource_id: raw.to_string(),
                resource,
                host_resource_id: host_raw.map(str::to_string),
                host_resource,
                client_id: client_id.clone(),
                principal_id: object_id.clone(),
                tenant_id: tenant_id.clone(),
                summary,
            })
        }
        _ => None,
    };

    let verdict = if identity.is_some() && token_use != TokenUse::Delegated {
        Some(ManagedIdentityVerdict {
            certainty: Certainty::Certain,
            signals,
        })
    } else if token_use == TokenUse::AppOnly && acr == Some("2") && signals.len() >= 3 {
        Some(ManagedIdentityVerdict {
            certainty: Certainty::Likely,
            signals,
        })
    } else {
        None
    };
    let Some(v) = &verdict else {
        return (identity, None);
    };
    let client = client_id.as_deref().unwrap_or("(none)");
    let finding = match (&identity, v.certainty) {
        (Some(id), _) => Finding::info(
            Code::TokenManagedIdentity,
            match id.assignment {
                Assignment::System => "System-assigned managed identity",
                Assignment::User => "User-assigned managed identity",
            },
        )
        .detail(format!("{} Client ID {client}, principal (object) ID {}.", id.summary, object_id.as_deref().unwrap_or("(none)"))),
        (None, _) => Finding::info(Code::TokenManagedIdentity, "Probably a managed identity")
            .detail(format!(
                "App-only token from a certificate credential with oid = sub (client ID {client}): a managed \
                 identity, or an app registration that signs in with a certificate. xms_mirid, which would tell, \
                 is only issued for first-party (Microsoft) audiences, so its absence proves nothing."
            )),
    };
    findings.push(finding);
    if let Some(kubelet) = identity.as_ref().and_then(kubelet_identity_finding) {
        findings.push(kubelet);
    }
    (identity, verdict)
}

/// A token of AKS's kubelet identity is what a pod gets from IMDS when it does not use workload
/// identity (the node's identity answers): seldom the identity the application was given roles for.
fn kubelet_identity_finding(id: &ManagedIdentity) -> Option<Finding> {
    let name = id.resource.name.as_deref()?;
    if id.assignment != Assignment::User || !workload_identity::is_aks_kubelet_identity(name) {
        return None;
    }
    let group = id.resource.resource_group.as_deref().unwrap_or("?");
    Some(
        Finding::warning(Code::TokenAksKubeletIdentity, "The AKS kubelet identity, not the application's")
            .detail(format!(
                "xms_mirid names '{name}' in resource group '{group}': AKS gives each cluster's node pools this identity (<cluster>-agentpool, in the node resource group) for pulling images and managing nodes. A pod that asks IMDS for a token without workload identity gets the node's identity, so roles granted to the application's own identity do not apply, and every pod on the node can act as it."
            ))
            .fix(format!(
                "Use workload identity: a user-assigned identity with a federated credential for the pod's service account, the service account annotated `{}: <client ID>` and the pod labelled `{}: \"true\"`; the SDK then exchanges the projected token instead of calling IMDS.",
                workload_identity::CLIENT_ID_ANNOTATION,
                workload_identity::USE_LABEL
            )),
    )
}

fn summarise(assignment: Assignment, resource: &ArmId, host: Option<&ArmId>) -> String {
    let name = resource.name.as_deref().unwrap_or("?");
    let rg = resource.resource_group.as_deref().unwrap_or("?");
    match assignment {
        Assignment::User => {
            let used_by = host
                .map(|h| format!(", used here by {} '{}'", h.kind_label(), h.name.as_deref().unwrap_or("?")))
                .unwrap_or_default();
            format!(
                "User-assigned identity '{name}' in resource group '{rg}', subscription {}{used_by}.",
                resource.subscription
            )
        }
        Assignment::System => format!(
            "The system-assigned identity of {} '{name}' (resource group '{rg}', subscription {}): it lives and dies with that resource.",
            resource.kind_label(),
            resource.subscription
        ),
    }
}

fn annotate(
    claims: &mut [ClaimReport],
    entra: &EntraReport,
    identity: Option<&ManagedIdentity>,
    mi: Option<&ManagedIdentityVerdict>,
    audience: Option<&resources::Identified>,
) {
    for claim in claims
        .iter_mut()
        .filter(|c| c.location == super::catalog::Location::Payload)
    {
        let value = claim.display.clone();
        let note = |c: &mut ClaimReport, n: String| c.notes.push(n);
        match claim.name.as_str() {
            "iss" => {
                if let Some(i) = &entra.issuer {
                    let version = i.version.map(|v| format!("v{v} ")).unwrap_or_default();
                    note(claim, format!("Entra ID {version}issuer, {}.", i.cloud));
                }
            }
            "ver" => note(
                claim,
                match value.as_str() {
                    "1.0" => "v1.0 token: the API (resource) accepts v1.0 tokens, the default; the endpoint the client called does not decide this.".to_string(),
                    "2.0" => "v2.0 token: the API's registration asks for v2.0 tokens (accessTokenAcceptedVersion 2).".to_string(),
                    other => format!("Unknown version {other}."),
                },
            ),
            "aud" => match audience {
                Some(resources::Identified::Exact { resource }) => {
                    note(claim, format!("{} ({} cloud).", resource.service, resource.cloud));
                }
                Some(resources::Identified::SlashDiffers { resource }) => note(
                    claim,
                    format!(
                        "{} ({} cloud). The documented form is {}: aud is exactly the resource string that was requested, trailing slash included.",
                        resource.service, resource.cloud, resource.uri
                    ),
                ),
                Some(resources::Identified::Pattern { service, .. }) => note(claim, format!("{service}.")),
                None if is_guid(&value) => note(claim, "An application (client) ID: the API's own app registration.".to_string()),
                None => {}
            },
            "tid" => {
                if let Some(n) = &entra.tenant_note {
                    note(claim, n.clone());
                }
            }
            "appid" | "azp" if mi.is_some() => note(
                claim,
                "The managed identity's client ID (what client_id selects in a token request).".to_string(),
            ),
            "oid" if mi.is_some() => note(
                claim,
                "The managed identity's principal (object) ID: what Azure role assignments name.".to_string(),
            ),
            "appidacr" | "azpacr" => {
                if let Some(a) = entra.client_auth {
                    note(claim, format!("\"{value}\": {a}."));
                }
            }
            "idtyp" => note(
                claim,
                match value.as_str() {
                    "app" => "App-only: no user is involved.".to_string(),
                    "user" => "A user is signed in (delegated).".to_string(),
                    other => format!("Unknown type {other}."),
                },
            ),
            "scp" => note(claim, format!("{} delegated permission(s): {}.", entra.scopes.len(), entra.scopes.join(", "))),
            "roles" => note(claim, format!("{} app role(s): {}.", entra.roles.len(), entra.roles.join(", "))),
            "groups" => note(claim, format!("{} group(s).", entra.groups.len())),
            "wids" => {
                let names: Vec<String> = entra
                    .directory_roles
                    .iter()
                    .map(|r| r.name.map_or_else(|| format!("{} (unknown role)", r.id), str::to_string))
                    .collect();
                note(claim, format!("Directory roles: {}.", names.join("; ")));
            }
            "xms_mirid" => match identity {
                Some(id) => {
                    let r = &id.resource;
                    note(claim, id.summary.clone());
                    note(
                        claim,
                        format!(
                            "Subscription {}, resource group {}, provider {}, type {}, name {}.",
                            r.subscription,
                            r.resource_group.as_deref().unwrap_or("-"),
                            r.provider.as_deref().unwrap_or("-"),
                            r.resource_type.as_deref().unwrap_or("-"),
                            r.name.as_deref().unwrap_or("-")
                        ),
                    );
                }
                None => {
                    if let Err(e) = arm_id::parse(&value) {
                        note(claim, format!("Not a resource ID the inspector can read: {e}."));
                    }
                }
            },
            "xms_az_rid" => match arm_id::parse(&value) {
                Ok(r) => note(claim, format!("The {} '{}' requested this token.", r.kind_label(), r.name.as_deref().unwrap_or("?"))),
                Err(e) => note(claim, format!("Not a resource ID the inspector can read: {e}.")),
            },
            _ => {}
        }
    }
}
