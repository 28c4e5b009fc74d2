#!/usr/bin/env bash
# Load benchmark of egov-gateway's brokered login and token endpoint (DESIGN.md section 8).
# (Dossiers accepted and delivered, issue 4, have their own script: bench/dossiers.sh.)
#
# Builds the gateway jar and the bench, starts `egov-gateway.jar dev` (gateway + mock VNeID) as a
# separate JVM on free ports, runs the scenarios with their baselines, stops it and prints a table.
# Raw results go to bench/results/<timestamp>/ (git-ignored).
#
#   bench/run.sh              default: 30 s of JIT warm-up, every scenario at CONC (10 s warm-up +
#                             30 s each), then a short concurrency sweep (5 s + 10 s); about 6 minutes
#   bench/run.sh --quick      3 s + 7 s per run, no sweep: a smoke test of the harness
#   bench/run.sh --profile    the three gateway scenarios once more with a JFR recording of the
#                             system under test during each window; writes *.profile.txt summaries,
#                             and the CPU cost of each signature (bench/tools/CryptoCost.java)
#   bench/run.sh --no-build   use the jars already built
#   bench/run.sh --prefill    adds the prefill scenarios (issue 3) to the plan: `prefill` (GET
#                             /api/v1/procedures/{code}/prefill through the gateway) and its baseline
#                             `register-direct` (the same register reads straight at the mock
#                             register over mutual TLS), closed loop at PREFILL_CONC users, then open
#                             loop at each rate of PREFILL_RATES (latency from the intended send time)
#   bench/run.sh --prefill-only   the prefill scenarios alone (with --profile: JFR of them)
#   bench/run.sh --pg         the gateway on PostgreSQL (a fresh schema, dropped afterwards) instead of
#                             dev mode's embedded H2 file: the store production uses
#
# Environment: JIT_WARMUP, WARMUP, DURATION, CONC, SWEEP ("8 64"), SWEEP_WARMUP, SWEEP_DURATION, PLAN (a full
# plan, overrides the above), SUT_JAVA_OPTS (default -Xmx1g), BENCH_JAVA_OPTS, BENCH_ARGS (extra
# options for the generator, e.g. "--threads 2 --quiet-wait 0"), GATEWAY_JAR (measure another build
# of the gateway, e.g. a candidate fix, with --no-build; it runs with this checkout's config/),
# PREFILL_CONC (default CONC), PREFILL_RATES (requests/s, default "1000"; e.g. "500 1000 2000"),
# PREFILL_POOL (citizens with a prefill token, default 256), PREFILL_PROCEDURES (codes, comma-separated;
# default: all of the catalogue, round robin), UPSTREAM_DELAY_MS (puts a proxy adding this delay to every request in front of the mock VNeID,
# as a national IdP across a network would be; the gateway's upstream connection pool then shows),
# with --pg: PG_HOST (127.0.0.1), PG_PORT (5432), PG_DATABASE (test), PG_USER (postgres; trust auth, or
# PGPASSWORD), KEEP_PG_SCHEMA=1 (keep the run's schema).
set -euo pipefail
{ # Read to the closing brace before running, so that editing this file mid-run cannot derail a run.

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD=1
PROFILE=0
QUICK=0
PG=0
PREFILL=0 # 0 none, 1 added to the plan, 2 alone
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --profile) PROFILE=1 ;;
    --quick) QUICK=1 ;;
    --prefill) PREFILL=1 ;;
    --prefill-only) PREFILL=2 ;;
    --pg) PG=1 ;;
    *) echo "usage: $0 [--quick] [--profile] [--no-build] [--prefill | --prefill-only] [--pg]" >&2; exit 2 ;;
  esac
done

