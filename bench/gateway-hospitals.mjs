// Throughput and latency of GET /v1/hospitals on a running platform (tools/up.sh), with the
// gateway's own /health/live measured in the same run as a baseline (no upstream call).
//
//   node bench/gateway-hospitals.mjs [--duration 10] [--connections 32] [--rounds 2]
//
// Creates its own partner client (with a rate limit high enough not to interfere) through the
// gateway's operator command, using the environment tools/up.sh wrote to .infra/run/api-gateway.env.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    base: { type: 'string', default: 'http://127.0.0.1:3000' },
    query: { type: 'string', default: 'city=Hangzhou&limit=20' },
  },
});

function gatewayEnv() {
  const file = join(root, '.infra/run/api-gateway.env');
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const env = gatewayEnv();
const clientId = `bench-${process.pid}`;
const created = JSON.parse(
  execFileSync(
    process.execPath,
    [
      join(root, 'apps/api-gateway/dist/cli/create-partner-client.js'),
      '--client-id',
      clientId,
      '--name',
      'Benchmark',
      '--scopes',
      'directory:read',
      '--rate-limit',
      '100000000',
    ],
    {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: env.DATABASE_URL,
        DATABASE_SCHEMA: env.DATABASE_SCHEMA ?? 'public',
      },
    },
  ).toString(),
);
const tokenResponse = await fetch(`${values.base}/oauth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: created.clientSecret,
  }),
});
const { access_token: token } = await tokenResponse.json();

const probe = await fetch(`${values.base}/v1/hospitals?${values.query}`, {
  headers: { authorization: `Bearer ${token}` },
});
const sample = await probe.json();
if (probe.status !== 200)
  throw new Error(`probe failed: ${probe.status} ${JSON.stringify(sample)}`);

function run(path, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${values.base}${path}`,
        connections: Number(values.connections),
        duration: Number(values.duration),
        headers,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const scenarios = [
  { name: 'GET /health/live (gateway only, baseline)', path: '/health/live', headers: {} },
  {
    name: `GET /v1/hospitals?${values.query}`,
    path: `/v1/hospitals?${values.query}`,
    headers: { authorization: `Bearer ${token}` },
  },
];
const results = new Map(scenarios.map((s) => [s.name, []]));
// Interleaved rounds, so drift on a shared machine affects both scenarios alike.
for (let round = 1; round <= Number(values.rounds); round += 1) {
  for (const scenario of scenarios) {
    const result = await run(scenario.path, scenario.headers);
    results.get(scenario.name).push(result);
    process.stderr.write(
      `round ${round}: ${scenario.name}: ${Math.round(result.requests.average)} req/s\n`,
    );
  }
}

console.log(
  `\n${values.connections} connections, ${values.duration}s x ${values.rounds} rounds, ${sample.data.length} hospitals per page`,
);
console.log(
  'scenario'.padEnd(50),
  'req/s'.padStart(8),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'non-2xx'.padStart(8),
  'errors'.padStart(7),
);
const summary = {};
for (const [name, runs] of results) {
  const rps = runs.reduce((sum, r) => sum + r.requests.average, 0) / runs.length;
  const p50 = runs.reduce((sum, r) => sum + r.latency.p50, 0) / runs.length;
  const p99 = runs.reduce((sum, r) => sum + r.latency.p99, 0) / runs.length;
  const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
  const errors = runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  summary[name] = rps;
  console.log(
    name.padEnd(50),
    rps.toFixed(0).padStart(8),
    p50.toFixed(1).padStart(8),
    p99.toFixed(1).padStart(8),
    String(non2xx).padStart(8),
    String(errors).padStart(7),
  );
}
const [baseline, hospitals] = Object.values(summary);
console.log(
  `\n/v1/hospitals throughput is ${(hospitals / baseline).toFixed(3)} of the gateway-only baseline`,
);
