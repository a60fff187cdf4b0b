//! Azure SQL's refusals of a token login: "Login failed for user '\<token-identified
//! principal>'" (error 18456), with "Incorrect or invalid token" when the token itself was
//! refused, and without it when the token was fine but the identity has no user in the
//! database. SQL answers over TDS, so there is no HTTP status.

use super::fix::Grant;
use super::shapes::Envelope;
use super::{CallTarget, Cause, Diagnosis, Service};

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !env.has("token-identified principal") {
        return None;
    }
    let mut d = if env.has("incorrect or invalid token") {
        Diagnosis::new(Service::Sql, Cause::InvalidToken).says(
            "SQL refused the token itself",
            "\"Incorrect or invalid token\": SQL could not accept the access token: it was issued for another resource (SQL wants https://database.windows.net/), by another tenant than the server's, has expired, or is not the raw token string (a whole token response, a `Bearer ` prefix, or a cut-short value in `AccessToken`).",
            "Request the token for https://database.windows.net/ with the trailing slash (SDK credentials: the scope https://database.windows.net/.default), from the server's tenant, and pass only the token string to the connection's AccessToken.",
        )
    } else {
        let mut d = Diagnosis::new(Service::Sql, Cause::PermissionMissing).says(
            "The token was accepted, but the identity has no user in this database",
            "\"Login failed for user '<token-identified principal>'\" without \"invalid token\": SQL validated the token, found no database user (or server login) for its principal in the database it connected to, and refused the login. Azure roles do not grant database access.",
            "In the database the app connects to (and in master, if the tool connects there first), create a contained user for the identity FROM EXTERNAL PROVIDER and give it the database roles it needs; or make the identity (or a group it is in) the server's Microsoft Entra admin.",
        );
        d.grants.push(Grant::SqlUser);
        d.notes.push("The user's name is the managed identity's name: the resource's name for a system-assigned identity, the identity's own name for a user-assigned one.".to_string());
        d
    };
    d.resource = Some("https://database.windows.net/".to_string());
    d.accepted = vec![
        "https://database.windows.net/".to_string(),
        "https://database.windows.net".to_string(),
    ];
    d.target = target(&env.text);
    Some(d)
}

/// The server named in the text (`….database.windows.net`).
fn target(text: &str) -> CallTarget {
    let host = text
        .split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ',' | ';' | '(' | ')'))
        .find(|w| w.to_ascii_lowercase().ends_with(".database.windows.net"))
        .map(|w| w.trim_start_matches("tcp:").to_string());
    CallTarget {
        host,
        ..CallTarget::default()
    }
}
