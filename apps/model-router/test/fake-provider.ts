import type {
  FinishReason,
  ModelProvider,
  ProviderEvent,
  ProviderRequest,
  ProviderUsage,
} from '../src/providers/provider';
import { ProviderError } from '../src/providers/provider';

/** What one call to a fake provider does. */
export type FakeStep =
  | {
      readonly kind: 'answer';
      readonly tokens: readonly string[];
      readonly firstTokenDelayMs?: number;
      readonly tokenDelayMs?: number;
      /** null: report no usage. */
      readonly usage?: ProviderUsage | null;
      readonly finish?: FinishReason;
      readonly reasoning?: readonly string[];
    }
  /** Streams `tokens`, then fails with `error`. */
  | { readonly kind: 'fail'; readonly error: ProviderError; readonly tokens?: readonly string[] }
  /** Streams `tokens`, then goes silent until aborted. */
  | { readonly kind: 'stall'; readonly tokens?: readonly string[] }
  /** Streams `tokens`, then ends without a finish (a cut stream). */
  | { readonly kind: 'cut'; readonly tokens: readonly string[] };

export const answer = (
  text: string,
  extra: Partial<Extract<FakeStep, { kind: 'answer' }>> = {},
): FakeStep => ({
  kind: 'answer',
  tokens: text.split(/(?<= )/),
  ...extra,
});

export const fail = (error: ProviderError, tokens?: readonly string[]): FakeStep => ({
  kind: 'fail',
  error,
  ...(tokens === undefined ? {} : { tokens }),
});

export const errors = {
  rateLimited: (retryAfterMs?: number) =>
    new ProviderError('retryable', 'rate-limited', 'Too many requests', {
      httpStatus: 429,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }),
  unavailable: () => new ProviderError('retryable', 'http-503', 'Overloaded', { httpStatus: 503 }),
  unauthorized: () => new ProviderError('fatal', 'http-401', 'Bad key', { httpStatus: 401 }),
  prefillRejected: () =>
    new ProviderError('fatal', 'http-400', 'Prefill not supported', { httpStatus: 400 }),
  contextLength: () =>
    new ProviderError('context-length', 'context-length-exceeded', 'Too long', { httpStatus: 400 }),
  contentFilter: () =>
    new ProviderError('content-filter', 'content_filter', 'Prompt flagged: self-harm', {
      httpStatus: 400,
    }),
  network: () => new ProviderError('retryable', 'network', 'ECONNRESET before the response'),
};

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

const forever = (signal: AbortSignal) => wait(2_147_483_647, signal);

/** A scripted provider: each call takes the next step (then `fallback`), and is recorded. */
export class FakeProvider implements ModelProvider {
  readonly requests: ProviderRequest[] = [];
  private readonly steps: FakeStep[] = [];

  constructor(private readonly fallback: FakeStep = answer('fine thanks')) {}

  script(...steps: FakeStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  get calls(): number {
    return this.requests.length;
  }

  async *stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    this.requests.push(request);
    const step = this.steps.shift() ?? this.fallback;
    const { signal } = request;
    switch (step.kind) {
      case 'answer': {
        if (step.firstTokenDelayMs) await wait(step.firstTokenDelayMs, signal);
        for (const text of step.reasoning ?? []) yield { type: 'reasoning', text };
        let output = 0;
        for (const [index, text] of step.tokens.entries()) {
          if (index > 0 && step.tokenDelayMs) await wait(step.tokenDelayMs, signal);
          output++;
          yield { type: 'delta', text };
        }
        if (step.usage !== null) {
          yield {
            type: 'usage',
            usage: step.usage ?? {
              inputTokens: 100,
              outputTokens: output,
              reasoningTokens: 0,
              cachedInputTokens: 0,
            },
          };
        }
        yield { type: 'finish', reason: step.finish ?? 'stop' };
        return;
      }
      case 'fail':
        for (const text of step.tokens ?? []) yield { type: 'delta', text };
        throw step.error;
      case 'stall':
        for (const text of step.tokens ?? []) yield { type: 'delta', text };
        await forever(signal);
        return;
      case 'cut':
        for (const text of step.tokens) yield { type: 'delta', text };
        return;
    }
  }
}
