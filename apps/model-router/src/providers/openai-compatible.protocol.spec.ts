import {
  CONTINUE_INSTRUCTION,
  buildChatCompletionBody,
  classifyErrorBody,
  interpretChunk,
  interpretCompletion,
  parseRetryAfter,
} from './openai-compatible.protocol';
import type { ProviderRequest } from './provider';
import { ProviderError } from './provider';

const request: ProviderRequest = {
  task: 'consult',
  messages: [
    { role: 'system', content: 'Be careful.' },
    { role: 'user', content: 'Headache?' },
  ],
  maxOutputTokens: 256,
  responseFormat: 'text',
  signal: new AbortController().signal,
};

const headers = (values: Record<string, string>) => new Headers(values);

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe(buildChatCompletionBody.name, () => {
  it('asks for a stream with usage, the pinned upstream model and the output limit', () => {
    expect(
      buildChatCompletionBody(
        'deepseek-chat',
        { ...request, temperature: 0.3 },
        {
          stream: true,
          continuation: 'trailing-assistant',
        },
      ),
    ).toEqual({
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'Be careful.' },
        { role: 'user', content: 'Headache?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 256,
      temperature: 0.3,
    });
  });

  it('asks for a JSON object when the caller wants JSON', () => {
    const body = buildChatCompletionBody(
      'm',
      { ...request, responseFormat: 'json' },
      {
        stream: false,
        continuation: 'none',
      },
    );
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.stream_options).toBeUndefined();
  });

  it('continues an answer: instruction in the system prompt, the partial answer as prefill', () => {
    const body = buildChatCompletionBody(
      'm',
      { ...request, continueFrom: 'So far, ' },
      {
        stream: true,
        continuation: 'prefix-flag',
      },
    );
    expect(body.messages[0]?.content).toBe(`Be careful.\n\n${CONTINUE_INSTRUCTION}`);
    expect(body.messages[body.messages.length - 1]).toEqual({
      role: 'assistant',
      content: 'So far, ',
      prefix: true,
    });
    // The caller's messages are not modified.
    expect(request.messages[0]?.content).toBe('Be careful.');
  });

  it('adds a system prompt for the instruction when there is none, and no prefix flag unless asked', () => {
    const body = buildChatCompletionBody(
      'm',
      { ...request, messages: [{ role: 'user', content: 'Hi' }], continueFrom: 'Hel' },
      { stream: true, continuation: 'trailing-assistant' },
    );
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(body.messages[2]).toEqual({ role: 'assistant', content: 'Hel' });
  });

  it('refuses to continue on a model that cannot', () => {
    expect(
      thrown(() =>
        buildChatCompletionBody(
          'm',
          { ...request, continueFrom: 'x' },
          {
            stream: true,
            continuation: 'none',
          },
        ),
      ).kind,
    ).toBe('fatal');
  });
});

describe(interpretChunk.name, () => {
  it('reads content, DeepSeek reasoning_content and vLLM reasoning as separate events', () => {
    expect(
      interpretChunk(
        '{"choices":[{"index":0,"delta":{"reasoning_content":"think","content":null}}]}',
      ).events,
    ).toEqual([{ type: 'reasoning', text: 'think' }]);
    expect(interpretChunk('{"choices":[{"delta":{"reasoning":"hmm"}}]}').events).toEqual([
      { type: 'reasoning', text: 'hmm' },
    ]);
    expect(interpretChunk('{"choices":[{"delta":{"content":"Hi"}}]}').events).toEqual([
      { type: 'delta', text: 'Hi' },
    ]);
  });

  it('ignores the empty role chunk', () => {
    expect(
      interpretChunk(
        '{"choices":[{"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
      ),
    ).toEqual({ events: [] });
  });

  it('returns the finish reason and the usage chunk', () => {
    expect(interpretChunk('{"choices":[{"delta":{},"finish_reason":"length"}]}').finish).toBe(
      'length',
    );
    expect(
      interpretChunk('{"choices":[{"delta":{},"finish_reason":"content_filter"}]}').finish,
    ).toBe('content-filter');
    expect(
      interpretChunk(
        '{"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":3}}}',
      ).usage,
    ).toEqual({ inputTokens: 20, outputTokens: 7, reasoningTokens: 3, cachedInputTokens: 5 });
    expect(
      interpretChunk(
        '{"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":7,"prompt_cache_hit_tokens":9}}',
      ).usage?.cachedInputTokens,
    ).toBe(9);
  });

  it.each(['{"choices":[{"delta":{"content":"x"', 'not json', '[1,2]', '{"choices":"x"}'])(
    'rejects the malformed chunk %s as a retryable stream failure',
    (data) => {
      expect(thrown(() => interpretChunk(data))).toMatchObject({
        kind: 'retryable',
        code: 'malformed-chunk',
      });
    },
  );

  it('turns an error object inside the stream into a classified failure', () => {
    expect(
      thrown(() => interpretChunk('{"error":{"message":"overloaded","type":"server_error"}}')),
    ).toMatchObject({ kind: 'retryable' });
    expect(
      thrown(() => interpretChunk('{"error":{"message":"flagged","code":"content_filter"}}')),
    ).toMatchObject({ kind: 'content-filter' });
  });
});

