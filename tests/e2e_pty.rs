//! End to end: the real binary in a pseudo-terminal (portable-pty), its
//! output parsed by a VT emulator (vt100). Screens are asserted cell by
//! cell; the raw byte stream is checked for the bidi mode sequences.
//!
//! No test depends on timing. The screen is read from complete frames only
//! (qari sends each as a synchronized update), and a test asserts on the
//! frame it waited for. Keys go out once the frame they act on is shown,
//! and a wait after keys must not be satisfied before them (checked). Raw
//! bytes are read after qari has exited and closed its terminal.

use std::io::Write;
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

/// qari in a pseudo-terminal.
///
/// The screen is only ever read from complete frames (see
/// `pty_capture::Frames`): every wait looks at each new frame in turn and
/// returns the one it was waiting for, so what a test asserts after a wait
/// is that very frame, never a later or a half-drawn one. The raw bytes
/// (for mode sequences) are read once qari has exited and its side of the
/// terminal is closed, so they are all there.
struct Qari {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: pty_capture::Keys,
    capture: pty_capture::Capture,
    frames: pty_capture::Frames<Titles>,
    _state: tempfile::TempDir,
}

/// The probe budget given to qari when the fake terminal answers.
const PATIENT_PROBE_MS: &str = "10000";

impl Qari {
    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        Self::start_as(args, cols, rows, env, Some(pty_capture::ANSWERS_VTE))
    }

    /// qari in a terminal that answers its probe with `answers` (`None`:
    /// a terminal that never answers).
    fn start_as(
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        answers: Option<&[u8]>,
    ) -> Self {
        // A terminal that answers is waited for as long as it takes: on a
        // machine under heavy load the fake terminal's answer can take more
        // than the probe's 100 ms (a terminal that never answers gets the
        // real budget).
        let mut all = Vec::with_capacity(args.len() + 2);
        if answers.is_some() {
            all.extend(["--probe-budget", PATIENT_PROBE_MS]);
        }
        all.extend_from_slice(args);
        Self::start_program(env!("CARGO_BIN_EXE_qari"), &all, cols, rows, env, answers)
    }

    /// A shell command line in the terminal, `$QARI` being qari (for
    /// pipes: `cat FILE | $QARI`).
    fn start_shell(line: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        // $QARI: qari with a patient probe (see `start_as`).
        static WRAPPER: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
        let wrapper = WRAPPER.get_or_init(|| {
            let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("qari-patient-{}", std::process::id()));
            let script = format!(
                "#!/bin/sh\nexec '{}' --probe-budget {PATIENT_PROBE_MS} \"$@\"\n",
                env!("CARGO_BIN_EXE_qari")
            );
            std::fs::write(&path, script).expect("wrapper");
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .expect("chmod");
            path
        });
        let mut all = env.to_vec();
        let wrapper = wrapper.to_str().expect("path").to_owned();
        all.push(("QARI", &wrapper));
        Self::start_program(
            "/bin/sh",
            &["-c", line],
            cols,
            rows,
            &all,
            Some(pty_capture::ANSWERS_VTE),
        )
    }

    fn start_program(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        answers: Option<&[u8]>,
    ) -> Self {
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
        let mut cmd = CommandBuilder::new(program);
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
        // Ours closed, the program's is the only one: when it exits, the
        // capture reaches end of file.
        drop(pair.slave);
        let writer: pty_capture::Keys = std::sync::Arc::new(std::sync::Mutex::new(
            pair.master.take_writer().expect("writer"),
        ));
        let capture = pty_capture::Capture::answering(
            pair.master.try_clone_reader().expect("reader"),
            answers.map(|a| (std::sync::Arc::clone(&writer), a.to_vec())),
        );
        Self {
            child,
            master: pair.master,
            writer,
            capture,
            frames: pty_capture::Frames::new(vt100::Parser::new_with_callbacks(
                rows,
                cols,
                0,
                Titles::default(),
            )),
            _state: state,
        }
    }

    /// Every byte qari wrote so far (after [`Qari::wait_exit`]: all of them).
    fn bytes(&self) -> Vec<u8> {
        self.capture.bytes()
    }

    /// Feeds every frame that is complete by now; returns the frames fed,
    /// stopping early at the first that satisfies `stop`.
    fn feed(&mut self, stop: &dyn Fn(&vt100::Screen) -> bool) -> (Vec<vt100::Screen>, bool) {
        let frames = &mut self.frames;
        self.capture.with_bytes(|b| {
            let mut fed = Vec::new();
            while frames.next_frame(b) {
                fed.push(frames.screen().clone());
                if stop(frames.screen()) {
                    return (fed, true);
                }
            }
            (fed, false)
        })
    }

    /// The frames shown from now until one satisfies `pred`, that one last
    /// (just that one when the screen already does).
    fn frames_until(
        &mut self,
        what: &str,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Vec<vt100::Screen> {
        if self.frames.count() > 0 && pred(self.frames.screen()) {
            return vec![self.frames.screen().clone()];
        }
        let deadline = Instant::now() + timeout();
        let mut seen = Vec::new();
        loop {
            // Read before feeding: at end of file, every byte is then fed.
            let eof = self.capture.eof();
            let received = self.capture.with_bytes(<[u8]>::len);
            let (fed, found) = self.feed(&pred);
            seen.extend(fed);
            if found {
                return seen;
            }
            assert!(
                !eof,
                "qari exited before showing {what}; last frame:\n{}",
                self.frames.screen().contents()
            );
            assert!(
                self.capture.wait_more(received, deadline),
                "timed out waiting for {what}; last frame ({} so far{}):\n{}",
                self.frames.count(),
                if self.frames.count() == 0 && received > 0 {
                    "; the reader must send each frame as a synchronized update, \
                     CSI ? 2026 h ... CSI ? 2026 l"
                } else {
                    ""
                },
                self.frames.screen().contents()
            );
        }
    }

    /// Waits for the first frame that satisfies `pred` and returns it.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        self.frames_until(what, pred)
            .pop()
            .expect("frames_until ends with the frame it waited for")
    }

    /// Waits for a frame that shows `text`.
    fn wait_text(&mut self, text: &str) -> vt100::Screen {
        self.wait_for(text, |s| s.contents().contains(text))
    }

    /// The screen as of now: every frame received so far fed.
    fn latest(&mut self) -> vt100::Screen {
        self.feed(&|_| false);
        self.frames.screen().clone()
    }

    /// Sends `keys` (on the screen as of now), then returns the frames
    /// shown until one satisfies `pred`, that one last. The latest frame
    /// must not satisfy `pred` yet, or the wait would prove nothing.
    fn press_frames(
        &mut self,
        keys: &str,
        what: &str,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> Vec<vt100::Screen> {
        let now = self.latest();
        assert!(
            !pred(&now),
            "the screen shows {what} before {keys:?} is sent:\n{}",
            now.contents()
        );
        self.send(keys);
        self.frames_until(what, pred)
    }

    /// Sends `keys`, then waits for the first frame that satisfies `pred`
    /// (which the screen must not satisfy before) and returns it.
    fn press(
        &mut self,
        keys: &str,
        what: &str,
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        self.press_frames(keys, what, pred)
            .pop()
            .expect("frames_until ends with the frame it waited for")
    }

    fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().expect("writer");
        w.write_all(keys.as_bytes()).expect("write keys");
        w.flush().expect("flush");
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
        self.frames.resized(rows, cols);
    }

    /// Waits until qari's output (not a frame: a command's prompt) holds
    /// `text`.
    fn wait_output(&self, text: &str) {
        let deadline = Instant::now() + timeout();
        loop {
            let (found, seen) = self
                .capture
                .with_bytes(|b| (String::from_utf8_lossy(b).contains(text), b.len()));
            if found {
                return;
            }
            assert!(
                self.capture.wait_more(seen, deadline),
                "timed out waiting for {text:?} in the output"
            );
        }
    }

    /// Waits until qari has exited and all it wrote has been received.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout();
        assert!(
            self.capture.wait_eof(deadline),
            "qari did not exit (its terminal is still open); last frame:\n{}",
            self.frames.screen().contents()
        );
        // Its terminal is closed: the process is gone or about to be.
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "qari did not exit");
            std::thread::sleep(Duration::from_millis(5));
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

