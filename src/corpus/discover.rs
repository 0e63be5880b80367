//! Which files a corpus is made of, and in which order: the roots in the
//! order given, each folder walked depth first with entries sorted by name
//! (walkdir), hidden entries skipped, symbolic links followed, a folder
//! reached twice (a link loop, two links to one folder) walked once, a
//! file reached twice (overlapping roots) listed once. Unreadable folders,
//! broken links and entries with a corpus file's name that are not
//! regular files (FIFOs, sockets, devices) are warnings. Files are only
//! listed here, never opened.
//!
//! A folder is known by its device and inode number (one `stat`), not by
//! its canonical path: canonicalizing every folder of a deep tree costs
//! time in the square of its depth.
//!
//! Also the two names of a file: as the user's arguments name it ("shown",
//! what `qari list` prints) and under the canonical root ("stored", what
//! the persistent index keeps, the same whatever the working directory).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::formats::format_of;
use super::read::irregular;
use super::{Error, Warning, io_err};

/// One corpus root: as given, and canonical.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Root {
    shown: PathBuf,
    canon: PathBuf,
}

/// The roots of a corpus, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Roots {
    roots: Vec<Root>,
}

impl Roots {
    /// The roots that are files, not folders, as given.
    pub(crate) fn files(&self) -> impl Iterator<Item = &Path> {
        self.roots
            .iter()
            .filter(|r| !r.canon.is_dir())
            .map(|r| r.shown.as_path())
    }

    /// The roots of `paths`.
    ///
    /// # Errors
    /// A path that does not exist or cannot be resolved.
    pub(crate) fn new(paths: &[PathBuf]) -> Result<Self, Error> {
        let mut roots = Vec::with_capacity(paths.len());
        for p in paths {
            let canon = p.canonicalize().map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::NotFound(p.display().to_string())
                } else {
                    io_err(p, e)
                }
            })?;
            roots.push(Root {
                shown: p.clone(),
                canon,
            });
        }
        Ok(Self { roots })
    }

    /// The canonical roots, sorted, without repeats (what names a corpus).
    pub(crate) fn canonical(&self) -> Vec<PathBuf> {
        let mut canon: Vec<PathBuf> = self.roots.iter().map(|r| r.canon.clone()).collect();
        canon.sort();
        canon.dedup();
        canon
    }

    /// The stored name of a listed file: the canonical root of the first
    /// root it is under, joined with the rest of its path.
    pub(crate) fn stored(&self, shown: &Path) -> PathBuf {
        for r in &self.roots {
            if let Ok(rest) = shown.strip_prefix(&r.shown) {
                return join(&r.canon, rest);
            }
        }
        shown.to_path_buf()
    }

    /// The shown name of a stored file (the inverse of [`Roots::stored`]).
    pub(crate) fn shown(&self, stored: &Path) -> PathBuf {
        for r in &self.roots {
            if let Ok(rest) = stored.strip_prefix(&r.canon) {
                return join(&r.shown, rest);
            }
        }
        stored.to_path_buf()
    }

    /// Where a stored file comes in load order: its root's position, then
    /// its path under the root (a walk sorted by name lists paths in the
    /// order `Path` compares them). Files under no root come last, by path.
    pub(crate) fn order<'a>(&self, stored: &'a Path) -> (usize, &'a Path) {
        for (i, r) in self.roots.iter().enumerate() {
            if let Ok(rest) = stored.strip_prefix(&r.canon) {
                return (i, rest);
            }
        }
        (usize::MAX, stored)
    }
}

fn join(root: &Path, rest: &Path) -> PathBuf {
    if rest.as_os_str().is_empty() {
        root.to_path_buf()
    } else {
        root.join(rest)
    }
}

/// A 128-bit hash of a path (collisions are out of reach).
pub(crate) fn path_key(p: &Path) -> u128 {
    hash128(p)
}

/// A 128-bit hash of `v`, the same in every run (two SipHash halves with
/// fixed keys): what paths and ids are remembered by in memory.
pub(crate) fn hash128<T: std::hash::Hash + ?Sized>(v: &T) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |seed: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut h);
        v.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// What tells two folders apart.
#[cfg(unix)]
type FolderId = (u64, u64);
#[cfg(not(unix))]
type FolderId = PathBuf;

