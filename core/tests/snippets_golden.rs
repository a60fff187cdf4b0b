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
    hostile.platform = mi_core::Platform::WorkloadIdentity;
    out.push((PathBuf::from("hostile/workload_identity"), hostile.clone()));
    let mut tunnel = TokenRequest::new(mi_core::Platform::Imds, RESOURCE);
    tunnel.endpoint_override = Some("http://127.0.0.1:8000/metadata/identity/oauth2/token".into());
    out.push((PathBuf::from("override/imds"), tunnel.clone()));
    tunnel.platform = mi_core::Platform::AzureArc;
    out.push((PathBuf::from("override/azure_arc"), tunnel.clone()));
    // Workload identity: the override replaces Entra's default host (AZURE_AUTHORITY_HOST wins).
    tunnel.platform = mi_core::Platform::WorkloadIdentity;
    tunnel.endpoint_override = Some("http://127.0.0.1:8000/".into());
    out.push((PathBuf::from("override/workload_identity"), tunnel));
    out
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
    // the clientid-only platforms; nothing else for the HTTP targets.
    for (dir, request) in cases() {
        let limited = request.check().is_err();
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
