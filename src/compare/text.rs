//! Comparison keys of a sentence (docs/compare.md §3–§4): words with their
//! byte ranges and keys (normalized N1–N12, then clitic-stripped), content
//! words (stop words left out), character 3-grams for Dice and TF·IDF term
//! vectors for cosine. Keys are never shown; the screen shows the bytes.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use crate::arabic::{self, Fold, Lang, Token};

/// One word of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Bytes of the word in the document text.
    pub range: Range<usize>,
    /// Comparison key: normalized, without its proclitic (`والمدرسة` →
    /// `مدرسه`).
    pub key: String,
    /// Not a stop word.
    pub content: bool,
}

/// What the similarity of a sentence (or of a group of sentences) is
/// computed from.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// The words, in order.
    pub words: Vec<Word>,
    /// Character 3-grams of the content words, padded with a space on each
    /// side, as exact 63-bit codes; sorted (a multiset).
    pub grams: Vec<u64>,
    /// Content keys with their counts.
    pub terms: HashMap<String, u32>,
}

fn stop_words() -> &'static HashSet<String> {
    static STOP: OnceLock<HashSet<String>> = OnceLock::new();
    STOP.get_or_init(arabic::stop_words)
}

/// The language of `text`, remembered for the last text asked about (a
/// document's sentences are profiled one after the other).
fn lang_of(text: &str) -> Lang {
    thread_local! {
        static LAST: std::cell::Cell<(usize, usize, Lang)> =
            const { std::cell::Cell::new((0, 0, Lang::Other)) };
    }
    let id = (text.as_ptr() as usize, text.len());
    LAST.with(|last| {
        let (p, n, l) = last.get();
        if (p, n) == id {
            l
        } else {
            let l = arabic::lang::detect(text);
            last.set((id.0, id.1, l));
            l
        }
    })
}

/// A word's comparison key (§3): in Arabic the shortest of its bare keys
/// that has no article (`والمدرسة` → `مدرسه`), elsewhere the word.
fn key_of(t: &Token, original: &str, lang: Lang) -> String {
    if !lang.arabic_clitics() {
        return t.text.clone();
    }
    let mut keys = Vec::new();
    arabic::bare_keys(t, original, lang, &mut keys);
    keys.into_iter()
        .filter(|k| !k.starts_with("ال"))
        .min_by_key(|k| (k.chars().count(), k.clone()))
        .unwrap_or_else(|| t.text.clone())
}

fn gram(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl Profile {
    /// The profile of `text[range]`, word ranges counted in `text`.
    #[must_use]
    pub fn of(text: &str, range: Range<usize>) -> Self {
        let stop = stop_words();
        let mut p = Self::default();
        let lang = lang_of(text);
        let piece = &text[range.clone()];
        for t in arabic::tokenize_in(piece, Fold::default(), lang) {
            let content = !stop.contains(&t.text);
            let key = key_of(&t, &piece[t.range.clone()], lang);
            if content {
                let padded: Vec<char> = std::iter::once(' ')
                    .chain(key.chars())
                    .chain(std::iter::once(' '))
                    .collect();
                p.grams
                    .extend(padded.windows(3).map(|w| gram(w[0], w[1], w[2])));
                *p.terms.entry(key.clone()).or_default() += 1;
            }
            p.words.push(Word {
                range: t.range.start + range.start..t.range.end + range.start,
                key,
                content,
            });
        }
        p.grams.sort_unstable();
        p
    }

    /// Number of content words.
    #[must_use]
    pub fn content_words(&self) -> usize {
        self.words.iter().filter(|w| w.content).count()
    }

    /// The profile of several sentences read as one.
    #[must_use]
    pub fn merged<'a>(parts: impl IntoIterator<Item = &'a Profile>) -> Self {
        let mut p = Self::default();
        for part in parts {
            p.words.extend(part.words.iter().cloned());
            p.grams.extend_from_slice(&part.grams);
            for (k, n) in &part.terms {
                *p.terms.entry(k.clone()).or_default() += n;
            }
        }
        p.grams.sort_unstable();
        p
    }
}

/// A list this many times longer than the other is searched (galloping)
/// instead of walked: a pair of a short and a very long sentence costs the
/// short one's length (times a logarithm), not the long one's.
const GALLOP_RATIO: usize = 16;

