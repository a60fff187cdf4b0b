//! The app's hooks: effects that follow the state (the theme, the refresh at an expiry, focus on
//! the opened code view), so that components only render.

use yew::prelude::*;

use super::browser;
use super::state::{Action, State};

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

/// Moves focus to `node` when `open` turns true, so keyboard and screen-reader users land in
/// what was opened.
#[hook]
pub fn use_focus_when_opened(node: &NodeRef, open: bool) {
    let node = node.clone();
    use_effect_with(open, move |open| {
        if *open {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
