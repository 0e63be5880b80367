//! Query building: the parts of a parsed query ([`super::query`]) turned
//! into tantivy queries over the schema's fields. A complete word looks in
//! the body, the title (×1.5) and the clitic-stripped field (×0.4); the
//! word being typed is a range over the term dictionaries (no expansion
//! cap) plus the exact word's score; phrases and phrase prefixes run on
//! the body; `-word` excludes; the fuzzy retry allows one edit in words of
//! 4 letters or more; a word read several ways (Q11) needs one reading,
//! each weighed as the parse says.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::prefix::{Completions, Range};
use super::query::{MIN_FUZZY_CHARS, Parsed, Part};
use super::schema::Fields;
use crate::arabic::{self, Fold, close};

/// Weight of a close spelling (Q6) against the word as typed.
const CLOSE_WEIGHT: f32 = 0.5;

/// Upper bound on terms a phrase prefix expands to.
const PHRASE_PREFIX_EXPANSIONS: u32 = 1000;

/// Upper bound on the completions of the word being typed, per segment
/// and field, in dictionary order: a range over the whole term dictionary
/// costs per term, and the two or three letters typed first of a word can
/// begin a hundred thousand of them in a million articles (390 ms a
/// keystroke). Past it the count is a lower bound, and the answer says so
/// ([`super::Results::partial`]).
pub const PREFIX_TERMS: u64 = 512;

/// A query word as the index has it: parts are analysed already, except
/// in strict mode, where only the folding applies.
pub(crate) fn folded(s: &str, strict: bool) -> String {
    if strict {
        arabic::normalize(s, Fold::default())
    } else {
        s.to_owned()
    }
}

/// The bounds of the terms of `field` that begin with `prefix`.
pub(crate) fn prefix_bounds(prefix: &str) -> (Vec<u8>, Option<Vec<u8>>) {
    (prefix.as_bytes().to_vec(), prefix_end(prefix.as_bytes()))
}

/// Builds queries over an index's fields.
pub(crate) struct Plan<'a> {
    /// The fields.
    pub f: &'a Fields,
    /// The word being typed has more completions than are searched
    /// ([`PREFIX_TERMS`]): its completions are looked for in the body
    /// only (the answer is a lower bound anyway).
    pub partial: bool,
}

