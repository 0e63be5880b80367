//! A corpus: the documents found under a set of paths.
//!
//! Inputs: files and folders (walked recursively, sorted, hidden entries
//! skipped) of `.txt` and `.md`; JSON Lines (`.jsonl`, one document per
//! line, fields found among common names); any of these compressed
//! (`.gz`, `.zst`, `.xz`, `.bz2`: offsets are then into the decompressed
//! file). With no path, the embedded sample corpus.
//!
//! Per document qari keeps only metadata (id, title, direction, word count)
//! and a [`Locator`], what it takes to read the document again; small
//! corpora keep their texts too. qari never writes to a corpus.
//!
//! Every offset that leaves the library is a byte offset into the file as
//! stored (decompressed, for `.gz`): [`DocText::to_source`] maps text offsets
//! back, through JSON escapes and legacy encodings.
//!
//! Inside: `discover` (which files, in which order), `formats` (text and
//! JSON Lines into one scanned-document type), [`decode`] (bytes to text
//! with a map back), `offsets` (the map), `locator` (reading a document
//! again), [`ids`] (unique ids), `key` ([`DocKey`]), `stats` (words,
//! direction), `title`.

pub(crate) mod catalog;
mod date;
pub mod decode;
mod discover;
mod formats;
pub mod ids;
mod key;
mod local_config;
mod locator;
pub mod meta;
mod offsets;
mod read;
mod stats;
mod title;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::Encoding;
use serde::Serialize;

pub use catalog::Catalog;
use decode::OffsetMap;
pub use key::DocKey;
pub use locator::{Locator, ReadCache, Record, Source};

pub(crate) use discover::{Folder, Roots, list_files_and_folders, mtime_ns, path_key};
pub(crate) use formats::{Scanned, scan};
pub(crate) use read::irregular;

use crate::bidi::Dir;

/// Corpora whose texts add up to at most this many bytes keep them in memory;
/// larger ones read a document again when it is opened.
const RETAIN_BYTES: usize = 64 << 20;

/// A text's words, dominant direction and language, as the library lists
/// them.
pub(crate) fn doc_stats(text: &str) -> (usize, TextDirection, crate::arabic::Lang) {
    stats::stats(text)
}

/// The days (since 1970-01-01, half open) of a period typed in a filter:
/// `2019`, `2019-02`, `2019-02-07`, `2019-01..2019-03`, open ends.
#[must_use]
pub fn date_period(s: &str) -> Option<Range<i64>> {
    date::period(s)
}

/// Gives the settings of the corpus at `path` as the user's configuration
/// writes them (`[corpora."PATH"]`: `fields`, `xml`, `dates`; see
/// docs/formats.md §5); they win over the corpus's own `qari.toml`.
///
/// # Errors
/// The table is not such settings.
pub fn register_corpus_settings(path: &Path, table: toml::Table) -> Result<(), String> {
    local_config::register(path, table)
}

/// The Gregorian date (year, month, day) of a day counted from
/// 1970-01-01.
#[must_use]
pub fn date_of_day(day: i64) -> (i32, u8, u8) {
    let d = date::Day::from_days(day);
    (d.year, d.month, d.day)
}

/// A scanned document's metadata (its id claimed in `ids`), and its text.
fn meta_of(ids: &mut ids::Ids, s: Scanned, direction_only: bool) -> (DocMeta, DocText) {
    let id = ids.claim(&s.raw_id);
    let title = s.title.unwrap_or_else(|| id.clone());
    let text = &s.text.text;
    let (words, direction, lang) = if direction_only {
        (0, stats::direction(text), crate::arabic::Lang::Other)
    } else {
        stats::stats(text)
    };
    let meta = DocMeta {
        id,
        path: s.locator.shown_path(),
        line: s.locator.line(),
        title,
        words,
        direction,
        lang: lang.code(),
        bytes: text.len(),
        empty: text.trim().is_empty(),
        encoding: decode::name(s.locator.encoding),
        lossy: s.lossy,
        embedded: matches!(s.locator.source, Source::Embedded(_)),
        meta: s.meta,
        locator: s.locator,
    };
    (meta, s.text)
}

