//! The app's state and its reducer. Every change of state is an [`Action`]; [`State::reduce`] is
//! pure (time arrives inside the action), so it is unit-tested natively.

use std::rc::Rc;

use yew::Reducible;

use mi_core::analysis::session::Work;
use mi_core::present::share;
use mi_core::samples::SAMPLES;
use mi_core::snippets::prefill::{self, Prefill};
use mi_core::token::times::EXPIRES_SOON_SECONDS;
use mi_core::{analyze_step, analyze_with, compare_with, Analysis, Context, Options, Platform};

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The text in the paste area.
    pub input: Rc<str>,
    /// The key material in the key panel (for signature verification); kept across new inputs.
    pub key: Rc<str>,
    /// The token that was sent with a refused call (the access report's second box); kept
    /// across new inputs, used only when the input is an access error.
    pub sent_token: Rc<str>,
    pub analysis: Rc<Analysis>,
    /// When `analysis` was made (Unix seconds).
    pub analyzed_at: i64,
    /// How many analyses this state has made: the report shows it (`data-revision`), so that
    /// tests can tell the report of a new input from the one before.
    pub revision: u64,
    /// The viewer's offset from UTC, in minutes east.
    pub utc_offset_minutes: i32,
    /// The platform the user picked for a request setup; `None` detects it.
    pub platform: Option<Platform>,
    /// Dark (`Some(true)`) or light colours chosen with the toggle; `None` follows the system.
    /// Kept in memory only.
    pub dark: Option<bool>,
    /// Whether the paste area shows all of a very large input (see [`State::preview`]).
    pub show_all: bool,
    /// Whether the snippet view is open.
    pub snippets_open: bool,
    /// The request the report implies, to start the snippet view from ("Generate code for this").
    pub prefill: Option<Rc<Prefill>>,
    /// The second box of "Compare with another token": `None` while it is closed; its text while
    /// open (the analysis then compares the two).
    pub compare: Option<Rc<str>>,
    /// Whether the report to share masks tenant, subscription, object and client IDs.
    pub share_mask_ids: bool,
    /// A long input's analysis under way, in steps ([`STEPS_ABOVE_BYTES`]); `None` once
    /// `analysis` is the analysis of `input`.
    pub reading: Option<Reading>,
}

/// Inputs longer than this (bytes) are analysed in steps ([`Action::Step`]), each a task of its
/// own, so that the page answers between them: one call for a 1 MiB log of stack-trace records
/// is over 300 ms of wasm (a frozen page); its steps are about 10 ms each.
pub const STEPS_ABOVE_BYTES: usize = 64 * 1024;

/// What the first step may read (bytes); later steps are sized from the time the last took.
pub const FIRST_STEP_BYTES: usize = 32 * 1024;

/// How long a step should take (ms): well inside a frame, so typing and scrolling go on.
const STEP_TARGET_MS: f64 = 10.0;

/// A long input's analysis under way: what its steps did so far.
#[derive(Clone, Debug)]
pub struct Reading {
    work: Rc<Work>,
    /// When the input was pasted: every step analyses it at this time.
    now: i64,
    /// Steps taken so far.
    pub steps: u32,
}

impl PartialEq for Reading {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.work, &other.work) && self.steps == other.steps
    }
}

impl Reading {
    /// Tells one reading from another (a new paste starts a new one).
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.work) as usize
    }

    /// Units read of the units the paste was cut into, once it is.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.work.progress()
    }
}

/// The budget of the next step (bytes), from the budget of the last one and how long it took
/// (ms): what would take [`STEP_TARGET_MS`] at the same pace, changing at most twofold a step
/// (a step that cuts the paste or reads it whole takes what it takes, whatever its budget).
pub fn next_step_bytes(budget: usize, took_ms: f64) -> usize {
    let pace = if took_ms.is_finite() && took_ms > 0.0 {
        STEP_TARGET_MS / took_ms
    } else {
        2.0
    };
    let next = budget as f64 * pace.clamp(0.5, 2.0);
    (next as usize).clamp(8 * 1024, 512 * 1024)
}

