//! The library screen: the corpus as a list (id, words, direction, title),
//! the search box above the keys bar, search results or related documents
//! in place of the list, and the marks of documents to compare. Its state
//! lives for the whole session (the reader goes back to it as it was).

mod view;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Go, Mode, RelatedFor, Screen};
use super::input::{Edit, LineInput};
use super::jobs::Kind;
use super::keymap::Action;
use crate::arabic::Lang;
use crate::arabic::keyboard::Layout;
use crate::search::Order;
use crate::search::ask::{Answer, Ask};
pub use view::View;

/// Most documents of a corpus without an index (standard input, a corpus
/// searched in memory) the reader finds stories or shared passages in: its
/// list of what to read is made on the UI thread (past this, `qari dups`,
/// `qari reuse`). A corpus with an index is listed from it on the job's
/// thread, whatever its size (stories).
pub const MAX_STORIES_DOCS: usize = 50_000;

/// Widest source column, in characters (longer sources are cut).
const MAX_SOURCE_W: usize = 16;

/// Results shown instead of the list.
#[derive(Clone, Debug, Default)]
pub struct ResultList {
    /// What they are: `None` for search results, the title of the document
    /// for related documents.
    pub like: Option<String>,
    /// The answer drawn (generation 0: a placeholder while the index is
    /// being built).
    pub answer: Answer,
    /// Corpus index of each detailed row.
    pub docs: Vec<Option<usize>>,
}

/// What the library does when the answer it waits for comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Enter was pressed before the current query's results came: open the
    /// first of them.
    OpenFirst,
}

/// The library's state.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Documents shown (indices into the corpus), in corpus order.
    pub shown: Vec<usize>,
    /// Index of the selected entry (in `shown`, or in the results).
    pub selected: usize,
    /// First entry on screen.
    pub offset: usize,
    /// The search box (full-text search, or a title filter without an
    /// index).
    pub query: LineInput,
    /// Search results (or related documents) shown instead of the list.
    pub results: Option<ResultList>,
    /// Strict search: no folding (ctrl-t in the search box).
    pub strict: bool,
    /// Documents marked for comparison (corpus indices, two at most, the
    /// oldest first).
    pub marked: Vec<usize>,
    /// What to do when the awaited answer comes.
    pub pending: Option<Pending>,
    /// Width of the id column (characters) and the longest word count of
    /// the documents shown: found when the list changes, never while
    /// drawing (a million rows would be read at every frame).
    pub id_w: usize,
    /// Digits of the largest word count shown.
    pub words_w: usize,
    /// Whether some document has a date (the date column).
    pub dates: bool,
    /// Width of the source column (0: no document has a source).
    pub source_w: usize,
    /// The order of results chosen with `s` (a `sort:` typed in the query
    /// wins); not relevance: the list itself is shown in this order.
    pub order: Order,
    /// The facets panel is shown (hits per source and per month).
    pub facets: bool,
    /// The stories view, when open.
    pub stories: Option<Stories>,
}

/// The stories view: the corpus's clusters of near-duplicates, largest
/// first; Enter shows a cluster's documents as the list.
#[derive(Clone, Debug, Default)]
pub struct Stories {
    /// The clusters (corpus indices; `None` while they are being found).
    pub clusters: Option<Vec<crate::compare::dups::Cluster>>,
    /// The selected cluster.
    pub selected: usize,
    /// The first cluster on screen.
    pub offset: usize,
    /// The cluster shown as the list, and the list as it was before.
    pub open: Option<(usize, Vec<usize>)>,
}

impl Library {
    /// The library of `corpus`, every document shown.
    #[must_use]
    pub fn new(corpus: &crate::corpus::Corpus) -> Self {
        let mut lib = Self {
            shown: (0..corpus.len()).collect(),
            ..Self::default()
        };
        let (id, words) = corpus.widest();
        lib.set_widths(id, words);
        let (dates, source) = corpus.meta_columns();
        lib.dates = dates;
        lib.source_w = source.min(MAX_SOURCE_W);
        lib
    }

    fn set_widths(&mut self, id_chars: usize, words: usize) {
        self.id_w = id_chars.clamp(2, 24);
        self.words_w = words.to_string().len();
    }

