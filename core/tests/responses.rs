//! Managed-identity token responses and error bodies, every shape on a real sample. Records named
//! by id come from tests/fixtures/real-world.jsonl, which names each one's source.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::sample;
use mi_core::response::expires_on::Format;
use mi_core::response::fields::CheckStatus;
use mi_core::response::{ResponseReport, Shape};
use mi_core::{analyze, Analysis, Code, Context, Kind, Platform, Severity};

/// 2026-01-01.
const NOW: i64 = 1_767_225_600;

fn run(input: &str) -> Analysis {
    analyze(input, &Context::at(NOW))
}

fn report(a: &Analysis) -> &ResponseReport {
    a.response.as_ref().expect("a response report")
}

fn field_check(a: &Analysis, name: &str) -> (CheckStatus, String) {
    let f = report(a)
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    let c = f
        .check
        .clone()
        .unwrap_or_else(|| panic!("no check on {name}"));
    (c.status, c.text)
}

#[test]
fn every_real_world_response_reads_its_expiry_resource_and_platform() {
    for r in common::real_world()
        .into_iter()
        .filter(|r| r.kind == "mi_response")
    {
        let a = run(&r.input);
        assert_eq!(a.kind, Kind::MiResponse, "{}", r.id);
        let rep = report(&a);
        if let Some(want) = r.expect.get("expires_on_epoch") {
            assert_eq!(
                rep.expires_on.as_ref().and_then(|e| e.epoch),
                want.as_i64(),
                "{}",
                r.id
            );
        }
        if let Some(want) = r.expect.get("resource").and_then(|v| v.as_str()) {
            assert_eq!(rep.resource.as_deref(), Some(want), "{}", r.id);
        }
        if let Some(want) = r.expect.get("client_id").and_then(|v| v.as_str()) {
            assert_eq!(rep.client_id.as_deref(), Some(want), "{}", r.id);
        }
        if r.expect.get("expires_on_malformed").is_some() {
            assert!(
                a.finding(Code::ResponseExpiresOnMalformed).is_some(),
                "{}",
                r.id
            );
        }
        assert!(a.platform.is_some(), "{}: no platform", r.id);
        assert!(rep.platform_reason.is_some(), "{}", r.id);
    }
}

#[test]
fn every_real_world_error_is_diagnosed_with_a_fix() {
    for r in common::real_world()
        .into_iter()
        .filter(|r| r.kind == "mi_error")
    {
        let a = run(&r.input);
        assert_eq!(a.kind, Kind::MiError, "{}", r.id);
        let e = report(&a).error.as_ref().unwrap();
        assert_ne!(e.code, Code::ErrorUnrecognized, "{}", r.id);
        assert!(!e.fix.is_empty() && !e.meaning.is_empty(), "{}", r.id);
        assert!(a.finding(e.code).is_some(), "{}", r.id);
        if let Some(want) = r.expect.get("platform").and_then(|v| v.as_str()) {
            let got = serde_json::to_value(a.platform).unwrap();
            if matches!(
                want,
                "imds" | "app_service" | "cloud_shell" | "service_fabric" | "azure_arc"
            ) && got != serde_json::Value::Null
            {
                assert_eq!(got, want, "{}", r.id);
            }
        }
    }
}

#[test]
fn imds_doc_sample_as_raw_http() {
    // MicrosoftDocs/entra-docs how-to-use-vm-token.md: no blank line after the headers, token cut to "eyJ0eXAi...".
    let a = run(&sample("resp-imds-doc-raw-http"));
    let rep = report(&a);
    assert_eq!(rep.shape, Shape::HttpResponse);
    assert_eq!(rep.http.as_ref().unwrap().status, Some(200));
    assert_eq!(a.platform, Some(Platform::Imds));
    assert_eq!(rep.expires_on.as_ref().unwrap().format, Format::EpochString);
    assert_eq!(rep.not_before, Some(1_506_480_273));
    let truncated = a.finding(Code::ResponseTokenTruncated).unwrap();
    assert_eq!(truncated.severity, Severity::Warning);
    // expires_in 3599 fits expires_on − not_before (3900): a token served 301 s after it was issued.
    let (status, text) = field_check(&a, "expires_in");
    assert_eq!(status, CheckStatus::Ok);
    assert!(
        text.contains("cached token 5 min 1 s after it was issued"),
        "{text}"
    );
    assert_eq!(field_check(&a, "refresh_token").0, CheckStatus::Ok);
    assert!(a.finding(Code::ResponseResourceTrailingSlash).is_none());
}