impl Plan<'_> {
    fn term_clause(&self, t: &str) -> Box<dyn Query> {
        let f = &self.f;
        let term = |field: Field, s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, s),
                IndexRecordOption::WithFreqs,
            ))
        };
        // The bare field holds `t` for its forms with clitics (المدرسة,
        // بالمدرسة for مدرسة; والمدرسة for المدرسة, C1).
        let in_bare = t;
        let should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, term(f.body, t)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(f.title, t), 1.5)),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(term(f.bare, in_bare), 0.4)),
            ),
        ];
        Box::new(BooleanQuery::new(should))
    }

    fn prefix_clause(&self, p: &str) -> Box<dyn Query> {
        let (lower, upper) = prefix_bounds(p);
        let range = |field: Field, weight: f32, exact: bool| Range {
            field,
            weight,
            lower: lower.clone(),
            upper: upper.clone(),
            exact,
            limit: PREFIX_TERMS,
        };
        // What a document must have: a completion (constant weights: the
        // body's and title's 1, the bare forms' 0.5), all fields in one bit
        // set per segment. The typed word's own BM25, if it is a whole
        // word somewhere, is optional on top: computed only for documents
        // that match, so that it ranks first. Each field's range begins
        // with the word itself, so the matches are those of a union of all.
        let mut ranges = vec![range(self.f.body, 1.0, false)];
        if self.partial {
            // No bare range to hold the bare word: it matches by itself
            // (its score is the optional clause's).
            ranges.push(range(self.f.bare, 0.0, true));
        } else {
            ranges.push(range(self.f.title, 1.0, false));
            ranges.push(range(self.f.bare, 0.5, false));
        }
        let exact = |field: Field, boost: f32| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, p),
                    IndexRecordOption::WithFreqs,
                )),
                boost,
            ))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(Completions { ranges })),
            (Occur::Should, exact(self.f.body, 1.0)),
            (Occur::Should, exact(self.f.bare, 0.4)),
        ]))
    }

    fn phrase_clause(&self, words: &[String], prefix: bool) -> Box<dyn Query> {
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(self.f.body, w))
            .collect();
        if prefix {
            let mut q = PhrasePrefixQuery::new(terms);
            q.set_max_expansions(PHRASE_PREFIX_EXPANSIONS);
            Box::new(q)
        } else {
            Box::new(PhraseQuery::new(terms))
        }
    }

    /// The clause of one part (`None` for an exclusion, which
    /// [`Self::build`] adds itself).
    fn clause(&self, part: &Part, strict: bool, fuzzy: bool) -> Option<Box<dyn Query>> {
        let fold = |s: &str| folded(s, strict);
        Some(match part {
            Part::Term(t) => {
                let t = fold(t);
                if fuzzy && t.chars().count() >= MIN_FUZZY_CHARS {
                    let variants = close::variants(&t);
                    let mut should: Vec<(Occur, Box<dyn Query>)> =
                        vec![(Occur::Should, self.term_clause(&t))];
                    if variants.is_empty() {
                        // S3: other scripts, any one edit.
                        should.push((
                            Occur::Should,
                            Box::new(FuzzyTermQuery::new(
                                Term::from_field_text(self.f.body, &t),
                                1,
                                true,
                            )),
                        ));
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(
                                Box::new(FuzzyTermQuery::new(
                                    Term::from_field_text(self.f.bare, &t),
                                    1,
                                    true,
                                )),
                                0.4,
                            )),
                        ));
                    }
                    // S1, S2, S4: the word's close spellings, each as a word.
                    for v in variants {
                        should.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(self.term_clause(&v), CLOSE_WEIGHT)),
                        ));
                    }
                    Box::new(BooleanQuery::new(should))
                } else {
                    self.term_clause(&t)
                }
            }
            Part::Prefix(p) => self.prefix_clause(&fold(p)),
            Part::Phrase { words, prefix } => {
                let words: Vec<String> = words.iter().map(|w| fold(w)).collect();
                self.phrase_clause(&words, *prefix)
            }
            Part::Exclude(_) => return None,
            Part::Any(readings) => {
                let should = readings
                    .iter()
                    .filter_map(|r| {
                        let musts: Vec<(Occur, Box<dyn Query>)> = r
                            .parts
                            .iter()
                            .filter_map(|p| self.clause(p, strict, fuzzy))
                            .map(|q| (Occur::Must, q))
                            .collect();
                        if musts.is_empty() {
                            return None;
                        }
                        let q: Box<dyn Query> = Box::new(BoostQuery::new(
                            Box::new(BooleanQuery::new(musts)),
                            r.weight,
                        ));
                        Some((Occur::Should, q))
                    })
                    .collect();
                Box::new(BooleanQuery::new(should))
            }
        })
    }

    /// The tantivy query for `q` (folded forms: strict queries are
    /// checked afterwards). `fuzzy`: complete words of 4 characters or more
    /// match at edit distance 1 (Q6).
    pub(crate) fn build(&self, q: &Parsed, fuzzy: bool) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in &q.parts {
            if let Part::Exclude(t) = part {
                let t = if q.strict {
                    arabic::normalize(t, Fold::default())
                } else {
                    t.clone()
                };
                for field in [self.f.body, self.f.title] {
                    clauses.push((
                        Occur::MustNot,
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &t),
                            IndexRecordOption::Basic,
                        )),
                    ));
                }
            } else if let Some(c) = self.clause(part, q.strict, fuzzy) {
                clauses.push((Occur::Must, c));
            }
        }
        if !q.has_positive() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut res = prefix.to_owned();
    while let Some(last) = res.last_mut() {
        if *last == u8::MAX {
            res.pop();
        } else {
            *last += 1;
            return Some(res);
        }
    }
    None
}
