//! The app's hooks: effects that follow the state (the theme, the refresh at an expiry, focus on
//! the opened code view), so that components only render.

use yew::prelude::*;

use super::state::{next_step_bytes, Action, State, FIRST_STEP_BYTES};
use super::{browser, extras};

/// Timers further ahead than this are re-armed later (browsers cap timeouts at about 24.8 days).
const MAX_TIMEOUT_SECONDS: i64 = 86_400;

/// Applies the chosen colours (`None`: follow the system).
#[hook]
pub fn use_theme(dark: Option<bool>) {
    use_effect_with(dark, move |dark| {
        browser::set_theme(dark.map(|d| if d { "dark" } else { "light" }));
    });
}

/// Analyses again when the report would change on its own (expiry, the 5-minute warning).
#[hook]
pub fn use_refresh_at_boundaries(state: &UseReducerHandle<State>) {
    let state = state.clone();
    let boundary = state.next_boundary();
    use_effect_with((boundary, state.analyzed_at), move |(boundary, _)| {
        let timeout = boundary.map(|at| {
            let wait = (at - browser::now()).clamp(0, MAX_TIMEOUT_SECONDS);
            gloo_timers::callback::Timeout::new((wait * 1000) as u32 + 50, move || {
                state.dispatch(Action::Refresh {
                    now: browser::now(),
                });
            })
        });
        move || drop(timeout)
    });
}

/// Takes the next step of a long input's analysis ([`State::reading`]) in a task of its own,
/// sized from how long the last step took, so that the page answers between steps.
#[hook]
pub fn use_reading_steps(state: &UseReducerHandle<State>) {
    let budget = use_mut_ref(|| FIRST_STEP_BYTES);
    let step = state.reading.as_ref().map(|r| (r.id(), r.steps));
    let state = state.clone();
    use_effect_with(step, move |step| {
        if step.is_some() {
            browser::in_next_task(move || {
                let bytes = *budget.borrow();
                let started = browser::clock_ms();
                state.dispatch(Action::Step { budget: bytes });
                *budget.borrow_mut() = next_step_bytes(bytes, browser::clock_ms() - started);
            });
        }
    });
}

/// Moves focus to `node` when `open` turns true, so keyboard and screen-reader users land in
/// what was opened, and back to the element `opener` (the button that opened it) when it
/// closes again.
#[hook]
pub fn use_focus_when_opened(node: &NodeRef, open: bool, opener: &'static str) {
    let node = node.clone();
    let was_open = use_mut_ref(|| false);
    use_effect_with(open, move |open| {
        if *open {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        } else if *was_open.borrow() {
            browser::focus_by_id(opener);
        }
        *was_open.borrow_mut() = *open;
    });
}

/// A paste anywhere on the page outside a text field replaces the input, as if pasted into it.
#[hook]
pub fn use_paste_anywhere(state: &UseReducerHandle<State>) {
    let state = state.clone();
    use_effect_with((), move |_| {
        let listener = browser::on_paste_outside_fields(move |text| {
            super::app::set_input(&state, text);
        });
        move || drop(listener)
    });
}

/// Puts the keyboard focus in the element `id` once, when the page has started.
#[hook]
pub fn use_focus_on_load(id: &'static str) {
    use_effect_with((), move |_| browser::focus_in_place_by_id(id));
}

/// On a narrow screen the report is below the paste area: after new input (not a key or a
/// platform change), scroll it into view so the verdict is on screen.
#[hook]
pub fn use_scroll_to_report_on_narrow(state: &UseReducerHandle<State>) {
    let last = use_mut_ref(|| std::rc::Rc::as_ptr(&state.input).cast::<u8>());
    let input = state.input.clone();
    use_effect_with(state.revision, move |_| {
        let now = std::rc::Rc::as_ptr(&input).cast::<u8>();
        if *last.borrow() != now {
            *last.borrow_mut() = now;
            if !input.is_empty() {
                browser::scroll_into_view_when_narrow("report", NARROW_PX);
            }
        }
    });
}

/// Below this width the page is one column (the style sheet's breakpoint).
const NARROW_PX: f64 = 900.0;

/// The page's second wasm module (the code generator, the signature checker), as the component
/// that needs it sees it.
#[derive(Clone, Debug)]
pub enum ExtrasState {
    /// Not asked for, or loading.
    Waiting,
    Ready(extras::Extras),
    /// Why it could not be loaded.
    Failed(String),
}

/// The second module: ready at once when the page has it already, else loaded once it is
/// `wanted` (`Some`: the code view is shown, a key is pasted); `on_ready` is called when this
/// hook sees it in (the app then analyses again if a signature went unchecked). Until it is in,
/// each new `wanted` value (a key edited, the view shown again) tries again.
#[hook]
pub fn use_extras<T: PartialEq + 'static>(
    wanted: Option<T>,
    on_ready: Callback<()>,
) -> ExtrasState {
    let state = use_state(|| extras::loaded().map_or(ExtrasState::Waiting, ExtrasState::Ready));
    {
        let state = state.clone();
        use_effect_with(wanted, move |wanted| {
            if wanted.is_none() || matches!(*state, ExtrasState::Ready(_)) {
                return;
            }
            // Loaded meanwhile (by another part of the page): no waiting to show.
            if let Some(loaded) = extras::loaded() {
                state.set(ExtrasState::Ready(loaded));
                on_ready.emit(());
            } else {
                state.set(ExtrasState::Waiting);
                wasm_bindgen_futures::spawn_local(async move {
                    state.set(match extras::load().await {
                        Ok(loaded) => {
                            on_ready.emit(());
                            ExtrasState::Ready(loaded)
                        }
                        Err(why) => ExtrasState::Failed(why),
                    });
                });
            }
        });
    }
    (*state).clone()
}
