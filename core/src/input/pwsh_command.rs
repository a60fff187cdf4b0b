//! PowerShell `Invoke-RestMethod` / `Invoke-WebRequest` calls, with the script around them: `-Uri`
//! from a string, a variable or a concatenation with `$env:…`; `-Headers` as a hashtable literal
//! or a variable; `-Method`; `-Body`. Simple assignments earlier in the script are followed, and
//! slips PowerShell would trip on (`$ resource`) are reported.

use crate::input::parsed::{ParsedRequest, RequestSource};
use crate::input::split::{split, split_outside_quotes, POWERSHELL_WORDS};
use crate::search::Search;

/// A PowerShell value: a string (with the environment variables it names) or a hashtable.
#[derive(Clone, Debug, PartialEq)]
enum PsValue {
    Str {
        text: String,
        single_quoted_env: Vec<String>,
    },
    Table(Vec<(String, PsValue)>),
}

impl PsValue {
    fn text(&self) -> String {
        match self {
            PsValue::Str { text, .. } => text.clone(),
            PsValue::Table(_) => String::new(),
        }
    }
}

/// What was found: requests, and script slips with the line they are on.
#[derive(Debug, Default)]
pub struct PwshCalls {
    pub requests: Vec<ParsedRequest>,
    pub slips: Vec<(usize, String)>,
}

const CMDLETS: &[&str] = &["invoke-restmethod", "invoke-webrequest", "irm", "iwr"];

/// Reads PowerShell calls out of text.
pub fn find(text: &str) -> PwshCalls {
    let cmdlet = [
        "Invoke-", "invoke-", "INVOKE-", "irm ", "iwr ", "Irm ", "Iwr ",
    ];
    if !cmdlet.iter().any(|c| text.has(c)) {
        return PwshCalls::default();
    }
    let mut found = PwshCalls::default();
    let mut vars: Vec<(String, PsValue)> = Vec::new();
    let statements = statements(text);
    for (line, stmt) in statements {
        let trimmed = stmt.trim();
        // `$name = value` assignments (also `$name= value`).
        if let Some(rest) = trimmed.strip_prefix('$') {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let after = rest.get(name.len()..).unwrap_or("").trim_start();
            if let Some(expr) = after.strip_prefix('=').filter(|e| !e.starts_with('=')) {
                if !name.is_empty() && !name.eq_ignore_ascii_case("env") {
                    let value = eval(expr.trim(), &vars, line, &mut found.slips);
                    vars.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                    vars.push((name, value));
                    if !CMDLETS.iter().any(|c| expr.to_ascii_lowercase().has(c)) {
                        continue;
                    }
                }
            }
        }
        let lower = stmt.to_ascii_lowercase();
        let Some(at) = CMDLETS
            .iter()
            .filter_map(|c| find_word(&lower, c).map(|i| (i, c.len())))
            .min_by_key(|(i, _)| *i)
        else {
            continue;
        };
        let args = split(stmt.get(at.0 + at.1..).unwrap_or(""), &POWERSHELL_WORDS);
        if let Some(r) = request(&args, &vars, line, &mut found.slips) {
            found.requests.push(r);
        }
    }
    found
}

/// `needle` as a whole word in `haystack`.
fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.find_str(needle) {
        let at = from + i;
        let before = haystack.get(..at).and_then(|s| s.chars().next_back());
        let after = haystack
            .get(at + needle.len()..)
            .and_then(|s| s.chars().next());
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// Splits a script into statements: lines, joined where a backtick continues them or a hashtable
/// or parenthesis is still open; `;` outside quotes and braces also ends one.
fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start_line = 1;
    let mut line = 1;
    let mut depth: i32 = 0;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), '\n') => {
                line += 1;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                current.push(c);
            }
            (None, '`') if matches!(chars.peek(), Some('\n' | '\r')) => {
                while matches!(chars.peek(), Some('\n' | '\r')) {
                    if chars.next() == Some('\n') {
                        line += 1;
                    }
                }
                current.push(' ');
            }
            (None, '{' | '(') => {
                depth += 1;
                current.push(c);
            }
            (None, '}' | ')') => {
                depth -= 1;
                current.push(c);
            }
            (None, '\n') if depth > 0 => {
                line += 1;
                current.push(';');
            }
            (None, '\n') | (None, ';') if depth <= 0 => {
                if c == '\n' {
                    line += 1;
                }
                if !current.trim().is_empty() {
                    out.push((start_line, std::mem::take(&mut current)));
                }
                current.clear();
                start_line = line;
                depth = 0;
            }
            (None, c) => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        out.push((start_line, current));
    }
    out
}

