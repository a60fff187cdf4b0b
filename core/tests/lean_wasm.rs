//! The web app's wasm carries one sort and one JSON reader (see `src/sort.rs` and
//! `token::jose::parse_object`): each standard sort is compiled again for every element type,
//! and each serde_json reader is a copy of its whole parser. This reads the core's sources and
//! fails on a call that would bring another copy back, outside tests and outside the text of the
//! programs the snippets write.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// What to use instead of each call that adds a copy.
const INSTEAD: &[(&str, &str)] = &[
    (".sort()", "crate::sort::sort"),
    (".sort_by(", "crate::sort::by_key"),
    (".sort_by_key(", "crate::sort::by_key"),
    (".sort_by_cached_key(", "crate::sort::by_key"),
    (".sort_unstable", "crate::sort::sort or crate::sort::by_key"),
    (
        "serde_json::from_str",
        "serde_json::from_slice(text.as_bytes())",
    ),
];

/// The code lines of a source file: before its `#[cfg(test)]` module, without comments and
/// without the lines of raw strings (the programs snippets write are text, not calls).
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut in_raw_string = false;
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        if in_raw_string {
            in_raw_string = !code.contains("\"#");
            continue;
        }
        if let Some(start) = code.find("r#\"") {
            in_raw_string = !code[start + 3..].contains("\"#");
            out.push((number + 1, &code[..start]));
            continue;
        }
        out.push((number + 1, code));
    }
    out
}

/// Every call in the tree at `src` that adds a copy: (file:line, the call, what to use).
fn copies(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("sort.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, code) in code_lines(&text) {
                for (call, instead) in INSTEAD {
                    if code.contains(call) {
                        let file = path.strip_prefix(src).unwrap().display();
                        found.push(format!("  {file}:{number}: `{call}`: use {instead}"));
                    }
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_core_sorts_and_reads_json_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = copies(&src);
    assert!(
        found.is_empty(),
        "these calls add another sort or JSON parser to the web app's wasm:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_calls_and_skips_tests_comments_and_program_text() {
    let source = "fn a(v: &mut Vec<u8>) {\n    v.sort_unstable(); // v.sort()\n    let p = r#\"\n    serde_json::from_str(&body)?;\n\"#;\n}\n#[cfg(test)]\nmod tests { fn b(v: &mut Vec<u8>) { v.sort(); } }\n";
    let lines = code_lines(source);
    let calls: Vec<(usize, &str)> = lines
        .iter()
        .flat_map(|(n, code)| {
            INSTEAD
                .iter()
                .filter(|(call, _)| code.contains(call))
                .map(|(call, _)| (*n, *call))
        })
        .collect();
    assert_eq!(calls, vec![(2, ".sort_unstable")]);
}
