//! Display units and the per-line rules L1–L4 of the Unicode Bidirectional
//! Algorithm (UAX #9 §3.4), which unicode-bidi leaves to its callers.
//!
//! - **Units (L3).** A unit is a character that is not a non-spacing mark
//!   (bidi class NSM) plus the marks right after it, so harakat stay on their
//!   letter. Format characters (ZWJ, ZWNJ and other class-BN characters) are
//!   units of their own, as in GNU FriBidi's `REORDER_NSM`, except that
//!   marks written after a ZWJ or ZWNJ join the letter before it with the
//!   joiner (one grapheme cluster, and FriBidi's order: `اُم‌ُّ`).
//! - **L1** resets separators and trailing whitespace to the paragraph level.
//! - **L2** reverses runs from the highest level down to the lowest odd level,
//!   with levels as plain integers: no level, however deep, can panic.
//! - **L4** mirrors a unit's first character at odd levels.
//!
//! [`conformance`] runs the same stages with one unit per character, for the
//! Unicode `BidiCharacterTest.txt` conformance test.

use std::ops::Range;

use unicode_bidi::{BidiClass, ParagraphBidiInfo};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Cell, Dir, Row};

/// What a unit is, for wrapping and drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A visible character (with its marks).
    Normal,
    /// Breaking whitespace: may hang past the end of a row.
    Space,
    /// A tab, expanded to spaces in the visual row.
    Tab,
    /// A bidi format character or other invisible control: drives the
    /// ordering, never drawn.
    Strip,
    /// A zero-width character drawn with its neighbour (ZWJ, ZWNJ, jamo).
    Zero,
}

/// One display unit: a byte range of the display text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Start byte in the display text.
    pub start: u32,
    /// End byte in the display text.
    pub end: u32,
    /// Columns (tabs: 0, computed when wrapping and drawing).
    pub width: u8,
    /// Kind of unit.
    pub kind: UnitKind,
    /// Bidi class of the unit's first character (its marks are NSM): what
    /// rules L1 and L4 look at, found once while splitting.
    pub class: BidiClass,
}

impl Unit {
    /// The unit's byte range in the display text.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whitespace that may hang past a row's end.
    #[must_use]
    pub fn hangs(&self) -> bool {
        matches!(self.kind, UnitKind::Space | UnitKind::Tab)
    }
}

/// A unit's width is measured on its first this many bytes at most.
const MEASURED_BYTES: usize = 64;

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

fn is_explicit_or_isolate(class: BidiClass) -> bool {
    use BidiClass::{FSI, LRE, LRI, LRO, PDF, PDI, RLE, RLI, RLO};
    matches!(class, LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI)
}

/// Characters dropped from the output: bidi format characters, marks
/// (LRM, RLM, ALM), BN characters other than ZWJ/ZWNJ, and the line separator.
#[must_use]
pub fn is_stripped(c: char, class: BidiClass) -> bool {
    is_explicit_or_isolate(class)
        || (class == BidiClass::BN && c != ZWJ && c != ZWNJ)
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
        )
}

/// Whether a combining mark right after `c` belongs to it (L3): not after a
/// tab, a separator or anything that is not drawn. After ZWJ or ZWNJ a mark
/// still belongs to the same grapheme cluster: it joins the joiner's
/// zero-width unit and is drawn on the cell before.
#[must_use]
pub fn is_mark_base(c: char, class: BidiClass) -> bool {
    !(is_stripped(c, class) || matches!(class, BidiClass::S | BidiClass::B))
}

fn is_emoji_modifier(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_hanging_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}' | '\t')
}

/// [`is_hanging_space`] for a character of bidi class `class`: every
/// whitespace character that may hang is of class WS, B or S (checked by a
/// test), so letters skip the whitespace table.
#[inline]
fn is_hanging_space_of(c: char, class: BidiClass) -> bool {
    matches!(class, BidiClass::WS | BidiClass::B | BidiClass::S) && is_hanging_space(c)
}

