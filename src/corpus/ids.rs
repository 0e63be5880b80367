//! Document ids, made unique here and only here: the corpus (what
//! `qari list` prints) and the index (what `qari search` prints) both go
//! through [`Ids`], so they always agree.
//!
//! The rule:
//! 1. A document's raw id is its file's stem (text files), its JSON id
//!    field, trimmed (JSON Lines), or `stem:line` when it has none; an
//!    empty raw id is `doc`.
//! 2. Documents are taken in load order: the roots in the order the user
//!    gave them; each folder walked depth first with entries sorted by
//!    name; a file's records by line; a file reached twice counts once,
//!    where it was first reached.
//! 3. A document gets its raw id unless an earlier document got that
//!    string; then it gets the first of `raw~2`, `raw~3`, … that no
//!    earlier document got. A raw id that already looks like `x~2` is a
//!    string like any other: `x`, `x~2` (raw), `x` give `x`, `x~2`, `x~3`.
//!
//! Only documents of one [`family`] can compete for a string (`x`, `x~2`,
//! `x~2~3` are one family), so the index computes a hit's id from the
//! members of its family alone, in load order.

use std::collections::HashSet;

/// The raw id to use: `doc` for an empty one.
#[must_use]
pub fn base(raw: &str) -> &str {
    if raw.is_empty() { "doc" } else { raw }
}

/// The family of a raw id: the id without any trailing `~N` suffixes.
/// Every string the rule can give a document is in its raw id's family.
#[must_use]
pub fn family(raw: &str) -> &str {
    let mut s = base(raw);
    while let Some((head, n)) = s.rsplit_once('~') {
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        s = head;
    }
    s
}

/// The ids given so far, by a 128-bit hash of each (collisions are out of
/// reach): a million ids are 16 MB of keys, not a million strings.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    taken: HashSet<u128>,
}

/// A 128-bit hash of an id, the same in every run.
fn key(id: &str) -> u128 {
    super::discover::hash128(id)
}

impl Ids {
    /// The id of the next document in load order, whose raw id is `raw`.
    pub fn claim(&mut self, raw: &str) -> String {
        let raw = base(raw);
        if self.taken.insert(key(raw)) {
            return raw.to_owned();
        }
        let mut n = 2u64;
        loop {
            let candidate = format!("{raw}~{n}");
            if self.taken.insert(key(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(raws: &[&str]) -> Vec<String> {
        let mut ids = Ids::default();
        raws.iter().map(|r| ids.claim(r)).collect()
    }

    #[test]
    fn duplicates_are_numbered_in_load_order() {
        assert_eq!(all(&["a", "b", "a", "a"]), ["a", "b", "a~2", "a~3"]);
        assert_eq!(all(&["", ""]), ["doc", "doc~2"]);
        // A raw id that looks numbered takes its string first.
        assert_eq!(all(&["x", "x~2", "x"]), ["x", "x~2", "x~3"]);
        assert_eq!(all(&["x~2", "x", "x"]), ["x~2", "x", "x~3"]);
        assert_eq!(all(&["x~2", "x~2"]), ["x~2", "x~2~2"]);
    }

    #[test]
    fn families_hold_every_candidate() {
        assert_eq!(family("x~2~3"), "x");
        assert_eq!(family("x~"), "x~");
        assert_eq!(family("x~a"), "x~a");
        assert_eq!(family(""), "doc");
        // Whatever the mix, an id is in its raw id's family, and computing
        // ids within one family (in load order) gives the same as over all.
        let raws = ["x", "y", "x~2", "x", "y~3", "y", "x~2", "z", "x", "y"];
        let full = all(&raws);
        for (raw, id) in raws.iter().zip(&full) {
            assert_eq!(family(id), family(raw));
            let members: Vec<&str> = raws
                .iter()
                .copied()
                .filter(|r| family(r) == family(raw))
                .collect();
            let within = all(&members);
            let k = raws
                .iter()
                .zip(&full)
                .filter(|(r, _)| family(r) == family(raw))
                .position(|(_, i)| i == id)
                .expect("member");
            assert_eq!(&within[k], id);
        }
    }
}
