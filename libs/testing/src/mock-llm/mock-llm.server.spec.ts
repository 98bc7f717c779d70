import { llmFaults } from './mock-llm.faults';
import type { MockUsage } from './mock-llm.protocol';
import { startMockLlm } from './mock-llm.server';
import {
  countPromptTokens,
  mockAnswer,
  mockAnswerTokens,
  mockReasoningTokens,
} from './mock-llm.text';
import type { MockChatMessage, MockLlm } from './mock-llm.types';
import { collectSse, readSse } from './sse-reader';

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string | null; reasoning_content?: string | null };
    logprobs: null;
    finish_reason: string | null;
  }[];
  usage?: MockUsage | null;
}

interface Completion {
  id: string;
  object: string;
  model: string;
  choices: {
    index: number;
    message: { role: string; content: string; reasoning_content?: string };
    finish_reason: string;
  }[];
  usage: MockUsage;
}

const user = (content: string): MockChatMessage => ({ role: 'user', content });

function chat(
  mock: MockLlm,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function completion(response: Response): Promise<Completion> {
  expect(response.status).toBe(200);
  return (await response.json()) as Completion;
}

async function streamed(response: Response) {
  expect(response.status).toBe(200);
  const transcript = await collectSse(response);
  return { ...transcript, chunks: transcript.chunks as Chunk[] };
}

function contentOf(chunks: readonly Chunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe(startMockLlm.name, () => {
  let mock: MockLlm;

  beforeAll(async () => {
    mock = await startMockLlm({
      models: {
        'mock-model': {},
        'deepseek-r1': { reasoningTokens: 4 },
        'small-window': { contextWindow: 40 },
        'no-prefill': { rejectPrefill: true },
      },
    });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset();
  });

  it('serves on an ephemeral port with a base URL ending in /v1', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(mock.port).toBeGreaterThan(0);
  });

  it('lists its models', async () => {
    const response = await fetch(`${mock.url}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      data: { id: string; object: string }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toEqual([
      'mock-model',
      'deepseek-r1',
      'small-window',
      'no-prefill',
    ]);
    expect(body.data[0]).toEqual({
      id: 'mock-model',
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'meridian-mock',
    });
    expect((await fetch(`${mock.url}/models/deepseek-r1`)).status).toBe(200);
    const missing = await fetch(`${mock.url}/models/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'model_not_found' } });
  });

  it('answers non-streamed with a chat.completion and exact usage', async () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, user('I have a headache')];
    const body = await completion(await chat(mock, { model: 'mock-model', messages }));
    const promptTokens = countPromptTokens(messages);
    expect(body).toEqual({
      id: 'chatcmpl-mock-0',
      object: 'chat.completion',
      created: expect.any(Number) as number,
      model: 'mock-model',
      system_fingerprint: 'fp_meridian_mock',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: mockAnswer('I have a headache', 12),
            refusal: null,
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: 12,
        total_tokens: promptTokens + 12,
      },
    });
  });

  it('streams a role chunk, one chunk per token, a finish chunk and [DONE]', async () => {
    mock.setBehaviour({ tokens: 5 });
    const response = await chat(mock, {
      model: 'mock-model',
      messages: [user('hello')],
      stream: true,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const { chunks, done, error, items } = await streamed(response);
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(items[items.length - 1]).toEqual({ kind: 'data', data: '[DONE]', event: undefined });
    expect(chunks).toHaveLength(7);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-mock-0',
        object: 'chat.completion.chunk',
        model: 'mock-model',
      });
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(chunks[0]?.choices).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
    ]);
    expect(chunks.slice(1, 6).map((chunk) => chunk.choices[0]?.delta.content)).toEqual(
      mockAnswerTokens('hello', 5),
    );
    expect(chunks[6]?.choices).toEqual([
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
    ]);
  });

  it('honours stream_options.include_usage: usage null on every chunk, then a usage chunk', async () => {
    mock.setBehaviour({ tokens: 3, cachedPromptTokens: 2 });
    const messages = [user('hello there')];
    const { chunks, done } = await streamed(
      await chat(mock, {
        model: 'mock-model',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(done).toBe(true);
    expect(chunks).toHaveLength(6);
    for (const chunk of chunks.slice(0, 5)) expect(chunk.usage).toBeNull();
    const promptTokens = countPromptTokens(messages);
    expect(chunks[5]).toMatchObject({ object: 'chat.completion.chunk', choices: [] });
    expect(chunks[5]?.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: 3,
      total_tokens: promptTokens + 3,
      prompt_tokens_details: { cached_tokens: 2 },
    });
  });

  it('streams DeepSeek-style reasoning_content deltas before the content', async () => {
    const { chunks } = await streamed(
      await chat(mock, {
        model: 'deepseek-r1',
        messages: [user('why?')],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const deltas = chunks.slice(1, -2).map((chunk) => chunk.choices[0]?.delta);
    expect(deltas.slice(0, 4)).toEqual(
      mockReasoningTokens('why?', 4).map((token) => ({ content: null, reasoning_content: token })),
    );
    expect(deltas.slice(4)).toEqual(
      mockAnswerTokens('why?', 12).map((token) => ({ content: token })),
    );
    expect(chunks[chunks.length - 1]?.usage).toMatchObject({
      completion_tokens: 16,
      completion_tokens_details: { reasoning_tokens: 4 },
    });
  });

  it('returns reasoning_content in a non-streamed message too', async () => {
    const body = await completion(
      await chat(mock, { model: 'deepseek-r1', messages: [user('why?')] }),
    );
    expect(body.choices[0]?.message.reasoning_content).toBe(
      mockReasoningTokens('why?', 4).join(''),
    );
    expect(body.usage.completion_tokens_details).toEqual({ reasoning_tokens: 4 });
  });

  it('truncates at max_tokens with finish_reason "length"', async () => {
    const body = await completion(
      await chat(mock, { model: 'mock-model', messages: [user('hi')], max_tokens: 3 }),
    );
    expect(body.choices[0]?.message.content).toBe(mockAnswer('hi', 3));
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(3);
  });

  it('uses a fixed answer, split into word tokens', async () => {
    mock.setBehaviour({ answer: 'Drink water and rest.' });
    const { chunks } = await streamed(
      await chat(mock, { model: 'mock-model', messages: [user('x')], stream: true }),
    );
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      'Drink',
      ' water',
      ' and',
      ' rest.',
    ]);
  });

  it('echoes the last user message, or the whole prompt, for placeholder round trips', async () => {
    const messages = [
      { role: 'system', content: 'Patient [NAME_1]' },
      user('Is [NAME_1] (ID [ID_1]) at risk?'),
    ];
    mock.setBehaviour({ echo: true });
    expect(
      contentOf((await streamed(await chat(mock, { model: 'm', messages, stream: true }))).chunks),
    ).toBe('Is [NAME_1] (ID [ID_1]) at risk?');
    mock.setBehaviour({ echo: 'all' });
    const body = await completion(await chat(mock, { model: 'm', messages }));
    expect(body.choices[0]?.message.content).toBe(
      'system: Patient [NAME_1]\nuser: Is [NAME_1] (ID [ID_1]) at risk?',
    );
  });

  it('splits into character chunks so placeholders straddle chunk boundaries', async () => {
    mock.setBehaviour({ echo: true, chunkChars: 4 });
    const { chunks } = await streamed(
      await chat(mock, { model: 'm', messages: [user('Hi [NAME_1]!')], stream: true }),
    );
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      'Hi [',
      'NAME',
      '_1]!',
    ]);
  });

  it('records requests: headers, parsed and raw body, timestamps and outcome', async () => {
    const canary = 'CANARY-PHI-7f3a';
    const before = Date.now();
    await completion(
      await chat(
        mock,
        { model: 'mock-model', messages: [user(`[NAME_1] reports pain`)], temperature: 0.2 },
        { authorization: 'Bearer sk-test', 'x-correlation-id': 'corr-1' },
      ),
    );
    await streamed(await chat(mock, { model: 'deepseek-r1', messages: [user('b')], stream: true }));
    expect(mock.requestCount).toBe(2);
    const [first, second] = mock.requests;
    expect(first).toMatchObject({
      index: 0,
      modelIndex: 0,
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'mock-model',
      stream: false,
      status: 200,
      outcome: 'completed',
      clientClosed: false,
      tokensSent: 12,
    });
    expect(first?.headers['authorization']).toBe('Bearer sk-test');
    expect(first?.headers['x-correlation-id']).toBe('corr-1');
    expect(first?.body?.['temperature']).toBe(0.2);
    expect(first?.body?.messages[0]?.content).toBe('[NAME_1] reports pain');
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(first?.endedAt).toBeGreaterThanOrEqual(first?.receivedAt ?? Infinity);
    expect(second).toMatchObject({ index: 1, modelIndex: 0, stream: true, tokensSent: 16 });
    expect(mock.requests.some((request) => request.rawBody.includes(canary))).toBe(false);
  });

  it('keeps only maxRecorded requests but counts them all', async () => {
    const small = await startMockLlm({ maxRecorded: 2 });
    try {
      for (let i = 0; i < 3; i++) {
        await completion(await chat(small, { model: 'm', messages: [user(`q${i}`)] }));
      }
      expect(small.requestCount).toBe(3);
      expect(small.requests.map((request) => request.index)).toEqual([1, 2]);
    } finally {
      await small.close();
    }
  });

  it('scripts responses per request index, then falls back to the normal behaviour', async () => {
    mock.script([llmFaults.serverError(), null, llmFaults.rateLimit(1)]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await chat(mock, { model: 'mock-model', messages: [user('x')] });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([500, 200, 429, 200]);
    expect(mock.requests.map((request) => request.fault)).toEqual([
      'server-error',
      undefined,
      'rate-limit',
      undefined,
    ]);
  });

  it('scripts per model with its own request index', async () => {
    mock.script([llmFaults.unavailable(), llmFaults.unavailable()], { model: 'primary' });
    const statusOf = async (model: string): Promise<number> => {
      const response = await chat(mock, { model, messages: [user('x')] });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await statusOf('secondary')).toBe(200);
    expect(await statusOf('primary')).toBe(503);
    expect(await statusOf('secondary')).toBe(200);
    expect(await statusOf('primary')).toBe(503);
    expect(await statusOf('primary')).toBe(200);
    expect(
      mock.requests.filter((request) => request.model === 'primary').map((r) => r.modelIndex),
    ).toEqual([0, 1, 2]);
  });

  it('targets absolute request indexes and predicates', async () => {
    mock.setBehaviour(llmFaults.serverError(), { requestIndex: [1, 3] });
    mock.setBehaviour(llmFaults.contentFilter(), {
      when: (request) => request.rawBody.includes('forbidden'),
    });
    const statuses: number[] = [];
    for (const text of ['a', 'b', 'forbidden', 'c', 'd']) {
      const response = await chat(mock, { model: 'm', messages: [user(text)] });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 500, 400, 500, 200]);
  });

  it('applies a rule a given number of times, newest rule first', async () => {
    mock.setBehaviour(llmFaults.unavailable(), { model: 'primary' });
    mock.setBehaviour(llmFaults.rateLimit(3), { model: 'primary', times: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await chat(mock, { model: 'primary', messages: [user('x')] });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([429, 503, 503]);
  });

  it('takes a model down for a clock window ("primary down for 60 s, then back")', async () => {
    let now = 1_000_000;
    const clocked = await startMockLlm({ clock: () => now });
    try {
      clocked.setBehaviour(llmFaults.unavailable(), { model: 'primary', forMs: 60_000 });
      clocked.setBehaviour(llmFaults.rateLimit(), {
        model: 'secondary',
        afterMs: 30_000,
        forMs: 10_000,
      });
      const statusOf = async (model: string): Promise<number> => {
        const response = await chat(clocked, { model, messages: [user('x')] });
        await response.arrayBuffer();
        return response.status;
      };
      expect([await statusOf('primary'), await statusOf('secondary')]).toEqual([503, 200]);
      now += 30_000;
      expect([await statusOf('primary'), await statusOf('secondary')]).toEqual([503, 429]);
      now += 29_999;
      expect([await statusOf('primary'), await statusOf('secondary')]).toEqual([503, 200]);
      now += 1;
      expect([await statusOf('primary'), await statusOf('secondary')]).toEqual([200, 200]);
      expect(clocked.requests[0]?.receivedAt).toBe(1_000_000);
    } finally {
      await clocked.close();
    }
  });

  it('lets a rule without a fault mean "healthy" over a failing base', async () => {
    mock.setBehaviour(llmFaults.unavailable());
    mock.setBehaviour({ tokens: 2 }, { model: 'healthy' });
    const down = await chat(mock, { model: 'any', messages: [user('x')] });
    expect(down.status).toBe(503);
    await down.arrayBuffer();
    const up = await completion(await chat(mock, { model: 'healthy', messages: [user('x')] }));
    expect(up.usage.completion_tokens).toBe(2);
    mock.reset();
    await completion(await chat(mock, { model: 'any', messages: [user('x')] }));
  });

  it('waits for requests', async () => {
    const waiting = mock.waitForRequests(2, 1000);
    await (await chat(mock, { model: 'm', messages: [user('1')] })).arrayBuffer();
    await (await chat(mock, { model: 'm', messages: [user('2')] })).arrayBuffer();
    expect(await waiting).toHaveLength(2);
    await expect(mock.waitForRequests(3, 20)).rejects.toThrow('waited 20 ms for 3 requests, got 2');
  });

  it('paces tokens at the configured rate', async () => {
    mock.setBehaviour({ tokens: 6, tokensPerSecond: 50 });
    const started = performance.now();
    const response = await chat(mock, { model: 'm', messages: [user('x')], stream: true });
    const arrivals: number[] = [];
    for await (const item of readSse(response.body!)) {
      if (item.kind !== 'data' || item.data === '[DONE]') continue;
      const chunk = JSON.parse(item.data) as Chunk;
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now());
    }
    expect(arrivals).toHaveLength(6);
    // 6 tokens 20 ms apart: the last one cannot arrive before 100 ms (timers never fire early),
    // and they do not all arrive in one read.
    expect(arrivals[5]! - started).toBeGreaterThanOrEqual(100);
    expect(new Set(arrivals).size).toBeGreaterThan(1);
    expect(arrivals[5]! - started).toBeLessThan(1500);
    expect(mock.requests[0]?.outcome).toBe('completed');
  });

  it('delays non-streamed responses by latencyMs', async () => {
    mock.setBehaviour({ latencyMs: 60 });
    const started = performance.now();
    await completion(await chat(mock, { model: 'm', messages: [user('x')] }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('answers 400 context_length_exceeded above the context window', async () => {
    const long = user('x'.repeat(200));
    const response = await chat(mock, { model: 'small-window', messages: [long] });
    expect(response.status).toBe(400);
    const prompt = countPromptTokens([long]);
    expect(await response.json()).toEqual({
      error: {
        message: `This model's maximum context length is 40 tokens. However, your messages resulted in ${prompt} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    });
    const withMax = await chat(mock, {
      model: 'small-window',
      messages: [user('short')],
      max_tokens: 100,
    });
    expect(withMax.status).toBe(400);
    expect(((await withMax.json()) as { error: { message: string } }).error.message).toContain(
      `(${countPromptTokens([user('short')])} in the messages, 100 in the completion)`,
    );
    await completion(await chat(mock, { model: 'small-window', messages: [user('short')] }));
  });

  it('rejects an assistant prefill on a model that does not support it', async () => {
    const messages = [
      user('Write code'),
      { role: 'assistant', content: '```python\n', prefix: true },
    ];
    const response = await chat(mock, { model: 'no-prefill', messages });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message:
          'This model (no-prefill) does not support assistant message prefill: the conversation must end with a user message.',
        type: 'invalid_request_error',
        param: 'messages',
        code: 'prefill_not_supported',
      },
    });
    await completion(await chat(mock, { model: 'no-prefill', messages: [user('Write code')] }));
    await completion(await chat(mock, { model: 'mock-model', messages }));
  });

  it('rejects bad requests with OpenAI-shaped 400s and unknown routes with 404', async () => {
    const notJson = await fetch(`${mock.url}/chat/completions`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: {
        message: 'We could not parse the JSON body of your request.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    const noMessages = await chat(mock, { model: 'm', messages: [] });
    expect(noMessages.status).toBe(400);
    expect(await noMessages.json()).toMatchObject({ error: { param: 'messages' } });
    const noModel = await chat(mock, { messages: [user('x')] });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toMatchObject({ error: { param: 'model' } });
    expect(mock.requests.map((request) => request.outcome)).toEqual([
      'error-response',
      'error-response',
      'error-response',
    ]);
    const unknown = await fetch(`${mock.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { message: 'Invalid URL (POST /v1/embeddings)' },
    });
  });

  it('checks the API key and the model list when asked to', async () => {
    const strict = await startMockLlm({
      apiKey: 'sk-mock',
      strictModels: true,
      models: { known: {} },
    });
    try {
      const anonymous = await chat(strict, { model: 'known', messages: [user('x')] });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
      const auth = { authorization: 'Bearer sk-mock' };
      const unknown = await chat(strict, { model: 'other', messages: [user('x')] }, auth);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'model_not_found' } });
      await completion(await chat(strict, { model: 'known', messages: [user('x')] }, auth));
    } finally {
      await strict.close();
    }
  });
});
