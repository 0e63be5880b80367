//! The one way to read a document again: a [`Locator`] says which file
//! (or which file of the embedded sample), whether it is gzipped, the
//! encoding it was decoded with, and for a JSON Lines record its line and
//! the line's byte offset in the file as stored, so that only that line is
//! read. The corpus keeps one per document; the index stores what it
//! needs to rebuild one for every hit.

use std::path::PathBuf;

use encoding_rs::Encoding;

use super::formats::{self, read_bytes};
use super::{DocText, Error, decode};

/// Where a document's bytes are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A file.
    File {
        /// Its path (as listed, or as the index stores it).
        path: PathBuf,
        /// Gzip-compressed: offsets are into the decompressed bytes.
        gzip: bool,
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

/// Compressed files already read, kept whole (decompressed) so that the
/// records of many hits in one file cost one read of it.
#[derive(Debug, Default)]
pub struct ReadCache {
    files: std::collections::HashMap<PathBuf, Vec<u8>>,
}

impl ReadCache {
    /// The whole file at `path`, decompressed, read on first use.
    fn bytes(&mut self, path: &PathBuf) -> Result<&[u8], Error> {
        if !self.files.contains_key(path) {
            let bytes = read_bytes(path, true)?;
            self.files.insert(path.clone(), bytes);
        }
        Ok(self.files.get(path).map_or(&[][..], Vec::as_slice))
    }
}

impl Locator {
    /// Reads the document again like [`Locator::read`]; a record of a
    /// gzip-compressed JSON Lines file is taken from the file's bytes in
    /// `cache`, decompressed once.
    ///
    /// # Errors
    /// As [`Locator::read`].
    pub fn read_cached(&self, cache: &mut ReadCache) -> Result<DocText, Error> {
        match (&self.source, self.record) {
            (Source::File { path, gzip: true }, Some(r)) => {
                formats::record_at(cache.bytes(path)?, self.encoding, r.at)
                    .map_err(|()| Error::Gone(format!("{}:{}", path.display(), r.line)))
            }
            _ => self.read(),
        }
    }

    /// The title of a JSON Lines record, read again with its map to the
    /// bytes of the file as stored (`None` for other documents, and for a
    /// record whose title is no JSON string); a compressed file is read
    /// through `cache` as in [`Locator::read_cached`].
    ///
    /// # Errors
    /// As [`Locator::read`].
    pub fn read_title_cached(&self, cache: &mut ReadCache) -> Result<Option<DocText>, Error> {
        match (&self.source, self.record) {
            (Source::File { path, gzip: true }, Some(r)) => {
                formats::title_at(cache.bytes(path)?, self.encoding, r.at)
                    .map_err(|()| Error::Gone(format!("{}:{}", path.display(), r.line)))
            }
            (Source::File { path, gzip }, Some(r)) => {
                formats::read_title(path, *gzip, self.encoding, r.line, r.at)
            }
            _ => Ok(None),
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
            (Source::File { path, gzip }, None) => {
                let bytes = read_bytes(path, *gzip)?;
                let d = decode::decode_owned(bytes, Some(self.encoding));
                Ok(DocText::new(d.text, d.map))
            }
            (Source::File { path, gzip }, Some(r)) => {
                formats::read_record(path, *gzip, self.encoding, r.line, r.at)
            }
            (Source::Stdin, _) => Err(Error::Gone("standard input".to_owned())),
        }
    }
}
