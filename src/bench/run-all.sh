#!/usr/bin/env bash
# The benchmark harness (issue 7), one command: builds the jar if needed, starts one instance of the packaged service
# (prod profile) on 127.0.0.1:18080, warms every scenario up, then measures each wrk scenario between two runs of
# the bare endpoint, so every ratio is to a bare run taken seconds before and after it on the same machine:
#   bare Quarkus JSON: GET /.well-known/jwks.json (a Quarkus REST resource answering precomputed JSON, no store)
#   GET /q/health/live (reference), widget config 200, widget config 304 (If-None-Match), session resume
#   (GET /v1/sessions/current), session creation (POST /v1/apps/{appId}/sessions), message post
#   (POST /v1/sessions/current/messages, a new clientMessageId per request; skipped while the endpoint is missing).
# Each: req/s, p99 (wrk --latency), ratio to the bare endpoint, the instance's VmRSS after it. Then the TC-string JMH
# benchmark (src/bench/tcf-jmh.sh). The tables go to stdout and into src/bench/RESULTS.md.
#
# Usage: src/bench/run-all.sh [--no-jmh] [--no-record]
#   --no-jmh     skip JMH (it takes 2-4 minutes more); RESULTS.md keeps the previous JMH table
#   --no-record  print only, leave RESULTS.md alone
# Environment: DURATION (per scenario, default 10s), WARMUP (per scenario, default 5s), THREADS (2), CONNECTIONS
# (32), PORT (18080), JMH_RUN (see tcf-jmh.sh), plus those of lib.sh. Variables such as CHAT_SESSIONS_CREATION_LIMIT
# (set to 100000000 here unless given) pass through to the service.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

jmh=1 record=1
for arg in "$@"; do
  case $arg in
    --no-jmh) jmh=0 ;;
    --no-record) record=0 ;;
    *) die "unknown argument $arg (see the header of $0)" ;;
  esac
