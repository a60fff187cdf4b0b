//! A fact the page shows, the CLI shows too: the report's components are rendered to HTML
//! natively (Yew's server renderer), and every text the page's report holds — values, findings,
//! notes, checks, meanings, headings that state something — must appear in the CLI's text report
//! of the same analysis. Only the page's structural labels (column heads, field names, section
//! titles that state nothing) are exempt. Inputs: every sample of the page's Samples menu and
//! every record of the sample files (core/tests/fixtures names each one's source), and tokens
//! verified with keys, for the verification card.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mi_core::{analyze, analyze_with_key, present, Analysis, Context};
use mi_token_inspector::ui::components::report;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct Props {
    analysis: Rc<Analysis>,
}

#[component]
fn ReportOnly(p: &Props) -> Html {
    html! { <section id="report">{ report::view(&p.analysis, 0, None, Callback::noop()) }</section> }
}

fn page_html(analysis: &Analysis) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        yew::LocalServerRenderer::<ReportOnly>::with_props(Props {
            analysis: Rc::new(analysis.clone()),
        })
        .render()
        .await
    })
}

/// Elements whose text is a label of the page's structure, not a fact (and every element hidden
/// from assistive technology: decoration, whose facts are in an accessible name beside it).
const LABEL_ELEMENTS: &[&str] = &[
    "dt", "thead", "caption", "button", "label", "select", "summary", "nav",
];
/// Classes whose text is a label or an icon, or is not a fact of its own: the decoded JSON (the
/// claims list every member of it), the live countdown (it ticks with the viewer's clock; the
/// expiry and its finding are facts) and the token as pasted.
const LABEL_CLASSES: &[&str] = &[
    "fix-label",
    "sev-icon",
    "dot",
    "json",
    "countdown",
    "compact",
];

/// The text runs of `html` outside label elements, entities decoded, whitespace collapsed.
fn facts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The open elements: (tag, is a label).
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix('<') {
            let (tag, r) = after.split_once('>').unwrap();
            rest = r;
            if let Some(name) = tag.strip_prefix('/') {
                while let Some((open, _)) = stack.pop() {
                    if open == name {
                        break;
                    }
                }
                continue;
            }
            let name = tag.split_whitespace().next().unwrap_or("").to_string();
            let class = tag
                .split_once("class=\"")
                .and_then(|(_, c)| c.split('"').next())
                .unwrap_or("");
            let label = LABEL_ELEMENTS.contains(&name.as_str())
                || tag.contains("aria-hidden=\"true\"")
                || class.split(' ').any(|c| LABEL_CLASSES.contains(&c))
                || stack.last().is_some_and(|(_, l)| *l);
            if !tag.ends_with('/') && !["br", "input", "img", "meta"].contains(&name.as_str()) {
                stack.push((name, label));
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = decode(&rest[..end]);
        rest = &rest[end..];
        if stack.last().is_some_and(|(_, l)| *l) {
            continue;
        }
        let text = collapse(&text);
        let text = text.trim_matches(|c: char| c.is_whitespace() || "—·,.;:()".contains(c));
        if text.chars().any(char::is_alphanumeric) {
            out.push(text.to_string());
        }
    }
    out
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's section titles and column heads that state nothing about the input.
const STRUCTURE: &[&str] = &[
    "Parts",
    "The access token inside",
    "The assertion token",
    "Corrected request",
    "Request setup",
    "Environment",
    "expires_on",
    "Managed identity",
    "Beside this result",
];

fn inputs() -> Vec<(String, String)> {
    let mut inputs: Vec<(String, String)> = mi_core::samples::SAMPLES
        .iter()
        .map(|s| (format!("sample {}", s.label), s.text.to_string()))
        .collect();
    let corpus = [
        include_str!("../core/tests/fixtures/real-world.jsonl"),
        include_str!("../core/tests/fixtures/access-errors.jsonl"),
        include_str!("../core/tests/fixtures/federation.jsonl"),
        include_str!("../core/tests/fixtures/credential-chains.jsonl"),
        include_str!("../core/tests/fixtures/sessions.jsonl"),
    ]
    .concat();
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        inputs.push((
            v["id"].as_str().unwrap().to_string(),
            v["input"].as_str().unwrap().to_string(),
        ));
    }
    inputs
}

