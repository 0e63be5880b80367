//! The compare screen: two documents aligned by [`crate::compare`], laid
//! out as [`panes::Line`]s for the current pane width, with a gutter of
//! sentence marks between them; synchronized or separate scrolling, jumps
//! through the differences, a moved passage's partner brought into view,
//! swapped panes, and find in the focused pane. Layout happens in
//! [`CompareView::lay_out`], called after every update; drawing only reads.

use std::ops::Range;
use std::sync::Arc;

mod view;

use super::app::{App, CompareScreen, Go, Mode, RelatedFor, Screen};
use super::jobs::Compared;
use super::keymap::Action;
use super::reading::{Find, Typed};
use crate::bidi::LayoutOptions;
use crate::compare::{Comparison, SentenceMark};
use crate::corpus::DocText;
use crate::marks::{MarkSpan, hit_spans};
use crate::render::panes::{self, Line, Pane};
use crate::search::ask::Ask;
use crate::search::{Matcher, Parsed};
pub use view::View;

/// Gutter columns between the panes.
const GUTTER: usize = 3;

/// Width of each pane on a screen `w` columns wide.
#[must_use]
pub fn pane_width(w: usize) -> usize {
    (w.saturating_sub(GUTTER) / 2).max(1)
}

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
}

impl CompareView {
    /// A view of `cmp` between documents `docs`.
    #[must_use]
    pub fn new(docs: [usize; 2], texts: [Arc<DocText>; 2], cmp: Comparison) -> Self {
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
        }
    }

    /// The side drawn on the screen's left or right (0 left, 1 right).
    #[must_use]
    pub fn side_at(&self, screen: usize) -> usize {
        if self.swapped { 1 - screen } else { screen }
    }

    fn spans(&self, side: usize) -> Vec<MarkSpan> {
        let f = &self.find[side];
        hit_spans(&f.hits, f.current)
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
                    .is_some_and(|s| self.cmp.mark(side, s) != SentenceMark::Identical)
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
                .filter(|&s| l.halves[side].first && self.cmp.mark(side, s) == SentenceMark::Moved)
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
        self.find[self.focus].set_hits(hits);
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

    /// Performs a compare-screen action `times` times where that makes
    /// sense, on a body of `page` lines. Returns what the reader as a whole
    /// must do.
    pub fn act(&mut self, action: Action, times: usize, page: usize) -> Option<Go> {
        let n = isize::try_from(times).unwrap_or(1);
        let step = isize::try_from(page.saturating_sub(1).max(1)).unwrap_or(1);
        let half = isize::try_from((page / 2).max(1)).unwrap_or(1);
        match action {
            Action::Down => self.scroll(n, page),
            Action::Up => self.scroll(-n, page),
            Action::PageDown => self.scroll(step, page),
            Action::PageUp => self.scroll(-step, page),
            Action::HalfDown => self.scroll(half, page),
            Action::HalfUp => self.scroll(-half, page),
            Action::Top => self.set_top(0, page),
            Action::Bottom => self.set_top(usize::MAX, page),
            Action::NextDiff | Action::PrevDiff
                if !self.jump_diff(action == Action::NextDiff, page) =>
            {
                return Some(Go::Status(if action == Action::NextDiff {
                    "no more differences below".to_owned()
                } else {
                    "no more differences above".to_owned()
                }));
            }
            Action::ToggleSync => {
                self.toggle_sync(page);
                return Some(Go::Status(if self.sync {
                    "panes scroll together".to_owned()
                } else {
                    "panes scroll apart".to_owned()
                }));
            }
            Action::Focus => self.focus = 1 - self.focus,
            Action::Swap => self.swapped = !self.swapped,
            Action::Partner => {
                if let Err(why) = self.show_partner(page) {
                    return Some(Go::Status(why.to_owned()));
                }
            }
            Action::Search => {
                self.find[self.focus].input.clear();
                return Some(Go::Type);
            }
            Action::NextHit => self.jump_hit(true, page),
            Action::PrevHit => self.jump_hit(false, page),
            Action::Copy => {
                let side = self.focus;
                let at = self.cursor.unwrap_or(self.top[side]);
                let sentence = self
                    .lines
                    .get(at..)
                    .and_then(|ls| ls.iter().take(page).find_map(|l| l.halves[side].sentence));
                let sd = if side == 0 {
                    &self.cmp.left
                } else {
                    &self.cmp.right
                };
                let text = sentence
                    .and_then(|s| sd.sentences.get(s))
                    .map(|s| self.texts[side].text[s.range.clone()].to_owned())
                    .unwrap_or_default();
                return Some(Go::Copy(text, "the sentence"));
            }
            Action::Back | Action::Quit if !self.restore() => return Some(Go::Back),
            Action::Help => return Some(Go::Help),
            _ => {}
        }
        None
    }
}