/// Column width of a character that is not stripped: 1 for Hebrew and
/// Arabic letters and Arabic presentation forms (checked against
/// unicode-width by a test), else unicode-width.
#[inline(always)]
fn fast_width(c: char, _class: BidiClass) -> u8 {
    if matches!(c, '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{05D0}'..='\u{05EA}' | '\u{FE80}'..='\u{FEFC}')
    {
        1
    } else {
        u8::try_from(c.width().unwrap_or(1).min(2)).unwrap_or(1)
    }
}

/// Which kinds of characters a paragraph holds, noted while splitting it
/// into units, to tell when bidi analysis cannot change anything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// An L or EN character.
    pub l_or_en: bool,
    /// An R or AL character.
    pub r_or_al: bool,
    /// An AN character or an explicit formatting character.
    pub an_or_explicit: bool,
}

impl Seen {
    /// The level of every character when no analysis is needed: an RTL
    /// paragraph with no L, EN or AN character and no explicit formatting
    /// character resolves entirely to level 1 (every neutral and weak class
    /// sits between R, sos and eos); an LTR paragraph with no R, AL or AN
    /// character and no explicit formatting character resolves to level 0.
    #[must_use]
    pub fn uniform_level(self, rtl: bool) -> Option<u8> {
        if self.an_or_explicit || (rtl && self.l_or_en) || (!rtl && self.r_or_al) {
            None
        } else {
            Some(u8::from(rtl))
        }
    }

    fn note(&mut self, class: BidiClass) {
        use BidiClass::{AL, AN, EN, L, R};
        match class {
            L | EN => self.l_or_en = true,
            R | AL => self.r_or_al = true,
            AN => self.an_or_explicit = true,
            c if is_explicit_or_isolate(c) => self.an_or_explicit = true,
            _ => {}
        }
    }
}

/// Whether the last unit is a lone ZWJ or ZWNJ right after a letter's
/// unit: a mark that follows then belongs to that letter.
fn joins_with_base(text: &str, out: &[Unit]) -> bool {
    let [.., base, joiner] = out else {
        return false;
    };
    base.kind == UnitKind::Normal
        && base.end == joiner.start
        && matches!(&text[joiner.range()], "\u{200C}" | "\u{200D}")
}

/// Splits display text into units (rule L3), in logical order, and notes
/// which kinds of characters it holds.
#[must_use]
pub fn units(text: &str) -> (Vec<Unit>, Seen) {
    let mut split = Splitter::with_capacity(text.len() / 2 + 1);
    for (i, c) in text.char_indices() {
        split.push(text, i, c);
    }
    (split.units, split.seen)
}

/// What [`Splitter::push`] did with a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// It starts a new unit.
    New,
    /// It joins the last unit.
    Joined,
    /// It joins the unit before the last (a lone ZWJ or ZWNJ), which takes
    /// the last one in: the last unit is gone.
    Merged,
}

/// The unit splitting of [`units`], one character at a time, so that the
/// display text can be split while it is written.
#[derive(Debug, Default)]
pub(super) struct Splitter {
    pub units: Vec<Unit>,
    pub seen: Seen,
    /// Whether a mark here belongs to the last unit.
    attach: bool,
}

