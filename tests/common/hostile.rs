//! The hostile corpus and the runs over it, shared by `tests/hostile.rs`
//! (a fast subset in `cargo test`) and `scripts/hostile-corpus.sh` (every
//! case at full size, release build).
//!
//! The corpus is generated into a temporary folder, never committed: every
//! family of the issue (hostile file names, FIFOs, sockets, devices,
//! broken links, unreadable files, gzip bombs and broken gzip, JSON Lines
//! with huge lines and wrong types, UTF-16, legacy encodings, hostile
//! text shapes, deep folders). Every command runs over it with a time
//! bound; each run is a case, checked for: an exit code qari documents (0,
//! 1, 2; never a panic, a signal or a timeout), no raw control byte or
//! bidi control on stdout or stderr, valid JSON with `--json`, warnings of
//! one line each. The corpus is hashed before and after: qari never
//! writes to it.
#![allow(dead_code)] // each user takes what it needs

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How big the hostile shapes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// `cargo test`: every family, small shapes, a debug build.
    Fast,
    /// `scripts/hostile-corpus.sh`: the sizes the issue names.
    Full,
}

/// Sizes of the shapes at a scale.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Combining marks after one letter, and orphan marks.
    pub marks: usize,
    /// Bytes of the one-line file.
    pub long_line: usize,
    /// Sentences of the many-sentence document.
    pub sentences: usize,
    /// Words of the long query.
    pub query_words: usize,
    /// Depth of the nested folders.
    pub depth: usize,
    /// Decompressed bytes of the gzip bomb of zeros.
    pub zero_bomb: usize,
    /// Decompressed bytes of the gzip bomb of letters (0: none).
    pub letter_bomb: usize,
    /// Time allowed to one command.
    pub timeout: Duration,
}

impl Scale {
    /// The sizes.
    #[must_use]
    pub fn sizes(self) -> Sizes {
        match self {
            Self::Fast => Sizes {
                marks: 5_000,
                long_line: 100_000,
                sentences: 1_500,
                query_words: 300,
                depth: 60,
                zero_bomb: 2 << 20,
                letter_bomb: 0,
                timeout: Duration::from_secs(60),
            },
            Self::Full => Sizes {
                marks: 200_000,
                long_line: 50 << 20,
                sentences: 100_000,
                query_words: 10_000,
                depth: 1_000,
                zero_bomb: 1 << 30,
                letter_bomb: 300 << 20,
                timeout: Duration::from_secs(120),
            },
        }
    }
}

const ARABIC: &str =
    "قالت الصحيفة إن زعيم التنظيم نجا من محاولة انقلاب نفذها مقاتلون أجانب في سوريا";

/// Deterministic xorshift64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// Gzip of `n` copies of `byte`, made piece by piece.
fn gzip_of(byte: u8, n: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let piece = vec![byte; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(piece.len());
        enc.write_all(&piece[..k]).expect("gzip");
        left -= k;
    }
    enc.finish().expect("gzip")
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// A JSON string literal of `s` (escaped as JSON requires).
fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("json")
}

/// The hostile corpus: where it is and what a run over it needs to know.
pub struct Hostile {
    /// The corpus root (the one folder given to qari).
    pub root: PathBuf,
    /// Files whose content qari must never change, with their hashes.
    pub hashes: BTreeMap<PathBuf, (u64, u64)>,
    /// Documents to show and compare by path.
    pub paths: Vec<PathBuf>,
    /// Pairs to compare by path.
    pub pairs: Vec<(PathBuf, PathBuf)>,
    /// The long query.
    pub long_query: String,
    /// Children to wait for (a socket's listener is kept).
    _keep: Vec<std::os::unix::net::UnixListener>,
}

