//! Two tokens side by side: [`compare`] analyses both inputs (a token, or a response that holds
//! one), lists what differs first, most consequential first (audience, identity, roles, groups,
//! scopes, tenant, issuer, lifetime, then client, version and caller), each with what the
//! difference means, and then every claim of either token side by side. Token facts:
//! ../shared/reference/mi-protocols.md §7 (roles and groups are a snapshot from when the token
//! was issued; managed-identity endpoints cache tokens for about 24 hours).

use serde::Serialize;

use super::{analyze_with, Analysis, Options};
use crate::model::{Code, Context, Finding};
use crate::timefmt;
use crate::token::catalog::Location;
use crate::token::entra::TokenUse;
use crate::token::times::Status;
use crate::token::TokenReport;

/// What differs between the two tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Audience,
    Identity,
    Roles,
    Groups,
    Scopes,
    Tenant,
    Issuer,
    Lifetime,
    Client,
    Version,
    Caller,
}

/// One difference, with what it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub aspect: Aspect,
    /// The first token's value, as text (`None`: it has none).
    pub first: Option<String>,
    pub second: Option<String>,
    pub meaning: String,
}

/// One claim of either token, side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimPair {
    pub name: String,
    pub first: Option<String>,
    pub second: Option<String>,
    pub same: bool,
    pub meaning: Option<&'static str>,
}

/// The comparison of the analysis it belongs to (the first input) with a second input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The second input's whole analysis.
    pub second: Box<Analysis>,
    /// What differs, most consequential first; empty when the tokens agree (or one is missing).
    pub differences: Vec<Difference>,
    /// Every payload claim of either token, in the first token's order, then the second's extras.
    pub claims: Vec<ClaimPair>,
}

/// Analyses `first` and `second` and compares the tokens they hold. Never panics.
pub fn compare(first: &str, second: &str, ctx: &Context) -> Analysis {
    compare_with(first, second, ctx, &Options::default())
}

/// [`compare`] with the user's choices (they apply to the first input; the key verifies it).
pub fn compare_with(first: &str, second: &str, ctx: &Context, options: &Options) -> Analysis {
    let mut a = analyze_with(first, ctx, options);
    let b = analyze_with(second, ctx, &Options::default());
    let (differences, claims) = match (&a.token, &b.token) {
        (Some(x), Some(y)) => (differences(x, y), claim_pairs(x, y)),
        (x, y) => {
            a.findings
                .insert(0, nothing_to_compare(x.is_none(), y.is_none()));
            (Vec::new(), Vec::new())
        }
    };
    a.comparison = Some(Comparison {
        second: Box::new(b),
        differences,
        claims,
    });
    a
}

fn nothing_to_compare(first_missing: bool, second_missing: bool) -> Finding {
    let which = match (first_missing, second_missing) {
        (true, true) => "Neither input holds a token",
        (true, false) => "The first input holds no token",
        _ => "The second input holds no token",
    };
    Finding::error(Code::InputNothingToCompare, format!("{which} to compare"))
        .detail("Two tokens are compared claim by claim: paste a token (or a token response with its access_token) in each box.")
        .fix("Paste the token that works in one box and the one that fails in the other.")
}

/// Text of a list claim, for the difference's `first`/`second`.
fn listed(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}

fn differences(x: &TokenReport, y: &TokenReport) -> Vec<Difference> {
    let checks: [fn(&TokenReport, &TokenReport) -> Option<Difference>; 11] = [
        audience, identity, roles, groups, scopes, tenant, issuer, lifetime, client, version,
        caller,
    ];
    checks.iter().filter_map(|check| check(x, y)).collect()
}

fn claim_str(t: &TokenReport, name: &str) -> Option<String> {
    let v = t.payload.as_ref()?.get(name)?;
    Some(v.as_str().map_or_else(|| v.to_string(), str::to_string))
}

