#!/usr/bin/env bash
# Message posting, two builds in one run: for a change that must cut the service's CPU per post (issue 18). Both
# builds run side by side on their own ports, against the same Postgres and Redis; wrk (the posts of
# messages-vs-pgbench.sh: 64 sessions, a new clientMessageId per request, each answered 201 after its commit) takes
# turns between them, A B B A in each round, so that the machine's drift over the run hits both alike. An idle
# instance costs the other next to nothing. Each run prints its posts per second, the service's CPU µs per post (from
# /proc/<pid>/stat, the instance's own threads only) and posts per statement; the summary gives each build's total
# posts over total time, CPU µs per post over all its runs, and B against A.
#
#   src/bench/posts-ab.sh A_APP_DIR B_APP_DIR [clients, default "32 64"]
#
# A_APP_DIR and B_APP_DIR are fast-jar directories (target/quarkus-app of each checkout, copied aside).
# Environment: ROUNDS (default 3), SECONDS_PER_RUN (default 10), WARM_UP (seconds per build, default 30),
# PROFILE_DIR (when set, each instance records a JFR profile there, A.jfr and B.jfr: for finding where the time goes,
# not for the A/B numbers), plus those of lib.sh (BENCH_DB, BENCH_REDIS, BENCH_JAVA_OPTS).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

A_DIR=$(cd "$1" && pwd)
B_DIR=$(cd "$2" && pwd)
CLIENTS=${3:-32 64}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
need_tools wrk
ensure_db
make_keys
declare -A PORT_OF=([A]=18295 [B]=18296) TOKENS=()
for build in A B; do
  dir=$A_DIR
  [[ $build == B ]] && dir=$B_DIR
  JAR=$dir/quarkus-run.jar
  saved_opts=$BENCH_JAVA_OPTS
  if [[ -n ${PROFILE_DIR:-} ]]; then
    mkdir -p "$PROFILE_DIR"
    BENCH_JAVA_OPTS="$BENCH_JAVA_OPTS -XX:StartFlightRecording=filename=$PROFILE_DIR/$build.jfr,settings=profile"
  fi
  start_instance "${PORT_OF[$build]}"
  BENCH_JAVA_OPTS=$saved_opts
done
for build in A B; do
  port=${PORT_OF[$build]}
  base=http://127.0.0.1:$port
  wait_ready "$port"
  app=$(create_app "$base" "posts-ab-$build")
  tokens=()
  for _ in $(seq 1 64); do tokens+=("$(new_token "$base" "$app")"); done
  [[ $(messages_endpoint "$base" "${tokens[0]}") == yes ]] || die "build $build: POST messages does not answer"
  TOKENS[$build]=$(IFS=,; echo "${tokens[*]}")
done

statements() {
  curl -s "http://127.0.0.1:$1/q/metrics" | awk '/^chat_messages_posts_per_statement_(count|sum)/{printf "%s ", $2}'
}

# post BUILD CLIENTS SECONDS LABEL: one wrk run; appends "build clients requests seconds cpu statements posts" to runs
post() {
  local build=$1 clients=$2 seconds=$3 label=$4 port=${PORT_OF[$1]} pid cpu0 cpu1 st0 st1 requests
  pid=${PID[$port]}
  st0=$(statements "$port"); cpu0=$(service_cpu "$pid")
  CHAT_TOKENS=${TOKENS[$build]} RUN_ID="$(date +%s)-$label" \
    wrk -t2 -c"$clients" -d"${seconds}s" --latency -s "$BENCH_DIR/message-post-many.lua" \
    "http://127.0.0.1:$port/v1/sessions/current/messages" >"$WORK/wrk-$label.txt"
  cpu1=$(service_cpu "$pid"); st1=$(statements "$port")
  grep -q "Non-2xx\|Socket errors" "$WORK/wrk-$label.txt" && log "$label: $(grep -h 'Non-2xx\|Socket errors' "$WORK/wrk-$label.txt")"
  requests=$(awk '/requests in/{print $1}' "$WORK/wrk-$label.txt")
  python3 - "$build" "$clients" "$requests" "$seconds" "$cpu0" "$cpu1" "$st0" "$st1" <<'PY' | tee -a "$WORK/runs"
import sys
build, clients, requests, seconds, cpu0, cpu1 = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
(c0, s0), (c1, s1) = (map(float, a.split()) for a in sys.argv[7:9])
per_statement = (s1 - s0) / (c1 - c0) if c1 > c0 else 0
print(f"{build} {clients} {requests} {seconds} {cpu1 - cpu0:.2f} {per_statement:.1f}")
PY
}

echo "A = $A_DIR"
echo "B = $B_DIR"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; $("$BENCH_JAVA" -version 2>&1 | head -1)"
for build in A B; do
  log "warm-up of $build (${WARM_UP:-30}s)"
  post "$build" 32 "${WARM_UP:-30}" "warmup-$build" >/dev/null
done
: >"$WORK/runs"
echo "build clients posts seconds service-cpu-s posts-per-statement"
for round in $(seq 1 "$ROUNDS"); do
  for clients in $CLIENTS; do
    for build in A B B A; do
      post "$build" "$clients" "$SECONDS_PER_RUN" "$round-$clients-$build-$RANDOM"
    done
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$WORK/runs" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    build, clients, posts, seconds, cpu, per_statement = line.split()
    runs[(clients, build)].append((int(posts), float(seconds), float(cpu), float(per_statement)))
print("| clients | build | posts/s (all runs) | service CPU µs per post (per run) | overall µs per post | posts per statement |")
print("|---|---|---|---|---|---|")
summary = {}
for clients in sorted({c for c, _ in runs}, key=int):
    for build in "AB":
        r = runs[(clients, build)]
        rate = sum(p for p, *_ in r) / sum(s for _, s, *_ in r)
        per_post = sum(c for *_, c, _ in r) / sum(p for p, *_ in r) * 1e6
        summary[(clients, build)] = (rate, per_post)
        print(f"| {clients} | {build} | {rate:,.0f} ({' / '.join(f'{p / s:,.0f}' for p, s, *_ in r)}) | "
              f"{' / '.join(f'{c / p * 1e6:.0f}' for p, _, c, _ in r)} | {per_post:.1f} | "
              f"{statistics.mean(x for *_, x in r):.1f} |")
print()
for clients in sorted({c for c, _ in runs}, key=int):
    (ra, ca), (rb, cb) = summary[(clients, "A")], summary[(clients, "B")]
    print(f"{clients} clients: B/A posts/s {rb / ra:.3f}, B/A CPU per post {cb / ca:.3f} ({ca:.1f} -> {cb:.1f} µs)")
PY
