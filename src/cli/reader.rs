//! The full-screen reader from the command line: `qari [PATH…]` on a
//! terminal (the library of the corpus, the embedded sample when no path is
//! given), and qari as a pager (`cmd | qari`, `qari -`, `qari show` on a
//! document longer than the screen): the reading screen first, `q` quits.

use std::io::Read;
use std::path::PathBuf;

use super::{Context, Failure};
use crate::corpus::Corpus;
use crate::tui::jobs::Index;
use crate::tui::{self, App, RunOptions};

/// Largest standard input read as a document.
const MAX_STDIN: u64 = 1 << 30;

/// Runs the reader on the corpus at `paths`; returns its exit code (128 + n
/// after signal n).
///
/// # Errors
/// The corpus cannot be loaded, a key in the configuration is wrong, the
/// terminal failed.
pub fn run(paths: &[PathBuf], ctx: &Context, opts: RunOptions) -> Result<u8, Failure> {
    // A corpus indexed before is listed from its index's catalog: the
    // first frame needs nothing of the corpus itself; the index is brought
    // up to date in the background and the list follows.
    let corpus = match crate::search::listed(paths, None) {
        Some(listed) if ctx.load.encoding.is_none() => listed,
        _ => Corpus::load(paths, &ctx.load)?,
    };
    let app = App::new(corpus, &ctx.settings).map_err(Failure::usage)?;
    let index = Index::Paths(paths.to_vec(), ctx.load.clone());
    tui::run(app, index, opts).map_err(|e| Failure::new(format!("terminal: {e}")))
}

/// Reads standard input as one document.
///
/// # Errors
/// Reading failed, or the input is larger than 1 GiB.
pub fn stdin_corpus(ctx: &Context) -> Result<Corpus, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::new(format!("standard input: {e}")))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(Failure::new(
            "standard input: more than 1 GiB; save it to a file and open that",
        ));
    }
    Ok(Corpus::from_stdin(bytes, &ctx.load))
}

/// Pages document `doc` of `corpus`: the reading screen first, `q` quits;
/// `index` is what search and related documents use; `column` the reading
/// column's width; `dir` every paragraph's forced direction.
///
/// # Errors
/// A key in the configuration is wrong, the terminal failed.
pub fn page(
    corpus: Corpus,
    doc: usize,
    index: Index,
    ctx: &Context,
    column: usize,
    dir: Option<crate::bidi::Dir>,
) -> Result<u8, Failure> {
    let mut app = App::new(corpus, &ctx.settings).map_err(Failure::usage)?;
    app.forced_dir = dir;
    app.open_as_pager(doc, column);
    tui::run(app, index, RunOptions::default()).map_err(|e| Failure::new(format!("terminal: {e}")))
}