fn audience(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let (a, b) = (claim_str(x, "aud"), claim_str(y, "aud"));
    if a == b {
        return None;
    }
    let named = |t: &TokenReport, aud: &Option<String>| match (
        aud,
        t.entra.as_ref().and_then(|e| e.audience_service),
    ) {
        (Some(a), Some(s)) => format!("{a} ({s})"),
        (Some(a), None) => a.clone(),
        (None, _) => "no audience".to_string(),
    };
    let slash_only = matches!((&a, &b), (Some(p), Some(q)) if p.trim_end_matches('/') == q.trim_end_matches('/'));
    let meaning = if slash_only {
        "The same resource in two spellings, with and without a trailing slash: services that compare aud exactly (Azure SQL, some custom APIs) accept only one of them; ask for the spelling the service documents.".to_string()
    } else {
        format!(
            "The tokens are for different resources: the first for {}, the second for {}. A service accepts only tokens whose aud is its own, so for any one service at most one of them works; ask for the resource the failing call goes to.",
            named(x, &a),
            named(y, &b)
        )
    };
    Some(Difference {
        aspect: Aspect::Audience,
        first: a,
        second: b,
        meaning,
    })
}

/// Who a token was issued to: the managed identity's summary, or the object and client IDs.
fn principal(t: &TokenReport) -> Option<String> {
    if let Some(id) = &t.identity {
        return Some(id.summary.clone());
    }
    let e = t.entra.as_ref()?;
    match (&e.object_id, &e.client_id) {
        (Some(o), Some(c)) => Some(format!("object {o}, client {c}")),
        (Some(o), None) => Some(format!("object {o}")),
        (None, Some(c)) => Some(format!("client {c}")),
        (None, None) => None,
    }
}

fn same_principal(x: &TokenReport, y: &TokenReport) -> bool {
    let oid = |t: &TokenReport| {
        t.entra
            .as_ref()
            .and_then(|e| e.object_id.clone())
            .or_else(|| claim_str(t, "sub"))
    };
    oid(x) == oid(y)
}

fn identity(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    if same_principal(x, y) {
        return None;
    }
    let (a, b) = (principal(x), principal(y));
    Some(Difference {
        aspect: Aspect::Identity,
        meaning: format!(
            "The tokens belong to different identities: the first to {}, the second to {}. Role assignments, access policies and group memberships are per identity: what is granted to one does not apply to the other.",
            a.as_deref().unwrap_or("an identity it does not name"),
            b.as_deref().unwrap_or("an identity it does not name")
        ),
        first: a,
        second: b,
    })
}

/// Which was issued later: `Some(true)` when the second was.
fn second_is_newer(x: &TokenReport, y: &TokenReport) -> Option<bool> {
    let (a, b) = (x.lifetime.issued_at?, y.lifetime.issued_at?);
    (a != b).then_some(b > a)
}

/// Why one token has grants the other lacks (`what`: "role", "group", "permission").
fn why_only_one_has(
    x: &TokenReport,
    y: &TokenReport,
    holder_is_second: bool,
    what: &str,
) -> String {
    if !same_principal(x, y) {
        return format!(
            "the identity of the {} token holds it and the other does not",
            if holder_is_second { "second" } else { "first" }
        );
    }
    match second_is_newer(x, y) {
        Some(newer) if newer == holder_is_second => format!(
            "it was issued after the {what} was granted: a token keeps what it was issued with until it expires, and managed-identity endpoints cache tokens for about 24 hours, so the older token never gets it"
        ),
        Some(_) => format!("the {what} was removed after the older token was issued; the older token keeps it until it expires"),
        None => format!("the tokens were issued at the same second, so the {what} was asked for or granted differently"),
    }
}

