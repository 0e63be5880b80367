"""Launching real terminal emulators under Xvfb and taking screenshots.

Used by scripts/real_terminals.py (the check, the probe recorder and the
encoding experiments). Standard library only; needs Xvfb, xdotool and
ImageMagick's `import` on PATH.

Every terminal starts with its default settings: a fresh HOME and fresh XDG
directories per launch, no configuration file. The only options given are
the window size in cells and, for xterm, the font (xterm's default bitmap
font has no Arabic glyphs at all; `-fa` is the setting every xterm user who
reads Arabic has, see docs/terminals.md).
"""

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time

COLS, ROWS = 100, 32

TERMINALS = ["xterm", "sakura", "konsole", "mlterm", "kitty", "alacritty", "tmux-sakura"]


def quote(argv):
    import shlex

    return " ".join(shlex.quote(a) for a in argv)


def terminal_argv(name, cmd, cols=COLS, rows=ROWS, tmux_conf=None, tmux_sock=None):
    """The argv that opens terminal `name` running `cmd` (a list).

    `base+setting` names one user setting changed from the default:
    konsole+nobidi (profile BidiRenderingEnabled=false), mlterm+noctl
    (--ctl=false), kitty+force_ltr (force_ltr yes). tmux-pt-<outer> is tmux
    with `allow-passthrough on` (the caller passes tmux_conf)."""
    if "+" in name:
        base, setting = name.split("+", 1)
        argv = terminal_argv(base, cmd, cols, rows, tmux_conf, tmux_sock)
        extra = {"nobidi": ["-p", "BidiRenderingEnabled=false"],
                 "noctl": ["--ctl=false"],
                 "force_ltr": ["-o", "force_ltr=yes"]}[setting]
        return [argv[0], *extra, *argv[1:]]
    if name.startswith("tmux-pt-"):
        name = "tmux-" + name[len("tmux-pt-"):]
    if name == "xterm":
        return ["xterm", "-fa", "DejaVu Sans Mono", "-fs", "12",
                "-geometry", f"{cols}x{rows}", "-e", *cmd]
    if name == "sakura":
        return ["sakura", "-c", str(cols), "-r", str(rows), "-x", quote(cmd)]
    if name == "konsole":
        return ["konsole", "--separate", "-p", f"TerminalColumns={cols}",
                "-p", f"TerminalRows={rows}", "-e", *cmd]
    if name == "mlterm":
        return ["mlterm", "-g", f"{cols}x{rows}", "-e", *cmd]
    if name == "kitty":
        return ["kitty", "-o", f"initial_window_width={cols}c",
                "-o", f"initial_window_height={rows}c", *cmd]
    if name == "alacritty":
        return ["alacritty", "-o", f"window.dimensions.columns={cols}",
                "-o", f"window.dimensions.lines={rows}", "-e", *cmd]
    if name.startswith("tmux-"):
        outer = name[len("tmux-"):]
        inner = ["tmux", "-L", tmux_sock or "qari-rt", "-f", tmux_conf or "/dev/null",
                 "new-session", quote(cmd)]
        return terminal_argv(outer, inner, cols, rows)
    raise ValueError(name)


class Xvfb:
    """A private X server. Xvfb picks a free display itself (-displayfd):
    two checks run at once (by two people, or two worktrees) must never
    share a display, or one would screenshot the other's windows."""

    def __init__(self, width=1700, height=1100):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(w,))
        os.close(w)
        number = b""
        with os.fdopen(r, "rb") as f:
            while not number.endswith(b"\n"):
                c = f.read(1)
                if not c:
                    break
                number += c
        if not number.strip().isdigit():
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number.strip().decode()}"
        time.sleep(0.3)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def fresh_env(display, home_root, extra=None):
    """A new user's environment: fresh HOME and XDG directories."""
    home = tempfile.mkdtemp(prefix="home-", dir=home_root)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISPLAY": display,
        "HOME": home,
        "USER": os.environ.get("USER", "root"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "SHELL": "/bin/bash",
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_STATE_HOME": os.path.join(home, ".local/state"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "XDG_DATA_HOME": os.path.join(home, ".local/share"),
        # Short: sockets live there (Alacritty's and tmux's), and a socket
        # path may not exceed 107 bytes.
        "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix="qrt-", dir="/tmp"),
        # kitty and alacritty need OpenGL: Mesa's software renderer under Xvfb.
        "LIBGL_ALWAYS_SOFTWARE": "1",
        "NO_AT_BRIDGE": "1",
    }
    for k in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        os.makedirs(env[k], exist_ok=True)
    os.chmod(env["XDG_RUNTIME_DIR"], 0o700)
    if extra:
        env.update(extra)
    return env


