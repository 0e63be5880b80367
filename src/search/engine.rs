//! The search engine: an index (in memory, or persistent and brought up
//! to date by `update`) with its reader, searching (the tantivy query
//! from `plan`, the fuzzy retry, strict mode's check of each candidate),
//! and a hit's details (key, id, title, snippet, locator). Related
//! documents are in `related`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use super::Error;
use super::capped::Capped;
use super::facets::{FacetCounts, Facets, Sources};
use super::fault;
use super::plan::Plan;
use super::query::{Filters, Matcher, Order, Parsed, Part};
use super::schema::{self, Fields, NewDoc, make_doc, register, schema};
use super::snippet::{self, Snippet};
use super::store::{self, Manifest};
use super::update::{self, IndexOptions, Progress, Report, Target};
use crate::arabic;
use crate::corpus::{Corpus, DocKey, LoadOptions, Locator, Record, Roots, Source, ids};

/// Close spellings are looked for when the exact matches are fewer than
/// this (Q6) ...
const CLOSE_WHEN_FEWER: usize = 5;

/// Close spellings are tried for queries of at most this many words long
/// enough for them: a longer query is text pasted in, not words typed, and
/// one edit in each of hundreds of words would build an enormous query.
const CLOSE_MAX_WORDS: usize = 16;

/// ... and kept when they are at least this many times as many.
const CLOSE_RATIO: usize = 5;

/// Where the index lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In memory (the sample, or a fallback).
    Memory,
    /// In this cache directory.
    Disk(PathBuf),
}

