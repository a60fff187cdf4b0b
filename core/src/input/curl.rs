//! curl commands, as pasted from docs, issues and terminals: options in any order, attached or
//! separate values, `-G` with `--data`, several commands in one script (Azure Arc's two steps), and
//! shell prompts in front.

use super::shell::{self, VarStyle, Word};
use crate::input::parsed::{ParsedRequest, RequestSource};
use crate::input::percent::percent_encode;
use crate::search::Search;

/// Options that take a value (short letters and long names).
const SHORT_WITH_VALUE: &str = "HXdoDuwmAebcFTxEKrCyYzU";
const LONG_WITH_VALUE: &[&str] = &[
    "header",
    "request",
    "data",
    "data-raw",
    "data-binary",
    "data-ascii",
    "data-urlencode",
    "output",
    "dump-header",
    "user",
    "write-out",
    "max-time",
    "connect-timeout",
    "user-agent",
    "referer",
    "cookie",
    "cookie-jar",
    "form",
    "upload-file",
    "proxy",
    "noproxy",
    "cert",
    "cacert",
    "capath",
    "url",
    "retry",
    "retry-delay",
    "resolve",
    "interface",
    "config",
    "key",
    "pinnedpubkey",
    "proto",
    "oauth2-bearer",
];

/// The shell a command was written for: it decides which variable syntax expands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Bash,
    PowerShell,
    Cmd,
}

fn dialect(text: &str) -> Dialect {
    if text.has("$env:") || text.has("Invoke-") || text.has("`\n") {
        Dialect::PowerShell
    } else if text.has("curl.exe") || text.has("^\n") || sets_a_cmd_variable(text) {
        Dialect::Cmd
    } else {
        Dialect::Bash
    }
}

/// A cmd.exe `set NAME=value` line; bash's `set -euo pipefail` (options, `-` or `+`) is not one.
fn sets_a_cmd_variable(text: &str) -> bool {
    text.to_ascii_lowercase()
        .match_indices("\nset ")
        .any(|(at, m)| {
            let rest = text.get(at + m.len()..).unwrap_or("").trim_start();
            !rest.starts_with(['-', '+'])
        })
}