/// A document's dominant direction, from its strong characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    /// At least 70% of strong characters are right to left.
    Rtl,
    /// At most 30% are right to left (or there is none).
    Ltr,
    /// In between.
    Mixed,
}

impl TextDirection {
    /// Counts strong characters of `text`.
    #[must_use]
    pub fn of(text: &str) -> Self {
        stats::stats(text).1
    }

    /// The direction for paragraphs without a strong character.
    #[must_use]
    pub fn fallback(self) -> Dir {
        match self {
            Self::Ltr => Dir::Ltr,
            Self::Rtl | Self::Mixed => Dir::Rtl,
        }
    }

    /// `"rtl"`, `"ltr"` or `"mixed"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rtl => "rtl",
            Self::Ltr => "ltr",
            Self::Mixed => "mixed",
        }
    }
}

/// A document's metadata.
#[derive(Clone, Debug, Serialize)]
pub struct DocMeta {
    /// Unique id within the corpus (see [`ids`]).
    pub id: String,
    /// The file it comes from, as the user named it (`seeds/…` for the
    /// embedded sample).
    pub path: String,
    /// 1-based line number, for JSON Lines documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Title: the first meaningful line, or the title field, or the id.
    pub title: String,
    /// Word count.
    pub words: usize,
    /// Dominant direction.
    pub direction: TextDirection,
    /// Language told from the letters (`ar`, `fa`, `ur`, `he`; empty for
    /// others): docs/search.md §2a.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub lang: &'static str,
    /// Size of the text in bytes (UTF-8).
    pub bytes: usize,
    /// Encoding the file was decoded with.
    pub encoding: &'static str,
    /// Whether invalid bytes were replaced.
    pub lossy: bool,
    /// Whether the document is empty.
    pub empty: bool,
    /// Whether it comes from the sample embedded in the binary.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub embedded: bool,
    /// Date, source and the record's other fields.
    #[serde(flatten)]
    pub meta: meta::Meta,
    #[serde(skip)]
    locator: Locator,
}

impl DocMeta {
    /// The document's key: its path as listed and its line.
    #[must_use]
    pub fn key(&self) -> DocKey {
        DocKey {
            path: self.path.clone(),
            line: self.line,
        }
    }

    /// What it takes to read the document again.
    #[must_use]
    pub fn locator(&self) -> &Locator {
        &self.locator
    }
}

/// A problem met while loading, reported but not fatal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The file concerned (and line, for JSON Lines).
    pub place: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Errors of the corpus layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given by the user does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(String),
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A document argument matches no id.
    #[error("no document '{arg}' in the corpus{}", candidates_hint(.candidates))]
    UnknownDoc {
        /// What the user typed.
        arg: String,
        /// Close ids, to help.
        candidates: Vec<String>,
    },
    /// A document argument matches several ids.
    #[error("'{arg}' matches several documents: {}", .candidates.join(", "))]
    AmbiguousDoc {
        /// What the user typed.
        arg: String,
        /// The matching ids.
        candidates: Vec<String>,
    },
    /// A document's file changed or vanished since the corpus was loaded.
    #[error("{0}: the document is no longer there")]
    Gone(String),
}

fn candidates_hint(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}", c.join(", "))
    }
}

pub(crate) fn io_err(path: &std::path::Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// How to load a corpus.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Decode every file with this encoding instead of detecting.
    pub encoding: Option<&'static Encoding>,
    /// Keep texts in memory when they add up to at most this many bytes.
    pub retain_bytes: usize,
    /// Count only each document's direction, not its words and language:
    /// for a caller that prints one document (`qari show FILE`) and needs
    /// nothing else of the library's columns. [`DocMeta::words`] is then 0
    /// and [`DocMeta::lang`] empty until [`Corpus::count_words`].
    pub direction_only: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            encoding: None,
            retain_bytes: RETAIN_BYTES,
            direction_only: false,
        }
    }
}

/// A document's text with its map back to the file.
#[derive(Clone, Debug)]
pub struct DocText {
    /// The text, in logical order.
    pub text: String,
    /// Text offsets → bytes of the file as stored (through JSON escapes
    /// and legacy encodings).
    map: OffsetMap,
}

