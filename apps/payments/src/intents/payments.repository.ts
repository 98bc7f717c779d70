import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type {
  OrderRef,
  PaymentChannel,
  PaymentIntent,
  PaymentIntentStatus,
  PaymentRefund,
  RefundStatus,
} from './payment-intent';

export type PaymentsTx = Prisma.TransactionClient;

type IntentRow = Prisma.PaymentIntentGetPayload<object>;
type RefundRow = Prisma.PaymentRefundGetPayload<object>;

function toIntent(row: IntentRow): PaymentIntent {
  return {
    id: row.id,
    payer: { partnerId: row.partnerId, patientId: row.patientId },
    amountFen: row.amountFen,
    amountRefundedFen: row.amountRefundedFen,
    currency: 'CNY',
    channel: row.channel as PaymentChannel,
    status: row.status as PaymentIntentStatus,
    description: row.description,
    order: { type: row.orderType, id: row.orderId } satisfies OrderRef,
    returnUrl: row.returnUrl,
    providerReference: row.providerReference,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    providerDueAt: row.providerDueAt,
    expiresAt: row.expiresAt,
    succeededAt: row.succeededAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

function toRefund(row: RefundRow): PaymentRefund {
  return {
    id: row.id,
    paymentIntentId: row.paymentIntentId,
    amountFen: row.amountFen,
    currency: 'CNY',
    status: row.status as RefundStatus,
    reason: row.reason,
    providerReference: row.providerReference,
    failureCode: row.failureCode,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    version: row.version,
  };
}

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: string;
  readonly resourceId: string;
}

/** The only place that touches the payment tables. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: PaymentsTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async findIntent(id: string, tx: PaymentsTx = this.prisma): Promise<PaymentIntent | undefined> {
    const row = await tx.paymentIntent.findUnique({ where: { id } });
    return row ? toIntent(row) : undefined;
  }

  /** Locks the intent's row until the transaction ends: every change of an intent serialises here. */
  async findIntentForUpdate(tx: PaymentsTx, id: string): Promise<PaymentIntent | undefined> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM payment_intents WHERE id = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? undefined : this.findIntent(id, tx);
  }

  /**
   * Intents whose provider outcome or expiry is due, locked; rows another worker holds are skipped,
   * so several replicas share the work without waiting on each other.
   */
  async claimDue(tx: PaymentsTx, now: Date, limit: number): Promise<PaymentIntent[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM payment_intents
      WHERE status IN ('REQUIRES_PAYMENT', 'PROCESSING')
        AND (provider_due_at <= ${now} OR expires_at <= ${now})
      ORDER BY LEAST(COALESCE(provider_due_at, expires_at), expires_at)
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return [];
    const found = await tx.paymentIntent.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return found.map(toIntent);
  }

  /** The earliest time something is due, to sleep until then. */
  async nextDueAt(): Promise<Date | undefined> {
    const rows = await this.prisma.$queryRaw<{ due: Date | null }[]>`
      SELECT MIN(LEAST(COALESCE(provider_due_at, expires_at), expires_at)) AS due
      FROM payment_intents WHERE status IN ('REQUIRES_PAYMENT', 'PROCESSING')`;
    return rows[0]?.due ?? undefined;
  }

  async insertIntent(tx: PaymentsTx, intent: PaymentIntent): Promise<void> {
    await tx.paymentIntent.create({
      data: {
        id: intent.id,
        partnerId: intent.payer.partnerId,
        patientId: intent.payer.patientId,
        amountFen: intent.amountFen,
        amountRefundedFen: intent.amountRefundedFen,
        currency: intent.currency,
        channel: intent.channel,
        status: intent.status,
        description: intent.description,
        orderType: intent.order.type,
        orderId: intent.order.id,
        returnUrl: intent.returnUrl,
        providerReference: intent.providerReference,
        failureCode: intent.failureCode,
        failureMessage: intent.failureMessage,
        providerDueAt: intent.providerDueAt,
        expiresAt: intent.expiresAt,
        succeededAt: intent.succeededAt,
        createdAt: intent.createdAt,
        updatedAt: intent.updatedAt,
        version: intent.version,
      },
    });
  }

  /** Writes a changed intent; the caller holds its row lock. */
  async updateIntent(tx: PaymentsTx, intent: PaymentIntent): Promise<void> {
    await tx.paymentIntent.update({
      where: { id: intent.id },
      data: {
        amountRefundedFen: intent.amountRefundedFen,
        status: intent.status,
        providerReference: intent.providerReference,
        failureCode: intent.failureCode,
        failureMessage: intent.failureMessage,
        providerDueAt: intent.providerDueAt,
        succeededAt: intent.succeededAt,
        updatedAt: intent.updatedAt,
        version: intent.version,
      },
    });
  }

  async findRefund(id: string, tx: PaymentsTx = this.prisma): Promise<PaymentRefund | undefined> {
    const row = await tx.paymentRefund.findUnique({ where: { id } });
    return row ? toRefund(row) : undefined;
  }

  async insertRefund(tx: PaymentsTx, refund: PaymentRefund): Promise<void> {
    await tx.paymentRefund.create({
      data: {
        id: refund.id,
        paymentIntentId: refund.paymentIntentId,
        amountFen: refund.amountFen,
        currency: refund.currency,
        status: refund.status,
        reason: refund.reason,
        providerReference: refund.providerReference,
        failureCode: refund.failureCode,
        createdAt: refund.createdAt,
        completedAt: refund.completedAt,
        version: refund.version,
      },
    });
  }

  async findIdempotencyKey(tx: PaymentsTx, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { key } });
    return row
      ? { operation: row.operation, requestHash: row.requestHash, resourceId: row.resourceId }
      : undefined;
  }

  async saveIdempotencyKey(tx: PaymentsTx, key: string, record: IdempotencyRecord): Promise<void> {
    await tx.idempotencyKey.create({ data: { key, ...record } });
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
