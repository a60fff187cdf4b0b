//! The snippet generator on any request: every target, every platform, any resource, identity,
//! api-version and endpoint override (values split from the input at NULs). Refusals are fine;
//! panics are not.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mi_core::request::{RequestedIdentity, TokenRequest};
use mi_core::snippets::{prefill, render, Target};
use mi_core::{analyze, Context, Platform};

const PLATFORMS: [Platform; 9] = [
    Platform::Imds,
    Platform::AppService,
    Platform::AppService2017,
    Platform::ContainerApps,
    Platform::ServiceFabric,
    Platform::AzureArc,
    Platform::CloudShell,
    Platform::AzureMl,
    Platform::WorkloadIdentity,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let resource = parts.next().unwrap_or_default();
    let id = parts.next().unwrap_or_default().to_string();
    let mut request = TokenRequest::new(PLATFORMS[usize::from(selector) % PLATFORMS.len()], resource);
    request.identity = match (selector >> 3) % 4 {
        0 => RequestedIdentity::System,
        1 => RequestedIdentity::ClientId(id),
        2 => RequestedIdentity::ObjectId(id),
        _ => RequestedIdentity::ResourceId(id),
    };
    request.api_version = parts.next().map(str::to_string);
    request.endpoint_override = parts.next().map(str::to_string);
    for target in Target::ALL {
        let _ = render(&request, *target);
    }
    // And the request a report implies, from the same bytes as a paste.
    if let Some(p) = prefill::from_analysis(&analyze(&text, &Context::at(1_700_000_000))) {
        for target in Target::ALL {
            let _ = render(&p.request, *target);
        }
    }
});
