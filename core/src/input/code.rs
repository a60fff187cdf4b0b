//! Token requests written in code (C#, PHP, Python, JavaScript, Go, Java, Rust), and request URLs
//! inside logs. The reading is deliberately shallow: string constants, environment-variable
//! lookups, URL templates (`String.Format`, concatenation, interpolation), query pairs and header
//! calls. Enough to check what the code will send; what was recognised is said.

use crate::azure::platforms;
use crate::input::parsed::{ParsedRequest, RequestSource};
use crate::input::split::{split, ARGUMENTS};
use crate::search::Search;

/// Environment lookups in the languages people write token requests in: (prefix, closing).
const ENV_LOOKUPS: &[(&str, &str)] = &[
    ("Environment.GetEnvironmentVariable(\"", "\")"),
    ("os.environ[\"", "\"]"),
    ("os.environ['", "']"),
    ("os.environ.get(\"", "\""),
    ("os.environ.get('", "'"),
    ("os.getenv(\"", "\""),
    ("os.Getenv(\"", "\")"),
    ("System.getenv(\"", "\")"),
    ("std::env::var(\"", "\")"),
    ("env::var(\"", "\")"),
    ("$_ENV[\"", "\"]"),
    ("$_ENV['", "']"),
    ("$_SERVER[\"", "\"]"),
    ("getenv(\"", "\")"),
    ("getenv('", "')"),
    ("process.env[\"", "\"]"),
    ("process.env['", "']"),
];

/// Replaces every environment lookup with `$NAME`, so URLs and headers read like the request.
fn normalize_env(text: &str) -> String {
    let mut out = text.to_string();
    for (open, close) in ENV_LOOKUPS {
        while let Some(at) = out.find_str(open) {
            let after = out.get(at + open.len()..).unwrap_or("");
            let Some(end) = after.find_str(close) else {
                break;
            };
            let name = after.get(..end).unwrap_or("").to_string();
            let tail = out
                .get(at + open.len() + end + close.len()..)
                .unwrap_or("")
                .to_string();
            out = format!("{}$ENV{{{name}}}{tail}", out.get(..at).unwrap_or(""));
        }
    }
    // process.env.NAME and $env:NAME
    for prefix in ["process.env.", "$env:", "$Env:"] {
        while let Some(at) = out.find_str(prefix) {
            let name: String = out
                .get(at + prefix.len()..)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                break;
            }
            let tail = out
                .get(at + prefix.len() + name.len()..)
                .unwrap_or("")
                .to_string();
            out = format!("{}$ENV{{{name}}}{tail}", out.get(..at).unwrap_or(""));
        }
    }
    out
}

/// The identifier at the end of `s` (trailing whitespace ignored), made of characters `part` accepts.
fn trailing_identifier(s: &str, part: impl Fn(char) -> bool) -> String {
    let s = s.trim_end();
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(s.len(), |(i, _)| i);
    s.get(start..).unwrap_or("").to_string()
}

/// A string literal and where it sits.
struct Literal {
    text: String,
    start: usize,
    end: usize,
}

