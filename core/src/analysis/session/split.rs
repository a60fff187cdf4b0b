//! Splitting a paste into parts: each unit (`units`) goes through the recognisers' table
//! (`recognizers`), as pasted and, when that finds nothing, with its log prefixes read through;
//! runs of units no recogniser claims are tried together (a chain logged one line per record,
//! an exception's lines), and a run that is something is narrowed to the units it needs; then
//! neighbours of one kind join when together they are still that kind (a chain's lines, an
//! error and its `Code:`/`Message:` lines), across a unit of noise between them; last, a part
//! takes the unstamped lines after it that belong to it (`Trace ID:`, `At line:1 char:13`).
//! Requests never join: each is a request of its own.

use super::units::{self, Line, Unit};
use super::work::Work;
use crate::analysis::recognizers::{self, PartKind};
use crate::search::{self, Joined};

/// A recognised part: its kind and its lines (indexes, `start..end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub kind: PartKind,
    pub start: usize,
    pub end: usize,
    /// True when the part is read with its log prefixes (as pasted); false when read through.
    pub as_pasted: bool,
}

/// Pastes with more units than this are not split (analysed whole, as one thing).
pub const MAX_UNITS: usize = 2000;
/// The most units tried together as one run of noise.
const MAX_RUN: usize = 40;
/// The most lines one joined part grows to.
const MAX_PART_LINES: usize = 600;

