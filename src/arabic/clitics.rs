//! Clitics and affixes: the *bare keys* of a normalized token, indexed in a
//! second, lower-weight field and used by comparison keys
//! (docs/search.md §4). The primary key stays unstemmed (N14).
//!
//! - Arabic (C1–C4): a conjunction (`و` `ف`), then a preposition (`ب` `ك`
//!   `ل`), then the article; the stem left must be 2 letters after an
//!   article and 3 otherwise, and a short lexicon keeps words whose first
//!   letter is their own (`كتاب`, `بيان`). A word with an article also keeps
//!   a key with it (`والمدرسة` → `مدرسه` and `المدرسه`), so that a query
//!   with the article finds it while one without finds the bare word, and
//!   `الله` never finds `له`.
//! - Hebrew (H4): the prefixes ו ה ב כ ל מ ש and their common combinations,
//!   leaving 2 letters or more.
//! - Persian and Urdu (P4): a compound joined by ZWNJ without its verbal
//!   prefix (`می‌کند` → `کند`) or its suffix (`کتاب‌ها` → `کتاب`), and each
//!   of its parts that is a word (`دل‌شکسته` → `دل`, `شکسته`).

use super::{Lang, Token, ZWNJ, is_hebrew_letter, is_letter, normalize_in};

/// Article-bearing proclitics a query word may start with (Q3, Q4).
const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];

/// Single-letter proclitics (Q3).
const LETTERS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// C3: words whose first letter looks like a proclitic but is their own,
/// normalized (N1–N10). Words of 4 letters or more only: shorter ones
/// keep their first letter anyway.
const OWN_FIRST_LETTER: [&str; 27] = [
    "كبيره",
    "كثيره",
    "كريمه",
    "كتاب",
    "كتابا",
    "كتابه",
    "كتبه",
    "كريم",
    "كبير",
    "كثير",
    "كفار",
    "كلمه",
    "كلمات",
    "كافر",
    "كافرين",
    "بيان",
    "بلاد",
    "بيوت",
    "بصير",
    "فرعون",
    "فريق",
    "لسان",
    "ليله",
    "وعده",
    "وجوه",
    "ولدان",
    "ولايه",
];

/// C4: forms the rules cannot see, with the word with its article they
/// stand for (`لله` is `ل` + `الله`, its alef and one lam dropped).
const LEXICON: [(&str, &str); 3] = [("لله", "الله"), ("ولله", "الله"), ("فلله", "الله")];

/// H4: Hebrew prefixes and their common combinations, longest first.
const HEBREW_PREFIXES: [&str; 29] = [
    "וכש", "ושה", "ושב", "ושל", "ושמ", "ומה", "לכש", "כשה", "וה", "וב", "וכ", "ול", "ומ", "וש",
    "שה", "שב", "שכ", "של", "שמ", "מה", "כש", "מש", "ו", "ה", "ב", "כ", "ל", "מ", "ש",
];

/// P4: Persian and Urdu verbal prefixes written before ZWNJ (normalized).
const PERSIAN_PREFIXES: [&str; 3] = ["مي", "نمي", "بي"];

/// P4: Persian and Urdu suffixes written after ZWNJ (normalized).
const PERSIAN_SUFFIXES: [&str; 12] = [
    "ها", "هاي", "هايي", "تر", "ترين", "اي", "ام", "ات", "اش", "ايم", "ايد", "اند",
];

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// `t` without its prefix `p`: [`str::strip_prefix`] for the short
/// prefixes here, compared byte by byte (no call to `memcmp` per try).
fn strip<'a>(t: &'a str, p: &str) -> Option<&'a str> {
    let (tb, pb) = (t.as_bytes(), p.as_bytes());
    if tb.len() < pb.len() {
        return None;
    }
    for (a, b) in tb.iter().zip(pb) {
        if a != b {
            return None;
        }
    }
    // `p` is a whole string and `t` starts with it: a char boundary.
    t.get(pb.len()..)
}

fn letters_only(s: &str) -> bool {
    s.chars().all(is_letter)
}

/// Pushes `key` unless it is already there or is the token itself.
fn push(out: &mut Vec<String>, token: &str, key: String) {
    if key != token && !out.contains(&key) {
        out.push(key);
    }
}

