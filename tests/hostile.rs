//! The hostile corpus end to end (tests/common/hostile.rs makes it): every
//! command over it, and the reader in a pseudo-terminal, each run a case
//! with a time bound. `hostile_corpus_fast_subset` runs in `cargo test`
//! (small shapes, every family); `scripts/hostile-corpus.sh` runs
//! `hostile_corpus_full` (the sizes of the issue, release build) and prints
//! its summary line.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "common/hostile.rs"]
mod hostile;
#[path = "common/pty_capture.rs"]
mod pty_capture;

use hostile::{Hostile, Scale, Tally, check, label, run};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_qari"))
}

struct Env {
    _dir: tempfile::TempDir,
    cache: PathBuf,
    state: PathBuf,
    config: PathBuf,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let p = |n: &str| {
            let p = dir.path().join(n);
            std::fs::create_dir_all(&p).expect("mkdir");
            p
        };
        Self {
            cache: p("cache"),
            state: p("state"),
            config: p("config"),
            _dir: dir,
        }
    }

    fn vars(&self) -> Vec<(&'static str, &Path)> {
        vec![
            ("XDG_CACHE_HOME", self.cache.as_path()),
            ("XDG_STATE_HOME", self.state.as_path()),
            ("XDG_CONFIG_HOME", self.config.as_path()),
        ]
    }
}

