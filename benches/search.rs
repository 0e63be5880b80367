//! Search benchmark on a generated corpus (see `scripts/bench-search.sh`,
//! which makes it): reopening the persistent index plus a first query,
//! then search-as-you-type — every prefix of 60 words and 15 three-word
//! queries typed letter by letter, each keystroke answered as the reader's search thread answers
//! it (search, then titles and snippets for 20 visible rows) — with p50,
//! p95, p99 and the worst (the quick answer a keystroke waits for; the
//! whole answers that follow a cut one are timed apart), and the process's resident memory.
//!
//! ```text
//! QARI_BENCH_CORPUS=target/qari-bench/c100k cargo bench --bench search
//! ```
//!
//! `QARI_BENCH_FILTER="source:x date:2015 "` types every query after those
//! filters; `QARI_BENCH_FACETS=1` asks for the facets too, and then times
//! each keystroke to the answer that carries them (issue 15).

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use qari::corpus::LoadOptions;
use qari::search::ask::{Answer, Ask, Request, answer, answers};
use qari::search::{Engine, IndexOptions};

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Words to type: a spread of the sample's vocabulary, frequent and rare,
/// with and without clitics, deterministic.
fn words() -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for (_, bytes) in qari::sample::FILES {
        let text = String::from_utf8_lossy(bytes);
        for w in text.split_whitespace() {
            let w: String = w.chars().filter(|c| qari::arabic::is_letter(*c)).collect();
            if w.chars().count() >= 4 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
                all.push(w);
            }
        }
    }
    all.sort();
    all.dedup();
    let step = (all.len() / 60).max(1);
    let mut out: Vec<String> = all.into_iter().step_by(step).take(60).collect();
    // And 15 queries of three words, typed whole: complete words ANDed
    // with a prefix.
    let text = String::from_utf8_lossy(qari::sample::FILES[1].1).into_owned();
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) && w.chars().count() >= 3
        })
        .collect();
    for k in 0..15 {
        let at = (k * 37) % words.len().saturating_sub(3).max(1);
        out.push(words[at..(at + 3).min(words.len())].join(" "));
    }
    out
}

/// Arabic words of at least three letters in `text`, in order.
fn arabic_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| ('\u{0621}'..='\u{064A}').contains(c))
                .collect::<String>()
        })
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

