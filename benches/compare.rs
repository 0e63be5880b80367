//! Compare benchmarks: two ~2,000-word Arabic articles telling the same
//! story differently (target: under 100 ms including word diffs), the same
//! plus the two-pane layout the reader does before its first compare frame,
//! and adversarial pairs of one-sentence texts (a 20-word vocabulary in
//! random order, 4,000 and 16,000 words a side) whose word diff is one huge
//! group: at 4,000 words `similar`'s Myers heuristics finish it well inside
//! the 50 ms diff deadline; at 16,000 the deadline cuts it. Prints each
//! adversarial pair timed once with and without the deadline, and after
//! criterion p50/p95/max of 200 plain timed runs.
//!
//! The inputs are built in memory at start from the sample seeds: A is the
//! sentences of seeds 000, 002 and 003 until it has 2,000 words; B is A
//! perturbed with a fixed xorshift generator (sentences moved, ~20%
//! replaced by sentences of 001 and 004, some merged, some with words
//! dropped, more sentences of 001 added).
//!
//! Run: `cargo bench --bench compare`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use qari::bidi::LayoutOptions;
use qari::compare::{Comparison, Options, compare, segment};
use qari::render::panes::{self, Pane};

const SEED_000: &str = include_str!("../seeds/000_f9c2f484621a2b4c.txt");
const SEED_001: &str = include_str!("../seeds/001_46000f0de5a71e36.txt");
const SEED_002: &str = include_str!("../seeds/002_8640509b14c5bd3a.txt");
const SEED_003: &str = include_str!("../seeds/003_dd513b96dabf059e.txt");
const SEED_004: &str = include_str!("../seeds/004_c0af4a274a0208a4.txt");

/// Words (whitespace-separated) in each article at least.
const TARGET_WORDS: usize = 2_000;
/// Pane width of the layout benchmark.
const PANE_WIDTH: usize = 78;
/// Plain timed runs for the percentiles.
const RUNS: usize = 200;

/// Deterministic xorshift64 generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `pct`%.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// One sentence of a seed with the paragraph (line) it was on.
#[derive(Clone)]
struct Sent {
    text: String,
    /// (seed, paragraph): sentences sharing it were on one line.
    para: (usize, usize),
}

fn sentences_of(seed: usize, text: &str) -> Vec<Sent> {
    segment::sentences(text)
        .into_iter()
        .map(|s| Sent {
            text: text[s.range].to_owned(),
            para: (seed, s.para),
        })
        .collect()
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '\'', ')', ']', '\u{201D}', '\u{00BB}'])
        .ends_with(['.', '!', '?', '\u{061F}', '\u{2026}', '\u{06D4}'])
}

/// Joins sentences into a text: one line per original paragraph.
fn join(sents: &[Sent]) -> String {
    let mut out = String::new();
    for (i, s) in sents.iter().enumerate() {
        if i > 0 {
            // Keep two sentences on one line only when the first ends with
            // a terminal mark (or the segmenter would merge them).
            let same = sents[i - 1].para == s.para && ends_sentence(&sents[i - 1].text);
            out.push(if same { ' ' } else { '\n' });
        }
        out.push_str(&s.text);
    }
    out.push('\n');
    out
}

/// Article A: sentences of 000, 002, 003 until `TARGET_WORDS` words.
fn article_a() -> Vec<Sent> {
    let mut out = Vec::new();
    let mut n = 0;
    for (seed, text) in [(0, SEED_000), (2, SEED_002), (3, SEED_003)] {
        for s in sentences_of(seed, text) {
            if n >= TARGET_WORDS {
                return out;
            }
            n += words(&s.text);
            out.push(s);
        }
    }
    out
}

