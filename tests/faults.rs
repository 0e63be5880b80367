//! Fault injection for the index and the state files, run by
//! `scripts/fault-injection.sh` (release build; about 45 minutes on two
//! busy cores): `kill -9` during `qari index` at random points, damaged
//! and truncated index
//! files, a read-only cache, a full disk (a small tmpfs), two writers at
//! once, a search while indexing, positions and configuration files that
//! are damaged, folders or FIFOs. Each case either works or says what is
//! wrong; search results after recovery equal a clean build's; the corpus
//! is byte-identical after every run. The test prints `N cases, M
//! failures` (and what was skipped, with why: mounting a tmpfs needs
//! root).

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/hostile.rs"]
mod hostile;
#[path = "common/pty_capture.rs"]
mod pty_capture;

use hostile::{Rng, Run, Tally, check};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_qari"))
}

const WORDS: &[&str] = &[
    "قالت",
    "الصحيفة",
    "زعيم",
    "التنظيم",
    "نجا",
    "محاولة",
    "انقلاب",
    "مقاتلون",
    "أجانب",
    "سوريا",
    "الرئيس",
    "الحكومة",
    "القاهرة",
    "بغداد",
    "الوزير",
    "البرلمان",
    "الجيش",
    "المدينة",
    "اليوم",
    "مصادر",
    "مسؤول",
    "الأمن",
    "الحدود",
    "الشرق",
    "اتفاق",
    "مفاوضات",
    "اجتماع",
    "قرار",
];

/// A corpus of `files` files of about `kb` KB each, JSON Lines and text.
fn make_corpus(dir: &Path, files: usize, kb: usize, seed: u64) {
    let mut rng = Rng(seed);
    std::fs::create_dir_all(dir).expect("mkdir");
    for f in 0..files {
        let mut text = String::new();
        while text.len() < kb * 1000 {
            for _ in 0..12 {
                text.push_str(WORDS[rng.below(WORDS.len())]);
                text.push(' ');
            }
            text.push_str(&format!("{}.\n", rng.below(1000)));
        }
        if f % 3 == 0 {
            let lines: String = text
                .lines()
                .collect::<Vec<_>>()
                .chunks(20)
                .enumerate()
                .map(|(k, c)| {
                    format!(
                        "{{\"id\":\"f{f}r{k}\",\"text\":{}}}\n",
                        serde_json::to_string(&c.join("\n")).expect("json")
                    )
                })
                .collect();
            std::fs::write(dir.join(format!("f{f:04}.jsonl")), lines).expect("write");
        } else {
            std::fs::write(dir.join(format!("f{f:04}.txt")), text).expect("write");
        }
    }
}

const QUERIES: &[&str] = &[
    "زعيم ",
    "الرئيس الحكومة ",
    "\"زعيم التنظيم\"",
    "مسؤ",
    "-سوريا",
];

/// What a corpus answers: per query, the sorted (id, matches) of every hit.
type Answers = Vec<(String, Vec<String>)>;

struct Ctx {
    tally: Tally,
    skipped: Vec<String>,
    corpus: PathBuf,
    hashes: std::collections::BTreeMap<PathBuf, (u64, u64)>,
    _dir: tempfile::TempDir,
}

fn env_of(cache: &Path, state: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("XDG_CACHE_HOME", cache.to_path_buf()),
        ("XDG_STATE_HOME", state.to_path_buf()),
        ("XDG_CONFIG_HOME", state.to_path_buf()),
    ]
}

fn qari(args: &[&OsStr], cache: &Path, secs: u64) -> Run {
    let env = env_of(cache, cache);
    let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    hostile::run(&bin(), args, &env, Duration::from_secs(secs))
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// The answers of the index in `cache`; an error when a run misbehaves.
fn answers(corpus: &Path, cache: &Path) -> Result<Answers, String> {
    let mut out = Vec::new();
    for q in QUERIES {
        let r = qari(
            &[
                os("search"),
                os("--json"),
                os("-n"),
                os("10000"),
                os("--"),
                os(q),
                corpus.as_os_str(),
            ],
            cache,
            300,
        );
        check(&r, true, &[0])?;
        let mut hits: Vec<String> = String::from_utf8_lossy(&r.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
                format!("{} {}", v["id"], v["matches"])
            })
            .collect();
        hits.sort();
        out.push(((*q).to_owned(), hits));
    }
    Ok(out)
}

