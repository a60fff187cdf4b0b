//! The root component: the paste area, the samples menu and the report, wired to the reducer.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser;
use super::components::compare_view::ComparePanel;
use super::components::key_panel::{Checker, KeyPanel};
use super::components::rich;
use super::components::samples_menu::SamplesMenu;
use super::components::sent_token::SentTokenPanel;
use super::components::share_panel;
use super::components::snippet_view::SnippetView;
use super::components::{intro, report};
use super::extras;
use super::hooks;
use super::state::{splice_utf16, Action, Reading, State, FULL_TEXT_LIMIT};
use mi_core::present::labels;
use mi_core::{Kind, MAX_INPUT_BYTES};

/// Inputs larger than this are analysed in a task of their own, after the browser's paste task.
const DEFER_ABOVE_BYTES: usize = 64 * 1024;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Text to start from: what was pasted into the loading page before the app started.
    #[prop_or_default]
    pub initial: AttrValue,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| {
        State::starting_with(
            &props.initial,
            browser::now(),
            browser::utc_offset_minutes(),
        )
    });
    hooks::use_paste_anywhere(&state);
    hooks::use_scroll_to_report_on_narrow(&state);
    hooks::use_focus_on_load("input");
    hooks::use_theme(state.dark);
    hooks::use_refresh_at_boundaries(&state);
    hooks::use_reading_steps(&state);
    let snippets_ref = use_node_ref();
    hooks::use_focus_when_opened(&snippets_ref, state.snippets_open, "open-snippets");
    // The signature checker is in the page's second module: loaded once a key is pasted; a key
    // that came before it is checked when it is in.
    let checker = {
        let key = state.key.clone();
        let state = state.clone();
        hooks::use_extras(
            (!key.trim().is_empty()).then_some(key),
            Callback::from(move |()| {
                if extras::take_unchecked() {
                    state.dispatch(Action::Refresh {
                        now: browser::now(),
                    })
                }
            }),
        )
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
    let empty = state.analysis.kind == Kind::Empty;
    let stale = state.reading.is_some() && !empty;
    html! {
        <>
            { topbar(&state) }
            <main class="layout">
                { input_pane(&state) }
                { sent_token_pane(&state) }
                { key_pane(&state, &checker) }
                <div class="pane report-pane">
                    { snippets_area(&state, snippets_ref) }
                    <section id="report" class={classes!("report", stale.then_some("stale"))} aria-label="Report" aria-live="polite" aria-busy={state.reading.is_some().to_string()} data-revision={state.revision.to_string()}>
                        if let Some(r) = &state.reading { { reading(r, state.input.len()) } }
                        if empty && state.reading.is_none() { { intro::view(pick_sample(&state)) } }
                        // While a long text is read again (an edit, a new paste), the report of the
                        // text before stays, dimmed, under the progress line; the first has none.
                        if !(empty && state.reading.is_some()) {
                            { report::view(&state.analysis, state.utc_offset_minutes, state.platform, on_platform) }
                        }
                    </section>
                    { share_area(&state) }
                </div>
            </main>
            <footer class="footer">
                <p>{"Runs entirely in your browser: no network requests, no storage, no analytics."}</p>
            </footer>
        </>
    }
}

/// The title and the dark-mode toggle.
fn topbar(state: &UseReducerHandle<State>) -> Html {
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::ToggleTheme {
                system_dark: browser::prefers_dark(),
            })
        })
    };
    let dark_now = state.is_dark(browser::prefers_dark());
    html! {
        <header class="topbar">
            <div>
                <h1>{"MI Token Inspector"}</h1>
                <p class="tagline">{"Azure managed identity tokens, explained offline. Nothing you paste leaves this page."}</p>
            </div>
            <button type="button" id="theme" class="theme" onclick={on_theme} aria-pressed={dark_now.to_string()}>{"Dark mode"}</button>
        </header>
    }
}

