#!/usr/bin/env bash
# Session paths against a bare Quarkus JSON endpoint, in one run on one packaged instance (method and numbers:
# SESSION-SPEED.md). Starts the fast-jar in APP_DIR under JAVA with the prod profile, then runs wrk: the bare endpoint
# (GET /.well-known/jwks.json, a REST resource answering precomputed JSON), the resume path (GET /v1/sessions/current
# with one token), session creation (POST /v1/apps/{appId}/sessions, a new anonymous session per request), and the bare
# endpoint again. Ratios are to the mean of the two bare runs.
#
# Usage: src/bench/session-speed.sh [label]. Environment (defaults in brackets): APP_DIR [target/quarkus-app],
# JAVA [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java], PORT [18531], KID [test-es256-2026: a kid of
# src/test/resources/test-token-keys.jwks.json], DB [chat_speed_bench], REDIS [redis://127.0.0.1:6379/10],
# DURATION [10s], CONNECTIONS [32], OUT [/tmp/session-speed].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
label=${1:-run}
app_dir=${APP_DIR:-$root/target/quarkus-app}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
port=${PORT:-18531}
kid=${KID:-test-es256-2026}
db=${DB:-chat_speed_bench}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
out=${OUT:-/tmp/session-speed}/$label
base=http://127.0.0.1:$port
admin=bench-admin-token
mkdir -p "$out"

createdb -h 127.0.0.1 -U postgres "$db" 2>/dev/null || true
QUARKUS_HTTP_PORT=$port \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=${REDIS:-redis://127.0.0.1:6379/10} \
CHAT_ADMIN_TOKEN=$admin \
CHAT_TOKEN_KEYS="$(cat "$root/src/test/resources/test-token-keys.jwks.json")" \
CHAT_TOKEN_ACTIVE_KID=$kid \
CHAT_SESSIONS_CREATION_LIMIT=100000000 \
  "$java" -jar "$app_dir/quarkus-run.jar" > "$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "$base/q/health/ready" > /dev/null && break
  sleep 0.5
done

app=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"bench","allowedOrigins":[]}' "$base/v1/admin/apps" | python3 -c 'import json,sys;print(json.load(sys.stdin)["appId"])')
token=$(curl -sf -H 'Content-Type: application/json' -d '{}' "$base/v1/apps/$app/sessions" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')

run() { # name, wrk args...
  local name=$1; shift
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" > "$out/$name.txt"
  grep -q 'Non-2xx' "$out/$name.txt" && { echo "$name: non-2xx answers, see $out/$name.txt" >&2; exit 1; }
  printf '%s %s %s\n' "$name" "$(awk '/Requests\/sec/{print $2}' "$out/$name.txt")" \
    "$(awk '$1=="99%"{print $2}' "$out/$name.txt")" >> "$out/summary.txt"
}

: > "$out/summary.txt"
wrk -t2 -c"$connections" -d5s "$base/.well-known/jwks.json" > /dev/null   # warm-ups
wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $token" "$base/v1/sessions/current" > /dev/null
wrk -t2 -c"$connections" -d5s -s "$here/session-post.lua" "$base/v1/apps/$app/sessions" > /dev/null
run bare -H "Accept: application/jwk-set+json" "$base/.well-known/jwks.json"
run resume -H "Authorization: Bearer $token" "$base/v1/sessions/current"
run create -s "$here/session-post.lua" "$base/v1/apps/$app/sessions"
run bare-again -H "Accept: application/jwk-set+json" "$base/.well-known/jwks.json"
ps -o rss= -p $service | awk '{printf "rss-mib %d\n", $1/1024}' >> "$out/summary.txt"

awk -v label="$label" -v kid="$kid" '
  $1 == "bare" || $1 == "bare-again" { bare += $2 / 2 }
  { rate[$1] = $2; p99[$1] = $3 }
  END {
    printf "%s (%s): bare %.0f req/s | resume %.0f (%.2f, p99 %s) | create %.0f (%.3f, p99 %s) | rss %s MiB\n",
      label, kid, bare, rate["resume"], rate["resume"] / bare, p99["resume"],
      rate["create"], rate["create"] / bare, p99["create"], rate["rss-mib"]
  }' "$out/summary.txt"
