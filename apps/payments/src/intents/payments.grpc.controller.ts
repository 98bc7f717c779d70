import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, dateFromTimestamp, paymentsV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { sandboxReference } from '../sandbox/sandbox-provider';
import { PaymentErrorCode } from './payments.errors';
import { PaymentsService } from './payments.service';
import type { PaymentIntent, PaymentRefund } from './payment-intent';

const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);
const payer = z.object(
  {
    partnerId: z.string().trim().min(1, 'is required').max(64),
    patientId: z.string().trim().min(1, 'is required').max(64),
  },
  { error: 'is required' },
);
const positiveFen = z.object(
  {
    amountFen: z
      .string()
      .regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number of fen')
      .transform((value) => BigInt(value)),
    currency: z.literal('CNY', { error: 'must be CNY' }),
  },
  { error: 'is required' },
);
const timestamp = z
  .object({ seconds: z.string(), nanos: z.number() })
  .nullable()
  .transform((value) => dateFromTimestamp(value));

const CHANNELS = ['WECHAT_PAY', 'ALIPAY', 'UNIONPAY', 'SANDBOX'] as const;

const createRequest = z.object({
  idempotencyKey,
  payer,
  amount: positiveFen,
  channel: z
    .string()
    .transform((value) => value.replace(/^PAYMENT_CHANNEL_/, ''))
    .pipe(z.enum(CHANNELS, { error: 'must be a payment channel' })),
  description: z.string().trim().max(200),
  order: z.object(
    {
      type: z
        .string()
        .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case kind, e.g. appointment'),
      id: z.string().min(1, 'is required').max(64),
    },
    { error: 'is required' },
  ),
  expiresAt: timestamp.refine(
    (value) => value === null || value.getTime() > Date.now(),
    'must be in the future',
  ),
  returnUrl: z.union([
    z.literal(''),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(1000),
  ]),
});

const getRequest = z.object({ paymentIntentId: z.uuid('must be a UUID'), payer });

const cancelRequest = z.object({
  idempotencyKey,
  paymentIntentId: z.uuid('must be a UUID'),
  reason: z.string().trim().max(500),
});

const refundRequest = z.object({
  idempotencyKey,
  paymentIntentId: z.uuid('must be a UUID'),
  amount: positiveFen,
  reason: z.string().trim().max(500),
});

const getRefundRequest = z.object({ refundId: z.uuid('must be a UUID') });

function money(fen: bigint): { amountFen: string; currency: string } {
  return { amountFen: fen.toString(), currency: 'CNY' };
}

function intentToProto(intent: PaymentIntent): paymentsV1.PaymentIntent {
  return {
    id: intent.id,
    payer: { ...intent.payer },
    amount: money(intent.amountFen),
    amountRefunded: money(intent.amountRefundedFen),
    channel: paymentsV1.PaymentChannel[`PAYMENT_CHANNEL_${intent.channel}`],
    status: paymentsV1.PaymentIntentStatus[`PAYMENT_INTENT_STATUS_${intent.status}`],
    description: intent.description,
    order: { ...intent.order },
    // What the app hands to the provider's SDK; the sandbox needs nothing but its reference.
    clientParams:
      intent.status === 'REQUIRES_PAYMENT'
        ? { provider: 'sandbox', prepayId: sandboxReference('pay', intent.id) }
        : {},
    providerReference: intent.providerReference,
    failureCode: intent.failureCode,
    failureMessage: intent.failureMessage,
    expiresAt: timestampFromDate(intent.expiresAt),
    succeededAt: intent.succeededAt ? timestampFromDate(intent.succeededAt) : null,
    createdAt: timestampFromDate(intent.createdAt),
    updatedAt: timestampFromDate(intent.updatedAt),
    version: String(intent.version),
  };
}

function refundToProto(refund: PaymentRefund): paymentsV1.PaymentRefund {
  return {
    id: refund.id,
    paymentIntentId: refund.paymentIntentId,
    amount: money(refund.amountFen),
    status: paymentsV1.RefundStatus[`REFUND_STATUS_${refund.status}`],
    reason: refund.reason,
    providerReference: refund.providerReference,
    failureCode: refund.failureCode,
    createdAt: timestampFromDate(refund.createdAt),
    completedAt: refund.completedAt ? timestampFromDate(refund.completedAt) : null,
    version: String(refund.version),
  };
}

const SERVICE = GRPC_SERVICES.payments.name;
const INVALID = PaymentErrorCode.invalidRequest;

/** gRPC face of payments: validates, calls the service, translates. No rules live here. */
@Controller()
export class PaymentsGrpcController implements paymentsV1.PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @GrpcMethod(SERVICE, 'CreatePaymentIntent')
  async createPaymentIntent(
    request: paymentsV1.CreatePaymentIntentRequest,
  ): Promise<paymentsV1.PaymentIntent> {
    const input = parseInput(createRequest, request, INVALID);
    const intent = await this.payments.create(input.idempotencyKey, {
      payer: input.payer,
      amountFen: input.amount.amountFen,
      channel: input.channel,
      description: input.description,
      order: input.order,
      ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
      returnUrl: input.returnUrl,
    });
    return intentToProto(intent);
  }

  @GrpcMethod(SERVICE, 'GetPaymentIntent')
  async getPaymentIntent(
    request: paymentsV1.GetPaymentIntentRequest,
  ): Promise<paymentsV1.PaymentIntent> {
    const input = parseInput(getRequest, request, INVALID);
    return intentToProto(await this.payments.get(input.paymentIntentId, input.payer));
  }

  @GrpcMethod(SERVICE, 'CancelPaymentIntent')
  async cancelPaymentIntent(
    request: paymentsV1.CancelPaymentIntentRequest,
  ): Promise<paymentsV1.PaymentIntent> {
    const input = parseInput(cancelRequest, request, INVALID);
    return intentToProto(
      await this.payments.cancel(input.idempotencyKey, input.paymentIntentId, input.reason),
    );
  }

  @GrpcMethod(SERVICE, 'Refund')
  async refund(request: paymentsV1.RefundRequest): Promise<paymentsV1.PaymentRefund> {
    const input = parseInput(refundRequest, request, INVALID);
    const refund = await this.payments.refund(input.idempotencyKey, {
      paymentIntentId: input.paymentIntentId,
      amountFen: input.amount.amountFen,
      reason: input.reason,
    });
    return refundToProto(refund);
  }

  @GrpcMethod(SERVICE, 'GetRefund')
  async getRefund(request: paymentsV1.GetRefundRequest): Promise<paymentsV1.PaymentRefund> {
    const input = parseInput(getRefundRequest, request, INVALID);
    return refundToProto(await this.payments.getRefund(input.refundId));
  }
}
