//! Known resources (token audiences): the `resource` a managed identity asks for and the `aud` the
//! token then carries. From ../shared/reference/mi-protocols.md §10, whose sources are the
//! "services that support managed identities" page, azure-cli's `cloud.py` (sovereign clouds) and
//! SDK scope constants. The requested string becomes `aud` exactly, so a trailing slash matters.

use serde::Serialize;

/// A resource the catalogue knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// The resource URI (or application ID) in its documented form.
    pub uri: &'static str,
    pub service: &'static str,
    pub cloud: &'static str,
}

const fn r(uri: &'static str, service: &'static str, cloud: &'static str) -> Resource {
    Resource {
        uri,
        service,
        cloud,
    }
}

const PUBLIC: &str = "public";
const GOV: &str = "US Government";
const CHINA: &str = "China";

pub const RESOURCES: &[Resource] = &[
    r(
        "https://management.azure.com/",
        "Azure Resource Manager",
        PUBLIC,
    ),
    r(
        "https://management.core.windows.net/",
        "Azure Resource Manager (classic audience)",
        PUBLIC,
    ),
    r(
        "https://management.usgovcloudapi.net/",
        "Azure Resource Manager",
        GOV,
    ),
    r(
        "https://management.core.usgovcloudapi.net/",
        "Azure Resource Manager (classic audience)",
        GOV,
    ),
    r(
        "https://management.chinacloudapi.cn/",
        "Azure Resource Manager",
        CHINA,
    ),
    r(
        "https://management.core.chinacloudapi.cn/",
        "Azure Resource Manager (classic audience)",
        CHINA,
    ),
    r("https://vault.azure.net", "Azure Key Vault", PUBLIC),
    r("https://vault.usgovcloudapi.net", "Azure Key Vault", GOV),
    r("https://vault.azure.cn", "Azure Key Vault", CHINA),
    r(
        "https://managedhsm.azure.net",
        "Azure Key Vault Managed HSM",
        PUBLIC,
    ),
    r(
        "https://storage.azure.com/",
        "Azure Storage (blobs, queues, tables, files)",
        PUBLIC,
    ),
    r(
        "https://database.windows.net/",
        "Azure SQL Database and SQL Managed Instance",
        PUBLIC,
    ),
    r(
        "https://database.usgovcloudapi.net/",
        "Azure SQL Database",
        GOV,
    ),
    r(
        "https://database.chinacloudapi.cn/",
        "Azure SQL Database",
        CHINA,
    ),
    r("https://graph.microsoft.com/", "Microsoft Graph", PUBLIC),
    r("https://graph.microsoft.us/", "Microsoft Graph", GOV),
    r(
        "https://microsoftgraph.chinacloudapi.cn/",
        "Microsoft Graph",
        CHINA,
    ),
    r(
        "https://graph.windows.net/",
        "Azure AD Graph (retired; use Microsoft Graph)",
        PUBLIC,
    ),
    r("https://servicebus.azure.net", "Azure Service Bus", PUBLIC),
    r("https://eventhubs.azure.net", "Azure Event Hubs", PUBLIC),
    r("https://eventgrid.azure.net", "Azure Event Grid", PUBLIC),
    r("https://cosmos.azure.com", "Azure Cosmos DB", PUBLIC),
    r(
        "https://kusto.kusto.windows.net",
        "Azure Data Explorer (Kusto)",
        PUBLIC,
    ),
    r(
        "https://ossrdbms-aad.database.windows.net",
        "Azure Database for PostgreSQL / MySQL",
        PUBLIC,
    ),
    r(
        "https://ossrdbms-aad.database.usgovcloudapi.net",
        "Azure Database for PostgreSQL / MySQL",
        GOV,
    ),
    r(
        "https://ossrdbms-aad.database.chinacloudapi.cn",
        "Azure Database for PostgreSQL / MySQL",
        CHINA,
    ),
    r(
        "https://cognitiveservices.azure.com",
        "Azure AI services / Azure OpenAI",
        PUBLIC,
    ),
    r(
        "499b84ac-1321-427f-aa17-267ca6975798",
        "Azure DevOps",
        PUBLIC,
    ),
    r(
        "https://appconfig.azure.com",
        "Azure App Configuration",
        PUBLIC,
    ),
    r(
        "https://azconfig.io",
        "Azure App Configuration (older SDK audience)",
        PUBLIC,
    ),
    r(
        "https://dev.azuresynapse.net",
        "Azure Synapse Analytics (development endpoint)",
        PUBLIC,
    ),
    r(
        "https://monitor.azure.com/",
        "Azure Monitor (ingestion, Application Insights exporter)",
        PUBLIC,
    ),
    r(
        "https://api.loganalytics.io",
        "Log Analytics query API",
        PUBLIC,
    ),
    r(
        "https://api.applicationinsights.io",
        "Application Insights API",
        PUBLIC,
    ),
    r("https://search.azure.com", "Azure AI Search", PUBLIC),
    r(
        "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
        "Azure Databricks",
        PUBLIC,
    ),
    r("https://batch.core.windows.net/", "Azure Batch", PUBLIC),
    r(
        "https://datalake.azure.net/",
        "Azure Data Lake Storage Gen1",
        PUBLIC,
    ),
    r(
        "https://analysis.windows.net/powerbi/api",
        "Power BI",
        PUBLIC,
    ),
];

