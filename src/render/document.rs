//! A whole document laid out: paragraph by paragraph through the engine.
//!
//! Paragraphs are split at hard line breaks ([`bidi::paragraphs`]); blank
//! lines are kept as empty rows. Each paragraph takes its own base direction
//! (first strong character), falling back to the document's.

use crate::bidi::{self, LayoutOptions, MarkSpan, Row};

/// Calls `f` with every row of `text`, in order, without keeping them.
pub fn for_each_row(text: &str, opts: &LayoutOptions, spans: &[MarkSpan], mut f: impl FnMut(Row)) {
    for (offset, para) in bidi::paragraphs(text) {
        for row in bidi::layout_paragraph(para, offset, spans, opts) {
            f(row);
        }
    }
}

/// Every row of `text`.
#[must_use]
pub fn layout(text: &str, opts: &LayoutOptions, spans: &[MarkSpan]) -> Vec<Row> {
    let mut rows = Vec::new();
    for_each_row(text, opts, spans, |r| rows.push(r));
    rows
}

/// Texts smaller than this are rendered on one thread.
const PARALLEL_BYTES: usize = 256 << 10;

/// Appends `row` to `out` as a plain line: as [`super::ansi::write_row`]
/// writes it unstyled, trailing blanks cut, then a newline.
fn push_plain(row: &Row, out: &mut String) {
    let start = out.len();
    super::ansi::write_row(row, false, out);
    let kept = out[start..].trim_end_matches(' ').len();
    out.truncate(start + kept);
    out.push('\n');
}

/// Size of the pieces [`stream_plain`] hands on.
const STREAM_BYTES: usize = 64 << 10;

/// Renders `text` as plain lines, like [`render_plain`], on one thread,
/// handing them to `emit` in pieces of about 64 KB as they are made, so
/// that a large text's output is never held whole. Stops early when
/// `emit` returns `false`.
pub fn stream_plain(text: &str, opts: &LayoutOptions, mut emit: impl FnMut(&str) -> bool) {
    let mut out = String::with_capacity(STREAM_BYTES + (STREAM_BYTES >> 2));
    let mut going = true;
    for (offset, para) in bidi::paragraphs(text) {
        for row in bidi::layout_paragraph_text(para, offset, opts) {
            push_plain(&row, &mut out);
        }
        if out.len() >= STREAM_BYTES {
            going = emit(&out);
            out.clear();
            if !going {
                break;
            }
        }
    }
    if going && !out.is_empty() {
        emit(&out);
    }
}

/// Renders `text` as plain lines (each row as [`super::ansi::write_row`]
/// writes it unstyled, trailing blanks cut, then a newline): what `qari
/// show` prints. Large texts are cut at line breaks into `threads` pieces
/// laid out in parallel; the pieces are returned in order.
#[must_use]
pub fn render_plain(text: &str, opts: &LayoutOptions, threads: usize) -> Vec<String> {
    let render = |piece: &str| {
        let mut out = String::with_capacity(piece.len() * 2);
        for (offset, para) in bidi::paragraphs(piece) {
            for row in bidi::layout_paragraph_text(para, offset, opts) {
                push_plain(&row, &mut out);
            }
        }
        out
    };
    if threads <= 1 || text.len() < PARALLEL_BYTES {
        return vec![render(text)];
    }
    let mut pieces = Vec::with_capacity(threads);
    let mut start = 0;
    for k in 1..threads {
        let target = (text.len() * k / threads).max(start);
        // Cut right after a line feed, so that no paragraph is split.
        if let Some(nl) = text.as_bytes()[target..].iter().position(|&b| b == b'\n') {
            let cut = target + nl + 1;
            pieces.push(&text[start..cut]);
            start = cut;
        }
    }
    pieces.push(&text[start..]);
    std::thread::scope(|s| {
        let handles: Vec<_> = pieces.iter().map(|p| s.spawn(|| render(p))).collect();
        handles
            .into_iter()
            .zip(&pieces)
            .map(|(h, p)| h.join().unwrap_or_else(|_| render(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_kept_and_offsets_are_absolute() {
        let text = "سطر أول\n\nsecond line\n";
        let rows = layout(text, &LayoutOptions::default(), &[]);
        assert_eq!(rows.len(), 3);
        assert!(rows[1].cells.is_empty());
        assert!(rows[0].rtl && !rows[2].rtl);
        let s = rows[2].cells[0].src.clone();
        assert_eq!(&text[s], "s");
    }

    #[test]
    fn parallel_rendering_equals_sequential() {
        let sample = crate::corpus::Corpus::sample();
        let one: String = (0..sample.len())
            .map(|i| sample.text(i).expect("text").text.clone())
            .collect::<Vec<_>>()
            .join("\n");
        let text = one.repeat(10);
        let opts = LayoutOptions {
            shape: true,
            ..LayoutOptions::default()
        };
        let seq = render_plain(&text, &opts, 1).concat();
        for threads in [2, 3, 7] {
            assert_eq!(render_plain(&text, &opts, threads).concat(), seq);
        }
        assert_eq!(seq.lines().count(), layout(&text, &opts, &[]).len());
        let mut streamed = String::new();
        stream_plain(&text, &opts, |piece| {
            streamed.push_str(piece);
            true
        });
        assert_eq!(streamed, seq);
    }
}
