//! The one definition of mi-inspect's commands, arguments and flags. `--help` is written from it,
//! the parser accepts exactly what it lists, and `tests/readme.rs` checks the README's tables
//! against it.

/// A command: the first argument (`verify`, `compare`, `snippet`), or none for the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `mi-inspect [FILE|-]`: the report of what FILE holds.
    Report,
    /// `mi-inspect verify --key FILE [TOKEN|-]`: the report, with the signature checked.
    Verify,
    /// `mi-inspect compare A B`: two tokens side by side.
    Compare,
    /// `mi-inspect snippet ...`: a program that requests a token.
    Snippet,
}

impl Command {
    pub const ALL: &'static [Command] = &[
        Command::Report,
        Command::Verify,
        Command::Compare,
        Command::Snippet,
    ];

    /// The word that selects the command (none for the report).
    pub fn word(self) -> Option<&'static str> {
        match self {
            Command::Report => None,
            Command::Verify => Some("verify"),
            Command::Compare => Some("compare"),
            Command::Snippet => Some("snippet"),
        }
    }

    pub fn from_word(word: &str) -> Option<Command> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| c.word() == Some(word))
    }

    /// The usage lines.
    fn usage(self) -> &'static [&'static str] {
        match self {
            Command::Report => &["mi-inspect [FILE|-] [--json | --report md] [--now EPOCH] [--platform ID] [--token FILE]"],
            Command::Verify => &["mi-inspect verify --key FILE [TOKEN|-] [--json | --report md] [--now EPOCH]"],
            Command::Compare => &["mi-inspect compare A B [--json | --report md] [--now EPOCH]"],
            Command::Snippet => &[
                "mi-inspect snippet --platform P --lang L --resource R [--client-id X | --object-id X | --resource-id X] [--endpoint URL]",
                "mi-inspect snippet --platform P --lang L --call-url URL [any option above]",
                "mi-inspect snippet --from FILE --lang L [any option above, which wins]",
                "mi-inspect snippet --list",
            ],
        }
    }

    /// What the command does, in a paragraph.
    fn about(self) -> &'static str {
        match self {
            Command::Report => {
                "Decodes and explains an Azure access token, a managed-identity token response or \
                 error, or a request setup (or anything with one inside), offline."
            }
            Command::Verify => {
                "Also checks the token's signature with the key material in the --key file (PEM \
                 public key or certificate, base64 x5c certificate, JWK, JWKS, or an HMAC secret); \
                 nothing is fetched."
            }
            Command::Compare => {
                "Sets the tokens in files A and B (a token, or a response holding one) side by \
                 side: what differs first (audience, identity, roles, groups, scopes, tenant, \
                 issuer, lifetime), each with what it means, then every claim of either."
            }
            Command::Snippet => {
                "Prints a program (or raw request) that gets a managed-identity token on platform \
                 P; where each value taken from --from came from is printed on standard error."
            }
        }
    }

    /// What the exit status means.
    fn exit_status(self) -> &'static str {
        match self {
            Command::Report => {
                "0 no finding is an error, 1 an error finding, 2 usage or I/O error."
            }
            Command::Verify => {
                "0 only when the signature is valid, with no weak key or ambiguous key set beside \
                 it, and no finding is an error; 1 otherwise; 2 usage or I/O error (also an \
                 unreadable or empty key file)."
            }
            Command::Compare => {
                "0 the two tokens were compared, 1 A or B holds no token, 2 usage or I/O error."
            }
            Command::Snippet => {
                "0 the program was printed, 1 the platform cannot serve the request (or --from \
                 holds nothing to write code for), 2 usage error."
            }
        }
    }
}

/// A positional argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Positional {
    pub name: &'static str,
    pub commands: &'static [Command],
    pub help: &'static str,
}

pub const POSITIONALS: &[Positional] = &[
    Positional {
        name: "FILE",
        commands: &[Command::Report],
        help: "Read the input from FILE; '-' or nothing reads standard input.",
    },
    Positional {
        name: "A",
        commands: &[Command::Compare],
        help: "The first token, or a file holding it (or a token response); '-' reads standard input.",
    },
    Positional {
        name: "B",
        commands: &[Command::Compare],
        help: "The second token or file, compared with A; at most one of A and B may be '-'.",
    },
    Positional {
        name: "TOKEN",
        commands: &[Command::Verify],
        help: "The token itself (text starting with eyJ), a file holding it (or a token response), or '-' / nothing for standard input.",
    },
];

