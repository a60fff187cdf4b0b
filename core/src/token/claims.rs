//! Explaining each header parameter and payload claim: its value in readable form, what the
//! catalogue says it means, and, for times, every useful rendering. Claims the catalogue does not
//! know are kept and marked as such.

use serde::Serialize;
use serde_json::{Map, Value};

use super::catalog::{self, ClaimSource, Location};
use super::times::{self, TimeReport};
use crate::model::Context;

/// One claim (or header parameter), explained.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimReport {
    pub name: String,
    pub location: Location,
    pub value: Value,
    /// The value as text: strings unquoted, lists joined.
    pub display: String,
    /// What the claim means; `None` when it is not in the catalogue.
    pub meaning: Option<&'static str>,
    /// Who defines it; `None` when it is not in the catalogue.
    pub source: Option<ClaimSource>,
    pub known: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeReport>,
    /// What this particular value means (a role's name, a resource ID broken down, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Explains every entry of `object` found at `location`.
pub fn explain(object: &Map<String, Value>, location: Location, ctx: &Context) -> Vec<ClaimReport> {
    object
        .iter()
        .map(|(name, value)| explain_one(name, value, location, ctx))
        .collect()
}

fn explain_one(name: &str, value: &Value, location: Location, ctx: &Context) -> ClaimReport {
    let entry = catalog::lookup(location, name);
    let mut notes = Vec::new();
    let time = match entry {
        Some(e) if e.is_time => times::report(value, ctx),
        Some(_) => None,
        None => times::guess(value, ctx).inspect(|_| {
            notes.push(
                "Not in the catalogue; the value looks like a Unix time, so it is shown as one."
                    .to_string(),
            );
        }),
    };
    if let Some(t) = &time {
        if t.millis {
            notes.push(
                "Milliseconds, not the seconds JWT requires; divided by 1000 here.".to_string(),
            );
        }
        if t.from_string {
            notes.push("Written as a string; a JWT NumericDate is a JSON number.".to_string());
        }
    }
    if location == Location::Header && name == "alg" {
        if let Some(meaning) = value.as_str().and_then(catalog::algorithm) {
            notes.push(capitalised(meaning));
        }
    }
    ClaimReport {
        name: name.to_string(),
        location,
        display: display(value),
        value: value.clone(),
        meaning: entry.map(|e| e.meaning),
        source: entry.map(|e| e.source),
        known: entry.is_some(),
        time,
        notes,
    }
}

/// A value as a person reads it: strings without quotes, lists joined by ", ", objects as JSON.
pub fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|v| !v.is_array() && !v.is_object()) => {
            items.iter().map(display).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The strings in a claim that is a list (or one space-separated string, as `scp` is).
pub fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => s
            .split([' ', ','])
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}
