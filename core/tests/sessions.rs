//! A whole troubleshooting session in one paste: every record of tests/fixtures/sessions.jsonl
//! (CI logs, shell transcripts, exception dumps and issue comments, each naming its source) gets
//! the parts its lines hold, or, when it holds one thing (an exchange, a chain with its own
//! requests) or the kinds it holds have no recogniser on this branch yet (federated credentials,
//! issue 12), the analysis of that one thing. Cross-part findings are
//! checked on pastes put together from real samples. Property tests: splitting never panics and
//! never loses a line, and a paste with one thing is analysed as before.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::analysis::recognizers::PartKind;
use mi_core::analysis::session;
use mi_core::azure::platforms;
use mi_core::request::TokenRequest;
use mi_core::snippets::{render, Target};
use mi_core::{analyze, Analysis, Code, Context, Kind};
use proptest::prelude::*;

use PartKind::{AccessError, MiError, MiResponse, Request};

const NOW: i64 = 1_700_000_000;

fn run(input: &str) -> Analysis {
    analyze(input, &Context::at(NOW))
}

/// The parts that are not log noise, as (kind, first line, last line).
fn analysed_parts(a: &Analysis) -> Vec<(PartKind, usize, usize)> {
    a.parts
        .iter()
        .filter(|p| p.kind != PartKind::LogNoise)
        .map(|p| (p.kind, p.lines[0], p.lines[1]))
        .collect()
}

