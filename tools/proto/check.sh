#!/usr/bin/env bash
# Fails when the gRPC contracts are not in order, for CI and pre-push:
#   - proto/ is not buf-formatted or does not pass buf lint;
#   - libs/proto/src/generated differs from what proto/ generates (shows the diff);
#   - the generated types do not match what @grpc/proto-loader delivers at run time.
# Set PROTO_BREAKING_AGAINST to a buf input (e.g. ".git#branch=main,subdir=proto") to also reject
# wire-breaking changes against it. Fix most failures with tools/proto/gen.sh.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
buf=node_modules/.bin/buf
if [[ ! -x "$buf" || ! -x node_modules/.bin/protoc-gen-ts_proto ]]; then
  echo "buf or ts-proto missing from node_modules: run 'npm ci' first" >&2
  exit 1
fi

failed=0
fail() {
  echo "proto check: $1" >&2
  failed=1
}

if ! "$buf" format --diff --exit-code proto; then
  fail "proto/ is not formatted (run tools/proto/gen.sh)"
fi

if ! "$buf" lint proto; then
  fail "buf lint failed"
fi

if [[ -n "${PROTO_BREAKING_AGAINST:-}" ]]; then
  if ! "$buf" breaking proto --against "$PROTO_BREAKING_AGAINST"; then
    fail "breaking changes against $PROTO_BREAKING_AGAINST"
  fi
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if ! "$buf" generate proto --template proto/buf.gen.yaml --output "$scratch"; then
  fail "buf generate failed"
elif ! diff -ruN libs/proto/src/generated "$scratch/libs/proto/src/generated"; then
  fail "libs/proto/src/generated is stale: the diff above is what tools/proto/gen.sh would change"
fi

if ! node tools/proto/verify-shapes.js; then
  fail "generated types do not match what @grpc/proto-loader delivers"
fi

if [[ "$failed" -ne 0 ]]; then
  exit 1
fi
echo "proto check: OK"
