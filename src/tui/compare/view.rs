//! The compare screen's widget: the scores, a header per pane with the
//! focus shown, the two panes with the gutter between them (filler rows
//! opposite text the other side does not have), and the status bar (keys,
//! messages, or the find box).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::{CompareView, GUTTER, pane_width};
use crate::tui::app::App;
use crate::tui::rows::{draw_row, draw_text, fill};
use crate::tui::widgets::draw_line;

/// The compare screen's widget.
pub struct View<'a> {
    /// The reader's state.
    pub app: &'a App,
    /// The comparison on screen.
    pub view: &'a CompareView,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let View { app, view: c } = self;
        let theme = app.theme;
        let page = app.compare_page();
        let w = usize::from(area.width);
        if area.height < 4 {
            return;
        }
        let pw = pane_width(w);

        // Title bar: the scores.
        fill(buf, Rect::new(area.x, area.y, area.width, 1), theme.bar);
        let n = c.cmp.counts();
        let sc = &c.cmp.scores;
        let head = format!(
            " qari  compare  {:.0}% similar · {} shared · {} moved · {} only A · {} only B{}",
            sc.similarity * 100.0,
            n.shared,
            n.moved,
            n.left_only,
            n.right_only,
            if sc.near_duplicate {
                " · near-duplicate"
            } else {
                ""
            }
        );
        draw_text(buf, &head, area.x, area.y, area.right(), theme.bar);

        // Pane headers: which document, focus shown.
        let xs = [area.x, area.x + u16::try_from(pw + GUTTER).unwrap_or(0)];
        let pw16 = u16::try_from(pw).unwrap_or(0);
        let hy = area.y + 1;
        for (screen, &x) in xs.iter().enumerate() {
            let side = c.side_at(screen);
            let style = if side == c.focus {
                theme.selected
            } else {
                theme.bar
            };
            fill(buf, Rect::new(x, hy, pw16, 1), style);
            let Some(d) = app.corpus.get(c.docs[side]) else {
                continue;
            };
            let id: String = crate::render::sanitize_line(&d.id)
                .chars()
                .take(12)
                .collect();
            let label = format!(" {} {id} ", ["A", "B"][side]);
            let after = draw_text(buf, &label, x, hy, x + pw16, style);
            let title_w = (x + pw16).saturating_sub(after + 1);
            draw_line(
                buf,
                app,
                &d.title,
                d.direction.fallback(),
                after + 1,
                hy,
                title_w,
                style,
            );
        }
        let gx = area.x + pw16;
        fill(
            buf,
            Rect::new(gx, hy, u16::try_from(GUTTER).unwrap_or(3), 1),
            theme.bar,
        );

        // The panes.
        let body = area.y + 2;
        for k in 0..page {
            let y = body + u16::try_from(k).unwrap_or(0);
            for (screen, &x) in xs.iter().enumerate() {
                let side = c.side_at(screen);
                let Some(line) = c.lines.get(c.top[side] + k) else {
                    continue;
                };
                let half = &line.halves[side];
                match &half.row {
                    Some(row) => {
                        let partner = c
                            .partner
                            .is_some_and(|p| Some(p.1) == half.sentence && p.0 == side);
                        let base = if partner { theme.selected } else { theme.base };
                        if partner {
                            fill(buf, Rect::new(x, y, pw16, 1), base);
                        }
                        draw_row(buf, row, x, y, x + pw16, base, &|marks, _| {
                            theme.cell(marks)
                        });
                    }
                    None => {
                        draw_text(buf, &"╱".repeat(pw), x, y, x + pw16, theme.filler);
                    }
                }
            }
            // Gutter: the mark of the sentence starting on this line.
            let gutter_side = if c.sync { None } else { Some(c.focus) };
            let li = c.top[gutter_side.unwrap_or(0)] + k;
            if let Some(line) = c.lines.get(li) {
                let mark = (0..2).find_map(|screen| {
                    let side = c.side_at(screen);
                    if gutter_side.is_some_and(|g| g != side) {
                        return None;
                    }
                    let h = &line.halves[side];
                    h.first
                        .then_some(h.sentence)
                        .flatten()
                        .map(|s| c.cmp.mark(side, s).symbol(screen))
                });
                let style = if c.cursor == Some(li) {
                    theme.selected
                } else {
                    theme.dim
                };
                let text = format!(" {} ", mark.unwrap_or(' '));
                if c.cursor == Some(li) {
                    fill(buf, Rect::new(gx, y, 3, 1), style);
                }
                draw_text(buf, &text, gx, y, gx + 3, style);
            }
        }

        // Status bar.
        let bottom = area.bottom() - 1;
        fill(buf, Rect::new(area.x, bottom, area.width, 1), theme.bar);
        let f = &c.find[c.focus];
        let total = c.lines.len().max(1);
        // A comparison cut off (docs/compare.md §4.1) keeps saying so while
        // it is shown: the status bar's sentence lasts until the next key,
        // or until another message (the index's report) replaces it.
        let pos = format!(
            "{} {}%{}{} ",
            c.cmp
                .cut
                .map_or_else(String::new, |cut| format!(" cut ±{}", cut.band)),
            ((c.top[c.focus] + page).min(total) * 100) / total,
            if c.sync { "" } else { " apart" },
            if f.hits.is_empty() {
                String::new()
            } else {
                format!(" {}/{}", f.current.map_or(0, |k| k + 1), f.hits.len())
            }
        );
        if app.typing() {
            let x = draw_text(buf, " / ", area.x, bottom, area.right(), theme.bar);
            let opts = app.settings.layout(w, crate::bidi::Dir::Ltr);
            f.input
                .draw(buf, &opts, x, bottom, area.right(), theme.bar, true);
            return;
        }
        // The position (and the cut) keeps its place: a long message is
        // cut short before it.
        let pos_w = u16::try_from(pos.chars().count()).unwrap_or(0);
        let room = area.right().saturating_sub(pos_w).max(area.x);
        let x = if let Some(msg) = &app.status {
            draw_text(buf, &format!(" {msg} "), area.x, bottom, room, theme.notice)
        } else {
            let keys = if w >= 100 {
                " ]/[ difference  tab focus  s sync  x swap  enter partner  / find  esc back"
            } else {
                " ]/[ diff  tab focus  s sync  x swap  esc back"
            };
            draw_text(buf, keys, area.x, bottom, room, theme.bar)
        };
        if pos_w <= area.width && area.right() >= x.saturating_add(pos_w) {
            draw_text(
                buf,
                &pos,
                area.right() - pos_w,
                bottom,
                area.right(),
                theme.bar,
            );
        }
    }
}
