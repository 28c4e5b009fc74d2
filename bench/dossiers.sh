#!/usr/bin/env bash
# Dossier throughput benchmark of egov-gateway (issue 4): dossiers accepted (POST /api/v1/dossiers)
# and delivered (the forwarder, mutual TLS + JWS, to a mock agency in its own process), on the
# embedded H2 file store and on PostgreSQL, with zero loss and zero duplicates checked at the end
# against the mock agency's record; baseline: the store's own submit transaction in-process.
#
#   bench/dossiers.sh                 50,000 dossiers per store (after 3,000 of JIT warm-up), H2 then PostgreSQL
#   bench/dossiers.sh --smoke         5,000 dossiers (1,000 warm-up): checks the harness
#   bench/dossiers.sh --full          1,059,072 dossiers per store: a quarter of Hà Nội (the goal: under 15 min)
#   bench/dossiers.sh --h2 | --pg     one store only
#   bench/dossiers.sh --profile       a JFR recording of the gateway during the measured run (dossiers-<store>.profile.txt)
#   bench/dossiers.sh --no-baseline   skip the in-process store baseline
#   bench/dossiers.sh --no-build      use the jars already built
#
# Environment: DOSSIERS, WARMUP_DOSSIERS, CONC (submissions in flight, default 32), RATE (dossiers/s:
# paced instead of closed loop, CONC still caps what is in flight), AGENCIES (bench agencies and
# procedures, default 120: the receipt code numbers at most 9,999 dossiers per agency and day),
# SUT_JAVA_OPTS (gateway, default -Xmx1g), AGENCY_JAVA_OPTS (mock agency, default -Xmx1g),
# BENCH_JAVA_OPTS (generator), BENCH_ARGS (extra generator options, e.g. "--poll-seconds 5": how often
# the gateway's delivered counter is read while submitting), STORE_POOL_SIZE (store.pool-size of gateway and baseline, default 8:
# the dev default), GATEWAY_ENV (extra "NAME=value ..." for the gateway, e.g.
# "EGOV_DELIVERY_BATCH_SIZE=256"), PG_HOST (127.0.0.1), PG_PORT (5432), PG_DATABASE (test), PG_USER
# (postgres; trust auth, or PGPASSWORD), KEEP_PG_SCHEMA=1 (keep the run's schemas; dropped by default).
# Results: bench/results/<time>-dossiers/ (report.md, dossiers-<store>.json, baseline-<store>.json, logs).
set -euo pipefail
{ # Read to the closing brace before running, so that editing this file mid-run cannot derail a run.

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BUILD=1
PROFILE=0
BASELINE=1
STORES="h2 pg"
DOSSIERS_DEFAULT=50000
WARMUP_DEFAULT=3000
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --profile) PROFILE=1 ;;
    --no-baseline) BASELINE=0 ;;
    --smoke) DOSSIERS_DEFAULT=5000; WARMUP_DEFAULT=1000 ;;
    --full) DOSSIERS_DEFAULT=1059072; WARMUP_DEFAULT=5000 ;;
    --h2) STORES="h2" ;;
    --pg) STORES="pg" ;;
    *) echo "usage: $0 [--smoke | --full] [--h2 | --pg] [--profile] [--no-baseline] [--no-build]" >&2; exit 2 ;;
  esac
done
DOSSIERS=${DOSSIERS:-$DOSSIERS_DEFAULT}
WARMUP_DOSSIERS=${WARMUP_DOSSIERS:-$WARMUP_DEFAULT}
CONC=${CONC:-32}
RATE=${RATE:-0}
AGENCIES=${AGENCIES:-120}
SUT_JAVA_OPTS=${SUT_JAVA_OPTS:--Xmx1g}
AGENCY_JAVA_OPTS=${AGENCY_JAVA_OPTS:--Xmx1g}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}
BENCH_ARGS=${BENCH_ARGS:-}
STORE_POOL_SIZE=${STORE_POOL_SIZE:-8}
GATEWAY_ENV=${GATEWAY_ENV:-}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_DATABASE=${PG_DATABASE:-test}
PG_USER=${PG_USER:-postgres}
KEEP_PG_SCHEMA=${KEEP_PG_SCHEMA:-0}

PER_AGENCY=$(( (DOSSIERS + WARMUP_DOSSIERS + AGENCIES - 1) / AGENCIES ))
if (( PER_AGENCY > 9999 )); then
  echo "$DOSSIERS + $WARMUP_DOSSIERS dossiers over $AGENCIES agencies is $PER_AGENCY a day per agency: more than the receipt code's 9,999;"\
    "raise AGENCIES" >&2
  exit 2
fi
if [[ $PROFILE == 1 ]]; then SUT_JAVA_OPTS="$SUT_JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256"; fi

STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$HERE/results/$STAMP-dossiers$([[ $PROFILE == 1 ]] && echo -profile || true)"
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

mapfile -t PORTS < <(java -jar "$BENCH_JAR" free-ports 6)
GW_PORT=${PORTS[0]}; IDP_PORT=${PORTS[1]}; REGISTER_PORT=${PORTS[2]}; AGENCY_API_PORT=${PORTS[3]}
AGENCY_PORT=${PORTS[4]}; AGENCY_ADMIN_PORT=${PORTS[5]}
GW="http://localhost:$GW_PORT"
IDP="http://localhost:$IDP_PORT"

