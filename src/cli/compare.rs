//! `qari compare A B`: two documents aligned by meaning, printed side by
//! side (each pane laid out by the bidi engine), or as one JSON object of
//! schema `qari.compare/1` (documented in `docs/compare.schema.json`) whose
//! byte ranges index the files as stored.

use serde::Serialize;

use super::args::CompareArgs;
use super::output::{Printer, note};
use super::resolve::{Doc, resolve_pair};
use super::{Context, Failure};
use crate::bidi::{LayoutOptions, Row};
use crate::compare::{self, Comparison, Options};
use crate::render::{ansi, fit_line_text, panes, sanitize_line};

/// Widest `--width` accepted.
const MAX_WIDTH: usize = 10_000;

#[derive(Serialize)]
struct JsonSentence {
    i: usize,
    para: usize,
    byte: [usize; 2],
}

#[derive(Serialize)]
struct JsonSide<'a> {
    id: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    title: &'a str,
    sentences: Vec<JsonSentence>,
}

#[derive(Serialize)]
struct JsonRange {
    byte: [usize; 2],
}

#[derive(Serialize)]
struct JsonOp {
    op: &'static str,
    left: JsonRange,
    right: JsonRange,
}

#[derive(Serialize)]
struct JsonGroup {
    id: usize,
    left: Vec<usize>,
    right: Vec<usize>,
    score: f64,
    kind: &'static str,
    moved: bool,
    ops: Vec<JsonOp>,
}

#[derive(Serialize)]
struct JsonScores {
    similarity: f64,
    coverage_left: f64,
    coverage_right: f64,
    jaccard_words: f64,
    resemblance_5sh: f64,
    containment_lr: f64,
    containment_rl: f64,
    near_duplicate: bool,
}

#[derive(Serialize)]
struct JsonOptions {
    tau: f64,
    dice_weight: f64,
    align: &'static str,
}

#[derive(Serialize)]
struct JsonUnaligned {
    left: Vec<usize>,
    right: Vec<usize>,
}

#[derive(Serialize)]
struct JsonCut {
    pairs: usize,
    scored: usize,
    band: usize,
}

#[derive(Serialize)]
struct JsonCompare<'a> {
    schema: &'static str,
    left: JsonSide<'a>,
    right: JsonSide<'a>,
    options: JsonOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    cut: Option<JsonCut>,
    similarity: f64,
    scores: JsonScores,
    groups: Vec<JsonGroup>,
    unaligned: JsonUnaligned,
    rows: Vec<[Option<usize>; 2]>,
}

/// Four decimals: stable across reruns and platforms.
fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

fn bytes(doc: &Doc, r: std::ops::Range<usize>) -> [usize; 2] {
    let s = doc.text.range_to_source(r);
    [s.start, s.end]
}

fn json_side<'a>(d: &'a Doc, s: &compare::Side) -> JsonSide<'a> {
    JsonSide {
        id: &d.meta.id,
        path: &d.meta.path,
        line: d.meta.line,
        title: &d.meta.title,
        sentences: s
            .sentences
            .iter()
            .enumerate()
            .map(|(i, st)| JsonSentence {
                i,
                para: st.para,
                byte: bytes(d, st.range.clone()),
            })
            .collect(),
    }
}

/// The `qari.compare/1` object of a comparison, keys in the documented
/// order (`schema` first).
///
/// # Errors
/// Serialization failures (none expected).
pub fn to_json(docs: &[Doc; 2], cmp: &Comparison, opts: &Options) -> serde_json::Result<String> {
    let unaligned = |s: &compare::Side| -> Vec<usize> {
        s.group
            .iter()
            .enumerate()
            .filter_map(|(i, g)| g.is_none().then_some(i))
            .collect()
    };
    let sc = &cmp.scores;
    let out = JsonCompare {
        schema: "qari.compare/1",
        left: json_side(&docs[0], &cmp.left),
        right: json_side(&docs[1], &cmp.right),
        options: JsonOptions {
            tau: round(opts.tau),
            dice_weight: round(opts.dice_weight),
            align: "best-either-way",
        },
        cut: cmp.cut.map(|c| JsonCut {
            pairs: c.pairs,
            scored: c.scored,
            band: c.band,
        }),
        similarity: round(sc.similarity),
        scores: JsonScores {
            similarity: round(sc.similarity),
            coverage_left: round(sc.coverage_left),
            coverage_right: round(sc.coverage_right),
            jaccard_words: round(sc.jaccard_words),
            resemblance_5sh: round(sc.resemblance),
            containment_lr: round(sc.containment_lr),
            containment_rl: round(sc.containment_rl),
            near_duplicate: sc.near_duplicate,
        },
        groups: cmp
            .groups
            .iter()
            .enumerate()
            .map(|(id, g)| JsonGroup {
                id,
                left: g.left.clone(),
                right: g.right.clone(),
                score: round(g.score),
                kind: g.kind.as_str(),
                moved: g.moved,
                ops: g
                    .ops
                    .iter()
                    .map(|o| JsonOp {
                        op: o.tag.as_str(),
                        left: JsonRange {
                            byte: bytes(&docs[0], o.left.clone()),
                        },
                        right: JsonRange {
                            byte: bytes(&docs[1], o.right.clone()),
                        },
                    })
                    .collect(),
            })
            .collect(),
        unaligned: JsonUnaligned {
            left: unaligned(&cmp.left),
            right: unaligned(&cmp.right),
        },
        rows: cmp.rows().into_iter().map(|(l, r)| [l, r]).collect(),
    };
    super::output::json_line(&out)
}

