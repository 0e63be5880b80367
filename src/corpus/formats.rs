//! File formats: a file's bytes (decompressed: gzip, zstd, xz, bzip2) into
//! [`Scanned`] documents, the one type both the corpus and the index are
//! fed: `text` (a whole file is a document) and `jsonl` (one record per
//! line). The format comes from the file name.

mod archive;
mod csv;
mod extract;
mod html;
mod jsonl;
mod markup;
mod parquet;
mod text;
mod xml;

use std::path::Path;

use encoding_rs::Encoding;

use super::decode;
use super::local_config;
use super::locator::{Locator, Record, Source};
use super::meta::Meta;
use super::read::{self, Compression};
use super::title;
use super::{DocText, Error, Warning, io_err};

pub(crate) use archive::member_of;
pub(crate) use jsonl::{read_lines, record_at, title_at};

/// A file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// The whole file is one document.
    Text,
    /// One JSON object per line, one document per object.
    Jsonl,
    /// Comma-separated values with a header row, one document per record.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// XML or SGML with repeated document elements (docs/formats.md §4a).
    Xml,
    /// Parquet: one document per row (docs/formats.md §4b).
    Parquet,
    /// An HTML page: its article is one document (docs/formats.md §4c).
    Html,
    /// A zip or tar archive: its members' documents (docs/formats.md §4d).
    Archive(archive::Kind),
}

/// Format and compression from the file name; for a name without an
/// extension (LDC's `afp_arb_200101.gz`), from the file's first bytes
/// ([`sniff_markup`]); `None` for files a folder walk skips.
pub(crate) fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (name, compression) = Compression::strip(&name);
    if !name.contains('.') {
        let compressed = compression != Compression::None;
        return sniff_markup(path).then_some((Format::Xml, compressed));
    }
    format_by_name(path)
}

/// [`format_of`] by the name alone (no file is read: a name without an
/// extension is `None`).
pub(crate) fn format_by_name(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (name, compression) = Compression::strip(&name);
    let compressed = compression != Compression::None;
    let (_, ext) = name.rsplit_once('.')?;
    if let Some(kind) = archive::kind_of(ext, compressed) {
        return Some((Format::Archive(kind), compressed));
    }
    match ext {
        "xml" | "sgml" | "sgm" | "tei" | "rss" | "atom" => Some((Format::Xml, compressed)),
        "html" | "htm" | "xhtml" | "shtml" => Some((Format::Html, compressed)),
        // Parquet compresses its own pages: a compressed Parquet file is
        // not read.
        "parquet" | "pq" if !compressed => Some((Format::Parquet, false)),
        "txt" | "md" | "markdown" | "text" => Some((Format::Text, compressed)),
        "jsonl" | "ndjson" => Some((Format::Jsonl, compressed)),
        "csv" => Some((Format::Csv, compressed)),
        "tsv" | "tab" => Some((Format::Tsv, compressed)),
        _ => None,
    }
}

/// The 1-based line at increasing byte offsets of a text, counted once:
/// what a record's line number comes from (CSV, XML).
pub(crate) struct Lines<'a> {
    text: &'a [u8],
    line: usize,
    counted: usize,
}

impl<'a> Lines<'a> {
    /// Counting in `text` from its start.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            line: 1,
            counted: 0,
        }
    }

    /// The line of byte `at` (not before the last one asked).
    pub(crate) fn at(&mut self, at: usize) -> usize {
        let to = at.min(self.text.len());
        if to > self.counted {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.counted..to]).count();
            self.counted = to;
        }
        self.line
    }
}

/// One document as read from its file.
#[derive(Clone, Debug)]
pub(crate) struct Scanned {
    /// The id as found (file stem, JSON id, or `stem:line`), before ids
    /// are made unique.
    pub raw_id: String,
    /// The title field, cleaned, else the first meaningful line.
    pub title: Option<String>,
    /// The text and its map to the file.
    pub text: DocText,
    /// How to read it again.
    pub locator: Locator,
    /// Whether invalid bytes of the file were replaced.
    pub lossy: bool,
    /// Date, source and the record's other fields.
    pub meta: Meta,
}

