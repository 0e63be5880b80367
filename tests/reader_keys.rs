//! The reader's search box without the script's keyboard (docs/search.md
//! §7a): ctrl-l types on the corpus's script layout and back, converting
//! what was typed in Latin letters so far, and the bar says so.

use qari::config::{BidiMode, Config, ThemeName};
use qari::corpus::Corpus;
use qari::settings::{Overrides, Settings, Terminal as Term};
use qari::tui::{App, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn search_app() -> App {
    let flags = Overrides {
        bidi: Some(BidiMode::App),
        theme: Some(ThemeName::Dark),
        ..Overrides::default()
    };
    let settings = Settings::resolve(&Config::default(), &flags, Term::pipe());
    let mut a = App::new(Corpus::sample(), &settings).expect("app");
    a.status = None;
    a.attach_engine(qari::search::Engine::in_memory(&Corpus::sample()).expect("index"));
    a
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        a.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn ctrl_l(a: &mut App) {
    a.key(&KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL));
}

/// The bottom row of the screen, as text.
fn bar(a: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    a.resize(80, 24);
    t.draw(|f| draw(f, a)).expect("draw");
    (0..80)
        .map(|x| t.backend().buffer()[(x, 23)].symbol().to_owned())
        .collect()
}

fn total(a: &App) -> usize {
    a.library.results.as_ref().map_or(0, |r| r.answer.total)
}

#[test]
fn ctrl_l_types_on_the_corpus_layout_and_back() {
    let mut a = search_app();
    bar(&mut a);
    typed(&mut a, "/");
    // The sample is Arabic: ctrl-l switches to the Arabic layout.
    ctrl_l(&mut a);
    assert!(bar(&mut a).contains("keys:ar"), "{}", bar(&mut a));
    // Keys typed as on an Arabic keyboard: the box shows the Arabic.
    typed(&mut a, "hgfy]h]d ");
    assert_eq!(a.library.query.value(), "البغدادي ");
    let arabic = total(&a);
    assert!(arabic >= 1);
    // ctrl-l again: Latin letters as they are.
    ctrl_l(&mut a);
    assert!(!bar(&mut a).contains("keys:"));
    typed(&mut a, "x");
    assert_eq!(a.library.query.value(), "البغدادي x");
}

#[test]
fn latin_typed_before_ctrl_l_is_converted() {
    let mut a = search_app();
    bar(&mut a);
    typed(&mut a, "/hgfy]h]d ");
    // As typed, the Latin query is read as the Arabic layout too (Q11).
    let read = total(&a);
    assert!(read >= 1);
    ctrl_l(&mut a);
    assert_eq!(a.library.query.value(), "البغدادي ");
    // The same documents, now as a native match.
    assert_eq!(total(&a), read);
}

/// The whole screen, as text.
fn screen(a: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    a.resize(80, 24);
    t.draw(|f| draw(f, a)).expect("draw");
    let buf = t.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn close_spellings_are_marked_in_the_results() {
    let mut a = search_app();
    screen(&mut a);
    // مسئول is written مسؤول in the sample: a close spelling only (Q6).
    typed(&mut a, "/مسئول ");
    assert!(total(&a) >= 1);
    let s = screen(&mut a);
    assert!(s.contains("close spellings"), "{s}");
    assert!(s.contains('≈'), "{s}");
    // Written as the sample writes it: exact, no mark.
    let mut b = search_app();
    screen(&mut b);
    typed(&mut b, "/مسؤول ");
    let s = screen(&mut b);
    assert!(!s.contains('≈') && !s.contains("close spellings"), "{s}");
}
