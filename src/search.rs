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
mod engine;
mod open;
mod plan;
pub mod query;
mod related;
mod schema;
pub mod snippet;
mod store;
mod tokenizer;
mod update;

pub use engine::{Details, Engine, Hit, Location, Results};
pub use open::{Note, Opened, open};
pub use query::{Matcher, Parsed, Part};
pub use snippet::Snippet;
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
}
