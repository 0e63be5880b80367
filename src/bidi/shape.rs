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

/// What shaping needs to know of a character: how it joins and where its
/// presentation forms are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Joining {
    /// Joining type T: skipped when looking for neighbours.
    transparent: bool,
    /// Can connect to the following (logically next) letter: D, L or C.
    joins_next: bool,
    /// Can connect to the preceding (logically previous) letter: D, R or C.
    joins_prev: bool,
    /// Index into [`FORMS`], `u8::MAX` for none.
    form: u8,
}

impl Joining {
    /// A character that neither joins nor has forms (every ASCII one).
    const NONE: Self = Self {
        transparent: false,
        joins_next: false,
        joins_prev: false,
        form: u8::MAX,
    };

    fn new(t: JoiningType, form: Option<usize>) -> Self {
        use JoiningType::{DualJoining, JoinCausing, LeftJoining, RightJoining, Transparent};
        Self {
            transparent: t == Transparent,
            joins_next: matches!(t, DualJoining | LeftJoining | JoinCausing),
            joins_prev: matches!(t, DualJoining | RightJoining | JoinCausing),
            form: form.and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX),
        }
    }

    /// The presentation form for the given joining context, if the letter
    /// has forms: from [`PICKED`], where the fallbacks are already applied.
    fn form_for(self, picked: &[[char; 4]], joins_prev: bool, joins_next: bool) -> Option<char> {
        picked
            .get(usize::from(self.form))
            .map(|f| f[usize::from(joins_prev) << 1 | usize::from(joins_next)])
    }
}

/// Per entry of [`FORMS`], the character drawn in each joining context,
/// indexed by `joins_prev << 1 | joins_next`: isolated, initial, final,
/// medial. A missing form falls back to a simpler one (medial to final,
/// final or initial to isolated, isolated to the letter itself), so the
/// shaping loop only indexes.
static PICKED: std::sync::LazyLock<Vec<[char; 4]>> = std::sync::LazyLock::new(|| {
    FORMS
        .iter()
        .map(|&(base, f)| {
            let first = |candidates: &[u32]| {
                candidates
                    .iter()
                    .copied()
                    .find(|&x| x != 0)
                    .and_then(char::from_u32)
                    .unwrap_or(base)
            };
            [
                first(&[f[0]]),
                first(&[f[2], f[0]]),
                first(&[f[1], f[0]]),
                first(&[f[3], f[1], f[0]]),
            ]
        })
        .collect()
});

fn form_index(c: char) -> Option<usize> {
    FORMS.binary_search_by_key(&c, |e| e.0).ok()
}

/// For U+0600–U+06FF, where nearly all lookups land: found in one step.
static ARABIC_BLOCK: std::sync::LazyLock<[Joining; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|o| {
        let c = char::from_u32(0x600 + o as u32).unwrap_or('\0');
        Joining::new(get_joining_type(c), form_index(c))
    })
});

/// How `c` joins and its presentation forms.
fn lookup(block: &[Joining; 256], c: char) -> Joining {
    let cp = c as usize;
    if cp < 0x80 {
        // No ASCII character joins or is transparent (checked by a test).
        return Joining::NONE;
    }
    if (0x600..0x700).contains(&cp) {
        return block[cp - 0x600];
    }
    let forms = if cp < 0x600 { None } else { form_index(c) };
    Joining::new(get_joining_type(c), forms)
}

fn lam_alef_of(c: char) -> Option<&'static [u32; 2]> {
    LAM_ALEF.iter().find(|e| e.0 == c).map(|e| &e.1)
}

/// Shapes `items`, handing each output character to `emit` in logical order.
pub(super) fn shape(items: &[Item], lam_alef: LamAlef, emit: &mut impl FnMut(Item)) {
    let n = items.len();
    let block: &[Joining; 256] = &ARABIC_BLOCK;
    let picked: &[[char; 4]] = &PICKED;
    // Whether the last non-transparent character can join the next one.
    let mut prev_joins = false;
    // The next non-transparent index after the current one, and its
    // joining (looked up once: it becomes the current one later).
    let mut next = 0;
    let mut next_info = Joining::NONE;
    // An alef already drawn inside a lam-alef ligature.
    let mut absorbed = usize::MAX;
    for i in 0..n {
        let it = items[i];
        let info = if next == i && i > 0 {
            next_info
        } else {
            lookup(block, it.c)
        };
        if info.transparent {
            emit(it);
            continue;
        }
        if i == absorbed {
            prev_joins = false; // an alef never joins the letter after it
            continue;
        }
        if next <= i {
            next = i + 1;
            next_info = Joining::NONE;
            while next < n {
                next_info = lookup(block, items[next].c);
                if !next_info.transparent {
                    break;
                }
                next += 1;
            }
        }
        let joins_prev = prev_joins && info.joins_prev;
        let joins_next = next < n && next_info.joins_prev && info.joins_next;
        prev_joins = info.joins_next;
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
        let c = info
            .form_for(picked, joins_prev, joins_next)
            .unwrap_or(it.c);
        emit(Item { c, src: it.src });
    }
}

/// Where [`shape_clean`] hands the characters it writes.
pub(super) trait Emit {
    /// Takes the next display character.
    fn emit(&mut self, it: Item);
}

