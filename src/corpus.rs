//! A corpus: the documents found under a set of paths.
//!
//! Inputs: files and folders (walked recursively, sorted, hidden entries
//! skipped) of `.txt` and `.md`; JSON Lines (`.jsonl`, one document per
//! line, fields found among common names); any of these gzip-compressed
//! (`.gz`). With no path, the embedded sample corpus.
//!
//! Per document qari keeps only metadata (id, title, direction, word count,
//! where it comes from); [`Corpus::text`] reads the text again when needed,
//! so a large corpus costs little memory. qari never writes to a corpus.
//!
//! Every offset that leaves the library is a byte offset into the file as
//! stored (decompressed, for `.gz`): [`DocText::to_source`] maps text offsets
//! back, through JSON escapes and legacy encodings.

pub mod decode;
mod title;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::Encoding;
use serde::Serialize;

pub use decode::OffsetMap;
pub use title::{is_residue, title_of};

use crate::bidi::Dir;

/// Corpora whose texts add up to at most this many bytes keep them in memory;
/// larger ones read a document again when it is opened.
const RETAIN_BYTES: usize = 64 << 20;

/// Largest decompressed size accepted from one `.gz` file.
const MAX_GZIP_BYTES: u64 = 4 << 30;

/// Candidate JSON field names, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "content", "body", "article", "maintext", "story"];
const TITLE_FIELDS: &[&str] = &["title", "headline", "head_line", "head", "heading"];
const ID_FIELDS: &[&str] = &["id", "url", "doc_id", "_id", "uuid", "link"];

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
        stats(text).1
    }

    fn from_counts(rtl: usize, ltr: usize) -> Self {
        let total = rtl + ltr;
        if total == 0 || rtl * 10 <= total * 3 {
            Self::Ltr
        } else if rtl * 10 >= total * 7 {
            Self::Rtl
        } else {
            Self::Mixed
        }
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

/// Where a document's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A whole text file.
    File {
        path: PathBuf,
        gzip: bool,
        encoding: &'static Encoding,
    },
    /// One line of a JSON Lines file: `line` is 1-based, `at` the line's
    /// byte offset in the file as stored.
    Jsonl {
        path: PathBuf,
        gzip: bool,
        encoding: &'static Encoding,
        line: usize,
        at: usize,
    },
    /// One file of the embedded sample.
    Sample { index: usize },
}

/// A document's metadata.
#[derive(Clone, Debug, Serialize)]
pub struct DocMeta {
    /// Unique id within the corpus.
    pub id: String,
    /// The file it comes from.
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
    #[serde(skip)]
    origin: Origin,
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

/// How to load a corpus.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Decode every file with this encoding instead of detecting.
    pub encoding: Option<&'static Encoding>,
    /// Keep texts in memory when they add up to at most this many bytes.
    pub retain_bytes: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            encoding: None,
            retain_bytes: RETAIN_BYTES,
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

/// The documents of a corpus.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Documents, in load order (paths sorted).
    pub docs: Vec<DocMeta>,
    /// Problems met while loading.
    pub warnings: Vec<Warning>,
    /// The loading options, reused to read texts again.
    opts: LoadOptions,
    /// Texts kept in memory (small corpora), by document index.
    retained: Vec<Option<Arc<DocText>>>,
    /// Ids given so far.
    taken: HashSet<String>,
    /// Bytes of text kept so far; `None` once over the limit.
    kept: Option<usize>,
}

/// One document found while scanning, before ids are made unique.
struct Found {
    id: String,
    title_hint: Option<String>,
    text: String,
    map: OffsetMap,
    path: String,
    line: Option<usize>,
    encoding: &'static str,
    lossy: bool,
    origin: Origin,
}

impl Found {
    /// The title field, cleaned, else the first meaningful line.
    fn title(&self) -> Option<String> {
        self.title_hint
            .as_deref()
            .map(title::clean_title)
            .filter(|t| !t.is_empty())
            .or_else(|| title_of(&self.text))
    }
}

