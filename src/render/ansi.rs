//! Rows as terminal text, for everything the command line prints: the
//! explicit bidi mode sequences, and each row's indent and symbols with SGR
//! styles where its marks change. Piped output gets no escape sequence at
//! all ([`write_row`] with `styled == false`).

use crate::bidi::Row;
use crate::marks::Marks;

/// What opens every line under [`crate::terminal::Strategy::Override`]:
/// an LRM (the line's paragraph is left to right) and an LRO (everything
/// after it is drawn in the order sent). No PDF: the line's end closes it.
pub const LINE_OVERRIDE: &str = "\u{200E}\u{202D}";
/// The columns [`LINE_OVERRIDE`] costs a terminal that counts each mark as
/// a column (mlterm).
pub const LINE_OVERRIDE_COLUMNS: usize = 2;
/// Switch the terminal to explicit bidi mode (BDSM reset) with LTR
/// presentation (SCP 1): cells are shown left to right as sent.
pub const BIDI_EXPLICIT: &str = "\x1b[8l\x1b[1 k";
/// Restore the terminal's default bidi handling (SCP 0, BDSM set).
pub const BIDI_RESTORE: &str = "\x1b[0 k\x1b[8h";
/// [`BIDI_EXPLICIT`] wrapped for tmux passthrough (`ESC P tmux; …`): tmux
/// hands it to the terminal behind it.
pub const BIDI_EXPLICIT_TMUX: &str = "\x1bPtmux;\x1b\x1b[8l\x1b\x1b[1 k\x1b\\";
/// [`BIDI_RESTORE`] wrapped for tmux passthrough.
pub const BIDI_RESTORE_TMUX: &str = "\x1bPtmux;\x1b\x1b[0 k\x1b\x1b[8h\x1b\\";

/// The SGR sequence for cells carrying `marks` (printed output): search
/// hits in reverse video, differing words bold and underlined, unmatched
/// sentences dim, moved ones italic.
#[must_use]
pub fn sgr(marks: Marks) -> &'static str {
    if marks.intersects(Marks::HIT | Marks::CURRENT | Marks::SELECTED) {
        "\x1b[0;7m"
    } else if marks.contains(Marks::DIFFER) {
        "\x1b[0;1;4m"
    } else if marks.contains(Marks::ONLY) {
        "\x1b[0;2m"
    } else if marks.contains(Marks::MOVED) {
        "\x1b[0;3m"
    } else {
        "\x1b[0m"
    }
}

/// Appends `row` to `out`: its indent, then its symbols; with `styled`, an
/// SGR sequence wherever the marks change and a reset at the end. Returns
/// the columns written.
pub fn write_row(row: &Row, styled: bool, out: &mut String) -> usize {
    out.extend(std::iter::repeat_n(' ', row.indent));
    if !styled {
        // The cells' symbols, concatenated, are the row's text.
        out.push_str(&row.text);
        return row.indent + row.width;
    }
    let mut last = Marks::empty();
    for cell in &row.cells {
        if styled && cell.marks != last {
            out.push_str(sgr(cell.marks));
            last = cell.marks;
        }
        out.push_str(row.symbol(cell));
    }
    if styled && !last.is_empty() {
        out.push_str("\x1b[0m");
    }
    row.indent + row.width
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bidi::{LayoutOptions, layout_paragraph};
    use crate::marks::MarkSpan;

    #[test]
    fn styles_change_where_marks_change_and_plain_rows_have_none() {
        let text = "قالت وكالة Reuters إن";
        let at = text.find("Reuters").expect("word");
        let spans = [MarkSpan {
            range: at..at + 7,
            marks: Marks::HIT,
        }];
        let opts = LayoutOptions {
            width: 30,
            ..LayoutOptions::default()
        };
        let row = layout_paragraph(text, 0, &spans, &opts).remove(0);
        let mut plain = String::new();
        write_row(&row, false, &mut plain);
        assert!(!plain.contains('\x1b'));
        assert_eq!(plain.trim_start(), row.text);
        let mut styled = String::new();
        let cols = write_row(&row, true, &mut styled);
        assert_eq!(cols, 30);
        let on = styled.find("\x1b[0;7m").expect("hit on");
        let off = styled[on..].find("\x1b[0m").expect("hit off") + on;
        assert_eq!(&styled[on + 6..off], "Reuters");
    }
}
