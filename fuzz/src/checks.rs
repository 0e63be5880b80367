//! The invariants each fuzz target checks, one function per target: each
//! takes the fuzzer's bytes, runs one of qari's entry points for bytes from
//! a user on them, and panics when an invariant does not hold (not only
//! when qari panics).
//!
//! Shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/fuzz_regressions.rs`, which replays every crash input kept in
//! `tests/data/fuzz/<target>/` through the same function.

#![allow(dead_code)] // each user takes what it needs

use std::io::Read;
use std::ops::Range;

use qari::bidi::{self, Dir, LamAlef, LayoutOptions, Order, Row, Wire};
use qari::compare::{self, Options};
use qari::corpus::{Corpus, LoadOptions};
use qari::marks::{MarkSpan, Marks};
use qari::render::panes::{self, Pane};
use qari::search::{Matcher, Parsed, snippet};

/// The fuzzer's bytes: a few leading bytes choose options, the rest is data.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    /// The next byte (0 when there is none).
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// The next `n` bytes (fewer at the end).
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }

    /// Text up to the next 0xFF byte (or the end), lossily decoded.
    fn text(&mut self) -> String {
        let end = self
            .0
            .iter()
            .position(|&b| b == 0xFF)
            .unwrap_or(self.0.len());
        let t = String::from_utf8_lossy(&self.0[..end]).into_owned();
        self.0 = self.0.get(end + 1..).unwrap_or(&[]);
        t
    }

    fn rest(&mut self) -> &'a [u8] {
        self.take(self.0.len())
    }
}