#[test]
fn real_imds_response_is_cross_checked_with_its_token() {
    // Azure/azure-sdk-for-python recording test_system_assigned_tenant_id.json.
    let a = run(&sample("resp-imds-recorded-system-real-jwt"));
    assert!(a.token.as_ref().unwrap().identity.is_some());
    assert_eq!(field_check(&a, "expires_on").0, CheckStatus::Ok);
    assert_eq!(field_check(&a, "not_before").0, CheckStatus::Ok);
    let (status, text) = field_check(&a, "client_id");
    assert_eq!(status, CheckStatus::Ok);
    assert!(
        text.contains("system-assigned identity's client ID"),
        "{text}"
    );
    let (_, text) = field_check(&a, "resource");
    assert!(text.contains("Equals the token's aud"), "{text}");
    // expires_in 86311 against a lifetime of 86700 s: served 389 s after issue.
    assert!(field_check(&a, "expires_in")
        .1
        .contains("6 min 29 s after it was issued"));
    assert_eq!(
        a.finding(Code::ResponseResourceTrailingSlash)
            .unwrap()
            .severity,
        Severity::Info
    );
    assert!(report(&a).notes.iter().any(|n| n.contains("24 hours")));
    assert!(report(&a)
        .notes
        .iter()
        .any(|n| n.contains("issued") && n.contains("ago")));
}

#[test]
fn sanitised_client_id_is_called_a_placeholder_not_a_mismatch() {
    // The user-assigned recording: the recorder replaced client_id with "client-id".
    let a = run(&sample("resp-imds-recorded-user-sanitized-clientid"));
    let f = a.finding(Code::ResponseClientIdPlaceholder).unwrap();
    assert!(
        f.detail.contains("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4"),
        "{}",
        f.detail
    );
    assert!(a.finding(Code::ResponseClientIdMismatch).is_none());
    for id in [
        "resp-appservice2019-issue-truncated-clientid",
        "resp-appservice2019-functions-redacted-clientid",
        "resp-appservice2017-linux-date",
    ] {
        assert!(
            run(&sample(id))
                .finding(Code::ResponseClientIdPlaceholder)
                .is_some(),
            "{id}"
        );
    }
}

#[test]
fn a_real_client_id_mismatch_and_an_edited_expiry_are_caught() {
    let edited = sample("resp-imds-recorded-system-real-jwt")
        .replace(
            "fe83865b-495e-4ec7-9574-12b264882c9f\"",
            "00000000-1111-2222-3333-444444444444\"",
        )
        .replace(
            "\"expires_on\": \"1643312761\"",
            "\"expires_on\": \"1643316361\"",
        );
    let a = run(&edited);
    let f = a.finding(Code::ResponseClientIdMismatch).unwrap();
    assert!(f.detail.contains("fe83865b-495e-4ec7-9574-12b264882c9f"));
    let m = a.finding(Code::ResponseExpiresOnMismatch).unwrap();
    assert_eq!(m.title, "expires_on differs from the token's exp by 1 h");
    assert!(m.detail.contains("time zone"), "{}", m.detail);
}

