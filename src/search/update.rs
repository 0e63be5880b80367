//! Bringing a persistent index up to date with its corpus: walk, compare
//! each file's size and modification time with the manifest, delete the
//! documents of removed and changed files, add changed and new files
//! document by document as they are read, commit every so many bytes with
//! the manifest as the commit's payload (one atomic write: a crash can
//! never leave a commit without its manifest, so documents of a file the
//! manifest does not list cannot survive in the index). A run killed
//! midway leaves a usable index and the next run resumes from its last
//! commit; re-indexing a file always deletes first, so nothing is ever
//! indexed twice. A writer lock held by another qari leaves the index as
//! it is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use tantivy::{Index, IndexWriter, Term};

use super::Error;
use super::schema::{FORMAT, Fields, NewDoc, make_doc};
use super::store::{Manifest, Payload};
use crate::corpus::Catalog;
use crate::corpus::catalog::{DocEntry, FileEntry};
use crate::corpus::{self, LoadOptions, Locator, Roots, Scanned, Source, Warning};

/// Text indexed between two commits while building.
const COMMIT_BYTES: u64 = 48 << 20;

/// What an update that could not read the catalog fails with: the index
/// is rebuilt (a catalog is never repaired).
pub(crate) const CATALOG_DAMAGED: &str = "its catalog cannot be read";

/// How long a full freshness check (every file compared with the
/// manifest) is trusted, when no folder of the corpus has changed since:
/// files edited in place within that time are seen at the next full check
/// (docs/search.md §12a).
pub const FULL_CHECK_EVERY: Duration = Duration::from_secs(300);

/// A folder whose modification time is this close to the moment it was
/// walked may change again within the same tick of its clock unnoticed:
/// it is not trusted.
const RACY: u128 = 2_000_000_000;

/// How a persistent index is opened and updated.
#[derive(Clone, Debug)]
pub struct IndexOptions {
    /// The cache directory to use instead of the one for the corpus under
    /// `$XDG_CACHE_HOME`.
    pub cache: Option<PathBuf>,
    /// Text (bytes as stored) indexed between two commits.
    pub commit_bytes: u64,
    /// Stop after this many files without a last commit, as a run killed
    /// at that point would (tests of resuming).
    pub stop_after_files: Option<usize>,
    /// Rebuild the index from scratch, for this reason (it was found
    /// damaged while searching).
    pub rebuild: Option<String>,
    /// How long a full freshness check is trusted while no folder of the
    /// corpus changes ([`FULL_CHECK_EVERY`]; zero: every file is checked,
    /// as `qari index` does).
    pub full_check_every: Duration,
}

impl Default for IndexOptions {
    fn default() -> Self {
        Self {
            cache: None,
            commit_bytes: COMMIT_BYTES,
            stop_after_files: None,
            rebuild: None,
            full_check_every: FULL_CHECK_EVERY,
        }
    }
}

/// Building progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files read so far.
    pub files_done: usize,
    /// Files to read.
    pub files_total: usize,
    /// Bytes (as stored) read so far.
    pub bytes_done: u64,
    /// Bytes to read.
    pub bytes_total: u64,
    /// Documents indexed so far.
    pub docs: usize,
}

/// What opening (and updating) an index did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files indexed again because they changed.
    pub changed: usize,
    /// Files whose documents were removed.
    pub removed: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Documents indexed by this run.
    pub docs_indexed: usize,
    /// Bytes read by this run (files as stored).
    pub bytes_indexed: u64,
    /// Bytes of text indexed by this run (decoded and decompressed): what
    /// the build rate is measured on.
    pub text_indexed: u64,
    /// Time spent indexing.
    pub elapsed: Duration,
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// Why the index could not be updated, if it could not.
    pub stale: Option<String>,
    /// The run stopped early ([`IndexOptions::stop_after_files`]).
    pub stopped: bool,
    /// The update failed; the index is as of its last commit (`stale`
    /// says why).
    pub failed: bool,
    /// Problems with files of the corpus.
    pub warnings: Vec<Warning>,
    /// Only the folders were checked (no file was added, removed or
    /// renamed since the last full check, which is recent).
    pub quick: bool,
}

impl Report {
    /// Whether anything was written.
    #[must_use]
    pub fn touched(&self) -> bool {
        self.added + self.changed + self.removed > 0
    }

