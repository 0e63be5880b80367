//! Dates and sources on an index (issue 15): `source:`, `date:` and
//! `lang:` filters with words, `--sort`, and `--facets`, each checked
//! against what the test itself knows of the records it wrote.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

#[path = "common/cli.rs"]
mod cli;

use cli::{json_lines, qari};

/// One record as the test knows it.
struct Rec {
    id: String,
    source: Option<&'static str>,
    /// (year, month, day)
    date: Option<(i32, u32, u32)>,
    topic: &'static str,
    persian: bool,
}

const SOURCES: [&str; 3] = ["Al Jazeera", "BBC Arabic", "الأهرام"];
const TOPICS: [&str; 2] = ["الانتخابات", "الاقتصاد"];
const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 90 records: every 4th day from 2018-12-20, sources in turn, every 7th
/// without a date and every 11th without a source; a few in Persian.
fn records() -> Vec<Rec> {
    let (mut y, mut m, mut d) = (2018, 12, 20);
    (0..90)
        .map(|i| {
            let date = (i % 7 != 3).then_some((y, m, d));
            for _ in 0..4 {
                d += 1;
                if d > days_in(y, m) {
                    d = 1;
                    m += 1;
                    if m > 12 {
                        m = 1;
                        y += 1;
                    }
                }
            }
            Rec {
                id: format!("r{i:02}"),
                source: (i % 11 != 5).then(|| SOURCES[i % 3]),
                date,
                topic: TOPICS[i % 2],
                persian: i % 13 == 0,
            }
        })
        .collect()
}

fn write_corpus(dir: &Path, recs: &[Rec]) {
    let mut f = std::fs::File::create(dir.join("news.jsonl")).expect("create");
    for (i, r) in recs.iter().enumerate() {
        let text = if r.persian {
            format!("این یک خبر درباره {} است و می‌خواهیم آن را بخوانیم", r.topic)
        } else {
            format!("خبر عن {} في المنطقة اليوم", r.topic)
        };
        let mut rec = serde_json::json!({"id": r.id, "text": text, "section": "أخبار"});
        if let Some(s) = r.source {
            rec["source"] = s.into();
        }
        if let Some((y, m, d)) = r.date {
            // The same dates written three ways.
            rec["date"] = match i % 3 {
                0 => format!("{y}-{m:02}-{d:02}T08:00:00Z"),
                1 => format!("{d} {} {y}", AR_MONTHS[m as usize - 1]),
                _ => format!("{d:02}/{m:02}/{y}"),
            }
            .into();
        }
        writeln!(f, "{rec}").expect("write");
    }
}

struct Fixture {
    _tmp: tempfile::TempDir,
    corpus: String,
    cache: std::path::PathBuf,
    recs: Vec<Rec>,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("dir");
    let recs = records();
    write_corpus(&c, &recs);
    Fixture {
        corpus: c.to_str().expect("utf-8").to_owned(),
        cache: tmp.path().join("cache"),
        _tmp: tmp,
        recs,
    }
}

impl Fixture {
    fn search(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let mut all = vec!["search", "--json", "-n", "1000"];
        all.extend_from_slice(args);
        all.push(&self.corpus);
        json_lines(&qari(&all, &self.cache))
    }

    fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut ids: Vec<String> = self
            .search(args)
            .iter()
            .filter(|v| v.get("facets").is_none())
            .map(|v| v["id"].as_str().expect("id").to_owned())
            .collect();
        ids.sort();
        ids
    }

    fn expect(&self, keep: &dyn Fn(&Rec) -> bool) -> Vec<String> {
        let mut ids: Vec<String> = self
            .recs
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.id.clone())
            .collect();
        ids.sort();
        ids
    }
}

