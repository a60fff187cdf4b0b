//! Raw HTTP messages as people paste them: `curl -i` output, documentation samples, and SDK
//! exception text in which the status, body and headers were glued onto one line.

use crate::search::Search;
use serde::Serialize;

/// A header as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// The status, headers and body of a response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HttpResponse {
    pub status: Option<u16>,
    pub reason: Option<String>,
    pub headers: Vec<HttpHeader>,
    /// The body text (everything after the headers), when there is one.
    #[serde(skip)]
    pub body: String,
    /// Where this came from: "status line" or "SDK exception text".
    pub source: &'static str,
}

impl HttpResponse {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

/// Header names that SDK exception text glues together; used to split them apart again.
const KNOWN_HEADERS: &[&str] = &[
    "Date",
    "Server",
    "Transfer-Encoding",
    "X-CORRELATION-ID",
    "Content-Type",
    "Content-Length",
    "WWW-Authenticate",
    "Www-Authenticate",
    "x-ms-request-id",
    "x-ms-client-request-id",
    "Retry-After",
    "Cache-Control",
    "Pragma",
    "Expires",
    "X-Powered-By",
    "Strict-Transport-Security",
    "Connection",
    "X-Content-Type-Options",
    "X-Frame-Options",
];

/// A response with a status line (`HTTP/1.1 200 OK`), headers and a body.
pub fn parse_response(text: &str) -> Option<HttpResponse> {
    let mut lines = text.lines().enumerate().peekable();
    let (status, reason, start) = loop {
        let (i, line) = lines.next()?;
        let l = line.trim_start_matches(['<', ' ', '\t']);
        if let Some((status, reason)) = status_line(l) {
            break (status, reason, i);
        }
    };
    let mut out = HttpResponse {
        status: Some(status),
        reason,
        source: "status line",
        ..HttpResponse::default()
    };
    let all: Vec<&str> = text.lines().collect();
    let mut body_from = all.len();
    for (i, line) in all.iter().enumerate().skip(start + 1) {
        let l = line.trim_start_matches(['<', ' ', '\t']).trim_end();
        if l.is_empty() || l.starts_with(['{', '[', '"']) {
            body_from = if l.is_empty() { i + 1 } else { i };
            break;
        }
        match l.split_once(':') {
            Some((name, value)) if is_token(name) => out.headers.push(HttpHeader {
                name: name.to_string(),
                value: value.trim().to_string(),
            }),
            _ => {
                body_from = i;
                break;
            }
        }
    }
    out.body = all.get(body_from..).unwrap_or(&[]).join("\n");
    Some(out)
}

/// SDK exception text: `Status: 400 (Bad Request)Content:{…}Headers:Date: …Server: Kestrel…`.
pub fn parse_sdk_exception(text: &str) -> Option<HttpResponse> {
    let at = text.find_str("Status: ")?;
    let rest = text.get(at + "Status: ".len()..)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let status: u16 = digits.parse().ok().filter(|s| (100..600).contains(s))?;
    let reason = rest
        .get(digits.len()..)
        .and_then(|r| r.trim_start().strip_prefix('('))
        .and_then(|r| r.split_once(')'))
        .map(|(reason, _)| reason.to_string());
    let mut out = HttpResponse {
        status: Some(status),
        reason,
        source: "SDK exception text",
        ..HttpResponse::default()
    };
    let content_at = text.find_str("Content:");
    let headers_at = text.find_str("Headers:");
    if let Some(c) = content_at {
        let end = headers_at.filter(|h| *h > c).unwrap_or(text.len());
        out.body = text
            .get(c + "Content:".len()..end)
            .unwrap_or("")
            .trim()
            .to_string();
    }
    if let Some(h) = headers_at {
        let mut glued = text.get(h + "Headers:".len()..).unwrap_or("");
        if let Some(cut) = glued.find_str("See the troubleshooting guide") {
            glued = glued.get(..cut).unwrap_or(glued);
        }
        out.headers = split_glued_headers(glued);
    }
    Some(out)
}

/// Headers written one a line (`Name: value`), as SDK exception texts print them after
/// `Headers:`: leading blank lines are skipped, and the first line that is not a header ends them.
pub fn parse_header_lines(block: &str) -> Vec<HttpHeader> {
    let mut headers = Vec::new();
    for line in block.lines().map(str::trim) {
        if line.is_empty() && headers.is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if is_token(name) => headers.push(HttpHeader {
                name: name.to_string(),
                value: value.trim().to_string(),
            }),
            _ => break,
        }
    }
    headers
}