/// A folder's device and inode (its canonical path where there are none).
#[cfg(unix)]
fn folder_id(e: &walkdir::DirEntry) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    e.metadata().ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(e: &walkdir::DirEntry) -> Option<FolderId> {
    e.path().canonicalize().ok()
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// The files of a corpus, in load order, by their shown names, with the
/// problems met (unreadable folders, broken links).
pub(crate) fn list_files(roots: &Roots) -> (Vec<PathBuf>, Vec<Warning>) {
    let (files, _, warnings) = list_files_and_folders(roots);
    (files, warnings)
}

/// A folder walked, and its modification time (ns since the epoch): what
/// changes when an entry is added to it, removed or renamed.
pub(crate) type Folder = (PathBuf, u128);

/// The modification time of `meta`, in ns since the epoch (0 if unknown).
pub(crate) fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// [`list_files`], and every folder walked with its modification time.
pub(crate) fn list_files_and_folders(roots: &Roots) -> (Vec<PathBuf>, Vec<Folder>, Vec<Warning>) {
    let mut folders: Vec<Folder> = Vec::new();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    // Stored names already listed, by a 128-bit hash: a million paths
    // would otherwise be held twice.
    let mut listed: HashSet<u128> = HashSet::new();
    let mut push = |files: &mut Vec<PathBuf>, p: PathBuf| {
        if listed.insert(path_key(&roots.stored(&p))) {
            files.push(p);
        }
    };
    for root in &roots.roots {
        if !root.canon.is_dir() {
            push(&mut files, root.shown.clone());
            continue;
        }
        // Folders by identity: each is walked once.
        let mut seen: HashSet<FolderId> = HashSet::new();
        let walk = walkdir::WalkDir::new(&root.shown)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && hidden(e.file_name()) {
                    return false;
                }
                if e.file_type().is_dir() {
                    let first = folder_id(e).is_none_or(|id| seen.insert(id));
                    if first {
                        let mtime = e.metadata().map_or(0, |m| mtime_ns(&m));
                        folders.push((e.path().to_path_buf(), mtime));
                    }
                    return first;
                }
                true
            });
        for entry in walk {
            match entry {
                Ok(e) => {
                    if format_of(e.path()).is_none() || e.file_type().is_dir() {
                        continue;
                    }
                    if e.file_type().is_file() {
                        push(&mut files, e.into_path());
                    } else if let Some(what) = e.metadata().ok().as_ref().and_then(irregular) {
                        warnings.push(Warning {
                            place: e.path().display().to_string(),
                            message: format!("skipped: not a regular file ({what})"),
                        });
                    }
                }
                Err(err) => {
                    if err.loop_ancestor().is_some() {
                        continue; // a link loop: the folder was walked once
                    }
                    let Some(path) = err.path() else { continue };
                    let why = err
                        .io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string);
                    let message = if path.is_dir() {
                        format!("cannot read folder: {why}")
                    } else if format_of(path).is_some() {
                        format!("skipped: {why}")
                    } else {
                        continue;
                    };
                    warnings.push(Warning {
                        place: path.display().to_string(),
                        message,
                    });
                }
            }
        }
    }
    (files, folders, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, "نص").expect("write");
    }

    fn names(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
            .collect()
    }

    #[test]
    fn walk_is_sorted_depth_first_without_hidden_entries() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        for n in [
            "b.txt",
            "a/z.md",
            "a/b/c.jsonl",
            "a.txt",
            ".hidden/x.txt",
            "a/.x.txt",
            "a/skip.bin",
        ] {
            touch(root, n);
        }
        let roots = Roots::new(&[root.to_path_buf()]).expect("roots");
        let (files, warnings) = list_files(&roots);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            names(&files, root),
            ["a/b/c.jsonl", "a/z.md", "a.txt", "b.txt"]
        );
        // Path order is walk order: ids are numbered in this order.
        let mut sorted = files.clone();
        sorted.sort_by(|x, y| {
            roots
                .order(&roots.stored(x))
                .cmp(&roots.order(&roots.stored(y)))
        });
        assert_eq!(sorted, files);
    }

    #[test]
    fn roots_keep_their_order_and_overlaps_are_listed_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        touch(root, "z/one.txt");
        touch(root, "a/two.txt");
        touch(root, "a/three.txt");
        let given = [
            root.join("z"),
            root.join("a/two.txt"),
            root.join("a"),
            root.join("z"),
        ];
        let roots = Roots::new(&given).expect("roots");
        let (files, _) = list_files(&roots);
        assert_eq!(
            names(&files, root),
            ["z/one.txt", "a/two.txt", "a/three.txt"]
        );
        for f in &files {
            assert_eq!(&roots.shown(&roots.stored(f)), f);
        }
        let order: Vec<usize> = files
            .iter()
            .map(|f| roots.order(&roots.stored(f)).0)
            .collect();
        assert_eq!(order, [0, 1, 2]);
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_are_walked_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        touch(root, "d/x.txt");
        std::os::unix::fs::symlink(root.join("d"), root.join("d/loop")).expect("link");
        std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("broken.txt"))
            .expect("link");
        let roots = Roots::new(&[root.to_path_buf()]).expect("roots");
        let (files, warnings) = list_files(&roots);
        assert_eq!(names(&files, root), ["d/x.txt"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].place.ends_with("broken.txt"), "{warnings:?}");
    }

    #[test]
    fn a_missing_root_is_an_error() {
        assert!(matches!(
            Roots::new(&[PathBuf::from("/no/such/place")]),
            Err(Error::NotFound(_))
        ));
    }
}
