//! The data layers import nothing from the layers above them: `arabic`,
//! `corpus` and `search` never name `cli`, `tui`, `config`, `document` or
//! `compare`; `arabic` does not name `corpus` or `search`, `corpus` does
//! not name `search`; `compare` does not name `search`. Checked on the
//! source text, `crate::` paths in `use` lines and in code alike.

use std::path::{Path, PathBuf};

/// The `.rs` files of module `name`: `src/name.rs` and everything under
/// `src/name/`.
fn module_files(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![src.join(format!("{name}.rs"))];
    let mut dirs = vec![src.join(name)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.retain(|p| p.exists());
    out
}

/// The top-level module names after each `crate::` in `code`, with the
/// byte offset of the `crate::`: `crate::a::b` names `a`; `crate::{a, b::c}`
/// names `a` and `b`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            out.push((at, ident(rest)));
            continue;
        };
        // Top-level names of the group: after `{` and after each `,` at
        // depth 1.
        let mut depth = 1;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => start = true,
                c if start && !c.is_whitespace() => {
                    out.push((at, ident(&group[i..])));
                    start = false;
                }
                _ => {}
            }
        }
    }
    out
}

/// 1-based numbers of the lines of `text` whose code (comments aside)
/// names `crate::<other>` for one of `forbidden`.
fn offending_lines(text: &str, forbidden: &[&str]) -> Vec<usize> {
    // Comments blanked out, offsets kept.
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => format!("{}{}\n", &l[..i], " ".repeat(l.len() - i)),
            None => format!("{l}\n"),
        })
        .collect();
    let mut found: Vec<usize> = crate_paths(&code)
        .into_iter()
        .filter(|(_, name)| forbidden.contains(&name.as_str()))
        .map(|(at, _)| code[..at].matches('\n').count() + 1)
        .collect();
    found.dedup();
    found
}

/// Lines of `module` that name a forbidden module.
fn offences(module: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in module_files(module) {
        let text = std::fs::read_to_string(&file).expect("read");
        for n in offending_lines(&text, forbidden) {
            let line = text.lines().nth(n - 1).unwrap_or_default().trim();
            found.push(format!("{}:{n}: {line}", file.display()));
        }
    }
    found
}

const ABOVE: &[&str] = &[
    "cli",
    "cli_search",
    "cli_compare",
    "tui",
    "config",
    "document",
    "compare",
];

#[test]
fn data_layers_import_nothing_from_above() {
    let mut all = Vec::new();
    for m in ["arabic", "corpus", "search"] {
        assert!(!module_files(m).is_empty(), "no module {m}");
        all.extend(offences(m, ABOVE));
    }
    all.extend(offences("arabic", &["corpus", "search"]));
    all.extend(offences("corpus", &["search"]));
    all.extend(offences("compare", &["search"]));
    assert!(all.is_empty(), "imports from above:\n{}", all.join("\n"));
}

#[test]
fn the_check_sees_imports_and_only_them() {
    let text = "use crate::config::Config;\nuse crate::configure;\n// crate::tui in a comment\nlet x = crate::tui::run();\nuse crate::{corpus, search};\n";
    assert_eq!(offending_lines(text, &["config", "tui"]), [1, 4]);
    assert_eq!(offending_lines(text, &["search"]), [5]);
    let grouped = "use crate::{\n    arabic,\n    compare::{self, x},\n};\n";
    assert_eq!(offending_lines(grouped, &["compare"]), [1]);
    assert!(offending_lines(grouped, &["x", "self"]).is_empty());
}
