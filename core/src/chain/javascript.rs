//! JavaScript (@azure/identity): the `AggregateAuthenticationError` whose lines each start with
//! an error class (`CredentialUnavailableError: EnvironmentCredential is unavailable. …`, `…:
//! Azure CLI could not be found. …`), and the `azure:identity:*` debug log (`Name => message`,
//! `ManagedIdentityCredential - AppServiceMSI 2019 => … Unavailable. The environment variables
//! needed are: …`, `… - IMDS => Pinging the Azure IMDS endpoint`, `Name => getToken() =>
//! SUCCESS`). Formats from azure-sdk-for-js `sdk/identity/identity/src` (`util/logging.ts`,
//! `credentials/managedIdentityCredential/*.ts`, `credentials/chainedTokenCredential.ts`) and the
//! samples of azure-sdk-for-js#31080 and vscode-vsce#976.

use super::log::{self, Line};
use super::names::{self, AZURE_CLI, AZURE_DEVELOPER_CLI, AZURE_POWERSHELL, VISUAL_STUDIO_CODE};
use super::read::{Format, Marker};
use super::{Language, Outcome};
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Javascript,
    signals: &[
        "azure:identity",
        "CredentialUnavailableError",
        "AggregateAuthenticationError",
        "aka.ms/azsdk/js/",
        "@azure/identity",
        "=> getToken()",
    ],
    markers,
};

/// The error classes @azure/identity throws, as each aggregate line starts.
const ERROR_CLASSES: &[&str] = &[
    "CredentialUnavailableError: ",
    "AuthenticationRequiredError: ",
    "AuthenticationError: ",
];

/// Messages that do not name their credential (`AzureCliCredential` says "Azure CLI could not be
/// found"), most specific first.
const UNNAMED: &[(&str, &str)] = &[
    ("Azure Developer CLI", AZURE_DEVELOPER_CLI),
    ("Azure CLI", AZURE_CLI),
    ("PowerShell", AZURE_POWERSHELL),
    ("Visual Studio Code", VISUAL_STUDIO_CODE),
];

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if let Some(message) = ERROR_CLASSES.iter().find_map(|c| t.strip_prefix(c)) {
        return aggregate_line(message).into_iter().collect();
    }
    if t.has(" => ") {
        return log_line(t).into_iter().collect();
    }
    Vec::new()
}

/// One line of the aggregate error, its error class removed.
fn aggregate_line(message: &str) -> Option<Marker> {
    if let Some((name, source, rest)) = names::leading(message) {
        let reason = rest.strip_prefix(':').map_or(message, str::trim);
        return Some(Marker::new(name, reason).source(source).continuing());
    }
    if let Some((_, name, source)) = names::first_in(message) {
        return Some(Marker::new(name, message).source(source).continuing());
    }
    UNNAMED
        .iter()
        .find(|(phrase, _)| message.contains(phrase))
        .map(|(_, name)| Marker::new(name, message).continuing())
}

/// `Name => message` and `Name - Source => message`.
fn log_line(t: &str) -> Option<Marker> {
    let (head, message) = t.split_on(" => ")?;
    let (name, source, rest) = names::leading(head.trim())?;
    let named_source = rest.strip_prefix(" - ").and_then(names::source_in);
    let source = named_source.or(source);
    let message = message.trim();
    if message.has("getToken() => SUCCESS") {
        return Some(
            Marker::new(name, message)
                .source(source)
                .outcome(Outcome::Succeeded),
        );
    }
    if let (Some(ruled), true) = (
        named_source,
        message.has("Unavailable.") && message.has("environment variable"),
    ) {
        let mut m = Marker::new(name, "");
        m.rules_out = Some(ruled);
        return Some(m);
    }
    let reason = message
        .split_on("Error message: ")
        .map_or(message, |(_, e)| e);
    let m = Marker::new(name, reason).source(source.or_else(|| names::source_in(message)));
    Some(if message.has("Pinging") || message.has("is available") {
        Marker {
            reason: String::new(),
            ..m
        }
        .outcome(Outcome::Unknown)
    } else {
        m
    })
}