/// A character that must never reach a terminal from a row.
fn is_control_or_bidi_format(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Checks rows laid out from `text` (offsets starting at `base`) at
/// `width`: each fits, holds no control or bidi format character, and its
/// cells point at whole characters of `text` in order.
fn check_rows(rows: &[Row], text: &str, base: usize, width: usize, reveal: bool) {
    assert!(!rows.is_empty(), "no row at all");
    let width = width.max(2);
    let end = base + text.len();
    for (r, row) in rows.iter().enumerate() {
        assert!(
            row.indent + row.width <= width,
            "row {r} is {} + {} columns wide, more than {width}",
            row.indent,
            row.width
        );
        assert_eq!(
            row.width,
            row.cells
                .iter()
                .map(|c| usize::from(c.width))
                .sum::<usize>()
        );
        for c in row.text.chars() {
            assert!(!c.is_control(), "control {c:?} in row {r}");
            if !reveal {
                assert!(
                    !is_control_or_bidi_format(c),
                    "bidi format {c:?} in row {r}"
                );
            }
        }
        assert!(
            row.src.start >= base && row.src.end <= end,
            "row {r} src {:?}",
            row.src
        );
        for cell in &row.cells {
            assert!(
                cell.src.start <= cell.src.end && cell.src.start >= base && cell.src.end <= end,
                "cell src {:?} outside {base}..{end}",
                cell.src
            );
            let local = cell.src.start - base..cell.src.end - base;
            assert!(
                text.is_char_boundary(local.start) && text.is_char_boundary(local.end),
                "cell src {local:?} splits a character"
            );
            assert!(
                row.text
                    .get(cell.sym.start as usize..cell.sym.end as usize)
                    .is_some(),
                "cell symbol out of the row's text"
            );
        }
    }
    // Rows cover the paragraph in order.
    let mut next = base;
    for row in rows {
        assert_eq!(row.src.start, next, "rows skip or overlap");
        next = row.src.end;
    }
    assert_eq!(next, end, "rows do not reach the end");
}

/// File decoding: plain text, JSON Lines, gzip, detected and forced
/// encodings. Every document's text maps back into the file's bytes, in
/// order, each character to bytes that stand for it.
pub fn decode(data: &[u8]) {
    let mut input = Input(data);
    let kind = input.byte();
    let name = ["a.txt", "a.jsonl", "a.txt.gz", "a.jsonl.gz"][usize::from(kind % 4)];
    let encoding = match input.byte() % 6 {
        0..=2 => None,
        3 => Some(encoding_rs::UTF_8),
        4 => Some(encoding_rs::WINDOWS_1256),
        _ => Some(encoding_rs::UTF_16LE),
    };
    let raw = input.rest();
    let opts = LoadOptions {
        encoding,
        ..LoadOptions::default()
    };
    let corpus = Corpus::from_file_bytes(name, raw, &opts);
    let stored: Vec<u8> = if name.ends_with(".gz") {
        let mut out = Vec::new();
        let mut dec = flate2::read::MultiGzDecoder::new(raw).take(256 << 20);
        if dec.read_to_end(&mut out).is_err() {
            assert!(corpus.is_empty(), "documents from a broken gzip stream");
            return;
        }
        out
    } else {
        raw.to_vec()
    };
    let jsonl = name.contains(".jsonl");
    for (i, meta) in corpus.iter().enumerate() {
        let doc = corpus.text(i).expect("kept text");
        let text = &doc.text;
        assert_eq!(meta.bytes, text.len());
        if meta.title != meta.id {
            // (A document without a title shows its id, as it is.)
            assert!(!meta.title.contains(['\n', '\r']), "title {:?}", meta.title);
            assert!(meta.title.chars().count() <= 201, "title too long");
        }
        let enc = encoding_rs::Encoding::for_label(meta.encoding.as_bytes())
            .unwrap_or(encoding_rs::UTF_8);
        let mut last = 0;
        for (t, c) in text.char_indices() {
            let a = doc.to_source(t);
            let b = doc.to_source(t + c.len_utf8());
            assert!(
                a >= last,
                "offsets go back at text offset {t}: {a} < {last}"
            );
            assert!(
                a <= b && b <= stored.len(),
                "{c:?} at {t} maps to {a}..{b} of {}",
                stored.len()
            );
            last = b;
            if c == '\u{FFFD}' {
                continue;
            }
            let src = &stored[a..b];
            let decoded = if enc == encoding_rs::UTF_8 {
                String::from_utf8_lossy(src).into_owned()
            } else {
                enc.decode_without_bom_handling(src).0.into_owned()
            };
            let escaped = jsonl && decoded.starts_with('\\');
            assert!(
                decoded == c.to_string() || escaped,
                "{c:?} at {t} maps to bytes {src:?} ({decoded:?}) in {}",
                meta.encoding
            );
        }
        assert!(doc.to_source(text.len()) <= stored.len());
    }
}

/// Sentences and titles: sentences are in order, disjoint, trimmed, on
/// character boundaries, and every other character is whitespace.
pub fn segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let sentences = compare::segment::sentences(&text);
    let mut end = 0;
    for s in &sentences {
        let r = s.range.clone();
        assert!(
            r.start >= end && r.start < r.end && r.end <= text.len(),
            "{r:?}"
        );
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let piece = &text[r.clone()];
        assert!(
            piece.trim() == piece && !piece.starts_with('\u{FEFF}'),
            "untrimmed {piece:?}"
        );
        let between = &text[end..r.start];
        assert!(
            between
                .chars()
                .all(|c| c.is_whitespace() || c == '\u{FEFF}'),
            "text left out: {between:?}"
        );
        end = r.end;
    }
    assert!(
        text[end..]
            .chars()
            .all(|c| c.is_whitespace() || c == '\u{FEFF}'),
        "tail left out"
    );
    // Titles come from the same text read as a document.
    let corpus = Corpus::from_file_bytes("t.txt", data, &LoadOptions::default());
    for d in corpus.iter().filter(|d| d.title != d.id) {
        assert!(!d.title.contains(['\n', '\r']), "title {:?}", d.title);
        assert!(d.title.chars().count() <= 201);
    }
}

