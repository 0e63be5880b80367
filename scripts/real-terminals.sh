#!/usr/bin/env bash
# The real-terminal check of issue 11: qari's views, with default flags, in
# real terminal emulators under Xvfb, screenshotted and judged by OCR.
#
# Usage: scripts/real-terminals.sh [check] [--terminals a,b] [--views v,w] [--with-stdin]
#        scripts/real-terminals.sh calibrate | probe | experiments [--terminals ...]
#
#   check        (default) every terminal x view; ends with a summary table
#                and "N cases, F wrong"; exit status 1 when a case is wrong
#   calibrate    known-right / unjoined / reversed screens and their scores
#   probe        record each terminal's answers under tests/data/terminals/
#   experiments  screenshots of the encoding test card (scripts/term_card.py)
#
# Terminals: xterm sakura konsole mlterm kitty alacritty tmux-sakura
# Views: show library reading compare pipe-head (stdin: `cat file | qari`,
# with --with-stdin or QARI_RT_STDIN=1, once qari reads standard input).
#
# Installs what is missing with apt-get (needs root, or sudo), builds qari in
# release, and writes screenshots and a contact sheet under
# target/real-terminals/ (ignored by git). How the verdict is made:
# docs/terminals.md. Takes about 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(xvfb xterm xfonts-base sakura konsole mlterm kitty alacritty xdotool
    imagemagick tesseract-ocr tesseract-ocr-ara tmux fonts-dejavu-core python3)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
        --no-install-recommends "${missing[@]}"
fi

echo "building qari (release)..."
cargo build --release --quiet

# The system Python (standard library only).
py=/usr/bin/python3
[ -x "$py" ] || py=python3
exec "$py" scripts/real_terminals.py "$@"