/// The paste area with its samples menu, size and preview note, and the key panel.
fn input_pane(state: &UseReducerHandle<State>) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            set_input(&state, area.value());
        })
    };
    let onpaste = {
        let state = state.clone();
        Callback::from(move |e: Event| on_paste(&state, e))
    };
    let on_show_all = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowAll))
    };
    let on_pick = pick_sample(state);
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Clear {
                now: browser::now(),
            })
        })
    };
    let preview = state.preview();
    let characters = labels::group_digits(state.input.chars().count());
    // The box's value shares the state's text (no copy of a large input on every render).
    let value = match preview {
        Some(p) => AttrValue::from(p.to_string()),
        None => AttrValue::from(state.input.clone()),
    };
    html! {
        <section class="pane input-pane" aria-label="Input">
            <label for="input" class="pane-title">{"Paste a token, a response, an error or a request setup"}</label>
            <textarea
                id="input"
                {value}
                readonly={preview.is_some()}
                aria-describedby={preview.map(|_| "input-preview")}
                {oninput}
                {onpaste}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder="eyJ0eXAiOiJKV1Qi… (a Bearer prefix, quotes and line breaks are fine)"
            />
            <div class="input-bar">
                <SamplesMenu {on_pick} />
                <button type="button" class="clear" onclick={on_clear}>{"Clear"}</button>
                <span class="input-size" aria-live="off">{ format!("{characters} characters") }</span>
            </div>
            if let Some(p) = preview {
                <p id="input-preview" class="input-preview" role="status">
                    { format!(
                        "The report covers {}; the box shows the first {} characters so that the page stays responsive. Paste again to replace it.",
                        if state.input.len() > MAX_INPUT_BYTES {
                            "the first 1 MiB".to_string()
                        } else {
                            format!("all {characters} characters")
                        },
                        labels::group_digits(p.chars().count()),
                    ) }
                    {" "}
                    <button type="button" id="show-all" onclick={on_show_all}>{"Show all to edit"}</button>
                </p>
            }
            { compare_panel(state) }
        </section>
    }
}

/// What the report says while a long input is read in steps: how far it has got.
fn reading(r: &Reading, bytes: usize) -> Html {
    let progress = r.progress();
    let line = labels::reading_progress(progress, bytes);
    let (value, max) = match progress {
        None => (0, 1),
        Some((read, units)) => (read.min(units), units.max(1)),
    };
    html! {
        <div class="card reading" id="reading" role="status">
            <p>{ line }</p>
            <progress value={value.to_string()} max={max.to_string()}>{ format!("{value} of {max}") }</progress>
        </div>
    }
}

/// "Copy a report to share", wired to the reducer; nothing to share before something is pasted
/// (or while a long paste is still being read).
fn share_area(state: &UseReducerHandle<State>) -> Html {
    if state.input.trim().is_empty() || state.reading.is_some() {
        return html! {};
    }
    let on_mask = {
        let state = state.clone();
        Callback::from(move |mask: bool| state.dispatch(Action::SetShareMaskIds(mask)))
    };
    let write = {
        let state = state.clone();
        Callback::from(move |()| state.share_report())
    };
    html! {
        <share_panel::SharePanel revision={state.revision} mask_ids={state.share_mask_ids} {write} {on_mask} />
    }
}

/// "Compare with another token": the second box, wired to the reducer.
fn compare_panel(state: &UseReducerHandle<State>) -> Html {
    let on_open = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::OpenCompare))
    };
    let on_input = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetCompare {
                text,
                now: browser::now(),
            })
        })
    };
    let on_close = {
        let state = state.clone();
        Callback::from(move |()| {
            state.dispatch(Action::CloseCompare {
                now: browser::now(),
            })
        })
    };
    let value = state.compare.clone().map(AttrValue::from);
    html! { <ComparePanel {value} {on_open} {on_input} {on_close} /> }
}

/// The key panel, once there is a token to verify: beside the paste area on a wide screen,
/// below the report on a narrow one (the style sheet places it).
fn key_pane(state: &UseReducerHandle<State>, checker: &hooks::ExtrasState) -> Html {
    if state.analysis.token.is_none() && state.key.is_empty() {
        return html! {};
    }
    let on_key = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetKey {
                text,
                now: browser::now(),
            })
        })
    };
    let keys_url = state.analysis.keys_url().map(AttrValue::from);
    let checker = match checker {
        _ if state.key.trim().is_empty() => None,
        hooks::ExtrasState::Ready(_) => None,
        hooks::ExtrasState::Waiting => Some(Checker::Loading),
        hooks::ExtrasState::Failed(why) => Some(Checker::Failed(AttrValue::from(why.clone()))),
    };
    html! {
        <section class="pane key-pane" aria-label="Signature key">
            <KeyPanel value={state.key.to_string()} on_input={on_key} {keys_url} {checker} />
        </section>
    }
}

