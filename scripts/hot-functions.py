"""Functions on the measured path, hottest first, as gold's --section-ordering-file lines.

stdin: `perf script --ns -F time,ip,sym,dso` (call stacks); argv[1]: the benchmark's rounds
(`journal_fsync from_ns to_ns` per line, CLOCK_MONOTONIC; any stage stamps after them are not
read); argv[2]: the binary's file name.
A sample counts when its time falls inside a round; each function of the binary on its call
stack is counted once. Output: `.text.<symbol>` (each function's own section with
-function-sections), by count then name, so the same profile gives the same file.
"""
import bisect
import collections
import re
import sys

rounds = sorted((int(fields[1]), int(fields[2])) for fields in (line.split() for line in open(sys.argv[1]) if line.strip()))
if not rounds:
    sys.exit("no rounds in " + sys.argv[1])
starts = [a for a, _ in rounds]
binary = "/" + sys.argv[2] + ")"
header = re.compile(r"(\d+)\.(\d{9}):\s*$")

def inside(t):
    i = bisect.bisect_right(starts, t) - 1
    return i >= 0 and t <= rounds[i][1]

counts = collections.Counter()
samples = 0
time, stack = None, set()

def flush():
    global samples
    if time is not None and inside(time):
        samples += 1
        counts.update(stack)

for line in sys.stdin:
    if not line.strip():
        flush()
        time, stack = None, set()
    elif line[0] in " \t":
        parts = line.split()
        if len(parts) >= 3 and parts[-1].endswith(binary):
            symbol = parts[1].split("+0x")[0]
            if symbol != "[unknown]" and not symbol.endswith("@plt"):
                stack.add(symbol)
    else:
        match = header.search(line)
        time = int(match.group(1)) * 1_000_000_000 + int(match.group(2)) if match else None
flush()
if samples == 0:
    sys.exit("no sample fell inside a round: was perf's clock -k monotonic?")
for symbol, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
    print(".text." + symbol)
print("%d samples inside %d rounds" % (samples, len(rounds)), file=sys.stderr)
