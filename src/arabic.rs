//! Analysis for search and comparison, the same at index and query time;
//! never for display. Letters are folded and marks removed per script
//! (docs/search.md §2: N1–N16 for the Arabic script, H1–H4 for Hebrew,
//! P1–P4 for Persian and Urdu, A1–A5 for Quranic spellings, W1–W3 for
//! words), and text is cut into tokens that keep byte ranges into the
//! original (N13).
//!
//! Below this module root: [`clitics`] (the clitic-stripped keys of a
//! token: Arabic proclitics, Hebrew prefixes, Persian compounds), [`stop`]
//! (the stop list), [`lang`] (a text's language from its letters),
//! [`translit`] and [`keyboard`] (a query typed in Latin letters, read as a
//! romanization or as keys of another layout).

pub mod clitics;
pub mod close;
pub mod keyboard;
pub mod lang;
pub mod stop;
pub mod translit;

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

pub use clitics::{bare_keys, is_bare_proclitic, strip_article};
pub use lang::Lang;
pub use stop::stop_words;

/// Normalization switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// Rule N10: ؤ → و and ئ → ي.
    pub hamza_seats: bool,
    /// Every folding rule but N11–N13 (letters, marks, digits, presentation
    /// forms). Off in strict mode, where only case (N12) and invisible
    /// controls (N11) are folded.
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
    /// Strict mode (docs/search.md Q7): no folding of letters or marks.
    pub const STRICT: Self = Self {
        hamza_seats: false,
        letters: false,
    };
}

/// Longest normalized token kept, in bytes (N16).
pub const MAX_TOKEN_BYTES: usize = 100;

/// ZERO WIDTH NON-JOINER: inside a word it joins (W1).
pub const ZWNJ: char = '\u{200C}';

/// Characters deleted inside words (N11): ZWJ, ZWNJ (W1), LRM, RLM, ALM,
/// bidi embeddings and isolates, BOM, soft hyphen.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Marks deleted: every combining mark of the Arabic blocks (N4, N6: harakat,
/// superscript alef, small high letters, Quranic annotation marks, open
/// tanween U+08F0–U+08F2), the small waw and yeh U+06E5 U+06E6, and
/// Hebrew's points, cantillation and CGJ (H1). Not the Quranic signs that
/// stand alone (U+06DD end of ayah, U+06DE, U+06E9, U+08E2).
fn is_deleted_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0898}'..='\u{089F}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'
        | '\u{05C2}'
        | '\u{05C4}'
        | '\u{05C5}'
        | '\u{05C7}'
        | '\u{034F}')
}

/// A Hebrew letter (U+05D0–U+05EA).
#[must_use]
pub fn is_hebrew_letter(c: char) -> bool {
    matches!(c, '\u{05D0}'..='\u{05EA}')
}

/// Gershayim (or `"`) in an abbreviation, geresh (or `'`) after a letter
/// (H3): kept inside a Hebrew word, deleted from its key.
fn is_hebrew_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{05F3}' | '\u{05F4}' | '\u{2019}')
}

