import { createHash } from 'node:crypto';

import type { SimulatedHospital } from '../registration/simulated-hospitals';
import { refuse } from './link.errors';
import { findSession, sessionsBetween } from './simulated-schedule';
import type { SimSession, SimSlot } from './simulated-schedule';

export type SimSlotStatus = 'AVAILABLE' | 'HELD' | 'BOOKED' | 'CLOSED';
export type SimSessionStatus = 'OPEN' | 'SUSPENDED' | 'CLOSED';

export interface SlotView extends SimSlot {
  readonly status: SimSlotStatus;
}

export interface SessionView extends Omit<SimSession, 'slots'> {
  readonly status: SimSessionStatus;
  readonly statusReason: string;
  readonly slots: readonly SlotView[];
}

export interface HoldCommand {
  readonly idempotencyKey: string;
  readonly appointmentId: string;
  readonly sessionCode: string;
  readonly slotCode: string;
  readonly patientName: string;
  readonly holdUntil: Date;
}

export interface HoldResult {
  readonly holdCode: string;
  readonly holdExpiresAt: Date;
  readonly feeFen: number;
}

export interface ConfirmCommand {
  readonly idempotencyKey: string;
  readonly appointmentId: string;
  readonly holdCode: string;
  readonly patientPaidFen: number;
  readonly insuranceCoveredFen: number;
  readonly paymentReference: string;
}

export interface ConfirmResult {
  readonly hospitalAppointmentCode: string;
  readonly queueNumber: number;
  readonly visitInstructions: string;
  readonly confirmedAt: Date;
}

export interface CancelCommand {
  readonly idempotencyKey: string;
  readonly appointmentId: string;
  readonly holdCode: string;
  readonly hospitalAppointmentCode: string;
  readonly reason: string;
}

interface Registration {
  readonly appointmentId: string;
  readonly holdCode: string;
  readonly sessionCode: string;
  readonly slotCode: string;
  readonly feeFen: number;
  readonly queueNumber: number;
  readonly startTime: Date;
  holdExpiresAt: Date;
  state: 'held' | 'booked' | 'cancelled';
  hospitalAppointmentCode?: string;
  confirmed?: ConfirmResult;
  cancelledAt?: Date;
}

interface Remembered {
  readonly fingerprint: string;
  readonly outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/** A registration can be cancelled until the session starts. */
const CANCELLATION_CUTOFF_MS = 0;

/**
 * The appointment book of one simulated hospital: its generated schedule plus the holds and
 * bookings made through HospitalLink. Commands are idempotent by key (a repeat returns the first
 * outcome, refusals included; the same key with a different command is refused). Kept in memory:
 * a restarted simulator starts with an empty book, as after a HIS failover without replication.
 */
export class HospitalBook {
  private readonly bySlot = new Map<string, Registration>();
  private readonly byHold = new Map<string, Registration>();
  private readonly byAppointment = new Map<string, Registration>();
  private readonly byVisit = new Map<string, Registration>();
  private readonly remembered = new Map<string, Remembered>();
  private sequence = 0;