impl DocText {
    pub(crate) fn new(text: String, map: OffsetMap) -> Self {
        Self { text, map }
    }

    /// The byte offset in the file as stored of text offset `t`.
    #[must_use]
    pub fn to_source(&self, t: usize) -> usize {
        self.map.to_source(&self.text, t)
    }

    /// Heap bytes of the map (tests of memory use).
    #[cfg(test)]
    pub(crate) fn map_heap_bytes(&self) -> usize {
        self.map.heap_bytes()
    }

    /// [`DocText::to_source`] for a range.
    #[must_use]
    pub fn range_to_source(&self, r: Range<usize>) -> Range<usize> {
        self.to_source(r.start)..self.to_source(r.end)
    }
}

/// The documents of a corpus: loaded (a walk of the corpus, every
/// document read once), or listed from the catalog of its persistent index
/// ([`Corpus::from_catalog`]: nothing of the corpus read).
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Documents, in load order (see [`ids`]), when loaded.
    docs: Vec<DocMeta>,
    /// Or the catalog they are listed from.
    listed: Option<Listed>,
    /// Problems met while loading.
    pub warnings: Vec<Warning>,
    /// Keep texts while they add up to at most this many bytes.
    retain_bytes: usize,
    /// Texts kept in memory (small corpora), by document index.
    retained: Vec<Option<Arc<DocText>>>,
    /// Ids given so far.
    ids: ids::Ids,
    /// Bytes of text kept so far; `None` once over the limit.
    kept: Option<usize>,
    /// Document indexes sorted by key, for [`Corpus::find`].
    by_key: Vec<usize>,
    /// Words and languages were not counted ([`LoadOptions::direction_only`]).
    direction_only: bool,
}

/// A corpus listed from a catalog, with the roots its stored paths are
/// under.
#[derive(Clone, Debug)]
struct Listed {
    catalog: Arc<Catalog>,
    roots: Roots,
}

impl Corpus {
    fn empty(retain_bytes: usize) -> Self {
        Self {
            retain_bytes,
            kept: Some(0),
            ..Self::default()
        }
    }

    /// The sample corpus embedded in the binary.
    #[must_use]
    pub fn sample() -> Self {
        let mut corpus = Self::empty(usize::MAX);
        for index in 0..crate::sample::FILES.len() {
            let (scanned, warning) = formats::scan_embedded(index);
            corpus.warnings.extend(warning);
            corpus.add(scanned);
        }
        corpus.finish();
        corpus
    }

    /// A corpus of one document: `bytes`, read from standard input (kept in
    /// memory: it cannot be read again). Binary input gives an empty corpus
    /// with a warning.
    #[must_use]
    pub fn from_stdin(bytes: Vec<u8>, opts: &LoadOptions) -> Self {
        let mut corpus = Self::empty(usize::MAX);
        let (scanned, warnings) = formats::scan_stdin(bytes, opts.encoding);
        corpus.warnings = warnings;
        if let Some(s) = scanned {
            corpus.add(s);
        }
        corpus.finish();
        corpus
    }

    /// Loads the documents under `paths` (files or folders). An empty list
    /// gives the sample corpus.
    ///
    /// # Errors
    /// A path that does not exist. Unreadable or unusable files are skipped
    /// with a [`Warning`] instead.
    pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Result<Self, Error> {
        if paths.is_empty() {
            return Ok(Self::sample());
        }
        let roots = Roots::new(paths)?;
        let (files, warnings) = discover::list_files(&roots);
        let mut corpus = Self::empty(opts.retain_bytes);
        corpus.direction_only = opts.direction_only;
        corpus.warnings = warnings;
        // Document by document: only one text is in memory at a time
        // (beyond those kept for small corpora).
        for f in &files {
            let warnings = scan(f, opts.encoding, &mut |s| corpus.add(s));
            corpus.warnings.extend(warnings);
        }
        corpus.finish();
        Ok(corpus)
    }

