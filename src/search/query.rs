//! What the user typed, parsed once for both the index and the highlighter
//! (docs/search.md §7): words ANDed (Q2), the last word a prefix while it
//! is being typed (Q3) and clitic-aware (Q4), quoted phrases and phrase
//! prefixes, `-word` exclusions (Q5), close spellings (Q6), a strict mode
//! without folding (Q7), and other readings of what was typed (Q11: a
//! Persian compound typed joined or spaced, Urdu's do-chashmi heh, a word
//! typed in Latin letters read as a romanization or as keys of another
//! layout).
//!
//! [`Matcher`] finds the matched bytes in a text with the same rules the
//! index applies, so that snippets, find-in-document and the CLI's byte
//! ranges show exactly what matched, prefix completions included.
//! Parsing and matching are kept in one file on purpose (about 680 lines
//! before the tests): they must apply the same rules, and do so side by
//! side.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::arabic::close::is_close;
use crate::arabic::keyboard::{self, Layout};
use crate::arabic::{self, Fold, Lang, Token, bare_keys, is_bare_proclitic, translit};

/// Shortest prefix searched, in normalized characters (Q3).
pub const MIN_PREFIX_CHARS: usize = 2;

/// Shortest word retried with fuzzy matching (Q6), in characters.
pub const MIN_FUZZY_CHARS: usize = 4;

/// Weight of a reading of Latin letters as another script (Q11): below
/// any match of what was typed.
pub const LATIN_READING_WEIGHT: f32 = 0.3;

/// Romanizations tried per scheme for a complete word, and for the word
/// being typed (Q11).
const ROMANIZATIONS: (usize, usize) = (24, 3);

/// Persian and Urdu verbal prefixes that may be typed apart (Q11).
const COMPOUND_PREFIXES: [&str; 2] = ["مي", "نمي"];

/// Persian and Urdu suffixes that may be typed apart (Q11).
const COMPOUND_SUFFIXES: [&str; 4] = ["ها", "هاي", "تر", "ترين"];

/// One part of a query. Words are normalized with the query's fold.
#[derive(Clone, Debug, PartialEq)]
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
    /// Readings of one typed word (Q11): one of them must match (all of
    /// its parts), each weighing as given.
    Any(Vec<Reading>),
}

/// One reading of a typed word.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// Its parts, all required.
    pub parts: Vec<Part>,
    /// Its weight (1 for what was typed).
    pub weight: f32,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The parts, in the order typed.
    pub parts: Vec<Part>,
    /// No folding (Q7).
    pub strict: bool,
    /// Only a partial word too short to search was typed: keep showing the
    /// previous results (Q3).
    pub pending: bool,
    /// `source:`, `date:` and `lang:` filters, and the order asked for.
    pub filters: Filters,
}

/// The order of results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Best match first (the default).
    #[default]
    Relevance,
    /// Newest date first; documents without a date last.
    Newest,
    /// Oldest date first; documents without a date last.
    Oldest,
    /// By source, A to Z; best match first within a source.
    Source,
}

impl Order {
    /// The order named `s` (`relevance`, `newest`/`date`, `oldest`,
    /// `source`).
    #[must_use]
    pub fn named(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "relevance" | "score" | "best" => Some(Self::Relevance),
            "newest" | "date" | "new" | "recent" => Some(Self::Newest),
            "oldest" | "old" => Some(Self::Oldest),
            "source" => Some(Self::Source),
            _ => None,
        }
    }
}

/// Filters typed with the words (docs/search.md §14a): each kind ANDed with
/// the words, values of one kind ORed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// `source:X` (several: `source:X,Y`): a source whose key
    /// ([`crate::corpus::meta::source_key`]) contains one of these.
    pub sources: Vec<String>,
    /// `date:2019-02`, `date:2019-01..2019-03`: days since 1970-01-01,
    /// half open.
    pub days: Option<Range<i64>>,
    /// `lang:fa` (several: `lang:ar,fa`): language codes.
    pub langs: Vec<&'static str>,
    /// `sort:newest`: the order asked for in the query.
    pub order: Option<Order>,
    /// Filters that could not be read (the CLI reports them; the reader
    /// shows them while they are being typed).
    pub invalid: Vec<String>,
}