/// Inputs longer than this (bytes) are shown as a read-only preview: the browser lays out a
/// textarea's whole value in one task it cannot split (measured in Chromium here: 128 KiB of log
/// lines about 35 ms, 1 MiB over 200 ms), which would freeze the page; the analysis always covers
/// the whole input.
pub const FULL_TEXT_LIMIT: usize = 128 * 1024;

/// How much of a very large input the preview shows (bytes, cut at a character boundary; about
/// 250 log lines, laid out in about 4 ms).
pub const PREVIEW_BYTES: usize = 16 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The user typed or pasted.
    SetInput { text: String, now: i64 },
    /// The user typed or pasted key material.
    SetKey { text: String, now: i64 },
    /// The user typed or pasted the token that was sent with the refused call.
    SetSentToken { text: String, now: i64 },
    /// The user picked a sample from the menu.
    LoadSample { index: usize, now: i64 },
    /// The user cleared the paste area.
    Clear { now: i64 },
    /// Time passed a boundary the report depends on (an expiry): analyse the same text again.
    Refresh { now: i64 },
    /// The user picked a platform for the request setup (`None`: detect it).
    SetPlatform {
        platform: Option<Platform>,
        now: i64,
    },
    /// The user toggled dark mode; `system_dark` is what the system prefers now.
    ToggleTheme { system_dark: bool },
    /// The user asked to see (and edit) all of a very large input.
    ShowAll,
    /// The user opened the snippet view ("Generate code for this").
    OpenSnippets,
    /// The user closed the snippet view.
    CloseSnippets,
    /// The user opened "Compare with another token" (an empty second box).
    OpenCompare,
    /// The user typed or pasted into the second box.
    SetCompare { text: String, now: i64 },
    /// The user stopped comparing: the second box closes and the first input stands alone.
    CloseCompare { now: i64 },
    /// The user ticked or unticked "Mask tenant, subscription, object and client IDs".
    SetShareMaskIds(bool),
    /// The next step of a long input's analysis, reading up to `budget` bytes.
    Step { budget: usize },
}

impl State {
    /// The state of a fresh page. Nothing is analysed until there is something to analyse (the
    /// empty report is made without running the readers, so start-up stays light).
    pub fn new(now: i64, utc_offset_minutes: i32) -> Self {
        State {
            input: Rc::from(""),
            key: Rc::from(""),
            sent_token: Rc::from(""),
            analysis: Rc::new(Analysis::default_empty()),
            analyzed_at: now,
            revision: 0,
            utc_offset_minutes,
            platform: None,
            dark: None,
            show_all: false,
            snippets_open: false,
            prefill: None,
            compare: None,
            share_mask_ids: false,
            reading: None,
        }
    }

    /// A fresh page that starts with `text` (pasted into the loading page before the app ran).
    pub fn starting_with(text: &str, now: i64, utc_offset_minutes: i32) -> Self {
        let fresh = State::new(now, utc_offset_minutes);
        if text.is_empty() {
            return fresh;
        }
        fresh.reanalyzed(Rc::from(text), Rc::from(""), None, now)
    }

    /// This state with new text, key or platform, analysed at `now` (a long input: its
    /// analysis started, see [`State::reading`]); the theme stays.
    fn reanalyzed(
        &self,
        input: Rc<str>,
        key: Rc<str>,
        platform: Option<Platform>,
        now: i64,
    ) -> Self {
        let next = State {
            // A new text starts as a preview again if it is very large.
            show_all: self.show_all && Rc::ptr_eq(&input, &self.input),
            input,
            key,
            platform,
            reading: None,
            ..self.clone()
        };
        let second = next.compare.clone().filter(|c| !c.trim().is_empty());
        let analysis = match second {
            Some(second) => compare_with(&next.input, &second, &next.context(now), &next.options()),
            None if next.input.len() > STEPS_ABOVE_BYTES => {
                return State {
                    reading: Some(Reading {
                        work: Rc::new(Work::in_steps(FIRST_STEP_BYTES)),
                        now,
                        steps: 0,
                    }),
                    ..next
                };
            }
            None => analyze_with(&next.input, &next.context(now), &next.options()),
        };
        next.analysed(analysis, now)
    }

