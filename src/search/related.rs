//! Related documents: a document's most characteristic words (TF-IDF over
//! the primary field, stop words and numbers left out, words found in one
//! document only or in most documents left out too) as an OR query, the
//! document itself excluded.

use std::collections::HashMap;

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::Error;
use super::engine::{Engine, Hit};
use crate::arabic::{self, Fold};
use crate::corpus::DocKey;

impl Engine {
    /// Documents like `doc`: its most characteristic words (TF-IDF over the
    /// primary field, stop words left out) as an OR query, the document
    /// itself excluded.
    ///
    /// # Errors
    /// tantivy failed ([`Error::Damaged`], as for [`Engine::search`]).
    pub fn related(&self, doc: &DocKey, limit: usize) -> Result<Vec<Hit>, Error> {
        crate::guard::catching(|| self.related_inner(doc, limit))
            .unwrap_or_else(|p| Err(Error::Damaged(crate::guard::message(&*p))))
            .map_err(Error::into_damage)
    }

    fn related_inner(&self, doc: &DocKey, limit: usize) -> Result<Vec<Hit>, Error> {
        let searcher = self.reader.searcher();
        let stored = self.stored_key(doc);
        let key = Term::from_field_text(self.f.key, &stored.to_string());
        let found = searcher.search(
            &TermQuery::new(key.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some(&(_, addr)) = found.first() else {
            return Ok(Vec::new());
        };
        let Some(text) = self.stored_text(addr) else {
            return Ok(Vec::new());
        };
        let mut tf: HashMap<String, usize> = HashMap::new();
        for t in arabic::tokenize(&text, Fold::default()) {
            if t.text.chars().count() >= 3
                && !t.text.chars().all(|c| c.is_ascii_digit())
                && !self.stop.contains(&t.text)
            {
                *tf.entry(t.text).or_default() += 1;
            }
        }
        let n = searcher.num_docs().max(1) as f32;
        let mut weighted: Vec<(f32, String)> = tf
            .into_iter()
            .filter_map(|(t, c)| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(self.f.body, &t))
                    .unwrap_or(0);
                // Words in this document only, or in most documents, say
                // nothing about likeness.
                (df >= 2 && (df as f32) <= (n * 0.5).max(2.0)).then(|| {
                    let idf = (n / df as f32).ln();
                    ((c as f32).sqrt() * idf, t)
                })
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighted.truncate(25);
        if weighted.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = weighted
            .into_iter()
            .map(|(w, t)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.f.body, &t),
                        IndexRecordOption::WithFreqs,
                    )),
                    w,
                ));
                (Occur::Should, q)
            })
            .collect();
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(key, IndexRecordOption::Basic)),
        ));
        let q = BooleanQuery::new(clauses);
        let (top, _) = self.top(&searcher, &q, limit)?;
        Ok(top
            .into_iter()
            .map(|(score, addr)| Hit {
                score,
                addr,
                close: false,
            })
            .collect())
    }
}
