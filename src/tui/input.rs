//! The one line-input widget, used by every text box of the reader (the
//! library's search box, find in a document, find in a compare pane).
//! Editing is tui-input's (grapheme-wise deletion, UAX #29 word motions, a
//! kill ring); qari adds the keys, paste, and drawing through the layout
//! engine, so that an Arabic query reads right to left next to its prompt.
//!
//! Keys: printable characters insert; Backspace/Delete delete a character
//! (a letter with its marks); ctrl-w, alt-backspace and ctrl-backspace
//! delete the word before the cursor, alt-d the word after; ctrl-u deletes
//! to the start, ctrl-k to the end, ctrl-y yanks the last deleted text;
//! Home/ctrl-a and End/ctrl-e go to the ends; Left/Right move one
//! character and ctrl-Left/ctrl-Right (alt-b/alt-f) one word — visually:
//! in a right-to-left query Left moves towards its end.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use tui_input::{Input, InputRequest};

use super::rows::{draw_row_from, draw_text};
use crate::bidi::{self, Dir, LayoutOptions};
use crate::marks::{MarkSpan, Marks};

/// What a key did to the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Not an editing key (or nothing to do).
    Ignored,
}

/// A one-line text input.
#[derive(Clone, Debug, Default)]
pub struct LineInput {
    input: Input,
    /// Keys typed on a Latin layout are typed as on this one
    /// (docs/search.md §7a; ctrl-l in the search box).
    pub layout: Option<crate::arabic::keyboard::Layout>,
}

impl LineInput {
    /// The text.
    #[must_use]
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Whether the text is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    /// Byte offset of the cursor in the text.
    #[must_use]
    pub fn cursor(&self) -> usize {
        let s = self.value();
        s.char_indices()
            .nth(self.input.cursor())
            .map_or(s.len(), |(i, _)| i)
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: &str) {
        self.input = Input::new(clean(text));
    }

    /// Types on `layout` from now on (or on the keyboard's own layout with
    /// `None`); text typed in Latin letters so far is converted.
    pub fn set_layout(&mut self, layout: Option<crate::arabic::keyboard::Layout>) {
        self.layout = layout;
        if let Some(l) = layout
            && self.value().is_ascii()
            && !self.is_empty()
        {
            let converted = l.convert(self.value());
            self.set(&converted);
        }
    }

    /// Inserts pasted text at the cursor (line breaks and tabs become
    /// spaces, other control characters are dropped).
    pub fn paste(&mut self, text: &str) -> Edit {
        let text = clean(text);
        if text.is_empty() {
            return Edit::Ignored;
        }
        for c in text.chars() {
            self.input.handle(InputRequest::InsertChar(c));
        }
        Edit::Changed
    }

    /// Applies an editing key.
    pub fn key(&mut self, k: &KeyEvent) -> Edit {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        // Arrows move visually: in a right-to-left text, Left goes on.
        let rtl = Dir::Rtl == crate::bidi::first_strong_dir(self.value()).unwrap_or(Dir::Ltr);
        let (prev_char, next_char, prev_word, next_word) = (
            InputRequest::GoToPrevChar,
            InputRequest::GoToNextChar,
            InputRequest::GoToPrevWord,
            InputRequest::GoToNextWord,
        );
        let left = |word: bool| match (word, rtl) {
            (false, false) => prev_char,
            (false, true) => next_char,
            (true, false) => prev_word,
            (true, true) => next_word,
        };
        let right = |word: bool| match (word, rtl) {
            (false, false) => next_char,
            (false, true) => prev_char,
            (true, false) => next_word,
            (true, true) => prev_word,
        };
        let req = match k.code {
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            KeyCode::Char('h') if ctrl => InputRequest::DeletePrevChar,
            KeyCode::Char('u') if ctrl => InputRequest::DeleteFromStart,
            KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
            KeyCode::Char('y') if ctrl => InputRequest::Yank,
            KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
            KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
            KeyCode::Char('b') if alt => left(true),
            KeyCode::Char('f') if alt => right(true),
            KeyCode::Char('d') if alt => InputRequest::DeleteNextWord,
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => {
                if let Some(s) = self.layout.and_then(|l| l.key(c)) {
                    // The key as typed on the chosen layout (K1–K3).
                    for c in s.chars() {
                        self.input.handle(InputRequest::InsertChar(c));
                    }
                    return Edit::Changed;
                }
                InputRequest::InsertChar(c)
            }
            KeyCode::Backspace if ctrl || alt => InputRequest::DeletePrevWord,
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            KeyCode::Left => left(ctrl || alt),
            KeyCode::Right => right(ctrl || alt),
            _ => return Edit::Ignored,
        };
        match self.input.handle(req) {
            Some(s) if s.value => Edit::Changed,
            Some(_) => Edit::Moved,
            None => Edit::Ignored,
        }
    }

