#!/usr/bin/env bash
# Regenerates Linker/hot-functions.txt, the order in which a release build on Linux lays out the
# functions of the live order path, in one block (see Package.swift): a profile of `bench --filter
# live.tick_to_order`, cut to the measured rounds (frame handed over → order request handed to
# the HTTP client), each function counted once per sample whose call stack it is on, hottest
# first. Run it after changes to the path, on a release build, then link again (SwiftPM does not
# track the list, so remove the binary first):
#
#   swift build -c release --product kalshi-trader && scripts/hot-functions.sh
#   rm .build/release/kalshi-trader && swift build -c release --product kalshi-trader
#
# Needs perf (Debian: linux-perf) allowed to sample this process, and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/kalshi-trader}
frames=${HOT_FUNCTIONS_FRAMES:-4000}
[ -x "$binary" ] || { echo "no binary at $binary: build it first (swift build -c release --product kalshi-trader)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# perf's clock is the monotonic one the benchmark writes the rounds in; sampling often, so that
# a function taking well under a microsecond a round is still seen (perf slows the rounds down,
# which changes how long each takes, not which functions run). 20 kHz: about a minute here; at
# 50 kHz the run had not ended after 25 minutes (session 28). HOT_FUNCTIONS_HZ overrides.
perf record -q -k monotonic -F "${HOT_FUNCTIONS_HZ:-20000}" -e cpu-clock --call-graph fp -o "$work/perf.data" -- \
    "$binary" bench --filter live.tick_to_order --tick-to-order-frames "$frames" \
    --tick-to-order-rounds-out "$work/rounds.txt" > "$work/bench.jsonl"
perf script -i "$work/perf.data" --ns -F time,ip,sym,dso 2>/dev/null |
    python3 scripts/hot-functions.py "$work/rounds.txt" "$(basename "$binary")" > "$work/hot-functions.txt"
# A function the profile did not sample this time (one run samples some of the path's rarely
# long functions and not others) keeps its place after the sampled ones, if the binary still
# has it: a regeneration adds to the block and drops only names gone from the code.
nm "$binary" | awk '{ print ".text." $3 }' | sort -u > "$work/symbols.txt"
python3 - "$work/hot-functions.txt" Linker/hot-functions.txt "$work/symbols.txt" > "$work/merged.txt" <<'MERGE'
import sys
new = [line.strip() for line in open(sys.argv[1]) if line.strip()]
old = [line.strip() for line in open(sys.argv[2]) if line.strip()]
symbols = set(open(sys.argv[3]).read().split())
seen = set(new)
print("\n".join(new + [name for name in old if name not in seen and name in symbols]))
MERGE
mv "$work/merged.txt" Linker/hot-functions.txt
echo "Linker/hot-functions.txt: $(wc -l < Linker/hot-functions.txt) functions from $(wc -l < "$work/rounds.txt") rounds" >&2
