#!/usr/bin/env python3
"""The real-terminal check of qari (issue 11), and its helpers.

Run through scripts/real-terminals.sh, which installs the packages and
builds qari first. Subcommands:

  check [--terminals a,b] [--views v,w] [--with-stdin]
        every terminal x view with default flags: screenshot, judge, contact
        sheet, summary table, "N cases, F wrong"
  calibrate
        known-right, known-unjoined and known-reversed screens in xterm, with
        their scores (the thresholds in rt_judge.py come from these)
  probe [--terminals ...]
        runs scripts/term_probe.py in each terminal and writes
        tests/data/terminals/<name>.txt
  experiments [--terminals ...]
        screenshots of scripts/term_card.py (the candidate encodings)

Screenshots go to target/real-terminals/ (ignored by git).
"""

import argparse
import glob
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import rt_judge  # noqa: E402
import rt_terms as T  # noqa: E402

QARI = os.path.join(ROOT, "target", "release", "qari")
OUT = os.path.join(ROOT, "target", "real-terminals")

# View -> (command run in the terminal, keys typed after start, expected docs)
HOLD = "; sleep 100000"


def views(stdin_file):
    q = QARI
    v = {
        "show": (["bash", "-c", f"{q} show 000{HOLD}"], [], None),
        "library": ([q], [], None),
        "reading": ([q], ["Return"], None),
        "compare": ([q], ["space", "space", "c"], None),
        "pipe-head": (["bash", "-c", f"{q} show 000 | head -40{HOLD}"], [], None),
        "pipe-fenced": (["bash", "-c", f"{q} show 000 --send fenced | head -40{HOLD}"], [], None),
        "stdin": (["bash", "-c", f"cat {stdin_file} | {q}{HOLD}"], [], None),
    }
    return v


# What must read right with default flags. The piped views are opt-in
# (--views): piped output is plain visual order by design (README,
# "Terminals"), reversed in a terminal that reorders; `pipe-fenced` is the
# form qari's note proposes for `| less` there.
DEFAULT_VIEWS = ["show", "library", "reading", "compare", "stdin"]


def logical(doc, width=1000):
    r = subprocess.run([QARI, "show", doc, "--bidi", "off", "--width", str(width)],
                       capture_output=True, text=True, check=True)
    return r.stdout


def sample_text():
    return "\n".join(logical(f"00{i}") for i in range(5))


def stamp():
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def run_case(xvfb, term, cmd, keys, png, home_root, extra_env=None, settle_first=2.0, **kw):
    r = T.Running(term, cmd, xvfb, home_root, extra_env, **kw)
    try:
        if not r.find_window():
            return False
        time.sleep(1.0)
        if keys:
            r.keys(*keys, delay=0.8)
        return r.settle(png, first_wait=settle_first)
    finally:
        r.close()


def contact_sheet(items, path, cols=6):
    """items: (png, label) list."""
    args = ["montage"]
    for png, label in items:
        # A missing screenshot keeps its place in the grid.
        args += ["-label", label, png if os.path.exists(png) else "xc:#999999[420x300]"]
    args += ["-font", "DejaVu-Sans", "-geometry", "420x300>+6+6", "-tile", f"{cols}x", "-pointsize", "14",
             "-background", "#dddddd", path]
    subprocess.run(args, capture_output=True)


