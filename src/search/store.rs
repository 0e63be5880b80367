//! Where a persistent index lives and what is kept beside it: the cache
//! directory (`$XDG_CACHE_HOME/qari/index/<FNV-1a of the sorted canonical
//! corpus paths>/`), the manifest (a small record in the tantivy commit's
//! own payload naming the commit's catalog, `qari-catalog-<opstamp>.bin`:
//! every file's size and modification time and every document's listing
//! as of that commit, [`crate::corpus::Catalog`]; the catalog is written
//! before the commit that names it, so the two can never disagree after a
//! crash, and older catalogs are removed after it), `qari-verified.json` (the
//! size and modification time of each index file when its checksum was
//! last known good), `corpus.txt` (the paths, for people); opening (with
//! the files' checksums verified when they changed behind qari's back),
//! creating and wiping the index. Files beside the index are written
//! atomically: a temporary file in the same folder, synced, then renamed
//! over the old one. Nothing else is ever in the cache directory, and qari
//! never writes inside the corpus.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use super::Error;
use super::schema::{FORMAT, register, schema};
use crate::corpus::Catalog;
use crate::corpus::catalog;

const VERIFIED: &str = "qari-verified.json";
const CHECKED: &str = "qari-checked.json";
const CORPUS_LIST: &str = "corpus.txt";

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

const CATALOG_PREFIX: &str = "qari-catalog-";

/// A commit's payload (written by tantivy into `meta.json` with the
/// commit itself): which catalog lists the files and documents as of it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Payload {
    /// [`FORMAT`] of the index that wrote it.
    pub format: u32,
    /// The tantivy commit these files are indexed as of.
    pub opstamp: u64,
    /// The catalog's file name in the cache directory.
    pub catalog: String,
    /// How many files and documents it lists.
    pub files: usize,
    pub docs: usize,
}

/// The manifest of a commit: its payload, which names the commit's
/// catalog (read only by a full check, [`Manifest::catalog`]: a search
/// whose corpus did not change never reads it).
#[derive(Clone, Debug, Default)]
pub(crate) struct Manifest {
    /// What the commit says.
    pub payload: Payload,
}

impl Manifest {
    /// The manifest of the index's last commit (`None`: none there).
    fn of(index: &Index) -> Option<Self> {
        let payload = index.load_metas().ok()?.payload?;
        Some(Self {
            payload: serde_json::from_str(&payload).ok()?,
        })
    }

    /// The commit's catalog, opened (`None`: the commit names none).
    ///
    /// # Errors
    /// The catalog is missing or damaged.
    pub(crate) fn catalog(&self, dir: &Path) -> Result<Option<Catalog>, String> {
        if self.payload.catalog.is_empty() {
            return Ok(None);
        }
        Catalog::open(&dir.join(&self.payload.catalog)).map(Some)
    }
}

/// A catalog being written to a temporary file in the cache directory.
pub(crate) type CatalogWriter = catalog::Writer<std::io::BufWriter<tempfile::NamedTempFile>>;

