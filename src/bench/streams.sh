#!/usr/bin/env bash
# Event streams at scale (issue 17), on the packaged service, against a Redis of its own (started here on
# REDIS_PORT, so that its INFO numbers count this run only):
#   1. storm: one instance (-Xmx576m), warmed up first; STREAMS streams opened at RATE a second by CLIENTS client
#      processes (stream-clients.py), spread over SESSIONS sessions. Reports opened / refused / failed, how long the
#      opening took (and each open's answer time, the clients' lag, service and client CPU), the instance's RSS and
#      live heap per stream, then posts MESSAGES messages (each to one session's conversation, so to
#      STREAMS/SESSIONS streams) and reports delivery p50/p99 (post sent -> event read) and the streams still held.
#   2. fan-out: 4 instances, FANOUT_SESSIONS sessions, each session's FANOUT_STREAMS/FANOUT_SESSIONS streams on one
#      instance (session i on instance i mod 4), once with chat.conversations.fanout=shared (one channel every
#      instance receives everything on: the design before) and once per-conversation (the default). For each:
#      MESSAGES posts, Redis's output bytes and commands, payloads each instance received, each instance's CPU per
#      message, delivery p50/p99.
# Prints a report and adds it to src/bench/RESULTS.md (section "streams"; --no-record leaves it alone).
#
# Usage: src/bench/streams.sh [--no-record] [--storm-only | --fanout-only]
# Environment: STREAMS (18000), RATE (4000), WARMUP (2000 streams opened at 1000/s and closed before the storm),
#   SESSIONS (100), CLIENTS (4), HOLD (20), MESSAGES (200), HISTO (1: also print what a stream holds in the heap, by
#   class, from jcmd GC.class_histogram before and with the streams open), FANOUT_SESSIONS (400),
#   FANOUT_STREAMS (4000), PORT_BASE (18510: instances on PORT_BASE..+3), REDIS_PORT (18600),
#   plus those of lib.sh. The file-descriptor limit of one process caps STREAMS (see `ulimit -Hn`).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

record=1 storm=1 fanout=1
for arg in "$@"; do
  case $arg in
    --no-record) record=0 ;;
    --storm-only) fanout=0 ;;
    --fanout-only) storm=0 ;;
    *) die "unknown argument $arg" ;;
  esac
done
STREAMS=${STREAMS:-18000} RATE=${RATE:-4000} WARMUP=${WARMUP:-2000} SESSIONS=${SESSIONS:-100} CLIENTS=${CLIENTS:-4} HOLD=${HOLD:-20}
MESSAGES=${MESSAGES:-200} FANOUT_SESSIONS=${FANOUT_SESSIONS:-400} FANOUT_STREAMS=${FANOUT_STREAMS:-4000}
PORT_BASE=${PORT_BASE:-18510} REDIS_PORT=${REDIS_PORT:-18600}

