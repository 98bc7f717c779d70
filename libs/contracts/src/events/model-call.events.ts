import { defineEvent } from '../event-definition';
import { Topics } from '../topics';
import { z } from 'zod';

// The `model call completed` event, consumed for budgets, usage
// ledgers and routing analytics. No prompt or answer text, and no patient reference: the audit
// table keeps that, inside model-router.

const SOURCE = '/meridian/model-router';

const skippedCandidateV1 = z.object({ model: z.string(), reason: z.string() });

export const modelCallAttemptV1 = z.object({
  model: z.string(),
  outcome: z.enum(['answered', 'failed', 'abandoned']),
  /** Continued an answer another model had started (mid-stream failover). */
  continuation: z.boolean(),
  redacted: z.boolean(),
  errorKind: z.enum(['retryable', 'context-length', 'content-filter', 'fatal']).nullable(),
  errorCode: z.string().nullable(),
  timeToFirstTokenMs: z.number().int().nonnegative().nullable(),
  durationMs: z.number().int().nonnegative(),
  /** What the provider said this attempt used, billed or not (for reconciling its invoices). */
  reportedUsage: z
    .object({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
    })
    .nullable(),
});

export const MODEL_CALL_OUTCOMES = [
  'answered',
  'first-token-timeout',
  'idle-timeout',
  'all-candidates-failed',
  'no-candidate-available',
  'content-filtered',
  'context-length-exceeded',
  'invalid-output',
  'cancelled',
] as const;

export const modelCallCompletedV1 = z.object({
  callId: z.uuid(),
  task: z.string().min(1),
  dataClass: z.enum(['PUBLIC', 'DEIDENTIFIED', 'PHI']),
  caller: z.object({
    service: z.string(),
    partnerId: z.string(),
    subjectId: z.string(),
  }),
  outcome: z.enum(MODEL_CALL_OUTCOMES),
  /** Part of an answer was streamed before the call failed. */
  partial: z.boolean(),
  route: z.object({
    /** Candidates that passed policy, in routing order. */
    candidates: z.array(z.string()),
    excluded: z.array(skippedCandidateV1),
    skipped: z.array(skippedCandidateV1),
    /** The model that answered (null when none did). */
    chosen: z.string().nullable(),
    reason: z.string(),
    redacted: z.boolean(),
  }),
  /** What answered, pinned to the upstream version. */
  model: z
    .object({
      id: z.string(),
      provider: z.string(),
      upstreamModel: z.string(),
      upstreamVersion: z.string(),
    })
    .nullable(),
  attempts: z.array(modelCallAttemptV1),
  timeToFirstTokenMs: z.number().int().nonnegative().nullable(),
  /** Billed usage of the model that answered; failed attempts are never billed. */
  usage: z
    .object({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
      reasoningTokens: z.number().int().nonnegative(),
      cachedInputTokens: z.number().int().nonnegative(),
      costMicroFen: z.number().int().nonnegative(),
      estimated: z.boolean(),
    })
    .nullable(),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime(),
});

export type ModelCallCompletedV1 = z.infer<typeof modelCallCompletedV1>;

export const ModelCallCompleted = defineEvent({
  type: 'meridian.model-router.call.completed.v1',
  topic: Topics.modelCalls,
  source: SOURCE,
  schema: modelCallCompletedV1,
});
