//! The full-screen reader: a library of documents, a reading screen and a
//! compare screen, drawn with ratatui through qari's own cell writer.
//!
//! The loop is event → update → draw: terminal input, signals and finished
//! background jobs arrive on one channel as [`Event`]s; [`App::update`]
//! changes the state (and lays out what the next frame shows); [`render`]
//! only reads it, and [`writer`] sends what changed as one synchronized
//! update, so a terminal never shows half a frame.
//!
//! - [`app`]: the state, key routing, screen changes.
//! - [`library`], [`reading`], [`compare`], [`help`]: one module per
//!   screen, each with its state, its keys and its widget.
//! - [`input`]: the one line-input widget; [`widgets`]: shared drawing.
//! - [`jobs`]: all background work, latest request wins.
//! - [`keymap`], [`theme`], [`rows`] (the cell writer), [`term`] (the
//!   terminal's lifecycle), [`positions`] (reading positions across runs).
//!
//! Threads: the UI thread owns the state and the terminal; one thread reads
//! terminal events, one waits for signals, the engine's thread answers
//! searches, and finds and comparisons run on threads of their own.

pub mod app;
pub mod compare;
pub mod help;
pub mod input;
pub mod jobs;
pub mod keymap;
pub mod library;
pub mod positions;
pub mod reading;
pub mod rows;
pub mod term;
pub mod theme;
pub mod widgets;
pub mod writer;

use std::io;
use std::sync::mpsc;

use ratatui::Frame;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event;

pub use app::{App, Mode, Screen};

use rows::fill;

/// Something the reader reacts to.
#[derive(Debug)]
pub enum Event {
    /// Terminal input: a key, a resize, the mouse, a paste.
    Term(event::Event),
    /// A signal that ends the reader (its number).
    Signal(i32),
    /// A background job finished.
    Job(jobs::Done),
}

/// Draws the whole screen from the state; changes nothing.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    render(area, frame.buffer_mut(), app);
}

/// Draws the whole screen of `area` into `buf` from the state; changes
/// nothing.
pub fn render(area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer, app: &App) {
    fill(buf, area, app.theme.base);
    if area.width < 4 || area.height < 2 {
        return;
    }
    use ratatui::widgets::Widget;
    match &app.screen {
        Screen::Library => library::View { app }.render(area, buf),
        Screen::Reading(r) => reading::View { app, reader: r }.render(area, buf),
        Screen::Compare(c) => compare::View { app, view: &c.view }.render(area, buf),
    }
    if app.mode == Mode::Help {
        help::View { app }.render(area, buf);
    }
}

/// How the reader runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Test hook: panic after the first frame (the end-to-end tests check
    /// that the terminal is restored and the message printed).
    pub panic_after_first_frame: bool,
    /// Test hook: every background job panics (the end-to-end tests check
    /// that the reader carries on).
    pub panic_in_jobs: bool,
}

/// Runs the reader until the user quits; returns the exit code (128 + n
/// when signal n ended it). The search engine of `index` is opened (or
/// built) in the background once the first frame is on screen.
///
/// # Errors
/// The terminal failed.
pub fn run(app: App, index: jobs::Index, opts: RunOptions) -> io::Result<u8> {
    let mut index = Some(index);
    let (tx, rx) = mpsc::channel::<Event>();
    let to_ui = std::sync::Mutex::new(tx.clone());
    let jobs = jobs::Jobs::threaded(move |done| {
        if let Ok(tx) = to_ui.lock() {
            let _ = tx.send(Event::Job(done));
        }
    });
    let mut app = app
        .with_jobs(jobs)
        .with_positions(positions::Positions::load());
    if opts.panic_in_jobs {
        app.jobs.make_faulty();
    }
    let session = term::enter(app.settings.explicit, app.settings.mouse)?;
    // The first clear comes after explicit mode: some terminals (VTE) fix
    // a row's bidi handling when the row is cleared. (Written directly:
    // ratatui's `Terminal::clear` would first ask the terminal for the
    // cursor position.)
    ratatui::crossterm::execute!(
        io::stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )?;
    let mut backend = CrosstermBackend::new(io::stdout());
    // A terminal that reorders lines by itself gets changed lines whole
    // (`writer`).
    let whole_lines = app.settings.wire != crate::bidi::Wire::Visual;
    let line_prefix = app.settings.line_prefix;
    // Columns left empty at the end of each line (what the line prefix
    // costs mlterm).
    let reserved = u16::try_from(app.settings.reserved()).unwrap_or(0);
    let mut writer: Option<writer::Writer> = None;
    let input = tx.clone();
    std::thread::Builder::new()
        .name("qari-input".to_owned())
        .spawn(move || {
            // Answers to the probe that come late are not keys; a key
            // typed meanwhile is.
            let typed = crate::terminal::probe::drain(std::time::Duration::from_secs(1));
            for ev in crate::tui::input::typed_events(&typed) {
                if input.send(Event::Term(ev)).is_err() {
                    return;
                }
            }
            while let Ok(ev) = event::read() {
                if input.send(Event::Term(ev)).is_err() {
                    break;
                }
            }
        })?;
    // Every signal whose default action ends the process (and that can be
    // caught) gives the terminal back first.
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
        signal_hook::consts::SIGUSR1,
        signal_hook::consts::SIGUSR2,
        signal_hook::consts::SIGALRM,
    ]) {
        std::thread::Builder::new()
            .name("qari-signals".to_owned())
            .spawn(move || {
                for sig in signals.forever() {
                    if tx.send(Event::Signal(sig)).is_err() {
                        break;
                    }
                }
            })?;
    }
    let mut first = true;
    while app.exit.is_none() {
        // The size the frame is drawn at is the size the state is laid
        // out for (a resize event may still be on its way).
        let mut size = ratatui::backend::Backend::size(&backend)?;
        size.width = size.width.saturating_sub(reserved).max(1);
        if app.size() != (size.width, size.height) {
            app.resize(size.width, size.height);
        }
        let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        let mut frame = ratatui::buffer::Buffer::empty(area);
        render(area, &mut frame, &app);
        writer
            .get_or_insert_with(|| writer::Writer::new(area, whole_lines, line_prefix))
            .send(&mut backend, frame)?;
        if first {
            if opts.panic_after_first_frame {
                panic!("the test hook asked for a panic after the first frame");
            }
            // The index is opened (or built) once the first frame is on
            // screen: it never competes with it for a core.
            if let Some(index) = index.take() {
                app.jobs.start_engine(index);
            }
            first = false;
        }
        let Ok(ev) = rx.recv() else { break };
        app.update(ev);
        if let Some(text) = app.clipboard.take() {
            term::copy(&mut backend, &text)?;
        }
        // Everything already waiting is handled before the next frame.
        for ev in rx.try_iter() {
            app.update(ev);
            if let Some(text) = app.clipboard.take() {
                term::copy(&mut backend, &text)?;
            }
            if app.exit.is_some() {
                break;
            }
        }
    }
    let saved = app.positions.save();
    drop(session);
    if let Err(e) = saved {
        eprintln!("qari: warning: could not save reading positions: {e}");
    }
    Ok(app.exit.unwrap_or(0))
}
