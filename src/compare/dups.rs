//! Near-duplicates across a corpus (issue 16, docs/compare.md §9): the
//! same story told twice, or copied in part.
//!
//! - **Shingles**: a text's words, normalized as search normalizes them
//!   (N1–N13: hamza, harakat, Persian and Urdu letters, digits…), taken
//!   [`SHINGLE`] at a time, each run hashed to 32 bits; a document is the
//!   sorted set of its shingles ([`Shingles`]).
//! - **MinHash**: [`HASHES`] salted hashes of every shingle, the least of
//!   each kept ([`signature`]); two documents agree on a hash with
//!   probability their resemblance.
//! - **Banded LSH**: the signature cut into [`BANDS`] bands of [`ROWS`]
//!   hashes; documents with one equal band are candidates ([`candidates`]).
//!   With 63 bands of 2, a pair of resemblance 0.3 is a candidate with
//!   probability 0.997, one of 0.1 with 0.47, one of 0.05 with 0.15
//!   (a partial copy has a low resemblance and a high containment: it must
//!   still be a candidate). A
//!   band shared by more than [`MAX_BUCKET`] documents (boilerplate) is
//!   not used.
//! - **Verification**: each candidate's exact resemblance (Jaccard, the
//!   shared shingles over all) and containment (the shared over the
//!   smaller set) from the shingle sets ([`Shingles::compare`]).
//! - **Clusters**: the pairs at or above the thresholds joined
//!   transitively ([`clusters`]); each cluster's origin is its earliest
//!   dated member, else the longest (the one that contains the others).
//! - **Shared passages** ([`passages`]): the shingles two texts share,
//!   chained along their diagonals (the same offset in both texts, gaps of
//!   a changed word or two allowed), each chain a passage with its byte
//!   ranges in both texts, as passim seeds and extends its alignments.

use std::collections::HashMap;

use crate::arabic::{self, Fold};

/// Words to a shingle.
pub const SHINGLE: usize = 5;
/// Hashes in a signature.
pub const HASHES: usize = BANDS * ROWS;
/// Bands of the signature.
pub const BANDS: usize = 63;
/// Hashes to a band.
pub const ROWS: usize = 2;
/// A band value shared by more documents than this is not used.
pub const MAX_BUCKET: usize = 1000;

/// Default resemblance at or above which two documents are copies.
pub const RESEMBLANCE: f32 = 0.5;
/// Default containment at or above which the smaller is a partial copy.
pub const CONTAINMENT: f32 = 0.8;

/// A document's shingles: sorted, without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shingles(pub Vec<u32>);

/// FNV-1a over bytes, then a final mix (the same everywhere).
fn hash_bytes(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// SplitMix64's finalizer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Shingles {
    /// The shingles of `text`. A text shorter than a shingle is one
    /// shingle of all its words (empty: none).
    #[must_use]
    pub fn of(text: &str) -> Self {
        let lang = arabic::lang::detect(text);
        let words: Vec<u64> = arabic::tokenize_in(text, Fold::default(), lang)
            .into_iter()
            .map(|t| hash_bytes(t.text.as_bytes(), 0))
            .collect();
        let mut out: Vec<u32> = if words.len() < SHINGLE {
            if words.is_empty() {
                Vec::new()
            } else {
                vec![shingle(&words)]
            }
        } else {
            words.windows(SHINGLE).map(shingle).collect()
        };
        out.sort_unstable();
        out.dedup();
        Self(out)
    }

    /// Shingles in common.
    #[must_use]
    pub fn shared(&self, other: &Self) -> usize {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// Resemblance (shared over all) and containment (shared over the
    /// smaller set) of two documents.
    #[must_use]
    pub fn compare(&self, other: &Self) -> (f32, f32) {
        let shared = self.shared(other);
        let all = self.0.len() + other.0.len() - shared;
        let small = self.0.len().min(other.0.len());
        if all == 0 || small == 0 {
            return (0.0, 0.0);
        }
        (shared as f32 / all as f32, shared as f32 / small as f32)
    }
}

/// A text's shingles in order, with the words they start at: shingle `i`
/// covers words `i..i + SHINGLE`.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    /// The shingle starting at each word (none past `len - SHINGLE`).
    pub hashes: Vec<u32>,
    /// Each word's bytes in the text.
    pub words: Vec<std::ops::Range<usize>>,
}