impl Filters {
    /// Whether any filter restricts the documents.
    #[must_use]
    pub fn restricts(&self) -> bool {
        !self.sources.is_empty() || self.days.is_some() || !self.langs.is_empty()
    }

    /// Reads `word` as a filter (`key:value`); `false` when it is none.
    /// An unreadable value is left out and noted in `invalid`.
    fn take(&mut self, word: &str) -> bool {
        let Some((key, value)) = word.split_once(':') else {
            return false;
        };
        let key = key.to_ascii_lowercase();
        let value = value.trim_matches('"');
        let mut bad = |what: &str| self.invalid.push(format!("{word}: {what}"));
        match key.as_str() {
            "source" | "src" | "site" => {
                let keys: Vec<String> = value
                    .split(',')
                    .map(crate::corpus::meta::source_key)
                    .filter(|k| !k.is_empty())
                    .collect();
                if keys.is_empty() {
                    bad("no source named");
                }
                self.sources.extend(keys);
            }
            "date" => match crate::corpus::date_period(value) {
                Some(r) => {
                    self.days = Some(match self.days.take() {
                        Some(old) => old.start.max(r.start)..old.end.min(r.end),
                        None => r,
                    });
                }
                None => bad("not a date or period (2019, 2019-02, 2019-02-07, 2019-01..2019-03)"),
            },
            "lang" | "language" => {
                for v in value.split(',').filter(|v| !v.is_empty()) {
                    match Lang::named(v) {
                        Some(l) => self.langs.push(l.code()),
                        None => bad("not a language (ar, fa, ur, he)"),
                    }
                }
            }
            "sort" | "order" => match Order::named(value) {
                Some(o) => self.order = Some(o),
                None => bad("not an order (relevance, newest, oldest, source)"),
            },
            _ => return false,
        }
        true
    }
}

/// Whether the `"` at byte `i` of `input` is gershayim (H3): between two
/// Hebrew letters.
fn is_gershayim(input: &str, i: usize) -> bool {
    input[..i]
        .chars()
        .next_back()
        .is_some_and(arabic::is_hebrew_letter)
        && input[i + 1..]
            .chars()
            .next()
            .is_some_and(arabic::is_hebrew_letter)
}

/// The end of the word starting at `i`: the next whitespace or quote
/// (gershayim excepted).
fn word_end(input: &str, i: usize) -> usize {
    let mut j = i;
    for (k, c) in input[i..].char_indices() {
        if c.is_whitespace() || (c == '"' && !is_gershayim(input, i + k)) {
            return i + k;
        }
        j = i + k + c.len_utf8();
    }
    j
}

/// The complete and partial words of one typed word (Q1, Q3); `partial`
/// when the word ends the input. Sets `dropped` when a partial word is too
/// short to search.
fn word_parts(word: &str, partial: bool, fold: Fold, dropped: &mut bool) -> Vec<Part> {
    let toks = arabic::tokenize(word, fold);
    let n = toks.len();
    let mut parts = Vec::new();
    for (k, t) in toks.into_iter().enumerate() {
        let is_partial = partial && k + 1 == n && t.range.end == word.len();
        let urdu = (fold.letters && word[t.range.clone()].contains('\u{06BE}'))
            .then(|| arabic::normalize_in(&word[t.range.clone()], fold, Lang::Urdu));
        let part = if is_partial {
            let folded = arabic::normalize(&t.text, Fold::default());
            if t.text.chars().count() < MIN_PREFIX_CHARS || is_bare_proclitic(&folded) {
                *dropped = true;
                continue;
            }
            Part::Prefix(t.text)
        } else {
            Part::Term(t.text)
        };
        let same = |key: String| match &part {
            Part::Prefix(_) => Part::Prefix(key),
            _ => Part::Term(key),
        };
        // P3: a do-chashmi heh is kept in Urdu texts, folded elsewhere.
        // A1: a word typed with a superscript alef has a second key, with
        // the alef written out (`زکوٰۃ` is `زکوۃ` and `زکاۃ`).
        let mut others: Vec<Part> = Vec::new();
        for key in [urdu, t.alt.filter(|_| fold.letters)].into_iter().flatten() {
            let other = same(key);
            if other != part && !others.contains(&other) {
                others.push(other);
            }
        }
        if others.is_empty() {
            parts.push(part);
        } else {
            let mut readings = vec![reading(vec![part], 1.0)];
            readings.extend(others.into_iter().map(|o| reading(vec![o], 1.0)));
            parts.push(Part::Any(readings));
        }
    }
    parts
}

