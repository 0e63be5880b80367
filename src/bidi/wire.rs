//! How a row in visual order is sent to a terminal that may reorder it
//! again (docs/terminals.md §4, each form proven on screenshots of the
//! real terminals). The cells stay where the layout put them on screen;
//! only the order they are sent in within a run, and invisible marks
//! between them, change:
//!
//! - [`Wire::Visual`]: as laid out (terminals without bidi of their own,
//!   or one in explicit mode).
//! - [`Wire::Fenced`]: an LRM, an LRO before the row and a PDF after it,
//!   and an LRM after every right-to-left letter: a terminal that applies
//!   the bidi algorithm to the line leaves the order as sent (VTE in its
//!   default mode, behind tmux), and one without bidi draws the marks as
//!   nothing (xterm, Alacritty). Not for mlterm, which gives every mark a
//!   column: it gets whole lines opened by an LRM and an LRO instead
//!   (`terminal::Strategy::Override`, `render::ansi::LINE_OVERRIDE`).
//! - [`Wire::Runs`]: an LRM, then each run of right-to-left letters back
//!   in logical order followed by an LRM: the terminal's own reordering
//!   turns each run around again, in place (Konsole).
//! - [`Wire::Chunks`]: every space-delimited chunk holding a right-to-left
//!   letter sent reversed whole, its brackets swapped: for a terminal that
//!   reverses each such chunk it draws (kitty).

use super::{Cell, Row};

/// How rows in visual order are sent (see the module's doc).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Wire {
    /// As laid out.
    #[default]
    Visual,
    /// Fenced LRO … PDF, LRM after every right-to-left letter.
    Fenced,
    /// Right-to-left runs in logical order, each closed by an LRM.
    Runs,
    /// Chunks holding right-to-left letters reversed, brackets swapped.
    Chunks,
}

const LRM: &str = "\u{200E}";
const LRO: &str = "\u{202D}";
const PDF: &str = "\u{202C}";

/// A cell being rebuilt: its symbol and the rest of the cell.
struct Part {
    sym: String,
    cell: Cell,
}

/// Whether a cell starts with a strong right-to-left letter.
fn rtl(sym: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, R};
    sym.chars()
        .next()
        .is_some_and(|c| matches!(super::bidi_class(c), R | AL))
}

/// An invisible mark, as a zero-width cell at source offset `at`.
fn mark(sym: &str, at: usize) -> Part {
    Part {
        sym: sym.to_owned(),
        cell: Cell {
            sym: 0..0,
            width: 0,
            src: at..at,
            marks: crate::marks::Marks::empty(),
        },
    }
}

