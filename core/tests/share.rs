//! The report to share (`present::share::markdown`): no secret of the input survives, whatever
//! the input. Checked on every record of every sample file (tests/fixtures/*.jsonl, each naming
//! its source) with the secrets this test finds in them by its own reading, and by property tests
//! that put random secrets where people paste them: a token's signature, `access_token`,
//! X-IDENTITY-HEADER, `secret`, IDENTITY_HEADER, MSI_SECRET, an Arc key file's contents in
//! `Authorization: Basic`, an HMAC key pasted to verify. With masking, tenant, subscription,
//! object and client IDs are gone and named consistently.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::present::share::{markdown, ShareOptions};
use mi_core::{analyze, analyze_with_key, compare, Analysis, Context};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000;

fn share(a: &Analysis, pasted: &[&str], key: Option<&str>, mask_ids: bool) -> String {
    markdown(
        a,
        &ShareOptions {
            mask_ids,
            pasted,
            key,
        },
    )
}

/// Secrets in `text`, found the way a reviewer would: each compact token's last part, and the
/// value after a secret's name and `:` or `=` (quoted or up to a space).
fn secrets_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.=".contains(c))) {
        if word.starts_with("eyJ") && word.matches('.').count() >= 2 {
            let sig = word.trim_end_matches('.').rsplit('.').next().unwrap_or("");
            if sig.len() >= 8 {
                out.push(sig.to_string());
            }
        }
    }
    let names = [
        "access_token",
        "accesstoken",
        "x-identity-header",
        "identity_header",
        "msi_secret",
        "secret",
        "authorization",
        "client_secret",
        "refresh_token",
    ];
    let lower = text.to_ascii_lowercase();
    for name in names {
        for (at, _) in lower.match_indices(name) {
            let rest = &text[at + name.len()..];
            let rest = rest.trim_start_matches(['"', '\'', ' ', '\t']);
            let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
                continue;
            };
            let rest = rest.trim_start_matches([' ', '\t']);
            let rest = rest
                .strip_prefix("Basic ")
                .or_else(|| rest.strip_prefix("Bearer "))
                .unwrap_or(rest);
            let value: String = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].chars().take_while(|c| *c != q).collect(),
                _ => rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !",;}'\"&)".contains(*c))
                    .collect(),
            };
            let placeholder = value.starts_with(['$', '%', '<', '[', '{'])
                || value.chars().all(|c| "*x.".contains(c));
            if value.len() >= 8 && !placeholder {
                out.push(value);
            }
        }
    }
    out
}

/// `secret` and every 12-character window of it (a partial mask such as `853b…ad8a` must not
/// survive either) are absent from `report`.
fn assert_absent(report: &str, secret: &str, what: &str) {
    assert!(
        !report.contains(secret),
        "{what}: the secret {secret:?} survived:\n{report}"
    );
    if secret.chars().count() >= 16 {
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(12) {
            let piece: String = w.iter().collect();
            assert!(
                !report.contains(&piece),
                "{what}: {piece:?} of {secret:?} survived:\n{report}"
            );
        }
    }
}

#[test]
fn no_secret_of_any_sample_survives_in_its_shared_report() {
    let mut checked = 0;
    for r in common::every_record() {
        let a = analyze(&r.input, &Context::at(NOW));
        for mask_ids in [false, true] {
            let report = share(&a, &[&r.input], None, mask_ids);
            for secret in secrets_in(&r.input) {
                assert_absent(&report, &secret, &r.id);
                checked += 1;
            }
        }
    }
    // The samples hold real tokens, MI secrets and keys: the check must have had work to do.
    assert!(checked > 40, "only {checked} secrets checked");
}

#[test]
fn the_shared_report_keeps_the_findings_and_the_decoded_claims() {
    // The recorded IMDS response (azure-identity recording) with its real token.
    let input = common::sample("resp-imds-recorded-system-real-jwt");
    let a = analyze(&input, &Context::at(1_643_300_000));
    let report = share(&a, &[&input], None, false);
    assert!(report.contains("(`token.managed-identity`)"), "{report}");
    assert!(report.contains("| `xms_mirid` | /subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/xiangyan-msi/providers/Microsoft.Compute/virtualMachines/xiangyan |"), "{report}");
    assert!(
        report.contains("| `access_token` | [REDACTED access_token] |"),
        "{report}"
    );
}

