//! `qari search`, `qari index` and `qari related`: the search engine on the
//! command line. Text output marks matches with `⟦…⟧` when piped (logical
//! order, for other tools) and in reverse video on a terminal (visual
//! order, laid out by the engine inside explicit bidi mode). JSON output
//! gives byte ranges into the files as stored.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::bidi::{self, Dir, LayoutOptions, StyleSpan};
use crate::cli::{BIDI_EXPLICIT, BIDI_RESTORE, Failure, sanitize_line};
use crate::corpus::LoadOptions;
use crate::search::{Details, Engine, Hit, Matcher, Parsed, Progress};

/// Opens the engine for `paths`: the sample in memory, or the persistent
/// index, updated, with progress on stderr. Returns it and a line saying
/// what changed, if anything did.
fn open_engine(paths: &[PathBuf], load: &LoadOptions) -> Result<(Engine, Option<String>), Failure> {
    let tty = io::stderr().is_terminal();
    let mut shown = false;
    let mut progress = |p: &Progress| {
        if tty && p.bytes_total > 0 {
            shown = true;
            let pct = p.bytes_done * 100 / p.bytes_total.max(1);
            eprint!(
                "\rqari: indexing {pct:>3}% ({:.1} of {:.1} MB, {} of {} files, {} documents)\x1b[K",
                p.bytes_done as f64 / 1e6,
                p.bytes_total as f64 / 1e6,
                p.files_done,
                p.files_total,
                p.docs
            );
        }
    };
    let opened = crate::search::open(paths, load, &mut progress);
    if shown {
        eprintln!();
    }
    let opened = opened.map_err(Failure::new)?;
    for w in &opened.warnings {
        eprintln!("qari: warning: {}", sanitize_line(&w.to_string()));
    }
    for note in &opened.notes {
        let kind = if note.is_warning() { "warning: " } else { "" };
        eprintln!("qari: {kind}{note}");
    }
    Ok((opened.engine, opened.summary))
}

/// `qari index PATH…`.
pub fn index(paths: &[PathBuf], load: &LoadOptions) -> Result<(), Failure> {
    if paths.is_empty() {
        return Err(Failure::usage(
            "qari index needs the corpus paths (the sample is indexed in memory)",
        ));
    }
    let (engine, summary) = open_engine(paths, load)?;
    let mut out = io::stdout().lock();
    let dir = match &engine.location {
        crate::search::Location::Disk(d) => d.display().to_string(),
        crate::search::Location::Memory => "memory".to_owned(),
    };
    let res = writeln!(
        out,
        "{}\n{} documents in {dir}",
        summary.unwrap_or_else(|| "up to date".to_owned()),
        engine.num_docs()
    );
    crate::cli::output_done(res)
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: String,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    title: &'a str,
    score: f32,
    snippet: &'a str,
    /// Byte ranges in `snippet` to highlight.
    highlights: Vec<[usize; 2]>,
    /// Byte ranges of the matches in the file as stored.
    matches: Vec<[usize; 2]>,
}

