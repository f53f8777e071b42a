"""Socket-to-socket tick-to-order from a traced `live.tick_to_order` run (see socket-to-socket.sh).

stdin: `perf script --ns -F tid,time,event,trace` of the read/write/writev syscall tracepoints;
argv[1]: the benchmark's rounds (`journal_fsync frame_ns request_ns ...` per line,
CLOCK_MONOTONIC); argv[2]: the benchmark's JSON lines (for the build it names).
For each round: the last read(2) of the WebSocket connection before the frame was handed over,
and the first write of the REST connection after the request was handed to the HTTP client.
The two connections' descriptors are found from the rounds themselves: the descriptor most
rounds' last non-empty read before the hand-over used, and most rounds' first write after
the request's hand-over (eventfd wake-ups, 8 bytes, are not I/O of either).
"""
import bisect
import collections
import json
import math
import re
import sys

rounds = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) >= 3:
        rounds[fields[0]].append((int(fields[1]), int(fields[2])))
build = {}
for line in open(sys.argv[2]):
    try:
        build.update(json.loads(line))
    except ValueError:
        pass

event = re.compile(r"\s*(\d+)\s+(\d+)\.(\d{9}):\s+syscalls:(\w+):\s*(.*)")
reads, writes = [], []  # (time, fd, bytes)
pending = {}
for line in sys.stdin:
    match = event.match(line)
    if not match:
        continue
    tid, name, rest = match.group(1), match.group(4), match.group(5)
    time = int(match.group(2)) * 1_000_000_000 + int(match.group(3))
    if name == "sys_enter_read":
        fd = re.search(r"fd: 0x([0-9a-f]+)", rest)
        pending[tid] = (time, int(fd.group(1), 16)) if fd else None
    elif name == "sys_exit_read":
        started = pending.pop(tid, None)
        returned = int(rest.strip(), 16) if rest.strip().startswith("0x") else -1
        if started and 8 < returned < (1 << 31):
            reads.append((started[0], started[1], returned))
    elif name in ("sys_enter_write", "sys_enter_writev"):
        fd = re.search(r"fd: 0x([0-9a-f]+)", rest)
        count = re.search(r"count: 0x([0-9a-f]+)", rest)
        if fd and not (count and int(count.group(1), 16) == 8):
            writes.append((time, int(fd.group(1), 16)))
reads.sort()
writes.sort()
read_times = [r[0] for r in reads]
write_times = [w[0] for w in writes]
window = 2_000_000  # a frame read more than 2 ms before its hand-over is not this round's


def last_read(before, fd=None):
    i = bisect.bisect_left(read_times, before) - 1
    while i >= 0 and reads[i][0] >= before - window:
        if fd is None or reads[i][1] == fd:
            return reads[i]
        i -= 1
    return None


def first_write(after, fd=None):
    i = bisect.bisect_right(write_times, after)
    while i < len(writes) and writes[i][0] <= after + window:
        if fd is None or writes[i][1] == fd:
            return writes[i]
        i += 1
    return None


def percentile(values, p):
    ordered = sorted(values)
    # Nearest rank, in microseconds.
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))] / 1000


if not reads or not writes:
    sys.exit("no read or write was traced: is perf allowed to trace syscalls here?")
for mode in sorted(rounds):
    mine = rounds[mode]
    frame_fd = collections.Counter(r[1] for r in (last_read(a) for a, _ in mine) if r).most_common(1)
    request_fd = collections.Counter(w[1] for w in (first_write(b) for _, b in mine) if w).most_common(1)
    if not frame_fd or not request_fd:
        sys.exit("journal_fsync %s: the rounds' reads or writes were not found" % mode)
    before, inside, after, whole = [], [], [], []
    for arrived, sent in mine:
        read = last_read(arrived, frame_fd[0][0])
        write = first_write(sent, request_fd[0][0])
        if read and write:
            before.append(arrived - read[0])
            inside.append(sent - arrived)
            after.append(write[0] - sent)
            whole.append(write[0] - read[0])
    if not whole:
        sys.exit("journal_fsync %s: no round matched" % mode)
    line = collections.OrderedDict()
    line["name"] = "live.tick_to_order.socket_to_socket"
    line["journal_fsync"] = mode == "true"
    line["frames"] = len(mine)
    line["matched_frames"] = len(whole)
    for key, values in (("socket_to_socket_", whole), ("socket_read_to_handover_", before), ("in_process_", inside),
                        ("handover_to_socket_write_", after)):
        for p, name in ((50, "p50"), (99, "p99"), (99.9, "p99_9")):
            line[key + name + "_us"] = round(percentile(values, p), 1)
    line["socket_to_socket_max_us"] = round(max(whole) / 1000, 1)
    for key in ("round_interval_ms", "build"):
        if key in build:
            line[key] = build[key]
    print(json.dumps(line))
