//! The key panel: a text area for the key material that verifies the token's signature (a PEM
//! public key or certificate, an `x5c` certificate, a JWK, a whole JWKS, or an HMAC secret).
//!
//! It holds no state: the app keeps the text, gets every edit through `on_input`, and has it
//! checked by the signature checker, which the page loads the first time a key is pasted (the
//! panel says so while it loads, and why when it could not be loaded). When the token's issuer
//! publishes its keys (Entra ID's `jwks_uri`), the panel says where, to open and paste; nothing
//! is fetched.

use yew::prelude::*;

use super::copy_button::CopyButton;
use super::paste_panel::PastePanel;
use crate::ui::extras;
use mi_core::present::labels;

/// The signature checker, while it is not there to check the pasted key.
#[derive(Clone, Debug, PartialEq)]
pub enum Checker {
    Loading,
    /// Why it could not be loaded.
    Failed(AttrValue),
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The key text, as the app's state holds it.
    pub value: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_input: Callback<String>,
    /// Where the token's issuer publishes its keys: `Analysis::verification.keys_url`, or before a
    /// key is pasted the token's `entra.jwks_uri`.
    #[prop_or_default]
    pub keys_url: Option<AttrValue>,
    /// Set while the signature checker cannot check the key: loading, or not loaded.
    #[prop_or_default]
    pub checker: Option<Checker>,
}

#[component]
pub fn KeyPanel(props: &Props) -> Html {
    html! {
        <PastePanel id="key" class="key-panel" title="Verify the signature (optional)"
            placeholder="Paste a key set {\"keys\":[…]}, a JWK, a PEM public key or certificate, an x5c certificate, or an HMAC secret"
            value={props.value.clone()} on_input={props.on_input.clone()}
            // The signature checker is loaded when a key is pasted; begun when the box is entered.
            on_focus={Callback::from(|()| extras::prefetch())}>
            if let Some(url) = &props.keys_url {
                <p class="note key-source">
                    {"This issuer publishes its signing keys at "}
                    <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ url.clone() }</a>
                    {" "}<CopyButton text={url.clone()} what="keys URL" />
                    {": open it, copy everything and paste it here. The key is picked by the token's kid."}
                </p>
            }
            { match &props.checker {
                Some(Checker::Loading) => html! {
                    <p class="note key-checker" role="status">{ labels::SIGNATURE_CHECKER_LOADING }</p>
                },
                Some(Checker::Failed(why)) => html! {
                    <p class="note key-checker failed" role="alert">{ labels::signature_checker_failed(why) }</p>
                },
                None => html! {},
            } }
            <p class="note">{"Keys stay in this page: nothing is fetched or sent. Never paste a private key."}</p>
        </PastePanel>
    }
}
