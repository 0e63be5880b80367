//! JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line, one
//! document per object. The text is the first field found among common
//! names (`text`, `content`, `body`…), likewise the title and the id; a
//! record without an id is `stem:line`. Each line is decoded on its own,
//! so a record's map to the file covers that record only; a UTF-8 BOM
//! before the first record, CRLF line ends and blank lines are allowed.
//! Bad lines are warnings with their line numbers.

use std::collections::HashMap;
use std::io::{BufRead, Read, Seek};
use std::path::Path;

use encoding_rs::Encoding;

use crate::corpus::decode::{self, Content, OffsetMap};
use crate::corpus::locator::{Locator, Record, Source};
use crate::corpus::{DocText, Error, Warning, io_err};

use super::Scanned;

/// Candidate JSON field names, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "content", "body", "article", "maintext", "story"];
const TITLE_FIELDS: &[&str] = &["title", "headline", "head_line", "head", "heading"];
const ID_FIELDS: &[&str] = &["id", "url", "doc_id", "_id", "uuid", "link"];

/// One record's fields.
struct Fields {
    text: String,
    map: OffsetMap,
    title: Option<String>,
    /// The title when it is a JSON string, with its map to the file.
    title_src: Option<(String, OffsetMap)>,
    id: Option<String>,
}

