#!/usr/bin/env bash
# Runs the whole test suite on this machine, starting whatever it needs:
# dependencies, generated code checks, build and type checks, lint, PostgreSQL/Redis/Kafka,
# then unit, integration and end-to-end tests. Exit code 0 only if every step passed.
#   tools/test.sh            everything
#   tools/test.sh --quick    static checks and unit tests only (no infrastructure)
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT_DIR"
export TZ=UTC

declare -a TIMINGS=()
step() {
  local name=$1
  shift
  local started
  started=$(date +%s)
  say "── $name"
  "$@"
  TIMINGS+=("$(printf '%-28s %4ss' "$name" $(($(date +%s) - started)))")
}

suite_started=$(date +%s)
step "dependencies" install_dependencies
step "prisma clients" generate_prisma_clients
step "proto contracts up to date" tools/proto/check.sh
step "build" build_workspace
step "type-check tests" npx --no-install tsc -p tsconfig.json --noEmit
# The module-boundary rule reads Nx's project graph; without a computed graph it would be skipped.
step "project graph" env NX_NO_CLOUD=true NX_DAEMON=false npx --no-install nx show projects --json >/dev/null
step "lint" npx --no-install eslint --max-warnings 0 .
step "format" npx --no-install prettier --check --log-level warn .
step "unit tests" npx --no-install jest --selectProjects unit --ci
if [[ ${1:-} != --quick ]]; then
  step "infrastructure" tools/infra.sh up
  step "integration tests" npx --no-install jest --selectProjects integration --ci --runInBand
  step "end-to-end tests" npx --no-install jest --selectProjects e2e --ci --runInBand
fi

say "all steps passed in $(($(date +%s) - suite_started))s"
printf '  %s\n' "${TIMINGS[@]}"