/// Double- and single-quoted literals (escapes honoured; `'x'` char literals skipped).
fn literals(text: &str) -> Vec<Literal> {
    let bytes: Vec<char> = text.chars().collect();
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        if c == '"' || c == '\'' {
            let start = i;
            let mut s = String::new();
            i += 1;
            while let Some(&d) = bytes.get(i) {
                if d == '\\' {
                    if let Some(&n) = bytes.get(i + 1) {
                        s.push(match n {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                    i += 2;
                    continue;
                }
                if d == c || d == '\n' {
                    break;
                }
                s.push(d);
                i += 1;
            }
            let end = i;
            if !(c == '\'' && s.chars().count() <= 1) {
                out.push(Literal {
                    text: s,
                    start: offsets.get(start).copied().unwrap_or(0),
                    end: offsets.get(end).copied().unwrap_or(text.len()),
                });
            }
        }
        i += 1;
    }
    out
}

/// `NAME = "value"` (with `const`, `let`, `var`, `$`, type annotations) for every literal, and
/// `NAME = <environment lookup>`.
fn constants(text: &str, lits: &[Literal]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some((lhs, rhs)) = line.split_once('=') {
            let rhs = rhs.trim().trim_end_matches(';').trim();
            if rhs.starts_with("$ENV{") && rhs.ends_with('}') && !rhs.contains(' ') {
                let name = trailing_identifier(lhs, |c| c.is_alphanumeric() || c == '_');
                if !name.is_empty() {
                    out.push((name, rhs.to_string()));
                }
            }
        }
    }
    for l in lits {
        let before = text.get(..l.start).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        let Some(eq) = line.trim_end().strip_suffix('=') else {
            continue;
        };
        let lhs = eq.trim_end();
        let lhs = lhs.split(':').next().unwrap_or(lhs).trim_end();
        let name = trailing_identifier(lhs, |c| c.is_alphanumeric() || c == '_');
        if !name.is_empty() {
            out.push((name, l.text.clone()));
        }
    }
    out
}

fn resolve(expr: &str, consts: &[(String, String)]) -> String {
    let e = expr.trim().trim_end_matches([';', ')', ',']).trim();
    if e.starts_with("$ENV{") {
        return e.to_string();
    }
    let name = e.trim_start_matches('$');
    consts
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map_or_else(|| format!("<{name}>"), |(_, v)| v.clone())
}

/// Substitutes `$name` / `{name}` / `${name}` interpolations with known constants.
fn interpolate(s: &str, consts: &[(String, String)]) -> String {
    let mut out = s.to_string();
    for (name, value) in consts.iter().rev() {
        for pattern in [
            format!("${{{name}}}"),
            format!("{{{name}}}"),
            format!("${name}"),
        ] {
            out = out.replace(&pattern, value);
        }
    }
    out
}

fn looks_like_token_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.has("resource=")
        || l.has("api-version=")
        || l.has("/oauth2/token")
        || l.has("/msi/token")
        || l.has("169.254.169.254")
}

/// The calls that set a request header, in the languages read here: (name, value) arguments.
pub const HEADER_CALLS: &[&str] = &[
    "Headers.Add(",
    ".header(",
    "Header.Add(",
    "Header.Set(",
    "setRequestHeader(",
    "headers.set(",
    "DefaultRequestHeaders.Add(",
];

/// Reads a token request out of code; `None` when the text has none.
pub fn find(text: &str) -> Option<ParsedRequest> {
    let hints = [
        "resource",
        "api-version",
        "oauth2/token",
        "msi/token",
        "MSI/token",
        "169.254.169.254",
    ];
    if !hints.iter().any(|h| text.contains(h)) || !(text.contains('"') || text.contains('\'')) {
        return None;
    }
    let code = Code::read(text);
    let mut recognized = Vec::new();
    let url = code
        .format_template_url(&mut recognized)
        .or_else(|| code.literal_url(&mut recognized))
        .or_else(|| code.url_from_pairs(&mut recognized))?;
    let mut r = ParsedRequest::new(RequestSource::Code, "GET", &shown(&url), 1);
    r.recognised = recognized;
    code.add_header_calls(&mut r);
    code.add_header_literals(&mut r);
    r.recognised.dedup();
    code.set_method(&mut r);
    Some(r)
}

/// Code as the reader sees it: environment lookups written as `$ENV{NAME}`, its string literals
/// and the constants assigned from them.
struct Code {
    norm: String,
    lits: Vec<Literal>,
    consts: Vec<(String, String)>,
}

impl Code {
    fn read(text: &str) -> Self {
        let norm = normalize_env(text);
        let lits = literals(&norm);
        let consts = constants(&norm, &lits);
        Code { norm, lits, consts }
    }

