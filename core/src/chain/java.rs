//! Java (azure-identity): the `CredentialUnavailableException` of DefaultAzureCredential, one
//! credential per line (`EnvironmentCredential authentication unavailable. …`,
//! `ManagedIdentityCredential authentication unavailable. Connection to IMDS endpoint cannot be
//! established.`, read by the shared formats), often behind a log4j prefix and `… message=`, with
//! the lines that do not start with their credential's name (`IntelliJ Authentication not
//! available. …`, `Failed to read Vs Code credentials from Linux Key Ring.`). Formats from
//! azure-sdk-for-java `sdk/identity/azure-identity` (`IntelliJCredential.java`,
//! `VisualStudioCodeCredential.java`) and the sample of azure-sdk-for-java#26408.

use super::log::{self, Line};
use super::names::{self, INTELLIJ, VISUAL_STUDIO_CODE};
use super::read::{Format, Marker};
use super::Language;
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Java,
    signals: &[
        "com.azure.identity",
        "aka.ms/azsdk/java/",
        "IntelliJ",
        "CredentialUnavailableException message=",
        "at com.azure.",
        "Vs Code credentials",
    ],
    markers,
};

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    let t = t
        .split_on("CredentialUnavailableException message=")
        .map_or(t, |(_, m)| m.trim());
    if t.starts_with("IntelliJ Authentication not available") {
        return vec![Marker::new(INTELLIJ, t)];
    }
    if t.starts_with("Failed to read Vs Code credentials") {
        return vec![Marker::new(VISUAL_STUDIO_CODE, t)];
    }
    if line.text.has("CredentialUnavailableException message=") {
        if let Some((name, source, _)) = names::leading(t) {
            return vec![Marker::new(name, t).source(source)];
        }
    }
    Vec::new()
}
