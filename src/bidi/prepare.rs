//! Step 1 of the pipeline: from a paragraph's logical source text to the
//! display text the rest of the engine works on, with a map back to the
//! source bytes.
//!
//! - C0 controls (but TAB), DEL and C1 controls become visible one-cell
//!   placeholders (U+2400–U+2421, U+FFFD): no control byte from a document
//!   can reach the terminal.
//! - A combining mark with nothing to sit on gets a dotted circle (U+25CC).
//! - With `reveal`, invisible characters get a visible marker.
//! - With `shape`, Arabic letters become presentation forms ([`super::shape`]).
//!
//! When nothing is substituted the display text *is* the source text and the
//! map is the identity, at no cost.

use std::borrow::Cow;
use std::ops::Range;

use super::{LayoutOptions, reorder, shape};

/// The display text of a paragraph, split into units (rule L3), with the
/// source bytes of each unit.
#[derive(Debug)]
pub struct Prepared<'a> {
    text: Cow<'a, str>,
    units: Vec<reorder::Unit>,
    seen: reorder::Seen,
    /// The source byte range of each unit; empty when the display text is
    /// the source text.
    srcs: Vec<(u32, u32)>,
}

/// One display character and the source bytes it stands for.
#[derive(Clone, Copy, Debug)]
pub(super) struct Item {
    pub c: char,
    pub src: (u32, u32),
}

