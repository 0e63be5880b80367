//! `qari list`: one line per document (id, words, direction, title), or
//! one JSON object per line, written as the corpus is read (memory does
//! not grow with the corpus: the text listing's column widths come from
//! its first 10,000 documents). On a terminal titles are laid out by the
//! engine; piped, they stay in logical order.

use std::path::PathBuf;

use super::output::{Printer, warn};
use super::{Context, Failure};
use crate::corpus::{Corpus, DocMeta};
use crate::render::{fit_line_text, sanitize_line};

/// Runs `qari list`.
///
/// # Errors
/// A corpus path that does not exist; writing failed.
pub fn run(paths: &[PathBuf], json: bool, ctx: &Context) -> Result<(), Failure> {
    if json {
        // One object per document as it is read: a million documents
        // never sit in memory together.
        let mut out = Printer::plain();
        let mut failed = None;
        let warnings = Corpus::each(paths, &ctx.load, &mut |d| {
            failed = out.json(&d).err();
            // A closed pipe (`| head`) ends the listing.
            failed.is_none() && !out.failed()
        })?;
        for w in &warnings {
            warn(&w.to_string());
        }
        if let Some(e) = failed {
            return Err(e);
        }
        return out.finish();
    }
    // The columns' widths come from the first documents; past
    // `WIDTHS_FROM` the rest are written as they are read (a longer id
    // further on pushes its own row), so that a million documents never
    // sit in memory together.
    let mut out = Printer::text(&ctx.settings);
    let mut first: Vec<DocMeta> = Vec::new();
    let mut table: Option<Table> = None;
    let warnings = Corpus::each(paths, &ctx.load, &mut |d| {
        if let Some(t) = &table {
            t.row(&mut out, &d);
        } else {
            first.push(d);
            if first.len() == WIDTHS_FROM {
                let t = Table::new(&first, ctx);
                for d in first.drain(..) {
                    t.row(&mut out, &d);
                }
                table = Some(t);
            }
        }
        !out.failed()
    })?;
    if table.is_none() {
        let t = Table::new(&first, ctx);
        for d in &first {
            if out.failed() {
                break;
            }
            t.row(&mut out, d);
        }
    }
    for w in &warnings {
        warn(&w.to_string());
    }
    out.finish()
}

/// How many documents the columns' widths are taken from.
const WIDTHS_FROM: usize = 10_000;

/// The text listing's columns.
struct Table<'a> {
    id_w: usize,
    words_w: usize,
    /// Where titles are laid out by the engine (qari orders text for a
    /// terminal); `None`: they stay logical, as the document has them.
    width: Option<usize>,
    settings: &'a crate::settings::Settings,
}

impl<'a> Table<'a> {
    fn new(docs: &[DocMeta], ctx: &'a Context) -> Self {
        let (id_w, words) = docs.iter().fold((0, 0), |(i, w), d| {
            (i.max(d.id.chars().count()), w.max(d.words))
        });
        let width = ctx
            .settings
            .terminal
            .columns
            .map(|_| ctx.settings.output_width(80))
            .filter(|_| ctx.settings.visual());
        Self {
            id_w,
            words_w: words.to_string().len(),
            width,
            settings: &ctx.settings,
        }
    }

    fn row(&self, out: &mut Printer, d: &DocMeta) {
        if out.failed() {
            return;
        }
        let (id_w, words_w) = (self.id_w, self.words_w);
        let head = format!(
            "{:<id_w$}  {:>words_w$}  {:<5}  ",
            sanitize_line(&d.id),
            d.words,
            d.direction.as_str()
        );
        let title = match self.width {
            Some(w) => {
                let room = w.saturating_sub(head.chars().count() + 1).max(10);
                fit_line_text(
                    &d.title,
                    &self.settings.layout(room, d.direction.fallback()),
                )
            }
            None => sanitize_line(&d.title),
        };
        out.line(&format!("{head}{title}"));
    }
}
