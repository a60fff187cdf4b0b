//! Environment variables as people paste them: `env`/`printenv` and Kudu output (`NAME=value`),
//! `NAME = value`, `export NAME=…`, `set NAME=…`, PowerShell's `$env:NAME = '…'` and its
//! `Get-ChildItem env:` table, Kudu's and other aligned name/value tables, `kubectl describe pod`'s
//! Environment section (`NAME:  value`, `(Injected by the webhook)`), JSON objects or Python dicts
//! of them, and `NAME=value` inside log lines. Only text that names a managed-identity variable is
//! claimed.

use serde::Serialize;

use super::lenient_json;
use crate::search::Search;

/// An environment variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
    /// 1-based line it was found on.
    pub line: usize,
}

/// Variables that matter to managed identity, with what each means.
pub const KNOWN: &[(&str, &str)] = &[
    ("IDENTITY_ENDPOINT", "The local token endpoint (App Service, Functions, Container Apps, Service Fabric, Azure Arc)."),
    ("IDENTITY_HEADER", "The secret to send with each request (X-IDENTITY-HEADER, or Secret on Service Fabric); rotated by the platform."),
    ("IDENTITY_SERVER_THUMBPRINT", "Service Fabric: the thumbprint of the token endpoint's TLS certificate, to pin."),
    ("IDENTITY_API_VERSION", "Service Fabric: the api-version its endpoint takes."),
    ("IMDS_ENDPOINT", "Azure Arc: the agent's base URL (with IDENTITY_ENDPOINT it marks an Arc server)."),
    ("MSI_ENDPOINT", "The legacy token endpoint (App Service 2017-09-01, Azure ML, Automation) or Cloud Shell's."),
    ("MSI_SECRET", "The legacy protocol's secret, sent in the secret header."),
    ("DEFAULT_IDENTITY_CLIENT_ID", "Azure ML: the client ID of the compute's default identity."),
    ("AZURE_CLIENT_ID", "The client ID Azure SDKs use: for ManagedIdentityCredential, the user-assigned identity to ask for."),
    ("AZURE_TENANT_ID", "The tenant for service-principal or workload-identity credentials."),
    ("AZURE_CLIENT_SECRET", "A client secret: with it, DefaultAzureCredential uses a service principal before trying managed identity."),
    ("AZURE_FEDERATED_TOKEN_FILE", "Workload identity (AKS): with AZURE_CLIENT_ID and AZURE_TENANT_ID, SDKs exchange this token instead of calling IMDS."),
    ("AZURE_AUTHORITY_HOST", "The Entra ID host SDKs sign in to."),
    ("AZURE_POD_IDENTITY_AUTHORITY_HOST", "Replaces IMDS's address (aad-pod-identity, or a test mock)."),
    ("MSAL_MANAGED_IDENTITY_ENDPOINT", "MSAL Python only: replaces the IMDS URL."),
    ("AZUREPS_HOST_ENVIRONMENT", "Starts with cloud-shell inside Azure Cloud Shell."),
    ("WEBSITE_DISABLE_MSI", "true turns App Service's token service off, though the portal still shows the identity."),
    ("HTTP_PROXY", "A proxy for http requests: IMDS does not work through a proxy."),
    ("HTTPS_PROXY", "A proxy for https requests."),
    ("NO_PROXY", "Hosts that bypass the proxy; must include 169.254.169.254 for IMDS."),
    ("KUBERNETES_SERVICE_HOST", "Set in every Kubernetes pod: the API server's address."),
];

/// What `kubectl describe pod` shows instead of a value the workload-identity webhook injected.
pub const INJECTED_BY_WEBHOOK: &str = "(Injected by the webhook)";

pub fn meaning(name: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, m)| *m)
}

fn is_mi_var(name: &str) -> bool {
    !name.ends_with("PROXY")
        && !name.starts_with("KUBERNETES_")
        && KNOWN.iter().any(|(n, _)| *n == name)
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    v.to_string()
}

