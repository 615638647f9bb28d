#!/usr/bin/env bash
# One command for the load tests (issue 9):
#   loadtest/run.sh [SoldOutHammer|ExamDaySpike|CallbackStorm|LoginStorm|HotHolds|OpeningMinute|all]
#   (default: SoldOutHammer)
# Builds the service jar if needed, starts it (on NCRE_PG_URL / NCRE_REDIS_URL when given, each with a database of
# its own: `loadtest` in PostgreSQL, re-created per run, and Redis database 9, flushed per run; else the embedded
# servers), seeds through POST /dev/loadtest/seed, runs the bare baseline and the simulation(s), runs the invariant
# check, prints the figures and where the HTML reports are, and kills everything it started on every exit path.
# HotHolds drives the hot hold with wrk (loadtest/wrk/hold.lua) instead of Gatling.
# LT_PROFILE=1 profiles the service (async-profiler, from its Maven artifact, attached with jcmd) during the measured
# phase of each simulation: flame-<tag>.html and the top frames (profile-<tag>.top.txt) land in the run's folder.
# Exits non-zero when a Gatling assertion, a wrk check or an invariant fails. Knobs: see loadtest/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SIM=${1:-SoldOutHammer}
case "$SIM" in
  all) SIMS=(SoldOutHammer ExamDaySpike CallbackStorm LoginStorm HotHolds OpeningMinute) ;;
  SoldOutHammer|ExamDaySpike|CallbackStorm|LoginStorm|HotHolds|OpeningMinute) SIMS=("$SIM") ;;
  *) echo "usage: $0 [SoldOutHammer|ExamDaySpike|CallbackStorm|LoginStorm|HotHolds|OpeningMinute|all]" >&2; exit 2 ;;
esac

