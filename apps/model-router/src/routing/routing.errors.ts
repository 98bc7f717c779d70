import { DomainError, invalidArgument } from '@meridian/platform';

import type { CompletionFailure, CompletionFailureCode } from './routing.types';

/** Stable codes of the router's errors; clients switch on them. */
export const RouterErrorCode = {
  invalidRequest: 'MODEL_ROUTER.INVALID_REQUEST',
  taskNotRouted: 'MODEL_ROUTER.TASK_NOT_ROUTED',
  unknownModel: 'MODEL_ROUTER.UNKNOWN_MODEL',
  noEligibleModel: 'MODEL_ROUTER.NO_ELIGIBLE_MODEL',
  firstTokenTimeout: 'MODEL_ROUTER.FIRST_TOKEN_TIMEOUT',
  idleTimeout: 'MODEL_ROUTER.IDLE_TIMEOUT',
  allCandidatesFailed: 'MODEL_ROUTER.ALL_CANDIDATES_FAILED',
  noCandidateAvailable: 'MODEL_ROUTER.NO_CANDIDATE_AVAILABLE',
  contentFiltered: 'MODEL_ROUTER.CONTENT_FILTERED',
  contextLengthExceeded: 'MODEL_ROUTER.CONTEXT_LENGTH_EXCEEDED',
  invalidOutput: 'MODEL_ROUTER.INVALID_OUTPUT',
  cancelled: 'MODEL_ROUTER.CANCELLED',
} as const;

export function taskNotRouted(task: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    RouterErrorCode.taskNotRouted,
    `The catalog has no route for task "${task}"`,
    { metadata: { task } },
  );
}

export function unknownModel(model: string): DomainError {
  return invalidArgument(RouterErrorCode.unknownModel, [
    { field: 'model', description: `is not a model of the catalog ("${model}")` },
  ]);
}

/** The prompt is longer than the context window of every candidate; no model was called. */
export function contextLengthExceeded(promptTokens: number): DomainError {
  return invalidArgument(RouterErrorCode.contextLengthExceeded, [
    {
      field: 'messages',
      description: `are about ${promptTokens} tokens, more than any candidate model's context window`,
    },
  ]);
}

/** Fail closed: no model may see this data. Names the reasons, never the prompt. */
export function noEligibleModel(
  dataClass: string,
  excluded: readonly { model: string; reason: string }[],
): DomainError {
  const reasons = excluded.map((e) => `${e.model}: ${e.reason}`).join('; ');
  return new DomainError(
    'FAILED_PRECONDITION',
    RouterErrorCode.noEligibleModel,
    `No candidate model may take this ${dataClass} request (${reasons})`,
    { metadata: { dataClass } },
  );
}

const FAILURE_ERRORS: Readonly<
  Record<CompletionFailureCode, { kind: DomainError['kind']; code: string }>
> = {
  'first-token-timeout': { kind: 'UNAVAILABLE', code: RouterErrorCode.firstTokenTimeout },
  'idle-timeout': { kind: 'UNAVAILABLE', code: RouterErrorCode.idleTimeout },
  'all-candidates-failed': { kind: 'UNAVAILABLE', code: RouterErrorCode.allCandidatesFailed },
  'no-candidate-available': { kind: 'UNAVAILABLE', code: RouterErrorCode.noCandidateAvailable },
  'content-filtered': { kind: 'FAILED_PRECONDITION', code: RouterErrorCode.contentFiltered },
  'context-length-exceeded': {
    kind: 'INVALID_ARGUMENT',
    code: RouterErrorCode.contextLengthExceeded,
  },
  'invalid-output': { kind: 'UNAVAILABLE', code: RouterErrorCode.invalidOutput },
  cancelled: { kind: 'UNAVAILABLE', code: RouterErrorCode.cancelled },
};

/** A failed completion as the domain error a unary call answers with. */
export function completionFailed(failure: CompletionFailure): DomainError {
  const { kind, code } = FAILURE_ERRORS[failure.code];
  return new DomainError(kind, code, failure.message, {
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  });
}