    /// Draws the text from column `x` to `right` on row `y`, laid out by
    /// the engine with `opts` (its width is ignored), next to the prompt
    /// whatever its direction. With `cursor`, the character after the
    /// cursor is shown in reverse video, or a bar at the logical end of the
    /// text (the left of right-to-left text) when the cursor is there.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        buf: &mut Buffer,
        opts: &LayoutOptions,
        x: u16,
        y: u16,
        right: u16,
        style: Style,
        cursor: bool,
    ) {
        let box_w = usize::from(right.saturating_sub(x + 1)).max(2);
        let value = self.value();
        let at = self.cursor();
        // The character after the cursor carries a mark of its own.
        let after = value[at..].chars().next().map(|c| MarkSpan {
            range: at..at + c.len_utf8(),
            marks: Marks::CURRENT,
        });
        let mut row = bidi::layout_paragraph(
            value,
            0,
            after.as_slice(),
            &LayoutOptions {
                width: value.len().max(box_w),
                fallback: Dir::Ltr,
                ..opts.clone()
            },
        )
        .swap_remove(0);
        row.indent = 0;
        let cursor_col = row
            .positioned()
            .find(|(_, c)| c.marks.contains(Marks::CURRENT) && c.width > 0)
            .map(|(col, _)| col);
        // The columns shown: all of them when the text fits, else a window
        // that keeps the cursor in view.
        let shift = match cursor_col {
            Some(col) if row.width > box_w => col.saturating_sub(box_w / 2).min(row.width - box_w),
            None if row.width > box_w && !row.rtl => row.width - box_w,
            _ => 0,
        };
        let text_x = if row.rtl && cursor_col.is_none() {
            x + 1
        } else {
            x
        };
        let end = draw_row_from(buf, &row, shift, text_x, y, right, style, &|marks, _| {
            if cursor && marks.contains(Marks::CURRENT) {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            }
        });
        if cursor && cursor_col.is_none() {
            let bar_x = if row.rtl { x } else { end };
            draw_text(buf, "▏", bar_x, y, right, style);
        }
    }
}

