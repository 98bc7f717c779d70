import { Injectable, Logger } from '@nestjs/common';
import {
  PaymentIntentCancelled,
  PaymentIntentExpired,
  PaymentIntentFailed,
  PaymentIntentSucceeded,
  PaymentRefundSucceeded,
} from '@meridian/contracts';
import type { PaymentIntentChangedV1, PaymentRefundChangedV1 } from '@meridian/contracts';
import { HandleEvent } from '@meridian/platform';
import type { ReceivedEvent } from '@meridian/platform';

import type { Prisma } from '../generated/prisma/client';
import { BookingRepository } from './booking.repository';
import { BookingRunner } from './booking-runner';
import type { PaymentOutcome } from './booking-saga';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OUTCOMES: Readonly<Record<string, PaymentOutcome>> = {
  [PaymentIntentSucceeded.type]: 'SUCCEEDED',
  [PaymentIntentFailed.type]: 'FAILED',
  [PaymentIntentExpired.type]: 'EXPIRED',
  [PaymentIntentCancelled.type]: 'CANCELLED',
};

/**
 * Payment outcomes from payments, consumed through the inbox (a redelivered event changes nothing):
 * the outcome is recorded on the saga waiting for it, in the inbox transaction, and the runner is
 * woken to go on. The saga also asks payments itself when no event comes in time.
 */
@Injectable()
export class PaymentEventsHandler {
  private readonly logger = new Logger(PaymentEventsHandler.name);

  constructor(
    private readonly repository: BookingRepository,
    private readonly runner: BookingRunner,
  ) {}

  @HandleEvent(
    PaymentIntentSucceeded,
    PaymentIntentFailed,
    PaymentIntentExpired,
    PaymentIntentCancelled,
    PaymentRefundSucceeded,
  )
  async onPayment(
    event: ReceivedEvent<PaymentIntentChangedV1 | PaymentRefundChangedV1>,
    tx: Prisma.TransactionClient,
  ): Promise<void> {
    const outcome = OUTCOMES[event.type];
    // Refunds are the saga's own doing and already recorded by it; other orders are not bookings.
    if (
      outcome === undefined ||
      event.data.order.type !== 'appointment' ||
      !UUID.test(event.data.order.id)
    )
      return;
    const recorded = await this.repository.recordPaymentOutcome(
      tx,
      event.data.order.id,
      event.data.paymentIntentId,
      outcome,
    );
    if (recorded) {
      this.logger.log(
        {
          appointmentId: event.data.order.id,
          paymentIntentId: event.data.paymentIntentId,
          outcome,
        },
        'payment outcome recorded',
      );
      // The inbox transaction commits right after this handler returns.
      setTimeout(() => {
        this.runner.wake();
      }, 5).unref();
    }
  }
}
