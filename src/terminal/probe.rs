//! Asking the terminal: DECRQM for mode 8, XTVERSION and DA2, followed by
//! DA1 as a sentinel (every terminal answers DA1, so its answer arriving
//! means the others have come or never will). Replies are read from the
//! terminal in raw mode with a deadline: the whole probe never takes more
//! than [`BUDGET`]. Inside tmux, `tmux show -gv allow-passthrough` says
//! whether the outer terminal can be reached, and the mode-8 query is then
//! sent to it wrapped for passthrough. Nothing is asked unless standard
//! output is a terminal.
//!
//! Answers that come after the budget (a terminal just started, like
//! kitty's first 200 ms; a slow SSH link) must not reach the screen or the
//! keyboard: until the DA1 answer has come the terminal stays *quiet*
//! (no echo, no line editing, output as usual), and [`drain`] later reads
//! and drops what is still coming; the reader does so before it reads a
//! key, a command before it exits. [`restore`] gives the terminal back its
//! modes (also on SIGINT, SIGTERM, SIGHUP and on unwinding).

use std::io::{Read, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Answers, Env, Profile, identify};

/// The most the probe may take, in all.
pub const BUDGET: Duration = Duration::from_millis(100);

/// DECRQM for ANSI mode 8, XTVERSION, DA2, then DA1.
const QUERY: &[u8] = b"\x1b[8$p\x1b[>q\x1b[>c\x1b[c";

/// DECRQM for mode 8 and DA1, both wrapped for tmux passthrough.
const QUERY_OUTER: &[u8] = b"\x1bPtmux;\x1b\x1b[8$p\x1b\\\x1bPtmux;\x1b\x1b[c\x1b\\";

/// Queries were sent whose DA1 answer has not come yet.
static PENDING: AtomicBool = AtomicBool::new(false);

/// The terminal's modes before it was made quiet, to restore.
static SAVED: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

/// What the probe learnt.
#[derive(Clone, Debug)]
pub struct Probed {
    /// The environment.
    pub env: Env,
    /// The terminal's answers.
    pub answers: Answers,
    /// The conclusion.
    pub profile: Profile,
    /// How long it took.
    pub elapsed: Duration,
}

/// Probes the terminal (standard output must be one), waiting at most
/// `budget` ([`BUDGET`] but in tests) for its answers.
#[must_use]
pub fn probe(budget: Duration) -> Probed {
    let start = Instant::now();
    let deadline = start + budget;
    let env = Env::detect();
    let mut answers = Answers::parse(&ask(QUERY, deadline).unwrap_or_default());
    if env.get("TMUX").is_some() {
        answers.tmux_passthrough = tmux_passthrough(deadline);
        if answers.tmux_passthrough == Some(true) {
            let outer = Answers::parse(&ask(QUERY_OUTER, deadline).unwrap_or_default());
            answers.outer_decrqm8 = outer.decrqm8;
        }
    }
    let profile = identify(&env, &answers);
    Probed {
        env,
        answers,
        profile,
        elapsed: start.elapsed(),
    }
}

/// Sends `query` to the terminal and reads what comes back until a DA1
/// answer has arrived or `deadline` passes.
fn ask(query: &[u8], deadline: Instant) -> std::io::Result<Vec<u8>> {
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode, is_raw_mode_enabled};
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    let was_raw = is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        enable_raw_mode()?;
    }
    let result = (|| {
        tty.write_all(query)?;
        tty.flush()?;
        let got = read_until_da1(&tty, deadline)?;
        if !has_da1(&got) {
            PENDING.store(true, Ordering::SeqCst);
        }
        Ok(got)
    })();
    if !was_raw {
        let _ = disable_raw_mode();
        if PENDING.load(Ordering::SeqCst) {
            quiet(&tty);
        }
    }
    result
}

/// Reads from `tty` until a DA1 answer has arrived or `deadline` passes.
/// One byte at a time (answers are a few dozen bytes): whatever follows
/// the DA1 answer, keys typed already, stays unread for the reader.
fn read_until_da1(tty: &std::fs::File, deadline: Instant) -> std::io::Result<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 1];
    while !has_da1(&got) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || !readable(tty, left)? {
            break;
        }
        let n = (&*tty).read(&mut buf)?;
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    Ok(got)
}

