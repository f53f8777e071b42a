#!/usr/bin/env bash
# Runs the whole test suite N times, optionally under load, to find tests that fail at random.
#
#   scripts/stress-tests.sh [-n RUNS] [--burn [K]] [--filter REGEX] [--scratch-path DIR] [--no-postgres]
#
#   -n RUNS         how many runs (default 10)
#   --burn [K]      keep K extra CPU burners busy during every run (default K: one per core)
#   --filter REGEX  only the tests `swift test --filter` selects
#   --scratch-path  the build folder (default .build), e.g. to stress a second checkout
#   --no-postgres   do not start the system PostgreSQL (its journal variants then skip)
#
# It builds once (the same `--traits Postgres` build as .ci/run), then runs `swift test
# --skip-build` RUNS times, keeping each run's output in logs/stress/<stamp>/run-N.log. It
# prints one line per run (pass/FAIL, seconds, the failing tests) and a summary, and exits
# non-zero when any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=10
burners=0
filter=()
scratch=()
postgres=1
while [ $# -gt 0 ]; do
    case "$1" in
        -n) runs="$2"; shift 2 ;;
        --burn)
            if [[ "${2:-}" =~ ^[0-9]+$ ]]; then burners="$2"; shift 2; else burners=$(nproc); shift; fi ;;
        --filter) filter=(--filter "$2"); shift 2 ;;
        --scratch-path) scratch=(--scratch-path "$2"); shift 2 ;;
        --no-postgres) postgres=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "stress-tests: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "stress-tests: -n must be a positive integer, got '$runs'" >&2; exit 2; }

if [ "$postgres" = 1 ] && url=$(bash .ci/postgres.sh 2>/dev/null); then
    export KALSHI_TEST_POSTGRES_URL="$url"
fi

echo "building (swift build --build-tests --traits Postgres ${scratch[*]})"
if ! swift build --build-tests --traits Postgres "${scratch[@]}" >/dev/null 2>&1; then
    echo "stress-tests: the build failed; run swift build --build-tests --traits Postgres to see why" >&2
    exit 2
fi

# The same bound on tests in flight as .ci/run (see there).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-8}"

out="logs/stress/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
burner_pids=()
stop_burners() {
    for pid in "${burner_pids[@]}"; do kill "$pid" 2>/dev/null; done
    burner_pids=()
}
trap stop_burners EXIT
# Interrupted: stop the burners and the runs, not just the current one.
trap 'stop_burners; exit 130' INT TERM

failed_runs=0
declare -A failures=()
for run in $(seq 1 "$runs"); do
    for _ in $(seq 1 "$burners"); do
        ( while :; do :; done ) &
        burner_pids+=($!)
    done
    log="$out/run-$run.log"
    start=$(date +%s)
    swift test --skip-build --traits Postgres "${scratch[@]}" "${filter[@]}" >"$log" 2>&1
    status=$?
    seconds=$(( $(date +%s) - start ))
    stop_burners
    # Swift Testing marks a failing test with ✘ and XCTest with "error:"; the names are what we keep.
    failing=$(grep -E '✘ Test [^ ]+.* failed|error: -\[' "$log" | sed -E 's/.*✘ Test ([^ ]+).*/\1/; s/.*error: -\[([^]]+)\].*/\1/' | sort -u | tr '\n' ' ')
    if [ "$status" -eq 0 ]; then
        echo "run $run/$runs: pass ${seconds}s (burners: $burners)"
    else
        failed_runs=$((failed_runs + 1))
        echo "run $run/$runs: FAIL ${seconds}s (burners: $burners) exit $status: ${failing:-see $log}"
        for name in $failing; do failures[$name]=$(( ${failures[$name]:-0} + 1 )); done
    fi
done

echo "summary: $((runs - failed_runs))/$runs runs passed, burners $burners, logs in $out"
for name in "${!failures[@]}"; do echo "  failed ${failures[$name]}x: $name"; done
[ "$failed_runs" -eq 0 ]
