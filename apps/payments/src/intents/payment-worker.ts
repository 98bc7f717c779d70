import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import type { PaymentsConfig } from '../config';
import { PAYMENTS_CONFIG } from '../config';
import { PaymentsService } from './payments.service';

const BATCH = 100;

/**
 * Background work of payments: records the sandbox provider's outcomes when they fall due and expires
 * unpaid intents. Claims rows with SKIP LOCKED, so any number of replicas can run it. Sleeps until the
 * next poll, or less when an outcome falls due sooner.
 */
@Injectable()
export class PaymentWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentWorker.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly payments: PaymentsService,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.payments.onOutcomeScheduled((dueAt) => {
      this.wakeAt(dueAt);
    });
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wakeUp?.();
    await this.loop;
  }

  private wakeAt(dueAt: Date): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.wakeUp?.();
      },
      Math.max(0, dueAt.getTime() - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let changed = 0;
      try {
        changed = await this.payments.processDue(BATCH);
      } catch (error) {
        this.logger.error({ err: error }, 'payment worker pass failed; retrying at the next poll');
      }
      if (changed >= BATCH) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.PAYMENT_WORKER_POLL_MS);
        timer.unref();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }
}