impl Splitter {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            units: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    /// Splits off the character `c` at byte `i` of `text`, which holds
    /// the units so far and `c`, and nothing after it need be there.
    #[inline(always)]
    pub fn push(&mut self, text: &str, i: usize, c: char) -> Step {
        let out = &mut self.units;
        let end = u32::try_from(i + c.len_utf8()).unwrap_or(u32::MAX);
        let start = u32::try_from(i).unwrap_or(u32::MAX);
        if c.is_ascii() {
            // Fast path: ASCII is never a mark; TAB is the only control left.
            let (kind, width) = match c {
                '\t' => (UnitKind::Tab, 0),
                ' ' => (UnitKind::Space, 1),
                _ => (UnitKind::Normal, 1),
            };
            self.seen.l_or_en |= c.is_ascii_alphanumeric();
            out.push(Unit {
                start,
                end,
                width,
                kind,
                class: super::classes::class(c),
            });
            self.attach = c != '\t';
            return Step::New;
        }
        let class = super::classes::class(c);
        self.seen.note(class);
        if self.attach && class == BidiClass::NSM && joins_with_base(text, out) {
            // A mark after ZWJ or ZWNJ belongs to the letter before them:
            // letter, joiner and marks are one grapheme cluster, and one
            // unit (GNU FriBidi keeps them together too).
            out.pop();
            if let Some(base) = out.last_mut() {
                base.end = end;
            }
            return Step::Merged;
        }
        if self.attach
            && (class == BidiClass::NSM || is_emoji_modifier(c))
            && let Some(last) = out.last_mut()
        {
            last.end = end;
            // The width is settled by the first characters of a unit (a
            // variation selector or an emoji modifier acts on the one
            // before it; other marks take no column): measuring the whole
            // unit again for each mark would cost the square of a run of
            // marks.
            if last.range().len() <= MEASURED_BYTES {
                let w = UnicodeWidthStr::width(&text[last.range()]);
                last.width = u8::try_from(w.min(2)).unwrap_or(2);
            }
            // A space that carries a mark is visible content, not
            // whitespace that may hang past the row's end.
            if matches!(last.kind, UnitKind::Zero | UnitKind::Space) && last.width > 0 {
                last.kind = UnitKind::Normal;
            }
            return Step::Joined;
        }
        let (kind, width) = if is_stripped(c, class) {
            (UnitKind::Strip, 0)
        } else if c == ZWJ || c == ZWNJ {
            (UnitKind::Zero, 0)
        } else {
            let w = fast_width(c, class);
            if w == 0 {
                (UnitKind::Zero, 0)
            } else if is_hanging_space_of(c, class) {
                (UnitKind::Space, w)
            } else {
                (UnitKind::Normal, w)
            }
        };
        self.attach = is_mark_base(c, class);
        out.push(Unit {
            start,
            end,
            width,
            kind,
            class,
        });
        Step::New
    }
}

/// Rule L1 over one line, items in logical order. `classes` are the original
/// bidi classes, `levels` the resolved levels, changed in place. Format
/// characters removed by X9 take the level of the item before them, as
/// unicode-bidi does.
pub fn l1(classes: &[BidiClass], levels: &mut [u8], para: u8) {
    use BidiClass::{B, BN, FSI, LRE, LRI, LRO, PDF, PDI, RLE, RLI, RLO, S, WS};
    let mut from: Option<usize> = None;
    let mut prev = para;
    for i in 0..classes.len().min(levels.len()) {
        match classes[i] {
            B | S => {
                let f = from.take().unwrap_or(i);
                levels[f..=i].fill(para);
            }
            WS | FSI | LRI | RLI | PDI => {
                from.get_or_insert(i);
            }
            RLE | LRE | RLO | LRO | PDF | BN => {
                from.get_or_insert(i);
                levels[i] = prev;
            }
            _ => from = None,
        }
        prev = levels[i];
    }
    if let Some(f) = from {
        levels[f..].fill(para);
    }
}

/// Rule L2: the visual order of items with the given levels; `result[visual]
/// = logical index`. Levels are plain integers, so no depth can panic.
#[must_use]
pub fn reorder_visual(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let (Some(&max), Some(&min)) = (levels.iter().max(), levels.iter().min()) else {
        return order;
    };
    let lowest_odd = min | 1;
    let mut level = max;
    while level >= lowest_odd {
        // Positions holding items at `level` or higher are the same positions
        // before and after reversals at higher levels.
        let mut k = 0;
        while k < levels.len() {
            if levels[k] >= level {
                let s = k;
                while k < levels.len() && levels[k] >= level {
                    k += 1;
                }
                order[s..k].reverse();
            } else {
                k += 1;
            }
        }
        level -= 1;
    }
    order
}

