//! The catalog: every file of an indexed corpus (stored path, size,
//! modification time, compression, encoding) and every document of each
//! (raw and unique id, title, line, record offset, words, bytes, direction,
//! language), in load order, as one binary file the persistent index keeps
//! beside each commit. It is what the index was built from: the freshness
//! check compares files with it, and the reader lists a corpus from it
//! without reading the corpus (issue 14: the first frame of a million
//! articles comes from here).
//!
//! Layout (little endian; docs/search.md §12b):
//!
//! ```text
//! "QARICAT5"  magic
//! header      n_files u64, n_docs u64, tables_at u64, max_id_chars u32,
//!             max_words u64, langs [ar, fa, ur, he, other] u64 each,
//!             dated u64 (documents with a day), max_source_chars u32
//! entries     in load order, each file followed by its documents:
//!   file      path (u32 length + bytes), size u64, mtime u128, compressed u8 (the codec is told by the name),
//!             encoding (u8 length + bytes), first_doc u64, n_docs u64
//!   document  file u32, line u64 (0: none), at u64 (record offset + 1;
//!             0: none), words u64, bytes u64, direction u8, language u8,
//!             flags u8 (empty, lossy), raw id, unique id (u32::MAX: the
//!             raw id), title (u32::MAX: none), each a u32 length + bytes,
//!             day i64 (days since 1970-01-01; i64::MIN: none), date as
//!             written and source (u32::MAX: none), the archive member
//!             it is in (u32::MAX: none)
//!             every entry followed by the crc32 of its bytes
//! tables      per file, then per document: where its entry begins (u64)
//!             and its length with the checksum (u32)
//! crc32       of the header and the tables
//! ```
//!
//! It is written as it goes ([`Writer`]: only the tables and the ids
//! given are held in memory), so a catalog of a million documents costs
//! about 30 MB to write, not its size.
//!
//! Opening reads the header and the tables (12 bytes an entry) and
//! checks them; an entry is read from the file when asked for (one
//! positioned read) and checked by its own checksum. So listing a million
//! documents reads a few megabytes, and the rows on screen are the only
//! entries read. Reading never trusts the bytes: damage is an `Err` when
//! opening or a `None` for the entry, never a panic.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use encoding_rs::Encoding;

use super::{TextDirection, decode, ids};
use crate::arabic::Lang;

const MAGIC: &[u8; 8] = b"QARICAT5";
const HEADER: usize = 8 + 8 * 3 + 4 + 8 + 8 * 5 + 8 + 4;
/// A table row: where an entry begins (u64) and its length (u32).
const ROW: usize = 12;
const NONE: u32 = u32::MAX;
const EMPTY: u8 = 1;
const LOSSY: u8 = 2;
const LANGS: [Lang; 5] = [
    Lang::Arabic,
    Lang::Persian,
    Lang::Urdu,
    Lang::Hebrew,
    Lang::Other,
];

/// One document of a file, as the catalog keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DocEntry {
    /// The id as found, before ids are made unique.
    pub raw_id: String,
    /// The title field or first meaningful line, if any.
    pub title: Option<String>,
    /// 1-based line of a JSON Lines record.
    pub line: Option<usize>,
    /// Byte offset of a JSON Lines record in the file as stored.
    pub at: Option<usize>,
    /// Words.
    pub words: usize,
    /// Size of the text (UTF-8 bytes).
    pub bytes: usize,
    /// Dominant direction.
    pub direction: TextDirection,
    /// Language told from the letters.
    pub lang: Lang,
    /// Whether the text is empty (blank).
    pub empty: bool,
    /// Whether invalid bytes were replaced.
    pub lossy: bool,
    /// The date as written, if the record gives one.
    pub date: Option<String>,
    /// The date as a day (days since 1970-01-01), when it could be read.
    pub day: Option<i64>,
    /// The source, if the record gives one.
    pub source: Option<String>,
    /// The member of the archive the file is, for a document of one.
    pub member: Option<String>,
}

/// One file of the corpus and its documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileEntry {
    /// Size in bytes, as stat'ed before it was read.
    pub size: u64,
    /// Modification time (ns since the epoch), as stat'ed before reading.
    pub mtime: u128,
    /// Gzip-compressed.
    pub compressed: bool,
    /// The encoding it was decoded with.
    pub encoding: &'static Encoding,
    /// Its documents, in file order.
    pub docs: Vec<DocEntry>,
}

