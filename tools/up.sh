#!/usr/bin/env bash
# Brings the whole platform up on this machine: dependencies, build, PostgreSQL/Redis/Kafka,
# migrations (each service migrates its own database at start), demo data, every service.
# Idempotent: services already running are restarted with the fresh build.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/services.sh
source "$ROOT_DIR/tools/lib/services.sh"

DEMO_CLIENT_ID=${DEMO_CLIENT_ID:-demo-partner-app}
DEMO_CLIENT_SECRET=${DEMO_CLIENT_SECRET:-demo-secret-change-me}
START_TIMEOUT=${START_TIMEOUT:-90}

started_at=$(date +%s)
check_node
install_dependencies
generate_prisma_clients
build_workspace
"$ROOT_DIR/tools/infra.sh" up

mkdir -p "$RUN_DIR" "$LOG_DIR"
# Hospital CA, server certificate and a client certificate per simulated hospital (kept if present).
"$ROOT_DIR/tools/certs.sh" init "$CERT_DIR" >/dev/null
for code in "${SIMULATOR_HOSPITAL_CODES[@]}"; do
  [[ -f $CERT_DIR/hospitals/$code.crt ]] || "$ROOT_DIR/tools/certs.sh" hospital "$CERT_DIR" "$code" >/dev/null
done
[[ -s $CERT_DIR/patient-match-key ]] ||
  (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))' >"$CERT_DIR/patient-match-key")
"$ROOT_DIR/tools/down.sh" --services-only

start_service() {
  local name=$1 http=$2 grpc=$3 db=$4
  local envfile="$RUN_DIR/$name.env"
  service_env "$name" "$http" "$grpc" "$db" >"$envfile"
  (
    set -a
    # shellcheck disable=SC1090
    source "$envfile"
    set +a
    cd "$ROOT_DIR/apps/$name"
    nohup node dist/main.js >>"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
  )
}

# Node's fetch, so the script needs no curl on a fresh machine.
http_ok() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }

wait_ready() {
  local name=$1 http=$2 deadline=$(($(date +%s) + START_TIMEOUT))
  until http_ok "http://127.0.0.1:$http/health/ready"; do
    if ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      tail -n 30 "$LOG_DIR/$name.log" >&2
      fail "$name exited during start-up (log: $LOG_DIR/$name.log)"
    fi
    if (($(date +%s) > deadline)); then
      tail -n 30 "$LOG_DIR/$name.log" >&2
      fail "$name not ready after ${START_TIMEOUT}s (log: $LOG_DIR/$name.log)"
    fi
    sleep 0.5
  done
  say "$name ready (http :$http)"
}

for entry in "${SERVICES[@]}"; do
  # shellcheck disable=SC2086
  start_service $entry
done
for entry in "${SERVICES[@]}"; do
  read -r name http _ _ <<<"$entry"
  wait_ready "$name" "$http"
done

say "seeding demo data"
(
  set -a
  # shellcheck disable=SC1090
  source "$RUN_DIR/api-gateway.env"
  set +a
  node "$ROOT_DIR/apps/api-gateway/dist/cli/create-partner-client.js" \
    --client-id "$DEMO_CLIENT_ID" --secret "$DEMO_CLIENT_SECRET" --name "Demo partner app" >/dev/null
)
HOSPITAL_INTEGRATION_GRPC_URL=127.0.0.1:50103 node "$ROOT_DIR/apps/hospital-integration/dist/cli/seed-demo-directory.js"

elapsed=$(($(date +%s) - started_at))
cat <<INFO

  Meridian is up (${elapsed}s).

  Gateway        http://127.0.0.1:3000
  API docs       http://127.0.0.1:3000/docs
  Demo client    client_id=$DEMO_CLIENT_ID  client_secret=$DEMO_CLIENT_SECRET

  Try it:
    TOKEN=\$(curl -s -X POST http://127.0.0.1:3000/oauth/token \\
      -d grant_type=client_credentials -d client_id=$DEMO_CLIENT_ID -d client_secret=$DEMO_CLIENT_SECRET |
      node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
    curl -s -H "Authorization: Bearer \$TOKEN" 'http://127.0.0.1:3000/v1/hospitals?city=Hangzhou&department=cardiology'

  Logs: $LOG_DIR    Stop: tools/down.sh
INFO
