//! `qari list`: one line per document (id, words, direction, title), or
//! one JSON object per line. On a terminal titles are laid out by the
//! engine; piped, they stay in logical order.

use std::path::PathBuf;

use super::output::{Printer, warn};
use super::{Context, Failure};
use crate::corpus::Corpus;
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
    let corpus = Corpus::load(paths, &ctx.load)?;
    for w in &corpus.warnings {
        warn(&w.to_string());
    }
    let mut out = Printer::text(&ctx.settings);
    let (id_w, words) = corpus.widest();
    let words_w = words.to_string().len();
    // Titles are laid out by the engine when qari orders text for a
    // terminal; otherwise they stay logical, as the document has them.
    let width = ctx
        .settings
        .terminal
        .columns
        .map(|_| ctx.settings.output_width(80))
        .filter(|_| ctx.settings.visual());
    for d in corpus.iter() {
        let head = format!(
            "{:<id_w$}  {:>words_w$}  {:<5}  ",
            sanitize_line(&d.id),
            d.words,
            d.direction.as_str()
        );
        let title = match width {
            Some(w) => {
                let room = w.saturating_sub(head.chars().count() + 1).max(10);
                fit_line_text(&d.title, &ctx.settings.layout(room, d.direction.fallback()))
            }
            None => sanitize_line(&d.title),
        };
        out.line(&format!("{head}{title}"));
        if out.failed() {
            break;
        }
    }
    out.finish()
}