fn reading(parts: Vec<Part>, weight: f32) -> Reading {
    Reading { parts, weight }
}

/// The parts of `script` (a Latin word read in another script), the last
/// word a prefix when `partial`.
fn script_parts(script: &str, partial: bool) -> Option<Vec<Part>> {
    let fold = Fold::default();
    let mut words: Vec<String> = arabic::tokenize(script, fold)
        .into_iter()
        .map(|t| t.text)
        .collect();
    let last_ok = words
        .last()
        .is_some_and(|w| w.chars().count() >= MIN_PREFIX_CHARS && !is_bare_proclitic(w));
    if partial && !last_ok {
        words.pop();
        if words.is_empty() {
            return None;
        }
        return Some(vec![Part::Phrase {
            words,
            prefix: false,
        }])
        .map(single);
    }
    match words.len() {
        0 => None,
        1 if partial => Some(vec![Part::Prefix(words.remove(0))]),
        1 => Some(vec![Part::Term(words.remove(0))]),
        _ => Some(vec![Part::Phrase {
            words,
            prefix: partial,
        }]),
    }
}

/// A phrase of one word is that word.
fn single(mut parts: Vec<Part>) -> Vec<Part> {
    if let Some(Part::Phrase {
        words,
        prefix: false,
    }) = parts.first_mut()
        && words.len() == 1
    {
        return vec![Part::Term(words.remove(0))];
    }
    parts
}

/// Q11: a word typed in Latin letters read as keys of the Arabic, Persian
/// and Hebrew layouts (K1–K3) and as a romanization (T1–T4).
fn latin_readings(word: &str, partial: bool) -> Vec<Reading> {
    let mut out: Vec<Reading> = Vec::new();
    let mut add = |parts: Option<Vec<Part>>| {
        if let Some(parts) = parts
            && !out.iter().any(|r| r.parts == parts)
        {
            out.push(reading(parts, LATIN_READING_WEIGHT));
        }
    };
    for layout in Layout::ALL {
        add(script_parts(&layout.convert(word), partial));
    }
    let per = if partial {
        ROMANIZATIONS.1
    } else {
        ROMANIZATIONS.0
    };
    for (_, c) in translit::candidates(word, per) {
        add(script_parts(&c, partial));
    }
    out
}