ulimit -n "$(ulimit -Hn)"
command -v redis-server >/dev/null || die "redis-server is needed (Debian: apt-get install redis-server)"
ensure_jar
ensure_db
make_keys

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --maxclients 10000 >"$WORK/redis.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
BENCH_REDIS=redis://127.0.0.1:$REDIS_PORT/0
redis_stat() { redis-cli -p "$REDIS_PORT" info stats | tr -d '\r' | awk -F: -v k="$1" '$1 == k {print $2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
fds() { ls "/proc/$1/fd" | wc -l; }
# Java heap in use after a full GC, in KiB: what live objects take, whatever the heap has grown to.
# histogram PID FILE: live objects by class after a full GC (jcmd GC.class_histogram), with HISTO=1.
histogram() { [[ ${HISTO:-0} == 1 ]] && "$(dirname "$BENCH_JAVA")/jcmd" "$1" GC.class_histogram >"$2" || true; }
heap_live_kib() {
  local jcmd; jcmd=$(dirname "$BENCH_JAVA")/jcmd
  "$jcmd" "$1" GC.run >/dev/null && "$jcmd" "$1" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9
}
received() {   # payloads an instance received from Redis
  curl -s "http://127.0.0.1:$1/q/metrics" | awk '/^chat_fanout_received_total\{.*what="payloads"/ {s += $2} END {print s + 0}'
}

# tokens FILE COUNT PORTS...: COUNT new sessions, "token base" per line, session i streaming to PORTS[i mod n].
tokens() {
  local file=$1 count=$2; shift 2
  local ports=("$@") i
  : >"$file"
  for ((i = 0; i < count; i++)); do
    local port=${ports[$((i % ${#ports[@]}))]}
    echo "$(new_token "http://127.0.0.1:$port" "$APP") http://127.0.0.1:$port" >>"$file"
  done
}

# clients TOKENS STREAMS RATE HOLD: runs CLIENTS stream-clients.py processes in the background; their JSON goes to
# $WORK/client-N.json. Sets CLIENT_PIDS.
clients() {
  local file=$1 streams=$2 rate=$3 hold=$4 c
  CLIENT_PIDS=()
  for ((c = 0; c < CLIENTS; c++)); do
    python3 "$BENCH_DIR/stream-clients.py" --tokens "$file" --streams $((streams / CLIENTS)) \
      --rate "$(python3 -c "print($rate / $CLIENTS)")" --hold "$hold" --source "127.0.0.$((c + 2))" \
      >"$WORK/client-$c.json" 2>"$WORK/client-$c.progress" &
    CLIENT_PIDS+=($!)
    BENCH_PIDS+=($!)
  done
}

stop_clients() {   # the clients report and exit
  local pid
  for pid in "${CLIENT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || true; forget_pid "$pid"; done
}

wait_opened() {   # until every client has reported its opening
  local c
  for ((c = 0; c < CLIENTS; c++)); do
    until grep -q progress "$WORK/client-$c.progress" 2>/dev/null; do sleep 0.2; done
  done
}

# post TOKENS COUNT: COUNT messages, 20 a second, each by one session (round-robin) through the instance its streams
# use, the send time in the text.
post() {
  python3 - "$1" "$2" <<'EOF'
import http.client, json, sys, time
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
conns = {}
for i in range(int(sys.argv[2])):
    token, base = lines[i % len(lines)]
    host, port = base.split("://")[1].split(":")
    conn = conns.get(base) or conns.setdefault(base, http.client.HTTPConnection(host, int(port), timeout=30))
    body = json.dumps({"clientMessageId": "bench-%d-%d" % (time.time_ns(), i), "text": "t=%d" % time.time_ns()})
    conn.request("POST", "/v1/sessions/current/messages", body,
                 {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    if r.status != 201:
        print("post answered", r.status, file=sys.stderr)
    time.sleep(0.05)
EOF
}

# summary: merges the clients' JSON into one line of numbers.
summary() {
  python3 - "$WORK"/client-*.json <<'EOF'
import json, sys
total = {"opened": 0, "refused": 0, "failed": 0, "held": 0, "closed_early": 0, "messages": 0, "open_seconds": 0}
delays = []
for f in sys.argv[1:]:
    d = json.loads(open(f).read().strip().splitlines()[-1])
    for k in ("opened", "failed", "held", "closed_early", "messages"):
        total[k] += d[k]
    total["refused"] += sum(d["refused"].values())
    total["open_seconds"] = max(total["open_seconds"], d["open_seconds"])
    delays += d["delays_ms"]
delays.sort()
pct = lambda p: round(delays[min(len(delays) - 1, int(p * len(delays)))], 1) if delays else None
print(" ".join("%s=%s" % kv for kv in total.items()), "deliveries=%d p50_ms=%s p99_ms=%s max_ms=%s"
      % (len(delays), pct(0.5), pct(0.99), pct(1.0) if delays else None))
EOF
}

REPORT=$WORK/report.md
{
  echo "### streams.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) vCPUs shared with the load generator (load average at the start $(cut -d' ' -f1-3 /proc/loadavg)), Temurin 25,"
  echo "\`$BENCH_JAVA_OPTS\`, own Redis $(redis-server --version | awk '{print $3}') on $REDIS_PORT, fd limit $(ulimit -n)."
  echo
} >"$REPORT"

if ((storm)); then
  port=$PORT_BASE
  log "storm: one instance on $port"
  start_instance "$port"
  wait_ready "$port" 400
  APP=$(create_app "http://127.0.0.1:$port" streams-bench)
  tokens "$WORK/tokens" "$SESSIONS" "$port"
  if ((WARMUP > 0)); then   # as the pods a storm lands on would be: their code compiled, their pools open
    log "warming up: $WARMUP streams at 1000/s, held 3 s"
    clients "$WORK/tokens" "$WARMUP" 1000 3
    for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || true; forget_pid "$pid"; done
    rm -f "$WORK"/client-*.json "$WORK"/client-*.progress
  fi
  sleep 2
  heap0=$(heap_live_kib "${PID[$port]}")
  histogram "${PID[$port]}" "$WORK/histogram-before.txt"
  rss0=$(rss_kib "${PID[$port]}")
  cpu0=$(cpu_ticks "${PID[$port]}")
  log "opening $STREAMS streams at $RATE/s over $SESSIONS sessions"
  t0=$(date +%s.%N)
  clients "$WORK/tokens" "$STREAMS" "$RATE" 3600
  wait_opened
  t1=$(date +%s.%N)
  cpu_open=$(cpu_ticks "${PID[$port]}")
  cpu_clients=0
  for pid in "${CLIENT_PIDS[@]}"; do cpu_clients=$((cpu_clients + $(cpu_ticks "$pid"))); done
  opened_line=$(cat "$WORK"/client-*.progress | python3 -c '
import json, sys
ds = [json.loads(l) for l in sys.stdin if l.strip()]
print("opened=%d refused=%d failed=%d seconds=%.2f" % (sum(d["opened"] for d in ds),
      sum(sum(d["refused"].values()) for d in ds), sum(d["failed"] for d in ds), max(d["seconds"] for d in ds)))
print("clients behind their schedule by up to %.2f s; an open answered in %s ms median, %s ms p99 (the worst client'"'"'s)"
      % (max(d.get("send_lag_seconds", 0) for d in ds), max(d["answer_ms"]["p50"] or 0 for d in ds),
         max(d["answer_ms"]["p99"] or 0 for d in ds)))')
  cpu_line=$(python3 -c "w = $t1 - $t0; print('CPU while opening (%.1f s): service %.1f s (%.2f cores), the $CLIENTS client processes %.1f s (%.2f cores)' % (w, ($cpu_open - $cpu0) / 100, ($cpu_open - $cpu0) / 100 / w, $cpu_clients / 100, $cpu_clients / 100 / w))")
  log "$opened_line"
  log "$cpu_line"
  sleep 5
  rss1=$(rss_kib "${PID[$port]}")
  heap1=$(heap_live_kib "${PID[$port]}")
  fd1=$(fds "${PID[$port]}")
  histogram "${PID[$port]}" "$WORK/histogram-open.txt"
  cpu1=$(cpu_ticks "${PID[$port]}")
  log "holding; RSS $((rss0 / 1024)) -> $((rss1 / 1024)) MiB, $fd1 fds"
  sleep "$HOLD"
  cpu2=$(cpu_ticks "${PID[$port]}")
  post "$WORK/tokens" "$MESSAGES"
  sleep 2
  stop_clients
  result=$(summary)
  refused_logged=$(grep -c "ConnectionPoolTooBusy\|Unexpected" "$WORK/instance-$port.log" || true)
  errors_logged=$(grep -c " ERROR " "$WORK/instance-$port.log" || true)
  streams_held=$(python3 -c "import sys; print(max(1, int('$result'.split('opened=')[1].split()[0])))")
  if [[ ${HISTO:-0} == 1 ]]; then
    python3 "$BENCH_DIR/histogram-diff.py" "$WORK/histogram-before.txt" "$WORK/histogram-open.txt" "$streams_held" \
      | tee "$WORK/histogram-diff.txt" >&2
  fi
  {
    echo "**Storm, one instance**: $STREAMS streams requested at $RATE/s by $CLIENTS clients over $SESSIONS sessions:"
    echo "$(head -1 <<<"$opened_line") (time until every open was answered);"
    echo "$(tail -1 <<<"$opened_line")."
    echo "$cpu_line (both share the machine's 2 cores)."
    echo "RSS $((rss0 / 1024)) MiB before, $((rss1 / 1024)) MiB with the streams open:"
    echo "**$(((rss1 - rss0) / streams_held)) KiB per stream** (with the heap grown to hold them); $fd1 file descriptors;"
    echo "live Java heap after a full GC $((heap0 / 1024)) -> $((heap1 / 1024)) MiB: $(((heap1 - heap0) * 1024 / streams_held)) bytes per stream."
    echo "Idle CPU (heartbeats every 15 s) over ${HOLD} s: $(python3 -c "print(round(($cpu2 - $cpu1) / 100 / $HOLD * 1000, 1))") ms a second."
    echo "Then $MESSAGES messages, 20 a second: $result."
    echo "Unexpected-failure log lines during the run: $refused_logged; ERROR lines: $errors_logged."
    echo
  } >>"$REPORT"
  stop_instance "$port" || true
fi

if ((fanout)); then
  ports=($PORT_BASE $((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)))
  {
    echo "**Fan-out, 4 instances**: $FANOUT_STREAMS streams over $FANOUT_SESSIONS sessions (each session's streams on one"
    echo "instance), $MESSAGES messages, 20 a second, each through the instance of its session's streams."
    echo
    echo "| fan-out | Redis bytes out / message | Redis commands / message | payloads received by the instances / message | instances' CPU / message | delivery p50 / p99 | opened / refused |"
    echo "|---|---|---|---|---|---|---|"
  } >>"$REPORT"
  for mode in shared per-conversation; do
    log "fan-out: 4 instances, $mode"
    export CHAT_CONVERSATIONS_FANOUT=$mode
    start_instance "${ports[0]}"
    wait_ready "${ports[0]}" 400
    for p in "${ports[@]:1}"; do start_instance "$p"; done
    for p in "${ports[@]:1}"; do wait_ready "$p" 400; done
    unset CHAT_CONVERSATIONS_FANOUT
    APP=$(create_app "http://127.0.0.1:${ports[0]}" "fanout-$mode")
    tokens "$WORK/tokens" "$FANOUT_SESSIONS" "${ports[@]}"
    clients "$WORK/tokens" "$FANOUT_STREAMS" 1000 3600
    wait_opened
    sleep 3
    bytes0=$(redis_stat total_net_output_bytes) cmds0=$(redis_stat total_commands_processed)
    cpu0=0 recv0=0
    for p in "${ports[@]}"; do cpu0=$((cpu0 + $(cpu_ticks "${PID[$p]}"))); recv0=$((recv0 + $(received "$p"))); done
    post "$WORK/tokens" "$MESSAGES"
    sleep 2
    bytes1=$(redis_stat total_net_output_bytes) cmds1=$(redis_stat total_commands_processed)
    cpu1=0 recv1=0
    for p in "${ports[@]}"; do cpu1=$((cpu1 + $(cpu_ticks "${PID[$p]}"))); recv1=$((recv1 + $(received "$p"))); done
    stop_clients
    result=$(summary)
    echo "| $mode | $(((bytes1 - bytes0) / MESSAGES)) B | $(python3 -c "print(round(($cmds1 - $cmds0) / $MESSAGES, 1))") |" \
      "$(python3 -c "print(round(($recv1 - $recv0) / $MESSAGES, 2))") |" \
      "$(python3 -c "print(round(($cpu1 - $cpu0) * 10 / $MESSAGES, 2))") ms (incl. posting and streams) |" \
      "$(sed -E 's/.*p50_ms=([^ ]+) p99_ms=([^ ]+).*/\1 \/ \2 ms/' <<<"$result") |" \
      "$(sed -E 's/.*opened=([0-9]+) refused=([0-9]+).*/\1 \/ \2/' <<<"$result") |" >>"$REPORT"
    log "$mode: $result"
    for p in "${ports[@]}"; do stop_instance "$p" || true; done
  done
  echo >>"$REPORT"
fi

cat "$REPORT"
if ((record)); then
  python3 "$BENCH_DIR/record.py" "$BENCH_DIR/RESULTS.md" streams "$REPORT" || log "could not record into RESULTS.md"
fi
