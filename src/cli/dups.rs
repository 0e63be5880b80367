//! `qari dups [PATH…]`: the documents of a corpus that tell the same
//! story, in clusters (`compare::dups`: MinHash over word shingles, banded
//! LSH, exact verification). Text output: a cluster per block, its origin
//! first; `--json`: one object per cluster.

use std::path::PathBuf;

use serde::Serialize;

use super::args::DupsArgs;
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
    let corpus = Corpus::load(paths, &ctx.load).map_err(Failure::new)?;
    for w in &corpus.warnings {
        note(&format!("warning: {w}"));
    }
    let n = corpus.len();
    let sets = shingle_all(&corpus);
    let sigs: Vec<Vec<u32>> = sets.iter().map(dups::signature).collect();
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
            "{n} documents, {} clusters, {copies} copies (resemblance ≥ {} or containment ≥ {})",
            clusters.len(),
            args.threshold,
            args.containment
        ));
    }
    Ok(())
}

/// The shingles of every document, on every core (a document that cannot
/// be read has none).
fn shingle_all(corpus: &Corpus) -> Vec<Shingles> {
    let n = corpus.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(8);
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let mut out: Vec<Shingles> = Vec::with_capacity(n);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + chunk).min(n))
                        .map(|i| {
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
