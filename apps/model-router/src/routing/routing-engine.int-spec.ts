import { PHI_CANARY_MESSAGES, RedactionSession, findCanaries } from '@meridian/clinical';
import { countPromptTokens, llmFaults, mockAnswer, startMockLlm } from '@meridian/testing';
import type { MockLlm } from '@meridian/testing';

import { catalogOf, modelEntry } from '../../test/catalog-factory';
import type { LoadedCatalog } from '../catalog/catalog.loader';
import type { Catalog } from '../catalog/catalog.schema';
import { sessionPhiRedactor } from '../privacy/session-phi-redactor';
import { createProviders } from '../providers/provider-factory';
import { RoutingEngine } from './routing-engine';
import type { RoutingEngineOptions } from './routing-engine';
import type { CompletionRequest, RouterEvent } from './routing.types';

// Real HTTP against the OpenAI-compatible mock provider, with faults injected per model. Timeouts
// are short so that every case runs in well under a second or two.

const question: CompletionRequest = {
  task: 'consult',
  messages: [{ role: 'user', content: 'I have had a headache since yesterday.' }],
  dataClass: 'DEIDENTIFIED',
  responseFormat: 'text',
};
// The mock's default answer: 12 words derived from the question.
const expected = (_model: string) => mockAnswer(question.messages[0]!.content);

let mock: MockLlm;
let clock = Date.now();

beforeAll(async () => {
  mock = await startMockLlm({ clock: () => clock });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  clock = Date.now();
});

function model(id: string, overrides: Parameters<typeof modelEntry>[1] = {}) {
  return modelEntry(id, {
    ...overrides,
    provider: { baseUrl: mock.url, upstreamModel: id, ...overrides.provider },
    timeouts: { totalMs: 3_000, firstTokenMs: 400, idleMs: 250, ...overrides.timeouts },
  });
}

function engineFor(catalog: Catalog, options: RoutingEngineOptions = {}): RoutingEngine {
  const loaded: LoadedCatalog = { catalog, source: 'test', apiKeys: new Map() };
  return new RoutingEngine(catalog, createProviders(loaded), {
    now: () => clock,
    random: () => 0.5,
    ...options,
  });
}

const primaryAndSecondary = (route: Parameters<typeof catalogOf>[2] = {}) =>
  engineFor(
    catalogOf([model('primary'), model('secondary')], ['primary', 'secondary'], {
      baseDelayMs: 20,
      ...route,
    }),
  );

async function run(engine: RoutingEngine, request: CompletionRequest = question) {
  const events: RouterEvent[] = [];
  for await (const event of engine.start(request).events) events.push(event);
  const text = events
    .filter((e): e is Extract<RouterEvent, { type: 'delta' }> => e.type === 'delta')
    .map((e) => e.text)
    .join('');
  const final = events.find(
    (e): e is Extract<RouterEvent, { type: 'final' }> => e.type === 'final',
  );
  const error = events.find(
    (e): e is Extract<RouterEvent, { type: 'error' }> => e.type === 'error',
  );
  return { events, text, final, error };
}

const models = () => mock.requests.map((r) => r.model);
const lastMessage = (index: number) => {
  const messages = mock.requests[index]?.body?.messages ?? [];
  return messages[messages.length - 1];
};