/// A searchable index of a corpus.
pub struct Engine {
    index: Index,
    pub(super) reader: IndexReader,
    pub(super) f: Fields,
    roots: Roots,
    /// Where the index is.
    pub location: Location,
    pub(super) stop: HashSet<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl Engine {
    fn from_index(index: Index, roots: Roots, location: Location) -> Result<Self, Error> {
        register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (_, f) = schema();
        Ok(Self {
            index,
            reader,
            f,
            roots,
            location,
            stop: arabic::stop_words(),
        })
    }

    /// An in-memory index of a loaded corpus (the sample, or a fallback
    /// when the cache cannot be used).
    ///
    /// # Errors
    /// tantivy failed, or a text could not be read.
    pub fn in_memory(corpus: &Corpus) -> Result<Self, Error> {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        register(&index);
        let mut w = index.writer_with_num_threads(1, 15 << 20)?;
        // Stored paths are the paths as listed; ids are already unique
        // (and stay so when the index numbers them again).
        for (i, d) in corpus.iter().enumerate() {
            let text = corpus.text(i)?;
            w.add_document(make_doc(
                &f,
                &NewDoc {
                    path: &d.path,
                    raw_id: &d.id,
                    title: Some(&d.title),
                    text: &text.text,
                    lang: None,
                    locator: d.locator(),
                    place: &d.path,
                    meta: &d.meta,
                },
            ))?;
        }
        w.commit()?;
        drop(w);
        let e = Self::from_index(index, Roots::default(), Location::Memory)?;
        e.reader.reload()?;
        Ok(e)
    }

    /// Opens the persistent index of the corpus at `paths`, creating it or
    /// bringing it up to date first (the files are compared with the
    /// manifest). `progress` is called as files are indexed. A missing,
    /// unreadable or outdated index is rebuilt (the report says why); a
    /// locked one (another qari is updating it) is searched as it is.
    ///
    /// # Errors
    /// The corpus paths do not exist, or the cache cannot be used at all.
    pub fn open(
        paths: &[PathBuf],
        load: &LoadOptions,
        opts: &IndexOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(Self, Report), Error> {
        let roots = Roots::new(paths)?;
        let canon = roots.canonical();
        let dir = match &opts.cache {
            Some(c) => c.clone(),
            None => store::cache_dir_for(&canon).ok_or_else(|| Error::Io {
                path: "cache directory".to_owned(),
                source: std::io::Error::other("no home directory"),
            })?,
        };
        store::prepare(&dir, &canon).map_err(|e| fault::explain(e, &dir))?;
        let mut report = Report::default();
        let existing = match &opts.rebuild {
            Some(why) => Err(why.clone()),
            None => store::open_existing(&dir),
        };
        let existing = existing.and_then(|found| match found {
            Some((index, manifest)) => {
                let engine = Self::from_index(index, roots.clone(), Location::Disk(dir.clone()))
                    .map_err(|e| format!("the index is damaged ({e})"))?;
                engine
                    .check()
                    .map_err(|e| format!("the index is damaged ({e})"))?;
                Ok(Some((engine, manifest)))
            }
            None => Ok(None),
        });
        let (engine, manifest) = match existing {
            Ok(Some(pair)) => pair,
            Ok(None) => (
                Self::from_index(store::create(&dir)?, roots, Location::Disk(dir.clone()))?,
                Manifest::default(),
            ),
            Err(why) => {
                report.rebuilt = Some(why);
                store::wipe(&dir).map_err(|e| fault::explain(e, &dir))?;
                store::prepare(&dir, &canon).map_err(|e| fault::explain(e, &dir))?;
                let index = store::create(&dir).map_err(|e| fault::explain(e, &dir))?;
                (
                    Self::from_index(index, roots, Location::Disk(dir.clone()))?,
                    Manifest::default(),
                )
            }
        };
        let target = Target {
            index: &engine.index,
            f: &engine.f,
            roots: &engine.roots,
            dir: &dir,
        };
        let had_documents = manifest.payload.files > 0;
        let updated = crate::guard::catching(|| {
            update::update(&target, manifest, load, opts, &mut report, progress)
        })
        .unwrap_or_else(|p| {
            Err(Error::Damaged(format!(
                "updating failed ({})",
                crate::guard::message(&*p)
            )))
        });
        if let Err(e) = updated {
            if opts.rebuild.is_none()
                && matches!(&e, Error::Damaged(why) if why.starts_with(update::CATALOG_DAMAGED))
            {
                drop(engine);
                let rebuild = IndexOptions {
                    rebuild: Some(e.to_string()),
                    ..opts.clone()
                };
                return Self::open(paths, load, &rebuild, progress);
            }
            let e = fault::explain(e, &dir);
            if !had_documents {
                return Err(e);
            }
            // The last complete commit is still there: search it as it is.
            report.stale = Some(format!(
                "the index could not be updated ({e}); searching it as of its last update"
            ));
            report.failed = true;
            report.added = 0;
            report.changed = 0;
            report.removed = 0;
        }
        engine.reader.reload()?;
        Ok((engine, report))
    }

    /// Whether the corpus is as the index last saw it, by the rules
    /// `qari search` follows (docs/search.md §12 step 0: the folders'
    /// modification times and the root files while a full check is
    /// younger than `full_check_every`; `false` once it is older, for a
    /// full check). Costs a stat per folder. An index in memory is always
    /// up to date.
    #[must_use]
    pub fn unchanged(&self, full_check_every: std::time::Duration) -> bool {
        let Location::Disk(dir) = &self.location else {
            return true;
        };
        let Ok(metas) = self.index.load_metas() else {
            return false;
        };
        let target = Target {
            index: &self.index,
            f: &self.f,
            roots: &self.roots,
            dir,
        };
        update::quick_check(&target, metas.opstamp, full_check_every)
    }

    /// Opens every segment's term dictionary: most damage shows here.
    fn check(&self) -> tantivy::Result<()> {
        for seg in self.reader.searcher().segment_readers() {
            seg.inverted_index(self.f.body)?;
        }
        Ok(())
    }

    /// Number of documents.
    #[must_use]
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Searches: the best `limit` documents and how many match. Nothing
    /// matching a query with complete words of 4+ characters is retried
    /// with fuzzy matching (the results say so). Strict queries are
    /// checked against the stored text (up to 1,000 candidates). Hits of
    /// equal score come in an order that depends on the documents only,
    /// not on how the index was built ([`Engine::top`]).
    ///
    /// # Errors
    /// tantivy failed: [`Error::Damaged`] (an error or a panic inside
    /// tantivy while reading the index; see [`Error::is_damage`]).
    pub fn search(&self, q: &Parsed, limit: usize) -> Result<Results, Error> {
        self.search_within(q, limit, &Budget::default())
            .map(|r| r.expect("a whole search is never stopped"))
    }

    /// [`Engine::search`] within a budget: at most `budget.matches`
    /// matching documents looked at (past that, the results are *cut*:
    /// the best of those, and a count that is a lower bound), given up as
    /// soon as `budget.stop` says so (`Ok(None)`).
    ///
    /// # Errors
    /// As [`Engine::search`].
    pub fn search_within(
        &self,
        q: &Parsed,
        limit: usize,
        budget: &Budget<'_>,
    ) -> Result<Option<Results>, Error> {
        crate::guard::catching(|| self.search_inner(q, limit, budget))
            .unwrap_or_else(|p| Err(Error::Damaged(crate::guard::message(&*p))))
            .map_err(Error::into_damage)
    }

    fn search_inner(
        &self,
        q: &Parsed,
        limit: usize,
        budget: &Budget<'_>,
    ) -> Result<Option<Results>, Error> {
        let searcher = self.reader.searcher();
        let limit = limit.max(1);
        let order = q.filters.order.unwrap_or_default();
        if q.parts.is_empty() && !q.filters.restricts() && order == Order::Relevance {
            return Ok(Some(Results::default()));
        }
        let sources =
            (q.filters.restricts() || order == Order::Source).then(|| Sources::of(&searcher));
        let filter = self.filter_query(&q.filters, sources.as_ref());
        let partial = self.prefix_truncated(&searcher, q);
        let has_prefix = q.parts.iter().any(|p| matches!(p, Part::Prefix(_)));
        let run = |fuzzy: bool, n: usize| -> Result<Option<Top>, Error> {
            let query = with_filter(
                Plan {
                    f: &self.f,
                    partial,
                }
                .build(q, fuzzy),
                filter.as_deref(),
            );
            if order != Order::Relevance {
                return self.top_ordered(&searcher, &*query, n, order, sources.as_ref(), budget);
            }
            // A word being typed matches many documents of one score
            // (its completions score a constant): ties are ordered in the
            // one pass; a partial answer depends on the segments anyway,
            // its ties are not ordered.
            let ties = if partial {
                Ties::Ignore
            } else if has_prefix {
                Ties::Keyed
            } else {
                Ties::Reorder
            };
            self.top_within(&searcher, &*query, n, ties, budget)
        };
        let n = if q.strict { 1000 } else { limit };
        let Some(Top {
            mut hits,
            mut total,
            cut,
        }) = run(false, n)?
        else {
            return Ok(None);
        };
        let mut close = vec![false; hits.len()];
        let mut fuzzy = false;
        // Q6: close spellings when nothing matched, or when the exact
        // matches are few and the close ones far more (ranked after the
        // exact ones). Strict means literal: no close spellings.
        let candidates = q.fuzzy_candidates().len();
        if !q.strict
            && !cut
            && (1..=CLOSE_MAX_WORDS).contains(&candidates)
            && total < CLOSE_WHEN_FEWER
        {
            let Some(Top {
                hits: fhits,
                total: ftotal,
                ..
            }) = run(true, n + total)?
            else {
                return Ok(None);
            };
            if total == 0 || ftotal >= total * (CLOSE_RATIO + 1) {
                let exact: HashSet<DocAddress> = hits.iter().map(|h| h.1).collect();
                for h in fhits {
                    if !exact.contains(&h.1) && hits.len() < n {
                        hits.push(h);
                        close.push(true);
                    }
                }
                fuzzy = close.iter().any(|&c| c);
                total = ftotal;
            }
        }
        let matcher = Matcher::new(q, fuzzy);
        let mut capped = false;
        if q.strict {
            capped = total > hits.len();
            hits.retain(|&(_, addr)| self.stored_text(addr).is_some_and(|t| matcher.accepts(&t)));
            total = hits.len();
            hits.truncate(limit);
        }
        hits.truncate(limit);
        Ok(Some(Results {
            partial,
            cut,
            hits: hits
                .into_iter()
                .zip(close.into_iter().chain(std::iter::repeat(false)))
                .map(|((score, addr), close)| Hit { score, addr, close })
                .collect(),
            total,
            fuzzy,
            capped,
            matcher,
        }))
    }

    /// Whether the word being typed has more completions in some segment
    /// and field than a prefix searches ([`super::plan::PREFIX_TERMS`]).
    fn prefix_truncated(&self, searcher: &tantivy::Searcher, q: &Parsed) -> bool {
        let prefixes: Vec<String> = q
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Prefix(p) => Some(super::plan::folded(p, q.strict)),
                _ => None,
            })
            .collect();
        let fields = [self.f.body, self.f.title, self.f.bare];
        prefixes.iter().any(|p| {
            let (lower, upper) = super::plan::prefix_bounds(p);
            searcher.segment_readers().iter().any(|seg| {
                fields.iter().any(|&field| {
                    let Ok(inv) = seg.inverted_index(field) else {
                        return false;
                    };
                    let mut range = inv.terms().range().ge(&lower);
                    if let Some(u) = &upper {
                        range = range.lt(u);
                    }
                    let Ok(mut stream) = range.into_stream() else {
                        return false;
                    };
                    let mut n = 0;
                    while stream.advance() {
                        n += 1;
                        if n > super::plan::PREFIX_TERMS {
                            return true;
                        }
                    }
                    false
                })
            })
        })
    }

