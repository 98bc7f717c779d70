import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PHI_CANARY_MESSAGES, findCanaries } from '@meridian/clinical';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import {
  PROTO_FILES,
  PROTO_LOADER_OPTIONS,
  commonV1,
  grpcServiceName,
  modelRouterV1,
} from '@meridian/proto';
import { eventually, llmFaults, mockAnswer, startMockLlm } from '@meridian/testing';
import type { MockLlm } from '@meridian/testing';
import { Client as PgClient } from 'pg';

import { routerCli } from './support/model-router';
import { TestPlatform } from './support/platform';

const { ChatRole, DataClass, ResponseFormat } = modelRouterV1;
const API_KEY = 'sk-e2e-not-a-real-key';

function catalog(mockUrl: string) {
  const remote = (id: string, residency = 'domestic') => ({
    id,
    provider: {
      kind: 'openai-compatible',
      baseUrl: mockUrl,
      apiKeyEnv: 'E2E_LLM_API_KEY',
      upstreamModel: id,
      upstreamVersion: '2026-11-01',
    },
    capabilities: ['chat', 'zh', 'en'],
    contextWindowTokens: 32_000,
    maxOutputTokens: 2_000,
    pricing: { inputMicroFenPer1kTokens: 2_000, outputMicroFenPer1kTokens: 8_000 },
    residency,
    phiPermitted: false,
    concurrencyLimit: 16,
    timeouts: { totalMs: 5_000, firstTokenMs: 1_000, idleMs: 500 },
    circuitBreaker: { failureThreshold: 50, openMs: 1_000 },
  });
  const retry = { attemptsPerCandidate: 2, baseDelayMs: 20, maxDelayMs: 500 };
  return {
    models: [
      remote('primary'),
      remote('secondary'),
      {
        id: 'offline-clinical',
        provider: { kind: 'offline', tokenDelayMs: 0 },
        capabilities: ['chat', 'zh', 'en'],
        contextWindowTokens: 32_000,
        maxOutputTokens: 4_000,
        pricing: { inputMicroFenPer1kTokens: 0, outputMicroFenPer1kTokens: 0 },
        residency: 'in-boundary',
        phiPermitted: true,
        concurrencyLimit: 16,
        timeouts: { totalMs: 5_000, firstTokenMs: 1_000, idleMs: 1_000 },
      },
      remote('overseas', 'cross-border'),
    ],
    routes: {
      consult: { strategy: 'priority', candidates: ['primary', 'secondary'], retry },
      'triage-assist': { strategy: 'priority', candidates: ['overseas'], retry },
      'report-explain': { strategy: 'priority', candidates: ['offline-clinical'], retry },
    },
  };
}