enum Expected {
    /// A session with these parts (log noise aside).
    Session(&'static [(PartKind, usize, usize)]),
    /// One thing, analysed whole as this kind.
    Whole(Kind),
}

const EXPECTED: &[(&str, Expected)] = &[
    // A shell transcript: curl -I to IMDS's root (HEAD, no route: IIS's 400), curl -Iv (its `*`
    // and `>` lines, then the `<` response with the copies -I prints), https (interrupted), two
    // commands whose unquoted & backgrounded them (the job lines [1] 12060 and "[1]+ Done curl
    // … ?api-version=2021-01-01" show the cut URL), and IMDS's "Required metadata header".
    (
        "aks-node-curl-imds-unquoted-ampersand-no-metadata-header",
        Expected::Session(&[
            (Request, 1, 1),
            (MiError, 2, 6),
            (Request, 8, 16),
            (MiError, 17, 29),
            (Request, 31, 32),
            (Request, 34, 35),
            (MiError, 36, 41),
            (Request, 42, 42),
            (Request, 44, 45),
            (MiError, 46, 46),
            (Request, 47, 47),
        ]),
    ),
    // The issue template: az CLI's "Failed to connect to MSI … <Response [400]>" (lines 6-7) and,
    // under "Expected Behavior", the token response the reporter hoped for (lines 17-23). The
    // `az account get-access-token` command line is a CLI call, not a request to a token endpoint.
    (
        "azcli-cloudshell-get-access-token-admin-microsoft-400",
        Expected::Session(&[(MiError, 6, 7), (MiResponse, 17, 23)]),
    ),
    // Four strategies, each ending in Storage's 401 NoAuthenticationInformation (the access
    // errors). AzCopy's own "INFO: Login with identity succeeded" is no SDK credential chain, and
    // its `PUT https://…blob.core.windows.net/test` lines are calls to Storage, not token requests.
    (
        "azcopy-login-identity-then-unknown-auth-401-noauthinfo",
        Expected::Session(&[
            (AccessError, 8, 15),
            (AccessError, 24, 31),
            (AccessError, 39, 46),
            (AccessError, 74, 81),
        ]),
    ),
    // kubectl's Events table; the one event that matters (line 6) holds NMI's 404 body.
    (
        "csi-podid-events-nmi-404-created-state-16-attempts",
        Expected::Whole(Kind::MiError),
    ),
    // azure/login's inputs are action inputs, not variables; the federated credential lines are
    // issue 12's kind (not on this branch), and Entra's AADSTS700213 is a sign-in error, not a
    // resource's refusal (the access reader leaves it): the error is read whole.
    (
        "gha-azure-login-oidc-env-dev-aadsts700213",
        Expected::Whole(Kind::MiError),
    ),
    // Azure ML's 500 "DefaultIdentity is null" under azcore's request line.
    (
        "go-blobfuse-azureml-resid-warning-500-defaultidentity-null",
        Expected::Whole(Kind::MiError),
    ),
    // @azure/identity's log: the request it sends to IMDS (line 8), core-http's dump of it
    // (lines 9-30), and the 400 it got (lines 31-34).
    (
        "js-imds-ping-88-then-token-400-keyvault",
        Expected::Session(&[(Request, 8, 8), (Request, 9, 30), (MiError, 31, 34)]),
    ),
    // Kong's lua-resty chain is not one of the SDKs the chain reader knows; IMDS's "Identity not
    // found" on line 6 is the one thing.
    (
        "kong-lua-azure-chain-imds-client-id-identity-not-found",
        Expected::Whole(Kind::MiError),
    ),
    // The ARM call (line 2, which quotes NMI's 404) and the MSI endpoint (line 3): one setup.
    (
        "podid-demo-arm-refresh-404-nmi-assigned-state",
        Expected::Whole(Kind::Request),
    ),
    // NMI's own log: its 404 for the pod (lines 12-13); the 200 for /metadata/instance is a log line.
    (
        "podid-nmi-startup-then-404-context-canceled-100s",
        Expected::Whole(Kind::MiError),
    ),
    // App Service's "No User Assigned or Delegated Managed Identity found", logged twice.
    (
        "py-appservice-mi-client-id-no-user-assigned-identity-found",
        Expected::Whole(Kind::MiError),
    ),
    // One DefaultAzureCredential message: its credentials' lines (azd's JSON included) are the
    // chain's, not parts of their own.
    (
        "py-dac-report-azd-refresh-token-inactive-aadsts700082",
        Expected::Whole(Kind::CredentialChain),
    ),
    // msrestazure's log, wrapped by Rich: the POST it describes (lines 1-7) and its failure.
    (
        "py-msrestazure-containerapps-msi-post-rich-wrapped",
        Expected::Session(&[(Request, 1, 7), (MiError, 8, 10)]),
    ),
    // ChainedTokenCredential with its IMDS request and IMDS's answer: one chain.
    (
        "tf-azapi-chained-imds-identity-not-found-hosted-agent",
        Expected::Whole(Kind::CredentialChain),
    ),
    // Vault's 500 ("compact JWS format must have three parts") is Vault's, not an Azure
    // resource's refusal the access reader knows, and jwt="null" is no token.
    (
        "vault-azure-login-jwt-null-from-imds-jq",
        Expected::Whole(Kind::Unknown),
    ),
];

#[test]
fn every_session_sample_gets_its_parts() {
    let records = common::sessions();
    assert_eq!(records.len(), EXPECTED.len());
    for r in records {
        let (_, want) = EXPECTED
            .iter()
            .find(|(id, _)| *id == r.id)
            .unwrap_or_else(|| panic!("no expectation for {}", r.id));
        let a = run(&r.input);
        match want {
            Expected::Session(parts) => {
                assert_eq!(a.kind, Kind::Session, "{}", r.id);
                assert_eq!(analysed_parts(&a), *parts, "{}", r.id);
                // Each analysed part carries its own report; noise carries none.
                for p in &a.parts {
                    assert_eq!(
                        p.analysis.is_some(),
                        p.kind != PartKind::LogNoise,
                        "{}",
                        r.id
                    );
                }
                assert!(a.finding(Code::InputSession).is_some(), "{}", r.id);
            }
            Expected::Whole(kind) => {
                assert_eq!(a.kind, *kind, "{}", r.id);
                assert!(a.parts.is_empty(), "{}", r.id);
            }
        }
    }
}

#[test]
fn the_shell_transcript_names_the_unquoted_ampersand_first() {
    let a = run(&common::any_sample(
        "aks-node-curl-imds-unquoted-ampersand-no-metadata-header",
    ));
    let codes: Vec<Code> = a.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [
            Code::RequestAmpersandUnquoted,
            Code::RequestAmpersandUnquoted,
            Code::InputSession
        ]
    );
    assert!(a.findings[0].title.contains("lines 34–35"));
    // The last part is IMDS naming the missing header.
    let error = a.parts.iter().rfind(|p| p.kind == MiError).unwrap();
    assert!(error
        .analysis
        .as_ref()
        .unwrap()
        .finding(Code::ErrorMissingMetadataHeader)
        .is_some());
}