/// Levels of a line's units after rule L1. `levels` are the paragraph's
/// per-byte resolved levels; the original classes are the units' own.
#[must_use]
pub fn line_levels(units: &[Unit], levels: &[u8], para: u8) -> Vec<u8> {
    let cls: Vec<BidiClass> = units.iter().map(|u| u.class).collect();
    let mut lv: Vec<u8> = units
        .iter()
        .map(|u| levels.get(u.start as usize).copied().unwrap_or(para))
        .collect();
    l1(&cls, &mut lv, para);
    lv
}

/// How `assemble_row` treats tabs and stripped characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finish {
    /// Tabs expanded, format characters dropped: what is drawn.
    Draw,
    /// Tabs and format characters kept as they are (for tests against the
    /// reference strings of docs/layout.md §13, given before those steps).
    Raw,
    /// As [`Finish::Draw`], without building cells (the caller builds
    /// them with `Draw` where a tab or the wire form needs them).
    Text,
}

/// The visual order of a line's first `n` units (those drawn).
#[derive(Clone, Debug)]
pub(super) enum LineOrder {
    /// Logical order: `0..n`.
    Forward(usize),
    /// Reversed: `n - 1` down to 0 (a line all at one odd level).
    Reverse(usize),
    /// `order[visual] = logical index`, from rule L2.
    Explicit(Vec<usize>),
}

impl LineOrder {
    fn len(&self) -> usize {
        match self {
            Self::Forward(n) | Self::Reverse(n) => *n,
            Self::Explicit(order) => order.len(),
        }
    }

    /// The logical index of each drawn unit, left to right.
    fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        let (forward, reverse, explicit) = match self {
            Self::Forward(n) => (0..*n, 0..0, &[][..]),
            Self::Reverse(n) => (0..0, 0..*n, &[][..]),
            Self::Explicit(order) => (0..0, 0..0, &order[..]),
        };
        forward.chain(reverse.rev()).chain(explicit.iter().copied())
    }
}

/// The levels of a line's units, for rule L4 (visual order only).
#[derive(Clone, Copy, Debug)]
pub(super) enum LineLevels<'a> {
    /// Logical order: nothing is mirrored.
    None,
    /// Every unit at this level.
    Uniform(u8),
    /// One level per unit.
    Each(&'a [u8]),
}

impl LineLevels<'_> {
    fn odd(self, k: usize) -> bool {
        match self {
            Self::None => false,
            Self::Uniform(level) => level % 2 == 1,
            Self::Each(levels) => levels.get(k).is_some_and(|&v| v % 2 == 1),
        }
    }
}

