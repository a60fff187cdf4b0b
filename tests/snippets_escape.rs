//! Property test for the escapers (issue 5 §3): random strings, written as a literal of each
//! language, are read back by that language's real interpreter or compiler and must be the same
//! string. To stay fast, one program per language holds every literal and prints each one's UTF-8
//! bytes in hex, one per line. Languages whose toolchain is missing are skipped, and said so.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use mi_token_inspector::snippets::escape;
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

#[test]
fn every_escaped_literal_reads_back_as_the_same_string() {
    let all = strings();
    let every: Vec<&String> = all.iter().collect();
    let no_nul: Vec<&String> = all.iter().filter(|s| escape::fits_in_shell(s)).collect();
    let d = dir();
    let mut ran = Vec::new();
    let mut skipped = Vec::new();

    if available("bash", "--version") {
        let mut script =
            String::from("h() { printf '%s' \"$1\" | od -An -v -tx1 | tr -d ' \\n'; echo; }\n");
        for s in &no_nul {
            script.push_str(&format!("h {}\n", escape::bash(s)));
        }
        std::fs::write(d.join("t.sh"), script).unwrap();
        check(
            "bash",
            &no_nul,
            &output(Command::new("bash").arg(d.join("t.sh"))),
        );
        ran.push("bash");
    } else {
        skipped.push("bash");
    }

    if available("python3", "--version") {
        let mut script = String::new();
        for s in &every {
            script.push_str(&format!("print({}.encode().hex())\n", escape::python(s)));
        }
        std::fs::write(d.join("t.py"), script).unwrap();
        check(
            "python",
            &every,
            &output(Command::new("python3").arg(d.join("t.py"))),
        );
        ran.push("python3");
    } else {
        skipped.push("python3");
    }

    if available("node", "--version") {
        let mut script = String::new();
        for s in &every {
            script.push_str(&format!(
                "console.log(Buffer.from({}, \"utf8\").toString(\"hex\"));\n",
                escape::javascript(s)
            ));
        }
        std::fs::write(d.join("t.js"), script).unwrap();
        check(
            "node",
            &every,
            &output(Command::new("node").arg(d.join("t.js"))),
        );
        ran.push("node");
    } else {
        skipped.push("node");
    }

    if available("java", "-version") {
        let mut src = String::from("public class T {\n    static void h(String s) {\n        StringBuilder b = new StringBuilder();\n        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) b.append(String.format(\"%02x\", x));\n        System.out.println(b);\n    }\n    public static void main(String[] a) {\n");
        for s in &every {
            src.push_str(&format!("        h({});\n", escape::java(s)));
        }
        src.push_str("    }\n}\n");
        std::fs::write(d.join("T.java"), src).unwrap();
        check(
            "java",
            &every,
            &output(Command::new("java").arg(d.join("T.java"))),
        );
        ran.push("java");
    } else {
        skipped.push("java");
    }

    if available("go", "version") {
        let mut src = String::from("package main\n\nimport \"fmt\"\n\nfunc main() {\n");
        for s in &every {
            src.push_str(&format!("\tfmt.Printf(\"%x\\n\", {})\n", escape::go(s)));
        }
        src.push_str("}\n");
        std::fs::write(d.join("t.go"), src).unwrap();
        check(
            "go",
            &every,
            &output(Command::new("go").arg("run").arg(d.join("t.go")).env(
                "GOCACHE",
                Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/go-cache"),
            )),
        );
        ran.push("go");
    } else {
        skipped.push("go");
    }

    if available("mcs", "--version") && available("mono", "--version") {
        let mut src = String::from("static class T {\n    static void H(string s) {\n        foreach (byte x in System.Text.Encoding.UTF8.GetBytes(s)) System.Console.Write(x.ToString(\"x2\"));\n        System.Console.WriteLine();\n    }\n    static void Main() {\n");
        for s in &every {
            src.push_str(&format!("        H({});\n", escape::csharp(s)));
        }
        src.push_str("    }\n}\n");
        std::fs::write(d.join("T.cs"), src).unwrap();
        output(
            Command::new("mcs")
                .arg("-nologo")
                .arg(format!("-out:{}", d.join("t.exe").display()))
                .arg(d.join("T.cs")),
        );
        check(
            "csharp",
            &every,
            &output(Command::new("mono").arg(d.join("t.exe"))),
        );
        ran.push("csharp (mono)");
    } else {
        skipped.push("csharp (mono)");
    }

    // rustc is always here: the Rust escaper is read back by the compiler too.
    let mut src = String::from("fn h(s: &str) { println!(\"{}\", s.bytes().map(|b| format!(\"{b:02x}\")).collect::<String>()); }\nfn main() {\n");
    for s in &every {
        src.push_str(&format!("    h({});\n", escape::rust(s)));
    }
    src.push_str("}\n");
    std::fs::write(d.join("t.rs"), src).unwrap();
    output(
        Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .args(["--edition", "2021", "-o"])
            .arg(d.join("t-rs"))
            .arg(d.join("t.rs")),
    );
    check("rust", &every, &output(&mut Command::new(d.join("t-rs"))));
    ran.push("rustc");

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
