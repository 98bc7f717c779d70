import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@meridian/platform';

import { modelEntry } from '../../test/catalog-factory';
import { loadModelRouterConfig } from '../config';
import { loadCatalog } from './catalog.loader';
import { TASKS, catalogSchema } from './catalog.schema';
import { OFFLINE_MODEL_ID, defaultCatalog } from './default-catalog';

const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
let files = 0;
function catalogFile(content: unknown): string {
  const path = join(dir, `catalog-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const route = (candidates: string[]) => ({ strategy: 'priority', candidates });
const valid = () => ({
  models: [
    modelEntry('deepseek-v3', { provider: { apiKeyEnv: 'DEEPSEEK_API_KEY' } }),
    modelEntry('local-qwen', { residency: 'in-boundary', phiPermitted: true }),
  ],
  routes: { consult: route(['deepseek-v3', 'local-qwen']) },
});

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('model catalog', () => {
  it('routes every task to the built-in offline model by default', () => {
    const catalog = defaultCatalog();
    for (const task of TASKS) expect(catalog.routes[task]?.candidates).toEqual([OFFLINE_MODEL_ID]);
    expect(catalog.models[0]).toMatchObject({ residency: 'in-boundary', phiPermitted: true });
  });

  it('fills in defaults: continuation, streaming, circuit breaker, retries, output limit', () => {
    const catalog = catalogSchema.parse({
      ...valid(),
      models: valid().models.map(({ circuitBreaker: _unused, ...rest }) => rest),
    });
    expect(catalog.models[0]?.provider).toMatchObject({
      continuation: 'trailing-assistant',
      streaming: true,
    });
    expect(catalog.models[0]?.circuitBreaker).toEqual({ failureThreshold: 5, openMs: 30_000 });
    expect(catalog.routes.consult).toMatchObject({
      maxOutputTokens: 1_024,
      retry: { attemptsPerCandidate: 2, baseDelayMs: 200, maxDelayMs: 2_000 },
    });
  });

  it.each<[string, (c: ReturnType<typeof valid>) => unknown, RegExp]>([
    [
      'a route naming an unknown model',
      (c) => ({ ...c, routes: { consult: route(['nope']) } }),
      /routes\.consult\.candidates\.0 names unknown model "nope"/,
    ],
    [
      'a duplicate model id',
      (c) => ({ ...c, models: [c.models[0], c.models[0]] }),
      /models\.1\.id duplicates/,
    ],
    ['an unknown task', (c) => ({ ...c, routes: { chit_chat: route(['deepseek-v3']) } }), /routes/],
    [
      'an API key in the catalog',
      (c) => ({
        ...c,
        models: [
          {
            ...c.models[0],
            provider: { ...(c.models[0]?.['provider'] as object), apiKey: 'sk-1' },
          },
          c.models[1],
        ],
      }),
      /apiKey/,
    ],
    [
      'PHI permitted cross-border',
      (c) => ({
        ...c,
        models: [{ ...c.models[0], residency: 'cross-border', phiPermitted: true }, c.models[1]],
      }),
      /models\.0\.phiPermitted cannot be true for a cross-border model/,
    ],
    [
      'a first-token timeout longer than the total',
      (c) => ({
        ...c,
        models: [
          { ...c.models[0], timeouts: { totalMs: 1_000, firstTokenMs: 5_000, idleMs: 500 } },
          c.models[1],
        ],
      }),
      /models\.0\.timeouts/,
    ],
    [
      'a base URL that is not http(s)',
      (c) => ({
        ...c,
        models: [
          {
            ...c.models[0],
            provider: { ...(c.models[0]?.['provider'] as object), baseUrl: 'ftp://x' },
          },
          c.models[1],
        ],
      }),
      /models\.0\.provider\.baseUrl must be an http\(s\) URL/,
    ],
    [
      'an unknown strategy',
      (c) => ({ ...c, routes: { consult: { strategy: 'random', candidates: ['deepseek-v3'] } } }),
      /routes\.consult\.strategy/,
    ],
    [
      'weights for a model that is not a candidate',
      (c) => ({
        ...c,
        routes: {
          consult: {
            strategy: 'weighted',
            candidates: ['deepseek-v3'],
            weights: { 'deepseek-v3': 1, 'local-qwen': 2 },
          },
        },
      }),
      /routes\.consult\.weights\.local-qwen weighs "local-qwen", which is not a candidate/,
    ],
    [
      'weights that are all zero',
      (c) => ({
        ...c,
        routes: {
          consult: {
            strategy: 'weighted',
            candidates: ['deepseek-v3'],
            weights: { 'deepseek-v3': 0 },
          },
        },
      }),
      /routes\.consult\.weights must give at least one candidate a weight above 0/,
    ],
    [
      'a weighted route without weights',
      (c) => ({ ...c, routes: { consult: { strategy: 'weighted', candidates: ['deepseek-v3'] } } }),
      /routes\.consult\.weights/,
    ],
    [
      'an EWMA weight outside (0, 1]',
      (c) => ({
        ...c,
        routes: {
          consult: { strategy: 'lowest-latency', candidates: ['deepseek-v3'], ewmaAlpha: 0 },
        },
      }),
      /routes\.consult\.ewmaAlpha/,
    ],
    [
      'a required capability no candidate has',
      (c) => ({
        ...c,
        routes: { consult: { ...route(['deepseek-v3', 'local-qwen']), requires: ['reasoning'] } },
      }),
      /routes\.consult\.requires requires "reasoning", which no candidate of the route has/,
    ],
  ])('refuses %s, naming where', (_, mutate, message) => {
    const path = catalogFile(mutate(valid()));
    const issues = issuesOf(() => loadCatalog('model-router', path, { DEEPSEEK_API_KEY: 'sk-x' }));
    expect(issues.join('\n')).toMatch(message);
    expect(issues.every((i) => i.startsWith(`MODEL_CATALOG_PATH (${path})`))).toBe(true);
  });

  it('accepts every strategy with its settings and defaults', () => {
    const candidates = ['deepseek-v3', 'local-qwen'];
    const catalog = catalogSchema.parse({
      ...valid(),
      routes: {
        consult: { strategy: 'weighted', candidates, weights: { 'deepseek-v3': 9 } },
        'triage-assist': { strategy: 'lowest-latency', candidates },
        'report-explain': { strategy: 'cheapest', candidates, expectedOutputTokens: 300 },
        'record-draft': { strategy: 'priority', candidates, requires: ['zh'] },
      },
    });
    expect(catalog.routes['triage-assist']).toMatchObject({
      strategy: 'lowest-latency',
      ewmaAlpha: 0.3,
      explorationRate: 0.05,
      requires: [],
    });
    expect(catalog.routes['report-explain']).toMatchObject({ expectedOutputTokens: 300 });
    expect(catalog.routes['record-draft']?.requires).toEqual(['zh']);
  });

  it('accepts the example catalog shipped with the service', () => {
    const loaded = loadCatalog(
      'model-router',
      join(__dirname, '..', '..', 'catalog.example.json'),
      {
        DEEPSEEK_API_KEY: 'sk-1',
        DASHSCOPE_API_KEY: 'sk-2',
      },
    );
    expect(Object.keys(loaded.catalog.routes).sort()).toEqual([...TASKS].sort());
  });

  it('reads the API key from the variable the catalog names', () => {
    const loaded = loadCatalog('model-router', catalogFile(valid()), {
      DEEPSEEK_API_KEY: ' sk-live ',
    });
    expect(loaded.apiKeys.get('deepseek-v3')).toBe('sk-live');
    expect(loaded.apiKeys.has('local-qwen')).toBe(false);
  });

  it('refuses to start when that variable is not set', () => {
    expect(issuesOf(() => loadCatalog('model-router', catalogFile(valid()), {}))).toEqual([
      'DEEPSEEK_API_KEY is missing (API key of model "deepseek-v3" in the catalog)',
    ]);
  });

  it('says when the file cannot be read or is not JSON', () => {
    expect(issuesOf(() => loadCatalog('model-router', join(dir, 'absent.json')))[0]).toMatch(
      /MODEL_CATALOG_PATH cannot be read/,
    );
    expect(issuesOf(() => loadCatalog('model-router', catalogFile('{ nope')))[0]).toMatch(
      /is not valid JSON/,
    );
  });

  it('is part of the service configuration, so a bad catalog stops the boot', () => {
    const env = {
      HTTP_PORT: '4000',
      GRPC_PORT: '5000',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/meridian_model_router',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1:9092',
    };
    expect(loadModelRouterConfig(env).catalog.source).toBe('built-in');
    const path = catalogFile({ models: [] });
    expect(() => loadModelRouterConfig({ ...env, MODEL_CATALOG_PATH: path })).toThrow(ConfigError);
  });
});