/// The box for the token that was sent with a refused call: offered with an access error, kept
/// while it holds text.
fn sent_token_pane(state: &UseReducerHandle<State>) -> Html {
    if state.analysis.kind != Kind::AccessError && state.sent_token.is_empty() {
        return html! {};
    }
    let on_input = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetSentToken {
                text,
                now: browser::now(),
            })
        })
    };
    html! {
        <section class="pane sent-token-pane" aria-label="The token that was sent">
            <SentTokenPanel value={state.sent_token.to_string()} {on_input} />
        </section>
    }
}

/// Loads the sample at an index of the Samples menu.
fn pick_sample(state: &UseReducerHandle<State>) -> Callback<usize> {
    let state = state.clone();
    Callback::from(move |index: usize| {
        state.dispatch(Action::LoadSample {
            index,
            now: browser::now(),
        })
    })
}

/// A paste that would leave a very large text in the box is taken over: the text goes straight
/// to the state, and the box shows a preview instead of making the browser lay out all of it.
/// Into a preview (read-only), a paste replaces the whole input.
fn on_paste(state: &UseReducerHandle<State>, e: Event) {
    let Some(pasted) = e
        .dyn_ref::<ClipboardEvent>()
        .and_then(|c| c.clipboard_data())
        .and_then(|d| d.get_data("text/plain").ok())
    else {
        return;
    };
    let area: HtmlTextAreaElement = e.target_unchecked_into();
    let text = if area.read_only() {
        pasted
    } else if state.input.len() + pasted.len() <= FULL_TEXT_LIMIT {
        return; // Small whatever it replaces: the browser pastes; `oninput` follows.
    } else {
        let start = area.selection_start().ok().flatten().unwrap_or(0);
        let end = area.selection_end().ok().flatten().unwrap_or(start);
        let text = splice_utf16(&state.input, start, end, &pasted);
        if text.len() <= FULL_TEXT_LIMIT {
            return; // The browser pastes; `oninput` follows.
        }
        text
    };
    e.prevent_default();
    set_input(state, text);
}

/// The snippet view when it is open ("Generate code for this"), else the button that opens it.
fn snippets_area(state: &UseReducerHandle<State>, snippets_ref: NodeRef) -> Html {
    if !state.snippets_open {
        let on_open = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::OpenSnippets))
        };
        let label = if state.prefill.is_some() {
            "Generate code for this"
        } else {
            "Write code that requests a token"
        };
        return html! {
            <div class="snippet-bar">
                // The code generator is loaded when the view opens; begun when it is about to be.
                <button type="button" id="open-snippets" onclick={on_open}
                    onpointerenter={Callback::from(|_: PointerEvent| extras::prefetch())}
                    onfocus={Callback::from(|_: FocusEvent| extras::prefetch())}>{ label }</button>
            </div>
        };
    }
    let on_close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CloseSnippets))
    };
    // Esc closes the view, as a dialog would.
    let on_key = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                state.dispatch(Action::CloseSnippets);
            }
        })
    };
    let prefill = state.prefill.as_deref();
    html! {
        <div class="card snippets-card" ref={snippets_ref} tabindex="-1" onkeydown={on_key}>
            <button type="button" id="close-snippets" class="close" onclick={on_close}
                aria-label="Close the code view">{"Close"}</button>
            <SnippetView initial={prefill.map(|p| p.request.clone())} initial_target={prefill.and_then(|p| p.target)}>
                if let Some(p) = prefill {
                    <ul class="prefill-reasons" aria-label="Where the values came from">
                        { for p.reasons.iter().map(|r| html! { <li>{ rich::text(&r.text) }</li> }) }
                    </ul>
                }
            </SnippetView>
        </div>
    }
}

/// Analyses new text: at once when it is small, in a task of its own when it is large, so that the
/// paste's task (reading the clipboard, laying out the text) ends first and neither runs long.
pub(crate) fn set_input(state: &UseReducerHandle<State>, text: String) {
    if text.len() > DEFER_ABOVE_BYTES {
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
}
