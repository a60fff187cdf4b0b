//! The root component: the paste area, the samples menu and the report, wired to the reducer.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::browser;
use super::components::key_panel::KeyPanel;
use super::components::report;
use super::components::samples_menu::SamplesMenu;
use super::state::{Action, State};

/// Pastes larger than this are analysed in a task of their own, after the browser's paste task.
const DEFER_ABOVE_BYTES: usize = 64 * 1024;

/// Timers further ahead than this are re-armed later (browsers cap timeouts at about 24.8 days).
const MAX_TIMEOUT_SECONDS: i64 = 86_400;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(browser::now(), browser::utc_offset_minutes()));

    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            if text.len() > DEFER_ABOVE_BYTES {
                // Let the paste's own task (the browser lays out the text) end before analysing.
                let state = state.clone();
                gloo_timers::callback::Timeout::new(0, move || {
                    state.dispatch(Action::SetInput {
                        text,
                        now: browser::now(),
                    })
                })
                .forget();
            } else {
                state.dispatch(Action::SetInput {
                    text,
                    now: browser::now(),
                });
            }
        })
    };
    let on_key = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetKey {
                text,
                now: browser::now(),
            })
        })
    };
    let keys_url = state
        .analysis
        .verification
        .as_ref()
        .and_then(|v| v.keys_url.clone())
        .or_else(|| {
            state
                .analysis
                .token
                .as_ref()
                .and_then(|t| t.entra.as_ref())
                .and_then(|e| e.jwks_uri.clone())
        })
        .map(AttrValue::from);
    let show_key_panel = state.analysis.token.is_some() || !state.key.is_empty();
    let on_pick = {
        let state = state.clone();
        Callback::from(move |index: usize| {
            state.dispatch(Action::LoadSample {
                index,
                now: browser::now(),
            })
        })
    };
    let on_platform = {
        let state = state.clone();
        Callback::from(move |platform| {
            state.dispatch(Action::SetPlatform {
                platform,
                now: browser::now(),
            })
        })
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::ToggleTheme {
                system_dark: browser::prefers_dark(),
            })
        })
    };
    {
        let dark = state.dark;
        use_effect_with(dark, move |dark| {
            browser::set_theme(dark.map(|d| if d { "dark" } else { "light" }));
        });
    }
    let dark_now = state.is_dark(browser::prefers_dark());
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Clear {
                now: browser::now(),
            })
        })
    };

    // Analyse again when the report would change on its own (expiry, the 5-minute warning).
    {
        let state = state.clone();
        let boundary = state.next_boundary();
        use_effect_with((boundary, state.analysed_at), move |(boundary, _)| {
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

    html! {
        <>
            <header class="topbar">
                <div>
                    <h1>{"MI Token Inspector"}</h1>
                    <p class="tagline">{"Azure managed identity tokens, explained offline. Nothing you paste leaves this page."}</p>
                </div>
                <button type="button" id="theme" class="theme" onclick={on_theme} aria-pressed={dark_now.to_string()}>{"Dark mode"}</button>
            </header>
            <main class="layout">
                <section class="pane input-pane" aria-label="Input">
                    <label for="input" class="pane-title">{"Paste a token, a response, an error or a request setup"}</label>
                    <textarea
                        id="input"
                        value={state.input.to_string()}
                        {oninput}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        placeholder="eyJ0eXAiOiJKV1Qi… (a Bearer prefix, quotes and line breaks are fine)"
                    />
                    <div class="input-bar">
                        <SamplesMenu {on_pick} />
                        <button type="button" class="clear" onclick={on_clear}>{"Clear"}</button>
                        <span class="input-size" aria-live="off">{ format!("{} characters", state.input.chars().count()) }</span>
                    </div>
                    if show_key_panel {
                        <KeyPanel value={state.key.to_string()} on_input={on_key} {keys_url} />
                    }
                </section>
                <section id="report" class="pane report" aria-label="Report" aria-live="polite">
                    { report::view(&state.analysis, state.utc_offset_minutes, state.platform, on_platform) }
                </section>
            </main>
            <footer class="footer">
                <p>{"Runs entirely in your browser: no network requests, no storage, no analytics."}</p>
            </footer>
        </>
    }
}