    /// A C# `String.Format("{0}?resource={1}…", endpoint, resource)` URL template, filled in.
    fn format_template_url(&self, recognized: &mut Vec<String>) -> Option<String> {
        let at = self
            .norm
            .find_str("String.Format(")
            .or_else(|| self.norm.find_str("string.Format("))?;
        let fmt = self
            .lits
            .iter()
            .find(|l| l.start > at && l.start < at + 20)?;
        let rest = self.norm.get(fmt.end + 1..).unwrap_or("").trim_start();
        let rest = rest.strip_prefix(',').unwrap_or(rest);
        let mut url = fmt.text.clone();
        for (k, arg) in split(rest, &ARGUMENTS).iter().enumerate() {
            url = url.replace(&format!("{{{k}}}"), &resolve(arg, &self.consts));
        }
        recognized.push("a C# String.Format URL template".to_string());
        Some(url)
    }

    /// A literal that looks like a token URL, joined to what is concatenated before it
    /// (`$env_url."?resource=…"`, `endpoint + "?…"`).
    fn literal_url(&self, recognized: &mut Vec<String>) -> Option<String> {
        let l = self.lits.iter().find(|l| {
            looks_like_token_url(&l.text) && (l.text.contains('?') || l.text.contains("://"))
        })?;
        let url = interpolate(&l.text, &self.consts);
        let before = self.norm.get(..l.start).unwrap_or("").trim_end();
        let Some(left) = before
            .strip_suffix('.')
            .or_else(|| before.strip_suffix('+'))
        else {
            recognized.push("a URL in a string literal".to_string());
            return Some(url);
        };
        let operand = trailing_identifier(left, |c| {
            c.is_alphanumeric() || matches!(c, '_' | '$' | '{' | '}')
        });
        let value = self
            .consts
            .iter()
            .find(|(n, _)| *n == operand.trim_start_matches('$'))
            .map_or_else(|| resolve(&operand, &self.consts), |(_, v)| v.clone());
        recognized.push("a URL built by concatenation".to_string());
        Some(format!("{value}{url}"))
    }

