#!/usr/bin/env python3
"""Holds many event streams (GET /v1/sessions/current/events) open at once, for streams.sh. One asyncio process opens
--streams streams at --rate a second, spread round-robin over the chat tokens in --tokens (one per line, each
optionally followed by a space and the base URL its streams go to; default --base). It counts what was answered
200 (opened), anything else (refused, by status) and what failed to connect; then holds the streams, noting for each
message event the delay since the send time written in the message's text ("t=<unix ns>"); then, after --hold
seconds (or when sent SIGTERM, whichever comes first), how many are still open. Writes one JSON line to stdout at the
end (and a progress line to stderr when done opening: how long until every open was answered, how late this process
itself fell behind its schedule in sending them, and each open's answer time from request sent to status line read).

Each process binds its connections to its own loopback source address (--source 127.0.0.N), so that several
processes do not share one ephemeral port range. Traffic goes to 127.0.0.1 only."""
import argparse
import asyncio
import json
import re
import resource
import signal
import sys
import time

TEXT_TIME = re.compile(r"t=(\d+)")

parser = argparse.ArgumentParser()
parser.add_argument("--tokens", required=True)
parser.add_argument("--base", default="http://127.0.0.1:18510")
parser.add_argument("--streams", type=int, required=True)
parser.add_argument("--rate", type=float, required=True, help="stream opens a second")
parser.add_argument("--hold", type=float, required=True, help="seconds to hold the streams once opened")
parser.add_argument("--source", default=None, help="local address to bind, e.g. 127.0.0.2")
args = parser.parse_args()

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

targets = []
for line in open(args.tokens):
    parts = line.split()
    if parts:
        targets.append((parts[0], parts[1] if len(parts) > 1 else args.base))

stats = {"opened": 0, "refused": {}, "failed": 0, "closed_early": 0, "messages": 0}
delays_ms = []
answer_ms = []   # per open: request sent -> status line read (the service's answer as this process saw it)
open_streams = set()


def hostport(base):
    rest = base.split("://", 1)[1].rstrip("/")
    host, _, port = rest.partition(":")
    return host, int(port or 80)


async def follow(index, token, base):
    host, port = hostport(base)
    try:
        reader, writer = await asyncio.open_connection(
            host, port, local_addr=(args.source, 0) if args.source else None, limit=65536)
    except OSError as e:
        stats["failed"] += 1
        stats.setdefault("errors", {}).setdefault(type(e).__name__, 0)
        stats["errors"][type(e).__name__] += 1
        return
    writer.write(("GET /v1/sessions/current/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Authorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n" % token).encode())
    sent = time.monotonic()
    try:
        status_line = await reader.readline()
        answer_ms.append((time.monotonic() - sent) * 1000)
        parts = status_line.split()
        status = int(parts[1]) if len(parts) > 1 else 0
        if status != 200:
            stats["refused"][status] = stats["refused"].get(status, 0) + 1
            writer.close()
            return
        stats["opened"] += 1
        open_streams.add(index)
        while True:
            line = await reader.readline()
            if not line:
                break
            if line.startswith(b"data:"):
                match = TEXT_TIME.search(line.decode("utf-8", "replace"))
                if match:
                    stats["messages"] += 1
                    delays_ms.append((time.time_ns() - int(match.group(1))) / 1e6)
    except (OSError, asyncio.IncompleteReadError, ValueError):
        pass
    if index in open_streams:
        open_streams.discard(index)
        stats["closed_early"] += 1
    writer.close()


async def main():
    tasks = []
    started = time.monotonic()
    behind = 0.0   # how late this process was at most in sending an open (its own lag, not the service's)
    for i in range(args.streams):
        due = started + i / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            behind = max(behind, -delay)
        token, base = targets[i % len(targets)]
        tasks.append(asyncio.ensure_future(follow(i, token, base)))
    # Every open has been sent; wait until each is answered (or failed), at most 60 s.
    deadline = time.monotonic() + 60
    while stats["opened"] + sum(stats["refused"].values()) + stats["failed"] < args.streams \
            and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    opening = time.monotonic() - started
    answers = sorted(answer_ms)
    pct = lambda p: round(answers[min(len(answers) - 1, int(p * len(answers)))], 1) if answers else None
    print(json.dumps({"progress": "opened", "seconds": round(opening, 2), "send_lag_seconds": round(behind, 2),
                      "answer_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": pct(1.0)}, **stats}),
          file=sys.stderr, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), args.hold)
    except asyncio.TimeoutError:
        pass
    stats["held"] = len(open_streams)
    stats["open_seconds"] = round(opening, 2)
    stats["delays_ms"] = delays_ms
    print(json.dumps(stats), flush=True)
    for task in tasks:
        task.cancel()


asyncio.run(main())
