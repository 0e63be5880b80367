//! The command line as a user runs it: output, exit codes, error messages.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn qari(args: &[&str]) -> Output {
    qari_with_cache(args, &std::env::temp_dir().join("qari-tests-cache"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

/// Columns a line takes on a terminal (marks take none).
fn cols(line: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    line.chars().map(|c| c.width().unwrap_or(0)).sum()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

#[test]
fn list_json_has_the_documented_fields() {
    let o = qari(&["list", "--json"]);
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 5);
    for v in &lines {
        for key in ["id", "path", "title", "words", "direction"] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
        assert_eq!(v["direction"], "rtl");
        assert!(v["words"].as_u64().expect("number") > 300);
    }
    assert_eq!(lines[0]["id"], "000_f9c2f484621a2b4c");
}

#[test]
fn no_argument_lists_the_embedded_sample() {
    let o = qari(&[]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 5);
    assert!(out.contains("001_46000f0de5a71e36"));
    assert!(!out.contains('\u{1b}'), "no escape sequence on a pipe");
}

#[test]
fn show_prints_rows_as_the_reader_draws_them() {
    let o = qari(&["show", "001", "--width", "60"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}'), "no escape sequence on a pipe");
    let source = include_str!("../seeds/001_46000f0de5a71e36.txt");
    // Blank lines of the source are kept.
    let blank_src = source.split('\n').filter(|l| l.trim().is_empty()).count();
    let blank_out = out.lines().filter(|l| l.is_empty()).count();
    assert_eq!(blank_src, blank_out);
    for line in out.lines() {
        assert!(!line.ends_with(' '), "trailing space: {line:?}");
        assert!(cols(line) <= 60, "too wide: {line:?}");
    }
    // RTL rows are padded on the left to the width: the widest rows reach it.
    let full = out
        .lines()
        .filter(|l| l.starts_with(' ') && cols(l) == 60)
        .count();
    assert!(full > 10, "right-aligned rows reach column 60 ({full})");
    // First content row: the lone "Array" residue is LTR, left-aligned.
    assert_eq!(out.lines().next(), Some("Array"));
}

#[test]
fn show_width_defaults_to_80_off_a_terminal() {
    let o = qari(&["show", "000"]);
    assert!(o.status.success());
    let widest = stdout(&o).lines().map(cols).max();
    assert_eq!(widest, Some(80));
}

#[test]
fn show_accepts_a_path_and_shapes() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("note.txt");
    std::fs::write(&p, "سلام عليكم\n\nhello (world)\n").expect("write");
    let o = qari(&[
        "show",
        p.to_str().expect("path"),
        "--width",
        "20",
        "--shape",
        "--lam-alef",
        "two-cell",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0].trim_start(),
        "\u{FEE2}\u{FEDC}\u{FEF4}\u{FEE0}\u{FECB} \u{FEE1}\u{FE8E}\u{FEE0}\u{FEB3}"
    );
    assert_eq!(cols(lines[0]), 20);
    assert_eq!(lines[1], "");
    assert_eq!(lines[2], "hello (world)");
}

#[test]
fn unknown_and_ambiguous_documents_are_errors_with_candidates() {
    let o = qari(&["show", "0"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("qari: ") && err.contains("004_c0af4a274a0208a4"),
        "{err}"
    );
    let o = qari(&["show", "nothing-like-this"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(qari(&["show"]).status.code(), Some(2));
    assert_eq!(
        qari(&["show", "000", "--width", "wide"]).status.code(),
        Some(2)
    );
    assert_eq!(qari(&["--bogus"]).status.code(), Some(2));
    let o = qari(&["list", "--encoding", "klingon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("klingon"));
    let help = qari(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("show"));
    assert_eq!(qari(&["show", "--help"]).status.code(), Some(0));
}

#[test]
fn missing_corpus_path_is_an_error() {
    let o = qari(&["list", "/no/such/corpus"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "qari: /no/such/corpus: no such file or directory"
    );
}

#[test]
fn bad_files_are_reported_and_the_rest_listed() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("ok.txt"), "نص").expect("write");
    std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02").expect("write");
    let mut bad = "نص ".as_bytes().to_vec();
    bad.push(0xFF);
    std::fs::write(dir.path().join("bad.txt"), bad).expect("write");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"{\"id\":\"j1\",\"title\":\"t\",\"text\":\"x y z\"}\n")
        .expect("gz");
    std::fs::write(dir.path().join("more.jsonl.gz"), gz.finish().expect("gz")).expect("write");
    let o = qari(&["list", "--json", dir.path().to_str().expect("path")]);
    assert!(o.status.success());
    let ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["id"]
                .as_str()
                .expect("id")
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["bad", "j1", "ok"]);
    let err = stderr(&o);
    assert!(err.contains("bin.txt") && err.contains("NUL"), "{err}");
    assert!(
        err.contains("bad.txt") && err.contains("invalid UTF-8"),
        "{err}"
    );
}

#[test]
fn escape_sequences_in_a_document_never_reach_the_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("evil.txt");
    std::fs::write(
        &p,
        "\u{1b}]0;pwned\u{7}title\n\u{1b}[2J\u{1b}[31mred\u{9b}31m\u{202e}abc",
    )
    .expect("write");
    for cmd in [
        vec!["show", p.to_str().expect("p")],
        vec!["list", p.to_str().expect("p")],
    ] {
        let o = qari(&cmd);
        assert!(o.status.success());
        let out = stdout(&o);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("long.txt");
    std::fs::write(&p, "سطر طويل من النص العربي\n".repeat(100_000)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["show", p.to_str().expect("p")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn config_file_sets_defaults_and_bad_ones_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[layout]\nshape = true\nlam_alef = \"two-cell\"\n").expect("write");
    let o = qari(&["show", "000", "--config", good.to_str().expect("p")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains('\u{FEE0}'), "shaped by the config");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[layout]\n# comment\nshpae = true\n").expect("write");
    let o = qari(&["show", "000", "--config", bad.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml: line 3:") && err.contains("shpae"),
        "{err}"
    );
    let o = qari(&["list", "--config", "/no/such/config.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = qari(&["config", "default"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("[layout]"));
}

fn qari_with_cache(args: &[&str], cache: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        // From elsewhere than the repository: the sample is embedded.
        .current_dir(std::env::temp_dir())
        // No user configuration or cache from the machine running the tests.
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("qari-tests-no-config"),
        )
        .env("XDG_CACHE_HOME", cache)
        .env_remove("QARI_CONFIG")
        .output()
        .expect("run qari")
}

fn fold(s: &str) -> String {
    qari::arabic::normalize(s, qari::arabic::Fold::default())
}

#[test]
fn search_json_matches_are_bytes_of_the_file_as_stored() {
    let o = qari(&["search", "الرئيس", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(!lines.is_empty());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for v in &lines {
        for f in ["id", "path", "score", "snippet", "matches", "title"] {
            assert!(v.get(f).is_some(), "{f} missing in {v}");
        }
        let file = std::fs::read(root.join(v["path"].as_str().expect("path"))).expect("seed file");
        let matches = v["matches"].as_array().expect("matches");
        assert!(!matches.is_empty());
        for m in matches {
            let (a, b) = (
                m[0].as_u64().expect("start") as usize,
                m[1].as_u64().expect("end") as usize,
            );
            let word = std::str::from_utf8(&file[a..b]).expect("whole characters");
            // A prefix: the last word is being typed.
            assert!(fold(word).starts_with("الرييس"), "{word}");
        }
        // Snippet highlights are the matched words too.
        let snippet = v["snippet"].as_str().expect("snippet");
        for h in v["highlights"].as_array().expect("highlights") {
            let (a, b) = (
                h[0].as_u64().expect("s") as usize,
                h[1].as_u64().expect("e") as usize,
            );
            assert!(fold(&snippet[a..b]).starts_with("الرييس"));
        }
    }
}

#[test]
fn search_matches_map_through_json_escapes_and_legacy_encodings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("dir");
    // A JSON Lines record whose text spells القاهرة with \u escapes.
    let escaped = "\\u0627\\u0644\\u0642\\u0627\\u0647\\u0631\\u0629";
    std::fs::write(
        corpus.join("news.jsonl"),
        format!("{{\"id\":\"n1\",\"text\":\"\\\"\\u062e\\u0628\\u0631\\\" {escaped} \\u0627\\u0644\\u064a\\u0648\\u0645\"}}\n"),
    )
    .expect("jsonl");
    // A Windows-1256 file: ش is one byte there.
    let (cp, _, _) = encoding_rs::WINDOWS_1256.encode("مقال عن القاهرة وشوارعها");
    std::fs::write(corpus.join("old.txt"), &cp).expect("cp1256");
    let o = qari_with_cache(
        &[
            "search",
            "القاهرة ",
            corpus.to_str().expect("utf-8"),
            "--json",
        ],
        &tmp.path().join("cache"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&o));
    for v in &lines {
        let path = v["path"].as_str().expect("path");
        let bytes = std::fs::read(path).expect("file");
        let m = &v["matches"][0];
        let (a, b) = (
            m[0].as_u64().expect("s") as usize,
            m[1].as_u64().expect("e") as usize,
        );
        let raw = &bytes[a..b];
        if path.ends_with(".jsonl") {
            assert_eq!(std::str::from_utf8(raw).expect("ascii"), escaped);
        } else {
            let (text, _, _) = encoding_rs::WINDOWS_1256.decode(raw);
            assert_eq!(text, "القاهرة");
            assert_eq!(raw.len(), 7, "one byte a letter in cp1256");
        }
    }
    // The corpus folder is untouched.
    assert_eq!(std::fs::read_dir(&corpus).expect("ls").count(), 2);
}

/// `s` with every non-ASCII character as a `\uXXXX` escape, as JSON
/// writers with `ensure_ascii` (Python's default) write it.
fn ensure_ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect()
}

#[test]
fn search_matches_are_exact_bytes_through_ensure_ascii_crlf_bom_and_legacy_jsonl() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("dir");
    let news = "خبر \\\"عاجل\\\" من القاهرة\\nوصل الوفد إلى القاهرة صباحا";
    // Every Arabic letter escaped, CRLF line ends, a record before.
    std::fs::write(
        corpus.join("ascii.jsonl"),
        format!(
            "{{\"id\":\"a1\",\"text\":\"{}\"}}\r\n{{\"id\":\"a2\",\"text\":\"{}\"}}\r\n",
            ensure_ascii("لا شيء هنا"),
            ensure_ascii(news)
        ),
    )
    .expect("ascii");
    // A UTF-8 BOM before the first record, CRLF.
    std::fs::write(
        corpus.join("bom.jsonl"),
        format!("\u{FEFF}{{\"id\":\"b1\",\"text\":\"{news}\"}}\r\n"),
    )
    .expect("bom");
    // Windows-1256 JSON Lines: escapes and single-byte letters, CRLF.
    let legacy = format!(
        "{{\"id\":\"l1\",\"text\":\"نص أول بلا شيء\"}}\r\n\r\n{{\"id\":\"l2\",\"text\":\"{news}\"}}\r\n{{\"id\":\"l3\",\"text\":\"وفي القاهرة أيضا\"}}\r\n"
    );
    let (cp, _, _) = encoding_rs::WINDOWS_1256.encode(&legacy);
    std::fs::write(corpus.join("legacy.jsonl"), &cp).expect("cp1256");
    // A text file with a BOM and CRLF.
    std::fs::write(
        corpus.join("bom.txt"),
        "\u{FEFF}عنوان\r\nزيارة إلى القاهرة\r\n",
    )
    .expect("txt");
    let o = qari_with_cache(
        &[
            "search",
            "القاهرة ",
            corpus.to_str().expect("utf-8"),
            "--json",
        ],
        &tmp.path().join("cache"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let mut found: Vec<String> = Vec::new();
    for v in &lines {
        let path = v["path"].as_str().expect("path");
        let bytes = std::fs::read(path).expect("file");
        let matches = v["matches"].as_array().expect("matches");
        assert!(!matches.is_empty(), "{v}");
        for m in matches {
            let (a, b) = (
                m[0].as_u64().expect("s") as usize,
                m[1].as_u64().expect("e") as usize,
            );
            let raw = &bytes[a..b];
            let stored = if path.ends_with("legacy.jsonl") {
                encoding_rs::WINDOWS_1256.decode(raw).0.into_owned()
            } else {
                String::from_utf8(raw.to_vec()).expect("whole characters")
            };
            // In JSON Lines the bytes are the string as written, escapes
            // and all.
            let word = if path.ends_with(".jsonl") {
                serde_json::from_str::<String>(&format!("\"{stored}\"")).expect("JSON string")
            } else {
                stored.clone()
            };
            assert_eq!(fold(&word), fold("القاهرة"), "{path}: {stored:?}");
            if path.ends_with("ascii.jsonl") {
                assert_eq!(stored, ensure_ascii("القاهرة"));
            }
        }
        found.push(format!(
            "{}:{}",
            path.rsplit('/').next().unwrap_or(path),
            matches.len()
        ));
    }
    found.sort();
    assert_eq!(
        found,
        [
            "ascii.jsonl:2",
            "bom.jsonl:2",
            "bom.txt:1",
            "legacy.jsonl:1",
            "legacy.jsonl:2"
        ],
        "{}",
        stdout(&o)
    );
}

/// `(path, line) → id` from JSON lines of `qari list --json` or `qari
/// search --json`.
fn ids_by_place(out: &str) -> std::collections::BTreeMap<(String, Option<u64>), String> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            (
                (
                    v["path"].as_str().expect("path").to_owned(),
                    v["line"].as_u64(),
                ),
                v["id"].as_str().expect("id").to_owned(),
            )
        })
        .collect()
}

#[test]
fn list_and_search_give_the_same_ids_to_duplicates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("c");
    for d in ["z", "a", "m"] {
        std::fs::create_dir_all(c.join(d)).expect("dir");
    }
    std::fs::write(c.join("z/doc.txt"), "خبر من القاهرة").expect("write");
    std::fs::write(c.join("a/doc.txt"), "خبر آخر من القاهرة").expect("write");
    // Raw ids that collide with numbered ones, and one without an id.
    std::fs::write(
        c.join("m/news.jsonl"),
        "{\"id\":\"doc~2\",\"text\":\"القاهرة أولا\"}\n{\"id\":\"doc\",\"text\":\"القاهرة ثانيا\"}\n{\"text\":\"القاهرة ثالثا\"}\n",
    )
    .expect("write");
    // Roots in no sorted order, one of them a file.
    let roots: Vec<String> = ["z", "m/news.jsonl", "a"]
        .iter()
        .map(|r| c.join(r).display().to_string())
        .collect();
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    let cache = tmp.path().join("cache");
    let mut list_args = vec!["list", "--json"];
    list_args.extend(&roots);
    let o = qari_with_cache(&list_args, &cache);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = ids_by_place(&stdout(&o));
    let ids: Vec<&str> = listed.values().map(String::as_str).collect();
    assert_eq!(listed.len(), 5);
    // In load order: z/doc, news 1–3, a/doc.
    let id_of = |file: &str, line: Option<u64>| {
        listed
            .get(&(c.join(file).display().to_string(), line))
            .cloned()
            .unwrap_or_else(|| panic!("{file} {line:?} in {ids:?}"))
    };
    assert_eq!(id_of("z/doc.txt", None), "doc");
    assert_eq!(id_of("m/news.jsonl", Some(1)), "doc~2");
    assert_eq!(id_of("m/news.jsonl", Some(2)), "doc~3");
    assert_eq!(id_of("m/news.jsonl", Some(3)), "news:3");
    assert_eq!(id_of("a/doc.txt", None), "doc~4");
    // Search: a fresh index, then the same index reopened.
    for _ in 0..2 {
        let mut search_args = vec!["search", "القاهرة ", "--json", "--limit", "50"];
        search_args.extend(&roots);
        let o = qari_with_cache(&search_args, &cache);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(ids_by_place(&stdout(&o)), listed);
    }
}

#[test]
fn search_without_hits_exits_0_and_says_so() {
    let o = qari(&["search", "كلمةغيرموجودة "]);
    assert!(o.status.success());
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("no match"), "{}", stderr(&o));
    // Piped text output marks the match.
    let o = qari(&["search", "داعش "]);
    assert!(stdout(&o).contains("⟦داعش⟧"), "{}", stdout(&o));
    // Too short to search: a usage error.
    let o = qari(&["search", "ال"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn index_says_what_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("dir");
    std::fs::write(corpus.join("a.txt"), "القاهرة").expect("write");
    let cache = tmp.path().join("cache");
    let c = corpus.to_str().expect("utf-8");
    let o = qari_with_cache(&["index", c], &cache);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("1 added, 0 changed, 0 removed"),
        "{}",
        stdout(&o)
    );
    let o = qari_with_cache(&["index", c], &cache);
    assert!(stdout(&o).starts_with("up to date"), "{}", stdout(&o));
    std::fs::write(corpus.join("b.txt"), "أسوان").expect("write");
    let o = qari_with_cache(&["index", c], &cache);
    assert!(
        stdout(&o).starts_with("1 added, 0 changed, 0 removed, 1 unchanged"),
        "{}",
        stdout(&o)
    );
    // The index lives in the cache, keyed by the corpus path.
    assert!(cache.join("qari").join("index").is_dir());
    let o = qari_with_cache(&["index", "/no/such/corpus"], &cache);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn related_lists_similar_documents() {
    let o = qari(&["related", "000", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|v| !v["id"].as_str().expect("id").starts_with("000"))
    );
    // The other report of the same event comes first.
    assert!(lines[0]["id"].as_str().expect("id").starts_with("001"));
}

#[test]
fn an_unusable_cache_falls_back_to_memory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("dir");
    std::fs::write(corpus.join("a.txt"), "القاهرة مدينة").expect("write");
    // The "cache directory" is a file: nothing can be created under it.
    let cache = tmp.path().join("not-a-dir");
    std::fs::write(&cache, "x").expect("file");
    let o = qari_with_cache(
        &["search", "القاهرة ", corpus.to_str().expect("utf-8")],
        &cache,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("in memory"), "{}", stderr(&o));
    assert!(stdout(&o).contains("⟦القاهرة⟧"), "{}", stdout(&o));
}

const SEED_A: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/000_f9c2f484621a2b4c.txt"
);
const SEED_B: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/001_46000f0de5a71e36.txt"
);

fn compare_json(args: &[&str]) -> serde_json::Value {
    let o = qari(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

fn indices(v: &serde_json::Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| usize::try_from(x.as_u64().expect("index")).expect("usize"))
        .collect()
}

/// Checks a `qari.compare/1` object against the schema in `docs/` and
/// against the files: every range slices the file as stored on a sentence
/// boundary, rows show each sentence once in order, groups agree with
/// `unaligned`.
fn check_compare(v: &serde_json::Value, files: [&[u8]; 2]) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/compare.schema.json"
        ))
        .expect("schema file"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema violations: {errors:?}");
    for (side, file) in ["left", "right"].iter().zip(files) {
        let sentences = v[side]["sentences"].as_array().expect("sentences");
        let mut last = 0;
        for s in sentences {
            let [a, b] = [0, 1]
                .map(|k| usize::try_from(s["byte"][k].as_u64().expect("byte")).expect("usize"));
            assert!(
                a >= last && a < b && b <= file.len(),
                "{side}: bad range {a}..{b}"
            );
            let text = std::str::from_utf8(&file[a..b]).expect("ranges fall on characters");
            assert_eq!(text.trim(), text, "{side}: a sentence is trimmed");
            last = b;
        }
        let col = usize::from(*side == "right");
        let shown: Vec<usize> = v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r[col].as_u64().and_then(|x| usize::try_from(x).ok()))
            .collect();
        assert_eq!(
            shown,
            (0..sentences.len()).collect::<Vec<_>>(),
            "{side}: rows"
        );
        let mut linked: Vec<usize> = v["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .flat_map(|g| indices(&g[side]))
            .collect();
        linked.extend(indices(&v["unaligned"][side]));
        linked.sort_unstable();
        assert_eq!(
            linked,
            (0..sentences.len()).collect::<Vec<_>>(),
            "{side}: linked + unaligned"
        );
    }
    for g in v["groups"].as_array().expect("groups") {
        for op in g["ops"].as_array().expect("ops") {
            for (side, file) in ["left", "right"].iter().zip(files) {
                let [a, b] = [0, 1].map(|k| {
                    usize::try_from(op[side]["byte"][k].as_u64().expect("byte")).expect("usize")
                });
                assert!(a <= b && b <= file.len());
                assert!(
                    std::str::from_utf8(&file[a..b]).is_ok(),
                    "op ranges fall on characters"
                );
            }
        }
    }
}

#[test]
fn compare_json_follows_the_schema_and_indexes_the_files() {
    let files = [
        std::fs::read(SEED_A).expect("seed"),
        std::fs::read(SEED_B).expect("seed"),
    ];
    let by_path = compare_json(&["compare", SEED_A, SEED_B, "--json"]);
    check_compare(&by_path, [&files[0], &files[1]]);
    assert_eq!(by_path["schema"], "qari.compare/1");
    // The same documents named by id: the same alignment.
    let by_id = compare_json(&["compare", "000", "001", "--json"]);
    assert_eq!(by_id["groups"], by_path["groups"]);
    assert_eq!(by_id["rows"], by_path["rows"]);
    // Reruns are byte-identical, keys in the documented order.
    let again = qari(&["compare", SEED_A, SEED_B, "--json"]);
    assert!(stdout(&again).starts_with(r#"{"schema":"qari.compare/1","left":{"id":"#));
    assert_eq!(
        again.stdout,
        qari(&["compare", SEED_A, SEED_B, "--json"]).stdout
    );
    // The residue line "Array" of 001 is linked to nothing; the lede is.
    let right = by_path["right"]["sentences"].as_array().expect("sentences");
    let slice = |s: &serde_json::Value| {
        let [a, b] =
            [0, 1].map(|k| usize::try_from(s["byte"][k].as_u64().expect("byte")).expect("usize"));
        String::from_utf8(files[1][a..b].to_vec()).expect("UTF-8")
    };
    assert_eq!(slice(&right[0]), "Array");
    assert!(indices(&by_path["unaligned"]["right"]).contains(&0));
    assert!(
        by_path["groups"][0]["left"]
            .as_array()
            .is_some_and(|l| l.contains(&0.into()))
    );
    let sim = by_path["similarity"].as_f64().expect("similarity");
    assert!(sim > 0.4, "000 and 001 tell the same story: {sim}");
    // An unrelated pair: next to nothing linked.
    let far = compare_json(&["compare", "000", "004", "--json"]);
    assert!(far["similarity"].as_f64().expect("similarity") < 0.15);
}

#[test]
fn compare_ranges_index_files_with_bom_crlf_and_json_escapes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let text_a = "\u{FEFF}قال المسؤول إن الاجتماع انتهى.\r\nوأكد أن المفاوضات ستستأنف غدا.\r\n";
    std::fs::write(&a, text_a).expect("write");
    let b = dir.path().join("b.jsonl");
    let body = "وأكد أن المفاوضات ستُستأنف غداً. قال المسؤول إن الاجتماع قد انتهى.";
    let escaped: String = body
        .chars()
        .map(|c| {
            if c == 'ق' {
                "\\u0642".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect();
    std::fs::write(&b, format!("{{\"id\":\"x\",\"text\":\"{escaped}\"}}\n")).expect("write");
    let file_b = std::fs::read(&b).expect("read");
    let v = compare_json(&[
        "compare",
        a.to_str().expect("path"),
        "x",
        "--corpus",
        b.to_str().expect("path"),
        "--json",
    ]);
    check_compare(&v, [text_a.as_bytes(), &file_b]);
    let at = |side: &str, i: usize, file: &[u8]| -> String {
        let s = &v[side]["sentences"][i]["byte"];
        let [x, y] = [0, 1].map(|k| usize::try_from(s[k].as_u64().expect("byte")).expect("usize"));
        String::from_utf8(file[x..y].to_vec()).expect("UTF-8")
    };
    assert_eq!(
        at("left", 0, text_a.as_bytes()),
        "قال المسؤول إن الاجتماع انتهى."
    );
    assert_eq!(
        at("left", 1, text_a.as_bytes()),
        "وأكد أن المفاوضات ستستأنف غدا."
    );
    // The right ranges cover the escaped form as stored.
    assert!(at("right", 1, &file_b).starts_with("\\u0642ال"));
    // Crossed order: left 0 ↔ right 1, left 1 ↔ right 0, one of them moved.
    let groups = v["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 2);
    assert_eq!(indices(&groups[0]["right"]), [1]);
    assert_eq!(indices(&groups[1]["right"]), [0]);
    assert_eq!(groups.iter().filter(|g| g["moved"] == true).count(), 1);
}

#[test]
fn compare_text_prints_aligned_panes() {
    let o = qari(&["compare", "000", "001", "--width", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[2].starts_with("similarity "), "{}", lines[2]);
    // Titles are laid out too: cut at their logical end, the left of RTL.
    assert!(
        lines[0].starts_with("A: 000_f9c2f484621a2b4c — …"),
        "{}",
        lines[0]
    );
    for l in &lines[3..] {
        assert!(cols(l) <= 100, "too wide: {l}");
    }
    // The character drawn at column 49 (marks take no column).
    let gutter = |l: &str| {
        use unicode_width::UnicodeWidthChar;
        let mut col = 0;
        l.chars().find(|c| {
            let here = col;
            col += c.width().unwrap_or(0);
            here == 49 && c.width().unwrap_or(0) > 0
        })
    };
    // The stray "Array" of 001 stands alone, marked right-only, left blank.
    let array = lines
        .iter()
        .find(|l| l.ends_with("Array"))
        .expect("Array line");
    assert_eq!(gutter(array), Some('>'));
    assert!(array.chars().take(48).all(|c| c == ' '));
    // The 10 January sentence (left) and its paraphrase (right) start on
    // the same line; rows are in visual order, so the words read reversed.
    let rev = |s: &str| s.chars().rev().collect::<String>();
    let pair = lines
        .iter()
        .find(|l| l.contains(&rev("هذه الواقعة قد جرت")))
        .expect("left sentence");
    assert!(pair.contains(&rev("وقال مسؤولي استخبارات")), "{pair}");
    assert_eq!(gutter(pair), Some('~'));
    // With `bidi = "off"` in the configuration, the panes are logical
    // order, left-aligned, like `qari show`.
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("off.toml");
    std::fs::write(&cfg, "[layout]\nbidi = \"off\"\n").expect("write");
    let o = qari(&[
        "--config",
        cfg.to_str().expect("path"),
        "compare",
        "000",
        "001",
        "-w",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("كشفت صحيفة The Guardian")),
        "{out}"
    );
    // Errors.
    let o = qari(&["compare", "000", "no-such-doc"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-doc"), "{}", stderr(&o));
    assert_eq!(
        qari(&["compare", "000", "001", "--width", "5"])
            .status
            .code(),
        Some(2)
    );
}

/// Runs qari with `input` on its standard input.
fn qari_with_input(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("qari-tests-no-config"),
        )
        .env_remove("QARI_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write");
    drop(stdin);
    child.wait_with_output().expect("wait")
}

#[test]
fn standard_input_is_a_document() {
    let text = "سلام (عليكم)\n\nhello\n";
    for (args, width) in [(&["show", "-", "--width", "20"][..], 20), (&["-"][..], 80)] {
        let o = qari_with_input(args, text.as_bytes());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{args:?}: {out:?}");
        assert_eq!(lines[0].trim_start(), "(مكيلع) مالس");
        assert_eq!(cols(lines[0]), width, "right-aligned at the width");
        assert_eq!(lines[2], "hello");
    }
    // Windows-1256 on standard input is detected like a file's.
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256
        .encode("قالت الصحيفة البريطانية إن زعيم التنظيم نجا من محاولة انقلاب نفذها مقاتلون أجانب");
    let o = qari_with_input(&["show", "-", "--bidi", "off"], &cp1256);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("نجا من محاولة"), "{}", stdout(&o));
    // Binary input is an error that says so.
    let o = qari_with_input(&["show", "-"], b"\x00\x01\x02");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
}

#[test]
fn a_long_listing_is_written_as_it_is_read_with_the_first_documents_widths() {
    // 10,005 records: the columns' widths come from the first 10,000; the
    // last record's longer id pushes its own row, nothing is lost.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("many.jsonl");
    let mut f = std::fs::File::create(&path).expect("create");
    for i in 0..10_005 {
        let id = if i == 10_004 {
            "a-much-longer-identifier".to_owned()
        } else {
            format!("d{i:05}")
        };
        writeln!(
            f,
            "{}",
            serde_json::json!({ "id": id, "title": format!("عنوان {i}"), "text": "نص قصير جدا" })
        )
        .expect("write");
    }
    drop(f);
    let o = qari(&["list", path.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10_005);
    assert!(
        lines[0].starts_with("d00000  3  rtl    عنوان 0"),
        "{}",
        lines[0]
    );
    assert!(
        lines[10_003].starts_with("d10003  3  rtl    "),
        "{}",
        lines[10_003]
    );
    assert!(
        lines[10_004].starts_with("a-much-longer-identifier  3  rtl    عنوان 10004"),
        "{}",
        lines[10_004]
    );
}
