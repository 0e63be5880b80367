//! An own resolver for the common mixed paragraph: rules W1–W7, N0–N2 and
//! I1–I2 of the Unicode Bidirectional Algorithm (UAX #9 §3.3.4–§3.3.6) when
//! the explicit rules have nothing to do.
//!
//! A paragraph without explicit embeddings, overrides or isolates (classes
//! LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI) and without a paragraph
//! separator (class B) is a single level run at the paragraph level, so a
//! single isolating run sequence whose sos and eos are the paragraph's
//! direction (X1–X10 reduce to that). Characters of class BN are removed
//! (X9) and afterwards take the level of the character before them (the
//! paragraph level at the start), as unicode-bidi assigns them.
//!
//! This is what news text with Latin names, digits and brackets inside
//! Arabic or Hebrew needs, and it runs with one class per character in a
//! few linear passes, where unicode-bidi keeps several per-byte vectors and
//! builds level runs and run sequences. Every other paragraph goes to
//! unicode-bidi. Both give the same levels: the Unicode conformance test
//! (`tests/conformance.rs`, through [`super::reorder::conformance`]) and a
//! property test against unicode-bidi check it.

use unicode_bidi::BidiClass::{
    self, AL, AN, B, BN, CS, EN, ES, ET, FSI, L, LRE, LRI, LRO, NSM, ON, PDF, PDI, R, RLE, RLI,
    RLO, S, WS,
};
use unicode_bidi::BidiDataSource;

use super::classes;

/// The per-byte levels of `text` at paragraph level `para` (0 or 1), or
/// `None` when the paragraph needs the explicit rules (see the module's
/// doc).
#[must_use]
pub fn levels(text: &str, para: u8) -> Option<Vec<u8>> {
    // The characters that X9 keeps: their byte offsets, characters and
    // classes, in order.
    let mut at: Vec<u32> = Vec::with_capacity(text.len() / 2 + 1);
    let mut chars: Vec<char> = Vec::with_capacity(text.len() / 2 + 1);
    let mut cls: Vec<BidiClass> = Vec::with_capacity(text.len() / 2 + 1);
    for (i, c) in text.char_indices() {
        let class = classes::class(c);
        match class {
            LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI | B => return None,
            BN => continue,
            _ => {}
        }
        at.push(u32::try_from(i).ok()?);
        chars.push(c);
        cls.push(class);
    }
    let original = cls.clone();
    let e = if para % 2 == 1 { R } else { L };
    weak(&mut cls, e);
    brackets(&chars, &original, &mut cls, e);
    neutrals(&mut cls, e);

    // I1–I2, then every byte of a character at its level. A BN character
    // (X9) lies between two kept characters' starts and so takes the level
    // of the one before it; those before the first stay at `para`.
    let mut out = vec![para; text.len()];
    for k in 0..cls.len() {
        let start = at[k] as usize;
        let end = at.get(k + 1).map_or(text.len(), |&n| n as usize);
        out[start..end].fill(implicit(para, cls[k]));
    }
    Some(out)
}

/// Per-byte levels of a paragraph at level `para` (0 or 1): from
/// [`levels`] when it applies, else from unicode-bidi.
#[must_use]
pub fn paragraph_levels(text: &str, para: u8) -> Vec<u8> {
    if let Some(levels) = levels(text, para) {
        return levels;
    }
    let level = if para % 2 == 1 {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    };
    let info =
        unicode_bidi::ParagraphBidiInfo::new_with_data_source(&classes::Cached, text, Some(level));
    info.levels.iter().map(|l| l.number()).collect()
}

/// Rules I1 and I2.
fn implicit(para: u8, class: BidiClass) -> u8 {
    match (para % 2 == 1, class) {
        (false, R) => para + 1,
        (false, AN | EN) => para + 2,
        (true, L | EN | AN) => para + 1,
        _ => para,
    }
}

