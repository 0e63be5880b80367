//! `qari index PATH…`: builds or updates the persistent index of a corpus
//! and says what changed. Also how the search commands open the engine
//! (progress and notes on stderr).

use std::path::PathBuf;

use super::output::{Printer, note, warn};
use super::{Context, Failure};
use crate::render::sanitize_line;
use crate::search::{Engine, IndexOptions, Location, Note, Progress};

/// Opens the engine for `paths` ([`crate::search::open`]: the sample in
/// memory, the persistent index updated, or memory when the cache is
/// unusable), with progress on a terminal's stderr; prints its warnings
/// and notes. Returns it and a line saying what changed, if anything did.
pub fn open_engine(paths: &[PathBuf], ctx: &Context) -> Result<(Engine, Option<String>), Failure> {
    open_engine_with(paths, ctx, None, false).map(|(e, summary, _)| (e, summary))
}

/// [`open_engine`], rebuilding the index from scratch when `rebuild`
/// gives a reason, comparing every file with the index when `full` (else
/// the folders may do, docs/search.md §12 step 0); also returns the notes
/// about the index.
pub fn open_engine_with(
    paths: &[PathBuf],
    ctx: &Context,
    rebuild: Option<String>,
    full: bool,
) -> Result<(Engine, Option<String>, Vec<Note>), Failure> {
    let tty = ctx.settings.terminal.stderr_tty;
    let mut shown = false;
    let mut progress = |p: &Progress| {
        if tty && p.bytes_total > 0 {
            shown = true;
            let pct = p.bytes_done * 100 / p.bytes_total.max(1);
            eprint!(
                "\rqari: indexing {pct:>3}% ({:.1} of {:.1} MB, {} of {} files, {} documents)\x1b[K",
                p.bytes_done as f64 / 1e6,
                p.bytes_total as f64 / 1e6,
                p.files_done,
                p.files_total,
                p.docs
            );
        }
    };
    let defaults = IndexOptions::default();
    let opts = IndexOptions {
        rebuild,
        full_check_every: if full {
            std::time::Duration::ZERO
        } else {
            defaults.full_check_every
        },
        ..defaults
    };
    let opened = crate::search::open_with(paths, &ctx.load, &opts, &mut progress);
    if shown {
        eprintln!();
    }
    let opened = opened.map_err(Failure::new)?;
    for w in &opened.warnings {
        warn(&w.to_string());
    }
    for n in &opened.notes {
        if n.is_warning() {
            warn(&n.to_string());
        } else {
            note(&n.to_string());
        }
    }
    Ok((opened.engine, opened.summary, opened.notes))
}

/// Runs `qari index`.
///
/// # Errors
/// No path given, the corpus or the index failed, writing failed.
pub fn run(paths: &[PathBuf], ctx: &Context) -> Result<(), Failure> {
    if paths.is_empty() {
        return Err(Failure::usage(
            "qari index needs the corpus paths (the sample is indexed in memory)",
        ));
    }
    // `qari index` compares every file with the index (a search trusts a
    // recent full check while no folder changes).
    let (engine, summary, notes) = open_engine_with(paths, ctx, None, true)?;
    // Asked to update the index: an index left as it was, or one that
    // could not be saved at all, is a failure (the notes said why).
    for n in &notes {
        match n {
            Note::Stale(why) => return Err(Failure::new(format!("index not updated: {why}"))),
            Note::InMemory(why) => {
                return Err(Failure::new(format!("index not saved: {why}")));
            }
            Note::Rebuilt(_) => {}
        }
    }
    let dir = match &engine.location {
        Location::Disk(d) => sanitize_line(&d.display().to_string()),
        Location::Memory => "memory".to_owned(),
    };
    let mut out = Printer::plain();
    out.line(&summary.unwrap_or_else(|| "up to date".to_owned()));
    out.line(&format!("{} documents in {dir}", engine.num_docs()));
    out.finish()
}
