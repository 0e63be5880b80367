//! The index's schema: its fields, the tokenizers registered under the
//! names the schema uses, and the building of one tantivy document from a
//! document's text, title, key and locator (the text analysed by the
//! fields' tokenizers in tantivy's indexing threads; the title
//! pre-tokenized in the document's language).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer};
use tantivy::{Index, TantivyDocument};

use super::tokenizer::{self, QariTokenizer};
use crate::arabic::lang;
use crate::corpus::meta::Meta;
use crate::corpus::{DocKey, Locator, Source, ids};

/// Bumped when the schema or the analysis changes: older indexes are
/// rebuilt. (3: the manifest is the commit's payload, the tie-break field;
/// 4: and each document's language; 5: the payload names a binary
/// catalog of files and documents; 6: date, source and metadata
/// fields; 7: archive members.)
pub const FORMAT: u32 = 7;

/// The name of the tie-break field.
pub const TIEBREAK: &str = "tiebreak";

/// The fields.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The file, as stored (canonical path, or the sample's `seeds/…`):
    /// what a file's documents are deleted by.
    pub path: Field,
    /// The document's [`DocKey`], written with the stored path: one
    /// document.
    pub key: Field,
    /// The raw id (before ids are made unique).
    pub id: Field,
    /// The raw id's family ([`ids::family`]): the documents its unique id
    /// depends on.
    pub family: Field,
    /// 1-based line for JSON Lines, 0 otherwise.
    pub line: Field,
    /// Byte offset of the JSON Lines record in the file as stored, plus
    /// one (0: none).
    pub at: Field,
    /// 1 for a compressed file (the codec is told by its name; the field keeps
    /// its first name, `gzip`).
    pub compressed: Field,
    /// The sample's file number plus one (0: a file on disk).
    pub embedded: Field,
    /// The encoding the file was decoded with.
    pub encoding: Field,
    /// The title, indexed (the raw id when there is none).
    pub title: Field,
    /// The title, stored (empty when there is none: the id stands in).
    pub title_text: Field,
    /// The text, indexed (primary analysis, N1–N13).
    pub body: Field,
    /// The text's clitic-stripped forms, indexed (lower weight).
    pub bare: Field,
    /// The text, stored for snippets.
    pub text: Field,
    /// A hash of the document's place in the corpus (a fast field): what
    /// orders hits of equal score, the same in every build of the index.
    pub tiebreak: Field,
    /// The text's language (`ar`, `fa`, `ur`, `he`, or empty), told from
    /// its letters (docs/search.md §2a) and used by its analysis.
    pub lang: Field,
    /// The date as a day (days since 1970-01-01; an i64 fast field,
    /// indexed for ranges): absent when the record gives no date qari
    /// can read.
    pub day: Field,
    /// The date as written, stored.
    pub date: Field,
    /// The source as written, stored.
    pub source: Field,
    /// The source as filters and facets compare it
    /// ([`crate::corpus::meta::source_key`]): a string fast field.
    pub source_key: Field,
    /// The other metadata (URL, author, declared language, other fields),
    /// stored as JSON.
    pub meta: Field,
    /// For a document of an archive's member, the member's name (its path
    /// is `path` and this, joined); absent otherwise.
    pub member: Field,
}

/// The name of the day field (a fast field).
pub const DAY: &str = "day";
/// The name of the source key field (a fast field).
pub const SOURCE_KEY: &str = "source_key";

/// The schema and its fields.
#[must_use]
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tok: &str, opt: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(opt),
        )
    };
    let f = Fields {
        path: b.add_text_field("path", STRING | STORED),
        key: b.add_text_field("key", STRING),
        id: b.add_text_field("id", STORED),
        family: b.add_text_field("family", STRING),
        line: b.add_u64_field("line", STORED),
        at: b.add_u64_field("at", STORED),
        compressed: b.add_u64_field("gzip", STORED),
        embedded: b.add_u64_field("embedded", STORED),
        encoding: b.add_text_field("encoding", STORED),
        title: b.add_text_field(
            "title",
            indexed("qari", IndexRecordOption::WithFreqsAndPositions),
        ),
        title_text: b.add_text_field("title_text", STORED),
        body: b.add_text_field(
            "body",
            indexed("qari", IndexRecordOption::WithFreqsAndPositions),
        ),
        bare: b.add_text_field("bare", indexed("qari_bare", IndexRecordOption::WithFreqs)),
        text: b.add_text_field("text", STORED),
        tiebreak: b.add_u64_field(TIEBREAK, FAST),
        lang: b.add_text_field("lang", STRING | STORED),
        day: b.add_i64_field(DAY, FAST | INDEXED | STORED),
        date: b.add_text_field("date", STORED),
        source: b.add_text_field("source", STORED),
        source_key: b.add_text_field(SOURCE_KEY, STRING | FAST),
        meta: b.add_text_field("meta", STORED),
        member: b.add_text_field("member", STORED),
    };
    (b.build(), f)
}

