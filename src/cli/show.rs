//! `qari show DOC`: a document's rows exactly as the reader draws them, at
//! the terminal's width (80 when piped). Large texts are laid out on all
//! cores and printed in order. On a terminal, a document longer than the
//! screen opens in the reading view instead, as a pager (`q` quits), unless
//! `--no-pager` or the configuration says otherwise. `DOC` may be `-`:
//! standard input (also what `cmd | qari` shows).

use super::args::{DirArg, ShowArgs};
use super::output::{Printer, warn};
use super::resolve::resolve_doc;
use super::{Context, Failure};
use crate::bidi::{self, Dir, LayoutOptions};
use crate::config::BidiMode;
use crate::corpus::Corpus;
use crate::render::document;
use crate::tui::jobs::Index;

/// Widest `--width` accepted: wider rows than any terminal has are a
/// mistake, and would make every row megabytes long.
const MAX_WIDTH: usize = 10_000;

/// Runs `qari show`; returns the exit code.
///
/// # Errors
/// A bad width, an unknown document, writing failed, the terminal failed.
pub fn run(args: &ShowArgs, ctx: &Context) -> Result<u8, Failure> {
    if args.width == Some(0) {
        return Err(Failure::usage("--width must be at least 1"));
    }
    if args.width.is_some_and(|w| w > MAX_WIDTH) {
        return Err(Failure::usage(format!(
            "--width must be at most {MAX_WIDTH}"
        )));
    }
    let dir = match args.dir {
        DirArg::Auto => None,
        DirArg::Rtl => Some(Dir::Rtl),
        DirArg::Ltr => Some(Dir::Ltr),
    };
    if args.doc == "-" {
        let corpus = super::reader::stdin_corpus(ctx)?;
        return stdin_with(corpus, args.width, dir, ctx);
    }
    let (corpus, doc, index) = if std::path::Path::new(&args.doc).is_file() {
        // One file printed needs only its direction: words and language
        // are counted if the reading view opens after all (see `show`).
        let load = crate::corpus::LoadOptions {
            direction_only: true,
            ..ctx.load.clone()
        };
        let (corpus, doc) = resolve_doc(&args.doc, &[], &load)?;
        (corpus, doc, None)
    } else {
        let (corpus, doc) = resolve_doc(&args.doc, &args.corpus, &ctx.load)?;
        (
            corpus,
            doc,
            Some(Index::Paths(args.corpus.clone(), ctx.load.clone())),
        )
    };
    show(corpus, doc, index, args.width, dir, ctx)
}

/// `cmd | qari` and `qari -`: standard input, shown as `qari show -` shows
/// it.
///
/// # Errors
/// Binary input, writing failed, the terminal failed.
pub fn stdin(corpus: Corpus, ctx: &Context) -> Result<u8, Failure> {
    stdin_with(corpus, None, None, ctx)
}

fn stdin_with(
    corpus: Corpus,
    width: Option<usize>,
    dir: Option<Dir>,
    ctx: &Context,
) -> Result<u8, Failure> {
    if corpus.is_empty() {
        return Err(Failure::new(format!(
            "standard input: nothing to show{}",
            corpus
                .warnings
                .first()
                .map(|w| format!(" ({})", w.message))
                .unwrap_or_default()
        )));
    }
    show(corpus, 0, None, width, dir, ctx)
}

/// Pages document `doc` on a terminal when it is longer than the screen,
/// else prints it. `index` is what the reading view searches; `None`: the
/// corpus itself, its words and languages counted first should the reading
/// view open (a file loaded with only its direction).
fn show(
    mut corpus: Corpus,
    doc: usize,
    index: Option<Index>,
    width: Option<usize>,
    dir: Option<Dir>,
    ctx: &Context,
) -> Result<u8, Failure> {
    let settings = &ctx.settings;
    let term = &settings.terminal;
    let meta = corpus
        .get(doc)
        .ok_or_else(|| Failure::new("no such document"))?;
    for w in &corpus.warnings {
        if w.place == meta.path || w.place.starts_with(&format!("{}:", meta.path)) {
            warn(&w.to_string());
        }
    }
    let fallback = meta.direction.fallback();
    let text = corpus.text(doc)?;
    let layout = |width: usize| {
        let mut opts = settings.layout(width, fallback);
        if settings.bidi != BidiMode::Off {
            opts.force = dir;
        }
        opts
    };
    if settings.pager && term.screen() {
        let column = width.unwrap_or(settings.max_width);
        let shown = column
            .min(settings.output_width(80).saturating_sub(2))
            .max(10);
        let rows = term.rows.unwrap_or(24).saturating_sub(1);
        if longer_than(&text.text, &layout(shown), rows) {
            let index = match index {
                Some(index) => index,
                None => {
                    corpus.count_words()?;
                    Index::Loaded(corpus.clone())
                }
            };
            return super::reader::page(corpus, doc, index, ctx, column, dir);
        }
    }
    let opts = layout(width.unwrap_or_else(|| settings.output_width(80)));
    if !term.stdout_tty
        && term.stderr_tty
        && settings.order == crate::bidi::Order::Visual
        && settings.wire == crate::bidi::Wire::Visual
        && crate::settings::Terminal::stdout_pipe()
    {
        // Most likely `| less` or `| head` on this very terminal, which qari
        // cannot ask about through a pipe: say what reads right.
        super::output::note(
            "piped, the rows are in visual order for a terminal without bidi of its own; in a terminal that reorders (GNOME Terminal, Konsole, tmux…) they read reversed: let qari page them (qari show without the pipe), or pipe them with --send fenced (or --send runs in Konsole)",
        );
    }
    let mut out = Printer::text(settings);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads <= 1 {
        // One core: rows go out as they are made, never held whole.
        document::stream_plain(&text.text, &opts, |piece| {
            out.str(piece);
            !out.failed()
        });
    } else {
        for piece in document::render_plain(&text.text, &opts, threads) {
            out.str(&piece);
            if out.failed() {
                break;
            }
        }
    }
    out.finish().map(|()| 0)
}

/// Whether `text` laid out with `opts` takes more than `rows` rows (counting
/// stops as soon as it does).
fn longer_than(text: &str, opts: &LayoutOptions, rows: usize) -> bool {
    let mut n = 0;
    for (offset, para) in bidi::paragraphs(text) {
        n += bidi::layout_paragraph(para, offset, &[], opts).len();
        if n > rows {
            return true;
        }
    }
    false
}
