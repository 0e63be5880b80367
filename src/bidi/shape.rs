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

/// For U+0600–U+06FF, where nearly all lookups land: the joining type and
/// the index into [`FORMS`] (`u8::MAX` for none), found in one step.
static ARABIC_BLOCK: std::sync::LazyLock<[(JoiningType, u8); 256]> =
    std::sync::LazyLock::new(|| {
        std::array::from_fn(|o| {
            let c = char::from_u32(0x600 + o as u32).unwrap_or('\0');
            let form = FORMS
                .binary_search_by_key(&c, |e| e.0)
                .ok()
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(u8::MAX);
            (get_joining_type(c), form)
        })
    });

/// Joining type and presentation forms of `c`.
fn lookup(block: &[(JoiningType, u8); 256], c: char) -> (JoiningType, Option<&'static [u32; 4]>) {
    let cp = c as usize;
    if (0x600..0x700).contains(&cp) {
        let (t, i) = block[cp - 0x600];
        return (t, (i != u8::MAX).then(|| &FORMS[usize::from(i)].1));
    }
    if cp < 0x600 {
        return (get_joining_type(c), None);
    }
    let forms = FORMS
        .binary_search_by_key(&c, |e| e.0)
        .ok()
        .map(|i| &FORMS[i].1);
    (get_joining_type(c), forms)
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

/// Shapes `items`, handing each output character to `emit` in logical order.
pub(super) fn shape(items: &[Item], lam_alef: LamAlef, emit: &mut impl FnMut(Item)) {
    let n = items.len();
    let block: &[(JoiningType, u8); 256] = &ARABIC_BLOCK;
    let info: Vec<(JoiningType, Option<&[u32; 4]>)> =
        items.iter().map(|it| lookup(block, it.c)).collect();
    // Whether the last non-transparent character can join the next one.
    let mut prev_joins = false;
    // The next non-transparent index after the current one.
    let mut next = 0;
    // An alef already drawn inside a lam-alef ligature.
    let mut absorbed = usize::MAX;
    for i in 0..n {
        let (it, (t, forms)) = (items[i], info[i]);
        if t == JoiningType::Transparent {
            emit(it);
            continue;
        }
        if i == absorbed {
            prev_joins = false; // an alef never joins the letter after it
            continue;
        }
        if next <= i {
            next = i + 1;
            while next < n && info[next].0 == JoiningType::Transparent {
                next += 1;
            }
        }
        let joins_prev = prev_joins && joins_right_side(t);
        let joins_next = next < n && joins_right_side(info[next].0) && joins_left_side(t);
        prev_joins = joins_left_side(t);
        if lam_alef == LamAlef::Ligature
            && it.c == LAM
            && next < n
            && let Some(lig) = lam_alef_of(items[next].c)
            // Only harakat may sit between the two letters, never a format
            // character (a soft hyphen may break the line there).
            && items[i + 1..next]
                .iter()
                .all(|m| super::classes::class(m.c) == unicode_bidi::BidiClass::NSM)
        {
            let form = if joins_prev { lig[1] } else { lig[0] };
            let alef = items[next].src;
            absorbed = next;
            emit(Item {
                c: char::from_u32(form).unwrap_or(it.c),
                src: (it.src.0.min(alef.0), it.src.1.max(alef.1)),
            });
            continue;
        }
        let c = forms.map_or(it.c, |f| {
            let pick = match (joins_prev, joins_next) {
                (true, true) => [f[3], f[1], f[0]],
                (true, false) => [f[1], f[0], 0],
                (false, true) => [f[2], f[0], 0],
                (false, false) => [f[0], 0, 0],
            };
            pick.iter()
                .copied()
                .find(|&x| x != 0)
                .and_then(char::from_u32)
                .unwrap_or(it.c)
        });
        emit(Item { c, src: it.src });
    }
}
