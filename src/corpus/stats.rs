//! What the library shows of a text besides its title: the word count, the
//! dominant direction and the language (docs/search.md §2a), counted in one
//! pass (on two threads for texts of a megabyte or more).

use super::TextDirection;
use crate::arabic::{self, Lang, lang::Letters};

/// The direction from counts of strong characters.
fn direction_of(rtl: usize, ltr: usize) -> TextDirection {
    let total = rtl + ltr;
    if total == 0 || rtl * 10 <= total * 3 {
        TextDirection::Ltr
    } else if rtl * 10 >= total * 7 {
        TextDirection::Rtl
    } else {
        TextDirection::Mixed
    }
}

/// Word count, direction and language. Words are whitespace-separated
/// tokens holding a letter or digit (W3: a lone punctuation mark, `؟`,
/// `۔`, Hebrew's paseq `׀`, is no word). Large texts are cut at whitespace
/// and counted on two threads.
pub(crate) fn stats(text: &str) -> (usize, TextDirection, Lang) {
    const PARALLEL: usize = 1 << 20;
    let mid = (text.len() / 2..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let cut = (text.len() >= PARALLEL)
        .then(|| text[mid..].find(char::is_whitespace).map(|i| mid + i))
        .flatten();
    let (words, rtl, ltr, letters) = match cut {
        Some(cut) => {
            let (a, b) = text.split_at(cut);
            let (x, y) = std::thread::scope(|s| {
                let h = s.spawn(|| counts(b));
                (counts(a), h.join().unwrap_or_else(|_| counts(b)))
            });
            let mut letters = x.3;
            letters.merge(&y.3);
            (x.0 + y.0, x.1 + y.1, x.2 + y.2, letters)
        }
        None => counts(text),
    };
    (words, direction_of(rtl, ltr), letters.lang())
}

/// The direction alone, as [`stats`] finds it, in a lighter pass: no word
/// boundaries, no letter classes. A character counts towards the direction
/// as [`kind`] says, and no whitespace character is of class L, R or AL, so
/// whitespace needs no test of its own.
pub(crate) fn direction(text: &str) -> TextDirection {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    let mut cached: [Option<Kind>; 0x200] = [None; 0x200];
    for c in text.chars() {
        let k = if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                Kind::Ltr
            } else {
                Kind::Other
            }
        } else {
            match (c as u32)
                .checked_sub(CACHED_FROM)
                .and_then(|i| cached.get_mut(i as usize))
            {
                Some(slot) => *slot.get_or_insert_with(|| kind(c)),
                None => kind(c),
            }
        };
        match k {
            Kind::Rtl | Kind::RtlMark => rtl += 1,
            Kind::Ltr => ltr += 1,
            Kind::Number | Kind::Other => {}
        }
    }
    direction_of(rtl, ltr)
}

/// What a character counts as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A right-to-left letter (bidi class R or AL).
    Rtl,
    /// A left-to-right letter (bidi class L).
    Ltr,
    /// A digit.
    Number,
    /// Right-to-left but no letter (`؟`, `۔`, `׀`): counts for the
    /// direction, makes no word.
    RtlMark,
    /// Anything else.
    Other,
}

fn kind(c: char) -> Kind {
    use unicode_bidi::BidiClass::{AL, L, R};
    let word = arabic::is_word_char(c);
    match crate::bidi::bidi_class(c) {
        R | AL if word && !c.is_numeric() => Kind::Rtl,
        R | AL => Kind::RtlMark,
        L if word && !c.is_numeric() => Kind::Ltr,
        _ if word && c.is_numeric() => Kind::Number,
        L => Kind::Ltr,
        _ => Kind::Other,
    }
}

/// First character of the range whose kinds one pass remembers
/// (Armenian to Arabic: the scripts of right-to-left corpora).
const CACHED_FROM: u32 = 0x0500;

