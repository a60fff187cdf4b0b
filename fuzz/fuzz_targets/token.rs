//! The token path: both base64url readers, the compact serialisation (JWS/JWE/broken) and claim
//! explanations. The strict reader (what signature verification reads each part with) must accept
//! only the canonical encoding: whatever it reads back, the encoder writes identically, and the
//! forgiving reader reads it the same way without forgiving anything.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mi_core::input::token_text;
use mi_core::input::base64url;
use mi_core::token;
use mi_core::Context;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lenient = base64url::decode(&text);
    if let Ok(bytes) = base64url::decode_strict(&text) {
        assert_eq!(base64url::encode(&bytes), text);
        assert_eq!(lenient.bytes, bytes);
        assert!(lenient.error.is_none() && !lenient.padded && lenient.standard_at.is_none());
    }
    if let Some(candidate) = token_text::clean(&text).or_else(|| token_text::find_embedded(&text)) {
        let (report, _) = token::inspect(&candidate, &Context::at(1_700_000_000));
        // What verification reads as the token as pasted is the compact token plus the
        // characters the cleaner removed.
        if let Some(as_pasted) = &report.as_pasted {
            let kept: String = as_pasted.chars().filter(|c| !token_text::is_removable(*c)).collect();
            assert_eq!(kept, report.compact);
        }
        let _ = mi_core::verify::canonical::problems(&report);
    }
});
