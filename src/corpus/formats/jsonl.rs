//! JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line, one
//! document per object. The text is the first field found among common
//! names (`text`, `content`, `body`…), likewise the title and the id; a
//! record without an id is `stem:line`. Each line is decoded on its own,
//! so a record's map to the file covers that record only; a UTF-8 BOM
//! before the first record, CRLF line ends and blank lines are allowed.
//! Bad lines are warnings with their line numbers.

use std::io::{BufRead, Read, Seek};
use std::path::Path;

use encoding_rs::Encoding;

use crate::corpus::decode::{self, Content, OffsetMap, trim_line_end};
use crate::corpus::local_config::{self, FieldNames, LocalConfig};
use crate::corpus::locator::{Locator, Record, Source};
use crate::corpus::meta::Meta;
use crate::corpus::read::{self, MAX_FILE_BYTES};
use crate::corpus::{DocText, Error, Warning, io_err};

use super::Scanned;

/// Longest line read back.
const MAX_LINE: u64 = MAX_FILE_BYTES;

/// Candidate JSON field names, in order of preference.
pub(super) const TEXT_FIELDS: &[&str] =
    &["text", "content", "body", "article", "maintext", "story"];
pub(super) const TITLE_FIELDS: &[&str] = &["title", "headline", "head_line", "head", "heading"];
pub(super) const ID_FIELDS: &[&str] = &["id", "url", "doc_id", "_id", "uuid", "link"];

/// One record's fields.
struct Fields {
    text: String,
    map: OffsetMap,
    title: Option<String>,
    /// The title when it is a JSON string, with its map to the file.
    title_src: Option<(String, OffsetMap)>,
    id: Option<String>,
    /// The other fields (scalars, and arrays of scalars joined), by name.
    meta: Vec<(String, String)>,
}

/// A JSON object's fields in their order, values left unparsed.
struct Pairs<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<Pairs<'a>, M::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) =
                    m.next_entry::<String, &'de serde_json::value::RawValue>()?
                {
                    v.push((k, val));
                }
                Ok(Pairs(v))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// A metadata value as a string: a string, number or boolean as written,
/// an array of those joined with `, `; `None` for objects and nulls.
fn meta_value(raw: &serde_json::value::RawValue) -> Option<String> {
    use serde_json::Value;
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match serde_json::from_str::<Value>(raw.get()).ok()? {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(one).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        v => one(&v),
    }
}