fn same(got: &Answers, want: &Answers) -> Result<(), String> {
    for ((q, g), (_, w)) in got.iter().zip(want) {
        if g != w {
            return Err(format!(
                "query {q:?}: {} hits, a clean build has {}",
                g.len(),
                w.len()
            ));
        }
    }
    Ok(())
}

impl Ctx {
    fn case(&mut self, name: &str, f: impl FnOnce(&mut Self) -> Result<(), String>) {
        let started = Instant::now();
        let mut outcome = f(self);
        if outcome.is_ok() {
            outcome = self.corpus_unchanged();
        }
        self.tally.record(name, outcome, started.elapsed());
    }

    fn corpus_unchanged(&self) -> Result<(), String> {
        if hostile::hash_tree(&self.corpus) == self.hashes {
            Ok(())
        } else {
            Err("the corpus changed".to_owned())
        }
    }

    fn fresh_cache(&self, name: &str) -> PathBuf {
        let p = self._dir.path().join(name);
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    }
}

/// The one index folder under a cache.
fn index_dir(cache: &Path) -> Option<PathBuf> {
    std::fs::read_dir(cache.join("qari/index"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .next()
}

#[test]
#[ignore = "minutes long: run by scripts/fault-injection.sh"]
fn fault_injection() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("corpus");
    // About 60 MB: more than one commit (every 48 MB) while building.
    let (files, kb) = (600, 100);
    make_corpus(&corpus, files, kb, 7);
    let hashes = hostile::hash_tree(&corpus);
    let mut ctx = Ctx {
        tally: Tally::default(),
        skipped: Vec::new(),
        corpus: corpus.clone(),
        hashes,
        _dir: dir,
    };
    let clean_cache = ctx.fresh_cache("clean");
    let r = qari(&[os("index"), corpus.as_os_str()], &clean_cache, 600);
    check(&r, false, &[0]).expect("a clean build");
    let clean = answers(&corpus, &clean_cache).expect("clean answers");
    assert!(
        clean.iter().all(|(_, h)| !h.is_empty()),
        "every query finds something"
    );

    // QARI_FAULTS=part,part… runs only those parts (all by default): kill,
    // damage, writers, readonly, full, state.
    let only = std::env::var("QARI_FAULTS").unwrap_or_default();
    let part = |name: &str| {
        let run = only.is_empty() || only.split(',').any(|p| p.trim() == name);
        if !run {
            println!("skipped: {name} (not in QARI_FAULTS)");
        }
        run
    };
    if part("kill") {
        kill_during_index(&mut ctx, &clean);
    }
    if part("damage") {
        damaged_files(&mut ctx, &clean, &clean_cache);
    }
    if part("writers") {
        two_writers_and_a_search_while_indexing(&mut ctx, &clean);
    }
    if part("readonly") {
        read_only_cache(&mut ctx, &clean, &clean_cache);
    }
    if part("full") {
        full_disk(&mut ctx);
    }
    if part("state") {
        state_files(&mut ctx);
    }

    for s in &ctx.skipped {
        println!("skipped: {s}");
    }
    for f in &ctx.tally.failures {
        println!("FAILED {f}");
    }
    println!("{}", ctx.tally.summary());
    assert!(ctx.tally.failures.is_empty(), "{}", ctx.tally.summary());
}

/// `kill -9` during `qari index` at 20 random points; the next run
/// finishes the index, whose answers equal a clean build's.
fn kill_during_index(ctx: &mut Ctx, clean: &Answers) {
    let mut rng = Rng(0xDEAD_BEEF_0042);
    let corpus = ctx.corpus.clone();
    let cache = ctx.fresh_cache("killed");
    // How long a whole build takes here: kills fall anywhere in it.
    let started = Instant::now();
    check(
        &qari(&[os("index"), corpus.as_os_str()], &cache, 600),
        false,
        &[0],
    )
    .expect("build");
    let whole = started.elapsed().as_millis().max(200) as u64;
    for k in 0..20 {
        let cache = ctx.fresh_cache("killed");
        // Half the kills in a first build, half in an update of a third of
        // the files (their index entries deleted, then added again).
        let update = k % 2 == 1;
        if update {
            check(
                &qari(&[os("index"), corpus.as_os_str()], &cache, 600),
                false,
                &[0],
            )
            .expect("build");
            // A third of the files look changed (a new modification time,
            // the same bytes): the update deletes, then adds them again.
            let when = std::time::SystemTime::now() - Duration::from_secs(3600 + k);
            for e in std::fs::read_dir(&corpus).expect("ls").flatten().step_by(3) {
                let f = std::fs::File::options()
                    .write(true)
                    .open(e.path())
                    .expect("open");
                f.set_modified(when).expect("touch");
            }
        }
        let delay = Duration::from_millis(rng.next() % whole);
        ctx.case(
            &format!(
                "kill -9 after {delay:?} of qari index ({})",
                if update { "update" } else { "build" }
            ),
            |ctx| {
                let mut child = Command::new(bin())
                    .args([os("index"), corpus.as_os_str()])
                    .envs(env_of(&cache, &cache))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| e.to_string())?;
                std::thread::sleep(delay);
                let _ = child.kill(); // SIGKILL
                let _ = child.wait();
                let r = qari(&[os("index"), corpus.as_os_str()], &cache, 600);
                check(&r, false, &[0])?;
                same(&answers(&corpus, &cache)?, clean)?;
                let _ = ctx;
                Ok(())
            },
        );
    }
}