function writeCatalog(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mr-e2e-')), 'catalog.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

type StreamClient = Client & {
  streamComplete(
    request: modelRouterV1.StreamCompleteRequest,
    metadata: Metadata,
    options: { deadline: number },
  ): NodeJS.ReadableStream & { on(event: 'data', listener: (chunk: StreamChunk) => void): unknown };
};
type StreamChunk = modelRouterV1.StreamCompleteResponse;

function streamingClient(target: string): StreamClient {
  const definition = loadSync([...PROTO_FILES.modelRouter], PROTO_LOADER_OPTIONS);
  let node: unknown = loadPackageDefinition(definition);
  for (const part of grpcServiceName('modelRouter').split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  const Ctor = node as ServiceClientConstructor;
  return new Ctor(target, credentials.createInsecure()) as unknown as StreamClient;
}

/** Every chunk of a stream, or the gRPC error that ended it. */
function collect(
  client: StreamClient,
  request: modelRouterV1.StreamCompleteRequest,
): Promise<{ chunks: StreamChunk[]; error?: ServiceError }> {
  return new Promise((resolve) => {
    const chunks: StreamChunk[] = [];
    const call = client.streamComplete(request, new Metadata(), { deadline: Date.now() + 10_000 });
    call.on('data', (chunk: StreamChunk) => chunks.push(chunk));
    call.on('error', (error: ServiceError) => {
      resolve({ chunks, error });
    });
    call.on('end', () => {
      resolve({ chunks });
    });
  });
}

const kinds = (chunks: readonly StreamChunk[]) =>
  chunks.map((c) =>
    c.delta ? 'delta' : c.usage ? 'usage' : c.final ? 'final' : c.error ? 'error' : 'failover',
  );

const QUESTION = 'I have had a headache since yesterday.';

function completion(
  overrides: Partial<modelRouterV1.CompleteRequest> = {},
): modelRouterV1.CompleteRequest {
  return {
    idempotencyKey: `e2e-${Math.random().toString(16).slice(2, 12)}`,
    task: 'consult',
    messages: [{ role: ChatRole.CHAT_ROLE_USER, content: QUESTION }],
    dataClass: DataClass.DATA_CLASS_DEIDENTIFIED,
    maxOutputTokens: 0,
    responseFormat: ResponseFormat.RESPONSE_FORMAT_UNSPECIFIED,
    locale: commonV1.Locale.LOCALE_UNSPECIFIED,
    context: {
      service: 'consultation',
      partnerId: 'partner-e2e',
      patientId: 'patient-e2e',
      subjectId: 'consultation-1',
    },
    model: '',
    ...overrides,
  };
}

describe('model-router with a bad catalog', () => {
  it('refuses to start and says which entry is wrong', async () => {
    const platform = new TestPlatform({
      'model-router': {
        MODEL_CATALOG_PATH: writeCatalog({
          ...catalog('http://127.0.0.1:9/v1'),
          routes: { consult: { strategy: 'priority', candidates: ['nope'] } },
        }),
        E2E_LLM_API_KEY: API_KEY,
      },
    });
    try {
      await expect(platform.start(['model-router'], 20_000)).rejects.toThrow(
        /routes\.consult\.candidates\.0 names unknown model "nope"/,
      );
    } finally {
      await platform.stopAll();
    }
  }, 30_000);
});

describe('model-router: gRPC and OpenAI-compatible HTTP over a faulty provider', () => {
  let mock: MockLlm;
  let platform: TestPlatform;
  let unary: GrpcClient<modelRouterV1.ModelRouterClient>;
  let streaming: StreamClient;
  let db: PgClient;
  // The partner key the OpenAI-compatible endpoint requires.
  let bearer = '';
  const http = (path: string) => `${platform.httpUrl('model-router')}${path}`;

  beforeAll(async () => {
    mock = await startMockLlm({ models: { primary: {}, secondary: {} }, apiKey: API_KEY });
    platform = new TestPlatform({
      'model-router': {
        MODEL_CATALOG_PATH: writeCatalog(catalog(mock.url)),
        E2E_LLM_API_KEY: API_KEY,
      },
    });
    await platform.start(['model-router']);
    const created = await routerCli(platform, 'api-keys', ['create', '--partner', 'partner-e2e']);
    bearer = `Bearer ${(JSON.parse(created.stdout) as { key: string }).key}`;
    unary = createGrpcClient<modelRouterV1.ModelRouterClient>({
      target: platform.grpcTarget('model-router'),
      protoFiles: PROTO_FILES.modelRouter,
      service: grpcServiceName('modelRouter'),
      deadlineMs: 10_000,
    });
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

  it('answers Complete from the primary, and records the call with its event', async () => {
    const request = completion();
    const response = await unary.call.complete(request);
    expect(response.content).toBe(mockAnswer(QUESTION));
    expect(response.route).toMatchObject({
      routeId: 'consult',
      model: 'primary',
      candidates: ['primary', 'secondary'],
      reason: 'primary',
      attempts: 1,
    });
    expect(Number(response.usage?.costMicroFen)).toBeGreaterThan(0);
    expect(mock.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);

    const row = await eventually(async () => {
      const result = await db.query<{ outcome: string; model: string; patient_id: string }>(
        'SELECT outcome, model, patient_id FROM model_calls WHERE id = $1',
        [response.callId],
      );
      return result.rows[0];
    });
    expect(row).toEqual({ outcome: 'answered', model: 'primary', patient_id: 'patient-e2e' });
    // The relay published the event.
    await eventually(async () => {
      const result = await db.query<{ published_at: Date | null }>(
        'SELECT published_at FROM outbox_events WHERE key = $1',
        [response.callId],
      );
      return result.rows[0]?.published_at ?? undefined;
    });
    // The first event waits for the relay's Kafka producer to connect.
  }, 20_000);

  it('streams delta*, usage, final; announces a failover before the first token', async () => {
    mock.setBehaviour(llmFaults.unavailable(), { model: 'primary' });
    const { chunks, error } = await collect(streaming, completion());
    expect(error).toBeUndefined();
    const sequence = kinds(chunks);
    expect(sequence[0]).toBe('failover');
    expect(sequence.slice(-2)).toEqual(['usage', 'final']);
    expect(chunks[0]?.failover).toMatchObject({
      fromModel: 'primary',
      toModel: 'secondary',
      restart: false,
    });
    expect(chunks.map((c) => c.delta?.text ?? '').join('')).toBe(mockAnswer(QUESTION));
    expect(chunks[chunks.length - 1]?.final?.route).toMatchObject({
      model: 'secondary',
      attempts: 3,
    });
  });

  it('ends a cut answer the fallback cannot continue with a partial error and no final', async () => {
    mock.setBehaviour(llmFaults.cut(5), { model: 'primary' });
    mock.setBehaviour({ rejectPrefill: true }, { model: 'secondary' });
    const { chunks } = await collect(streaming, completion());
    const sequence = kinds(chunks);
    expect(sequence).not.toContain('final');
    expect(sequence[sequence.length - 1]).toBe('error');
    expect(sequence.filter((k) => k === 'delta')).toHaveLength(5);
    expect(chunks[chunks.length - 1]?.error).toMatchObject({
      code: modelRouterV1.CompletionErrorCode.COMPLETION_ERROR_CODE_ALL_CANDIDATES_FAILED,
      partial: true,
    });
  });

  it('rejects bad input with INVALID_ARGUMENT naming each field', async () => {
    const error = (await unary.call
      .complete(completion({ task: 'chit-chat', messages: [] }))
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    const details = decodeStatusDetails(error.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.INVALID_REQUEST');
    expect(details.violations.map((v) => v.field).sort()).toEqual(['messages', 'task']);
  });

  it('answers a failed Complete with the status of its cause', async () => {
    mock.setBehaviour(llmFaults.contentFilter(), { model: 'primary' });
    const error = (await unary.call
      .complete(completion())
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(decodeStatusDetails(error.metadata).reason).toBe('MODEL_ROUTER.CONTENT_FILTERED');

    mock.setBehaviour(llmFaults.unavailable(2), { model: /./ });
    const down = (await unary.call.complete(completion()).catch((e: unknown) => e)) as ServiceError;
    expect(down.code).toBe(GrpcStatus.UNAVAILABLE);
    const details = decodeStatusDetails(down.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.ALL_CANDIDATES_FAILED');
    expect(details.retryAfterMs).toBe(2_000);
  });

  it('fails closed on PHI when no candidate may see it, before calling any model', async () => {
    const request = completion({ task: 'triage-assist', dataClass: DataClass.DATA_CLASS_PHI });
    const error = (await unary.call.complete(request).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(decodeStatusDetails(error.metadata).reason).toBe('MODEL_ROUTER.NO_ELIGIBLE_MODEL');
    const streamed = await collect(streaming, request);
    expect(streamed.error?.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(streamed.chunks).toEqual([]);
    expect(mock.requestCount).toBe(0);
  });

  it('redacts PHI for an in-country model that may not see it, and restores the answer', async () => {
    mock.setBehaviour({ echo: true, chunkChars: 3 }, { model: 'primary' });
    const request = completion({
      dataClass: DataClass.DATA_CLASS_PHI,
      messages: [{ role: ChatRole.CHAT_ROLE_USER, content: PHI_CANARY_MESSAGES.zh }],
    });
    const { chunks } = await collect(streaming, request);
    expect(chunks.map((c) => c.delta?.text ?? '').join('')).toBe(PHI_CANARY_MESSAGES.zh);
    expect(chunks[chunks.length - 1]?.final?.route).toMatchObject({
      model: 'primary',
      redacted: true,
    });
    expect(mock.requests).toHaveLength(1);
    expect(findCanaries(mock.requests[0]?.rawBody ?? '')).toEqual([]);
  });

  it('lists the catalog with tasks and circuit state, page by page', async () => {
    const first = await unary.call.listModels({ task: '', pageSize: 2, pageToken: '' });
    expect(first.models.map((m) => m.id)).toEqual(['primary', 'secondary']);
    expect(first.models[0]).toMatchObject({
      tasks: ['consult'],
      residency: modelRouterV1.Residency.RESIDENCY_DOMESTIC_PROVIDER,
      phiAllowed: false,
      circuitState: modelRouterV1.CircuitState.CIRCUIT_STATE_CLOSED,
      inputFenPerMillionTokens: '2',
    });
    const second = await unary.call.listModels({
      task: '',
      pageSize: 2,
      pageToken: first.nextPageToken,
    });
    expect(second.models.map((m) => m.id)).toEqual(['offline-clinical', 'overseas']);
    expect(second.nextPageToken).toBe('');
    const forReports = await unary.call.listModels({
      task: 'report-explain',
      pageSize: 0,
      pageToken: '',
    });
    expect(forReports.models.map((m) => m.id)).toEqual(['offline-clinical']);
  });

  it('serves OpenAI clients: JSON, and SSE ending with [DONE]', async () => {
    const post = (body: object, headers: Record<string, string> = {}) =>
      fetch(http('/v1/chat/completions'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: bearer,
          'x-meridian-data-class': 'deidentified',
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const messages = [{ role: 'user', content: QUESTION }];

    const whole = await post({ model: 'consult', messages });
    expect(whole.status).toBe(200);
    expect(await whole.json()).toMatchObject({
      object: 'chat.completion',
      model: 'primary',
      choices: [
        { message: { role: 'assistant', content: mockAnswer(QUESTION) }, finish_reason: 'stop' },
      ],
    });

    const streamed = await post({
      model: 'consult',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const text = await streamed.text();
    const events = text.split('\n\n').filter((e) => e.startsWith('data: '));
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const usage = JSON.parse(events[events.length - 2]!.slice(6)) as {
      usage: { total_tokens: number };
    };
    expect(usage.usage.total_tokens).toBeGreaterThan(0);

    const pinned = await post(
      { model: 'offline-clinical', messages },
      { 'x-meridian-task': 'report-explain', 'x-meridian-data-class': 'phi' },
    );
    expect(await pinned.json()).toMatchObject({ model: 'offline-clinical' });
    const withoutTask = await post({ model: 'offline-clinical', messages });
    expect(withoutTask.status).toBe(400);
    expect(await withoutTask.json()).toMatchObject({ error: { param: 'x-meridian-task' } });

    const unknown = await post({ model: 'gpt-4o', messages });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'model_not_found', param: 'model' },
    });
  });

  it('never ends a cut SSE answer with [DONE]', async () => {
    mock.setBehaviour(llmFaults.cut(3), { model: 'primary' });
    mock.setBehaviour({ rejectPrefill: true }, { model: 'secondary' });
    const response = await fetch(http('/v1/chat/completions'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-meridian-data-class': 'public',
        authorization: bearer,
      },
      body: JSON.stringify({
        model: 'consult',
        stream: true,
        messages: [{ role: 'user', content: QUESTION }],
      }),
    });
    const text = await response.text();
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('"finish_reason":"stop"');
    const last = text.trim().split('\n\n').pop() ?? '';
    expect(JSON.parse(last.slice(6))).toMatchObject({ error: { partial: true } });
  });
});
