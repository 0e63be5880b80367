//! The layers point one way: every `crate::` path in `src/` is checked
//! against the layer table below (the crate map in `src/lib.rs` and
//! `ARCHITECTURE.md` say the same). A module may use modules of lower
//! layers, and of its own layer only where the table allows it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level modules, bottom layer first.
const LAYERS: &[&[&str]] = &[
    // Text engines.
    &["bidi", "arabic", "marks", "guard"],
    // Data.
    &["corpus", "sample", "config"],
    // Engines over the data.
    &["search", "compare"],
    // Rendering.
    &["render", "terminal", "settings"],
    // The reader.
    &["tui"],
    // The command line (which starts the reader).
    &["cli"],
];

/// Uses within one layer that are allowed: (user, used).
const SAME_LAYER: &[(&str, &str)] = &[
    ("bidi", "marks"),
    ("bidi", "guard"),
    ("corpus", "sample"),
    ("arabic", "bidi"),
    ("settings", "terminal"),
    ("settings", "render"),
    // The near-duplicate store beside an index signs documents with
    // compare's pure shingle and MinHash functions.
    ("search", "compare"),
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel
        .components()
        .next()
        .expect("a component")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.strip_suffix(".rs").unwrap_or(&first).to_owned()
}

/// The top-level modules a source text names with `crate::`, comments
/// left out.
fn used(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
        // `use crate::{a, b}` groups.
        if let Some(at) = code.find("crate::{") {
            let group = &code[at + "crate::{".len()..];
            for name in group.split([',', '}']) {
                let name = name.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    let mut seen_modules = BTreeSet::new();
    for file in &all {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        seen_modules.insert(module.clone());
        let Some(mine) = layer(&module) else {
            wrong.push(format!(
                "{}: module {module} is in no layer",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read");
        for other in used(&text) {
            if other == module {
                continue;
            }
            let Some(theirs) = layer(&other) else {
                wrong.push(format!("{}: uses unknown module {other}", file.display()));
                continue;
            };
            let ok = theirs < mine
                || (theirs == mine && SAME_LAYER.contains(&(module.as_str(), other.as_str())));
            if !ok {
                wrong.push(format!(
                    "{}: {module} (layer {mine}) uses {other} (layer {theirs})",
                    file.strip_prefix(&src).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    // The table names every module there is.
    let listed: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter().map(|m| (*m).to_owned()))
        .collect();
    assert_eq!(listed, seen_modules, "the layer table and src/ differ");
}

#[test]
fn the_checker_sees_uses_in_all_their_forms() {
    let text = "use crate::bidi::Row;\nuse crate::{config, render::ansi};\nlet x = crate::tui::App::new();\n// crate::cli in a comment\n";
    let got: Vec<String> = used(text).into_iter().collect();
    assert_eq!(got, ["bidi", "config", "render", "tui"]);
}