CONC=${CONC:-32}
JIT_WARMUP=${JIT_WARMUP:-30}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-30}
SWEEP=${SWEEP:-"8 64"}
SWEEP_WARMUP=${SWEEP_WARMUP:-5}
SWEEP_DURATION=${SWEEP_DURATION:-10}
SUT_JAVA_OPTS=${SUT_JAVA_OPTS:--Xmx1g}
# Lean generator: one event loop, serial GC (no GC threads competing for the two cores).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}
BENCH_ARGS=${BENCH_ARGS:-}
UPSTREAM_DELAY_MS=${UPSTREAM_DELAY_MS:-0}
PREFILL_CONC=${PREFILL_CONC:-$CONC}
PREFILL_RATES=${PREFILL_RATES:-1000}
PREFILL_POOL=${PREFILL_POOL:-256}
PREFILL_PROCEDURES=${PREFILL_PROCEDURES:-}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_DATABASE=${PG_DATABASE:-test}
PG_USER=${PG_USER:-postgres}
KEEP_PG_SCHEMA=${KEEP_PG_SCHEMA:-0}

if [[ $QUICK == 1 ]]; then
  JIT_WARMUP=6; WARMUP=3; DURATION=7; SWEEP=""
fi
if [[ -z "${PLAN:-}" ]]; then
  if [[ $PROFILE == 1 ]]; then
    PLAN="login-returning:$CONC:10:20,login-first-time:$CONC:10:20,refresh:$CONC:10:20"
    FIRST_RATE=${PREFILL_RATES%% *}
    PREFILL_PLAN="prefill:$PREFILL_CONC:10:20,register-direct:$PREFILL_CONC:10:20,prefill:@$FIRST_RATE:10:20"
  else
    PLAN="login-returning:$CONC,mock-code-flow:$CONC,login-first-time:$CONC,refresh:$CONC,jwks:$CONC"
    for c in $SWEEP; do
      PLAN="$PLAN,login-returning:$c:$SWEEP_WARMUP:$SWEEP_DURATION,refresh:$c:$SWEEP_WARMUP:$SWEEP_DURATION"
    done
    # Closed loop: the gateway first, then its baseline, as for the logins. Open loop after the
    # closed-loop maximum, the baseline first: measured right after prefill at the same rate, the
    # generator's register connections had to be made again under load, and the baseline's
    # requests left up to 200 ms late (send lag), which measured the generator, not the register.
    PREFILL_PLAN="prefill:$PREFILL_CONC,register-direct:$PREFILL_CONC"
    for r in $PREFILL_RATES; do PREFILL_PLAN="$PREFILL_PLAN,register-direct:@$r,prefill:@$r"; done
  fi
  case $PREFILL in
    1) PLAN="$PLAN,$PREFILL_PLAN" ;;
    2) PLAN="$PREFILL_PLAN" ;;
  esac
fi
if [[ $PROFILE == 1 ]]; then
  # JFR runs from the server's launch. Started at a window's edge (JFR instruments classes as it
  # starts, and the JIT recompiled through the window), it cut prefill from 2,700/s to 600/s for
  # the whole window, with any settings or stack depth; started at launch, 2,570/s (BENCHMARKS.md,
  # sixth round). Each window still gets its own recording; this one only starts JFR early.
  SUT_JAVA_OPTS="$SUT_JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording:name=bench-launch,settings=profile,maxsize=32m"
  BENCH_ARGS="$BENCH_ARGS --profile"
fi

STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$HERE/results/$STAMP$([[ $PG == 1 ]] && echo -pg || true)$([[ $PROFILE == 1 ]] && echo -profile || true)"
mkdir -p "$OUT"

mvn_package() { # offline first (the usual case here), online when the local repository lacks something
  (cd "$1" && { mvn -B -ntp -o -q package -DskipTests || mvn -B -ntp -q package -DskipTests; })
}
if [[ $BUILD == 1 ]]; then
  echo "building the gateway and the bench ..."
  mvn_package "$ROOT"
  mvn_package "$HERE"
fi
GATEWAY_JAR=${GATEWAY_JAR:-"$ROOT/target/egov-gateway.jar"}
BENCH_JAR="$HERE/target/egov-bench.jar"
for j in "$GATEWAY_JAR" "$BENCH_JAR"; do [[ -f "$j" ]] || { echo "missing $j (build first)" >&2; exit 1; }; done

