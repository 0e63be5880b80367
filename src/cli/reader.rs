//! `qari [PATH…]` on a terminal: the full-screen reader on the corpus (the
//! embedded sample when no path is given), its search index opened or
//! built in the background.

use std::path::PathBuf;

use super::{Context, Failure};
use crate::corpus::Corpus;
use crate::tui::{self, App, RunOptions};

/// Runs the reader; returns its exit code (128 + n after signal n).
///
/// # Errors
/// The corpus cannot be loaded, a key in the configuration is wrong, the
/// terminal failed.
pub fn run(paths: &[PathBuf], ctx: &Context, opts: RunOptions) -> Result<u8, Failure> {
    let corpus = Corpus::load(paths, &ctx.load)?;
    let app = App::new(corpus, &ctx.settings).map_err(Failure::usage)?;
    tui::run(app, paths.to_vec(), ctx.load.clone(), opts)
        .map_err(|e| Failure::new(format!("terminal: {e}")))
}
