#!/usr/bin/env bash
# Regenerates libs/proto/src/generated from proto/ after a contract change:
# formats and lints the .proto files, generates the TypeScript with ts-proto, and proves that the
# result matches what @grpc/proto-loader delivers at run time. Offline: buf and ts-proto come from
# node_modules (npm ci). Commit proto/ and libs/proto/src/generated together.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
buf=node_modules/.bin/buf
if [[ ! -x "$buf" || ! -x node_modules/.bin/protoc-gen-ts_proto ]]; then
  echo "buf or ts-proto missing from node_modules: run 'npm ci' first" >&2
  exit 1
fi

"$buf" format --write proto
"$buf" lint proto
"$buf" generate proto --template proto/buf.gen.yaml
node tools/proto/verify-shapes.js
echo "generated libs/proto/src/generated"
