//! `mi-inspect`: the analysis core for terminals and scripts.
//!
//! ```text
//! mi-inspect [FILE|-] [--json] [--now EPOCH] [--platform ID]
//! ```
//! Reads FILE, or standard input when FILE is `-` or absent. Prints a report for people, or the
//! `Analysis` as JSON with `--json`. Exit status: 0 when no finding is an error, 1 when one is,
//! 2 for usage or I/O errors. Argument parsing and printing only; everything else is the core's.

use std::io::{Read, Write};
use std::process::ExitCode;

use mi_token_inspector::{analyze_with, present, request, Context, Options, Platform};

const USAGE: &str = "usage: mi-inspect [FILE|-] [--json] [--now EPOCH] [--platform ID]

Decodes and explains an Azure access token, or anything with one inside, offline.
  FILE          read from FILE; '-' or nothing reads standard input
  --json        print the analysis as JSON
  --now EPOCH   evaluate times at EPOCH (Unix seconds) instead of the clock
  --platform ID check a request setup for this platform instead of detecting it: imds,
                app_service, app_service_2017, container_apps, service_fabric, azure_arc,
                cloud_shell, azure_ml
  -h, --help    show this help
Exit status: 0 no errors found, 1 an error finding, 2 usage or I/O error.";

struct Args {
    file: Option<String>,
    json: bool,
    now: Option<i64>,
    platform: Option<Platform>,
}

fn platform_arg(v: &str) -> Result<Platform, String> {
    request::platform_from_id(v).ok_or_else(|| format!("--platform: '{v}' is not a platform id"))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = Args {
        file: None,
        json: false,
        now: None,
        platform: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => out.json = true,
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
    Ok(Some(out))
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
    let args = match parse_args(std::env::args().skip(1)) {
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
    let input = match read_input(args.file.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mi-inspect: {e}");
            return ExitCode::from(2);
        }
    };
    let now = args.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    let analysis = analyze_with(
        &input,
        &Context::at(now),
        &Options {
            platform: args.platform,
        },
    );
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
    if analysis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
