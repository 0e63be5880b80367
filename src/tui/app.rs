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
use crate::search::worker::{self, Answer, Ask, Message, Worker};
use crate::search::{Engine, Matcher, Parsed, Progress};
use std::sync::atomic::AtomicU64;

/// Which view is on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The document list.
    Library,
    /// One document.
    Reading,
    /// Two documents side by side.
    Compare,
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
    /// Search results (or related documents) shown instead of the list.
    pub results: Option<ResultList>,
    /// Strict search: no folding (ctrl-t in the search box).
    pub strict: bool,
    /// Enter was pressed before the current query's results came: open the
    /// first of them when they do.
    pub open_when_answered: bool,
    /// Documents marked for comparison (corpus indices, two at most, the
    /// oldest first).
    pub marked: Vec<usize>,
}

/// Results in the library.
#[derive(Clone, Debug, Default)]
pub struct ResultList {
    /// What they are: `None` for search results, the title of the document
    /// for related documents.
    pub like: Option<String>,
    /// The answer drawn.
    pub answer: Answer,
    /// Corpus index of each detailed row.
    pub docs: Vec<Option<usize>>,
}

/// Where searches go: a thread (the reader) or done at once (tests).
pub enum SearchBackend {
    /// The search thread.
    Thread(Worker),
    /// An engine searched on the UI thread.
    Inline {
        /// The engine.
        engine: Box<Engine>,
        /// Generations handed out.
        next: u64,
        /// Answers waiting to be delivered (as the thread would).
        inbox: Vec<Message>,
    },
}

impl std::fmt::Debug for SearchBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Thread(w) => f.debug_tuple("Thread").field(w).finish(),
            Self::Inline { next, .. } => f.debug_struct("Inline").field("next", next).finish(),
        }
    }
}

impl SearchBackend {
    fn send(&mut self, ask: Ask, rows: usize, snippet_chars: usize) -> u64 {
        match self {
            Self::Thread(w) => w.send(ask, rows, snippet_chars),
            Self::Inline {
                engine,
                next,
                inbox,
            } => {
                *next += 1;
                let req = worker::Request {
                    generation: *next,
                    ask,
                    rows,
                    snippet_chars,
                };
                let latest = AtomicU64::new(*next);
                if let Some(a) = worker::answer(engine, &req, &latest) {
                    inbox.push(Message::Answer(Box::new(a)));
                }
                *next
            }
        }
    }

    fn latest(&self) -> u64 {
        match self {
            Self::Thread(w) => w.latest(),
            Self::Inline { next, .. } => *next,
        }
    }
}

/// The state of the index, as the search thread reports it.
#[derive(Clone, Debug, Default)]
pub struct IndexState {
    /// Searches can be answered.
    pub ready: bool,
    /// Building progress, while building.
    pub progress: Option<Progress>,
    /// Search is unavailable, and why.
    pub failed: Option<String>,
}

/// Find in the document.
#[derive(Clone, Debug, Default)]
pub struct Find {
    /// As typed.
    pub query: String,
    /// The find box has the keyboard.
    pub editing: bool,
    /// Matched byte ranges, sorted.
    pub hits: Vec<Range<usize>>,
    /// The current hit.
    pub current: Option<usize>,
    /// Hits are being computed (large documents).
    pub busy: bool,
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
    /// Find in the document, and the hits highlighted.
    pub find: Find,
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
            find: Find::default(),
        };
        r.goto(anchor);
        r
    }

    /// The rows of paragraph `p`, laid out on first use.
    pub fn rows(&mut self, p: usize) -> &[Row] {
        let range = self.paras.get(p).cloned().unwrap_or(0..0);
        let text = &self.text.text;
        let opts = &self.opts;
        let find = &self.find;
        self.cache.entry(p).or_insert_with(|| {
            let spans = find_spans(find, &range);
            bidi::layout_paragraph(&text[range.clone()], range.start, &spans, opts)
        })
    }

    /// Sets the hits to highlight (the current one first after `from`).
    pub fn set_hits(&mut self, hits: Vec<Range<usize>>) {
        self.find.hits = hits;
        self.find.current = None;
        self.find.busy = false;
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

/// Style bits of the hits inside paragraph `range`.
fn find_spans(find: &Find, range: &Range<usize>) -> Vec<bidi::StyleSpan> {
    let first = find.hits.partition_point(|h| h.end <= range.start);
    find.hits[first..]
        .iter()
        .enumerate()
        .take_while(|(_, h)| h.start < range.end)
        .map(|(k, h)| bidi::StyleSpan {
            range: h.start.max(range.start)..h.end.min(range.end),
            style: if find.current == Some(first + k) {
                super::theme::HIGHLIGHT | super::theme::CURRENT
            } else {
                super::theme::HIGHLIGHT
            },
        })
        .collect()
}

/// Delivers search-thread messages to the UI loop.
#[derive(Clone)]
pub struct Notify(pub Arc<dyn Fn(Message) + Send + Sync>);

impl std::fmt::Debug for Notify {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Notify")
    }
}

