//! Parquet (`.parquet`, `.pq`): one document per row, the format of most
//! dataset hubs. Read with the `parquet` crate, row group by row group,
//! only the columns that can be text or metadata (strings, numbers,
//! booleans, dates, timestamps; lists, maps, binary and nested columns are
//! left unread). The text, title and id columns are found by name like
//! JSON Lines fields (or named by the corpus's `qari.toml`); with no text
//! column named, the string column with the longest values in the first
//! rows. Every other column read is metadata; a `DATE` column is a day, a
//! timestamp an ISO date-time.
//!
//! **Offsets.** A Parquet value has no byte range in the file (pages are
//! encoded and compressed), so a document's place is its **row** (0-based
//! `at`, 1-based `line`), and the byte ranges qari gives for a row's
//! matches are ranges in its text value, as UTF-8 (docs/formats.md §4b).
//! Reading a document again decodes its row group's chosen columns up to
//! that row.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::{ConvertedType, LogicalType, Type as Physical};
use parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use parquet::schema::types::Type;

use super::Scanned;
use super::jsonl::{ID_FIELDS, TEXT_FIELDS, TITLE_FIELDS};
use crate::corpus::decode::OffsetMap;
use crate::corpus::local_config::{FieldNames, LocalConfig};
use crate::corpus::locator::{Locator, Record, Source};
use crate::corpus::meta::Meta;
use crate::corpus::{DocText, Error, Warning};

/// Rows read to guess the text column when none is named.
const GUESS_ROWS: usize = 20;

/// A row's text, title, id and other columns.
type RowParts = (
    String,
    Option<String>,
    Option<String>,
    Vec<(String, String)>,
);

/// The columns read and which of them are the text, title and id.
struct Columns {
    /// The projection: the columns read.
    projection: Type,
    text: usize,
    title: Option<usize>,
    id: Option<usize>,
}

/// Whether a column can be read as a string or a scalar.
fn readable(t: &Type) -> Option<bool> {
    if !t.is_primitive() {
        return None;
    }
    let info = t.get_basic_info();
    if info.has_repetition() && info.repetition() == parquet::basic::Repetition::REPEATED {
        return None;
    }
    let string = matches!(info.logical_type_ref(), Some(LogicalType::String))
        || info.converted_type() == ConvertedType::UTF8;
    match t.get_physical_type() {
        Physical::BYTE_ARRAY => string.then_some(true),
        Physical::BOOLEAN
        | Physical::INT32
        | Physical::INT64
        | Physical::FLOAT
        | Physical::DOUBLE => Some(false),
        _ => None,
    }
}

