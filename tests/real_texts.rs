//! Recall and precision on real texts (docs/search.md §15a): the Quran in
//! two spellings and Arabic news, the Tanakh (pointed) and the Mishnah
//! (unpointed), Hafez (spaced) and a Persian translation (with ZWNJ), and
//! three Urdu translations. Each query is typed as a reader would (a whole
//! word); the documents it should find were decided by
//! `scripts/real_texts.py` from hand-made word lists, never by qari.
//!
//! `cargo test --test real_texts` runs the committed excerpts
//! (`tests/data/texts/`); the full texts are built by `python3
//! scripts/real_texts.py fetch build` into `target/texts/full/` and run by
//! `cargo test --release --test real_texts -- --ignored --nocapture`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use qari::corpus::{Corpus, LoadOptions};
use qari::search::{Engine, Parsed};

/// Counts of one language (or corpus).
#[derive(Default, Clone, Copy)]
struct Score {
    queries: usize,
    expected: usize,
    returned: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.queries += o.queries;
        self.expected += o.expected;
        self.returned += o.returned;
        self.right += o.right;
    }

    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.right as f64 / self.expected as f64
        }
    }

    fn precision(&self) -> f64 {
        if self.returned == 0 {
            1.0
        } else {
            self.right as f64 / self.returned as f64
        }
    }
}

/// Runs every query of `dir/queries.tsv` on its corpus; prints a table per
/// corpus and per language, and the misses; returns the languages' scores.
fn evaluate(dir: &Path) -> BTreeMap<String, Score> {
    let table = std::fs::read_to_string(dir.join("queries.tsv")).expect("queries.tsv");
    let mut by_corpus: BTreeMap<String, Vec<(String, String, HashSet<String>)>> = BTreeMap::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        let expected = cols[3]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        by_corpus.entry(cols[0].to_owned()).or_default().push((
            cols[1].to_owned(),
            cols[2].to_owned(),
            expected,
        ));
    }
    let mut langs: BTreeMap<String, Score> = BTreeMap::new();
    println!(
        "{:<14} {:>4} {:>8} {:>8} {:>7} {:>9}",
        "corpus", "lang", "queries", "expected", "recall", "precision"
    );
    for (corpus, queries) in &by_corpus {
        let path: PathBuf = dir.join(format!("{corpus}.jsonl"));
        let c = Corpus::load(&[path], &LoadOptions::default()).expect("corpus");
        let engine = Engine::in_memory(&c).expect("index");
        let mut score = Score::default();
        let mut misses = Vec::new();
        for (lang, q, expected) in queries {
            let parsed = Parsed::new(&format!("{q} "), false);
            let res = engine.search(&parsed, 100_000).expect("search");
            let found: HashSet<String> = res
                .hits
                .iter()
                .filter_map(|h| engine.details(h, &res.matcher, 10))
                .map(|d| d.id)
                .collect();
            let right = found.intersection(expected).count();
            let s = Score {
                queries: 1,
                expected: expected.len(),
                returned: found.len(),
                right,
            };
            if right < expected.len() || right < found.len() {
                let mut extra: Vec<&String> = found.difference(expected).collect();
                let mut missed: Vec<&String> = expected.difference(&found).collect();
                extra.sort();
                missed.sort();
                misses.push(format!(
                    "  {q}: missed {} {:?}, extra {} {:?}",
                    missed.len(),
                    missed.iter().take(4).collect::<Vec<_>>(),
                    extra.len(),
                    extra.iter().take(4).collect::<Vec<_>>()
                ));
            }
            score.add(s);
            langs.entry(lang.clone()).or_default().add(s);
        }
        let lang = &queries[0].0;
        println!(
            "{corpus:<14} {lang:>4} {:>8} {:>8} {:>7.3} {:>9.3}",
            score.queries,
            score.expected,
            score.recall(),
            score.precision()
        );
        for m in misses {
            println!("{m}");
        }
    }
    println!("\nlanguage  queries  expected  recall  precision");
    for (lang, s) in &langs {
        println!(
            "{lang:<9} {:>7} {:>9} {:>7.3} {:>10.3}",
            s.queries,
            s.expected,
            s.recall(),
            s.precision()
        );
    }
    langs
}

fn check(langs: &BTreeMap<String, Score>) {
    for lang in ["ar", "he", "fa", "ur"] {
        let s = langs.get(lang).copied().unwrap_or_default();
        assert!(s.queries >= 30, "{lang}: {} queries", s.queries);
        assert!(s.expected > 0, "{lang}: nothing expected");
        assert!(
            s.recall() >= 0.95 && s.precision() >= 0.95,
            "{lang}: recall {:.3}, precision {:.3}",
            s.recall(),
            s.precision()
        );
    }
}

#[test]
fn excerpts_are_found_in_every_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/texts");
    check(&evaluate(&dir));
}

#[test]
#[ignore = "needs the full texts: python3 scripts/real_texts.py fetch build"]
fn full_texts_are_found_in_every_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/texts/full");
    assert!(
        dir.join("queries.tsv").exists(),
        "run: python3 scripts/real_texts.py fetch build"
    );
    check(&evaluate(&dir));
}
