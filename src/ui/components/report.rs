//! The report: findings first, then the identity card, the summary, claims, parts and JSON.

use yew::prelude::*;

use super::{
    claims, findings, identity, json_view, parts, request_view, response, summary, verification,
};
use mi_core::token::TokenReport;
use mi_core::{Analysis, Platform};

pub fn view(
    a: &Analysis,
    offset_minutes: i32,
    chosen: Option<Platform>,
    on_platform: Callback<Option<Platform>>,
) -> Html {
    html! {
        <>
            // Findings a card shows (an error's diagnosis, the identity, the signature check) are
            // not listed again.
            { findings::view(&a.listed_findings().into_iter().cloned().collect::<Vec<_>>()) }
            { verification::for_analysis(a) }
            if let Some(r) = &a.response { { response::view(r, a.platform) } }
            if let Some(r) = &a.request { { request_view::view(a, r, chosen, on_platform) } }
            if let Some(t) = &a.token {
                if a.response.is_some() { <h2 class="section-title">{"The access token inside"}</h2> }
                { token(t, offset_minutes) }
            }
        </>
    }
}

fn token(t: &TokenReport, offset_minutes: i32) -> Html {
    html! {
        <div class="token">
            { identity::view(t) }
            { summary::view(t, offset_minutes) }
            { claims::view(t) }
            { parts::view(t) }
            <div class="json-pair">
                if let Some(h) = &t.header { { json_view::view("Header", h) } }
                else if let Some(text) = &t.header_text { { json_view::text_view("Header (not JSON)", text) } }
                if let Some(p) = &t.payload { { json_view::view("Payload", p) } }
                else if let Some(text) = &t.payload_text { { json_view::text_view("Payload (not JSON)", text) } }
            </div>
            { for t.nested.iter().map(|n| html! {
                <section class="nested" aria-label={format!("Token inside the {}", n.found_in)}>
                    <h2>{ format!("Token inside the {}", n.found_in) }</h2>
                    { findings::view(&n.findings) }
                    { token(&n.token, offset_minutes) }
                </section>
            }) }
        </div>
    }
}