impl Drop for Qari {
    /// A failed test leaves no reader running.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
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

/// A screen row as text.
fn row_text(s: &vt100::Screen, r: u16) -> String {
    s.contents_between(r, 0, r, s.size().1)
}

/// The title bar (the first row).
fn header(s: &vt100::Screen) -> String {
    row_text(s, 0)
}

/// The status bar or search box (the last row).
fn bar(s: &vt100::Screen) -> String {
    row_text(s, s.size().0 - 1)
}

/// What the library's search box shows, or `None` when it is not open.
fn search_box(s: &vt100::Screen) -> Option<String> {
    let bar = bar(s);
    let typed = bar.strip_prefix(" / ")?;
    Some(typed.replace('▏', "").trim().to_owned())
}

/// What the reading view's find box shows, or `None` when it is not open.
fn find_box(s: &vt100::Screen) -> Option<String> {
    let bar = bar(s);
    let (_, typed) = bar.split_once(" / ")?;
    Some(typed.replace('▏', "").trim().to_owned())
}

/// A typed right-to-left word as the cells show it: they run left to
/// right, so it reads reversed.
fn as_shown(typed: &str) -> String {
    typed.chars().rev().collect()
}

/// The reading view's hit counter `k/n`, which follows `¶ p/n` in the
/// status bar.
fn hits(s: &vt100::Screen) -> Option<(usize, usize)> {
    let bar = bar(s);
    let (k, n) = bar
        .split_whitespace()
        .filter(|t| t.contains('/'))
        .nth(1)?
        .split_once('/')?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

#[test]
fn browse_open_scroll_resize_back_quit() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_for("the library", |s| {
        s.contents().contains("001_46000f0de5a71e36") && header(s).contains("5 documents")
    });
    q.press("j\r", "the second document", |s| {
        s.contents().contains("¶ 1/54")
    });
    let first_screen = q.latest().contents();
    q.press(" ", "a page further", |s| {
        s.contents() != first_screen && !s.contents().contains(" 29%")
    });
    let end = q.press("G", "the end", |s| bar(s).contains("100%"));
    let para: String = bar(&end)
        .split('¶')
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    q.resize(70, 20);
    // The place is kept: the same paragraph is still at the top. (The
    // emulator takes the new size with the first frame drawn for it.)
    let screen = q.wait_for("a 70-column status bar at the same paragraph", |s| {
        s.size() == (20, 70) && bar(s).contains(&format!("¶ {para}"))
    });
    // Rows are right-aligned: the last text column holds a letter on some row.
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
    q.press("g", "the start", |s| s.contents().contains("¶ 1/54"));
    q.press("q", "the library", |s| header(s).contains("5 documents"));
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
fn a_caught_panic_leaves_the_reader_running() {
    // Every background job panics (a hidden test flag): the panic is caught,
    // the reader says so and carries on in raw mode on the alternate screen;
    // the terminal is given back only when the user quits.
    let mut q = Qari::start(&["--panic-in-jobs"], 100, 30, &[]);
    q.wait_text("5 documents");
    q.press("  ", "two marks", |s| {
        row_text(s, 1).starts_with('A') && row_text(s, 2).starts_with('B')
    });
    q.press("c", "the failure in the status bar", |s| {
        bar(s).contains("compare failed")
    });
    let during = q.bytes();
    assert!(
        find(&during, RESTORE).is_none() && find(&during, ALT_OFF).is_none(),
        "the terminal was given back while the reader runs"
    );
    // Keys still work: the selection moves, the status clears.
    q.press("k", "the selection moved up", |s| {
        !bar(s).contains("compare failed") && bar(s).contains(" 2/5")
    });
    q.send("q");
    let status = q.wait_exit();
    assert!(status.success(), "{status:?}");
    let bytes = q.bytes();
    assert_bidi_mode_bracketing(&bytes);
    assert_eq!(
        bytes
            .windows(RESTORE.len())
            .filter(|w| *w == RESTORE)
            .count(),
        1,
        "the bidi mode is restored once, at the end"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("qari stopped because of a bug"), "{text:?}");
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
    let screen = q.press("\r", "the document", |s| s.contents().contains("pwned"));
    let titles = &q.frames.parser().callbacks().0;
    assert!(titles.is_empty(), "title changed: {titles:?}");
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
    q.send("qq");
    assert!(q.wait_exit().success());
    // No byte of the document's escape sequences reached the terminal.
    let bytes = q.bytes();
    assert!(find(&bytes, b"\x1b]0;pwned").is_none());
    assert!(find(&bytes, "\u{9b}".as_bytes()).is_none());
    assert!(find(&bytes, "\u{202e}".as_bytes()).is_none());
}

#[test]
fn position_is_remembered_across_runs() {
    let state = tempfile::tempdir().expect("state");
    let st = state.path().to_str().expect("path").to_owned();
    let mut q = Qari::start(&[], 100, 30, &[("XDG_STATE_HOME", &st)]);
    q.wait_text("5 documents");
    q.press("jj\r", "the third document", |s| {
        s.contents().contains("¶ 1/60")
    });
    let end = q.press("G", "its end", |s| bar(s).contains("100%"));
    q.send("qq");
    assert!(q.wait_exit().success());
    // Saved before qari exited.
    let saved = state.path().join("qari").join("positions.json");
    assert!(saved.is_file(), "{} not written", saved.display());
    let mut q = Qari::start(&[], 100, 30, &[("XDG_STATE_HOME", &st)]);
    q.wait_text("5 documents");
    let again = q.press("jj\r", "the third document at its end", |s| {
        bar(s).contains("100%")
    });
    assert_eq!(bar(&again), bar(&end));
    q.send("qq");
    assert!(q.wait_exit().success());
}

#[test]
fn two_readers_at_once_keep_each_others_positions() {
    let state = tempfile::tempdir().expect("state");
    let st = state.path().to_str().expect("path").to_owned();
    let env = [("XDG_STATE_HOME", st.as_str())];
    // Reader one reads the third document to its end; reader two, started
    // meanwhile, reads the first one to its end. One quits, then the other.
    let mut one = Qari::start(&[], 100, 30, &env);
    let mut two = Qari::start(&[], 100, 30, &env);
    one.wait_text("5 documents");
    two.wait_text("5 documents");
    one.press("jj\r", "the third document", |s| {
        s.contents().contains("¶ 1/60")
    });
    let third = one.press("G", "its end", |s| bar(s).contains("100%"));
    two.press("\r", "the first document", |s| {
        s.contents().contains("¶ 1/")
    });
    let first = two.press("G", "its end", |s| bar(s).contains("100%"));
    one.send("qq");
    assert!(one.wait_exit().success());
    two.send("qq");
    assert!(two.wait_exit().success());
    // Both places are remembered: neither reader overwrote the other's.
    let mut q = Qari::start(&[], 100, 30, &env);
    q.wait_text("5 documents");
    let again = q.press("\r", "the first document at its end", |s| {
        bar(s).contains("100%")
    });
    assert_eq!(bar(&again), bar(&first));
    q.press("q", "the library", |s| s.contents().contains("5 documents"));
    let again = q.press("jj\r", "the third document at its end", |s| {
        bar(s).contains("100%")
    });
    assert_eq!(bar(&again), bar(&third));
    q.send("qq");
    assert!(q.wait_exit().success());
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(state.path().join("qari"))
        .expect("state dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["positions.json"]);
}

/// Runs a command of qari in a pseudo-terminal to its end; returns what it
/// wrote there.
fn on_a_terminal(args: &[&str], config: &str) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).expect("config");
    let mut all = args.to_vec();
    all.extend(["--config", path.to_str().expect("path")]);
    let mut q = Qari::start(&all, 120, 30, &[]);
    let status = q.wait_exit();
    let bytes = q.bytes();
    assert!(status.success(), "{}", String::from_utf8_lossy(&bytes));
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn commands_on_a_terminal_follow_the_configured_bidi_and_shape() {
    let presentation = |s: &str| s.chars().any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c));
    for args in [
        &["list"][..],
        &["search", "البغدادي"][..],
        &["show", "000", "--no-pager"][..],
    ] {
        // shape = true in the file: presentation forms, in explicit mode.
        let out = on_a_terminal(args, "[layout]\nshape = true\n");
        assert!(presentation(&out), "{args:?}: not shaped");
        assert!(out.contains("\x1b[8l\x1b[1 k"), "{args:?}: explicit mode");
        // bidi = "terminal": logical order, the terminal's mode untouched,
        // no shaping.
        let out = on_a_terminal(args, "[layout]\nbidi = \"terminal\"\nshape = true\n");
        assert!(
            !presentation(&out),
            "{args:?}: shaped under bidi = terminal"
        );
        assert!(!out.contains("\x1b[8l"), "{args:?}: explicit mode sent");
        assert!(
            out.contains("البغدادي") || out.contains("كشفت"),
            "{args:?}: logical order"
        );
    }
}

