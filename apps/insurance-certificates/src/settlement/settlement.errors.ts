import { DomainError, invalidArgument, notFound } from '@meridian/platform';

/** Stable codes of the settlement errors; clients switch on them. */
export const SettlementErrorCode = {
  invalidRequest: 'SETTLEMENT.INVALID_REQUEST',
  quoteNotFound: 'SETTLEMENT.QUOTE_NOT_FOUND',
  notFound: 'SETTLEMENT.NOT_FOUND',
  quoteExpired: 'SETTLEMENT.QUOTE_EXPIRED',
  alreadySettled: 'SETTLEMENT.ALREADY_SETTLED',
  paymentRequired: 'SETTLEMENT.PAYMENT_REQUIRED',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  concurrentRequest: 'SETTLEMENT.CONCURRENT_REQUEST',
} as const;

export function quoteNotFound(id: string): DomainError {
  return notFound(SettlementErrorCode.quoteNotFound, `No coverage quote ${id}`, { quoteId: id });
}

export function settlementNotFound(id: string): DomainError {
  return notFound(SettlementErrorCode.notFound, `No settlement ${id}`, { settlementId: id });
}

export function quoteExpired(id: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    SettlementErrorCode.quoteExpired,
    `Coverage quote ${id} expired; quote again`,
    { metadata: { quoteId: id } },
  );
}

export function alreadySettled(quoteId: string, settlementId: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    SettlementErrorCode.alreadySettled,
    `Coverage quote ${quoteId} was already settled`,
    { metadata: { quoteId, settlementId } },
  );
}

export function paymentRequired(quoteId: string): DomainError {
  return invalidArgument(SettlementErrorCode.paymentRequired, [
    {
      field: 'payment_intent_id',
      description: `is required: the patient has a share to pay under quote ${quoteId}`,
    },
  ]);
}

export function idempotencyKeyReused(): DomainError {
  return invalidArgument(SettlementErrorCode.idempotencyKeyReused, [
    { field: 'idempotency_key', description: 'was already used for a different request' },
  ]);
}

export function concurrentRequest(): DomainError {
  return new DomainError(
    'CONFLICT',
    SettlementErrorCode.concurrentRequest,
    'The same idempotency key or quote is being used concurrently; retry',
    { retryAfterMs: 100 },
  );
}