/// Words to type taken from the corpus itself: the texts of its first 20
/// files (one per article, or JSON Lines records), their words ranked by
/// how often they occur there, 60 taken at even steps from the most
/// frequent to the rarest; and 15 runs of three consecutive words.
fn corpus_words(dir: &std::path::Path) -> Vec<String> {
    let mut texts = Vec::new();
    let files = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(20);
    for e in files {
        let Ok(raw) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        if e.path().extension().is_some_and(|x| x == "jsonl") {
            for line in raw.lines().take(50) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                    && let Some(t) = v.get("text").and_then(|t| t.as_str())
                {
                    texts.push(t.to_owned());
                }
            }
        } else {
            texts.push(raw);
        }
    }
    let mut freq: std::collections::HashMap<String, usize> = Default::default();
    for t in &texts {
        for w in arabic_words(t) {
            *freq.entry(w).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = freq.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let step = (ranked.len() / 60).max(1);
    let mut out: Vec<String> = ranked
        .into_iter()
        .step_by(step)
        .take(60)
        .map(|(w, _)| w)
        .collect();
    let all: Vec<String> = texts.iter().flat_map(|t| arabic_words(t)).collect();
    for k in 0..15 {
        let at = (k * 101) % all.len().saturating_sub(3).max(1);
        out.push(all[at..(at + 3).min(all.len())].join(" "));
    }
    out
}

fn main() {
    let Some(corpus) = std::env::var_os("QARI_BENCH_CORPUS").map(PathBuf::from) else {
        eprintln!(
            "set QARI_BENCH_CORPUS to a corpus indexed with `qari index` (scripts/bench-search.sh does it)"
        );
        return;
    };
    let load = LoadOptions::default();
    let t = Instant::now();
    let (engine, report) = Engine::open(
        std::slice::from_ref(&corpus),
        &load,
        &IndexOptions::default(),
        &mut |_| {},
    )
    .expect("open");
    let opened = t.elapsed();
    let latest = AtomicU64::new(1);
    let first_q = Request {
        generation: 1,
        ask: Ask::Search {
            query: "البغدادي".to_owned(),
            strict: false,
            order: None,
            facets: false,
        },
        rows: 20,
        snippet_chars: 160,
    };
    let t = Instant::now();
    let a = answer(&engine, &first_q, &latest).expect("answer");
    let first = t.elapsed();
    println!(
        "reopen (walk + stat + manifest + open + reader): {} ({}); first query + 20 snippets: {} ({} hits); together {}",
        ms(opened),
        if report.touched() {
            report.summary()
        } else {
            "up to date".to_owned()
        },
        ms(first),
        a.total,
        ms(opened + first)
    );
    println!("documents: {}", engine.num_docs());

    // QARI_BENCH_WORDS=corpus: words of the corpus's own first documents
    // (frequent and rare in them), instead of the sample's.
    let own = std::env::var("QARI_BENCH_WORDS").is_ok_and(|v| v == "corpus");
    let words = if own { corpus_words(&corpus) } else { words() };
    println!(
        "words typed: {}",
        if own {
            "the corpus's own (QARI_BENCH_WORDS=corpus)"
        } else {
            "the sample's"
        }
    );
    let mut times = Vec::new();
    let mut slowest: Vec<(Duration, String, usize, bool)> = Vec::new();
    // Keystrokes whose quick answer was cut, and when their whole answer came.
    let mut refined = 0usize;
    let mut whole: Vec<Duration> = Vec::new();
    let mut by_len: std::collections::BTreeMap<usize, Vec<Duration>> = Default::default();
    let mut generation = 1;
    let filter = std::env::var("QARI_BENCH_FILTER").unwrap_or_default();
    let facets = std::env::var("QARI_BENCH_FACETS").is_ok_and(|v| v == "1");
    println!(
        "filters typed first: «{filter}»; facets: {}",
        if facets {
            "asked (timed to the answer that carries them)"
        } else {
            "no"
        }
    );
    for w in &words {
        let chars: Vec<char> = w.chars().collect();
        for n in 1..=chars.len() {
            generation += 1;
            latest.store(generation, std::sync::atomic::Ordering::SeqCst);
            let q: String = chars[..n].iter().collect();
            let q = format!("{filter}{q}");
            let req = Request {
                generation,
                ask: Ask::Search {
                    query: q.clone(),
                    strict: false,
                    order: None,
                    facets,
                },
                rows: 20,
                snippet_chars: 160,
            };
            // As the reader's search thread answers: a quick answer first
            // (what the keystroke waits for), then, when it was cut, the
            // whole one (the screen is not waiting for it).
            let t = Instant::now();
            let mut first: Option<(Duration, Answer)> = None;
            let mut with_facets = None;
            answers(&engine, &req, &latest, &mut |a| {
                let d = t.elapsed();
                if a.facets.is_some() {
                    with_facets = Some(d);
                }
                if first.is_none() {
                    first = Some((d, a));
                } else {
                    refined += 1;
                    whole.push(d);
                }
            });
            let (mut d, a) = first.expect("an answer");
            if facets && let Some(f) = with_facets {
                d = f;
            }
            slowest.push((d, q, a.total, a.partial || a.counting));
            times.push(d);
            by_len.entry(n.min(5)).or_default().push(d);
        }
    }
    times.sort();
    slowest.sort_by_key(|b| std::cmp::Reverse(b.0));
    println!("slowest keystrokes:");
    for (d, q, total, partial) in slowest.iter().take(8) {
        let plus = if *partial { "+" } else { "" };
        println!("  {} «{q}» {total}{plus} hits", ms(*d));
    }
    println!(
        "keystrokes: {} ({} queries typed letter by letter; search + titles + snippets for 20 rows)",
        times.len(),
        words.len()
    );
    println!(
        "  p50 {}  p95 {}  p99 {}  max {}",
        ms(pct(&times, 0.5)),
        ms(pct(&times, 0.95)),
        ms(pct(&times, 0.99)),
        ms(*times.last().expect("some"))
    );
    whole.sort();
    if !whole.is_empty() {
        println!(
            "  whole answers after a quick one: {refined}; p50 {}  p95 {}  max {} (the screen already shows the quick one)",
            ms(pct(&whole, 0.5)),
            ms(pct(&whole, 0.95)),
            ms(*whole.last().expect("some"))
        );
    }
    for (n, mut v) in by_len {
        v.sort();
        println!(
            "  {}{} chars typed: p50 {}  p95 {}  p99 {}  ({} keystrokes)",
            n,
            if n == 5 { "+" } else { "" },
            ms(pct(&v, 0.5)),
            ms(pct(&v, 0.95)),
            ms(pct(&v, 0.99)),
            v.len()
        );
    }
    println!(
        "resident memory: now {} MB ({} MB anonymous, {} MB file-backed: index pages), peak {} MB",
        rss_kb("VmRSS:") / 1024,
        rss_kb("RssAnon:") / 1024,
        rss_kb("RssFile:") / 1024,
        rss_kb("VmHWM:") / 1024
    );
}