/// The first index of `b` at or after `from` whose key is not below `x`,
/// by doubling steps then a binary search.
fn gallop<T>(b: &[T], from: usize, x: &T, key: impl Fn(&T, &T) -> std::cmp::Ordering) -> usize {
    let mut step = 1;
    let mut lo = from;
    let mut hi = from;
    while hi < b.len() && key(&b[hi], x).is_lt() {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    let hi = hi.min(b.len());
    lo + b[lo..hi].partition_point(|y| key(y, x).is_lt())
}

/// Calls `each(k, l)` for every matched pair `a[k]`, `b[l]` of two lists
/// sorted by `cmp` (a multiset intersection: each element matched once),
/// in linear time, or by galloping through the longer list when one is
/// much longer than the other.
fn merge_join<T>(
    a: &[T],
    b: &[T],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Copy,
    mut each: impl FnMut(usize, usize),
) {
    let swap = a.len() > b.len();
    let (short, long) = if swap { (b, a) } else { (a, b) };
    if short.len().saturating_mul(GALLOP_RATIO) < long.len() {
        let mut j = 0;
        for (i, x) in short.iter().enumerate() {
            j = gallop(long, j, x, cmp);
            if j >= long.len() {
                break;
            }
            if cmp(&long[j], x).is_eq() {
                if swap {
                    each(j, i);
                } else {
                    each(i, j);
                }
                j += 1;
            }
        }
        return;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match cmp(&a[i], &b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                each(i, j);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Size of the intersection of two sorted multisets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let mut n = 0;
    merge_join(a, b, u64::cmp, |_, _| n += 1);
    n
}

/// Multiset Dice coefficient of the character 3-grams, in [0, 1].
#[must_use]
pub fn dice(a: &Profile, b: &Profile) -> f32 {
    let total = a.grams.len() + b.grams.len();
    if total == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let d = 2.0 * common(&a.grams, &b.grams) as f32 / total as f32;
    d
}

/// Inverse document frequencies of content keys.
pub trait Idf {
    /// The IDF of a key, or `None` when the source does not know it.
    fn idf(&self, key: &str) -> Option<f32>;
}

/// IDF computed from the sentences of the two documents compared, each
/// sentence counted as a document (the fallback without a corpus index):
/// `ln((N + 1) / (df + 1)) + 1`.
#[derive(Debug, Default)]
pub struct PairIdf {
    df: HashMap<String, u32>,
    n: u32,
}

impl PairIdf {
    /// Counts document frequencies over `profiles`.
    #[must_use]
    pub fn new<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Self {
        let mut idf = Self::default();
        for p in profiles {
            idf.n += 1;
            for k in p.terms.keys() {
                *idf.df.entry(k.clone()).or_default() += 1;
            }
        }
        idf
    }
}

impl Idf for PairIdf {
    fn idf(&self, key: &str) -> Option<f32> {
        let df = self.df.get(key).copied().unwrap_or(0);
        #[allow(clippy::cast_precision_loss)]
        Some(((self.n as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0)
    }
}

/// Content keys numbered in the order first seen, so that vectors compare
/// numbers, not strings.
#[derive(Debug, Default)]
pub struct Keys(HashMap<String, u32>);

impl Keys {
    /// The number of `key` (a new one if it is new).
    pub fn id(&mut self, key: &str) -> u32 {
        if let Some(&k) = self.0.get(key) {
            return k;
        }
        let k = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        self.0.insert(key.to_owned(), k);
        k
    }
}

/// A unit-length TF·IDF vector, by key number.
#[derive(Clone, Debug, Default)]
pub struct Vector(Vec<(u32, f32)>);

impl Vector {
    /// The vector of a profile; keys the IDF source does not know weigh as
    /// the rarest known (`fallback`).
    #[must_use]
    pub fn of(p: &Profile, idf: &dyn Idf, fallback: &dyn Idf, keys: &mut Keys) -> Self {
        let mut v: Vec<(u32, f32)> = p
            .terms
            .iter()
            .map(|(k, &n)| {
                let w = idf.idf(k).or_else(|| fallback.idf(k)).unwrap_or(1.0);
                #[allow(clippy::cast_precision_loss)]
                let tf = 1.0 + (n as f32).ln();
                (keys.id(k), tf * w)
            })
            .collect();
        // The norm is summed in key order: the same whatever the order of
        // the profile's map.
        v.sort_unstable_by_key(|e| e.0);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        Self(v)
    }

    /// Cosine of two unit vectors, in [0, 1].
    #[must_use]
    pub fn cosine(&self, other: &Self) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let mut dot = 0.0;
        merge_join(a, b, |x, y| x.0.cmp(&y.0), |i, j| dot += a[i].1 * b[j].1);
        f32::min(dot, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Profile {
        Profile::of(s, 0..s.len())
    }

    #[test]
    fn keys_fold_marks_hamza_teh_marbuta_tatweel_and_clitics() {
        let a = p("إِنَّ المدرسةَ الكبيـــرة ٢٠٢٤");
        let b = p("ان مدرسه والكبيره 2024");
        let keys = |p: &Profile| p.words.iter().map(|w| w.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&a), keys(&b));
        assert!(!a.words[0].content, "إن is a stop word");
        assert_eq!(a.content_words(), 3);
        assert_eq!(dice(&a, &b), 1.0);
        assert_eq!(dice(&p("x"), &p("y")), 0.0);
    }

    #[test]
    fn word_ranges_point_into_the_text() {
        let text = "قبل. وقالت الصحيفة (The Guardian)";
        let start = text.find('و').expect("waw");
        let prof = Profile::of(text, start..text.len());
        let words: Vec<&str> = prof.words.iter().map(|w| &text[w.range.clone()]).collect();
        assert_eq!(words, ["وقالت", "الصحيفة", "The", "Guardian"]);
    }

    #[test]
    fn dice_is_symmetric_bounded_and_one_on_itself() {
        let a = p("نجا زعيم التنظيم من محاولة انقلاب");
        let b = p("تعرض زعيم تنظيم داعش لمحاولة انقلاب");
        assert_eq!(dice(&a, &a), 1.0);
        assert_eq!(dice(&a, &b), dice(&b, &a));
        assert!(dice(&a, &b) > 0.3 && dice(&a, &b) < 1.0);
        assert_eq!(dice(&a, &p("")), 0.0);
        assert_eq!(
            dice(&p("في من على"), &p("في من على")),
            0.0,
            "stop words only"
        );
    }

    #[test]
    fn cosine_uses_idf() {
        let a = p("البغدادي نجا من الانقلاب");
        let b = p("البغدادي قتل في الغارة");
        let c = p("البغدادي نجا");
        let idf = PairIdf::new([&a, &b, &c]);
        let keys = std::cell::RefCell::new(Keys::default());
        let v = |x: &Profile| Vector::of(x, &idf, &idf, &mut keys.borrow_mut());
        assert!((v(&a).cosine(&v(&a)) - 1.0).abs() < 1e-5);
        assert_eq!(v(&a).cosine(&v(&b)), v(&b).cosine(&v(&a)));
        // Sharing the rarer word نجا counts more than sharing البغدادي.
        assert!(v(&a).cosine(&v(&c)) > v(&b).cosine(&v(&c)));
        assert_eq!(v(&p("")).cosine(&v(&a)), 0.0);
    }

    #[test]
    fn galloping_counts_like_walking() {
        // Multisets of very different sizes: the galloping path must count
        // exactly as the linear walk does.
        let walk = |a: &[u64], b: &[u64]| {
            let mut b = b.to_vec();
            a.iter()
                .filter(|x| {
                    b.iter()
                        .position(|y| y == *x)
                        .map(|k| b.remove(k))
                        .is_some()
                })
                .count()
        };
        let big: Vec<u64> = (0..2000u64).map(|x| x / 3).collect();
        for small in [
            vec![],
            vec![0],
            vec![0, 0, 0, 0],
            vec![5, 5, 700, 665, 666, 666, 666, 666],
            vec![9999],
            vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 600],
        ] {
            let mut small = small;
            small.sort_unstable();
            assert_eq!(common(&small, &big), walk(&small, &big), "{small:?}");
            assert_eq!(common(&big, &small), walk(&small, &big), "{small:?}");
        }
    }
}