/// Damaged index files: flipped bytes, zeroed blocks, truncated, deleted,
/// garbage appended, meta.json mangled. Searches answer as a clean build.
fn damaged_files(ctx: &mut Ctx, clean: &Answers, clean_cache: &Path) {
    let mut rng = Rng(0x0BAD_F11E_5EED);
    let corpus = ctx.corpus.clone();
    for trial in 0..40 {
        let cache = ctx.fresh_cache("damaged");
        copy_dir(clean_cache, &cache);
        let dir = index_dir(&cache).expect("index");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("ls")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let n = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                !n.starts_with("qari-") && n != "corpus.txt" && !n.ends_with(".lock")
            })
            .collect();
        files.sort();
        let f = files[rng.below(files.len())].clone();
        let mut bytes = std::fs::read(&f).expect("read");
        let n = bytes.len().max(1);
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let how = if name == "meta.json" || name == ".managed.json" {
            // Its syntax is its only check: break it.
            match trial % 3 {
                0 => {
                    bytes.truncate(n / 2);
                    "truncated"
                }
                1 => {
                    bytes = b"\x00\x01 not json".to_vec();
                    "garbage"
                }
                _ => {
                    std::fs::remove_file(&f).expect("rm");
                    bytes.clear();
                    "deleted"
                }
            }
        } else {
            match trial % 5 {
                0 => {
                    for _ in 0..3 {
                        let k = rng.below(n);
                        bytes[k] ^= 1 << rng.below(8);
                    }
                    "3 bits flipped"
                }
                1 => {
                    let k = rng.below(n);
                    let end = (k + 4096).min(n);
                    bytes[k..end].fill(0);
                    "a block zeroed"
                }
                2 => {
                    bytes.truncate(rng.below(n));
                    "truncated"
                }
                3 => {
                    bytes.extend_from_slice(b"garbage at the end");
                    "garbage appended"
                }
                _ => {
                    std::fs::remove_file(&f).expect("rm");
                    bytes.clear();
                    "deleted"
                }
            }
        };
        if f.exists() || !bytes.is_empty() {
            std::fs::write(&f, &bytes).expect("write");
        }
        ctx.case(&format!("index file {name}: {how}"), |_| {
            for round in 0..2 {
                same(&answers(&corpus, &cache)?, clean)
                    .map_err(|e| format!("round {round}: {e}"))?;
            }
            Ok(())
        });
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("ls") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A second `qari index` while one runs says so and fails; a search while
/// indexing answers; the first finishes with a clean build's answers.
fn two_writers_and_a_search_while_indexing(ctx: &mut Ctx, clean: &Answers) {
    let corpus = ctx.corpus.clone();
    for attempt in 0..3 {
        let cache = ctx.fresh_cache("two");
        let mut first = Command::new(bin())
            .args([os("index"), corpus.as_os_str()])
            .envs(env_of(&cache, &cache))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(400));
        let second = qari(&[os("index"), corpus.as_os_str()], &cache, 600);
        let search = qari(
            &[os("search"), os("زعيم "), corpus.as_os_str()],
            &cache,
            600,
        );
        let still = matches!(first.try_wait(), Ok(None));
        let status = first.wait().expect("wait");
        if !still && attempt < 2 {
            continue; // the first finished too soon to be overlapped
        }
        ctx.case("a second qari index while one runs", |_| {
            check(&second, false, &[1])?;
            let e = String::from_utf8_lossy(&second.stderr);
            if !e.contains("another qari is updating") {
                return Err(format!("said: {e}"));
            }
            Ok(())
        });
        ctx.case("a search while qari index runs", |_| {
            check(&search, false, &[0])
        });
        ctx.case(
            "the first writer finishes with a clean build's answers",
            |_| {
                if !status.success() {
                    return Err(format!("the first qari index exited {status:?}"));
                }
                same(&answers(&corpus, &cache)?, clean)
            },
        );
        return;
    }
}

