import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  PaymentIntentCancelled,
  PaymentIntentExpired,
  PaymentIntentFailed,
  PaymentIntentSucceeded,
  PaymentRefundSucceeded,
} from '@meridian/contracts';
import { OutboxWriter, uuidv7 } from '@meridian/platform';

import type { PaymentsConfig } from '../config';
import { PAYMENTS_CONFIG } from '../config';
import { sandboxBehaviour, sandboxReference } from '../sandbox/sandbox-provider';
import {
  alreadySucceeded,
  channelUnavailable,
  concurrentRequest,
  idempotencyKeyReused,
  notCaptured,
  paymentIntentNotFound,
  refundExceedsCaptured,
  refundNotFound,
} from './payments.errors';
import { PaymentsRepository, isUniqueViolation } from './payments.repository';
import type { PaymentsTx } from './payments.repository';
import {
  applyProviderOutcome,
  cancel,
  expire,
  refundable,
  toIntentEvent,
  toRefundEvent,
} from './payment-intent';
import type {
  OrderRef,
  Payer,
  PaymentChannel,
  PaymentIntent,
  PaymentRefund,
  ProviderOutcome,
} from './payment-intent';

export interface NewPaymentIntent {
  readonly payer: Payer;
  readonly amountFen: bigint;
  readonly channel: PaymentChannel;
  readonly description: string;
  readonly order: OrderRef;
  readonly expiresAt?: Date;
  readonly returnUrl: string;
}

export interface NewRefund {
  readonly paymentIntentId: string;
  readonly amountFen: bigint;
  readonly reason: string;
}

const Operation = {
  create: 'CreatePaymentIntent',
  cancel: 'CancelPaymentIntent',
  refund: 'Refund',
} as const;

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex');
}