/// Account-specific audiences, recognised by host suffix. The last field names the audience to
/// use instead when the host is a service's own URL rather than an audience.
const HOST_PATTERNS: &[(&str, &str, Option<&str>)] = &[
    (
        ".blob.core.windows.net",
        "Azure Storage account (blob endpoint)",
        None,
    ),
    (
        ".queue.core.windows.net",
        "Azure Storage account (queue endpoint)",
        None,
    ),
    (
        ".table.core.windows.net",
        "Azure Storage account (table endpoint)",
        None,
    ),
    (
        ".file.core.windows.net",
        "Azure Storage account (file endpoint)",
        None,
    ),
    (
        ".dfs.core.windows.net",
        "Azure Data Lake Storage Gen2 account",
        None,
    ),
    (".documents.azure.com", "Azure Cosmos DB account", None),
    (".kusto.windows.net", "Azure Data Explorer cluster", None),
    (
        ".asazure.windows.net",
        "Azure Analysis Services server",
        None,
    ),
    (
        ".servicebus.windows.net",
        "Service Bus or Event Hubs namespace",
        None,
    ),
    (
        ".vault.azure.net",
        "a Key Vault's own URL",
        Some("https://vault.azure.net"),
    ),
    (
        ".azconfig.io",
        "an App Configuration store's own URL",
        Some("https://appconfig.azure.com"),
    ),
];

/// How an audience matched the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "match", rename_all = "snake_case")]
pub enum Identified {
    /// Exactly as documented.
    Exact { resource: Resource },
    /// Documented, but with or without a trailing slash where the documented form differs.
    SlashDiffers { resource: Resource },
    /// An account-specific URL of a known service.
    Pattern {
        service: &'static str,
        /// Set when the URL is the service's endpoint rather than an audience: what to request.
        use_instead: Option<&'static str>,
    },
}

impl Identified {
    /// The service named, in words.
    pub fn service(&self) -> &'static str {
        match self {
            Identified::Exact { resource } | Identified::SlashDiffers { resource } => {
                resource.service
            }
            Identified::Pattern { service, .. } => service,
        }
    }
}

/// Names the service behind an audience or resource string.
pub fn identify(aud: &str) -> Option<Identified> {
    let aud = aud.trim();
    if let Some(resource) = RESOURCES.iter().find(|r| r.uri.eq_ignore_ascii_case(aud)) {
        return Some(Identified::Exact {
            resource: *resource,
        });
    }
    let bare = aud.trim_end_matches('/');
    if let Some(resource) = RESOURCES
        .iter()
        .find(|r| r.uri.trim_end_matches('/').eq_ignore_ascii_case(bare))
    {
        return Some(Identified::SlashDiffers {
            resource: *resource,
        });
    }
    let host = bare
        .strip_prefix("https://")
        .map(|rest| rest.split('/').next().unwrap_or(rest).to_ascii_lowercase())?;
    HOST_PATTERNS
        .iter()
        .find(|(suffix, _, _)| host.ends_with(suffix) && host.len() > suffix.len())
        .map(|(_, service, use_instead)| Identified::Pattern {
            service,
            use_instead: *use_instead,
        })
}

/// The known resource closest to a string that is not in the catalogue (a typo), if one is close.
pub fn did_you_mean(aud: &str) -> Option<Resource> {
    let probe = aud.trim().trim_end_matches('/').to_ascii_lowercase();
    if probe.is_empty() || identify(aud).is_some() {
        return None;
    }
    RESOURCES
        .iter()
        .map(|r| {
            (
                edit_distance(&probe, &r.uri.trim_end_matches('/').to_ascii_lowercase()),
                r,
            )
        })
        .filter(|(d, r)| *d > 0 && *d <= 2.max(r.uri.len() / 12))
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| *r)
}

/// Levenshtein distance, bounded to short strings (audiences), so the cost stays small.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let deletion = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let insertion = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = substitution.min(deletion).min(insertion);
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_documented_audiences() {
        assert_eq!(
            identify("https://vault.azure.net").unwrap().service(),
            "Azure Key Vault"
        );
        assert!(matches!(
            identify("https://management.azure.com/"),
            Some(Identified::Exact { .. })
        ));
        // The real IMDS token's aud has no slash: still Resource Manager, but not the documented form.
        assert!(matches!(
            identify("https://management.azure.com"),
            Some(Identified::SlashDiffers { resource }) if resource.service == "Azure Resource Manager"
        ));
        assert_eq!(
            identify("499b84ac-1321-427f-aa17-267ca6975798")
                .unwrap()
                .service(),
            "Azure DevOps"
        );
        assert_eq!(
            identify("https://myacct.blob.core.windows.net")
                .unwrap()
                .service(),
            "Azure Storage account (blob endpoint)"
        );
        assert!(identify("https://example.com").is_none());
        assert!(RESOURCES.len() >= 25);
    }

    #[test]
    fn suggests_the_near_miss() {
        // AADSTS500011 for "https://managements.azure.com" (AzureAD/microsoft-authentication-library-for-dotnet#3979).
        assert_eq!(
            did_you_mean("https://managements.azure.com").unwrap().uri,
            "https://management.azure.com/"
        );
        assert_eq!(
            did_you_mean("https://valut.azure.net").unwrap().uri,
            "https://vault.azure.net"
        );
        assert!(did_you_mean("https://vault.azure.net").is_none());
        assert!(did_you_mean("https://contoso.example/api").is_none());
    }
}
