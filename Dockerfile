# syntax=docker/dockerfile:1

# One image per service, all from one build of the whole workspace:
#
#   docker build --build-arg SERVICE=consultation --build-arg SERVICE_VERSION=0.1.0 \
#     -t meridian/consultation:0.1.0 .
#
# Nothing before the final stage depends on SERVICE, so building the seven images installs and
# compiles the workspace once; the later builds reuse the cached stages, and the layers shared by
# all services (runtime packages, node_modules, libs, proto) are identical across the images.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- Package manifests only: the dependency layer below is rebuilt only when one of them changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out && cp --parents package.json package-lock.json apps/*/package.json libs/*/package.json /out/

# --- The whole workspace, built once.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /out/ ./
# Install scripts are skipped: compiling and running need none of them (they fetch Prisma's schema
# engine, which generation does not use, wire up native helpers of dev tools and send telemetry),
# and without them the build does not depend on downloads outside the package registry.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# As tools/lib/common.sh: Prisma clients are generated (the CLI insists on a schema-engine binary
# that generation does not use, so an empty placeholder stands in), then one `tsc -b` builds all.
RUN : > /tmp/prisma-schema-engine-placeholder \
  && for schema in apps/*/prisma/schema.prisma; do \
       (cd "$(dirname "$(dirname "$schema")")" \
         && PRISMA_SCHEMA_ENGINE_BINARY=/tmp/prisma-schema-engine-placeholder PRISMA_HIDE_UPDATE_MESSAGE=1 \
            npx --no-install prisma generate) || exit 1; \
     done \
  && npx --no-install tsc -b tsconfig.build.json
# Runtime packages only. Omitting "optional" too drops the Prisma CLI (and the studio it brings),
# which npm otherwise keeps because it is an optional peer of @prisma/client; the client's runtime,
# including its query-compiler wasm, lives in @prisma/client itself and stays.
RUN npm prune --omit=dev --omit=optional --omit=peer --no-audit --no-fund
# The libraries as they run (package.json + dist, no sources), and an empty migrations folder for a
# service without a database, so that the final stage copies the same paths for every service.
RUN mkdir /runtime \
  && cp -a --parents libs/*/package.json libs/*/dist /runtime/ \
  && for app in apps/*/; do mkdir -p "${app}prisma/migrations"; done

# --- The service.
FROM ${NODE_IMAGE} AS runtime
# tini runs as PID 1 and forwards signals: the services handle SIGTERM themselves (graceful shutdown),
# but only once Nest has registered its hooks, after migrations and connections at boot. Node as
# PID 1 would ignore a SIGTERM arriving before that and the pod would wait for its full grace period.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Shared by every service image (same content, same layers).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/proto ./proto
COPY --from=build /runtime/libs ./libs

ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=<app under apps/>' >&2; exit 1; }
COPY --from=build /app/apps/${SERVICE}/package.json ./apps/${SERVICE}/package.json
COPY --from=build /app/apps/${SERVICE}/dist ./apps/${SERVICE}/dist
# Applied by the service itself at start-up.
COPY --from=build /app/apps/${SERVICE}/prisma/migrations ./apps/${SERVICE}/prisma/migrations

ARG SERVICE_VERSION=dev
ENV SERVICE_VERSION=${SERVICE_VERSION}
LABEL org.opencontainers.image.title="meridian/${SERVICE}" \
      org.opencontainers.image.version="${SERVICE_VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"

# Paths the services compute (proto root, migrations) are relative to their files, not to the
# working directory; working in the service's folder lets CMD stay in exec form.
WORKDIR /app/apps/${SERVICE}
# The node image's unprivileged user, by number so that Kubernetes can verify runAsNonRoot. The
# files above stay owned by root: the process cannot change its own code.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
# No HEALTHCHECK: Kubernetes probes /health/live and /health/ready.
