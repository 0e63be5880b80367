//! The tantivy side of qari's analysis: [`crate::arabic`]'s tokens (and
//! their clitic-stripped forms) in tantivy's token type, and a tantivy
//! tokenizer that produces them, registered as `qari` and `qari_bare`.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::arabic::{self, Fold, Lang, bare_keys};

fn token(range: &std::ops::Range<usize>, position: usize, text: String) -> Token {
    Token {
        offset_from: range.start,
        offset_to: range.end,
        position,
        text,
        position_length: 1,
    }
}

/// Primary and bare tokens of a text in `lang`, in tantivy's form,
/// positions counted from 0. A word's second key (A1) is a primary token at
/// the same position; its bare keys (§4) are bare tokens at its position,
/// or, when it has none, the word itself.
#[must_use]
pub fn tantivy_tokens(text: &str, lang: Lang) -> (Vec<Token>, Vec<Token>) {
    let toks = arabic::tokenize_in(text, Fold::default(), lang);
    let mut primary = Vec::with_capacity(toks.len());
    let mut bare_toks = Vec::with_capacity(toks.len());
    let mut keys = Vec::new();
    for (position, t) in toks.into_iter().enumerate() {
        keys.clear();
        bare_keys(&t, &text[t.range.clone()], lang, &mut keys);
        if keys.is_empty() {
            bare_toks.push(token(&t.range, position, t.text.clone()));
        }
        for k in keys.drain(..) {
            bare_toks.push(token(&t.range, position, k));
        }
        if let Some(alt) = t.alt {
            primary.push(token(&t.range, position, alt));
        }
        primary.push(token(&t.range, position, t.text));
    }
    (primary, bare_toks)
}

/// The primary tokens of a text in `lang` (`bare`: its bare tokens
/// instead), as [`tantivy_tokens`] gives them, without computing the
/// other half.
#[must_use]
pub fn tantivy_tokens_of(text: &str, lang: Lang, bare: bool) -> Vec<Token> {
    let toks = arabic::tokenize_in(text, Fold::default(), lang);
    let mut out = Vec::with_capacity(toks.len() + toks.len() / 8);
    let mut keys = Vec::new();
    for (position, t) in toks.into_iter().enumerate() {
        if bare {
            keys.clear();
            bare_keys(&t, &text[t.range.clone()], lang, &mut keys);
            if keys.is_empty() {
                out.push(token(&t.range, position, t.text));
            }
            for k in keys.drain(..) {
                out.push(token(&t.range, position, k));
            }
        } else {
            if let Some(alt) = t.alt {
                out.push(token(&t.range, position, alt));
            }
            out.push(token(&t.range, position, t.text));
        }
    }
    out
}

/// qari's analyzer as a tantivy tokenizer (registered as `qari` and
/// `qari_bare`): a document's text (`body`, `bare`) is analysed by it in
/// tantivy's indexing threads, in the language told from the text's
/// letters (the language the document is indexed as).
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

thread_local! {
    /// The text the primary tokenizer analysed last on this thread and its
    /// bare tokens: tantivy analyses a document's `body` and then its
    /// `bare` (the same text) in the same indexing thread, and both halves
    /// come from one pass over the words ([`tantivy_tokens`]). Taken only
    /// by a bare analysis of an identical text.
    static LAST_BARE: std::cell::RefCell<(String, Vec<Token>)> =
        const { std::cell::RefCell::new((String::new(), Vec::new())) };
}

/// The bare tokens of `text` if they are the ones kept by the last
/// primary analysis on this thread.
fn take_bare(text: &str) -> Option<Vec<Token>> {
    LAST_BARE.with(|last| {
        let mut last = last.borrow_mut();
        (last.0 == text).then(|| {
            last.0.clear();
            std::mem::take(&mut last.1)
        })
    })
}

fn keep_bare(text: &str, bare: Vec<Token>) {
    LAST_BARE.with(|last| {
        let mut last = last.borrow_mut();
        last.0.clear();
        last.0.push_str(text);
        last.1 = bare;
    });
}

