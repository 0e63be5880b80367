//! Conformance: the engine's level and reordering stages (rules P–I, L1, L2)
//! over every case of the Unicode `BidiCharacterTest.txt` (shipped under
//! `tests/data/` with its licence header).

use qari::bidi::Dir;
use qari::bidi::reorder::conformance;

#[test]
fn bidi_character_test_all_cases_pass() {
    let data = include_str!("data/BidiCharacterTest.txt");
    let mut cases = 0usize;
    let mut failures = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f.len(), 5, "line {}: malformed", n + 1);
        let text: String = f[0]
            .split_whitespace()
            .map(|h| {
                u32::from_str_radix(h, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .expect("code point")
            })
            .collect();
        let dir = match f[1] {
            "0" => Some(Dir::Ltr),
            "1" => Some(Dir::Rtl),
            _ => None,
        };
        let para: u8 = f[2].parse().expect("paragraph level");
        let levels: Vec<Option<u8>> = f[3]
            .split_whitespace()
            .map(|l| if l == "x" { None } else { l.parse().ok() })
            .collect();
        let order: Vec<usize> = f[4]
            .split_whitespace()
            .map(|o| o.parse().expect("index"))
            .collect();
        cases += 1;
        let got = conformance(&text, dir);
        if got.paragraph_level != para || got.levels != levels || got.order != order {
            failures.push(format!(
                "line {}: expected {para} {levels:?} {order:?}, got {} {:?} {:?}",
                n + 1,
                got.paragraph_level,
                got.levels,
                got.order
            ));
        }
    }
    println!(
        "BidiCharacterTest: {} of {cases} cases pass",
        cases - failures.len()
    );
    assert!(cases > 90_000, "only {cases} cases read");
    assert!(
        failures.is_empty(),
        "{} failures, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}
