//! Service Bus and Event Hubs refusals over AMQP: "Unauthorized access. 'Listen' claim(s) are
//! required to perform this operation. Resource: 'sb://…'" (from the track-1 .NET and Java
//! clients and current SDKs alike). The claims are the rights needed: Listen (receive), Send,
//! Manage; with Microsoft Entra ID they come from the data roles, with SAS from the policy.

use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::{self, Envelope};
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::{self, BuiltInRole, Plane};
use crate::input::text::between;
use crate::search::Search;

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !env.has("claim(s) are required to perform this operation")
        && !env.has("amqp:unauthorized-access")
    {
        return None;
    }
    let text = env.text.as_str();
    let event_hubs = env.has("eventhub") || env.has("/consumergroups/");
    let service = if event_hubs {
        Service::EventHubs
    } else {
        Service::ServiceBus
    };
    let claims = claims(text);
    let resources: Vec<String> = text
        .split("Resource: '")
        .skip(1)
        .filter_map(|r| r.split('\'').next())
        .map(|r| r.trim_end_matches("/$management").to_string())
        .collect();
    let resource = resources.iter().min_by_key(|r| r.len()).cloned();
    let roles = roles_for(service, &claims);
    let claims_text = claims.join(", ");
    let mut d = Diagnosis::new(service, Cause::RbacMissing).says(
        &format!(
            "The caller lacks the {claims_text} right on this {}",
            if event_hubs { "event hub" } else { "entity" }
        ),
        &format!(
            "{} refused the AMQP link: the credential carries no {claims_text} right here. With Microsoft Entra ID the rights come from data roles (Listen from Data Receiver, Send from Data Sender, Manage only from Data Owner); with a SAS connection string, from the shared access policy's rights. Management operations of the old clients (reading subscription rules on start) need Manage.",
            service.label()
        ),
        &format!(
            "Assign {} at the {} (or give the SAS policy the {claims_text} right).",
            roles.first().map_or("the data role", |r| r.name),
            if event_hubs { "event hub" } else { "entity or namespace" }
        ),
    );
    d.action = (!claims.is_empty()).then(|| claims_text.clone());
    d.roles = roles.clone();
    let target = target(resource.as_deref(), event_hubs);
    let scope = arm_scope(&target, event_hubs, text);
    for role in roles {
        d.grants.push(Grant::Role {
            role: Some(role),
            scope: scope.clone(),
            why: Some(if role.name.ends_with("Owner") {
                "for Manage (the only data role with it)"
            } else {
                "for the rights named"
            }),
        });
    }
    if claims.iter().any(|c| c.eq_ignore_ascii_case("Manage")) && d.roles.len() > 1 {
        d.notes.push("Manage is only in the Data Owner role: prefer a client that does not read or change rules and entities at run time, and give Owner only if it must.".to_string());
    }
    d.scope = resource;
    d.target = target;
    d.resource = Some(
        if event_hubs {
            "https://eventhubs.azure.net"
        } else {
            "https://servicebus.azure.net"
        }
        .to_string(),
    );
    d.accepted = vec![d.resource.clone().unwrap_or_default()];
    Some(d)
}

/// Every claim named in every "'X,Y' claim(s) are required" of the text, in order, once each.
fn claims(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(" claim(s) are required").take(8) {
        let Some(quoted) = part.rsplit('\'').nth(1) else {
            continue;
        };
        for claim in quoted.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            if !out.iter().any(|c| c.eq_ignore_ascii_case(claim)) && claim.len() < 40 {
                out.push(claim.to_string());
            }
        }
    }
    out
}

/// The least privileged role for each right, once each: Listen and Send by their data actions
/// (`namespaces/messages/receive|send/action`), anything else (Manage, rule reads) by Data Owner.
fn roles_for(service: Service, claims: &[String]) -> Vec<&'static BuiltInRole> {
    let provider = if service == Service::EventHubs {
        "EventHub"
    } else {
        "ServiceBus"
    };
    let owner = if service == Service::EventHubs {
        "Azure Event Hubs Data Owner"
    } else {
        "Azure Service Bus Data Owner"
    };
    let mut out: Vec<&'static BuiltInRole> = Vec::new();
    for claim in claims {
        let role = match claim.to_ascii_lowercase().as_str() {
            "listen" => roles::granting(
                &format!("Microsoft.{provider}/namespaces/messages/receive/action"),
                Plane::Data,
            )
            .first()
            .copied(),
            "send" => roles::granting(
                &format!("Microsoft.{provider}/namespaces/messages/send/action"),
                Plane::Data,
            )
            .first()
            .copied(),
            _ => roles::by_name(owner),
        };
        if let Some(role) = role.filter(|r| !out.contains(r)) {
            out.push(role);
        }
    }
    out
}

fn target(resource: Option<&str>, event_hubs: bool) -> CallTarget {
    let Some(resource) = resource else {
        return CallTarget::default();
    };
    let host = shapes::host_of(resource);
    let path = resource
        .split_on("://")
        .and_then(|(_, r)| r.split_once('/'))
        .map(|(_, p)| p.to_string());
    CallTarget {
        url: Some(resource.to_string()),
        namespace: host
            .as_deref()
            .and_then(|h| h.split('.').next())
            .map(str::to_string),
        entity: path.map(|p| {
            if event_hubs {
                p.split('/').next().unwrap_or("").to_string()
            } else {
                p
            }
        }),
        host,
        ..CallTarget::default()
    }
}

/// The role assignment scope: the event hub, the queue, the topic subscription, or the namespace.
fn arm_scope(t: &CallTarget, event_hubs: bool, text: &str) -> String {
    let namespace = t
        .namespace
        .clone()
        .unwrap_or_else(|| "<namespace>".to_string());
    let provider = if event_hubs {
        "Microsoft.EventHub"
    } else {
        "Microsoft.ServiceBus"
    };
    let base = format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/{provider}/namespaces/{namespace}");
    let entity = t.entity.as_deref().unwrap_or("");
    let parts: Vec<&str> = entity.split('/').filter(|p| !p.is_empty()).collect();
    match (event_hubs, parts.as_slice()) {
        (true, [hub, ..]) => format!("{base}/eventhubs/{hub}"),
        (false, [topic, "subscriptions", sub, ..]) => {
            format!("{base}/topics/{topic}/subscriptions/{sub}")
        }
        (false, [queue])
            if between(text, "queue", " ").is_some() || text.to_ascii_lowercase().has("queue") =>
        {
            format!("{base}/queues/{queue}")
        }
        _ => base,
    }
}