impl Tokenizer for QariTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = if self.bare {
            take_bare(text)
                .unwrap_or_else(|| tantivy_tokens_of(text, crate::arabic::lang::detect(text), true))
        } else {
            let (primary, bare) = tantivy_tokens(text, crate::arabic::lang::detect(text));
            keep_bare(text, bare);
            primary
        };
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
    use crate::arabic::{Fold, normalize};

    fn n(s: &str) -> String {
        normalize(s, Fold::default())
    }

    #[test]
    fn tokens_share_positions_and_offsets() {
        let text = "ذهب إلى المدرسةِ";
        let (p, b) = tantivy_tokens(text, Lang::Other);
        assert_eq!(p.len(), 3);
        assert_eq!(b.len(), 3);
        assert_eq!(p[2].text, "المدرسه");
        assert_eq!(b[2].text, "مدرسه");
        assert_eq!(&text[p[2].offset_from..p[2].offset_to], "المدرسةِ");
        assert_eq!((b[2].offset_from, b[2].position), (p[2].offset_from, 2));
        // A Quranic word's second key shares its position.
        let (p, _) = tantivy_tokens("رَبِّ ٱلۡعَٰلَمِينَ", Lang::Arabic);
        let at1: Vec<&str> = p
            .iter()
            .filter(|t| t.position == 1)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(at1, ["العالمين", "العلمين"]);
    }

    #[test]
    fn each_half_alone_is_that_half_of_both() {
        for (text, lang) in [
            ("ذهب إلى المدرسةِ والكتابُ بالمكتبة", Lang::Arabic),
            ("رَبِّ ٱلۡعَٰلَمِينَ", Lang::Arabic),
            ("کتاب‌ها را می‌خوانم", Lang::Persian),
            ("וּבַבַּיִת הַגָּדוֹל", Lang::Hebrew),
            ("mixed نص text", Lang::Other),
        ] {
            let (p, b) = tantivy_tokens(text, lang);
            let key = |v: &[Token]| -> Vec<(String, usize, usize)> {
                v.iter()
                    .map(|t| (t.text.clone(), t.position, t.offset_from))
                    .collect()
            };
            assert_eq!(
                key(&tantivy_tokens_of(text, lang, false)),
                key(&p),
                "{text}"
            );
            assert_eq!(key(&tantivy_tokens_of(text, lang, true)), key(&b), "{text}");
        }
    }

    fn texts(mut s: VecTokenStream) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn the_bare_half_kept_from_the_primary_pass_is_the_bare_analysis() {
        let (a, b) = ("والمدرسة كبيرة للطلاب", "وبالكتاب فالمدرسة");
        let alone = |t: &str| {
            let mut bare = QariTokenizer { bare: true };
            texts(bare.token_stream(t))
        };
        let (want_a, want_b) = (alone(a), alone(b));
        let mut primary = QariTokenizer { bare: false };
        let mut bare = QariTokenizer { bare: true };
        // The body, then the bare field of the same text (as tantivy does).
        texts(primary.token_stream(a));
        assert_eq!(texts(bare.token_stream(a)), want_a);
        // Another text after a primary pass over `a`: never `a`'s tokens.
        texts(primary.token_stream(a));
        assert_eq!(texts(bare.token_stream(b)), want_b);
        // Taken once: a second bare pass over `a` analyses it again.
        assert_eq!(texts(bare.token_stream(a)), want_a);
        assert_eq!(texts(bare.token_stream(a)), want_a);
    }

    #[test]
    fn tokenizer_stream() {
        let mut t = QariTokenizer { bare: true };
        let mut s = t.token_stream("والمدرسة كبيرة");
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        assert_eq!(out, vec![n("مدرسة"), n("المدرسة"), n("كبيرة")]);
        let mut empty = t.token_stream("");
        assert!(!empty.advance());
    }
}
