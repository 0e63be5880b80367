//! End to end: the real binary in a pseudo-terminal (portable-pty), its
//! output parsed by a VT emulator (vt100). Screens are asserted cell by
//! cell; the raw byte stream is checked for the bidi mode sequences.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "common/pty_capture.rs"]
mod pty_capture;

const EXPLICIT: &[u8] = b"\x1b[8l\x1b[1 k";
const RESTORE: &[u8] = b"\x1b[0 k\x1b[8h";
const ALT_ON: &[u8] = b"\x1b[?1049h";
const ALT_OFF: &[u8] = b"\x1b[?1049l";
const CLEAR: &[u8] = b"\x1b[2J";

fn timeout() -> Duration {
    let secs = std::env::var("QARI_E2E_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

#[derive(Default)]
struct Titles(Vec<Vec<u8>>);

impl vt100::Callbacks for Titles {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.0.push(title.to_vec());
    }
}

struct Qari {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    bytes: Arc<Mutex<Vec<u8>>>,
    size: (u16, u16),
    _state: tempfile::TempDir,
}

impl Qari {
    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let state = tempfile::tempdir().expect("state dir");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_qari"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", state.path());
        cmd.env("XDG_CONFIG_HOME", state.path());
        cmd.env("XDG_CACHE_HOME", state.path());
        cmd.env_remove("TMUX");
        cmd.env_remove("QARI_CONFIG");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn qari");
        drop(pair.slave);
        let writer = pair.master.take_writer().expect("writer");
        let bytes = pty_capture::capture(pair.master.try_clone_reader().expect("reader"));
        Self {
            child,
            master: pair.master,
            writer,
            bytes,
            size: (cols, rows),
            _state: state,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().expect("lock").clone()
    }

    fn parser(&self) -> vt100::Parser<Titles> {
        let mut p =
            vt100::Parser::new_with_callbacks(self.size.1, self.size.0, 0, Titles::default());
        p.process(&self.bytes());
        p
    }

    fn screen_text(&self) -> String {
        self.parser().screen().contents()
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self.parser().screen()) {
                return;
            }
            assert!(
                start.elapsed() < timeout(),
                "timed out waiting for {what}; screen:\n{}",
                self.screen_text()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_text(&self, text: &str) {
        self.wait_for(text, |s| s.contents().contains(text));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.size = (cols, rows);
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader thread collect the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(start.elapsed() < timeout(), "qari did not exit");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.process_id().expect("pid");
        let ok = std::process::Command::new("kill")
            .args([format!("-{sig}"), pid.to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill -{sig} failed");
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Explicit mode comes after the alternate screen and before the first
/// clear; the restore comes after the last drawing and before leaving the
/// alternate screen.
fn assert_bidi_mode_bracketing(bytes: &[u8]) {
    let alt = find(bytes, ALT_ON).expect("alternate screen entered");
    let explicit = find(bytes, EXPLICIT).expect("explicit mode sent");
    let clear = find(bytes, CLEAR).expect("screen cleared");
    assert!(
        alt < explicit && explicit < clear,
        "order: alt {alt}, explicit {explicit}, clear {clear}"
    );
    let restore = rfind(bytes, RESTORE).expect("bidi mode restored");
    let alt_off = rfind(bytes, ALT_OFF).expect("alternate screen left");
    assert!(
        restore > clear && restore < alt_off,
        "restore {restore} before leaving {alt_off}"
    );
}

#[test]
fn browse_open_scroll_resize_back_quit() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("001_46000f0de5a71e36");
    q.wait_text("5 documents");
    q.send("j\r");
    q.wait_text("¶ 1/54");
    let first_screen = q.screen_text();
    q.send(" ");
    q.wait_for("a page further", |s| {
        s.contents() != first_screen && !s.contents().contains(" 29%")
    });
    q.send("G");
    q.wait_text("100%");
    let before = q.parser().screen().contents_between(29, 0, 29, 100);
    let para: String = before
        .split('¶')
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    q.resize(70, 20);
    // The place is kept: the same paragraph is still at the top.
    q.wait_for("a 70-column status bar at the same paragraph", |s| {
        s.size() == (20, 70)
            && s.contents_between(19, 0, 19, 70)
                .contains(&format!("¶ {para}"))
    });
    // Rows are right-aligned: the last text column holds a letter on some row.
    let p = q.parser();
    let screen = p.screen();
    let right_edge_filled = (0..18).any(|r| {
        screen
            .cell(r, 68)
            .is_some_and(|c| !c.contents().trim().is_empty())
    });
    assert!(
        right_edge_filled,
        "RTL rows reach the right edge:\n{}",
        screen.contents()
    );
    q.send("g");
    q.wait_text("¶ 1/54");
    q.send("q");
    q.wait_text("5 documents");
    q.send("q");
    let status = q.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_bidi_mode_bracketing(&q.bytes());
}

#[test]
fn panic_restores_the_terminal_first() {
    let mut q = Qari::start(&["--panic-after-first-frame"], 80, 24, &[]);
    let status = q.wait_exit();
    assert!(!status.success());
    let bytes = q.bytes();
    assert_bidi_mode_bracketing(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    let after = &text[text.rfind("\x1b[?1049l").expect("left alternate screen")..];
    assert!(after.contains("qari stopped because of a bug"), "{after:?}");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let mut q = Qari::start(&[], 80, 24, &[]);
        q.wait_text("5 documents");
        q.signal(sig);
        let status = q.wait_exit();
        assert_eq!(status.exit_code(), code, "SIG{sig}");
        assert_bidi_mode_bracketing(&q.bytes());
    }
}

#[test]
fn hostile_document_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    let doc = "عنوان\n\u{1b}]0;pwned\u{7}title \u{1b}[2J\u{1b}[31mred\u{1b}[H \u{9b}31m c1 \u{202e}abc\u{202c} \u{1b}[?25h end\n";
    std::fs::write(dir.path().join("evil.txt"), doc).expect("write");
    let path = dir.path().to_str().expect("path").to_owned();
    let mut q = Qari::start(&[&path], 80, 24, &[]);
    q.wait_text("1 documents");
    q.send("\r");
    q.wait_text("pwned");
    let p = q.parser();
    assert!(
        p.callbacks().0.is_empty(),
        "title changed: {:?}",
        p.callbacks().0
    );
    let screen = p.screen();
    assert!(screen.hide_cursor(), "the document showed the cursor");
    // Visible placeholders stand where the controls were.
    let contents = screen.contents();
    assert!(contents.contains('\u{241B}'), "{contents}");
    // The document's text keeps the default colour: its CSI 31 m did nothing.
    for r in 0..22 {
        for c in 0..80 {
            if let Some(cell) = screen.cell(r, c)
                && cell.contents() == "r"
            {
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "row {r} col {c}");
            }
        }
    }
    // The first line survived the document's clear-screen.
    assert!(contents.contains("¶ 1/2"), "{contents}");
    // No byte of the document's escape sequences reached the terminal.
    let bytes = q.bytes();
    assert!(find(&bytes, b"\x1b]0;pwned").is_none());
    assert!(find(&bytes, "\u{9b}".as_bytes()).is_none());
    assert!(find(&bytes, "\u{202e}".as_bytes()).is_none());
    q.send("qq");
    assert!(q.wait_exit().success());
}

#[test]
fn position_is_remembered_across_runs() {
    let state = tempfile::tempdir().expect("state");
    let st = state.path().to_str().expect("path").to_owned();
    let mut q = Qari::start(&[], 100, 30, &[("XDG_STATE_HOME", &st)]);
    q.wait_text("5 documents");
    q.send("jj\r");
    q.wait_text("¶ 1/60");
    q.send("G");
    q.wait_text("100%");
    let status = q.parser().screen().contents_between(29, 0, 29, 100);
    q.send("qq");
    assert!(q.wait_exit().success());
    let mut q = Qari::start(&[], 100, 30, &[("XDG_STATE_HOME", &st)]);
    q.wait_text("5 documents");
    q.send("jj\r");
    q.wait_text("100%");
    assert_eq!(q.parser().screen().contents_between(29, 0, 29, 100), status);
    q.send("qq");
    assert!(q.wait_exit().success());
}

#[test]
fn mouse_wheel_scrolls_only_with_mouse_on() {
    let mut q = Qari::start(&["--mouse"], 100, 30, &[]);
    q.wait_text("5 documents");
    q.send("j\r");
    q.wait_text("¶ 1/54");
    let before = q.screen_text();
    // SGR mouse report: wheel down at column 10, row 10.
    q.send("\x1b[<65;10;10M");
    q.wait_for("the text to move", |s| s.contents() != before);
    q.send("qq");
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, b"\x1b[?1000h").is_some(), "mouse captured");
    assert!(rfind(&bytes, b"\x1b[?1000l").is_some(), "mouse released");
    // Without --mouse the terminal keeps its own selection: no capture.
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    q.send("q");
    assert!(q.wait_exit().success());
    assert!(find(&q.bytes(), b"\x1b[?1000h").is_none());
}

