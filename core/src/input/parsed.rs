//! A request as it was pasted (curl, PowerShell, raw HTTP, a URL, code), before validation:
//! method, URL and its parts, query parameters (decoded, with how they were written), headers
//! (with how they were written) and a body. Every parser in `input/` produces this.

use serde::Serialize;

use super::percent::percent_decode;
use crate::search::Search;

/// Where a request came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestSource {
    Curl,
    Powershell,
    HttpRequest,
    Url,
    Code,
}

/// A query (or form) parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: String,
    /// The value decoded (`%2F` → `/`).
    pub value: String,
    /// The value as written.
    pub raw: String,
}

/// A header as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestHeader {
    pub name: String,
    pub value: String,
    /// The whole header as written (`Metadata:true`, `Secret : x`).
    pub raw: String,
    /// Variables in the value the shell (or language) will not expand, e.g. `$IDENTITY_HEADER` in
    /// single quotes or in a raw HTTP request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unexpanded: Vec<String>,
}

/// The parts of a URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UrlParts {
    pub scheme: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub path: String,
    /// The environment variable the URL starts with (`$IDENTITY_ENDPOINT?…`), when it does.
    pub base_var: Option<String>,
}

/// A request as pasted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedRequest {
    pub source: RequestSource,
    /// The method, as written or as the tool implies it (curl with data: POST).
    pub method: String,
    pub method_explicit: bool,
    /// The URL as written.
    pub url: String,
    /// Variables in the URL that will not be expanded, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub url_unexpanded: Vec<String>,
    pub url_parts: UrlParts,
    pub query: Vec<Param>,
    pub headers: Vec<RequestHeader>,
    pub body: Option<String>,
    /// Form fields of a urlencoded body.
    pub form: Vec<Param>,
    /// 1-based line where the request starts in the paste.
    pub line: usize,
    /// What was recognised, in words ("a curl command", "headers from a PowerShell hashtable").
    pub recognised: Vec<String>,
}

impl ParsedRequest {
    pub fn new(source: RequestSource, method: &str, url: &str, line: usize) -> Self {
        let (url_parts, query) = split_url(url);
        ParsedRequest {
            source,
            method: method.to_ascii_uppercase(),
            method_explicit: false,
            url: url.to_string(),
            url_unexpanded: Vec::new(),
            url_parts,
            query,
            headers: Vec::new(),
            body: None,
            form: Vec::new(),
            line,
            recognised: Vec::new(),
        }
    }

    /// Adds a header from `Name: value` text; `None` when the text has no colon.
    pub fn push_header_line(&mut self, raw: &str, unexpanded: Vec<String>) -> Option<()> {
        let (name, value) = raw.split_once(':')?;
        self.headers.push(RequestHeader {
            name: name.trim().to_string(),
            value: value.trim().to_string(),
            raw: raw.to_string(),
            unexpanded,
        });
        Some(())
    }

    pub fn header(&self, name: &str) -> Option<&RequestHeader> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.query
            .iter()
            .chain(self.form.iter())
            .find(|p| p.name == name)
    }

    /// Sets a urlencoded body and reads its fields.
    pub fn set_form_body(&mut self, body: &str) {
        self.form = parse_params(body);
        self.body = Some(body.to_string());
    }
}

/// Splits a URL (which may start with a variable) into its parts and query parameters.
pub fn split_url(url: &str) -> (UrlParts, Vec<Param>) {
    let url = url.trim();
    let (before_query, query) = match url.split_once('?') {
        Some((b, q)) => (b, q.split('#').next().unwrap_or("")),
        None => (url.split('#').next().unwrap_or(url), ""),
    };
    let mut parts = UrlParts::default();
    if let Some(var) = leading_var(before_query) {
        parts.base_var = Some(var.0);
        parts.path = before_query.get(var.1..).unwrap_or("").to_string();
    } else if let Some((scheme, rest)) = before_query.split_on("://") {
        parts.scheme = Some(scheme.to_ascii_lowercase());
        let (authority, path) = match rest.find('/') {
            Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => {
                (h, p.parse().ok())
            }
            _ => (authority, None),
        };
        parts.host = Some(host.to_ascii_lowercase());
        parts.port = port;
        parts.path = path.to_string();
    } else {
        parts.path = before_query.to_string();
    }
    (parts, parse_params(query))
}

