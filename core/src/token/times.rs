//! Time claims: reading NumericDates (seconds, milliseconds by mistake, numbers written as
//! strings), wording them in UTC, local and relative form, and the token's lifetime, age and
//! validity at the context's `now`.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::azure::clouds;
use crate::model::Code;
use crate::model::{Context, Finding};
use crate::timefmt;

/// A token with less than this many seconds left "expires soon" (Azure SDKs refresh then).
pub const EXPIRES_SOON_SECONDS: i64 = 300;

/// Seconds values outside this range (about 2001 to 2100) are not treated as guessed times.
const PLAUSIBLE_SECONDS: std::ops::RangeInclusive<i64> = 1_000_000_000..=4_102_444_800;

/// One time value, in every form a reader wants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeReport {
    /// Unix seconds (after dividing milliseconds by 1000).
    pub epoch: i64,
    /// The claim held milliseconds.
    pub millis: bool,
    /// The claim held a string of digits rather than a number.
    pub from_string: bool,
    pub utc: String,
    pub local: String,
    pub relative: String,
}

impl TimeReport {
    pub fn new(epoch: i64, ctx: &Context) -> Self {
        TimeReport {
            epoch,
            millis: false,
            from_string: false,
            utc: timefmt::utc(epoch),
            local: timefmt::local(epoch, ctx.utc_offset_minutes),
            relative: timefmt::relative(epoch, ctx.now),
        }
    }
}

/// The token's validity window at `now`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Lifetime {
    pub issued_at: Option<i64>,
    pub not_before: Option<i64>,
    pub expires_at: Option<i64>,
    /// `exp − iat`, and in words.
    pub lifetime_seconds: Option<i64>,
    pub lifetime: Option<String>,
    /// `now − iat`, and in words.
    pub age_seconds: Option<i64>,
    pub age: Option<String>,
    /// `exp − now` (negative once expired).
    pub remaining_seconds: Option<i64>,
    /// "expires in 23 h 12 min" / "expired 3 min ago".
    pub expiry: Option<String>,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    Expired,
    NotYetValid,
    #[default]
    NoExpiry,
}

/// Reads a time value: a number (fractions dropped), or a string of digits. Milliseconds are
/// recognised by size and converted.
pub fn read(value: &Value) -> Option<(i64, bool, bool)> {
    let (raw, from_string) = match value {
        Value::Number(n) => (
            n.as_i64()
                .or_else(|| n.as_f64().map(|f| f.floor() as i64))?,
            false,
        ),
        Value::String(s)
            if !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (s.parse().ok()?, true)
        }
        _ => return None,
    };
    let millis = raw
        .checked_div(1000)
        .is_some_and(|s| PLAUSIBLE_SECONDS.contains(&s))
        && raw > *PLAUSIBLE_SECONDS.end();
    Some((if millis { raw / 1000 } else { raw }, millis, from_string))
}

/// A time report for a claim value the catalogue calls a time.
pub fn report(value: &Value, ctx: &Context) -> Option<TimeReport> {
    let (epoch, millis, from_string) = read(value)?;
    let mut t = TimeReport::new(epoch, ctx);
    t.millis = millis;
    t.from_string = from_string;
    Some(t)
}

/// For a claim the catalogue does not know: a report when the value looks like a Unix time.
pub fn guess(value: &Value, ctx: &Context) -> Option<TimeReport> {
    let t = report(value, ctx)?;
    PLAUSIBLE_SECONDS.contains(&t.epoch).then_some(t)
}

/// `token.expired`: how long ago, when, and what to do; the SDKs' caching advice only for a token
/// Entra ID issued (`entra`), where it applies.
fn expired(exp: i64, entra: bool, ctx: &Context) -> Finding {
    let fix = if entra {
        "Request a new token. Managed-identity SDKs do this for you: cache the credential object, not the token string."
    } else {
        "Request a new token from its issuer: an expired token cannot be renewed."
    };
    Finding::error(
        Code::TokenExpired,
        format!(
            "Expired {} ago",
            timefmt::duration(ctx.now.saturating_sub(exp))
        ),
    )
    .detail(format!(
        "exp was {}, local time {}. Any API will reject it with 401 Unauthorized.",
        timefmt::utc(exp),
        timefmt::local(exp, ctx.utc_offset_minutes)
    ))
    .fix(fix)
}

