//! The `mi-inspect` CLI: JSON output, text output, stdin, and exit codes scripts rely on.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../core/tests/common/mod.rs"]
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

/// Exit status 0, or the test fails showing what the CLI wrote to standard error.
fn assert_succeeded(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_output_of_a_real_token_while_it_was_valid() {
    // The user-assigned IMDS token (azure-identity recording), checked an hour before expiry.
    let token = common::sample("jwt-imds-user-mirid-uami");
    let out = mi_inspect(&["--json", "--now", "1643309227"], Some(&token));
    assert_succeeded(&out);
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
fn every_command_has_its_own_help_and_the_version_is_printed() {
    for (args, must_show, must_not_show) in [
        (&["snippet", "--help"][..], "--lang L", "--json"),
        (&["verify", "--help"][..], "--key FILE", "--lang"),
        (&["-h"][..], "--platform ID", "--lang"),
    ] {
        let out = mi_inspect(args, None);
        assert_succeeded(&out);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.starts_with("usage: mi-inspect"), "{args:?}: {help}");
        assert!(
            help.contains(must_show) && !help.contains(must_not_show),
            "{args:?}: {help}"
        );
    }
    let out = mi_inspect(&["--version"], None);
    assert_succeeded(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("mi-inspect {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    // `mi-inspect token.txt | head -0`: the reading end is closed before anything is written, so
    // every write gets EPIPE. The status is the report's (0: the RFC 7515 token has no error
    // finding at a time before it expired), not an I/O error's 2, and nothing is printed about it.
    let token = common::sample("jwt-rfc7515-a1-hs256");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mi-inspect"))
        .args(["--json", "--now", "1300000000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(token.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unrecognized_input_is_an_error() {
    let out = mi_inspect(&["--json"], Some("definitely not a token"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["code"], "input.not-recognised");
}

/// A scratch directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mi-inspect-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ENTRA_JWKS: &str = "../core/tests/fixtures/entra-jwks-snapshot.json";

#[test]
fn verify_prints_the_same_analysis_with_the_verification() {
    let token = common::sample("jwt-imds-system-mirid-vm");
    // While the token was valid: the signature verifies, exit 0.
    let out = mi_inspect(
        &[
            "verify",
            "--key",
            ENTRA_JWKS,
            "--json",
            "--now",
            "1643226100",
        ],
        Some(&token),
    );
    assert_succeeded(&out);
    let v = json(&out);
    assert_eq!(v["kind"], "jwt");
    assert_eq!(v["token"]["identity"]["assignment"], "system");
    assert_eq!(v["verification"]["result"], "valid");
    assert_eq!(v["verification"]["algorithm"], "RS256");
    assert_eq!(
        v["verification"]["key"]["kid"],
        "Mr5-AUibfBii7Nd1jBebaxboXW0"
    );
    assert_eq!(v["verification"]["key"]["selected_by"], "kid");
    assert_eq!(v["verification"]["key_source"], "jwks");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"verify.valid"), "{codes:?}");
    // The token as an argument, as a file, and on standard input give the same result.
    let dir = scratch("verify-token");
    let file = dir.join("token.txt");
    std::fs::write(&file, &token).unwrap();
    for arg in [token.as_str(), file.to_str().unwrap(), "-"] {
        let again = mi_inspect(
            &[
                "verify",
                "--key",
                ENTRA_JWKS,
                arg,
                "--json",
                "--now=1643226100",
            ],
            // Standard input only when it is read: a closed pipe would fail the write.
            (arg == "-").then_some(token.as_str()),
        );
        assert_eq!(again.stdout, out.stdout, "{arg}");
    }
    std::fs::remove_dir_all(&dir).ok();
    // Without --json the text report leads with the verification.
    let text = mi_inspect(
        &["verify", "--key", ENTRA_JWKS, "--now", "1643226100"],
        Some(&token),
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Verification: Signature valid (RS256, RSA 2048-bit key \"Mr5-AUibfBii7Nd1jBebaxboXW0\")"),
        "{text}"
    );
    assert!(text.contains("(verify.valid)"));
}

#[test]
fn verify_exits_1_unless_the_signature_is_proven_valid() {
    let token = common::sample("jwt-imds-system-mirid-vm");
    let dir = scratch("verify-exit");
    // An RS256 token with a secret: refused as algorithm confusion.
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "not-the-key\n").unwrap();
    let (code, v) = verify_json(secret.to_str().unwrap(), "1643226100", &token);
    assert_eq!(code, Some(1));
    assert_eq!(v["verification"]["result"], "alg_key_mismatch");
    // A valid signature on an expired token: the expiry is still an error.
    let (code, v) = verify_json(ENTRA_JWKS, "1700000000", &token);
    assert_eq!(code, Some(1));
    assert_eq!(v["verification"]["result"], "valid");
    // Not a token at all: nothing was verified.
    let (code, v) = verify_json(ENTRA_JWKS, "1700000000", "hello");
    assert_eq!(code, Some(1));
    assert!(v.get("verification").is_none());
    // Within its lifetime and as issued: proven, exit 0.
    let (code, v) = verify_json(ENTRA_JWKS, "1643226100", &token);
    assert_eq!(code, Some(0));
    assert_eq!(v["verification"]["result"], "valid");
    // The same token wrapped at 76 columns, as e-mail does: it matches only once the line
    // breaks are removed, which is not the token as sent.
    let wrapped: Vec<String> = token
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let (code, v) = verify_json(ENTRA_JWKS, "1643226100", &wrapped.join("\n"));
    assert_eq!(code, Some(1));
    assert_eq!(v["verification"]["result"], "noncanonical");
    // A genuine PS384 signature from a 1024-bit RSA key (tests/fixtures/verify-vectors.json, made
    // by make-verify-vectors.py): valid, but a weak key proves nothing, so not 0.
    let vectors: serde_json::Value = serde_json::from_str(include_str!(
        "../../core/tests/fixtures/verify-vectors.json"
    ))
    .unwrap();
    let weak = vectors
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "ps384-1024-bare-spki")
        .unwrap();
    let key = dir.join("rsa-1024.txt");
    std::fs::write(&key, weak["key"].as_str().unwrap()).unwrap();
    let (code, v) = verify_json(
        key.to_str().unwrap(),
        "1700000000",
        weak["token"].as_str().unwrap(),
    );
    assert_eq!(code, Some(1));
    assert_eq!(v["verification"]["result"], "valid");
    assert_eq!(v["verification"]["caveats"][0], "verify.weak-key");
    std::fs::remove_dir_all(&dir).ok();
}

/// `mi-inspect verify --key KEY --json --now NOW` with `input` on standard input: the exit
/// status and the JSON printed.
fn verify_json(key: &str, now: &str, input: &str) -> (Option<i32>, serde_json::Value) {
    let out = mi_inspect(
        &["verify", "--key", key, "--json", "--now", now],
        Some(input),
    );
    (out.status.code(), json(&out))
}

#[test]
fn verify_usage_and_key_file_errors_exit_2() {
    let dir = scratch("verify-usage");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    for args in [
        vec!["verify"],
        vec!["verify", "--key"],
        vec!["verify", "--key", "-"],
        vec!["--key", ENTRA_JWKS],
        vec!["verify", "--key", "/nonexistent/keys.json"],
        vec!["verify", "--key", empty.to_str().unwrap()],
    ] {
        // No standard input: the usage errors exit before reading it.
        let out = mi_inspect(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("mi-inspect: "),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
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
    assert!(program.contains("  'http://127.0.0.1:8000/metadata/identity/oauth2/token'\n"));
    assert!(!program.contains("169.254.169.254"));

    // --call-url: the token for the call's service, then the call (Key Vault's Get Secret).
    let out = mi_inspect(
        &[
            "snippet",
            "--platform=app_service",
            "--lang",
            "curl",
            "--call-url",
            "https://myvault.vault.azure.net/secrets/db-password",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let program = String::from_utf8(out.stdout).unwrap();
    assert!(program.contains("--data-urlencode 'resource=https://vault.azure.net'"));
    assert!(program.contains(
        "'https://myvault.vault.azure.net/secrets/db-password' <<<\"Authorization: Bearer $token\""
    ));
    assert!(program.contains("--data-urlencode 'api-version=2025-07-01'"));

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

#[test]
fn snippet_from_a_file_starts_from_what_it_holds_and_flags_override() {
    // azure-sdk-for-python's recording of a user-assigned identity's IMDS token.
    let token = common::sample("jwt-imds-user-mirid-uami");
    let out = mi_inspect(&["snippet", "--from", "-", "--lang", "curl"], Some(&token));
    assert_eq!(out.status.code(), Some(0));
    let program = String::from_utf8(out.stdout).unwrap();
    let notes = String::from_utf8(out.stderr).unwrap();
    assert!(
        program.contains("'client_id=2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4'"),
        "{program}"
    );
    assert!(program.contains("'resource=https://management.azure.com'"));
    assert!(
        notes.contains("# User-assigned identity by client ID"),
        "{notes}"
    );

    // Given flags win, and their parts' reasons are not printed.
    let out = mi_inspect(
        &[
            "snippet",
            "--from=-",
            "--lang",
            "curl",
            "--platform",
            "app_service",
            "--system",
        ],
        Some(&token),
    );
    assert_eq!(out.status.code(), Some(0));
    let program = String::from_utf8(out.stdout).unwrap();
    let notes = String::from_utf8(out.stderr).unwrap();
    assert!(program.contains("IDENTITY_HEADER"), "{program}");
    assert!(!program.contains("client_id") && !program.contains("principal_id"));
    assert!(
        !notes.contains("IMDS") && !notes.contains("User-assigned"),
        "{notes}"
    );
    assert!(notes.contains("from the token's `aud`"), "{notes}");

    // The seed article's C# snippet leaves the resource to its caller: --resource is needed.
    let code = r#"String.Format("{0}/?resource={1}&api-version=2019-08-01", Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), resource); request.Headers.Add("X-IDENTITY-HEADER", Environment.GetEnvironmentVariable("IDENTITY_HEADER"));"#;
    let out = mi_inspect(&["snippet", "--from", "-", "--lang", "curl"], Some(code));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --resource"));
    let out = mi_inspect(
        &[
            "snippet",
            "--from",
            "-",
            "--lang",
            "curl",
            "--resource",
            "https://vault.azure.net",
        ],
        Some(code),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("'resource=https://vault.azure.net'"));

    // Nothing to write code for: exit 1 with the reason; --system with an ID: usage error.
    let out = mi_inspect(&["snippet", "--from", "-", "--lang", "curl"], Some("hello"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no token, response or request"));
    let out = mi_inspect(
        &[
            "snippet",
            "--from",
            "-",
            "--lang",
            "curl",
            "--system",
            "--client-id",
            "x",
        ],
        Some(&token),
    );
    assert_eq!(out.status.code(), Some(2));
}

fn access_sample(id: &str) -> String {
    common::access_errors()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
        .input
}

#[test]
fn an_access_error_is_reported_with_its_fix_in_json_and_text() {
    // Azure/bicep#6539: Key Vault's ForbiddenByRbac inside a deployment error.
    let error = access_sample("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli");
    let out = mi_inspect(&["--json", "--now", "1700000000"], Some(&error));
    assert_eq!(
        out.status.code(),
        Some(1),
        "an access error is an error finding"
    );
    let v = json(&out);
    assert_eq!(v["kind"], "access_error");
    assert_eq!(v["access"]["service"], "key_vault");
    assert_eq!(v["access"]["cause"], "rbac-missing");
    assert_eq!(v["access"]["status"], 403);
    assert_eq!(v["access"]["roles"][0]["name"], "Key Vault Reader");
    assert_eq!(
        v["access"]["roles"][0]["id"],
        "21090545-7ca7-4776-b22c-e363652d74d2"
    );
    assert_eq!(v["findings"][0]["code"], "access.rbac-missing");
    let command = v["access"]["commands"][0]["command"].as_str().unwrap();
    assert!(command.contains("--assignee-object-id 2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f"));
    // The text report shows the same facts: the cause, the role and the command.
    let out = mi_inspect(&["--now", "1700000000"], Some(&error));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Access: Azure Key Vault · HTTP 403 · ForbiddenByRbac"),
        "{text}"
    );
    assert!(text.contains("(access.rbac-missing)"));
    assert!(text.contains("Key Vault Reader (21090545-7ca7-4776-b22c-e363652d74d2)"));
    assert!(text.contains(command), "{text}");
    // Every other sample's JSON has no `access` member at all.
    let token = common::sample("jwt-imds-user-mirid-uami");
    let v = json(&mi_inspect(
        &["--json", "--now", "1643309227"],
        Some(&token),
    ));
    assert!(v.get("access").is_none());
}

#[test]
fn the_token_that_was_sent_is_compared_with_token_file() {
    let dir = scratch("access-token");
    let error = dir.join("kv-rbac-error.txt");
    std::fs::write(
        &error,
        access_sample("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli"),
    )
    .unwrap();
    let token = dir.join("uami-token.txt");
    std::fs::write(&token, common::sample("jwt-imds-user-mirid-uami")).unwrap();
    let out = mi_inspect(
        &[
            "--json",
            "--now",
            "1700000000",
            "--token",
            token.to_str().unwrap(),
            error.to_str().unwrap(),
        ],
        None,
    );
    let v = json(&out);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"access.caller-differs-from-token"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"access.token-audience-mismatch"),
        "{codes:?}"
    );
    assert_eq!(
        v["access"]["sent_token"]["oid"],
        "3e277453-b6c4-4763-aed2-145a7a915d5b"
    );
    assert_eq!(v["token"]["identity"]["resource"]["name"], "xymsi");
    // The text report shows the comparison.
    let out = mi_inspect(
        &[
            "--now",
            "1700000000",
            &format!("--token={}", token.display()),
            error.to_str().unwrap(),
        ],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("The token that was sent:"), "{text}");
    assert!(text.contains("[mismatch] caller"), "{text}");
    // `--token -` needs FILE as an argument, and a missing token file is an I/O error.
    // (No standard input is written: the CLI refuses before it would read it.)
    assert_eq!(mi_inspect(&["--token", "-"], None).status.code(), Some(2));
    let missing = mi_inspect(
        &["--token", "/nonexistent/t", error.to_str().unwrap()],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--token"));
}

#[test]
fn compare_sets_two_tokens_side_by_side_and_exits_0() {
    // The two recorded IMDS tokens of one VM (azure-identity recordings): the system-assigned
    // one from a file, the user-assigned one on standard input.
    let dir = std::env::temp_dir().join(format!("mi-inspect-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("system.jwt");
    std::fs::write(&file, common::sample("jwt-imds-system-mirid-vm")).unwrap();
    let user = common::sample("jwt-imds-user-mirid-uami");
    let out = mi_inspect(
        &[
            "compare",
            file.to_str().unwrap(),
            "-",
            "--json",
            "--now",
            "1643300000",
        ],
        Some(&user),
    );
    assert_succeeded(&out);
    let v = json(&out);
    assert_eq!(v["comparison"]["differences"][0]["aspect"], "identity");
    assert_eq!(
        v["comparison"]["second"]["token"]["identity"]["resource"]["name"],
        "xymsi"
    );

    let out = mi_inspect(
        &[
            "compare",
            file.to_str().unwrap(),
            "-",
            "--now",
            "1643300000",
        ],
        Some(&user),
    );
    assert_succeeded(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Compared with the second input (jwt): 2 differences"),
        "{text}"
    );
    assert!(text.contains("  Identity\n"), "{text}");

    // A second input without a token: exit 1, and the first finding says so.
    let out = mi_inspect(
        &["compare", file.to_str().unwrap(), "-", "--json"],
        Some(&common::sample("err-imds-identity-not-found-powershell")),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["findings"][0]["code"],
        "input.nothing-to-compare"
    );

    // One input only is a usage error.
    let out = mi_inspect(&["compare", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_report_to_share_is_markdown_without_the_signature() {
    // The recorded IMDS response (azure-identity recording) holds a whole, signed token.
    let response = common::sample("resp-imds-recorded-system-real-jwt");
    let out = mi_inspect(
        &["--report", "md", "--mask-ids", "--now", "1643300000"],
        Some(&response),
    );
    assert_succeeded(&out);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("## MI Token Inspector report"), "{md}");
    assert!(
        md.contains("| `access_token` | [REDACTED access_token] |"),
        "{md}"
    );
    assert!(md.contains("| `tid` | <tenant-1> |"), "{md}");
    assert!(!md.contains("72f988bf-86f1-41af-91ab-2d7cd011db47"), "{md}");
    let token = common::sample("jwt-imds-system-mirid-vm");
    assert!(
        !md.contains(token.trim().rsplit('.').next().unwrap()),
        "{md}"
    );
    // --mask-ids alone is a usage error.
    assert_eq!(mi_inspect(&["--mask-ids"], None).status.code(), Some(2));
}
