// What the model router adds on top of the provider, next to the open-source Portkey gateway on the
// same mock provider, in one run:
//   1. latency, interleaved rounds: per round and target, sequential non-streamed calls (whole
//      answer) and streamed calls (time to the first answer token), on keep-alive connections;
//      "added" is the target's percentile minus the direct call's percentile of the same run;
//   2. throughput: autocannon at rising connection counts, targets interleaved per step; the
//      figure is the most requests per second of a step with under 0.1% errors.
//
//   node bench/router/run.mjs [--rounds 6] [--requests 60] [--latency-ms 60] [--tokens 12]
//        [--duration 8] [--connections 32,64,128,256,512] [--port-base 18300]
//        [--data-class public] [--router-log-level info] [--skip-portkey] [--skip-throughput]
//        [--router-node-args="--cpu-prof --cpu-prof-dir=/tmp/router-prof"]
//
// Needs the workspace built (`npx tsc -b tsconfig.build.json`) and PostgreSQL, Redis and Kafka up
// (tools/infra.sh). The router runs from apps/model-router/dist in a fresh schema of the
// model-router test database (dropped at the end); the mock (bench/mock-llm/serve.mjs) and Portkey
// (@portkey-ai/gateway, pinned in the root package.json) run as child processes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus, tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    requests: { type: 'string', default: '60' },
    'latency-ms': { type: 'string', default: '60' },
    tokens: { type: 'string', default: '12' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32,64,128,256,512' },
    'port-base': { type: 'string', default: '18300' },
    'data-class': { type: 'string', default: 'public' },
    'router-log-level': { type: 'string', default: 'info' },
    'router-node-args': { type: 'string', default: '' },
    'skip-portkey': { type: 'boolean', default: false },
    'skip-throughput': { type: 'boolean', default: false },
  },
});

function positive(name) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive integer`);
  return value;
}
function fail(message) {
  process.stderr.write(`bench/router: ${message}\n`);
  process.exit(2);
}

const ROUNDS = positive('rounds');
const REQUESTS = positive('requests');
const LATENCY_MS = Number(values['latency-ms']);
const TOKENS = positive('tokens');
const DURATION = positive('duration');
const CONNECTION_STEPS = values.connections.split(',').map((c) => {
  const n = Number(c);
  if (!Number.isInteger(n) || n < 1) fail(`--connections must list positive integers`);
  return n;
});
const PORT = positive('port-base');
const PORTS = {
  mock: PORT,
  routerHttp: PORT + 1,
  routerGrpc: PORT + 2,
  portkey: PORT + 3,
  portkeyShim: PORT + 4,
};
const API_KEY = 'sk-bench-not-a-real-key';
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ??
  'postgresql://meridian:meridian@127.0.0.1:5432/meridian_model_router_test';
const SCHEMA = `bench_${randomBytes(4).toString('hex')}`;
const children = [];
const log = (line) => process.stderr.write(`${line}\n`);

// ── processes ───────────────────────────────────────────────────────────────────────────────────

function start(name, args, env, ready) {
  const logFile = join(tmpdir(), `bench-router-${name}-${process.pid}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  children.push(child);
  const spawned = Date.now();
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 90_000;
    child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code}; log: ${logFile}\n${tail(logFile)}`)),
    );
    const poll = async () => {
      if (Date.now() > deadline) return reject(new Error(`${name} not ready; log: ${logFile}`));
      if (await ready().catch(() => false))
        return resolve({ child, logFile, readyAfterMs: Date.now() - spawned });
      setTimeout(poll, 200);
    };
    poll();
  });
}

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is missing. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

async function listening(url) {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status < 500;
}

function stopAll() {
  const exits = [];
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    exits.push(new Promise((resolve) => child.once('exit', resolve)));
    child.kill('SIGTERM');
  }
  return Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000))]);
}
process.once('SIGINT', () => {
  stopAll();
  process.exit(130);
});

// ── the three ways to reach the model ───────────────────────────────────────────────────────────

const messages = [{ role: 'user', content: 'My blood pressure is 150/95, what does it mean?' }];
function target(name, port, path, headers, model) {
  return {
    name,
    port,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: (stream) =>
      JSON.stringify({
        model,
        messages,
        ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      }),
  };
}

const mockUrl = `http://127.0.0.1:${PORTS.mock}/v1`;
const portkeyHeaders = {
  authorization: `Bearer ${API_KEY}`,
  'x-portkey-provider': 'openai',
  'x-portkey-custom-host': mockUrl,
};
const TARGETS = {
  direct: target(
    'direct (mock)',
    PORTS.mock,
    '/v1/chat/completions',
    { authorization: `Bearer ${API_KEY}` },
    'mock-model',
  ),
  router: target(
    'meridian router',
    PORTS.routerHttp,
    '/v1/chat/completions',
    { 'x-meridian-data-class': values['data-class'] },
    'consult',
  ),
  portkey: target(
    'portkey 1.15.2',
    PORTS.portkey,
    '/v1/chat/completions',
    portkeyHeaders,
    'mock-model',
  ),
  portkeyShim: target(
    'portkey 1.15.2 + fetch shim',
    PORTS.portkeyShim,
    '/v1/chat/completions',
    portkeyHeaders,
    'mock-model',
  ),
};

