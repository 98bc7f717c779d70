import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, paymentsV1, timestampFromDate } from '@meridian/proto';

import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import { StepError } from './booking-ports';
import type { PaymentInput, PaymentState, PaymentsPort } from './booking-ports';
import type { PatientRef, PaymentOutcome, PaymentResult } from './booking-saga';
import { dateFromTimestamp } from '@meridian/proto';
import { toStepError } from './remote-error';

const Status = paymentsV1.PaymentIntentStatus;

function stateOf(status: paymentsV1.PaymentIntentStatus): PaymentState {
  switch (status) {
    case Status.PAYMENT_INTENT_STATUS_SUCCEEDED:
      return 'SUCCEEDED';
    case Status.PAYMENT_INTENT_STATUS_FAILED:
      return 'FAILED';
    case Status.PAYMENT_INTENT_STATUS_CANCELLED:
      return 'CANCELLED';
    case Status.PAYMENT_INTENT_STATUS_EXPIRED:
      return 'EXPIRED';
    case Status.PAYMENT_INTENT_STATUS_REQUIRES_PAYMENT:
    case Status.PAYMENT_INTENT_STATUS_PROCESSING:
    case Status.PAYMENT_INTENT_STATUS_UNSPECIFIED:
      return 'PENDING';
  }
}

/** The saga's payments step over payments' gRPC contract. */
@Injectable()
export class PaymentsGrpcPort implements PaymentsPort, OnModuleDestroy {
  private readonly client: GrpcClient<paymentsV1.PaymentsClient>;

  constructor(@Inject(BOOKING_CONFIG) config: BookingConfig) {
    this.client = createGrpcClient<paymentsV1.PaymentsClient>({
      target: config.PAYMENTS_GRPC_URL,
      protoFiles: PROTO_FILES.payments,
      service: grpcServiceName('payments'),
      deadlineMs: config.BOOKING_CALL_DEADLINE_MS,
    });
  }

  onModuleDestroy(): void {
    this.client.close();
  }

  async create(idempotencyKey: string, input: PaymentInput): Promise<PaymentResult> {
    try {
      const intent = await this.client.call.createPaymentIntent({
        idempotencyKey,
        payer: input.payer,
        amount: { amountFen: input.amountFen, currency: 'CNY' },
        channel:
          Object.values(paymentsV1.PaymentChannel).find(
            (c: string) => c === `PAYMENT_CHANNEL_${input.channel}`,
          ) ?? paymentsV1.PaymentChannel.PAYMENT_CHANNEL_UNSPECIFIED,
        description: input.description,
        order: { type: 'appointment', id: input.appointmentId },
        expiresAt: timestampFromDate(input.expiresAt),
        returnUrl: input.returnUrl,
      });
      const expiresAt = dateFromTimestamp(intent.expiresAt) ?? input.expiresAt;
      return {
        paymentIntentId: intent.id,
        amountFen: intent.amount?.amountFen ?? input.amountFen,
        expiresAt: expiresAt.toISOString(),
      };
    } catch (error) {
      throw toStepError(error, 'payments');
    }
  }

  async state(paymentIntentId: string, payer: PatientRef): Promise<PaymentState> {
    try {
      const intent = await this.client.call.getPaymentIntent({ paymentIntentId, payer });
      return stateOf(intent.status);
    } catch (error) {
      throw toStepError(error, 'payments');
    }
  }

  async cancel(
    idempotencyKey: string,
    paymentIntentId: string,
    reason: string,
  ): Promise<PaymentOutcome> {
    try {
      const intent = await this.client.call.cancelPaymentIntent({
        idempotencyKey,
        paymentIntentId,
        reason,
      });
      const state = stateOf(intent.status);
      if (state === 'PENDING') {
        throw new StepError(
          'retryable',
          'PAYMENT.STILL_OPEN',
          `Intent ${paymentIntentId} is still open`,
        );
      }
      return state;
    } catch (error) {
      const failure = toStepError(error, 'payments');
      // Paid before it could be cancelled: the saga refunds instead.
      if (failure.code === 'PAYMENT.ALREADY_SUCCEEDED') return 'SUCCEEDED';
      throw failure;
    }
  }

  async refund(
    idempotencyKey: string,
    paymentIntentId: string,
    amountFen: string,
    reason: string,
  ): Promise<string> {
    try {
      const refund = await this.client.call.refund({
        idempotencyKey,
        paymentIntentId,
        amount: { amountFen, currency: 'CNY' },
        reason: reason.slice(0, 500),
      });
      return refund.id;
    } catch (error) {
      throw toStepError(error, 'payments');
    }
  }
}
