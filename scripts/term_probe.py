#!/usr/bin/env python3
"""Ask the terminal what qari's probe would ask, and record the answers.

Run inside the terminal (stdin and stdout the terminal). In raw mode it sends
three queries, each followed by DA1 (`CSI c`) as a sentinel, and reads the
replies until the DA1 answer arrives or 1.5 s pass:

  decrqm8   CSI 8 $ p   (DECRQM, ANSI mode 8: BDSM) then CSI c
  xtversion CSI > q     (XTVERSION)                 then CSI c
  da2       CSI > c     (secondary device attributes) then CSI c

and writes a record (format in tests/data/terminals/README.md):

  name: <terminal>
  query.<q>: <bytes sent, escaped>
  reply.<q>: <all bytes received, escaped>
  reply_ms.<q>: <ms from sending to the first byte> <ms to the DA1 answer's end>
  env.<VAR>: <value>          (for every variable of interest that is set)
  tmux.client: <tmux display -p '#{client_termname} #{client_termfeatures}'>
  tmux.allow-passthrough: <tmux show -gv allow-passthrough>

Escaping: bytes 0x20-0x7e as themselves except backslash (\\\\); ESC as \\e;
other bytes as \\xHH. The decoder is unescape() below.
"""

import argparse
import os
import select
import subprocess
import sys
import termios
import time
import tty

QUERIES = [
    ("decrqm8", b"\x1b[8$p"),
    ("xtversion", b"\x1b[>q"),
    ("da2", b"\x1b[>c"),
]
DA1 = b"\x1b[c"
WRAPPED_DA1 = b"\x1bPtmux;\x1b\x1b[c\x1b\\"
ENV = ["TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLORTERM", "VTE_VERSION",
       "KONSOLE_VERSION", "KONSOLE_DBUS_SESSION", "KONSOLE_DBUS_SERVICE",
       "KONSOLE_DBUS_WINDOW", "KITTY_WINDOW_ID", "KITTY_PID", "KITTY_INSTALLATION_DIR",
       "MLTERM", "XTERM_VERSION", "XTERM_LOCALE", "ALACRITTY_LOG", "ALACRITTY_SOCKET",
       "ALACRITTY_WINDOW_ID", "WEZTERM_EXECUTABLE", "WT_SESSION", "TMUX", "TMUX_PANE",
       "WINDOWID", "LANG", "LC_ALL"]


def escape(data):
    out = []
    for b in data:
        if b == 0x1B:
            out.append("\\e")
        elif b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append(f"\\x{b:02x}")
    return "".join(out)


def unescape(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            n = text[i + 1]
            if n == "e":
                out.append(0x1B)
                i += 2
            elif n == "\\":
                out.append(0x5C)
                i += 2
            elif n == "x":
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
            else:
                raise ValueError(text)
        else:
            out.append(ord(c))
            i += 1
    return bytes(out)


def da1_done(buf):
    # A DA1 answer: CSI ? ... c
    i = buf.rfind(b"\x1b[?")
    return i >= 0 and buf.endswith(b"c") and all(
        chr(b) in "0123456789;" for b in buf[i + 3:-1])


def ask(fd_in, fd_out, query, timeout=1.5, sentinel=DA1):
    t0 = time.monotonic()
    os.write(fd_out, query + sentinel)
    buf = b""
    first = None
    while time.monotonic() - t0 < timeout:
        r, _, _ = select.select([fd_in], [], [], 0.02)
        if r:
            chunk = os.read(fd_in, 4096)
            if not chunk:
                break
            if first is None:
                first = time.monotonic() - t0
            buf += chunk
            if da1_done(buf):
                break
    end = time.monotonic() - t0
    # drain anything late
    time.sleep(0.05)
    while select.select([fd_in], [], [], 0)[0]:
        chunk = os.read(fd_in, 4096)
        if not chunk:
            break
        buf += chunk
    done = da1_done(buf)
    return buf, first, end if done else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    fd_in = sys.stdin.fileno()
    fd_out = sys.stdout.fileno()
    old = termios.tcgetattr(fd_in)
    lines = [f"name: {a.name}"]
    queries = list(QUERIES)
    if "TMUX" in os.environ:
        # The same DECRQM wrapped for tmux's passthrough (reaches the outer
        # terminal only with allow-passthrough on).
        queries.append(("decrqm8_wrapped", b"\x1bPtmux;\x1b\x1b[8$p\x1b\\"))
        # ... and with the DA1 sentinel wrapped too, so that the outer
        # terminal answers both, in order.
        queries.append(("decrqm8_wrapped_da1", b"\x1bPtmux;\x1b\x1b[8$p\x1b\\"))
    try:
        tty.setraw(fd_in)
        for name, q in queries:
            sentinel = DA1
            if name == "decrqm8_wrapped_da1":
                sentinel = WRAPPED_DA1
            reply, first, end = ask(fd_in, fd_out, q, sentinel=sentinel)
            lines.append(f"query.{name}: {escape(q + sentinel)}")
            lines.append(f"reply.{name}: {escape(reply)}")
            f = "-" if first is None else f"{first * 1000:.1f}"
            e = "-" if end is None else f"{end * 1000:.1f}"
            lines.append(f"reply_ms.{name}: {f} {e}")
    finally:
        termios.tcsetattr(fd_in, termios.TCSADRAIN, old)
    home = os.environ.get("HOME", "")
    for var in ENV:
        if var in os.environ:
            value = os.environ[var]
            if home and len(home) > 1:
                # The fresh HOME of the run is a temporary directory: write ~.
                value = value.replace(home, "~")
            lines.append(f"env.{var}: {escape(value.encode())}")
    if "TMUX" in os.environ:
        def tm(*args):
            r = subprocess.run(["tmux", *args], capture_output=True, text=True)
            return r.stdout.strip()
        lines.append("tmux.client: " + escape(tm("display", "-p",
                                                 "#{client_termname} #{client_termfeatures}").encode()))
        lines.append("tmux.allow-passthrough: " + escape(tm("show", "-gv",
                                                              "allow-passthrough").encode()))
        lines.append("tmux.version: " + escape(tm("-V").encode()))
    text = "\n".join(lines) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    sys.stdout.write("\r\n" + text.replace("\n", "\r\n"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
