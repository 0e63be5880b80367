//! The library screen: the corpus as a list (id, words, direction, title),
//! the search box above the keys bar, search results or related documents
//! in place of the list, and the marks of documents to compare. Its state
//! lives for the whole session (the reader goes back to it as it was).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::App;
use super::input::LineInput;
use super::rows::{draw_row, draw_text, fill};
use super::widgets::draw_line;
use crate::bidi::{self, Dir};
use crate::marks::{MarkSpan, Marks};
use crate::search::worker::Answer;

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
}

impl Library {
    /// The library of a corpus of `n` documents, all shown.
    #[must_use]
    pub fn new(n: usize) -> Self {
        Self {
            shown: (0..n).collect(),
            ..Self::default()
        }
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
        self.shown = (0..corpus.docs.len())
            .filter(|&i| {
                q.is_empty() || {
                    let d = &corpus.docs[i];
                    d.title.to_lowercase().contains(&q) || d.id.to_lowercase().contains(&q)
                }
            })
            .collect();
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

/// The library screen's widget.
pub struct View<'a> {
    /// The reader's state.
    pub app: &'a App,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let lib = &app.library;
        let theme = app.theme;
        let w = area.width;
        fill(buf, Rect::new(area.x, area.y, w, 1), theme.bar);
        draw_text(
            buf,
            &title_bar(app),
            area.x,
            area.y,
            area.right(),
            theme.bar,
        );
        let help = "? help ";
        if usize::from(w) > title_bar(app).len() + help.len() + 2 {
            draw_text(
                buf,
                help,
                area.right() - help.len() as u16,
                area.y,
                area.right(),
                theme.bar,
            );
        }
        let body = Rect::new(area.x, area.y + 1, w, area.height.saturating_sub(2));
        match &lib.results {
            Some(r) => draw_results(buf, body, app, r),
            None => draw_list(buf, body, app),
        }
        draw_bar(buf, area, app);
    }
}

/// The title bar: counts, and the index's progress while it is built.
fn title_bar(app: &App) -> String {
    let lib = &app.library;
    let count = lib.entries();
    let total = app.corpus.docs.len();
    let head = match &lib.results {
        Some(r) if r.like.is_some() => format!(" qari  {} documents like", r.answer.total),
        Some(r) if !app.index.ready && r.answer.rows.is_empty() => {
            format!(" qari  {total} documents")
        }
        Some(r) => format!(
            " qari  {} of {total} documents match{}",
            r.answer.total,
            if r.answer.fuzzy {
                " (close spellings)"
            } else {
                ""
            },
        ),
        None if count == total => format!(" qari  {total} documents"),
        None => format!(" qari  {count} of {total} documents"),
    };
    match app.index.progress {
        Some(p) if p.bytes_total > 0 => {
            let pct = (p.bytes_done * 100 / p.bytes_total.max(1)).min(100);
            let filled = usize::try_from(pct / 5).unwrap_or(0);
            format!(
                "{head}  indexing {}{} {pct}% ({}/{} files)",
                "█".repeat(filled),
                "░".repeat(20 - filled),
                p.files_done,
                p.files_total
            )
        }
        _ => head,
    }
}

/// An id cut to `width` characters (with `…`), made safe to draw.
fn short_id(id: &str, width: usize) -> String {
    let id: String = if id.chars().count() > width {
        id.chars().take(width - 1).chain(['…']).collect()
    } else {
        id.to_owned()
    };
    crate::render::sanitize_line(&id)
}

fn draw_list(buf: &mut Buffer, area: Rect, app: &App) {
    let lib = &app.library;
    let theme = app.theme;
    let docs = &app.corpus.docs;
    let height = usize::from(area.height);
    let visible = lib.shown.iter().enumerate().skip(lib.offset).take(height);
    let id_w = lib
        .shown
        .iter()
        .map(|&i| docs[i].id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 24);
    let words_w = lib
        .shown
        .iter()
        .map(|&i| docs[i].words.to_string().len())
        .max()
        .unwrap_or(1);
    for (k, &doc) in visible {
        let y = area.y + u16::try_from(k - lib.offset).unwrap_or(0);
        let d = &docs[doc];
        let selected = k == lib.selected;
        let style = if selected { theme.selected } else { theme.base };
        if selected {
            fill(buf, Rect::new(area.x, y, area.width, 1), style);
        }
        // A document marked for comparison shows its letter (A, B).
        let mark = match lib.marked.iter().position(|&m| m == doc) {
            Some(0) => 'A',
            Some(_) => 'B',
            None => ' ',
        };
        let meta = format!(
            "{mark}{:<id_w$}  {:>words_w$}  {:<5} ",
            short_id(&d.id, id_w),
            d.words,
            d.direction.as_str()
        );
        let x = draw_text(
            buf,
            &meta,
            area.x,
            y,
            area.right(),
            if selected { style } else { theme.dim },
        );
        let title = if d.empty { "(empty)" } else { d.title.as_str() };
        let title_w = area.right().saturating_sub(x + 1);
        draw_line(
            buf,
            app,
            title,
            d.direction.fallback(),
            x + 1,
            y,
            title_w,
            style,
        );
    }
    if lib.shown.is_empty() {
        draw_text(
            buf,
            " no title matches",
            area.x,
            area.y,
            area.right(),
            theme.dim,
        );
    }
}

