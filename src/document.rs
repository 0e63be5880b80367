//! A whole document laid out: paragraph by paragraph through the engine.
//!
//! Paragraphs are split at hard line breaks ([`bidi::paragraphs`]); blank
//! lines are kept as empty rows. Each paragraph takes its own base direction
//! (first strong character), falling back to the document's.

use crate::bidi::{self, LayoutOptions, Row, StyleSpan};

/// Calls `f` with every row of `text`, in order, without keeping them.
pub fn for_each_row(text: &str, opts: &LayoutOptions, spans: &[StyleSpan], mut f: impl FnMut(Row)) {
    for (offset, para) in bidi::paragraphs(text) {
        for row in bidi::layout_paragraph(para, offset, spans, opts) {
            f(row);
        }
    }
}

/// Every row of `text`.
#[must_use]
pub fn layout(text: &str, opts: &LayoutOptions, spans: &[StyleSpan]) -> Vec<Row> {
    let mut rows = Vec::new();
    for_each_row(text, opts, spans, |r| rows.push(r));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_kept_and_offsets_are_absolute() {
        let text = "سطر أول\n\nsecond line\n";
        let rows = layout(text, &LayoutOptions::default(), &[]);
        assert_eq!(rows.len(), 3);
        assert!(rows[1].cells.is_empty());
        assert!(rows[0].rtl && !rows[2].rtl);
        let s = rows[2].cells[0].src.clone();
        assert_eq!(&text[s], "s");
    }
}
