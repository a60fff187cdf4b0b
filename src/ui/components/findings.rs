//! The findings list: severity icon, title, code, detail, place and fix.

use yew::prelude::*;

use super::rich;

use mi_core::present::labels;
use mi_core::{Finding, Severity};

pub fn view(findings: &[Finding]) -> Html {
    if findings.is_empty() {
        return html! {};
    }
    html! {
        <ul class="findings" aria-label="Findings">
            { for findings.iter().map(item) }
        </ul>
    }
}

fn item(f: &Finding) -> Html {
    let (class, icon) = match f.severity {
        Severity::Error => ("sev-error", "✖"),
        Severity::Warning => ("sev-warning", "▲"),
        Severity::Info => ("sev-info", "i"),
    };
    let label = labels::severity(f.severity);
    html! {
        <li class={classes!("finding", class)} data-code={f.code.as_str()}>
            <span class="sev-icon" role="img" aria-label={label}>{ icon }</span>
            <div class="finding-body">
                <p class="finding-title"><strong>{ rich::text(&f.title) }</strong></p>
                if !f.detail.is_empty() { <p class="finding-detail">{ rich::text(&f.detail) }</p> }
                if let Some(place) = f.place.as_ref().and_then(labels::place) {
                    <p class="finding-place">{ place }</p>
                }
                if let Some(fix) = &f.fix { <p class="finding-fix"><span class="fix-label">{"Fix: "}</span>{ rich::text(fix) }</p> }
                // The stable code, for scripts and searches: out of the headline, small.
                <p class="finding-code"><code title="The finding's stable code">{ f.code.as_str() }</code></p>
            </div>
        </li>
    }
}
