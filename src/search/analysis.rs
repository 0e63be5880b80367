//! Index-side analysis on top of [`crate::arabic`]: the clitic-stripped
//! ("bare") form of a token, the stop list used for related documents, and
//! the tantivy tokenizers that wrap qari's tokenizer.
//!
//! The bare form is the prefix stage of light10 (Larkey et al., Lucene's
//! `ArabicStemmer`) plus the single-letter proclitics of search Q4: it lets
//! the prefix `مدر` find `والمدرسة` and the word `مدرسة` find `المدرسة`, in
//! a second field of lower weight, while the primary field stays unstemmed
//! (N14).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::arabic::{self, Fold};

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
        && chars.clone().all(arabic::is_letter)
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
            .filter(|rest| char_len(rest) >= 2 && rest.chars().all(arabic::is_letter))
    })
}

/// Whether a normalized partial word is only a proclitic, which counts as
/// "not yet typed" (Q3).
#[must_use]
pub fn is_bare_proclitic(token: &str) -> bool {
    ARTICLES.contains(&token)
        || (char_len(token) == 1 && token.chars().all(|c| LETTERS.contains(&c)))
}

/// Savoy's Arabic stop list (as shipped by Lucene), unnormalized; use
/// [`stop_words`] for the normalized set.
const SAVOY: &str = "من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا الا ألا إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان فأن وان وأن وإن التى التي الذى الذي الذين الى الي إلى إلي على عليها عليه اما أما إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى وهي وهو فهى فهي فهو انت أنت لك لها له هذه هذا تلك ذلك هناك كانت كان يكون تكون وكانت وكان غير بعض قد نحو بين بينما منذ ضمن حيث الان الآن خلال بعد قبل حتى عند عندما لدى جميع";

/// The stop list normalized with N1–N10 (N15): used to pick the terms that
/// characterize a document, never to drop words from the index.
#[must_use]
pub fn stop_words() -> std::collections::HashSet<String> {
    SAVOY
        .split_whitespace()
        .map(|w| arabic::normalize(w, Fold::default()))
        .collect()
}

/// Primary and bare tokens of a text in tantivy's form, positions counted
/// from 0.
#[must_use]
pub fn tantivy_tokens(text: &str) -> (Vec<Token>, Vec<Token>) {
    let toks = arabic::tokenize(text, Fold::default());
    let mut primary = Vec::with_capacity(toks.len());
    let mut bare_toks = Vec::with_capacity(toks.len());
    for (position, t) in toks.into_iter().enumerate() {
        let b = bare(&t.text);
        if b.len() != t.text.len() {
            bare_toks.push(Token {
                offset_from: t.range.start,
                offset_to: t.range.end,
                position,
                text: b.to_owned(),
                position_length: 1,
            });
        } else {
            bare_toks.push(Token {
                offset_from: t.range.start,
                offset_to: t.range.end,
                position,
                text: t.text.clone(),
                position_length: 1,
            });
        }
        primary.push(Token {
            offset_from: t.range.start,
            offset_to: t.range.end,
            position,
            text: t.text,
            position_length: 1,
        });
    }
    (primary, bare_toks)
}

/// qari's analyzer as a tantivy tokenizer (registered as `qari` and
/// `qari_bare`), for anything tantivy tokenizes itself. Documents are
/// indexed pre-tokenized with the same tokens.
#[derive(Clone, Debug, Default)]
pub struct QariTokenizer {
    /// Emit bare forms.
    pub bare: bool,
}

/// The tokens of one text.
#[derive(Debug)]
pub struct VecTokenStream {
    /// Never empty: a default token stands in when there is none.
    tokens: Vec<Token>,
    len: usize,
    at: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.at < self.len {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at.saturating_sub(1).min(self.tokens.len() - 1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.at.saturating_sub(1).min(self.tokens.len() - 1);
        &mut self.tokens[i]
    }
}

impl Tokenizer for QariTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let (p, b) = tantivy_tokens(text);
        let mut tokens = if self.bare { b } else { p };
        let len = tokens.len();
        if tokens.is_empty() {
            tokens.push(Token::default());
        }
        VecTokenStream { tokens, len, at: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        arabic::normalize(s, Fold::default())
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

    #[test]
    fn stop_list_is_normalized() {
        let s = stop_words();
        assert!(s.contains(&n("إلى")));
        assert!(s.contains("الي"));
        assert!(!s.contains("أن"));
        assert!(s.contains("ان"));
        assert!(s.len() > 80);
    }

    #[test]
    fn tokens_share_positions_and_offsets() {
        let text = "ذهب إلى المدرسةِ";
        let (p, b) = tantivy_tokens(text);
        assert_eq!(p.len(), 3);
        assert_eq!(b.len(), 3);
        assert_eq!(p[2].text, "المدرسه");
        assert_eq!(b[2].text, "مدرسه");
        assert_eq!(&text[p[2].offset_from..p[2].offset_to], "المدرسةِ");
        assert_eq!((b[2].offset_from, b[2].position), (p[2].offset_from, 2));
    }

    #[test]
    fn tokenizer_stream() {
        let mut t = QariTokenizer { bare: true };
        let mut s = t.token_stream("والمدرسة كبيرة");
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        assert_eq!(out, vec![n("مدرسة"), n("كبيرة")]);
        let mut empty = t.token_stream("");
        assert!(!empty.advance());
    }
}