/// Runs `args` as an unprivileged user when qari runs as root (root may
/// write anywhere): the cache then is read-only for it.
fn as_user(args: &[&OsStr], cache: &Path) -> Run {
    let env = env_of(cache, cache);
    let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let root = std::env::var("USER").is_ok_and(|u| u == "root")
        || Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root {
        let qari = bin();
        let mut all: Vec<&OsStr> = vec![
            os("--reuid=65534"),
            os("--regid=65534"),
            os("--clear-groups"),
            os("--"),
            qari.as_os_str(),
        ];
        all.extend_from_slice(args);
        hostile::run(Path::new("setpriv"), &all, &env, Duration::from_secs(300))
    } else {
        hostile::run(&bin(), args, &env, Duration::from_secs(300))
    }
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
}

fn chmod_tree(p: &Path, dirs: u32, files: u32) {
    chmod(p, dirs);
    for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
        let q = e.path();
        if q.is_dir() {
            chmod_tree(&q, dirs, files);
        } else {
            chmod(&q, files);
        }
    }
}

/// A read-only cache. tantivy cannot open an index it may not write (it
/// takes a lock file in the index folder even to read), so with a complete
/// index there or without one, search answers from memory, saying the
/// cache is unusable, and `qari index` fails saying why.
fn read_only_cache(ctx: &mut Ctx, clean: &Answers, clean_cache: &Path) {
    let corpus = ctx.corpus.clone();
    // Everything the unprivileged user needs to read.
    let mut up = corpus.clone();
    while let Some(parent) = up.parent() {
        chmod(parent, 0o755);
        up = parent.to_path_buf();
        if up == Path::new("/tmp") || up == Path::new("/") {
            break;
        }
    }
    chmod_tree(&corpus, 0o755, 0o644);
    let cache = ctx.fresh_cache("readonly");
    copy_dir(clean_cache, &cache);
    chmod_tree(&cache, 0o555, 0o444);
    ctx.case("read-only cache with a complete index: search", |_| {
        let r = as_user(
            &[
                os("search"),
                os("--json"),
                os("-n"),
                os("10000"),
                os("زعيم "),
                corpus.as_os_str(),
            ],
            &cache,
        );
        check(&r, true, &[0])?;
        let n = String::from_utf8_lossy(&r.stdout).lines().count();
        let want = clean[0].1.len();
        let e = String::from_utf8_lossy(&r.stderr);
        if n != want {
            Err(format!("{n} hits, a clean build has {want}"))
        } else if !e.contains("searching in memory") {
            Err(format!("said: {e}"))
        } else {
            Ok(())
        }
    });
    ctx.case(
        "read-only cache with a complete index: qari index fails, saying why",
        |_| {
            let r = as_user(&[os("index"), corpus.as_os_str()], &cache);
            check(&r, false, &[1])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if e.contains("index not saved") && e.contains("Permission denied") {
                Ok(())
            } else {
                Err(format!("said: {e}"))
            }
        },
    );
    let empty = ctx.fresh_cache("readonly-empty");
    chmod_tree(&empty, 0o555, 0o444);
    ctx.case(
        "read-only empty cache: qari index fails, saying why",
        |_| {
            let r = as_user(&[os("index"), corpus.as_os_str()], &empty);
            check(&r, false, &[1])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if e.contains("index not saved") {
                Ok(())
            } else {
                Err(format!("said: {e}"))
            }
        },
    );
    ctx.case("read-only empty cache: search answers from memory", |_| {
        let r = as_user(&[os("search"), os("زعيم "), corpus.as_os_str()], &empty);
        check(&r, false, &[0])?;
        let e = String::from_utf8_lossy(&r.stderr);
        if e.contains("searching in memory") {
            Ok(())
        } else {
            Err(format!("said: {e}"))
        }
    });
    chmod_tree(&cache, 0o755, 0o644);
    chmod_tree(&empty, 0o755, 0o644);
}

