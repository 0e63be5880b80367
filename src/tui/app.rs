//! The reader's state and its one update function. An [`Event`] (a key,
//! a resize, a signal, a finished job) goes to [`App::update`], which
//! routes keys by [`Mode`] and [`Screen`], lets the screen change its own
//! state, carries out what the screen asks of the reader as a whole
//! ([`Go`]: go back, open, compare, search…), and finally lays out what
//! the next frame shows (`App::settle`). Drawing (`super::draw`) only
//! reads. No terminal I/O here. Each screen's own keys and requests live in
//! its module (`library`, `reading`, `compare`); what is here is the
//! reader as a whole: routing, screen changes, finished jobs, positions.
//! It is one job, the reader's update, and reads as one (about 700 lines;
//! splitting it would scatter the routing table over several files).

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::Event;
use super::compare::{CompareView, pane_width};
use super::jobs::{Done, IndexNews, Jobs, Kind};
use super::keymap::{Action, Keymap, Keymaps};
use super::library::Library;
use super::positions::Positions;
use super::reading::{Frame, Reader};
use super::theme::Theme;
use crate::bidi::{Dir, LayoutOptions};
use crate::corpus::Corpus;
use crate::search::{Engine, Progress};
use crate::settings::Settings;

/// The screen on show. The library's state lives on in [`App::library`]
/// whatever the screen; a reading screen always has its document.
#[derive(Debug, Default)]
pub enum Screen {
    /// The document list (or search results).
    #[default]
    Library,
    /// One document.
    Reading(Box<Reader>),
    /// Two documents side by side.
    Compare(Box<CompareScreen>),
}

/// The compare screen, and the reading screen it was opened from.
#[derive(Debug)]
pub struct CompareScreen {
    /// The comparison.
    pub view: CompareView,
    /// The document Esc goes back to (`None`: the library).
    pub back: Option<Box<Reader>>,
}

/// Who has the keyboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Keys are actions of the screen's keymap.
    #[default]
    Normal,
    /// Keys edit the screen's text box (search, find).
    Typing,
    /// The help overlay is shown; the next key closes it.
    Help,
}

/// What a screen asks of the reader as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Go {
    /// Back to the previous screen.
    Back,
    /// Show or hide the help.
    Help,
    /// Give the keyboard to the screen's text box.
    Type,
    /// Say something in the status bar.
    Status(String),
    /// List the documents like this one.
    Related(usize),
    /// Compare this document with the one most like it.
    CompareWithSimilar(usize),
    /// Copy this text (logical order), saying what it is.
    Copy(String, &'static str),
}

/// The state of the index, as the engine's thread reports it.
#[derive(Clone, Debug, Default)]
pub struct IndexState {
    /// Searches can be answered.
    pub ready: bool,
    /// Building progress, while building.
    pub progress: Option<Progress>,
    /// Search is unavailable, and why.
    pub failed: Option<String>,
}

/// What a related-documents request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RelatedFor {
    /// To list them in the library.
    List,
    /// To compare this document with the first of them.
    Compare(usize),
}

/// The whole reader.
#[derive(Debug)]
pub struct App {
    /// The documents.
    pub corpus: Corpus,
    /// The resolved settings.
    pub settings: Settings,
    /// Colours.
    pub theme: Theme,
    /// Keys, per screen.
    pub keys: Keymaps,
    /// The library's state (kept whatever the screen).
    pub library: Library,
    /// The screen on show.
    pub screen: Screen,
    /// Who has the keyboard.
    pub mode: Mode,
    /// A message for the status bar, until the next key.
    pub status: Option<String>,
    /// Set when qari should exit, with the exit code.
    pub exit: Option<u8>,
    /// Text to put on the clipboard (the loop sends it to the terminal as
    /// OSC 52, then clears it).
    pub clipboard: Option<String>,
    /// Remembered reading positions.
    pub positions: Positions,
    /// Background work.
    pub jobs: Jobs,
    /// The index as last reported.
    pub index: IndexState,
    /// Screen size (columns, rows).
    size: (u16, u16),
    /// The related-documents request in flight, and what it is for.
    pub(super) related_for: Option<(RelatedFor, u64)>,
    /// Opened as a pager (`cmd | qari`, `qari show` on a long document):
    /// leaving the reading screen quits.
    pub pager: bool,
    /// Every paragraph's direction, when forced (`qari show --dir`).
    pub forced_dir: Option<Dir>,
    /// The find in flight shows the document's first hit (a document opened
    /// from search results) rather than the next one from the screen's top.
    pub(super) find_from_start: bool,
}

