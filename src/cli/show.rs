//! `qari show DOC`: a document's rows exactly as the reader draws them, at
//! the terminal's width (80 when piped). Large texts are laid out on all
//! cores and printed in order.

use super::args::{DirArg, ShowArgs};
use super::output::{Printer, warn};
use super::resolve::resolve_doc;
use super::{Context, Failure};
use crate::bidi::Dir;
use crate::config::BidiMode;
use crate::render::document;

/// Widest `--width` accepted: wider rows than any terminal has are a
/// mistake, and would make every row megabytes long.
const MAX_WIDTH: usize = 10_000;

/// Runs `qari show`.
///
/// # Errors
/// A bad width, an unknown document, writing failed.
pub fn run(args: &ShowArgs, ctx: &Context) -> Result<(), Failure> {
    if args.width == Some(0) {
        return Err(Failure::usage("--width must be at least 1"));
    }
    if args.width.is_some_and(|w| w > MAX_WIDTH) {
        return Err(Failure::usage(format!(
            "--width must be at most {MAX_WIDTH}"
        )));
    }
    let (corpus, index) = resolve_doc(&args.doc, &args.corpus, &ctx.load)?;
    let meta = &corpus.docs[index];
    for w in &corpus.warnings {
        if w.place == meta.path || w.place.starts_with(&format!("{}:", meta.path)) {
            warn(&w.to_string());
        }
    }
    let doc = corpus.text(index)?;
    let settings = &ctx.settings;
    let width = args.width.unwrap_or_else(|| settings.output_width(80));
    let mut opts = settings.layout(width, meta.direction.fallback());
    if settings.bidi != BidiMode::Off {
        opts.force = match args.dir {
            DirArg::Auto => None,
            DirArg::Rtl => Some(Dir::Rtl),
            DirArg::Ltr => Some(Dir::Ltr),
        };
    }
    let mut out = Printer::text(settings);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for piece in document::render_plain(&doc.text, &opts, threads) {
        out.str(&piece);
        if out.failed() {
            break;
        }
    }
    out.finish()
}
