//! `qari dups` and the reader's stories over a corpus of files: every
//! document's shingles and MinHash signature (`compare::dups`), kept
//! beside the corpus's index (`qari-dups-1.bin`, keyed by each document's
//! file path, size, modification time and line) so that a run reads and
//! signs only what was added or changed.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::compare::dups::{self, Shingles};
use crate::corpus::Corpus;

/// Every document's shingles and signature.
#[derive(Debug, Default)]
pub struct Signed {
    /// Shingles, by corpus index.
    pub sets: Vec<Shingles>,
    /// Signatures, by corpus index.
    pub sigs: Vec<Vec<u32>>,
    /// Documents whose shingles and signature came from the store.
    pub reused: usize,
}

impl Signed {
    /// The clusters of the signed documents: candidates by banded LSH,
    /// kept when their resemblance or containment reaches the thresholds;
    /// `day` gives a document's date (the origin is the earliest).
    #[must_use]
    pub fn clusters(
        &self,
        resemblance: f32,
        containment: f32,
        day: &dyn Fn(u32) -> Option<i64>,
    ) -> Vec<dups::Cluster> {
        let pairs = dups::verify(
            &self.sets,
            &dups::candidates(&self.sigs),
            resemblance,
            containment,
        );
        dups::clusters(self.sets.len(), &pairs, day, &|d| {
            self.sets.get(d as usize).map_or(0, |s| s.0.len())
        })
    }
}

/// Where the store of the corpus at `paths` is (beside its index).
#[must_use]
pub fn store_path(paths: &[PathBuf]) -> Option<PathBuf> {
    super::cache_dir(paths).map(|d| d.join(STORE))
}

/// The shingles and signatures of every document of `corpus`: those of
/// documents unchanged since the store at `store` was written are read
/// from it, the others computed (on every core); the store is then
/// written again (a failure to write is returned with the result).
pub fn sign(corpus: &Corpus, store: Option<&Path>) -> (Signed, Option<std::io::Error>) {
    let n = corpus.len();
    let keys: Vec<Option<u128>> = (0..n)
        .map(|i| corpus.fingerprint(i).map(|f| key_of(&f)))
        .collect();
    let mut kept = store.map(read_store).unwrap_or_default();
    let todo: Vec<usize> = (0..n)
        .filter(|&i| keys[i].is_none_or(|k| !kept.contains_key(&k)))
        .collect();
    let fresh = shingle_some(corpus, &todo);
    let mut fresh = todo.iter().copied().zip(fresh).collect::<HashMap<_, _>>();
    let mut out = Signed {
        sets: Vec::with_capacity(n),
        sigs: Vec::with_capacity(n),
        reused: n - todo.len(),
    };
    for (i, key) in keys.iter().enumerate() {
        let (sig, set) = match key.and_then(|k| kept.remove(&k)) {
            Some(found) => found,
            None => {
                let set = fresh.remove(&i).unwrap_or_default();
                (dups::signature(&set), set)
            }
        };
        out.sigs.push(sig);
        out.sets.push(set);
    }
    drop(kept);
    let failed = store.and_then(|p| write_store(p, &keys, &out.sigs, &out.sets).err());
    (out, failed)
}

/// The shingles of documents `which`, on every core (a document that
/// cannot be read has none).
fn shingle_some(corpus: &Corpus, which: &[usize]) -> Vec<Shingles> {
    let n = which.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(8);
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let mut out: Vec<Shingles> = Vec::with_capacity(n);
    std::thread::scope(|scope| {
        let handles: Vec<_> = which
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| {
                            corpus
                                .text(i)
                                .map(|t| Shingles::of(&t.text))
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            out.extend(h.join().unwrap_or_default());
        }
    });
    out
}

/// The file beside the index that keeps each document's signature and
/// shingles (docs/compare.md §12a).
pub const STORE: &str = "qari-dups-1.bin";
const MAGIC: &[u8; 8] = b"QARIDUP1";

/// A document's key in the store: its file's stored path, size and
/// modification time, and its line (a changed file changes its keys).
fn key_of(f: &(String, u64, u128, Option<usize>)) -> u128 {
    let text = format!("{}\u{0}{}\u{0}{}\u{0}{:?}", f.0, f.1, f.2, f.3);
    let fnv = |seed: u64| {
        text.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    (u128::from(fnv(0)) << 64) | u128::from(fnv(0x9E37_79B9_7F4A_7C15))
}

/// The store at `path`: key → (signature, shingles); empty when it is
/// missing or damaged (everything is computed again).
fn read_store(path: &Path) -> HashMap<u128, (Vec<u32>, Shingles)> {
    let read = || -> std::io::Result<HashMap<u128, (Vec<u32>, Shingles)>> {
        let mut r = std::io::BufReader::new(std::fs::File::open(path)?);
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(std::io::Error::other("not a store"));
        }
        let mut u64b = [0u8; 8];
        r.read_exact(&mut u64b)?;
        let n = u64::from_le_bytes(u64b);
        let mut out = HashMap::new();
        let u32s = |r: &mut dyn Read, k: usize| -> std::io::Result<Vec<u32>> {
            let mut b = vec![0u8; k * 4];
            r.read_exact(&mut b)?;
            Ok(b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        };
        for _ in 0..n {
            let mut kb = [0u8; 16];
            r.read_exact(&mut kb)?;
            let sig = u32s(&mut r, dups::HASHES)?;
            let len = u32s(&mut r, 1)?[0] as usize;
            if len > 1 << 26 {
                return Err(std::io::Error::other("damaged"));
            }
            let set = u32s(&mut r, len)?;
            out.insert(u128::from_le_bytes(kb), (sig, Shingles(set)));
        }
        Ok(out)
    };
    read().unwrap_or_default()
}

/// Writes the store (atomically: a new file renamed over the old).
fn write_store(
    path: &Path,
    keys: &[Option<u128>],
    sigs: &[Vec<u32>],
    sets: &[Shingles],
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        w.write_all(MAGIC)?;
        let n = keys.iter().flatten().count() as u64;
        w.write_all(&n.to_le_bytes())?;
        for ((key, sig), set) in keys.iter().zip(sigs).zip(sets) {
            let Some(key) = key else {
                continue;
            };
            w.write_all(&key.to_le_bytes())?;
            for v in sig {
                w.write_all(&v.to_le_bytes())?;
            }
            w.write_all(&(set.0.len() as u32).to_le_bytes())?;
            for v in &set.0 {
                w.write_all(&v.to_le_bytes())?;
            }
        }
        w.flush()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