/// `(words, rtl strong characters, ltr strong characters, letters)` in one
/// pass. A word holds a letter or a digit (alphabetic or numeric).
fn counts(text: &str) -> (usize, usize, usize, Letters) {
    let (mut words, mut rtl, mut ltr) = (0usize, 0usize, 0usize);
    let mut letters = Letters::default();
    let (mut in_token, mut counted) = (false, false);
    // Kinds and letter classes of U+0500..U+06FF (every letter `Letters`
    // counts is there), looked up once per text.
    let mut cached: [Option<(Kind, u8)>; 0x200] = [None; 0x200];
    for c in text.chars() {
        if c.is_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            in_token = true;
            counted = false;
        }
        let k = if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                Kind::Ltr
            } else if c.is_ascii_digit() {
                Kind::Number
            } else {
                Kind::Other
            }
        } else {
            match (c as u32)
                .checked_sub(CACHED_FROM)
                .and_then(|i| cached.get_mut(i as usize))
            {
                Some(slot) => {
                    let (k, class) =
                        *slot.get_or_insert_with(|| (kind(c), arabic::lang::letter_class(c)));
                    letters.add_class(class);
                    k
                }
                None => kind(c),
            }
        };
        match k {
            Kind::Rtl | Kind::RtlMark => rtl += 1,
            Kind::Ltr => ltr += 1,
            Kind::Number | Kind::Other => {}
        }
        if matches!(k, Kind::Rtl | Kind::Ltr | Kind::Number) && !counted {
            counted = true;
            words += 1;
        }
    }
    (words, rtl, ltr, letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_direction() {
        let wd = |s: &str| {
            let (w, d, _) = stats(s);
            (w, d)
        };
        assert_eq!(wd("قال أحمد: 2024 - ok"), (4, TextDirection::Rtl));
        assert_eq!(wd("hello عالم كبير"), (3, TextDirection::Mixed));
        assert_eq!(wd("  \n "), (0, TextDirection::Ltr));
        // W3: a lone punctuation mark is no word.
        assert_eq!(wd("هل جاء ؟ نعم ۔"), (3, TextDirection::Rtl));
        assert_eq!(wd("אֱלֹהִ֤ים ׀ לָאוֹר"), (2, TextDirection::Rtl));
    }

    #[test]
    fn the_language_is_told_by_the_letters() {
        assert_eq!(stats("قال الرئيس").2, Lang::Arabic);
        assert_eq!(
            stats("که عشق آسان نمود اول ولی افتاد مشکل ها").2,
            Lang::Persian
        );
        assert_eq!(stats("שלום עולם").2, Lang::Hebrew);
        assert_eq!(stats("hello").2, Lang::Other);
    }

    #[test]
    fn remembered_kinds_are_the_bidi_classes() {
        // Every character of the remembered range, alone and twice (the
        // second time from memory), counts as its bidi class says.
        for cp in CACHED_FROM..CACHED_FROM + 0x200 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let one = counts(&c.to_string());
            let one = (one.0, one.1, one.2);
            let expected = match kind(c) {
                Kind::Rtl => (1, 1, 0),
                Kind::RtlMark => (0, 1, 0),
                Kind::Ltr => (1, 0, 1),
                Kind::Number => (1, 0, 0),
                Kind::Other => (0, 0, 0),
            };
            let expected = if c.is_whitespace() {
                (0, 0, 0)
            } else {
                expected
            };
            assert_eq!(one, expected, "U+{cp:04X}");
            let twice = counts(&format!("{c}{c}"));
            assert_eq!((twice.1, twice.2), (one.1 * 2, one.2 * 2), "U+{cp:04X}");
        }
    }

    #[test]
    fn the_direction_alone_is_the_one_of_the_full_count() {
        for (_, bytes) in crate::sample::FILES {
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(direction(&text), stats(&text).1);
        }
        // Every code point of the Basic Multilingual Plane, among Arabic
        // and Latin letters in proportions around both thresholds.
        for cp in 0..=0xFFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for (rtl, ltr) in [(0, 0), (2, 1), (7, 3), (3, 7), (1, 1), (6, 4)] {
                let text = format!("{}{c}{}{c}", "ب".repeat(rtl), "b".repeat(ltr));
                assert_eq!(direction(&text), stats(&text).1, "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn large_texts_are_counted_in_parallel_like_small_ones() {
        let one = String::from_utf8_lossy(crate::sample::FILES[0].1).into_owned();
        // Over the parallel threshold, with the midpoint inside a letter.
        let mut big = one.repeat(2 * (1 << 20) / one.len() + 1);
        big.insert(0, 'x');
        let (words, dir, _) = stats(&big);
        assert_eq!(words, counts(&big).0);
        assert_eq!(dir, TextDirection::Rtl);
    }
}