impl Scanned {
    fn new(
        raw_id: String,
        title_field: Option<&str>,
        text: DocText,
        locator: Locator,
        lossy: bool,
        meta: Meta,
    ) -> Self {
        let title = title_field
            .map(title::clean_title)
            .filter(|t| !t.is_empty())
            .or_else(|| title::title_of(&text.text));
        Self {
            raw_id,
            title,
            text,
            locator,
            lossy,
            meta,
        }
    }
}

/// The file name without its compression suffix and its extension.
fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (name, _) = Compression::strip(&name);
    match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_owned(),
        _ => name.to_owned(),
    }
}

/// The bytes of a file as stored (decompressed, for a compressed file:
/// by its content, else by its name), read safely ([`read::read_file`]:
/// regular files only, caps, binary files given up at their first NUL
/// byte).
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    if let Some(member) = archive::stored_member(path) {
        return member;
    }
    read::read_file(path, Compression::of(path)).map_err(|p| io_err(path, p.into()))
}

/// Whether the file at `path` (a file without an extension) begins, after
/// blanks and a byte order mark, with an XML declaration or a document
/// element of newswire SGML (`<DOC`, `<doc`, `<TEI`): its first 4 KB are
/// read (decompressed when compressed).
fn sniff_markup(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let Ok((head, _)) = read_window(path, Compression::of(path) != Compression::None, 0, 4096)
    else {
        return false;
    };
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    [
        &b"<?xml"[..],
        b"<DOC",
        b"<doc",
        b"<TEI",
        b"<!DOCTYPE TEI",
        b"<corpus",
    ]
    .iter()
    .any(|m| head.starts_with(m))
}

/// The format of the file at `path` (plain text when the name says
/// nothing).
pub(crate) fn format_at(path: &Path) -> Format {
    format_of(path).map_or(Format::Text, |f| f.0)
}

/// The bytes of the file as stored (decompressed) from offset `at`, at
/// most `len` of them, and whether the file ends within them: a seek in a
/// plain file, a skip in a compressed one.
///
/// # Errors
/// The file cannot be read.
pub(crate) fn read_window(
    path: &Path,
    compressed: bool,
    at: usize,
    len: usize,
) -> Result<(Vec<u8>, bool), Error> {
    use std::io::{Read, Seek};
    if let Some(member) = archive::stored_member(path) {
        let bytes = member?;
        let from = at.min(bytes.len());
        let to = from.saturating_add(len).min(bytes.len());
        return Ok((bytes[from..to].to_vec(), to == bytes.len()));
    }
    let (file, _) = read::open(path).map_err(|p| io_err(path, p.into()))?;
    let mut buf = Vec::new();
    let want = len as u64;
    if compressed {
        let mut dec =
            read::decompressing(path, file, Compression::of(path)).map_err(|e| io_err(path, e))?;
        let skipped = std::io::copy(&mut (&mut dec).take(at as u64), &mut std::io::sink())
            .map_err(|e| io_err(path, e))?;
        if skipped < at as u64 {
            return Err(Error::Gone(path.display().to_string()));
        }
        (&mut dec)
            .take(want)
            .read_to_end(&mut buf)
            .map_err(|e| io_err(path, e))?;
    } else {
        let mut f = file;
        f.seek(std::io::SeekFrom::Start(at as u64))
            .map_err(|e| io_err(path, e))?;
        (&mut f)
            .take(want)
            .read_to_end(&mut buf)
            .map_err(|e| io_err(path, e))?;
    }
    let ends = (buf.len() as u64) < want;
    Ok((buf, ends))
}

/// Reads the record at `r` of the file at `path` again (its format told
/// by its name), with its title when it has one.
///
/// # Errors
/// The file cannot be read, or no longer holds a record there.
pub(crate) fn read_record(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    r: Record,
) -> Result<(DocText, Option<DocText>), Error> {
    match format_at(path) {
        f @ (Format::Csv | Format::Tsv) => {
            csv::read_record(path, compressed, encoding, f == Format::Tsv, r)
        }
        Format::Xml => markup::read_xml(path, compressed, encoding, r),
        Format::Parquet => parquet::read_row(path, r),
        Format::Html => read_whole(path, encoding),
        Format::Archive(_) => Err(Error::Gone(format!("{}:{}", path.display(), r.line))),
        Format::Jsonl | Format::Text => {
            let text = jsonl::read_record(path, compressed, encoding, r.line, r.at)?;
            let title = jsonl::read_title(path, compressed, encoding, r.line, r.at)?;
            Ok((text, title))
        }
    }
}

