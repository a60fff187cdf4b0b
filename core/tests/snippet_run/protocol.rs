//! Each platform's protocol, the oracle (written from ../shared/reference/mi-protocols.md, not from
//! the request model that writes the programs), and the check of what the mock saw.

use super::*;

/// Where a required header's value comes from.
#[derive(Clone, Copy)]
pub(crate) enum Want {
    /// Exactly this text (IMDS's `Metadata` must be `true` in lower case, §3.1).
    Literal(&'static str),
    /// The value of the variable the platform sets (here: the one the mock's environment holds).
    Env(&'static str),
}

pub(crate) struct Protocol {
    pub(crate) method: &'static str,
    /// The api-version a program that writes its own request sends (the one SDKs send).
    pub(crate) api_version: Option<&'static str>,
    /// Every api-version the documentation or an SDK uses (an SDK may send any of them).
    pub(crate) api_versions: &'static [&'static str],
    pub(crate) headers: &'static [(&'static str, Want)],
    /// Parameter names for a user-assigned identity by client ID, object ID and resource ID: the
    /// first is the documented one (what programs send), the rest are aliases or SDK spellings.
    pub(crate) client_id: &'static [&'static str],
    pub(crate) object_id: &'static [&'static str],
    pub(crate) resource_id: &'static [&'static str],
    /// The resource travels in a form body (POST) rather than the query.
    pub(crate) resource_in_form: bool,
    /// Two requests: a 401 challenge without a credential, then `Authorization: Basic <key>`.
    pub(crate) challenge: bool,
}