/// Makes the terminal quiet: no echo, no line editing (so late answers are
/// neither shown nor kept for the shell), output unchanged. The modes
/// before are saved for [`restore`], which also runs on the usual
/// terminating signals.
fn quiet(tty: &std::fs::File) {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    let Ok(before) = tcgetattr(tty) else {
        return;
    };
    let mut modes = before.clone();
    modes.local_modes &= !(LocalModes::ECHO | LocalModes::ICANON);
    // A read returns as soon as one byte is there.
    modes.special_codes[rustix::termios::SpecialCodeIndex::VMIN] = 1;
    modes.special_codes[rustix::termios::SpecialCodeIndex::VTIME] = 0;
    if let Ok(mut saved) = SAVED.lock()
        && saved.is_none()
    {
        *saved = Some(before);
    }
    static HANDLERS: std::sync::Once = std::sync::Once::new();
    HANDLERS.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("qari-probe-signals".to_owned())
            .spawn(move || {
                for sig in signals.forever() {
                    // Once the reader has the terminal, its signals are the
                    // reader's.
                    if HANDED_OVER.load(Ordering::SeqCst) {
                        continue;
                    }
                    restore();
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                }
            });
    });
    let _ = tcsetattr(tty, OptionalActions::Now, &modes);
}

/// Whether answers of the probe may still be on their way.
#[must_use]
pub fn pending() -> bool {
    PENDING.load(Ordering::SeqCst)
}

/// Reads and drops the probe's late answers, until its DA1 answer has
/// come, `max` has passed, or a key arrives (a byte that is no part of an
/// answer); does nothing if no answer is pending. Returns the bytes of
/// that key (one character), for the caller to take as typed. The
/// terminal must not be in line mode (it is quiet, or raw).
#[must_use]
pub fn drain(max: Duration) -> Vec<u8> {
    if !PENDING.swap(false, Ordering::SeqCst) {
        return Vec::new();
    }
    let Ok(tty) = std::fs::OpenOptions::new().read(true).open("/dev/tty") else {
        return Vec::new();
    };
    let deadline = Instant::now() + max;
    let mut answers = Answers::default();
    let mut seq = Sequence::default();
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    let next = |byte: &mut [u8; 1], until: Instant| {
        let left = until.saturating_duration_since(Instant::now());
        !left.is_zero()
            && readable(&tty, left).unwrap_or(false)
            && matches!((&tty).read(byte), Ok(1))
    };
    while !answers.da1 {
        if !next(&mut byte, deadline) {
            break;
        }
        match seq.push(byte[0]) {
            Step::Key => {
                // The rest of the character, if it is more than a byte.
                let mut key = vec![byte[0]];
                let more = match byte[0] {
                    0xC0..=0xDF => 1,
                    0xE0..=0xEF => 2,
                    0xF0..=0xF7 => 3,
                    _ => 0,
                };
                let until = Instant::now() + Duration::from_millis(50);
                for _ in 0..more {
                    if !next(&mut byte, until) {
                        break;
                    }
                    key.push(byte[0]);
                }
                return key;
            }
            Step::Within => got.push(byte[0]),
            Step::Ended => {
                got.push(byte[0]);
                answers = Answers::parse(&got);
            }
        }
    }
    Vec::new()
}

/// Where a byte leaves an escape sequence being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Inside a sequence (or its first byte).
    Within,
    /// Its last byte.
    Ended,
    /// No sequence: a key.
    Key,
}

/// The state of the escape sequence (an answer) being read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Sequence {
    /// Between sequences.
    #[default]
    Outside,
    /// After ESC.
    Escape,
    /// In a CSI (`ESC [`), until its final byte.
    Csi,
    /// In a DCS (`ESC P`), until its string terminator.
    Dcs,
    /// In a DCS, after an ESC (the terminator's first byte).
    DcsEscape,
}