impl<'a> Prepared<'a> {
    /// Prepares `text` for layout under `opts`.
    #[must_use]
    pub fn new(text: &'a str, opts: &LayoutOptions) -> Self {
        if !opts.shape && !opts.reveal && is_clean(text) {
            let (units, seen) = reorder::units(text);
            return Self {
                text: Cow::Borrowed(text),
                units,
                seen,
                srcs: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        if opts.shape && !opts.reveal {
            // Units are split, and their sources kept, while the display
            // text is written: no map per character.
            let mut w = Writer {
                out,
                split: reorder::Splitter::with_capacity(text.len() / 2 + 1),
                srcs: Vec::with_capacity(text.len() / 2 + 1),
            };
            if shape::shape_clean(text, opts.lam_alef, &mut w) {
                return Self {
                    text: Cow::Owned(w.out),
                    units: w.split.units,
                    seen: w.split.seen,
                    srcs: w.srcs,
                };
            }
            out = w.out;
            out.clear();
        }
        Self::general(text, opts, out)
    }

    /// [`Prepared::new`] through items and a map per display character,
    /// for text that sanitizing changes or reveal mode marks.
    fn general(text: &'a str, opts: &LayoutOptions, mut out: String) -> Self {
        let items = sanitize(text, opts.reveal);
        let mut map = Vec::with_capacity(items.len());
        let mut emit = |it: Item| {
            map.push((to_u32(out.len()), it.src.0, it.src.1));
            out.push(it.c);
        };
        if opts.shape {
            shape::shape(&items, opts.lam_alef, &mut emit);
        } else {
            items.into_iter().for_each(emit);
        }
        let (units, seen) = reorder::units(&out);
        let srcs = if map.is_empty() {
            Vec::new()
        } else {
            map_unit_sources(&map, &units)
        };
        Self {
            text: Cow::Owned(out),
            units,
            seen,
            srcs,
        }
    }

    /// The display text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The display text's units.
    #[must_use]
    pub fn units(&self) -> &[reorder::Unit] {
        &self.units
    }

    /// Which kinds of characters the display text holds.
    #[must_use]
    pub fn seen(&self) -> reorder::Seen {
        self.seen
    }

    /// The source byte range of unit `k`.
    #[must_use]
    pub fn unit_source(&self, k: usize) -> Range<usize> {
        match self.srcs.get(k) {
            Some(&(lo, hi)) => lo as usize..hi as usize,
            None => self.units.get(k).map_or(0..0, reorder::Unit::range),
        }
    }

    /// The source byte range of each of the units `range`.
    #[must_use]
    pub fn unit_sources(&self, range: Range<usize>) -> Vec<Range<usize>> {
        range.map(|k| self.unit_source(k)).collect()
    }

    /// The source byte range of the line made of the units `range`, from
    /// its first and last units (`0..0` for none).
    #[must_use]
    pub fn line_source(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            return 0..0;
        }
        let (a, b) = (
            self.unit_source(range.start),
            self.unit_source(range.end - 1),
        );
        a.start.min(b.start)..a.end.max(b.end)
    }
}

/// The display text, its units and their sources, written together.
struct Writer {
    out: String,
    split: reorder::Splitter,
    srcs: Vec<(u32, u32)>,
}

impl shape::Emit for Writer {
    #[inline(always)]
    fn emit(&mut self, it: Item) {
        let at = self.out.len();
        self.out.push(it.c);
        match self.split.push(&self.out, at, it.c) {
            reorder::Step::New => self.srcs.push(it.src),
            reorder::Step::Joined => {
                if let Some(last) = self.srcs.last_mut() {
                    *last = union(*last, it.src);
                }
            }
            reorder::Step::Merged => {
                let joiner = self.srcs.pop().unwrap_or(it.src);
                if let Some(base) = self.srcs.last_mut() {
                    *base = union(union(*base, joiner), it.src);
                }
            }
        }
    }
}

fn union(a: (u32, u32), b: (u32, u32)) -> (u32, u32) {
    (a.0.min(b.0), a.1.max(b.1))
}

/// The source byte range of each unit (in display order, contiguous), in
/// one pass over the map: `(display offset, source range)` per display
/// character.
fn map_unit_sources(map: &[(u32, u32, u32)], units: &[reorder::Unit]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(units.len());
    let mut j = 0;
    for u in units {
        while j < map.len() && map[j].0 < u.start {
            j += 1;
        }
        let (mut lo, mut hi) = (u32::MAX, 0);
        while j < map.len() && map[j].0 < u.end {
            lo = lo.min(map[j].1);
            hi = hi.max(map[j].2);
            j += 1;
        }
        out.push(if lo == u32::MAX {
            let r = src_range(map, u.range());
            (to_u32(r.start), to_u32(r.end))
        } else {
            (lo, hi)
        });
    }
    out
}

/// The source byte range that the display range `disp` stands for.
fn src_range(map: &[(u32, u32, u32)], disp: Range<usize>) -> Range<usize> {
    let first = map.partition_point(|e| (e.0 as usize) < disp.start);
    let last = map.partition_point(|e| (e.0 as usize) < disp.end);
    let slice = &map[first.min(map.len())..last.max(first)];
    if slice.is_empty() {
        // An empty display range: map its position.
        let at = map
            .get(first)
            .map_or_else(|| map.last().map_or(0, |e| e.2), |e| e.1) as usize;
        return at..at;
    }
    let lo = slice.iter().map(|e| e.1).min().unwrap_or(0) as usize;
    let hi = slice.iter().map(|e| e.2).max().unwrap_or(0) as usize;
    lo..hi
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A control character that must never reach the terminal (C0 but TAB, DEL, C1).
#[must_use]
pub fn is_forbidden_control(c: char) -> bool {
    (c < ' ' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// The visible placeholder drawn for a forbidden control character.
#[must_use]
pub fn placeholder(c: char) -> char {
    match c {
        // Control Pictures: ␀ … ␟, and ␡ for DEL.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// The marker shown before (or instead of) an invisible character in reveal
/// mode, and whether it replaces the character.
#[must_use]
pub fn reveal_marker(c: char) -> Option<(char, bool)> {
    Some(match c {
        '\u{200E}' => ('⇀', false),             // LRM
        '\u{200F}' => ('↼', false),             // RLM
        '\u{061C}' => ('↽', false),             // ALM
        '\u{202A}' => ('⇉', false),             // LRE
        '\u{202B}' => ('⇇', false),             // RLE
        '\u{202D}' => ('⇛', false),             // LRO
        '\u{202E}' => ('⇚', false),             // RLO
        '\u{202C}' => ('↧', false),             // PDF
        '\u{2066}' => ('⇥', false),             // LRI
        '\u{2067}' => ('⇤', false),             // RLI
        '\u{2068}' => ('⇹', false),             // FSI
        '\u{2069}' => ('⇣', false),             // PDI
        '\u{200C}' => ('¦', false),             // ZWNJ
        '\u{200D}' => ('⁀', false),             // ZWJ
        '\u{200B}' => ('⋅', false),             // ZWSP
        '\u{2060}' => ('⌒', false),             // WORD JOINER
        '\u{FEFF}' => ('⦸', false),             // BOM / ZWNBSP
        '\u{00AD}' => ('¬', true),              // SOFT HYPHEN
        '\u{00A0}' | '\u{2007}' => ('␣', true), // no-break spaces
        '\u{202F}' => ('⍽', true),              // NARROW NO-BREAK SPACE
        '\u{0640}' => ('⁓', true),              // TATWEEL
        _ => return None,
    })
}

/// Every marker [`reveal_marker`] can produce.
const MARKERS: &[char] = &[
    '⇀', '↼', '↽', '⇉', '⇇', '⇛', '⇚', '↧', '⇥', '⇤', '⇹', '⇣', '¦', '⁀', '⋅', '⌒', '⦸', '¬', '␣',
    '⍽', '⁓',
];

/// Whether `c` is one of the markers of reveal mode.
#[must_use]
pub fn is_reveal_marker(c: char) -> bool {
    MARKERS.contains(&c)
}

/// Fast check: no control to replace and no orphan mark.
fn is_clean(text: &str) -> bool {
    let mut can_attach = false;
    for c in text.chars() {
        if c.is_ascii() {
            if is_forbidden_control(c) {
                return false;
            }
            can_attach = c != '\t';
            continue;
        }
        if is_forbidden_control(c) {
            return false;
        }
        let class = super::classes::class(c);
        if class == unicode_bidi::BidiClass::NSM {
            if !can_attach {
                return false;
            }
        } else {
            can_attach = reorder::is_mark_base(c, class);
        }
    }
    true
}

fn sanitize(text: &str, reveal: bool) -> Vec<Item> {
    let mut items = Vec::with_capacity(text.len());
    let mut can_attach = false;
    for (i, c) in text.char_indices() {
        let src = (to_u32(i), to_u32(i + c.len_utf8()));
        if is_forbidden_control(c) {
            items.push(Item {
                c: placeholder(c),
                src,
            });
            can_attach = true;
            continue;
        }
        if reveal && let Some((marker, replace)) = reveal_marker(c) {
            items.push(Item { c: marker, src });
            if replace {
                can_attach = true;
                continue;
            }
        }
        let class = super::classes::class(c);
        if class == unicode_bidi::BidiClass::NSM {
            if !can_attach {
                items.push(Item {
                    c: '\u{25CC}',
                    src: (src.0, src.0),
                });
                can_attach = true;
            }
        } else {
            can_attach = reorder::is_mark_base(c, class);
        }
        items.push(Item { c, src });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::super::{LamAlef, LayoutOptions};
    use super::Prepared;
    use proptest::prelude::*;

    const CHARS: &str = "ابتثلاأإآىةيـ אב ab 09٣ ()«» .,:-\t \u{064E}\u{0651}\u{0670}\u{0301}\u{200C}\u{200D}\u{00AD}\u{202B}\u{2067}\u{00A0}\u{0001}\u{0085}\u{FEFB}\u{0622}\u{06CC}\u{06D2}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// Shaping read straight from clean text, units split while it is
        /// written, gives the display text, units and unit sources of
        /// shaping through sanitized items, then splitting.
        #[test]
        fn clean_shaping_matches_shaping_items(
            v in prop::collection::vec(prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..60),
            two_cell in any::<bool>(),
        ) {
            let text: String = v.into_iter().collect();
            let opts = LayoutOptions {
                shape: true,
                lam_alef: if two_cell { LamAlef::TwoCell } else { LamAlef::Ligature },
                ..LayoutOptions::default()
            };
            let fast = Prepared::new(&text, &opts);
            let general = Prepared::general(&text, &opts, String::new());
            prop_assert_eq!(fast.text(), general.text(), "{:?}", text);
            prop_assert_eq!(fast.units(), general.units(), "{:?}", text);
            prop_assert_eq!(fast.seen(), general.seen(), "{:?}", text);
            let n = fast.units().len();
            prop_assert_eq!(fast.unit_sources(0..n), general.unit_sources(0..n), "{:?}", text);
        }
    }
}
