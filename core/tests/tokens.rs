//! Decoding and explaining real tokens from public sources, and every repair the inspector makes.
//! Sources are named per test; the real-world file names each record's source.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{b64, real_world, sample, token};
use mi_core::token::entra::{Certainty, TokenUse};
use mi_core::token::{Assignment, Form};
use mi_core::{analyze, Analysis, Code, Context, Kind, Severity};
use serde_json::json;

/// 2026-01-01: every sample token is long expired by then.
const NOW: i64 = 1_767_225_600;

fn run(input: &str) -> Analysis {
    analyze(input, &Context::at(NOW))
}

fn codes(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

fn claim<'a>(a: &'a Analysis, name: &str) -> &'a mi_core::token::ClaimReport {
    a.token
        .as_ref()
        .unwrap()
        .claims
        .iter()
        .find(|c| c.name == name && c.location == mi_core::token::catalog::Location::Payload)
        .unwrap()
}

const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[test]
fn every_real_world_token_matches_what_its_source_implies() {
    for r in real_world().into_iter().filter(|r| r.kind == "jwt") {
        let a = run(&r.input);
        assert_eq!(a.kind, Kind::Jwt, "{}", r.id);
        let t = a.token.as_ref().unwrap();
        let payload = t.payload.as_ref();
        let e = &r.expect;
        for (key, claim) in [("aud", "aud"), ("iss", "iss")] {
            if let Some(want) = e.get(key) {
                assert_eq!(
                    payload.and_then(|p| p.get(claim)),
                    Some(want),
                    "{} {key}",
                    r.id
                );
            }
        }
        if let Some(want) = e.get("expires_on_epoch") {
            assert_eq!(t.lifetime.expires_at, want.as_i64(), "{} exp", r.id);
            assert!(codes(&a).contains(&"token.expired"), "{}", r.id);
        }
        if let Some(want) = e.get("token_version") {
            assert_eq!(
                t.entra.as_ref().unwrap().version.as_deref(),
                want.as_str(),
                "{} version",
                r.id
            );
        }
        if let Some(want) = e.get("client_id") {
            assert_eq!(
                t.entra.as_ref().unwrap().client_id.as_deref(),
                want.as_str(),
                "{} client",
                r.id
            );
        }
        match e.get("identity_type").and_then(|v| v.as_str()) {
            Some("system") => assert_eq!(
                t.identity.as_ref().unwrap().assignment,
                Assignment::System,
                "{}",
                r.id
            ),
            Some("user") => assert_eq!(
                t.identity.as_ref().unwrap().assignment,
                Assignment::User,
                "{}",
                r.id
            ),
            _ => assert!(t.identity.is_none(), "{}", r.id),
        }
    }
}

#[test]
fn system_assigned_vm_identity_from_a_real_imds_token() {
    // Azure/azure-sdk-for-python azure-identity recording test_system_assigned_tenant_id.json.
    let a = run(&sample("jwt-imds-system-mirid-vm"));
    let t = a.token.as_ref().unwrap();
    let id = t.identity.as_ref().unwrap();
    assert_eq!(id.assignment, Assignment::System);
    assert_eq!(id.resource.name.as_deref(), Some("xiangyan"));
    assert_eq!(id.resource.resource_group.as_deref(), Some("xiangyan-msi"));
    assert_eq!(
        id.resource.full_type().as_deref(),
        Some("Microsoft.Compute/virtualMachines")
    );
    assert_eq!(
        id.client_id.as_deref(),
        Some("fe83865b-495e-4ec7-9574-12b264882c9f")
    );
    assert_eq!(
        id.principal_id.as_deref(),
        Some("456c2479-292c-4370-91b1-e4ea30ca5132")
    );
    assert!(
        id.summary
            .contains("system-assigned identity of virtual machine 'xiangyan'"),
        "{}",
        id.summary
    );
    assert_eq!(
        t.managed_identity.as_ref().unwrap().certainty,
        Certainty::Certain
    );
    let mi = a.finding(Code::TokenManagedIdentity).unwrap();
    assert_eq!(
        (mi.severity, mi.title.as_str()),
        (Severity::Info, "System-assigned managed identity")
    );

    let e = t.entra.as_ref().unwrap();
    assert_eq!(e.token_use, TokenUse::AppOnly);
    assert_eq!(e.client_auth, Some("certificate or managed identity"));
    assert!(e.cloud.unwrap().contains("public"));
    assert_eq!(e.audience_service, Some("Azure Resource Manager"));
    assert_eq!(
        e.jwks_uri.as_deref(),
        Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys")
    );
    // aud has no trailing slash: the note says the documented form has one.
    assert!(claim(&a, "aud").notes[0].contains("https://management.azure.com/"));
    // Times: iat 1643226061, exp 1643312761, a 24-hour lifetime.
    assert_eq!(t.lifetime.lifetime_seconds, Some(86_700));
    assert_eq!(
        claim(&a, "exp").time.as_ref().unwrap().utc,
        "2022-01-27T19:46:01Z"
    );
    assert_eq!(
        claim(&a, "xms_tcdt").time.as_ref().unwrap().utc,
        "2010-11-08T18:39:07Z"
    );
    // Every claim of this token is in the catalogue.
    assert!(
        t.claims.iter().all(|c| c.known),
        "{:?}",
        t.claims
            .iter()
            .filter(|c| !c.known)
            .map(|c| &c.name)
            .collect::<Vec<_>>()
    );
}

