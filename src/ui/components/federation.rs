//! Workload identity federation: the assertion card (what the exchanged token is and the credential
//! that trusts it), what an error says was presented, and the federated credentials with each
//! field marked equal or how it differs from what was presented, the closest one named.

use yew::prelude::*;

use super::copy_button::CopyButton;
use mi_core::federation::{FederationReport, FieldMatch, MatchRow, MatchStatus};
use mi_core::present::labels;
use mi_core::response::assertion::PresentedAssertion;
use mi_core::token::AssertionReport;

/// The assertion a token is, when it is one.
pub fn assertion(a: &AssertionReport) -> Html {
    let issuer_form = a.issuer_form.as_ref().map(labels::issuer_form);
    html! {
        <section class="card assertion" id="assertion" aria-labelledby="assertion-title">
            <h2 id="assertion-title">{"Workload identity assertion "}<span class="badge">{ labels::assertion_kind(a.kind) }</span></h2>
            <p>{ &a.summary }</p>
            <dl class="facts">
                { row("Issuer", a.issuer.as_deref()) }
                { row("Issuer form", issuer_form.as_deref()) }
                { row("Subject", a.subject.as_deref()) }
                { row("Audience", Some(a.audiences.join(", ").as_str()).filter(|s| !s.is_empty())) }
                { row("Namespace", a.namespace.as_deref()) }
                { row("Service account", a.service_account.as_deref()) }
                { row("Pod", a.pod.as_deref()) }
                { row("Repository", a.repository.as_deref()) }
                { row("Ref", a.git_ref.as_deref()) }
                { row("Environment", a.environment.as_deref()) }
                { row("Workflow", a.workflow.as_deref()) }
                { row("Job workflow", a.job_workflow_ref.as_deref()) }
                { row("Event", a.event_name.as_deref()) }
            </dl>
            if let Some(cmd) = &a.credential_command { { command(labels::TRUSTING_COMMAND, cmd) } }
        </section>
    }
}

/// What a federation error quotes as presented, for the diagnosis card.
pub fn presented_by_error(a: &PresentedAssertion) -> Html {
    let validity = a.validity.as_ref().map(labels::validity);
    let field = labels::fault(a);
    html! {
        <>
            { row("Presented issuer", a.issuer.as_deref()) }
            { row("Presented subject", a.subject.as_deref()) }
            { row("Presented audience", a.audience.as_deref()) }
            { row("Expected subject", a.expected_subject.as_deref()) }
            { row("Field at fault", field.as_deref()) }
            { row("Assertion valid", validity.as_deref()) }
            { row("Scope", a.scope.as_deref()) }
            { row("Application", a.application.as_deref()) }
            { row("Tenant", a.tenant.as_deref()) }
        </>
    }
}

/// The credentials and how each compares with what was presented.
pub fn view(f: &FederationReport) -> Html {
    let from = f.presented.as_ref().map(|p| labels::presented_from(p.from));
    html! {
        <section class="card federation" id="federation" aria-labelledby="federation-title">
            <h2 id="federation-title">{ match f.credentials.len() {
                0 => "Federated identity credentials: none in the paste".to_string(),
                n => format!("Federated identity credentials ({n})"),
            } }</h2>
            if let (Some(p), Some(from)) = (&f.presented, from) {
                <p>{ format!("Compared with what {from} presents: issuer ") }<code>{ p.issuer.as_deref().unwrap_or("?") }</code>
                   {", subject "}<code>{ p.subject.as_deref().unwrap_or("?") }</code>
                   {", audience "}<code>{ p.audiences.join(", ") }</code>{"."}</p>
            }
            if !f.credentials.is_empty() {
                <table class="claims matches">
                    <thead><tr>
                        <th scope="col">{"Credential"}</th><th scope="col">{"Issuer"}</th>
                        <th scope="col">{"Subject"}</th><th scope="col">{"Audience"}</th>
                    </tr></thead>
                    <tbody>
                        { for f.credentials.iter().enumerate().map(|(i, c)| {
                            let m = f.matches.iter().find(|m| m.credential == i);
                            let verdict = verdict(m, f.closest == Some(i));
                            html! {
                                <tr class={classes!(m.is_some_and(|m| m.matched).then_some("matched"))}>
                                    <th scope="row">{ c.describe() }{ verdict }</th>
                                    { cell(c.issuer.as_deref(), m.map(|m| &m.issuer)) }
                                    { cell(c.subject.as_deref().or(c.claims_matching_expression.as_deref()), m.map(|m| &m.subject)) }
                                    { cell(Some(c.audiences.join(", ").as_str()), m.map(|m| &m.audience)) }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            if let Some(cmd) = &f.command { { command(labels::MATCHING_COMMAND, cmd) } }
        </section>
    }
}

fn verdict(m: Option<&MatchRow>, closest: bool) -> Html {
    match m {
        Some(m) if m.matched => {
            html! { <>{" "}<span class="badge match-equal">{"matches"}</span></> }
        }
        Some(_) if closest => {
            html! { <>{" "}<span class="badge match-differs">{"closest"}</span></> }
        }
        _ => html! {},
    }
}

fn cell(value: Option<&str>, m: Option<&FieldMatch>) -> Html {
    let status = m.map(|m| {
        let class = match m.status {
            MatchStatus::Equal => "match-equal",
            MatchStatus::Unknown => "match-unknown",
            _ => "match-differs",
        };
        html! {
            <>
                <span class={classes!("badge", class)} data-status={serde_plain(m.status)}>{ m.status.label() }</span>
                if let Some(d) = &m.difference { <span class="difference">{ d }</span> }
            </>
        }
    });
    html! {
        <td><code>{ value.filter(|v| !v.is_empty()).unwrap_or("-") }</code>{" "}{ status.unwrap_or_default() }</td>
    }
}

/// The status as written in JSON (`differs-only-in-case`), for tests and styles.
fn serde_plain(s: MatchStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn command(label: &str, cmd: &str) -> Html {
    html! {
        <div class="federation-command">
            <p><strong>{ format!("{label}:") }</strong>{" "}<CopyButton text={cmd.to_string()} what={label.to_string()} /></p>
            <pre><code>{ cmd }</code></pre>
        </div>
    }
}

fn row(label: &str, value: Option<&str>) -> Html {
    let Some(value) = value else { return html! {} };
    html! { <><dt>{ label }</dt><dd><code>{ value }</code></dd></> }
}
