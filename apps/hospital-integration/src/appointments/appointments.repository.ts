import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { VisitType } from '../schedules/schedule';
import type {
  Appointment,
  AppointmentParty,
  AppointmentStatus,
  PatientRef,
  Visitor,
} from './appointment';

export type AppointmentsTx = Prisma.TransactionClient;

/** A slot locked for booking, with what an appointment copies from it and its session. */
export interface LockedSlot {
  readonly id: string;
  readonly hospitalId: string;
  readonly hospitalCode: string;
  readonly sessionId: string;
  readonly sessionCode: string;
  readonly slotCode: string;
  readonly departmentCode: string;
  readonly doctorCode: string;
  readonly visitType: VisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly feeFen: number;
  readonly sessionStatus: string;
  readonly hospitalStatus: string;
  readonly claimAppointmentId: string | null;
  readonly claimExpiresAt: Date | null;
}

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: string;
  readonly resourceId: string;
}

/** Fields a transition may change. */
export type AppointmentChanges = Partial<
  Pick<
    Appointment,
    | 'status'
    | 'holdCode'
    | 'holdExpiresAt'
    | 'feeFen'
    | 'insuranceCoveredFen'
    | 'patientPayableFen'
    | 'quoteId'
    | 'certificateId'
    | 'paymentIntentId'
    | 'settlementId'
    | 'hospitalAppointmentCode'
    | 'queueNumber'
    | 'visitInstructions'
    | 'failureCode'
    | 'endedBy'
    | 'cancelReason'
    | 'releasePending'
    | 'startTime'
    | 'endTime'
  >
>;

