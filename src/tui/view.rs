//! Drawing: the library, the reading view, the help. Every piece of text
//! from a document (titles, body, the typed query) goes through the layout
//! engine and [`super::rows::draw_row`]; only qari's own ASCII labels are
//! written directly. Separate pieces of text always have a blank column
//! between them, so that a terminal that joins Arabic letters never joins
//! two of them.
//!
//! The reading view lays paragraphs out lazily as they come on screen, so
//! drawing takes `&mut App` for that cache; nothing else changes.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::{App, View};
use super::keys::show_key;
use super::rows::{draw_row, draw_text, fill};
use crate::bidi::{self, Dir};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let area = frame.area();
    app.resize(area.width, area.height);
    let buf = frame.buffer_mut();
    fill(buf, area, app.theme.base);
    if area.width < 4 || area.height < 2 {
        return;
    }
    match app.view {
        View::Library => draw_library(buf, area, app),
        View::Reading => draw_reading(buf, area, app),
        View::Compare => super::compare_view::draw(buf, area, app),
    }
    if app.help {
        draw_help(buf, area, app);
    }
}

/// Lays out one line of text at `width` and returns its first row, and
/// whether it was cut.
fn one_row(text: &str, width: usize, fallback: Dir, app: &App) -> (bidi::Row, bool) {
    let opts = app.settings.options(width.max(2), fallback, false);
    let mut rows = bidi::layout_paragraph(text, 0, &[], &opts);
    let cut = rows.len() > 1;
    (rows.swap_remove(0), cut)
}

/// Draws a single-line text in `[x, x + width)` on row `y`: right-aligned if
/// it is right to left, with `…` where it is cut.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_line(
    buf: &mut Buffer,
    app: &App,
    text: &str,
    fallback: Dir,
    x: u16,
    y: u16,
    width: u16,
    style: Style,
) {
    if width < 2 {
        return;
    }
    let (row, cut) = one_row(text, usize::from(width) - 1, fallback, app);
    let indent = if row.rtl { 1 } else { 0 };
    draw_row(buf, &row, x + indent, y, x + width, style, &|_, _| {
        Style::default()
    });
    if cut {
        // The cut end is the logical end: the left for RTL, the right for LTR.
        let at = if row.rtl {
            x + indent + u16::try_from(row.indent).unwrap_or(0) - 1
        } else {
            x + u16::try_from(row.width).unwrap_or(0)
        };
        draw_text(buf, "…", at, y, x + width, style);
    }
}

/// A typed query after its prompt, from `x` to `right` on row `y`: laid out
/// by the engine, next to the prompt whatever its direction, with the
/// cursor at its logical end (the left of right-to-left text).
pub(super) fn draw_query(
    buf: &mut Buffer,
    app: &App,
    query: &str,
    x: u16,
    y: u16,
    right: u16,
    cursor: bool,
) {
    let theme = app.theme;
    let box_w = right.saturating_sub(x + 1);
    let (mut row, _) = one_row(query, usize::from(box_w.max(3)) - 1, Dir::Ltr, app);
    row.indent = 0;
    let width = u16::try_from(row.width).unwrap_or(0);
    let (text_x, cursor_x) = if row.rtl { (x + 1, x) } else { (x, x + width) };
    draw_row(buf, &row, text_x, y, right, theme.bar, &|_, _| {
        Style::default()
    });
    if cursor {
        draw_text(buf, "▏", cursor_x, y, right, theme.bar);
    }
}