#[test]
fn app_service_2017_date_strings() {
    // MicrosoftDocs/azure-docs (2017): "09/14/2017 00:00:00 PM +00:00" is hour 00 with PM.
    let a = run(&sample("resp-appservice2017-doc-malformed-date"));
    let m = a.finding(Code::ResponseExpiresOnMalformed).unwrap();
    assert_eq!(m.severity, Severity::Error);
    assert!(
        m.detail.contains("12-hour clock")
            && m.detail.contains("azure-identity for Python rejects it"),
        "{}",
        m.detail
    );
    assert_eq!(report(&a).expires_on.as_ref().unwrap().epoch, None);
    assert_eq!(a.platform, Some(Platform::AppService2017));
    assert_eq!(
        serde_json::to_value(a.platform).unwrap(),
        "app_service_2017"
    );
    // microsoft/mssql-jdbc#1135: the Linux form broke the JDBC driver.
    let a = run(&sample("resp-appservice2017-linux-date"));
    let f = a.finding(Code::ResponseExpiresOnFormat).unwrap();
    assert!(
        f.title.contains("Linux date string") && f.detail.contains("mssql-jdbc"),
        "{}",
        f.detail
    );
    // Azure/azure-sdk-for-python#9393: only a key/value fragment, Windows form.
    let a = run(&sample("resp-appservice2017-windows-date-fragment"));
    assert_eq!(
        report(&a).expires_on.as_ref().unwrap().format,
        Format::WindowsDate
    );
    assert!(a
        .finding(Code::ResponseRepaired)
        .unwrap()
        .detail
        .contains("added the missing outer braces"));
    assert!(a.finding(Code::ResponseIncomplete).is_some());
}

#[test]
fn the_seed_articles_sample_is_read_and_its_mistakes_named() {
    // ../shared/seed: an article's App Service response sample, five lines without braces, with the
    // token cut to "eyJ0eXAi…" and an empty resource.
    let text = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\"access_token\": \"eyJ0eXAi…\",\n\"expires_on\": \"1586984735\",\n\"resource\": \"\",\n\"token_type\": \"Bearer\",\n\"client_id\": \"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"";
    let a = run(text);
    assert_eq!(a.kind, Kind::MiResponse);
    let repaired = a.finding(Code::ResponseRepaired).unwrap();
    assert_eq!(repaired.severity, Severity::Info);
    assert!(repaired.detail.contains("outer braces"));
    let cut = a.finding(Code::ResponseTokenTruncated).unwrap();
    assert!(
        cut.detail.contains("only the first 8 characters survived"),
        "{}",
        cut.detail
    );
    assert_eq!(
        a.finding(Code::ResponseResourceUnknown).unwrap().title,
        "resource is empty"
    );
    assert_eq!(
        report(&a).expires_on.as_ref().unwrap().utc.as_deref(),
        Some("2020-04-15T21:05:35Z")
    );
    assert!(field_check(&a, "client_id").1.contains("upper case"));
    assert_eq!(a.platform, Some(Platform::AppService));
}

#[test]
fn service_fabric_ml_and_container_apps_shapes() {
    // Service Fabric docs: numeric expires_on (and PowerShell ConvertTo-Json's two spaces after colons).
    let a = run(&sample("resp-servicefabric-doc-numeric"));
    assert_eq!(a.platform, Some(Platform::ServiceFabric));
    assert_eq!(
        report(&a).expires_on.as_ref().unwrap().format,
        Format::EpochNumber
    );
    // azidentity Go recording: Azure ML's integers.
    let a = run(&sample("resp-azureml-recorded-int"));
    assert_eq!(a.platform, Some(Platform::AzureMl));
    assert_eq!(report(&a).expires_in, Some(85_702));
    // Container Apps docs: the same body as App Service; the reason says so.
    let a = run(&sample("resp-containerapps-doc-raw-http"));
    assert!(report(&a)
        .platform_reason
        .as_deref()
        .unwrap()
        .contains("Container Apps"));
    // MSAL Python's mock: expires_on 12345 gets the MSAL .NET note.
    let a = run(&sample("resp-msal-python-appservice-int-12345"));
    assert!(report(&a)
        .expires_on
        .as_ref()
        .unwrap()
        .sdk_note
        .as_deref()
        .unwrap()
        .contains("978307200"));
    assert_eq!(
        a.finding(Code::ResponseTokenType).unwrap().severity,
        Severity::Info
    );
}

