//! Azure clouds as told by token issuers.
//!
//! v2.0 tokens name their cloud's sign-in host (`login.microsoftonline.com`, `.us`, `.cn` hosts);
//! v1.0 tokens use `sts.windows.net` for both the public cloud and US Government, and
//! `sts.chinacloudapi.cn` for the China cloud (Microsoft Q&A 1190472, "What are the token issuers
//! for the sovereign clouds"; MSAL's cloud metadata lists the v2.0 issuers).

use serde::Serialize;

/// What an issuer URL says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issuer {
    pub host: String,
    /// The tenant segment of the path, as written (may not be a GUID).
    pub tenant: Option<String>,
    /// "1.0" for sts hosts, "2.0" for a `/v2.0` path.
    pub version: Option<&'static str>,
    /// Which cloud, in words.
    pub cloud: &'static str,
    /// Whether this is an Entra ID issuer at all.
    pub entra: bool,
}

const HOSTS: &[(&str, &str)] = &[
    (
        "sts.windows.net",
        "Azure public cloud or Azure US Government (v1.0 tokens of both use this issuer)",
    ),
    ("login.microsoftonline.com", "Azure public cloud"),
    ("login.windows.net", "Azure public cloud"),
    ("login.microsoft.com", "Azure public cloud"),
    ("login.microsoftonline.us", "Azure US Government"),
    ("login.usgovcloudapi.net", "Azure US Government"),
    ("sts.chinacloudapi.cn", "Azure China (operated by 21Vianet)"),
    (
        "login.chinacloudapi.cn",
        "Azure China (operated by 21Vianet)",
    ),
    (
        "login.partner.microsoftonline.cn",
        "Azure China (operated by 21Vianet)",
    ),
    (
        "login.microsoftonline.cn",
        "Azure China (operated by 21Vianet)",
    ),
    ("login.microsoftonline.de", "Azure Germany (closed in 2021)"),
    (
        "login.windows-ppe.net",
        "Microsoft's pre-production environment (not a customer cloud)",
    ),
    (
        "sts.windows-ppe.net",
        "Microsoft's pre-production environment (not a customer cloud)",
    ),
];

/// Reads an issuer URL; `None` when it is not an https URL.
pub fn parse_issuer(iss: &str) -> Option<Issuer> {
    let rest = iss.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let known = HOSTS.iter().find(|(h, _)| *h == host);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let tenant = segments.first().map(|s| (*s).to_string());
    let version = if segments
        .get(1)
        .is_some_and(|s| s.eq_ignore_ascii_case("v2.0"))
    {
        Some("2.0")
    } else if host.starts_with("sts.") && known.is_some() {
        Some("1.0")
    } else {
        None
    };
    Some(Issuer {
        cloud: known.map_or("unknown (not a Microsoft Entra ID issuer)", |(_, c)| c),
        entra: known.is_some(),
        host,
        tenant,
        version,
    })
}

/// Where an Entra tenant's signing keys are published, for the user to open and paste.
pub fn jwks_uri(issuer: &Issuer) -> Option<String> {
    if !issuer.entra {
        return None;
    }
    let tenant = issuer.tenant.as_deref().unwrap_or("common");
    let login = match issuer.host.as_str() {
        "sts.windows.net" | "login.windows.net" | "login.microsoft.com" => {
            "login.microsoftonline.com"
        }
        "sts.chinacloudapi.cn"
        | "login.partner.microsoftonline.cn"
        | "login.microsoftonline.cn" => "login.chinacloudapi.cn",
        "sts.windows-ppe.net" => "login.windows-ppe.net",
        other => other,
    };
    Some(format!("https://{login}/{tenant}/discovery/v2.0/keys"))
}

/// The Microsoft account (consumer) tenant.
pub const MSA_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_v1_and_v2_issuers() {
        let v1 =
            parse_issuer("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/").unwrap();
        assert_eq!(v1.version, Some("1.0"));
        assert_eq!(
            v1.tenant.as_deref(),
            Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
        );
        assert!(v1.cloud.contains("public") && v1.cloud.contains("US Government"));
        assert_eq!(
            jwks_uri(&v1).unwrap(),
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys"
        );
        let v2 = parse_issuer("https://login.microsoftonline.us/t/v2.0").unwrap();
        assert_eq!((v2.version, v2.cloud), (Some("2.0"), "Azure US Government"));
        let cn = parse_issuer("https://sts.chinacloudapi.cn/t/").unwrap();
        assert!(cn.cloud.starts_with("Azure China"));
        let other = parse_issuer("https://example.com/joe").unwrap();
        assert!(!other.entra && jwks_uri(&other).is_none());
        assert!(parse_issuer("joe").is_none());
    }
}