#[test]
fn no_color_keeps_reverse_video_and_tmux_gets_a_hint() {
    let mut q = Qari::start(
        &[],
        100,
        30,
        &[("NO_COLOR", "1"), ("TMUX", "/tmp/tmux-0/default,1,0")],
    );
    q.wait_text("5 documents");
    q.wait_text("tmux");
    let p = q.parser();
    let cell = p.screen().cell(1, 0).expect("cell");
    assert!(cell.inverse(), "selection in reverse video");
    assert_eq!(cell.bgcolor(), vt100::Color::Default);
    q.send("q");
    assert!(q.wait_exit().success());
}

#[test]
fn invalid_config_is_a_usage_error_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[keys.reading]\ndown = [\"j\", \"warp-9\"]\n").expect("write");
    let mut q = Qari::start(&["--config", cfg.to_str().expect("p")], 80, 24, &[]);
    let status = q.wait_exit();
    assert_eq!(status.exit_code(), 2);
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(
        text.contains("config.toml: line 2:") && text.contains("warp-9"),
        "{text}"
    );
    assert!(
        find(&q.bytes(), ALT_ON).is_none(),
        "the screen was never taken"
    );
}

#[test]
fn bidi_terminal_sends_logical_order_and_leaves_the_mode_alone() {
    let mut q = Qari::start(&["--bidi", "terminal"], 100, 30, &[]);
    q.wait_text("5 documents");
    // Titles go out in logical order: the first title's words as typed.
    let text = q.screen_text();
    assert!(text.contains("كشفت صحيفة"), "{text}");
    q.send("q");
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, EXPLICIT).is_none() && find(&bytes, RESTORE).is_none());
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    assert!(
        !q.screen_text().contains("كشفت صحيفة"),
        "app mode sends visual order"
    );
    q.send("q");
    assert!(q.wait_exit().success());
}

