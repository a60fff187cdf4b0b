//! The README is the public documentation of finding codes and set-up: keep it true.
#![cfg(not(target_arch = "wasm32"))]

use mi_core::Code;
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

#[test]
fn every_cli_flag_is_documented() {
    for flag in [
        "`--json`",
        "`--now EPOCH`",
        "`--platform ID`",
        "`-h`, `--help`",
        "`FILE`",
        "`verify`",
        "`--key FILE`",
        "`TOKEN`",
        "`snippet`",
        "`--platform P`",
        "`--lang L`",
        "`--resource R`",
        "`--client-id X`, `--object-id X`, `--resource-id X`",
        "`--endpoint URL`",
        "`--list`",
        "`--from FILE`",
        "`--system`",
    ] {
        assert!(README.contains(flag), "{flag}");
    }
}

#[test]
fn every_snippet_target_is_documented() {
    for t in mi_core::snippets::Target::ALL {
        assert!(README.contains(&format!("| `{}` |", t.id())), "{}", t.id());
    }
}
