//! PowerShell 7 with `Invoke-RestMethod` (`-NoProxy`, `-SkipHttpErrorCheck`,
//! `-StatusCodeVariable` and `-ResponseHeadersVariable` are PowerShell 7 parameters). Literals are
//! single-quoted (escape::powershell); query values go through `[uri]::EscapeDataString`.
//! Service Fabric: `Invoke-RestMethod` cannot pin a certificate, so the script first reads the
//! certificate the endpoint presents over an `SslStream` and compares its thumbprint, and only then
//! skips the chain check for the request itself.

use super::escape::powershell as ps;
use super::{comment, Plan};
use crate::azure::platforms::HeaderValue;
use crate::request::model::{Endpoint, ResourceCall};

const PIN: &str = r#"
# Invoke-RestMethod cannot pin a certificate: check the one the endpoint presents first.
$uri = [uri]$endpoint
$tcp = [System.Net.Sockets.TcpClient]::new($uri.Host, $uri.Port)
$tls = [System.Net.Security.SslStream]::new($tcp.GetStream(), $false, { $true })
$tls.AuthenticateAsClient($uri.Host)
$actual = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($tls.RemoteCertificate).Thumbprint
$tls.Dispose()
$tcp.Dispose()
$expected = ((Need 'IDENTITY_SERVER_THUMBPRINT') -replace '[:\s]', '').ToUpperInvariant()
if ($actual -ne $expected) {
    [Console]::Error.WriteLine("the endpoint's certificate $actual is not IDENTITY_SERVER_THUMBPRINT")
    exit 1
}
$request['SkipCertificateCheck'] = $true
"#;

const CHALLENGE: &str = r#"
# Step 1: without a credential the agent answers 401 and names a key file.
$response = Invoke-RestMethod @request
$challenge = [string]$responseHeaders['WWW-Authenticate']
if ($status -ne 401 -or $challenge -notmatch 'realm=(.+)$') {
    [Console]::Error.WriteLine("$endpoint did not answer with a WWW-Authenticate challenge ($status)")
    exit 1
}
# Send only the agent's own key file (the checks the Azure SDKs make): a .key file of at most
# 4096 bytes in the agent's Tokens folder. Anything else could be any file on this machine.
$keyFile = $Matches[1].Trim()
$tokens = if ($IsWindows) { Join-Path $env:ProgramData 'AzureConnectedMachineAgent\Tokens' } else { '/var/opt/azcmagent/tokens' }
$item = Get-Item -LiteralPath $keyFile
if ([IO.Path]::GetDirectoryName($keyFile) -ne $tokens -or $item.Extension -ne '.key' -or $item.Length -gt 4096) {
    [Console]::Error.WriteLine("refusing to send ${keyFile}: not an Azure Arc agent key file")
    exit 1
}
# Step 2: the file's contents are the Basic credential.
$headers['Authorization'] = 'Basic ' + (Get-Content -Raw -LiteralPath $keyFile)
"#;

/// The script's parameters (mandatory, by position), for values the pasted setup left open.
fn parameters(plan: &Plan) -> String {
    if plan.arguments.is_empty() {
        return String::new();
    }
    let list: Vec<String> = plan
        .arguments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                "    [Parameter(Mandatory, Position = {i}, HelpMessage = {})] [string] ${}",
                ps(&a.what),
                a.var
            )
        })
        .collect();
    format!("param(\n{}\n)\n", list.join(",\n"))
}

/// The call with `Invoke-WebRequest` (its defaults: the system's proxy applies; the token request
/// bypasses it), printing the response's content as it came.
fn call_code(call: &ResourceCall) -> String {
    let mut out = format!(
        "$token = $response.access_token\n\n# {}, with the token (Invoke-WebRequest's defaults: the system's proxy applies here).\n$call = @{{\n",
        call.service.name()
    );
    if call.query().is_empty() {
        out.push_str(&format!("    Uri = {}\n", ps(&call.url)));
    } else {
        out.push_str(&format!(
            "    Uri = {} + '?' + (@(\n{}    ) -join '&')\n",
            ps(&call.url),
            encoded(None, &call.query())
        ));
    }
    out.push_str("    Headers = @{\n        'Authorization' = \"Bearer $token\"\n");
    for (name, value) in call.headers() {
        out.push_str(&format!("        {} = {}\n", ps(name), ps(&value)));
    }
    out.push_str(
        "    }\n    SkipHttpErrorCheck = $true\n}\n$result = Invoke-WebRequest @call\nif ($result.StatusCode -ge 300) {\n    [Console]::Error.WriteLine(\"$($result.StatusCode) $($result.Content)\")\n    exit 1\n}\n$result.Content\n",
    );
    out
}

