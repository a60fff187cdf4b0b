//! The managed-identity card: who holds the token, system- or user-assigned, and its resource.

use yew::prelude::*;

use super::copy_button::CopyButton;
use mi_core::token::entra::Certainty;
use mi_core::token::{Assignment, TokenReport};

pub fn view(t: &TokenReport) -> Html {
    if let Some(id) = &t.identity {
        let (badge, class) = match id.assignment {
            Assignment::System => ("System-assigned", "badge-system"),
            Assignment::User => ("User-assigned", "badge-user"),
        };
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
    let title = match mi.certainty {
        Certainty::Certain => "Managed identity",
        Certainty::Likely => "Probably a managed identity",
    };
    html! {
        <section class="card identity" aria-labelledby="identity-title">
            <h2 id="identity-title">{ title }</h2>
            <ul class="signals">{ for mi.signals.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            <p class="note">{"xms_mirid, which names the identity and tells system- from user-assigned, is only issued for first-party (Microsoft) audiences; its absence proves nothing."}</p>
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
