//! The library screen's widget: the title bar (counts, the index's
//! progress), the list or the results with their snippets, and the bottom
//! bar (the search box, the status, or the keys).

use crate::search::Order;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::ResultList;
use crate::bidi::{self, Dir};
use crate::marks::{MarkSpan, Marks};
use crate::tui::app::App;
use crate::tui::rows::{draw_row, draw_text, fill};
use crate::tui::widgets::draw_line;

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
        let mut body = Rect::new(area.x, area.y + 1, w, area.height.saturating_sub(2));
        // The facets panel, on the right, when asked for and there is room.
        if lib.facets && w >= FACETS_W + 40 {
            let panel = Rect::new(area.right() - FACETS_W, body.y, FACETS_W, body.height);
            body.width -= FACETS_W;
            draw_facets(buf, panel, app);
        }
        match (&lib.results, &lib.stories) {
            (_, Some(st)) if st.open.is_none() => draw_stories(buf, body, app, st),
            (Some(r), _) => draw_results(buf, body, app, r),
            (None, _) => draw_list(buf, body, app),
        }
        draw_bar(buf, area, app);
    }
}

/// The stories view: a row per cluster, its size, its origin's date and
/// title.
fn draw_stories(buf: &mut Buffer, area: Rect, app: &App, st: &crate::tui::library::Stories) {
    let theme = app.theme;
    let Some(clusters) = &st.clusters else {
        draw_text(
            buf,
            " finding the documents that tell one story…",
            area.x,
            area.y,
            area.right(),
            theme.dim,
        );
        return;
    };
    if clusters.is_empty() {
        draw_text(
            buf,
            " no two documents tell one story (no near-copies)",
            area.x,
            area.y,
            area.right(),
            theme.dim,
        );
        return;
    }
    let height = usize::from(area.height);
    let offset = st
        .offset
        .min(st.selected)
        .max((st.selected + 1).saturating_sub(height));
    for (k, c) in clusters.iter().enumerate().skip(offset).take(height) {
        let y = area.y + u16::try_from(k - offset).unwrap_or(0);
        let selected = k == st.selected;
        let style = if selected { theme.selected } else { theme.base };
        if selected {
            fill(buf, Rect::new(area.x, y, area.width, 1), style);
        }
        let Some(origin) = app.corpus.get(c.origin as usize) else {
            continue;
        };
        let meta = format!(
            " {:>4} docs  {:<DATE_W$} ",
            c.members.len(),
            origin.meta.iso_date().unwrap_or_default()
        );
        let x = draw_text(
            buf,
            &meta,
            area.x,
            y,
            area.right(),
            if selected { style } else { theme.dim },
        );
        let title_w = area.right().saturating_sub(x + 1);
        draw_line(
            buf,
            app,
            &origin.title,
            origin.direction.fallback(),
            x + 1,
            y,
            title_w,
            style,
        );
    }
}

/// Columns of the facets panel.
const FACETS_W: u16 = 30;

/// The facets panel: the hits of the search per source (most first) and
/// per month, or why there are none.
fn draw_facets(buf: &mut Buffer, area: Rect, app: &App) {
    let theme = app.theme;
    let x = area.x + 1;
    let right = area.right();
    for y in area.y..area.bottom() {
        draw_text(buf, "│", area.x, y, right, theme.dim);
    }
    let facets = app
        .library
        .results
        .as_ref()
        .filter(|r| r.like.is_none())
        .and_then(|r| r.answer.facets.as_ref());
    let Some(f) = facets else {
        let msg = if app.library.results.is_some() {
            " counting…"
        } else {
            " search to count hits"
        };
        draw_text(buf, msg, x, area.y, right, theme.dim);
        return;
    };
    let mut y = area.y;
    let line = |buf: &mut Buffer, text: &str, style, y: &mut u16| {
        if *y < area.bottom() {
            draw_text(buf, text, x, *y, right, style);
            *y += 1;
        }
    };
    line(buf, " sources", theme.bar, &mut y);
    let half = usize::from(area.height / 2).saturating_sub(2).max(1);
    for (name, n) in f.sources.iter().take(half) {
        if y >= area.bottom() {
            break;
        }
        // Counts first, on the left; the name laid out (it may be right
        // to left) in the rest.
        let after = draw_text(buf, &format!(" {n:>7}  "), x, y, right, theme.base);
        let dir = crate::corpus::TextDirection::of(name).fallback();
        draw_line(
            buf,
            app,
            name,
            dir,
            after,
            y,
            right.saturating_sub(after),
            theme.base,
        );
        y += 1;
    }
    if f.sources.len() > half {
        line(
            buf,
            &format!("   +{} more", f.sources.len() - half),
            theme.dim,
            &mut y,
        );
    }
    if f.no_source > 0 {
        line(
            buf,
            &format!(" {:>7}  (none)", f.no_source),
            theme.dim,
            &mut y,
        );
    }
    line(buf, " months", theme.bar, &mut y);
    let room = usize::from(area.bottom().saturating_sub(y)).saturating_sub(1);
    // The latest months when they do not all fit.
    let skip = f.months.len().saturating_sub(room.max(1));
    for (m, n) in f.months.iter().skip(skip) {
        line(buf, &format!(" {n:>7}  {m}"), theme.base, &mut y);
    }
    if f.no_date > 0 {
        line(
            buf,
            &format!(" {:>7}  (no date)", f.no_date),
            theme.dim,
            &mut y,
        );
    }
}

