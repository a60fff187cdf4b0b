//! The code generator and the signature checker are the page's second wasm module (`extras/`),
//! fetched the first time the code view opens or a key is pasted. Were the page's own code to
//! write a program or check a signature in place, the linker would put the generator and its
//! templates, or the key readers and the arithmetic, back into the wasm the page fetches at
//! load, and nothing else would fail. This reads the page's sources (outside comments) and its
//! manifest, and fails on such a call or on the core's in-place checker turned on.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// Calls that write a program or check a signature in place; the page asks `ui::extras` instead.
const IN_PLACE: &[&str] = &[
    "snippets::render",
    "snippets::{render",
    "wire::answer",
    "verify::verify(",
    "analyze_with_key(",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn calls_in_place(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for call in IN_PLACE.iter().filter(|c| code.contains(*c)) {
                found.push(format!("{}:{}: {call}", file.display(), number + 1));
            }
        }
    }
    found
}

#[test]
fn the_page_asks_the_code_generator_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = calls_in_place(&src);
    assert!(
        found.is_empty(),
        "the page writes programs in place:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_page_builds_the_core_without_its_in_place_checker() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("\n[")
        .find(|section| section.starts_with("dependencies]"))
        .expect("a [dependencies] section");
    let core = dependencies
        .lines()
        .find(|line| line.starts_with("mi-core"))
        .expect("mi-core among the dependencies");
    assert!(core.contains("default-features = false"), "{core}");
}

#[test]
fn the_check_finds_a_call_in_place() {
    let dir = std::env::temp_dir().join(format!("second-module-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("ui")).unwrap();
    std::fs::write(
        dir.join("ui/view.rs"),
        "// snippets::render in a comment is no call\nuse mi_core::snippets::{render, Target};\n",
    )
    .unwrap();
    let found = calls_in_place(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with("view.rs:2: snippets::{render"),
        "{found:?}"
    );
}
