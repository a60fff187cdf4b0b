//! Decoded JSON with coloured keys, strings, numbers and literals, and a copy button.

use serde_json::Value;
use yew::prelude::*;

use super::copy_button::CopyButton;
use mi_core::present::json_spans::{self, SpanKind};

pub fn view(title: &str, value: &Value) -> Html {
    let spans = json_spans::spans(value);
    let text = json_spans::text(&spans);
    html! {
        <section class="card json" aria-label={format!("{title} JSON")}>
            <div class="card-bar"><h3>{ title }</h3><CopyButton text={text} what={format!("{title} JSON")} /></div>
            <pre><code>
                { for spans.iter().map(|s| {
                    let class = match s.kind {
                        SpanKind::Key => "j-key",
                        SpanKind::String => "j-str",
                        SpanKind::Number => "j-num",
                        SpanKind::Literal => "j-lit",
                        SpanKind::Punct => "j-punct",
                    };
                    html! { <span class={class}>{ &s.text }</span> }
                }) }
            </code></pre>
        </section>
    }
}

/// Text that is not JSON (a payload that is a plain message), with a copy button.
pub fn text_view(title: &str, text: &str) -> Html {
    html! {
        <section class="card json" aria-label={title.to_string()}>
            <div class="card-bar"><h3>{ title }</h3><CopyButton text={text.to_string()} what={title.to_string()} /></div>
            <pre><code>{ text }</code></pre>
        </section>
    }
}
