//! Reading the command line (with `lexopt`) into what to do. Only the flags [`crate::flags`] lists
//! for the command are accepted; `--name=value` works wherever `--name value` does.

use std::ffi::OsString;

use mi_core::azure::platforms;
use mi_core::request::{RequestedIdentity, ResourceCall};
use mi_core::snippets::prefill::Choices;
use mi_core::snippets::Target;
use mi_core::Platform;

use crate::flags::{self, Command};

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Help(Command),
    Version,
    /// The report (and, for `verify`, the signature check).
    Report(ReportArgs),
    Snippet(SnippetArgs),
}

/// `mi-inspect [FILE|-]` and `mi-inspect verify --key FILE [TOKEN|-]`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReportArgs {
    /// `verify` was given: the signature is checked with the key in `key`.
    pub verify: bool,
    /// FILE (or, for `verify`, TOKEN; for `compare`, A); `None` or `-` is standard input.
    pub input: Option<String>,
    /// `compare`: B, the input compared with `input`.
    pub second: Option<String>,
    pub key: Option<String>,
    /// `--token FILE`: the token that was sent with a refused call.
    pub token: Option<String>,
    pub json: bool,
    /// `--report md`: the Markdown report to share.
    pub share: bool,
    /// `--mask-ids`: with `--report md`, tenant, subscription, object and client IDs masked.
    pub mask_ids: bool,
    pub now: Option<i64>,
    pub platform: Option<Platform>,
}

/// `mi-inspect snippet ...`
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SnippetArgs {
    pub list: bool,
    /// `--lang`, already checked to be a target.
    pub target: Option<Target>,
    /// `--from FILE`: start from the request the analysis of FILE implies.
    pub from: Option<String>,
    /// The choices that win over what `--from` implies.
    pub choices: Choices,
}

/// A usage error, with the command whose help applies.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError {
    pub command: Command,
    pub message: String,
}

