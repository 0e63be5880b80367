//! `qari reuse DOC`: the passages a document shares with the other
//! documents of its corpus (`compare::dups::passages`: shared 5-word
//! shingles chained along their diagonals), each with its byte ranges in
//! both files as stored.

use serde::Serialize;

use super::args::ReuseArgs;
use super::output::{Printer, note};
use super::resolve::resolve_doc;
use super::{Context, Failure};
use crate::compare::dups::{Positions, passages};
use crate::render::sanitize_line;

#[derive(Serialize)]
struct JsonPassage<'a> {
    /// Byte range in the document's file as stored.
    range: [usize; 2],
    words: usize,
    other: JsonOther<'a>,
    /// The passage's text in the document (logical order).
    text: &'a str,
}

#[derive(Serialize)]
struct JsonOther<'a> {
    id: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    /// Byte range in the other document's file as stored.
    range: [usize; 2],
}

/// Runs `qari reuse`.
///
/// # Errors
/// An unknown document, a corpus that cannot be read, writing failed.
pub fn run(args: &ReuseArgs, ctx: &Context) -> Result<(), Failure> {
    let (corpus, me) = resolve_doc(&args.doc, &args.corpus, &ctx.load)?;
    // `--with B`: B only (in the same corpus; a path given alone is read
    // on its own).
    let other = match &args.with {
        None => None,
        Some(b) if std::path::Path::new(b).is_file() && args.corpus.is_empty() => {
            let (c, i) = resolve_doc(b, &[], &ctx.load)?;
            let t = c.text(i).map_err(Failure::new)?;
            let m = c
                .get(i)
                .ok_or_else(|| Failure::new("no such document"))?
                .into_owned();
            Some((m, t))
        }
        Some(b) => {
            let i = corpus.resolve(&b.to_string_lossy()).map_err(Failure::new)?;
            let t = corpus.text(i).map_err(Failure::new)?;
            let m = corpus
                .get(i)
                .ok_or_else(|| Failure::new("no such document"))?
                .into_owned();
            Some((m, t))
        }
    };
    let text = corpus.text(me).map_err(Failure::new)?;
    let mine = Positions::of(&text.text);
    let min = args.min_words.max(crate::compare::dups::SHINGLE);
    if let Some((m, t)) = other {
        let mut out = Printer::plain();
        let theirs = Positions::of(&t.text);
        let found = passages(&mine, &theirs, min);
        for p in &found {
            let here = text.range_to_source(p.a.clone());
            let there = t.range_to_source(p.b.clone());
            let passage = text.text.get(p.a.clone()).unwrap_or_default();
            write_passage(&mut out, args.json, (here, there), p.words, &m, passage)?;
        }
        out.finish()?;
        if found.is_empty() && !args.json {
            note("no passage shared");
        }
        return Ok(());
    }
    // Every other document, on every core.
    let n = corpus.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(8);
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let mut found: Vec<(
        usize,
        crate::compare::dups::Passage,
        std::sync::Arc<crate::corpus::DocText>,
    )> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let (corpus, mine) = (&corpus, &mine);
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for j in start..(start + chunk).min(n) {
                        if j == me {
                            continue;
                        }
                        let Ok(other) = corpus.text(j) else {
                            continue;
                        };
                        let theirs = Positions::of(&other.text);
                        for p in passages(mine, &theirs, min) {
                            out.push((j, p, std::sync::Arc::clone(&other)));
                        }
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            found.extend(h.join().unwrap_or_default());
        }
    });
    found.sort_by_key(|(j, p, _)| (p.a.start, *j));
    let mut out = Printer::plain();
    for (j, p, other) in &found {
        let Some(m) = corpus.get(*j) else {
            continue;
        };
        let here = text.range_to_source(p.a.clone());
        let there = other.range_to_source(p.b.clone());
        let passage = text.text.get(p.a.clone()).unwrap_or_default();
        write_passage(&mut out, args.json, (here, there), p.words, &m, passage)?;
        if out.failed() {
            break;
        }
    }
    out.finish()?;
    if found.is_empty() && !args.json {
        note("no passage shared with another document");
    }
    Ok(())
}

/// One passage: as JSON, or as two lines of text.
fn write_passage(
    out: &mut Printer,
    json: bool,
    (here, there): (std::ops::Range<usize>, std::ops::Range<usize>),
    words: usize,
    m: &crate::corpus::DocMeta,
    passage: &str,
) -> Result<(), Failure> {
    if json {
        return out.json(&JsonPassage {
            range: [here.start, here.end],
            words,
            other: JsonOther {
                id: &m.id,
                path: &m.path,
                line: m.line,
                range: [there.start, there.end],
            },
            text: passage,
        });
    }
    let short: String = passage.chars().take(70).collect();
    out.line(&format!(
        "{}..{}  {words} words  {} {}..{}",
        here.start,
        here.end,
        sanitize_line(&m.id),
        there.start,
        there.end
    ));
    out.line(&format!(
        "    {}{}",
        sanitize_line(&short),
        if short.len() < passage.len() {
            " …"
        } else {
            ""
        }
    ));
    Ok(())
}
