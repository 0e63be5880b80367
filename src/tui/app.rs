//! The reader's state and how keys change it. No terminal I/O here: the
//! view draws this state, the loop feeds it events.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::keys::{Action, Keymap};
use super::theme::Theme;
use crate::bidi::{self, Dir, LamAlef, LayoutOptions, Order, Row};
use crate::corpus::{Corpus, DocText};

/// Which view is on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The document list.
    Library,
    /// One document.
    Reading,
}

/// Layout settings shared by every view.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Widest reading column (`=` returns to it).
    pub max_width: usize,
    /// Arabic presentation forms.
    pub shape: bool,
    /// Lam-alef drawing.
    pub lam_alef: LamAlef,
    /// Visual or logical order.
    pub order: Order,
    /// Everything left-aligned and left to right (`--bidi off`).
    pub force_ltr: bool,
    /// Tab stops.
    pub tab_width: usize,
}

impl Settings {
    /// Layout options for text of the given fallback direction and width.
    #[must_use]
    pub fn options(&self, width: usize, fallback: Dir, reveal: bool) -> LayoutOptions {
        LayoutOptions {
            width,
            fallback,
            force: self.force_ltr.then_some(Dir::Ltr),
            shape: self.shape,
            lam_alef: self.lam_alef,
            order: self.order,
            tab_width: self.tab_width,
            reveal,
        }
    }
}

/// The library view's state.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Index into `shown` of the selected document.
    pub selected: usize,
    /// First shown document on screen.
    pub offset: usize,
    /// The title filter.
    pub query: String,
    /// Whether the search box has the keyboard.
    pub searching: bool,
    /// Documents shown (indices into the corpus), in corpus order.
    pub shown: Vec<usize>,
}

/// An open document, laid out lazily: only the paragraphs on screen.
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
}

impl Reader {
    /// Opens `text`, placed at byte offset `anchor`.
    #[must_use]
    pub fn new(
        doc: usize,
        text: Arc<DocText>,
        opts: LayoutOptions,
        column: usize,
        anchor: usize,
    ) -> Self {
        let paras = bidi::paragraphs(&text.text)
            .map(|(off, p)| off..off + p.len())
            .collect::<Vec<_>>();
        let paras = if paras.is_empty() {
            std::iter::once(0..0).collect()
        } else {
            paras
        };
        let mut r = Self {
            doc,
            text,
            paras,
            cache: HashMap::new(),
            opts,
            top: (0, 0),
            column,
            inspect: false,
        };
        r.goto(anchor);
        r
    }

    /// The rows of paragraph `p`, laid out on first use.
    pub fn rows(&mut self, p: usize) -> &[Row] {
        let range = self.paras.get(p).cloned().unwrap_or(0..0);
        let text = &self.text.text;
        let opts = &self.opts;
        self.cache
            .entry(p)
            .or_insert_with(|| bidi::layout_paragraph(&text[range.clone()], range.start, &[], opts))
    }

    fn row_count(&mut self, p: usize) -> usize {
        self.rows(p).len().max(1)
    }