/// The Arabic bare keys of `t` (C1–C4).
fn arabic(t: &str, out: &mut Vec<String>) {
    // Every proclitic, the article and every word of the lexicon start
    // with one of these letters: most words stop here.
    if !matches!(t.chars().next(), Some('و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ا')) {
        return;
    }
    if let Some((_, with)) = LEXICON.iter().find(|(w, _)| *w == t) {
        push(out, t, (*with).to_owned());
        if let Some(stem) = with.strip_prefix("ال") {
            push(out, t, stem.to_owned());
        }
        return;
    }
    if !letters_only(t) {
        return;
    }
    for conj in ["", "و", "ف"] {
        let Some(t1) = strip(t, conj) else {
            continue;
        };
        for prep in ["", "ب", "ك", "ل"] {
            let Some(t2) = strip(t1, prep) else {
                continue;
            };
            // C1: the article, or the lam that merges with it (للمدرسة).
            let article_stem = if prep == "ل" && strip(t2, "ال").is_none() {
                strip(t2, "ل")
            } else {
                strip(t2, "ال")
            };
            if let Some(stem) = article_stem
                && char_len(stem) >= 2
            {
                push(out, t, stem.to_owned());
                push(out, t, format!("ال{stem}"));
                continue;
            }
            // C2: a proclitic without an article leaves 3 letters or more,
            // C3: unless the word's first letter is its own.
            if (conj.is_empty() && prep.is_empty()) || char_len(t2) < 3 {
                continue;
            }
            if OWN_FIRST_LETTER.contains(&t1) && !prep.is_empty() {
                continue;
            }
            if OWN_FIRST_LETTER.contains(&t) {
                continue;
            }
            push(out, t, t2.to_owned());
        }
    }
}

/// The Hebrew bare keys of `t` (H4).
fn hebrew(t: &str, out: &mut Vec<String>) {
    if !t.chars().all(is_hebrew_letter) {
        return;
    }
    for p in HEBREW_PREFIXES {
        if let Some(rest) = t.strip_prefix(p)
            && char_len(rest) >= 2
        {
            push(out, t, rest.to_owned());
        }
    }
}

/// The Persian and Urdu bare keys of a compound joined by ZWNJ (P4).
fn persian(original: &str, t: &str, lang: Lang, out: &mut Vec<String>) {
    if !original.contains(ZWNJ) {
        return;
    }
    let fold = super::Fold::default();
    let parts: Vec<String> = original
        .split(ZWNJ)
        .map(|p| normalize_in(p, fold, lang))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return;
    }
    let affix = |p: &str| PERSIAN_PREFIXES.contains(&p) || PERSIAN_SUFFIXES.contains(&p);
    // The word without its verbal prefix, or without its suffix.
    if PERSIAN_PREFIXES.contains(&parts[0].as_str()) {
        let rest = parts[1..].concat();
        if char_len(&rest) >= 2 {
            push(out, t, rest);
        }
    }
    if let Some(last) = parts.last()
        && PERSIAN_SUFFIXES.contains(&last.as_str())
    {
        let head = parts[..parts.len() - 1].concat();
        if char_len(&head) >= 2 {
            push(out, t, head);
        }
    }
    // Each part that is a word of its own.
    for p in &parts {
        if char_len(p) >= 2 && !affix(p) {
            push(out, t, p.clone());
        }
    }
}

/// Pushes onto `out` the bare keys of `tok` (normalized with the default
/// fold from `original`, its text), a token of a text in `lang`: keys
/// other than the token's own, each a form the word stands for without its
/// clitics or affixes. Nothing for a word that has none.
pub fn bare_keys(tok: &Token, original: &str, lang: Lang, out: &mut Vec<String>) {
    let t = tok.text.as_str();
    let Some(first) = t.chars().next() else {
        return;
    };
    if is_hebrew_letter(first) {
        hebrew(t, out);
    } else if lang.arabic_clitics() {
        arabic(t, out);
        if let Some(alt) = &tok.alt {
            arabic(alt, out);
            out.retain(|k| k != alt);
        }
    } else if matches!(lang, Lang::Persian | Lang::Urdu) {
        persian(original, t, lang, out);
    }
}

/// The bare keys of a normalized token of a text in `lang`, as a list (see
/// [`bare_keys`]).
#[must_use]
pub fn bare_of(token: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let tok = Token {
        text: token.to_owned(),
        range: 0..token.len(),
        alt: None,
    };
    bare_keys(&tok, token, lang, &mut out);
    out
}

/// The word without an article-bearing prefix (`ال`, `وال`, `بال`, `كال`,
/// `فال`, `لل`), leaving at least 2 letters: what a prefix typed with an
/// article still means (Q4).
#[must_use]
pub fn strip_article(token: &str) -> Option<&str> {
    ARTICLES.iter().find_map(|p| {
        token
            .strip_prefix(p)
            .filter(|rest| char_len(rest) >= 2 && letters_only(rest))
    })
}

