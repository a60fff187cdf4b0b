//! Two tokens side by side: the second box ("Compare with another token", [`ComparePanel`]) and
//! the comparison card, where what differs comes first, each with what it means, then every
//! claim of either token. The words are the core's ([`labels`]).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::{findings, rich};
use mi_core::analysis::compare::{Comparison, Difference};
use mi_core::present::labels;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The second box's text; `None` while comparing is off.
    pub value: Option<AttrValue>,
    pub on_open: Callback<()>,
    pub on_input: Callback<String>,
    pub on_close: Callback<()>,
}

/// The button that opens the second box, or the box with its close button.
#[component]
pub fn ComparePanel(p: &PanelProps) -> Html {
    let Some(value) = p.value.clone() else {
        let on_open = p.on_open.reform(|_: MouseEvent| ());
        return html! {
            <div class="compare-bar">
                <button type="button" id="open-compare" onclick={on_open}>{"Compare with another token"}</button>
            </div>
        };
    };
    let oninput = {
        let on_input = p.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let on_close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="compare-panel" aria-labelledby="compare-title">
            <label for="compare-input" id="compare-title" class="pane-title">{"The other token (or a response holding one)"}</label>
            <textarea
                id="compare-input"
                class="compare-input"
                {value}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder="eyJ0eXAiOiJKV1Qi… the token that works, or the one that fails"
            />
            <button type="button" id="close-compare" onclick={on_close}>{"Stop comparing"}</button>
        </section>
    }
}

/// The comparison card.
pub fn view(c: &Comparison) -> Html {
    html! {
        <section class="card comparison" aria-labelledby="comparison-title">
            <h2 id="comparison-title">{ labels::comparison_heading(c) }</h2>
            { findings::view(&c.second.findings) }
            if !c.differences.is_empty() {
                <table class="compare" id="compare-differences">
                    <caption>{"What differs"}</caption>
                    <thead><tr><th scope="col">{"Aspect"}</th><th scope="col">{"First token"}</th><th scope="col">{"Second token"}</th></tr></thead>
                    <tbody>{ for c.differences.iter().map(difference) }</tbody>
                </table>
            }
            if !c.claims.is_empty() {
                <table class="compare" id="compare-claims">
                    <caption>{"Claims side by side"}</caption>
                    <thead><tr><th scope="col">{"Claim"}</th><th scope="col">{"First token"}</th><th scope="col">{"Second token"}</th></tr></thead>
                    <tbody>
                        { for c.claims.iter().map(|p| html! {
                            <tr class={classes!("compare-claim", (!p.same).then_some("differs"))} data-claim={p.name.clone()}>
                                <th scope="row"><code>{ &p.name }</code></th>
                                <td>{ side(p.first.as_deref()) }</td>
                                <td>{ side(p.second.as_deref()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn side(value: Option<&str>) -> Html {
    match value {
        Some(v) => html! { <code class="wrap">{ v.to_string() }</code> },
        None => html! { <span class="absent">{ labels::ABSENT }</span> },
    }
}

fn difference(d: &Difference) -> Html {
    let aspect = serde_json::to_value(d.aspect)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    html! {
        <>
            <tr class="difference" data-aspect={aspect}>
                <th scope="row">{ labels::aspect(d.aspect) }</th>
                <td>{ side(d.first.as_deref()) }</td>
                <td>{ side(d.second.as_deref()) }</td>
            </tr>
            <tr class="difference-meaning"><td colspan="3">{ rich::text(&d.meaning) }</td></tr>
        </>
    }
}