#[test]
fn user_assigned_identity_names_the_identity_resource() {
    // Azure/azure-sdk-for-python azure-identity recording test_user_assigned.json.
    let a = run(&sample("jwt-imds-user-mirid-uami"));
    let id = a.token.as_ref().unwrap().identity.clone().unwrap();
    assert_eq!(id.assignment, Assignment::User);
    assert_eq!(id.resource.name.as_deref(), Some("xymsi"));
    assert!(id.resource.is_user_assigned_identity());
    assert_eq!(
        a.finding(Code::TokenManagedIdentity).unwrap().title,
        "User-assigned managed identity"
    );
}

#[test]
fn entra_docs_v1_sample_is_a_user_token_with_edited_tenant_and_cut_signature() {
    // MicrosoftDocs/entra-docs access-tokens.md v1.0 sample: iss tenant GUID has 11 digits in its
    // last group and differs from tid; the signature is truncated to 19 characters.
    let a = run(&sample("jwt-entra-docs-v1-sample"));
    let t = a.token.as_ref().unwrap();
    let e = t.entra.as_ref().unwrap();
    assert_eq!(e.token_use, TokenUse::Delegated);
    assert_eq!(e.scopes, ["user_impersonation"]);
    assert_eq!(e.client_auth, Some("public client (no credential)"));
    assert!(t.managed_identity.is_none() && t.identity.is_none());
    let mismatch = a.finding(Code::TokenIssuerTenantMismatch).unwrap();
    assert!(
        mismatch
            .detail
            .contains("fa15d692-e9c7-4460-a743-29f29522229, is not a well-formed GUID"),
        "{}",
        mismatch.detail
    );
    let sig = a.finding(Code::TokenSignatureLength).unwrap();
    assert_eq!(sig.title, "The signature is 14 bytes, too short for RS256");
    assert!(claim(&a, "amr").known && claim(&a, "ipaddr").known);
}

#[test]
fn entra_docs_v2_sample_reads_azp_and_version() {
    // MicrosoftDocs/entra-docs access-tokens.md v2.0 sample.
    let a = run(&sample("jwt-entra-docs-v2-sample"));
    let e = a.token.as_ref().unwrap().entra.clone().unwrap();
    assert_eq!(
        (e.version.as_deref(), e.version_from),
        (Some("2.0"), Some("ver claim"))
    );
    assert_eq!(
        e.client_id.as_deref(),
        Some("6e74172b-be56-4843-9ff4-e66a39bb12e3")
    );
    assert_eq!(e.cloud, Some("Azure public cloud"));
    assert_eq!(e.token_use, TokenUse::Delegated);
}

#[test]
fn msal_net_fixture_with_a_placeholder_signature() {
    // AzureAD/microsoft-authentication-library-for-dotnet MockHelpers.cs: signature "no_signature".
    let a = run(&sample("jwt-msal-net-idtoken-no-signature"));
    let e = a.token.as_ref().unwrap().entra.clone().unwrap();
    assert!(e.cloud.unwrap().contains("pre-production"));
    assert_eq!(e.audience_service, Some("Azure DevOps"));
    assert_eq!(e.directory_roles[0].name, Some("Directory Readers"));
    assert_eq!(e.directory_roles[1].name, None);
    assert_eq!(
        a.finding(Code::TokenSignatureLength).unwrap().title,
        "The signature is 9 bytes, too short for RS256"
    );
}

