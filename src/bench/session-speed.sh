#!/usr/bin/env bash
# Session paths against a bare Quarkus JSON endpoint, in one run on one packaged instance (method and numbers:
# SESSION-SPEED.md). Starts the fast-jar in APP_DIR under JAVA with the prod profile, then measures with wrk:
#   bare    GET /.well-known/jwks.json (a Quarkus REST resource answering precomputed JSON)
#   resume  GET /v1/sessions/current with one chat token
#   create  POST /v1/apps/{appId}/sessions, a new anonymous session per request
# The machine is shared, so its load drifts during a run: instead of one long run per scenario, the three take turns
# in ROUNDS rounds of SLICE each (bare, resume, create, bare, resume, create, ...), so that any drift hits all of them
# alike. A scenario's rate is its total requests over its total time; ratios are to the bare endpoint's.
#
# Usage: src/bench/session-speed.sh [label]. Environment (defaults in brackets): APP_DIR [target/quarkus-app],
# JAVA [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java], JAVA_OPTS [-Xmx576m, the pod's heap], PORT [18531],
# KID [test-es256-2026; the kids of src/test/resources/test-token-keys.jwks.json: test-es256-2026 (ES256),
# test-hs256-2026 (HS256)], DB [chat_speed_bench], REDIS [redis://127.0.0.1:6379/10: flushed at the start, so give
# it an index of its own], ROUNDS [6], SLICE [5s], CONNECTIONS [32], OUT [/tmp/session-speed].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
label=${1:-run}
app_dir=${APP_DIR:-$root/target/quarkus-app}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
port=${PORT:-18531}
kid=${KID:-test-es256-2026}
db=${DB:-chat_speed_bench}
rounds=${ROUNDS:-6}
slice=${SLICE:-5s}
connections=${CONNECTIONS:-32}
out=${OUT:-/tmp/session-speed}/$label
base=http://127.0.0.1:$port
admin=bench-admin-token
rm -rf "$out"
mkdir -p "$out"

createdb -h 127.0.0.1 -U postgres "$db" 2>/dev/null || true
redis=${REDIS:-redis://127.0.0.1:6379/10}
redis-cli -u "$redis" FLUSHDB > /dev/null   # millions of sessions from earlier runs would slow Redis down
# shellcheck disable=SC2086
QUARKUS_HTTP_PORT=$port \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=$redis \
CHAT_ADMIN_TOKEN=$admin \
CHAT_TOKEN_KEYS="$(cat "$root/src/test/resources/test-token-keys.jwks.json")" \
CHAT_TOKEN_ACTIVE_KID=$kid \
CHAT_SESSIONS_CREATION_LIMIT=100000000 \
  "$java" ${JAVA_OPTS:--Xmx576m} -jar "$app_dir/quarkus-run.jar" > "$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "$base/q/health/ready" > /dev/null && break
  sleep 0.5
done

app=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"bench","allowedOrigins":[]}' "$base/v1/admin/apps" | python3 -c 'import json,sys;print(json.load(sys.stdin)["appId"])')
token=$(curl -sf -H 'Content-Type: application/json' -d '{}' "$base/v1/apps/$app/sessions" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')

scenario() { # name: wrk arguments, URL last
  case $1 in
    bare) echo "$base/.well-known/jwks.json" ;;
    resume) echo "-H|Authorization: Bearer $token|$base/v1/sessions/current" ;;
    create) echo "-s|$here/session-post.lua|$base/v1/apps/$app/sessions" ;;
  esac
}
run() { # name duration file
  local args
  IFS='|' read -r -a args <<<"$(scenario "$1")"
  wrk -t2 -c"$connections" -d"$2" --latency "${args[@]}" > "$3"
  if grep -q 'Non-2xx' "$3"; then
    echo "$1: non-2xx answers, see $3" >&2
    exit 1
  fi
}

for name in bare resume create; do
  run "$name" "${WARMUP:-10s}" "$out/warmup-$name.txt"
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/summary.txt"
for round in $(seq 1 "$rounds"); do
  for name in bare resume create; do
    run "$name" "$slice" "$out/$name-$round.txt"
    # requests, seconds, p99
    awk -v name="$name" -v round="$round" '
      / requests in /{ n = $1; s = $4; sub(/s,?$/, "", s) }
      $1 == "99%" { p99 = $2 }
      END { printf "%s %s %s %s %s\n", name, round, n, s, p99 }' "$out/$name-$round.txt" >> "$out/slices.txt"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/summary.txt"
echo "rss-mib $(ps -o rss= -p $service | awk '{printf "%d", $1/1024}')" >> "$out/summary.txt"

awk -v label="$label" -v kid="$kid" -v rss="$(awk '/rss-mib/{print $2}' "$out/summary.txt")" '
  { n[$1] += $3; s[$1] += $4; rate[$1, $2] = $3 / $4 }
  END {
    bare = n["bare"] / s["bare"]; resume = n["resume"] / s["resume"]; create = n["create"] / s["create"]
    printf "%s (%s): bare %.0f req/s | resume %.0f (%.2f) | create %.0f (%.3f) | rss %s MiB\n",
      label, kid, bare, resume, resume / bare, create, create / bare, rss
  }' "$out/slices.txt" | tee -a "$out/summary.txt"