#[test]
fn a_store_url_as_resource_is_called_out() {
    // Azure/AppConfiguration#418: a pod-identity token for the store URL failed validation.
    let a = run(&sample("resp-imds-podidentity-curl"));
    assert_eq!(a.platform, Some(Platform::Imds));
    let f = a.finding(Code::ResponseResourceUnknown).unwrap();
    assert!(
        f.title.contains("App Configuration store's own URL"),
        "{}",
        f.title
    );
    assert_eq!(
        f.fix.as_deref(),
        Some("Request resource=https://appconfig.azure.com.")
    );
}

#[test]
fn scope_suffix_and_typos_in_resource() {
    let a = run(
        r#"{"access_token":"x","expires_on":"1700000000","resource":"https://vault.azure.net/.default","token_type":"Bearer"}"#,
    );
    assert_eq!(
        a.finding(Code::ResponseResourceScopeSuffix)
            .unwrap()
            .severity,
        Severity::Error
    );
    let a = run(
        r#"{"access_token":"x","expires_on":"1700000000","resource":"https://managements.azure.com","token_type":"Bearer"}"#,
    );
    assert!(a
        .finding(Code::ResponseResourceUnknown)
        .unwrap()
        .title
        .contains("did you mean https://management.azure.com/"));
    let a = run(
        r#"{"access_token":"x","expires_on":"1700000000","resource":"https://database.windows.net","token_type":"Bearer"}"#,
    );
    assert_eq!(
        a.finding(Code::ResponseResourceTrailingSlash)
            .unwrap()
            .severity,
        Severity::Warning
    );
}

#[test]
fn powershell_list_output() {
    // Microsoft Learn, "Troubleshooting the Office 365 Management Activity API": Invoke-RestMethod's
    // list output of an Entra token response (same fields as IMDS), the token cut with "…".
    let text = "token_type     : Bearer\nexpires_in     : 3599\next_expires_in : 0\nexpires_on     : 1508285860\nnot_before     : 1508281960\nresource       : https://manage.office.com\naccess_token   : eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6IjJLVmN1enFBaWRPTHFXU2FvbDd3Z0ZSR0NZbyIsImtpZCI6IjJLVmN1enFBaWRPTHFXU2FvbDd3Z0ZSR0NZbyJ9.eyJhdWQiOiJodHRwczov…";
    let a = run(text);
    let rep = report(&a);
    assert_eq!(rep.shape, Shape::PowershellList);
    assert_eq!(rep.expires_on.as_ref().unwrap().epoch, Some(1_508_285_860));
    assert_eq!(rep.expires_in, Some(3599));
    assert!(a.finding(Code::ResponseTokenTruncated).is_some());
    assert_eq!(field_check(&a, "expires_in").0, CheckStatus::Ok);
}

#[test]
fn az_cli_output_and_its_local_time() {
    // az account get-access-token output from a public blog post ("Building and Invoking AI Agents in
    // Azure AI Foundry's Agent Service via API"), with accessToken cut as the post itself quotes it.
    let text = "{\n  \"accessToken\": \"eyJ0eXAiOiJKV1QiLCJhb...\",\n  \"expiresOn\": \"2025-07-15 10:45:37.000000\",\n  \"expires_on\": 1752590737,\n  \"subscription\": \"f6ee3d28-3d48-4a04-a3cc-a88f6553d7ad\",\n  \"tenant\": \"16b3c013-d300-468d-ac64-7eda0820b6d3\",\n  \"tokenType\": \"Bearer\"\n}";
    let a = analyze(
        text,
        &Context {
            now: NOW,
            utc_offset_minutes: 60,
        },
    );
    let rep = report(&a);
    assert_eq!(rep.shape, Shape::AzCli);
    assert_eq!(a.platform, None);
    assert_eq!(rep.expires_on.as_ref().unwrap().format, Format::EpochNumber);
    // 10:45:37 local is 14:45:37Z: az ran at UTC-04:00.
    let (_, text) = field_check(&a, "expiresOn");
    assert!(text.contains("UTC-04:00"), "{text}");
    assert_eq!(field_check(&a, "tokenType").0, CheckStatus::Ok);
}

