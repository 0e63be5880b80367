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

/// `(words, rtl strong characters, ltr strong characters)` in one pass. A
/// letter or digit is a character of a strong or numeric bidi class (L, R,
/// AL, EN, AN).
fn counts(text: &str) -> (usize, usize, usize) {
    use unicode_bidi::BidiClass::{AL, AN, EN, L, R};
    let (mut words, mut rtl, mut ltr) = (0usize, 0usize, 0usize);
    let (mut in_token, mut counted) = (false, false);
    for c in text.chars() {
        if c.is_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            in_token = true;
            counted = false;
        }
        let wordy = if c.is_ascii() {
            ltr += usize::from(c.is_ascii_alphabetic());
            c.is_ascii_alphanumeric()
        } else {
            match crate::bidi::bidi_class(c) {
                R | AL => {
                    rtl += 1;
                    true
                }
                L => {
                    ltr += 1;
                    true
                }
                EN | AN => true,
                _ => false,
            }
        };
        if wordy && !counted {
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
