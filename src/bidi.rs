//! The layout engine: logical paragraph text in, terminal rows in visual order out.
//!
//! The pipeline, per hard-newline paragraph (see `ARCHITECTURE.md`):
//!
//! 1. `prepare`: control characters become visible placeholders, orphan
//!    combining marks get a dotted circle, optional Arabic shaping turns letters
//!    into presentation forms (logical order, whole paragraph). Every display
//!    character remembers the source bytes it stands for.
//! 2. Base direction from the first strong character (rules P2/P3), falling
//!    back to the document's direction, unless the caller forces one.
//! 3. Bidi levels for the whole paragraph (rules X–I): none needed when it
//!    is all one direction, the own resolver of [`resolve`] when it has no
//!    explicit formatting, unicode-bidi otherwise.
//! 4. `wrap`: greedy wrapping in logical order at UAX #14 opportunities,
//!    measured per display unit with unicode-width.
//! 5. [`reorder`]: per line, rules L1 (whitespace reset), L3 (marks stay on
//!    their base; ZWJ/ZWNJ are units of their own), L2 (reversal) and L4
//!    (mirroring); bidi format characters are dropped from the output.
//! 6. Row assembly: tabs expanded from the start edge, RTL rows right-aligned,
//!    marks attached to cells by source range.
//!
//! Nothing here panics on any input: levels are handled as plain integers
//! (unicode-bidi 0.3.18 panics at level 126 in its own reordering), and
//! [`layout_paragraph`] falls back to a logical-order layout should anything
//! inside unwind.

mod classes;
mod prepare;
pub mod reorder;
mod resolve;
mod shape;
mod shape_table;
mod wire;
mod wrap;

use std::ops::Range;

use unicode_bidi::Direction;

use reorder::{Finish, LineLevels, LineOrder};

pub use crate::marks::{MarkSpan, Marks};
pub use wire::Wire;

pub use classes::class as bidi_class;
pub use prepare::{Prepared, is_forbidden_control, is_reveal_marker, placeholder, reveal_marker};

/// A paragraph's base direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Dir {
    /// `true` for [`Dir::Rtl`].
    #[must_use]
    pub fn is_rtl(self) -> bool {
        self == Self::Rtl
    }
}

/// How a lam followed by an alef is drawn when shaping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LamAlef {
    /// One cell holding the ligature (U+FEF5–U+FEFC). The default: a broken
    /// lam-alef is never acceptable in Arabic.
    #[default]
    Ligature,
    /// Two cells: lam in its initial or medial form, alef in its final form.
    TwoCell,
}

/// The order in which cells are emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Order {
    /// Visual order: qari does the bidi (the terminal must be in explicit mode).
    #[default]
    Visual,
    /// Logical order, for a terminal that applies bidi itself. Rows are still
    /// wrapped and aligned by qari.
    Logical,
}

/// Options for [`layout_paragraph`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Row width in cells (at least 2 is used).
    pub width: usize,
    /// Direction of a paragraph without any strong character (the document's).
    pub fallback: Dir,
    /// Forced base direction for every paragraph (rule HL1), if any.
    pub force: Option<Dir>,
    /// Turn Arabic letters into presentation forms (for terminals that do not join).
    pub shape: bool,
    /// Lam-alef rendering when shaping.
    pub lam_alef: LamAlef,
    /// Visual or logical output order.
    pub order: Order,
    /// Distance between tab stops, measured from the paragraph's start edge.
    pub tab_width: usize,
    /// Show invisible characters (bidi controls, ZWJ/ZWNJ, no-break spaces,
    /// tatweel, soft hyphens) as visible markers.
    pub reveal: bool,
    /// How visual rows are sent to the terminal (only with
    /// [`Order::Visual`]).
    pub wire: Wire,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            width: 80,
            fallback: Dir::Rtl,
            force: None,
            shape: false,
            lam_alef: LamAlef::Ligature,
            order: Order::Visual,
            tab_width: 8,
            reveal: false,
            wire: Wire::Visual,
        }
    }
}

/// One terminal cell (or, with `width == 0`, a zero-width character that the
/// writer appends to the cell on its left, such as ZWJ or ZWNJ).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Byte range of the cell's symbol inside [`Row::text`].
    pub sym: Range<u32>,
    /// Columns the symbol occupies: 0, 1 or 2.
    pub width: u8,
    /// The logical byte range this cell shows (a tab's spaces all map to the tab).
    pub src: Range<usize>,
    /// The union of the marks whose spans overlap `src`.
    pub marks: Marks,
}

