//! The aligned panes of a comparison, as terminal rows: each sentence laid
//! out by the bidi engine at its pane's width (with its paragraph's
//! direction), blocks drawn from the same row, the shorter side padded
//! with filler rows. Shared by `qari compare` and the reader's compare
//! view; drawing them is the caller's business.

use std::ops::Range;

use crate::bidi::{self, LayoutOptions, Row};
use crate::compare::{Comparison, SentenceMark};
use crate::marks::{MarkSpan, Marks};

/// One side of a display line.
#[derive(Clone, Debug, Default)]
pub struct Half {
    /// The row, or `None` for a filler row.
    pub row: Option<Row>,
    /// The sentence the row belongs to.
    pub sentence: Option<usize>,
    /// The row is its sentence's first.
    pub first: bool,
}

/// One display line: the two halves, and the block it belongs to.
#[derive(Clone, Debug, Default)]
pub struct Line {
    /// `[left, right]` in the comparison's order (A, B).
    pub halves: [Half; 2],
    /// Index into [`Comparison::blocks`].
    pub block: usize,
}

/// One pane's input: its text, the comparison side, its width and layout
/// options, and extra style spans (search hits) in text coordinates.
pub struct Pane<'a> {
    /// The document text the comparison was made on.
    pub text: &'a str,
    /// Layout options; `width` is the pane's.
    pub opts: LayoutOptions,
    /// More spans (sorted by start), e.g. find hits.
    pub spans: &'a [MarkSpan],
}

/// The base directions of a pane's paragraphs (lines, as the layout
/// engine cuts them: LF, CR, CRLF, NEL, PS), each found once: a sentence
/// looks its paragraph up instead of searching the text around it, which
/// would cost the square of a long line's length.
struct Dirs<'a> {
    text: &'a str,
    opts: &'a LayoutOptions,
    /// Paragraph ranges, in order.
    paras: Vec<Range<usize>>,
    /// Directions found so far, by paragraph.
    known: std::collections::HashMap<usize, bidi::Dir>,
}

impl<'a> Dirs<'a> {
    fn new(pane: &'a Pane<'a>) -> Self {
        Self {
            text: pane.text,
            opts: &pane.opts,
            paras: bidi::paragraphs(pane.text)
                .map(|(at, p)| at..at + p.len())
                .collect(),
            known: std::collections::HashMap::new(),
        }
    }

    /// The base direction of the paragraph holding byte `at`.
    fn at(&mut self, at: usize) -> bidi::Dir {
        let k = self.paras.partition_point(|p| p.end < at);
        let Some(p) = self.paras.get(k).cloned() else {
            return bidi::paragraph_dir("", self.opts);
        };
        let (text, opts) = (self.text, self.opts);
        *self
            .known
            .entry(k)
            .or_insert_with(|| bidi::paragraph_dir(text.get(p).unwrap_or(""), opts))
    }
}

/// Lays out sentence `s` of a side.
fn sentence_rows(
    cmp: &Comparison,
    side: usize,
    s: usize,
    pane: &Pane,
    dirs: &mut Dirs,
) -> Vec<Row> {
    let sd = if side == 0 { &cmp.left } else { &cmp.right };
    let range: Range<usize> = sd.sentences[s].range.clone();
    let whole = match cmp.mark(side, s) {
        SentenceMark::Only => Marks::ONLY,
        SentenceMark::Moved => Marks::MOVED,
        _ => Marks::empty(),
    };
    let mut spans = Vec::new();
    if !whole.is_empty() {
        spans.push(MarkSpan {
            range: range.clone(),
            marks: whole,
        });
    }
    let first = sd.differing.partition_point(|r| r.end <= range.start);
    spans.extend(
        sd.differing[first..]
            .iter()
            .take_while(|r| r.start < range.end)
            .map(|r| MarkSpan {
                range: r.clone(),
                marks: Marks::DIFFER,
            }),
    );
    let first = pane.spans.partition_point(|sp| sp.range.end <= range.start);
    spans.extend(
        pane.spans[first..]
            .iter()
            .take_while(|sp| sp.range.start < range.end)
            .cloned(),
    );
    let opts = LayoutOptions {
        force: Some(dirs.at(range.start)),
        ..pane.opts.clone()
    };
    bidi::layout_paragraph(&pane.text[range.clone()], range.start, &spans, &opts)
}

/// All display lines, top to bottom.
#[must_use]
pub fn lines(cmp: &Comparison, panes: [&Pane; 2]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut dirs = panes.map(Dirs::new);
    for (b, block) in cmp.blocks.iter().enumerate() {
        let mut sides: [Vec<Half>; 2] = [Vec::new(), Vec::new()];
        for (side, ids) in [block.left.clone(), block.right.clone()]
            .into_iter()
            .enumerate()
        {
            for s in ids {
                for (k, row) in sentence_rows(cmp, side, s, panes[side], &mut dirs[side])
                    .into_iter()
                    .enumerate()
                {
                    sides[side].push(Half {
                        row: Some(row),
                        sentence: Some(s),
                        first: k == 0,
                    });
                }
            }
        }
        let height = sides[0].len().max(sides[1].len());
        let [mut l, mut r] = sides;
        l.resize_with(height, Half::default);
        r.resize_with(height, Half::default);
        for (left, right) in l.into_iter().zip(r) {
            out.push(Line {
                halves: [left, right],
                block: b,
            });
        }
    }
    out
}