impl FileEntry {
    /// Size and modification time: what tells whether the file changed.
    #[must_use]
    pub(crate) fn fingerprint(&self) -> (u64, u128) {
        (self.size, self.mtime)
    }
}

/// Writes a catalog as it goes: files in load order, each with its
/// documents; unique ids are given here, by the rule of [`ids`]. What it
/// holds in memory is the tables (12 bytes an entry) and the ids given,
/// never the entries themselves.
pub(crate) struct Writer<W: Write + Seek> {
    out: W,
    pos: u64,
    file_table: Vec<u8>,
    doc_table: Vec<u8>,
    n_files: u64,
    n_docs: u64,
    taken: ids::Ids,
    max_id: usize,
    max_words: usize,
    langs: [u64; 5],
    dated: u64,
    max_source: usize,
    buf: Vec<u8>,
}

impl<W: Write + Seek> Writer<W> {
    /// A catalog written to `out` (from its start).
    ///
    /// # Errors
    /// Writing failed.
    pub(crate) fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(&[0; HEADER])?;
        Ok(Self {
            out,
            pos: HEADER as u64,
            file_table: Vec::new(),
            doc_table: Vec::new(),
            n_files: 0,
            n_docs: 0,
            taken: ids::Ids::default(),
            max_id: 0,
            max_words: 0,
            langs: [0; 5],
            dated: 0,
            max_source: 0,
            buf: Vec::new(),
        })
    }

    /// Writes the entry in `self.buf`, sealed with its checksum, and notes
    /// where it is in `table`.
    fn put(&mut self, doc: bool) -> std::io::Result<()> {
        let crc = crc32fast::hash(&self.buf);
        self.buf.extend_from_slice(&crc.to_le_bytes());
        let len = u32::try_from(self.buf.len()).map_err(std::io::Error::other)?;
        let table = if doc {
            &mut self.doc_table
        } else {
            &mut self.file_table
        };
        table.extend_from_slice(&self.pos.to_le_bytes());
        table.extend_from_slice(&len.to_le_bytes());
        self.out.write_all(&self.buf)?;
        self.pos += u64::from(len);
        Ok(())
    }

    /// Adds file `path` (stored) and its documents.
    ///
    /// # Errors
    /// Writing failed.
    pub(crate) fn file(&mut self, path: &str, f: &FileEntry) -> std::io::Result<()> {
        self.buf.clear();
        put_str(&mut self.buf, path);
        self.buf.extend_from_slice(&f.size.to_le_bytes());
        self.buf.extend_from_slice(&f.mtime.to_le_bytes());
        self.buf.push(u8::from(f.compressed));
        let enc = decode::name(f.encoding).as_bytes();
        let enc = &enc[..enc.len().min(255)];
        self.buf.push(u8::try_from(enc.len()).unwrap_or(0));
        self.buf.extend_from_slice(enc);
        self.buf.extend_from_slice(&self.n_docs.to_le_bytes());
        self.buf
            .extend_from_slice(&(f.docs.len() as u64).to_le_bytes());
        self.put(false)?;
        let k = u32::try_from(self.n_files).unwrap_or(NONE);
        self.n_files += 1;
        for d in &f.docs {
            self.doc(k, d)?;
        }
        Ok(())
    }

    fn doc(&mut self, file: u32, d: &DocEntry) -> std::io::Result<()> {
        let id = self.taken.claim(&d.raw_id);
        self.max_id = self.max_id.max(id.chars().count());
        self.max_words = self.max_words.max(d.words);
        self.dated += u64::from(d.day.is_some());
        if let Some(s) = &d.source {
            self.max_source = self.max_source.max(s.chars().count());
        }
        let lang = LANGS.iter().position(|&l| l == d.lang).unwrap_or(4);
        self.langs[lang] += 1;
        let b = &mut self.buf;
        b.clear();
        b.extend_from_slice(&file.to_le_bytes());
        b.extend_from_slice(&(d.line.unwrap_or(0) as u64).to_le_bytes());
        b.extend_from_slice(&d.at.map_or(0, |a| a as u64 + 1).to_le_bytes());
        b.extend_from_slice(&(d.words as u64).to_le_bytes());
        b.extend_from_slice(&(d.bytes as u64).to_le_bytes());
        b.push(match d.direction {
            TextDirection::Rtl => 0,
            TextDirection::Ltr => 1,
            TextDirection::Mixed => 2,
        });
        b.push(u8::try_from(lang).unwrap_or(4));
        b.push((u8::from(d.empty) * EMPTY) | (u8::from(d.lossy) * LOSSY));
        put_str(b, &d.raw_id);
        if id == d.raw_id {
            b.extend_from_slice(&NONE.to_le_bytes());
        } else {
            put_str(b, &id);
        }
        match &d.title {
            Some(t) => put_str(b, t),
            None => b.extend_from_slice(&NONE.to_le_bytes()),
        }
        b.extend_from_slice(&d.day.unwrap_or(i64::MIN).to_le_bytes());
        for s in [&d.date, &d.source, &d.member] {
            match s {
                Some(t) => put_str(b, t),
                None => b.extend_from_slice(&NONE.to_le_bytes()),
            }
        }
        self.n_docs += 1;
        self.put(true)
    }

    /// Writes the tables and the header; returns the output.
    ///
    /// # Errors
    /// Writing failed.
    pub(crate) fn finish(mut self) -> std::io::Result<W> {
        let tables_at = self.pos;
        let mut crc = crc32fast::Hasher::new();
        let mut h = Vec::with_capacity(HEADER);
        h.extend_from_slice(MAGIC);
        for v in [self.n_files, self.n_docs, tables_at] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(&u32::try_from(self.max_id).unwrap_or(NONE).to_le_bytes());
        h.extend_from_slice(&(self.max_words as u64).to_le_bytes());
        for n in self.langs {
            h.extend_from_slice(&n.to_le_bytes());
        }
        h.extend_from_slice(&self.dated.to_le_bytes());
        h.extend_from_slice(&u32::try_from(self.max_source).unwrap_or(NONE).to_le_bytes());
        debug_assert_eq!(h.len(), HEADER);
        crc.update(&h);
        crc.update(&self.file_table);
        crc.update(&self.doc_table);
        self.out.write_all(&self.file_table)?;
        self.out.write_all(&self.doc_table)?;
        self.out.write_all(&crc.finalize().to_le_bytes())?;
        self.out.seek(SeekFrom::Start(0))?;
        self.out.write_all(&h)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The catalog of `files` (stored path and entry, in load order), in
/// memory (tests).
#[cfg(test)]
#[must_use]
pub(crate) fn encode<'a>(files: impl IntoIterator<Item = (&'a str, &'a FileEntry)>) -> Vec<u8> {
    let write = || -> std::io::Result<Vec<u8>> {
        let mut w = Writer::new(std::io::Cursor::new(Vec::new()))?;
        for (path, f) in files {
            w.file(path, f)?;
        }
        Ok(w.finish()?.into_inner())
    };
    // Writing to memory cannot fail.
    write().unwrap_or_default()
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Lengths past u32 cannot occur: texts are read in pieces far smaller.
    let n = s.len().min(NONE as usize - 1);
    out.extend_from_slice(&u32::try_from(n).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..n]);
}

