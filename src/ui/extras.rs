//! The page's second wasm module (`extras/`): the code generator and the signature checker. The
//! page loads it the first time either is needed (the code view opens, a key is pasted), through
//! `miExtras`, which `static/boot.js` defines (and the single file too), so that neither is part
//! of what the page fetches at load. The two modules share no memory: they speak JSON
//! ([`mi_core::snippets::wire`], [`mi_core::verify::wire`]).

use std::cell::{Cell, RefCell};

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use mi_core::request::model::Unsupported;
use mi_core::request::TokenRequest;
use mi_core::snippets::{self, Target};

/// The loaded module.
#[derive(Clone, Debug)]
pub struct Extras(Source);

#[derive(Clone, Debug)]
enum Source {
    /// The module's `snippet` and `verify` exports.
    Module { snippet: Function, verify: Function },
    /// The same functions linked into this build instead (`mi_extras::snippet` and
    /// `mi_extras::verify`: the browser tests').
    Linked {
        snippet: fn(&str, &str) -> String,
        verify: fn(&str) -> String,
    },
}

impl Extras {
    /// The program for `target` that makes `req`, or why it cannot be written.
    pub fn render(&self, req: &TokenRequest, target: Target) -> Result<String, Unsupported> {
        let request = snippets::wire::request(req);
        let answer = match &self.0 {
            Source::Linked { snippet, .. } => snippet(&request, target.id()),
            Source::Module { snippet, .. } => {
                text_of(snippet.call2(&JsValue::NULL, &request.into(), &target.id().into()))
            }
        };
        snippets::wire::read_answer(&answer)
    }

    fn check(&self, request: &str) -> String {
        match &self.0 {
            Source::Linked { verify, .. } => verify(request),
            Source::Module { verify, .. } => text_of(verify.call1(&JsValue::NULL, &request.into())),
        }
    }
}

fn text_of(returned: Result<JsValue, JsValue>) -> String {
    returned
        .ok()
        .and_then(|answer| answer.as_string())
        .unwrap_or_default()
}

/// The page's signature checker ([`mi_core::verify::Checker`]): the module's, once it is in;
/// `None` before (the app loads it when a key is pasted, and analyses again when it is in if a
/// signature went unchecked meanwhile: [`take_unchecked`]).
pub fn check(request: &str) -> Option<String> {
    let answer = loaded().map(|extras| extras.check(request));
    if answer.is_none() {
        UNCHECKED.set(true);
    }
    answer
}

/// Whether a signature went unchecked because the module was not in yet, since the last call.
pub fn take_unchecked() -> bool {
    UNCHECKED.replace(false)
}

thread_local! {
    static LOADED: RefCell<Option<Extras>> = const { RefCell::new(None) };
    static UNCHECKED: Cell<bool> = const { Cell::new(false) };
}

/// The module, when it is loaded already.
pub fn loaded() -> Option<Extras> {
    LOADED.with(|loaded| loaded.borrow().clone())
}

/// Uses `snippet` and `verify` (`mi_extras`'s, linked into this build) instead of loading the
/// module: for the browser tests, whose page has no `miExtras`.
pub fn link(snippet: fn(&str, &str) -> String, verify: fn(&str) -> String) {
    keep(Extras(Source::Linked { snippet, verify }));
}

fn keep(extras: Extras) {
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(extras));
}

/// Loads the module (once: later calls return it), or says why it could not be loaded.
pub async fn load() -> Result<Extras, String> {
    if let Some(extras) = loaded() {
        return Ok(extras);
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
    let export = |name: &str| -> Result<Function, String> {
        Reflect::get(&module, &name.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| format!("the module has no {name} function"))
    };
    let extras = Extras(Source::Module {
        snippet: export("snippet")?,
        verify: export("verify")?,
    });
    keep(extras.clone());
    Ok(extras)
}

/// Starts loading the module where it will soon be needed (a pointer over the button that opens
/// the code view, focus in the key box), so that it is often in by the time it is: nothing
/// waits for it, and a failure is met again, and said, where it is needed.
pub fn prefetch() {
    if loaded().is_none() {
        wasm_bindgen_futures::spawn_local(async {
            let _ = load().await;
        });
    }
}

/// A thrown value in words: an `Error`'s message, or the value as text.
fn describe(thrown: JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "an unknown error".into())
}