    /// Changes the layout options (width, reveal…), keeping the place.
    pub fn set_options(&mut self, opts: LayoutOptions) {
        if opts != self.opts {
            let anchor = self.anchor();
            self.opts = opts;
            self.cache.clear();
            self.goto(anchor);
        }
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
        self.evict();
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

    fn clamp(&mut self, height: usize) {
        if self.visible(height).len() < height {
            let top = self.top;
            self.end(height);
            // Never move forward while clamping.
            if self.top > top {
                self.top = top;
            }
        }
    }

    /// Percentage read: how far the bottom row on screen reaches.
    pub fn percent(&mut self, height: usize) -> usize {
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
}

/// The whole application state.
#[derive(Debug)]
pub struct App {
    /// The documents.
    pub corpus: Corpus,
    /// Which view is on screen.
    pub view: View,
    /// Library state.
    pub lib: Library,
    /// The open document, if any.
    pub reader: Option<Reader>,
    /// Help shown over the view.
    pub help: bool,
    /// Set when qari should exit.
    pub quit: bool,
    /// A message for the status bar, until the next key.
    pub status: Option<String>,
    /// Library keys.
    pub library_keys: Keymap,
    /// Reading keys.
    pub reading_keys: Keymap,
    /// Layout settings.
    pub settings: Settings,
    /// Colours.
    pub theme: Theme,
    /// Remembered reading positions: document key → byte offset.
    pub positions: HashMap<String, usize>,
    /// Text rows available for the document (screen height minus bars).
    pub page: usize,
    /// Screen width, for the reading column.
    pub screen_width: usize,
    /// The last screen size seen.
    size: Option<(u16, u16)>,
}

impl App {
    /// A new app on `corpus`, library view.
    #[must_use]
    pub fn new(
        corpus: Corpus,
        settings: Settings,
        library_keys: Keymap,
        reading_keys: Keymap,
        theme: Theme,
    ) -> Self {
        let shown = (0..corpus.docs.len()).collect();
        Self {
            corpus,
            view: View::Library,
            lib: Library {
                shown,
                ..Library::default()
            },
            reader: None,
            help: false,
            quit: false,
            status: None,
            library_keys,
            reading_keys,
            settings,
            theme,
            positions: HashMap::new(),
            page: 20,
            screen_width: 80,
            size: None,
        }
    }

    /// The key under which a document's position is remembered.
    #[must_use]
    pub fn position_key(&self, doc: usize) -> String {
        self.corpus
            .docs
            .get(doc)
            .map(|d| format!("{}#{}", d.path, d.id))
            .unwrap_or_default()
    }

    /// Width of the reading column on the current screen.
    #[must_use]
    pub fn column_width(&self, column: usize) -> usize {
        column.min(self.screen_width.saturating_sub(2)).max(10)
    }

    fn reader_options(&self, column: usize, doc: usize, inspect: bool) -> LayoutOptions {
        let fallback = self
            .corpus
            .docs
            .get(doc)
            .map_or(Dir::Rtl, |d| d.direction.fallback());
        self.settings
            .options(self.column_width(column), fallback, inspect)
    }

    /// Called when the screen size is known or changes.
    pub fn resize(&mut self, width: u16, height: u16) {
        // Called before every frame: nothing to do when the size is known.
        if self.size == Some((width, height)) {
            return;
        }
        self.size = Some((width, height));
        self.screen_width = usize::from(width);
        self.page = usize::from(height).saturating_sub(1).max(1);
        if let Some(r) = &self.reader {
            let opts = self.reader_options(r.column, r.doc, r.inspect);
            if let Some(r) = &mut self.reader {
                r.set_options(opts);
                r.clamp(self.page);
            }
        }
    }

    /// Opens document `doc` at its remembered position.
    pub fn open(&mut self, doc: usize) {
        self.remember();
        match self.corpus.text(doc) {
            Ok(text) => {
                let anchor = self
                    .positions
                    .get(&self.position_key(doc))
                    .copied()
                    .unwrap_or(0);
                let column = self.settings.max_width;
                let opts = self.reader_options(column, doc, false);
                let anchor = anchor.min(text.text.len());
                self.reader = Some(Reader::new(doc, text, opts, column, anchor));
                self.view = View::Reading;
            }
            Err(e) => self.status = Some(format!("cannot open: {e}")),
        }
    }

    /// Stores the open document's position.
    pub fn remember(&mut self) {
        if let Some(r) = &mut self.reader {
            let (doc, at) = (r.doc, r.anchor());
            let key = self.position_key(doc);
            self.positions.insert(key, at);
        }
    }

    fn refilter(&mut self) {
        let q = self.lib.query.to_lowercase();
        self.lib.shown = (0..self.corpus.docs.len())
            .filter(|&i| {
                q.is_empty() || {
                    let d = &self.corpus.docs[i];
                    d.title.to_lowercase().contains(&q) || d.id.to_lowercase().contains(&q)
                }
            })
            .collect();
        self.lib.selected = 0;
        self.lib.offset = 0;
    }

    /// Handles a terminal event.
    pub fn handle(&mut self, ev: &ratatui::crossterm::event::Event) {
        use ratatui::crossterm::event::Event;
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.key(k),
            Event::Resize(w, h) => self.resize(*w, *h),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => self.act(Action::Down, 3),
                MouseEventKind::ScrollUp => self.act(Action::Up, 3),
                _ => {}
            },
            _ => {}
        }
    }

