//! A report to share: the findings, the explanation (a chain's credentials, an error's diagnosis,
//! a request's corrected form, a comparison's differences, a session's parts) and the decoded
//! claims, as Markdown for a support ticket or a GitHub issue, with every secret removed
//! ([`secrets`]): token signatures, `access_token` values, the managed-identity secrets, client
//! secrets, `Authorization` values (an Azure Arc key file's contents), and the key pasted to
//! verify. Optionally the tenant, subscription, object and client IDs are masked consistently
//! (`ids`).

pub(crate) mod ids;
pub mod secrets;

use std::fmt::Write;

use super::labels;
use crate::access::fix::Shell;
use crate::access::AccessReport;
use crate::analysis::compare::Comparison;
use crate::analysis::Analysis;
use crate::chain::ChainReport;
use crate::federation::FederationReport;
use crate::model::Finding;
use crate::request::{self, RequestReport};
use crate::response::ResponseReport;
use crate::token::catalog::Location;
use crate::token::TokenReport;

/// How the report is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShareOptions<'a> {
    /// Replace tenant, subscription, object and client IDs with `<tenant-1>`, `<sub-1>`, ….
    pub mask_ids: bool,
    /// The texts as pasted (the input, and the second input of a comparison): secrets are looked
    /// for in them too, so that none survives however the analysis quotes it.
    pub pasted: &'a [&'a str],
    /// The key material pasted to verify the signature (it may be an HMAC key).
    pub key: Option<&'a str>,
}

/// Response fields whose value is a secret.
const SECRET_FIELDS: &[&str] = &["access_token", "accessToken", "refresh_token", "id_token"];

/// The Markdown report of `a`, secrets removed.
pub fn markdown(a: &Analysis, options: &ShareOptions) -> String {
    let mut out = String::new();
    write(&mut out, a);
    let mut found = secrets::find(options.pasted, options.key);
    found.extend(analysis_secrets(a));
    crate::sort::by_key(&mut found, |s| std::cmp::Reverse(s.value.len()));
    let text = secrets::scrub(&out, &found);
    if options.mask_ids {
        ids::mask(&text, &ids::roles(a))
    } else {
        text
    }
}

/// Secrets the analysis itself holds: every token's signature and secret response fields.
fn analysis_secrets(a: &Analysis) -> Vec<secrets::Secret> {
    let mut out = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    // This analysis, the second of a comparison, and a session's parts.
    let mut pending = vec![a];
    while let Some(x) = pending.pop() {
        if let Some(t) = &x.token {
            texts.push(t.compact.clone());
        }
        if let Some(r) = &x.response {
            for f in r
                .fields
                .iter()
                .filter(|f| SECRET_FIELDS.contains(&f.name.as_str()))
            {
                texts.push(format!("\"{}\": {}", f.name, f.value));
            }
        }
        pending.extend(x.comparison.as_ref().map(|c| c.second.as_ref()));
        pending.extend(x.parts.iter().filter_map(|p| p.analysis.as_deref()));
    }
    let borrowed: Vec<&str> = texts.iter().map(String::as_str).collect();
    out.extend(secrets::find(&borrowed, None));
    out
}

fn line(out: &mut String, text: impl AsRef<str>) {
    let _ = writeln!(out, "{}", text.as_ref());
}

/// A table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn write(out: &mut String, a: &Analysis) {
    line(out, "## MI Token Inspector report");
    line(out, "");
    body(out, a);
    line(out, "");
    line(out, "_Written by MI Token Inspector for sharing: token signatures, access tokens, the managed-identity secrets (X-IDENTITY-HEADER, secret, IDENTITY_HEADER, MSI_SECRET), client secrets, Authorization values and pasted keys are replaced by [REDACTED …] markers._");
}

