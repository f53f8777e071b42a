#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the decoders that read outside bytes. See Fuzz/README.md.
#
#   scripts/fuzz.sh [TARGET|all] [--seconds N] [--jobs N] [--no-build]
#
# Builds the fuzz package (Fuzz/, release, -sanitize=fuzzer,address), makes seed corpora from the
# real captures in ../shared/data (read there, never copied into the repo; skipped with a message
# when absent), the repo's sample configurations and the small hand-written seeds in
# Fuzz/Seeds/<target>/, then runs each target for N seconds (default 60). Prints one JSON line per
# target; crash inputs are kept in Fuzz/artifacts/<target>/. Exits 1 if any target crashed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
captures="${KALSHI_FUZZ_CAPTURES:-$root/../shared/data}"
all_targets=(
    fuzz-kalshi-ws-fast fuzz-kalshi-ws-reference fuzz-recorded-line fuzz-kalshi-rest fuzz-cryptocom fuzz-coinbase fuzz-kalshi-index
    fuzz-convert fuzz-recording fuzz-replay fuzz-journal-row fuzz-journal-ahead fuzz-live-yaml fuzz-demo-json
    fuzz-websocket-handshake
)

usage() {
    echo "usage: scripts/fuzz.sh [TARGET|all] [--seconds N] [--jobs N] [--no-build]" >&2
    echo "targets: ${all_targets[*]}" >&2
    exit 2
}

selection=all
seconds=60
jobs=1
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="${2:-}"; shift 2 || usage ;;
        --jobs) jobs="${2:-}"; shift 2 || usage ;;
        --no-build) build=0; shift ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) selection="$1"; shift ;;
    esac
done
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "--seconds must be a positive integer" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "--jobs must be a positive integer" >&2; exit 2; }
if [ "$selection" = all ]; then
    targets=("${all_targets[@]}")
else
    [[ " ${all_targets[*]} " == *" $selection "* ]] || { echo "unknown target '$selection'" >&2; usage; }
    targets=("$selection")
fi

# The Swift runtime's backtracer reads memory that AddressSanitizer flags; libFuzzer prints the stack.
export SWIFT_BACKTRACE=enable=no

flags=(-c release --package-path "$fuzz" -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)
if [ "$build" = 1 ]; then
    # SwiftPM keeps the fuzz package's build plan until its own manifest changes, so a source
    # file added to the main package (a dependency here) since the last build is not compiled
    # and its uses fail to resolve; without the cached plan it is made again (a few seconds).
    rm -f "$fuzz/.build/release.yaml"
    if [ "${#targets[@]}" = 1 ]; then
        # fuzz-recording's and fuzz-replay's seeds are recordings converted by fuzz-convert.
        case "${targets[0]}" in
            fuzz-recording | fuzz-replay) swift build "${flags[@]}" --product fuzz-convert >&2 ;;
        esac
        swift build "${flags[@]}" --product "${targets[0]}" >&2
    else
        swift build "${flags[@]}" >&2
    fi
fi
bin="$(swift build "${flags[@]}" --show-bin-path)"

# Seeds made at run time (from captures and repo samples) live in Fuzz/corpus/.seeds/<target>/;
# the corpus libFuzzer grows is kept in Fuzz/corpus/<target>/ between runs. Both are gitignored.
generated="$fuzz/corpus/.seeds"
rm -rf "$generated"
mkdir -p "$generated"
for target in "${all_targets[@]}"; do mkdir -p "$generated/$target"; done

if ! command -v python3 >/dev/null 2>&1; then
    echo "fuzz: python3 not found; using the hand-written seeds only" >&2
elif [ ! -d "$captures" ]; then
    echo "fuzz: no captures at $captures; using the hand-written seeds only" >&2
else
    python3 - "$captures" "$generated" <<'PY'