/// The text of lines `start..end`: as pasted, or with prefixes read through (pieces of the
/// paste, so searches in it use the paste's index).
pub fn text_of(lines: &[Line<'_>], start: usize, end: usize, as_pasted: bool) -> Joined {
    search::joined(lines.get(start..end).unwrap_or(&[]).iter().map(|l| {
        if as_pasted {
            l.raw
        } else {
            l.text
        }
    }))
}

/// What lines `start..end` are, and whether as pasted. Comments alone are nothing (a program's
/// `# Step 1: the agent answers 401; WWW-Authenticate: Basic realm=…` is no answer).
/// What `work` kept of an earlier call is used, and nothing is read once the call has run out.
fn classify(lines: &[Line<'_>], start: usize, end: usize, work: &Work) -> Option<(PartKind, bool)> {
    let span = lines.get(start..end).unwrap_or(&[]);
    if span
        .iter()
        .all(|l| l.raw.trim().is_empty() || units::is_comment(l))
    {
        return None;
    }
    work.classified(
        start,
        end,
        || units::bytes(lines, start, end),
        || {
            for as_pasted in [true, false] {
                let text = text_of(lines, start, end, as_pasted);
                if let Some(kind) = recognizers::recognize(&text).part_kind() {
                    return Some((kind, as_pasted));
                }
            }
            None
        },
    )
}

/// A unit and what it was recognised as (`None`: noise).
#[derive(Clone, Copy, Debug)]
struct Classified {
    unit: Unit,
    kind: Option<(PartKind, bool)>,
}

/// The recognised parts of the lines, cut into `found` units (`units::cut`), in order; `None`
/// when there are fewer than two units. When `work` runs out, what is returned means nothing
/// (the caller asks `work`).
pub fn split(lines: &[Line<'_>], found: Vec<Unit>, work: &Work) -> Option<Vec<Piece>> {
    // One unit is one thing at most: the whole paste's recognition says what, once.
    if found.len() < 2 {
        return None;
    }
    let classified: Vec<Classified> = found
        .into_iter()
        .map(|unit| Classified {
            unit,
            kind: classify(lines, unit.start, unit.end, work),
        })
        .collect();
    let classified = join_noise_runs(lines, classified, work);
    let classified = join_neighbours(lines, classified, work);
    let classified = take_followers(lines, classified, work);
    // What took its followers may now join its neighbour (a token wrapped over several lines).
    let classified = join_neighbours(lines, classified, work);
    Some(
        classified
            .into_iter()
            .filter_map(|c| {
                c.kind.map(|(kind, as_pasted)| Piece {
                    kind,
                    start: c.unit.start,
                    end: c.unit.end,
                    as_pasted,
                })
            })
            .collect(),
    )
}

/// True when the unit's first line opens a record of its own (a timestamp, a prompt, a request).
fn record_start(lines: &[Line<'_>], u: Unit) -> bool {
    lines
        .get(u.start)
        .is_some_and(|l| units::starts_record(l, u.start.checked_sub(1).and_then(|p| lines.get(p))))
}

fn contiguous(a: Unit, b: Unit) -> bool {
    a.end == b.start
}

/// Runs of touching noise units, tried together: what no line says alone, the run may.
fn join_noise_runs(lines: &[Line<'_>], units: Vec<Classified>, work: &Work) -> Vec<Classified> {
    let mut out: Vec<Classified> = Vec::new();
    let mut i = 0;
    while let Some(c) = units.get(i) {
        if c.kind.is_some() {
            out.push(*c);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while let (Some(prev), Some(next)) = (units.get(j - 1), units.get(j)) {
            if next.kind.is_some() || !contiguous(prev.unit, next.unit) || j - i >= MAX_RUN {
                break;
            }
            j += 1;
        }
        let (start, end) = match (units.get(i), units.get(j - 1)) {
            (Some(a), Some(b)) => (a.unit.start, b.unit.end),
            _ => break,
        };
        let run = units.get(i..j).unwrap_or(&[]);
        match (j - i > 1).then(|| narrowed(lines, run, work)).flatten() {
            Some((a, b, kind)) => {
                out.extend(run.get(..a).unwrap_or(&[]));
                out.push(Classified {
                    unit: Unit {
                        start: run.get(a).map_or(start, |c| c.unit.start),
                        end: run.get(b - 1).map_or(end, |c| c.unit.end),
                    },
                    kind: Some(kind),
                });
                out.extend(run.get(b..).unwrap_or(&[]));
            }
            None => out.extend(run),
        }
        i = j;
    }
    out
}

/// The units `a..b` of a run of noise that are something together, narrowed from both ends while
/// they stay that thing.
fn narrowed(
    lines: &[Line<'_>],
    run: &[Classified],
    work: &Work,
) -> Option<(usize, usize, (PartKind, bool))> {
    let span = |a: usize, b: usize| -> Option<(usize, usize)> {
        Some((run.get(a)?.unit.start, run.get(b.checked_sub(1)?)?.unit.end))
    };
    let (start, end) = span(0, run.len())?;
    let kind = classify(lines, start, end, work)?;
    let same = |a: usize, b: usize| {
        span(a, b)
            .and_then(|(s, e)| classify(lines, s, e, work))
            .is_some_and(|k| k.0 == kind.0)
    };
    // Only records are dropped (a log line before or after); an unstamped line belongs.
    let record = |k: usize| run.get(k).is_some_and(|c| record_start(lines, c.unit));
    let (mut a, mut b) = (0, run.len());
    while b - a > 1 && record(a) && same(a + 1, b) {
        a += 1;
    }
    while b - a > 1 && record(b - 1) && same(a, b - 1) {
        b -= 1;
    }
    let (s, e) = span(a, b)?;
    Some((a, b, classify(lines, s, e, work)?))
}

/// Each part takes the noise unit right before it when its own first line continues that one (not
/// a new record), and the noise units right after it that are not new records (no timestamp, no
/// prompt), while together they stay its kind.
fn take_followers(lines: &[Line<'_>], mut units: Vec<Classified>, work: &Work) -> Vec<Classified> {
    let mut i = 0;
    while i + 1 < units.len() {
        let (Some(a), Some(b)) = (units.get(i), units.get(i + 1)) else {
            break;
        };
        let attached = contiguous(a.unit, b.unit) && !record_start(lines, b.unit);
        let kind = match (a.kind, b.kind) {
            (Some((k, _)), None) | (None, Some((k, _))) if attached => Some(k),
            _ => None,
        };
        let together = kind
            .filter(|_| b.unit.end - a.unit.start <= MAX_PART_LINES)
            .and_then(|k| classify(lines, a.unit.start, b.unit.end, work).filter(|t| t.0 == k));
        if let Some(t) = together {
            let merged = Classified {
                unit: Unit {
                    start: a.unit.start,
                    end: b.unit.end,
                },
                kind: Some(t),
            };
            units.splice(i..=i + 1, [merged]);
            // A part that took its leader may take its followers next.
            i = i.saturating_sub(1);
            continue;
        }
        i += 1;
    }
    units
}

/// Kinds whose neighbours of the same kind may be one part (a token only when together they are
/// one token: one wrapped over lines).
fn joins(kind: PartKind) -> bool {
    matches!(
        kind,
        PartKind::CredentialChain
            | PartKind::Env
            | PartKind::FederatedCredential
            | PartKind::MiError
            | PartKind::MiResponse
            | PartKind::AccessError
            | PartKind::NotAzure
            | PartKind::Jwt
    )
}

/// Neighbours of one kind joined when together they are still that kind; one unit of noise
/// between them may go with them.
fn join_neighbours(lines: &[Line<'_>], mut units: Vec<Classified>, work: &Work) -> Vec<Classified> {
    let mut i = 0;
    while i + 1 < units.len() {
        if let Some(joined) = try_join(lines, &units, i, work) {
            let (last, merged) = joined;
            units.splice(i..=last, [merged]);
            continue;
        }
        i += 1;
    }
    units
}

/// The part `i` makes with the next one of its kind (directly after it, or after one unit of
/// noise), with the index of the last unit taken. A token response or an environment listing
/// also takes the unit right after it whatever it was read as alone (PowerShell's
/// `access_token : eyJ…` row reads as a token), when together they are still that listing.
fn try_join(
    lines: &[Line<'_>],
    units: &[Classified],
    i: usize,
    work: &Work,
) -> Option<(usize, Classified)> {
    let a = units.get(i)?;
    let (kind, _) = a.kind?;
    if !joins(kind) {
        return None;
    }
    // A line of a token response or an environment read alone may look like something else
    // (`"resource": "",` like a request): inside them, any one unit may be taken.
    let data = matches!(kind, PartKind::MiResponse | PartKind::Env);
    let next = units.get(i + 1)?;
    let tries: &[usize] = match next.kind {
        Some((k, _)) if k == kind => &[1],
        // One unit of noise between two of a kind.
        None => &[2],
        Some(_) if data => &[1, 2],
        Some(_) => &[],
    };
    tries
        .iter()
        .find_map(|step| join_through(lines, units, i, i + step, kind, work))
}

/// Units `i..=last` as one part of `kind`, when they touch, the last is that kind (or directly
/// follows a listing), and together they are still that kind.
fn join_through(
    lines: &[Line<'_>],
    units: &[Classified],
    i: usize,
    last: usize,
    kind: PartKind,
    work: &Work,
) -> Option<(usize, Classified)> {
    let a = units.get(i)?;
    let b = units.get(last)?;
    // A token may also be cut by blank lines (copied from a mail or a wrapped terminal): its
    // pieces join across them when neither is a whole token alone and together they are one.
    let whole = |u: Unit| recognizers::is_whole_token(&text_of(lines, u.start, u.end, true));
    let touch = |x: Unit, y: Unit| {
        contiguous(x, y)
            || (kind == PartKind::Jwt
                && units::blank(lines, x.end, y.start)
                && !whole(x)
                && !whole(y))
    };
    let contiguous_run = units
        .get(i..=last)?
        .windows(2)
        .all(|w| matches!(w, [x, y] if touch(x.unit, y.unit)));
    let same_kind = b.kind.map(|(k, _)| k) == Some(kind);
    if !(same_kind || last == i + 1)
        || !contiguous_run
        || b.unit.end - a.unit.start > MAX_PART_LINES
    {
        return None;
    }
    let together = classify(lines, a.unit.start, b.unit.end, work)?;
    let one_token = kind != PartKind::Jwt
        || recognizers::is_one_token(&text_of(lines, a.unit.start, b.unit.end, together.1));
    (together.0 == kind && one_token).then_some((
        last,
        Classified {
            unit: Unit {
                start: a.unit.start,
                end: b.unit.end,
            },
            kind: Some(together),
        },
    ))
}
