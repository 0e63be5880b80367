//! Requests and answers of a search front end, without threads: what the
//! reader asks ([`Ask`]: a search as typed, or documents like one), with
//! its generation, and the [`Answer`] (counts, detailed rows, the matcher
//! for highlights). [`answers`] answers a search twice when it matches
//! many documents: first quickly, from the first
//! [`QUICK_MATCHES`](super::QUICK_MATCHES) matches (the count then a
//! lower bound, `counting`), then whole; it gives up as soon as a newer
//! request arrives, so that only the latest is answered and a keystroke
//! never waits for the whole answer to an earlier one.

use std::sync::atomic::{AtomicU64, Ordering};

use super::engine::{Budget, Details, Engine, Results};
use super::facets::Facets;
use super::query::{Matcher, Order, Parsed};
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
        /// The order chosen in the reader (a `sort:` typed in the query
        /// wins).
        order: Option<Order>,
        /// Count the hits per source and per month too.
        facets: bool,
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
    /// A quick answer: `total` counts the first matches only (a lower
    /// bound), the hits are the best of them; the whole answer follows.
    pub counting: bool,
    /// Found by the fuzzy retry.
    pub fuzzy: bool,
    /// Detailed results, best first (at most `rows` of the request).
    pub rows: Vec<Details>,
    /// Results beyond `rows`, not detailed.
    pub more: usize,
    /// Filters of the query that could not be read (`date:2019-13: …`).
    pub invalid: Vec<String>,
    /// The hits per source and per month, when asked for (with the whole
    /// answer).
    pub facets: Option<Facets>,
    /// The order the results are in.
    pub order: Order,
    /// The matcher, to highlight the opened document.
    pub matcher: Matcher,
    /// What went wrong.
    pub error: Option<String>,
    /// The index turned out damaged: it should be rebuilt.
    pub damaged: bool,
}

/// Answers one request, whole; `None` when a newer one arrived meanwhile.
#[must_use]
pub fn answer(engine: &Engine, req: &Request, latest: &AtomicU64) -> Option<Answer> {
    let mut last = None;
    answers(engine, req, latest, &mut |a| last = Some(a));
    last.filter(|a| !a.counting)
}

/// Answers one request, giving each answer to `deliver`: a search that
/// matches more than [`QUICK_MATCHES`](super::QUICK_MATCHES) documents is
/// answered quickly first (`counting`), then whole. Stops (delivering
/// nothing more) as soon as a newer request arrived.
pub fn answers(
    engine: &Engine,
    req: &Request,
    latest: &AtomicU64,
    deliver: &mut dyn FnMut(Answer),
) {
    answers_with(engine, req, latest, super::QUICK_MATCHES, deliver);
}

/// [`answers`] with a quick answer looking at `quick` matches at most.
pub fn answers_with(
    engine: &Engine,
    req: &Request,
    latest: &AtomicU64,
    quick: usize,
    deliver: &mut dyn FnMut(Answer),
) {
    let stale = || latest.load(Ordering::SeqCst) != req.generation;
    let (query, strict, order, facets) = match &req.ask {
        Ask::Search {
            query,
            strict,
            order,
            facets,
        } => (query, *strict, *order, *facets),
        Ask::Related { key } => {
            if let Some(a) = related(engine, req, key, &stale) {
                deliver(a);
            }
            return;
        }
    };
    let mut parsed = Parsed::new(query, strict);
    if parsed.filters.order.is_none() {
        parsed.filters.order = order;
    }
    if parsed.pending || parsed.is_empty() {
        deliver(Answer {
            generation: req.generation,
            pending: parsed.pending,
            invalid: parsed.filters.invalid,
            ..Answer::default()
        });
        return;
    }
    let budget = Budget {
        matches: quick,
        stop: None,
    };
    let quick = engine.search_within(&parsed, MAX_RESULTS, &budget);
    let cut = matches!(&quick, Ok(Some(r)) if r.cut);
    if let Some(mut a) = detailed(engine, req, quick, &stale) {
        a.invalid.clone_from(&parsed.filters.invalid);
        a.order = parsed.filters.order.unwrap_or_default();
        if facets && !cut && !stale() {
            a.facets = engine.facets(&parsed).ok();
        }
        deliver(a);
    }
    if !cut || stale() {
        return;
    }
    let whole = Budget {
        matches: 0,
        stop: Some(&stale),
    };
    let whole = engine.search_within(&parsed, MAX_RESULTS, &whole);
    if let Some(mut a) = detailed(engine, req, whole, &stale) {
        a.invalid.clone_from(&parsed.filters.invalid);
        a.order = parsed.filters.order.unwrap_or_default();
        if facets && !stale() {
            a.facets = engine.facets(&parsed).ok();
        }
        deliver(a);
    }
}

/// The answer of a search's results, rows detailed (`None`: given up, or a
/// newer request arrived).
fn detailed(
    engine: &Engine,
    req: &Request,
    results: Result<Option<Results>, super::Error>,
    stale: &dyn Fn() -> bool,
) -> Option<Answer> {
    let mut a = Answer {
        generation: req.generation,
        ..Answer::default()
    };
    match results {
        Ok(None) => None,
        Ok(Some(r)) => {
            a.total = r.total;
            a.partial = r.partial;
            a.counting = r.cut;
            a.fuzzy = r.fuzzy;
            finish(engine, req, a, r.hits, r.matcher, stale)
        }
        Err(e) => {
            a.damaged = e.is_damage();
            a.error = Some(e.to_string());
            Some(a)
        }
    }
}

/// The answer to documents like `key`, rows detailed.
fn related(
    engine: &Engine,
    req: &Request,
    key: &DocKey,
    stale: &dyn Fn() -> bool,
) -> Option<Answer> {
    let mut a = Answer {
        generation: req.generation,
        ..Answer::default()
    };
    match engine.related(key, 50) {
        Ok(hits) => {
            a.total = hits.len();
            finish(engine, req, a, hits, Matcher::default(), stale)
        }
        Err(e) => {
            a.damaged = e.is_damage();
            a.error = Some(e.to_string());
            Some(a)
        }
    }
}

/// `a` with its first rows detailed.
fn finish(
    engine: &Engine,
    req: &Request,
    mut a: Answer,
    hits: Vec<super::engine::Hit>,
    matcher: Matcher,
    stale: &dyn Fn() -> bool,
) -> Option<Answer> {
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