/// A variable in `kubectl describe pod`'s Environment section (`AZURE_CLIENT_ID:  (Injected by
/// the webhook)`, Azure/azure-workload-identity docs/book/src/quick-start.md) or in an aligned
/// name/value table (`IDENTITY_ENDPOINT<tab>http://…`): only names that look like variables
/// (an underscore, or a known one), so that `Metadata: true` and log levels are not taken.
fn aligned(l: &str) -> Option<(&str, String)> {
    let (name, value) = match l.split_once(':') {
        Some((n, v)) if v.starts_with([' ', '\t']) && !n.contains(char::is_whitespace) => (n, v),
        _ => l.split_once('\t').or_else(|| l.split_once("  "))?,
    };
    let name = name.trim();
    let looks_like_variable = is_env_name(name)
        && name.chars().all(|c| !c.is_ascii_lowercase())
        && (name.contains('_') || meaning(name).is_some());
    let value = value.trim();
    (looks_like_variable && !value.is_empty()).then(|| (name, value.to_string()))
}

/// The environment variables in the text; empty unless one of them concerns managed identity.
pub fn find(text: &str) -> Vec<EnvVar> {
    // Nothing to claim unless a managed-identity variable is named somewhere.
    if !KNOWN.iter().any(|(n, _)| is_mi_var(n) && text.has(n)) {
        return Vec::new();
    }
    let mut out: Vec<EnvVar> = Vec::new();
    let push = |name: &str, value: String, line: usize, out: &mut Vec<EnvVar>| {
        if !out.iter().any(|v| v.name == name) {
            out.push(EnvVar {
                name: name.to_string(),
                value,
                line,
            });
        }
    };
    // A JSON object or Python dict of variables.
    // (Not bash's `${NAME:-default}`, which the lenient reader would take for `{NAME: default}`:
    // a listing of variables quotes its keys.)
    if let Some(found) = lenient_json::find_object(text)
        .filter(|f| !f.repairs.contains(&lenient_json::Repair::UnquotedKey))
    {
        if found.value.keys().any(|k| is_mi_var(k)) {
            for (k, v) in &found.value {
                if is_env_name(k) {
                    let value = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    push(k, value, 1, &mut out);
                }
            }
            return out;
        }
    }
    for v in kubernetes_env(text) {
        push(&v.name, v.value, v.line, &mut out);
    }
    let mut in_table = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.starts_with("----") {
            in_table = true;
            continue;
        }
        let l = l
            .strip_prefix("export ")
            .or_else(|| l.strip_prefix("set "))
            .or_else(|| l.strip_prefix("SET "))
            .unwrap_or(l);
        if let Some(rest) = l
            .strip_prefix("$env:")
            .or_else(|| l.strip_prefix("$Env:"))
            .or_else(|| l.strip_prefix("$ENV:"))
        {
            if let Some((n, v)) = rest.split_once('=') {
                if is_env_name(n.trim()) {
                    push(n.trim(), unquote(v), line, &mut out);
                    continue;
                }
            }
        }
        if let Some((n, v)) = l.split_once('=') {
            let n = n.trim();
            if is_env_name(n) && !n.contains(' ') {
                push(n, unquote(v), line, &mut out);
                continue;
            }
        }
        if let Some((n, v)) = aligned(l) {
            push(n, v, line, &mut out);
            continue;
        }
        if in_table {
            // `Get-ChildItem env:` rows: NAME, two or more spaces, value.
            if let Some((n, v)) = l.split_on("  ") {
                if is_env_name(n.trim()) {
                    push(n.trim(), v.trim().to_string(), line, &mut out);
                    continue;
                }
            }
        }
        // NAME=value inside other text (SDK log lines), for the variables that matter.
        for (name, _) in KNOWN {
            let needle = format!("{name}=");
            if let Some(at) = raw.find_str(&needle) {
                let before = raw.get(..at).and_then(|b| b.chars().next_back());
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let value: String = raw
                    .get(at + needle.len()..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                let value = value.trim_end_matches(['.', ',', ';', ')']).to_string();
                push(name, value, line, &mut out);
            }
        }
    }
    if out.iter().any(|v| is_mi_var(&v.name)) {
        out
    } else {
        Vec::new()
    }
}

