//! A part of the page that is made one frame after it is first shown: the decoded JSON at the
//! bottom of a token's report is a third of the report's elements (a 12 KB token's payload alone
//! is some 230 coloured spans), and making them held the first paste's frame back for text far
//! below the fold. `render` is called only once the part is shown; from then on the part updates
//! with the rest of the report (a new paste, a keystroke), in the same frame.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Makes the part (a new callback with every render of the report, so the part follows it).
    pub render: Callback<(), Html>,
}

#[component]
pub fn AfterFirstFrame(props: &Props) -> Html {
    // Rendered natively (Yew's server renderer, in tests), there is no frame to wait for.
    let shown = use_state(|| cfg!(not(target_arch = "wasm32")));
    {
        let shown = shown.clone();
        use_effect_with((), move |_| after_next_frame(move || shown.set(true)));
    }
    if *shown {
        props.render.emit(())
    } else {
        html! {}
    }
}

/// Runs `then` in a task after the browser's next frame (a timeout set from an animation-frame
/// callback), or in a task of its own where animation frames are not to be had.
pub(crate) fn after_next_frame(then: impl FnOnce() + 'static) {
    let later = Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, then).forget();
    });
    let later: &js_sys::Function = later.unchecked_ref();
    let framed = web_sys::window().is_some_and(|w| w.request_animation_frame(later).is_ok());
    if !framed {
        let _ = later.call0(&wasm_bindgen::JsValue::NULL);
    }
}