/// One command: run, check, record.
fn case(t: &mut Tally, env: &Env, timeout: Duration, args: &[&OsStr], allowed: &[i32]) -> Vec<u8> {
    // An option only before `--`: after it, `--json` is a document's id
    // (the hostile corpus has ids that start with dashes).
    let json = args
        .iter()
        .take_while(|a| **a != "--")
        .any(|a| *a == "--json");
    let r = run(&bin(), args, &env.vars(), timeout);
    t.record(&label(args), check(&r, json, allowed), r.elapsed);
    r.stdout
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// The ids `qari list --json` gives.
fn ids(list_json: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(list_json)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect()
}

fn session(scale: Scale) -> Tally {
    let dir = tempfile::tempdir().expect("tmp");
    let h: Hostile = hostile::generate(dir.path(), scale);
    let s = scale.sizes();
    let env = Env::new();
    let mut t = Tally::default();
    let root = h.root.as_os_str();
    let ok = &[0];
    let any = &[0, 1, 2];

    case(&mut t, &env, s.timeout, &[os("list"), root], ok);
    let listed = case(
        &mut t,
        &env,
        s.timeout,
        &[os("list"), os("--json"), root],
        ok,
    );
    let ids = ids(&listed);
    assert!(
        ids.len() > 20,
        "the hostile corpus lists {} documents",
        ids.len()
    );
    case(&mut t, &env, s.timeout, &[os("index"), root], ok);
    // Again: nothing changed, an index that is up to date.
    case(&mut t, &env, s.timeout, &[os("index"), root], ok);

    let long = h.long_query.clone();
    let mut queries: Vec<String> = vec![
        "مسؤول".into(),
        "\"زعيم التنظيم\" -سوريا".into(),
        "\u{1b}]0;HOSTILE-TITLE\u{7}x \u{202e}abc\u{9b}31m ".into(),
        long,
    ];
    if scale == Scale::Full {
        queries.extend(["الرئيس ", "-سوريا", "\"open quote", "كلمة"].map(String::from));
    }
    for q in &queries {
        case(&mut t, &env, s.timeout, &[os("search"), os(q), root], any);
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("search"), os("--json"), os("--"), os(q), root],
            any,
        );
    }
    case(
        &mut t,
        &env,
        s.timeout,
        &[
            os("search"),
            os("زعيم "),
            root,
            os("-n"),
            os("18446744073709551615"),
            os("--json"),
        ],
        ok,
    );
    case(
        &mut t,
        &env,
        s.timeout,
        &[os("search"), os("زعيم "), root, os("--strict")],
        ok,
    );

    // Every document by id (in the fast subset, the ids that are
    // themselves hostile).
    let corpus_flag = os("--corpus");
    for id in &ids {
        let hostile_id = id.chars().any(hostile::forbidden) || id.len() > 100;
        if scale == Scale::Fast && !hostile_id {
            continue;
        }
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("show"), corpus_flag, root, os("--"), os(id)],
            ok,
        );
    }
    for id in ids.iter().take(if scale == Scale::Fast { 1 } else { 12 }) {
        case(
            &mut t,
            &env,
            s.timeout,
            &[
                os("related"),
                corpus_flag,
                root,
                os("-n"),
                os("18446744073709551615"),
                os("--"),
                os(id),
            ],
            ok,
        );
    }
    // Documents by path, things that are no documents included (in the
    // fast subset, narrow rows only).
    for p in &h.paths {
        let allowed: &[i32] = if p.is_file() { &[0, 1] } else { &[1] };
        if scale == Scale::Full {
            case(
                &mut t,
                &env,
                s.timeout,
                &[os("show"), os("--"), p.as_os_str()],
                allowed,
            );
        }
        case(
            &mut t,
            &env,
            s.timeout,
            &[
                os("show"),
                os("-w"),
                os("1"),
                os("--dir"),
                os("rtl"),
                os("--"),
                p.as_os_str(),
            ],
            allowed,
        );
    }
    case(
        &mut t,
        &env,
        s.timeout,
        &[os("show"), os("x"), os("-w"), os("18446744073709551615")],
        &[2],
    );
    let pairs = if scale == Scale::Fast {
        &h.pairs[..3]
    } else {
        &h.pairs[..]
    };
    for (a, b) in pairs {
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("compare"), a.as_os_str(), b.as_os_str()],
            ok,
        );
        case(
            &mut t,
            &env,
            s.timeout,
            &[
                os("compare"),
                a.as_os_str(),
                b.as_os_str(),
                os("--json"),
                os("-w"),
                os("9"),
            ],
            ok,
        );
    }
    // A FIFO where a document is expected: an error, at once.
    let fifo = h.root.join("special/fifo.txt");
    case(
        &mut t,
        &env,
        s.timeout,
        &[os("compare"), fifo.as_os_str(), fifo.as_os_str()],
        &[1],
    );
    case(&mut t, &env, s.timeout, &[os("list"), fifo.as_os_str()], ok);

    // Files that change and vanish while qari reads and indexes them
    // (outside the corpus whose bytes are checked: these change on purpose).
    let churn = dir.path().join("churn");
    std::fs::create_dir_all(&churn).expect("mkdir");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (churn, stop) = (churn.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut rng = hostile::Rng(0xC0FF_EE00_0001);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let k = rng.below(6);
                let p = churn.join(format!("f{k}.{}", ["txt", "jsonl", "txt.gz"][k % 3]));
                let body = "وصل الوفد إلى القاهرة. ".repeat(1 + rng.below(4000));
                let _ = match rng.below(4) {
                    0 => std::fs::remove_file(&p),
                    1 => std::fs::write(&p, format!("{{\"text\":\"{body}\"}}\n")),
                    2 => {
                        let half = body.len() / 2;
                        let cut = (0..=half).rev().find(|&i| body.is_char_boundary(i));
                        std::fs::write(&p, &body[..cut.unwrap_or(0)])
                    }
                    _ => std::fs::rename(&p, churn.join("moved.txt")),
                };
            }
        })
    };
    for _ in 0..if scale == Scale::Fast { 2 } else { 10 } {
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("index"), churn.as_os_str()],
            &[0, 1],
        );
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("search"), os("القاهرة "), churn.as_os_str()],
            &[0],
        );
        case(
            &mut t,
            &env,
            s.timeout,
            &[os("list"), os("--json"), churn.as_os_str()],
            &[0],
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = writer.join();

    // The reader.
    let docs = if scale == Scale::Fast { 6 } else { ids.len() };
    let started = Instant::now();
    let outcome = reader(&h.root, &env, docs, s.timeout * 4);
    t.record("reader over the hostile corpus", outcome, started.elapsed());

    // Nothing in the corpus changed.
    let after = hostile::hash_tree(&h.root);
    let changed: Vec<String> = h
        .hashes
        .iter()
        .filter(|(p, hash)| after.get(*p) != Some(hash))
        .map(|(p, _)| p.display().to_string())
        .chain(
            after
                .keys()
                .filter(|p| !h.hashes.contains_key(*p))
                .map(|p| format!("new: {}", p.display())),
        )
        .collect();
    t.record(
        "the corpus is byte-identical after every run",
        if changed.is_empty() {
            Ok(())
        } else {
            Err(format!("changed: {changed:?}"))
        },
        Duration::ZERO,
    );
    t
}

