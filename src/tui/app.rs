//! The reader's state and its one update function. An [`Event`] (a key,
//! a resize, a signal, a finished job) goes to [`App::update`], which
//! routes keys by [`Mode`] and [`Screen`], lets the screen change its own
//! state, carries out what the screen asks of the reader as a whole
//! ([`Go`]: go back, open, compare, search…), and finally lays out what
//! the next frame shows ([`App::settle`]). Drawing (`super::draw`) only
//! reads. No terminal I/O here.

use std::sync::Arc;

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::Event;
use super::compare::{CompareView, pane_width};
use super::jobs::{Compared, Done, IndexNews, Jobs, Kind};
use super::keymap::{Action, Keymap};
use super::library::{Library, Pending, ResultList};
use super::positions::Positions;
use super::reading::{Frame, Reader, Typed};
use super::theme::Theme;
use crate::bidi::{Dir, LayoutOptions};
use crate::config::Keys;
use crate::corpus::Corpus;
use crate::search::worker::{Answer, Ask};
use crate::search::{Engine, Matcher, Parsed, Progress};
use crate::settings::Settings;

/// Texts at most this long are searched at once by find; longer ones by a
/// job, so that typing never waits.
const FIND_INLINE_BYTES: usize = 256 << 10;

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
}

/// The keymaps, per screen.
#[derive(Clone, Debug, Default)]
pub struct Keymaps {
    /// The library.
    pub library: Keymap,
    /// The reading screen.
    pub reading: Keymap,
    /// The compare screen.
    pub compare: Keymap,
}

