//! `qari related DOC`: the documents most like one document (its most
//! characteristic words, weighted by TF·IDF, as a query).

use super::args::RelatedArgs;
use super::index::open_engine;
use super::output::{Printer, note};
use super::resolve::resolve_doc;
use super::search::JsonDoc;
use super::{Context, Failure};
use crate::render::sanitize_line;
use crate::search::{Engine, Matcher};

/// Runs `qari related`.
///
/// # Errors
/// An unknown document, the index failed, writing failed.
pub fn run(args: &RelatedArgs, ctx: &Context) -> Result<(), Failure> {
    let (corpus, i) = resolve_doc(&args.doc, &args.corpus, &ctx.load)?;
    let meta = corpus
        .get(i)
        .ok_or_else(|| Failure::new("no such document"))?;
    let (engine, summary) = if args.corpus.is_empty() && !meta.embedded {
        // A file given by path: index it on its own, in memory.
        (Engine::in_memory(&corpus).map_err(Failure::new)?, None)
    } else {
        open_engine(&args.corpus, ctx)?
    };
    if let Some(s) = summary {
        note(&format!("index updated: {s}"));
    }
    let hits = engine
        .related(&meta.key(), args.limit.clamp(1, super::search::MAX_LIMIT))
        .map_err(Failure::new)?;
    if hits.is_empty() {
        note(&format!("no document like '{}'", meta.id));
        return Ok(());
    }
    let mut out = Printer::plain();
    let matcher = Matcher::default();
    for h in &hits {
        let Some(d) = engine.details(h, &matcher, 80) else {
            continue;
        };
        if args.json {
            out.json(&JsonDoc::of(&d))?;
        } else {
            out.line(&format!(
                "{}  {:.2}  {}",
                sanitize_line(&d.id),
                d.score,
                sanitize_line(&d.title)
            ));
        }
    }
    out.finish()
}