    /// Query pairs written as tuples or map entries (`("resource", X)`, `"resource": X`).
    fn query_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (k, l) in self.lits.iter().enumerate() {
            let name = l.text.as_str();
            if !(name == "resource" || name == "api-version" || platforms::is_selector_name(name)) {
                continue;
            }
            let after = self.norm.get(l.end + 1..).unwrap_or("").trim_start();
            let Some(value_text) = after
                .strip_prefix(',')
                .or_else(|| after.strip_prefix(':'))
                .or_else(|| after.strip_prefix("=>"))
            else {
                continue;
            };
            let value_text = value_text.trim_start();
            let next_literal = self.lits.get(k + 1).filter(|n| {
                self.norm
                    .get(l.end + 1..n.start)
                    .is_some_and(|gap| gap.trim().len() <= 3)
            });
            let value = match next_literal {
                Some(lit) => interpolate(&lit.text, &self.consts),
                None => resolve(
                    value_text.split([')', ',', '\n', '}']).next().unwrap_or(""),
                    &self.consts,
                ),
            };
            pairs.push((l.text.clone(), value));
        }
        pairs
    }

    /// The URL the query pairs make with the token endpoint the code names (or `<endpoint>`).
    fn url_from_pairs(&self, recognized: &mut Vec<String>) -> Option<String> {
        let pairs = self.query_pairs();
        if !pairs
            .iter()
            .any(|(k, _)| k == "resource" || k == "api-version")
        {
            return None;
        }
        recognized.push("query parameters written as name/value pairs".to_string());
        let base = self
            .lits
            .iter()
            .find(|l| {
                l.text.has("/oauth2/token")
                    || l.text.has("169.254.169.254")
                    || l.text.has("/msi/token")
            })
            .map(|l| l.text.clone())
            .or_else(|| {
                self.consts
                    .iter()
                    .find(|(_, v)| v.contains("169.254.169.254"))
                    .map(|(_, v)| v.clone())
            });
        Some(format!(
            "{}?{}",
            base.unwrap_or_else(|| "<endpoint>".to_string()),
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        ))
    }

    /// Headers set by calls: `Headers.Add("N", V)`, `.header("N", V)`, `req.Header.Add/Set`, ….
    fn add_header_calls(&self, r: &mut ParsedRequest) {
        for call in HEADER_CALLS {
            let mut from = 0;
            while let Some(i) = self.norm.get(from..).and_then(|s| s.find_str(call)) {
                let at = from + i + call.len();
                let args = split(self.norm.get(at..).unwrap_or(""), &ARGUMENTS);
                if let (Some(name), Some(value)) = (args.first(), args.get(1)) {
                    let name = name.trim().trim_matches(['"', '\'']);
                    let value = value.trim();
                    let value = if value.starts_with(['"', '\'']) {
                        interpolate(value.trim_matches(['"', '\'']), &self.consts)
                    } else {
                        resolve(value, &self.consts)
                    };
                    let _ = r.push_header_line(&format!("{name}: {}", shown(&value)), Vec::new());
                    r.recognised.push(format!(
                        "a header set with {}",
                        call.trim_end_matches('(').trim_start_matches('.')
                    ));
                }
                from = at;
            }
        }
    }

    /// Headers written as `"Name: value"` literals or as dictionary entries
    /// (`{"Metadata": "true"}`).
    fn add_header_literals(&self, r: &mut ParsedRequest) {
        for l in &self.lits {
            for h in ["Metadata", "X-IDENTITY-HEADER", "Secret", "secret"] {
                if let Some(rest) = l.text.strip_prefix(h) {
                    if rest.trim_start().starts_with(':') && r.header(h).is_none() {
                        let _ = r.push_header_line(
                            &shown(&interpolate(&l.text, &self.consts)),
                            Vec::new(),
                        );
                        r.recognised
                            .push("a header written as \"Name: value\"".to_string());
                    }
                }
            }
            if !["Metadata", "X-IDENTITY-HEADER", "secret", "Secret"].contains(&l.text.as_str())
                || r.header(&l.text).is_some()
            {
                continue;
            }
            let after = self.norm.get(l.end + 1..).unwrap_or("").trim_start();
            let Some(v) = after.strip_prefix(':').or_else(|| after.strip_prefix("=")) else {
                continue;
            };
            let v = v.trim_start();
            let value = if v.starts_with(['"', '\'']) {
                v.get(1..)
                    .and_then(|x| x.split(['"', '\'']).next())
                    .unwrap_or("")
                    .to_string()
            } else {
                resolve(v.split([',', '}', ')']).next().unwrap_or(""), &self.consts)
            };
            let _ = r.push_header_line(&format!("{}: {}", l.text, shown(&value)), Vec::new());
            r.recognised.push("a header in a dictionary".to_string());
        }
    }

    /// The method, when the code names one.
    fn set_method(&self, r: &mut ParsedRequest) {
        for (needle, m) in [
            ("HttpMethod.Post", "POST"),
            ("requests.post", "POST"),
            ("CURLOPT_POST", "POST"),
            ("\"POST\"", "POST"),
            ("HttpMethod.Get", "GET"),
            ("requests.get", "GET"),
        ] {
            if self.norm.has(needle) {
                r.method = m.to_string();
                r.method_explicit = true;
                break;
            }
        }
    }
}

/// Environment lookups as the report shows them: `${NAME}`.
fn shown(s: &str) -> String {
    s.replace("$ENV{", "${")
}

/// Unbalanced braces in C-like code: (open − close) when it is not zero.
pub fn brace_balance(text: &str) -> i64 {
    let mut balance = 0i64;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q && prev != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '"') => quote = Some(c),
            (None, '{') => balance += 1,
            (None, '}') => balance -= 1,
            _ => {}
        }
        prev = c;
    }
    balance
}

