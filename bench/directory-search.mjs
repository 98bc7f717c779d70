// Directory search throughput and latency with a generated directory (2,000 hospitals and 50,000
// doctors by default), through the gateway (REST) and directly over gRPC to hospital-integration.
//
//   node bench/directory-search.mjs [--duration 8] [--connections 16] [--rounds 1]
//        [--gateway http://127.0.0.1:3000] [--grpc 127.0.0.1:50103] [--run-dir .infra/run]
//        [--seed] [--scenarios city,text-zh,...]
//
// Against a platform started with tools/up.sh (its env files in .infra/run tell where the
// databases are). --seed runs the seed generator first (idempotent). Each scenario is measured
// twice: the first page (served from the Redis search cache after the first request) and the
// second page (cursor pages are not cached: PostgreSQL every time).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createGrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
    gateway: { type: 'string', default: 'http://127.0.0.1:3000' },
    grpc: { type: 'string', default: '127.0.0.1:50103' },
    'run-dir': { type: 'string', default: join(root, '.infra/run') },
    seed: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: '' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

function envFile(service) {
  const file = join(values['run-dir'], `${service}.env`);
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const hiEnv = envFile('hospital-integration');
const gwEnv = envFile('api-gateway');
const childEnv = (env) => ({
  PATH: process.env.PATH,
  DATABASE_URL: env.DATABASE_URL,
  DATABASE_SCHEMA: env.DATABASE_SCHEMA ?? 'public',
  REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});

if (values.seed) {
  execFileSync(
    process.execPath,
    [join(root, 'apps/hospital-integration/dist/cli/seed-directory.js')],
    {
      env: childEnv(hiEnv),
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

// What is loaded, counted in the directory's own database.
const db = new pg.Client({ connectionString: hiEnv.DATABASE_URL });
await db.connect();
const schema = hiEnv.DATABASE_SCHEMA ?? 'public';
const loaded = (
  await db.query(
    `SELECT (SELECT count(*) FROM "${schema}".hospitals)::int AS hospitals,
            (SELECT count(*) FROM "${schema}".doctors)::int AS doctors,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS trigram`,
  )
).rows[0];
await db.end();

// A partner client with a rate limit that does not interfere.
const clientId = `bench-dir-${process.pid}`;
const created = JSON.parse(
  execFileSync(
    process.execPath,
    [
      join(root, 'apps/api-gateway/dist/cli/create-partner-client.js'),
      '--client-id',
      clientId,
      '--name',
      'Directory benchmark',
      '--scopes',
      'directory:read',
      '--rate-limit',
      '100000000',
    ],
    { env: childEnv(gwEnv) },
  ).toString(),
);
const tokenResponse = await fetch(`${values.gateway}/oauth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: created.clientSecret,
  }),
});
const { access_token: token } = await tokenResponse.json();
const auth = { authorization: `Bearer ${token}` };

const ALL_SCENARIOS = [
  { name: 'city', rest: { city: 'Hangzhou' } },
  { name: 'city+department', rest: { city: 'Beijing', department: 'cardiology' } },
  { name: 'region (province)', rest: { region: '440000' } },
  { name: 'text zh', rest: { q: '人民医院' } },
  { name: 'text en', rest: { q: 'children' } },
  { name: 'specialty', rest: { specialty: '高血压' } },
  { name: 'city+text+specialty', rest: { city: 'Shanghai', q: '心内科', specialty: '冠心病' } },
];
const wanted = values.scenarios ? new Set(values.scenarios.split(',')) : undefined;
const scenarios = ALL_SCENARIOS.filter((s) => !wanted || wanted.has(s.name));

const toGrpc = (rest) => ({
  regionCode: rest.region ?? '',
  city: rest.city ?? '',
  departmentCode: rest.department ?? '',
  text: rest.q ?? '',
  specialty: rest.specialty ?? '',
  pageSize: 20,
  pageToken: '',
});

const grpc = createGrpcClient({
  target: values.grpc,
  protoFiles: PROTO_FILES.hospitalDirectory,
  service: grpcServiceName('hospitalDirectory'),
  deadlineMs: 10_000,
});

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Keeps `connections` calls in flight for `duration` seconds. */
async function loadGrpc(request) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + duration * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        await grpc.call.searchHospitals(request);
        latencies.push(performance.now() - start);
      } catch {
        errors += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

function loadRest(path) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${values.gateway}${path}`, connections, duration, headers: auth },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              rps: result.requests.average,
              p50: result.latency.p50,
              p99: result.latency.p99,
              errors: result.errors + result.timeouts + result.non2xx,
            }),
    );
  });
}

const rows = [];
for (const scenario of scenarios) {
  // The cursor of the second page, from the real API, so both transports page the same way.
  const first = await grpc.call.searchHospitals(toGrpc(scenario.rest));
  const params = new URLSearchParams({ ...scenario.rest, limit: '20' });
  const variants = [
    {
      page: 'page 1 (cached)',
      grpcRequest: toGrpc(scenario.rest),
      restPath: `/v1/hospitals?${params}`,
    },
  ];
  if (first.nextPageToken) {
    const restFirst = await (
      await fetch(`${values.gateway}/v1/hospitals?${params}`, { headers: auth })
    ).json();
    variants.push({
      page: 'page 2 (PostgreSQL)',
      grpcRequest: { ...toGrpc(scenario.rest), pageToken: first.nextPageToken },
      restPath: `/v1/hospitals?${params}&cursor=${encodeURIComponent(restFirst.page.nextCursor)}`,
    });
  }
  for (const variant of variants) {
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      const viaGrpc = await loadGrpc(variant.grpcRequest);
      const viaRest = await loadRest(variant.restPath);
      rows.push({
        scenario: scenario.name,
        page: variant.page,
        hits: first.hospitals.length,
        viaGrpc,
        viaRest,
      });
      process.stderr.write(
        `${scenario.name} ${variant.page}: gRPC ${viaGrpc.rps.toFixed(0)} req/s, gateway ${viaRest.rps.toFixed(0)} req/s\n`,
      );
    }
  }
}
grpc.close();

console.log(
  `\nDirectory: ${loaded.hospitals} hospitals, ${loaded.doctors} doctors, pg_trgm ${loaded.trigram ? 'installed' : 'absent'}; ` +
    `${connections} concurrent requests, ${duration}s per measurement, page size 20`,
);
const cols = [
  'scenario',
  'page',
  'gRPC req/s',
  'p50 ms',
  'p99 ms',
  'REST req/s',
  'p50 ms',
  'p99 ms',
  'errors',
];
const widths = [22, 20, 11, 8, 8, 11, 8, 8, 7];
console.log(cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' '));
for (const r of rows) {
  const cells = [
    r.scenario,
    r.page,
    r.viaGrpc.rps.toFixed(0),
    r.viaGrpc.p50.toFixed(1),
    r.viaGrpc.p99.toFixed(1),
    r.viaRest.rps.toFixed(0),
    r.viaRest.p50.toFixed(1),
    r.viaRest.p99.toFixed(1),
    String(r.viaGrpc.errors + r.viaRest.errors),
  ];
  console.log(cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' '));
}
