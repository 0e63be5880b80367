//! Side-by-side comparison of two articles (docs/compare.md): the engine
//! behind `qari compare` and the reader's compare view. Pure functions on
//! logical text; nothing here draws.
//!
//! Pipeline: [`segment`] cuts sentences; [`text`] builds comparison keys
//! (normalized for comparison only), character 3-grams and TF·IDF vectors;
//! the similarity of two sentences is `w·Dice + (1−w)·cosine`; [`align`]
//! links sentences without an order constraint (threshold plus
//! best-match-either-way), groups them (1:n, n:m), picks a monotone backbone
//! of links for display and marks the sentences off it moved; [`diff`] diffs the words
//! of each group. Every range is a byte range into the text given; callers
//! map it to the file as stored ([`crate::corpus::DocText::range_to_source`]).

pub mod align;
pub mod diff;
pub mod dups;
pub mod segment;
pub mod text;

use std::collections::HashSet;
use std::ops::Range;
use std::time::{Duration, Instant};

pub use align::Block;
pub use diff::Tag;
pub use segment::Sentence;
pub use text::{Idf, PairIdf, Profile};

use text::{Keys, Vector};

/// Sentence pairs scored at most (docs/compare.md §4.1): beyond, each
/// sentence of the text with more sentences is compared only with the
/// sentences of the other text near its relative place.
pub const MAX_PAIRS: usize = 1_000_000;

/// Time all the word diffs of a comparison may take together; past it, the
/// remaining groups get the coarse script at once.
pub const ALL_DIFFS_DEADLINE: Duration = Duration::from_secs(1);

/// Tuning of the comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Link threshold τ on the combined similarity (0.25: best F1 on the
    /// hand-aligned pair and the synthetic sets, see `tests/alignment.rs`).
    pub tau: f32,
    /// Weight `w` of the 3-gram Dice in the combined similarity (the rest
    /// is TF·IDF cosine).
    pub dice_weight: f32,
    /// Time allowed to each group's word diff before it degrades, for
    /// groups of more than [`DIFF_UNBOUNDED_WORDS`] words. Smaller groups
    /// are always diffed in full, so that the result never depends on how
    /// busy the machine is.
    pub diff_deadline: Duration,
    /// Sentence pairs scored at most ([`MAX_PAIRS`]).
    pub max_pairs: usize,
}

/// Groups of at most this many words (both sides together) are diffed
/// without a deadline: a Patience diff of a few thousand words takes
/// milliseconds, and a deadline there would make the output depend on the
/// machine's load.
pub const DIFF_UNBOUNDED_WORDS: usize = 4_000;

impl Default for Options {
    fn default() -> Self {
        Self {
            tau: 0.25,
            dice_weight: 0.5,
            diff_deadline: Duration::from_millis(50),
            max_pairs: MAX_PAIRS,
        }
    }
}

/// The comparison was limited: the texts have more sentence pairs than
/// [`Options::max_pairs`], so each sentence was compared only with those
/// of the other text within `band` sentences of its relative place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// All pairs (left sentences × right sentences).
    pub pairs: usize,
    /// Pairs scored.
    pub scored: usize,
    /// How far from its relative place a sentence was compared, in
    /// sentences of the other text.
    pub band: usize,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "long texts: each sentence compared only with those within {} of its place \
             ({} of {} sentence pairs); passages moved further show as unmatched",
            self.band, self.scored, self.pairs
        )
    }
}

/// How close a group's two sides are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The same comparison keys, word for word.
    Identical,
    /// One sentence each side, worded differently.
    Paraphrase,
    /// Several sentences on a side (a merge or a split).
    Partial,
}

impl Kind {
    /// The name used in JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identical => "identical",
            Self::Paraphrase => "paraphrase",
            Self::Partial => "partial",
        }
    }
}

