import type { commonV1, hospitalV1 } from '@meridian/proto';

import type { Prisma } from '../generated/prisma/client';

// How messages pushed by hospitals (HospitalInbound) reach the modules that own the data.
//
// The inbound module authenticates the hospital, validates the envelope, de-duplicates by
// (hospital, message_id) and records every message. Inside the transaction that records the
// message it calls the applier bound for the message's kind; the applier's writes and the message
// record commit together or not at all. A module binds its applier with
// `{ provide: SCHEDULE_APPLIER, useExisting: MyScheduleApplier }` in a module that the inbound module
// can see (export it from a global module, or import it into InboundModule). Until an applier is
// bound, the RPC answers UNIMPLEMENTED.
//
// Rules for an applier:
// - Touch only rows of `hospitalId` (the authenticated caller). A reference to another hospital's
//   resource (an appointment id, a session) must look exactly like a missing one: throw NOT_FOUND.
// - Use `tx` for every read and write, never the root PrismaClient, and write events through
//   `OutboxWriter.append(tx, ...)`.
// - Refuse the whole message by throwing a `DomainError` (INVALID_ARGUMENT with field violations,
//   NOT_FOUND, FAILED_PRECONDITION, ...): nothing is applied and the message is kept as rejected with
//   the error's code and violations. Refuse single items of a batch by listing them in `rejected`.
// - When the message is older than what was already applied (see `InboundMessageMeta.occurredAt`),
//   apply nothing and answer `stale: true`; the message is recorded as stale.

/** Transaction client of the transaction that records the inbound message. */
export type InboundTx = Prisma.TransactionClient;

/** Facts about the inbound message, shared by every kind. */
export interface InboundMessageMeta {
  /** The hospital's message_id, unique per hospital. */
  readonly messageId: string;
  /** Id of the platform's inbound_messages row. */
  readonly inboundMessageId: string;
  /** When the platform received the message. */
  readonly receivedAt: Date;
  /**
   * When the change happened at the hospital, used to order updates of one entity: the request's
   * `occurred_at` (UpdateAppointment), `checked_in_at` (CheckIn); otherwise `receivedAt`.
   */
  readonly occurredAt: Date;
}

/** What every applier receives besides the decoded request. */
export interface InboundApplyContext {
  readonly tx: InboundTx;
  /** Directory id of the authenticated hospital; the only hospital whose data may change. */
  readonly hospitalId: string;
  readonly message: InboundMessageMeta;
}

/** An item of a batch that was refused; mirrors `hospitalV1.RejectedItem`. */
export interface InboundRejectedItem {
  /** The hospital's code of the item (session_code, doctor_code). */
  readonly code: string;
  /** Stable reason code, e.g. "SCHEDULE.UNKNOWN_DEPARTMENT". */
  readonly reason: string;
  readonly description: string;
}

export interface BatchApplied {
  readonly accepted: number;
  readonly rejected: readonly InboundRejectedItem[];
  /** True when the whole message was older than what is applied and nothing changed. */
  readonly stale?: boolean;
}

/** PushSchedule: sessions and slots. Bound by the slots/schedules module. */
export interface ScheduleApplier {
  apply(
    context: InboundApplyContext,
    request: hospitalV1.PushScheduleRequest,
  ): Promise<BatchApplied>;
}

/** PushDoctors: doctor profiles. Bound by the directory module. */
export interface DoctorsApplier {
  apply(
    context: InboundApplyContext,
    request: hospitalV1.PushDoctorsRequest,
  ): Promise<BatchApplied>;
}

export interface AppointmentUpdateApplied {
  readonly appointmentId: string;
  /** The appointment's status after the message (unchanged when stale). */
  readonly status: hospitalV1.AppointmentStatus;
  readonly stale?: boolean;
}

export interface CheckInApplied extends AppointmentUpdateApplied {
  readonly certificateId?: string;
  readonly redemptionId?: string;
  readonly insuredNameMasked?: string;
  readonly insuranceCovered?: commonV1.Money;
}

/** UpdateAppointment and CheckIn. Bound by the appointments module. */
export interface AppointmentUpdateApplier {
  applyUpdate(
    context: InboundApplyContext,
    request: hospitalV1.UpdateAppointmentRequest,
  ): Promise<AppointmentUpdateApplied>;
  applyCheckIn(
    context: InboundApplyContext,
    request: hospitalV1.CheckInRequest,
  ): Promise<CheckInApplied>;
}

/** DI tokens; inject with `@Optional() @Inject(TOKEN)`. */
export const SCHEDULE_APPLIER = Symbol('SCHEDULE_APPLIER');
export const DOCTORS_APPLIER = Symbol('DOCTORS_APPLIER');
export const APPOINTMENT_UPDATE_APPLIER = Symbol('APPOINTMENT_UPDATE_APPLIER');
