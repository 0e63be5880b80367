//! All of the reader's background work, one way: searches and related
//! documents (on the engine's thread, which first opens or builds the
//! index), find in a large document, and comparisons (each on a thread of
//! its own). Every request gets a generation; each kind of job keeps only
//! its latest one: an overtaken request is skipped or its answer dropped,
//! so the screen only ever shows the answer to what the user asked last.
//! Answers come back as [`Done`] messages through the reader's one event
//! channel; the UI thread never waits for a job.
//!
//! A panic inside a job is caught ([`crate::guard`]) and comes back as
//! [`Done::Failed`]: the reader stays up and says what failed.
//!
//! For tests and benchmarks the same jobs run inline: at once, on the
//! calling thread, their answers queued until [`Jobs::take_inline`].

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::compare::{self, Comparison};
use crate::corpus::{Corpus, LoadOptions};
use crate::corpus::{DocText, Locator};
use crate::guard;
use crate::search::ask::{self, Answer, Ask, Request};
use crate::search::{Engine, Matcher, Note, Progress};

/// What the search engine indexes.
#[derive(Debug)]
pub enum Index {
    /// The corpus at these paths ([`crate::search::open`]: the sample when
    /// there are none, else its persistent index).
    Paths(Vec<PathBuf>, LoadOptions),
    /// A corpus already loaded, indexed in memory (standard input).
    Loaded(Corpus),
}

/// The kinds of jobs; each keeps its own latest generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A search of the corpus.
    Search,
    /// Documents like one document.
    Related,
    /// Find in the open document.
    Find,
    /// A comparison of two documents.
    Compare,
    /// The corpus's near-duplicate clusters.
    Stories,
    /// The passages a document shares with the others.
    Reuse,
}

impl Kind {
    const fn slot(self) -> usize {
        match self {
            Self::Search => 0,
            Self::Related => 1,
            Self::Find => 2,
            Self::Compare => 3,
            Self::Stories => 4,
            Self::Reuse => 5,
        }
    }
}

/// News of the index, from the engine's thread.
#[derive(Clone, Debug)]
pub enum IndexNews {
    /// Building progress.
    Progress(Progress),
    /// Ready; a note for the status bar, and the corpus as the index now
    /// lists it when an update changed it (the reader's list follows).
    Ready(Option<String>, Option<Box<Corpus>>),
    /// No index could be made, and why.
    Failed(String),
}

/// A story's members, the origin first: corpus indices (the corpus the
/// job was given), or keys (a corpus listed again from its index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stories {
    /// Corpus indices.
    Indices(crate::compare::dups::Cluster),
    /// Document keys.
    Keys(Vec<crate::corpus::DocKey>),
}

/// Two documents compared.
#[derive(Debug)]
pub struct Compared {
    /// Corpus indices of A and B.
    pub docs: [usize; 2],
    /// Their texts.
    pub texts: [Arc<DocText>; 2],
    /// The alignment.
    pub cmp: Comparison,
}

/// A finished job.
#[derive(Debug)]
pub enum Done {
    /// News of the index.
    Index(IndexNews),
    /// A search or related-documents answer.
    Answer {
        /// [`Kind::Search`] or [`Kind::Related`].
        kind: Kind,
        /// The request's generation.
        generation: u64,
        /// The answer.
        answer: Box<Answer>,
    },
    /// Hits found in a document.
    Found {
        /// The request's generation.
        generation: u64,
        /// Matched byte ranges, sorted.
        hits: Vec<Range<usize>>,
    },
    /// A comparison.
    Compared {
        /// The request's generation.
        generation: u64,
        /// The result.
        compared: Box<Compared>,
    },
    /// The corpus's stories: near-duplicate clusters, largest first.
    Stories {
        /// The request's generation.
        generation: u64,
        /// The clusters, each its members, the origin first.
        clusters: Vec<Stories>,
    },
    /// The passages a document shares with the others of the corpus.
    Reused {
        /// The request's generation.
        generation: u64,
        /// The document (corpus index).
        doc: usize,
        /// Each passage's bytes in the document and the documents that
        /// hold it, in text order, overlapping passages merged.
        passages: Vec<(Range<usize>, Vec<usize>)>,
    },
    /// [`Done::Reused`] for a corpus listed again from its index: the
    /// other documents by key.
    ReusedKeys {
        /// The request's generation.
        generation: u64,
        /// The document (corpus index).
        doc: usize,
        /// As in [`Done::Reused`], the documents by key.
        passages: Vec<(Range<usize>, Vec<crate::corpus::DocKey>)>,
    },
    /// A job panicked.
    Failed {
        /// Its kind.
        kind: Kind,
        /// Its generation.
        generation: u64,
        /// The panic's message.
        why: String,
    },
}

