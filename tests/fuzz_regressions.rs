//! Every input the fuzz targets (`fuzz/`) found a failure with, replayed
//! through the same invariant checks (`fuzz/src/checks.rs`): the inputs
//! are in `tests/data/fuzz/<target>/`, one file each, named after what
//! they broke. Also each check on a few ordinary inputs, so that the
//! checks themselves are known to pass on good behaviour.

use std::path::Path;

#[path = "../fuzz/src/checks.rs"]
mod checks;

type Check = fn(&[u8]);

const TARGETS: &[(&str, Check)] = &[
    ("decode", checks::decode),
    ("segment", checks::segment),
    ("layout", checks::layout),
    ("query", checks::query),
    ("snippet", checks::snippet),
    ("compare", checks::compare),
    ("config", checks::config),
];

#[test]
fn every_kept_crash_input_passes_its_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut replayed = 0;
    for (target, check) in TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            let name = f.display().to_string();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{target}: {name} fails its check again");
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no crash input kept under {}", root.display());
}

/// Ordinary inputs: the sample, a JSON Lines file, a config.
#[test]
fn the_checks_pass_on_ordinary_input() {
    let sample = include_bytes!("../seeds/001_46000f0de5a71e36.txt");
    let jsonl = "{\"id\":\"a\",\"title\":\"عنوان\",\"text\":\"قال \\\"الوزير\\\" \\u0625\\u0646\\nسطر\"}\n\n{\"id\":\"b\",\"text\":\"ثان\"}\n";
    for kind in 0..2u8 {
        let mut d = vec![kind, 0];
        d.extend_from_slice(if kind == 0 {
            &sample[..]
        } else {
            jsonl.as_bytes()
        });
        checks::decode(&d);
    }
    let (cp, _, _) = encoding_rs::WINDOWS_1256.encode(jsonl);
    let mut d = vec![1, 4];
    d.extend_from_slice(&cp);
    checks::decode(&d);
    checks::segment(sample);
    let mut d = vec![0b1000, 40, 8, 3, 2, 0, 30, 1, 60, 5, 4];
    d.extend_from_slice(&sample[..2000]);
    checks::layout(&d);
    let mut d = vec![80];
    d.extend_from_slice("الرئيس مدر".as_bytes());
    d.push(0xFF);
    d.extend_from_slice(sample);
    checks::query(&d);
    let mut d = vec![60, 4, 10, 20, 30, 40, 200, 250, 1, 2];
    d.extend_from_slice(sample);
    checks::snippet(&d);
    let a = include_bytes!("../seeds/000_f9c2f484621a2b4c.txt");
    for flags in [0u8, 1, 7] {
        let mut d = vec![flags, 70];
        d.extend_from_slice(a);
        d.push(0xFF);
        d.extend_from_slice(sample);
        checks::compare(&d);
    }
    checks::config(b"[layout]\nshape = true\n[keys.reading]\ndown = [\"j\", \"ctrl-n\"]\n");
    checks::config(b"[layout\nwidth = ");
}