    /// The next step of the analysis under way (`budget`: bytes it may read); the state with
    /// its analysis once it is done.
    fn stepped(&self, budget: usize) -> Option<Self> {
        let r = self.reading.as_ref()?;
        r.work.set_budget(budget);
        let done = analyze_step(&self.input, &self.context(r.now), &self.options(), &r.work);
        Some(match done {
            Some(analysis) => State {
                reading: None,
                ..self.clone()
            }
            .analysed(analysis, r.now),
            None => State {
                reading: Some(Reading {
                    steps: r.steps + 1,
                    ..r.clone()
                }),
                ..self.clone()
            },
        })
    }

    fn context(&self, now: i64) -> Context {
        Context {
            now,
            utc_offset_minutes: self.utc_offset_minutes,
        }
    }

    fn options(&self) -> Options<'_> {
        Options {
            platform: self.platform,
            key: Some(&self.key),
            sent_token: Some(&self.sent_token),
            // Signatures are checked in the page's second wasm module, once it is in.
            checker: Some(super::extras::check),
        }
    }

    /// This state showing `analysis` of its input, made at `now`.
    fn analysed(self, analysis: Analysis, now: i64) -> Self {
        // The same prefill keeps the same Rc, so an open snippet view keeps the user's edits.
        let prefill = match (prefill::from_analysis(&analysis), &self.prefill) {
            (Some(new), Some(old)) if **old == new => Some(old.clone()),
            (new, _) => new.map(Rc::new),
        };
        State {
            analysis: Rc::new(analysis),
            analyzed_at: now,
            revision: self.revision + 1,
            prefill,
            ..self
        }
    }

    /// This state with the second box set to `compare` (`None` closes it), analysed again.
    fn comparing(&self, compare: Option<Rc<str>>, now: i64) -> Rc<Self> {
        let next = State {
            compare,
            ..self.clone()
        };
        Rc::new(next.reanalyzed(self.input.clone(), self.key.clone(), self.platform, now))
    }

    /// The report to share: Markdown with every secret of the pasted texts (and the key) removed,
    /// IDs masked when the user asked.
    pub fn share_report(&self) -> String {
        let pasted: Vec<&str> = [Some(&*self.input), self.compare.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        share::markdown(
            &self.analysis,
            &share::ShareOptions {
                mask_ids: self.share_mask_ids,
                pasted: &pasted,
                key: Some(&self.key)
                    .filter(|k| !k.trim().is_empty())
                    .map(|k| &**k),
            },
        )
    }

    /// The start of the input, when it is too large to show whole and the user has not asked to
    /// see all of it.
    pub fn preview(&self) -> Option<&str> {
        if self.show_all || self.input.len() <= FULL_TEXT_LIMIT {
            return None;
        }
        let mut end = PREVIEW_BYTES;
        while !self.input.is_char_boundary(end) {
            end -= 1;
        }
        Some(&self.input[..end])
    }

    /// Whether the page shows dark colours.
    pub fn is_dark(&self, system_dark: bool) -> bool {
        self.dark.unwrap_or(system_dark)
    }

    /// The next moment (Unix seconds) at which the report would read differently: expiry, the
    /// 5-minute warning, or the start of validity. The UI refreshes then, and only then.
    pub fn next_boundary(&self) -> Option<i64> {
        let lifetime = &self.analysis.token.as_ref()?.lifetime;
        let candidates = [
            lifetime.expires_at,
            // The first second with under 5 minutes left.
            lifetime
                .expires_at
                .map(|e| e.saturating_sub(EXPIRES_SOON_SECONDS - 1)),
            lifetime.not_before.or(lifetime.issued_at),
        ];
        candidates
            .into_iter()
            .flatten()
            .filter(|t| *t > self.analyzed_at)
            .min()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let key = self.key.clone();
        let input = self.input.clone();
        match action {
            // New text: the platform is detected again; the key and the theme stay.
            Action::SetInput { text, now } => {
                Rc::new(self.reanalyzed(Rc::from(text), key, None, now))
            }
            Action::SetKey { text, now } => {
                Rc::new(self.reanalyzed(input, Rc::from(text), self.platform, now))
            }
            Action::SetSentToken { text, now } => {
                let mut next = (*self).clone();
                next.sent_token = Rc::from(text);
                Rc::new(next.reanalyzed(input, key, self.platform, now))
            }
            Action::LoadSample { index, now } => match SAMPLES.get(index) {
                Some(sample) => Rc::new(self.reanalyzed(Rc::from(sample.text), key, None, now)),
                None => self,
            },
            Action::Clear { now } => Rc::new(self.reanalyzed(Rc::from(""), key, None, now)),
            Action::Refresh { now } => Rc::new(self.reanalyzed(input, key, self.platform, now)),
            Action::SetPlatform { platform, now } => {
                Rc::new(self.reanalyzed(input, key, platform, now))
            }
            Action::ToggleTheme { system_dark } => {
                let mut next = (*self).clone();
                next.dark = Some(!self.is_dark(system_dark));
                Rc::new(next)
            }
            Action::ShowAll => {
                let mut next = (*self).clone();
                next.show_all = true;
                Rc::new(next)
            }
            Action::OpenSnippets | Action::CloseSnippets => {
                let mut next = (*self).clone();
                next.snippets_open = action == Action::OpenSnippets;
                Rc::new(next)
            }
            Action::OpenCompare => {
                let mut next = (*self).clone();
                next.compare = Some(next.compare.unwrap_or_else(|| Rc::from("")));
                Rc::new(next)
            }
            Action::SetCompare { text, now } => self.comparing(Some(Rc::from(text)), now),
            Action::CloseCompare { now } => self.comparing(None, now),
            Action::SetShareMaskIds(mask) => {
                let mut next = (*self).clone();
                next.share_mask_ids = mask;
                Rc::new(next)
            }
            Action::Step { budget } => self.stepped(budget).map_or(self, Rc::new),
        }
    }
}