    /// Number of entries (documents or results).
    #[must_use]
    pub fn entries(&self) -> usize {
        match &self.results {
            Some(r) => r.answer.rows.len() + r.answer.more,
            None => self.shown.len(),
        }
    }

    /// The document under the selection (list or results).
    #[must_use]
    pub fn selected_doc(&self) -> Option<usize> {
        match &self.results {
            Some(r) => r.docs.get(self.selected).copied().flatten(),
            None => self.shown.get(self.selected).copied(),
        }
    }

    /// Whether related documents (not search results) are shown.
    #[must_use]
    pub fn shows_related(&self) -> bool {
        self.results.as_ref().is_some_and(|r| r.like.is_some())
    }

    /// Moves the selection by `delta` entries, within bounds.
    pub fn move_selection(&mut self, delta: isize) {
        let n = self.entries();
        if n > 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        }
    }

    /// Space: marks the selected document for comparison (a third mark
    /// replaces the oldest), or unmarks it; moves down.
    pub fn toggle_mark(&mut self) {
        let Some(doc) = self.selected_doc() else {
            return;
        };
        if let Some(k) = self.marked.iter().position(|&d| d == doc) {
            self.marked.remove(k);
        } else {
            if self.marked.len() == 2 {
                self.marked.remove(0);
            }
            self.marked.push(doc);
        }
        self.move_selection(1);
    }

    /// Filters the list by title or id (no index: the search box filters).
    pub fn refilter(&mut self, corpus: &crate::corpus::Corpus) {
        let q = self.query.value().to_lowercase();
        let matches = |text: Option<&str>| text.is_some_and(|t| t.to_lowercase().contains(&q));
        self.shown = (0..corpus.len())
            .filter(|&i| {
                q.is_empty()
                    || matches(corpus.title(i).as_deref())
                    || matches(corpus.id(i).as_deref())
            })
            .collect();
        let (mut id, mut words) = (0, 0);
        for &i in &self.shown {
            id = id.max(corpus.id(i).map_or(0, |s| s.chars().count()));
            words = words.max(corpus.get(i).map_or(0, |d| d.words));
        }
        self.set_widths(id, words);
        self.selected = 0;
        self.offset = 0;
    }

    /// Keeps the selection on screen: `height` rows of the list, `per` rows
    /// an entry.
    pub fn follow(&mut self, height: usize, per: usize) {
        let fits = (height / per.max(1)).max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + fits {
            self.offset = self.selected + 1 - fits;
        }
    }

    /// Rows of results worth detailing: what fits on screen, and past the
    /// selection.
    #[must_use]
    pub fn result_rows(&self, page: usize) -> usize {
        (page / 2 + 2).max(self.selected + page / 2 + 2)
    }
}