/// The reader over the corpus in a pseudo-terminal: opens `docs`
/// documents in turn, goes to their ends, finds in them, turns inspect
/// mode on, compares one with its most similar, quits. Must exit 0 in
/// time, change no window title, send no raw control from a document,
/// and give the terminal back.
fn reader(root: &Path, env: &Env, docs: usize, timeout: Duration) -> Result<(), String> {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(bin());
    // Explicit mode and rows as laid out, no wire form: every bidi control
    // on the screen would then come from a document (none may).
    cmd.args(["--bidi", "app"]);
    cmd.arg(OsString::from(root.as_os_str()));
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env.vars() {
        cmd.env(k, v);
    }
    cmd.env_remove("TMUX");
    cmd.env_remove("QARI_CONFIG");
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pair.slave);
    let mut writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let capture =
        pty_capture::Capture::start(pair.master.try_clone_reader().map_err(|e| e.to_string())?);
    let deadline = Instant::now() + timeout;
    let frames = |n: usize| -> Result<(), String> {
        // Waits until at least `n` frames have been drawn.
        loop {
            let count = capture.with_bytes(|b| {
                b.windows(pty_capture::SYNC_END.len())
                    .filter(|w| *w == pty_capture::SYNC_END)
                    .count()
            });
            if count >= n {
                return Ok(());
            }
            let seen = capture.with_bytes(<[u8]>::len);
            if !capture.wait_more(seen, deadline) || capture.eof() {
                return Err(format!("no frame {n} (exited or timed out)"));
            }
        }
    };
    let result = (|| {
        frames(1)?;
        let mut send = |keys: &str| -> Result<(), String> {
            writer
                .write_all(keys.as_bytes())
                .map_err(|e| e.to_string())?;
            writer.flush().map_err(|e| e.to_string())?;
            std::thread::sleep(Duration::from_millis(30));
            Ok(())
        };
        for _ in 0..docs {
            for k in [
                "\r", "G", "g", "/", "ال", "\r", "n", "N", "i", "+", "-", "q", "j",
            ] {
                send(k)?;
            }
        }
        // Compare the selected document with its most similar, then back.
        for k in ["g", "c", "]", "x", "q", "q"] {
            send(k)?;
        }
        Ok::<(), String>(())
    })();
    let exited = capture.wait_eof(deadline);
    let status = if exited {
        child.wait().ok()
    } else {
        let _ = child.kill();
        None
    };
    result?;
    let status = status.ok_or("the reader did not exit in time")?;
    if !status.success() {
        return Err(format!("the reader exited with {status:?}"));
    }
    let bytes = capture.bytes();
    let text = String::from_utf8_lossy(&bytes);
    if text.contains("\u{1b}]0;HOSTILE-TITLE") {
        return Err("a document's escape sequence reached the terminal".to_owned());
    }
    if let Some(c) = text.chars().find(|c| {
        ('\u{80}'..='\u{9f}').contains(c) || (hostile::forbidden(*c) && !c.is_ascii_control())
    }) {
        return Err(format!("U+{:04X} reached the terminal", c as u32));
    }
    if text.contains("stopped because of a bug") {
        return Err("the reader panicked".to_owned());
    }
    let restore = b"\x1b[0 k\x1b[8h";
    let alt_off = b"\x1b[?1049l";
    let last = |n: &[u8]| bytes.windows(n.len()).rposition(|w| w == n);
    match (last(restore), last(alt_off)) {
        (Some(_), Some(_)) => Ok(()),
        _ => Err("the terminal was not given back".to_owned()),
    }
}

fn report(t: &Tally) {
    let mut slow = t.slowest.clone();
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (secs, name) in slow.iter().take(8) {
        println!("  {secs:7.2} s  {name}");
    }
    for f in &t.failures {
        println!("FAILED {f}");
    }
    println!("{}", t.summary());
}

#[test]
fn hostile_corpus_fast_subset() {
    let t = session(Scale::Fast);
    report(&t);
    assert!(
        t.failures.is_empty(),
        "{}:\n{}",
        t.summary(),
        t.failures.join("\n")
    );
}

/// `scripts/hostile-corpus.sh`: every case at the issue's sizes.
#[test]
#[ignore = "minutes long: run by scripts/hostile-corpus.sh"]
fn hostile_corpus_full() {
    let t = session(Scale::Full);
    report(&t);
    assert!(
        t.failures.is_empty(),
        "{}:\n{}",
        t.summary(),
        t.failures.join("\n")
    );
}
