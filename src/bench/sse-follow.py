#!/usr/bin/env python3
"""Follows GET /v1/sessions/current/events like a browser's EventSource, for scale-out.sh: when the stream ends or
breaks it reconnects (after 0.5 s) with Last-Event-ID, so a replay fills any gap. Writes one line per happening to
stdout, flushed at once:
    open <unix ms> <HTTP status>      a connection was answered
    message <unix ms> <id> <clientMessageId>
    ended <unix ms>                   the stream said the session ended
    closed <unix ms> <reason>         the connection ended (server closed, reset, ...)
Runs until killed. Usage: sse-follow.py BASE-URL CHAT-TOKEN"""
import http.client
import json
import sys
import time
import urllib.parse

base, token = sys.argv[1], sys.argv[2]
url = urllib.parse.urlsplit(base)
last_id = None


def out(*parts):
    print(*parts, flush=True)


def now():
    return int(time.time() * 1000)


while True:
    reason = "end of stream"
    try:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        headers = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
        if last_id is not None:
            headers["Last-Event-ID"] = last_id
        conn.request("GET", "/v1/sessions/current/events", headers=headers)
        response = conn.getresponse()
        out("open", now(), response.status)
        if response.status != 200:
            reason = "status %d" % response.status
        else:
            event, data, event_id = None, [], None
            while True:
                line = response.readline()
                if not line:
                    break
                line = line.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if event == "message" and data:
                        message = json.loads("\n".join(data))
                        if event_id is not None:
                            last_id = event_id
                        out("message", now(), event_id, message.get("clientMessageId"))
                    elif event == "ended":
                        out("ended", now())
                    event, data, event_id = None, [], None
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        event = value
                    elif field == "data":
                        data.append(value)
                    elif field == "id":
                        event_id = value
        conn.close()
    except Exception as e:  # noqa: BLE001 - any transport failure means: reconnect, as EventSource does
        reason = type(e).__name__ + (": " + str(e) if str(e) else "")
    out("closed", now(), reason.replace("\n", " "))
    time.sleep(0.5)