/// Evaluates an expression: strings, `$env:NAME`, known variables, `+` concatenation, hashtables.
fn eval(
    expr: &str,
    vars: &[(String, PsValue)],
    line: usize,
    slips: &mut Vec<(usize, String)>,
) -> PsValue {
    let expr = expr.trim();
    if let Some(inner) = expr.strip_prefix("@{").and_then(|e| e.strip_suffix('}')) {
        return PsValue::Table(table(inner, vars, line, slips));
    }
    // A variable holding a hashtable (`-Headers $headers`).
    if let Some((_, v @ PsValue::Table(_))) = expr
        .strip_prefix('$')
        .and_then(|n| vars.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)))
    {
        return v.clone();
    }
    let mut text = String::new();
    let mut single_quoted_env = Vec::new();
    for term in split_plus(expr) {
        let term = term.trim();
        if let Some(s) = term.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            if let Some(i) = s.find_str("$env:") {
                let name: String = s
                    .get(i + 5..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                single_quoted_env.push(name);
            }
            text.push_str(&s.replace("''", "'"));
        } else if let Some(s) = term.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            text.push_str(&expand(s, vars));
        } else if term.starts_with("$env:")
            || term.starts_with("$Env:")
            || term.starts_with("$ENV:")
        {
            text.push_str(term);
        } else if let Some(name) = term.strip_prefix('$') {
            if name.starts_with(char::is_whitespace) {
                slips.push((line, format!(
                    "'$ {}' has a space after '$': PowerShell reads '$' as a command, not the variable ${}, and the script fails",
                    name.trim(), name.trim()
                )));
            }
            let name = name.trim();
            match vars.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, v)) => text.push_str(&v.text()),
                None => text.push_str(term),
            }
        } else {
            text.push_str(term.trim_matches(['(', ')']));
        }
    }
    PsValue::Str {
        text,
        single_quoted_env,
    }
}

/// Substitutes known variables inside a double-quoted string (environment references stay).
fn expand(s: &str, vars: &[(String, PsValue)]) -> String {
    let mut out = s.to_string();
    for (name, value) in vars {
        if let PsValue::Str { text, .. } = value {
            out = out.replace(&format!("${name}"), text);
        }
    }
    out
}

/// Splits on `+` outside quotes.
fn split_plus(expr: &str) -> Vec<String> {
    split_outside_quotes(expr, |c| c == '+')
}

/// The entries of `@{ a = "x"; "b" = 'y' }` (entries separated by `;` or line breaks).
fn table(
    inner: &str,
    vars: &[(String, PsValue)],
    line: usize,
    slips: &mut Vec<(usize, String)>,
) -> Vec<(String, PsValue)> {
    let mut entries = Vec::new();
    for part in split_outside_quotes(inner, |c| c == ';' || c == '\n') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let key = k.trim().trim_matches(['"', '\'']).to_string();
        if key.is_empty() {
            continue;
        }
        entries.push((key, eval(v.trim(), vars, line, slips)));
    }
    entries
}

