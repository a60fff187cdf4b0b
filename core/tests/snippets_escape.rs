//! Property test for the escapers (issue 5 §3): random strings, written as a literal of each
//! language, are read back by that language's real interpreter or compiler and must be the same
//! string. To stay fast, one program per language holds every literal and prints each one's UTF-8
//! bytes in hex, one per line. Languages whose toolchain is missing are skipped, and said so.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use mi_core::snippets::escape;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

const CASES: usize = 300;

/// Random strings, weighted towards the characters each language treats specially.
fn strings() -> Vec<String> {
    let special = prop::sample::select(vec![
        '\'',
        '"',
        '\\',
        '$',
        '`',
        '!',
        '#',
        '\n',
        '\r',
        '\t',
        '\u{a0}',
        '\u{2018}',
        '\u{2019}',
        '\u{201a}',
        '\u{201b}',
        '\u{1F600}',
        '&',
        '{',
        '}',
        '%',
        '\u{0}',
        '\u{7f}',
        '\u{85}',
        '\u{2028}',
        '\u{feff}',
        'u',
        '0',
        '\u{1b}',
    ]);
    let strategy = prop::collection::vec(prop_oneof![2 => special, 1 => any::<char>()], 0..24)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    let mut runner = TestRunner::deterministic();
    let mut out: Vec<String> = (0..CASES)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    out.push(String::new());
    out.push("\\u0022 \\u000a \\x41 ${x} $(id) %PATH% {0}".into());
    out
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippets-escape");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs a command and returns its stdout, or panics with its stderr.
fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check(language: &str, inputs: &[&String], printed: &str) {
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), inputs.len(), "{language}: line count");
    for (input, line) in inputs.iter().zip(lines) {
        assert_eq!(
            line,
            hex(input),
            "{language} read back {input:?} differently"
        );
    }
}

/// One language's reader: a program that prints the UTF-8 hex of each literal on its own line.
struct Reader {
    language: &'static str,
    /// A command and argument that succeed when the toolchain is here.
    probe: [&'static str; 2],
    file: &'static str,
    escape: fn(&str) -> String,
    head: &'static str,
    /// One statement, `{}` standing for the literal.
    line: &'static str,
    tail: &'static str,
    /// The commands that compile (if needed) and run the file; the last one's output is read.
    commands: fn(&Path) -> Vec<Command>,
}

fn go_cache() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/go-cache")
}