    /// One line for people.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} added, {} changed, {} removed, {} unchanged",
            self.added, self.changed, self.removed, self.unchanged
        );
        if self.bytes_indexed > 0 {
            let secs = self.elapsed.as_secs_f64().max(1e-6);
            s += &format!(
                "; {} documents, {:.1} MB of text in {:.1} s ({:.1} MB/s)",
                self.docs_indexed,
                self.text_indexed as f64 / 1e6,
                secs,
                self.text_indexed as f64 / 1e6 / secs
            );
        }
        s
    }
}

fn writer(index: &Index) -> tantivy::Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4);
    // 128 MB per indexing thread: at a realistic vocabulary (hundreds of
    // thousands of word forms) segments of half that size spend more on
    // merging than larger ones save (BENCHMARKS.md, "The index build").
    index.writer_with_num_threads(threads, threads * (128 << 20))
}

fn fingerprint(meta: &std::fs::Metadata) -> (u64, u128) {
    (meta.len(), corpus::mtime_ns(meta))
}

/// A persistent index and what it is the index of.
pub(crate) struct Target<'a> {
    /// The index.
    pub index: &'a Index,
    /// Its fields.
    pub f: &'a Fields,
    /// The corpus roots.
    pub roots: &'a Roots,
    /// The cache directory (for the manifest).
    pub dir: &'a Path,
}

/// A file's stored path, hashed (128 bits: collisions are out of reach):
/// what the files of a catalog are looked up by, without keeping their
/// paths in memory.
type Key = u128;

fn key(stored: &str) -> Key {
    corpus::path_key(Path::new(stored))
}

/// A file a catalog lists: its key, fingerprint and place in the catalog.
#[derive(Clone, Copy, Debug)]
struct KnownFile {
    key: Key,
    mtime: u128,
    size: u64,
    place: usize,
}

/// The files a catalog lists, sorted by key and looked up by binary search:
/// 48 bytes a file (a million files: 48 MB, where a hash map took three
/// times as much).
#[derive(Debug, Default)]
struct Known(Vec<KnownFile>);

impl Known {
    fn sorted(mut files: Vec<KnownFile>) -> Self {
        files.sort_unstable_by_key(|f| f.key);
        Self(files)
    }

    fn find(&self, k: Key) -> Option<usize> {
        self.0.binary_search_by_key(&k, |f| f.key).ok()
    }

    /// The fingerprint and place of the file of key `k`.
    fn get(&self, k: Key) -> Option<((u64, u128), usize)> {
        self.find(k).map(|i| {
            let f = self.0[i];
            ((f.size, f.mtime), f.place)
        })
    }
}

/// Where an update stands: the last commit's catalog and what it lists,
/// and the files indexed since (written into the next commit's catalog).
struct State {
    old: Option<Catalog>,
    known: Known,
    done: HashMap<Key, FileEntry>,
}