/// The lines of `bytes`, each with its `\n` (the last one may have none).
fn lines(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', bytes);
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = ends.next().map_or(bytes.len(), |i| i + 1);
        let line = start..end;
        start = end;
        Some(line)
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

/// Parses one record: `line` is the decoded line (a UTF-8 BOM before the
/// record is skipped), `line_map` its map to the file.
fn parse(line: &str, line_map: &OffsetMap) -> Result<Fields, String> {
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
    // RawValue borrows from `line`: its position is its offset in the line.
    let locate = |raw: &serde_json::value::RawValue| {
        let raw_str = raw.get();
        let at = (raw_str.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
        (at <= line.len()).then_some(at..at + raw_str.len())
    };
    if !raw.get().starts_with('"') {
        return Err("the text field is not a string".to_owned());
    }
    let literal = locate(raw).ok_or("text field could not be located")?;
    let (text, map) =
        decode::json_string(line, literal, line_map).ok_or("malformed text string")?;
    let title_raw = find(TITLE_FIELDS);
    let title_src = title_raw
        .filter(|v| v.get().starts_with('"'))
        .and_then(locate)
        .and_then(|literal| decode::json_string(line, literal, line_map));
    let scalar = |v: &serde_json::value::RawValue| -> Option<String> {
        match serde_json::from_str::<serde_json::Value>(v.get()).ok()? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    Ok(Fields {
        text,
        map,
        title: title_raw.and_then(scalar),
        title_src,
        id: find(ID_FIELDS).and_then(scalar),
    })
}

/// The records of a JSON Lines file, handed to `each` as they are read.
pub(super) fn scan(
    stem: &str,
    source: &Source,
    content: &Content,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
) {
    let place = source.shown_path();
    let det = content.detected();
    let bytes = content.bytes();
    for (n, range) in lines(bytes).enumerate() {
        let line = n + 1;
        let at = range.start;
        let raw = trim_line_end(&bytes[range]);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Line ends are ASCII: in every supported encoding they end a
        // character, so each line decodes on its own.
        let Some((text, line_map)) = content.part(at..at + raw.len()) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse(&text, &line_map) {
            Ok(rec) => {
                let raw_id = rec
                    .id
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("{stem}:{line}"));
                each(Scanned::new(
                    raw_id,
                    rec.title.as_deref(),
                    DocText::new(rec.text, rec.map),
                    Locator {
                        source: source.clone(),
                        encoding: det.encoding,
                        record: Some(Record { line, at }),
                    },
                    det.replaced > 0,
                ));
            }
            Err(msg) => warnings.push(Warning {
                place: format!("{place}:{line}"),
                message: format!("skipped: {msg}"),
            }),
        }
    }
}

/// The bytes of line `line`, at byte `at` of the file as stored (after
/// seeking, or skipping in a gzip stream), with its line end.
fn read_line(path: &Path, gzip: bool, line: usize, at: usize) -> Result<Vec<u8>, Error> {
    let gone = || Error::Gone(format!("{}:{line}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut buf = Vec::new();
    let reached = if gzip {
        let mut dec = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
        let skipped = std::io::copy(&mut (&mut dec).take(at as u64), &mut std::io::sink())
            .map_err(|e| io_err(path, e))?;
        dec.read_until(b'\n', &mut buf)
            .map_err(|e| io_err(path, e))?;
        skipped
    } else {
        let mut f = std::io::BufReader::new(file);
        let reached = f
            .seek(std::io::SeekFrom::Start(at as u64))
            .map_err(|e| io_err(path, e))?;
        f.read_until(b'\n', &mut buf).map_err(|e| io_err(path, e))?;
        reached
    };
    if reached != at as u64 {
        return Err(gone());
    }
    Ok(buf)
}

/// Reads the record on line `line`, at byte `at` of the file as stored,
/// again: only that line is read (after seeking, or skipping in a gzip
/// stream) and decoded.
///
/// # Errors
/// The file cannot be read, or no longer holds a record there.
pub(crate) fn read_record(
    path: &Path,
    gzip: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<DocText, Error> {
    let buf = read_line(path, gzip, line, at)?;
    record_in_line(&buf, encoding, at)
        .map(|f| DocText::new(f.text, f.map))
        .map_err(|()| Error::Gone(format!("{}:{line}", path.display())))
}

/// Reads the title of the record on line `line` (at byte `at`) again, with
/// its map to the bytes of the file as stored; `None` when the record has
/// no title string.
///
/// # Errors
/// The file cannot be read, or no longer holds a record there.
pub(crate) fn read_title(
    path: &Path,
    gzip: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<Option<DocText>, Error> {
    let buf = read_line(path, gzip, line, at)?;
    record_in_line(&buf, encoding, at)
        .map(title_of)
        .map_err(|()| Error::Gone(format!("{}:{line}", path.display())))
}

/// The lines at the byte offsets `ats` of a gzip-compressed file, read in
/// one pass that stops after the last of them (each line with its line
/// end); an offset past the end of the file gives nothing.
///
/// # Errors
/// The file cannot be read.
pub(crate) fn read_lines(path: &Path, ats: &[usize]) -> Result<Vec<(usize, Vec<u8>)>, Error> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut dec = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut ats = ats.to_vec();
    ats.sort_unstable();
    ats.dedup();
    let mut pos = 0usize;
    let mut out = Vec::with_capacity(ats.len());
    for at in ats {
        if at < pos {
            continue;
        }
        let want = (at - pos) as u64;
        let skipped = std::io::copy(&mut (&mut dec).take(want), &mut std::io::sink())
            .map_err(|e| io_err(path, e))?;
        pos += skipped as usize;
        if skipped < want {
            break;
        }
        let mut buf = Vec::new();
        dec.read_until(b'\n', &mut buf)
            .map_err(|e| io_err(path, e))?;
        pos += buf.len();
        out.push((at, buf));
    }
    Ok(out)
}

/// The record on `line`, the line that starts at byte `at` of the file
/// (decompressed): the same as [`read_record`] without reading the file.
pub(crate) fn record_at(
    line: &[u8],
    encoding: &'static Encoding,
    at: usize,
) -> Result<DocText, ()> {
    let f = record_in_line(line, encoding, at)?;
    Ok(DocText::new(f.text, f.map))
}

/// The title of the record on `line` (at byte `at`): [`read_title`]
/// without reading the file.
pub(crate) fn title_at(
    line: &[u8],
    encoding: &'static Encoding,
    at: usize,
) -> Result<Option<DocText>, ()> {
    record_in_line(line, encoding, at).map(title_of)
}

fn title_of(f: Fields) -> Option<DocText> {
    f.title_src.map(|(t, m)| DocText::new(t, m))
}

fn record_in_line(buf: &[u8], encoding: &'static Encoding, at: usize) -> Result<Fields, ()> {
    let (text, line_map) = decode::decode_part(trim_line_end(buf), encoding, at);
    parse(&text, &line_map).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_ends_like_split_inclusive() {
        for text in ["", "a", "a\n", "a\nb", "\n\n", "a\r\n\nb\n"] {
            let b = text.as_bytes();
            let ours: Vec<&[u8]> = lines(b).map(|r| &b[r]).collect();
            let std: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
