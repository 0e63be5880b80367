//! The one writer of frames to the terminal. Each frame is drawn into a
//! buffer (`super::render`), compared with the frame before, and what
//! changed is sent as one synchronized update (`CSI ? 2026 h` … `l`), so a
//! terminal never shows half of one.
//!
//! For a terminal that does not reorder text, only the cells that changed
//! are sent. For one that reorders each line by itself (Konsole, mlterm,
//! tmux in front of VTE: qari sends them rows in a wire form, see
//! `bidi::wire`), every changed line is sent whole, spaces included: such a
//! terminal applies its bidi to the characters a line holds, and a line
//! whose blanks were only skipped over by cursor moves would hold gaps
//! instead of spaces, which run its words together. The columns a wide
//! character covers are sent as nothing (no cursor move), and every line
//! can be opened by the settings' line prefix (mlterm: an LRM and an LRO,
//! `Strategy::Override`), in front of its first cell; such lines carry no
//! box-drawing character (`render::ansi::override_safe`).

use std::io::{self, Write};

use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::layout::Rect;

/// A backend frames can be sent to: it can also mark where a frame begins
/// and ends (synchronized output).
pub trait Frames: Backend {
    /// Marks the beginning (`true`) or the end of a frame.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    fn mark(&mut self, begin: bool) -> io::Result<()>;
}

impl<W: Write> Frames for CrosstermBackend<W> {
    fn mark(&mut self, begin: bool) -> io::Result<()> {
        if begin {
            ratatui::crossterm::queue!(self, BeginSynchronizedUpdate)
        } else {
            ratatui::crossterm::queue!(self, EndSynchronizedUpdate)
        }
    }
}

impl Frames for TestBackend {
    fn mark(&mut self, _: bool) -> io::Result<()> {
        Ok(())
    }
}

fn io_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// The frames sent so far.
#[derive(Debug)]
pub struct Writer {
    /// The last frame sent.
    prev: Buffer,
    /// Send changed lines whole.
    whole_lines: bool,
    /// Sent at the start of every line (only with `whole_lines`).
    line_prefix: &'static str,
    /// Every line must be sent (the screen was cleared).
    all: bool,
}

impl Writer {
    /// A writer for a screen of `area`, just cleared; `line_prefix`
    /// opens every line sent (lines are then sent whole).
    #[must_use]
    pub fn new(area: Rect, whole_lines: bool, line_prefix: &'static str) -> Self {
        Self {
            prev: Buffer::empty(area),
            whole_lines: whole_lines || !line_prefix.is_empty(),
            line_prefix,
            all: true,
        }
    }

    /// Sends `next` (a frame of the whole screen) to `backend`.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    pub fn send<B: Frames>(&mut self, backend: &mut B, next: Buffer) -> io::Result<()> {
        backend.mark(true)?;
        if next.area != self.prev.area {
            // A new size: clear (within the frame) and send everything.
            backend.clear().map_err(io_err)?;
            self.prev = Buffer::empty(next.area);
            self.all = true;
        }
        let drawn = if self.whole_lines && !self.line_prefix.is_empty() {
            let left = next.area.left();
            let lines: Vec<(u16, u16, Cell)> = changed_lines(&self.prev, &next, self.all)
                .into_iter()
                .map(|(x, y, cell)| {
                    let mut cell = cell.clone();
                    let safe = crate::render::ansi::override_safe(cell.symbol()).into_owned();
                    if x == left {
                        cell.set_symbol(&format!("{}{safe}", self.line_prefix));
                    } else if safe != cell.symbol() {
                        cell.set_symbol(&safe);
                    }
                    (x, y, cell)
                })
                .collect();
            backend.draw(lines.iter().map(|(x, y, c)| (*x, *y, c)))
        } else if self.whole_lines {
            let lines = changed_lines(&self.prev, &next, self.all);
            backend.draw(lines.into_iter())
        } else if self.all {
            let every = whole(&next, 0..next.area.height);
            backend.draw(every.into_iter())
        } else {
            let diff = self.prev.diff(&next);
            backend.draw(diff.into_iter())
        };
        // The end is sent even when drawing failed.
        backend.mark(false)?;
        Backend::flush(backend).map_err(io_err)?;
        drawn.map_err(io_err)?;
        self.prev = next;
        self.all = false;
        Ok(())
    }
}

/// What stands for a column a wide character covers: nothing.
static GAP: Cell = Cell::new("");

