//! `curl` in a bash script. Query values go through `--data-urlencode` (with `--get`), so curl
//! percent-encodes them; every literal is single-quoted (escape::bash). The curl command names its
//! options and the endpoint (`"$IDENTITY_ENDPOINT"`, or IMDS's URL) directly, one per line, so a
//! person reads it at a glance and the inspector reads the script back as the request it sends
//! (tests/snippets_run.rs). Azure Arc sends it twice, so there it is a function. Service Fabric:
//! curl can only pin a public key (`--pinnedpubkey`), so the script first checks the SHA-1
//! thumbprint of the certificate the endpoint presents with `openssl`, then pins curl to that
//! certificate's key.

use super::escape::{bash, fits_in_shell};
use super::{comment, ArgumentSyntax, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall, Unsupported};

/// Refuses values a shell cannot hold.
pub(super) fn check_shell_values(plan: &Plan) -> Result<(), Unsupported> {
    if plan.user_values().all(fits_in_shell) {
        Ok(())
    } else {
        Err(Unsupported(
            "A value holds a NUL character, which a shell cannot pass on.".into(),
        ))
    }
}

/// bash: `$#`, `$1`, … (also the Azure CLI target's).
pub(super) const BASH_ARGUMENTS: ArgumentSyntax = ArgumentSyntax {
    check: |n, usage| {
        format!(
            "if [ $# -lt {n} ]; then echo {} >&2; exit 2; fi\n",
            bash(usage)
        )
    },
    bind: |var, i| format!("{var}=${}\n", i + 1),
};

/// `name=value` as a bash word: single-quoted, or double-quoted around the variable of an argument.
pub(super) fn pair_word(plan: &Plan, name: &str, value: &str) -> String {
    match plan.argument(value) {
        Some(a) => format!("\"{name}=${}\"", a.var),
        None => bash(&format!("{name}={value}")),
    }
}

/// The `need VAR` helper and the checks for the variables the platform must have set.
pub(super) fn need_env(plan: &Plan, vars: &[&str]) -> String {
    if vars.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "need() {{\n  if [ -z \"${{!1:-}}\" ]; then echo \"$1\"{} >&2; exit 1; fi\n}}\n",
        bash(&plan.missing(""))
    );
    for v in vars {
        out.push_str(&format!("need {v}\n"));
    }
    out
}

/// The endpoint as a bash word: the fixed URL single-quoted, or the platform's variable (given its
/// fallback first, when it has one, by [`endpoint_fallback`]). The curl command names it directly,
/// as people write it, so that the inspector reads the script back as the request it sends.
fn endpoint_word(plan: &Plan) -> String {
    match &plan.endpoint {
        Endpoint::Url(url) => bash(url),
        Endpoint::Env { var, .. } => format!("\"${var}\""),
    }
}

/// `VAR=…` when the platform's variable is unset and has a documented default (or an override).
fn endpoint_fallback(plan: &Plan) -> String {
    match &plan.endpoint {
        Endpoint::Env {
            var,
            default: Some(url),
        } => format!("if [ -z \"${{{var}:-}}\" ]; then {var}={}; fi\n", bash(url)),
        _ => String::new(),
    }
}

