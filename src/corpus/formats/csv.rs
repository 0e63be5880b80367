//! CSV and TSV (`.csv`, `.tsv`, `.tab`): a header row, then one document
//! per record. The text, title and id columns are found by name like
//! JSON Lines fields (also their Arabic, Persian and Hebrew names); with
//! no text column named, the column with the longest values in the first
//! records is the text (a warning says which). Every other column is
//! metadata (date, source…: [`crate::corpus::meta`]).
//!
//! Records follow RFC 4180, leniently: a field is quoted only when it
//! starts with `"` (a doubled `""` inside is one quote); a quoted field
//! may hold delimiters and line breaks; text after a closing quote is
//! kept; CRLF and LF both end a record; blank lines are skipped. A quote
//! never closed within [`MAX_RECORD_LINES`] lines (or by the end of the
//! file) makes its record a warning, and reading goes on at the next
//! line, so one broken quote costs one record, not the rest of the file.
//!
//! A document's place is its record's first line and the byte offset of
//! that line in the file as stored (decompressed); reading it again reads
//! the header and that record only ([`read_record`]).

use std::ops::Range;
use std::path::Path;

use encoding_rs::Encoding;

use super::extract::{Piece, assemble};
use super::jsonl::{ID_FIELDS, TEXT_FIELDS, TITLE_FIELDS};
use super::{Scanned, read_window};
use crate::corpus::decode::{self, Content, OffsetMap};
use crate::corpus::local_config::{self, FieldNames, LocalConfig};
use crate::corpus::locator::{Locator, Record, Source};
use crate::corpus::meta::Meta;
use crate::corpus::{DocText, Error, Warning};

/// Records read to guess the text column when none is named.
const GUESS_ROWS: usize = 20;

/// Most lines one record may span before an open quote is taken for a
/// broken one.
pub(crate) const MAX_RECORD_LINES: usize = 10_000;

/// Column names read as the text, title and id in Arabic, Persian and
/// Hebrew, after the English ones.
const TEXT_NAMES: &[&str] = &["النص", "نص", "المحتوى", "متن", "טקסט", "תוכן"];
const TITLE_NAMES: &[&str] = &["العنوان", "عنوان", "כותרת"];
const ID_NAMES: &[&str] = &["المعرف", "شناسه", "מזהה"];

/// One field of a record: its pieces of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    /// The value, as pieces of the input (quotes dropped, `""` one `"`).
    pub pieces: Vec<Piece>,
}

impl Field {
    /// The value.
    pub(crate) fn value(&self, input: &str) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Copy(r) => s.push_str(input.get(r.clone()).unwrap_or_default()),
                Piece::Char(c, _) => s.push(*c),
                Piece::Gap(g, _) => s.push_str(g),
            }
        }
        s
    }
}

/// One record: its fields and where it is in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The fields.
    pub fields: Vec<Field>,
    /// The record's bytes, its line end excluded.
    pub span: Range<usize>,
}

/// What reading one record from an offset found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// A record, and where the next one starts.
    Row(Row, usize),
    /// A blank line, and where the next line starts.
    Blank(usize),
    /// A quote never closed: the record's first line is skipped, reading
    /// goes on at the next line (offset given).
    Unclosed(usize),
    /// The input ends here without a record end (`complete` was false:
    /// more input may follow).
    Incomplete,
}