/// The compare screen's part of the reader: starting comparisons and
/// showing them.
impl App {
    /// Compares `doc` with the document most like it (asks the index).
    pub fn compare_with_most_similar(&mut self, doc: usize) {
        let Some(d) = self.corpus.get(doc) else {
            return;
        };
        let key = d.key();
        if !self.search_ready(": mark two documents with space") {
            return;
        }
        self.status = Some("finding the most similar document…".to_owned());
        let generation = self.jobs.ask(Ask::Related { key }, 3, 0);
        self.related_for = Some((RelatedFor::Compare(doc), generation));
    }

    /// Compares documents `a` (A) and `b` (B) by a job; the compare screen
    /// opens when it is done.
    pub fn compare_docs(&mut self, a: usize, b: usize) {
        let texts = match (self.corpus.text(a), self.corpus.text(b)) {
            (Ok(x), Ok(y)) => [x, y],
            (Err(e), _) | (_, Err(e)) => {
                self.status = Some(format!("cannot compare: {e}"));
                return;
            }
        };
        self.status = Some("comparing…".to_owned());
        self.jobs.compare([a, b], texts);
    }

    pub(super) fn show_comparison(&mut self, c: Compared) {
        self.remember();
        let back = match std::mem::take(&mut self.screen) {
            Screen::Reading(r) => Some(r),
            Screen::Compare(c) => c.back,
            Screen::Library => None,
        };
        self.mode = Mode::Normal;
        // A comparison limited to pairs near the diagonal says so.
        self.status = c.cmp.cut.map(|cut| cut.to_string());
        self.screen = Screen::Compare(Box::new(CompareScreen {
            view: CompareView::new(c.docs, c.texts, c.cmp),
            back,
        }));
    }

    /// A key typed into the focused pane's find box.
    pub(super) fn compare_find_key(&mut self, k: &ratatui::crossterm::event::KeyEvent) {
        let page = self.compare_page();
        let Screen::Compare(c) = &mut self.screen else {
            return;
        };
        let side = c.view.focus;
        match c.view.find[side].key(k) {
            Typed::Nothing => {}
            Typed::Done => self.mode = Mode::Normal,
            Typed::Cancel => {
                self.mode = Mode::Normal;
                c.view.set_hits(Vec::new());
            }
            Typed::Jump(forward) => c.view.jump_hit(forward, page),
            Typed::Changed => self.compare_find_changed(),
        }
    }

    /// The focused pane's find box changed: find its query in the pane's
    /// text (articles: at once) and show the first hit.
    pub(super) fn compare_find_changed(&mut self) {
        let strict = self.library.strict;
        let page = self.compare_page();
        let Screen::Compare(c) = &mut self.screen else {
            return;
        };
        let v = &mut c.view;
        let side = v.focus;
        let parsed = Parsed::new(v.find[side].input.value(), strict);
        if !parsed.pending {
            let hits = Matcher::new(&parsed, false).hits(&v.texts[side].text);
            v.set_hits(hits);
            v.jump_hit(true, page);
        }
    }
}
