//! The plain-text report the CLI prints. It carries every fact the page's report shows, in the
//! same words ([`super::labels`]): findings first, then the access report (why a resource refused
//! the call, the fix as commands, the evidence), the verification, the federation report, the
//! response or request, and the token (assertion, identity, summary, claims, parts). `tests/parity.rs` in the web app
//! renders the page's report and checks this.

use std::fmt::Write;

use super::labels;
use crate::access::{AccessReport, SentToken};
use crate::analysis::compare::Comparison;
use crate::analysis::session::Part;
use crate::analysis::Analysis;
use crate::chain::ChainReport;
use crate::federation::FederationReport;
use crate::model::{Finding, Platform, SetupPart};
use crate::request::RequestReport;
use crate::response::{ErrorReport, ExpiresOn, ResponseReport};
use crate::timefmt;
use crate::token::catalog::Location;
use crate::token::TokenReport;
use crate::verify::Verification;

/// Renders an analysis for a terminal.
pub fn render(a: &Analysis) -> String {
    let mut out = String::new();
    let kind = serde_json::to_value(a.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    line(&mut out, format!("Input: {kind}"));
    if let Some(p) = a.platform {
        let id = crate::azure::platforms::id(p);
        line(
            &mut out,
            format!("Platform: {} ({id})", labels::platform(p)),
        );
    }
    if let Some(v) = &a.verification {
        line(&mut out, format!("Verification: {}", v.summary));
    }
    findings(&mut out, &a.findings, "");
    if let Some(r) = &a.access {
        access(&mut out, r);
    }
    if let Some(v) = &a.verification {
        verification(&mut out, v);
    }
    if let Some(f) = &a.federation {
        federation(&mut out, f);
    }
    if let Some(r) = &a.response {
        response(&mut out, r, a.platform);
    }
    if let Some(r) = &a.request {
        request(&mut out, a, r);
    }
    if let Some(c) = &a.chain {
        chain(&mut out, c);
    }
    if let Some(c) = &a.comparison {
        comparison(&mut out, c);
    }
    session_parts(&mut out, &a.parts);
    if let Some(t) = &a.token {
        token(&mut out, t, "");
    }
    out
}

fn line(out: &mut String, text: impl AsRef<str>) {
    let _ = writeln!(out, "{}", text.as_ref());
}

/// `label: value` at `indent`, when there is a value.
fn fact(out: &mut String, indent: &str, label: &str, value: Option<impl AsRef<str>>) {
    if let Some(v) = value {
        line(out, format!("{indent}{label}: {}", v.as_ref()));
    }
}

fn findings(out: &mut String, list: &[Finding], indent: &str) {
    if list.is_empty() {
        return;
    }
    line(out, format!("\n{indent}Findings:"));
    for f in list {
        line(
            out,
            format!(
                "{indent}  [{}] {} ({})",
                labels::severity_tag(f.severity),
                f.title,
                f.code.as_str()
            ),
        );
        if !f.detail.is_empty() {
            line(out, format!("{indent}      {}", f.detail));
        }
        if let Some(place) = f.place.as_ref().and_then(labels::place) {
            line(out, format!("{indent}      {place}"));
        }
        if let Some(fix) = &f.fix {
            line(out, format!("{indent}      fix: {fix}"));
        }
    }
}

fn chain(out: &mut String, c: &ChainReport) {
    line(out, format!("\n{}", labels::chain_heading(c)));
    for (i, cred) in c.credentials.iter().enumerate() {
        line(
            out,
            format!("  {}. {}", i + 1, labels::credential_line(cred)),
        );
        fact(out, "       ", "reason", cred.reason.as_deref());
    }
    if !c.scopes.is_empty() {
        line(out, format!("  Scopes: {}", c.scopes.join(", ")));
    }
    line(out, format!("Verdict: {}", c.verdict.summary));
}

/// A session's parts, each with its own report indented under it.
fn session_parts(out: &mut String, list: &[Part]) {
    if list.is_empty() {
        return;
    }
    line(out, format!("\n{}:", labels::session_heading(list)));
    for p in list {
        line(
            out,
            format!(
                "\n  [{}] {}: {}",
                labels::part_lines(p),
                labels::part_kind(p.kind),
                p.summary
            ),
        );
        if let Some(a) = &p.analysis {
            for l in render(a).lines() {
                line(out, format!("      {l}"));
            }
        }
    }
}

fn comparison(out: &mut String, c: &Comparison) {
    line(out, format!("\n{}", labels::comparison_heading(c)));
    findings(out, &c.second.findings, "  ");
    for d in &c.differences {
        line(out, format!("\n  {}", labels::aspect(d.aspect)));
        fact(
            out,
            "    ",
            "first",
            Some(d.first.as_deref().unwrap_or(labels::ABSENT)),
        );
        fact(
            out,
            "    ",
            "second",
            Some(d.second.as_deref().unwrap_or(labels::ABSENT)),
        );
        line(out, format!("    {}", d.meaning));
    }
    if c.claims.is_empty() {
        return;
    }
    line(out, "\n  Claims side by side:");
    let width = name_width(c.claims.iter().map(|p| p.name.as_str()));
    for p in &c.claims {
        let mark = if p.same { "" } else { "  [differs]" };
        line(
            out,
            format!(
                "  {:<width$}  first:  {}{mark}",
                p.name,
                p.first.as_deref().unwrap_or(labels::ABSENT)
            ),
        );
        line(
            out,
            format!(
                "  {:<width$}  second: {}",
                "",
                p.second.as_deref().unwrap_or(labels::ABSENT)
            ),
        );
    }
}

fn verification(out: &mut String, v: &Verification) {
    line(out, "\nSignature:");
    fact(out, "  ", "Verdict", Some(labels::verdict(v)));
    if !v.caveats.is_empty() {
        let codes: Vec<&str> = v.caveats.iter().map(|c| c.as_str()).collect();
        fact(out, "  ", "Qualified by", Some(codes.join(", ")));
    }
    fact(out, "  ", "Algorithm", v.algorithm.as_deref());
    if let Some(k) = &v.key {
        fact(out, "  ", "Key ID (kid)", k.kid.as_deref());
        let index = k
            .index
            .map(|i| format!(", #{} in the pasted set", i + 1))
            .unwrap_or_default();
        fact(out, "  ", "Key", Some(format!("{}{index}", k.kind)));
        fact(out, "  ", "Chosen", Some(k.selected_by.words()));
        fact(
            out,
            "  ",
            "Thumbprint (x5t)",
            k.x5t.as_deref().filter(|x| Some(*x) != k.kid.as_deref()),
        );
        if let Some(subject) = &k.subject {
            let until = k
                .not_after
                .as_ref()
                .map(|t| format!(", valid until {t}"))
                .unwrap_or_default();
            fact(out, "  ", "Certificate", Some(format!("{subject}{until}")));
        }
        fact(out, "  ", "Secret read as", k.secret_encoding);
    }
    fact(out, "  ", "Pasted", v.key_source.map(|s| s.label()));
    if !v.available_kids.is_empty() {
        fact(
            out,
            "  ",
            "Kids in the set",
            Some(v.available_kids.join(", ")),
        );
    }
    for k in &v.skipped_keys {
        let name = match (&k.kid, k.index) {
            (Some(kid), _) => kid.clone(),
            (None, Some(i)) => format!("#{}", i + 1),
            (None, None) => "the key".to_string(),
        };
        fact(
            out,
            "  ",
            "Not tried",
            Some(format!("{name}: {}", k.reason)),
        );
    }
    fact(out, "  ", "Issuer's keys", v.keys_url.as_deref());
}

fn federation(out: &mut String, f: &FederationReport) {
    line(
        out,
        match f.credentials.len() {
            0 => "\nFederated identity credentials: none in the paste.".to_string(),
            n => format!("\nFederated identity credentials ({n}):"),
        },
    );
    if let Some(p) = &f.presented {
        line(
            out,
            format!(
                "  Compared with what {} presents: issuer {}, subject {}, audience {}.",
                labels::presented_from(p.from),
                p.issuer.as_deref().unwrap_or("?"),
                p.subject.as_deref().unwrap_or("?"),
                p.audiences.join(", ")
            ),
        );
    }
    for (c, row) in f.credentials.iter().zip(labels::credential_rows(f)) {
        let verdict = row.verdict.map(|v| format!(" [{v}]")).unwrap_or_default();
        line(out, format!("  {}{verdict}", row.describe));
        for (label, value, status) in &row.fields {
            let status = status
                .as_ref()
                .map(|s| format!("  [{s}]"))
                .unwrap_or_default();
            line(out, format!("    {label:<8} {value}{status}"));
        }
        if !c.unresolved.is_empty() {
            line(
                out,
                format!("    computed at deployment: {}", c.unresolved.join(", ")),
            );
        }
    }
    fact(out, "  ", labels::MATCHING_COMMAND, f.command.as_deref());
}

/// The access report: why, the fix and its commands, then the evidence and the sent token.
fn access(out: &mut String, r: &AccessReport) {
    line(out, format!("\nAccess: {}", labels::access_headline(r)));
    line(out, format!("  why:     {}", r.summary));
    line(out, format!("  fix:     {}", r.fix));
    for c in &r.commands {
        line(out, format!("    [{}] {}", labels::shell(c.shell), c.title));
        for l in c.command.lines() {
            line(out, format!("      {l}"));
        }
    }
    line(out, format!("  meaning: {}", r.meaning));
    line(
        out,
        format!(
            "  retry:   {} {}",
            labels::retry(r.retry.retryable),
            r.retry.advice
        ),
    );
    line(out, "  Evidence:");
    for (label, value) in labels::access_evidence(r) {
        fact(out, "    ", label, Some(value));
    }
    if !r.roles.is_empty() {
        line(
            out,
            "  Built-in roles that grant the action, least privileged first:",
        );
        for role in &r.roles {
            line(out, format!("    {} ({})", role.name, role.id));
        }
    }
    if let Some(c) = &r.challenge {
        fact(out, "  ", "WWW-Authenticate", Some(&c.scheme));
        for p in &c.params {
            fact(out, "    ", &p.name, Some(&p.value));
        }
        if let Some(claims) = &c.claims {
            fact(out, "    ", "claims (decoded)", Some(claims.to_string()));
        }
    }
    for n in &r.notes {
        line(out, format!("  * {n}"));
    }
    if let Some(s) = &r.sent_token {
        sent_token(out, s);
    }
}

/// The token that was sent, and each comparison with the error.
fn sent_token(out: &mut String, s: &SentToken) {
    line(out, "\nThe token that was sent:");
    fact(out, "  ", "Holder", s.identity.as_deref());
    for c in &s.checks {
        let (_, word) = labels::check_status(c.status);
        line(out, format!("  [{word}] {}: {}", c.what, c.text));
    }
}

fn response(out: &mut String, r: &ResponseReport, platform: Option<Platform>) {
    if let Some(e) = &r.error {
        diagnosis(out, e);
    }
    if !r.fields.is_empty() {
        let title = if r.error.is_some() {
            "Error fields"
        } else {
            "Response fields"
        };
        line(out, format!("\n{title}:"));
        let width = name_width(r.fields.iter().map(|f| f.name.as_str()));
        for f in &r.fields {
            line(out, format!("  {:<width$}  {}", f.name, f.display));
            let meaning = f.meaning.unwrap_or(labels::UNKNOWN_FIELD);
            line(out, format!("  {:<width$}    {meaning}", ""));
            if let Some(c) = &f.check {
                let (_, word) = labels::check_status(c.status);
                line(out, format!("  {:<width$}    [{word}] {}", "", c.text));
            }
        }
    }
    if let Some(e) = &r.expires_on {
        expires_on(out, e);
    }
    if let Some(h) = &r.http {
        let status = h.status.map(|s| s.to_string()).unwrap_or_default();
        line(
            out,
            format!("\nHTTP {status} {}", h.reason.as_deref().unwrap_or("")),
        );
        for header in &h.headers {
            line(out, format!("  {}: {}", header.name, header.value));
        }
    }
    if let Some(reason) = &r.platform_reason {
        let (name, reason) = labels::response_origin(platform, reason);
        line(out, format!("\n{name}{reason}"));
    }
    for n in &r.notes {
        line(out, format!("  * {n}"));
    }
}

fn diagnosis(out: &mut String, e: &ErrorReport) {
    line(out, format!("\nDiagnosis: {}", e.title));
    line(out, format!("  fix:     {}", e.fix));
    line(out, format!("  meaning: {}", e.meaning));
    if let Some(r) = &e.retry {
        line(
            out,
            format!("  retry:   {} {}", labels::retry(r.retryable), r.advice),
        );
    }
    fact(out, "  ", "HTTP status", e.status.map(|s| s.to_string()));
    fact(out, "  ", "error", e.error.as_deref());
    fact(out, "  ", "Description", e.description.as_deref());
    for c in &e.aadsts {
        fact(
            out,
            "  ",
            &format!("AADSTS{c}"),
            Some(labels::aadsts_name(*c)),
        );
    }
    if let Some(a) = &e.assertion {
        assertion_error(out, a);
    }
    fact(out, "  ", "Resource", e.resource.as_deref());
    fact(out, "  ", "Correlation ID", e.correlation_id.as_deref());
    fact(out, "  ", "Trace ID", e.trace_id.as_deref());
    fact(out, "  ", "Timestamp", e.timestamp.as_deref());
    if !e.supported_audiences.is_empty() {
        line(
            out,
            format!(
                "  Audiences Cloud Shell does serve ({}):",
                e.supported_audiences.len()
            ),
        );
        for a in &e.supported_audiences {
            line(out, format!("    {a}"));
        }
    }
}

/// What a federation error says was presented, as the diagnosis card lists it.
fn assertion_error(out: &mut String, a: &crate::response::assertion::PresentedAssertion) {
    fact(out, "  ", "Presented issuer", a.issuer.as_deref());
    fact(out, "  ", "Presented subject", a.subject.as_deref());
    fact(out, "  ", "Presented audience", a.audience.as_deref());
    fact(out, "  ", "Expected subject", a.expected_subject.as_deref());
    fact(out, "  ", "Field at fault", labels::fault(a).as_deref());
    fact(
        out,
        "  ",
        "Assertion valid",
        a.validity.as_ref().map(labels::validity),
    );
    fact(out, "  ", "Scope", a.scope.as_deref());
    fact(out, "  ", "Application", a.application.as_deref());
    fact(out, "  ", "Tenant", a.tenant.as_deref());
}

fn expires_on(out: &mut String, e: &ExpiresOn) {
    line(out, "\nexpires_on:");
    fact(out, "  ", "As sent", Some(&e.raw));
    fact(out, "  ", "Format", Some(e.format_label));
    fact(out, "  ", "UTC", e.utc.as_deref());
    fact(out, "  ", "Local", e.local.as_deref());
    fact(out, "  ", "Relative", e.relative.as_deref());
    fact(out, "  ", "Malformed", e.malformed.as_deref());
    fact(out, "  ", "SDKs", e.sdk_note.as_deref());
}

fn request(out: &mut String, a: &Analysis, r: &RequestReport) {
    let heading = if r.method.is_some() {
        "Request setup"
    } else {
        "Environment"
    };
    line(out, format!("\n{heading}:"));
    line(out, format!("  Why this platform: {}", r.platform_reason));
    if !r.recognised.is_empty() {
        line(out, format!("  Recognised: {}.", r.recognised.join("; ")));
    }
    if r.requests_found > 1 {
        line(
            out,
            format!(
                "  The paste holds {} requests; the last one (the one that should get the token) is checked.",
                r.requests_found
            ),
        );
    }
    let marks = |out: &mut String, part: SetupPart| {
        for f in a.findings_about(&part) {
            line(
                out,
                format!(
                    "      [{}] {}",
                    labels::severity_tag(f.severity),
                    labels::mark(f)
                ),
            );
        }
    };
    if let (Some(method), Some(url)) = (&r.method, &r.url) {
        line(out, format!("\n  Request: {method} {url}"));
        marks(out, SetupPart::Method);
        marks(out, SetupPart::Url);
        for p in &r.query {
            let sent_as = if p.raw != p.value {
                format!(" (sent as {})", p.raw)
            } else {
                String::new()
            };
            line(out, format!("  query  {} = {}{sent_as}", p.name, p.value));
            marks(out, SetupPart::Query(p.name.clone()));
        }
        for h in &r.headers {
            line(out, format!("  header {}: {}", h.name, h.value));
            marks(out, SetupPart::Header(h.name.clone()));
        }
        for name in a.missing_headers() {
            line(out, format!("  header {name}: (not sent)"));
            marks(out, SetupPart::Header(name));
        }
        if let Some(b) = &r.body {
            line(out, format!("  Body: {b}"));
        }
    }
    if !r.env.is_empty() {
        line(out, "\n  Environment variables:");
        for e in &r.env {
            line(out, format!("  {}={}", e.name, e.value));
            if let Some(m) = e.meaning {
                line(out, format!("      {m}"));
            }
            marks(out, SetupPart::Env(e.name.clone()));
        }
    }
    if let Some(code) = r.corrected.as_ref().and_then(|c| c.code.as_ref()) {
        line(
            out,
            format!("\n{}:", labels::corrected_code_title(code.language)),
        );
        for c in &code.changes {
            line(out, format!("  - {c}"));
        }
        if !code.left_to_do.is_empty() {
            line(out, format!("  {}", labels::LEFT_TO_DO));
            for c in &code.left_to_do {
                line(out, format!("  - {c}"));
            }
        }
        for l in code.text.lines() {
            line(out, format!("    {l}"));
        }
    }
    if let Some(c) = &r.corrected {
        line(out, "\nCorrected request:");
        if let Some(why) = &r.unsupported {
            line(out, format!("  Note: {why}"));
        }
        for l in c.http.lines() {
            line(out, format!("  {l}"));
        }
        if let Some(note) = &c.note {
            line(out, format!("  {note}"));
        }
    } else if let Some(why) = &r.unsupported {
        line(out, format!("\nNote: {why}"));
    }
}

fn token(out: &mut String, t: &TokenReport, indent: &str) {
    let size = if t.compact.is_empty() {
        String::new()
    } else {
        format!(", {} characters", t.compact.len())
    };
    line(
        out,
        format!("\n{indent}Token: {}{size}", labels::token_form(t)),
    );
    assertion(out, t, indent);
    identity(out, t, indent);
    summary(out, t, indent);
    claims(out, t, indent);
    if let Some(text) = &t.header_text {
        line(out, format!("\n{indent}Header (not JSON): {text}"));
    }
    if let Some(text) = &t.payload_text {
        line(out, format!("\n{indent}Payload (not JSON): {text}"));
    }
    parts(out, t, indent);
    for n in &t.nested {
        line(out, format!("\n{indent}Token inside the {}:", n.found_in));
        let inner = format!("{indent}    ");
        findings(out, &n.findings, &inner);
        token(out, &n.token, &inner);
    }
}

/// What a token exchanged for an Entra token is, as the assertion card shows it.
fn assertion(out: &mut String, t: &TokenReport, indent: &str) {
    let Some(a) = &t.federation else { return };
    line(
        out,
        format!(
            "{indent}Workload identity assertion: {}",
            labels::assertion_kind(a.kind)
        ),
    );
    line(out, format!("{indent}  {}", a.summary));
    let inner = format!("{indent}  ");
    fact(out, &inner, "Issuer", a.issuer.as_deref());
    fact(
        out,
        &inner,
        "Issuer form",
        a.issuer_form.as_ref().map(labels::issuer_form),
    );
    fact(out, &inner, "Subject", a.subject.as_deref());
    fact(
        out,
        &inner,
        "Audience",
        Some(a.audiences.join(", ")).filter(|s| !s.is_empty()),
    );
    fact(out, &inner, "Namespace", a.namespace.as_deref());
    fact(out, &inner, "Service account", a.service_account.as_deref());
    fact(out, &inner, "Pod", a.pod.as_deref());
    fact(out, &inner, "Repository", a.repository.as_deref());
    fact(out, &inner, "Ref", a.git_ref.as_deref());
    fact(out, &inner, "Environment", a.environment.as_deref());
    fact(out, &inner, "Workflow", a.workflow.as_deref());
    fact(out, &inner, "Job workflow", a.job_workflow_ref.as_deref());
    fact(out, &inner, "Event", a.event_name.as_deref());
    fact(
        out,
        &inner,
        labels::TRUSTING_COMMAND,
        a.credential_command.as_deref(),
    );
}

fn identity(out: &mut String, t: &TokenReport, indent: &str) {
    if let Some(id) = &t.identity {
        line(
            out,
            format!(
                "{indent}Managed identity: {}",
                labels::assignment(id.assignment)
            ),
        );
        line(out, format!("{indent}  {}", id.summary));
        let r = &id.resource;
        let inner = format!("{indent}  ");
        fact(out, &inner, "Client ID", id.client_id.as_deref());
        fact(
            out,
            &inner,
            "Principal (object) ID",
            id.principal_id.as_deref(),
        );
        fact(out, &inner, "Tenant", id.tenant_id.as_deref());
        fact(out, &inner, "Subscription", Some(&r.subscription));
        fact(out, &inner, "Resource group", r.resource_group.as_deref());
        fact(out, &inner, "Resource type", r.full_type());
        fact(out, &inner, "Name", r.name.as_deref());
        fact(
            out,
            &inner,
            "Used by (xms_az_rid)",
            id.host_resource_id.as_deref(),
        );
    } else if let Some(mi) = &t.managed_identity {
        line(out, format!("{indent}{}:", labels::certainty(mi.certainty)));
        for s in &mi.signals {
            line(out, format!("{indent}  - {s}"));
        }
        line(out, format!("{indent}  {}", labels::XMS_MIRID_NOTE));
    }
}

fn summary(out: &mut String, t: &TokenReport, indent: &str) {
    if let Some(e) = &t.entra {
        let version = e.version.as_deref().unwrap_or("?");
        fact(
            out,
            indent,
            "Issuer",
            Some(format!("Microsoft Entra ID, v{version} token")),
        );
        fact(out, indent, "Cloud", e.cloud);
        fact(out, indent, "Tenant", e.tenant_id.as_deref());
        if let Some(aud) = &e.audience {
            let service = e
                .audience_service
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            fact(out, indent, "Audience", Some(format!("{aud}{service}")));
        }
        fact(
            out,
            indent,
            "Caller",
            Some(format!(
                "{} ({})",
                labels::token_use(e.token_use),
                e.token_use_reason
            )),
        );
        fact(out, indent, "Client credential", e.client_auth);
    }
    let l = &t.lifetime;
    if let Some(exp) = l.expires_at {
        let relative = l
            .expiry
            .as_ref()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        fact(
            out,
            indent,
            "Expires",
            Some(format!(
                "{} · {}{relative}",
                timefmt::utc(exp),
                timefmt::local(exp, 0)
            )),
        );
    }
    fact(out, indent, "Lifetime", l.lifetime.as_deref());
    fact(
        out,
        indent,
        "Timeline",
        super::timeline::of(t).map(|line| line.text),
    );
    if let Some(age) = &l.age {
        fact(
            out,
            indent,
            "Age",
            Some(format!("{age} — {}", labels::CACHING_NOTE)),
        );
    }
    if let Some(uri) = t.entra.as_ref().and_then(|e| e.jwks_uri.as_deref()) {
        fact(
            out,
            indent,
            "Signing keys",
            Some(format!("{uri} ({})", labels::KEYS_NOTE)),
        );
    }
}

fn claims(out: &mut String, t: &TokenReport, indent: &str) {
    if t.claims.is_empty() {
        return;
    }
    let width = name_width(t.claims.iter().map(|c| c.name.as_str()));
    let mut location = None;
    for c in &t.claims {
        if location != Some(c.location) {
            location = Some(c.location);
            let title = match c.location {
                Location::Header => "Header",
                Location::Payload => "Claims",
            };
            line(out, format!("\n{indent}{title}:"));
        }
        let value = match &c.time {
            Some(time) => format!(
                "{} = {} · {} ({})",
                c.display, time.utc, time.local, time.relative
            ),
            None => c.display.clone(),
        };
        line(out, format!("{indent}  {:<width$}  {value}", c.name));
        let meaning = c.meaning.unwrap_or(labels::UNKNOWN_CLAIM);
        let source = c
            .source
            .map(|s| format!(" [{}]", s.label()))
            .unwrap_or_default();
        line(
            out,
            format!("{indent}  {:<width$}    {meaning}{source}", ""),
        );
        for n in &c.notes {
            line(out, format!("{indent}  {:<width$}    {n}", ""));
        }
    }
}

fn parts(out: &mut String, t: &TokenReport, indent: &str) {
    if t.parts.is_empty() {
        return;
    }
    line(out, format!("\n{indent}Parts:"));
    for p in &t.parts {
        let problem = p
            .problem
            .as_ref()
            .map(|x| format!(" — {x}"))
            .unwrap_or_default();
        line(
            out,
            format!(
                "{indent}  {}. {}: {} characters, {} bytes{problem}",
                p.index,
                p.role.label(),
                p.text.len(),
                p.decoded_bytes
            ),
        );
    }
}

/// The column width for a list of names (the longest, up to 24 characters).
fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0).min(24)
}