/// Texts at most this long are searched on the UI thread by find.
const FIND_INLINE_BYTES: usize = 256 << 10;

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
    /// Compare keys.
    pub compare_keys: Keymap,
    /// The compare view, when open.
    pub compare: Option<super::compare::CompareView>,
    /// A document waiting for its most similar one, to compare them,
    /// with the generation of the request asking for it.
    pub compare_when_related: Option<(usize, u64)>,
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
    /// Full-text search, once attached.
    pub search: Option<SearchBackend>,
    /// The index as last reported.
    pub index: IndexState,
    /// Where find threads report (the UI loop).
    pub notify: Option<Notify>,
    /// Find generations.
    find_generation: u64,
    /// The pending find shows the document's first hit.
    find_from_start: bool,
    /// (path, line) → corpus index.
    by_place: HashMap<(String, usize), usize>,
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
            compare_keys: Keymap::default(),
            compare: None,
            compare_when_related: None,
            settings,
            theme,
            positions: HashMap::new(),
            page: 20,
            screen_width: 80,
            size: None,
            search: None,
            index: IndexState::default(),
            notify: None,
            find_generation: 0,
            find_from_start: false,
            by_place: HashMap::new(),
        }
    }

    /// Searches with `engine` on the UI thread (tests, benchmarks).
    pub fn attach_engine(&mut self, engine: Engine) {
        self.search = Some(SearchBackend::Inline {
            engine: Box::new(engine),
            next: 0,
            inbox: Vec::new(),
        });
        self.index.ready = true;
    }

    /// Searches with the search thread.
    pub fn attach_worker(&mut self, w: Worker) {
        self.search = Some(SearchBackend::Thread(w));
    }

    /// Delivers messages an inline engine produced (tests call this after
    /// keys, as the loop would).
    pub fn pump(&mut self) {
        let inbox = match &mut self.search {
            Some(SearchBackend::Inline { inbox, .. }) => std::mem::take(inbox),
            _ => Vec::new(),
        };
        for m in inbox {
            self.on_message(m);
        }
    }

    fn doc_at(&mut self, path: &str, line: Option<usize>) -> Option<usize> {
        if self.by_place.is_empty() {
            self.by_place = self
                .corpus
                .docs
                .iter()
                .enumerate()
                .map(|(i, d)| ((d.path.clone(), d.line.unwrap_or(0)), i))
                .collect();
        }
        self.by_place
            .get(&(path.to_owned(), line.unwrap_or(0)))
            .copied()
    }

    /// Rows of results to detail: what fits on screen, and past the
    /// selection.
    fn result_rows(&self) -> usize {
        (self.page / 2 + 2).max(self.lib.selected + self.page / 2 + 2)
    }

    fn snippet_chars(&self) -> usize {
        (self.screen_width.saturating_sub(6)).max(20) * 2
    }

    fn send_search(&mut self) {
        let rows = self.result_rows();
        let chars = self.snippet_chars();
        let query = self.lib.query.clone();
        let strict = self.lib.strict;
        if let Some(b) = &mut self.search {
            if query.trim().is_empty() {
                // Back to the list; an answer still on its way is stale.
                b.send(
                    Ask::Search {
                        query: String::new(),
                        strict,
                    },
                    0,
                    0,
                );
                self.lib.results = None;
                self.lib.selected = 0;
                self.lib.offset = 0;
            } else {
                b.send(Ask::Search { query, strict }, rows, chars);
                if !self.index.ready && self.lib.results.is_none() {
                    // Say that results will come, rather than show the list.
                    self.lib.results = Some(ResultList::default());
                }
            }
        }
        self.pump();
    }

    /// Handles a message of the search thread (or a find thread).
    pub fn on_message(&mut self, m: Message) {
        match m {
            Message::Progress(p) => self.index.progress = Some(p),
            Message::Ready(note) => {
                self.index.ready = true;
                self.index.progress = None;
                if note.is_some() {
                    self.status = note;
                }
                if self.lib.results.is_some() || !self.lib.query.trim().is_empty() {
                    self.send_search();
                }
            }
            Message::Failed(why) => {
                self.index.failed = Some(why.clone());
                self.index.progress = None;
                self.status = Some(why);
            }
            Message::Answer(a) => self.on_answer(*a),
            Message::Found { generation, hits } => {
                if generation == self.find_generation
                    && let Some(r) = &mut self.reader
                {
                    r.set_hits(hits);
                    let page = self.page;
                    if self.find_from_start {
                        r.show_hit(0, page);
                    } else {
                        r.jump(true, page);
                    }
                }
            }
        }
    }

    fn on_answer(&mut self, a: Answer) {
        let Some(b) = &self.search else { return };
        if a.generation != b.latest() {
            return; // stale: a newer request is on its way
        }
        if let Some((doc, generation)) = self.compare_when_related
            && generation == a.generation
        {
            self.compare_when_related = None;
            let other = a
                .rows
                .iter()
                .filter_map(|d| self.doc_at(&d.key.path, d.key.line))
                .find(|&o| o != doc);
            match other {
                Some(o) => self.compare_docs(doc, o),
                None => self.status = Some("no similar document to compare with".to_owned()),
            }
            return;
        }
        if a.pending {
            // Keep the previous results (Q3); a placeholder made while the
            // index was being built gives way to the list.
            if self
                .lib
                .results
                .as_ref()
                .is_some_and(|r| r.like.is_none() && r.answer.generation == 0)
            {
                self.lib.results = None;
            }
            // The results shown are those of the current input (Q3).
            if self.lib.open_when_answered {
                self.lib.open_when_answered = false;
                self.open_selected();
            }
            return;
        }
        if self.lib.query.trim().is_empty()
            && self.lib.results.as_ref().is_none_or(|r| r.like.is_none())
        {
            return;
        }
        if let Some(e) = &a.error {
            self.status = Some(format!("search failed: {e}"));
        }
        let docs: Vec<Option<usize>> = a
            .rows
            .iter()
            .map(|d| self.doc_at(&d.key.path, d.key.line))
            .collect();
        let like = self.lib.results.as_ref().and_then(|r| r.like.clone());
        let same = self.lib.results.as_ref().is_some_and(|r| {
            r.docs.iter().zip(&docs).all(|(x, y)| x == y) && r.answer.total == a.total
        });
        if !same {
            self.lib.selected = 0;
            self.lib.offset = 0;
        }
        self.lib.results = Some(ResultList {
            like,
            answer: a,
            docs,
        });
        if self.lib.open_when_answered {
            self.lib.open_when_answered = false;
            self.open_selected();
        }
    }

    /// Number of entries in the library list (documents or results).
    #[must_use]
    pub fn entries(&self) -> usize {
        match &self.lib.results {
            Some(r) => r.answer.rows.len() + r.answer.more,
            None => self.lib.shown.len(),
        }
    }

    fn open_selected(&mut self) {
        let sel = self.lib.selected;
        match &self.lib.results {
            Some(r) => {
                let Some(Some(doc)) = r.docs.get(sel).copied() else {
                    return;
                };
                let matcher = r.answer.matcher.clone();
                let query = if r.like.is_some() {
                    String::new()
                } else {
                    self.lib.query.clone()
                };
                self.open(doc);
                if !matcher.is_empty() {
                    self.start_find(query, &matcher, true);
                }
            }
            None => {
                if let Some(&doc) = self.lib.shown.get(sel) {
                    self.open(doc);
                }
            }
        }
    }

    /// Finds `matcher`'s hits in the open document: at once for small
    /// texts, on a thread for large ones (the screen never waits). Then
    /// shows the first hit (`from_start`: a document opened from search
    /// results) or the first one from the top of the screen on (find).
    fn start_find(&mut self, query: String, matcher: &Matcher, from_start: bool) {
        self.find_generation += 1;
        self.find_from_start = from_start;
        let generation = self.find_generation;
        let page = self.page;
        let notify = self.notify.clone();
        let Some(r) = &mut self.reader else { return };
        r.find.query = query;
        let text = Arc::clone(&r.text);
        if text.text.len() <= FIND_INLINE_BYTES || notify.is_none() {
            let hits = matcher.hits(&text.text);
            r.set_hits(hits);
            if from_start {
                r.show_hit(0, page);
            } else {
                r.jump(true, page);
            }
        } else if let Some(Notify(f)) = notify {
            r.find.busy = true;
            let matcher = matcher.clone();
            std::thread::spawn(move || {
                let hits = matcher.hits(&text.text);
                f(Message::Found { generation, hits });
            });
        }
    }

    fn find_key(&mut self, k: &KeyEvent) {
        let page = self.page;
        let Some(r) = &mut self.reader else { return };
        match k.code {
            KeyCode::Esc => {
                r.find.editing = false;
                r.find.query.clear();
                r.set_hits(Vec::new());
                self.find_generation += 1;
                return;
            }
            KeyCode::Enter => {
                r.find.editing = false;
                return;
            }
            KeyCode::Backspace => {
                r.find.query.pop();
            }
            KeyCode::Char(c) if !c.is_control() && !k.modifiers.contains(KeyModifiers::CONTROL) => {
                r.find.query.push(c);
            }
            KeyCode::Down => {
                r.jump(true, page);
                return;
            }
            KeyCode::Up => {
                r.jump(false, page);
                return;
            }
            _ => return,
        }
        let query = r.find.query.clone();
        let parsed = Parsed::new(&query, self.lib.strict);
        if parsed.pending {
            return; // too short yet: keep the hits shown
        }
        let matcher = Matcher::new(&parsed, false);
        self.start_find(query, &matcher, false);
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
        if let Some(c) = &mut self.compare {
            c.clamp(self.page.saturating_sub(1));
        }
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
        if self.view == View::Reading && self.reader.as_ref().is_some_and(|r| r.find.editing) {
            self.find_key(k);
            return;
        }
        if self.view == View::Compare
            && self
                .compare
                .as_ref()
                .is_some_and(|c| c.find[c.focus].editing)
        {
            self.compare_find_key(k);
            return;
        }
        let keymap = match self.view {
            View::Library => &self.library_keys,
            View::Reading => &self.reading_keys,
            View::Compare => &self.compare_keys,
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
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => {
                self.lib.searching = false;
                self.lib.query.clear();
                self.query_changed();
            }
            KeyCode::Enter => {
                self.lib.searching = false;
                let current = match (&self.search, &self.lib.results) {
                    (Some(b), Some(r)) => r.answer.generation == b.latest(),
                    // The list is on screen (nothing searched yet).
                    (Some(_), None) => true,
                    (None, _) => true,
                };
                if current {
                    self.open_selected();
                } else {
                    // Enter acts on the results of the current input (Q10).
                    self.lib.open_when_answered = true;
                }
            }
            KeyCode::Backspace => {
                self.lib.query.pop();
                self.query_changed();
            }
            KeyCode::Down => self.move_selection(1),
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Char('t') if ctrl => {
                self.lib.strict = !self.lib.strict;
                self.query_changed();
            }
            KeyCode::Char(c) if !c.is_control() && !ctrl => {
                self.lib.query.push(c);
                self.query_changed();
            }
            _ => {}
        }
    }

    fn query_changed(&mut self) {
        if self.search.is_some() {
            if let Some(r) = &self.lib.results
                && r.like.is_some()
            {
                self.lib.results = None;
            }
            self.send_search();
        } else {
            self.refilter();
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let n = self.entries();
        if n == 0 {
            return;
        }
        let sel = self.lib.selected.saturating_add_signed(delta).min(n - 1);
        self.lib.selected = sel;
        self.detail_more();
    }

    /// Asks for details of more results when the selection goes past
    /// those detailed.
    fn detail_more(&mut self) {
        let need = matches!(&self.lib.results, Some(r)
                if r.like.is_none()
                    && self.lib.selected + 1 >= r.answer.rows.len()
                    && r.answer.more > 0);
        if need {
            self.send_search();
        }
    }

    /// Lists the documents most like `doc` in the library.
    pub fn related(&mut self, doc: usize) {
        let Some(d) = self.corpus.docs.get(doc) else {
            return;
        };
        let (key, title) = (d.key(), d.title.clone());
        if self.search.is_none() || !self.index.ready {
            self.status = Some(match &self.index.failed {
                Some(why) => why.clone(),
                None => "the index is not ready yet".to_owned(),
            });
            return;
        }
        self.remember();
        self.view = View::Library;
        self.lib.query.clear();
        self.lib.searching = false;
        self.lib.results = Some(ResultList {
            like: Some(title),
            ..ResultList::default()
        });
        self.lib.selected = 0;
        self.lib.offset = 0;
        let rows = self.result_rows();
        let chars = self.snippet_chars();
        if let Some(b) = &mut self.search {
            b.send(Ask::Related { key }, rows, chars);
        }
        self.pump();
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
                    Action::Bottom => {
                        self.lib.selected = self.entries().saturating_sub(1);
                        self.detail_more();
                    }
                    Action::Open => self.open_selected(),
                    Action::Search => {
                        if self.lib.results.as_ref().is_some_and(|r| r.like.is_some()) {
                            self.lib.results = None;
                        }
                        self.lib.searching = true;
                    }
                    Action::Quit => {
                        self.remember();
                        self.quit = true;
                    }
                    Action::Back if !self.lib.query.is_empty() || self.lib.results.is_some() => {
                        self.lib.query.clear();
                        self.lib.results = None;
                        self.query_changed();
                    }
                    Action::Help => self.help = !self.help,
                    Action::Mark => self.toggle_mark(),
                    Action::Compare => self.compare_from_library(),
                    _ => {}
                }
            }
            View::Compare => self.compare_act(action, times),
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
                    Action::Search => {
                        r.find.editing = true;
                        r.find.query.clear();
                    }
                    Action::NextHit => r.jump(true, page),
                    Action::PrevHit => r.jump(false, page),
                    Action::Related => {
                        let doc = r.doc;
                        self.related(doc);
                    }
                    Action::Compare => {
                        let doc = r.doc;
                        self.compare_with_most_similar(doc);
                    }
                    _ => {}
                }
            }
        }
    }

    /// The document under the library's selection (list or results).
    fn selected_doc(&self) -> Option<usize> {
        match &self.lib.results {
            Some(r) => r.docs.get(self.lib.selected).copied().flatten(),
            None => self.lib.shown.get(self.lib.selected).copied(),
        }
    }

    /// Space in the library: marks the selected document for comparison
    /// (a third mark replaces the oldest), or unmarks it; moves down.
    fn toggle_mark(&mut self) {
        let Some(doc) = self.selected_doc() else {
            return;
        };
        if let Some(k) = self.lib.marked.iter().position(|&d| d == doc) {
            self.lib.marked.remove(k);
        } else {
            if self.lib.marked.len() == 2 {
                self.lib.marked.remove(0);
            }
            self.lib.marked.push(doc);
        }
        self.move_selection(1);
    }

    /// `c` in the library: the two marked documents; one mark and the
    /// selection; or the selection and its most similar document.
    fn compare_from_library(&mut self) {
        let selected = self.selected_doc();
        match (self.lib.marked.as_slice(), selected) {
            ([a, b], _) => self.compare_docs(*a, *b),
            ([a], Some(s)) if *a != s => self.compare_docs(*a, s),
            ([a], _) => self.compare_with_most_similar(*a),
            ([], Some(s)) => self.compare_with_most_similar(s),
            _ => {}
        }
    }

    /// Compares `doc` with the document most like it (asks the index).
    pub fn compare_with_most_similar(&mut self, doc: usize) {
        let Some(d) = self.corpus.docs.get(doc) else {
            return;
        };
        let key = d.key();
        if self.search.is_none() || !self.index.ready {
            self.status = Some(match &self.index.failed {
                Some(why) => why.clone(),
                None => "the index is not ready yet: mark two documents with space".to_owned(),
            });
            return;
        }
        self.status = Some("finding the most similar document…".to_owned());
        if let Some(b) = &mut self.search {
            let generation = b.send(Ask::Related { key }, 3, 0);
            self.compare_when_related = Some((doc, generation));
        }
        self.pump();
    }

    /// Opens the compare view on documents `a` (A) and `b` (B).
    pub fn compare_docs(&mut self, a: usize, b: usize) {
        let texts = match (self.corpus.text(a), self.corpus.text(b)) {
            (Ok(x), Ok(y)) => [x, y],
            (Err(e), _) | (_, Err(e)) => {
                self.status = Some(format!("cannot compare: {e}"));
                return;
            }
        };
        self.remember();
        let cmp = crate::compare::compare(
            &texts[0].text,
            &texts[1].text,
            &crate::compare::Options::default(),
            None,
        );
        let back = if self.view == View::Compare {
            self.compare.as_ref().map_or(View::Library, |c| c.back)
        } else {
            self.view
        };
        self.compare = Some(super::compare::CompareView::new([a, b], texts, cmp, back));
        self.view = View::Compare;
        self.status = None;
    }

    /// Body lines of the compare view (the screen minus three bars).
    #[must_use]
    pub fn compare_page(&self) -> usize {
        self.page.saturating_sub(2).max(1)
    }

    fn compare_act(&mut self, action: Action, times: usize) {
        let page = self.compare_page();
        let Some(c) = &mut self.compare else {
            self.view = View::Library;
            return;
        };
        let n = isize::try_from(times).unwrap_or(1);
        let step = isize::try_from(page.saturating_sub(1).max(1)).unwrap_or(1);
        let half = isize::try_from((page / 2).max(1)).unwrap_or(1);
        match action {
            Action::Down => c.scroll(n, page),
            Action::Up => c.scroll(-n, page),
            Action::PageDown => c.scroll(step, page),
            Action::PageUp => c.scroll(-step, page),
            Action::HalfDown => c.scroll(half, page),
            Action::HalfUp => c.scroll(-half, page),
            Action::Top => c.set_top(0, page),
            Action::Bottom => c.set_top(usize::MAX, page),
            Action::NextDiff | Action::PrevDiff
                if !c.jump_diff(action == Action::NextDiff, page) =>
            {
                self.status = Some(if action == Action::NextDiff {
                    "no more differences below".to_owned()
                } else {
                    "no more differences above".to_owned()
                });
            }
            Action::ToggleSync => {
                c.toggle_sync(page);
                self.status = Some(if c.sync {
                    "panes scroll together".to_owned()
                } else {
                    "panes scroll apart".to_owned()
                });
            }
            Action::Focus => c.focus = 1 - c.focus,
            Action::Swap => c.swapped = !c.swapped,
            Action::Partner => {
                if let Err(why) = c.show_partner(page) {
                    self.status = Some(why.to_owned());
                }
            }
            Action::Search => {
                let f = &mut c.find[c.focus];
                f.editing = true;
                f.query.clear();
            }
            Action::NextHit => c.jump_hit(true, page),
            Action::PrevHit => c.jump_hit(false, page),
            Action::Back | Action::Quit if !c.restore() => {
                self.view = c.back;
                if self.view == View::Reading && self.reader.is_none() {
                    self.view = View::Library;
                }
            }
            Action::Help => self.help = !self.help,
            _ => {}
        }
    }

    fn compare_find_key(&mut self, k: &KeyEvent) {
        let page = self.compare_page();
        let strict = self.lib.strict;
        let Some(c) = &mut self.compare else { return };
        let side = c.focus;
        match k.code {
            KeyCode::Esc => {
                c.find[side].editing = false;
                c.find[side].query.clear();
                c.set_hits(Vec::new());
                return;
            }
            KeyCode::Enter => {
                c.find[side].editing = false;
                return;
            }
            KeyCode::Backspace => {
                c.find[side].query.pop();
            }
            KeyCode::Char(ch)
                if !ch.is_control() && !k.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                c.find[side].query.push(ch);
            }
            KeyCode::Down => return c.jump_hit(true, page),
            KeyCode::Up => return c.jump_hit(false, page),
            _ => return,
        }
        let parsed = Parsed::new(&c.find[side].query, strict);
        if parsed.pending {
            return;
        }
        let hits = Matcher::new(&parsed, false).hits(&c.texts[side].text);
        c.set_hits(hits);
        c.jump_hit(true, page);
    }
}