/// Reads the record starting at `at` in `input`. `complete` says the input
/// ends where the file ends (otherwise a record running to the end of the
/// input is [`Next::Incomplete`]).
pub(crate) fn next_row(input: &str, at: usize, delim: u8, complete: bool) -> Next {
    let b = input.as_bytes();
    let line_end = |from: usize| memchr::memchr(b'\n', b.get(from..).unwrap_or_default());
    // Blank line?
    let first_end = line_end(at).map_or(b.len(), |k| at + k);
    if b.get(at..first_end)
        .is_some_and(|l| l.iter().all(u8::is_ascii_whitespace))
    {
        return if first_end < b.len() {
            Next::Blank(first_end + 1)
        } else if complete {
            Next::Blank(b.len())
        } else {
            Next::Incomplete
        };
    }
    let mut fields = Vec::new();
    let mut i = at;
    let mut lines = 1;
    loop {
        // One field from `i`.
        let mut pieces = Vec::new();
        if b.get(i) == Some(&b'"') {
            i += 1;
            let mut from = i;
            loop {
                let Some(k) = memchr::memchr(b'"', b.get(i..).unwrap_or_default()) else {
                    // No closing quote in the input.
                    return if complete {
                        Next::Unclosed((first_end + 1).min(b.len()))
                    } else {
                        Next::Incomplete
                    };
                };
                let q = i + k;
                lines += b
                    .get(i..q)
                    .map_or(0, |s| memchr::memchr_iter(b'\n', s).count());
                if lines > MAX_RECORD_LINES {
                    return Next::Unclosed((first_end + 1).min(b.len()));
                }
                if b.get(q + 1) == Some(&b'"') {
                    push_copy(&mut pieces, from..q);
                    pieces.push(Piece::Char('"', q..q + 2));
                    i = q + 2;
                    from = i;
                } else {
                    // A quote that spanned lines and is followed by
                    // text was no closing quote: the opening one was
                    // broken (strict RFC 4180 allows only a delimiter or
                    // a line end after a closing quote).
                    let after = b.get(q + 1).copied();
                    let closes =
                        matches!(after, None | Some(b'\r' | b'\n')) || after == Some(delim);
                    if !closes && lines > 1 {
                        return Next::Unclosed((first_end + 1).min(b.len()));
                    }
                    push_copy(&mut pieces, from..q);
                    i = q + 1;
                    break;
                }
            }
            if i >= b.len() && !complete {
                return Next::Incomplete;
            }
        }
        // Unquoted (or after a closing quote): up to the delimiter or line end.
        let start = i;
        while let Some(&c) = b.get(i) {
            if c == delim || c == b'\n' {
                break;
            }
            i += 1;
        }
        if i >= b.len() && !complete {
            return Next::Incomplete;
        }
        let mut end = i;
        if b.get(i) != Some(&delim) && end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        push_copy(&mut pieces, start..end);
        fields.push(Field { pieces });
        match b.get(i) {
            Some(&c) if c == delim => i += 1,
            Some(_) => {
                // Line end.
                let span_end = if i > at && b.get(i - 1) == Some(&b'\r') {
                    i - 1
                } else {
                    i
                };
                return Next::Row(
                    Row {
                        fields,
                        span: at..span_end,
                    },
                    i + 1,
                );
            }
            None => {
                return Next::Row(
                    Row {
                        fields,
                        span: at..i,
                    },
                    i,
                );
            }
        }
    }
}

fn push_copy(pieces: &mut Vec<Piece>, r: Range<usize>) {
    if r.start < r.end {
        pieces.push(Piece::Copy(r));
    }
}

/// The columns that are the text, title and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Columns {
    /// The header's names.
    pub names: Vec<String>,
    /// The text column.
    pub text: usize,
    /// The title column.
    pub title: Option<usize>,
    /// The id column.
    pub id: Option<usize>,
    /// Whether the text column was guessed from lengths (not named).
    pub guessed: bool,
    /// A column named by the corpus's qari.toml that the header lacks.
    pub missing: Option<String>,
}

