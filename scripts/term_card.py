#!/usr/bin/env python3
"""Print the test card of the encoding experiments (docs/terminals.md).

Usage: term_card.py card|explicit [--qari PATH]

Two fixed lines, each printed in every candidate encoding, one per row,
each preceded by a label row:

  a   logical order (the terminal does the bidi)
  b   visual order, as `qari show` lays it out today (no shaping)
  c   b fenced LRO ... PDF
  d   b with LRM after every right-to-left character
  e   visual + presentation forms (`--shape`, lam-alef ligature)
  f   e with lam-alef as two cells (`--lam-alef two-cell`)
  g1  e fenced LRO ... PDF        g2  e with LRM after every RTL character
  g3  f fenced LRO ... PDF        g4  f with LRM after every RTL character

and, first, a row showing what the terminal draws for LRM, LRO/PDF and RLM
between Latin letters. `explicit` sends qari's explicit-mode sequence
(CSI 8 l, CSI 1 SP k) before printing (experiment h) and restores the
defaults on exit. The visual rows come from qari itself.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
QARI = os.path.join(os.path.dirname(HERE), "target", "release", "qari")

LINES = [
    "قال (Reuters) إن 25 شخصا لا يزالون في [المدينة].",
    "السلام عليكم، لا إله إلا الله.",
]
WIDTH = 56
LRM, RLM, LRO, PDF = "\u200e", "\u200f", "\u202d", "\u202c"


def is_rtl(ch):
    o = ord(ch)
    return 0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC


def visual(line, *flags):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(line + "\n")
        path = f.name
    try:
        r = subprocess.run([QARI, "show", path, "--width", str(WIDTH), *flags],
                           capture_output=True, text=True, check=True)
    finally:
        os.unlink(path)
    return r.stdout.rstrip("\n")


def fence(row):
    return LRO + row + PDF


def laced(row):
    return "".join(c + LRM if is_rtl(c) else c for c in row)


def card():
    out = ["marks: [x" + LRM + "y] LRM  [x" + LRO + "y" + PDF + "z] LRO-PDF  [x" + RLM + "y] RLM"]
    for line in LINES:
        b = visual(line)
        e = visual(line, "--shape")
        f = visual(line, "--shape", "--lam-alef", "two-cell")
        for label, row in [("a logical", line.rjust(WIDTH)), ("b visual", b),
                           ("c LRO+b", fence(b)), ("d LRM+b", laced(b)),
                           ("e shaped", e), ("f two-cell", f),
                           ("g1 LRO+e", fence(e)), ("g2 LRM+e", laced(e)),
                           ("g3 LRO+f", fence(f)), ("g4 LRM+f", laced(f))]:
            # label and row on one line would put Latin before the row and
            # change the paragraph direction a bidi terminal picks: keep the
            # label on its own line, the row alone on the next.
            out.append(f"-- {label}")
            out.append(row)
    return out


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "card"
    rows = card()
    if mode == "explicit":
        sys.stdout.write("\x1b[8l\x1b[1 k")
        sys.stdout.write("\x1b[2J\x1b[H")
    sys.stdout.write("\n".join(rows) + "\n")
    sys.stdout.flush()
    if mode == "explicit":
        try:
            import time
            time.sleep(100000)
        finally:
            sys.stdout.write("\x1b[0 k\x1b[8h")


if __name__ == "__main__":
    main()
