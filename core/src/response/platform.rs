//! Which hosting platform a response came from, told from its shape, its headers and any URL
//! pasted with it. Several platforms share a protocol, so the answer names the alternatives.

use serde_json::{Map, Value};

use super::expires_on::Format;
use crate::input::http::HttpResponse;
use crate::model::Platform;

/// The likely platform and the reason, in words.
pub fn infer(
    obj: Option<&Map<String, Value>>,
    http: Option<&HttpResponse>,
    text: &str,
    expires: Option<Format>,
) -> (Option<Platform>, Option<String>) {
    // A URL pasted with the response is the strongest clue.
    let lower = text.to_ascii_lowercase();
    let url_clues: [(&str, Platform, &str); 5] = [
        (
            "169.254.169.254",
            Platform::Imds,
            "the request went to 169.254.169.254 (IMDS)",
        ),
        (
            "localhost:40342",
            Platform::AzureArc,
            "the request went to localhost:40342 (the Azure Arc agent)",
        ),
        (
            "localhost:50342",
            Platform::CloudShell,
            "the request went to localhost:50342 (Cloud Shell)",
        ),
        (
            "localhost:42356",
            Platform::ContainerApps,
            "the request went to localhost:42356 (Container Apps)",
        ),
        (
            "/msi/token",
            Platform::AppService,
            "the request went to a /msi/token endpoint (App Service)",
        ),
    ];
    if let Some((_, p, why)) = url_clues
        .iter()
        .find(|(needle, _, _)| lower.contains(needle))
    {
        return (Some(*p), Some(capital(why)));
    }
    if let Some(server) = http.and_then(|h| h.header("Server")) {
        if server.starts_with("IMDS/") {
            return (
                Some(Platform::Imds),
                Some(format!(
                    "The Server header is {server} (Azure Instance Metadata Service)."
                )),
            );
        }
    }
    let Some(obj) = obj else { return (None, None) };
    let has = |k: &str| obj.contains_key(k);
    let is_str = |k: &str| obj.get(k).is_some_and(Value::is_string);
    let is_num = |k: &str| obj.get(k).is_some_and(Value::is_number);
    let kestrel = http
        .and_then(|h| h.header("Server"))
        .is_some_and(|s| s.eq_ignore_ascii_case("Kestrel"));
    let (p, why) = match expires {
        Some(Format::WindowsDate | Format::LinuxDate) => (
            Platform::AppService2017,
            "its expires_on is a date string, the App Service 2017-09-01 protocol's format (some hosts return it for 2019-08-01 requests too)",
        ),
        _ if has("ext_expires_in") || has("refresh_token") || (is_str("expires_in") && is_str("expires_on")) => (
            Platform::Imds,
            "IMDS sends refresh_token (empty), ext_expires_in and every number as a string (the Azure Arc agent answers in the same shape)",
        ),
        _ if is_num("expires_on") && is_num("expires_in") => (
            Platform::AzureMl,
            "its expires_on and expires_in are JSON integers, as Azure Machine Learning returns them",
        ),
        _ if is_num("expires_on") && !has("client_id") => (
            Platform::ServiceFabric,
            "its expires_on is a JSON number and there is no client_id, as in Service Fabric's documentation",
        ),
        _ if has("expires_on") && !has("expires_in") => (
            Platform::AppService,
            "it has expires_on without expires_in, as the 2019-08-01 protocol of App Service, Functions and Container Apps returns it (the same body comes from all three)",
        ),
        _ if has("expires_in") && !has("expires_on") => (
            Platform::Imds,
            "it has only expires_in, as IMDS-style endpoints (IMDS, Azure Arc, Cloud Shell) are read by MSAL",
        ),
        _ if kestrel || (has("statusCode") && has("correlationId")) => (
            Platform::AppService,
            "the {statusCode, message, correlationId} error shape and the Kestrel server are App Service's token service",
        ),
        _ => return (None, None),
    };
    (Some(p), Some(format!("{}.", capital(why))))
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
