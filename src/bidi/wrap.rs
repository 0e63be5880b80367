//! Step 4: greedy wrapping in logical order.
//!
//! Lines break at UAX #14 opportunities (unicode-linebreak), which never fall
//! inside a unit. Widths are summed per unit, each measured on its own with
//! unicode-width, never as a multi-unit string (unicode-width counts lam +
//! alef as one column; terminals use two). Breaking whitespace may hang past
//! the width: it stays in the line's logical range and is drawn only while it
//! fits. A unit wider than the whole row starts a row of its own.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::GraphemeCursor;

use super::reorder::{Unit, UnitKind};

/// One wrapped line: a range of units, of which the first `visible` are drawn
/// (the rest is whitespace hanging past the width).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Line {
    pub units: Range<usize>,
    pub visible: usize,
}

const ALLOWED: u8 = 1;
const MANDATORY: u8 = 2;

fn unit_width(u: &Unit, pos: usize, tab_width: usize) -> usize {
    if u.kind == UnitKind::Tab {
        tab_width - pos % tab_width
    } else {
        usize::from(u.width)
    }
}

/// Wraps `units` of the display `text` into lines of at most `width` columns.
pub(super) fn wrap(text: &str, units: &[Unit], width: usize, tab_width: usize) -> Vec<Line> {
    wrap_with(text, units, width, tab_width, false)
}

/// [`wrap`], with every opportunity found first when `all_first` (the
/// reference the lazy search is tested against).
fn wrap_with(
    text: &str,
    units: &[Unit],
    width: usize,
    tab_width: usize,
    all_first: bool,
) -> Vec<Line> {
    let tab_width = tab_width.max(1);
    let n = units.len();
    if n == 0 {
        return Vec::new();
    }
    // Fast path: everything fits and nothing forces a break.
    let total: usize = units
        .iter()
        .map(|u| {
            if u.kind == UnitKind::Tab {
                tab_width
            } else {
                usize::from(u.width)
            }
        })
        .sum();
    if total <= width && !text.contains('\u{2028}') {
        return vec![Line {
            units: 0..n,
            visible: n,
        }];
    }

    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    if all_first || has_mandatory_break(text) {
        start = wrap_with_flags(text, units, width, tab_width, &mut ranges);
    } else {
        // No mandatory break: opportunities are looked for only where a
        // line overflows, backwards from there (see `Breaks`).
        let mut breaks = Breaks::Lazy;
        let mut pos = 0;
        let mut i = 0;
        while i < n {
            let u = &units[i];
            let w = unit_width(u, pos, tab_width);
            if u.hangs() || w == 0 || pos + w <= width || i == start {
                pos += w;
                i += 1;
                continue;
            }
            let at = breaks
                .last_before(text, units, start, i)
                .unwrap_or_else(|| emergency_break(text, units, start, i));
            ranges.push(start..at);
            start = at;
            pos = 0;
            i = at;
        }
    }
    ranges.push(start..n);

    ranges
        .into_iter()
        .map(|r| {
            let visible = visible_count(&units[r.clone()], width, tab_width);
            Line { units: r, visible }
        })
        .collect()
}

/// The greedy loop with every break opportunity of the paragraph found
/// first, mandatory ones included; pushes the lines it ends and returns the
/// first unit of the last line.
fn wrap_with_flags(
    text: &str,
    units: &[Unit],
    width: usize,
    tab_width: usize,
    ranges: &mut Vec<Range<usize>>,
) -> usize {
    let n = units.len();
    let flags = opportunities(text, units);
    let mut start = 0;
    let mut pos = 0;
    let mut last_break: Option<usize> = None;
    let mut i = 0;
    while i < n {
        if i > start {
            if flags[i] & MANDATORY != 0 {
                ranges.push(start..i);
                start = i;
                pos = 0;
                last_break = None;
            } else if flags[i] & ALLOWED != 0 {
                last_break = Some(i);
            }
        }
        let u = &units[i];
        let w = unit_width(u, pos, tab_width);
        if u.hangs() || w == 0 || pos + w <= width || i == start {
            pos += w;
            i += 1;
            continue;
        }
        // Overflow: break at the last opportunity, or, inside a word longer
        // than the row, at the last grapheme boundary that fits.
        let at = last_break.unwrap_or_else(|| emergency_break(text, units, start, i));
        ranges.push(start..at);
        start = at;
        pos = 0;
        last_break = None;
        i = at;
    }
    start
}