#[test]
fn imds_errors() {
    // azidentity Go recording: no Metadata header.
    let a = run(&sample("err-imds-missing-metadata-recorded"));
    let e = report(&a).error.clone().unwrap();
    assert_eq!(e.code, Code::ErrorMissingMetadataHeader);
    assert!(e.fix.contains("Metadata: true"));
    assert!(!e.retry.as_ref().unwrap().retryable);
    // MicrosoftDocs/azure-docs#21322 (PowerShell) and terraform-provider-azapi#669 (log lines).
    for id in [
        "err-imds-identity-not-found-powershell",
        "err-imds-identity-not-found-terraform-log",
    ] {
        let a = run(&sample(id));
        assert_eq!(
            report(&a).error.as_ref().unwrap().code,
            Code::ErrorIdentityNotFound,
            "{id}"
        );
        assert_eq!(a.platform, Some(Platform::Imds));
    }
    let a = run(
        r#"{"error":"invalid_request","error_description":"Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"}"#,
    );
    assert_eq!(
        report(&a).error.as_ref().unwrap().code,
        Code::ErrorMultipleIdentities
    );
}

#[test]
fn entra_passthrough_errors_name_the_resource_and_the_mistake() {
    // MSAL.NET MockHelpers: a permission name sent as the resource.
    let a = run(&sample("err-imds-aadsts500011-scope-userread"));
    let e = report(&a).error.clone().unwrap();
    assert_eq!(
        (e.code, e.resource.as_deref()),
        (Code::ErrorInvalidResource, Some("user.read"))
    );
    assert!(e.meaning.contains("permission (scope) name"));
    assert_eq!(e.aadsts, [500011]);
    assert_eq!(
        e.trace_id.as_deref(),
        Some("2dff494a-0226-4f41-8859-d9f560ca8903")
    );
    // MSAL.NET#3979: a typo, from log text.
    let a = run(&sample("err-imds-resource-typo-msal-log"));
    let e = report(&a).error.clone().unwrap();
    assert!(
        e.fix.contains("Did you mean https://management.azure.com/"),
        "{}",
        e.fix
    );
    assert_eq!(e.status, Some(400));
    assert_eq!(
        e.correlation_id.as_deref(),
        Some("9fa23f6b-f55c-4e1c-bd5f-9c3c68122ca4")
    );
    assert_eq!(e.timestamp.as_deref(), Some("2023-02-27 21:52:09Z"));
    // microsoft-identity-web#2796: "./default" appended, JSON cut off.
    let a = run(&sample("err-malformed-default-scope-truncated-json"));
    let e = report(&a).error.clone().unwrap();
    assert!(
        e.fix
            .contains("api://AzureADTokenExchange (without /.default)"),
        "{}",
        e.fix
    );
    // error_codes written as the string "[500011]" (MSAL.NET fixture).
    assert_eq!(
        report(&run(&sample("err-invalid-resource-placeholders")))
            .error
            .as_ref()
            .unwrap()
            .aadsts,
        [500011]
    );
    // Other AADSTS codes get their own explanation.
    for (code, name) in [
        (700016, "UnauthorizedClient_DoesNotMatchRequest"),
        (7000215, "InvalidClientSecret"),
        (70021, "NoMatchingFederatedIdentityRecord"),
        (90002, "InvalidTenantName"),
        (50001, ""),
    ] {
        let body = format!(
            r#"{{"error":"invalid_client","error_description":"AADSTS{code}: something","error_codes":[{code}]}}"#
        );
        let e = report(&run(&body)).error.clone().unwrap();
        if code == 50001 {
            assert_eq!(e.code, Code::ErrorInvalidResource);
        } else {
            assert_eq!(e.code, Code::ErrorAadsts);
            assert!(e.title.contains(name), "{}", e.title);
        }
    }
    let e = report(&run(
        r#"{"error":"x","error_description":"AADSTS9999999: new"}"#,
    ))
    .error
    .clone()
    .unwrap();
    assert!(e
        .fix
        .contains("https://login.microsoftonline.com/error?code=9999999"));
}

