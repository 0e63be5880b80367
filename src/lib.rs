//! qari (قارئ, "reader"): a terminal reader for right-to-left text corpora.
//!
//! Crate map, by layer (a module uses only modules of its own layer or of
//! the layers below; `tests/layering.rs` checks it):
//!
//! 1. Text engines: [`bidi`] (the layout engine: logical paragraph text to
//!    terminal rows in visual order), [`arabic`] (normalization and
//!    tokenization for search and comparison), [`marks`] (what a range of
//!    text is, carried to the cells), [`guard`] (panics caught on purpose).
//! 2. Data: [`corpus`] (documents from folders, JSON Lines and compressed files,
//!    with titles, directions, word counts, encodings), [`sample`] (the
//!    sample corpus embedded in the binary), [`config`] (embedded defaults
//!    and the user's file).
//! 3. Engines over the data: [`search`] (the tantivy index, queries,
//!    snippets, related documents) and [`compare`] (sentence alignment and
//!    word diffs of two articles).
//! 4. Rendering: [`render`] (a whole document, a comparison's panes, rows
//!    as terminal text), [`terminal`] (which terminal this is, and how to
//!    send it text) and [`settings`] (the one resolved settings object).
//! 5. Front ends: [`tui`] (the full-screen reader), then [`cli`] (the
//!    command line, which also starts the reader).
#![forbid(unsafe_code)]

pub mod arabic;
pub mod bidi;
pub mod cli;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod guard;
pub mod marks;
pub mod render;
pub mod sample;
pub mod search;
pub mod settings;
pub mod terminal;
pub mod tui;