/// Token-endpoint URLs inside log text (`Performing GET Request to "http://…"`).
pub fn urls_in_text(text: &str) -> Vec<ParsedRequest> {
    if !text.has("http") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line.get(from..).and_then(|s| s.find_str("http")) {
            let start = from + at;
            let url: String = line
                .get(start..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '`'))
                .collect();
            from = start + url.len().max(4);
            // A URL in a log is a request only with a query; a bare endpoint is a variable's value.
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || !looks_like_token_url(&url)
                || !url.contains('?')
            {
                continue;
            }
            let before = line.get(..start).unwrap_or("").to_ascii_uppercase();
            let method = ["POST", "GET"]
                .into_iter()
                .find(|m| before.contains(m))
                .unwrap_or("GET");
            let mut r = ParsedRequest::new(RequestSource::Url, method, &url, i + 1);
            r.recognised.push(if line.trim() == url {
                "a URL".to_string()
            } else {
                "a URL inside log text".to_string()
            });
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_csharp_pattern() {
        // ../shared/seed: the article's C# snippet (its method lacks the closing brace).
        let code = "public static async Task <HttpResponseMessage> GetToken(string resource, string apiversion) {\nvar request = new HttpRequestMessage(HttpMethod.Get,String.Format(\"{0}/?resource={1}&api-version=2019- 08-01\", Environment.GetEnvironmentVariable(\"IDENTITY_ENDPOINT\"), resource));\nrequest.Headers.Add(\"X-IDENTITY-HEADER\", Environment.GetEnvironmentVariable(\"IDENTITY_HEADER\"));\n\nreturn await _client.SendAsync(request);";
        let r = find(code).unwrap();
        assert_eq!(r.url_parts.base_var.as_deref(), Some("IDENTITY_ENDPOINT"));
        assert_eq!(r.param("api-version").unwrap().value, "2019- 08-01");
        assert_eq!(r.param("resource").unwrap().value, "<resource>");
        assert_eq!(
            r.header("X-IDENTITY-HEADER").unwrap().value,
            "${IDENTITY_HEADER}"
        );
        assert!(r.recognised.iter().any(|x| x.contains("String.Format")));
        assert_eq!(brace_balance(code), 1);
    }

    #[test]
    fn php_and_rust_samples() {
        // MicrosoftDocs/azure-docs#46128 (PHP on App Service).
        let php = "$env_url = $_ENV[\"MSI_ENDPOINT\"];\n$env_secret = $_ENV[\"MSI_SECRET\"];\n$resource = \"https://database.windows.net\";\ncurl_setopt_array($curl, array(\n    CURLOPT_URL => $env_url.\"?resource=$resource&api-version=2017-09-01\",\n    CURLOPT_HTTPHEADER => array(\n        \"Secret : $env_secret\"\n    )\n));";
        let r = find(php).unwrap();
        assert_eq!(r.url_parts.base_var.as_deref(), Some("MSI_ENDPOINT"));
        assert_eq!(
            r.param("resource").unwrap().value,
            "https://database.windows.net"
        );
        assert_eq!(r.header("Secret").unwrap().raw, "Secret : ${MSI_SECRET}");
        // apache/arrow-rs#4096: a scope in a query tuple.
        let rust = "const AZURE_STORAGE_SCOPE: &str = \"https://storage.azure.com/.default\";\nlet mut query_items = vec![\n    (\"api-version\", MSI_API_VERSION),\n    (\"resource\", AZURE_STORAGE_SCOPE),\n];";
        let r = find(rust).unwrap();
        assert_eq!(
            r.param("resource").unwrap().value,
            "https://storage.azure.com/.default"
        );
    }

    #[test]
    fn urls_in_logs() {
        // hashicorp/terraform#33123: a Terraform debug line.
        let r = urls_in_text("2023-04-29T19:57:54.109Z [DEBUG] provider: Performing GET Request to \"http://localhost:42356/msi/token?api-version=2018-02-01&client_id=860dd3b7-xxxx-xxxx-xxxx-xxxxxxxxxxxx&resource=https%3A%2F%2Fgraph.microsoft.com\": timestamp=2023");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].url_parts.port, Some(42356));
        assert_eq!(
            r[0].param("resource").unwrap().value,
            "https://graph.microsoft.com"
        );
        assert!(urls_in_text("see https://learn.microsoft.com/docs").is_empty());
    }
}