/// Q11: a Persian or Urdu compound typed joined (or with ZWNJ) also
/// matches it typed apart, as a phrase; two words typed apart also match
/// them joined.
fn compounds(parts: Vec<Part>) -> Vec<Part> {
    let split = |t: &str| -> Option<(String, String)> {
        for p in COMPOUND_PREFIXES {
            if let Some(rest) = t.strip_prefix(p)
                && rest.chars().count() >= 2
            {
                return Some((p.to_owned(), rest.to_owned()));
            }
        }
        for s in COMPOUND_SUFFIXES {
            if let Some(head) = t.strip_suffix(s)
                && head.chars().count() >= 2
            {
                return Some((head.to_owned(), s.to_owned()));
            }
        }
        None
    };
    let joined_or_apart = |a: String, b: String| {
        Part::Any(vec![
            reading(vec![Part::Term(format!("{a}{b}"))], 1.0),
            reading(
                vec![Part::Phrase {
                    words: vec![a, b],
                    prefix: false,
                }],
                1.0,
            ),
        ])
    };
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    let mut it = parts.into_iter().peekable();
    while let Some(p) = it.next() {
        match (&p, it.peek()) {
            (Part::Term(a), Some(Part::Term(b)))
                if COMPOUND_PREFIXES.contains(&a.as_str())
                    || COMPOUND_SUFFIXES.contains(&b.as_str()) =>
            {
                let (a, b) = (a.clone(), b.clone());
                it.next();
                out.push(joined_or_apart(a, b));
            }
            (Part::Term(t), _) => match split(t) {
                Some((a, b)) => out.push(joined_or_apart(a, b)),
                None => out.push(p),
            },
            _ => out.push(p),
        }
    }
    out
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
        let mut filters = Filters::default();
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
                let mut body_end = input.len();
                let mut closed = false;
                for (k, ch) in input[body_start..].char_indices() {
                    if ch == '"' && !is_gershayim(input, body_start + k) {
                        body_end = body_start + k;
                        closed = true;
                        break;
                    }
                }
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
            let mut end = word_end(input, i);
            // `source:"Al Jazeera"`: a quoted value.
            if input[i..end].ends_with(':') && bytes.get(end) == Some(&b'"') {
                end = input[end + 1..]
                    .find('"')
                    .map_or(input.len(), |k| end + 1 + k + 1);
            }
            let word = &input[i..end];
            if filters.take(word) {
                i = end;
                continue;
            }
            if let Some(rest) = word.strip_prefix('-') {
                for t in arabic::tokenize(rest, fold) {
                    parts.push(Part::Exclude(t.text));
                }
                i = end;
                continue;
            }
            let partial = end == input.len();
            let mut dropped = false;
            let natives = word_parts(word, partial, fold, &mut dropped);
            if !strict && keyboard::is_latin_typed(word) {
                let mut readings = latin_readings(word, partial);
                if !readings.is_empty() {
                    if !natives.is_empty() {
                        readings.insert(0, reading(natives, 1.0));
                    }
                    parts.push(Part::Any(readings));
                    i = end;
                    continue;
                }
            }
            dropped_partial |= dropped;
            parts.extend(natives);
            i = end;
        }
        if !strict {
            parts = compounds(parts);
        }
        // A word typed twice asks nothing more (a query pasted from a text
        // repeats its words: the index query stays as small as the set of
        // distinct parts).
        let mut seen = HashSet::new();
        parts.retain(|p| seen.insert(format!("{p:?}")));
        let positive = parts.iter().any(|p| !matches!(p, Part::Exclude(_)));
        Self {
            pending: dropped_partial && !positive && !filters.restricts(),
            parts,
            strict,
            filters,
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
        self.parts.is_empty()
            && !self.pending
            && !self.filters.restricts()
            && self.filters.order.is_none()
    }

    /// Whether some part requires a match (not only exclusions).
    #[must_use]
    pub fn has_positive(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Exclude(_)))
    }

    /// Complete words long enough for close spellings (Q6): typed words
    /// only, not other readings.
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

/// Finds matched bytes in texts, with the query's rules.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    terms: Vec<String>,
    prefixes: Vec<String>,
    phrases: Vec<(Vec<String>, bool)>,
    excludes: Vec<String>,
    /// Per typed word with several readings, a matcher per reading.
    anys: Vec<Vec<Matcher>>,
    fuzzy: bool,
    strict: bool,
    /// The query's words by key, made when first needed.
    lookup: std::sync::OnceLock<Lookup>,
}

