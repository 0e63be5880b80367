//! The reading screen: one document in a centred column, laid out lazily
//! (only the paragraphs on screen, kept in a bounded cache), its place a
//! byte offset so that width changes re-wrap around the same text; find in
//! the document with every hit highlighted; inspect mode showing invisible
//! characters. Layout happens in [`Reader::prepare`], called after every
//! update; drawing only reads.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

mod view;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Go, Mode, Screen};
use super::input::{Edit, LineInput};
use super::jobs::Kind;
use super::keymap::Action;
use crate::bidi::{self, LayoutOptions, Row};
use crate::corpus::DocText;
use crate::marks::{MarkSpan, Marks, hit_spans};
use crate::search::{Matcher, Parsed};
pub use view::View;

/// Find in a text: the query box and the hits.
#[derive(Clone, Debug, Default)]
pub struct Find {
    /// The find box.
    pub input: LineInput,
    /// Matched byte ranges, sorted.
    pub hits: Vec<Range<usize>>,
    /// The current hit.
    pub current: Option<usize>,
    /// Hits are being computed (large documents).
    pub busy: bool,
}

/// What a key typed into a find box asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Nothing more to do.
    Nothing,
    /// Enter: the box gives the keyboard back, the hits stay.
    Done,
    /// Esc: the box gives the keyboard back, emptied; the hits go.
    Cancel,
    /// The query changed: find it.
    Changed,
    /// Down (`true`) or Up: the next or previous hit.
    Jump(bool),
}

impl Find {
    /// Handles a key typed into the find box.
    pub fn key(&mut self, k: &KeyEvent) -> Typed {
        match k.code {
            KeyCode::Esc => {
                self.input.clear();
                Typed::Cancel
            }
            KeyCode::Enter => Typed::Done,
            KeyCode::Down => Typed::Jump(true),
            KeyCode::Up => Typed::Jump(false),
            _ => match self.input.key(k) {
                Edit::Changed => Typed::Changed,
                Edit::Moved | Edit::Ignored => Typed::Nothing,
            },
        }
    }

    /// Sets the hits (none current).
    pub fn set_hits(&mut self, hits: Vec<Range<usize>>) {
        self.hits = hits;
        self.current = None;
        self.busy = false;
    }

    /// The status bar's count: `k/n`, `finding…`, `0/0`, or nothing.
    #[must_use]
    pub fn count(&self) -> Option<String> {
        if !self.hits.is_empty() {
            let k = self.current.map_or(0, |c| c + 1);
            Some(format!(" {k}/{} ", self.hits.len()))
        } else if self.busy {
            Some(" finding… ".to_owned())
        } else if !self.input.is_empty() {
            Some(" 0/0 ".to_owned())
        } else {
            None
        }
    }
}

/// What the reading screen needs to know of its surroundings.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Text rows on screen (the screen minus the status bar).
    pub page: usize,
    /// Screen width.
    pub width: usize,
}

/// An open document.
#[derive(Debug)]
pub struct Reader {
    /// Corpus index of the document.
    pub doc: usize,
    /// Its text.
    pub text: Arc<DocText>,
    /// Paragraphs' byte ranges.
    pub paras: Vec<Range<usize>>,
    cache: HashMap<usize, Vec<Row>>,
    opts: LayoutOptions,
    /// Top row on screen: (paragraph, row within it).
    pub top: (usize, usize),
    /// Current column width (before clipping to the screen).
    pub column: usize,
    /// Invisible characters shown.
    pub inspect: bool,
    /// Find in the document, and the hits highlighted.
    pub find: Find,
    /// Text selected with the mouse (byte range), and where the drag began.
    pub selection: Option<(Range<usize>, Range<usize>)>,
    /// Passages found in other documents: each passage's bytes and the
    /// documents (corpus indices) that hold it; `None` until found.
    pub reused: Option<Vec<(Range<usize>, Vec<usize>)>>,
    /// The passages found elsewhere are underlined.
    pub show_reused: bool,
    /// The rows on screen, as of the last [`Reader::prepare`].
    shown: Vec<(usize, usize)>,
    /// Percentage read, as of the last [`Reader::prepare`].
    percent: usize,
}