def cmd_check(a):
    run_dir = os.path.join(OUT, "check-" + stamp())
    os.makedirs(run_dir)
    home_root = os.path.join(run_dir, "homes")
    os.makedirs(home_root)
    stdin_file = os.path.join(run_dir, "000.txt")
    with open(stdin_file, "w") as f:
        f.write(logical("000"))
    expected = rt_judge.Expected(sample_text())
    terms = a.terminals.split(",") if a.terminals else T.TERMINALS
    vnames = a.views.split(",") if a.views else list(DEFAULT_VIEWS)
    if a.with_stdin and "stdin" not in vnames:
        vnames.append("stdin")
    vs = views(stdin_file)
    results = {}
    sheet = []
    for term in terms:
        for view in vnames:
            cmd, keys, _ = vs[view]
            png = os.path.join(run_dir, f"{term}--{view}.png")
            t0 = time.time()
            # A display of its own for every case, tried twice: a window
            # of an earlier case that maps late (or never goes) can then
            # never be taken for this one's, and a terminal slow to map its
            # window under load gets a second chance.
            ok = False
            for _ in range(2):
                xvfb = T.Xvfb()
                try:
                    ok = run_case(xvfb, term, cmd, keys, png, home_root)
                finally:
                    xvfb.close()
                if os.path.exists(png):
                    break
            if not os.path.exists(png):
                res = {"verdict": "unknown", "error": "no screenshot"}
            else:
                work = tempfile.mkdtemp(dir=run_dir)
                res = rt_judge.judge(png, expected, work)
                shutil.rmtree(work)
                res["settled"] = ok
            results[(term, view)] = res
            print(f"{term:12} {view:10} {res['verdict']:9} "
                  f"words={res.get('words')} fwd={res.get('fwd', 0):.2f} "
                  f"rev={res.get('rev', 0):.2f} pairs={res.get('pairs_fwd')}/"
                  f"{res.get('pairs_rev')} join={fmt(res.get('join'))} "
                  f"({time.time() - t0:.0f}s)", flush=True)
            sheet.append((png, f"{term} {view}: {res['verdict']}"))
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump({f"{t}/{v}": r for (t, v), r in results.items()}, f, ensure_ascii=False,
                  indent=1)
    contact_sheet(sheet, os.path.join(run_dir, "contact-sheet.png"), cols=len(vnames))
    shutil.rmtree(home_root, ignore_errors=True)
    # summary
    print()
    print("| terminal | " + " | ".join(vnames) + " |")
    print("|---|" + "---|" * len(vnames))
    wrong = 0
    for term in terms:
        cells = []
        for v in vnames:
            verdict = results[(term, v)]["verdict"]
            wrong += verdict != "right"
            cells.append(verdict)
        print(f"| {term} | " + " | ".join(cells) + " |")
    print()
    print(f"screenshots and contact sheet: {run_dir}")
    print(f"{len(results)} cases, {wrong} wrong")
    return 1 if wrong else 0


def fmt(x):
    return "-" if x is None else f"{x:.3f}"


def cmd_calibrate(a):
    run_dir = os.path.join(OUT, "calibrate-" + stamp())
    os.makedirs(run_dir)
    home_root = os.path.join(run_dir, "homes")
    os.makedirs(home_root)
    expected = rt_judge.Expected(sample_text())
    width = 98
    files = {}

    def show(*flags):
        return subprocess.run([QARI, "show", "000", "--width", str(width), *flags],
                              capture_output=True, text=True, check=True).stdout

    shaped = show("--shape")
    files["right-shaped"] = ("xterm", shaped, "right")
    files["unjoined-visual"] = ("xterm", show(), "unjoined")
    # The shaped visual rows with every row reversed: what a terminal that
    # reorders qari's rows a second time shows (word order and letters).
    files["reversed-rows"] = ("xterm", "\n".join(l[::-1] for l in shaped.splitlines()),
                              "reversed")
    # Letters of every word reversed, words in place: kitty's run reversal.
    files["reversed-words"] = ("xterm", "\n".join(
        " ".join(w[::-1] for w in l.split(" ")) for l in shaped.splitlines()), "reversed")
    files["vte-default"] = ("sakura", None, "right")
    rows = []
    xvfb = T.Xvfb()
    try:
        for name, (term, text, want) in files.items():
            if text is None:
                cmd = ["bash", "-c", f"{QARI} show 000{HOLD}"]
            else:
                p = os.path.join(run_dir, name + ".txt")
                with open(p, "w") as f:
                    f.write(text + "\n")
                cmd = ["bash", "-c", f"cat {p}{HOLD}"]
            png = os.path.join(run_dir, name + ".png")
            run_case(xvfb, term, cmd, [], png, home_root)
            work = tempfile.mkdtemp(dir=run_dir)
            res = rt_judge.judge(png, expected, work)
            shutil.rmtree(work)
            rows.append((name, want, res))
            print(f"{name:16} want={want:9} got={res['verdict']:9} words={res['words']} "
                  f"fwd={res['fwd']:.2f} rev={res['rev']:.2f} "
                  f"pairs={res['pairs_fwd']}/{res['pairs_rev']} join={fmt(res['join'])} "
                  f"cell={fmt(res['cell'])}", flush=True)
    finally:
        xvfb.close()
    shutil.rmtree(home_root, ignore_errors=True)
    contact_sheet([(os.path.join(run_dir, n + ".png"), f"{n}: {r['verdict']}")
                   for n, _, r in rows], os.path.join(run_dir, "contact-sheet.png"), cols=3)
    bad = sum(r["verdict"] != want for _, want, r in rows)
    print(f"{len(rows)} calibration screens, {bad} misjudged ({run_dir})")
    return 1 if bad else 0