#[test]
fn rfc_7515_a1_keeps_key_order_and_shows_unknown_claims() {
    let a = run(A1);
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.form, Form::Jws);
    let header_keys: Vec<&String> = t
        .header
        .as_ref()
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(header_keys, ["typ", "alg"]);
    let custom = claim(&a, "http://example.com/is_root");
    assert!(!custom.known && custom.meaning.is_none());
    assert_eq!(custom.value, json!(true));
    assert_eq!(
        claim(&a, "exp").time.as_ref().unwrap().utc,
        "2011-03-22T18:43:00Z"
    );
    assert!(t.entra.is_none());
    assert_eq!(codes(&a), ["token.expired"]);
}

#[test]
fn rfc_7515_a2_rs256_has_a_full_length_signature() {
    let a = run(&sample("jwt-rfc7515-a2-rs256"));
    assert_eq!(a.token.as_ref().unwrap().parts[2].decoded_bytes, 256);
    assert!(a.finding(Code::TokenSignatureLength).is_none());
}

#[test]
fn repairs_are_reported_and_decode_to_the_same_token() {
    let cases: Vec<(String, Vec<&str>)> = vec![
        (format!("Bearer {A1}"), vec!["token.prefix-stripped"]),
        (format!("bEaReR {A1}"), vec!["token.prefix-stripped"]),
        (
            format!("Authorization: Bearer {A1}"),
            vec!["token.prefix-stripped"],
        ),
        (format!("\"{A1}\""), vec!["token.quotes-stripped"]),
        (
            format!("'Bearer {A1}',"),
            vec!["token.prefix-stripped", "token.quotes-stripped"],
        ),
        (
            sample("jwt-rfc7515-a1-display-linebreaks"),
            vec!["token.whitespace-removed"],
        ),
        (
            format!("  {}\r\n   {}  ", &A1[..50], &A1[50..]),
            vec!["token.whitespace-removed"],
        ),
    ];
    let reference = run(A1).token.unwrap();
    for (input, want) in cases {
        let a = run(&input);
        let t = a.token.as_ref().unwrap_or_else(|| panic!("{input}"));
        assert_eq!(t.compact, A1, "{input}");
        assert_eq!(t.payload, reference.payload, "{input}");
        for code in &want {
            let f = a
                .findings
                .iter()
                .find(|f| f.code.as_str() == *code)
                .unwrap_or_else(|| panic!("{code} for {input}"));
            assert_eq!(f.severity, Severity::Info);
        }
    }
}

#[test]
fn padded_and_standard_base64_decode_with_warnings() {
    // The real IMDS token re-encoded as padded standard base64, as some tools emit it.
    let real = sample("jwt-imds-system-mirid-vm");
    let reencoded: String = real
        .split('.')
        .map(|p| {
            let mut s: String = p
                .chars()
                .map(|c| match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                })
                .collect();
            while s.len() % 4 != 0 {
                s.push('=');
            }
            s
        })
        .collect::<Vec<_>>()
        .join(".");
    assert!(reencoded.contains('/') || reencoded.contains('+'));
    let a = run(&reencoded);
    let reference = run(&real).token.unwrap();
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.payload, reference.payload);
    assert_eq!(t.identity, reference.identity);
    let padded = a.finding(Code::TokenPaddedBase64).unwrap();
    assert_eq!(padded.severity, Severity::Warning);
    assert!(a.finding(Code::TokenStandardBase64).is_some());
}

#[test]
fn broken_parts_are_located_and_the_rest_still_decodes() {
    let a = run("eyJhbGciOiJIUzI1NiJ9.eyJpc3Mi$OiJqb2UifQ.c2ln");
    let bad = a.finding(Code::TokenBadBase64).unwrap();
    let place = bad.place.as_ref().unwrap();
    assert_eq!(
        (place.segment, place.segment_offset, place.character),
        (Some(2), Some(8), Some('$'))
    );
    assert!(
        bad.detail.contains("'$' (U+0024) at offset 8"),
        "{}",
        bad.detail
    );
    assert_eq!(
        a.token.as_ref().unwrap().header.as_ref().unwrap()["alg"],
        "HS256"
    );
    assert_eq!(
        a.token.as_ref().unwrap().payload_text.as_deref(),
        Some("{\"iss\"")
    );

    // A wrapped paste: the place is reported in the text as pasted (line 2).
    let a = run("eyJhbGciOiJIUzI1NiJ9.\neyJpc3Mi*OiJqb2UifQ.c2ln");
    let place = a
        .finding(Code::TokenBadBase64)
        .unwrap()
        .place
        .clone()
        .unwrap();
    assert_eq!((place.line, place.column), (Some(2), Some(9)));

    // A length no base64 can have.
    let a = run(&format!(
        "{}.{}x.c2ln",
        b64("{\"alg\":\"HS256\"}"),
        b64("{\"abc\":1}")
    ));
    assert!(a
        .finding(Code::TokenBadBase64)
        .unwrap()
        .detail
        .contains("one more than a multiple of 4"));
}

