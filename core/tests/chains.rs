//! Credential chains and SDK logs: every record of tests/fixtures/credential-chains.jsonl (each
//! names its source: azure-sdk-for-net#50895 and #38218, the Application Gateway for Containers
//! troubleshooting guide, azure-sdk-for-js#31080, vscode-vsce#976, azure-sdk-for-cpp#4952,
//! azure-sdk-for-java#26408, azure-cli#31648, azure-sdk-for-python#28478) gets its language, the
//! credentials its text shows in order with their outcomes, the managed-identity source, and the
//! verdict. Expected values are read from each source's text; where the record's `expect` goes
//! beyond the excerpt (credentials cut off, a cause the issue states but the lines do not), the
//! test follows the lines and says so.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::chain::{ChainReport, Language, MiSource, Outcome};
use mi_core::{analyze, Code, Context, Kind, Platform};

use Outcome::{Failed, NotTried, Unavailable, Unknown};

fn chain_of(input: &str) -> (mi_core::Analysis, ChainReport) {
    let a = analyze(input, &Context::at(1_700_000_000));
    assert_eq!(a.kind, Kind::CredentialChain, "{input}");
    let c = a.chain.clone().expect("a chain report");
    (a, c)
}

struct Expected {
    id: &'static str,
    language: Language,
    credentials: &'static [(&'static str, Outcome)],
    mi_source: Option<MiSource>,
    verdict: Code,
}

const EXPECTED: &[Expected] = &[
    // The agent's aggregate lists five credentials, each with nothing configured ("failed:
    // Please run 'az login'" is .NET's wording for a CLI with no account). The record's
    // AzurePowerShellCredential is on the next, cut line of the issue.
    Expected {
        id: "net-dac-ado-agent-workload-vs-cli-failed-timestamps",
        language: Language::Dotnet,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("WorkloadIdentityCredential", Unavailable),
            ("VisualStudioCredential", Unavailable),
            ("AzureCliCredential", Unavailable),
        ],
        mi_source: None,
        verdict: Code::ChainNoCredential,
    },
    // Workload identity's MSAL call (FromAssertion) got AADSTS70021; then DefaultAzureCredential's
    // fallbacks: env incomplete, IMDS probe timed out, no shell for az.
    Expected {
        id: "go-dac-alb-controller-yaml-status-wi-70021-imds-timeout",
        language: Language::Go,
        credentials: &[
            ("WorkloadIdentityCredential", Failed),
            ("EnvironmentCredential", Unavailable),
            ("ManagedIdentityCredential", Unavailable),
            ("AzureCliCredential", Unavailable),
        ],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainCredentialFailed,
    },
    // "The managed identity endpoint is indicating there's no available identity ... Status
    // code: 400". The text does not say which source the SDK used (the record's container_apps
    // comes from the title), so none is claimed.
    Expected {
        id: "js-dac-aggregate-error-container-app-job-mi-400",
        language: Language::Javascript,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("WorkloadIdentityCredential", Unavailable),
            ("ManagedIdentityCredential", Failed),
            ("AzureCliCredential", Unavailable),
        ],
        mi_source: None,
        verdict: Code::ChainIdentityNotFound,
    },
    // The log ends with ManagedIdentityCredential's GET to IMDS: its answer (or the long wait the
    // issue is about) is not in the excerpt, so the verdict is that the paste stops there, not
    // the record's imds-timeout.
    Expected {
        id: "cpp-identity-log-dac-chain-workload-unavailable-imds-request",
        language: Language::Cpp,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("WorkloadIdentityCredential", Unavailable),
            ("ManagedIdentityCredential", Unknown),
            ("AzureCliCredential", NotTried),
        ],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainIncomplete,
    },
    // "Connection to IMDS endpoint cannot be established": Java's IMDS probe (1 s) failed.
    Expected {
        id: "java-dac-credentialunavailable-spark-log-imds-unreachable",
        language: Language::Java,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("ManagedIdentityCredential", Unavailable),
            ("SharedTokenCacheCredential", Unavailable),
            ("IntelliJCredential", Unavailable),
            ("VisualStudioCodeCredential", Unavailable),
            ("AzureCliCredential", Unavailable),
        ],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainImdsProbeTimeout,
    },
    // "no response from the IMDS endpoint": the probe. The message is cut after two credentials.
    Expected {
        id: "py-dac-azcli-stderr-escaped-safelinks-imds-no-response",
        language: Language::Python,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("ManagedIdentityCredential", Unavailable),
        ],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainImdsProbeTimeout,
    },
    // The event-source log stops after WorkloadIdentityCredential; the chain goes on (the record's
    // mi-unavailable is, in its note, the nearest slug), so the verdict says the paste stops.
    Expected {
        id: "net-dac-informational-log-env-then-workload-unavailable",
        language: Language::Dotnet,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("WorkloadIdentityCredential", Unavailable),
        ],
        mi_source: None,
        verdict: Code::ChainIncomplete,
    },
    // Each source ruled out by its variables, then "Pinging the Azure IMDS endpoint": the result
    // of the ping is not in the paste.
    Expected {
        id: "js-mi-source-probe-info-lines-vsce-ado",
        language: Language::Javascript,
        credentials: &[("ManagedIdentityCredential", Unknown)],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainIncomplete,
    },
    // "ManagedIdentityCredential will use IMDS" at construction; only EnvironmentCredential was
    // tried before the excerpt ends.
    Expected {
        id: "py-logging-env-none-mi-will-use-imds",
        language: Language::Python,
        credentials: &[
            ("EnvironmentCredential", Unavailable),
            ("ManagedIdentityCredential", NotTried),
        ],
        mi_source: Some(MiSource::Imds),
        verdict: Code::ChainIncomplete,
    },
];

