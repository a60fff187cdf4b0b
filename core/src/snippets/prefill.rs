//! "Generate code for this": the [`TokenRequest`] a report implies, and where each part came
//! from. A corrected request is taken as it is; a response gives its platform, `resource` and
//! (for a user-assigned identity) `client_id`; a token gives its audience, the identity its
//! `xms_mirid` names, and the platform its host resource's type suggests.

use serde::Serialize;

use crate::access::{AccessReport, Service};
use crate::analysis::Analysis;
use crate::azure::arm_id::ArmId;
use crate::model::Platform;
use crate::request::model::{is_runtime_placeholder, ResourceCall};
use crate::request::{RequestedIdentity, TokenRequest};
use crate::response::ResponseReport;
use crate::snippets::Target;
use crate::token::entra::Assignment;
use crate::token::TokenReport;

/// The resource of a program written before the user has chosen one: a placeholder the
/// programs take as their argument.
pub const UNSET_RESOURCE: &str = "<resource>";

/// Azure Resource Manager: the resource when the report names none.
pub const DEFAULT_RESOURCE: &str = "https://management.azure.com/";

/// A request to start the snippet view from, and why each part is what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Prefill {
    pub request: TokenRequest,
    /// The target to open on: the language of the code that was pasted, when it was code.
    #[serde(skip)]
    pub target: Option<Target>,
    /// Where the values came from, one short sentence each.
    pub reasons: Vec<Reason>,
}

/// Which part of the request a reason explains (so that a caller who overrides a part can drop
/// its reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrefillField {
    /// The whole request (a corrected request taken as it is).
    All,
    Platform,
    Resource,
    Identity,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub part: PrefillField,
    pub text: String,
}

fn reason(part: PrefillField, text: impl Into<String>) -> Reason {
    Reason {
        part,
        text: text.into(),
    }
}

/// The request the report implies, or `None` when it implies none (an empty or unrecognised
/// input, a token that is not Entra's).
pub fn from_analysis(a: &Analysis) -> Option<Prefill> {
    if let Some(corrected) = a.request.as_ref().and_then(|r| r.corrected.as_ref()) {
        let request = corrected.token_request.clone();
        let mut reasons = vec![reason(
            PrefillField::All,
            "From the corrected request in the report.",
        )];
        if is_placeholder(&request.resource) {
            reasons.push(reason(
                PrefillField::Resource,
                format!(
                    "The pasted setup leaves the resource to its caller (`{}`): set the one you need.",
                    request.resource
                ),
            ));
        }
        let target = corrected
            .code
            .as_ref()
            .map(|c| Target::for_language(c.language));
        return Some(Prefill {
            request,
            target,
            reasons,
        });
    }
    let token = a.token.as_ref().filter(|t| t.entra.is_some());
    if let Some(access) = &a.access {
        return Some(from_access(access, token));
    }
    let mut reasons = Vec::new();
    let (platform, resource, client_id) = match &a.response {
        Some(r) => from_response(a, r, &mut reasons),
        None => (platform_from_token(token?, &mut reasons), None, None),
    };
    let resource = resource
        .or_else(|| {
            let aud = audience(token?)?;
            reasons.push(reason(
                PrefillField::Resource,
                format!("Resource `{aud}` from the token's `aud`."),
            ));
            Some(aud)
        })
        .unwrap_or_else(|| {
            reasons.push(reason(
                PrefillField::Resource,
                format!(
                    "Resource `{DEFAULT_RESOURCE}` (Azure Resource Manager): the report names none."
                ),
            ));
            DEFAULT_RESOURCE.to_string()
        });
    let mut request = TokenRequest::new(platform, resource);
    request.identity = identity(token, client_id, &mut reasons);
    Some(Prefill {
        request,
        target: None,
        reasons,
    })
}

