//! The compare view's state: two documents aligned by
//! [`crate::compare`], laid out as [`panes::Line`]s for the current pane
//! width, and how its keys move it (synchronized or separate scrolling,
//! differences, moved partners, find in the focused pane). Drawing is in
//! `view`.

use std::ops::Range;
use std::sync::Arc;

use super::app::{Find, View};
use super::theme::{CURRENT, HIGHLIGHT};
use crate::bidi::{LayoutOptions, StyleSpan};
use crate::compare::Comparison;
use crate::compare::panes::{self, Line, Mark, Pane};
use crate::corpus::DocText;

/// The compare view.
#[derive(Debug)]
pub struct CompareView {
    /// Corpus indices of A and B.
    pub docs: [usize; 2],
    /// Their texts.
    pub texts: [Arc<DocText>; 2],
    /// The alignment.
    pub cmp: Comparison,
    /// Display lines for the current width.
    pub lines: Vec<Line>,
    /// Layout options each pane was laid out with (`None`: not yet).
    laid_out: Option<[LayoutOptions; 2]>,
    /// First line on screen, per side (equal while synchronized).
    pub top: [usize; 2],
    /// Both panes scroll together.
    pub sync: bool,
    /// The side with the focus (0 = A, 1 = B).
    pub focus: usize,
    /// A is drawn on the right.
    pub swapped: bool,
    /// The line of the current difference.
    pub cursor: Option<usize>,
    /// The partner brought into view: (side, sentence).
    pub partner: Option<(usize, usize)>,
    /// Where Esc returns after a partner jump.
    restore: Option<[usize; 2]>,
    /// Find, per side.
    pub find: [Find; 2],
    /// The view Esc goes back to.
    pub back: View,
}

impl CompareView {
    /// A view of `cmp` between documents `docs`, returning to `back`.
    #[must_use]
    pub fn new(docs: [usize; 2], texts: [Arc<DocText>; 2], cmp: Comparison, back: View) -> Self {
        Self {
            docs,
            texts,
            cmp,
            lines: Vec::new(),
            laid_out: None,
            top: [0, 0],
            sync: true,
            focus: 0,
            swapped: false,
            cursor: None,
            partner: None,
            restore: None,
            find: [Find::default(), Find::default()],
            back,
        }
    }

    /// The side drawn on the screen's left or right (0 left, 1 right).
    #[must_use]
    pub fn side_at(&self, screen: usize) -> usize {
        if self.swapped { 1 - screen } else { screen }
    }

    fn spans(&self, side: usize) -> Vec<StyleSpan> {
        let f = &self.find[side];
        f.hits
            .iter()
            .enumerate()
            .map(|(k, h)| StyleSpan {
                range: h.clone(),
                style: if f.current == Some(k) {
                    HIGHLIGHT | CURRENT
                } else {
                    HIGHLIGHT
                },
            })
            .collect()
    }

    /// Lays the panes out again when the options changed (or `force`),
    /// keeping the sentence at the top of each pane on top.
    pub fn lay_out(&mut self, opts: [LayoutOptions; 2], force: bool) {
        if !force && self.laid_out.as_ref() == Some(&opts) {
            return;
        }
        let anchors = [0, 1].map(|side| self.anchor(side));
        let spans = [self.spans(0), self.spans(1)];
        let pa = Pane {
            text: &self.texts[0].text,
            opts: opts[0].clone(),
            spans: &spans[0],
        };
        let pb = Pane {
            text: &self.texts[1].text,
            opts: opts[1].clone(),
            spans: &spans[1],
        };
        self.lines = panes::lines(&self.cmp, [&pa, &pb]);
        self.laid_out = Some(opts);
        for (side, anchor) in anchors.into_iter().enumerate() {
            if let Some(s) = anchor {
                self.top[side] = self.line_of(side, s).unwrap_or(self.top[side]);
            }
        }
        if self.sync {
            self.top[1 - self.focus] = self.top[self.focus];
        }
        self.cursor = self
            .cursor
            .map(|c| c.min(self.lines.len().saturating_sub(1)));
    }

    /// The sentence shown at the top of a side's pane.
    fn anchor(&self, side: usize) -> Option<usize> {
        self.lines
            .get(self.top[side]..)?
            .iter()
            .find_map(|l| l.halves[side].sentence)
    }

