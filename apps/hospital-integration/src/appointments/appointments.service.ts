import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  AppointmentAwaitingPayment,
  AppointmentCancelled,
  AppointmentConfirmed,
  AppointmentConfirming,
  AppointmentExpired,
  AppointmentFailed,
  AppointmentHeld,
} from '@meridian/contracts';
import type { EventDefinition } from '@meridian/contracts';
import {
  DomainError,
  OutboxWriter,
  counter,
  decodeCursor,
  pageOf,
  uuidv7,
} from '@meridian/platform';
import { dateFromTimestamp, timestampFromDate } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

import { Prisma } from '../generated/prisma/client';
import { HospitalLinkClient } from '../link/hospital-link.client';
import { HospitalLinkError, linkFailureToDomainError } from '../link/hospital-link.errors';
import { HOLDING_STATUSES } from './appointment';
import type { Appointment, AppointmentStatus, PatientRef, Visitor } from './appointment';
import {
  AppointmentErrorCode,
  appointmentNotFound,
  failureOf,
  idempotencyKeyReused,
  notHeld,
  slotNotFound,
  slotTaken,
  slotUnavailable,
} from './appointment.errors';
import { toSnapshot } from './appointment.events';
import { AppointmentsRepository } from './appointments.repository';
import type { AppointmentsTx } from './appointments.repository';

export interface AppointmentOptions {
  /** How long a hold lasts on the platform (the hospital may grant less). */
  readonly holdMs: number;
}

export const APPOINTMENT_OPTIONS = Symbol('APPOINTMENT_OPTIONS');

export interface HoldCommand {
  readonly idempotencyKey: string;
  readonly patient: PatientRef;
  readonly slotId: string;
  readonly visitor: Visitor;
  readonly certificateId: string;
  readonly consultationId: string;
}

export interface BookCommand {
  readonly idempotencyKey: string;
  readonly patient: PatientRef;
  readonly heldAppointmentId?: string;
  readonly slotId?: string;
  readonly visitor?: Visitor;
  readonly certificateId: string;
  readonly consultationId: string;
}

export interface CancelCommand {
  readonly idempotencyKey: string;
  readonly patient: PatientRef;
  readonly appointmentId: string;
  readonly reason: string;
}

/** What the patient paid and insurance covers when confirmation starts (the saga supplies it). */
export interface Payment {
  readonly patientPaidFen: number;
  readonly insuranceCoveredFen: number;
  /** The payment intent id; empty when the patient pays at the hospital. */
  readonly paymentReference: string;
}

/** The price of a booking as the saga settled it: insurance part, patient part, payment intent. */
export interface PriceSplit {
  readonly insuranceCoveredFen: number;
  readonly patientPayableFen: number;
  readonly quoteId: string;
  readonly paymentIntentId: string;
}

export interface AppointmentPage {
  readonly appointments: readonly Appointment[];
  readonly nextCursor?: string;
}

/** How long a failed release at the hospital waits before the sweeper tries again. */
const RELEASE_RETRY_MS = 5_000;

const transitions = counter('appointment_transitions_total', 'Appointment status changes', ['to']);
const holdConflicts = counter(
  'appointment_hold_conflicts_total',
  'Holds refused because another appointment had the slot',
);

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Appointments through their life cycle, following IHE ITI scheduling (find, hold, book):
 * a hold claims the slot on the platform first (one row lock per slot, so of many concurrent
 * holds exactly one wins), then at the hospital; confirmation, cancellation and expiry release or
 * keep the claim. Every transition is guarded by the status it starts from (idempotent under
 * retries and races) and writes its event through the outbox in the same transaction. Calls to
 * hospitals never happen inside a transaction.
 */
@Injectable()
export class AppointmentsService {
  private readonly logger = new Logger(AppointmentsService.name);

  constructor(
    private readonly repository: AppointmentsRepository,
    private readonly link: HospitalLinkClient,
    private readonly outbox: OutboxWriter,
    @Inject(APPOINTMENT_OPTIONS) private readonly options: AppointmentOptions,
  ) {}

