//! qari's own cell writer: rows from the layout engine, drawn one cell at a
//! time at columns qari computes. ratatui's `Paragraph` wrapping and
//! `Line` widths are never used for bidi text: they measure whole strings
//! (unicode-width counts lam + alef as one column) and align left to right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::bidi::Row;
use crate::marks::Marks;

/// Writes `row` on line `y` of `buf`, starting at column `x` (the row's
/// indent is added), clipped to `max_x`. `style_of` turns a cell's marks
/// (and its symbol) into a ratatui style, patched over `base`.
pub fn draw_row(
    buf: &mut Buffer,
    row: &Row,
    x: u16,
    y: u16,
    max_x: u16,
    base: Style,
    style_of: &dyn Fn(Marks, &str) -> Style,
) -> u16 {
    draw_row_from(buf, row, 0, x, y, max_x, base, style_of)
}

/// [`draw_row`] from the row's column `skip` on (a window on a row wider
/// than the space it has): the cells before it are not drawn, the one at
/// `skip` goes to `x`. Returns the column after the last cell drawn.
#[allow(clippy::too_many_arguments)]
pub fn draw_row_from(
    buf: &mut Buffer,
    row: &Row,
    skip: usize,
    x: u16,
    y: u16,
    max_x: u16,
    base: Style,
    style_of: &dyn Fn(Marks, &str) -> Style,
) -> u16 {
    let mut last_drawn: Option<u16> = None;
    let mut end = x;
    // Zero-width characters before the first cell drawn (the invisible
    // marks a wire form puts first) go in front of it.
    let mut prefix = String::new();
    for (col, cell) in row.positioned() {
        let Some(col) = col.checked_sub(skip) else {
            continue;
        };
        let Ok(col) = u16::try_from(col) else { break };
        let at = x.saturating_add(col);
        let symbol = safe(row.symbol(cell));
        if cell.width == 0 {
            // A zero-width character (ZWJ, ZWNJ, a wire mark) joins the
            // cell on its left.
            match last_drawn.and_then(|prev| buf.cell_mut((prev, y))) {
                Some(c) => {
                    let joined = format!("{}{}", c.symbol(), symbol);
                    c.set_symbol(&joined);
                }
                None => prefix.push_str(&symbol),
            }
            continue;
        }
        if at.saturating_add(u16::from(cell.width)) > max_x {
            break;
        }
        let style = base.patch(style_of(cell.marks, &symbol));
        let symbol = if prefix.is_empty() {
            symbol
        } else {
            std::borrow::Cow::Owned(std::mem::take(&mut prefix) + &symbol)
        };
        if let Some(c) = buf.cell_mut((at, y)) {
            c.set_symbol(&symbol);
            c.set_style(style);
        }
        // The column after a wide character is covered by it.
        for k in 1..u16::from(cell.width) {
            if let Some(c) = buf.cell_mut((at + k, y)) {
                c.set_symbol("");
                c.set_style(style);
            }
        }
        last_drawn = Some(at);
        end = at + u16::from(cell.width);
    }
    end
}

/// Final guard: a symbol never holds a control character (the engine
/// already replaces them; `Cell::set_symbol` would not, and the crossterm
/// backend prints symbols verbatim).
fn safe(symbol: &str) -> std::borrow::Cow<'_, str> {
    if symbol.chars().any(char::is_control) {
        symbol
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        symbol.into()
    }
}

/// Clears `area` to `style`.
pub fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.reset();
                c.set_style(style);
            }
        }
    }
}

/// Writes plain (ASCII or already safe, left-to-right) text at `(x, y)`,
/// clipped to `max_x`; returns the column after it.
pub fn draw_text(buf: &mut Buffer, text: &str, x: u16, y: u16, max_x: u16, style: Style) -> u16 {
    use unicode_width::UnicodeWidthChar;
    let mut at = x;
    for ch in text.chars() {
        let ch = if ch.is_control() { '\u{FFFD}' } else { ch };
        let w = u16::try_from(ch.width().unwrap_or(0)).unwrap_or(1);
        if w == 0 {
            continue;
        }
        if at + w > max_x {
            break;
        }
        if let Some(c) = buf.cell_mut((at, y)) {
            c.set_char(ch);
            c.set_style(style);
        }
        at += w;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bidi::{LayoutOptions, layout_paragraph};

    fn one_row(text: &str, width: usize) -> Row {
        let opts = LayoutOptions {
            width,
            ..LayoutOptions::default()
        };
        layout_paragraph(text, 0, &[], &opts).remove(0)
    }

    #[test]
    fn rtl_row_is_right_aligned_cell_by_cell() {
        let row = one_row("سلام", 8);
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        draw_row(&mut buf, &row, 0, 0, 8, Style::default(), &|_, _| {
            Style::default()
        });
        let syms: Vec<&str> = (0..8).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(syms, [" ", " ", " ", " ", "م", "ا", "ل", "س"]);
    }

    #[test]
    fn marks_and_joiners_share_a_cell() {
        let row = one_row("بَيت\u{200C}ها", 10);
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        draw_row(&mut buf, &row, 0, 0, 10, Style::default(), &|_, _| {
            Style::default()
        });
        let syms: Vec<&str> = (0..10).map(|x| buf[(x, 0)].symbol()).collect();
        assert!(syms.contains(&"\u{0628}\u{064E}"), "{syms:?}");
        assert!(syms.iter().any(|s| s.contains('\u{200C}')), "{syms:?}");
        for s in syms {
            assert!(!s.chars().any(char::is_control));
        }
    }

    #[test]
    fn wide_characters_cover_two_columns() {
        let row = one_row("ab中c", 10);
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        draw_row(&mut buf, &row, 0, 0, 10, Style::default(), &|_, _| {
            Style::default()
        });
        assert_eq!(buf[(2, 0)].symbol(), "中");
        assert_eq!(buf[(4, 0)].symbol(), "c");
    }

    #[test]
    fn styles_follow_source_ranges() {
        let text = "قالت وكالة Reuters إن";
        let at = text.find("Reuters").expect("word");
        let opts = LayoutOptions {
            width: 30,
            ..LayoutOptions::default()
        };
        let spans = [crate::marks::MarkSpan {
            range: at..at + 7,
            marks: Marks::HIT,
        }];
        let row = layout_paragraph(text, 0, &spans, &opts).remove(0);
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        let hl = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
        draw_row(&mut buf, &row, 0, 0, 30, Style::default(), &|s, _| {
            if s.contains(Marks::HIT) {
                hl
            } else {
                Style::default()
            }
        });
        let lit: String = (0..30)
            .filter(|&x| {
                buf[(x, 0)]
                    .modifier
                    .contains(ratatui::style::Modifier::REVERSED)
            })
            .map(|x| buf[(x, 0)].symbol().to_owned())
            .collect();
        assert_eq!(lit, "Reuters");
    }
}
