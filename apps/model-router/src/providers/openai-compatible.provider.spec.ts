import type { OpenAiCompatibleProviderSpec } from '../catalog/catalog.schema';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';
import type { ProviderEvent, ProviderRequest } from './provider';
import { ProviderError } from './provider';

const spec: OpenAiCompatibleProviderSpec = {
  kind: 'openai-compatible',
  baseUrl: 'http://provider.test/v1',
  upstreamModel: 'deepseek-chat',
  upstreamVersion: '2026-01-01',
  continuation: 'trailing-assistant',
  streaming: true,
};

function request(signal: AbortSignal = new AbortController().signal): ProviderRequest {
  return {
    task: 'consult',
    messages: [{ role: 'user', content: 'Hi' }],
    maxOutputTokens: 100,
    responseFormat: 'text',
    signal,
  };
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usage = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } })}\n\n`;

/** An SSE response whose body yields `parts` (strings, or pauses in ms). */
function sse(parts: readonly (string | number)[], status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const part of parts) {
        if (typeof part === 'number') await new Promise((resolve) => setTimeout(resolve, part));
        else controller.enqueue(encoder.encode(part));
      }
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'text/event-stream' } });
}

interface Call {
  url: string;
  init: RequestInit;
}

function provider(respond: (call: Call) => Response | Promise<Response>, apiKey?: string) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const call = { url: url instanceof Request ? url.url : url.toString(), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return {
    calls,
    provider: new OpenAiCompatibleProvider({
      spec,
      fetch: fetchImpl,
      ...(apiKey === undefined ? {} : { apiKey }),
    }),
  };
}

async function collect(events: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const out: ProviderEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function failure(events: AsyncIterable<ProviderEvent>): Promise<ProviderError> {
  try {
    await collect(events);
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe(OpenAiCompatibleProvider.name, () => {
  it('posts to /chat/completions with the key and streams text, then usage, then finish', async () => {
    const { provider: p, calls } = provider(
      () =>
        sse([
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'Hel' }),
          chunk({ content: 'lo' }),
          chunk({}, 'stop'),
          usage,
          'data: [DONE]\n\n',
        ]),
      'sk-test',
    );
    expect(await collect(p.stream(request()))).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      {
        type: 'usage',
        usage: { inputTokens: 9, outputTokens: 2, reasoningTokens: 0, cachedInputTokens: 0 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(calls[0]?.url).toBe('http://provider.test/v1/chat/completions');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>)['authorization']).toBe(
      'Bearer sk-test',
    );
  });

  it('yields nothing for keep-alive comments', async () => {
    const { provider: p } = provider(() =>
      sse([
        ': keep-alive\n\n',
        chunk({ content: 'a' }),
        ': keep-alive\n\n',
        chunk({}, 'stop'),
        'data: [DONE]\n\n',
      ]),
    );
    expect((await collect(p.stream(request()))).map((e) => e.type)).toEqual(['delta', 'finish']);
  });

  it('fails a stream that ends without a finish reason, with or without [DONE]', async () => {
    const cut = provider(() => sse([chunk({ content: 'a' })]));
    expect(await failure(cut.provider.stream(request()))).toMatchObject({
      kind: 'retryable',
      code: 'stream-truncated',
    });
    const doneOnly = provider(() => sse([chunk({ content: 'a' }), 'data: [DONE]\n\n']));
    expect(await failure(doneOnly.provider.stream(request()))).toMatchObject({
      code: 'no-finish-reason',
    });
  });

  it('accepts a finished answer without [DONE]', async () => {
    const { provider: p } = provider(() =>
      sse([chunk({ content: 'a' }), chunk({}, 'stop'), usage]),
    );
    expect((await collect(p.stream(request()))).map((e) => e.type)).toEqual([
      'delta',
      'usage',
      'finish',
    ]);
  });

  it('classifies an error status with its Retry-After', async () => {
    const { provider: p } = provider(
      () =>
        new Response(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }), {
          status: 429,
          headers: { 'retry-after': '3', 'content-type': 'application/json' },
        }),
    );
    expect(await failure(p.stream(request()))).toMatchObject({
      kind: 'retryable',
      code: 'rate-limited',
      retryAfterMs: 3_000,
      httpStatus: 429,
    });
  });

  it('classifies a refused connection as a retryable network failure', async () => {
    const { provider: p } = provider(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      });
    });
    const error = await failure(p.stream(request()));
    expect(error).toMatchObject({ kind: 'retryable', code: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports the reason it was aborted for, not a network error', async () => {
    const controller = new AbortController();
    const { provider: p } = provider(({ init }) => {
      const signal = init.signal!;
      return new Promise<Response>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    });
    const reason = new ProviderError('retryable', 'first-token-timeout', 'late');
    setTimeout(() => controller.abort(reason), 10);
    expect(await failure(p.stream(request(controller.signal)))).toBe(reason);
  });

  it('reads a plain JSON answer when the server does not stream', async () => {
    const { provider: p } = provider(
      () =>
        new Response(
          JSON.stringify({
            choices: [{ message: { role: 'assistant', content: 'Whole' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1 },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    );
    expect((await collect(p.stream(request()))).map((e) => e.type)).toEqual([
      'delta',
      'usage',
      'finish',
    ]);
  });
});
