import { Inject, Injectable } from '@nestjs/common';
import { commonV1, dateFromTimestamp, timestampFromDate } from '@meridian/proto';

import { PrismaClient } from '../generated/prisma/client';
import { HospitalLinkClient } from '../link/hospital-link.client';
import { HospitalLinkError } from '../link/hospital-link.errors';
import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import { StepError } from './booking-ports';
import type { HospitalPort } from './booking-ports';
import type { BookingSaga, Confirmation, HoldResult, PriceSplit, SagaEnding } from './booking-saga';

interface SlotRow {
  readonly hospitalId: string;
  readonly hospitalCode: string;
  readonly regionCode: string;
  readonly sessionCode: string;
  readonly slotCode: string;
  readonly startTime: Date;
  readonly feeFen: bigint;
}

// Refusals that mean "nothing is held or booked there": a cancellation has nothing left to do.
const NOTHING_THERE = new Set(['UNKNOWN_HOLD', 'UNKNOWN_APPOINTMENT', 'HOLD_EXPIRED']);

function stepErrorOf(error: unknown, step: string): StepError {
  if (error instanceof StepError) return error;
  if (error instanceof HospitalLinkError) {
    if (error.kind === 'refused' || error.kind === 'not-configured') {
      const reason = error.reason ?? error.kind.toUpperCase();
      // A taken slot is the one refusal patients see often; give it the platform's own code.
      const code = step === 'hold' && reason === 'SLOT_TAKEN' ? 'APPOINTMENT.SLOT_TAKEN' : reason;
      return new StepError('refused', code, error.message);
    }
    return new StepError(
      'retryable',
      `HOSPITAL.${error.kind.toUpperCase().replace('-', '_')}`,
      error.message,
    );
  }
  return new StepError(
    'retryable',
    'HOSPITAL.ERROR',
    error instanceof Error ? error.message : String(error),
  );
}

function documentTypeOf(name: string): commonV1.IdentityDocumentType {
  const known = Object.values(commonV1.IdentityDocumentType).find(
    (value: string) => value === name,
  );
  return known ?? commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_UNSPECIFIED;
}

function sexOf(name: string): commonV1.Sex {
  return (
    Object.values(commonV1.Sex).find((value: string) => value === name) ??
    commonV1.Sex.SEX_UNSPECIFIED
  );
}

const cny = (fen: string): commonV1.Money => ({ amountFen: fen, currency: 'CNY' });

/**
 * The saga's hospital steps over HospitalLink (with its per-hospital bulkhead and circuit breaker).
 * Slots are read from the platform's schedule tables. The appointment record of the hold → confirm
 * lifecycle is not written from here: the booking keeps its own state, which `Bookings` serves.
 */