type Deliver = Arc<dyn Fn(Done) + Send + Sync>;

/// How often the engine's thread, when idle, looks whether the corpus
/// changed (a stat per folder; see [`Engine::unchanged`]).
pub const WATCH_EVERY: Duration = Duration::from_secs(2);

/// How long after a refresh that left the index behind the corpus (another
/// qari holds it, it could not be written) the next one may start.
const RETRY_REFRESH_AFTER: Duration = Duration::from_secs(30);

/// How often the engine's thread looks whether a refresh is done.
const REFRESH_POLL: Duration = Duration::from_millis(100);

/// A refresh done: the engine brought up to date (`None`: it could not be,
/// the old one goes on), its news, delivered once the new engine answers,
/// and whether the index is still behind the corpus (then the next refresh
/// waits [`RETRY_REFRESH_AFTER`]).
struct Refreshed {
    engine: Option<Box<Engine>>,
    news: IndexNews,
    behind: bool,
}

/// Where search and related requests go.
enum Engines {
    /// No engine: the library filters titles instead.
    None,
    /// The engine's thread.
    Thread(Sender<Request>),
    /// An engine used on the calling thread.
    Inline(Box<Engine>),
}

/// The reader's jobs.
pub struct Jobs {
    latest: Arc<[AtomicU64; 6]>,
    next: u64,
    engines: Engines,
    /// `None`: inline mode.
    deliver: Option<Deliver>,
    inbox: Vec<Done>,
    /// Test hook: every job panics (the end-to-end tests check that a
    /// caught panic leaves the reader running).
    faulty: bool,
    /// The corpus's paths, when it has a persistent index: the stories
    /// job lists it from the index and keeps its signatures beside it.
    paths: Vec<PathBuf>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field("next", &self.next)
            .field("inline", &self.deliver.is_none())
            .finish_non_exhaustive()
    }
}

impl Jobs {
    /// Jobs on threads; `deliver` hands their answers to the UI loop.
    #[must_use]
    pub fn threaded(deliver: impl Fn(Done) + Send + Sync + 'static) -> Self {
        Self {
            latest: Arc::new(Default::default()),
            next: 0,
            engines: Engines::None,
            deliver: Some(Arc::new(deliver)),
            inbox: Vec::new(),
            faulty: false,
            paths: Vec::new(),
        }
    }

    /// Jobs run at once on the calling thread (tests, benchmarks).
    #[must_use]
    pub fn inline() -> Self {
        Self {
            latest: Arc::new(Default::default()),
            next: 0,
            engines: Engines::None,
            deliver: None,
            inbox: Vec::new(),
            faulty: false,
            paths: Vec::new(),
        }
    }

    /// Test hook: every job started from now on panics.
    pub fn make_faulty(&mut self) {
        self.faulty = true;
    }

    /// Opens (or builds) the search engine of `index`: on its own thread,
    /// reporting progress; inline, at once.
    pub fn start_engine(&mut self, index: Index) {
        if let Index::Paths(paths, _) = &index {
            self.paths.clone_from(paths);
        }
        match &self.deliver {
            Some(deliver) => {
                let (tx, rx) = mpsc::channel::<Request>();
                let deliver = Arc::clone(deliver);
                let latest = Arc::clone(&self.latest);
                let faulty = self.faulty;
                let spawned = std::thread::Builder::new()
                    .name("qari-search".to_owned())
                    .spawn(move || {
                        // A corpus on disk is watched while the reader is open.
                        let watch = match &index {
                            Index::Paths(paths, load) if !paths.is_empty() => {
                                Some(Watch::new(paths.clone(), load.clone()))
                            }
                            _ => None,
                        };
                        // An index found damaged while answering is rebuilt,
                        // then serving goes on.
                        let mut rebuild = None;
                        while let Some(engine) = open_engine(&index, rebuild.take(), &|news| {
                            deliver(Done::Index(news));
                        }) {
                            let ctx = Serving {
                                rx: &rx,
                                latest: &latest,
                                deliver: &deliver,
                                faulty,
                                watch: watch.as_ref(),
                            };
                            rebuild = serve(engine, &ctx);
                            if rebuild.is_none() {
                                break;
                            }
                        }
                    });
                if spawned.is_ok() {
                    self.engines = Engines::Thread(tx);
                } else {
                    self.inbox.push(Done::Index(IndexNews::Failed(
                        "search unavailable: no thread for the index".to_owned(),
                    )));
                }
            }
            None => {
                let news = std::cell::RefCell::new(Vec::new());
                let engine = open_engine(&index, None, &|n| news.borrow_mut().push(n));
                self.inbox
                    .extend(news.into_inner().into_iter().map(Done::Index));
                if let Some(e) = engine {
                    self.engines = Engines::Inline(Box::new(e));
                }
            }
        }
    }

