//! `mi-inspect`: the analysis core for terminals and scripts. `mi-inspect --help` lists the
//! commands and flags (from `flags.rs`, the one place they are defined). Reads files, prints, and
//! turns the result into an exit status; everything else is the core's.

use std::io::{Read, Write};
use std::process::ExitCode;

use mi_core::snippets::prefill::{self, MergeError};
use mi_core::snippets::{self, Target};
use mi_core::verify::Verification;
use mi_core::{analyze_with, compare_with, present, Context, Options};
use mi_inspect::args::{self, Invocation, ReportArgs, SnippetArgs, UsageError};
use mi_inspect::flags;

/// Exit status 2: a usage or I/O error.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Invocation::Help(command)) => print(&flags::help(command), ExitCode::SUCCESS),
        Ok(Invocation::Version) => print(
            &format!("mi-inspect {}\n", env!("CARGO_PKG_VERSION")),
            ExitCode::SUCCESS,
        ),
        Ok(Invocation::Report(a)) => report(a),
        Ok(Invocation::Snippet(a)) => snippet(a),
        Err(e) => usage_error(&e),
    }
}

fn usage_error(e: &UsageError) -> ExitCode {
    eprintln!("mi-inspect: {}\n\n{}", e.message, flags::help(e.command));
    ExitCode::from(FAILURE)
}

fn io_error(message: &str) -> ExitCode {
    eprintln!("mi-inspect: {message}");
    ExitCode::from(FAILURE)
}

/// `mi-inspect [FILE|-]` and `mi-inspect verify --key FILE [TOKEN|-]`.
fn report(args: ReportArgs) -> ExitCode {
    let input = if args.verify || args.second.is_some() {
        read_token(args.input.as_deref())
    } else {
        read_input(args.input.as_deref())
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => return io_error(&e),
    };
    let key = match args.key.as_deref().map(read_key).transpose() {
        Ok(k) => k,
        Err(e) => return io_error(&e),
    };
    let sent_token = match args
        .token
        .as_deref()
        .map(|t| read_token(Some(t)))
        .transpose()
    {
        Ok(t) => t,
        Err(e) => return io_error(&format!("--token: {e}")),
    };
    let ctx = Context::at(args.now.unwrap_or_else(clock));
    let options = Options {
        platform: args.platform,
        key: key.as_deref(),
        sent_token: sent_token.as_deref(),
        ..Options::default()
    };
    let second = match args
        .second
        .as_deref()
        .map(|b| read_token(Some(b)))
        .transpose()
    {
        Ok(b) => b,
        Err(e) => return io_error(&e),
    };
    let analysis = match &second {
        Some(b) => compare_with(&input, b, &ctx, &options),
        None => analyze_with(&input, &ctx, &options),
    };
    let text = if args.share {
        let pasted: Vec<&str> = [Some(input.as_str()), second.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        present::share::markdown(
            &analysis,
            &present::share::ShareOptions {
                mask_ids: args.mask_ids,
                pasted: &pasted,
                key: key.as_deref(),
            },
        )
    } else if args.json {
        match serde_json::to_string_pretty(&analysis) {
            Ok(s) => s + "\n",
            Err(e) => return io_error(&e.to_string()),
        }
    } else {
        present::text::render(&analysis)
    };
    // `verify` succeeds only for a signature that proves something: valid over the token as sent,
    // with no weak key or ambiguous key set beside it.
    let unproven = args.verify
        && !analysis
            .verification
            .as_ref()
            .is_some_and(Verification::proves_signature);
    // Compared tokens: the differences are the answer, not errors; only a missing token fails.
    let status = if let Some(c) = &analysis.comparison {
        if analysis.token.is_some() && c.second.token.is_some() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    } else if analysis.has_errors() || unproven {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    print(&text, status)
}

/// `mi-inspect snippet ...`
fn snippet(args: SnippetArgs) -> ExitCode {
    let usage = |message: String| {
        usage_error(&UsageError {
            command: flags::Command::Snippet,
            message,
        })
    };
    if args.list {
        let list: String = Target::ALL
            .iter()
            .map(|t| format!("{:<22}{}\n", t.id(), t.title()))
            .collect();
        return print(&list, ExitCode::SUCCESS);
    }
    // `--from FILE`: the request the report of FILE implies; the flags given win over it.
    let implied = match &args.from {
        Some(from) => {
            let input = match read_input(Some(from)) {
                Ok(i) => i,
                Err(e) => return io_error(&e),
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
    let Some(target) = args.target else {
        return usage("snippet needs --lang (and --platform and --resource, or --from)".into());
    };
    let merged = match prefill::merge(implied.as_ref(), args.choices) {
        Ok(m) => m,
        Err(MergeError::MissingPlatformOrResource) => {
            return usage("snippet needs --platform and --resource (or --from FILE)".into())
        }
        Err(MergeError::PlaceholderResource(r)) => {
            return usage(format!(
                "--from: the pasted setup leaves the resource open ({r}); give --resource"
            ))
        }
        Err(MergeError::SystemAndUserAssigned) => {
            return usage("--system and a user-assigned identity exclude each other".into())
        }
    };
    // Where the values taken from FILE came from, for the person reading (the program itself is
    // on standard output).
    for note in &merged.notes {
        eprintln!("# {note}");
    }
    match snippets::render(&merged.request, target) {
        Ok(program) => print(&program, ExitCode::SUCCESS),
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

/// Writes `text` to standard output and returns `status`. A reader that closed the pipe early
/// (`mi-inspect … | head -1`) is not an error: the output was simply not wanted.
fn print(text: &str, status: ExitCode) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => io_error(&format!("writing standard output: {e}")),
    }
}

/// The token for `verify`: the argument itself when it is a token (starts with `eyJ`), otherwise
/// the file it names (or standard input).
fn read_token(arg: Option<&str>) -> Result<String, String> {
    match arg {
        Some(a) if a.starts_with("eyJ") && !std::path::Path::new(a).exists() => Ok(a.to_string()),
        other => read_input(other),
    }
}

/// The key file's text; an empty one is an error (nothing to verify with).
fn read_key(path: &str) -> Result<String, String> {
    let key = read_input(Some(path))?;
    if key.trim().is_empty() {
        return Err(format!("--key {path}: the file is empty"));
    }
    Ok(key)
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file {
        None | Some("-") => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("reading standard input: {e}"))?;
        }
        Some(path) => bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