impl App {
    /// The reader on `corpus` with `settings`: library screen, jobs run
    /// inline until [`App::with_jobs`] gives threaded ones, positions kept
    /// in memory until [`App::with_positions`].
    ///
    /// # Errors
    /// A key in the configuration that cannot be parsed.
    pub fn new(corpus: Corpus, settings: &Settings) -> Result<Self, String> {
        let keys = Keymaps::from_config(&settings.keys)?;
        let warnings = corpus.warnings.len();
        let status = if warnings > 0 {
            Some(format!(
                "{warnings} problem{} while loading: run qari list to see them",
                if warnings == 1 { "" } else { "s" }
            ))
        } else {
            settings.terminal.hint().map(str::to_owned)
        };
        Ok(Self {
            library: Library::new(&corpus),
            corpus,
            theme: Theme::pick(settings.theme),
            settings: settings.clone(),
            keys,
            screen: Screen::Library,
            mode: Mode::Normal,
            status,
            exit: None,
            clipboard: None,
            positions: Positions::default(),
            jobs: Jobs::inline(),
            index: IndexState::default(),
            size: (80, 21),
            related_for: None,
            pager: false,
            forced_dir: None,
            find_from_start: false,
        })
    }

    /// Uses `jobs` for background work.
    #[must_use]
    pub fn with_jobs(mut self, jobs: Jobs) -> Self {
        self.jobs = jobs;
        self
    }

    /// Remembers reading positions in `positions`.
    #[must_use]
    pub fn with_positions(mut self, positions: Positions) -> Self {
        self.positions = positions;
        self
    }

    /// Searches with `engine`, inline (tests, benchmarks).
    pub fn attach_engine(&mut self, engine: Engine) {
        self.jobs.attach_engine(engine);
        self.pump();
    }

    /// Text rows of the reading screen (the screen minus the status bar).
    #[must_use]
    pub fn page(&self) -> usize {
        usize::from(self.size.1).saturating_sub(1).max(1)
    }

    /// Body lines of the compare screen (the screen minus three bars).
    #[must_use]
    pub fn compare_page(&self) -> usize {
        self.page().saturating_sub(2).max(1)
    }

    /// The screen size the state is laid out for (columns, rows).
    #[must_use]
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Screen width.
    #[must_use]
    pub fn width(&self) -> usize {
        usize::from(self.size.0)
    }

    /// Whether a text box has the keyboard.
    #[must_use]
    pub fn typing(&self) -> bool {
        self.mode == Mode::Typing
    }

    /// The open document, on the reading screen.
    #[must_use]
    pub fn reader(&self) -> Option<&Reader> {
        match &self.screen {
            Screen::Reading(r) => Some(r),
            _ => None,
        }
    }

    /// [`App::reader`], to change it.
    pub fn reader_mut(&mut self) -> Option<&mut Reader> {
        match &mut self.screen {
            Screen::Reading(r) => Some(r),
            _ => None,
        }
    }

    /// The comparison, on the compare screen.
    #[must_use]
    pub fn compare(&self) -> Option<&CompareView> {
        match &self.screen {
            Screen::Compare(c) => Some(&c.view),
            _ => None,
        }
    }

    /// [`App::compare`], to change it.
    pub fn compare_mut(&mut self) -> Option<&mut CompareView> {
        match &mut self.screen {
            Screen::Compare(c) => Some(&mut c.view),
            _ => None,
        }
    }