/// The query's words by their keys, so that each token of a text is
/// looked up rather than compared with every query word (a 10,000-word
/// query stays linear in the text). Lookups only find candidates; every
/// match is decided by the same rules as before (`term_matches`,
/// `prefix_matches`, `phrase_at`).
#[derive(Clone, Debug, Default)]
struct Lookup {
    /// Term → its indices.
    terms: HashMap<String, Vec<usize>>,
    /// Each term long enough for close spellings, and every form of it
    /// with one character deleted → its indices: two words within one
    /// edit share one of these keys.
    near: HashMap<String, Vec<usize>>,
    /// Prefix → its indices, and the byte lengths prefixes have.
    prefixes: HashMap<String, Vec<usize>>,
    prefix_lens: Vec<usize>,
    /// Phrase → by its first word (a one-word prefix phrase, which any
    /// token may start, is in `phrases_anywhere`).
    phrases: HashMap<String, Vec<usize>>,
    phrases_anywhere: Vec<usize>,
    /// Excluded words.
    excludes: HashSet<String>,
}

/// `s` with one character deleted, each way.
fn deletions(s: &str) -> impl Iterator<Item = String> + '_ {
    s.char_indices()
        .map(move |(i, c)| format!("{}{}", &s[..i], &s[i + c.len_utf8()..]))
}

fn add_key(map: &mut HashMap<String, Vec<usize>>, key: &str, i: usize) {
    let v = map.entry(key.to_owned()).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

/// A token of the text with its bare keys, computed when first needed.
struct Word<'t> {
    tok: &'t Token,
    original: &'t str,
    bare: std::cell::OnceCell<Vec<String>>,
}

impl Word<'_> {
    fn bare(&self, lang: Lang) -> &[String] {
        self.bare.get_or_init(|| {
            let mut out = Vec::new();
            bare_keys(self.tok, self.original, lang, &mut out);
            out
        })
    }
}

impl Matcher {
    /// The matcher of `q`; `fuzzy` when the results came from the fuzzy
    /// retry.
    #[must_use]
    pub fn new(q: &Parsed, fuzzy: bool) -> Self {
        Self::of_parts(&q.parts, q.strict, fuzzy)
    }

    fn of_parts(parts: &[Part], strict: bool, fuzzy: bool) -> Self {
        let mut m = Self {
            fuzzy,
            strict,
            ..Self::default()
        };
        for p in parts {
            match p {
                Part::Term(t) => m.terms.push(t.clone()),
                Part::Prefix(t) => m.prefixes.push(t.clone()),
                Part::Phrase { words, prefix } => m.phrases.push((words.clone(), *prefix)),
                Part::Exclude(t) => m.excludes.push(t.clone()),
                Part::Any(readings) => m.anys.push(
                    readings
                        .iter()
                        .map(|r| Self::of_parts(&r.parts, strict, fuzzy))
                        .collect(),
                ),
            }
        }
        m
    }

    /// The same matcher without close spellings: for the hits that matched
    /// exactly.
    #[must_use]
    pub fn exact(&self) -> Self {
        let mut m = self.clone();
        m.set_fuzzy(false);
        m
    }

    fn set_fuzzy(&mut self, fuzzy: bool) {
        self.fuzzy = fuzzy;
        for group in &mut self.anys {
            for m in group {
                m.set_fuzzy(fuzzy);
            }
        }
    }