#[test]
fn a_pipe_is_paged_with_keys_from_the_terminal() {
    // Standard input is a pipe; the keys come from the terminal.
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/001_46000f0de5a71e36.txt"
    );
    let mut q = Qari::start_shell(&format!("cat '{seed}' | \"$QARI\""), 100, 30, &[]);
    let first = q.wait_for("the document in the reading view", |s| {
        bar(s).contains("¶ 1/54")
    });
    assert!(first.contents().contains("ةفيحص"), "{}", first.contents());
    q.press("G", "its end", |s| bar(s).contains("100%"));
    // q leaves the pager: qari exits, nothing else to go back to.
    q.send("q");
    assert!(q.wait_exit().success());
    assert_bidi_mode_bracketing(&q.bytes());
}

#[test]
fn show_pages_a_long_document_and_prints_with_no_pager_or_a_short_one() {
    let mut q = Qari::start(&["show", "000"], 100, 30, &[]);
    q.wait_for("the reading view", |s| bar(s).contains("¶ 1/30"));
    q.press("G", "its end", |s| bar(s).contains("100%"));
    q.send("q");
    assert!(q.wait_exit().success());
    assert!(
        find(&q.bytes(), ALT_ON).is_some(),
        "paged on the alternate screen"
    );
    // --no-pager prints on the terminal, in explicit bidi mode.
    let mut q = Qari::start(&["show", "000", "--no-pager"], 100, 30, &[]);
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, ALT_ON).is_none(), "no alternate screen");
    assert!(find(&bytes, EXPLICIT).is_some());
    // A document shorter than the screen is printed too.
    let mut q = Qari::start_shell("printf 'سلام (عليكم)\\n' | \"$QARI\" show -", 100, 30, &[]);
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, ALT_ON).is_none(), "no alternate screen");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("(مكيلع) مالس"), "{text:?}");
}

