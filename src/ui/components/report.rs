//! The report: findings first, then the identity card, the summary, claims, parts and JSON.

use yew::prelude::*;

use super::{
    chain_view, claims, compare_view, findings, identity, json_view, parts, request_view, response,
    session_view, summary, verification,
};
use mi_core::token::TokenReport;
use mi_core::{Analysis, Kind, Platform};

pub fn view(
    a: &Analysis,
    offset_minutes: i32,
    chosen: Option<Platform>,
    on_platform: Callback<Option<Platform>>,
) -> Html {
    html! {
        <>
            if a.kind == Kind::Empty { { intro() } }
            // Findings a card shows (an error's diagnosis, the identity, a valid signature) are
            // not listed again.
            { findings::view(&a.listed_findings().into_iter().cloned().collect::<Vec<_>>()) }
            if let Some(v) = &a.verification { { verification::view(v) } }
            if let Some(c) = &a.chain { { chain_view::view(c) } }
            if let Some(c) = &a.comparison { { compare_view::view(c) } }
            if !a.parts.is_empty() { { session_view::view(&a.parts, offset_minutes) } }
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

fn intro() -> Html {
    html! {
        <section class="card intro">
            <h2>{"Paste an access token or a token response"}</h2>
            <p>{"Paste a token as you have it: with "}<code>{"Bearer "}</code>{", an "}<code>{"Authorization:"}</code>{" header, quotes, line breaks, padding, or inside a log line. The report explains every claim, says whether a managed identity holds the token (system- or user-assigned), and counts down to its expiry."}</p>
            <p>{"Or paste what a managed-identity endpoint returned — JSON, raw HTTP, PowerShell or az CLI output, an error body or an SDK's error message — to have every field explained, checked against the token, and errors diagnosed with a fix."}</p>
            <p>{"Or paste a request setup — environment variables, a curl or PowerShell command, a raw HTTP request, a URL, or the code that builds the request — to have it checked against its platform's protocol and corrected."}</p>
            <p>{"Or paste what DefaultAzureCredential or ChainedTokenCredential threw, or an Azure Identity SDK's log, in any language: each credential's outcome is read and one verdict names the thing to fix."}</p>
            <p>{"Or paste a whole troubleshooting session — a CI log, an exception dump, an issue comment — with its environment, requests, answers and chains together: it is split into its parts, each with its own report, and what relates two parts comes first."}</p>
            <p>{"Everything happens in this page. Nothing you paste is sent anywhere or stored."}</p>
        </section>
    }
}
