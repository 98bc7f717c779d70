import { DomainError, invalidArgument, notFound } from '@meridian/platform';

/** Stable codes of the booking errors; clients switch on them. */
export const BookingErrorCode = {
  invalidRequest: 'BOOKING.INVALID_REQUEST',
  notFound: 'BOOKING.NOT_FOUND',
  slotNotFound: 'APPOINTMENT.SLOT_NOT_FOUND',
  cannotCancel: 'BOOKING.CANNOT_CANCEL',
  cancellationRefused: 'APPOINTMENT.PAST_CANCELLATION_CUTOFF',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  concurrentRequest: 'BOOKING.CONCURRENT_REQUEST',
} as const;

export function bookingNotFound(id: string): DomainError {
  return notFound(BookingErrorCode.notFound, `No booking ${id}`, { bookingId: id });
}

export function slotNotFound(id: string): DomainError {
  return notFound(BookingErrorCode.slotNotFound, `No slot ${id}`, { slotId: id });
}

export function cannotCancel(id: string, status: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    BookingErrorCode.cannotCancel,
    `Booking ${id} is ${status}; nothing to cancel`,
    {
      metadata: { bookingId: id, status },
    },
  );
}

export function cancellationRefused(id: string, reason: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    BookingErrorCode.cancellationRefused,
    `The hospital refused to cancel booking ${id} (${reason}); the appointment stands`,
    { metadata: { bookingId: id, reason } },
  );
}

export function idempotencyKeyReused(): DomainError {
  return invalidArgument(BookingErrorCode.idempotencyKeyReused, [
    { field: 'idempotency_key', description: 'was already used for a different request' },
  ]);
}

export function concurrentRequest(): DomainError {
  return new DomainError(
    'CONFLICT',
    BookingErrorCode.concurrentRequest,
    'The same idempotency key is being used concurrently; retry',
    {
      retryAfterMs: 100,
    },
  );
}