    /// Handles a key.
    pub fn key(&mut self, k: &KeyEvent) {
        self.status = None;
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.remember();
            self.quit = true;
            return;
        }
        if self.view == View::Library && self.lib.searching {
            self.search_key(k);
            return;
        }
        let keymap = match self.view {
            View::Library => &self.library_keys,
            View::Reading => &self.reading_keys,
        };
        let Some(action) = keymap.action(k) else {
            if self.help && matches!(k.code, KeyCode::Esc | KeyCode::Char('q')) {
                self.help = false;
            }
            return;
        };
        if self.help && action != Action::Help {
            // Any key closes the help first.
            self.help = false;
            if matches!(action, Action::Back | Action::Quit) {
                return;
            }
        }
        self.act(action, 1);
    }

    fn search_key(&mut self, k: &KeyEvent) {
        match k.code {
            KeyCode::Esc => {
                self.lib.searching = false;
                self.lib.query.clear();
                self.refilter();
            }
            KeyCode::Enter => {
                self.lib.searching = false;
                if let Some(&doc) = self.lib.shown.get(self.lib.selected) {
                    self.open(doc);
                }
            }
            KeyCode::Backspace => {
                self.lib.query.pop();
                self.refilter();
            }
            KeyCode::Down => self.move_selection(1),
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Char(c) if !c.is_control() && !k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.lib.query.push(c);
                self.refilter();
            }
            _ => {}
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let n = self.lib.shown.len();
        if n == 0 {
            return;
        }
        let sel = self.lib.selected.saturating_add_signed(delta).min(n - 1);
        self.lib.selected = sel;
    }

    /// Performs an action `times` times where that makes sense.
    pub fn act(&mut self, action: Action, times: usize) {
        let page = self.page;
        match self.view {
            View::Library => {
                let page = page.saturating_sub(2).max(1);
                match action {
                    Action::Down => self.move_selection(isize::try_from(times).unwrap_or(1)),
                    Action::Up => self.move_selection(-isize::try_from(times).unwrap_or(1)),
                    Action::PageDown | Action::HalfDown => {
                        self.move_selection(isize::try_from(page).unwrap_or(1));
                    }
                    Action::PageUp | Action::HalfUp => {
                        self.move_selection(-isize::try_from(page).unwrap_or(1));
                    }
                    Action::Top => self.lib.selected = 0,
                    Action::Bottom => self.lib.selected = self.lib.shown.len().saturating_sub(1),
                    Action::Open => {
                        if let Some(&doc) = self.lib.shown.get(self.lib.selected) {
                            self.open(doc);
                        }
                    }
                    Action::Search => self.lib.searching = true,
                    Action::Quit => {
                        self.remember();
                        self.quit = true;
                    }
                    Action::Back if !self.lib.query.is_empty() => {
                        self.lib.query.clear();
                        self.refilter();
                    }
                    Action::Help => self.help = !self.help,
                    _ => {}
                }
            }
            View::Reading => {
                let max_width = self.settings.max_width;
                let Some(r) = &mut self.reader else {
                    self.view = View::Library;
                    return;
                };
                let step = page.saturating_sub(1).max(1);
                match action {
                    Action::Down => r.down(times, page),
                    Action::Up => r.up(times),
                    Action::PageDown => r.down(step, page),
                    Action::PageUp => r.up(step),
                    Action::HalfDown => r.down(page / 2, page),
                    Action::HalfUp => r.up(page / 2),
                    Action::Top => r.home(),
                    Action::Bottom => r.end(page),
                    Action::Back | Action::Quit => {
                        self.remember();
                        self.view = View::Library;
                    }
                    Action::Help => self.help = !self.help,
                    Action::Wider | Action::Narrower | Action::ResetWidth | Action::Inspect => {
                        let (mut column, mut inspect) = (r.column, r.inspect);
                        match action {
                            Action::Wider => column = (column + 4).min(self.screen_width.max(10)),
                            Action::Narrower => column = column.saturating_sub(4).max(20),
                            Action::ResetWidth => column = max_width,
                            _ => inspect = !inspect,
                        }
                        let doc = r.doc;
                        let opts = self.reader_options(column, doc, inspect);
                        if let Some(r) = &mut self.reader {
                            r.column = column;
                            r.inspect = inspect;
                            r.set_options(opts);
                            r.clamp(page);
                        }
                    }
                    Action::Open | Action::Search => {}
                }
            }
        }
    }
}
