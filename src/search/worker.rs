//! The reader's search thread. The UI sends `(generation, query)` and goes
//! on drawing; the thread opens or builds the index (reporting progress),
//! then answers ([`super::ask`]). It drains its queue and answers only the
//! newest request; a request overtaken while it runs is dropped before its
//! snippets are made. The UI draws an answer only if its generation is the
//! latest it sent, so stale results never reach the screen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

pub use super::ask::{Answer, Ask, MAX_RESULTS, Request, answer};
use super::{Engine, Progress};
use crate::corpus::{Corpus, LoadOptions};

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
            match super::open(&paths, &load, &mut report_progress) {
                Ok(opened) => {
                    let mut notes: Vec<String> =
                        opened.notes.iter().map(ToString::to_string).collect();
                    if let Some(s) = &opened.summary {
                        notes.push(format!("index: {s}"));
                    }
                    emit(Message::Ready(
                        (!notes.is_empty()).then(|| notes.join("; ")),
                    ));
                    Some(opened.engine)
                }
                Err(e) => {
                    emit(Message::Failed(format!("search unavailable: {e}")));
                    None
                }
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
