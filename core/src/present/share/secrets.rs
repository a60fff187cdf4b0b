//! The secrets in what was pasted, found again so that none of them reaches a shared report:
//! tokens' signatures, `access_token`, `refresh_token` and `id_token`
//! values, the managed-identity secrets (`X-IDENTITY-HEADER`, `secret`, `IDENTITY_HEADER`,
//! `MSI_SECRET`), client secrets, `Authorization` values (an Azure Arc key file's contents travel
//! there) and the key material pasted to verify a signature (an HMAC key). [`scrub`] replaces each
//! with a marker, and any token left in the text loses its signature.

use std::collections::BTreeSet;

/// A secret found, with what it is for the marker.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Secret {
    pub value: String,
    pub what: &'static str,
}

/// Names whose value is a secret, as they are written in JSON, headers, dicts and environments.
const SECRET_NAMES: &[(&str, &str)] = &[
    ("access_token", "access_token"),
    ("accessToken", "access_token"),
    ("refresh_token", "refresh_token"),
    ("id_token", "id_token"),
    ("X-IDENTITY-HEADER", "X-IDENTITY-HEADER"),
    ("IDENTITY_HEADER", "IDENTITY_HEADER"),
    ("MSI_SECRET", "MSI_SECRET"),
    ("AZURE_CLIENT_SECRET", "client secret"),
    ("client_secret", "client secret"),
    ("clientSecret", "client secret"),
    ("secret", "secret"),
    ("Authorization", "Authorization"),
];

/// Values shorter than this are not treated as secrets (`true`, a port, a placeholder).
const MIN_SECRET: usize = 6;

/// The marker that replaces a secret in a shared report.
pub fn marker(what: &str) -> String {
    format!("[REDACTED {what}]")
}

/// Every secret in the pasted texts; `key` is the key material pasted to verify (all of it is
/// treated as secret: it may be an HMAC key).
pub fn find(pasted: &[&str], key: Option<&str>) -> Vec<Secret> {
    let mut found = BTreeSet::new();
    for text in pasted {
        // The signature alone: the header and payload stay readable, and the token cannot be
        // replayed without it.
        for (_, signature) in tokens_in(text) {
            if signature.len() >= MIN_SECRET {
                found.insert(Secret {
                    value: signature.to_string(),
                    what: "signature",
                });
            }
        }
        for (name, what) in SECRET_NAMES {
            for value in values_of(text, name) {
                found.insert(Secret { value, what });
            }
        }
    }
    if let Some(k) = key.map(str::trim).filter(|k| k.len() >= MIN_SECRET) {
        found.insert(Secret {
            value: k.to_string(),
            what: "key",
        });
        for line in k.lines().map(str::trim).filter(|l| l.len() >= 16) {
            found.insert(Secret {
                value: line.to_string(),
                what: "key",
            });
        }
    }
    let mut list: Vec<Secret> = found.into_iter().collect();
    // Longest first, so a secret that holds another is replaced whole.
    crate::sort::by_key(&mut list, |s| std::cmp::Reverse(s.value.len()));
    list
}

fn is_b64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '='
}

/// Compact tokens (`eyJ….….…`, three or five parts) in `text`, each with its signature (the last
/// part; for a JWE, everything after the header).
pub fn tokens_in(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(at) = rest.find("eyJ") {
        let start = base + at;
        let tail = text.get(start..).unwrap_or("");
        let len = tail
            .find(|c: char| !(is_b64url(c) || c == '.'))
            .unwrap_or(tail.len());
        let candidate = tail.get(..len).unwrap_or("").trim_end_matches('.');
        let dots = candidate.matches('.').count();
        if dots >= 2 {
            let signature = match dots {
                4 => candidate.split_once('.').map_or("", |(_, r)| r),
                _ => candidate.rsplit('.').next().unwrap_or(""),
            };
            out.push((candidate, signature));
        }
        let step = at + len.max(3);
        base += step;
        rest = rest.get(step..).unwrap_or("");
    }
    out
}

/// The values written after `name` with a `:` or `=` between (quotes, spaces, PowerShell's
/// `'name' = 'value'` and `name : value` included); variable references and placeholders are
/// not secrets.
fn values_of(text: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let needle = name.to_ascii_lowercase();
    for (at, _) in lower.match_indices(&needle) {
        let before = text.get(..at).and_then(|b| b.chars().last());
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let after = text.get(at + name.len()..).unwrap_or("");
        if let Some(v) = value_after(after) {
            out.push(v);
        }
    }
    out
}

