//! The whole pipeline on any text, at any time, for every platform choice; half the inputs also
//! carry key material (the text after the first NUL), so signature verification runs too; the same
//! text is the sent token for an access error, so the cross-check runs as well. The text is also
//! compared with the key text, and both reports (text, and Markdown to share) are written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mi_core::{analyze_with, Context, Options, Platform};

const PLATFORMS: [Option<Platform>; 10] = [
    None,
    Some(Platform::Imds),
    Some(Platform::AppService),
    Some(Platform::AppService2017),
    Some(Platform::ContainerApps),
    Some(Platform::ServiceFabric),
    Some(Platform::AzureArc),
    Some(Platform::CloudShell),
    Some(Platform::AzureMl),
    Some(Platform::WorkloadIdentity),
];

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(9));
    let now = head.iter().fold(0i64, |acc, b| acc.wrapping_mul(257).wrapping_add(i64::from(*b)));
    let platform = PLATFORMS[usize::from(head.first().copied().unwrap_or(0)) % PLATFORMS.len()];
    let text = String::from_utf8_lossy(rest);
    let (text, key) = match text.split_once('\0') {
        Some((t, k)) => (t, Some(k)),
        None => (&*text, None),
    };
    let ctx = Context { now, utc_offset_minutes: (now % 1440) as i32 };
    let a = analyze_with(text, &ctx, &Options { platform, key, sent_token: key });
    let _ = serde_json::to_string(&a);
    let _ = mi_core::present::text::render(&a);
    let pasted = [text];
    let share = mi_core::present::share::ShareOptions { mask_ids: now % 2 == 0, pasted: &pasted, key };
    let _ = mi_core::present::share::markdown(&a, &share);
    if let Some(k) = key {
        let _ = mi_core::present::text::render(&mi_core::compare(text, k, &ctx));
    }
});
