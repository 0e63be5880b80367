//! The terminal's lifecycle. On start, after entering the alternate screen
//! and before the first clear, qari switches the terminal to explicit bidi
//! mode (`CSI 8 l`, `CSI 1 SP k`): cells are shown left to right as sent,
//! so nothing is reordered twice. Every exit path restores it
//! (`CSI 0 SP k`, `CSI 8 h`): normal exit, error, panic, SIGTERM, SIGHUP,
//! SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM. A panic that ends qari restores the terminal first, then prints
//! a readable message; a panic qari catches on purpose ([`crate::guard`]:
//! a paragraph the layout engine falls back on, a failed background job)
//! leaves the terminal alone, and the reader carries on.

use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::render::ansi::{BIDI_EXPLICIT, BIDI_EXPLICIT_TMUX, BIDI_RESTORE, BIDI_RESTORE_TMUX};

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MODES: Mutex<Modes> = Mutex::new(Modes {
    explicit: None,
    mouse: false,
});

#[derive(Clone, Copy)]
struct Modes {
    /// Explicit bidi mode was entered (`Some(true)`: through tmux).
    explicit: Option<bool>,
    mouse: bool,
}

/// The terminal in qari's hands until this is dropped.
#[derive(Debug)]
pub struct Session(());

/// Takes over the terminal: raw mode, alternate screen, explicit bidi mode
/// (when `explicit`; `Some(true)`: wrapped for tmux passthrough), mouse
/// capture (when `mouse`), bracketed paste, hidden cursor.
///
/// # Errors
/// The terminal refused a mode.
pub fn enter(explicit: Option<bool>, mouse: bool) -> io::Result<Session> {
    install_panic_hook();
    if let Ok(mut m) = MODES.lock() {
        *m = Modes { explicit, mouse };
    }
    // The modes the probe may have changed (quiet, for its late answers)
    // are restored first: raw mode saves what it finds, to restore at exit.
    crate::terminal::probe::hand_over();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen)?;
    match explicit {
        Some(false) => out.write_all(BIDI_EXPLICIT.as_bytes())?,
        Some(true) => out.write_all(BIDI_EXPLICIT_TMUX.as_bytes())?,
        None => {}
    }
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    execute!(out, EnableBracketedPaste, cursor::Hide)?;
    out.flush()?;
    Ok(Session(()))
}

/// Gives the terminal back, once, whatever the path.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let modes = MODES.lock().map_or(
        Modes {
            explicit: Some(false),
            mouse: true,
        },
        |m| *m,
    );
    let mut out = io::stdout();
    // A panic in the middle of a frame must not leave the terminal holding
    // back its screen until its own timeout.
    let _ = execute!(out, EndSynchronizedUpdate);
    if modes.mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    match modes.explicit {
        Some(false) => {
            let _ = out.write_all(BIDI_RESTORE.as_bytes());
        }
        Some(true) => {
            let _ = out.write_all(BIDI_RESTORE_TMUX.as_bytes());
        }
        None => {}
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        cursor::Show,
        LeaveAlternateScreen
    );
    let _ = out.flush();
    let _ = disable_raw_mode();
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if crate::guard::is_catching() {
                // Caught on purpose: the reader carries on, on a terminal
                // that must stay as it is (no message on its screen).
                return;
            }
            restore();
            let what = crate::render::sanitize_line(&crate::guard::message(info.payload()));
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "qari stopped because of a bug: {what}{at}.\n\
                 Your files are untouched. Please report it to the qari issue tracker \
                 (see README.md, \"Reporting bugs\") with this message and the command you ran."
            );
        }));
    });
}

/// Puts `text` on the clipboard through the terminal: OSC 52 with the text
/// (UTF-8, logical order) in base64. Terminals that allow it (xterm with
/// `allowWindowOps`, VTE, kitty, WezTerm, Alacritty, foot, iTerm2, Windows
/// Terminal; tmux with `set-clipboard`) set their clipboard; others ignore
/// it.
///
/// # Errors
/// Writing to the terminal failed.
pub fn copy(out: &mut impl Write, text: &str) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
