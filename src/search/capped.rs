//! A collector that stops after a number of matches, or when told to: what
//! the reader's answers to keystrokes are collected with (a quick answer
//! that looks at the first matches only, then the whole answer, given up
//! as soon as a newer keystroke arrives; docs/search.md §8), so that a
//! keystroke costs a bounded amount of work however large the index.
//! Segments are searched in order; once the cap is reached the rest are
//! skipped without building their scorers.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{DocId, SegmentOrdinal, SegmentReader, TERMINATED};

/// How many matches between two calls of the stop function.
const STOP_EVERY: usize = 4096;

/// `inner`, fed at most `cap` matching documents over all segments, and
/// none once `stop` returns `true`.
pub(crate) struct Capped<'a, C> {
    inner: C,
    cap: usize,
    stop: Option<&'a (dyn Fn() -> bool + Sync)>,
    seen: AtomicUsize,
    cut: AtomicBool,
    stopped: AtomicBool,
}

impl<'a, C> Capped<'a, C> {
    pub(crate) fn new(inner: C, cap: usize, stop: Option<&'a (dyn Fn() -> bool + Sync)>) -> Self {
        Self {
            inner,
            cap,
            stop,
            seen: AtomicUsize::new(0),
            cut: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
        }
    }

    /// Whether matches were left uncollected (the cap was reached).
    pub(crate) fn cut(&self) -> bool {
        self.cut.load(Ordering::Relaxed)
    }

    /// Whether the stop function gave the search up (its fruit is
    /// meaningless).
    pub(crate) fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    fn should_stop(&self) -> bool {
        if self.stopped() || self.stop.is_some_and(|f| f()) {
            self.stopped.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }
}

impl<C: Collector> Collector for Capped<'_, C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        self.inner.for_segment(segment_local_id, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(segment_fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<Self::Child as SegmentCollector>::Fruit> {
        let mut child = self.inner.for_segment(segment_ord, reader)?;
        let left = self.cap.saturating_sub(self.seen.load(Ordering::Relaxed));
        if left == 0 {
            self.cut.store(true, Ordering::Relaxed);
            return Ok(child.harvest());
        }
        if self.should_stop() {
            return Ok(child.harvest());
        }
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut n = 0;
        let mut doc: DocId = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if n == left {
                    self.cut.store(true, Ordering::Relaxed);
                    break;
                }
                child.collect(doc, scorer.score());
                n += 1;
                if n % STOP_EVERY == 0 && self.should_stop() {
                    break;
                }
            }
            doc = scorer.advance();
        }
        self.seen.fetch_add(n, Ordering::Relaxed);
        Ok(child.harvest())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::doc;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, Term};

    #[test]
    fn stops_at_the_cap_across_segments_and_says_so() {
        let mut b = Schema::builder();
        let f = b.add_text_field("f", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 15 << 20).expect("writer");
        // Three segments of 10 matches each (and one other document).
        for _ in 0..3 {
            for _ in 0..10 {
                w.add_document(doc!(f => "a")).expect("add");
            }
            w.add_document(doc!(f => "b")).expect("add");
            w.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let q = TermQuery::new(Term::from_field_text(f, "a"), IndexRecordOption::Basic);
        for (cap, want, cut) in [
            (5, 5, true),
            (15, 15, true),
            (30, 30, false),
            (99, 30, false),
        ] {
            let c = Capped::new(Count, cap, None);
            assert_eq!(searcher.search(&q, &c).expect("search"), want, "cap {cap}");
            assert_eq!(c.cut(), cut, "cap {cap}");
            assert!(!c.stopped());
        }
        // Told to stop: gives up before the next segment.
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 1;
        let c = Capped::new(Count, usize::MAX, Some(&stop));
        assert_eq!(searcher.search(&q, &c).expect("search"), 10);
        assert!(c.stopped() && !c.cut());
    }
}