/// Everything the report says about `a` (a session's parts each say theirs under it).
fn body(out: &mut String, a: &Analysis) {
    let kind = serde_json::to_value(a.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let platform = a
        .platform
        .map(|p| format!(" · **Platform:** {}", labels::platform(p)))
        .unwrap_or_default();
    line(out, format!("**Input:** `{kind}`{platform}"));
    findings(out, &a.findings, "### Findings");
    if let Some(r) = &a.access {
        access(out, r);
    }
    if let Some(f) = &a.federation {
        federation(out, f);
    }
    if let Some(c) = &a.chain {
        chain(out, c);
    }
    if let Some(r) = &a.response {
        response(out, r);
    }
    if let Some(r) = &a.request {
        request_section(out, r);
    }
    if let Some(c) = &a.comparison {
        comparison(out, c);
    }
    if let Some(t) = &a.token {
        token(out, t, "### Token");
    }
    // A part whose report is one written already (a retry loop's log repeats an error hundreds
    // of times) points to it instead of saying it all again.
    let mut written: Vec<(String, [usize; 2])> = Vec::new();
    for p in &a.parts {
        line(
            out,
            format!(
                "\n---\n\n### Part, {}: {} — {}\n",
                labels::part_lines(p),
                labels::part_kind(p.kind),
                p.summary
            ),
        );
        if let Some(pa) = &p.analysis {
            let mut report = String::new();
            body(&mut report, pa);
            match written.iter().find(|(w, _)| *w == report) {
                Some((_, first)) => line(
                    out,
                    format!(
                        "The same report as the part at {}.",
                        crate::analysis::session::line_range(*first)
                    ),
                ),
                None => {
                    out.push_str(&report);
                    written.push((report, p.lines));
                }
            }
        }
    }
}

fn findings(out: &mut String, list: &[Finding], heading: &str) {
    if list.is_empty() {
        return;
    }
    line(out, format!("\n{heading}\n"));
    for f in list {
        line(
            out,
            format!(
                "- **{}** — {} (`{}`)",
                labels::severity(f.severity),
                f.title,
                f.code.as_str()
            ),
        );
        if !f.detail.is_empty() {
            line(out, format!("  {}", f.detail));
        }
        if let Some(place) = f.place.as_ref().and_then(labels::place) {
            line(out, format!("  {place}"));
        }
        if let Some(fix) = &f.fix {
            line(out, format!("  *Fix:* {fix}"));
        }
    }
}

/// A resource's refusal: why, the fix with its commands, the evidence, the roles that grant the
/// action, the challenge and the token that was sent (what the page's access card shows).
fn access(out: &mut String, r: &AccessReport) {
    line(out, format!("\n### {}\n", labels::access_headline(r)));
    line(out, format!("**Why:** {}\n", r.summary));
    line(out, format!("*Fix:* {}", r.fix));
    for c in &r.commands {
        let language = match c.shell {
            Shell::Bash => "bash",
            Shell::Powershell => "powershell",
            Shell::Sql => "sql",
        };
        line(
            out,
            format!(
                "\n{} ({}):\n\n```{language}\n{}\n```",
                c.title,
                labels::shell(c.shell),
                c.command.trim_end()
            ),
        );
    }
    line(out, format!("\n{}", r.meaning));
    line(
        out,
        format!("\n{} {}", labels::retry(r.retry.retryable), r.retry.advice),
    );
    line(out, "\n| Evidence | Value |");
    line(out, "| --- | --- |");
    for (label, value) in labels::access_evidence(r) {
        line(out, format!("| {label} | {} |", cell(&value)));
    }
    if !r.roles.is_empty() {
        line(
            out,
            "\nBuilt-in roles that grant the action, least privileged first:\n",
        );
        for role in &r.roles {
            line(out, format!("- {} (`{}`)", role.name, role.id));
        }
    }
    if let Some(c) = &r.challenge {
        line(out, format!("\n**WWW-Authenticate:** {}\n", c.scheme));
        for p in &c.params {
            line(out, format!("- `{}`: {}", p.name, p.value));
        }
        if let Some(claims) = &c.claims {
            line(out, format!("- `claims` (decoded): `{claims}`"));
        }
    }
    if !r.notes.is_empty() {
        line(out, "");
        for n in &r.notes {
            line(out, format!("- {n}"));
        }
    }
    if let Some(s) = &r.sent_token {
        line(out, "\n**The token that was sent:**\n");
        if let Some(holder) = &s.identity {
            line(out, format!("- Holder: {holder}"));
        }
        for c in &s.checks {
            let (_, word) = labels::check_status(c.status);
            line(out, format!("- [{word}] {}: {}", c.what, c.text));
        }
    }
}

/// Federated identity credentials, each compared with what was presented to Entra ID (what the
/// page's federation card shows).
fn federation(out: &mut String, f: &FederationReport) {
    line(
        out,
        match f.credentials.len() {
            0 => "\n### Federated identity credentials: none in the paste".to_string(),
            n => format!("\n### Federated identity credentials ({n})"),
        },
    );
    if let Some(p) = &f.presented {
        line(
            out,
            format!(
                "\nCompared with what {} presents: issuer `{}`, subject `{}`, audience `{}`.",
                labels::presented_from(p.from),
                p.issuer.as_deref().unwrap_or("?"),
                p.subject.as_deref().unwrap_or("?"),
                p.audiences.join(", ")
            ),
        );
    }
    if !f.credentials.is_empty() {
        line(out, "\n| Credential | Issuer | Subject | Audience |");
        line(out, "| --- | --- | --- | --- |");
    }
    for row in labels::credential_rows(f) {
        let verdict = row.verdict.map(|v| format!(" ({v})")).unwrap_or_default();
        let cells: Vec<String> = row
            .fields
            .iter()
            .map(|(_, value, status)| match status {
                Some(s) => cell(&format!("{value} ({s})")),
                None => cell(value),
            })
            .collect();
        line(
            out,
            format!(
                "| {}{verdict} | {} |",
                cell(&row.describe),
                cells.join(" | ")
            ),
        );
    }
    if let Some(command) = &f.command {
        line(
            out,
            format!("\n{}:\n\n```bash\n{command}\n```", labels::MATCHING_COMMAND),
        );
    }
}

fn chain(out: &mut String, c: &ChainReport) {
    line(out, format!("\n### {}\n", labels::chain_heading(c)));
    line(out, "| # | Credential | Reason |");
    line(out, "| --- | --- | --- |");
    for (i, cred) in c.credentials.iter().enumerate() {
        line(
            out,
            format!(
                "| {} | {} | {} |",
                i + 1,
                cell(&labels::credential_line(cred)),
                cell(cred.reason.as_deref().unwrap_or(""))
            ),
        );
    }
    line(out, format!("\n**Verdict:** {}", c.verdict.summary));
}

fn response(out: &mut String, r: &ResponseReport) {
    if let Some(e) = &r.error {
        line(out, format!("\n### Diagnosis: {}\n", e.title));
        line(out, format!("*Fix:* {}\n", e.fix));
        line(out, e.meaning.clone());
        if let Some(retry) = &e.retry {
            line(
                out,
                format!("\n{} {}", labels::retry(retry.retryable), retry.advice),
            );
        }
    }
    if r.fields.is_empty() {
        return;
    }
    line(out, "\n### Response fields\n");
    line(out, "| Field | Value | Check |");
    line(out, "| --- | --- | --- |");
    for f in &r.fields {
        let value = if SECRET_FIELDS.contains(&f.name.as_str()) {
            secrets::marker(&f.name)
        } else {
            f.display.clone()
        };
        let check = f.check.as_ref().map_or_else(String::new, |c| {
            format!("{} {}", labels::check_status(c.status).0, c.text)
        });
        line(
            out,
            format!(
                "| `{}` | {} | {} |",
                cell(&f.name),
                cell(&value),
                cell(&check)
            ),
        );
    }
}

/// A header's or variable's value as shared: a marker for secrets.
fn shown(name: &str, value: &str) -> String {
    if request::is_secret_name(name) && !value.starts_with('$') {
        secrets::marker(name)
    } else {
        value.to_string()
    }
}

fn request_section(out: &mut String, r: &RequestReport) {
    line(out, "\n### Request setup\n");
    if let (Some(m), Some(u)) = (&r.method, &r.url) {
        line(out, format!("`{m} {u}`\n"));
    }
    for h in &r.headers {
        line(
            out,
            format!("- header `{}`: {}", h.name, shown(&h.name, &h.value)),
        );
    }
    for e in &r.env {
        line(
            out,
            format!("- env `{}`={}", e.name, shown(&e.name, &e.value)),
        );
    }
    line(out, format!("\n{}", r.platform_reason));
    if let Some(c) = &r.corrected {
        line(out, "\nCorrected request:\n\n```http");
        line(out, c.http.trim_end());
        line(out, "```");
    }
}

fn comparison(out: &mut String, c: &Comparison) {
    line(out, format!("\n### {}\n", labels::comparison_heading(c)));
    findings(out, &c.second.findings, "#### The second input's findings");
    if !c.differences.is_empty() {
        line(out, "| Aspect | First | Second | Meaning |");
        line(out, "| --- | --- | --- | --- |");
        for d in &c.differences {
            line(
                out,
                format!(
                    "| {} | {} | {} | {} |",
                    labels::aspect(d.aspect),
                    cell(d.first.as_deref().unwrap_or(labels::ABSENT)),
                    cell(d.second.as_deref().unwrap_or(labels::ABSENT)),
                    cell(&d.meaning)
                ),
            );
        }
    }
    if let Some(t) = &c.second.token {
        token(out, t, "#### The second token");
    }
}

fn token(out: &mut String, t: &TokenReport, heading: &str) {
    line(out, format!("\n{heading}: {}\n", labels::token_form(t)));
    if let Some(id) = &t.identity {
        line(out, format!("- Identity: {}", id.summary));
    }
    if let Some(expiry) = &t.lifetime.expiry {
        line(out, format!("- Expiry: {expiry}"));
    }
    line(out, "\n| Claim | Value | Meaning |");
    line(out, "| --- | --- | --- |");
    for c in &t.claims {
        let value = match &c.time {
            Some(time) => format!("{} ({})", c.display, time.utc),
            None => c.display.clone(),
        };
        let name = match c.location {
            Location::Header => format!("header `{}`", c.name),
            Location::Payload => format!("`{}`", c.name),
        };
        line(
            out,
            format!(
                "| {} | {} | {} |",
                name,
                cell(&value),
                cell(c.meaning.unwrap_or(labels::UNKNOWN_CLAIM))
            ),
        );
    }
}