interface AppointmentRow {
  id: string;
  partnerId: string;
  patientId: string;
  hospitalId: string;
  hospitalCode: string;
  slotId: string;
  sessionId: string;
  sessionCode: string;
  slotCode: string;
  departmentCode: string;
  doctorCode: string;
  visitType: string;
  startTime: Date;
  endTime: Date;
  status: string;
  visitor: unknown;
  holdCode: string | null;
  holdExpiresAt: Date | null;
  feeFen: bigint;
  insuranceCoveredFen: bigint;
  patientPayableFen: bigint;
  quoteId: string;
  certificateId: string;
  paymentIntentId: string;
  settlementId: string;
  hospitalAppointmentCode: string;
  queueNumber: number;
  visitInstructions: string;
  failureCode: string;
  endedBy: string;
  cancelReason: string;
  consultationId: string;
  releasePending: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT_APPOINTMENT = Prisma.sql`
  SELECT a.id, a.partner_id AS "partnerId", a.patient_id AS "patientId", a.hospital_id AS "hospitalId",
         h.code AS "hospitalCode", a.slot_id AS "slotId", a.session_id AS "sessionId",
         ss.session_code AS "sessionCode", s.slot_code AS "slotCode",
         a.department_code AS "departmentCode", a.doctor_code AS "doctorCode",
         a.visit_type AS "visitType", a.start_time AS "startTime", a.end_time AS "endTime",
         a.status, a.visitor, a.hold_code AS "holdCode", a.hold_expires_at AS "holdExpiresAt",
         a.fee_fen AS "feeFen", a.insurance_covered_fen AS "insuranceCoveredFen",
         a.patient_payable_fen AS "patientPayableFen", a.quote_id AS "quoteId",
         a.certificate_id AS "certificateId", a.payment_intent_id AS "paymentIntentId",
         a.settlement_id AS "settlementId", a.hospital_appointment_code AS "hospitalAppointmentCode",
         a.queue_number AS "queueNumber", a.visit_instructions AS "visitInstructions",
         a.failure_code AS "failureCode", a.ended_by AS "endedBy", a.cancel_reason AS "cancelReason",
         a.consultation_id AS "consultationId", a.release_pending AS "releasePending", a.version,
         a.created_at AS "createdAt", a.updated_at AS "updatedAt"
  FROM appointments a
  JOIN hospitals h ON h.id = a.hospital_id
  JOIN schedule_slots s ON s.id = a.slot_id
  JOIN schedule_sessions ss ON ss.id = a.session_id`;

function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    patient: { partnerId: row.partnerId, patientId: row.patientId },
    hospitalId: row.hospitalId,
    hospitalCode: row.hospitalCode,
    slotId: row.slotId,
    sessionId: row.sessionId,
    sessionCode: row.sessionCode,
    slotCode: row.slotCode,
    departmentCode: row.departmentCode,
    doctorCode: row.doctorCode,
    visitType: row.visitType as VisitType,
    startTime: row.startTime,
    endTime: row.endTime,
    status: row.status as AppointmentStatus,
    visitor: row.visitor as Visitor,
    holdCode: row.holdCode,
    holdExpiresAt: row.holdExpiresAt,
    feeFen: Number(row.feeFen),
    insuranceCoveredFen: Number(row.insuranceCoveredFen),
    patientPayableFen: Number(row.patientPayableFen),
    quoteId: row.quoteId,
    certificateId: row.certificateId,
    paymentIntentId: row.paymentIntentId,
    settlementId: row.settlementId,
    hospitalAppointmentCode: row.hospitalAppointmentCode,
    queueNumber: row.queueNumber,
    visitInstructions: row.visitInstructions,
    failureCode: row.failureCode,
    endedBy: row.endedBy as AppointmentParty,
    cancelReason: row.cancelReason,
    consultationId: row.consultationId,
    releasePending: row.releasePending,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const COLUMNS: Readonly<Record<keyof AppointmentChanges, string>> = {
  status: 'status',
  holdCode: 'hold_code',
  holdExpiresAt: 'hold_expires_at',
  feeFen: 'fee_fen',
  insuranceCoveredFen: 'insurance_covered_fen',
  patientPayableFen: 'patient_payable_fen',
  quoteId: 'quote_id',
  certificateId: 'certificate_id',
  paymentIntentId: 'payment_intent_id',
  settlementId: 'settlement_id',
  hospitalAppointmentCode: 'hospital_appointment_code',
  queueNumber: 'queue_number',
  visitInstructions: 'visit_instructions',
  failureCode: 'failure_code',
  endedBy: 'ended_by',
  cancelReason: 'cancel_reason',
  releasePending: 'release_pending',
  startTime: 'start_time',
  endTime: 'end_time',
};

/** The only place that touches the appointments table (and the claim columns of slots). */
@Injectable()
export class AppointmentsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: AppointmentsTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { maxWait: 10_000, timeout: 10_000 });
  }

  /**
   * Locks the slot row until the transaction ends: every hold of one slot queues here, so the
   * checks that follow see the claim the previous holder left.
   */
  async lockSlot(tx: AppointmentsTx, slotId: string): Promise<LockedSlot | undefined> {
    const rows = await tx.$queryRaw<(Omit<LockedSlot, 'feeFen'> & { feeFen: bigint })[]>`
      SELECT s.id, s.hospital_id AS "hospitalId", h.code AS "hospitalCode", s.session_id AS "sessionId",
             ss.session_code AS "sessionCode", s.slot_code AS "slotCode",
             s.department_code AS "departmentCode", ss.doctor_code AS "doctorCode",
             ss.visit_type AS "visitType", s.start_time AS "startTime", s.end_time AS "endTime",
             ss.fee_fen AS "feeFen", ss.status AS "sessionStatus", s.hospital_status AS "hospitalStatus",
             s.claim_appointment_id AS "claimAppointmentId", s.claim_expires_at AS "claimExpiresAt"
      FROM schedule_slots s
      JOIN schedule_sessions ss ON ss.id = s.session_id
      JOIN hospitals h ON h.id = s.hospital_id
      WHERE s.id = ${slotId}::uuid
      FOR UPDATE OF s`;
    const row = rows[0];
    return row ? { ...row, feeFen: Number(row.feeFen) } : undefined;
  }

  /** The slot's claim as last committed, without locking (a fast look before queueing for the lock). */
  async peekClaim(
    tx: AppointmentsTx,
    slotId: string,
  ): Promise<{ claimAppointmentId: string | null; claimExpiresAt: Date | null } | undefined> {
    const rows = await tx.$queryRaw<
      { claimAppointmentId: string | null; claimExpiresAt: Date | null }[]
    >`
      SELECT claim_appointment_id AS "claimAppointmentId", claim_expires_at AS "claimExpiresAt"
      FROM schedule_slots WHERE id = ${slotId}::uuid`;
    return rows[0];
  }

  /** Puts the claim of `appointmentId` on the slot; `expiresAt` null means until released. */
  async claimSlot(
    tx: AppointmentsTx,
    slotId: string,
    appointmentId: string,
    expiresAt: Date | null,
  ): Promise<void> {
    await tx.$executeRaw`
      UPDATE schedule_slots SET claim_appointment_id = ${appointmentId}::uuid,
             claim_expires_at = ${expiresAt}, version = version + 1, updated_at = now()
      WHERE id = ${slotId}::uuid`;
  }

  /** Moves the claim's expiry (a hold that was granted or became a booking), if it is still ours. */
  async extendClaim(
    tx: AppointmentsTx,
    appointmentId: string,
    expiresAt: Date | null,
  ): Promise<void> {
    await tx.$executeRaw`
      UPDATE schedule_slots SET claim_expires_at = ${expiresAt}, updated_at = now()
      WHERE claim_appointment_id = ${appointmentId}::uuid`;
  }

  /** Frees the slot of these appointments, if they still hold it. */
  async releaseClaims(tx: AppointmentsTx, appointmentIds: readonly string[]): Promise<void> {
    if (appointmentIds.length === 0) return;
    await tx.$executeRaw`
      UPDATE schedule_slots SET claim_appointment_id = NULL, claim_expires_at = NULL,
             version = version + 1, updated_at = now()
      WHERE claim_appointment_id = ANY(${[...appointmentIds]}::uuid[])`;
  }

  /** What the hospital said about the slot, learnt from a call rather than a schedule pull. */
  async setHospitalSlotStatus(
    tx: AppointmentsTx,
    slotId: string,
    status: string,
    asOf: Date,
  ): Promise<void> {
    await tx.$executeRaw`
      UPDATE schedule_slots SET hospital_status = ${status}, status_as_of = ${asOf},
             version = version + 1, updated_at = now()
      WHERE id = ${slotId}::uuid AND status_as_of <= ${asOf}`;
  }

  async insert(
    tx: AppointmentsTx,
    appointment: Omit<
      Appointment,
      'hospitalCode' | 'sessionCode' | 'slotCode' | 'createdAt' | 'updatedAt'
    >,
  ): Promise<void> {
    await tx.appointment.create({
      data: {
        id: appointment.id,
        partnerId: appointment.patient.partnerId,
        patientId: appointment.patient.patientId,
        hospitalId: appointment.hospitalId,
        slotId: appointment.slotId,
        sessionId: appointment.sessionId,
        departmentCode: appointment.departmentCode,
        doctorCode: appointment.doctorCode,
        visitType: appointment.visitType,
        startTime: appointment.startTime,
        endTime: appointment.endTime,
        status: appointment.status,
        visitor: appointment.visitor as unknown as Prisma.InputJsonValue,
        holdCode: appointment.holdCode,
        holdExpiresAt: appointment.holdExpiresAt,
        feeFen: BigInt(appointment.feeFen),
        insuranceCoveredFen: BigInt(appointment.insuranceCoveredFen),
        patientPayableFen: BigInt(appointment.patientPayableFen),
        quoteId: appointment.quoteId,
        certificateId: appointment.certificateId,
        paymentIntentId: appointment.paymentIntentId,
        settlementId: appointment.settlementId,
        hospitalAppointmentCode: appointment.hospitalAppointmentCode,
        queueNumber: appointment.queueNumber,
        visitInstructions: appointment.visitInstructions,
        failureCode: appointment.failureCode,
        endedBy: appointment.endedBy,
        cancelReason: appointment.cancelReason,
        consultationId: appointment.consultationId,
        releasePending: appointment.releasePending,
        version: appointment.version,
        updatedAt: new Date(),
      },
    });
  }

  async find(id: string, tx: AppointmentsTx = this.prisma): Promise<Appointment | undefined> {
    const rows = await tx.$queryRaw<
      AppointmentRow[]
    >`${SELECT_APPOINTMENT} WHERE a.id = ${id}::uuid`;
    return rows[0] ? toAppointment(rows[0]) : undefined;
  }

  async findByHospitalCode(
    tx: AppointmentsTx,
    hospitalId: string,
    code: string,
  ): Promise<Appointment | undefined> {
    const rows = await tx.$queryRaw<AppointmentRow[]>`${SELECT_APPOINTMENT}
      WHERE a.hospital_id = ${hospitalId}::uuid AND a.hospital_appointment_code = ${code}`;
    return rows[0] ? toAppointment(rows[0]) : undefined;
  }

  /** Locks the appointment row until the transaction ends. */
  async findForUpdate(tx: AppointmentsTx, id: string): Promise<Appointment | undefined> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM appointments WHERE id = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? undefined : this.find(id, tx);
  }

  /**
   * Applies a transition if the appointment is still in one of `from`: the guard makes every
   * transition idempotent and lets concurrent actors (request, sweeper, hospital push) race safely.
   * Returns the appointment after the change, or undefined when the guard did not match.
   */
  async transition(
    tx: AppointmentsTx,
    id: string,
    from: readonly AppointmentStatus[],
    changes: AppointmentChanges,
  ): Promise<Appointment | undefined> {
    const sets = (Object.keys(changes) as (keyof AppointmentChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => {
        const value = changes[key];
        const column = Prisma.raw(COLUMNS[key]);
        return typeof value === 'number' && key.endsWith('Fen')
          ? Prisma.sql`${column} = ${BigInt(value)}`
          : Prisma.sql`${column} = ${value}`;
      });
    const updated = await tx.$queryRaw<{ id: string }[]>`
      UPDATE appointments SET ${Prisma.join([...sets, Prisma.sql`version = version + 1`, Prisma.sql`updated_at = now()`], ', ')}
      WHERE id = ${id}::uuid AND status = ANY(${[...from]}::text[])
      RETURNING id`;
    return updated.length === 0 ? undefined : this.find(id, tx);
  }

  async list(
    patient: PatientRef,
    statuses: readonly AppointmentStatus[],
    beforeId: string | undefined,
    limit: number,
  ): Promise<Appointment[]> {
    const conditions = [
      Prisma.sql`a.partner_id = ${patient.partnerId}`,
      Prisma.sql`a.patient_id = ${patient.patientId}`,
    ];
    if (statuses.length > 0) conditions.push(Prisma.sql`a.status = ANY(${[...statuses]}::text[])`);
    if (beforeId) conditions.push(Prisma.sql`a.id < ${beforeId}::uuid`);
    const rows = await this.prisma.$queryRaw<AppointmentRow[]>`
      ${SELECT_APPOINTMENT} WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.id DESC LIMIT ${limit}`;
    return rows.map(toAppointment);
  }

  /**
   * Holds that ran out, locked for this transaction; rows another sweeper has locked are skipped,
   * so several replicas sweep without blocking one another.
   */
  async lockExpiredHolds(tx: AppointmentsTx, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM appointments
      WHERE status IN ('REQUESTED', 'HELD', 'AWAITING_PAYMENT') AND hold_expires_at <= now()
      ORDER BY hold_expires_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    return rows.map((r) => r.id);
  }

  /**
   * Leases up to `limit` appointments whose hold or booking the hospital must still release: each
   * is hidden from other sweepers for `leaseMs` while this one calls the hospital.
   */
  async leaseReleases(limit: number, leaseMs: number): Promise<Appointment[]> {
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE appointments SET next_release_at = now() + ${leaseMs}::int * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM appointments
        WHERE release_pending AND (next_release_at IS NULL OR next_release_at <= now())
        ORDER BY next_release_at NULLS FIRST
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    const found = await Promise.all(ids.map((r) => this.find(r.id)));
    return found.filter((a): a is Appointment => a !== undefined);
  }

  async releaseDone(id: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE appointments SET release_pending = false, next_release_at = NULL, updated_at = now()
      WHERE id = ${id}::uuid`;
  }

  async releaseFailed(id: string, retryInMs: number): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE appointments SET release_attempts = release_attempts + 1,
             next_release_at = now() + ${retryInMs}::int * interval '1 millisecond'
      WHERE id = ${id}::uuid`;
  }

  /** Confirmations that have been in flight longer than `staleMs` (e.g. the process died mid-call). */
  async leaseStuckConfirmations(limit: number, staleMs: number): Promise<Appointment[]> {
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE appointments SET updated_at = now()
      WHERE id IN (
        SELECT id FROM appointments
        WHERE status = 'CONFIRMING' AND updated_at <= now() - ${staleMs}::int * interval '1 millisecond'
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    const found = await Promise.all(ids.map((r) => this.find(r.id)));
    return found.filter((a): a is Appointment => a !== undefined);
  }

  async findIdempotencyKey(
    tx: AppointmentsTx,
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { key } });
    return row
      ? { operation: row.operation, requestHash: row.requestHash, resourceId: row.resourceId }
      : undefined;
  }

  async saveIdempotencyKey(
    tx: AppointmentsTx,
    key: string,
    record: IdempotencyRecord,
  ): Promise<void> {
    await tx.idempotencyKey.create({ data: { key, ...record } });
  }
}
