import type { IncomingHttpHeaders } from 'node:http';

/** The OpenAI error object, as found under `error` in every error body. */
export interface OpenAiErrorObject {
  message: string;
  type: string | null;
  param: string | null;
  code: string | null;
}

/** One message of a chat completion request, loosely typed: the mock accepts what providers accept. */
export interface MockChatMessage {
  role: string;
  content?: string | readonly MockContentPart[] | null;
  /** DeepSeek chat prefix completion marks a trailing assistant message with `prefix: true`. */
  prefix?: boolean;
  [key: string]: unknown;
}

export interface MockContentPart {
  type: string;
  text?: string;
  [key: string]: unknown;
}

/** The parts of a chat completion request body the mock reads; everything else is kept as sent. */
export interface MockChatRequestBody {
  model: string;
  messages: MockChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  [key: string]: unknown;
}

/** How a recorded request ended, from the mock's side. */
export type MockRequestOutcome =
  | 'pending'
  | 'completed'
  | 'error-response'
  | 'reset'
  | 'cut'
  | 'stalled'
  | 'hung'
  | 'client-closed'
  | 'server-closed';

/** A chat completion request as the mock received it. */
export interface MockLlmRequest {
  /** 0-based position among all chat completion requests since start or `reset()`. */
  readonly index: number;
  /** 0-based position among the requests for the same model since start or `reset()`. */
  readonly modelIndex: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as it crossed the wire (assert here that no PHI canary reached the provider). */
  readonly rawBody: string;
  /** The parsed body, or undefined when it was not JSON or lacked `model`/`messages`. */
  readonly body: MockChatRequestBody | undefined;
  /** `body.model`, or '' when absent. */
  readonly model: string;
  readonly stream: boolean;
  /** Clock time (ms) when the body had been read. */
  readonly receivedAt: number;
  /** The fault chosen for this request, if any. */
  readonly fault: MockFault['kind'] | undefined;
  /** HTTP status sent, once sent. */
  readonly status: number | undefined;
  /** Clock time of the status line (undefined for reset/hang). */
  readonly respondedAt: number | undefined;
  /** Clock time the first content or reasoning token was written. */
  readonly firstTokenAt: number | undefined;
  /** Content and reasoning deltas written so far. */
  readonly tokensSent: number;
  /** Clock time the exchange ended, whichever side ended it. */
  readonly endedAt: number | undefined;
  readonly outcome: MockRequestOutcome;
  /** True when the client closed the connection before the mock finished its response. */
  readonly clientClosed: boolean;
}

/**
 * A fault to inject instead of (or in the middle of) a normal answer. Build them with `llmFaults`.
 * Stream faults count `afterTokens` over content and reasoning deltas alike.
 */
export type MockFault =
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number | undefined }
  | { readonly kind: 'server-error' }
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds: number | undefined }
  | {
      readonly kind: 'http-error';
      readonly status: number;
      readonly error: OpenAiErrorObject;
      readonly headers: Readonly<Record<string, string>> | undefined;
    }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'cut'; readonly afterTokens: number; readonly closeConnection: boolean }
  | { readonly kind: 'reset-mid-stream'; readonly afterTokens: number }
  | {
      readonly kind: 'stall';
      readonly afterTokens: number;
      readonly keepAliveMs: number | undefined;
      readonly resumeAfterMs: number | undefined;
    }
  | { readonly kind: 'malformed-chunk'; readonly afterTokens: number }
  | { readonly kind: 'no-done' }
  | { readonly kind: 'context-length-exceeded' }
  | { readonly kind: 'content-filter' }
  | { readonly kind: 'content-filter-in-stream'; readonly afterTokens: number };

