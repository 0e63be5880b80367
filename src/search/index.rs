//! The tantivy index: schema, building (in memory for the sample, on disk
//! in the XDG cache for a user's corpus), incremental updates, and the
//! queries of [`super::query`] turned into tantivy queries.
//!
//! On disk: `$XDG_CACHE_HOME/qari/index/<hash of the canonical corpus
//! paths>/`, holding tantivy's files, `corpus.txt` (the paths, for people)
//! and `qari-files.json`, the manifest: each file's size and modification
//! time as of a tantivy commit (its opstamp). Files are committed in
//! batches and the manifest is written after each commit, so a run killed
//! mid-build leaves a usable index and the next run picks up where it
//! stopped. Re-indexing a file always deletes its documents first, so a
//! manifest that lags behind the index costs time, never duplicates. qari
//! never writes inside the corpus.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, InvertedIndexRangeQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::query::{Matcher, Parsed, Part};
use super::snippet::{self, Snippet};
use super::tokenizer::{self, QariTokenizer};
use crate::arabic::{self, Fold, strip_article};
use crate::corpus::{
    self, Corpus, DocKey, LoadOptions, Locator, Record, Roots, Scanned, Source, Warning, ids,
};

/// Bumped when the schema or the analysis changes: older indexes are
/// rebuilt.
pub const FORMAT: u32 = 2;

/// Text indexed between two commits while building.
const COMMIT_BYTES: u64 = 48 << 20;

/// Upper bound on terms a phrase prefix expands to (single-word prefixes
/// are not capped: they run as a range over the term dictionary).
const PHRASE_PREFIX_EXPANSIONS: u32 = 1000;

/// Errors of the search layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus could not be read.
    #[error(transparent)]
    Corpus(#[from] corpus::Error),
    /// tantivy failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The cache directory could not be used.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The fields.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The file, as stored (canonical path, or the sample's `seeds/…`):
    /// what a file's documents are deleted by.
    pub path: Field,
    /// The document's [`DocKey`], written with the stored path: one
    /// document.
    pub key: Field,
    /// The raw id (before ids are made unique).
    pub id: Field,
    /// The raw id's family ([`ids::family`]): the documents its unique id
    /// depends on.
    pub family: Field,
    /// 1-based line for JSON Lines, 0 otherwise.
    pub line: Field,
    /// Byte offset of the JSON Lines record in the file as stored, plus
    /// one (0: none).
    pub at: Field,
    /// 1 for a gzip file.
    pub gzip: Field,
    /// The sample's file number plus one (0: a file on disk).
    pub embedded: Field,
    /// The encoding the file was decoded with.
    pub encoding: Field,
    /// The title, indexed (the raw id when there is none).
    pub title: Field,
    /// The title, stored (empty when there is none: the id stands in).
    pub title_text: Field,
    /// The text, indexed (primary analysis, N1–N13).
    pub body: Field,
    /// The text's clitic-stripped forms, indexed (lower weight).
    pub bare: Field,
    /// The text, stored for snippets.
    pub text: Field,
}

/// The schema and its fields.
#[must_use]
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tok: &str, opt: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(opt),
        )
    };
    let f = Fields {
        path: b.add_text_field("path", STRING | STORED),
        key: b.add_text_field("key", STRING),
        id: b.add_text_field("id", STORED),
        family: b.add_text_field("family", STRING),
        line: b.add_u64_field("line", STORED),
        at: b.add_u64_field("at", STORED),
        gzip: b.add_u64_field("gzip", STORED),
        embedded: b.add_u64_field("embedded", STORED),
        encoding: b.add_text_field("encoding", STORED),
        title: b.add_text_field(
            "title",
            indexed("qari", IndexRecordOption::WithFreqsAndPositions),
        ),
        title_text: b.add_text_field("title_text", STORED),
        body: b.add_text_field(
            "body",
            indexed("qari", IndexRecordOption::WithFreqsAndPositions),
        ),
        bare: b.add_text_field("bare", indexed("qari_bare", IndexRecordOption::WithFreqs)),
        text: b.add_text_field("text", STORED),
    };
    (b.build(), f)
}

