#!/usr/bin/env bash
# Session resume and creation, two builds in one run: for a change that must not cost speed (issue 16) or must win
# it. Both builds run side by side on their own ports, against the same Postgres and Redis, with the HS256 test key
# (src/test/resources/test-token-keys.jwks.json); wrk takes turns between them, A B B A for each scenario in each
# round, so that the machine's drift over the run hits both alike (one instance after the other, as resume-cpu.sh
# does, let the drift between runs exceed the difference being measured, 2026-12-06). Scenarios:
#   bare    GET /.well-known/jwks.json (a Quarkus REST resource answering precomputed JSON)
#   resume  GET /v1/sessions/current with one chat token
#   create  POST /v1/apps/{appId}/sessions, a new anonymous session per request (session-post.lua)
# Each run prints its requests per second and the service's CPU µs per request (from /proc/<pid>/stat, the
# instance's own threads only). The summary gives, per scenario and build, the total requests over the total time,
# the CPU µs per request over all runs, the ratio to the same build's bare endpoint (the README's figures), and B
# against A. A change that makes the bare endpoint cheaper too lowers B's ratios while B is faster: read both.
#
#   src/bench/sessions-ab.sh A_APP_DIR B_APP_DIR
#
# A_APP_DIR and B_APP_DIR are fast-jar directories (target/quarkus-app of each checkout, copied aside).
# Environment: ROUNDS (default 4), SECONDS_PER_RUN (default 5), CONNECTIONS (default 32), WARM_UP (seconds per
# scenario and build, default 10), plus those of lib.sh (BENCH_DB, BENCH_REDIS, BENCH_JAVA_OPTS).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

A_DIR=$(cd "$1" && pwd)
B_DIR=$(cd "$2" && pwd)
ROUNDS=${ROUNDS:-4}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNECTIONS=${CONNECTIONS:-32}
need_tools wrk
ensure_db
CHAT_TOKEN_KEYS=$(cat "$REPO_DIR/src/test/resources/test-token-keys.jwks.json")
CHAT_TOKEN_ACTIVE_KID=test-hs256-2026
declare -A PORT_OF=([A]=18297 [B]=18298) TOKEN=() APP=()
for build in A B; do
  JAR=$([[ $build == A ]] && echo "$A_DIR" || echo "$B_DIR")/quarkus-run.jar
  start_instance "${PORT_OF[$build]}"
done
for build in A B; do
  base=http://127.0.0.1:${PORT_OF[$build]}
  wait_ready "${PORT_OF[$build]}"
  APP[$build]=$(create_app "$base" "sessions-ab-$build")
  TOKEN[$build]=$(new_token "$base" "${APP[$build]}")
done

# run BUILD SCENARIO SECONDS: one wrk run; appends "build scenario requests seconds cpu" to runs
run() {
  local build=$1 scenario=$2 seconds=$3 port=${PORT_OF[$1]} out cpu0 cpu1 args
  local base=http://127.0.0.1:$port
  case $scenario in
    bare) args=("$base/.well-known/jwks.json") ;;
    resume) args=(-H "Authorization: Bearer ${TOKEN[$build]}" "$base/v1/sessions/current") ;;
    create) args=(-s "$BENCH_DIR/session-post.lua" "$base/v1/apps/${APP[$build]}/sessions") ;;
  esac
  out=$WORK/wrk-$build-$scenario-$RANDOM.txt
  cpu0=$(service_cpu "${PID[$port]}")
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" "${args[@]}" >"$out"
  cpu1=$(service_cpu "${PID[$port]}")
  grep -q "Non-2xx\|Socket errors" "$out" && die "$build $scenario: $(grep -h 'Non-2xx\|Socket errors' "$out")"
  echo "$build $scenario $(awk '/requests in/{print $1}' "$out") $seconds $(python3 -c "print($cpu1 - $cpu0)")" \
    | tee -a "$WORK/runs"
}

echo "A = $A_DIR"
echo "B = $B_DIR"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; $("$BENCH_JAVA" -version 2>&1 | head -1)"
for scenario in bare resume create; do
  for build in A B; do
    run "$build" "$scenario" "${WARM_UP:-10}" >/dev/null
  done
done
: >"$WORK/runs"
echo "build scenario requests seconds service-cpu-s"
for round in $(seq 1 "$ROUNDS"); do
  for scenario in bare resume create; do
    for build in A B B A; do
      run "$build" "$scenario" "$SECONDS_PER_RUN"
    done
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$WORK/runs" <<'PY'
import collections, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    build, scenario, requests, seconds, cpu = line.split()
    runs[(scenario, build)].append((int(requests), float(seconds), float(cpu)))
rate = {k: sum(n for n, _, _ in r) / sum(s for _, s, _ in r) for k, r in runs.items()}
cpu = {k: sum(c for _, _, c in r) / sum(n for n, _, _ in r) * 1e6 for k, r in runs.items()}
print("| scenario | build | req/s (per run) | CPU µs a request (per run) | overall µs | req/s ratio to bare | µs over bare's |")
print("|---|---|---|---|---|---|---|")
for scenario in ("bare", "resume", "create"):
    for build in "AB":
        r = runs[(scenario, build)]
        print(f"| {scenario} | {build} | {rate[(scenario, build)]:,.0f} ({' / '.join(f'{n / s:,.0f}' for n, s, _ in r)}) | "
              f"{' / '.join(f'{c / n * 1e6:.1f}' for n, _, c in r)} | {cpu[(scenario, build)]:.1f} | "
              f"{rate[(scenario, build)] / rate[('bare', build)]:.3f} | {cpu[(scenario, build)] / cpu[('bare', build)]:.2f} |")
print()
for scenario in ("bare", "resume", "create"):
    a, b = (scenario, "A"), (scenario, "B")
    print(f"{scenario}: B/A req/s {rate[b] / rate[a]:.3f}, B/A CPU a request {cpu[b] / cpu[a]:.3f} "
          f"({cpu[a]:.1f} -> {cpu[b]:.1f} µs)"
          + ("" if scenario == "bare" else
             f"; ratio to bare A {rate[a] / rate[('bare', 'A')]:.3f}, B {rate[b] / rate[('bare', 'B')]:.3f}"))
PY
