//! The report: findings first, then the federation report, the response or request, then the
//! token: the assertion and identity cards, the summary, claims, parts and JSON.

use yew::prelude::*;

use super::after_first_frame::AfterFirstFrame;
use super::{
    access, chain_view, claims, compare_view, federation, findings, identity, json_view, parts,
    request_view, response, session_view, summary, verification,
};
use std::rc::Rc;

use mi_core::token::TokenReport;
use mi_core::{Analysis, Platform};

/// The report of an analysis (a session's parts open their own reports, made when opened).
pub fn view(
    a: &Rc<Analysis>,
    offset_minutes: i32,
    chosen: Option<Platform>,
    on_platform: Callback<Option<Platform>>,
) -> Html {
    content(a, Some(a), offset_minutes, chosen, on_platform)
}

/// The report of one part of a session (a part holds no parts).
pub fn part(a: &Analysis, offset_minutes: i32) -> Html {
    content(a, None, offset_minutes, None, Callback::noop())
}

fn content(
    a: &Analysis,
    session: Option<&Rc<Analysis>>,
    offset_minutes: i32,
    chosen: Option<Platform>,
    on_platform: Callback<Option<Platform>>,
) -> Html {
    html! {
        <>
            // An access error's first card says why, then the fix, then the evidence.
            if let Some(r) = &a.access { { access::view(r) } }
            // Findings a card shows (an error's diagnosis, the identity, the signature check) are
            // not listed again.
            { findings::view(&a.listed_findings().into_iter().cloned().collect::<Vec<_>>()) }
            { verification::for_analysis(a) }
            if let Some(f) = &a.federation { { federation::view(f) } }
            if let Some(c) = &a.chain { { chain_view::view(c) } }
            if let Some(c) = &a.comparison { { compare_view::view(c) } }
            if let Some(session) = session.filter(|_| !a.parts.is_empty()) {
                { session_view::view(session, offset_minutes) }
            }
            if let Some(r) = &a.response { { response::view(r, a.platform) } }
            if let Some(r) = &a.request { { request_view::view(a, r, chosen, on_platform) } }
            if let Some(t) = &a.token {
                if a.federation.is_some() { <h2 class="section-title">{"The assertion token"}</h2> }
                else if a.response.is_some() { <h2 class="section-title">{"The access token inside"}</h2> }
                else if a.access.is_some() { <h2 class="section-title">{"The token that was sent"}</h2> }
                { token(t, offset_minutes) }
            }
        </>
    }
}

fn token(t: &TokenReport, offset_minutes: i32) -> Html {
    html! {
        <div class="token">
            { sections(t) }
            if let Some(f) = &t.federation { { federation::assertion(f) } }
            { identity::view(t) }
            { summary::view(t, offset_minutes) }
            // The claims tables are below the identity and the summary, past the first screen
            // (a 12 KB token's groups claim alone is 7 KB of text to lay out): made after the
            // report's first frame.
            if !t.claims.is_empty() { <AfterFirstFrame render={claims_of(t)} /> }
            <div class="json-pair" id="token-json">
                // Far below the summary: made after the report's first frame.
                <AfterFirstFrame render={json_pair(t)} />
            </div>
            // The token's text again, coloured (12 KB of text to lay out for a large token),
            // below the JSON: made after the report's first frame too.
            if !t.parts.is_empty() { <AfterFirstFrame render={parts_of(t)} /> }
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

/// Jump links to the token report's sections: the summary first, the rest a click away.
fn sections(t: &TokenReport) -> Html {
    let links = [
        ("#summary-title", "Summary", true),
        ("#claims-payload", "Claims", !t.claims.is_empty()),
        (
            "#token-json",
            "Header & payload",
            t.header.is_some() || t.header_text.is_some(),
        ),
        ("#parts-title", "Parts", !t.parts.is_empty()),
    ];
    html! {
        <nav class="sections" aria-label="Sections of the token report">
            { for links.iter().filter(|(_, _, shown)| *shown).map(|(href, label, _)| html! {
                <a href={*href}>{ *label }</a>
            }) }
        </nav>
    }
}

/// The token's claims tables, made when called.
fn claims_of(t: &TokenReport) -> Callback<(), Html> {
    let token_claims = t.claims.clone();
    Callback::from(move |()| claims::view(&token_claims))
}

/// The token's parts, made when called.
fn parts_of(t: &TokenReport) -> Callback<(), Html> {
    let token_parts = t.parts.clone();
    Callback::from(move |()| parts::view(&token_parts))
}

/// The decoded header and payload, made when called.
fn json_pair(t: &TokenReport) -> Callback<(), Html> {
    let (header, header_text) = (t.header.clone(), t.header_text.clone());
    let (payload, payload_text) = (t.payload.clone(), t.payload_text.clone());
    Callback::from(move |()| {
        html! {
            <>
                if let Some(h) = &header { { json_view::view("Header", h) } }
                else if let Some(text) = &header_text { { json_view::text_view("Header (not JSON)", text) } }
                if let Some(p) = &payload { { json_view::view("Payload", p) } }
                else if let Some(text) = &payload_text { { json_view::text_view("Payload (not JSON)", text) } }
            </>
        }
    })
}
