//! A session's parts: each with its line range and what it is, opening its own report; log noise
//! listed with its first line. The findings that need two parts are the report's first findings,
//! above this list.

use yew::prelude::*;

use super::report;
use mi_core::analysis::session::Part;
use mi_core::present::labels;

pub fn view(parts: &[Part], offset_minutes: i32) -> Html {
    html! {
        <section class="card session" aria-labelledby="session-title">
            <h2 id="session-title">{ labels::session_heading(parts) }</h2>
            <ol class="session-parts">{ for parts.iter().map(|p| part(p, offset_minutes)) }</ol>
        </section>
    }
}

fn part(p: &Part, offset_minutes: i32) -> Html {
    let kind = serde_json::to_value(p.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let range = labels::part_lines(p);
    let data_lines = format!("{}-{}", p.lines[0], p.lines[1]);
    match &p.analysis {
        Some(a) => html! {
            <li class="session-part" data-kind={kind} data-lines={data_lines}>
                <details>
                    <summary>
                        <span class="part-lines">{ range }</span>{" · "}
                        <span class="part-kind">{ labels::part_kind(p.kind) }</span>{": "}
                        <span class="part-summary">{ &p.summary }</span>
                    </summary>
                    <div class="part-report">{ report::view(a, offset_minutes, None, Callback::noop()) }</div>
                </details>
            </li>
        },
        None => html! {
            <li class="session-part noise" data-kind={kind} data-lines={data_lines}>
                <span class="part-lines">{ range }</span>{" · "}
                <span class="part-kind">{ labels::part_kind(p.kind) }</span>{": "}
                <code class="part-summary">{ &p.summary }</code>
            </li>
        },
    }
}