/// From a resource's 401/403: the token for the resource the service expects, and the call that
/// was denied made again with it (Key Vault, Storage and Resource Manager calls; other services
/// get the token alone). The platform and identity come from the token in the paste, if any.
fn from_access(access: &AccessReport, token: Option<&TokenReport>) -> Prefill {
    let mut reasons = Vec::new();
    let platform = match token {
        Some(t) => platform_from_token(t, &mut reasons),
        None => {
            reasons.push(reason(
                PrefillField::Platform,
                "IMDS assumed (a VM): the error does not say where the token was requested.",
            ));
            Platform::Imds
        }
    };
    // A redacted URL (`<subscription id>`) cannot be called as it is: the token alone then.
    let call =
        denied_call(access).filter(|c| !c.url.contains(['<', '>']) && !c.url.contains("..."));
    let mut request = match &call {
        Some(call) => {
            reasons.push(reason(
                PrefillField::Resource,
                format!(
                    "The call that was denied, `{}`, made again with a token for `{}`.",
                    call.url,
                    call.resource()
                ),
            ));
            TokenRequest::for_call(platform, call.clone())
        }
        None => {
            let resource = access
                .resource
                .clone()
                .unwrap_or_else(|| UNSET_RESOURCE.to_string());
            reasons.push(reason(
                PrefillField::Resource,
                format!(
                    "Resource `{resource}`: what {} accepts.",
                    access.service_name
                ),
            ));
            TokenRequest::new(platform, resource)
        }
    };
    request.identity = identity(token, None, &mut reasons);
    Prefill {
        request,
        target: None,
        reasons,
    }
}

/// The denied call as a program can repeat it, when the paste shows enough of it.
fn denied_call(access: &AccessReport) -> Option<ResourceCall> {
    let t = &access.target;
    let from_url = t.url.as_deref().and_then(ResourceCall::from_url);
    match access.service {
        Service::KeyVault => from_url.or_else(|| {
            // The vault's URL, or the public cloud's for the vault the error names.
            let named = t
                .vault_name
                .as_ref()
                .map(|n| format!("https://{n}.vault.azure.net"));
            let vault = t.vault_url.as_deref().or(named.as_deref())?;
            Some(match (t.object_type.as_deref(), t.object_name.as_deref()) {
                (Some("secrets"), Some(name)) => ResourceCall::key_vault_secret(vault, name),
                (Some(kind), Some(name)) => ResourceCall::key_vault(&format!(
                    "{}/{kind}/{name}",
                    vault.trim_end_matches('/')
                )),
                _ => ResourceCall::key_vault(&format!("{}/secrets", vault.trim_end_matches('/'))),
            })
        }),
        Service::Storage => from_url.or_else(|| {
            let (account, container, blob) = (
                t.account.as_deref()?,
                t.container.as_deref()?,
                t.blob.as_deref()?,
            );
            Some(ResourceCall::storage(&format!(
                "https://{account}.blob.core.windows.net/{container}/{blob}"
            )))
        }),
        Service::Arm => from_url.or_else(|| t.arm_id.as_deref().map(ResourceCall::arm)),
        _ => None,
    }
}

/// The platform, resource and client ID a token response gives.
fn from_response(
    a: &Analysis,
    r: &ResponseReport,
    reasons: &mut Vec<Reason>,
) -> (Platform, Option<String>, Option<String>) {
    let platform = a.platform.unwrap_or(Platform::Imds);
    let text = match a.platform {
        Some(_) => format!(
            "{} platform, as the report read the response.",
            name(platform)
        ),
        None => "IMDS assumed: the response does not say which platform sent it.".into(),
    };
    reasons.push(reason(PrefillField::Platform, text));
    let resource = r.resource.clone().map(|res| {
        if res.trim().is_empty() {
            // An article's sample with the resource stripped out (../shared/seed): write the
            // program with the resource as its argument, for the user to fill in.
            reasons.push(reason(
                PrefillField::Resource,
                "The response's `resource` is empty: set the resource you need (the program takes it as its argument until you do).",
            ));
            return UNSET_RESOURCE.to_string();
        }
        reasons.push(reason(
            PrefillField::Resource,
            format!("Resource `{res}` from the response's `resource`."),
        ));
        res
    });
    (platform, resource, r.client_id.clone())
}

