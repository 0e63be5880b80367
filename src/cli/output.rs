//! The one writer of command output: standard output buffered, wrapped in
//! explicit bidi mode when qari orders the text for a terminal (entered
//! before the first byte, restored at the end, also on an early return),
//! every line opened by the settings' line prefix (mlterm),
//! rows written with their styles only on a terminal, and a closed pipe
//! (`qari show … | head`) treated as success. Warnings go to standard
//! error, sanitized.

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

/// Prints a warning on standard error, made safe for a terminal.
pub fn warn(message: &str) {
    eprintln!("qari: warning: {}", sanitize_line(message));
}

/// Prints a note (one line about what qari did) on standard error.
pub fn note(message: &str) {
    eprintln!("qari: {}", sanitize_line(message));
}
