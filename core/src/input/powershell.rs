//! PowerShell's list output (`Invoke-RestMethod` prints objects as `name : value` lines, wrapping
//! long values onto indented continuation lines).

use crate::search::Search;
use serde_json::{Map, Value};

/// Reads `name : value` lines into an object; `None` unless at least two lines have that form
/// and one of them is a token-response field.
pub fn parse_list(text: &str) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some((name, value)) = line
            .split_on(" : ")
            .or_else(|| line.trim_end().strip_suffix(" :").map(|n| (n, "")))
        {
            let name = name.trim();
            if is_identifier(name) {
                map.insert(name.to_string(), Value::String(value.trim().to_string()));
                last = Some(name.to_string());
                continue;
            }
        }
        // A continuation of a wrapped value: indented, no separator.
        match (&last, line.starts_with([' ', '\t'])) {
            (Some(name), true) => {
                if let Some(Value::String(v)) = map.get_mut(name) {
                    v.push_str(line.trim());
                }
            }
            _ => {
                if !map.is_empty() {
                    break;
                }
            }
        }
    }
    let known = [
        "access_token",
        "expires_on",
        "expires_in",
        "token_type",
        "resource",
        "client_id",
    ];
    (map.len() >= 2 && map.keys().any(|k| known.contains(&k.as_str()))).then_some(map)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_invoke_rest_method_output_with_a_wrapped_token() {
        let text = "\naccess_token   : eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJo\n                 dHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2ln\nrefresh_token  :\nexpires_in     : 86399\nexpires_on     : 1700086399\nresource       : https://vault.azure.net\ntoken_type     : Bearer\n";
        let m = super::parse_list(text).unwrap();
        assert_eq!(m["access_token"], "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2ln");
        assert_eq!(m["refresh_token"], "");
        assert_eq!(m["expires_on"], "1700086399");
        assert!(
            super::parse_list("Invoke-WebRequest : {\"error\":\"x\"}\nAt line:1 char:13").is_none()
        );
    }
}
