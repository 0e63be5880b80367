//! The one way a front end opens search on a corpus (the command line and
//! the reader both call [`open`]): the sample indexed in memory when there
//! is no path; otherwise the persistent index, created or brought up to
//! date first; and when the cache cannot be used (a read-only home, a full
//! disk, tantivy failing), the loaded corpus indexed in memory. What the
//! user should hear about comes back with the engine, for the caller to
//! print or show.

use std::path::PathBuf;

use super::Error;
use super::engine::Engine;
use super::update::{IndexOptions, Progress};
use crate::corpus::{Corpus, LoadOptions, Warning};

/// Something to tell the user about the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The index was rebuilt from scratch, for this reason.
    Rebuilt(String),
    /// The index could not be updated (another qari holds it, or writing
    /// failed): it is searched as it is.
    Stale(String),
    /// The persistent index could not be used, for this reason: the corpus
    /// is indexed in memory this time.
    InMemory(String),
}

impl Note {
    /// Whether this is a warning (something does not work as it should).
    #[must_use]
    pub fn is_warning(&self) -> bool {
        matches!(self, Self::InMemory(_))
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rebuilt(why) => write!(f, "index rebuilt: {why}"),
            Self::Stale(why) => f.write_str(why),
            Self::InMemory(why) => {
                write!(f, "index cache unusable ({why}); searching in memory")
            }
        }
    }
}

/// An engine ready to search, and what to tell the user.
#[derive(Debug)]
pub struct Opened {
    /// The engine.
    pub engine: Engine,
    /// Problems with files of the corpus, met while updating the index.
    pub warnings: Vec<Warning>,
    /// About the index.
    pub notes: Vec<Note>,
    /// What the update changed, when it changed anything.
    pub summary: Option<String>,
}

/// The corpus at `paths` as the catalog of its persistent index (in
/// `cache`, else the one for the corpus) lists it, as of the index's last
/// commit: nothing of the corpus is read, so a million documents are
/// listed as fast as five. `None` when there is no usable index. The
/// listing may be stale: the reader opens search ([`open`]) next, which
/// brings the index up to date, and lists the corpus again if it changed.
#[must_use]
pub fn listed(paths: &[PathBuf], cache: Option<&std::path::Path>) -> Option<Corpus> {
    if paths.is_empty() {
        return None;
    }
    let roots = crate::corpus::Roots::new(paths).ok()?;
    let dir = match cache {
        Some(c) => c.to_path_buf(),
        None => super::store::cache_dir_for(&roots.canonical())?,
    };
    let catalog = super::store::last_catalog(&dir)?;
    Some(Corpus::from_catalog(std::sync::Arc::new(catalog), &roots))
}

/// Opens search on the corpus at `paths` (see the module's doc);
/// `progress` is called while files are indexed.
///
/// # Errors
/// A corpus path does not exist, or no index at all could be made.
pub fn open(
    paths: &[PathBuf],
    load: &LoadOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Opened, Error> {
    open_with(paths, load, &IndexOptions::default(), progress)
}

/// [`open`] with index options: `opts.rebuild` rebuilds the persistent
/// index from scratch (it was found damaged while searching).
///
/// # Errors
/// As [`open`].
pub fn open_with(
    paths: &[PathBuf],
    load: &LoadOptions,
    opts: &IndexOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Opened, Error> {
    if paths.is_empty() {
        return Ok(Opened {
            engine: Engine::in_memory(&Corpus::sample())?,
            warnings: Vec::new(),
            notes: Vec::new(),
            summary: None,
        });
    }
    match Engine::open(paths, load, opts, progress) {
        Ok((engine, report)) => {
            let mut notes = Vec::new();
            notes.extend(report.rebuilt.clone().map(Note::Rebuilt));
            notes.extend(report.stale.clone().map(Note::Stale));
            Ok(Opened {
                engine,
                summary: report.touched().then(|| report.summary()),
                warnings: report.warnings,
                notes,
            })
        }
        Err(e @ Error::Corpus(_)) => Err(e),
        Err(why) => {
            let corpus = Corpus::load(paths, load)?;
            Ok(Opened {
                engine: Engine::in_memory(&corpus)?,
                warnings: Vec::new(),
                notes: vec![Note::InMemory(why.to_string())],
                summary: None,
            })
        }
    }
}
