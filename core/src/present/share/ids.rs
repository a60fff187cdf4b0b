//! Masking the IDs that say whose tenant, subscription and identity this is: each tenant,
//! subscription, object (principal) and client ID is replaced by `<tenant-1>`, `<sub-1>`,
//! `<oid-1>`, `<client-1>`, numbered in the order they first appear, the same ID always by the
//! same name, so that the report still shows which values are equal. Their roles come from the
//! analysis (a token's `tid`, `oid`, `appid`; the identity's IDs; a request's `client_id`;
//! `AZURE_TENANT_ID`) and from the text around them (`/subscriptions/<id>`, an issuer URL,
//! `tenantId:`); correlation, trace and request IDs are left as they are (support needs them).

use std::collections::BTreeMap;

use crate::analysis::Analysis;
use crate::azure::is_guid;
use crate::token::TokenReport;

/// What an ID names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Tenant,
    Subscription,
    Object,
    Client,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::Tenant => "tenant",
            Role::Subscription => "sub",
            Role::Object => "oid",
            Role::Client => "client",
        }
    }
}

/// Words before an ID in text that name its role (`tenantId: <id>`, `/subscriptions/<id>`).
const CONTEXT: &[(&str, Role)] = &[
    ("/subscriptions/", Role::Subscription),
    ("subscription", Role::Subscription),
    ("sts.windows.net/", Role::Tenant),
    ("login.microsoftonline.com/", Role::Tenant),
    ("tenant", Role::Tenant),
    ("tid", Role::Tenant),
    ("principal", Role::Object),
    ("object", Role::Object),
    ("oid", Role::Object),
    ("client", Role::Client),
    ("appid", Role::Client),
    ("azp", Role::Client),
];

/// The roles the analysis (and a session's parts) give IDs, lower-cased.
pub fn roles(a: &Analysis) -> BTreeMap<String, Role> {
    let mut out = own_roles(a);
    for p in a.parts.iter().filter_map(|p| p.analysis.as_deref()) {
        for (id, role) in roles(p) {
            out.entry(id).or_insert(role);
        }
    }
    out
}

fn own_roles(a: &Analysis) -> BTreeMap<String, Role> {
    let mut out = BTreeMap::new();
    let mut put = |id: Option<&str>, role: Role| {
        if let Some(id) = id.map(str::trim).filter(|i| is_guid(i)) {
            out.entry(id.to_ascii_lowercase()).or_insert(role);
        }
    };
    let mut tokens: Vec<&TokenReport> = Vec::new();
    collect_tokens(a, &mut tokens);
    for t in tokens {
        let claim = |n: &str| {
            t.payload
                .as_ref()
                .and_then(|p| p.get(n))
                .and_then(|v| v.as_str())
        };
        put(claim("tid"), Role::Tenant);
        put(claim("oid"), Role::Object);
        put(claim("appid"), Role::Client);
        put(claim("azp"), Role::Client);
        if let Some(id) = &t.identity {
            put(id.client_id.as_deref(), Role::Client);
            put(id.principal_id.as_deref(), Role::Object);
            put(id.tenant_id.as_deref(), Role::Tenant);
        }
    }
    if let Some(r) = &a.response {
        put(r.client_id.as_deref(), Role::Client);
    }
    if let Some(r) = &a.access {
        if let Some(caller) = &r.caller {
            put(caller.appid.as_deref(), Role::Client);
            put(caller.oid.as_deref(), Role::Object);
            put(caller.tid.as_deref(), Role::Tenant);
        }
        if let Some(s) = &r.sent_token {
            put(s.appid.as_deref(), Role::Client);
            put(s.oid.as_deref(), Role::Object);
            put(s.tid.as_deref(), Role::Tenant);
        }
    }
    if let Some(r) = &a.request {
        for p in &r.query {
            match p.name.to_ascii_lowercase().as_str() {
                "client_id" | "clientid" => put(Some(&p.value), Role::Client),
                "object_id" | "principal_id" => put(Some(&p.value), Role::Object),
                _ => {}
            }
        }
        for e in &r.env {
            match e.name.as_str() {
                "AZURE_CLIENT_ID" | "DEFAULT_IDENTITY_CLIENT_ID" => {
                    put(Some(&e.value), Role::Client)
                }
                "AZURE_TENANT_ID" => put(Some(&e.value), Role::Tenant),
                _ => {}
            }
        }
    }
    out
}