fn split_glued_headers(glued: &str) -> Vec<HttpHeader> {
    let mut starts: Vec<(usize, &str)> = Vec::new();
    for name in KNOWN_HEADERS {
        let needle = format!("{name}: ");
        let mut from = 0;
        while let Some(i) = glued.get(from..).and_then(|s| s.find_str(&needle)) {
            starts.push((from + i, name));
            from += i + needle.len();
        }
    }
    crate::sort::by_key(&mut starts, |(i, _)| *i);
    starts.dedup_by_key(|(i, _)| *i);
    let mut headers = Vec::new();
    for (k, (start, name)) in starts.iter().enumerate() {
        let value_start = start + name.len() + 2;
        let end = starts.get(k + 1).map_or(glued.len(), |(next, _)| *next);
        let value = glued.get(value_start..end).unwrap_or("").trim();
        headers.push(HttpHeader {
            name: (*name).to_string(),
            value: value.to_string(),
        });
    }
    headers
}

fn status_line(line: &str) -> Option<(u16, Option<String>)> {
    let rest = line.strip_prefix("HTTP/")?;
    let (_version, rest) = rest.split_once(' ')?;
    let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if code.len() != 3 {
        return None;
    }
    let status = code.parse().ok()?;
    let reason = rest
        .get(3..)
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    Some((status, reason))
}

/// An HTTP header name (RFC 9110 token characters).
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_samples_with_and_without_a_blank_line() {
        // MicrosoftDocs how-to-use-vm-token.md: no blank line between headers and body.
        let r =
            parse_response("HTTP/1.1 200 OK\nContent-Type: application/json\n{\n  \"a\": \"b\"\n}")
                .unwrap();
        assert_eq!((r.status, r.reason.as_deref()), (Some(200), Some("OK")));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert!(r.body.starts_with('{'));
        // The 2017 App Service doc: the separator line holds a single space.
        let r = parse_response("HTTP/1.1 200 OK\nContent-Type: application/json\n \n{}").unwrap();
        assert_eq!(r.body, "{}");
        assert!(parse_response("no status line here").is_none());
    }

    #[test]
    fn headers_one_a_line() {
        // Azure/kusto-copy#79: RequestFailedException's `Headers:` block.
        let h = parse_header_lines("\nServer: Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0\nx-ms-error-code: AuthorizationPermissionMismatch\nDate: Mon, 17 Nov 2025 13:03:52 GMT\nnot a header\nX: y");
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].value, "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0");
        assert_eq!(h[2].value, "Mon, 17 Nov 2025 13:03:52 GMT");
    }

    #[test]
    fn glued_sdk_exception_text() {
        // Azure/azure-sdk-for-net#43691.
        let text = "azure.identity: ManagedIdentityCredential authentication failed: Service request failed.Status: 400 (Bad Request)Content:{\"statusCode\":400,\"message\":\"Unable to load the proper Managed Identity.\",\"correlationId\":\"bf68136a-73f7-4ca4-9903-9ee8af3ab2ee\"}Headers:Date: Sat, 27 Apr 2024 02:28:31 GMTServer: KestrelTransfer-Encoding: chunkedX-CORRELATION-ID: REDACTEDContent-Type: application/json; charset=utf-8See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/managedidentitycredential/troubleshoot.";
        let r = parse_sdk_exception(text).unwrap();
        assert_eq!(
            (r.status, r.reason.as_deref()),
            (Some(400), Some("Bad Request"))
        );
        assert!(r.body.starts_with("{\"statusCode\":400") && r.body.ends_with('}'));
        assert_eq!(r.header("Server"), Some("Kestrel"));
        assert_eq!(r.header("Date"), Some("Sat, 27 Apr 2024 02:28:31 GMT"));
        assert_eq!(r.header("X-CORRELATION-ID"), Some("REDACTED"));
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json; charset=utf-8")
        );
    }
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// A raw HTTP request: `GET /MSI/token?… HTTP/1.1` and headers, as documentation prints them
/// (indented, the URL in quotes, or a header on the same line as the request line).
pub fn parse_request(text: &str) -> Option<crate::input::parsed::ParsedRequest> {
    use crate::input::parsed::{ParsedRequest, RequestSource};
    let lines: Vec<&str> = text.lines().collect();
    let (start, method, target, rest) = lines.iter().enumerate().find_map(|(i, line)| {
        let l = line.trim();
        let (method, after) = l.split_once(' ')?;
        if !METHODS.contains(&method) {
            return None;
        }
        let after = after.trim_start();
        let (target, rest) = match after.chars().next() {
            Some(q @ ('\'' | '"')) => {
                let inner = after.get(1..)?;
                let end = inner.find(q)?;
                (
                    inner.get(..end)?.to_string(),
                    inner.get(end + 1..)?.trim_start(),
                )
            }
            _ => {
                let (t, r) = after.split_once(' ').unwrap_or((after, ""));
                (t.to_string(), r.trim_start())
            }
        };
        let rest = rest.strip_prefix("HTTP/")?;
        let rest = rest.split_once(' ').map_or("", |(_, r)| r).trim();
        Some((i, method.to_string(), target, rest.to_string()))
    })?;
    let mut r = ParsedRequest::new(RequestSource::HttpRequest, &method, &target, start + 1);
    r.method_explicit = true;
    r.recognised.push("a raw HTTP request".to_string());
    let unexpanded = |value: &str| -> Vec<String> {
        value
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '%' || c == '{' || c == '}'))
            .filter(|w| w.starts_with('$') || (w.starts_with('%') && w.ends_with('%') && w.len() > 2))
            .map(|w| format!("{w} is a variable, but an HTTP request is sent as written: put the variable's value here"))
            .collect()
    };
    if !rest.is_empty() {
        // Documentation samples write the header after the request line: `HTTP/1.1 Metadata: true`.
        r.recognised
            .push("a header written on the request line".to_string());
        let _ = r.push_header_line(&rest, unexpanded(&rest));
    }
    let mut body_from = None;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let l = line.trim();
        if l.is_empty() {
            body_from = Some(i + 1);
            break;
        }
        if l.contains(':') && is_token(l.split(':').next().unwrap_or("").trim()) {
            let _ = r.push_header_line(l, unexpanded(l.split_once(':').map_or("", |x| x.1)));
        } else if l.contains(" : ") || l.contains(" :") {
            // "Secret : value": whitespace before the colon is not allowed (RFC 9112 §5.1).
            let _ = r.push_header_line(l, unexpanded(l));
        } else {
            body_from = Some(i);
            break;
        }
    }
    if let Some(from) = body_from {
        // A `.http` file's `###` line starts the next request.
        let rest = lines.get(from..).unwrap_or(&[]);
        let end = rest
            .iter()
            .position(|l| l.trim_start().starts_with("###"))
            .unwrap_or(rest.len());
        let body = rest.get(..end).unwrap_or(rest).join("\n");
        if !body.trim().is_empty() {
            r.set_form_body(body.trim());
        }
    }
    // Host header plus a relative target make the URL.
    if r.url_parts.host.is_none() && r.url_parts.base_var.is_none() {
        if let Some(host) = r.header("Host").map(|h| h.value.clone()) {
            let url = format!("http://{host}{}", r.url);
            let mut again = ParsedRequest::new(RequestSource::HttpRequest, &r.method, &url, r.line);
            again.headers = std::mem::take(&mut r.headers);
            again.method_explicit = true;
            again.form = std::mem::take(&mut r.form);
            again.body = r.body.take();
            again.recognised = std::mem::take(&mut r.recognised);
            again.url = r.url.clone();
            return Some(again);
        }
    }
    Some(r)
}