/// Swaps a bracket for its mirror.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// Re-encodes `row` (in visual order) for the wire.
pub(crate) fn encode(row: &mut Row, wire: Wire) {
    if wire == Wire::Visual || row.cells.is_empty() {
        return;
    }
    let start = row.src.start;
    let parts: Vec<Part> = row
        .cells
        .iter()
        .map(|c| Part {
            sym: row.symbol(c).to_owned(),
            cell: c.clone(),
        })
        .collect();
    let out = match wire {
        Wire::Visual => return,
        Wire::Fenced => {
            let mut out = vec![mark(LRM, start), mark(LRO, start)];
            for p in parts {
                let after = rtl(&p.sym).then(|| mark(LRM, p.cell.src.end));
                out.push(p);
                out.extend(after);
            }
            out.push(mark(PDF, row.src.end));
            out
        }
        Wire::Runs => {
            let mut out = vec![mark(LRM, start)];
            let mut run: Vec<Part> = Vec::new();
            let close = |run: &mut Vec<Part>, out: &mut Vec<Part>| {
                if let Some(end) = run.first().map(|p| p.cell.src.end) {
                    out.extend(run.drain(..).rev());
                    out.push(mark(LRM, end));
                }
            };
            for p in parts {
                if rtl(&p.sym) {
                    run.push(p);
                } else {
                    close(&mut run, &mut out);
                    out.push(p);
                }
            }
            close(&mut run, &mut out);
            out
        }
        Wire::Chunks => {
            let mut out = Vec::with_capacity(parts.len());
            let mut chunk: Vec<Part> = Vec::new();
            let close = |chunk: &mut Vec<Part>, out: &mut Vec<Part>| {
                if chunk.iter().any(|p| rtl(&p.sym)) {
                    out.extend(chunk.drain(..).rev().map(|mut p| {
                        p.sym = p.sym.chars().map(mirror).collect();
                        p
                    }));
                } else {
                    out.append(chunk);
                }
            };
            for p in parts {
                if p.sym == " " {
                    close(&mut chunk, &mut out);
                    out.push(p);
                } else {
                    chunk.push(p);
                }
            }
            close(&mut chunk, &mut out);
            out
        }
    };
    let mut text = String::with_capacity(row.text.len() + out.len() * 3);
    row.cells = out
        .into_iter()
        .map(|p| {
            let from = u32::try_from(text.len()).unwrap_or(u32::MAX);
            text.push_str(&p.sym);
            let to = u32::try_from(text.len()).unwrap_or(u32::MAX);
            Cell {
                sym: from..to,
                ..p.cell
            }
        })
        .collect();
    row.text = text;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bidi::{LayoutOptions, layout_paragraph};

    fn sent(text: &str, wire: Wire) -> String {
        let opts = LayoutOptions {
            width: 60,
            wire,
            ..LayoutOptions::default()
        };
        layout_paragraph(text, 0, &[], &opts).remove(0).text
    }

    #[test]
    fn the_forms_of_docs_terminals() {
        let line = "قال (Reuters) إن";
        let visual = sent(line, Wire::Visual);
        assert_eq!(visual, "نإ (Reuters) لاق");
        // Fenced: the visual row between LRO and PDF, an LRM after each
        // right-to-left letter, an LRM first.
        let fenced = sent(line, Wire::Fenced);
        let unmarked: String = fenced
            .chars()
            .filter(|c| !matches!(c, '\u{200E}' | '\u{202D}' | '\u{202C}'))
            .collect();
        assert_eq!(unmarked, visual);
        assert!(fenced.starts_with("\u{200E}\u{202D}") && fenced.ends_with('\u{202C}'));
        assert!(fenced.contains("ن\u{200E}إ\u{200E}"));
        // Runs: each run of letters back in logical order, closed by LRM.
        assert_eq!(
            sent(line, Wire::Runs),
            "\u{200E}إن\u{200E} (Reuters) قال\u{200E}"
        );
        // Chunks: every chunk holding Arabic reversed whole, brackets
        // swapped; Latin chunks as they are.
        assert_eq!(sent("قال (رويترز) إن", Wire::Chunks), "إن (رويترز) قال");
        assert_eq!(sent(line, Wire::Chunks), "إن (Reuters) قال");
    }

    #[test]
    fn cells_keep_their_places_and_sources() {
        let line = "قال (Reuters) إن 25 شخصا";
        let opts = LayoutOptions {
            width: 60,
            ..LayoutOptions::default()
        };
        let visual = layout_paragraph(line, 0, &[], &opts).remove(0);
        for wire in [Wire::Fenced, Wire::Runs, Wire::Chunks] {
            let row = layout_paragraph(
                line,
                0,
                &[],
                &LayoutOptions {
                    wire,
                    ..opts.clone()
                },
            )
            .remove(0);
            assert_eq!(row.width, visual.width, "{wire:?}");
            assert_eq!(row.indent, visual.indent, "{wire:?}");
            // The same characters drawn (marks have no width).
            let drawn: usize = row.cells.iter().filter(|c| c.width > 0).count();
            assert_eq!(drawn, visual.cells.len(), "{wire:?}");
            // The same source bytes behind the drawn cells.
            let srcs = |r: &Row| {
                let mut v: Vec<_> = r
                    .cells
                    .iter()
                    .filter(|c| c.width > 0)
                    .map(|c| (c.src.start, c.src.end))
                    .collect();
                v.sort_unstable();
                v
            };
            assert_eq!(srcs(&row), srcs(&visual), "{wire:?}");
        }
    }
}
