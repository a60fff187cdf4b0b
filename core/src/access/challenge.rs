//! `WWW-Authenticate` challenges from resources, alone or inside a raw HTTP response: Key Vault's
//! `Bearer authorization="…", resource="…"`, Storage's unquoted, space-separated
//! `Bearer authorization_uri=… resource_id=…`, and continuous access evaluation's claims
//! challenge `error="insufficient_claims", claims="<base64 JSON>"`, whose claims are decoded.

use serde::Serialize;
use serde_json::Value;

use super::shapes::Envelope;
use super::{Cause, Diagnosis, Service};
use crate::input::base64url;
use crate::search::Search;
use crate::token::jose;

/// A parameter of a challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: String,
    pub value: String,
}

/// A parsed challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Challenge {
    /// `Bearer` (as written).
    pub scheme: String,
    pub params: Vec<Param>,
    /// The `claims` parameter decoded from base64, when it holds JSON.
    pub claims: Option<Value>,
}

impl Challenge {
    /// A parameter's value (names compared without regard to case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.as_str())
    }

    /// The resource the challenge names (`resource` or `resource_id`).
    pub fn resource(&self) -> Option<&str> {
        self.param("resource").or_else(|| self.param("resource_id"))
    }

    /// The authorization URL (`authorization` or `authorization_uri`).
    pub fn authority(&self) -> Option<&str> {
        self.param("authorization")
            .or_else(|| self.param("authorization_uri"))
    }

    /// The tenant in the authorization URL's path, when it has one.
    pub fn tenant(&self) -> Option<&str> {
        let rest = self.authority()?.split("://").nth(1)?;
        rest.split('/').nth(1).filter(|t| !t.is_empty())
    }
}

/// Parses a header value such as `Bearer a="b", c=d`; `None` when it is not `Bearer` with at
/// least one parameter.
pub fn parse(value: &str) -> Option<Challenge> {
    let value = value.trim();
    let (scheme, rest) = value.split_once(char::is_whitespace)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let params = params(rest);
    if params.is_empty() {
        return None;
    }
    let claims = params
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("claims"))
        .and_then(|p| decode_claims(&p.value));
    Some(Challenge {
        scheme: scheme.to_string(),
        params,
        claims,
    })
}

/// A challenge written on a line of its own (after `WWW-Authenticate:` or alone).
pub fn find(text: &str) -> Option<Challenge> {
    // A challenge's value starts with its scheme, so a text without the word has none (asking
    // every line of a long log was a tenth of its analysis).
    if !crate::search::has_ignore_case(text, "bearer") {
        return None;
    }
    text.lines().find_map(|line| {
        let line = line.trim();
        let value = line
            .split_on("WWW-Authenticate:")
            .or_else(|| line.split_on("Www-Authenticate:"))
            .or_else(|| line.split_on("www-authenticate:"))
            .map_or(line, |(_, v)| v);
        parse(value).filter(|c| c.authority().is_some() || c.resource().is_some())
    })
}

/// `name=value` pairs separated by commas or spaces; values quoted (with `\"` escapes) or bare.
fn params(text: &str) -> Vec<Param> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() && out.len() < 32 {
        while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
            i += 1;
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        {
            i += 1;
        }
        let name: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
        if name.is_empty() || chars.get(i) != Some(&'=') {
            break;
        }
        i += 1;
        let mut value = String::new();
        if chars.get(i) == Some(&'"') {
            i += 1;
            while let Some(&c) = chars.get(i) {
                i += 1;
                match c {
                    '\\' => {
                        if let Some(&next) = chars.get(i) {
                            value.push(next);
                            i += 1;
                        }
                    }
                    '"' => break,
                    _ => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.get(i).filter(|c| !c.is_whitespace() && **c != ',') {
                value.push(c);
                i += 1;
            }
        }
        out.push(Param { name, value });
    }
    out
}

/// Claims challenges carry base64 (standard or url-safe) of a JSON object.
fn decode_claims(value: &str) -> Option<Value> {
    let decoded = base64url::decode(value.trim());
    if decoded.error.is_some() {
        return None;
    }
    jose::parse_object(&decoded.bytes).ok()
}

/// A challenge on its own, or one whose claims are the point: the reader of last resort.
pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    let c = env.challenge.clone()?;
    if c.param("error") == Some("insufficient_claims") || c.claims.is_some() {
        return Some(claims_challenge(env, c));
    }
    let resource = c.resource().map(str::to_string)?;
    let service = service_of_resource(&resource);
    let tenant = c.tenant().map(str::to_string);
    let mut d = Diagnosis::new(service, Cause::WrongAudience).says(
        &format!("{} asks for a token for {resource}", service.label()),
        &format!(
            "A 401 with this challenge names the resource (audience) the service accepts{}. It comes back when the request carried no token, or a token for another resource; Azure SDKs send a first request without a token on purpose to read it, and then ask for the right token.",
            tenant.as_deref().map(|t| format!(" and the tenant to get the token from ({t})")).unwrap_or_default()
        ),
        &format!(
            "Request the token for {resource} (SDK credentials: the scope {}/.default){}, and send it as `Authorization: Bearer <token>`.",
            resource.trim_end_matches('/'),
            tenant.as_deref().map(|t| format!(" from tenant {t}")).unwrap_or_default()
        ),
    );
    d.expected = Some(resource.clone());
    d.accepted = vec![resource.clone()];
    d.resource = Some(resource);
    d.challenge = Some(c);
    d.status = challenge_status(env);
    Some(d)
}