/// Article B: a perturbed retelling of A.
fn article_b(a: &[Sent]) -> Vec<Sent> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let s001 = sentences_of(1, SEED_001);
    let s004 = sentences_of(4, SEED_004);
    let mut pool = s001.iter().zip(&s004).flat_map(|(x, y)| [x, y]).cycle();
    let mut out: Vec<Sent> = Vec::new();
    let mut i = 0;
    while i < a.len() {
        let s = &a[i];
        match rng.below(100) {
            // ~20% replaced by another outlet's or a related story's sentence.
            0..20 => out.push(pool.next().expect("pool cycles").clone()),
            // Some with words dropped (never the last, which has the mark).
            20..30 => {
                let ws: Vec<&str> = s.text.split_whitespace().collect();
                let last = ws.len().saturating_sub(1);
                let kept: Vec<&str> = ws
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k == last || !rng.chance(15))
                    .map(|(_, w)| *w)
                    .collect();
                out.push(Sent {
                    text: kept.join(" "),
                    para: s.para,
                });
            }
            // Some merged with the next: "first، second".
            30..38 if i + 1 < a.len() => {
                let first = s
                    .text
                    .trim_end_matches(['.', '!', '?', '\u{061F}', '\u{2026}', '\u{06D4}']);
                out.push(Sent {
                    text: format!("{first}، {}", a[i + 1].text),
                    para: s.para,
                });
                i += 1;
            }
            _ => out.push(s.clone()),
        }
        i += 1;
    }
    // Sentences moved a few places, in places.
    for _ in 0..out.len() / 8 {
        let from = rng.below(out.len());
        let to = (from + 1 + rng.below(6)).min(out.len() - 1);
        let moved = out.remove(from);
        out.insert(to, moved);
    }
    // One passage moved far: the first three sentences go two thirds of
    // the way down.
    let head: Vec<Sent> = out.drain(..3).collect();
    let at = out.len() * 2 / 3;
    out.splice(at..at, head);
    // More sentences of 001 (its own lines), added here and there.
    for s in s001.iter().rev().take(8) {
        let at = rng.below(out.len() + 1);
        out.insert(at, s.clone());
    }
    out
}

/// One sentence of `n` words drawn from a 20-word vocabulary.
fn one_sentence(n: usize, seed: u64) -> String {
    let mut vocab: Vec<&str> = SEED_000
        .split_whitespace()
        .filter(|w| {
            w.chars().count() >= 3 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        })
        .collect();
    vocab.sort_unstable();
    vocab.dedup();
    let step = vocab.len() / 20;
    let vocab: Vec<&str> = vocab.into_iter().step_by(step.max(1)).take(20).collect();
    let mut rng = Rng(seed);
    let mut out = String::new();
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(vocab[rng.below(vocab.len())]);
    }
    out.push('.');
    out
}

struct Inputs {
    a: String,
    b: String,
    /// 4,000 words a side.
    adv_a: String,
    adv_b: String,
    /// 16,000 words a side.
    big_a: String,
    big_b: String,
}

fn inputs() -> Inputs {
    let a = article_a();
    let b = article_b(&a);
    Inputs {
        a: join(&a),
        b: join(&b),
        adv_a: one_sentence(4_000, 0x1234_5678_9ABC_DEF1),
        adv_b: one_sentence(4_000, 0x0FED_CBA9_8765_4321),
        big_a: one_sentence(16_000, 0x1234_5678_9ABC_DEF1),
        big_b: one_sentence(16_000, 0x0FED_CBA9_8765_4321),
    }
}

fn pane(text: &str) -> Pane<'_> {
    Pane {
        text,
        opts: LayoutOptions {
            width: PANE_WIDTH,
            ..LayoutOptions::default()
        },
        spans: &[],
    }
}

fn compare_and_lay_out(a: &str, b: &str) -> (Comparison, usize) {
    let cmp = compare(a, b, &Options::default(), None);
    let (pa, pb) = (pane(a), pane(b));
    let n = panes::lines(&cmp, [&pa, &pb]).len();
    (cmp, n)
}