impl Columns {
    /// The columns named in `header`; the text column guessed from
    /// `sample` rows when none is named (`None`: no column at all).
    pub(crate) fn of(
        header: &[String],
        sample: &[Vec<usize>],
        names: Option<&FieldNames>,
    ) -> Option<Self> {
        if header.is_empty() {
            return None;
        }
        let column = |n: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
        let mut missing = None;
        let mut find = |named: Option<&String>, english: &[&str], native: &[&str]| match named {
            Some(n) => {
                let c = column(n);
                if c.is_none() {
                    missing = Some(n.clone());
                }
                c
            }
            None => english.iter().chain(native).find_map(|n| column(n)),
        };
        let title = find(
            names.and_then(|n| n.title.as_ref()),
            TITLE_FIELDS,
            TITLE_NAMES,
        );
        let id = find(names.and_then(|n| n.id.as_ref()), ID_FIELDS, ID_NAMES);
        let (text, guessed) =
            match find(names.and_then(|n| n.text.as_ref()), TEXT_FIELDS, TEXT_NAMES) {
                Some(t) => (t, false),
                None if names.is_some_and(|n| n.text.is_some()) => (0, false),
                None => {
                    // The longest values on average, title and id aside.
                    let mut best = (0usize, None);
                    for c in 0..header.len() {
                        if Some(c) == title || Some(c) == id {
                            continue;
                        }
                        let total: usize = sample.iter().filter_map(|r| r.get(c)).sum();
                        if best.1.is_none() || total > best.0 {
                            best = (total, Some(c));
                        }
                    }
                    (best.1.unwrap_or(0), true)
                }
            };
        Some(Self {
            names: header.to_vec(),
            text,
            title,
            id,
            guessed,
            missing,
        })
    }
}

/// The delimiter of a file: the one of `,` `;` tab `|` that its first line
/// (the header) holds most often outside quotes; on a tie or none, what
/// its name says (tab for `.tsv`/`.tab`, else comma). A European
/// spreadsheet's `.csv` is often `;`-separated, a `.csv` export often tabs.
pub(crate) fn delimiter(input: &str, tsv: bool) -> u8 {
    let named = if tsv { b'\t' } else { b',' };
    let head = input
        .trim_start_matches(['\u{FEFF}', '\n', '\r', ' '])
        .as_bytes();
    let end = memchr::memchr(b'\n', head)
        .unwrap_or(head.len())
        .min(64 << 10);
    let mut counts = [0usize; 4];
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in &head[..end] {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(k) = CANDIDATES.iter().position(|&c| c == b) {
            counts[k] += 1;
        }
    }
    let named_count = CANDIDATES
        .iter()
        .position(|&c| c == named)
        .map_or(0, |k| counts[k]);
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(k, n)| (*n, CANDIDATES[k] == named))
        .map_or((named, 0), |(k, n)| (CANDIDATES[k], *n));
    if n > named_count { best } else { named }
}

/// The header's names, a UTF-8 byte order mark aside.
pub(crate) fn names(input: &str, row: &Row) -> Vec<String> {
    row.fields
        .iter()
        .map(|f| {
            f.value(input)
                .trim_start_matches('\u{FEFF}')
                .trim()
                .to_owned()
        })
        .collect()
}

/// One document of a record: its text, title and id, and the other
/// columns as metadata, each text with its map to the file.
pub(crate) struct Doc {
    /// The text and its map.
    pub text: (String, OffsetMap),
    /// The title, with its map, when the title column is not empty.
    pub title: Option<(String, OffsetMap)>,
    /// The id, when the id column is not empty.
    pub id: Option<String>,
    /// The other columns, by header name.
    pub meta: Vec<(String, String)>,
}

/// The document of `row` (of `input`, whose map to the file is `map`).
pub(crate) fn doc(input: &str, map: &OffsetMap, row: &Row, cols: &Columns) -> Doc {
    let field = |c: usize| row.fields.get(c);
    let text = field(cols.text).map_or_else(
        || {
            (
                String::new(),
                OffsetMap::shifted(map.to_source(input, row.span.start)),
            )
        },
        |f| assemble(input, map, &f.pieces),
    );
    let title = cols
        .title
        .and_then(field)
        .map(|f| assemble(input, map, &f.pieces))
        .filter(|(t, _)| !t.trim().is_empty());
    let id = cols
        .id
        .and_then(field)
        .map(|f| f.value(input).trim().to_owned())
        .filter(|s| !s.is_empty());
    let used = [Some(cols.text), cols.title, cols.id];
    let meta = row
        .fields
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(&Some(*i)))
        .filter_map(|(i, f)| {
            let name = cols.names.get(i).filter(|n| !n.is_empty()).cloned()?;
            Some((name, f.value(input)))
        })
        .collect();
    Doc {
        text,
        title,
        id,
        meta,
    }
}