    /// Searches with `engine` on the calling thread (tests, benchmarks).
    pub fn attach_engine(&mut self, engine: Engine) {
        self.engines = Engines::Inline(Box::new(engine));
        self.inbox.push(Done::Index(IndexNews::Ready(None, None)));
    }

    /// Whether searches have an engine to go to (or one being opened).
    #[must_use]
    pub fn has_engine(&self) -> bool {
        !matches!(self.engines, Engines::None)
    }

    fn begin(&mut self, kind: Kind) -> u64 {
        self.next += 1;
        self.latest[kind.slot()].store(self.next, Ordering::SeqCst);
        self.next
    }

    /// The latest generation of a kind (0: none yet).
    #[must_use]
    pub fn latest(&self, kind: Kind) -> u64 {
        self.latest[kind.slot()].load(Ordering::SeqCst)
    }

    /// Whether `generation` is the latest of its kind.
    #[must_use]
    pub fn is_current(&self, kind: Kind, generation: u64) -> bool {
        generation != 0 && self.latest(kind) == generation
    }

    /// Makes every request of `kind` in flight stale.
    pub fn cancel(&mut self, kind: Kind) {
        self.begin(kind);
    }

    /// Asks the engine (a search or related documents, detailing `rows`
    /// results with snippets of about `snippet_chars` characters); returns
    /// the request's generation.
    pub fn ask(&mut self, ask: Ask, rows: usize, snippet_chars: usize) -> u64 {
        let kind = kind_of(&ask);
        let generation = self.begin(kind);
        let req = Request {
            generation,
            ask,
            rows,
            snippet_chars,
        };
        match &self.engines {
            Engines::None => {}
            Engines::Thread(tx) => {
                let _ = tx.send(req);
            }
            Engines::Inline(engine) => {
                let latest = &self.latest[kind.slot()];
                let faulty = self.faulty;
                let mut done = Vec::new();
                let mut each = |a: Answer| {
                    done.push(Done::Answer {
                        kind,
                        generation,
                        answer: Box::new(a),
                    });
                };
                if let Err(p) = guard::catching(|| answer(engine, &req, latest, faulty, &mut each))
                {
                    done.push(Done::Failed {
                        kind,
                        generation,
                        why: guard::message(&*p),
                    });
                }
                self.inbox.extend(done);
            }
        }
        generation
    }

    /// Finds `matcher`'s hits in `text`; returns the generation.
    pub fn find(&mut self, text: Arc<DocText>, matcher: Matcher) -> u64 {
        let generation = self.begin(Kind::Find);
        self.run(Kind::Find, generation, move || Done::Found {
            generation,
            hits: matcher.hits(&text.text),
        });
        generation
    }

    /// Compares documents `docs` (A, B) of texts `texts`; returns the
    /// generation.
    pub fn compare(&mut self, docs: [usize; 2], texts: [Arc<DocText>; 2]) -> u64 {
        let generation = self.begin(Kind::Compare);
        self.run(Kind::Compare, generation, move || {
            let cmp = compare::compare(
                &texts[0].text,
                &texts[1].text,
                &compare::Options::default(),
                None,
            );
            Done::Compared {
                generation,
                compared: Box::new(Compared { docs, texts, cmp }),
            }
        });
        generation
    }

