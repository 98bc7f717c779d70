import { DomainError, metricsRegistry } from '@meridian/platform';

import { modelEntry } from '../../test/catalog-factory';
import { FakeProvider, answer, errors, fail } from '../../test/fake-provider';
import type { Catalog } from '../catalog/catalog.schema';
import { catalogSchema } from '../catalog/catalog.schema';
import type { ModelProvider } from '../providers/provider';
import { CIRCUIT_STATE_METRIC } from './circuit-metrics';
import { LatencyTracker } from './latency-tracker';
import { RoutingEngine } from './routing-engine';
import type { RoutingEngineOptions } from './routing-engine';
import { RouterErrorCode } from './routing.errors';
import { withoutReasoning } from './routing.types';
import type { CompletionRequest, RouterEvent } from './routing.types';

type Final = Extract<RouterEvent, { type: 'final' }>;

const question: CompletionRequest = {
  task: 'consult',
  messages: [{ role: 'user', content: 'I have had a headache since yesterday.' }],
  dataClass: 'DEIDENTIFIED',
  responseFormat: 'text',
};

/** A consult route over `models` with `route` merged in (strategy and its settings). */
function catalogWith(
  models: readonly Record<string, unknown>[],
  route: Record<string, unknown>,
): Catalog {
  return catalogSchema.parse({
    models,
    routes: {
      consult: {
        candidates: models.map((m) => String(m['id'])),
        retry: { attemptsPerCandidate: 1, baseDelayMs: 0, maxDelayMs: 100 },
        ...route,
      },
    },
  });
}