/// Generates the hostile corpus under `dir` (every family).
#[must_use]
pub fn generate(dir: &Path, scale: Scale) -> Hostile {
    let s = scale.sizes();
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).expect("root");
    let mut paths = Vec::new();
    let mut pairs = Vec::new();
    let mut keep = Vec::new();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let body = |i: usize| format!("{ARABIC} {i}. وقال مسؤول إن الرئيس وصل. {ARABIC}\n");

    // Names: newlines, escape sequences, invalid UTF-8, bidi controls.
    let names: Vec<Vec<u8>> = vec![
        b"new\nline.txt".to_vec(),
        b"esc\x1b[2Jclear.txt".to_vec(),
        b"osc\x1b]0;HOSTILE-TITLE\x07.txt".to_vec(),
        b"bad\xff\xfeutf8.txt".to_vec(),
        "rlo\u{202e}txt.exe.md".as_bytes().to_vec(),
        "c1\u{9b}31m.txt".as_bytes().to_vec(),
        b"tab\tname.txt".to_vec(),
        b"-n.txt".to_vec(),
        b"--json.txt".to_vec(),
        b"hash#12.jsonl".to_vec(),
        vec![b'x'; 200].into_iter().chain(*b".txt").collect(),
    ];
    for (i, n) in names.iter().enumerate() {
        let p = root.join("names").join(std::ffi::OsStr::from_bytes(n));
        let content = if n.ends_with(b".jsonl") {
            format!("{{\"id\":\"n{i}\",\"text\":{}}}\n", json_str(&body(i)))
        } else {
            body(i)
        };
        write(&p, content.as_bytes());
        paths.push(p);
    }

    // Things that are not regular files, and broken links.
    let special = root.join("special");
    std::fs::create_dir_all(&special).expect("special");
    let fifo = special.join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success(), "mkfifo");
    std::os::unix::fs::symlink(&fifo, special.join("fifo-link.txt")).expect("link");
    keep.push(std::os::unix::net::UnixListener::bind(special.join("socket.txt")).expect("socket"));
    std::os::unix::fs::symlink("/dev/zero", special.join("zero-device.txt")).expect("link");
    std::os::unix::fs::symlink("/dev/tty", special.join("tty-device.txt")).expect("link");
    std::os::unix::fs::symlink(special.join("nowhere.txt"), special.join("dangling.txt"))
        .expect("link");
    std::os::unix::fs::symlink(&special, special.join("loop")).expect("link");
    let locked = special.join("unreadable.txt");
    write(&locked, body(0).as_bytes());
    let locked_dir = special.join("unreadable-folder");
    write(&locked_dir.join("inside.txt"), body(1).as_bytes());
    paths.push(fifo.clone());
    paths.push(special.join("dangling.txt"));
    paths.push(special.join("zero-device.txt"));
    paths.push(special.clone());

    // Gzip: bombs, truncated, garbage, several members.
    let gz = root.join("gzip");
    write(&gz.join("zero-bomb.txt.gz"), &gzip_of(0, s.zero_bomb));
    if s.letter_bomb > 0 {
        write(
            &gz.join("letter-bomb.jsonl.gz"),
            &gzip_of(b'a', s.letter_bomb),
        );
    }
    let good = gzip(body(2).repeat(50).as_bytes());
    write(&gz.join("truncated.txt.gz"), &good[..good.len() / 2]);
    write(
        &gz.join("garbage.txt.gz"),
        b"\x1f\x8b\x08\x00not gzip at all",
    );
    write(&gz.join("empty.txt.gz"), b"");
    let mut two = gzip(body(3).as_bytes());
    two.extend(gzip(body(4).as_bytes()));
    write(&gz.join("two-members.txt.gz"), &two);
    paths.push(gz.join("truncated.txt.gz"));
    paths.push(gz.join("zero-bomb.txt.gz"));

    // JSON Lines: huge lines, wrong types, hostile ids, BOMs, escapes.
    let jl = root.join("jsonl");
    let huge: String = std::iter::repeat_n(ARABIC, s.long_line / ARABIC.len() + 1)
        .collect::<Vec<_>>()
        .join(" ");
    write(
        &jl.join("huge-line.jsonl"),
        format!("{{\"id\":\"huge\",\"text\":{}}}\n", json_str(&huge)).as_bytes(),
    );
    let wrong = [
        r#"{"text": 5}"#,
        r#"{"text": ["a", "b"]}"#,
        r#"{"text": {"nested": "x"}}"#,
        r#"{"text": null}"#,
        r#"{"text": true, "id": "t"}"#,
        r#"{"text": "ok", "id": {"a": 1}, "title": [1, 2]}"#,
        r#"{"text": "ok", "id": 12345678901234567890123, "title": null}"#,
        r#"{"text": "\ud800 lone \udfff surrogates \u0000 nul \u001b[2J esc"}"#,
        r#"{"text": "unterminated"#,
        r#"["not", "an", "object"]"#,
        r#"{"text": "a", "text": "duplicate key"}"#,
        "{\"text\": \"raw \u{1b}]0;HOSTILE-TITLE\u{7} in a string\"}",
        "\u{feff}{\"text\": \"a BOM in the middle of the file\"}",
    ];
    let mut lines: Vec<String> = wrong.iter().map(|l| (*l).to_owned()).collect();
    lines.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    for id in [
        "\u{1b}]0;HOSTILE-TITLE\u{7}",
        "\u{1b}[2J\u{1b}[H",
        "\u{9b}31m",
        "line\nbreak",
        "rlo\u{202e}di",
        "../../etc/passwd",
        "x~2",
        "x",
        "x",
        "",
        "   ",
    ] {
        lines.push(format!(
            "{{\"id\":{},\"title\":{},\"text\":{}}}",
            json_str(id),
            json_str(id),
            json_str(&body(7))
        ));
    }
    lines.push(format!(
        "{{\"id\":{},\"text\":{}}}",
        json_str(&"long-id-".repeat(2_000)),
        json_str(&body(8))
    ));
    write(&jl.join("wrong-types.jsonl"), lines.join("\n").as_bytes());
    let record = |i: usize| format!("{{\"id\":\"r{i}\",\"text\":{}}}", json_str(&body(i)));
    write(
        &jl.join("bom-crlf.jsonl"),
        format!("\u{feff}{}\r\n\r\n{}\r\n", record(1), record(2)).as_bytes(),
    );
    let mut legacy = vec![0xEF, 0xBB, 0xBF];
    legacy.extend(
        encoding_rs::WINDOWS_1256
            .encode(&format!("{}\n{}\n", record(3), record(4)))
            .0
            .iter(),
    );
    write(&jl.join("bom-windows-1256.jsonl"), &legacy);
    paths.push(jl.join("huge-line.jsonl"));
    paths.push(jl.join("wrong-types.jsonl"));

    // Encodings.
    let enc = root.join("encodings");
    let text = format!("{}\r\n{}\r\n𝕏 {}", body(10), body(11), body(12));
    write(&enc.join("utf16le-bom.txt"), &utf16(&text, true, true));
    write(&enc.join("utf16be-bom.txt"), &utf16(&text, false, true));
    write(&enc.join("utf16le-no-bom.txt"), &utf16(&text, true, false));
    let mut odd = utf16(&text, true, true);
    odd.push(0x41);
    write(&enc.join("utf16le-odd.txt"), &odd);
    write(
        &enc.join("utf16le-bom.jsonl"),
        &utf16(&format!("{}\r\n{}\n", record(5), record(6)), true, true),
    );
    write(&enc.join("utf32-bom.txt"), b"\xff\xfe\x00\x00A\x00\x00\x00");
    write(
        &enc.join("windows-1256.txt"),
        &encoding_rs::WINDOWS_1256.encode(&body(13)).0,
    );
    let mut bad = body(14).into_bytes();
    bad.splice(10..10, [0xFF, 0xC3, 0x28, 0xE2, 0x82]);
    write(&enc.join("invalid-utf8.txt"), &bad);
    write(&enc.join("nul-bytes.txt"), b"text\x00with a NUL");
    for f in [
        "utf16le-bom.txt",
        "utf16be-bom.txt",
        "utf16le-odd.txt",
        "invalid-utf8.txt",
    ] {
        paths.push(enc.join(f));
    }

    // Text shapes.
    let sh = root.join("shapes");
    let marks: String = std::iter::once('ب')
        .chain(std::iter::repeat_n('\u{064E}', s.marks))
        .chain(" آخر".chars())
        .collect();
    write(&sh.join("marks.txt"), marks.as_bytes());
    let orphans: String = std::iter::repeat_n('\u{0651}', s.marks).collect();
    write(&sh.join("orphan-marks.txt"), orphans.as_bytes());
    write(&sh.join("long-line.txt"), huge.as_bytes());
    let word: String = "كلمة".repeat(s.long_line / 8 / 4);
    write(&sh.join("long-word.txt"), word.as_bytes());
    let mut many = String::new();
    for i in 0..s.sentences {
        let w = ARABIC.split(' ').nth(i % 14).unwrap_or("كلمة");
        many.push_str(&format!("{w} {}. ", i % 97));
        if i % 50 == 49 {
            many.push('\n');
        }
    }
    write(&sh.join("sentences.txt"), many.as_bytes());
    let one_word: String = (0..s.sentences).map(|_| "كلمة.\n").collect();
    write(&sh.join("one-word-sentences.txt"), one_word.as_bytes());
    let nest = |c: char| std::iter::repeat_n(c, 5_000).collect::<String>();
    write(
        &sh.join("bidi-nesting.txt"),
        format!(
            "{}abc 123 {ARABIC}{}\n{}x\n",
            nest('\u{202B}'),
            nest('\u{202C}'),
            nest('\u{2067}')
        )
        .as_bytes(),
    );
    let controls: String = (1u32..0x20)
        .chain(0x7F..0xA0)
        .filter_map(char::from_u32)
        .chain("\u{1b}]0;HOSTILE-TITLE\u{7}\u{1b}[2J\u{1b}[31mred\u{1b}[?25h\u{1b}[?1049l".chars())
        .collect();
    write(
        &sh.join("controls.txt"),
        format!("{ARABIC}\n{controls}\n{ARABIC}").as_bytes(),
    );
    write(
        &sh.join("nel-ps.txt"),
        format!("{ARABIC}.\u{85}{ARABIC}.\u{2029}{ARABIC}.\u{2028}آخر.\r\nنهاية").as_bytes(),
    );
    let flags: String = std::iter::repeat_n("🇸🇾", s.marks / 4).collect();
    write(&sh.join("flags.txt"), flags.as_bytes());
    let zwj: String =
        std::iter::repeat_n("👩\u{200D}👩\u{200D}👧\u{200D}👦 ", s.marks / 40).collect();
    write(&sh.join("emoji-zwj.txt"), zwj.as_bytes());
    let tabs: String = std::iter::repeat_n("\tب", s.marks / 4).collect();
    write(&sh.join("tabs.txt"), tabs.as_bytes());
    let zalgo: String = ARABIC
        .chars()
        .flat_map(|c| {
            std::iter::once(c).chain((0..30).map(|k| char::from_u32(0x0300 + k).unwrap_or('x')))
        })
        .collect();
    write(&sh.join("zalgo.txt"), zalgo.as_bytes());
    let mixed: String = (0..2000)
        .map(|i| match rng.below(5) {
            0 => "abc ".to_owned(),
            1 => format!("{} ", i % 10),
            2 => "(\u{05D0}\u{05D1}) ".to_owned(),
            3 => "\u{0644}\u{0627} ".to_owned(),
            _ => "عربي، ".to_owned(),
        })
        .collect();
    write(&sh.join("mixed.txt"), mixed.as_bytes());
    for f in [
        "marks.txt",
        "orphan-marks.txt",
        "long-line.txt",
        "long-word.txt",
        "sentences.txt",
        "bidi-nesting.txt",
        "controls.txt",
        "nel-ps.txt",
        "flags.txt",
        "emoji-zwj.txt",
        "tabs.txt",
        "zalgo.txt",
        "mixed.txt",
    ] {
        paths.push(sh.join(f));
    }
    pairs.push((sh.join("nel-ps.txt"), sh.join("controls.txt")));
    pairs.push((sh.join("sentences.txt"), sh.join("sentences.txt")));
    pairs.push((sh.join("one-word-sentences.txt"), sh.join("sentences.txt")));
    pairs.push((sh.join("long-line.txt"), sh.join("sentences.txt")));
    pairs.push((sh.join("marks.txt"), sh.join("orphan-marks.txt")));
    pairs.push((sh.join("zalgo.txt"), sh.join("mixed.txt")));
    pairs.push((enc.join("utf16le-bom.txt"), enc.join("windows-1256.txt")));

    // Deep folders.
    let mut deep = root.join("deep");
    for _ in 0..s.depth {
        deep.push("d");
    }
    write(&deep.join("bottom.txt"), body(20).as_bytes());

    let long_query: String = (0..s.query_words)
        .map(|i| ARABIC.split(' ').nth(i % 14).unwrap_or("x"))
        .collect::<Vec<_>>()
        .join(" ");

    // Permissions last (root reads them anyway: both outcomes are fine).
    let mode = |p: &Path, m: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod");
    };
    mode(&locked, 0o000);
    mode(&locked_dir, 0o000);

    let hashes = hash_tree(&root);
    Hostile {
        root,
        hashes,
        paths,
        pairs,
        long_query,
        _keep: keep,
    }
}

