//! Full-text search on tantivy with qari's Arabic analysis.
//!
//! - [`open`](open()): the one opener front ends use (persistent index,
//!   the sample in memory, or an in-memory fallback), with notes to show.
//! - `engine`: the [`Engine`]: searching and a hit's [`Details`];
//!   `related`: documents like one.
//! - [`query`]: what the user typed and the [`query::Matcher`] that
//!   finds matched bytes with the same rules; `plan`: the tantivy query.
//! - `schema` (fields, documents), `store` (cache directory, manifest,
//!   atomic writes), `update` (incremental updates, [`IndexOptions`],
//!   [`Progress`], [`Report`]).
//! - `tokenizer`: [`crate::arabic`]'s tokens as tantivy tokens.
//! - [`snippet`]: the best stretch of a text around its matches.
//! - [`ask`]: requests and answers of a front end (the reader's jobs run
//!   them on the engine's thread, latest request first).

pub mod ask;
mod capped;
pub mod dups;
mod engine;
mod facets;
mod fault;
mod open;
mod plan;
mod prefix;
pub mod query;
mod related;
mod schema;
pub mod snippet;
mod store;
mod tokenizer;
mod update;

pub use engine::{Budget, Details, Engine, Hit, Location, QUICK_MATCHES, Results};
pub use facets::Facets;
pub use open::{Note, Opened, listed, open, open_with};
pub use plan::PREFIX_TERMS;
pub use query::{Filters, Matcher, Order, Parsed, Part};
pub use snippet::Snippet;
pub use store::cache_root;

/// The cache folder of the persistent index of the corpus at `paths`
/// (which may not exist yet).
#[must_use]
pub fn cache_dir(paths: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let roots = crate::corpus::Roots::new(paths).ok()?;
    store::cache_dir_for(&roots.canonical())
}
pub use update::{IndexOptions, Progress, Report};

use crate::corpus;

/// Errors of the search layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus could not be read.
    #[error(transparent)]
    Corpus(#[from] corpus::Error),
    /// tantivy failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The cache directory could not be used.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The disk holding the index cache is full.
    #[error("{path}: the disk is full ({free} free); free some space or delete the cache")]
    DiskFull {
        /// The cache directory.
        path: String,
        /// Space left, for people (`"12 KB"`).
        free: String,
    },
    /// Reading the index failed inside tantivy (an error or a panic): its
    /// files are damaged, or it was changed behind qari's back.
    #[error("the index is damaged ({0})")]
    Damaged(String),
}

impl Error {
    /// Whether this says the index is damaged (rebuilding it is the cure).
    #[must_use]
    pub fn is_damage(&self) -> bool {
        matches!(self, Self::Damaged(_))
    }

    /// A tantivy error met while reading a working index is damage.
    #[must_use]
    pub fn into_damage(self) -> Self {
        match self {
            Self::Index(e) => Self::Damaged(e.to_string()),
            other => other,
        }
    }
}