/** Everything that shapes an answer. All fields optional; unset fields fall back to the defaults. */
export interface MockBehaviour {
  /** Inject a fault. A rule's behaviour never inherits the fault of the base behaviour. */
  fault?: MockFault;
  /** Fixed answer text (split into word tokens), or a function of the request. */
  answer?: string | ((request: MockLlmRequest) => string);
  /** Echo the prompt as the answer: the last user message (`true`/'last-user') or every message ('all'). */
  echo?: boolean | 'last-user' | 'all';
  /** Content tokens of the generated default answer (ignored with `answer`/`echo`). Default 12. */
  tokens?: number;
  /** Split the answer into chunks of this many characters instead of words (puts placeholders across chunks). */
  chunkChars?: number;
  /** DeepSeek-style `reasoning_content` deltas sent before the content. Default 0. */
  reasoningTokens?: number;
  /** Fixed reasoning text (split like the answer); overrides `reasoningTokens`. */
  reasoning?: string;
  /** Delay between two streamed tokens in ms. Default 0 (everything written at once). */
  tokenDelayMs?: number;
  /** Alternative to `tokenDelayMs`: tokens per second. */
  tokensPerSecond?: number;
  /** Streamed: delay after the headers before the first token. Non-streamed: added to `latencyMs`. */
  firstTokenDelayMs?: number;
  /** Delay before the status line of any response (errors included). Default 0. */
  latencyMs?: number;
  /** Reported as `usage.prompt_tokens_details.cached_tokens` (capped at the prompt tokens). */
  cachedPromptTokens?: number;
  /** Prompt token limit; above it the mock answers 400 `context_length_exceeded`. */
  contextWindow?: number;
  /** Reject a conversation that ends with an assistant message (prefill/continuation) with a 400. */
  rejectPrefill?: boolean;
  /** finish_reason of a complete answer. Default 'stop' ('length' when max_tokens truncates). */
  finishReason?: 'stop' | 'length';
  /** Extra response headers on success. */
  headers?: Readonly<Record<string, string>>;
}

/** A behaviour, or just a fault (shorthand for `{ fault }`). */
export type MockBehaviourInput = MockBehaviour | MockFault;

/** Which requests a rule applies to. All given conditions must hold. */
export interface MockBehaviourScope {
  /** Model name, or a pattern over it. */
  model?: string | RegExp;
  /** Absolute request index (`MockLlmRequest.index`, counted since start or reset). */
  requestIndex?: number | readonly number[];
  /** Apply to the next N matching requests only, then expire ("once" is `times: 1`). */
  times?: number;
  /** Start applying this many ms from now (clock time). */
  afterMs?: number;
  /** Stop applying this many ms after it started (e.g. "primary down for 60 s"). */
  forMs?: number;
  /** Any other condition, e.g. on the prompt. Must be cheap and synchronous. */
  when?: (request: MockLlmRequest) => boolean;
}

/** A model listed by `GET /v1/models`, with its own base behaviour. */
export type MockModels = Readonly<Record<string, MockBehaviour>>;

export interface MockLlmOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Models listed by `/v1/models`, each with a base behaviour merged over `defaults`. Default `{ 'mock-model': {} }`. */
  models?: MockModels;
  /** Base behaviour for every model. */
  defaults?: MockBehaviour;
  /** Answer 404 `model_not_found` for models not in `models`. Default false (any model answers). */
  strictModels?: boolean;
  /** When set, require `Authorization: Bearer <apiKey>`; otherwise 401 `invalid_api_key`. */
  apiKey?: string;
  /** Keep at most this many recorded requests (oldest dropped); 0 records nothing. Default 10 000. */
  maxRecorded?: number;
  /** Clock for timestamps and time windows (ms). Default `Date.now`. Share a fake one with the code under test. */
  clock?: () => number;
  /** Log one line per request to stderr. Default false. */
  log?: boolean;
}

/** A running mock provider. */
export interface MockLlm {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  readonly port: number;
  /** Recorded chat completion requests (most recent last). */
  readonly requests: readonly MockLlmRequest[];
  /** Chat completion requests received since start or reset (recorded or not). */
  readonly requestCount: number;
  /** Responses currently open (streams, stalls, hangs, delayed answers). */
  readonly openResponses: number;
  /** Program the next matching requests in order; `null` steps get the normal behaviour. */
  script(
    steps: readonly (MockBehaviourInput | null)[],
    scope?: Omit<MockBehaviourScope, 'times'>,
  ): void;
  /** Without scope: replace the base behaviour. With scope: add a rule (newest rule wins). */
  setBehaviour(behaviour: MockBehaviourInput, scope?: MockBehaviourScope): void;
  /** Forget recorded requests, counters, rules and scripts; restore the base behaviour of the options. */
  reset(): void;
  /** Resolve once `count` requests have been received (since start or reset). */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly MockLlmRequest[]>;
  /** Stop listening and destroy every open connection. */
  close(): Promise<void>;
}
