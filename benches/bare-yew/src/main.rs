//! A bare Yew page: one textarea, and a line that shows how many characters it holds. This is
//! what any Yew 0.23 app pays to start and to show a frame after a paste; scripts/bench loads it
//! interleaved with the app to print how far above this floor the app is.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[component]
fn App() -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    html! {
        <main>
            <textarea id="input" {oninput} />
            if !text.is_empty() {
                <p id="report">{ format!("{} characters", text.chars().count()) }</p>
            }
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