/// Where a catalog's entries are read from.
#[derive(Debug)]
enum Source {
    /// Its file, entry by entry.
    File(std::fs::File),
    /// Its bytes, in memory (tests).
    #[cfg(test)]
    Bytes(Vec<u8>),
}

/// A catalog opened: its header and tables, checked; entries are read
/// when asked for.
#[derive(Debug)]
pub struct Catalog {
    source: Source,
    n_files: usize,
    n_docs: usize,
    /// Each file's entry (where it begins, its length), then each
    /// document's.
    tables: Vec<u8>,
    max_id_chars: usize,
    max_words: usize,
    langs: [u64; 5],
    dated: u64,
    max_source_chars: usize,
}

/// One file of a catalog.
#[derive(Clone, Debug)]
pub(crate) struct FileView {
    /// Stored path.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (ns).
    pub mtime: u128,
    /// Gzip-compressed.
    pub compressed: bool,
    /// The encoding it was decoded with.
    pub encoding: &'static Encoding,
    /// Its first document's number.
    pub first_doc: usize,
    /// How many documents it has.
    pub n_docs: usize,
}

/// One document of a catalog.
#[derive(Clone, Debug)]
pub(crate) struct DocView {
    /// The file's number.
    pub file: usize,
    /// The unique id.
    pub id: String,
    /// The rest, as indexed.
    pub entry: DocEntry,
}