/// The difference of two lists (roles, groups, scopes), both ways.
fn set_difference(
    x: &TokenReport,
    y: &TokenReport,
    aspect: Aspect,
    what: &str,
    get: fn(&TokenReport) -> Vec<String>,
) -> Option<Difference> {
    let (a, b) = (get(x), get(y));
    let only_second: Vec<&String> = b.iter().filter(|r| !a.contains(r)).collect();
    let only_first: Vec<&String> = a.iter().filter(|r| !b.contains(r)).collect();
    if only_second.is_empty() && only_first.is_empty() {
        return None;
    }
    let quote = |v: &[&String]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let plural = |v: &[&String]| {
        if v.len() == 1 {
            what.to_string()
        } else {
            format!("{what}s")
        }
    };
    let mut sentences = Vec::new();
    if !only_second.is_empty() {
        sentences.push(format!(
            "The second token carries the {} {} that the first lacks: {}.",
            plural(&only_second),
            quote(&only_second),
            why_only_one_has(x, y, true, what)
        ));
    }
    if !only_first.is_empty() {
        sentences.push(format!(
            "The first token carries the {} {} that the second lacks: {}.",
            plural(&only_first),
            quote(&only_first),
            why_only_one_has(x, y, false, what)
        ));
    }
    Some(Difference {
        aspect,
        first: listed(&a),
        second: listed(&b),
        meaning: sentences.join(" "),
    })
}

fn entra_list(
    t: &TokenReport,
    pick: fn(&crate::token::EntraReport) -> &Vec<String>,
) -> Vec<String> {
    t.entra
        .as_ref()
        .map(|e| pick(e).clone())
        .unwrap_or_default()
}

fn roles(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    set_difference(x, y, Aspect::Roles, "role", |t| entra_list(t, |e| &e.roles))
}

fn groups(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    set_difference(x, y, Aspect::Groups, "group", |t| {
        entra_list(t, |e| &e.groups)
    })
}

fn scopes(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    set_difference(x, y, Aspect::Scopes, "permission", |t| {
        entra_list(t, |e| &e.scopes)
    })
}

fn tenant(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let t = |r: &TokenReport| {
        r.entra
            .as_ref()
            .and_then(|e| e.tenant_id.clone())
            .or_else(|| claim_str(r, "tid"))
    };
    let (a, b) = (t(x), t(y));
    (a != b).then(|| Difference {
        aspect: Aspect::Tenant,
        meaning: "The tokens come from different tenants: a resource accepts tokens only from its own tenant (or the tenants it trusts), so one of them is refused as issued by the wrong tenant (ARM: InvalidAuthenticationTokenTenant; Key Vault: AKV10032).".to_string(),
        first: a,
        second: b,
    })
}

fn issuer(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let (a, b) = (claim_str(x, "iss"), claim_str(y, "iss"));
    if a == b {
        return None;
    }
    let cloud = |t: &TokenReport| t.entra.as_ref().and_then(|e| e.cloud);
    let mut meaning = "Different issuers: a service validates iss against the issuer it expects, so a token from the other one is refused.".to_string();
    // sts.windows.net serves more than one cloud's v1.0 tokens, so clouds are compared only
    // between tokens of one version.
    if version_of(x) != version_of(y) {
        meaning.push_str(" One is a v1.0 issuer (sts.windows.net), the other v2.0 (login.microsoftonline.com/…/v2.0): which one a resource gets depends on the resource's app registration (accessTokenAcceptedVersion), not on the caller.");
    } else if cloud(x) != cloud(y) {
        meaning.push_str(&format!(
            " They are from different clouds ({} and {}): a resource in one cloud never accepts the other's tokens.",
            cloud(x).unwrap_or("unknown"),
            cloud(y).unwrap_or("unknown")
        ));
    }
    Some(Difference {
        aspect: Aspect::Issuer,
        first: a,
        second: b,
        meaning,
    })
}

fn lifetime_text(t: &TokenReport) -> Option<String> {
    let exp = t.lifetime.expires_at?;
    let state = match t.lifetime.status {
        Status::Expired => "expired",
        Status::NotYetValid => "not yet valid",
        _ => "valid",
    };
    Some(format!("{state}, expires {}", timefmt::utc(exp)))
}

