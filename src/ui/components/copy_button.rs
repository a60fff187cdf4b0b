//! A button that copies a text to the clipboard and says so for a moment.

use yew::prelude::*;

use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What is copied.
    pub text: AttrValue,
    /// What the button copies, for its accessible name ("Copy header JSON").
    pub what: AttrValue,
}

#[component]
pub fn CopyButton(props: &Props) -> Html {
    let copied = use_state(|| None::<bool>);
    let onclick = {
        let copied = copied.clone();
        let text = props.text.to_string();
        Callback::from(move |_| {
            let copied = copied.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy(text).await;
                copied.set(Some(ok));
                let reset = copied.clone();
                gloo_timers::callback::Timeout::new(1500, move || reset.set(None)).forget();
            });
        })
    };
    let label = match *copied {
        Some(true) => "Copied",
        Some(false) => "Copy failed",
        None => "Copy",
    };
    html! {
        <button type="button" class="copy" {onclick} aria-label={format!("Copy {}", props.what)}>
            <span aria-live="polite">{ label }</span>
        </button>
    }
}