/// Break opportunities before each unit, over the whole text.
fn opportunities(text: &str, units: &[Unit]) -> Vec<u8> {
    let n = units.len();
    let mut flags = vec![0u8; n];
    let mut ui = 0;
    for (pos, op) in linebreaks(text) {
        while ui < n && (units[ui].start as usize) < pos {
            ui += 1;
        }
        if ui < n && units[ui].start as usize == pos && breaks_before(text, &units[ui]) {
            flags[ui] |= match op {
                BreakOpportunity::Mandatory => MANDATORY,
                BreakOpportunity::Allowed => ALLOWED,
            };
        }
    }
    flags
}

/// Whether a UAX #14 opportunity at the start of `u` may be used: UAX #14
/// treats a joiner after a space as a letter (LB10) and may break before
/// it; never split a grapheme cluster.
fn breaks_before(text: &str, u: &Unit) -> bool {
    u.kind != UnitKind::Zero || is_grapheme_boundary(text, u.start as usize)
}

/// Whether `text` holds a character of line-break class BK, CR, LF or NL
/// (U+000A–U+000D, U+0085, U+2028, U+2029): a mandatory break inside it.
fn has_mandatory_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'\n', b'\r', 0x0B, bytes).is_some()
        || memchr::memchr(0x0C, bytes).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| match bytes[i] {
            0xC2 => bytes.get(i + 1) == Some(&0x85),
            _ => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
        })
}

/// Bytes of text before an overflow that one backward step runs UAX #14 over.
const WINDOW: usize = 32;

/// How far before a line's start a restart point is looked for before the
/// whole paragraph's opportunities are computed instead.
const SLACK: usize = 64;

/// Where break opportunities come from in a paragraph without mandatory
/// breaks.
///
/// unicode-linebreak is a state machine over pairs of line-break classes:
/// after a character of any class but CM, SP, ZWJ, BA, HY and RI its state
/// is the same whatever came before (those columns of its pair table are
/// constant, `sot` included), and it decides the opportunity before a
/// character when it reads that character, never looking further. So
/// running it from such a character `q` (as if the text started there)
/// gives exactly the opportunities of the whole paragraph at every position
/// after `q`, up to the end of the slice it is given. `Lazy` does that over
/// a few dozen bytes before each overflow; a line with no restart point
/// near it (a long run of spaces or marks) makes the whole paragraph's
/// opportunities computed once (`Full`). A property test compares the lines
/// with those of the whole-paragraph computation.
enum Breaks {
    Lazy,
    Full(Vec<u8>),
}

impl Breaks {
    /// The last unit `k` in `start + 1..=i` with a break opportunity before it.
    fn last_before(&mut self, text: &str, units: &[Unit], start: usize, i: usize) -> Option<usize> {
        if let Self::Lazy = self {
            match lazy_last_before(text, units, start, i) {
                Ok(found) => return found,
                Err(()) => *self = Self::Full(opportunities(text, units)),
            }
        }
        match self {
            Self::Full(flags) => (start + 1..=i).rev().find(|&k| flags[k] & ALLOWED != 0),
            Self::Lazy => None,
        }
    }
}

/// [`Breaks::last_before`] from UAX #14 run backwards in windows; `Err` when
/// no restart point lies near enough.
fn lazy_last_before(
    text: &str,
    units: &[Unit],
    start: usize,
    i: usize,
) -> Result<Option<usize>, ()> {
    let line_start = units[start].start as usize;
    let floor = line_start.saturating_sub(SLACK);
    // The last position looked at: opportunities before it are decided
    // when its character is read.
    let mut end = units[i].start as usize;
    loop {
        let q = restart_at_or_before(text, end.saturating_sub(WINDOW), floor).ok_or(())?;
        let stop = end + text[end..].chars().next().map_or(0, char::len_utf8);
        let mut found = None;
        for (p, op) in linebreaks(&text[q..stop]) {
            let p = q + p;
            if p > end {
                break;
            }
            if p <= line_start || op != BreakOpportunity::Allowed {
                continue;
            }
            if let Ok(k) = units[start + 1..=i].binary_search_by_key(&p, |u| u.start as usize) {
                let k = start + 1 + k;
                if breaks_before(text, &units[k]) {
                    found = Some(k);
                }
            }
        }
        if found.is_some() || q <= line_start {
            return Ok(found);
        }
        // Position `q` itself was not decided by this run: the next window
        // ends there.
        end = q;
    }
}

