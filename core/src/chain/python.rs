//! Python (azure-identity): the `ClientAuthenticationError` of DefaultAzureCredential
//! (`Attempted credentials:` then `\tName: reason` entries, read by the shared formats) and the
//! `azure.identity` logger's lines: `Name.get_token failed: reason`, `Name.get_token succeeded`,
//! `DefaultAzureCredential acquired a token from Name`, `ManagedIdentityCredential will use IMDS`,
//! `No environment configuration found.`. Formats from azure-sdk-for-python
//! `sdk/identity/azure-identity/azure/identity` (`_internal/decorators.py`,
//! `_credentials/default.py`, `_credentials/managed_identity.py`, `_credentials/environment.py`)
//! and the samples of azure-cli#31648 and azure-sdk-for-python#28478.

use super::log::{self, Line};
use super::names::{self, ENVIRONMENT, MANAGED_IDENTITY};
use super::read::{Format, Marker};
use super::{Language, Outcome};
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Python,
    signals: &[
        "azure.identity",
        ".get_token",
        "aka.ms/azsdk/python/",
        "Traceback (most recent call last)",
        "ClientAuthenticationError",
        "to troubleshoot this issue.",
        "failed to retrieve a token from the included credentials.\nAttempted credentials:",
        "failed to retrieve a token from the included credentials.\\nAttempted credentials:",
    ],
    markers,
};

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if t.starts_with("No environment configuration found") {
        return vec![Marker::new(ENVIRONMENT, t).outcome(Outcome::Unavailable)];
    }
    if let Some((_, from)) = t.split_on("acquired a token from ") {
        return names::leading(from.trim())
            .map(|(name, source, _)| {
                vec![Marker::new(name, t)
                    .source(source)
                    .outcome(Outcome::Succeeded)]
            })
            .unwrap_or_default();
    }
    if let Some(rest) = t.strip_prefix("ManagedIdentityCredential will use ") {
        return vec![Marker::new(MANAGED_IDENTITY, "")
            .source(names::source_in(rest))
            .outcome(Outcome::NotTried)];
    }
    let Some((name, source, rest)) = names::leading(t) else {
        return Vec::new();
    };
    if let Some(reason) = rest.strip_prefix(".get_token failed:") {
        return vec![Marker::new(name, reason.trim()).source(source).continuing()];
    }
    if rest.starts_with(".get_token succeeded") {
        return vec![Marker::new(name, t)
            .source(source)
            .outcome(Outcome::Succeeded)];
    }
    Vec::new()
}