/// Writes the catalog of commit `opstamp` (before the commit that names
/// it) as `write` adds its files, to a temporary file renamed into place
/// once synced; returns its file name.
pub(crate) fn write_catalog(
    dir: &Path,
    opstamp: u64,
    write: impl FnOnce(&mut CatalogWriter) -> Result<(), Error>,
) -> Result<String, Error> {
    let name = format!("{CATALOG_PREFIX}{opstamp}.bin");
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_err(dir, e))?;
    let mut w = catalog::Writer::new(std::io::BufWriter::with_capacity(1 << 20, tmp))
        .map_err(|e| io_err(dir, e))?;
    write(&mut w)?;
    let tmp = w
        .finish()
        .and_then(|b| b.into_inner().map_err(std::io::IntoInnerError::into_error))
        .map_err(|e| io_err(dir, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_err(tmp.path(), e))?;
    let path = dir.join(&name);
    tmp.persist(&path).map_err(|e| io_err(&path, e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(name)
}

/// Removes the catalogs other than `keep` (after the commit naming it;
/// a failure leaves a file that the next commit removes).
pub(crate) fn drop_other_catalogs(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(CATALOG_PREFIX) && name != keep {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The catalog of the index in `dir` as of its last commit, read without
/// opening the index (only `meta.json` and the catalog): what the reader
/// lists a corpus from before anything else. `None` when there is no
/// index, it is of another format, or the catalog cannot be read.
pub(crate) fn last_catalog(dir: &Path) -> Option<Catalog> {
    #[derive(Deserialize)]
    struct Meta {
        opstamp: u64,
        payload: Option<String>,
    }
    let meta: Meta = serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
    let payload: Payload = serde_json::from_str(meta.payload.as_deref()?).ok()?;
    if payload.format != FORMAT || payload.opstamp != meta.opstamp || payload.catalog.is_empty() {
        return None;
    }
    Catalog::open(&dir.join(&payload.catalog)).ok()
}

/// What the last full freshness check found (every file of the corpus
/// compared with the manifest): the folders it walked, with their
/// modification times. Valid only for the commit it names; a cache of
/// "nothing was added, removed or renamed since", never a source of truth
/// (docs/search.md §12a).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Checked {
    /// The commit the check found the corpus to match.
    pub opstamp: u64,
    /// When the check began (ns since the epoch).
    pub began: u128,
    /// Folder (as walked) → its modification time (ns).
    pub folders: BTreeMap<String, u128>,
    /// Corpus roots that are files (stored path) → size and modification
    /// time as indexed.
    #[serde(default)]
    pub files: BTreeMap<String, (u64, u128)>,
}

/// The last full check's record, if there is one.
pub(crate) fn read_checked(dir: &Path) -> Option<Checked> {
    let bytes = std::fs::read(dir.join(CHECKED)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Records a full check (errors ignored: the next search checks fully).
pub(crate) fn write_checked(dir: &Path, checked: &Checked) {
    if let Ok(bytes) = serde_json::to_vec(checked) {
        let _ = write_atomically(&dir.join(CHECKED), &bytes);
    }
}

/// Forgets the last full check: the next search checks every file.
pub(crate) fn forget_checked(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(CHECKED));
}

/// Size and modification time of an index file, when its checksum was
/// last known good.
type Stamp = (u64, u128);

fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    (meta.len(), crate::corpus::mtime_ns(meta))
}

/// The files of the index's last commit that exist, relative to `dir`.
fn segment_files(index: &Index, dir: &Path) -> Result<BTreeSet<PathBuf>, String> {
    let metas = index
        .load_metas()
        .map_err(|e| format!("the index could not be read ({e})"))?;
    Ok(metas
        .list_segment_files()
        .into_iter()
        .filter(|p| dir.join(p).is_file())
        .collect())
}

/// Verifies the checksums of the index files that changed since they were
/// last known good (all of them, the first time), then remembers them as
/// good. `Err` names the damaged files.
pub(crate) fn verify(index: &Index, dir: &Path) -> Result<(), String> {
    let known: BTreeMap<String, Stamp> = std::fs::read(dir.join(VERIFIED))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let files = segment_files(index, dir)?;
    let mut now: BTreeMap<String, Stamp> = BTreeMap::new();
    let mut damaged = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let Ok(meta) = std::fs::metadata(dir.join(f)) else {
            continue;
        };
        let stamp = stamp_of(&meta);
        if known.get(&name) != Some(&stamp) {
            // A panic inside tantivy on a mangled footer is damage too.
            let good = crate::guard::catching(|| index.directory().validate_checksum(f))
                .ok()
                .and_then(Result::ok)
                .unwrap_or(false);
            if !good {
                damaged.push(name.clone());
                continue;
            }
        }
        now.insert(name, stamp);
    }
    if !damaged.is_empty() {
        forget_verified(dir);
        return Err(format!(
            "the index is damaged (checksum mismatch in {})",
            damaged.join(", ")
        ));
    }
    if now != known {
        // Not being able to remember costs a check next time, nothing more.
        if let Ok(bytes) = serde_json::to_vec(&now) {
            let _ = write_atomically(&dir.join(VERIFIED), &bytes);
        }
    }
    Ok(())
}

/// Remembers the index files as they are now as good (qari just wrote
/// them).
pub(crate) fn mark_verified(index: &Index, dir: &Path) {
    let Ok(files) = segment_files(index, dir) else {
        return;
    };
    let now: BTreeMap<String, Stamp> = files
        .iter()
        .filter_map(|f| {
            let meta = std::fs::metadata(dir.join(f)).ok()?;
            Some((f.display().to_string(), stamp_of(&meta)))
        })
        .collect();
    if let Ok(bytes) = serde_json::to_vec(&now) {
        let _ = write_atomically(&dir.join(VERIFIED), &bytes);
    }
}

/// Forgets which files were known good: the next open verifies them all.
pub(crate) fn forget_verified(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(VERIFIED));
}

/// Replaces `path` with `bytes`: written to a temporary file beside it,
/// synced to disk, then renamed, so that a reader (or a crash) sees the old
/// content or the new, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_err(dir, e))?;
    tmp.write_all(bytes).map_err(|e| io_err(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_err(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| io_err(path, e.error))?;
    // The rename itself reaches the disk with the folder (best effort: not
    // every platform can sync a folder).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Where qari keeps its indexes (`…/qari` under the user's cache folder).
#[must_use]
pub fn cache_root() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    Some(
        etcetera::choose_base_strategy()
            .ok()?
            .cache_dir()
            .join("qari"),
    )
}

/// The cache directory for the corpus of `roots` (canonical paths).
#[must_use]
pub(crate) fn cache_dir_for(roots: &[PathBuf]) -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?.cache_dir();
    // FNV-1a: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for r in roots {
        for b in r.as_os_str().as_encoded_bytes().iter().chain(&[0]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Some(base.join("qari").join("index").join(format!("{h:016x}")))
}

/// Makes the cache directory `dir` and notes which corpus it is for.
pub(crate) fn prepare(dir: &Path, roots: &[PathBuf]) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let list = dir.join(CORPUS_LIST);
    if !list.exists() {
        let mut text = String::new();
        for r in roots {
            text.push_str(&r.display().to_string());
            text.push('\n');
        }
        // For people only: a failure here costs nothing.
        let _ = write_atomically(&list, text.as_bytes());
    }
    Ok(())
}

/// Creates an empty index in `dir`.
pub(crate) fn create(dir: &Path) -> Result<Index, Error> {
    let (schema, _) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    register(&index);
    Ok(index)
}

/// Removes tantivy's files and the manifest from the cache directory
/// (nothing else is ever there).
pub(crate) fn wipe(dir: &Path) -> Result<(), Error> {
    std::fs::remove_dir_all(dir).map_err(|e| io_err(dir, e))?;
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))
}

