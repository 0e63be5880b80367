//! `qari dups [PATH…]`: the documents of a corpus that tell the same
//! story, in clusters (`compare::dups`: MinHash over word shingles, banded
//! LSH, exact verification). Text output: a cluster per block, its origin
//! first; `--json`: one object per cluster.

use std::path::PathBuf;

use serde::Serialize;

use super::args::DupsArgs;
use super::index::open_engine;
use super::output::{Printer, note};
use super::{Context, Failure};
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
            Some(c) => (c, crate::search::dups::store_path(paths)),
            None => (Corpus::load(paths, &ctx.load).map_err(Failure::new)?, None),
        }
    };
    for w in &corpus.warnings {
        note(&format!("warning: {w}"));
    }
    let n = corpus.len();
    let (signed, failed) = crate::search::dups::sign(&corpus, store.as_deref());
    if let Some(e) = failed {
        note(&format!(
            "the signatures could not be kept ({e}): the next run computes them again"
        ));
    }
    let clusters = signed.clusters(args.threshold, args.containment, &|d| {
        corpus.get(d as usize).and_then(|m| m.meta.day)
    });
    let crate::search::dups::Signed { sets, reused, .. } = signed;
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
