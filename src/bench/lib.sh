# Shared by run-all.sh and scale-out.sh (source it, don't run it): tools, the jar, the bench database, a bench-only
# signing key, and starting/stopping instances of the packaged service on loopback.
#
# Environment (all optional):
#   BENCH_JAVA            JVM that runs the service (default Temurin 25)
#   BENCH_DB              Postgres database, created when missing (default chat_bench on 127.0.0.1:5432, user postgres)
#   BENCH_REDIS           Redis URL (default redis://127.0.0.1:6379/5; the scripts never flush anything)
#   BENCH_JAVA_OPTS       JVM options for every instance (default: the pod's heap, -Xmx576m)
#   BENCH_KEEP            set to 1 to keep the work directory (logs, wrk output) after the run

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/../.." && pwd)
BENCH_JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BENCH_DB=${BENCH_DB:-chat_bench}
BENCH_REDIS=${BENCH_REDIS:-redis://127.0.0.1:6379/5}
# Heap as in the pod: k8s/base limits memory to 768 MiB and the image runs -XX:MaxRAMPercentage=75 (576 MiB).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx576m -XX:+ExitOnOutOfMemoryError}
JAR=${BENCH_JAR:-$REPO_DIR/target/quarkus-app/quarkus-run.jar}   # BENCH_JAR: a jar built aside, used as it is
ADMIN_TOKEN=bench-admin-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/chat-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers may run as another user

declare -a BENCH_PIDS=()   # every process we started; cleanup ends exactly these

forget_pid() { local p kept=(); for p in "${BENCH_PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done; BENCH_PIDS=("${kept[@]}"); }
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  ((${#BENCH_PIDS[@]})) && log "stopping ${BENCH_PIDS[*]}"
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# need_tools wrk nginx ... : installs missing Debian packages when root, otherwise explains and exits.
need_tools() {
  local missing=() t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || [[ -x /usr/sbin/$t ]] || missing+=("$t")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  else
    die "missing tools: ${missing[*]}. Install them (Debian: sudo apt-get install -y ${missing[*]}) and run again."
  fi
}
for t in curl python3 psql; do command -v "$t" >/dev/null || die "$t is needed"; done
[[ -x $BENCH_JAVA ]] || die "no JVM at $BENCH_JAVA (set BENCH_JAVA)"

# Builds the jar when it is missing or older than the sources.
ensure_jar() {
  [[ -n ${BENCH_JAR:-} ]] && { [[ -f $JAR ]] || die "no jar at $BENCH_JAR"; return 0; }
  if [[ ! -f $JAR ]] || [[ -n $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -type f -print -quit) ]]; then
    log "building the jar (./mvnw -B -q package -DskipTests)"
    (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests) || die "build failed"
  fi
}

ensure_db() {
  local exists
  exists=$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname = '$BENCH_DB'") \
    || die "Postgres at 127.0.0.1:5432 (user postgres) does not answer"
  if [[ $exists != 1 ]]; then
    log "creating database $BENCH_DB"
    psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $BENCH_DB" || die "could not create $BENCH_DB"
    return 0
  fi
  # A newer build may have migrated the database further than this one knows; Flyway would refuse to start.
  local ours theirs
  ours=$(python3 - "$REPO_DIR"/target/quarkus-app/app/*.jar <<'EOF'
import re, sys, zipfile
versions = [int(m.group(1)) for jar in sys.argv[1:] for name in zipfile.ZipFile(jar).namelist()
            if (m := re.match(r"db/migration/V(\d+)__", name))]
print(max(versions) if versions else "")
EOF
)
  theirs=$(psql -h 127.0.0.1 -U postgres -d "$BENCH_DB" -Atc \
    "select max(version::int) from flyway_schema_history where success" 2>/dev/null || true)
  if [[ -n $ours && -n $theirs && $theirs -gt $ours ]]; then
    die "database $BENCH_DB is migrated to V$theirs, this build only has up to V$ours (a newer build used it).
    Run with BENCH_DB=<another name> (created on first use), or drop $BENCH_DB if nobody else uses it."
  fi
}

# A fresh EC P-256 (ES256) JWK Set for this run only: openssl makes the key, python's standard library writes the JWK.
make_keys() {
  openssl ecparam -name prime256v1 -genkey -noout -outform DER -out "$WORK/bench-key.der" 2>/dev/null \
    || die "openssl could not generate a P-256 key"
  CHAT_TOKEN_KEYS=$(python3 - "$WORK/bench-key.der" <<'EOF'
import base64, json, sys
der = open(sys.argv[1], "rb").read()   # SEC1 ECPrivateKey: d at a fixed offset, uncompressed point at the end
assert len(der) == 121 and der[5:7] == b"\x04\x20" and der[-65] == 4, "unexpected key encoding"
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
d, x, y = der[7:39], der[-64:-32], der[-32:]
print(json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "kid": "bench-es256", "alg": "ES256", "use": "sig",
                            "x": b64(x), "y": b64(y), "d": b64(d)}]}))
EOF
) || die "could not write the JWK Set"
  rm -f "$WORK/bench-key.der"
  CHAT_TOKEN_ACTIVE_KID=bench-es256
}

# start_instance PORT: sets PID[PORT]; the log goes to $WORK/instance-PORT.log (appended across restarts).
declare -A PID=()
start_instance() {
  local port=$1
  QUARKUS_HTTP_PORT=$port \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$BENCH_DB \
  QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_REDIS_HOSTS=$BENCH_REDIS \
  CHAT_ADMIN_TOKEN=$ADMIN_TOKEN \
  CHAT_TOKEN_KEYS=$CHAT_TOKEN_KEYS \
  CHAT_TOKEN_ACTIVE_KID=$CHAT_TOKEN_ACTIVE_KID \
  CHAT_SESSIONS_CREATION_LIMIT=${CHAT_SESSIONS_CREATION_LIMIT:-100000000} \
  CHAT_CONVERSATIONS_SESSION_POST_LIMIT=${CHAT_CONVERSATIONS_SESSION_POST_LIMIT:-100000000} \
  CHAT_CONVERSATIONS_ADDRESS_POST_LIMIT=${CHAT_CONVERSATIONS_ADDRESS_POST_LIMIT:-100000000} \
    "$BENCH_JAVA" $BENCH_JAVA_OPTS -jar "$JAR" >>"$WORK/instance-$port.log" 2>&1 &
  PID[$port]=$!
  BENCH_PIDS+=($!)
}

# wait_ready PORT [timeout s]: until /q/health/ready answers 200; fails when the process dies first.
wait_ready() {
  local port=$1 pid=${PID[$1]} limit=${2:-120} start=$SECONDS
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready") == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/instance-$port.log" >&2; die "instance on $port exited during start"; }
    ((SECONDS - start < limit)) || die "instance on $port not ready after ${limit}s"
    sleep 0.2
  done
}

# stop_instance PORT [timeout s]: SIGTERM, then waits for the exit; returns the exit status.
stop_instance() {
  local port=$1 pid=${PID[$1]} limit=${2:-60} start=$SECONDS rc=0
  kill -TERM "$pid"
  wait_exit "$port" "$limit" || rc=$?
  return $rc
}

# wait_exit PORT [timeout s]: waits for the instance on PORT (already signalled) to exit; returns its exit status.
wait_exit() {
  local port=$1 pid=${PID[$1]} limit=${2:-60} start=$SECONDS rc=0
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS - start < limit)) || die "pid $pid (port $port) still running ${limit}s after SIGTERM"
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || rc=$?
  forget_pid "$pid"
  return $rc
}

# service_cpu PID: the CPU seconds the instance's own threads have used so far (cpu.py).
service_cpu() { python3 "$BENCH_DIR/cpu.py" snapshot "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["service"])'; }

rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }

# json FIELD-PATH < json : prints a field (dotted path) of a JSON document.
json() { python3 -c 'import json,sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."): v = v[k]
print(v)' "$1"; }

# Creates an app through the operator API of the instance at BASE; prints the appId.
create_app() {
  local base=$1 name=$2
  curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"allowedOrigins\":[]}" "$base/v1/admin/apps" | json appId
}

# A new anonymous session's chat token.
new_token() {
  curl -sf -H 'Content-Type: application/json' -d '{}' "$1/v1/apps/$2/sessions" | json token
}

# Whether POST /v1/sessions/current/messages exists: "yes" or "no (HTTP nnn)".
messages_endpoint() {
  local base=$1 token=$2 code
  code=$(curl -s -o "$WORK/probe-messages.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"clientMessageId\":\"probe-$RANDOM$RANDOM\",\"text\":\"probe\"}" \
    "$base/v1/sessions/current/messages")
  case $code in 200 | 201) echo yes ;; *) echo "no (HTTP $code)" ;; esac
}
