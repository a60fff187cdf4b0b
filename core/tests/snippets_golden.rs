//! Golden files for every snippet target × platform × identity kind, plus hostile values.
//! A difference or a missing file fails; `BLESS=1 cargo test --test snippets_golden` rewrites
//! them (review the diff like code). A request a platform cannot serve is pinned too, as the
//! reason the generator gives (`<target>.unsupported`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mi_core::azure::platforms::{self, SPECS};
use mi_core::request::{RequestedIdentity, TokenRequest};
use mi_core::snippets::{render, Target};

const RESOURCE: &str = "https://management.azure.com/";
const CLIENT_ID: &str = "9eba17f1-2c52-4ef9-9b43-2fd1e6c3d0a4";
const OBJECT_ID: &str = "5f8a4a55-1e3b-4c3f-8a65-3b1f0a2c6d7e";
const RESOURCE_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/my-identity";
/// Every character the escapers must handle (issue 5 §3), in the resource and the identity.
pub const HOSTILE: &str = "it's \"q\" \\ $HOME `id` !x #h\nl\tt\u{a0}\u{2019}\u{1F600}&a=b";

fn identities() -> [(&'static str, RequestedIdentity); 4] {
    [
        ("system", RequestedIdentity::System),
        ("client_id", RequestedIdentity::ClientId(CLIENT_ID.into())),
        ("object_id", RequestedIdentity::ObjectId(OBJECT_ID.into())),
        (
            "resource_id",
            RequestedIdentity::ResourceId(RESOURCE_ID.into()),
        ),
    ]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snippets")
}

fn file_for(dir: &Path, target: Target, supported: bool) -> PathBuf {
    let ext = if supported {
        target.file_name().rsplit('.').next().unwrap_or("txt")
    } else {
        "unsupported"
    };
    dir.join(format!("{}.{ext}", target.id()))
}

/// Every case: (directory under fixtures/snippets, request).
fn cases() -> Vec<(PathBuf, TokenRequest)> {
    let mut out = Vec::new();
    for spec in SPECS {
        for (name, identity) in identities() {
            let mut r = TokenRequest::new(spec.platform, RESOURCE);
            r.identity = identity;
            out.push((PathBuf::from(platforms::id(spec.platform)).join(name), r));
        }
    }
    let mut hostile = TokenRequest::new(mi_core::Platform::Imds, HOSTILE);
    hostile.identity = RequestedIdentity::ClientId(HOSTILE.into());
    out.push((PathBuf::from("hostile/imds"), hostile.clone()));
    hostile.platform = mi_core::Platform::AppService;
    out.push((PathBuf::from("hostile/app_service"), hostile.clone()));
    // Values the pasted code leaves to its caller (the seed article's C# takes the resource as a
    // parameter): the programs take them as arguments instead of sending the placeholder.
    let open = TokenRequest::new(mi_core::Platform::AppService, "<resource>");
    out.push((PathBuf::from("placeholder/app_service"), open));
    let mut open = TokenRequest::new(mi_core::Platform::Imds, "<resource>");
    open.identity = RequestedIdentity::ClientId("<clientId>".into());
    out.push((PathBuf::from("placeholder/imds"), open));
    out.extend(call_cases());
    let mut tunnel = TokenRequest::new(mi_core::Platform::Imds, RESOURCE);
    tunnel.endpoint_override = Some("http://127.0.0.1:8000/metadata/identity/oauth2/token".into());
    out.push((PathBuf::from("override/imds"), tunnel.clone()));
    tunnel.platform = mi_core::Platform::AzureArc;
    out.push((PathBuf::from("override/azure_arc"), tunnel));
    out
}

/// Programs that get the token and make the call an access report is about (issue 11 §4): one per
/// service, on platforms with different flows (IMDS, App Service with a user-assigned identity,
/// Arc's challenge, Service Fabric's pinned certificate), a Resource Manager scope whose
/// api-version is not known (unsupported), and a blob URL with every character a URL may hold
/// that a language treats specially.
fn call_cases() -> Vec<(PathBuf, TokenRequest)> {
    use mi_core::request::ResourceCall;
    use mi_core::Platform;
    let vault = ResourceCall::key_vault_secret("https://myvault.vault.azure.net", "db-password");
    let blob = ResourceCall::storage("https://myaccount.blob.core.windows.net/reports/2024/q1.csv");
    let group =
        ResourceCall::arm("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg");
    let vm = ResourceCall::arm("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm");
    let odd = ResourceCall::storage(
        "https://myaccount.blob.core.windows.net/c/it's$HOME!x&a=b;(c)*+,%41@~",
    );
    let mut storage = TokenRequest::for_call(Platform::AppService, blob);
    storage.identity = RequestedIdentity::ClientId(CLIENT_ID.into());
    vec![
        (
            PathBuf::from("call/key_vault_imds"),
            TokenRequest::for_call(Platform::Imds, vault.clone()),
        ),
        (PathBuf::from("call/storage_app_service"), storage),
        (
            PathBuf::from("call/arm_azure_arc"),
            TokenRequest::for_call(Platform::AzureArc, group),
        ),
        (
            PathBuf::from("call/key_vault_service_fabric"),
            TokenRequest::for_call(Platform::ServiceFabric, vault),
        ),
        (
            PathBuf::from("call/arm_unknown_type"),
            TokenRequest::for_call(Platform::Imds, vm),
        ),
        (
            PathBuf::from("call/hostile_storage_imds"),
            TokenRequest::for_call(Platform::Imds, odd),
        ),
    ]
}

#[test]
fn every_target_platform_and_identity_matches_its_golden_file() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut expected_files = BTreeSet::new();
    let mut failures = Vec::new();
    for (dir, request) in cases() {
        let dir = root().join(dir);
        for target in Target::ALL {
            let (text, supported) = match render(&request, *target) {
                Ok(program) => (program, true),
                Err(reason) => (format!("{}\n", reason.0), false),
            };
            let path = file_for(&dir, *target, supported);
            expected_files.insert(path.clone());
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(golden) if golden == text => {}
                Ok(golden) => failures.push(format!(
                    "{} differs:\n{}",
                    path.display(),
                    first_difference(&golden, &text)
                )),
                Err(_) => failures.push(format!("{} is missing", path.display())),
            }
        }
    }
    // No stale golden files either: every file must belong to a case.
    let mut stale = Vec::new();
    collect(&root(), &mut |p| {
        if !expected_files.contains(p) {
            stale.push(p.display().to_string());
        }
    });
    if bless {
        for s in &stale {
            std::fs::remove_file(s).unwrap();
        }
        return;
    }
    failures.extend(stale.into_iter().map(|s| format!("{s} is stale")));
    assert!(
        failures.is_empty(),
        "{} golden file problems (re-bless with BLESS=1 cargo test --test snippets_golden):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn collect(dir: &Path, f: &mut impl FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, f);
        } else {
            f(&p);
        }
    }
}

fn first_difference(golden: &str, actual: &str) -> String {
    for (i, (g, a)) in golden.lines().zip(actual.lines()).enumerate() {
        if g != a {
            return format!("  line {}:\n  - {g}\n  + {a}", i + 1);
        }
    }
    format!(
        "  lengths differ: {} lines golden, {} generated",
        golden.lines().count(),
        actual.lines().count()
    )
}

#[test]
fn unsupported_cases_are_exactly_the_platform_limits() {
    // User-assigned identities on Arc, Cloud Shell and Service Fabric; object and resource IDs on
    // the clientid-only platforms; a call with an unknown api-version; nothing else for the HTTP
    // targets.
    for (dir, request) in cases() {
        // A call whose api-version is not known cannot be written for any target either.
        let call_unknown = request.call.as_ref().is_some_and(|c| c.check().is_err());
        let limited = request.check().is_err() || call_unknown;
        for target in Target::ALL.iter().filter(|t| !t.uses_sdk()) {
            assert_eq!(
                render(&request, *target).is_err(),
                limited,
                "{} {}",
                dir.display(),
                target.id()
            );
        }
    }
}
