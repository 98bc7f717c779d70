// Runs the OpenAI-compatible mock LLM (libs/testing/src/mock-llm) as a standalone server, e.g. as the
// upstream of a router under benchmark or for poking at it with curl.
//
//   node bench/mock-llm/serve.mjs [--port 8080] [--tokens 12] [--token-delay-ms 0] [--latency-ms 0]
//        [--first-token-delay-ms 0] [--reasoning-tokens 0] [--models mock-model,deepseek-r1]
//        [--echo] [--max-recorded 0] [--log]
//
// Prints one line `mock-llm listening on <url>` once it serves; stops on SIGINT/SIGTERM.
// The TypeScript sources are compiled on the fly with @swc/core (already a devDependency), so this
// works without a build.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { transformFileSync } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    tokens: { type: 'string', default: '12' },
    'token-delay-ms': { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'first-token-delay-ms': { type: 'string', default: '0' },
    'reasoning-tokens': { type: 'string', default: '0' },
    models: { type: 'string', default: 'mock-model' },
    echo: { type: 'boolean', default: false },
    'max-recorded': { type: 'string', default: '0' },
    log: { type: 'boolean', default: false },
  },
});

function number(name) {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got ${values[name]}\n`);
    process.exit(2);
  }
  return value;
}

function compileMockLlm() {
  const source = join(root, 'libs/testing/src/mock-llm');
  const out = join(tmpdir(), `meridian-mock-llm-${process.pid}`);
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(source)) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    const { code } = transformFileSync(join(source, file), {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), code);
  }
  const required = createRequire(join(out, 'index.js'))(join(out, 'index.js'));
  rmSync(out, { recursive: true, force: true });
  return required;
}

const { startMockLlm } = compileMockLlm();
const defaults = {
  tokens: number('tokens'),
  tokenDelayMs: number('token-delay-ms'),
  latencyMs: number('latency-ms'),
  firstTokenDelayMs: number('first-token-delay-ms'),
  reasoningTokens: number('reasoning-tokens'),
  ...(values.echo ? { echo: true } : {}),
};
const mock = await startMockLlm({
  host: values.host,
  port: number('port'),
  models: Object.fromEntries(values.models.split(',').map((model) => [model.trim(), {}])),
  defaults,
  maxRecorded: number('max-recorded'),
  log: values.log,
});
process.stdout.write(`mock-llm listening on ${mock.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    mock.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`mock-llm: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