#[cfg(test)]
mod request_tests {
    use super::parse_request;

    #[test]
    fn a_form_body_ends_where_the_next_request_of_a_http_file_begins() {
        let file = "POST http://localhost:50342/oauth2/token HTTP/1.1\nMetadata: true\nContent-Type: application/x-www-form-urlencoded\n\nresource=https%3A%2F%2Fvault.azure.net\n\n###\nGET https://v.vault.azure.net/secrets/s HTTP/1.1\n";
        let r = parse_request(file).unwrap();
        assert_eq!(
            r.param("resource").unwrap().value,
            "https://vault.azure.net"
        );
    }

    #[test]
    fn doc_requests() {
        // MicrosoftDocs how-to-use-vm-token.md: quoted URL and the header on the request line.
        let r = parse_request("GET 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/' HTTP/1.1 Metadata: true").unwrap();
        assert_eq!(r.header("Metadata").unwrap().value, "true");
        assert_eq!(r.url_parts.host.as_deref(), Some("169.254.169.254"));
        // The Azure Maps doc's indented request with a Host header.
        let r = parse_request("    GET /MSI/token?resource=https://atlas.microsoft.com/&api-version=2019-08-01 HTTP/1.1\n    Host: localhost:4141").unwrap();
        assert_eq!(
            (r.url_parts.host.as_deref(), r.url_parts.port),
            (Some("localhost"), Some(4141))
        );
        assert_eq!(r.url_parts.path, "/MSI/token");
        assert_eq!(
            r.param("resource").unwrap().value,
            "https://atlas.microsoft.com/"
        );
        assert!(r.header("X-IDENTITY-HEADER").is_none());
        assert!(parse_request("GET is a word").is_none());
    }
}