/**
 * Payment intents and refunds. Every command is idempotent on its key (a repeat returns the first
 * outcome); every change of an intent happens under its row lock and appends its event to the outbox
 * in the same transaction, so an intent is captured at most once and its events are never lost.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);
  private onScheduled: ((dueAt: Date) => void) | undefined;

  constructor(
    private readonly repository: PaymentsRepository,
    private readonly outbox: OutboxWriter,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  /** Lets the worker know when a provider outcome becomes due, so it need not wait for its poll. */
  onOutcomeScheduled(listener: (dueAt: Date) => void): void {
    this.onScheduled = listener;
  }

  async create(idempotencyKey: string, input: NewPaymentIntent): Promise<PaymentIntent> {
    if (input.channel !== 'SANDBOX') throw channelUnavailable(input.channel);
    const intent = await this.idempotent(
      idempotencyKey,
      Operation.create,
      hashOf(input),
      async (tx) => {
        const now = new Date();
        const id = uuidv7();
        const behaviour = sandboxBehaviour(input.payer, input.amountFen);
        const created: PaymentIntent = {
          id,
          payer: input.payer,
          amountFen: input.amountFen,
          amountRefundedFen: 0n,
          currency: 'CNY',
          channel: input.channel,
          status: 'REQUIRES_PAYMENT',
          description: input.description,
          order: input.order,
          returnUrl: input.returnUrl,
          providerReference: '',
          failureCode: '',
          failureMessage: '',
          providerDueAt:
            behaviour.kind === 'abandon'
              ? null
              : new Date(now.getTime() + this.config.SANDBOX_CONFIRM_DELAY_MS),
          expiresAt: input.expiresAt ?? new Date(now.getTime() + this.config.PAYMENT_INTENT_TTL_MS),
          succeededAt: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        await this.repository.insertIntent(tx, created);
        return { resourceId: id, result: created };
      },
      async (tx, id) => this.repository.findIntent(id, tx),
    );
    if (intent.providerDueAt) this.onScheduled?.(intent.providerDueAt);
    return intent;
  }

  async get(id: string, payer: Payer): Promise<PaymentIntent> {
    const intent = await this.repository.findIntent(id);
    // Another payer's intent reads as missing, so ids cannot be probed across patients.
    if (
      !intent ||
      intent.payer.partnerId !== payer.partnerId ||
      intent.payer.patientId !== payer.patientId
    ) {
      throw paymentIntentNotFound(id);
    }
    return intent;
  }

  /**
   * Cancels an unpaid intent. Cancelling one that already ended unpaid (failed, expired, cancelled)
   * returns it unchanged; a paid one must be refunded instead.
   */
  async cancel(idempotencyKey: string, id: string, reason: string): Promise<PaymentIntent> {
    const intent = await this.idempotent(
      idempotencyKey,
      Operation.cancel,
      hashOf({ id, reason }),
      async (tx) => {
        const current = await this.repository.findIntentForUpdate(tx, id);
        if (!current) throw paymentIntentNotFound(id);
        if (current.status === 'SUCCEEDED') throw alreadySucceeded(id);
        const now = new Date();
        // A cancel that arrives after the expiry time records the expiry that happened first.
        const changed = expire(current, now) ?? cancel(current, now);
        if (!changed) return { resourceId: id, result: current };
        await this.repository.updateIntent(tx, changed);
        await this.outbox.append(
          tx,
          changed.status === 'EXPIRED' ? PaymentIntentExpired : PaymentIntentCancelled,
          toIntentEvent(changed),
          { key: id },
        );
        this.logger.log({ paymentIntentId: id, status: changed.status, reason }, 'intent ended');
        return { resourceId: id, result: changed };
      },
      async (tx, resourceId) => this.repository.findIntent(resourceId, tx),
    );
    this.outbox.notifyCommitted();
    return intent;
  }

  /** Refunds part or all of a succeeded intent; the sandbox provider refunds at once. */
  async refund(idempotencyKey: string, input: NewRefund): Promise<PaymentRefund> {
    const refund = await this.idempotent(
      idempotencyKey,
      Operation.refund,
      hashOf(input),
      async (tx) => {
        const intent = await this.repository.findIntentForUpdate(tx, input.paymentIntentId);
        if (!intent) throw paymentIntentNotFound(input.paymentIntentId);
        if (intent.status !== 'SUCCEEDED') throw notCaptured(intent.id, intent.status);
        const left = refundable(intent);
        if (input.amountFen > left) throw refundExceedsCaptured(intent.id, left);
        const now = new Date();
        const id = uuidv7();
        const created: PaymentRefund = {
          id,
          paymentIntentId: intent.id,
          amountFen: input.amountFen,
          currency: 'CNY',
          status: 'SUCCEEDED',
          reason: input.reason,
          providerReference: sandboxReference('refund', id),
          failureCode: '',
          createdAt: now,
          completedAt: now,
          version: 1,
        };
        const updated: PaymentIntent = {
          ...intent,
          amountRefundedFen: intent.amountRefundedFen + input.amountFen,
          updatedAt: now,
          version: intent.version + 1,
        };
        await this.repository.insertRefund(tx, created);
        await this.repository.updateIntent(tx, updated);
        await this.outbox.append(tx, PaymentRefundSucceeded, toRefundEvent(updated, created), {
          key: intent.id,
        });
        this.logger.log(
          { paymentIntentId: intent.id, refundId: id, amountFen: String(input.amountFen) },
          'refund succeeded',
        );
        return { resourceId: id, result: created };
      },
      async (tx, resourceId) => this.repository.findRefund(resourceId, tx),
    );
    this.outbox.notifyCommitted();
    return refund;
  }

  async getRefund(id: string): Promise<PaymentRefund> {
    const refund = await this.repository.findRefund(id);
    if (!refund) throw refundNotFound(id);
    return refund;
  }

  /**
   * Records what the provider reported for an intent (the path a provider webhook takes). A report
   * for an intent that can no longer be paid changes nothing.
   */
  async recordProviderOutcome(
    tx: PaymentsTx,
    intent: PaymentIntent,
    outcome: ProviderOutcome,
    now: Date,
  ): Promise<PaymentIntent | undefined> {
    const changed = applyProviderOutcome(intent, outcome, now);
    if (!changed) return undefined;
    await this.repository.updateIntent(tx, changed);
    await this.outbox.append(
      tx,
      changed.status === 'SUCCEEDED' ? PaymentIntentSucceeded : PaymentIntentFailed,
      toIntentEvent(changed),
      { key: changed.id },
    );
    return changed;
  }

  /**
   * One pass of the background work: the sandbox provider's due outcomes and the expiry of unpaid
   * intents. Returns how many intents changed.
   */
  async processDue(limit: number): Promise<number> {
    const changed = await this.repository.transaction(async (tx) => {
      const now = new Date();
      let count = 0;
      for (const intent of await this.repository.claimDue(tx, now, limit)) {
        const expired = expire(intent, now);
        if (expired) {
          await this.repository.updateIntent(tx, expired);
          await this.outbox.append(tx, PaymentIntentExpired, toIntentEvent(expired), {
            key: intent.id,
          });
          count += 1;
          continue;
        }
        if (intent.providerDueAt === null || intent.providerDueAt.getTime() > now.getTime())
          continue;
        const behaviour = sandboxBehaviour(intent.payer, intent.amountFen);
        const reference = sandboxReference('pay', intent.id);
        const outcome: ProviderOutcome =
          behaviour.kind === 'decline'
            ? {
                kind: 'failed',
                providerReference: reference,
                failureCode: behaviour.failureCode,
                failureMessage: behaviour.failureMessage,
              }
            : { kind: 'succeeded', providerReference: reference };
        if (await this.recordProviderOutcome(tx, intent, outcome, now)) count += 1;
      }
      return count;
    });
    if (changed > 0) this.outbox.notifyCommitted();
    return changed;
  }

  nextDueAt(): Promise<Date | undefined> {
    return this.repository.nextDueAt();
  }

  /**
   * Runs `work` once per idempotency key: a repeat with the same request returns the first result, a
   * repeat with another request is refused, and two first attempts racing end with one winner.
   */
  private async idempotent<T>(
    key: string,
    operation: string,
    requestHash: string,
    work: (tx: PaymentsTx) => Promise<{ resourceId: string; result: T }>,
    replay: (tx: PaymentsTx, resourceId: string) => Promise<T | undefined>,
  ): Promise<T> {
    const attempt = () =>
      this.repository.transaction(async (tx) => {
        const prior = await this.repository.findIdempotencyKey(tx, key);
        if (prior) {
          if (prior.operation !== operation || prior.requestHash !== requestHash)
            throw idempotencyKeyReused();
          const result = await replay(tx, prior.resourceId);
          if (result === undefined) throw new Error(`Idempotency record ${key} points nowhere`);
          return result;
        }
        const { resourceId, result } = await work(tx);
        await this.repository.saveIdempotencyKey(tx, key, { operation, requestHash, resourceId });
        return result;
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
