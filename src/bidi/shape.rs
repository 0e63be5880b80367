//! Optional Arabic shaping for terminals that do not join letters.
//!
//! Letters become their isolated, final, initial or medial presentation form
//! from their joining context, computed in **logical** order over the whole
//! paragraph (never per style span or per visual run). Transparent characters
//! (harakat) are skipped when looking for neighbours and kept; tatweel and
//! ZWJ cause joining, ZWNJ breaks it. There are no word ligatures and never a
//! U+FEFF filler. Lam followed by alef becomes one ligature cell by default
//! ([`LamAlef::Ligature`]) or two joined cells ([`LamAlef::TwoCell`]).
//!
//! Presentation forms keep bidi class AL, so shaping does not change levels.

use unicode_joining_type::{JoiningType, get_joining_type};

use super::LamAlef;
use super::prepare::Item;
use super::shape_table::{FORMS, LAM_ALEF};

const LAM: char = '\u{0644}';

fn forms_of(c: char) -> Option<&'static [u32; 4]> {
    FORMS
        .binary_search_by_key(&c, |e| e.0)
        .ok()
        .map(|i| &FORMS[i].1)
}

fn lam_alef_of(c: char) -> Option<&'static [u32; 2]> {
    LAM_ALEF.iter().find(|e| e.0 == c).map(|e| &e.1)
}

fn joins_left_side(t: JoiningType) -> bool {
    // Can connect to the following (logically next) letter.
    matches!(
        t,
        JoiningType::DualJoining | JoiningType::LeftJoining | JoiningType::JoinCausing
    )
}

fn joins_right_side(t: JoiningType) -> bool {
    // Can connect to the preceding (logically previous) letter.
    matches!(
        t,
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    )
}

/// Shapes `items` in place.
pub(super) fn shape(items: &mut Vec<Item>, lam_alef: LamAlef) {
    let n = items.len();
    if !items.iter().any(|it| forms_of(it.c).is_some()) {
        return;
    }
    let types: Vec<JoiningType> = items.iter().map(|it| get_joining_type(it.c)).collect();
    // prev[i] / next[i]: nearest non-transparent neighbour.
    let mut prev = vec![None; n];
    let mut last = None;
    for i in 0..n {
        prev[i] = last;
        if types[i] != JoiningType::Transparent {
            last = Some(i);
        }
    }
    let mut next = vec![None; n];
    let mut following = None;
    for i in (0..n).rev() {
        next[i] = following;
        if types[i] != JoiningType::Transparent {
            following = Some(i);
        }
    }

    let joins_prev =
        |i: usize| prev[i].is_some_and(|p| joins_left_side(types[p])) && joins_right_side(types[i]);
    let joins_next =
        |i: usize| next[i].is_some_and(|q| joins_right_side(types[q])) && joins_left_side(types[i]);

    let mut remove = vec![false; n];
    let mut out: Vec<char> = items.iter().map(|it| it.c).collect();
    let mut i = 0;
    while i < n {
        let c = items[i].c;
        if lam_alef == LamAlef::Ligature
            && c == LAM
            && let Some(q) = next[i]
            && let Some(lig) = lam_alef_of(items[q].c)
        {
            let form = if joins_prev(i) { lig[1] } else { lig[0] };
            out[i] = char::from_u32(form).unwrap_or(c);
            remove[q] = true;
            let (a, b) = (items[i].src, items[q].src);
            items[i].src = (a.0.min(b.0), a.1.max(b.1));
            i += 1;
            continue;
        }
        if let Some(f) = forms_of(c) {
            let (p, q) = (joins_prev(i), joins_next(i));
            let pick = match (p, q) {
                (true, true) => [f[3], f[1], f[0]],
                (true, false) => [f[1], f[0], 0],
                (false, true) => [f[2], f[0], 0],
                (false, false) => [f[0], 0, 0],
            };
            if let Some(form) = pick.iter().copied().find(|&x| x != 0) {
                out[i] = char::from_u32(form).unwrap_or(c);
            }
        }
        i += 1;
    }
    let shaped: Vec<Item> = items
        .iter()
        .zip(out)
        .zip(remove)
        .filter_map(|((it, c), removed)| (!removed).then_some(Item { c, src: it.src }))
        .collect();
    *items = shaped;
}
