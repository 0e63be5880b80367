//! The one way to read a document again: a [`Locator`] says which file
//! (or which file of the embedded sample), whether it is compressed, the
//! encoding it was decoded with, and for a JSON Lines record its line and
//! the line's byte offset in the file as stored, so that only that line is
//! read. The corpus keeps one per document; the index stores what it
//! needs to rebuild one for every hit.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::formats;
use super::{DocText, Error, decode};

/// Where a document's bytes are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A file.
    File {
        /// Its path (as listed, or as the index stores it).
        path: PathBuf,
        /// Gzip-compressed: offsets are into the decompressed bytes.
        compressed: bool,
    },
    /// File number `n` of the sample embedded in the binary.
    Embedded(usize),
    /// Standard input (`cmd | qari`, `qari -`): read once, kept in memory.
    Stdin,
}

impl Source {
    /// The path as shown: the file's, or `seeds/<name>` for the sample.
    #[must_use]
    pub fn shown_path(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Embedded(i) => format!(
                "{}/{}",
                crate::sample::DIR,
                crate::sample::FILES.get(*i).map_or("", |f| f.0)
            ),
            Self::Stdin => "-".to_owned(),
        }
    }
}

/// A JSON Lines record's place in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Record {
    /// 1-based line.
    pub line: usize,
    /// Byte offset of the line in the file as stored (decompressed).
    pub at: usize,
}

/// What a document needs to be read again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Locator {
    /// The file.
    pub source: Source,
    /// The encoding the file was decoded with (chosen for the whole file).
    pub encoding: &'static Encoding,
    /// The record, for JSON Lines; `None` when the document is the whole
    /// file.
    pub record: Option<Record>,
}

/// Records of compressed JSON Lines files read ahead in one pass per file
/// ([`ReadCache::prefetch`]), so that the records of many hits in one
/// file cost one partial read of it, not one read each.
#[derive(Debug, Default)]
pub struct ReadCache {
    lines: std::collections::HashMap<(PathBuf, usize), Vec<u8>>,
}

impl ReadCache {
    /// Reads ahead the records of `locators` that are in compressed
    /// files: one pass over each file, up to its last record wanted. A
    /// file that cannot be read is left to [`Locator::read`] later.
    pub fn prefetch<'a>(&mut self, locators: impl IntoIterator<Item = &'a Locator>) {
        let mut wanted: std::collections::BTreeMap<&PathBuf, Vec<usize>> =
            std::collections::BTreeMap::new();
        for l in locators {
            if let (
                Source::File {
                    path,
                    compressed: true,
                },
                Some(r),
            ) = (&l.source, l.record)
                && formats::format_at(path) == formats::Format::Jsonl
                && !self.lines.contains_key(&(path.clone(), r.at))
            {
                wanted.entry(path).or_default().push(r.at);
            }
        }
        for (path, ats) in wanted {
            if let Ok(lines) = formats::read_lines(path, &ats) {
                for (at, line) in lines {
                    self.lines.insert((path.clone(), at), line);
                }
            }
        }
    }

    fn line(&self, path: &Path, at: usize) -> Option<&[u8]> {
        self.lines.get(&(path.to_path_buf(), at)).map(Vec::as_slice)
    }
}

impl Locator {
    /// Reads the document again like [`Locator::read`]; a record of a
    /// compressed JSON Lines file is taken from the file's bytes in
    /// `cache`, decompressed once.
    ///
    /// # Errors
    /// As [`Locator::read`].
    pub fn read_cached(&self, cache: &ReadCache) -> Result<DocText, Error> {
        match (&self.source, self.record) {
            (
                Source::File {
                    path,
                    compressed: true,
                },
                Some(r),
            ) => match cache.line(path, r.at) {
                Some(line) => formats::record_at(path, line, self.encoding, r.at)
                    .map_err(|()| Error::Gone(format!("{}:{}", path.display(), r.line))),
                None => self.read(),
            },
            _ => self.read(),
        }
    }

    /// The title of a JSON Lines record, read again with its map to the
    /// bytes of the file as stored (`None` for other documents, and for a
    /// record whose title is no JSON string); a record of a compressed file
    /// is taken from `cache` when it was read ahead.
    ///
    /// # Errors
    /// As [`Locator::read`].
    pub fn read_title_cached(&self, cache: &ReadCache) -> Result<Option<DocText>, Error> {
        match (&self.source, self.record) {
            (Source::File { path, compressed }, Some(r)) => match cache.line(path, r.at) {
                Some(line) if *compressed => formats::title_at(path, line, self.encoding, r.at)
                    .map_err(|()| Error::Gone(format!("{}:{}", path.display(), r.line))),
                _ => formats::read_record_title(path, *compressed, self.encoding, r),
            },
            // An HTML page's title is in the file too.
            (Source::File { path, .. }, None)
                if formats::format_at(path) == formats::Format::Html =>
            {
                formats::read_whole(path, self.encoding).map(|(_, title)| title)
            }
            _ => Ok(None),
        }
    }

    /// Whether byte ranges of the document's text are bytes of its file
    /// (all formats but Parquet, whose ranges are in the row's text
    /// value: docs/formats.md §4b).
    #[must_use]
    pub fn offsets_in_file(&self) -> bool {
        match &self.source {
            Source::File { path, .. } => formats::format_at(path) != formats::Format::Parquet,
            Source::Embedded(_) | Source::Stdin => true,
        }
    }

    /// The path as shown (see [`Source::shown_path`]).
    #[must_use]
    pub fn shown_path(&self) -> String {
        self.source.shown_path()
    }

    /// The 1-based line, for a JSON Lines record.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.record.map(|r| r.line)
    }

    /// Reads the document again, with its map to the bytes of the file as
    /// stored.
    ///
    /// # Errors
    /// The file can no longer be read, or no longer holds the document.
    pub fn read(&self) -> Result<DocText, Error> {
        match (&self.source, self.record) {
            (Source::Embedded(i), _) => {
                let (_, bytes) = crate::sample::FILES
                    .get(*i)
                    .copied()
                    .ok_or_else(|| Error::Gone(self.shown_path()))?;
                let d = decode::decode_owned(bytes.to_vec(), Some(self.encoding));
                Ok(DocText::new(d.text, d.map))
            }
            (Source::File { path, .. }, None) => {
                formats::read_whole(path, self.encoding).map(|(text, _)| text)
            }
            (Source::File { path, compressed }, Some(r)) => {
                formats::read_record_text(path, *compressed, self.encoding, r)
            }
            (Source::Stdin, _) => Err(Error::Gone("standard input".to_owned())),
        }
    }
}
