//! How much of a session's analysis one call may do, and what earlier calls kept. The page
//! analyses a long paste in steps (a 1 MiB log of stack-trace records is 150 ms of recognising
//! natively and several times that in the page: one task that long freezes it), each step a
//! call that stops once it has spent its budget; what it did (the lines it cut, each unit's
//! kind, each part's report) is kept here, so the next call repeats none of it and goes further.
//! A call with [`Work::whole`] has no budget and keeps nothing: the plain analysis.
//!
//! The budget counts bytes read by a recogniser, with a floor per call (a short text costs
//! about as much as a kilobyte: every recogniser is asked), not time: the core has no clock.
//! The caller sizes it from the time a step took.

use std::cell::{Cell, RefCell};

use super::units::{Line, Unit};
use crate::analysis::recognizers::PartKind;
use crate::analysis::Analysis;

/// What one recogniser's read of a text costs at least, in bytes of budget.
const CALL_FLOOR: usize = 1024;

/// A step ran out of budget: call again with the same [`Work`] to go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending;

/// A line as offsets into the paste, so the cut outlives one call.
#[derive(Clone, Copy, Debug)]
struct LineAt {
    number: usize,
    raw: (usize, usize),
    text: (usize, usize),
    timestamped: bool,
}

/// The lines of a paste and its units, as `units::cut` gives them.
pub(crate) type Cut<'a> = (Vec<Line<'a>>, Vec<Unit>);

/// The lines of a paste as offsets, and its units.
type KeptCut = (Vec<LineAt>, Vec<Unit>);

/// What a span of lines was classified as: a kind, and whether read as pasted (`None`: noise).
type Classification = Option<(PartKind, bool)>;

/// Values by key, sorted by key (a plain sorted list: a map type would add its own code to the
/// page's wasm for a few thousand entries).
#[derive(Debug)]
struct Kept<K, V>(Vec<(K, V)>);

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept(Vec::new())
    }
}