    /// The best `n` documents for `query` and how many match, ties in the
    /// order of their keys' hash ([`schema::Fields::tiebreak`]): the same
    /// whatever the segments and the order documents were added in. The
    /// common case costs one pass with tantivy's pruning; only when the
    /// `n`-th and the next score tie is every match scored again with the
    /// tie-break.
    pub(super) fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        n: usize,
    ) -> Result<(Vec<(f32, DocAddress)>, usize), Error> {
        let top = self
            .top_within(searcher, query, n, Ties::Reorder, &Budget::default())?
            .expect("a whole search is never stopped");
        Ok((top.hits, top.total))
    }

    /// [`Engine::top`] with a choice of how ties are ordered, within a
    /// budget (`None`: stopped).
    fn top_within(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        n: usize,
        ties: Ties,
        budget: &Budget<'_>,
    ) -> Result<Option<Top>, Error> {
        // More than there are documents would only allocate for nothing.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let n = n.clamp(1, docs.max(1));
        let keyed_top = |n: usize| {
            TopDocs::with_limit(n).tweak_score(|seg: &tantivy::SegmentReader| {
                let col = seg
                    .fast_fields()
                    .u64(schema::TIEBREAK)
                    .ok()
                    .map(|c| c.first_or_default_col(0));
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    (score, col.as_ref().map_or(0, |c| c.get_val(doc)))
                }
            })
        };
        let unkey = |keyed: Vec<((f32, u64), DocAddress)>| -> Vec<(f32, DocAddress)> {
            keyed
                .into_iter()
                .map(|((score, _), addr)| (score, addr))
                .collect()
        };
        let matches = match budget.matches {
            0 => usize::MAX,
            m => m,
        };
        let (mut hits, total, cut) = if ties == Ties::Keyed {
            let c = Capped::new((keyed_top(n), Count), matches, budget.stop);
            let (keyed, total) = searcher.search(query, &c)?;
            if c.stopped() {
                return Ok(None);
            }
            (unkey(keyed), total, c.cut())
        } else {
            let c = Capped::new(
                (
                    TopDocs::with_limit(n.saturating_add(1)).order_by_score(),
                    Count,
                ),
                matches,
                budget.stop,
            );
            let (hits, total) = searcher.search(query, &c)?;
            if c.stopped() {
                return Ok(None);
            }
            (hits, total, c.cut())
        };
        let tie = |addr: DocAddress| tiebreak(searcher, addr);
        // A cut answer's ties are those of the matches looked at: not
        // ordered again.
        if ties == Ties::Reorder && !cut && hits.len() > n && hits[n - 1].0 == hits[n].0 {
            let c = Capped::new(keyed_top(n), matches, budget.stop);
            hits = unkey(searcher.search(query, &c)?);
            if c.stopped() {
                return Ok(None);
            }
        } else {
            hits.truncate(n);
        }
        // Within the list, equal scores by the same key, highest first.
        let mut keyed: Vec<(f32, u64, DocAddress)> =
            hits.into_iter().map(|(s, a)| (s, tie(a), a)).collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        Ok(Some(Top {
            hits: keyed.into_iter().map(|(s, _, a)| (s, a)).collect(),
            total,
            cut,
        }))
    }

    /// The query of `filters` (`None`: no filter): sources by their
    /// keys containing what was typed, days by a range of the day field,
    /// languages by their codes; each kind ANDed.
    fn filter_query(
        &self,
        filters: &Filters,
        sources: Option<&Sources>,
    ) -> Option<Box<dyn tantivy::query::Query>> {
        use tantivy::query::{EmptyQuery, RangeQuery, TermSetQuery};
        use tantivy::schema::Term;
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        if !filters.sources.is_empty() {
            let keys = sources
                .map(|s| s.matching(&filters.sources))
                .unwrap_or_default();
            if keys.is_empty() {
                return Some(Box::new(EmptyQuery));
            }
            let terms = keys
                .iter()
                .map(|k| Term::from_field_text(self.f.source_key, k));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if let Some(days) = &filters.days {
            use std::ops::Bound;
            let bound = |d: i64, lower: bool| match d {
                i64::MIN | i64::MAX => Bound::Unbounded,
                d if lower => Bound::Included(Term::from_field_i64(self.f.day, d)),
                d => Bound::Excluded(Term::from_field_i64(self.f.day, d)),
            };
            if days.start >= days.end {
                return Some(Box::new(EmptyQuery));
            }
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(days.start, true),
                    bound(days.end, false),
                )),
            ));
            if days.start == i64::MIN && days.end == i64::MAX {
                // `date:..`: any document with a date.
                clauses.pop();
                clauses.push((
                    Occur::Must,
                    Box::new(tantivy::query::ExistsQuery::new(
                        schema::DAY.to_owned(),
                        false,
                    )),
                ));
            }
        }
        if !filters.langs.is_empty() {
            let terms = filters
                .langs
                .iter()
                .map(|l| Term::from_field_text(self.f.lang, l));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        (!clauses.is_empty()).then(|| {
            Box::new(tantivy::query::ConstScoreQuery::new(
                Box::new(BooleanQuery::new(clauses)),
                0.0,
            )) as Box<dyn tantivy::query::Query>
        })
    }

    /// The best `n` documents for `query` in `order` (not relevance): by
    /// day or source first, score next, the tie-break last; documents
    /// without a day or a source come last.
    fn top_ordered(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        n: usize,
        order: Order,
        sources: Option<&Sources>,
        budget: &Budget<'_>,
    ) -> Result<Option<Top>, Error> {
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let n = n.clamp(1, docs.max(1));
        let ranks = sources.map(|s| s.ranks.clone()).unwrap_or_default();
        let top = TopDocs::with_limit(n).tweak_score(move |seg: &tantivy::SegmentReader| {
            let tie = seg
                .fast_fields()
                .u64(schema::TIEBREAK)
                .ok()
                .map(|c| c.first_or_default_col(0));
            let day = seg.fast_fields().i64(schema::DAY).ok();
            let source = seg.fast_fields().str(schema::SOURCE_KEY).ok().flatten();
            let ranks = ranks.get(&seg.segment_id()).cloned().unwrap_or_default();
            move |doc: tantivy::DocId, score: tantivy::Score| {
                let key = match order {
                    Order::Newest => day.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN),
                    Order::Oldest => day
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .map_or(i64::MIN, |d| -d),
                    Order::Source | Order::Relevance => {
                        let rank = source
                            .as_ref()
                            .and_then(|c| c.term_ords(doc).next())
                            .and_then(|o| ranks.get(usize::try_from(o).ok()?).copied())
                            .unwrap_or(u32::MAX);
                        -i64::from(rank)
                    }
                };
                (key, score, tie.as_ref().map_or(0, |c| c.get_val(doc)))
            }
        });
        let matches = match budget.matches {
            0 => usize::MAX,
            m => m,
        };
        let c = Capped::new((top, Count), matches, budget.stop);
        let (hits, total) = searcher.search(query, &c)?;
        if c.stopped() {
            return Ok(None);
        }
        Ok(Some(Top {
            hits: hits
                .into_iter()
                .map(|((_, score, _), addr)| (score, addr))
                .collect(),
            total,
            cut: c.cut(),
        }))
    }

    /// How many hits of `q` each source and each month has.
    ///
    /// # Errors
    /// As [`Engine::search`].
    pub fn facets(&self, q: &Parsed) -> Result<Facets, Error> {
        let run = || -> Result<Facets, Error> {
            let searcher = self.reader.searcher();
            if q.is_empty() {
                return Ok(Facets::default());
            }
            let sources = q.filters.restricts().then(|| Sources::of(&searcher));
            let filter = self.filter_query(&q.filters, sources.as_ref());
            let partial = self.prefix_truncated(&searcher, q);
            let query = with_filter(
                Plan {
                    f: &self.f,
                    partial,
                }
                .build(q, false),
                filter.as_deref(),
            );
            Ok(searcher.search(&*query, &FacetCounts)?.into())
        };
        crate::guard::catching(run)
            .unwrap_or_else(|p| Err(Error::Damaged(crate::guard::message(&*p))))
            .map_err(Error::into_damage)
    }

    pub(super) fn stored(&self, addr: DocAddress) -> Option<TantivyDocument> {
        self.reader.searcher().doc::<TantivyDocument>(addr).ok()
    }

    pub(super) fn stored_text(&self, addr: DocAddress) -> Option<String> {
        let doc = self.stored(addr)?;
        doc.get_first(self.f.text)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    }

    /// A hit's key, id, title and locator, and a snippet of about
    /// `snippet_chars` characters around its matches.
    #[must_use]
    pub fn details(&self, hit: &Hit, matcher: &Matcher, snippet_chars: usize) -> Option<Details> {
        let doc = self.stored(hit.addr)?;
        let s = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let n = |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let text = s(self.f.text);
        // An exact hit shows what matched exactly; a close one, its
        // close spellings (Q6).
        let hits = if hit.close {
            matcher.hits(&text)
        } else {
            matcher.exact().hits(&text)
        };
        let snippet = snippet::make(&text, &hits, snippet_chars);
        // A member of an archive: the archive's path and the member's name.
        let stored_path = match s(self.f.member) {
            m if m.is_empty() => s(self.f.path),
            m => format!("{}/{m}", s(self.f.path)),
        };
        let line = usize::try_from(n(self.f.line)).ok().filter(|&l| l > 0);
        let id = self.unique_id(&stored_path, line, &s(self.f.id));
        let title = Some(s(self.f.title_text))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.clone());
        let source = match usize::try_from(n(self.f.embedded)) {
            Ok(k) if k > 0 => Source::Embedded(k - 1),
            _ => Source::File {
                path: PathBuf::from(&stored_path),
                compressed: n(self.f.compressed) == 1,
            },
        };
        let at = usize::try_from(n(self.f.at))
            .ok()
            .and_then(|a| a.checked_sub(1));
        let locator = Locator {
            source,
            encoding: encoding_rs::Encoding::for_label(s(self.f.encoding).as_bytes())
                .unwrap_or(encoding_rs::UTF_8),
            record: line.zip(at).map(|(line, at)| Record { line, at }),
        };
        Some(Details {
            score: hit.score,
            close: hit.close,
            lang: arabic::Lang::from_code(&s(self.f.lang)),
            key: DocKey {
                path: self
                    .roots
                    .shown(Path::new(&stored_path))
                    .display()
                    .to_string(),
                line,
            },
            id,
            title,
            snippet,
            text_len: text.len(),
            hits,
            locator,
            date: Some(s(self.f.date)).filter(|d| !d.is_empty()),
            date_iso: doc.get_first(self.f.day).and_then(|v| v.as_i64()).map(|d| {
                let (y, m, dd) = crate::corpus::date_of_day(d);
                format!("{y:04}-{m:02}-{dd:02}")
            }),
            source: Some(s(self.f.source)).filter(|d| !d.is_empty()),
        })
    }

    /// The id `qari list` gives the document stored at `path`, `line`, of
    /// raw id `raw`: [`ids`]'s rule applied to the documents of its family,
    /// in load order.
    fn unique_id(&self, path: &str, line: Option<usize>, raw: &str) -> String {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.f.family, ids::family(raw));
        // Counts deleted documents too: more is only the slower path.
        if searcher.doc_freq(&term).unwrap_or(0) <= 1 {
            return ids::base(raw).to_owned();
        }
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let members = searcher
            .search(&q, &Count)
            .and_then(|n| searcher.search(&q, &TopDocs::with_limit(n.max(1)).order_by_score()));
        let Ok(members) = members else {
            return ids::base(raw).to_owned();
        };
        let mut members: Vec<(PathBuf, u64, String)> = members
            .into_iter()
            .filter_map(|(_, addr)| {
                let doc = searcher.doc::<TantivyDocument>(addr).ok()?;
                let mut p = doc.get_first(self.f.path)?.as_str()?.to_owned();
                if let Some(m) = doc.get_first(self.f.member).and_then(|v| v.as_str()) {
                    p = format!("{p}/{m}");
                }
                let l = doc.get_first(self.f.line)?.as_u64()?;
                let id = doc.get_first(self.f.id)?.as_str()?.to_owned();
                Some((PathBuf::from(p), l, id))
            })
            .collect();
        members.sort_by(|a, b| (self.roots.order(&a.0), a.1).cmp(&(self.roots.order(&b.0), b.1)));
        let me = (Path::new(path), line.unwrap_or(0) as u64);
        let mut given = ids::Ids::default();
        for (p, l, id) in &members {
            let unique = given.claim(id);
            if (p.as_path(), *l) == me {
                return unique;
            }
        }
        ids::base(raw).to_owned()
    }

    /// The stored form of a key: its path under the canonical root.
    pub(super) fn stored_key(&self, key: &DocKey) -> DocKey {
        DocKey {
            path: self
                .roots
                .stored(Path::new(&key.path))
                .display()
                .to_string(),
            line: key.line,
        }
    }
}

