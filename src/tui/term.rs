//! The terminal's lifecycle. On start, after entering the alternate screen
//! and before the first clear, qari switches the terminal to explicit bidi
//! mode (`CSI 8 l`, `CSI 1 SP k`): cells are shown left to right as sent,
//! so nothing is reordered twice. Every exit path restores it
//! (`CSI 0 SP k`, `CSI 8 h`): normal exit, error, panic, SIGTERM, SIGHUP,
//! SIGINT. A panic restores the terminal first, then prints a readable
//! message.

use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::cli::{BIDI_EXPLICIT, BIDI_RESTORE};

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MODES: Mutex<Modes> = Mutex::new(Modes {
    explicit: false,
    mouse: false,
});

#[derive(Clone, Copy)]
struct Modes {
    explicit: bool,
    mouse: bool,
}

/// The terminal in qari's hands until this is dropped.
#[derive(Debug)]
pub struct Session(());

/// Takes over the terminal: raw mode, alternate screen, explicit bidi mode
/// (when `explicit`), mouse capture (when `mouse`), hidden cursor.
///
/// # Errors
/// The terminal refused a mode.
pub fn enter(explicit: bool, mouse: bool) -> io::Result<Session> {
    install_panic_hook();
    if let Ok(mut m) = MODES.lock() {
        *m = Modes { explicit, mouse };
    }
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen)?;
    if explicit {
        out.write_all(BIDI_EXPLICIT.as_bytes())?;
    }
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    execute!(out, cursor::Hide)?;
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
            explicit: true,
            mouse: true,
        },
        |m| *m,
    );
    let mut out = io::stdout();
    if modes.mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    if modes.explicit {
        let _ = out.write_all(BIDI_RESTORE.as_bytes());
    }
    let _ = execute!(out, cursor::Show, LeaveAlternateScreen);
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
            restore();
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
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

/// A one-time hint for terminals that reorder text by themselves whatever
/// qari asks, or that do not pass qari's request on.
#[must_use]
pub fn hint() -> Option<&'static str> {
    let has = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if has("TMUX") {
        Some(
            "tmux does not pass bidi mode on: if Arabic reads reversed, set the outer terminal's bidi off",
        )
    } else if has("KONSOLE_DBUS_SESSION") || has("KONSOLE_VERSION") {
        Some(
            "Konsole reorders by itself: turn off its bidi (profile, Advanced) or run qari --bidi terminal",
        )
    } else if has("MLTERM") {
        Some("mlterm reorders by itself: set use_ctl=false or run qari --bidi terminal")
    } else if has("KITTY_WINDOW_ID") {
        Some("kitty reverses Arabic runs: set force_ltr yes in kitty.conf")
    } else if std::env::var("TERM_PROGRAM").is_ok_and(|v| v == "Apple_Terminal") {
        Some("Terminal.app reorders by itself: run qari --bidi terminal")
    } else {
        None
    }
}