fn register(index: &Index) {
    index.tokenizers().register(
        "qari",
        TextAnalyzer::builder(QariTokenizer { bare: false }).build(),
    );
    index.tokenizers().register(
        "qari_bare",
        TextAnalyzer::builder(QariTokenizer { bare: true }).build(),
    );
}

/// One document to index.
struct NewDoc<'a> {
    /// The file as stored.
    path: &'a str,
    raw_id: &'a str,
    title: Option<&'a str>,
    text: &'a str,
    locator: &'a Locator,
}

fn make_doc(f: &Fields, d: &NewDoc<'_>) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    let line = d.locator.line();
    doc.add_text(f.path, d.path);
    let key = DocKey {
        path: d.path.to_owned(),
        line,
    };
    doc.add_text(f.key, key.to_string());
    doc.add_text(f.id, d.raw_id);
    doc.add_text(f.family, ids::family(d.raw_id));
    doc.add_u64(f.line, line.unwrap_or(0) as u64);
    doc.add_u64(f.at, d.locator.record.map_or(0, |r| r.at as u64 + 1));
    let (gzip, embedded) = match d.locator.source {
        Source::File { gzip, .. } => (gzip, 0),
        Source::Embedded(i) => (false, i as u64 + 1),
    };
    doc.add_u64(f.gzip, u64::from(gzip));
    doc.add_u64(f.embedded, embedded);
    doc.add_text(f.encoding, d.locator.encoding.name());
    let (title, _) = tokenizer::tantivy_tokens(d.title.unwrap_or(d.raw_id));
    doc.add_pre_tokenized_text(
        f.title,
        PreTokenizedString {
            text: String::new(),
            tokens: title,
        },
    );
    doc.add_text(f.title_text, d.title.unwrap_or_default());
    let (primary, bare) = tokenizer::tantivy_tokens(d.text);
    doc.add_pre_tokenized_text(
        f.body,
        PreTokenizedString {
            text: String::new(),
            tokens: primary,
        },
    );
    doc.add_pre_tokenized_text(
        f.bare,
        PreTokenizedString {
            text: String::new(),
            tokens: bare,
        },
    );
    doc.add_text(f.text, d.text);
    doc
}

/// Where the index lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In memory (the sample, or a fallback).
    Memory,
    /// In this cache directory.
    Disk(PathBuf),
}

/// Building progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files read so far.
    pub files_done: usize,
    /// Files to read.
    pub files_total: usize,
    /// Bytes (as stored) read so far.
    pub bytes_done: u64,
    /// Bytes to read.
    pub bytes_total: u64,
    /// Documents indexed so far.
    pub docs: usize,
}

/// What opening (and updating) an index did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files indexed again because they changed.
    pub changed: usize,
    /// Files whose documents were removed.
    pub removed: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Documents indexed by this run.
    pub docs_indexed: usize,
    /// Bytes read by this run.
    pub bytes_indexed: u64,
    /// Time spent indexing.
    pub elapsed: Duration,
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// Why the index could not be updated, if it could not.
    pub stale: Option<String>,
    /// Problems with files of the corpus.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Whether anything was written.
    #[must_use]
    pub fn touched(&self) -> bool {
        self.added + self.changed + self.removed > 0
    }

    /// One line for people.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} added, {} changed, {} removed, {} unchanged",
            self.added, self.changed, self.removed, self.unchanged
        );
        if self.bytes_indexed > 0 {
            let secs = self.elapsed.as_secs_f64().max(1e-6);
            s += &format!(
                "; {} documents, {:.1} MB in {:.1} s ({:.1} MB/s)",
                self.docs_indexed,
                self.bytes_indexed as f64 / 1e6,
                secs,
                self.bytes_indexed as f64 / 1e6 / secs
            );
        }
        s
    }
}

