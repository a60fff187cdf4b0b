//! The Samples menu: loads a representative real input into the paste area.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use mi_core::samples::SAMPLES;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_pick: Callback<usize>,
}

#[component]
pub fn SamplesMenu(props: &Props) -> Html {
    let onchange = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(index) = select.value().parse::<usize>() {
                on_pick.emit(index);
            }
            select.set_value("");
        })
    };
    html! {
        <select id="samples" class="samples" aria-label="Load a sample" {onchange}>
            <option value="" selected=true>{"Samples…"}</option>
            { for groups().into_iter().map(|group| html! {
                <optgroup label={group}>
                    { for SAMPLES.iter().enumerate().filter(|(_, s)| s.group == group).map(|(i, s)| html! {
                        <option value={i.to_string()} title={s.source}>{ s.label }</option>
                    }) }
                </optgroup>
            }) }
        </select>
    }
}

/// The groups in the order their first sample appears.
fn groups() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in SAMPLES {
        if !out.contains(&s.group) {
            out.push(s.group);
        }
    }
    out
}