/// A full disk: a tmpfs too small for the index. `qari index` says the
/// disk is full; search answers from memory, or, when an older complete
/// index is there, from it (stale).
fn full_disk(ctx: &mut Ctx) {
    let mount = ctx._dir.path().join("small");
    std::fs::create_dir_all(&mount).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        ctx.skipped
            .push("full disk: mounting a tmpfs needs root".to_owned());
        return;
    }
    let small = ctx._dir.path().join("small-corpus");
    make_corpus(&small, 6, 20, 11);
    let small_hashes = hostile::hash_tree(&small);
    let cache = mount.join("cache");
    std::fs::create_dir_all(&cache).expect("mkdir");
    // An index that fits, then a corpus that does not.
    let r = qari(&[os("index"), small.as_os_str()], &cache, 300);
    let fits = check(&r, false, &[0]);
    let before = answers(&small, &cache);
    // Eight megabytes more: their index cannot fit in one (four did fit
    // in two: the texts' few words compress well).
    make_corpus(&small.join("more"), 80, 100, 12);
    ctx.case(
        "full disk, older index there: qari index says the disk is full",
        |_| {
            fits.clone()?;
            let r = qari(&[os("index"), small.as_os_str()], &cache, 300);
            check(&r, false, &[1])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if e.contains("the disk is full") {
                Ok(())
            } else {
                Err(format!("said: {e}"))
            }
        },
    );
    ctx.case(
        "full disk, older index there: search answers from it, saying so",
        |_| {
            let r = qari(&[os("search"), os("زعيم "), small.as_os_str()], &cache, 300);
            check(&r, false, &[0])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if !e.contains("the disk is full") || !e.contains("as of its last update") {
                return Err(format!("said: {e}"));
            }
            // What it answers is the older index: the new files are not in it.
            let got = answers(&small, &cache)?;
            same(&got, before.as_ref().map_err(Clone::clone)?)
        },
    );
    // A first build on the full disk: nothing to fall back on.
    let _ = std::fs::remove_dir_all(&cache);
    std::fs::create_dir_all(&cache).expect("mkdir");
    ctx.case(
        "full disk, no index: qari index says the disk is full",
        |_| {
            let r = qari(&[os("index"), small.as_os_str()], &cache, 300);
            check(&r, false, &[1])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if e.contains("the disk is full") {
                Ok(())
            } else {
                Err(format!("said: {e}"))
            }
        },
    );
    ctx.case(
        "full disk, no index: search answers from memory, naming the full disk",
        |_| {
            let r = qari(&[os("search"), os("زعيم "), small.as_os_str()], &cache, 300);
            check(&r, false, &[0])?;
            let e = String::from_utf8_lossy(&r.stderr);
            if e.contains("the disk is full") && !r.stdout.is_empty() {
                Ok(())
            } else {
                Err(format!("said: {e}"))
            }
        },
    );
    let _ = Command::new("umount").arg(&mount).status();
    let _ = std::fs::remove_dir_all(small.join("more"));
    let _ = small_hashes;
}