/// What the first OSC 52 sequence in `bytes` copies (its base64 decoded).
fn osc52_copied(bytes: &[u8]) -> Vec<u8> {
    use base64::Engine as _;
    let at = find(bytes, b"\x1b]52;c;").expect("OSC 52 sent") + 7;
    let end = at + bytes[at..].iter().position(|&b| b == 0x07).expect("BEL");
    base64::engine::general_purpose::STANDARD
        .decode(&bytes[at..end])
        .expect("base64")
}

#[test]
fn y_copies_the_paragraph_through_osc_52_as_the_files_bytes() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    q.press("j\r", "the second document", |s| bar(s).contains("¶ 1/54"));
    q.press("y", "the copy confirmed", |s| bar(s).contains("copied"));
    q.send("qq");
    assert!(q.wait_exit().success());
    let copied = osc52_copied(&q.bytes());
    // The first paragraph of 001 as stored: "Array" (its first line).
    let file = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/001_46000f0de5a71e36.txt"
    ))
    .expect("seed");
    let first_line = &file[..file.iter().position(|&b| b == b'\n').expect("a line")];
    assert_eq!(copied, first_line.strip_suffix(b"\r").unwrap_or(first_line));
    // Scrolled down to an Arabic paragraph: its logical bytes.
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    q.press("j\r", "the second document", |s| bar(s).contains("¶ 1/54"));
    q.press("jjjj", "further down", |s| !bar(s).contains("¶ 1/54"));
    q.press("y", "the copy confirmed", |s| bar(s).contains("copied"));
    q.send("qq");
    assert!(q.wait_exit().success());
    let copied = osc52_copied(&q.bytes());
    let text = String::from_utf8(copied).expect("UTF-8");
    assert!(
        !text.is_empty() && text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{text:?}"
    );
    let file = String::from_utf8(file).expect("UTF-8 seed");
    assert!(
        file.lines().any(|l| l.trim_end_matches('\r') == text),
        "a whole line of the file, in logical order: {text:?}"
    );
}

/// What Konsole 22.12 answers to qari's probe (tests/data/terminals):
/// nothing to DECRQM, its name to XTVERSION, DA2, DA1.
const ANSWERS_KONSOLE: &[u8] = b"\x1bP>|Konsole 22.12.3\x1b\\\x1b[>1;115;0c\x1b[?62;1;4c";

const LRM: &[u8] = "\u{200E}".as_bytes();
const LRO: &[u8] = "\u{202D}".as_bytes();

#[test]
fn the_probe_picks_the_form_the_terminal_needs() {
    // A terminal answering like Konsole: no explicit mode (Konsole ignores
    // it), right-to-left runs handed back with LRMs, shaped.
    let mut q = Qari::start_as(
        &["show", "000", "--no-pager"],
        100,
        30,
        &[],
        Some(ANSWERS_KONSOLE),
    );
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(
        find(&bytes, EXPLICIT).is_none(),
        "no explicit mode for Konsole"
    );
    assert!(find(&bytes, LRM).is_some(), "runs closed by LRMs");
    assert!(find(&bytes, LRO).is_none(), "not the fenced form");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.chars().any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)),
        "shaped"
    );
    // The reader too: no explicit mode, LRMs in its rows.
    let mut q = Qari::start_as(&[], 100, 30, &[], Some(ANSWERS_KONSOLE));
    q.wait_text("5 documents");
    q.send("q");
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, EXPLICIT).is_none());
    assert!(find(&bytes, LRM).is_some());
}

/// mlterm's answers (tests/data/terminals/mlterm.txt): mode 8 unknown, DA2 24.
const ANSWERS_MLTERM: &[u8] = b"\x1b[8;0$y\x1b[>24;279;0c\x1b[?63;1;2;3;4;6;7;15;18;22;29c";
const MLTERM_ENV: &[(&str, &str)] = &[("TERM", "mlterm"), ("MLTERM", "3.9.0")];
const LRM_LRO: &str = "\u{200E}\u{202D}";

