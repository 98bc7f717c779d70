import type { Task } from '../catalog/catalog.schema';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

export type Language = 'zh' | 'en';

/** What a provider is asked to do in one attempt. */
export interface ProviderRequest {
  readonly task: Task;
  readonly messages: readonly ChatMessage[];
  /**
   * Answer text another model already streamed to the caller (mid-stream failover). The provider
   * sends it as an assistant prefill and must produce only what follows it.
   */
  readonly continueFrom?: string;
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  readonly responseFormat: 'text' | 'json';
  /** The language the caller asked for, if any; otherwise the language of the question. */
  readonly language?: Language;
  /** Aborted when the attempt is given up (timeout, failover, caller gone). */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'content-filter';

export interface ProviderUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Of `outputTokens`, spent on reasoning (DeepSeek R1 and the like). */
  readonly reasoningTokens: number;
  /** Of `inputTokens`, served from the provider's prompt cache. */
  readonly cachedInputTokens: number;
}

/**
 * What a provider streams. `reasoning` is the model's thinking (DeepSeek `reasoning_content`): kept
 * for audit, never shown to patients. A stream that ends without `finish` is incomplete.
 */
export type ProviderEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'usage'; readonly usage: ProviderUsage }
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly detail?: string };

/** One model behind one interface, whatever protocol it speaks. */
export interface ModelProvider {
  /** Streams one attempt. Fails with a `ProviderError`; honours `request.signal`. */
  stream(request: ProviderRequest): AsyncIterable<ProviderEvent>;
}

/**
 * How a failure should be handled:
 * - `retryable`: the same request may succeed later or elsewhere (429, 5xx, network, timeouts,
 *   broken streams);
 * - `context-length`: the prompt does not fit; only a model with a larger window can help;
 * - `content-filter`: the provider refused the content; retrying is pointless, the reason goes to
 *   the caller;
 * - `fatal`: this model cannot serve this request (bad key, rejected request); try another model,
 *   never the same one again.
 */
export type ProviderErrorKind = 'retryable' | 'context-length' | 'content-filter' | 'fatal';

export interface ProviderErrorOptions {
  /** From Retry-After: the earliest the provider wants to hear from us again. */
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

/** A classified provider failure; `code` is short and stable (`http-503`, `idle-timeout`, …). */
export class ProviderError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    readonly kind: ProviderErrorKind,
    readonly code: string,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.retryAfterMs = options.retryAfterMs;
    this.httpStatus = options.httpStatus;
  }

  /**
   * Whether the failure says something about the model's health (and so counts for its circuit
   * breaker). A request the model rejects on its merits (content, length, a 400) does not.
   */
  get healthFailure(): boolean {
    switch (this.kind) {
      case 'retryable':
        return true;
      case 'fatal':
        return this.httpStatus === undefined || ![400, 413, 422].includes(this.httpStatus);
      case 'context-length':
      case 'content-filter':
        return false;
    }
  }
}

/** Anything thrown by a provider, as a ProviderError (unknown failures are retryable). */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('retryable', 'unexpected', message, { cause: error });
}
