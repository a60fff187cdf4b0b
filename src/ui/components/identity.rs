//! The managed-identity card: who holds the token, system- or user-assigned, and its resource.

use yew::prelude::*;

use super::copy_button::CopyButton;
use mi_core::present::labels;
use mi_core::token::{Assignment, TokenReport};

pub fn view(t: &TokenReport) -> Html {
    if let Some(id) = &t.identity {
        let class = match id.assignment {
            Assignment::System => "badge-system",
            Assignment::User => "badge-user",
        };
        let badge = labels::assignment(id.assignment);
        let r = &id.resource;
        return html! {
            <section class="card identity" aria-labelledby="identity-title">
                <h2 id="identity-title">{"Managed identity "}<span class={classes!("badge", class)}>{ badge }</span></h2>
                <p class="identity-summary">{ &id.summary }</p>
                <dl class="facts">
                    { row_copy("Client ID", id.client_id.as_deref()) }
                    { row_copy("Principal (object) ID", id.principal_id.as_deref()) }
                    { row("Tenant", id.tenant_id.as_deref()) }
                    { row("Subscription", Some(r.subscription.as_str())) }
                    { row("Resource group", r.resource_group.as_deref()) }
                    { row("Resource type", r.full_type().as_deref()) }
                    { row("Name", r.name.as_deref()) }
                    { row("Used by (xms_az_rid)", id.host_resource_id.as_deref()) }
                </dl>
            </section>
        };
    }
    let Some(mi) = &t.managed_identity else {
        return html! {};
    };
    let title = labels::certainty(mi.certainty);
    html! {
        <section class="card identity" aria-labelledby="identity-title">
            <h2 id="identity-title">{ title }</h2>
            <ul class="signals">{ for mi.signals.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            <p class="note">{ labels::XMS_MIRID_NOTE }</p>
        </section>
    }
}

fn row(label: &str, value: Option<&str>) -> Html {
    let Some(value) = value else { return html! {} };
    html! { <><dt>{ label }</dt><dd><code>{ value }</code></dd></> }
}

fn row_copy(label: &str, value: Option<&str>) -> Html {
    let Some(value) = value else { return html! {} };
    html! {
        <><dt>{ label }</dt><dd><code>{ value }</code>{" "}<CopyButton text={value.to_string()} what={label.to_string()} /></dd></>
    }
}