done
duration=${DURATION:-10s}
warmup=${WARMUP:-5s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
port=${PORT:-18080}
base=http://127.0.0.1:$port
started=$SECONDS

need_tools wrk
ensure_jar
ensure_db
make_keys
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

log "starting the service on $port"
start_instance "$port"
wait_ready "$port"
pid=${PID[$port]}
rss_start=$(rss_kib "$pid")

app=$(create_app "$base" bench)
token=$(new_token "$base" "$app")
etag=$(curl -sf -D - -o /dev/null "$base/v1/apps/$app/widget-config" | sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p')
[[ -n $etag ]] || die "widget-config sent no ETag"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/v1/apps/$app/widget-config") == 304 ]] \
  || die "If-None-Match does not answer 304"
message_token=$(new_token "$base" "$app")
messages=$(messages_endpoint "$base" "$message_token")
log "POST /v1/sessions/current/messages: $messages"

# Scenarios: key|label|wrk arguments (the URL last). The bare endpoint is "bare".
declare -a SCENARIOS=(
  "health|\`GET /q/health/live\` (reference: Quarkus health JSON)|$base/q/health/live"
  "config200|widget config 200: \`GET /v1/apps/{appId}/widget-config\`|$base/v1/apps/$app/widget-config"
  "config304|widget config 304: same with \`If-None-Match\`|-H|If-None-Match: $etag|$base/v1/apps/$app/widget-config"
  "resume|session resume: \`GET /v1/sessions/current\`|-H|Authorization: Bearer $token|$base/v1/sessions/current"
  "create|session creation: \`POST /v1/apps/{appId}/sessions\`|-s|$BENCH_DIR/session-post.lua|$base/v1/apps/$app/sessions"
)
if [[ $messages == yes ]]; then
  SCENARIOS+=("message|message post: \`POST /v1/sessions/current/messages\`|-s|$BENCH_DIR/message-post.lua|$base/v1/sessions/current/messages")
fi
BARE="bare|bare|$base/.well-known/jwks.json"

# wrk_run NAME DURATION SPEC: runs wrk for a scenario spec; output in $WORK/wrk-NAME.txt.
wrk_run() {
  local name=$1 time=$2 spec=$3 args
  IFS='|' read -r -a args <<<"$spec"
  CHAT_TOKEN=$message_token RUN_ID="$(date +%s)-$name" \
    wrk -t"$threads" -c"$connections" -d"$time" --latency "${args[@]:2}" >"$WORK/wrk-$name.txt" 2>&1 \
    || die "wrk failed for $name: $(tail -3 "$WORK/wrk-$name.txt")"
}
rps_of() { awk '/Requests\/sec/{printf "%.0f", $2}' "$WORK/wrk-$1.txt"; }
# p99 in ms, whatever unit wrk printed it in
p99_of() { awk '$1 == "99%" {v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
  m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v; printf "%.1f", m}' "$WORK/wrk-$1.txt"; }
errors_of() { awk '/Non-2xx or 3xx/{e += $NF} /Socket errors/{gsub(",", ""); e += $4 + $6 + $8 + $10} END {print e + 0}' "$WORK/wrk-$1.txt"; }

log "warm-up: $warmup per scenario"
for spec in "$BARE" "${SCENARIOS[@]}"; do wrk_run "warmup-${spec%%|*}" "$warmup" "$spec"; done

declare -a BARE_RPS=()
declare -A RPS=() P99=() RSS=() ERR=() RATIO=() LABEL=()
bare_run=0
measure_bare() {
  wrk_run "bare-$bare_run" "$duration" "$BARE"
  BARE_RPS+=("$(rps_of "bare-$bare_run")")
  P99[bare-$bare_run]=$(p99_of "bare-$bare_run")
  ERR[bare-$bare_run]=$(errors_of "bare-$bare_run")
  RSS[bare-$bare_run]=$(rss_kib "$pid")
  log "  bare #$bare_run: ${BARE_RPS[-1]} req/s, p99 ${P99[bare-$bare_run]} ms"
  bare_run=$((bare_run + 1))
}

log "measuring: $duration per run, wrk -t$threads -c$connections"
measure_bare
for spec in "${SCENARIOS[@]}"; do
  name=${spec%%|*}
  rest=${spec#*|}
  LABEL[$name]=${rest%%|*}
  wrk_run "$name" "$duration" "$spec"
  RPS[$name]=$(rps_of "$name")
  P99[$name]=$(p99_of "$name")
  ERR[$name]=$(errors_of "$name")
  RSS[$name]=$(rss_kib "$pid")
  measure_bare
  before=${BARE_RPS[-2]} after=${BARE_RPS[-1]}
  RATIO[$name]=$(awk -v s="${RPS[$name]}" -v a="$before" -v b="$after" 'BEGIN {printf "%.2f", 2 * s / (a + b)}')
  log "  $name: ${RPS[$name]} req/s, p99 ${P99[$name]} ms, ${RATIO[$name]} of bare, errors ${ERR[$name]}"
done
rss_peak=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status")
rc=0
stop_instance "$port" || rc=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report ---------------------------------------------------------------------------------------------------------
hratio() { awk -v s="$1" -v h="${RPS[health]}" 'BEGIN {printf "%.2f", s / h}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }
fmt() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }   # 12345 -> 12,345
bare_stats=$(printf '%s\n' "${BARE_RPS[@]}" | awk '{s += $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1}
  END {printf "%d %d %d", s / NR, min, max}')
read -r bare_mean bare_min bare_max <<<"$bare_stats"
bare_p99=$(for i in $(seq 0 $((bare_run - 1))); do echo "${P99[bare-$i]}"; done | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
bare_err=0
for i in $(seq 0 $((bare_run - 1))); do bare_err=$((bare_err + ERR[bare-$i])); done
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
cpu=${cpu:-$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)}
jdk=$("$BENCH_JAVA" -version 2>&1 | sed -n 's/.*Runtime Environment \(.*\)/\1/p' | head -1)
pg=$(psql -h 127.0.0.1 -U postgres -d "$BENCH_DB" -Atc 'show server_version' | cut -d' ' -f1)
redis=$(redis-cli -u "$BENCH_REDIS" info server 2>/dev/null | sed -n 's/^redis_version:\([^\r]*\).*/\1/p')

report=$WORK/run-all.md
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_DIR" rev-parse --short HEAD), by \`src/bench/run-all.sh\` (took $((SECONDS - started)) s)."
  echo
  echo "- Machine: $(nproc) vCPUs ($cpu), $(awk '/MemTotal/{printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, shared with"
  echo "  other builds: load average $load_before before, $load_after after. Postgres ${pg:-?}, Redis ${redis:-?} on the same machine."
  echo "- Service: \`java -jar target/quarkus-app/quarkus-run.jar\`, prod profile, ${jdk:-$BENCH_JAVA}, \`${BENCH_JAVA_OPTS}\`"
  echo "  (the pod's heap: 75 % of its 768 MiB memory limit),"
  echo "  ES256 signing key, \`CHAT_SESSIONS_CREATION_LIMIT=${CHAT_SESSIONS_CREATION_LIMIT:-100000000}\`; RSS $(mib "$rss_start") after start, peak $(mib "$rss_peak")."
  echo "- Method: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}') on the same machine over loopback, \`-t$threads -c$connections -d$duration --latency\`, after a"
  echo "  $warmup warm-up of every scenario. Each scenario runs between two runs of the bare endpoint; its ratio is to the"
  echo "  mean of those two. RSS is the instance's VmRSS right after the scenario. Errors = non-2xx/3xx + socket errors."
  echo "  The bare endpoint is a Quarkus REST method (\`@NonBlocking\`, precomputed JSON, no store) answering on the event"
  echo "  loop like the service's \`Uni\` endpoints; \`/q/health/live\` is a second reference."
  echo "  Two shared cores run the service, Postgres, Redis and wrk at once: compare ratios within this run, not"
  echo "  absolute numbers across runs."
  echo
  echo "| scenario | req/s | p99 | ratio to bare | to \`/q/health/live\` | RSS after | errors |"
  echo "|---|---|---|---|---|---|---|"
  echo "| **bare Quarkus JSON: \`GET /.well-known/jwks.json\`** ($bare_run runs) | $(fmt "$bare_mean") (mean; $(fmt "$bare_min")–$(fmt "$bare_max")) | ${bare_p99} ms (median) | 1 | $(hratio "$bare_mean") | $(mib "${RSS[bare-$((bare_run - 1))]}") | $bare_err |"
  for spec in "${SCENARIOS[@]}"; do
    name=${spec%%|*}
    echo "| ${LABEL[$name]} | $(fmt "${RPS[$name]}") | ${P99[$name]} ms | ${RATIO[$name]} | $(hratio "${RPS[$name]}") | $(mib "${RSS[$name]}") | ${ERR[$name]} |"
  done
  if [[ $messages != yes ]]; then
    echo "| message post: \`POST /v1/sessions/current/messages\` | skipped: not built yet (the endpoint answered ${messages//[^0-9]/}) | | | | | |"
  fi
  echo
  echo "Bare runs in order (req/s): ${BARE_RPS[*]}. The service exited with status $rc after SIGTERM."
} >"$report"

if ((jmh)); then
  log "JMH: src/bench/tcf-jmh.sh"
  (cd "$REPO_DIR" && BENCH_JAVA_HOME=$(dirname "$(dirname "$BENCH_JAVA")") "$BENCH_DIR/tcf-jmh.sh") >"$WORK/jmh.txt" 2>&1 \
    || { tail -20 "$WORK/jmh.txt" >&2; die "JMH failed"; }
  jmh_report=$WORK/jmh.md
  {
    echo "TC-string decoder, run $(date -u +%Y-%m-%dT%H:%MZ) by \`src/bench/run-all.sh\` → \`src/bench/tcf-jmh.sh\`"
    echo "(JMH ${JMH_RUN:--f 1 -wi 3 -w 1s -i 5 -r 1s} -prof gc, ${jdk:-$BENCH_JAVA}, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end): decode +"
    echo "decision, ours against \`com.iabtcf:iabtcf-decoder\` on the same strings (inputs: \`src/bench/TCF-RESULTS.md\`)."
    echo
    python3 - "$REPO_DIR/target/tcf-jmh.json" <<'EOF'
import json, sys
rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    inp = r["params"]["input"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows.setdefault(inp, {})[name] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)
print("| input | ours ns/op | iabtcf ns/op | iabtcf lazy ns/op | speed-up (iabtcf / ours) | ours B/op | iabtcf B/op |")
print("|---|---|---|---|---|---|---|")
f = lambda v: f"{v:,.0f}"
for inp in ("small", "typical", "heavy"):
    if inp not in rows: continue
    o, i, l = rows[inp].get("ours"), rows[inp].get("iabtcf"), rows[inp].get("iabtcfLazy")
    cell = lambda m: f"{f(m[0])} ± {f(m[1])}" if m else "–"
    speed = f"{i[0] / o[0]:.1f}×" if o and i else "–"
    ba = lambda m: f(m[2]) if m and m[2] is not None else "–"
    print(f"| {inp} | {cell(o)} | {cell(i)} | {cell(l)} | {speed} | {ba(o)} | {ba(i)} |")
EOF
  } >"$jmh_report"
fi

cat "$report"
if ((jmh)); then echo; cat "$jmh_report"; fi
if ((record)); then
  python3 "$BENCH_DIR/record.py" "$BENCH_DIR/RESULTS.md" run-all "$report"
  ((jmh)) && python3 "$BENCH_DIR/record.py" "$BENCH_DIR/RESULTS.md" jmh "$jmh_report"
  log "recorded in src/bench/RESULTS.md"
fi
total_errors=$bare_err
for spec in "${SCENARIOS[@]}"; do total_errors=$((total_errors + ERR[${spec%%|*}])); done
((total_errors == 0)) || die "$total_errors failed requests during the measurements (see the errors column)"
