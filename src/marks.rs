//! Marks: what a byte range of logical text is, for drawing — a search hit,
//! the current hit, a word that differs from the other side of a
//! comparison, a sentence with no partner, a moved sentence, a selection. The layout
//! engine carries them from source ranges to cells without interpreting
//! them; the reader's theme and the command line's ANSI styles turn them
//! into colours.

use std::ops::Range;

bitflags::bitflags! {
    /// A set of marks.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct Marks: u8 {
        /// A match of the search or find query.
        const HIT = 1;
        /// The current match (the one `n`/`N` moved to).
        const CURRENT = 1 << 1;
        /// A word that differs from the other side of a comparison.
        const DIFFER = 1 << 2;
        /// A sentence linked to nothing on the other side.
        const ONLY = 1 << 3;
        /// A sentence of a moved group (shown apart from its partner).
        const MOVED = 1 << 4;
        /// Text selected with the mouse.
        const SELECTED = 1 << 5;
        /// A passage found in another document of the corpus.
        const REUSED = 1 << 6;
    }
}

/// Marks applied to a byte range of the logical text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkSpan {
    /// Byte range in the coordinates of the text given to the layout.
    pub range: Range<usize>,
    /// The marks.
    pub marks: Marks,
}

/// Spans marking `hits` as [`Marks::HIT`], hit `current` also as
/// [`Marks::CURRENT`].
#[must_use]
pub fn hit_spans(hits: &[Range<usize>], current: Option<usize>) -> Vec<MarkSpan> {
    hits.iter()
        .enumerate()
        .map(|(k, h)| MarkSpan {
            range: h.clone(),
            marks: if current == Some(k) {
                Marks::HIT | Marks::CURRENT
            } else {
                Marks::HIT
            },
        })
        .collect()
}