if [[ $PROFILE == 1 ]]; then
  echo "signature costs on this machine (bench/tools/CryptoCost.java) ..."
  (cd "$ROOT" && java -cp "$GATEWAY_JAR" "$HERE/tools/CryptoCost.java") | tee "$OUT/crypto-cost.txt"
fi

mapfile -t PORTS < <(java -jar "$BENCH_JAR" free-ports 4)
GW_PORT=${PORTS[0]}
IDP_PORT=${PORTS[1]}
REGISTER_PORT=${PORTS[3]}
GW="http://localhost:$GW_PORT"
IDP="http://localhost:$IDP_PORT"
REGISTER="https://localhost:$REGISTER_PORT"
BENCH_ARGS="$BENCH_ARGS --register $REGISTER --certs $ROOT/certs-dev --prefill-pool $PREFILL_POOL"
if [[ -n "$PREFILL_PROCEDURES" ]]; then BENCH_ARGS="$BENCH_ARGS --prefill-procedures $PREFILL_PROCEDURES"; fi
if [[ $UPSTREAM_DELAY_MS != 0 ]]; then
  # A remote national IdP: the mock's URLs all lead through a proxy in the generator that holds
  # each request for UPSTREAM_DELAY_MS (the gateway's upstream calls and the browsers' alike).
  IDP_DIRECT=$IDP
  IDP="http://localhost:${PORTS[2]}"
  BENCH_ARGS="$BENCH_ARGS --proxy-port ${PORTS[2]} --proxy-target $IDP_DIRECT --proxy-delay-ms $UPSTREAM_DELAY_MS"
fi

STORE_ENV=("EGOV_STORE_PATH=$OUT/egov")
STORE="h2"
SCHEMA=""
drop_schema() {
  if [[ -n "$SCHEMA" && $KEEP_PG_SCHEMA != 1 ]]; then
    psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
}
if [[ $PG == 1 ]]; then
  SCHEMA="egov_bench_${STAMP//-/_}_prefill"
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -c "CREATE SCHEMA $SCHEMA" >/dev/null
  STORE="postgresql $PG_USER@$PG_HOST:$PG_PORT/$PG_DATABASE, schema $SCHEMA"
  STORE_ENV=("EGOV_STORE_KIND=postgresql" "EGOV_STORE_HOST=$PG_HOST" "EGOV_STORE_PORT=$PG_PORT" "EGOV_STORE_DATABASE=$PG_DATABASE"
    "EGOV_STORE_USER=$PG_USER" "EGOV_STORE_SCHEMA=$SCHEMA")
fi

echo "starting the dev stack: gateway $GW, mock VNeID $IDP, mock register $REGISTER, store $STORE, java $SUT_JAVA_OPTS"
cd "$ROOT"
START_NS=$(date +%s%N)
EGOV_HTTP_PORT=$GW_PORT EGOV_HTTP_PUBLIC_URL=$GW \
EGOV_UPSTREAM_DISCOVERY_URL="$IDP/.well-known/openid-configuration" \
EGOV_MOCK_VNEID_PORT=$IDP_PORT EGOV_MOCK_VNEID_ISSUER=$IDP \
EGOV_MOCK_REGISTER_PORT=$REGISTER_PORT EGOV_REGISTER_BASE_URL=$REGISTER \
  env "${STORE_ENV[@]}" java $SUT_JAVA_OPTS -jar "$GATEWAY_JAR" dev >"$OUT/sut.log" 2>&1 &
SUT_PID=$!
stop_sut() {
  if kill -0 "$SUT_PID" 2>/dev/null; then
    kill -TERM "$SUT_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SUT_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SUT_PID" 2>/dev/null || true
  fi
}
trap 'stop_sut; drop_schema' EXIT

