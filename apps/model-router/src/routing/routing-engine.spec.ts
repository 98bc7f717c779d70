import { DomainError } from '@meridian/platform';

import { catalogOf, modelEntry } from '../../test/catalog-factory';
import { FakeProvider, answer, errors, fail } from '../../test/fake-provider';
import type { Catalog } from '../catalog/catalog.schema';
import type { PhiRedactor, RedactionSession } from '../privacy/redaction';
import { ProviderError } from '../providers/provider';
import type { ModelProvider } from '../providers/provider';
import { RoutingEngine } from './routing-engine';
import type { RoutingEngineOptions } from './routing-engine';
import { RouterErrorCode } from './routing.errors';
import type { CompletionRequest, RouterEvent } from './routing.types';

type Final = Extract<RouterEvent, { type: 'final' }>;
type Failure = Extract<RouterEvent, { type: 'error' }>;

const question: CompletionRequest = {
  task: 'consult',
  messages: [
    { role: 'system', content: 'You are a careful assistant.' },
    { role: 'user', content: 'I have had a headache since yesterday.' },
  ],
  dataClass: 'DEIDENTIFIED',
  responseFormat: 'text',
};

interface Harness {
  readonly engine: RoutingEngine;
  readonly providers: Record<string, FakeProvider>;
  readonly sleeps: number[];
  readonly clock: { now: number };
}

function harness(
  catalog: Catalog,
  providers: Record<string, FakeProvider>,
  options: RoutingEngineOptions = {},
): Harness {
  const sleeps: number[] = [];
  const clock = { now: 1_000_000 };
  const engine = new RoutingEngine(
    catalog,
    new Map<string, ModelProvider>(Object.entries(providers)),
    {
      // Real time for timeouts, a settable clock on top for circuit cool-downs.
      now: () => clock.now + performance.now(),
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    },
  );
  return { engine, providers, sleeps, clock };
}

/** Two domestic models `a` then `b`, both streaming fine unless scripted. */
function twoModels(route: Parameters<typeof catalogOf>[2] = {}, b = {}): Harness {
  return harness(catalogOf([modelEntry('a'), modelEntry('b', b)], ['a', 'b'], route), {
    a: new FakeProvider(answer('from a')),
    b: new FakeProvider(answer('from b')),
  });
}