const PIN: &str = r#"# Trust the self-signed certificate only if its SHA-1 thumbprint is IDENTITY_SERVER_THUMBPRINT,
# then pin curl to that certificate's public key.
authority={endpoint}
authority=${authority#https://}
authority=${authority%%/*}
case $authority in *:*) ;; *) authority="$authority:443" ;; esac
expected=$(printf '%s' "$IDENTITY_SERVER_THUMBPRINT" | tr -d ': ' | tr 'a-f' 'A-F')
cert=$(openssl s_client -connect "$authority" </dev/null 2>/dev/null | openssl x509) ||
  { echo "no certificate from $authority" >&2; exit 1; }
actual=$(printf '%s\n' "$cert" | openssl x509 -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
if [ "$actual" != "$expected" ]; then
  echo "the endpoint's certificate $actual is not IDENTITY_SERVER_THUMBPRINT" >&2
  exit 1
fi
pin=$(printf '%s\n' "$cert" | openssl x509 -noout -pubkey | openssl pkey -pubin -outform DER |
  openssl dgst -sha256 -binary | base64)
"#;

const CHALLENGE: &str = r#"# Step 1: without a credential the agent answers 401 and names a key file.
key_file=$(token_request --output /dev/null --dump-header - | tr -d '\r' |
  sed -n 's/^www-authenticate: *basic realm=//Ip' || true)
if [ -z "$key_file" ]; then
  echo {endpoint}' did not answer with a WWW-Authenticate challenge' >&2
  exit 1
fi
# Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
# 4096 bytes in /var/opt/azcmagent/tokens. Anything else could be any file on this machine.
if [ "$(dirname -- "$key_file")" != /var/opt/azcmagent/tokens ] || [ "${key_file%.key}" = "$key_file" ] ||
  [ "$(wc -c <"$key_file")" -gt 4096 ]; then
  echo "refusing to send $key_file: not an Azure Arc agent key file" >&2
  exit 1
fi
# Step 2: the file's contents are the Basic credential.
key=$(cat "$key_file")
"#;

/// Reads the access token out of the JSON in `$token_response` (no jq: the token is base64url and
/// dots, never a quote).
const TOKEN_FROM_RESPONSE: &str = r#"
# The access token, from the response's JSON.
token=$(printf '%s' "$token_response" | tr -d '\n' | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "no access_token in the response: $token_response" >&2
  exit 1
fi
"#;

/// `command` (which ends with the endpoint) run so that its output lands in `$token_response`,
/// or the script stops with the endpoint's error text.
fn captured(command: &str) -> String {
    format!(
        "if ! token_response=$(\n{command}); then\n  echo \"$token_response\" >&2\n  exit 1\nfi\n{TOKEN_FROM_RESPONSE}"
    )
}

/// The GET to the resource with the token. The token goes to curl on standard input
/// (`--header @-`), not on its command line, where other users of the machine could read it.
fn call_command(call: &ResourceCall) -> String {
    let mut lines = vec!["curl --silent --show-error".to_string()];
    if !call.query().is_empty() {
        lines.push("--get".into());
    }
    for (name, value) in call.query() {
        lines.push(format!(
            "--data-urlencode {}",
            bash(&format!("{name}={value}"))
        ));
    }
    for (name, value) in call.headers() {
        lines.push(format!("--header {}", bash(&format!("{name}: {value}"))));
    }
    lines.push("--header @-".into());
    lines.push("--fail-with-body --write-out '\\n'".into());
    lines.push(format!(
        "{} <<<\"Authorization: Bearer $token\"",
        bash(&call.url)
    ));
    let mut out = format!(
        "\n# {}, with the token (the token on standard input, out of sight of other users).\n",
        call.service.name()
    );
    out.push_str(&continued(&lines, ""));
    out
}

/// Lines joined into one command with `\` continuations, each after the first indented by two.
fn continued(lines: &[String], indent: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let more = if i + 1 < lines.len() { " \\" } else { "" };
        let pad = if i == 0 { "" } else { "  " };
        out.push_str(&format!("{indent}{pad}{line}{more}\n"));
    }
    out
}

/// The curl command's options, one per continued line, each line indented by `indent`; `tail`
/// ends the command (the URL, or the URL and `"$@"`).
fn curl_command(plan: &Plan, indent: &str, tail: &[&str]) -> String {
    let mut lines = vec!["curl --silent --show-error --noproxy '*'".to_string()];
    if plan.thumbprint_env().is_some() {
        lines.push("--insecure --pinnedpubkey \"sha256//$pin\"".into());
    }
    if !plan.post() {
        lines.push("--get".into());
    }
    for (name, value) in plan.query.iter().chain(plan.form.iter()) {
        lines.push(format!("--data-urlencode {}", pair_word(plan, name, value)));
    }
    for h in &plan.headers {
        lines.push(match h.value {
            HeaderValue::Literal(v) => format!("--header {}", bash(&format!("{}: {v}", h.name))),
            HeaderValue::Env(var) => format!("--header \"{}: ${var}\"", h.name),
        });
    }
    lines.extend(tail.iter().map(|t| t.to_string()));
    continued(&lines, indent)
}

pub(super) fn render(plan: &Plan) -> Result<String, Unsupported> {
    check_shell_values(plan)?;
    let mut out = String::from("#!/usr/bin/env bash\n");
    out.push_str(&comment(
        &plan.about("the endpoint's JSON response (the access token is its access_token)"),
        "#",
    ));
    out.push_str("set -euo pipefail\n");
    let preamble = need_env(plan, &plan.required_env())
        + &plan.read_arguments(&BASH_ARGUMENTS)
        + &endpoint_fallback(plan);
    if !preamble.is_empty() {
        out.push('\n');
        out.push_str(&preamble);
    }
    let endpoint = endpoint_word(plan);
    if plan.thumbprint_env().is_some() {
        out.push('\n');
        out.push_str(&PIN.replace("{endpoint}", &endpoint));
    }
    out.push('\n');
    if plan.challenge() {
        out.push_str(
            "# The token request; step 2 sends it again with the credential.\ntoken_request() {\n",
        );
        out.push_str(&curl_command(plan, "  ", &[&endpoint, "\"$@\""]));
        out.push_str("}\n\n");
        out.push_str(&CHALLENGE.replace("{endpoint}", &endpoint));
        let step2 = "token_request --header \"Authorization: Basic $key\" --fail-with-body";
        match plan.call() {
            None => out.push_str(&format!("{step2} --write-out '\\n'\n")),
            Some(_) => out.push_str(&captured(&format!("  {step2}\n"))),
        }
    } else {
        match plan.call() {
            None => out.push_str(&curl_command(
                plan,
                "",
                &["--fail-with-body --write-out '\\n'", &endpoint],
            )),
            Some(_) => out.push_str(&captured(&curl_command(
                plan,
                "  ",
                &["--fail-with-body", &endpoint],
            ))),
        }
    }
    if let Some(call) = plan.call() {
        out.push_str(&call_command(call));
    }
    Ok(out)
}