/// One word-diff op, as byte ranges into each text (empty on the side
/// that has no words, placed where they would be).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordOp {
    /// What the op says.
    pub tag: Tag,
    /// Left bytes.
    pub left: Range<usize>,
    /// Right bytes.
    pub right: Range<usize>,
}

/// Linked sentences: a connected component of the links.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Left sentences, ascending.
    pub left: Vec<usize>,
    /// Right sentences, ascending.
    pub right: Vec<usize>,
    /// Similarity of the two sides read as wholes.
    pub score: f32,
    /// Identical, paraphrase or partial.
    pub kind: Kind,
    /// None of its links is on the display backbone: shown in document
    /// order, apart from its partner.
    pub moved: bool,
    /// Word diff of the two sides.
    pub ops: Vec<WordOp>,
}

/// Document-level scores (docs/compare.md §10).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Content words in linked sentences over all content words, both
    /// sides together.
    pub similarity: f32,
    /// Share of the left's content words in linked sentences.
    pub coverage_left: f32,
    /// Share of the right's content words in linked sentences.
    pub coverage_right: f32,
    /// Jaccard index of the content keys.
    pub jaccard_words: f32,
    /// Word 5-shingle resemblance (Broder).
    pub resemblance: f32,
    /// Share of the left's 5-shingles found in the right.
    pub containment_lr: f32,
    /// Share of the right's 5-shingles found in the left.
    pub containment_rl: f32,
    /// Resemblance ≥ 0.8 or a containment ≥ 0.9: a copy.
    pub near_duplicate: bool,
}

/// Sentence counts for the header: every sentence of both sides falls in
/// exactly one class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Linked sentences shown beside their partner (both sides).
    pub shared: usize,
    /// Linked sentences shown apart from their partner (both sides).
    pub moved: usize,
    /// Left sentences linked to nothing.
    pub left_only: usize,
    /// Right sentences linked to nothing.
    pub right_only: usize,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default)]
pub struct Side {
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The group of each sentence, if linked.
    pub group: Vec<Option<usize>>,
    /// Whether each sentence has a link on the display backbone (is shown
    /// beside its partner); linked sentences that are not are "moved".
    pub placed: Vec<bool>,
    /// Byte ranges of the words that differ from the other side, in linked
    /// sentences, ascending.
    pub differing: Vec<Range<usize>>,
    /// Content words per sentence.
    pub content_words: Vec<usize>,
}

/// The result of comparing two texts.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    /// The left text's side.
    pub left: Side,
    /// The right text's side.
    pub right: Side,
    /// Linked groups, ordered by first left sentence.
    pub groups: Vec<Group>,
    /// Display bands, top to bottom: every sentence of each side exactly
    /// once, in document order.
    pub blocks: Vec<Block>,
    /// Document scores.
    pub scores: Scores,
    /// Set when the comparison was limited to pairs near the diagonal.
    pub cut: Option<Cut>,
}

/// What the gutter says about a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentenceMark {
    /// Same words as its partner.
    Identical,
    /// Linked, worded differently.
    Changed,
    /// Linked, but shown apart from its partner.
    Moved,
    /// Linked to nothing.
    Only,
}

impl SentenceMark {
    /// The gutter symbol (one column).
    #[must_use]
    pub fn symbol(self, side: usize) -> char {
        match self {
            Self::Identical => '=',
            Self::Changed => '~',
            Self::Moved => '⇄',
            Self::Only if side == 0 => '<',
            Self::Only => '>',
        }
    }
}

impl Comparison {
    /// The mark of sentence `s` of `side` (0 left, 1 right).
    #[must_use]
    pub fn mark(&self, side: usize, s: usize) -> SentenceMark {
        let sd = if side == 0 { &self.left } else { &self.right };
        match sd.group.get(s).copied().flatten().map(|g| &self.groups[g]) {
            None => SentenceMark::Only,
            Some(_) if !sd.placed[s] => SentenceMark::Moved,
            Some(g) if g.kind == Kind::Identical => SentenceMark::Identical,
            Some(_) => SentenceMark::Changed,
        }
    }

