import type { RecordedCall } from '../completions/call-recorder';
import type { ModelCallCompletedV1 } from '@meridian/contracts';

/** The audit row of a call, in domain terms. */
export interface ModelCallRecord {
  readonly id: string;
  readonly task: string;
  readonly dataClass: string;
  readonly callerService: string;
  readonly partnerId: string;
  readonly patientId: string;
  readonly subjectId: string;
  readonly idempotencyKey: string | null;
  readonly outcome: ModelCallCompletedV1['outcome'];
  readonly partial: boolean;
  readonly model: string | null;
  readonly provider: string | null;
  readonly upstreamModel: string | null;
  readonly upstreamVersion: string | null;
  readonly routeReason: string;
  readonly redacted: boolean;
  readonly route: Pick<ModelCallCompletedV1['route'], 'candidates' | 'excluded' | 'skipped'> & {
    readonly attempts: ModelCallCompletedV1['attempts'];
  };
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly costMicroFen: number;
  readonly usageEstimated: boolean;
  readonly timeToFirstTokenMs: number | null;
  readonly durationMs: number;
  readonly startedAt: Date;
  readonly completedAt: Date;
  /** Reasoning text per attempt that had any; for the audit, never in the event. */
  readonly reasoning: readonly AttemptReasoning[] | null;
}

/** What a model thought in one attempt (DeepSeek `reasoning_content`). */
export interface AttemptReasoning {
  /** Index of the attempt in `route.attempts`. */
  readonly attempt: number;
  readonly model: string;
  readonly text: string;
}

function reasoningOf(call: RecordedCall): AttemptReasoning[] | null {
  const kept = call.decision.attempts.flatMap((a, attempt) =>
    a.reasoning === undefined || a.reasoning === ''
      ? []
      : [{ attempt, model: a.model, text: a.reasoning }],
  );
  return kept.length === 0 ? null : kept;
}

function attemptsOf(call: RecordedCall): ModelCallCompletedV1['attempts'] {
  return call.decision.attempts.map((a) => ({
    model: a.model,
    outcome: a.outcome,
    continuation: a.continuation,
    redacted: a.redacted,
    errorKind: a.errorKind ?? null,
    errorCode: a.errorCode ?? null,
    timeToFirstTokenMs: a.timeToFirstTokenMs ?? null,
    durationMs: a.durationMs,
    reportedUsage:
      a.reportedUsage === undefined
        ? null
        : { inputTokens: a.reportedUsage.inputTokens, outputTokens: a.reportedUsage.outputTokens },
  }));
}

export function toRecord(call: RecordedCall): ModelCallRecord {
  const { decision, context } = call;
  const usage = 'result' in call ? call.result.usage : undefined;
  return {
    id: call.callId,
    task: call.request.task,
    dataClass: call.request.dataClass,
    callerService: context.service,
    partnerId: context.partnerId,
    patientId: context.patientId,
    subjectId: context.subjectId,
    idempotencyKey: context.idempotencyKey === '' ? null : context.idempotencyKey,
    outcome: 'result' in call ? 'answered' : call.failure.code,
    partial: 'failure' in call && call.failure.partial,
    model: decision.model ?? null,
    provider: decision.provider ?? null,
    upstreamModel: decision.upstreamModel ?? null,
    upstreamVersion: decision.upstreamVersion ?? null,
    routeReason: decision.reason,
    redacted: decision.redacted,
    route: {
      candidates: [...decision.candidates],
      excluded: decision.excluded.map((e) => ({ ...e })),
      skipped: decision.skipped.map((s) => ({ ...s })),
      attempts: attemptsOf(call),
    },
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    costMicroFen: usage?.costMicroFen ?? 0,
    usageEstimated: usage?.estimated ?? false,
    timeToFirstTokenMs: decision.timeToFirstTokenMs ?? null,
    durationMs: Math.max(0, call.completedAt.getTime() - call.startedAt.getTime()),
    startedAt: call.startedAt,
    completedAt: call.completedAt,
    reasoning: reasoningOf(call),
  };
}

/** The `model call completed` event of a record. */
export function toEvent(record: ModelCallRecord): ModelCallCompletedV1 {
  return {
    callId: record.id,
    task: record.task,
    dataClass: record.dataClass as ModelCallCompletedV1['dataClass'],
    caller: {
      service: record.callerService,
      partnerId: record.partnerId,
      subjectId: record.subjectId,
    },
    outcome: record.outcome,
    partial: record.partial,
    route: {
      candidates: record.route.candidates,
      excluded: record.route.excluded,
      skipped: record.route.skipped,
      chosen: record.model,
      reason: record.routeReason,
      redacted: record.redacted,
    },
    model:
      record.model === null
        ? null
        : {
            id: record.model,
            provider: record.provider ?? '',
            upstreamModel: record.upstreamModel ?? '',
            upstreamVersion: record.upstreamVersion ?? '',
          },
    attempts: record.route.attempts,
    timeToFirstTokenMs: record.timeToFirstTokenMs,
    usage:
      record.outcome === 'answered'
        ? {
            inputTokens: record.inputTokens,
            outputTokens: record.outputTokens,
            reasoningTokens: record.reasoningTokens,
            cachedInputTokens: record.cachedInputTokens,
            costMicroFen: record.costMicroFen,
            estimated: record.usageEstimated,
          }
        : null,
    startedAt: record.startedAt.toISOString(),
    completedAt: record.completedAt.toISOString(),
  };
}
