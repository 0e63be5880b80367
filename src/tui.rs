//! The full-screen reader: a library of documents and a reading view, drawn
//! with ratatui through qari's own cell writer.
//!
//! - [`app`]: state and key handling (no I/O).
//! - [`compare`]: the compare view's state (two aligned panes).
//! - [`view`]: drawing the state (`compare_view`: the compare view).
//! - [`rows`]: the cell writer for engine rows.
//! - [`keys`]: the actions and the keymap.
//! - [`term`]: terminal lifecycle, explicit bidi mode, panic and signals.
//! - [`state`]: reading positions across runs.
//! - [`theme`]: the colours.
//!
//! Every frame is sent as one synchronized update (`CSI ? 2026 h` … `l`).
//!
//! Threads: one reads terminal events, one waits for signals; both feed one
//! channel that the UI thread drains before each draw.

pub mod app;
pub mod compare;
mod compare_view;
pub mod keys;
pub mod rows;
pub mod state;
pub mod term;
pub mod theme;
pub mod view;

use std::io;
use std::sync::mpsc;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::bidi::Order;
use crate::config::{BidiMode, Config, ThemeName};
use crate::corpus::Corpus;
use app::{App, Settings};
use keys::Keymap;
use theme::Theme;

/// How the reader was asked to run (command line over configuration).
#[derive(Clone, Debug)]
pub struct ReaderOptions {
    /// Capture the mouse.
    pub mouse: bool,
    /// Who does the bidi.
    pub bidi: BidiMode,
    /// Arabic presentation forms.
    pub shape: bool,
    /// Colours.
    pub theme: ThemeName,
}

/// Builds the app for `corpus` from the configuration.
///
/// # Errors
/// A key in the configuration that cannot be parsed.
pub fn build_app(corpus: Corpus, config: &Config, opts: &ReaderOptions) -> Result<App, String> {
    let settings = Settings {
        max_width: config.layout.max_width.max(10),
        shape: opts.shape && opts.bidi == BidiMode::App,
        lam_alef: config.layout.lam_alef.into(),
        order: if opts.bidi == BidiMode::App {
            Order::Visual
        } else {
            Order::Logical
        },
        force_ltr: opts.bidi == BidiMode::Off,
        tab_width: config.layout.tab_width.max(1),
    };
    let library = Keymap::from_lists(config.keys.library.iter().map(|(a, k)| (*a, k.as_slice())))?;
    let reading = Keymap::from_lists(config.keys.reading.iter().map(|(a, k)| (*a, k.as_slice())))?;
    let compare = Keymap::from_lists(config.keys.compare.iter().map(|(a, k)| (*a, k.as_slice())))?;
    let warnings = corpus.warnings.len();
    let mut app = App::new(corpus, settings, library, reading, Theme::pick(opts.theme));
    app.compare_keys = compare;
    app.status = if warnings > 0 {
        Some(format!(
            "{warnings} problem{} while loading: run qari list to see them",
            if warnings == 1 { "" } else { "s" }
        ))
    } else {
        term::hint().map(str::to_owned)
    };
    Ok(app)
}

enum Event {
    Term(event::Event),
    Signal(i32),
    Search(crate::search::worker::Message),
}

/// Runs the reader until the user quits; returns the exit code.
///
/// # Errors
/// The terminal failed.
pub fn run(
    mut app: App,
    opts: &ReaderOptions,
    search: Option<crate::search::worker::Source>,
) -> io::Result<i32> {
    app.positions = state::load();
    let session = term::enter(opts.bidi != BidiMode::Terminal, opts.mouse)?;
    // The first clear comes after explicit mode: some terminals (VTE) fix
    // a row's bidi handling when the row is cleared. (Written directly:
    // ratatui's `Terminal::clear` would first ask the terminal for the
    // cursor position.)
    ratatui::crossterm::execute!(
        io::stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let (tx, rx) = mpsc::channel();
    let input = tx.clone();
    let to_ui = std::sync::Mutex::new(tx.clone());
    let notify: std::sync::Arc<dyn Fn(crate::search::worker::Message) + Send + Sync> =
        std::sync::Arc::new(move |m| {
            if let Ok(tx) = to_ui.lock() {
                let _ = tx.send(Event::Search(m));
            }
        });
    app.notify = Some(app::Notify(std::sync::Arc::clone(&notify)));
    if let Some(source) = search {
        let n = std::sync::Arc::clone(&notify);
        app.attach_worker(crate::search::worker::Worker::spawn(source, move |m| n(m)));
    }
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if input.send(Event::Term(ev)).is_err() {
                break;
            }
        }
    });
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ]) {
        std::thread::spawn(move || {
            for sig in signals.forever() {
                if tx.send(Event::Signal(sig)).is_err() {
                    break;
                }
            }
        });
    }
    let panic_after_draw = std::env::var_os("QARI_PANIC_AFTER_DRAW").is_some();
    let mut code = 0;
    loop {
        // Each frame in synchronized output (mode 2026): the terminal shows
        // it whole, never half drawn; terminals without the mode ignore it.
        // The end is sent even when drawing failed.
        ratatui::crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = terminal.draw(|f| view::draw(f, &mut app)).map(drop);
        ratatui::crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        drawn?;
        if panic_after_draw {
            // Test hook: the end-to-end tests check the panic path.
            panic!("QARI_PANIC_AFTER_DRAW is set");
        }
        let Ok(first) = rx.recv() else { break };
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            match ev {
                Event::Term(e) => app.handle(&e),
                Event::Search(m) => app.on_message(m),
                Event::Signal(sig) => {
                    app.remember();
                    app.quit = true;
                    code = 128 + sig;
                }
            }
        }
        if app.quit {
            break;
        }
    }
    let saved = state::save(&app.positions);
    drop(terminal);
    drop(session);
    if let Err(e) = saved {
        eprintln!("qari: warning: could not save reading positions: {e}");
    }
    Ok(code)
}
