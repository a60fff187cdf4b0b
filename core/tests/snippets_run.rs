//! Proof by running (issue 5 §4, issue 10 §5): every generated program whose toolchain this machine
//! has is run against a mock managed-identity endpoint that the test serves on 127.0.0.1. The mock
//! emulates the platform (Azure Arc's 401 challenge with a key file this test writes, then the
//! Basic credential; Cloud Shell's POST form; Service Fabric's HTTPS with a self-signed
//! certificate, through a small TLS front) and answers with a token. The test asserts the program
//! printed the mock's token and the mock saw the request the platform's protocol wants: the
//! oracle is [`protocol`], a table written from ../shared/reference/mi-protocols.md, not the
//! request model that writes the programs. Hostile resource and identity values too; and a
//! program given the wrong IDENTITY_SERVER_THUMBPRINT refuses before sending anything. Nothing is
//! sent anywhere but 127.0.0.1: IMDS programs get the mock through the endpoint override, SDKs
//! through AZURE_POD_IDENTITY_AUTHORITY_HOST.
//!
//! A second test reads every `curl` and `http` program back with the inspector itself.
//!
//! Five targets are checked by golden files only ([`golden_only`]). Any other target is skipped
//! only when its toolchain is missing (scripts/setup installs them all), and the test prints what
//! it skipped; `REQUIRE_TOOLCHAINS=1` makes that a failure.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mi_core::azure::platforms;
use mi_core::input::percent::{percent_decode, percent_encode};
use mi_core::request::{CallService, RequestedIdentity, ResourceCall, TokenRequest};
use mi_core::snippets::{render, rust_dependencies, Target};
use mi_core::Platform;

pub(crate) const TOKEN: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJtb2NrIn0.bW9jay1zaWduYXR1cmU";
pub(crate) const SECRET: &str = "853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a";
pub(crate) const ARC_KEY: &str = "a2V5LWZpbGUtY29udGVudHM=";
pub(crate) const CLIENT_ID: &str = "9eba17f1-2c52-4ef9-9b43-2fd1e6c3d0a4";
pub(crate) const OBJECT_ID: &str = "5f8a4a55-1e3b-4c3f-8a65-3b1f0a2c6d7e";
pub(crate) const RESOURCE_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/my-identity";
/// Quotes, backslash, shell and PowerShell metacharacters, newline, tab, U+00A0, U+2019, an emoji
/// and `&`/`=`/`+`/`%` that a careless query would split or decode.
pub(crate) const HOSTILE: &str =
    "it's \"q\" \\ $HOME `id` !x #h\nl\tt\u{a0}\u{2019}\u{1F600}&a=b+c%41";

#[path = "snippet_run/cases.rs"]
mod cases;
#[path = "snippet_run/mock.rs"]
mod mock;
#[path = "snippet_run/protocol.rs"]
mod protocol;
#[path = "snippet_run/resource.rs"]
mod resource;
#[path = "snippet_run/runners.rs"]
mod runners;
use cases::*;
use mock::*;
use protocol::*;
use resource::*;
use runners::*;