/// A document's tie-break key (its fast field; 0 when unreadable).
pub(super) fn tiebreak(searcher: &tantivy::Searcher, addr: DocAddress) -> u64 {
    searcher
        .segment_readers()
        .get(addr.segment_ord as usize)
        .and_then(|seg| seg.fast_fields().u64(schema::TIEBREAK).ok())
        .and_then(|c| c.first(addr.doc_id))
        .unwrap_or(0)
}

/// Search results: addresses and scores; details are fetched for the rows
/// that are shown.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// How many documents match.
    pub total: usize,
    /// Some hits were found only through close spellings (Q6).
    pub fuzzy: bool,
    /// Strict mode checked only the first 1,000 candidates.
    pub capped: bool,
    /// The word being typed has more completions than were searched
    /// ([`super::plan::PREFIX_TERMS`]): `total` is a lower bound.
    pub partial: bool,
    /// The search's budget ran out ([`Engine::search_within`]): the hits
    /// are the best of the matches looked at, `total` a lower bound.
    pub cut: bool,
    /// Finds the matched bytes in a text.
    pub matcher: Matcher,
}

/// The most matching documents a quick answer looks at (the reader's
/// answer to a keystroke; the whole answer follows): segments are searched
/// in order until that many have matched.
pub const QUICK_MATCHES: usize = 20_000;