fn lifetime(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let (lx, ly) = (&x.lifetime, &y.lifetime);
    if lx.expires_at == ly.expires_at && lx.issued_at == ly.issued_at {
        return None;
    }
    let mut meaning = match (lx.status, ly.status) {
        (Status::Expired, Status::Valid) => "The first token has expired and the second has not: a 401 with the first is its expiry, not its permissions.".to_string(),
        (Status::Valid, Status::Expired) => "The second token has expired and the first has not: a 401 with the second is its expiry, not its permissions.".to_string(),
        _ => "The tokens were issued at different times.".to_string(),
    };
    if let (Some(a), Some(b)) = (lx.issued_at, ly.issued_at) {
        if a != b {
            let (later, gap) = if b > a {
                ("second", b - a)
            } else {
                ("first", a - b)
            };
            meaning.push_str(&format!(" The {later} was issued {} later; roles and groups are those of when each was issued.", timefmt::duration(gap)));
        }
    }
    Some(Difference {
        aspect: Aspect::Lifetime,
        first: lifetime_text(x),
        second: lifetime_text(y),
        meaning,
    })
}

fn client(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let c = |t: &TokenReport| t.entra.as_ref().and_then(|e| e.client_id.clone());
    let (a, b) = (c(x), c(y));
    (a != b && same_principal(x, y)).then(|| Difference {
        aspect: Aspect::Client,
        meaning: "The same identity, through different client applications (appid/azp): resources that check the calling app (API permissions, Conditional Access) treat them differently.".to_string(),
        first: a,
        second: b,
    })
}

fn version_of(t: &TokenReport) -> Option<String> {
    t.entra.as_ref().and_then(|e| e.version.clone())
}

fn version(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let (a, b) = (version_of(x), version_of(y));
    (a != b).then(|| Difference {
        aspect: Aspect::Version,
        meaning: "Different token versions (v1.0 and v2.0): their issuer and some claim names differ (appid/azp, upn/preferred_username); a validator written for one version may reject the other.".to_string(),
        first: a,
        second: b,
    })
}

fn caller(x: &TokenReport, y: &TokenReport) -> Option<Difference> {
    let u = |t: &TokenReport| {
        t.entra.as_ref().and_then(|e| match e.token_use {
            TokenUse::AppOnly => Some("an application's own token"),
            TokenUse::Delegated => Some("a user's token, through an application"),
            TokenUse::Unknown => None,
        })
    };
    let (a, b) = (u(x), u(y));
    (a != b).then(|| Difference {
        aspect: Aspect::Caller,
        meaning: "One token is an application's own (app roles, no user) and the other a user's through an application (scopes): a resource authorises the two in different ways.".to_string(),
        first: a.map(str::to_string),
        second: b.map(str::to_string),
    })
}

/// The claim as shown: its display value, with the UTC time for time claims.
fn shown(t: &TokenReport, name: &str) -> Option<String> {
    let c = t
        .claims
        .iter()
        .find(|c| c.location == Location::Payload && c.name == name)?;
    Some(match &c.time {
        Some(time) => format!("{} ({})", c.display, time.utc),
        None => c.display.clone(),
    })
}

fn claim_pairs(x: &TokenReport, y: &TokenReport) -> Vec<ClaimPair> {
    let mut names: Vec<&str> = Vec::new();
    for t in [x, y] {
        for c in t.claims.iter().filter(|c| c.location == Location::Payload) {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let (first, second) = (shown(x, name), shown(y, name));
            let meaning = [x, y].iter().find_map(|t| {
                t.claims
                    .iter()
                    .find(|c| c.name == name)
                    .and_then(|c| c.meaning)
            });
            ClaimPair {
                name: name.to_string(),
                same: first == second,
                first,
                second,
                meaning,
            }
        })
        .collect()
}