/// FNV-1a and a second, differently seeded FNV-1a over a file's bytes
/// (with its length): equal pairs mean equal bytes, for any realistic
/// change.
fn hash_bytes(bytes: &[u8]) -> (u64, u64) {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4 ^ bytes.len() as u64;
    for &x in bytes {
        a = (a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3 | 0x2);
    }
    (a, b)
}

/// Every regular file under `root` (links not followed) with its hash;
/// FIFOs, sockets and links are listed with their kind.
#[must_use]
pub fn hash_tree(root: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            out.insert(dir.clone(), (0, 0));
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                let h = std::fs::read(&p).map_or((1, 1), |b| hash_bytes(&b));
                out.insert(p, h);
            } else {
                let link = std::fs::read_link(&p).unwrap_or_default();
                out.insert(p, hash_bytes(link.as_os_str().as_bytes()));
            }
        }
    }
    out
}

/// One run of qari and what came out.
#[derive(Debug)]
pub struct Run {
    /// What was run.
    pub args: Vec<String>,
    /// Exit code (`None`: killed by a signal, or timed out).
    pub code: Option<i32>,
    /// Ran out of time (and was killed).
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// Runs the qari binary with `args` and `env` (stdin closed), killed after
/// `timeout`.
#[must_use]
pub fn run(bin: &Path, args: &[&std::ffi::OsStr], env: &[(&str, &Path)], timeout: Duration) -> Run {
    let start = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("QARI_CONFIG")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn qari");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        args: args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: status.code(),
        timed_out,
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
        elapsed: start.elapsed(),
    }
}