#[test]
fn masking_names_each_id_consistently_and_keeps_support_ids() {
    let input = common::sample("resp-imds-recorded-system-real-jwt");
    let a = analyze(&input, &Context::at(1_643_300_000));
    let report = share(&a, &[&input], None, true);
    for id in [
        "72f988bf-86f1-41af-91ab-2d7cd011db47", // tid
        "2cd617ea-1866-46b1-90e3-fffb087ebf9b", // subscription in xms_mirid
        "456c2479-292c-4370-91b1-e4ea30ca5132", // oid
        "fe83865b-495e-4ec7-9574-12b264882c9f", // appid
    ] {
        assert!(!report.contains(id), "{id} survived");
    }
    assert!(report.contains("| `tid` | <tenant-1> |"), "{report}");
    assert!(
        report.contains("| `oid` | <oid-1> |") && report.contains("| `sub` | <oid-1> |"),
        "{report}"
    );
    assert!(report.contains("| `appid` | <client-1> |"), "{report}");
    assert!(
        report.contains("/subscriptions/<sub-1>/resourcegroups/xiangyan-msi"),
        "{report}"
    );

    // An App Service error keeps its correlation ID for support (azure-sdk-for-net#43691).
    let err = common::sample("err-appservice-unable-to-load-identity");
    let report = share(&analyze(&err, &Context::at(NOW)), &[&err], None, true);
    assert!(
        report.contains("bf68136a-73f7-4ca4-9903-9ee8af3ab2ee"),
        "{report}"
    );
}

#[test]
fn a_comparison_shares_both_tokens_without_their_signatures() {
    let (a, b) = (
        common::sample("jwt-imds-system-mirid-vm"),
        common::sample("jwt-imds-user-mirid-uami"),
    );
    let c = compare(&a, &b, &Context::at(1_643_300_000));
    let report = share(&c, &[&a, &b], None, true);
    assert!(report.contains("| Identity |"), "{report}");
    for s in secrets_in(&a).into_iter().chain(secrets_in(&b)) {
        assert_absent(&report, &s, "compare");
    }
    assert!(
        !report.contains("3e277453-b6c4-4763-aed2-145a7a915d5b"),
        "the second token's oid"
    );
}

/// A random secret as platforms and people make them: 20 to 48 characters.
#[test]
fn a_refusal_is_shared_with_its_fix_commands_evidence_and_roles() {
    // Key Vault's ForbiddenByRbac for a Bicep deployment (access-errors.jsonl names the source):
    // the report to share carries what the page's access card shows, not only the finding.
    let text = common::any_sample("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli");
    let a = analyze(&text, &Context::at(NOW));
    let access = a.access.as_ref().expect("an access report");
    assert!(!access.commands.is_empty() && !access.roles.is_empty());
    let report = share(&a, &[&text], None, false);
    for c in &access.commands {
        assert!(report.contains(c.command.trim_end()), "{report}");
    }
    for r in &access.roles {
        assert!(
            report.contains(&format!("- {} (`{}`)", r.name, r.id)),
            "{report}"
        );
    }
    // From the error itself: its code, the action and the vault's key it names.
    assert!(
        report.contains("| Error code | ForbiddenByRbac |"),
        "{report}"
    );
    assert!(
        report.contains("| Action | Microsoft.KeyVault/vaults/keys/read |"),
        "{report}"
    );
    assert!(report.contains("vaults/keyvaultyev4drsxxb3ai/keys/prodkey"));
    // Masked, the caller's IDs go from the evidence and from the commands alike.
    let masked = share(&a, &[&text], None, true);
    let caller = access.caller.as_ref().expect("the caller");
    for id in [&caller.oid, &caller.appid, &caller.tid]
        .into_iter()
        .flatten()
    {
        assert!(!masked.contains(id.as_str()), "{id} in {masked}");
    }
    assert!(masked.contains("--assignee-object-id <oid-1>"), "{masked}");
}

#[test]
fn federated_credentials_are_shared_with_their_comparison_and_the_command_that_fixes_them() {
    // An AKS AADSTS70021 error next to the Terraform credential it was checked against (the
    // credential lacks the issuer's trailing slash): the report carries the comparison table.
    let text = common::AKS_70021_WITH_TERRAFORM;
    let a = analyze(text, &Context::at(NOW));
    let report = share(&a, &[text], None, false);
    assert!(
        report.contains("### Federated identity credentials (1)"),
        "{report}"
    );
    assert!(report.contains("Compared with what the error presents: issuer `https://oidc.prod-aks.azure.com/1f5d3a2e-0000-4000-8000-00000000abcd/`"), "{report}");
    let row = report
        .lines()
        .find(|l| l.starts_with("| 'workload-identity-sa'"))
        .expect("the credential's row");
    assert!(row.contains("(closest)"), "{row}");
    assert!(
        row.contains("1f5d3a2e-0000-4000-8000-00000000abcd (differs only by a trailing slash"),
        "{row}"
    );
    assert!(
        row.contains("system:serviceaccount:default:workload-identity-sa (equal)"),
        "{row}"
    );
    // The command that makes it match gives the issuer with its slash.
    assert!(report.contains("--issuer https://oidc.prod-aks.azure.com/1f5d3a2e-0000-4000-8000-00000000abcd/ --subject system:serviceaccount:default:workload-identity-sa"), "{report}");
}

