//! The snippet view: pick a platform, a resource (the known-audience catalogue or free text) and an
//! identity, then read, copy or download the program for any target, one tab each. The programs
//! come from the core (`snippets::render`), in the page's second module, which it loads the first
//! time the view opens ([`crate::ui::extras`]); this component only holds the form's fields.
//!
//! Self-contained: props in (a request to start from, e.g. the one in the report). No inline
//! styles (the CSP forbids them).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::copy_button::CopyButton;
use crate::ui::hooks::{use_extras, ExtrasState};
use mi_core::azure::platforms::{self, SPECS};
use mi_core::azure::resources::RESOURCES;
use mi_core::input::percent::percent_encode;
use mi_core::present::labels;
use mi_core::request::model::Unsupported;
use mi_core::request::{RequestedIdentity, TokenRequest};
use mi_core::snippets::prefill::UNSET_RESOURCE;
use mi_core::snippets::Target;
use mi_core::Platform;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The request to start from ("Generate code for this"); `None` starts from IMDS and Azure
    /// Resource Manager. When it changes, the form is reset to it.
    #[prop_or_default]
    pub initial: Option<TokenRequest>,
    /// The target to open on (the language of the code the user pasted); `None` opens on curl.
    #[prop_or_default]
    pub initial_target: Option<Target>,
    /// Shown under the heading (e.g. where the prefilled values came from).
    #[prop_or_default]
    pub children: Html,
}

fn default_request() -> TokenRequest {
    TokenRequest::new(Platform::Imds, "https://management.azure.com/")
}

/// The tab a key moves to from `current`: arrows wrap around, Home and End go to the ends.
fn next_target(current: Target, key: &str) -> Option<Target> {
    let all = Target::ALL;
    let i = all.iter().position(|t| *t == current)?;
    let n = all.len();
    Some(match key {
        "ArrowRight" | "ArrowDown" => all[(i + 1) % n],
        "ArrowLeft" | "ArrowUp" => all[(i + n - 1) % n],
        "Home" => all[0],
        "End" => all[n - 1],
        _ => return None,
    })
}

#[component]
pub fn SnippetView(props: &Props) -> Html {
    let request = use_state(|| props.initial.clone().unwrap_or_else(default_request));
    // The identity's value survives switching to "System-assigned" and back.
    let id_value = use_state(|| {
        request
            .identity
            .value()
            .map(str::to_string)
            .unwrap_or_default()
    });
    let target = use_state(|| props.initial_target.unwrap_or(Target::Curl));
    let extras = use_extras(Some(()), Callback::noop());
    {
        let (request, id_value) = (request.clone(), id_value.clone());
        let target = target.clone();
        use_effect_with(
            (props.initial.clone(), props.initial_target),
            move |(initial, initial_target)| {
                if let Some(r) = initial {
                    id_value.set(r.identity.value().map(str::to_string).unwrap_or_default());
                    request.set(r.clone());
                }
                if let Some(t) = initial_target {
                    target.set(*t);
                }
            },
        );
    }
    html! {
        <section id="snippets" class="snippets" aria-labelledby="snippets-title">
            <h2 id="snippets-title">{ "Request a token: code" }</h2>
            { props.children.clone() }
            { form(&request, &id_value) }
            { tab_list(&target) }
            <div id="snippet-panel" class="snippet-panel" role="tabpanel"
                aria-labelledby={format!("snippet-tab-{}", target.id())}>
                { match &extras {
                    ExtrasState::Ready(extras) => program(&extras.render(&request, *target), *target),
                    ExtrasState::Waiting => html! {
                        <p class="snippet-loading" role="status">{ labels::CODE_GENERATOR_LOADING }</p>
                    },
                    ExtrasState::Failed(why) => html! {
                        <p class="snippet-unsupported" role="alert">{ labels::code_generator_failed(why) }</p>
                    },
                } }
            </div>
        </section>
    }
}