  // ---- commands -------------------------------------------------------------------------------

  /** HoldAppointment: claims the slot, then holds it at the hospital. */
  async hold(command: HoldCommand): Promise<Appointment> {
    const key = this.scopedKey(command.patient, command.idempotencyKey);
    const requestHash = hashOf([
      'hold',
      command.slotId,
      command.visitor,
      command.certificateId,
      command.consultationId,
    ]);
    const claimed = await this.claim(key, 'HoldAppointment', requestHash, command);
    return this.completeHold(claimed);
  }

  /**
   * BookAppointment: holds first when given a slot, then confirms at the hospital. Until the
   * booking saga adds the payment and insurance legs, the patient pays at the hospital: the
   * confirmation carries no payment (see link.proto).
   */
  async book(command: BookCommand): Promise<Appointment> {
    const key = this.scopedKey(command.patient, command.idempotencyKey);
    let held: Appointment;
    if (command.heldAppointmentId) {
      held = await this.get(command.patient, command.heldAppointmentId);
      if (held.status === 'REQUESTED') held = await this.completeHold(held);
    } else {
      if (!command.slotId || !command.visitor) {
        throw new DomainError(
          'INVALID_ARGUMENT',
          AppointmentErrorCode.invalidRequest,
          'slot_id and visitor are required without held_appointment_id',
        );
      }
      const requestHash = hashOf([
        'book',
        command.slotId,
        command.visitor,
        command.certificateId,
        command.consultationId,
      ]);
      const claimed = await this.claim(key, 'BookAppointment', requestHash, {
        idempotencyKey: command.idempotencyKey,
        patient: command.patient,
        slotId: command.slotId,
        visitor: command.visitor,
        certificateId: command.certificateId,
        consultationId: command.consultationId,
      });
      held = await this.completeHold(claimed);
    }
    if (held.status !== 'HELD') {
      if (held.status === 'CONFIRMING' || held.status === 'CONFIRMED') return held;
      throw notHeld(held.id, held.status);
    }
    const confirming = await this.beginConfirmation(held.id, {
      patientPaidFen: 0,
      insuranceCoveredFen: 0,
      paymentReference: '',
    });
    return this.confirmAtHospital(confirming.id);
  }

  /**
   * HELD or AWAITING_PAYMENT → CONFIRMING, while the hold is still valid. Idempotent: an
   * appointment already confirming or confirmed is returned as it is.
   */
  async beginConfirmation(appointmentId: string, payment: Payment): Promise<Appointment> {
    const result = await this.repository.transaction(async (tx) => {
      const current = await this.repository.findForUpdate(tx, appointmentId);
      if (!current) throw appointmentNotFound(appointmentId);
      if (current.status === 'CONFIRMING' || current.status === 'CONFIRMED') return current;
      if (
        (current.status !== 'HELD' && current.status !== 'AWAITING_PAYMENT') ||
        !current.holdExpiresAt ||
        current.holdExpiresAt <= new Date()
      ) {
        throw notHeld(
          appointmentId,
          current.holdExpiresAt && current.holdExpiresAt <= new Date() ? 'EXPIRED' : current.status,
        );
      }
      const next = await this.repository.transition(
        tx,
        appointmentId,
        ['HELD', 'AWAITING_PAYMENT'],
        {
          status: 'CONFIRMING',
          insuranceCoveredFen: payment.insuranceCoveredFen,
          patientPayableFen: current.feeFen - payment.insuranceCoveredFen,
          paymentIntentId: payment.paymentReference,
        },
      );
      if (!next) throw notHeld(appointmentId, current.status);
      // A booking no longer lapses by itself: only a cancel or a failed confirmation frees it.
      await this.repository.extendClaim(tx, appointmentId, null);
      await this.emit(tx, AppointmentConfirming, next);
      return next;
    });
    this.outbox.notifyCommitted();
    return result;
  }

