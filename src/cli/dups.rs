//! `qari dups [PATH…]`: the documents of a corpus that tell the same
//! story, in clusters (`compare::dups`: MinHash over word shingles, banded
//! LSH, exact verification). Text output: a cluster per block, its origin
//! first; `--json`: one object per cluster.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::args::DupsArgs;
use super::index::open_engine;
use super::output::{Printer, note};
use super::{Context, Failure};
use crate::compare::dups::{self, Shingles};
use crate::corpus::Corpus;
use crate::render::sanitize_line;

#[derive(Serialize)]
struct JsonMember {
    id: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    origin: bool,
    /// With the origin.
    resemblance: f32,
    /// With the origin: shared shingles over the smaller document's.
    containment: f32,
}

#[derive(Serialize)]
struct JsonCluster {
    cluster: usize,
    size: usize,
    members: Vec<JsonMember>,
}

/// Runs `qari dups`.
///
/// # Errors
/// The corpus cannot be read; writing failed.
pub fn run(args: &DupsArgs, paths: &[PathBuf], ctx: &Context) -> Result<(), Failure> {
    if !(0.0..=1.0).contains(&args.threshold) || !(0.0..=1.0).contains(&args.containment) {
        return Err(Failure::usage(
            "--threshold and --containment are fractions between 0 and 1",
        ));
    }
    // A corpus of files: its index brought up to date, the corpus listed
    // from its catalog, and the shingles and signatures of the documents
    // unchanged since the last run read from beside the index.
    let (corpus, store) = if paths.is_empty() {
        (Corpus::load(paths, &ctx.load).map_err(Failure::new)?, None)
    } else {
        let (_engine, summary) = open_engine(paths, ctx)?;
        if let Some(s) = summary {
            note(&format!("index updated: {s}"));
        }
        match crate::search::listed(paths, None) {
            Some(c) => (c, crate::search::cache_dir(paths).map(|d| d.join(STORE))),
            None => (Corpus::load(paths, &ctx.load).map_err(Failure::new)?, None),
        }
    };
    for w in &corpus.warnings {
        note(&format!("warning: {w}"));
    }
    let n = corpus.len();
    let keys: Vec<Option<u128>> = (0..n)
        .map(|i| corpus.fingerprint(i).map(|f| key_of(&f)))
        .collect();
    let mut kept = store.as_deref().map(read_store).unwrap_or_default();
    let todo: Vec<usize> = (0..n)
        .filter(|&i| keys[i].is_none_or(|k| !kept.contains_key(&k)))
        .collect();
    let fresh = shingle_some(&corpus, &todo);
    let mut fresh = todo.iter().copied().zip(fresh).collect::<HashMap<_, _>>();
    let mut sets: Vec<Shingles> = Vec::with_capacity(n);
    let mut sigs: Vec<Vec<u32>> = Vec::with_capacity(n);
    for (i, key) in keys.iter().enumerate() {
        let (sig, set) = match key.and_then(|k| kept.remove(&k)) {
            Some(found) => found,
            None => {
                let set = fresh.remove(&i).unwrap_or_default();
                (dups::signature(&set), set)
            }
        };
        sigs.push(sig);
        sets.push(set);
    }
    drop(kept);
    if let Some(path) = &store
        && let Err(e) = write_store(path, &keys, &sigs, &sets)
    {
        note(&format!(
            "the signatures could not be kept ({e}): the next run computes them again"
        ));
    }
    let reused = n - todo.len();
    let cand = dups::candidates(&sigs);
    drop(sigs);
    let pairs = dups::verify(&sets, &cand, args.threshold, args.containment);
    let clusters = dups::clusters(
        n,
        &pairs,
        &|d| corpus.get(d as usize).and_then(|m| m.meta.day),
        &|d| sets.get(d as usize).map_or(0, |s| s.0.len()),
    );
    let mut out = Printer::plain();
    for (k, c) in clusters.iter().enumerate() {
        let origin = &sets[c.origin as usize];
        let members: Vec<(u32, f32, f32)> = c
            .members
            .iter()
            .map(|&d| {
                let (r, ct) = origin.compare(&sets[d as usize]);
                (d, r, ct)
            })
            .collect();
        if args.json {
            let members = members
                .iter()
                .filter_map(|&(d, r, ct)| {
                    let m = corpus.get(d as usize)?;
                    Some(JsonMember {
                        date: m.meta.iso_date(),
                        source: m.meta.source.clone(),
                        id: m.id.clone(),
                        path: m.path.clone(),
                        line: m.line,
                        title: m.title.clone(),
                        origin: d == c.origin,
                        resemblance: r,
                        containment: ct,
                    })
                })
                .collect();
            out.json(&JsonCluster {
                cluster: k + 1,
                size: c.members.len(),
                members,
            })?;
        } else {
            out.line(&format!("cluster {}: {} documents", k + 1, c.members.len()));
            for &(d, r, ct) in &members {
                let Some(m) = corpus.get(d as usize) else {
                    continue;
                };
                let how = if d == c.origin {
                    "origin    ".to_owned()
                } else {
                    format!("{r:.2} {ct:.2}")
                };
                out.line(&format!(
                    "  {}  {how}  {:<10}  {}",
                    sanitize_line(&m.id),
                    m.meta.iso_date().unwrap_or_default(),
                    sanitize_line(&m.title)
                ));
            }
        }
        if out.failed() {
            break;
        }
    }
    out.finish()?;
    if !args.json {
        let copies: usize = clusters.iter().map(|c| c.members.len() - 1).sum();
        note(&format!(
            "{n} documents ({} read and signed, {reused} kept from the last run), {} clusters, {copies} copies (resemblance ≥ {} or containment ≥ {})",
            n - reused,
            clusters.len(),
            args.threshold,
            args.containment
        ));
    }
    Ok(())
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
const STORE: &str = "qari-dups-1.bin";
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