/// Presentation forms and ligatures (N7), Hebrew's included (H1).
fn is_presentation(c: char) -> bool {
    matches!(c, '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Appends `alef` (N1), dropping a standalone hamza just before it: `ءا` is
/// written for `آ` in the Quran (A2).
fn push_alef(out: &mut String) {
    if out.ends_with('\u{0621}') {
        out.pop();
    }
    out.push('\u{0627}');
}

/// Appends the key of one character. `prev` is the character before it in
/// the text, `rest` the text after it; `full` writes out the Quranic small
/// letters (A1).
fn fold_char(
    c: char,
    prev: char,
    rest: &str,
    fold: Fold,
    lang: Lang,
    full: bool,
    out: &mut String,
) {
    if is_ignorable(c) || (is_hebrew_quote(c) && is_hebrew_letter(prev)) {
        return;
    }
    if !fold.letters {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        return;
    }
    let mapped = match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0627}' => {
            push_alef(out); // N1 (and wasla)
            return;
        }
        '\u{0649}' => '\u{064A}',              // N2
        '\u{0629}' | '\u{06C3}' => '\u{0647}', // N3, P2
        '\u{0640}' => return,                  // N5
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8), // N8
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{06CC}' | '\u{06D2}' => '\u{064A}', // N9
        '\u{06A9}' => '\u{0643}',
        '\u{06C0}' | '\u{06C1}' => '\u{0647}',
        '\u{06BE}' if lang != Lang::Urdu => '\u{0647}', // P3
        '\u{0624}' if fold.hamza_seats => '\u{0648}',   // N10
        '\u{0626}' if fold.hamza_seats => '\u{064A}',
        '\u{0670}' if full => {
            // A1: the superscript alef written out; after a waw (الصلوٰة)
            // or a medial alef maksura (التورىٰة) it replaces that letter.
            match prev {
                '\u{0648}' => {
                    out.pop();
                    push_alef(out);
                }
                '\u{0649}' => {
                    if rest.chars().any(is_letter) {
                        out.pop();
                        push_alef(out);
                    }
                }
                _ => push_alef(out),
            }
            return;
        }
        '\u{06E7}' if full => '\u{064A}', // A1: small high yeh
        c if is_deleted_mark(c) => return,
        // Hebrew and Arabic have no case: no table lookup for them.
        c @ '\u{0590}'..='\u{06FF}' => c,
        c if c.is_uppercase() => {
            out.extend(c.to_lowercase()); // N12
            return;
        }
        c => c,
    };
    out.push(mapped);
}

fn fold_into(text: &str, fold: Fold, lang: Lang, full: bool, out: &mut String) {
    let mut prev = '\0';
    // The last character that is not a mark: a hamza above a tatweel may
    // have a haraka between them (A4).
    let mut base = '\0';
    for (i, c) in text.char_indices() {
        if fold.letters && is_presentation(c) {
            // N7 first: presentation forms and ligatures to their letters
            // (an isolated haraka's form has a space before its mark).
            let lone_mark = matches!(c, '\u{FE70}'..='\u{FE7F}' | '\u{FC5E}'..='\u{FC63}');
            for d in std::iter::once(c).nfkc() {
                if !(lone_mark && d == ' ') {
                    fold_char(d, prev, "", fold, lang, full, out);
                }
                prev = d;
            }
            continue;
        }
        if c == '\u{0654}' && base == '\u{0640}' && fold.letters && fold.hamza_seats {
            out.push('\u{064A}'); // A4
        } else {
            fold_char(c, prev, &text[i + c.len_utf8()..], fold, lang, full, out);
        }
        if !is_deleted_mark(c) {
            base = c;
        }
        prev = c;
    }
}

/// Normalizes a word (or any text) with the rules of a text of no known
/// language (see [`normalize_in`]).
#[must_use]
pub fn normalize(text: &str, fold: Fold) -> String {
    normalize_in(text, fold, Lang::Other)
}

/// Normalizes a word (or any text) of a text in `lang`: N1–N12, H1–H3,
/// P1–P3, A2–A4.
#[must_use]
pub fn normalize_in(text: &str, fold: Fold, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, fold, lang, false, &mut out);
    out
}

/// The Quranic spelling written out (A1): the superscript alef as an alef
/// (replacing the waw of الصلوٰة), the small high yeh as a yeh. `None` when
/// the word has none of them or it makes no difference.
fn quranic_full(original: &str, key: &str, fold: Fold, lang: Lang) -> Option<String> {
    if !fold.letters || !original.contains(['\u{0670}', '\u{06E7}']) {
        return None;
    }
    let mut out = String::with_capacity(original.len());
    fold_into(original, fold, lang, true, &mut out);
    (out != key && !out.is_empty() && out.len() <= MAX_TOKEN_BYTES).then_some(out)
}

/// A normalized token and the bytes of the original text it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalized text: the key.
    pub text: String,
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// A second key at the same position: the Quranic spelling written out
    /// (A1), `ٱلۡعَٰلَمِينَ` → `العالمين` beside `العلمين`.
    pub alt: Option<String>,
}

impl Token {
    /// Whether `key` is one of the token's keys.
    #[must_use]
    pub fn is(&self, key: &str) -> bool {
        self.text == key || self.alt.as_deref() == Some(key)
    }