fn with(program: impl AsRef<std::ffi::OsStr>, args: &[&std::ffi::OsStr]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

const READERS: &[Reader] = &[
    Reader {
        language: "bash",
        probe: ["bash", "--version"],
        file: "t.sh",
        escape: escape::bash,
        head: "h() { printf '%s' \"$1\" | od -An -v -tx1 | tr -d ' \\n'; echo; }\n",
        line: "h {}\n",
        tail: "",
        commands: |f| vec![with("bash", &[f.as_os_str()])],
    },
    Reader {
        language: "python3",
        probe: ["python3", "--version"],
        file: "t.py",
        escape: escape::python,
        head: "",
        line: "print({}.encode().hex())\n",
        tail: "",
        commands: |f| vec![with("python3", &[f.as_os_str()])],
    },
    Reader {
        language: "node",
        probe: ["node", "--version"],
        file: "t.js",
        escape: escape::javascript,
        head: "",
        line: "console.log(Buffer.from({}, \"utf8\").toString(\"hex\"));\n",
        tail: "",
        commands: |f| vec![with("node", &[f.as_os_str()])],
    },
    Reader {
        language: "java",
        probe: ["java", "-version"],
        file: "T.java",
        escape: escape::java,
        head: "public class T {\n    static void h(String s) {\n        StringBuilder b = new StringBuilder();\n        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) b.append(String.format(\"%02x\", x));\n        System.out.println(b);\n    }\n    public static void main(String[] a) {\n",
        line: "        h({});\n",
        tail: "    }\n}\n",
        commands: |f| vec![with("java", &[f.as_os_str()])],
    },
    Reader {
        language: "go",
        probe: ["go", "version"],
        file: "t.go",
        escape: escape::go,
        head: "package main\n\nimport \"fmt\"\n\nfunc main() {\n",
        line: "\tfmt.Printf(\"%x\\n\", {})\n",
        tail: "}\n",
        commands: |f| {
            let mut c = with("go", &["run".as_ref(), f.as_os_str()]);
            c.env("GOCACHE", go_cache());
            vec![c]
        },
    },
    Reader {
        language: "csharp (mono)",
        probe: ["mcs", "--version"],
        file: "T.cs",
        escape: escape::csharp,
        head: "static class T {\n    static void H(string s) {\n        foreach (byte x in System.Text.Encoding.UTF8.GetBytes(s)) System.Console.Write(x.ToString(\"x2\"));\n        System.Console.WriteLine();\n    }\n    static void Main() {\n",
        line: "        H({});\n",
        tail: "    }\n}\n",
        commands: |f| {
            let exe = f.with_extension("exe");
            let out = format!("-out:{}", exe.display());
            vec![
                with("mcs", &["-nologo".as_ref(), out.as_ref(), f.as_os_str()]),
                with("mono", &[exe.as_os_str()]),
            ]
        },
    },
    Reader {
        language: "rustc",
        probe: ["rustc", "--version"],
        file: "t.rs",
        escape: escape::rust,
        head: "fn h(s: &str) { println!(\"{}\", s.bytes().map(|b| format!(\"{b:02x}\")).collect::<String>()); }\nfn main() {\n",
        line: "    h({});\n",
        tail: "}\n",
        commands: |f| {
            let bin = f.with_extension("bin");
            vec![
                with("rustc", &["--edition".as_ref(), "2021".as_ref(), "-o".as_ref(), bin.as_os_str(), f.as_os_str()]),
                Command::new(bin),
            ]
        },
    },
];

#[test]
fn every_escaped_literal_reads_back_as_the_same_string() {
    let all = strings();
    let d = dir();
    let mut ran = Vec::new();
    let mut skipped = Vec::new();
    for r in READERS {
        if !available(r.probe[0], r.probe[1]) {
            skipped.push(r.language);
            continue;
        }
        // Bash cannot hold NUL; escape::fits_in_shell keeps such values out of shell targets.
        let inputs: Vec<&String> = all
            .iter()
            .filter(|s| r.language != "bash" || escape::fits_in_shell(s))
            .collect();
        let mut program = String::from(r.head);
        for s in &inputs {
            program.push_str(&r.line.replacen("{}", &(r.escape)(s), 1));
        }
        program.push_str(r.tail);
        let file = d.join(r.file);
        std::fs::write(&file, program).unwrap();
        let mut printed = String::new();
        for mut c in (r.commands)(&file) {
            printed = output(&mut c);
        }
        check(r.language, &inputs, &printed);
        ran.push(r.language);
    }
    eprintln!(
        "escapers read back by: {}; skipped (toolchain missing): {}",
        ran.join(", "),
        if skipped.is_empty() {
            "none".to_string()
        } else {
            skipped.join(", ")
        }
    );
}

#[test]
fn powershell_literals_double_every_single_quote_form() {
    // No pwsh here: check the rule directly. Inside '…' PowerShell ends the string at any of
    // ' ‘ ’ ‚ ‛ unless it is doubled, and nothing else is special.
    for s in strings() {
        let lit = escape::powershell(&s);
        let inner = &lit[1..lit.len() - 1];
        let mut chars = inner.chars().peekable();
        let mut back = String::new();
        while let Some(c) = chars.next() {
            if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
                assert_eq!(chars.next(), Some(c), "{s:?}: a lone quote in {lit}");
            }
            back.push(c);
        }
        assert_eq!(back, s);
    }
}
