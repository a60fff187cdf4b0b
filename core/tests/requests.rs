//! The setup validator: a valid setup passes for every platform; each check fires on the mistake it
//! names and stays quiet on the near miss. Real samples name their source (tests/fixtures
//! real-world.jsonl records by id; ../shared/seed for the article's C#).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::sample;
use mi_core::{analyze_with, Analysis, Code, Context, Kind, Options, Platform, Severity};

fn run(text: &str) -> Analysis {
    analyze_with(text, &Context::at(1_700_000_000), &Options::default())
}

fn run_as(text: &str, platform: Platform) -> Analysis {
    analyze_with(
        text,
        &Context::at(1_700_000_000),
        &Options {
            platform: Some(platform),
            key: None,
            ..Options::default()
        },
    )
}

fn problems(a: &Analysis) -> Vec<(&'static str, Severity)> {
    a.findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

fn has(a: &Analysis, code: Code) -> bool {
    a.finding(code).is_some()
}

fn corrected(a: &Analysis) -> String {
    a.request
        .as_ref()
        .unwrap()
        .corrected
        .as_ref()
        .unwrap()
        .http
        .clone()
}

/// One valid request per platform (built from each platform's documented protocol).
const VALID: &[(Platform, &str)] = &[
    (Platform::Imds, "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F'"),
    (Platform::AppService, "curl -s -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net\""),
    (Platform::ContainerApps, "curl -s -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"http://localhost:42356/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net&client_id=5e29463d-71da-4fe0-8e69-999b57db23b0\""),
    (Platform::AppService2017, "curl -s -H \"secret: $MSI_SECRET\" \"$MSI_ENDPOINT?api-version=2017-09-01&resource=https%3A%2F%2Fvault.azure.net&clientid=5e29463d-71da-4fe0-8e69-999b57db23b0\""),
    (Platform::ServiceFabric, "curl -s -k -H \"Secret: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?api-version=2019-07-01-preview&resource=https%3A%2F%2Fvault.azure.net\""),
    (Platform::AzureArc, "P=$(curl -s -D - -o /dev/null -H Metadata:true \"$IDENTITY_ENDPOINT?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com%2F\" | grep -i ^www-authenticate | cut -d= -f2 | tr -d '\\r')\ncurl -s -H Metadata:true -H \"Authorization: Basic $(cat \"$P\")\" \"http://localhost:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com%2F\""),
    (Platform::CloudShell, "curl -s \"$MSI_ENDPOINT\" -H Metadata:true --data-urlencode \"resource=https://management.azure.com/\""),
    (Platform::AzureMl, "curl -s -H \"secret: $MSI_SECRET\" \"$MSI_ENDPOINT?api-version=2017-09-01&resource=https%3A%2F%2Fmanagement.azure.com%2F&clientid=$DEFAULT_IDENTITY_CLIENT_ID\""),
];

#[test]
fn a_valid_setup_passes_on_every_platform() {
    for (platform, text) in VALID {
        let detected = run(text);
        let a = if detected.platform == Some(*platform) {
            detected
        } else {
            run_as(text, *platform)
        };
        assert_eq!(a.kind, Kind::Request, "{platform:?}");
        assert_eq!(a.platform, Some(*platform));
        assert!(problems(&a).is_empty(), "{platform:?}: {:?}", problems(&a));
    }
    // Every platform is detected without help from its own URL or protocol.
    for (platform, text) in VALID
        .iter()
        .filter(|(p, _)| !matches!(p, Platform::AzureMl))
    {
        assert_eq!(run(text).platform, Some(*platform), "{text}");
    }
}

#[test]
fn every_real_world_setup_gets_its_platform_and_its_problems() {
    for r in common::real_world()
        .into_iter()
        .filter(|r| r.kind == "request_setup")
    {
        let a = run(&r.input);
        assert!(
            matches!(a.kind, Kind::Request | Kind::Env),
            "{}: {:?}",
            r.id,
            a.kind
        );
        let want = r.expect["platform"].as_str().unwrap();
        let got = serde_json::to_value(a.platform).unwrap();
        if want != "automation" {
            assert_eq!(got, want, "{}", r.id);
        }
        let codes: Vec<&str> = a.findings.iter().map(|f| f.code.as_str()).collect();
        for problem in r.expect["problems"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let code = match problem.as_str().unwrap() {
                "missing_identity_header" => "request.header-missing",
                "missing_identity_endpoint" => "env.missing-variable",
                "wrong_api_version" => "request.api-version-wrong-platform",
                "scope_as_resource" => "request.resource-scope-suffix",
                "unexpected_trailing_slash" => "request.resource-trailing-slash",
                "unsupported_audience" => "request.audience-not-supported",
                other => panic!("unmapped problem {other}"),
            };
            assert!(codes.contains(&code), "{}: {code} not in {codes:?}", r.id);
        }
        if r.expect["problems"].as_array().is_some_and(Vec::is_empty) {
            let errors: Vec<_> = a
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.code.as_str())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", r.id);
        }
    }
}

#[test]
fn the_articles_csharp_is_recognized_and_its_mistakes_caught() {
    // ../shared/seed: String.Format URL with "api-version=2019- 08-01", a method without its brace.
    let code = "public static async Task <HttpResponseMessage> GetToken(string resource, string apiversion) {\nvar request = new HttpRequestMessage(HttpMethod.Get,String.Format(\"{0}/?resource={1}&api-version=2019- 08-01\", Environment.GetEnvironmentVariable(\"IDENTITY_ENDPOINT\"), resource));\nrequest.Headers.Add(\"X-IDENTITY-HEADER\", Environment.GetEnvironmentVariable(\"IDENTITY_HEADER\"));\n\nreturn await _client.SendAsync(request);";
    let a = run(code);
    assert_eq!(
        (a.kind, a.platform),
        (Kind::Request, Some(Platform::AppService))
    );
    let f = a.finding(Code::RequestApiVersionInvalid).unwrap();
    assert!(
        f.detail.contains("'2019- 08-01' should be '2019-08-01'"),
        "{}",
        f.detail
    );
    assert_eq!(
        f.place
            .as_ref()
            .unwrap()
            .part
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("query api-version")
    );
    assert!(a
        .finding(Code::RequestScriptError)
        .unwrap()
        .title
        .contains("missing 1 closing brace"));
    let r = a.request.as_ref().unwrap();
    assert!(r.recognised.iter().any(|x| x.contains("String.Format")));
    assert!(corrected(&a).starts_with("GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=<resource> HTTP/1.1\nX-IDENTITY-HEADER: $IDENTITY_HEADER"), "{}", corrected(&a));
    // The same code with the version fixed and the brace closed is clean.
    let fixed = format!("{}\n}}", code.replace("2019- 08-01", "2019-08-01"));
    assert!(
        problems(&run(&fixed)).is_empty(),
        "{:?}",
        problems(&run(&fixed))
    );
}

#[test]
fn api_version_checks() {
    let imds = |q: &str| {
        run(&format!(
            "curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?{q}'"
        ))
    };
    assert!(has(
        &imds("resource=https://vault.azure.net"),
        Code::RequestApiVersionMissing
    ));
    assert!(!has(
        &imds("api-version=2018-02-01&resource=https://vault.azure.net"),
        Code::RequestApiVersionMissing
    ));
    assert!(has(
        &imds("api-version=2018-2-01&resource=https://vault.azure.net"),
        Code::RequestApiVersionInvalid
    ));
    let a = imds("api-version=2017-09-01&resource=https://vault.azure.net");
    assert_eq!(
        a.finding(Code::RequestApiVersionWrongPlatform)
            .unwrap()
            .severity,
        Severity::Error
    );
    // IMDS takes "2018-02-01 or greater": App Service's version works there, with a note.
    assert_eq!(
        imds("api-version=2019-08-01&resource=https://vault.azure.net")
            .finding(Code::RequestApiVersionWrongPlatform)
            .unwrap()
            .severity,
        Severity::Info
    );
    // hashicorp/terraform#33123: IMDS's version sent to Container Apps.
    let a = run(&sample("req-containerapps-wrong-api-version-terraform"));
    assert!(a
        .finding(Code::RequestApiVersionWrongPlatform)
        .unwrap()
        .detail
        .contains("Azure VM or scale set (IMDS)"));
    let c = corrected(&a);
    assert!(
        c.contains("api-version=2019-08-01")
            && c.contains("client_id=860dd3b7-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
        "{c}"
    );
    assert!(
        c.contains("Host: localhost:42356") || c.contains("$IDENTITY_ENDPOINT"),
        "{c}"
    );
    // Cloud Shell takes no api-version: none is no problem.
    assert!(!has(&run(VALID[6].1), Code::RequestApiVersionMissing));
}

#[test]
fn resource_checks() {
    let imds = |res: &str| {
        run(&format!("curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource={res}'"))
    };
    assert!(
        has(&imds(""), Code::RequestResourceUnknown)
            || has(&imds(""), Code::RequestResourceMissing)
    );
    assert!(has(&run("curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01'"), Code::RequestResourceMissing));
    // apache/arrow-rs#4096: the scope in Rust code.
    let a = run(&sample("req-scope-as-resource-arrow-rs"));
    assert!(has(&a, Code::RequestResourceScopeSuffix));
    assert!(
        corrected(&a).contains("resource=https%3A%2F%2Fstorage.azure.com"),
        "{}",
        corrected(&a)
    );
    assert!(!corrected(&a).contains("default"));
    assert!(!has(
        &imds("https%3A%2F%2Fstorage.azure.com%2F"),
        Code::RequestResourceScopeSuffix
    ));
    // Encoding: info when harmless, warning when the value holds a space.
    assert_eq!(
        imds("https://vault.azure.net")
            .finding(Code::RequestResourceNotEncoded)
            .unwrap()
            .severity,
        Severity::Info
    );
    assert!(!has(
        &imds("https%3A%2F%2Fvault.azure.net"),
        Code::RequestResourceNotEncoded
    ));
    // SQL needs its slash; ARM is relaxed; Key Vault's slash is noted (MicrosoftDocs/azure-docs#33137).
    assert_eq!(
        imds("https%3A%2F%2Fdatabase.windows.net")
            .finding(Code::RequestResourceTrailingSlash)
            .unwrap()
            .severity,
        Severity::Warning
    );
    assert!(!has(
        &imds("https%3A%2F%2Fdatabase.windows.net%2F"),
        Code::RequestResourceTrailingSlash
    ));
    assert!(
        corrected(&imds("https%3A%2F%2Fdatabase.windows.net")).contains("database.windows.net%2F")
    );
    assert_eq!(
        run(&sample("req-vault-trailing-slash-aci"))
            .finding(Code::RequestResourceTrailingSlash)
            .unwrap()
            .severity,
        Severity::Info
    );
    // Typos and permission names.
    let a = imds("https%3A%2F%2Fmanagements.azure.com");
    assert!(a
        .finding(Code::RequestResourceUnknown)
        .unwrap()
        .title
        .contains("did you mean https://management.azure.com/"));
    assert!(corrected(&a).contains("management.azure.com%2F"));
    assert!(!has(
        &imds("https%3A%2F%2Fmanagement.azure.com%2F"),
        Code::RequestResourceUnknown
    ));
    assert!(has(&imds("User.Read"), Code::RequestResourceUnknown));
    // Azure/CloudShell#477.
    assert!(has(
        &run(&sample("req-cloudshell-curl-azconfig")),
        Code::RequestAudienceNotSupported
    ));
    assert!(!has(&run(VALID[6].1), Code::RequestAudienceNotSupported));
}

#[test]
fn header_checks() {
    // The Azure Maps doc: no X-IDENTITY-HEADER; the corrected request adds it.
    let a = run(&sample("req-maps-doc-missing-identity-header"));
    let f = a.finding(Code::RequestHeaderMissing).unwrap();
    assert_eq!(
        f.place
            .as_ref()
            .unwrap()
            .part
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("header X-IDENTITY-HEADER")
    );
    assert!(corrected(&a).contains("X-IDENTITY-HEADER: $IDENTITY_HEADER"));
    assert!(!has(&run(VALID[1].1), Code::RequestHeaderMissing));
    // The 2017 header with the 2019 protocol, and App Service's header on IMDS.
    let a = run("curl -H \"secret: $MSI_SECRET\" \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net\"");
    assert!(a
        .finding(Code::RequestHeaderWrongName)
        .unwrap()
        .title
        .contains("sends secret where it needs X-IDENTITY-HEADER"));
    let a = run("curl -H Metadata:true -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'");
    assert_eq!(
        a.finding(Code::RequestHeaderWrongName).unwrap().severity,
        Severity::Warning
    );
    // Metadata's value.
    let imds = |h: &str| {
        run(&format!("curl -H '{h}' 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'"))
    };
    assert_eq!(
        imds("Metadata: True")
            .finding(Code::RequestMetadataValue)
            .unwrap()
            .severity,
        Severity::Warning
    );
    assert_eq!(
        imds("Metadata: yes")
            .finding(Code::RequestMetadataValue)
            .unwrap()
            .severity,
        Severity::Error
    );
    assert!(!has(&imds("Metadata:true"), Code::RequestMetadataValue));
    // MicrosoftDocs/azure-docs#46128: "Secret : value".
    let a = run(&sample("req-php-sql-no-trailing-slash"));
    assert!(a
        .finding(Code::RequestHeaderSyntax)
        .unwrap()
        .fix
        .as_deref()
        .unwrap()
        .starts_with("Secret: "));
    assert!(!has(&run(VALID[3].1), Code::RequestHeaderSyntax));
}

#[test]
fn unexpanded_and_hardcoded_values() {
    let app = |h: &str| {
        run(&format!("curl -H {h} \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net\""))
    };
    let f = app("'X-IDENTITY-HEADER: $IDENTITY_HEADER'");
    assert!(f
        .finding(Code::RequestHeaderValueUnexpanded)
        .unwrap()
        .detail
        .contains("single quotes"));
    assert!(app("\"X-IDENTITY-HEADER: %IDENTITY_HEADER%\"")
        .finding(Code::RequestHeaderValueUnexpanded)
        .unwrap()
        .detail
        .contains("cmd.exe"));
    assert!(has(
        &app("'X-IDENTITY-HEADER: \"abc123abc123\"'"),
        Code::RequestHeaderValueUnexpanded
    ));
    assert!(!has(
        &app("\"X-IDENTITY-HEADER: $IDENTITY_HEADER\""),
        Code::RequestHeaderValueUnexpanded
    ));
    // PowerShell reads $IDENTITY_HEADER as its own variable.
    let ps = "Invoke-RestMethod -Uri \"$env:IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https://vault.azure.net\" -Headers @{\"X-IDENTITY-HEADER\"=\"$IDENTITY_HEADER\"}";
    assert!(run(ps)
        .finding(Code::RequestHeaderValueUnexpanded)
        .unwrap()
        .detail
        .contains("$env:IDENTITY_HEADER"));
    assert!(!has(
        &run(&ps.replace("\"$IDENTITY_HEADER\"", "$env:IDENTITY_HEADER")),
        Code::RequestHeaderValueUnexpanded
    ));
    // A raw HTTP request is sent as written.
    let raw = "GET /msi/token?api-version=2019-08-01&resource=https://vault.azure.net HTTP/1.1\nHost: localhost:4141\nX-IDENTITY-HEADER: $IDENTITY_HEADER";
    assert!(has(&run(raw), Code::RequestHeaderValueUnexpanded));
    // Documentation's literal secrets are noted, and masked in the report.
    let a = run(&sample("req-containerapps-doc-raw"));
    assert_eq!(
        a.finding(Code::RequestSecretHardcoded).unwrap().severity,
        Severity::Info
    );
    let h = &a.request.as_ref().unwrap().headers[0];
    assert_eq!(
        (h.name.as_str(), h.value.as_str()),
        ("x-identity-header", "853b…ad8a")
    );
}

#[test]
fn identity_selectors() {
    let imds = |q: &str| {
        run(&format!("curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&{q}'"))
    };
    assert!(has(
        &imds("client_id=5e29463d-71da-4fe0-8e69-999b57db23b0&msi_res_id=/subscriptions/x"),
        Code::RequestIdentitySelectorConflict
    ));
    let a = imds("mi_res_id=/subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1");
    assert!(a
        .finding(Code::RequestIdentitySelectorName)
        .unwrap()
        .title
        .contains("msi_res_id, not mi_res_id"));
    assert!(
        corrected(&a).contains("&msi_res_id=%2Fsubscriptions%2F"),
        "{}",
        corrected(&a)
    );
    assert!(problems(&imds("msi_res_id=/subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1")).is_empty());
    assert!(has(&imds("msi_res_id=/subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"), Code::RequestIdentitySelectorFormat));
    assert!(has(
        &imds("client_id=my-app"),
        Code::RequestIdentitySelectorFormat
    ));
    assert!(!has(
        &imds("client_id=860dd3b7-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
        Code::RequestIdentitySelectorFormat
    ));
    // The 2017 protocol only knows clientid; App Service accepts object_id as principal_id's alias.
    let legacy = run("curl -H \"secret: $MSI_SECRET\" \"$MSI_ENDPOINT?api-version=2017-09-01&resource=https%3A%2F%2Fvault.azure.net&client_id=5e29463d-71da-4fe0-8e69-999b57db23b0\"");
    assert!(legacy
        .finding(Code::RequestIdentitySelectorName)
        .unwrap()
        .title
        .contains("clientid, not client_id"));
    let alias = run("curl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net&object_id=5e29463d-71da-4fe0-8e69-999b57db23b0\"");
    assert!(problems(&alias).is_empty(), "{:?}", problems(&alias));
    // Arc has one identity.
    let arc = run("curl -H Metadata:true \"http://localhost:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com%2F&client_id=5e29463d-71da-4fe0-8e69-999b57db23b0\"");
    assert!(has(&arc, Code::PlatformUserAssignedUnsupported));
    assert!(arc.request.as_ref().unwrap().unsupported.is_some());
    assert!(!corrected(&arc).contains("client_id"));
}

#[test]
fn method_scheme_endpoint_and_flow() {
    let a = run("curl -X POST -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'");
    assert!(has(&a, Code::RequestMethod));
    assert!(!has(&run(VALID[0].1), Code::RequestMethod));
    assert!(!has(&run("curl -H Metadata:true \"$MSI_ENDPOINT?resource=https%3A%2F%2Fmanagement.azure.com%2F\""), Code::RequestMethod));
    assert!(has(&run("curl -H Metadata:true 'https://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'"), Code::RequestScheme));
    assert!(has(&run("curl -H \"Secret: $IDENTITY_HEADER\" 'http://localhost:2377/metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https%3A%2F%2Fvault.azure.net'"), Code::RequestScheme));
    assert!(has(&run("curl -H Metadata:true 'http://169.254.169.254/metadata/instance?api-version=2018-02-01&resource=x'"), Code::RequestEndpointMismatch));
    let env = "IDENTITY_ENDPOINT=http://127.0.0.1:41741/msi/token/\nIDENTITY_HEADER=7c0e5f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6\n";
    let req = "curl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" 'http://127.0.0.1:41234/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net'";
    assert!(has(
        &run(&format!("{env}{req}")),
        Code::RequestEndpointMismatch
    ));
    assert!(!has(
        &run(&format!("{env}{}", req.replace("41234", "41741"))),
        Code::RequestEndpointMismatch
    ));
    // Arc: one request alone gets the two-step note; the docs' two-step script does not.
    assert!(has(&run("curl -H Metadata:true \"http://localhost:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com%2F\""), Code::PlatformArcChallenge));
    let arc = run(&sample("req-arc-doc-bash-challenge"));
    assert!(!has(&arc, Code::PlatformArcChallenge));
    assert_eq!(arc.request.as_ref().unwrap().requests_found, 2);
    assert!(arc
        .request
        .as_ref()
        .unwrap()
        .corrected
        .as_ref()
        .unwrap()
        .note
        .is_some());
    assert!(has(&run(VALID[6].1), Code::PlatformCloudShellUserToken));
}

#[test]
fn environment_checks() {
    // MicrosoftDocs/azure-docs#122273: IDENTITY_* without IDENTITY_ENDPOINT.
    let a = run(&sample("req-env-dump-no-identity-endpoint"));
    assert_eq!((a.kind, a.platform), (Kind::Env, Some(Platform::Imds)));
    assert_eq!(
        a.finding(Code::EnvMissingVariable)
            .unwrap()
            .place
            .as_ref()
            .unwrap()
            .part
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("env IDENTITY_ENDPOINT")
    );
    assert!(!has(
        &run(&sample("req-env-appservice")),
        Code::EnvMissingVariable
    ));
    // MSAL Python's Azure ML environment is ambiguous; App Service's is not.
    assert!(has(&run(&sample("req-env-azureml")), Code::EnvAmbiguousMsi));
    assert!(!has(
        &run(&sample("req-env-appservice")),
        Code::EnvAmbiguousMsi
    ));
    let base = "IDENTITY_ENDPOINT=http://127.0.0.1:41741/msi/token/\nIDENTITY_HEADER=abc\n";
    assert!(has(
        &run(&format!("{base}WEBSITE_DISABLE_MSI=true")),
        Code::EnvMsiDisabled
    ));
    assert!(!has(
        &run(&format!("{base}WEBSITE_DISABLE_MSI=false")),
        Code::EnvMsiDisabled
    ));
    let imds =
        "AZURE_CLIENT_ID=5e29463d-71da-4fe0-8e69-999b57db23b0\nHTTPS_PROXY=http://proxy:3128\n";
    assert!(has(&run(imds), Code::EnvProxy));
    assert!(!has(
        &run(&format!("{imds}NO_PROXY=localhost,169.254.169.254")),
        Code::EnvProxy
    ));
    assert!(has(
        &run(&format!("{base}AZURE_CLIENT_SECRET=s3cr3t-value-here")),
        Code::EnvCredentialPrecedence
    ));
    // Secrets are masked in the report.
    let shown =
        run("MSI_ENDPOINT=http://172.16.2.6:8081/msi/token\nMSI_SECRET=4f9a8b7c6d5e4f3a2b1c");
    let secret = shown
        .request
        .as_ref()
        .unwrap()
        .env
        .iter()
        .find(|e| e.name == "MSI_SECRET")
        .unwrap()
        .value
        .clone();
    assert_eq!(secret, "4f9a…2b1c");
}

#[test]
fn script_slips() {
    // MicrosoftDocs automation sample: "$ resource".
    let a = run(&sample("req-automation-doc-get"));
    let f = a.finding(Code::RequestScriptError).unwrap();
    assert_eq!(f.place.as_ref().unwrap().line, Some(2));
    assert!(corrected(&a).contains("resource=https%3A%2F%2Fmanagement.azure.com%2F"));
    // MicrosoftDocs cloud-shell/msi-authorization.md: sets RESPONSE, reads $response.
    let a = run(&sample("req-cloudshell-doc-curl-post"));
    assert!(a
        .finding(Code::RequestScriptError)
        .unwrap()
        .title
        .contains("$response is not $RESPONSE"));
    assert!(!has(&run(VALID[6].1), Code::RequestScriptError));
}

/// The corrected version of the pasted code, and what re-reading it finds.
fn corrected_code(text: &str) -> mi_core::request::code_fix::CorrectedCode {
    run(text)
        .request
        .unwrap()
        .corrected
        .unwrap()
        .code
        .expect("the code, corrected")
}

#[test]
fn the_articles_csharp_comes_back_corrected() {
    // ../shared/seed: the App Service C# snippet, with "2019- 08-01" and no closing brace
    // (issue 14.7: offer the corrected version of the user's own code).
    let code = r#"public static async Task <HttpResponseMessage> GetToken(string resource, string apiversion) {
var request = new HttpRequestMessage(HttpMethod.Get,String.Format("{0}/?resource={1}&api-version=2019- 08-01", Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), resource));
request.Headers.Add("X-IDENTITY-HEADER", Environment.GetEnvironmentVariable("IDENTITY_HEADER"));

return await _client.SendAsync(request);
"#;
    let fixed = corrected_code(code);
    assert_eq!(
        fixed.language,
        mi_core::request::code_fix::CodeLanguage::Csharp
    );
    assert!(
        fixed.text.contains("api-version=2019-08-01\""),
        "{}",
        fixed.text
    );
    assert!(fixed.text.trim_end().ends_with('}'), "{}", fixed.text);
    assert_eq!(fixed.changes.len(), 2, "{:?}", fixed.changes);
    // Read again, the corrected code has neither slip.
    let again = run(&fixed.text);
    for code in [Code::RequestApiVersionInvalid, Code::RequestScriptError] {
        assert!(!has(&again, code), "{code:?}: {:?}", again.findings);
    }
    assert!(again.request.unwrap().corrected.unwrap().code.is_none());
}

#[test]
fn code_that_sends_another_platforms_header_is_given_this_ones() {
    // App Service's header and variable sent to IMDS (169.254.169.254 wants Metadata: true): the
    // line is rewritten in place, in the code's own style.
    let code = r#"var request = new HttpRequestMessage(HttpMethod.Get, "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net");
request.Headers.Add("X-IDENTITY-HEADER", Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
var response = await client.SendAsync(request);"#;
    let fixed = corrected_code(code);
    assert!(
        fixed
            .text
            .contains(r#"request.Headers.Add("Metadata", "true");"#),
        "{}",
        fixed.text
    );
    assert!(!fixed.text.contains("X-IDENTITY-HEADER"), "{}", fixed.text);
    let again = run(&fixed.text);
    assert!(
        !has(&again, Code::RequestHeaderMissing),
        "{:?}",
        again.findings
    );
    assert!(
        !has(&again, Code::RequestHeaderWrongName),
        "{:?}",
        again.findings
    );
}

#[test]
fn a_scope_written_as_the_resource_is_replaced_where_it_is_defined() {
    // apache/arrow-rs#4096: the resource is a constant holding a scope (".default").
    let fixed = corrected_code(&sample("req-scope-as-resource-arrow-rs"));
    assert!(
        fixed
            .text
            .contains(r#"const AZURE_STORAGE_SCOPE: &str = "https://storage.azure.com";"#),
        "{}",
        fixed.text
    );
}
