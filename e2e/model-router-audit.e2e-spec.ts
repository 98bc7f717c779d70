import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, commonV1, grpcServiceName, modelRouterV1 } from '@meridian/proto';
import { llmFaults, startMockLlm } from '@meridian/testing';
import type { MockLlm } from '@meridian/testing';
import { Client as PgClient } from 'pg';

import { TestPlatform } from './support/platform';

const { ChatRole, DataClass, ResponseFormat } = modelRouterV1;
const API_KEY = 'sk-e2e-audit-not-a-real-key';
const THINKING = 'The patient reports a headache; no red flags are mentioned.';

function catalog(mockUrl: string) {
  const remote = (id: string, capabilities: string[]) => ({
    id,
    provider: {
      kind: 'openai-compatible',
      baseUrl: mockUrl,
      apiKeyEnv: 'E2E_LLM_API_KEY',
      upstreamModel: `${id}-upstream`,
      upstreamVersion: '2026-11-01',
    },
    capabilities,
    contextWindowTokens: 32_000,
    maxOutputTokens: 2_000,
    pricing: { inputMicroFenPer1kTokens: 2_000, outputMicroFenPer1kTokens: 8_000 },
    residency: 'domestic',
    phiPermitted: false,
    concurrencyLimit: 16,
    timeouts: { totalMs: 5_000, firstTokenMs: 1_000, idleMs: 500 },
    circuitBreaker: { failureThreshold: 50, openMs: 1_000 },
  });
  const retry = { attemptsPerCandidate: 1, baseDelayMs: 10, maxDelayMs: 100 };
  return {
    models: [
      remote('thinker', ['chat', 'reasoning', 'zh', 'en']),
      remote('chatter', ['chat', 'json', 'zh', 'en']),
    ],
    routes: {
      consult: { strategy: 'priority', candidates: ['thinker', 'chatter'], retry },
      'report-explain': {
        strategy: 'cheapest',
        candidates: ['thinker', 'chatter'],
        requires: ['reasoning'],
        retry,
      },
    },
  };
}

