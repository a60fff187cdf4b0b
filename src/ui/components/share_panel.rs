//! "Copy a report to share": the Markdown report the core writes for a support ticket or an issue
//! (every secret removed), a choice to mask the tenant, subscription, object and client IDs, the
//! copy button, and a preview of exactly what is copied.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::copy_button::CopyButton;

pub fn view(markdown: &str, mask_ids: bool, on_mask: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on_mask.emit(input.checked());
    });
    let text = AttrValue::from(markdown.to_string());
    html! {
        <section class="card share" aria-labelledby="share-title">
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