/// The gutter symbol of a line: the mark of the sentence starting on it
/// (left first), or a space.
#[must_use]
pub fn gutter(cmp: &Comparison, line: &Line) -> char {
    line.halves
        .iter()
        .enumerate()
        .find_map(|(side, h)| {
            h.first
                .then_some(h.sentence)
                .flatten()
                .map(|s| cmp.mark(side, s).symbol(side))
        })
        .unwrap_or(' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Options, compare};

    fn pane(text: &str, width: usize) -> Pane<'_> {
        Pane {
            text,
            opts: LayoutOptions {
                width,
                ..LayoutOptions::default()
            },
            spans: &[],
        }
    }

    #[test]
    fn blocks_start_on_the_same_line_and_fillers_pad_the_short_side() {
        let a = "نجا زعيم التنظيم من محاولة انقلاب نفذها مقاتلون أجانب في شرق سوريا الشهر الماضي.\nجملة أخرى لا مثيل لها هنا.";
        let b =
            "تعرض زعيم التنظيم لمحاولة انقلاب نفذها مقاتلون أجانب.\nنص مختلف تماما عن كل ما سبق.";
        let c = compare(a, b, &Options::default(), None);
        let (pa, pb) = (pane(a, 20), pane(b, 20));
        let lines = lines(&c, [&pa, &pb]);
        // Block 0: the linked pair, left taller (fillers on the right).
        let first: Vec<&Line> = lines.iter().filter(|l| l.block == 0).collect();
        assert!(first[0].halves[0].first && first[0].halves[1].first);
        assert!(first.iter().any(|l| l.halves[1].row.is_none()));
        assert!(first.iter().all(|l| l.halves[0].row.is_some()));
        assert_eq!(gutter(&c, first[0]), '~');
        // Then the unlinked sentences, each opposite filler.
        let rest: Vec<&Line> = lines.iter().filter(|l| l.block > 0).collect();
        assert!(
            rest.iter()
                .all(|l| l.halves[0].row.is_none() != l.halves[1].row.is_none())
        );
        assert_eq!(gutter(&c, rest[0]), '<');
        let last_first = rest
            .iter()
            .rev()
            .find(|l| l.halves[1].first)
            .expect("right only");
        assert_eq!(gutter(&c, last_first), '>');
        // Rows fit their pane; RTL rows are right-aligned in it.
        for l in &lines {
            for h in &l.halves {
                if let Some(r) = &h.row {
                    assert!(r.indent + r.width <= 20);
                    assert!(r.rtl);
                }
            }
        }
    }

    #[test]
    fn paragraphs_ended_by_nel_or_a_paragraph_separator_keep_their_direction() {
        // NEL and PS take two and three bytes: a paragraph after one starts
        // after all of them (it used to be cut inside the character).
        let a = "first line.\u{85}سطر ثان.\u{2029}third.\r\nرابع";
        let b = "سطر ثان.\u{2029}first line.";
        let c = compare(a, b, &Options::default(), None);
        let (pa, pb) = (pane(a, 30), pane(b, 30));
        let lines = lines(&c, [&pa, &pb]);
        let dir_of = |side: usize, s: usize| {
            lines
                .iter()
                .find(|l| l.halves[side].first && l.halves[side].sentence == Some(s))
                .and_then(|l| l.halves[side].row.as_ref())
                .map(|r| r.rtl)
        };
        assert_eq!(
            (0..4).map(|s| dir_of(0, s)).collect::<Vec<_>>(),
            [Some(false), Some(true), Some(false), Some(true)]
        );
        assert_eq!(dir_of(1, 1), Some(false));
    }

    #[test]
    fn differing_words_and_unique_sentences_carry_marks() {
        let a = "وأعلنت الحكومة خطة جديدة للمدرسة.\nسطر وحيد.";
        let b = "واعلنت الحكومه خطه قديمة للمدرسة.";
        let c = compare(a, b, &Options::default(), None);
        let (pa, pb) = (pane(a, 80), pane(b, 80));
        let lines = lines(&c, [&pa, &pb]);
        let row = lines[0].halves[0].row.as_ref().expect("row");
        let differ: String = row
            .cells
            .iter()
            .filter(|cell| cell.marks.contains(Marks::DIFFER))
            .map(|cell| &a[cell.src.clone()])
            .collect::<Vec<_>>()
            .concat();
        // Cells are in visual order: the word reads reversed.
        assert_eq!(differ.chars().rev().collect::<String>(), "جديدة");
        let only = lines[1].halves[0].row.as_ref().expect("left only row");
        assert!(
            only.cells
                .iter()
                .all(|cell| cell.marks.contains(Marks::ONLY))
        );
    }
}