READY=0
for _ in $(seq 1 3000); do
  if curl -sf -o /dev/null --max-time 1 "$GW/health/live"; then READY=1; break; fi
  kill -0 "$SUT_PID" 2>/dev/null || break
  sleep 0.01
done
READY_NS=$(date +%s%N)
if [[ $READY != 1 ]]; then echo "the dev stack did not come up; see $OUT/sut.log" >&2; tail -20 "$OUT/sut.log" >&2; exit 1; fi
STARTUP_MS=$(( (READY_NS - START_NS) / 1000000 ))
sleep 1
RSS_IDLE=$(awk '/VmRSS/ {print $2}' "/proc/$SUT_PID/status")
echo "up in $STARTUP_MS ms (process start to /health/live answering); RSS when idle $((RSS_IDLE / 1024)) MiB"

echo "plan: $PLAN"
set +e
# shellcheck disable=SC2086
java $BENCH_JAVA_OPTS -jar "$BENCH_JAR" run --gateway "$GW" --vneid "$IDP" --sut-pid "$SUT_PID" \
  --plan "$PLAN" --jit-warmup "$JIT_WARMUP" --warmup "$WARMUP" --duration "$DURATION" --out "$OUT" $BENCH_ARGS
BENCH_STATUS=$?
set -e

RSS_AFTER=$(awk '/VmRSS/ {print $2}' "/proc/$SUT_PID/status")
jcmd "$SUT_PID" GC.heap_info >"$OUT/sut-heap-after.txt" 2>&1 || true
HEAP_USED=$(grep -o 'used [0-9]*K' "$OUT/sut-heap-after.txt" | head -1 | tr -dc 0-9 || true)
# Live objects after a full GC: how much state the run left behind (sessions, grants, refresh tokens ...).
jcmd "$SUT_PID" GC.class_histogram >"$OUT/sut-class-histogram.txt" 2>&1 || true
LIVE_BYTES=$(awk '$1 == "Total" {print $3}' "$OUT/sut-class-histogram.txt")
STORE_ENTRIES=$(awk '$4 ~ /InMemoryEphemeralStore\$Entry$/ {print $2}' "$OUT/sut-class-histogram.txt")
stop_sut
drop_schema
trap - EXIT
BLOCKED=$(grep -c "has been blocked" "$OUT/sut.log" || true)

{
  echo "machine.cpus=$(nproc)"
  echo "machine.cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "machine.memory_mib=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))"
  echo "java.version=$(java -version 2>&1 | head -1 | sed 's/"//g')"
  echo "sut.java_opts=$SUT_JAVA_OPTS"
  echo "sut.store=${STORE%%, schema*}"
  echo "bench.java_opts=$BENCH_JAVA_OPTS $BENCH_ARGS"
  echo "sut.startup_ms=$STARTUP_MS"
  echo "sut.rss_idle_mib=$((RSS_IDLE / 1024))"
  echo "sut.rss_after_run_mib=$((RSS_AFTER / 1024))"
  echo "sut.heap_used_after_run_mib=$(( ${HEAP_USED:-0} / 1024 ))"
  echo "sut.live_heap_after_full_gc_mib=$(( ${LIVE_BYTES:-0} / 1048576 ))"
  echo "sut.ephemeral_store_entries_after_run=${STORE_ENTRIES:-?}"
  echo "sut.blocked_thread_warnings=$BLOCKED"
  echo "plan=$PLAN"
  echo "upstream_delay_ms=$UPSTREAM_DELAY_MS"
  echo "prefill.pool=$PREFILL_POOL"
  echo "prefill.procedures=${PREFILL_PROCEDURES:-all}"
  echo "jit_warmup_seconds=$JIT_WARMUP"
} >"$OUT/run-info.properties"

echo
java -jar "$BENCH_JAR" report "$OUT" | tee "$OUT/report.md"
echo
echo "raw results: $OUT"
if [[ "$BLOCKED" != 0 ]]; then echo "WARNING: $BLOCKED blocked-thread warnings in $OUT/sut.log" >&2; fi
exit $BENCH_STATUS
}