/// The manifest: files as of a commit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    opstamp: u64,
    /// path → (size, modification time in ns).
    files: BTreeMap<String, (u64, u128)>,
}

const MANIFEST: &str = "qari-files.json";

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn write_manifest(dir: &Path, m: &Manifest) -> Result<(), Error> {
    let path = dir.join(MANIFEST);
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    let bytes = serde_json::to_vec(m).map_err(|e| io_err(&path, std::io::Error::other(e)))?;
    std::fs::write(&tmp, bytes).map_err(|e| io_err(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io_err(&path, e))
}

/// The cache directory for the corpus of `roots` (canonical paths).
#[must_use]
pub fn cache_dir_for(roots: &[PathBuf]) -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?.cache_dir();
    // FNV-1a: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for r in roots {
        for b in r.as_os_str().as_encoded_bytes().iter().chain(&[0]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Some(base.join("qari").join("index").join(format!("{h:016x}")))
}

/// A searchable index of a corpus.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    f: Fields,
    roots: Roots,
    /// Where the index is.
    pub location: Location,
    stop: std::collections::HashSet<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

fn writer(index: &Index) -> tantivy::Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4);
    index.writer_with_num_threads(threads, threads * (64 << 20))
}

fn fingerprint(meta: &std::fs::Metadata) -> (u64, u128) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), mtime)
}

impl Engine {
    fn from_index(index: Index, roots: Roots, location: Location) -> Result<Self, Error> {
        register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (_, f) = schema();
        Ok(Self {
            index,
            reader,
            f,
            roots,
            location,
            stop: arabic::stop_words(),
        })
    }

    /// An in-memory index of a loaded corpus (the sample, or a fallback
    /// when the cache cannot be used).
    ///
    /// # Errors
    /// tantivy failed, or a text could not be read.
    pub fn in_memory(corpus: &Corpus) -> Result<Self, Error> {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        register(&index);
        let mut w = index.writer_with_num_threads(1, 15 << 20)?;
        // Stored paths are the paths as listed; ids are already unique
        // (and stay so when the index numbers them again).
        for (i, d) in corpus.docs.iter().enumerate() {
            let text = corpus.text(i)?;
            w.add_document(make_doc(
                &f,
                &NewDoc {
                    path: &d.path,
                    raw_id: &d.id,
                    title: Some(&d.title),
                    text: &text.text,
                    locator: d.locator(),
                },
            ))?;
        }
        w.commit()?;
        drop(w);
        let e = Self::from_index(index, Roots::default(), Location::Memory)?;
        e.reader.reload()?;
        Ok(e)
    }