fn draw_library(buf: &mut Buffer, area: Rect, app: &mut App) {
    let theme = app.theme;
    let w = area.width;
    // Title bar.
    fill(buf, Rect::new(area.x, area.y, w, 1), theme.bar);
    let count = app.entries();
    let total = app.corpus.docs.len();
    let head = match &app.lib.results {
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
    let head = match app.index.progress {
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
    };
    draw_text(buf, &head, area.x, area.y, area.right(), theme.bar);
    let help = "? help ";
    if w as usize > head.len() + help.len() + 2 {
        draw_text(
            buf,
            help,
            area.right() - help.len() as u16,
            area.y,
            area.right(),
            theme.bar,
        );
    }

    // The list.
    let list_h = usize::from(area.height.saturating_sub(2));
    if app.lib.results.is_some() {
        draw_results(
            buf,
            Rect::new(area.x, area.y + 1, w, area.height.saturating_sub(2)),
            app,
        );
        draw_library_bar(buf, area, app, count);
        return;
    }
    if app.lib.selected < app.lib.offset {
        app.lib.offset = app.lib.selected;
    }
    if list_h > 0 && app.lib.selected >= app.lib.offset + list_h {
        app.lib.offset = app.lib.selected + 1 - list_h;
    }
    let id_w = app
        .lib
        .shown
        .iter()
        .map(|&i| app.corpus.docs[i].id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 24);
    let words_w = app
        .lib
        .shown
        .iter()
        .map(|&i| app.corpus.docs[i].words.to_string().len())
        .max()
        .unwrap_or(1);
    for (k, &doc) in app
        .lib
        .shown
        .iter()
        .enumerate()
        .skip(app.lib.offset)
        .take(list_h)
    {
        let y = area.y + 1 + u16::try_from(k - app.lib.offset).unwrap_or(0);
        let d = &app.corpus.docs[doc];
        let style = if k == app.lib.selected {
            theme.selected
        } else {
            theme.base
        };
        if k == app.lib.selected {
            fill(buf, Rect::new(area.x, y, w, 1), style);
        }
        let id: String = if d.id.chars().count() > id_w {
            d.id.chars().take(id_w - 1).chain(['…']).collect()
        } else {
            d.id.clone()
        };
        // A document marked for comparison shows its letter (A, B).
        let mark = match app.lib.marked.iter().position(|&m| m == doc) {
            Some(0) => 'A',
            Some(_) => 'B',
            None => ' ',
        };
        let meta = format!(
            "{mark}{id:<id_w$}  {:>words_w$}  {:<5} ",
            d.words,
            d.direction.as_str()
        );
        let meta_style = if k == app.lib.selected {
            style
        } else {
            theme.dim
        };
        let x = draw_text(
            buf,
            &crate::cli::sanitize_line(&meta),
            area.x,
            y,
            area.right(),
            meta_style,
        );
        let title_w = area.right().saturating_sub(x + 1);
        let title = if d.empty {
            "(empty)".to_owned()
        } else {
            d.title.clone()
        };
        draw_line(
            buf,
            app,
            &title,
            d.direction.fallback(),
            x + 1,
            y,
            title_w,
            style,
        );
    }
    if app.lib.shown.is_empty() {
        draw_text(
            buf,
            " no title matches",
            area.x,
            area.y + 1,
            area.right(),
            theme.dim,
        );
    }

    draw_library_bar(buf, area, app, count);
}

/// Search results (or related documents): two lines each, the id, score
/// and title, then the snippet with its matches highlighted.
fn draw_results(buf: &mut Buffer, area: Rect, app: &mut App) {
    // Borrowed out for the frame (no copy), put back after.
    let results = app.lib.results.take();
    if let Some(r) = &results {
        draw_result_rows(buf, area, app, r);
    }
    app.lib.results = results;
}

fn draw_result_rows(buf: &mut Buffer, area: Rect, app: &mut App, r: &super::app::ResultList) {
    let theme = app.theme;
    let w = area.width;
    let per_page = usize::from(area.height / 2).max(1);
    if app.lib.selected < app.lib.offset {
        app.lib.offset = app.lib.selected;
    }
    if app.lib.selected >= app.lib.offset + per_page {
        app.lib.offset = app.lib.selected + 1 - per_page;
    }
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
    for (k, d) in a
        .rows
        .iter()
        .enumerate()
        .skip(app.lib.offset)
        .take(per_page)
    {
        let y = area.y + u16::try_from((k - app.lib.offset) * 2).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let selected = k == app.lib.selected;
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
        let id: String = if d.id.chars().count() > id_w {
            d.id.chars().take(id_w - 1).chain(['…']).collect()
        } else {
            d.id.clone()
        };
        let meta = format!(" {id:<id_w$} {:>6.2} ", d.score);
        let x = draw_text(
            buf,
            &crate::cli::sanitize_line(&meta),
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
        let spans: Vec<bidi::StyleSpan> = d
            .snippet
            .highlights
            .iter()
            .map(|h| bidi::StyleSpan {
                range: h.start + shift..h.end + shift,
                style: super::theme::HIGHLIGHT,
            })
            .collect();
        let sw = usize::from(w.saturating_sub(6)).max(4);
        let opts = app.settings.options(sw, fallback, false);
        let rows = bidi::layout_paragraph(&text, 0, &spans, &opts);
        if let Some(row) = rows.first() {
            draw_row(
                buf,
                row,
                area.x + 4,
                sy,
                area.right().saturating_sub(1),
                theme.base,
                &|bits, _| theme.cell(bits),
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

/// The library's bottom bar: the search box, or the status, or the keys.
fn draw_library_bar(buf: &mut Buffer, area: Rect, app: &App, count: usize) {
    let theme = app.theme;
    let w = area.width;
    let bottom = area.bottom() - 1;
    // Status bar or search box.
    fill(buf, Rect::new(area.x, bottom, w, 1), theme.bar);
    if app.lib.searching || !app.lib.query.is_empty() {
        let x = draw_text(buf, " / ", area.x, bottom, area.right(), theme.bar);
        let query = app.lib.query.clone();
        draw_query(buf, app, &query, x, bottom, area.right(), app.lib.searching);
        let right = if app.lib.strict { " strict " } else { "" };
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
        let pos = if count == 0 {
            String::new()
        } else {
            format!(" {}/{count} ", app.lib.selected + 1)
        };
        let keys = if app.lib.marked.is_empty() {
            " enter open  / search  space mark  c compare  q quit"
        } else {
            " space mark  c compare the marked  enter open  q quit"
        };
        let keys = if app.lib.results.as_ref().is_some_and(|r| r.like.is_some()) {
            " enter open  esc back to the list  q quit"
        } else {
            keys
        };
        draw_text(buf, keys, area.x, bottom, area.right(), theme.bar);
        if w as usize > keys.len() + pos.len() + 1 {
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

fn draw_reading(buf: &mut Buffer, area: Rect, app: &mut App) {
    let theme = app.theme;
    let page = app.page;
    let w = usize::from(area.width);
    let Some(reader) = &mut app.reader else {
        return;
    };
    let col = reader.options().width.min(w);
    let x0 = area.x + u16::try_from((w - col) / 2).unwrap_or(0);
    let max_x = x0 + u16::try_from(col).unwrap_or(0);
    let inspect = reader.inspect;
    let marker = theme.marker;
    let visible = reader.visible(page);
    for (k, (p, r)) in visible.into_iter().enumerate() {
        let y = area.y + u16::try_from(k).unwrap_or(0);
        if let Some(row) = reader.rows(p).get(r) {
            draw_row(buf, row, x0, y, max_x, theme.base, &|bits, sym| {
                if inspect && sym.chars().next().is_some_and(bidi::is_reveal_marker) {
                    marker
                } else {
                    theme.cell(bits)
                }
            });
        }
    }
    // Status bar: position on the left, the title on the right.
    let bottom = area.bottom() - 1;
    fill(buf, Rect::new(area.x, bottom, area.width, 1), theme.bar);
    let pct = reader.percent(page);
    let (p, n) = (reader.top.0 + 1, reader.paras.len());
    let mut left = format!(" {pct:>3}%  ¶ {p}/{n} ");
    if inspect {
        left.push_str(" inspect ");
    }
    let find = reader.find.clone();
    if !find.hits.is_empty() {
        let k = find.current.map_or(0, |c| c + 1);
        left.push_str(&format!(" {k}/{} ", find.hits.len()));
    } else if find.busy {
        left.push_str(" finding… ");
    } else if !find.query.is_empty() {
        left.push_str(" 0/0 ");
    }
    let x = draw_text(buf, &left, area.x, bottom, area.right(), theme.bar);
    if find.editing {
        let x = draw_text(buf, " / ", x, bottom, area.right(), theme.bar);
        draw_query(buf, app, &find.query, x, bottom, area.right(), true);
        return;
    }
    let doc = reader.doc;
    let (title, fallback) = app
        .corpus
        .docs
        .get(doc)
        .map_or((String::new(), Dir::Rtl), |d| {
            (d.title.clone(), d.direction.fallback())
        });
    if let Some(msg) = app.status.clone() {
        draw_text(
            buf,
            &format!(" {msg} "),
            x + 1,
            bottom,
            area.right(),
            theme.notice,
        );
    } else {
        let title_w = area.right().saturating_sub(x + 2);
        draw_line(
            buf,
            app,
            &title,
            fallback,
            x + 1,
            bottom,
            title_w,
            theme.bar,
        );
    }
}

fn draw_help(buf: &mut Buffer, area: Rect, app: &App) {
    let keymap = match app.view {
        View::Library => &app.library_keys,
        View::Reading => &app.reading_keys,
        View::Compare => &app.compare_keys,
    };
    let mut lines: Vec<String> = keymap
        .bindings()
        .into_iter()
        .map(|(action, keys)| {
            let keys: Vec<String> = keys.into_iter().map(show_key).collect();
            format!("{:<22} {}", keys.join(" "), action.describe())
        })
        .collect();
    lines.push(format!("{:<22} {}", "ctrl-c", "quit"));
    let inner_w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(10) + 4;
    let box_w = u16::try_from(inner_w).unwrap_or(u16::MAX).min(area.width);
    let box_h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let x = area.x + (area.width - box_w) / 2;
    let y = area.y + (area.height - box_h) / 2;
    let rect = Rect::new(x, y, box_w, box_h);
    fill(buf, rect, app.theme.bar);
    let title = match app.view {
        View::Library => " keys: library ",
        View::Reading => " keys: reading ",
        View::Compare => " keys: compare ",
    };
    draw_text(buf, title, x + 1, y, rect.right(), app.theme.bar);
    for (k, line) in lines.iter().enumerate() {
        let ly = y + 1 + u16::try_from(k).unwrap_or(0);
        if ly >= rect.bottom() {
            break;
        }
        draw_text(
            buf,
            &format!("  {line}"),
            x,
            ly,
            rect.right(),
            app.theme.bar,
        );
    }
}
