//! Reading positions, remembered across runs in the XDG state directory
//! (`$XDG_STATE_HOME/qari/positions.json`, `~/.local/state/qari` by
//! default): per document (its [`DocKey`]: `path`, or `path#line` for a
//! JSON Lines record), a byte offset into its text, so that a position
//! survives a change of width. Several readers may run at once: each saves only the
//! positions it changed, merged into the file as it is at that moment, and
//! writes through a fresh temporary file (synced, then renamed over the old
//! one), so neither a concurrent reader nor a crash loses the others'
//! positions. An unreadable file is ignored, never fatal.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::corpus::DocKey;

/// Largest positions file read (a bigger one is not ours).
const MAX_FILE: u64 = 16 << 20;

/// The positions, and which ones this session changed.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    /// Where they are kept (`None`: not kept, e.g. no home directory).
    path: Option<PathBuf>,
    /// Document → byte offset, as loaded and changed.
    map: HashMap<DocKey, usize>,
    /// Positions changed since loading.
    changed: HashMap<DocKey, usize>,
}

impl Positions {
    /// The positions kept in the XDG state directory.
    #[must_use]
    pub fn load() -> Self {
        Self::load_from(default_path())
    }

    /// The positions kept in the file at `path` (`None`: in memory only).
    #[must_use]
    pub fn load_from(path: Option<PathBuf>) -> Self {
        let map = path.as_deref().map(read).unwrap_or_default();
        Self {
            path,
            map,
            changed: HashMap::new(),
        }
    }

    /// The remembered offset of a document.
    #[must_use]
    pub fn get(&self, key: &DocKey) -> Option<usize> {
        self.map.get(key).copied()
    }

    /// Remembers a document's offset.
    pub fn set(&mut self, key: DocKey, offset: usize) {
        if self.map.get(&key) != Some(&offset) {
            self.map.insert(key.clone(), offset);
            self.changed.insert(key, offset);
        }
    }

    /// Writes the positions this session changed into the file, over what
    /// it holds now.
    ///
    /// # Errors
    /// The state directory cannot be written.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.changed.is_empty() {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut merged = read(path);
        merged.extend(self.changed.iter().map(|(k, v)| (k.clone(), *v)));
        let bytes = serde_json::to_vec(&merged).map_err(std::io::Error::other)?;
        // A fresh, uniquely named file in the same directory: never a
        // fixed name another reader (or a planted symlink) could share.
        let mut tmp = tempfile::Builder::new()
            .prefix(".positions-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where positions are kept.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let dir = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(dir.join("qari").join("positions.json"))
}

/// The positions in `path`; empty when there are none or they cannot be
/// read (only a regular file is opened: a FIFO there must not block).
fn read(path: &Path) -> HashMap<DocKey, usize> {
    let Ok(meta) = std::fs::metadata(path) else {
        return HashMap::new();
    };
    if !meta.is_file() || meta.len() > MAX_FILE {
        return HashMap::new();
    }
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(path: &str) -> DocKey {
        DocKey {
            path: path.to_owned(),
            line: Some(3),
        }
    }

    #[test]
    fn two_readers_keep_each_others_positions() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("qari").join("positions.json");
        let mut first = Positions::load_from(Some(path.clone()));
        let mut second = Positions::load_from(Some(path.clone()));
        first.set(k("a"), 10);
        second.set(k("b"), 20);
        first.save().expect("save");
        second.save().expect("save");
        let now = Positions::load_from(Some(path.clone()));
        assert_eq!(
            now.get(&k("a")),
            Some(10),
            "the first reader's position survives"
        );
        assert_eq!(now.get(&k("b")), Some(20));
        // Only the files qari made are in the directory: no temporary left.
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["positions.json"]);
    }

    #[test]
    fn a_later_change_of_the_same_document_wins_and_unchanged_ones_are_not_rewritten() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("positions.json");
        let mut old = Positions::load_from(Some(path.clone()));
        old.set(k("a"), 1);
        old.save().expect("save");
        // A reader that loaded before another one moved `a` does not put
        // its stale value back: it did not change `a` itself.
        let stale = Positions::load_from(Some(path.clone()));
        let mut mover = Positions::load_from(Some(path.clone()));
        mover.set(k("a"), 99);
        mover.save().expect("save");
        stale.save().expect("nothing to save");
        assert_eq!(Positions::load_from(Some(path)).get(&k("a")), Some(99));
    }

    #[test]
    fn unreadable_files_are_ignored() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("positions.json");
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(Positions::load_from(Some(path.clone())).get(&k("x")), None);
        std::fs::create_dir_all(dir.path().join("d.json")).expect("dir");
        assert_eq!(
            Positions::load_from(Some(dir.path().join("d.json"))).get(&k("x")),
            None
        );
    }
}
