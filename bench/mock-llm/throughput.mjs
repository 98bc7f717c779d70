// Throughput and latency of the mock LLM itself (no router in front): non-streamed and streamed
// chat completions over keep-alive connections, so a router benchmark can tell how much of its
// budget the upstream mock takes.
//
//   node bench/mock-llm/throughput.mjs [--duration 10] [--connections 32] [--tokens 12] [--latency-ms 0]
//
// The mock runs in a child process (bench/mock-llm/serve.mjs), autocannon in this one.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    tokens: { type: 'string', default: '12' },
    'latency-ms': { type: 'string', default: '0' },
    port: { type: 'string', default: '18181' },
  },
});

const server = spawn(
  process.execPath,
  [
    join(here, 'serve.mjs'),
    '--port',
    values.port,
    '--tokens',
    values.tokens,
    '--latency-ms',
    values['latency-ms'],
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`mock exited early with ${code}`)));
  server.stdout.on('data', (data) => {
    const match = /listening on (\S+)/.exec(String(data));
    if (match) resolve(match[1]);
  });
});

const messages = [{ role: 'user', content: 'My blood pressure is 150/95, what does it mean?' }];
const scenarios = [
  ['non-streamed', { model: 'mock-model', messages }],
  [
    'streamed + usage',
    { model: 'mock-model', messages, stream: true, stream_options: { include_usage: true } },
  ],
];

try {
  for (const [name, body] of scenarios) {
    const result = await autocannon({
      url: `${url}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify(body),
      connections: Number(values.connections),
      duration: Number(values.duration),
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    process.stdout.write(
      `${name.padEnd(18)} ${Math.round(result.requests.average)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  errors ${errors}\n`,
    );
  }
} finally {
  server.kill('SIGTERM');
}
