import type { MockFault, OpenAiErrorObject } from './mock-llm.types';

/**
 * Fault constructors for the mock LLM. Each returns a `MockFault`, usable directly in
 * `mock.script([...])` and `mock.setBehaviour(fault, scope)`.
 */
export const llmFaults = {
  /** HTTP 429 `rate_limit_exceeded` with `Retry-After: <seconds>` (`null`: no header). Default 1 s. */
  rateLimit(retryAfterSeconds: number | null = 1): MockFault {
    return { kind: 'rate-limit', retryAfterSeconds: retryAfterSeconds ?? undefined };
  },
  /** HTTP 500 `server_error`. */
  serverError(): MockFault {
    return { kind: 'server-error' };
  },
  /** HTTP 503 (overloaded), optionally with `Retry-After`. */
  unavailable(retryAfterSeconds?: number): MockFault {
    return { kind: 'unavailable', retryAfterSeconds };
  },
  /** Any other HTTP error with an OpenAI-shaped body. */
  httpError(
    status: number,
    error: Partial<OpenAiErrorObject> & { message: string },
    headers?: Readonly<Record<string, string>>,
  ): MockFault {
    return {
      kind: 'http-error',
      status,
      error: {
        message: error.message,
        type: error.type ?? null,
        param: error.param ?? null,
        code: error.code ?? null,
      },
      headers,
    };
  },
  /** TCP reset (RST) before any response byte: the client's request fails with a network error. */
  reset(): MockFault {
    return { kind: 'reset' };
  },
  /** No response at all; the connection stays open until the client gives up (or `close()`). */
  hang(): MockFault {
    return { kind: 'hang' };
  },
  /**
   * Stream cut after `afterTokens` deltas: no finish_reason, no usage, no `[DONE]`. By default the
   * HTTP body ends cleanly (no transport error: only the missing `[DONE]` tells); with
   * `closeConnection` the TCP connection is closed mid-body (the client's read fails).
   */
  cut(afterTokens: number, options: { closeConnection?: boolean } = {}): MockFault {
    return { kind: 'cut', afterTokens, closeConnection: options.closeConnection ?? false };
  },
  /** TCP reset (RST) after `afterTokens` deltas have been written. */
  resetMidStream(afterTokens: number): MockFault {
    return { kind: 'reset-mid-stream', afterTokens };
  },
  /**
   * Stop sending after `afterTokens` deltas but keep the connection open. With `keepAliveMs`, an SSE
   * comment `: keep-alive` is sent at that interval (not progress). With `resumeAfterMs` the stream
   * resumes and completes normally after that pause.
   */
  stall(
    afterTokens: number,
    options: { keepAliveMs?: number; resumeAfterMs?: number } = {},
  ): MockFault {
    return {
      kind: 'stall',
      afterTokens,
      keepAliveMs: options.keepAliveMs,
      resumeAfterMs: options.resumeAfterMs,
    };
  },
  /** After `afterTokens` deltas, one `data:` line with invalid JSON; the stream then goes on normally. */
  malformedChunk(afterTokens: number): MockFault {
    return { kind: 'malformed-chunk', afterTokens };
  },
  /** The stream ends (cleanly) after the finish_reason chunk and usage, without `data: [DONE]`. */
  noDone(): MockFault {
    return { kind: 'no-done' };
  },
  /** HTTP 400 `context_length_exceeded` whatever the prompt (see also `contextWindow`). */
  contextLengthExceeded(): MockFault {
    return { kind: 'context-length-exceeded' };
  },
  /** HTTP 400 `content_filter`: the prompt was filtered (Azure OpenAI's shape). */
  contentFilter(): MockFault {
    return { kind: 'content-filter' };
  },
  /**
   * The answer is filtered after `afterTokens` deltas: `finish_reason: "content_filter"`, then usage
   * and `[DONE]` (streamed); a 200 with the partial content and that finish_reason (non-streamed).
   */
  contentFilterInStream(afterTokens: number): MockFault {
    return { kind: 'content-filter-in-stream', afterTokens };
  },
} as const;
