#!/usr/bin/env bash
# Search benchmarks on a generated corpus (never committed):
#   1. index build from scratch (throughput, peak memory);
#   2. `qari search WORD` with its persistent index against `rg -c WORD`
#      over the same files, process start included (hyperfine);
#   3. reopen + first query, keystroke latency and memory (benches/search.rs).
# Usage: scripts/bench-search.sh [N_ARTICLES] (default 100000, ~350 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DIR=target/qari-bench
CORPUS=$DIR/c$N
export XDG_CACHE_HOME=$PWD/$DIR/cache
cargo build --release --bin qari --example gen_corpus
if [ ! -d "$CORPUS" ]; then
  ./target/release/examples/gen_corpus "$N" "$CORPUS"
fi
du -shL "$CORPUS"
echo "== index build from scratch"
rm -rf "$XDG_CACHE_HOME"
/usr/bin/time -f "wall %e s, peak RSS %M kB" ./target/release/qari index "$CORPUS"
du -sh "$XDG_CACHE_HOME"
echo "== qari search vs rg -c (page cache warm)"
for w in البغدادي صيدنايا التنظيم; do
  hyperfine -N -w 5 -r 40 \
    "./target/release/qari search '$w ' $CORPUS" \
    "rg -c $w $CORPUS"
done
echo "== reopen, keystrokes, memory"
QARI_BENCH_CORPUS=$CORPUS cargo bench --bench search
