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
                { for spans.iter().map(|s| match class_of(s.kind) {
                    Some(class) => html! { <span {class}>{ &s.text }</span> },
                    None => html! { { &s.text } },
                }) }
            </code></pre>
        </section>
    }
}

/// The class that colours a span; punctuation and whitespace stay plain text (no element: the
/// payload of a token with 200 groups is about 200 elements fewer to create and lay out).
fn class_of(kind: SpanKind) -> Option<&'static str> {
    match kind {
        SpanKind::Key => Some("j-key"),
        SpanKind::String => Some("j-str"),
        SpanKind::Number => Some("j-num"),
        SpanKind::Literal => Some("j-lit"),
        SpanKind::Punct => None,
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