/// Brings `t` up to date with its corpus; `manifest` is the one read with
/// the index. `progress` is called as files are indexed. Memory: the
/// corpus's file list, a key per file, and the files indexed since the
/// last commit; never the catalog's entries.
pub(crate) fn update(
    t: &Target<'_>,
    manifest: Manifest,
    load: &LoadOptions,
    opts: &IndexOptions,
    report: &mut Report,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(), Error> {
    let start = Instant::now();
    let committed = t.index.load_metas()?.opstamp;
    let trusted = manifest.payload.opstamp == committed;
    if trusted && quick_check(t, committed, opts.full_check_every) {
        report.unchanged = manifest.payload.files;
        report.quick = true;
        return Ok(());
    }
    let began = now_ns();
    let (files, folders, warnings) = corpus::list_files_and_folders(t.roots);
    report.warnings = warnings;
    // Recorded once the index matches the corpus (below); forgotten now,
    // for a run that stops midway.
    super::store::forget_checked(t.dir);
    let damaged = |why: String| Error::Damaged(format!("{CATALOG_DAMAGED}: {why}"));
    let old = manifest.catalog(t.dir).map_err(damaged)?;
    let mut listed = Vec::new();
    if let Some(cat) = &old {
        listed.reserve_exact(cat.files());
        for j in 0..cat.files() {
            let f = cat
                .file(j)
                .ok_or_else(|| damaged("an entry is damaged".to_owned()))?;
            listed.push(KnownFile {
                key: key(&f.path),
                mtime: f.mtime,
                size: f.size,
                place: j,
            });
        }
    }
    let known = Known::sorted(listed);
    // Which of the files the catalog lists are still in the corpus.
    let mut current = vec![false; known.0.len()];
    // Files to index, by their place in `files`, with their fingerprints
    // and whether the index may hold documents of theirs.
    let mut todo: Vec<(usize, (u64, u128), bool)> = Vec::new();
    for (n, walked) in files.iter().enumerate() {
        let meta = match std::fs::metadata(walked) {
            Ok(m) => m,
            Err(e) => {
                // Listed, then gone (or unreadable) before its turn.
                report.warnings.push(Warning {
                    place: walked.display().to_string(),
                    message: format!("skipped: {e}"),
                });
                continue;
            }
        };
        let stored = t.roots.stored(walked).display().to_string();
        let k = key(&stored);
        let fp = fingerprint(&meta);
        let found = known.find(k);
        if let Some(i) = found {
            current[i] = true;
        }
        match found.map(|i| known.0[i]) {
            Some(f) if trusted && (f.size, f.mtime) == fp => report.unchanged += 1,
            Some(_) => {
                report.changed += 1;
                todo.push((n, fp, true));
            }
            None => {
                report.added += 1;
                // A file the last commit's catalog does not list has no
                // documents in a trusted index (what was added after that
                // commit was never committed).
                todo.push((n, fp, !trusted));
            }
        }
    }
    let mut removed = Vec::new();
    for (f, _) in known.0.iter().zip(&current).filter(|(_, here)| !**here) {
        let f = old
            .as_ref()
            .and_then(|c| c.file(f.place))
            .ok_or_else(|| damaged("an entry is damaged".to_owned()))?;
        removed.push(f.path);
    }
    report.removed = removed.len();
    if todo.is_empty() && removed.is_empty() && trusted {
        record_check(t, committed, began, &folders, &known);
        return Ok(());
    }
    let mut w = match writer(t.index) {
        Ok(w) => w,
        Err(tantivy::TantivyError::LockFailure(..)) => {
            report.stale =
                Some("another qari is updating this index; searching it as it is".to_owned());
            report.added = 0;
            report.changed = 0;
            report.removed = 0;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    for path in &removed {
        w.delete_term(Term::from_field_text(t.f.path, path));
    }
    // Removed files leave the catalog with the next commit; so do the
    // files of an untrusted manifest not in the corpus.
    let known = Known(
        known
            .0
            .into_iter()
            .zip(current)
            .filter_map(|(f, here)| here.then_some(f))
            .collect(),
    );
    let mut state = State {
        old,
        known,
        done: HashMap::new(),
    };
    let mut p = Progress {
        files_total: todo.len(),
        bytes_total: todo.iter().map(|t| t.1.0).sum(),
        ..Progress::default()
    };
    progress(&p);
    let mut since_commit = 0u64;
    let mut text_bytes = 0u64;
    let mut last_report = Instant::now();
    for &(n, ref fp, indexed) in &todo {
        let walked = &files[n];
        let stored = &t.roots.stored(walked).display().to_string();
        if indexed {
            // Each delete is looked up in every segment flushed after it:
            // a build from nothing issues none.
            w.delete_term(Term::from_field_text(t.f.path, stored));
        }
        let (root, rel) = t.roots.order(Path::new(stored));
        let place = format!("{root}/{}", rel.display());
        let file = File {
            walked,
            stored,
            place: &place,
        };
        let entry = add_file(
            &w,
            t.f,
            &file,
            *fp,
            load,
            &mut report.warnings,
            &mut text_bytes,
        )?;
        p.docs += entry.docs.len();
        p.files_done += 1;
        p.bytes_done += fp.0;
        since_commit += fp.0;
        state.done.insert(key(stored), entry);
        if since_commit >= commit_gap(opts.commit_bytes, p.bytes_done) {
            since_commit = 0;
            commit(&mut w, t, &files, &mut state)?;
        }
        if opts.stop_after_files == Some(p.files_done) {
            // Like a run killed here: what was not committed is lost.
            report.stopped = true;
            return Ok(());
        }
        if last_report.elapsed() >= Duration::from_millis(50) || p.files_done == p.files_total {
            last_report = Instant::now();
            progress(&p);
        }
    }
    let opstamp = commit(&mut w, t, &files, &mut state)?;
    // Merging threads finish before the writer's memory is freed.
    w.wait_merging_threads()?;
    // What qari just wrote needs no checking next time.
    super::store::mark_verified(t.index, t.dir);
    record_check(t, opstamp, began, &folders, &state.known);
    report.docs_indexed = p.docs;
    report.bytes_indexed = p.bytes_done;
    report.text_indexed = text_bytes;
    report.elapsed = start.elapsed();
    Ok(())
}

/// Bytes of files indexed between two commits: at least `min`, and half
/// of what this run indexed so far (every commit writes the whole
/// catalog: so a build writes it a logarithmic number of times), but at
/// most [`MAX_COMMIT_GAP`] (the files indexed since the last commit are
/// held in memory until it).
fn commit_gap(min: u64, done: u64) -> u64 {
    min.max((done / 2).min(MAX_COMMIT_GAP))
}

/// The most bytes of files indexed between two commits.
const MAX_COMMIT_GAP: u64 = 256 << 20;

fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Remembers that the corpus matched commit `opstamp` when the walk began
/// at `began`, with its folders as walked and its root files as indexed
/// (`known`); not when a folder changed so close to the walk that a later
/// change could keep its time (racy), so the next run checks every file
/// again.
fn record_check(
    t: &Target<'_>,
    opstamp: u64,
    began: u128,
    folders: &[corpus::Folder],
    known: &Known,
) {
    if folders.iter().any(|(_, m)| *m + RACY >= began) {
        return;
    }
    let files = t
        .roots
        .files()
        .filter_map(|f| {
            let stored = t.roots.stored(f).display().to_string();
            let (fp, _) = known.get(key(&stored))?;
            Some((stored, fp))
        })
        .collect();
    super::store::write_checked(
        t.dir,
        &super::store::Checked {
            opstamp,
            began,
            // Canonical: the next search may run from another folder.
            folders: folders
                .iter()
                .map(|(p, m)| {
                    let p = p.canonicalize().unwrap_or_else(|_| p.clone());
                    (p.display().to_string(), *m)
                })
                .collect(),
            files,
        },
    );
}

/// Whether the corpus is as the last full check found it, from its folders
/// alone: that check was of commit `committed`, began less than `every`
/// ago, and every folder it walked has the same modification time (an
/// added, removed or renamed entry changes its folder's); a corpus root
/// that is a file has the size and modification time it was indexed with.
/// Neither the corpus's files nor the catalog are read.
pub(crate) fn quick_check(t: &Target<'_>, committed: u64, every: Duration) -> bool {
    let Some(checked) = super::store::read_checked(t.dir) else {
        return false;
    };
    if checked.opstamp != committed || (checked.folders.is_empty() && checked.files.is_empty()) {
        return false;
    }
    let age = now_ns().saturating_sub(checked.began);
    if age >= every.as_nanos() {
        return false;
    }
    let folders_same = checked.folders.iter().all(|(path, mtime)| {
        std::fs::metadata(path).is_ok_and(|m| m.is_dir() && corpus::mtime_ns(&m) == *mtime)
    });
    folders_same
        && t.roots.files().all(|file| {
            let stored = t.roots.stored(file).display().to_string();
            std::fs::metadata(file)
                .is_ok_and(|m| checked.files.get(&stored) == Some(&fingerprint(&m)))
        })
}

/// Commits: the catalog of the files as they are now (in load order: the
/// files indexed since the last commit as just read, the others copied
/// from the last catalog) is written first, then the commit names it in
/// its payload, so the index and the list of what it holds reach the disk
/// together; older catalogs go after. The new catalog becomes `state`'s.
fn commit(
    w: &mut IndexWriter,
    t: &Target<'_>,
    files: &[PathBuf],
    state: &mut State,
) -> Result<u64, Error> {
    let mut prepared = w.prepare_commit()?;
    let opstamp = prepared.opstamp();
    let mut known = Vec::with_capacity(state.known.0.len() + state.done.len());
    let mut docs = 0usize;
    let name = super::store::write_catalog(t.dir, opstamp, |cw| {
        for walked in files {
            let stored = t.roots.stored(walked).display().to_string();
            let k = key(&stored);
            let copied;
            let entry = if let Some(e) = state.done.get(&k) {
                e
            } else if let Some((_, j)) = state.known.get(k) {
                copied = state
                    .old
                    .as_ref()
                    .and_then(|c| c.file_entry(j))
                    .ok_or_else(|| {
                        Error::Damaged(format!("{CATALOG_DAMAGED}: an entry is damaged"))
                    })?;
                &copied.1
            } else {
                continue;
            };
            let (size, mtime) = entry.fingerprint();
            known.push(KnownFile {
                key: k,
                mtime,
                size,
                place: known.len(),
            });
            docs += entry.docs.len();
            cw.file(&stored, entry).map_err(|e| Error::Io {
                path: t.dir.display().to_string(),
                source: e,
            })?;
        }
        Ok(())
    })?;
    let payload = Payload {
        format: FORMAT,
        opstamp,
        catalog: name.clone(),
        files: known.len(),
        docs,
    };
    prepared.set_payload(&serde_json::to_string(&payload).unwrap_or_default());
    prepared.commit()?;
    super::store::drop_other_catalogs(t.dir, &name);
    state.old = Some(
        Catalog::open(&t.dir.join(&name))
            .map_err(|why| Error::Damaged(format!("{CATALOG_DAMAGED}: {why}")))?,
    );
    state.known = Known::sorted(known);
    state.done.clear();
    Ok(opstamp)
}

/// A file to index: as walked, as stored, and its place in the corpus.
struct File<'a> {
    walked: &'a Path,
    stored: &'a str,
    place: &'a str,
}

/// Adds the documents of one file, each as soon as it is read (a file's
/// documents are never all in memory at once); returns how many, and adds
/// the bytes of their texts to `text_bytes`.
fn add_file(
    w: &IndexWriter,
    f: &Fields,
    file: &File<'_>,
    (size, mtime): (u64, u128),
    load: &LoadOptions,
    warnings: &mut Vec<Warning>,
    text_bytes: &mut u64,
) -> Result<FileEntry, Error> {
    let (walked, stored) = (file.walked, file.stored);
    let mut entry = FileEntry {
        size,
        mtime,
        // As the scan reads it (by its content): set with its documents.
        compressed: false,
        encoding: encoding_rs::UTF_8,
        docs: Vec::new(),
    };
    let mut added = Ok(());
    let found = corpus::scan(walked, load.encoding, &mut |d: Scanned| {
        if added.is_err() {
            return;
        }
        if let Source::File { compressed, .. } = d.locator.source {
            // As read: a compressed file is told by its content too.
            entry.compressed = compressed;
        }
        let text = &d.text.text;
        *text_bytes += text.len() as u64;
        let (words, direction, lang) = corpus::doc_stats(text);
        entry.encoding = d.locator.encoding;
        entry.docs.push(DocEntry {
            raw_id: d.raw_id.clone(),
            title: d.title.clone(),
            line: d.locator.line(),
            at: d.locator.record.map(|r| r.at),
            words,
            bytes: text.len(),
            direction,
            lang,
            empty: text.trim().is_empty(),
            lossy: d.lossy,
            date: d.meta.date.clone(),
            day: d.meta.day,
            source: d.meta.source.clone(),
            member: None,
        });
        // The index reads the file again by its stored path (a member of
        // an archive by the archive's stored path and its name).
        let member = match &d.locator.source {
            Source::File { path, .. } => path
                .strip_prefix(walked)
                .ok()
                .map(|m| m.to_string_lossy().into_owned())
                .filter(|m| !m.is_empty()),
            _ => None,
        };
        if let Some(e) = entry.docs.last_mut() {
            e.member.clone_from(&member);
        }
        let locator = Locator {
            source: match d.locator.source {
                Source::File { compressed, .. } => Source::File {
                    path: match &member {
                        Some(m) => Path::new(stored).join(m),
                        None => PathBuf::from(stored),
                    },
                    compressed,
                },
                other @ (Source::Embedded(_) | Source::Stdin) => other,
            },
            ..d.locator
        };
        let doc = make_doc(
            f,
            &NewDoc {
                path: stored,
                raw_id: &d.raw_id,
                title: d.title.as_deref(),
                text,
                lang: Some(lang),
                locator: &locator,
                place: file.place,
                meta: &d.meta,
            },
        );
        if let Err(e) = w.add_document(doc) {
            added = Err(e);
        }
    });
    warnings.extend(found);
    added?;
    Ok(entry)
}
