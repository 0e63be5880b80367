//! The reader's search thread (search reference §4). The UI sends
//! `(generation, query)` and goes on drawing; the thread opens or builds
//! the index (reporting progress), then answers. It drains its queue and
//! answers only the newest request; a request overtaken while it runs is
//! dropped before its snippets are made. The UI draws an answer only if its
//! generation is the latest it sent, so stale results never reach the
//! screen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::index::{Details, Engine, Progress};
use super::query::{Matcher, Parsed};
use crate::corpus::{Corpus, DocKey, LoadOptions};

/// Results kept per query (the list can be scrolled this far).
pub const MAX_RESULTS: usize = 500;

/// What to index.
#[derive(Debug)]
pub enum Source {
    /// A loaded corpus, indexed in memory (the sample).
    Memory(Corpus),
    /// A corpus on disk: persistent index in the cache, updated first;
    /// falls back to memory (with the loaded corpus) if the cache cannot
    /// be used.
    Disk {
        /// The corpus paths.
        paths: Vec<PathBuf>,
        /// How files are decoded.
        load: LoadOptions,
    },
    /// An engine already open.
    Ready(Box<Engine>),
}

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
}

/// What the thread reports.
#[derive(Debug)]
pub enum Message {
    /// Indexing progress.
    Progress(Progress),
    /// The index is ready; a note for the status bar.
    Ready(Option<String>),
    /// No index could be made.
    Failed(String),
    /// An answer.
    Answer(Box<Answer>),
    /// Hits found in the open document (find, on its own thread).
    Found {
        /// The find generation.
        generation: u64,
        /// Matched byte ranges.
        hits: Vec<std::ops::Range<usize>>,
    },
}

/// The UI's handle on the search thread.
#[derive(Debug)]
pub struct Worker {
    tx: Sender<Request>,
    latest: Arc<AtomicU64>,
    next: u64,
}

impl Worker {
    /// Starts the thread; `emit` delivers its messages (and wakes the UI).
    #[must_use]
    pub fn spawn(source: Source, emit: impl Fn(Message) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel::<Request>();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("qari-search".to_owned())
            .spawn(move || {
                let Some(engine) = open(source, &emit) else {
                    return;
                };
                serve(&engine, &rx, &seen, &emit);
            })
            .ok();
        Self {
            tx,
            latest,
            next: 0,
        }
    }

    /// Sends a request; returns its generation.
    pub fn send(&mut self, ask: Ask, rows: usize, snippet_chars: usize) -> u64 {
        self.next += 1;
        let generation = self.next;
        self.latest.store(generation, Ordering::SeqCst);
        let _ = self.tx.send(Request {
            generation,
            ask,
            rows,
            snippet_chars,
        });
        generation
    }

    /// The generation of the latest request.
    #[must_use]
    pub fn latest(&self) -> u64 {
        self.next
    }
}

fn open(source: Source, emit: &impl Fn(Message)) -> Option<Engine> {
    match source {
        Source::Ready(e) => {
            emit(Message::Ready(None));
            Some(*e)
        }
        Source::Memory(corpus) => match Engine::in_memory(&corpus) {
            Ok(e) => {
                emit(Message::Ready(None));
                Some(e)
            }
            Err(e) => {
                emit(Message::Failed(format!("search unavailable: {e}")));
                None
            }
        },
        Source::Disk { paths, load } => {
            let mut report_progress = |p: &Progress| emit(Message::Progress(*p));
            match Engine::open(&paths, &load, None, true, &mut report_progress) {
                Ok((e, report)) => {
                    let mut notes = Vec::new();
                    if let Some(why) = &report.rebuilt {
                        notes.push(format!("index rebuilt: {why}"));
                    }
                    if let Some(why) = &report.stale {
                        notes.push(why.clone());
                    }
                    if report.touched() {
                        notes.push(format!("index: {}", report.summary()));
                    }
                    emit(Message::Ready(
                        (!notes.is_empty()).then(|| notes.join("; ")),
                    ));
                    Some(e)
                }
                Err(err) => match Corpus::load(&paths, &load)
                    .map_err(crate::search::Error::from)
                    .and_then(|c| Engine::in_memory(&c))
                {
                    Ok(e) => {
                        emit(Message::Ready(Some(format!(
                            "index cache unusable ({err}); searching in memory"
                        ))));
                        Some(e)
                    }
                    Err(e) => {
                        emit(Message::Failed(format!("search unavailable: {e}")));
                        None
                    }
                },
            }
        }
    }
}

fn serve(engine: &Engine, rx: &Receiver<Request>, latest: &AtomicU64, emit: &impl Fn(Message)) {
    while let Ok(first) = rx.recv() {
        // Latest wins: skip everything already overtaken.
        let req = rx.try_iter().last().unwrap_or(first);
        if req.generation != latest.load(Ordering::SeqCst) {
            continue;
        }
        let answer = answer(engine, &req, latest);
        if let Some(a) = answer {
            emit(Message::Answer(Box::new(a)));
        }
    }
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
                    a.fuzzy = r.fuzzy;
                    (r.hits, r.matcher)
                }
                Err(e) => {
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
