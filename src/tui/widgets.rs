//! Drawing helpers the screens share: one line of document text fitted to
//! a width (right-aligned when right to left, `…` at its logical end when
//! cut). Every piece of document text goes through the layout engine and
//! [`super::rows::draw_row`]; separate pieces of text always have a blank
//! column between them, so that a terminal that joins Arabic letters never
//! joins two of them.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::app::App;
use super::rows::{draw_row, draw_text};
use crate::bidi::Dir;
use crate::render::fit_line;

/// Draws a single-line text in `[x, x + width)` on row `y`: right-aligned if
/// it is right to left, with `…` where it is cut.
#[allow(clippy::too_many_arguments)]
pub fn draw_line(
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
    let opts = app
        .settings
        .layout((usize::from(width) - 1).max(2), fallback);
    let (row, cut) = fit_line(text, &opts);
    let indent = u16::from(row.rtl);
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
