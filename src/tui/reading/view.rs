//! The reading screen's widget: the rows on screen in a centred column,
//! then the status bar (percentage, paragraph, find count, the find box or
//! the title).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::Reader;
use crate::bidi::{self, Dir};
use crate::tui::app::App;
use crate::tui::rows::{draw_row, draw_text, fill};
use crate::tui::widgets::draw_line;

/// The reading screen's widget.
pub struct View<'a> {
    /// The reader's state.
    pub app: &'a App,
    /// The open document.
    pub reader: &'a Reader,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let View { app, reader } = self;
        let theme = app.theme;
        let w = usize::from(area.width);
        let col = reader.options().width.min(w);
        let x0 = area.x + u16::try_from((w - col) / 2).unwrap_or(0);
        let max_x = x0 + u16::try_from(col).unwrap_or(0);
        let inspect = reader.inspect;
        let marker = theme.marker;
        for (k, &(p, r)) in reader.shown().iter().enumerate() {
            let y = area.y + u16::try_from(k).unwrap_or(0);
            if y + 1 >= area.bottom() {
                break;
            }
            if let Some(row) = reader.cached(p).get(r) {
                draw_row(buf, row, x0, y, max_x, theme.base, &|marks, sym| {
                    if inspect && sym.chars().next().is_some_and(bidi::is_reveal_marker) {
                        marker
                    } else {
                        theme.cell(marks)
                    }
                });
            }
        }
        // Status bar: position on the left, the title on the right.
        let bottom = area.bottom() - 1;
        fill(buf, Rect::new(area.x, bottom, area.width, 1), theme.bar);
        let (p, n) = (reader.top.0 + 1, reader.paras.len());
        let mut left = format!(" {:>3}%  ¶ {p}/{n} ", reader.percent());
        if inspect {
            left.push_str(" inspect ");
        }
        if let Some(count) = reader.find.count() {
            left.push_str(&count);
        }
        let x = draw_text(buf, &left, area.x, bottom, area.right(), theme.bar);
        if app.typing() {
            let x = draw_text(buf, " / ", x, bottom, area.right(), theme.bar);
            let opts = app.settings.layout(w, Dir::Ltr);
            reader
                .find
                .input
                .draw(buf, &opts, x, bottom, area.right(), theme.bar, true);
            return;
        }
        if let Some(msg) = &app.status {
            draw_text(
                buf,
                &format!(" {msg} "),
                x + 1,
                bottom,
                area.right(),
                theme.notice,
            );
        } else if let Some(d) = app.corpus.get(reader.doc) {
            let title_w = area.right().saturating_sub(x + 2);
            draw_line(
                buf,
                app,
                &d.title,
                d.direction.fallback(),
                x + 1,
                bottom,
                title_w,
                theme.bar,
            );
        }
    }
}
