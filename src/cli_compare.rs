//! `qari compare A B`: two documents aligned by meaning, printed side by
//! side (each pane laid out by the bidi engine), or as one JSON object of
//! schema `qari.compare/1` (documented in `docs/compare.schema.json`) whose
//! byte ranges index the files as stored.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::bidi::{LayoutOptions, Row};
use crate::cli::{BIDI_EXPLICIT, BIDI_RESTORE, Failure, sanitize_line};
use crate::compare::{self, Comparison, Options, panes};
use crate::config::{BidiMode, Config};
use crate::corpus::{Corpus, DocMeta, DocText, LoadOptions};

/// One compared document: its metadata and text.
pub struct Doc {
    /// Metadata.
    pub meta: DocMeta,
    /// Text and the map to the file's bytes.
    pub text: std::sync::Arc<DocText>,
}

/// Finds both documents: each argument a file path or an id in the corpus
/// (loaded once).
fn resolve(a: &str, b: &str, corpus: &[PathBuf], load: &LoadOptions) -> Result<[Doc; 2], Failure> {
    let mut shared: Option<Corpus> = None;
    let mut one = |arg: &str| -> Result<Doc, Failure> {
        if std::path::Path::new(arg).is_file() {
            let (c, i) = crate::cli::resolve_doc(arg, &[], load)?;
            return Ok(Doc {
                meta: c.docs[i].clone(),
                text: c.text(i)?,
            });
        }
        if shared.is_none() {
            shared = Some(Corpus::load(corpus, load)?);
        }
        let c = shared.as_ref().ok_or_else(|| Failure::new("no corpus"))?;
        let i = c.resolve(arg)?;
        Ok(Doc {
            meta: c.docs[i].clone(),
            text: c.text(i)?,
        })
    };
    Ok([one(a)?, one(b)?])
}

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
struct JsonCompare<'a> {
    schema: &'static str,
    left: JsonSide<'a>,
    right: JsonSide<'a>,
    options: JsonOptions,
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
    serde_json::to_string(&out)
}

/// SGR for a cell's style bits (terminal output only).
fn sgr(bits: u32) -> &'static str {
    if bits & panes::DIFFER != 0 {
        "\x1b[0;1;4m"
    } else if bits & panes::ONLY != 0 {
        "\x1b[0;2m"
    } else if bits & panes::MOVED != 0 {
        "\x1b[0;3m"
    } else {
        "\x1b[0m"
    }
}

/// A pane's row padded to `width` columns; styled when `color`.
fn half(row: Option<&Row>, width: usize, color: bool, out: &mut String) {
    let Some(row) = row else {
        out.extend(std::iter::repeat_n(' ', width));
        return;
    };
    out.extend(std::iter::repeat_n(' ', row.indent));
    let mut last = 0;
    for cell in &row.cells {
        if color && cell.style != last {
            out.push_str(sgr(cell.style));
            last = cell.style;
        }
        out.push_str(row.symbol(cell));
    }
    if color && last != 0 {
        out.push_str("\x1b[0m");
    }
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(row.indent + row.width),
    ));
}

/// A title as one row in visual order (`bidi`: laid out by the engine,
/// cut to `width` columns).
fn title_row(title: &str, width: usize, opts: &LayoutOptions) -> String {
    let one_line = sanitize_line(title.lines().next().unwrap_or(""));
    let opts = LayoutOptions {
        width: width.max(1),
        ..*opts
    };
    let mut rows = crate::bidi::layout_paragraph(&one_line, 0, &[], &opts).into_iter();
    let Some(first) = rows.next() else {
        return String::new();
    };
    match (rows.next().is_some(), first.rtl) {
        // Cut: the mark goes at the logical end, the left of RTL text.
        (true, true) => format!("…{}", first.text),
        (true, false) => format!("{}…", first.text),
        (false, _) => first.text,
    }
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
        let room = width.saturating_sub(id.chars().count() + 7);
        h.push_str(&format!(
            "{tag}: {id} — {}\n",
            title_row(&d.meta.title, room, opts)
        ));
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
pub fn run(
    a: &str,
    b: &str,
    corpus: &[PathBuf],
    width: Option<usize>,
    json: bool,
    load: &LoadOptions,
    config: &Config,
) -> Result<(), Failure> {
    if width.is_some_and(|w| w < 9) {
        return Err(Failure::usage("--width must be at least 9"));
    }
    let docs = resolve(a, b, corpus, load)?;
    let opts = Options::default();
    let cmp = compare::compare(&docs[0].text.text, &docs[1].text.text, &opts, None);
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<()> {
        if json {
            out.write_all(to_json(&docs, &cmp, &opts)?.as_bytes())?;
            out.write_all(b"\n")?;
            return out.flush();
        }
        let width = width.unwrap_or_else(|| {
            if tty {
                crate::cli::terminal_width()
            } else {
                160
            }
        });
        let pane = (width - 3) / 2;
        let bidi = config.layout.bidi;
        let lopts = |d: &Doc| {
            crate::cli::printed_layout(config, bidi, pane, d.meta.direction.fallback(), false)
        };
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
        let explicit = tty && bidi == BidiMode::App;
        if explicit {
            out.write_all(BIDI_EXPLICIT.as_bytes())?;
        }
        out.write_all(header(&docs, &cmp, width, &pa.opts).as_bytes())?;
        let mut line = String::new();
        for l in panes::lines(&cmp, [&pa, &pb]) {
            line.clear();
            half(l.halves[0].row.as_ref(), pane, tty, &mut line);
            line.push(' ');
            line.push(panes::gutter(&cmp, &l));
            line.push(' ');
            half(l.halves[1].row.as_ref(), pane, tty, &mut line);
            let trimmed = line.trim_end_matches(' ');
            out.write_all(trimmed.as_bytes())?;
            out.write_all(b"\n")?;
        }
        if explicit {
            out.write_all(BIDI_RESTORE.as_bytes())?;
        }
        out.flush()
    })();
    crate::cli::output_done(result)
}