# The bench configuration: config/ with AGENCIES copies of procedure 1.005099, each with its own agency.
java -jar "$BENCH_JAR" dossier-config --from "$ROOT/config" --to "$OUT/config" --agencies "$AGENCIES" \
  --agency-url "https://localhost:$AGENCY_PORT"
ln -s "$ROOT/certs-dev" "$OUT/certs-dev"
echo "bench config: $OUT/config ($AGENCIES procedures 1.900001.. and agencies 900.00.30.H26..; at most $PER_AGENCY dossiers per agency)"

SUT_PID=""
AGENCY_PID=""
stop_pid() {
  local pid=$1
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
SCHEMAS=()
cleanup() {
  stop_pid "$SUT_PID"
  stop_pid "$AGENCY_PID"
  if [[ $KEEP_PG_SCHEMA != 1 ]]; then
    for s in "${SCHEMAS[@]:-}"; do
      if [[ -n "$s" ]]; then psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; fi
    done
  fi
}
trap cleanup EXIT

wait_http() { # URL PID WHAT LOG
  for _ in $(seq 1 6000); do
    if curl -sf -o /dev/null --max-time 1 "$1"; then return 0; fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.01
  done
  echo "$3 did not come up; see $4" >&2
  tail -20 "$4" >&2
  exit 1
}

new_schema() { # NAME-SUFFIX: sets SCHEMA (not in a subshell, so that cleanup knows it)
  SCHEMA="egov_bench_${STAMP//-/_}_$1"
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -c "CREATE SCHEMA $SCHEMA" >/dev/null
  SCHEMAS+=("$SCHEMA")
}

{
  echo "machine.cpus=$(nproc)"
  echo "machine.cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "machine.memory_mib=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))"
  echo "java.version=$(java -version 2>&1 | head -1 | sed 's/"//g')"
  echo "gateway.commit=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "sut.java_opts=$SUT_JAVA_OPTS"
  echo "agency.java_opts=$AGENCY_JAVA_OPTS"
  echo "bench.java_opts=$BENCH_JAVA_OPTS $BENCH_ARGS"
  echo "dossiers=$DOSSIERS"
  echo "warmup_dossiers=$WARMUP_DOSSIERS"
  echo "concurrency=$CONC"
  echo "rate=$RATE"
  echo "agencies=$AGENCIES"
  echo "store.pool_size=$STORE_POOL_SIZE"
  echo "gateway.extra_env=$GATEWAY_ENV"
} >"$OUT/run-info.properties"

