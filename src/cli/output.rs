//! The one writer of command output: standard output buffered, wrapped in
//! explicit bidi mode when qari orders the text for a terminal (entered
//! before the first byte, restored at the end, also on an early return),
//! every line opened by the settings' line prefix (mlterm),
//! rows written with their styles only on a terminal, and a closed pipe
//! (`qari show … | head`) treated as success. Warnings go to standard
//! error, sanitized. JSON is written with every control character (C0,
//! DEL, C1) and bidi control escaped as `\uXXXX`: the same data, but
//! nothing a terminal showing it would obey.

use std::io::{self, BufWriter, StdoutLock, Write};

use super::Failure;
use crate::bidi::Row;
use crate::render::{ansi, sanitize_line};
use crate::settings::Settings;

/// Standard output for one command.
pub struct Printer {
    out: BufWriter<StdoutLock<'static>>,
    /// The explicit bidi mode sequences wanted around the output (enter,
    /// restore).
    explicit: Option<(&'static str, &'static str)>,
    /// Explicit mode was entered (and must be restored).
    entered: bool,
    /// Rows carry SGR styles.
    styled: bool,
    /// Written at the start of every line (`Settings::line_prefix`).
    line_prefix: &'static str,
    /// The next byte starts a line.
    at_line_start: bool,
    /// The first write error, reported by [`Printer::finish`].
    error: Option<io::Error>,
}

impl Printer {
    /// Output of text laid out by qari: explicit bidi mode and styles when
    /// `settings` says standard output is a terminal that wants them.
    #[must_use]
    pub fn text(settings: &Settings) -> Self {
        let mut p = Self::new(settings.explicit_stdout(), settings.styled_stdout());
        p.line_prefix = settings.line_prefix;
        p
    }

    /// Output for other programs (JSON, plain lists): no escape sequence.
    #[must_use]
    pub fn plain() -> Self {
        Self::new(None, false)
    }

    fn new(explicit: Option<(&'static str, &'static str)>, styled: bool) -> Self {
        Self {
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            explicit,
            entered: false,
            styled,
            line_prefix: "",
            at_line_start: true,
            error: None,
        }
    }

    /// Whether rows get styles.
    #[must_use]
    pub fn styled(&self) -> bool {
        self.styled
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        if let Some((enter, _)) = self.explicit
            && !self.entered
        {
            self.entered = true;
            if let Err(e) = self.out.write_all(enter.as_bytes()) {
                self.error = Some(e);
                return;
            }
        }
        if self.line_prefix.is_empty() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
            return;
        }
        for piece in bytes.split_inclusive(|&b| b == b'\n') {
            let written = (|| {
                if self.at_line_start {
                    self.out.write_all(self.line_prefix.as_bytes())?;
                }
                match std::str::from_utf8(piece) {
                    Ok(text) => self
                        .out
                        .write_all(crate::render::ansi::override_safe(text).as_bytes()),
                    Err(_) => self.out.write_all(piece),
                }
            })();
            if let Err(e) = written {
                self.error = Some(e);
                return;
            }
            self.at_line_start = piece.ends_with(b"\n");
        }
    }

    /// Writes text as it is (already laid out or sanitized).
    pub fn str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    /// Writes `value` as one line of JSON, controls escaped (see the
    /// module's doc).
    ///
    /// # Errors
    /// `value` cannot be serialized (never expected).
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<(), Failure> {
        let line = json_line(value).map_err(Failure::new)?;
        self.line(&line);
        Ok(())
    }

    /// Writes a line: `s` and a newline.
    pub fn line(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(b"\n");
    }

    /// Writes `prefix` then `row` (indent, symbols, styles) then a newline;
    /// trailing blanks are not written.
    pub fn row(&mut self, prefix: &str, row: &Row) {
        let mut line = String::with_capacity(prefix.len() + row.text.len() + 16);
        line.push_str(prefix);
        ansi::write_row(row, self.styled, &mut line);
        self.line(line.trim_end_matches(' '));
    }

    /// Whether writing failed already (the reader went away): long outputs
    /// stop early.
    #[must_use]
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Restores the terminal's bidi mode, flushes, and says how it went: a
    /// closed pipe is success.
    ///
    /// # Errors
    /// Any other write error.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.restore();
        let flushed = self.out.flush();
        match self.error.take().map_or(flushed, Err) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                Err(Failure::new(format!("writing output: {e}")))
            }
            _ => Ok(()),
        }
    }

    fn restore(&mut self) {
        if let Some((_, restore)) = self.explicit
            && self.entered
        {
            self.entered = false;
            if self.error.is_none()
                && let Err(e) = self.out.write_all(restore.as_bytes())
            {
                self.error = Some(e);
            }
        }
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        // An early return (an error midway) still gives the terminal back.
        self.restore();
        let _ = self.out.flush();
    }
}

/// A character JSON may carry raw but a terminal would obey: DEL, C1
/// controls and bidi controls (serde_json escapes C0 itself).
fn needs_escape(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// serde_json's compact output, with [`needs_escape`] characters in
/// strings written as `\uXXXX` escapes.
struct SafeJson;

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as one line of JSON with controls escaped.
///
/// # Errors
/// `value` cannot be serialized.
pub fn json_line<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson);
    value.serialize(&mut ser)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Prints a warning on standard error, made safe for a terminal.
pub fn warn(message: &str) {
    eprintln!("qari: warning: {}", sanitize_line(message));
}

/// Prints a note (one line about what qari did) on standard error.
pub fn note(message: &str) {
    eprintln!("qari: {}", sanitize_line(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_no_control_a_terminal_would_obey() {
        let v =
            serde_json::json!({"id": "a\u{1b}]0;x\u{7}\u{9b}2J\u{7f}\u{202e}b\u{2029}", "n": 3});
        let line = json_line(&v).expect("json");
        assert!(
            !line.chars().any(|c| c.is_control() || needs_escape(c)),
            "{line:?}"
        );
        // The same data.
        let back: serde_json::Value = serde_json::from_str(&line).expect("valid");
        assert_eq!(back, v);
        assert!(
            line.contains("\\u009b") && line.contains("\\u202e"),
            "{line}"
        );
    }
}