async function run(engine: RoutingEngine, request: CompletionRequest = question) {
  const events: RouterEvent[] = [];
  for await (const event of engine.start(request).events) events.push(event);
  const text = events
    .filter((e): e is Extract<RouterEvent, { type: 'delta' }> => e.type === 'delta')
    .map((e) => e.text)
    .join('');
  const final = events.find((e): e is Final => e.type === 'final');
  const error = events.find((e): e is Failure => e.type === 'error');
  return { events, text, final, error, types: events.map((e) => e.type) };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(RoutingEngine.name, () => {
  describe('a healthy primary', () => {
    it('streams its answer, then usage, then final naming it, with its cost', async () => {
      const { engine } = twoModels();
      const { text, final, types } = await run(engine);
      expect(text).toBe('from a');
      expect(types.slice(-2)).toEqual(['usage', 'final']);
      expect(final?.result.decision).toMatchObject({
        model: 'a',
        provider: 'openai-compatible',
        upstreamModel: 'a-upstream',
        upstreamVersion: '2026-01-01',
        candidates: ['a', 'b'],
        reason: 'primary',
      });
      // 100 input tokens at 2 000 µfen/1k + 2 output tokens at 8 000 µfen/1k.
      expect(final?.result.usage).toMatchObject({
        inputTokens: 100,
        outputTokens: 2,
        costMicroFen: 216,
        estimated: false,
      });
    });

    it('passes reasoning on for audit without mixing it into the answer', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(answer('ok', { reasoning: ['thinking…'] }));
      const { text, events } = await run(engine);
      expect(text).toBe('ok');
      expect(events).toContainEqual({ type: 'reasoning', model: 'a', text: 'thinking…' });
    });

    it('estimates usage when the provider reports none, and says so', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(answer('four words of answer', { usage: null }));
      const { final } = await run(engine);
      expect(final?.result.usage.estimated).toBe(true);
      expect(final?.result.usage.outputTokens).toBeGreaterThan(0);
      expect(final?.result.usage.costMicroFen).toBeGreaterThan(0);
    });

    it('caps the output tokens by the route and by the model', async () => {
      const { engine, providers } = harness(
        catalogOf([modelEntry('a', { maxOutputTokens: 300 })], ['a'], { maxOutputTokens: 500 }),
        { a: new FakeProvider() },
      );
      await run(engine, { ...question, maxOutputTokens: 10_000 });
      await run(engine, { ...question, maxOutputTokens: 50 });
      expect(providers['a']!.requests.map((r) => r.maxOutputTokens)).toEqual([300, 50]);
    });
  });

  describe('retries, only before the first token', () => {
    it('waits at least Retry-After after a 429, then bills only the attempt that answered', async () => {
      const { engine, providers, sleeps } = twoModels();
      providers['a']!.script(fail(errors.rateLimited(700)));
      const { text, final } = await run(engine);
      expect(text).toBe('from a');
      expect(sleeps).toEqual([700]);
      expect(providers['b']!.calls).toBe(0);
      expect(final?.result.decision.attempts.map((a) => a.outcome)).toEqual(['failed', 'answered']);
      expect(final?.result.decision.reason).toBe('primary after 1 retry (rate-limited)');
      expect(final?.result.usage.inputTokens).toBe(100);
    });

    it('backs off with jitter inside an exponentially growing window', async () => {
      const { engine, providers, sleeps } = twoModels({
        attemptsPerCandidate: 3,
        baseDelayMs: 100,
      });
      providers['a']!.script(fail(errors.unavailable()), fail(errors.unavailable()));
      await run(engine);
      // random() = 0.5: half of 100, then half of 200.
      expect(sleeps).toEqual([50, 100]);
    });

    it('fails over at once when Retry-After is longer than the route will wait', async () => {
      const { engine, providers, sleeps } = twoModels({ maxDelayMs: 1_000 });
      providers['a']!.script(fail(errors.rateLimited(30_000)));
      const { text, final } = await run(engine);
      expect(sleeps).toEqual([]);
      expect(text).toBe('from b');
      expect(final?.result.decision.reason).toBe('failover to b after a failed (rate-limited)');
    });

    it('never retries a model after it has streamed part of an answer', async () => {
      const { engine, providers } = twoModels({ attemptsPerCandidate: 3 });
      providers['a']!.script(fail(errors.network(), ['par', 'tial ']));
      await run(engine);
      expect(providers['a']!.calls).toBe(1);
      expect(providers['b']!.calls).toBe(1);
    });
  });

  describe('failover before the first token', () => {
    it('moves to the next candidate after persistent 503s and says so', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(fail(errors.unavailable()), fail(errors.unavailable()));
      const { text, final, events } = await run(engine);
      expect(text).toBe('from b');
      expect(providers['a']!.calls).toBe(2);
      expect(events).toContainEqual({
        type: 'failover',
        from: 'a',
        to: 'b',
        reason: 'http-503',
        restart: false,
        continuation: false,
      });
      expect(final?.result.decision.model).toBe('b');
      expect(final?.result.decision.attempts.map((a) => [a.model, a.outcome])).toEqual([
        ['a', 'failed'],
        ['a', 'failed'],
        ['b', 'answered'],
      ]);
    });

    it('does not retry a fatal error on the same model', async () => {
      const { engine, providers } = twoModels({ attemptsPerCandidate: 3 });
      providers['a']!.script(fail(errors.unauthorized()));
      const { text } = await run(engine);
      expect(text).toBe('from b');
      expect(providers['a']!.calls).toBe(1);
    });

    it('gives up on a first token that comes too late and answers from the fallback', async () => {
      const { engine, providers } = twoModels({ attemptsPerCandidate: 1 });
      providers['a']!.script(answer('late', { firstTokenDelayMs: 5_000 }));
      const started = performance.now();
      const { text, final } = await run(engine);
      expect(text).toBe('from b');
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(final?.result.decision.attempts[0]).toMatchObject({
        model: 'a',
        errorCode: 'first-token-timeout',
      });
      // The abandoned request was cancelled, not left running.
      expect(providers['a']!.requests[0]?.signal.aborted).toBe(true);
    });

    it('reports a first-token timeout when no candidate starts in time', async () => {
      const { engine, providers } = twoModels({ attemptsPerCandidate: 1 });
      providers['a']!.script(answer('late', { firstTokenDelayMs: 5_000 }));
      providers['b']!.script(answer('late', { firstTokenDelayMs: 5_000 }));
      const { error, final } = await run(engine);
      expect(final).toBeUndefined();
      expect(error?.failure).toMatchObject({
        code: 'first-token-timeout',
        partial: false,
        retryable: true,
      });
    });

    it('enforces the total timeout of an attempt that keeps trickling', async () => {
      const { engine, providers } = harness(
        catalogOf(
          [
            modelEntry('a', { timeouts: { totalMs: 300, firstTokenMs: 300, idleMs: 300 } }),
            modelEntry('b'),
          ],
          ['a', 'b'],
          { attemptsPerCandidate: 1 },
        ),
        { a: new FakeProvider(), b: new FakeProvider(answer('from b')) },
      );
      providers['a']!.script(answer('a b c d e f g h i j k l m n', { tokenDelayMs: 50 }));
      const { final, text } = await run(engine);
      expect(final?.result.decision.attempts[0]?.errorCode).toBe('total-timeout');
      // The part a streamed stays; b continues it.
      expect(text).toMatch(/^a b c .*from b$/);
    });
  });

  describe('failover mid-stream', () => {
    it('continues on the fallback from what was already sent, and bills the fallback only', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script({ kind: 'cut', tokens: ['The first ', 'half, '] });
      providers['b']!.script(answer('and the rest.'));
      const { text, final, events } = await run(engine);
      expect(text).toBe('The first half, and the rest.');
      expect(providers['b']!.requests[0]?.continueFrom).toBe('The first half, ');
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'failover', from: 'a', to: 'b', continuation: true }),
      );
      expect(final?.result.content).toBe('The first half, and the rest.');
      expect(final?.result.decision).toMatchObject({
        model: 'b',
        reason: 'continued mid-stream on b after a failed (stream-truncated)',
      });
      expect(final?.result.usage.outputTokens).toBe(3);
    });

    it('ends with an explicit partial error, never a final, when the fallback rejects the prefill', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script({ kind: 'cut', tokens: ['The first ', 'half, '] });
      providers['b']!.script(fail(errors.prefillRejected()));
      const { final, error, text, types } = await run(engine);
      expect(final).toBeUndefined();
      expect(types).not.toContain('usage');
      expect(text).toBe('The first half, ');
      expect(error?.failure).toMatchObject({ code: 'all-candidates-failed', partial: true });
      expect(error?.partialContent).toBe('The first half, ');
      // Restarting would repeat text the caller already has.
      expect(providers['b']!.requests).toHaveLength(1);
      expect(types[types.length - 1]).toBe('error');
    });

    it('treats a stall with no progress as an idle timeout and continues elsewhere', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script({ kind: 'stall', tokens: ['Stalled ', 'here '] });
      providers['b']!.script(answer('and resumed.'));
      const started = performance.now();
      const { text, final } = await run(engine);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(text).toBe('Stalled here and resumed.');
      expect(final?.result.decision.attempts[0]?.errorCode).toBe('idle-timeout');
    });

    it('reports an idle timeout with the partial flag when nobody can continue', async () => {
      const { engine, providers } = harness(catalogOf([modelEntry('a')], ['a']), {
        a: new FakeProvider(),
      });
      providers['a']!.script({ kind: 'stall', tokens: ['Stalled '] });
      const { error } = await run(engine);
      expect(error?.failure).toMatchObject({ code: 'idle-timeout', partial: true });
    });

    it('skips fallbacks that cannot continue an answer', async () => {
      const { engine, providers } = harness(
        catalogOf(
          [
            modelEntry('a'),
            modelEntry('b', { provider: { continuation: 'none' } }),
            modelEntry('c'),
          ],
          ['a', 'b', 'c'],
        ),
        { a: new FakeProvider(), b: new FakeProvider(), c: new FakeProvider(answer('rest')) },
      );
      providers['a']!.script({ kind: 'cut', tokens: ['Start '] });
      const { text, final } = await run(engine);
      expect(text).toBe('Start rest');
      expect(providers['b']!.calls).toBe(0);
      expect(final?.result.decision.skipped).toContainEqual({
        model: 'b',
        reason: "cannot continue another model's answer",
      });
    });
  });

  describe('errors that are not retried', () => {
    it('propagates a content filter refusal with its reason and tries nothing else', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(fail(errors.contentFilter()));
      const { error } = await run(engine);
      expect(error?.failure).toMatchObject({
        code: 'content-filtered',
        partial: false,
        retryable: false,
      });
      expect(error?.failure.message).toContain('self-harm');
      expect(providers['a']!.calls).toBe(1);
      expect(providers['b']!.calls).toBe(0);
    });

    it('ends a stream filtered mid-answer as partial', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(answer('Some words ', { finish: 'content-filter' }));
      const { error, final } = await run(engine);
      expect(final).toBeUndefined();
      expect(error?.failure).toMatchObject({ code: 'content-filtered', partial: true });
    });

    it('sends a context-length failure to a model with a larger window only', async () => {
      const { engine, providers } = harness(
        catalogOf(
          [
            modelEntry('small', { contextWindowTokens: 8_000 }),
            modelEntry('same', { contextWindowTokens: 8_000 }),
            modelEntry('large', { contextWindowTokens: 128_000 }),
          ],
          ['small', 'same', 'large'],
        ),
        {
          small: new FakeProvider(fail(errors.contextLength())),
          same: new FakeProvider(),
          large: new FakeProvider(answer('from large')),
        },
      );
      const { text, final } = await run(engine);
      expect(text).toBe('from large');
      expect(providers['small']!.calls).toBe(1);
      expect(providers['same']!.calls).toBe(0);
      expect(final?.result.decision.skipped).toContainEqual({
        model: 'same',
        reason: 'context window not larger than one that failed',
      });
    });

    it('says the conversation is too long when no larger window exists', async () => {
      const { engine } = harness(catalogOf([modelEntry('a')], ['a']), {
        a: new FakeProvider(fail(errors.contextLength())),
      });
      const { error } = await run(engine);
      expect(error?.failure).toMatchObject({ code: 'context-length-exceeded', retryable: false });
    });

    it('rejects an answer that is not the JSON asked for', async () => {
      const { engine } = twoModels();
      const { error } = await run(engine, { ...question, responseFormat: 'json' });
      expect(error?.failure.code).toBe('invalid-output');
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, skips the model, and closes after a good probe', async () => {
      const { engine, providers, clock } = twoModels({ attemptsPerCandidate: 1 });
      providers['a']!.script(
        fail(errors.unavailable()),
        fail(errors.unavailable()),
        fail(errors.unavailable()),
      );
      for (let i = 0; i < 3; i++) expect((await run(engine)).text).toBe('from b');
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.circuit).toBe('open');

      const skipped = await run(engine);
      expect(providers['a']!.calls).toBe(3);
      expect(skipped.final?.result.decision.skipped).toEqual([
        { model: 'a', reason: 'circuit open' },
      ]);
      expect(skipped.final?.result.decision.reason).toBe(
        'failover to b after a skipped (circuit open)',
      );

      clock.now += 1_000;
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.circuit).toBe('half-open');
      const probe = await run(engine);
      expect(probe.text).toBe('from a');
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.circuit).toBe('closed');
    });

    it('does not count content the provider refuses against its health', async () => {
      const { engine, providers } = twoModels({ attemptsPerCandidate: 1 });
      for (let i = 0; i < 4; i++) providers['a']!.script(fail(errors.contentFilter()));
      for (let i = 0; i < 4; i++) await run(engine);
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.circuit).toBe('closed');
    });

    it('answers "no candidate available" when every circuit is open', async () => {
      const { engine, providers } = harness(
        catalogOf([modelEntry('a', { circuitBreaker: { failureThreshold: 1 } })], ['a'], {
          attemptsPerCandidate: 1,
        }),
        { a: new FakeProvider(fail(errors.unavailable())) },
      );
      await run(engine);
      const { error } = await run(engine);
      expect(providers['a']!.calls).toBe(1);
      expect(error?.failure).toMatchObject({ code: 'no-candidate-available', retryable: true });
      expect(error?.failure.retryAfterMs).toBeGreaterThan(0);
    });
  });

  describe('concurrency limit', () => {
    it('sends a call over the limit to the next candidate, and frees the slot afterwards', async () => {
      const { engine, providers } = harness(
        catalogOf([modelEntry('a', { concurrencyLimit: 1 }), modelEntry('b')], ['a', 'b']),
        { a: new FakeProvider(), b: new FakeProvider(answer('from b')) },
      );
      providers['a']!.script(answer('slow a', { tokenDelayMs: 150 }));
      const first = run(engine);
      while (providers['a']!.calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await run(engine);
      expect(second.text).toBe('from b');
      expect(second.final?.result.decision.skipped).toEqual([
        { model: 'a', reason: 'at its concurrency limit' },
      ]);
      expect((await first).text).toBe('slow a');
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.inFlight).toBe(0);
      expect((await run(engine)).text).toBe('fine thanks');
    });
  });

  describe('data policy', () => {
    const policyCatalog = () =>
      catalogOf(
        [
          modelEntry('overseas', { residency: 'cross-border' }),
          modelEntry('domestic'),
          modelEntry('local', { residency: 'in-boundary', phiPermitted: true }),
        ],
        ['overseas', 'domestic', 'local'],
      );
    const providersFor = () => ({
      overseas: new FakeProvider(answer('from overseas')),
      domestic: new FakeProvider(answer('from domestic')),
      local: new FakeProvider(answer('from local')),
    });

    it.each([
      ['PUBLIC', ['overseas', 'domestic', 'local']],
      ['DEIDENTIFIED', ['domestic', 'local']],
      ['PHI', ['local']],
    ] as const)('lets %s data reach only %j', async (dataClass, allowed) => {
      const { engine } = harness(policyCatalog(), providersFor());
      expect(
        engine.plan({ ...question, dataClass }).candidates.map((c) => c.model.spec.id),
      ).toEqual(allowed);
    });

    it('fails closed, before calling any model, when no model may see the data', async () => {
      const { engine, providers } = harness(
        catalogOf([modelEntry('overseas', { residency: 'cross-border' }), modelEntry('domestic')]),
        { overseas: new FakeProvider(), domestic: new FakeProvider() },
      );
      const start = () => engine.start({ ...question, dataClass: 'PHI' });
      const error = thrownBy(start);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: RouterErrorCode.noEligibleModel });
      expect(providers['overseas']!.calls + providers['domestic']!.calls).toBe(0);
    });

    it('redacts PHI for an in-country model that does not permit it, and restores the answer', async () => {
      const redactor: PhiRedactor = {
        redact: (messages): RedactionSession => ({
          messages: messages.map((m) => ({
            ...m,
            content: m.content.replaceAll('张三', '[NAME_1]'),
          })),
          redactedCount: 1,
          redactText: (text) => text.replaceAll('张三', '[NAME_1]'),
          restorer: () => {
            let held = '';
            return {
              push: (chunk) => {
                held += chunk;
                const cut = held.lastIndexOf('[');
                const ready = cut > held.lastIndexOf(']') ? held.slice(0, cut) : held;
                held = held.slice(ready.length);
                return ready.replaceAll('[NAME_1]', '张三');
              },
              flush: () => held.replaceAll('[NAME_1]', '张三'),
            };
          },
        }),
      };
      const { engine, providers } = harness(
        catalogOf([modelEntry('domestic')]),
        { domestic: new FakeProvider() },
        { redactor },
      );
      providers['domestic']!.script({
        kind: 'answer',
        tokens: ['您好，', '[NAME', '_1]', '先生。'],
      });
      const { text, final } = await run(engine, {
        ...question,
        dataClass: 'PHI',
        messages: [{ role: 'user', content: '我是张三，头痛。' }],
      });
      expect(providers['domestic']!.requests[0]?.messages[0]?.content).toBe('我是[NAME_1]，头痛。');
      expect(text).toBe('您好，张三先生。');
      expect(final?.result.decision.redacted).toBe(true);
    });
  });

  describe('pinned models and routes', () => {
    it('uses a pinned model instead of the route, still under policy', async () => {
      const { engine, providers } = twoModels();
      const { text, final } = await run(engine, { ...question, model: 'b' });
      expect(text).toBe('from b');
      expect(providers['a']!.calls).toBe(0);
      expect(final?.result.decision.reason).toBe('pinned');
    });

    it('rejects an unknown pinned model', () => {
      const { engine } = twoModels();
      expect(thrownBy(() => engine.start({ ...question, model: 'nope' }))).toMatchObject({
        code: RouterErrorCode.unknownModel,
      });
    });

    it('rejects a task the catalog does not route', () => {
      const catalog = catalogOf([modelEntry('a')]);
      const { engine } = harness(
        { ...catalog, routes: { consult: catalog.routes.consult! } },
        {
          a: new FakeProvider(),
        },
      );
      expect(thrownBy(() => engine.start({ ...question, task: 'eval-grade' }))).toMatchObject({
        code: RouterErrorCode.taskNotRouted,
      });
    });
  });

  describe('cancellation', () => {
    it('stops the model call when the caller aborts mid-stream', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(answer('one two three four five six', { tokenDelayMs: 30 }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { error } = await run(engine, { ...question, signal: controller.signal });
      expect(error?.failure).toMatchObject({ code: 'cancelled', partial: true });
      expect(providers['a']!.requests[0]?.signal.aborted).toBe(true);
      expect(providers['b']!.calls).toBe(0);
    });

    it('releases the model when the consumer stops reading', async () => {
      const { engine, providers } = twoModels();
      providers['a']!.script(answer('one two three four', { tokenDelayMs: 10 }));
      const { events } = engine.start(question);
      for await (const event of events) if (event.type === 'delta') break;
      expect(providers['a']!.requests[0]?.signal.aborted).toBe(true);
      expect(engine.modelStates().every((m) => m.inFlight === 0)).toBe(true);
    });
  });

  it('treats an unclassified provider exception as retryable', async () => {
    const { engine, providers } = twoModels({ attemptsPerCandidate: 1 });
    providers['a']!.script(fail(new ProviderError('retryable', 'unexpected', 'boom')));
    expect((await run(engine)).text).toBe('from b');
  });
});