/// The layout engine with styles and shaping: rows fit, hold no control
/// or bidi format character, point at whole characters.
pub fn layout(data: &[u8]) {
    let mut input = Input(data);
    let flags = input.byte();
    let width = usize::from(input.byte() % 100);
    let opts = LayoutOptions {
        width,
        fallback: if flags & 1 == 0 { Dir::Rtl } else { Dir::Ltr },
        force: match (flags >> 1) % 3 {
            0 => None,
            1 => Some(Dir::Rtl),
            _ => Some(Dir::Ltr),
        },
        shape: flags & 8 != 0,
        lam_alef: if flags & 16 == 0 {
            LamAlef::Ligature
        } else {
            LamAlef::TwoCell
        },
        order: if flags & 32 == 0 {
            Order::Visual
        } else {
            Order::Logical
        },
        tab_width: usize::from(input.byte() % 12),
        reveal: flags & 64 != 0,
        // How rows are sent changes no cell (bidi::wire): checked there.
        wire: Wire::Visual,
    };
    let base = usize::from(input.byte()) * 7;
    let nspans = usize::from(input.byte() % 8);
    let raw_spans = input.take(nspans * 3).to_vec();
    let text = String::from_utf8_lossy(input.rest()).into_owned();
    let spans: Vec<MarkSpan> = raw_spans
        .chunks_exact(3)
        .map(|c| {
            let a = base + usize::from(c[0]) % (text.len() + 1);
            let b = a + usize::from(c[1]);
            MarkSpan {
                range: a..b,
                marks: Marks::from_bits_truncate(c[2]),
            }
        })
        .collect();
    for (at, para) in bidi::paragraphs(&text) {
        let rows = bidi::layout_paragraph(para, base + at, &spans, &opts);
        check_rows(&rows, para, base + at, opts.width, opts.reveal);
    }
}

/// Byte ranges are sorted, disjoint, inside the text and on character
/// boundaries.
fn check_ranges(ranges: &[Range<usize>], text: &str, what: &str) {
    let mut end = 0;
    for r in ranges {
        assert!(
            r.start >= end && r.start <= r.end && r.end <= text.len(),
            "{what} {r:?}"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{what} {r:?} splits a character"
        );
        end = r.end;
    }
}

/// The query parser and the matcher: any query parses; hits in any text
/// are sorted, disjoint whole characters; a snippet of them highlights
/// what it shows.
pub fn query(data: &[u8]) {
    let mut input = Input(data);
    let flags = input.byte();
    let q = input.text();
    let text = String::from_utf8_lossy(input.rest()).into_owned();
    let parsed = Parsed::new(&q, flags & 1 != 0);
    let _ = parsed.fuzzy_candidates();
    let _ = parsed.is_empty();
    let matcher = Matcher::new(&parsed, flags & 2 != 0);
    let hits = matcher.hits(&text);
    check_ranges(&hits, &text, "hit");
    let _ = matcher.accepts(&text);
    check_snippet(&text, &hits, usize::from(flags >> 2) * 4);
}