    /// Whether the matcher can match anything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.prefixes.is_empty()
            && self.phrases.is_empty()
            && self.anys.iter().all(|g| g.iter().all(Self::is_empty))
    }

    fn fold(&self) -> Fold {
        if self.strict {
            Fold::STRICT
        } else {
            Fold::default()
        }
    }

    fn lookup(&self) -> &Lookup {
        self.lookup.get_or_init(|| {
            let mut l = Lookup::default();
            for (i, t) in self.terms.iter().enumerate() {
                add_key(&mut l.terms, t, i);
                if t.chars().count() >= MIN_FUZZY_CHARS {
                    add_key(&mut l.near, t, i);
                    for d in deletions(t) {
                        add_key(&mut l.near, &d, i);
                    }
                }
            }
            for (i, p) in self.prefixes.iter().enumerate() {
                add_key(&mut l.prefixes, p, i);
                if !l.prefix_lens.contains(&p.len()) {
                    l.prefix_lens.push(p.len());
                }
            }
            for (i, (words, prefix)) in self.phrases.iter().enumerate() {
                match words.first() {
                    Some(_) if words.len() == 1 && *prefix => l.phrases_anywhere.push(i),
                    Some(first) => add_key(&mut l.phrases, first, i),
                    None => {}
                }
            }
            l.excludes = self.excludes.iter().cloned().collect();
            l
        })
    }

    /// Calls `each` with the index of every term `w` matches (some more
    /// than once).
    fn terms_of(&self, w: &Word<'_>, lang: Lang, each: &mut dyn FnMut(usize)) {
        let l = self.lookup();
        let keys = std::iter::once(w.tok.text.as_str()).chain(w.tok.alt.as_deref());
        for k in keys {
            l.terms.get(k).into_iter().flatten().for_each(|&i| each(i));
        }
        if self.strict {
            return;
        }
        for b in w.bare(lang) {
            l.terms
                .get(b.as_str())
                .into_iter()
                .flatten()
                .for_each(|&i| each(i));
        }
        if !self.fuzzy || l.near.is_empty() {
            return;
        }
        let mut candidates: Vec<usize> = Vec::new();
        let forms = std::iter::once(w.tok.text.as_str())
            .chain(w.tok.alt.as_deref())
            .chain(w.bare(lang).iter().map(String::as_str));
        for form in forms {
            for k in std::iter::once(form.to_owned()).chain(deletions(form)) {
                candidates.extend(l.near.get(&k).into_iter().flatten());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            if self.term_matches(&self.terms[i], w, lang) {
                each(i);
            }
        }
    }

    /// Calls `each` with the index of every prefix `w` starts with.
    fn prefixes_of(&self, w: &Word<'_>, lang: Lang, each: &mut dyn FnMut(usize)) {
        let l = self.lookup();
        if l.prefixes.is_empty() {
            return;
        }
        let mut look = |form: &str| {
            for &n in &l.prefix_lens {
                if let Some(head) = form.get(..n) {
                    l.prefixes
                        .get(head)
                        .into_iter()
                        .flatten()
                        .for_each(|&i| each(i));
                }
            }
        };
        look(&w.tok.text);
        if let Some(a) = w.tok.alt.as_deref() {
            look(a);
        }
        if !self.strict {
            for b in w.bare(lang) {
                look(b);
            }
        }
    }

    /// The phrases that may start at `w`.
    fn phrases_at(&self, w: &Word<'_>) -> Vec<usize> {
        let l = self.lookup();
        let mut out = l.phrases_anywhere.clone();
        for k in std::iter::once(w.tok.text.as_str()).chain(w.tok.alt.as_deref()) {
            out.extend(l.phrases.get(k).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn term_matches(&self, term: &str, w: &Word<'_>, lang: Lang) -> bool {
        if w.tok.is(term) {
            return true;
        }
        if self.strict {
            return false;
        }
        let bare = w.bare(lang);
        bare.iter().any(|b| b == term)
            || (self.fuzzy
                && term.chars().count() >= MIN_FUZZY_CHARS
                && (is_close(&w.tok.text, term)
                    || w.tok.alt.as_deref().is_some_and(|a| is_close(a, term))
                    || bare.iter().any(|b| is_close(b, term))))
    }

    /// The byte ranges of `text` that match, sorted and disjoint: each
    /// matching word, and each phrase occurrence from its first word to
    /// its last. The text's language (L1–L3) decides its rules, as it did
    /// when it was indexed.
    #[must_use]
    pub fn hits(&self, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        let lang = arabic::lang::detect(text);
        let toks = arabic::tokenize_in(text, self.fold(), lang);
        let words = words_of(text, &toks);
        let mut out: Vec<Range<usize>> = Vec::new();
        self.collect_hits(&words, lang, &mut out);
        out.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    fn collect_hits(&self, words: &[Word<'_>], lang: Lang, out: &mut Vec<Range<usize>>) {
        for (i, w) in words.iter().enumerate() {
            let mut hit = false;
            self.terms_of(w, lang, &mut |_| hit = true);
            if !hit {
                self.prefixes_of(w, lang, &mut |_| hit = true);
            }
            if hit {
                out.push(w.tok.range.clone());
                continue;
            }
            for k in self.phrases_at(w) {
                let (phrase, prefix) = &self.phrases[k];
                if let Some(r) = phrase_at(words, i, phrase, *prefix) {
                    out.push(r);
                }
            }
        }
        for group in &self.anys {
            for m in group {
                m.collect_hits(words, lang, out);
            }
        }
    }

    /// Whether `text` satisfies the whole query: every part matched
    /// somewhere, no excluded word. (Strict mode checks the index's folded
    /// candidates with this.)
    #[must_use]
    pub fn accepts(&self, text: &str) -> bool {
        let lang = arabic::lang::detect(text);
        let toks = arabic::tokenize_in(text, self.fold(), lang);
        let words = words_of(text, &toks);
        let excludes = &self.lookup().excludes;
        if !excludes.is_empty()
            && toks.iter().any(|t| {
                excludes.contains(&t.text) || t.alt.as_ref().is_some_and(|a| excludes.contains(a))
            })
        {
            return false;
        }
        self.accepts_words(&words, lang)
    }

    fn accepts_words(&self, words: &[Word<'_>], lang: Lang) -> bool {
        let mut terms_found = vec![false; self.terms.len()];
        let mut prefixes_found = vec![false; self.prefixes.len()];
        let mut phrases_found = vec![false; self.phrases.len()];
        for (i, w) in words.iter().enumerate() {
            self.terms_of(w, lang, &mut |k| terms_found[k] = true);
            self.prefixes_of(w, lang, &mut |k| prefixes_found[k] = true);
            for k in self.phrases_at(w) {
                let (p, prefix) = &self.phrases[k];
                if !phrases_found[k] && phrase_at(words, i, p, *prefix).is_some() {
                    phrases_found[k] = true;
                }
            }
        }
        let terms = terms_found.iter().all(|&f| f);
        let prefixes = prefixes_found.iter().all(|&f| f);
        let phrases = phrases_found.iter().all(|&f| f);
        let anys = self
            .anys
            .iter()
            .all(|g| g.iter().any(|m| m.accepts_words(words, lang)));
        terms && prefixes && phrases && anys
    }
}

fn words_of<'t>(text: &'t str, toks: &'t [Token]) -> Vec<Word<'t>> {
    toks.iter()
        .map(|t| Word {
            tok: t,
            original: &text[t.range.clone()],
            bare: std::cell::OnceCell::new(),
        })
        .collect()
}

/// The range of the phrase `words` when it starts at word `i`.
fn phrase_at(toks: &[Word<'_>], i: usize, words: &[String], prefix: bool) -> Option<Range<usize>> {
    let n = words.len();
    if n == 0 || i + n > toks.len() {
        return None;
    }
    let ok = words.iter().enumerate().all(|(k, w)| {
        let tok = toks[i + k].tok;
        if prefix && k + 1 == n {
            tok.starts_with(w)
        } else {
            tok.is(w)
        }
    });
    ok.then(|| toks[i].tok.range.start..toks[i + n - 1].tok.range.end)
}

/// Damerau–Levenshtein distance at most 1 (one insertion, deletion,
/// substitution or transposition), over characters.
#[must_use]
pub fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if p == la && p == lb {
        return true;
    }
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (la - p - s.min(la - p), lb - p - s.min(lb - p));
    match (ra, rb) {
        (1, 1) | (1, 0) | (0, 1) => true,
        (2, 2) => a[p] == b[p + 1] && a[p + 1] == b[p],
        _ => false,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_word_typed_twice_counts_once() {
        let q = Parsed::new("القاهرة مصر القاهرة مصر -النيل -النيل ", false);
        let again = Parsed::new("القاهرة مصر -النيل ", false);
        assert_eq!(q.parts, again.parts);
    }
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
