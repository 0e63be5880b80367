//! What the user typed, parsed once for both the index and the highlighter
//! (docs/search.md §7): words ANDed (Q2), the last word a prefix while it
//! is being typed (Q3) and clitic-aware (Q4), quoted phrases and phrase
//! prefixes, `-word` exclusions (Q5), a 0-hit fuzzy retry (Q6) and a strict
//! mode without folding (Q7).
//!
//! [`Matcher`] finds the matched bytes in a text with the same rules the
//! index applies, so that snippets, find-in-document and the CLI's byte
//! ranges show exactly what matched, prefix completions included.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::arabic::{self, Fold, bare, is_bare_proclitic, strip_article};

/// Shortest prefix searched, in normalized characters (Q3).
pub const MIN_PREFIX_CHARS: usize = 2;

/// Shortest word retried with fuzzy matching (Q6), in characters.
pub const MIN_FUZZY_CHARS: usize = 4;

/// One part of a query. Words are normalized with the query's fold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A complete word: must occur.
    Term(String),
    /// The word being typed: some word must start with it.
    Prefix(String),
    /// Quoted words, in order; the last one a prefix when `prefix`.
    Phrase {
        /// The words.
        words: Vec<String>,
        /// `"…"*`, or a quote still open while typing.
        prefix: bool,
    },
    /// `-word`: must not occur.
    Exclude(String),
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The parts, in the order typed.
    pub parts: Vec<Part>,
    /// No folding (Q7).
    pub strict: bool,
    /// Only a partial word too short to search was typed: keep showing the
    /// previous results (Q3).
    pub pending: bool,
}

impl Parsed {
    /// Parses `input`. A word is complete when something follows it; the
    /// last word is partial unless the input ends in a space or
    /// punctuation.
    #[must_use]
    pub fn new(input: &str, strict: bool) -> Self {
        let fold = if strict {
            Fold::STRICT
        } else {
            Fold::default()
        };
        let mut parts = Vec::new();
        let mut dropped_partial = false;
        let bytes = input.as_bytes();
        let mut i = 0;
        while i < input.len() {
            let c = input[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            if c == '"' {
                let body_start = i + 1;
                let (body_end, closed) = match input[body_start..].find('"') {
                    Some(j) => (body_start + j, true),
                    None => (input.len(), false),
                };
                let body = &input[body_start..body_end];
                let mut next = if closed { body_end + 1 } else { body_end };
                let star = closed && bytes.get(next) == Some(&b'*');
                if star {
                    next += 1;
                }
                let mut words: Vec<String> = arabic::tokenize(body, fold)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                let typing = !closed && !body.ends_with(|c: char| !is_word_char(c));
                let prefix = star || typing;
                if prefix
                    && words
                        .last()
                        .is_some_and(|w| w.chars().count() < MIN_PREFIX_CHARS)
                {
                    words.pop();
                    dropped_partial = true;
                    if words.len() == 1 {
                        // `"w x` with x not yet typed: the phrase so far.
                        parts.push(Part::Term(words.remove(0)));
                    }
                }
                match words.len() {
                    0 => {}
                    1 if prefix => parts.push(Part::Prefix(words.remove(0))),
                    1 => parts.push(Part::Term(words.remove(0))),
                    _ => parts.push(Part::Phrase { words, prefix }),
                }
                i = next;
                continue;
            }
            let end = input[i..]
                .find(|c: char| c.is_whitespace() || c == '"')
                .map_or(input.len(), |j| i + j);
            let word = &input[i..end];
            if let Some(rest) = word.strip_prefix('-') {
                for t in arabic::tokenize(rest, fold) {
                    parts.push(Part::Exclude(t.text));
                }
                i = end;
                continue;
            }
            let toks = arabic::tokenize(word, fold);
            let last_word = end == input.len();
            let n = toks.len();
            for (k, t) in toks.into_iter().enumerate() {
                let partial = last_word && k + 1 == n && i + t.range.end == input.len();
                if partial {
                    let folded = arabic::normalize(&t.text, Fold::default());
                    if t.text.chars().count() < MIN_PREFIX_CHARS || is_bare_proclitic(&folded) {
                        dropped_partial = true;
                    } else {
                        parts.push(Part::Prefix(t.text));
                    }
                } else {
                    parts.push(Part::Term(t.text));
                }
            }
            i = end;
        }
        let positive = parts.iter().any(|p| !matches!(p, Part::Exclude(_)));
        Self {
            pending: dropped_partial && !positive,
            parts,
            strict,
        }
    }

    /// The fold the words were normalized with.
    #[must_use]
    pub fn fold(&self) -> Fold {
        if self.strict {
            Fold::STRICT
        } else {
            Fold::default()
        }
    }

    /// Nothing to search: list every document.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && !self.pending
    }