#[test]
fn a_part_that_repeats_a_report_points_to_the_first_instead_of_saying_it_again() {
    // AzCopy's four login strategies, each refused by Storage (sessions.jsonl names the
    // source): the same error, but each refusal has its own request ID and time, so each keeps
    // its own report.
    let text = common::any_sample("azcopy-login-identity-then-unknown-auth-401-noauthinfo");
    let a = analyze(&text, &Context::at(NOW));
    let report = share(&a, &[&text], None, false);
    for request_id in [
        "9c623a0f-b01e-004e-46d8-f426e8000000",
        "5e1783aa-901e-0049-37d8-f44a8b000000",
        "4a2d9ddc-a01e-0042-32d8-f4b1e0000000",
        "7a542a72-401e-0065-5dd8-f4a624000000",
    ] {
        assert!(report.contains(request_id), "{request_id}: {report}");
    }
    assert!(!report.contains("The same report as"), "{report}");
    // A retry loop's log (the IMDS error of MicrosoftDocs/azure-docs#21322 and the request that
    // got it, 200 times): one report of each, not 200.
    let round = "2024-05-01T10:00:00Z ERROR {\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}\n\ncurl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net\"\n\n";
    let log = round.repeat(200);
    let a = analyze(&log, &Context::at(NOW));
    assert_eq!(a.parts.len(), 400);
    let report = share(&a, &[&log], None, false);
    assert_eq!(report.matches("`error.identity-not-found`").count(), 1);
    assert_eq!(report.matches("Corrected request:").count(), 1);
    assert_eq!(
        report
            .matches("The same report as the part at line 1.")
            .count(),
        199
    );
    assert_eq!(
        report
            .matches("The same report as the part at line 3.")
            .count(),
        199
    );
}

fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{20,48}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Wherever a secret is pasted, it does not reach the report, masked IDs or not.
    #[test]
    fn no_pasted_secret_survives(s1 in secret(), s2 in secret(), s3 in secret(), mask_ids in any::<bool>(), which in 0usize..7) {
        // Shapes from the real-world samples: an IMDS response (azure-identity recording), an
        // App Service curl (azure-sdk-for-python#11346), an env dump (MSAL Python test_mi.py), an
        // Arc request (the Arc docs), PowerShell on App Service 2017 (the App Service docs), a log
        // line quoting a Bearer token, and a Service Fabric raw request.
        let token = format!("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyIsImV4cCI6MTcwMDAwMzYwMH0.{s1}");
        let inputs = [
            format!(r#"{{"access_token":"{token}","expires_on":"1700003600","resource":"https://management.azure.com/","token_type":"Bearer","refresh_token":"{s2}"}}"#),
            format!(r#"curl "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01" -H "X-IDENTITY-HEADER: {s1}""#),
            format!("IDENTITY_ENDPOINT=http://127.0.0.1:41741/msi/token/\nIDENTITY_HEADER={s1}\nMSI_ENDPOINT=http://127.0.0.1:41741/msi/token/\nMSI_SECRET={s2}\nAZURE_CLIENT_SECRET={s3}"),
            format!(r#"curl -s -H "Authorization: Basic {s1}" -H "Metadata: true" "http://localhost:40342/metadata/identity/oauth2/token?api-version=2019-11-01&resource=https%3A%2F%2Fmanagement.azure.com""#),
            format!(r#"Invoke-RestMethod -Method Get -Headers @{{"secret"="{s1}"}} -Uri "$env:MSI_ENDPOINT?resource=https://vault.azure.net&api-version=2017-09-01""#),
            format!("2024-06-19T21:41:31Z ERROR request failed: Authorization: Bearer {token} got 401\n{{\"access_token\":\"{s2}\"}}"),
            format!("GET /metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https://vault.azure.net HTTP/1.1\nHost: localhost:2377\nSecret: {s1}\n"),
        ];
        let input = &inputs[which];
        let a = analyze(input, &Context::at(NOW));
        let report = share(&a, &[input], None, mask_ids);
        for s in [&s1, &s2, &s3] {
            if input.contains(s.as_str()) {
                assert_absent(&report, s, input);
            }
        }
    }

    /// The key pasted to verify a signature (an HMAC secret) never reaches the report.
    #[test]
    fn the_verification_key_does_not_survive(key in secret()) {
        // RFC 7515 A.1's HS256 token, verified with a (wrong) random secret.
        let token = common::sample("jwt-rfc7515-a1-hs256");
        let a = analyze_with_key(&token, &key, &Context::at(NOW));
        let report = share(&a, &[&token], Some(&key), false);
        assert_absent(&report, &key, "key");
    }
}
