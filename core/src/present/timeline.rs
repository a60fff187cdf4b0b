//! A token's life on one line: issued, valid from, the point where the SDKs refresh it (5 minutes
//! before expiry), expiry, and now, placed on a scale from the first to the last of them. The
//! page draws it as a small SVG; its text equivalent is the same facts in words, shown by both
//! front ends.

use serde::Serialize;

use crate::timefmt;
use crate::token::times::EXPIRES_SOON_SECONDS;
use crate::token::TokenReport;

/// What a point on the line marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Issued,
    NotBefore,
    Refresh,
    Expires,
    Now,
}

/// One point of the line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub mark: Mark,
    pub label: &'static str,
    pub at: i64,
    /// Where it sits on the line, from 0 (the start) to 1 (the end).
    pub position: f64,
    /// True for "now" when it lies far outside the token's life and is drawn at the edge.
    pub off_scale: bool,
}

/// The line: its points in time order and the same facts in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    pub points: Vec<Point>,
    pub text: String,
}

/// The timeline of `t`, seen when it was analysed; `None` when the token has no expiry to draw
/// toward. The endpoint's cache is mentioned for a token a managed identity holds.
pub fn of(t: &TokenReport) -> Option<Timeline> {
    let l = &t.lifetime;
    let exp = l.expires_at?;
    let now = exp.checked_sub(l.remaining_seconds?)?;
    let managed_identity = t.identity.is_some() || t.managed_identity.is_some();
    let start = [l.issued_at, l.not_before]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(exp)
        .min(exp);
    let mut marks: Vec<(Mark, &'static str, i64)> = Vec::new();
    if let Some(iat) = l.issued_at {
        marks.push((Mark::Issued, "issued", iat));
    }
    if let Some(nbf) = l.not_before.filter(|n| Some(*n) != l.issued_at) {
        marks.push((Mark::NotBefore, "valid from", nbf));
    }
    let refresh = exp - EXPIRES_SOON_SECONDS;
    if refresh > start {
        marks.push((Mark::Refresh, "SDKs refresh", refresh));
    }
    marks.push((Mark::Expires, "expires", exp));
    let span = (exp - start).max(1);
    // Now is drawn on the scale when it lies within a lifetime of it, else at the nearer edge.
    let now_off = now < start - span || now > exp + span;
    let (lo, hi) = if now_off {
        (start, exp)
    } else {
        (start.min(now), exp.max(now))
    };
    let width = (hi - lo).max(1) as f64;
    let place = |at: i64| ((at.clamp(lo, hi) - lo) as f64 / width).clamp(0.0, 1.0);
    let mut points: Vec<Point> = marks
        .iter()
        .map(|&(mark, label, at)| Point {
            mark,
            label,
            at,
            position: place(at),
            off_scale: false,
        })
        .collect();
    points.push(Point {
        mark: Mark::Now,
        label: "now",
        at: now,
        position: if now_off {
            if now > exp {
                1.0
            } else {
                0.0
            }
        } else {
            place(now)
        },
        off_scale: now_off,
    });
    points.sort_by_key(|p| p.at);
    Some(Timeline {
        text: words(&points, now, managed_identity),
        points,
    })
}

/// The line in words: each point with its time, then where now is.
fn words(points: &[Point], now: i64, managed_identity: bool) -> String {
    let mut parts: Vec<String> = points
        .iter()
        .filter(|p| p.mark != Mark::Now)
        .map(|p| format!("{} {}", p.label, timefmt::utc(p.at)))
        .collect();
    let exp = points
        .iter()
        .find(|p| p.mark == Mark::Expires)
        .map_or(now, |p| p.at);
    parts.push(format!("now: {}", timefmt::expiry_phrase(exp, now)));
    let mut text = parts.join(" · ");
    if managed_identity {
        text.push_str(
            ". The managed-identity endpoint serves this same token from its cache until shortly before it expires (about 24 h), so a role granted after it was issued is not in it.",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Context;
    use base64::Engine;

    fn report(iat: i64, exp: i64, now: i64) -> TokenReport {
        let b64 = |s: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let token = format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"HS256"}"#.to_string()),
            b64(format!(r#"{{"iat":{iat},"nbf":{iat},"exp":{exp}}}"#))
        );
        crate::analysis::analyze(&token, &Context::at(now))
            .token
            .unwrap()
    }

    #[test]
    fn a_live_token_has_now_on_its_line_in_time_order() {
        // A 24-hour managed-identity token, 6 hours into its life.
        let t = report(1_000_000, 1_086_400, 1_021_600);
        let line = of(&t).unwrap();
        let marks: Vec<Mark> = line.points.iter().map(|p| p.mark).collect();
        assert_eq!(
            marks,
            [Mark::Issued, Mark::Now, Mark::Refresh, Mark::Expires]
        );
        let now = &line.points[1];
        assert!((now.position - 0.25).abs() < 1e-9, "{}", now.position);
        assert!(!now.off_scale);
        assert!(
            line.text.contains("SDKs refresh 1970-01-13T13:41:40Z"),
            "{}",
            line.text
        );
        assert!(line.text.contains("now: expires in 18 h"), "{}", line.text);
        assert!(
            !line.text.contains("cache"),
            "not a managed identity's: {}",
            line.text
        );
    }

    #[test]
    fn a_managed_identity_token_mentions_the_endpoints_cache() {
        // The azure-identity IMDS recording's user-assigned token (real-world record).
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCIsImtpZCI6Ik1yNS1BVWliZkJpaTdOZDFqQmViYXhib1hXMCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNzJmOTg4YmYtODZmMS00MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3LyIsImlhdCI6MTY0MzIyNjEyNywibmJmIjoxNjQzMjI2MTI3LCJleHAiOjE2NDMzMTI4MjcsImFpbyI6IkUyWmdZTENPV1Bjb21zbmpTN3gzYTN6NHIxY3BBQT09IiwiYXBwaWQiOiIyZDViOWUzYy01YWY3LTQ0MTgtOGE2Yy04ZjgzYWNkNzhjYzQiLCJhcHBpZGFjciI6IjIiLCJpZHAiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwiaWR0eXAiOiJhcHAiLCJvaWQiOiIzZTI3NzQ1My1iNmM0LTQ3NjMtYWVkMi0xNDVhN2E5MTVkNWIiLCJyaCI6IjAuQVJvQXY0ajVjdkdHcjBHUnF5MTgwQkhiUjBaSWYza0F1dGRQdWtQYXdmajJNQk1hQUFBLiIsInN1YiI6IjNlMjc3NDUzLWI2YzQtNDc2My1hZWQyLTE0NWE3YTkxNWQ1YiIsInRpZCI6IjcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0NyIsInV0aSI6ImIydlRxb2w4ZUUyYWRIa05yZ0FxQVEiLCJ2ZXIiOiIxLjAiLCJ4bXNfbWlyaWQiOiIvc3Vic2NyaXB0aW9ucy8yY2Q2MTdlYS0xODY2LTQ2YjEtOTBlMy1mZmZiMDg3ZWJmOWIvcmVzb3VyY2Vncm91cHMveGlhbmd5YW4tbXNpL3Byb3ZpZGVycy9NaWNyb3NvZnQuTWFuYWdlZElkZW50aXR5L3VzZXJBc3NpZ25lZElkZW50aXRpZXMveHltc2kiLCJ4bXNfdGNkdCI6IjEyODkyNDE1NDcifQ.c2ln";
        let t = crate::analysis::analyze(token, &Context::at(1_643_230_000))
            .token
            .unwrap();
        let line = of(&t).unwrap();
        assert!(line.text.contains("cache"), "{}", line.text);
        assert!(
            line.text.contains("expires 2022-01-27T19:47:07Z"),
            "{}",
            line.text
        );
    }

    #[test]
    fn now_years_after_expiry_sits_at_the_edge() {
        let t = report(1_000_000, 1_003_600, 200_000_000);
        let line = of(&t).unwrap();
        let now = line.points.last().unwrap();
        assert_eq!(
            (now.mark, now.position, now.off_scale),
            (Mark::Now, 1.0, true)
        );
        let issued = &line.points[0];
        assert_eq!(issued.position, 0.0);
        assert!(line.text.contains("now: expired"), "{}", line.text);
    }
}
