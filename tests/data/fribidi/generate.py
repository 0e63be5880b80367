#!/usr/bin/env python3
"""Record GNU FriBidi's visual order of each sample document, unshaped.

Run from the repository root (needs Debian's libfribidi-bin and unicode-data):
    python3 tests/data/fribidi/generate.py

For each file of seeds/ this writes tests/data/fribidi/<name>, one line per
input line, FriBidi's visual order with no shaping, built from
`fribidi --nopad --nobreak --reordernsm --novisual --vtol --levels`: the
characters of the line in FriBidi's visual-to-logical order, mirrored at odd
levels (BidiMirroring.txt, rule L4).

As a cross-check it also unshapes FriBidi's ordinary visual output
(`fribidi --nopad --nobreak --reordernsm`): U+FEFF fillers dropped,
presentation forms mapped back with NFKC one character at a time, a lam-alef
ligature's letters swapped into visual order. The two must agree except where
a lam-alef ligature carries a mark (لاً): there the unshaped output cannot
tell which letter the mark belongs to, and the vtol map, which FriBidi
computes before shaping, is the one recorded. Differences are counted.

The test `tests/fribidi_oracle.rs` compares `qari show --width 1000` with
these files, so `cargo test` needs no FriBidi.
"""
import pathlib
import subprocess
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "tests" / "data" / "fribidi"


def unshape(line: str) -> str:
    out = []
    for c in line:
        cp = ord(c)
        if cp == 0xFEFF:
            continue
        if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFC:
            base = unicodedata.normalize("NFKC", c)
            if 0xFEF5 <= cp <= 0xFEFC:
                base = base[::-1]
            out.append(base)
        else:
            out.append(c)
    return "".join(out)


def mirrors() -> dict:
    table = {}
    for line in open("/usr/share/unicode/BidiMirroring.txt", encoding="utf-8"):
        line = line.split("#")[0].strip()
        if line:
            a, b = (int(x, 16) for x in line.split(";"))
            table[chr(a)] = chr(b)
    return table


def fribidi(args, path):
    return subprocess.run(
        ["fribidi", "--nopad", "--nobreak", "--reordernsm", *args, str(path)],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")


def main() -> None:
    mirror = mirrors()
    for src in sorted((ROOT / "seeds").iterdir()):
        logical = src.read_text(encoding="utf-8").split("\n")
        maps = fribidi(["--novisual", "--vtol", "--levels"], src).split("\n")
        shaped = fribidi([], src).split("\n")
        lines, differ = [], 0
        for n, text in enumerate(logical):
            vtol = [int(x) for x in maps[2 * n].split()]
            levels = [int(x) for x in maps[2 * n + 1].split()]
            visual = "".join(
                mirror.get(text[i], text[i]) if levels[i] % 2 else text[i] for i in vtol
            )
            if visual != unshape(shaped[n]):
                differ += 1
                assert "\ufefb" in shaped[n] or "\ufefc" in shaped[n] or any(
                    0xFEF5 <= ord(c) <= 0xFEFC for c in shaped[n]
                ), f"{src.name}:{n + 1}: differs without a lam-alef ligature"
            lines.append(visual)
        (OUT / src.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{src.name}: {len(lines)} lines, {differ} with a marked lam-alef ligature")


if __name__ == "__main__":
    main()