/// The value after a name: optional closing quote, spaces, then `:` or `=`, spaces, an optional
/// scheme (`Basic `, `Bearer `), then a quoted or bare value.
fn value_after(after: &str) -> Option<String> {
    let t = after
        .trim_start_matches(['"', '\'', '`'])
        .trim_start_matches([' ', '\t']);
    let t = t.strip_prefix(':').or_else(|| t.strip_prefix('='))?;
    let t = t.trim_start_matches([' ', '\t', '>']);
    let t = t
        .strip_prefix("Basic ")
        .or_else(|| t.strip_prefix("Bearer "))
        .unwrap_or(t);
    let (value, _) = match t.chars().next()? {
        q @ ('"' | '\'') => t.get(1..)?.split_once(q).unwrap_or((t.get(1..)?, "")),
        _ => {
            let end = t
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | '}' | '"' | '\'' | ';' | '&' | ')' | ']')
                })
                .unwrap_or(t.len());
            (t.get(..end)?, "")
        }
    };
    let value = value.trim();
    let placeholder = value.starts_with('$')
        || value.starts_with('%')
        || value.starts_with('<')
        || value.starts_with('[')
        || value.starts_with('{')
        || value.chars().all(|c| c == '*' || c == 'x' || c == '.');
    (value.len() >= MIN_SECRET && !placeholder).then(|| value.to_string())
}

/// `text` with every secret replaced by its marker, and any token left with its signature
/// replaced (its header and payload stay readable).
pub fn scrub(text: &str, secrets: &[Secret]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(&s.value) {
            out = out.replace(&s.value, &marker(s.what));
        }
        if s.value.len() >= PARTIAL * 2 {
            out = without_partials(&out, &s.value, &marker(s.what));
        }
    }
    let tokens: Vec<(String, String)> = tokens_in(&out)
        .into_iter()
        .filter(|(_, sig)| !sig.is_empty())
        .map(|(t, sig)| (t.to_string(), sig.to_string()))
        .collect();
    for (token, signature) in tokens {
        let kept = token.strip_suffix(&signature).unwrap_or(&token);
        out = out.replace(&token, &format!("{kept}{}", marker("signature")));
    }
    out
}

/// The shortest start or end of a secret that is still removed when quoted on its own
/// (`access_token 'KTckB6uMvIwKhpiFdTpv4WQx…' is not a token`).
const PARTIAL: usize = 10;

/// `text` with every run of at least [`PARTIAL`] bytes that starts the secret, or ends it,
/// replaced by `marker`.
fn without_partials(text: &str, secret: &str, marker: &str) -> String {
    let (Some(head), Some(tail)) = (
        secret.get(..PARTIAL),
        secret.get(secret.len().saturating_sub(PARTIAL)..),
    ) else {
        return text.to_string();
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (at, _) in text.match_indices(head) {
        let rest = text.get(at..).unwrap_or("").as_bytes();
        let len = rest
            .iter()
            .zip(secret.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        spans.push((at, at + len));
    }
    for (at, _) in text.match_indices(tail) {
        let end = at + PARTIAL;
        let before = text.get(..end).unwrap_or("").as_bytes();
        let len = before
            .iter()
            .rev()
            .zip(secret.as_bytes().iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        spans.push((end - len, end));
    }
    crate::sort::sort(&mut spans);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in spans {
        let (start, end) = (start.max(last), end);
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(text.get(last..start).unwrap_or(""));
        out.push_str(marker);
        last = end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secrets_in_every_way_they_are_written() {
        let text = r#"{"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz","expires_on":"1"}
curl -H "X-IDENTITY-HEADER: 853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a" "$IDENTITY_ENDPOINT"
MSI_SECRET=0b9a43d9ad8a69bf
$env:IDENTITY_HEADER = 'a3f3-0b9a43d9'
Invoke-RestMethod -Headers @{'secret'='s3cr3tvalue'; Metadata='true'}
-H "Authorization: Basic 4f2c2d1e0a9b8c7d"
-H "X-IDENTITY-HEADER: $IDENTITY_HEADER""#;
        let values: Vec<String> = find(&[text], None).into_iter().map(|s| s.value).collect();
        for want in [
            "c2lnbmF0dXJlLWJ5dGVz",
            "853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a",
            "0b9a43d9ad8a69bf",
            "a3f3-0b9a43d9",
            "s3cr3tvalue",
            "4f2c2d1e0a9b8c7d",
        ] {
            assert!(values.iter().any(|v| v == want), "{want}: {values:?}");
        }
        // Variable references are not secrets.
        assert!(!values.iter().any(|v| v.contains('$')), "{values:?}");
    }

    #[test]
    fn scrubbing_drops_signatures_and_secrets() {
        let text = "token eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz and MSI_SECRET=0b9a43d9ad8a69bf";
        let secrets = find(&[text], None);
        let out = scrub(text, &secrets);
        assert!(
            !out.contains("c2lnbmF0dXJlLWJ5dGVz") && !out.contains("0b9a43d9ad8a69bf"),
            "{out}"
        );
        // A token that was not pasted (quoted in a message) still loses its signature.
        let quoted = scrub(
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijkl",
            &[],
        );
        assert_eq!(
            quoted,
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.[REDACTED signature]"
        );
    }
}
