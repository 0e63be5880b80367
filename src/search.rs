//! Full-text search on tantivy with qari's Arabic analysis.
//!
//! - [`tokenizer`]: [`crate::arabic`]'s tokens as tantivy tokens.
//! - [`query`]: what the user typed (Q1–Q7) and the [`query::Matcher`] that
//!   finds matched bytes with the same rules.
//! - [`snippet`]: the best stretch of a text around its matches.
//! - [`index`]: schema, in-memory and persistent indexes, incremental
//!   updates, searching, related documents.
//! - [`worker`]: the search thread of the reader (latest query wins).

pub mod index;
pub mod query;
pub mod snippet;
pub mod tokenizer;
pub mod worker;

pub use index::{Details, Engine, Error, Hit, Location, Progress, Report, Results};
pub use query::{Matcher, Parsed, Part};
pub use snippet::Snippet;
