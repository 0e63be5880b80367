//! The reader's start from the index (issue 14, item 2): a corpus indexed
//! before is listed from its index's catalog, without reading the corpus;
//! after a background update found changes, the list follows: the
//! selection, the marks and the open document stay on their documents.

use std::path::{Path, PathBuf};

use qari::config::{BidiMode, Config, ThemeName};
use qari::corpus::{Corpus, LoadOptions};
use qari::search::IndexOptions;
use qari::settings::{Overrides, Settings, Terminal as Term};
use qari::tui::{App, Screen, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

/// Brings the index in `cache` up to date with `corpus`.
fn index(corpus: &Path, cache: &Path) {
    qari::search::open_with(
        &[corpus.to_path_buf()],
        &LoadOptions::default(),
        &IndexOptions {
            cache: Some(cache.to_path_buf()),
            full_check_every: std::time::Duration::ZERO,
            ..IndexOptions::default()
        },
        &mut |_| {},
    )
    .expect("index");
}

fn app(corpus: Corpus) -> App {
    let flags = Overrides {
        bidi: Some(BidiMode::App),
        theme: Some(ThemeName::Dark),
        ..Overrides::default()
    };
    let settings = Settings::resolve(&Config::default(), &flags, Term::pipe());
    let mut a = App::new(corpus, &settings).expect("app");
    a.status = None;
    a
}

fn screen(a: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 12)).expect("terminal");
    a.resize(80, 12);
    t.draw(|f| draw(f, a)).expect("draw");
    let buf = t.backend().buffer();
    (0..12)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

fn id(a: &App, doc: Option<usize>) -> Option<String> {
    doc.and_then(|i| a.corpus.get(i)).map(|d| d.id.clone())
}

fn corpus_with_three() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&corpus).expect("dir");
    write(&corpus, "b.txt", "Beta title\nbody of b\n");
    write(&corpus, "d.txt", "Delta title\nbody of d\n");
    write(&corpus, "f.txt", "Foxtrot title\nbody of f\n");
    index(&corpus, &cache);
    (tmp, corpus, cache)
}

#[test]
fn an_indexed_corpus_is_listed_without_reading_it() {
    let (_tmp, corpus, cache) = corpus_with_three();
    // The files' contents are gone: only the catalog can list them now.
    for f in ["b.txt", "d.txt", "f.txt"] {
        std::fs::write(corpus.join(f), "").expect("empty");
    }
    let listed = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    assert!(listed.is_listed());
    assert_eq!(listed.len(), 3);
    let mut a = app(listed);
    let s = screen(&mut a);
    assert!(s.contains("3 documents  checking for changes…"), "{s}");
    for t in ["Beta title", "Delta title", "Foxtrot title"] {
        assert!(s.contains(t), "{t} missing:\n{s}");
    }
}

#[test]
fn no_index_no_listing() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "a.txt", "alpha");
    let cache = tmp.path().join("cache");
    assert!(qari::search::listed(&[tmp.path().to_path_buf()], Some(&cache)).is_none());
}

#[test]
fn after_an_update_the_list_follows_its_documents() {
    let (_tmp, corpus, cache) = corpus_with_three();
    let listed = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    let mut a = app(listed);
    // Mark b, select d (down, space marks and moves: mark b, then f is
    // selected; up to d).
    a.key(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    a.key(&KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    assert_eq!(id(&a, a.library.selected_doc()).as_deref(), Some("b"));
    a.key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    assert_eq!(id(&a, a.library.selected_doc()).as_deref(), Some("d"));
    // Meanwhile: a file before all of them, and b removed.
    write(&corpus, "a.txt", "Alpha title\nbody of a\n");
    std::fs::remove_file(corpus.join("b.txt")).expect("rm");
    index(&corpus, &cache);
    let fresh = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    a.relist(fresh);
    assert_eq!(a.corpus.len(), 3);
    assert_eq!(id(&a, a.library.selected_doc()).as_deref(), Some("d"));
    assert!(a.library.marked.is_empty(), "b is gone: no mark left");
    let s = screen(&mut a);
    assert!(
        s.contains("Alpha title") && !s.contains("Beta title"),
        "{s}"
    );
    // The open document follows too.
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let Screen::Reading(r) = &a.screen else {
        panic!("not reading")
    };
    assert_eq!(id(&a, Some(r.doc)).as_deref(), Some("d"));
    write(&corpus, "0.txt", "Zero title\n");
    index(&corpus, &cache);
    let fresh = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    a.relist(fresh);
    let Screen::Reading(r) = &a.screen else {
        panic!("not reading")
    };
    assert_eq!(id(&a, Some(r.doc)).as_deref(), Some("d"));
    assert_eq!(r.doc, 2, "0, a, d, f");
}

#[test]
fn search_results_of_a_listed_corpus_are_its_documents() {
    let (_tmp, corpus, cache) = corpus_with_three();
    let listed = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    let mut a = app(listed);
    let opened = qari::search::open_with(
        std::slice::from_ref(&corpus),
        &LoadOptions::default(),
        &IndexOptions {
            cache: Some(cache.clone()),
            ..IndexOptions::default()
        },
        &mut |_| {},
    )
    .expect("open");
    a.attach_engine(opened.engine);
    screen(&mut a);
    for c in "/delta ".chars() {
        a.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let r = a.library.results.as_ref().expect("results");
    assert_eq!(r.answer.total, 1);
    assert_eq!(
        id(&a, r.docs.first().copied().flatten()).as_deref(),
        Some("d")
    );
    // Enter opens it: its text is read from the file, by the catalog's
    // locator.
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let s = screen(&mut a);
    assert!(s.contains("body of d"), "{s}");
}