#[test]
fn mlterm_gets_every_line_opened_by_an_override_and_two_columns_free() {
    // Printed: each line opens with LRM + LRO, holds no other mark, and
    // is two columns narrower than the terminal.
    let mut q = Qari::start_as(
        &["show", "000", "--no-pager"],
        60,
        30,
        MLTERM_ENV,
        Some(ANSWERS_MLTERM),
    );
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(
        find(text.as_bytes(), EXPLICIT).is_none(),
        "no explicit mode"
    );
    let lines: Vec<&str> = text
        .split("\r\n")
        .filter(|l| {
            l.chars().any(|c| {
                ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{FE70}'..='\u{FEFF}').contains(&c)
            })
        })
        .collect();
    assert!(lines.len() > 20, "{text:?}");
    for line in &lines {
        // The probe's queries precede the first line.
        let line = line.rsplit("\x1b[c").next().unwrap_or(line);
        let rest = line
            .strip_prefix(LRM_LRO)
            .unwrap_or_else(|| panic!("not opened by LRM + LRO: {line:?}"));
        assert!(
            !rest.contains(['\u{200E}', '\u{200F}', '\u{202C}', '\u{202D}', '\u{202E}']),
            "{line:?}"
        );
        let width = unicode_width::UnicodeWidthStr::width(rest);
        assert!(width <= 58, "{width} columns: {rest:?}");
    }
    // The reader's compare view: every line it sends opens with the
    // override, and its filler is sent as ASCII (mlterm reorders a line
    // holding a box-drawing character again).
    let mut q = Qari::start_as(&[], 100, 30, MLTERM_ENV, Some(ANSWERS_MLTERM));
    q.wait_text("5 documents");
    q.press("  ", "two marks", |s| {
        row_text(s, 1).starts_with('A') && row_text(s, 2).starts_with('B')
    });
    let compare = q.press("c", "the compare view", |s| header(s).contains("similar"));
    // The screen as mlterm is sent it: the marks occupy no cell here, so
    // rows read as laid out, two columns short of the edge.
    let first = row_text(&compare, 2);
    assert!(first.starts_with("//"), "{first}");
    assert!(first.trim_end().ends_with("> Array"), "{first}");
    q.send("q");
    q.send("q");
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(!text.contains('╱'), "a box-drawing character was sent");
    // Cut at every cursor move: each piece drawn after a move is one
    // line from its first column, opened by the prefix.
    let mut moves = 0;
    for piece in text.split("\x1b[").skip(1) {
        let Some(end) = piece.find(|c: char| ('@'..='~').contains(&c)) else {
            continue;
        };
        if !piece[end..].starts_with('H') {
            continue;
        }
        let column = piece[..end].split(';').nth(1).unwrap_or("1");
        assert_eq!(column, "1", "a cursor move within a line: {piece:?}");
        moves += 1;
    }
    for drawn in text.split("H\u{200E}").skip(1) {
        assert!(drawn.starts_with('\u{202D}'), "{drawn:?}");
    }
    let opened = text.matches(LRM_LRO).count();
    assert!(
        moves > 30 && opened >= moves - 2,
        "{moves} moves, {opened} lines opened"
    );
}

/// kitty's answers (tests/data/terminals/kitty.txt), which a freshly
/// started kitty sends about 200 ms late.
const ANSWERS_KITTY: &str = "\x1b[8;0$y\x1bP>|kitty(0.26.5)\x1b\\\x1b[>1;4000;26c\x1b[?62;c";

/// Waits until qari has probed, then answers just after its budget (a
/// freshly started kitty answers after about 104 ms).
fn answer_late(q: &mut Qari) {
    q.wait_output("\x1b[c");
    std::thread::sleep(Duration::from_millis(105));
    q.send(ANSWERS_KITTY);
}

#[test]
fn answers_after_the_budget_are_neither_keys_nor_shown() {
    // The reader: in a real kitty under Xvfb the late answer (it holds
    // `k`, `y`, digits… as key presses) opened the compare view before
    // qari drained it; here the library must stay as it was and the next
    // key must work.
    let mut q = Qari::start_as(&[], 100, 30, &[], None);
    answer_late(&mut q);
    q.wait_text("5 documents");
    // A key typed after the answers: the reader reads keys again.
    let s = q.press("j", "the second document selected", |s| {
        bar(s).contains("2/5")
    });
    assert!(header(&s).contains("5 documents"), "{}", header(&s));
    assert!(!s.contents().contains("similar"), "{}", s.contents());
    q.send("q");
    assert!(q.wait_exit().success());
    // A command: the answers are not echoed into its output, and the
    // terminal's modes are given back (echo and line editing on).
    let mut q = Qari::start_program(
        "/bin/sh",
        &["-c", "\"$QARI\" list; sleep 0.5; stty -a"],
        100,
        30,
        &[("QARI", env!("CARGO_BIN_EXE_qari"))],
        None,
    );
    answer_late(&mut q);
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(!text.contains("kitty("), "{text}");
    assert!(!text.contains("62;c"), "{text}");
    assert!(!text.contains("^["), "{text}");
    let modes = text.rsplit("speed").next().unwrap_or_default();
    assert!(
        modes.contains(" icanon") && modes.contains(" echo "),
        "{modes}"
    );
}