/// Rules W1–W7 over the run sequence, `e` being sos and eos.
fn weak(cls: &mut [BidiClass], e: BidiClass) {
    let n = cls.len();
    // W1 (NSM takes the class before it), W2 (EN after AL is AN), W3 (AL
    // is R), in one pass: each reads the classes the previous rule left.
    let mut prev = e;
    let mut last_strong = e;
    for c in cls.iter_mut() {
        let w1 = if *c == NSM { prev } else { *c };
        prev = w1;
        if matches!(w1, L | R | AL) {
            last_strong = w1;
        }
        *c = match w1 {
            EN if last_strong == AL => AN,
            AL => R,
            other => other,
        };
    }
    // W4: a single ES between two ENs is EN; a single CS between two
    // numbers of the same type takes that type.
    for i in 1..n.saturating_sub(1) {
        let (before, after) = (cls[i - 1], cls[i + 1]);
        cls[i] = match (before, cls[i], after) {
            (EN, ES | CS, EN) => EN,
            (AN, CS, AN) => AN,
            (_, c, _) => c,
        };
    }
    // W5: a sequence of ETs next to an EN becomes EN.
    let mut i = 0;
    while i < n {
        if cls[i] != ET {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && cls[i] == ET {
            i += 1;
        }
        let touches_en = (start > 0 && cls[start - 1] == EN) || (i < n && cls[i] == EN);
        if touches_en {
            cls[start..i].fill(EN);
        }
    }
    // W6: separators and terminators left are ON. W7: EN after L (or an
    // L sos) is L.
    let mut last_strong = e;
    for c in cls.iter_mut() {
        match *c {
            ES | ET | CS => *c = ON,
            EN if last_strong == L => *c = L,
            L | R => last_strong = *c,
            _ => {}
        }
    }
}

/// The normalized opening bracket of a paired bracket and whether `c`
/// opens (BidiBrackets.txt, U+2329/U+232A taken as U+3008/U+3009).
fn bracket(c: char) -> Option<(char, bool)> {
    match c {
        '(' => Some(('(', true)),
        ')' => Some(('(', false)),
        '[' => Some(('[', true)),
        ']' => Some(('[', false)),
        '{' => Some(('{', true)),
        '}' => Some(('{', false)),
        c if c.is_ascii() => None,
        c => classes::Cached
            .bidi_matched_opening_bracket(c)
            .map(|m| (m.opening, m.is_open)),
    }
}

/// Strong direction for N0 and N1: EN and AN count as R.
fn strong(class: BidiClass) -> Option<BidiClass> {
    match class {
        L => Some(L),
        R | EN | AN => Some(R),
        _ => None,
    }
}

/// Rule N0: bracket pairs (BD16, a stack of 63) take the embedding
/// direction when they hold a strong type of it, else the opposite
/// direction when they hold that and the context before them has it too.
/// NSMs right after a bracket that changed follow it.
fn brackets(chars: &[char], original: &[BidiClass], cls: &mut [BidiClass], e: BidiClass) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if cls[i] != ON {
            continue;
        }
        let Some((opening, open)) = bracket(c) else {
            continue;
        };
        if open {
            if stack.len() >= 63 {
                break;
            }
            stack.push((opening, i));
        } else if let Some(k) = stack.iter().rposition(|&(o, _)| o == opening) {
            pairs.push((stack[k].1, i));
            stack.truncate(k);
        }
    }
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable_by_key(|p| p.0);
    for (open, close) in pairs {
        let inside = cls[open + 1..close].iter().filter_map(|&c| strong(c));
        let mut found_opposite = false;
        let mut found_e = false;
        for s in inside {
            if s == e {
                found_e = true;
                break;
            }
            found_opposite = true;
        }
        let set = if found_e {
            e
        } else if found_opposite {
            cls[..open]
                .iter()
                .rev()
                .find_map(|&c| strong(c))
                .unwrap_or(e)
        } else {
            continue;
        };
        for b in [open, close] {
            cls[b] = set;
            for k in b + 1..cls.len() {
                if original[k] != NSM {
                    break;
                }
                cls[k] = set;
            }
        }
    }
}