/// A cursor over an entry's bytes; every read is bounds checked.
struct Cur<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    fn str_or_none(&mut self) -> Option<Option<&'a str>> {
        let n = self.u32()?;
        if n == NONE {
            return Some(None);
        }
        std::str::from_utf8(self.take(n as usize)?).ok().map(Some)
    }
    fn str(&mut self) -> Option<&'a str> {
        self.str_or_none()?
    }
}

impl Source {
    fn len(&self) -> Option<u64> {
        match self {
            Self::File(f) => f.metadata().ok().map(|m| m.len()),
            #[cfg(test)]
            Self::Bytes(b) => Some(b.len() as u64),
        }
    }

    fn read(&self, at: u64, len: u64) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self {
            #[cfg(test)]
            Self::Bytes(b) => {
                let start = usize::try_from(at).ok()?;
                let end = start.checked_add(usize::try_from(len).ok()?)?;
                b.get(start..end).map(std::borrow::Cow::Borrowed)
            }
            Self::File(f) => {
                let mut buf = vec![0; usize::try_from(len).ok()?];
                read_exact_at(f, &mut buf, at).ok()?;
                Some(std::borrow::Cow::Owned(buf))
            }
        }
    }
}

#[cfg(unix)]
fn read_exact_at(f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(not(unix))]
fn read_exact_at(mut f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(buf)
}

