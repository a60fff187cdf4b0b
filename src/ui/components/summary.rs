//! The token at a glance: what it is, who issued it, for what, and how long it lives.

use yew::prelude::*;

use super::countdown::Countdown;
use mi_core::present::labels;
use mi_core::timefmt;
use mi_core::token::times::Status;
use mi_core::token::TokenReport;

pub fn view(t: &TokenReport, offset_minutes: i32) -> Html {
    let form = labels::token_form(t);
    let e = t.entra.as_ref();
    let l = &t.lifetime;
    html! {
        <section class="card summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{ form }</h2>
            <dl class="facts">
                if let Some(e) = e {
                    <dt>{"Issuer"}</dt>
                    <dd>{ format!("Microsoft Entra ID, v{} token", e.version.as_deref().unwrap_or("?")) }</dd>
                    if let Some(cloud) = e.cloud { <dt>{"Cloud"}</dt><dd>{ cloud }</dd> }
                    if let Some(tid) = &e.tenant_id { <dt>{"Tenant"}</dt><dd><code>{ tid }</code></dd> }
                    if let Some(aud) = &e.audience {
                        <dt>{"Audience"}</dt>
                        <dd><code>{ aud }</code>{ e.audience_service.map(|s| format!(" — {s}")).unwrap_or_default() }</dd>
                    }
                    <dt>{"Caller"}</dt>
                    <dd>{ format!("{} ({})", labels::token_use(e.token_use), e.token_use_reason) }</dd>
                    if let Some(auth) = e.client_auth { <dt>{"Client credential"}</dt><dd>{ auth }</dd> }
                }
                if let Some(exp) = l.expires_at {
                    <dt>{"Expires"}</dt>
                    <dd class="expiry">
                        <Countdown expires_at={exp} />
                        <span class="time-forms">{ format!("{} · {}", timefmt::utc(exp), timefmt::local(exp, offset_minutes)) }</span>
                    </dd>
                }
                if let Some(lifetime) = &l.lifetime { <dt>{"Lifetime"}</dt><dd>{ lifetime }</dd> }
                // The age matters while the token lives (its roles are a snapshot); once it has
                // expired, the expiry says it all.
                if let Some(age) = l.age.as_ref().filter(|_| l.status != Status::Expired) {
                    <dt>{"Age"}</dt>
                    <dd>{ age }<span class="note">{ format!(" — {}", labels::CACHING_NOTE) }</span></dd>
                }
            </dl>
            { super::timeline::view(t) }
        </section>
    }
}