/// One row of a laid-out paragraph, cells in the order they are drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The cells' symbols, concatenated in drawing order.
    pub text: String,
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// `true` when the paragraph is right to left.
    pub rtl: bool,
    /// Blank columns before the first cell (right alignment of RTL rows).
    pub indent: usize,
    /// Sum of the cells' widths.
    pub width: usize,
    /// The logical byte range of the line this row shows, including
    /// whitespace that hangs past the row's end and is not drawn.
    pub src: Range<usize>,
}

impl Row {
    /// The symbol of a cell of this row.
    #[must_use]
    pub fn symbol(&self, cell: &Cell) -> &str {
        self.text
            .get(cell.sym.start as usize..cell.sym.end as usize)
            .unwrap_or("")
    }

    /// The cells with the column each starts at (indent included).
    pub fn positioned(&self) -> impl Iterator<Item = (usize, &Cell)> {
        let mut x = self.indent;
        self.cells.iter().map(move |c| {
            let at = x;
            x += usize::from(c.width);
            (at, c)
        })
    }
}

/// Base direction of `text` by rules P2/P3 (isolates skipped), or `None` when
/// it has no strong character.
#[must_use]
pub fn first_strong_dir(text: &str) -> Option<Dir> {
    match unicode_bidi::get_base_direction_full_with_data_source(&classes::Cached, text) {
        Direction::Ltr => Some(Dir::Ltr),
        Direction::Rtl => Some(Dir::Rtl),
        Direction::Mixed => None,
    }
}

/// The base direction the engine uses for a paragraph under `opts`.
#[must_use]
pub fn paragraph_dir(text: &str, opts: &LayoutOptions) -> Dir {
    opts.force
        .or_else(|| first_strong_dir(text))
        .unwrap_or(opts.fallback)
}

/// Lays out one paragraph (no paragraph separator inside) into rows.
///
/// `base` is the offset of `text` in the caller's coordinates: every
/// [`Cell::src`] and [`Row::src`] is `base + offset in text`, and `spans` use
/// the same coordinates. An empty paragraph gives one empty row.
#[must_use]
pub fn layout_paragraph(
    text: &str,
    base: usize,
    spans: &[MarkSpan],
    opts: &LayoutOptions,
) -> Vec<Row> {
    guarded(text, base, spans, opts, Finish::Draw)
}

/// [`layout_paragraph`]'s rows without their cells: the same `text`,
/// `width`, `indent`, `rtl` and `src`, for printing plain lines (`qari
/// show`), where building a cell per character would be wasted work.
#[must_use]
pub fn layout_paragraph_text(text: &str, base: usize, opts: &LayoutOptions) -> Vec<Row> {
    guarded(text, base, &[], opts, Finish::Text)
}

/// The visual string of each row before tab expansion and before format
/// characters are dropped: the form the reference strings of docs/layout.md §13 use.
#[must_use]
pub fn raw_visual_rows(text: &str, opts: &LayoutOptions) -> Vec<String> {
    guarded(text, 0, &[], opts, Finish::Raw)
        .into_iter()
        .map(|r| r.text)
        .collect()
}

fn guarded(
    text: &str,
    base: usize,
    spans: &[MarkSpan],
    opts: &LayoutOptions,
    finish: Finish,
) -> Vec<Row> {
    match crate::guard::catching(|| layout_inner(text, base, spans, opts, finish)) {
        Ok(rows) => rows,
        Err(_) => {
            // Defence in depth: never take the reader down. Lay the paragraph
            // out in logical order, which needs no bidi analysis.
            let fallback = LayoutOptions {
                order: Order::Logical,
                shape: false,
                ..opts.clone()
            };
            crate::guard::catching(|| layout_inner(text, base, spans, &fallback, finish))
                .unwrap_or_default()
        }
    }
}

