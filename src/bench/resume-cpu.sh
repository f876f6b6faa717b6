#!/usr/bin/env bash
# The service's own CPU per request, for resume and creation against the bare endpoint: wrk's rates on this 2-core
# machine move with whatever else runs (wrk itself, Postgres, Redis, other builds), the JVM's CPU time per answered
# request much less. Starts the fast-jar in APP_DIR (first argument) with the prod profile and an HS256 key, warms up,
# then takes three rounds of 5 s of bare (GET /.well-known/jwks.json), resume (GET /v1/sessions/current) and create
# (POST /v1/apps/{appId}/sessions, session-post.lua), reading the JVM's utime+stime from /proc around each. Prints
# one line: CPU µs per request of each, their ratios to bare, and wrk's rates.
# Compare builds in one run, interleaved (A B A B), under the exclusive CPU lock.
#
# Usage: src/bench/resume-cpu.sh APP_DIR [label]. Environment: JAVA, PORT [18533], DB [chat_speed_bench],
# REDIS [redis://127.0.0.1:6379/10: flushed at the start], OUT [/tmp/resume-cpu].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app_dir=$1
label=${2:-run}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
port=${PORT:-18533}
db=${DB:-chat_speed_bench}
redis=${REDIS:-redis://127.0.0.1:6379/10}
out=${OUT:-/tmp/resume-cpu}/$label
rm -rf "$out"
mkdir -p "$out"
createdb -h 127.0.0.1 -U postgres "$db" 2>/dev/null || true
base=http://127.0.0.1:$port; admin=bench-admin-token
redis-cli -u "$redis" FLUSHDB > /dev/null
QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=$redis CHAT_ADMIN_TOKEN=$admin CHAT_TOKEN_KEYS="$(cat $root/src/test/resources/test-token-keys.jwks.json)" \
CHAT_TOKEN_ACTIVE_KID=test-hs256-2026 CHAT_SESSIONS_CREATION_LIMIT=100000000 \
  "$java" -Xmx576m -jar "$app_dir/quarkus-run.jar" > "$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$base/q/health/ready" > /dev/null && break; sleep 0.5; done
app=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"bench","allowedOrigins":[]}' "$base/v1/admin/apps" | python3 -c 'import json,sys;print(json.load(sys.stdin)["appId"])')
token=$(curl -sf -H 'Content-Type: application/json' -d '{}' "$base/v1/apps/$app/sessions" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')
ticks() { awk '{print $14+$15}' /proc/$service/stat; }
hz=$(getconf CLK_TCK)
wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" $base/v1/sessions/current > /dev/null
wrk -t2 -c32 -d5s $base/.well-known/jwks.json > /dev/null
wrk -t2 -c32 -d5s -s "$here/session-post.lua" "$base/v1/apps/$app/sessions" > /dev/null
for round in 1 2 3; do
  for name in bare resume create; do
    url=$base/.well-known/jwks.json; hdr=()
    [[ $name == resume ]] && { url=$base/v1/sessions/current; hdr=(-H "Authorization: Bearer $token"); }
    [[ $name == create ]] && { url=$base/v1/apps/$app/sessions; hdr=(-s "$here/session-post.lua"); }
    t0=$(ticks)
    wrk -t2 -c32 -d5s "${hdr[@]}" $url > $out/$name-$round.txt
    t1=$(ticks)
    n=$(awk '/ requests in /{print $1}' $out/$name-$round.txt)
    echo "$name $round $n $((t1-t0))" >> $out/slices.txt
  done
done
awk -v label=$label -v hz=$hz '{n[$1]+=$3; t[$1]+=$4} END {
  b=t["bare"]/hz*1e6/n["bare"]; r=t["resume"]/hz*1e6/n["resume"]; c=t["create"]/hz*1e6/n["create"];
  printf "%s: service CPU per request: bare %.1f us, resume %.1f us (%.2f), create %.1f us (%.2f); req/s bare %.0f resume %.0f (%.2f) create %.0f (%.3f)\n", label, b, r, r/b, c, c/b, n["bare"]/15, n["resume"]/15, n["resume"]/n["bare"], n["create"]/15, n["create"]/n["bare"] }' $out/slices.txt
