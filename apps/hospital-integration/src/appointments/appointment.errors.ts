import { DomainError, invalidArgument, notFound } from '@meridian/platform';
import type { ErrorKind } from '@meridian/platform';

/** Stable codes of the appointment errors; clients switch on them. */
export const AppointmentErrorCode = {
  invalidRequest: 'APPOINTMENT.INVALID_REQUEST',
  notFound: 'APPOINTMENT.NOT_FOUND',
  slotNotFound: 'SLOT.NOT_FOUND',
  slotUnavailable: 'APPOINTMENT.SLOT_UNAVAILABLE',
  slotTaken: 'APPOINTMENT.SLOT_TAKEN',
  notHeld: 'APPOINTMENT.NOT_HELD',
  confirmationPending: 'APPOINTMENT.CONFIRMATION_PENDING',
  hospitalRejected: 'APPOINTMENT.HOSPITAL_REJECTED',
  feeChanged: 'APPOINTMENT.FEE_CHANGED',
  pastCancellationCutoff: 'APPOINTMENT.PAST_CANCELLATION_CUTOFF',
  notCancellable: 'APPOINTMENT.NOT_CANCELLABLE',
  hospitalUnavailable: 'APPOINTMENT.HOSPITAL_UNAVAILABLE',
  hospitalTimeout: 'APPOINTMENT.HOSPITAL_TIMEOUT',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
} as const;

// What a stored failure_code means to a caller who repeats the request that failed.
const FAILURE_KINDS: Readonly<Record<string, ErrorKind>> = {
  [AppointmentErrorCode.slotTaken]: 'CONFLICT',
  [AppointmentErrorCode.hospitalRejected]: 'FAILED_PRECONDITION',
  [AppointmentErrorCode.feeChanged]: 'FAILED_PRECONDITION',
  [AppointmentErrorCode.slotUnavailable]: 'FAILED_PRECONDITION',
  [AppointmentErrorCode.hospitalUnavailable]: 'UNAVAILABLE',
  [AppointmentErrorCode.hospitalTimeout]: 'DEADLINE_EXCEEDED',
};

export function appointmentNotFound(id: string): DomainError {
  return notFound(AppointmentErrorCode.notFound, `No appointment ${id}`, { appointmentId: id });
}

export function slotNotFound(id: string): DomainError {
  return notFound(AppointmentErrorCode.slotNotFound, `No slot ${id}`, { slotId: id });
}

/** The slot is held or booked by another appointment: the caller lost the race. */
export function slotTaken(slotId: string): DomainError {
  return new DomainError(
    'CONFLICT',
    AppointmentErrorCode.slotTaken,
    'The slot is held or booked by someone else; choose another slot',
    { metadata: { slotId } },
  );
}

export function slotUnavailable(slotId: string, why: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    AppointmentErrorCode.slotUnavailable,
    `The slot cannot be booked: ${why}`,
    {
      metadata: { slotId },
    },
  );
}

export function notHeld(id: string, status: string): DomainError {
  return new DomainError(
    'FAILED_PRECONDITION',
    AppointmentErrorCode.notHeld,
    `Appointment ${id} is ${status}, not held`,
    {
      metadata: { appointmentId: id, status },
    },
  );
}

export function idempotencyKeyReused(): DomainError {
  return invalidArgument(AppointmentErrorCode.idempotencyKeyReused, [
    { field: 'idempotency_key', description: 'was already used for a different request' },
  ]);
}

/** The error a failed appointment stands for, so that repeating the request repeats the outcome. */
export function failureOf(appointmentId: string, failureCode: string, reason = ''): DomainError {
  const kind = FAILURE_KINDS[failureCode] ?? 'FAILED_PRECONDITION';
  const code = /^[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*$/.test(failureCode)
    ? failureCode
    : AppointmentErrorCode.hospitalRejected;
  return new DomainError(
    kind,
    code,
    `The booking failed (${failureCode}${reason ? `: ${reason}` : ''})`,
    {
      metadata: { appointmentId, ...(reason ? { reason } : {}) },
      ...(kind === 'UNAVAILABLE' ? { retryAfterMs: 1_000 } : {}),
    },
  );
}
