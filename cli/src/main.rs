//! `mi-inspect`: the analysis core for terminals and scripts.
//!
//! ```text
//! mi-inspect [FILE|-] [--json] [--now EPOCH] [--platform ID]
//! mi-inspect verify --key FILE [TOKEN|-] [--json] [--now EPOCH]
//! mi-inspect snippet --platform P --lang L --resource R [--client-id X | --object-id X | --resource-id X] [--endpoint URL]
//! mi-inspect snippet --from FILE --lang L [--platform P] [--resource R] [--system | --client-id X | ...]
//! mi-inspect snippet --list
//! ```
//! Reads FILE, or standard input when FILE is `-` or absent. Prints a report for people, or the
//! `Analysis` as JSON with `--json`. Exit status: 0 when no finding is an error, 1 when one is,
//! 2 for usage or I/O errors; `verify` exits 0 only when the signature is valid too. `snippet`
//! prints a program that requests a token (exit 1 when the platform cannot serve the request).
//! Argument parsing and printing only; everything else is the core's.

use std::io::{Read, Write};
use std::process::ExitCode;

use mi_core::azure::platforms;
use mi_core::request::{RequestedIdentity, TokenRequest};
use mi_core::snippets::prefill::{self, PrefillField};
use mi_core::snippets::{self, Target};
use mi_core::verify::VerifyResult;
use mi_core::{analyze_with, present, request, Context, Options, Platform};

const USAGE: &str = "usage: mi-inspect [FILE|-] [--json] [--now EPOCH] [--platform ID]
       mi-inspect verify --key FILE [TOKEN|-] [--json] [--now EPOCH]
       mi-inspect snippet --platform P --lang L --resource R [...]

Decodes and explains an Azure access token, or anything with one inside, offline.
  FILE          read from FILE; '-' or nothing reads standard input
  --json        print the analysis as JSON
  --now EPOCH   evaluate times at EPOCH (Unix seconds) instead of the clock
  --platform ID check a request setup for this platform instead of detecting it: imds,
                app_service, app_service_2017, container_apps, service_fabric, azure_arc,
                cloud_shell, azure_ml, workload_identity (AKS: a token exchange with Entra ID)
  -h, --help    show this help
verify: also checks the token's signature with the key material in FILE (PEM public key or
certificate, base64 x5c certificate, JWK, JWKS, or an HMAC secret); nothing is fetched.
  --key FILE    the key material ('-' reads standard input when TOKEN is given)
  TOKEN         the token itself (eyJ...), a file holding it (or a response with one),
                or '-' / nothing for standard input
Exit status: 0 no errors found, 1 an error finding, 2 usage or I/O error;
verify exits 0 only when the signature is valid and no finding is an error.

       mi-inspect snippet --platform P --lang L --resource R
                          [--client-id X | --object-id X | --resource-id X] [--endpoint URL]
       mi-inspect snippet --from FILE --lang L [any option above]
       mi-inspect snippet --list
Prints a program (or raw request) that gets a managed-identity token on platform P.
  --platform P     imds, app_service, app_service_2017, container_apps, service_fabric,
                   azure_arc, cloud_shell or azure_ml
  --lang L         a target from --list (curl, python, go, ...)
  --resource R     the resource (audience), e.g. https://management.azure.com/
  --client-id X    a user-assigned identity by client ID (likewise --object-id, --resource-id)
  --endpoint URL   replaces the platform's fixed token URL (IMDS, Arc and Cloud Shell defaults);
                   platforms that read their endpoint from a variable keep reading it
  --from FILE      start from what FILE holds (a token, a response, a request setup; '-' is
                   standard input): its platform, resource and identity, unless given above;
                   where each came from is printed on standard error
  --system         the system-assigned identity, whatever --from implies
  --list           list the targets
Exit status: 0 printed, 1 the platform cannot serve the request, 2 usage error.";

struct SnippetArgs {
    list: bool,
    platform: Option<String>,
    lang: Option<String>,
    resource: Option<String>,
    identity: RequestedIdentity,
    endpoint: Option<String>,
    /// `--from FILE`: start from the request the analysis of FILE implies.
    from: Option<String>,
    /// `--system`: the system-assigned identity, whatever `--from` implies.
    system: bool,
}

/// `--name value` or `--name=value`: the value, when `arg` is that option.
fn option_value(
    arg: &str,
    name: &str,
    args: &mut impl Iterator<Item = String>,
) -> Result<Option<String>, String> {
    if arg == name {
        return args
            .next()
            .map(Some)
            .ok_or_else(|| format!("{name} needs a value"));
    }
    Ok(arg
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('='))
        .map(str::to_string))
}