  constructor(
    readonly hospital: SimulatedHospital,
    private readonly maxHoldMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  schedule(from: Date, to: Date): SessionView[] {
    return sessionsBetween(this.hospital, from, to).map((session) => this.view(session));
  }

  hold(command: HoldCommand): HoldResult {
    return this.once(command.idempotencyKey, 'hold', command, () => this.doHold(command));
  }

  confirm(command: ConfirmCommand, refuseConfirm: boolean): ConfirmResult {
    return this.once(command.idempotencyKey, 'confirm', command, () =>
      this.doConfirm(command, refuseConfirm),
    );
  }

  cancel(command: CancelCommand): Date {
    return this.once(command.idempotencyKey, 'cancel', command, () => this.doCancel(command));
  }

  private doHold(command: HoldCommand): HoldResult {
    const now = this.now();
    const session = findSession(this.hospital, command.sessionCode);
    if (!session) throw refuse.notFound('UNKNOWN_SESSION', `No session ${command.sessionCode}`);
    const slot = session.slots.find((s) => s.slotCode === command.slotCode);
    if (!slot) throw refuse.notFound('UNKNOWN_SLOT', `No slot ${command.slotCode}`);
    const status = this.sessionStatus(session);
    if (status === 'SUSPENDED') {
      throw refuse.precondition('SESSION_SUSPENDED', `Session ${session.sessionCode} is suspended`);
    }
    if (status === 'CLOSED' || slot.startTime <= now) {
      throw refuse.precondition('SLOT_TAKEN', `Slot ${slot.slotCode} is closed for booking`);
    }
    if (command.holdUntil <= now) throw refuse.invalid('hold_until must be in the future');
    const existing = this.byAppointment.get(command.appointmentId);
    if (existing && existing.state !== 'cancelled') {
      // The same appointment asking again under another key: the hold it already has.
      if (existing.slotCode === slot.slotCode && existing.holdExpiresAt > now) {
        return {
          holdCode: existing.holdCode,
          holdExpiresAt: existing.holdExpiresAt,
          feeFen: existing.feeFen,
        };
      }
    }
    if (slot.takenElsewhere || this.occupant(slot.slotCode, now)) {
      throw refuse.precondition('SLOT_TAKEN', `Slot ${slot.slotCode} is already taken`, {
        slotCode: slot.slotCode,
      });
    }
    this.sequence += 1;
    const holdCode = `H${this.hospital.code}-${String(this.sequence).padStart(6, '0')}`;
    const holdExpiresAt = new Date(
      Math.min(command.holdUntil.getTime(), now.getTime() + this.maxHoldMs),
    );
    const registration: Registration = {
      appointmentId: command.appointmentId,
      holdCode,
      sessionCode: session.sessionCode,
      slotCode: slot.slotCode,
      feeFen: session.feeFen,
      queueNumber: session.slots.indexOf(slot) + 1,
      startTime: slot.startTime,
      holdExpiresAt,
      state: 'held',
    };
    this.bySlot.set(slot.slotCode, registration);
    this.byHold.set(holdCode, registration);
    this.byAppointment.set(command.appointmentId, registration);
    return { holdCode, holdExpiresAt, feeFen: session.feeFen };
  }

  private doConfirm(command: ConfirmCommand, refuseConfirm: boolean): ConfirmResult {
    const now = this.now();
    const registration = this.byHold.get(command.holdCode);
    if (!registration || registration.appointmentId !== command.appointmentId) {
      throw refuse.notFound('UNKNOWN_HOLD', `No hold ${command.holdCode} for this appointment`);
    }
    if (registration.state === 'booked' && registration.confirmed) return registration.confirmed;
    if (registration.state === 'cancelled' || registration.holdExpiresAt <= now) {
      throw refuse.precondition('HOLD_EXPIRED', `Hold ${command.holdCode} is no longer valid`);
    }
    const payAtHospital =
      command.paymentReference === '' &&
      command.patientPaidFen === 0 &&
      command.insuranceCoveredFen === 0;
    if (
      !payAtHospital &&
      command.patientPaidFen + command.insuranceCoveredFen !== registration.feeFen
    ) {
      throw refuse.precondition(
        'FEE_MISMATCH',
        `Paid ${command.patientPaidFen} + covered ${command.insuranceCoveredFen} fen does not equal the fee of ${registration.feeFen} fen`,
      );
    }
    if (refuseConfirm) {
      throw refuse.precondition('PATIENT_BLOCKED', 'The hospital refuses this registration');
    }
    const day = registration.sessionCode.slice(0, 8);
    const code = `V${day}${this.hospital.code.replace(/[^A-Z0-9]/g, '')}${String(this.sequence).padStart(6, '0')}`;
    this.sequence += 1;
    const confirmed: ConfirmResult = {
      hospitalAppointmentCode: code,
      queueNumber: registration.queueNumber,
      visitInstructions: `${this.hospital.name} 门诊楼, 请于就诊前 30 分钟到自助机签到`,
      confirmedAt: now,
    };
    registration.state = 'booked';
    registration.hospitalAppointmentCode = code;
    registration.confirmed = confirmed;
    this.byVisit.set(code, registration);
    return confirmed;
  }

  private doCancel(command: CancelCommand): Date {
    const now = this.now();
    const registration =
      (command.hospitalAppointmentCode && this.byVisit.get(command.hospitalAppointmentCode)) ||
      (command.holdCode && this.byHold.get(command.holdCode)) ||
      this.byAppointment.get(command.appointmentId);
    if (!registration || registration.appointmentId !== command.appointmentId) {
      throw refuse.notFound('UNKNOWN_APPOINTMENT', 'No hold or appointment to cancel');
    }
    if (registration.state === 'cancelled' && registration.cancelledAt) {
      return registration.cancelledAt;
    }
    if (
      registration.state === 'booked' &&
      registration.startTime.getTime() - CANCELLATION_CUTOFF_MS <= now.getTime()
    ) {
      throw refuse.precondition(
        'PAST_CANCELLATION_CUTOFF',
        'The visit has started; it can no longer be cancelled',
      );
    }
    registration.state = 'cancelled';
    registration.cancelledAt = now;
    if (this.bySlot.get(registration.slotCode) === registration) {
      this.bySlot.delete(registration.slotCode);
    }
    return now;
  }

  /** The registration currently occupying a slot (a live hold or a booking). */
  private occupant(slotCode: string, now: Date): Registration | undefined {
    const registration = this.bySlot.get(slotCode);
    if (!registration) return undefined;
    if (registration.state === 'booked') return registration;
    if (registration.state === 'held' && registration.holdExpiresAt > now) return registration;
    return undefined;
  }

  private sessionStatus(session: SimSession): SimSessionStatus {
    if (session.suspended) return 'SUSPENDED';
    return session.startTime <= this.now() ? 'CLOSED' : 'OPEN';
  }

  private view(session: SimSession): SessionView {
    const now = this.now();
    const status = this.sessionStatus(session);
    return {
      ...session,
      status,
      statusReason: status === 'SUSPENDED' ? '医生停诊' : '',
      slots: session.slots.map((slot) => {
        const occupant = this.occupant(slot.slotCode, now);
        const slotStatus: SimSlotStatus =
          status !== 'OPEN' || slot.startTime <= now
            ? 'CLOSED'
            : slot.takenElsewhere || occupant?.state === 'booked'
              ? 'BOOKED'
              : occupant
                ? 'HELD'
                : 'AVAILABLE';
        return { ...slot, status: slotStatus };
      }),
    };
  }

  private once<T>(key: string, operation: string, command: object, run: () => T): T {
    const fingerprint = createHash('sha256')
      .update(operation)
      .update(JSON.stringify(command, (k, v: unknown) => (k === 'idempotencyKey' ? undefined : v)))
      .digest('hex');
    const prior = this.remembered.get(key);
    if (prior) {
      if (prior.fingerprint !== fingerprint) {
        throw refuse.invalid(
          'idempotency_key was already used for a different request',
          'IDEMPOTENCY_KEY_REUSED',
        );
      }
      if (prior.outcome.ok) return prior.outcome.value as T;
      throw prior.outcome.error;
    }
    try {
      const value = run();
      this.remembered.set(key, { fingerprint, outcome: { ok: true, value } });
      return value;
    } catch (error) {
      this.remembered.set(key, { fingerprint, outcome: { ok: false, error } });
      throw error;
    }
  }
}
