//! The fields of a token response: what each means, and how each agrees with the token inside
//! (`expires_on` = `exp`, `not_before` = `nbf`, `expires_in` fits `exp − iat`, `resource` = `aud`,
//! `client_id` = `appid`/`azp`, `token_type` = Bearer). Field facts: mi-protocols.md §4 and §10.

use serde::Serialize;
use serde_json::{Map, Value};

use super::expires_on::{self, ExpiresOn, Format};
use super::ResponseReport;
use crate::azure::{is_guid, resources};
use crate::model::Code;
use crate::model::{Context, Finding, Severity};
use crate::search::Search;
use crate::timefmt;
use crate::token::{Assignment, TokenReport};

/// How a field compares with the token or the documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Mismatch,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldCheck {
    pub status: CheckStatus,
    pub text: String,
}

/// One field of the response.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldReport {
    pub name: String,
    pub value: Value,
    pub display: String,
    pub meaning: Option<&'static str>,
    pub check: Option<FieldCheck>,
}

/// What each field means.
pub fn meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "access_token" | "accessToken" => "The access token (a JWT), sent to the API as Authorization: Bearer <token>. When it is whole, it is decoded below.",
        "refresh_token" => "Always empty for managed identities: there is nothing to refresh; ask the endpoint again.",
        "expires_in" => "Seconds the token stays valid, counted from when the endpoint answered. A token served from the endpoint's cache has less than its full lifetime left.",
        "ext_expires_in" => "Extended lifetime in seconds: how long the token may still be accepted if Entra ID is unreachable.",
        "expires_on" => "When the token expires; equals the token's exp.",
        "expiresOn" => "When the token expires, in the local time of the machine that ran az, without a time zone.",
        "not_before" => "When the token becomes valid; equals the token's nbf.",
        "resource" => "The resource (audience) the token was requested for. The token's aud is exactly the string that was requested.",
        "token_type" | "tokenType" => "How to send the token: always Bearer (Authorization: Bearer <token>).",
        "client_id" => "The client (application) ID of the managed identity that was used.",
        "subscription" => "The subscription az is logged in to (az CLI output, not part of a managed-identity response).",
        "tenant" => "The tenant az is logged in to (az CLI output).",
        "refresh_in" => "When to refresh; MSAL derives it (half the lifetime for tokens over 2 h), managed-identity endpoints do not send it.",
        "scope" => "The scopes granted (OAuth responses from Entra ID itself, not managed-identity endpoints).",
        _ => return None,
    })
}

/// A placeholder people put where a secret or ID was: `***`, `<redacted>`, `MY_TOKEN`.
fn placeholder(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    lower.is_empty()
        || lower
            .chars()
            .all(|c| matches!(c, '*' | 'x' | '-' | '.' | '…'))
        || lower.has("redacted")
        || lower.has("token")
        || lower.starts_with('<')
        || lower.len() <= 3
}

fn as_i64(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.floor() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A field's value for a table: tokens are shortened (the whole token is shown decoded below).
fn display_field(name: &str, v: &Value) -> String {
    let text = display(v);
    let count = text.chars().count();
    if matches!(name, "access_token" | "accessToken") && count > 48 {
        format!(
            "{}… ({count} characters)",
            text.chars().take(40).collect::<String>()
        )
    } else {
        text
    }
}

/// Explains the fields of a success response and cross-checks them with the token.
pub fn explain(
    obj: &Map<String, Value>,
    token: Option<&TokenReport>,
    token_state: &str,
    ctx: &Context,
    report: &mut ResponseReport,
    findings: &mut Vec<Finding>,
) {
    let mut e = Explainer {
        obj,
        token,
        ctx,
        report,
        findings,
        checks: Vec::new(),
    };
    e.access_token(token_state);
    e.expires_on();
    e.not_before();
    e.expires_in();
    e.ext_expires_in();
    e.refresh_token();
    e.resource();
    e.client_id();
    e.token_type();
    let checks = e.checks;
    report.fields = obj
        .iter()
        .map(|(name, value)| FieldReport {
            name: name.clone(),
            display: display_field(name, value),
            value: value.clone(),
            meaning: meaning(name),
            check: checks
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, c)| c.clone()),
        })
        .collect();
}