/// Opens the index in `dir` with its manifest, its files verified
/// ([`verify`]): `Ok(None)` when there is none, `Err(why)` when it cannot
/// be used. A panic inside tantivy while opening is an `Err` too.
pub(crate) fn open_existing(dir: &Path) -> Result<Option<(Index, Manifest)>, String> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index = crate::guard::catching(|| Index::open_in_dir(dir))
        .map_err(|p| {
            format!(
                "the index could not be opened ({})",
                crate::guard::message(&*p)
            )
        })?
        .map_err(|e| format!("the index could not be opened ({e})"))?;
    let (expected, _) = schema();
    if index.schema() != expected {
        return Err("the index was made by another version of qari".to_owned());
    }
    let metas = index
        .load_metas()
        .map_err(|e| format!("the index could not be read ({e})"))?;
    let manifest = match Manifest::of(&index) {
        Some(m) if m.payload.format == FORMAT => m,
        Some(_) => return Err("the index was made by another version of qari".to_owned()),
        // An index with documents but no manifest was not made by this
        // version (or lost its commit's payload): start again.
        None if !metas.segments.is_empty() => {
            return Err("the index was made by another version of qari".to_owned());
        }
        None => Manifest::default(),
    };
    verify(&index, dir)?;
    register(&index);
    Ok(Some((index, manifest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_replaced_whole() {
        let tmp = tempfile::tempdir().expect("tmp");
        let p = tmp.path().join("x.json");
        write_atomically(&p, b"one").expect("write");
        write_atomically(&p, b"two").expect("write again");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        // Only the file: no temporary file left behind.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.json"]);
    }
}