/// `qari search QUERY [PATH…]`.
pub fn search(
    query: &str,
    paths: &[PathBuf],
    limit: usize,
    json: bool,
    strict: bool,
    load: &LoadOptions,
) -> Result<(), Failure> {
    let parsed = Parsed::new(query, strict);
    if parsed.is_empty() {
        return Err(Failure::usage("the query is empty"));
    }
    if parsed.pending {
        return Err(Failure::usage(format!(
            "'{}' is too short to search: type at least 2 letters (a lone proclitic such as ال counts as none)",
            sanitize_line(query.trim())
        )));
    }
    let (engine, summary) = open_engine(paths, load)?;
    if let Some(s) = summary {
        eprintln!("qari: index updated: {s}");
    }
    let results = engine.search(&parsed, limit).map_err(Failure::new)?;
    if results.hits.is_empty() {
        eprintln!("qari: no match for '{}'", sanitize_line(query));
        return Ok(());
    }
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let width = if tty {
        crate::cli::terminal_width()
    } else {
        80
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let res = (|| -> io::Result<()> {
        if tty && !json {
            out.write_all(BIDI_EXPLICIT.as_bytes())?;
        }
        for h in &results.hits {
            let Some(d) = engine.details(h, &results.matcher, width.saturating_sub(6).max(20) * 2)
            else {
                continue;
            };
            let id = d.id.clone();
            if json {
                let matches = d
                    .locator
                    .read()
                    .ok()
                    .map(|src| {
                        results
                            .matcher
                            .hits(&src.text)
                            .into_iter()
                            .map(|r| {
                                let r = src.range_to_source(r);
                                [r.start, r.end]
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let j = JsonHit {
                    id,
                    path: &d.key.path,
                    line: d.key.line,
                    title: &d.title,
                    score: d.score,
                    snippet: &d.snippet.text,
                    highlights: d
                        .snippet
                        .highlights
                        .iter()
                        .map(|r| [r.start, r.end])
                        .collect(),
                    matches,
                };
                serde_json::to_writer(&mut out, &j).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            } else {
                write_text_hit(&mut out, &id, &d, tty.then_some(width))?;
            }
        }
        if tty && !json {
            out.write_all(BIDI_RESTORE.as_bytes())?;
        }
        out.flush()
    })();
    crate::cli::output_done(res)?;
    if !json && results.total > results.hits.len() {
        eprintln!(
            "qari: {} of {} matching documents shown (--limit){}",
            results.hits.len(),
            results.total,
            if results.fuzzy {
                "; close spellings"
            } else {
                ""
            }
        );
    } else if !json && results.fuzzy {
        eprintln!("qari: no exact match; close spellings shown");
    }
    if results.capped {
        eprintln!(
            "qari: strict mode checked the first 1,000 candidates only; the count is a lower bound"
        );
    }
    Ok(())
}

/// One hit as text: `id  score  title`, then the snippet indented.
fn write_text_hit(
    out: &mut impl Write,
    id: &str,
    d: &Details,
    tty_width: Option<usize>,
) -> io::Result<()> {
    let head = format!("{}  {:.2}  ", sanitize_line(id), d.score);
    let mut snippet = String::new();
    let mut shift = 0;
    if d.snippet.cut.0 {
        snippet.push_str("… ");
        shift = snippet.len();
    }
    snippet.push_str(&d.snippet.text);
    if d.snippet.cut.1 {
        snippet.push_str(" …");
    }
    let highlights: Vec<std::ops::Range<usize>> = d
        .snippet
        .highlights
        .iter()
        .map(|h| h.start + shift..h.end + shift)
        .collect();
    match tty_width {
        Some(w) => {
            let fallback = if crate::corpus::TextDirection::of(&d.title)
                == crate::corpus::TextDirection::Ltr
            {
                Dir::Ltr
            } else {
                Dir::Rtl
            };
            let room = w.saturating_sub(head.chars().count()).max(10);
            let opts = LayoutOptions {
                width: room,
                fallback,
                ..LayoutOptions::default()
            };
            let title = bidi::layout_paragraph(&d.title, 0, &[], &opts)
                .first()
                .map(bidi::Row::to_plain)
                .unwrap_or_default();
            writeln!(out, "{head}{title}")?;
            let spans: Vec<StyleSpan> = highlights
                .iter()
                .map(|r| StyleSpan {
                    range: r.clone(),
                    style: 1,
                })
                .collect();
            let opts = LayoutOptions {
                width: w.saturating_sub(4).max(10),
                fallback,
                ..LayoutOptions::default()
            };
            for row in bidi::layout_paragraph(&snippet, 0, &spans, &opts) {
                let mut line = String::from("    ");
                for _ in 0..row.indent {
                    line.push(' ');
                }
                let mut on = false;
                for cell in &row.cells {
                    let hl = cell.style & 1 != 0;
                    if hl != on {
                        line.push_str(if hl { "\x1b[7m" } else { "\x1b[27m" });
                        on = hl;
                    }
                    line.push_str(row.symbol(cell));
                }
                if on {
                    line.push_str("\x1b[27m");
                }
                writeln!(out, "{}", line.trim_end())?;
            }
        }
        None => {
            let mut marked = String::with_capacity(snippet.len() + 16);
            let mut at = 0;
            for r in &highlights {
                marked.push_str(&snippet[at..r.start]);
                marked.push('⟦');
                marked.push_str(&snippet[r.clone()]);
                marked.push('⟧');
                at = r.end;
            }
            marked.push_str(&snippet[at..]);
            writeln!(out, "{head}{}", sanitize_line(&d.title))?;
            writeln!(out, "    {}", sanitize_line(&marked))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    id: String,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    title: &'a str,
    score: f32,
}

/// `qari related DOC [--corpus PATH…]`.
pub fn related(
    doc: &str,
    corpus_paths: &[PathBuf],
    limit: usize,
    json: bool,
    load: &LoadOptions,
) -> Result<(), Failure> {
    let (corpus, i) = crate::cli::resolve_doc(doc, corpus_paths, load)?;
    let meta = &corpus.docs[i];
    let (engine, summary) = if corpus_paths.is_empty() && !meta.embedded {
        // A file given by path: index it on its own, in memory.
        (Engine::in_memory(&corpus).map_err(Failure::new)?, None)
    } else {
        open_engine(corpus_paths, load)?
    };
    if let Some(s) = summary {
        eprintln!("qari: index updated: {s}");
    }
    let hits: Vec<Hit> = engine.related(&meta.key(), limit).map_err(Failure::new)?;
    if hits.is_empty() {
        eprintln!("qari: no document like '{}'", sanitize_line(&meta.id));
        return Ok(());
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let matcher = Matcher::default();
    let res = (|| -> io::Result<()> {
        for h in &hits {
            let Some(d) = engine.details(h, &matcher, 80) else {
                continue;
            };
            let id = d.id.clone();
            if json {
                let j = JsonRelated {
                    id,
                    path: &d.key.path,
                    line: d.key.line,
                    title: &d.title,
                    score: d.score,
                };
                serde_json::to_writer(&mut out, &j).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            } else {
                writeln!(
                    out,
                    "{}  {:.2}  {}",
                    sanitize_line(&id),
                    d.score,
                    sanitize_line(&d.title)
                )?;
            }
        }
        out.flush()
    })();
    crate::cli::output_done(res)
}