impl Positions {
    /// The positions of `text`'s shingles (the same shingles as
    /// [`Shingles::of`]).
    #[must_use]
    pub fn of(text: &str) -> Self {
        let lang = arabic::lang::detect(text);
        let toks = arabic::tokenize_in(text, Fold::default(), lang);
        let hashed: Vec<u64> = toks
            .iter()
            .map(|t| hash_bytes(t.text.as_bytes(), 0))
            .collect();
        Self {
            hashes: hashed.windows(SHINGLE).map(shingle).collect(),
            words: toks.into_iter().map(|t| t.range).collect(),
        }
    }

    /// The bytes of words `from..to` (shingle starts `from..=last` cover
    /// words up to `last + SHINGLE`).
    fn span(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let end = (last + SHINGLE).min(self.words.len()).saturating_sub(1);
        match (self.words.get(first), self.words.get(end)) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }
}

/// A passage two texts share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Its bytes in the first text.
    pub a: std::ops::Range<usize>,
    /// Its bytes in the second.
    pub b: std::ops::Range<usize>,
    /// Its words in the first text.
    pub words: usize,
}

/// Shingles repeated more often than this in a text are not seeds there
/// (a repeated formula would chain everything to everything).
const MAX_REPEAT: usize = 4;

/// The passages of at least `min_words` words that `a` and `b` share, in
/// the order of `a`: shared shingles chained along a diagonal (the same
/// offset between the texts), a gap of up to [`SHINGLE`] + 1 shingles
/// (a changed word breaks five) bridged.
#[must_use]
pub fn passages(a: &Positions, b: &Positions, min_words: usize) -> Vec<Passage> {
    let mut at: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, &h) in b.hashes.iter().enumerate() {
        at.entry(h).or_default().push(j);
    }
    // Seeds (i, j), by diagonal then position.
    let mut seeds: Vec<(isize, usize, usize)> = Vec::new();
    for (i, h) in a.hashes.iter().enumerate() {
        if let Some(js) = at.get(h).filter(|js| js.len() <= MAX_REPEAT) {
            for &j in js {
                seeds.push((j as isize - i as isize, i, j));
            }
        }
    }
    seeds.sort_unstable();
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (d, i, j) in seeds {
        match runs.last_mut() {
            Some(r) if (r.3 as isize - r.1 as isize) == d && i <= r.1 + SHINGLE + 2 => {
                r.1 = i;
                r.3 = j;
            }
            _ => runs.push((i, i, j, j)),
        }
    }
    let mut out: Vec<Passage> = runs
        .into_iter()
        .filter_map(|(i0, i1, j0, j1)| {
            let words = i1 - i0 + SHINGLE;
            (words >= min_words).then(|| Passage {
                a: a.span(i0, i1),
                b: b.span(j0, j1),
                words,
            })
        })
        .collect();
    out.sort_by_key(|p| (p.a.start, p.b.start));
    out
}

fn shingle(words: &[u64]) -> u32 {
    let h = words
        .iter()
        .fold(0x9E37_79B9_7F4A_7C15u64, |h, &w| mix(h ^ w).rotate_left(17));
    (h >> 32) as u32
}

/// The MinHash signature of a set of shingles: for each of [`HASHES`]
/// salts, the least salted hash (`u32::MAX` for an empty set).
#[must_use]
pub fn signature(s: &Shingles) -> Vec<u32> {
    let mut mins = vec![u32::MAX; HASHES];
    for &x in &s.0 {
        let base = mix(u64::from(x));
        for (k, m) in mins.iter_mut().enumerate() {
            // One mix per salt: independent enough for MinHash.
            let v = (mix(base ^ SALTS[k]) >> 32) as u32;
            if v < *m {
                *m = v;
            }
        }
    }
    mins
}