#[test]
fn a_paste_with_one_thing_is_analysed_as_before() {
    // Every real-world sample is one thing: none is a session, and each is what it always was.
    for r in common::real_world() {
        let a = run(&r.input);
        assert_ne!(a.kind, Kind::Session, "{}", r.id);
        assert!(a.parts.is_empty(), "{}", r.id);
    }
    // Each credential-chain sample stays one chain, its IMDS request included.
    for r in common::credential_chains() {
        assert_eq!(run(&r.input).kind, Kind::CredentialChain, "{}", r.id);
    }
    // Each access-error sample stays one refusal, however many blocks it is told in (the
    // exception, then its status and headers; the message, then the exception carrying it).
    for r in common::access_errors() {
        assert_eq!(run(&r.input).kind, Kind::AccessError, "{}", r.id);
    }
}

#[test]
fn a_token_cut_by_blank_lines_is_one_token_and_two_tokens_stay_two() {
    // RFC 7515 A.1's token, with a blank line (as a mail or a wrapped terminal leaves one) inside
    // its header, inside its payload, and two of them in its signature.
    let token = common::sample("jwt-rfc7515-a1-hs256");
    let cut = |at: &[usize], gap: &str| {
        let mut t = token.clone();
        for &i in at.iter().rev() {
            t.insert_str(i, gap);
        }
        t
    };
    for pasted in [
        cut(&[16], "\n\n"),
        cut(&[3, 60], "\r\n\r\n"),
        cut(&[100], "\n \n\n"),
        cut(&[8, 170], "\n\n"),
    ] {
        let a = run(&pasted);
        assert_eq!(a.kind, Kind::Jwt, "{pasted:?}");
        assert_eq!(a.token.unwrap().compact, token, "{pasted:?}");
    }
    // The same token twice, the second as the RFC displays it (dots on lines of their own), and
    // two different tokens: a blank line between two whole tokens still parts them.
    let display = common::sample("jwt-rfc7515-a1-display-linebreaks");
    let other = common::real_world()
        .into_iter()
        .find(|r| r.kind == "jwt" && r.input != token && !r.input.contains(char::is_whitespace))
        .unwrap()
        .input;
    for pasted in [
        format!("{token}\n\n{display}"),
        format!("{token}\n\n{other}"),
    ] {
        let a = run(&pasted);
        assert_eq!(a.kind, Kind::Session, "{pasted:?}");
        let kinds: Vec<PartKind> = analysed_parts(&a).iter().map(|p| p.0).collect();
        assert_eq!(kinds, [PartKind::Jwt, PartKind::Jwt], "{pasted:?}");
    }
}

#[test]
fn a_program_is_one_thing_whatever_its_comments_and_strings_quote() {
    // Every program the snippet view writes, for every platform: the Arc ones quote
    // `WWW-Authenticate: Basic realm=` and `azcmagent` in comments and strings, which read alone
    // look like Arc's errors. A program is analysed whole, as the request it sends.
    for spec in platforms::SPECS {
        let request = TokenRequest::new(spec.platform, "https://vault.azure.net");
        for target in Target::ALL {
            let Ok(program) = render(&request, *target) else {
                continue;
            };
            let a = run(&program);
            assert_ne!(a.kind, Kind::Session, "{:?} {:?}", spec.platform, target);
        }
    }
}

#[test]
fn an_answer_s_head_and_body_and_a_listing_s_last_row_stay_one_answer() {
    // ../shared/seed: an article's App Service response, its status line and header, a blank
    // line, then five lines without braces.
    let http = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\"access_token\": \"eyJ0eXAi…\",\n\"expires_on\": \"1586984735\",\n\"resource\": \"\",\n\"token_type\": \"Bearer\",\n\"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"";
    assert_eq!(run(http).kind, Kind::MiResponse);
    // Microsoft Learn (Office 365 Management Activity API): Invoke-RestMethod's list output, whose
    // last row, `access_token : eyJ…`, reads alone as a token.
    let list = "token_type     : Bearer\nexpires_in     : 3599\nexpires_on     : 1508285860\nresource       : https://manage.office.com\naccess_token   : eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6IjJLVmN1enFBaWRPTHFXU2FvbDd3Z0ZSR0NZbyIsImtpZCI6IjJLVmN1enFBaWRPTHFXU2FvbDd3Z0ZSR0NZbyJ9.eyJhdWQiOiJodHRwczov…";
    assert_eq!(run(list).kind, Kind::MiResponse);
    let layout = session::layout(list).unwrap();
    assert_eq!(layout, [(MiResponse, [1, 5])]);
}

