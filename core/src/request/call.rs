//! The call a program makes with the token it gets (issue 11 §4): "the token works, the call
//! doesn't" is answered by a program that gets the token for the right resource **and** makes the
//! call. One [`ResourceCall`] per service the access reports name, each built from the URL the
//! error (or the user) gives; the token's resource is derived from the call, never typed twice.
//!
//! The versions each service is called with, and where they come from:
//! - Key Vault data plane: `api-version=2025-07-01`, the current stable version of the REST
//!   reference (<https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret?view=rest-keyvault-secrets-2025-07-01>:
//!   `GET {vaultBaseUrl}/secrets/{secret-name}/{secret-version}?api-version=2025-07-01`; the
//!   Azure SDKs' ServiceVersion lists end with it, later ones are previews).
//! - Storage: `x-ms-version: 2025-11-05`, "the latest fully deployed version of the Azure Storage
//!   service" (<https://learn.microsoft.com/rest/api/storageservices/versioning-for-the-azure-storage-services>;
//!   a Bearer token needs 2017-11-09 or later, the same page says).
//! - Resource Manager: the api-version of the scope's own GET operation: subscriptions
//!   `2022-12-01` (<https://learn.microsoft.com/rest/api/resources/subscriptions/get>), resource
//!   groups `2021-04-01` (<https://learn.microsoft.com/rest/api/resources/resource-groups/get>),
//!   Key Vault vaults `2026-02-01` (Vaults_Get's default in Azure.ResourceManager.KeyVault; older
//!   control-plane versions retire on 2027-02-27,
//!   <https://learn.microsoft.com/azure/key-vault/general/migrate-api-version>), storage accounts
//!   `2025-08-01` (StorageAccounts_GetProperties' default in Azure.ResourceManager.Storage,
//!   <https://learn.microsoft.com/dotnet/api/azure.resourcemanager.storage.storageaccountresource.get>).
//!   Other resource types take their provider's version, which the caller gives
//!   ([`ResourceCall::with_version`]).

use serde::{Deserialize, Serialize};

use crate::input::percent::percent_encode;
use crate::request::model::Unsupported;
use crate::search::Search;

/// Key Vault's data-plane api-version (see the module doc).
pub const KEY_VAULT_API_VERSION: &str = "2025-07-01";
/// Storage's `x-ms-version` (see the module doc).
pub const STORAGE_VERSION: &str = "2025-11-05";

/// Resource Manager scopes whose GET api-version is known: (provider/type, version).
const ARM_TYPES: &[(&str, &str)] = &[
    ("microsoft.keyvault/vaults", "2026-02-01"),
    ("microsoft.storage/storageaccounts", "2025-08-01"),
];
const ARM_SUBSCRIPTION_VERSION: &str = "2022-12-01";
const ARM_RESOURCE_GROUP_VERSION: &str = "2021-04-01";
const ARM_PUBLIC: &str = "https://management.azure.com";

/// The service a call goes to. The ids are those of `Analysis.access.service` (issue 11 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallService {
    KeyVault,
    Storage,
    Arm,
}

impl CallService {
    /// The service for people: `Key Vault`, `Storage`, `Resource Manager`.
    pub fn name(self) -> &'static str {
        match self {
            CallService::KeyVault => "Key Vault",
            CallService::Storage => "Storage",
            CallService::Arm => "Resource Manager",
        }
    }
}

/// A GET to a resource with the token as `Authorization: Bearer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceCall {
    pub service: CallService,
    /// The URL to GET, without its version query, e.g.
    /// `https://myvault.vault.azure.net/secrets/db-password`.
    pub url: String,
    /// Key Vault's and Resource Manager's `api-version`, Storage's `x-ms-version`; `None` only for
    /// a Resource Manager scope whose type has no known version (then [`ResourceCall::check`]
    /// says so).
    pub version: Option<String>,
}

impl ResourceCall {
    /// A Key Vault URL, e.g. a secret's `https://myvault.vault.azure.net/secrets/db-password`
    /// (as Key Vault's errors and SDK exceptions show it), called with `KEY_VAULT_API_VERSION`.
    pub fn key_vault(url: &str) -> ResourceCall {
        ResourceCall {
            service: CallService::KeyVault,
            url: url.trim().to_string(),
            version: Some(KEY_VAULT_API_VERSION.into()),
        }
    }

    /// Key Vault's Get Secret: `GET {vault}/secrets/{name}` (the latest version of the secret).
    pub fn key_vault_secret(vault: &str, name: &str) -> ResourceCall {
        let vault = vault.trim().trim_end_matches('/');
        ResourceCall::key_vault(&format!("{vault}/secrets/{}", percent_encode(name.trim())))
    }

    /// A blob's URL, e.g. `https://account.blob.core.windows.net/container/blob.txt` (Get Blob),
    /// called with `x-ms-version:` `STORAGE_VERSION`.
    pub fn storage(url: &str) -> ResourceCall {
        ResourceCall {
            service: CallService::Storage,
            url: url.trim().to_string(),
            version: Some(STORAGE_VERSION.into()),
        }
    }

