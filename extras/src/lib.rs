//! The page's second wasm module: the code generator and the signature checker, loaded the first
//! time the code view opens or a key is pasted (`static/boot.js` loads it; `src/ui/extras.rs`
//! asks it). It only carries [`mi_core::snippets::wire::answer`] and
//! [`mi_core::verify::wire::answer`] across the boundary: requests and answers are JSON.

use wasm_bindgen::prelude::wasm_bindgen;

/// The program for the target whose id is `target` that makes the request `request` (a
/// `TokenRequest` as JSON), as `{"program": "…"}` or `{"unsupported": "…"}`.
#[wasm_bindgen]
pub fn snippet(request: &str, target: &str) -> String {
    mi_core::snippets::wire::answer(request, target)
}

/// The verification of the token in `request` (its text as decoded and as pasted, and the key
/// text, as JSON) and its findings, as `{"verification": …, "findings": […]}`.
#[wasm_bindgen]
pub fn verify(request: &str) -> String {
    mi_core::verify::wire::answer(request)
}
