import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { uuidv7 } from '@meridian/platform';

import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import {
  bookingNotFound,
  cancellationRefused,
  cannotCancel,
  concurrentRequest,
  idempotencyKeyReused,
  slotNotFound,
} from './booking.errors';
import { HOSPITAL_PORT } from './booking-ports';
import type { HospitalPort } from './booking-ports';
import { BookingRepository, isUniqueViolation } from './booking.repository';
import type { BookingTx } from './booking.repository';
import { BookingRunner } from './booking-runner';
import { isTerminal } from './booking-saga';
import type { BookingRequest, BookingSaga, PatientRef } from './booking-saga';

const Operation = { start: 'StartBooking', cancel: 'CancelBooking' } as const;

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Where a booking request can answer: the patient can pay, or the saga went past that point. */
function readyToAnswer(saga: BookingSaga): boolean {
  return saga.status !== 'RUNNING' || ['CONFIRM', 'SETTLE', 'FINISH'].includes(saga.step);
}

/** Starts, follows and cancels bookings; the runner does the work. */
@Injectable()
export class BookingService {
  private readonly logger = new Logger(BookingService.name);

  constructor(
    private readonly repository: BookingRepository,
    private readonly runner: BookingRunner,
    @Inject(HOSPITAL_PORT) private readonly hospital: HospitalPort,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
  ) {}

  /** Starts a booking (once per partner and idempotency key) and waits until the patient can pay. */
  async start(
    idempotencyKey: string,
    request: Omit<BookingRequest, 'hospitalId'>,
  ): Promise<BookingSaga> {
    const slot = await this.hospital.findSlot(request.slotId);
    if (!slot) throw slotNotFound(request.slotId);
    const full: BookingRequest = { ...request, hospitalId: slot.hospitalId };
    const id = await this.idempotent(
      `${request.patient.partnerId}:${idempotencyKey}`,
      Operation.start,
      hashOf(request),
      async (tx) => {
        const now = new Date();
        const saga: BookingSaga = {
          id: uuidv7(),
          appointmentId: uuidv7(),
          request: full,
          status: 'RUNNING',
          step: 'HOLD',
          attempts: 0,
          nextRunAt: now,
          lastError: '',
          results: {},
          pendingCompensations: [],
          ending: null,
          cancel: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        await this.repository.insert(tx, saga);
        this.logger.log(
          { bookingId: saga.id, appointmentId: saga.appointmentId, slotId: request.slotId },
          'booking started',
        );
        return saga.id;
      },
    );
    const saga = await this.runner.drive(id, readyToAnswer, this.config.BOOKING_REQUEST_WAIT_MS);
    if (!saga) throw bookingNotFound(id);
    return saga;
  }

  async get(idOrAppointmentId: string, patient: PatientRef): Promise<BookingSaga> {
    const saga =
      (await this.repository.find(idOrAppointmentId)) ??
      (await this.repository.findByAppointment(idOrAppointmentId));
    // Another patient's booking reads as missing, so ids cannot be probed across patients.
    if (
      !saga ||
      saga.request.patient.partnerId !== patient.partnerId ||
      saga.request.patient.patientId !== patient.patientId
    ) {
      throw bookingNotFound(idOrAppointmentId);
    }
    return saga;
  }

  /**
   * Cancels a booking for the patient and waits for the compensations. A booking that already ended
   * cancelled is returned as it is; one that failed or expired has nothing to cancel.
   */
  async cancel(
    idempotencyKey: string,
    idOrAppointmentId: string,
    patient: PatientRef,
    reason: string,
  ): Promise<BookingSaga> {
    const saga = await this.get(idOrAppointmentId, patient);
    await this.idempotent(
      `${patient.partnerId}:${idempotencyKey}`,
      Operation.cancel,
      hashOf({ id: saga.id, reason }),
      async (tx) => {
        const current = await this.repository.find(saga.id, tx);
        if (!current) throw bookingNotFound(saga.id);
        if (current.status === 'FAILED' || current.status === 'EXPIRED')
          throw cannotCancel(saga.id, current.status);
        if (current.status !== 'CANCELLED' && current.ending?.status !== 'CANCELLED') {
          await this.repository.requestCancel(tx, saga.id, {
            reason,
            requestedAt: new Date().toISOString(),
          });
        }
        return saga.id;
      },
    );
    const after = await this.runner.drive(
      saga.id,
      (s) =>
        isTerminal(s.status) &&
        (s.status !== 'CONFIRMED' || s.results.cancelRejection !== undefined),
      this.config.BOOKING_REQUEST_WAIT_MS,
    );
    if (!after) throw bookingNotFound(saga.id);
    if (after.status === 'CONFIRMED' && after.results.cancelRejection) {
      throw cancellationRefused(saga.id, after.results.cancelRejection);
    }
    return after;
  }

  private async idempotent(
    key: string,
    operation: string,
    requestHash: string,
    work: (tx: BookingTx) => Promise<string>,
  ): Promise<string> {
    const attempt = () =>
      this.repository.transaction(async (tx) => {
        const prior = await this.repository.findIdempotencyKey(tx, key);
        if (prior) {
          if (prior.operation !== operation || prior.requestHash !== requestHash)
            throw idempotencyKeyReused();
          return prior.resourceId;
        }
        const resourceId = await work(tx);
        await this.repository.saveIdempotencyKey(tx, key, { operation, requestHash, resourceId });
        return resourceId;
      });
    try {
      return await attempt();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      try {
        return await attempt();
      } catch (retryError) {
        if (isUniqueViolation(retryError)) throw concurrentRequest();
        throw retryError;
      }
    }
  }
}