#[test]
fn azure_client_id_against_the_token_and_the_requested_resource_against_its_audience() {
    // An App Service-style environment whose AZURE_CLIENT_ID is the VM identity's client ID
    // (fe83865b-…, from the system-assigned token's appid), a curl to IMDS for Key Vault
    // (azure-sdk-for-python#11346's shape), and the user-assigned token for ARM (azure-identity
    // recording, appid 2d5b9e3c-…).
    let env = "AZURE_CLIENT_ID=fe83865b-495e-4ec7-9574-12b264882c9f\nAZURE_TENANT_ID=72f988bf-86f1-41af-91ab-2d7cd011db47";
    let curl = r#"curl "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net&client_id=fe83865b-495e-4ec7-9574-12b264882c9f" -H Metadata:true"#;
    let text = format!(
        "{env}\n\n{curl}\n\n{}",
        common::sample("jwt-imds-user-mirid-uami")
    );
    let a = run(&text);
    assert_eq!(a.kind, Kind::Session);
    let env_finding = a
        .finding(Code::EnvClientIdNotToken)
        .expect("AZURE_CLIENT_ID vs appid");
    assert!(
        env_finding
            .detail
            .contains("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4"),
        "{}",
        env_finding.detail
    );
    let resource = a
        .finding(Code::RequestResourceDiffers)
        .expect("resource vs aud");
    assert!(
        resource.title.contains("https://vault.azure.net")
            && resource.title.contains("https://management.azure.com")
    );
    let selector = a
        .finding(Code::RequestSelectorNotToken)
        .expect("client_id vs token");
    assert!(selector.title.contains("xymsi"), "{}", selector.title);
    // Cross-part findings come before the overview.
    assert_eq!(a.findings.last().map(|f| f.code), Some(Code::InputSession));
}

#[test]
fn a_token_that_expired_before_a_later_error_in_the_log() {
    // The system-assigned IMDS token (exp 2022-01-27T19:46:01Z), then a log line a day later
    // with IMDS's "Required metadata header not specified" body.
    let text = format!(
        "{}\n2022-01-28T10:00:00Z ERROR {}",
        common::sample("jwt-imds-system-mirid-vm"),
        common::sample("err-imds-missing-metadata-recorded")
            .split_whitespace()
            .collect::<String>()
    );
    let a = run(&text);
    assert_eq!(a.kind, Kind::Session);
    let f = a
        .finding(Code::TokenExpiredBeforeError)
        .expect("the expiry before the error");
    assert!(
        f.detail.contains("2022-01-27T19:46:01Z") && f.detail.contains("14 h 13 min"),
        "{}",
        f.detail
    );
}

#[test]
fn a_chain_that_fell_back_to_imds_on_app_service() {
    // Python's "no response from the IMDS endpoint" (azure-cli#31648) under an App Service
    // environment listing (Kudu's NAME = value form).
    let text = format!(
        "WEBSITE_SITE_NAME = myapp\nWEBSITE_INSTANCE_ID = 6b2f\nAZURE_CLIENT_ID = 2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4\n\n{}",
        common::any_sample("py-dac-azcli-stderr-escaped-safelinks-imds-no-response")
    );
    let a = run(&text);
    assert_eq!(a.kind, Kind::Session);
    assert!(
        a.finding(Code::ChainMiSourceMismatch).is_some(),
        "{:?}",
        a.findings
    );
}

#[test]
fn answers_that_are_not_azure_are_named() {
    // AWS EC2's IMDS refusing a request without its session token (AWS re:Post knowledge
    // center, "401 - Unauthorized"), as an Arc machine in AWS gets it.
    let aws = "HTTP/1.1 401 Unauthorized\nContent-Type: text/html\nServer: EC2ws\n\n<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized</h1></body></html>";
    let a = run(aws);
    assert_eq!(a.kind, Kind::NotAzure);
    assert!(a.finding(Code::ResponseAwsMetadata).is_some());
    // msrestazure's POST to Container Apps' endpoint (microsoft/azure-container-apps#502's title).
    let a = run("Get Token request returned: <Response [405]>");
    assert_eq!(a.kind, Kind::MiError);
    assert!(a.finding(Code::ErrorMethodNotAllowed).is_some());
    // Squid's block page title.
    let a = run(
        "<html><head><title>ERROR: The requested URL could not be retrieved</title></head></html>",
    );
    assert!(a.finding(Code::ResponseProxyBlock).is_some());
}

