//! qari (قارئ, "reader"): a terminal reader for right-to-left text corpora.
//!
//! Crate map:
//! - [`bidi`]: the layout engine, logical paragraph text to terminal rows in
//!   visual order (wrapping, UAX #9 reordering, mirroring, shaping).
//! - [`arabic`]: Arabic-aware normalization and tokenization (search, compare).
//! - [`compare`]: sentence alignment and word diffs of two articles.
//! - [`search`]: the tantivy index, queries, snippets, related documents.
//! - [`document`]: a whole document laid out paragraph by paragraph.
//! - [`corpus`]: documents from folders, JSON Lines and gzip files, with
//!   titles, directions, word counts and encodings.
//! - [`sample`]: the sample corpus embedded in the binary.
//! - [`tui`]: the full-screen reader (library, reading view).
//! - [`config`]: embedded defaults (`assets/config.toml`) and the user's file.
//! - [`cli`]: the command line (`qari list`, `qari show`) and exit codes.
#![forbid(unsafe_code)]

pub mod arabic;
pub mod bidi;
pub mod cli;
mod cli_compare;
mod cli_search;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod document;
pub mod sample;
pub mod search;
pub mod tui;