PORT=${LT_PORT:-8089}
BARE_PORT=${LT_BARE_PORT:-8099}
PASSWORD=${LT_PASSWORD:-Load#Test-2026}
LT_DB=${LT_DB:-loadtest}
LT_REDIS_DB=${LT_REDIS_DB:-9}
RUN=$HERE/target/runs/$(date -u +%Y%m%dT%H%M%SZ)
SEED_DIR=$RUN/seed
mkdir -p "$SEED_DIR"
SEED_TOKEN=lt-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# the national admin's password in this run (OpeningMinute switches a waiting room on through the staff API)
ADMIN_PASSWORD=Lt-Admin#$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
BASE=http://127.0.0.1:$PORT
BARE=http://127.0.0.1:$BARE_PORT

PIDS=()
GROUPS_=()
cleanup() {
  local rc=$?
  for pg in "${GROUPS_[@]}"; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

log() { echo "[loadtest $(date -u +%H:%M:%S)] $*"; }

# --- servers: local ones from the environment, each with a load-test database of its own, or the embedded default
if [[ -n "${NCRE_PG_URL:-}" ]]; then
  PG_SERVER=${NCRE_PG_URL%%\?*}
  # the server part: the URL without its database name, if it names one
  if [[ "$PG_SERVER" =~ ^(postgres(ql)?://[^/]+)(/.*)?$ ]]; then PG_SERVER=${BASH_REMATCH[1]}; fi
  PG_URL=$PG_SERVER/$LT_DB
  log "PostgreSQL: re-creating database $LT_DB on ${PG_SERVER##*@}"
  psql -q -v ON_ERROR_STOP=1 "$PG_SERVER/postgres" -c "drop database if exists $LT_DB with (force)" \
    -c "create database $LT_DB" >/dev/null
  EMBEDDED_PG=
else
  EMBEDDED_PG_PORT=${LT_EMBEDDED_PG_PORT:-15432}
  PG_URL=postgresql://postgres@127.0.0.1:$EMBEDDED_PG_PORT/ncre
  EMBEDDED_PG=1
fi
if [[ -n "${NCRE_REDIS_URL:-}" ]]; then
  REDIS_SERVER=$NCRE_REDIS_URL
  [[ "$REDIS_SERVER" =~ ^(redis://[^/]+)(/[0-9]+)?/?$ ]] && REDIS_SERVER=${BASH_REMATCH[1]}
  REDIS_URL=$REDIS_SERVER/$LT_REDIS_DB
  log "Redis: flushing database $LT_REDIS_DB only"
  redis-cli -u "$REDIS_URL" flushdb >/dev/null
  EMBEDDED_REDIS=
else
  EMBEDDED_REDIS_PORT=${LT_EMBEDDED_REDIS_PORT:-16379}
  REDIS_URL=redis://127.0.0.1:$EMBEDDED_REDIS_PORT
  EMBEDDED_REDIS=1
fi

# --- build: the service jar when missing or older than its sources; the load-test project every time (quick)
JAR=$ROOT/target/ncre-bm.jar
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/conf" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  log "building the service jar"
  (cd "$ROOT" && mvn -q -B package -DskipTests)
fi
rm -rf "$HERE/target/gatling"
log "building the load-test project"
mvn -q -B -f "$HERE/pom.xml" test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=runtime >/dev/null

# --- the profiler (LT_PROFILE=1): async-profiler's native agent from its Maven artifact, loaded into the running
# service with jcmd only for the measured phase (no agent on the command line: the start-up is not profiled)
PROFILE=${LT_PROFILE:-0}
PROFILER_VERSION=${LT_PROFILER_VERSION:-4.2}
if [[ "$PROFILE" == 1 ]]; then
  case "$(uname -m)" in x86_64) ap_arch=linux-x64 ;; aarch64) ap_arch=linux-arm64 ;; *) echo "no async-profiler for $(uname -m)" >&2; exit 2 ;; esac
  mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION \
    -DoutputDirectory="$HERE/target/profiler" >/dev/null
  (cd "$HERE/target/profiler" && unzip -qo "async-profiler-$PROFILER_VERSION.jar" "$ap_arch/libasyncProfiler.so")
  PROFILER_LIB=$HERE/target/profiler/$ap_arch/libasyncProfiler.so
  command -v jcmd >/dev/null || { echo "LT_PROFILE=1 needs jcmd (a JDK, not a JRE)" >&2; exit 2; }
fi
profiler() { # async-profiler options: one action for the agent in the service, quoted for jcmd's own parser
  local out
  out=$(jcmd "$SERVICE_PID" JVMTI.agent_load "$PROFILER_LIB" "\"$1\"" 2>&1)
  if ! grep -q "return code: 0" <<<"$out"; then log "profiler ($1) failed: $out"; return 1; fi
}
profile_start() { # tag: starts CPU sampling (Java and native frames) in the service
  [[ "$PROFILE" == 1 ]] || return 0
  profiler "start,event=cpu,interval=${LT_PROFILE_INTERVAL:-1ms}"
  log "profiling the service ($1)"
}
profile_stop() { # tag: writes flame-<tag>.html, profile-<tag>.collapsed and the top self frames, profile-<tag>.top.txt
  [[ "$PROFILE" == 1 ]] || return 0
  local tag=$1
  # the samples as collapsed stacks (dump keeps sampling), then as a flame graph when it stops
  profiler "dump,collapsed,file=$RUN/profile-$tag.collapsed"
  profiler "stop,flamegraph,title=ncre-bm-$tag,file=$RUN/flame-$tag.html"
  python3 "$HERE/topframes.py" "$RUN/profile-$tag.collapsed" >"$RUN/profile-$tag.top.txt" || true
  log "profile ($tag): $RUN/flame-$tag.html; top frames:"
  head -16 "$RUN/profile-$tag.top.txt" | sed 's/^/    /'
}

# --- the service
# a copy under a name of its own: processes of other work on the machine that stop "ncre-bm.jar" by name leave it be
cp "$JAR" "$RUN/lt-service.jar"
log "starting the service on $BASE (logs: $RUN/service.log)"
(
  cd "$RUN"
  export NCRE_PROFILE=test NCRE_HTTP_HOST=127.0.0.1 NCRE_HTTP_PORT=$PORT NCRE_DATA_DIR=$RUN/data \
    NCRE_LOADTEST_SEED_TOKEN=$SEED_TOKEN NCRE_LOG_FORMAT=text NCRE_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    NCRE_LIMITS_LOGIN_PER_IP_HOUR=10000000 NCRE_LIMITS_CODE_PER_IP_HOUR=10000000 \
    NCRE_SIM_POLL_MS=${LT_SIM_POLL_MS:-100} NCRE_HTTP_DRAIN_SECONDS=0
  if [[ -n "$EMBEDDED_PG" ]]; then export NCRE_PG_URL= NCRE_PG_EMBEDDED_PORT=$EMBEDDED_PG_PORT; else export NCRE_PG_URL=$PG_URL; fi
  if [[ -n "$EMBEDDED_REDIS" ]]; then export NCRE_REDIS_URL= NCRE_REDIS_EMBEDDED_PORT=$EMBEDDED_REDIS_PORT; else export NCRE_REDIS_URL=$REDIS_URL; fi
  exec java ${LT_SERVICE_JVM_OPTS:--Xms512m -Xmx2g} -jar "$RUN/lt-service.jar" >"$RUN/service.log" 2>&1
) &
PIDS+=($!)
SERVICE_PID=$!
for i in $(seq 1 240); do
  if curl -fs "$BASE/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then log "the service died: see $RUN/service.log"; tail -20 "$RUN/service.log"; exit 1; fi
  sleep 0.5
done
curl -fs "$BASE/health/ready" >/dev/null || { log "the service never became ready"; exit 1; }
log "service ready"

# --- the bare baseline server (same Vert.x, same clients, same Lua script, same statements)
log "starting the bare baseline on $BARE"
java -Xmx1g -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" org.ncrebm.loadtest.BareServer \
  "$BARE_PORT" "$PG_URL" "$REDIS_URL" "$ROOT/src/main/resources/lua/seat_hold.lua" "${LT_HOT_CAPACITY:-150}" \
  >"$RUN/bare.log" 2>&1 &
PIDS+=($!)
BARE_PID=$!
for i in $(seq 1 120); do curl -fs -X POST "$BARE/bare/ping" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs -X POST "$BARE/bare/ping" >/dev/null || { log "the bare baseline never started"; cat "$RUN/bare.log"; exit 1; }

# --- heap high-water mark and Redis memory, sampled while everything runs
heap_used() {
  curl -fs "$BASE/metrics" 2>/dev/null | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%d\n", s}'
}
( while true; do echo "$(date +%s) $(heap_used)"; sleep 1; done ) >"$RUN/heap.txt" 2>/dev/null &
PIDS+=($!)
redis_used() { redis-cli -u "$REDIS_URL" info memory | awk -F: '/^used_memory:/ {print $2+0}'; }
sessions_count() { redis-cli -u "$REDIS_URL" --scan --pattern 'sess:*' | wc -l; }

seed() { # name, JSON body
  curl -fsS -X POST "$BASE/dev/loadtest/seed" -H "X-Seed-Token: $SEED_TOKEN" -H 'Content-Type: application/json' \
    -d "$2" -o "$SEED_DIR/$1.json"
  log "seeded $1: $(jq '.accounts | length' "$SEED_DIR/$1.json") accounts, exam session $(jq '.examSessionId' "$SEED_DIR/$1.json")"
}

gatling() { # simulation class, report tag, then -D options; the HTML report lands in $RUN/gatling/<tag>
  local sim=$1 tag=$2; shift 2
  log "Gatling: $sim ($tag)"
  mkdir -p "$RUN/gatling"
  local rc=0
  # its own process group (setsid), so an interrupted run also ends the JVM Gatling forks
  setsid mvn -B -q -f "$HERE/pom.xml" gatling:test -Dgatling.simulationClass=org.ncrebm.loadtest.$sim \
    -Dlt.baseUrl="$BASE" -Dlt.bareUrl="$BARE" -Dlt.seedDir="$SEED_DIR" \
    -Dlt.password="$PASSWORD" "$@" >"$RUN/gatling-$tag.log" 2>&1 &
  local pid=$!
  GROUPS_+=("$pid")
  wait "$pid" || rc=$?
  local report
  report=$(ls -td "$HERE/target/gatling/${sim,,}"-*/ 2>/dev/null | head -1)
  if [[ -n "$report" ]]; then mv "$report" "$RUN/gatling/$tag"; fi
  grep -E "^(Global|Details)|: (true|false) \(actual" "$RUN/gatling-$tag.log" | sed 's/^/    /' || true
  return $rc
}

# HotHolds: one wrk run, in its own process group like Gatling (the EXIT trap ends it); its hold.lua prints
# "FIG name=value" lines, which go to figures.env. Arguments: tag, base URL, then hold.lua's arguments.
WRK_THREADS=${LT_WRK_THREADS:-2}; WRK_CONNECTIONS=${LT_WRK_CONNECTIONS:-64}; WRK_SECONDS=${LT_WRK_SECONDS:-5}
WARMUP_SECONDS=${LT_WARMUP_SECONDS:-5}
# CPU time (user + system, clock ticks) of one process, and of the whole machine (every CPU's busy ticks): read around
# each wrk run, they give the server's own CPU per answer and the machine's, figures less noisy than a rate (issue 15)
proc_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
wrk_run() {
  local tag=$1 url=$2; shift 2
  log "wrk: $tag ($WRK_THREADS threads, $WRK_CONNECTIONS connections, $WRK_SECONDS s)"
  local rc=0 server_pid=$SERVICE_PID
  [[ "$url" == "$BARE" ]] && server_pid=$BARE_PID
  local p0 m0; p0=$(proc_ticks "$server_pid"); m0=$(machine_ticks)
  setsid wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "${WRK_SECONDS}s" --timeout 10s --latency \
    -s "$HERE/wrk/hold.lua" "$url" -- "$@" >"$RUN/wrk-$tag.log" 2>&1 &
  local pid=$!
  GROUPS_+=("$pid")
  wait "$pid" || rc=$?
  local p1 m1; p1=$(proc_ticks "$server_pid"); m1=$(machine_ticks)
  sed -n 's/^FIG //p' "$RUN/wrk-$tag.log" >>"$RUN/figures.env"
  # the prefix hold.lua gave its figures (its second argument), and the clock ticks per second
  echo "$2_server_cpu_s=$(awk -v a="$p0" -v b="$p1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (b - a) / hz}')" \
    >>"$RUN/figures.env"
  echo "$2_machine_cpu_s=$(awk -v a="$m0" -v b="$m1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (b - a) / hz}')" \
    >>"$RUN/figures.env"
  grep -E "Latency |requests in|Socket errors|Non-2xx|Requests/sec|UNEXPECTED|PANIC|error" "$RUN/wrk-$tag.log" \
    | sed 's/^ */    /' || true
  if (( rc != 0 )); then log "wrk ($tag) exited with $rc: see $RUN/wrk-$tag.log"; fi
  return $rc
}
figure() { # a value from figures.env (the last one written), 0 if absent
  awk -F= -v k="$1" '$1 == k {v = $2} END {print (v == "" ? 0 : v)}' "$RUN/figures.env"
}

metric_sum() { # Prometheus name prefix and label filter regex
  curl -fs "$BASE/metrics" | awk -v n="$1" -v f="${2:-}" 'index($0, n) == 1 && $0 ~ f {s += $NF} END {printf "%d\n", s}'
}

FAILED=0
HOLD_RATE=${LT_HOLD_RATE:-300}; HOLD_SECONDS=${LT_HOLD_SECONDS:-5}
STORM_RATE=${LT_STORM_RATE:-50}; STORM_SECONDS=${LT_STORM_SECONDS:-15}; COPIES=${LT_COPIES:-5}
LOGIN_RATE=${LT_LOGIN_RATE:-20}; LOGIN_SECONDS=${LT_LOGIN_SECONDS:-20}
SPIKE_RATE=${LT_SPIKE_RATE:-15}
: >"$RUN/figures.env"
fig() { echo "$1=$2" >>"$RUN/figures.env"; }

alive() {
  if ! kill -0 "$SERVICE_PID" 2>/dev/null || ! curl -fs "$BASE/health/live" >/dev/null; then
    log "the service is gone (see the end of $RUN/service.log)"; tail -5 "$RUN/service.log"; exit 1
  fi
}

for sim in "${SIMS[@]}"; do
  alive
  case "$sim" in
    SoldOutHammer)
      candidates=${LT_CANDIDATES:-1800}
      before=$(redis_used); sb=$(sessions_count)
      seed hammer "{\"catalog\":true,\"hotCapacity\":${LT_HOT_CAPACITY:-150},\"accounts\":$candidates,\"offset\":1,\"password\":\"$PASSWORD\",\"sessions\":true}"
      after=$(redis_used); sa=$(sessions_count)
      fig redis_bytes_per_session $(( (after - before) / (sa - sb) ))
      fig redis_sessions_measured $(( sa - sb ))
      gatling HammerPrepare hammer-prepare -Dlt.prepareRate="${LT_PREPARE_RATE:-60}" || FAILED=1
      drafts=$(( $(wc -l <"$SEED_DIR/hammer-drafts.csv") - 1 ))
      holds=$(( HOLD_RATE * HOLD_SECONDS ))
      if (( holds > drafts )); then HOLD_SECONDS=$(( drafts / HOLD_RATE )); log "only $drafts drafts: hammering for $HOLD_SECONDS s"; fi
      if (( HOLD_SECONDS < 1 )); then log "too few drafts ($drafts) to hammer"; exit 1; fi
      gatling BareBaseline bare-redis-hold -Dlt.bareRoutes="redis/hold:$HOLD_RATE:$HOLD_SECONDS" || FAILED=1
      gatling BareBaseline bare-pg-insert -Dlt.bareRoutes="pg/insert:$HOLD_RATE:$HOLD_SECONDS" || FAILED=1
      alive
      profile_start hammer
      gatling SoldOutHammer hammer -Dlt.holdRate="$HOLD_RATE" -Dlt.holdSeconds="$HOLD_SECONDS" || FAILED=1
      profile_stop hammer
      hot=$(jq .hotCenterId "$SEED_DIR/hammer.json")
      read -r wins span < <(psql -qAt -F' ' "$PG_URL" -c "select count(*), coalesce(round(extract(epoch from
        max(held_at) - min(held_at))::numeric, 3), 0) from registration_subject where center_id = $hot and subject_code = '61'")
      fig hammer_wins "$wins"; fig hammer_win_span_seconds "$span"; fig hammer_hold_seconds "$HOLD_SECONDS"
      fig hammer_hold_rate "$HOLD_RATE"
      ;;
    ExamDaySpike)
      seed examday "{\"catalog\":true,\"accounts\":${LT_EXAMDAY_CANDIDATES:-300},\"offset\":100001,\"password\":\"$PASSWORD\",\"sessions\":true}"
      gatling ExamDaySpike examday -Dlt.spikeRate="$SPIKE_RATE" || FAILED=1
      ;;
    CallbackStorm)
      seed callbacks "{\"catalog\":true,\"accounts\":${LT_CALLBACK_CANDIDATES:-150},\"offset\":200001,\"password\":\"$PASSWORD\",\"sessions\":true}"
      gatling BareBaseline bare-pg-update -Dlt.bareRoutes="pg/update:$(( STORM_RATE * COPIES )):$STORM_SECONDS" || FAILED=1
      alive
      c0=$(metric_sum ncre_callbacks_total); t0=$(date +%s.%N)
      gatling CallbackStorm callbacks -Dlt.payRate="${LT_PAY_RATE:-15}" -Dlt.stormRate="$STORM_RATE" -Dlt.stormSeconds="$STORM_SECONDS" -Dlt.copies="$COPIES" || FAILED=1
      # let the simulator's queue drain, then count what the merchant side received
      for i in $(seq 1 120); do
        left=$(psql -qAt "$PG_URL" -c "select count(*) from sim_notify where delivered_at is null and gave_up_at is null and not held")
        [[ "$left" == 0 ]] && break; sleep 0.5
      done
      c1=$(metric_sum ncre_callbacks_total)
      psql -qAt "$PG_URL" -c "select count(*), round(extract(epoch from max(delivered_at) - min(delivered_at))::numeric, 3)
        from sim_notify where delivered_at >= to_timestamp($t0)" | tr '|' ' ' >"$RUN/callbacks.txt"
      fig callbacks_counted "$(( c1 - c0 ))"
      fig callbacks_delivered "$(cut -d' ' -f1 "$RUN/callbacks.txt")"
      fig callbacks_span_seconds "$(cut -d' ' -f2 "$RUN/callbacks.txt")"
      ;;
    LoginStorm)
      seed logins "{\"catalog\":true,\"accounts\":${LT_LOGIN_ACCOUNTS:-3000},\"offset\":300001,\"password\":\"$PASSWORD\",\"sessions\":false}"
      seed bystanders "{\"accounts\":50,\"offset\":400001,\"password\":\"$PASSWORD\",\"sessions\":true}"
      gatling BareBaseline bare-argon2 -Dlt.bareRoutes="argon2:$LOGIN_RATE:$LOGIN_SECONDS" || FAILED=1
      alive
      s0=$(sessions_count)
      gatling LoginStorm logins -Dlt.bystanderRate="${LT_BYSTANDER_RATE:-10}" -Dlt.loginRate="$LOGIN_RATE" -Dlt.loginSeconds="$LOGIN_SECONDS" || FAILED=1
      s1=$(sessions_count)
      fig logins_succeeded "$(( s1 - s0 ))"
      fig login_seconds "$LOGIN_SECONDS"
      ;;
    HotHolds)
      command -v wrk >/dev/null || { log "HotHolds needs wrk (apt-get install wrk)"; exit 1; }
      seed hotholds "{\"catalog\":true,\"hotCapacity\":${LT_HOT_CAPACITY:-150},\"accounts\":${LT_WRK_CANDIDATES:-6000},\"offset\":500001,\"password\":\"$PASSWORD\",\"sessions\":true}"
      # every candidate opens its draft at the hot center through the API (PrepareDrafts: what HammerPrepare does)
      drafts_tsv=$SEED_DIR/hotholds-drafts.tsv
      log "preparing the drafts (PrepareDrafts, ${LT_PREPARE_CONCURRENCY:-16} in flight; log: $RUN/prepare-hotholds.log)"
      setsid java -Xmx512m -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" \
        org.ncrebm.loadtest.PrepareDrafts "$BASE" "$SEED_DIR/hotholds.json" "$drafts_tsv" \
        "${LT_PREPARE_CONCURRENCY:-16}" >"$RUN/prepare-hotholds.log" 2>&1 &
      prep=$!
      GROUPS_+=("$prep")
      prc=0; wait "$prep" || prc=$?
      grep -E "^(prepared|dropped|candidate)" "$RUN/prepare-hotholds.log" | sed 's/^/    /' || true
      if (( prc != 0 )) || [[ ! -s "$drafts_tsv" ]]; then log "no drafts prepared: see $RUN/prepare-hotholds.log"; exit 1; fi
      drafts=$(wc -l <"$drafts_tsv")
      fig hot_drafts "$drafts"
      if (( drafts < ${LT_WRK_CANDIDATES:-6000} )); then
        log "only $drafts drafts of ${LT_WRK_CANDIDATES:-6000} (see $RUN/prepare-hotholds.log)"
        # as HammerPrepare's assertion: at most LT_MAX_FAILED_PERCENT (1) % of the candidates lost
        if (( (${LT_WRK_CANDIDATES:-6000} - drafts) * 100 > ${LT_WRK_CANDIDATES:-6000} * ${LT_MAX_FAILED_PERCENT:-1} )); then FAILED=1; fi
      fi
      # sold-out hammer (few seats): the bare Redis script is the baseline; every hold a winner (LT_HOT_CAPACITY at
      # least LT_WRK_CANDIDATES): the bare Postgres seat insert is
      if (( ${LT_HOT_CAPACITY:-150} >= ${LT_WRK_CANDIDATES:-6000} )); then bare_route=/bare/pg/insert; else bare_route=/bare/redis/hold; fi
      # LT_BARE_PINNED=1: the sold-out baseline sends its script on one connection held by its event loop
      # (/bare/redis/hold-pinned), as the service's event loops do, instead of through the pool
      if [[ "$bare_route" == /bare/redis/hold && "${LT_BARE_PINNED:-0}" == 1 ]]; then bare_route=/bare/redis/hold-pinned; fi
      fig hot_bare_route "$bare_route"
      hot_subject=$(jq -r .hotSubject "$SEED_DIR/hotholds.json")
      measured_tsv=$drafts_tsv
      # Warm-up (LT_WARMUP_SECONDS, 5; 0 for none): both servers run the measured path first, so the JIT has
      # compiled it in both before the figures are taken (unwarmed, half the service's samples in the measured phase
      # were C2 compiling). Sold out: the warm-up sends every candidate once (it also sells the seats, so the
      # measured run is all sold-out answers) and the measured run sends them again, within the per-account limit of
      # 20 holds a minute. Every winner: the warm-up takes the first LT_WARMUP_DRAFTS (a third) of the drafts, the
      # measured run the rest, so every measured hold is still a first one.
      if (( WARMUP_SECONDS > 0 )); then
        if [[ "$bare_route" == /bare/pg/insert ]]; then
          warm_n=${LT_WARMUP_DRAFTS:-$(( drafts / 3 ))}
          head -n "$warm_n" "$drafts_tsv" >"$SEED_DIR/hotholds-warmup.tsv"
          tail -n +"$(( warm_n + 1 ))" "$drafts_tsv" >"$SEED_DIR/hotholds-measured.tsv"
          warm_tsv=$SEED_DIR/hotholds-warmup.tsv; measured_tsv=$SEED_DIR/hotholds-measured.tsv
        else
          warm_tsv=$drafts_tsv
        fi
        WRK_SECONDS_SAVED=$WRK_SECONDS; WRK_SECONDS=$WARMUP_SECONDS
        wrk_run hot-bare-warmup "$BARE" bare warm_bare "$bare_route" >/dev/null || true
        # LT_WARMUP_ROUNDS (sold out only, 1): the warm-up passes over the candidates that many times, so that 40,000
        # candidates warm the JIT for the whole LT_WARMUP_SECONDS (one pass took 4 s at 9,000 answers/s); with the
        # measured run that is rounds + 1 holds per candidate, within the 20 a minute
        warm_rounds=1
        [[ "$bare_route" == /bare/redis/hold* ]] && warm_rounds=${LT_WARMUP_ROUNDS:-1}
        wrk_run hot-warmup "$BASE" service warm_hot "$warm_tsv" "$WRK_THREADS" "$hot_subject" "$warm_rounds" >/dev/null || true
        WRK_SECONDS=$WRK_SECONDS_SAVED
        fig hot_warmup_seconds "$WARMUP_SECONDS"
        alive
      fi
      wrk_run hot-bare "$BARE" bare hot_bare "$bare_route" || FAILED=1
      alive
      curl -fs "$BASE/metrics" >"$RUN/metrics-before-hot.txt" 2>/dev/null || true
      profile_start hot
      # LT_MEASURED_ROUNDS (sold out only, 1): the measured run passes over the candidates that many times, so that it
      # lasts its LT_WRK_SECONDS like the bare run instead of ending when 40,000 candidates are used up (2.6 s at
      # 15,000 answers/s, with the JIT still compiling); warm-up and measured holds together stay within 20 a minute
      measured_rounds=1
      [[ "$bare_route" == /bare/redis/hold* ]] && measured_rounds=${LT_MEASURED_ROUNDS:-1}
      fig hot_measured_rounds "$measured_rounds"
      wrk_run hot "$BASE" service hot "$measured_tsv" "$WRK_THREADS" "$hot_subject" "$measured_rounds" || FAILED=1
      profile_stop hot
      # the service's own view of the measured run (seat transaction sizes, waits for a Redis or Pg connection):
      # the difference of these two snapshots
      curl -fs "$BASE/metrics" >"$RUN/metrics-hot.txt" 2>/dev/null || true
      hot=$(jq .hotCenterId "$SEED_DIR/hotholds.json")
      fig hot_wins "$(psql -qAt "$PG_URL" -c "select count(*) from registration_subject where center_id = $hot
        and subject_code = '$(jq -r .hotSubject "$SEED_DIR/hotholds.json")'")"
      fig hot_capacity "${LT_HOT_CAPACITY:-150}"; fig hot_connections "$WRK_CONNECTIONS"
      fig hot_wrk_threads_given "$WRK_THREADS"; fig hot_seconds_given "$WRK_SECONDS"
      if (( $(figure hot_threads_ran_out) > 0 )); then
        log "$(figure hot_threads_ran_out) wrk thread(s) ran out of candidates after $(figure hot_first_ran_out_after_s) s:" \
          "the rate is taken over hold.lua's own window; raise LT_WRK_CANDIDATES"
      fi
      # as Gatling's global assertion: at most LT_MAX_FAILED_PERCENT (1) % of answers unexpected (not 200, 409
      # SEAT_SOLD_OUT, 503; a 429 means a candidate was used twice), socket errors included
      bad=$(( $(figure hot_other) + $(figure hot_s409) - $(figure hot_sold_out) + $(figure hot_s429) + $(figure hot_err_connect)
        + $(figure hot_err_read) + $(figure hot_err_write) + $(figure hot_err_timeout) ))
      answered=$(figure hot_answered)
      if (( answered == 0 || bad * 100 > answered * ${LT_MAX_FAILED_PERCENT:-1} )); then
        FAILED=1; log "HotHolds: $bad unexpected answers or socket errors of $answered (see $RUN/wrk-hot.log)"
      fi
      ;;
    OpeningMinute)
      # The opening minute behind the waiting room (issue 14): the room opens LT_OPENING_LEAD_SECONDS (20) after
      # it is switched on, admits LT_ADMIT_RATE (20) a second (then as the service's health allows), and
      # LT_OPENING_CANDIDATES (600) race for LT_OPENING_SEATS (100) seats of the hot subject.
      lead=${LT_OPENING_LEAD_SECONDS:-20}
      seed opening "{\"catalog\":true,\"hotCapacity\":${LT_OPENING_SEATS:-100},\"accounts\":${LT_OPENING_CANDIDATES:-600},\"offset\":600001,\"password\":\"$PASSWORD\",\"sessions\":true}"
      osid=$(jq .examSessionId "$SEED_DIR/opening.json")
      staff=$(curl -fsS -X POST "$BASE/api/v1/staff/sessions" -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | jq -r .token)
      opens=$(date -u -d "+$lead seconds" +%Y-%m-%dT%H:%M:%SZ)
      curl -fsS -X PUT "$BASE/api/v1/staff/exam-sessions/$osid/provinces/11/waiting-room" -H "Authorization: Bearer $staff" \
        -H 'Content-Type: application/json' -o "$RUN/opening-room.json" \
        -d "{\"enabled\":true,\"opensAt\":\"$opens\",\"admitPerSecond\":${LT_ADMIT_RATE:-20},\"admissionMinutes\":30}"
      log "waiting room on for session $osid, province 11: opens at $opens, admits ${LT_ADMIT_RATE:-20}/s to begin with"
      alive
      ( while true; do echo "$(date +%s.%N) $(metric_sum ncre_queue_rate) $(metric_sum ncre_queue_admitted) $(metric_sum ncre_queue_waiting)"; sleep 1; done ) \
        >"$RUN/opening-rate.txt" 2>/dev/null &
      rate_pid=$!
      PIDS+=("$rate_pid")
      profile_start opening
      gatling OpeningMinute opening -Dlt.openingLeadSeconds="$lead" -Dlt.intruders="${LT_INTRUDERS:-20}" || FAILED=1
      profile_stop opening
      kill "$rate_pid" 2>/dev/null || true
      sed 's/^/opening_/; s/^opening_opening_/opening_/' "$SEED_DIR/opening-counts.env" >>"$RUN/figures.env" 2>/dev/null || true
      read -r admitted span < <(psql -qAt -F' ' "$PG_URL" -c "select count(*), coalesce(round(extract(epoch from
        max(admitted_until) - min(admitted_until))::numeric, 3), 0) from waiting_room_entry
        where exam_session_id = $osid and admitted_until is not null")
      read -r holds hold_span < <(psql -qAt -F' ' "$PG_URL" -c "select count(*), coalesce(round(extract(epoch from
        max(at) - min(at))::numeric, 3), 0) from audit_log where action = 'registration.subjects'
        and target_id in (select id::text from registration where exam_session_id = $osid)")
      fig opening_admitted "$admitted"; fig opening_admit_span_seconds "$span"
      fig opening_holds_written "$holds"; fig opening_holds_span_seconds "$hold_span"
      fig opening_seats "${LT_OPENING_SEATS:-100}"; fig opening_candidates "${LT_OPENING_CANDIDATES:-600}"
      fig opening_won "$(psql -qAt "$PG_URL" -c "select count(*) from registration_subject where exam_session_id = $osid")"
      fig opening_waitlisted "$(psql -qAt "$PG_URL" -c "select count(*) from waitlist_entry where exam_session_id = $osid")"
      fig opening_rate_max "$(awk '{ if ($2 > m) m = $2 } END {print m + 0}' "$RUN/opening-rate.txt")"
      ;;
  esac
