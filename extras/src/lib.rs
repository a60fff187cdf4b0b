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

/// What the check of the signature in `request` (a signed token's algorithm, signing input and
/// signature, the key text and the key the token names, as JSON) with its key found, as JSON.
#[wasm_bindgen]
pub fn verify(request: &str) -> String {
    mi_core::verify::wire::answer(request)
}
