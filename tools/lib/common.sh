# Shared by tools/up.sh, tools/down.sh and tools/test.sh.
# shellcheck shell=bash

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INFRA_DIR=${MERIDIAN_INFRA_DIR:-$ROOT_DIR/.infra}
RUN_DIR="$INFRA_DIR/run"
LOG_DIR="$INFRA_DIR/logs"

say() { printf '[meridian] %s\n' "$*"; }
fail() {
  printf '[meridian] ERROR: %s\n' "$*" >&2
  exit 1
}

# Node 20.19+ is needed (require of ES modules); npm comes with it.
check_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js 20.19 or newer is required (not found)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    fail "Node.js 20.19 or newer is required (found $(node --version))"
}

# npm ci when node_modules is missing or older than the lock file.
install_dependencies() {
  local stamp="$ROOT_DIR/node_modules/.meridian-installed"
  if [[ ! -f $stamp || $ROOT_DIR/package-lock.json -nt $stamp ]]; then
    say "installing dependencies (npm ci)"
    (cd "$ROOT_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}

# Prisma clients are generated, not committed. Prisma's CLI wants a schema-engine binary it cannot
# download here; generation does not use it, so an empty placeholder satisfies the check.
generate_prisma_clients() {
  local placeholder="$INFRA_DIR/prisma-schema-engine-placeholder"
  mkdir -p "$INFRA_DIR"
  [[ -f $placeholder ]] || : >"$placeholder"
  local schema app
  for schema in "$ROOT_DIR"/apps/*/prisma/schema.prisma; do
    app=$(basename "$(dirname "$(dirname "$schema")")")
    if [[ ! -f $ROOT_DIR/apps/$app/src/generated/prisma/client.ts || $schema -nt $ROOT_DIR/apps/$app/src/generated/prisma/client.ts ]]; then
      say "generating Prisma client for $app"
      (cd "$ROOT_DIR/apps/$app" && PRISMA_SCHEMA_ENGINE_BINARY="$placeholder" PRISMA_HIDE_UPDATE_MESSAGE=1 \
        npx --no-install prisma generate >/dev/null)
    fi
  done
}

build_workspace() {
  say "building (tsc -b)"
  (cd "$ROOT_DIR" && npx --no-install tsc -b tsconfig.build.json)
}