    /// Finds the stories of the documents read by `docs` (their dates
    /// alongside): every text read again, shingled and signed, candidates
    /// verified (`compare::dups`); returns the generation.
    pub fn stories(&mut self, docs: Vec<(Locator, Option<i64>)>) -> u64 {
        use crate::compare::dups;
        let generation = self.begin(Kind::Stories);
        self.run(Kind::Stories, generation, move || {
            let sets: Vec<dups::Shingles> = docs
                .iter()
                .map(|(l, _)| {
                    l.read()
                        .map(|t| dups::Shingles::of(&t.text))
                        .unwrap_or_default()
                })
                .collect();
            let signed = crate::search::dups::Signed {
                sigs: sets.iter().map(dups::signature).collect(),
                sets,
                reused: 0,
            };
            let clusters = signed.clusters(dups::RESEMBLANCE, dups::CONTAINMENT, &|d| {
                docs.get(d as usize).and_then(|x| x.1)
            });
            Done::Stories {
                generation,
                clusters: clusters.into_iter().map(Stories::Indices).collect(),
            }
        });
        generation
    }

    /// Whether the corpus has a persistent index whose catalog the stories
    /// job can list it from (any size).
    #[must_use]
    pub fn has_paths(&self) -> bool {
        !self.paths.is_empty()
    }

