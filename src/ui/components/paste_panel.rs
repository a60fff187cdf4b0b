//! A second paste box beside the report (the key that verifies the signature, the token that was
//! sent with a refused call): a titled text area whose every edit goes to the app's state. It
//! holds no state of its own; what it says below the box comes in as children.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The text area's id (its title's is `<id>-title`).
    pub id: AttrValue,
    pub title: AttrValue,
    pub placeholder: AttrValue,
    /// The text, as the app's state holds it.
    pub value: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_input: Callback<String>,
    /// The section's class.
    #[prop_or_default]
    pub class: Classes,
    /// Called when the box gets focus.
    #[prop_or_default]
    pub on_focus: Callback<()>,
    /// The notes under the box.
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn PastePanel(props: &Props) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let onfocus = props.on_focus.reform(|_: FocusEvent| ());
    let title_id = format!("{}-title", props.id);
    html! {
        <section class={props.class.clone()} aria-labelledby={title_id.clone()}>
            <label for={props.id.clone()} id={title_id} class="pane-title">{ props.title.clone() }</label>
            <textarea
                id={props.id.clone()}
                value={props.value.clone()}
                {oninput}
                {onfocus}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
            />
            { props.children.clone() }
        </section>
    }
}