/// The salts, fixed.
const SALTS: [u64; HASHES] = {
    let mut s = [0u64; HASHES];
    let mut x: u64 = 0x243F_6A88_85A3_08D3;
    let mut i = 0;
    while i < HASHES {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        s[i] = z ^ (z >> 31);
        i += 1;
    }
    s
};

/// Candidate pairs `(i, j)`, `i < j`, of documents whose signatures share a
/// band (documents with an empty signature never are); sorted, without
/// repeats.
#[must_use]
pub fn candidates(signatures: &[Vec<u32>]) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
        for (d, sig) in signatures.iter().enumerate() {
            let rows = &sig[band * ROWS..(band + 1) * ROWS];
            if rows.iter().all(|&v| v == u32::MAX) {
                continue;
            }
            let key = rows.iter().fold(band as u64, |h, &v| mix(h ^ u64::from(v)));
            buckets.entry(key).or_default().push(d as u32);
        }
        for docs in buckets.values() {
            if docs.len() < 2 || docs.len() > MAX_BUCKET {
                continue;
            }
            for (k, &a) in docs.iter().enumerate() {
                for &b in &docs[k + 1..] {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// A verified pair: documents `a < b`, their resemblance and containment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    /// The first document.
    pub a: u32,
    /// The second.
    pub b: u32,
    /// Shared shingles over all.
    pub resemblance: f32,
    /// Shared shingles over the smaller document's.
    pub containment: f32,
}

/// The candidate pairs that are copies: resemblance at least
/// `resemblance`, or containment at least `containment`.
#[must_use]
pub fn verify(
    sets: &[Shingles],
    candidates: &[(u32, u32)],
    resemblance: f32,
    containment: f32,
) -> Vec<Pair> {
    candidates
        .iter()
        .filter_map(|&(a, b)| {
            let (r, c) = sets.get(a as usize)?.compare(sets.get(b as usize)?);
            (r >= resemblance || c >= containment).then_some(Pair {
                a,
                b,
                resemblance: r,
                containment: c,
            })
        })
        .collect()
}

/// A group of documents that tell one story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Its documents, the origin first, then in document order.
    pub members: Vec<u32>,
    /// The member that looks like the origin.
    pub origin: u32,
}

/// The pairs joined into clusters (two documents or more), largest first.
/// `day` gives a document's date (days since 1970-01-01) when known,
/// `size` its number of shingles: the origin is the earliest dated member,
/// else the largest (it contains the others), else the first.
#[must_use]
pub fn clusters(
    n: usize,
    pairs: &[Pair],
    day: &dyn Fn(u32) -> Option<i64>,
    size: &dyn Fn(u32) -> usize,
) -> Vec<Cluster> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for p in pairs {
        let (ra, rb) = (find(&mut parent, p.a), find(&mut parent, p.b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in 0..n as u32 {
        let r = find(&mut parent, d);
        groups.entry(r).or_default().push(d);
    }
    let mut out: Vec<Cluster> = groups
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|mut members| {
            members.sort_unstable();
            let origin = members
                .iter()
                .copied()
                .min_by_key(|&d| (day(d).unwrap_or(i64::MAX), std::cmp::Reverse(size(d)), d))
                .unwrap_or(members[0]);
            members.retain(|&d| d != origin);
            members.insert(0, origin);
            Cluster { members, origin }
        })
        .collect();
    out.sort_by_key(|c| (std::cmp::Reverse(c.members.len()), c.origin));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_follow_the_search_normalization() {
        let a = Shingles::of("قالَ الرئيسُ إنّ المدرسة الجديدة في القاهرة كبيرة جدا");
        let b = Shingles::of("قال الرئيس ان المدرسه الجديده في القاهره كبيره جدا");
        assert_eq!(a, b, "harakat, hamza and teh marbuta fold away");
        assert_eq!(a.0.len(), 9 - SHINGLE + 1, "nine words");
        assert_eq!(Shingles::of("").0.len(), 0);
        assert_eq!(Shingles::of("كلمة واحدة").0.len(), 1);
    }

    /// Distinct Arabic words, `n` of them.
    fn arabic_words(n: usize) -> Vec<String> {
        const L: [char; 8] = ['ب', 'ت', 'ج', 'د', 'ر', 'س', 'ع', 'م'];
        (0..n)
            .map(|i| {
                [L[i % 8], L[(i / 8) % 8], L[(i / 64) % 8], 'ن']
                    .iter()
                    .collect()
            })
            .collect()
    }

    #[test]
    fn resemblance_and_containment_are_exact() {
        let words = arabic_words(40);
        let whole = Shingles::of(&words.join(" "));
        let half = Shingles::of(&words[..20].join(" "));
        let (r, c) = whole.compare(&half);
        // 36 shingles and 16, all 16 shared.
        assert!((r - 16.0 / 36.0).abs() < 1e-6, "{r}");
        assert!((c - 1.0).abs() < 1e-6, "{c}");
        assert_eq!(whole.compare(&whole), (1.0, 1.0));
    }

    #[test]
    fn signatures_estimate_resemblance() {
        let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let a = Shingles::of(&words.join(" "));
        let b = Shingles::of(&words[100..].join(" "));
        let (r, _) = a.compare(&b);
        let (sa, sb) = (signature(&a), signature(&b));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f32 / HASHES as f32;
        assert!((agree - r).abs() < 0.15, "estimate {agree} of {r}");
    }

    #[test]
    fn a_shared_passage_is_found_with_its_bytes_on_both_sides() {
        let w = arabic_words(200);
        let copied = w[50..120].join(" ");
        let a = format!(
            "{} {copied} {}",
            w[150..170].join(" "),
            w[170..190].join(" ")
        );
        // In b, the passage with one word changed in the middle.
        let mut changed: Vec<&str> = w[50..120].iter().map(String::as_str).collect();
        changed[35] = "بدل";
        let b = format!("{} {}", w[0..30].join(" "), changed.join(" "));
        let (pa, pb) = (Positions::of(&a), Positions::of(&b));
        let found = passages(&pa, &pb, 10);
        assert_eq!(found.len(), 1, "{found:?}");
        let p = &found[0];
        assert_eq!(&a[p.a.clone()], copied, "the whole passage in a");
        assert_eq!(
            &b[p.b.clone()],
            changed.join(" "),
            "and in b, its change bridged"
        );
        assert_eq!(p.words, 70);
        // Unrelated texts share nothing.
        assert!(passages(&pa, &Positions::of(&w[0..40].join(" ")), 10).is_empty());
    }

    #[test]
    fn copies_are_candidates_and_strangers_are_not() {
        let text = |seed: usize| -> String {
            (0..300)
                .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 5000))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let base = text(1);
        let mut edited: Vec<&str> = base.split(' ').collect();
        for k in (0..edited.len()).step_by(40) {
            edited[k] = "بدل";
        }
        let sets: Vec<Shingles> = [base.clone(), edited.join(" "), text(2), text(3)]
            .iter()
            .map(|t| Shingles::of(t))
            .collect();
        let sigs: Vec<Vec<u32>> = sets.iter().map(signature).collect();
        let cand = candidates(&sigs);
        assert!(cand.contains(&(0, 1)), "{cand:?}");
        let pairs = verify(&sets, &cand, RESEMBLANCE, CONTAINMENT);
        assert_eq!(
            pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(),
            [(0, 1)]
        );
        let cl = clusters(4, &pairs, &|d| (d == 1).then_some(100), &|d| {
            sets[d as usize].0.len()
        });
        assert_eq!(
            cl,
            [Cluster {
                members: vec![1, 0],
                origin: 1
            }],
            "the dated one first"
        );
    }
}
