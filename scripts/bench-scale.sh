#!/usr/bin/env bash
# Issue 14's scale benchmarks on a generated corpus (never committed):
#   1. the index build from scratch: text throughput, peak anonymous and
#      file-backed resident memory (sampled every 0.2 s);
#   2. a full freshness check with nothing changed (`qari index` again);
#   3. `qari search WORD` (process start included, folders-only freshness)
#      against `rg -c WORD` on the same files, in the same hyperfine run;
#   4. the reader's first full frame on the corpus's library, in a
#      pseudo-terminal (benches/startup.rs with QARI_BENCH_CORPUS);
#   5. keystrokes typed into the search (p50/p95/p99) and resident memory
#      (benches/search.rs with QARI_BENCH_CORPUS).
#
# Usage: scripts/bench-scale.sh N LAYOUT
#   N       articles (100000, 1000000)
#   LAYOUT  txt (one file per article, SOURCE/YEAR/MONTH folders), jsonl,
#           or gz (.jsonl.gz)
# Corpora go to target/qari-bench/scale-N-LAYOUT, their indexes to
# target/qari-bench/cache-scale-N-LAYOUT (XDG_CACHE_HOME). A million articles are about
# 2.9 GB of text (4.4 GB on disk as one file each) and 3 GB of index.
# Needs hyperfine, ripgrep and bc.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?articles}
LAYOUT=${2:?txt, jsonl or gz}
DIR=target/qari-bench
CORPUS=$DIR/scale-$N-$LAYOUT
# An index cache of its own, so that step 1 starts from nothing.
export XDG_CACHE_HOME=$PWD/$DIR/cache-scale-$N-$LAYOUT
cargo build --release --quiet --bin qari --example gen_corpus
qari=./target/release/qari
if [ ! -d "$CORPUS" ]; then
  case $LAYOUT in
    txt) flag=--txt ;;
    gz) flag=--gz ;;
    *) flag= ;;
  esac
  # shellcheck disable=SC2086 # no flag for JSON Lines
  ./target/release/examples/gen_corpus "$N" "$CORPUS" --zipf $flag
fi

# Runs a command, sampling its resident memory; prints the peaks.
peaks() {
  "$@" &
  local pid=$! anon=0 file=0 a f
  while kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    f=$(awk '/RssFile/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
    sleep 0.2
  done
  wait "$pid"
  echo "peak resident memory: $((anon / 1024)) MB anonymous, $((file / 1024)) MB file-backed (index pages)"
}

echo "== 1. index build from scratch ($CORPUS)"
rm -rf "$XDG_CACHE_HOME"
start=$(date +%s.%N)
peaks "$qari" index "$CORPUS"
echo "wall $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== 2. full freshness check, nothing changed"
start=$(date +%s.%N)
peaks "$qari" index "$CORPUS"
echo "wall $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== 3. qari search vs rg -c (page cache warm; qari looks at folders only)"
for w in البغدادي صيدنايا التنظيم; do
  hyperfine -N -w 2 -r 10 \
    "$qari search '$w ' $CORPUS" \
    "rg -c $w $CORPUS"
done

echo "== 4. the reader's first full frame"
QARI_BENCH_CORPUS=$CORPUS cargo bench --quiet --bench startup

echo "== 5. keystrokes and memory"
QARI_BENCH_CORPUS=$CORPUS cargo bench --quiet --bench search
