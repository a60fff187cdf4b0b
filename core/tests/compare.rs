//! Two tokens side by side (`mi_core::compare`): what differs comes first, most consequential
//! first, each with what it means; then every claim of either token. Real tokens from
//! tests/fixtures/real-world.jsonl (the azure-identity IMDS recordings of a VM's system-assigned
//! identity and of the user-assigned identity `xymsi`; the v1.0 and v2.0 samples of the Entra
//! docs' access-tokens.md), each record naming its source.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::analysis::compare::{Aspect, Comparison};
use mi_core::{analyze, compare, Code, Context, Kind};
use serde_json::Value;

/// 2022-01-27, while the recorded IMDS tokens were valid (they expire 2022-01-27T19:47).
const NOW: i64 = 1_643_300_000;

fn compared(a: &str, b: &str) -> Comparison {
    compare(a, b, &Context::at(NOW))
        .comparison
        .expect("a comparison")
}

fn aspects(c: &Comparison) -> Vec<Aspect> {
    c.differences.iter().map(|d| d.aspect).collect()
}

/// The token's payload with `change` applied, as a new token with the same header.
fn variant(token: &str, change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let a = analyze(token, &Context::at(NOW));
    let t = a.token.unwrap();
    let mut payload = t.payload.unwrap().as_object().unwrap().clone();
    change(&mut payload);
    common::token(
        &t.header.unwrap().to_string(),
        &Value::Object(payload).to_string(),
    )
}

#[test]
fn two_managed_identities_of_one_vm_differ_in_identity_and_issue_time() {
    let system = common::sample("jwt-imds-system-mirid-vm");
    let user = common::sample("jwt-imds-user-mirid-uami");
    let c = compared(&system, &user);
    // Same audience (ARM), tenant and issuer; different identities, issued 66 s apart.
    assert_eq!(aspects(&c), [Aspect::Identity, Aspect::Lifetime]);
    let identity = &c.differences[0];
    assert!(
        identity.second.as_deref().unwrap().contains("xymsi"),
        "{identity:?}"
    );
    assert!(
        identity.first.as_deref().unwrap().contains("xiangyan"),
        "{identity:?}"
    );
    assert!(
        identity.meaning.contains("per identity"),
        "{}",
        identity.meaning
    );
    assert!(
        c.differences[1]
            .meaning
            .contains("The second was issued 1 min 6 s later"),
        "{}",
        c.differences[1].meaning
    );
    // Side by side: aud is the same, oid and appid differ.
    let pair = |n: &str| c.claims.iter().find(|p| p.name == n).unwrap();
    assert!(pair("aud").same);
    assert!(!pair("oid").same);
    assert_eq!(
        pair("appid").second.as_deref(),
        Some("2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4")
    );
    assert_eq!(c.second.kind, Kind::Jwt);
}

#[test]
fn a_v1_and_a_v2_token_differ_in_audience_tenant_issuer_and_version() {
    let v1 = common::sample("jwt-entra-docs-v1-sample");
    let v2 = common::sample("jwt-entra-docs-v2-sample");
    let c = compared(&v1, &v2);
    assert_eq!(
        aspects(&c),
        [
            Aspect::Audience,
            Aspect::Identity,
            Aspect::Scopes,
            Aspect::Tenant,
            Aspect::Issuer,
            Aspect::Lifetime,
            Aspect::Version
        ]
    );
    let issuer = c
        .differences
        .iter()
        .find(|d| d.aspect == Aspect::Issuer)
        .unwrap();
    assert!(
        issuer.meaning.contains("accessTokenAcceptedVersion"),
        "{}",
        issuer.meaning
    );
    let scopes = c
        .differences
        .iter()
        .find(|d| d.aspect == Aspect::Scopes)
        .unwrap();
    assert!(
        scopes.meaning.contains("`access_as_user`")
            && scopes.meaning.contains("`user_impersonation`")
    );
}