/// `a=b&c=d` into parameters, values decoded.
pub fn parse_params(query: &str) -> Vec<Param> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (name, raw) = p.split_once('=').unwrap_or((p, ""));
            Param {
                name: percent_decode(name, true),
                value: percent_decode(raw, true),
                raw: raw.to_string(),
            }
        })
        .collect()
}

/// `$IDENTITY_ENDPOINT`, `${IDENTITY_ENDPOINT}`, `%IDENTITY_ENDPOINT%`, `$env:IDENTITY_ENDPOINT`
/// or `{{IDENTITY_ENDPOINT}}` (the `.http` file placeholder that `mi-inspect snippet --lang http`
/// writes) at the start of a URL: the name and the length written.
fn leading_var(s: &str) -> Option<(String, usize)> {
    let ident = |t: &str| -> String {
        t.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(rest) = s.strip_prefix("{{") {
        let name = ident(rest);
        return (!name.is_empty() && rest.get(name.len()..)?.starts_with("}}"))
            .then(|| (name.clone(), name.len() + 4));
    }
    if let Some(rest) = s.strip_prefix("${") {
        let name = ident(rest);
        return rest
            .get(name.len()..)?
            .starts_with('}')
            .then(|| (name.clone(), name.len() + 3));
    }
    if let Some(rest) = s
        .strip_prefix("$env:")
        .or_else(|| s.strip_prefix("$Env:"))
        .or_else(|| s.strip_prefix("$ENV:"))
    {
        let name = ident(rest);
        return (!name.is_empty()).then(|| (name.clone(), name.len() + 5));
    }
    if let Some(rest) = s.strip_prefix('$') {
        let name = ident(rest);
        return (!name.is_empty()).then(|| (name.clone(), name.len() + 1));
    }
    if let Some(rest) = s.strip_prefix('%') {
        let name = ident(rest);
        return rest
            .get(name.len()..)?
            .starts_with('%')
            .then(|| (name.clone(), name.len() + 2));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_hosts_and_with_variables() {
        let (p, q) = split_url("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F");
        assert_eq!(
            (
                p.scheme.as_deref(),
                p.host.as_deref(),
                p.port,
                p.path.as_str()
            ),
            (
                Some("http"),
                Some("169.254.169.254"),
                None,
                "/metadata/identity/oauth2/token"
            )
        );
        assert_eq!(q[1].value, "https://management.azure.com/");
        assert_eq!(q[1].raw, "https%3A%2F%2Fmanagement.azure.com%2F");
        let (p, q) =
            split_url("$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01");
        assert_eq!(p.base_var.as_deref(), Some("IDENTITY_ENDPOINT"));
        assert_eq!(q[0].value, "https://vault.azure.net");
        let (p, _) = split_url("https://localhost:2377/metadata/identity/oauth2/token");
        assert_eq!(p.port, Some(2377));
        assert_eq!(
            split_url("%MSI_ENDPOINT%?x=1").0.base_var.as_deref(),
            Some("MSI_ENDPOINT")
        );
        assert_eq!(
            split_url("$env:MSI_ENDPOINT").0.base_var.as_deref(),
            Some("MSI_ENDPOINT")
        );
        let (p, q) = split_url("{{IDENTITY_ENDPOINT}}?api-version=2019-07-01-preview");
        assert_eq!(p.base_var.as_deref(), Some("IDENTITY_ENDPOINT"));
        assert_eq!(
            (p.path.as_str(), q[0].value.as_str()),
            ("", "2019-07-01-preview")
        );
        assert_eq!(split_url("{{x host}}/p").0.base_var, None);
    }
}