/// `n documents`, or `1 document`.
fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".to_owned()
    } else {
        format!("{n} documents")
    }
}

/// The title bar: counts, and the index's progress while it is built.
fn title_bar(app: &App) -> String {
    let lib = &app.library;
    let count = lib.entries();
    let total = app.corpus.len();
    let head = match &lib.results {
        Some(r) if r.like.is_some() => format!(" qari  {} documents like", r.answer.total),
        Some(r) if !app.index.ready && r.answer.rows.is_empty() => {
            format!(" qari  {}", documents(total))
        }
        Some(r) => format!(
            " qari  {}{} of {total} documents match{}",
            r.answer.total,
            // A lower bound: more completions than were searched, or the
            // quick answer to a keystroke (the whole one follows).
            if r.answer.partial || r.answer.counting {
                "+"
            } else {
                ""
            },
            if r.answer.fuzzy {
                " (close spellings)"
            } else {
                ""
            },
        ),
        None if count == total => format!(" qari  {}", documents(total)),
        None => format!(" qari  {count} of {total} documents"),
    };
    let head = match &lib.stories {
        Some(st) => match (&st.clusters, &st.open) {
            (None, _) => " qari  finding stories… (every document read and compared)".to_owned(),
            (Some(c), None) => format!(
                " qari  {} {} of near-copies in {}",
                c.len(),
                if c.len() == 1 { "story" } else { "stories" },
                documents(total)
            ),
            (Some(c), Some((k, _))) => format!(
                " qari  story {} of {}: {}, the origin first",
                k + 1,
                c.len(),
                documents(lib.shown.len())
            ),
        },
        None => head,
    };
    let head = match lib.results.as_ref().map(|r| r.answer.order) {
        Some(Order::Newest) => format!("{head}, newest first"),
        Some(Order::Oldest) => format!("{head}, oldest first"),
        Some(Order::Source) => format!("{head}, by source"),
        _ => head,
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
        // Listed from the index's catalog: the files are being compared
        // with it in the background (the list follows any change).
        _ if app.corpus.is_listed() && !app.index.ready && app.index.failed.is_none() => {
            format!("{head}  checking for changes…")
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

/// Columns of an ISO date.
const DATE_W: usize = 10;
/// Columns a title keeps before the date and source columns are left out.
const TITLE_ROOM: usize = 30;

fn draw_list(buf: &mut Buffer, area: Rect, app: &App) {
    let lib = &app.library;
    let theme = app.theme;
    let height = usize::from(area.height);
    let visible = lib.shown.iter().enumerate().skip(lib.offset).take(height);
    let (id_w, words_w) = (lib.id_w, lib.words_w);
    // Only the rows on screen are built (a catalog's rows on demand).
    for (k, &doc) in visible {
        let y = area.y + u16::try_from(k - lib.offset).unwrap_or(0);
        let Some(d) = app.corpus.get(doc) else {
            continue;
        };
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
        let dim = if selected { style } else { theme.dim };
        let mut x = draw_text(buf, &meta, area.x, y, area.right(), dim);
        // The date and source columns, when the corpus has them and the
        // title keeps room (at least TITLE_ROOM columns).
        let room =
            |x: u16, w: usize| usize::from(area.right().saturating_sub(x)) >= w + 1 + TITLE_ROOM;
        if lib.dates && room(x, DATE_W) {
            let date = d.meta.iso_date().unwrap_or_default();
            x = draw_text(buf, &format!("{date:<DATE_W$} "), x, y, area.right(), dim);
        }
        if lib.source_w > 0 && room(x, lib.source_w) {
            let w = u16::try_from(lib.source_w + 1).unwrap_or(0);
            if let Some(source) = d.meta.source.as_deref() {
                let dir = crate::corpus::TextDirection::of(source).fallback();
                draw_line(buf, app, source, dir, x, y, w, dim);
            }
            x += w;
        }
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
        } else if let Some(bad) = a.invalid.first() {
            format!(" {}", crate::render::sanitize_line(bad))
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
            .and_then(|i| app.corpus.get(i))
            .map_or(Dir::Rtl, |m| m.direction.fallback());
        // A close spelling (Q6) is marked ≈ beside its score.
        let mut meta = format!(
            " {:<id_w$} {:>6.2}{}",
            short_id(&d.id, id_w),
            d.score,
            if d.close { "≈" } else { " " }
        );
        // The date, when the corpus has dates and the title keeps room.
        if lib.dates && usize::from(w) >= meta.chars().count() + DATE_W + 2 + TITLE_ROOM {
            let date = d.date_iso.as_deref().unwrap_or_default();
            meta.push_str(&format!(" {date:<DATE_W$}"));
        }
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
        let layout = lib
            .query
            .layout
            .map(|l| format!(" keys:{} ", l.name()))
            .unwrap_or_default();
        let right = format!("{}{layout}", if lib.strict { " strict " } else { "" });
        let right = right.as_str();
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