/// Every cell of `rows` of `buf`, as `Backend::draw` takes them; the
/// columns a wide character covers are [`GAP`]s.
fn whole(buf: &Buffer, rows: std::ops::Range<u16>) -> Vec<(u16, u16, &Cell)> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in rows {
        let mut covered = 0usize;
        for x in area.left()..area.right() {
            let cell = &buf[(x, area.top() + y)];
            if covered > 0 {
                // Nothing is written there, and the cursor needs no move.
                covered -= 1;
                out.push((x, area.top() + y, &GAP));
                continue;
            }
            let w = unicode_width::UnicodeWidthStr::width(cell.symbol());
            covered = w.saturating_sub(1);
            out.push((x, area.top() + y, cell));
        }
    }
    out
}

/// The cells of every line of `next` that differs from `prev` (every line,
/// with `all`), whole.
fn changed_lines<'a>(prev: &Buffer, next: &'a Buffer, all: bool) -> Vec<(u16, u16, &'a Cell)> {
    let area = next.area;
    let width = usize::from(area.width);
    let mut out = Vec::new();
    for y in 0..area.height {
        let start = usize::from(y) * width;
        let line = &next.content[start..start + width];
        if all || prev.content.get(start..start + width) != Some(line) {
            out.extend(whole(next, y..y + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    fn line(text: &str, width: u16) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, width, 2));
        b.set_string(0, 0, text, ratatui::style::Style::default());
        b
    }

    #[test]
    fn a_changed_line_is_sent_whole_spaces_included() {
        let a = line("ab cd", 8);
        let b = line("ab ce", 8);
        let lines = changed_lines(&a, &b, false);
        // Line 0 changed: all eight cells, the spaces among them; line 1
        // did not change: nothing.
        assert_eq!(lines.len(), 8);
        assert!(lines.iter().all(|(_, y, _)| *y == 0));
        assert_eq!(lines[2].2.symbol(), " ");
        // Only the changed cell with a cell diff.
        assert_eq!(a.diff(&b).len(), 1);
    }

    #[test]
    fn wide_characters_cover_the_next_column() {
        let b = line("中x", 4);
        let cells = whole(&b, 0..1);
        let xs: Vec<(u16, &str)> = cells.iter().map(|(x, _, c)| (*x, c.symbol())).collect();
        assert_eq!(xs, [(0, "中"), (1, ""), (2, "x"), (3, " ")]);
    }

    #[test]
    fn frames_reach_the_terminal() {
        let mut backend = TestBackend::new(8, 2);
        let mut w = Writer::new(Rect::new(0, 0, 8, 2), true, "");
        w.send(&mut backend, line("ab cd", 8)).expect("sent");
        w.send(&mut backend, line("ab ce", 8)).expect("sent");
        backend.assert_buffer_lines(["ab ce   ", "        "]);
    }

    #[test]
    fn every_line_sent_opens_with_the_prefix() {
        // What reaches the terminal, byte for byte.
        let mut bytes = Vec::new();
        {
            let mut backend = ratatui::backend::CrosstermBackend::new(&mut bytes);
            let mut w = Writer::new(Rect::new(0, 0, 4, 2), false, "<>");
            let mut first = line("ab", 4);
            first.set_string(0, 1, "中x", ratatui::style::Style::default());
            w.send(&mut backend, first.clone()).expect("sent");
            let mut next = first.clone();
            next.set_string(0, 1, "yz", ratatui::style::Style::default());
            w.send(&mut backend, next).expect("sent");
        }
        let out = String::from_utf8(bytes).expect("utf-8");
        // Both lines the first time, the changed one the second; each in
        // one piece, opened by the prefix: no cursor move within a line,
        // not even over the column the wide character covers.
        assert_eq!(out.matches("<>ab  ").count(), 1, "{out:?}");
        assert_eq!(out.matches("<>中x ").count(), 1, "{out:?}");
        assert_eq!(out.matches("<>yzx ").count(), 1, "{out:?}");
        assert_eq!(out.matches("<>").count(), 3, "{out:?}");
    }

    #[test]
    fn prefixed_lines_carry_no_box_drawing() {
        let mut bytes = Vec::new();
        {
            let mut backend = ratatui::backend::CrosstermBackend::new(&mut bytes);
            let mut w = Writer::new(Rect::new(0, 0, 6, 2), false, "<>");
            w.send(&mut backend, line("╱╱ يا", 6)).expect("sent");
        }
        let out = String::from_utf8(bytes).expect("utf-8");
        assert!(out.contains("<>// يا"), "{out:?}");
        assert!(!out.contains('╱'), "{out:?}");
        // Without a prefix the cells go as drawn.
        let mut plain = TestBackend::new(6, 2);
        let mut w = Writer::new(Rect::new(0, 0, 6, 2), true, "");
        w.send(&mut plain, line("╱╱ يا", 6)).expect("sent");
        plain.assert_buffer_lines(["╱╱ يا ", "      "]);
    }
}
