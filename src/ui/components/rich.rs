//! Prose from the core marks code with backticks (`resource`, `Metadata: true`), as the CLI
//! prints it; the page shows those spans as `<code>`. Everything stays text: nothing is parsed as
//! markup.

use yew::prelude::*;

/// `text` with each backtick-delimited span as `<code>`; an unpaired backtick stays as it is.
pub fn text(text: &str) -> Html {
    html! { <>{ for spans(text).into_iter().map(|(code, s)| if code {
        html! { <code>{ s }</code> }
    } else {
        html! { { s } }
    }) }</> }
}

/// A name (a claim, a header, a variable) as `<code>` that may break only after `_` or `-`
/// (`IDENTITY_/API_/VERSION`), never inside a word.
pub fn name(name: &str) -> Html {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices() {
        if c == '_' || c == '-' {
            pieces.push(&name[start..i + 1]);
            start = i + 1;
        }
    }
    pieces.push(&name[start..]);
    let last = pieces.len().saturating_sub(1);
    html! {
        <code class="name">
            { for pieces.into_iter().enumerate().map(|(i, p)| html! {
                <>{ p }if i < last { <wbr /> }</>
            }) }
        </code>
    }
}

/// The pieces of `text`: `(is_code, piece)`, in order, without the backticks around code.
fn spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`').filter(|c| *c > 0) else {
            break;
        };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &after[..close]));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spans;

    #[test]
    fn backtick_spans_become_code_and_stray_ones_stay() {
        assert_eq!(
            spans("Send `Metadata: true` with `resource`."),
            [
                (false, "Send "),
                (true, "Metadata: true"),
                (false, " with "),
                (true, "resource"),
                (false, ".")
            ]
        );
        assert_eq!(spans("a ` b"), [(false, "a ` b")]);
        assert_eq!(spans("``"), [(false, "``")]);
        assert_eq!(spans("`<script>`"), [(true, "<script>")]);
        assert!(spans("").is_empty());
    }
}