/// Every line is in at most one part; the lines in none are blank or code fences; parts are in
/// order, within the paste.
fn check_layout(text: &str) -> Result<(), TestCaseError> {
    let Some(parts) = session::layout(text) else {
        return Ok(());
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut owner = vec![0usize; lines.len() + 1];
    let mut previous_end = 0;
    for (_, [first, last]) in &parts {
        prop_assert!(
            *first >= 1 && first <= last && *last <= lines.len(),
            "{parts:?}"
        );
        prop_assert!(
            *first > previous_end,
            "parts overlap or are out of order: {parts:?}"
        );
        previous_end = *last;
        for slot in owner.iter_mut().take(*last + 1).skip(*first) {
            *slot += 1;
        }
    }
    for (i, l) in lines.iter().enumerate() {
        let n = i + 1;
        prop_assert!(owner[n] <= 1);
        if owner[n] == 0 {
            let t = l.trim();
            prop_assert!(
                t.is_empty()
                    || t.starts_with("```")
                    || t.chars().all(|c| c.is_whitespace() || c == '\u{feff}'),
                "line {n} {l:?} is in no part: {parts:?}"
            );
        }
    }
    Ok(())
}

fn all_samples() -> Vec<String> {
    [
        common::sessions(),
        common::credential_chains(),
        common::real_world(),
        common::access_errors(),
        common::federation(),
    ]
    .into_iter()
    .flatten()
    .map(|r| r.input)
    .collect()
}

#[test]
fn no_sample_loses_a_line() {
    for text in all_samples() {
        check_layout(&text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Splitting never panics and never loses a line, on random text, on line-shaped noise, and
    /// on every sample cut and spliced with another.
    #[test]
    fn splitting_never_loses_a_line(s in any::<String>()) {
        check_layout(&s)?;
    }

    #[test]
    fn log_shaped_noise_never_loses_a_line(s in r"((2024-01-01T00:00:00Z |\[INFO\] |root@h:/# |  |\t|curl http://169\.254\.169\.254/x\?a=1&b=2|HTTP/1\.1 400 Bad|\{|\}|\[1\] 12|----|```|Events:|[a-z ]{1,8}|\n){0,60})") {
        check_layout(&s)?;
        let a = analyze(&s, &Context::at(NOW));
        prop_assert!(serde_json::to_string(&a).is_ok());
    }

    #[test]
    fn spliced_samples_never_lose_a_line(a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let samples = all_samples();
        let (x, y) = (a.get(&samples), b.get(&samples));
        let lines: Vec<&str> = x.lines().collect();
        let at = if lines.is_empty() { 0 } else { cut.index(lines.len()) };
        let text = format!("{}\n{}\n{}", lines[..at].join("\n"), y, lines[at..].join("\n"));
        check_layout(&text)?;
        let analysis = analyze(&text, &Context::at(NOW));
        prop_assert!(serde_json::to_string(&analysis).is_ok());
    }
}

#[test]
fn a_session_of_many_parts_counts_them_by_kind_instead_of_naming_each() {
    // A retry loop's log: the IMDS error of MicrosoftDocs/azure-docs#21322 and the curl request
    // that got it, 30 times, four lines a round (error on line 4i + 1, curl on line 4i + 3).
    let round = "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}\n\ncurl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net\"\n\n";
    let a = run(&round.repeat(30));
    let overview = a.finding(Code::InputSession).expect("input.session");
    assert_eq!(overview.title, "This paste holds 60 parts");
    assert!(
        overview.detail.starts_with(
            "Read one by one, as the list of parts shows: 30 errors from the token endpoint \
             (lines 1–117), 30 requests (lines 3–119)."
        ),
        "{}",
        overview.detail
    );
    // Ten rounds (20 parts) are still named one by one.
    let a = run(&round.repeat(10));
    let overview = a.finding(Code::InputSession).expect("input.session");
    assert!(
        overview.detail.starts_with(
            "Read one by one: an error from the token endpoint (line 1), a request (line 3), "
        ),
        "{}",
        overview.detail
    );
}
