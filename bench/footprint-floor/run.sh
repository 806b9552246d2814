#!/usr/bin/env bash
# Builds the floor programs as make dist builds Sluice's binaries (static Swift runtime, release, no exported
# symbols, stripped) and prints, for each, its size and its resident memory after 10 s serving idle.
#
# Usage:   bash run.sh            # builds into .build (a few minutes the first time)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-"$HERE/.build/floor"}
IDLE_SECONDS=${IDLE_SECONDS:-10}
mkdir -p "$OUT"
cd "$HERE"
swift build -c release --static-swift-stdlib -Xlinker --no-export-dynamic >&2
printf '%-20s %12s %12s %12s %12s\n' program bytes rss_kb anon_kb file_kb
for program in floor-swift floor-essentials floor-nio floor-hummingbird; do
    cp ".build/release/$program" "$OUT/$program"
    strip "$OUT/$program"
    bytes=$(stat -c %s "$OUT/$program")
    rss=- anon=- file=-
    if [ "$program" = floor-nio ] || [ "$program" = floor-hummingbird ]; then
        "$OUT/$program" serve >/dev/null 2>&1 &
        pid=$!
        sleep "$IDLE_SECONDS"
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
        anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status")
        file=$(awk '/^RssFile:/ {print $2}' "/proc/$pid/status")
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    else
        "$OUT/$program" >/dev/null
    fi
    printf '%-20s %12s %12s %12s %12s\n' "$program" "$bytes" "$rss" "$anon" "$file"
done
