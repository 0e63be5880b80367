#!/usr/bin/env bash
# Runs the end-to-end suite (tests/e2e_pty.rs: the real binary in a
# pseudo-terminal) N times in a row while CPU burners keep every core busy,
# stops at the first failure and ends with a line "N runs, F failures".
#
# Usage: scripts/e2e-loop.sh [N] [ARGS...]
#   N      runs (default 20)
#   ARGS   passed to the test binary (a test name filter, --test-threads=1, ...)
# Environment: E2E_LOOP_BURNERS  busy processes (default: the number of cores)
#
# The test binary is built once, then run directly each time.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
[ $# -gt 0 ] && shift
case $runs in
'' | *[!0-9]*)
    echo "usage: $0 [N] [test binary args...]" >&2
    exit 2
    ;;
esac

echo "building the e2e test binary..."
bin=$(cargo test --test e2e_pty --no-run --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*"' | sed 's/^"executable":"//; s/"$//' |
    grep '/e2e_pty-' | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "could not build the e2e test binary (run: cargo test --test e2e_pty --no-run)" >&2
    exit 2
fi

logs=$(mktemp -d)
burners=()
cleanup() {
    if [ ${#burners[@]} -gt 0 ]; then
        kill "${burners[@]}" 2>/dev/null || true
        wait "${burners[@]}" 2>/dev/null || true
    fi
    rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

n_burners=${E2E_LOOP_BURNERS:-$(nproc)}
for _ in $(seq 1 "$n_burners"); do
    # A busy loop in a subshell of its own: one core's worth of load.
    (while :; do :; done) &
    burners+=("$!")
done
echo "$n_burners CPU burners running (pids ${burners[*]}); $runs runs of $bin $*"

done_runs=0
failures=0
for i in $(seq 1 "$runs"); do
    start=${EPOCHREALTIME/[.,]/}
    if "$bin" "$@" >"$logs/run.log" 2>&1; then
        status=ok
    else
        status=FAILED
        failures=$((failures + 1))
    fi
    done_runs=$i
    ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))
    printf 'run %d/%d: %s (%d.%03d s)\n' "$i" "$runs" "$status" $((ms / 1000)) $((ms % 1000))
    if [ "$status" = FAILED ]; then
        echo "---- output of the failed run ----"
        cat "$logs/run.log"
        echo "----"
        break
    fi
done

echo "$done_runs runs, $failures failures"
[ "$failures" -eq 0 ]
