//! Requests and answers of a search front end, without threads: what the
//! reader asks ([`Ask`]: a search as typed, or documents like one), with
//! its generation, and the [`Answer`] (counts, detailed rows, the matcher
//! for highlights). [`answer`] gives up when a newer request arrived
//! before the snippets were made, so that only the latest is answered.

use std::sync::atomic::{AtomicU64, Ordering};

use super::engine::{Details, Engine};
use super::query::{Matcher, Parsed};
use crate::corpus::DocKey;

/// Results kept per query (the list can be scrolled this far).
pub const MAX_RESULTS: usize = 500;

/// A request.
#[derive(Clone, Debug)]
pub enum Ask {
    /// Search the corpus.
    Search {
        /// As typed.
        query: String,
        /// No folding.
        strict: bool,
    },
    /// Documents like this one.
    Related {
        /// The document.
        key: DocKey,
    },
}

/// A request with its generation.
#[derive(Clone, Debug)]
pub struct Request {
    /// Increases with every request.
    pub generation: u64,
    /// What to do.
    pub ask: Ask,
    /// How many results to detail (title, snippet): the visible rows.
    pub rows: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
}

/// An answer.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The request's generation.
    pub generation: u64,
    /// The partial word is too short to search: keep the previous results.
    pub pending: bool,
    /// Matching documents.
    pub total: usize,
    /// `total` is a lower bound: the word being typed has more
    /// completions than were searched.
    pub partial: bool,
    /// Found by the fuzzy retry.
    pub fuzzy: bool,
    /// Detailed results, best first (at most `rows` of the request).
    pub rows: Vec<Details>,
    /// Results beyond `rows`, not detailed.
    pub more: usize,
    /// The matcher, to highlight the opened document.
    pub matcher: Matcher,
    /// What went wrong.
    pub error: Option<String>,
    /// The index turned out damaged: it should be rebuilt.
    pub damaged: bool,
}

/// Answers one request; `None` when a newer one arrived meanwhile.
#[must_use]
pub fn answer(engine: &Engine, req: &Request, latest: &AtomicU64) -> Option<Answer> {
    let stale = || latest.load(Ordering::SeqCst) != req.generation;
    let mut a = Answer {
        generation: req.generation,
        ..Answer::default()
    };
    let (hits, matcher) = match &req.ask {
        Ask::Search { query, strict } => {
            let parsed = Parsed::new(query, *strict);
            if parsed.pending || parsed.parts.is_empty() {
                a.pending = parsed.pending;
                return Some(a);
            }
            match engine.search(&parsed, MAX_RESULTS) {
                Ok(r) => {
                    a.total = r.total;
                    a.partial = r.partial;
                    a.fuzzy = r.fuzzy;
                    (r.hits, r.matcher)
                }
                Err(e) => {
                    a.damaged = e.is_damage();
                    a.error = Some(e.to_string());
                    return Some(a);
                }
            }
        }
        Ask::Related { key } => match engine.related(key, 50) {
            Ok(h) => {
                a.total = h.len();
                (h, Matcher::default())
            }
            Err(e) => {
                a.damaged = e.is_damage();
                a.error = Some(e.to_string());
                return Some(a);
            }
        },
    };
    for h in hits.iter().take(req.rows) {
        if stale() {
            return None;
        }
        if let Some(d) = engine.details(h, &matcher, req.snippet_chars) {
            a.rows.push(d);
        }
    }
    a.more = hits.len().saturating_sub(a.rows.len());
    a.matcher = matcher;
    Some(a)
}