/// Search results (or related documents): two lines each, the id, score
/// and title, then the snippet with its matches highlighted.
fn draw_results(buf: &mut Buffer, area: Rect, app: &App, r: &ResultList) {
    let lib = &app.library;
    let theme = app.theme;
    let w = area.width;
    let per_page = usize::from(area.height / 2).max(1);
    let a = &r.answer;
    if a.rows.is_empty() {
        let msg = if !app.index.ready {
            match &app.index.failed {
                Some(why) => format!(" {why}"),
                None => " indexing… results come when the index is ready".to_owned(),
            }
        } else if r.like.is_some() {
            " no similar document".to_owned()
        } else {
            " no match".to_owned()
        };
        draw_text(buf, &msg, area.x, area.y, area.right(), theme.dim);
        return;
    }
    let id_w = a
        .rows
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 24);
    for (k, d) in a.rows.iter().enumerate().skip(lib.offset).take(per_page) {
        let y = area.y + u16::try_from((k - lib.offset) * 2).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let selected = k == lib.selected;
        let style = if selected { theme.selected } else { theme.base };
        if selected {
            fill(buf, Rect::new(area.x, y, w, 1), style);
        }
        let fallback = r
            .docs
            .get(k)
            .copied()
            .flatten()
            .and_then(|i| app.corpus.docs.get(i))
            .map_or(Dir::Rtl, |m| m.direction.fallback());
        let meta = format!(" {:<id_w$} {:>6.2} ", short_id(&d.id, id_w), d.score);
        let x = draw_text(
            buf,
            &meta,
            area.x,
            y,
            area.right(),
            if selected { style } else { theme.dim },
        );
        let title_w = area.right().saturating_sub(x + 1);
        draw_line(buf, app, &d.title, fallback, x + 1, y, title_w, style);
        // The snippet, indented, with its highlights.
        let sy = y + 1;
        if sy >= area.bottom() {
            break;
        }
        let mut text = String::new();
        let mut shift = 0;
        if d.snippet.cut.0 {
            text.push_str("… ");
            shift = text.len();
        }
        text.push_str(&d.snippet.text);
        let spans: Vec<MarkSpan> = d
            .snippet
            .highlights
            .iter()
            .map(|h| MarkSpan {
                range: h.start + shift..h.end + shift,
                marks: Marks::HIT,
            })
            .collect();
        let sw = usize::from(w.saturating_sub(6)).max(4);
        let opts = app.settings.layout(sw, fallback);
        let rows = bidi::layout_paragraph(&text, 0, &spans, &opts);
        if let Some(row) = rows.first() {
            draw_row(
                buf,
                row,
                area.x + 4,
                sy,
                area.right().saturating_sub(1),
                theme.base,
                &|marks, _| theme.cell(marks),
            );
            if rows.len() > 1 || d.snippet.cut.1 {
                let at = if row.rtl {
                    (area.x + 4 + u16::try_from(row.indent).unwrap_or(0)).saturating_sub(1)
                } else {
                    area.x + 4 + u16::try_from(row.width).unwrap_or(0)
                };
                draw_text(buf, "…", at, sy, area.right(), theme.dim);
            }
        }
    }
}

/// The bottom bar: the search box, or the status, or the keys.
fn draw_bar(buf: &mut Buffer, area: Rect, app: &App) {
    let lib = &app.library;
    let theme = app.theme;
    let w = area.width;
    let bottom = area.bottom() - 1;
    fill(buf, Rect::new(area.x, bottom, w, 1), theme.bar);
    let typing = app.typing();
    if typing || !lib.query.is_empty() {
        let x = draw_text(buf, " / ", area.x, bottom, area.right(), theme.bar);
        let opts = app.settings.layout(usize::from(w), Dir::Ltr);
        lib.query
            .draw(buf, &opts, x, bottom, area.right(), theme.bar, typing);
        let right = if lib.strict { " strict " } else { "" };
        if !right.is_empty() && usize::from(w) > right.len() + 10 {
            draw_text(
                buf,
                right,
                area.right() - right.len() as u16,
                bottom,
                area.right(),
                theme.notice,
            );
        }
    } else if let Some(msg) = &app.status {
        draw_text(
            buf,
            &format!(" {msg}"),
            area.x,
            bottom,
            area.right(),
            theme.notice,
        );
    } else {
        let count = lib.entries();
        let pos = if count == 0 {
            String::new()
        } else {
            format!(" {}/{count} ", lib.selected + 1)
        };
        let keys = if lib.shows_related() {
            " enter open  esc back to the list  q quit"
        } else if lib.marked.is_empty() {
            " enter open  / search  space mark  c compare  q quit"
        } else {
            " space mark  c compare the marked  enter open  q quit"
        };
        draw_text(buf, keys, area.x, bottom, area.right(), theme.bar);
        if usize::from(w) > keys.len() + pos.len() + 1 {
            draw_text(
                buf,
                &pos,
                area.right() - pos.len() as u16,
                bottom,
                area.right(),
                theme.bar,
            );
        }
    }
}