/// A document that is a whole file, read again: the text of a text file,
/// the article of an HTML page (with its title).
///
/// # Errors
/// The file cannot be read.
pub(crate) fn read_whole(
    path: &Path,
    encoding: &'static Encoding,
) -> Result<(DocText, Option<DocText>), Error> {
    let bytes = read_bytes(path)?;
    let d = decode::decode_owned(bytes, Some(encoding));
    if format_at(path) == Format::Html {
        return Ok(markup::html_texts(&d.text, &d.map));
    }
    Ok((DocText::new(d.text, d.map), None))
}

/// [`read_record`]'s text only (one read for JSON Lines).
///
/// # Errors
/// As [`read_record`].
pub(crate) fn read_record_text(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    r: Record,
) -> Result<DocText, Error> {
    match format_at(path) {
        Format::Jsonl | Format::Text => {
            jsonl::read_record(path, compressed, encoding, r.line, r.at)
        }
        _ => read_record(path, compressed, encoding, r).map(|d| d.0),
    }
}

/// [`read_record`]'s title only (one read for JSON Lines).
///
/// # Errors
/// As [`read_record`].
pub(crate) fn read_record_title(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    r: Record,
) -> Result<Option<DocText>, Error> {
    match format_at(path) {
        Format::Jsonl | Format::Text => jsonl::read_title(path, compressed, encoding, r.line, r.at),
        _ => read_record(path, compressed, encoding, r).map(|d| d.1),
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

/// Reads the documents of one file, handing each to `each` as soon as it
/// is read (a JSON Lines file's records are never all in memory); returns
/// the problems met. `forced` overrides encoding detection.
pub(crate) fn scan(
    path: &Path,
    forced: Option<&'static Encoding>,
    each: &mut dyn FnMut(Scanned),
) -> Vec<Warning> {
    // Told once (a name without an extension is sniffed: a read).
    let format = format_at(path);
    if let Format::Archive(kind) = format {
        return archive::scan(path, kind, forced, each);
    }
    if format == Format::Parquet {
        return match read::open(path) {
            Ok((file, _)) => scan_parquet(path, file, each),
            Err(p) => vec![Warning {
                place: path.display().to_string(),
                message: format!("skipped: {p}"),
            }],
        };
    }
    let read = read::read_file_as(path, Compression::of(path));
    scan_read(path, format, read, forced, each)
}

/// [`scan`] for a file's bytes already in memory, as read from `path`
/// (compressed, for a compressed file).
pub(crate) fn scan_raw(
    path: &Path,
    raw: &[u8],
    forced: Option<&'static Encoding>,
    each: &mut dyn FnMut(Scanned),
) -> Vec<Warning> {
    let format = format_at(path);
    if format == Format::Parquet {
        return scan_parquet(path, bytes::Bytes::from(raw.to_vec()), each);
    }
    if let Format::Archive(_) = format {
        return vec![Warning {
            place: path.display().to_string(),
            message: "skipped: an archive in an archive is not opened".to_owned(),
        }];
    }
    let read = read::read_slice_as(raw, Compression::of(path));
    scan_read(path, format, read, forced, each)
}

/// The rows of a Parquet file (its bytes read by `data`): the parquet
/// crate's panics on a damaged file are caught and reported.
fn scan_parquet<R: ::parquet::file::reader::ChunkReader + 'static>(
    path: &Path,
    data: R,
    each: &mut dyn FnMut(Scanned),
) -> Vec<Warning> {
    let place = path.display().to_string();
    let source = Source::File {
        path: path.to_path_buf(),
        compressed: false,
    };
    let (local, problem) = local_config::settings_for(path);
    let mut warnings: Vec<Warning> = problem
        .map(|message| Warning {
            place: place.clone(),
            message,
        })
        .into_iter()
        .collect();
    let stem = stem(path);
    let scanned = crate::guard::catching(|| {
        let mut found = Vec::new();
        parquet::scan(data, &stem, &source, each, &mut found, local.as_deref());
        found
    });
    match scanned {
        Ok(found) => warnings.extend(found),
        Err(p) => warnings.push(Warning {
            place,
            message: format!(
                "the rest of the file skipped: the Parquet reader failed ({})",
                crate::guard::message(&*p)
            ),
        }),
    }
    warnings
}

fn scan_read(
    path: &Path,
    format: Format,
    read: Result<(Vec<u8>, Compression), read::Problem>,
    forced: Option<&'static Encoding>,
    each: &mut dyn FnMut(Scanned),
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let place = path.display().to_string();
    // As read: by its content when that is compressed, else by its name.
    let (bytes, compressed) = match read {
        Ok((b, how)) => (b, how != Compression::None),
        Err(p) => {
            warnings.push(Warning {
                place,
                message: format!("skipped: {p}"),
            });
            return warnings;
        }
    };
    let content = decode::Content::new(bytes, forced);
    let det = content.detected();
    if det.replaced > 0 {
        warnings.push(lossy_warning(&place, det.replaced));
    } else if det.detected && !decode::is_utf16(det.encoding) {
        // (UTF-16 announces itself with its byte order mark.)
        warnings.push(Warning {
            place: place.clone(),
            message: format!("not UTF-8; decoded as {}", decode::name(det.encoding)),
        });
    }
    let source = Source::File {
        path: path.to_path_buf(),
        compressed,
    };
    // The corpus's own qari.toml, if one applies.
    let (local, problem) = if format == Format::Text {
        (None, None)
    } else {
        local_config::settings_for(path)
    };
    if let Some(message) = problem {
        warnings.push(Warning {
            place: place.clone(),
            message,
        });
    }
    let local = local.as_deref();
    match format {
        Format::Text => each(text::scan(stem(path), source, content)),
        Format::Jsonl => jsonl::scan(&stem(path), &source, &content, each, &mut warnings, local),
        Format::Csv | Format::Tsv => csv::scan(
            &stem(path),
            &source,
            content,
            format == Format::Tsv,
            each,
            &mut warnings,
            local,
        ),
        Format::Xml => markup::scan_xml(&stem(path), &source, content, each, &mut warnings, local),
        Format::Html => markup::scan_html(stem(path), source, content, each, &mut warnings, local),
        // Read before its bytes (`scan`, `scan_raw`).
        Format::Parquet | Format::Archive(_) => {}
    }
    warnings
}

/// The document read from standard input (one text document, whatever
/// it holds), and the problems met; `None` when it cannot be shown (NUL
/// bytes: binary). `forced` overrides encoding detection.
pub(crate) fn scan_stdin(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> (Option<Scanned>, Vec<Warning>) {
    let place = Source::Stdin.shown_path();
    if bytes.contains(&0) {
        let message = "not shown: contains NUL bytes (binary, or UTF-16?)".to_owned();
        return (None, vec![Warning { place, message }]);
    }
    let content = decode::Content::new(bytes, forced);
    let det = content.detected();
    let mut warnings = Vec::new();
    if det.replaced > 0 {
        warnings.push(lossy_warning(&place, det.replaced));
    } else if det.detected {
        warnings.push(Warning {
            place,
            message: format!("not UTF-8; decoded as {}", det.encoding.name()),
        });
    }
    let scanned = text::scan("stdin".to_owned(), Source::Stdin, content);
    (Some(scanned), warnings)
}

/// Document `index` of the embedded sample, and a warning if it is not
/// valid UTF-8.
pub(crate) fn scan_embedded(index: usize) -> (Scanned, Option<Warning>) {
    let (name, bytes) = crate::sample::FILES
        .get(index)
        .copied()
        .unwrap_or(("", &[]));
    let content = decode::Content::new(bytes.to_vec(), Some(encoding_rs::UTF_8));
    let det = content.detected();
    let scanned = text::scan(stem(Path::new(name)), Source::Embedded(index), content);
    let warning =
        (det.replaced > 0).then(|| lossy_warning(&scanned.locator.shown_path(), det.replaced));
    (scanned, warning)
}
