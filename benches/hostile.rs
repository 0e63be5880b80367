//! The hostile shapes of issue 12, each timed at three sizes (n, 2n, 4n):
//! every pass over a line or a document must be linear or n·log n in its
//! length, so each doubling should about double the time (a ratio near 2;
//! near 4 would be quadratic). Prints one table; the figures are in
//! BENCHMARKS.md.
//!
//! Run: `cargo bench --bench hostile` (release build; a minute or two).

use std::hint::black_box;
use std::time::{Duration, Instant};

use qari::bidi::{self, LayoutOptions};
use qari::compare::{self, Options};
use qari::corpus::{Corpus, LoadOptions};
use qari::render::document;
use qari::search::{Matcher, Parsed, snippet};

const WORDS: &[&str] = &[
    "قالت",
    "الصحيفة",
    "زعيم",
    "التنظيم",
    "نجا",
    "محاولة",
    "انقلاب",
    "مقاتلون",
    "أجانب",
    "سوريا",
    "الرئيس",
    "الحكومة",
    "القاهرة",
    "بغداد",
    "الوزير",
    "البرلمان",
    "الجيش",
    "المدينة",
];

/// The best timing of `f`: at least `runs` runs, and more (up to 50) while
/// they add up to less than half a second, so that a shape measured in
/// milliseconds is not one run's noise on a busy machine.
fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut done = 0;
    while done < runs || (done < 50 && total < Duration::from_millis(500)) {
        let t = Instant::now();
        f();
        let took = t.elapsed();
        best = best.min(took);
        total += took;
        done += 1;
    }
    best
}