/// Positions and configuration files that are damaged, folders or FIFOs:
/// the reader starts and quits (positions), or says what is wrong at once
/// (configuration).
fn state_files(ctx: &mut Ctx) {
    type Make = fn(&Path);
    let states: [(&str, Make); 4] = [
        ("garbage", |p| {
            std::fs::write(p, b"\x00{{not json").expect("write")
        }),
        ("a folder", |p| std::fs::create_dir_all(p).expect("mkdir")),
        ("a FIFO", |p| {
            let s = Command::new("mkfifo").arg(p).status().expect("mkfifo");
            assert!(s.success());
        }),
        ("huge", |p| {
            let f = std::fs::File::create(p).expect("create");
            f.set_len(64 << 20).expect("sparse");
        }),
    ];
    for (what, make) in states {
        let state = ctx.fresh_cache("state");
        std::fs::create_dir_all(state.join("qari")).expect("mkdir");
        make(&state.join("qari/positions.json"));
        ctx.case(
            &format!("positions file that is {what}: the reader runs"),
            |_| {
                let code = reader_open_quit(&state)?;
                if code == 0 {
                    Ok(())
                } else {
                    Err(format!("exit {code}"))
                }
            },
        );
        let conf = ctx.fresh_cache("conf");
        let file = conf.join("config.toml");
        make(&file);
        ctx.case(
            &format!("configuration file that is {what}: an error at once"),
            |_| {
                let r = hostile::run(
                    &bin(),
                    &[os("--config"), file.as_os_str(), os("list")],
                    &[],
                    Duration::from_secs(20),
                );
                check(&r, false, &[2])?;
                let e = String::from_utf8_lossy(&r.stderr);
                if e.contains("config.toml") {
                    Ok(())
                } else {
                    Err(format!("said: {e}"))
                }
            },
        );
    }
    ctx.case("QARI_CONFIG naming no file: an error", |_| {
        let r = hostile::run(
            &bin(),
            &[os("list")],
            &[("QARI_CONFIG", Path::new("/nonexistent/qari.toml"))],
            Duration::from_secs(20),
        );
        check(&r, false, &[2])
    });
}

/// The reader on the sample, with XDG state in `state`: waits for its
/// first frame, quits; its exit code.
fn reader_open_quit(state: &Path) -> Result<i32, String> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(bin());
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", state);
    cmd.env("XDG_CACHE_HOME", state);
    cmd.env("XDG_CONFIG_HOME", state);
    cmd.env_remove("QARI_CONFIG");
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pair.slave);
    let mut w = pair.master.take_writer().map_err(|e| e.to_string())?;
    let cap =
        pty_capture::Capture::start(pair.master.try_clone_reader().map_err(|e| e.to_string())?);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if cap.with_bytes(|b| {
            b.windows(pty_capture::SYNC_END.len())
                .any(|x| x == pty_capture::SYNC_END)
        }) {
            break;
        }
        let seen = cap.with_bytes(<[u8]>::len);
        if !cap.wait_more(seen, deadline) || cap.eof() {
            let _ = child.kill();
            return Err("no first frame".to_owned());
        }
    }
    for k in ["\r", "j", "q", "q"] {
        w.write_all(k.as_bytes()).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
        std::thread::sleep(Duration::from_millis(80));
    }
    if !cap.wait_eof(deadline) {
        let _ = child.kill();
        return Err("the reader did not quit".to_owned());
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(i32::try_from(status.exit_code()).unwrap_or(-1))
}