fn parse_snippet_args(mut args: impl Iterator<Item = String>) -> Result<SnippetArgs, String> {
    let mut out = SnippetArgs {
        list: false,
        platform: None,
        lang: None,
        resource: None,
        identity: RequestedIdentity::System,
        endpoint: None,
        from: None,
        system: false,
    };
    while let Some(arg) = args.next() {
        if arg == "--list" {
            out.list = true;
            continue;
        }
        if arg == "--system" {
            out.system = true;
            continue;
        }
        let mut matched = false;
        for name in [
            "--platform",
            "--lang",
            "--resource",
            "--client-id",
            "--object-id",
            "--resource-id",
            "--endpoint",
            "--from",
        ] {
            let Some(value) = option_value(&arg, name, &mut args)? else {
                continue;
            };
            matched = true;
            let identity = match name {
                "--platform" => {
                    out.platform = Some(value);
                    None
                }
                "--lang" => {
                    out.lang = Some(value);
                    None
                }
                "--resource" => {
                    out.resource = Some(value);
                    None
                }
                "--endpoint" => {
                    out.endpoint = Some(value);
                    None
                }
                "--from" => {
                    out.from = Some(value);
                    None
                }
                "--client-id" => Some(RequestedIdentity::ClientId(value)),
                "--object-id" => Some(RequestedIdentity::ObjectId(value)),
                _ => Some(RequestedIdentity::ResourceId(value)),
            };
            if let Some(identity) = identity {
                if out.identity != RequestedIdentity::System {
                    return Err(
                        "give only one of --client-id, --object-id and --resource-id".to_string(),
                    );
                }
                out.identity = identity;
            }
            break;
        }
        if !matched {
            return Err(format!("snippet: unknown argument {arg}"));
        }
    }
    Ok(out)
}

/// `mi-inspect snippet ...`
fn snippet(args: impl Iterator<Item = String>) -> ExitCode {
    let usage_error = |e: &str| {
        eprintln!("mi-inspect: {e}\n{USAGE}");
        ExitCode::from(2)
    };
    let args = match parse_snippet_args(args) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if args.list {
        let list: String = Target::ALL
            .iter()
            .map(|t| format!("{:<22}{}\n", t.id(), t.title()))
            .collect();
        return print(&list);
    }
    // `--from FILE`: the request the report of FILE implies; the flags given override it.
    let prefill = match &args.from {
        Some(from) => {
            let input = match read_input(Some(from)) {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("mi-inspect: {e}");
                    return ExitCode::from(2);
                }
            };
            let analysis = analyze_with(&input, &Context::at(clock()), &Options::default());
            match prefill::from_analysis(&analysis) {
                Some(p) => Some(p),
                None => {
                    eprintln!(
                        "mi-inspect: --from {from}: no token, response or request setup to write code for"
                    );
                    return ExitCode::from(1);
                }
            }
        }
        None => None,
    };
    let Some(lang) = args.lang else {
        return usage_error("snippet needs --lang (and --platform and --resource, or --from)");
    };
    let Some(target) = Target::from_id(&lang) else {
        return usage_error(&format!(
            "unknown target {lang}; `mi-inspect snippet --list` lists them"
        ));
    };
    let platform = match args.platform.as_deref().map(platforms::from_id) {
        Some(Some(p)) => Some(p),
        Some(None) => {
            return usage_error(&format!(
                "unknown platform {}",
                args.platform.unwrap_or_default()
            ))
        }
        None => prefill.as_ref().map(|p| p.request.platform),
    };
    let resource_given = args.resource.is_some();
    let identity_given = args.identity != RequestedIdentity::System;
    let resource = args
        .resource
        .or_else(|| prefill.as_ref().map(|p| p.request.resource.clone()));
    let (Some(platform), Some(resource)) = (platform, resource) else {
        return usage_error("snippet needs --platform and --resource (or --from FILE)");
    };
    if !resource_given && prefill::is_placeholder(&resource) {
        return usage_error(&format!(
            "--from: the pasted setup leaves the resource open ({resource}); give --resource"
        ));
    }
    let mut request = TokenRequest::new(platform, resource);
    if args.system && args.identity != RequestedIdentity::System {
        return usage_error("--system and a user-assigned identity exclude each other");
    }
    request.identity = match (args.identity, &prefill) {
        (RequestedIdentity::System, Some(p)) if !args.system => p.request.identity.clone(),
        (identity, _) => identity,
    };
    request.endpoint_override = args.endpoint;
    if let Some(p) = &prefill {
        // Where the values taken from FILE came from, for the person reading (the program itself
        // is on standard output).
        let overridden = |part: PrefillField| match part {
            PrefillField::All => false,
            PrefillField::Platform => args.platform.is_some(),
            PrefillField::Resource => resource_given,
            PrefillField::Identity => args.system || identity_given,
        };
        for reason in p.reasons.iter().filter(|r| !overridden(r.part)) {
            eprintln!("# {}", reason.text);
        }
    }
    match snippets::render(&request, target) {
        Ok(program) => print(&program),
        Err(e) => {
            eprintln!("mi-inspect: {}", e.0);
            ExitCode::from(1)
        }
    }
}