impl Corpus {
    /// The sample corpus embedded in the binary.
    #[must_use]
    pub fn sample() -> Self {
        let mut found = Vec::new();
        let mut warnings = Vec::new();
        for (index, (name, bytes)) in crate::sample::FILES.iter().enumerate() {
            let path = format!("{}/{name}", crate::sample::DIR);
            let d = decode::decode_owned(bytes.to_vec(), None);
            if d.replaced > 0 {
                warnings.push(lossy_warning(&path, d.replaced));
            }
            found.push(Found {
                id: stem(Path::new(name)),
                title_hint: None,
                text: d.text,
                map: d.map,
                path,
                line: None,
                encoding: d.encoding.name(),
                lossy: d.replaced > 0,
                origin: Origin::Sample { index },
            });
        }
        let mut corpus = Self {
            warnings,
            kept: Some(0),
            ..Self::default()
        };
        for f in found {
            corpus.add(f);
        }
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
        let (files, warnings) = list_files(paths)?;
        let mut corpus = Self {
            warnings,
            opts: opts.clone(),
            kept: Some(0),
            ..Self::default()
        };
        // Document by document: only one text is in memory at a time
        // (beyond those kept for small corpora).
        for f in &files {
            let mut warnings = Vec::new();
            scan_file(f, opts, &mut |found| corpus.add(found), &mut warnings);
            corpus.warnings.extend(warnings);
        }
        Ok(corpus)
    }

    fn add(&mut self, f: Found) {
        let was_kept = self.kept.is_some();
        self.kept = self
            .kept
            .map(|k| k + f.text.len())
            .filter(|&k| k <= self.opts.retain_bytes);
        if was_kept && self.kept.is_none() {
            // Over the limit: texts are read again when needed.
            self.retained.iter_mut().for_each(|t| *t = None);
        }
        let retain = self.kept.is_some();
        {
            let id = unique_id(&f.id, &mut self.taken);
            let title = f.title().unwrap_or_else(|| id.clone());
            let (words, direction) = stats(&f.text);
            self.docs.push(DocMeta {
                title,
                words,
                direction,
                bytes: f.text.len(),
                empty: f.text.trim().is_empty(),
                encoding: f.encoding,
                lossy: f.lossy,
                embedded: matches!(f.origin, Origin::Sample { .. }),
                path: f.path,
                line: f.line,
                origin: f.origin,
                id,
            });
            self.retained.push(retain.then(|| {
                Arc::new(DocText {
                    text: f.text,
                    map: f.map,
                })
            }));
        }
    }

    /// Reads a document's text again.
    ///
    /// # Errors
    /// The file can no longer be read, or no longer holds the document.
    pub fn text(&self, index: usize) -> Result<Arc<DocText>, Error> {
        if let Some(Some(t)) = self.retained.get(index) {
            return Ok(Arc::clone(t));
        }
        self.read_text(index).map(Arc::new)
    }

    fn read_text(&self, index: usize) -> Result<DocText, Error> {
        let meta = self
            .docs
            .get(index)
            .ok_or_else(|| Error::Gone(format!("document #{index}")))?;
        match &meta.origin {
            Origin::Sample { index } => {
                let bytes = crate::sample::FILES
                    .get(*index)
                    .map(|f| f.1)
                    .unwrap_or_default();
                let d = decode::decode_owned(bytes.to_vec(), Some(encoding_rs::UTF_8));
                Ok(DocText {
                    text: d.text,
                    map: d.map,
                })
            }
            Origin::File {
                path,
                gzip,
                encoding,
            } => {
                let bytes = read_bytes(path, *gzip).map_err(|e| io_err(path, e))?;
                let d = decode::decode_owned(bytes, Some(encoding));
                Ok(DocText {
                    text: d.text,
                    map: d.map,
                })
            }
            Origin::Jsonl {
                path,
                gzip,
                encoding,
                line,
                at,
            } => read_record(path, *gzip, encoding, *line, *at),
        }
    }

    /// Finds a document by id or unique id prefix.
    ///
    /// # Errors
    /// No document, or several, match.
    pub fn resolve(&self, arg: &str) -> Result<usize, Error> {
        if let Some(i) = self.docs.iter().position(|d| d.id == arg) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.docs.len())
            .filter(|&i| self.docs[i].id.starts_with(arg))
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => {
                let lower = arg.to_lowercase();
                let mut candidates: Vec<String> = self
                    .docs
                    .iter()
                    .filter(|d| d.id.to_lowercase().contains(&lower))
                    .map(|d| d.id.clone())
                    .take(10)
                    .collect();
                if candidates.is_empty() && self.docs.len() <= 10 {
                    candidates = self.docs.iter().map(|d| d.id.clone()).collect();
                }
                Err(Error::UnknownDoc {
                    arg: arg.to_owned(),
                    candidates,
                })
            }
            many => Err(Error::AmbiguousDoc {
                arg: arg.to_owned(),
                candidates: many.iter().map(|&i| self.docs[i].id.clone()).collect(),
            }),
        }
    }
}