/// One response being explained: the fields, the token inside, and what has been found so far.
struct Explainer<'a> {
    obj: &'a Map<String, Value>,
    token: Option<&'a TokenReport>,
    ctx: &'a Context,
    report: &'a mut ResponseReport,
    findings: &'a mut Vec<Finding>,
    /// Each field's check, in the order made (a later one for the same field wins).
    checks: Vec<(String, FieldCheck)>,
}

impl Explainer<'_> {
    fn check(&mut self, name: &str, status: CheckStatus, text: String) {
        self.checks
            .push((name.to_string(), FieldCheck { status, text }));
    }

    /// The token's `exp`, `nbf` or `iat`.
    fn claim(&self, name: &str) -> Option<i64> {
        self.token.and_then(|t| match name {
            "exp" => t.lifetime.expires_at,
            "nbf" => t.lifetime.not_before,
            "iat" => t.lifetime.issued_at,
            _ => None,
        })
    }

    fn access_token(&mut self, token_state: &str) {
        let Some(key) = ["access_token", "accessToken"]
            .into_iter()
            .find(|k| self.obj.contains_key(*k))
        else {
            self.findings.push(
                Finding::warning(Code::ResponseIncomplete, "No access_token in the response")
                    .detail("A token response carries access_token; SDKs reject a body without it (\"Invalid response\", \"Unexpected response\"). Only part of the response was pasted, or this is not a token response.")
                    .fix("Paste the whole response body."),
            );
            return;
        };
        let status = if self.token.is_some() {
            CheckStatus::Ok
        } else {
            CheckStatus::Note
        };
        self.check(key, status, token_state.to_string());
    }

    /// expires_on: read, its format, malformed, against exp; az CLI's local-time expiresOn.
    fn expires_on(&mut self) {
        let Some(key) = ["expires_on", "expiresOn"]
            .into_iter()
            .find(|k| self.obj.contains_key(*k))
        else {
            return;
        };
        let e = expires_on::read(self.obj.get(key).unwrap_or(&Value::Null), self.ctx);
        expires_on_findings(key, &e, self.findings);
        let mut status = CheckStatus::Note;
        let mut text = match (e.epoch, &e.utc) {
            (Some(_), Some(utc)) => format!(
                "{} — {utc}, {}.",
                e.format_label,
                e.relative.as_deref().unwrap_or("")
            ),
            _ => format!(
                "Malformed: {}.",
                e.malformed.as_deref().unwrap_or("unreadable")
            ),
        };
        if key == "expiresOn" {
            if let Some(exp) = self.claim("exp") {
                text.push_str(&az_offset_text(&e, exp, "the token's exp", self.ctx));
            }
        } else if let (Some(epoch), Some(exp)) = (e.epoch, self.claim("exp")) {
            if epoch == exp {
                status = CheckStatus::Ok;
                text.push_str(" Equals the token's exp.");
            } else {
                status = CheckStatus::Mismatch;
                text.push_str(&format!(" The token's exp is {}.", timefmt::utc(exp)));
                self.findings.push(mismatch_finding(
                    Code::ResponseExpiresOnMismatch,
                    "expires_on",
                    "exp",
                    epoch,
                    exp,
                ));
            }
        }
        self.check(key, status, text);
        self.report.expires_on = Some(e);
        if key_present(self.obj, "expires_on") && key_present(self.obj, "expiresOn") {
            // az CLI prints both: the local-time one is explained, the Unix-seconds one is
            // authoritative.
            let e = expires_on::read(self.obj.get("expiresOn").unwrap_or(&Value::Null), self.ctx);
            let mut text = format!("{}.", e.format_label);
            if let Some(epoch) = self.report.expires_on.as_ref().and_then(|x| x.epoch) {
                text.push_str(&az_offset_text(&e, epoch, "expires_on", self.ctx));
            }
            self.check("expiresOn", CheckStatus::Note, text);
        }
    }

    fn not_before(&mut self) {
        let Some(nb) = as_i64(self.obj.get("not_before")) else {
            return;
        };
        self.report.not_before = Some(nb);
        match self.claim("nbf") {
            Some(nbf) if nbf == nb => self.check(
                "not_before",
                CheckStatus::Ok,
                format!("{} — equals the token's nbf.", timefmt::utc(nb)),
            ),
            Some(nbf) => {
                self.check(
                    "not_before",
                    CheckStatus::Mismatch,
                    format!(
                        "{}; the token's nbf is {}.",
                        timefmt::utc(nb),
                        timefmt::utc(nbf)
                    ),
                );
                self.findings.push(mismatch_finding(
                    Code::ResponseNotBeforeMismatch,
                    "not_before",
                    "nbf",
                    nb,
                    nbf,
                ));
            }
            None => self.check("not_before", CheckStatus::Note, timefmt::utc(nb)),
        }
    }

    /// expires_in against the token's lifetime (exp − iat), or expires_on − not_before.
    fn expires_in(&mut self) {
        let Some(expires_in) = as_i64(self.obj.get("expires_in")) else {
            return;
        };
        self.report.expires_in = Some(expires_in);
        let window = match (self.claim("iat"), self.claim("exp")) {
            (Some(iat), Some(exp)) => Some((exp - iat, "the token's lifetime (exp − iat)")),
            _ => match (
                self.report.not_before,
                self.report.expires_on.as_ref().and_then(|e| e.epoch),
            ) {
                (Some(nb), Some(eo)) => Some((eo - nb, "expires_on − not_before")),
                _ => None,
            },
        };
        match window {
            Some((span, what)) if expires_in > span + 60 => {
                self.check(
                    "expires_in",
                    CheckStatus::Mismatch,
                    format!(
                        "{} — longer than {what}, {}.",
                        timefmt::duration(expires_in),
                        timefmt::duration(span)
                    ),
                );
                self.findings.push(
                    Finding::warning(Code::ResponseExpiresInMismatch, "expires_in is longer than the token lives")
                        .detail(format!("expires_in says {} ({expires_in} s), but {what} is {} ({span} s). A token cannot be valid for longer than its lifetime: expires_in was edited, or the fields come from different responses.", timefmt::duration(expires_in), timefmt::duration(span)))
                        .fix("Trust the token's exp; compute expiry from exp (or expires_on), not from expires_in plus the time you received it."),
                );
            }
            Some((span, what)) => {
                let served_after = span - expires_in;
                let text = if served_after > 120 {
                    format!("{} — fits {what} ({}): the endpoint served a cached token {} after it was issued.", timefmt::duration(expires_in), timefmt::duration(span), timefmt::duration(served_after))
                } else {
                    format!(
                        "{} — fits {what} ({}).",
                        timefmt::duration(expires_in),
                        timefmt::duration(span)
                    )
                };
                self.check("expires_in", CheckStatus::Ok, text);
            }
            None => self.check(
                "expires_in",
                CheckStatus::Note,
                format!(
                    "{}, counted from when the response arrived.",
                    timefmt::duration(expires_in)
                ),
            ),
        }
    }

    fn ext_expires_in(&mut self) {
        if let (Some(ext), Some(exp_in)) = (
            as_i64(self.obj.get("ext_expires_in")),
            self.report.expires_in,
        ) {
            self.check(
                "ext_expires_in",
                CheckStatus::Note,
                format!(
                    "{} — {} beyond expires_in, for outages of Entra ID.",
                    timefmt::duration(ext),
                    timefmt::duration((ext - exp_in).max(0))
                ),
            );
        }
    }

    fn refresh_token(&mut self) {
        let Some(Value::String(rt)) = self.obj.get("refresh_token") else {
            return;
        };
        if rt.is_empty() {
            self.check(
                "refresh_token",
                CheckStatus::Ok,
                "Empty, as always for managed identities.".to_string(),
            );
        } else {
            self.check("refresh_token", CheckStatus::Note, "Not empty: managed-identity endpoints send an empty refresh_token; this did not come from one.".to_string());
        }
    }

    fn resource(&mut self) {
        let Some(resource) = self.obj.get("resource").map(display) else {
            return;
        };
        let aud = self
            .token
            .and_then(|t| t.payload.as_ref())
            .and_then(Value::as_object)
            .and_then(|p| p.get("aud"))
            .and_then(Value::as_str);
        let (status, text) = resource_checks(&resource, aud, self.findings);
        self.check("resource", status, text);
        self.report.resource_service = resources::identify(&resource).map(|i| i.service());
        self.report.resource = Some(resource);
    }

    fn client_id(&mut self) {
        let Some(client_id) = self.obj.get("client_id").map(display) else {
            return;
        };
        let (status, text) = client_id_checks(&client_id, self.token, self.findings);
        self.check("client_id", status, text);
        self.report.client_id = Some(client_id);
    }

    fn token_type(&mut self) {
        let key = ["token_type", "tokenType"]
            .into_iter()
            .find(|k| self.obj.contains_key(*k));
        let value = key.and_then(|k| self.obj.get(k)).map(display);
        let key = key.unwrap_or("token_type");
        match &value {
            Some(t) if t.eq_ignore_ascii_case("bearer") => {
                self.check(key, CheckStatus::Ok, "Bearer, as always.".to_string())
            }
            Some(t) => {
                self.check(key, CheckStatus::Mismatch, format!("'{t}' where Bearer belongs."));
                self.findings.push(
                    Finding::warning(Code::ResponseTokenType, format!("token_type is '{t}', not Bearer"))
                        .detail("Managed-identity endpoints always answer token_type Bearer; anything else was edited or did not come from one.")
                        .fix("Send the token as Authorization: Bearer <access_token>."),
                );
            }
            None if self.obj.contains_key("access_token") => self.findings.push(
                Finding::info(Code::ResponseTokenType, "No token_type in the response")
                    .detail("Managed-identity endpoints send token_type Bearer; this body lacks it (SDK test mocks often leave it out). Send the token as Authorization: Bearer <access_token>."),
            ),
            None => {}
        }
        self.report.token_type = value;
    }
}

