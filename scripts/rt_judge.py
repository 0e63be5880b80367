"""Judging a screenshot of Arabic text: right, reversed, unjoined or unknown.

Two independent measures (docs/terminals.md §5.2):

1. Order, from OCR. tesseract's Arabic model (`-l ara`) reads the screenshot
   right to left. Every word it returns is normalised and looked up in the
   vocabulary of the expected logical text: as it is (a forward hit), or
   with its letters reversed (a reversed hit). A terminal that reverses the
   letters qari already put in visual order gives reversed hits. Pairs of
   consecutive OCR words are looked up among the pairs of consecutive words
   of the text, in both orders, to catch word order.
2. Joining, from the pixels. In a monospaced terminal an unjoined Arabic
   letter stays inside its cell, while joined letters draw one continuous
   stroke along the baseline. Inside each line box tesseract found, and
   against that box's own background, the uncoloured ink (qari draws its
   underlines and highlights in colour) is cut into horizontal runs; the
   measure is the share of ink in runs 1.5 to 10 cells long. The cell
   width comes from the OCR word boxes.

The thresholds are constants below, set from the calibration screens
(`real_terminals.py calibrate`): see docs/terminals.md.
"""

import os
import re
import subprocess
import unicodedata

# Verdict thresholds (calibrated; see docs/terminals.md).
MIN_WORDS = 20          # fewer OCR words found either way: unknown
RIGHT_MIN = 0.45        # forward hits / OCR words at least this ...
REVERSED_MIN = 0.25     # reversed hits / OCR words at least this ...
JOIN_MIN = 0.03         # joined: share of ink in 1.5..10-cell runs at least this

HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                      "ؤ": "و", "ئ": "ي", "ء": ""})
WORD = re.compile("[\u0621-\u064a]+")


def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    text = HARAKAT.sub("", text)
    return text.translate(FOLD)


def words(text):
    return WORD.findall(normalise(text))


class Expected:
    """Vocabulary and word pairs of the logical text a screen should show."""

    def __init__(self, text):
        lines = [words(line) for line in text.splitlines()]
        self.vocab = {w for line in lines for w in line if len(w) >= 3}
        seq = [w for line in lines for w in line]
        self.pairs = set(zip(seq, seq[1:]))