impl<K: Ord + Copy, V> Kept<K, V> {
    fn at(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.at(key)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }
    fn insert(&mut self, key: K, value: V) {
        match self.at(&key) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        let i = self.at(key).ok()?;
        Some(self.0.remove(i).1)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// The budget of a call and what earlier calls did (see the module's documentation).
#[derive(Debug, Default)]
pub struct Work {
    /// Bytes of budget each call gets; `None`: no budget, nothing kept.
    budget: Cell<Option<usize>>,
    left: Cell<usize>,
    /// Whether this call has done any work yet (a large indivisible piece starts a call).
    started: Cell<bool>,
    ran_out: Cell<bool>,
    /// Whether the paste is a program (not split), once asked.
    program: Cell<Option<bool>>,
    /// The paste's length (to tell another paste) and its lines and units (`None`: too long
    /// to split), once cut.
    cut: RefCell<Option<(usize, Option<KeptCut>)>>,
    /// What each span of lines was classified as, by span (sorted, so searched by halves).
    classified: RefCell<Kept<(usize, usize), Classification>>,
    /// Each part's report, by its span and whether it is read as pasted.
    /// (Boxed: a report is large, and taking one from the list moves the ones after it.)
    parts: RefCell<Kept<(usize, usize, bool), Box<Analysis>>>,
}

impl Work {
    /// No budget and nothing kept: the analysis in one call.
    pub fn whole() -> Work {
        Work::default()
    }

    /// Calls of `budget` bytes of recognising each (at least one recogniser call's worth).
    pub fn in_steps(budget: usize) -> Work {
        Work {
            budget: Cell::new(Some(budget.max(CALL_FLOOR))),
            ..Work::default()
        }
    }

    /// Sets the budget of the next calls (the caller measures how long the last one took).
    pub fn set_budget(&self, budget: usize) {
        if self.budget.get().is_some() {
            self.budget.set(Some(budget.max(CALL_FLOOR)));
        }
    }

    /// The budget of each call (`None` for [`Work::whole`]).
    fn budget(&self) -> Option<usize> {
        self.budget.get()
    }

    /// Starts a call: the whole budget again.
    pub(crate) fn begin(&self) {
        self.left.set(self.budget().unwrap_or(0));
        self.started.set(false);
        self.ran_out.set(false);
    }

    /// Whether the call ran out of budget (its result is not the analysis).
    pub(crate) fn ran_out(&self) -> bool {
        self.ran_out.get()
    }

    /// Spends the cost of reading `bytes`; false (and the call has run out) when the budget is
    /// spent and the work must wait for the next call. A call may always do its first piece.
    fn spend(&self, bytes: usize) -> bool {
        if self.budget().is_none() {
            return true;
        }
        if self.ran_out.get() || (self.started.get() && self.left.get() == 0) {
            self.ran_out.set(true);
            return false;
        }
        self.started.set(true);
        self.left
            .set(self.left.get().saturating_sub(bytes.max(CALL_FLOOR)));
        true
    }

    /// Whether a large piece that cannot be cut (reading the whole paste at once) may run in
    /// this call: only as the call's first piece, so that it runs in a step of its own.
    pub(crate) fn may_start_large(&self) -> bool {
        if self.budget().is_none() {
            return true;
        }
        if self.started.get() {
            self.ran_out.set(true);
            return false;
        }
        self.started.set(true);
        self.left.set(0);
        true
    }

    /// The lines and units of `input` (`cut` makes them): kept from an earlier call, or cut now
    /// when this call may (`Err`: wait for the next call). `Ok(None)` when `cut` finds the paste
    /// too long to split.
    pub(crate) fn cut<'a>(
        &self,
        input: &'a str,
        cut: impl FnOnce(&'a str) -> Option<Cut<'a>>,
    ) -> Result<Option<Cut<'a>>, Pending> {
        if let Some((_, kept)) = self.cut.borrow().as_ref().filter(|k| k.0 == input.len()) {
            let Some((lines, units)) = kept else {
                return Ok(None);
            };
            let lines: Option<Vec<Line<'a>>> = lines.iter().map(|l| l.line(input)).collect();
            // `None` only for another paste of the same length (a caller's mistake): cut again.
            if let Some(lines) = lines {
                return Ok(Some((lines, units.clone())));
            }
        }
        if !self.may_start_large() {
            return Err(Pending);
        }
        let cut = cut(input);
        if self.budget().is_some() {
            let kept = match &cut {
                None => Some(None),
                Some((lines, units)) => lines
                    .iter()
                    .map(|l| LineAt::of(l, input))
                    .collect::<Option<Vec<LineAt>>>()
                    .map(|kept| Some((kept, units.clone()))),
            };
            // Lines that are not pieces of the paste cannot be kept (none are: `cut` slices it).
            *self.cut.borrow_mut() = kept.map(|kept| (input.len(), kept));
        }
        Ok(cut)
    }

    /// Whether the paste is a program (`ask` tells): kept, or asked now.
    pub(crate) fn is_program(&self, ask: impl FnOnce() -> bool) -> bool {
        if let Some(kept) = self.program.get() {
            return kept;
        }
        let program = ask();
        if self.budget().is_some() {
            self.program.set(Some(program));
        }
        program
    }

    /// What lines `start..end` were classified as (`classify` reads them, costing `bytes()`):
    /// kept, or read now; `None` also when the call has run out (its result is then not used).
    pub(crate) fn classified(
        &self,
        start: usize,
        end: usize,
        bytes: impl FnOnce() -> usize,
        classify: impl FnOnce() -> Classification,
    ) -> Classification {
        if self.budget().is_none() {
            return classify();
        }
        if let Some(kept) = self.classified.borrow().get(&(start, end)) {
            return *kept;
        }
        if !self.spend(bytes()) {
            return None;
        }
        let kind = classify();
        self.classified.borrow_mut().insert((start, end), kind);
        kind
    }

    /// Makes and keeps the report of one part (`analyze` makes it, reading `bytes()`) unless it
    /// is kept already or the call has run out. With no budget, nothing is kept: the part is
    /// made when it is taken.
    pub(crate) fn make_part(
        &self,
        key: (usize, usize, bool),
        bytes: impl FnOnce() -> usize,
        analyze: impl FnOnce() -> Analysis,
    ) {
        if self.budget().is_none()
            || self.parts.borrow().get(&key).is_some()
            || !self.spend(bytes())
        {
            return;
        }
        let a = Box::new(analyze());
        self.parts.borrow_mut().insert(key, a);
    }

    /// The report of one part: the one kept, or made now.
    pub(crate) fn take_part(
        &self,
        key: (usize, usize, bool),
        analyze: impl FnOnce() -> Analysis,
    ) -> Box<Analysis> {
        let kept = self.parts.borrow_mut().remove(&key);
        kept.unwrap_or_else(|| Box::new(analyze()))
    }

    /// How far the analysis has gone, for a progress line: the units read of the units the
    /// paste was cut into (`None` before it is cut). The units are read first, then tried
    /// together, then the parts' reports are made.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let units = self
            .cut
            .borrow()
            .as_ref()
            .and_then(|(_, cut)| cut.as_ref().map(|(_, units)| units.len()))?;
        Some((self.classified.borrow().len().min(units), units))
    }
}

impl LineAt {
    /// `line` as offsets into `input`, which it must be a piece of.
    fn of(line: &Line<'_>, input: &str) -> Option<LineAt> {
        let at = |s: &str| -> Option<(usize, usize)> {
            let start = (s.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
            let end = start.checked_add(s.len())?;
            (input.get(start..end)? == s).then_some((start, end))
        };
        Some(LineAt {
            number: line.number,
            raw: at(line.raw)?,
            text: at(line.text)?,
            timestamped: line.timestamped,
        })
    }

    /// The line again, a piece of `input`.
    fn line<'a>(&self, input: &'a str) -> Option<Line<'a>> {
        Some(Line {
            number: self.number,
            raw: input.get(self.raw.0..self.raw.1)?,
            text: input.get(self.text.0..self.text.1)?,
            timestamped: self.timestamped,
        })
    }
}