impl Sequence {
    fn push(&mut self, b: u8) -> Step {
        let (next, step) = match (*self, b) {
            (Self::Outside, 0x1b) => (Self::Escape, Step::Within),
            (Self::Outside, _) => (Self::Outside, Step::Key),
            (Self::Escape, b'[') => (Self::Csi, Step::Within),
            (Self::Escape, b'P') => (Self::Dcs, Step::Within),
            (Self::Escape, _) => (Self::Outside, Step::Ended),
            (Self::Csi, 0x40..=0x7e) => (Self::Outside, Step::Ended),
            (Self::Csi, _) => (Self::Csi, Step::Within),
            (Self::Dcs, 0x1b) => (Self::DcsEscape, Step::Within),
            (Self::Dcs, _) => (Self::Dcs, Step::Within),
            (Self::DcsEscape, b'\\') => (Self::Outside, Step::Ended),
            (Self::DcsEscape, _) => (Self::Dcs, Step::Within),
        };
        *self = next;
        step
    }
}

/// The reader has taken the terminal over (its modes, its signals).
static HANDED_OVER: AtomicBool = AtomicBool::new(false);

/// Restores the terminal's modes for a program that takes the terminal
/// over and handles the terminating signals itself (the reader).
pub fn hand_over() {
    HANDED_OVER.store(true, Ordering::SeqCst);
    restore();
}

/// Gives the terminal back the modes it had before it was made quiet (if
/// it was).
pub fn restore() {
    let Ok(mut saved) = SAVED.try_lock() else {
        return;
    };
    if let Some(modes) = saved.take()
        && let Ok(tty) = std::fs::OpenOptions::new().read(true).open("/dev/tty")
    {
        let _ = rustix::termios::tcsetattr(&tty, rustix::termios::OptionalActions::Now, &modes);
    }
}

/// Restores the terminal's modes when dropped (a command's end, or a
/// panic unwinding through it), after draining late answers for at most
/// its `max`.
#[derive(Debug)]
pub struct Settle {
    /// The longest to wait for late answers.
    pub max: Duration,
}

impl Drop for Settle {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            // A key typed as qari exits is of no use any more.
            let _ = drain(self.max);
        }
        restore();
    }
}

/// Whether `bytes` hold a DA1 answer (`CSI ? … c`).
fn has_da1(bytes: &[u8]) -> bool {
    Answers::parse(bytes).da1
}

/// Waits at most `left` for `tty` to have bytes to read.
fn readable(tty: &std::fs::File, left: Duration) -> std::io::Result<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let timeout = Timespec {
        tv_sec: i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(left.subsec_nanos()),
    };
    let mut fds = [PollFd::new(tty, PollFlags::IN)];
    Ok(poll(&mut fds, Some(&timeout))? > 0)
}

/// `tmux show -gv allow-passthrough`: `Some(true)` for `on` or `all`.
fn tmux_passthrough(deadline: Instant) -> Option<bool> {
    let mut child = std::process::Command::new("tmux")
        .args(["show", "-gv", "allow-passthrough"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    loop {
        if let Some(status) = child.try_wait().ok()? {
            if !status.success() {
                return Some(false);
            }
            let mut out = String::new();
            child.stdout.take()?.read_to_string(&mut out).ok()?;
            return Some(matches!(out.trim(), "on" | "all"));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::{Sequence, Step};

    fn steps(bytes: &[u8]) -> Vec<Step> {
        let mut seq = Sequence::default();
        bytes.iter().map(|&b| seq.push(b)).collect()
    }

    #[test]
    fn answers_are_told_from_keys() {
        // kitty's answers: four sequences, no key.
        let kitty = b"\x1b[8;0$y\x1bP>|kitty(0.26.5)\x1b\\\x1b[>1;4000;26c\x1b[?62;c";
        let s = steps(kitty);
        assert!(!s.contains(&Step::Key));
        assert_eq!(s.iter().filter(|&&x| x == Step::Ended).count(), 4);
        assert_eq!(s.last(), Some(&Step::Ended));
        // A key after an answer, or before any.
        assert_eq!(steps(b"\x1b[?62;cj").last(), Some(&Step::Key));
        assert_eq!(steps(b"q"), [Step::Key]);
    }
}