/// A challenge pasted on its own came with a 401: that is the status `WWW-Authenticate` is sent
/// with (RFC 9110 §11.6.1).
fn challenge_status(env: &Envelope) -> Option<u16> {
    (env.shape == super::Shape::Challenge).then_some(401)
}

fn claims_challenge(env: &Envelope, c: Challenge) -> Diagnosis {
    let service = c
        .resource()
        .map(service_of_resource)
        .filter(|s| *s != Service::Unknown)
        .unwrap_or_else(|| {
            if env.has("vault.azure.net") {
                Service::KeyVault
            } else {
                Service::Unknown
            }
        });
    let claims = c
        .claims
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| c.param("claims").unwrap_or("").to_string());
    let mut d = Diagnosis::new(service, Cause::ClaimsChallenge).says(
        "The resource wants a token with more claims (a claims challenge)",
        &format!(
            "Continuous access evaluation or a Conditional Access authentication context refused the token and asks for a new one that satisfies {claims}. `acrs` names an authentication-context requirement; a cached token can never satisfy it."
        ),
        "Request a new token passing these claims (MSAL/Azure.Identity: `TokenRequestContext` with `claims`, or `WithClaims`); SDK clients that support CAE do this for you when the credential supports it. A managed identity cannot satisfy an authentication-context requirement: exclude workload identities from that Conditional Access policy.",
    );
    d.found = Some(format!("claims (base64) decodes to {claims}"));
    d.resource = c.resource().map(str::to_string);
    d.challenge = Some(c);
    d.status = challenge_status(env);
    d
}

/// The service a challenge's resource names.
fn service_of_resource(resource: &str) -> Service {
    let r = resource.to_ascii_lowercase();
    if r.has("vault.azure") || r.has("vault.usgovcloudapi") || r.has("managedhsm") {
        Service::KeyVault
    } else if r.has("storage.azure.com") || r.has(".core.windows.net") {
        Service::Storage
    } else if r.has("management.") {
        Service::Arm
    } else if r.has("graph.microsoft") {
        Service::Graph
    } else {
        Service::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_bare_parameters() {
        // Azure.Security.KeyVault.Secrets ChallengeBasedAuthenticationPolicyTests.
        let c = parse(r#"Bearer authorization="https://login.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net""#).unwrap();
        assert_eq!(c.resource(), Some("https://vault.azure.net"));
        assert_eq!(c.tenant(), Some("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        // azure-sdk-for-js storage-queue recording.
        let c = parse("Bearer authorization_uri=https://login.microsoftonline.com/aaaaa/oauth2/authorize resource_id=https://storage.azure.com").unwrap();
        assert_eq!(c.resource(), Some("https://storage.azure.com"));
        assert_eq!(c.tenant(), Some("aaaaa"));
        assert!(parse("Basic realm=/path").is_none());
        assert!(parse("Bearer").is_none());
    }

    #[test]
    fn claims_are_decoded() {
        // The Key Vault SDK test's CAE challenge; the test asserts this JSON.
        let c = parse(r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==""#).unwrap();
        assert_eq!(
            c.claims,
            Some(serde_json::json!({"access_token":{"acrs":{"essential":true,"value":"cp1"}}}))
        );
        assert_eq!(c.param("realm"), Some(""));
    }
}
