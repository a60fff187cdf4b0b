//! Findings that need two parts of a session: the environment's AZURE_CLIENT_ID against the
//! token's client, a request's resource against the token's audience or the error's resource, a
//! request's identity selector against the identity in the token, a token that had expired
//! before a later error in the log, a chain that fell back to IMDS where the environment is
//! App Service's, and a shell that cut a URL at an unquoted `&` (the job lines after the command
//! show it). Each names the lines of the parts concerned.

use super::Part;
use crate::analysis::recognizers::PartKind;
use crate::analysis::Analysis;
use crate::chain::{names, verdict, Cause};
use crate::model::{Code, Finding};
use crate::search::Search;
use crate::timefmt;
use crate::token::TokenReport;

/// Every cross-part finding of the parts (`lines`: the paste's lines, as pasted).
pub fn findings(parts: &[Part], lines: &[&str]) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(unquoted_ampersand(parts, lines));
    out.extend(client_id_against_token(parts));
    out.extend(resource_against_answers(parts));
    out.extend(selector_against_token(parts));
    out.extend(expired_before_error(parts));
    out.extend(chain_fell_back_on_app_service(parts));
    out
}

fn analysed(parts: &[Part]) -> impl Iterator<Item = (&Part, &Analysis)> {
    parts
        .iter()
        .filter_map(|p| p.analysis.as_deref().map(|a| (p, a)))
}

fn lines(p: &Part) -> String {
    super::line_range(p.lines)
}

fn tokens(parts: &[Part]) -> Vec<(&Part, &TokenReport)> {
    analysed(parts)
        .filter_map(|(p, a)| a.token.as_ref().map(|t| (p, t)))
        .collect()
}

fn claim(t: &TokenReport, name: &str) -> Option<String> {
    t.payload.as_ref()?.get(name)?.as_str().map(str::to_string)
}

fn token_client(t: &TokenReport) -> Option<String> {
    claim(t, "appid").or_else(|| claim(t, "azp"))
}

/// The value of environment variable `name` in an env or request part.
fn env_value<'a>(parts: &'a [Part], name: &str) -> Option<(&'a Part, String)> {
    analysed(parts).find_map(|(p, a)| {
        let v = a.request.as_ref()?.env.iter().find(|e| e.name == name)?;
        crate::azure::is_guid(&v.value).then(|| (p, v.value.clone()))
    })
}

/// A shell's job line: `[1] 12060`.
fn is_job_line(l: &str) -> bool {
    let t = l.trim();
    t.strip_prefix('[')
        .and_then(|r| r.split_on("] "))
        .is_some_and(|(n, pid)| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
                && !pid.is_empty()
                && pid.trim().chars().all(|c| c.is_ascii_digit())
        })
}

fn unquoted_ampersand(parts: &[Part], lines: &[&str]) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in parts.iter().filter(|p| p.kind == PartKind::Request) {
        let [first, last] = p.lines;
        let Some(command) = lines.get(first.saturating_sub(1)) else {
            continue;
        };
        let url_unquoted = (command.has("curl ") || command.has("wget "))
            && command.has("http")
            && command.contains('&')
            && !command.contains(['"', '\'']);
        // The job line is the command's next line (inside the part or just after it).
        let backgrounded = lines
            .get(first..(last + 2).min(lines.len()))
            .unwrap_or(&[])
            .iter()
            .any(|l| is_job_line(l));
        if url_unquoted && backgrounded {
            out.push(ampersand_unquoted(p));
        }
    }
    out
}

fn ampersand_unquoted(p: &Part) -> Finding {
    Finding::warning(Code::RequestAmpersandUnquoted, format!("The shell cut the URL at an unquoted & ({})", lines(p)))
        .detail("The URL is not in quotes, so the shell read & as \"run in the background\": the job line after the command ([1] and a process ID) shows it, the request went out without everything after the &, and its output arrived after the next prompt.")
        .fix("Put the URL in single quotes: curl -H Metadata:true 'http://169.254.169.254/…?api-version=…&resource=…'.")
}

fn client_id_against_token(parts: &[Part]) -> Option<Finding> {
    let (env_part, client) = env_value(parts, "AZURE_CLIENT_ID")?;
    let (token_part, token) = tokens(parts)
        .into_iter()
        .find(|(_, t)| token_client(t).is_some_and(|c| !c.eq_ignore_ascii_case(&client)))?;
    Some(env_client_id_not_token(
        &client,
        env_part,
        &token_client(token).unwrap_or_default(),
        token_part,
    ))
}

fn env_client_id_not_token(
    client: &str,
    env_part: &Part,
    token_client: &str,
    token_part: &Part,
) -> Finding {
    Finding::warning(Code::EnvClientIdNotToken, "AZURE_CLIENT_ID names another identity than the token's")
        .detail(format!(
            "AZURE_CLIENT_ID ({}) is {client}; the token ({}) was issued to client {token_client}. DefaultAzureCredential and ManagedIdentityCredential ask for the identity AZURE_CLIENT_ID names, so this token came from another credential in the chain, another identity, or a process that does not see this variable.",
            lines(env_part),
            lines(token_part)
        ))
        .fix("Set AZURE_CLIENT_ID to the client ID of the identity you mean, or find which credential produced the token: its appid names it.")
}

/// The resource a request part asks for.
fn requested_resource(parts: &[Part]) -> Option<(&Part, String)> {
    analysed(parts).find_map(|(p, a)| {
        let r = a.request.as_ref()?;
        let v = r.query.iter().find(|q| q.name == "resource")?;
        (v.value.starts_with("http") || crate::azure::is_guid(&v.value))
            .then(|| (p, v.value.clone()))
    })
}

