#!/usr/bin/env bash
# Byte-for-byte comparison of `qari show` between two binaries: the sample
# ×200 (shaped and not, widths 80 and 23, every --send form) and random
# lines of mixed scripts, controls, isolates, embeddings, marks, joiners,
# line separators, tabs, wide and zero-width characters at several widths,
# under every --dir, --send, --bidi and --lam-alef value. Generated inputs go
# to a temporary folder and are never committed.
#
#   scripts/check-show-identical.sh BASE NEW [LINES]
#
# Prints one line per difference and exits 1 if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1
new=$2
lines=${3:-6000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 200); do cat seeds/*.txt; done > "$work/sample.txt"
python3 - "$lines" > "$work/random.txt" <<'EOF'
import random, sys
random.seed(14)
pools = [
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "لالألإلآ", "אבגדהוזחטיכלמנסעפצקרשת",
    "abcdefghijklmnopqrstuvwxyzABCXYZ", "0123456789", "٠١٢٣٤٥٦٧٨٩۰۱۲",
    "     ", "\t", ".,:;!?()[]{}<>«»\"'-‐–—/\\%$#+*=&|~^_@",
    "،؛؟٪٫٬", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u05b8\u05bc\u0301",
    "\u200c\u200d\u200b\u2060\ufeff\u00ad\u00a0\u202f\u2007\u0640",
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    "\u0001\u0007\u001b\u007f\u0085\u009b\u000b\u000c\u2028",
    "中文字漢😀👍🏽🇸🇦\u3000ｱ한글", "“”‘’„‹›", "\u0e01\u0e32\u0e49",
]
weights = [30, 4, 10, 12, 5, 3, 14, 2, 6, 2, 4, 2, 2, 1, 2, 1, 1]
for _ in range(int(sys.argv[1])):
    n = random.choice([0, 1, 3, 8, 20, 40, 80, 120, 200, 400])
    s = []
    for _ in range(n):
        pool = random.choices(pools, weights)[0]
        s.append(random.choice(pool))
    print("".join(s))
EOF
fail=0
run() { # name file args...
  local name=$1 file=$2
  shift 2
  "$base" show --no-pager "$@" "$work/$file" > "$work/a" 2> "$work/ae" || true
  "$new" show --no-pager "$@" "$work/$file" > "$work/b" 2> "$work/be" || true
  if [[ ! -s "$work/a" ]]; then
    echo "EMPTY OUTPUT: $name $*: $(head -c 200 "$work/ae")"
    fail=1
  elif cmp -s "$work/a" "$work/b" && cmp -s "$work/ae" "$work/be"; then
    count=$((count + 1))
  else
    echo "DIFFERENT: $name $*"
    fail=1
  fi
}
: > "$work/config.toml"
export QARI_CONFIG=$work/config.toml
count=0
for w in 80 23; do
  for s in on off; do
    run sample sample.txt --width $w --shape $s
  done
  for send in explicit visual fenced runs chunks override; do
    run sample sample.txt --width $w --shape on --send $send
  done
done
for w in 7 13 23 80; do
  for d in auto rtl ltr; do
    for s in on off; do
      run random random.txt --width $w --dir $d --shape $s
    done
  done
  for send in explicit visual fenced runs chunks override; do
    run random random.txt --width $w --send $send --shape on
  done
  for b in app terminal off; do
    run random random.txt --width $w --bidi $b --shape on
  done
  run random random.txt --width $w --shape on --lam-alef two-cell
done
echo "$count outputs identical ($(wc -c < "$work/sample.txt") + $(wc -c < "$work/random.txt") bytes of input)"
exit $fail
