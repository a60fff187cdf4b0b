//! A request setup: the platform (switchable), the request as parsed with each problem beside the
//! parameter or header it concerns, the environment, and the corrected request with a copy button.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::rich;

use super::copy_button::CopyButton;
use mi_core::azure::platforms;
use mi_core::present::labels;
use mi_core::request::RequestReport;
use mi_core::{Analysis, Finding, Platform, SetupPart, Severity};

/// Problems about one part of the request or environment.
fn marks(a: &Analysis, part: SetupPart) -> Html {
    let matching: Vec<&Finding> = a.findings_about(&part).collect();
    html! {
        { for matching.iter().map(|f| {
            let class = match f.severity {
                Severity::Error => "mark mark-error",
                Severity::Warning => "mark mark-warning",
                Severity::Info => "mark mark-info",
            };
            html! { <span class={class}>{ labels::mark(f) }</span> }
        }) }
    }
}

pub fn view(
    a: &Analysis,
    r: &RequestReport,
    chosen: Option<Platform>,
    on_platform: Callback<Option<Platform>>,
) -> Html {
    let detected = a.platform;
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_platform.emit(platforms::from_id(&select.value()));
    });
    let name = detected.map_or("unknown", labels::platform);
    html! {
        <>
            <section class="card request-card" aria-labelledby="request-title">
                <h2 id="request-title">{ if r.method.is_some() { "Request setup" } else { "Environment" } }</h2>
                <p class="platform-line">
                    <span class="badge">{ name }</span>
                    <label class="platform-pick">{"Platform: "}
                        <select id="platform" {onchange} aria-label="Platform">
                            <option value="" selected={chosen.is_none()}>{"Detect"}</option>
                            { for platforms::SPECS.iter().map(|s| html! {
                                <option value={platforms::id(s.platform)} selected={chosen == Some(s.platform)}>{ s.name }</option>
                            }) }
                        </select>
                    </label>
                </p>
                <p class="note">{ rich::text(&r.platform_reason) }</p>
                if !r.recognised.is_empty() { <p class="note">{ format!("Recognised: {}.", r.recognised.join("; ")) }</p> }
                if r.requests_found > 1 { <p class="note">{ format!("The paste holds {} requests; the last one (the one that should get the token) is checked.", r.requests_found) }</p> }
                if let (Some(method), Some(url)) = (&r.method, &r.url) {
                    <p class="request-line"><code>{ format!("{method} {url}") }</code>{ marks(a, SetupPart::Method) }{ marks(a, SetupPart::Url) }</p>
                }
                if !r.query.is_empty() {
                    <table class="claims request-table" id="request-query">
                        <caption>{"Query parameters"}</caption>
                        <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"Check"}</th></tr></thead>
                        <tbody>
                            { for r.query.iter().map(|p| html! {
                                <tr data-param={p.name.clone()}>
                                    <th scope="row">{ rich::name(&p.name) }</th>
                                    <td><span class="value">{ &p.value }</span>
                                        if p.raw != p.value { <span class="note">{ format!(" (sent as {})", p.raw) }</span> }
                                    </td>
                                    <td>{ marks(a, SetupPart::Query(p.name.clone())) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
                if r.method.is_some() {
                    <table class="claims request-table" id="request-headers">
                        <caption>{"Headers"}</caption>
                        <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"Check"}</th></tr></thead>
                        <tbody>
                            { for r.headers.iter().map(|h| html! {
                                <tr data-header={h.name.to_ascii_lowercase()}>
                                    <th scope="row">{ rich::name(&h.name) }</th>
                                    <td><span class="value">{ &h.value }</span></td>
                                    <td>{ marks(a, SetupPart::Header(h.name.clone())) }</td>
                                </tr>
                            }) }
                            { for a.missing_headers().into_iter().map(|name| html! {
                                <tr class="missing" data-header={name.to_ascii_lowercase()}>
                                    <th scope="row">{ rich::name(&name) }</th>
                                    <td><span class="note">{"(not sent)"}</span></td>
                                    <td>{ marks(a, SetupPart::Header(name.clone())) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
                if let Some(body) = &r.body { <p><strong>{"Body: "}</strong><code>{ body }</code></p> }
            </section>
            if !r.env.is_empty() {
                <table class="claims request-table" id="request-env">
                    <caption>{"Environment variables"}</caption>
                    <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"Meaning and check"}</th></tr></thead>
                    <tbody>
                        { for r.env.iter().map(|e| html! {
                            <tr data-env={e.name.clone()}>
                                <th scope="row">{ rich::name(&e.name) }</th>
                                <td><span class="value">{ &e.value }</span></td>
                                <td><span class="meaning">{ e.meaning.unwrap_or("") }</span>{ marks(a, SetupPart::Env(e.name.clone())) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if let Some(code) = r.corrected.as_ref().and_then(|c| c.code.as_ref()) {
                <section class="card corrected corrected-code" aria-labelledby="corrected-code-title">
                    <div class="card-bar"><h2 id="corrected-code-title">{ labels::corrected_code_title(code.language) }</h2><CopyButton text={code.text.clone()} what={"corrected code".to_string()} /></div>
                    <ul class="changes">{ for code.changes.iter().map(|c| html! { <li>{ rich::text(c) }</li> }) }</ul>
                    if !code.left_to_do.is_empty() {
                        <p class="note">{ labels::LEFT_TO_DO }</p>
                        <ul class="changes left-to-do">{ for code.left_to_do.iter().map(|c| html! { <li>{ rich::text(c) }</li> }) }</ul>
                    }
                    <pre><code>{ &code.text }</code></pre>
                </section>
            }
            if let Some(c) = &r.corrected {
                <section class="card corrected" aria-labelledby="corrected-title">
                    <div class="card-bar"><h2 id="corrected-title">{"Corrected request"}</h2><CopyButton text={c.http.clone()} what={"corrected request".to_string()} /></div>
                    if let Some(why) = &r.unsupported { <p class="note">{ why }</p> }
                    <pre><code>{ &c.http }</code></pre>
                    if let Some(note) = &c.note { <p class="note">{ rich::text(note) }</p> }
                </section>
            }
        </>
    }
}