/// The files a corpus of `paths` is made of, in load order (folders walked
/// recursively, sorted, hidden entries skipped), without reading them.
///
/// # Errors
/// A path that does not exist or cannot be read.
pub fn list_files(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Warning>), Error> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::NotFound(p.display().to_string())
            } else {
                io_err(p, e)
            }
        })?;
        if meta.is_dir() {
            let mut seen = HashSet::new();
            walk(p, &mut files, &mut warnings, &mut seen);
        } else {
            files.push(p.clone());
        }
    }
    Ok((files, warnings))
}

/// A document read from one file for indexing: its id before duplicates
/// are numbered, its title and text, and where it is in the file.
#[derive(Clone, Debug)]
pub struct ScannedDoc {
    /// The id (file stem, JSON id, or `stem:line`), not yet made unique.
    pub id: String,
    /// The title, as [`DocMeta::title`] would have it.
    pub title: String,
    /// The text.
    pub text: String,
    /// 1-based line, for JSON Lines.
    pub line: Option<usize>,
    /// Byte offset in the file as stored of the JSON Lines record.
    pub line_start: Option<usize>,
    /// Decoded without replacement from UTF-8, and not compressed: the
    /// record can be read again from `line_start` alone.
    pub plain_utf8: bool,
}

/// Reads the documents of one file, as [`Corpus::load`] would, handing
/// each to `each` as soon as it is read; returns the problems met.
pub fn scan(path: &Path, opts: &LoadOptions, each: &mut dyn FnMut(ScannedDoc)) -> Vec<Warning> {
    let mut warnings = Vec::new();
    scan_file(
        path,
        opts,
        &mut |f| {
            let title = f.title().unwrap_or_else(|| f.id.clone());
            let (line_start, gzip) = match &f.origin {
                Origin::Jsonl { at, gzip, .. } => (Some(*at), *gzip),
                Origin::File { gzip, .. } => (None, *gzip),
                Origin::Sample { .. } => (None, false),
            };
            each(ScannedDoc {
                id: f.id,
                title,
                text: f.text,
                line: f.line,
                line_start,
                plain_utf8: !gzip && !f.lossy && f.encoding == encoding_rs::UTF_8.name(),
            });
        },
        &mut warnings,
    );
    warnings
}

/// Reads one document of a file again, with its map to the bytes as
/// stored. JSON Lines records of plain UTF-8 files are read from
/// `line_start` alone; otherwise the whole file is read and decoded.
///
/// # Errors
/// The file can no longer be read or no longer holds the document.
pub fn read_document(
    path: &Path,
    line: Option<usize>,
    line_start: Option<usize>,
    plain_utf8: bool,
    opts: &LoadOptions,
) -> Result<DocText, Error> {
    let gzip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    match (line, line_start) {
        (Some(n), Some(at)) if plain_utf8 && !gzip => {
            read_record(path, gzip, encoding_rs::UTF_8, n, at)
        }
        (Some(n), _) => {
            let bytes = read_bytes(path, gzip).map_err(|e| io_err(path, e))?;
            let enc = decode::detect(&bytes, opts.encoding).encoding;
            let mut offset = 0;
            for (k, raw) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
                if k + 1 == n {
                    return record_of(path, raw, enc, n, offset);
                }
                offset += raw.len();
            }
            Err(Error::Gone(format!("{}:{n}", path.display())))
        }
        (None, _) => {
            let bytes = read_bytes(path, gzip).map_err(|e| io_err(path, e))?;
            let d = decode::decode_owned(bytes, opts.encoding);
            Ok(DocText {
                text: d.text,
                map: d.map,
            })
        }
    }
}

