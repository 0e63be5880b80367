//! What the library shows of a text besides its title: the word count and
//! the dominant direction, counted in one pass (on two threads for texts of
//! a megabyte or more).

use super::TextDirection;

/// The direction from counts of strong characters.
fn direction(rtl: usize, ltr: usize) -> TextDirection {
    let total = rtl + ltr;
    if total == 0 || rtl * 10 <= total * 3 {
        TextDirection::Ltr
    } else if rtl * 10 >= total * 7 {
        TextDirection::Rtl
    } else {
        TextDirection::Mixed
    }
}

/// Word count and direction. Words are whitespace-separated tokens holding
/// a letter or digit. Large texts are cut at whitespace and counted on two
/// threads.
pub(crate) fn stats(text: &str) -> (usize, TextDirection) {
    const PARALLEL: usize = 1 << 20;
    let mid = (text.len() / 2..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let cut = (text.len() >= PARALLEL)
        .then(|| text[mid..].find(char::is_whitespace).map(|i| mid + i))
        .flatten();
    let (words, rtl, ltr) = match cut {
        Some(cut) => {
            let (a, b) = text.split_at(cut);
            let (x, y) = std::thread::scope(|s| {
                let h = s.spawn(|| counts(b));
                (counts(a), h.join().unwrap_or_else(|_| counts(b)))
            });
            (x.0 + y.0, x.1 + y.1, x.2 + y.2)
        }
        None => counts(text),
    };
    (words, direction(rtl, ltr))
}

/// What a character counts as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Right-to-left strong (R, AL): a word character.
    Rtl,
    /// Left-to-right strong (L): a word character.
    Ltr,
    /// A number (EN, AN): a word character.
    Number,
    /// Anything else.
    Other,
}

fn kind(c: char) -> Kind {
    use unicode_bidi::BidiClass::{AL, AN, EN, L, R};
    match crate::bidi::bidi_class(c) {
        R | AL => Kind::Rtl,
        L => Kind::Ltr,
        EN | AN => Kind::Number,
        _ => Kind::Other,
    }
}

/// First character of the range whose kinds one pass remembers
/// (Armenian to Arabic: the scripts of right-to-left corpora).
const CACHED_FROM: u32 = 0x0500;

/// `(words, rtl strong characters, ltr strong characters)` in one pass. A
/// letter or digit is a character of a strong or numeric bidi class (L, R,
/// AL, EN, AN).
fn counts(text: &str) -> (usize, usize, usize) {
    let (mut words, mut rtl, mut ltr) = (0usize, 0usize, 0usize);
    let (mut in_token, mut counted) = (false, false);
    // Kinds of U+0500..U+06FF, looked up once per text.
    let mut cached: [Option<Kind>; 0x200] = [None; 0x200];
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
                Some(slot) => *slot.get_or_insert_with(|| kind(c)),
                None => kind(c),
            }
        };
        match k {
            Kind::Rtl => rtl += 1,
            Kind::Ltr => ltr += 1,
            Kind::Number | Kind::Other => {}
        }
        if k != Kind::Other && !counted {
            counted = true;
            words += 1;
        }
    }
    (words, rtl, ltr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_direction() {
        assert_eq!(stats("قال أحمد: 2024 - ok"), (4, TextDirection::Rtl));
        assert_eq!(stats("hello عالم كبير"), (3, TextDirection::Mixed));
        assert_eq!(stats("  \n "), (0, TextDirection::Ltr));
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
            let expected = match kind(c) {
                Kind::Rtl => (1, 1, 0),
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
    fn large_texts_are_counted_in_parallel_like_small_ones() {
        let one = String::from_utf8_lossy(crate::sample::FILES[0].1).into_owned();
        // Over the parallel threshold, with the midpoint inside a letter.
        let mut big = one.repeat(2 * (1 << 20) / one.len() + 1);
        big.insert(0, 'x');
        let (words, dir) = stats(&big);
        assert_eq!(words, counts(&big).0);
        assert_eq!(dir, TextDirection::Rtl);
    }
}