/// Rules N1 and N2: a sequence of neutrals between two strong types of the
/// same direction (EN and AN counting as R; sos and eos at the ends) takes
/// it, else the embedding direction.
fn neutrals(cls: &mut [BidiClass], e: BidiClass) {
    let n = cls.len();
    let mut before = e;
    let mut i = 0;
    while i < n {
        if !matches!(cls[i], B | S | WS | ON) {
            before = strong(cls[i]).unwrap_or(before);
            i += 1;
            continue;
        }
        let start = i;
        while i < n && matches!(cls[i], B | S | WS | ON) {
            i += 1;
        }
        let after = if i < n {
            strong(cls[i]).unwrap_or(e)
        } else {
            e
        };
        cls[start..i].fill(if before == after { before } else { e });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// unicode-bidi's per-byte levels at paragraph level `para`.
    fn reference(text: &str, para: u8) -> Vec<u8> {
        let level = unicode_bidi::Level::new(para).expect("level");
        let info = unicode_bidi::ParagraphBidiInfo::new_with_data_source(
            &classes::Cached,
            text,
            Some(level),
        );
        info.levels.iter().map(|l| l.number()).collect()
    }

    /// Every class the resolver handles, several times over where rules
    /// look at neighbours: letters (L, R, AL), numbers (EN, AN), separators
    /// and terminators (ES, CS, ET), marks (NSM), removed characters (BN),
    /// neutrals (WS, S, ON), brackets with their canonical equivalents.
    const POOL: &str = "aZ אב ابت 09 ٠٩ ۰ +-−,.:/،#$%°٪ \t!\"«»;؟ ()[]{}〈〉\u{2329}\u{232A} \u{064E}\u{0651}\u{0300}\u{05B8} \u{200C}\u{200D}\u{00AD}\u{FEFF}\u{200B} \u{200E}\u{200F}\u{061C}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// The own resolver gives unicode-bidi's levels, byte for byte, at
        /// both paragraph levels.
        #[test]
        fn agrees_with_unicode_bidi(
            v in prop::collection::vec(prop::sample::select(POOL.chars().collect::<Vec<_>>()), 0..48),
            para in 0u8..2,
        ) {
            let text: String = v.into_iter().collect();
            let own = levels(&text, para).expect("no explicit formatting in the pool");
            prop_assert_eq!(own, reference(&text, para), "{:?} at {}", text, para);
        }
    }

    #[test]
    fn explicit_formatting_and_separators_are_left_to_unicode_bidi() {
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
            assert_eq!(levels(&format!("ab{c}ج"), 0), None);
        }
        for c in [
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{2029}', '\u{1C}',
        ] {
            assert_eq!(levels(&format!("ab{c}ج"), 1), None);
        }
        assert_eq!(
            paragraph_levels("a\u{202B}ب\u{202C}", 0),
            reference("a\u{202B}ب\u{202C}", 0)
        );
    }

    /// Most cases of the conformance test (run in full by
    /// tests/conformance.rs) go through the own resolver: check those
    /// against unicode-bidi too, and that they are the many.
    #[test]
    fn conformance_cases_without_explicit_formatting_agree() {
        let data = include_str!("../../tests/data/BidiCharacterTest.txt");
        let (mut own, mut all) = (0, 0);
        for line in data
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let f: Vec<&str> = line.split(';').collect();
            let text: String = f[0]
                .split_whitespace()
                .filter_map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
                .collect();
            all += 1;
            for para in 0..2 {
                if let Some(levels) = levels(&text, para) {
                    own += usize::from(para == 0);
                    assert_eq!(levels, reference(&text, para), "{line}");
                }
            }
        }
        assert!(own * 2 > all, "{own} of {all}");
    }
}
