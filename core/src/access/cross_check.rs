//! The token that was sent, held against the refusal: is the error's caller (`oid`, `appid`)
//! the token's principal, is `aud` an audience the service accepts, is the tenant the expected
//! one, had the token expired when the error happened, and how old is it against the managed
//! identity endpoint's 24-hour cache.

use serde::Serialize;

use super::caller::tenant_of;
use super::{findings, AccessReport, Diagnosis};
use crate::azure::resources;
use crate::model::{Context, Finding};
pub use crate::response::fields::CheckStatus;
use crate::token::TokenReport;

/// One comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenCheck {
    /// `caller`, `audience`, `tenant`, `expiry` or `cache`.
    pub what: &'static str,
    pub status: CheckStatus,
    pub text: String,
}

/// The sent token's identity and times, and each comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SentToken {
    pub appid: Option<String>,
    pub oid: Option<String>,
    pub tid: Option<String>,
    pub aud: Option<String>,
    /// Who holds the token, in words (the managed identity from `xms_mirid` when named).
    pub identity: Option<String>,
    pub issued_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub checks: Vec<TokenCheck>,
}

/// Compares the token with the error.
pub(crate) fn compare(
    d: &Diagnosis,
    report: &AccessReport,
    token: &TokenReport,
    ctx: &Context,
) -> (SentToken, Vec<Finding>) {
    let entra = token.entra.as_ref();
    let mut sent = SentToken {
        appid: entra.and_then(|e| e.client_id.clone()),
        oid: entra.and_then(|e| e.object_id.clone()),
        tid: entra.and_then(|e| e.tenant_id.clone()),
        aud: entra.and_then(|e| e.audience.clone()),
        identity: token.identity.as_ref().map(|i| i.summary.clone()),
        issued_at: token.lifetime.issued_at,
        expires_at: token.lifetime.expires_at,
        checks: Vec::new(),
    };
    let mut out = Vec::new();
    caller(d, &mut sent, &mut out);
    audience(d, &mut sent, &mut out);
    tenant(d, &mut sent, &mut out);
    expiry(report, &mut sent, &mut out);
    if let (Some(iat), true) = (sent.issued_at, d.cause.is_missing_grant()) {
        out.push(findings::cache_age(iat, ctx.now));
        sent.checks.push(TokenCheck {
            what: "cache",
            status: CheckStatus::Note,
            text: "Issued before any later grant through a group; see the finding.".to_string(),
        });
    }
    (sent, out)
}

fn same(a: Option<&str>, b: Option<&str>) -> Option<bool> {
    Some(a?.eq_ignore_ascii_case(b?))
}

fn caller(d: &Diagnosis, sent: &mut SentToken, out: &mut Vec<Finding>) {
    let Some(c) = &d.caller else { return };
    let verdict = same(c.object_id(), sent.oid.as_deref()).or_else(|| {
        same(
            c.appid.as_deref().filter(|a| crate::azure::is_guid(a)),
            sent.appid.as_deref(),
        )
    });
    let token_who = sent.identity.clone().unwrap_or_else(|| {
        format!(
            "client {} / object {}",
            sent.appid.as_deref().unwrap_or("?"),
            sent.oid.as_deref().unwrap_or("?")
        )
    });
    let error_who = format!(
        "client {} / object {}",
        c.appid.as_deref().unwrap_or("?"),
        c.oid.as_deref().unwrap_or("?")
    );
    match verdict {
        Some(true) => {
            out.push(findings::caller_matches(&token_who));
            sent.checks.push(TokenCheck {
                what: "caller",
                status: CheckStatus::Ok,
                text: format!("The error's caller is the token's principal ({token_who})."),
            });
        }
        Some(false) => {
            out.push(findings::caller_differs(&error_who, &token_who));
            sent.checks.push(TokenCheck {
                what: "caller",
                status: CheckStatus::Mismatch,
                text: format!("The error names {error_who}; the token is {token_who}."),
            });
        }
        None => {}
    }
}

fn audience(d: &Diagnosis, sent: &mut SentToken, out: &mut Vec<Finding>) {
    let (Some(aud), false) = (sent.aud.clone(), d.accepted.is_empty()) else {
        return;
    };
    if d.cause == super::Cause::WrongIssuer {
        return;
    }
    if d.accepted.iter().any(|a| a.eq_ignore_ascii_case(&aud)) {
        sent.checks.push(TokenCheck {
            what: "audience",
            status: CheckStatus::Ok,
            text: format!("aud {aud} is one the service accepts."),
        });
        return;
    }
    let service = resources::identify(&aud).map(|i| i.service());
    out.push(findings::audience_mismatch(&aud, service, &d.accepted));
    sent.checks.push(TokenCheck {
        what: "audience",
        status: CheckStatus::Mismatch,
        text: format!("aud {aud} is not one of {}.", d.accepted.join(", ")),
    });
}

fn tenant(d: &Diagnosis, sent: &mut SentToken, out: &mut Vec<Finding>) {
    let Some(tid) = sent.tid.clone() else { return };
    let expected: Vec<String> = if d.cause == super::Cause::WrongIssuer {
        d.accepted
            .iter()
            .filter_map(|i| tenant_of(i).or_else(|| crate::azure::is_guid(i).then(|| i.clone())))
            .collect()
    } else {
        d.caller
            .iter()
            .filter_map(|c| c.tid.clone())
            .filter(|t| crate::azure::is_guid(t))
            .collect()
    };
    if expected.is_empty() {
        return;
    }
    if expected.iter().any(|t| t.eq_ignore_ascii_case(&tid)) {
        sent.checks.push(TokenCheck {
            what: "tenant",
            status: CheckStatus::Ok,
            text: format!("tid {tid} is the expected tenant."),
        });
    } else {
        let list = expected.join(", ");
        out.push(findings::tenant_mismatch(&tid, &list));
        sent.checks.push(TokenCheck {
            what: "tenant",
            status: CheckStatus::Mismatch,
            text: format!("tid {tid}; expected {list}."),
        });
    }
}

fn expiry(report: &AccessReport, sent: &mut SentToken, out: &mut Vec<Finding>) {
    let (Some(exp), Some(at)) = (sent.expires_at, report.time.as_ref().and_then(|t| t.epoch))
    else {
        return;
    };
    if exp < at {
        out.push(findings::expired_at_error(exp, at));
        sent.checks.push(TokenCheck {
            what: "expiry",
            status: CheckStatus::Mismatch,
            text: "Expired before the error happened.".to_string(),
        });
    } else {
        sent.checks.push(TokenCheck {
            what: "expiry",
            status: CheckStatus::Ok,
            text: "Valid when the error happened.".to_string(),
        });
    }
}