fn key_present(obj: &Map<String, Value>, k: &str) -> bool {
    obj.contains_key(k)
}

/// Which time zone az's zone-less `expiresOn` was written in, found by comparing it with the
/// same instant in Unix seconds.
fn az_offset_text(local: &ExpiresOn, reference: i64, what: &str, ctx: &Context) -> String {
    let Some(read_here) = local.epoch else {
        return String::new();
    };
    // The wall-clock value as if it were UTC, then its distance from the real instant.
    let wall_as_utc = read_here + i64::from(ctx.utc_offset_minutes) * 60;
    let offset_minutes = (wall_as_utc - reference) / 60;
    if offset_minutes.unsigned_abs() > 14 * 60 {
        return format!(" It does not match {what} in any time zone.");
    }
    format!(
        " Compared with {what}, it was written in {}: az prints the local time of the machine it ran on. Prefer the Unix-seconds value.",
        timefmt::offset_label(offset_minutes as i32)
    )
}

fn expires_on_findings(key: &str, e: &ExpiresOn, findings: &mut Vec<Finding>) {
    if let Some(why) = &e.malformed {
        findings.push(
            Finding::error(Code::ResponseExpiresOnMalformed, format!("{key} '{}' is not a valid time", e.raw))
                .detail(format!("{}.{}", sentence(why), e.sdk_note.as_deref().map(|n| format!(" {n}")).unwrap_or_default()))
                .fix("Rely on the token's exp (decode the token) or on expires_in; a real endpoint returns Unix seconds (2019-08-01 and later) or a well-formed date."),
        );
        return;
    }
    if matches!(
        e.format,
        Format::WindowsDate | Format::LinuxDate | Format::Iso8601 | Format::SpaceSeparatedUtc
    ) {
        findings.push(
            Finding::warning(Code::ResponseExpiresOnFormat, format!("{key} is a date string: {}", e.format_label))
                .detail(format!(
                    "Read as {} ({}). {}",
                    e.utc.as_deref().unwrap_or("?"),
                    e.relative.as_deref().unwrap_or("?"),
                    e.sdk_note.as_deref().unwrap_or("Code that expects Unix seconds will fail to parse it.")
                ))
                .fix("Use an SDK that reads every format (current azure-identity / Azure.Identity / MSAL); on App Service use api-version 2019-08-01, which returns Unix seconds."),
        );
    }
}

