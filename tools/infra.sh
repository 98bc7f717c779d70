#!/usr/bin/env bash
# Local infrastructure without Docker: PostgreSQL 15, Redis 7 and Kafka 4 (KRaft)
# on 127.0.0.1, for development, integration tests and CI on Debian bookworm.
#
#   tools/infra.sh up          install what is missing, start everything, wait until ready
#   tools/infra.sh status      print each component up/down (exit 1 if any is down)
#   tools/infra.sh down        stop Kafka, Redis and the PostgreSQL cluster
#   tools/infra.sh reset-test  recreate the *_test databases, delete Kafka topics "test.*"
#
# State (Kafka jars and data, logs, pid files) lives in $MERIDIAN_INFRA_DIR
# (default: <repo>/.infra). Ports: REDIS_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT;
# PGPORT only when it matches the port of the cluster 15/main (5432 by default).
# Kafka: KAFKA_VERSION, KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT (seconds).
# Installing packages and managing PostgreSQL need root (or sudo).
# docker-compose.yml offers the same services for machines with Docker.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC_DIR="$ROOT_DIR/tools/infra"
INFRA_DIR=${MERIDIAN_INFRA_DIR:-$ROOT_DIR/.infra}

HOST=127.0.0.1
PG_VERSION=15
PG_CLUSTER=main
PG_PORT=${PGPORT:-5432}
PG_LOG=/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log
REDIS_PORT=${REDIS_PORT:-6379}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_VERSION=${KAFKA_VERSION:-4.4.0}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}

# ---------------------------------------------------------------- helpers ---

log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

now_ms() { date +%s%3N; }

# Root for apt, pg_ctlcluster and psql as postgres; sudo when run as a user.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "'$*' needs root: run tools/infra.sh as root or install sudo"
  fi
}

# A TCP connect with bash alone: no extra package needed on a fresh machine.
port_open() { (: <>"/dev/tcp/$1/$2") 2>/dev/null; }

check_port_vars() {
  local name value
  for name in PG_PORT REDIS_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT; do
    value=${!name}
    # Container platforms inject e.g. REDIS_PORT=tcp://10.0.0.5:6379; refuse that.
    [[ $value =~ ^[0-9]+$ ]] || die "$name must be a port number, got '$value' (unset it to use the default)"
  done
}

prepare_dirs() {
  mkdir -p "$INFRA_DIR"
  INFRA_DIR=$(cd "$INFRA_DIR" && pwd)
  KAFKA_DIR="$INFRA_DIR/kafka"
  KAFKA_LIBS="$KAFKA_DIR/libs-$KAFKA_VERSION"
  KAFKA_DATA="$KAFKA_DIR/data"
  KAFKA_LOGS="$KAFKA_DIR/logs"
  KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
  KAFKA_HELPER="$KAFKA_DIR/helper-$KAFKA_VERSION"
  REDIS_DIR="$INFRA_DIR/redis"
  mkdir -p "$KAFKA_DIR" "$KAFKA_LOGS" "$REDIS_DIR"
}

# Serialise concurrent runs (two test jobs calling `up` at once).
take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$INFRA_DIR/.lock"
    flock -w 600 9 || die "another tools/infra.sh is still running (lock $INFRA_DIR/.lock)"
  fi
}

# The service list lives in postgres-init.sql only: lines like "    ('payments'),".
service_databases() {
  sed -n "s/^[[:space:]]*('\([a-z0-9_]*\)'),\{0,1\}[[:space:]]*$/meridian_\1/p" "$SRC_DIR/postgres-init.sql"
}

# --------------------------------------------------------------- packages ---

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