    /// Whether some part requires a match (not only exclusions).
    #[must_use]
    pub fn has_positive(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Exclude(_)))
    }

    /// Complete words long enough for the fuzzy retry (Q6).
    #[must_use]
    pub fn fuzzy_candidates(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Term(t) if t.chars().count() >= MIN_FUZZY_CHARS => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
}

/// Finds matched bytes in texts, with the query's rules. Each token of a
/// text is looked up (in hash maps built once per query), never compared
/// with every word of the query: a query of 10,000 words costs a text of
/// n tokens about n lookups, not 10,000·n comparisons.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    terms: Vec<String>,
    prefixes: Vec<String>,
    phrases: Vec<(Vec<String>, bool)>,
    excludes: HashSet<String>,
    fuzzy: bool,
    strict: bool,
    index: Lookup,
}

/// The query's words by what finds them.
#[derive(Clone, Debug, Default)]
struct Lookup {
    /// A token equal to the key matches these terms.
    exact: HashMap<String, Vec<usize>>,
    /// A token whose bare form equals the key matches these terms (the
    /// term, and the term without its article).
    bare: HashMap<String, Vec<usize>>,
    /// Fuzzy retry: the term (and its article-less form) and each of its
    /// one-character deletions → terms to verify with [`within_one`].
    near: HashMap<String, Vec<usize>>,
    /// Prefixes by themselves → prefix indices.
    prefixes: HashMap<String, Vec<usize>>,
    /// Byte lengths the prefixes have.
    prefix_lens: Vec<usize>,
    /// Phrases by their first word.
    phrases: HashMap<String, Vec<usize>>,
}

/// `s` without each of its characters in turn.
fn deletions(s: &str) -> impl Iterator<Item = String> + '_ {
    s.char_indices().map(move |(i, c)| {
        let mut d = String::with_capacity(s.len());
        d.push_str(&s[..i]);
        d.push_str(&s[i + c.len_utf8()..]);
        d
    })
}

/// What one scan of a text found.
#[derive(Default)]
struct Found {
    ranges: Vec<Range<usize>>,
    terms: Vec<bool>,
    prefixes: Vec<bool>,
    phrases: Vec<bool>,
    excluded: bool,
}

impl Matcher {
    /// The matcher of `q`; `fuzzy` when the results came from the fuzzy
    /// retry.
    #[must_use]
    pub fn new(q: &Parsed, fuzzy: bool) -> Self {
        let mut m = Self {
            fuzzy,
            strict: q.strict,
            ..Self::default()
        };
        for p in &q.parts {
            match p {
                Part::Term(t) => m.terms.push(t.clone()),
                Part::Prefix(t) => m.prefixes.push(t.clone()),
                Part::Phrase { words, prefix } => m.phrases.push((words.clone(), *prefix)),
                Part::Exclude(t) => {
                    m.excludes.insert(t.clone());
                }
            }
        }
        m.index = m.lookup();
        m
    }

