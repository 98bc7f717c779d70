import { DomainError } from '@meridian/platform';

import type { BudgetSubject, LimitName } from './budget-limits';

export const BudgetErrorCode = {
  rateLimited: 'MODEL_ROUTER.RATE_LIMITED',
  budgetExceeded: 'MODEL_ROUTER.BUDGET_EXCEEDED',
  budgetUnavailable: 'MODEL_ROUTER.BUDGET_UNAVAILABLE',
} as const;

const LIMIT_TEXT: Readonly<Record<LimitName, string>> = {
  requestsPerMinute: 'requests per minute',
  tokensPerDay: 'tokens per day',
  tokensPerMonth: 'tokens per month',
  costFenPerDay: 'cost per day (fen)',
  costFenPerMonth: 'cost per month (fen)',
};

/** The subject's window is spent: retry when it resets. */
export function budgetExhausted(
  subject: BudgetSubject,
  limit: LimitName,
  limitValue: number,
  used: number,
  requested: number,
  retryAfterMs: number,
): DomainError {
  const who = `${subject.kind} "${subject.id}"`;
  const alone = requested > limitValue;
  const message =
    limit === 'requestsPerMinute'
      ? `Rate limit of ${who} reached: ${String(limitValue)} requests per minute`
      : alone
        ? `This request may use ${String(requested)} of the ${String(limitValue)} ${LIMIT_TEXT[limit]} of ${who}, ` +
          `more than the whole limit; ask for fewer output tokens`
        : `Budget of ${who} reached: ${String(used)} of ${String(limitValue)} ${LIMIT_TEXT[limit]} used, ` +
          `this request may need ${String(requested)} more`;
  return new DomainError(
    'RESOURCE_EXHAUSTED',
    limit === 'requestsPerMinute' ? BudgetErrorCode.rateLimited : BudgetErrorCode.budgetExceeded,
    message,
    {
      metadata: {
        subjectKind: subject.kind,
        subjectId: subject.id,
        limit,
        limitValue: String(limitValue),
        used: String(used),
        requested: String(requested),
      },
      retryAfterMs,
    },
  );
}

/** Budgets cannot be checked (Redis or the overrides are out of reach): the call fails closed. */
export function budgetUnavailable(subject: BudgetSubject, cause: unknown): DomainError {
  return new DomainError(
    'UNAVAILABLE',
    BudgetErrorCode.budgetUnavailable,
    `The budget of ${subject.kind} "${subject.id}" cannot be checked right now; nothing was sent to a model`,
    { metadata: { subjectKind: subject.kind, subjectId: subject.id }, retryAfterMs: 1_000, cause },
  );
}