/// The library screen's part of the reader: its keys, its searches and
/// their answers, opening what it shows.
impl App {
    pub(super) fn library_action(&mut self, action: Action, times: usize) {
        let page = isize::try_from(self.page().saturating_sub(2).max(1)).unwrap_or(1);
        let n = isize::try_from(times).unwrap_or(1);
        if let Some(st) = &self.library.stories {
            if st.open.is_none() {
                self.stories_action(action, n, page);
                return;
            }
            if matches!(action, Action::Back | Action::Quit | Action::Stories) {
                // Back from a cluster to the stories.
                let lib = &mut self.library;
                if let Some(st) = lib.stories.as_mut()
                    && let Some((_, shown)) = st.open.take()
                {
                    lib.shown = shown;
                    lib.selected = 0;
                    lib.offset = 0;
                    lib.marked.clear();
                }
                return;
            }
        }
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
            Action::Sort if self.jobs.has_engine() => {
                self.library.order = match self.library.order {
                    Order::Relevance => Order::Newest,
                    Order::Newest => Order::Oldest,
                    Order::Oldest => Order::Source,
                    Order::Source => Order::Relevance,
                };
                self.library.selected = 0;
                self.library.offset = 0;
                self.send_search();
            }
            Action::Stories => self.open_stories(),
            Action::Facets if self.jobs.has_engine() => {
                self.library.facets = !self.library.facets;
                self.send_search();
            }
            _ => {}
        }
    }

    /// Opens the stories view: the clusters are found on a job's thread
    /// (every text read again), the view says so meanwhile.
    fn open_stories(&mut self) {
        if self.jobs.has_paths() && self.index.ready {
            // A corpus with an index: listed from it and signed (with the
            // signatures kept beside it) on the job's thread, any size.
            self.library.results = None;
            self.mode = Mode::Normal;
            self.library.stories = Some(Stories::default());
            self.jobs.stories_of_index();
            return;
        }
        if self.corpus.len() > MAX_STORIES_DOCS {
            if self.jobs.has_paths() {
                self.status = Some("stories come from the index: once it is ready".to_owned());
                return;
            }
            self.status = Some(format!(
                "stories read every document again: over {MAX_STORIES_DOCS} documents, use `qari dups` (it prints them)"
            ));
            return;
        }
        self.library.results = None;
        self.mode = Mode::Normal;
        let docs: Vec<(crate::corpus::Locator, Option<i64>)> = self
            .corpus
            .iter()
            .map(|d| (d.locator().clone(), d.meta.day))
            .collect();
        self.library.stories = Some(Stories::default());
        self.jobs.stories(docs);
    }

    /// Keys in the stories view: move among the clusters, Enter shows one
    /// as the list, Esc or q goes back to the library.
    fn stories_action(&mut self, action: Action, n: isize, page: isize) {
        let Some(st) = self.library.stories.as_mut() else {
            return;
        };
        let count = st.clusters.as_ref().map_or(0, Vec::len);
        let last = count.saturating_sub(1);
        let moved = |to: isize| usize::try_from(to.max(0)).unwrap_or(0).min(last);
        let at = isize::try_from(st.selected).unwrap_or(0);
        match action {
            Action::Down => st.selected = moved(at + n),
            Action::Up => st.selected = moved(at - n),
            Action::PageDown | Action::HalfDown => st.selected = moved(at + page),
            Action::PageUp | Action::HalfUp => st.selected = moved(at - page),
            Action::Top => st.selected = 0,
            Action::Bottom => st.selected = last,
            Action::Open => {
                let Some(c) = st.clusters.as_ref().and_then(|c| c.get(st.selected)) else {
                    return;
                };
                let members: Vec<usize> = c.members.iter().map(|&d| d as usize).collect();
                let before = std::mem::replace(&mut self.library.shown, members);
                if let Some(st) = self.library.stories.as_mut() {
                    st.open = Some((st.selected, before));
                }
                self.library.selected = 0;
                self.library.offset = 0;
                self.library.marked.clear();
            }
            Action::Back | Action::Quit | Action::Stories => {
                self.library.stories = None;
                self.jobs.cancel(Kind::Stories);
            }
            Action::Help => self.go(Go::Help),
            _ => {}
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        self.library.move_selection(delta);
        self.detail_more();
    }

    /// Asks for details of more results when the selection goes past
    /// those detailed.
    pub(super) fn detail_more(&mut self) {
        let lib = &self.library;
        let need = matches!(&lib.results, Some(r)
            if r.like.is_none()
                && lib.selected + 1 >= r.answer.rows.len()
                && r.answer.more > 0);
        if need {
            self.send_search();
        }
    }

    pub(super) fn search_key(&mut self, k: &KeyEvent) {
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
            KeyCode::Char('l') if ctrl => {
                // Keys typed as on the corpus's script layout, or back to
                // the keyboard's own (docs/search.md §7a).
                let layout = match self.library.query.layout {
                    Some(_) => None,
                    None => Some(self.corpus_layout()),
                };
                let before = self.library.query.value().to_owned();
                self.library.query.set_layout(layout);
                if self.library.query.value() != before {
                    self.query_changed();
                }
            }
            _ => {
                if self.library.query.key(k) == Edit::Changed {
                    self.query_changed();
                }
            }
        }
    }

    /// The keyboard layout of the corpus's script: that of the language
    /// most of its documents are in (Arabic when none is known).
    pub(super) fn corpus_layout(&self) -> Layout {
        let mut counts = self.corpus.lang_counts();
        counts.remove("");
        counts
            .into_iter()
            .max_by_key(|&(l, n)| (n, std::cmp::Reverse(l)))
            .and_then(|(l, _)| Layout::for_lang(Lang::from_code(l)))
            .unwrap_or(Layout::Arabic)
    }

    pub(super) fn query_changed(&mut self) {
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

    pub(super) fn snippet_chars(&self) -> usize {
        self.width().saturating_sub(6).max(20) * 2
    }

    pub(super) fn send_search(&mut self) {
        let rows = self.library.result_rows(self.page());
        let chars = self.snippet_chars();
        let query = self.library.query.value().to_owned();
        let strict = self.library.strict;
        let order = self.library.order;
        if query.trim().is_empty() && order == Order::Relevance {
            // Back to the list; an answer still on its way is stale.
            self.jobs.cancel(Kind::Search);
            self.library.results = None;
            self.library.selected = 0;
            self.library.offset = 0;
            return;
        }
        self.jobs.ask(
            Ask::Search {
                query,
                strict,
                order: (order != Order::Relevance).then_some(order),
                facets: self.library.facets,
            },
            rows,
            chars,
        );
        if !self.index.ready && self.library.results.is_none() {
            // Say that results will come, rather than show the list.
            self.library.results = Some(ResultList::default());
        }
    }

    /// Corpus indices of an answer's rows.
    pub(super) fn docs_of(&self, a: &Answer) -> Vec<Option<usize>> {
        a.rows.iter().map(|d| self.corpus.find(&d.key)).collect()
    }

    pub(super) fn on_search(&mut self, generation: u64, a: Answer) {
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
        if self.library.query.value().trim().is_empty() && self.library.order == Order::Relevance {
            return;
        }
        if let Some(e) = &a.error {
            self.status = Some(format!("search failed: {e}"));
        }
        self.show_results(None, a);
    }

    pub(super) fn on_related(&mut self, generation: u64, a: Answer) {
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
    pub(super) fn show_results(&mut self, like: Option<String>, answer: Answer) {
        let docs = self.docs_of(&answer);
        let lib = &mut self.library;
        let same = lib.results.as_ref().is_some_and(|r| {
            r.docs.iter().zip(&docs).all(|(x, y)| x == y) && r.answer.total == answer.total
        });
        // The whole answer after a quick one to the same request: the
        // selection stays where the user may have moved it meanwhile.
        let refined = answer.generation != 0
            && lib.results.as_ref().is_some_and(|r| {
                r.answer.generation == answer.generation && r.like.is_none() && like.is_none()
            });
        if refined {
            lib.selected = lib.selected.min(docs.len().saturating_sub(1));
            lib.offset = lib.offset.min(lib.selected);
        } else if !same {
            lib.selected = 0;
            lib.offset = 0;
        }
        // Enter pressed before the results: the first of the whole answer.
        let whole = !answer.counting;
        lib.results = Some(ResultList { like, answer, docs });
        if whole && lib.pending == Some(Pending::OpenFirst) {
            lib.pending = None;
            self.open_selected();
        }
    }

    pub(super) fn open_selected(&mut self) {
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

    /// Lists the documents most like `doc` in the library.
    pub fn related(&mut self, doc: usize) {
        let Some(d) = self.corpus.get(doc) else {
            return;
        };
        let (key, title) = (d.key(), d.title.clone());
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
        let generation = self.jobs.ask(Ask::Related { key }, rows, chars);
        self.related_for = Some((RelatedFor::List, generation));
    }

    /// Whether the index can answer; if not, says why in the status bar
    /// (`meanwhile`: what the user can do instead).
    pub(super) fn search_ready(&mut self, meanwhile: &str) -> bool {
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
    pub(super) fn compare_from_library(&mut self) {
        let selected = self.library.selected_doc();
        // In a story: the selected member against the story's origin (the
        // first member; the second when the origin is selected).
        let in_story = self
            .library
            .stories
            .as_ref()
            .is_some_and(|s| s.open.is_some());
        if in_story
            && self.library.marked.len() < 2
            && let Some(s) = selected
        {
            let shown = &self.library.shown;
            let other = match self.library.marked.first() {
                Some(&m) if m != s => Some(m),
                _ if shown.first() == Some(&s) => shown.get(1).copied(),
                _ => shown.first().copied(),
            };
            if let Some(o) = other {
                self.compare_docs(o, s);
                return;
            }
        }
        match (self.library.marked.as_slice(), selected) {
            ([a, b], _) => self.compare_docs(*a, *b),
            ([a], Some(s)) if *a != s => self.compare_docs(*a, s),
            ([a], _) => self.compare_with_most_similar(*a),
            ([], Some(s)) => self.compare_with_most_similar(s),
            _ => {}
        }
    }
}
