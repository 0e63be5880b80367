//! `qari search QUERY [PATH…]`: the search engine on the command line.
//! Text output marks matches with `⟦…⟧` when piped (logical order, for
//! other tools) and in reverse video on a terminal (visual order, laid out
//! by the engine inside explicit bidi mode). JSON output gives byte ranges
//! into the files as stored.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use super::args::{SearchArgs, SortArg};
use super::index::{open_engine, open_engine_with};
use super::output::{Printer, note};
use super::{Context, Failure};
use crate::bidi::{self, Dir};
use crate::corpus::{ReadCache, TextDirection};
use crate::marks::{MarkSpan, Marks};
use crate::render::{fit_line_text, sanitize_line};
use crate::search::{Details, Facets, Order, Parsed};
use crate::settings::Settings;

/// Most results one search (or `qari related`) prints.
pub(super) const MAX_LIMIT: usize = 10_000;

/// A found document as JSON: what `qari search` and `qari related` both
/// print.
#[derive(Serialize)]
pub(super) struct JsonDoc<'a> {
    id: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    title: &'a str,
    score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_iso: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

impl<'a> JsonDoc<'a> {
    /// The fields of a hit.
    pub(super) fn of(d: &'a Details) -> Self {
        Self {
            id: &d.id,
            path: &d.key.path,
            line: d.key.line,
            title: &d.title,
            score: d.score,
            date: d.date.as_deref(),
            date_iso: d.date_iso.as_deref(),
            source: d.source.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    doc: JsonDoc<'a>,
    snippet: &'a str,
    /// Byte ranges in `snippet` to highlight.
    highlights: Vec<[usize; 2]>,
    /// Byte ranges of the matches in the file as stored (in the text, and
    /// in a JSON Lines record's title).
    matches: Vec<[usize; 2]>,
    /// Byte ranges in `title` that match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    title_highlights: Vec<[usize; 2]>,
    /// Found only through close spellings (docs/search.md Q6).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    close: bool,
    /// `"text"` when `matches` are byte ranges in the document's text
    /// value rather than in its file (a Parquet row).
    #[serde(skip_serializing_if = "Option::is_none")]
    offsets: Option<&'static str>,
}

/// Runs `qari search`.
///
/// # Errors
/// An empty or too short query, the corpus or the index failed, writing
/// failed.
pub fn run(args: &SearchArgs, paths: &[PathBuf], ctx: &Context) -> Result<(), Failure> {
    let mut parsed = Parsed::new(&args.query, args.strict);
    if let Some(bad) = parsed.filters.invalid.first() {
        return Err(Failure::usage(sanitize_line(bad)));
    }
    if let Some(sort) = args.sort {
        parsed.filters.order = Some(match sort {
            SortArg::Relevance => Order::Relevance,
            SortArg::Newest => Order::Newest,
            SortArg::Oldest => Order::Oldest,
            SortArg::Source => Order::Source,
        });
    }
    if parsed.is_empty() {
        return Err(Failure::usage("the query is empty"));
    }
    if parsed.pending {
        return Err(Failure::usage(format!(
            "'{}' is too short to search: type at least 2 letters (a lone proclitic such as ال counts as none)",
            sanitize_line(args.query.trim())
        )));
    }
    let limit = args.limit.clamp(1, MAX_LIMIT);
    let (mut engine, summary) = open_engine(paths, ctx)?;
    if let Some(s) = summary {
        note(&format!("index updated: {s}"));
    }
    let results = match engine.search(&parsed, limit) {
        // Damage found while searching: rebuilt, then searched again.
        Err(e) if e.is_damage() && !paths.is_empty() => {
            note(&format!("{e}; rebuilding it"));
            (engine, _, _) = open_engine_with(paths, ctx, Some(e.to_string()), false)?;
            engine.search(&parsed, limit).map_err(Failure::new)?
        }
        r => r.map_err(Failure::new)?,
    };
    let facets = if args.facets {
        Some(engine.facets(&parsed).map_err(Failure::new)?)
    } else {
        None
    };
    if results.hits.is_empty() {
        note(&format!("no match for '{}'", args.query));
        if let Some(f) = &facets
            && args.json
        {
            let mut out = Printer::plain();
            out.json(&JsonFacets { facets: f })?;
            out.finish()?;
        }
        return Ok(());
    }
    let settings = &ctx.settings;
    let width = settings.output_width(80);
    let mut out = if args.json {
        Printer::plain()
    } else {
        Printer::text(settings)
    };
    let exact = results.matcher.exact();
    let snippet_chars = width.saturating_sub(6).max(20) * 2;
    let details: Vec<(&crate::search::Hit, Details)> = results
        .hits
        .iter()
        .filter_map(|h| Some((h, engine.details(h, &results.matcher, snippet_chars)?)))
        .collect();
    // The records of compressed files, read ahead in one pass per file.
    let mut files = ReadCache::default();
    if args.json {
        files.prefetch(details.iter().map(|(_, d)| &d.locator));
    }
    for (h, d) in details {
        if args.json {
            let matcher = if h.close { &results.matcher } else { &exact };
            let in_file = |src: &crate::corpus::DocText, known: Option<&[Range<usize>]>| {
                let found;
                let hits = match known {
                    Some(h) => h,
                    None => {
                        found = matcher.hits(&src.text);
                        &found[..]
                    }
                };
                hits.iter()
                    .map(|r| {
                        let r = src.range_to_source(r.clone());
                        [r.start, r.end]
                    })
                    .collect::<Vec<[usize; 2]>>()
            };
            let title_highlights: Vec<[usize; 2]> = matcher
                .hits(&d.title)
                .into_iter()
                .map(|r| [r.start, r.end])
                .collect();
            let mut matches = d
                .locator
                .read_cached(&files)
                // The text read again is the text indexed: its matches
                // are known already (found again if the file changed).
                .map(|src| in_file(&src, (src.text.len() == d.text_len).then_some(&d.hits[..])))
                .unwrap_or_default();
            // A record's title is in the file too: its matches as well
            // (not for a Parquet row: its ranges are in the text value).
            let in_file_bytes = d.locator.offsets_in_file();
            if in_file_bytes
                && !title_highlights.is_empty()
                && let Ok(Some(title)) = d.locator.read_title_cached(&files)
            {
                matches.extend(in_file(&title, None));
                matches.sort_unstable();
            }
            let j = JsonHit {
                doc: JsonDoc::of(&d),
                snippet: &d.snippet.text,
                highlights: d
                    .snippet
                    .highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
                matches,
                title_highlights,
                close: d.close,
                offsets: (!in_file_bytes).then_some("text"),
            };
            out.json(&j)?;
        } else {
            write_text_hit(&mut out, &d, settings, width);
        }
        if out.failed() {
            break;
        }
    }
    if let Some(f) = &facets {
        if args.json {
            out.json(&JsonFacets { facets: f })?;
        } else {
            write_facets(&mut out, f);
        }
    }
    out.finish()?;
    if !args.json && results.total > results.hits.len() {
        note(&format!(
            "{} of {} matching documents shown (--limit){}",
            results.hits.len(),
            results.total,
            if results.fuzzy {
                "; close spellings after the exact matches"
            } else {
                ""
            }
        ));
    } else if !args.json && results.fuzzy {
        if results.hits.iter().all(|h| h.close) {
            note("no exact match; close spellings shown");
        } else {
            note("few exact matches; close spellings shown after them (marked ≈)");
        }
    }
    if results.partial {
        note(&format!(
            "the last word begins more than {} indexed words; the first of them were searched, so the count is a lower bound (type more of the word, or end it with a space)",
            crate::search::PREFIX_TERMS
        ));
    }
    if results.capped {
        note("strict mode checked the first 1,000 candidates only; the count is a lower bound");
    }
    Ok(())
}

/// The facets line of `--json --facets`.
#[derive(Serialize)]
struct JsonFacets<'a> {
    facets: &'a Facets,
}

/// The facets as text: sources (most hits first), then months.
fn write_facets(out: &mut Printer, f: &Facets) {
    out.line("");
    out.line("sources:");
    for (s, n) in &f.sources {
        out.line(&format!("  {n:>8}  {}", sanitize_line(s)));
    }
    if f.no_source > 0 {
        out.line(&format!("  {:>8}  (no source)", f.no_source));
    }
    out.line("months:");
    for (m, n) in &f.months {
        out.line(&format!("  {n:>8}  {m}"));
    }
    if f.no_date > 0 {
        out.line(&format!("  {:>8}  (no date)", f.no_date));
    }
}

/// One hit as text: `id  score  title`, then the snippet indented. On a
/// terminal where qari orders the text, both are laid out by the engine
/// and the matches shown in reverse video; otherwise logical order with
/// the matches between `⟦` and `⟧`.
fn write_text_hit(out: &mut Printer, d: &Details, settings: &Settings, width: usize) {
    let head = format!(
        "{}  {:.2}{}  ",
        sanitize_line(&d.id),
        d.score,
        if d.close { " ≈" } else { "" }
    );
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
    let highlights: Vec<Range<usize>> = d
        .snippet
        .highlights
        .iter()
        .map(|h| h.start + shift..h.end + shift)
        .collect();
    if settings.visual() {
        let fallback = if TextDirection::of(&d.title) == TextDirection::Ltr {
            Dir::Ltr
        } else {
            Dir::Rtl
        };
        let room = width.saturating_sub(head.chars().count() + 1).max(10);
        out.line(&format!(
            "{head}{}",
            fit_line_text(&d.title, &settings.layout(room, fallback))
        ));
        let spans: Vec<MarkSpan> = highlights
            .iter()
            .map(|r| MarkSpan {
                range: r.clone(),
                marks: Marks::HIT,
            })
            .collect();
        let opts = settings.layout(width.saturating_sub(4).max(10), fallback);
        for row in bidi::layout_paragraph(&snippet, 0, &spans, &opts) {
            out.row("    ", &row);
        }
    } else {
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
        out.line(&format!("{head}{}", sanitize_line(&d.title)));
        out.line(&format!("    {}", sanitize_line(&marked)));
    }
}