    /// Whether one of the token's keys starts with `prefix`.
    #[must_use]
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.text.starts_with(prefix) || self.alt.as_deref().is_some_and(|a| a.starts_with(prefix))
    }
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

/// Whether `c` is a letter or a digit (as the tokenizer sees it): what a
/// word is made of (W3).
#[must_use]
pub fn is_word_char(c: char) -> bool {
    kind(c).is_some()
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
/// marks, tatweel and the N11 invisible controls (but not ZWNJ, which
/// [`tokenize_in`] looks at on its own).
fn continues(c: char) -> bool {
    c == '\u{0640}'
        || (is_ignorable(c) && c != ZWNJ)
        || is_deleted_mark(c)
        || crate::bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
}

/// The words of a ligature that stands for several (W2): ﷺ, ﷻ (by their
/// compatibility decomposition), ﷽ and the two Unicode gives none (by
/// their names).
fn word_ligature(c: char) -> Option<String> {
    match c {
        '\u{FDFD}' => Some("بسم الله الرحمن الرحيم".to_owned()),
        '\u{FDFE}' => Some("سبحانه وتعالى".to_owned()),
        '\u{FDFF}' => Some("عز وجل".to_owned()),
        '\u{FDF0}'..='\u{FDFC}' => {
            let s: String = std::iter::once(c).nfkc().collect();
            s.contains(' ').then_some(s)
        }
        _ => None,
    }
}

/// Splits `text` into normalized tokens (see [`tokenize_in`]), as for a
/// text of no known language.
#[must_use]
pub fn tokenize(text: &str, fold: Fold) -> Vec<Token> {
    tokenize_in(text, fold, Lang::Other)
}

/// Splits `text`, written in `lang`, into normalized tokens: runs of
/// letters, or of digits (with `٫` `٬` `.` `,` between digits kept), marks
/// and invisible controls inside them; a change between letters and digits
/// splits (`7فبراير` is `7` and `فبراير`). ZWNJ between letters joins (W1);
/// gershayim and geresh stay inside a Hebrew word (H3); a ligature that
/// stands for several words gives those words (W2); everything else
/// separates tokens.
#[must_use]
pub fn tokenize_in(text: &str, fold: Fold, lang: Lang) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<(usize, Kind)> = None;
    let mut chars = text.char_indices().peekable();
    let mut end = 0;
    let mut prev = '\0';
    let flush = |tokens: &mut Vec<Token>, range: Range<usize>| {
        let original = &text[range.clone()];
        let mut norm = normalize_in(original, fold, lang);
        // ZWNJ is E2 80 8C in UTF-8; Arabic and Hebrew letters never
        // contain an E2 byte (a byte search, not a string search).
        if original.as_bytes().contains(&0xE2) && original.contains(ZWNJ) {
            // P4: a kasre-ye ezafe written as a yeh after ZWNJ is ignored.
            if let Some((head, last)) = original.rsplit_once(ZWNJ)
                && normalize_in(last, fold, lang) == "\u{064A}"
                && fold.letters
            {
                norm = normalize_in(head, fold, lang);
            }
        }
        if !norm.is_empty() && norm.len() <= MAX_TOKEN_BYTES {
            let alt = quranic_full(original, &norm, fold, lang);
            tokens.push(Token {
                text: norm,
                range,
                alt,
            });
        }
    };
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let next_is_digit = next.is_some_and(|n| kind(n) == Some(Kind::Digit));
        let here = kind(c);
        if fold.letters
            && let Some(words) = word_ligature(c)
        {
            if let Some((s, _)) = start.take() {
                flush(&mut tokens, s..end);
            }
            for w in words.split(' ') {
                let norm = normalize_in(w, fold, lang);
                if !norm.is_empty() {
                    tokens.push(Token {
                        text: norm,
                        range: i..i + c.len_utf8(),
                        alt: None,
                    });
                }
            }
            prev = c;
            continue;
        }
        match (start, here) {
            (Some((_, k)), Some(kc)) if k == kc => end = i + c.len_utf8(),
            (Some((_, Kind::Letter)), None)
                if c == ZWNJ
                    && next.is_some_and(|n| kind(n) == Some(Kind::Letter) || continues(n)) =>
            {
                end = i + c.len_utf8(); // W1
            }
            (Some((_, Kind::Letter)), None)
                if is_hebrew_quote(c)
                    && is_hebrew_letter(prev)
                    && (matches!(c, '\'' | '\u{05F3}' | '\u{2019}')
                        || next.is_some_and(is_hebrew_letter)) =>
            {
                end = i + c.len_utf8(); // H3
            }
            (Some(_), None) if continues(c) => end = i + c.len_utf8(),
            (Some((_, Kind::Digit)), None)
                if matches!(c, '\u{066B}' | '\u{066C}' | '.' | ',') && next_is_digit =>
            {
                end = i + c.len_utf8();
            }
            (prev_start, Some(kc)) => {
                if let Some((s, _)) = prev_start {
                    flush(&mut tokens, s..end);
                }
                start = Some((i, kc));
                end = i + c.len_utf8();
            }
            (prev_start, None) => {
                if let Some((s, _)) = prev_start {
                    flush(&mut tokens, s..end);
                }
                start = None;
            }
        }
        prev = c;
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
            ["قالت", "الجزيره", "ان", "2024", "كان", "7", "فبراير", "وها"]
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
    fn arabic_marks_of_every_block_are_removed() {
        // N6: open tanween, small high letters, the small waw and yeh,
        // Quranic annotation marks.
        assert_eq!(n("عَلِيمٌۢ"), "عليم");
        assert_eq!(n("هُدࣰى"), "هدي");
        assert_eq!(n("شَيۡءࣲ"), "شيء");
        assert_eq!(n("لَهُۥ"), "له");
        assert_eq!(n("بِهِۦ"), "به");
        assert_eq!(n("ٱلۡكِتَٰبُ"), "الكتب");
        // The end-of-ayah sign stands alone: it is no part of a word.
        assert_eq!(toks("ٱلرَّحِيمِ ۝١"), ["الرحيم", "1"]);
    }

    #[test]
    fn quranic_spellings_are_bridged() {
        let keys = |s: &str| {
            let t = tokenize(s, Fold::default());
            assert_eq!(t.len(), 1, "{s}");
            (t[0].text.clone(), t[0].alt.clone())
        };
        // A1: the superscript alef written out, beside the key without it.
        assert_eq!(keys("ٱلۡعَٰلَمِينَ"), ("العلمين".into(), Some("العالمين".into())));
        assert_eq!(keys("ٱلرَّحۡمَٰنِ"), ("الرحمن".into(), Some("الرحمان".into())));
        assert_eq!(keys("ٱلۡكِتَٰبُ").1.as_deref(), Some("الكتاب"));
        // A1: after a waw it replaces the waw: الصلوٰة is الصلاة.
        assert_eq!(keys("ٱلصَّلَوٰةَ").1.as_deref(), Some("الصلاه"));
        assert_eq!(keys("ٱلزَّكَوٰةَ").1.as_deref(), Some("الزكاه"));
        // ... but not after a waw with its own vowel.
        assert_eq!(keys("ٱلسَّمَٰوَٰتِ").1.as_deref(), Some("السماوات"));
        // A1: a medial alef maksura with it is an alef; a final one stays.
        assert_eq!(keys("ٱلتَّوۡرَىٰةَ").1.as_deref(), Some("التوراه"));
        assert_eq!(keys("مُوسَىٰ"), ("موسي".into(), None));
        // A1: the small high yeh.
        assert_eq!(keys("إِبۡرَٰهِـۧمَ").1.as_deref(), Some("ابراهيم"));
        // A2: hamza + alef is alef with madda; N1 alef wasla.
        assert_eq!(keys("ءَادَمَ").0, "ادم");
        assert_eq!(keys("ٱلۡقُرۡءَانُ").0, "القران");
        // A4: a hamza above a tatweel is a hamza on a yeh's seat.
        assert_eq!(keys("شَيۡـًٔا").0, n("شيئا"));
        // Words without Quranic letters have no second key.
        assert_eq!(keys("الكتاب").1, None);
    }

    #[test]
    fn hebrew_points_and_cantillation_are_ignored() {
        // H1: niqqud, cantillation, meteg, shin dots, CGJ.
        assert_eq!(n("אֱלֹהִ֑ים"), "אלהים");
        assert_eq!(n("וַֽיְהִי"), "ויהי");
        assert_eq!(n("שָׁלוֹם"), "שלום");
        assert_eq!(n("יְרוּשָׁלַ\u{034F}ִם"), "ירושלם");
        // H1: presentation forms decomposed (U+FB2C), H2: finals kept.
        assert_eq!(n("\u{FB2C}לום"), "שלום");
        assert_eq!(n("מלך מלכים"), "מלך מלכים");
        // H2: maqaf and paseq separate words; sof pasuq ends one.
        assert_eq!(toks("עַל־פְּנֵי"), ["על", "פני"]);
        assert_eq!(toks("אֱלֹהִ֤ים ׀ לָאוֹר׃"), ["אלהים", "לאור"]);
        // H3: gershayim and geresh inside abbreviations.
        assert_eq!(toks("צה\"ל וצה״ל"), ["צהל", "וצהל"]);
        assert_eq!(toks("ר' אליעזר"), ["ר", "אליעזר"]);
        assert_eq!(toks("ג'ירפה"), ["גירפה"]);
        // A quote elsewhere still separates.
        assert_eq!(toks("\"שלום\""), ["שלום"]);
    }

    #[test]
    fn persian_and_urdu_letters_fold() {
        // P1: yeh and kaf; P2: Urdu goal teh marbuta; ezafe hamza.
        assert_eq!(
            tokenize("زکوٰۃ", Fold::default())[0].alt.as_deref(),
            Some("زكاه")
        );
        assert_eq!(n("زکوۃ"), n("زكوة"));
        assert_eq!(n("خانۀ"), n("خانه"));
        assert_eq!(n("خانهٔ"), n("خانه"));
        assert_eq!(n("ے"), "ي");
        // P3: do-chashmi heh is heh, except in Urdu, where it aspirates.
        assert_eq!(n("ھمه"), n("همه"));
        assert_eq!(normalize_in("کھا", Fold::default(), Lang::Urdu), "كھا");
        assert_ne!(
            normalize_in("کھا", Fold::default(), Lang::Urdu),
            normalize_in("کہا", Fold::default(), Lang::Urdu)
        );
        assert_eq!(n("۱۲۳"), "123");
    }

    #[test]
    fn zwnj_joins_and_ezafe_is_ignored() {
        // W1: ZWNJ between letters joins: the joined and ZWNJ forms of a
        // compound are one key, the spaced form two words.
        assert_eq!(toks("می\u{200C}کند"), toks("میکند"));
        assert_eq!(toks("می کند").len(), 2);
        // The marks after a ZWNJ stay in the word.
        assert_eq!(toks("اُم\u{200C}ُّالخبائث"), [n("امالخبائث")]);
        // P4: a yeh of ezafe after ZWNJ is not part of the key.
        assert_eq!(toks("خانه\u{200C}ی من"), [n("خانه"), n("من")]);
        // A ZWNJ at a word's edge separates.
        assert_eq!(toks("کتاب\u{200C} ها"), [n("کتاب"), n("ها")]);
    }

    #[test]
    fn word_ligatures_are_words() {
        // W2: ﷺ stands for four words and is a word boundary.
        let t = tokenize("محمدﷺ قال", Fold::default());
        let words: Vec<&str> = t.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(words, ["محمد", "صلي", "الله", "عليه", "وسلم", "قال"]);
        let lig = "محمد".len()..("محمد".len() + 'ﷺ'.len_utf8());
        assert!(t[1..5].iter().all(|x| x.range == lig));
        assert_eq!(toks("﷽"), ["بسم", "الله", "الرحمن", "الرحيم"]);
        assert_eq!(toks("ﷻ"), ["جل", "جلاله"]);
        // A ligature of one word stays a letter of its word.
        assert_eq!(toks("ﷲ"), ["الله"]);
    }

    #[test]
    fn empty_and_overlong_tokens_are_dropped() {
        assert!(toks("ـــ \u{064E}").is_empty());
        let long = "ب".repeat(60);
        assert!(toks(&long).is_empty());
    }
}