impl UsageError {
    fn new(command: Command, message: impl Into<String>) -> Self {
        UsageError {
            command,
            message: message.into(),
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Invocation, UsageError> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    let command = match args
        .first()
        .and_then(|a| a.to_str())
        .and_then(Command::from_word)
    {
        Some(c) => {
            args.remove(0);
            c
        }
        None => Command::Report,
    };
    let mut parser = lexopt::Parser::from_args(args);
    let mut report = ReportArgs {
        verify: command == Command::Verify,
        ..ReportArgs::default()
    };
    let mut snippet = SnippetArgs::default();
    let err = |m: String| UsageError::new(command, m);
    loop {
        let arg = parser.next().map_err(|e| err(e.to_string()))?;
        let Some(arg) = arg else { break };
        let flag = match &arg {
            lexopt::Arg::Long(l) => flags::find(command, Some(l), None)
                .ok_or_else(|| err(format!("unknown option --{l}")))?,
            lexopt::Arg::Short(s) => flags::find(command, None, Some(*s))
                .ok_or_else(|| err(format!("unknown option -{s}")))?,
            lexopt::Arg::Value(v) => {
                let v = v.to_string_lossy().into_owned();
                let (slot, what) = match command {
                    Command::Snippet => return Err(err(format!("unexpected argument {v}"))),
                    Command::Verify => (&mut report.input, "TOKEN"),
                    Command::Report => (&mut report.input, "FILE"),
                    Command::Compare if report.input.is_none() => (&mut report.input, "A"),
                    Command::Compare => (&mut report.second, "B"),
                };
                if slot.replace(v).is_some() {
                    return Err(err(format!("only one {what} may be given")));
                }
                continue;
            }
        };
        let value = match flag.value {
            Some(name) => Some(
                parser
                    .value()
                    .map_err(|_| err(format!("{} needs a value ({name})", flag.synopsis())))?
                    .to_string_lossy()
                    .into_owned(),
            ),
            None => None,
        };
        match (flag.long, value) {
            ("help", _) => return Ok(Invocation::Help(command)),
            ("version", _) => return Ok(Invocation::Version),
            ("json", _) => report.json = true,
            ("report", Some(v)) => {
                if v != "md" {
                    return Err(err(format!("--report: '{v}' is not a report format (md)")));
                }
                report.share = true;
            }
            ("mask-ids", _) => report.mask_ids = true,
            ("now", Some(v)) => {
                report.now =
                    Some(v.parse().map_err(|_| {
                        err(format!("--now: '{v}' is not a whole number of seconds"))
                    })?)
            }
            ("key", Some(v)) => report.key = Some(v),
            ("token", Some(v)) => report.token = Some(v),
            ("platform", Some(v)) => {
                let p = platforms::from_id(&v)
                    .ok_or_else(|| err(format!("--platform: '{v}' is not a platform id")))?;
                report.platform = Some(p);
                snippet.choices.platform = Some(p);
            }
            ("lang", Some(v)) => {
                snippet.target = Some(Target::from_id(&v).ok_or_else(|| {
                    err(format!(
                        "unknown target {v}; `mi-inspect snippet --list` lists them"
                    ))
                })?)
            }
            ("resource", Some(v)) => snippet.choices.resource = Some(v),
            ("endpoint", Some(v)) => snippet.choices.endpoint = Some(v),
            ("call-url", Some(v)) => {
                snippet.choices.call = Some(ResourceCall::from_url(&v).ok_or_else(|| {
                    err(format!(
                        "--call-url: '{v}' is not a Key Vault (*.vault.azure.net), blob (*.blob.core.windows.net) or Resource Manager (management.azure.com) URL"
                    ))
                })?)
            }
            ("from", Some(v)) => snippet.from = Some(v),
            ("system", _) => snippet.choices.system = true,
            ("list", _) => snippet.list = true,
            (selector @ ("client-id" | "object-id" | "resource-id"), Some(v)) => {
                let identity = match selector {
                    "client-id" => RequestedIdentity::ClientId(v),
                    "object-id" => RequestedIdentity::ObjectId(v),
                    _ => RequestedIdentity::ResourceId(v),
                };
                if snippet.choices.identity.replace(identity).is_some() {
                    return Err(err(
                        "give only one of --client-id, --object-id and --resource-id".into(),
                    ));
                }
            }
            (other, _) => return Err(err(format!("--{other} is not handled"))),
        }
    }
    if report.json && report.share {
        return Err(err("--json and --report md exclude each other".into()));
    }
    if report.mask_ids && !report.share {
        return Err(err("--mask-ids goes with --report md".into()));
    }
    match command {
        Command::Snippet => Ok(Invocation::Snippet(snippet)),
        Command::Verify => {
            if report.key.is_none() {
                return Err(err("verify needs --key FILE".into()));
            }
            if report.key.as_deref() == Some("-")
                && matches!(report.input.as_deref(), None | Some("-"))
            {
                return Err(err(
                    "--key - reads standard input, so give the TOKEN as an argument".into(),
                ));
            }
            Ok(Invocation::Report(report))
        }
        Command::Compare => match (report.input.as_deref(), report.second.as_deref()) {
            (None, _) | (_, None) => Err(err("compare needs two inputs: A and B".into())),
            (Some("-"), Some("-")) => Err(err("only one of A and B may be '-'".into())),
            _ => Ok(Invocation::Report(report)),
        },
        Command::Report => {
            if report.token.as_deref() == Some("-")
                && matches!(report.input.as_deref(), None | Some("-"))
            {
                return Err(err(
                    "--token - reads standard input, so give FILE as an argument".into(),
                ));
            }
            Ok(Invocation::Report(report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mi_core::request::CallService;

    fn run(args: &[&str]) -> Result<Invocation, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn both_spellings_of_an_option_value_are_read() {
        let spaced = run(&["--now", "1700000000", "--json", "t.txt"]).unwrap();
        let joined = run(&["--now=1700000000", "--json", "t.txt"]).unwrap();
        assert_eq!(spaced, joined);
        let Invocation::Report(r) = spaced else {
            panic!()
        };
        assert_eq!(
            (r.now, r.json, r.input.as_deref()),
            (Some(1_700_000_000), true, Some("t.txt"))
        );
    }

    #[test]
    fn every_command_takes_help_and_version() {
        for (args, want) in [
            (&["--help"][..], Invocation::Help(Command::Report)),
            (&["-h"][..], Invocation::Help(Command::Report)),
            (
                &["snippet", "--help"][..],
                Invocation::Help(Command::Snippet),
            ),
            (&["verify", "-h"][..], Invocation::Help(Command::Verify)),
            (&["--version"][..], Invocation::Version),
            (&["snippet", "-V"][..], Invocation::Version),
        ] {
            assert_eq!(run(args).unwrap(), want, "{args:?}");
        }
    }

    #[test]
    fn flags_of_another_command_are_refused() {
        assert_eq!(
            run(&["--lang", "curl"]).unwrap_err().message,
            "unknown option --lang"
        );
        assert_eq!(
            run(&["snippet", "--json"]).unwrap_err().command,
            Command::Snippet
        );
        assert!(run(&["--key", "k.pem"]).is_err());
        assert_eq!(
            run(&["verify", "t.txt"]).unwrap_err().message,
            "verify needs --key FILE"
        );
    }

    #[test]
    fn a_report_to_share_is_markdown_and_masking_needs_it() {
        let Invocation::Report(r) = run(&["--report", "md", "--mask-ids", "t.txt"]).unwrap() else {
            panic!()
        };
        assert!(r.share && r.mask_ids && !r.json);
        assert!(run(&["--report=html", "t.txt"]).is_err());
        assert!(run(&["--report", "md", "--json"]).is_err());
        assert!(run(&["--mask-ids", "t.txt"]).is_err());
        assert!(run(&["compare", "a", "b", "--report", "md"]).is_ok());
    }

    #[test]
    fn compare_takes_exactly_two_inputs() {
        let Invocation::Report(r) = run(&["compare", "a.jwt", "-", "--json"]).unwrap() else {
            panic!()
        };
        assert_eq!(
            (r.input.as_deref(), r.second.as_deref()),
            (Some("a.jwt"), Some("-"))
        );
        assert_eq!(
            run(&["compare", "a.jwt"]).unwrap_err().message,
            "compare needs two inputs: A and B"
        );
        assert_eq!(
            run(&["compare", "a", "b", "c"]).unwrap_err().message,
            "only one B may be given"
        );
        assert!(run(&["compare", "-", "-"]).is_err());
        assert!(run(&["compare", "a", "b", "--key", "k"]).is_err());
    }

    #[test]
    fn snippet_choices_are_collected_and_one_identity_allowed() {
        let Invocation::Snippet(s) = run(&[
            "snippet",
            "--platform",
            "app_service",
            "--lang",
            "curl",
            "--resource=https://vault.azure.net",
            "--client-id",
            "2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(s.target, Target::from_id("curl"));
        assert_eq!(s.choices.platform, Some(Platform::AppService));
        assert_eq!(
            s.choices.resource.as_deref(),
            Some("https://vault.azure.net")
        );
        assert_eq!(
            s.choices.identity,
            Some(RequestedIdentity::ClientId(
                "2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4".into()
            ))
        );
        assert!(run(&["snippet", "--client-id", "a", "--object-id", "b"]).is_err());
        let Invocation::Snippet(s) = run(&[
            "snippet",
            "--call-url",
            "https://myvault.vault.azure.net/secrets/db-password",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            s.choices.call.map(|c| c.service),
            Some(CallService::KeyVault)
        );
        assert!(run(&["snippet", "--call-url", "https://example.com/x"]).is_err());
        assert!(run(&["snippet", "--lang", "cobol"]).is_err());
        assert!(run(&["snippet", "--platform", "mainframe"]).is_err());
    }
}
