//! Start to first full frame: the release binary in a pseudo-terminal, from
//! spawning it to the moment its first complete frame showing the library's
//! status bar has arrived (frames are synchronized updates; see
//! `tests/common/pty_capture.rs`). Prints the median and the worst of 30 runs.
//!
//! Run: `cargo bench --bench startup` (builds the release binary first);
//! `QARI_BENCH_AGAINST=/path/to/qari` measures another build in the same
//! run, alternating. `QARI_BENCH_CORPUS=DIR` (a corpus indexed with `qari
//! index`, the same `XDG_CACHE_HOME`) measures the library of that corpus
//! only: what issue 14 asks of 100,000 and 1,000,000 articles.
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "../tests/common/pty_capture.rs"]
mod pty_capture;

fn first_frame(bin: &str, args: &[&str], marker: &str) -> Duration {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let state = tempfile::tempdir().expect("state");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", state.path());
    cmd.env("XDG_CONFIG_HOME", state.path());
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    // The terminal answers qari's probe as VTE does.
    let keys: pty_capture::Keys = std::sync::Arc::new(std::sync::Mutex::new(
        pair.master.take_writer().expect("writer"),
    ));
    let capture = pty_capture::Capture::answering(
        pair.master.try_clone_reader().expect("reader"),
        Some((keys, pty_capture::ANSWERS_VTE.to_vec())),
    );
    // Complete frames only: a frame counts once all of it has arrived.
    let mut frames = pty_capture::Frames::new(vt100::Parser::new(40, 120, 0));
    let deadline = start + Duration::from_secs(10);
    let elapsed = loop {
        let eof = capture.eof();
        let (shown, received) = capture.with_bytes(|b| {
            let mut shown = false;
            while !shown && frames.next_frame(b) {
                shown = frames.screen().contents().contains(marker);
            }
            (shown, b.len())
        });
        if shown {
            break start.elapsed();
        }
        assert!(
            !eof && capture.wait_more(received, deadline),
            "no frame with {marker:?}; received: {}",
            capture.with_bytes(|b| String::from_utf8_lossy(b).into_owned())
        );
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "{name}: median {:.1} ms, worst {:.1} ms ({} runs)",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        times.len()
    );
}

/// Runs `runs` measurements of each binary, alternating between them so
/// that the machine's load falls on both alike.
fn measure(bins: &[(String, String)], args: &[&str], what: &str, runs: usize) {
    let mut times = vec![Vec::new(); bins.len()];
    for _ in 0..runs {
        for (i, (_, bin)) in bins.iter().enumerate() {
            times[i].push(first_frame(bin, args, "enter open"));
        }
    }
    for ((name, _), t) in bins.iter().zip(times) {
        report(&format!("{what} [{name}]"), t);
    }
}

fn main() {
    // Under `cargo test --benches` (or with a filter) there is nothing to do.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "qari"])
        .status()
        .expect("cargo build");
    assert!(status.success());
    let mut bins = vec![(
        "this build".to_owned(),
        format!("{}/target/release/qari", env!("CARGO_MANIFEST_DIR")),
    )];
    // QARI_BENCH_AGAINST=/path/to/another/qari: the same runs, interleaved.
    if let Some(other) = std::env::var_os("QARI_BENCH_AGAINST") {
        let other = other.to_string_lossy().into_owned();
        bins.push((other.clone(), other));
    }
    let runs = 30;
    if let Some(corpus) = std::env::var_os("QARI_BENCH_CORPUS") {
        // The pseudo-terminal's child does not start in this folder.
        let corpus = std::fs::canonicalize(&corpus).expect("QARI_BENCH_CORPUS");
        let corpus = corpus.to_string_lossy().into_owned();
        measure(
            &bins,
            &[&corpus],
            &format!("start to first full frame, the library of {corpus}"),
            runs,
        );
        return;
    }
    measure(&bins, &[], "start to first full frame, sample corpus", runs);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("ten-megabytes.txt");
    let seeds = std::fs::read_dir(format!("{}/seeds", env!("CARGO_MANIFEST_DIR")))
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).expect("seed"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, seeds.repeat(10 * 1024 * 1024 / seeds.len() + 1)).expect("write");
    let p = path.to_str().expect("path");
    measure(
        &bins,
        &[p],
        "start to first full frame, one 10 MB document",
        runs,
    );
}
