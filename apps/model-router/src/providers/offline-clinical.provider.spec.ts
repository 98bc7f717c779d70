import {
  OFFLINE_NOTICE,
  OfflineClinicalProvider,
  composeAnswer,
} from './offline-clinical.provider';
import type { ProviderEvent, ProviderRequest } from './provider';
import { ProviderError } from './provider';

const provider = new OfflineClinicalProvider({ spec: { kind: 'offline', tokenDelayMs: 0 } });

function ask(content: string, overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    task: 'consult',
    messages: [{ role: 'user', content }],
    maxOutputTokens: 1_000,
    responseFormat: 'text',
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function collect(request: ProviderRequest): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of provider.stream(request)) events.push(event);
  return events;
}

const textOf = (events: ProviderEvent[]) =>
  events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

describe(OfflineClinicalProvider.name, () => {
  it('answers a Chinese question in Chinese, token by token, with the notice', async () => {
    const events = await collect(ask('我头疼两天了，怎么办？'));
    const deltas = events.filter((e) => e.type === 'delta');
    expect(deltas.length).toBeGreaterThan(50);
    expect(textOf(events)).toContain(OFFLINE_NOTICE.zh);
    expect(textOf(events)).toContain('120');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['usage', 'finish']);
  });

  it('answers an English question in English', async () => {
    const text = textOf(await collect(ask('I have had a headache for two days.')));
    expect(text).toContain(OFFLINE_NOTICE.en);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('follows the language the caller asked for over the language of the question', async () => {
    expect(textOf(await collect(ask('headache', { language: 'zh' })))).toContain(OFFLINE_NOTICE.zh);
  });

  it('is deterministic and reports the tokens it streamed', async () => {
    const first = await collect(ask('胸闷'));
    const second = await collect(ask('胸闷'));
    expect(second).toEqual(first);
    const usage = first.find((e) => e.type === 'usage');
    expect(usage?.type === 'usage' && usage.usage.outputTokens).toBe(
      first.filter((e) => e.type === 'delta').length,
    );
  });

  it('wraps the answer in JSON when JSON is asked for', () => {
    const json = JSON.parse(composeAnswer(ask('hi', { responseFormat: 'json' }))) as {
      answer: string;
    };
    expect(json.answer).toContain(OFFLINE_NOTICE.en);
  });

  it('finishes its own interrupted answer and refuses to continue anyone else’s', async () => {
    const whole = composeAnswer(ask('headache'));
    const rest = textOf(await collect(ask('headache', { continueFrom: whole.slice(0, 40) })));
    expect(whole.slice(0, 40) + rest).toBe(whole);
    await expect(
      collect(ask('headache', { continueFrom: 'Something else' })),
    ).rejects.toMatchObject({
      kind: 'fatal',
      code: 'continuation-unsupported',
    });
  });

  it('stops when aborted', async () => {
    const slow = new OfflineClinicalProvider({ spec: { kind: 'offline', tokenDelayMs: 20 } });
    const controller = new AbortController();
    const reason = new ProviderError('retryable', 'idle-timeout', 'stop');
    setTimeout(() => controller.abort(reason), 50);
    const events: ProviderEvent[] = [];
    await expect(
      (async () => {
        for await (const event of slow.stream(ask('hi', { signal: controller.signal })))
          events.push(event);
      })(),
    ).rejects.toBe(reason);
    expect(events.length).toBeLessThan(10);
  });
});