/// `value` with the UTF-16 range `start..end` (a textarea's selection) replaced by `insert`: what
/// a paste would leave in the box. Offsets past the end are clamped.
pub fn splice_utf16(value: &str, start: u32, end: u32, insert: &str) -> String {
    let byte_at = |unit: u32| {
        let mut units = 0u32;
        for (i, c) in value.char_indices() {
            if units >= unit {
                return i;
            }
            units += c.len_utf16() as u32;
        }
        value.len()
    };
    let (a, b) = (byte_at(start.min(end)), byte_at(end.max(start)));
    let mut out = String::with_capacity(value.len() - (b - a) + insert.len());
    out.push_str(&value[..a]);
    out.push_str(insert);
    out.push_str(&value[b..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_fresh_page_shows_what_analysing_nothing_gives_without_analysing() {
        let fresh = super::State::new(1_700_000_000, 0);
        let analysed = mi_core::analyze("", &mi_core::Context::at(1_700_000_000));
        assert_eq!(*fresh.analysis, analysed);
        assert_eq!(fresh.revision, 0);
        let started = super::State::starting_with("eyJhbGciOiJub25lIn0.e30.", 1_700_000_000, 0);
        assert_eq!(started.analysis.kind, mi_core::Kind::Jwt);
        assert_eq!(started.revision, 1);
    }

    use super::*;
    use mi_core::Code;
    use mi_core::{Kind, MAX_INPUT_BYTES};

    // The system-assigned IMDS token sample: iat 1643226061, exp 1643312761.
    const DURING: i64 = 1_643_300_000;

    #[test]
    fn typing_analyzes_and_clearing_empties() {
        let s = Rc::new(State::new(DURING, 60));
        assert_eq!(s.analysis.kind, Kind::Empty);
        let s = s.reduce(Action::SetInput {
            text: SAMPLES[0].text.to_string(),
            now: DURING,
        });
        assert_eq!(s.analysis.kind, Kind::Jwt);
        assert_eq!(&*s.input, SAMPLES[0].text);
        assert!(s.analysis.finding(Code::TokenManagedIdentity).is_some());
        assert_eq!(s.utc_offset_minutes, 60);
        let s = s.reduce(Action::Clear { now: DURING });
        assert_eq!((s.analysis.kind, &*s.input), (Kind::Empty, ""));
    }

    #[test]
    fn samples_load_and_unknown_indexes_change_nothing() {
        let s = Rc::new(State::new(DURING, 0));
        let loaded = s.clone().reduce(Action::LoadSample {
            index: 1,
            now: DURING,
        });
        assert_eq!(&*loaded.input, SAMPLES[1].text);
        let same = loaded.clone().reduce(Action::LoadSample {
            index: 999,
            now: DURING,
        });
        assert!(Rc::ptr_eq(&loaded, &same));
    }

    #[test]
    fn choosing_a_platform_revalidates_and_new_text_detects_again() {
        // Azure/azure-sdk-for-python#11346's App Service curl.
        let curl = r#"curl "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER""#;
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: curl.into(),
            now: DURING,
        });
        assert_eq!(s.analysis.platform, Some(Platform::AppService));
        assert!(s
            .analysis
            .findings
            .iter()
            .all(|f| f.severity != mi_core::Severity::Error));
        let s = s.reduce(Action::SetPlatform {
            platform: Some(Platform::Imds),
            now: DURING,
        });
        assert_eq!(
            (s.platform, s.analysis.platform),
            (Some(Platform::Imds), Some(Platform::Imds))
        );
        assert!(s.analysis.finding(Code::RequestHeaderWrongName).is_some());
        let s = s.reduce(Action::SetInput {
            text: curl.into(),
            now: DURING,
        });
        assert_eq!(
            (s.platform, s.analysis.platform),
            (None, Some(Platform::AppService))
        );
    }

    #[test]
    fn comparing_opens_a_second_box_and_closing_it_stands_the_first_alone() {
        // The VM's system-assigned and the user-assigned IMDS tokens (azure-identity recordings).
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: SAMPLES[0].text.to_string(),
            now: DURING,
        });
        let s = s.reduce(Action::OpenCompare);
        assert_eq!(s.compare.as_deref(), Some(""));
        // An empty second box compares nothing yet.
        assert!(s.analysis.comparison.is_none());
        let s = s.reduce(Action::SetCompare {
            text: SAMPLES[1].text.to_string(),
            now: DURING,
        });
        let c = s.analysis.comparison.as_ref().expect("a comparison");
        assert_eq!(
            c.differences.first().map(|d| d.aspect),
            Some(mi_core::analysis::compare::Aspect::Identity)
        );
        // A new first input is compared with the same second one.
        let s = s.reduce(Action::SetInput {
            text: SAMPLES[1].text.to_string(),
            now: DURING,
        });
        assert!(s
            .analysis
            .comparison
            .as_ref()
            .unwrap()
            .differences
            .is_empty());
        let s = s.reduce(Action::CloseCompare { now: DURING });
        assert!(s.compare.is_none() && s.analysis.comparison.is_none());
        assert_eq!(s.analysis.kind, Kind::Jwt);
    }

    #[test]
    fn the_report_to_share_drops_the_signature_and_masks_ids_when_asked() {
        // The system-assigned IMDS token (azure-identity recording): its signature and tenant.
        let token = SAMPLES[0].text;
        let signature = token.rsplit('.').next().unwrap();
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: token.to_string(),
            now: DURING,
        });
        let report = s.share_report();
        assert!(!report.contains(signature));
        assert!(report.contains("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        let s = s.reduce(Action::SetShareMaskIds(true));
        let report = s.share_report();
        assert!(!report.contains("72f988bf-86f1-41af-91ab-2d7cd011db47"));
        assert!(report.contains("<tenant-1>"));
        // The choice stays for the next input.
        let s = s.reduce(Action::SetInput {
            text: SAMPLES[1].text.to_string(),
            now: DURING,
        });
        assert!(s.share_mask_ids);
    }

    #[test]
    fn the_theme_toggle_flips_what_is_shown_and_survives_new_input() {
        let s = Rc::new(State::new(DURING, 0));
        assert!(s.is_dark(true) && !s.is_dark(false));
        let s = s.reduce(Action::ToggleTheme { system_dark: true });
        assert_eq!(s.dark, Some(false));
        let s = s.reduce(Action::SetInput {
            text: "x".into(),
            now: DURING,
        });
        assert_eq!(s.dark, Some(false));
        let s = s.reduce(Action::ToggleTheme { system_dark: true });
        assert!(s.is_dark(false));
    }

    #[test]
    fn refreshing_at_the_expiry_boundary_reports_expiry() {
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: SAMPLES[0].text.into(),
            now: DURING,
        });
        assert!(s.analysis.finding(Code::TokenExpired).is_none());
        // The first boundary is the 5-minute warning, then expiry itself.
        assert_eq!(s.next_boundary(), Some(1_643_312_761 - 299));
        let s = s.reduce(Action::Refresh {
            now: 1_643_312_761 - 299,
        });
        assert!(s.analysis.finding(Code::TokenExpiresSoon).is_some());
        assert_eq!(s.next_boundary(), Some(1_643_312_761));
        let s = s.reduce(Action::Refresh { now: 1_643_312_761 });
        assert!(s.analysis.finding(Code::TokenExpired).is_some());
        assert_eq!(s.next_boundary(), None);
    }

    #[test]
    fn a_very_large_input_is_previewed_until_the_user_asks_for_all() {
        // A 900 KiB application log with a token on its last line: analysed whole, shown as its
        // first 16 KiB.
        let token = SAMPLES[0].text;
        let mut log = String::new();
        for i in 0..12_000 {
            log.push_str(&format!(
                "2024-05-01T10:00:00Z INFO request {i} done in 12 ms, path /é/{i}\n"
            ));
        }
        log.push_str(&format!("Authorization: Bearer {token}"));
        assert!(log.len() > 3 * FULL_TEXT_LIMIT && log.len() < MAX_INPUT_BYTES);
        let s = read_through(Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: log.clone(),
            now: DURING,
        }));
        assert_eq!(s.analysis.kind, Kind::Jwt, "the token at the end is found");
        let preview = s.preview().expect("a preview");
        assert!(preview.len() <= PREVIEW_BYTES && log.starts_with(preview));
        // Choosing a platform keeps "show all"; new text previews again.
        let all = s.reduce(Action::ShowAll);
        assert_eq!(all.preview(), None);
        let all = read_through(all.reduce(Action::Refresh { now: DURING }));
        assert_eq!(all.preview(), None);
        let again = all.reduce(Action::SetInput {
            text: log,
            now: DURING,
        });
        assert!(again.preview().is_some());
        // Small inputs are never previewed.
        let small = again.reduce(Action::SetInput {
            text: token.into(),
            now: DURING,
        });
        assert_eq!(small.preview(), None);
    }

    /// `state` after the steps of the analysis under way (64 KiB each), if any.
    fn read_through(mut state: Rc<State>) -> Rc<State> {
        for _ in 0..10_000 {
            if state.reading.is_none() {
                return state;
            }
            state = state.reduce(Action::Step { budget: 64 * 1024 });
        }
        panic!("10,000 steps did not finish the analysis");
    }

    /// A log of `n` records of an error and its stack frames (as the benchmark's 1 MiB log).
    fn stack_traces(n: usize) -> String {
        (0..n)
            .map(|i| {
                let frames: String = (0..7)
                    .map(|j| format!("    at com.example.Handler{j}.process(Handler{j}.java:{j})\n"))
                    .collect();
                format!("2024-05-01T10:00:00Z ERROR request {i} failed: connection reset by peer\n{frames}")
            })
            .collect()
    }

    #[test]
    fn a_long_input_is_read_in_steps_that_show_progress_and_end_in_its_analysis() {
        // An IMDS error (the samples menu's, from MicrosoftDocs/azure-docs#21322) at the end of
        // 600 stack-trace records, which the page reads in steps.
        let error = SAMPLES
            .iter()
            .find(|s| s.text.contains("Identity not found"))
            .expect("a sample with an IMDS error")
            .text;
        let log = format!("{}{error}\n", stack_traces(600));
        assert!(log.len() > STEPS_ABOVE_BYTES);
        let fresh = Rc::new(State::new(DURING, 0));
        let started = fresh.clone().reduce(Action::SetInput {
            text: log.clone(),
            now: DURING,
        });
        // Nothing analysed yet: the report of the empty box stays, unshown, until the end.
        assert!(started.reading.is_some());
        assert_eq!(started.revision, 0);
        let mut s = started;
        let mut seen = Vec::new();
        while s.reading.is_some() {
            assert!(seen.len() < 10_000, "the steps do not end");
            s = s.reduce(Action::Step { budget: 16 * 1024 });
            if let Some(r) = &s.reading {
                seen.push(r.progress());
            }
        }
        // The paste is cut first; then the units read grow to all of them.
        assert!(seen.len() > 10, "{} steps", seen.len());
        let read: Vec<usize> = seen.iter().flatten().map(|p| p.0).collect();
        assert!(read.windows(2).all(|w| w[0] <= w[1]));
        let total = seen.iter().flatten().map(|p| p.1).max().expect("progress");
        assert_eq!(read.last(), Some(&total));
        assert_eq!(s.revision, 1);
        assert_eq!(
            *s.analysis,
            mi_core::analyze(&log, &mi_core::Context::at(DURING))
        );
        // One thing among log lines is analysed as that thing.
        assert_eq!(
            s.analysis.kind,
            Kind::MiError,
            "the error at the end is found"
        );
        // New text in the middle of the steps starts over with it; short text is analysed at once.
        let midway = fresh
            .reduce(Action::SetInput {
                text: log,
                now: DURING,
            })
            .reduce(Action::Step { budget: 16 * 1024 })
            .reduce(Action::SetInput {
                text: error.into(),
                now: DURING,
            });
        assert!(midway.reading.is_none());
        assert_eq!(midway.analysis.kind, Kind::MiError);
        // A stale step after that changes nothing.
        let after = midway.clone().reduce(Action::Step { budget: 16 * 1024 });
        assert!(Rc::ptr_eq(&after, &midway));
    }

    #[test]
    fn steps_are_sized_to_take_about_ten_milliseconds() {
        assert_eq!(next_step_bytes(32 * 1024, 10.0), 32 * 1024);
        assert_eq!(next_step_bytes(32 * 1024, 5.0), 64 * 1024);
        // At most twofold a step, either way, and within 8 KiB to 512 KiB.
        assert_eq!(next_step_bytes(32 * 1024, 0.1), 64 * 1024);
        assert_eq!(next_step_bytes(32 * 1024, 0.0), 64 * 1024);
        assert_eq!(next_step_bytes(32 * 1024, 200.0), 16 * 1024);
        assert_eq!(next_step_bytes(8 * 1024, 200.0), 8 * 1024);
        assert_eq!(next_step_bytes(512 * 1024, 1.0), 512 * 1024);
        assert_eq!(next_step_bytes(32 * 1024, f64::NAN), 64 * 1024);
    }

    #[test]
    fn a_preview_cuts_at_a_character_boundary() {
        let text = "é".repeat(FULL_TEXT_LIMIT);
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput { text, now: DURING });
        let preview = s.preview().unwrap();
        assert_eq!(preview.len(), PREVIEW_BYTES);
        assert!(preview.chars().all(|c| c == 'é'));
    }

    #[test]
    fn pasting_replaces_the_selection_counted_in_utf16_units() {
        assert_eq!(splice_utf16("abc", 1, 2, "XY"), "aXYc");
        assert_eq!(splice_utf16("", 0, 0, "tok"), "tok");
        // "😀" is two UTF-16 units; "é" is one.
        assert_eq!(splice_utf16("😀é!", 2, 3, "e"), "😀e!");
        assert_eq!(splice_utf16("ab", 5, 9, "c"), "abc");
        assert_eq!(splice_utf16("abcd", 3, 1, "-"), "a-d");
    }

    #[test]
    fn the_token_that_was_sent_is_checked_against_an_access_error_and_kept() {
        // Azure/bicep#6539's Key Vault 403 (the core's fixture), then the token of another
        // identity (the user-assigned IMDS token sample) in the second box.
        let error = include_str!("../../core/tests/fixtures/access-errors.jsonl")
            .lines()
            .find(|l| l.contains("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli"))
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["input"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .unwrap();
        let s = Rc::new(State::new(DURING, 0)).reduce(Action::SetInput {
            text: error.clone(),
            now: DURING,
        });
        assert_eq!(s.analysis.kind, Kind::AccessError);
        assert!(s.analysis.access.as_ref().unwrap().sent_token.is_none());
        let s = s.reduce(Action::SetSentToken {
            text: SAMPLES[1].text.to_string(),
            now: DURING,
        });
        assert!(s
            .analysis
            .finding(Code::AccessCallerDiffersFromToken)
            .is_some());
        assert!(s.analysis.token.is_some());
        // A new paste of the error keeps the sent token; emptying the box drops the check.
        let s = s.reduce(Action::SetInput {
            text: error,
            now: DURING,
        });
        assert!(s.analysis.access.as_ref().unwrap().sent_token.is_some());
        let s = s.reduce(Action::SetSentToken {
            text: String::new(),
            now: DURING,
        });
        assert!(s
            .analysis
            .finding(Code::AccessCallerDiffersFromToken)
            .is_none());
        assert_eq!(&*s.sent_token, "");
    }

    #[test]
    fn the_snippet_view_opens_prefilled_and_follows_a_new_paste() {
        let s = Rc::new(State::new(DURING, 0));
        assert!(s.prefill.is_none(), "nothing to prefill from an empty page");
        let s = s.reduce(Action::OpenSnippets);
        assert!(s.snippets_open);
        // azure-sdk-for-python's IMDS recording: a VM's system-assigned token for ARM.
        let s = s.reduce(Action::SetInput {
            text: SAMPLES[0].text.to_string(),
            now: DURING,
        });
        assert!(s.snippets_open, "stays open across pastes");
        let prefill = s.prefill.clone().expect("a prefill");
        assert_eq!(prefill.request.platform, Platform::Imds);
        assert_eq!(prefill.request.resource, "https://management.azure.com");
        // Time passing changes nothing it was made from: the same Rc, so the view keeps edits.
        let later = s.clone().reduce(Action::Refresh { now: DURING + 60 });
        assert!(Rc::ptr_eq(&prefill, later.prefill.as_ref().unwrap()));
        let closed = later.reduce(Action::CloseSnippets);
        assert!(!closed.snippets_open);
    }
}