/// A flag (`--json`) or an option with a value (`--now EPOCH`, also `--now=EPOCH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The long name without its dashes.
    pub long: &'static str,
    pub short: Option<char>,
    /// The value's name in help and README (`EPOCH`), for options that take one.
    pub value: Option<&'static str>,
    pub commands: &'static [Command],
    pub help: &'static str,
}

impl Flag {
    /// `--now EPOCH` or `--json`, as help and the README write it.
    pub fn synopsis(&self) -> String {
        match self.value {
            Some(v) => format!("--{} {v}", self.long),
            None => format!("--{}", self.long),
        }
    }
}

const REPORTS: &[Command] = &[Command::Report, Command::Verify, Command::Compare];
const ALL: &[Command] = &[
    Command::Report,
    Command::Verify,
    Command::Compare,
    Command::Snippet,
];

pub const FLAGS: &[Flag] = &[
    Flag {
        long: "json",
        short: None,
        value: None,
        commands: REPORTS,
        help: "Print the Analysis as JSON instead of the text report.",
    },
    Flag {
        long: "report",
        short: None,
        value: Some("md"),
        commands: REPORTS,
        help: "Print a report to share instead (md: Markdown for a support ticket or an issue), every secret removed: token signatures, access tokens, the managed-identity secrets, client secrets, Authorization values, the key.",
    },
    Flag {
        long: "mask-ids",
        short: None,
        value: None,
        commands: REPORTS,
        help: "With --report md: replace tenant, subscription, object and client IDs with <tenant-1>, <sub-1>, <oid-1>, <client-1>, the same ID always by the same name.",
    },
    Flag {
        long: "now",
        short: None,
        value: Some("EPOCH"),
        commands: REPORTS,
        help: "Evaluate times at EPOCH (Unix seconds) instead of the clock.",
    },
    Flag {
        long: "platform",
        short: None,
        value: Some("ID"),
        commands: &[Command::Report],
        help: "Check a request setup for this platform instead of detecting it: imds, app_service, app_service_2017, container_apps, service_fabric, azure_arc, cloud_shell, azure_ml, workload_identity (AKS: a token exchange with Entra ID).",
    },
    Flag {
        long: "token",
        short: None,
        value: Some("FILE"),
        commands: REPORTS,
        help: "The token that was sent with a refused call (the token itself, or a file holding it or a token response; '-' reads standard input when FILE is given): compared with the access error in FILE.",
    },
    Flag {
        long: "key",
        short: None,
        value: Some("FILE"),
        commands: &[Command::Verify],
        help: "The key material (PEM, base64 certificate, JWK, JWKS or HMAC secret); '-' reads it from standard input when the token is given as an argument.",
    },
    Flag {
        long: "platform",
        short: None,
        value: Some("P"),
        commands: &[Command::Snippet],
        help: "imds, app_service, app_service_2017, container_apps, service_fabric, azure_arc, cloud_shell, azure_ml or workload_identity (the token exchange of AKS workload identity).",
    },
    Flag {
        long: "lang",
        short: None,
        value: Some("L"),
        commands: &[Command::Snippet],
        help: "A target from --list (curl, python, go, ...).",
    },
    Flag {
        long: "resource",
        short: None,
        value: Some("R"),
        commands: &[Command::Snippet],
        help: "The resource (audience), e.g. https://management.azure.com/; SDK targets ask for R/.default.",
    },
    Flag {
        long: "client-id",
        short: None,
        value: Some("X"),
        commands: &[Command::Snippet],
        help: "A user-assigned identity by client ID (at most one of --client-id, --object-id, --resource-id; without one, the system-assigned identity).",
    },
    Flag {
        long: "object-id",
        short: None,
        value: Some("X"),
        commands: &[Command::Snippet],
        help: "A user-assigned identity by object (principal) ID.",
    },
    Flag {
        long: "resource-id",
        short: None,
        value: Some("X"),
        commands: &[Command::Snippet],
        help: "A user-assigned identity by its ARM resource ID.",
    },
    Flag {
        long: "endpoint",
        short: None,
        value: Some("URL"),
        commands: &[Command::Snippet],
        help: "Replaces the platform's fixed token URL (IMDS's, Arc's and Cloud Shell's defaults), e.g. an SSH tunnel; platforms that read their endpoint from a variable keep reading it.",
    },
    Flag {
        long: "call-url",
        short: None,
        value: Some("URL"),
        commands: &[Command::Snippet],
        help: "After getting the token, GET this Key Vault, blob or Resource Manager URL with it (the service is told by the host) and print the answer; the token is then for that service, so --resource is not needed.",
    },
    Flag {
        long: "from",
        short: None,
        value: Some("FILE"),
        commands: &[Command::Snippet],
        help: "Start from what FILE holds ('-': standard input), as the app's \"Generate code for this\" does: a token, a token response or a request setup gives the platform, resource and identity that the flags do not.",
    },
    Flag {
        long: "system",
        short: None,
        value: None,
        commands: &[Command::Snippet],
        help: "The system-assigned identity, whatever --from implies.",
    },
    Flag {
        long: "list",
        short: None,
        value: None,
        commands: &[Command::Snippet],
        help: "List the targets.",
    },
    Flag {
        long: "help",
        short: Some('h'),
        value: None,
        commands: ALL,
        help: "Show this help (for a command: mi-inspect verify --help).",
    },
    Flag {
        long: "version",
        short: Some('V'),
        value: None,
        commands: ALL,
        help: "Print the version.",
    },
];

