#!/usr/bin/env bash
# Stops the services started by tools/up.sh (SIGTERM, graceful), then the infrastructure.
#   tools/down.sh                  services and infrastructure
#   tools/down.sh --services-only  services only
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

stop_pid_file() {
  local file=$1 pid name
  pid=$(cat "$file")
  name=$(basename "$file" .pid)
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop within 10s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    else
      say "stopped $name"
    fi
  fi
  rm -f "$file"
}

if [[ -d $RUN_DIR ]]; then
  for file in "$RUN_DIR"/*.pid; do
    [[ -e $file ]] && stop_pid_file "$file"
  done
fi
if [[ ${1:-} != --services-only ]]; then
  "$ROOT_DIR/tools/infra.sh" down
fi