fn check_snippet(text: &str, hits: &[Range<usize>], chars: usize) {
    let s = snippet::make(text, hits, chars);
    check_ranges(&s.highlights, &s.text, "highlight");
    assert!(!s.text.contains(['\n', '\r', '\t']), "{:?}", s.text);
    assert!(
        s.text.chars().count() <= chars.max(10),
        "snippet longer than asked"
    );
    // Each highlight shows a hit's text (line breaks turned into spaces).
    for h in &s.highlights {
        let shown = &s.text[h.clone()];
        assert!(
            hits.iter().any(|r| {
                let orig: String = text[r.clone()]
                    .chars()
                    .map(|c| {
                        if matches!(c, '\n' | '\r' | '\t') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                orig == shown
            }),
            "highlight {shown:?} is no hit"
        );
    }
}

/// Snippets of any sorted, disjoint ranges of any text.
pub fn snippet(data: &[u8]) {
    let mut input = Input(data);
    let chars = usize::from(input.byte());
    let n = usize::from(input.byte() % 16);
    let raw = input.take(n * 2).to_vec();
    let text = String::from_utf8_lossy(input.rest()).into_owned();
    let mut cuts: Vec<usize> = raw
        .iter()
        .map(|&b| usize::from(b) * text.len() / 255)
        .map(|mut k| {
            while !text.is_char_boundary(k) {
                k -= 1;
            }
            k
        })
        .collect();
    cuts.sort_unstable();
    let hits: Vec<Range<usize>> = cuts
        .chunks_exact(2)
        .map(|p| p[0]..p[1])
        .filter(|r| !r.is_empty())
        .collect();
    let mut disjoint: Vec<Range<usize>> = Vec::new();
    for h in hits {
        if disjoint.last().is_none_or(|l| l.end <= h.start) {
            disjoint.push(h);
        }
    }
    check_snippet(&text, &disjoint, chars);
}

/// The compare pipeline on two texts: every sentence of each side is shown
/// once, in order; groups, ops and scores are sound; the panes' rows fit
/// and are clean.
pub fn compare(data: &[u8]) {
    let mut input = Input(data);
    let flags = input.byte();
    let width = 9 + usize::from(input.byte() % 120);
    let left = input.text();
    let right = String::from_utf8_lossy(input.rest()).into_owned();
    let opts = Options {
        // Small limits now and then, to go through the cut-off too.
        max_pairs: if flags & 1 == 0 {
            compare::MAX_PAIRS
        } else {
            usize::from(flags >> 1)
        },
        ..Options::default()
    };
    let c = compare::compare(&left, &right, &opts, None);
    let (n, m) = (c.left.sentences.len(), c.right.sentences.len());
    let rows = c.rows();
    let l: Vec<usize> = rows.iter().filter_map(|r| r.0).collect();
    let r: Vec<usize> = rows.iter().filter_map(|r| r.1).collect();
    assert_eq!(
        l,
        (0..n).collect::<Vec<_>>(),
        "left sentences shown once each, in order"
    );
    assert_eq!(
        r,
        (0..m).collect::<Vec<_>>(),
        "right sentences shown once each, in order"
    );
    assert_eq!(c.cut.is_some(), n * m > opts.max_pairs);
    let counts = c.counts();
    assert_eq!(
        counts.shared + counts.moved + counts.left_only + counts.right_only,
        n + m
    );
    for (side, text) in [(&c.left, &left), (&c.right, &right)] {
        check_ranges(
            &side
                .sentences
                .iter()
                .map(|s| s.range.clone())
                .collect::<Vec<_>>(),
            text,
            "sentence",
        );
        for d in &side.differing {
            assert!(
                d.end <= text.len()
                    && text.is_char_boundary(d.start)
                    && text.is_char_boundary(d.end)
            );
        }
    }
    for g in &c.groups {
        assert!(!g.left.is_empty() && !g.right.is_empty());
        assert!(g.left.iter().all(|&i| i < n) && g.right.iter().all(|&j| j < m));
        assert!((0.0..=1.0).contains(&g.score), "score {}", g.score);
        for op in &g.ops {
            for (range, text) in [(&op.left, &left), (&op.right, &right)] {
                assert!(
                    range.start <= range.end && range.end <= text.len(),
                    "op {range:?}"
                );
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
    let sc = c.scores;
    for x in [
        sc.similarity,
        sc.coverage_left,
        sc.coverage_right,
        sc.jaccard_words,
        sc.resemblance,
    ] {
        assert!((0.0..=1.0).contains(&x), "score {x}");
    }
    let pane = (width - 3) / 2;
    let layout = |shape| LayoutOptions {
        width: pane,
        shape,
        ..LayoutOptions::default()
    };
    let pa = Pane {
        text: &left,
        opts: layout(flags & 2 != 0),
        spans: &[],
    };
    let pb = Pane {
        text: &right,
        opts: layout(false),
        spans: &[],
    };
    let lines = panes::lines(&c, [&pa, &pb]);
    let mut seen = [Vec::new(), Vec::new()];
    for line in &lines {
        for (side, half) in line.halves.iter().enumerate() {
            if let Some(row) = &half.row {
                assert!(row.indent + row.width <= pane.max(2), "pane row too wide");
                assert!(
                    !row.text.chars().any(is_control_or_bidi_format),
                    "{:?}",
                    row.text
                );
            }
            if half.first {
                seen[side].push(half.sentence.expect("a first row has its sentence"));
            }
        }
    }
    assert_eq!(
        seen[0],
        (0..n).collect::<Vec<_>>(),
        "left panes list each sentence once"
    );
    assert_eq!(
        seen[1],
        (0..m).collect::<Vec<_>>(),
        "right panes list each sentence once"
    );
}

/// The configuration parser: any text is a configuration or an error that
/// names the file and a line of it.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match qari::config::parse_over_defaults(&text, "fuzz.toml") {
        Ok(c) => {
            let _ = c.layout.max_width;
        }
        Err(e) => {
            assert_eq!(e.path, "fuzz.toml");
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= text.lines().count() + 1, "line {line}");
            }
            assert!(!e.message.is_empty());
        }
    }
    for k in text.split_whitespace().take(50) {
        let _ = qari::config::keys::parse_key(k);
    }
}
