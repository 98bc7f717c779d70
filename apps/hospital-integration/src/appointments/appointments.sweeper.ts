import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { AppointmentsService } from './appointments.service';

export interface SweeperOptions {
  readonly intervalMs: number;
  /** A confirmation without an answer for this long is sent again (same idempotency key). */
  readonly confirmationStaleMs: number;
}

export const SWEEPER_OPTIONS = Symbol('SWEEPER_OPTIONS');

const BATCH = 100;
const RELEASE_BATCH = 20;
const RELEASE_LEASE_MS = 30_000;

/**
 * Keeps appointments moving without anyone asking: expires holds that ran out (their slots are
 * free again), tells hospitals to release what ended on the platform, and re-sends confirmations
 * that went unanswered. Safe with several replicas (SKIP LOCKED and leases).
 */
@Injectable()
export class AppointmentsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AppointmentsSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly appointments: AppointmentsService,
    @Inject(SWEEPER_OPTIONS) private readonly options: SweeperOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.next();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().finally(() => {
        this.next();
      });
    }, this.options.intervalMs);
  }

  /** One pass; each part keeps going while it finds full batches. */
  async sweep(): Promise<void> {
    try {
      while (!this.stopped && (await this.appointments.expireHolds(BATCH)) === BATCH);
      await this.appointments.releaseAtHospitals(RELEASE_BATCH, RELEASE_LEASE_MS);
      await this.appointments.redriveConfirmations(RELEASE_BATCH, this.options.confirmationStaleMs);
    } catch (error) {
      this.logger.warn(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
