//! The plain-text report the CLI prints: findings first, then the identity, times and claims.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::model::Severity;
use crate::present::labels;
use crate::response::fields::CheckStatus;
use crate::response::ResponseReport;
use crate::token::{Form, TokenReport};

/// Renders an analysis for a terminal.
pub fn render(a: &Analysis) -> String {
    let mut out = String::new();
    let kind = serde_json::to_value(a.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = writeln!(out, "Input: {kind}");
    if let Some(p) = a.platform {
        let name = serde_json::to_value(p)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(out, "Platform: {name}");
    }
    if let Some(v) = &a.verification {
        let _ = writeln!(out, "Verification: {}", v.summary);
    }
    if !a.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &a.findings {
            let tag = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(out, "  [{tag}] {} ({})", f.title, f.code.as_str());
            if !f.detail.is_empty() {
                let _ = writeln!(out, "      {}", f.detail);
            }
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "      fix: {fix}");
            }
        }
    }
    if let Some(r) = &a.response {
        response(&mut out, r);
    }
    if let Some(r) = &a.request {
        request(&mut out, r);
    }
    if let Some(c) = &a.chain {
        chain(&mut out, c);
    }
    if let Some(t) = &a.token {
        token(&mut out, t, "");
    }
    out
}

fn chain(out: &mut String, c: &crate::chain::ChainReport) {
    let _ = writeln!(out, "\n{}", labels::chain_heading(c));
    for (i, cred) in c.credentials.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, labels::credential_line(cred));
        if let Some(reason) = &cred.reason {
            let _ = writeln!(out, "       {reason}");
        }
    }
    if !c.scopes.is_empty() {
        let _ = writeln!(out, "  scopes: {}", c.scopes.join(", "));
    }
    let _ = writeln!(out, "Verdict: {}", c.verdict.summary);
}

