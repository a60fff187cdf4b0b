//! The Samples menu shows only real inputs, and each one produces the report it is there to show.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use mi_core::samples::SAMPLES;
use mi_core::{analyze, Context, Kind};

#[test]
fn samples_with_an_id_are_verbatim_real_world_records() {
    let corpus = common::every_record();
    for s in SAMPLES.iter().filter(|s| !s.id.is_empty()) {
        let record = corpus
            .iter()
            .find(|r| r.id == s.id)
            .unwrap_or_else(|| panic!("{} not in the corpus", s.id));
        assert_eq!(record.input, s.text, "{}", s.id);
        assert_eq!(record.source, s.source, "{}", s.id);
    }
    assert!(SAMPLES
        .iter()
        .all(|s| !s.source.is_empty() && !s.label.is_empty()));
}

#[test]
fn each_group_produces_its_kind() {
    for s in SAMPLES {
        let a = analyze(s.text, &Context::at(1_767_225_600));
        let want: &[Kind] = match s.group {
            "Tokens" => &[Kind::Jwt],
            "Responses" => &[Kind::MiResponse],
            "Errors" => &[Kind::MiError],
            "Requests" => &[Kind::Request, Kind::Env],
            "Access errors" => &[Kind::AccessError],
            "Credential chains" => &[Kind::CredentialChain],
            "Sessions" => &[Kind::Session],
            other => panic!("unknown group {other}"),
        };
        assert!(want.contains(&a.kind), "{}: {:?}", s.label, a.kind);
        let problems = a
            .findings
            .iter()
            .filter(|f| f.severity != mi_core::Severity::Info)
            .count();
        if s.label.contains("(valid)") {
            assert_eq!(problems, 0, "{}: {:?}", s.label, a.findings);
        } else {
            assert!(!a.findings.is_empty(), "{}", s.label);
        }
        if s.group == "Requests"
            && !s.label.contains("(valid)")
            && !s.label.starts_with("Environment")
        {
            assert!(problems > 0, "{} should show its problem", s.label);
        }
    }
}