/// The records of a CSV or TSV file, handed to `each` as they are read.
pub(super) fn scan(
    stem: &str,
    source: &Source,
    content: Content,
    tsv: bool,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
    local: Option<&LocalConfig>,
) {
    let place = source.shown_path();
    let det = content.detected();
    let d = content.decode();
    let input = d.text.as_str();
    let delim = delimiter(input, tsv);
    let Some((header, first)) = header_row(input, delim, true) else {
        warnings.push(Warning {
            place,
            message: "skipped: no header row (CSV and TSV files need one)".to_owned(),
        });
        return;
    };
    let header = names(input, &header);
    let mut sample = Vec::new();
    let mut at = first;
    while sample.len() < GUESS_ROWS && at < input.len() {
        match next_row(input, at, delim, true) {
            Next::Row(r, next) => {
                sample.push(r.fields.iter().map(|f| f.value(input).len()).collect());
                at = next;
            }
            Next::Blank(next) | Next::Unclosed(next) => at = next,
            Next::Incomplete => break,
        }
    }
    let names = local.map(|l| &l.fields);
    let Some(cols) = Columns::of(&header, &sample, names) else {
        return;
    };
    if let Some(missing) = cols.missing.as_deref() {
        warnings.push(Warning {
            place,
            message: format!(
                "skipped: no column '{missing}' (named in qari.toml); columns are {}",
                header.join(", ")
            ),
        });
        return;
    }
    if cols.guessed {
        warnings.push(Warning {
            place: place.clone(),
            message: format!(
                "no text column named (looked for {}); the longest, '{}', is the text",
                TEXT_FIELDS.join(", "),
                header.get(cols.text).map_or("", String::as_str)
            ),
        });
    }
    let mut at = first;
    let mut lines = super::Lines::new(input);
    let mut line_of = |to: usize| lines.at(to);
    while at < input.len() {
        match next_row(input, at, delim, true) {
            Next::Row(r, next) => {
                let number = line_of(r.span.start);
                let doc = doc(input, &d.map, &r, &cols);
                let raw_id = doc.id.unwrap_or_else(|| format!("{stem}:{number}"));
                let (text, map) = doc.text;
                each(Scanned::new(
                    raw_id,
                    doc.title.as_ref().map(|t| t.0.as_str()),
                    DocText::new(text, map),
                    Locator {
                        source: source.clone(),
                        encoding: det.encoding,
                        record: Some(Record {
                            line: number,
                            at: d.map.to_source(input, r.span.start),
                        }),
                    },
                    d.replaced > 0,
                    Meta::from_fields(doc.meta, local),
                ));
                at = next;
            }
            Next::Blank(next) => at = next,
            Next::Unclosed(next) => {
                warnings.push(Warning {
                    place: format!("{place}:{}", line_of(at)),
                    message: "skipped: a quote opened in this record is never closed".to_owned(),
                });
                at = next;
            }
            Next::Incomplete => break,
        }
    }
}

/// The first record of `input` that is not blank (what reading it met
/// otherwise).
fn first_row(input: &str, delim: u8, complete: bool) -> Next {
    let mut at = 0;
    loop {
        match next_row(input, at, delim, complete) {
            Next::Blank(next) if next > at => at = next,
            other => return other,
        }
    }
}

/// The first record of `input` that is not blank, and where the next
/// starts.
fn header_row(input: &str, delim: u8, complete: bool) -> Option<(Row, usize)> {
    match first_row(input, delim, complete) {
        Next::Row(r, next) => Some((r, next)),
        _ => None,
    }
}

/// The window of the file read first; doubled while a record runs past it.
const WINDOW: usize = 64 << 10;

