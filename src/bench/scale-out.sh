#!/usr/bin/env bash
# Scale-out check (issue 7): three instances of the packaged service on loopback behind nginx, wrk load through nginx
# (widget config + session resume), the instances restarted one by one under that load (SIGTERM, wait for the exit,
# start again, wait for /q/health/ready), and cross-instance checks against the instances directly, all the time:
#   - a chat token issued by one instance is accepted by the others;
#   - a logout (DELETE /v1/sessions/current) on one is refused (401) on the others at once;
#   - an app config change (PATCH /v1/admin/apps/{id}) shows in widget-config on the others within 1 s;
#   - a token from before all restarts keeps working and a token logged out before them stays refused;
#   - live messages (post on one, listed and streamed on another), if POST /v1/sessions/current/messages exists,
#     and an event stream held through nginx for the whole run (sse-follow.py, reconnecting with Last-Event-ID like
#     EventSource) that must receive every message posted to it.
# Reports failed requests (wrk: non-2xx/3xx answers and socket errors; goal 0) and failed checks; exits non-zero on
# any. The report goes to stdout and into src/bench/RESULTS.md (section "scale-out"; --no-record leaves it alone).
#
# Usage: src/bench/scale-out.sh [--no-record] [--with-posts]
#   --with-posts  every 10th request of the load is a session creation (POST), which nginx must not retry once it
#                 reached an instance: shows what a health-check-free nginx does to non-idempotent requests.
#                 Recorded in a section of its own ("scale-out-posts").
# Environment: CONNECTIONS (wrk connections, default 16), SETTLE (seconds of load between steps, default 5),
# PORT_BASE (nginx on PORT_BASE, instances on PORT_BASE+1..3; default 18100), plus those of lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

record=1 post_every=0 section=scale-out
for arg in "$@"; do
  case $arg in
    --no-record) record=0 ;;
    --with-posts) post_every=10 section=scale-out-posts ;;
    *) die "unknown argument $arg" ;;
  esac
done
connections=${CONNECTIONS:-16}
settle=${SETTLE:-5}
port_base=${PORT_BASE:-18100}
lb_port=$port_base
ports=($((port_base + 1)) $((port_base + 2)) $((port_base + 3)))
lb=http://127.0.0.1:$lb_port

need_tools wrk nginx
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
ensure_jar
ensure_db
make_keys

# ---- instances and nginx --------------------------------------------------------------------------------------------
log "starting instances on ${ports[*]}"
start_instance "${ports[0]}"
wait_ready "${ports[0]}"          # the first one migrates the schema alone
for p in "${ports[@]:1}"; do start_instance "$p"; done
for p in "${ports[@]:1}"; do wait_ready "$p"; done

prefix=$WORK/nginx
mkdir -p "$prefix"
upstreams=""
for p in "${ports[@]}"; do upstreams+="server 127.0.0.1:$p max_fails=1 fail_timeout=5s; "; done
sed -e "s|@PREFIX@|$prefix|g" -e "s|@LISTEN@|127.0.0.1:$lb_port|g" -e "s|@UPSTREAMS@|$upstreams|" \
  "$BENCH_DIR/scale-out.nginx.conf" >"$prefix/nginx.conf"
"$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -t -q || die "nginx config does not load"
"$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' &
NGINX_PID=$!
BENCH_PIDS+=("$NGINX_PID")
for _ in $(seq 1 50); do curl -s -o /dev/null "$lb/q/health/ready" && break; sleep 0.1; done

# ---- checks ---------------------------------------------------------------------------------------------------------
declare -A PASSED=() FAILED=()
FAILURES=()
ROUND=0
CONFIG_MAX_MS=0
for kind in token-elsewhere logout-elsewhere config-elsewhere durable-token revoked-stays messages live-follow; do
  PASSED[$kind]=0 FAILED[$kind]=0