fn collect_tokens<'a>(a: &'a Analysis, out: &mut Vec<&'a TokenReport>) {
    fn nested<'a>(t: &'a TokenReport, out: &mut Vec<&'a TokenReport>) {
        out.push(t);
        for n in &t.nested {
            nested(&n.token, out);
        }
    }
    if let Some(t) = &a.token {
        nested(t, out);
    }
    if let Some(c) = &a.comparison {
        collect_tokens(&c.second, out);
    }
    for p in a.parts.iter().filter_map(|p| p.analysis.as_deref()) {
        collect_tokens(p, out);
    }
}

/// The role the words just before an ID give it: a word of [`CONTEXT`] at most a key's
/// punctuation away (`tenantId": "`, `client_id=`, `/subscriptions/`), and not a request ID's
/// (`client-request-id:`).
fn role_from_context(before: &str) -> Option<Role> {
    let tail: String = before
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    let (at, word, role) = CONTEXT
        .iter()
        .filter_map(|(word, role)| tail.rfind(word).map(|at| (at, *word, *role)))
        .max_by_key(|(at, word, _)| at + word.len())?;
    let between = tail.get(at + word.len()..).unwrap_or("");
    let key_like = between.len() <= 12
        && !between.contains("request")
        && between
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " \"':=_-/".contains(c));
    key_like.then_some(role)
}

/// Every GUID in `text`, with its byte range.
fn guids(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 36 <= b.len() {
        let boundary_before = i == 0 || !b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
        let boundary_after = !b.get(i + 36).is_some_and(u8::is_ascii_alphanumeric);
        if boundary_before && boundary_after && text.get(i..i + 36).is_some_and(is_guid) {
            out.push((i, i + 36));
            i += 36;
        } else {
            i += 1;
        }
    }
    out
}

/// `text` with each tenant, subscription, object and client ID replaced by its name. An ID's role
/// is the analysis's, or what the words before any of its occurrences say.
pub fn mask(text: &str, known: &BTreeMap<String, Role>) -> String {
    let found: Vec<(usize, usize, String)> = guids(text)
        .into_iter()
        .filter_map(|(s, e)| Some((s, e, text.get(s..e)?.to_ascii_lowercase())))
        .collect();
    let mut roles = known.clone();
    for (start, _, id) in &found {
        if !roles.contains_key(id) {
            if let Some(role) = role_from_context(text.get(..*start).unwrap_or("")) {
                roles.insert(id.clone(), role);
            }
        }
    }
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    let mut counts: BTreeMap<Role, usize> = BTreeMap::new();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, id) in &found {
        let Some(role) = roles.get(id).copied() else {
            continue;
        };
        let name = names.entry(id.as_str()).or_insert_with(|| {
            let n = counts.entry(role).or_insert(0);
            *n += 1;
            format!("<{}-{n}>", role.label())
        });
        out.push_str(text.get(last..*start).unwrap_or(""));
        out.push_str(name);
        last = *end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_id_gets_the_same_name_and_others_stay() {
        let text = "x-ms-client-request-id: aaf05124-8363-46e9-a318-8b1c74895861 tid 72f988bf-86f1-41af-91ab-2d7cd011db47 in /subscriptions/2cd617ea-1866-46b1-90e3-fffb087ebf9b/resourcegroups/x, again 72F988BF-86F1-41AF-91AB-2D7CD011DB47; Correlation ID: 6e78a968-b98c-4eac-9062-52c1d64ff561";
        let out = mask(text, &BTreeMap::new());
        assert_eq!(
            out,
            "x-ms-client-request-id: aaf05124-8363-46e9-a318-8b1c74895861 tid <tenant-1> in /subscriptions/<sub-1>/resourcegroups/x, again <tenant-1>; Correlation ID: 6e78a968-b98c-4eac-9062-52c1d64ff561"
        );
    }
}
