#!/usr/bin/env bash
# Fault injection for the index and the state files (tests/faults.rs):
# kill -9 during `qari index` at 20 random points, damaged and truncated
# index files (40 trials), a read-only cache, a full disk (a 1 MB tmpfs:
# needs root to mount; skipped, and said so, otherwise), two writers at
# once, a search while indexing, positions and configuration files that
# are garbage, folders, FIFOs or huge. Search results after each recovery
# must equal a clean build's; the corpus is hashed after every case. Ends
# with "N cases, M failures". Release build; about 45 minutes on 2 cores
# shared with other builds (most of it the 40 damaged-file trials).
#
#   scripts/fault-injection.sh
#   QARI_FAULTS=readonly,full scripts/fault-injection.sh   # some parts only
#
# Parts: kill, damage, writers, readonly, full, state.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test faults -- --ignored --nocapture --exact fault_injection 2>&1 |
  tee /dev/stderr | grep -E '^[0-9]+ cases, [0-9]+ failures$' | tail -n 1
