//! Azure Container Registry refusals as container runtimes print them: containerd's "failed to
//! fetch anonymous token: unexpected status from GET request to
//! `https://<registry>.azurecr.io/oauth2/token?scope=repository%3A…%3Apull…`: 401 Unauthorized"
//! (no registry credential: the kubelet's identity has no AcrPull, or the registry is not
//! attached) and Docker's "unauthorized: authentication required" (ambiguous: no pull right, a
//! credential not yet fetched, or a missing repository).

use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::{self, is_redacted, Envelope};
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::Plane;
use crate::input::percent::percent_decode;

const PULL: &str = "Microsoft.ContainerRegistry/registries/pull/read";
const PUSH: &str = "Microsoft.ContainerRegistry/registries/push/write";

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    let refused = env.has("unauthorized") || env.has("401") || env.has("403") || env.has("denied");
    if !env.has(".azurecr.io") || !refused {
        return None;
    }
    let text = env.text.as_str();
    let host = text
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '/' | ':'))
        .find(|w| w.to_ascii_lowercase().ends_with(".azurecr.io"))
        .map(str::to_string);
    let registry = host
        .as_deref()
        .and_then(|h| h.split('.').next())
        .filter(|r| !is_redacted(r))
        .unwrap_or("<registry-name>")
        .to_string();
    // The token request's `scope=repository%3Aname%3Apull`, decoded.
    let scope_param = text
        .split("scope=")
        .nth(1)
        .and_then(|r| r.split(['&', ' ']).next())
        .map(|r| percent_decode(r, false))
        .filter(|s| s.starts_with("repository:"));
    let push = scope_param.as_deref().is_some_and(|s| s.ends_with("push")) || env.has("push");
    let mut d = diagnosis(env);
    d.status = (env.has("401") || env.has("unauthorized")).then_some(401);
    d.action = scope_param.or_else(|| Some(if push { "push" } else { "pull" }.to_string()));
    d.permission = Some((if push { PUSH } else { PULL }.to_string(), Plane::Control));
    let scope = format!(
        "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/{registry}"
    );
    d.grants.push(Grant::Role {
        role: None,
        scope: scope.clone(),
        why: Some("to the identity that pulls"),
    });
    if env.has("kubelet") || env.has("failed to pull image") || env.has("containerd") {
        d.grants.push(Grant::AksAttachAcr { registry });
    }
    d.scope = Some(scope);
    d.target = CallTarget {
        url: shapes::urls(text)
            .into_iter()
            .find(|u| u.contains(".azurecr.io")),
        host,
        ..CallTarget::default()
    };
    d.notes.push("Registries exchange a Microsoft Entra token at https://<registry>.azurecr.io/oauth2/exchange for a registry token; `az acr login --name <registry>` does both for a signed-in identity.".to_string());
    Some(d)
}

/// containerd's anonymous-token failure says why; Docker's "authentication required" does not.
fn diagnosis(env: &Envelope) -> Diagnosis {
    let fix = "Give the pulling identity (for AKS: the kubelet identity) AcrPull on the registry, or attach the registry to the cluster; if it already has it, check the image name and tag and retry once the node is ready.";
    if env.has("anonymous token") {
        Diagnosis::new(Service::ContainerRegistry, Cause::RbacMissing).says(
            "The node had no credential for the registry, so the pull went out anonymously and was refused",
            "containerd asked the registry for an anonymous token because no credential provider gave it one: the kubelet's identity has no AcrPull on the registry (or the registry is not attached to the cluster), or the registry is in another tenant. Registries refuse anonymous pulls unless anonymous pull is turned on.",
            fix,
        )
    } else {
        Diagnosis::new(Service::ContainerRegistry, Cause::Unknown).says(
            "The registry refused the pull without saying why",
            "\"unauthorized: authentication required\" comes back when the identity has no AcrPull, when the node's credential provider has not fetched a registry token yet (it recovers within a minute or two after a node starts), and when the repository or tag does not exist. The message alone cannot tell them apart.",
            fix,
        )
    }
}
