//! The token path: base64url, the compact serialisation (JWS/JWE/broken) and claim explanations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mi_core::input::token_text;
use mi_core::token::{self, base64url};
use mi_core::Context;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = base64url::decode(&text);
    if let Some(candidate) = token_text::clean(&text).or_else(|| token_text::find_embedded(&text)) {
        let _ = token::inspect(&candidate, &Context::at(1_700_000_000));
    }
});