fn request(out: &mut String, r: &crate::request::RequestReport) {
    let _ = writeln!(out, "\nWhy this platform: {}", r.platform_reason);
    if !r.recognised.is_empty() {
        let _ = writeln!(out, "Recognised: {}", r.recognised.join("; "));
    }
    if let (Some(method), Some(url)) = (&r.method, &r.url) {
        let _ = writeln!(out, "\nRequest: {method} {url}");
        for p in &r.query {
            let _ = writeln!(out, "  query  {} = {}", p.name, p.value);
        }
        for h in &r.headers {
            let _ = writeln!(out, "  header {}: {}", h.name, h.value);
        }
        if let Some(b) = &r.body {
            let _ = writeln!(out, "  body   {b}");
        }
    }
    if !r.env.is_empty() {
        let _ = writeln!(out, "\nEnvironment:");
        for e in &r.env {
            let _ = writeln!(out, "  {}={}", e.name, e.value);
        }
    }
    if let Some(why) = &r.unsupported {
        let _ = writeln!(out, "\nNote: {why}");
    }
    if let Some(c) = &r.corrected {
        let _ = writeln!(out, "\nCorrected request:");
        for line in c.http.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
}

fn response(out: &mut String, r: &ResponseReport) {
    if let Some(e) = &r.error {
        let _ = writeln!(out, "\nDiagnosis: {}", e.title);
        let _ = writeln!(out, "  fix:     {}", e.fix);
        let _ = writeln!(out, "  meaning: {}", e.meaning);
        let _ = writeln!(
            out,
            "  retry:   {}{}",
            if e.retry.retryable { "yes, " } else { "no, " },
            e.retry.advice
        );
        for (label, value) in [
            ("status", e.status.map(|s| s.to_string())),
            ("correlation", e.correlation_id.clone()),
            ("trace", e.trace_id.clone()),
            ("time", e.timestamp.clone()),
        ] {
            if let Some(v) = value {
                let _ = writeln!(out, "  {label}: {v}");
            }
        }
    }
    if let Some(reason) = &r.platform_reason {
        let _ = writeln!(out, "\nWhy this platform: {reason}");
    }
    if let Some(h) = &r.http {
        let _ = writeln!(
            out,
            "\nHTTP {} {}",
            h.status.map(|s| s.to_string()).unwrap_or_default(),
            h.reason.as_deref().unwrap_or("")
        );
        for header in &h.headers {
            let _ = writeln!(out, "  {}: {}", header.name, header.value);
        }
    }
    if !r.fields.is_empty() {
        let _ = writeln!(out, "\nFields:");
        let width = name_width(r.fields.iter().map(|f| f.name.as_str()));
        for f in &r.fields {
            let _ = writeln!(out, "  {:<width$}  {}", f.name, f.display);
            if let Some(m) = f.meaning {
                let _ = writeln!(out, "  {:<width$}    {m}", "");
            }
            if let Some(c) = &f.check {
                let mark = match c.status {
                    CheckStatus::Ok => "ok",
                    CheckStatus::Mismatch => "MISMATCH",
                    CheckStatus::Note => "note",
                };
                let _ = writeln!(out, "  {:<width$}    [{mark}] {}", "", c.text);
            }
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "  * {n}");
    }
}

fn token(out: &mut String, t: &TokenReport, indent: &str) {
    let form = match t.form {
        Form::Jws => "signed JWT (JWS)",
        Form::Jwe => "encrypted JWT (JWE)",
        Form::Unsecured => "unsecured JWT (alg: none)",
        Form::Malformed => "malformed token",
    };
    let _ = writeln!(
        out,
        "\n{indent}Token: {form}, {} characters",
        t.compact.len()
    );
    if let Some(id) = &t.identity {
        let _ = writeln!(out, "{indent}Identity: {}", id.summary);
    } else if let Some(mi) = &t.managed_identity {
        let _ = writeln!(
            out,
            "{indent}Identity: probably a managed identity ({})",
            mi.signals.join("; ")
        );
    }
    if let Some(e) = &t.entra {
        let _ = writeln!(
            out,
            "{indent}Entra ID: v{} token, tenant {}, {}",
            e.version.as_deref().unwrap_or("?"),
            e.tenant_id.as_deref().unwrap_or("?"),
            e.cloud.unwrap_or("cloud unknown")
        );
    }
    let l = &t.lifetime;
    if let Some(expiry) = &l.expiry {
        let _ = writeln!(
            out,
            "{indent}Validity: {expiry}; lifetime {}, age {}",
            l.lifetime.as_deref().unwrap_or("?"),
            l.age.as_deref().unwrap_or("?")
        );
    }
    if !t.claims.is_empty() {
        let width = name_width(t.claims.iter().map(|c| c.name.as_str()));
        let mut location = None;
        for c in &t.claims {
            if location != Some(c.location) {
                location = Some(c.location);
                let title = match c.location {
                    crate::token::catalog::Location::Header => "Header",
                    crate::token::catalog::Location::Payload => "Claims",
                };
                let _ = writeln!(out, "\n{indent}{title}:");
            }
            let value = match &c.time {
                Some(time) => format!("{} = {} ({})", c.display, time.utc, time.relative),
                None => c.display.clone(),
            };
            let _ = writeln!(out, "{indent}  {:<width$}  {value}", c.name);
            let meaning = c.meaning.unwrap_or("Not in the catalogue.");
            let _ = writeln!(out, "{indent}  {:<width$}    {meaning}", "");
            for n in &c.notes {
                let _ = writeln!(out, "{indent}  {:<width$}    {n}", "");
            }
        }
    }
    if let Some(text) = &t.payload_text {
        let _ = writeln!(out, "\n{indent}Payload (text): {text}");
    }
    for n in &t.nested {
        let _ = writeln!(out, "\n{indent}Inside ({}):", n.found_in);
        token(out, &n.token, &format!("{indent}    "));
    }
}

/// The column width for a list of names (the longest, up to 24 characters).
fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0).min(24)
}