    fn lookup(&self) -> Lookup {
        let mut l = Lookup::default();
        let add = |map: &mut HashMap<String, Vec<usize>>, key: &str, i: usize| {
            let v = map.entry(key.to_owned()).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        };
        for (i, t) in self.terms.iter().enumerate() {
            add(&mut l.exact, t, i);
            if self.strict {
                continue;
            }
            add(&mut l.bare, t, i);
            if let Some(s) = strip_article(t) {
                add(&mut l.bare, s, i);
            }
            if self.fuzzy && t.chars().count() >= MIN_FUZZY_CHARS {
                for form in [t.as_str(), strip_article(t).unwrap_or(t)] {
                    add(&mut l.near, form, i);
                    for d in deletions(form) {
                        add(&mut l.near, &d, i);
                    }
                }
            }
        }
        for (i, p) in self.prefixes.iter().enumerate() {
            add(&mut l.prefixes, p, i);
            if !l.prefix_lens.contains(&p.len()) {
                l.prefix_lens.push(p.len());
            }
        }
        for (i, (words, _)) in self.phrases.iter().enumerate() {
            if let Some(first) = words.first() {
                add(&mut l.phrases, first, i);
            }
        }
        l
    }

    /// Whether the matcher can match anything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.prefixes.is_empty() && self.phrases.is_empty()
    }

    fn fold(&self) -> Fold {
        if self.strict {
            Fold::STRICT
        } else {
            Fold::default()
        }
    }

    /// Calls `each` with every term `tok` matches.
    fn terms_of(&self, tok: &str, each: &mut dyn FnMut(usize)) {
        let l = &self.index;
        for &i in l.exact.get(tok).into_iter().flatten() {
            each(i);
        }
        if self.strict {
            return;
        }
        let b = bare(tok);
        for &i in l.bare.get(b).into_iter().flatten() {
            each(i);
        }
        if l.near.is_empty() {
            return;
        }
        let mut candidates: Vec<usize> = Vec::new();
        for form in [tok, b] {
            let keys = std::iter::once(form.to_owned()).chain(deletions(form));
            for k in keys {
                candidates.extend(l.near.get(&k).into_iter().flatten());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            let term = &self.terms[i];
            if within_one(tok, term) || within_one(b, strip_article(term).unwrap_or(term)) {
                each(i);
            }
        }
    }

    /// Calls `each` with every prefix `tok` starts with.
    fn prefixes_of(&self, tok: &str, each: &mut dyn FnMut(usize)) {
        let l = &self.index;
        let forms: &[&str] = if self.strict {
            &[tok]
        } else {
            &[tok, bare(tok)]
        };
        for form in forms {
            for &n in &l.prefix_lens {
                if let Some(head) = form.get(..n) {
                    for &i in l.prefixes.get(head).into_iter().flatten() {
                        each(i);
                    }
                }
            }
        }
    }

    /// One pass over the tokens of `text`: the matched ranges (sorted,
    /// disjoint), which parts matched, whether an excluded word occurs.
    fn scan(&self, text: &str) -> Found {
        let toks = arabic::tokenize(text, self.fold());
        let mut f = Found {
            terms: vec![false; self.terms.len()],
            prefixes: vec![false; self.prefixes.len()],
            phrases: vec![false; self.phrases.len()],
            ..Found::default()
        };
        let mut out: Vec<Range<usize>> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if self.excludes.contains(&t.text) {
                f.excluded = true;
            }
            let mut hit = false;
            self.terms_of(&t.text, &mut |k| {
                f.terms[k] = true;
                hit = true;
            });
            self.prefixes_of(&t.text, &mut |k| {
                f.prefixes[k] = true;
                hit = true;
            });
            if hit {
                out.push(t.range.clone());
                continue;
            }
            for &k in self.index.phrases.get(&t.text).into_iter().flatten() {
                let (words, prefix) = &self.phrases[k];
                let n = words.len();
                if i + n > toks.len() {
                    continue;
                }
                let ok = words.iter().enumerate().all(|(j, w)| {
                    let tok = &toks[i + j].text;
                    if *prefix && j + 1 == n {
                        tok.starts_with(w.as_str())
                    } else {
                        tok == w
                    }
                });
                if ok {
                    f.phrases[k] = true;
                    out.push(t.range.start..toks[i + n - 1].range.end);
                }
            }
        }
        out.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        f.ranges = merged;
        f
    }

    /// The byte ranges of `text` that match, sorted and disjoint: each
    /// matching word, and each phrase occurrence from its first word to
    /// its last.
    #[must_use]
    pub fn hits(&self, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        self.scan(text).ranges
    }

    /// Whether `text` satisfies the whole query: every part matched
    /// somewhere, no excluded word. (Strict mode checks the index's folded
    /// candidates with this.)
    #[must_use]
    pub fn accepts(&self, text: &str) -> bool {
        let f = self.scan(text);
        !f.excluded
            && f.terms.iter().all(|&b| b)
            && f.prefixes.iter().all(|&b| b)
            && f.phrases.iter().all(|&b| b)
    }
}