/// Reads the record at byte `at` (line `line`) of a CSV/TSV file again:
/// its header and that record only. Returns the text and the title.
///
/// # Errors
/// The file cannot be read, or no longer holds a record there.
pub(super) fn read_record(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    tsv: bool,
    r: Record,
) -> Result<(DocText, Option<DocText>), Error> {
    let gone = || Error::Gone(format!("{}:{}", path.display(), r.line));
    // A record read from byte `from`: a window of the file, grown while
    // the record runs past it (`complete`: the file ends in the window).
    let parsed = |from: usize, want: &dyn Fn(&str, bool) -> Next| {
        let mut len = WINDOW;
        loop {
            let (raw, ends) = read_window(path, compressed, from, len)?;
            let (text, map) = decode::decode_part(&raw, encoding, from);
            match want(&text, ends) {
                Next::Incomplete if !ends && len < super::read::MAX_FILE_BYTES as usize => {
                    len = len.saturating_mul(2);
                }
                Next::Row(row, _) => return Ok((text.into_owned(), map, row)),
                _ => return Err(gone()),
            }
        }
    };
    // The delimiter as the scan chose it (from the header line), then the
    // header, from the first window; a longer header read again whole.
    let (head_raw, head_ends) = read_window(path, compressed, 0, WINDOW)?;
    let (head, _) = decode::decode_part(&head_raw, encoding, 0);
    let delim = delimiter(&head, tsv);
    let header = match first_row(&head, delim, head_ends) {
        Next::Row(row, _) => names(&head, &row),
        _ => {
            let (htext, _, hrow) = parsed(0, &|t, ends| first_row(t, delim, ends))?;
            names(&htext, &hrow)
        }
    };
    let (text, map, row) = parsed(r.at, &|t, ends| next_row(t, 0, delim, ends))?;
    // The text column as the scan chose it: by name, else by the lengths
    // of the first records (read again).
    let local = local_config::settings_for(path).0;
    let names = local.as_deref().map(|l| &l.fields);
    let cols = match Columns::of(&header, &[], names) {
        Some(c) if !c.guessed => c,
        _ => {
            let (raw, ends) = read_window(path, compressed, 0, WINDOW * 16)?;
            let (t, _) = decode::decode_part(&raw, encoding, 0);
            let mut sample = Vec::new();
            let mut at = header_row(&t, delim, ends).map_or(t.len(), |h| h.1);
            while sample.len() < GUESS_ROWS && at < t.len() {
                match next_row(&t, at, delim, ends) {
                    Next::Row(row, next) => {
                        sample.push(row.fields.iter().map(|f| f.value(&t).len()).collect());
                        at = next;
                    }
                    Next::Blank(next) | Next::Unclosed(next) if next > at => at = next,
                    _ => break,
                }
            }
            Columns::of(&header, &sample, names).ok_or_else(gone)?
        }
    };
    let d = doc(&text, &map, &row, &cols);
    Ok((
        DocText::new(d.text.0, d.text.1),
        d.title.map(|(t, m)| DocText::new(t, m)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &str, delim: u8) -> Vec<Result<Vec<String>, usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < input.len() {
            match next_row(input, at, delim, true) {
                Next::Row(r, next) => {
                    out.push(Ok(r.fields.iter().map(|f| f.value(input)).collect()));
                    at = next;
                }
                Next::Blank(next) => at = next,
                Next::Unclosed(next) => {
                    out.push(Err(at));
                    at = next;
                }
                Next::Incomplete => unreachable!("complete input"),
            }
        }
        out
    }

    fn ok(fields: &[&str]) -> Result<Vec<String>, usize> {
        Ok(fields.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn records_follow_rfc_4180() {
        let input = "id,text\r\n1,\"سطر، \"\"مقتبس\"\"\nوسطر\"\r\n\n2,بسيط\n3,\"\"\n";
        assert_eq!(
            rows(input, b','),
            vec![
                ok(&["id", "text"]),
                ok(&["1", "سطر، \"مقتبس\"\nوسطر"]),
                ok(&["2", "بسيط"]),
                ok(&["3", ""]),
            ]
        );
    }

    #[test]
    fn tabs_delimit_tsv_and_commas_are_text_there() {
        let input = "title\ttext\nعنوان، أول\tنص, مع فاصلة\n";
        assert_eq!(
            rows(input, b'\t'),
            vec![ok(&["title", "text"]), ok(&["عنوان، أول", "نص, مع فاصلة"])]
        );
    }

    #[test]
    fn a_broken_quote_costs_one_record() {
        let input = "id,text\n1,\"لم يغلق\n2,ثان\n3,ثالث\n";
        let r = rows(input, b',');
        assert_eq!(r[0], ok(&["id", "text"]));
        assert_eq!(r[1], Err(8), "the record with the open quote");
        assert_eq!(&r[2..], &[ok(&["2", "ثان"]), ok(&["3", "ثالث"])]);
        // A later quote that opens a field is no closing one.
        let input = "id,text\n1,\"لم يغلق\n2,ثان\n3,\"ثالث \"\"مقتبس\"\"\"\n";
        let r = rows(input, b',');
        assert_eq!(r[1], Err(8));
        assert_eq!(&r[2..], &[ok(&["2", "ثان"]), ok(&["3", "ثالث \"مقتبس\""])]);
    }

    #[test]
    fn text_after_a_closing_quote_is_kept_and_quotes_mid_field_are_text() {
        let input = "a,b\n\"x\"y,he said \"hi\"\n";
        assert_eq!(
            rows(input, b','),
            vec![ok(&["a", "b"]), ok(&["xy", "he said \"hi\""])]
        );
    }

    #[test]
    fn the_last_record_needs_no_line_end_unless_more_may_follow() {
        let input = "a,b\n1,2";
        assert_eq!(rows(input, b','), vec![ok(&["a", "b"]), ok(&["1", "2"])]);
        assert_eq!(next_row(input, 4, b',', false), Next::Incomplete);
        assert_eq!(next_row("a,\"b", 0, b',', false), Next::Incomplete);
    }

    #[test]
    fn pieces_map_every_character_to_its_bytes() {
        let input = "text\n\"ق \"\"ب\"\" ج\"\n";
        let Next::Row(r, _) = next_row(input, 5, b',', true) else {
            panic!("a row");
        };
        let (text, map) = assemble(input, &OffsetMap::identity(), &r.fields[0].pieces);
        assert_eq!(text, "ق \"ب\" ج");
        for (t, c) in text.char_indices() {
            let src = map.to_source(&text, t);
            if c == '"' {
                assert_eq!(&input[src..src + 2], "\"\"");
            } else {
                assert_eq!(input[src..].chars().next(), Some(c), "at {t}");
            }
        }
    }

    #[test]
    fn the_delimiter_is_the_header_s_commonest() {
        assert_eq!(delimiter("id;title;text\n1;a,b;c\n", false), b';');
        assert_eq!(delimiter("id\ttitle\ttext\n", false), b'\t');
        assert_eq!(delimiter("id,title,text\n", true), b',');
        // Quoted separators do not count; a tie keeps the name's.
        assert_eq!(delimiter("\"a;b;c\",d\n", false), b',');
        assert_eq!(delimiter("a;b,c\n", false), b',');
        assert_eq!(delimiter("single\n", true), b'\t');
        assert_eq!(delimiter("\u{FEFF}\n\nid|title|text\n", false), b'|');
    }

    #[test]
    fn columns_are_found_by_name_or_by_length() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let c =
            Columns::of(&names(&["date", "Headline", "المحتوى", "url"]), &[], None).expect("cols");
        assert_eq!(
            (c.text, c.title, c.id, c.guessed),
            (2, Some(1), Some(3), false)
        );
        let c = Columns::of(
            &names(&["a", "b", "c"]),
            &[vec![3, 400, 20], vec![5, 300, 9]],
            None,
        )
        .expect("cols");
        assert_eq!((c.text, c.guessed), (1, true));
    }

    #[test]
    fn no_input_makes_a_row_panic() {
        let cases = [
            "", "\"", "\"\"\"", ",", "\r", "\r\n", "a\"\n\"", "\"a\"\"", "\u{FEFF}",
        ];
        for s in cases {
            for complete in [true, false] {
                let _ = next_row(s, 0, b',', complete);
            }
        }
    }
}
