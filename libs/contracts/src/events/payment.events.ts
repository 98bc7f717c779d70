import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

// Facts about payment intents and refunds, published by payments. Keyed by payment intent id, so
// the events of one intent (and of its refunds) arrive in order.

const SOURCE = '/meridian/payments';

/** Integer fen; JSON numbers are exact up to 2^53, far beyond any payment. */
const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const PAYMENT_CHANNELS = ['WECHAT_PAY', 'ALIPAY', 'UNIONPAY', 'SANDBOX'] as const;
export const PAYMENT_INTENT_STATUSES = [
  'REQUIRES_PAYMENT',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
] as const;

export const paymentIntentChangedV1 = z.object({
  paymentIntentId: z.uuid(),
  payer: z.object({ partnerId: z.string().min(1), patientId: z.string().min(1) }),
  amountFen: fen,
  amountRefundedFen: fen,
  currency: z.literal('CNY'),
  channel: z.enum(PAYMENT_CHANNELS),
  status: z.enum(PAYMENT_INTENT_STATUSES),
  /** The business object paid for, e.g. `{ type: 'appointment', id }`. */
  order: z.object({ type: z.string(), id: z.string() }),
  providerReference: z.string(),
  /** Stable code when FAILED, e.g. `PAYMENT.CARD_DECLINED`; empty otherwise. */
  failureCode: z.string(),
  /** Increases with every change of the intent. */
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});

export type PaymentIntentChangedV1 = z.infer<typeof paymentIntentChangedV1>;

/** The payer paid: the amount is captured (at most once per intent). */
export const PaymentIntentSucceeded = defineEvent({
  type: 'meridian.payments.intent.succeeded.v1',
  topic: Topics.payments,
  source: SOURCE,
  schema: paymentIntentChangedV1,
});

/** The provider refused the payment; nothing was captured. */
export const PaymentIntentFailed = defineEvent({
  type: 'meridian.payments.intent.failed.v1',
  topic: Topics.payments,
  source: SOURCE,
  schema: paymentIntentChangedV1,
});

/** Not paid before its expiry; nothing was captured and nothing can be any more. */
export const PaymentIntentExpired = defineEvent({
  type: 'meridian.payments.intent.expired.v1',
  topic: Topics.payments,
  source: SOURCE,
  schema: paymentIntentChangedV1,
});

/** Cancelled before it was paid; nothing was captured. */
export const PaymentIntentCancelled = defineEvent({
  type: 'meridian.payments.intent.cancelled.v1',
  topic: Topics.payments,
  source: SOURCE,
  schema: paymentIntentChangedV1,
});

export const paymentRefundChangedV1 = z.object({
  refundId: z.uuid(),
  paymentIntentId: z.uuid(),
  payer: z.object({ partnerId: z.string().min(1), patientId: z.string().min(1) }),
  amountFen: fen,
  currency: z.literal('CNY'),
  order: z.object({ type: z.string(), id: z.string() }),
  reason: z.string(),
  providerReference: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});

export type PaymentRefundChangedV1 = z.infer<typeof paymentRefundChangedV1>;

/** Money went back to the payer. */
export const PaymentRefundSucceeded = defineEvent({
  type: 'meridian.payments.refund.succeeded.v1',
  topic: Topics.payments,
  source: SOURCE,
  schema: paymentRefundChangedV1,
});