impl Reader {
    /// Opens `text` laid out with `opts`, placed at byte offset `anchor`.
    #[must_use]
    pub fn new(
        doc: usize,
        text: Arc<DocText>,
        opts: LayoutOptions,
        column: usize,
        anchor: usize,
    ) -> Self {
        let mut paras = bidi::paragraphs(&text.text)
            .map(|(off, p)| off..off + p.len())
            .collect::<Vec<_>>();
        if paras.is_empty() {
            paras.push(0..0);
        }
        let mut r = Self {
            doc,
            text,
            paras,
            cache: HashMap::new(),
            opts,
            top: (0, 0),
            column,
            inspect: false,
            find: Find::default(),
            selection: None,
            reused: None,
            shown: Vec::new(),
            show_reused: false,
            percent: 0,
        };
        r.goto(anchor.min(r.text.text.len()));
        r
    }

    /// The rows of paragraph `p`, laid out on first use.
    pub fn rows(&mut self, p: usize) -> &[Row] {
        let range = self.paras.get(p).cloned().unwrap_or(0..0);
        let text = &self.text.text;
        let opts = &self.opts;
        let find = &self.find;
        let selected = self.selected();
        let reused = self.reused.as_deref().filter(|_| self.show_reused);
        self.cache.entry(p).or_insert_with(|| {
            let first = find.hits.partition_point(|h| h.end <= range.start);
            let last = first + find.hits[first..].partition_point(|h| h.start < range.end);
            let current = find.current.and_then(|c| c.checked_sub(first));
            let mut spans = hit_spans(&find.hits[first..last], current);
            spans.extend(selected.map(|range| MarkSpan {
                range,
                marks: Marks::SELECTED,
            }));
            spans.extend(
                reused
                    .unwrap_or_default()
                    .iter()
                    .filter(|(r, _)| r.start < range.end && r.end > range.start)
                    .map(|(r, _)| MarkSpan {
                        range: r.start.max(range.start)..r.end.min(range.end),
                        marks: Marks::REUSED,
                    }),
            );
            bidi::layout_paragraph(&text[range.clone()], range.start, &spans, opts)
        })
    }

    /// Shows or hides the passages found elsewhere (rows laid out again).
    pub fn set_show_reused(&mut self, on: bool) {
        self.show_reused = on;
        self.cache.clear();
    }

    /// The passages found elsewhere, as they come (rows laid out again).
    pub fn set_reused(&mut self, reused: Vec<(Range<usize>, Vec<usize>)>) {
        self.reused = Some(reused);
        self.cache.clear();
    }

    /// The first passage found elsewhere that starts on screen or after
    /// the top row (or the last one before it).
    #[must_use]
    pub fn reused_here(&self) -> Option<&(Range<usize>, Vec<usize>)> {
        let top = self.paras.get(self.top.0).map_or(0, |r| r.start);
        let all = self.reused.as_deref()?;
        all.iter().find(|(r, _)| r.end > top).or_else(|| all.last())
    }

    /// The rows of paragraph `p` if laid out ([`Reader::prepare`] lays out
    /// those on screen).
    #[must_use]
    pub fn cached(&self, p: usize) -> &[Row] {
        self.cache.get(&p).map_or(&[], Vec::as_slice)
    }

    /// Lays out what the screen shows (`page` rows) and the percentage
    /// read. Called after every update; drawing then only reads.
    pub fn prepare(&mut self, page: usize) {
        self.evict();
        // Walking the visible rows lays their paragraphs out.
        self.shown = self.visible(page);
        self.percent = self.compute_percent(page);
    }

    /// The rows on screen, as of the last [`Reader::prepare`].
    #[must_use]
    pub fn shown(&self) -> &[(usize, usize)] {
        &self.shown
    }

    /// Sets the hits to highlight.
    pub fn set_hits(&mut self, hits: Vec<Range<usize>>) {
        self.find.set_hits(hits);
        self.cache.clear();
    }