/// Now, in Unix seconds.
fn clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn print(text: &str) -> ExitCode {
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

struct Args {
    /// `verify` was given.
    verify: bool,
    file: Option<String>,
    key: Option<String>,
    json: bool,
    now: Option<i64>,
    platform: Option<Platform>,
}

fn platform_arg(v: &str) -> Result<Platform, String> {
    request::platform_from_id(v).ok_or_else(|| format!("--platform: '{v}' is not a platform id"))
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut args = args.peekable();
    let mut out = Args {
        verify: args.next_if(|a| a == "verify").is_some(),
        file: None,
        key: None,
        json: false,
        now: None,
        platform: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => out.json = true,
            "--key" if out.verify => {
                out.key = Some(args.next().ok_or("--key needs a FILE")?);
            }
            s if out.verify && s.starts_with("--key=") => {
                out.key = Some(s["--key=".len()..].to_string());
            }
            "--now" => {
                let v = args.next().ok_or("--now needs a value (Unix seconds)")?;
                out.now = Some(
                    v.parse()
                        .map_err(|_| format!("--now: '{v}' is not a whole number of seconds"))?,
                );
            }
            "--platform" => {
                let v = args.next().ok_or("--platform needs a platform id")?;
                out.platform = Some(platform_arg(&v)?);
            }
            s if s.starts_with("--platform=") => {
                out.platform = Some(platform_arg(&s["--platform=".len()..])?)
            }
            s if s.starts_with("--now=") => {
                let v = &s["--now=".len()..];
                out.now = Some(
                    v.parse()
                        .map_err(|_| format!("--now: '{v}' is not a whole number of seconds"))?,
                );
            }
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}")),
            s => {
                if out.file.replace(s.to_string()).is_some() {
                    return Err("only one FILE may be given".to_string());
                }
            }
        }
    }
    if out.verify && out.key.is_none() {
        return Err("verify needs --key FILE".to_string());
    }
    if out.verify
        && out.key.as_deref() == Some("-")
        && matches!(out.file.as_deref(), None | Some("-"))
    {
        return Err("--key - reads standard input, so give the TOKEN as an argument".to_string());
    }
    Ok(Some(out))
}

/// The token for `verify`: the argument itself when it is a token (starts with `eyJ`), otherwise
/// the file it names (or standard input).
fn read_token(arg: Option<&str>) -> Result<String, String> {
    match arg {
        Some(a) if a.starts_with("eyJ") && !std::path::Path::new(a).exists() => Ok(a.to_string()),
        other => read_input(other),
    }
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading standard input: {e}"))?,
        Some(path) => {
            bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            bytes.len()
        }
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1).peekable();
    if argv.peek().map(String::as_str) == Some("snippet") {
        return snippet(argv.skip(1));
    }
    let args = match parse_args(argv) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("mi-inspect: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let input = if args.verify {
        read_token(args.file.as_deref())
    } else {
        read_input(args.file.as_deref())
    };
    let key = match &args.key {
        Some(k) => read_input(Some(k)).and_then(|key| {
            if key.trim().is_empty() {
                Err(format!("--key {k}: the file is empty"))
            } else {
                Ok(Some(key))
            }
        }),
        None => Ok(None),
    };
    let (input, key) = match (input, key) {
        (Ok(i), Ok(k)) => (i, k),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("mi-inspect: {e}");
            return ExitCode::from(2);
        }
    };
    let now = args.now.unwrap_or_else(clock);
    let ctx = Context::at(now);
    let options = Options {
        platform: args.platform,
        key: key.as_deref(),
    };
    let analysis = analyze_with(&input, &ctx, &options);
    let text = if args.json {
        match serde_json::to_string_pretty(&analysis) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("mi-inspect: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        present::text::render(&analysis)
    };
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    let unproven = args.verify
        && analysis.verification.as_ref().map(|v| v.result) != Some(VerifyResult::Valid);
    if analysis.has_errors() || unproven {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