/// Damerau–Levenshtein distance at most 1 (one insertion, deletion,
/// substitution or transposition), over characters; no allocation.
#[must_use]
pub fn within_one(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let s = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (la - p - s.min(la - p), lb - p - s.min(lb - p));
    match (ra, rb) {
        (1, 1) | (1, 0) | (0, 1) => true,
        (2, 2) => {
            let mut x = a.chars().skip(p);
            let mut y = b.chars().skip(p);
            let (x0, x1, y0, y1) = (x.next(), x.next(), y.next(), y.next());
            x0 == y1 && x1 == y0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<Part> {
        Parsed::new(s, false).parts
    }

    fn t(s: &str) -> Part {
        Part::Term(arabic::normalize(s, Fold::default()))
    }

    fn p(s: &str) -> Part {
        Part::Prefix(arabic::normalize(s, Fold::default()))
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        assert_eq!(parts("غزة مدر"), vec![t("غزة"), p("مدر")]);
        assert_eq!(parts("غزة مدر "), vec![t("غزة"), t("مدر")]);
        assert_eq!(parts("مدر؟"), vec![t("مدر")]);
    }

    #[test]
    fn short_or_proclitic_partials_wait() {
        for q in ["م", "ال", "وال", "بال", "و"] {
            let parsed = Parsed::new(q, false);
            assert!(parsed.pending, "{q}");
            assert!(parsed.parts.is_empty(), "{q}");
        }
        let parsed = Parsed::new("غزة ال", false);
        assert!(!parsed.pending);
        assert_eq!(parsed.parts, vec![t("غزة")]);
        assert!(Parsed::new("", false).is_empty());
        assert!(Parsed::new("   ", false).is_empty());
    }

    #[test]
    fn phrases_and_exclusions() {
        assert_eq!(
            parts("\"وزير الخارجية\" -ترامب"),
            vec![
                Part::Phrase {
                    words: vec!["وزير".into(), "الخارجيه".into()],
                    prefix: false
                },
                t("ترامب").clone().into_exclude()
            ]
        );
        assert_eq!(
            parts("\"وزير الخا\"*"),
            vec![Part::Phrase {
                words: vec!["وزير".into(), "الخا".into()],
                prefix: true
            }]
        );
        // An open quote while typing is a phrase prefix.
        assert_eq!(
            parts("\"وزير الخا"),
            vec![Part::Phrase {
                words: vec!["وزير".into(), "الخا".into()],
                prefix: true
            }]
        );
        assert_eq!(parts("\"غزة\""), vec![t("غزة")]);
    }

    impl Part {
        fn into_exclude(self) -> Part {
            match self {
                Part::Term(s) => Part::Exclude(s),
                other => other,
            }
        }
    }

    #[test]
    fn query_is_folded_like_text() {
        assert_eq!(parts("أحمد "), vec![t("احمد")]);
        let strict = Parsed::new("أحمد ", true);
        assert_eq!(strict.parts, vec![Part::Term("أحمد".into())]);
    }

    fn hit_texts(q: &str, text: &str) -> Vec<String> {
        let m = Matcher::new(&Parsed::new(q, false), false);
        m.hits(text)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn hits_are_the_matched_bytes() {
        let text = "قال الرئيسُ إنّ المدرسةَ في القاهرة، والمدرسة الثانية مدرسه";
        assert_eq!(hit_texts("القاهره ", text), vec!["القاهرة"]);
        assert_eq!(hit_texts("ان ", text), vec!["إنّ"]);
        // Prefix completions, clitics included (Q4).
        assert_eq!(hit_texts("مدر", text), vec!["المدرسةَ", "والمدرسة", "مدرسه"]);
        // A full word finds its forms with the article.
        assert_eq!(
            hit_texts("مدرسة ", text),
            vec!["المدرسةَ", "والمدرسة", "مدرسه"]
        );
        assert_eq!(hit_texts("\"الرئيس ان\"", text), vec!["الرئيسُ إنّ"]);
    }

    #[test]
    fn accepts_is_and() {
        let m = Matcher::new(&Parsed::new("غزة مدر", false), false);
        assert!(m.accepts("في غزة المدرسة"));
        assert!(!m.accepts("في غزة"));
        let m = Matcher::new(&Parsed::new("غزة -مدرسة", false), false);
        assert!(m.accepts("في غزة"));
        assert!(!m.accepts("في غزة مدرسة"));
        let strict = Matcher::new(&Parsed::new("أحمد ", true), false);
        assert!(strict.accepts("قال أحمد"));
        assert!(!strict.accepts("قال احمد"));
    }

    #[test]
    fn a_long_query_costs_lookups_not_comparisons() {
        // 10,000 words against a text of 20,000: compared word by word this
        // is 200 million comparisons (minutes in a debug build); looked up,
        // a blink.
        let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفق".chars().collect();
        let word = |mut i: usize| {
            let mut w = String::from("كم");
            for _ in 0..4 {
                w.push(letters[i % letters.len()]);
                i /= letters.len();
            }
            w
        };
        let words: Vec<String> = (0..10_000).map(word).collect();
        let q = Parsed::new(&(words.join(" ") + " "), false);
        assert_eq!(q.parts.len(), 10_000);
        let text = words
            .iter()
            .rev()
            .cycle()
            .take(20_000)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let started = std::time::Instant::now();
        let m = Matcher::new(&q, false);
        assert_eq!(m.hits(&text).len(), 20_000);
        assert!(m.accepts(&text));
        // The fuzzy retry verifies the few terms a token's deletions share
        // (here, in a vocabulary this dense, some dozens).
        let fuzzy = Matcher::new(&q, true);
        let short: String = text.chars().take(text.len() / 20).collect();
        let short = &short[..short.rfind(' ').unwrap_or(0)];
        assert_eq!(fuzzy.hits(short).len(), short.split(' ').count());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn lookups_match_like_comparisons() {
        // The fuzzy retry and prefixes through the maps give what the
        // rules say, bare forms included.
        let m = Matcher::new(&Parsed::new("مسئول مدر", false), true);
        let text = "قال المسؤول إن والمدرسة مسيول مسؤولين";
        let got: Vec<&str> = m.hits(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["المسؤول", "والمدرسة", "مسيول"]);
        assert!(m.accepts(text));
        let strict = Matcher::new(&Parsed::new("مدر", true), false);
        assert!(strict.hits("والمدرسة").is_empty());
        assert_eq!(strict.hits("مدرسة").len(), 1);
    }

    #[test]
    fn edit_distance_one() {
        assert!(within_one("مسوول", "مسيول"));
        assert!(within_one("abcd", "abdc"));
        assert!(within_one("abcd", "abd"));
        assert!(within_one("abcd", "abcde"));
        assert!(!within_one("abcd", "badc"));
        assert!(!within_one("abcd", "ab"));
        assert!(within_one("abc", "abc"));
    }
}
