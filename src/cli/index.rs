//! `qari index PATH…`: builds or updates the persistent index of a corpus
//! and says what changed. Also how the search commands open the engine
//! (progress and notes on stderr).

use std::path::PathBuf;

use super::output::{Printer, note, warn};
use super::{Context, Failure};
use crate::search::{Engine, Location, Progress};

/// Opens the engine for `paths` ([`crate::search::open`]: the sample in
/// memory, the persistent index updated, or memory when the cache is
/// unusable), with progress on a terminal's stderr; prints its warnings
/// and notes. Returns it and a line saying what changed, if anything did.
pub fn open_engine(paths: &[PathBuf], ctx: &Context) -> Result<(Engine, Option<String>), Failure> {
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
    let opened = crate::search::open(paths, &ctx.load, &mut progress);
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
    Ok((opened.engine, opened.summary))
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
    let (engine, summary) = open_engine(paths, ctx)?;
    let dir = match &engine.location {
        Location::Disk(d) => d.display().to_string(),
        Location::Memory => "memory".to_owned(),
    };
    let mut out = Printer::plain();
    out.line(&summary.unwrap_or_else(|| "up to date".to_owned()));
    out.line(&format!("{} documents in {dir}", engine.num_docs()));
    out.finish()
}