/// A pane's row padded to `width` columns; styled when `styled`.
fn half(row: Option<&Row>, width: usize, styled: bool, out: &mut String) {
    let used = match row {
        Some(row) => ansi::write_row(row, styled, out),
        None => 0,
    };
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
}

/// The header lines of the text output: both documents and the counts.
#[must_use]
pub fn header(docs: &[Doc; 2], cmp: &Comparison, width: usize, opts: &LayoutOptions) -> String {
    let c = cmp.counts();
    let sc = &cmp.scores;
    let pct = |x: f32| (x * 100.0).round();
    let mut h = String::new();
    for (tag, d) in ["A", "B"].iter().zip(docs) {
        let id = sanitize_line(&d.meta.id);
        let room = width.saturating_sub(id.chars().count() + 7).max(1);
        let title = fit_line_text(
            &d.meta.title,
            &LayoutOptions {
                width: room,
                ..opts.clone()
            },
        );
        h.push_str(&format!("{tag}: {id} — {title}\n"));
    }
    h.push_str(&format!(
        "similarity {}% · shared {} · moved {} · only A {} · only B {} · coverage A {}% / B {}%{}\n",
        pct(sc.similarity),
        c.shared,
        c.moved,
        c.left_only,
        c.right_only,
        pct(sc.coverage_left),
        pct(sc.coverage_right),
        if sc.near_duplicate {
            " · near-duplicate"
        } else {
            ""
        }
    ));
    h
}

/// Runs `qari compare`.
///
/// # Errors
/// Unreadable documents, bad widths, a closed output.
pub fn run(args: &CompareArgs, ctx: &Context) -> Result<(), Failure> {
    if args.width.is_some_and(|w| !(9..=MAX_WIDTH).contains(&w)) {
        return Err(Failure::usage(format!(
            "--width must be between 9 and {MAX_WIDTH}"
        )));
    }
    let docs = resolve_pair(&args.a, &args.b, &args.corpus, &ctx.load)?;
    let opts = Options::default();
    let cmp = compare::compare(&docs[0].text.text, &docs[1].text.text, &opts, None);
    if let Some(cut) = &cmp.cut {
        note(&cut.to_string());
    }
    if args.json {
        let mut out = Printer::plain();
        out.line(&to_json(&docs, &cmp, &opts).map_err(Failure::new)?);
        return out.finish();
    }
    let settings = &ctx.settings;
    let width = args.width.unwrap_or_else(|| settings.output_width(160));
    let pane = (width - 3) / 2;
    let lopts = |d: &Doc| settings.layout(pane, d.meta.direction.fallback());
    let pa = panes::Pane {
        text: &docs[0].text.text,
        opts: lopts(&docs[0]),
        spans: &[],
    };
    let pb = panes::Pane {
        text: &docs[1].text.text,
        opts: lopts(&docs[1]),
        spans: &[],
    };
    let mut out = Printer::text(settings);
    out.str(&header(&docs, &cmp, width, &pa.opts));
    let styled = out.styled();
    let mut line = String::new();
    for l in panes::lines(&cmp, [&pa, &pb]) {
        line.clear();
        half(l.halves[0].row.as_ref(), pane, styled, &mut line);
        line.push(' ');
        line.push(panes::gutter(&cmp, &l));
        line.push(' ');
        half(l.halves[1].row.as_ref(), pane, styled, &mut line);
        out.line(line.trim_end_matches(' '));
        if out.failed() {
            break;
        }
    }
    out.finish()
}