/// A character no output of qari may hold raw: C0 controls but LF, DEL,
/// C1 controls, bidi controls.
#[must_use]
pub fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// The first forbidden byte sequence in `bytes`, as text for a message.
fn first_forbidden(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices()
        .find(|(_, c)| forbidden(*c))
        .map(|(i, c)| {
            let from = text[..i].char_indices().rev().nth(20).map_or(0, |(k, _)| k);
            format!("U+{:04X} after {:?}", c as u32, &text[from..i])
        })
}

/// What a run must show: an exit code qari documents, in time; no raw
/// control or bidi control; one-line `qari: ` messages on stderr; valid
/// JSON lines when `json`.
pub fn check(r: &Run, json: bool, allowed: &[i32]) -> Result<(), String> {
    if r.timed_out {
        return Err(format!("timed out after {:?}", r.elapsed));
    }
    match r.code {
        Some(c) if allowed.contains(&c) => {}
        other => {
            return Err(format!(
                "exit {other:?}; stderr: {}",
                String::from_utf8_lossy(&r.stderr)
                    .chars()
                    .take(400)
                    .collect::<String>()
            ));
        }
    }
    if let Some(f) = first_forbidden(&r.stdout) {
        return Err(format!("stdout holds {f}"));
    }
    if let Some(f) = first_forbidden(&r.stderr) {
        return Err(format!("stderr holds {f}"));
    }
    if std::str::from_utf8(&r.stdout).is_err() || std::str::from_utf8(&r.stderr).is_err() {
        return Err("output is not UTF-8".to_owned());
    }
    let err = String::from_utf8_lossy(&r.stderr);
    if r.code == Some(2) && err.starts_with("error: ") {
        // A usage error from the argument parser (several lines, as every
        // command-line tool prints them), sanitized like the rest.
        return Ok(());
    }
    for line in err.lines() {
        if !line.starts_with("qari: ") {
            return Err(format!("stderr line not a qari message: {line:?}"));
        }
        if line.contains("stopped because of a bug") {
            return Err(format!("panic: {line}"));
        }
    }
    if json {
        for line in String::from_utf8_lossy(&r.stdout).lines() {
            if serde_json::from_str::<serde_json::Value>(line).is_err() {
                return Err(format!(
                    "not JSON: {:?}",
                    line.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    Ok(())
}

/// The tally of a session of runs.
#[derive(Default)]
pub struct Tally {
    pub cases: usize,
    pub failures: Vec<String>,
    /// (seconds, case) of the slowest runs.
    pub slowest: Vec<(f64, String)>,
}

impl Tally {
    /// Records a case.
    pub fn record(&mut self, name: &str, outcome: Result<(), String>, elapsed: Duration) {
        self.cases += 1;
        self.slowest.push((elapsed.as_secs_f64(), name.to_owned()));
        if let Err(e) = outcome {
            self.failures.push(format!("{name}: {e}"));
        }
    }

    /// `N cases, M failures`.
    #[must_use]
    pub fn summary(&self) -> String {
        format!("{} cases, {} failures", self.cases, self.failures.len())
    }
}

/// A name for a case, made printable.
#[must_use]
pub fn label(args: &[&std::ffi::OsStr]) -> String {
    args.iter()
        .map(|a| {
            let s = a.to_string_lossy();
            let s: String = s
                .chars()
                .map(|c| if forbidden(c) { '·' } else { c })
                .collect();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