    /// Finds the stories of the corpus at the paths its index was opened
    /// with, on a job's thread: listed from the index's catalog, the
    /// signatures kept beside the index read (and the missing ones
    /// computed and kept, as `qari dups` does); the clusters come back as
    /// document keys. Returns the generation.
    pub fn stories_of_index(&mut self) -> u64 {
        let generation = self.begin(Kind::Stories);
        let paths = self.paths.clone();
        self.run(Kind::Stories, generation, move || {
            let clusters = match crate::search::listed(&paths, None) {
                Some(corpus) => {
                    let store = crate::search::dups::store_path(&paths);
                    let (signed, _) = crate::search::dups::sign(&corpus, store.as_deref());
                    let day = |d: u32| corpus.get(d as usize).and_then(|m| m.meta.day);
                    signed
                        .clusters(
                            crate::compare::dups::RESEMBLANCE,
                            crate::compare::dups::CONTAINMENT,
                            &day,
                        )
                        .into_iter()
                        .map(|c| {
                            Stories::Keys(
                                c.members
                                    .iter()
                                    .filter_map(|&d| corpus.get(d as usize).map(|m| m.key()))
                                    .collect(),
                            )
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            Done::Stories {
                generation,
                clusters,
            }
        });
        generation
    }

    /// Finds the passages document `doc` (of text `text`) shares with the
    /// documents `others` (corpus index and locator; each read again);
    /// returns the generation.
    pub fn reuse(&mut self, doc: usize, text: Arc<DocText>, others: Vec<(usize, Locator)>) -> u64 {
        use crate::compare::dups::{Positions, passages};
        let generation = self.begin(Kind::Reuse);
        self.run(Kind::Reuse, generation, move || {
            let mine = Positions::of(&text.text);
            let mut found: Vec<(Range<usize>, usize)> = Vec::new();
            for (j, loc) in &others {
                let Ok(t) = loc.read() else {
                    continue;
                };
                for p in passages(&mine, &Positions::of(&t.text), 12) {
                    found.push((p.a, *j));
                }
            }
            found.sort_by_key(|(r, j)| (r.start, *j));
            let mut merged: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
            for (r, j) in found {
                match merged.last_mut() {
                    Some((m, docs)) if r.start < m.end => {
                        m.end = m.end.max(r.end);
                        if !docs.contains(&j) {
                            docs.push(j);
                        }
                    }
                    _ => merged.push((r, vec![j])),
                }
            }
            Done::Reused {
                generation,
                doc,
                passages: merged,
            }
        });
        generation
    }

    /// [`Jobs::reuse`] for a corpus with an index, whatever its size: the
    /// other documents listed from the index's catalog on the job's
    /// thread, each read again; `key` is the document's own.
    pub fn reuse_of_index(
        &mut self,
        doc: usize,
        key: crate::corpus::DocKey,
        text: Arc<DocText>,
    ) -> u64 {
        use crate::compare::dups::{Positions, passages};
        let generation = self.begin(Kind::Reuse);
        let paths = self.paths.clone();
        self.run(Kind::Reuse, generation, move || {
            let mine = Positions::of(&text.text);
            let mut found: Vec<(Range<usize>, crate::corpus::DocKey)> = Vec::new();
            if let Some(corpus) = crate::search::listed(&paths, None) {
                for j in 0..corpus.len() {
                    let Some(m) = corpus.get(j) else {
                        continue;
                    };
                    let other = m.key();
                    if other == key {
                        continue;
                    }
                    let Ok(t) = corpus.text(j) else {
                        continue;
                    };
                    for p in passages(&mine, &Positions::of(&t.text), 12) {
                        found.push((p.a, other.clone()));
                    }
                }
            }
            found.sort_by_key(|f| f.0.start);
            let mut merged: Vec<(Range<usize>, Vec<crate::corpus::DocKey>)> = Vec::new();
            for (r, k) in found {
                match merged.last_mut() {
                    Some((m, keys)) if r.start < m.end => {
                        m.end = m.end.max(r.end);
                        if !keys.contains(&k) {
                            keys.push(k);
                        }
                    }
                    _ => merged.push((r, vec![k])),
                }
            }
            Done::ReusedKeys {
                generation,
                doc,
                passages: merged,
            }
        });
        generation
    }

    /// Runs `work` on a thread of its own (inline: at once), delivering
    /// its result unless a newer job of its kind was started meanwhile.
    fn run(&mut self, kind: Kind, generation: u64, work: impl FnOnce() -> Done + Send + 'static) {
        let faulty = self.faulty;
        let work = move || {
            assert!(!faulty, "a faulty job (test hook)");
            work()
        };
        let failed = move |p: Box<dyn std::any::Any + Send>| Done::Failed {
            kind,
            generation,
            why: guard::message(&*p),
        };
        match &self.deliver {
            None => {
                let done = guard::catching(work).unwrap_or_else(failed);
                self.inbox.push(done);
            }
            Some(deliver) => {
                let deliver = Arc::clone(deliver);
                let latest = Arc::clone(&self.latest);
                let spawned = std::thread::Builder::new()
                    .name(format!("qari-{kind:?}").to_lowercase())
                    .spawn(move || {
                        let done = guard::catching(work).unwrap_or_else(failed);
                        if latest[kind.slot()].load(Ordering::SeqCst) == generation {
                            deliver(done);
                        }
                    });
                if let Err(e) = spawned {
                    self.inbox.push(Done::Failed {
                        kind,
                        generation,
                        why: format!("no thread: {e}"),
                    });
                }
            }
        }
    }

    /// Answers produced inline (and failures to start a thread), oldest
    /// first.
    pub fn take_inline(&mut self) -> Vec<Done> {
        std::mem::take(&mut self.inbox)
    }
}

/// Answers a search or related request: each answer (a quick one and
/// then the whole one, for a search with many matches) to `deliver`,
/// none once overtaken.
fn answer(
    engine: &Engine,
    req: &Request,
    latest: &AtomicU64,
    faulty: bool,
    deliver: &mut dyn FnMut(Answer),
) {
    assert!(!faulty, "a faulty job (test hook)");
    ask::answers(engine, req, latest, deliver);
}

fn kind_of(ask: &Ask) -> Kind {
    match ask {
        Ask::Search { .. } => Kind::Search,
        Ask::Related { .. } => Kind::Related,
    }
}

/// Opens search on `index` (rebuilt from scratch, for the reason given),
/// telling `news` how it goes; `None` when no engine could be made. A
/// panic while indexing is caught and reported as a failure.
fn open_engine(index: &Index, rebuild: Option<String>, news: &dyn Fn(IndexNews)) -> Option<Engine> {
    let opts = crate::search::IndexOptions {
        rebuild,
        ..crate::search::IndexOptions::default()
    };
    open_engine_with(index, &opts, news).map(|(engine, _)| engine)
}

/// [`open_engine`] with the index's options; and whether the index is
/// left behind the corpus (another qari holds it, it could not be
/// written, or the cache is unusable and the corpus is searched in memory).
fn open_engine_with(
    index: &Index,
    opts: &crate::search::IndexOptions,
    news: &dyn Fn(IndexNews),
) -> Option<(Engine, bool)> {
    let opened = guard::catching(|| match index {
        Index::Paths(paths, load) => crate::search::open_with(paths, load, opts, &mut |p| {
            news(IndexNews::Progress(*p));
        }),
        Index::Loaded(corpus) => Engine::in_memory(corpus).map(|engine| crate::search::Opened {
            engine,
            warnings: Vec::new(),
            notes: Vec::new(),
            summary: None,
        }),
    });
    match opened {
        Ok(Ok(o)) => {
            let behind = o
                .notes
                .iter()
                .any(|n| matches!(n, Note::Stale(_) | Note::InMemory(_)));
            let mut notes: Vec<String> = o.notes.iter().map(ToString::to_string).collect();
            let listing = match index {
                Index::Paths(paths, _) if o.summary.is_some() => {
                    crate::search::listed(paths, None).map(Box::new)
                }
                _ => None,
            };
            notes.extend(o.summary.map(|s| format!("index: {s}")));
            news(IndexNews::Ready(
                (!notes.is_empty()).then(|| notes.join("; ")),
                listing,
            ));
            Some((o.engine, behind))
        }
        Ok(Err(e)) => {
            news(IndexNews::Failed(format!("search unavailable: {e}")));
            None
        }
        Err(p) => {
            news(IndexNews::Failed(format!(
                "search unavailable: {}",
                guard::message(&*p)
            )));
            None
        }
    }
}

/// What the engine's thread needs to serve.
struct Serving<'a> {
    rx: &'a Receiver<Request>,
    latest: &'a [AtomicU64; 6],
    deliver: &'a Deliver,
    faulty: bool,
    /// The corpus on disk, watched while the reader is idle.
    watch: Option<&'a Watch>,
}

/// A corpus on disk to keep the index of up to date.
struct Watch {
    paths: Vec<PathBuf>,
    load: LoadOptions,
    /// Set by the file watcher when something in the corpus was created,
    /// removed, renamed or written (an edit in place included, which the
    /// folders' times do not show).
    touched: Arc<std::sync::atomic::AtomicBool>,
    /// Dropped with the watch: ends the watcher's thread (and the watcher).
    _keep: Sender<()>,
}

impl Watch {
    /// Watches `paths` (recursively, with the system's file notifications:
    /// inotify on Linux) from a thread of its own, since adding a watch per
    /// folder walks the corpus. Without notifications (none on this
    /// system, or too many folders for its limit) the folders' times are
    /// still looked at every [`WATCH_EVERY`], and a full check made every
    /// five minutes.
    fn new(paths: Vec<PathBuf>, load: LoadOptions) -> Self {
        use notify::{EventKind, RecursiveMode, Watcher};
        let touched = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (keep, held) = mpsc::channel::<()>();
        let flag = Arc::clone(&touched);
        let roots: Vec<PathBuf> = paths
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        // qari's own writes (an index kept inside a watched folder, say
        // the home folder) are not changes of the corpus.
        let cache = crate::search::cache_root().map(|c| std::fs::canonicalize(&c).unwrap_or(c));
        let _ = std::thread::Builder::new()
            .name("qari-watch".to_owned())
            .spawn(move || {
                let watcher =
                    notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
                        if let Ok(ev) = ev
                            && !matches!(ev.kind, EventKind::Access(_))
                            && (ev.paths.is_empty()
                                || !ev
                                    .paths
                                    .iter()
                                    .all(|p| cache.as_ref().is_some_and(|c| p.starts_with(c))))
                        {
                            flag.store(true, Ordering::SeqCst);
                        }
                    });
                let Ok(mut watcher) = watcher else {
                    return;
                };
                for root in &roots {
                    let _ = watcher.watch(root, RecursiveMode::Recursive);
                }
                // Until the watch is dropped.
                let _ = held.recv();
            });
        Self {
            paths,
            load,
            touched,
            _keep: keep,
        }
    }

    /// Brings the index up to date on a thread of its own (the engine's
    /// thread goes on answering with the engine it has); the new engine
    /// comes back through `done`. Progress is shown as the first build's
    /// is.
    fn refresh(&self, deliver: &Deliver, full: bool, done: Sender<Refreshed>) -> bool {
        let index = Index::Paths(self.paths.clone(), self.load.clone());
        let opts = crate::search::IndexOptions {
            // A file was written: only a full check sees an edit in place.
            full_check_every: if full {
                Duration::ZERO
            } else {
                crate::search::IndexOptions::default().full_check_every
            },
            ..crate::search::IndexOptions::default()
        };
        let deliver = Arc::clone(deliver);
        std::thread::Builder::new()
            .name("qari-refresh".to_owned())
            .spawn(move || {
                let last = std::sync::Mutex::new(None);
                let engine = open_engine_with(&index, &opts, &|news| match news {
                    IndexNews::Progress(_) => deliver(Done::Index(news)),
                    other => {
                        if let Ok(mut l) = last.lock() {
                            *l = Some(other);
                        }
                    }
                });
                let stale = |why: &str| {
                    IndexNews::Ready(
                        Some(format!(
                            "the index could not be brought up to date ({why}); searching it as it was"
                        )),
                        None,
                    )
                };
                let behind = engine.as_ref().is_none_or(|(_, behind)| *behind);
                let engine = engine.map(|(e, _)| Box::new(e));
                let news = match (engine.is_some(), last.into_inner().ok().flatten()) {
                    (true, Some(n)) => n,
                    (true, None) => IndexNews::Ready(None, None),
                    (false, Some(IndexNews::Failed(why))) => {
                        stale(why.trim_start_matches("search unavailable: "))
                    }
                    (false, _) => stale("no engine"),
                };
                let _ = done.send(Refreshed {
                    engine,
                    news,
                    behind,
                });
            })
            .is_ok()
    }
}

/// The engine's thread, once the engine is open: answers requests, the
/// newest of each kind first; requests overtaken before they are answered
/// are skipped. While idle it looks every [`WATCH_EVERY`] whether the
/// corpus changed, and if so refreshes the index beside it, then answers
/// with the refreshed engine. Returns why, when an answer found the index
/// damaged (it is to be rebuilt); `None` when the reader has gone.
fn serve(engine: Engine, ctx: &Serving<'_>) -> Option<String> {
    let mut engine = engine;
    let (done_tx, done_rx) = mpsc::channel::<Refreshed>();
    let mut refreshing = false;
    let mut looked = Instant::now();
    // A refresh that could not bring the index up to date (another qari
    // holds it, the cache is read-only) is not retried at once.
    let mut quiet_until = Instant::now();
    loop {
        // A refresh done: its engine answers from now on, and only then is
        // its news delivered (a search the news sets off is answered by
        // the new engine).
        if let Ok(r) = done_rx.try_recv() {
            refreshing = false;
            if let Some(e) = r.engine {
                engine = *e;
            }
            if r.behind {
                quiet_until = Instant::now() + RETRY_REFRESH_AFTER;
            }
            (ctx.deliver)(Done::Index(r.news));
        }
        let wait = if refreshing {
            REFRESH_POLL
        } else {
            WATCH_EVERY.saturating_sub(looked.elapsed())
        };
        let first = match ctx.rx.recv_timeout(wait) {
            Ok(req) => req,
            Err(RecvTimeoutError::Timeout) => {
                if let Some(w) = ctx.watch
                    && !refreshing
                    && looked.elapsed() >= WATCH_EVERY
                {
                    looked = Instant::now();
                    if looked >= quiet_until {
                        let touched = w.touched.swap(false, Ordering::SeqCst);
                        let every = crate::search::IndexOptions::default().full_check_every;
                        if touched || !engine.unchanged(every) {
                            refreshing = w.refresh(ctx.deliver, touched, done_tx.clone());
                        }
                    }
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let mut newest: [Option<Request>; 2] = [None, None];
        for req in std::iter::once(first).chain(ctx.rx.try_iter()) {
            let slot = kind_of(&req.ask).slot();
            newest[slot] = Some(req);
        }
        for req in newest.into_iter().flatten() {
            let kind = kind_of(&req.ask);
            let slot = &ctx.latest[kind.slot()];
            if slot.load(Ordering::SeqCst) != req.generation {
                continue;
            }
            let generation = req.generation;
            let mut damaged = None;
            let mut each = |a: Answer| {
                if a.damaged {
                    damaged = Some(a.error.clone().unwrap_or_default());
                }
                (ctx.deliver)(Done::Answer {
                    kind,
                    generation,
                    answer: Box::new(a),
                });
            };
            if let Err(p) = guard::catching(|| answer(&engine, &req, slot, ctx.faulty, &mut each)) {
                (ctx.deliver)(Done::Failed {
                    kind,
                    generation,
                    why: guard::message(&*p),
                });
            }
            if damaged.is_some() {
                return damaged;
            }
        }
    }
}
