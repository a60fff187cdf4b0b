//! The code generator, the page's second wasm module (`extras/`). The page loads it the first
//! time the code view opens (`miExtras`, which `static/boot.js` defines, and the single file
//! too), so that the generator and its templates are not part of what the page fetches at load.
//! The two modules share no memory: they speak JSON ([`mi_core::snippets::wire`]).

use std::cell::RefCell;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use mi_core::request::model::Unsupported;
use mi_core::request::TokenRequest;
use mi_core::snippets::{wire, Target};

/// A loaded code generator.
#[derive(Clone, Debug)]
pub struct Generator(Source);

#[derive(Clone, Debug)]
enum Source {
    /// The module's `snippet` export.
    Module(Function),
    /// The generator linked into this build instead (`mi_extras::snippet`: the browser tests').
    Linked(fn(&str, &str) -> String),
}

impl Generator {
    /// The program for `target` that makes `req`, or why it cannot be written.
    pub fn render(&self, req: &TokenRequest, target: Target) -> Result<String, Unsupported> {
        let request = wire::request(req);
        let answer = match &self.0 {
            Source::Linked(answer) => answer(&request, target.id()),
            Source::Module(snippet) => snippet
                .call2(&JsValue::NULL, &request.into(), &target.id().into())
                .ok()
                .and_then(|answer| answer.as_string())
                .unwrap_or_default(),
        };
        wire::read_answer(&answer)
    }
}

thread_local! {
    static LOADED: RefCell<Option<Generator>> = const { RefCell::new(None) };
}

/// The generator, when it is loaded already.
pub fn loaded() -> Option<Generator> {
    LOADED.with(|loaded| loaded.borrow().clone())
}

/// Uses `answer` (`mi_extras::snippet`, linked into this build) as the generator instead of
/// loading the module: for the browser tests, whose page has no `miExtras`.
pub fn link(answer: fn(&str, &str) -> String) {
    keep(Generator(Source::Linked(answer)));
}

fn keep(generator: Generator) {
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(generator));
}

/// Loads the generator (once: later calls return it), or says why it could not be loaded.
pub async fn load() -> Result<Generator, String> {
    if let Some(generator) = loaded() {
        return Ok(generator);
    }
    let ask: Function = Reflect::get(&js_sys::global(), &"miExtras".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("this page was started without it")?;
    let promise: Promise = ask
        .call0(&JsValue::NULL)
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    let module = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(describe)?;
    let snippet: Function = Reflect::get(&module, &"snippet".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("the module has no snippet function")?;
    let generator = Generator(Source::Module(snippet));
    keep(generator.clone());
    Ok(generator)
}

/// A thrown value in words: an `Error`'s message, or the value as text.
fn describe(thrown: JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "an unknown error".into())
}
