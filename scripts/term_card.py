#!/usr/bin/env python3
"""Print the test card of the encoding experiments (docs/terminals.md).

Usage: term_card.py PART
  PART: line1 | line2 | line3    the first, second or third test line
        explicit1 | explicit2    the same after qari's explicit-mode sequence
                                 (CSI 8 l, CSI 1 SP k): experiment h
        explicit-tmux1 | explicit-tmux2   the same sequence wrapped for tmux
                                 passthrough (ESC P tmux; ... ESC \\)

One fixed line (line3 mixes digits, Latin-script signs and Arabic inside
space-delimited chunks) printed in every candidate encoding, one per row, each
preceded by a label row:

  a   logical order (the terminal does the bidi)
  b   visual order, as `qari show` lays it out today (no shaping)
  c   b fenced LRO ... PDF
  d   b with LRM after every right-to-left character
  e   visual + presentation forms (`--shape`, lam-alef ligature)
  f   e with lam-alef as two cells (`--lam-alef two-cell`)
  g1  e fenced LRO ... PDF        g2  e with LRM after every RTL character
  g3  f fenced LRO ... PDF        g4  f with LRM after every RTL character
  g5  LRM, then e fenced LRO ... PDF (the LRM makes the paragraph LTR)
  g6  LRM, then f fenced LRO ... PDF
  g7  LRM, then e with LRM after every RTL character, fenced LRO ... PDF
  g8  the same with f
  k2  e with the letters of each right-to-left run back in logical order
      (runs in visual order): for kitty's run reversal
  k8  k4 with the brackets of each reversed chunk swapped back: ( <-> ) ...
  k6  LRM, then b with each right-to-left run back in logical order and an
      LRM after each run: the terminal reverses and joins each run itself
  k7  the same with e
  k4  e with every space-delimited chunk holding a right-to-left letter
      reversed whole (punctuation and brackets included)

and, first, a row showing what the terminal draws for LRM, LRO/PDF and RLM
between Latin letters. The explicit parts restore the defaults on exit.
The visual rows come from qari itself (`qari show --width 56`, piped).
"""

import os
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
QARI = os.path.join(os.path.dirname(HERE), "target", "release", "qari")

LINES = [
    "قال (Reuters) إن 25 شخصا لا يزالون في [المدينة].",
    "السلام عليكم، لا إله إلا الله.",
    "في الـ10 من يناير/كانون الثاني، قال #داعش إن 7فبراير (شباط) «موعد».",
]
WIDTH = 56
LRM, RLM, LRO, PDF = "\u200e", "\u200f", "\u202d", "\u202c"


def is_rtl(ch):
    # strong right-to-left letters only: the Arabic comma (CS), digits and
    # marks are not
    return unicodedata.bidirectional(ch) in ("R", "AL")


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


def per_row(fn):
    """Apply an encoding to each row of a wrapped paragraph separately."""
    return lambda text, *a, **k: "\n".join(fn(r, *a, **k) for r in text.split("\n"))


@per_row
def fence(row):
    return LRO + row + PDF


@per_row
def laced(row):
    return "".join(c + LRM if is_rtl(c) else c for c in row)


@per_row
def runs_logical(row, after=""):
    """Visual row with the letters of every right-to-left run put back in
    logical order (runs stay where they are): for a terminal that reverses
    the letters of each run it draws (kitty)."""
    out, run = [], []
    for c in row:
        if is_rtl(c) or (run and unicodedata.category(c) == "Mn"):
            run.append(c)
        else:
            if run:
                out.extend(reversed_clusters(run))
                out.append(after)
            run = []
            out.append(c)
    if run:
        out.extend(reversed_clusters(run))
        out.append(after)
    return "".join(out)


def reversed_clusters(run):
    # keep each mark after its letter
    clusters = []
    for c in run:
        if clusters and unicodedata.category(c) == "Mn":
            clusters[-1] += c
        else:
            clusters.append(c)
    return list(reversed(clusters))


def variants(line):
    b = visual(line)
    e = visual(line, "--shape")
    f = visual(line, "--shape", "--lam-alef", "two-cell")
    return [("a logical", line.rjust(WIDTH)), ("b visual", b),
            ("c LRO+b", fence(b)), ("d LRM+b", laced(b)),
            ("e shaped", e), ("f two-cell", f),
            ("g1 LRO+e", fence(e)), ("g2 LRM+e", laced(e)),
            ("g3 LRO+f", fence(f)), ("g4 LRM+f", laced(f)),
            ("g5 LRM,LRO+e", lrm_first(fence(e))), ("g6 LRM,LRO+f", lrm_first(fence(f))),
            ("g7 LRM,LRO+LRM+e", lrm_first(fence(laced(e)))),
            ("g8 LRM,LRO+LRM+f", lrm_first(fence(laced(f)))),
            ("k2 runs-logical e", runs_logical(e)),
            ("k4 words-reversed e", words_reversed(e)),
            ("k8 words-reversed e, mirrored", words_reversed(e, mirror=True)),
            ("k6 LRM,runs-logical b,LRM", lrm_first(runs_logical(b, LRM))),
            ("k7 LRM,runs-logical e,LRM", lrm_first(runs_logical(e, LRM)))]


@per_row
def lrm_first(row):
    return LRM + row


MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@per_row
def words_reversed(row, mirror=False):
    """Visual row with every space-delimited chunk that holds a right-to-left
    letter reversed as a whole, punctuation and brackets included."""
    def rev(w):
        r = "".join(reversed_clusters(list(w)))
        return r.translate(MIRROR) if mirror else r
    return " ".join(rev(w) if any(is_rtl(c) for c in w) else w for w in row.split(" "))


def card(n):
    out = ["marks: [x" + LRM + "y] LRM  [x" + LRO + "y" + PDF + "z] LRO-PDF  [x" + RLM
           + "y] RLM"]
    for label, row in variants(LINES[n]):
        # label and row on one line would put Latin before the row and
        # change the paragraph direction a bidi terminal picks: keep the
        # label on its own line, the row alone on the next.
        out.append(f"-- {label}")
        out.append(row)
    return out


ENTER = "\x1b[8l\x1b[1 k"
RESTORE = "\x1b[0 k\x1b[8h"


def tmux_wrap(seq):
    return "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def main():
    part = sys.argv[1] if len(sys.argv) > 1 else "line1"
    n = int(part[-1]) - 1 if part[-1].isdigit() else 0
    enter = restore = ""
    if part.startswith("explicit-tmux"):
        enter, restore = tmux_wrap(ENTER), tmux_wrap(RESTORE)
    elif part.startswith("explicit"):
        enter, restore = ENTER, RESTORE
    rows = card(n)
    sys.stdout.write(enter + "\x1b[2J\x1b[H")
    sys.stdout.write("\n".join(rows) + "\n")
    sys.stdout.flush()
    try:
        time.sleep(100000)
    finally:
        sys.stdout.write(restore)


if __name__ == "__main__":
    main()