describe(interpretCompletion.name, () => {
  it('reads a whole response as reasoning, text, usage and finish', () => {
    expect(
      interpretCompletion({
        choices: [
          {
            message: { role: 'assistant', content: 'Hi', reasoning_content: 'r' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 2 },
      }),
    ).toEqual([
      { type: 'reasoning', text: 'r' },
      { type: 'delta', text: 'Hi' },
      {
        type: 'usage',
        usage: { inputTokens: 3, outputTokens: 2, reasoningTokens: 0, cachedInputTokens: 0 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('rejects a response without a message', () => {
    expect(thrown(() => interpretCompletion({ choices: [] })).code).toBe('malformed-response');
  });
});

describe(parseRetryAfter.name, () => {
  it('reads seconds, OpenAI milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2_000);
    expect(parseRetryAfter(headers({ 'retry-after': '2', 'retry-after-ms': '350' }))).toBe(350);
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 10:00:05 GMT' }), now)).toBe(
      5_000,
    );
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe(classifyErrorBody.name, () => {
  const body = (error: Record<string, unknown>) => ({ error });

  it.each([
    [429, {}, 'retryable', 'rate-limited'],
    [500, {}, 'retryable', 'http-500'],
    [503, {}, 'retryable', 'http-503'],
    [408, {}, 'retryable', 'http-408'],
    [401, {}, 'fatal', 'http-401'],
    [404, { code: 'model_not_found' }, 'fatal', 'http-404'],
    [400, { code: 'prefill_not_supported' }, 'fatal', 'http-400'],
    [400, { code: 'context_length_exceeded' }, 'context-length', 'context-length-exceeded'],
    [
      400,
      { message: "This model's maximum context length is 8192 tokens" },
      'context-length',
      'context-length-exceeded',
    ],
    [413, {}, 'context-length', 'context-length-exceeded'],
    [400, { code: 'content_filter', message: 'flagged' }, 'content-filter', 'content_filter'],
    [400, { code: 'data_inspection_failed' }, 'content-filter', 'data_inspection_failed'],
  ] as const)('classifies HTTP %i %j as %s', (status, error, kind, code) => {
    expect(classifyErrorBody(status, body({ message: 'x', ...error }), undefined)).toMatchObject({
      kind,
      code,
      httpStatus: status,
    });
  });

  it('keeps Retry-After and truncates long messages', () => {
    const error = classifyErrorBody(429, body({ message: 'y'.repeat(5_000) }), 1_500);
    expect(error.retryAfterMs).toBe(1_500);
    expect(error.message.length).toBe(300);
  });

  it('counts only failures about the model, not about the request, against its health', () => {
    expect(classifyErrorBody(503, {}, undefined).healthFailure).toBe(true);
    expect(classifyErrorBody(401, {}, undefined).healthFailure).toBe(true);
    expect(classifyErrorBody(400, body({ message: 'bad' }), undefined).healthFailure).toBe(false);
    expect(
      classifyErrorBody(400, body({ code: 'content_filter', message: 'x' }), undefined)
        .healthFailure,
    ).toBe(false);
  });
});