#[test]
fn a_role_only_the_newer_token_carries_was_granted_in_between() {
    // No public pair of real tokens differs by one role, so the second is the recorded `xymsi`
    // token with `roles` added and issued an hour later: what a token asked for again after an
    // app-role assignment looks like.
    let first = common::sample("jwt-imds-user-mirid-uami");
    let second = variant(&first, |p| {
        p.insert("roles".into(), serde_json::json!(["Reader"]));
        for claim in ["iat", "nbf", "exp"] {
            let t = p[claim].as_i64().unwrap();
            p.insert(claim.into(), (t + 3600).into());
        }
    });
    let c = compared(&first, &second);
    let roles = c
        .differences
        .iter()
        .find(|d| d.aspect == Aspect::Roles)
        .expect("roles differ");
    assert!(
        roles.meaning.starts_with("The second token carries the role `Reader` that the first lacks: it was issued after the role was granted"),
        "{}",
        roles.meaning
    );
    assert_eq!(roles.second.as_deref(), Some("Reader"));
    // Swapped, the newer token is still the one with it: the words follow the times, not the order.
    let swapped = compared(&second, &first);
    let roles = swapped
        .differences
        .iter()
        .find(|d| d.aspect == Aspect::Roles)
        .unwrap();
    assert!(roles.meaning.starts_with("The first token carries the role `Reader` that the second lacks: it was issued after the role was granted"), "{}", roles.meaning);
    // An older token with a role the newer one lacks: the role was removed in between.
    let older = variant(&first, |p| {
        p.insert("roles".into(), serde_json::json!(["Reader"]));
        for claim in ["iat", "nbf", "exp"] {
            let t = p[claim].as_i64().unwrap();
            p.insert(claim.into(), (t - 3600).into());
        }
    });
    let removed = compared(&older, &first);
    let roles = removed
        .differences
        .iter()
        .find(|d| d.aspect == Aspect::Roles)
        .unwrap();
    assert!(
        roles
            .meaning
            .contains("the role was removed after the older token was issued"),
        "{}",
        roles.meaning
    );
}

#[test]
fn the_same_token_twice_has_no_differences() {
    let t = common::sample("jwt-imds-system-mirid-vm");
    let c = compared(&t, &format!("Bearer {t}"));
    assert!(c.differences.is_empty());
    assert!(c.claims.iter().all(|p| p.same));
}

#[test]
fn a_second_input_without_a_token_is_said_so() {
    let t = common::sample("jwt-imds-system-mirid-vm");
    let a = compare(
        &t,
        &common::sample("err-imds-identity-not-found-powershell"),
        &Context::at(NOW),
    );
    assert_eq!(a.findings[0].code, Code::InputNothingToCompare);
    assert!(a.findings[0].title.starts_with("The second input"));
    let c = a.comparison.unwrap();
    assert!(c.differences.is_empty());
    assert_eq!(c.second.kind, Kind::MiError);
}

#[test]
fn a_token_response_is_compared_by_its_token() {
    // The recorded IMDS response holds the system-assigned token.
    let response = common::sample("resp-imds-recorded-system-real-jwt");
    let user = common::sample("jwt-imds-user-mirid-uami");
    let c = compared(&response, &user);
    assert_eq!(aspects(&c)[0], Aspect::Identity);
}

#[test]
fn the_json_names_the_aspects() {
    let a = compare(
        &common::sample("jwt-entra-docs-v1-sample"),
        &common::sample("jwt-entra-docs-v2-sample"),
        &Context::at(NOW),
    );
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["comparison"]["differences"][0]["aspect"], "audience");
    assert_eq!(v["comparison"]["second"]["kind"], "jwt");
    // Without a second input there is no comparison in the JSON.
    let plain = serde_json::to_value(analyze(
        &common::sample("jwt-entra-docs-v1-sample"),
        &Context::at(NOW),
    ))
    .unwrap();
    assert!(plain.get("comparison").is_none());
}
