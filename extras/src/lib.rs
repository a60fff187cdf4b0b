//! The code generator as a wasm module of its own, loaded by the page the first time the code
//! view opens (`static/boot.js` loads it; `src/ui/extras.rs` asks it). It only carries
//! [`mi_core::snippets::wire::answer`] across the boundary: the request and the answer are JSON.

use wasm_bindgen::prelude::wasm_bindgen;

/// The program for the target whose id is `target` that makes the request `request` (a
/// `TokenRequest` as JSON), as `{"program": "…"}` or `{"unsupported": "…"}`.
#[wasm_bindgen]
pub fn snippet(request: &str, target: &str) -> String {
    mi_core::snippets::wire::answer(request, target)
}