#[test]
fn a_terminal_that_never_answers_costs_at_most_the_probes_budget() {
    // Nothing answers: the probe gives up within its budget (100 ms) and
    // qari sends the fenced form, which reads right whether the terminal
    // reorders or not.
    let start = std::time::Instant::now();
    let mut q = Qari::start_as(&["show", "000", "--no-pager"], 100, 30, &[], None);
    assert!(q.wait_exit().success());
    let elapsed = start.elapsed();
    let bytes = q.bytes();
    assert!(find(&bytes, LRO).is_some(), "fenced rows");
    assert!(find(&bytes, EXPLICIT).is_none());
    // qari doctor says how long it asked: never more than the budget.
    let mut q = Qari::start_as(&["doctor"], 100, 40, &[], None);
    q.wait_output("Which line reads right");
    q.send("\r");
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    let ms: f64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("asked in"))
        .and_then(|l| l.trim().split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(ms <= 110.0, "the probe took {ms} ms");
    assert!(text.contains("no answer at all"), "{text}");
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

#[test]
fn doctor_shows_what_it_found_and_saves_the_line_chosen() {
    let mut q = Qari::start(&["doctor"], 100, 40, &[("VTE_VERSION", "7006")]);
    // It asks which line reads right: Enter keeps qari's choice.
    q.wait_output("Which line reads right");
    q.send("\r");
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(text.contains("VTE"), "{text}");
    assert!(text.contains("implicit, can be switched off (1)"), "{text}");
    assert!(text.contains("qari sends      explicit mode"), "{text}");
    for k in 1..=6 {
        assert!(text.contains(&format!("  {k}  ")), "card line {k}: {text}");
    }
    // --save 4 writes the form of line 4 (runs) to the configuration, and
    // qari then sends it without asking the terminal.
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().to_str().expect("path");
    let mut q = Qari::start(
        &["doctor", "--save", "4"],
        100,
        40,
        &[("XDG_CONFIG_HOME", d)],
    );
    assert!(q.wait_exit().success());
    let saved =
        std::fs::read_to_string(dir.path().join("qari").join("config.toml")).expect("written");
    assert!(saved.contains("send = \"runs\""), "{saved}");
    let mut q = Qari::start(
        &["show", "000", "--no-pager"],
        100,
        30,
        &[("XDG_CONFIG_HOME", d)],
    );
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, LRM).is_some() && find(&bytes, EXPLICIT).is_none());
}

#[test]
fn piped_into_a_pager_on_a_terminal_qari_says_what_reads_right() {
    // `qari show 000 | cat` on a terminal: visual rows, and a note on the
    // terminal (stderr) saying how to page them so they read right.
    let mut q = Qari::start_shell("\"$QARI\" show 000 | cat", 100, 30, &[]);
    assert!(q.wait_exit().success());
    let text = String::from_utf8_lossy(&q.bytes()).into_owned();
    assert!(text.contains("--send fenced"), "{text}");
    assert!(find(&q.bytes(), LRO).is_none(), "plain rows by default");
    // Asked for the fenced form: it goes through the pipe, no note.
    let mut q = Qari::start_shell("\"$QARI\" show 000 --send fenced | cat", 100, 30, &[]);
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, LRO).is_some());
    assert!(!String::from_utf8_lossy(&bytes).contains("--send fenced"));
    // Redirected to a file: no note (nobody is looking).
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out.txt");
    let mut q = Qari::start_shell(
        &format!("\"$QARI\" show 000 > '{}'", out.display()),
        100,
        30,
        &[],
    );
    assert!(q.wait_exit().success());
    assert!(!String::from_utf8_lossy(&q.bytes()).contains("--send"));
    assert!(
        std::fs::read_to_string(&out)
            .expect("written")
            .contains("ةفيحص")
    );
}

#[test]
fn mouse_wheel_scrolls_only_with_mouse_on() {
    let mut q = Qari::start(&["--mouse"], 100, 30, &[]);
    q.wait_text("5 documents");
    q.press("j\r", "the second document", |s| {
        s.contents().contains("¶ 1/54")
    });
    let before = q.latest().contents();
    // SGR mouse report: wheel down at column 10, row 10.
    q.press("\x1b[<65;10;10M", "the text to move", |s| {
        s.contents() != before
    });
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
    let screen = q.wait_for("the library with the tmux hint", |s| {
        header(s).contains("5 documents") && bar(s).contains("tmux")
    });
    let cell = screen.cell(1, 0).expect("cell");
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
    // Titles go out in logical order: the first title's words as typed.
    let text = q.wait_text("5 documents").contents();
    assert!(text.contains("كشفت صحيفة"), "{text}");
    q.send("q");
    assert!(q.wait_exit().success());
    let bytes = q.bytes();
    assert!(find(&bytes, EXPLICIT).is_none() && find(&bytes, RESTORE).is_none());
    let mut q = Qari::start(&[], 100, 30, &[]);
    let text = q.wait_text("5 documents").contents();
    assert!(!text.contains("كشفت صحيفة"), "app mode sends visual order");
    q.send("q");
    assert!(q.wait_exit().success());
}

#[test]
fn search_as_you_type_then_open_a_hit_and_step_through_its_hits() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    // Two letters that are only the article: nothing is searched.
    q.press("/", "the search box", |s| search_box(s).is_some());
    q.send("ا");
    let article = as_shown("ال");
    let shown = q.press("ل", "the article in the search box", |s| {
        search_box(s).as_deref() == Some(article.as_str())
    });
    assert!(!header(&shown).contains("match"), "{}", shown.contents());
    // Letter by letter, the results follow the query: each frame awaited
    // shows the query as typed so far and the number of documents that
    // query matches in the sample corpus (the last letter narrows it).
    let mut typed = "ال".to_owned();
    for (letter, count) in [("د", 5), ("و", 5), ("ل", 5), ("ة", 2)] {
        typed.push_str(letter);
        let query = as_shown(&typed);
        let results = format!(" {count} of 5 documents match");
        let frames = q.press_frames(letter, &format!("{results} for {typed}"), |s| {
            search_box(s).as_deref() == Some(query.as_str()) && header(s).contains(&results)
        });
        // The article alone never brought results, not even late.
        for f in &frames {
            assert!(
                search_box(f).as_deref() != Some(article.as_str()) || !header(f).contains("match"),
                "{}",
                f.contents()
            );
        }
    }
    // Open the first hit: the reading view with its hits counted.
    let reading = q.press("\r", "hit 1 of n in the status bar", |s| {
        bar(s).contains('¶') && hits(s).is_some_and(|(k, _)| k == 1)
    });
    let (_, total) = hits(&reading).expect("k/n");
    assert!(total >= 2, "{}", bar(&reading));
    // The hit on screen is drawn highlighted (its own background).
    let highlighted = (0..29).any(|r| {
        (0..100).any(|c| {
            reading.cell(r, c).is_some_and(|cell| {
                (cell.inverse() || cell.bgcolor() != vt100::Color::Default)
                    && !cell.contents().trim().is_empty()
            })
        })
    });
    assert!(highlighted, "{}", reading.contents());
    q.press("n", "hit 2", |s| hits(s) == Some((2, total)));
    q.press("N", "back to hit 1", |s| hits(s) == Some((1, total)));
    q.press("N", "the last hit (wrapped)", |s| {
        hits(s) == Some((total, total))
    });
    // Find in the document: another word, incremental.
    q.send("/");
    for c in ["ت", "ن", "ظ", "ي"] {
        q.send(c);
    }
    // The document has 11 of them; the one shown is the first from the
    // top of the screen on.
    let word = as_shown("تنظيم");
    q.press("م", "find counts its hits", |s| {
        find_box(s).as_deref() == Some(word.as_str())
            && hits(s).is_some_and(|(k, n)| k >= 1 && n == 11)
    });
    // Enter ends the find, q goes back to the results.
    q.press("\rq", "the results", |s| {
        header(s).contains(" 2 of 5 documents match")
    });
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
    for c in ["ا", "س", "ك"] {
        q.send(c);
    }
    let query = as_shown("اسكن");
    q.press("ن", "the one match", |s| {
        search_box(s).as_deref() == Some(query.as_str())
            && header(s).contains(" 1 of 31 documents match")
    });
    // Esc (on its own: Esc then q in one read is Alt-q) leaves the search.
    q.press("\x1b", "the whole list", |s| {
        header(s).contains(" 31 documents") && !header(s).contains("match")
    });
    q.send("q");
    assert!(q.wait_exit().success());
    // Nothing was written inside the corpus.
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 31);
}