/// Removes shell prompts (`$ `, `# `, `> `, `PS C:\> `) in front of a command.
fn strip_prompts(text: &str) -> String {
    text.lines()
        .map(|line| {
            let t = line.trim_start();
            for p in ["$ ", "# ", "> ", "% "] {
                if let Some(rest) = t.strip_prefix(p) {
                    if rest.trim_start().starts_with("curl") {
                        return rest.to_string();
                    }
                }
            }
            if t.starts_with("PS ") {
                if let Some((_, rest)) = t.split_on("> ") {
                    return rest.to_string();
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every curl command in the text.
pub fn requests(text: &str) -> Vec<ParsedRequest> {
    if !text.has("curl") {
        return Vec::new();
    }
    let dialect = dialect(text);
    let cleaned = strip_prompts(text);
    shell::commands(&cleaned)
        .into_iter()
        .filter_map(|cmd| {
            let start = cmd
                .words
                .iter()
                .position(|w| w.text == "curl" || w.text == "curl.exe")?;
            parse(cmd.words.get(start + 1..).unwrap_or(&[]), cmd.line, dialect)
        })
        .collect()
}

fn unexpanded(word: &Word, dialect: Dialect) -> Vec<String> {
    word.vars
        .iter()
        .filter_map(|v| match (v.style, v.expands, dialect) {
            (VarStyle::Dollar, false, Dialect::Bash) => Some(format!(
                "${} is inside single quotes, so bash sends the text \"${}\" instead of its value",
                v.name, v.name
            )),
            (VarStyle::Dollar, _, Dialect::PowerShell) => Some(format!(
                "in PowerShell ${} is a PowerShell variable, not the environment variable: write $env:{}",
                v.name, v.name
            )),
            (VarStyle::Dollar, _, Dialect::Cmd) => Some(format!("cmd.exe does not expand ${}: write %{}%", v.name, v.name)),
            (VarStyle::Percent, _, Dialect::Bash | Dialect::PowerShell) => Some(format!(
                "%{}% is cmd.exe syntax; bash and PowerShell send it literally (bash: ${}, PowerShell: $env:{})",
                v.name, v.name, v.name
            )),
            (VarStyle::PowerShellEnv, _, Dialect::Bash | Dialect::Cmd) => Some(format!(
                "$env:{} is PowerShell syntax; this shell does not expand it",
                v.name
            )),
            (VarStyle::PowerShellEnv, false, Dialect::PowerShell) => Some(format!(
                "$env:{} is inside single quotes, so PowerShell passes it literally",
                v.name
            )),
            _ => None,
        })
        .collect()
}

fn parse(words: &[Word], line: usize, dialect: Dialect) -> Option<ParsedRequest> {
    let mut url: Option<&Word> = None;
    let mut headers: Vec<&Word> = Vec::new();
    let mut data: Vec<(String, bool)> = Vec::new();
    let mut method: Option<String> = None;
    let mut get = false;
    let mut head = false;
    let mut it = words.iter().peekable();
    let mut after_double_dash = false;
    while let Some(w) = it.next() {
        let t = w.text.as_str();
        if after_double_dash || !t.starts_with('-') || t == "-" {
            if url.is_none() && !t.is_empty() {
                url = Some(w);
            }
            continue;
        }
        if t == "--" {
            after_double_dash = true;
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let value = if LONG_WITH_VALUE.contains(&name) {
                attached.or_else(|| it.next().map(|v| v.text.clone()))
            } else {
                None
            };
            match name {
                "header" => {
                    if let Some(v) = value {
                        headers.push(words.iter().find(|x| x.text == v).unwrap_or(w));
                    }
                }
                "request" => method = value,
                "data" | "data-raw" | "data-binary" | "data-ascii" => {
                    data.extend(value.map(|v| (v, false)))
                }
                "data-urlencode" => data.extend(value.map(|v| (v, true))),
                "url" => {
                    if let Some(v) = value {
                        url = words.iter().find(|x| x.text == v).or(url);
                    }
                }
                "get" => get = true,
                "head" => head = true,
                _ => {}
            }
            continue;
        }
        // Short options, possibly bundled (-sSL) or with an attached value (-HMetadata:true).
        let letters: Vec<char> = t.chars().skip(1).collect();
        for (k, letter) in letters.iter().enumerate() {
            if SHORT_WITH_VALUE.contains(*letter) {
                let attached: String = letters.get(k + 1..).unwrap_or(&[]).iter().collect();
                let (value, word) = if attached.is_empty() {
                    match it.next() {
                        Some(n) => (n.text.clone(), n),
                        None => break,
                    }
                } else {
                    (attached, w)
                };
                match letter {
                    'H' => headers.push(if value == word.text { word } else { w }),
                    'X' => method = Some(value),
                    'd' => data.push((value, false)),
                    _ => {}
                }
                break;
            }
            match letter {
                'G' => get = true,
                'I' => head = true,
                _ => {}
            }
        }
    }
    let url_word = url?;
    let mut request = ParsedRequest::new(RequestSource::Curl, "GET", &url_word.text, line);
    request.recognised.push("a curl command".to_string());
    for h in headers {
        let raw = if h.text.contains(':') {
            h.text.clone()
        } else {
            continue;
        };
        let _ = request.push_header_line(&raw, unexpanded(h, dialect));
    }
    let joined: Vec<String> = data
        .iter()
        .map(|(d, encode)| if *encode { url_encoded(d) } else { d.clone() })
        .collect();
    let body = joined.join("&");
    request.method = match (&method, get, head, data.is_empty()) {
        (Some(m), _, _, _) => {
            request.method_explicit = true;
            m.to_ascii_uppercase()
        }
        (None, _, true, _) => "HEAD".to_string(),
        (None, true, _, _) | (None, false, false, true) => "GET".to_string(),
        (None, false, false, false) => "POST".to_string(),
    };
    if !data.is_empty() {
        if get {
            let sep = if request.url.contains('?') { "&" } else { "?" };
            let url = format!("{}{sep}{body}", request.url);
            let mut again = ParsedRequest::new(RequestSource::Curl, &request.method, &url, line);
            again.headers = std::mem::take(&mut request.headers);
            again.method_explicit = request.method_explicit;
            again.recognised = std::mem::take(&mut request.recognised);
            again
                .recognised
                .push("-G moves the --data into the query string".to_string());
            request = again;
        } else {
            request.set_form_body(&body);
        }
    }
    request.url_unexpanded = unexpanded(url_word, dialect);
    Some(request)
}

/// What curl sends for `--data-urlencode DATA` (curl(1)): `name=content` and `=content` encode the
/// content (the name is sent as written), a bare `content` is encoded whole; `name@file` sends the
/// file's contents, which the text does not hold: the field is kept, its value a
/// `<contents of file>` placeholder (workload identity's token exchange reads its assertion so);
/// a bare `@file` stays as written.
fn url_encoded(data: &str) -> String {
    match data.find(['=', '@']) {
        None => percent_encode(data),
        Some(at) if data.get(at..at + 1) == Some("=") => {
            let (name, content) = (
                data.get(..at).unwrap_or(""),
                data.get(at + 1..).unwrap_or(""),
            );
            if name.is_empty() {
                percent_encode(content)
            } else {
                format!("{name}={}", percent_encode(content))
            }
        }
        Some(at) if at > 0 => {
            let (name, file) = (
                data.get(..at).unwrap_or(""),
                data.get(at + 1..).unwrap_or(""),
            );
            format!(
                "{name}={}",
                percent_encode(&format!("<contents of {file}>"))
            )
        }
        Some(_) => data.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imds_doc_curl() {
        // MicrosoftDocs how-to-use-vm-token.md.
        let r = requests("curl 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F' -H Metadata:true -s");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].method, "GET");
        assert_eq!(r[0].header("metadata").unwrap().value, "true");
        assert_eq!(
            r[0].param("resource").unwrap().value,
            "https://management.azure.com/"
        );
    }

    #[test]
    fn cloud_shell_post_and_get_with_data() {
        // MicrosoftDocs cloud-shell/msi-authorization.md, with the script around it.
        let r = requests("RESPONSE=$(curl http://localhost:50342/oauth2/token --data \"resource=https://management.azure.com/\" -H Metadata:true -s)\nACCESS_TOKEN=$(echo $response | python -c 'x')");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].method, "POST");
        assert_eq!(r[0].form[0].value, "https://management.azure.com/");
        let r = requests("curl -G -sS -H 'Metadata: true' --data-urlencode 'resource=https://vault.azure.net' http://169.254.169.254/metadata/identity/oauth2/token -XGET");
        assert_eq!(r[0].method, "GET");
        assert_eq!(
            r[0].param("resource").unwrap().value,
            "https://vault.azure.net"
        );
    }

    #[test]
    fn data_urlencode_values_are_encoded_as_curl_sends_them() {
        // curl(1) --data-urlencode: the content after the first '=' is encoded, so '&', '=', '#'
        // and '%' in it stay part of the value.
        let r = requests("curl -G --data-urlencode 'resource=https://x/?a=b&c#d%41' --data-urlencode 'client_id=x y' -H Metadata:true http://169.254.169.254/metadata/identity/oauth2/token");
        assert_eq!(
            r[0].param("resource").unwrap().value,
            "https://x/?a=b&c#d%41"
        );
        assert_eq!(r[0].param("client_id").unwrap().value, "x y");
        assert_eq!(url_encoded("=a&b"), "a%26b");
        // name@file sends the file, which the text does not hold: the field stays, its value a
        // placeholder (workload identity's client_assertion@"$AZURE_FEDERATED_TOKEN_FILE").
        assert_eq!(
            url_encoded("name@file.txt"),
            "name=%3Ccontents%20of%20file.txt%3E"
        );
        assert_eq!(url_encoded("@file.txt"), "@file.txt");
    }

    #[test]
    fn bash_set_options_do_not_make_a_script_cmd() {
        // A bash script's `set -euo pipefail` (as every script mi-inspect writes starts) is not
        // cmd.exe's `set NAME=value`: its variables expand.
        let script = "#!/usr/bin/env bash\nset -euo pipefail\ncurl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?resource=x\"";
        let r = requests(script);
        assert!(r[0]
            .header("x-identity-header")
            .unwrap()
            .unexpanded
            .is_empty());
        assert!(r[0].url_unexpanded.is_empty());
        let cmd = "set IDENTITY_HEADER=abc\nset x=1\ncurl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"%IDENTITY_ENDPOINT%?resource=x\"";
        assert!(requests(cmd)[0]
            .header("x-identity-header")
            .unwrap()
            .unexpanded[0]
            .contains("cmd.exe"));
    }

    #[test]
    fn unexpanded_variables_are_reported_with_their_reason() {
        let r = requests("curl -H 'X-IDENTITY-HEADER: $IDENTITY_HEADER' \"$IDENTITY_ENDPOINT?resource=x&api-version=2019-08-01\"");
        assert!(r[0].header("x-identity-header").unwrap().unexpanded[0].contains("single quotes"));
        assert!(r[0].url_unexpanded.is_empty());
        let r = requests(
            "$ curl -H \"X-IDENTITY-HEADER: %IDENTITY_HEADER%\" \"$IDENTITY_ENDPOINT?resource=x\"",
        );
        assert!(r[0].header("x-identity-header").unwrap().unexpanded[0].contains("cmd.exe"));
    }
}
