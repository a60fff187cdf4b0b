//! The cases each target's programs run: every platform × identity, hostile values, placeholders
//! given as arguments, calls to a resource, and the refusals.

use super::*;

pub(crate) struct Case {
    pub(crate) name: String,
    /// What the program is written from.
    pub(crate) request: TokenRequest,
    /// The resource and identity the token endpoint must see: the request's, or the arguments'
    /// values where the request holds a placeholder.
    pub(crate) resource: String,
    pub(crate) identity: RequestedIdentity,
    /// The program's arguments: (its variable, the value given).
    pub(crate) args: Vec<(&'static str, String)>,
    pub(crate) mock: Mock,
    /// The resource the program calls with the token, if it does.
    pub(crate) call: Option<ResourceMock>,
    /// A case the program must refuse, without sending its secret or credential anywhere.
    pub(crate) refusal: Option<Refusal>,
}

impl Case {
    pub(crate) fn new(name: impl Into<String>, request: TokenRequest, mock: Mock) -> Case {
        Case {
            name: name.into(),
            resource: request.resource.clone(),
            identity: request.identity.clone(),
            request,
            args: Vec::new(),
            mock,
            call: None,
            refusal: None,
        }
    }

    /// What the program must print: the resource's answer when it makes a call, else the token.
    pub(crate) fn expected_output(&self) -> &'static str {
        if self.call.is_some() {
            CALL_BODY
        } else {
            TOKEN
        }
    }