#[test]
fn mark_two_documents_compare_scroll_in_sync_jump_to_a_difference_go_back() {
    let mut q = Qari::start(&[], 100, 30, &[]);
    q.wait_text("5 documents");
    // Mark 000 and 001 (space marks and moves down), then compare.
    q.press("  ", "two marks", |s| {
        row_text(s, 1).starts_with('A') && row_text(s, 2).starts_with('B')
    });
    let compare = q.press("c", "the compare view", |s| header(s).contains("similar"));
    let names = row_text(&compare, 1);
    assert!(
        names.contains("A 000_") && names.contains("B 001_"),
        "{names}"
    );
    // The first body row: 001's stray "Array" opposite filler.
    let first = row_text(&compare, 2);
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
    let before = body(&q.latest());
    let after = body(&q.press("j", "one line down", |s| body(s)[0] == before[1]));
    // Both halves moved (the whole row moved up, not one pane).
    assert_eq!(after[..26], before[1..27]);
    let after = body(&q.latest());
    // Jump to differences: the gutter line of the current one is marked
    // and on screen; jumping on past the screen scrolls.
    let jumped = q.press(&"]".repeat(12), "a later difference", |s| {
        body(s)[0] != after[0]
    });
    let marked = (2..29).find(|&r| {
        jumped
            .cell(r, 49)
            .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
    });
    assert!(
        marked.is_some(),
        "the current difference is marked:\n{}",
        jumped.contents()
    );
    let mark = jumped
        .cell(marked.unwrap_or(2), 49)
        .map(|c| c.contents())
        .unwrap_or_default();
    assert!(["~", "<", ">", "⇄"].contains(&mark), "gutter {mark:?}");
    // Back to the library, marks still shown.
    let library = q.press("\x1b", "the library", |s| header(s).contains("5 documents"));
    assert!(row_text(&library, 1).starts_with('A'));
    q.send("q");
    assert!(q.wait_exit().success());
    assert_bidi_mode_bracketing(&q.bytes());
}

/// The harness itself: however the bytes are cut, the screen it reads is
/// one the program finished drawing, and a resize takes effect with the
/// first frame drawn for the new size.
#[test]
fn the_harness_reads_complete_frames_only() {
    let stream: &[u8] = b"\x1b[?1049h\x1b[2J\
        \x1b[?2026h\x1b[1;1Habcdef\x1b[2;1Hone\x1b[?2026l\
        \x1b[?2026h\x1b[1;1Hxyz\x1b[2;1Htwo\x1b[?2026l\
        \x1b[?2026h\x1b[2J\x1b[1;1Hnarrow\x1b[?2026l\x1b[?1049l";
    let mut frames = pty_capture::Frames::new(vt100::Parser::new(2, 10, 0));
    let mut shown = Vec::new();
    for cut in 0..=stream.len() {
        while frames.next_frame(&stream[..cut]) {
            shown.push((frames.screen().contents(), frames.screen().size()));
        }
        if frames.count() == 2 {
            // The pseudo-terminal is resized while the second frame is up.
            frames.resized(3, 8);
        }
        let now = (frames.screen().contents(), frames.screen().size());
        assert!(
            [
                (String::new(), (2, 10)),
                ("abcdef\none".to_owned(), (2, 10)),
                ("xyzdef\ntwo".to_owned(), (2, 10)),
                ("narrow".to_owned(), (3, 8)),
            ]
            .contains(&now),
            "cut at {cut}: {now:?}"
        );
    }
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(frames.count(), 3);
}

/// Two files to index.
const TWO_FILES: [(&str, &str); 2] = [
    ("b.txt", "Beta title\nbody\n"),
    ("d.txt", "Delta title\nbody\n"),
];

/// A corpus folder of the given files (name, contents), indexed by
/// `qari index` into a cache of its own: the temporary folder (kept alive
/// by the caller), the corpus and the cache's path.
fn indexed_corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&corpus).expect("dir");
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).expect("write");
    }
    let indexed = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["index", corpus.to_str().expect("path")])
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .expect("qari index");
    assert!(indexed.status.success(), "{indexed:?}");
    let cache = cache.to_str().expect("path").to_owned();
    (tmp, corpus, cache)
}

