import { llmFaults } from './mock-llm.faults';
import type { MockUsage } from './mock-llm.protocol';
import { startMockLlm } from './mock-llm.server';
import { mockAnswerTokens } from './mock-llm.text';
import type { MockLlm, MockLlmRequest } from './mock-llm.types';
import { collectSse, readSse } from './sse-reader';
import type { SseItem } from './sse-reader';

interface Chunk {
  choices: { delta: { content?: string | null }; finish_reason: string | null }[];
  usage?: MockUsage | null;
}

const messages = [{ role: 'user', content: 'I feel dizzy' }];
const tokens = mockAnswerTokens('I feel dizzy', 6);

function chat(
  mock: MockLlm,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock-model', messages, ...body }),
    signal,
  });
}

async function errorBody(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toBe('application/json');
  return response.json();
}

function contentTokens(chunks: readonly unknown[]): string[] {
  return (chunks as Chunk[]).flatMap((chunk) => {
    const content = chunk.choices[0]?.delta.content;
    return content ? [content] : [];
  });
}

function finishReasons(chunks: readonly unknown[]): (string | null)[] {
  return (chunks as Chunk[]).flatMap((chunk) =>
    chunk.choices[0]?.finish_reason ? [chunk.choices[0].finish_reason] : [],
  );
}

/** Polls until the condition holds: socket events reach the mock a moment after the client acts. */
async function eventually(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code;
}

