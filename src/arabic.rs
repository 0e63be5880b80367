//! Arabic-aware normalization and tokenization, the same at index and query
//! time (search) and for comparison; never for display.
//!
//! Rules (numbered as in docs/search.md §2): N7 presentation forms → NFKC
//! first; N1 alef with hamza/madda → alef; N2 alef maksura → yeh; N3 teh
//! marbuta → heh; N4 harakat and N6 other marks deleted; N5 tatweel
//! deleted; N8 Arabic-Indic and Persian digits → ASCII; N9 Persian letters
//! → Arabic; N10 hamza seats (ؤ → و, ئ → ي, on by default); N11 invisible
//! controls deleted inside words, ZWNJ a word break; N12 other scripts
//! lowercased. N13: tokens keep byte ranges into the original text. N16:
//! tokens longer than 100 bytes after normalization are dropped.
//!
//! Below this module root: [`clitics`] (the clitic-stripped form of a
//! token) and [`stop`] (the stop list).

pub mod clitics;
pub mod stop;

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

pub use clitics::{bare, is_bare_proclitic, strip_article};
pub use stop::stop_words;

/// Normalization switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// Rule N10: ؤ → و and ئ → ي.
    pub hamza_seats: bool,
    /// Rules N1–N9 (letters, marks, digits, presentation forms). Off in
    /// strict mode, where only case (N12) and invisible controls (N11) are
    /// folded.
    pub letters: bool,
}

impl Default for Fold {
    fn default() -> Self {
        Self {
            hamza_seats: true,
            letters: true,
        }
    }
}

impl Fold {
    /// Strict mode (docs/search.md Q7): no Arabic folding at all.
    pub const STRICT: Self = Self {
        hamza_seats: false,
        letters: false,
    };
}

/// Longest normalized token kept, in bytes (N16).
pub const MAX_TOKEN_BYTES: usize = 100;

/// Characters deleted inside words (N11): ZWJ, LRM, RLM, ALM, bidi
/// embeddings and isolates, BOM, soft hyphen.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Marks deleted by N4 and N6.
fn is_deleted_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0610}'..='\u{061A}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Appends the normalized form of one character (after NFKC) to `out`.
fn push_folded(c: char, fold: Fold, out: &mut String) {
    if !fold.letters {
        if is_ignorable(c) {
            return;
        }
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        return;
    }
    let mapped = match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}', // N1 (and wasla)
        '\u{0649}' => '\u{064A}',                                        // N2
        '\u{0629}' => '\u{0647}',                                        // N3
        '\u{0640}' => return,                                            // N5
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8), // N8
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{06CC}' | '\u{06D2}' => '\u{064A}', // N9
        '\u{06A9}' => '\u{0643}',
        '\u{06C0}' | '\u{06C1}' => '\u{0647}',
        '\u{0624}' if fold.hamza_seats => '\u{0648}', // N10
        '\u{0626}' if fold.hamza_seats => '\u{064A}',
        c if is_deleted_mark(c) || is_ignorable(c) => return,
        c if c.is_uppercase() => {
            out.extend(c.to_lowercase()); // N12
            return;
        }
        c => c,
    };
    out.push(mapped);
}

/// Normalizes a word (or any text) by N1–N12.
#[must_use]
pub fn normalize(text: &str, fold: Fold) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if fold.letters && matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
            // N7 first: presentation forms and ligatures to their letters.
            for d in std::iter::once(c).nfkc() {
                push_folded(d, fold, &mut out);
            }
        } else {
            push_folded(c, fold, &mut out);
        }
    }
    out
}

/// A normalized token and the bytes of the original text it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalized text.
    pub text: String,
    /// Byte range in the original text.
    pub range: Range<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
}

fn kind(c: char) -> Option<Kind> {
    // Letters and digits below U+0800 (Latin to Arabic and Thaana) are
    // remembered once looked up: `char::is_alphabetic` is a binary search.
    use std::sync::atomic::{AtomicU8, Ordering};
    static TABLE: [AtomicU8; 0x800] = [const { AtomicU8::new(0) }; 0x800];
    let cp = c as usize;
    if cp < 0x80 {
        return if c.is_ascii_alphabetic() {
            Some(Kind::Letter)
        } else if c.is_ascii_digit() {
            Some(Kind::Digit)
        } else {
            None
        };
    }
    if let Some(slot) = TABLE.get(cp) {
        let known = slot.load(Ordering::Relaxed);
        let k = if known == 0 {
            let k = slow_kind(c);
            slot.store(
                match k {
                    Some(Kind::Letter) => 1,
                    Some(Kind::Digit) => 2,
                    None => 3,
                },
                Ordering::Relaxed,
            );
            return k;
        } else {
            known
        };
        return match k {
            1 => Some(Kind::Letter),
            2 => Some(Kind::Digit),
            _ => None,
        };
    }
    slow_kind(c)
}

/// Whether `c` is a letter (as the tokenizer sees it).
#[must_use]
pub fn is_letter(c: char) -> bool {
    kind(c) == Some(Kind::Letter)
}

fn slow_kind(c: char) -> Option<Kind> {
    if c.is_numeric() {
        Some(Kind::Digit)
    } else if c.is_alphabetic() {
        Some(Kind::Letter)
    } else {
        None
    }
}

/// Characters that continue the current token without deciding its kind:
/// marks, tatweel and the N11 invisible controls.
fn continues(c: char) -> bool {
    c == '\u{0640}'
        || is_ignorable(c)
        || is_deleted_mark(c)
        || crate::bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
}