#[test]
fn filters_restrict_the_words_matches() {
    let f = fixture();
    let jazeera = |r: &Rec| r.source == Some("Al Jazeera");
    assert_eq!(f.ids(&["source:jazeera"]), f.expect(&jazeera));
    assert_eq!(
        f.ids(&["source:\"bbc arabic\""]),
        f.expect(&|r| r.source == Some("BBC Arabic"))
    );
    assert_eq!(
        f.ids(&["source:jazeera,الأهرام"]),
        f.expect(&|r| matches!(r.source, Some("Al Jazeera" | "الأهرام")))
    );
    let feb = |r: &Rec| matches!(r.date, Some((2019, 2, _)));
    assert_eq!(f.ids(&["date:2019-02"]), f.expect(&feb));
    assert_eq!(
        f.ids(&["date:2019-01..2019-03"]),
        f.expect(&|r| matches!(r.date, Some((2019, 1..=3, _))))
    );
    assert_eq!(
        f.ids(&["date:2019-01-15..2019-02-03"]),
        f.expect(&|r| r
            .date
            .is_some_and(|d| ((2019, 1, 15)..=(2019, 2, 3)).contains(&d)))
    );
    assert_eq!(
        f.ids(&["date:..2018"]),
        f.expect(&|r| r.date.is_some_and(|d| d.0 <= 2018))
    );
    assert_eq!(
        f.ids(&["الانتخابات source:jazeera date:2019-02"]),
        f.expect(&|r| r.topic == "الانتخابات" && jazeera(r) && feb(r))
    );
    assert_eq!(f.ids(&["lang:fa"]), f.expect(&|r| r.persian));
    assert_eq!(
        f.ids(&["الاقتصاد lang:ar"]),
        f.expect(&|r| r.topic == "الاقتصاد" && !r.persian)
    );
    assert!(f.ids(&["source:nowhere"]).is_empty());
}

#[test]
fn results_sort_by_date_either_way_and_by_source() {
    let f = fixture();
    let day_of = |v: &serde_json::Value| v["date_iso"].as_str().map(str::to_owned);
    for (sort, newest) in [("newest", true), ("oldest", false)] {
        let hits = f.search(&["--sort", sort, "خبر"]);
        assert_eq!(hits.len(), f.recs.len(), "every record says خبر");
        let days: Vec<Option<String>> = hits.iter().map(day_of).collect();
        let dated = days.iter().take_while(|d| d.is_some()).count();
        assert!(
            days[dated..].iter().all(Option::is_none),
            "undated last: {days:?}"
        );
        let mut sorted: Vec<Option<String>> = days[..dated].to_vec();
        sorted.sort();
        if newest {
            sorted.reverse();
        }
        assert_eq!(days[..dated], sorted[..], "{sort}");
        assert_eq!(dated, f.recs.iter().filter(|r| r.date.is_some()).count());
    }
    // Typed in the query, the same order (`خبر` is a complete word
    // there, a prefix last: the scores differ, not the order).
    let ids = |v: Vec<serde_json::Value>| -> Vec<String> {
        v.iter()
            .map(|h| h["id"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let typed = ids(f.search(&["خبر sort:oldest"]));
    let flag = ids(f.search(&["--sort", "oldest", "خبر "]));
    assert_eq!(typed, flag);
    let by_source = f.search(&["--sort", "source", "خبر"]);
    let keys: Vec<String> = by_source
        .iter()
        .map(|v| v["source"].as_str().unwrap_or("\u{10FFFF}").to_lowercase())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn facets_count_hits_per_source_and_month() {
    let f = fixture();
    let out = f.search(&["--facets", "الانتخابات"]);
    let facets = &out.last().expect("facets line")["facets"];
    let hits = |r: &Rec| r.topic == "الانتخابات";
    let mut sources: BTreeMap<String, u64> = BTreeMap::new();
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    for r in f.recs.iter().filter(|r| hits(r)) {
        if let Some(s) = r.source {
            *sources.entry(s.to_lowercase()).or_default() += 1;
        }
        if let Some((y, m, _)) = r.date {
            *months.entry(format!("{y:04}-{m:02}")).or_default() += 1;
        }
    }
    let got = |key: &str| -> BTreeMap<String, u64> {
        facets[key]
            .as_array()
            .expect("pairs")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().expect("name").to_owned(),
                    p[1].as_u64().expect("count"),
                )
            })
            .collect()
    };
    assert_eq!(got("sources"), sources);
    assert_eq!(got("months"), months);
    let n = f.recs.iter().filter(|r| hits(r)).count() as u64;
    assert_eq!(
        facets["no_source"].as_u64(),
        Some(n - sources.values().sum::<u64>())
    );
    assert_eq!(
        facets["no_date"].as_u64(),
        Some(n - months.values().sum::<u64>())
    );
    // The hits before the facets are the same as without them.
    let plain = f.search(&["الانتخابات"]);
    assert_eq!(&out[..out.len() - 1], &plain[..]);
}

#[test]
fn an_unreadable_filter_is_an_error_that_names_it() {
    let f = fixture();
    for q in ["date:2019-13", "lang:xx", "sort:sideways"] {
        let o = qari(&["search", q, &f.corpus], &f.cache);
        assert!(!o.status.success(), "{q}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(q), "{q}: {err}");
    }
}
