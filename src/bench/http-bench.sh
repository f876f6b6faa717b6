#!/usr/bin/env bash
# Measures the session paths against a bare Quarkus JSON endpoint (/q/health/live: JSON, no checks) in one run, on a
# running instance. Usage: src/bench/http-bench.sh [base-url] [admin-token]. Start the packaged service first, with a
# creation limit high enough not to rate-limit the load (CHAT_SESSIONS_CREATION_LIMIT=100000000).
set -euo pipefail
base=${1:-http://127.0.0.1:18080}
admin=${2:-bench-admin}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
here=$(dirname "$0")

app=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"bench","allowedOrigins":[]}' "$base/v1/admin/apps" | python3 -c 'import json,sys;print(json.load(sys.stdin)["appId"])')
token=$(curl -sf -H 'Content-Type: application/json' -d '{}' "$base/v1/apps/$app/sessions" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')

run() { # name, wrk args...
  local name=$1; shift
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" > "/tmp/bench-$name.txt"
  printf '%-22s %10s req/s   p99 %s\n' "$name" "$(awk '/Requests\/sec/{print $2}' "/tmp/bench-$name.txt")" \
    "$(awk '$1=="99%"{print $2}' "/tmp/bench-$name.txt")"
}

wrk -t2 -c"$connections" -d5s "$base/q/health/live" > /dev/null   # warm-up
wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $token" "$base/v1/sessions/current" > /dev/null
run bare-json "$base/q/health/live"
run session-resume -H "Authorization: Bearer $token" "$base/v1/sessions/current"
run session-create -s "$here/session-post.lua" "$base/v1/apps/$app/sessions"
run bare-json-again "$base/q/health/live"
