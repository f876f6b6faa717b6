#!/usr/bin/env bash
# The widget's speed (issue 15), in headless Chromium on loopback: bytes of JavaScript and CSS fetched before the
# launcher shows (gzipped), and for a returning visitor (token stored, 20 messages, chat left open) the time from the
# loader's arrival to the conversation on screen, over LOADS page loads with a warm and with an empty HTTP cache, with
# the sequential round trips to the service on the way. Method: WidgetSpeedBenchmark.java (javadoc) in
# src/test/java/io/chatcontinuity/widget/browser; numbers: RESULTS.md ("Widget speed").
#
# It runs that class through Maven against the service in Quarkus's test mode, so it needs what the tests need: the
# machine's Postgres and Redis (the test profile's database and index, or _TEST_QUARKUS_DATASOURCE_REACTIVE_URL and
# _TEST_QUARKUS_REDIS_HOSTS) and Debian's chromium. The report is printed and kept in target/widget-speed.txt.
#
# Usage: src/bench/widget-speed.sh [loads per cache state, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
loads=${1:-20}
log=$(mktemp /tmp/widget-speed.XXXXXX.log)
if ! ./mvnw -o -B test -Dtest=WidgetSpeedBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.loads="$loads" \
    >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  echo "the benchmark failed; full log in $log" >&2
  exit 1
fi
rm -f "$log"
echo "Run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
cat target/widget-speed.txt
