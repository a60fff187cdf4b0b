//! What a resource answered after the token: the first card says why the call was denied in one
//! sentence, then the fix with each command copyable, then the evidence (service, status, codes,
//! caller, action, scope, roles, challenge, what was called) and, when the token that was sent
//! is known, how it compares with the error. Every word comes from the core.

use yew::prelude::*;

use super::copy_button::CopyButton;
use super::{json_view, rich};
use mi_core::access::{AccessReport, SentToken};
use mi_core::present::labels;

pub fn view(r: &AccessReport) -> Html {
    let cause = r.cause.as_str();
    html! {
        <section class="card access" id="access" aria-labelledby="access-title" data-cause={cause}>
            <h2 id="access-title">{ rich::text(&r.summary) }</h2>
            <p class="access-line">{ labels::access_headline(r) }</p>
            <p class="diagnosis-fix"><span class="fix-label">{"Fix: "}</span>{ rich::text(&r.fix) }</p>
            if !r.commands.is_empty() {
                <ol class="commands" aria-label="The fix as commands">
                    { for r.commands.iter().map(|c| {
                        let shell = labels::shell(c.shell);
                        html! {
                            <li class="command" data-shell={shell}>
                                <div class="card-bar">
                                    <p class="command-title">{ rich::text(&c.title) }{" "}<span class="command-shell">{ shell }</span></p>
                                    <CopyButton text={c.command.clone()} what={format!("{shell} command: {}", c.title)} />
                                </div>
                                <pre><code>{ &c.command }</code></pre>
                            </li>
                        }
                    }) }
                </ol>
            }
            <p>{ rich::text(&r.meaning) }</p>
            <p class={classes!("retry", r.retry.retryable.then_some("retryable"))}>
                <strong>{ format!("{} ", labels::retry(r.retry.retryable)) }</strong>{ &r.retry.advice }
            </p>
            if !r.notes.is_empty() {
                <ul class="notes">{ for r.notes.iter().map(|n| html! { <li>{ rich::text(n) }</li> }) }</ul>
            }
            { evidence(r) }
            if let Some(s) = &r.sent_token { { sent_token(s) } }
        </section>
    }
}

fn evidence(r: &AccessReport) -> Html {
    html! {
        <section class="evidence" aria-labelledby="evidence-title">
            <h3 id="evidence-title">{"Evidence"}</h3>
            <dl class="facts">
                { for labels::access_evidence(r).into_iter().map(|(label, value)| html! {
                    <><dt>{ label }</dt><dd><code>{ value }</code></dd></>
                }) }
            </dl>
            if !r.roles.is_empty() {
                <table class="claims roles" id="access-roles">
                    <caption>{"Built-in roles that grant the action, least privileged first"}</caption>
                    <thead><tr><th scope="col">{"Role"}</th><th scope="col">{"Role definition ID"}</th></tr></thead>
                    <tbody>
                        { for r.roles.iter().map(|role| html! {
                            <tr data-role={role.name}><td>{ role.name }</td><td><code>{ role.id }</code></td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if let Some(ch) = &r.challenge {
                <dl class="facts challenge">
                    <dt>{"WWW-Authenticate"}</dt><dd><code>{ ch.scheme.clone() }</code></dd>
                    { for ch.params.iter().map(|p| html! { <><dt><code>{ &p.name }</code></dt><dd><code>{ &p.value }</code></dd></> }) }
                </dl>
                if let Some(claims) = &ch.claims { { json_view::view("Claims the challenge asks for", claims) } }
            }
        </section>
    }
}

/// The token that was sent, held against the error.
fn sent_token(s: &SentToken) -> Html {
    html! {
        <section class="sent-token-checks" aria-labelledby="sent-title">
            <h3 id="sent-title">{"The token that was sent"}</h3>
            if let Some(who) = &s.identity { <p>{ who }</p> }
            <ul class="token-checks">
                { for s.checks.iter().map(|c| {
                    let (mark, word) = labels::check_status(c.status);
                    html! {
                        <li class={classes!("check", format!("check-{word}"))} data-check={c.what}>
                            <span aria-hidden="true">{ format!("{mark} ") }</span>{ &c.text }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
