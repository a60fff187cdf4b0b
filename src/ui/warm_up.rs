//! Warming up while the page is idle. The browser compiles each wasm function the first time it
//! runs, and the first report a page makes is the first run of most of the core and of the report's
//! components: measured in Chromium, the first paste of a 12 KB token took twice as long to its
//! next frame as the same paste made again. So once the page is idle, the app analyses a sample
//! token the way a paste does and renders its report into an element that is not in the page,
//! then drops both: nothing is shown, kept or sent, and the user's first paste runs warm code.
//!
//! Each step runs in an idle period of its own (analysis, render, removal), so that a paste that
//! arrives meanwhile waits for at most one of them.

use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::components::report;
use super::state::State;
use mi_core::samples::SAMPLES;
use mi_core::Analysis;

/// The sample the warm-up analyses: a managed identity's access token, the commonest paste.
const SAMPLE_ID: &str = "jwt-imds-user-mirid-uami";

/// If idle callbacks are missing (Safari before 18), each step waits this long instead.
const FALLBACK_DELAY_MS: i32 = 300;

#[derive(Properties)]
struct Props {
    analysis: Rc<Analysis>,
    utc_offset_minutes: i32,
}

/// The same analysis (by pointer): comparing analyses field by field would add the code of
/// `Analysis: PartialEq` to the wasm (about 5 KB) for props that never change.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.utc_offset_minutes == other.utc_offset_minutes
    }
}

/// What `#report` shows for an analysis, rendered where nobody sees it.
#[component]
fn Offstage(props: &Props) -> Html {
    report::view(
        &props.analysis,
        props.utc_offset_minutes,
        None,
        Callback::noop(),
    )
}

/// Starts the warm-up at the page's next idle period.
pub fn start(utc_offset_minutes: i32) {
    start_then(utc_offset_minutes, |_| {});
}

/// [`start`], then calls `done` with how many elements the report rendered off the page had
/// (none when there was nothing to warm up), after they are gone.
pub fn start_then(utc_offset_minutes: i32, done: impl FnOnce(u32) + 'static) {
    when_idle(move || {
        let Some(sample) = SAMPLES.iter().find(|s| s.id == SAMPLE_ID) else {
            return done(0);
        };
        // The same path as a paste: analysis, and the request the report implies.
        let state = State::starting_with(sample.text, browser::now(), utc_offset_minutes);
        when_idle(move || render_offstage(state.analysis, utc_offset_minutes, done));
    });
}

fn render_offstage(
    analysis: Rc<Analysis>,
    utc_offset_minutes: i32,
    done: impl FnOnce(u32) + 'static,
) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    else {
        return done(0);
    };
    let props = Props {
        analysis,
        utc_offset_minutes,
    };
    let handle = yew::Renderer::<Offstage>::with_root_and_props(root.clone(), props).render();
    when_idle(move || {
        let rendered = root.get_elements_by_tag_name("*").length();
        handle.destroy();
        done(rendered);
    });
}

/// Runs `step` once, in the browser's next idle period.
fn when_idle(step: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(step);
    let function = callback.unchecked_ref::<js_sys::Function>();
    if window.request_idle_callback(function).is_err() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(function, FALLBACK_DELAY_MS);
    }
}
