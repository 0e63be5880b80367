//! Reader benchmarks on ratatui's TestBackend: one redraw while scrolling
//! at 200×60, and opening a 10 MB single document to its first frame.
//!
//! Run: `cargo bench --bench reader`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use qari::config::{BidiMode, Config, ThemeName};
use qari::corpus::{Corpus, LoadOptions};
use qari::tui::keys::Action;
use qari::tui::{ReaderOptions, build_app, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn opts() -> ReaderOptions {
    ReaderOptions {
        mouse: false,
        bidi: BidiMode::App,
        shape: false,
        theme: ThemeName::Dark,
    }
}

fn bench(c: &mut Criterion) {
    let config = Config::default();

    // Redraw while scrolling: one line down, one full frame at 200x60.
    let mut app = build_app(Corpus::sample(), &config, &opts()).expect("app");
    app.act(Action::Open, 1);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    term.draw(|f| view::draw(f, &mut app)).expect("draw");
    let mut down = true;
    c.bench_function("reader/scroll one line + redraw at 200x60", |b| {
        b.iter(|| {
            // Back and forth through the document, so that every frame differs.
            let before = app.reader.as_ref().map(|r| r.top);
            app.act(if down { Action::Down } else { Action::Up }, 1);
            if app.reader.as_ref().map(|r| r.top) == before {
                down = !down;
            }
            term.draw(|f| view::draw(f, &mut app)).expect("draw");
        });
    });

    // A 10 MB single document: load the corpus, open it, first frame.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("ten-megabytes.txt");
    let sample = Corpus::sample();
    let one: String = (0..sample.docs.len())
        .map(|i| sample.text(i).expect("text").text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let big = one.repeat(10 * 1024 * 1024 / one.len() + 1);
    std::fs::write(&path, &big).expect("write");
    let mut g = c.benchmark_group("reader");
    g.sample_size(20);
    g.bench_function("open a 10 MB document to its first frame (200x60)", |b| {
        b.iter(|| {
            let corpus =
                Corpus::load(std::slice::from_ref(&path), &LoadOptions::default()).expect("load");
            let mut app = build_app(corpus, &config, &opts()).expect("app");
            app.act(Action::Open, 1);
            let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
            term.draw(|f| view::draw(f, &mut app)).expect("draw");
            black_box(term.backend().buffer().area)
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
