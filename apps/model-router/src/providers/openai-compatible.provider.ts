import type { OpenAiCompatibleProviderSpec } from '../catalog/catalog.schema';
import {
  buildChatCompletionBody,
  classifyErrorBody,
  interpretChunk,
  interpretCompletion,
  parseRetryAfter,
} from './openai-compatible.protocol';
import type {
  FinishReason,
  ModelProvider,
  ProviderEvent,
  ProviderRequest,
  ProviderUsage,
} from './provider';
import { ProviderError } from './provider';
import { SseParser } from './sse-parser';

// Connections: Node's fetch (undici) keeps connections alive and reuses them per origin through its
// global dispatcher. Node 20 does not expose undici's Agent, so a dedicated pool per provider would
// need the undici package; instead each model's concurrency limit (enforced by the router before
// a request is made) bounds its in-flight requests, and so the connections it can hold open.

export interface OpenAiCompatibleOptions {
  readonly spec: OpenAiCompatibleProviderSpec;
  readonly apiKey?: string;
  /** Replaceable for tests. */
  readonly fetch?: typeof fetch;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

// Duck-typed: fetch's errors may come from another realm (e.g. under test runners).
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}

/** A failure of fetch or of reading the body, classified; an abort yields the abort's reason. */
function transportError(error: unknown, signal: AbortSignal, phase: string): ProviderError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof ProviderError
      ? reason
      : new ProviderError('retryable', 'aborted', `Request aborted ${phase}`, { cause: error });
  }
  if (error instanceof ProviderError) return error;
  const code = errorCode(error);
  const what = code !== undefined && NETWORK_CODES.has(code) ? code : 'network error';
  return new ProviderError('retryable', 'network', `${what} ${phase}`, { cause: error });
}

async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 300);
  }
}

/**
 * Chat completions against an OpenAI-compatible server: SSE streaming with usage
 * (`stream_options.include_usage`), or one JSON response for servers configured not to stream.
 */
export class OpenAiCompatibleProvider implements ModelProvider {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.url = `${options.spec.baseUrl}/chat/completions`;
    this.headers = {
      'content-type': 'application/json',
      accept: options.spec.streaming ? 'text/event-stream' : 'application/json',
      ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
    };
    this.fetchImpl = options.fetch ?? fetch;
  }

  async *stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const { spec } = this.options;
    const body = buildChatCompletionBody(spec.upstreamModel, request, {
      stream: spec.streaming,
      continuation: spec.continuation,
    });
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(body),
        signal: request.signal,
      });
    } catch (error) {
      throw transportError(error, request.signal, 'before the response');
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers);
      let errorBody: unknown;
      try {
        errorBody = await readErrorBody(response);
      } catch (error) {
        throw transportError(error, request.signal, 'reading an error response');
      }
      throw classifyErrorBody(response.status, errorBody, retryAfterMs);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!spec.streaming || !contentType.includes('text/event-stream')) {
      // Non-streamed by configuration, or a server that answered a stream request with plain JSON.
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (request.signal.aborted) throw transportError(error, request.signal, 'in the body');
        throw new ProviderError('retryable', 'malformed-response', 'Response is not JSON', {
          cause: error,
        });
      }
      yield* interpretCompletion(json);
      return;
    }
    yield* this.readStream(response, request.signal);
  }

  private async *readStream(
    response: Response,
    signal: AbortSignal,
  ): AsyncGenerator<ProviderEvent> {
    // Node's fetch streams bytes; its typings leave the chunk type open.
    const body = response.body as ReadableStream<Uint8Array> | null;
    if (body === null) throw new ProviderError('retryable', 'empty-body', 'Stream has no body');
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let finish: FinishReason | undefined;
    let usage: ProviderUsage | undefined;
    let done = false;
    try {
      while (!done) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw transportError(error, signal, 'mid-stream');
        }
        const items = chunk.done
          ? [...parser.push(decoder.decode()), ...parser.end()]
          : parser.push(decoder.decode(chunk.value, { stream: true }));
        for (const item of items) {
          // Comments are keep-alives: not progress, nothing to emit.
          if (item.type !== 'event') continue;
          if (item.data === '[DONE]') {
            done = true;
            break;
          }
          const content = interpretChunk(item.data);
          yield* content.events;
          if (content.finish !== undefined) finish = content.finish;
          if (content.usage !== undefined) usage = content.usage;
        }
        if (chunk.done) break;
      }
    } finally {
      // Stops the download when the consumer gave up (timeout, failover) or on [DONE].
      reader.cancel().catch(() => undefined);
    }
    // Without a finish reason the answer is cut, whether or not `[DONE]` came; a finish reason
    // without `[DONE]` is a complete answer from a sloppy server.
    if (finish === undefined) {
      throw new ProviderError(
        'retryable',
        done ? 'no-finish-reason' : 'stream-truncated',
        done
          ? 'Stream ended without a finish reason'
          : 'Stream ended before the answer was complete',
      );
    }
    if (usage !== undefined) yield { type: 'usage', usage };
    yield { type: 'finish', reason: finish };
  }
}
