import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

// Outcomes of the booking saga run by hospital-integration, on the appointments stream, keyed by
// appointment id. Every booking ends with exactly one of these.

const SOURCE = '/meridian/hospital-integration';

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const bookingOutcomeV1 = z.object({
  bookingId: z.uuid(),
  appointmentId: z.uuid(),
  patient: z.object({ partnerId: z.string().min(1), patientId: z.string().min(1) }),
  hospitalId: z.uuid(),
  slotId: z.uuid(),
  status: z.enum(['CONFIRMED', 'FAILED', 'CANCELLED', 'EXPIRED']),
  price: z
    .object({
      totalFen: fen,
      insuranceCoveredFen: fen,
      patientPayableFen: fen,
      currency: z.literal('CNY'),
      /** Empty for self-pay. */
      quoteId: z.string(),
    })
    .nullable(),
  paymentIntentId: z.string(),
  settlementId: z.string(),
  hospitalAppointmentCode: z.string(),
  queueNumber: z.number().int().nonnegative(),
  /** Stable code when FAILED or EXPIRED, e.g. `APPOINTMENT.HOSPITAL_REJECTED`. */
  failureCode: z.string(),
  endedBy: z.enum(['PATIENT', 'HOSPITAL', 'PLATFORM', '']),
  /** Money returned to the patient by the compensations (0 when nothing had been paid). */
  refundedFen: fen,
  /** When the booking was requested, so consumers can measure the end-to-end time. */
  requestedAt: z.iso.datetime(),
  occurredAt: z.iso.datetime(),
});

export type BookingOutcomeV1 = z.infer<typeof bookingOutcomeV1>;

/** Paid, confirmed at the hospital and, when insured, settled: the patient can go. */
export const BookingConfirmed = defineEvent({
  type: 'meridian.hospital.booking.confirmed.v1',
  topic: Topics.hospitalAppointments,
  source: SOURCE,
  schema: bookingOutcomeV1,
});

/** A step failed for good (or the payment window ran out); every effect was compensated. */
export const BookingFailed = defineEvent({
  type: 'meridian.hospital.booking.failed.v1',
  topic: Topics.hospitalAppointments,
  source: SOURCE,
  schema: bookingOutcomeV1,
});

/** The patient cancelled; the hospital was told, the payment refunded and the settlement reversed. */
export const BookingCancelled = defineEvent({
  type: 'meridian.hospital.booking.cancelled.v1',
  topic: Topics.hospitalAppointments,
  source: SOURCE,
  schema: bookingOutcomeV1,
});