    /// A Resource Manager scope (`/subscriptions/…`, as `AuthorizationFailed` names it) or URL
    /// (`https://management.azure.com/subscriptions/…`), called with the api-version of that
    /// scope's GET where it is known (see the module doc); otherwise give one with
    /// [`ResourceCall::with_version`].
    pub fn arm(scope_or_url: &str) -> ResourceCall {
        let s = scope_or_url.trim();
        let url = if s.starts_with('/') {
            format!("{ARM_PUBLIC}{s}")
        } else {
            s.to_string()
        };
        let version = arm_version(path_of(&url)).map(str::to_string);
        ResourceCall {
            service: CallService::Arm,
            url,
            version,
        }
    }

    /// The call a URL implies, by its host: `*.vault.azure.net` (and the sovereign clouds'
    /// vault hosts), `*.blob.core.windows.net` (and theirs), `management.azure.com` (and theirs).
    pub fn from_url(url: &str) -> Option<ResourceCall> {
        let host = host_of(url)?;
        if VAULT_HOSTS.iter().any(|(suffix, _)| host.ends_with(suffix)) {
            Some(ResourceCall::key_vault(url))
        } else if STORAGE_HOSTS.iter().any(|suffix| host.ends_with(suffix)) {
            Some(ResourceCall::storage(url))
        } else if ARM_HOSTS.iter().any(|(h, _)| host == *h) {
            Some(ResourceCall::arm(url))
        } else {
            None
        }
    }

    /// The same call with another version (api-version, or Storage's x-ms-version).
    pub fn with_version(mut self, version: &str) -> ResourceCall {
        self.version = Some(version.trim().to_string());
        self
    }

    /// The resource to request the token for: the service's audience in the URL's cloud
    /// (mi-protocols.md §10). A URL whose cloud cannot be told (a loopback test server) gets the
    /// public cloud's.
    pub fn resource(&self) -> String {
        let host = host_of(&self.url).unwrap_or_default();
        match self.service {
            CallService::KeyVault => VAULT_HOSTS
                .iter()
                .find(|(suffix, _)| host.ends_with(suffix))
                .map_or("https://vault.azure.net", |(_, r)| r)
                .to_string(),
            // Storage's one audience for every account; other clouds' accounts accept their own
            // origin (mi-protocols.md §10: "or https://<account>.blob.core.windows.net").
            CallService::Storage => match STORAGE_HOSTS.iter().find(|s| host.ends_with(*s)) {
                Some(suffix) if !suffix.ends_with(".core.windows.net") => format!("https://{host}"),
                _ => "https://storage.azure.com/".into(),
            },
            CallService::Arm => ARM_HOSTS
                .iter()
                .find(|(h, _)| host == *h)
                .map_or("https://management.azure.com/", |(_, r)| r)
                .to_string(),
        }
    }

    /// The query the call adds to its URL: Key Vault's and Resource Manager's api-version.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        match (self.service, &self.version) {
            (CallService::KeyVault | CallService::Arm, Some(v)) => vec![("api-version", v.clone())],
            _ => Vec::new(),
        }
    }

    /// The headers the call sends besides `Authorization`: Storage's x-ms-version.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match (self.service, &self.version) {
            (CallService::Storage, Some(v)) => vec![("x-ms-version", v.clone())],
            _ => Vec::new(),
        }
    }

    /// Where the call cannot be written: a URL that is not a plain http(s) URL, a token sent in
    /// clear text to anything but this machine, a Resource Manager scope without an api-version.
    pub fn check(&self) -> Result<(), Unsupported> {
        if !is_plain_url(&self.url) {
            return Err(Unsupported(format!(
                "The {} URL must be an http:// or https:// URL without spaces, a query or a fragment; {:?} is not.",
                self.service.name(),
                self.url
            )));
        }
        if self.url.starts_with("http://") && !is_loopback(&host_of(&self.url).unwrap_or_default())
        {
            return Err(Unsupported(format!(
                "The {} URL must be https://: the token would travel in clear text to {:?}.",
                self.service.name(),
                self.url
            )));
        }
        match self.version.as_deref() {
            Some(v) if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') => Ok(()),
            Some(v) => Err(Unsupported(format!("{v:?} is not a {} version.", self.service.name()))),
            None => Err(Unsupported(format!(
                "Resource Manager needs the api-version of the resource type at {}: the versions of subscriptions, resource groups, Key Vault vaults and storage accounts are known, another type's must be given.",
                path_of(&self.url)
            ))),
        }
    }
}

/// Key Vault hosts by cloud, with the resource to ask for (mi-protocols.md §10).
const VAULT_HOSTS: &[(&str, &str)] = &[
    (".vault.azure.net", "https://vault.azure.net"),
    (
        ".vault.usgovcloudapi.net",
        "https://vault.usgovcloudapi.net",
    ),
    (".vault.azure.cn", "https://vault.azure.cn"),
];
/// Blob endpoints by cloud.
const STORAGE_HOSTS: &[&str] = &[
    ".blob.core.windows.net",
    ".blob.core.usgovcloudapi.net",
    ".blob.core.chinacloudapi.cn",
];
/// Resource Manager hosts by cloud, with the resource to ask for (mi-protocols.md §10).
const ARM_HOSTS: &[(&str, &str)] = &[
    ("management.azure.com", "https://management.azure.com/"),
    (
        "management.usgovcloudapi.net",
        "https://management.usgovcloudapi.net/",
    ),
    (
        "management.chinacloudapi.cn",
        "https://management.chinacloudapi.cn/",
    ),
];

