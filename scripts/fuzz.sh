#!/usr/bin/env bash
# Runs qari's fuzz targets (fuzz/, cargo-fuzz and libFuzzer) one after the
# other, each for a given time, and prints a table of what they did.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# SECONDS per target (default 600); layout and compare get twice as long.
# TARGETs default to all of them: decode segment layout query snippet
# compare config. What each checks: fuzz/src/checks.rs.
#
# cargo-fuzz wants a nightly compiler for its -Z flags (sanitizer coverage,
# AddressSanitizer). On a stable toolchain RUSTC_BOOTSTRAP=1 lets rustc
# accept them; this script sets it. It needs `cargo install cargo-fuzz`
# (from crates.io) once.
#
# Seed inputs are made from the sample corpus (seeds/) at every run, in
# fuzz/corpus/ (never committed; neither is fuzz/artifacts/). A target that
# finds a failure stops; its input is in fuzz/artifacts/TARGET/: keep it as
# a regression test in tests/data/fuzz/TARGET/ (tests/fuzz_regressions.rs
# replays those) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(decode segment layout query snippet compare config)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 1
fi
export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build -O

# Seeds: the sample's texts behind the option bytes each target reads.
seed() {
  local t=$1 dir="corpus/$1"
  mkdir -p "$dir"
  local i=0
  for f in "$root"/seeds/*.txt; do
    i=$((i + 1))
    case $t in
      decode) { printf '\x00\x00'; cat "$f"; } >"$dir/seed-$i-text"
              { printf '\x01\x00{"id":"s%d","title":"t","text":"' "$i"; head -c 3000 "$f" | tr -d '"\\\n\r'; printf '"}\n'; } >"$dir/seed-$i-jsonl" ;;
      layout) { printf '\x08\x28\x08\x00\x02\x05\x03\x01\x40\x20\x04'; head -c 4000 "$f"; } >"$dir/seed-$i" ;;
      query)  { printf '\x50'; head -c 40 "$f"; printf '\xff'; head -c 4000 "$f"; } >"$dir/seed-$i" ;;
      snippet) { printf '\x40\x04\x10\x20\x30\x40\x80\x90\xa0\xb0'; head -c 4000 "$f"; } >"$dir/seed-$i" ;;
      compare) { printf '\x00\x46'; head -c 3000 "$f"; printf '\xff'; head -c 3000 "$root/seeds/001_46000f0de5a71e36.txt"; } >"$dir/seed-$i" ;;
      segment) head -c 6000 "$f" >"$dir/seed-$i" ;;
      config) cp "$root/assets/config.toml" "$dir/seed-default" ;;
    esac
  done
}

summary=()
for t in "${targets[@]}"; do
  seed "$t"
  time_t=$secs
  case $t in layout | compare) time_t=$((secs * 2)) ;; esac
  log="artifacts/$t.log"
  mkdir -p "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  started=$(date +%s)
  set +e
  cargo fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$time_t" -timeout=20 -rss_limit_mb=3072 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1
  code=$?
  set -e
  took=$(($(date +%s) - started))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  after=$(find "artifacts/$t" -type f | wc -l)
  crashes=$((after - before))
  summary+=("$(printf '%-8s %6ss %12s runs %8s/s  exit %3s  new failures %s' "$t" "$took" "${runs:-?}" "${speed:-?}" "$code" "$crashes")")
  echo "${summary[-1]}"
done
echo
echo "target   time      executions   speed      exit  failures"
printf '%s\n' "${summary[@]}"