impl Catalog {
    /// Opens the catalog at `path`: its header and tables are read and
    /// checked, its entries read when asked for.
    ///
    /// # Errors
    /// It cannot be read, or it is damaged.
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_source(Source::File(f)).map_err(|why| format!("{}: {why}", path.display()))
    }

    /// A catalog held in memory (its bytes as [`encode`] wrote them).
    ///
    /// # Errors
    /// They are not one, or a damaged one.
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Result<Self, String> {
        Self::from_source(Source::Bytes(bytes))
    }

    fn from_source(source: Source) -> Result<Self, String> {
        let damaged = || "the catalog is damaged".to_owned();
        let len = source.len().ok_or_else(damaged)?;
        let body = len.checked_sub(4).ok_or_else(damaged)?;
        let head = source.read(0, HEADER as u64).ok_or_else(damaged)?;
        if &head[..8] != MAGIC {
            return Err(damaged());
        }
        let mut c = Cur { b: &head, at: 8 };
        let mut field = || c.u64().ok_or_else(damaged);
        let (n_files, n_docs, tables_at) = (field()?, field()?, field()?);
        let max_id_chars = c.u32().ok_or_else(damaged)? as usize;
        let max_words = c.usize().ok_or_else(damaged)?;
        let mut langs = [0u64; 5];
        for l in &mut langs {
            *l = c.u64().ok_or_else(damaged)?;
        }
        let dated = c.u64().ok_or_else(damaged)?;
        let max_source_chars = c.u32().ok_or_else(damaged)? as usize;
        let rows = n_files.checked_add(n_docs).ok_or_else(damaged)?;
        let tables_len = rows.checked_mul(ROW as u64).ok_or_else(damaged)?;
        if tables_at < HEADER as u64 || tables_at.checked_add(tables_len) != Some(body) {
            return Err(damaged());
        }
        let raw = source.read(tables_at, tables_len + 4).ok_or_else(damaged)?;
        let (tables, crc) = raw.split_at(raw.len() - 4);
        let mut h = crc32fast::Hasher::new();
        h.update(&head);
        h.update(tables);
        if h.finalize().to_le_bytes() != crc {
            return Err(damaged());
        }
        let tables = tables.to_vec();
        Ok(Self {
            source,
            n_files: usize::try_from(n_files).map_err(|_| damaged())?,
            n_docs: usize::try_from(n_docs).map_err(|_| damaged())?,
            tables,
            max_id_chars,
            max_words,
            langs,
            dated,
            max_source_chars,
        })
    }

    /// Number of files.
    #[must_use]
    pub fn files(&self) -> usize {
        self.n_files
    }

    /// Number of documents.
    #[must_use]
    pub fn docs(&self) -> usize {
        self.n_docs
    }

    /// The longest unique id, in characters.
    #[must_use]
    pub(crate) fn max_id_chars(&self) -> usize {
        self.max_id_chars
    }

    /// The largest word count.
    #[must_use]
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    /// How many documents have a date read.
    #[must_use]
    pub(crate) fn dated(&self) -> u64 {
        self.dated
    }

    /// The longest source, in characters (0: no source).
    #[must_use]
    pub(crate) fn max_source_chars(&self) -> usize {
        self.max_source_chars
    }

    /// How many documents are in each language.
    pub(crate) fn lang_counts(&self) -> impl Iterator<Item = (Lang, u64)> + '_ {
        LANGS.iter().copied().zip(self.langs.iter().copied())
    }

    /// Entry `k` of the tables (files, then documents), checked: its bytes
    /// without the checksum.
    fn entry(&self, k: usize) -> Option<Vec<u8>> {
        let row = self
            .tables
            .get(k.checked_mul(ROW)?..k.checked_mul(ROW)? + ROW)?;
        let at = u64::from_le_bytes(row[..8].try_into().ok()?);
        let len = u32::from_le_bytes(row[8..].try_into().ok()?);
        if len < 4 {
            return None;
        }
        let mut raw = self.source.read(at, u64::from(len))?.into_owned();
        let body = raw.len() - 4;
        if crc32fast::hash(&raw[..body]).to_le_bytes() != raw[body..] {
            return None;
        }
        raw.truncate(body);
        Some(raw)
    }

    /// File `j`.
    #[must_use]
    pub(crate) fn file(&self, j: usize) -> Option<FileView> {
        if j >= self.n_files {
            return None;
        }
        let bytes = self.entry(j)?;
        let mut c = Cur { b: &bytes, at: 0 };
        let path = c.str()?.to_owned();
        let size = c.u64()?;
        let mtime = c.u128()?;
        let compressed = c.u8()? != 0;
        let n = c.u8()?;
        let enc = c.take(usize::from(n))?;
        let encoding = Encoding::for_label(enc).unwrap_or(encoding_rs::UTF_8);
        Some(FileView {
            path,
            size,
            mtime,
            compressed,
            encoding,
            first_doc: c.usize()?,
            n_docs: c.usize()?,
        })
    }

    /// Document `i`.
    #[must_use]
    pub(crate) fn doc(&self, i: usize) -> Option<DocView> {
        if i >= self.n_docs {
            return None;
        }
        let bytes = self.entry(self.n_files.checked_add(i)?)?;
        let mut c = Cur { b: &bytes, at: 0 };
        let file = c.u32()? as usize;
        let line = c.usize()?;
        let rec = c.usize()?;
        let words = c.usize()?;
        let size = c.usize()?;
        let direction = match c.u8()? {
            0 => TextDirection::Rtl,
            1 => TextDirection::Ltr,
            _ => TextDirection::Mixed,
        };
        let lang = LANGS
            .get(usize::from(c.u8()?))
            .copied()
            .unwrap_or(Lang::Other);
        let flags = c.u8()?;
        let raw_id = c.str()?;
        let id = c.str_or_none()?.unwrap_or(raw_id);
        let title = c.str_or_none()?;
        let day = i64::from_le_bytes(c.take(8)?.try_into().ok()?);
        let date = c.str_or_none()?;
        let source = c.str_or_none()?;
        let member = c.str_or_none()?;
        Some(DocView {
            file,
            id: id.to_owned(),
            entry: DocEntry {
                raw_id: raw_id.to_owned(),
                title: title.map(str::to_owned),
                line: (line > 0).then_some(line),
                at: rec.checked_sub(1),
                words,
                bytes: size,
                direction,
                lang,
                empty: flags & EMPTY != 0,
                lossy: flags & LOSSY != 0,
                date: date.map(str::to_owned),
                day: (day != i64::MIN).then_some(day),
                source: source.map(str::to_owned),
                member: member.map(str::to_owned),
            },
        })
    }

    /// File `j` with its documents, as it was added.
    #[must_use]
    pub(crate) fn file_entry(&self, j: usize) -> Option<(String, FileEntry)> {
        let f = self.file(j)?;
        let docs = (f.first_doc..f.first_doc.checked_add(f.n_docs)?)
            .map(|i| self.doc(i).filter(|d| d.file == j).map(|d| d.entry))
            .collect::<Option<Vec<_>>>()?;
        Some((
            f.path,
            FileEntry {
                size: f.size,
                mtime: f.mtime,
                compressed: f.compressed,
                encoding: f.encoding,
                docs,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(raw: &str, title: Option<&str>, line: Option<usize>) -> DocEntry {
        DocEntry {
            raw_id: raw.to_owned(),
            title: title.map(str::to_owned),
            line,
            at: line.map(|l| l * 100),
            words: raw.len() * 7,
            bytes: 1234,
            direction: TextDirection::Rtl,
            lang: Lang::Persian,
            empty: false,
            lossy: line == Some(2),
            date: line.map(|l| format!("{l} فبراير 2019")),
            day: line.map(|l| 17_933 + l as i64),
            source: raw.len().is_multiple_of(2).then(|| "الجزيرة".to_owned()),
            member: (raw.len() == 1).then(|| "in/a.jsonl".to_owned()),
        }
    }

    fn sample() -> Vec<(String, FileEntry)> {
        vec![
            (
                "/c/a.txt".to_owned(),
                FileEntry {
                    size: 10,
                    mtime: 1 << 70,
                    compressed: false,
                    encoding: encoding_rs::WINDOWS_1256,
                    docs: vec![doc("a", Some("عنوان"), None)],
                },
            ),
            (
                "/c/b.jsonl.gz".to_owned(),
                FileEntry {
                    size: 20,
                    mtime: 5,
                    compressed: true,
                    encoding: encoding_rs::UTF_8,
                    docs: vec![doc("a", None, Some(1)), doc("x", Some("t"), Some(2))],
                },
            ),
        ]
    }

    #[test]
    fn what_is_written_reads_back_with_unique_ids() {
        let files = sample();
        let bytes = encode(files.iter().map(|(p, f)| (p.as_str(), f)));
        let cat = Catalog::from_bytes(bytes).expect("catalog");
        assert_eq!((cat.files(), cat.docs()), (2, 3));
        for (j, (p, f)) in files.iter().enumerate() {
            assert_eq!(cat.file_entry(j), Some((p.clone(), f.clone())));
        }
        let ids: Vec<String> = (0..3).map(|i| cat.doc(i).expect("doc").id).collect();
        assert_eq!(ids, ["a", "a~2", "x"]);
        let d = cat.doc(1).expect("doc");
        let e = &d.entry;
        assert_eq!(
            (d.file, e.line, e.at, e.raw_id.as_str()),
            (1, Some(1), Some(100), "a")
        );
        assert_eq!(cat.max_id_chars(), 3);
        assert_eq!(cat.file(1).expect("file").first_doc, 1);
        assert_eq!(
            cat.file(0).expect("file").encoding,
            encoding_rs::WINDOWS_1256
        );
        assert!(cat.doc(3).is_none() && cat.file(2).is_none());
    }

    #[test]
    fn damage_anywhere_is_refused_never_a_panic() {
        let files = sample();
        let bytes = encode(files.iter().map(|(p, f)| (p.as_str(), f)));
        // Damage to the header or tables is found when opening; to an
        // entry, when that entry is read.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x41;
            let whole = Catalog::from_bytes(b)
                .ok()
                .and_then(|c| (0..2).map(|j| c.file_entry(j)).collect::<Option<Vec<_>>>());
            assert!(whole.is_none(), "byte {i} flipped");
        }
        for n in 0..bytes.len() {
            assert!(Catalog::from_bytes(bytes[..n].to_vec()).is_err());
        }
        // Read from a file, entry by entry, as the reader does.
        let tmp = tempfile::tempdir().expect("tmp");
        let p = tmp.path().join("c.bin");
        std::fs::write(&p, &bytes).expect("write");
        let cat = Catalog::open(&p).expect("open");
        assert_eq!(cat.doc(2).expect("doc").entry.title.as_deref(), Some("t"));
        assert_eq!(cat.file_entry(1).expect("entry").1.docs.len(), 2);
    }

    #[test]
    fn an_empty_corpus_has_an_empty_catalog() {
        let cat = Catalog::from_bytes(encode(std::iter::empty())).expect("catalog");
        assert_eq!((cat.files(), cat.docs()), (0, 0));
        assert!(cat.file_entry(0).is_none() && cat.doc(0).is_none());
    }
}
