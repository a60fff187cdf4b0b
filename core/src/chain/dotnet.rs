//! .NET (Azure.Identity): the aggregate `CredentialUnavailableException` whose lines read
//! `- EnvironmentCredential authentication unavailable. …` (read by the shared formats), and the
//! event-source log (`AzureEventSourceListener`): `XCredential.GetToken invoked`, `… was unable to
//! retrieve an access token. … Exception: Azure.Identity.CredentialUnavailableException
//! (0x80131500): reason`, `… succeeded`, `DefaultAzureCredential credential selected:
//! Azure.Identity.X`. Formats from azure-sdk-for-net `sdk/identity/Azure.Identity/src`
//! (`CredentialDiagnosticScope.cs`, `AzureIdentityEventSource.cs`) and the samples of
//! azure-sdk-for-net#50895 and #38218.

use super::log::{self, Line};
use super::names;
use super::read::{Format, Marker};
use super::{Language, Outcome};
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Dotnet,
    signals: &[
        "Azure.Identity.",
        "Azure-Identity:",
        "aka.ms/azsdk/net/",
        "(0x80131500)",
        "System.AggregateException",
        ".GetToken ",
        "VisualStudioCredential",
    ],
    markers,
};

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if let Some((_, selected)) = t.split_on("credential selected:") {
        return names::named(selected.trim().trim_end_matches('.'))
            .map(|(name, source)| {
                vec![Marker::new(name, t)
                    .source(source)
                    .outcome(Outcome::Succeeded)]
            })
            .unwrap_or_default();
    }
    let t = t.strip_prefix("Azure.Identity.").unwrap_or(t);
    let Some((name, source, rest)) = names::leading(t) else {
        return Vec::new();
    };
    let Some(event) = rest.strip_prefix(".GetToken ") else {
        return Vec::new();
    };
    let marker = if event.starts_with("invoked") {
        Marker::new(name, "").outcome(Outcome::Unknown)
    } else if event.starts_with("succeeded") {
        Marker::new(name, t).outcome(Outcome::Succeeded)
    } else {
        Marker::new(name, exception_message(event))
    };
    vec![marker.source(source)]
}

/// The message of `… Exception: Azure.Identity.CredentialUnavailableException (0x80131500): msg`.
fn exception_message(event: &str) -> &str {
    let Some((_, exception)) = event.split_on("Exception: ") else {
        return event;
    };
    exception
        .split_on("): ")
        .or_else(|| exception.split_on(": "))
        .map_or(exception, |(_, msg)| msg)
}