/// The platform a token's identity suggests (IMDS when it says nothing).
fn platform_from_token(t: &TokenReport, reasons: &mut Vec<Reason>) -> Platform {
    let host = t.identity.as_ref().and_then(|i| {
        i.host_resource.as_ref().or(match i.assignment {
            Assignment::System => Some(&i.resource),
            Assignment::User => None,
        })
    });
    match host.and_then(platform_of) {
        Some(p) => {
            reasons.push(reason(
                PrefillField::Platform,
                format!(
                    "{} platform: the identity's host is a `{}` resource.",
                    name(p),
                    host.map(type_name).unwrap_or_default()
                ),
            ));
            p
        }
        None => {
            reasons.push(reason(
                PrefillField::Platform,
                "IMDS assumed (a VM): the token does not say where it was requested.",
            ));
            Platform::Imds
        }
    }
}

/// A user-assigned identity by client ID when the token says it is one; otherwise the system
/// identity. (IMDS puts `client_id` in every response, so it alone does not make one user-assigned.)
fn identity(
    token: Option<&TokenReport>,
    response_client_id: Option<String>,
    reasons: &mut Vec<Reason>,
) -> RequestedIdentity {
    let mi = token.and_then(|t| t.identity.as_ref());
    match mi {
        Some(i) if i.assignment == Assignment::User => {
            match i.client_id.clone().or(response_client_id) {
                Some(id) => {
                    reasons.push(reason(PrefillField::Identity, format!(
                        "User-assigned identity by client ID `{id}`: the token's `xms_mirid` names a user-assigned identity."
                    )));
                    RequestedIdentity::ClientId(id)
                }
                None => {
                    reasons.push(reason(PrefillField::Identity, format!(
                        "User-assigned identity by resource ID: the token names `{}` but no client ID.",
                        i.resource_id
                    )));
                    RequestedIdentity::ResourceId(i.resource_id.clone())
                }
            }
        }
        Some(_) => {
            reasons.push(reason(
                PrefillField::Identity,
                "System-assigned identity, as the token's `xms_mirid` says.",
            ));
            RequestedIdentity::System
        }
        None => {
            reasons.push(reason(PrefillField::Identity, match response_client_id {
                Some(id) => format!(
                    "System-assigned identity: nothing says `{id}` is a user-assigned one (choose it below if it is)."
                ),
                None => "System-assigned identity: the report names no other.".into(),
            }));
            RequestedIdentity::System
        }
    }
}

/// The token's audience as a resource: v1 tokens carry the resource URI itself; a bare GUID (an
/// application ID) is kept too, since the endpoint accepts it as the resource.
fn audience(t: &TokenReport) -> Option<String> {
    t.entra
        .as_ref()?
        .audience
        .clone()
        .filter(|a| !a.trim().is_empty())
}

/// A value the pasted code fills in at run time (`<resource>`, and also the `$RESOURCE` or `{0}`
/// the request model keeps as written), not a resource a program could ask for.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || is_runtime_placeholder(v) || v.contains(['$', '{', '}', '%'])
}

/// What the user chose on top of a prefill (the CLI's flags, the snippet view's fields); each
/// `None` leaves that part to the prefill.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub platform: Option<Platform>,
    pub resource: Option<String>,
    /// A user-assigned identity asked for by name.
    pub identity: Option<RequestedIdentity>,
    /// The system-assigned identity, whatever the prefill implies.
    pub system: bool,
    pub endpoint: Option<String>,
    /// The call to make with the token; the token's resource is then the call's, unless a
    /// resource is chosen too (and then it must be the same, or rendering says why).
    pub call: Option<ResourceCall>,
}

/// The request to write a program for, and the prefill's reasons for the parts the user left to
/// it (a reason for a part the user chose is dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub request: TokenRequest,
    pub notes: Vec<String>,
}

/// Why no request comes out of a prefill and the user's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// Neither the choices nor the prefill give a platform and a resource.
    MissingPlatformOrResource,
    /// The prefill's resource is one the pasted setup fills in at run time; it must be chosen.
    PlaceholderResource(String),
    /// The system-assigned identity and a user-assigned one were both chosen.
    SystemAndUserAssigned,
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::MissingPlatformOrResource => {
                f.write_str("a platform and a resource are needed")
            }
            MergeError::PlaceholderResource(r) => {
                write!(f, "the pasted setup leaves the resource open ({r})")
            }
            MergeError::SystemAndUserAssigned => {
                f.write_str("the system-assigned and a user-assigned identity exclude each other")
            }
        }
    }
}

