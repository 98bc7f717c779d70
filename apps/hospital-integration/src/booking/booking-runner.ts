import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxWriter, counter, histogram, uuidv7 } from '@meridian/platform';

import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import { outcomeEventOf, toOutcomeEvent } from './booking-events';
import { BookingRepository } from './booking.repository';
import type { BookingSaga } from './booking-saga';
import { BookingStepper } from './booking-stepper';

const steps = counter(
  'booking_saga_steps_total',
  'Booking saga steps advanced, by step and outcome',
  ['step', 'outcome'],
);
const stepDuration = histogram(
  'booking_saga_step_duration_seconds',
  'Time to advance one saga step',
  ['step'],
);

/**
 * Runs booking sagas. It claims due sagas (FOR UPDATE SKIP LOCKED, under a lease) and advances each
 * one step at a time, saving the saga after every step with a version check, in the same transaction
 * as the outcome event when the step ends the booking. Several replicas share the work; a saga whose
 * runner died is taken over when its lease lapses and resumes at the step that was in progress.
 */
@Injectable()
export class BookingRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BookingRunner.name);
  /** This runner's lease owner id. */
  readonly owner = `${hostname().slice(0, 30)}-${String(process.pid)}-${uuidv7().slice(-12)}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly inFlight = new Map<string, Promise<BookingSaga | undefined>>();

  constructor(
    private readonly repository: BookingRepository,
    private readonly stepper: BookingStepper,
    private readonly outbox: OutboxWriter,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    // Let the steps in progress finish and save, so they are not left to a lease to lapse.
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks for due sagas now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Advances one saga now, for a request that waits for it, until `done` holds, the saga waits for
   * something, or `waitMs` passes. Returns the saga as it then stands.
   */
  async drive(
    id: string,
    done: (saga: BookingSaga) => boolean,
    waitMs: number,
  ): Promise<BookingSaga | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const running = this.inFlight.get(id);
      if (running) await running;
      else {
        const claimed = await this.repository.claim(id, this.owner, this.config.BOOKING_LEASE_MS);
        if (claimed) await this.track(claimed, deadline, done);
      }
      const saga = await this.repository.find(id);
      if (!saga || done(saga) || Date.now() >= deadline) return saga;
      const due = saga.nextRunAt !== null && saga.nextRunAt.getTime() <= Date.now();
      // Not due (waiting for a payment, or a retry later) and not done: answer with where it stands.
      if (!due && !this.inFlight.has(id)) return saga;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.config.BOOKING_CONCURRENCY - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const sagas = await this.repository.claimDue(
            this.owner,
            this.config.BOOKING_LEASE_MS,
            free,
          );
          claimed = sagas.length;
          for (const saga of sagas) void this.track(saga, Number.POSITIVE_INFINITY, () => false);
        } catch (error) {
          this.logger.error(
            { err: error },
            'claiming due booking sagas failed; retrying at the next poll',
          );
        }
      }
      if (claimed > 0 && claimed === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.BOOKING_POLL_INTERVAL_MS);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private track(
    saga: BookingSaga,
    deadline: number,
    done: (saga: BookingSaga) => boolean,
  ): Promise<BookingSaga | undefined> {
    const work = this.advanceLeased(saga, deadline, done).finally(() => {
      this.inFlight.delete(saga.id);
    });
    this.inFlight.set(saga.id, work);
    return work;
  }

  /** Advances a leased saga while it is due, then gives the lease back. */
  private async advanceLeased(
    leased: BookingSaga,
    deadline: number,
    done: (saga: BookingSaga) => boolean,
  ): Promise<BookingSaga | undefined> {
    let saga = leased;
    try {
      while (this.running || deadline !== Number.POSITIVE_INFINITY) {
        if (saga.nextRunAt === null || saga.nextRunAt.getTime() > Date.now()) break;
        const stop = stepDuration.startTimer({ step: saga.step });
        const next = await this.stepper.advance(saga);
        stop();
        const saved = await this.save(saga, next);
        steps.inc({
          step: saga.step,
          outcome: !saved ? 'conflict' : next.lastError ? 'retry' : 'ok',
        });
        // Changed meanwhile (a payment event or a cancellation): leave it to the next claim, which
        // reads the new version. The step's call was idempotent, so repeating it is harmless.
        if (!saved) return undefined;
        saga = { ...next, version: saga.version + 1 };
        if (done(saga) || Date.now() >= deadline) break;
      }
      return saga;
    } catch (error) {
      this.logger.error(
        { err: error, bookingId: saga.id, step: saga.step },
        'advancing a booking saga failed',
      );
      return undefined;
    } finally {
      await this.repository.releaseLease(saga.id, this.owner).catch((error: unknown) => {
        this.logger.warn(
          { err: error, bookingId: saga.id },
          'releasing a booking lease failed; it lapses by itself',
        );
      });
      // A saga released while due (an event arrived during the step) is taken up again at once.
      this.wake();
    }
  }

  private async save(before: BookingSaga, after: BookingSaga): Promise<boolean> {
    const event = outcomeEventOf(before, after);
    const saved = await this.repository.transaction(async (tx) => {
      const ok = await this.repository.save(
        tx,
        after,
        before.version,
        this.owner,
        this.config.BOOKING_LEASE_MS,
      );
      if (ok && event) {
        await this.outbox.append(tx, event, toOutcomeEvent(after, new Date()), {
          key: after.appointmentId,
        });
      }
      return ok;
    });
    if (saved && event) {
      this.outbox.notifyCommitted();
      this.logger.log(
        {
          bookingId: after.id,
          appointmentId: after.appointmentId,
          status: after.status,
          failureCode: after.ending?.failureCode ?? '',
          reason: after.ending?.reason ?? '',
          lastError: after.lastError,
        },
        'booking ended',
      );
    }
    return saved;
  }
}