/// The request's fields: platform, resource (with the known audiences offered) and identity.
fn form(request: &UseStateHandle<TokenRequest>, id_value: &UseStateHandle<String>) -> Html {
    let update = {
        let request = request.clone();
        move |f: Box<dyn Fn(&mut TokenRequest)>| {
            let mut r = (*request).clone();
            f(&mut r);
            request.set(r);
        }
    };
    let on_platform = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = platforms::from_id(&select.value()) {
                update(Box::new(move |r| r.platform = p));
            }
        })
    };
    let on_resource = {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // An emptied field leaves the resource to the program's argument, not to nothing.
            let value = match input.value() {
                v if v.trim().is_empty() => UNSET_RESOURCE.to_string(),
                v => v,
            };
            update(Box::new(move |r| r.resource = value.clone()));
        })
    };
    let on_kind = {
        let (update, id_value) = (update.clone(), id_value.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let identity = RequestedIdentity::of_kind(&select.value(), (*id_value).clone());
            update(Box::new(move |r| r.identity = identity.clone()));
        })
    };
    let on_id = {
        let id_value = id_value.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            id_value.set(value.clone());
            update(Box::new(move |r| {
                r.identity = RequestedIdentity::of_kind(r.identity.kind(), value.clone())
            }));
        })
    };
    let kind = request.identity.kind();
    let unset = request.resource == UNSET_RESOURCE;
    html! {
        <div class="snippet-form">
            <label>{ "Platform" }
                <select id="snippet-platform" onchange={on_platform}>
                    { for SPECS.iter().map(|s| html! {
                        <option value={platforms::id(s.platform)} selected={s.platform == request.platform}>
                            { s.name }
                        </option>
                    }) }
                </select>
            </label>
            <label>{ "Resource" }
                <input id="snippet-resource" type="text" list="snippet-resources" spellcheck="false"
                    class={classes!(unset.then_some("needs-value"))}
                    placeholder="Fill in the resource, e.g. https://vault.azure.net"
                    aria-describedby={unset.then_some("snippet-resource-hint")}
                    value={if unset { String::new() } else { request.resource.clone() }} oninput={on_resource} />
                if unset {
                    <span id="snippet-resource-hint" class="hint">{"Until you fill it in, the program takes the resource as its argument."}</span>
                }
            </label>
            <datalist id="snippet-resources">
                { for RESOURCES.iter().map(|r| html! {
                    <option value={r.uri}>{ format!("{} ({})", r.service, r.cloud) }</option>
                }) }
            </datalist>
            <label>{ "Identity" }
                <select id="snippet-identity" onchange={on_kind}>
                    { for RequestedIdentity::KINDS.iter().map(|(k, label)| html! {
                        <option value={*k} selected={*k == kind}>{ *label }</option>
                    }) }
                </select>
            </label>
            <label>{ "Identity ID" }
                <input id="snippet-identity-value" type="text" spellcheck="false"
                    disabled={kind == "system"} value={(**id_value).clone()} oninput={on_id} />
            </label>
        </div>
    }
}

/// A tab per target. The list is one stop for Tab; the arrow keys, Home and End move between
/// targets (the WAI-ARIA tabs pattern, with selection following focus).
fn tab_list(target: &UseStateHandle<Target>) -> Html {
    let tabs = Target::ALL.iter().map(|t| {
        let selected = *t == **target;
        let onclick = {
            let (target, t) = (target.clone(), *t);
            Callback::from(move |_| target.set(t))
        };
        html! {
            <button type="button" role="tab" id={format!("snippet-tab-{}", t.id())}
                class={classes!("snippet-tab", selected.then_some("selected"))}
                tabindex={if selected { "0" } else { "-1" }}
                aria-selected={selected.to_string()} aria-controls="snippet-panel" {onclick}>
                { t.title() }
            </button>
        }
    });
    let on_tab_key = {
        let target = target.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(next) = next_target(*target, &e.key()) else {
                return;
            };
            e.prevent_default();
            target.set(next);
            browser::focus_by_id(&format!("snippet-tab-{}", next.id()));
        })
    };
    // On a narrow screen, 16 pills would take a screenful: a select stands in for them (the style
    // sheet shows one or the other).
    let on_select = {
        let target = target.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(t) = Target::from_id(&select.value()) {
                target.set(t);
            }
        })
    };
    html! {
        <>
            <div class="snippet-tabs" role="tablist" aria-label="Language or client" onkeydown={on_tab_key}>
                { for tabs }
            </div>
            <label class="snippet-target-pick">{ "Language or client" }
                <select id="snippet-target" onchange={on_select}>
                    { for Target::ALL.iter().map(|t| html! {
                        <option value={t.id()} selected={*t == **target}>{ t.title() }</option>
                    }) }
                </select>
            </label>
        </>
    }
}

/// The program with its copy and download actions, or why the platform cannot serve the request.
fn program(result: &Result<String, Unsupported>, target: Target) -> Html {
    let program = match result {
        Ok(program) => program,
        Err(reason) => {
            return html! { <p class="snippet-unsupported" role="status">{ reason.0.clone() }</p> }
        }
    };
    // The Clipboard API's fallback: focusing or clicking the code selects it all, ready for Ctrl+C.
    let select_all = Callback::from(|e: Event| {
        let element: web_sys::Element = e.target_unchecked_into();
        browser::select_contents(&element);
    });
    let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(program));
    html! {
        <>
            <div class="snippet-actions">
                <CopyButton text={AttrValue::from(program.clone())} what={format!("{} program", target.title())} />
                <a class="download" href={href} download={target.file_name()}>
                    { format!("Download {}", target.file_name()) }
                </a>
            </div>
            <pre class="snippet-code" tabindex="0" onfocus={select_all.reform(|e: FocusEvent| Event::from(e))}
                onclick={select_all.reform(|e: MouseEvent| Event::from(e))}
                aria-label={format!("{} program", target.title())}>
                <code>{ program.clone() }</code>
            </pre>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_wrap_and_home_end_jump() {
        let first = Target::ALL[0];
        let last = *Target::ALL.last().unwrap();
        assert_eq!(next_target(first, "ArrowLeft"), Some(last));
        assert_eq!(next_target(last, "ArrowRight"), Some(first));
        assert_eq!(next_target(first, "ArrowRight"), Some(Target::ALL[1]));
        assert_eq!(next_target(Target::ALL[3], "Home"), Some(first));
        assert_eq!(next_target(first, "End"), Some(last));
        assert_eq!(next_target(first, "a"), None);
    }
}