/// Builds a row from a line's units (logical order) with their source
/// ranges, the visual `order` of its drawn units and, in visual mode, the units' levels (for L4).
#[allow(clippy::too_many_arguments)]
pub(super) fn assemble_row(
    disp: &str,
    units: &[Unit],
    srcs: &[Range<usize>],
    order: &LineOrder,
    levels: LineLevels<'_>,
    dir: Dir,
    width: usize,
    tab_width: usize,
    finish: Finish,
) -> Row {
    let bytes = match (units.first(), units.last()) {
        (Some(a), Some(b)) => (b.end - a.start) as usize,
        _ => 0,
    };
    let mut row = Row {
        text: String::with_capacity(bytes + 8),
        cells: if finish == Finish::Text {
            Vec::new()
        } else {
            Vec::with_capacity(order.len())
        },
        rtl: dir.is_rtl(),
        ..Row::default()
    };
    if finish == Finish::Text {
        // The common line of `qari show`: no cell, and no vector behind the
        // order of a line at one level.
        let text = &mut row.text;
        row.width = match order {
            LineOrder::Forward(n) => push_units(text, disp, units, (0..*n).map(|k| (k, false))),
            LineOrder::Reverse(n) => {
                push_units(text, disp, units, (0..*n).rev().map(|k| (k, levels.odd(k))))
            }
            LineOrder::Explicit(order) => {
                push_units(text, disp, units, order.iter().map(|&k| (k, levels.odd(k))))
            }
        };
        row.indent = if dir.is_rtl() {
            width.saturating_sub(row.width)
        } else {
            0
        };
        return row;
    }
    let mut tabs: Vec<usize> = Vec::new();
    for k in order.indices() {
        let Some(u) = units.get(k) else { continue };
        if finish != Finish::Raw && u.kind == UnitKind::Strip {
            continue;
        }
        let s = &disp[u.range()];
        let sym_start = row.text.len();
        // Every Bidi_Mirrored character is of class ON.
        let mirrored = u.class == BidiClass::ON && levels.odd(k);
        // Most units are one character: pushed as a `char`, which costs
        // less than copying a string slice of a few bytes.
        let mut chars = s.chars();
        if let Some(first) = chars.next() {
            row.text.push(if mirrored {
                unicode_bidi_mirroring::get_mirrored(first).unwrap_or(first)
            } else {
                first
            });
            let rest = chars.as_str();
            if !rest.is_empty() {
                row.text.push_str(rest);
            }
        }
        if u.kind == UnitKind::Tab {
            tabs.push(row.cells.len());
        }
        row.cells.push(Cell {
            sym: to_u32(sym_start)..to_u32(row.text.len()),
            width: if u.kind == UnitKind::Tab { 0 } else { u.width },
            src: srcs.get(k).cloned().unwrap_or_default(),
            marks: crate::marks::Marks::empty(),
        });
    }
    if finish == Finish::Draw && !tabs.is_empty() {
        expand_tabs(&mut row, dir, width, tab_width.max(1));
    }
    row.width = row.cells.iter().map(|c| usize::from(c.width)).sum();
    row.indent = if dir.is_rtl() {
        width.saturating_sub(row.width)
    } else {
        0
    };
    row
}

/// Appends the symbols of the units given by logical index, each with
/// whether its level is odd (rule L4), leaving stripped units out; returns
/// their width.
fn push_units(
    text: &mut String,
    disp: &str,
    units: &[Unit],
    order: impl Iterator<Item = (usize, bool)>,
) -> usize {
    let mut width = 0;
    for (k, odd) in order {
        let Some(u) = units.get(k) else { continue };
        if u.kind == UnitKind::Strip {
            continue;
        }
        // Every Bidi_Mirrored character is of class ON.
        let mirrored = odd && u.class == BidiClass::ON;
        // Most units are one character: pushed as a `char`, which costs
        // less than copying a string slice of a few bytes.
        let mut chars = disp[u.range()].chars();
        if let Some(first) = chars.next() {
            text.push(if mirrored {
                unicode_bidi_mirroring::get_mirrored(first).unwrap_or(first)
            } else {
                first
            });
            let rest = chars.as_str();
            if !rest.is_empty() {
                text.push_str(rest);
            }
        }
        width += usize::from(u.width);
    }
    width
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Replaces each tab cell (width 0, symbol `\t`) with spaces up to the next
/// stop, measured from the paragraph's start edge: the left edge of an LTR
/// row, the right edge of an RTL row. Tabs shrink (to one column at least)
/// when the row would otherwise not fit.
fn expand_tabs(row: &mut Row, dir: Dir, width: usize, tab_width: usize) {
    let n = row.cells.len();
    let is_tab =
        |c: &Cell, text: &str| text.get(c.sym.start as usize..c.sym.end as usize) == Some("\t");
    let mut tab_widths = vec![0usize; n];
    let mut x = 0usize;
    let visit: Box<dyn Iterator<Item = usize>> = if dir.is_rtl() {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    };
    for i in visit {
        let c = &row.cells[i];
        if is_tab(c, &row.text) {
            let w = tab_width - x % tab_width;
            tab_widths[i] = w;
            x += w;
        } else {
            x += usize::from(c.width);
        }
    }
    // Shrink tabs, last ones first, until the row fits.
    let mut excess = x.saturating_sub(width);
    for w in tab_widths.iter_mut().rev() {
        if excess == 0 {
            break;
        }
        if *w > 1 {
            let cut = (*w - 1).min(excess);
            *w -= cut;
            excess -= cut;
        }
    }
    let old_cells = std::mem::take(&mut row.cells);
    let old_text = std::mem::take(&mut row.text);
    for (i, c) in old_cells.into_iter().enumerate() {
        if tab_widths[i] > 0 && is_tab(&c, &old_text) {
            for _ in 0..tab_widths[i] {
                let s = to_u32(row.text.len());
                row.text.push(' ');
                row.cells.push(Cell {
                    sym: s..s + 1,
                    width: 1,
                    src: c.src.clone(),
                    marks: c.marks,
                });
            }
        } else {
            let s = to_u32(row.text.len());
            row.text
                .push_str(&old_text[c.sym.start as usize..c.sym.end as usize]);
            row.cells.push(Cell {
                sym: s..to_u32(row.text.len()),
                ..c
            });
        }
    }
}

/// Result of [`conformance`]: what `BidiCharacterTest.txt` records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conformance {
    /// The resolved paragraph level.
    pub paragraph_level: u8,
    /// Per character, its level after L1, or `None` for characters that rule
    /// X9 removes (shown as `x` in the test file).
    pub levels: Vec<Option<u8>>,
    /// Character indices in visual order, X9-removed characters omitted.
    pub order: Vec<usize>,
}

