//! Sentence alignment (docs/compare.md §5–§8): order-free linking
//! (threshold plus best-match-either-way), groups as connected components
//! (1:n and n:m), a monotone backbone for display (the heaviest chain of
//! links increasing on both sides) and the display blocks around it.

use std::ops::Range;

/// A link between left sentence `i` and right sentence `j`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    /// Left sentence.
    pub i: usize,
    /// Right sentence.
    pub j: usize,
    /// Their similarity.
    pub sim: f32,
}

/// The similarity of a scored pair of sentences.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// Left sentence.
    pub i: usize,
    /// Right sentence.
    pub j: usize,
    /// Their similarity (pairs not listed have 0).
    pub sim: f32,
}

/// Links `(i, j)` where `sim[i][j] ≥ tau` and `j` is `i`'s best match or
/// `i` is `j`'s best match; ties go to the lower index. Crossing links are
/// kept. Returned sorted by `(i, j)`. (The full matrix; see
/// [`link_scored`] for the pairs actually scored.)
#[must_use]
pub fn link(sim: &[Vec<f32>], m: usize, tau: f32) -> Vec<Link> {
    let scored: Vec<Scored> = sim
        .iter()
        .enumerate()
        .flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, s)| **s > 0.0)
                .map(move |(j, &sim)| Scored { i, j, sim })
        })
        .collect();
    link_scored(sim.len(), m, &scored, tau)
}

/// [`link`] over the scored pairs of an `n` × `m` comparison, sorted by
/// `(i, j)`; a pair not listed has similarity 0 (and never links). Linear
/// in the pairs listed.
#[must_use]
pub fn link_scored(n: usize, m: usize, scored: &[Scored], tau: f32) -> Vec<Link> {
    // Best matches, ties to the lower index: pairs come in (i, j) order,
    // and only a strictly better one replaces the best so far.
    let mut best_j: Vec<Option<(usize, f32)>> = vec![None; n];
    let mut best_i: Vec<Option<(usize, f32)>> = vec![None; m];
    for p in scored {
        for (slot, other) in [(best_j.get_mut(p.i), p.j), (best_i.get_mut(p.j), p.i)] {
            if let Some(slot) = slot
                && slot.is_none_or(|(_, b)| p.sim > b)
            {
                *slot = Some((other, p.sim));
            }
        }
    }
    let is_best = |slot: Option<&Option<(usize, f32)>>, k: usize| {
        slot.copied().flatten().is_some_and(|(b, _)| b == k)
    };
    scored
        .iter()
        .filter(|p| {
            p.sim >= tau
                && p.sim > 0.0
                && (is_best(best_j.get(p.i), p.j) || is_best(best_i.get(p.j), p.i))
        })
        .map(|p| Link {
            i: p.i,
            j: p.j,
            sim: p.sim,
        })
        .collect()
}