#[test]
fn wrong_segment_counts() {
    // lua-jwt spec: the unsecured RFC 7519 token without its trailing dot.
    let a = run(&sample("jwt-unsecured-missing-trailing-dot"));
    assert!(a
        .finding(Code::TokenBadSegmentCount)
        .unwrap()
        .detail
        .contains("lacks the final dot"));
    assert!(a.finding(Code::TokenUnsigned).is_some());
    assert_eq!(
        a.token.as_ref().unwrap().payload.as_ref().unwrap()["iss"],
        "joe"
    );

    // garyf/jwt_claims_ex README: four parts; joining 2 and 3 restores the payload.
    let a = run(&sample("jwt-four-segments-wrapped-payload"));
    let f = a.finding(Code::TokenBadSegmentCount).unwrap();
    assert!(f.title.contains("stray dot"), "{}", f.title);
    assert_eq!(
        a.token.as_ref().unwrap().payload.as_ref().unwrap()["http://example.com/is_root"],
        true
    );

    let a = run(&b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
    assert_eq!(
        a.finding(Code::TokenBadSegmentCount).unwrap().title,
        "1 part instead of 3"
    );
}

#[test]
fn unsecured_detached_and_non_json_payloads() {
    // RFC 7519 §6.1: alg none.
    let a = run(&sample("jwt-rfc7519-unsecured-alg-none"));
    assert_eq!(a.token.as_ref().unwrap().form, Form::Unsecured);
    assert_eq!(
        a.finding(Code::TokenUnsigned).unwrap().severity,
        Severity::Warning
    );
    // RFC 7520 §4.5: detached content.
    let a = run(&sample("jwt-rfc7520-detached-payload"));
    assert!(a.finding(Code::TokenDetachedPayload).is_some());
    assert_eq!(
        a.token.as_ref().unwrap().header.as_ref().unwrap()["kid"],
        "018c0ae5-4d9b-471b-bfd6-eef314bc7037"
    );
    // RFC 7520 §4.1: the payload is a sentence with U+2019.
    let a = run(&sample("jwt-rfc7520-rs256-nonjson-payload"));
    assert!(a.finding(Code::TokenPayloadNotJson).is_some());
    assert!(a
        .token
        .as_ref()
        .unwrap()
        .payload_text
        .as_deref()
        .unwrap()
        .starts_with("It\u{2019}s a dangerous business, Frodo"));
    assert!(!a.has_errors());
}

#[test]
fn an_encrypted_token_shows_its_header_only() {
    // RFC 7516 Appendix A.3.
    let jwe = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ";
    let a = run(jwe);
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.form, Form::Jwe);
    assert_eq!(t.header.as_ref().unwrap()["enc"], "A128CBC-HS256");
    assert!(t.payload.is_none());
    assert_eq!(t.parts.len(), 5);
    let f = a.finding(Code::TokenEncrypted).unwrap();
    assert!(
        f.detail.contains("A128CBC-HS256") && f.detail.contains("40 / 16 / 32 / 16 bytes"),
        "{}",
        f.detail
    );
}

#[test]
fn nested_tokens_are_decoded_too() {
    let outer = format!("{}.{}.", b64("{\"alg\":\"none\",\"cty\":\"JWT\"}"), b64(A1));
    let a = run(&outer);
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.nested.len(), 1);
    assert_eq!(t.nested[0].found_in, "payload");
    assert_eq!(t.nested[0].token.payload.as_ref().unwrap()["iss"], "joe");
    assert!(a.finding(Code::TokenNested).is_some());

    let with_claim = token(
        "{\"alg\":\"HS256\"}",
        &format!("{{\"sub\":\"x\",\"actor_token\":\"{A1}\"}}"),
    );
    let a = run(&with_claim);
    let n = &a.token.as_ref().unwrap().nested;
    assert_eq!(n[0].found_in, "claim actor_token");
    assert!(n[0].findings.iter().any(|f| f.code == Code::TokenExpired));
}

