//! The command line as a user runs it: output, exit codes, error messages.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn qari(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        // From elsewhere than the repository: the sample is embedded.
        .current_dir(std::env::temp_dir())
        // No user configuration from the machine running the tests.
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("qari-tests-no-config"),
        )
        .env_remove("QARI_CONFIG")
        .output()
        .expect("run qari")
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
