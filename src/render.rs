//! Rendering: rows of the layout engine made into what a screen or a pipe
//! shows, the layer between the engines (bidi, corpus, search, compare)
//! and the two front ends (the command line and the reader).
//!
//! - [`document`]: a whole text laid out paragraph by paragraph.
//! - [`panes`]: a comparison's two aligned panes, as rows.
//! - [`ansi`]: rows as terminal text (styles, explicit bidi mode), for
//!   printed output; the reader draws rows cell by cell instead.
//!
//! Also here: one line of text fitted to a width ([`fit_line`]) and the
//! guard that makes any string safe to print ([`sanitize_line`]).

pub mod ansi;
pub mod document;
pub mod panes;

use crate::bidi::{self, LayoutOptions, Row};

/// Lays out `text` as one line at `opts.width` columns: its first row, and
/// whether text was cut (it needed more rows). Line breaks inside `text`
/// lay out as one paragraph; no row ever holds a control character.
#[must_use]
pub fn fit_line(text: &str, opts: &LayoutOptions) -> (Row, bool) {
    let mut rows = bidi::layout_paragraph(text, 0, &[], opts);
    let cut = rows.len() > 1;
    let first = if rows.is_empty() {
        Row::default()
    } else {
        rows.swap_remove(0)
    };
    (first, cut)
}

/// [`fit_line`] as text in visual order, with `…` at the logical end when
/// cut (the left of right-to-left text); the result is at most
/// `opts.width + 1` columns.
#[must_use]
pub fn fit_line_text(text: &str, opts: &LayoutOptions) -> String {
    let one_line = text.lines().next().unwrap_or("");
    let (row, cut) = fit_line(one_line, opts);
    let plain = row.text;
    match (cut, row.rtl) {
        (true, true) => format!("…{plain}"),
        (true, false) => format!("{plain}…"),
        (false, _) => plain,
    }
}

/// Replaces control characters (and tabs) with visible placeholders, and
/// bidi controls (embeddings, overrides, isolates, marks) with the markers
/// of inspect mode, so that any string — a title, an id, a file name, an
/// error message quoting a document — is safe to print on a terminal: it
/// can neither send an escape sequence nor reorder what follows it.
#[must_use]
pub fn sanitize_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if bidi::is_forbidden_control(c) || c == '\t' {
                bidi::placeholder(c)
            } else if is_bidi_control(c) {
                bidi::reveal_marker(c).map_or('\u{FFFD}', |(m, _)| m)
            } else {
                c
            }
        })
        .collect()
}

/// The bidi controls (Bidi_Control): ALM, LRM, RLM, LRE…RLO, LRI…PDI.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_line_gets_its_ellipsis_at_the_logical_end() {
        let opts = LayoutOptions {
            width: 8,
            ..LayoutOptions::default()
        };
        let rtl = fit_line_text("نجا زعيم التنظيم من محاولة", &opts);
        assert!(rtl.starts_with('…'), "{rtl}");
        let ltr = fit_line_text("a long title in English", &opts);
        assert!(ltr.ends_with('…'), "{ltr}");
        assert_eq!(fit_line_text("short", &opts), "short");
    }

    #[test]
    fn sanitized_lines_hold_no_control_character() {
        let s = sanitize_line("a\x1b]0;x\x07b\tc\u{9b}");
        assert!(!s.chars().any(char::is_control), "{s:?}");
        assert!(s.starts_with('a') && s.ends_with(bidi::placeholder('\u{9b}')));
    }

    #[test]
    fn sanitized_lines_hold_no_bidi_control() {
        let s = sanitize_line("file\u{202e}txt.exe\u{2066}x\u{2069}\u{200f}");
        assert!(!s.chars().any(is_bidi_control), "{s:?}");
        assert_eq!(s, "file⇚txt.exe⇥x⇣↼");
    }
}