    /// The first line of sentence `s` of `side`.
    #[must_use]
    pub fn line_of(&self, side: usize, s: usize) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.halves[side].first && l.halves[side].sentence == Some(s))
    }

    fn max_top(&self, page: usize) -> usize {
        self.lines.len().saturating_sub(page)
    }

    /// Sets the top of the focused pane (both when synchronized).
    pub fn set_top(&mut self, top: usize, page: usize) {
        let top = top.min(self.max_top(page));
        if self.sync {
            self.top = [top, top];
        } else {
            self.top[self.focus] = top;
        }
    }

    /// Scrolls by `delta` lines.
    pub fn scroll(&mut self, delta: isize, page: usize) {
        let top = self.top[self.focus].saturating_add_signed(delta);
        self.set_top(top, page);
        self.restore = None;
    }

    /// Synchronized scrolling on or off; on again, the other pane joins the
    /// focused one.
    pub fn toggle_sync(&mut self, page: usize) {
        self.sync = !self.sync;
        if self.sync {
            let top = self.top[self.focus];
            self.set_top(top, page);
        }
    }

    /// Whether the sentence starting on `line` (either side) differs: a
    /// changed, moved or unmatched sentence.
    fn differs(&self, line: &Line) -> bool {
        line.halves.iter().enumerate().any(|(side, h)| {
            h.first
                && h.sentence
                    .is_some_and(|s| panes::mark(&self.cmp, side, s) != Mark::Identical)
        })
    }

    /// Moves to the next (or previous) difference and shows it near the
    /// top. Returns whether there was one.
    pub fn jump_diff(&mut self, forward: bool, page: usize) -> bool {
        let from = self.cursor.unwrap_or_else(|| {
            if forward {
                self.top[self.focus].wrapping_sub(1)
            } else {
                self.top[self.focus]
            }
        });
        let found = if forward {
            (from.wrapping_add(1)..self.lines.len()).find(|&k| self.differs(&self.lines[k]))
        } else {
            (0..from.min(self.lines.len()))
                .rev()
                .find(|&k| self.differs(&self.lines[k]))
        };
        let Some(k) = found else { return false };
        self.cursor = Some(k);
        self.partner = None;
        self.show_line(k, page);
        true
    }

    /// Scrolls so that `line` is on screen with a line of context above
    /// (no scrolling when it already is).
    fn show_line(&mut self, line: usize, page: usize) {
        let top = self.top[self.focus];
        if line < top || line >= top + page {
            self.set_top(line.saturating_sub(1), page);
        }
    }

    /// The moved sentence Enter acts on: at the current difference, else
    /// the first one on screen in the focused pane.
    fn moved_here(&self, page: usize) -> Option<(usize, usize)> {
        let side = self.focus;
        let is_moved = |l: &Line, side: usize| {
            l.halves[side]
                .sentence
                .filter(|&s| l.halves[side].first && panes::mark(&self.cmp, side, s) == Mark::Moved)
        };
        if let Some(c) = self.cursor
            && let Some(l) = self.lines.get(c)
        {
            for sd in [side, 1 - side] {
                if let Some(s) = is_moved(l, sd) {
                    return Some((sd, s));
                }
            }
        }
        let top = self.top[side];
        self.lines
            .iter()
            .enumerate()
            .skip(top)
            .take(page)
            .find_map(|(_, l)| is_moved(l, side).map(|s| (side, s)))
    }

    /// Brings the partner of the moved passage into view and marks it.
    /// Returns a message when there is nothing to do.
    pub fn show_partner(&mut self, page: usize) -> Result<(), &'static str> {
        let (side, s) = self.moved_here(page).ok_or("no moved passage here")?;
        let sd = if side == 0 {
            &self.cmp.left
        } else {
            &self.cmp.right
        };
        let g = sd.group[s].ok_or("no moved passage here")?;
        let group = &self.cmp.groups[g];
        let other = 1 - side;
        let partner = if other == 0 {
            group.left[0]
        } else {
            group.right[0]
        };
        let line = self.line_of(other, partner).ok_or("partner not found")?;
        if self.restore.is_none() {
            self.restore = Some(self.top);
        }
        self.partner = Some((other, partner));
        let top = line.saturating_sub(page / 3).min(self.max_top(page));
        if self.sync {
            self.top = [top, top];
        } else {
            self.top[other] = top;
        }
        Ok(())
    }

    /// Esc after a partner jump: back to where the view was. Returns
    /// whether there was one.
    pub fn restore(&mut self) -> bool {
        match self.restore.take() {
            Some(top) => {
                self.top = top;
                self.partner = None;
                true
            }
            None => false,
        }
    }

    /// Keeps the tops in range after a resize.
    pub fn clamp(&mut self, page: usize) {
        let max = self.max_top(page);
        self.top = self.top.map(|t| t.min(max));
    }

    /// Sets the focused pane's find hits (matched byte ranges, sorted).
    pub fn set_hits(&mut self, hits: Vec<Range<usize>>) {
        let f = &mut self.find[self.focus];
        f.current = None;
        f.hits = hits;
        f.busy = false;
        self.laid_out = None;
    }

    /// Next (or previous) find hit in the focused pane, wrapping.
    pub fn jump_hit(&mut self, forward: bool, page: usize) {
        let side = self.focus;
        let n = self.find[side].hits.len();
        if n == 0 {
            return;
        }
        let top_src = self
            .lines
            .get(self.top[side])
            .and_then(|l| l.halves[side].row.as_ref())
            .map(|r| r.src.start);
        let next = match (self.find[side].current, forward) {
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
            (None, true) => {
                let from = top_src.unwrap_or(0);
                self.find[side]
                    .hits
                    .iter()
                    .position(|h| h.start >= from)
                    .unwrap_or(0)
            }
            (None, false) => n - 1,
        };
        self.find[side].current = Some(next);
        self.laid_out = None;
        let at = self.find[side].hits[next].start;
        if let Some(k) = self.lines.iter().position(|l| {
            l.halves[side]
                .row
                .as_ref()
                .is_some_and(|r| r.src.start <= at && at < r.src.end.max(r.src.start + 1))
        }) {
            self.show_line(k, page);
        }
    }
}