    /// Display rows as sentence pairs (`None` = filler), block by block:
    /// a backbone block's sentences are zipped, a gap's stand alone.
    #[must_use]
    pub fn rows(&self) -> Vec<(Option<usize>, Option<usize>)> {
        let mut rows = Vec::new();
        for b in &self.blocks {
            let (l, r) = (b.left.len(), b.right.len());
            for k in 0..l.max(r) {
                rows.push((
                    (k < l).then(|| b.left.start + k),
                    (k < r).then(|| b.right.start + k),
                ));
            }
        }
        rows
    }

    /// Header counts.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for (side, only) in [
            (&self.left, &mut c.left_only),
            (&self.right, &mut c.right_only),
        ] {
            for (g, placed) in side.group.iter().zip(&side.placed) {
                match (g, placed) {
                    (None, _) => *only += 1,
                    (Some(_), true) => c.shared += 1,
                    (Some(_), false) => c.moved += 1,
                }
            }
        }
        c
    }
}

fn combined(opts: &Options, a: &Profile, b: &Profile, va: &Vector, vb: &Vector) -> f32 {
    let s = opts.dice_weight * text::dice(a, b) + (1.0 - opts.dice_weight) * va.cosine(vb);
    s.clamp(0.0, 1.0)
}

/// The pairs to score: all of them, or when there are more than
/// `max_pairs`, a band around the diagonal of the longer side (each of its
/// sentences against the other side's sentences around the same relative
/// place), at most about `max_pairs` in all.
fn pairs_to_score(
    n: usize,
    m: usize,
    max_pairs: usize,
) -> (Vec<(usize, Range<usize>)>, Option<Cut>) {
    let pairs = n.saturating_mul(m);
    if pairs <= max_pairs {
        return ((0..n).map(|i| (i, 0..m)).collect(), None);
    }
    // Rows: the side with more sentences; each row gets 2·band + 1 columns.
    let (rows, cols) = (n.max(m), n.min(m));
    let band = (max_pairs / rows.max(1)).saturating_sub(1) / 2;
    let window = |r: usize| {
        let centre = r * cols / rows.max(1);
        centre.saturating_sub(band)..(centre + band + 1).min(cols)
    };
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    let mut scored = 0;
    if n >= m {
        for i in 0..n {
            let w = window(i);
            scored += w.len();
            out.push((i, w));
        }
    } else {
        // Rows are right sentences: each left sentence's columns are the
        // right sentences whose windows hold it (contiguous, as windows
        // move monotonically).
        let mut cols_of: Vec<Option<Range<usize>>> = vec![None; n];
        for j in 0..m {
            for i in window(j) {
                let c = cols_of[i].get_or_insert(j..j + 1);
                c.end = c.end.max(j + 1);
            }
        }
        for (i, c) in cols_of.into_iter().enumerate() {
            let c = c.unwrap_or(0..0);
            scored += c.len();
            out.push((i, c));
        }
    }
    let cut = Cut {
        pairs,
        scored,
        band,
    };
    (out, Some(cut))
}

