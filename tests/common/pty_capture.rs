//! Shared by the end-to-end tests and the startup benchmark: collects
//! everything a pseudo-terminal's program writes, on a thread of its own,
//! and shows the screen as of the last complete frame.
//!
//! The reader sends every frame as one synchronized update
//! (`CSI ? 2026 h` … `CSI ? 2026 l`), but the pseudo-terminal hands its
//! bytes over in pieces of any size: everything received so far can end in
//! the middle of a frame. [`Frames`] therefore feeds its VT emulator whole
//! frames only, one at a time, so a screen read from it is always a screen
//! the program meant to show.
#![allow(dead_code)] // each user takes what it needs

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// Starts a synchronized update (a frame).
pub const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
/// Ends a synchronized update.
pub const SYNC_END: &[u8] = b"\x1b[?2026l";
/// Erases the whole screen: ratatui sends it at the start of the first
/// frame drawn after a size change.
pub const CLEAR: &[u8] = b"\x1b[2J";

#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    /// The program's side of the terminal is closed: nothing more comes.
    eof: bool,
}

/// What the fake terminal answers to qari's probe (DECRQM for mode 8,
/// XTVERSION, DA2, then DA1), like a VTE terminal: mode 8 known and set.
pub const ANSWERS_VTE: &[u8] = b"\x1b[8;1$y\x1b[>65;7006;1c\x1b[?65;1;9c";

/// The end of qari's probe: the DA1 query (`CSI c`), sent last.
pub const PROBE_END: &[u8] = b"\x1b[c";

/// A writer to the terminal, shared by the test and the answering thread.
pub type Keys = Arc<Mutex<Box<dyn Write + Send>>>;

/// Everything a program wrote to its terminal, growing as it writes.
#[derive(Clone)]
pub struct Capture(Arc<(Mutex<Captured>, Condvar)>);

impl Capture {
    /// Starts copying `reader` (the terminal's master side) until end of
    /// file, which comes once the program (every holder of the terminal's
    /// other side) has closed it.
    pub fn start(reader: Box<dyn Read + Send>) -> Self {
        Self::answering(reader, None)
    }

    /// [`Capture::start`], and when the program probes the terminal (its
    /// output holds [`PROBE_END`]), `answers` are written back through
    /// `keys`, as a real terminal would answer (each probe once).
    pub fn answering(mut reader: Box<dyn Read + Send>, answer: Option<(Keys, Vec<u8>)>) -> Self {
        let capture = Self(Arc::new((Mutex::new(Captured::default()), Condvar::new())));
        let sink = capture.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            let mut answered = 0;
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    // Linux reports the closed other side as an error (EIO).
                    Err(_) => 0,
                };
                let mut c = sink.lock();
                if n == 0 {
                    c.eof = true;
                } else {
                    c.bytes.extend_from_slice(&buf[..n]);
                }
                let probes = c
                    .bytes
                    .windows(PROBE_END.len())
                    .filter(|w| *w == PROBE_END)
                    .count();
                drop(c);
                if let Some((keys, reply)) = &answer {
                    while answered < probes {
                        answered += 1;
                        if let Ok(mut k) = keys.lock() {
                            let _ = k.write_all(reply);
                            let _ = k.flush();
                        }
                    }
                }
                sink.0.1.notify_all();
                if n == 0 {
                    break;
                }
            }
        });
        capture
    }

    fn lock(&self) -> MutexGuard<'_, Captured> {
        // A panicking test thread cannot leave the bytes half written.
        self.0
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A copy of every byte received so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.lock().bytes.clone()
    }

    /// Runs `f` on the bytes received so far (without copying them).
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        f(&self.lock().bytes)
    }

    /// Whether the program's side is closed (all its output is here).
    pub fn eof(&self) -> bool {
        self.lock().eof
    }

    /// Waits until more than `seen` bytes have arrived or the end of file
    /// was reached; false if `deadline` came first.
    pub fn wait_more(&self, seen: usize, deadline: Instant) -> bool {
        let mut c = self.lock();
        while c.bytes.len() <= seen && !c.eof {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            c = self
                .0
                .1
                .wait_timeout(c, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Waits for the end of file; false if `deadline` came first.
    pub fn wait_eof(&self, deadline: Instant) -> bool {
        loop {
            let seen = {
                let c = self.lock();
                if c.eof {
                    return true;
                }
                c.bytes.len()
            };
            if !self.wait_more(seen, deadline) {
                return false;
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A VT emulator fed complete frames only.
///
/// Bytes before a frame's start (entering the alternate screen, modes, the
/// first clear) are fed with the frame. Resizing the pseudo-terminal is
/// told with [`Frames::resized`]; the emulator takes the new size at the
/// first complete frame that clears the screen, which is the first one the
/// program drew at the new size (ratatui clears when the size changes), so
/// no frame drawn for the old size is read at the new one.
pub struct Frames<CB: vt100::Callbacks = ()> {
    parser: vt100::Parser<CB>,
    /// Bytes fed so far: always the end of a complete frame.
    fed: usize,
    /// Complete frames fed so far.
    count: usize,
    /// (rows, cols) of the pseudo-terminal.
    size: (u16, u16),
}

impl<CB: vt100::Callbacks> Frames<CB> {
    /// An emulator as big as the pseudo-terminal that `parser` was made for.
    pub fn new(parser: vt100::Parser<CB>) -> Self {
        let size = parser.screen().size();
        Self {
            parser,
            fed: 0,
            count: 0,
            size,
        }
    }

    /// The pseudo-terminal now has `rows` × `cols`.
    pub fn resized(&mut self, rows: u16, cols: u16) {
        self.size = (rows, cols);
    }

    /// Feeds the next complete frame of `bytes` (everything received so
    /// far, of which this has fed a prefix); false when no further frame is
    /// complete yet.
    pub fn next_frame(&mut self, bytes: &[u8]) -> bool {
        let rest = &bytes[self.fed..];
        let Some(end) = find(rest, SYNC_END).map(|e| e + SYNC_END.len()) else {
            return false;
        };
        let chunk = &rest[..end];
        let begin = find(chunk, SYNC_BEGIN).unwrap_or(0);
        self.parser.process(&chunk[..begin]);
        let frame = &chunk[begin..];
        if self.parser.screen().size() != self.size && find(frame, CLEAR).is_some() {
            self.parser.screen_mut().set_size(self.size.0, self.size.1);
        }
        self.parser.process(frame);
        self.fed += end;
        self.count += 1;
        true
    }

    /// The screen as of the last complete frame fed.
    pub fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// The emulator (for its callbacks).
    pub fn parser(&self) -> &vt100::Parser<CB> {
        &self.parser
    }

    /// How many complete frames were fed.
    pub fn count(&self) -> usize {
        self.count
    }
}
