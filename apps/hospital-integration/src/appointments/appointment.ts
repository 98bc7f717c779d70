import type { commonV1 } from '@meridian/proto';

import type { VisitType } from '../schedules/schedule';

/**
 * Life cycle: REQUESTED (slot claimed on the platform, hold being placed at the hospital) → HELD →
 * (AWAITING_PAYMENT, added by the booking saga) → CONFIRMING → CONFIRMED → CHECKED_IN → COMPLETED
 * or NO_SHOW; or it ends CANCELLED, EXPIRED or FAILED, which frees the slot.
 */
export const APPOINTMENT_STATUSES = [
  'REQUESTED',
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
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses whose claim on the slot lapses at hold_expires_at unless the booking moves on. */
export const HOLDING_STATUSES: readonly AppointmentStatus[] = [
  'REQUESTED',
  'HELD',
  'AWAITING_PAYMENT',
];
/** Statuses after which nothing changes any more (the slot is free again). */
export const ENDED_STATUSES: readonly AppointmentStatus[] = ['CANCELLED', 'EXPIRED', 'FAILED'];

export type AppointmentParty = '' | 'PATIENT' | 'HOSPITAL' | 'PLATFORM';

export interface PatientRef {
  readonly partnerId: string;
  readonly patientId: string;
}

/** The person who attends, forwarded to the hospital for real-name registration (PHI). */
export interface Visitor {
  readonly name: string;
  readonly documentType: commonV1.IdentityDocumentType;
  readonly documentNumber: string;
  readonly sex: commonV1.Sex;
  readonly birthDate: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
  } | null;
  readonly phone: string;
}

export interface Appointment {
  readonly id: string;
  readonly patient: PatientRef;
  readonly hospitalId: string;
  readonly hospitalCode: string;
  readonly slotId: string;
  readonly sessionId: string;
  readonly sessionCode: string;
  readonly slotCode: string;
  readonly departmentCode: string;
  readonly doctorCode: string;
  readonly visitType: VisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly status: AppointmentStatus;
  readonly visitor: Visitor;
  readonly holdCode: string | null;
  readonly holdExpiresAt: Date | null;
  readonly feeFen: number;
  readonly insuranceCoveredFen: number;
  readonly patientPayableFen: number;
  readonly quoteId: string;
  readonly certificateId: string;
  readonly paymentIntentId: string;
  readonly settlementId: string;
  readonly hospitalAppointmentCode: string;
  readonly queueNumber: number;
  readonly visitInstructions: string;
  readonly failureCode: string;
  readonly endedBy: AppointmentParty;
  readonly cancelReason: string;
  readonly consultationId: string;
  readonly releasePending: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