/// Parses one record: `line` is the decoded line (a UTF-8 BOM before the
/// record is skipped), `line_map` its map to the file.
fn parse(line: &str, line_map: &OffsetMap, names: Option<&FieldNames>) -> Result<Fields, String> {
    let body = line.strip_prefix('\u{FEFF}').unwrap_or(line);
    let Pairs(fields) = serde_json::from_str(body).map_err(|e| format!("invalid JSON: {e}"))?;
    // The field a corpus's qari.toml names, else the first name of
    // `guesses` the record has; and its position.
    let find = |named: Option<&String>, guesses: &[&str]| {
        let one = |n: &str| {
            fields
                .iter()
                .position(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|i| (i, fields[i].1))
        };
        match named {
            Some(n) => one(n),
            None => guesses.iter().find_map(|n| one(n)),
        }
    };
    let named_text = names.and_then(|n| n.text.as_ref());
    let (text_at, raw) = find(named_text, TEXT_FIELDS).ok_or_else(|| {
        format!(
            "no text field (looked for {}); fields are {}",
            named_text.map_or_else(|| TEXT_FIELDS.join(", "), Clone::clone),
            fields
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
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
    let title_found = find(names.and_then(|n| n.title.as_ref()), TITLE_FIELDS);
    let title_raw = title_found.map(|(_, v)| v);
    let id_found = find(names.and_then(|n| n.id.as_ref()), ID_FIELDS);
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
    // An id taken from the URL is the URL too.
    let id_at = id_found
        .map(|f| f.0)
        .filter(|&i| !["url", "link"].contains(&fields[i].0.to_ascii_lowercase().as_str()));
    let used = [Some(text_at), title_found.map(|f| f.0), id_at];
    let meta = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(&Some(*i)))
        .filter_map(|(_, (k, v))| Some((k.clone(), meta_value(v)?)))
        .collect();
    Ok(Fields {
        text,
        map,
        title: title_raw.and_then(scalar),
        title_src,
        id: id_found.map(|(_, v)| v).and_then(scalar),
        meta,
    })
}

/// The records of a JSON Lines file, handed to `each` as they are read.
pub(super) fn scan(
    stem: &str,
    source: &Source,
    content: &Content,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
    local: Option<&LocalConfig>,
) {
    let place = source.shown_path();
    let det = content.detected();
    let names = local.map(|l| &l.fields);
    content.for_each_line(&mut |l| match parse(&l.text, &l.map, names) {
        Ok(rec) => {
            let raw_id = rec
                .id
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("{stem}:{}", l.number));
            each(Scanned::new(
                raw_id,
                rec.title.as_deref(),
                DocText::new(rec.text, rec.map),
                Locator {
                    source: source.clone(),
                    encoding: det.encoding,
                    record: Some(Record {
                        line: l.number,
                        at: l.at,
                    }),
                },
                det.replaced > 0,
                Meta::from_fields(rec.meta, local),
            ));
        }
        Err(msg) => warnings.push(Warning {
            place: format!("{place}:{}", l.number),
            message: format!("skipped: {msg}"),
        }),
    });
}

/// The bytes of line `line`, at byte `at` of the file as stored (after
/// seeking, or skipping in a decompressed stream), with its line end; at most
/// [`MAX_LINE`] bytes, a UTF-16 line up to its `\n` code unit.
fn read_stored_line(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<Vec<u8>, Error> {
    let gone = || Error::Gone(format!("{}:{line}", path.display()));
    if let Some(member) = super::archive::stored_member(path) {
        // A member of an archive: its bytes, decompressed, in memory.
        let bytes = member?;
        let rest = bytes.get(at..).ok_or_else(gone)?;
        let mut buf = Vec::new();
        read_line(&mut &rest[..], utf16_of(encoding), &mut buf).map_err(|e| io_err(path, e))?;
        return Ok(buf);
    }
    let (file, _) = read::open(path).map_err(|p| io_err(path, p.into()))?;
    let mut buf = Vec::new();
    let utf16 = utf16_of(encoding);
    let reached = if compressed {
        let mut dec = read::decompressing(path, file, read::Compression::of(path))
            .map_err(|e| io_err(path, e))?;
        let skipped = std::io::copy(&mut (&mut dec).take(at as u64), &mut std::io::sink())
            .map_err(|e| io_err(path, e))?;
        read_line(&mut dec, utf16, &mut buf).map_err(|e| io_err(path, e))?;
        skipped
    } else {
        let mut f = std::io::BufReader::new(file);
        let reached = f
            .seek(std::io::SeekFrom::Start(at as u64))
            .map_err(|e| io_err(path, e))?;
        read_line(&mut f, utf16, &mut buf).map_err(|e| io_err(path, e))?;
        reached
    };
    if reached != at as u64 {
        return Err(gone());
    }
    Ok(buf)
}

/// `Some(little_endian)` for a UTF-16 encoding.
fn utf16_of(encoding: &'static Encoding) -> Option<bool> {
    decode::is_utf16(encoding).then_some(encoding == encoding_rs::UTF_16LE)
}

/// Reads the record on line `line`, at byte `at` of the file as stored,
/// again: only that line is read (after seeking, or skipping in a decompressed
/// stream) and decoded.
///
/// # Errors
/// The file cannot be read, or no longer holds a record there.
pub(crate) fn read_record(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<DocText, Error> {
    let buf = read_stored_line(path, compressed, encoding, line, at)?;
    record_in_line(&buf, encoding, at, path)
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
    compressed: bool,
    encoding: &'static Encoding,
    line: usize,
    at: usize,
) -> Result<Option<DocText>, Error> {
    let buf = read_stored_line(path, compressed, encoding, line, at)?;
    record_in_line(&buf, encoding, at, path)
        .map(title_of)
        .map_err(|()| Error::Gone(format!("{}:{line}", path.display())))
}

/// The lines at the byte offsets `ats` of a compressed file, read in
/// one pass that stops after the last of them (each line with its line
/// end); an offset past the end of the file gives nothing.
///
/// # Errors
/// The file cannot be read.
pub(crate) fn read_lines(path: &Path, ats: &[usize]) -> Result<Vec<(usize, Vec<u8>)>, Error> {
    if let Some(member) = super::archive::stored_member(path) {
        let bytes = member?;
        let mut out = Vec::new();
        for &at in ats {
            if let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
                let mut buf = Vec::new();
                read_line(&mut &rest[..], None, &mut buf).map_err(|e| io_err(path, e))?;
                out.push((at, buf));
            }
        }
        return Ok(out);
    }
    let (file, _) = read::open(path).map_err(|p| io_err(path, p.into()))?;
    let mut dec = read::decompressing(path, file, read::Compression::of(path))
        .map_err(|e| io_err(path, e))?;
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
        read_line(&mut dec, None, &mut buf).map_err(|e| io_err(path, e))?;
        pos += buf.len();
        out.push((at, buf));
    }
    Ok(out)
}

/// The record on `line`, the line that starts at byte `at` of the file
/// (decompressed): the same as [`read_record`] without reading the file.
pub(crate) fn record_at(
    path: &Path,
    line: &[u8],
    encoding: &'static Encoding,
    at: usize,
) -> Result<DocText, ()> {
    let f = record_in_line(line, encoding, at, path)?;
    Ok(DocText::new(f.text, f.map))
}

/// The title of the record on `line` (at byte `at`): [`read_title`]
/// without reading the file.
pub(crate) fn title_at(
    path: &Path,
    line: &[u8],
    encoding: &'static Encoding,
    at: usize,
) -> Result<Option<DocText>, ()> {
    record_in_line(line, encoding, at, path).map(title_of)
}

fn title_of(f: Fields) -> Option<DocText> {
    f.title_src.map(|(t, m)| DocText::new(t, m))
}

fn record_in_line(
    buf: &[u8],
    encoding: &'static Encoding,
    at: usize,
    path: &Path,
) -> Result<Fields, ()> {
    let raw = if utf16_of(encoding).is_some() {
        buf
    } else {
        trim_line_end(buf)
    };
    let (text, line_map) = decode::decode_part(raw, encoding, at);
    let local = local_config::settings_for(path).0;
    parse(
        text.trim_end_matches(['\n', '\r']),
        &line_map,
        local.as_deref().map(|l| &l.fields),
    )
    .map_err(|_| ())
}

/// Reads one line, its end included, into `buf`: up to a `\n` byte, or
/// for UTF-16 (`Some(little_endian)`) up to a `\n` code unit, at most
/// [`MAX_LINE`] bytes.
fn read_line(r: &mut impl BufRead, utf16: Option<bool>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut r = r.take(MAX_LINE);
    let Some(le) = utf16 else {
        r.read_until(b'\n', buf)?;
        return Ok(());
    };
    let newline: [u8; 2] = if le { [b'\n', 0] } else { [0, b'\n'] };
    let mut unit = [0u8; 2];
    loop {
        match r.read_exact(&mut unit) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        buf.extend_from_slice(&unit);
        if unit == newline {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_ends_like_split_inclusive() {
        for text in ["", "a", "a\n", "a\nb", "\n\n", "a\r\n\nb\n"] {
            let b = text.as_bytes();
            let ours: Vec<&[u8]> = decode::lines(b).map(|r| &b[r]).collect();
            let std: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