STATUS=0
for STORE in $STORES; do
  echo
  echo "=== $STORE: $DOSSIERS dossiers after $WARMUP_DOSSIERS of warm-up, $CONC in flight$([[ $RATE != 0 ]] && echo ", paced at $RATE/s" || true)"
  STORE_ENV=("EGOV_STORE_POOL_SIZE=$STORE_POOL_SIZE")
  if [[ $STORE == pg ]]; then
    if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then echo "PostgreSQL does not answer at $PG_HOST:$PG_PORT" >&2; STATUS=1; continue; fi
    new_schema gw
    STORE_ENV+=("EGOV_STORE_KIND=postgresql" "EGOV_STORE_HOST=$PG_HOST" "EGOV_STORE_PORT=$PG_PORT" "EGOV_STORE_DATABASE=$PG_DATABASE"
      "EGOV_STORE_USER=$PG_USER" "EGOV_STORE_SCHEMA=$SCHEMA")
    echo "PostgreSQL $PG_USER@$PG_HOST:$PG_PORT/$PG_DATABASE, fresh schema $SCHEMA"
  else
    STORE_ENV+=("EGOV_STORE_PATH=$OUT/$STORE/egov")
  fi

  # The mock agency, its own JVM: no status progression (it would report every dossier back).
  (cd "$OUT" && exec env EGOV_MOCK_AGENCY_PORT="$AGENCY_PORT" EGOV_MOCK_AGENCY_ADMIN_PORT="$AGENCY_ADMIN_PORT" \
    EGOV_MOCK_AGENCY_GATEWAY_ISSUER="$GW" EGOV_MOCK_AGENCY_GATEWAY_DISCOVERY_URL="$GW/.well-known/openid-configuration" \
    EGOV_MOCK_AGENCY_GATEWAY_AGENCY_API_URL="https://localhost:$AGENCY_API_PORT" EGOV_MOCK_AGENCY_PROGRESSION_ENABLED=false \
    java $AGENCY_JAVA_OPTS -jar "$GATEWAY_JAR" mock-agency --config "$OUT/config/mock-agency.yaml") >"$OUT/agency-$STORE.log" 2>&1 &
  AGENCY_PID=$!

  # The gateway in dev mode (mock VNeID and register embedded), delivering to the mock agency above.
  # Access tokens live an hour (the longest allowed) so that a long run needs no new logins.
  # shellcheck disable=SC2086
  (cd "$OUT" && exec env EGOV_HTTP_PORT="$GW_PORT" EGOV_HTTP_PUBLIC_URL="$GW" \
    EGOV_UPSTREAM_DISCOVERY_URL="$IDP/.well-known/openid-configuration" EGOV_MOCK_VNEID_PORT="$IDP_PORT" EGOV_MOCK_VNEID_ISSUER="$IDP" \
    EGOV_MOCK_REGISTER_PORT="$REGISTER_PORT" EGOV_REGISTER_BASE_URL="https://localhost:$REGISTER_PORT" \
    EGOV_AGENCY_API_PORT="$AGENCY_API_PORT" EGOV_DEV_DEMO_PORTAL_PORT=0 EGOV_DEV_MOCK_AGENCIES=false \
    EGOV_TOKENS_ACCESS_TOKEN_TTL=PT1H "${STORE_ENV[@]}" $GATEWAY_ENV \
    java $SUT_JAVA_OPTS -jar "$GATEWAY_JAR" dev --config "$OUT/config/gateway.yaml") >"$OUT/sut-$STORE.log" 2>&1 &
  SUT_PID=$!

  wait_http "http://127.0.0.1:$AGENCY_ADMIN_PORT/health" "$AGENCY_PID" "the mock agency" "$OUT/agency-$STORE.log"
  START_NS=$(date +%s%N)
  wait_http "$GW/health/live" "$SUT_PID" "the gateway" "$OUT/sut-$STORE.log"
  echo "gateway $GW (pid $SUT_PID, java $SUT_JAVA_OPTS), mock agency https://localhost:$AGENCY_PORT (pid $AGENCY_PID)," \
    "admin http://127.0.0.1:$AGENCY_ADMIN_PORT"

  EXTRA=()
  if [[ $PROFILE == 1 ]]; then EXTRA+=(--profile); fi
  if [[ $RATE != 0 ]]; then EXTRA+=(--rate "$RATE"); fi
  set +e
  # shellcheck disable=SC2086
  java $BENCH_JAVA_OPTS -jar "$BENCH_JAR" dossiers --gateway "$GW" --vneid "$IDP" --agency-admin "http://127.0.0.1:$AGENCY_ADMIN_PORT" \
    --dossiers "$DOSSIERS" --warmup-dossiers "$WARMUP_DOSSIERS" --concurrency "$CONC" --label "$STORE" --out "$OUT" \
    --sut-pid "$SUT_PID" --agency-pid "$AGENCY_PID" "${EXTRA[@]}" $BENCH_ARGS
  RC=$?
  set -e
  if [[ $RC != 0 ]]; then STATUS=1; fi

  {
    echo "$STORE.sut.rss_after_run_mib=$(( $(awk '/VmRSS/ {print $2}' "/proc/$SUT_PID/status" 2>/dev/null || echo 0) / 1024 ))"
    echo "$STORE.agency.rss_after_run_mib=$(( $(awk '/VmRSS/ {print $2}' "/proc/$AGENCY_PID/status" 2>/dev/null || echo 0) / 1024 ))"
  } >>"$OUT/run-info.properties"
  stop_pid "$SUT_PID"; SUT_PID=""
  stop_pid "$AGENCY_PID"; AGENCY_PID=""
  {
    echo "$STORE.sut.blocked_thread_warnings=$(grep -c 'has been blocked' "$OUT/sut-$STORE.log" || true)"
    echo "$STORE.sut.warnings=$(grep -c '"level":"WARN"' "$OUT/sut-$STORE.log" || true)"
    if [[ $STORE == h2 ]]; then echo "h2.file_mib=$(( $(stat -c %s "$OUT/h2/egov.mv.db" 2>/dev/null || echo 0) / 1048576 ))"; fi
  } >>"$OUT/run-info.properties"

  if [[ $BASELINE == 1 && -f "$OUT/dossier-sample-$STORE.json" ]]; then
    if [[ $STORE == pg ]]; then
      new_schema base
      BASE_STORE=(--store pg --host "$PG_HOST" --port "$PG_PORT" --database "$PG_DATABASE" --user "$PG_USER" --schema "$SCHEMA")
    else
      BASE_STORE=(--store h2 --path "$OUT/$STORE-baseline/egov")
    fi
    set +e
    # shellcheck disable=SC2086
    (cd "$ROOT" && java $SUT_JAVA_OPTS -cp "$GATEWAY_JAR:$BENCH_JAR" "$HERE/tools/StoreBaseline.java" "${BASE_STORE[@]}" \
      --dossiers "$DOSSIERS" --warmup "$WARMUP_DOSSIERS" --concurrency "$CONC" --agencies "$AGENCIES" --pool-size "$STORE_POOL_SIZE" \
      --sample "$OUT/dossier-sample-$STORE.json" --out "$OUT/baseline-$STORE.json" 2>&1 | grep -v '^{"' | tee "$OUT/baseline-$STORE.log")
    set -e
  fi
done

echo
java -jar "$BENCH_JAR" report "$OUT" | tee "$OUT/report.md"
echo
echo "raw results: $OUT"
exit $STATUS
}
