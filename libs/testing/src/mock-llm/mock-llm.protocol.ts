import type { OpenAiErrorObject } from './mock-llm.types';

/** `usage` of a chat completion as OpenAI (and DeepSeek, Qwen, vLLM) report it. */
export interface MockUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export type MockFinishReason = 'stop' | 'length' | 'content_filter';

/** An HTTP response fully decided up front: status, headers and body text. */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const SSE_DONE = 'data: [DONE]\n\n';
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';
export const SYSTEM_FINGERPRINT = 'fp_meridian_mock';

export function usageOf(
  promptTokens: number,
  completionTokens: number,
  reasoningTokens: number,
  cachedPromptTokens: number | undefined,
): MockUsage {
  const usage: MockUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (cachedPromptTokens !== undefined) {
    usage.prompt_tokens_details = { cached_tokens: Math.min(cachedPromptTokens, promptTokens) };
  }
  if (reasoningTokens > 0) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return usage;
}

/**
 * Builds the SSE lines of one streamed completion. The constant part of every chunk is built once;
 * per token only the token itself is JSON-encoded (the mock must stay cheap under benchmarks).
 */
export class ChunkWriter {
  private readonly head: string;
  private readonly tail: string;
  private readonly usageTail: string;

  constructor(id: string, created: number, model: string, includeUsage: boolean) {
    const common = `"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"${SYSTEM_FINGERPRINT}"`;
    this.head = `data: {${common},"choices":[{"index":0,"delta":`;
    this.tail = includeUsage ? ',"usage":null}\n\n' : '}\n\n';
    this.usageTail = `data: {${common},"choices":[],"usage":`;
  }

  role(): string {
    return `${this.head}{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]${this.tail}`;
  }

  content(token: string): string {
    return `${this.head}{"content":${JSON.stringify(token)}},"logprobs":null,"finish_reason":null}]${this.tail}`;
  }

  /** DeepSeek R1 style: `reasoning_content` carries the chain of thought, `content` is null. */
  reasoning(token: string): string {
    return `${this.head}{"content":null,"reasoning_content":${JSON.stringify(token)}},"logprobs":null,"finish_reason":null}]${this.tail}`;
  }

  finish(reason: MockFinishReason): string {
    return `${this.head}{},"logprobs":null,"finish_reason":"${reason}"}]${this.tail}`;
  }

  /** The extra chunk of `stream_options.include_usage`: empty `choices`, the whole usage. */
  usage(usage: MockUsage): string {
    return `${this.usageTail}${JSON.stringify(usage)}}\n\n`;
  }

  /** A `data:` line whose JSON is cut off: what a broken proxy or provider emits. */
  malformed(): string {
    return `${this.head}{"content":"\\u00e9\n\n`;
  }
}

export interface CompletionBodyInput {
  id: string;
  created: number;
  model: string;
  content: string;
  reasoning: string | undefined;
  finishReason: MockFinishReason;
  usage: MockUsage;
}

/** A non-streamed `chat.completion` object. */
export function completionBody(input: CompletionBodyInput): string {
  const message: Record<string, string | null> = {
    role: 'assistant',
    content: input.content,
    refusal: null,
  };
  if (input.reasoning !== undefined) message['reasoning_content'] = input.reasoning;
  return JSON.stringify({
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, message, logprobs: null, finish_reason: input.finishReason }],
    usage: input.usage,
  });
}

/** An OpenAI-shaped error response: `{ "error": { message, type, param, code } }`. */
export function errorResponse(
  status: number,
  error: OpenAiErrorObject,
  headers: Readonly<Record<string, string>> = {},
): PlainResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ error }),
  };
}

export const errors = {
  rateLimited(model: string, retryAfterSeconds: number | undefined): PlainResponse {
    const wait =
      retryAfterSeconds === undefined ? '' : ` Please try again in ${retryAfterSeconds}s.`;
    return errorResponse(
      429,
      {
        message: `Rate limit reached for ${model || 'model'} on requests per min (RPM).${wait}`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    );
  },
  serverError(): PlainResponse {
    return errorResponse(500, {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    });
  },
  unavailable(retryAfterSeconds: number | undefined): PlainResponse {
    return errorResponse(
      503,
      {
        message: 'The engine is currently overloaded, please try again later.',
        type: 'service_unavailable_error',
        param: null,
        code: 'server_is_overloaded',
      },
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    );
  },
  contextLengthExceeded(
    window: number,
    promptTokens: number,
    maxTokens: number | undefined,
  ): PlainResponse {
    const message =
      maxTokens === undefined
        ? `This model's maximum context length is ${window} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`
        : `This model's maximum context length is ${window} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`;
    return errorResponse(400, {
      message,
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
  },
  // Azure OpenAI's shape for a filtered prompt: type null, param "prompt", code "content_filter".
  contentFilter(): PlainResponse {
    return errorResponse(400, {
      message:
        "The response was filtered due to the prompt triggering the provider's content management policy. Please modify your prompt and retry.",
      type: null,
      param: 'prompt',
      code: 'content_filter',
    });
  },
  prefillRejected(model: string): PlainResponse {
    return errorResponse(400, {
      message: `This model (${model}) does not support assistant message prefill: the conversation must end with a user message.`,
      type: 'invalid_request_error',
      param: 'messages',
      code: 'prefill_not_supported',
    });
  },
  invalidRequest(message: string, param: string | null): PlainResponse {
    return errorResponse(400, { message, type: 'invalid_request_error', param, code: null });
  },
  invalidApiKey(): PlainResponse {
    return errorResponse(401, {
      message: 'Incorrect API key provided.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  },
  modelNotFound(model: string): PlainResponse {
    return errorResponse(404, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
  },
  notFound(method: string, path: string): PlainResponse {
    return errorResponse(404, {
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  },
  tooLarge(): PlainResponse {
    return errorResponse(413, {
      message: 'Request body too large.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  },
} as const;
