//! The README is the public documentation of finding codes and set-up: keep it true.
#![cfg(not(target_arch = "wasm32"))]

use mi_core::Code;
use mi_inspect::flags::{Command, FLAGS, POSITIONALS};
use std::collections::BTreeSet;

const README: &str = include_str!("../../README.md");

#[test]
fn every_finding_code_is_documented_and_no_documented_code_is_stale() {
    let documented: BTreeSet<&str> = README
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|c| c.contains('.') && !c.contains(' '))
        .collect();
    let actual: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<_> = actual.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&actual).collect();
    assert!(missing.is_empty(), "codes missing from README: {missing:?}");
    assert!(
        stale.is_empty(),
        "README documents codes that do not exist: {stale:?}"
    );
}

#[test]
fn the_two_set_up_commands_are_the_scripts_ci_runs() {
    assert!(
        README.contains("scripts/serve   # builds the app and serves it at http://127.0.0.1:8080")
    );
    assert!(README.contains("scripts/test    # every check"));
    let ci = include_str!("../../.ci/run");
    assert!(ci.contains("exec scripts/test"));
    let serve = include_str!("../../scripts/serve");
    assert!(serve.contains("--address 127.0.0.1 --port 8080"));
}

/// The first cells of the README's tables in the sections on the CLI and on snippets.
fn cli_table_names() -> Vec<String> {
    let mut names = Vec::new();
    let mut in_cli = false;
    for line in README.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_cli = heading.starts_with("The CLI") || heading.starts_with("Snippets");
            continue;
        }
        let Some(row) = line.strip_prefix("| ") else {
            continue;
        };
        if !in_cli {
            continue;
        }
        let first = row.split(" | ").next().unwrap_or_default();
        for name in first.split(", ") {
            if let Some(n) = name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
                names.push(n.to_string());
            }
        }
    }
    names
}

#[test]
fn the_readme_documents_exactly_the_flags_the_cli_defines() {
    let documented = cli_table_names();
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for flag in FLAGS {
        defined.insert(flag.synopsis());
        if let Some(s) = flag.short {
            defined.insert(format!("-{s}"));
        }
    }
    for p in POSITIONALS {
        defined.insert(p.name.to_string());
    }
    for c in Command::ALL.iter().filter_map(|c| c.word()) {
        defined.insert(c.to_string());
    }
    let documented_set: BTreeSet<String> = documented
        .iter()
        .filter(|n| {
            n.starts_with('-')
                || n.chars().all(|c| c.is_ascii_uppercase())
                || Command::from_word(n).is_some()
        })
        .cloned()
        .collect();
    let missing: Vec<_> = defined.difference(&documented_set).collect();
    let stale: Vec<_> = documented_set.difference(&defined).collect();
    assert!(
        missing.is_empty(),
        "flags missing from README's CLI tables: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "README documents flags the CLI does not define: {stale:?}"
    );
}

#[test]
fn every_snippet_target_is_documented() {
    for t in mi_core::snippets::Target::ALL {
        assert!(README.contains(&format!("| `{}` |", t.id())), "{}", t.id());
    }
}
