//! The help overlay: the keys of the screen under it, read from the live
//! keymap (so remapped keys show as they are), in a box over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::App;
use super::keymap::show_key;
use super::rows::{draw_text, fill};

/// The help overlay's widget.
pub struct View<'a> {
    /// The reader's state.
    pub app: &'a App,
}

impl Widget for View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let (keymap, title) = app.keymap();
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
        draw_text(
            buf,
            &format!(" keys: {title} "),
            x + 1,
            y,
            rect.right(),
            app.theme.bar,
        );
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
}
