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
/// A character mlterm cannot keep under [`LINE_OVERRIDE`]: a box-drawing
/// or block element (U+2500–U+259F) anywhere in a line makes it reorder the
/// whole line again (seen with mlterm 3.9: a compare line of filler and
/// Arabic came out reversed). Such lines get [`override_safe`] stand-ins.
#[must_use]
pub fn breaks_override(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// `s` with every character that [`breaks_override`] replaced by an ASCII
/// look-alike of the same width (one column: these are all narrow).
#[must_use]
pub fn override_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(breaks_override) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            c if !breaks_override(c) => c,
            '\u{2571}' | '\u{2215}' => '/',
            '\u{2572}' => '\\',
            '\u{2573}' => 'X',
            '\u{2500}'..='\u{2501}'
            | '\u{2504}'..='\u{2505}'
            | '\u{2508}'..='\u{2509}'
            | '\u{2550}' => '-',
            '\u{2502}'..='\u{2503}'
            | '\u{2506}'..='\u{2507}'
            | '\u{250A}'..='\u{250B}'
            | '\u{2551}' => '|',
            '\u{2580}'..='\u{2590}' => '#',
            '\u{2591}'..='\u{2593}' => ':',
            _ => '+',
        })
        .collect::<String>()
        .into()
}

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
    #[test]
    fn override_safe_leaves_other_text_alone() {
        use super::override_safe;
        assert!(matches!(
            override_safe("كشفت … ~ ⇄ /"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(override_safe("╱╱ █░ │─┼ يا"), "// #: |-+ يا");
    }

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