fn request(
    args: &[String],
    vars: &[(String, PsValue)],
    line: usize,
    slips: &mut Vec<(usize, String)>,
) -> Option<ParsedRequest> {
    let mut uri: Option<PsValue> = None;
    let mut method: Option<String> = None;
    let mut headers: Option<PsValue> = None;
    let mut body: Option<PsValue> = None;
    let mut it = args.iter();
    let mut positional = true;
    while let Some(a) = it.next() {
        let lower = a.to_ascii_lowercase();
        let mut value = || it.next().map(|v| eval(v, vars, line, slips));
        match lower.as_str() {
            "-uri" | "-url" | "-u" => uri = value(),
            "-method" | "-m" => method = value().map(|v| v.text()),
            "-headers" | "-header" | "-h" => headers = value(),
            "-body" | "-b" => body = value(),
            l if l.starts_with('-') => {
                positional = false;
            }
            _ if positional && uri.is_none() => uri = Some(eval(a, vars, line, slips)),
            _ => {}
        }
    }
    let uri = uri?;
    let mut r = ParsedRequest::new(
        RequestSource::Powershell,
        method.as_deref().unwrap_or("GET"),
        &uri.text(),
        line,
    );
    r.method_explicit = method.is_some();
    r.recognised
        .push("a PowerShell Invoke-RestMethod/Invoke-WebRequest call".to_string());
    if let PsValue::Str {
        single_quoted_env, ..
    } = &uri
    {
        r.url_unexpanded = single_quoted_env
            .iter()
            .map(|n| format!("$env:{n} is inside single quotes, so PowerShell passes it literally"))
            .collect();
    }
    if let Some(PsValue::Table(entries)) = headers {
        r.recognised
            .push("headers from a PowerShell hashtable".to_string());
        for (name, value) in entries {
            let (text, unexpanded) = match value {
                PsValue::Str {
                    text,
                    single_quoted_env,
                } => {
                    let mut why: Vec<String> = single_quoted_env.iter().map(|n| format!("$env:{n} is inside single quotes, so PowerShell passes it literally")).collect();
                    for word in text
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == ':'))
                    {
                        if let Some(v) = word.strip_prefix('$').filter(|v| {
                            !v.to_ascii_lowercase().starts_with("env:") && !v.is_empty()
                        }) {
                            why.push(format!("${v} is a PowerShell variable the script never sets; for the environment variable write $env:{v}"));
                        }
                    }
                    (text, why)
                }
                PsValue::Table(_) => (String::new(), Vec::new()),
            };
            let _ = r.push_header_line(&format!("{name}: {text}"), unexpanded);
        }
    }
    if let Some(b) = body {
        match b {
            PsValue::Table(entries) => {
                let pairs: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        format!("{k}={}", crate::input::percent::percent_encode(&v.text()))
                    })
                    .collect();
                r.set_form_body(&pairs.join("&"));
            }
            PsValue::Str { text, .. } => r.set_form_body(&text),
        }
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imds_doc_powershell() {
        // MicrosoftDocs how-to-use-vm-token.md.
        let f = find("Invoke-WebRequest -Uri 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F' -Headers @{Metadata=\"true\"}");
        let r = &f.requests[0];
        assert_eq!(r.method, "GET");
        assert_eq!(r.header("Metadata").unwrap().value, "true");
        assert_eq!(r.param("api-version").unwrap().value, "2018-02-01");
    }

    #[test]
    fn automation_sample_with_variables_and_a_slip() {
        // MicrosoftDocs automation/enable-managed-identity-for-automation.md (trailing spaces kept).
        let text = "$resource= \"?resource=https://management.azure.com/\" \n$url = $env:MSI_ENDPOINT + $ resource \nInvoke-RestMethod -Uri $url -Method 'GET' -Headers @{\"Metadata\"=\"true\"} ";
        let f = find(text);
        let r = &f.requests[0];
        assert_eq!(r.url_parts.base_var.as_deref(), Some("MSI_ENDPOINT"));
        assert_eq!(
            r.param("resource").unwrap().value,
            "https://management.azure.com/"
        );
        assert!(r.method_explicit);
        assert_eq!(f.slips.len(), 1);
        assert_eq!(f.slips[0].0, 2);
        assert!(f.slips[0].1.contains("'$ resource'"));
    }

    #[test]
    fn multi_line_hashtables_and_env_in_single_quotes() {
        let text = "$headers = @{\n  'X-IDENTITY-HEADER' = '$env:IDENTITY_HEADER'\n}\nInvoke-RestMethod -Method Get `\n  -Uri \"$env:IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01\" `\n  -Headers $headers";
        let f = find(text);
        let r = &f.requests[0];
        let h = r.header("X-IDENTITY-HEADER").unwrap();
        assert!(
            h.unexpanded[0].contains("single quotes"),
            "{:?}",
            h.unexpanded
        );
        assert_eq!(r.url_parts.base_var.as_deref(), Some("IDENTITY_ENDPOINT"));
    }
}
