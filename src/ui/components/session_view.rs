//! A session's parts: each with its line range and what it is, opening its own report; log noise
//! listed with its first line. The findings that need two parts are the report's first findings,
//! above this list. A part's report is made when the part is opened: a log of a few hundred
//! parts would otherwise be tens of thousands of elements, made in one task, of reports nobody
//! opened; and a long list shows its first [`FIRST_ENTRIES`] entries until the user asks for
//! the rest.

use std::rc::Rc;

use yew::prelude::*;

use super::report;
use mi_core::analysis::session::Part;
use mi_core::present::labels;
use mi_core::Analysis;

/// How many entries (parts and runs of log lines) a session's list shows at first: a few
/// screens; a log of a retry loop can hold thousands, made in one task and laid out at once.
pub const FIRST_ENTRIES: usize = 200;

/// The parts of `session` (an analysis with parts).
pub fn view(session: &Rc<Analysis>, offset_minutes: i32) -> Html {
    // A new analysis starts with the first entries again.
    let key = (Rc::as_ptr(session) as usize).to_string();
    html! {
        <section class="card session" aria-labelledby="session-title">
            <h2 id="session-title">{ labels::session_heading(&session.parts) }</h2>
            <SessionList {key} session={session.clone()} {offset_minutes} />
        </section>
    }
}

#[derive(Properties)]
struct ListProps {
    session: Rc<Analysis>,
    offset_minutes: i32,
}

impl PartialEq for ListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.offset_minutes == other.offset_minutes
    }
}

#[component]
fn SessionList(props: &ListProps) -> Html {
    let all = use_state(|| false);
    let parts = &props.session.parts;
    let shown = if *all {
        parts.len()
    } else {
        FIRST_ENTRIES.min(parts.len())
    };
    let on_more = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let hidden = parts.get(shown..).unwrap_or(&[]);
    html! {
        <>
            <ol class="session-parts">
                { for (0..shown).map(|index| html! {
                    <SessionPart session={props.session.clone()} {index} offset_minutes={props.offset_minutes} />
                }) }
            </ol>
            if !hidden.is_empty() {
                <button type="button" id="session-more" onclick={on_more}>{ labels::session_more(hidden) }</button>
            }
        </>
    }
}

#[derive(Properties)]
struct PartProps {
    session: Rc<Analysis>,
    index: usize,
    offset_minutes: i32,
}

/// The same part of the same analysis (by pointer: comparing analyses field by field would add
/// the code of `Analysis: PartialEq` to the wasm).
impl PartialEq for PartProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.index == other.index
            && self.offset_minutes == other.offset_minutes
    }
}

#[component]
fn SessionPart(props: &PartProps) -> Html {
    let open = use_state(|| false);
    let Some(p) = props.session.parts.get(props.index) else {
        return html! {};
    };
    let kind = kind_name(p);
    let range = labels::part_lines(p);
    let data_lines = format!("{}-{}", p.lines[0], p.lines[1]);
    match &p.analysis {
        Some(a) => {
            let ontoggle = {
                let open = open.clone();
                Callback::from(move |e: Event| {
                    let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
                    open.set(details.open());
                })
            };
            html! {
                <li class="session-part" data-kind={kind} data-lines={data_lines}>
                    <details {ontoggle}>
                        <summary>
                            <span class="part-lines">{ range }</span>{" · "}
                            <span class="part-kind">{ labels::part_kind(p.kind) }</span>{": "}
                            <span class="part-summary">{ &p.summary }</span>
                        </summary>
                        if *open {
                            <div class="part-report">{ report::part(a, props.offset_minutes) }</div>
                        }
                    </details>
                </li>
            }
        }
        None => html! {
            <li class="session-part noise" data-kind={kind} data-lines={data_lines}>
                <span class="part-lines">{ range }</span>{" · "}
                <span class="part-kind">{ labels::part_kind(p.kind) }</span>{": "}
                <code class="part-summary">{ &p.summary }</code>
            </li>
        },
    }
}

/// The part's kind as its JSON name (`mi_error`), for `data-kind`.
fn kind_name(p: &Part) -> String {
    serde_json::to_value(p.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
