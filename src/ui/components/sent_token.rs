//! The box for the token that was sent with a refused call, offered beside an access error: its
//! text goes to the app's state, which hands it to the core (`Options::sent_token`) so the access
//! report can hold the token against the error. It holds no state of its own.

use yew::prelude::*;

use super::paste_panel::PastePanel;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The token text, as the app's state holds it.
    pub value: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_input: Callback<String>,
}

#[component]
pub fn SentTokenPanel(props: &Props) -> Html {
    html! {
        <PastePanel id="sent-token" class="sent-token-panel" title="Paste the token that was sent"
            placeholder="The access token (eyJ…) or the token response the app used for this call"
            value={props.value.clone()} on_input={props.on_input.clone()}>
            <p class="note">{"The report then holds it against the error: the caller, the audience, the tenant, the expiry and the token's age. It stays in this page."}</p>
        </PastePanel>
    }
}
