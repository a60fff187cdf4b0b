//! Workload identity federation on real inputs: every record of tests/fixtures/federation.jsonl
//! (each names its source; the expected values below come from those sources, quoted in the
//! record's `input`, `expect` and `note`), and pastes that combine them with federated credentials.
//! Tokens and messages no source publishes whole are built here from the claims and message forms
//! the sources show; each says so where it is built.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::federation::{CredentialSource, MatchStatus, Owner, PresentedFrom};
use mi_core::response::assertion::FicField;
use mi_core::token::{AssertionKind, Form};
use mi_core::{analyze, analyze_with, Analysis, Code, Context, Kind, Options, Platform, Severity};

/// 2023-11-14, the baseline's `--now`.
const NOW: i64 = 1_700_000_000;

fn run(input: &str) -> Analysis {
    analyze(input, &Context::at(NOW))
}

fn record(id: &str) -> common::RealWorld {
    common::federation()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn error(a: &Analysis) -> &mi_core::response::ErrorReport {
    a.response
        .as_ref()
        .and_then(|r| r.error.as_ref())
        .expect("an error report")
}

fn assertion(a: &Analysis) -> &mi_core::response::assertion::PresentedAssertion {
    error(a)
        .assertion
        .as_ref()
        .expect("the presented assertion")
}

fn has(a: &Analysis, code: Code) -> bool {
    a.finding(code).is_some()
}

/// The finding code each sample's `expect.cause` calls for.
fn codes_for(r: &common::RealWorld) -> Vec<Code> {
    match (r.id.as_str(), r.expect["cause"].as_str().unwrap_or("")) {
        (_, "assertion-expired") => vec![Code::ErrorFederationAssertionExpired],
        (_, "fic-case-mismatch") => vec![Code::ErrorFederationSubjectCase],
        (_, "fic-subject-mismatch") => vec![Code::ErrorFederationSubjectMismatch],
        (_, "fic-issuer-mismatch") => vec![Code::ErrorFederationNoMatch],
        (_, "invalid-scope") => vec![Code::ErrorFederationInvalidScope],
        // The decoded default service-account token: its audience is the API server's.
        (_, "fic-audience-mismatch") => vec![
            Code::TokenAudienceNotExchange,
            Code::TokenFederationAssertion,
        ],
        ("go-dac-workload-aadsts700016-empty-client-id-alb-json-log", _) => {
            vec![Code::ErrorFederationClientId]
        }
        ("wi-aadsts70023-default-sa-token-lifetime-too-long", _) => {
            vec![Code::ErrorFederationAssertionLifetime]
        }
        ("wi-arm-fic-list-response-uami-azcli-recording", _) => {
            vec![Code::FederationIssuerTrailingSlash]
        }
        ("wi-decoded-aks-regional-issuer-token-comment-prefixed", _) => {
            vec![Code::TokenFederationAssertion]
        }
        ("wi-kubectl-describe-env-injected-by-webhook", _) => vec![Code::EnvWorkloadIdentity],
        (id, cause) => panic!("{id}: no expectation for cause {cause}"),
    }
}

#[test]
fn every_sample_gets_the_report_its_source_implies() {
    let records = common::federation();
    assert_eq!(records.len(), 12);
    for r in records {
        let a = run(&r.input);
        for code in codes_for(&r) {
            assert!(
                has(&a, code),
                "{}: no {}; got {:?}",
                r.id,
                code.as_str(),
                a.findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>()
            );
        }
        assert_ne!(a.kind, Kind::Unknown, "{}", r.id);
        if let Some(status) = r.expect.get("status").and_then(|s| s.as_u64()) {
            // Only where the paste itself says it (MSAL Go's "reply status code was 400",
            // azidentity's "RESPONSE 400"); 70011's message carries none.
            if r.input.contains(&format!("was {status}"))
                || r.input.contains(&format!("RESPONSE {status}"))
            {
                assert_eq!(error(&a).status, Some(status as u16), "{}", r.id);
            }
        }
        // Serialised as the CLI prints it.
        assert!(serde_json::to_string(&a).is_ok());
    }
}

#[test]
fn an_expired_github_assertion_is_timed_against_entras_clock() {
    // kata-containers/kata-containers#11758: "Current time: 2025-09-03T17:59:55.3046782Z, assertion
    // valid from 2025-09-03T17:04:47.0000000Z, expiry time of assertion 2025-09-03T17:09:47.0000000Z".
    let a = run(&record("wi-aadsts700024-github-oidc-assertion-expired-azcli").input);
    assert_eq!(a.kind, Kind::MiError);
    let v = assertion(&a).validity.as_ref().unwrap();
    assert_eq!(v.lifetime_seconds, Some(5 * 60));
    assert_eq!(v.late_by_seconds, Some(50 * 60 + 8));
    let f = a.finding(Code::ErrorFederationAssertionExpired).unwrap();
    assert!(
        f.detail.contains("50 min 8 s after it expired"),
        "{}",
        f.detail
    );
    // The note's fix: re-run azure/login before the late step.
    assert!(f.fix.as_deref().unwrap().contains("azure/login again"));
}

#[test]
fn the_default_service_account_token_is_not_the_one_to_exchange() {
    // tkubica12/aad-workload-identity-demo Kubernetes.md: a decoded default SA token whose aud is
    // the issuer and whose exp − iat is 31536000 s.
    let a = run(&record("wi-decoded-aks-default-sa-token-aud-is-issuer").input);
    assert_eq!(a.kind, Kind::Jwt);
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.form, Form::Decoded);
    assert_eq!(t.lifetime.lifetime_seconds, Some(31_536_000));
    let f = t.federation.as_ref().unwrap();
    assert_eq!(f.kind, AssertionKind::KubernetesServiceAccount);
    assert_eq!(f.namespace.as_deref(), Some("default"));
    assert_eq!(f.service_account.as_deref(), Some("tomas1kube"));
    assert_eq!(f.pod.as_deref(), Some("testpod"));
    assert_eq!(
        f.subject.as_deref(),
        Some("system:serviceaccount:default:tomas1kube")
    );
    assert!(!f.exchange_audience);
    let issuer = f.issuer_form.as_ref().unwrap();
    assert_eq!(
        issuer.cluster_id.as_deref(),
        Some("25da173c-6b43-4f93-9c41-6cc688dea1ff")
    );
    let aud = a.finding(Code::TokenAudienceNotExchange).unwrap();
    assert!(aud
        .detail
        .contains("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    // A year is more than the 25 hours Entra accepts (AADSTS70023, MicrosoftDocs/azure-docs#116275).
    assert!(has(&a, Code::TokenAssertionLifetime));
    // Expired at NOW; the generic token.expired gives way to the assertion's own finding.
    assert!(has(&a, Code::TokenAssertionExpired));
    assert!(!has(&a, Code::TokenExpired));
}

#[test]
fn a_healthy_projected_token_in_shell_comments() {
    // JanneMattila/playground-aks-identity setup.sh: '# ' on every line, regional issuer form
    // <region>.oic.prod-aks.azure.com/<tenant>/<cluster>/, exp − iat 3600 s.
    let r = record("wi-decoded-aks-regional-issuer-token-comment-prefixed");
    // While the token is valid (iat 1651576847 + 100 s).
    let a = analyze(&r.input, &Context::at(1_651_576_947));
    let t = a.token.as_ref().unwrap();
    assert_eq!(t.lifetime.lifetime_seconds, Some(3600));
    let f = t.federation.as_ref().unwrap();
    assert!(f.exchange_audience);
    let issuer = f.issuer_form.as_ref().unwrap();
    assert_eq!(issuer.region.as_deref(), Some("westcentralus"));
    assert_eq!(
        issuer.tenant_id.as_deref(),
        Some("291168e9-1ded-42d8-8608-c9ff8fe7c21b")
    );
    assert_eq!(
        issuer.cluster_id.as_deref(),
        Some("b1c51908-621d-4f2c-aa96-36765db11ed6")
    );
    assert!(!has(&a, Code::TokenAudienceNotExchange));
    assert!(!a.has_errors(), "{:?}", a.findings);
    let cmd = f.credential_command.as_deref().unwrap();
    assert!(cmd.contains("--issuer https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6/ --subject system:serviceaccount:azwi-demo:azwi-sa --audiences api://AzureADTokenExchange"), "{cmd}");
}

#[test]
fn aadsts_subject_errors_quote_the_subject_and_say_what_hides_it() {
    // Azure/login#515: case-insensitive match only.
    let a = run(&record("wi-aadsts7002138-github-case-sensitive-subject").input);
    let p = assertion(&a);
    assert_eq!(
        p.subject.as_deref(),
        Some("repo:CODfreak213421/IsocertsgDashboard23:environment:Production")
    );
    assert_eq!(
        (p.field, p.field_named_by_entra),
        (Some(FicField::Subject), true)
    );
    // dotnet/maui#31978: Azure Pipelines masks the subject.
    let a = run(&record("wi-aadsts700213-ado-masked-subject-azcli").input);
    assert_eq!(assertion(&a).subject.as_deref(), Some("***"));
    assert!(!assertion(&a).unreadable.is_empty());
    assert!(error(&a)
        .meaning
        .contains("sc://<organization>/<project>/<service connection>"));
    // Azure/azure-workload-identity#1200: namespace and service account masked as xxx:yyy.
    let a = run(&record("wi-aadsts700213-k8s-sa-manual-token-azcli-intermittent-fic").input);
    assert_eq!(
        assertion(&a).subject.as_deref(),
        Some("system:serviceaccount:xxx:yyy")
    );
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
}

#[test]
fn aadsts70021_names_the_issuer_as_the_likely_field() {
    // azure-workload-identity troubleshooting.md: the klog line with escaped JSON; "the most common
    // cause is when the user is missing the trailing / when creating the federated identity credential".
    let a = run(&record("wi-aadsts70021-aks-issuer-trailing-slash-doc").input);
    let p = assertion(&a);
    assert_eq!(
        p.issuer.as_deref(),
        Some("https://oidc.prod-aks.azure.com/XXXXXX/")
    );
    assert_eq!(
        p.subject.as_deref(),
        Some("system:serviceaccount:default:workload-identity-sa")
    );
    assert_eq!(p.audience.as_deref(), Some("api://AzureADTokenExchange"));
    assert_eq!(
        (p.field, p.field_named_by_entra),
        (Some(FicField::Issuer), false)
    );
    assert_eq!(error(&a).status, Some(400));
    assert!(error(&a).meaning.contains("trailing slash"));
}

#[test]
fn invalid_scope_and_missing_client_id_under_workload_identity() {
    // Azure/azure-sdk-for-net#37453: a v1 resource URI as the scope, tenant 'organizations'.
    let a = run(&record("wi-aadsts70011-invalid-scope-resource-not-default-azps").input);
    let p = assertion(&a);
    assert_eq!(
        p.scope.as_deref(),
        Some("https://management.core.windows.net/")
    );
    assert_eq!(p.tenant.as_deref(), Some("organizations"));
    let f = a.finding(Code::ErrorFederationInvalidScope).unwrap();
    assert!(f
        .fix
        .as_deref()
        .unwrap()
        .contains("https://management.core.windows.net//.default"));
    assert!(f.detail.contains("'organizations'"));
    // dfrappart.github.io ALB controller log: the "application" is the AKS issuer, so no client ID
    // was sent (the author's empty AZURE_CLIENT_ID).
    let a = run(&record("go-dac-workload-aadsts700016-empty-client-id-alb-json-log").input);
    let p = assertion(&a);
    assert_eq!(p.application.as_deref(), Some("https://francecentral.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000/"));
    assert_eq!(p.tenant.as_deref(), Some("dfitc"));
    assert_eq!(error(&a).status, Some(400));
    assert!(error(&a)
        .meaning
        .contains("AZURE_CLIENT_ID was empty or unset"));
    // The same code without a client assertion stays the generic Entra error.
    let a = run("AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000001' was not found in the directory 'contoso'.");
    assert!(has(&a, Code::ErrorAadsts));
}

#[test]
fn a_credential_list_is_linted_on_its_own() {
    // Azure/azure-cli identity test recording: two credentials on identity 'ide', issuer
    // https://oidc.prod-aks.azure.com/IssuerGUID (no trailing slash), subjects svcaccount1 and 2.
    let a = run(&record("wi-arm-fic-list-response-uami-azcli-recording").input);
    assert_eq!(a.kind, Kind::FederatedCredential);
    let f = a.federation.as_ref().unwrap();
    let subjects: Vec<&str> = f
        .credentials
        .iter()
        .filter_map(|c| c.subject.as_deref())
        .collect();
    assert_eq!(
        subjects,
        [
            "system:serviceaccount:ns:svcaccount1",
            "system:serviceaccount:ns:svcaccount2"
        ]
    );
    for c in &f.credentials {
        assert_eq!(c.source, CredentialSource::Arm);
        assert_eq!(
            c.issuer.as_deref(),
            Some("https://oidc.prod-aks.azure.com/IssuerGUID")
        );
        assert_eq!(c.audiences, ["api://AzureADTokenExchange"]);
        assert!(
            matches!(&c.owner, Some(Owner::UserAssignedIdentity { name, .. }) if name == "ide")
        );
    }
    assert!(f.presented.is_none() && f.matches.is_empty());
    let slash = a.finding(Code::FederationIssuerTrailingSlash).unwrap();
    assert!(slash.detail.contains("'fic1'") && slash.detail.contains("'fic2'"));
    assert!(
        has(&a, Code::FederationIssuerNotPublic),
        "IssuerGUID is the recording's placeholder"
    );
}

#[test]
fn the_webhook_injected_environment_is_explained() {
    // azure-workload-identity quick-start.md: kubectl describe pod after the webhook ran.
    let a = run(&record("wi-kubectl-describe-env-injected-by-webhook").input);
    assert_eq!(a.kind, Kind::Env);
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    let env = &a.request.as_ref().unwrap().env;
    for name in [
        "AZURE_AUTHORITY_HOST",
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_FEDERATED_TOKEN_FILE",
    ] {
        assert!(
            env.iter()
                .any(|e| e.name == name && e.value == "(Injected by the webhook)"),
            "{name}"
        );
    }
    assert!(!has(&a, Code::EnvMissingVariable));
    assert!(
        !has(&a, Code::EnvCredentialPrecedence),
        "workload identity is the credential here"
    );
    assert!(a
        .finding(Code::EnvWorkloadIdentity)
        .unwrap()
        .detail
        .contains("mutated this pod"));
}

/// The regional sample's token with a list of two credentials: one whose issuer lacks the
/// trailing slash, one for another service account. The list is written as `az identity
/// federated-credential list` prints it (the az CLI recording's resource, flattened).
fn token_with_credentials() -> String {
    let token = record("wi-decoded-aks-regional-issuer-token-comment-prefixed").input;
    let issuer = "https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6";
    let fic = |name: &str, issuer: &str, subject: &str| {
        format!(
            r#"{{"audiences":["api://AzureADTokenExchange"],"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azwi-id/federatedIdentityCredentials/{name}","issuer":"{issuer}","name":"{name}","resourceGroup":"rg","subject":"{subject}","type":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"}}"#
        )
    };
    format!(
        "{token}\n\n$ az identity federated-credential list --identity-name azwi-id -g rg\n[{},{}]\n",
        fic("azwi-fic", issuer, "system:serviceaccount:azwi-demo:azwi-sa"),
        fic("other", &format!("{issuer}/"), "system:serviceaccount:default:other")
    )
}

#[test]
fn the_closest_credential_and_the_exact_difference() {
    let a = analyze(&token_with_credentials(), &Context::at(1_651_576_947));
    assert_eq!(a.kind, Kind::FederatedCredential);
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    let f = a.federation.as_ref().unwrap();
    assert_eq!(f.presented.as_ref().unwrap().from, PresentedFrom::Token);
    assert_eq!(f.matches.len(), 2);
    let first = &f.matches[0];
    assert_eq!(first.issuer.status, MatchStatus::DiffersOnlyByTrailingSlash);
    assert_eq!(first.subject.status, MatchStatus::Equal);
    assert_eq!(first.audience.status, MatchStatus::Equal);
    assert!(!first.matched);
    assert_eq!(f.matches[1].issuer.status, MatchStatus::Equal);
    assert_eq!(f.matches[1].subject.status, MatchStatus::Differs);
    assert_eq!(f.closest, Some(0));
    let no = a.finding(Code::FederationNoMatch).unwrap();
    assert_eq!(no.severity, Severity::Error);
    assert!(
        no.detail.contains("'azwi-fic'") && no.detail.contains("differs only by a trailing slash"),
        "{}",
        no.detail
    );
    // The command replaces azwi-fic on identity azwi-id with the presented issuer, slash included.
    let cmd = f.command.as_deref().unwrap();
    assert_eq!(cmd, "az identity federated-credential create --name azwi-fic --identity-name azwi-id --resource-group rg --issuer https://westcentralus.oic.prod-aks.azure.com/291168e9-1ded-42d8-8608-c9ff8fe7c21b/b1c51908-621d-4f2c-aa96-36765db11ed6/ --subject system:serviceaccount:azwi-demo:azwi-sa --audiences api://AzureADTokenExchange");
    // JSON field names are public API.
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(
        json["federation"]["matches"][0]["issuer"]["status"],
        "differs-only-by-trailing-slash"
    );
    assert_eq!(json["federation"]["matches"][0]["matched"], false);
    assert_eq!(json["kind"], "federated_credential");
    assert_eq!(json["platform"], "workload_identity");
}

/// A GitHub Actions OIDC token with the claims docs.github.com's OpenID Connect reference lists
/// (iss, sub `repo:<owner>/<repo>:environment:<name>`, aud, repository, ref, environment,
/// workflow, job_workflow_ref, event_name); no source publishes a whole one, so it is built here.
fn github_token(environment: &str, aud: &str) -> String {
    let payload = serde_json::json!({
        "jti": "example-id",
        "sub": format!("repo:octo-org/octo-repo:environment:{environment}"),
        "environment": environment,
        "aud": aud,
        "ref": "refs/heads/main",
        "sha": "example-sha",
        "repository": "octo-org/octo-repo",
        "repository_owner": "octo-org",
        "workflow": "example-workflow",
        "event_name": "workflow_dispatch",
        "ref_type": "branch",
        "job_workflow_ref": "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
        "iss": "https://token.actions.githubusercontent.com",
        "nbf": 1_632_492_967,
        "exp": 1_632_493_867,
        "iat": 1_632_493_567
    });
    common::token(
        "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"example-thumbprint\"}",
        &payload.to_string(),
    )
}

#[test]
fn a_github_token_against_an_app_registrations_credentials() {
    // `az ad app federated-credential list` output (Graph's shape) for an app whose credential was
    // made for environment 'production' while the workflow's is 'Production' (Azure/login#515).
    let graph = r#"[{"audiences":["api://AzureADTokenExchange"],"description":null,"id":"4d0a0f8e-0000-4000-8000-000000000001","issuer":"https://token.actions.githubusercontent.com","name":"prod","subject":"repo:octo-org/octo-repo:environment:production"},{"audiences":["api://AzureADTokenExchange"],"description":null,"id":"4d0a0f8e-0000-4000-8000-000000000002","issuer":"https://token.actions.githubusercontent.com","name":"main","subject":"repo:octo-org/octo-repo:ref:refs/heads/main"}]"#;
    let paste = format!(
        "{}\n{graph}",
        github_token("Production", "api://AzureADTokenExchange")
    );
    let a = analyze(&paste, &Context::at(1_632_493_600));
    let t = a.token.as_ref().unwrap().federation.as_ref().unwrap();
    assert_eq!(t.kind, AssertionKind::GithubActions);
    assert_eq!(t.environment.as_deref(), Some("Production"));
    assert_eq!(
        t.job_workflow_ref.as_deref(),
        Some("octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main")
    );
    let f = a.federation.as_ref().unwrap();
    assert_eq!(f.credentials[0].source, CredentialSource::Graph);
    assert_eq!(f.matches[0].subject.status, MatchStatus::DiffersOnlyInCase);
    assert_eq!(f.matches[0].subject.difference.as_deref(), Some("credential '…to-repo:environment:[p]roduction' vs presented '…to-repo:environment:[P]roduction'"));
    assert_eq!(f.closest, Some(0));
    assert!(has(&a, Code::FederationNoMatch));
    assert_eq!(
        a.platform, None,
        "GitHub is not a managed-identity platform"
    );
}

#[test]
fn a_matching_credential_is_named() {
    let graph = r#"{"audiences":["api://AzureADTokenExchange"],"issuer":"https://token.actions.githubusercontent.com","name":"prod","subject":"repo:octo-org/octo-repo:environment:Production"}"#;
    let a = analyze(
        &format!(
            "{graph}\n{}",
            github_token("Production", "api://AzureADTokenExchange")
        ),
        &Context::at(1_632_493_600),
    );
    let f = a.federation.as_ref().unwrap();
    assert!(f.matches[0].matched);
    assert!(a
        .finding(Code::FederationMatch)
        .unwrap()
        .title
        .contains("prod"));
    assert!(!has(&a, Code::FederationNoMatch));
}

#[test]
fn a_github_token_for_the_default_audience_cannot_be_exchanged() {
    // GitHub's default aud is the owner's URL (docs.github.com OIDC reference).
    let a = analyze(
        &github_token("prod", "https://github.com/octo-org"),
        &Context::at(1_632_493_600),
    );
    assert!(has(&a, Code::TokenAudienceNotExchange));
    // And once it has expired, azure/login's cached token is the likely cause.
    let a = analyze(
        &github_token("prod", "api://AzureADTokenExchange"),
        &Context::at(1_632_497_000),
    );
    assert!(a
        .finding(Code::TokenAssertionExpired)
        .unwrap()
        .detail
        .contains("GitHub"));
}

#[test]
fn an_error_is_compared_with_the_credentials_pasted_with_it() {
    let text = common::AKS_70021_WITH_TERRAFORM;
    let a = run(text);
    assert_eq!(a.kind, Kind::FederatedCredential);
    assert!(has(&a, Code::ErrorFederationNoMatch));
    let f = a.federation.as_ref().unwrap();
    assert_eq!(f.presented.as_ref().unwrap().from, PresentedFrom::Error);
    let c = &f.credentials[0];
    assert_eq!((c.source, c.line), (CredentialSource::Terraform, Some(3)));
    assert_eq!(
        f.matches[0].issuer.status,
        MatchStatus::DiffersOnlyByTrailingSlash
    );
    assert_eq!(f.matches[0].subject.status, MatchStatus::Equal);
    let no = a.finding(Code::FederationNoMatch).unwrap();
    assert!(no
        .fix
        .as_deref()
        .unwrap()
        .contains("Terraform file (line 3)"));
    assert!(has(&a, Code::FederationIssuerTrailingSlash));
}

#[test]
fn bicep_with_expressions_cannot_be_compared_but_literals_can() {
    // The AKS workload-identity Bicep form: issuer from the cluster resource, subject literal.
    let bicep = "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {\n  name: 'app'\n  parent: uami\n  properties: {\n    issuer: aks.properties.oidcIssuerProfile.issuerURL\n    subject: 'system:serviceaccount:default:tomas1kube'\n    audiences: [\n      'api://AzureADTokenExchange'\n    ]\n  }\n}\n";
    let token = record("wi-decoded-aks-default-sa-token-aud-is-issuer").input;
    let a = run(&format!("{token}\n\n{bicep}"));
    let f = a.federation.as_ref().unwrap();
    assert_eq!(f.credentials[0].source, CredentialSource::Bicep);
    let row = &f.matches[0];
    assert_eq!(row.issuer.status, MatchStatus::Unknown);
    assert_eq!(row.subject.status, MatchStatus::Equal);
    // The default SA token's aud is the issuer, not the credential's audience.
    assert_eq!(row.audience.status, MatchStatus::Differs);
    assert!(a
        .finding(Code::FederationNoMatch)
        .unwrap()
        .detail
        .contains("computes it at deployment"));
}

#[test]
fn azure_login_prints_what_it_presents() {
    // tests/fixtures/sessions.jsonl gha-azure-login-oidc-env-dev-aadsts700213 (GitHub Actions log of
    // azure/login v2.1.0): "Federated token details: issuer - … subject claim - …", then a
    // 700213 cut off mid-subject.
    let s = common::sessions()
        .into_iter()
        .find(|r| r.id == "gha-azure-login-oidc-env-dev-aadsts700213")
        .unwrap();
    let a = run(&s.input);
    let f = a.federation.as_ref().unwrap();
    let p = f.presented.as_ref().unwrap();
    assert_eq!(p.from, PresentedFrom::Log);
    assert_eq!(
        p.issuer.as_deref(),
        Some("https://token.actions.githubusercontent.com")
    );
    assert_eq!(
        p.subject.as_deref(),
        Some("repo:meltwater/meltwater-chatbot:environment:dev")
    );
    assert!(has(&a, Code::ErrorFederationSubjectMismatch));
    // The error cuts the subject off; the log shows it whole, so the diagnosis uses that.
    let e = assertion(&a);
    assert_eq!(e.subject, p.subject);
    assert!(e.unreadable.is_empty());
    assert!(e
        .completed
        .iter()
        .any(|c| c.contains("cuts the subject off")));
    assert!(error(&a)
        .fix
        .contains("exactly 'repo:meltwater/meltwater-chatbot:environment:dev'"));
}

/// An Entra token of a user-assigned identity for api://AzureADTokenExchange, with the claims a
/// managed identity's v2.0 token carries (tests/fixtures/real-world.jsonl jwt-imds-user-mirid-uami
/// shows them for another audience); built here.
fn mi_assertion(mirid: &str, aud: &str) -> String {
    let payload = serde_json::json!({
        "aud": aud,
        "iss": "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 86_000,
        "azp": "5e29463d-71da-4fe0-8e69-999b57db23b0", "azpacr": "2", "idtyp": "app",
        "oid": "0e1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", "sub": "0e1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
        "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47", "ver": "2.0",
        "xms_mirid": mirid
    });
    common::token("{\"typ\":\"JWT\",\"alg\":\"RS256\"}", &payload.to_string())
}

#[test]
fn a_managed_identity_as_an_apps_credential() {
    let mirid = "/subscriptions/0b8f0c5e-0000-4000-8000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-credential";
    let a = run(&mi_assertion(mirid, "api://AzureADTokenExchange"));
    let f = a.token.as_ref().unwrap().federation.as_ref().unwrap();
    assert_eq!(f.kind, AssertionKind::ManagedIdentity);
    // learn.microsoft.com workload-identity-federation-config-app-trust-managed-identity: issuer
    // https://login.microsoftonline.com/{tenant}/v2.0, subject the identity's principal ID.
    let cmd = f.credential_command.as_deref().unwrap();
    assert!(cmd.contains("--issuer https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0 --subject 0e1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"), "{cmd}");
    assert!(
        has(&a, Code::TokenManagedIdentity),
        "the identity is read as before"
    );
    // The same identity's ordinary token is no assertion.
    let a = run(&mi_assertion(mirid, "https://management.azure.com/"));
    assert!(a.token.as_ref().unwrap().federation.is_none());
}

#[test]
fn the_aks_kubelet_identity_is_named() {
    // AKS names the node pools' identity <cluster>-agentpool in the node resource group.
    let mirid = "/subscriptions/0b8f0c5e-0000-4000-8000-000000000000/resourcegroups/MC_rg_aks1_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks1-agentpool";
    let a = run(&mi_assertion(mirid, "https://vault.azure.net"));
    let f = a.finding(Code::TokenAksKubeletIdentity).unwrap();
    assert!(f.detail.contains("'aks1-agentpool'") && f.detail.contains("MC_rg_aks1_westeurope"));
    assert!(f
        .fix
        .as_deref()
        .unwrap()
        .contains("azure.workload.identity/use"));
}

#[test]
fn aad_pod_identity_leftovers() {
    // MicrosoftDocs azure-docs (Flux extension troubleshooting): NMI's answer in a JSON log line.
    let a = run(
        r#"{"Message":"2021/12/02 10:24:56 Error: in getting auth header : error {adal: Refresh request failed. Status Code = '404'. Response body: no azure identity found for request clientID <REDACTED>\n}","LogType":"ConfigAgentTrace","LogLevel":"Information"}"#,
    );
    assert_eq!(error(&a).code, Code::ErrorAadPodIdentity);
    assert!(error(&a)
        .fix
        .contains("workload-identity-migrate-from-pod-identity"));
    // sessions.jsonl csi-podid-events-nmi-404-created-state-16-attempts: no assignment at all.
    let s = common::sessions()
        .into_iter()
        .find(|r| r.id == "csi-podid-events-nmi-404-created-state-16-attempts")
        .unwrap();
    let a = run(&s.input);
    let e = a
        .response
        .as_ref()
        .and_then(|r| r.error.as_ref())
        .expect("the NMI answer diagnosed");
    assert_eq!(e.code, Code::ErrorAadPodIdentity);
    assert!(e.meaning.contains("aadpodidbinding label does not match"));
    // NMI answers 404 until the setup changes: not IMDS's "retry while updating" 404.
    assert_eq!(e.retry.as_ref().map(|r| r.retryable), Some(false));
    // The variable pod identity sets.
    let a = run("AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:2579\nAZURE_CLIENT_ID=5e29463d-71da-4fe0-8e69-999b57db23b0");
    assert!(has(&a, Code::EnvAadPodIdentity));
}

#[test]
fn azure_ml_without_a_default_identity_is_a_setup_error_not_an_outage() {
    // sessions.jsonl go-blobfuse-azureml-resid-warning-500-defaultidentity-null
    // (Azure/azure-storage-fuse#1526): azidentity's "RESPONSE 500" now gives the status, which
    // alone would read as a transient server error.
    let s = common::sessions()
        .into_iter()
        .find(|r| r.id == "go-blobfuse-azureml-resid-warning-500-defaultidentity-null")
        .unwrap();
    let a = run(&s.input);
    let e = error(&a);
    assert_eq!(e.code, Code::ErrorIdentityNotFound);
    assert_eq!(e.status, Some(500));
    assert_eq!(e.platform, Some(Platform::AzureMl));
    assert!(e.fix.contains("client ID"));
    assert_eq!(e.retry.as_ref().map(|r| r.retryable), Some(false));
}

#[test]
fn a_pod_without_workload_identity_falls_back_to_imds() {
    // A pod's printenv (Kubernetes sets KUBERNETES_SERVICE_HOST) with an IMDS answer, the body from
    // tests/fixtures/real-world.jsonl err-imds-identity-not-found-terraform-log.
    let a = run("KUBERNETES_SERVICE_HOST=10.0.0.1\nKUBERNETES_SERVICE_PORT=443\n$ curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'\n{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}");
    assert!(
        has(&a, Code::EnvWorkloadIdentityNotInjected),
        "{:?}",
        a.findings
            .iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>()
    );
    // With the variables there, nothing of the kind.
    let a = run("KUBERNETES_SERVICE_HOST=10.0.0.1\nAZURE_CLIENT_ID=5e29463d-71da-4fe0-8e69-999b57db23b0\nAZURE_TENANT_ID=72f988bf-86f1-41af-91ab-2d7cd011db47\nAZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token\nAZURE_AUTHORITY_HOST=https://login.microsoftonline.com/");
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    assert!(!has(&a, Code::EnvWorkloadIdentityNotInjected));
    assert!(!has(&a, Code::EnvMissingVariable));
}

#[test]
fn an_empty_client_id_in_the_pod_spec() {
    // The 700016 sample's root cause (dfrappart.github.io post): the Deployment's env had
    // AZURE_CLIENT_ID with no value; a pod spec's env list as kubectl get -o yaml prints it.
    let a = run("    env:\n    - name: AZURE_CLIENT_ID\n      value: \"\"\n    - name: AZURE_TENANT_ID\n      value: 72f988bf-86f1-41af-91ab-2d7cd011db47\n    - name: AZURE_FEDERATED_TOKEN_FILE\n      value: /var/run/secrets/azure/tokens/azure-identity-token\n");
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    let f = a.finding(Code::EnvMissingVariable).unwrap();
    assert!(f.detail.contains("AADSTS700016"));
}

#[test]
fn a_pasted_token_exchange_is_checked_and_corrected() {
    // What WorkloadIdentityCredential sends, written as curl, with the two slips the 70011 sample
    // shows: tenant 'organizations' and a bare resource as the scope.
    let curl = "curl -s -X POST \"https://login.microsoftonline.com/organizations/oauth2/v2.0/token\" \\\n  -d grant_type=client_credentials \\\n  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\\n  --data-urlencode \"client_assertion=$(cat $AZURE_FEDERATED_TOKEN_FILE)\" \\\n  -d client_id=$AZURE_CLIENT_ID \\\n  -d scope=https://management.azure.com/";
    let a = run(curl);
    assert_eq!(
        (a.kind, a.platform),
        (Kind::Request, Some(Platform::WorkloadIdentity))
    );
    assert_eq!(
        a.finding(Code::RequestTenant).unwrap().severity,
        Severity::Error
    );
    assert_eq!(
        a.finding(Code::RequestScopeNotDefault)
            .unwrap()
            .fix
            .as_deref(),
        Some("scope=https://management.azure.com//.default")
    );
    assert!(!has(&a, Code::RequestFormField));
    let c = a.request.as_ref().unwrap().corrected.as_ref().unwrap();
    assert_eq!(c.method, "POST");
    assert!(
        c.http.starts_with(
            "POST /$AZURE_TENANT_ID/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com\n"
        ),
        "{}",
        c.http
    );
    assert!(c
        .body
        .as_deref()
        .unwrap()
        .ends_with("&scope=https%3A%2F%2Fmanagement.azure.com%2F%2F.default"));
    // A GET with the grant type wrong.
    let a = run("curl \"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token\" -G --data-urlencode grant_type=password --data-urlencode client_assertion=x --data-urlencode scope=https://vault.azure.net/.default");
    assert!(has(&a, Code::RequestMethod));
    assert!(a.finding(Code::RequestFormField).is_some());
}

#[test]
fn the_platform_can_be_chosen() {
    let a = analyze_with(
        "AZURE_CLIENT_ID=5e29463d-71da-4fe0-8e69-999b57db23b0",
        &Context::at(NOW),
        &Options {
            platform: Some(Platform::WorkloadIdentity),
            ..Options::default()
        },
    );
    assert_eq!(a.platform, Some(Platform::WorkloadIdentity));
    let missing = a.finding(Code::EnvMissingVariable).unwrap();
    assert!(
        missing.title.contains("AZURE_TENANT_ID")
            && missing.title.contains("AZURE_FEDERATED_TOKEN_FILE")
    );
}

#[test]
fn suggested_commands_survive_bash() {
    // Values bash would change are single-quoted: the command is run through bash's own parser
    // (printf prints each argument on its own line) and must give back exactly the values.
    let Ok(out) = std::process::Command::new("bash").arg("--version").output() else {
        eprintln!("bash not installed: skipped");
        return;
    };
    assert!(out.status.success());
    let subject = "repo:o/r:environment:it's $HOME `x` \"q\" *";
    let cmd = mi_core::token::federation::create_command(
        "https://token.actions.githubusercontent.com",
        subject,
        "api://AzureADTokenExchange",
        Some(("n m", "id", "rg")),
    );
    let script = cmd.replacen("az ", "printf '%s\\n' ", 1);
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    let words: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(words.contains(&subject.to_string()), "{words:?}");
    assert!(words.contains(&"n m".to_string()));
}

#[test]
fn generate_code_for_this_writes_the_token_exchange() {
    use mi_core::snippets::{prefill, render, Target};
    // The webhook's environment (azure-workload-identity quick start): the exchange, ARM by default.
    let a = run(&record("wi-kubectl-describe-env-injected-by-webhook").input);
    let p = prefill::from_analysis(&a).unwrap();
    assert_eq!(p.request.platform, Platform::WorkloadIdentity);
    // Azure/azure-sdk-for-net#37453: the refused scope is the resource to ask for, with /.default.
    let a = run(&record("wi-aadsts70011-invalid-scope-resource-not-default-azps").input);
    let p = prefill::from_analysis(&a).unwrap();
    assert_eq!(p.request.platform, Platform::WorkloadIdentity);
    assert_eq!(p.request.resource, "https://management.core.windows.net/");
    let program = render(&p.request, Target::Curl).unwrap();
    assert!(
        program.contains("--data-urlencode 'scope=https://management.core.windows.net//.default'"),
        "{program}"
    );
    assert!(program.contains("--data-urlencode \"client_assertion@$AZURE_FEDERATED_TOKEN_FILE\""));
    assert!(program.contains("\"${authority%/}/$AZURE_TENANT_ID/oauth2/v2.0/token\""));
    // The SDKs use WorkloadIdentityCredential.
    let python = render(&p.request, Target::PythonAzureIdentity).unwrap();
    assert!(
        python.contains("credential = WorkloadIdentityCredential()"),
        "{python}"
    );
}