def ocr(png, workdir):
    """tesseract -l ara on an enlarged, grey, dark-on-light copy; returns
    (text, cell width estimate in screenshot pixels)."""
    big = os.path.join(workdir, "ocr-input.png")
    scale = 2
    subprocess.run(["convert", png, "-colorspace", "Gray", "-resize", f"{scale * 100}%",
                    "-normalize", big], check=True)
    dark = subprocess.run(["convert", big, "-format", "%[fx:mean<0.5]", "info:"],
                          capture_output=True, text=True).stdout.strip() == "1"
    if dark:
        subprocess.run(["convert", big, "-negate", big], check=True)
    r = subprocess.run(["tesseract", big, "-", "-l", "ara", "--psm", "6", "tsv"],
                       capture_output=True, text=True)
    rows = [line.split("\t") for line in r.stdout.splitlines()[1:]]
    lines = {}
    widths = []
    boxes = []
    for row in rows:
        if len(row) >= 10 and row[0] == "4":
            l, t, wd, ht = (int(v) // scale for v in row[6:10])
            boxes.append((l, t, wd, ht))
        if len(row) < 12 or row[0] != "5":
            continue
        key = (row[2], row[3], row[4])
        word = row[11]
        lines.setdefault(key, []).append((int(row[6]), word))
        letters = [c for c in unicodedata.normalize("NFKC", word) if "\u0621" <= c <= "\u064a"]
        if len(letters) >= 4 and len(letters) == len(word):
            widths.append(int(row[8]) / len(letters) / scale)
    # Words of a line in reading order: tesseract gives Arabic lines right to
    # left already; keep its order.
    text = "\n".join(" ".join(w for _, w in ws) for _, ws in sorted(lines.items()))
    widths.sort()
    cell = widths[len(widths) // 2] if widths else None
    return text, cell, boxes


def order_scores(text, expected):
    n = fwd = rev = 0
    pf = pr = 0
    for line in text.splitlines():
        ws = [w for w in words(line) if len(w) >= 3 and w != w[::-1]]
        for w in ws:
            n += 1
            if w in expected.vocab:
                fwd += 1
            elif w[::-1] in expected.vocab:
                rev += 1
        # consecutive words, as OCR read them (right to left on the screen)
        norm = [w if w in expected.vocab else w[::-1] for w in ws]
        for a, b in zip(norm, norm[1:]):
            if (a, b) in expected.pairs:
                pf += 1
            elif (b, a) in expected.pairs:
                pr += 1
    return {"words": n, "fwd": fwd / n if n else 0.0, "rev": rev / n if n else 0.0,
            "pairs_fwd": pf, "pairs_rev": pr}


def read_pgm(png, workdir, ops):
    pgm = os.path.join(workdir, "channel.pgm")
    subprocess.run(["convert", png, *ops, "-colorspace", "Gray", "-depth", "8", pgm]
                   if not ops else ["convert", png, *ops, "-depth", "8", pgm], check=True)
    with open(pgm, "rb") as f:
        data = f.read()
    # P5\n<w> <h>\n255\n<bytes>
    parts = data.split(b"\n", 3)
    w, h = (int(v) for v in parts[1].split())
    return w, h, parts[3]


def join_score(png, cell, boxes, workdir):
    """Share of ink in horizontal runs 1.5..10 cells long, inside the line
    boxes tesseract found, each box against its own background (so that
    status bars and reverse video count like plain text)."""
    if not cell or not boxes:
        return None
    gray, sat = read_pgm(png, workdir, []), read_pgm(png, workdir, ["-colorspace", "HSL",
                                                                  "-channel", "G", "-separate"])
    w, h, px = gray
    sp = sat[2]
    lo, hi = 1.5 * cell, 10 * cell
    ink = long_ink = 0
    for (bl, bt, bw, bh) in boxes:
        bl, bt = max(0, bl), max(0, bt)
        br, bb = min(w, bl + bw), min(h, bt + bh)
        if br - bl < 3 * cell or bb <= bt:
            continue
        hist = [0] * 256
        for y in range(bt, bb):
            for b in px[y * w + bl:y * w + br]:
                hist[b] += 1
        bg = max(range(256), key=lambda i: hist[i])
        for y in range(bt, bb):
            # Ink: far from the line's background, and not coloured (qari
            # draws underlines and highlights in colour; plain text is grey).
            row = [abs(b - bg) > 90 and s < 64 for b, s in
                   zip(px[y * w + bl:y * w + br], sp[y * w + bl:y * w + br])]
            count = sum(row)
            if count == 0 or count > 0.6 * (br - bl):
                continue
            ink += count
            x, n = 0, len(row)
            while x < n:
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < n and row[x]:
                    x += 1
                if lo <= x - start <= hi:
                    long_ink += x - start
    return long_ink / ink if ink else None


def judge(png, expected, workdir):
    text, cell, boxes = ocr(png, workdir)
    s = order_scores(text, expected)
    s["join"] = join_score(png, cell, boxes, workdir)
    s["cell"] = cell
    s["ocr"] = text
    if s["words"] < MIN_WORDS:
        verdict = "unknown"
    elif s["rev"] >= REVERSED_MIN and s["rev"] > s["fwd"]:
        verdict = "reversed"
    elif s["fwd"] >= RIGHT_MIN and s["pairs_rev"] > s["pairs_fwd"]:
        verdict = "reversed"
    elif s["fwd"] >= RIGHT_MIN and s["rev"] <= s["fwd"] / 5:
        if s["join"] is None:
            verdict = "unknown"
        elif s["join"] >= JOIN_MIN:
            verdict = "right"
        else:
            verdict = "unjoined"
    else:
        verdict = "unknown"
    s["verdict"] = verdict
    return s