    /// The keymap of the screen on show, and the screen's name.
    #[must_use]
    pub fn keymap(&self) -> (&Keymap, &'static str) {
        match self.screen {
            Screen::Library => (&self.keys.library, "library"),
            Screen::Reading(_) => (&self.keys.reading, "reading"),
            Screen::Compare(_) => (&self.keys.compare, "compare"),
        }
    }

    /// Handles one event, then lays out what the next frame shows.
    pub fn update(&mut self, ev: Event) {
        match ev {
            Event::Term(e) => self.on_term(&e),
            Event::Signal(sig) => {
                self.remember();
                self.exit = Some(u8::try_from(128 + sig).unwrap_or(128));
            }
            Event::Job(done) => self.on_done(done),
        }
        self.pump();
        self.settle();
    }

    /// Handles a terminal event (tests call this as the loop would).
    pub fn handle(&mut self, ev: &TermEvent) {
        self.update(Event::Term(ev.clone()));
    }

    /// Handles a key.
    pub fn key(&mut self, k: &KeyEvent) {
        self.handle(&TermEvent::Key(*k));
    }

    /// Performs an action `times` times where that makes sense.
    pub fn act(&mut self, action: Action, times: usize) {
        self.do_action(action, times);
        self.pump();
        self.settle();
    }