/// The api-version of a Resource Manager scope's GET, when its type is known.
fn arm_version(path: &str) -> Option<&'static str> {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let words: Vec<&str> = segments.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["subscriptions", _] => Some(ARM_SUBSCRIPTION_VERSION),
        ["subscriptions", _, "resourcegroups", _] => Some(ARM_RESOURCE_GROUP_VERSION),
        ["subscriptions", _, "resourcegroups", _, "providers", provider, kind, _] => {
            let t = format!("{provider}/{kind}");
            ARM_TYPES.iter().find(|(k, _)| *k == t).map(|(_, v)| *v)
        }
        _ => None,
    }
}

/// An `http://` or `https://` URL of RFC 3986 characters only, with a host, no query, no fragment.
pub fn is_plain_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/[]@!$&'()*+,;=%".contains(c);
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && r.chars().all(allowed))
}

/// The URL's host, lower-cased, without port or user info.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_on("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.split(':').next().unwrap_or(authority),
    };
    Some(host.to_ascii_lowercase())
}

/// The URL's path.
fn path_of(url: &str) -> &str {
    let rest = url.split_on("://").map_or(url, |(_, r)| r);
    rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_vault_calls_ask_for_the_vault_audience_of_their_cloud() {
        let c = ResourceCall::key_vault_secret("https://myvault.vault.azure.net/", "db-password");
        assert_eq!(c.url, "https://myvault.vault.azure.net/secrets/db-password");
        assert_eq!(c.query(), [("api-version", "2025-07-01".to_string())]);
        assert_eq!(c.resource(), "https://vault.azure.net");
        assert!(c.headers().is_empty());
        assert_eq!(c.check(), Ok(()));
        let cn = ResourceCall::key_vault("https://v.vault.azure.cn/secrets/s");
        assert_eq!(cn.resource(), "https://vault.azure.cn");
    }

    #[test]
    fn storage_calls_send_x_ms_version_and_ask_for_storage() {
        let c = ResourceCall::storage("https://acct.blob.core.windows.net/c/b.txt");
        assert_eq!(c.headers(), [("x-ms-version", "2025-11-05".to_string())]);
        assert!(c.query().is_empty());
        assert_eq!(c.resource(), "https://storage.azure.com/");
        let gov = ResourceCall::storage("https://acct.blob.core.usgovcloudapi.net/c/b");
        assert_eq!(gov.resource(), "https://acct.blob.core.usgovcloudapi.net");
    }

    #[test]
    fn arm_scopes_take_their_types_api_version() {
        let sub = ResourceCall::arm("/subscriptions/00000000-0000-0000-0000-000000000000");
        assert_eq!(
            sub.url,
            "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(sub.version.as_deref(), Some("2022-12-01"));
        assert_eq!(sub.resource(), "https://management.azure.com/");
        let rg = ResourceCall::arm("/subscriptions/s/resourceGroups/rg");
        assert_eq!(rg.version.as_deref(), Some("2021-04-01"));
        let kv = ResourceCall::arm(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v",
        );
        assert_eq!(kv.version.as_deref(), Some("2026-02-01"));
        let vm = ResourceCall::arm(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
        );
        assert_eq!(vm.version, None);
        assert!(vm.check().unwrap_err().0.contains("api-version"));
        assert_eq!(vm.with_version("2024-07-01").check(), Ok(()));
    }

    #[test]
    fn urls_tell_their_service() {
        let f = |u: &str| ResourceCall::from_url(u).map(|c| c.service);
        assert_eq!(
            f("https://v.vault.azure.net/secrets/x"),
            Some(CallService::KeyVault)
        );
        assert_eq!(
            f("https://a.blob.core.windows.net/c/b"),
            Some(CallService::Storage)
        );
        assert_eq!(
            f("https://management.azure.com/subscriptions/s"),
            Some(CallService::Arm)
        );
        assert_eq!(f("https://example.com/x"), None);
    }

    #[test]
    fn a_token_never_goes_out_in_clear_text() {
        let plain = ResourceCall::key_vault("http://myvault.vault.azure.net/secrets/x");
        assert!(plain.check().unwrap_err().0.contains("clear text"));
        // A loopback test server may be plain http.
        assert_eq!(
            ResourceCall::key_vault("http://127.0.0.1:8080/secrets/x").check(),
            Ok(())
        );
        let query = ResourceCall::key_vault("https://v.vault.azure.net/secrets/x?api-version=1");
        assert!(query.check().is_err());
        let quote = ResourceCall::storage("https://a.blob.core.windows.net/c/it's \"b\"");
        assert!(quote.check().is_err());
    }
}