ensure_packages() {
  local missing=()
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]]; then
    missing+=(postgresql)
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    missing+=(redis-server)
  fi
  # javac compiles the small Kafka admin helper; a JRE alone is not enough.
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)

  if ((${#missing[@]} == 0)); then
    log "packages: postgresql, redis, java, maven already installed"
  else
    log "packages: installing ${missing[*]} (apt)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
      die "apt-get update failed: check the machine's apt sources and network"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
      die "apt-get install ${missing[*]} failed (see the apt output above)"
  fi

  local major
  major=$(java_major)
  [[ -n $major && $major -ge 17 ]] ||
    die "Kafka 4 needs Java 17 or newer, found '$(java -version 2>&1 | head -n1)'; install openjdk-17-jdk-headless"
}

# ------------------------------------------------------------- postgresql ---

pg_psql() {
  # stdin carries the SQL so the postgres user needs no access to the checkout;
  # cd / because the caller's directory (e.g. /root) may be closed to postgres.
  (cd / && as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@")
}

pg_ready() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$HOST" -p "$PG_PORT" -t 2
}

pg_cluster_exists() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'
}

pg_start() {
  if ! pg_cluster_exists; then
    # The package creates 15/main; recreate it if someone dropped it.
    log "postgres: creating cluster $PG_VERSION/$PG_CLUSTER"
    as_root pg_createcluster --port "$PG_PORT" "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  fi

  # The port belongs to the cluster's configuration; pg_ctlcluster checks that one.
  local configured
  configured=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }')
  if [[ $configured != "$PG_PORT" ]]; then
    die "postgres: cluster $PG_VERSION/$PG_CLUSTER is configured for port $configured but PGPORT=$PG_PORT; unset PGPORT, or as root: pg_conftool $PG_VERSION $PG_CLUSTER set port $PG_PORT"
  fi

  local rc=0 out="$INFRA_DIR/pg_ctlcluster.out"
  # 9>&-: the started server must not inherit (and hold) the run lock.
  as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start \
    </dev/null >"$out" 2>&1 9>&- || rc=$?
  case $rc in
    0) log "postgres: started cluster $PG_VERSION/$PG_CLUSTER" ;;
    2) log "postgres: cluster $PG_VERSION/$PG_CLUSTER already running" ;;
    *)
      cat "$out" >&2
      die "postgres: pg_ctlcluster start failed (exit $rc); see $PG_LOG"
      ;;
  esac

  local deadline=$((SECONDS + 30))
  until pg_ready; do
    ((SECONDS < deadline)) || die "postgres: not accepting connections on $HOST:$PG_PORT after 30s; see $PG_LOG"
    sleep 0.2
  done
}

pg_provision() {
  pg_psql <"$SRC_DIR/postgres-init.sql" >/dev/null ||
    die "postgres: tools/infra/postgres-init.sql failed (output above)"
  # Prove the URL the services use: password login over TCP.
  PGPASSWORD=meridian psql -X -q -w -h "$HOST" -p "$PG_PORT" -U meridian -d meridian_api_gateway_test \
    -c 'select 1' >/dev/null ||
    die "postgres: cannot log in as meridian over TCP; check pg_hba.conf of cluster $PG_VERSION/$PG_CLUSTER"
  log "postgres: role meridian and $(service_databases | wc -l) databases (+ _test twins) in place"
}

pg_stop() {
  pg_cluster_exists || return 0
  local rc=0
  local out="$INFRA_DIR/pg_ctlcluster.out"
  as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop </dev/null >"$out" 2>&1 || rc=$?
  case $rc in
    0) log "postgres: stopped" ;;
    2) log "postgres: not running" ;;
    *)
      cat "$out" >&2
      die "postgres: pg_ctlcluster stop failed (exit $rc); see $PG_LOG"
      ;;
  esac
}

# ------------------------------------------------------------------ redis ---

