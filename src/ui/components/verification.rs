//! The verification card: the verdict first, then the algorithm and the key that decided it (kid,
//! type, how it was chosen, its certificate), the kids a set holds when none matched, and where
//! the issuer's keys live. The matching `verify.*` finding, with its detail and fix, is in the
//! findings list.

use yew::prelude::*;

use super::rich;

use mi_core::verify::{Verification, VerifyResult};

pub fn view(v: &Verification) -> Html {
    let (label, class) = badge(v.result);
    let key = v.key.as_ref();
    html! {
        <section id="verification" class={classes!("card", "verification", class)} data-result={result_name(v.result)} aria-labelledby="verification-title">
            <h2 id="verification-title">{"Signature "}<span class={classes!("badge", class)}>{ label }</span></h2>
            <p class="verification-summary">{ rich::text(&v.summary) }</p>
            <dl class="facts">
                if let Some(alg) = &v.algorithm { <dt>{"Algorithm"}</dt><dd><code>{ alg }</code></dd> }
                if let Some(k) = key {
                    if let Some(kid) = &k.kid {
                        <dt>{"Key ID (kid)"}</dt><dd><code class="verification-kid">{ kid }</code></dd>
                    }
                    <dt>{"Key"}</dt>
                    <dd>{ &k.kind }{ k.index.map(|i| format!(", #{} in the pasted set", i + 1)).unwrap_or_default() }</dd>
                    <dt>{"Chosen"}</dt><dd>{ k.selected_by.words() }</dd>
                    if let Some(x5t) = k.x5t.as_ref().filter(|x| Some(*x) != k.kid.as_ref()) {
                        <dt>{"Thumbprint (x5t)"}</dt><dd><code>{ x5t }</code></dd>
                    }
                    if let Some(subject) = &k.subject {
                        <dt>{"Certificate"}</dt>
                        <dd>{ subject }{ k.not_after.as_ref().map(|t| format!(", valid until {t}")).unwrap_or_default() }</dd>
                    }
                    if let Some(enc) = k.secret_encoding { <dt>{"Secret read as"}</dt><dd>{ enc }</dd> }
                }
                if let Some(source) = v.key_source { <dt>{"Pasted"}</dt><dd>{ source.label() }</dd> }
                if !v.available_kids.is_empty() {
                    <dt>{"Kids in the set"}</dt>
                    <dd><ul class="kids">{ for v.available_kids.iter().map(|k| html! { <li><code>{ k }</code></li> }) }</ul></dd>
                }
            </dl>
        </section>
    }
}

fn badge(o: VerifyResult) -> (&'static str, &'static str) {
    match o {
        VerifyResult::Valid => ("valid", "verify-valid"),
        VerifyResult::Invalid => ("invalid", "verify-invalid"),
        VerifyResult::NoMatchingKey => ("no matching key", "verify-problem"),
        VerifyResult::AlgKeyMismatch => ("wrong key type", "verify-problem"),
        VerifyResult::UnsupportedAlg => ("not verifiable", "verify-problem"),
        VerifyResult::BadKey => ("unreadable key", "verify-problem"),
        VerifyResult::UnverifiableNonce => ("not verifiable by design", "verify-nonce"),
        VerifyResult::Unsigned => ("unsigned", "verify-invalid"),
    }
}

/// The result as `--json` names it, for `data-result` (tests and styles).
fn result_name(o: VerifyResult) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
