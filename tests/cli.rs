//! The `mi-inspect` CLI: JSON output, text output, stdin, and exit codes scripts rely on.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mi_inspect(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mi-inspect"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_output_of_a_real_token_while_it_was_valid() {
    // The user-assigned IMDS token (azure-identity recording), checked an hour before expiry.
    let token = common::sample("jwt-imds-user-mirid-uami");
    let out = mi_inspect(&["--json", "--now", "1643309227"], Some(&token));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["kind"], "jwt");
    assert_eq!(v["platform"], serde_json::Value::Null);
    assert_eq!(v["token"]["identity"]["assignment"], "user");
    assert_eq!(v["token"]["identity"]["resource"]["name"], "xymsi");
    assert_eq!(v["token"]["lifetime"]["remaining_seconds"], 3600);
    assert_eq!(v["token"]["lifetime"]["expiry"], "expires in 1 h");
    assert_eq!(v["findings"][0]["code"], "token.managed-identity");
    assert_eq!(v["findings"][0]["severity"], "info");
    // Key order of the decoded payload is the token's own.
    let keys: Vec<&String> = v["token"]["payload"].as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["aud", "iss", "iat"]);
}

#[test]
fn an_expired_token_exits_1_and_the_text_report_says_why() {
    let dir = std::env::temp_dir().join(format!("mi-inspect-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token.txt");
    std::fs::write(
        &file,
        format!("Bearer {}\n", common::sample("jwt-imds-system-mirid-vm")),
    )
    .unwrap();
    let out = mi_inspect(&[file.to_str().unwrap(), "--now=1700000000"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[error] Expired 656 days ago (token.expired)"),
        "{text}"
    );
    assert!(
        text.contains("The system-assigned identity of virtual machine 'xiangyan'"),
        "{text}"
    );
    assert!(text.contains("xms_mirid"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_dash_and_no_argument_are_the_same() {
    let input = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UifQ.";
    let a = mi_inspect(&["-", "--json", "--now", "0"], Some(input));
    let b = mi_inspect(&["--json", "--now", "0"], Some(input));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(json(&a)["token"]["form"], "unsecured");
    assert_eq!(a.status.code(), Some(0));
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        vec!["--bogus"],
        vec!["--now", "soon"],
        vec!["a", "b"],
        vec!["--now"],
    ] {
        let out = mi_inspect(&args, Some(""));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: mi-inspect"),
            "{args:?}"
        );
    }
    let out = mi_inspect(&["/nonexistent/token.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/token.txt"));
    let help = mi_inspect(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--json"));
}

#[test]
fn unrecognised_input_is_an_error() {
    let out = mi_inspect(&["--json"], Some("definitely not a token"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["code"], "input.not-recognised");
}

#[test]
fn snippet_prints_a_program_lists_targets_and_refuses_what_the_platform_cannot_do() {
    let out = mi_inspect(&["snippet", "--list"], None);
    assert_eq!(out.status.code(), Some(0));
    let list = String::from_utf8(out.stdout).unwrap();
    assert_eq!(list.lines().count(), 16);
    assert!(list.starts_with("curl "), "{list}");

    let out = mi_inspect(
        &[
            "snippet",
            "--platform",
            "app_service",
            "--lang=python",
            "--resource",
            "https://vault.azure.net",
            "--object-id",
            "5f8a4a55-1e3b-4c3f-8a65-3b1f0a2c6d7e",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let program = String::from_utf8(out.stdout).unwrap();
    assert!(program.contains("\"principal_id\": \"5f8a4a55-1e3b-4c3f-8a65-3b1f0a2c6d7e\""));
    assert!(program.contains("need(\"IDENTITY_HEADER\")"));

    // --endpoint replaces IMDS's fixed URL.
    let out = mi_inspect(
        &[
            "snippet",
            "--platform=imds",
            "--lang",
            "curl",
            "--resource",
            "https://vault.azure.net",
            "--endpoint",
            "http://127.0.0.1:8000/metadata/identity/oauth2/token",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let program = String::from_utf8(out.stdout).unwrap();
    assert!(program.contains("endpoint='http://127.0.0.1:8000/metadata/identity/oauth2/token'"));
    assert!(!program.contains("169.254.169.254"));

    let out = mi_inspect(
        &[
            "snippet",
            "--platform",
            "azure_arc",
            "--lang",
            "go",
            "--resource",
            "r",
            "--client-id",
            "x",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not support user-assigned"));

    for bad in [
        &[
            "snippet",
            "--platform",
            "imds",
            "--lang",
            "cobol",
            "--resource",
            "r",
        ][..],
        &[
            "snippet",
            "--platform",
            "mars",
            "--lang",
            "curl",
            "--resource",
            "r",
        ],
        &["snippet", "--lang", "curl"],
        &[
            "snippet",
            "--platform",
            "imds",
            "--lang",
            "curl",
            "--resource",
            "r",
            "--client-id",
            "a",
            "--object-id",
            "b",
        ],
    ] {
        assert_eq!(mi_inspect(bad, None).status.code(), Some(2), "{bad:?}");
    }
}