    /// Moves to the next (`forward`) or previous hit from the current one
    /// (or from the top of the screen), placing it a third down the screen.
    pub fn jump(&mut self, forward: bool, height: usize) {
        let n = self.find.hits.len();
        if n == 0 {
            return;
        }
        let next = match self.find.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => {
                let at = self.anchor();
                let first = self.find.hits.partition_point(|h| h.start < at);
                if forward {
                    first % n
                } else {
                    (first + n - 1) % n
                }
            }
        };
        self.show_hit(next, height);
    }

    /// Makes hit `k` current and brings it on screen.
    pub fn show_hit(&mut self, k: usize, height: usize) {
        let Some(h) = self.find.hits.get(k).cloned() else {
            return;
        };
        self.find.current = Some(k);
        self.cache.clear();
        self.goto(h.start);
        self.up(height / 3);
        self.clamp(height);
    }

    fn row_count(&mut self, p: usize) -> usize {
        self.rows(p).len().max(1)
    }

    /// Changes the layout options (width, reveal…), keeping the place;
    /// returns whether they changed.
    pub fn set_options(&mut self, opts: LayoutOptions) -> bool {
        if opts == self.opts {
            return false;
        }
        let anchor = self.anchor();
        self.opts = opts;
        self.cache.clear();
        self.goto(anchor);
        true
    }

    /// The layout options in use.
    #[must_use]
    pub fn options(&self) -> &LayoutOptions {
        &self.opts
    }

    /// Byte offset of the first character of the top row.
    pub fn anchor(&mut self) -> usize {
        let (p, r) = self.top;
        let para_start = self.paras.get(p).map_or(0, |x| x.start);
        self.rows(p).get(r).map_or(para_start, |row| row.src.start)
    }

    /// Puts the row holding byte `offset` at the top.
    pub fn goto(&mut self, offset: usize) {
        let p = self
            .paras
            .partition_point(|r| r.start <= offset)
            .saturating_sub(1);
        let r = self
            .rows(p)
            .iter()
            .rposition(|row| row.src.start <= offset)
            .unwrap_or(0);
        self.top = (p, r);
    }

    fn next(&mut self, (p, r): (usize, usize)) -> Option<(usize, usize)> {
        if r + 1 < self.row_count(p) {
            Some((p, r + 1))
        } else if p + 1 < self.paras.len() {
            Some((p + 1, 0))
        } else {
            None
        }
    }

    fn prev(&mut self, (p, r): (usize, usize)) -> Option<(usize, usize)> {
        if r > 0 {
            Some((p, r - 1))
        } else if p > 0 {
            let last = self.row_count(p - 1) - 1;
            Some((p - 1, last))
        } else {
            None
        }
    }

    /// Drops laid-out paragraphs far from the top, so that reading through
    /// a huge document keeps memory bounded.
    fn evict(&mut self) {
        const KEEP: usize = 400;
        if self.cache.len() > 4 * KEEP {
            let top = self.top.0;
            self.cache.retain(|&p, _| p.abs_diff(top) <= KEEP);
        }
    }

    /// Up to `height` rows from the top: (paragraph, row).
    pub fn visible(&mut self, height: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(height);
        let mut at = Some(self.top);
        while let Some(pos) = at {
            if out.len() >= height {
                break;
            }
            out.push(pos);
            at = self.next(pos);
        }
        out
    }

    /// Scrolls down `n` rows, never past the point where the last row is at
    /// the bottom of a `height`-row screen.
    pub fn down(&mut self, n: usize, height: usize) {
        for _ in 0..n {
            match self.next(self.top) {
                Some(t) => self.top = t,
                None => break,
            }
        }
        self.clamp(height);
    }

    /// Scrolls up `n` rows.
    pub fn up(&mut self, n: usize) {
        for _ in 0..n {
            match self.prev(self.top) {
                Some(t) => self.top = t,
                None => break,
            }
        }
    }

    /// To the first row.
    pub fn home(&mut self) {
        self.top = (0, 0);
    }

    /// To the end: the last row at the bottom of the screen.
    pub fn end(&mut self, height: usize) {
        let last = self.paras.len() - 1;
        self.top = (last, self.row_count(last) - 1);
        self.up(height.saturating_sub(1));
    }

    /// Keeps the screen full at the end of the document.
    pub fn clamp(&mut self, height: usize) {
        if self.visible(height).len() < height {
            let top = self.top;
            self.end(height);
            // Never move forward while clamping.
            if self.top > top {
                self.top = top;
            }
        }
    }

    /// Percentage read, as of the last [`Reader::prepare`].
    #[must_use]
    pub fn percent(&self) -> usize {
        self.percent
    }

    /// How far the bottom row on screen reaches, in percent.
    fn compute_percent(&mut self, height: usize) -> usize {
        let height = height.max(1);
        let len = self.text.text.len();
        let rows = self.visible(height + 1);
        if len == 0 || rows.len() <= height {
            return 100;
        }
        let (p, r) = rows[height - 1];
        let end = self.rows(p).get(r).map_or(0, |row| row.src.end);
        (end * 100 / len).min(99)
    }

    /// The selected byte range, if any.
    #[must_use]
    pub fn selected(&self) -> Option<Range<usize>> {
        self.selection
            .as_ref()
            .map(|(a, b)| a.start.min(b.start)..a.end.max(b.end))
            .filter(|r| !r.is_empty())
    }

    /// Starts (`extend == false`) or extends a mouse selection to the
    /// character under screen cell (`x`, `y`) of a screen `width` wide.
    pub fn select(&mut self, x: u16, y: u16, width: usize, extend: bool) {
        let Some(at) = self.offset_at(x, y, width) else {
            return;
        };
        self.selection = match self.selection.take() {
            Some((from, _)) if extend => Some((from, at)),
            _ => Some((at.clone(), at)),
        };
        self.cache.clear();
    }

    /// Drops the selection.
    pub fn unselect(&mut self) {
        if self.selection.take().is_some() {
            self.cache.clear();
        }
    }

    /// The source bytes of the character drawn at screen cell (`x`, `y`);
    /// left or right of a row's text, its nearest end. The geometry is the
    /// view's: the column centred on a screen `width` wide, rows from the
    /// top.
    #[must_use]
    pub fn offset_at(&self, x: u16, y: u16, width: usize) -> Option<Range<usize>> {
        let &(p, r) = self.shown.get(usize::from(y))?;
        let row = self.cached(p).get(r)?;
        let col = self.opts.width.min(width);
        let x0 = (width - col) / 2;
        let x = usize::from(x).checked_sub(x0);
        let mut first = None;
        let mut last = None;
        for (c, cell) in row.positioned() {
            if cell.width == 0 {
                continue;
            }
            if x.is_some_and(|x| c <= x && x < c + usize::from(cell.width)) {
                return Some(cell.src.clone());
            }
            first.get_or_insert_with(|| cell.src.clone());
            last = Some(cell.src.clone());
        }
        // Beside the text: the cell at that end of the row.
        let left = x.is_none_or(|x| x < row.indent);
        if left { first } else { last }.or(Some(row.src.start..row.src.start))
    }

    /// What `y` copies: the selection; else the paragraph of the current
    /// hit; else the paragraph at the top of the screen (the first on
    /// screen with text, when that one is blank). Returns the byte
    /// range and what it is.
    #[must_use]
    pub fn copy_range(&self) -> (Range<usize>, &'static str) {
        if let Some(sel) = self.selected() {
            return (sel, "the selection");
        }
        let para = |at: usize| {
            let p = self
                .paras
                .partition_point(|r| r.start <= at)
                .saturating_sub(1);
            self.paras.get(p).cloned().unwrap_or(0..0)
        };
        if let Some(h) = self.find.current.and_then(|k| self.find.hits.get(k)) {
            return (para(h.start), "the paragraph of the current hit");
        }
        // The paragraph at the top, or the first one with text below it.
        let text = &self.text.text;
        let top = self.paras[self.top.0.min(self.paras.len() - 1)..]
            .iter()
            .take(self.shown.len().max(1))
            .find(|p| !text[(*p).clone()].trim().is_empty())
            .cloned()
            .unwrap_or_else(|| self.paras.get(self.top.0).cloned().unwrap_or(0..0));
        (top, "the paragraph at the top")
    }

    /// Performs a reading-screen action `times` times where that makes
    /// sense (a new column width or inspect mode takes effect when the
    /// reader settles). Returns what the reader as a whole must do.
    pub fn act(
        &mut self,
        action: Action,
        times: usize,
        frame: Frame,
        max_width: usize,
    ) -> Option<Go> {
        let page = frame.page;
        let step = page.saturating_sub(1).max(1);
        match action {
            Action::Down => self.down(times, page),
            Action::Up => self.up(times),
            Action::PageDown => self.down(step, page),
            Action::PageUp => self.up(step),
            Action::HalfDown => self.down(page / 2, page),
            Action::HalfUp => self.up(page / 2),
            Action::Top => self.home(),
            Action::Bottom => self.end(page),
            Action::Back | Action::Quit => return Some(Go::Back),
            Action::Help => return Some(Go::Help),
            Action::Wider | Action::Narrower | Action::ResetWidth | Action::Inspect => match action
            {
                Action::Wider => self.column = (self.column + 4).min(frame.width.max(10)),
                Action::Narrower => self.column = self.column.saturating_sub(4).max(20),
                Action::ResetWidth => self.column = max_width,
                _ => self.inspect = !self.inspect,
            },
            Action::Search => {
                self.find.input.clear();
                return Some(Go::Type);
            }
            Action::NextHit => self.jump(true, page),
            Action::PrevHit => self.jump(false, page),
            Action::Related => return Some(Go::Related(self.doc)),
            Action::Copy => {
                let (range, what) = self.copy_range();
                return Some(Go::Copy(self.text.text[range].to_owned(), what));
            }
            Action::Compare => return Some(Go::CompareWithSimilar(self.doc)),
            _ => {}
        }
        None
    }
}