/// Indentation in characters.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Variables in Kubernetes' own forms: the `Environment:` block `kubectl describe pod` prints
/// (`NAME:  value`, more indented than the header; the quick start of azure-workload-identity shows
/// it), and a pod spec's `- name: NAME` / `value: …` pairs.
fn kubernetes_env(text: &str) -> Vec<EnvVar> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut block: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t == "Environment:" {
            block = Some(indent(raw));
            continue;
        }
        if let Some(header) = block {
            if t.is_empty() || indent(raw) <= header {
                block = None;
            } else if let Some((name, value)) = t.split_once(':') {
                if is_env_name(name) {
                    out.push(EnvVar {
                        name: name.to_string(),
                        value: value.trim().to_string(),
                        line: i + 1,
                    });
                    continue;
                }
            }
        }
        let Some(name) = t.strip_prefix("- name:").map(|n| unquote(n.trim())) else {
            continue;
        };
        if !is_env_name(&name) {
            continue;
        }
        let value = lines
            .get(i + 1)
            .map(|l| l.trim())
            .and_then(|l| l.strip_prefix("value:"))
            .map(|v| unquote(v.trim()));
        if let Some(value) = value {
            out.push(EnvVar {
                name,
                value,
                line: i + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_writing_variables() {
        // MSAL Python tests/test_mi.py: a dict literal with a trailing comma.
        let v = find("{\n        \"IDENTITY_ENDPOINT\": \"http://localhost\",\n        \"IDENTITY_HEADER\": \"foo\",\n    }");
        assert_eq!(v.len(), 2);
        // MicrosoftDocs/azure-docs#122273: printenv output, values elided.
        let v = find("printenv | grep IDENTI\nIDENTITY_API_VERSION=2020-05-01\nIDENTITY_SERVER_THUMBPRINT=a6f221acd...6b3e2\nIDENTITY_HEADER=xxxxxx");
        assert_eq!(
            v.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            [
                "IDENTITY_API_VERSION",
                "IDENTITY_SERVER_THUMBPRINT",
                "IDENTITY_HEADER"
            ]
        );
        // Azure/azure-sdk-for-js#11595: an SDK log line.
        let v = find("2020-10-01T22:37:50.747910726Z azure:identity:info ManagedIdentityCredential => Using the endpoint and the secret coming form the environment variables: MSI_ENDPOINT=http://172.16.2.6:8081/msi/token and MSI_SECRET=[REDACTED].");
        assert_eq!(v[0].value, "http://172.16.2.6:8081/msi/token");
        assert_eq!(v[1].value, "[REDACTED]");
        let v = find("$env:IDENTITY_ENDPOINT = 'http://127.0.0.1:41741/msi/token/'\nexport IDENTITY_HEADER=\"abc\"");
        assert_eq!(
            (v[0].value.as_str(), v[1].value.as_str()),
            ("http://127.0.0.1:41741/msi/token/", "abc")
        );
        let v = find("Name                           Value\n----                           -----\nIDENTITY_ENDPOINT              http://127.0.0.1:41741/msi/token/\nIDENTITY_HEADER                7c0e");
        assert_eq!(v.len(), 2);
        assert!(find("PATH=/usr/bin\nHOME=/root").is_empty());
    }

    #[test]
    fn aligned_name_value_tables() {
        // Kudu's Environment page and tab-separated listings: names and values in columns.
        let v =
            find("IDENTITY_ENDPOINT\thttp://127.0.0.1:41741/msi/token/\nIDENTITY_HEADER\t853b9a84");
        assert_eq!(v.len(), 2);
        // Headers and log levels are not variables.
        assert!(find("Metadata: true\nINFO: IDENTITY_ENDPOINT is set")
            .iter()
            .all(|x| x.name != "Metadata" && x.name != "INFO"));
    }

    #[test]
    fn kubernetes_forms() {
        // federation.jsonl wi-kubectl-describe-env-injected-by-webhook (azure-workload-identity quick start).
        let describe = "    Environment:\n      KEYVAULT_URL:               ${KEYVAULT_URL}\n      AZURE_CLIENT_ID:            (Injected by the webhook)\n      AZURE_FEDERATED_TOKEN_FILE: (Injected by the webhook)\n    Mounts:\n      /var/run/secrets/azure/tokens from azure-identity-token (ro)";
        let v = find(describe);
        assert_eq!(
            v.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            [
                "KEYVAULT_URL",
                "AZURE_CLIENT_ID",
                "AZURE_FEDERATED_TOKEN_FILE"
            ]
        );
        assert_eq!(v[1].value, INJECTED_BY_WEBHOOK);
        let spec = "        env:\n        - name: AZURE_CLIENT_ID\n          value: \"\"\n        - name: OTHER\n          valueFrom:";
        let v = find(spec);
        assert_eq!(
            (v[0].name.as_str(), v[0].value.as_str(), v.len()),
            ("AZURE_CLIENT_ID", "", 1)
        );
        // A pod's own variables alone claim nothing.
        assert!(find("KUBERNETES_SERVICE_HOST=10.0.0.1").is_empty());
    }
}