/// Connected components of the links, as (left sentences, right
/// sentences), each sorted; components ordered by their first left
/// sentence.
#[must_use]
pub fn groups(n: usize, links: &[Link]) -> Vec<(Vec<usize>, Vec<usize>)> {
    // Union-find over left ids 0..n and right ids n..n+m (only linked ones).
    let m = links.iter().map(|l| l.j + 1).max().unwrap_or(0);
    let mut parent: Vec<usize> = (0..n + m).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for l in links {
        let (a, b) = (find(&mut parent, l.i), find(&mut parent, n + l.j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for l in links {
        let root = find(&mut parent, l.i);
        let g = by_root.entry(root).or_default();
        g.0.push(l.i);
        g.1.push(l.j);
    }
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = by_root
        .into_values()
        .map(|(mut a, mut b)| {
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            (a, b)
        })
        .collect();
    out.sort_by_key(|g| (g.0[0], g.1[0]));
    out
}

/// The best chain weight so far and the link it ends at; a heavier chain
/// wins, then the earlier link.
#[derive(Clone, Copy)]
struct Best(f32, usize);

impl Best {
    fn better(self, other: Self) -> bool {
        match self.0.total_cmp(&other.0) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => self.1 < other.1,
        }
    }
}

/// Prefix maxima over right sentence indices (a Fenwick tree): the best
/// chain among the links seen so far whose right sentence is at most `j`.
struct PrefixBest(Vec<Option<Best>>);

impl PrefixBest {
    fn new(m: usize) -> Self {
        Self(vec![None; m + 1])
    }

    fn put(&mut self, j: usize, b: Best) {
        let mut k = j + 1;
        while k < self.0.len() {
            let slot = &mut self.0[k];
            if slot.is_none_or(|s| b.better(s)) {
                *slot = Some(b);
            }
            k += k & k.wrapping_neg();
        }
    }

    fn upto(&self, j: usize) -> Option<Best> {
        let mut k = (j + 1).min(self.0.len().saturating_sub(1));
        let mut best: Option<Best> = None;
        while k > 0 {
            if let Some(b) = self.0[k]
                && best.is_none_or(|s| b.better(s))
            {
                best = Some(b);
            }
            k &= k - 1;
        }
        best
    }
}

/// The display backbone: the heaviest chain of links increasing on both
/// sides (weighted longest increasing subsequence over links sorted by
/// `(i, j)`; a link may share its left or its right sentence with the one
/// before it, which keeps 1:n groups together). `true` for the links on
/// it. Ties keep the earlier chain. Links are sorted as [`link`] returns
/// them. O(k log k) for k links: the best earlier chain a link can extend
/// (sorted order gives `i` no greater; `j` must be no greater either) is
/// a prefix maximum over `j`.
#[must_use]
pub fn backbone(links: &[Link]) -> Vec<bool> {
    let k = links.len();
    let mut best = vec![0.0f32; k];
    let mut prev: Vec<Option<usize>> = vec![None; k];
    let m = links.iter().map(|l| l.j + 1).max().unwrap_or(0);
    let mut tree = PrefixBest::new(m);
    for g in 0..k {
        let b = links[g];
        best[g] = b.sim;
        if let Some(Best(w, h)) = tree.upto(b.j)
            && w + b.sim > best[g]
        {
            best[g] = w + b.sim;
            prev[g] = Some(h);
        }
        tree.put(b.j, Best(best[g], g));
    }
    let mut on = vec![false; k];
    let mut end = None;
    for g in 0..k {
        if end.is_none_or(|e: usize| best[g] > best[e]) {
            end = Some(g);
        }
    }
    while let Some(g) = end {
        on[g] = true;
        end = prev[g];
    }
    on
}

/// A band of the side-by-side display: left sentences and right
/// sentences (index ranges, either may be empty) drawn from the same row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Left sentences.
    pub left: Range<usize>,
    /// Right sentences.
    pub right: Range<usize>,
    /// Whether the block shows backbone links (else it is a gap: one side
    /// only).
    pub linked: bool,
}

/// Display blocks: runs of backbone links that share a sentence form one
/// block (their spans side by side); between two blocks, the left
/// sentences (opposite filler), then the right ones.
#[must_use]
pub fn blocks(n: usize, m: usize, links: &[Link], on_backbone: &[bool]) -> Vec<Block> {
    // Backbone links in order, cut into runs that share a sentence.
    let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (l, _) in links.iter().zip(on_backbone).filter(|(_, on)| **on) {
        match runs.last_mut() {
            Some((li, rj)) if l.i + 1 == li.end || l.j + 1 == rj.end => {
                li.end = li.end.max(l.i + 1);
                rj.end = rj.end.max(l.j + 1);
            }
            _ => runs.push((l.i..l.i + 1, l.j..l.j + 1)),
        }
    }
    let mut out = Vec::new();
    let gap = |out: &mut Vec<Block>, l: Range<usize>, r: Range<usize>| {
        if !l.is_empty() {
            out.push(Block {
                left: l,
                right: 0..0,
                linked: false,
            });
        }
        if !r.is_empty() {
            out.push(Block {
                left: 0..0,
                right: r,
                linked: false,
            });
        }
    };
    let (mut li, mut rj) = (0, 0);
    for (l, r) in runs {
        gap(&mut out, li..l.start, rj..r.start);
        li = l.end;
        rj = r.end;
        out.push(Block {
            left: l,
            right: r,
            linked: true,
        });
    }
    gap(&mut out, li..n, rj..m);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(n: usize, m: usize, cells: &[(usize, usize, f32)]) -> Vec<Vec<f32>> {
        let mut s = vec![vec![0.0; m]; n];
        for &(i, j, v) in cells {
            s[i][j] = v;
        }
        s
    }

    #[test]
    fn best_either_way_keeps_crossings_and_merges() {
        // 0↔1 and 1↔0 cross; 2 and 3 both best-match right 2 (a merge);
        // 4 has only a weak, below-threshold match.
        let sim = matrix(
            5,
            3,
            &[
                (0, 1, 0.6),
                (0, 0, 0.1),
                (1, 0, 0.5),
                (2, 2, 0.4),
                (3, 2, 0.3),
                (4, 2, 0.15),
            ],
        );
        let links: Vec<(usize, usize)> = link(&sim, 3, 0.2).iter().map(|l| (l.i, l.j)).collect();
        assert_eq!(links, [(0, 1), (1, 0), (2, 2), (3, 2)]);
        let g = groups(5, &link(&sim, 3, 0.2));
        assert_eq!(
            g,
            [
                (vec![0], vec![1]),
                (vec![1], vec![0]),
                (vec![2, 3], vec![2])
            ]
        );
    }

    #[test]
    fn neither_best_is_no_link_and_ties_go_low() {
        // (1, 1) is above τ but neither left 1's best nor right 1's best.
        let sim = matrix(2, 2, &[(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.8), (1, 1, 0.3)]);
        let got: Vec<(usize, usize)> = link(&sim, 2, 0.2).iter().map(|l| (l.i, l.j)).collect();
        assert_eq!(got, [(0, 0), (0, 1), (1, 0)]);
        let strict: Vec<(usize, usize)> = link(&sim, 2, 0.85).iter().map(|l| (l.i, l.j)).collect();
        assert_eq!(strict, [(0, 0)]);
        let tie = matrix(1, 2, &[(0, 0, 0.5), (0, 1, 0.5)]);
        let got: Vec<(usize, usize)> = link(&tie, 2, 0.2).iter().map(|l| (l.i, l.j)).collect();
        // 0's best is the lower index; right 1's best is left 0 as well.
        assert_eq!(got, [(0, 0), (0, 1)]);
    }

    fn spans(blocks: &[Block]) -> Vec<(Range<usize>, Range<usize>)> {
        blocks
            .iter()
            .map(|b| (b.left.clone(), b.right.clone()))
            .collect()
    }

    fn links(pairs: &[(usize, usize, f32)]) -> Vec<Link> {
        pairs
            .iter()
            .map(|&(i, j, sim)| Link { i, j, sim })
            .collect()
    }

    #[test]
    fn swapping_two_sentences_gives_one_moved_link() {
        // Right is left with sentences 1 and 2 swapped: one of them moved.
        let l = links(&[(0, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0), (3, 3, 1.0)]);
        assert_eq!(backbone(&l), [true, true, false, true]);
        // The lighter of the two is the one marked moved.
        let l = links(&[(0, 0, 1.0), (1, 2, 0.4), (2, 1, 0.9), (3, 3, 1.0)]);
        assert_eq!(backbone(&l), [true, false, true, true]);
        // 1 and 3 swapped around 2: two sentences have to move.
        let l = links(&[
            (0, 0, 1.0),
            (1, 3, 1.0),
            (2, 2, 1.0),
            (3, 1, 1.0),
            (4, 4, 1.0),
        ]);
        assert_eq!(backbone(&l).iter().filter(|&&b| !b).count(), 2);
        // One sentence moved from 3 to 1: exactly one link off the backbone.
        let l = links(&[
            (0, 0, 1.0),
            (1, 2, 1.0),
            (2, 3, 1.0),
            (3, 1, 1.0),
            (4, 4, 1.0),
        ]);
        assert_eq!(backbone(&l), [true, true, true, false, true]);
    }

    #[test]
    fn a_merge_stays_on_the_backbone_and_a_far_member_does_not_swallow_it() {
        // Left 0 and 1 merge into right 0; left 4 (a heading) also links
        // to right 0; 2↔1 and 3↔2 follow in order.
        let l = links(&[
            (0, 0, 0.5),
            (1, 0, 0.5),
            (2, 1, 0.5),
            (3, 2, 0.5),
            (4, 0, 0.3),
        ]);
        let on = backbone(&l);
        assert_eq!(on, [true, true, true, true, false]);
        let b = blocks(5, 3, &l, &on);
        assert_eq!(
            spans(&b),
            [(0..2, 0..1), (2..3, 1..2), (3..4, 2..3), (4..5, 0..0)]
        );
    }

    /// The quadratic dynamic programme the backbone used to be.
    fn backbone_by_every_pair(links: &[Link]) -> Vec<bool> {
        let k = links.len();
        let mut best = vec![0.0f32; k];
        let mut prev: Vec<Option<usize>> = vec![None; k];
        for g in 0..k {
            best[g] = links[g].sim;
            for h in 0..g {
                let (a, b) = (links[h], links[g]);
                if a.i <= b.i && a.j <= b.j && best[h] + b.sim > best[g] {
                    best[g] = best[h] + b.sim;
                    prev[g] = Some(h);
                }
            }
        }
        let mut on = vec![false; k];
        let mut end = None;
        for g in 0..k {
            if end.is_none_or(|e: usize| best[g] > best[e]) {
                end = Some(g);
            }
        }
        while let Some(g) = end {
            on[g] = true;
            end = prev[g];
        }
        on
    }

    #[test]
    fn the_fast_backbone_is_the_quadratic_one() {
        // Weights in eighths: sums are exact, so ties are real ties and
        // both must break them the same way.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for round in 0..300 {
            let (n, m) = (1 + next(12) as usize, 1 + next(12) as usize);
            let mut ls: Vec<Link> = (0..next(25))
                .map(|_| Link {
                    i: next(n as u64) as usize,
                    j: next(m as u64) as usize,
                    sim: (1 + next(8)) as f32 / 8.0,
                })
                .collect();
            ls.sort_by_key(|l| (l.i, l.j));
            ls.dedup_by_key(|l| (l.i, l.j));
            assert_eq!(
                backbone(&ls),
                backbone_by_every_pair(&ls),
                "round {round}: {ls:?}"
            );
        }
    }

    #[test]
    fn sparse_links_are_the_full_matrix_links() {
        let sim = matrix(
            3,
            4,
            &[
                (0, 1, 0.5),
                (0, 3, 0.5),
                (1, 0, 0.3),
                (2, 0, 0.3),
                (2, 2, 0.1),
            ],
        );
        let dense = link(&sim, 4, 0.2);
        let scored: Vec<Scored> = [
            (0, 1, 0.5),
            (0, 3, 0.5),
            (1, 0, 0.3),
            (2, 0, 0.3),
            (2, 2, 0.1),
        ]
        .iter()
        .map(|&(i, j, sim)| Scored { i, j, sim })
        .collect();
        assert_eq!(link_scored(3, 4, &scored, 0.2), dense);
        let pairs: Vec<(usize, usize)> = dense.iter().map(|l| (l.i, l.j)).collect();
        // (0, 3): right 3's best is left 0, although left 0 prefers right 1.
        assert_eq!(pairs, [(0, 1), (0, 3), (1, 0), (2, 0)]);
    }

    #[test]
    fn blocks_put_gaps_opposite_filler() {
        let l = links(&[(0, 1, 1.0), (2, 2, 1.0), (3, 2, 1.0), (5, 0, 0.5)]);
        let on = backbone(&l);
        assert_eq!(on, [true, true, true, false]);
        let b = blocks(6, 4, &l, &on);
        assert_eq!(
            spans(&b),
            [
                (0..0, 0..1),
                (0..1, 1..2),
                (1..2, 0..0),
                (2..4, 2..3),
                (4..6, 0..0),
                (0..0, 3..4)
            ]
        );
        // Every sentence appears exactly once, each side in order.
        let left: Vec<usize> = b.iter().flat_map(|b| b.left.clone()).collect();
        let right: Vec<usize> = b.iter().flat_map(|b| b.right.clone()).collect();
        assert_eq!(left, (0..6).collect::<Vec<_>>());
        assert_eq!(right, (0..4).collect::<Vec<_>>());
        assert!(blocks(0, 0, &[], &[]).is_empty());
    }
}
