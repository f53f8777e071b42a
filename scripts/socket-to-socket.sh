#!/usr/bin/env bash
# Tick-to-order from socket to socket: `live.tick_to_order` run under perf's syscall tracepoints,
# each round measured from the session's read(2) of the book frame off its WebSocket socket to
# its write(2) of the order's HTTP request on its REST connection. The benchmark's own
# `in_process` starts after the WebSocket client has decoded the frame and ends when the request
# is handed to the HTTP client; this adds both libraries' share (Hummingbird's WebSocket client,
# AsyncHTTPClient), and is the figure the issue's definition asks for. Prints one JSON line per
# journal mode, like `bench`:
#
#   swift build -c release --product kalshi-trader && scripts/socket-to-socket.sh [BINARY]
#
# SOCKET_TO_SOCKET_FRAMES (default 2000) sets the measured rounds, SOCKET_TO_SOCKET_INTERVAL_MS
# (default 5) the least time between them. Needs perf allowed to trace this process's syscalls
# (Debian: linux-perf; root or kernel.perf_event_paranoid <= 1) and python3. Tracing adds a few
# microseconds per system call, so its figures run slightly above an untraced run's.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/kalshi-trader}
frames=${SOCKET_TO_SOCKET_FRAMES:-2000}
interval=${SOCKET_TO_SOCKET_INTERVAL_MS:-5}
[ -x "$binary" ] || { echo "no binary at $binary: build it first (swift build -c release --product kalshi-trader)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/rounds.txt"
# The monotonic clock, the one the benchmark writes its rounds in.
perf record -q -k monotonic -o "$work/perf.data" \
    -e syscalls:sys_enter_read -e syscalls:sys_exit_read -e syscalls:sys_enter_write -e syscalls:sys_enter_writev -- \
    "$binary" bench --filter live.tick_to_order --tick-to-order-frames "$frames" --tick-to-order-interval-ms "$interval" \
    --tick-to-order-rounds-out "$work/rounds.txt" > "$work/bench.jsonl"
perf script -i "$work/perf.data" --ns -F tid,time,event,trace 2>/dev/null |
    python3 scripts/socket-to-socket.py "$work/rounds.txt" "$work/bench.jsonl"
