//! Word diff inside a group of linked sentences (docs/compare.md §9):
//! Patience diff (the `similar` crate) on comparison keys, with a deadline,
//! so a difference in tashkeel, hamza, ة/ه, tatweel or a clitic `و`/`ال`
//! is no difference at all.

use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

/// What an op says about its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// The same words on both sides.
    Equal,
    /// Words only on the left.
    Delete,
    /// Words only on the right.
    Insert,
    /// Different words on each side.
    Replace,
}

impl Tag {
    /// The name used in JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "equal",
            Self::Delete => "delete",
            Self::Insert => "insert",
            Self::Replace => "replace",
        }
    }
}

/// One op over word indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// What it says.
    pub tag: Tag,
    /// Left words.
    pub left: Range<usize>,
    /// Right words.
    pub right: Range<usize>,
}

/// Diffs two word-key sequences; past `deadline` the diff degrades to a
/// coarser (still correct) script.
#[must_use]
pub fn words<K: AsRef<str>>(left: &[K], right: &[K], deadline: Option<Instant>) -> Vec<Op> {
    let l: Vec<&str> = left.iter().map(AsRef::as_ref).collect();
    let r: Vec<&str> = right.iter().map(AsRef::as_ref).collect();
    capture_diff_slices_deadline(Algorithm::Patience, &l, &r, deadline)
        .into_iter()
        .map(|op| match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => Op {
                tag: Tag::Equal,
                left: old_index..old_index + len,
                right: new_index..new_index + len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => Op {
                tag: Tag::Delete,
                left: old_index..old_index + old_len,
                right: new_index..new_index,
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => Op {
                tag: Tag::Insert,
                left: old_index..old_index,
                right: new_index..new_index + new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => Op {
                tag: Tag::Replace,
                left: old_index..old_index + old_len,
                right: new_index..new_index + new_len,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_cover_both_sides_in_order() {
        let a = ["a", "b", "c", "d"];
        let b = ["a", "x", "c", "d", "e"];
        let ops = words(&a, &b, None);
        let tags: Vec<Tag> = ops.iter().map(|o| o.tag).collect();
        assert_eq!(tags, [Tag::Equal, Tag::Replace, Tag::Equal, Tag::Insert]);
        let left: Vec<usize> = ops.iter().flat_map(|o| o.left.clone()).collect();
        let right: Vec<usize> = ops.iter().flat_map(|o| o.right.clone()).collect();
        assert_eq!(left, [0, 1, 2, 3]);
        assert_eq!(right, [0, 1, 2, 3, 4]);
        assert!(words::<&str>(&[], &[], None).is_empty());
    }
}