done
pass() { PASSED[$1]=$((PASSED[$1] + 1)); }
failc() {
  FAILED[$1]=$((FAILED[$1] + 1))
  FAILURES+=("$(date +%T) $1: $2")
  log "CHECK FAILED $1: $2"
}
# code METHOD URL [curl args]: the HTTP status; the body is in $WORK/body.
code() {
  local method=$1 url=$2
  shift 2
  curl -s -o "$WORK/body" -w '%{http_code}' --max-time 5 -X "$method" "$@" "$url" || true
}
token_of() { sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$WORK/body"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
bearer() { echo "Authorization: Bearer $1"; }

base=http://127.0.0.1:${ports[0]}
CHECK_APP=$(create_app "$base" scale-out-checks)
LOAD_APP=$(create_app "$base" scale-out-load)
LOAD_TOKEN=$(new_token "$base" "$LOAD_APP")
DURABLE_TOKEN=$(new_token "$base" "$CHECK_APP")          # issued before any restart, must work on every instance
REVOKED_TOKEN=$(new_token "$base" "$CHECK_APP")          # logged out before any restart, must stay refused
[[ $(code DELETE "$base/v1/sessions/current" -H "$(bearer "$REVOKED_TOKEN")") == 204 ]] || die "initial logout failed"
MESSAGES=$(messages_endpoint "$base" "$DURABLE_TOKEN")
log "POST /v1/sessions/current/messages: $MESSAGES"
if [[ $MESSAGES == yes ]]; then
  # A browser tab that keeps its event stream through nginx for the whole run; every round posts a message to it.
  FOLLOW_TOKEN=$(new_token "$base" "$CHECK_APP")
  python3 "$BENCH_DIR/sse-follow.py" "$lb" "$FOLLOW_TOKEN" >"$WORK/follow.txt" 2>"$WORK/follow.err" &
  FOLLOW_PID=$!
  BENCH_PIDS+=("$FOLLOW_PID")
  : >"$WORK/posted.txt"
fi

# round PORT...: one round of every check over the instances given (all of them are up and ready).
round() {
  local live=("$@") n=$# a b c tok c2 h t0 deadline seen p cm spid
  a=${live[ROUND % n]}
  b=${live[(ROUND + 1) % n]}
  c=${live[(ROUND + 2) % n]}
  ROUND=$((ROUND + 1))

  # A token issued on a works on every other instance.
  c2=$(code POST "http://127.0.0.1:$a/v1/apps/$CHECK_APP/sessions" -H 'Content-Type: application/json' -d '{}')
  if [[ $c2 != 201 ]]; then failc token-elsewhere "session creation on $a answered $c2: $(head -c 300 "$WORK/body")"; return; fi
  tok=$(token_of)
  for p in "${live[@]}"; do
    [[ $p == "$a" ]] && continue
    c2=$(code GET "http://127.0.0.1:$p/v1/sessions/current" -H "$(bearer "$tok")")
    [[ $c2 == 200 ]] && pass token-elsewhere || failc token-elsewhere "token from $a answered $c2 on $p"
  done

  # Tokens from before the restarts: the valid one works, the logged-out one stays refused, everywhere.
  for p in "${live[@]}"; do
    c2=$(code GET "http://127.0.0.1:$p/v1/sessions/current" -H "$(bearer "$DURABLE_TOKEN")")
    [[ $c2 == 200 ]] && pass durable-token || failc durable-token "token from before the restarts answered $c2 on $p"
    c2=$(code GET "http://127.0.0.1:$p/v1/sessions/current" -H "$(bearer "$REVOKED_TOKEN")")
    [[ $c2 == 401 ]] && pass revoked-stays || failc revoked-stays "logged-out token answered $c2 on $p"
  done

  # Live messages: b streams events, a takes the message, c lists it; a message for the stream followed via nginx.
  if [[ $MESSAGES == yes ]]; then
    cm="follow-$ROUND-$RANDOM"
    t0=$(now_ms)
    c2=$(code POST "http://127.0.0.1:$a/v1/sessions/current/messages" -H "$(bearer "$FOLLOW_TOKEN")" \
      -H 'Content-Type: application/json' -d "{\"clientMessageId\":\"$cm\",\"text\":\"followed $ROUND\"}")
    [[ $c2 == 201 ]] && echo "$t0 $cm" >>"$WORK/posted.txt" \
      || failc live-follow "message post on $a for the followed stream answered $c2: $(head -c 300 "$WORK/body")"
    cm="check-$ROUND-$RANDOM$RANDOM"
    : >"$WORK/sse-headers"
    : >"$WORK/sse-body"
    curl -sN --max-time 10 -D "$WORK/sse-headers" -H "$(bearer "$tok")" -H 'Accept: text/event-stream' \
      "http://127.0.0.1:$b/v1/sessions/current/events" >"$WORK/sse-body" 2>/dev/null &
    spid=$!
    # The service sends a heartbeat comment once the stream is registered for live messages; a message posted
    # before that may be counted as already seen (a stream without Last-Event-ID starts after the last message).
    for _ in $(seq 1 100); do grep -q '^:' "$WORK/sse-body" && break; sleep 0.05; done
    c2=$(code POST "http://127.0.0.1:$a/v1/sessions/current/messages" -H "$(bearer "$tok")" \
      -H 'Content-Type: application/json' -d "{\"clientMessageId\":\"$cm\",\"text\":\"scale-out check $ROUND\"}")
    if [[ $c2 == 201 ]]; then
      c2=$(code GET "http://127.0.0.1:$c/v1/sessions/current/messages?limit=10" -H "$(bearer "$tok")")
      [[ $c2 == 200 ]] && grep -q "\"$cm\"" "$WORK/body" && pass messages \
        || failc messages "message posted on $a not listed on $c ($c2)"
      seen=0
      for _ in $(seq 1 40); do grep -q "$cm" "$WORK/sse-body" && { seen=1; break; }; sleep 0.05; done
      [[ $seen == 1 ]] && pass messages || failc messages "message posted on $a not streamed by $b within 2 s"
    else
      failc messages "message post on $a answered $c2: $(head -c 300 "$WORK/body")"
    fi
    kill "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
  fi

  # Logout on b (another instance than the issuer when there is one): refused at once everywhere.
  c2=$(code DELETE "http://127.0.0.1:$b/v1/sessions/current" -H "$(bearer "$tok")")
  if [[ $c2 != 204 ]]; then
    failc logout-elsewhere "logout on $b answered $c2: $(head -c 300 "$WORK/body")"
  else
    for p in "${live[@]}"; do
      [[ $p == "$b" ]] && continue
      c2=$(code GET "http://127.0.0.1:$p/v1/sessions/current" -H "$(bearer "$tok")")
      [[ $c2 == 401 ]] && pass logout-elsewhere || failc logout-elsewhere "token logged out on $b answered $c2 on $p"
    done
  fi

  # A config change on a shows in widget-config on the others within 1 s.
  h=$((ROUND % 23 + 1))
  c2=$(code PATCH "http://127.0.0.1:$a/v1/admin/apps/$CHECK_APP" -H "$(bearer "$ADMIN_TOKEN")" \
    -H 'Content-Type: application/merge-patch+json' -d "{\"settings\":{\"triggerSnooze\":\"PT${h}H\"}}")
  if [[ $c2 != 200 ]]; then failc config-elsewhere "PATCH on $a answered $c2: $(head -c 300 "$WORK/body")"; return; fi
  t0=$(now_ms)
  for p in "${live[@]}"; do
    [[ $p == "$a" ]] && continue
    # Visible within 1 s = a widget-config request sent within 1 s of the PATCH's answer gets the new config;
    # took = when that request was sent (so a slow answer on a starved machine is not counted against propagation).
    seen=0
    local took=0
    while :; do
      took=$(($(now_ms) - t0))
      c2=$(code GET "http://127.0.0.1:$p/v1/apps/$CHECK_APP/widget-config")
      if [[ $c2 == 200 ]] && grep -q "\"triggerSnooze\":\"PT${h}H\"" "$WORK/body"; then seen=1; break; fi
      (($(now_ms) - t0 <= 1000)) || break
      sleep 0.02
    done
    if [[ $seen == 1 ]]; then
      pass config-elsewhere
      ((took > CONFIG_MAX_MS)) && CONFIG_MAX_MS=$took
    else
      failc config-elsewhere "change made on $a not served by $p to a request sent ${took} ms after it (answer $c2)"
    fi
  done
  return 0
}

up_except() { local p; for p in "${ports[@]}"; do [[ $p == "$1" ]] || printf '%s ' "$p"; done; }

# Requests an instance has answered (Micrometer's http_server_requests count over every route but /q/*).
served() {
  { curl -s --max-time 2 "http://127.0.0.1:$1/q/metrics" || true; } |
    awk '/^http_server_requests_seconds_count/{s += $NF} END {printf "%d\n", s}'
}

# ---- load + rolling restart -----------------------------------------------------------------------------------------
round "${ports[@]}"
log "load: wrk -t2 -c$connections through nginx on $lb_port (widget config + session resume)"
APP_ID=$LOAD_APP CHAT_TOKEN=$LOAD_TOKEN POST_EVERY=$post_every wrk -t2 -c"$connections" -d1h --timeout 5s --latency \
  -s "$BENCH_DIR/scale-out-mix.lua" "$lb/" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
BENCH_PIDS+=("$WRK_PID")
load_start=$SECONDS
t_end=$((SECONDS + settle))
while ((SECONDS < t_end)); do round "${ports[@]}"; done

declare -a TIMELINE=()
for p in "${ports[@]}"; do
  others=($(up_except "$p"))
  log "restarting the instance on $p (pid ${PID[$p]})"
  t0=$(now_ms)
  kill -TERM "${PID[$p]}"
  not_ready_ms=""
  while kill -0 "${PID[$p]}" 2>/dev/null; do
    if [[ -z $not_ready_ms && $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$p/q/health/ready") == 503 ]]; then
      not_ready_ms=$(($(now_ms) - t0))
    fi
    round "${others[@]}"
  done
  rc=0
  wait_exit "$p" || rc=$?
  exit_ms=$(($(now_ms) - t0))
  [[ $rc == 0 || $rc == 143 ]] || failc restart "instance on $p exited with status $rc"
  start_instance "$p"
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$p/q/health/ready") == 200 ]]; do
    kill -0 "${PID[$p]}" 2>/dev/null || die "instance on $p died while starting"
    round "${others[@]}"
  done
  ready_ms=$(($(now_ms) - t0))
  # Like a rollout gated on readiness: go on once nginx sends this instance traffic again.
  before=$(served "$p")
  t1=$(now_ms)
  while (($(served "$p") - before < 200)) && (($(now_ms) - t1 < 30000)); do round "${others[@]}"; done
  serving_ms=$(($(now_ms) - t0))
  TIMELINE+=("| $p | ${not_ready_ms:-not seen} ms | $exit_ms ms (status $rc) | $ready_ms ms | $serving_ms ms |")
  log "instance on $p: not ready at ${not_ready_ms:-?} ms, exited at $exit_ms ms, ready at $ready_ms ms, serving via nginx at $serving_ms ms"
  t_end=$((SECONDS + settle))
  while ((SECONDS < t_end)); do round "${ports[@]}"; done
done

kill -INT "$WRK_PID"
wait "$WRK_PID" || true
forget_pid "$WRK_PID"
load_seconds=$((SECONDS - load_start))
round "${ports[@]}"

# The followed stream: every message posted to it must have arrived, live or replayed after a reconnect.
if [[ $MESSAGES == yes ]]; then
  sleep 2
  kill "$FOLLOW_PID" 2>/dev/null || true
  wait "$FOLLOW_PID" 2>/dev/null || true
  forget_pid "$FOLLOW_PID"
  read -r f_posted f_received f_missing f_reconnects f_median f_max f_slow f_reasons < <(
    python3 "$BENCH_DIR/follow-summary.py" "$WORK/posted.txt" "$WORK/follow.txt")
  for _ in $(seq 1 "$f_received"); do pass live-follow; done
  ((f_missing == 0)) || failc live-follow "$f_missing of $f_posted messages never reached the followed stream"
fi

# ---- report ---------------------------------------------------------------------------------------------------------
w=$WORK/wrk.txt
requests=$(awk '/requests in/{print $1}' "$w")
non2xx=$(awk '/Non-2xx or 3xx responses/{print $NF}' "$w")
non2xx=${non2xx:-0}
read -r s_connect s_read s_write s_timeout < <(awk '/Socket errors/{gsub(",", ""); print $4, $6, $8, $10}' "$w") || true
s_connect=${s_connect:-0} s_read=${s_read:-0} s_write=${s_write:-0} s_timeout=${s_timeout:-0}
failed_requests=$((non2xx + s_connect + s_read + s_write + s_timeout))
statuses=$(sed -n 's/^Statuses: //p' "$w")
rps=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$w")
p99=$(awk '$1 == "99%" {print $2}' "$w")
touch "$prefix/retries.log"
retried=$(grep -c 'statuses=\[[^]]*,' "$prefix/retries.log" || true)
# Requests that took 1 s or more (event streams aside: they are long by design), by the instance that answered last
# and the first and last second they ended in.
slow=$(awk '{t = $NF; sub("total=", "", t)} t >= 1 && $3 !~ /\/events$/ {match($0, /upstream=\[[^]]*\]/); a = substr($0, RSTART, RLENGTH - 1)
  sub(/.*[ \[]/, "", a); n[a]++
  s = substr($1, 12, 8); if (!(a in first)) first[a] = s; last[a] = s}
  END {for (a in n) {printf "%s%s x%d (%s-%s)", sep, a, n[a], first[a], last[a]; sep = ", "}}' "$prefix/retries.log")
# nginx's own answers other than 2xx/3xx, by status (499 = the client closed first: wrk stopping, or a stream ended)
lb_errors=$(awk '$5 !~ /^[23]/ {n[$5]++} END {for (s in n) {printf "%s%s x%d", sep, s, n[s]; sep = ", "}}' "$prefix/retries.log")
total_failed_checks=0
for kind in "${!FAILED[@]}"; do total_failed_checks=$((total_failed_checks + FAILED[$kind])); done

report=$WORK/scale-out.md
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_DIR" rev-parse --short HEAD), by \`src/bench/scale-out.sh\`:"
  echo "three instances (\`java $BENCH_JAVA_OPTS -jar\`, prod profile, $("$BENCH_JAVA" -version 2>&1 | head -1 | tr -d '"')) on ports ${ports[*]}"
  echo "behind nginx $("$NGINX" -v 2>&1 | sed 's|.*/||') on $lb_port (\`least_conn\`, \`max_fails=1 fail_timeout=5s\`,"
  echo "\`proxy_next_upstream error timeout http_503\`, no active health checks), $(nproc) cores, load average"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end. Load: \`wrk -t2 -c$connections --timeout 5s\` through nginx for ${load_seconds} s,"
  echo "alternating \`GET /v1/apps/{appId}/widget-config\` and \`GET /v1/sessions/current\` with a chat token"
  if ((post_every)); then echo "and, as every ${post_every}th request, \`POST /v1/apps/{appId}/sessions\` (non-idempotent)"; fi
  echo "(\`scale-out-mix.lua\`). During the load each instance in turn got SIGTERM, was waited for, started again and"
  echo "waited for until ready and until nginx sent it traffic again, followed by ${settle} s of settling."
  echo
  echo "**Failed requests: $failed_requests** of $requests (non-2xx/3xx: $non2xx; socket errors: connect $s_connect,"
  echo "read $s_read, write $s_write, timeout $s_timeout). Statuses seen by wrk: $statuses. Throughput $rps req/s, p99 $p99."
  echo "Requests nginx had to send to a second instance: $retried; answers other than 2xx/3xx nginx gave: ${lb_errors:-none}"
  echo "(499: the client closed the connection first, as wrk does to its open requests when it stops)."
  echo "Requests that took 1 s or more in nginx (event streams aside), by the instance that answered: ${slow:-none}."
  echo
  echo "| restarted instance | readiness DOWN after SIGTERM | exited | ready again | served via nginx again |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${TIMELINE[@]}"
  echo
  echo "Cross-instance checks, against the instances directly, in $ROUND rounds before, during (among the instances"
  echo "that were up) and after each restart:"
  echo
  echo "| check | passed | failed |"
  echo "|---|---|---|"
  echo "| a token issued on one instance is accepted by the others | ${PASSED[token-elsewhere]} | ${FAILED[token-elsewhere]} |"
  echo "| a logout on one instance is refused (401) on the others at once | ${PASSED[logout-elsewhere]} | ${FAILED[logout-elsewhere]} |"
  echo "| an app config change is served by the others within 1 s (slowest: the first request that got it was sent ${CONFIG_MAX_MS} ms after the PATCH answered) | ${PASSED[config-elsewhere]} | ${FAILED[config-elsewhere]} |"
  echo "| a token issued before the restarts works on every instance throughout | ${PASSED[durable-token]} | ${FAILED[durable-token]} |"
  echo "| a token logged out before the restarts stays refused everywhere | ${PASSED[revoked-stays]} | ${FAILED[revoked-stays]} |"
  if [[ $MESSAGES == yes ]]; then
    echo "| live messages: posted on one, listed on another, streamed by a third | ${PASSED[messages]} | ${FAILED[messages]} |"
    echo "| a stream held through nginx for the whole run (reconnecting with \`Last-Event-ID\` when cut) gets every message posted to it | ${PASSED[live-follow]} | ${FAILED[live-follow]} |"
  else
    echo "| live messages | skipped: not built yet (\`POST /v1/sessions/current/messages\` answered ${MESSAGES//[^0-9]/}) | |"
  fi
  if [[ $MESSAGES == yes ]]; then
    echo
    echo "The followed stream: $f_posted messages posted to it (one per round, on the instances in turn), $f_received"
    echo "arrived, $f_missing missing; from sending the post to the event: median ${f_median} ms, longest ${f_max} ms,"
    echo "$f_slow over 1 s. It was cut and reconnected $f_reconnects times (why: ${f_reasons//_/ })."
  fi
  if ((${#FAILURES[@]})); then
    echo
    echo "Failed checks:"
    printf -- '- %s\n' "${FAILURES[@]}"
  fi
  if [[ -s $prefix/retries.log ]]; then
    echo
    echo "First requests nginx logged as retried, failed or taking 1 s or more (\`statuses\` = each instance's answer in turn):"
    echo '```'
    head -5 "$prefix/retries.log"
    echo '```'
  fi
} >"$report"
cat "$report"

if ((record)); then
  python3 "$BENCH_DIR/record.py" "$BENCH_DIR/RESULTS.md" "$section" "$report"
  log "recorded in src/bench/RESULTS.md"
fi
((failed_requests == 0 && total_failed_checks == 0)) || die "$failed_requests failed requests, $total_failed_checks failed checks"
log "OK: 0 failed requests, 0 failed checks"
