//! "Copy a report to share": the Markdown report the core writes for a support ticket or an issue
//! (every secret removed), a choice to mask the tenant, subscription, object and client IDs, the
//! copy button, and a preview of exactly what is copied.
//!
//! The report is written in a task of its own after the frame that shows a new analysis: it looks
//! for secrets in the whole paste, which for a 1 MiB log took as long as a frame, and it is below
//! the fold. Until then the panel shows the report it wrote last.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::after_first_frame::after_next_frame;
use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The analysis the report is of (the state's revision): a new one writes the report again.
    pub revision: u64,
    pub mask_ids: bool,
    /// Writes the report (the state's `share_report` for this revision and choice).
    pub write: Callback<(), String>,
    pub on_mask: Callback<bool>,
}

#[component]
pub fn SharePanel(props: &Props) -> Html {
    let written = use_state(|| None::<(u64, String)>);
    {
        let written = written.clone();
        let write = props.write.clone();
        let revision = props.revision;
        use_effect_with((revision, props.mask_ids), move |_| {
            after_next_frame(move || written.set(Some((revision, write.emit(())))));
        });
    }
    match &*written {
        Some((revision, markdown)) => {
            view(*revision, markdown, props.mask_ids, props.on_mask.clone())
        }
        None => html! {},
    }
}

/// The panel with the report written for analysis `revision` (its `data-revision`, as the
/// report's, says which one it shows).
fn view(revision: u64, markdown: &str, mask_ids: bool, on_mask: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on_mask.emit(input.checked());
    });
    let text = AttrValue::from(markdown.to_string());
    html! {
        <section class="card share" aria-labelledby="share-title" data-revision={revision.to_string()}>
            <div class="card-bar">
                <h2 id="share-title">{"Copy a report to share"}</h2>
                <CopyButton text={text.clone()} what="report to share" />
            </div>
            <p class="note">{"Markdown for a support ticket or a GitHub issue: the findings, the explanation and the decoded claims. Token signatures, access tokens, the managed-identity secrets, client secrets, Authorization values and the key are replaced by [REDACTED …] markers."}</p>
            <label class="share-mask">
                <input type="checkbox" id="share-mask-ids" checked={mask_ids} {onchange} />
                {" Mask tenant, subscription, object and client IDs (<tenant-1>, <oid-1>, …)"}
            </label>
            <details>
                <summary>{"Preview what is copied"}</summary>
                <pre id="share-markdown" class="share-markdown">{ text }</pre>
            </details>
        </section>
    }
}
