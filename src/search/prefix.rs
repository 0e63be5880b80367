//! The completions of a word being typed, over several fields at once: one
//! query whose documents are one bit set per segment (the union of every
//! field's completions), each document scoring the constant weights of the
//! fields whose completions it has. The same matches and scores as a union
//! of one range query per field, but a seek into it is a bit-set lookup:
//! after rarer words (`باليقصلين ملانعها هذا`) a common word being typed
//! costs per candidate document, where a union of ranges refilled a window
//! of thousands of documents at every seek (docs/search.md §8).

use std::fmt;

use tantivy::query::{BitSetDocSet, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader};

/// One field's terms: those in `[lower, upper)` (the first `limit` of
/// them in dictionary order), or exactly `lower` when `exact`.
#[derive(Clone, Debug)]
pub(crate) struct Range {
    pub field: Field,
    /// The constant a document with one of these terms scores.
    pub weight: Score,
    pub lower: Vec<u8>,
    /// `None`: no end (a prefix of only `0xFF` bytes).
    pub upper: Option<Vec<u8>>,
    pub exact: bool,
    pub limit: u64,
}

/// The documents with a term of any of `ranges`.
#[derive(Clone, Debug)]
pub(crate) struct Completions {
    pub ranges: Vec<Range>,
}

impl Query for Completions {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Completions {
    /// Each range's documents in `reader`, as bit sets, and all of them
    /// added to `all`.
    fn sets(
        &self,
        reader: &SegmentReader,
        all: &mut BitSet,
    ) -> tantivy::Result<Vec<(BitSet, Score)>> {
        let max_doc = reader.max_doc();
        let mut out = Vec::with_capacity(self.ranges.len());
        for r in &self.ranges {
            let mut set = BitSet::with_max_value(max_doc);
            let inv = reader.inverted_index(r.field)?;
            let mut range = inv.terms().range().ge(&r.lower);
            range = if r.exact {
                range.le(&r.lower)
            } else if let Some(u) = &r.upper {
                range.lt(u)
            } else {
                range
            };
            let mut stream = range.into_stream()?;
            let mut terms = 0u64;
            while stream.advance() {
                if terms == r.limit {
                    break;
                }
                terms += 1;
                let mut postings = inv
                    .read_block_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
                loop {
                    let docs = postings.docs();
                    if docs.is_empty() {
                        break;
                    }
                    for &d in docs {
                        set.insert(d);
                        all.insert(d);
                    }
                    postings.advance();
                }
            }
            out.push((set, r.weight));
        }
        Ok(out)
    }
}

impl Weight for Completions {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut all = BitSet::with_max_value(reader.max_doc());
        let sets = self.sets(reader, &mut all)?;
        Ok(Box::new(CompletionsScorer {
            docs: BitSetDocSet::from(all),
            sets,
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("completions", scorer.score()))
    }
}

/// The documents of a segment with a completion, and each range's set.
struct CompletionsScorer {
    docs: BitSetDocSet,
    sets: Vec<(BitSet, Score)>,
    boost: Score,
}

impl fmt::Debug for CompletionsScorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompletionsScorer").finish_non_exhaustive()
    }
}

impl DocSet for CompletionsScorer {
    fn advance(&mut self) -> DocId {
        self.docs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.docs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs.size_hint()
    }
}

impl Scorer for CompletionsScorer {
    fn score(&mut self) -> Score {
        let d = self.docs.doc();
        self.boost
            * self
                .sets
                .iter()
                .filter(|(set, _)| set.contains(d))
                .map(|(_, w)| w)
                .sum::<Score>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{DocAddress, Index, doc};

    /// Documents' `a` and `b` terms; the completions of `ab` in `a`
    /// (weight 1) and in `b` (weight 0.5), or `b`'s exact `ab` only.
    #[test]
    fn each_document_scores_the_weights_of_the_fields_it_completes_in() {
        let mut s = Schema::builder();
        let a = s.add_text_field("a", STRING);
        let b = s.add_text_field("b", STRING);
        let index = Index::create_in_ram(s.build());
        let mut w = index.writer_with_num_threads(1, 15 << 20).expect("writer");
        for (x, y) in [
            ("abc", "zz"),  // 0: a only
            ("zz", "abd"),  // 1: b only
            ("ab", "ab"),   // 2: both
            ("ac", "b"),    // 3: neither
            ("abzzz", "x"), // 4: a only
        ] {
            w.add_document(doc!(a => x, b => y)).expect("add");
        }
        w.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let (lower, upper) = (b"ab".to_vec(), Some(b"ac".to_vec()));
        let range = |field, weight, exact, limit| Range {
            field,
            weight,
            lower: lower.clone(),
            upper: upper.clone(),
            exact,
            limit,
        };
        let run = |ranges: Vec<Range>| -> Vec<(u32, f32)> {
            let mut hits: Vec<(u32, f32)> = searcher
                .search(
                    &Completions { ranges },
                    &TopDocs::with_limit(10).order_by_score(),
                )
                .expect("search")
                .into_iter()
                .map(|(s, DocAddress { doc_id, .. })| (doc_id, s))
                .collect();
            hits.sort_by_key(|h| h.0);
            hits
        };
        assert_eq!(
            run(vec![range(a, 1.0, false, 100), range(b, 0.5, false, 100)]),
            [(0, 1.0), (1, 0.5), (2, 1.5), (4, 1.0)]
        );
        // The first term of a's range only (`ab`), and b's exact `ab`.
        assert_eq!(
            run(vec![range(a, 1.0, false, 1), range(b, 0.0, true, 100)]),
            [(2, 1.0)]
        );
        // A seek lands on the next document with a completion.
        let reader = searcher.segment_reader(0);
        let q = Completions {
            ranges: vec![range(a, 1.0, false, 100), range(b, 0.5, false, 100)],
        };
        let mut scorer = q.scorer(reader, 2.0).expect("scorer");
        assert_eq!(scorer.seek(3), 4);
        assert!((scorer.score() - 2.0).abs() < 1e-6, "boost times weight");
    }
}
