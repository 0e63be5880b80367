//! Where a persistent index lives and what is kept beside it: the cache
//! directory (`$XDG_CACHE_HOME/qari/index/<FNV-1a of the sorted canonical
//! corpus paths>/`), the manifest `qari-files.json` (each file's size and
//! modification time as of a tantivy commit, its opstamp), `corpus.txt`
//! (the paths, for people); opening, creating and wiping the index. Files
//! beside the index are written atomically: a temporary file in the same
//! folder, synced, then renamed over the old one. Nothing else is ever in
//! the cache directory, and qari never writes inside the corpus.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use super::Error;
use super::schema::{FORMAT, register, schema};

const MANIFEST: &str = "qari-files.json";
const CORPUS_LIST: &str = "corpus.txt";

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The manifest: the files as of a commit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// [`FORMAT`] of the index that wrote it.
    pub format: u32,
    /// The tantivy commit these files are indexed as of.
    pub opstamp: u64,
    /// Stored path → (size, modification time in ns).
    pub files: BTreeMap<String, (u64, u128)>,
}

impl Manifest {
    fn read(dir: &Path) -> Option<Self> {
        let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the manifest into `dir`, atomically.
    pub(crate) fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(MANIFEST);
        let bytes =
            serde_json::to_vec(self).map_err(|e| io_err(&path, std::io::Error::other(e)))?;
        write_atomically(&path, &bytes)
    }
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

/// Opens the index in `dir` with its manifest: `Ok(None)` when there is
/// none, `Err(why)` when it cannot be used.
pub(crate) fn open_existing(dir: &Path) -> Result<Option<(Index, Manifest)>, String> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index =
        Index::open_in_dir(dir).map_err(|e| format!("the index could not be opened ({e})"))?;
    let (expected, _) = schema();
    if index.schema() != expected {
        return Err("the index was made by another version of qari".to_owned());
    }
    let manifest = Manifest::read(dir).unwrap_or_default();
    if manifest.format != FORMAT && !manifest.files.is_empty() {
        return Err("the index was made by another version of qari".to_owned());
    }
    register(&index);
    Ok(Some((index, manifest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_replaced_whole() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut m = Manifest {
            format: FORMAT,
            opstamp: 7,
            ..Manifest::default()
        };
        m.files.insert("/c/a.txt".to_owned(), (3, 4));
        m.write(tmp.path()).expect("write");
        m.opstamp = 8;
        m.write(tmp.path()).expect("write again");
        let back = Manifest::read(tmp.path()).expect("read");
        assert_eq!((back.opstamp, back.files.len()), (8, 1));
        // Only the manifest: no temporary file left behind.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [MANIFEST]);
    }
}