function writeCatalog(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mr-audit-e2e-')), 'catalog.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const reader: modelRouterV1.AuditReader = {
  service: 'ops-console',
  principal: 'auditor@meridian.example',
  purpose: 'e2e review of model calls',
};

function completion(
  context: Partial<modelRouterV1.CallContext>,
  overrides: Partial<modelRouterV1.CompleteRequest> = {},
): modelRouterV1.CompleteRequest {
  return {
    idempotencyKey: '',
    task: 'consult',
    messages: [
      { role: ChatRole.CHAT_ROLE_USER, content: 'I have had a headache since yesterday.' },
    ],
    dataClass: DataClass.DATA_CLASS_DEIDENTIFIED,
    maxOutputTokens: 0,
    responseFormat: ResponseFormat.RESPONSE_FORMAT_UNSPECIFIED,
    locale: commonV1.Locale.LOCALE_UNSPECIFIED,
    context: {
      service: 'consultation',
      partnerId: 'partner-a',
      patientId: 'patient-1',
      subjectId: 'consultation-1',
      ...context,
    },
    model: '',
    ...overrides,
  };
}

function listRequest(
  overrides: Partial<modelRouterV1.ListModelCallsRequest> = {},
): modelRouterV1.ListModelCallsRequest {
  return {
    reader,
    partnerId: '',
    callerService: '',
    patientId: '',
    task: '',
    model: '',
    outcome: '',
    dataClass: DataClass.DATA_CLASS_UNSPECIFIED,
    startedFrom: null,
    startedBefore: null,
    pageSize: 0,
    pageToken: '',
    ...overrides,
  };
}

describe('model-router audit: ListModelCalls and GetModelCall over recorded calls', () => {
  let mock: MockLlm;
  let platform: TestPlatform;
  let router: GrpcClient<modelRouterV1.ModelRouterClient>;
  let audit: GrpcClient<modelRouterV1.ModelCallAuditClient>;
  let db: PgClient;
  const callIds: Record<string, string> = {};
  let before: Date;

  async function recorded(callId: string): Promise<void> {
    // The record is written just after the answer; wait for it through the audit itself.
    for (let i = 0; i < 100; i++) {
      const found = await audit.call
        .getModelCall({ reader, callId })
        .then(() => true)
        .catch((error: unknown) => {
          if ((error as ServiceError).code === GrpcStatus.NOT_FOUND) return false;
          throw error;
        });
      if (found) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`call ${callId} was never recorded`);
  }

  beforeAll(async () => {
    mock = await startMockLlm({
      models: { 'thinker-upstream': {}, 'chatter-upstream': {} },
      apiKey: API_KEY,
    });
    platform = new TestPlatform({
      'model-router': {
        MODEL_CATALOG_PATH: writeCatalog(catalog(mock.url)),
        E2E_LLM_API_KEY: API_KEY,
      },
    });
    await platform.start(['model-router']);
    const target = platform.grpcTarget('model-router');
    router = createGrpcClient<modelRouterV1.ModelRouterClient>({
      target,
      protoFiles: PROTO_FILES.modelRouter,
      service: grpcServiceName('modelRouter'),
      deadlineMs: 10_000,
    });
    audit = createGrpcClient<modelRouterV1.ModelCallAuditClient>({
      target,
      protoFiles: PROTO_FILES.modelCallAudit,
      service: grpcServiceName('modelCallAudit'),
      deadlineMs: 10_000,
    });
    db = new PgClient({ connectionString: platform.databaseUrl('model-router') });
    await db.connect();
    await db.query(`SET search_path TO "${platform.schema}"`);

    before = new Date();
    // 1. A thinking model answers; its reasoning must stay out of the answer.
    mock.setBehaviour({ reasoning: THINKING }, { model: 'thinker-upstream' });
    const thought = await router.call.complete(completion({ patientId: 'patient-1' }));
    expect(thought.content).not.toContain('no red flags');
    callIds['thought'] = thought.callId;
    mock.reset();
    // 2. The thinker fails; the chatter answers for another partner's patient.
    mock.setBehaviour(llmFaults.unavailable(), { model: 'thinker-upstream' });
    const failover = await router.call.complete(
      completion({ partnerId: 'partner-b', patientId: 'patient-2', service: 'doctor-desk' }),
    );
    callIds['failover'] = failover.callId;
    mock.reset();
    // 3. Nobody answers.
    mock.setBehaviour(llmFaults.unavailable(), { model: /./ });
    const failed = await router.call
      .complete(completion({ patientId: 'patient-1', subjectId: 'consultation-2' }))
      .catch((error: unknown) => error);
    expect((failed as ServiceError).code).toBe(GrpcStatus.UNAVAILABLE);
    mock.reset();
    // 4. Another task, routed by price among models with reasoning.
    const explained = await router.call.complete(
      completion({ patientId: 'patient-3' }, { task: 'report-explain' }),
    );
    callIds['explained'] = explained.callId;
    for (const id of Object.values(callIds)) await recorded(id);
  }, 120_000);

  afterAll(async () => {
    router.close();
    audit.close();
    await db.end();
    await platform.stopAll();
    await mock.close();
  }, 60_000);

  it('lists every call newest first, with caller, patient, data class, route, model version and outcome', async () => {
    const { calls, nextPageToken } = await audit.call.listModelCalls(listRequest());
    expect(nextPageToken).toBe('');
    expect(calls.map((c) => c.outcome)).toEqual([
      'answered',
      'all-candidates-failed',
      'answered',
      'answered',
    ]);
    expect(calls[0]).toMatchObject({
      callId: callIds['explained'],
      task: 'report-explain',
      dataClass: DataClass.DATA_CLASS_DEIDENTIFIED,
      caller: { service: 'consultation', partnerId: 'partner-a', patientId: 'patient-3' },
      model: { id: 'thinker', provider: 'openai-compatible', upstreamVersion: '2026-11-01' },
    });
    expect(calls[0]?.routeReason).toMatch(/^cheapest: thinker at ~\d+ µfen expected/);
    expect(calls[1]).toMatchObject({ model: null, usage: null, attemptCount: 2 });
    expect(calls[2]).toMatchObject({
      callId: callIds['failover'],
      routeReason: 'failover to chatter after thinker failed (http-503)',
      model: { id: 'chatter', upstreamModel: 'chatter-upstream' },
    });
    expect(Number(calls[2]?.usage?.costMicroFen)).toBeGreaterThan(0);
  });

  it('filters by partner, service, patient, task, model, outcome and time', async () => {
    const ids = async (overrides: Partial<modelRouterV1.ListModelCallsRequest>) =>
      (await audit.call.listModelCalls(listRequest(overrides))).calls.map((c) => c.callId);
    expect(await ids({ partnerId: 'partner-b' })).toEqual([callIds['failover']]);
    expect(await ids({ callerService: 'doctor-desk' })).toEqual([callIds['failover']]);
    expect(await ids({ patientId: 'patient-1', outcome: 'answered' })).toEqual([
      callIds['thought'],
    ]);
    expect(await ids({ task: 'report-explain' })).toEqual([callIds['explained']]);
    expect(await ids({ model: 'chatter' })).toEqual([callIds['failover']]);
    expect(await ids({ dataClass: DataClass.DATA_CLASS_PHI })).toEqual([]);
    expect(
      await ids({
        startedFrom: { seconds: String(Math.floor(before.getTime() / 1000) - 1), nanos: 0 },
        startedBefore: {
          seconds: String(Math.floor(before.getTime() / 1000) - 1),
          nanos: 1_000_000,
        },
      }),
    ).toEqual([]);
    expect(
      await ids({
        startedFrom: { seconds: String(Math.floor(before.getTime() / 1000)), nanos: 0 },
      }),
    ).toHaveLength(4);
  });

  it('pages with a cursor that only works with the filters it was issued for', async () => {
    const first = await audit.call.listModelCalls(
      listRequest({ patientId: 'patient-1', pageSize: 1 }),
    );
    expect(first.calls).toHaveLength(1);
    expect(first.nextPageToken).not.toBe('');
    const second = await audit.call.listModelCalls(
      listRequest({ patientId: 'patient-1', pageSize: 1, pageToken: first.nextPageToken }),
    );
    expect(second.calls.map((c) => c.callId)).toEqual([callIds['thought']]);
    expect(second.nextPageToken).toBe('');

    const error = (await audit.call
      .listModelCalls(listRequest({ patientId: 'patient-2', pageToken: first.nextPageToken }))
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(decodeStatusDetails(error.metadata).violations.map((v) => v.field)).toEqual([
      'page_token',
    ]);
  });

  it('returns one call with every attempt, and the reasoning only there', async () => {
    const detail = await audit.call.getModelCall({ reader, callId: callIds['thought']! });
    expect(detail.call).toMatchObject({ callId: callIds['thought'], outcome: 'answered' });
    expect(detail.candidates).toEqual(['thinker', 'chatter']);
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]).toMatchObject({ model: 'thinker', outcome: 'answered' });
    expect(detail.attempts[0]?.reasoning).toBe(THINKING);
    expect(detail.call?.usage?.reasoningTokens).toBeGreaterThan(0);

    const failover = await audit.call.getModelCall({ reader, callId: callIds['failover']! });
    expect(failover.attempts.map((a) => [a.model, a.outcome, a.errorCode])).toEqual([
      ['thinker', 'failed', 'http-503'],
      ['chatter', 'answered', ''],
    ]);

    const explained = await audit.call.getModelCall({ reader, callId: callIds['explained']! });
    expect(explained.excluded).toEqual([
      {
        model: 'chatter',
        reason: 'lacks capability reasoning, required by the report-explain route',
      },
    ]);

    const missing = (await audit.call
      .getModelCall({ reader, callId: '01900000-0000-7000-8000-000000000000' })
      .catch((e: unknown) => e)) as ServiceError;
    expect(missing.code).toBe(GrpcStatus.NOT_FOUND);
    expect(decodeStatusDetails(missing.metadata).reason).toBe('MODEL_ROUTER.CALL_NOT_FOUND');
  });

  it('keeps the reasoning out of the call-completed event', async () => {
    const { rows } = await db.query<{ payload: unknown }>(
      'SELECT payload FROM outbox_events WHERE key = $1',
      [callIds['thought']],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]?.payload)).not.toContain('no red flags');
  });

  it('refuses a read that does not say who reads and why, and records nothing for it', async () => {
    const { rows: beforeRows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM model_call_audit_reads',
    );
    const error = (await audit.call
      .listModelCalls(
        listRequest({
          reader: { service: 'ops-console', principal: ' ', purpose: '' },
          task: 'gossip',
        }),
      )
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    const details = decodeStatusDetails(error.metadata);
    expect(details.reason).toBe('MODEL_ROUTER.INVALID_AUDIT_REQUEST');
    expect(details.violations.map((v) => v.field).sort()).toEqual([
      'reader.principal',
      'reader.purpose',
      'task',
    ]);
    const noReader = (await audit.call
      .getModelCall({ reader: null, callId: 'not-a-uuid' })
      .catch((e: unknown) => e)) as ServiceError;
    expect(
      decodeStatusDetails(noReader.metadata)
        .violations.map((v) => v.field)
        .sort(),
    ).toEqual(['callId', 'reader']);
    const { rows: afterRows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM model_call_audit_reads',
    );
    expect(afterRows[0]?.n).toBe(beforeRows[0]?.n);
  });

  it('records every read: who, why, what was asked, and which calls and patients it exposed', async () => {
    await audit.call.listModelCalls(listRequest({ partnerId: 'partner-b' }));
    const { rows } = await db.query<{
      reader_service: string;
      reader_principal: string;
      purpose: string;
      operation: string;
      filters: Record<string, unknown>;
      call_ids: string[];
      patient_ids: string[];
    }>(
      `SELECT reader_service, reader_principal, purpose, operation, filters, call_ids, patient_ids
         FROM model_call_audit_reads ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      reader_service: 'ops-console',
      reader_principal: 'auditor@meridian.example',
      purpose: 'e2e review of model calls',
      operation: 'ListModelCalls',
      filters: expect.objectContaining({ partnerId: 'partner-b' }) as unknown,
      call_ids: [callIds['failover']],
      patient_ids: ['patient-2'],
    });
    const gets = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM model_call_audit_reads WHERE operation = 'GetModelCall'`,
    );
    expect(Number(gets.rows[0]?.n)).toBeGreaterThanOrEqual(4);
  });
});
