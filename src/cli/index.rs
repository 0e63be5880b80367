//! `qari index PATH…`: builds or updates the persistent index of a corpus
//! and says what changed. Also the engine opener the search commands share:
//! the sample in memory, a user's corpus through its persistent index
//! (progress on a terminal's stderr), memory when the cache is unusable.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::output::{Printer, note, warn};
use super::{Context, Failure};
use crate::corpus::{Corpus, LoadOptions};
use crate::search::{Engine, Location, Progress};

/// Opens the engine for `paths`: the sample in memory, or the persistent
/// index, updated, with progress on stderr. Returns it and a line saying
/// what changed, if anything did.
pub fn open_engine(
    paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<(Engine, Option<String>), Failure> {
    if paths.is_empty() {
        let e = Engine::in_memory(&Corpus::sample()).map_err(Failure::new)?;
        return Ok((e, None));
    }
    let tty = std::io::stderr().is_terminal();
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
    let opened = Engine::open(paths, load, None, true, &mut progress);
    if shown {
        eprintln!();
    }
    let (engine, report) = match opened {
        Ok(pair) => pair,
        Err(crate::search::Error::Io { path, source }) => {
            // The cache cannot be used (read-only home, full disk…): search
            // in memory this time.
            warn(&format!(
                "index cache unusable ({path}: {source}); indexing in memory"
            ));
            let corpus = Corpus::load(paths, load)?;
            let e = Engine::in_memory(&corpus).map_err(Failure::new)?;
            return Ok((e, None));
        }
        Err(e) => return Err(Failure::new(e)),
    };
    for w in &report.warnings {
        warn(&w.to_string());
    }
    if let Some(why) = &report.rebuilt {
        note(&format!("index rebuilt: {why}"));
    }
    if let Some(why) = &report.stale {
        note(why);
    }
    let summary = report.touched().then(|| report.summary());
    Ok((engine, summary))
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
    let (engine, summary) = open_engine(paths, &ctx.load)?;
    let dir = match &engine.location {
        Location::Disk(d) => d.display().to_string(),
        Location::Memory => "memory".to_owned(),
    };
    let mut out = Printer::plain();
    out.line(&summary.unwrap_or_else(|| "up to date".to_owned()));
    out.line(&format!("{} documents in {dir}", engine.num_docs()));
    out.finish()
}