#[test]
fn time_findings_follow_now() {
    let t = token(
        "{\"alg\":\"HS256\"}",
        "{\"iat\":1000,\"nbf\":1000,\"exp\":4600}",
    );
    assert!(analyze(&t, &Context::at(2000)).findings.is_empty());
    let soon = analyze(&t, &Context::at(4400));
    assert_eq!(
        soon.finding(Code::TokenExpiresSoon).unwrap().title,
        "Expires in 3 min 20 s"
    );
    let early = analyze(&t, &Context::at(400));
    assert_eq!(
        early.finding(Code::TokenNotYetValid).unwrap().severity,
        Severity::Error
    );

    let ms = token(
        "{\"alg\":\"HS256\"}",
        "{\"iat\":1643226061000,\"exp\":1643312761000}",
    );
    let a = analyze(&ms, &Context::at(1_643_300_000));
    assert!(a
        .finding(Code::TokenMsTimestamps)
        .unwrap()
        .detail
        .starts_with("iat, exp hold milliseconds"));
    assert_eq!(
        a.token.as_ref().unwrap().lifetime.expires_at,
        Some(1_643_312_761)
    );
    assert!(a.finding(Code::TokenExpired).is_none());

    // Local time follows the viewer's offset.
    let a = analyze(
        A1,
        &Context {
            now: NOW,
            utc_offset_minutes: 120,
        },
    );
    assert_eq!(
        claim(&a, "exp").time.as_ref().unwrap().local,
        "2011-03-22 20:43:00 (UTC+02:00)"
    );
}

#[test]
fn graph_nonce_group_overage_and_directory_roles() {
    let t = token(
        "{\"typ\":\"JWT\",\"nonce\":\"abc\",\"alg\":\"RS256\"}",
        "{\"aud\":\"https://graph.microsoft.com\",\"iss\":\"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\",\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"ver\":\"1.0\",\"scp\":\"User.Read Mail.Read\",\"upn\":\"a@b.c\",\"wids\":[\"62e90394-69f5-4237-9190-012177145e10\"],\"_claim_names\":{\"groups\":\"src1\"},\"_claim_sources\":{\"src1\":{\"endpoint\":\"https://graph.windows.net/x/users/y/getMemberObjects\"}}}",
    );
    let a = run(&t);
    assert_eq!(
        a.finding(Code::TokenUnverifiableNonce).unwrap().severity,
        Severity::Info
    );
    assert!(a.finding(Code::TokenGroupOverage).is_some());
    let e = a.token.as_ref().unwrap().entra.clone().unwrap();
    assert_eq!(e.scopes, ["User.Read", "Mail.Read"]);
    assert_eq!(e.directory_roles[0].name, Some("Global Administrator"));
    assert_eq!(e.audience_service, Some("Microsoft Graph"));
    assert!(claim(&a, "wids").notes[0].contains("Global Administrator"));
}

#[test]
fn likely_managed_identity_without_xms_mirid() {
    // An MI token for a third-party audience carries no xms_mirid: the verdict is "likely".
    let t = token(
        "{\"alg\":\"RS256\"}",
        "{\"aud\":\"api://my-api\",\"iss\":\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0\",\"tid\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"azp\":\"fe83865b-495e-4ec7-9574-12b264882c9f\",\"azpacr\":\"2\",\"idtyp\":\"app\",\"oid\":\"456c2479-292c-4370-91b1-e4ea30ca5132\",\"sub\":\"456c2479-292c-4370-91b1-e4ea30ca5132\",\"ver\":\"2.0\"}",
    );
    let a = run(&t);
    let v = a.token.as_ref().unwrap().managed_identity.clone().unwrap();
    assert_eq!(v.certainty, Certainty::Likely);
    let f = a.finding(Code::TokenManagedIdentity).unwrap();
    assert_eq!(f.title, "Probably a managed identity");
    assert!(f.detail.contains("first-party"));
    assert!(a.token.as_ref().unwrap().identity.is_none());
}