/// Whether a normalized partial word is only a proclitic, which counts as
/// "not yet typed" (Q3).
#[must_use]
pub fn is_bare_proclitic(token: &str) -> bool {
    ARTICLES.contains(&token)
        || (char_len(token) == 1 && token.chars().all(|c| LETTERS.contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::{Fold, normalize, tokenize_in};

    fn n(s: &str) -> String {
        normalize(s, Fold::default())
    }

    fn keys(s: &str, lang: Lang) -> Vec<String> {
        let toks = tokenize_in(s, Fold::default(), lang);
        let mut out = Vec::new();
        bare_keys(&toks[0], &s[toks[0].range.clone()], lang, &mut out);
        out
    }

    fn has(s: &str, key: &str) -> bool {
        keys(s, Lang::Arabic).contains(&n(key))
    }

    #[test]
    fn c1_articles_keep_a_key_with_the_article() {
        for w in [
            "والمدرسة",
            "بالمدرسة",
            "المدرسة",
            "للمدرسة",
            "فالمدرسة",
            "وبالمدرسة",
        ] {
            assert!(has(w, "مدرسة"), "{w}");
            if w != "المدرسة" {
                assert!(has(w, "المدرسة"), "{w}");
            }
        }
        // The article leaves at least two letters.
        assert!(keys("الي", Lang::Arabic).is_empty());
    }

    #[test]
    fn c2_single_letters_leave_three_letters() {
        assert!(has("كذلك", "ذلك"));
        assert!(has("بهذا", "هذا"));
        assert!(has("لرسول", "رسول"));
        assert!(has("ومدرسة", "مدرسة"));
        assert!(has("فبما", "بما"));
        assert!(has("وبرسوله", "رسوله"));
        // Two letters left: the word stays whole.
        assert!(keys("وهو", Lang::Arabic).is_empty());
        assert!(keys("لكم", Lang::Arabic).is_empty());
        assert!(keys("بين", Lang::Arabic).is_empty());
    }

    #[test]
    fn c3_words_that_own_their_first_letter() {
        assert!(keys("كتاب", Lang::Arabic).is_empty());
        assert!(keys("بيان", Lang::Arabic).is_empty());
        assert!(keys("فرعون", Lang::Arabic).is_empty());
        // With a conjunction, the word itself is what is left.
        assert_eq!(keys("وكتاب", Lang::Arabic), [n("كتاب")]);
    }

    #[test]
    fn c4_the_lexicon_and_the_article_never_dropped() {
        assert!(has("لله", "الله"));
        assert!(has("ولله", "الله"));
        // له is not الله, and الجنة is not جنة: the keys with an article
        // come only from words with one.
        assert!(!has("له", "الله"));
        assert!(!has("جنة", "الجنة"));
    }

    #[test]
    fn other_scripts_and_digits_untouched() {
        assert!(keys("2024", Lang::Arabic).is_empty());
        assert!(keys("reuters", Lang::Arabic).is_empty());
        assert!(keys("إسلام", Lang::Arabic).is_empty());
        assert!(keys("مكتبة", Lang::Arabic).is_empty());
    }

    #[test]
    fn h4_hebrew_prefixes() {
        let k = keys("וְהַשָּׁמַיִם", Lang::Hebrew);
        assert!(k.contains(&"שמים".to_owned()), "{k:?}");
        assert!(k.contains(&"השמים".to_owned()), "{k:?}");
        for (w, stem) in [
            ("ושבת", "שבת"),
            ("בשבת", "שבת"),
            ("למשה", "משה"),
            ("שהמלך", "מלך"),
            ("מהבית", "בית"),
            ("וכשהגיע", "הגיע"),
        ] {
            assert!(keys(w, Lang::Hebrew).contains(&stem.to_owned()), "{w}");
        }
        // Two letters at least are left, and final letters stay final.
        assert!(keys("בן", Lang::Hebrew).is_empty());
        assert!(keys("ולך", Lang::Hebrew).contains(&"לך".to_owned()));
        // Hebrew prefixes apply to Hebrew letters whatever the language.
        assert!(keys("ושבת", Lang::Other).contains(&"שבת".to_owned()));
    }

    #[test]
    fn p4_persian_compounds() {
        assert_eq!(keys("می\u{200C}کند", Lang::Persian), [n("کند")]);
        assert_eq!(keys("نمی\u{200C}دانم", Lang::Persian), [n("دانم")]);
        assert_eq!(keys("کتاب\u{200C}ها", Lang::Persian), [n("کتاب")]);
        assert_eq!(
            keys("دل\u{200C}شکسته", Lang::Persian),
            [n("دل"), n("شکسته")]
        );
        // Without ZWNJ there are no parts to see; Arabic rules stay out.
        assert!(keys("بگشاید", Lang::Persian).is_empty());
        assert!(keys("والمدرسة", Lang::Urdu).is_empty());
    }

    #[test]
    fn queries_strip_only_articles() {
        assert_eq!(strip_article(&n("المدرسة")), Some(n("مدرسة").as_str()));
        assert_eq!(strip_article(&n("بيان")), None);
        assert!(is_bare_proclitic("ال"));
        assert!(is_bare_proclitic("وال"));
        assert!(is_bare_proclitic("و"));
        assert!(!is_bare_proclitic("مد"));
        assert_eq!(bare_of(&n("المدرسة"), Lang::Arabic), [n("مدرسة")]);
    }
}