/// How much of a search to do: [`Engine::search_within`].
#[derive(Clone, Copy, Default)]
pub struct Budget<'a> {
    /// At most this many matching documents looked at (0: all of them).
    pub matches: usize,
    /// Asked every few thousand matches: `true` gives the search up.
    pub stop: Option<&'a (dyn Fn() -> bool + Sync)>,
}

/// The best hits of a query, how many documents matched, and whether the
/// budget cut the search short (the count is then a lower bound).
struct Top {
    hits: Vec<(f32, DocAddress)>,
    total: usize,
    cut: bool,
}

/// How [`Engine::top`] orders hits of equal score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ties {
    /// Not at all (a partial answer).
    Ignore,
    /// By their key, in a second pass when the cut falls inside a tie.
    Reorder,
    /// By their key in the one pass (ties are certain).
    Keyed,
}

/// One hit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// BM25 score.
    pub score: f32,
    /// The document in the index.
    pub addr: DocAddress,
    /// Found only through close spellings (Q6).
    pub close: bool,
}

/// A hit's key, id, title, snippet and locator.
#[derive(Clone, Debug)]
pub struct Details {
    /// BM25 score.
    pub score: f32,
    /// Found only through close spellings (Q6).
    pub close: bool,
    /// The document's language (docs/search.md §2a).
    pub lang: arabic::Lang,
    /// The document: its file as the user named the corpus (what `qari
    /// list` shows) and its line.
    pub key: DocKey,
    /// Its id, as `qari list` gives it.
    pub id: String,
    /// The title (the id when there is none).
    pub title: String,
    /// The snippet.
    pub snippet: Snippet,
    /// Byte ranges of the matches in the document's text (as indexed),
    /// the snippet's highlights among them.
    pub hits: Vec<std::ops::Range<usize>>,
    /// Length in bytes of the document's text as indexed.
    pub text_len: usize,
    /// What it takes to read the document again (for byte ranges into its
    /// file as stored).
    pub locator: Locator,
    /// The date as written, when the record gives one.
    pub date: Option<String>,
    /// The date read, as an ISO date.
    pub date_iso: Option<String>,
    /// The source, when the record gives one.
    pub source: Option<String>,
}

/// `query` restricted by `filter` (a query that scores nothing).
fn with_filter(
    query: Box<dyn tantivy::query::Query>,
    filter: Option<&dyn tantivy::query::Query>,
) -> Box<dyn tantivy::query::Query> {
    match filter {
        None => query,
        Some(f) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, f.box_clone()),
        ])),
    }
}
