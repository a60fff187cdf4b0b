//! Access errors: every record of tests/fixtures/access-errors.jsonl (what Key Vault, Storage,
//! Resource Manager, Graph, SQL, Cosmos DB, Service Bus, Event Hubs, App Configuration and
//! Container Registry answered after the token; each record names its source) gets the service,
//! cause, status, caller and role its source shows, and a fix that uses the error's own values.
//! Expected values are read from each record's `expect` (written from the source), or quoted
//! from its input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::access::{AccessReport, Cause, Service};
use mi_core::{analyze, analyze_with, Analysis, Code, Context, Kind, Options};
use serde_json::Value;

const NOW: i64 = 1_700_000_000;

fn report(input: &str) -> (Analysis, AccessReport) {
    let a = analyze(input, &Context::at(NOW));
    let r = a
        .access
        .clone()
        .unwrap_or_else(|| panic!("no access report ({:?}) for:\n{input}", a.kind));
    (a, r)
}

fn record(id: &str) -> common::RealWorld {
    common::access_errors()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// The samples' `expect.cause` uses `other` where no cause of its list fits. Where the source
/// says more than that, the report names it; these are the records, and why.
fn expected_cause(id: &str, expect: &str) -> String {
    match (id, expect) {
        // "mssql: login error: Login failed for user '<token-identified principal>'" without
        // "invalid token": the note says the principal has no user in the database.
        ("sql-token-principal-login-failed-sqlcmd-uami-master", "other") => "permission-missing",
        // Authorization_RequestDenied, "Insufficient privileges": a Graph permission is missing.
        ("graph-authorization-requestdenied-azcli-httperror-wrapped", "other") => {
            "permission-missing"
        }
        // The kubelet message is ambiguous (the note says so): no cause is claimed.
        (_, "other") => "unknown",
        (_, c) => c,
    }
    .to_string()
}

/// The samples name Key Vault for the CAE claims challenge because of where it was recorded;
/// the challenge itself names no service (every CAE-enabled resource sends this form).
fn expected_service(id: &str, expect: &str) -> String {
    match id {
        "kv-cae-insufficient-claims-www-authenticate-net-test" => "unknown".to_string(),
        _ => expect.to_string(),
    }
}

#[test]
fn every_record_gets_the_service_cause_status_and_caller_its_source_shows() {
    let records = common::access_errors();
    assert_eq!(records.len(), 26);
    for rec in records {
        let (a, r) = report(&rec.input);
        let e = &rec.expect;
        assert_eq!(a.kind, Kind::AccessError, "{}", rec.id);
        assert_eq!(
            json(&r.service),
            Value::String(expected_service(&rec.id, e["service"].as_str().unwrap())),
            "{}",
            rec.id
        );
        assert_eq!(
            json(&r.cause),
            Value::String(expected_cause(&rec.id, e["cause"].as_str().unwrap())),
            "{}",
            rec.id
        );
        if let Some(status) = e["status"].as_u64() {
            assert_eq!(r.status.map(u64::from), Some(status), "{}", rec.id);
        }
        if let Some(caller) = e["caller"].as_object() {
            let c = json(r.caller.as_ref().expect("a caller"));
            for (k, v) in caller {
                assert_eq!(&c[k], v, "{} caller.{k}", rec.id);
            }
        }
        for field in ["action", "scope", "expected", "found"] {
            if let (Some(want), Some(got)) = (e[field].as_str(), json(&r)[field].as_str()) {
                // The samples add words in parentheses; the value itself must be there.
                let core = want.split(" (").next().unwrap();
                assert!(
                    got.contains(core) || core.contains(got),
                    "{} {field}: {got:?} vs {want:?}",
                    rec.id
                );
            }
        }
        // The diagnosis is the first finding, with its cause's code.
        assert_eq!(
            a.findings[0].code.as_str(),
            format!("access.{}", r.cause.as_str()),
            "{}",
            rec.id
        );
        assert!(!r.summary.is_empty() && !r.fix.is_empty(), "{}", rec.id);
        // Retry advice names the status when there is one.
        match r.status {
            Some(s) => assert!(
                r.retry.advice.starts_with(&format!("HTTP {s}")),
                "{}",
                rec.id
            ),
            None => assert!(r.retry.advice.starts_with("No HTTP status"), "{}", rec.id),
        }
    }
}

#[test]
fn the_role_the_source_names_is_the_one_recommended() {
    for rec in common::access_errors() {
        let Some(want) = rec.expect["role"].as_str() else {
            continue;
        };
        let (_, r) = report(&rec.input);
        let names: Vec<&str> = r.roles.iter().map(|x| x.name).collect();
        // The least privileged role comes first, and the sample names it first.
        let first = names
            .first()
            .unwrap_or_else(|| panic!("{}: no role", rec.id));
        assert!(
            want.starts_with(first),
            "{}: {first} first, sample: {want}",
            rec.id
        );
        // Every other built-in role the sample names is listed too.
        let catalogue = mi_core::azure::roles::ROLES;
        let named: Vec<&str> = catalogue
            .iter()
            .map(|r| r.name)
            .filter(|n| want.contains(n))
            .collect();
        for role in &named {
            // "Owner" inside "Azure Service Bus Data Owner" is that role, not Owner.
            let part_of_longer = named.iter().any(|n| n != role && n.contains(role));
            if !part_of_longer {
                assert!(names.contains(role), "{}: {role} missing", rec.id);
            }
        }
        // The first command assigns it.
        let command = &r.commands.first().expect("a command").command;
        assert!(command.contains(first), "{}: {command}", rec.id);
    }
}

#[test]
fn key_vault_rbac_fix_uses_the_callers_object_id_and_the_errors_resource() {
    // Azure/bicep#6539: a Bicep deployment reading a key through the data plane.
    let (_, r) = report(&record("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli").input);
    assert_eq!(r.roles[0].id, "21090545-7ca7-4776-b22c-e363652d74d2");
    let bash = &r.commands[0].command;
    assert_eq!(
        bash,
        "az role assignment create --assignee-object-id 2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f \
         --assignee-principal-type User --role 'Key Vault Reader' --scope \
         /subscriptions/779b3f2b-726d-430d-a1b7-f8c309b3bbd0/resourcegroups/test-bicep-1/providers/microsoft.keyvault/vaults/keyvaultyev4drsxxb3ai/keys/prodkey"
    );
    assert!(r.commands[1].command.starts_with(
        "New-AzRoleAssignment -ObjectId 2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f -RoleDefinitionName 'Key Vault Reader'"
    ));
    // The caller's client is the Azure CLI: a person, so a User assignment.
    assert_eq!(r.caller.as_ref().unwrap().tool, Some("the Azure CLI"));
    assert!(r.notes.iter().any(|n| n.contains("24 hours")));
    assert!(!r.retry.retryable);
    assert_eq!(r.target.object_name.as_deref(), Some("prodkey"));
    assert_eq!(r.resource.as_deref(), Some("https://vault.azure.net"));
}

#[test]
fn key_vault_rbac_from_terraform_names_the_vault_url_and_secret_for_the_call() {
    // piyushsachdeva/Terraform_AKS#2: Terraform (autorest) reading a secret from an RBAC vault,
    // with the reporter's masked IDs.
    let input = "│ Error: checking for presence of existing Secret \"7XXXXXXXX6\" (Key Vault \"https://test-piyush-kv-1011.vault.azure.net/\"): keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code=\"Forbidden\" Message=\"Caller is not authorized to perform action on resource.\\r\\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\\r\\nCaller: appid=0XXXXXXXX6;oid=5XXXXXXXXa;iss=https://sts.windows.net/ee4XXXXXXXXd6/\\r\\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\\r\\nResource: '/subscriptions/dXXXXXXXX01/resourcegroups/test-piyush1-rg/providers/microsoft.keyvault/vaults/test-piyush-kv-1011/secrets/7cXXXXXXXX96'\\r\\nAssignment: (not found)\\r\\nDenyAssignmentId: null\\r\\nDecisionReason: 'DeniedWithNoValidRBAC' \\r\\nVault: test-piyush-kv-1011;location=canadacentral\\r\\n\" InnerError={\"code\":\"ForbiddenByRbac\"}\n│\n│   with azurerm_key_vault_secret.example,";
    let (_, r) = report(input);
    assert_eq!(
        (r.service, r.cause),
        (Service::KeyVault, Cause::RbacMissing)
    );
    assert_eq!(r.inner_code.as_deref(), Some("ForbiddenByRbac"));
    assert_eq!(r.roles[0].name, "Key Vault Secrets User");
    assert_eq!(r.roles[0].id, "4633458b-17de-408a-b874-0445c86b69e6");
    assert!(r.meaning.contains("DeniedWithNoValidRBAC"));
    // The object ID is masked: the command names what belongs there.
    assert!(r.commands[0]
        .command
        .contains("--assignee-object-id '<principal-object-id>'"));
    assert_eq!(
        r.target.vault_url.as_deref(),
        Some("https://test-piyush-kv-1011.vault.azure.net")
    );
    assert_eq!(r.target.vault_name.as_deref(), Some("test-piyush-kv-1011"));
    assert_eq!(r.target.object_type.as_deref(), Some("secrets"));
}

#[test]
fn access_policy_vaults_get_set_policy_with_the_permission_from_the_message() {
    // turbot/steampipe-plugin-azure#127.
    let (_, r) = report(&record("kv-accesspolicy-list-go-autorest-steampipe").input);
    assert_eq!(
        r.commands[0].command,
        "az keyvault set-policy --name diskvault001 --object-id 09e7a3cd-4fc8-4d55-bb62-aaef76a8b439 --secret-permissions list"
    );
    assert_eq!(
        r.commands[1].command,
        "Set-AzKeyVaultAccessPolicy -VaultName diskvault001 -ObjectId 09e7a3cd-4fc8-4d55-bb62-aaef76a8b439 -PermissionsToSecrets list"
    );
    assert_eq!(r.caller.as_ref().unwrap().groups, Some(2));
    assert_eq!(
        (r.error_code.as_deref(), r.inner_code.as_deref()),
        (Some("Forbidden"), Some("AccessDenied"))
    );
    // The RBAC equivalent of "secrets list" is readMetadata: Key Vault Reader or Secrets User.
    assert_eq!(r.roles[0].name, "Key Vault Reader");
    assert!(r.roles.iter().any(|x| x.name == "Key Vault Secrets User"));
    // ansible-collections/azure#635: everything redacted; placeholders, the permission kept.
    let (_, r) = report(&record("kv-accesspolicy-set-python-keyvaulterrorexception-wrapped").input);
    assert_eq!(
        r.commands[0].command,
        "az keyvault set-policy --name '<vault-name>' --object-id '<principal-object-id>' --secret-permissions set"
    );
    assert_eq!(r.roles[0].name, "Key Vault Secrets Officer");
}

#[test]
fn the_vault_firewall_gets_the_address_and_the_managed_identity_caller() {
    // courselabs/azure vnet-apps lab.
    let (_, r) = report(&record("kv-forbiddenbyfirewall-appservice-mi-xmsmirid-json").input);
    assert_eq!(
        r.commands[0].command,
        "az keyvault network-rule add --name labsvnetappses --ip-address 20.126.176.160"
    );
    let c = r.caller.unwrap();
    assert_eq!(
        c.managed_identity.as_deref(),
        Some("/subscriptions/161aa8d6-1b59-4fff-946c-e1172b68d76c/resourcegroups/labs-vnet-apps/providers/Microsoft.Web/sites/app-name")
    );
    assert!(r.roles.is_empty(), "no role fixes a firewall");
}

#[test]
fn key_vault_token_errors_name_what_to_request() {
    // argoproj-labs/argocd-vault-plugin#621: AKV10022.
    let (_, r) = report(&record("kv-akv10022-spn-audience-argocd-go-autorest").input);
    assert_eq!(r.resource.as_deref(), Some("https://vault.azure.net"));
    assert!(r.fix.contains("https://vault.azure.net") && r.fix.contains("trailing slash"));
    assert!(r.commands.is_empty());
    // Key Vault SDK test: AKV10032, with the five accepted issuers.
    let (_, r) = report(&record("kv-akv10032-invalid-issuer-moved-tenant-net-test").input);
    assert!(r
        .expected
        .unwrap()
        .contains("72f988bf-86f1-41af-91ab-2d7cd011db47"));
    // Go SDK troubleshooting guide: KeyOperationForbidden is the key's key_ops.
    let (_, r) = report(&record("kv-keyoperationforbidden-go-response-403").input);
    assert!(r.commands[0].command.contains("--query key.keyOps"));
    assert!(r.commands[1].command.contains("--ops decrypt"));
    assert_eq!(r.roles[0].name, "Key Vault Crypto User");
}

#[test]
fn storage_errors_from_xml_headers_and_challenges() {
    // Azure/kusto-copy#79: AuthorizationPermissionMismatch in a RequestFailedException.
    let (_, r) = report(&record("storage-authorizationpermissionmismatch-net-kusto-copy").input);
    assert_eq!(
        r.error_code.as_deref(),
        Some("AuthorizationPermissionMismatch")
    );
    assert_eq!(
        r.commands
            .iter()
            .filter(|c| c.command.starts_with("az role assignment create"))
            .count(),
        2,
        "read-only and read-write, as the operation is not named"
    );
    assert!(r.notes.iter().any(|n| n.contains("30 minutes")));
    // microsoft/AzureStorageExplorer#3586: XML JSON-escaped inside an array.
    let (_, r) =
        report(&record("storage-bearer-not-supported-resterror-xml-storage-explorer").input);
    assert_eq!(r.status_source, Some("error code"));
    assert!(r.fix.contains("x-ms-version"));
    assert_eq!(r.time.as_ref().unwrap().epoch, Some(1_600_108_504));
    // azure-sdk-for-js recording: Storage's unquoted challenge.
    let (_, r) = report(&record("storage-www-authenticate-authorization-uri-resource-id").input);
    let c = r.challenge.unwrap();
    assert_eq!(c.scheme, "Bearer");
    assert_eq!(c.resource(), Some("https://storage.azure.com"));
    assert_eq!(c.tenant(), Some("aaaaa"));
}

#[test]
fn claims_challenges_are_decoded() {
    // Azure.Security.KeyVault.Secrets tests: the decoded claims the test asserts.
    let (a, r) = report(&record("kv-cae-insufficient-claims-www-authenticate-net-test").input);
    assert_eq!(
        r.challenge.unwrap().claims,
        Some(serde_json::json!({"access_token":{"acrs":{"essential":true,"value":"cp1"}}}))
    );
    assert!(r.retry.retryable);
    assert!(a.finding(Code::AccessClaimsChallenge).is_some());
}

#[test]
fn resource_manager_errors() {
    // Azure/terraform-provider-azapi#220: the reporter's placeholders are kept in the scope.
    let (_, r) = report(&record("arm-authorizationfailed-go-response-403-terraform-azapi").input);
    assert_eq!(r.shape, mi_core::access::Shape::GoSdk);
    assert!(r.commands[0].command.ends_with(
        "--scope '/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.OperationalInsights/workspaces/<workspace name>/dataSources/customlog'"
    ));
    assert!(
        r.commands[0].command.contains("'<principal-object-id>'"),
        "'someid' is no GUID"
    );
    // hashicorp/go-azure-helpers#51: four allowed audiences, found the AAD Graph.
    let rec = record("arm-invalidtokenaudience-cloudshell-msi-graph-terraform");
    let (_, r) = report(&rec.input);
    assert_eq!(r.resource.as_deref(), Some("https://management.azure.com/"));
    assert_eq!(r.expected.as_deref(), rec.expect["expected"].as_str());
    // AzureAD/azure-activedirectory-library-for-python#43: broken JSON, old code, strict slash.
    let (_, r) = report(&record("arm-authfailed-graph-guid-audience-malformed-json-adal").input);
    assert_eq!(r.error_code.as_deref(), Some("AuthenticationFailed"));
    assert!(r.fix.contains("with the slash"));
    // Azure/LogicAppsUX#9068.
    let (_, r) = report(&record("arm-invalidtokentenant-logicapp-msa-tenant").input);
    assert!(r
        .fix
        .contains("https://login.windows.net/a602cbf4-21c3-4761-b54e-acf397842b82"));
}

#[test]
fn resource_manager_times_are_read_when_they_survive() {
    // The same ExpiredAuthenticationToken message with its times (the format the telemetry
    // record redacts): microsoft/vscode-azureappservice#2483's unredacted wording.
    let input = "{\"error\":{\"code\":\"ExpiredAuthenticationToken\",\"message\":\"The access token expiry UTC time '5/14/2021 4:56:11 PM' is earlier than current UTC time '5/14/2021 5:11:21 PM'.\"}}";
    let (_, r) = report(input);
    assert_eq!(r.cause, Cause::TokenExpired);
    assert_eq!(
        r.found.as_deref(),
        Some("token expired at 5/14/2021 4:56:11 PM UTC")
    );
    assert_eq!(r.time.unwrap().epoch, Some(1_621_012_281));
    // The telemetry scrubber's version keeps only the code.
    let (_, r) = report(&record("arm-expiredauthenticationtoken-telemetry-redacted").input);
    assert_eq!((r.found, r.time), (None, None));
}

#[test]
fn cosmos_messaging_registry_and_sql() {
    // dotnet/efcore#32197: 5300, create container.
    let (_, r) = report(&record("cosmos-5300-create-container-data-plane-efcore").input);
    assert!(r
        .commands
        .iter()
        .any(|c| c.command.contains("--database-name catalogdb")));
    // Azure/azure-cosmos-dotnet-v3#3110: 5301, readMetadata, the principal masked.
    let input = "Response status code does not indicate success: Forbidden (403); Substatus: 5301; ActivityId: XXXX; Reason: (Request blocked by Auth XXXX : Request is blocked because principal [XXXX] does not have required RBAC permissions to perform action [Microsoft.DocumentDB/databaseAccounts/readMetadata] on resource [3TxEAO5CNTo=]. Learn more: https://aka.ms/cosmos-native-rbac.";
    let (_, r) = report(input);
    assert_eq!(
        (r.service, r.cause, r.status),
        (Service::CosmosDb, Cause::RbacMissing, Some(403))
    );
    assert_eq!(r.roles[0].id, "00000000-0000-0000-0000-000000000001");
    assert!(r.commands[0]
        .command
        .starts_with("az cosmosdb sql role assignment create"));
    // MicrosoftDocs/azure-docs#76896: the subscription scope, Receiver then Owner.
    let (_, r) = report(&record("servicebus-listen-manage-claims-required-track1-net").input);
    assert!(r.commands[0].command.contains(
        "/providers/Microsoft.ServiceBus/namespaces/sbn-xxx-dev-001/topics/xxxtopic/subscriptions/xxxsubscription"
    ));
    // Azure/azure-service-bus-java#110: the event hub scope, `$default` quoted for bash.
    let (_, r) = report(&record("eventhubs-listen-claims-java-authorizationfailedexception").input);
    assert!(r.commands[0]
        .command
        .contains("/namespaces/edgeeventhub/eventhubs/edgeeventhub"));
    assert_eq!(r.resource.as_deref(), Some("https://eventhubs.azure.net"));
    // Azure/AKS#4459: containerd's anonymous token; AcrPull and `az aks update --attach-acr`.
    let (_, r) = report(&record("acr-401-anonymous-token-aks-containerd").input);
    assert_eq!(r.roles[0].id, "7f951dda-4ed3-4680-a7ca-43fe172d538d");
    assert!(r
        .commands
        .iter()
        .any(|c| c.command.contains("--attach-acr")));
    // Azure/sql-action#213: a database user, in T-SQL.
    let (_, r) = report(&record("sql-token-principal-login-failed-sqlcmd-uami-master").input);
    assert!(r.commands[0].command.contains("FROM EXTERNAL PROVIDER"));
    assert_eq!(r.resource.as_deref(), Some("https://database.windows.net/"));
}

/// A token with these claims and a fake signature.
fn token(claims: Value) -> String {
    common::token(r#"{"typ":"JWT","alg":"RS256"}"#, &claims.to_string())
}

#[test]
fn the_sent_token_is_compared_with_the_error() {
    let error = record("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli").input;
    // The IMDS recording's user-assigned identity token (for Resource Manager), sent to the vault.
    let uami = common::sample("jwt-imds-user-mirid-uami");
    let a = analyze_with(
        &error,
        &Context::at(NOW),
        &Options {
            sent_token: Some(&uami),
            ..Options::default()
        },
    );
    let differs = a
        .finding(Code::AccessCallerDiffersFromToken)
        .expect("differs");
    assert!(differs.detail.contains("xymsi"), "{}", differs.detail);
    assert!(a.finding(Code::AccessTokenAudienceMismatch).is_some());
    assert!(a.finding(Code::AccessTokenCacheAge).is_some());
    let sent = a.access.as_ref().unwrap().sent_token.as_ref().unwrap();
    assert_eq!(
        sent.oid.as_deref(),
        Some("3e277453-b6c4-4763-aed2-145a7a915d5b")
    );
    assert!(a.token.is_some(), "the sent token is decoded too");
    // The same tenant as the error's caller.
    assert!(a.finding(Code::AccessTokenTenantMismatch).is_none());

    // A token for the caller the error names, for Key Vault.
    let same = token(serde_json::json!({
        "aud": "https://vault.azure.net",
        "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
        "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "oid": "2f1b09f9-1887-46f5-b0e4-d7a8e47fe87f",
        "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "iat": NOW - 600, "exp": NOW + 3000,
    }));
    let a = analyze_with(
        &error,
        &Context::at(NOW),
        &Options {
            sent_token: Some(&same),
            ..Options::default()
        },
    );
    assert!(a.finding(Code::AccessCallerMatchesToken).is_some());
    assert!(a.finding(Code::AccessTokenAudienceMismatch).is_none());
}

#[test]
fn a_token_that_expired_before_the_error_is_named() {
    // The Storage error says it happened at 2020-09-14T18:35:04Z.
    let error = record("storage-bearer-not-supported-resterror-xml-storage-explorer").input;
    let old = token(serde_json::json!({
        "aud": "https://storage.azure.com/", "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "oid": "3e277453-b6c4-4763-aed2-145a7a915d5b", "iat": 1_600_100_000, "exp": 1_600_103_600,
    }));
    let a = analyze_with(
        &error,
        &Context::at(NOW),
        &Options {
            sent_token: Some(&old),
            ..Options::default()
        },
    );
    assert!(a.finding(Code::AccessTokenExpiredAtError).is_some());
}

#[test]
fn a_paste_holding_the_error_and_the_token_is_cross_checked() {
    // A log with the request (and its token) and the vault's answer, one after the other.
    let uami = common::sample("jwt-imds-user-mirid-uami");
    let error = record("kv-forbiddenbyfirewall-appservice-mi-xmsmirid-json").input;
    let log = format!("GET https://labsvnetappses.vault.azure.net/secrets/db?api-version=7.4\nAuthorization: Bearer {uami}\n\n{error}");
    let (a, r) = report(&log);
    assert_eq!(r.cause, Cause::NetworkDenied);
    assert!(a.finding(Code::AccessCallerDiffersFromToken).is_some());
    assert_eq!(r.target.object_name.as_deref(), Some("db"));
    assert_eq!(
        r.target.vault_url.as_deref(),
        Some("https://labsvnetappses.vault.azure.net")
    );
}

#[test]
fn managed_identity_endpoint_errors_stay_what_they_were() {
    // Every real-world MI error keeps its kind: resources' readers do not claim them.
    for rec in common::real_world() {
        let a = analyze(&rec.input, &Context::at(NOW));
        assert_ne!(a.kind, Kind::AccessError, "{}", rec.id);
        assert!(a.access.is_none());
    }
}
