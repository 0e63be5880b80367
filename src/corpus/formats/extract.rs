//! What the markup formats (HTML, XML/SGML) hand back: a document's text
//! as [`Piece`]s of its input, so that every character of the text keeps
//! its place in the file, and [`assemble`] to turn pieces into a text and
//! its map to the file as stored.

use std::ops::Range;

use crate::corpus::decode::OffsetMap;
use crate::corpus::offsets::MapBuilder;

/// One piece of an extracted text: where its characters come from in the
/// input (byte offsets into the `&str` given to the extractor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// `input[range]`, verbatim.
    Copy(Range<usize>),
    /// One character standing for `input[range]` (a character reference
    /// such as `&amp;`, `&#1604;`, a doubled quote in CSV).
    Char(char, Range<usize>),
    /// Text that is not in the input (a paragraph break, one space for a
    /// run of whitespace), placed at input offset `at`.
    Gap(&'static str, usize),
}

/// One document found in a markup file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Extracted {
    /// The text, as a reader shows it: paragraphs separated by a blank
    /// line (`Gap("\n\n", _)`), whitespace runs inside a paragraph one
    /// space, no leading or trailing whitespace.
    pub text: Vec<Piece>,
    /// The title, likewise (one line), when the document has one.
    pub title: Option<Vec<Piece>>,
    /// The document's own id, when it has one.
    pub id: Option<String>,
    /// Metadata, field name (lowercase: `date`, `source`, `url`,
    /// `author`, `lang`, or any other) to its value as written (entities
    /// decoded, whitespace trimmed).
    pub meta: Vec<(String, String)>,
    /// The document's bytes in the input (for XML the document element,
    /// start tag to end tag; for HTML the whole input).
    pub span: Range<usize>,
}

/// The text of `pieces` of `input` (whose map to the file is `map`), with
/// its map to the file.
pub(crate) fn assemble(input: &str, map: &OffsetMap, pieces: &[Piece]) -> (String, OffsetMap) {
    let mut out = String::new();
    let mut builder = MapBuilder::default();
    let mut cur = map.cursor(input);
    let mut last = 0;
    for p in pieces {
        match p {
            Piece::Copy(r) => {
                if r.start < last || r.end > input.len() || r.start > r.end {
                    continue;
                }
                if !input.is_char_boundary(r.start) || !input.is_char_boundary(r.end) {
                    continue;
                }
                cur.copy(r.start, r.end, &mut out, &mut builder);
                last = r.end;
            }
            Piece::Char(c, r) => {
                if r.start < last || r.end > input.len() || r.start > r.end {
                    continue;
                }
                let src = cur.src_at(r.start);
                let src_end = cur.src_at(r.end);
                builder.push_char(*c, src, src_end - src);
                out.push(*c);
                last = r.end;
            }
            Piece::Gap(s, at) => {
                let at = (*at).clamp(last, input.len());
                let src = cur.src_at(at);
                for c in s.chars() {
                    builder.push_char(c, src, 0);
                    out.push(c);
                }
                last = at;
            }
        }
    }
    if out.is_empty() {
        return (out, OffsetMap::identity());
    }
    (out, builder.finish())
}