    pub(crate) fn refusing(mut self, refusal: Refusal) -> Case {
        self.refusal = Some(refusal);
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Service Fabric, IDENTITY_SERVER_THUMBPRINT not the server's: refuse before sending a byte.
    WrongThumbprint,
    /// Azure Arc's challenge names a file outside the agent's folder: never send its contents.
    ForeignKeyFile,
}

/// Every platform with every identity kind it supports, plus hostile values on IMDS, App Service
/// and Service Fabric, and (for the programs that pin) Service Fabric with a wrong thumbprint.
/// `program`: the target is a program (not the raw `http` text, which checks nothing itself).
pub(crate) fn cases(dir: &Path, sdk: bool, sdk_unencoded: bool, program: bool) -> Vec<Case> {
    // Service Fabric needs the TLS front (python3 and openssl) and a client that speaks HTTPS.
    let service_fabric = program && tls_certificate().is_some();
    let mut out = Vec::new();
    let identities = [
        RequestedIdentity::System,
        RequestedIdentity::ClientId(CLIENT_ID.into()),
        RequestedIdentity::ObjectId(OBJECT_ID.into()),
        RequestedIdentity::ResourceId(RESOURCE_ID.into()),
    ];
    let mut add = |platform: Platform, resource: &str, identity: RequestedIdentity, label: &str| {
        // The protocol says whether the platform can name this identity; the model must agree.
        let supported = identity == RequestedIdentity::System
            || !protocol(platform).selector_names(&identity).is_empty();
        let mut request = TokenRequest::new(platform, resource);
        request.identity = identity;
        assert_eq!(
            request.check().is_ok(),
            supported,
            "{} {label}: the request model and mi-protocols.md disagree on whether the platform takes it",
            platforms::id(platform)
        );
        if !supported {
            return;
        }
        let mock = Mock::start(platform, dir);
        if platform == Platform::Imds {
            request.endpoint_override = Some(mock.url());
        }
        out.push(Case::new(
            format!("{}/{label}", platforms::id(platform)),
            request,
            mock,
        ));
    };
    for spec in platforms::SPECS {
        if (spec.platform == Platform::ServiceFabric && !service_fabric)
            || (spec.platform == Platform::AzureArc && arc_tokens().is_none())
        {
            continue;
        }
        for identity in &identities {
            let label = match identity {
                RequestedIdentity::System => "system",
                RequestedIdentity::ClientId(_) => "client_id",
                RequestedIdentity::ObjectId(_) => "object_id",
                RequestedIdentity::ResourceId(_) => "resource_id",
            };
            add(
                spec.platform,
                "https://management.azure.com/",
                identity.clone(),
                label,
            );
        }
    }
    // azure-identity (Python) puts query values into the URL without percent-encoding them, so a
    // `#`, `&`, `=`, `+` or `%` in the resource or the identity is cut or reinterpreted: an SDK
    // defect the generated program cannot work around. Its hostile values skip those characters.
    let hostile = if sdk_unencoded {
        HOSTILE.replace(['#', '&', '=', '+', '%'], "")
    } else {
        HOSTILE.to_string()
    };
    for platform in [Platform::Imds, Platform::AppService] {
        add(
            platform,
            &hostile,
            RequestedIdentity::ClientId(hostile.clone()),
            "hostile",
        );
    }
    if service_fabric {
        add(
            Platform::ServiceFabric,
            &hostile,
            RequestedIdentity::System,
            "hostile",
        );
    }
    out.extend(placeholder_cases(dir));
    out.extend(call_cases(dir, service_fabric));
    if program && !sdk {
        out.extend(refusal_cases(dir, service_fabric));
    }
    out
}

/// What a program that writes its own request must refuse: Service Fabric with the wrong
/// thumbprint, an Arc challenge naming a file outside the agent's folder.
fn refusal_cases(dir: &Path, service_fabric: bool) -> Vec<Case> {
    let mut out = Vec::new();
    if service_fabric {
        out.push(
            Case::new(
                "service_fabric/wrong_thumbprint",
                TokenRequest::new(Platform::ServiceFabric, "https://management.azure.com/"),
                Mock::start(Platform::ServiceFabric, dir),
            )
            .refusing(Refusal::WrongThumbprint),
        );
    }
    if arc_tokens().is_some() {
        out.push(
            Case::new(
                "azure_arc/foreign_key_file",
                TokenRequest::new(Platform::AzureArc, "https://management.azure.com/"),
                Mock::start_with(Platform::AzureArc, dir, true),
            )
            .refusing(Refusal::ForeignKeyFile),
        );
    }
    out
}

/// Programs that get the token and call the resource with it (issue 11 §4): Key Vault on IMDS,
/// Storage on App Service with a user-assigned identity, Resource Manager through Arc's challenge,
/// Key Vault behind Service Fabric's pinned certificate (the call must not be pinned), and a blob
/// path with every character a URL path may hold that a language treats specially.
pub(crate) fn call_cases(dir: &Path, service_fabric: bool) -> Vec<Case> {
    let group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
    let variants: Vec<(Platform, CallService, &str, RequestedIdentity, &str)> = vec![
        (
            Platform::Imds,
            CallService::KeyVault,
            "/secrets/db-password",
            RequestedIdentity::System,
            "key_vault",
        ),
        (
            Platform::AppService,
            CallService::Storage,
            "/reports/2024/q1.csv",
            RequestedIdentity::ClientId(CLIENT_ID.into()),
            "storage",
        ),
        (
            Platform::AzureArc,
            CallService::Arm,
            group,
            RequestedIdentity::System,
            "arm",
        ),
        (
            Platform::ServiceFabric,
            CallService::KeyVault,
            "/secrets/db-password",
            RequestedIdentity::System,
            "key_vault",
        ),
        (
            Platform::Imds,
            CallService::Storage,
            "/c/it's$HOME!x&a=b;(c)*+,%41@~",
            RequestedIdentity::System,
            "storage_odd_path",
        ),
    ];
    let mut out = Vec::new();
    for (platform, service, path, identity, label) in variants {
        if (platform == Platform::ServiceFabric && !service_fabric)
            || (platform == Platform::AzureArc && arc_tokens().is_none())
        {
            continue;
        }
        let resource = ResourceMock::start(service, path);
        let url = resource.url(path);
        let call = match service {
            CallService::KeyVault => ResourceCall::key_vault(&url),
            CallService::Storage => ResourceCall::storage(&url),
            CallService::Arm => ResourceCall::arm(&url),
        };
        let mut request = TokenRequest::for_call(platform, call);
        request.identity = identity;
        let mock = Mock::start(platform, dir);
        if platform == Platform::Imds {
            request.endpoint_override = Some(mock.url());
        }
        let mut case = Case::new(
            format!("{}/call_{label}", platforms::id(platform)),
            request,
            mock,
        );
        // The oracle's resource, from the service's reference, not the request's.
        case.resource = call_protocol(service).resource.into();
        case.call = Some(resource);
        out.push(case);
    }
    out
}

/// Values the pasted code leaves to its caller (issue 14 §7: the seed article's App Service C#
/// takes the resource as a parameter): the program takes them as arguments, and the endpoint
/// must see the values given, never the placeholder.
pub(crate) fn placeholder_cases(dir: &Path) -> Vec<Case> {
    let resource = "https://vault.azure.net";
    let app_service = Case::new(
        "app_service/placeholder_resource",
        TokenRequest::new(Platform::AppService, "<resource>"),
        Mock::start(Platform::AppService, dir),
    );
    let mut imds = TokenRequest::new(Platform::Imds, "<resource>");
    imds.identity = RequestedIdentity::ClientId("<clientId>".into());
    let mock = Mock::start(Platform::Imds, dir);
    imds.endpoint_override = Some(mock.url());
    let imds = Case::new("imds/placeholder_resource_and_client_id", imds, mock);
    let mut out = Vec::new();
    for mut case in [app_service, imds] {
        case.resource = resource.into();
        case.args.push(("resource", resource.into()));
        if case.identity != RequestedIdentity::System {
            case.identity = RequestedIdentity::ClientId(CLIENT_ID.into());
            case.args.push(("identity", CLIENT_ID.into()));
        }
        out.push(case);
    }
    out
}
