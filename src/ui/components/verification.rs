//! The verification card: the verdict first, in the core's words (a valid signature as a
//! sentence; any other verdict as its finding, with the fix); then the algorithm and the key that
//! decided it (kid, type, how it was chosen, its certificate), keys skipped as not for signatures
//! and the kids a set holds when none matched (the issuer's keys URL is in the key panel); last
//! the warnings that qualify the verdict (a weak key, an ambiguous key set), as findings. The card
//! carries every `verify.*` finding ([`Analysis::verification_findings`]), so the report's
//! findings list leaves them out.

use yew::prelude::*;

use super::{findings, rich};

use mi_core::present::labels;
use mi_core::verify::{Verification, VerifyResult};
use mi_core::{Analysis, Finding};

pub fn view(v: &Verification, verify_findings: &[&Finding]) -> Html {
    let (label, class) = badge(v);
    let key = v.key.as_ref();
    let stated = verify_findings
        .first()
        .filter(|f| f.code == v.result.code());
    let beside: Vec<Finding> = verify_findings
        .iter()
        .skip(usize::from(stated.is_some()))
        .map(|f| (*f).clone())
        .collect();
    html! {
        <section id="verification" class={classes!("card", "verification", class)} data-result={result_name(v.result)} aria-labelledby="verification-title">
            <h2 id="verification-title">{"Signature "}<span class={classes!("badge", class)}>{ label }</span></h2>
            { verdict(v, stated.copied()) }
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
                if !v.skipped_keys.is_empty() {
                    <dt>{"Not tried"}</dt>
                    <dd><ul class="kids">{ for v.skipped_keys.iter().map(|k| html! {
                        <li>
                            if let Some(kid) = &k.kid { <code>{ kid }</code>{": "} }
                            else if let Some(i) = k.index { { format!("#{}: ", i + 1) } }
                            { &k.reason }
                        </li>
                    }) }</ul></dd>
                }
                if !v.available_kids.is_empty() {
                    <dt>{"Kids in the set"}</dt>
                    <dd><ul class="kids">{ for v.available_kids.iter().map(|k| html! { <li><code>{ k }</code></li> }) }</ul></dd>
                }
            </dl>
            if !beside.is_empty() {
                <h3 class="verification-beside">{"Beside this result"}</h3>
                { findings::view(&beside) }
            }
        </section>
    }
}

/// The verdict: a valid signature as the sentence that says so and what it proves; anything else
/// as its finding (title, detail, fix), which says what went wrong and what to do.
fn verdict(v: &Verification, stated: Option<&Finding>) -> Html {
    match stated {
        Some(f) if v.result != VerifyResult::Valid => findings::view(std::slice::from_ref(f)),
        _ => html! {
            <>
                <p class="verification-summary">{ rich::text(&v.summary) }</p>
                if let Some(f) = stated.filter(|f| !f.detail.is_empty()) {
                    <p class="verification-detail">{ rich::text(&f.detail) }</p>
                }
            </>
        },
    }
}

/// The card for an analysis, when a key was pasted and there was a token to verify.
pub fn for_analysis(a: &Analysis) -> Html {
    match &a.verification {
        Some(v) => view(v, &a.verification_findings()),
        None => html! {},
    }
}

/// The badge: the core's word for the verdict, and the class that colours it.
fn badge(v: &Verification) -> (&'static str, &'static str) {
    let class = match v.result {
        VerifyResult::Valid if v.proves_signature() => "verify-valid",
        VerifyResult::Valid | VerifyResult::Noncanonical => "verify-caveat",
        VerifyResult::Invalid | VerifyResult::Unsigned => "verify-invalid",
        VerifyResult::UnverifiableNonce => "verify-nonce",
        VerifyResult::NoMatchingKey
        | VerifyResult::KeyNotForSigning
        | VerifyResult::AmbiguousKeySet
        | VerifyResult::AlgKeyMismatch
        | VerifyResult::UnsupportedAlg
        | VerifyResult::BadKey => "verify-problem",
    };
    (labels::verdict(v), class)
}

/// The result as `--json` names it, for `data-result` (tests and styles).
fn result_name(o: VerifyResult) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
