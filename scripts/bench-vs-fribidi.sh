#!/usr/bin/env bash
# qari show --shape --width 80 against GNU FriBidi (fribidi --width 80) on the
# same 8 MB file: the five sample articles concatenated 200 times.
# Needs hyperfine and fribidi (Debian: apt-get install hyperfine libfribidi-bin).
# The generated file goes to a temporary folder and is never committed.
#
#   scripts/bench-vs-fribidi.sh                 wall time, all cores (hyperfine)
#   scripts/bench-vs-fribidi.sh --one-core [N]  CPU time (user + sys) on one
#       core (taskset -c 0), FriBidi and qari alternating in the same loop,
#       N rounds (default 11); min and median per command. Other work on the
#       machine slows both alike; CPU time, not wall time, is the figure.
#   QARI_BASE=path/to/qari-base scripts/bench-vs-fribidi.sh --one-core [N]
#       the same, with a second qari binary (say, main's, copied aside) in
#       the same loop, for before/after figures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 200); do cat seeds/*.txt; done > "$work/sample-x200.txt"
ls -l "$work/sample-x200.txt" | awk '{print "input:", $5, "bytes"}'
file="$work/sample-x200.txt"
qari=target/release/qari

if [[ "${1:-}" != "--one-core" ]]; then
  hyperfine --warmup 3 --runs 20 -N \
    "fribidi --width 80 $file" \
    "$qari show --shape --width 80 $file" \
    "$qari show --width 80 $file"
  exit
fi

rounds=${2:-11}
commands=(
  "fribidi --width 80 $file"
  "$qari show --shape --width 80 $file"
  "$qari show --width 80 $file"
)
if [[ -n "${QARI_BASE:-}" ]]; then
  commands+=(
    "$QARI_BASE show --shape --width 80 $file"
    "$QARI_BASE show --width 80 $file"
  )
fi
TIMEFORMAT='%3U %3S %3R'
declare -a cpu wall
for ((r = 0; r < rounds; r++)); do
  for i in "${!commands[@]}"; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    t=$({ time taskset -c 0 ${commands[$i]} > /dev/null; } 2>&1)
    read -r user sys real <<< "$t"
    cpu[i]+="$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u + s) * 1000}') "
    wall[i]+="$(awk -v w="$real" 'BEGIN{printf "%d", w * 1000}') "
  done
done
stats() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END{printf "min %4d ms, median %4d ms", v[1], v[int((NR+1)/2)]}'; }
echo "one core (taskset -c 0), $rounds rounds, commands alternating:"
for i in "${!commands[@]}"; do
  printf '%-48s CPU %s | wall %s\n' "${commands[$i]/$work\//}" \
    "$(stats <<< "${cpu[$i]}")" "$(stats <<< "${wall[$i]}")"
done
