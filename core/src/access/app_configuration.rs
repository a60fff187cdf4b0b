//! Azure App Configuration refusals: a 403 with an empty body (only the status and the store's
//! headers, such as `Sync-Token` and `Memento-Datetime` in its exposed headers, tell it is App
//! Configuration) or a 401, from a store at `https://<name>.azconfig.io`.

use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::{self, Envelope};
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::Plane;
use crate::search::Search;

/// The data action a read of key-values needs; App Configuration Data Reader grants
/// `configurationStores/*/read`.
const READ: &str = "Microsoft.AppConfiguration/configurationStores/keyValues/read";

fn is_app_configuration(env: &Envelope) -> bool {
    let refused = matches!(env.status, Some(401 | 403));
    let store_headers = env.headers.iter().any(|h| {
        let v = h.value.to_ascii_lowercase();
        h.name.eq_ignore_ascii_case("Sync-Token")
            || (v.has("sync-token") && v.has("memento-datetime"))
    });
    refused && (store_headers || env.has(".azconfig.io") || env.has("appconfiguration"))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_app_configuration(env) {
        return None;
    }
    let host = shapes::urls(&env.text)
        .into_iter()
        .filter_map(|u| shapes::host_of(&u))
        .find(|h| h.ends_with(".azconfig.io"));
    let store = host
        .as_deref()
        .and_then(|h| h.split('.').next())
        .unwrap_or("<store-name>")
        .to_string();
    let mut d = if env.status == Some(401) {
        Diagnosis::new(Service::AppConfiguration, Cause::InvalidToken).says(
            "App Configuration did not accept the token",
            "A 401 from the store: the request had no valid token for App Configuration (another audience, another tenant, expired), or used an access key that is disabled.",
            "Request the token for https://appconfig.azure.com (older SDKs: https://azconfig.io) from the store's tenant.",
        )
    } else {
        let mut d = Diagnosis::new(Service::AppConfiguration, Cause::RbacMissing).says(
            "The caller has no App Configuration data role on this store",
            "A 403 with an empty body: the token was accepted, but no role assignment gives the caller data access. Owner and Contributor on the store are management-plane roles and do not grant reading key-values. Locally, DefaultAzureCredential signs in as the developer, who needs the role too.",
            "Assign App Configuration Data Reader (or Data Owner to write) on the store to the identity the app uses, then allow a few minutes for it to propagate.",
        );
        d.action = Some(format!("{READ} (assumed: reading key-values)"));
        d.permission = Some((READ.to_string(), Plane::Data));
        d.grants.push(Grant::Role {
            role: None,
            scope: format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.AppConfiguration/configurationStores/{store}"),
            why: Some("on the store"),
        });
        d
    };
    d.resource = Some("https://appconfig.azure.com".to_string());
    d.accepted = vec![
        "https://appconfig.azure.com".to_string(),
        "https://azconfig.io".to_string(),
    ];
    if let Some(h) = &host {
        d.accepted.push(format!("https://{h}"));
    }
    d.target = CallTarget {
        host,
        ..CallTarget::default()
    };
    Some(d)
}