/// The facts of `a` the page shows and the CLI's text report does not, each named by `name`.
fn missing_facts(name: &str, a: &Analysis, missing: &mut Vec<String>) {
    let page = page_html(a);
    let cli = collapse(&present::text::render(a));
    for fact in facts(&page) {
        if !STRUCTURE.contains(&fact.as_str()) && !cli.contains(&fact) {
            missing.push(format!("{name}: {fact}"));
        }
    }
}

fn assert_none_missing(mut missing: Vec<String>) {
    missing.dedup();
    assert!(
        missing.is_empty(),
        "{} facts the page shows are missing from the CLI's text report:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_cli_text_report_shows_every_fact_the_page_shows() {
    let mut missing = Vec::new();
    for (name, input) in inputs() {
        missing_facts(
            &name,
            &analyze(&input, &Context::at(1_700_000_000)),
            &mut missing,
        );
    }
    // Comparisons: each Samples token with the next sample (tokens, responses, errors).
    let samples = mi_core::samples::SAMPLES;
    for (a, b) in samples.iter().zip(samples.iter().skip(1)) {
        let compared = mi_core::compare(a.text, b.text, &Context::at(1_700_000_000));
        missing_facts(
            &format!("compare {} with {}", a.label, b.label),
            &compared,
            &mut missing,
        );
    }
    assert_none_missing(missing);
}

/// Tokens and keys for each kind of verification card: the real IMDS token with Entra ID's
/// published keys, as issued and wrapped like an e-mail; the generated 1024-bit PS384 vector
/// (weak key); RFC 7515 A.2's RS256 token with its key beside a copy marked for encryption
/// (skipped) or beside a shared secret (an ambiguous set).
fn verified_inputs() -> Vec<(&'static str, String, String, i64)> {
    let jwks = include_str!("../core/tests/fixtures/entra-jwks-snapshot.json").to_string();
    let imds = inputs()
        .into_iter()
        .find(|(name, _)| name == "jwt-imds-system-mirid-vm")
        .unwrap()
        .1;
    let wrapped = imds
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let vector = |file: &str, id: &str| -> serde_json::Value {
        let all: Vec<serde_json::Value> = serde_json::from_str(file).unwrap();
        all.into_iter().find(|v| v["id"] == id).unwrap()
    };
    let generated = include_str!("../core/tests/fixtures/verify-vectors.json");
    let weak = vector(generated, "ps384-1024-bare-spki");
    let a2 = vector(
        include_str!("../core/tests/fixtures/jose-vectors.json"),
        "rfc7515-a2-rs256",
    );
    let a2_token = a2["token"].as_str().unwrap().to_string();
    let mut enc = a2["key"].clone();
    enc["use"] = "enc".into();
    enc["kid"] = "encryption".into();
    let secret = serde_json::json!({"kty": "oct", "kid": "secret", "k": "c2VjcmV0"});
    vec![
        ("valid", imds.clone(), jwks.clone(), 1_643_226_100),
        ("noncanonical", wrapped, jwks, 1_643_226_100),
        (
            "weak key",
            weak["token"].as_str().unwrap().to_string(),
            weak["key"].as_str().unwrap().to_string(),
            1_700_000_000,
        ),
        (
            "skipped key",
            a2_token.clone(),
            format!(r#"{{"keys":[{enc},{}]}}"#, a2["key"]),
            1_700_000_000,
        ),
        (
            "ambiguous set",
            a2_token,
            format!(r#"{{"keys":[{secret},{}]}}"#, a2["key"]),
            1_700_000_000,
        ),
    ]
}

#[test]
fn the_cli_text_report_shows_every_fact_of_the_verification_card() {
    let mut missing = Vec::new();
    for (name, token, key, now) in verified_inputs() {
        let a = analyze_with_key(&token, &key, &Context::at(now));
        assert!(a.verification.is_some(), "{name}");
        missing_facts(name, &a, &mut missing);
    }
    assert_none_missing(missing);
}

#[test]
fn the_extractor_reads_text_runs_and_skips_labels() {
    let html = r#"<!--x--><dl><dt>Client ID</dt><dd><code>2d5b&amp;</code> <button>Copy</button></dd></dl><p><span class="fix-label">Fix: </span>Request a new one.</p>"#;
    assert_eq!(facts(html), ["2d5b&", "Request a new one"]);
}