    /// The screen is `width` × `height`.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.handle(&TermEvent::Resize(width, height));
    }

    fn on_term(&mut self, ev: &TermEvent) {
        match ev {
            TermEvent::Key(k) if k.kind != KeyEventKind::Release => self.on_key(k),
            TermEvent::Resize(w, h) => self.on_resize(*w, *h),
            TermEvent::Mouse(m) => self.on_mouse(m),
            TermEvent::Paste(text) => self.on_paste(text),
            _ => {}
        }
    }

    fn on_resize(&mut self, width: u16, height: u16) {
        if self.size == (width, height) {
            return;
        }
        self.size = (width, height);
        // The new width takes effect when the reader settles; a new height
        // may leave the end of a document short of the bottom.
        let page = self.page();
        if let Screen::Reading(r) = &mut self.screen {
            r.clamp(page);
        }
    }

    /// Delivers answers that inline jobs produced.
    pub(super) fn pump(&mut self) {
        loop {
            let inbox = self.jobs.take_inline();
            if inbox.is_empty() {
                break;
            }
            for done in inbox {
                self.on_done(done);
            }
        }
    }

    /// After every update: what the next frame shows is laid out here, so
    /// that drawing only reads.
    pub(super) fn settle(&mut self) {
        let page = self.page();
        let height = usize::from(self.size.1).saturating_sub(2);
        let opts = self.reading_options();
        let pane_opts = self.pane_options();
        let compare_page = self.compare_page();
        match &mut self.screen {
            Screen::Library => {
                let per = if self.library.results.is_some() { 2 } else { 1 };
                self.library.follow(height, per);
            }
            Screen::Reading(r) => {
                // A new width or inspect mode re-wraps around the same
                // text; at the end of the document the screen stays full.
                if let Some(opts) = opts
                    && r.set_options(opts)
                {
                    r.clamp(page);
                }
                r.prepare(page);
            }
            Screen::Compare(c) => {
                if let Some(opts) = pane_opts {
                    c.view.lay_out(opts, false);
                }
                c.view.clamp(compare_page);
            }
        }
    }

    /// Layout options of the open document at its column width.
    fn reading_options(&self) -> Option<LayoutOptions> {
        let r = self.reader()?;
        Some(self.column_options(r.doc, r.column, r.inspect))
    }

    pub(super) fn column_options(&self, doc: usize, column: usize, inspect: bool) -> LayoutOptions {
        let width = column.min(self.width().saturating_sub(2)).max(10);
        let opts = self.settings.layout(width, self.fallback(doc));
        LayoutOptions {
            reveal: inspect,
            force: opts.force.or(self.forced_dir),
            ..opts
        }
    }

    /// Opens document `doc` as a pager: the reading screen first, and
    /// leaving it quits; `column` is the reading column's width.
    pub fn open_as_pager(&mut self, doc: usize, column: usize) {
        self.pager = true;
        self.settings.max_width = column.max(10);
        self.open(doc);
    }

    fn pane_options(&self) -> Option<[LayoutOptions; 2]> {
        let c = self.compare()?;
        let pw = pane_width(self.width());
        Some([0, 1].map(|side| self.settings.layout(pw, self.fallback(c.docs[side]))))
    }

    fn fallback(&self, doc: usize) -> Dir {
        self.corpus
            .get(doc)
            .map_or(Dir::Rtl, |d| d.direction.fallback())
    }

    fn on_key(&mut self, k: &KeyEvent) {
        self.status = None;
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.remember();
            self.exit = Some(0);
            return;
        }
        if self.mode == Mode::Typing {
            self.typing_key(k);
            return;
        }
        let Some(action) = self.keymap().0.action(k) else {
            if self.mode == Mode::Help && matches!(k.code, KeyCode::Esc | KeyCode::Char('q')) {
                self.mode = Mode::Normal;
            }
            return;
        };
        if self.mode == Mode::Help && action != Action::Help {
            // Any key closes the help first.
            self.mode = Mode::Normal;
            if matches!(action, Action::Back | Action::Quit) {
                return;
            }
        }
        self.do_action(action, 1);
    }

    /// The wheel scrolls; on the reading screen a drag selects text and
    /// the selection is copied when the button is released.
    fn on_mouse(&mut self, m: &ratatui::crossterm::event::MouseEvent) {
        use ratatui::crossterm::event::MouseButton;
        let width = self.width();
        match m.kind {
            MouseEventKind::ScrollDown => self.do_action(Action::Down, 3),
            MouseEventKind::ScrollUp => self.do_action(Action::Up, 3),
            MouseEventKind::Down(MouseButton::Left) | MouseEventKind::Drag(MouseButton::Left) => {
                let extend = matches!(m.kind, MouseEventKind::Drag(_));
                if let Screen::Reading(r) = &mut self.screen {
                    r.select(m.column, m.row, width, extend);
                }
            }
            MouseEventKind::Up(MouseButton::Left) => {
                let Screen::Reading(r) = &mut self.screen else {
                    return;
                };
                // A click without a drag selects nothing (and clears).
                let dragged = r.selection.as_ref().is_some_and(|(a, b)| a != b);
                match r.selected().filter(|_| dragged) {
                    Some(range) => {
                        let text = r.text.text[range].to_owned();
                        self.copy(text, "the selection");
                    }
                    None => r.unselect(),
                }
            }
            _ => {}
        }
    }

    fn on_paste(&mut self, text: &str) {
        if self.mode != Mode::Typing {
            self.mode = Mode::Normal;
            self.do_action(Action::Search, 1);
        }
        if self.mode != Mode::Typing {
            return;
        }
        let changed = match &mut self.screen {
            Screen::Library => self.library.query.paste(text),
            Screen::Reading(r) => r.find.input.paste(text),
            Screen::Compare(c) => {
                let side = c.view.focus;
                c.view.find[side].input.paste(text)
            }
        };
        if changed == super::input::Edit::Changed {
            self.input_changed();
        }
    }

    /// `R` and `W` in the reading view: underline the passages found in
    /// other documents (found on a job's thread the first time), and say
    /// which documents hold the one on screen.
    fn reused_action(&mut self, action: Action) {
        let Screen::Reading(r) = &mut self.screen else {
            return;
        };
        match action {
            Action::Reused => {
                let on = !r.show_reused;
                r.set_show_reused(on);
                let indexed = self.jobs.has_paths() && self.index.ready;
                if on && r.reused.is_none() && indexed {
                    let key = self.corpus.get(r.doc).map(|m| m.key());
                    if let Some(key) = key {
                        let text = std::sync::Arc::clone(&r.text);
                        self.status =
                            Some("finding the passages other documents share…".to_owned());
                        self.jobs.reuse_of_index(r.doc, key, text);
                    }
                } else if on && self.corpus.len() > super::library::MAX_STORIES_DOCS {
                    r.set_show_reused(false);
                    self.status = Some(format!(
                        "shared passages read every document again: over {} documents, use `qari reuse` (it prints them)",
                        super::library::MAX_STORIES_DOCS
                    ));
                } else if on && r.reused.is_none() {
                    let (doc, text) = (r.doc, std::sync::Arc::clone(&r.text));
                    let others: Vec<(usize, crate::corpus::Locator)> = self
                        .corpus
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != doc)
                        .map(|(j, d)| (j, d.locator().clone()))
                        .collect();
                    self.status = Some("finding the passages other documents share…".to_owned());
                    self.jobs.reuse(doc, text, others);
                } else if !on {
                    self.status = Some("shared passages hidden".to_owned());
                }
            }
            Action::Where => {
                let said = match r.reused_here() {
                    None if r.reused.is_none() => {
                        "R first: find the passages other documents share".to_owned()
                    }
                    None => "no passage of this document is found in another".to_owned(),
                    Some((range, docs)) => {
                        let ids: Vec<String> = docs
                            .iter()
                            .take(8)
                            .filter_map(|&j| self.corpus.id(j).map(|s| s.into_owned()))
                            .collect();
                        let words = r
                            .text
                            .text
                            .get(range.clone())
                            .map_or(0, |t| t.split_whitespace().count());
                        format!(
                            "a passage of {words} words also in: {}{}",
                            ids.join(", "),
                            if docs.len() > 8 { ", …" } else { "" }
                        )
                    }
                };
                self.status = Some(crate::render::sanitize_line(&said));
            }
            _ => {}
        }
    }

    fn do_action(&mut self, action: Action, times: usize) {
        let frame = Frame {
            page: self.page(),
            width: self.width(),
        };
        let compare_page = self.compare_page();
        let max_width = self.settings.max_width;
        if matches!(self.screen, Screen::Reading(_))
            && matches!(action, Action::Reused | Action::Where)
        {
            self.reused_action(action);
            return;
        }
        let go = match &mut self.screen {
            Screen::Library => {
                self.library_action(action, times);
                None
            }
            Screen::Reading(r) => r.act(action, times, frame, max_width),
            Screen::Compare(c) => c.view.act(action, times, compare_page),
        };
        if let Some(go) = go {
            self.go(go);
        }
    }

    pub(super) fn go(&mut self, go: Go) {
        match go {
            Go::Back => self.back(),
            Go::Help => {
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                };
            }
            Go::Type => self.mode = Mode::Typing,
            Go::Status(s) => self.status = Some(s),
            Go::Related(doc) => self.related(doc),
            Go::CompareWithSimilar(doc) => self.compare_with_most_similar(doc),
            Go::Copy(text, what) => self.copy(text, what),
        }
    }

    /// Puts `text` on the clipboard (through the terminal) and says so.
    fn copy(&mut self, text: String, what: &str) {
        let n = text.chars().count();
        self.status = Some(if n == 0 {
            format!("nothing to copy ({what} is empty)")
        } else {
            format!(
                "copied {what}: {n} character{} (through the terminal's clipboard, OSC 52)",
                if n == 1 { "" } else { "s" }
            )
        });
        if n > 0 {
            self.clipboard = Some(text);
        }
    }

    /// Back one screen: reading → library (a pager quits); compare → where
    /// it was opened.
    fn back(&mut self) {
        self.remember();
        if self.pager && matches!(self.screen, Screen::Reading(_)) {
            self.exit = Some(0);
            return;
        }
        self.screen = match std::mem::take(&mut self.screen) {
            Screen::Compare(c) => c.back.map_or(Screen::Library, Screen::Reading),
            Screen::Reading(_) | Screen::Library => Screen::Library,
        };
    }

    pub(super) fn typing_key(&mut self, k: &KeyEvent) {
        match self.screen {
            Screen::Library => self.search_key(k),
            Screen::Reading(_) => self.reading_find_key(k),
            Screen::Compare(_) => self.compare_find_key(k),
        }
    }

    /// The text box of the screen changed: search, filter or find.
    pub(super) fn input_changed(&mut self) {
        match self.screen {
            Screen::Library => self.query_changed(),
            Screen::Reading(_) => self.reading_find_changed(),
            Screen::Compare(_) => self.compare_find_changed(),
        }
    }

    /// Handles a finished job.
    pub fn on_done(&mut self, done: Done) {
        match done {
            Done::Index(news) => self.on_index(news),
            Done::Answer {
                kind: Kind::Related,
                generation,
                answer,
            } => self.on_related(generation, *answer),
            Done::Answer {
                generation, answer, ..
            } => self.on_search(generation, *answer),
            Done::Found { generation, hits } => {
                if !self.jobs.is_current(Kind::Find, generation) {
                    return;
                }
                let page = self.page();
                let from_start = self.find_from_start;
                if let Some(r) = self.reader_mut() {
                    r.set_hits(hits);
                    if from_start {
                        r.show_hit(0, page);
                    } else {
                        r.jump(true, page);
                    }
                }
            }
            Done::Stories {
                generation,
                clusters,
            } => {
                if self.jobs.is_current(Kind::Stories, generation)
                    && let Some(st) = self.library.stories.as_mut()
                {
                    // Keys (a corpus listed again from its index) become
                    // this corpus's indices.
                    let corpus = &self.corpus;
                    let clusters = clusters
                        .into_iter()
                        .filter_map(|c| match c {
                            super::jobs::Stories::Indices(c) => Some(c),
                            super::jobs::Stories::Keys(keys) => {
                                let members: Vec<u32> = keys
                                    .iter()
                                    .filter_map(|k| corpus.find(k))
                                    .filter_map(|i| u32::try_from(i).ok())
                                    .collect();
                                (members.len() > 1).then(|| crate::compare::dups::Cluster {
                                    origin: members[0],
                                    members,
                                })
                            }
                        })
                        .collect();
                    st.clusters = Some(clusters);
                }
            }
            Done::ReusedKeys {
                generation,
                doc,
                passages,
            } => {
                // Keys become this corpus's indices.
                let passages = passages
                    .into_iter()
                    .map(|(r, keys)| {
                        let docs = keys.iter().filter_map(|k| self.corpus.find(k)).collect();
                        (r, docs)
                    })
                    .collect();
                self.on_done(Done::Reused {
                    generation,
                    doc,
                    passages,
                });
            }
            Done::Reused {
                generation,
                doc,
                passages,
            } => {
                if !self.jobs.is_current(Kind::Reuse, generation) {
                    return;
                }
                let n = passages.len();
                if let Some(r) = self.reader_mut().filter(|r| r.doc == doc) {
                    r.set_reused(passages);
                    self.status = Some(if n == 0 {
                        "no passage of this document is found in another".to_owned()
                    } else {
                        format!(
                            "{n} passage{} found in other documents, underlined (W: where)",
                            if n == 1 { "" } else { "s" }
                        )
                    });
                }
            }
            Done::Compared {
                generation,
                compared,
            } => {
                if self.jobs.is_current(Kind::Compare, generation) {
                    self.show_comparison(*compared);
                }
            }
            Done::Failed {
                kind,
                generation,
                why,
            } => {
                if !self.jobs.is_current(kind, generation) {
                    return;
                }
                if kind == Kind::Find
                    && let Some(r) = self.reader_mut()
                {
                    r.find.busy = false;
                }
                let what = match kind {
                    Kind::Search | Kind::Related => "search",
                    Kind::Find => "find",
                    Kind::Compare => "compare",
                    Kind::Stories => {
                        self.library.stories = None;
                        "finding stories"
                    }
                    Kind::Reuse => "finding shared passages",
                };
                self.status = Some(format!("{what} failed: {why}"));
            }
        }
    }

    fn on_index(&mut self, news: IndexNews) {
        match news {
            IndexNews::Progress(p) => self.index.progress = Some(p),
            IndexNews::Ready(note, listing) => {
                if let Some(corpus) = listing.filter(|_| self.corpus.is_listed()) {
                    self.relist(*corpus);
                }
                self.index.ready = true;
                self.index.progress = None;
                if note.is_some() {
                    self.status = note;
                }
                let lib = &self.library;
                if lib.results.is_some() || !lib.query.value().trim().is_empty() {
                    self.send_search();
                }
            }
            IndexNews::Failed(why) => {
                self.index.failed = Some(why.clone());
                self.index.progress = None;
                self.status = Some(why);
            }
        }
    }

    /// Replaces the corpus with a fresh listing of it (the index's catalog
    /// after an update found changes): the list, its selection and marks,
    /// search results, the open document and a comparison follow their
    /// documents by key. A document no longer there keeps its screen (its
    /// text was read) but leaves the marks and the list.
    pub fn relist(&mut self, corpus: Corpus) {
        let old = std::mem::replace(&mut self.corpus, corpus);
        let new = &self.corpus;
        let map = |i: usize| old.get(i).and_then(|d| new.find(&d.key()));
        let lib = &mut self.library;
        let selected = lib.selected_doc().and_then(map);
        lib.marked = lib.marked.iter().filter_map(|&i| map(i)).collect();
        if let Some(r) = &mut lib.results {
            for d in &mut r.docs {
                *d = d.and_then(map);
            }
        }
        let fresh = Library::new(new);
        lib.id_w = fresh.id_w;
        lib.words_w = fresh.words_w;
        if lib.results.is_none() {
            if lib.query.value().is_empty() {
                lib.shown = fresh.shown;
            } else {
                lib.refilter(new);
            }
            lib.selected = selected
                .and_then(|d| lib.shown.iter().position(|&i| i == d))
                .unwrap_or(0)
                .min(lib.shown.len().saturating_sub(1));
        }
        let gone = usize::MAX;
        match &mut self.screen {
            Screen::Library => {}
            Screen::Reading(r) => r.doc = map(r.doc).unwrap_or(gone),
            Screen::Compare(c) => {
                c.view.docs = c.view.docs.map(|d| map(d).unwrap_or(gone));
                if let Some(r) = &mut c.back {
                    r.doc = map(r.doc).unwrap_or(gone);
                }
            }
        }
    }

    /// Opens document `doc` at its remembered position.
    pub fn open(&mut self, doc: usize) {
        self.remember();
        match self.corpus.text(doc) {
            Ok(text) => {
                let anchor = self
                    .corpus
                    .get(doc)
                    .filter(|d| remembered(d))
                    .and_then(|d| self.positions.get(&d.key()))
                    .unwrap_or(0);
                let column = self.settings.max_width;
                let opts = self.column_options(doc, column, false);
                let reader = Reader::new(doc, text, opts, column, anchor);
                self.screen = Screen::Reading(Box::new(reader));
            }
            Err(e) => self.status = Some(format!("cannot open: {e}")),
        }
    }

    /// Stores the open document's position (also the one a comparison was
    /// opened from).
    pub fn remember(&mut self) {
        let reader = match &mut self.screen {
            Screen::Reading(r) => Some(r),
            Screen::Compare(c) => c.back.as_mut(),
            Screen::Library => None,
        };
        if let Some(r) = reader {
            let (doc, at) = (r.doc, r.anchor());
            if let Some(d) = self.corpus.get(doc).filter(|d| remembered(d)) {
                self.positions.set(d.key(), at);
            }
        }
    }
}

/// Whether a document's reading position is remembered across runs: not
/// for standard input, which is another text each time.
fn remembered(d: &crate::corpus::DocMeta) -> bool {
    d.locator().source != crate::corpus::Source::Stdin
}