/// The reader on `corpus`, with its index in `cache`, at 90×12.
fn start_indexed(corpus: &std::path::Path, cache: &str) -> Qari {
    Qari::start(
        &[corpus.to_str().expect("path")],
        90,
        12,
        &[("XDG_CACHE_HOME", cache)],
    )
}

#[test]
fn an_indexed_corpus_opens_from_its_index_and_the_list_follows_a_new_file() {
    let (_tmp, corpus, cache) = indexed_corpus(&TWO_FILES);
    // Added after the index was built: the reader lists the corpus from
    // the index, checks it in the background, and its list follows.
    std::fs::write(corpus.join("a.txt"), "Alpha title\nbody\n").expect("write");
    let mut q = start_indexed(&corpus, &cache);
    let s = q.wait_for("the new file in the list", |s| {
        header(s).contains("3 documents") && s.contents().contains("Alpha title")
    });
    assert!(!header(&s).contains("checking"), "{}", s.contents());
    q.send("q");
    assert!(q.wait_exit().success());
}

#[test]
fn while_the_reader_is_open_the_list_and_the_search_follow_the_corpus() {
    let (_tmp, corpus, cache) = indexed_corpus(&TWO_FILES);
    let mut q = start_indexed(&corpus, &cache);
    q.wait_for("the list from the index", |s| {
        header(s).contains("2 documents") && !header(s).contains("checking")
    });
    // A file added and another removed while the reader is open (in a new
    // folder: the folder's own time changes, and its parent's).
    std::fs::create_dir(corpus.join("new")).expect("dir");
    std::fs::write(corpus.join("new").join("a.txt"), "Alpha title\nwatchword\n").expect("write");
    std::fs::remove_file(corpus.join("d.txt")).expect("remove");
    let s = q.wait_for("the list following the corpus", |s| {
        header(s).contains("2 documents")
            && s.contents().contains("Alpha title")
            && !s.contents().contains("Delta title")
    });
    assert!(s.contents().contains("Beta title"), "{}", s.contents());
    // And the search finds the new file's words.
    finds_one_of_two_and_quits(q, "watchword");
}

/// Searches `word` (a whole word), waits for the one match among two
/// documents, leaves the search and quits.
fn finds_one_of_two_and_quits(mut q: Qari, word: &str) {
    q.send(&format!("/{word} "));
    q.wait_for(word, |s| header(s).contains("1 of 2 documents match"));
    // Esc on its own (Esc then q in one read is Alt-q).
    q.press("\x1b", "the whole list", |s| {
        header(s).contains(" 2 documents") && !header(s).contains("match")
    });
    q.send("q");
    assert!(q.wait_exit().success());
}

#[test]
fn an_edit_in_place_while_the_reader_is_open_is_searched() {
    let (_tmp, corpus, cache) = indexed_corpus(&[
        ("b.txt", "Beta title\nalphaword\n"),
        ("d.txt", "Delta title\nbody\n"),
    ]);
    let mut q = start_indexed(&corpus, &cache);
    q.wait_for("the list from the index", |s| {
        header(s).contains("2 documents") && !header(s).contains("checking")
    });
    // The same size, the folder's time unchanged: only the file watcher
    // (or the five-minute full check) sees it.
    let mtime = std::fs::metadata(&corpus)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(corpus.join("b.txt"), "Beta title\nomegaword\n").expect("write");
    // Its folder's time as it was: nothing but the watcher can tell.
    let dir = std::fs::File::open(&corpus).expect("dir");
    dir.set_modified(mtime).expect("set the folder's time back");
    finds_one_of_two_and_quits(q, "omegaword");
}

#[test]
fn the_stories_view_opens_a_story_compares_two_of_its_documents_and_goes_back() {
    // The sample and an edited copy of its first article, indexed.
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("dir");
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(&seeds).expect("seeds") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), corpus.join(e.file_name())).expect("copy");
    }
    let first = std::fs::read_to_string(seeds.join("000_f9c2f484621a2b4c.txt")).expect("seed");
    std::fs::write(corpus.join("copy.txt"), first.replace(" في ", " فى ")).expect("write");
    let cache = tmp.path().join("cache");
    let mut q = Qari::start(
        &[corpus.to_str().expect("path")],
        100,
        16,
        &[("XDG_CACHE_HOME", cache.to_str().expect("cache"))],
    );
    // Once the index is built: the stories then come from it.
    q.wait_for("the library, indexed", |s| {
        header(s).contains("6 documents") && bar(s).contains("index:")
    });
    q.press("S", "the stories", |s| {
        header(s).contains("1 story of near-copies") && s.contents().contains("2 docs")
    });
    q.press("\r", "the story's documents", |s| {
        header(s).contains("story 1 of 1: 2 documents") && s.contents().contains("copy")
    });
    q.press("jc", "the two compared", |s| {
        header(s).contains("near-duplicate")
    });
    q.press("q", "back to the story", |s| {
        header(s).contains("story 1 of 1")
    });
    q.press("\x1b", "back to the stories", |s| {
        header(s).contains("1 story of near-copies")
    });
    q.press("q", "back to the library", |s| {
        header(s).contains("6 documents") && !header(s).contains("story")
    });
    // The copy's passages are found in the article it copies (read from
    // the index's listing on a job's thread), and W says where.
    q.press("G\r", "the copy, open", |s| bar(s).contains("¶ 1/"));
    q.press("R", "its shared passages", |s| {
        bar(s).contains("found in other documents, underlined")
    });
    q.press("W", "where", |s| {
        bar(s).contains("also in: 000_f9c2f484621a2b4c")
    });
    q.press("q", "the library", |s| header(s).contains("6 documents"));
    q.send("q");
    let status = q.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    // The signatures were kept beside the index.
    let kept = walk_files(&cache)
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == "qari-dups-1.bin"));
    assert!(kept, "a signature store in {}", cache.display());
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