#[test]
fn app_service_service_fabric_cloud_shell_and_arc_errors() {
    // Azure/azure-sdk-for-net#43691: glued SDK exception text with headers.
    let a = run(&sample("err-appservice-unable-to-load-identity"));
    let rep = report(&a);
    assert_eq!(rep.shape, Shape::SdkException);
    assert_eq!(rep.http.as_ref().unwrap().header("Server"), Some("Kestrel"));
    let e = rep.error.as_ref().unwrap();
    assert_eq!(
        (e.code, e.status),
        (Code::ErrorUnableToLoadIdentity, Some(400))
    );
    assert_eq!(
        e.correlation_id.as_deref(),
        Some("bf68136a-73f7-4ca4-9903-9ee8af3ab2ee")
    );
    // MSAL.NET mock: a 500 from App Service is retryable.
    let e = report(&run(&sample("err-appservice-500-msal-mock")))
        .error
        .clone()
        .unwrap();
    assert_eq!(e.code, Code::ErrorAppService);
    assert!(e.retry.as_ref().unwrap().retryable);
    // MicrosoftDocs/azure-docs#53726: a Python dict printout.
    let e = report(&run(&sample(
        "err-appservice-unsupported-api-version-pydict",
    )))
    .error
    .clone()
    .unwrap();
    assert_eq!(e.code, Code::ErrorUnsupportedApiVersion);
    assert!(e.meaning.contains("2019-08-01") && e.fix.contains("2017-09-01"));
    // Service Fabric docs sample.
    let e = report(&run(&sample("err-servicefabric-secretheadernotfound")))
        .error
        .clone()
        .unwrap();
    assert_eq!(
        (e.code, e.title.as_str()),
        (
            Code::ErrorServiceFabric,
            "Service Fabric: SecretHeaderNotFound"
        )
    );
    assert!(e.fix.contains("Secret: $IDENTITY_HEADER"));
    // Cloud Shell: the allow-list is read out of the message (MSAL.NET mock).
    let e = report(&run(&sample("err-cloudshell-audience-allowlist")))
        .error
        .clone()
        .unwrap();
    assert_eq!(e.code, Code::ErrorAudienceNotSupported);
    assert!(e
        .supported_audiences
        .contains(&"https://management.azure.com/".to_string()));
    assert!(
        e.supported_audiences.len() >= 30,
        "{}",
        e.supported_audiences.len()
    );
    let e = report(&run(&sample("err-cloudshell-doc-fragment")))
        .error
        .clone()
        .unwrap();
    assert_eq!(e.resource.as_deref(), Some("https://newservice.azure.com/"));
    // Arc: the challenge value on its own, and a whole 401.
    let a = run(&sample("err-arc-challenge-realm-value"));
    let e = report(&a).error.clone().unwrap();
    assert_eq!(e.code, Code::ErrorArcChallenge);
    assert_eq!(
        a.finding(Code::ErrorArcChallenge).unwrap().severity,
        Severity::Info
    );
    assert!(e.meaning.contains("/path/to/secret.key") && e.meaning.contains("SDKs refuse"));
    let a = run("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=/var/opt/azcmagent/tokens/9a1c2e3f.key\nContent-Length: 0\n");
    let e = report(&a).error.clone().unwrap();
    assert_eq!(
        (e.code, a.platform),
        (Code::ErrorArcChallenge, Some(Platform::AzureArc))
    );
    assert!(e.retry.as_ref().unwrap().retryable);
    assert_eq!(
        report(&run(&sample("err-arc-keyfile-not-readable")))
            .error
            .as_ref()
            .unwrap()
            .code,
        Code::ErrorArcKeyFile
    );
}