/// Splits `text` into normalized tokens: runs of letters, or of digits
/// (with `٫` `٬` `.` `,` between digits kept), marks and invisible controls
/// inside them; a change between letters and digits splits (`7فبراير` is
/// `7` and `فبراير`); ZWNJ and everything else separate tokens.
#[must_use]
pub fn tokenize(text: &str, fold: Fold) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<(usize, Kind)> = None;
    let mut chars = text.char_indices().peekable();
    let mut end = 0;
    let flush = |tokens: &mut Vec<Token>, range: Range<usize>| {
        let norm = normalize(&text[range.clone()], fold);
        if !norm.is_empty() && norm.len() <= MAX_TOKEN_BYTES {
            tokens.push(Token { text: norm, range });
        }
    };
    while let Some((i, c)) = chars.next() {
        let next_is_digit = chars
            .peek()
            .is_some_and(|&(_, n)| kind(n) == Some(Kind::Digit));
        match (start, kind(c)) {
            (Some((_, k)), Some(kc)) if k == kc => end = i + c.len_utf8(),
            (Some(_), None) if continues(c) => end = i + c.len_utf8(),
            (Some((_, Kind::Digit)), None)
                if matches!(c, '\u{066B}' | '\u{066C}' | '.' | ',') && next_is_digit =>
            {
                end = i + c.len_utf8();
            }
            (prev, Some(kc)) => {
                if let Some((s, _)) = prev {
                    flush(&mut tokens, s..end);
                }
                start = Some((i, kc));
                end = i + c.len_utf8();
            }
            (prev, None) => {
                if let Some((s, _)) = prev {
                    flush(&mut tokens, s..end);
                }
                start = None;
            }
        }
    }
    if let Some((s, _)) = start {
        flush(&mut tokens, s..end);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s, Fold::default())
    }

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, Fold::default())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn each_rule() {
        assert_eq!(n("أإآ"), "ااا"); // N1
        assert_eq!(n("على"), "علي"); // N2
        assert_eq!(n("مدرسة"), "مدرسه"); // N3
        assert_eq!(n("مُحَمَّدٌ"), "محمد"); // N4
        assert_eq!(n("العربيـــة"), "العربيه"); // N5 + N3
        assert_eq!(n("ذٰلك\u{0653}"), "ذلك"); // N6
        assert_eq!(n("\u{FEFB}"), "لا"); // N7
        assert_eq!(n("\u{FDF2}"), "الله");
        assert_eq!(n("٢٠٢٤ ۱۴۰۳"), "2024 1403"); // N8
        assert_eq!(n("ایران کتاب"), "ايران كتاب"); // N9
        assert_eq!(n("مسؤول مسئول"), "مسوول مسيول"); // N10
        assert_eq!(n("مسؤول"), normalize("مسؤول", Fold::default()));
        assert_eq!(
            normalize(
                "مسؤول",
                Fold {
                    hamza_seats: false,
                    ..Fold::default()
                }
            ),
            "مسؤول"
        );
        assert_eq!(n("ab\u{200D}c\u{200F}d\u{2067}e"), "abcde"); // N11
        assert_eq!(n("The Guardian"), "the guardian"); // N12
    }

    #[test]
    fn tokens_keep_offsets_into_the_original() {
        let text = "قالت «الجزيرة» إنّ ٢٠٢٤ كان 7فبراير و\u{200C}ها";
        let t = tokenize(text, Fold::default());
        for tok in &t {
            assert!(text.is_char_boundary(tok.range.start) && text.is_char_boundary(tok.range.end));
            assert_eq!(
                normalize(&text[tok.range.clone()], Fold::default()),
                tok.text
            );
        }
        let words: Vec<&str> = t.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "قالت",
                "الجزيره",
                "ان",
                "2024",
                "كان",
                "7",
                "فبراير",
                "و",
                "ها"
            ]
        );
    }

    #[test]
    fn numbers_keep_their_separators_and_split_from_letters() {
        assert_eq!(
            toks("٢٫٥ و1,250.50 بـ500"),
            ["2٫5", "و", "1,250.50", "ب", "500"]
        );
    }

    #[test]
    fn acceptance_pairs_fold_alike() {
        let pairs = [
            ("احمد", "أحمد"),
            ("اسلام", "إسلام"),
            ("القران", "القرآن"),
            ("أحمد", "احمد"),
            ("مستشفي", "مستشفى"),
            ("علي", "على"),
            ("القاهره", "القاهرة"),
            ("محمد", "مُحَمَّدٌ"),
            ("مدرسة", "مَدْرَسَة"),
            ("مدرسة", "مدرسه"),
            ("العربية", "العربيـــة"),
            ("ان", "إنّ"),
            ("الاسكندريه", "الإسكندرية"),
            ("٢٠٢٤", "2024"),
            ("ايران", "ایران"),
        ];
        for (q, d) in pairs {
            assert_eq!(toks(q), toks(d), "{q} vs {d}");
        }
        assert!(n("أعلنَ").starts_with(&n("اعل")));
        assert_ne!(toks("سلام"), toks("إسلام"));
        assert_ne!(toks("مسؤول"), toks("مسئول"));
    }

    #[test]
    fn empty_and_overlong_tokens_are_dropped() {
        assert!(toks("ـــ \u{064E}").is_empty());
        let long = "ب".repeat(60);
        assert!(toks(&long).is_empty());
    }
}