redis_ready() { redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_start() {
  if redis_ready; then
    log "redis: already answering on $HOST:$REDIS_PORT"
    return
  fi
  # No persistence: local and test data only.
  redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" 9>&- ||
    die "redis: redis-server failed to start; see $REDIS_DIR/redis.log"
  local deadline=$((SECONDS + 15))
  until redis_ready; do
    ((SECONDS < deadline)) || die "redis: no PONG on $HOST:$REDIS_PORT after 15s; see $REDIS_DIR/redis.log"
    sleep 0.1
  done
  log "redis: started on $HOST:$REDIS_PORT"
}

redis_stop() {
  if redis_ready; then
    redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local deadline=$((SECONDS + 15))
    while redis_ready; do
      ((SECONDS < deadline)) || die "redis: still answering on $HOST:$REDIS_PORT after shutdown"
      sleep 0.1
    done
    log "redis: stopped"
  else
    log "redis: not running"
  fi
}

# ------------------------------------------------------------------ kafka ---

kafka_fetch() {
  if [[ -f $KAFKA_LIBS/.complete ]]; then
    log "kafka: $KAFKA_VERSION jars present"
    return
  fi
  log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven (first run only)"
  local tmp="$KAFKA_LIBS.tmp" mvnlog="$KAFKA_DIR/maven.log"
  rm -rf "$tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$SRC_DIR/kafka/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$tmp" \
    dependency:copy-dependencies >"$mvnlog" 2>&1; then
    tail -n 30 "$mvnlog" >&2
    die "kafka: Maven could not resolve Kafka $KAFKA_VERSION (log: $mvnlog). Check that Maven reaches its repository; KAFKA_VERSION=<x.y.z> picks another version"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka: Maven finished but no kafka_2.13 jar in $tmp (log: $mvnlog)"
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  local jars=("$KAFKA_LIBS"/*.jar)
  log "kafka: ${#jars[@]} jars in $KAFKA_LIBS"
}

# Compiled once per Kafka version; the broker's own client jars do the talking.
kafka_helper_build() {
  local src="$SRC_DIR/kafka/KafkaAdmin.java"
  if [[ -f $KAFKA_HELPER/KafkaAdmin.class && ! $src -nt $KAFKA_HELPER/KafkaAdmin.class ]]; then
    return
  fi
  rm -rf "$KAFKA_HELPER"
  mkdir -p "$KAFKA_HELPER"
  javac -nowarn -d "$KAFKA_HELPER" -cp "$KAFKA_LIBS/*" "$src" ||
    die "kafka: could not compile $src"
}

kafka_admin() {
  kafka_helper_build
  # Short-lived JVM: favour start-up time over peak speed.
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Dlog4j2.level=OFF \
    -cp "$KAFKA_HELPER:$KAFKA_LIBS/*" KafkaAdmin "$HOST:$KAFKA_PORT" "$@"
}

# Prints the pid of the broker this script started, if it is alive.
kafka_pid() {
  [[ -f $KAFKA_PIDFILE ]] || return 1
  local pid
  pid=$(<"$KAFKA_PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

kafka_render_config() {
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA|g" \
    "$SRC_DIR/kafka/server.properties.tmpl" >"$KAFKA_DIR/server.properties"
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding.
kafka_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && break # a leading dash reads like a flag
  done
  echo "$id"
}

kafka_format() {
  if [[ -f $KAFKA_DATA/meta.properties ]]; then
    return
  fi
  log "kafka: formatting storage in $KAFKA_DATA (KRaft, standalone controller)"
  mkdir -p "$KAFKA_DATA"
  java -Xmx256m -Dlog4j2.level=OFF -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --standalone \
    -t "$(kafka_cluster_id)" -c "$KAFKA_DIR/server.properties" >"$KAFKA_LOGS/format.log" 2>&1 || {
    cat "$KAFKA_LOGS/format.log" >&2
    die "kafka: formatting $KAFKA_DATA failed (above). Remove that directory and run up again"
  }
}

kafka_fail() {
  {
    printf '[infra] ---- last lines of %s ----\n' "$KAFKA_LOGS/server.log"
    tail -n 40 "$KAFKA_LOGS/server.log" 2>/dev/null || true
    printf '[infra] ---- last lines of %s ----\n' "$KAFKA_LOGS/kafka.out"
    tail -n 20 "$KAFKA_LOGS/kafka.out" 2>/dev/null || true
  } >&2
  die "kafka: $* (logs in $KAFKA_LOGS; a data dir written by another Kafka version needs: tools/infra.sh down && rm -rf $KAFKA_DATA)"
}

kafka_start() {
  local pid
  if pid=$(kafka_pid); then
    log "kafka: already running (pid $pid)"
    kafka_admin wait 60 >/dev/null || kafka_fail "running (pid $pid) but not answering on $HOST:$KAFKA_PORT"
    return
  fi
  if port_open "$HOST" "$KAFKA_PORT"; then
    # Someone else's broker (or another program) holds the port: use it if it speaks Kafka.
    kafka_admin wait 10 >/dev/null ||
      die "kafka: $HOST:$KAFKA_PORT is taken by a process that does not answer as a Kafka broker; stop it or set KAFKA_PORT"
    warn "kafka: a broker not started by this script answers on $HOST:$KAFKA_PORT; using it"
    return
  fi
  port_open "$HOST" "$KAFKA_CONTROLLER_PORT" &&
    die "kafka: controller port $HOST:$KAFKA_CONTROLLER_PORT is taken; stop that process or set KAFKA_CONTROLLER_PORT"

  kafka_render_config
  kafka_format
  cp "$SRC_DIR/kafka/log4j2.xml" "$KAFKA_DIR/log4j2.xml"
  # One start per log file, so an error shows this start's lines only.
  local f
  for f in server.log kafka.out; do
    [[ -f $KAFKA_LOGS/$f ]] && mv -f "$KAFKA_LOGS/$f" "$KAFKA_LOGS/$f.prev"
  done

  local -a heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  # setsid + nohup: the broker outlives the shell (and terminal) that started it.
  (
    cd "$KAFKA_DIR"
    exec 9>&-
    exec setsid nohup java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.xml" -Dkafka.logs.dir="$KAFKA_LOGS" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
  ) </dev/null >>"$KAFKA_LOGS/kafka.out" 2>&1 &
  echo $! >"$KAFKA_PIDFILE"
  log "kafka: starting $KAFKA_VERSION (pid $!), waiting for $HOST:$KAFKA_PORT"

  # The admin client retries until the broker answers; it starts at once so its
  # own JVM start-up overlaps the broker's. Meanwhile watch the broker process.
  local answer="$KAFKA_LOGS/ready.out" waiter
  kafka_admin wait "$KAFKA_START_TIMEOUT" >"$answer" 2>&1 &
  waiter=$!
  while kill -0 "$waiter" 2>/dev/null; do
    if ! kafka_pid >/dev/null; then
      kill "$waiter" 2>/dev/null || true
      kafka_fail "the broker exited during start-up"
    fi
    sleep 0.2
  done
  wait "$waiter" || {
    cat "$answer" >&2
    kafka_fail "no metadata answer from $HOST:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"
  }
  log "kafka: ready ($(<"$answer"))"
}

kafka_stop() {
  local pid
  if ! pid=$(kafka_pid); then
    rm -f "$KAFKA_PIDFILE"
    if port_open "$HOST" "$KAFKA_PORT"; then
      warn "kafka: something not started by this script listens on $HOST:$KAFKA_PORT; left alone"
    else
      log "kafka: not running"
    fi
    return
  fi
  kill -TERM "$pid"
  # Controlled shutdown usually takes a few seconds; then no recovery at next start.
  local deadline=$((SECONDS + 45))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "kafka: pid $pid ignored SIGTERM for 45s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$KAFKA_PIDFILE"
  log "kafka: stopped"
}

kafka_answers() {
  port_open "$HOST" "$KAFKA_PORT" || return 1
  # Without the jars only the open port can be checked.
  [[ -f $KAFKA_LIBS/.complete ]] || return 0
  kafka_admin wait 5 >/dev/null 2>&1
}

# --------------------------------------------------------------- commands ---

print_summary() {
  local started=$1 ms dbs
  ms=$(($(now_ms) - started))
  dbs=$(service_databases | paste -sd ' ' -)
  cat <<EOF
[infra] all up in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s
  PostgreSQL $PG_VERSION  postgresql://meridian:meridian@$HOST:$PG_PORT/<db>
                 <db>: $dbs
                 and each of them with the suffix _test
  Redis          redis://$HOST:$REDIS_PORT
  Kafka $KAFKA_VERSION    $HOST:$KAFKA_PORT   (KRaft, single node)
  State          $INFRA_DIR   (Kafka log: $KAFKA_LOGS/server.log)
EOF
}

cmd_up() {
  local started
  started=$(now_ms)
  ensure_packages
  pg_start
  pg_provision
  redis_start
  kafka_fetch
  kafka_start
  print_summary "$started"
}

cmd_status() {
  local all=0
  if pg_ready; then
    log "postgres  up    postgresql://meridian:meridian@$HOST:$PG_PORT/<db>"
  else
    log "postgres  down  ($HOST:$PG_PORT)"
    all=1
  fi
  if command -v redis-cli >/dev/null 2>&1 && redis_ready; then
    log "redis     up    redis://$HOST:$REDIS_PORT"
  else
    log "redis     down  ($HOST:$REDIS_PORT)"
    all=1
  fi
  local pid note=""
  if pid=$(kafka_pid); then note="  (pid $pid)"; fi
  if command -v java >/dev/null 2>&1 && kafka_answers; then
    log "kafka     up    $HOST:$KAFKA_PORT$note"
  else
    log "kafka     down  ($HOST:$KAFKA_PORT)$note"
    all=1
  fi
  return "$all"
}

cmd_down() {
  kafka_stop
  command -v redis-cli >/dev/null 2>&1 && redis_stop
  command -v pg_lsclusters >/dev/null 2>&1 && pg_stop
  return 0
}

cmd_reset_test() {
  pg_ready || die "postgres is not running on $HOST:$PG_PORT; run tools/infra.sh up first"
  local db drops=()
  for db in $(service_databases); do
    db="${db}_test"
    # Belt and braces: this command only ever drops test databases.
    [[ $db == *test* ]] || die "refusing to drop '$db': its name does not contain 'test'"
    # FORCE ends sessions still connected (a test run that was killed, say).
    drops+=(-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)")
  done
  ((${#drops[@]})) || die "no databases found in $SRC_DIR/postgres-init.sql"
  # One session: each -c runs on its own (DROP DATABASE refuses a transaction),
  # then the init script from stdin creates them again.
  pg_psql "${drops[@]}" -f - <"$SRC_DIR/postgres-init.sql" >/dev/null
  log "postgres: dropped and recreated $((${#drops[@]} / 2)) _test databases"

  if [[ -f $KAFKA_LIBS/.complete ]] && port_open "$HOST" "$KAFKA_PORT"; then
    log "kafka: $(kafka_admin delete-prefix test.)"
  else
    warn "kafka: not running on $HOST:$KAFKA_PORT; no topics deleted"
  fi
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-}
  case $cmd in
    up | down | status | reset-test) ;;
    -h | --help | help)
      usage
      return 0
      ;;
    *)
      usage >&2
      return 2
      ;;
  esac
  check_port_vars
  prepare_dirs
  # status only reads, so it answers even while an `up` is still waiting.
  [[ $cmd == status ]] || take_lock
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    reset-test) cmd_reset_test ;;
  esac
}

main "$@"