#[test]
fn retry_advice_is_given_only_when_the_status_or_the_error_tells() {
    // Issue 14.11: every error without a status was told "no HTTP status is known".
    // MicrosoftDocs/azure-docs#21322: IMDS's "Identity not found" in PowerShell output, and the
    // Service Fabric docs' SecretHeaderNotFound body: no status line, but setup errors, so
    // retrying does not help, and the advice says why without a status.
    for id in [
        "err-imds-identity-not-found-powershell",
        "err-servicefabric-secretheadernotfound",
    ] {
        let e = report(&run(&sample(id))).error.clone().unwrap();
        assert_eq!(e.status, None, "{id}");
        let retry = e.retry.expect("a setup error says retrying does not help");
        assert!(!retry.retryable, "{id}");
        assert!(!retry.advice.contains("status"), "{id}: {}", retry.advice);
    }
    // An error the inspector cannot place, with no status: no advice at all.
    let a = run(r#"{"error":"something_new","error_description":"An unfamiliar failure."}"#);
    let e = report(&a).error.clone().unwrap();
    assert_eq!(e.code, Code::ErrorUnrecognized);
    assert!(e.retry.is_none());
    assert!(!a.findings.iter().any(|f| f.detail.contains("Retrying")));
}

#[test]
fn transient_statuses_and_sdk_parse_failures() {
    let a = run("HTTP/1.1 429 Too Many Requests\nRetry-After: 2\n\n");
    let e = report(&a).error.clone().unwrap();
    assert_eq!(e.code, Code::ErrorTransient);
    assert_eq!(
        a.finding(Code::ErrorTransient).unwrap().severity,
        Severity::Warning
    );
    let retry = e.retry.unwrap();
    assert!(
        retry.retryable
            && retry
                .advice
                .contains("20 managed-identity requests per second")
    );
    let e = report(&run("HTTP/1.1 410 Gone\n\n")).error.clone().unwrap();
    assert!(e.retry.unwrap().advice.contains("70 seconds"));
    // Azure/azure-sdk-for-python#19641 and Azure/azure-sdk-for-net#46714: the value is decoded.
    let a = run(&sample("err-automation-hybrid-expires-format"));
    assert_eq!(
        report(&a).error.as_ref().unwrap().code,
        Code::ErrorExpiresOnUnparsed
    );
    let eo = report(&a).expires_on.clone().unwrap();
    assert_eq!(
        (eo.epoch, eo.format),
        (Some(1_625_212_834), Format::SpaceSeparatedUtc)
    );
    let a = run(&sample("err-iso8601-expires-on"));
    assert_eq!(
        report(&a).expires_on.as_ref().unwrap().epoch,
        Some(1_729_281_097)
    );
}

#[test]
fn a_nested_error_body_is_shown_a_row_per_member() {
    // The Service Fabric docs' SecretHeaderNotFound body: {"error":{"correlationId","code",
    // "message"}} was one cell holding the object's JSON (issue 14.11).
    let a = run(&sample("err-servicefabric-secretheadernotfound"));
    let names: Vec<&str> = report(&a).fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["error.correlationId", "error.code", "error.message"]
    );
    let code = &report(&a).fields[1];
    assert_eq!(code.display, "SecretHeaderNotFound");
    assert!(code.meaning.is_some());
    // A message with line breaks written as `\r\n` inside the string is shown on its lines.
    let a = run(
        r#"{"error":{"code":"Internal Server Error","message":"DefaultIdentity is null.\r\nRetry later."}}"#,
    );
    let message = report(&a)
        .fields
        .iter()
        .find(|f| f.name == "error.message")
        .unwrap();
    assert_eq!(message.display, "DefaultIdentity is null.\nRetry later.");
}