/// The library's title bar.
fn header(s: &vt100::Screen) -> String {
    s.contents_between(0, 0, 0, s.size().1)
}

#[test]
fn search_as_you_type_then_open_a_hit_and_step_through_its_hits() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    q.send("/");
    // Two letters that are only the article: nothing searched yet.
    q.send("ا");
    q.send("ل");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !header(q.parser().screen()).contains("match"),
        "{}",
        q.screen_text()
    );
    // Letter by letter, the results follow the query.
    let mut headers = Vec::new();
    for c in ["د", "و", "ل", "ة"] {
        let before = q.screen_text();
        q.send(c);
        q.wait_for("the screen to follow the keystroke", |s| {
            s.contents() != before
        });
        q.wait_for("results", |s| header(s).contains("documents match"));
        headers.push(
            header(q.parser().screen())
                .split("match")
                .next()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    let counts: Vec<&str> = headers.iter().map(|h| h.trim()).collect();
    assert!(
        counts.windows(2).any(|w| w[0] != w[1]),
        "counts change as the query grows: {counts:?}"
    );
    // The query box echoes the typed word (cells run left to right, so
    // the right-to-left word reads reversed).
    let bottom = q.parser().screen().contents_between(29, 0, 29, 100);
    assert!(bottom.contains("ةلودلا"), "{bottom}");
    // Open the first hit: the reading view with its hits counted.
    q.send("\r");
    q.wait_for("hit 1 of n in the status bar", |s| {
        let bar = s.contents_between(29, 0, 29, 100);
        bar.contains("¶") && bar.contains(" 1/")
    });
    let bar = q.parser().screen().contents_between(29, 0, 29, 100);
    // `¶ p/n` comes first, then the hits' `k/n`.
    let total: usize = bar
        .split_whitespace()
        .filter(|t| t.contains('/'))
        .nth(1)
        .and_then(|t| t.split('/').nth(1)?.parse().ok())
        .expect("k/n");
    assert!(total >= 2, "{bar}");
    // The hit on screen is drawn highlighted (its own background).
    let p = q.parser();
    let highlighted = (0..29).any(|r| {
        (0..100).any(|c| {
            p.screen().cell(r, c).is_some_and(|cell| {
                (cell.inverse() || cell.bgcolor() != vt100::Color::Default)
                    && !cell.contents().trim().is_empty()
            })
        })
    });
    assert!(highlighted, "{}", q.screen_text());
    q.send("n");
    q.wait_for("hit 2", |s| {
        s.contents_between(29, 0, 29, 100)
            .contains(&format!(" 2/{total}"))
    });
    q.send("N");
    q.wait_for("back to hit 1", |s| {
        s.contents_between(29, 0, 29, 100)
            .contains(&format!(" 1/{total}"))
    });
    q.send("N");
    q.wait_for("wraps to the last hit", |s| {
        s.contents_between(29, 0, 29, 100)
            .contains(&format!(" {total}/{total}"))
    });
    // Find in the document: another word, incremental.
    q.send("/");
    for c in ["ت", "ن", "ظ", "ي", "م"] {
        q.send(c);
    }
    q.wait_for("find counts its hits", |s| {
        let bar = s.contents_between(29, 0, 29, 100);
        let hits = bar.split_whitespace().filter(|t| t.contains('/')).nth(1);
        bar.contains("ميظنت") && hits.is_some_and(|h| !h.starts_with("0/"))
    });
    q.send("\r");
    q.send("q");
    q.wait_text("documents match");
    q.send("\x1b");
    // Apart, or the terminal reads Esc q as Alt-q.
    std::thread::sleep(Duration::from_millis(150));
    q.send("q");
    let status = q.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_user_corpus_is_indexed_with_progress_and_searched() {
    let dir = tempfile::tempdir().expect("corpus");
    for i in 0..30 {
        std::fs::write(
            dir.path().join(format!("d{i:02}.txt")),
            format!(
                "خبر رقم {i}\nوصل الوفد إلى القاهرة في اليوم {i} من الشهر، والتقى المسؤولين.\n"
            ),
        )
        .expect("write");
    }
    std::fs::write(
        dir.path().join("x.txt"),
        "مقال عن الإسكندرية\nالمدينة على البحر.\n",
    )
    .expect("write");
    let corpus = dir.path().display().to_string();
    let mut q = Qari::start(&[&corpus], 100, 30, &[]);
    q.wait_text("31 documents");
    q.send("/");
    for c in ["ا", "س", "ك", "ن"] {
        q.send(c);
    }
    q.wait_text("1 of 31 documents match");
    q.send("\x1b");
    // Apart, or the terminal reads Esc q as Alt-q.
    std::thread::sleep(Duration::from_millis(150));
    q.send("q");
    assert!(q.wait_exit().success());
    // Nothing was written inside the corpus.
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 31);
}

/// A screen row as text.
fn row_text(s: &vt100::Screen, r: u16) -> String {
    s.contents_between(r, 0, r, s.size().1)
}

#[test]
fn mark_two_documents_compare_scroll_in_sync_jump_to_a_difference_go_back() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    // Mark 000 and 001 (space marks and moves down), then compare.
    q.send(" ");
    q.send(" ");
    q.wait_for("two marks", |s| {
        row_text(s, 1).starts_with('A') && row_text(s, 2).starts_with('B')
    });
    q.send("c");
    q.wait_for("the compare view", |s| row_text(s, 0).contains("similar"));
    let s = q.parser();
    let header = row_text(s.screen(), 1);
    assert!(
        header.contains("A 000_") && header.contains("B 001_"),
        "{header}"
    );
    // The first body row: 001's stray "Array" opposite filler.
    let first = row_text(s.screen(), 2);
    assert!(
        first.starts_with('╱') && first.trim_end().ends_with("> Array"),
        "{first}"
    );
    // Scroll in sync: both panes move together, one line per j.
    let body = |s: &vt100::Screen| {
        (2..29)
            .map(|r| row_text(s, r).trim_end().to_owned())
            .collect::<Vec<_>>()
    };
    let before = body(q.parser().screen());
    q.send("j");
    q.wait_for("one line down", |s| body(s)[0] == before[1]);
    let after = body(q.parser().screen());
    // Both halves moved (the whole row moved up, not one pane).
    assert_eq!(after[..26], before[1..27]);
    // Jump to differences: the gutter line of the current one is marked
    // and on screen; jumping on past the screen scrolls.
    for _ in 0..12 {
        q.send("]");
        std::thread::sleep(Duration::from_millis(40));
    }
    q.wait_for("scrolled to a later difference", |s| body(s)[0] != after[0]);
    let p = q.parser();
    let screen = p.screen();
    let marked = (2..29).find(|&r| {
        screen
            .cell(r, 49)
            .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
    });
    assert!(
        marked.is_some(),
        "the current difference is marked:\n{}",
        q.screen_text()
    );
    let mark = screen
        .cell(marked.unwrap_or(2), 49)
        .map(|c| c.contents())
        .unwrap_or_default();
    assert!(["~", "<", ">", "⇄"].contains(&mark), "gutter {mark:?}");
    // Back to the library, marks still shown.
    std::thread::sleep(Duration::from_millis(150));
    q.send("\x1b");
    q.wait_for("the library", |s| row_text(s, 0).contains("5 documents"));
    assert!(row_text(q.parser().screen(), 1).starts_with('A'));
    q.send("q");
    assert!(q.wait_exit().success());
    assert_bidi_mode_bracketing(&q.bytes());
}
