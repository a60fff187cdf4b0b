//! The box for the token that was sent with a refused call, offered beside an access error: its
//! text goes to the app's state, which hands it to the core (`Options::sent_token`) so the access
//! report can hold the token against the error. It holds no state of its own.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The token text, as the app's state holds it.
    pub value: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_input: Callback<String>,
}

#[component]
pub fn SentTokenPanel(props: &Props) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    html! {
        <section class="sent-token-panel" aria-labelledby="sent-token-title">
            <label for="sent-token" id="sent-token-title" class="pane-title">{"Paste the token that was sent"}</label>
            <textarea
                id="sent-token"
                value={props.value.clone()}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder="The access token (eyJ…) or the token response the app used for this call"
            />
            <p class="note">{"The report then holds it against the error: the caller, the audience, the tenant, the expiry and the token's age. It stays in this page."}</p>
        </section>
    }
}