/// Compares two texts. `idf` is the corpus's IDF when there is one; keys it
/// does not know (and everything without it) use IDF from the two texts'
/// sentences. Linear in the texts' length when they have more than
/// `opts.max_pairs` sentence pairs (see [`Cut`]).
#[must_use]
pub fn compare(left: &str, right: &str, opts: &Options, idf: Option<&dyn Idf>) -> Comparison {
    let ls = segment::sentences(left);
    let rs = segment::sentences(right);
    let lp: Vec<Profile> = ls
        .iter()
        .map(|s| Profile::of(left, s.range.clone()))
        .collect();
    let rp: Vec<Profile> = rs
        .iter()
        .map(|s| Profile::of(right, s.range.clone()))
        .collect();
    let pair = PairIdf::new(lp.iter().chain(rp.iter()));
    let idf: &dyn Idf = idf.unwrap_or(&pair);
    // Keys numbered in text order: vectors (and their sums) are the same
    // from run to run.
    let mut keys = Keys::default();
    for w in lp.iter().chain(&rp).flat_map(|p| &p.words) {
        if w.content {
            keys.id(&w.key);
        }
    }
    let lv: Vec<Vector> = lp
        .iter()
        .map(|p| Vector::of(p, idf, &pair, &mut keys))
        .collect();
    let rv: Vec<Vector> = rp
        .iter()
        .map(|p| Vector::of(p, idf, &pair, &mut keys))
        .collect();
    let (todo, cut) = pairs_to_score(ls.len(), rs.len(), opts.max_pairs);
    // Only pairs with some similarity are kept: a zero never links.
    let mut sim: Vec<align::Scored> = Vec::new();
    for (i, cols) in todo {
        for j in cols {
            let s = combined(opts, &lp[i], &rp[j], &lv[i], &rv[j]);
            if s > 0.0 {
                sim.push(align::Scored { i, j, sim: s });
            }
        }
    }
    let links = align::link_scored(ls.len(), rs.len(), &sim, opts.tau);
    drop(sim);
    let parts = align::groups(ls.len(), &links);

    let mut left_side = Side {
        sentences: ls,
        group: vec![None; lp.len()],
        placed: vec![false; lp.len()],
        differing: Vec::new(),
        content_words: lp.iter().map(Profile::content_words).collect(),
    };
    let mut right_side = Side {
        sentences: rs,
        group: vec![None; rp.len()],
        placed: vec![false; rp.len()],
        differing: Vec::new(),
        content_words: rp.iter().map(Profile::content_words).collect(),
    };

    let on = align::backbone(&links);
    for (l, on) in links.iter().zip(&on) {
        if *on {
            left_side.placed[l.i] = true;
            right_side.placed[l.j] = true;
        }
    }
    let mut groups = Vec::with_capacity(parts.len());
    let all_diffs = Instant::now().checked_add(ALL_DIFFS_DEADLINE);
    for (g, (l, r)) in parts.iter().enumerate() {
        let a = Profile::merged(l.iter().map(|&i| &lp[i]));
        let b = Profile::merged(r.iter().map(|&j| &rp[j]));
        let score = combined(
            opts,
            &a,
            &b,
            &Vector::of(&a, idf, &pair, &mut keys),
            &Vector::of(&b, idf, &pair, &mut keys),
        );
        let lk: Vec<&str> = a.words.iter().map(|w| w.key.as_str()).collect();
        let rk: Vec<&str> = b.words.iter().map(|w| w.key.as_str()).collect();
        let kind = if lk == rk {
            Kind::Identical
        } else if l.len() == 1 && r.len() == 1 {
            Kind::Paraphrase
        } else {
            Kind::Partial
        };
        // Small groups are never cut (the same output on any machine);
        // a large one stops at its own deadline or at the one all diffs
        // share, whichever comes first.
        let own = (lk.len() + rk.len() > DIFF_UNBOUNDED_WORDS)
            .then(|| Instant::now().checked_add(opts.diff_deadline))
            .flatten();
        let deadline = match (own, all_diffs) {
            (Some(own), Some(all)) => Some(own.min(all)),
            (own, _) => own,
        };
        let word_ops = diff::words(&lk, &rk, deadline);
        for op in &word_ops {
            if op.tag != Tag::Equal {
                left_side
                    .differing
                    .extend(a.words[op.left.clone()].iter().map(|w| w.range.clone()));
                right_side
                    .differing
                    .extend(b.words[op.right.clone()].iter().map(|w| w.range.clone()));
            }
        }
        let ops = byte_ops(&a, &b, word_ops, left.len(), right.len());
        for &i in l {
            left_side.group[i] = Some(g);
        }
        for &j in r {
            right_side.group[j] = Some(g);
        }
        groups.push(Group {
            left: l.clone(),
            right: r.clone(),
            score,
            kind,
            moved: !l.iter().any(|&i| left_side.placed[i]),
            ops,
        });
    }
    let blocks = align::blocks(
        left_side.sentences.len(),
        right_side.sentences.len(),
        &links,
        &on,
    );
    left_side.differing.sort_by_key(|r| r.start);
    right_side.differing.sort_by_key(|r| r.start);
    let scores = scores(&lp, &rp, &left_side.group, &right_side.group);
    Comparison {
        left: left_side,
        right: right_side,
        groups,
        blocks,
        scores,
        cut,
    }
}