describe('llmFaults', () => {
  let mock: MockLlm;
  const first = (): MockLlmRequest => mock.requests[0]!;

  beforeAll(async () => {
    mock = await startMockLlm({ defaults: { tokens: 6 } });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset();
  });

  describe('HTTP errors', () => {
    it('429 with Retry-After in seconds, once, then success', async () => {
      mock.setBehaviour(llmFaults.rateLimit(2), { times: 1 });
      const limited = await chat(mock, {});
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(await errorBody(limited)).toEqual({
        error: {
          message:
            'Rate limit reached for mock-model on requests per min (RPM). Please try again in 2s.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      });
      expect((await chat(mock, {})).status).toBe(200);
    });

    it('429 persistently, also for streamed requests, optionally without Retry-After', async () => {
      mock.setBehaviour(llmFaults.rateLimit(null), { model: 'mock-model' });
      for (let i = 0; i < 3; i++) {
        const response = await chat(mock, { stream: i % 2 === 0 });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBeNull();
        await response.arrayBuffer();
      }
    });

    it('a single 500, then success ("fail the first request")', async () => {
      mock.script([llmFaults.serverError()]);
      const failed = await chat(mock, {});
      expect(failed.status).toBe(500);
      expect(await errorBody(failed)).toEqual({
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      expect((await chat(mock, {})).status).toBe(200);
    });

    it('persistent 503 until reset', async () => {
      mock.setBehaviour(llmFaults.unavailable(30));
      for (let i = 0; i < 2; i++) {
        const response = await chat(mock, {});
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('30');
        expect(await errorBody(response)).toEqual({
          error: {
            message: 'The engine is currently overloaded, please try again later.',
            type: 'service_unavailable_error',
            param: null,
            code: 'server_is_overloaded',
          },
        });
      }
      mock.reset();
      expect((await chat(mock, {})).status).toBe(200);
    });

    it('any status with an OpenAI-shaped body', async () => {
      mock.script([llmFaults.httpError(502, { message: 'Bad gateway' }, { 'x-upstream': 'down' })]);
      const response = await chat(mock, {});
      expect(response.status).toBe(502);
      expect(response.headers.get('x-upstream')).toBe('down');
      expect(await errorBody(response)).toEqual({
        error: { message: 'Bad gateway', type: null, param: null, code: null },
      });
    });

    it('400 context_length_exceeded on demand', async () => {
      mock.script([llmFaults.contextLengthExceeded()]);
      const response = await chat(mock, { stream: true });
      expect(response.status).toBe(400);
      expect(await errorBody(response)).toMatchObject({
        error: {
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      });
    });

    it('400 content_filter for a filtered prompt', async () => {
      mock.setBehaviour(llmFaults.contentFilter(), { when: (r) => r.rawBody.includes('dizzy') });
      const response = await chat(mock, { stream: true });
      expect(response.status).toBe(400);
      expect(await errorBody(response)).toEqual({
        error: {
          message:
            "The response was filtered due to the prompt triggering the provider's content management policy. Please modify your prompt and retry.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
        },
      });
      expect(first().outcome).toBe('error-response');
    });
  });

  describe('connection faults', () => {
    it('TCP reset before any response: fetch rejects', async () => {
      mock.script([llmFaults.reset()]);
      const error = await chat(mock, {}).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      // Jest runs tests in another realm than undici: compare names, not constructors.
      expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
      expect(causeCode(error)).toBe('ECONNRESET');
      expect(first()).toMatchObject({ fault: 'reset', outcome: 'reset', status: undefined });
      expect(mock.requestCount).toBe(1);
      expect((await chat(mock, {})).status).toBe(200);
    });

    it('no response at all until the client gives up', async () => {
      mock.script([llmFaults.hang()]);
      const started = performance.now();
      await expect(chat(mock, {}, AbortSignal.timeout(80))).rejects.toThrow(
        'The operation was aborted due to timeout',
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
      await eventually(() => first().clientClosed);
      expect(first()).toMatchObject({ outcome: 'hung', status: undefined, clientClosed: true });
      expect(mock.openResponses).toBe(0);
    });

    it('the first token only after a delay, headers first', async () => {
      mock.setBehaviour({ firstTokenDelayMs: 200 });
      const started = performance.now();
      const response = await chat(mock, { stream: true });
      const headersAfter = performance.now() - started;
      expect(response.status).toBe(200);
      let firstTokenAfter = 0;
      for await (const item of readSse(response.body!)) {
        if (item.kind === 'data' && firstTokenAfter === 0) {
          firstTokenAfter = performance.now() - started;
        }
      }
      // Timers never fire early, so the lower bounds hold however loaded the machine is.
      expect(firstTokenAfter).toBeGreaterThanOrEqual(199);
      expect(headersAfter).toBeLessThan(firstTokenAfter);
      expect(first().firstTokenAt! - first().respondedAt!).toBeGreaterThanOrEqual(199);
    });

    it('a slow first token also delays a non-streamed answer', async () => {
      mock.setBehaviour({ firstTokenDelayMs: 80 });
      const started = performance.now();
      const response = await chat(mock, {});
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    });
  });

  describe('stream faults', () => {
    it('cut after K of N tokens: the body ends cleanly, with no finish_reason and no [DONE]', async () => {
      mock.script([llmFaults.cut(2)]);
      const transcript = await collectSse(
        await chat(mock, { stream: true, stream_options: { include_usage: true } }),
      );
      expect(transcript.error).toBeUndefined();
      expect(transcript.done).toBe(false);
      expect(contentTokens(transcript.chunks)).toEqual(tokens.slice(0, 2));
      expect(finishReasons(transcript.chunks)).toEqual([]);
      expect((transcript.chunks as Chunk[]).some((chunk) => chunk.usage)).toBe(false);
      expect(first()).toMatchObject({ outcome: 'cut', tokensSent: 2 });
    });

    it('cut with the connection closed mid-body: the read fails', async () => {
      mock.script([llmFaults.cut(3, { closeConnection: true })]);
      const transcript = await collectSse(await chat(mock, { stream: true }));
      expect(transcript.error).toBeDefined();
      expect(transcript.done).toBe(false);
      expect(contentTokens(transcript.chunks)).toEqual(tokens.slice(0, 3));
    });

    it('TCP reset mid-stream: the read fails after K tokens', async () => {
      mock.script([llmFaults.resetMidStream(2)]);
      const transcript = await collectSse(await chat(mock, { stream: true }));
      expect(transcript.error).toBeDefined();
      expect(transcript.done).toBe(false);
      expect(contentTokens(transcript.chunks)).toEqual(tokens.slice(0, 2));
      expect(first().outcome).toBe('reset');
    });

    it('stall after K tokens with keep-alive comments that are not progress', async () => {
      mock.script([llmFaults.stall(2, { keepAliveMs: 15 })]);
      const controller = new AbortController();
      const response = await chat(mock, { stream: true }, controller.signal);
      const seen: SseItem[] = [];
      let error: unknown;
      try {
        for await (const item of readSse(response.body!)) {
          seen.push(item);
          if (seen.filter((entry) => entry.kind === 'comment').length === 3) controller.abort();
        }
      } catch (caught) {
        error = caught;
      }
      expect((error as Error).name).toBe('AbortError');
      const data = seen.flatMap((item) =>
        item.kind === 'data' ? [JSON.parse(item.data) as Chunk] : [],
      );
      expect(contentTokens(data)).toEqual(tokens.slice(0, 2));
      expect(finishReasons(data)).toEqual([]);
      expect(seen.slice(-3)).toEqual([
        { kind: 'comment', text: 'keep-alive' },
        { kind: 'comment', text: 'keep-alive' },
        { kind: 'comment', text: 'keep-alive' },
      ]);
      await eventually(() => first().clientClosed);
      expect(first()).toMatchObject({ outcome: 'stalled', tokensSent: 2 });
      expect(mock.openResponses).toBe(0);
    });

    it('stall that resumes and completes', async () => {
      mock.script([llmFaults.stall(3, { resumeAfterMs: 60 })]);
      const started = performance.now();
      const response = await chat(mock, { stream: true });
      const arrivals: number[] = [];
      const chunks: Chunk[] = [];
      for await (const item of readSse(response.body!)) {
        if (item.kind !== 'data' || item.data === '[DONE]') continue;
        chunks.push(JSON.parse(item.data) as Chunk);
        arrivals.push(performance.now());
      }
      expect(contentTokens(chunks)).toEqual(tokens);
      expect(finishReasons(chunks)).toEqual(['stop']);
      // role + 3 tokens, then the pause, then the rest.
      expect(arrivals[4]! - started).toBeGreaterThanOrEqual(60);
      expect(first().outcome).toBe('completed');
    });

    it('malformed chunk: one data line with invalid JSON, then the stream goes on', async () => {
      mock.script([llmFaults.malformedChunk(1)]);
      const transcript = await collectSse(await chat(mock, { stream: true }));
      expect(transcript.malformed).toHaveLength(1);
      expect(() => JSON.parse(transcript.malformed[0]!) as unknown).toThrow(SyntaxError);
      const dataItems = transcript.items.filter((item) => item.kind === 'data');
      // role, token 1, the malformed line, tokens 2..6, finish, [DONE]
      expect(dataItems[2]).toEqual({
        kind: 'data',
        data: transcript.malformed[0],
        event: undefined,
      });
      expect(contentTokens(transcript.chunks)).toEqual(tokens);
      expect(transcript.done).toBe(true);
    });

    it('ends with a finish_reason and usage but without [DONE]', async () => {
      mock.script([llmFaults.noDone()]);
      const transcript = await collectSse(
        await chat(mock, { stream: true, stream_options: { include_usage: true } }),
      );
      expect(transcript.error).toBeUndefined();
      expect(transcript.done).toBe(false);
      expect(finishReasons(transcript.chunks)).toEqual(['stop']);
      expect((transcript.chunks as Chunk[]).at(-1)?.usage?.completion_tokens).toBe(6);
    });

    it('content filter mid-stream: finish_reason "content_filter" after K tokens', async () => {
      mock.script([llmFaults.contentFilterInStream(2)]);
      const transcript = await collectSse(
        await chat(mock, { stream: true, stream_options: { include_usage: true } }),
      );
      expect(contentTokens(transcript.chunks)).toEqual(tokens.slice(0, 2));
      expect(finishReasons(transcript.chunks)).toEqual(['content_filter']);
      expect((transcript.chunks as Chunk[]).at(-1)?.usage?.completion_tokens).toBe(2);
      expect(transcript.done).toBe(true);
    });

    it('content filter on a non-streamed answer: partial content, finish_reason "content_filter"', async () => {
      mock.script([llmFaults.contentFilterInStream(2)]);
      const body = (await (await chat(mock, {})).json()) as {
        choices: { message: { content: string }; finish_reason: string }[];
        usage: MockUsage;
      };
      expect(body.choices[0]).toMatchObject({
        message: { content: tokens.slice(0, 2).join('') },
        finish_reason: 'content_filter',
      });
      expect(body.usage.completion_tokens).toBe(2);
    });

    it('non-streamed stall: headers and half the JSON, then silence until the client gives up', async () => {
      mock.script([llmFaults.stall(0)]);
      const response = await chat(mock, {}, AbortSignal.timeout(60));
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
      await eventually(() => first().clientClosed);
      expect(first()).toMatchObject({ outcome: 'stalled', status: 200 });
    });

    it('non-streamed cut and reset: truncated JSON, failed read', async () => {
      mock.script([llmFaults.cut(0), llmFaults.resetMidStream(0), llmFaults.malformedChunk(0)]);
      const cut = await chat(mock, {});
      expect(cut.status).toBe(200);
      await expect(cut.json()).rejects.toMatchObject({ name: 'SyntaxError' });
      const reset = await chat(mock, {});
      expect(reset.status).toBe(200);
      await expect(reset.text()).rejects.toThrow();
      const malformed = await chat(mock, {});
      await expect(malformed.json()).rejects.toMatchObject({ name: 'SyntaxError' });
    });
  });
});