/// The flag `long` (or `-short`) of `command`.
pub fn find(command: Command, long: Option<&str>, short: Option<char>) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| {
        f.commands.contains(&command)
            && match (long, short) {
                (Some(l), _) => f.long == l,
                (None, Some(s)) => f.short == Some(s),
                (None, None) => false,
            }
    })
}

/// `--help` for `command`, written from the tables above.
pub fn help(command: Command) -> String {
    let mut out = String::new();
    for (i, line) in command.usage().iter().enumerate() {
        out.push_str(if i == 0 { "usage: " } else { "       " });
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&wrap(command.about(), 0));
    out.push('\n');
    let rows: Vec<(String, &str)> = POSITIONALS
        .iter()
        .filter(|p| p.commands.contains(&command))
        .map(|p| (p.name.to_string(), p.help))
        .chain(
            FLAGS
                .iter()
                .filter(|f| f.commands.contains(&command))
                .map(|f| {
                    let name = match f.short {
                        Some(s) => format!("-{s}, {}", f.synopsis()),
                        None => f.synopsis(),
                    };
                    (name, f.help)
                }),
        )
        .collect();
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0) + 2;
    for (name, help) in rows {
        let text = wrap(help, width + 2);
        out.push_str(&format!("  {name:<width$}{}", text.trim_start()));
    }
    if command == Command::Report {
        out.push_str("\nCommands:\n");
        for c in Command::ALL.iter().filter_map(|c| c.word().map(|w| (w, c))) {
            out.push_str(&format!(
                "  {:<9}{}",
                c.0,
                wrap(c.1.about(), 11).trim_start()
            ));
        }
        out.push_str("Each takes --help.\n");
    }
    out.push_str(&format!("\nExit status: {}\n", command.exit_status()));
    out
}

/// `text` wrapped at 100 columns, continuation lines indented by `indent`; ends with a newline.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut line = " ".repeat(indent);
    for word in text.split_whitespace() {
        if line.trim().is_empty() {
            line.push_str(word);
        } else if line.len() + 1 + word.len() > 100 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{}{word}", " ".repeat(indent));
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_command_has_two_flags_of_one_name() {
        for &c in Command::ALL {
            let mut names: Vec<&str> = FLAGS
                .iter()
                .filter(|f| f.commands.contains(&c))
                .map(|f| f.long)
                .collect();
            let all = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all, "{c:?}");
        }
    }

    #[test]
    fn help_lists_every_flag_of_its_command_and_no_other() {
        let snippet = help(Command::Snippet);
        assert!(snippet.contains("--lang L") && snippet.contains("--from FILE"));
        assert!(!snippet.contains("--json"));
        let verify = help(Command::Verify);
        assert!(verify.contains("--key FILE") && verify.contains("TOKEN"));
        assert!(!verify.contains("--lang"));
        let report = help(Command::Report);
        assert!(report.contains("-h, --help") && report.contains("--platform ID"));
        assert!(report.contains("verify") && report.contains("snippet"));
        assert!(report
            .lines()
            .all(|l| l.chars().count() <= 100 || l.starts_with("       ")));
    }
}