/// Reads the JSON Lines record at byte `at` of the file as stored (line
/// `line`) again: only that line is read and decoded.
fn read_record(
    path: &Path,
    gzip: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<DocText, Error> {
    use std::io::{BufRead, Seek};
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut buf = Vec::new();
    let skipped = if gzip {
        let mut dec = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
        let skipped = std::io::copy(&mut (&mut dec).take(at as u64), &mut std::io::sink())
            .map_err(|e| io_err(path, e))?;
        dec.read_until(b'\n', &mut buf)
            .map_err(|e| io_err(path, e))?;
        skipped
    } else {
        let mut f = std::io::BufReader::new(file);
        let skipped = f
            .seek(std::io::SeekFrom::Start(at as u64))
            .map_err(|e| io_err(path, e))?;
        f.read_until(b'\n', &mut buf).map_err(|e| io_err(path, e))?;
        skipped
    };
    if skipped != at as u64 {
        return Err(Error::Gone(format!("{}:{line}", path.display())));
    }
    record_of(path, &buf, encoding, line, at)
}

/// The record on one line of a JSON Lines file (its bytes as stored, found
/// at `at`), with its map to the file.
fn record_of(
    path: &Path,
    raw: &[u8],
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<DocText, Error> {
    let gone = || Error::Gone(format!("{}:{line}", path.display()));
    let (text, map) = decode::decode_part(trim_line_end(raw), encoding, at);
    let rec = parse_record(&text, &map).map_err(|_| gone())?;
    Ok(DocText {
        text: rec.text,
        map: rec.map,
    })
}

/// A line without its line end (`\n`, `\r\n`, stray `\r`s).
fn trim_line_end(raw: &[u8]) -> &[u8] {
    let mut end = raw.len();
    while end > 0 && matches!(raw[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &raw[..end]
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

fn lossy_warning(place: &str, n: usize) -> Warning {
    Warning {
        place: place.to_owned(),
        message: format!(
            "invalid UTF-8: {n} byte sequence{} replaced with U+FFFD (try --encoding)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

fn unique_id(id: &str, taken: &mut HashSet<String>) -> String {
    let id = if id.is_empty() { "doc" } else { id };
    if taken.insert(id.to_owned()) {
        return id.to_owned();
    }
    let mut n = 2;
    loop {
        let candidate = format!("{id}~{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Words: whitespace-separated tokens holding a letter or digit.
#[must_use]
pub fn word_count(text: &str) -> usize {
    stats(text).0
}

/// Word count and direction. Large texts are cut at whitespace and counted
/// on two threads.
fn stats(text: &str) -> (usize, TextDirection) {
    const PARALLEL: usize = 1 << 20;
    let mid = (text.len() / 2..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let cut = (text.len() >= PARALLEL)
        .then(|| text[mid..].find(char::is_whitespace).map(|i| mid + i))
        .flatten();
    let (words, rtl, ltr) = match cut {
        Some(cut) => {
            let (a, b) = text.split_at(cut);
            let (x, y) = std::thread::scope(|s| {
                let h = s.spawn(|| counts(b));
                (counts(a), h.join().unwrap_or_else(|_| counts(b)))
            });
            (x.0 + y.0, x.1 + y.1, x.2 + y.2)
        }
        None => counts(text),
    };
    (words, TextDirection::from_counts(rtl, ltr))
}

/// `(words, rtl strong characters, ltr strong characters)` in one pass. A
/// letter or digit is a character of a strong or numeric bidi class (L, R,
/// AL, EN, AN).
fn counts(text: &str) -> (usize, usize, usize) {
    use unicode_bidi::BidiClass::{AL, AN, EN, L, R};
    let (mut words, mut rtl, mut ltr) = (0usize, 0usize, 0usize);
    let (mut in_token, mut counted) = (false, false);
    for c in text.chars() {
        if c.is_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            in_token = true;
            counted = false;
        }
        let wordy = if c.is_ascii() {
            ltr += usize::from(c.is_ascii_alphabetic());
            c.is_ascii_alphanumeric()
        } else {
            match crate::bidi::bidi_class(c) {
                R | AL => {
                    rtl += 1;
                    true
                }
                L => {
                    ltr += 1;
                    true
                }
                EN | AN => true,
                _ => false,
            }
        };
        if wordy && !counted {
            counted = true;
            words += 1;
        }
    }
    (words, rtl, ltr)
}

/// The file name without `.gz` and without its extension.
fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_owned(),
        _ => name.to_owned(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
}

/// Format and compression from the file name; `None` for files a folder walk
/// skips.
fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(n) => (n.to_owned(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_owned())?;
    match ext.as_str() {
        "txt" | "md" | "markdown" | "text" => Some((Format::Text, gzip)),
        "jsonl" | "ndjson" => Some((Format::Jsonl, gzip)),
        _ => None,
    }
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    seen: &mut HashSet<PathBuf>,
) {
    if let Ok(canon) = dir.canonicalize()
        && !seen.insert(canon)
    {
        return; // a symlink loop
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(Warning {
                place: dir.display().to_string(),
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            // The entry's type needs no stat, except for symlinks.
            let dir = match e.file_type() {
                Ok(t) if t.is_symlink() => e.path().is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => e.path().is_dir(),
            };
            (e.path(), dir)
        })
        .collect();
    paths.sort();
    for (p, dir) in paths {
        if dir {
            walk(&p, out, warnings, seen);
        } else if format_of(&p).is_some() {
            out.push(p);
        }
    }
}

fn read_bytes(path: &Path, gzip: bool) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    if gzip {
        let mut dec = flate2::read::MultiGzDecoder::new(file).take(MAX_GZIP_BYTES + 1);
        dec.read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_GZIP_BYTES {
            return Err(std::io::Error::other("decompressed size exceeds 4 GiB"));
        }
    } else {
        std::io::BufReader::new(file).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

fn scan_file(
    path: &Path,
    opts: &LoadOptions,
    each: &mut dyn FnMut(Found),
    warnings: &mut Vec<Warning>,
) {
    let place = path.display().to_string();
    let (format, gzip) = format_of(path).unwrap_or((Format::Text, false));
    let gzip = gzip
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let bytes = match read_bytes(path, gzip) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Warning {
                place,
                message: format!("skipped: {e}"),
            });
            return;
        }
    };
    if bytes.contains(&0) {
        warnings.push(Warning {
            place,
            message: "skipped: contains NUL bytes (binary, or UTF-16?)".to_owned(),
        });
        return;
    }
    let det = decode::detect(&bytes, opts.encoding);
    if det.replaced > 0 {
        warnings.push(lossy_warning(&place, det.replaced));
    } else if det.detected {
        warnings.push(Warning {
            place: place.clone(),
            message: format!("not UTF-8; decoded as {}", det.encoding.name()),
        });
    }
    match format {
        Format::Text => {
            let d = decode::decode_detected(bytes, det);
            each(Found {
                id: stem(path),
                title_hint: None,
                text: d.text,
                map: d.map,
                path: place,
                line: None,
                encoding: d.encoding.name(),
                lossy: d.replaced > 0,
                origin: Origin::File {
                    path: path.to_path_buf(),
                    gzip,
                    encoding: d.encoding,
                },
            });
        }
        Format::Jsonl => scan_jsonl(path, gzip, &bytes, det, each, warnings),
    }
}

/// One JSON Lines record's fields.
struct Record {
    text: String,
    map: OffsetMap,
    title: Option<String>,
    id: Option<String>,
}

/// Parses one JSON Lines record: `line` is the decoded line (a UTF-8 BOM
/// before the record is skipped), `line_map` its map to the file.
fn parse_record(line: &str, line_map: &OffsetMap) -> Result<Record, String> {
    let body = line.strip_prefix('\u{FEFF}').unwrap_or(line);
    let fields: HashMap<String, &serde_json::value::RawValue> =
        serde_json::from_str(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| *v)
        })
    };
    let raw = find(TEXT_FIELDS).ok_or_else(|| {
        format!(
            "no text field (looked for {}); fields are {}",
            TEXT_FIELDS.join(", "),
            fields.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })?;
    let raw_str = raw.get();
    // RawValue borrows from `line`: its position is its offset in the line.
    let at = (raw_str.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    if at > line.len() {
        return Err("text field could not be located".to_owned());
    }
    let (text, map) = if raw_str.starts_with('"') {
        decode::json_string(line, at, line_map).ok_or("malformed text string")?
    } else {
        return Err("the text field is not a string".to_owned());
    };
    let scalar = |v: &serde_json::value::RawValue| -> Option<String> {
        match serde_json::from_str::<serde_json::Value>(v.get()).ok()? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    Ok(Record {
        text,
        map,
        title: find(TITLE_FIELDS).and_then(scalar),
        id: find(ID_FIELDS).and_then(scalar),
    })
}

/// The records of a JSON Lines file, handed to `each` as they are read:
/// each line is decoded on its own (`bytes` is the file as stored), so a
/// record's map covers that record only.
fn scan_jsonl(
    path: &Path,
    gzip: bool,
    bytes: &[u8],
    det: decode::Detected,
    each: &mut dyn FnMut(Found),
    warnings: &mut Vec<Warning>,
) {
    let place = path.display().to_string();
    let stem = stem(path);
    let mut offset = 0;
    for (n, raw_line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let line_no = n + 1;
        let start = offset;
        offset += raw_line.len();
        let raw = trim_line_end(raw_line);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (line, line_map) = decode::decode_part(raw, det.encoding, start);
        if line.trim().is_empty() {
            continue;
        }
        match parse_record(&line, &line_map) {
            Ok(rec) => each(Found {
                id: rec
                    .id
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("{stem}:{line_no}")),
                title_hint: rec.title,
                text: rec.text,
                map: rec.map,
                path: place.clone(),
                line: Some(line_no),
                encoding: det.encoding.name(),
                lossy: det.replaced > 0,
                origin: Origin::Jsonl {
                    path: path.to_path_buf(),
                    gzip,
                    encoding: det.encoding,
                    line: line_no,
                    at: start,
                },
            }),
            Err(msg) => warnings.push(Warning {
                place: format!("{place}:{line_no}"),
                message: format!("skipped: {msg}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests;
