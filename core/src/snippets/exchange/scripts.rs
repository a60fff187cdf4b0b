//! The exchange as a bash + curl script, a PowerShell 7 script and a raw HTTP request.
//! curl reads the assertion with `--data-urlencode name@file` (the token never appears in the
//! process list) and encodes every field; PowerShell reads the file with `Get-Content -Raw` and
//! lets `Invoke-RestMethod` form-encode a hashtable body.

use super::Exchange;
use crate::request::model::{FormValue, Unsupported};
use crate::snippets::comment;
use crate::snippets::escape::{bash, fits_in_shell, powershell as ps};

/// Refuses values a shell cannot hold.
fn check_shell(ex: &Exchange) -> Result<(), Unsupported> {
    if ex.user_values().into_iter().all(fits_in_shell) {
        Ok(())
    } else {
        Err(Unsupported(
            "A value holds a NUL character, which a shell cannot pass on.".into(),
        ))
    }
}

pub(super) fn curl(ex: &Exchange) -> Result<String, Unsupported> {
    check_shell(ex)?;
    let e = &ex.x.exchange;
    let mut out = String::from("#!/usr/bin/env bash\n");
    out.push_str(&comment(
        &ex.about("Entra ID's JSON response (the access token is its access_token)"),
        "#",
    ));
    out.push_str("set -euo pipefail\n\n");
    out.push_str(&format!(
        "need() {{\n  if [ -z \"${{!1:-}}\" ]; then echo \"$1\"{} >&2; exit 1; fi\n}}\n",
        bash(&ex.missing())
    ));
    for v in ex.required_env() {
        out.push_str(&format!("need {v}\n"));
    }
    out.push_str(&format!(
        "authority=\"${{{}:-}}\"\nif [ -z \"$authority\" ]; then authority={}; fi\n\n",
        e.authority_env,
        bash(&ex.default_authority)
    ));
    out.push_str("curl --silent --show-error --fail-with-body --write-out '\\n' \\\n");
    for (name, value) in &ex.x.form {
        let arg = match value {
            FormValue::Literal(v) => bash(&format!("{name}={v}")),
            FormValue::Env(var) => format!("\"{name}=${var}\""),
            // `name@file`: curl reads the file and encodes its contents.
            FormValue::FileNamedBy(var) => format!("\"{name}@${var}\""),
        };
        out.push_str(&format!("  --data-urlencode {arg} \\\n"));
    }
    out.push_str(&format!(
        "  \"${{authority%/}}/${}{}\"\n",
        e.tenant_env, e.token_path
    ));
    Ok(out)
}

pub(super) fn powershell(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut out = comment(&ex.about("the access token"), "#");
    out.push_str("#Requires -Version 7\n$ErrorActionPreference = 'Stop'\n\n");
    out.push_str(&format!(
        "function Need([string] $name) {{\n    $value = [Environment]::GetEnvironmentVariable($name)\n    if (-not $value) {{\n        [Console]::Error.WriteLine($name + {})\n        exit 1\n    }}\n    $value\n}}\n\n",
        ps(&ex.missing())
    ));
    out.push_str(&format!(
        "$authority = $env:{}\nif (-not $authority) {{ $authority = {} }}\n",
        e.authority_env,
        ps(&ex.default_authority)
    ));
    out.push_str(&format!(
        "$uri = $authority.TrimEnd('/') + '/' + (Need '{}') + '{}'\n",
        e.tenant_env, e.token_path
    ));
    out.push_str("$body = @{\n");
    for (name, value) in ex.fields(
        ps,
        |var| format!("Need '{var}'"),
        |var| format!("(Get-Content -Raw -LiteralPath (Need '{var}')).Trim()"),
    ) {
        out.push_str(&format!("    {name} = {value}\n"));
    }
    out.push_str("}\n");
    out.push_str(
        "$response = Invoke-RestMethod -Method Post -Uri $uri -Body $body -ContentType 'application/x-www-form-urlencoded' -SkipHttpErrorCheck -StatusCodeVariable 'status'\nif ($status -ne 200) {\n    [Console]::Error.WriteLine(\"$status \" + ($response | ConvertTo-Json -Compress -Depth 10))\n    exit 1\n}\n$response.access_token\n",
    );
    out
}

/// The `.http` convention of the other targets: `{{VAR}}` is a variable's value; here also
/// `{{contents of VAR}}`, the contents of the file VAR names. Literals are percent-encoded.
pub(super) fn http(ex: &Exchange) -> String {
    let e = &ex.x.exchange;
    let mut about = ex.about("the response; its access_token is the token");
    about.push(format!(
        "When {} is unset, use {}",
        e.authority_env, ex.default_authority
    ));
    let mut out = comment(&about, "#");
    let fields = ex.fields(
        crate::input::percent::percent_encode,
        |var| format!("{{{{{var}}}}}"),
        |var| format!("{{{{contents of {var}}}}}"),
    );
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    out.push_str(&format!(
        "\nPOST {{{{{}}}}}{{{{{}}}}}{} HTTP/1.1\nHost: {{{{{} host}}}}\nContent-Type: application/x-www-form-urlencoded\n\n{body}\n",
        e.authority_env, e.tenant_env, e.token_path, e.authority_env
    ));
    out
}