/// Registers the tokenizers the schema names (`qari`, `qari_bare`).
pub(crate) fn register(index: &Index) {
    index.tokenizers().register(
        "qari",
        TextAnalyzer::builder(QariTokenizer { bare: false }).build(),
    );
    index.tokenizers().register(
        "qari_bare",
        TextAnalyzer::builder(QariTokenizer { bare: true }).build(),
    );
}

/// One document to index.
pub(crate) struct NewDoc<'a> {
    /// The file as stored.
    pub path: &'a str,
    /// The id before ids are made unique.
    pub raw_id: &'a str,
    /// The title, if there is one.
    pub title: Option<&'a str>,
    /// The text.
    pub text: &'a str,
    /// Its language, when known (told from its letters otherwise).
    pub lang: Option<lang::Lang>,
    /// How to read the document again (the file by its stored path).
    pub locator: &'a Locator,
    /// Where the file is within the corpus (its root's position and its
    /// path under it): what equal scores are ordered by, the same wherever
    /// the corpus is.
    pub place: &'a str,
    /// Date, source and other metadata.
    pub meta: &'a Meta,
}

/// FNV-1a: a hash that is the same on every platform and in every build.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The tantivy document of `d`.
pub(crate) fn make_doc(f: &Fields, d: &NewDoc<'_>) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    let line = d.locator.line();
    doc.add_text(f.path, d.path);
    // A member of an archive is keyed by its own path under the archive's.
    let member = match &d.locator.source {
        Source::File { path, .. } => path
            .strip_prefix(d.path)
            .ok()
            .map(|m| m.to_string_lossy().into_owned())
            .filter(|m| !m.is_empty()),
        _ => None,
    };
    let doc_path = match &member {
        Some(m) => format!("{}/{m}", d.path),
        None => d.path.to_owned(),
    };
    if let Some(m) = &member {
        doc.add_text(f.member, m);
    }
    let key = DocKey {
        path: doc_path,
        line,
    };
    let place = match &member {
        Some(m) => format!("{}/{m}#{}", d.place, line.unwrap_or(0)),
        None => format!("{}#{}", d.place, line.unwrap_or(0)),
    };
    doc.add_u64(f.tiebreak, fnv1a(place.as_bytes()));
    doc.add_text(f.key, key.to_string());
    doc.add_text(f.id, d.raw_id);
    doc.add_text(f.family, ids::family(d.raw_id));
    doc.add_u64(f.line, line.unwrap_or(0) as u64);
    doc.add_u64(f.at, d.locator.record.map_or(0, |r| r.at as u64 + 1));
    let (compressed, embedded) = match d.locator.source {
        Source::File { compressed, .. } => (compressed, 0),
        Source::Embedded(i) => (false, i as u64 + 1),
        Source::Stdin => (false, 0),
    };
    doc.add_u64(f.compressed, u64::from(compressed));
    doc.add_u64(f.embedded, embedded);
    doc.add_text(f.encoding, d.locator.encoding.name());
    let lang = d.lang.unwrap_or_else(|| lang::detect(d.text));
    doc.add_text(f.lang, lang.code());
    let (title, _) = tokenizer::tantivy_tokens(d.title.unwrap_or(d.raw_id), lang);
    doc.add_pre_tokenized_text(
        f.title,
        PreTokenizedString {
            text: String::new(),
            tokens: title,
        },
    );
    doc.add_text(f.title_text, d.title.unwrap_or_default());
    // The text is analysed by the tokenizers the fields name, in tantivy's
    // indexing threads (one per core), not here: pre-tokenized text is
    // carried to them as JSON, which cost a third of the build's CPU.
    doc.add_text(f.body, d.text);
    doc.add_text(f.bare, d.text);
    doc.add_text(f.text, d.text);
    let m = d.meta;
    if let Some(day) = m.day {
        doc.add_i64(f.day, day);
    }
    if let Some(date) = &m.date {
        doc.add_text(f.date, date);
    }
    if let Some(source) = &m.source {
        doc.add_text(f.source, source);
    }
    if let Some(key) = m.source_key() {
        doc.add_text(f.source_key, key);
    }
    let rest = Meta {
        date: None,
        day: None,
        source: None,
        ..m.clone()
    };
    if !rest.is_empty()
        && let Ok(json) = serde_json::to_string(&rest)
    {
        doc.add_text(f.meta, json);
    }
    doc
}