#[test]
fn every_credential_chain_sample_gets_its_credentials_and_verdict() {
    let records = common::credential_chains();
    assert_eq!(records.len(), EXPECTED.len(), "one expectation per record");
    for r in records {
        let want = EXPECTED
            .iter()
            .find(|e| e.id == r.id)
            .unwrap_or_else(|| panic!("no expectation for {}", r.id));
        let (a, c) = chain_of(&r.input);
        assert_eq!(c.language, Some(want.language), "{}", r.id);
        let got: Vec<(&str, Outcome)> = c.credentials.iter().map(|x| (x.name, x.outcome)).collect();
        assert_eq!(got, want.credentials, "{}", r.id);
        assert_eq!(
            c.managed_identity().and_then(|m| m.mi_source),
            want.mi_source,
            "{}",
            r.id
        );
        assert_eq!(c.verdict.code, want.verdict, "{}", r.id);
        // The verdict is the first finding, with a fix.
        let first = a.findings.first().expect("a finding");
        assert_eq!(first.code, want.verdict, "{}", r.id);
        assert!(first.fix.is_some(), "{}", r.id);
        // Every credential the record lists that is in the excerpt is read.
        for name in r.expect["credentials_tried"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let short = name.split(' ').next().unwrap();
            if r.input.contains(short) {
                assert!(
                    c.credentials
                        .iter()
                        .any(|x| x.name.eq_ignore_ascii_case(short)),
                    "{}: {name}",
                    r.id
                );
            }
        }
    }
}

#[test]
fn the_three_managed_identity_failures_are_three_verdicts() {
    // IMDS silent within the probe (azure-cli#31648's message, shortened to its chain lines).
    let probe = "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\n\tManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.";
    // The endpoint unreachable: @azure/identity's ENETUNREACH message
    // (azure-sdk-for-js sdk/identity/identity/src/credentials/managedIdentityCredential/index.ts).
    let unreachable = "AggregateAuthenticationError: ChainedTokenCredential authentication failed.\nCredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used.\nCredentialUnavailableError: ManagedIdentityCredential: Unavailable. Network unreachable. Message: connect ENETUNREACH 169.254.169.254:80";
    // IMDS answered "Identity not found" (Kong's lua-resty log shape, as a Go chain line).
    let not_found = "DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\tEnvironmentCredential: missing environment variable AZURE_TENANT_ID\n\tManagedIdentityCredential: managed identity credentials request failed, status: 400, body: {\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}";
    let verdicts: Vec<Code> = [probe, unreachable, not_found]
        .iter()
        .map(|t| chain_of(t).1.verdict.code)
        .collect();
    assert_eq!(
        verdicts,
        [
            Code::ChainImdsProbeTimeout,
            Code::ChainMiEndpointUnreachable,
            Code::ChainIdentityNotFound
        ]
    );
}

#[test]
fn a_chain_names_its_platform_from_the_managed_identity_source() {
    let (a, _) = chain_of(&common::any_sample(
        "java-dac-credentialunavailable-spark-log-imds-unreachable",
    ));
    assert_eq!(a.platform, Some(Platform::Imds));
}

#[test]
fn a_credential_that_succeeded_is_the_verdict() {
    // azure-sdk-for-net PR #8306 (comment by pakrym): the event source's success line.
    let line = "[Informational] Azure-Identity: Azure.Identity.SharedTokenCacheCredential.GetToken succeeded [ Scopes: [ https://storage.azure.com/.default ] ParentRequestId: 3569bae7-9970-47d6-b61c-5975adeb9ab2 ExpiresOn: 2019-10-23T20:23:01.0000000+00:00 ]";
    let (_, c) = chain_of(line);
    assert_eq!(c.verdict.code, Code::ChainSucceeded);
    assert_eq!(c.verdict.credential, Some("SharedTokenCacheCredential"));
    assert_eq!(c.scopes, ["https://storage.azure.com/.default"]);
}

#[test]
fn an_invalid_azure_token_credentials_value_is_named() {
    // azure-sdk-for-python sdk/identity/azure-identity/azure/identity/_internal/utils.py
    // (process_credential_exclusions) raises this.
    let text = "ValueError: Invalid value for AZURE_TOKEN_CREDENTIALS: managedidentity. Valid values are: dev, prod, azureclicredential, managedidentitycredential.";
    let (_, c) = chain_of(text);
    assert_eq!(c.verdict.code, Code::ChainTokenCredentialsInvalid);
}

#[test]
fn a_vault_url_passed_as_the_scope_is_pointed_out() {
    // azure-sdk-for-net#38218: the scope is the vault's URL, not https://vault.azure.net/.default.
    let (a, _) = chain_of(&common::any_sample(
        "net-dac-informational-log-env-then-workload-unavailable",
    ));
    let f = a
        .finding(Code::ChainScopeNotDefault)
        .expect("the scope finding");
    assert_eq!(
        f.fix.as_deref(),
        Some("Ask for https://vault.azure.net/.default.")
    );
}

#[test]
fn one_credential_error_is_still_an_mi_error() {
    // real-world.jsonl: a single ManagedIdentityCredential failure is read as the endpoint's error.
    for id in [
        "err-appservice-unable-to-load-identity",
        "err-iso8601-expires-on",
    ] {
        let a = analyze(&common::sample(id), &Context::at(1_700_000_000));
        assert_eq!(a.kind, Kind::MiError, "{id}");
        assert!(a.chain.is_none());
    }
    let a = analyze(
        &common::sample("req-log-msi-endpoint-appservice"),
        &Context::at(1_700_000_000),
    );
    assert!(a.chain.is_none());
}