/// Lifetime, age and status from `iat`, `nbf` and `exp`, with the findings they call for.
pub fn lifetime(
    payload: &Map<String, Value>,
    ctx: &Context,
    findings: &mut Vec<Finding>,
) -> Lifetime {
    let get = |k: &str| payload.get(k).and_then(read);
    let (iat, nbf, exp) = (get("iat"), get("nbf"), get("exp"));
    let ms_claims: Vec<&str> = [("iat", iat), ("nbf", nbf), ("exp", exp)]
        .iter()
        .filter(|(_, v)| v.is_some_and(|(_, ms, _)| ms))
        .map(|(k, _)| *k)
        .collect();
    if !ms_claims.is_empty() {
        findings.push(
            Finding::warning(Code::TokenMsTimestamps, "Times in milliseconds")
                .detail(format!(
                    "{} hold{} milliseconds since 1970, but JWT times are seconds (RFC 7519 §2, \
                     NumericDate). They were divided by 1000 here; a strict validator would read them \
                     as dates thousands of years away.",
                    ms_claims.join(", "),
                    if ms_claims.len() == 1 { "s" } else { "" }
                ))
                .fix("Whatever issued this token must write seconds: Math.floor(Date.now() / 1000), not Date.now()."),
        );
    }
    let (iat, nbf, exp) = (iat.map(|v| v.0), nbf.map(|v| v.0), exp.map(|v| v.0));
    let now = ctx.now;
    let mut l = Lifetime {
        issued_at: iat,
        not_before: nbf,
        expires_at: exp,
        ..Lifetime::default()
    };
    if let (Some(iat), Some(exp)) = (iat, exp) {
        let span = exp.saturating_sub(iat);
        l.lifetime_seconds = Some(span);
        l.lifetime = Some(timefmt::duration(span));
    }
    if let Some(iat) = iat {
        let age = now.saturating_sub(iat);
        l.age_seconds = Some(age);
        l.age = Some(if age >= 0 {
            timefmt::duration(age)
        } else {
            format!("issued {} in the future", timefmt::duration(age))
        });
    }
    if let Some(exp) = exp {
        l.remaining_seconds = Some(exp.saturating_sub(now));
        l.expiry = Some(timefmt::expiry_phrase(exp, now));
    }
    let starts = nbf.or(iat);
    l.status = match (starts, exp) {
        (_, Some(exp)) if exp <= now => Status::Expired,
        (Some(start), _) if start > now => Status::NotYetValid,
        (_, Some(_)) => Status::Valid,
        _ => Status::NoExpiry,
    };
    match l.status {
        Status::Expired => {
            let entra = payload
                .get("iss")
                .and_then(Value::as_str)
                .and_then(clouds::parse_issuer)
                .is_some();
            findings.push(expired(exp.unwrap_or(now), entra, ctx));
        }
        Status::NotYetValid => {
            let start = starts.unwrap_or(now);
            let which = if nbf.is_some() { "nbf" } else { "iat" };
            findings.push(
                Finding::error(Code::TokenNotYetValid, format!("Not valid for another {}", timefmt::duration(start.saturating_sub(now))))
                    .detail(format!(
                        "{which} is {}, in the future. Either this machine's clock is behind, or the clock of \
                         the machine that issued or is checking the token is wrong (Entra ID allows about 5 minutes of skew).",
                        timefmt::utc(start)
                    ))
                    .fix("Check the clocks (NTP) on both sides, then request a new token."),
            );
        }
        Status::Valid => {
            let left = exp.unwrap_or(now).saturating_sub(now);
            if left < EXPIRES_SOON_SECONDS {
                findings.push(
                    Finding::warning(Code::TokenExpiresSoon, format!("Expires in {}", timefmt::duration(left)))
                        .detail(
                            "Under 5 minutes left. Azure SDKs refresh a managed-identity token 5 minutes \
                             before it expires; a request made with this one may fail midway.",
                        )
                        .fix("Get a fresh token before using it for anything long-running."),
                );
            }
        }
        Status::NoExpiry => {}
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_seconds_milliseconds_and_digit_strings() {
        assert_eq!(read(&json!(1643312761)), Some((1643312761, false, false)));
        assert_eq!(
            read(&json!(1643312761123_i64)),
            Some((1643312761, true, false))
        );
        assert_eq!(read(&json!("1289241547")), Some((1289241547, false, true)));
        assert_eq!(read(&json!(1.5e9)), Some((1_500_000_000, false, false)));
        assert_eq!(read(&json!("12a")), None);
        assert_eq!(read(&json!(1e300)), Some((i64::MAX, false, false)));
    }

    #[test]
    fn status_and_findings_at_now() {
        let p = json!({"iat": 1000, "nbf": 1000, "exp": 4600});
        let p = p.as_object().unwrap();
        let mut f = vec![];
        let l = lifetime(p, &Context::at(2000), &mut f);
        assert_eq!(l.status, Status::Valid);
        assert_eq!(l.lifetime.as_deref(), Some("1 h"));
        assert_eq!(l.expiry.as_deref(), Some("expires in 43 min 20 s"));
        assert!(f.is_empty());
        lifetime(p, &Context::at(4400), &mut f);
        assert_eq!(f.pop().unwrap().code, Code::TokenExpiresSoon);
        lifetime(p, &Context::at(4600), &mut f);
        assert_eq!(f.pop().unwrap().code, Code::TokenExpired);
        lifetime(p, &Context::at(500), &mut f);
        assert_eq!(f.pop().unwrap().code, Code::TokenNotYetValid);
    }
}
