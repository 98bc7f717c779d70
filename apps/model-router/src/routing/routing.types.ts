import type { Task } from '../catalog/catalog.schema';
import type { DataClass } from '../privacy/data-policy';
import type {
  ChatMessage,
  FinishReason,
  Language,
  ProviderErrorKind,
  ProviderUsage,
} from '../providers/provider';

/** A completion as the router's callers ask for it. */
export interface CompletionRequest {
  readonly task: Task;
  readonly messages: readonly ChatMessage[];
  readonly dataClass: DataClass;
  /** Undefined: the route's default; more than the route allows is capped. */
  readonly maxOutputTokens?: number;
  readonly responseFormat: 'text' | 'json';
  readonly language?: Language;
  /** Pins one model (evaluation, tests); it still has to pass policy. */
  readonly model?: string;
  /** The caller went away or its deadline passed. */
  readonly signal?: AbortSignal;
}

/** Usage billed for a call: the model that answered, never a failed attempt. */
export interface BilledUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly costMicroFen: number;
  /** True when the provider reported no usage and the router estimated it. */
  readonly estimated: boolean;
}

export type AttemptOutcome = 'answered' | 'failed' | 'abandoned';

/** One call to one model, for the audit; only the answering attempt is billed. */
export interface AttemptRecord {
  readonly model: string;
  readonly outcome: AttemptOutcome;
  /** Continued an answer another model had started. */
  readonly continuation: boolean;
  readonly redacted: boolean;
  readonly errorKind?: ProviderErrorKind;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly timeToFirstTokenMs?: number;
  readonly durationMs: number;
  /** Answer characters this attempt streamed to the caller. */
  readonly streamedChars: number;
  /** Usage the provider reported for it, if any (failed attempts are not billed). */
  readonly reportedUsage?: ProviderUsage;
  /**
   * The model's thinking (DeepSeek `reasoning_content`) in this attempt, for the audit only: never
   * streamed to the caller, never in events or logs. As the model wrote it (with placeholders
   * where the prompt was redacted).
   */
  readonly reasoning?: string;
}

/** A candidate the router did not try, and why. */
export interface SkippedCandidate {
  readonly model: string;
  readonly reason: string;
}

/** How the router chose the model that answered (or why none did). */
export interface RouteDecision {
  readonly task: Task;
  /** The model that produced the final part of the answer; undefined when none did. */
  readonly model?: string;
  readonly provider?: string;
  readonly upstreamModel?: string;
  readonly upstreamVersion?: string;
  /** Candidates that passed policy, in routing order. */
  readonly candidates: readonly string[];
  /** Candidates removed by policy before routing. */
  readonly excluded: readonly SkippedCandidate[];
  /** Candidates passed over while routing (open circuit, no free slot, window too small…). */
  readonly skipped: readonly SkippedCandidate[];
  readonly attempts: readonly AttemptRecord[];
  /** Human-readable, e.g. "primary" or "failover from a after http-503". */
  readonly reason: string;
  /** PHI was redacted for the model that answered. */
  readonly redacted: boolean;
  readonly timeToFirstTokenMs?: number;
}

export type CompletionFailureCode =
  | 'first-token-timeout'
  | 'idle-timeout'
  | 'all-candidates-failed'
  | 'no-candidate-available'
  | 'content-filtered'
  | 'context-length-exceeded'
  | 'invalid-output'
  | 'cancelled';

export interface CompletionFailure {
  readonly code: CompletionFailureCode;
  /** Safe for callers: no prompt text, no PHI. */
  readonly message: string;
  /** Answer text was already streamed: it is incomplete and must be shown as such. */
  readonly partial: boolean;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

export interface CompletionResult {
  readonly content: string;
  readonly finishReason: Exclude<FinishReason, 'content-filter'>;
  readonly usage: BilledUsage;
  readonly decision: RouteDecision;
}

/**
 * What a routed completion streams. Success: `delta`*, `usage`, `final`. Failure: `error` (after
 * which nothing follows). `failover` marks a switch of model; `reasoning` is for audit only.
 */
export type RouterEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'reasoning'; readonly model: string; readonly text: string }
  | {
      readonly type: 'failover';
      readonly from: string;
      readonly to: string;
      readonly reason: string;
      /** Always false: text already sent is never taken back. */
      readonly restart: false;
      /** The new model continues text already sent to the caller. */
      readonly continuation: boolean;
    }
  | { readonly type: 'usage'; readonly usage: BilledUsage }
  | { readonly type: 'final'; readonly result: CompletionResult }
  | {
      readonly type: 'error';
      readonly failure: CompletionFailure;
      readonly decision: RouteDecision;
      /** What was streamed before the failure. */
      readonly partialContent: string;
    };

/** The decision without reasoning text: for logs and anything else that must not carry text. */
export function withoutReasoning(decision: RouteDecision): RouteDecision {
  return {
    ...decision,
    attempts: decision.attempts.map(({ reasoning: _reasoning, ...attempt }) => attempt),
  };
}