#[test]
fn inputs_that_are_not_tokens() {
    assert_eq!(run("").kind, Kind::Empty);
    assert_eq!(
        run(" \n\t ").finding(Code::InputEmpty).unwrap().severity,
        Severity::Info
    );
    let a = run("hello world, this is not a token");
    assert_eq!(a.kind, Kind::Unknown);
    assert!(a.finding(Code::InputNotRecognized).is_some());
    assert!(run("abc.def.ghi").finding(Code::TokenNotAJwt).is_some());

    // A token inside a log line is found and decoded.
    let a = run(&format!(
        "2024-05-01T10:00:00Z DEBUG sending Authorization=Bearer {A1} to https://example"
    ));
    assert_eq!(a.kind, Kind::Jwt);
    assert!(a.finding(Code::TokenExtracted).is_some());
    assert_eq!(a.token.as_ref().unwrap().compact, A1);

    // A docs sample cut with an ellipsis.
    let a = run("\"eyJ0eXAi…\"");
    assert!(a.finding(Code::TokenTruncated).is_some());
    assert_eq!(a.kind, Kind::Jwt);
}

#[test]
fn huge_inputs_are_cut_not_refused() {
    let big = format!("{A1}{}", " ".repeat(1024 * 1024));
    let a = run(&big);
    assert!(a.finding(Code::InputTooLarge).is_some());
    assert_eq!(a.token.as_ref().unwrap().compact, A1);
}

#[test]
fn a_token_a_terminal_wrapped_inside_a_log_is_joined_whole() {
    // `curl -v` prints `> Authorization: Bearer <token>` on one line; copied out of a terminal
    // that wrapped it, the token continues on the next lines with no prefix (issue 14, point 12:
    // "2 parts instead of 3" though the token is whole). The token is the azure-sdk-for-python
    // IMDS recording's (real-world record jwt-imds-user-mirid-uami).
    let token = sample("jwt-imds-user-mirid-uami");
    let wrap = |width: usize| -> String {
        let line = format!("> Authorization: Bearer {token}");
        let chars: Vec<char> = line.chars().collect();
        chars
            .chunks(width)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for width in [80, 120, 200] {
        let log = format!(
            "*   Trying 10.0.0.4:443...\n> GET /secrets/db?api-version=7.4 HTTP/1.1\n> Host: contoso.vault.azure.net\n{}\n> User-Agent: curl/8.5.0\n> Accept: */*\n",
            wrap(width)
        );
        let a = run(&log);
        let t = a.token.as_ref().unwrap();
        assert_eq!(t.compact, token, "width {width}");
        assert_eq!(t.form, Form::Jws, "width {width}");
        assert!(
            !codes(&a).contains(&"token.bad-segment-count"),
            "{:?}",
            codes(&a)
        );
        assert!(
            !codes(&a).contains(&"token.signature-length"),
            "{:?}",
            codes(&a)
        );
        assert!(
            codes(&a).contains(&"token.whitespace-removed"),
            "{:?}",
            codes(&a)
        );
    }
    // A word on the line after a whole token in a log is not part of it.
    let a = run(&format!(
        "> GET / HTTP/1.1\n> Authorization: Bearer {token}\nOK\n"
    ));
    assert_eq!(a.token.unwrap().compact, token);
}

#[test]
fn an_expired_token_is_told_to_go_back_to_its_own_issuer() {
    // RFC 7515 A.1 (iss "joe"): not Entra's, so the managed-identity SDK advice does not apply
    // (issue 14.11); the azure-identity IMDS recording's token gets it.
    let rfc = run(A1);
    let fix = rfc
        .finding(Code::TokenExpired)
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert!(!fix.contains("Managed-identity"), "{fix}");
    assert!(fix.contains("issuer"), "{fix}");
    let mi = run(&sample("jwt-imds-user-mirid-uami"));
    let fix = mi.finding(Code::TokenExpired).unwrap().fix.clone().unwrap();
    assert!(
        fix.contains("Managed-identity SDKs do this for you"),
        "{fix}"
    );
}

#[test]
fn a_finding_a_card_shows_is_not_listed_again() {
    // Issue 14.3: the identity sentence was the token.managed-identity finding and the identity
    // card. The azure-identity recording's user-assigned token has the card.
    let a = run(&sample("jwt-imds-user-mirid-uami"));
    assert!(a.finding(Code::TokenManagedIdentity).is_some());
    let listed: Vec<&str> = a
        .listed_findings()
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert!(!listed.contains(&"token.managed-identity"), "{listed:?}");
    assert!(listed.contains(&"token.expired"), "{listed:?}");
}
