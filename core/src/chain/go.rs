//! Go (azidentity): the chain's error (`DefaultAzureCredential: failed to acquire a token.`,
//! `Attempted credentials:` then `\tName: reason`, read by the shared formats, with Go's own
//! spellings such as `AzureCLICredential`), workload identity's MSAL error
//! (`FromAssertion(): http call(…) error: reply status code was 401: {…AADSTS…}`), and the
//! `[Authentication]` log (`Managed Identity Credential will use IMDS managed identity`,
//! `WARNING: Azure ML doesn't support specifying a managed identity by resource ID`). Formats
//! from azure-sdk-for-go `sdk/azidentity` (`default_azure_credential.go`,
//! `managed_identity_client.go`) and the samples of the Application Gateway for Containers
//! troubleshooting guide and azure-storage-fuse#1526.

use super::log::{self, Line};
use super::names::{self, MiSource, MANAGED_IDENTITY, WORKLOAD_IDENTITY};
use super::read::{Format, Marker};
use super::{Language, Outcome};
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Go,
    signals: &[
        "failed to acquire a token",
        "AzureCLICredential",
        "azidentity",
        "aka.ms/azsdk/go/",
        "FromAssertion()",
        "Managed Identity Credential will use",
        "IMDS token request timed out",
        "incomplete environment variable configuration",
        "missing environment variable AZURE_",
    ],
    markers,
};

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if let Some((_, after)) = t.split_on("FromAssertion()") {
        let reason = after.trim_start_matches(':').trim();
        return vec![Marker::new(WORKLOAD_IDENTITY, reason)
            .outcome(Outcome::Failed)
            .continuing()];
    }
    if let Some((_, rest)) = t.split_on("Managed Identity Credential will use ") {
        return vec![Marker::new(MANAGED_IDENTITY, "")
            .source(names::source_in(rest))
            .outcome(Outcome::NotTried)];
    }
    if t.has("Azure ML doesn't support specifying a managed identity by resource ID") {
        return vec![Marker::new(MANAGED_IDENTITY, t)
            .source(Some(MiSource::AzureMl))
            .outcome(Outcome::Unknown)];
    }
    Vec::new()
}