    /// The documents of one file whose bytes (compressed, for `.gz`) are
    /// `raw`, as [`Corpus::load`] would read them from a file named
    /// `name`; texts are kept. For fuzzing and tests: no file is touched.
    #[doc(hidden)]
    #[must_use]
    pub fn from_file_bytes(name: &str, raw: &[u8], opts: &LoadOptions) -> Self {
        let mut corpus = Self::empty(usize::MAX);
        let warnings =
            formats::scan_raw(std::path::Path::new(name), raw, opts.encoding, &mut |s| {
                corpus.add(s);
            });
        corpus.warnings = warnings;
        corpus.finish();
        corpus
    }

    fn add(&mut self, s: Scanned) {
        let was_kept = self.kept.is_some();
        self.kept = self
            .kept
            .map(|k| k + s.text.text.len())
            .filter(|&k| k <= self.retain_bytes);
        if was_kept && self.kept.is_none() {
            // Over the limit: texts are read again when needed.
            self.retained.iter_mut().for_each(|t| *t = None);
        }
        let (meta, text) = meta_of(&mut self.ids, s, self.direction_only);
        self.docs.push(meta);
        self.retained
            .push(self.kept.is_some().then(|| Arc::new(text)));
    }

    /// Each document under `paths` (the sample when there are none), in
    /// load order, as [`Corpus::load`] would list it, handed to `each` as
    /// soon as it is read and then dropped: memory does not grow with the
    /// corpus (only the ids given so far are kept). `each` returns whether
    /// to go on (no further file is read once it says no). Returns the
    /// problems met.
    ///
    /// # Errors
    /// A path that does not exist.
    pub fn each(
        paths: &[PathBuf],
        opts: &LoadOptions,
        each: &mut dyn FnMut(DocMeta) -> bool,
    ) -> Result<Vec<Warning>, Error> {
        if paths.is_empty() {
            let sample = Self::sample();
            for d in sample.docs {
                if !each(d) {
                    break;
                }
            }
            return Ok(sample.warnings);
        }
        let roots = Roots::new(paths)?;
        let (files, mut warnings) = discover::list_files(&roots);
        let mut ids = ids::Ids::default();
        let mut go_on = true;
        for f in &files {
            let found = scan(f, opts.encoding, &mut |s| {
                if go_on {
                    go_on = each(meta_of(&mut ids, s, opts.direction_only).0);
                }
            });
            warnings.extend(found);
            if !go_on {
                break;
            }
        }
        Ok(warnings)
    }

    fn finish(&mut self) {
        let mut by_key: Vec<usize> = (0..self.docs.len()).collect();
        by_key.sort_by(|&a, &b| self.place(a).cmp(&self.place(b)));
        self.by_key = by_key;
    }

    fn place(&self, i: usize) -> (&str, Option<usize>) {
        self.docs
            .get(i)
            .map_or(("", None), |d| (d.path.as_str(), d.line))
    }

    /// The document with this key.
    #[must_use]
    pub fn find(&self, key: &DocKey) -> Option<usize> {
        if let Some(l) = &self.listed {
            return l.find(key);
        }
        let want = (key.path.as_str(), key.line);
        self.by_key
            .binary_search_by(|&i| self.place(i).cmp(&want))
            .ok()
            .and_then(|k| self.by_key.get(k).copied())
    }

    /// The corpus of `roots` as its catalog lists it: nothing of the
    /// corpus is read (texts are read when a document is opened).
    #[must_use]
    pub(crate) fn from_catalog(catalog: Arc<Catalog>, roots: &Roots) -> Self {
        Self {
            listed: Some(Listed {
                catalog,
                roots: roots.clone(),
            }),
            retain_bytes: 0,
            ..Self::default()
        }
    }

    /// For a corpus listed from a catalog, what says document `i` is
    /// unchanged: its file's stored path, size and modification time (as
    /// the index saw them) and its line; `None` for a loaded corpus.
    #[must_use]
    pub fn fingerprint(&self, i: usize) -> Option<(String, u64, u128, Option<usize>)> {
        let l = self.listed.as_ref()?;
        let d = l.catalog.doc(i)?;
        let f = l.catalog.file(d.file)?;
        let path = match &d.entry.member {
            Some(m) => format!("{}/{m}", f.path),
            None => f.path.clone(),
        };
        Some((path, f.size, f.mtime, d.entry.line))
    }

