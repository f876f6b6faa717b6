#!/usr/bin/env python3
"""Times consent decisions end to end through PUT /v1/sessions/current/consent on a running instance.

Usage: src/bench/consent-timing.py [base-url] [admin-token]   (defaults: http://127.0.0.1:18080 bench-admin)

Creates a tcf-mode app (vendor 1234), starts a session, builds a heavy in-limit TC string (about 6 KB: a 20,000-bit
vendor-consent field, 600 single-id range entries of vendor legitimate interest, an 8,000-bit disclosed-vendors
segment) and a small one, then sends each many times over one keep-alive connection and prints latency percentiles.
Each PUT decodes and decides the string, appends a consent record in Postgres and updates Redis.
"""
import base64
import datetime
import http.client
import json
import statistics
import sys
import time
import urllib.parse

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18080"
ADMIN = sys.argv[2] if len(sys.argv) > 2 else "bench-admin"
VENDOR = 1234
WARMUP, RUNS = 200, 500


def bits(value, width):
    return format(value, "0{}b".format(width))


def id_bits(ids, width):
    return "".join("1" if i in ids else "0" for i in range(1, width + 1))


def bitfield(ids, max_id):
    return bits(max_id, 16) + "0" + id_bits(ids, max_id)


def ranges(single_ids):
    return bits(max(single_ids), 16) + "1" + bits(len(single_ids), 12) + "".join("0" + bits(i, 16) for i in single_ids)


def b64(bitstring):
    bitstring += "0" * (-len(bitstring) % 8)
    raw = int(bitstring, 2).to_bytes(len(bitstring) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def tc_string(vendor_consent, vendor_li, disclosed):
    created = int(datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc).timestamp() * 10)  # deciseconds
    core = (bits(2, 6) + bits(created, 36) + bits(created, 36) + bits(300, 12) + bits(2, 12) + bits(1, 6)
            + bits(4, 6) + bits(13, 6)  # language EN
            + bits(150, 12) + bits(5, 6) + "1" + "0" + bits(0, 12)
            + id_bits({1, 8, 9, 10}, 24) + id_bits(set(), 24) + "0" + bits(0, 6) + bits(0, 6)
            + vendor_consent + vendor_li + bits(0, 12))
    segments = [b64(core)]
    if disclosed:
        segments.append(b64(bits(1, 3) + disclosed))
    return ".".join(segments)


def heavy():
    return tc_string(bitfield(set(range(2, 20_001, 2)), 20_000), ranges(list(range(3, 1_203, 2))),
                     bitfield(set(range(1, 8_001)), 8_000))


def small():
    return tc_string(bitfield({VENDOR}, VENDOR), bitfield(set(), 0), None)


url = urllib.parse.urlparse(BASE)
conn = http.client.HTTPConnection(url.hostname, url.port)


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")


status, app = call("POST", "/v1/admin/apps", {"name": "consent-timing", "allowedOrigins": [],
                                              "settings": {"consent": {"mode": "tcf", "vendorId": VENDOR}}}, ADMIN)
assert status == 201, (status, app)
status, session = call("POST", "/v1/apps/%s/sessions" % app["appId"], {})
assert status == 201, (status, session)
token = session["token"]


def timed(name, body):
    for _ in range(WARMUP):
        call("PUT", "/v1/sessions/current/consent", body, token)
    millis = []
    for _ in range(RUNS):
        start = time.perf_counter()
        status, decision = call("PUT", "/v1/sessions/current/consent", body, token)
        millis.append((time.perf_counter() - start) * 1000)
        assert status == 200 and decision["analytics"] == "granted", (status, decision)
    millis.sort()
    print("%-34s median %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   max %6.2f ms   (%d runs)" % (
        name, statistics.median(millis), millis[int(RUNS * 0.9)], millis[int(RUNS * 0.99)], millis[-1], RUNS))


heavy_string, small_string = heavy(), small()
timed("heavy TC string (%d chars)" % len(heavy_string), {"tcString": heavy_string, "gdprApplies": True})
timed("small TC string (%d chars)" % len(small_string), {"tcString": small_string, "gdprApplies": True})
timed("gdprApplies false (no decoding)", {"gdprApplies": False})