impl Keymaps {
    /// Builds the keymaps from the configuration's lists.
    ///
    /// # Errors
    /// A key that cannot be parsed.
    pub fn from_config(keys: &Keys) -> Result<Self, String> {
        let map = |lists: &std::collections::BTreeMap<Action, Vec<String>>| {
            Keymap::from_lists(lists.iter().map(|(a, k)| (*a, k.as_slice())))
        };
        Ok(Self {
            library: map(&keys.library)?,
            reading: map(&keys.reading)?,
            compare: map(&keys.compare)?,
        })
    }
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
enum RelatedFor {
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
    /// Remembered reading positions.
    pub positions: Positions,
    /// Background work.
    pub jobs: Jobs,
    /// The index as last reported.
    pub index: IndexState,
    /// Screen size (columns, rows).
    size: (u16, u16),
    /// The related-documents request in flight, and what it is for.
    related_for: Option<(RelatedFor, u64)>,
    /// The find in flight shows the document's first hit (a document opened
    /// from search results) rather than the next one from the screen's top.
    find_from_start: bool,
    /// (path, line) → corpus index, to place search answers.
    by_place: std::collections::HashMap<(String, usize), usize>,
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
            settings.terminal.hint.map(str::to_owned)
        };
        let by_place = corpus
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| ((d.path.clone(), d.line.unwrap_or(0)), i))
            .collect();
        Ok(Self {
            library: Library::new(corpus.docs.len()),
            corpus,
            theme: Theme::pick(settings.theme),
            settings: settings.clone(),
            keys,
            screen: Screen::Library,
            mode: Mode::Normal,
            status,
            exit: None,
            positions: Positions::default(),
            jobs: Jobs::inline(),
            index: IndexState::default(),
            size: (80, 21),
            related_for: None,
            find_from_start: false,
            by_place,
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
            TermEvent::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => self.do_action(Action::Down, 3),
                MouseEventKind::ScrollUp => self.do_action(Action::Up, 3),
                _ => {}
            },
            TermEvent::Paste(text) => self.on_paste(text),
            _ => {}
        }
    }

    fn on_resize(&mut self, width: u16, height: u16) {
        if self.size == (width, height) {
            return;
        }
        self.size = (width, height);
        let page = self.page();
        let compare_page = self.compare_page();
        let opts = self.reading_options();
        match &mut self.screen {
            Screen::Reading(r) => {
                if let Some(opts) = opts {
                    r.set_options(opts);
                }
                r.clamp(page);
            }
            Screen::Compare(c) => c.view.clamp(compare_page),
            Screen::Library => {}
        }
    }

    /// Delivers answers that inline jobs produced.
    fn pump(&mut self) {
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
    fn settle(&mut self) {
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
                if let Some(opts) = opts {
                    r.set_options(opts);
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

    fn column_options(&self, doc: usize, column: usize, inspect: bool) -> LayoutOptions {
        let width = column.min(self.width().saturating_sub(2)).max(10);
        LayoutOptions {
            reveal: inspect,
            ..self.settings.layout(width, self.fallback(doc))
        }
    }

    fn pane_options(&self) -> Option<[LayoutOptions; 2]> {
        let c = self.compare()?;
        let pw = pane_width(self.width());
        Some([0, 1].map(|side| self.settings.layout(pw, self.fallback(c.docs[side]))))
    }

    fn fallback(&self, doc: usize) -> Dir {
        self.corpus
            .docs
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

    fn do_action(&mut self, action: Action, times: usize) {
        let frame = Frame {
            page: self.page(),
            width: self.width(),
        };
        let compare_page = self.compare_page();
        let max_width = self.settings.max_width;
        let go = match &mut self.screen {
            Screen::Library => {
                self.library_action(action, times);
                None
            }
            Screen::Reading(r) => {
                let doc = r.doc;
                let (corpus, settings, width) = (&self.corpus, &self.settings, self.size.0);
                let opts = |column: usize, inspect: bool| {
                    let fallback = corpus
                        .docs
                        .get(doc)
                        .map_or(Dir::Rtl, |d| d.direction.fallback());
                    let w = column.min(usize::from(width).saturating_sub(2)).max(10);
                    LayoutOptions {
                        reveal: inspect,
                        ..settings.layout(w, fallback)
                    }
                };
                r.act(action, times, frame, max_width, &opts)
            }
            Screen::Compare(c) => c.view.act(action, times, compare_page),
        };
        if let Some(go) = go {
            self.go(go);
        }
    }

    fn go(&mut self, go: Go) {
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
        }
    }

    /// Back one screen: reading → library; compare → where it was opened.
    fn back(&mut self) {
        self.remember();
        self.screen = match std::mem::take(&mut self.screen) {
            Screen::Compare(c) => c.back.map_or(Screen::Library, Screen::Reading),
            Screen::Reading(_) | Screen::Library => Screen::Library,
        };
    }

    fn library_action(&mut self, action: Action, times: usize) {
        let page = isize::try_from(self.page().saturating_sub(2).max(1)).unwrap_or(1);
        let n = isize::try_from(times).unwrap_or(1);
        match action {
            Action::Down => self.move_selection(n),
            Action::Up => self.move_selection(-n),
            Action::PageDown | Action::HalfDown => self.move_selection(page),
            Action::PageUp | Action::HalfUp => self.move_selection(-page),
            Action::Top => self.library.selected = 0,
            Action::Bottom => {
                self.library.selected = self.library.entries().saturating_sub(1);
                self.detail_more();
            }
            Action::Open => self.open_selected(),
            Action::Search => {
                if self.library.shows_related() {
                    self.library.results = None;
                    self.related_for = None;
                }
                self.mode = Mode::Typing;
            }
            Action::Quit => {
                self.remember();
                self.exit = Some(0);
            }
            Action::Back if !self.library.query.is_empty() || self.library.results.is_some() => {
                self.library.query.clear();
                self.library.results = None;
                self.related_for = None;
                self.query_changed();
            }
            Action::Help => self.go(Go::Help),
            Action::Mark => {
                self.library.toggle_mark();
                self.detail_more();
            }
            Action::Compare => self.compare_from_library(),
            _ => {}
        }
    }

    fn move_selection(&mut self, delta: isize) {
        self.library.move_selection(delta);
        self.detail_more();
    }

    /// Asks for details of more results when the selection goes past
    /// those detailed.
    fn detail_more(&mut self) {
        let lib = &self.library;
        let need = matches!(&lib.results, Some(r)
            if r.like.is_none()
                && lib.selected + 1 >= r.answer.rows.len()
                && r.answer.more > 0);
        if need {
            self.send_search();
        }
    }

    fn typing_key(&mut self, k: &KeyEvent) {
        let page = self.page();
        let compare_page = self.compare_page();
        match &mut self.screen {
            Screen::Library => self.search_key(k),
            Screen::Reading(r) => match r.find.key(k) {
                Typed::Nothing => {}
                Typed::Done => self.mode = Mode::Normal,
                Typed::Cancel => {
                    self.mode = Mode::Normal;
                    r.set_hits(Vec::new());
                    self.jobs.cancel(Kind::Find);
                }
                Typed::Jump(forward) => r.jump(forward, page),
                Typed::Changed => self.input_changed(),
            },
            Screen::Compare(c) => {
                let side = c.view.focus;
                match c.view.find[side].key(k) {
                    Typed::Nothing => {}
                    Typed::Done => self.mode = Mode::Normal,
                    Typed::Cancel => {
                        self.mode = Mode::Normal;
                        c.view.set_hits(Vec::new());
                    }
                    Typed::Jump(forward) => c.view.jump_hit(forward, compare_page),
                    Typed::Changed => self.input_changed(),
                }
            }
        }
    }

    /// The text box of the screen changed: search, filter or find.
    fn input_changed(&mut self) {
        let strict = self.library.strict;
        let compare_page = self.compare_page();
        match &mut self.screen {
            Screen::Library => self.query_changed(),
            Screen::Reading(r) => {
                let parsed = Parsed::new(r.find.input.value(), strict);
                if !parsed.pending {
                    // (Too short yet: keep the hits shown.)
                    self.start_find(None, &Matcher::new(&parsed, false), false);
                }
            }
            Screen::Compare(c) => {
                let v = &mut c.view;
                let side = v.focus;
                let parsed = Parsed::new(v.find[side].input.value(), strict);
                if !parsed.pending {
                    let hits = Matcher::new(&parsed, false).hits(&v.texts[side].text);
                    v.set_hits(hits);
                    v.jump_hit(true, compare_page);
                }
            }
        }
    }

    fn search_key(&mut self, k: &KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.library.query.clear();
                self.query_changed();
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                let current = match &self.library.results {
                    Some(r) if self.jobs.has_engine() => self.jobs.is_current(
                        if r.like.is_some() {
                            Kind::Related
                        } else {
                            Kind::Search
                        },
                        r.answer.generation,
                    ),
                    // The list is on screen (nothing searched yet).
                    _ => true,
                };
                if current {
                    self.open_selected();
                } else {
                    // Enter acts on the results of the current input (Q10).
                    self.library.pending = Some(Pending::OpenFirst);
                }
            }
            KeyCode::Down => self.move_selection(1),
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Char('t') if ctrl => {
                self.library.strict = !self.library.strict;
                self.query_changed();
            }
            _ => {
                if self.library.query.key(k) == super::input::Edit::Changed {
                    self.query_changed();
                }
            }
        }
    }

    fn query_changed(&mut self) {
        if self.jobs.has_engine() {
            if self.library.shows_related() {
                self.library.results = None;
                self.related_for = None;
            }
            self.send_search();
        } else {
            self.library.refilter(&self.corpus);
        }
    }

    fn snippet_chars(&self) -> usize {
        self.width().saturating_sub(6).max(20) * 2
    }

    fn send_search(&mut self) {
        let rows = self.library.result_rows(self.page());
        let chars = self.snippet_chars();
        let query = self.library.query.value().to_owned();
        let strict = self.library.strict;
        if query.trim().is_empty() {
            // Back to the list; an answer still on its way is stale.
            self.jobs.cancel(Kind::Search);
            self.library.results = None;
            self.library.selected = 0;
            self.library.offset = 0;
            return;
        }
        self.jobs.ask(Ask::Search { query, strict }, rows, chars);
        if !self.index.ready && self.library.results.is_none() {
            // Say that results will come, rather than show the list.
            self.library.results = Some(ResultList::default());
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
                };
                self.status = Some(format!("{what} failed: {why}"));
            }
        }
    }

    fn on_index(&mut self, news: IndexNews) {
        match news {
            IndexNews::Progress(p) => self.index.progress = Some(p),
            IndexNews::Ready(note) => {
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

    /// Corpus indices of an answer's rows.
    fn docs_of(&self, a: &Answer) -> Vec<Option<usize>> {
        a.rows
            .iter()
            .map(|d| {
                self.by_place
                    .get(&(d.path.clone(), d.line.unwrap_or(0)))
                    .copied()
            })
            .collect()
    }

    fn on_search(&mut self, generation: u64, a: Answer) {
        if !self.jobs.is_current(Kind::Search, generation) || self.library.shows_related() {
            return; // stale: a newer request is on its way
        }
        if a.pending {
            // Keep the previous results (Q3); a placeholder made while the
            // index was being built gives way to the list.
            let lib = &mut self.library;
            if lib
                .results
                .as_ref()
                .is_some_and(|r| r.like.is_none() && r.answer.generation == 0)
            {
                lib.results = None;
            }
            // The results shown are those of the current input (Q3).
            if lib.pending.take() == Some(Pending::OpenFirst) {
                self.open_selected();
            }
            return;
        }
        if self.library.query.value().trim().is_empty() {
            return;
        }
        if let Some(e) = &a.error {
            self.status = Some(format!("search failed: {e}"));
        }
        self.show_results(None, a);
    }

    fn on_related(&mut self, generation: u64, a: Answer) {
        let Some((purpose, wanted)) = self.related_for else {
            return;
        };
        if wanted != generation || !self.jobs.is_current(Kind::Related, generation) {
            return;
        }
        self.related_for = None;
        match purpose {
            RelatedFor::Compare(doc) => {
                let other = self.docs_of(&a).into_iter().flatten().find(|&o| o != doc);
                match other {
                    Some(o) => self.compare_docs(doc, o),
                    None => self.status = Some("no similar document to compare with".to_owned()),
                }
            }
            RelatedFor::List => {
                if !self.library.shows_related() {
                    return;
                }
                if let Some(e) = &a.error {
                    self.status = Some(format!("search failed: {e}"));
                }
                let like = self.library.results.as_ref().and_then(|r| r.like.clone());
                self.show_results(like, a);
            }
        }
    }

    /// Shows an answer in the library (the selection kept if the same
    /// documents are shown).
    fn show_results(&mut self, like: Option<String>, answer: Answer) {
        let docs = self.docs_of(&answer);
        let lib = &mut self.library;
        let same = lib.results.as_ref().is_some_and(|r| {
            r.docs.iter().zip(&docs).all(|(x, y)| x == y) && r.answer.total == answer.total
        });
        if !same {
            lib.selected = 0;
            lib.offset = 0;
        }
        lib.results = Some(ResultList { like, answer, docs });
        if lib.pending.take() == Some(Pending::OpenFirst) {
            self.open_selected();
        }
    }

    fn open_selected(&mut self) {
        let lib = &self.library;
        let sel = lib.selected;
        match &lib.results {
            Some(r) => {
                let Some(Some(doc)) = r.docs.get(sel).copied() else {
                    return;
                };
                let matcher = r.answer.matcher.clone();
                let query = if r.like.is_some() {
                    String::new()
                } else {
                    lib.query.value().to_owned()
                };
                self.open(doc);
                if !matcher.is_empty() {
                    self.start_find(Some(query), &matcher, true);
                }
            }
            None => {
                if let Some(&doc) = lib.shown.get(sel) {
                    self.open(doc);
                }
            }
        }
    }

    /// Finds `matcher`'s hits in the open document: at once for small
    /// texts, by a job for large ones (the screen never waits). Then shows
    /// the first hit (`from_start`: a document opened from search results)
    /// or the first one from the top of the screen on (find). `query` fills
    /// the find box (a document opened from search results).
    fn start_find(&mut self, query: Option<String>, matcher: &Matcher, from_start: bool) {
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

    /// The key under which a document's position is remembered.
    #[must_use]
    pub fn position_key(&self, doc: usize) -> String {
        self.corpus
            .docs
            .get(doc)
            .map(|d| format!("{}#{}", d.path, d.id))
            .unwrap_or_default()
    }

    /// Opens document `doc` at its remembered position.
    pub fn open(&mut self, doc: usize) {
        self.remember();
        match self.corpus.text(doc) {
            Ok(text) => {
                let anchor = self.positions.get(&self.position_key(doc)).unwrap_or(0);
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
            let key = self.position_key(doc);
            self.positions.set(key, at);
        }
    }

    /// Lists the documents most like `doc` in the library.
    pub fn related(&mut self, doc: usize) {
        let Some(d) = self.corpus.docs.get(doc) else {
            return;
        };
        let (path, line, title) = (d.path.clone(), d.line, d.title.clone());
        if !self.search_ready("") {
            return;
        }
        self.remember();
        self.screen = Screen::Library;
        self.mode = Mode::Normal;
        let lib = &mut self.library;
        lib.query.clear();
        lib.results = Some(ResultList {
            like: Some(title),
            ..ResultList::default()
        });
        lib.selected = 0;
        lib.offset = 0;
        self.jobs.cancel(Kind::Search);
        let rows = self.library.result_rows(self.page());
        let chars = self.snippet_chars();
        let generation = self.jobs.ask(Ask::Related { path, line }, rows, chars);
        self.related_for = Some((RelatedFor::List, generation));
    }

    /// Whether the index can answer; if not, says why in the status bar
    /// (`meanwhile`: what the user can do instead).
    fn search_ready(&mut self, meanwhile: &str) -> bool {
        if self.jobs.has_engine() && self.index.ready {
            return true;
        }
        self.status = Some(match &self.index.failed {
            Some(why) => why.clone(),
            None => format!("the index is not ready yet{meanwhile}"),
        });
        false
    }

    /// `c` in the library: the two marked documents; one mark and the
    /// selection; or the selection and its most similar document.
    fn compare_from_library(&mut self) {
        let selected = self.library.selected_doc();
        match (self.library.marked.as_slice(), selected) {
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
        let (path, line) = (d.path.clone(), d.line);
        if !self.search_ready(": mark two documents with space") {
            return;
        }
        self.status = Some("finding the most similar document…".to_owned());
        let generation = self.jobs.ask(Ask::Related { path, line }, 3, 0);
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

    fn show_comparison(&mut self, c: Compared) {
        self.remember();
        let back = match std::mem::take(&mut self.screen) {
            Screen::Reading(r) => Some(r),
            Screen::Compare(c) => c.back,
            Screen::Library => None,
        };
        self.mode = Mode::Normal;
        self.status = None;
        self.screen = Screen::Compare(Box::new(CompareScreen {
            view: CompareView::new(c.docs, c.texts, c.cmp),
            back,
        }));
    }
}
