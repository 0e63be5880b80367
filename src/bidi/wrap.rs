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

    // Break opportunities before each unit.
    let mut flags = vec![0u8; n];
    let mut ui = 0;
    for (pos, op) in linebreaks(text) {
        while ui < n && (units[ui].start as usize) < pos {
            ui += 1;
        }
        // UAX #14 treats a joiner after a space as a letter (LB10) and may
        // break before it; never split a grapheme cluster.
        if ui < n
            && units[ui].start as usize == pos
            && (units[ui].kind != UnitKind::Zero || is_grapheme_boundary(text, pos))
        {
            flags[ui] |= match op {
                BreakOpportunity::Mandatory => MANDATORY,
                BreakOpportunity::Allowed => ALLOWED,
            };
        }
    }

    let mut ranges: Vec<Range<usize>> = Vec::new();
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
    ranges.push(start..n);

    ranges
        .into_iter()
        .map(|r| {
            let visible = visible_count(&units[r.clone()], width, tab_width);
            Line { units: r, visible }
        })
        .collect()
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
