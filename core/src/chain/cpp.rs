//! C++ (azure-identity-cpp): the `Identity:` log of DefaultAzureCredential: `Created with the
//! following credentials: A, B, C.` (the chain's order, before anything is tried), `Failed to get
//! token from Name: reason` and `Successfully got token from Name`. Formats from
//! azure-sdk-for-cpp `sdk/identity/azure-identity/src/chained_token_credential.cpp` and the sample
//! of azure-sdk-for-cpp#4952.

use super::log::{self, Line};
use super::names;
use super::read::{Format, Marker};
use super::{Language, Outcome};
use crate::search::Search;

pub const FORMAT: Format = Format {
    language: Language::Cpp,
    signals: &[
        "Identity: DefaultAzureCredential:",
        "azsdk-cpp-identity",
        "Created with the following credentials",
        "Failed to get token from",
    ],
    markers,
};

fn markers(line: &Line) -> Vec<Marker> {
    let t = log::unbulleted(&line.text);
    if let Some((_, list)) = t.split_on("Created with the following credentials:") {
        return list
            .trim()
            .trim_end_matches('.')
            .split(',')
            .filter_map(|n| names::named(n.trim()))
            .map(|(name, source)| {
                Marker::new(name, "")
                    .source(source)
                    .outcome(Outcome::NotTried)
            })
            .collect();
    }
    for (phrase, outcome) in [
        ("Failed to get token from ", None),
        ("Successfully got token from ", Some(Outcome::Succeeded)),
    ] {
        if let Some((_, from)) = t.split_on(phrase) {
            let Some((name, source, rest)) = names::leading(from) else {
                continue;
            };
            let reason = rest.strip_prefix(':').map_or(t, str::trim);
            let m = Marker::new(name, reason).source(source);
            return vec![match outcome {
                Some(o) => m.outcome(o),
                None => m,
            }];
        }
    }
    Vec::new()
}