fn mismatch_finding(code: Code, field: &str, claim: &str, said: i64, actual: i64) -> Finding {
    let diff = said - actual;
    let zone = if diff % 1800 == 0 && diff.unsigned_abs() <= 14 * 3600 {
        " The difference is a whole number of half-hours: a date was read in a local time zone instead of UTC."
    } else {
        ""
    };
    Finding::warning(code, format!("{field} differs from the token's {claim} by {}", timefmt::duration(diff)))
        .detail(format!(
            "{field} says {} but the token's {claim} is {}.{zone} The token is what APIs check, so it is right; the response was edited, combined from two responses, or parsed in the wrong time zone.",
            timefmt::utc(said),
            timefmt::utc(actual)
        ))
        .fix(format!("Take expiry times from the token's {claim} (or expires_on as Unix seconds, in UTC)."))
}

fn resource_checks(
    resource: &str,
    aud: Option<&str>,
    findings: &mut Vec<Finding>,
) -> (CheckStatus, String) {
    let trimmed = resource.trim();
    if trimmed.is_empty() {
        findings.push(
            Finding::warning(Code::ResponseResourceUnknown, "resource is empty")
                .detail("A managed-identity endpoint echoes the resource that was asked for; an empty value means it was lost when the sample was copied (a URL stripped out of an article), or the request sent none.")
                .fix("Request a resource, e.g. https://vault.azure.net for Key Vault or https://management.azure.com/ for Resource Manager."),
        );
        return (CheckStatus::Mismatch, "Empty.".to_string());
    }
    if let Some(base) = trimmed.strip_suffix("/.default") {
        findings.push(
            Finding::error(Code::ResponseResourceScopeSuffix, "resource ends in /.default")
                .detail(format!("'{trimmed}' is a scope (what SDK credentials take), not a resource (what managed-identity endpoints take). The token's aud will not match what the API expects."))
                .fix(format!("Request resource={base}; pass {trimmed} only to SDK credentials such as ManagedIdentityCredential.GetToken.")),
        );
        return (
            CheckStatus::Mismatch,
            "A scope, not a resource.".to_string(),
        );
    }
    let identified = resources::identify(trimmed);
    let mut status = CheckStatus::Ok;
    let mut text = match &identified {
        Some(resources::Identified::Exact { resource }) => {
            format!("{} ({} cloud).", resource.service, resource.cloud)
        }
        Some(resources::Identified::SlashDiffers { resource }) => {
            let strict = [
                "https://database.windows.net/",
                "https://datalake.azure.net/",
                "https://database.usgovcloudapi.net/",
                "https://database.chinacloudapi.cn/",
            ]
            .contains(&resource.uri);
            let severity = if strict {
                Severity::Warning
            } else {
                Severity::Info
            };
            findings.push(
                Finding::new(severity, Code::ResponseResourceTrailingSlash, format!("resource differs from the documented {} only by a trailing slash", resource.uri))
                    .detail(format!(
                        "The token's aud is exactly '{trimmed}', the string that was requested. {}",
                        if strict { "This service checks the audience exactly and documents it with the slash: tokens without it are rejected." } else { "Most services accept both forms, but some check aud exactly; the documented form is the safe one." }
                    ))
                    .fix(format!("Request resource={} exactly.", resource.uri)),
            );
            status = CheckStatus::Note;
            format!(
                "{} ({} cloud); documented as {}.",
                resource.service, resource.cloud, resource.uri
            )
        }
        Some(resources::Identified::Pattern {
            service,
            use_instead: Some(audience),
        }) => {
            findings.push(
                Finding::warning(Code::ResponseResourceUnknown, format!("'{trimmed}' is {service}, not an audience"))
                    .detail(format!("Tokens for this service are requested for its audience, {audience}; a token whose aud is the endpoint's own URL is rejected with 401 (Azure/AppConfiguration#418 is this case)."))
                    .fix(format!("Request resource={audience}.")),
            );
            status = CheckStatus::Mismatch;
            format!("{service}; the audience is {audience}.")
        }
        Some(resources::Identified::Pattern {
            service,
            use_instead: None,
        }) => format!("{service}."),
        None => {
            status = CheckStatus::Note;
            match resources::did_you_mean(trimmed) {
                Some(known) => {
                    findings.push(
                        Finding::warning(Code::ResponseResourceUnknown, format!("Unknown resource '{trimmed}': did you mean {}?", known.uri))
                            .detail(format!("'{trimmed}' is not a known Azure audience but is close to {} ({}). Entra ID answers a misspelled resource with AADSTS500011.", known.uri, known.service))
                            .fix(format!("Request resource={}.", known.uri)),
                    );
                    format!("Unknown; did you mean {}?", known.uri)
                }
                None if is_guid(trimmed) || trimmed.starts_with("api://") => {
                    "Your own API (an application ID or App ID URI).".to_string()
                }
                None => {
                    findings.push(
                        Finding::info(Code::ResponseResourceUnknown, format!("'{trimmed}' is not a known Azure resource"))
                            .detail("It may be your own API's App ID URI, a placeholder from a test, or a typo; the inspector knows the documented audiences of Azure services.")
                            .fix("Check the audience the target service documents."),
                    );
                    "Not a known Azure audience.".to_string()
                }
            }
        }
    };
    if let Some(aud) = aud {
        if aud == trimmed {
            text.push_str(" Equals the token's aud.");
        } else if aud.trim_end_matches('/') == trimmed.trim_end_matches('/') {
            status = CheckStatus::Note;
            text.push_str(&format!(
                " The token's aud is '{aud}': they differ only by the trailing slash."
            ));
            findings.push(
                Finding::info(Code::ResponseResourceTrailingSlash, "resource and the token's aud differ only by a trailing slash")
                    .detail(format!("resource is '{trimmed}', aud is '{aud}'. The aud is the string that was requested; IMDS has been seen echoing resource without the slash even when it was requested with one."))
                    .fix("Compare audiences exactly as the API does: the token's aud is what counts."),
            );
        } else {
            status = CheckStatus::Mismatch;
            text.push_str(&format!(" The token's aud is '{aud}'."));
            findings.push(
                Finding::warning(Code::ResponseResourceAudMismatch, "resource is not the token's audience")
                    .detail(format!("The response says resource '{trimmed}' but the token inside is for '{aud}'. An endpoint echoes the resource of the token it returns, so the body was edited or pieced together from two responses. The token's aud is what the API checks."))
                    .fix(format!("Use this token only with the API whose audience is '{aud}'; request a new token with the resource you need.")),
            );
        }
    }
    (status, text)
}