@Injectable()
export class LinkHospitalPort implements HospitalPort {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly link: HospitalLinkClient,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
  ) {}

  async findSlot(slotId: string): Promise<{ hospitalId: string } | undefined> {
    const slot = await this.slot(slotId);
    return slot ? { hospitalId: slot.hospitalId } : undefined;
  }

  private async slot(slotId: string): Promise<SlotRow | undefined> {
    const rows = await this.prisma.$queryRaw<SlotRow[]>`
      SELECT h.id AS "hospitalId", h.code AS "hospitalCode", h.region_code AS "regionCode",
             s.session_code AS "sessionCode", sl.slot_code AS "slotCode", sl.start_time AS "startTime",
             s.fee_fen AS "feeFen"
      FROM schedule_slots sl
      JOIN schedule_sessions s ON s.id = sl.session_id
      JOIN hospitals h ON h.id = sl.hospital_id
      WHERE sl.id = ${slotId}::uuid`;
    return rows[0];
  }

  private async requireSlot(saga: BookingSaga): Promise<SlotRow> {
    const slot = await this.slot(saga.request.slotId);
    if (!slot)
      throw new StepError(
        'refused',
        'APPOINTMENT.SLOT_NOT_FOUND',
        `Slot ${saga.request.slotId} is gone`,
      );
    return slot;
  }

  async hold(saga: BookingSaga, idempotencyKey: string): Promise<HoldResult> {
    const slot = await this.requireSlot(saga);
    const visitor = saga.request.visitor;
    try {
      const response = await this.link.holdSlot(
        { code: slot.hospitalCode },
        {
          idempotencyKey,
          appointmentId: saga.appointmentId,
          sessionCode: slot.sessionCode,
          slotCode: slot.slotCode,
          patient: {
            name: visitor.name,
            documentType: documentTypeOf(visitor.documentType),
            documentNumber: visitor.documentNumber,
            sex: sexOf(visitor.sex),
            birthDate: visitor.birthDate,
            phone: visitor.phone,
          },
          holdUntil: timestampFromDate(
            new Date(
              Date.now() +
                this.config.BOOKING_MAX_PAYMENT_WINDOW_MS +
                this.config.BOOKING_HOLD_SAFETY_MARGIN_MS,
            ),
          ),
        },
      );
      const expiresAt = dateFromTimestamp(response.holdExpiresAt);
      if (!expiresAt)
        throw new StepError(
          'retryable',
          'HOSPITAL.BAD_ANSWER',
          'HoldSlot answered without hold_expires_at',
        );
      return {
        holdCode: response.holdCode,
        holdExpiresAt: expiresAt.toISOString(),
        // The hospital's fee for the hold is what the patient and insurance pay.
        feeFen: response.fee?.amountFen ?? slot.feeFen.toString(),
        hospitalId: slot.hospitalId,
        hospitalRegionCode: slot.regionCode,
        startTime: slot.startTime.toISOString(),
      };
    } catch (error) {
      throw stepErrorOf(error, 'hold');
    }
  }

  awaitPayment(_saga: BookingSaga, _price: PriceSplit): Promise<void> {
    return Promise.resolve();
  }

  async confirm(saga: BookingSaga, idempotencyKey: string): Promise<Confirmation> {
    const slot = await this.requireSlot(saga);
    const { hold, price, payment } = saga.results;
    if (!hold || !price) throw new StepError('refused', 'BOOKING.NOT_HELD', 'Nothing to confirm');
    try {
      const response = await this.link.confirmAppointment(
        { code: slot.hospitalCode },
        {
          idempotencyKey,
          appointmentId: saga.appointmentId,
          holdCode: hold.holdCode,
          patientPaid: cny(price.payableFen),
          insuranceCovered: cny(price.coveredFen),
          paymentReference: payment?.paymentIntentId ?? '',
        },
      );
      return {
        hospitalAppointmentCode: response.hospitalAppointmentCode,
        queueNumber: response.queueNumber,
        visitInstructions: response.visitInstructions,
      };
    } catch (error) {
      throw stepErrorOf(error, 'confirm');
    }
  }

  async cancel(saga: BookingSaga, idempotencyKey: string, reason: string): Promise<void> {
    const slot = await this.requireSlot(saga);
    try {
      await this.link.cancelAppointment(
        { code: slot.hospitalCode },
        {
          idempotencyKey,
          appointmentId: saga.appointmentId,
          holdCode: saga.results.confirmation ? '' : (saga.results.hold?.holdCode ?? ''),
          hospitalAppointmentCode: saga.results.confirmation?.hospitalAppointmentCode ?? '',
          reason: reason.slice(0, 500),
        },
      );
    } catch (error) {
      const failure = stepErrorOf(error, 'cancel');
      if (failure.kind === 'refused' && NOTHING_THERE.has(failure.code)) return;
      throw failure;
    }
  }

  markConfirmed(_saga: BookingSaga): Promise<void> {
    return Promise.resolve();
  }

  markEnded(_saga: BookingSaga, _ending: SagaEnding): Promise<void> {
    return Promise.resolve();
  }
}