pub(crate) fn protocol(platform: Platform) -> Protocol {
    const NONE: &[&str] = &[];
    match platform {
        // §3.1 (and §1): GET, api-version 2018-02-01, `Metadata: true`; client_id, object_id,
        // msi_res_id. §3.1: msal-node before 3.8.1 sent mi_res_id, which IMDS also accepts.
        Platform::Imds => Protocol {
            method: "GET",
            api_version: Some("2018-02-01"),
            api_versions: &["2018-02-01"],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: &["client_id"],
            object_id: &["object_id"],
            resource_id: &["msi_res_id", "mi_res_id"],
            resource_in_form: false,
            challenge: false,
        },
        // §3.2 and §3.3 (the same protocol): GET, 2019-08-01, X-IDENTITY-HEADER from
        // IDENTITY_HEADER; client_id, principal_id (object_id an alias; MSAL sends it), mi_res_id.
        Platform::AppService | Platform::ContainerApps => Protocol {
            method: "GET",
            api_version: Some("2019-08-01"),
            api_versions: &["2019-08-01"],
            headers: &[("X-IDENTITY-HEADER", Want::Env("IDENTITY_HEADER"))],
            client_id: &["client_id"],
            object_id: &["principal_id", "object_id"],
            resource_id: &["mi_res_id"],
            resource_in_form: false,
            challenge: false,
        },
        // §3.4 (legacy App Service) and §3.5 (Azure ML): GET, 2017-09-01, `secret` from
        // MSI_SECRET, a user-assigned identity by `clientid` only.
        Platform::AppService2017 | Platform::AzureMl => Protocol {
            method: "GET",
            api_version: Some("2017-09-01"),
            api_versions: &["2017-09-01"],
            headers: &[("secret", Want::Env("MSI_SECRET"))],
            client_id: &["clientid"],
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: false,
        },
        // §3.6: GET over HTTPS, 2019-07-01-preview (MSAL .NET: 2020-05-01), `Secret` from
        // IDENTITY_HEADER, no selector (the cluster chooses the identity).
        Platform::ServiceFabric => Protocol {
            method: "GET",
            api_version: Some("2019-07-01-preview"),
            api_versions: &["2019-07-01-preview", "2020-05-01"],
            headers: &[("Secret", Want::Env("IDENTITY_HEADER"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: false,
        },
        // §3.7: GET twice with `Metadata: true`, 2020-06-01 (the doc's bash sample, Azure.Identity
        // .NET and the JS SDKs: 2019-11-01); the first answered 401, the second with the key
        // file's contents as the Basic credential. No user-assigned identities.
        Platform::AzureArc => Protocol {
            method: "GET",
            api_version: Some("2020-06-01"),
            api_versions: &["2020-06-01", "2019-11-01"],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: false,
            challenge: true,
        },
        // §3.8: POST, form body `resource=<r>`, `Metadata: true`, no api-version, no selector.
        Platform::CloudShell => Protocol {
            method: "POST",
            api_version: None,
            api_versions: &[],
            headers: &[("Metadata", Want::Literal("true"))],
            client_id: NONE,
            object_id: NONE,
            resource_id: NONE,
            resource_in_form: true,
            challenge: false,
        },
    }
}

impl Protocol {
    /// The names an identity may be sent under; empty when the platform has none for it.
    pub(crate) fn selector_names(&self, identity: &RequestedIdentity) -> &'static [&'static str] {
        match identity {
            RequestedIdentity::System => &[],
            RequestedIdentity::ClientId(_) => self.client_id,
            RequestedIdentity::ObjectId(_) => self.object_id,
            RequestedIdentity::ResourceId(_) => self.resource_id,
        }
    }

    /// What a program that writes its own request must send: (query, form), sorted.
    #[allow(clippy::type_complexity)]
    pub(crate) fn expected(
        &self,
        resource: &str,
        identity: &RequestedIdentity,
    ) -> (Vec<(String, String)>, Vec<(String, String)>) {
        let (mut query, mut form) = (Vec::new(), Vec::new());
        if let Some(v) = self.api_version {
            query.push(("api-version".to_string(), v.to_string()));
        }
        let resource = ("resource".to_string(), resource.to_string());
        if self.resource_in_form {
            form.push(resource);
        } else {
            query.push(resource);
        }
        if let (Some(name), Some(value)) = (self.selector_names(identity).first(), identity.value())
        {
            query.push((name.to_string(), value.to_string()));
        }
        query.sort();
        (query, form)
    }
}

/// Checks what the mock saw against the platform's protocol and the case's resource and identity.
pub(crate) fn check_seen(case: &Case, sdk: bool) -> Result<(), String> {
    let (resource, identity) = (&case.resource, &case.identity);
    let protocol = protocol(case.request.platform);
    let seen = case.mock.seen();
    let Some(last) = seen.last() else {
        return Err("the mock saw no request".into());
    };
    if last.method != protocol.method {
        return Err(format!("method {} (want {})", last.method, protocol.method));
    }
    // msal-node asks IMDS for `…/oauth2/token/`: an SDK's own spelling, accepted.
    let path = path_for(case.request.platform);
    if last.path != path && !(sdk && last.path.trim_end_matches('/') == path) {
        return Err(format!("path {} (want {path})", last.path));
    }
    check_headers(case, last, &protocol)?;
    if protocol.challenge {
        check_challenge(&seen, sdk)?;
    }
    if sdk {
        check_sdk_request(last, &protocol, resource, identity)
    } else {
        let sorted = |mut v: Vec<(String, String)>| {
            v.sort();
            v
        };
        let (want_query, want_form) = protocol.expected(resource, identity);
        if sorted(last.query.clone()) != want_query {
            return Err(format!("query {:?} (want {want_query:?})", last.query));
        }
        if sorted(last.form.clone()) != want_form {
            return Err(format!("form {:?} (want {want_form:?})", last.form));
        }
        let want_requests = if protocol.challenge { 2 } else { 1 };
        if seen.len() != want_requests {
            return Err(format!("{} requests (want {want_requests})", seen.len()));
        }
        Ok(())
    }
}

/// The platform's required headers, with the values the mock's environment gave the program.
pub(crate) fn check_headers(case: &Case, last: &Seen, protocol: &Protocol) -> Result<(), String> {
    let env = case.mock.env();
    for (name, want) in protocol.headers {
        let want = match want {
            Want::Literal(v) => v.to_string(),
            Want::Env(var) => env
                .iter()
                .find(|(k, _)| k == var)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| format!("the mock's environment lacks {var}"))?,
        };
        let got = last.headers.get(&name.to_ascii_lowercase());
        if got != Some(&want) {
            return Err(format!("header {name}: {got:?} (want {want:?})"));
        }
    }
    Ok(())
}

/// Azure Arc (§3.7): the first request carries no credential, the last the key file's contents.
pub(crate) fn check_challenge(seen: &[Seen], sdk: bool) -> Result<(), String> {
    if !sdk
        && seen
            .first()
            .map(|s| s.headers.contains_key("authorization"))
            != Some(false)
    {
        return Err("the first Arc request carried a credential".into());
    }
    let want = format!("Basic {ARC_KEY}");
    match seen.last().and_then(|s| s.headers.get("authorization")) {
        Some(got) if *got == want => Ok(()),
        got => Err(format!(
            "Arc's second request: Authorization {got:?} (want {want:?})"
        )),
    }
}

/// An SDK writes its own request: a documented api-version, the resource where the platform
/// takes it, the identity under one of the platform's names for it.
pub(crate) fn check_sdk_request(
    last: &Seen,
    protocol: &Protocol,
    resource: &str,
    identity: &RequestedIdentity,
) -> Result<(), String> {
    let version = last
        .query
        .iter()
        .find(|(k, _)| k == "api-version")
        .map(|(_, v)| v.as_str());
    let version_ok = match version {
        None => protocol.api_versions.is_empty(),
        Some(v) => protocol.api_versions.contains(&v),
    };
    if !version_ok {
        return Err(format!(
            "api-version {version:?} (want one of {:?})",
            protocol.api_versions
        ));
    }
    let place = if protocol.resource_in_form {
        &last.form
    } else {
        &last.query
    };
    if !place.iter().any(|(k, v)| k == "resource" && v == resource) {
        return Err(format!("no resource={resource:?} in {place:?}"));
    }
    if let Some(id) = identity.value() {
        let names = protocol.selector_names(identity);
        if !last
            .query
            .iter()
            .any(|(k, v)| v == id && names.contains(&k.as_str()))
        {
            return Err(format!(
                "identity {id:?} not sent as any of {names:?}: {:?}",
                last.query
            ));
        }
    }
    Ok(())
}
