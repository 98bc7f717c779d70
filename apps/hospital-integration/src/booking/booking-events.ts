import { BookingCancelled, BookingConfirmed, BookingFailed } from '@meridian/contracts';
import type { BookingOutcomeV1, EventDefinition } from '@meridian/contracts';

import type { BookingSaga } from './booking-saga';

/** The event a saga write publishes, if the write ends the booking; none for other writes. */
export function outcomeEventOf(
  before: BookingSaga,
  after: BookingSaga,
): EventDefinition<typeof BookingConfirmed.schema> | undefined {
  if (before.status === after.status) return undefined;
  switch (after.status) {
    // Back to CONFIRMED after a refused cancellation is not a new confirmation.
    case 'CONFIRMED':
      return before.status === 'COMPENSATING' ? undefined : BookingConfirmed;
    case 'FAILED':
    case 'EXPIRED':
      return BookingFailed;
    case 'CANCELLED':
      return BookingCancelled;
    case 'RUNNING':
    case 'AWAITING_PAYMENT':
    case 'COMPENSATING':
      return undefined;
  }
}

export function toOutcomeEvent(saga: BookingSaga, now: Date): BookingOutcomeV1 {
  const { results, request } = saga;
  const price = results.price;
  const status =
    saga.status === 'CONFIRMED' ||
    saga.status === 'FAILED' ||
    saga.status === 'EXPIRED' ||
    saga.status === 'CANCELLED'
      ? saga.status
      : 'FAILED';
  return {
    bookingId: saga.id,
    appointmentId: saga.appointmentId,
    patient: { ...request.patient },
    hospitalId: request.hospitalId,
    slotId: request.slotId,
    status,
    price: price
      ? {
          totalFen: Number(price.totalFen),
          insuranceCoveredFen: Number(price.coveredFen),
          patientPayableFen: Number(price.payableFen),
          currency: 'CNY',
          quoteId: price.quoteId,
        }
      : null,
    paymentIntentId: results.payment?.paymentIntentId ?? '',
    settlementId: results.settlementId ?? '',
    hospitalAppointmentCode: results.confirmation?.hospitalAppointmentCode ?? '',
    queueNumber: results.confirmation?.queueNumber ?? 0,
    failureCode: saga.ending?.failureCode ?? '',
    endedBy: saga.ending?.endedBy ?? '',
    refundedFen: Number(results.refundedFen ?? '0'),
    requestedAt: saga.createdAt.toISOString(),
    occurredAt: now.toISOString(),
  };
}