fn client_id_checks(
    client_id: &str,
    token: Option<&TokenReport>,
    findings: &mut Vec<Finding>,
) -> (CheckStatus, String) {
    let token_client = token
        .and_then(|t| t.entra.as_ref())
        .and_then(|e| e.client_id.clone());
    let assignment = token
        .and_then(|t| t.identity.as_ref())
        .map(|i| i.assignment);
    let which = match assignment {
        Some(Assignment::System) => " It is the system-assigned identity's client ID.",
        Some(Assignment::User) => " It is the user-assigned identity's client ID.",
        None => "",
    };
    if !is_guid(client_id) || placeholder(client_id) {
        findings.push(
            Finding::info(Code::ResponseClientIdPlaceholder, format!("client_id '{client_id}' is not a client ID"))
                .detail(format!(
                    "A client ID is a GUID; this one was redacted, sanitised or cut short when the response was shared{}.",
                    token_client.as_deref().map(|t| format!(" — the token says the identity's client ID is {t}")).unwrap_or_default()
                )),
        );
        return (
            CheckStatus::Note,
            "Redacted or truncated: not a GUID.".to_string(),
        );
    }
    let upper = if client_id.chars().any(|c| c.is_ascii_uppercase()) {
        " Written in upper case: compare client IDs case-insensitively."
    } else {
        ""
    };
    match token_client {
        Some(t) if t.eq_ignore_ascii_case(client_id) => (
            CheckStatus::Ok,
            format!("Equals the token's appid/azp.{which}{upper}"),
        ),
        Some(t) => {
            findings.push(
                Finding::warning(Code::ResponseClientIdMismatch, "client_id is not the identity the token was issued to")
                    .detail(format!("The response names client ID {client_id}, but the token's appid/azp is {t}. The token is what APIs see: requests made with it act as {t}. The body was edited (test recorders sanitise it), or it comes from another response."))
                    .fix(format!("Grant roles to the identity with client ID {t}, or request the token with client_id={client_id} if that is the identity you meant.")),
            );
            (
                CheckStatus::Mismatch,
                format!("The token's appid/azp is {t}."),
            )
        }
        None => (
            CheckStatus::Note,
            format!("The identity's client ID.{upper}"),
        ),
    }
}

/// A clause as a sentence: first letter upper-case.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