/// Runs the engine's level and reordering stages (rules P–I, L1, L2), one
/// unit per character, over a single-line paragraph. `dir` forces the
/// paragraph direction; `None` is auto with LTR as default (P2/P3).
#[must_use]
pub fn conformance(text: &str, dir: Option<Dir>) -> Conformance {
    use BidiClass::{BN, LRE, LRO, PDF, RLE, RLO};
    // Levels as the layout finds them: the own resolver when the paragraph
    // has no explicit formatting, unicode-bidi otherwise.
    let para = dir.map_or_else(
        || u8::from(super::first_strong_dir(text) == Some(Dir::Rtl)),
        |d| u8::from(d.is_rtl()),
    );
    let (para, byte_levels) = match super::resolve::levels(text, para) {
        Some(levels) => (para, levels),
        None => {
            let level = dir.map(|d| {
                if d.is_rtl() {
                    unicode_bidi::Level::rtl()
                } else {
                    unicode_bidi::Level::ltr()
                }
            });
            let info =
                ParagraphBidiInfo::new_with_data_source(&super::classes::Cached, text, level);
            let levels = info.levels.iter().map(|l| l.number()).collect();
            (info.paragraph_level.number(), levels)
        }
    };
    let classes: Vec<BidiClass> = text.chars().map(super::classes::class).collect();
    let mut levels: Vec<u8> = text.char_indices().map(|(i, _)| byte_levels[i]).collect();
    l1(&classes, &mut levels, para);
    let removed = |c: BidiClass| matches!(c, RLE | LRE | RLO | LRO | PDF | BN);
    let order = reorder_visual(&levels)
        .into_iter()
        .filter(|&i| !removed(classes[i]))
        .collect();
    Conformance {
        paragraph_level: para,
        levels: classes
            .iter()
            .zip(&levels)
            .map(|(&c, &l)| (!removed(c)).then_some(l))
            .collect(),
        order,
    }
}

#[cfg(test)]
mod width_tests {
    use super::*;

    #[test]
    fn fast_width_agrees_with_unicode_width() {
        for cp in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let class = unicode_bidi::bidi_class(c);
            if is_stripped(c, class) || c.is_control() {
                continue;
            }
            let expected = u8::try_from(c.width().unwrap_or(1).min(2)).unwrap_or(1);
            assert_eq!(fast_width(c, class), expected, "U+{cp:04X}");
        }
    }

    #[test]
    fn hanging_spaces_are_of_class_ws_b_or_s() {
        for cp in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let class = unicode_bidi::bidi_class(c);
            assert_eq!(
                is_hanging_space_of(c, class),
                is_hanging_space(c),
                "U+{cp:04X}"
            );
        }
    }
}
