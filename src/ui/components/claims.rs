//! The claims table: every header parameter and claim with its value, human times and meaning.

use yew::prelude::*;

use super::rich;

use mi_core::present::labels;
use mi_core::token::catalog::Location;
use mi_core::token::ClaimReport;

pub fn view(claims: &[ClaimReport]) -> Html {
    if claims.is_empty() {
        return html! {};
    }
    html! {
        <>
            { table("Header", "header", claims.iter().filter(|c| c.location == Location::Header)) }
            { table("Claims", "payload", claims.iter().filter(|c| c.location == Location::Payload)) }
        </>
    }
}

fn table<'a>(caption: &str, id: &str, claims: impl Iterator<Item = &'a ClaimReport>) -> Html {
    let rows: Vec<Html> = claims.map(row).collect();
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <table class="claims" id={format!("claims-{id}")}>
            <caption>{ caption }</caption>
            <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"About"}</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn row(c: &ClaimReport) -> Html {
    html! {
        <tr class={classes!("claim", (!c.known).then_some("unknown"))} data-claim={c.name.clone()}>
            <th scope="row" data-label="Name">{ rich::name(&c.name) }</th>
            <td data-label="Value">
                <span class="value">{ &c.display }</span>
                if let Some(t) = &c.time {
                    <span class="time">
                        <span class="time-utc">{ &t.utc }</span>
                        <span class="time-local">{ &t.local }</span>
                        <span class="time-relative">{ &t.relative }</span>
                    </span>
                }
            </td>
            <td data-label="About">
                // What this value says first; what the claim means in general, on demand.
                if !c.notes.is_empty() {
                    <ul class="notes">{ for c.notes.iter().map(|n| html! { <li>{ rich::text(n) }</li> }) }</ul>
                }
                <details class="meaning">
                    <summary>{ if c.known { "What it is" } else { "Not in the catalogue" } }</summary>
                    <span>{ c.meaning.unwrap_or(labels::UNKNOWN_CLAIM) }</span>
                    if let Some(source) = c.source { <span class="source">{ source.label() }</span> }
                </details>
            </td>
        </tr>
    }
}
