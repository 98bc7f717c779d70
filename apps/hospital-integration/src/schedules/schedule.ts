import { Prisma } from '../generated/prisma/client';

export const DOCTOR_TITLES = [
  'UNSPECIFIED',
  'RESIDENT',
  'ATTENDING',
  'ASSOCIATE_CHIEF',
  'CHIEF',
] as const;
export type DoctorTitle = (typeof DOCTOR_TITLES)[number];
export const VISIT_TYPES = [
  'UNSPECIFIED',
  'GENERAL',
  'SPECIALIST',
  'EXPERT',
  'SPECIAL_NEEDS',
  'ONLINE',
] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const SESSION_STATUSES = ['OPEN', 'SUSPENDED', 'CLOSED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SLOT_STATUSES = ['AVAILABLE', 'HELD', 'BOOKED', 'CLOSED'] as const;
export type HospitalSlotStatus = (typeof SLOT_STATUSES)[number];

/** A slot as a hospital describes it (pulled or pushed). */
export interface IncomingSlot {
  readonly slotCode: string;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly status: HospitalSlotStatus;
}

/** A session as a hospital describes it (pulled or pushed), already validated. */
export interface IncomingSession {
  readonly sessionCode: string;
  readonly departmentCode: string;
  readonly departmentLocalCode: string;
  readonly departmentLocalName: string;
  readonly doctorCode: string;
  readonly doctorName: string;
  readonly doctorTitle: DoctorTitle;
  readonly visitType: VisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly feeFen: number;
  readonly status: SessionStatus;
  readonly statusReason: string;
  readonly slots: readonly IncomingSlot[];
}

/** A session on the platform side, with how many of its slots can be booked now. */
export interface ScheduleSession {
  readonly id: string;
  readonly hospitalId: string;
  readonly sessionCode: string;
  readonly departmentCode: string;
  readonly doctorCode: string;
  readonly doctorName: string;
  readonly doctorTitle: DoctorTitle;
  readonly visitType: VisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly feeFen: number;
  readonly status: SessionStatus;
  readonly totalSlots: number;
  readonly availableSlots: number;
  readonly syncedAt: Date;
}

/** A bookable slot on the platform side. */
export interface OpenSlot {
  readonly id: string;
  readonly sessionId: string;
  readonly hospitalId: string;
  readonly departmentCode: string;
  readonly doctorCode: string;
  readonly doctorName: string;
  readonly doctorTitle: DoctorTitle;
  readonly visitType: VisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly feeFen: number;
  readonly slotCode: string;
  readonly version: number;
}

/**
 * The condition under which a slot row (alias `alias`) can be booked now: the hospital last
 * reported it AVAILABLE (slots of suspended or closed sessions are stored CLOSED), it starts in
 * the future, and no live claim sits on it — an expired hold counts as no claim, whether or not
 * the sweeper has released it yet. Other queries (e.g. "hospitals with open slots in the next N
 * days") use this so that every reader agrees on what "open" means.
 */
export function openSlotCondition(alias: string): Prisma.Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`Unsafe alias ${alias}`);
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}.hospital_status = 'AVAILABLE' AND ${a}.start_time > now()
    AND (${a}.claim_appointment_id IS NULL OR ${a}.claim_expires_at <= now()))`;
}
