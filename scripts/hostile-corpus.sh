#!/usr/bin/env bash
# The hostile corpus, end to end, at the sizes issue 12 names: generates
# it in a temporary folder (never committed; see tests/common/hostile.rs
# for every family), runs every command of qari and the reader over it,
# each run with a time bound, and checks exit codes, raw control bytes,
# JSON and messages, and that the corpus is byte-identical afterwards.
# Ends with "N cases, M failures". Release build; several minutes.
#
#   scripts/hostile-corpus.sh
#
# (`cargo test` runs a fast subset of the same: hostile_corpus_fast_subset.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test hostile -- --ignored --nocapture --exact hostile_corpus_full 2>&1 |
  tee /dev/stderr | grep -E '^[0-9]+ cases, [0-9]+ failures$' | tail -n 1