fn same_resource(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

fn resource_against_answers(parts: &[Part]) -> Vec<Finding> {
    let Some((request_part, resource)) = requested_resource(parts) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (p, t) in tokens(parts) {
        if let Some(aud) = claim(t, "aud").filter(|a| !same_resource(a, &resource)) {
            out.push(resource_differs(
                &resource,
                request_part,
                "the token's audience",
                &aud,
                p,
            ));
        }
    }
    for (p, a) in analysed(parts) {
        let named = a
            .response
            .as_ref()
            .and_then(|r| r.error.as_ref())
            .and_then(|e| e.resource.clone());
        if let Some(other) = named.filter(|o| !same_resource(o, &resource)) {
            out.push(resource_differs(
                &resource,
                request_part,
                "the resource the error names",
                &other,
                p,
            ));
        }
    }
    out
}

fn resource_differs(
    resource: &str,
    request_part: &Part,
    what: &str,
    other: &str,
    other_part: &Part,
) -> Finding {
    Finding::warning(Code::RequestResourceDiffers, format!("The request asks for {resource}, but {what} is {other}"))
        .detail(format!(
            "The request ({}) asks for resource {resource}; {what} ({}) is {other}. Either the answer is to another request, or the code asks for another resource than the one in the paste.",
            lines(request_part),
            lines(other_part)
        ))
        .fix("Ask for the resource the failing service expects (its App ID URI), and check that the answer pasted is to this request.")
}

fn selector_against_token(parts: &[Part]) -> Option<Finding> {
    let (request_part, selector, value) = analysed(parts).find_map(|(p, a)| {
        let q = a.request.as_ref()?.query.iter().find(|q| {
            matches!(
                q.name.to_ascii_lowercase().as_str(),
                "client_id" | "clientid" | "msi_res_id" | "mi_res_id"
            )
        })?;
        Some((p, q.name.clone(), q.value.clone()))
    })?;
    let (token_part, token) = tokens(parts).into_iter().find(|(_, t)| {
        let by_id = token_client(t)
            .is_some_and(|c| crate::azure::is_guid(&value) && !c.eq_ignore_ascii_case(&value));
        let by_resource = claim(t, "xms_mirid")
            .is_some_and(|m| value.starts_with('/') && !m.eq_ignore_ascii_case(&value));
        by_id || by_resource
    })?;
    Some(selector_not_token(
        &selector,
        &value,
        request_part,
        token,
        token_part,
    ))
}

fn selector_not_token(
    selector: &str,
    value: &str,
    request_part: &Part,
    token: &TokenReport,
    token_part: &Part,
) -> Finding {
    let holder = token
        .identity
        .as_ref()
        .map(|i| i.summary.clone())
        .or_else(|| token_client(token).map(|c| format!("client {c}")))
        .unwrap_or_else(|| "another identity".to_string());
    Finding::warning(Code::RequestSelectorNotToken, format!("The request selects {selector}={value}, but the token is {holder}"))
        .detail(format!(
            "The request ({}) asks for the identity {selector}={value}; the token ({}) belongs to {holder}. The token did not come from this request, or the endpoint picked another identity (a selector it ignores).",
            lines(request_part),
            lines(token_part)
        ))
        .fix("Check that the selector is the identity's client ID (or its ARM resource ID) and that the token pasted is the answer to this request.")
}

fn expired_before_error(parts: &[Part]) -> Option<Finding> {
    for (token_part, token) in tokens(parts) {
        let Some(exp) = token.lifetime.expires_at else {
            continue;
        };
        let later = parts.iter().find(|p| {
            p.lines[0] > token_part.lines[1]
                && matches!(p.kind, PartKind::MiError | PartKind::NotAzure)
                && p.logged_at.is_some_and(|t| t >= exp)
        });
        if let Some(error_part) = later {
            return Some(token_expired_before_error(exp, token_part, error_part));
        }
    }
    None
}

fn token_expired_before_error(exp: i64, token_part: &Part, error_part: &Part) -> Finding {
    let at = error_part.logged_at.unwrap_or(exp);
    Finding::error(Code::TokenExpiredBeforeError, "The token had expired when the later error happened")
        .detail(format!(
            "The token ({}) expired at {}; the error ({}) was logged at {}, {} later. A 401 then is the expiry, not the identity's permissions.",
            lines(token_part),
            timefmt::utc(exp),
            lines(error_part),
            timefmt::utc(at),
            timefmt::duration(at - exp)
        ))
        .fix("Ask the credential for a token before each call (SDKs cache it and refresh it 5 minutes before expiry) instead of keeping one.")
}

fn chain_fell_back_on_app_service(parts: &[Part]) -> Option<Finding> {
    const APP_VARS: &[&str] = &[
        "WEBSITE_SITE_NAME",
        "WEBSITE_INSTANCE_ID",
        "WEBSITE_HOSTNAME",
        "FUNCTIONS_WORKER_RUNTIME",
        "CONTAINER_APP_NAME",
    ];
    let app_env = analysed(parts).any(|(_, a)| {
        a.request.as_ref().is_some_and(|r| {
            r.env
                .iter()
                .any(|e| APP_VARS.contains(&e.name.as_str()) || e.name.starts_with("APPSETTING_"))
        })
    });
    if !app_env {
        return None;
    }
    analysed(parts).find_map(|(_, a)| {
        let chain = a.chain.as_ref()?;
        let mi = chain.credentials.iter().find(|c| {
            c.name == names::MANAGED_IDENTITY
                && matches!(c.cause, Cause::ProbeTimeout | Cause::Unreachable)
                && c.mi_source.is_none_or(|s| s == names::MiSource::Imds)
        })?;
        (chain.verdict.code != Code::ChainMiSourceMismatch).then(|| verdict::mi_source_mismatch(mi))
    })
}