    /// Whether the documents are listed from a catalog.
    #[must_use]
    pub fn is_listed(&self) -> bool {
        self.listed.is_some()
    }

    /// Number of documents.
    #[must_use]
    pub fn len(&self) -> usize {
        self.listed
            .as_ref()
            .map_or(self.docs.len(), |l| l.catalog.docs())
    }

    /// Whether there is no document.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document `i`'s metadata (built from the catalog when listed).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<Cow<'_, DocMeta>> {
        match &self.listed {
            Some(l) => l.meta(i).map(Cow::Owned),
            None => self.docs.get(i).map(Cow::Borrowed),
        }
    }

    /// Every document's metadata, in load order.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, DocMeta>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Document `i`'s unique id (no copy when loaded).
    #[must_use]
    pub fn id(&self, i: usize) -> Option<Cow<'_, str>> {
        match &self.listed {
            Some(l) => l.catalog.doc(i).map(|d| Cow::Owned(d.id)),
            None => self.docs.get(i).map(|d| Cow::Borrowed(d.id.as_str())),
        }
    }

    /// Document `i`'s title (the id when it has none; no copy when
    /// loaded).
    #[must_use]
    pub fn title(&self, i: usize) -> Option<Cow<'_, str>> {
        match &self.listed {
            Some(l) => l
                .catalog
                .doc(i)
                .map(|d| Cow::Owned(d.entry.title.unwrap_or(d.id))),
            None => self.docs.get(i).map(|d| Cow::Borrowed(d.title.as_str())),
        }
    }

    /// How many documents are in each language (codes; empty: unknown).
    #[must_use]
    pub fn lang_counts(&self) -> std::collections::HashMap<&'static str, usize> {
        let mut counts = std::collections::HashMap::new();
        match &self.listed {
            Some(l) => {
                for (lang, n) in l.catalog.lang_counts() {
                    *counts.entry(lang.code()).or_default() += usize::try_from(n).unwrap_or(0);
                }
            }
            None => {
                for d in &self.docs {
                    *counts.entry(d.lang).or_default() += 1;
                }
            }
        }
        counts
    }

    /// The longest id (characters) and largest word count of all
    /// documents.
    #[must_use]
    pub fn widest(&self) -> (usize, usize) {
        match &self.listed {
            Some(l) => (l.catalog.max_id_chars(), l.catalog.max_words()),
            None => self.docs.iter().fold((0, 0), |(i, w), d| {
                (i.max(d.id.chars().count()), w.max(d.words))
            }),
        }
    }

    /// Whether some document has a date read, and the longest source in
    /// characters (0: none has one): the library's date and source
    /// columns.
    #[must_use]
    pub fn meta_columns(&self) -> (bool, usize) {
        match &self.listed {
            Some(l) => (l.catalog.dated() > 0, l.catalog.max_source_chars()),
            None => self.docs.iter().fold((false, 0), |(d, s), m| {
                (
                    d || m.meta.day.is_some(),
                    s.max(m.meta.source.as_deref().map_or(0, |x| x.chars().count())),
                )
            }),
        }
    }

    /// Counts the words and languages that a load with
    /// [`LoadOptions::direction_only`] left out (each text is read again
    /// unless kept); nothing to do otherwise.
    ///
    /// # Errors
    /// A file can no longer be read.
    pub fn count_words(&mut self) -> Result<(), Error> {
        if !self.direction_only {
            return Ok(());
        }
        if self.listed.is_some() {
            return Ok(());
        }
        for i in 0..self.docs.len() {
            let text = self.text(i)?;
            let (words, _, lang) = stats::stats(&text.text);
            self.docs[i].words = words;
            self.docs[i].lang = lang.code();
        }
        self.direction_only = false;
        Ok(())
    }

    /// A document's text: kept, or read again.
    ///
    /// # Errors
    /// The file can no longer be read, or no longer holds the document.
    pub fn text(&self, index: usize) -> Result<Arc<DocText>, Error> {
        if let Some(Some(t)) = self.retained.get(index) {
            return Ok(Arc::clone(t));
        }
        let meta = self
            .get(index)
            .ok_or_else(|| Error::Gone(format!("document #{index}")))?;
        meta.locator.read().map(Arc::new)
    }

    /// Finds a document by id or unique id prefix.
    ///
    /// # Errors
    /// No document, or several, match.
    pub fn resolve(&self, arg: &str) -> Result<usize, Error> {
        let ids = || (0..self.len()).filter_map(|i| Some((i, self.id(i)?)));
        if let Some((i, _)) = ids().find(|(_, id)| *id == arg) {
            return Ok(i);
        }
        let matches: Vec<(usize, Cow<'_, str>)> =
            ids().filter(|(_, id)| id.starts_with(arg)).collect();
        match matches.as_slice() {
            [(one, _)] => Ok(*one),
            [] => {
                let lower = arg.to_lowercase();
                let mut candidates: Vec<String> = ids()
                    .filter(|(_, id)| id.to_lowercase().contains(&lower))
                    .map(|(_, id)| id.into_owned())
                    .take(10)
                    .collect();
                if candidates.is_empty() && self.len() <= 10 {
                    candidates = ids().map(|(_, id)| id.into_owned()).collect();
                }
                Err(Error::UnknownDoc {
                    arg: arg.to_owned(),
                    candidates,
                })
            }
            many => Err(Error::AmbiguousDoc {
                arg: arg.to_owned(),
                candidates: many.iter().map(|(_, id)| id.to_string()).collect(),
            }),
        }
    }
}

