#!/usr/bin/env python3
"""The plain-Python baseline for `replay.whole_process`: the same recording replayed into
dict-of-dicts books the way a small Python system would (json.loads per line, then per frame,
sequence checked per sid), timed as a whole process. Prints one JSON line like `bench`.

    scripts/python-book-replay.py CAPTURE.jsonl
"""
import json
import sys
import time


def replay(path):
    books = {}
    last_seq = {}
    frames = gaps = errors = 0
    with open(path, "rb") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                frame = json.loads(record["raw"]) if isinstance(record, dict) and "raw" in record and "type" not in record else record
                kind = frame["type"]
            except (ValueError, KeyError, TypeError):
                errors += 1
                continue
            frames += 1
            sid, seq = frame.get("sid"), frame.get("seq")
            if seq is not None:
                if sid in last_seq and seq != last_seq[sid] + 1:
                    gaps += 1
                last_seq[sid] = seq
            msg = frame.get("msg", {})
            if kind == "orderbook_snapshot":
                books[msg["market_ticker"]] = {
                    "yes": {p: float(q) for p, q in msg.get("yes_dollars_fp", [])},
                    "no": {p: float(q) for p, q in msg.get("no_dollars_fp", [])},
                }
            elif kind == "orderbook_delta":
                side = books.setdefault(msg["market_ticker"], {"yes": {}, "no": {}})[msg["side"]]
                size = side.get(msg["price_dollars"], 0.0) + float(msg["delta_fp"])
                if size <= 0:
                    side.pop(msg["price_dollars"], None)
                else:
                    side[msg["price_dollars"]] = size
    return frames, gaps, errors, books


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    start = time.perf_counter()
    frames, gaps, errors, books = replay(sys.argv[1])
    elapsed = time.perf_counter() - start
    best = {t: max((p for p, q in b["yes"].items()), default=None) for t, b in sorted(books.items())}
    print(json.dumps({
        "name": "replay.python_dict_book", "ns_per_op": round(elapsed * 1e9 / max(frames, 1), 3),
        "frames": frames, "gaps": gaps, "errors": errors, "markets": len(best), "seconds": round(elapsed, 3),
    }))


if __name__ == "__main__":
    main()