fn describe(inp: &Inputs) {
    for (name, t) in [
        ("A", &inp.a),
        ("B", &inp.b),
        ("adversarial A", &inp.adv_a),
        ("adversarial B", &inp.adv_b),
        ("adversarial 16k A", &inp.big_a),
        ("adversarial 16k B", &inp.big_b),
    ] {
        eprintln!(
            "input {name}: {} words, {} sentences, {} paragraphs, {} bytes",
            words(t),
            segment::sentences(t).len(),
            t.lines().filter(|l| !l.trim().is_empty()).count(),
            t.len()
        );
    }
    let (cmp, rows) = compare_and_lay_out(&inp.a, &inp.b);
    let c = cmp.counts();
    let diffs: usize = cmp.groups.iter().map(|g| g.ops.len()).sum();
    eprintln!(
        "A vs B: {} groups, {} word-diff ops, shared {}, moved {}, left only {}, right only {}, \
         similarity {:.2}, {} display lines at width {PANE_WIDTH}",
        cmp.groups.len(),
        diffs,
        c.shared,
        c.moved,
        c.left_only,
        c.right_only,
        cmp.scores.similarity,
        rows
    );
    // The adversarial pairs: one group each; timed once with the default
    // diff deadline and once with none (fewer ops = the deadline cut in).
    for (label, (a, b), deadline) in [
        (
            "4000 words, default diff deadline",
            (&inp.adv_a, &inp.adv_b),
            Options::default().diff_deadline,
        ),
        (
            "4000 words, no diff deadline",
            (&inp.adv_a, &inp.adv_b),
            Duration::MAX,
        ),
        (
            "16000 words, default diff deadline",
            (&inp.big_a, &inp.big_b),
            Options::default().diff_deadline,
        ),
        (
            "16000 words, no diff deadline",
            (&inp.big_a, &inp.big_b),
            Duration::MAX,
        ),
    ] {
        let opts = Options {
            diff_deadline: deadline,
            ..Options::default()
        };
        let t = Instant::now();
        let cmp = compare(a, b, &opts, None);
        let took = t.elapsed();
        let diffs: usize = cmp.groups.iter().map(|g| g.ops.len()).sum();
        eprintln!(
            "adversarial, {label}: {} group(s), {diffs} word-diff ops, {} once",
            cmp.groups.len(),
            ms(took)
        );
    }
}

fn bench(c: &mut Criterion) {
    let inp = inputs();
    let opts = Options::default();
    let mut g = c.benchmark_group("compare");
    g.bench_function("compare_2000_words", |b| {
        b.iter(|| compare(black_box(&inp.a), black_box(&inp.b), &opts, None));
    });
    g.bench_function("compare_and_lay_out_2000_words", |b| {
        b.iter(|| compare_and_lay_out(black_box(&inp.a), black_box(&inp.b)));
    });
    g.measurement_time(Duration::from_secs(6)); // 25-75 ms an iteration
    g.bench_function("adversarial_one_sentence", |b| {
        b.iter(|| compare(black_box(&inp.adv_a), black_box(&inp.adv_b), &opts, None));
    });
    g.bench_function("adversarial_one_sentence_16000_words", |b| {
        b.iter(|| compare(black_box(&inp.big_a), black_box(&inp.big_b), &opts, None));
    });
    g.finish();
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn percentiles(label: &str, mut run: impl FnMut()) {
    run(); // warm up
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    eprintln!(
        "{label}: p50 {}, p95 {}, max {} ({RUNS} runs)",
        ms(pct(&times, 0.50)),
        ms(pct(&times, 0.95)),
        ms(*times.last().expect("some runs"))
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    // `cargo test --benches` and `--list` run the binary too: no timing.
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let inp = inputs();
    if !quick {
        describe(&inp);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
    if quick {
        return;
    }
    let opts = Options::default();
    percentiles("compare 2000 words", || {
        black_box(compare(black_box(&inp.a), black_box(&inp.b), &opts, None));
    });
    percentiles("compare + lay out 2000 words", || {
        black_box(compare_and_lay_out(black_box(&inp.a), black_box(&inp.b)));
    });
}