/// One line per pair of an `@(…) -join '&'` query or form: `'name=' + [uri]::EscapeDataString(…)`,
/// each value its parameter (with `plan`, for a placeholder) or a literal.
fn encoded(plan: Option<&Plan>, pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| {
            let v = plan.map_or_else(|| ps(v), |p| value(p, v));
            format!("        '{n}=' + [uri]::EscapeDataString({v})\n")
        })
        .collect()
}

/// A value as a PowerShell expression: its parameter, or a literal.
fn value(plan: &Plan, v: &str) -> String {
    match plan.argument(v) {
        Some(a) => format!("${}", a.var),
        None => ps(v),
    }
}

pub(super) fn render(plan: &Plan) -> String {
    let mut out = comment(&plan.about("the access token"), "#");
    out.push_str("#Requires -Version 7\n");
    out.push_str(&parameters(plan));
    out.push_str("$ErrorActionPreference = 'Stop'\n\n");
    out.push_str(&plan.if_needed(format!(
        "function Need([string] $name) {{\n    $value = [Environment]::GetEnvironmentVariable($name)\n    if (-not $value) {{\n        [Console]::Error.WriteLine($name + {})\n        exit 1\n    }}\n    $value\n}}\n\n",
        ps(&plan.missing(""))
    )));
    match &plan.endpoint {
        Endpoint::Url(url) => out.push_str(&format!("$endpoint = {}\n", ps(url))),
        Endpoint::Env { var, default: None } => {
            out.push_str(&format!("$endpoint = Need '{var}'\n"))
        }
        Endpoint::Env {
            var,
            default: Some(url),
        } => out.push_str(&format!(
            "$endpoint = $env:{var}\nif (-not $endpoint) {{ $endpoint = {} }}\n",
            ps(url)
        )),
    }
    let encode = |pairs: &[(&str, String)]| encoded(Some(plan), pairs);
    out.push_str("$headers = @{\n");
    for h in &plan.headers {
        match h.value {
            HeaderValue::Literal(v) => out.push_str(&format!("    '{}' = {}\n", h.name, ps(v))),
            HeaderValue::Env(var) => out.push_str(&format!("    '{}' = Need '{var}'\n", h.name)),
        }
    }
    out.push_str("}\n$request = @{\n");
    if plan.query.is_empty() {
        out.push_str("    Uri = $endpoint\n");
    } else {
        out.push_str(&format!(
            "    Uri = $endpoint + '?' + (@(\n{}    ) -join '&')\n",
            encode(&plan.query)
        ));
    }
    out.push_str(&format!(
        "    Method = '{}'\n",
        if plan.post() { "Post" } else { "Get" }
    ));
    if !plan.form.is_empty() {
        out.push_str(&format!(
            "    ContentType = 'application/x-www-form-urlencoded'\n    Body = @(\n{}    ) -join '&'\n",
            encode(&plan.form)
        ));
    }
    out.push_str("    Headers = $headers\n    NoProxy = $true\n    SkipHttpErrorCheck = $true\n    StatusCodeVariable = 'status'\n");
    if plan.challenge() {
        // Azure Arc's challenge is in a response header.
        out.push_str("    ResponseHeadersVariable = 'responseHeaders'\n");
    }
    out.push_str("}\n");
    if plan.thumbprint_env().is_some() {
        out.push_str(PIN);
    }
    if plan.challenge() {
        out.push_str(CHALLENGE);
    }
    out.push_str(
        "\n$response = Invoke-RestMethod @request\nif ($status -ne 200) {\n    [Console]::Error.WriteLine(\"$status \" + ($response | ConvertTo-Json -Compress -Depth 10))\n    exit 1\n}\n",
    );
    match plan.call() {
        None => out.push_str("$response.access_token\n"),
        Some(call) => out.push_str(&call_code(call)),
    }
    out
}
