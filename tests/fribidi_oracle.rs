//! `qari show` of every sample document at width 1000 gives, line by line,
//! GNU FriBidi's visual order (`fribidi --nopad --nobreak --reordernsm`),
//! recorded unshaped under `tests/data/fribidi/` by its `generate.py`.

use std::process::Command;

use unicode_bidi::Direction;
use unicode_width::UnicodeWidthChar;

const WIDTH: usize = 1000;

fn expected_row(source_line: &str, fribidi: &str) -> String {
    // FriBidi does not pad (--nopad); qari right-aligns RTL paragraphs (and
    // those with no strong character, in an RTL document).
    let rtl = unicode_bidi::get_base_direction(source_line) != Direction::Ltr;
    let width: usize = fribidi.chars().map(|c| c.width().unwrap_or(0)).sum();
    let pad = if rtl { WIDTH.saturating_sub(width) } else { 0 };
    format!("{}{}", " ".repeat(pad), fribidi)
        .trim_end_matches(' ')
        .to_owned()
}

#[test]
fn show_matches_fribidi_on_every_sample_line() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut checked = 0;
    for entry in std::fs::read_dir(format!("{root}/seeds")).expect("seeds") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(&path).expect("seed is UTF-8");
        let oracle = std::fs::read_to_string(format!("{root}/tests/data/fribidi/{name}"))
            .expect("recorded FriBidi output");
        let out = Command::new(env!("CARGO_BIN_EXE_qari"))
            .args(["show", path.to_str().expect("path"), "--width", "1000"])
            .output()
            .expect("run qari");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let shown = String::from_utf8(out.stdout).expect("UTF-8 output");
        let shown: Vec<&str> = shown.lines().collect();
        let src_lines: Vec<&str> = source.split('\n').collect();
        let oracle_lines: Vec<&str> = oracle.lines().collect();
        assert_eq!(
            shown.len(),
            src_lines.len(),
            "{name}: one row per source line"
        );
        assert_eq!(
            oracle_lines.len(),
            src_lines.len(),
            "{name}: oracle line count"
        );
        for (i, ((src, fb), got)) in src_lines.iter().zip(&oracle_lines).zip(&shown).enumerate() {
            assert_eq!(*got, expected_row(src, fb), "{name} line {}", i + 1);
            checked += 1;
        }
    }
    assert_eq!(checked, 262, "every line of the five samples");
}
