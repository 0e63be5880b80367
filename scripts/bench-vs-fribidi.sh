#!/usr/bin/env bash
# qari show --shape --width 80 against GNU FriBidi (fribidi --width 80) on the
# same 8 MB file: the five sample articles concatenated 200 times.
# Needs hyperfine and fribidi (Debian: apt-get install hyperfine libfribidi-bin).
# The generated file goes to a temporary folder and is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 200); do cat seeds/*.txt; done > "$work/sample-x200.txt"
ls -l "$work/sample-x200.txt" | awk '{print "input:", $5, "bytes"}'
hyperfine --warmup 3 --runs 20 -N \
  "fribidi --width 80 $work/sample-x200.txt" \
  "target/release/qari show --shape --width 80 $work/sample-x200.txt" \
  "target/release/qari show --width 80 $work/sample-x200.txt"
