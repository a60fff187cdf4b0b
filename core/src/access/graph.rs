//! Microsoft Graph's refusals: `Authorization_RequestDenied` ("Insufficient privileges to
//! complete the operation": a Graph permission or directory role is missing) and
//! `InvalidAuthenticationToken` ("Access token validation failure. Invalid audience.", expired or
//! malformed tokens). Graph's error bodies carry `innerError` with `date` and `request-id`.

use super::fix::Grant;
use super::shapes::Envelope;
use super::{Cause, Diagnosis, Service};
use crate::search::Search;

const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

fn is_graph(env: &Envelope) -> bool {
    let graph_code = env
        .code
        .as_deref()
        .is_some_and(|c| c.starts_with("Authorization_") || c.starts_with("Authentication_"));
    let graph_body = env
        .body
        .as_ref()
        .and_then(|b| b.get("innerError"))
        .and_then(|i| i.as_object())
        .is_some_and(|i| i.contains_key("request-id") && i.contains_key("date"));
    graph_code
        || env.has("access token validation failure")
        || (env.code_is("InvalidAuthenticationToken")
            && (graph_body || env.has("graph.microsoft.com")))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_graph(env) {
        return None;
    }
    let message = env.message_or_text().to_ascii_lowercase();
    let mut d = if env.code_is("Authorization_RequestDenied")
        || message.has("insufficient privileges")
    {
        denied()
    } else if message.has("invalid audience") {
        let mut d = Diagnosis::new(Service::Graph, Cause::WrongAudience).says(
            "Microsoft Graph refused a token issued for another resource",
            "Access token validation failure, invalid audience: the token's `aud` is not Microsoft Graph. It was requested for another API (often the app's own client ID or App ID URI, Azure AD Graph at graph.windows.net, or Resource Manager).",
            "Request the token for https://graph.microsoft.com (SDK credentials and client-credential flows: the scope https://graph.microsoft.com/.default); Graph accepts its URL with or without the trailing slash, and its application ID.",
        );
        d.expected = Some(format!("https://graph.microsoft.com ({GRAPH_APP_ID})"));
        d
    } else if message.has("expired") || env.code_is("Authentication_ExpiredToken") {
        Diagnosis::new(Service::Graph, Cause::TokenExpired).says(
            "Microsoft Graph refused an expired token",
            "The token's `exp` has passed.",
            "Get a new token before `exp`; SDK credentials refresh by themselves.",
        )
    } else {
        Diagnosis::new(Service::Graph, Cause::InvalidToken).says(
            "Microsoft Graph rejected the token itself",
            &format!(
                "{}: {}",
                env.code.as_deref().unwrap_or("InvalidAuthenticationToken"),
                env.message.as_deref().unwrap_or("the token could not be validated")
            ),
            "Send a complete token for https://graph.microsoft.com as `Authorization: Bearer <token>`.",
        )
    };
    d.resource = Some("https://graph.microsoft.com/".to_string());
    d.accepted = vec![
        "https://graph.microsoft.com".to_string(),
        "https://graph.microsoft.com/".to_string(),
        GRAPH_APP_ID.to_string(),
    ];
    Some(d)
}

fn denied() -> Diagnosis {
    let mut d = Diagnosis::new(Service::Graph, Cause::PermissionMissing).says(
        "The caller lacks the Microsoft Graph permission this call needs",
        "Authorization_RequestDenied: the token is valid, but it carries no permission for this directory call. An app-only token (a managed identity, a service principal) needs a Graph application permission (an app role in its `roles` claim); a user's token needs a delegated scope and, for directory writes, a directory role. Azure roles do not apply to Graph.",
        "Find the least privileged permission for the call in its Graph API reference page, grant it to the identity (application permissions need admin consent; for a managed identity assign the app role with PowerShell or the Graph API), then get a new token.",
    );
    d.grants.push(Grant::GraphAppRole);
    d
}

/// Graph's statuses for its codes.
pub fn documented_status(code: &str) -> Option<u16> {
    match code {
        "Authorization_RequestDenied" => Some(403),
        "InvalidAuthenticationToken" | "Authentication_ExpiredToken" => Some(401),
        _ => None,
    }
}