/// The start of the last character at or before `at` (and not before
/// `floor`) after which unicode-linebreak's state is fixed by the
/// character alone (see [`Breaks`]); the text's start counts as one.
fn restart_at_or_before(text: &str, at: usize, floor: usize) -> Option<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at == 0 {
        return Some(0);
    }
    let here = text[at..].chars().next().map(|c| (at, c));
    for (j, c) in here.into_iter().chain(text[..at].char_indices().rev()) {
        if j == 0 || restarts(c) {
            return Some(j);
        }
        if j <= floor {
            return None;
        }
    }
    Some(0)
}

/// Whether unicode-linebreak's state after `c` does not depend on what
/// came before it.
fn restarts(c: char) -> bool {
    use unicode_linebreak::BreakClass::{
        After, CombiningMark, Hyphen, RegionalIndicator, Space, ZeroWidthJoiner,
    };
    !matches!(
        unicode_linebreak::break_property(c as u32),
        CombiningMark | Space | ZeroWidthJoiner | After | Hyphen | RegionalIndicator
    )
}

/// The last unit in `start + 1..=i` that starts a grapheme cluster, so that
/// a forced break never splits one (ZWJ, spacing marks and jamo are units of
/// their own); `i` when there is none.
fn emergency_break(text: &str, units: &[Unit], start: usize, i: usize) -> usize {
    (start + 1..=i)
        .rev()
        .find(|&k| is_grapheme_boundary(text, units[k].start as usize))
        .unwrap_or(i)
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// How many units of a line are drawn: all but trailing whitespace that
/// would overflow the width.
fn visible_count(line: &[Unit], width: usize, tab_width: usize) -> usize {
    let content_end = line
        .iter()
        .rposition(|u| !u.hangs() && u.kind != UnitKind::Strip && u.kind != UnitKind::Zero)
        .map_or(0, |p| p + 1);
    let mut pos = 0;
    for u in &line[..content_end] {
        pos += unit_width(u, pos, tab_width);
    }
    for (k, u) in line.iter().enumerate().skip(content_end) {
        let w = unit_width(u, pos, tab_width);
        if pos + w > width {
            return k;
        }
        pos += w;
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters of every line-break class the state machine treats
    /// specially (CM, SP, ZWJ, BA, HY, RI), and of the common ones.
    const CHARS: &str = "ابت لا אב abc 09٣ ()[]«»\"'“” .,:;!?،؛ -‐–—/%$#+ \t\u{064E}\u{0651}\u{0301}\u{200C}\u{200D}\u{200B}\u{2060}\u{00A0}\u{00AD}\u{0640}\u{3000}中文😀🏽🇸🇦\u{2028}\u{202B}\u{2067}";

    fn check(text: &str, width: usize) -> Result<(), TestCaseError> {
        let (units, _) = crate::bidi::reorder::units(text);
        prop_assert_eq!(
            wrap_with(text, &units, width, 8, false),
            wrap_with(text, &units, width, 8, true),
            "{:?} at width {}",
            text,
            width
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// Opportunities looked for backwards from each overflow break
        /// lines exactly where all of the paragraph's opportunities do.
        #[test]
        fn lazy_breaks_match_all_breaks(
            v in prop::collection::vec(prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..300),
            width in 2usize..40,
        ) {
            let text: String = v.into_iter().collect();
            check(&text, width)?;
        }

        /// Long runs of spaces and marks (no restart point near a line's
        /// start: the whole paragraph's opportunities are used).
        #[test]
        fn lazy_breaks_match_all_breaks_in_runs_of_spaces_and_marks(
            v in prop::collection::vec((prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 1usize..120, prop::sample::select(vec![' ', '\u{064E}', '\u{2010}', '\u{200D}'])), 0..8),
            width in 2usize..40,
        ) {
            let mut text = String::new();
            for (c, n, run) in v {
                text.push(c);
                text.extend(std::iter::repeat_n(run, n));
            }
            check(&text, width)?;
        }
    }

    #[test]
    fn sample_paragraphs_break_as_with_all_opportunities() {
        // The sample's files, read here (the corpus is a layer above).
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut files = 0;
        for entry in std::fs::read_dir(seeds).expect("seeds") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("seed");
            files += 1;
            for (_, para) in crate::bidi::paragraphs(&text) {
                for width in [7, 13, 23, 40, 80] {
                    let (units, _) = crate::bidi::reorder::units(para);
                    assert_eq!(
                        wrap_with(para, &units, width, 8, false),
                        wrap_with(para, &units, width, 8, true),
                    );
                }
            }
        }
        assert!(files >= 5, "{files} seed files");
    }
}