/** Returns the given numbers in turn, then repeats the last. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}

function engineOf(
  catalog: Catalog,
  options: RoutingEngineOptions = {},
): { engine: RoutingEngine; providers: Record<string, FakeProvider> } {
  const providers = Object.fromEntries(
    catalog.models.map((m) => [m.id, new FakeProvider(answer(`from ${m.id}`))]),
  );
  const engine = new RoutingEngine(
    catalog,
    new Map<string, ModelProvider>(Object.entries(providers)),
    { random: () => 0.5, sleep: async () => undefined, ...options },
  );
  return { engine, providers };
}

async function run(engine: RoutingEngine, request: CompletionRequest = question) {
  const events: RouterEvent[] = [];
  for await (const event of engine.start(request).events) events.push(event);
  const final = events.find((e): e is Final => e.type === 'final');
  return { events, final, decision: final?.result.decision };
}

function thrownBy(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('routing strategies', () => {
  describe('weighted', () => {
    const catalog = () =>
      catalogWith([modelEntry('a'), modelEntry('b'), modelEntry('c')], {
        strategy: 'weighted',
        weights: { a: 1, b: 3 },
      });

    it('draws the first candidate in proportion to the weights, and says what it drew', async () => {
      // 0.1 × 4 = 0.4 falls in a's share [0, 1); 0.5 × 4 = 2 in b's [1, 4).
      const low = engineOf(catalog(), { random: sequence(0.1, 0) });
      expect((await run(low.engine)).decision).toMatchObject({
        model: 'a',
        reason: 'weighted: drew a (weight 1 of 4)',
      });
      const high = engineOf(catalog(), { random: sequence(0.5, 0) });
      expect((await run(high.engine)).decision).toMatchObject({
        model: 'b',
        reason: 'weighted: drew b (weight 3 of 4)',
      });
    });

    it('splits traffic by weight over many calls', () => {
      // A seeded generator (Park–Miller), so the split is the same on every run.
      let seed = 42;
      const random = () => {
        seed = (seed * 48_271) % 2_147_483_647;
        return seed / 2_147_483_647;
      };
      const { engine } = engineOf(catalog(), { random });
      const firsts = { a: 0, b: 0, c: 0 };
      for (let i = 0; i < 4_000; i++) {
        const first = engine.plan(question).candidates[0]?.model.spec.id as keyof typeof firsts;
        firsts[first]++;
      }
      expect(firsts.c).toBe(0);
      expect(firsts.a / 4_000).toBeGreaterThan(0.22);
      expect(firsts.a / 4_000).toBeLessThan(0.28);
    });

    it('keeps the others as fallbacks: the rest of the weighted ones, then the unweighted', async () => {
      // 0.5 draws b out of {a, b}, then a out of {a}.
      const { engine, providers } = engineOf(catalog(), { random: () => 0.5 });
      expect(engine.plan(question).candidates.map((c) => c.model.spec.id)).toEqual(['b', 'a', 'c']);
      providers['b']!.script(fail(errors.unavailable()));
      providers['a']!.script(fail(errors.unavailable()));
      const { decision } = await run(engine);
      expect(decision?.model).toBe('c');
      expect(decision?.reason).toBe(
        'failover to c after b failed (http-503); weighted: drew b (weight 3 of 4)',
      );
    });

    it('draws only among candidates the data policy allows', async () => {
      const { engine } = engineOf(
        catalogWith(
          [
            modelEntry('abroad', { residency: 'cross-border' }),
            modelEntry('home'),
            modelEntry('spare'),
          ],
          { strategy: 'weighted', weights: { abroad: 99, home: 1 } },
        ),
        { random: sequence(0.99, 0) },
      );
      const { decision } = await run(engine);
      expect(decision).toMatchObject({
        model: 'home',
        reason: 'weighted: drew home (weight 1 of 1)',
      });
      expect(decision?.excluded).toEqual([
        { model: 'abroad', reason: 'health data may not go to a cross-border model' },
      ]);
    });
  });

  describe('lowest-latency', () => {
    const catalog = (route: Record<string, unknown> = {}) =>
      catalogWith([modelEntry('a'), modelEntry('b'), modelEntry('c')], {
        strategy: 'lowest-latency',
        explorationRate: 0,
        ...route,
      });

    it('tries models not measured yet first, in the listed order', async () => {
      const latency = new LatencyTracker();
      latency.observe('a', 50, 0.3);
      const { engine } = engineOf(catalog(), { latency });
      const { decision } = await run(engine);
      expect(decision).toMatchObject({
        model: 'b',
        reason: 'lowest-latency: b not measured yet, trying it first',
      });
      expect(engine.plan(question).candidates.map((c) => c.model.spec.id)[0]).toBe('c');
    });

    it('sends calls to the model with the shortest time to first token', async () => {
      const latency = new LatencyTracker();
      latency.observe('a', 900, 0.3);
      latency.observe('b', 120, 0.3);
      latency.observe('c', 400, 0.3);
      const { engine } = engineOf(catalog(), { latency });
      expect(engine.plan(question).candidates.map((c) => c.model.spec.id)).toEqual(['b', 'c', 'a']);
      const { decision } = await run(engine);
      expect(decision?.model).toBe('b');
      expect(decision?.reason).toBe(
        'lowest-latency: b (~120 ms to first token) is the fastest; next c (~400 ms to first token)',
      );
    });

    it('learns from the calls it makes, counting a first-token timeout at its limit', async () => {
      const latency = new LatencyTracker();
      const { engine, providers } = engineOf(
        catalogWith([modelEntry('a', { timeouts: { firstTokenMs: 150 } }), modelEntry('b')], {
          strategy: 'lowest-latency',
          explorationRate: 0,
          ewmaAlpha: 0.5,
        }),
        { latency },
      );
      providers['a']!.script({ kind: 'stall' });
      providers['b']!.script(answer('slowish', { firstTokenDelayMs: 40 }));
      const { decision } = await run(engine);
      expect(decision?.model).toBe('b');
      expect(latency.estimate('a')).toBe(150);
      expect(latency.estimate('b')).toBeGreaterThanOrEqual(40);
      expect(latency.estimate('b')).toBeLessThan(150);
      // Now b is the faster one.
      expect(engine.plan(question).candidates.map((c) => c.model.spec.id)).toEqual(['b', 'a']);
      expect(engine.modelStates().find((m) => m.spec.id === 'a')?.timeToFirstTokenMs).toBe(150);
    });

    it('explores a slower model on a share of calls so its estimate can recover', () => {
      const latency = new LatencyTracker();
      latency.observe('a', 100, 0.3);
      latency.observe('b', 200, 0.3);
      latency.observe('c', 300, 0.3);
      // First draw under the 10 % rate explores; the second picks c among the slower two.
      const { engine } = engineOf(catalog({ explorationRate: 0.1 }), {
        latency,
        random: sequence(0.05, 0.9),
      });
      const plan = engine.plan(question);
      expect(plan.candidates.map((c) => c.model.spec.id)).toEqual(['c', 'a', 'b']);
      expect(plan.selection).toBe(
        'lowest-latency: exploring c (~300 ms to first token) instead of a (~100 ms to first token)',
      );
    });
  });

  describe('cheapest', () => {
    const priced = (id: string, input: number, output: number) =>
      modelEntry(id, {
        pricing: { inputMicroFenPer1kTokens: input, outputMicroFenPer1kTokens: output },
      });

    it('picks the cheapest eligible model for the request and keeps the rest as fallbacks', async () => {
      const { engine, providers } = engineOf(
        catalogWith([priced('dear', 9_000, 9_000), priced('cheap', 1_000, 2_000)], {
          strategy: 'cheapest',
          maxOutputTokens: 100,
        }),
      );
      const plan = engine.plan(question);
      expect(plan.candidates.map((c) => c.model.spec.id)).toEqual(['cheap', 'dear']);
      // ~16 prompt tokens × 1 000 + 100 output tokens × 2 000, per 1 000 tokens.
      expect(plan.selection).toMatch(
        /^cheapest: cheap at ~216 µfen expected for ~16 prompt and 100 output tokens; next dear ~1044 µfen$/,
      );
      providers['cheap']!.script(fail(errors.unauthorized()));
      const { decision } = await run(engine);
      expect(decision?.model).toBe('dear');
    });

    it('weighs input and output prices by the expected output of the route', () => {
      const models = [priced('talker', 100, 50_000), priced('reader', 20_000, 100)];
      const short = engineOf(
        catalogWith(models, { strategy: 'cheapest', expectedOutputTokens: 1 }),
      ).engine;
      const long = engineOf(
        catalogWith(models, { strategy: 'cheapest', expectedOutputTokens: 2_000 }),
      ).engine;
      expect(short.plan(question).candidates[0]?.model.spec.id).toBe('talker');
      expect(long.plan(question).candidates[0]?.model.spec.id).toBe('reader');
    });

    it('breaks ties by the listed order', () => {
      const { engine } = engineOf(
        catalogWith([priced('first', 1_000, 1_000), priced('second', 1_000, 1_000)], {
          strategy: 'cheapest',
        }),
      );
      const plan = engine.plan(question);
      expect(plan.candidates.map((c) => c.model.spec.id)).toEqual(['first', 'second']);
      expect(plan.selection).toContain('tied with second, listed first');
    });
  });
});

describe('capability filtering', () => {
  const priority = { strategy: 'priority' };

  it('skips a model lacking the language of the question, and records why', async () => {
    const { engine } = engineOf(
      catalogWith(
        [modelEntry('zh-only', { capabilities: ['chat', 'zh'] }), modelEntry('both')],
        priority,
      ),
    );
    const english = await run(engine);
    expect(english.decision?.model).toBe('both');
    expect(english.decision?.excluded).toEqual([
      { model: 'zh-only', reason: 'lacks capability en, required by the language of the question' },
    ]);
    const chinese = await run(engine, {
      ...question,
      messages: [{ role: 'user', content: '我从昨天开始头痛。' }],
    });
    expect(chinese.decision?.model).toBe('zh-only');
  });

  it('follows the requested locale over the language of the question', async () => {
    const { engine } = engineOf(
      catalogWith(
        [modelEntry('en-only', { capabilities: ['chat', 'en'] }), modelEntry('both')],
        priority,
      ),
    );
    const { decision } = await run(engine, { ...question, language: 'zh' });
    expect(decision?.model).toBe('both');
    expect(decision?.excluded[0]?.reason).toBe(
      'lacks capability zh, required by the requested locale',
    );
  });

  it('asks for the json capability when the answer must be JSON', async () => {
    const { engine, providers } = engineOf(
      catalogWith(
        [modelEntry('prose', { capabilities: ['chat', 'en'] }), modelEntry('json')],
        priority,
      ),
    );
    providers['json']!.script(answer('{"ok":true}'));
    const { decision } = await run(engine, { ...question, responseFormat: 'json' });
    expect(decision?.model).toBe('json');
    expect(decision?.excluded).toEqual([
      { model: 'prose', reason: 'lacks capability json, required by the JSON response format' },
    ]);
    expect(providers['prose']!.calls).toBe(0);
  });

  it('applies what the route requires, e.g. a reasoning model', async () => {
    const { engine } = engineOf(
      catalogWith(
        [modelEntry('plain'), modelEntry('thinker', { capabilities: ['chat', 'reasoning', 'en'] })],
        { ...priority, requires: ['reasoning'] },
      ),
    );
    const { decision } = await run(engine);
    expect(decision?.model).toBe('thinker');
    expect(decision?.excluded).toEqual([
      { model: 'plain', reason: 'lacks capability reasoning, required by the consult route' },
    ]);
  });

  it('fails closed, naming every reason, when no candidate has what the request needs', () => {
    const { engine, providers } = engineOf(
      catalogWith([modelEntry('zh-only', { capabilities: ['chat', 'zh'] })], priority),
    );
    const error = thrownBy(() => engine.start(question));
    expect(error.code).toBe(RouterErrorCode.noEligibleModel);
    expect(error.message).toContain('zh-only: lacks capability en');
    expect(providers['zh-only']!.calls).toBe(0);
  });

  it('skips models whose context window the prompt does not fit', async () => {
    const { engine } = engineOf(
      catalogWith(
        [
          modelEntry('small', { contextWindowTokens: 50, maxOutputTokens: 40 }),
          modelEntry('large'),
        ],
        priority,
      ),
    );
    const long = {
      ...question,
      messages: [{ role: 'user' as const, content: 'word '.repeat(200) }],
    };
    const { decision } = await run(engine, long);
    expect(decision?.model).toBe('large');
    expect(decision?.excluded[0]?.reason).toMatch(
      /^prompt of ~\d+ tokens exceeds its context window of 50$/,
    );
  });

  it('says the prompt is too long when no candidate window fits it', () => {
    const { engine } = engineOf(
      catalogWith(
        [modelEntry('small', { contextWindowTokens: 50, maxOutputTokens: 40 })],
        priority,
      ),
    );
    const error = thrownBy(() =>
      engine.start({ ...question, messages: [{ role: 'user', content: 'word '.repeat(200) }] }),
    );
    expect(error.code).toBe(RouterErrorCode.contextLengthExceeded);
    expect(error.kind).toBe('INVALID_ARGUMENT');
  });
});

describe('reasoning for the audit', () => {
  it('is kept on the attempt that produced it, out of the answer, and strippable for logs', async () => {
    const { engine, providers } = engineOf(
      catalogWith([modelEntry('r1')], { strategy: 'priority' }),
    );
    providers['r1']!.script(
      answer('Rest and fluids.', { reasoning: ['The patient ', 'has a headache.'] }),
    );
    const { events, decision } = await run(engine);
    const text = events
      .filter((e): e is Extract<RouterEvent, { type: 'delta' }> => e.type === 'delta')
      .map((e) => e.text)
      .join('');
    expect(text).toBe('Rest and fluids.');
    expect(decision?.attempts[0]?.reasoning).toBe('The patient has a headache.');
    expect(JSON.stringify(withoutReasoning(decision!))).not.toContain('has a headache');
  });
});

describe('circuit state metric', () => {
  it('shows each model as closed, then open once its circuit trips', async () => {
    const { engine, providers } = engineOf(
      catalogWith(
        [
          modelEntry('flaky', { circuitBreaker: { failureThreshold: 1, openMs: 60_000 } }),
          modelEntry('steady'),
        ],
        { strategy: 'priority' },
      ),
    );
    const metric = async () =>
      (await metricsRegistry.getSingleMetricAsString(CIRCUIT_STATE_METRIC)).split('\n');
    expect(await metric()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^model_router_circuit_state\{model="flaky"[^}]*\} 0$/),
        expect.stringMatching(/^model_router_circuit_state\{model="steady"[^}]*\} 0$/),
      ]),
    );
    providers['flaky']!.script(fail(errors.unavailable()));
    await run(engine);
    expect(await metric()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^model_router_circuit_state\{model="flaky"[^}]*\} 2$/),
      ]),
    );
  });
});
