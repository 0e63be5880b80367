//! The markup formats (XML/SGML, HTML) as documents: what [`super::xml`]
//! and [`super::html`] extract becomes [`Scanned`] documents, each text
//! with its map to the file as stored, each document found again from
//! its offset.

use std::path::Path;

use encoding_rs::Encoding;

use super::extract::{Extracted, assemble};
use super::{Scanned, html, read_window, xml};
use crate::corpus::decode::{self, Content, OffsetMap};
use crate::corpus::local_config::{self, LocalConfig};
use crate::corpus::locator::{Locator, Record, Source};
use crate::corpus::meta::Meta;
use crate::corpus::{DocText, Error, Warning};

/// The window of the file read first to find a document again; doubled
/// while the document runs past it.
const WINDOW: usize = 256 << 10;

/// The text and title of `doc` (of `input`, mapped to the file by `map`).
fn texts(input: &str, map: &OffsetMap, doc: &Extracted) -> (DocText, Option<DocText>) {
    let (text, tmap) = assemble(input, map, &doc.text);
    let title = doc
        .title
        .as_ref()
        .map(|t| assemble(input, map, t))
        .filter(|(t, _)| !t.trim().is_empty())
        .map(|(t, m)| DocText::new(t, m));
    (DocText::new(text, tmap), title)
}

/// The documents of an XML or SGML file, handed to `each` in order.
pub(super) fn scan_xml(
    stem: &str,
    source: &Source,
    content: Content,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
    local: Option<&LocalConfig>,
) {
    let place = source.shown_path();
    let det = content.detected();
    let d = content.decode();
    let input = d.text.as_str();
    let element = local.and_then(|l| l.xml.document.as_deref());
    let mut lines = super::Lines::new(input);
    let mut line_of = |to: usize| lines.at(to);
    let mut problems = Vec::new();
    let file_warnings = xml::extract(input, element, &mut |found| match found {
        Ok(doc) => {
            let number = line_of(doc.span.start);
            let mut doc = doc;
            ldc_id_meta(&mut doc);
            let (text, title) = texts(input, &d.map, &doc);
            let raw_id = doc
                .id
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("{stem}:{number}"));
            let mut s = Scanned::new(
                raw_id,
                None,
                text,
                Locator {
                    source: source.clone(),
                    encoding: det.encoding,
                    record: Some(Record {
                        line: number,
                        at: d.map.to_source(input, doc.span.start),
                    }),
                },
                d.replaced > 0,
                Meta::from_fields(doc.meta, local),
            );
            if let Some(t) = title {
                s.title =
                    Some(crate::corpus::title::clean_title(&t.text)).filter(|t| !t.is_empty());
            }
            each(s);
        }
        Err((at, message)) => problems.push((line_of(at), message)),
    });
    for (number, message) in problems {
        warnings.push(Warning {
            place: format!("{place}:{number}"),
            message: format!("skipped: {message}"),
        });
    }
    for message in file_warnings {
        warnings.push(Warning {
            place: place.clone(),
            message,
        });
    }
}

/// LDC newswire ids carry the date and the source (`AFP_ARB_20010101.0001`
/// in Gigaword, `AFA20000101.0001` in the TREC collections): when the
/// document gives no date (or source), they are taken from the id.
fn ldc_id_meta(doc: &mut Extracted) {
    let Some(id) = doc.id.as_deref() else {
        return;
    };
    let Some((stem, serial)) = id.trim().split_once('.') else {
        return;
    };
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) || stem.len() < 11 {
        return;
    }
    // The last 8 bytes must be ASCII digits (so the cut is on a character
    // boundary).
    let cut = stem.len() - 8;
    if !stem.as_bytes()[cut..].iter().all(u8::is_ascii_digit) || !stem.is_char_boundary(cut) {
        return;
    }
    let (prefix, digits) = stem.split_at(cut);
    let source = prefix.trim_end_matches('_');
    let upper = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    if !upper(source) {
        return;
    }
    let has = |meta: &[(String, String)], k: &str| meta.iter().any(|(key, _)| key == k);
    if !has(&doc.meta, "date") {
        let date = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
        doc.meta.push(("date".to_owned(), date));
    }
    if !has(&doc.meta, "source") {
        doc.meta.push(("source".to_owned(), source.to_owned()));
    }
}

/// The article of an HTML page (`input`, mapped to the file by `map`):
/// its text and title.
pub(super) fn html_texts(input: &str, map: &OffsetMap) -> (DocText, Option<DocText>) {
    let (doc, _) = html::extract(input);
    texts(input, map, &doc)
}

/// The article of an HTML page as one document: the file's stem is its
/// id, the page's title its title, its metadata (`og:`, `<time>`, JSON-LD)
/// the document's.
pub(super) fn scan_html(
    stem: String,
    source: Source,
    content: Content,
    each: &mut dyn FnMut(Scanned),
    warnings: &mut Vec<Warning>,
    local: Option<&LocalConfig>,
) {
    let place = source.shown_path();
    let det = content.detected();
    let d = content.decode();
    let (doc, problems) = html::extract(&d.text);
    for message in problems {
        warnings.push(Warning {
            place: place.clone(),
            message,
        });
    }
    let (text, title) = texts(&d.text, &d.map, &doc);
    let mut s = Scanned::new(
        stem,
        None,
        text,
        Locator {
            source,
            encoding: det.encoding,
            record: None,
        },
        d.replaced > 0,
        Meta::from_fields(doc.meta, local),
    );
    if let Some(t) = title {
        s.title = Some(crate::corpus::title::clean_title(&t.text)).filter(|t| !t.is_empty());
    }
    each(s);
}

/// Reads the document of an XML or SGML file that starts at byte `r.at`
/// again: a window of the file from there, grown until the document ends
/// in it.
///
/// # Errors
/// The file cannot be read, or no document starts there any more.
pub(super) fn read_xml(
    path: &Path,
    compressed: bool,
    encoding: &'static Encoding,
    r: Record,
) -> Result<(DocText, Option<DocText>), Error> {
    let gone = || Error::Gone(format!("{}:{}", path.display(), r.line));
    let local = local_config::settings_for(path).0;
    let element = local.as_deref().and_then(|l| l.xml.document.as_deref());
    let mut len = WINDOW;
    loop {
        let (raw, ends) = read_window(path, compressed, r.at, len)?;
        let (text, map) = decode::decode_part(&raw, encoding, r.at);
        if let Some(doc) = xml::extract_at(&text, 0, element) {
            return Ok(texts(&text, &map, &doc));
        }
        if ends || len as u64 >= crate::corpus::read::MAX_FILE_BYTES {
            return Err(gone());
        }
        len = len.saturating_mul(4);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(id: &str) -> Vec<(String, String)> {
        let mut d = Extracted {
            id: Some(id.to_owned()),
            ..Extracted::default()
        };
        ldc_id_meta(&mut d);
        d.meta
    }

    #[test]
    fn ldc_ids_give_the_date_and_source() {
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            meta_of("AFP_ARB_20010101.0001"),
            vec![pair("date", "2001-01-01"), pair("source", "AFP_ARB")]
        );
        assert_eq!(
            meta_of("AFA20000101.0002"),
            vec![pair("date", "2000-01-01"), pair("source", "AFA")]
        );
        for other in [
            "aljazeera-1",
            "x.1",
            "afp_arb_20010101.0001",
            "AFP_ARB_2001010.0001",
            "",
        ] {
            assert!(meta_of(other).is_empty(), "{other}");
        }
    }
}
