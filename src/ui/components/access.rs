//! What a resource answered after the token: the first card says why the call was denied in one
//! sentence, then the fix with each command copyable, then the evidence (service, status, codes,
//! caller, action, scope, roles, challenge, what was called). Below it, the box for the token
//! that was sent and its comparison with the error.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::copy_button::CopyButton;
use super::{json_view, rich};
use mi_core::access::{AccessReport, CheckStatus, SentToken};

pub fn view(r: &AccessReport, sent: AttrValue, on_sent: Callback<String>) -> Html {
    let cause = r.cause.as_str();
    html! {
        <>
            <section class="card access" id="access" aria-labelledby="access-title" data-cause={cause}
                data-code={format!("access.{cause}")}>
                <h2 id="access-title">{ rich::text(&r.summary) }</h2>
                <p class="access-line">{ headline(r) }</p>
                <p class="diagnosis-fix"><span class="fix-label">{"Fix: "}</span>{ rich::text(&r.fix) }</p>
                if !r.commands.is_empty() {
                    <ol class="commands" aria-label="The fix as commands">
                        { for r.commands.iter().map(|c| {
                            let shell = shell_name(c.shell);
                            html! {
                                <li class="command" data-shell={shell}>
                                    <div class="card-bar">
                                        <p class="command-title">{ rich::text(&c.title) }{" "}<span class="shell">{ shell }</span></p>
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
                    <strong>{ if r.retry.retryable { "Retrying helps: " } else { "Retrying will not help: " } }</strong>{ &r.retry.advice }
                </p>
                if !r.notes.is_empty() {
                    <ul class="notes">{ for r.notes.iter().map(|n| html! { <li>{ rich::text(n) }</li> }) }</ul>
                }
                { evidence(r) }
            </section>
            { sent_token_panel(r.sent_token.as_ref(), sent, on_sent) }
        </>
    }
}

fn shell_name(shell: mi_core::access::fix::Shell) -> &'static str {
    match shell {
        mi_core::access::fix::Shell::Bash => "bash",
        mi_core::access::fix::Shell::Powershell => "PowerShell",
        mi_core::access::fix::Shell::Sql => "T-SQL",
    }
}

/// "Azure Key Vault · HTTP 403 · ForbiddenByRbac".
fn headline(r: &AccessReport) -> String {
    let mut parts = vec![r.service_name.to_string()];
    parts.push(match r.status {
        Some(s) => format!("HTTP {s}"),
        None => "no HTTP status".to_string(),
    });
    parts.extend(r.error_code.iter().cloned());
    parts.extend(r.inner_code.iter().cloned());
    parts.join(" · ")
}

fn evidence(r: &AccessReport) -> Html {
    let row = |label: &str, value: Option<String>| match value {
        Some(v) => html! { <><dt>{ label.to_string() }</dt><dd><code>{ v }</code></dd></> },
        None => html! {},
    };
    let status = r.status.map(|s| match r.status_source {
        Some("error code") => format!("{s} (documented for the error code)"),
        _ => s.to_string(),
    });
    let c = r.caller.clone().unwrap_or_default();
    let t = &r.target;
    html! {
        <section class="evidence" aria-labelledby="evidence-title">
            <h3 id="evidence-title">{"Evidence"}</h3>
            <dl class="facts">
                { row("Service", Some(r.service_name.to_string())) }
                { row("HTTP status", status) }
                { row("Error code", r.error_code.clone()) }
                { row("Inner code", r.inner_code.clone()) }
                { row("Caller client ID", c.appid.clone()) }
                { row("Caller object ID", c.oid.clone()) }
                { row("Caller tenant", c.tid.clone()) }
                { row("Caller name", c.name.clone()) }
                { row("Managed identity", c.managed_identity.clone()) }
                { row("Groups in the token", c.groups.map(|g| g.to_string())) }
                { row("Action", r.action.clone()) }
                { row("Scope", r.scope.clone()) }
                { row("Expected", r.expected.clone()) }
                { row("Found", r.found.clone()) }
                { row("Resource to request", r.resource.clone()) }
                { row("Called", t.url.clone()) }
                { row("Vault", t.vault_url.clone().or_else(|| t.vault_name.clone())) }
                { row("Object", t.object_name.as_ref().map(|n| format!("{} {n}", t.object_type.as_deref().unwrap_or("")).trim().to_string())) }
                { row("Storage account", t.account.clone()) }
                { row("Time", r.time.as_ref().map(|x| match &x.utc { Some(u) => format!("{} ({u})", x.raw), None => x.raw.clone() })) }
                { row("Message", r.message.clone()) }
            </dl>
            if !r.roles.is_empty() {
                <table class="claims roles" id="access-roles">
                    <caption>{"Built-in roles that grant the action, least privileged first"}</caption>
                    <thead><tr><th scope="col">{"Role"}</th><th scope="col">{"Role definition ID"}</th></tr></thead>
                    <tbody>
                        { for r.roles.iter().map(|role| html! {
                            <tr data-role={role.name}><th scope="row">{ role.name }</th><td><code>{ role.id }</code></td></tr>
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

/// The second box: the token that was sent, and how it compares with the error.
fn sent_token_panel(sent: Option<&SentToken>, value: AttrValue, on_sent: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        on_sent.emit(area.value());
    });
    html! {
        <section class="card sent-token" aria-labelledby="sent-token-title">
            <label for="sent-token" id="sent-token-title" class="pane-title">{"Paste the token that was sent"}</label>
            <textarea id="sent-token" {value} {oninput} spellcheck="false" autocomplete="off" autocapitalize="off"
                placeholder="The access token (eyJ…) or the token response the app used for this call" />
            <p class="note">{"The report then checks it against the error: the caller, the audience, the tenant, the expiry and its age. It stays in this page."}</p>
            if let Some(s) = sent {
                <ul class="token-checks" aria-label="The sent token against the error">
                    if let Some(who) = &s.identity { <li class="check check-note">{ who }</li> }
                    { for s.checks.iter().map(|c| {
                        let (class, mark) = match c.status {
                            CheckStatus::Ok => ("check-ok", "✓ "),
                            CheckStatus::Mismatch => ("check-mismatch", "✗ "),
                            CheckStatus::Note => ("check-note", "• "),
                        };
                        html! { <li class={classes!("check", class)} data-check={c.what}><span aria-hidden="true">{ mark }</span>{ &c.text }</li> }
                    }) }
                </ul>
            }
        </section>
    }
}