import csv, glob, json, os, sys
captures, out = sys.argv[1], sys.argv[2]
def put(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(line for _, line in zip(range(lines), f))
count = 0
# Kalshi WebSocket captures: every frame, as the decoders see it, and 40-line files to convert.
for path in sorted(glob.glob(os.path.join(captures, "kalshi", "*.jsonl"))):
    base = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            frame = row.get("raw", line) if isinstance(row, dict) else line
            for target in ("fuzz-kalshi-ws-fast", "fuzz-kalshi-ws-reference"):
                put(target, f"{base}-{number}", frame.strip())
            put("fuzz-recorded-line", f"{base}-{number}", line)
            count += 1
    put("fuzz-convert", base, b"\x00" + head(path, 40))
# Kalshi book + BRTI CSV: slices to convert; the BRTI values as CF Benchmarks index frames.
for path in sorted(glob.glob(os.path.join(captures, "kalshi_*book*.csv"))):
    with open(path, "rb") as f:
        lines = f.readlines()
    for start in (1, len(lines) // 2):
        put("fuzz-convert", f"{os.path.basename(path)}-{start}", b"\x01" + lines[0] + b"".join(lines[start:start + 40]))
for path in sorted(glob.glob(os.path.join(captures, "brti_1s_*.csv"))):
    with open(path, newline="") as f:
        for number, row in zip(range(30), csv.DictReader(f)):
            data = json.dumps({"type": "value", "id": "BRTI", "time": int(row["timestamp_ms"]), "value": row["brti"]})
            frame = {"type": "cfbenchmarks_value", "sid": 1, "seq": number + 1,
                     "msg": {"index_id": "BRTI", "received_at": int(row["timestamp_ms"]) + 250, "data": data}}
            put("fuzz-kalshi-index", f"brti-{number}", json.dumps(frame, separators=(",", ":")))
            count += 1
# 1-minute candles: slices to convert, and the same candles in Crypto.com's candlestick shapes.
for path in sorted(glob.glob(os.path.join(captures, "*_1m_*.csv"))):
    base = os.path.basename(path)
    put("fuzz-convert", base, b"\x02" + head(path, 40))
    with open(path, newline="") as f:
        rows = [row for _, row in zip(range(20), csv.DictReader(f))]
    candles = [{"o": r["open"], "h": r["high"], "l": r["low"], "c": r["close"], "v": r["volume"], "t": int(r["timestamp_ms"])}
               for r in rows]
    name = "ETH_USD" if base.startswith("eth") else "BTC_USD"
    rest = {"id": 1, "method": "public/get-candlestick", "code": 0,
            "result": {"interval": "1m", "instrument_name": name, "data": candles}}
    put("fuzz-cryptocom", base + "-rest", json.dumps(rest, separators=(",", ":")))
    for number, candle in enumerate(candles[:5]):
        push = {"id": -1, "method": "subscribe", "code": 0,
                "result": {"instrument_name": name, "subscription": f"candlestick.1m.{name}", "channel": "candlestick",
                           "interval": "1m", "data": [candle]}}
        put("fuzz-cryptocom", f"{base}-push-{number}", json.dumps(push, separators=(",", ":")))
    count += len(candles)
print(f"fuzz: seeds from {count} captured frames and rows in {captures}", file=sys.stderr)
PY
fi
for sample in "$root"/config/*.yaml; do [ -f "$sample" ] && cp "$sample" "$generated/fuzz-live-yaml/"; done
for sample in "$root"/config/*.json; do [ -f "$sample" ] && cp "$sample" "$generated/fuzz-demo-json/"; done

# Real recordings for fuzz-recording and fuzz-replay: fuzz-convert run once over every convert
# seed keeps the recordings it writes.
if [[ " ${targets[*]} " == *" fuzz-recording "* || " ${targets[*]} " == *" fuzz-replay "* ]]; then
    convert_inputs=("$fuzz"/Seeds/fuzz-convert/* "$generated"/fuzz-convert/*)
    KALSHI_FUZZ_RECORDING_SEEDS="$generated/fuzz-recording" "$bin/fuzz-convert" "${convert_inputs[@]}" \
        >/dev/null 2>&1 || echo "fuzz: converting seeds for fuzz-recording failed; see fuzz-convert" >&2
    cp "$generated"/fuzz-recording/* "$generated/fuzz-replay/" 2>/dev/null || true
fi

dictionary() {
    case "$1" in
        fuzz-live-yaml) echo "$fuzz/Dictionaries/yaml.dict" ;;
        fuzz-journal-row) echo "$fuzz/Dictionaries/journal.dict" ;;
        fuzz-recording | fuzz-replay) echo "" ;;
        *) echo "$fuzz/Dictionaries/json.dict" ;;
    esac
}

logs="$fuzz/corpus/.logs"
mkdir -p "$logs"
failed=0
for target in "${targets[@]}"; do
    corpus="$fuzz/corpus/$target"
    artifacts="$fuzz/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    seeds=()
    [ -d "$fuzz/Seeds/$target" ] && seeds+=("$fuzz/Seeds/$target")
    seeds+=("$generated/$target")
    options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0
        -artifact_prefix="$artifacts/")
    dict="$(dictionary "$target")"
    [ -n "$dict" ] && options+=(-dict="$dict")
    before=$(find "$artifacts" -type f | wc -l)
    started=$(date +%s)
    pids=()
    for job in $(seq 1 "$jobs"); do
        # ASan's own options: libFuzzer reports the trap, one process per job on the shared corpus.
        ASAN_OPTIONS="${ASAN_OPTIONS:-allocator_may_return_null=1}" \
            "$bin/$target" "${options[@]}" "$corpus" "${seeds[@]}" >"$logs/$target-$job.log" 2>&1 &
        pids+=($!)
    done
    status=0
    for pid in "${pids[@]}"; do
        wait "$pid" || status=1
        # The scratch files a target reads its input from (FuzzSupport.ScratchFile).
        rm -f /dev/shm/kalshi-fuzz-"$pid".* "${TMPDIR:-/tmp}"/kalshi-fuzz-"$pid".*
    done
    elapsed=$(( $(date +%s) - started ))
    [ "$elapsed" -gt 0 ] || elapsed=1
    executions=0
    for job in $(seq 1 "$jobs"); do
        units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$target-$job.log" | tail -1)
        executions=$((executions + ${units:-0}))
    done
    crashes=$(( $(find "$artifacts" -type f | wc -l) - before ))
    if [ "$status" != 0 ] && [ "$crashes" = 0 ]; then crashes=1; fi
    if [ "$crashes" != 0 ]; then
        failed=1
        echo "fuzz: $target crashed; inputs in $artifacts, log in $logs/$target-*.log" >&2
        grep -m1 -E "Fatal error|SUMMARY|ERROR: libFuzzer|ERROR: AddressSanitizer" "$logs/$target-1.log" >&2 || true
    fi
    printf '{"target":"%s","seconds":%d,"executions":%d,"exec_per_s":%d,"crashes":%d}\n' \
        "$target" "$elapsed" "$executions" $((executions / elapsed)) "$crashes"
done
exit "$failed"
