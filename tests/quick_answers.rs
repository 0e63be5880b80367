//! A keystroke's search is answered from the first matches, then whole:
//! `Engine::search_within` with a budget of matches or a stop, and
//! `ask::answers_with` (the reader's search thread) delivering the quick
//! answer and then the whole one, or giving the whole one up when a newer
//! keystroke came.

#[path = "common/jsonl_engine.rs"]
mod jsonl_engine;

use std::sync::atomic::{AtomicU64, Ordering};

use qari::search::ask::{Answer, Ask, Request, answers_with};
use qari::search::{Budget, Engine, Parsed};

/// 40 documents with the word (a different number of times each) and 10
/// without.
fn corpus() -> (tempfile::TempDir, Engine, Vec<(String, String)>) {
    let mut docs = Vec::new();
    for i in 0..50 {
        let with = if i < 40 {
            "غزة ".repeat(i % 7 + 1)
        } else {
            String::new()
        };
        docs.push((format!("d{i:02}"), format!("{with}خبر عن المدينة رقم {i}")));
    }
    let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (dir, e) = jsonl_engine::engine(&refs);
    (dir, e, docs)
}

#[test]
fn a_budget_of_matches_cuts_the_search_and_says_so() {
    let (_d, e, _) = corpus();
    let q = Parsed::new("غزة ", false);
    let whole = e.search(&q, 500).expect("search");
    assert_eq!(whole.total, 40);
    assert!(!whole.cut);
    let budget = Budget {
        matches: 10,
        stop: None,
    };
    let quick = e
        .search_within(&q, 500, &budget)
        .expect("search")
        .expect("not stopped");
    assert!(quick.cut);
    assert_eq!(
        quick.total, 10,
        "the count of a cut search is what was looked at"
    );
    assert_eq!(quick.hits.len(), 10);
    // A budget larger than the matches: the whole answer.
    let budget = Budget {
        matches: 1000,
        stop: None,
    };
    let big = e
        .search_within(&q, 500, &budget)
        .expect("search")
        .expect("not stopped");
    assert!(!big.cut);
    assert_eq!(big.total, 40);
    assert_eq!(
        big.hits.iter().map(|h| h.addr).collect::<Vec<_>>(),
        whole.hits.iter().map(|h| h.addr).collect::<Vec<_>>()
    );
    // Told to stop: given up.
    let stop = || true;
    let budget = Budget {
        matches: 0,
        stop: Some(&stop),
    };
    assert!(e.search_within(&q, 500, &budget).expect("search").is_none());
}

fn request(generation: u64, query: &str) -> Request {
    Request {
        generation,
        ask: Ask::Search {
            query: query.to_owned(),
            strict: false,
            order: None,
            facets: false,
        },
        rows: 5,
        snippet_chars: 80,
    }
}

#[test]
fn a_keystroke_gets_a_quick_answer_then_the_whole_one() {
    let (_d, e, _) = corpus();
    let latest = AtomicU64::new(7);
    let mut got: Vec<Answer> = Vec::new();
    answers_with(&e, &request(7, "غزة "), &latest, 10, &mut |a| {
        got.push(a)
    });
    assert_eq!(got.len(), 2, "a quick answer, then the whole one");
    assert!(got[0].counting);
    assert_eq!(got[0].total, 10);
    assert!(!got[1].counting);
    assert_eq!(got[1].total, 40);
    assert_eq!(got[1].rows.len(), 5);
    // The whole answer's best documents have the word the most times.
    let best = &got[1].rows[0].id;
    let n: usize = best[1..].parse().expect("dNN");
    assert_eq!(n % 7 + 1, 7, "{best}");
    // Few matches: one answer, whole.
    let mut one: Vec<Answer> = Vec::new();
    answers_with(&e, &request(7, "غزة "), &latest, 100, &mut |a| {
        one.push(a)
    });
    assert_eq!(one.len(), 1);
    assert!(!one[0].counting);
    assert_eq!(one[0].total, 40);
}

#[test]
fn a_newer_keystroke_gives_the_whole_answer_up() {
    let (_d, e, _) = corpus();
    let latest = AtomicU64::new(3);
    let mut got: Vec<Answer> = Vec::new();
    answers_with(&e, &request(3, "غزة "), &latest, 10, &mut |a| {
        // The user types on as the quick answer is shown.
        latest.store(4, Ordering::SeqCst);
        got.push(a);
    });
    assert_eq!(got.len(), 1, "only the quick answer");
    assert!(got[0].counting);
}
