//! Answers that are not a managed-identity endpoint's JSON, named as such: another cloud's
//! metadata service (AWS EC2's IMDS also listens at 169.254.169.254, so an Azure Arc or hybrid
//! machine on EC2 that asks IMDS gets AWS's "401 - Unauthorized": AWS re:Post knowledge center,
//! <https://repost.aws/knowledge-center/ec2-linux-metadata-retrieval>), a corporate proxy's block
//! page, an HTML error page (a web server, a sign-in page, a gateway), and a 405 from an endpoint
//! that wants another method (Container Apps and App Service's token endpoints take GET; Cloud
//! Shell's takes POST: ../shared/reference/mi-protocols.md §3).

use crate::input::http;
use crate::model::{Code, Finding, Kind};
use crate::search::Search;

/// What answered instead of a token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Foreign {
    AwsMetadata,
    ProxyBlock,
    HtmlPage,
    MethodNotAllowed,
}

/// Strings only AWS EC2's metadata service writes or is asked with.
const AWS: &[&str] = &[
    "EC2ws",
    "X-aws-ec2-metadata-token",
    "x-aws-ec2-metadata-token",
    "/latest/meta-data",
    "/latest/api/token",
    "<title>401 - Unauthorized</title>",
];

/// What proxies' block pages say (Squid, Zscaler, Blue Coat, Forcepoint, FortiGuard, McAfee).
const PROXY: &[&str] = &[
    "Proxy Authentication Required",
    "The requested URL could not be retrieved",
    "Zscaler",
    "Blue Coat",
    "Bluecoat",
    "Forcepoint",
    "Websense",
    "FortiGuard",
    "McAfee Web Gateway",
    "Web Page Blocked",
    "This site is blocked",
    "Access to this site is blocked",
];

/// Recognises an answer that is not a token endpoint's.
pub fn recognize(text: &str) -> Option<Foreign> {
    if AWS.iter().any(|s| text.has(s)) {
        return Some(Foreign::AwsMetadata);
    }
    if PROXY.iter().any(|s| text.has(s)) {
        return Some(Foreign::ProxyBlock);
    }
    if is_405(text) {
        return Some(Foreign::MethodNotAllowed);
    }
    let lower: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    (lower.has("<!doctype html") || lower.has("<html")).then_some(Foreign::HtmlPage)
}

fn is_405(text: &str) -> bool {
    let status = http::parse_response(text)
        .or_else(|| http::parse_sdk_exception(text))
        .and_then(|h| h.status);
    status == Some(405)
        || text.has("<Response [405]>")
        || text.has("405 Method Not Allowed")
        || text.has("405 (Method Not Allowed)")
}

impl Foreign {
    /// The kind of the analysis: a 405 is the endpoint's own error; the others are not Azure's.
    pub fn kind(self) -> Kind {
        match self {
            Foreign::MethodNotAllowed => Kind::MiError,
            _ => Kind::NotAzure,
        }
    }

    /// The finding that names what answered.
    pub fn finding(self) -> Finding {
        match self {
            Foreign::AwsMetadata => aws_metadata(),
            Foreign::ProxyBlock => proxy_block(),
            Foreign::HtmlPage => html_page(),
            Foreign::MethodNotAllowed => method_not_allowed(),
        }
    }
}

fn aws_metadata() -> Finding {
    Finding::error(Code::ResponseAwsMetadata, "AWS EC2's metadata service answered, not Azure's")
        .detail("169.254.169.254 is also AWS EC2's instance metadata service: on a machine in AWS (an Azure Arc-enabled server, a hybrid worker), a request for an Azure token reaches AWS, which refuses it (IMDSv2 wants its own session token: 401 - Unauthorized).")
        .fix("On an Azure Arc-enabled server, ask the Arc agent instead: IDENTITY_ENDPOINT (http://localhost:40342/metadata/identity/oauth2/token) with the challenge-response flow; Azure SDKs do this when IDENTITY_ENDPOINT and IMDS_ENDPOINT are set.")
}

fn proxy_block() -> Finding {
    Finding::error(Code::ResponseProxyBlock, "A proxy answered, not the token endpoint")
        .detail("The text is a proxy's page (a block page or an authentication request): the request never reached the managed-identity endpoint. IMDS (169.254.169.254) and the local token endpoints must not go through a proxy.")
        .fix("Add 169.254.169.254 and localhost (and the IDENTITY_ENDPOINT host) to NO_PROXY, or unset HTTP_PROXY/HTTPS_PROXY for this process.")
}

fn html_page() -> Finding {
    Finding::error(Code::ResponseHtmlPage, "An HTML page answered, not a token endpoint")
        .detail("Managed-identity endpoints answer with JSON; an HTML page comes from something else at that address: a web server, a sign-in page, a gateway or a load balancer's error page.")
        .fix("Check the URL the code calls (IDENTITY_ENDPOINT, MSI_ENDPOINT, 169.254.169.254) and what listens there; request it with curl from the same host.")
}

fn method_not_allowed() -> Finding {
    Finding::error(Code::ErrorMethodNotAllowed, "405: the endpoint wants another method")
        .detail("The token endpoint refuses the HTTP method sent. IMDS, App Service, Container Apps, Azure Arc and Service Fabric take GET with the resource in the query; Cloud Shell takes POST with the resource in a form body. Old libraries that POST to MSI_ENDPOINT (msrestazure's MSIAuthentication treats it as Cloud Shell's) get 405 on App Service and Container Apps.")
        .fix("Send GET with api-version and the identity header for this platform, or use a current Azure SDK (azure-identity's ManagedIdentityCredential).")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_answered() {
        // AWS IMDS's error page as EC2 serves it.
        let aws = "HTTP/1.1 401 Unauthorized\nServer: EC2ws\nContent-Type: text/html\n\n<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>401 - Unauthorized</title></head></html>";
        assert_eq!(recognize(aws), Some(Foreign::AwsMetadata));
        // Squid's block page title.
        assert_eq!(
            recognize("<html><title>ERROR: The requested URL could not be retrieved</title>"),
            Some(Foreign::ProxyBlock)
        );
        assert_eq!(
            recognize("Get Token request returned: <Response [405]>"),
            Some(Foreign::MethodNotAllowed)
        );
        assert_eq!(
            recognize("<!DOCTYPE html><html><body>Service Unavailable</body></html>"),
            Some(Foreign::HtmlPage)
        );
        assert_eq!(
            recognize(r#"{"error":"invalid_request","error_description":"Identity not found"}"#),
            None
        );
    }
}
