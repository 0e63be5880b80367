//! Proclitics: the clitic-stripped ("bare") form of a normalized token, used
//! by search (a second, lower-weight field) and by comparison keys.
//!
//! The bare form is the prefix stage of light10 (Larkey et al., Lucene's
//! `ArabicStemmer`) plus the single-letter proclitics of docs/search.md §4 (Q4): it lets
//! the prefix `مدر` find `والمدرسة` and the word `مدرسة` find `المدرسة`,
//! while the primary form stays unstemmed (N14).

use super::is_letter;

/// Article-bearing proclitics, longest first (light10 and Q4).
const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];

/// Single-letter proclitics stripped from longer words.
const LETTERS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The token without its proclitic, when it has one: `والمدرسه` →
/// `مدرسه`, `بمدرسه` → `مدرسه`. Article-bearing prefixes leave at least 2
/// letters; `و` is stripped from words of 4 letters or more (light10), `ف`
/// `ب` `ك` `ل` only from words of 6 or more (`بيان`, `كتاب`, `كبيرة` stay
/// whole). Input is a normalized token.
#[must_use]
pub fn bare(token: &str) -> &str {
    if let Some(rest) = strip_article(token) {
        return rest;
    }
    let mut chars = token.chars();
    if let Some(first) = chars.next()
        && LETTERS.contains(&first)
        && char_len(token) >= if first == 'و' { 4 } else { 6 }
        && chars.clone().all(is_letter)
    {
        return chars.as_str();
    }
    token
}

/// The token without an article-bearing prefix (`ال`, `وال`, `بال`, `كال`,
/// `فال`, `لل`), leaving at least 2 letters. Queries use only this, never
/// single-letter stripping: `بيان` must not look for `يان`.
#[must_use]
pub fn strip_article(token: &str) -> Option<&str> {
    ARTICLES.iter().find_map(|p| {
        token
            .strip_prefix(p)
            .filter(|rest| char_len(rest) >= 2 && rest.chars().all(is_letter))
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
    use crate::arabic::{Fold, normalize};

    fn n(s: &str) -> String {
        normalize(s, Fold::default())
    }

    #[test]
    fn bare_forms() {
        assert_eq!(bare(&n("والمدرسة")), n("مدرسة"));
        assert_eq!(bare(&n("بالمدرسة")), n("مدرسة"));
        assert_eq!(bare(&n("المدرسة")), n("مدرسة"));
        assert_eq!(bare(&n("للمدرسة")), n("مدرسة"));
        assert_eq!(bare(&n("بمدرسة")), n("مدرسة"));
        assert_eq!(bare(&n("ومدرسة")), n("مدرسة"));
        // Short words keep their first letter.
        assert_eq!(bare(&n("كبيرة")), n("كبيرة"));
        assert_eq!(bare(&n("بيان")), n("بيان"));
        assert_eq!(bare(&n("كتاب")), n("كتاب"));
        // The article leaves at least two letters.
        assert_eq!(bare(&n("الي")), n("الي"));
        // Other scripts and digits untouched.
        assert_eq!(bare("2024"), "2024");
        assert_eq!(bare("reuters"), "reuters");
        // No infix: إسلام has no proclitic.
        assert_eq!(bare(&n("إسلام")), n("اسلام"));
        assert_eq!(bare(&n("مكتبة")), n("مكتبة"));
    }

    #[test]
    fn queries_strip_only_articles() {
        assert_eq!(strip_article(&n("المدرسة")), Some(n("مدرسة").as_str()));
        assert_eq!(strip_article(&n("بيان")), None);
        assert!(is_bare_proclitic("ال"));
        assert!(is_bare_proclitic("وال"));
        assert!(is_bare_proclitic("و"));
        assert!(!is_bare_proclitic("مد"));
    }
}
