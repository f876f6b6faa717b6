#!/usr/bin/env bash
# Message posting (a durable commit per request) against pgbench's single-row insert on the same Postgres, in one
# run: the issue's goal is >= 50 % of pgbench's TPS. At each concurrency both get the same number of clients; each
# message post goes to one of 64 conversations (visitors), as real traffic spreads over many, and each pgbench insert
# is one auto-committed row, sent as a prepared statement (pgbench's fastest protocol; the service prepares its
# statements too).
#
# Both are measured at several concurrencies (default 16, 32 and 64 clients), because neither peaks at the same one:
# pgbench gains from more clients through group commit, and the service batches more posts per commit. The run ends
# with the ratio at each concurrency and the ratio of the two peaks (the best of each), which is the comparison of
# capacities. pgbench's own peak on this machine is at about 64 clients (Postgres allows 100 connections).
#
# The service is warmed up first for WARM_UP seconds (default 60), as the comparison is about the service in its
# steady state: under this load the JIT compiler still took 29 % of the service's CPU 50-70 s after start, and 5 %
# 20 s later (async-profiler, 2026-11-21).
#
#   src/bench/messages-vs-pgbench.sh [seconds per run, default 10] [connection counts, default "16 32 64"]
#
# Besides the ratio it prints where the CPU went in every run (cpu.py): µs of CPU per post of the service, Postgres,
# Redis and wrk, posts per statement, and the same per pgbench insert, so a slow day can be told from a regression.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN=${1:-10}
CONNECTION_COUNTS=${2:-16 32 64}
need_tools wrk pgbench
ensure_jar
ensure_db
make_keys
PORT=18290
base=http://127.0.0.1:$PORT
start_instance $PORT
wait_ready $PORT
app=$(create_app "$base" pgbench-comparison)
tokens=()
for _ in $(seq 1 64); do tokens+=("$(new_token "$base" "$app")"); done
[[ $(messages_endpoint "$base" "${tokens[0]}") == yes ]] || die "POST /v1/sessions/current/messages does not answer"

pg() { psql -h 127.0.0.1 -U postgres -d "$BENCH_DB" -qAt "$@"; }
pg -c "create table if not exists pgbench_messages (id bigserial primary key, conversation_id int not null,
        text text not null, created_at timestamptz not null default now())"
cat >"$WORK/insert.sql" <<'SQL'
\set conversation random(1, 64)
insert into pgbench_messages (conversation_id, text) values (:conversation, 'bench message');
SQL

# Where the CPU went in each run: the service, Postgres (all of its processes), Redis, the load generator, and the
# machine's idle share, per post or insert (src/bench/cpu.py). Postgres and Redis are counted machine-wide, so run
# this on an otherwise quiet machine. Posts per statement come from the service's metric of that name.
SERVICE_PID=${PID[$PORT]}
statements() {
  curl -s "$base/q/metrics" | awk '/^chat_messages_posts_per_statement_(count|sum)/{printf "%s ", $2}'
}
# account NAME UNITS BEFORE AFTER CLIENT_CPU [STATEMENTS_BEFORE STATEMENTS_AFTER]: one line of where the time went
account() {
  python3 - "$@" <<'PY'
import json, sys
name, units, before, after, client = sys.argv[1], float(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5])
d = {k: after[k] - before[k] for k in before}
per = lambda seconds: f"{seconds / units * 1e6:.0f}"
line = (f"{name}: {units:.0f} done; CPU µs each: service {per(d['service'])}, Postgres {per(d['postgres'])}, "
        f"Redis {per(d['redis'])}, load generator {per(client)}; machine idle {d['idle'] / (d['idle'] + d['busy']):.0%}")
if len(sys.argv) > 7:
    (c0, s0), (c1, s1) = (map(float, a.split()) for a in sys.argv[6:8])
    if c1 > c0:
        line += f"; {(s1 - s0) / (c1 - c0):.1f} posts per statement"
print(line)
PY
}
post_messages() {
  local before after statements_before
  statements_before=$(statements); before=$(python3 "$BENCH_DIR/cpu.py" snapshot "$SERVICE_PID")
  CHAT_TOKENS=$(IFS=,; echo "${tokens[*]}") RUN_ID="$(date +%s)-$1" \
    python3 "$BENCH_DIR/cpu.py" run "$WORK/wrk-$1.cpu" -- \
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/message-post-many.lua" \
    "$base/v1/sessions/current/messages" >"$WORK/wrk-$1.txt"
  after=$(python3 "$BENCH_DIR/cpu.py" snapshot "$SERVICE_PID")
  account "posts $1" "$(awk '/requests in/{print $1}' "$WORK/wrk-$1.txt")" "$before" "$after" \
    "$(cat "$WORK/wrk-$1.cpu")" "$statements_before" "$(statements)" >>"$WORK/where.txt"
  awk '/Requests\/sec/{print int($2)}' "$WORK/wrk-$1.txt"
}
insert_rows() {
  local before after
  before=$(python3 "$BENCH_DIR/cpu.py" snapshot "$SERVICE_PID")
  python3 "$BENCH_DIR/cpu.py" run "$WORK/pgbench-$1.cpu" -- \
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" \
    -f "$WORK/insert.sql" "$BENCH_DB" 2>/dev/null >"$WORK/pgbench-$1.txt"
  after=$(python3 "$BENCH_DIR/cpu.py" snapshot "$SERVICE_PID")
  account "pgbench $1" "$(awk -F': ' '/actually processed/{print $2}' "$WORK/pgbench-$1.txt")" "$before" "$after" \
    "$(cat "$WORK/pgbench-$1.cpu")" >>"$WORK/where.txt"
  awk -F'[ =]+' '/^tps/{print int($2)}' "$WORK/pgbench-$1.txt"
}

log "warm-up (${WARM_UP:-60}s)"
CONNECTIONS=16 SECONDS_PER_RUN=${WARM_UP:-60} post_messages warmup >/dev/null
: >"$WORK/where.txt"
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
rows=(); best_pgbench=0; best_posts=0
for CONNECTIONS in $CONNECTION_COUNTS; do
  log "$CONNECTIONS connections: pgbench, messages, pgbench, messages (${SECONDS_PER_RUN}s each)"
  p1=$(insert_rows "$CONNECTIONS-1"); m1=$(post_messages "$CONNECTIONS-1")
  p2=$(insert_rows "$CONNECTIONS-2"); m2=$(post_messages "$CONNECTIONS-2")
  p=$(( (p1 + p2) / 2 )); m=$(( (m1 + m2) / 2 ))
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk-$CONNECTIONS-2.txt")
  rows+=("| $CONNECTIONS | $p1 / $p2 | $m1 / $m2 | $p99 | $(ratio $m $p) |")
  (( p > best_pgbench )) && best_pgbench=$p
  (( m > best_posts )) && best_posts=$m
done
errors=$(grep -h "Non-2xx\|Socket errors" "$WORK"/wrk-*-[12].txt || true)
pg -c "drop table pgbench_messages"

cat <<TABLE
| clients | pgbench single-row insert (TPS, two runs) | message post (req/s, 201, two runs) | post p99 | ratio |
|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

peaks: message post $best_posts req/s / pgbench $best_pgbench TPS = $(ratio $best_posts $best_pgbench) (goal >= 0.50);
$(nproc) cores, $("$BENCH_JAVA" -version 2>&1 | head -1). ${errors:+wrk reported: $errors}

Where the CPU went (per post or insert; Postgres and Redis counted machine-wide):
$(sed 's/^/  /' "$WORK/where.txt")
TABLE
