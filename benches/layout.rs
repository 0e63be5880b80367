//! Layout engine benchmarks: one paragraph, one screen, whole documents.
//!
//! Run: `cargo bench --bench layout`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qari::bidi::{LayoutOptions, layout_paragraph};
use qari::corpus::Corpus;
use qari::render::document;

fn sample_texts() -> Vec<String> {
    let c = Corpus::sample();
    (0..c.len())
        .map(|i| c.text(i).expect("sample text").text.clone())
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = sample_texts();
    let longest_para = texts
        .iter()
        .flat_map(|t| t.split('\n'))
        .max_by_key(|p| p.len())
        .expect("a paragraph")
        .to_owned();
    let opts = LayoutOptions::default();
    let shaped = LayoutOptions {
        shape: true,
        ..LayoutOptions::default()
    };

    let mut g = c.benchmark_group("paragraph");
    g.throughput(Throughput::Bytes(longest_para.len() as u64));
    g.bench_function("longest sample paragraph, width 80", |b| {
        b.iter(|| layout_paragraph(black_box(&longest_para), 0, &[], &opts));
    });
    g.bench_function("longest sample paragraph, width 80, shaped", |b| {
        b.iter(|| layout_paragraph(black_box(&longest_para), 0, &[], &shaped));
    });
    g.finish();

    let mut g = c.benchmark_group("document");
    let doc = &texts[4];
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("sample 004 (10 KB), width 80", |b| {
        b.iter(|| document::layout(black_box(doc), &opts, &[]));
    });
    g.bench_function("sample 004 (10 KB), width 80, shaped", |b| {
        b.iter(|| document::layout(black_box(doc), &shaped, &[]));
    });
    let all = texts.join("\n");
    let big = all.repeat(30); // about 1.3 MB
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("whole sample x30 (1.3 MB), width 80", |b| {
        b.iter(|| {
            let mut n = 0usize;
            document::for_each_row(black_box(&big), &opts, &[], |r| n += r.cells.len());
            n
        });
    });
    g.finish();

    // One 80x50 screen: 50 rows from the middle of a document.
    let mut g = c.benchmark_group("screen");
    let screen_opts = LayoutOptions {
        width: 80,
        ..LayoutOptions::default()
    };
    g.bench_function("80x50 screen of sample 001", |b| {
        b.iter(|| {
            let mut rows = 0;
            for (off, para) in qari::bidi::paragraphs(&texts[1]) {
                rows += layout_paragraph(black_box(para), off, &[], &screen_opts).len();
                if rows >= 50 {
                    break;
                }
            }
            rows
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
