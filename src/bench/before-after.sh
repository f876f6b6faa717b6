#!/usr/bin/env bash
# Two builds of the service measured in one run, for a change that must not cost speed (issue 16's refactoring) or
# must win it (issue 18): session resume and creation against the bare endpoint (session-speed.sh, HS256 key),
# builds A, B, A so that the machine's drift over the run shows, then message posting against pgbench
# (messages-vs-pgbench.sh) for A and B. Builds are fast-jar directories (target/quarkus-app of each checkout,
# copied aside). Prints one line per session run and each posting table with its CPU accounting.
#
# Usage: src/bench/before-after.sh A_APP_DIR B_APP_DIR [clients for posting, default "32 64"]
# Environment: ROUNDS (session-speed rounds, default 4), SECONDS_PER_RUN (posting, default 8), WARM_UP (posting,
# default 30), plus those of the two scripts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
clients=${3:-32 64}
echo "A = $a"
echo "B = $b"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for build in A B A; do
  dir=$a
  [[ $build == B ]] && dir=$b
  APP_DIR=$dir KID=test-hs256-2026 ROUNDS=${ROUNDS:-4} "$here/session-speed.sh" "$build" | tail -n 1
done
for build in A B; do
  dir=$a
  [[ $build == B ]] && dir=$b
  echo
  echo "message posting, build $build"
  BENCH_JAR=$dir/quarkus-run.jar WARM_UP=${WARM_UP:-30} "$here/messages-vs-pgbench.sh" "${SECONDS_PER_RUN:-8}" "$clients" \
    2>/dev/null
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