describe('RoutingEngine against an OpenAI-compatible provider', () => {
  it('answers from the primary and bills exactly the usage the provider reported', async () => {
    const engine = primaryAndSecondary();
    const { text, final } = await run(engine);
    expect(text).toBe(expected('primary'));
    expect(final?.result.decision).toMatchObject({ model: 'primary', reason: 'primary' });
    const input = countPromptTokens([{ role: 'user', content: question.messages[0]!.content }]);
    expect(final?.result.usage).toMatchObject({
      inputTokens: input,
      outputTokens: 12,
      estimated: false,
    });
    expect(final?.result.usage.costMicroFen).toBe(Math.ceil((input * 2_000 + 12 * 8_000) / 1000));
    expect(mock.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('honours Retry-After on a 429, then succeeds on the same model', async () => {
    const engine = primaryAndSecondary();
    mock.script([llmFaults.rateLimit(1)], { model: 'primary' });
    const started = performance.now();
    const { final } = await run(engine);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(models()).toEqual(['primary', 'primary']);
    expect(final?.result.decision).toMatchObject({
      model: 'primary',
      reason: 'primary after 1 retry (rate-limited)',
    });
  });

  it('fails over after persistent 503s, billing only the model that answered', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.unavailable(), { model: 'primary' });
    const { final, events } = await run(engine);
    expect(models()).toEqual(['primary', 'primary', 'secondary']);
    expect(events.filter((e) => e.type === 'failover')).toHaveLength(1);
    expect(final?.result.decision.model).toBe('secondary');
    expect(final?.result.decision.attempts.map((a) => [a.model, a.outcome, a.errorCode])).toEqual([
      ['primary', 'failed', 'http-503'],
      ['primary', 'failed', 'http-503'],
      ['secondary', 'answered', undefined],
    ]);
    expect(final?.result.usage.outputTokens).toBe(12);
  });

  it('retries a TCP reset before any byte', async () => {
    const engine = primaryAndSecondary();
    mock.script([llmFaults.reset()], { model: 'primary' });
    const { final } = await run(engine);
    expect(final?.result.decision.attempts[0]).toMatchObject({ errorCode: 'network' });
    expect(final?.result.decision.model).toBe('primary');
  });

  it('fails over when the first token comes too late, and hangs up on the slow model', async () => {
    const engine = primaryAndSecondary({ attemptsPerCandidate: 1 });
    mock.setBehaviour({ firstTokenDelayMs: 20_000 }, { model: 'primary' });
    const started = performance.now();
    const { final } = await run(engine);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(final?.result.decision.attempts[0]?.errorCode).toBe('first-token-timeout');
    expect(final?.result.decision.model).toBe('secondary');
    await mock.waitForRequests(2);
    await waitFor(() => mock.requests[0]?.clientClosed === true);
  });

  it('treats a provider that never answers like a late first token', async () => {
    const engine = primaryAndSecondary({ attemptsPerCandidate: 1 });
    mock.setBehaviour(llmFaults.hang(), { model: 'primary' });
    const { final } = await run(engine);
    expect(final?.result.decision.attempts[0]?.errorCode).toBe('first-token-timeout');
    expect(final?.result.decision.model).toBe('secondary');
  });

  it('continues a stream cut at 4 of 12 tokens on the fallback, prefilling what was sent', async () => {
    const engine = engineFor(
      catalogOf(
        [model('primary'), model('secondary', { provider: { continuation: 'prefix-flag' } })],
        ['primary', 'secondary'],
      ),
    );
    mock.setBehaviour(llmFaults.cut(4), { model: 'primary' });
    mock.setBehaviour({ answer: ' and the rest.' }, { model: 'secondary' });
    const { text, final, events } = await run(engine);
    const sent = expected('primary').split(' ').slice(0, 4).join(' ');
    expect(text).toBe(`${sent} and the rest.`);
    expect(lastMessage(1)).toEqual({ role: 'assistant', content: sent, prefix: true });
    expect(mock.requests[1]?.body?.messages[0]?.role).toBe('system');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'failover',
        from: 'primary',
        to: 'secondary',
        continuation: true,
      }),
    );
    expect(final?.result.decision).toMatchObject({
      model: 'secondary',
      reason: 'continued mid-stream on secondary after primary failed (stream-truncated)',
    });
    // One retry of the cut model would repeat text already shown: there is none.
    expect(models()).toEqual(['primary', 'secondary']);
  });

  it('continues after a connection reset mid-stream too', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.resetMidStream(3), { model: 'primary' });
    mock.setBehaviour({ answer: ' rest' }, { model: 'secondary' });
    const { final } = await run(engine);
    expect(final?.result.decision.attempts[0]?.errorCode).toBe('network');
    expect(final?.result.content.endsWith(' rest')).toBe(true);
  });

  it('ends with an explicit partial error when the fallback rejects the prefill', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.cut(4), { model: 'primary' });
    mock.setBehaviour({ rejectPrefill: true }, { model: 'secondary' });
    const { final, error, text, events } = await run(engine);
    expect(final).toBeUndefined();
    expect(events.map((e) => e.type)).not.toContain('usage');
    expect(text.split(' ')).toHaveLength(4);
    expect(error?.failure).toMatchObject({ code: 'all-candidates-failed', partial: true });
    expect(error?.decision.attempts[1]).toMatchObject({
      model: 'secondary',
      errorCode: 'http-400',
    });
    expect(models()).toEqual(['primary', 'secondary']);
  });

  it('times out a stall kept open with keep-alive comments, which are not progress', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.stall(3, { keepAliveMs: 50 }), { model: 'primary' });
    mock.setBehaviour({ answer: ' rest' }, { model: 'secondary' });
    const started = performance.now();
    const { final } = await run(engine);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(final?.result.decision.attempts[0]?.errorCode).toBe('idle-timeout');
    expect(final?.result.decision.model).toBe('secondary');
    await waitFor(() => mock.requests[0]?.clientClosed === true);
  });

  it('reports an idle timeout as a partial failure when nobody can continue', async () => {
    const engine = engineFor(catalogOf([model('primary')], ['primary']));
    mock.setBehaviour(llmFaults.stall(3, { keepAliveMs: 50 }), { model: 'primary' });
    const { error } = await run(engine);
    expect(error?.failure).toMatchObject({ code: 'idle-timeout', partial: true });
  });

  it('treats a malformed chunk as a failure of the stream, never as text', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.malformedChunk(2), { model: 'primary' });
    mock.setBehaviour({ answer: ' rest' }, { model: 'secondary' });
    const { final } = await run(engine);
    expect(final?.result.decision.attempts[0]?.errorCode).toBe('malformed-chunk');
    expect(final?.result.content).toBe(
      `${expected('primary').split(' ').slice(0, 2).join(' ')} rest`,
    );
  });

  it('accepts an answer whose finish reason came but whose [DONE] did not', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.noDone(), { model: 'primary' });
    const { final } = await run(engine);
    expect(final?.result.decision).toMatchObject({ model: 'primary', reason: 'primary' });
    expect(final?.result.usage.estimated).toBe(false);
  });

  it('sends a conversation too long for the primary to a model with a larger window', async () => {
    const engine = engineFor(
      catalogOf(
        [
          model('primary', { contextWindowTokens: 1_000, maxOutputTokens: 500 }),
          model('secondary', { contextWindowTokens: 1_000, maxOutputTokens: 500 }),
          model('large', { contextWindowTokens: 64_000 }),
        ],
        ['primary', 'secondary', 'large'],
      ),
    );
    mock.setBehaviour({ contextWindow: 1_000 }, { model: /^(primary|secondary)$/ });
    // ~600 prompt tokens fit the window, but not with the 500 output tokens asked for: only the
    // provider can tell, so this goes through the context-length error.
    const long = {
      ...question,
      messages: [{ role: 'user' as const, content: 'word '.repeat(480) }],
    };
    const { final } = await run(engine, long);
    expect(models()).toEqual(['primary', 'large']);
    expect(final?.result.decision.model).toBe('large');
  });

  it('propagates a content filter refusal with its reason and tries no other model', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.contentFilter(), { model: 'primary' });
    const { error } = await run(engine);
    expect(error?.failure).toMatchObject({
      code: 'content-filtered',
      partial: false,
      retryable: false,
    });
    expect(error?.failure.message).toMatch(/filter/i);
    expect(models()).toEqual(['primary']);
  });

  it('ends an answer filtered mid-stream as partial, not as complete', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour(llmFaults.contentFilterInStream(5), { model: 'primary' });
    const { error, final } = await run(engine);
    expect(final).toBeUndefined();
    expect(error?.failure).toMatchObject({ code: 'content-filtered', partial: true });
  });

  it('opens the circuit of a primary that is down, and closes it once it is back', async () => {
    const engine = engineFor(
      catalogOf(
        [
          model('primary', { circuitBreaker: { failureThreshold: 2, openMs: 5_000 } }),
          model('secondary'),
        ],
        ['primary', 'secondary'],
        { attemptsPerCandidate: 1 },
      ),
    );
    mock.setBehaviour(llmFaults.unavailable(), { model: 'primary', forMs: 60_000 });
    const state = () => engine.modelStates().find((m) => m.spec.id === 'primary')?.circuit;
    await run(engine);
    await run(engine);
    expect(state()).toBe('open');
    const whileOpen = await run(engine);
    expect(whileOpen.final?.result.decision.skipped).toEqual([
      { model: 'primary', reason: 'circuit open' },
    ]);
    expect(models()).toEqual(['primary', 'secondary', 'primary', 'secondary', 'secondary']);

    clock += 60_000;
    expect(state()).toBe('half-open');
    const probe = await run(engine);
    expect(probe.final?.result.decision.model).toBe('primary');
    expect(state()).toBe('closed');
  });

  it('keeps DeepSeek reasoning out of the answer but hands it on for audit', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour({ reasoningTokens: 5 }, { model: 'primary' });
    const { text, events, final } = await run(engine);
    expect(text).toBe(expected('primary'));
    expect(events.filter((e) => e.type === 'reasoning')).toHaveLength(5);
    expect(final?.result.usage.outputTokens).toBe(17);
  });

  it('speaks plain JSON to a model configured not to stream', async () => {
    const engine = engineFor(catalogOf([model('primary', { provider: { streaming: false } })]));
    const { text, final } = await run(engine);
    expect(mock.requests[0]?.stream).toBe(false);
    expect(text).toBe(expected('primary'));
    expect(final?.result.usage.outputTokens).toBe(12);
  });

  it('hangs up on the provider when the caller cancels', async () => {
    const engine = primaryAndSecondary();
    mock.setBehaviour({ tokenDelayMs: 50 }, { model: 'primary' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);
    const { error } = await run(engine, { ...question, signal: controller.signal });
    expect(error?.failure).toMatchObject({ code: 'cancelled', partial: true });
    await waitFor(() => mock.requests[0]?.clientClosed === true);
    expect(models()).toEqual(['primary']);
  });

  it('never lets a PHI canary reach a provider that may not see PHI, and restores the answer', async () => {
    const engine = engineFor(catalogOf([model('primary')]), {
      redactor: sessionPhiRedactor(() => new RedactionSession()),
    });
    mock.setBehaviour({ echo: true, chunkChars: 3 }, { model: 'primary' });
    const { text, final } = await run(engine, {
      ...question,
      dataClass: 'PHI',
      messages: [{ role: 'user', content: PHI_CANARY_MESSAGES.zh }],
    });
    expect(findCanaries(mock.requests[0]?.rawBody ?? '')).toEqual([]);
    expect(text).toBe(PHI_CANARY_MESSAGES.zh);
    expect(final?.result.decision.redacted).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