def cmd_probe(a):
    out_dir = os.path.join(ROOT, "tests", "data", "terminals")
    os.makedirs(out_dir, exist_ok=True)
    run_dir = os.path.join(OUT, "probe-" + stamp())
    home_root = os.path.join(run_dir, "homes")
    os.makedirs(home_root)
    terms = a.terminals.split(",") if a.terminals else T.TERMINALS + ["tmux-passthrough-sakura"]
    xvfb = T.Xvfb()
    try:
        for term in terms:
            kw = {}
            real = term
            if term == "tmux-passthrough-sakura":
                conf = os.path.join(run_dir, "tmux-passthrough.conf")
                with open(conf, "w") as f:
                    f.write("set -g allow-passthrough on\n")
                kw = {"tmux_conf": conf}
                real = "tmux-sakura"
            rec = os.path.join(run_dir, term + ".txt")
            cmd = ["bash", "-c", f"python3 {HERE}/term_probe.py --name {term} --out {rec}{HOLD}"]
            png = os.path.join(run_dir, term + ".png")
            run_case(xvfb, real, cmd, [], png, home_root, settle_first=3.0, **kw)
            if os.path.exists(rec):
                shutil.copy(rec, os.path.join(out_dir, term + ".txt"))
                print(f"{term}: recorded", flush=True)
            else:
                print(f"{term}: NO RECORD (see {png})", flush=True)
    finally:
        xvfb.close()
    shutil.rmtree(home_root, ignore_errors=True)
    return 0


EXPERIMENT_TERMINALS = T.TERMINALS + ["tmux-pt-sakura", "konsole+nobidi", "mlterm+noctl",
                                     "kitty+force_ltr"]


def cmd_experiments(a):
    run_dir = os.path.join(OUT, "experiments-" + stamp())
    home_root = os.path.join(run_dir, "homes")
    os.makedirs(home_root)
    terms = a.terminals.split(",") if a.terminals else EXPERIMENT_TERMINALS
    sheet = []
    conf = os.path.join(run_dir, "tmux-passthrough.conf")
    with open(conf, "w") as f:
        f.write("set -g allow-passthrough on\n")
    xvfb = T.Xvfb()
    try:
        for term in terms:
            parts = a.parts.split(",")
            kw = {}
            if term.startswith("tmux-pt-"):
                kw["tmux_conf"] = conf
                parts = [p.replace("explicit", "explicit-tmux") for p in parts]
            for part in parts:
                png = os.path.join(run_dir, f"{term}--{part}.png")
                cmd = ["bash", "-c", f"python3 {HERE}/term_card.py {part}{HOLD}"]
                run_case(xvfb, term, cmd, [], png, home_root, settle_first=2.5,
                         cols=T.COLS, rows=40, **kw)
                sheet.append((png, f"{term} {part}"))
                print(f"{term} {part}: {png}", flush=True)
    finally:
        xvfb.close()
    shutil.rmtree(home_root, ignore_errors=True)
    contact_sheet(sheet, os.path.join(run_dir, "contact-sheet.png"), cols=2)
    print(run_dir)
    return 0


def main():
    # SIGTERM and SIGHUP unwind like Ctrl-C, so that terminals and Xvfb are
    # closed by the finally blocks.
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd")
    c = sub.add_parser("check")
    c.add_argument("--terminals")
    c.add_argument("--views")
    c.add_argument("--with-stdin", action="store_true",
                   default=os.environ.get("QARI_RT_STDIN") == "1",
                   help="also `cat file | qari` (once qari reads standard input)")
    sub.add_parser("calibrate")
    r = sub.add_parser("rejudge", help="judge the screenshots of an earlier run again")
    r.add_argument("dir")
    pr = sub.add_parser("probe")
    pr.add_argument("--terminals")
    e = sub.add_parser("experiments")
    e.add_argument("--terminals")
    e.add_argument("--parts", default="line1,line2,explicit1")
    a = p.parse_args()
    if a.cmd is None:
        a = p.parse_args(["check"] + sys.argv[1:])
    return {"check": cmd_check, "calibrate": cmd_calibrate, "probe": cmd_probe,
            "experiments": cmd_experiments, "rejudge": cmd_rejudge}[a.cmd](a)


def cmd_rejudge(a):
    """The verdicts of an earlier run's screenshots, with today's judge."""
    expected = rt_judge.Expected(sample_text())
    rows = {}
    wrong = 0
    for png in sorted(glob.glob(os.path.join(a.dir, "*--*.png"))):
        term, view = os.path.basename(png)[:-4].split("--", 1)
        work = tempfile.mkdtemp(dir=a.dir)
        res = rt_judge.judge(png, expected, work)
        shutil.rmtree(work)
        rows.setdefault(term, {})[view] = res["verdict"]
        wrong += res["verdict"] != "right"
        print(f"{term:12} {view:10} {res['verdict']:9} words={res.get('words')} "
              f"fwd={res.get('fwd', 0):.2f} rev={res.get('rev', 0):.2f} "
              f"join={fmt(res.get('join'))}", flush=True)
    print(f"{sum(len(v) for v in rows.values())} cases, {wrong} wrong")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