/// Texts at most this long are searched at once by find; longer ones by a
/// job, so that typing never waits.
const FIND_INLINE_BYTES: usize = 256 << 10;

/// The reading screen's part of the reader: find in the open document.
impl App {
    /// Finds `matcher`'s hits in the open document: at once for small
    /// texts, by a job for large ones (the screen never waits). Then shows
    /// the first hit (`from_start`: a document opened from search results)
    /// or the first one from the top of the screen on (find). `query` fills
    /// the find box (a document opened from search results).
    pub(super) fn start_find(
        &mut self,
        query: Option<String>,
        matcher: &Matcher,
        from_start: bool,
    ) {
        self.find_from_start = from_start;
        let page = self.page();
        let Screen::Reading(r) = &mut self.screen else {
            return;
        };
        if let Some(q) = query {
            r.find.input.set(&q);
        }
        if r.text.text.len() <= FIND_INLINE_BYTES {
            self.jobs.cancel(Kind::Find);
            r.set_hits(matcher.hits(&r.text.text));
            if from_start {
                r.show_hit(0, page);
            } else {
                r.jump(true, page);
            }
        } else {
            r.find.busy = true;
            self.jobs.find(Arc::clone(&r.text), matcher.clone());
        }
    }

    /// A key typed into the open document's find box.
    pub(super) fn reading_find_key(&mut self, k: &KeyEvent) {
        let page = self.page();
        let Screen::Reading(r) = &mut self.screen else {
            return;
        };
        match r.find.key(k) {
            Typed::Nothing => {}
            Typed::Done => self.mode = Mode::Normal,
            Typed::Cancel => {
                self.mode = Mode::Normal;
                r.set_hits(Vec::new());
                self.jobs.cancel(Kind::Find);
            }
            Typed::Jump(forward) => r.jump(forward, page),
            Typed::Changed => self.reading_find_changed(),
        }
    }

    /// The find box changed: find its query (a query too short yet keeps
    /// the hits shown).
    pub(super) fn reading_find_changed(&mut self) {
        let strict = self.library.strict;
        let Screen::Reading(r) = &self.screen else {
            return;
        };
        let parsed = Parsed::new(r.find.input.value(), strict);
        if !parsed.pending {
            self.start_find(None, &Matcher::new(&parsed, false), false);
        }
    }
}
