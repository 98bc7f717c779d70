import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

// Appointment life-cycle events, keyed by appointment id on the appointments topic. State-carried:
// each event holds the appointment as it is after the transition (no PHI: the visitor's identity
// stays in hospital-integration), so consumers (the booking saga, notifications, analytics) need
// no call back. `version` increases with every transition; keep only the highest.

const SOURCE = '/meridian/hospital-integration';

export const APPOINTMENT_STATUSES = [
  'HELD',
  'AWAITING_PAYMENT',
  'CONFIRMING',
  'CONFIRMED',
  'CHECKED_IN',
  'COMPLETED',
  'CANCELLED',
  'EXPIRED',
  'FAILED',
  'NO_SHOW',
] as const;

export const appointmentSnapshotV1 = z.object({
  appointmentId: z.uuid(),
  partnerId: z.string().min(1).max(64),
  patientId: z.string().min(1).max(64),
  hospitalId: z.uuid(),
  slotId: z.uuid(),
  departmentCode: z.string().min(1).max(64),
  doctorCode: z.string().max(64),
  visitType: z.string().min(1).max(32),
  startTime: z.iso.datetime(),
  endTime: z.iso.datetime(),
  status: z.enum(APPOINTMENT_STATUSES),
  /** When the hold lapses, while HELD or AWAITING_PAYMENT. */
  holdExpiresAt: z.iso.datetime().nullable(),
  feeFen: z.number().int().nonnegative(),
  insuranceCoveredFen: z.number().int().nonnegative(),
  patientPayableFen: z.number().int().nonnegative(),
  certificateId: z.string().max(64),
  paymentIntentId: z.string().max(64),
  hospitalAppointmentCode: z.string().max(128),
  /** Stable code of the failure when FAILED, e.g. APPOINTMENT.HOSPITAL_REJECTED. */
  failureCode: z.string().max(100),
  endedBy: z.enum(['', 'PATIENT', 'HOSPITAL', 'PLATFORM']),
  consultationId: z.string().max(64),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});

export type AppointmentSnapshotV1 = z.infer<typeof appointmentSnapshotV1>;

const appointmentEvent = (name: string) =>
  defineEvent({
    type: `meridian.hospital.appointment.${name}.v1`,
    topic: Topics.hospitalAppointments,
    source: SOURCE,
    schema: appointmentSnapshotV1,
  });

/** The slot is held at the hospital until holdExpiresAt; nothing charged yet. */
export const AppointmentHeld = appointmentEvent('held');
/** Price quoted and payment intent created; waiting for the patient to pay before holdExpiresAt. */
export const AppointmentAwaitingPayment = appointmentEvent('awaiting-payment');
/** Confirmation at the hospital has started (payment done or nothing to pay). */
export const AppointmentConfirming = appointmentEvent('confirming');
/** The hospital confirmed the visit (hospitalAppointmentCode set). */
export const AppointmentConfirmed = appointmentEvent('confirmed');
/** Cancelled by the patient or the hospital (endedBy); the slot is free again. */
export const AppointmentCancelled = appointmentEvent('cancelled');
/** The hold ran out before the booking completed; the slot is free again. */
export const AppointmentExpired = appointmentEvent('expired');
/** A step failed for good (failureCode); the slot is free again. */
export const AppointmentFailed = appointmentEvent('failed');
/** The hospital moved the visit (new startTime/endTime). */
export const AppointmentRescheduled = appointmentEvent('rescheduled');
/** The patient checked in, completed the visit, or did not come (status says which). */
export const AppointmentVisitUpdated = appointmentEvent('visit-updated');
