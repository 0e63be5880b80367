//! The Arabic stop list: words that say nothing about what a text is
//! about, left out when picking a document's characteristic terms (related
//! documents) and a sentence's content words (comparison). Never used to
//! drop words from the index.

use std::collections::HashSet;

use super::{Fold, normalize};

/// Savoy's Arabic stop list (as shipped by Lucene), unnormalized; use
/// [`stop_words`] for the normalized set.
const SAVOY: &str = "من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا الا ألا إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان فأن وان وأن وإن التى التي الذى الذي الذين الى الي إلى إلي على عليها عليه اما أما إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى وهي وهو فهى فهي فهو انت أنت لك لها له هذه هذا تلك ذلك هناك كانت كان يكون تكون وكانت وكان غير بعض قد نحو بين بينما منذ ضمن حيث الان الآن خلال بعد قبل حتى عند عندما لدى جميع";

/// The stop list normalized with N1–N10 (N15).
#[must_use]
pub fn stop_words() -> HashSet<String> {
    SAVOY
        .split_whitespace()
        .map(|w| normalize(w, Fold::default()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_normalized() {
        let s = stop_words();
        assert!(s.contains(&normalize("إلى", Fold::default())));
        assert!(s.contains("الي"));
        assert!(!s.contains("أن"));
        assert!(s.contains("ان"));
        assert!(s.len() > 80);
    }
}
