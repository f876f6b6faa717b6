#!/usr/bin/env python3
"""What each stream holds, by class: the difference between two `jcmd GC.class_histogram` outputs (before the
streams opened and with them open, each after a full GC), divided by the number of streams. For streams.sh HISTO=1.
Usage: histogram-diff.py BEFORE OPEN STREAMS [TOP]"""
import re
import sys


def read(path):
    out = {}
    for line in open(path):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            out[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return out


before, after, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
rows = sorted(((after[c][1] - before.get(c, (0, 0))[1], after[c][0] - before.get(c, (0, 0))[0], c) for c in after),
              reverse=True)
print("%d bytes of live heap a stream; the classes that hold most (bytes and objects a stream):" % (sum(r[0] for r in rows) // n))
for size, count, name in rows[:top]:
    print("%8.0f %6.2f %s" % (size / n, count / n, name))