    /// Opens the persistent index of the corpus at `paths`, creating or
    /// updating it first when `update` (the files are compared with the
    /// manifest). `progress` is called as files are indexed. A missing,
    /// unreadable or outdated index is rebuilt (the report says why); a
    /// locked one (another qari is updating it) is searched as it is.
    ///
    /// # Errors
    /// The corpus paths do not exist, or the cache cannot be used at all.
    pub fn open(
        paths: &[PathBuf],
        load: &LoadOptions,
        cache: Option<&Path>,
        update: bool,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(Self, Report), Error> {
        let roots = Roots::new(paths)?;
        let canon = roots.canonical();
        let dir = match cache {
            Some(c) => c.to_path_buf(),
            None => cache_dir_for(&canon).ok_or_else(|| Error::Io {
                path: "cache directory".to_owned(),
                source: std::io::Error::other("no home directory"),
            })?,
        };
        std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
        let mut report = Report::default();
        let existing = open_existing(&dir).and_then(|found| match found {
            Some((index, manifest)) => {
                let engine = Self::from_index(index, roots.clone(), Location::Disk(dir.clone()))
                    .map_err(|e| format!("the index is damaged ({e})"))?;
                engine
                    .check()
                    .map_err(|e| format!("the index is damaged ({e})"))?;
                Ok(Some((engine, manifest)))
            }
            None => Ok(None),
        });
        let (mut engine, manifest) = match existing {
            Ok(Some(pair)) => pair,
            Ok(None) => (
                Self::from_index(create(&dir)?, roots, Location::Disk(dir.clone()))?,
                Manifest::default(),
            ),
            Err(why) => {
                report.rebuilt = Some(why);
                wipe(&dir)?;
                (
                    Self::from_index(create(&dir)?, roots, Location::Disk(dir.clone()))?,
                    Manifest::default(),
                )
            }
        };
        let listing = canon
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        if !dir.join("corpus.txt").exists() {
            let _ = std::fs::write(dir.join("corpus.txt"), listing + "\n");
        }
        if update {
            engine.update(&dir, manifest, load, &mut report, progress)?;
        }
        engine.reader.reload()?;
        Ok((engine, report))
    }

    /// Opens every segment's term dictionary: most damage shows here.
    fn check(&self) -> tantivy::Result<()> {
        for seg in self.reader.searcher().segment_readers() {
            seg.inverted_index(self.f.body)?;
        }
        Ok(())
    }

    fn update(
        &mut self,
        dir: &Path,
        mut manifest: Manifest,
        load: &LoadOptions,
        report: &mut Report,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), Error> {
        let start = Instant::now();
        let (files, warnings) = corpus::list_files(&self.roots);
        report.warnings = warnings;
        let committed = self.index.load_metas()?.opstamp;
        let trusted = manifest.opstamp == committed;
        let mut current: HashMap<String, (PathBuf, (u64, u128))> = HashMap::new();
        let mut todo = Vec::new();
        for walked in files {
            let Ok(meta) = std::fs::metadata(&walked) else {
                continue;
            };
            let stored = self.roots.stored(&walked).display().to_string();
            let fp = fingerprint(&meta);
            match manifest.files.get(&stored) {
                Some(old) if trusted && *old == fp => report.unchanged += 1,
                Some(_) => {
                    report.changed += 1;
                    todo.push((walked.clone(), stored.clone(), fp));
                }
                None => {
                    report.added += 1;
                    todo.push((walked.clone(), stored.clone(), fp));
                }
            }
            current.insert(stored, (walked, fp));
        }
        let removed: Vec<String> = manifest
            .files
            .keys()
            .filter(|k| !current.contains_key(*k))
            .cloned()
            .collect();
        report.removed = removed.len();
        if todo.is_empty() && removed.is_empty() && trusted {
            return Ok(());
        }
        let mut w = match writer(&self.index) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                report.stale =
                    Some("another qari is updating this index; searching it as it is".to_owned());
                report.added = 0;
                report.changed = 0;
                report.removed = 0;
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        for path in &removed {
            w.delete_term(Term::from_field_text(self.f.path, path));
            manifest.files.remove(path);
        }
        if !trusted {
            // The manifest may lag behind the index: files it does not
            // know of are re-indexed (after deleting what the index has).
            manifest.files.retain(|k, _| current.contains_key(k));
        }
        let mut p = Progress {
            files_total: todo.len(),
            bytes_total: todo.iter().map(|t| t.2.0).sum(),
            ..Progress::default()
        };
        progress(&p);
        let mut since_commit = 0u64;
        // Test hooks: commit more often, and die mid-build like a killed run.
        let commit_bytes = std::env::var("QARI_COMMIT_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(COMMIT_BYTES);
        let abort_after: Option<usize> = std::env::var("QARI_ABORT_AFTER_FILES")
            .ok()
            .and_then(|v| v.parse().ok());
        let mut last_report = Instant::now();
        for (walked, stored, fp) in &todo {
            w.delete_term(Term::from_field_text(self.f.path, stored));
            // Each document is added as soon as it is read: a file's
            // documents are never all in memory at once.
            let mut added = Ok(0);
            let warnings = corpus::scan(walked, load.encoding, &mut |d: Scanned| {
                if let Ok(n) = &mut added {
                    // The index reads the file again by its stored path.
                    let locator = Locator {
                        source: match d.locator.source {
                            Source::File { gzip, .. } => Source::File {
                                path: PathBuf::from(stored),
                                gzip,
                            },
                            other @ Source::Embedded(_) => other,
                        },
                        ..d.locator
                    };
                    let doc = make_doc(
                        &self.f,
                        &NewDoc {
                            path: stored,
                            raw_id: &d.raw_id,
                            title: d.title.as_deref(),
                            text: &d.text.text,
                            locator: &locator,
                        },
                    );
                    match w.add_document(doc) {
                        Ok(_) => *n += 1,
                        Err(e) => added = Err(e),
                    }
                }
            });
            report.warnings.extend(warnings);
            p.docs += added?;
            p.files_done += 1;
            p.bytes_done += fp.0;
            since_commit += fp.0;
            manifest.files.insert(stored.clone(), *fp);
            if since_commit >= commit_bytes {
                since_commit = 0;
                manifest.opstamp = w.commit()?;
                manifest.format = FORMAT;
                write_manifest(dir, &manifest)?;
            }
            if abort_after == Some(p.files_done) {
                std::process::abort();
            }
            if last_report.elapsed() >= Duration::from_millis(50) || p.files_done == p.files_total {
                last_report = Instant::now();
                progress(&p);
            }
        }
        manifest.opstamp = w.commit()?;
        manifest.format = FORMAT;
        write_manifest(dir, &manifest)?;
        // Merging threads finish before the writer's memory is freed.
        w.wait_merging_threads()?;
        report.docs_indexed = p.docs;
        report.bytes_indexed = p.bytes_done;
        report.elapsed = start.elapsed();
        Ok(())
    }

    /// Number of documents.
    #[must_use]
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn term_clause(&self, t: &str) -> Box<dyn Query> {
        let f = &self.f;
        let term = |field: Field, s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, s),
                IndexRecordOption::WithFreqs,
            ))
        };
        // The bare field holds `t` for its forms with clitics (المدرسة,
        // بالمدرسة for مدرسة); a word with an article is looked up there
        // without it (المدرسة also finds مدرسة and والمدرسة).
        let in_bare = strip_article(t).unwrap_or(t);
        let should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, term(f.body, t)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(f.title, t), 1.5)),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(f.bare, in_bare), 0.4)),
            ),
        ];
        Box::new(BooleanQuery::new(should))
    }

    fn prefix_clause(&self, p: &str) -> Box<dyn Query> {
        let range = |field: Field| -> Box<dyn Query> {
            let lower = Term::from_field_text(field, p);
            let upper = match prefix_end(p.as_bytes()) {
                Some(end) => {
                    let mut t = Term::from_field_text(field, "");
                    t.append_bytes(&end);
                    Bound::Excluded(t)
                }
                None => Bound::Unbounded,
            };
            Box::new(InvertedIndexRangeQuery::new(Bound::Included(lower), upper))
        };
        // The ranges score a constant; the typed word itself, if it is a
        // whole word somewhere, adds its BM25 score so that it ranks first.
        let exact = |field: Field, boost: f32| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, p),
                    IndexRecordOption::WithFreqs,
                )),
                boost,
            ))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, range(self.f.body)),
            (Occur::Should, range(self.f.title)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(range(self.f.bare), 0.5)),
            ),
            (Occur::Should, exact(self.f.body, 1.0)),
            (Occur::Should, exact(self.f.bare, 0.4)),
        ]))
    }

    fn phrase_clause(&self, words: &[String], prefix: bool) -> Box<dyn Query> {
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(self.f.body, w))
            .collect();
        if prefix {
            let mut q = PhrasePrefixQuery::new(terms);
            q.set_max_expansions(PHRASE_PREFIX_EXPANSIONS);
            Box::new(q)
        } else {
            Box::new(PhraseQuery::new(terms))
        }
    }

    /// The tantivy query for `q` (folded forms: strict queries are
    /// checked afterwards). `fuzzy`: complete words of 4 characters or more
    /// match at edit distance 1 (Q6).
    fn build(&self, q: &Parsed, fuzzy: bool) -> Box<dyn Query> {
        let fold = |s: &str| {
            if q.strict {
                arabic::normalize(s, Fold::default())
            } else {
                s.to_owned()
            }
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in &q.parts {
            match part {
                Part::Term(t) => {
                    let t = fold(t);
                    if fuzzy && t.chars().count() >= super::query::MIN_FUZZY_CHARS {
                        let fz: Box<dyn Query> = Box::new(FuzzyTermQuery::new(
                            Term::from_field_text(self.f.body, &t),
                            1,
                            true,
                        ));
                        let in_bare = strip_article(&t).unwrap_or(&t).to_owned();
                        let fz_bare: Box<dyn Query> = Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new(
                                Term::from_field_text(self.f.bare, &in_bare),
                                1,
                                true,
                            )),
                            0.4,
                        ));
                        clauses.push((
                            Occur::Must,
                            Box::new(BooleanQuery::new(vec![
                                (Occur::Should, fz),
                                (Occur::Should, fz_bare),
                                (Occur::Should, self.term_clause(&t)),
                            ])),
                        ));
                    } else {
                        clauses.push((Occur::Must, self.term_clause(&t)));
                    }
                }
                Part::Prefix(p) => clauses.push((Occur::Must, self.prefix_clause(&fold(p)))),
                Part::Phrase { words, prefix } => {
                    let words: Vec<String> = words.iter().map(|w| fold(w)).collect();
                    clauses.push((Occur::Must, self.phrase_clause(&words, *prefix)));
                }
                Part::Exclude(t) => {
                    let t = fold(t);
                    for field in [self.f.body, self.f.title] {
                        clauses.push((
                            Occur::MustNot,
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, &t),
                                IndexRecordOption::Basic,
                            )),
                        ));
                    }
                }
            }
        }
        if !q.has_positive() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches: the best `limit` documents and how many match. Nothing
    /// matching a query with complete words of 4+ characters is retried
    /// with fuzzy matching (the results say so). Strict queries are
    /// checked against the stored text (up to 1,000 candidates).
    ///
    /// # Errors
    /// tantivy failed.
    pub fn search(&self, q: &Parsed, limit: usize) -> Result<Results, Error> {
        let searcher = self.reader.searcher();
        let limit = limit.max(1);
        if q.parts.is_empty() {
            return Ok(Results::default());
        }
        let run = |fuzzy: bool, n: usize| -> Result<(Vec<(f32, DocAddress)>, usize), Error> {
            let query = self.build(q, fuzzy);
            Ok(searcher.search(&query, &(TopDocs::with_limit(n).order_by_score(), Count))?)
        };
        let n = if q.strict { 1000 } else { limit };
        let (mut hits, mut total) = run(false, n)?;
        let mut fuzzy = false;
        // Strict means literal: no close spellings either.
        if total == 0 && !q.strict && !q.fuzzy_candidates().is_empty() {
            (hits, total) = run(true, n)?;
            fuzzy = true;
        }
        let matcher = Matcher::new(q, fuzzy);
        let mut capped = false;
        if q.strict {
            capped = total > hits.len();
            hits.retain(|&(_, addr)| self.stored_text(addr).is_some_and(|t| matcher.accepts(&t)));
            total = hits.len();
            hits.truncate(limit);
        }
        Ok(Results {
            hits: hits
                .into_iter()
                .map(|(score, addr)| Hit { score, addr })
                .collect(),
            total,
            fuzzy,
            capped,
            matcher,
        })
    }

    fn stored(&self, addr: DocAddress) -> Option<TantivyDocument> {
        self.reader.searcher().doc::<TantivyDocument>(addr).ok()
    }

    fn stored_text(&self, addr: DocAddress) -> Option<String> {
        let doc = self.stored(addr)?;
        doc.get_first(self.f.text)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    }

    /// A hit's key, id, title and locator, and a snippet of about
    /// `snippet_chars` characters around its matches.
    #[must_use]
    pub fn details(&self, hit: &Hit, matcher: &Matcher, snippet_chars: usize) -> Option<Details> {
        let doc = self.stored(hit.addr)?;
        let s = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let n = |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let text = s(self.f.text);
        let hits = matcher.hits(&text);
        let snippet = snippet::make(&text, &hits, snippet_chars);
        let stored_path = s(self.f.path);
        let line = usize::try_from(n(self.f.line)).ok().filter(|&l| l > 0);
        let id = self.unique_id(&stored_path, line, &s(self.f.id));
        let title = Some(s(self.f.title_text))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.clone());
        let source = match usize::try_from(n(self.f.embedded)) {
            Ok(k) if k > 0 => Source::Embedded(k - 1),
            _ => Source::File {
                path: PathBuf::from(&stored_path),
                gzip: n(self.f.gzip) == 1,
            },
        };
        let at = usize::try_from(n(self.f.at))
            .ok()
            .and_then(|a| a.checked_sub(1));
        let locator = Locator {
            source,
            encoding: encoding_rs::Encoding::for_label(s(self.f.encoding).as_bytes())
                .unwrap_or(encoding_rs::UTF_8),
            record: line.zip(at).map(|(line, at)| Record { line, at }),
        };
        Some(Details {
            score: hit.score,
            key: DocKey {
                path: self
                    .roots
                    .shown(Path::new(&stored_path))
                    .display()
                    .to_string(),
                line,
            },
            id,
            title,
            snippet,
            locator,
        })
    }

    /// The id `qari list` gives the document stored at `path`, `line`, of
    /// raw id `raw`: [`ids`]'s rule applied to the documents of its family,
    /// in load order.
    fn unique_id(&self, path: &str, line: Option<usize>, raw: &str) -> String {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.f.family, ids::family(raw));
        // Counts deleted documents too: more is only the slower path.
        if searcher.doc_freq(&term).unwrap_or(0) <= 1 {
            return ids::base(raw).to_owned();
        }
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let members = searcher
            .search(&q, &Count)
            .and_then(|n| searcher.search(&q, &TopDocs::with_limit(n.max(1)).order_by_score()));
        let Ok(members) = members else {
            return ids::base(raw).to_owned();
        };
        let mut members: Vec<(PathBuf, u64, String)> = members
            .into_iter()
            .filter_map(|(_, addr)| {
                let doc = searcher.doc::<TantivyDocument>(addr).ok()?;
                let p = doc.get_first(self.f.path)?.as_str()?.to_owned();
                let l = doc.get_first(self.f.line)?.as_u64()?;
                let id = doc.get_first(self.f.id)?.as_str()?.to_owned();
                Some((PathBuf::from(p), l, id))
            })
            .collect();
        members.sort_by(|a, b| (self.roots.order(&a.0), a.1).cmp(&(self.roots.order(&b.0), b.1)));
        let me = (Path::new(path), line.unwrap_or(0) as u64);
        let mut given = ids::Ids::default();
        for (p, l, id) in &members {
            let unique = given.claim(id);
            if (p.as_path(), *l) == me {
                return unique;
            }
        }
        ids::base(raw).to_owned()
    }

    /// Documents like `doc`: its most characteristic words (TF-IDF over the
    /// primary field, stop words left out) as an OR query, the document
    /// itself excluded.
    ///
    /// # Errors
    /// tantivy failed.
    pub fn related(&self, doc: &DocKey, limit: usize) -> Result<Vec<Hit>, Error> {
        let searcher = self.reader.searcher();
        let stored = DocKey {
            path: self
                .roots
                .stored(Path::new(&doc.path))
                .display()
                .to_string(),
            line: doc.line,
        };
        let key = Term::from_field_text(self.f.key, &stored.to_string());
        let found = searcher.search(
            &TermQuery::new(key.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some(&(_, addr)) = found.first() else {
            return Ok(Vec::new());
        };
        let Some(text) = self.stored_text(addr) else {
            return Ok(Vec::new());
        };
        let mut tf: HashMap<String, usize> = HashMap::new();
        for t in arabic::tokenize(&text, Fold::default()) {
            if t.text.chars().count() >= 3
                && !t.text.chars().all(|c| c.is_ascii_digit())
                && !self.stop.contains(&t.text)
            {
                *tf.entry(t.text).or_default() += 1;
            }
        }
        let n = searcher.num_docs().max(1) as f32;
        let mut weighted: Vec<(f32, String)> = tf
            .into_iter()
            .filter_map(|(t, c)| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(self.f.body, &t))
                    .unwrap_or(0);
                // Words in this document only, or in most documents, say
                // nothing about likeness.
                (df >= 2 && (df as f32) <= (n * 0.5).max(2.0)).then(|| {
                    let idf = (n / df as f32).ln();
                    ((c as f32).sqrt() * idf, t)
                })
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighted.truncate(25);
        if weighted.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = weighted
            .into_iter()
            .map(|(w, t)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.f.body, &t),
                        IndexRecordOption::WithFreqs,
                    )),
                    w,
                ));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(key, IndexRecordOption::Basic)),
        ));
        let q = BooleanQuery::new(clauses);
        let top = searcher.search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        Ok(top
            .into_iter()
            .map(|(score, addr)| Hit { score, addr })
            .collect())
    }
}

fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut res = prefix.to_owned();
    while let Some(last) = res.last_mut() {
        if *last == u8::MAX {
            res.pop();
        } else {
            *last += 1;
            return Some(res);
        }
    }
    None
}

fn create(dir: &Path) -> Result<Index, Error> {
    let (schema, _) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    register(&index);
    Ok(index)
}

/// Removes tantivy's files and the manifest from the cache directory
/// (nothing else is ever there).
fn wipe(dir: &Path) -> Result<(), Error> {
    std::fs::remove_dir_all(dir).map_err(|e| io_err(dir, e))?;
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))
}

/// Opens the index in `dir`: `Ok(None)` when there is none, `Err(why)` when
/// it cannot be used.
fn open_existing(dir: &Path) -> Result<Option<(Index, Manifest)>, String> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index =
        Index::open_in_dir(dir).map_err(|e| format!("the index could not be opened ({e})"))?;
    let (expected, _) = schema();
    if index.schema() != expected {
        return Err("the index was made by another version of qari".to_owned());
    }
    let manifest = read_manifest(dir).unwrap_or_default();
    if manifest.format != FORMAT && !manifest.files.is_empty() {
        return Err("the index was made by another version of qari".to_owned());
    }
    register(&index);
    Ok(Some((index, manifest)))
}

/// Search results: addresses and scores; details are fetched for the rows
/// that are shown.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// How many documents match.
    pub total: usize,
    /// Found by the fuzzy retry.
    pub fuzzy: bool,
    /// Strict mode checked only the first 1,000 candidates.
    pub capped: bool,
    /// Finds the matched bytes in a text.
    pub matcher: Matcher,
}

/// One hit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// BM25 score.
    pub score: f32,
    /// The document in the index.
    pub addr: DocAddress,
}

/// A hit's key, id, title, snippet and locator.
#[derive(Clone, Debug)]
pub struct Details {
    /// BM25 score.
    pub score: f32,
    /// The document: its file as the user named the corpus (what `qari
    /// list` shows) and its line.
    pub key: DocKey,
    /// Its id, as `qari list` gives it.
    pub id: String,
    /// The title (the id when there is none).
    pub title: String,
    /// The snippet.
    pub snippet: Snippet,
    /// What it takes to read the document again (for byte ranges into its
    /// file as stored).
    pub locator: Locator,
}