/// Merges the user's choices into what a report implies: a choice wins over the prefill, a
/// placeholder resource is never put into a program, and the notes say where the parts the
/// user did not choose came from.
pub fn merge(prefill: Option<&Prefill>, choices: Choices) -> Result<Merged, MergeError> {
    let platform = choices
        .platform
        .or_else(|| prefill.map(|p| p.request.platform));
    let resource_chosen = choices.resource.is_some() || choices.call.is_some();
    let resource = choices
        .resource
        .or_else(|| choices.call.as_ref().map(ResourceCall::resource))
        .or_else(|| prefill.map(|p| p.request.resource.clone()));
    let (Some(platform), Some(resource)) = (platform, resource) else {
        return Err(MergeError::MissingPlatformOrResource);
    };
    if !resource_chosen && is_placeholder(&resource) {
        return Err(MergeError::PlaceholderResource(resource));
    }
    if choices.system && choices.identity.is_some() {
        return Err(MergeError::SystemAndUserAssigned);
    }
    let identity_chosen = choices.system || choices.identity.is_some();
    let mut request = TokenRequest::new(platform, resource);
    request.identity = match (choices.identity, prefill) {
        (Some(identity), _) => identity,
        (None, Some(p)) if !choices.system => p.request.identity.clone(),
        (None, _) => RequestedIdentity::System,
    };
    request.endpoint_override = choices.endpoint;
    request.call = choices.call;
    let chosen = |part: PrefillField| match part {
        PrefillField::All => false,
        PrefillField::Platform => choices.platform.is_some(),
        PrefillField::Resource => resource_chosen,
        PrefillField::Identity => identity_chosen,
    };
    let notes = prefill
        .map(|p| {
            p.reasons
                .iter()
                .filter(|r| !chosen(r.part))
                .map(|r| r.text.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(Merged { request, notes })
}

/// The platform a host resource runs on, by its ARM type.
fn platform_of(host: &ArmId) -> Option<Platform> {
    let provider = host.provider.as_deref()?.to_ascii_lowercase();
    let kind = host
        .resource_type
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let top = kind.split('/').next().unwrap_or_default();
    Some(match (provider.as_str(), top) {
        ("microsoft.compute", "virtualmachines" | "virtualmachinescalesets") => Platform::Imds,
        ("microsoft.web", "sites") => Platform::AppService,
        ("microsoft.app", "containerapps" | "jobs") => Platform::ContainerApps,
        ("microsoft.hybridcompute", "machines") => Platform::AzureArc,
        ("microsoft.servicefabric", _) => Platform::ServiceFabric,
        ("microsoft.machinelearningservices", _) => Platform::AzureMl,
        _ => return None,
    })
}

fn type_name(host: &ArmId) -> String {
    format!(
        "{}/{}",
        host.provider.as_deref().unwrap_or_default(),
        host.resource_type.as_deref().unwrap_or_default()
    )
}

fn name(p: Platform) -> &'static str {
    crate::azure::platforms::spec(p).name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::model::Context;
    use crate::samples::SAMPLES;

    fn sample(id: &str) -> &'static str {
        SAMPLES.iter().find(|s| s.id == id).unwrap().text
    }

    fn prefill(text: &str) -> Prefill {
        from_analysis(&analyze(text, &Context::at(1_700_000_000))).expect("a prefill")
    }

    #[test]
    fn a_vm_token_gives_imds_its_audience_and_the_system_identity() {
        // azure-sdk-for-python's IMDS recording: xms_mirid is the VM itself.
        let p = prefill(sample("jwt-imds-system-mirid-vm"));
        assert_eq!(p.request.platform, Platform::Imds);
        assert_eq!(p.request.resource, "https://management.azure.com");
        assert_eq!(p.request.identity, RequestedIdentity::System);
        assert!(
            p.reasons[0].part == PrefillField::Platform
                && p.reasons[0]
                    .text
                    .contains("Microsoft.Compute/virtualMachines"),
            "{:?}",
            p.reasons
        );
    }

    #[test]
    fn a_user_assigned_token_is_requested_by_its_client_id() {
        let a = analyze(
            sample("jwt-imds-user-mirid-uami"),
            &Context::at(1_700_000_000),
        );
        let client_id = a
            .token
            .as_ref()
            .unwrap()
            .identity
            .as_ref()
            .unwrap()
            .client_id
            .clone();
        let p = from_analysis(&a).unwrap();
        assert_eq!(
            p.request.identity,
            RequestedIdentity::ClientId(client_id.unwrap())
        );
        assert!(
            p.reasons
                .iter()
                .any(|r| r.part == PrefillField::Identity && r.text.contains("user-assigned")),
            "{:?}",
            p.reasons
        );
    }

    #[test]
    fn a_corrected_request_is_taken_as_it_is() {
        // Azure/azure-sdk-for-python#11346's App Service curl.
        let curl = r#"curl "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER""#;
        let p = prefill(curl);
        assert_eq!(p.request.platform, Platform::AppService);
        assert_eq!(p.request.resource, "https://vault.azure.net");
        assert_eq!(
            p.reasons,
            [reason(
                PrefillField::All,
                "From the corrected request in the report."
            )]
        );
    }

    #[test]
    fn a_placeholder_resource_from_pasted_code_is_pointed_out() {
        // The seed article's C# snippet (../shared/seed): resource is the method's parameter.
        let code = r#"var request = new HttpRequestMessage(HttpMethod.Get,String.Format("{0}/?resource={1}&api-version=2019- 08-01", Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), resource));
request.Headers.Add("X-IDENTITY-HEADER", Environment.GetEnvironmentVariable("IDENTITY_HEADER"));"#;
        let p = prefill(code);
        assert_eq!(p.request.platform, Platform::AppService);
        assert!(
            is_placeholder(&p.request.resource),
            "{}",
            p.request.resource
        );
        assert!(
            p.reasons.iter().any(
                |r| r.part == PrefillField::Resource && r.text.contains("set the one you need")
            ),
            "{:?}",
            p.reasons
        );
        assert!(!is_placeholder("https://vault.azure.net"));
        assert!(!is_placeholder(
            "api://5e29463d-71da-4fe0-8e69-999b57db23b0"
        ));
    }

    #[test]
    fn an_app_service_response_keeps_its_resource_and_platform() {
        // The App Service docs' sample response (learn.microsoft.com, "Use managed identities for
        // App Service"): resource and client_id, expires_on in seconds.
        let body = r#"{"access_token":"eyJ0eXAi…","expires_on":"1586984735","resource":"https://vault.azure.net","token_type":"Bearer","client_id":"5E29463D-71DA-4FE0-8E69-999B57DB23B0"}"#;
        let a = analyze(body, &Context::at(1_586_980_000));
        let p = from_analysis(&a).unwrap();
        assert_eq!(p.request.resource, "https://vault.azure.net");
        assert_eq!(
            Some(p.request.platform),
            a.platform.or(Some(Platform::Imds))
        );
        // No token to say so: client_id alone does not make the identity user-assigned.
        assert_eq!(p.request.identity, RequestedIdentity::System);
        assert!(
            p.reasons.iter().any(|r| r.text.contains("5E29463D")),
            "{:?}",
            p.reasons
        );
    }

    #[test]
    fn choices_win_over_the_prefill_and_drop_its_reasons_for_what_they_chose() {
        // azure-sdk-for-python's user-assigned IMDS recording: the prefill asks by client ID.
        let p = prefill(sample("jwt-imds-user-mirid-uami"));
        let kept = merge(Some(&p), Choices::default()).unwrap();
        assert_eq!(kept.request.identity, p.request.identity);
        assert_eq!(kept.request.resource, p.request.resource);
        assert_eq!(
            kept.notes,
            p.reasons.iter().map(|r| r.text.clone()).collect::<Vec<_>>()
        );
        let system = merge(
            Some(&p),
            Choices {
                system: true,
                resource: Some("https://vault.azure.net".into()),
                ..Choices::default()
            },
        )
        .unwrap();
        assert_eq!(system.request.identity, RequestedIdentity::System);
        assert_eq!(system.request.resource, "https://vault.azure.net");
        assert!(
            system.notes.iter().all(|n| !n.contains("user-assigned")),
            "{:?}",
            system.notes
        );
        assert!(system.notes.len() < kept.notes.len());
    }

    #[test]
    fn a_placeholder_resource_must_be_chosen_and_conflicts_are_refused() {
        // The seed article's C# snippet leaves the resource to its caller.
        let code = r#"var request = new HttpRequestMessage(HttpMethod.Get,String.Format("{0}/?resource={1}&api-version=2019- 08-01", Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), resource));
request.Headers.Add("X-IDENTITY-HEADER", Environment.GetEnvironmentVariable("IDENTITY_HEADER"));"#;
        let p = prefill(code);
        assert!(matches!(
            merge(Some(&p), Choices::default()),
            Err(MergeError::PlaceholderResource(_))
        ));
        let chosen = merge(
            Some(&p),
            Choices {
                resource: Some("https://vault.azure.net".into()),
                ..Choices::default()
            },
        )
        .unwrap();
        assert_eq!(chosen.request.platform, Platform::AppService);
        assert_eq!(
            merge(None, Choices::default()),
            Err(MergeError::MissingPlatformOrResource)
        );
        assert_eq!(
            merge(
                None,
                Choices {
                    platform: Some(Platform::Imds),
                    resource: Some("https://vault.azure.net".into()),
                    identity: Some(RequestedIdentity::ClientId("x".into())),
                    system: true,
                    ..Choices::default()
                }
            ),
            Err(MergeError::SystemAndUserAssigned)
        );
        // A call chosen on top of the placeholder gives the resource: the call's.
        let call = ResourceCall::key_vault_secret("https://myvault.vault.azure.net", "db");
        let with_call = merge(
            Some(&p),
            Choices {
                call: Some(call.clone()),
                ..Choices::default()
            },
        )
        .unwrap();
        assert_eq!(with_call.request.resource, "https://vault.azure.net");
        assert_eq!(with_call.request.call, Some(call));
        assert!(
            with_call
                .notes
                .iter()
                .all(|n| !n.contains("leaves the resource")),
            "{:?}",
            with_call.notes
        );
    }

    #[test]
    fn an_access_error_gives_the_denied_call_with_a_token_for_its_service() {
        // Azure/bicep deployment (access-errors record kv-forbiddenbyrbac-bicep-deployment-keys-
        // read-azcli): Key Vault denied reading key 'prodkey' of vault 'keyvaultyev4drsxxb3ai'.
        let text = include_str!("../../tests/fixtures/access-errors.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|r| r["id"] == "kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli")
            .and_then(|r| r["input"].as_str().map(str::to_string))
            .unwrap();
        let text = text.as_str();
        let a = analyze(text, &Context::at(1_700_000_000));
        assert_eq!(a.kind, crate::model::Kind::AccessError, "{:?}", a.findings);
        let p = from_analysis(&a).unwrap();
        let call = p.request.call.as_ref().expect("the denied call");
        assert_eq!(
            call.url,
            "https://keyvaultyev4drsxxb3ai.vault.azure.net/keys/prodkey"
        );
        assert_eq!(p.request.resource, call.resource());
        assert!(p.request.resource.starts_with("https://vault.azure.net"));
    }

    #[test]
    fn nothing_to_generate_from_empty_or_unrecognized_input() {
        let ctx = Context::at(1_700_000_000);
        assert!(from_analysis(&analyze("", &ctx)).is_none());
        assert!(from_analysis(&analyze("hello world", &ctx)).is_none());
    }

    #[test]
    fn host_types_map_to_platforms() {
        let id = |p: &str, t: &str| ArmId {
            subscription: "s".into(),
            resource_group: None,
            provider: Some(p.into()),
            resource_type: Some(t.into()),
            name: None,
        };
        let cases = [
            ("Microsoft.Web", "sites/slots", Some(Platform::AppService)),
            (
                "Microsoft.App",
                "containerApps",
                Some(Platform::ContainerApps),
            ),
            (
                "Microsoft.HybridCompute",
                "machines",
                Some(Platform::AzureArc),
            ),
            (
                "Microsoft.Compute",
                "virtualMachineScaleSets",
                Some(Platform::Imds),
            ),
            ("Microsoft.Storage", "storageAccounts", None),
        ];
        for (p, t, want) in cases {
            assert_eq!(platform_of(&id(p, t)), want, "{p}/{t}");
        }
    }
}
