//! Asking the terminal: DECRQM for mode 8, XTVERSION and DA2, followed by
//! DA1 as a sentinel (every terminal answers DA1, so its answer arriving
//! means the others have come or never will). Replies are read from the
//! terminal in raw mode with a deadline: the whole probe never takes more
//! than [`BUDGET`]. Inside tmux, `tmux show -gv allow-passthrough` says
//! whether the outer terminal can be reached, and the mode-8 query is then
//! sent to it wrapped for passthrough. Nothing is asked unless standard
//! output is a terminal.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use super::{Answers, Env, Profile, identify};

/// The most the probe may take, in all.
pub const BUDGET: Duration = Duration::from_millis(100);

/// DECRQM for ANSI mode 8, XTVERSION, DA2, then DA1.
const QUERY: &[u8] = b"\x1b[8$p\x1b[>q\x1b[>c\x1b[c";

/// DECRQM for mode 8 and DA1, both wrapped for tmux passthrough.
const QUERY_OUTER: &[u8] = b"\x1bPtmux;\x1b\x1b[8$p\x1b\\\x1bPtmux;\x1b\x1b[c\x1b\\";

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

/// Probes the terminal (standard output must be one).
#[must_use]
pub fn probe() -> Probed {
    let start = Instant::now();
    let deadline = start + BUDGET;
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
        let mut got = Vec::new();
        let mut buf = [0u8; 256];
        while !has_da1(&got) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || !readable(&tty, left)? {
                break;
            }
            let n = tty.read(&mut buf)?;
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        Ok(got)
    })();
    if !was_raw {
        let _ = disable_raw_mode();
    }
    result
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