// ── one request, timed ──────────────────────────────────────────────────────────────────────────

const agents = new Map();
function agentFor(port) {
  if (!agents.has(port)) agents.set(port, new http.Agent({ keepAlive: true, maxSockets: 1 }));
  return agents.get(port);
}

/** ms to the whole answer (non-streamed) or to the first non-empty content delta (streamed). */
function timed(t, stream) {
  const body = t.body(stream);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    let firstToken;
    const request = http.request(
      {
        host: '127.0.0.1',
        port: t.port,
        path: t.path,
        method: 'POST',
        agent: agentFor(t.port),
        headers: { ...t.headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        let seen = 0;
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
          if (!stream || firstToken !== undefined) return;
          // Look for the first SSE event that carries answer text.
          let end;
          while ((end = text.indexOf('\n\n', seen)) !== -1) {
            const event = text.slice(seen, end);
            seen = end + 2;
            const data = event.split('\n').find((l) => l.startsWith('data: '));
            if (!data || data === 'data: [DONE]') continue;
            try {
              const content = JSON.parse(data.slice(6)).choices?.[0]?.delta?.content;
              if (typeof content === 'string' && content !== '') {
                firstToken = elapsed();
                break;
              }
            } catch {
              // not JSON: counted as a failure below if no token ever comes
            }
          }
        });
        response.on('end', () => {
          const total = elapsed();
          if (response.statusCode !== 200) {
            return reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
          }
          if (stream) {
            if (firstToken === undefined)
              return reject(new Error(`no token in stream: ${text.slice(0, 300)}`));
            if (!text.includes('data: [DONE]'))
              return reject(new Error('stream ended without [DONE]'));
            return resolve(firstToken);
          }
          const content = JSON.parse(text).choices?.[0]?.message?.content;
          if (typeof content !== 'string' || content === '')
            return reject(new Error(`no answer: ${text.slice(0, 300)}`));
          resolve(total);
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

// ── statistics ──────────────────────────────────────────────────────────────────────────────────

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
const f2 = (n) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(2));
const signed = (n) =>
  n === undefined || Number.isNaN(n) ? '—' : `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const withPortkey = !values['skip-portkey'];
  log(
    `bench/router: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version}`,
  );

  await start(
    'mock',
    [
      join(root, 'bench/mock-llm/serve.mjs'),
      '--port',
      String(PORTS.mock),
      '--latency-ms',
      String(LATENCY_MS),
      '--tokens',
      String(TOKENS),
      '--max-recorded',
      '0',
    ],
    {},
    () => listening(`${mockUrl}/models`),
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-router-'));
  const catalogPath = join(dir, 'catalog.json');
  writeFileSync(
    catalogPath,
    JSON.stringify({
      models: [
        {
          id: 'mock-model',
          provider: {
            kind: 'openai-compatible',
            baseUrl: mockUrl,
            apiKeyEnv: 'BENCH_LLM_API_KEY',
            upstreamModel: 'mock-model',
            upstreamVersion: 'bench',
          },
          capabilities: ['chat', 'zh', 'en'],
          contextWindowTokens: 32_000,
          maxOutputTokens: 2_000,
          pricing: { inputMicroFenPer1kTokens: 2_000, outputMicroFenPer1kTokens: 8_000 },
          residency: 'domestic',
          phiPermitted: false,
          concurrencyLimit: 100_000,
          timeouts: { totalMs: 30_000, firstTokenMs: 15_000, idleMs: 15_000 },
          circuitBreaker: { failureThreshold: 1_000, openMs: 1_000 },
        },
      ],
      routes: { consult: { strategy: 'priority', candidates: ['mock-model'] } },
    }),
  );
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${SCHEMA}"`);
  try {
    const router = await start(
      'model-router',
      [
        ...values['router-node-args'].split(' ').filter((a) => a !== ''),
        join(root, 'apps/model-router/dist/main.js'),
      ],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: values['router-log-level'],
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(PORTS.routerHttp),
        GRPC_HOST: '127.0.0.1',
        GRPC_PORT: String(PORTS.routerGrpc),
        DATABASE_URL,
        DATABASE_SCHEMA: SCHEMA,
        REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
        KAFKA_BROKERS: process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:9092',
        KAFKA_NAMESPACE: `bench.${SCHEMA.slice(6)}.`,
        MODEL_CATALOG_PATH: catalogPath,
        BENCH_LLM_API_KEY: API_KEY,
      },
      () => listening(`http://127.0.0.1:${PORTS.routerHttp}/health/ready`).then((ok) => ok),
    );
    log(
      `model-router ready after ${(router.readyAfterMs / 1000).toFixed(1)} s (log ${router.logFile})`,
    );

    const portkeyScript = join(
      dirname(require.resolve('@portkey-ai/gateway/package.json')),
      'build',
      'start-server.js',
    );
    let streamingProbe;
    if (withPortkey) {
      const plain = await start(
        'portkey',
        [portkeyScript, `--port=${PORTS.portkey}`, '--headless'],
        {},
        () => listening(`http://127.0.0.1:${PORTS.portkey}/`),
      );
      await start(
        'portkey-shim',
        [
          '--import',
          join(here, 'portkey-fetch-shim.mjs'),
          portkeyScript,
          `--port=${PORTS.portkeyShim}`,
          '--headless',
        ],
        {},
        () => listening(`http://127.0.0.1:${PORTS.portkeyShim}/`),
      );
      // Streaming through the unpatched gateway, as shipped: record what happens.
      try {
        await timed(TARGETS.portkey, true);
        streamingProbe = 'works';
      } catch (error) {
        await new Promise((r) => setTimeout(r, 200));
        const cause = readFileSync(plain.logFile, 'utf8').match(/TypeError: [^\n]*/)?.[0] ?? '';
        streamingProbe = `fails: ${error.message.split('\n')[0]}${cause ? ` (gateway log: ${cause})` : ''}`;
      }
    }

    // Latency: warm up, then interleaved rounds with the order of targets rotating each round.
    const nonStreamed = withPortkey ? ['direct', 'router', 'portkey'] : ['direct', 'router'];
    const streamed = withPortkey ? ['direct', 'router', 'portkeyShim'] : ['direct', 'router'];
    const samples = {};
    const errors = {};
    for (const kind of ['plain', 'stream']) {
      for (const key of kind === 'plain' ? nonStreamed : streamed) {
        samples[`${kind}:${key}`] = [];
        errors[`${kind}:${key}`] = [];
        for (let i = 0; i < 20; i += 1)
          await timed(TARGETS[key], kind === 'stream').catch(() => undefined);
      }
    }
    const routerCpuBefore = cpuMs(router.child.pid);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const kind of ['plain', 'stream']) {
        const keys = kind === 'plain' ? nonStreamed : streamed;
        const order = keys.map((_, i) => keys[(i + round) % keys.length]);
        for (const key of order) {
          for (let i = 0; i < REQUESTS; i += 1) {
            try {
              samples[`${kind}:${key}`].push(await timed(TARGETS[key], kind === 'stream'));
            } catch (error) {
              errors[`${kind}:${key}`].push(error.message);
            }
          }
        }
      }
      log(`latency round ${round + 1}/${ROUNDS} done`);
    }

    const routerCpu = cpuMs(router.child.pid) - routerCpuBefore;
    const routerCalls = samples['plain:router'].length + samples['stream:router'].length;
    const latencyRows = [];
    for (const kind of ['plain', 'stream']) {
      const keys = kind === 'plain' ? nonStreamed : streamed;
      const base = samples[`${kind}:direct`];
      for (const key of keys) {
        const s = samples[`${kind}:${key}`];
        const p50 = s.length ? percentile(s, 0.5) : undefined;
        const p99 = s.length ? percentile(s, 0.99) : undefined;
        latencyRows.push([
          kind === 'plain' ? 'non-streamed, whole answer' : 'streamed, first token',
          TARGETS[key].name,
          s.length,
          errors[`${kind}:${key}`].length,
          f2(p50),
          f2(p99),
          key === 'direct' ? '' : signed(p50 - percentile(base, 0.5)),
          key === 'direct' ? '' : signed(p99 - percentile(base, 0.99)),
        ]);
      }
    }

    // Throughput: rising connections, the targets interleaved at each step.
    const throughputRows = [];
    const best = {};
    if (!values['skip-throughput']) {
      const keys = nonStreamed;
      const stopped = new Set();
      for (const connections of CONNECTION_STEPS) {
        for (const key of keys) {
          if (stopped.has(key)) continue;
          const t = TARGETS[key];
          const result = await autocannon({
            url: `http://127.0.0.1:${t.port}${t.path}`,
            method: 'POST',
            headers: t.headers,
            body: t.body(false),
            connections,
            duration: DURATION,
            timeout: 10,
          });
          const failures = result.errors + result.timeouts + result.non2xx;
          const total = result.requests.total + result.errors + result.timeouts;
          const errorRate = total === 0 ? 1 : failures / total;
          const rps = result.requests.total / DURATION;
          throughputRows.push([
            t.name,
            connections,
            Math.round(rps),
            `${(errorRate * 100).toFixed(2)}%`,
            result.latency.p50,
            result.latency.p99,
          ]);
          log(
            `throughput ${t.name} @${connections}: ${Math.round(rps)} req/s, errors ${(errorRate * 100).toFixed(2)}%`,
          );
          if (errorRate < 0.001 && rps > (best[key]?.rps ?? 0)) best[key] = { rps, connections };
          // Saturated: errors, or no more than 5% above the best so far at fewer connections.
          if (
            errorRate >= 0.001 ||
            (best[key] && best[key].connections < connections && rps < best[key].rps * 1.05)
          ) {
            stopped.add(key);
          }
        }
      }
    }

    const rows = await db
      .query(`SELECT count(*)::int AS n FROM "${SCHEMA}".model_calls`)
      .catch(() => ({ rows: [{ n: '?' }] }));

    process.stdout.write(
      `\nRouter benchmark — mock provider ${LATENCY_MS} ms latency, ${TOKENS} tokens; ${cpus().length} cores; node ${process.version}; router data class ${values['data-class']}, log level ${values['router-log-level']}\n\n` +
        `Latency (ms), ${ROUNDS} interleaved rounds × ${REQUESTS} sequential calls per target; added = target − direct at the same percentile\n` +
        table(
          ['scenario', 'target', 'n', 'errors', 'p50', 'p99', 'added p50', 'added p99'],
          latencyRows,
        ) +
        '\n',
    );
    process.stdout.write(
      `Router CPU (user + system) during the latency rounds: ${(routerCpu / routerCalls).toFixed(2)} ms per call (${routerCalls} calls, ${Math.round(routerCpu)} ms)\n`,
    );
    for (const [key, list] of Object.entries(errors)) {
      if (list.length > 0) process.stdout.write(`  ${key} first error: ${list[0]}\n`);
    }
    if (withPortkey) {
      process.stdout.write(`\nStreaming through Portkey as shipped: ${streamingProbe}\n`);
      process.stdout.write(
        'Streamed Portkey figures use bench/router/portkey-fetch-shim.mjs (copies fetch response headers so Portkey can append its own).\n',
      );
    }
    if (throughputRows.length > 0) {
      process.stdout.write(
        `\nThroughput, non-streamed, ${DURATION} s per step (req/s, latency ms)\n` +
          table(['target', 'connections', 'req/s', 'errors', 'p50', 'p99'], throughputRows) +
          '\n\nMost requests per second with under 0.1% errors:\n' +
          nonStreamed
            .map(
              (key) =>
                `  ${TARGETS[key].name.padEnd(28)} ${best[key] ? `${Math.round(best[key].rps)} req/s (${best[key].connections} connections)` : 'none'}`,
            )
            .join('\n') +
          '\n',
      );
    }
    process.stdout.write(
      `\nmodel_calls rows written by the router during the run: ${rows.rows[0].n}\n`,
    );
  } finally {
    await stopAll();
    await db
      .query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`)
      .catch((error) => log(`could not drop schema ${SCHEMA}: ${error.message}`));
    await db.end();
    for (const agent of agents.values()) agent.destroy();
  }
}

main().catch((error) => {
  log(`bench/router: ${error.stack ?? error.message}`);
  stopAll();
  process.exit(1);
});