  /**
   * CONFIRMING → CONFIRMED at the hospital (idempotent by a key derived from the appointment). A
   * refusal fails the appointment and frees the slot; an unanswered call leaves it CONFIRMING for
   * the sweeper to confirm again with the same key.
   */
  async confirmAtHospital(appointmentId: string): Promise<Appointment> {
    const current = await this.repository.find(appointmentId);
    if (!current) throw appointmentNotFound(appointmentId);
    if (current.status !== 'CONFIRMING') return current;
    let response: hospitalV1.ConfirmAppointmentResponse;
    try {
      response = await this.link.confirmAppointment(
        { code: current.hospitalCode },
        {
          idempotencyKey: `confirm:${current.id}`,
          appointmentId: current.id,
          holdCode: current.holdCode ?? '',
          patientPaid: {
            amountFen: String(current.paymentIntentId === '' ? 0 : current.patientPayableFen),
            currency: 'CNY',
          },
          insuranceCovered: { amountFen: String(current.insuranceCoveredFen), currency: 'CNY' },
          paymentReference: current.paymentIntentId,
        },
      );
    } catch (error) {
      if (!(error instanceof HospitalLinkError)) throw error;
      if (error.kind !== 'refused') throw linkFailureToDomainError(error);
      const failed = await this.fail(
        current.id,
        ['CONFIRMING'],
        AppointmentErrorCode.hospitalRejected,
        true,
      );
      throw failureOf(
        failed?.id ?? current.id,
        AppointmentErrorCode.hospitalRejected,
        error.reason ?? '',
      );
    }
    const confirmed = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, current.id, ['CONFIRMING'], {
        status: 'CONFIRMED',
        hospitalAppointmentCode: response.hospitalAppointmentCode,
        queueNumber: response.queueNumber,
        visitInstructions: response.visitInstructions,
        holdExpiresAt: null,
      });
      if (next) await this.emit(tx, AppointmentConfirmed, next);
      return next;
    });
    this.outbox.notifyCommitted();
    return confirmed ?? (await this.repository.find(current.id)) ?? current;
  }

  /**
   * HELD → AWAITING_PAYMENT with the price split and the payment intent (for the booking saga).
   * Idempotent: an appointment already awaiting payment is returned as it is.
   */
  async awaitPayment(appointmentId: string, split: PriceSplit): Promise<Appointment> {
    const result = await this.repository.transaction(async (tx) => {
      const current = await this.repository.findForUpdate(tx, appointmentId);
      if (!current) throw appointmentNotFound(appointmentId);
      if (current.status === 'AWAITING_PAYMENT') return current;
      if (current.status !== 'HELD') throw notHeld(appointmentId, current.status);
      if (split.insuranceCoveredFen + split.patientPayableFen !== current.feeFen) {
        throw new DomainError(
          'INVALID_ARGUMENT',
          AppointmentErrorCode.invalidRequest,
          'The price split does not add up to the fee',
          {
            metadata: { appointmentId, feeFen: String(current.feeFen) },
          },
        );
      }
      const next = await this.repository.transition(tx, appointmentId, ['HELD'], {
        status: 'AWAITING_PAYMENT',
        insuranceCoveredFen: split.insuranceCoveredFen,
        patientPayableFen: split.patientPayableFen,
        quoteId: split.quoteId,
        paymentIntentId: split.paymentIntentId,
      });
      if (!next) throw notHeld(appointmentId, current.status);
      await this.emit(tx, AppointmentAwaitingPayment, next);
      return next;
    });
    this.outbox.notifyCommitted();
    return result;
  }

  /**
   * Ends an appointment that has not been confirmed (a compensation of the booking saga: payment
   * failed, quote refused…): the slot is free at once and the hospital is told to release the hold.
   * Idempotent; an appointment that already ended is returned as it is.
   */
  async end(
    appointmentId: string,
    ending: {
      readonly status: 'FAILED' | 'EXPIRED' | 'CANCELLED';
      readonly endedBy: 'PATIENT' | 'PLATFORM';
      readonly failureCode: string;
      readonly reason: string;
    },
  ): Promise<Appointment> {
    const event =
      ending.status === 'FAILED'
        ? AppointmentFailed
        : ending.status === 'EXPIRED'
          ? AppointmentExpired
          : AppointmentCancelled;
    const ended = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(
        tx,
        appointmentId,
        [...HOLDING_STATUSES, 'CONFIRMING'],
        {
          status: ending.status,
          endedBy: ending.endedBy,
          failureCode: ending.failureCode,
          cancelReason: ending.reason,
          releasePending: true,
        },
      );
      if (next) {
        await this.repository.releaseClaims(tx, [next.id]);
        await this.emit(tx, event, next);
      }
      return next;
    });
    this.outbox.notifyCommitted();
    const result = ended ?? (await this.repository.find(appointmentId));
    if (!result) throw appointmentNotFound(appointmentId);
    if (ended) void this.releaseAtHospital(result);
    return result;
  }

  /** CancelAppointment by the patient. */
  async cancel(command: CancelCommand): Promise<Appointment> {
    const key = this.scopedKey(command.patient, `cancel:${command.idempotencyKey}`);
    const requestHash = hashOf(['cancel', command.appointmentId, command.reason]);
    const current = await this.get(command.patient, command.appointmentId);
    await this.repository.transaction(async (tx) => {
      const prior = await this.repository.findIdempotencyKey(tx, key);
      if (prior && prior.requestHash !== requestHash) throw idempotencyKeyReused();
    });
    switch (current.status) {
      case 'CANCELLED':
      case 'EXPIRED':
      case 'FAILED':
        return current;
      case 'CONFIRMING':
        throw new DomainError(
          'CONFLICT',
          AppointmentErrorCode.confirmationPending,
          'The booking is being confirmed; cancel it once it is confirmed',
          {
            metadata: { appointmentId: current.id },
            retryAfterMs: 1_000,
          },
        );
      case 'CHECKED_IN':
      case 'COMPLETED':
      case 'NO_SHOW':
        throw new DomainError(
          'FAILED_PRECONDITION',
          AppointmentErrorCode.notCancellable,
          `A ${current.status} appointment cannot be cancelled`,
          {
            metadata: { appointmentId: current.id, status: current.status },
          },
        );
      case 'REQUESTED':
      case 'HELD':
      case 'AWAITING_PAYMENT':
        return this.endHold(current, 'CANCELLED', 'PATIENT', command.reason, key, requestHash);
      case 'CONFIRMED':
        return this.cancelConfirmed(current, command.reason, key, requestHash);
    }
  }

  // ---- queries --------------------------------------------------------------------------------

  /** One appointment of the patient; another patient's reads as not found. */
  async get(patient: PatientRef, id: string): Promise<Appointment> {
    const appointment = await this.repository.find(id);
    if (
      !appointment ||
      appointment.patient.partnerId !== patient.partnerId ||
      appointment.patient.patientId !== patient.patientId
    ) {
      throw appointmentNotFound(id);
    }
    return appointment;
  }

  async list(
    patient: PatientRef,
    statuses: readonly AppointmentStatus[],
    pageSize: number,
    cursor?: string,
  ): Promise<AppointmentPage> {
    const filters = {
      partner: patient.partnerId,
      patient: patient.patientId,
      statuses: [...statuses].sort().join(','),
    };
    const before = decodeCursor(cursor, filters, 'page_token');
    // REQUESTED is HELD to the outside: a filter on HELD includes it.
    const wanted: AppointmentStatus[] = statuses.includes('HELD')
      ? [...statuses, 'REQUESTED']
      : [...statuses];
    const rows = await this.repository.list(patient, wanted, before, pageSize + 1);
    const page = pageOf(rows, pageSize, filters, (a) => a.id);
    return {
      appointments: page.items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  // ---- sweeping (called by the sweeper) -------------------------------------------------------

  /** Expires holds that ran out; their slots are free again at once. Returns how many. */
  async expireHolds(limit: number): Promise<number> {
    const expired = await this.repository.transaction(async (tx) => {
      const ids = await this.repository.lockExpiredHolds(tx, limit);
      for (const id of ids) {
        const next = await this.repository.transition(tx, id, HOLDING_STATUSES, {
          status: 'EXPIRED',
          endedBy: 'PLATFORM',
          releasePending: true,
        });
        if (next) await this.emit(tx, AppointmentExpired, next);
      }
      await this.repository.releaseClaims(tx, ids);
      return ids.length;
    });
    if (expired > 0) this.outbox.notifyCommitted();
    return expired;
  }

  /** Tells hospitals to release holds and bookings that ended on the platform. Returns how many. */
  async releaseAtHospitals(limit: number, leaseMs: number): Promise<number> {
    const due = await this.repository.leaseReleases(limit, leaseMs);
    await Promise.all(due.map((appointment) => this.releaseAtHospital(appointment)));
    return due.length;
  }

  /** Confirms again the appointments whose confirmation call went unanswered. */
  async redriveConfirmations(limit: number, staleMs: number): Promise<number> {
    const stuck = await this.repository.leaseStuckConfirmations(limit, staleMs);
    await Promise.all(
      stuck.map((appointment) =>
        this.confirmAtHospital(appointment.id).catch((error: unknown) => {
          this.logger.warn(
            { appointmentId: appointment.id },
            `confirmation retry failed: ${String(error)}`,
          );
        }),
      ),
    );
    return stuck.length;
  }

  // ---- steps ----------------------------------------------------------------------------------

  /**
   * The platform side of a hold, in one transaction: the idempotency key, the slot's row lock, the
   * claim (an expired claim is expired on the spot) and the REQUESTED appointment. A repeat of the
   * same key returns the appointment it created, whatever its state.
   */
  private async claim(
    key: string,
    operation: string,
    requestHash: string,
    command: HoldCommand,
  ): Promise<Appointment> {
    const attempt = () =>
      this.repository.transaction(async (tx) => {
        const prior = await this.repository.findIdempotencyKey(tx, key);
        if (prior) {
          if (prior.operation !== operation || prior.requestHash !== requestHash)
            throw idempotencyKeyReused();
          const existing = await this.repository.find(prior.resourceId, tx);
          if (!existing) throw appointmentNotFound(prior.resourceId);
          return existing;
        }
        // Most losers of a race see the winner's claim without queueing for the row lock.
        const glance = await this.repository.peekClaim(tx, command.slotId);
        if (
          glance &&
          glance.claimAppointmentId &&
          (glance.claimExpiresAt === null || glance.claimExpiresAt > new Date())
        ) {
          holdConflicts.inc();
          throw slotTaken(command.slotId);
        }
        const slot = await this.repository.lockSlot(tx, command.slotId);
        if (!slot) throw slotNotFound(command.slotId);
        const now = new Date();
        if (
          slot.claimAppointmentId &&
          (slot.claimExpiresAt === null || slot.claimExpiresAt > now)
        ) {
          holdConflicts.inc();
          throw slotTaken(slot.id);
        }
        if (slot.sessionStatus !== 'OPEN')
          throw slotUnavailable(slot.id, `the session is ${slot.sessionStatus.toLowerCase()}`);
        if (slot.hospitalStatus !== 'AVAILABLE') {
          holdConflicts.inc();
          throw slotTaken(slot.id);
        }
        if (slot.startTime <= now) throw slotUnavailable(slot.id, 'it has started');
        if (slot.claimAppointmentId) {
          // The previous hold ran out and the sweeper has not come by yet: expire it here.
          const lapsed = await this.repository.transition(
            tx,
            slot.claimAppointmentId,
            HOLDING_STATUSES,
            {
              status: 'EXPIRED',
              endedBy: 'PLATFORM',
              releasePending: true,
            },
          );
          if (lapsed) await this.emit(tx, AppointmentExpired, lapsed);
        }
        const id = uuidv7();
        const holdExpiresAt = new Date(now.getTime() + this.options.holdMs);
        await this.repository.insert(tx, {
          id,
          patient: command.patient,
          hospitalId: slot.hospitalId,
          slotId: slot.id,
          sessionId: slot.sessionId,
          departmentCode: slot.departmentCode,
          doctorCode: slot.doctorCode,
          visitType: slot.visitType,
          startTime: slot.startTime,
          endTime: slot.endTime,
          status: 'REQUESTED',
          visitor: command.visitor,
          holdCode: null,
          holdExpiresAt,
          feeFen: slot.feeFen,
          insuranceCoveredFen: 0,
          patientPayableFen: slot.feeFen,
          quoteId: '',
          certificateId: command.certificateId,
          paymentIntentId: '',
          settlementId: '',
          hospitalAppointmentCode: '',
          queueNumber: 0,
          visitInstructions: '',
          failureCode: '',
          endedBy: '',
          cancelReason: '',
          consultationId: command.consultationId,
          releasePending: false,
          version: 1,
        });
        await this.repository.claimSlot(tx, slot.id, id, holdExpiresAt);
        await this.repository.saveIdempotencyKey(tx, key, {
          operation,
          requestHash,
          resourceId: id,
        });
        transitions.inc({ to: 'REQUESTED' });
        const created = await this.repository.find(id, tx);
        if (!created) throw appointmentNotFound(id);
        return created;
      });
    try {
      return await attempt();
    } catch (error) {
      // The same key raced itself: the loser's second look finds the winner's appointment.
      if (isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  /**
   * REQUESTED → HELD by holding the slot at the hospital (idempotent by a key derived from the
   * appointment, so a repeat after a crash or a lost answer gets the same hold). Other states are
   * returned as they are; a FAILED one repeats its failure.
   */
  private async completeHold(appointment: Appointment): Promise<Appointment> {
    if (appointment.status === 'FAILED') throw failureOf(appointment.id, appointment.failureCode);
    if (appointment.status !== 'REQUESTED') return appointment;
    let response: hospitalV1.HoldSlotResponse;
    try {
      response = await this.link.holdSlot(
        { code: appointment.hospitalCode },
        {
          idempotencyKey: `hold:${appointment.id}`,
          appointmentId: appointment.id,
          sessionCode: appointment.sessionCode,
          slotCode: appointment.slotCode,
          patient: toPersonIdentity(appointment.visitor),
          // Asked for as it was first recorded, so that a repeat is the same command.
          holdUntil: timestampFromDate(appointment.holdExpiresAt ?? new Date()),
        },
      );
    } catch (error) {
      if (!(error instanceof HospitalLinkError)) throw error;
      throw await this.holdFailed(appointment, error);
    }
    const hospitalExpiry =
      (response.holdExpiresAt && dateFromTimestamp(response.holdExpiresAt)) ?? new Date();
    const holdExpiresAt = new Date(
      Math.min(hospitalExpiry.getTime(), (appointment.holdExpiresAt ?? hospitalExpiry).getTime()),
    );
    const fee = Number(response.fee?.amountFen ?? NaN);
    if (fee !== appointment.feeFen) {
      // The hospital charges something else than it published: refuse, and let it go of the hold.
      const failed = await this.repository.transaction(async (tx) => {
        const next = await this.repository.transition(tx, appointment.id, ['REQUESTED'], {
          status: 'FAILED',
          holdCode: response.holdCode,
          failureCode: AppointmentErrorCode.feeChanged,
          endedBy: 'PLATFORM',
          releasePending: true,
        });
        if (next) {
          await this.repository.releaseClaims(tx, [next.id]);
          await this.emit(tx, AppointmentFailed, next);
        }
        return next;
      });
      this.outbox.notifyCommitted();
      throw failureOf(
        failed?.id ?? appointment.id,
        AppointmentErrorCode.feeChanged,
        `the hospital charges ${fee} fen, the schedule said ${appointment.feeFen}`,
      );
    }
    const held = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, appointment.id, ['REQUESTED'], {
        status: 'HELD',
        holdCode: response.holdCode,
        holdExpiresAt,
      });
      if (next) {
        await this.repository.extendClaim(tx, next.id, holdExpiresAt);
        await this.emit(tx, AppointmentHeld, next);
      }
      return next;
    });
    this.outbox.notifyCommitted();
    // Another actor moved it first (a concurrent repeat, or the sweeper expired it): its state wins.
    const result = held ?? (await this.repository.find(appointment.id)) ?? appointment;
    if (result.status === 'FAILED') throw failureOf(result.id, result.failureCode);
    return result;
  }

  /** Records why the hospital did not hold the slot, frees it, and returns the error to answer with. */
  private async holdFailed(
    appointment: Appointment,
    error: HospitalLinkError,
  ): Promise<DomainError> {
    const refusedAsTaken =
      error.kind === 'refused' &&
      (error.reason === 'SLOT_TAKEN' || error.reason === 'SESSION_SUSPENDED');
    const failureCode = refusedAsTaken
      ? AppointmentErrorCode.slotTaken
      : error.kind === 'refused'
        ? AppointmentErrorCode.hospitalRejected
        : error.kind === 'timeout'
          ? AppointmentErrorCode.hospitalTimeout
          : AppointmentErrorCode.hospitalUnavailable;
    await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, appointment.id, ['REQUESTED'], {
        status: 'FAILED',
        failureCode,
        endedBy: 'PLATFORM',
        // A call that went unanswered may have left a hold behind.
        releasePending: error.ambiguous,
      });
      if (!next) return;
      await this.repository.releaseClaims(tx, [next.id]);
      if (refusedAsTaken) {
        // Taken at the hospital through another channel: stop offering it until the next pull.
        await this.repository.setHospitalSlotStatus(tx, next.slotId, 'BOOKED', new Date());
      }
      await this.emit(tx, AppointmentFailed, next);
    });
    this.outbox.notifyCommitted();
    if (error.kind === 'refused') return failureOf(appointment.id, failureCode, error.reason ?? '');
    return linkFailureToDomainError(error);
  }

  private async fail(
    id: string,
    from: readonly AppointmentStatus[],
    failureCode: string,
    releasePending: boolean,
  ): Promise<Appointment | undefined> {
    const failed = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, id, from, {
        status: 'FAILED',
        failureCode,
        endedBy: 'PLATFORM',
        releasePending,
      });
      if (next) {
        await this.repository.releaseClaims(tx, [id]);
        await this.emit(tx, AppointmentFailed, next);
      }
      return next;
    });
    this.outbox.notifyCommitted();
    return failed;
  }

  /** Ends a hold on the platform at once; the hospital is told by the release step. */
  private async endHold(
    appointment: Appointment,
    status: 'CANCELLED',
    endedBy: 'PATIENT' | 'PLATFORM',
    reason: string,
    key: string,
    requestHash: string,
  ): Promise<Appointment> {
    const ended = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, appointment.id, HOLDING_STATUSES, {
        status,
        endedBy,
        cancelReason: reason,
        releasePending: true,
      });
      if (next) {
        await this.repository.releaseClaims(tx, [next.id]);
        await this.emit(tx, AppointmentCancelled, next);
      }
      await this.rememberCancel(tx, key, requestHash, appointment.id);
      return next;
    });
    this.outbox.notifyCommitted();
    const result = ended ?? (await this.repository.find(appointment.id)) ?? appointment;
    if (ended) void this.releaseAtHospital(result);
    return result;
  }

  /** A confirmed visit is cancelled at the hospital first: it may refuse (past its cutoff). */
  private async cancelConfirmed(
    appointment: Appointment,
    reason: string,
    key: string,
    requestHash: string,
  ): Promise<Appointment> {
    let cancelledAt: Date;
    try {
      const response = await this.link.cancelAppointment(
        { code: appointment.hospitalCode },
        {
          idempotencyKey: `cancel:${appointment.id}`,
          appointmentId: appointment.id,
          holdCode: appointment.holdCode ?? '',
          hospitalAppointmentCode: appointment.hospitalAppointmentCode,
          reason,
        },
      );
      cancelledAt = (response.cancelledAt && dateFromTimestamp(response.cancelledAt)) ?? new Date();
    } catch (error) {
      if (!(error instanceof HospitalLinkError)) throw error;
      if (error.kind === 'refused' && error.reason === 'PAST_CANCELLATION_CUTOFF') {
        throw new DomainError(
          'FAILED_PRECONDITION',
          AppointmentErrorCode.pastCancellationCutoff,
          'The hospital no longer accepts cancellations for this visit',
          {
            metadata: { appointmentId: appointment.id },
          },
        );
      }
      if (error.kind === 'refused')
        throw failureOf(appointment.id, AppointmentErrorCode.hospitalRejected, error.reason ?? '');
      throw linkFailureToDomainError(error);
    }
    const cancelled = await this.repository.transaction(async (tx) => {
      const next = await this.repository.transition(tx, appointment.id, ['CONFIRMED'], {
        status: 'CANCELLED',
        endedBy: 'PATIENT',
        cancelReason: reason,
      });
      if (next) {
        await this.repository.releaseClaims(tx, [next.id]);
        await this.repository.setHospitalSlotStatus(tx, next.slotId, 'AVAILABLE', cancelledAt);
        await this.emit(tx, AppointmentCancelled, next);
      }
      await this.rememberCancel(tx, key, requestHash, appointment.id);
      return next;
    });
    this.outbox.notifyCommitted();
    return cancelled ?? (await this.repository.find(appointment.id)) ?? appointment;
  }

  private async rememberCancel(
    tx: AppointmentsTx,
    key: string,
    requestHash: string,
    id: string,
  ): Promise<void> {
    const prior = await this.repository.findIdempotencyKey(tx, key);
    if (!prior)
      await this.repository.saveIdempotencyKey(tx, key, {
        operation: 'CancelAppointment',
        requestHash,
        resourceId: id,
      });
  }

  /**
   * Tells the hospital to let go of a hold or booking that ended on the platform. Retried with
   * back-off until the hospital confirms; NOT_FOUND means it holds nothing, which is as good.
   */
  private async releaseAtHospital(appointment: Appointment): Promise<void> {
    try {
      const response = await this.link.cancelAppointment(
        { code: appointment.hospitalCode },
        {
          idempotencyKey: `release:${appointment.id}`,
          appointmentId: appointment.id,
          holdCode: appointment.holdCode ?? '',
          hospitalAppointmentCode: appointment.hospitalAppointmentCode,
          reason: appointment.status.toLowerCase(),
        },
      );
      const at = (response.cancelledAt && dateFromTimestamp(response.cancelledAt)) ?? new Date();
      await this.repository.transaction(async (tx) => {
        const slot = await this.repository.lockSlot(tx, appointment.slotId);
        if (slot && slot.claimAppointmentId === null) {
          await this.repository.setHospitalSlotStatus(tx, appointment.slotId, 'AVAILABLE', at);
        }
      });
      await this.repository.releaseDone(appointment.id);
    } catch (error) {
      if (
        error instanceof HospitalLinkError &&
        error.kind === 'refused' &&
        error.grpcCode === GrpcStatus.NOT_FOUND
      ) {
        await this.repository.releaseDone(appointment.id);
        return;
      }
      await this.repository.releaseFailed(appointment.id, RELEASE_RETRY_MS);
      this.logger.warn(
        { appointmentId: appointment.id },
        `release at the hospital failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async emit(
    tx: AppointmentsTx,
    definition: EventDefinition,
    appointment: Appointment,
  ): Promise<void> {
    transitions.inc({ to: appointment.status });
    await this.outbox.append(tx, definition, toSnapshot(appointment, new Date()), {
      key: appointment.id,
      subject: appointment.id,
    });
  }

  /** Idempotency keys are per patient: two patients may pick the same key. */
  private scopedKey(patient: PatientRef, key: string): string {
    return `appointments:${createHash('sha256').update(`${patient.partnerId}\u0000${patient.patientId}\u0000${key}`).digest('hex')}`;
  }
}

function toPersonIdentity(visitor: Visitor): hospitalV1.HoldSlotRequest['patient'] {
  return {
    name: visitor.name,
    documentType: visitor.documentType,
    documentNumber: visitor.documentNumber,
    sex: visitor.sex,
    birthDate: visitor.birthDate,
    phone: visitor.phone,
  };
}