/// The value of a field as a string (`None` for nulls and values qari does
/// not show).
fn as_string(f: &Field) -> Option<String> {
    Some(match f {
        Field::Str(s) => s.clone(),
        Field::Bool(b) => b.to_string(),
        Field::Byte(n) => n.to_string(),
        Field::Short(n) => n.to_string(),
        Field::Int(n) => n.to_string(),
        Field::Long(n) => n.to_string(),
        Field::UByte(n) => n.to_string(),
        Field::UShort(n) => n.to_string(),
        Field::UInt(n) => n.to_string(),
        Field::ULong(n) => n.to_string(),
        Field::Float(x) => x.to_string(),
        Field::Double(x) => x.to_string(),
        Field::Date(d) => {
            let (y, m, dd) = crate::corpus::date_of_day(i64::from(*d));
            format!("{y:04}-{m:02}-{dd:02}")
        }
        Field::TimestampMillis(ms) => iso_time(ms.div_euclid(1000)),
        Field::TimestampMicros(us) => iso_time(us.div_euclid(1_000_000)),
        _ => return None,
    })
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn iso_time(secs: i64) -> String {
    let (y, m, d) = crate::corpus::date_of_day(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

impl Columns {
    /// The columns of `reader`'s file, the text guessed from its first rows
    /// when none is named. `Err`: why the file cannot be read as a corpus.
    fn of<R: ChunkReader + 'static>(
        reader: &SerializedFileReader<R>,
        names: Option<&FieldNames>,
    ) -> Result<Self, String> {
        let schema = reader.metadata().file_metadata().schema();
        let fields: Vec<Arc<Type>> = schema
            .get_fields()
            .iter()
            .filter(|f| readable(f).is_some())
            .cloned()
            .collect();
        let strings: Vec<bool> = fields.iter().map(|f| readable(f) == Some(true)).collect();
        let col_names: Vec<String> = fields.iter().map(|f| f.name().to_owned()).collect();
        let column = |n: &str| col_names.iter().position(|c| c.eq_ignore_ascii_case(n));
        let find = |named: Option<&String>, guesses: &[&str]| match named {
            Some(n) => column(n),
            None => guesses.iter().find_map(|g| column(g)),
        };
        let title = find(names.and_then(|n| n.title.as_ref()), TITLE_FIELDS);
        let id = find(names.and_then(|n| n.id.as_ref()), ID_FIELDS);
        let named_text = names.and_then(|n| n.text.as_ref());
        let projection = Type::group_type_builder(schema.name())
            .with_fields(fields.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let text = match find(named_text, TEXT_FIELDS) {
            Some(t) if strings.get(t) == Some(&true) => t,
            Some(t) => {
                return Err(format!(
                    "the text column '{}' does not hold strings",
                    col_names[t]
                ));
            }
            None if named_text.is_some() => {
                return Err(format!(
                    "no column '{}' (named in qari.toml); columns are {}",
                    named_text.map_or("", String::as_str),
                    col_names.join(", ")
                ));
            }
            None => {
                // The string column with the longest values in the first rows.
                let mut totals = vec![0usize; fields.len()];
                let rows = reader
                    .get_row_iter(Some(projection.clone()))
                    .map_err(|e| e.to_string())?;
                for row in rows.take(GUESS_ROWS).flatten() {
                    for (k, (_, f)) in row.get_column_iter().enumerate() {
                        if let (Field::Str(s), Some(t)) = (f, totals.get_mut(k)) {
                            *t += s.len();
                        }
                    }
                }
                (0..fields.len())
                    .filter(|&k| strings[k] && Some(k) != title && Some(k) != id)
                    .max_by_key(|&k| totals[k])
                    .ok_or_else(|| {
                        format!("no string column; columns are {}", col_names.join(", "))
                    })?
            }
        };
        Ok(Self {
            projection,
            text,
            title,
            id,
        })
    }

    /// The text, title, id and metadata of `row`.
    fn split(&self, row: &Row) -> RowParts {
        let mut text = String::new();
        let (mut title, mut id) = (None, None);
        let mut meta = Vec::new();
        for (k, (name, f)) in row.get_column_iter().enumerate() {
            let Some(v) = as_string(f) else {
                continue;
            };
            if k == self.text {
                text = v;
            } else if Some(k) == self.title {
                title = Some(v);
            } else if Some(k) == self.id {
                id = Some(v.trim().to_owned()).filter(|s| !s.is_empty());
            } else {
                meta.push((name.clone(), v));
            }
        }
        (text, title, id, meta)
    }
}

/// The rows of a Parquet file as documents, handed to `each` as they are
/// read.
pub(super) fn scan<R: ChunkReader + 'static>(
    data: R,
    stem: &str,
    source: &Source,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
    local: Option<&LocalConfig>,
) {
    let place = source.shown_path();
    let skipped = |message: String| Warning {
        place: place.clone(),
        message: format!("skipped: {message}"),
    };
    let reader = match SerializedFileReader::new(data) {
        Ok(r) => r,
        Err(e) => {
            warnings.push(skipped(format!("not a Parquet file I can read ({e})")));
            return;
        }
    };
    let cols = match Columns::of(&reader, local.map(|l| &l.fields)) {
        Ok(c) => c,
        Err(e) => {
            warnings.push(skipped(e));
            return;
        }
    };
    let rows = match reader.get_row_iter(Some(cols.projection.clone())) {
        Ok(r) => r,
        Err(e) => {
            warnings.push(skipped(e.to_string()));
            return;
        }
    };
    for (n, row) in rows.enumerate() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                warnings.push(Warning {
                    place: format!("{place}: row {}", n + 1),
                    message: format!("the rest of the file skipped: {e}"),
                });
                return;
            }
        };
        let (text, title, id, meta) = cols.split(&row);
        each(Scanned::new(
            id.unwrap_or_else(|| format!("{stem}:{}", n + 1)),
            title.as_deref(),
            DocText::new(text, OffsetMap::identity()),
            Locator {
                source: source.clone(),
                encoding: encoding_rs::UTF_8,
                record: Some(Record { line: n + 1, at: n }),
            },
            false,
            Meta::from_fields(meta, local),
        ));
    }
}

/// Reads row `r.at` of the Parquet file at `path` again: its text and
/// title (offsets into the values, as when it was scanned).
///
/// # Errors
/// The file cannot be read, or has no such row any more.
pub(super) fn read_row(path: &Path, r: Record) -> Result<(DocText, Option<DocText>), Error> {
    let gone = || Error::Gone(format!("{}: row {}", path.display(), r.line));
    let local = crate::corpus::local_config::settings_for(path).0;
    let found = match super::archive::stored_member(path) {
        Some(bytes) => row_of(bytes::Bytes::from(bytes?), r, local.as_deref()),
        None => {
            let file = std::fs::File::open(path).map_err(|e| crate::corpus::io_err(path, e))?;
            row_of(file, r, local.as_deref())
        }
    }
    .ok_or_else(gone)?;
    Ok((
        DocText::new(found.0, OffsetMap::identity()),
        found.1.map(|t| DocText::new(t, OffsetMap::identity())),
    ))
}

/// Row `r.at` of the Parquet file `data` reads: its text and title.
fn row_of<R: ChunkReader + 'static>(
    data: R,
    r: Record,
    local: Option<&LocalConfig>,
) -> Option<(String, Option<String>)> {
    crate::guard::catching(|| -> Option<(String, Option<String>)> {
        let reader = SerializedFileReader::new(data).ok()?;
        let cols = Columns::of(&reader, local.map(|l| &l.fields)).ok()?;
        // The row group holding the row, then the row within it.
        let mut first = 0usize;
        for g in 0..reader.num_row_groups() {
            let rows = usize::try_from(reader.metadata().row_group(g).num_rows()).ok()?;
            if r.at < first + rows {
                let group = reader.get_row_group(g).ok()?;
                let row = group
                    .get_row_iter(Some(cols.projection.clone()))
                    .ok()?
                    .nth(r.at - first)?
                    .ok()?;
                let (text, title, _, _) = cols.split(&row);
                return Some((text, title));
            }
            first += rows;
        }
        None
    })
    .ok()
    .flatten()
}