/// Text fit for a one-line input: line breaks and tabs become spaces,
/// other control characters are dropped.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The key events of `bytes` typed on a terminal (a few characters read
/// outside the event reader, such as the key that ended the wait for the
/// probe's late answers): printable characters, Enter, Tab, Backspace and
/// ctrl-letters. Escape sequences are not parsed here.
#[must_use]
pub fn typed_events(bytes: &[u8]) -> Vec<ratatui::crossterm::event::Event> {
    use ratatui::crossterm::event::Event;
    String::from_utf8_lossy(bytes)
        .chars()
        .filter_map(|c| {
            let (code, mods) = match c {
                '\r' | '\n' => (KeyCode::Enter, KeyModifiers::NONE),
                '\t' => (KeyCode::Tab, KeyModifiers::NONE),
                '\x7f' | '\x08' => (KeyCode::Backspace, KeyModifiers::NONE),
                '\x01'..='\x1a' => (
                    KeyCode::Char(char::from(b'a' + (c as u8) - 1)),
                    KeyModifiers::CONTROL,
                ),
                c if c.is_control() || c == char::REPLACEMENT_CHARACTER => return None,
                c => (KeyCode::Char(c), KeyModifiers::NONE),
            };
            Some(Event::Key(KeyEvent::new(code, mods)))
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn typed_bytes_become_keys() {
        use ratatui::crossterm::event::Event;
        let keys = |b: &[u8]| -> Vec<(KeyCode, KeyModifiers)> {
            super::typed_events(b)
                .into_iter()
                .filter_map(|e| match e {
                    Event::Key(k) => Some((k.code, k.modifiers)),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(keys(b"q"), [(KeyCode::Char('q'), KeyModifiers::NONE)]);
        assert_eq!(
            keys("ش".as_bytes()),
            [(KeyCode::Char('ش'), KeyModifiers::NONE)]
        );
        assert_eq!(keys(b"\r"), [(KeyCode::Enter, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x17"), [(KeyCode::Char('w'), KeyModifiers::CONTROL)]);
        assert!(keys(b"\x1b").is_empty());
    }
    use super::*;

    fn press(input: &mut LineInput, code: KeyCode, modifiers: KeyModifiers) -> Edit {
        input.key(&KeyEvent::new(code, modifiers))
    }

    fn typed(s: &str) -> LineInput {
        let mut i = LineInput::default();
        for c in s.chars() {
            press(&mut i, KeyCode::Char(c), KeyModifiers::NONE);
        }
        i
    }

    #[test]
    fn the_cursor_moves_and_edits_happen_where_it_is() {
        let mut i = typed("abc def");
        assert_eq!(i.cursor(), 7);
        press(&mut i, KeyCode::Left, KeyModifiers::CONTROL);
        assert_eq!(i.cursor(), 4, "one word back");
        press(&mut i, KeyCode::Char('X'), KeyModifiers::NONE);
        assert_eq!(i.value(), "abc Xdef");
        press(&mut i, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(
            press(&mut i, KeyCode::Delete, KeyModifiers::NONE),
            Edit::Changed
        );
        assert_eq!(i.value(), "bc Xdef");
        press(&mut i, KeyCode::End, KeyModifiers::NONE);
        assert_eq!(
            press(&mut i, KeyCode::Char('w'), KeyModifiers::CONTROL),
            Edit::Changed
        );
        assert_eq!(i.value(), "bc ", "ctrl-w deletes the word before");
        assert_eq!(
            press(&mut i, KeyCode::Left, KeyModifiers::NONE),
            Edit::Moved
        );
        assert_eq!(
            press(&mut i, KeyCode::F(5), KeyModifiers::NONE),
            Edit::Ignored
        );
    }

    #[test]
    fn backspace_takes_a_letter_with_its_marks_and_arrows_follow_the_direction() {
        let mut i = typed("كتبَ");
        press(&mut i, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(i.value(), "كت", "the letter and its mark go together");
        // Right to left: Left moves on towards the end, Right back.
        press(&mut i, KeyCode::Right, KeyModifiers::NONE);
        assert_eq!(i.cursor(), "ك".len());
        press(&mut i, KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(i.cursor(), "كت".len());
    }

    #[test]
    fn paste_inserts_at_the_cursor_without_control_characters() {
        let mut i = typed("ab");
        press(&mut i, KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(i.paste("x\ny\x1b[2J"), Edit::Changed);
        assert_eq!(i.value(), "ax y[2Jb");
        assert_eq!(i.paste("\x07"), Edit::Ignored);
    }

    #[test]
    fn the_cursor_is_drawn_on_the_character_after_it() {
        let mut i = typed("abc");
        press(&mut i, KeyCode::Left, KeyModifiers::NONE);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 10, 1));
        i.draw(
            &mut buf,
            &LayoutOptions::default(),
            0,
            0,
            10,
            Style::default(),
            true,
        );
        assert_eq!(buf[(2, 0)].symbol(), "c");
        assert!(buf[(2, 0)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(1, 0)].modifier.contains(Modifier::REVERSED));
        // At the end: a bar after LTR text, before (left of) RTL text.
        let i = typed("abc");
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 10, 1));
        i.draw(
            &mut buf,
            &LayoutOptions::default(),
            0,
            0,
            10,
            Style::default(),
            true,
        );
        assert_eq!(buf[(3, 0)].symbol(), "▏");
        let i = typed("سلام");
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 10, 1));
        i.draw(
            &mut buf,
            &LayoutOptions::default(),
            0,
            0,
            10,
            Style::default(),
            true,
        );
        assert_eq!(buf[(0, 0)].symbol(), "▏");
        assert_eq!(buf[(1, 0)].symbol(), "م");
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_cursor_in_view() {
        let mut i = typed(&"abcdefghij".repeat(5));
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        i.draw(
            &mut buf,
            &LayoutOptions::default(),
            0,
            0,
            12,
            Style::default(),
            true,
        );
        let shown: String = (0..12).map(|x| buf[(x, 0)].symbol().to_owned()).collect();
        assert!(shown.contains("hij▏"), "{shown}");
        press(&mut i, KeyCode::Home, KeyModifiers::NONE);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        i.draw(
            &mut buf,
            &LayoutOptions::default(),
            0,
            0,
            12,
            Style::default(),
            true,
        );
        assert_eq!(buf[(0, 0)].symbol(), "a");
        assert!(buf[(0, 0)].modifier.contains(Modifier::REVERSED));
    }
}
