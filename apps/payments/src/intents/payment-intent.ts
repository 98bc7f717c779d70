import type { PaymentIntentChangedV1, PaymentRefundChangedV1 } from '@meridian/contracts';

export type PaymentChannel = 'WECHAT_PAY' | 'ALIPAY' | 'UNIONPAY' | 'SANDBOX';

export type PaymentIntentStatus =
  'REQUIRES_PAYMENT' | 'PROCESSING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

export type RefundStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export interface Payer {
  readonly partnerId: string;
  readonly patientId: string;
}

export interface OrderRef {
  readonly type: string;
  readonly id: string;
}

/** Money is integer fen (bigint), never floating point. */
export interface PaymentIntent {
  readonly id: string;
  readonly payer: Payer;
  readonly amountFen: bigint;
  readonly amountRefundedFen: bigint;
  readonly currency: 'CNY';
  readonly channel: PaymentChannel;
  readonly status: PaymentIntentStatus;
  readonly description: string;
  readonly order: OrderRef;
  readonly returnUrl: string;
  readonly providerReference: string;
  readonly failureCode: string;
  readonly failureMessage: string;
  /** When the provider's outcome is due; null once it was recorded (or never expected). */
  readonly providerDueAt: Date | null;
  readonly expiresAt: Date;
  readonly succeededAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface PaymentRefund {
  readonly id: string;
  readonly paymentIntentId: string;
  readonly amountFen: bigint;
  readonly currency: 'CNY';
  readonly status: RefundStatus;
  readonly reason: string;
  readonly providerReference: string;
  readonly failureCode: string;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  readonly version: number;
}

/** What a payment provider reported about an intent (by webhook, or the sandbox by itself). */
export type ProviderOutcome =
  | { readonly kind: 'succeeded'; readonly providerReference: string }
  | {
      readonly kind: 'failed';
      readonly providerReference: string;
      readonly failureCode: string;
      readonly failureMessage: string;
    };

/** Statuses after which nothing more can happen to an intent, except refunds of a SUCCEEDED one. */
export function isFinal(status: PaymentIntentStatus): boolean {
  return (
    status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED' || status === 'EXPIRED'
  );
}

/** Whether a payer can still pay: the provider's outcome is accepted only then. */
export function isPayable(intent: PaymentIntent, now: Date): boolean {
  return (
    (intent.status === 'REQUIRES_PAYMENT' || intent.status === 'PROCESSING') &&
    intent.expiresAt.getTime() > now.getTime()
  );
}

/**
 * The intent after the provider's outcome. Only an intent that can still be paid changes: a late
 * success for an expired or cancelled intent is not captured (the provider is told to void it).
 */
export function applyProviderOutcome(
  intent: PaymentIntent,
  outcome: ProviderOutcome,
  now: Date,
): PaymentIntent | undefined {
  if (!isPayable(intent, now)) return undefined;
  const base = {
    ...intent,
    providerReference: outcome.providerReference,
    providerDueAt: null,
    updatedAt: now,
    version: intent.version + 1,
  };
  return outcome.kind === 'succeeded'
    ? { ...base, status: 'SUCCEEDED', succeededAt: now }
    : {
        ...base,
        status: 'FAILED',
        failureCode: outcome.failureCode,
        failureMessage: outcome.failureMessage,
      };
}

export function expire(intent: PaymentIntent, now: Date): PaymentIntent | undefined {
  if (isFinal(intent.status) || intent.expiresAt.getTime() > now.getTime()) return undefined;
  return {
    ...intent,
    status: 'EXPIRED',
    providerDueAt: null,
    updatedAt: now,
    version: intent.version + 1,
  };
}

export function cancel(intent: PaymentIntent, now: Date): PaymentIntent | undefined {
  if (isFinal(intent.status)) return undefined;
  return {
    ...intent,
    status: 'CANCELLED',
    providerDueAt: null,
    updatedAt: now,
    version: intent.version + 1,
  };
}

/** The amount that may still be refunded. */
export function refundable(intent: PaymentIntent): bigint {
  return intent.status === 'SUCCEEDED' ? intent.amountFen - intent.amountRefundedFen : 0n;
}

function fenNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${value} fen is out of range`);
  return Number(value);
}

export function toIntentEvent(intent: PaymentIntent): PaymentIntentChangedV1 {
  return {
    paymentIntentId: intent.id,
    payer: { ...intent.payer },
    amountFen: fenNumber(intent.amountFen),
    amountRefundedFen: fenNumber(intent.amountRefundedFen),
    currency: intent.currency,
    channel: intent.channel,
    status: intent.status,
    order: { ...intent.order },
    providerReference: intent.providerReference,
    failureCode: intent.failureCode,
    version: intent.version,
    occurredAt: intent.updatedAt.toISOString(),
  };
}

export function toRefundEvent(
  intent: PaymentIntent,
  refund: PaymentRefund,
): PaymentRefundChangedV1 {
  return {
    refundId: refund.id,
    paymentIntentId: intent.id,
    payer: { ...intent.payer },
    amountFen: fenNumber(refund.amountFen),
    currency: refund.currency,
    order: { ...intent.order },
    reason: refund.reason,
    providerReference: refund.providerReference,
    version: refund.version,
    occurredAt: (refund.completedAt ?? refund.createdAt).toISOString(),
  };
}
