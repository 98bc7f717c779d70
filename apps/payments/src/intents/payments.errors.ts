import { DomainError, invalidArgument, notFound } from '@meridian/platform';

/** Stable codes of the payment errors; clients switch on them. */
export const PaymentErrorCode = {
  invalidRequest: 'PAYMENT.INVALID_REQUEST',
  notFound: 'PAYMENT.NOT_FOUND',
  refundNotFound: 'PAYMENT.REFUND_NOT_FOUND',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  channelUnavailable: 'PAYMENT.CHANNEL_UNAVAILABLE',
  alreadySucceeded: 'PAYMENT.ALREADY_SUCCEEDED',
  notCaptured: 'PAYMENT.NOT_CAPTURED',
  refundExceedsCaptured: 'PAYMENT.REFUND_EXCEEDS_CAPTURED',
  concurrentRequest: 'PAYMENT.CONCURRENT_REQUEST',
} as const;

export function paymentIntentNotFound(id: string): DomainError {
  return notFound(PaymentErrorCode.notFound, `No payment intent ${id}`, { paymentIntentId: id });
}

export function refundNotFound(id: string): DomainError {
  return notFound(PaymentErrorCode.refundNotFound, `No refund ${id}`, { refundId: id });
}

export function idempotencyKeyReused(): DomainError {
  return invalidArgument(PaymentErrorCode.idempotencyKeyReused, [
    { field: 'idempotency_key', description: 'was already used for a different request' },
  ]);
}

export function channelUnavailable(channel: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    PaymentErrorCode.channelUnavailable,
    `No payment provider is configured for channel ${channel}; only SANDBOX is available`,
    { metadata: { channel } },
  );
}

export function alreadySucceeded(id: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    PaymentErrorCode.alreadySucceeded,
    `Payment intent ${id} was paid; refund it instead`,
    { metadata: { paymentIntentId: id } },
  );
}

export function notCaptured(id: string, status: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    PaymentErrorCode.notCaptured,
    `Payment intent ${id} is ${status}; only a succeeded payment can be refunded`,
    { metadata: { paymentIntentId: id, status } },
  );
}

export function refundExceedsCaptured(id: string, refundableFen: bigint): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    PaymentErrorCode.refundExceedsCaptured,
    `At most ${refundableFen} fen of payment intent ${id} can still be refunded`,
    { metadata: { paymentIntentId: id, refundableFen: String(refundableFen) } },
  );
}

export function concurrentRequest(): DomainError {
  return new DomainError(
    'CONFLICT',
    PaymentErrorCode.concurrentRequest,
    'The same idempotency key is being used concurrently; retry',
    { retryAfterMs: 100 },
  );
}
