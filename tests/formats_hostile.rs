//! Damaged files of every format (issue 15): each fixture cut at many
//! places and with bytes flipped, read as the file it claims to be. No
//! panic, no hang; every document read has a text whose characters map to
//! bytes inside the file (and, for a text format, to the same characters
//! there when the file is UTF-8 and the character came verbatim).

use std::path::Path;

use proptest::prelude::*;
use qari::corpus::{Corpus, LoadOptions};

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(rel),
    )
    .expect("fixture")
}

/// Reads `bytes` as a file named `name`, checking every document's map.
fn read_checked(name: &str, bytes: &[u8]) {
    let corpus = Corpus::from_file_bytes(name, bytes, &LoadOptions::default());
    for i in 0..corpus.len() {
        let Ok(text) = corpus.text(i) else {
            continue;
        };
        let t = &text.text;
        for (k, _) in t.char_indices() {
            let src = text.to_source(k);
            assert!(
                src <= bytes.len(),
                "{name}: text offset {k} maps to {src}, past the file's {} bytes",
                bytes.len()
            );
        }
        assert!(text.to_source(t.len()) <= bytes.len() || t.is_empty());
    }
}

const FIXTURES: &[(&str, &str)] = &[
    ("csv/news.csv", "a.csv"),
    ("csv/news.tsv", "a.tsv"),
    ("csv/broken-quote.csv", "a.csv"),
    ("csv/semicolons.csv", "a.csv"),
    ("xml/gigaword.sgml", "a.sgml"),
    ("xml/osian.xml", "a.xml"),
    ("xml/tei.xml", "a.xml"),
    ("xml/malformed.sgml", "a.sgml"),
    ("xml/rss.xml", "a.xml"),
    ("html/ar_news.html", "a.html"),
    ("html/fa_zwnj.html", "a.html"),
    ("html/no_body.html", "a.html"),
];

#[test]
fn every_cut_of_every_fixture_is_read_without_panic() {
    for (rel, name) in FIXTURES {
        let bytes = fixture(rel);
        // Every cut on a 7-byte stride (and the last bytes), mid-character
        // included.
        let mut cuts: Vec<usize> = (0..bytes.len()).step_by(7).collect();
        cuts.extend(bytes.len().saturating_sub(8)..bytes.len());
        for cut in cuts {
            read_checked(name, &bytes[..cut]);
        }
    }
}

#[test]
fn every_cut_of_the_parquet_fixture_is_read_without_panic() {
    let bytes = fixture("parquet/news.parquet");
    let whole = Corpus::from_file_bytes("a.parquet", &bytes, &LoadOptions::default());
    assert_eq!(whole.len(), 4);
    for cut in 0..bytes.len() {
        // Rows read before the damage are kept; no panic, and a warning
        // when rows are missing.
        let c = Corpus::from_file_bytes("a.parquet", &bytes[..cut], &LoadOptions::default());
        assert!(c.len() == 4 || !c.warnings.is_empty(), "cut at {cut}");
    }
    for i in (0..bytes.len()).step_by(3) {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        let _ = Corpus::from_file_bytes("a.parquet", &b, &LoadOptions::default());
    }
}

#[test]
fn a_parquet_file_cut_or_garbled_is_a_warning() {
    for bytes in [
        b"PAR1".to_vec(),
        b"PAR1\0\0\0\0PAR1".to_vec(),
        b"not parquet at all".to_vec(),
        vec![0u8; 64],
    ] {
        let corpus = Corpus::from_file_bytes("a.parquet", &bytes, &LoadOptions::default());
        assert_eq!(corpus.len(), 0);
        assert!(!corpus.warnings.is_empty(), "a warning for {bytes:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96)
    ))]

    #[test]
    fn flipped_bytes_never_panic(
        which in 0..FIXTURES.len(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
    ) {
        let (rel, name) = FIXTURES[which];
        let mut bytes = fixture(rel);
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        read_checked(name, &bytes);
    }
}