fn words(n: usize) -> String {
    (0..n)
        .map(|i| WORDS[i % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Distinct words made of letters (no digits: the tokenizer splits those).
fn distinct(i: usize) -> String {
    let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفق".chars().collect();
    let mut w = String::from("كم");
    let mut k = i;
    for _ in 0..4 {
        w.push(letters[k % letters.len()]);
        k /= letters.len();
    }
    w
}

struct Row {
    shape: &'static str,
    unit: &'static str,
    sizes: [usize; 3],
    times: [Duration; 3],
}

fn measure(
    shape: &'static str,
    unit: &'static str,
    base: usize,
    runs: usize,
    mut make_and_run: impl FnMut(usize) -> Box<dyn FnMut()>,
) -> Row {
    let sizes = [base, base * 2, base * 4];
    let times = sizes.map(|n| {
        let mut f = make_and_run(n);
        time(runs, &mut *f)
    });
    Row {
        shape,
        unit,
        sizes,
        times,
    }
}

fn main() {
    let layout = LayoutOptions::default();
    let mut rows = Vec::new();

    rows.push(measure(
        "one letter + n combining marks, laid out",
        "marks",
        50_000,
        3,
        |n| {
            let text: String = std::iter::once('ب')
                .chain(std::iter::repeat_n('\u{064E}', n))
                .collect();
            let o = layout.clone();
            Box::new(move || {
                black_box(bidi::layout_paragraph(&text, 0, &[], &o));
            })
        },
    ));
    rows.push(measure(
        "n orphan marks, laid out",
        "marks",
        50_000,
        3,
        |n| {
            let text: String = std::iter::repeat_n('\u{0651}', n).collect();
            let o = layout.clone();
            Box::new(move || {
                black_box(bidi::layout_paragraph(&text, 0, &[], &o));
            })
        },
    ));
    rows.push(measure(
        "a line of n MB, qari show (one thread)",
        "MB",
        12,
        1,
        |n| {
            let text = words(n * 1_000_000 / 12);
            let o = layout.clone();
            Box::new(move || {
                black_box(document::render_plain(&text, &o, 1));
            })
        },
    ));
    rows.push(measure(
        "a JSON Lines record of n MB, read",
        "MB",
        12,
        1,
        |n| {
            let text = words(n * 1_000_000 / 12);
            let line = format!(
                "{{\"id\":\"x\",\"text\":{}}}\n",
                serde_json::to_string(&text).unwrap_or_default()
            );
            Box::new(move || {
                black_box(Corpus::from_file_bytes(
                    "big.jsonl",
                    line.as_bytes(),
                    &LoadOptions::default(),
                ));
            })
        },
    ));
    rows.push(measure("n sentences, cut", "sentences", 25_000, 3, |n| {
        let text: String = (0..n)
            .map(|i| format!("{} {}. ", WORDS[i % 18], i % 97))
            .collect();
        Box::new(move || {
            black_box(compare::segment::sentences(&text));
        })
    }));
    rows.push(measure(
        "n sentences against n, compared (past the cut-off)",
        "sentences",
        25_000,
        1,
        |n| {
            let a: String = (0..n)
                .map(|i| format!("{} {} ذهب.\n", distinct(i), WORDS[i % 18]))
                .collect();
            let b: String = (0..n)
                .map(|i| format!("{} {} ذهب.\n", distinct(i + 7), WORDS[i % 18]))
                .collect();
            Box::new(move || {
                black_box(compare::compare(&a, &b, &Options::default(), None));
            })
        },
    ));
    rows.push(measure(
        "n one-word sentences against 450 KB, compared",
        "sentences",
        125_000,
        1,
        |n| {
            let a: String = (0..n).map(|_| "كلمة.\n").collect();
            let b: String = (0..2_500)
                .map(|i| format!("{} جملة أطول قليلا من غيرها هنا.\n", WORDS[i % 18]))
                .collect();
            Box::new(move || {
                black_box(compare::compare(&a, &b, &Options::default(), None));
            })
        },
    ));
    rows.push(measure(
        "a query of n words, parsed and matched in a 1 MB text",
        "words",
        2_500,
        3,
        |n| {
            let q: String = (0..n).map(distinct).collect::<Vec<_>>().join(" ") + " ";
            let text: String = (0..60_000)
                .map(|i| distinct(i % 20_000))
                .collect::<Vec<_>>()
                .join(" ");
            Box::new(move || {
                let parsed = Parsed::new(&q, false);
                let m = Matcher::new(&parsed, false);
                black_box(m.hits(&text));
                black_box(m.accepts(&text));
            })
        },
    ));
    rows.push(measure(
        "a text of n words, matched and a snippet made",
        "words",
        250_000,
        3,
        |n| {
            let text = words(n);
            let m = Matcher::new(&Parsed::new("زعيم مدر", false), false);
            Box::new(move || {
                let hits = m.hits(&text);
                black_box(snippet::make(&text, &hits, 160));
            })
        },
    ));
    rows.push(measure(
        "n nested folders, listed",
        "folders",
        250,
        1,
        |n| {
            let dir = tempfile::tempdir().expect("tmp");
            let mut p = dir.path().to_path_buf();
            for _ in 0..n {
                p.push("d");
            }
            std::fs::create_dir_all(&p).expect("mkdir");
            std::fs::write(p.join("x.txt"), "نص").expect("write");
            let root = dir.path().to_path_buf();
            Box::new(move || {
                let _keep = &dir;
                black_box(Corpus::load(std::slice::from_ref(&root), &LoadOptions::default()).ok());
            })
        },
    ));

    println!(
        "{:<58} {:>24} {:>30} {:>12}",
        "shape", "sizes", "times", "ratios"
    );
    for r in &rows {
        let ms = r.times.map(|t| t.as_secs_f64() * 1000.0);
        println!(
            "{:<58} {:>24} {:>30} {:>12}",
            r.shape,
            format!("{}/{}/{} {}", r.sizes[0], r.sizes[1], r.sizes[2], r.unit),
            format!("{:.1} / {:.1} / {:.1} ms", ms[0], ms[1], ms[2]),
            format!(
                "{:.1}, {:.1}",
                ms[1] / ms[0].max(1e-3),
                ms[2] / ms[1].max(1e-3)
            ),
        );
    }
}
