//! Metadata over a search's hits (docs/search.md §14a): the sources of an
//! index in one order across segments ([`Sources`]), what `source:`
//! filters and the source order use; and the counts per source and per
//! month of every hit ([`FacetCounts`], a tantivy collector reading the
//! fast fields only, never the stored documents).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::{DAY, SOURCE_KEY};
use crate::corpus::date_of_day;

/// Every source key of an index, sorted, with each segment's ordinals
/// mapped to their place in that order.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The keys, sorted.
    pub keys: Vec<String>,
    /// Per segment: segment term ordinal → index in `keys`.
    pub ranks: HashMap<SegmentId, std::sync::Arc<Vec<u32>>>,
}

impl Sources {
    /// The sources of the segments of `searcher`.
    pub(crate) fn of(searcher: &tantivy::Searcher) -> Self {
        let mut per_seg: Vec<(SegmentId, Vec<String>)> = Vec::new();
        for seg in searcher.segment_readers() {
            let mut terms = Vec::new();
            if let Ok(Some(col)) = seg.fast_fields().str(SOURCE_KEY)
                && let Ok(mut stream) = col.dictionary().stream()
            {
                while stream.advance() {
                    terms.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            per_seg.push((seg.segment_id(), terms));
        }
        let mut keys: Vec<String> = per_seg.iter().flat_map(|s| s.1.iter()).cloned().collect();
        keys.sort_unstable();
        keys.dedup();
        let ranks = per_seg
            .iter()
            .map(|(id, terms)| {
                let r = terms
                    .iter()
                    .map(|t| {
                        keys.binary_search(t)
                            .map_or(u32::MAX, |i| u32::try_from(i).unwrap_or(u32::MAX))
                    })
                    .collect();
                (*id, std::sync::Arc::new(r))
            })
            .collect();
        Self { keys, ranks }
    }

    /// The keys containing one of `wanted` (already keys).
    pub(crate) fn matching(&self, wanted: &[String]) -> Vec<String> {
        self.keys
            .iter()
            .filter(|k| wanted.iter().any(|w| k.contains(w.as_str())))
            .cloned()
            .collect()
    }
}

/// Hits per source and per month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Sources (as compared: lowercase) and their hits, most first.
    pub sources: Vec<(String, usize)>,
    /// Months (`2019-02`) and their hits, in date order.
    pub months: Vec<(String, usize)>,
    /// Hits without a source.
    pub no_source: usize,
    /// Hits without a date read.
    pub no_date: usize,
}

/// Counts the hits of a query per source and per month.
pub(crate) struct FacetCounts;

/// One segment's counts.
pub(crate) struct SegmentCounts {
    source: Option<StrColumn>,
    day: Option<Column<i64>>,
    per_ord: Vec<usize>,
    no_source: usize,
    days: HashMap<i64, usize>,
    no_date: usize,
}

/// What a segment's counts come to.
#[derive(Default)]
pub(crate) struct Counted {
    sources: HashMap<String, usize>,
    months: BTreeMap<(i32, u8), usize>,
    no_source: usize,
    no_date: usize,
}

impl Collector for FacetCounts {
    type Fruit = Counted;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        seg: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let source = seg.fast_fields().str(SOURCE_KEY).ok().flatten();
        let n = source.as_ref().map_or(0, |c| c.dictionary().num_terms());
        Ok(SegmentCounts {
            source,
            day: seg.fast_fields().i64(DAY).ok(),
            per_ord: vec![0; n],
            no_source: 0,
            days: HashMap::new(),
            no_date: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut all = Counted::default();
        for f in fruits {
            for (k, n) in f.sources {
                *all.sources.entry(k).or_default() += n;
            }
            for (k, n) in f.months {
                *all.months.entry(k).or_default() += n;
            }
            all.no_source += f.no_source;
            all.no_date += f.no_date;
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self
            .source
            .as_ref()
            .and_then(|c| c.term_ords(doc).next())
            .and_then(|o| usize::try_from(o).ok())
            .and_then(|o| self.per_ord.get_mut(o))
        {
            Some(n) => *n += 1,
            None => self.no_source += 1,
        }
        match self.day.as_ref().and_then(|c| c.first(doc)) {
            Some(d) => *self.days.entry(d).or_default() += 1,
            None => self.no_date += 1,
        }
    }

    fn harvest(self) -> Counted {
        let mut out = Counted {
            no_source: self.no_source,
            no_date: self.no_date,
            ..Counted::default()
        };
        if let Some(col) = &self.source {
            let mut name = String::new();
            for (ord, &n) in self.per_ord.iter().enumerate() {
                if n > 0 && col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    *out.sources.entry(name.clone()).or_default() += n;
                }
            }
        }
        for (day, n) in self.days {
            let d = date_of_day(day);
            *out.months.entry((d.0, d.1)).or_default() += n;
        }
        out
    }
}

impl From<Counted> for Facets {
    fn from(c: Counted) -> Self {
        let mut sources: Vec<(String, usize)> = c.sources.into_iter().collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Self {
            sources,
            months: c
                .months
                .into_iter()
                .map(|((y, m), n)| (format!("{y:04}-{m:02}"), n))
                .collect(),
            no_source: c.no_source,
            no_date: c.no_date,
        }
    }
}