done

# --- invariants: wait for in-flight notifies, then check
for i in $(seq 1 60); do
  left=$(psql -qAt "$PG_URL" -c "select count(*) from sim_notify where delivered_at is null and gave_up_at is null")
  [[ "$left" == 0 ]] && break; sleep 0.5
done
log "invariant check"
psql -q -v ON_ERROR_STOP=1 -v hold_grace="${LT_HOLD_GRACE:-15 seconds}" "$PG_URL" -f "$HERE/invariants.sql" \
  | tee "$RUN/invariants.txt"
violations=$(psql -qAt -v hold_grace="${LT_HOLD_GRACE:-15 seconds}" "$PG_URL" -f "$HERE/invariants.sql" \
  | awk -F'|' '{s += $2} END {print s + 0}')
fig heap_high_water_bytes "$(awk '{ if ($2 > m) m = $2 } END {print m + 0}' "$RUN/heap.txt")"

python3 "$HERE/report.py" "$RUN" | tee "$RUN/figures.md" || true
if compgen -G "$RUN/gatling/*/index.html" >/dev/null; then
  log "Gatling HTML reports:"
  for d in "$RUN"/gatling/*/; do if [[ -f "$d/index.html" ]]; then echo "  $d""index.html"; fi; done
fi
if [[ "$violations" != 0 ]]; then log "INVARIANT VIOLATED ($violations): see $RUN/invariants.txt"; exit 1; fi
if [[ "$FAILED" != 0 ]]; then log "a Gatling assertion or a wrk check failed: see $RUN/gatling-*.log, $RUN/wrk-*.log"; exit 1; fi
log "all invariants hold, all Gatling assertions and wrk checks passed"
