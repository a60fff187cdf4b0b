//! The findings list: severity icon, title, code, detail, place and fix.

use yew::prelude::*;

use super::rich;

use mi_core::{Finding, Place, Severity};

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
    let (class, icon, label) = match f.severity {
        Severity::Error => ("sev-error", "✖", "Error"),
        Severity::Warning => ("sev-warning", "▲", "Warning"),
        Severity::Info => ("sev-info", "i", "Information"),
    };
    html! {
        <li class={classes!("finding", class)} data-code={f.code.as_str()}>
            <span class="sev-icon" role="img" aria-label={label}>{ icon }</span>
            <div class="finding-body">
                <p class="finding-title"><strong>{ rich::text(&f.title) }</strong>{" "}<code class="code">{ f.code.as_str() }</code></p>
                if !f.detail.is_empty() { <p class="finding-detail">{ rich::text(&f.detail) }</p> }
                if let Some(place) = f.place.as_ref().filter(|p| p.part.is_some() || p.line.is_some() || p.segment.is_some()) {
                    <p class="finding-place">{ place_text(place) }</p>
                }
                if let Some(fix) = &f.fix { <p class="finding-fix"><span class="fix-label">{"Fix: "}</span>{ rich::text(fix) }</p> }
            </div>
        </li>
    }
}

fn place_text(p: &Place) -> String {
    let mut parts = Vec::new();
    if let Some(part) = &p.part {
        parts.push(part.to_string());
    }
    if let (Some(l), Some(c)) = (p.line, p.column) {
        parts.push(format!("line {l}, column {c}"));
    }
    if let Some(s) = p.segment {
        parts.push(match p.segment_offset {
            Some(o) => format!("part {s}, offset {o}"),
            None => format!("part {s}"),
        });
    }
    if let Some(ch) = p.character {
        parts.push(format!("character U+{:04X}", u32::from(ch)));
    }
    format!("At {}", parts.join(" · "))
}
