//! A managed-identity response or error: the diagnosis card (fix first), the field-by-field table
//! with each check, the expiry in every form, the HTTP status and headers, and caching notes.

use yew::prelude::*;

use super::rich;

use mi_core::present::labels;
use mi_core::response::fields::CheckStatus;
use mi_core::response::{ErrorReport, ExpiresOn, ResponseReport};
use mi_core::Platform;

pub fn view(r: &ResponseReport, platform: Option<Platform>) -> Html {
    let origin = r
        .platform_reason
        .as_deref()
        .map(|reason| labels::response_origin(platform, reason));
    html! {
        <>
            if let Some(e) = &r.error { { diagnosis(e) } }
            if !r.fields.is_empty() { { fields(r) } }
            if let Some(e) = &r.expires_on { { expiry(e) } }
            { http(r) }
            if !r.notes.is_empty() || origin.is_some() {
                <section class="card notes-card" aria-label="About this response">
                    if let Some((name, reason)) = origin {
                        <p><strong>{ name }</strong>{ reason }</p>
                    }
                    <ul class="notes">{ for r.notes.iter().map(|n| html! { <li>{ rich::text(n) }</li> }) }</ul>
                </section>
            }
        </>
    }
}

fn diagnosis(e: &ErrorReport) -> Html {
    let row = |label: &str, value: Option<String>| match value {
        Some(v) => html! { <><dt>{ label.to_string() }</dt><dd><code>{ v }</code></dd></> },
        None => html! {},
    };
    html! {
        <section class="card diagnosis" aria-labelledby="diagnosis-title" data-code={e.code.as_str()}>
            <h2 id="diagnosis-title">{ &e.title }</h2>
            <p class="diagnosis-fix"><span class="fix-label">{"Fix: "}</span>{ rich::text(&e.fix) }</p>
            <p>{ rich::text(&e.meaning) }</p>
            if let Some(r) = &e.retry {
                <p class={classes!("retry", r.retryable.then_some("retryable"))}>
                    <strong>{ format!("{} ", labels::retry(r.retryable)) }</strong>{ &r.advice }
                </p>
            }
            <dl class="facts">
                { row("HTTP status", e.status.map(|s| s.to_string())) }
                { row("error", e.error.clone()) }
                { row("Description", e.description.clone()) }
                { for e.aadsts.iter().map(|c| row(&format!("AADSTS{c}"), Some(labels::aadsts_name(*c).to_string()))) }
                { row("Resource", e.resource.clone()) }
                { row("Correlation ID", e.correlation_id.clone()) }
                { row("Trace ID", e.trace_id.clone()) }
                { row("Timestamp", e.timestamp.clone()) }
            </dl>
            if !e.supported_audiences.is_empty() {
                <details>
                    <summary>{ format!("Audiences Cloud Shell does serve ({})", e.supported_audiences.len()) }</summary>
                    <ul class="audiences">{ for e.supported_audiences.iter().map(|a| html! { <li><code>{ a }</code></li> }) }</ul>
                </details>
            }
        </section>
    }
}

fn fields(r: &ResponseReport) -> Html {
    html! {
        <table class="claims response-fields" id="response-fields">
            <caption>{ if r.error.is_some() { "Error fields" } else { "Response fields" } }</caption>
            <thead><tr><th scope="col">{"Field"}</th><th scope="col">{"Value"}</th><th scope="col">{"Meaning and check"}</th></tr></thead>
            <tbody>
                { for r.fields.iter().map(|f| {
                    let class = match f.check.as_ref().map(|c| c.status) {
                        Some(CheckStatus::Ok) => "check-ok",
                        Some(CheckStatus::Mismatch) => "check-mismatch",
                        Some(CheckStatus::Note) => "check-note",
                        None => "",
                    };
                    let mark = f.check.as_ref().map(|c| format!("{} ", labels::check_status(c.status).0)).unwrap_or_default();
                    html! {
                        <tr class="claim" data-field={f.name.clone()}>
                            <th scope="row" data-label="Field">{ rich::name(&f.name) }</th>
                            <td data-label="Value"><span class="value">{ &f.display }</span></td>
                            <td data-label="Meaning and check">
                                <span class="meaning">{ f.meaning.unwrap_or(labels::UNKNOWN_FIELD) }</span>
                                if let Some(c) = &f.check {
                                    <span class={classes!("check", class)}><span aria-hidden="true">{ mark }</span>{ &c.text }</span>
                                }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn expiry(e: &ExpiresOn) -> Html {
    html! {
        <section class="card expiry-card" aria-labelledby="expiry-title">
            <h2 id="expiry-title">{"expires_on"}</h2>
            <dl class="facts">
                <dt>{"As sent"}</dt><dd><code>{ &e.raw }</code></dd>
                <dt>{"Format"}</dt><dd>{ e.format_label }</dd>
                if let Some(utc) = &e.utc { <dt>{"UTC"}</dt><dd>{ utc }</dd> }
                if let Some(local) = &e.local { <dt>{"Local"}</dt><dd>{ local }</dd> }
                if let Some(rel) = &e.relative { <dt>{"Relative"}</dt><dd>{ rel }</dd> }
                if let Some(why) = &e.malformed { <dt>{"Malformed"}</dt><dd class="bad">{ why }</dd> }
                if let Some(note) = &e.sdk_note { <dt>{"SDKs"}</dt><dd>{ rich::text(note) }</dd> }
            </dl>
        </section>
    }
}

fn http(r: &ResponseReport) -> Html {
    let Some(h) = &r.http else { return html! {} };
    html! {
        <section class="card http" aria-label="HTTP response">
            <h2>{ format!("HTTP {} {}", h.status.map(|s| s.to_string()).unwrap_or_default(), h.reason.as_deref().unwrap_or("")) }</h2>
            if !h.headers.is_empty() {
                <dl class="facts">
                    { for h.headers.iter().map(|x| html! { <><dt><code>{ &x.name }</code></dt><dd><code>{ &x.value }</code></dd></> }) }
                </dl>
            }
        </section>
    }
}