impl Listed {
    /// Document `i` as [`Corpus::load`] would have found it.
    fn meta(&self, i: usize) -> Option<DocMeta> {
        let catalog::DocView { file, id, entry: d } = self.catalog.doc(i)?;
        let f = self.catalog.file(file)?;
        let mut shown = self.roots.shown(Path::new(&f.path));
        // A member of an archive: its path under the archive's, its own
        // compression told by its name.
        let mut compressed = f.compressed;
        if let Some(m) = &d.member {
            shown = shown.join(m);
            compressed = read::Compression::of(Path::new(m)) != read::Compression::None;
        }
        Some(DocMeta {
            path: shown.display().to_string(),
            line: d.line,
            title: d.title.unwrap_or_else(|| id.clone()),
            id,
            words: d.words,
            direction: d.direction,
            lang: d.lang.code(),
            bytes: d.bytes,
            encoding: decode::name(f.encoding),
            lossy: d.lossy,
            empty: d.empty,
            embedded: false,
            meta: meta::Meta {
                date: d.date,
                day: d.day,
                source: d.source,
                ..meta::Meta::default()
            },
            locator: Locator {
                source: Source::File {
                    path: shown,
                    compressed,
                },
                encoding: f.encoding,
                record: d.line.zip(d.at).map(|(line, at)| Record { line, at }),
            },
        })
    }

    /// The document with this key: files are in load order, which is the
    /// order of [`Roots::order`].
    fn find(&self, key: &DocKey) -> Option<usize> {
        let stored = self.roots.stored(Path::new(&key.path));
        // A member of an archive: the archive's file, then the member.
        let (file, member) = match formats::member_of(&stored) {
            Some((archive, member)) => (self.find_file(&archive)?, Some(member)),
            None => (self.find_file(&stored)?, None),
        };
        let f = self.catalog.file(file)?;
        (f.first_doc..f.first_doc + f.n_docs).find(|&i| {
            self.catalog
                .doc(i)
                .is_some_and(|d| d.entry.line == key.line && d.entry.member == member)
        })
    }

    /// The catalog's file stored at `stored` (files are in load order,
    /// the order of [`Roots::order`]).
    fn find_file(&self, stored: &Path) -> Option<usize> {
        let want = self.roots.order(stored);
        let (mut lo, mut hi) = (0, self.catalog.files());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let f = self.catalog.file(mid)?;
            match self.roots.order(Path::new(&f.path)).cmp(&want) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