def xdo(env, *args):
    r = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True)
    return r.stdout.strip()


class Running:
    """One terminal window running one command."""

    def __init__(self, name, cmd, xvfb, home_root, extra_env=None, **kw):
        self.name = name
        self.env = fresh_env(xvfb.display, home_root, extra_env)
        self.env["TMUX_TMPDIR"] = self.env["XDG_RUNTIME_DIR"]
        self.tmux_sock = kw.setdefault("tmux_sock", "qari-rt")
        argv = terminal_argv(name, cmd, **kw)
        if shutil.which("dbus-run-session") and name.split("-")[-1] in ("konsole",):
            argv = ["dbus-run-session", "--", *argv]
        self.before = set(xdo(self.env, "search", "--onlyvisible", "--name", ".").split())
        self.log = open(os.path.join(self.env["HOME"], "terminal.log"), "w")
        self.proc = subprocess.Popen(argv, env=self.env, stdout=self.log, stderr=self.log,
                                     start_new_session=True, cwd=self.env["HOME"])
        self.window = None
        self.tmux = name.startswith("tmux-")

    def tmux_cmd(self, *args):
        return subprocess.run(["tmux", "-L", self.tmux_sock, *args], env=self.env,
                              capture_output=True, text=True).stdout

    def find_window(self, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            ids = xdo(self.env, "search", "--onlyvisible", "--name", ".").split()
            best = None
            for w in ids:
                if w in self.before:
                    continue
                geo = xdo(self.env, "getwindowgeometry", w)
                try:
                    size = geo.split("Geometry:")[1].strip()
                    wd, ht = (int(v) for v in size.split("x"))
                except (IndexError, ValueError):
                    continue
                if wd > 200 and ht > 150 and (best is None or wd * ht > best[1]):
                    best = (w, wd * ht)
            if best:
                self.window = best[0]
                return self.window
            time.sleep(0.2)
        return None

    def focus(self):
        if self.window:
            xdo(self.env, "windowfocus", "--sync", self.window)
            xdo(self.env, "mousemove", "--window", self.window, "50", "50")

    def keys(self, *keys, delay=0.4):
        self.focus()
        for k in keys:
            xdo(self.env, "key", "--clearmodifiers", k)
            time.sleep(delay)

    def type(self, text):
        self.focus()
        xdo(self.env, "type", "--delay", "60", text)

    def shot(self, path):
        try:
            subprocess.run(["import", "-window", self.window, path], env=self.env,
                           capture_output=True, timeout=20)
        except subprocess.TimeoutExpired:
            return False
        return os.path.exists(path)

    def settle(self, path, first_wait=1.5, timeout=15):
        """Screenshot once the window stops changing (two equal shots in a row)."""
        time.sleep(first_wait)
        last = None
        end = time.time() + timeout
        tmp = path + ".tmp.png"
        while True:
            self.shot(tmp)
            h = None
            if os.path.exists(tmp):
                # Compare pixels, not the PNG file (it can carry a timestamp).
                r = subprocess.run(["convert", tmp, "-depth", "8", "rgb:-"], capture_output=True)
                h = hashlib.sha1(r.stdout).hexdigest()
            if h and h == last:
                os.replace(tmp, path)
                return True
            last = h
            if time.time() > end:
                if os.path.exists(tmp):
                    os.replace(tmp, path)
                return False
            time.sleep(0.7)

    def close(self):
        if self.tmux:
            self.tmux_cmd("kill-server")
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)
        self.log.close()
        shutil.rmtree(self.env["XDG_RUNTIME_DIR"], ignore_errors=True)
        # Wait for the window to go, so that the next terminal's is not taken for it.
        for _ in range(50):
            if self.window not in xdo(self.env, "search", "--onlyvisible", "--name", ".").split():
                break
            time.sleep(0.1)