impl<F: FnMut(Item)> Emit for F {
    #[inline]
    fn emit(&mut self, it: Item) {
        self(it);
    }
}

/// A letter with presentation forms whose form waits for the next letter
/// that is not transparent.
struct Pending {
    c: char,
    src: (u32, u32),
    info: Joining,
    joins_prev: bool,
}

/// [`shape`] of the items `sanitize` makes of `text`, read straight from
/// the text when sanitizing leaves it as it is (no control character to
/// replace, no mark without a base to sit on), so that no item per
/// character is written and read back. A letter with presentation forms
/// waits for the next character that is not transparent (the transparent
/// ones after it wait with it); every other character is emitted as soon
/// as it is read. The same characters with the same sources come out, in
/// the same order (checked by a property test against [`shape`]).
///
/// Returns `false`, part of the paragraph emitted, at the first character
/// sanitizing would change: the caller then starts again with [`shape`].
pub(super) fn shape_clean(text: &str, lam_alef: LamAlef, emit: &mut impl Emit) -> bool {
    use unicode_bidi::BidiClass::NSM;
    let block: &[Joining; 256] = &ARABIC_BLOCK;
    let picked: &[[char; 4]] = &PICKED;
    // Whether the last character that is not transparent can join the next.
    let mut prev_joins = false;
    let mut pending: Option<Pending> = None;
    // The transparent characters after `pending`, and whether they are
    // all marks (only marks may sit inside a lam-alef ligature).
    let mut marks: Vec<Item> = Vec::new();
    let mut marks_nsm = true;
    // `sanitize`'s state: whether a mark here has a base to sit on.
    let mut can_attach = false;
    for (i, c) in text.char_indices() {
        let src = (to_u32(i), to_u32(i + c.len_utf8()));
        if super::prepare::is_forbidden_control(c) {
            return false;
        }
        let info = if c.is_ascii() {
            // Tab is the only ASCII character left that is no mark base.
            can_attach = c != '\t';
            Joining::NONE
        } else {
            let class = super::classes::class(c);
            if class == NSM {
                if !can_attach {
                    return false;
                }
            } else {
                can_attach = super::reorder::is_mark_base(c, class);
            }
            let info = lookup(block, c);
            if info.transparent {
                if pending.is_some() {
                    marks.push(Item { c, src });
                    marks_nsm &= class == NSM;
                } else {
                    emit.emit(Item { c, src });
                }
                continue;
            }
            info
        };
        // `c` is not transparent: it settles the waiting letter's form.
        if let Some(p) = pending.take() {
            if lam_alef == LamAlef::Ligature
                && p.c == LAM
                && marks_nsm
                && let Some(lig) = lam_alef_of(c)
            {
                let form = if p.joins_prev { lig[1] } else { lig[0] };
                emit.emit(Item {
                    c: char::from_u32(form).unwrap_or(p.c),
                    src: (p.src.0.min(src.0), p.src.1.max(src.1)),
                });
                marks.drain(..).for_each(|m| emit.emit(m));
                // The alef is drawn inside the ligature and never joins
                // the letter after it.
                prev_joins = false;
                continue;
            }
            let joins_next = info.joins_prev && p.info.joins_next;
            emit.emit(Item {
                c: p.info
                    .form_for(picked, p.joins_prev, joins_next)
                    .unwrap_or(p.c),
                src: p.src,
            });
            marks.drain(..).for_each(|m| emit.emit(m));
        }
        let joins_prev = prev_joins && info.joins_prev;
        prev_joins = info.joins_next;
        if info.form == u8::MAX && c != LAM {
            // No forms: drawn as it is, whatever follows.
            emit.emit(Item { c, src });
        } else {
            pending = Some(Pending {
                c,
                src,
                info,
                joins_prev,
            });
            marks_nsm = true;
        }
    }
    if let Some(p) = pending {
        emit.emit(Item {
            c: p.info.form_for(picked, p.joins_prev, false).unwrap_or(p.c),
            src: p.src,
        });
        marks.drain(..).for_each(|m| emit.emit(m));
    }
    true
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree_with_the_joining_type_table() {
        let block: &[Joining; 256] = &ARABIC_BLOCK;
        for cp in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected = Joining::new(get_joining_type(c), form_index(c));
            assert_eq!(lookup(block, c), expected, "U+{cp:04X}");
        }
    }

    #[test]
    fn picked_forms_are_the_first_existing_ones() {
        for (k, &(base, f)) in FORMS.iter().enumerate() {
            let info = Joining::new(get_joining_type(base), Some(k));
            for (prev, next) in [(false, false), (false, true), (true, false), (true, true)] {
                // The fallbacks as written out in full.
                let chain = match (prev, next) {
                    (true, true) => [f[3], f[1], f[0]],
                    (true, false) => [f[1], f[0], 0],
                    (false, true) => [f[2], f[0], 0],
                    (false, false) => [f[0], 0, 0],
                };
                let expected = chain
                    .iter()
                    .copied()
                    .find(|&x| x != 0)
                    .and_then(char::from_u32)
                    .unwrap_or(base);
                assert_eq!(
                    info.form_for(&PICKED, prev, next),
                    Some(expected),
                    "{base:?}"
                );
            }
        }
        assert_eq!(Joining::NONE.form_for(&PICKED, true, true), None);
    }
}