/// Word-index ops as byte-range ops.
fn byte_ops(
    a: &Profile,
    b: &Profile,
    ops: Vec<diff::Op>,
    left_len: usize,
    right_len: usize,
) -> Vec<WordOp> {
    let bytes = |words: &[text::Word], r: &Range<usize>, end: usize| -> Range<usize> {
        if r.is_empty() {
            let at = words
                .get(r.start)
                .map_or(words.last().map_or(end, |w| w.range.end), |w| w.range.start);
            at..at
        } else {
            words[r.start].range.start..words[r.end - 1].range.end
        }
    };
    ops.into_iter()
        .map(|op| WordOp {
            tag: op.tag,
            left: bytes(&a.words, &op.left, left_len),
            right: bytes(&b.words, &op.right, right_len),
        })
        .collect()
}

fn ratio(a: usize, b: usize) -> f32 {
    if b == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = a as f32 / b as f32;
        r
    }
}

/// The word 5-shingles of a text, each as a 64-bit hash of its keys (no
/// allocation per shingle; a collision is as likely as 1 in 2^64 per pair).
fn shingles(profiles: &[Profile]) -> HashSet<u64> {
    let keys: Vec<&str> = profiles
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.key.as_str()))
        .collect();
    let hash = |words: &[&str]| {
        // FNV-1a over the keys, each ended by a byte no key holds.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in words.iter().flat_map(|w| w.bytes().chain([0xFF])) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    if keys.len() < 5 {
        // A text shorter than a shingle is one shingle of itself.
        return std::iter::once(&keys[..])
            .filter(|k| !k.is_empty())
            .map(hash)
            .collect();
    }
    keys.windows(5).map(hash).collect()
}

fn scores(lp: &[Profile], rp: &[Profile], lg: &[Option<usize>], rg: &[Option<usize>]) -> Scores {
    let covered = |ps: &[Profile], g: &[Option<usize>]| -> (usize, usize) {
        ps.iter().zip(g).fold((0, 0), |(c, t), (p, g)| {
            let n = p.content_words();
            (c + if g.is_some() { n } else { 0 }, t + n)
        })
    };
    let (cl, tl) = covered(lp, lg);
    let (cr, tr) = covered(rp, rg);
    let words = |ps: &[Profile]| -> HashSet<String> {
        ps.iter().flat_map(|p| p.terms.keys().cloned()).collect()
    };
    let (wl, wr) = (words(lp), words(rp));
    let (sl, sr) = (shingles(lp), shingles(rp));
    let both = sl.intersection(&sr).count();
    let resemblance = ratio(both, sl.len() + sr.len() - both);
    let containment_lr = ratio(both, sl.len());
    let containment_rl = ratio(both, sr.len());
    Scores {
        similarity: ratio(cl + cr, tl + tr),
        coverage_left: ratio(cl, tl),
        coverage_right: ratio(cr, tr),
        jaccard_words: ratio(wl.intersection(&wr).count(), wl.union(&wr).count()),
        resemblance,
        containment_lr,
        containment_rl,
        near_duplicate: resemblance >= 0.8 || containment_lr >= 0.9 || containment_rl >= 0.9,
    }
}

#[cfg(test)]
mod tests;
