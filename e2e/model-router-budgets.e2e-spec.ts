import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';
import type { modelRouterV1 } from '@meridian/proto';
import { eventually, llmFaults, startMockLlm } from '@meridian/testing';
import type { MockLlm } from '@meridian/testing';
import { Client as PgClient } from 'pg';

import {
  awayFromMinuteEnd,
  collectStream,
  completion,
  mockModel,
  routerCli,
  streamingClient,
  writeCatalog,
} from './support/model-router';
import type { StreamClient } from './support/model-router';
import { TestPlatform } from './support/platform';

jest.setTimeout(60_000);

const API_KEY = 'sk-e2e-budgets-not-a-real-key';
// Partner and service ids are unique per run: budget counters live in the shared Redis.
const RUN = randomBytes(3).toString('hex');
const partner = (name: string) => `${name}-${RUN}`;

function catalog(mockUrl: string) {
  const retry = { attemptsPerCandidate: 1, baseDelayMs: 10, maxDelayMs: 100 };
  return {
    models: [
      mockModel('primary', mockUrl, 'E2E_LLM_API_KEY'),
      mockModel('secondary', mockUrl, 'E2E_LLM_API_KEY'),
    ],
    routes: { consult: { strategy: 'priority', candidates: ['primary', 'secondary'], retry } },
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as ServiceError,
  );

function routerClient(target: string): GrpcClient<modelRouterV1.ModelRouterClient> {
  return createGrpcClient<modelRouterV1.ModelRouterClient>({
    target,
    protoFiles: PROTO_FILES.modelRouter,
    service: grpcServiceName('modelRouter'),
    deadlineMs: 10_000,
  });
}

const tokensOf = (response: modelRouterV1.CompleteResponse) =>
  (response.usage?.inputTokens ?? 0) + (response.usage?.outputTokens ?? 0);

describe('model-router budgets and usage ledger', () => {
  let mock: MockLlm;
  let platform: TestPlatform;
  let unary: GrpcClient<modelRouterV1.ModelRouterClient>;
  let streaming: StreamClient;
  let db: PgClient;

  const setBudget = async (args: string[]) => {
    const result = await routerCli(platform, 'budgets', ['set', ...args]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as { limits: Record<string, number | null> };
  };

  const ledger = async (subjectId: string) =>
    (
      await db.query<{
        call_id: string;
        subject_kind: string;
        model: string;
        tokens: number;
        cost: string;
      }>(
        `SELECT call_id, subject_kind, model, input_tokens + output_tokens AS tokens,
                cost_micro_fen::text AS cost
           FROM usage_ledger WHERE subject_id = $1 ORDER BY billed_at`,
        [subjectId],
      )
    ).rows;

  beforeAll(async () => {
    mock = await startMockLlm({ models: { primary: {}, secondary: {} }, apiKey: API_KEY });
    platform = new TestPlatform({
      'model-router': {
        MODEL_CATALOG_PATH: writeCatalog(catalog(mock.url)),
        E2E_LLM_API_KEY: API_KEY,
        BUDGET_OVERRIDES_CACHE_MS: '0',
        API_KEY_CACHE_MS: '0',
      },
    });
    await platform.start(['model-router']);
    unary = routerClient(platform.grpcTarget('model-router'));
    streaming = streamingClient(platform.grpcTarget('model-router'));
    db = new PgClient({ connectionString: platform.databaseUrl('model-router') });
    await db.connect();
    await db.query(`SET search_path TO "${platform.schema}"`);
  }, 90_000);

  afterAll(async () => {
    unary.close();
    streaming.close();
    await db.end();
    await platform.stopAll();
    await mock.close();
  }, 60_000);

  beforeEach(() => {
    mock.reset();
  });

  it('limits requests per minute per partner: RESOURCE_EXHAUSTED with ErrorInfo and RetryInfo', async () => {
    const limited = partner('rpm');
    const set = await setBudget(['--partner', limited, '--requests-per-minute', '3']);
    expect(set.limits['requestsPerMinute']).toBe(3);
    await awayFromMinuteEnd();
    for (let i = 0; i < 3; i++) await unary.call.complete(completion(limited));
    const error = await failure(unary.call.complete(completion(limited)));
    expect(error.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    const details = decodeStatusDetails(error.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.RATE_LIMITED');
    expect(details.metadata).toMatchObject({
      subjectKind: 'partner',
      subjectId: limited,
      limit: 'requestsPerMinute',
      limitValue: '3',
    });
    expect(details.retryAfterMs).toBeGreaterThan(0);
    expect(details.retryAfterMs).toBeLessThanOrEqual(60_000);
    // The refused call reached no model; another partner is not affected.
    expect(mock.requestCount).toBe(3);
    await unary.call.complete(completion(partner('other')));

    // A refused stream gets the status before any chunk.
    const streamed = await collectStream(streaming, completion(limited));
    expect(streamed.error?.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(streamed.chunks).toEqual([]);
  });

  it('reserves the most a call may use, then settles it to what the answering model billed', async () => {
    const metered = partner('tokens');
    await setBudget(['--partner', metered, '--tokens-per-day', '600']);
    // Each reservation is the prompt (about 16 tokens) plus max_output_tokens.
    const first = await unary.call.complete(completion(metered, { maxOutputTokens: 400 }));
    // Fits only because the first call was settled to its real usage (far below 416).
    const second = await unary.call.complete(completion(metered, { maxOutputTokens: 400 }));
    const used = tokensOf(first) + tokensOf(second);
    expect(used).toBeLessThan(100);

    const sentAt = Date.now();
    const error = await failure(unary.call.complete(completion(metered, { maxOutputTokens: 560 })));
    expect(error.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    const details = decodeStatusDetails(error.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.BUDGET_EXCEEDED');
    expect(details.metadata).toMatchObject({ limit: 'tokensPerDay', used: String(used) });
    expect(error.details).toContain(`${String(used)} of 600 tokens per day used`);
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    // Until the UTC day ends, counted from when the router refused the call.
    expect(details.retryAfterMs).toBeGreaterThanOrEqual(midnight.getTime() - Date.now());
    expect(details.retryAfterMs).toBeLessThanOrEqual(midnight.getTime() - sentAt);

    // One ledger row per billed call, with the usage the caller was told.
    const rows = await eventually(async () => {
      const found = await ledger(metered);
      return found.length === 2 ? found : undefined;
    });
    expect(rows.map((r) => [r.call_id, r.model, r.tokens])).toEqual([
      [first.callId, 'primary', tokensOf(first)],
      [second.callId, 'primary', tokensOf(second)],
    ]);
    expect(rows[0]?.cost).toBe(first.usage?.costMicroFen);

    const report = await routerCli(platform, 'budgets', ['usage', '--partner', metered]);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({
      subject: { kind: 'partner', id: metered },
      models: [
        {
          model: 'primary',
          calls: 2,
          inputTokens: (first.usage?.inputTokens ?? 0) + (second.usage?.inputTokens ?? 0),
        },
      ],
    });
  });

  it('bills only the attempt that answered, and gives a failed call its reservation back', async () => {
    const billed = partner('failover');
    await setBudget(['--partner', billed, '--tokens-per-day', '500']);
    mock.setBehaviour(llmFaults.unavailable(), { model: 'primary' });
    const answered = await unary.call.complete(completion(billed, { maxOutputTokens: 200 }));
    expect(answered.route?.model).toBe('secondary');

    // Everything down: the call fails, and its reservation (about 466 tokens) is given back...
    mock.setBehaviour(llmFaults.unavailable(), { model: /./ });
    const down = await failure(unary.call.complete(completion(billed, { maxOutputTokens: 450 })));
    expect(down.code).toBe(GrpcStatus.UNAVAILABLE);
    mock.reset();
    // ...so that the same reservation fits again.
    await unary.call.complete(completion(billed, { maxOutputTokens: 450 }));

    const rows = await eventually(async () => {
      const found = await ledger(billed);
      return found.length === 2 ? found : undefined;
    });
    expect(rows[0]).toMatchObject({
      call_id: answered.callId,
      model: 'secondary',
      tokens: tokensOf(answered),
    });
    const failed = await db.query<{ id: string }>(
      `SELECT id FROM model_calls WHERE partner_id = $1 AND outcome <> 'answered'`,
      [billed],
    );
    expect(failed.rows).toHaveLength(1);
    expect(rows.map((r) => r.call_id)).not.toContain(failed.rows[0]?.id);
  });

  it('attributes platform calls without a partner to the calling service', async () => {
    const service = partner('eval-runner');
    await setBudget(['--service', service, '--requests-per-minute', '1']);
    await awayFromMinuteEnd();
    const response = await unary.call.complete(completion('', {}, service));
    const error = await failure(unary.call.complete(completion('', {}, service)));
    expect(error.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(decodeStatusDetails(error.metadata).metadata).toMatchObject({
      subjectKind: 'service',
      subjectId: service,
    });
    const rows = await eventually(async () => {
      const found = await ledger(service);
      return found.length === 1 ? found : undefined;
    });
    expect(rows[0]).toMatchObject({ call_id: response.callId, subject_kind: 'service' });
  });

  it('rejects bad operator input and changes nothing', async () => {
    const subject = partner('cli');
    const bad = await routerCli(platform, 'budgets', [
      'set',
      '--partner',
      subject,
      '--tokens-per-day=-5',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--tokens-per-day must be a whole number, "unlimited" or "default"',
    );
    const neither = await routerCli(platform, 'budgets', ['show']);
    expect(neither.code).toBe(2);
    const shown = await routerCli(platform, 'budgets', ['show', '--partner', subject]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ overrides: {} });
    // Lifting and restoring one limit.
    expect(
      (await setBudget(['--partner', subject, '--tokens-per-day', 'unlimited'])).limits[
        'tokensPerDay'
      ],
    ).toBeNull();
    expect(
      (await setBudget(['--partner', subject, '--tokens-per-day', 'default'])).limits[
        'tokensPerDay'
      ],
    ).toBe(2_000_000);
  }, 180_000);
  it('authenticates the OpenAI-compatible endpoint with partner keys and bills the partner', async () => {
    const owner = partner('http');
    const http = (path: string) => `${platform.httpUrl('model-router')}${path}`;
    const created = await routerCli(platform, 'api-keys', [
      'create',
      '--partner',
      owner,
      '--name',
      'app',
    ]);
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(key).toMatch(/^mrk_[A-Za-z0-9_-]{43}$/);
    // Only a digest is stored.
    const stored = await db.query<{ key_digest: string }>(
      'SELECT key_digest FROM api_keys WHERE id = $1',
      [id],
    );
    expect(stored.rows[0]?.key_digest).not.toContain(key.slice(4));

    const chat = (authorization?: string) =>
      fetch(http('/v1/chat/completions'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-meridian-data-class': 'public',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify({ model: 'consult', messages: [{ role: 'user', content: 'hello' }] }),
      });

    for (const authorization of [undefined, 'Bearer mrk_not-a-key', `Basic ${key}`]) {
      const refused = await chat(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.json()).toMatchObject({
        error: { type: 'invalid_request_error', code: 'invalid_api_key', param: null },
      });
    }
    expect(mock.requestCount).toBe(0);

    const models = await fetch(http('/v1/models'), { headers: { authorization: `Bearer ${key}` } });
    expect(await models.json()).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([
        expect.objectContaining({ id: 'consult', object: 'model' }),
      ]) as unknown,
    });
    expect((await fetch(http('/v1/models'))).status).toBe(401);

    await setBudget(['--partner', owner, '--requests-per-minute', '1']);
    await awayFromMinuteEnd();
    const answered = await chat(`Bearer ${key}`);
    expect(answered.status).toBe(200);
    const callId = answered.headers.get('x-meridian-call-id');
    const row = await eventually(async () => {
      const found = await db.query<{ partner_id: string; caller_service: string }>(
        'SELECT partner_id, caller_service FROM model_calls WHERE id = $1',
        [callId],
      );
      return found.rows[0];
    });
    expect(row).toEqual({ partner_id: owner, caller_service: 'openai-http' });

    const limited = await chat(`Bearer ${key}`);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({
      error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
    });

    const revoked = await routerCli(platform, 'api-keys', [
      'revoke',
      '--partner',
      owner,
      '--id',
      id,
    ]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      id,
      revokedAt: expect.any(String) as unknown,
    });
    expect((await chat(`Bearer ${key}`)).status).toBe(401);
  }, 180_000);
});

describe('model-router budgets when Redis is down', () => {
  let mock: MockLlm;
  let platform: TestPlatform;
  let unary: GrpcClient<modelRouterV1.ModelRouterClient>;
  let redis: ChildProcess;
  const redisPort = 6390 + Number(process.env['E2E_PORT_OFFSET'] ?? 0);

  beforeAll(async () => {
    redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    mock = await startMockLlm({ models: { primary: {}, secondary: {} }, apiKey: API_KEY });
    platform = new TestPlatform({
      'model-router': {
        MODEL_CATALOG_PATH: writeCatalog(catalog(mock.url)),
        E2E_LLM_API_KEY: API_KEY,
        REDIS_URL: `redis://127.0.0.1:${String(redisPort)}`,
      },
    });
    await platform.start(['model-router']);
    unary = routerClient(platform.grpcTarget('model-router'));
  }, 90_000);

  afterAll(async () => {
    unary.close();
    if (redis.exitCode === null) redis.kill('SIGKILL');
    await platform.stopAll();
    await mock.close();
  }, 60_000);

  it('fails partner calls closed before any model is called; unlimited platform calls go on', async () => {
    await unary.call.complete(completion(partner('before-outage')));
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
    mock.reset();

    const started = Date.now();
    const error = await failure(unary.call.complete(completion(partner('during-outage'))));
    expect(error.code).toBe(GrpcStatus.UNAVAILABLE);
    const details = decodeStatusDetails(error.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.BUDGET_UNAVAILABLE');
    expect(details.retryAfterMs).toBe(1_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(mock.requestCount).toBe(0);

    const internal = await unary.call.complete(completion('', {}, 'consultation'));
    expect(internal.content.length).toBeGreaterThan(0);
    expect(mock.requestCount).toBe(1);
  });
});