#[test]
fn generated_programs_get_a_token_from_the_mock_endpoint() {
    let only = std::env::var("SNIPPET_TARGETS").ok();
    let required = toolchains_required();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let start = Instant::now();
    let missing = |what: String, summary: &mut Vec<String>, failures: &mut Vec<String>| {
        if required {
            failures.push(format!("REQUIRE_TOOLCHAINS=1, but {what}"));
        }
        summary.push(format!("SKIPPED {what}"));
    };
    for target in Target::ALL {
        if let Some(only) = &only {
            if !only.split(',').any(|t| t == target.id()) {
                continue;
            }
        }
        let t = Instant::now();
        let id = target.id();
        match run_target(*target) {
            Ok(ran) => {
                summary.push(format!(
                    "ran     {id:<22} {} cases, {} failed, {:.1}s",
                    ran.cases,
                    ran.failures.len(),
                    t.elapsed().as_secs_f64()
                ));
                failures.extend(ran.failures);
            }
            Err(NotRun::GoldenOnly(why)) => {
                summary.push(format!("golden  {id:<22} golden files only: {why}"))
            }
            Err(NotRun::Missing(why)) => {
                missing(format!("{id}: {why}"), &mut summary, &mut failures)
            }
            Err(NotRun::BuildFailed(why)) => {
                summary.push(format!("FAILED  {id:<22} the build failed"));
                failures.push(format!("{id}: {why}"));
            }
        }
    }
    if arc_tokens().is_none() {
        missing(
            format!("azure_arc cases: {ARC_TOKENS} is not writable (run as root)"),
            &mut summary,
            &mut failures,
        );
    }
    if tls_certificate().is_none() {
        missing(
            "service_fabric cases: the TLS front needs python3 and openssl".into(),
            &mut summary,
            &mut failures,
        );
    }
    eprintln!(
        "snippet execution ({:.1}s):\n{}",
        start.elapsed().as_secs_f64(),
        summary.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Read back

/// Issue 10 §5: the inspector reads every `curl` and `http` program back as the request it sends.
/// Pasted into `analyze_with` with its platform, each gives no error finding, and the request the
/// report corrects it to is the one the program was written from (platform, resource, identity,
/// api-version): the analyser is a second oracle, written apart from the generator.
#[test]
fn curl_and_http_programs_read_back_as_the_request_they_send() {
    let ctx = mi_core::Context::at(1_700_000_000);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, request) in read_back_cases() {
        for target in [Target::Curl, Target::Http] {
            let program = render(&request, target).unwrap_or_else(|e| panic!("{name}: {}", e.0));
            let options = mi_core::Options {
                platform: Some(request.platform),
                ..Default::default()
            };
            let analysis = mi_core::analyze_with(&program, &ctx, &options);
            checked += 1;
            let errors: Vec<String> = analysis
                .findings
                .iter()
                .filter(|f| f.severity == mi_core::Severity::Error)
                .map(|f| format!("{:?}: {} ({})", f.code, f.title, f.detail))
                .collect();
            let corrected = analysis
                .request
                .as_ref()
                .and_then(|r| r.corrected.as_ref())
                .map(|c| &c.token_request);
            let read = corrected.map(|c| (c.platform, &c.resource, &c.identity, c.api_version()));
            let want = (
                request.platform,
                &request.resource,
                &request.identity,
                protocol(request.platform).api_version,
            );
            if !errors.is_empty() || read != Some(want) {
                failures.push(format!(
                    "{name} {}: errors {errors:#?}\nread back as {read:?}, want {want:?}\n--- program:\n{program}",
                    target.id()
                ));
            }
        }
    }
    eprintln!("{checked} curl and http programs read back");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every platform with every identity it takes, two resources, an IMDS tunnel and an Arc
/// fallback override, and hostile values.
fn read_back_cases() -> Vec<(String, TokenRequest)> {
    let identities = [
        ("system", RequestedIdentity::System),
        ("client_id", RequestedIdentity::ClientId(CLIENT_ID.into())),
        ("object_id", RequestedIdentity::ObjectId(OBJECT_ID.into())),
        (
            "resource_id",
            RequestedIdentity::ResourceId(RESOURCE_ID.into()),
        ),
    ];
    let mut out = Vec::new();
    for spec in platforms::SPECS {
        for (label, identity) in &identities {
            if *identity != RequestedIdentity::System
                && protocol(spec.platform).selector_names(identity).is_empty()
            {
                continue;
            }
            for resource in ["https://management.azure.com/", "https://vault.azure.net"] {
                let mut r = TokenRequest::new(spec.platform, resource);
                r.identity = identity.clone();
                out.push((
                    format!("{}/{label} {resource}", platforms::id(spec.platform)),
                    r,
                ));
            }
        }
    }
    let tunnel = "http://127.0.0.1:8000/metadata/identity/oauth2/token";
    for platform in [Platform::Imds, Platform::AzureArc] {
        let mut r = TokenRequest::new(platform, "https://management.azure.com/");
        r.endpoint_override = Some(tunnel.into());
        out.push((format!("{}/override", platforms::id(platform)), r));
    }
    for platform in [Platform::Imds, Platform::AppService] {
        let mut r = TokenRequest::new(platform, HOSTILE);
        r.identity = RequestedIdentity::ClientId(HOSTILE.into());
        out.push((format!("{}/hostile", platforms::id(platform)), r));
    }
    // Programs that call the resource too: the inspector must still read the token request.
    let calls = [
        ResourceCall::key_vault_secret("https://myvault.vault.azure.net", "db-password"),
        ResourceCall::storage("https://myaccount.blob.core.windows.net/c/it's$HOME!x&a=b"),
        ResourceCall::arm("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"),
    ];
    for platform in [
        Platform::Imds,
        Platform::AppService,
        Platform::AzureArc,
        Platform::ServiceFabric,
        Platform::CloudShell,
    ] {
        for call in &calls {
            let r = TokenRequest::for_call(platform, call.clone());
            out.push((
                format!("{}/call {}", platforms::id(platform), call.service.name()),
                r,
            ));
        }
    }
    out
}
