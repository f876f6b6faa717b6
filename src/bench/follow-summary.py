#!/usr/bin/env python3
"""For scale-out.sh: compares the messages posted to the followed stream (POSTED: "<unix ms> <clientMessageId>"
lines) with what sse-follow.py saw (FOLLOWED). Prints one line: posted received missing reconnects median-delay-ms
max-delay-ms over-1s close-reasons (the reasons with spaces turned into underscores, joined by ';_')."""
import sys

posted = {}
for line in open(sys.argv[1]):
    if line.strip():
        at, cm = line.split()
        posted[cm] = int(at)
received, opens, reasons = {}, 0, set()
for line in open(sys.argv[2]):
    parts = line.split()
    if not parts:
        continue
    if parts[0] == "message" and len(parts) >= 4 and parts[3] in posted and parts[3] not in received:
        received[parts[3]] = int(parts[1])
    elif parts[0] == "open":
        opens += 1
    elif parts[0] == "closed":
        reasons.add(" ".join(parts[2:]))
delays = sorted(received[m] - posted[m] for m in received)
print(len(posted), len(received), len(posted) - len(received), max(opens - 1, 0),
      delays[len(delays) // 2] if delays else 0, delays[-1] if delays else 0, sum(1 for d in delays if d > 1000),
      ";_".join(sorted(reasons)).replace(" ", "_") or "none")