fn layout_inner(
    text: &str,
    base: usize,
    spans: &[MarkSpan],
    opts: &LayoutOptions,
    finish: Finish,
) -> Vec<Row> {
    let width = opts.width.max(2);
    let dir = paragraph_dir(text, opts);
    let prepared = Prepared::new(text, opts);
    let disp = prepared.text();
    let (units, seen) = (prepared.units(), prepared.seen());
    // Source ranges per unit, for the cells (text-only rows need them only
    // for a line that builds cells anyway, see below).
    let srcs = (finish != Finish::Text).then(|| prepared.unit_sources(0..units.len()));
    let lines = wrap::wrap(disp, units, width, opts.tab_width);

    // Bidi levels for the whole paragraph, once; lines only re-wrap.
    let para_level = dir_level(dir);
    let analysis = if opts.order == Order::Logical {
        Levels::Logical
    } else if let Some(level) = seen.uniform_level(dir.is_rtl()) {
        Levels::Uniform(level)
    } else {
        Levels::Analysed(resolve::paragraph_levels(disp, para_level))
    };

    let local_spans: Vec<&MarkSpan> = spans
        .iter()
        .filter(|s| s.range.start < base + text.len() && s.range.end > base && !s.range.is_empty())
        .collect();

    let mut rows = Vec::with_capacity(lines.len());
    for line in &lines {
        let line_units = &units[line.units.clone()];
        let visible = line.visible;
        let line_lv;
        let (order, levels) = match &analysis {
            Levels::Analysed(levels) => {
                line_lv = reorder::line_levels(line_units, levels, para_level);
                (
                    LineOrder::Explicit(reorder::reorder_visual(&line_lv[..visible])),
                    LineLevels::Each(&line_lv),
                )
            }
            Levels::Uniform(level) if level % 2 == 1 => {
                (LineOrder::Reverse(visible), LineLevels::Uniform(*level))
            }
            Levels::Uniform(_) | Levels::Logical => (LineOrder::Forward(visible), LineLevels::None),
        };
        // Text-only rows still go through cells where tabs are expanded or
        // the wire form moves cells around; the cells are dropped after.
        let cells_needed = finish != Finish::Text
            || line_units.iter().any(|u| u.kind == reorder::UnitKind::Tab)
            || (opts.order == Order::Visual && opts.wire != Wire::Visual);
        let line_srcs = match &srcs {
            Some(all) => std::borrow::Cow::Borrowed(&all[line.units.clone()]),
            None if cells_needed => {
                std::borrow::Cow::Owned(prepared.unit_sources(line.units.clone()))
            }
            None => std::borrow::Cow::Owned(Vec::new()),
        };
        let mut row = reorder::assemble_row(
            disp,
            line_units,
            &line_srcs,
            &order,
            levels,
            dir,
            width,
            opts.tab_width,
            if cells_needed && finish == Finish::Text {
                Finish::Draw
            } else {
                finish
            },
        );
        let line_src = prepared.line_source(line.units.clone());
        row.src = base + line_src.start..base + line_src.end;
        for cell in &mut row.cells {
            cell.src = base + cell.src.start..base + cell.src.end;
            cell.marks = local_spans
                .iter()
                .filter(|s| s.range.start < cell.src.end && s.range.end > cell.src.start)
                .fold(Marks::empty(), |acc, s| acc | s.marks);
        }
        if finish != Finish::Raw && opts.order == Order::Visual {
            wire::encode(&mut row, opts.wire);
        }
        if finish == Finish::Text {
            row.cells = Vec::new();
        }
        rows.push(row);
    }
    if rows.is_empty() {
        rows.push(Row {
            rtl: dir.is_rtl(),
            src: base..base,
            ..Row::default()
        });
    }
    rows
}

const fn dir_level(dir: Dir) -> u8 {
    match dir {
        Dir::Ltr => 0,
        Dir::Rtl => 1,
    }
}

/// A paragraph's bidi levels.
enum Levels {
    /// Logical output order: no levels needed.
    Logical,
    /// Every character at this level.
    Uniform(u8),
    /// Per-byte resolved levels ([`resolve::paragraph_levels`]).
    Analysed(Vec<u8>),
}

/// The level of every character of `text` when it needs no analysis
/// (see [`reorder::Seen::uniform_level`]).
#[cfg(test)]
fn uniform_level(text: &str, dir: Dir) -> Option<u8> {
    reorder::units(text).1.uniform_level(dir.is_rtl())
}

/// Splits text into paragraphs at LF, CRLF, CR, NEL (U+0085) and U+2029.
///
/// Yields `(offset, paragraph)` pairs; a final line break does not start an
/// extra empty paragraph, but blank lines in between are kept.
pub fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &text[pos..];
        // Byte search: LF, CR, NEL (C2 85), PS (E2 80 A9). The first LF
        // or CR bounds the search for the two multi-byte separators.
        let bytes = rest.as_bytes();
        let cr_lf = memchr::memchr2(b'\n', b'\r', bytes);
        let limit = cr_lf.unwrap_or(bytes.len());
        let mut found = cr_lf.map(|i| (i, char::from(bytes[i])));
        for i in memchr::memchr2_iter(0xC2, 0xE2, &bytes[..limit]) {
            let c = match bytes[i] {
                0xC2 if bytes.get(i + 1) == Some(&0x85) => '\u{85}',
                0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA9]) => '\u{2029}',
                _ => continue,
            };
            found = Some((i, c));
            break;
        }
        let start = pos;
        match found {
            Some((i, c)) => {
                let mut next = pos + i + c.len_utf8();
                if c == '\r' && text[next..].starts_with('\n') {
                    next += 1;
                }
                pos = next;
                if pos >= text.len() {
                    done = true;
                }
                Some((start, &text[start..start + i]))
            }
            None => {
                done = true;
                Some((start, rest))
            }
        }
    })
}

#[cfg(test)]
mod tests;
