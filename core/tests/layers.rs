//! The core's modules form layers (stated in `src/lib.rs`): a module may use only the modules
//! below it. This reads every source file and fails on a `crate::` path that points up or sideways
//! into a higher layer, so a cycle cannot come back unnoticed.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// The layer order as `src/lib.rs` states it, bottom first.
fn layers() -> Vec<String> {
    let lib = include_str!("../src/lib.rs");
    let line = lib
        .lines()
        .find_map(|l| l.strip_prefix("//! layers: "))
        .expect("src/lib.rs states the layers in a `//! layers: ` line");
    line.split(',').map(|m| m.trim().to_string()).collect()
}

/// Every top-level module `text` names, outside comments: `crate::name`, and `super::…::name`
/// where the `super`s climb from the file's module (`depth` deep) to the crate root.
fn uses(text: &str, depth: usize) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            out.push(ident(rest));
        }
        let mut rest = code;
        while let Some(i) = rest.find("super::") {
            let mut after = &rest[i..];
            let mut climbed = 0;
            while let Some(r) = after.strip_prefix("super::") {
                after = r;
                climbed += 1;
            }
            if depth > 0 && climbed >= depth {
                out.push(ident(after));
            }
            rest = after;
        }
    }
    out
}

/// Violations in the tree at `src`: (file, module, the module it uses).
fn violations(src: &Path, layers: &[String]) -> Vec<(String, String, String)> {
    let rank = |m: &str| layers.iter().position(|l| l == m);
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let module = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" {
                continue;
            }
            let own = rank(&module)
                .unwrap_or_else(|| panic!("module `{module}` is missing from the layers line"));
            let text = std::fs::read_to_string(&path).unwrap();
            // How many `super`s lead from this file's module to the crate root: `a/b.rs` is
            // `a::b` (2), `a/mod.rs` and `a.rs` are `a` (1).
            let parts = rel.components().count();
            let depth = if rel.ends_with("mod.rs") {
                parts - 1
            } else {
                parts
            };
            for used in uses(&text, depth) {
                let Some(theirs) = rank(&used) else { continue };
                if theirs > own {
                    found.push((rel.display().to_string(), module.clone(), used));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src, &layers());
    assert!(
        found.is_empty(),
        "these files use a module above their own layer (see the layers line in src/lib.rs):\n{}",
        found
            .iter()
            .map(|(file, m, used)| format!("  {file}: `{m}` uses `{used}`"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_use() {
    // A model file that reached up into analysis must be reported.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("layers-probe");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("model")).unwrap();
    std::fs::write(dir.join("model/mod.rs"), "use crate::analysis::Analysis;\n").unwrap();
    std::fs::write(
        dir.join("analysis.rs"),
        "use crate::model::Finding; // crate::snippets\n",
    )
    .unwrap();
    // Climbing to the crate root with `super::super` and down into a higher layer counts too.
    std::fs::write(
        dir.join("model/parts.rs"),
        "use super::super::snippets::Target;\n",
    )
    .unwrap();
    let layers: Vec<String> = ["model", "analysis", "snippets"].map(String::from).to_vec();
    assert_eq!(
        violations(&dir, &layers),
        vec![
            (
                "model/mod.rs".to_string(),
                "model".to_string(),
                "analysis".to_string()
            ),
            (
                "model/parts.rs".to_string(),
                "model".to_string(),
                "snippets".to_string()
            )
        ]
    );
}
