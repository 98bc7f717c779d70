import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SettlementReversed, SettlementSettled } from '@meridian/contracts';
import { OutboxWriter, uuidv7 } from '@meridian/platform';

import type { InsuranceCertificatesConfig } from '../config';
import { INSURANCE_CONFIG } from '../config';
import { priceUnderPlaceholderRule } from './coverage-rule';
import type { FeeItem } from './coverage-rule';
import {
  alreadySettled,
  concurrentRequest,
  idempotencyKeyReused,
  paymentRequired,
  quoteExpired,
  quoteNotFound,
  settlementNotFound,
} from './settlement.errors';
import { SettlementRepository, isUniqueViolation } from './settlement.repository';
import type { SettlementTx } from './settlement.repository';
import { toSettlementEvent } from './settlement';
import type { CoverageQuote, SettlementRecord } from './settlement';

export interface QuoteRequest {
  readonly certificateId: string;
  readonly hospitalId: string;
  readonly hospitalRegionCode: string;
  readonly appointmentId: string;
  readonly items: readonly FeeItem[];
}

const Operation = {
  quote: 'QuoteSettlement',
  settle: 'Settle',
  reverse: 'ReverseSettlement',
} as const;

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex');
}

/**
 * Quotes the split of a visit, settles the insured part of a quote at most once and reverses it.
 * Commands are idempotent on their key; changes and their events commit together.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly repository: SettlementRepository,
    private readonly outbox: OutboxWriter,
    @Inject(INSURANCE_CONFIG) private readonly config: InsuranceCertificatesConfig,
  ) {}

  quote(idempotencyKey: string, request: QuoteRequest): Promise<CoverageQuote> {
    return this.idempotent(
      idempotencyKey,
      Operation.quote,
      hashOf(request),
      async (tx) => {
        const now = new Date();
        const split = priceUnderPlaceholderRule(request.items);
        const quote: CoverageQuote = {
          id: uuidv7(),
          certificateId: request.certificateId,
          hospitalId: request.hospitalId,
          hospitalRegionCode: request.hospitalRegionCode,
          appointmentId: request.appointmentId,
          ...split,
          expiresAt: new Date(now.getTime() + this.config.QUOTE_TTL_MS),
          createdAt: now,
        };
        await this.repository.insertQuote(tx, quote);
        return { resourceId: quote.id, result: quote };
      },
      (tx, id) => this.repository.findQuote(id, tx),
    );
  }

  async settle(
    idempotencyKey: string,
    quoteId: string,
    paymentIntentId: string,
  ): Promise<SettlementRecord> {
    const settlement = await this.idempotent(
      idempotencyKey,
      Operation.settle,
      hashOf({ quoteId, paymentIntentId }),
      async (tx) => {
        const quote = await this.repository.findQuoteForUpdate(tx, quoteId);
        if (!quote) throw quoteNotFound(quoteId);
        const existing = await this.repository.findSettlementOfQuote(tx, quoteId);
        if (existing) throw alreadySettled(quoteId, existing.id);
        const now = new Date();
        if (quote.expiresAt.getTime() <= now.getTime()) throw quoteExpired(quoteId);
        if (quote.patientPayableFen > 0n && paymentIntentId === '') throw paymentRequired(quoteId);
        const settled: SettlementRecord = {
          id: uuidv7(),
          quoteId,
          certificateId: quote.certificateId,
          appointmentId: quote.appointmentId,
          status: 'SETTLED',
          coveredFen: quote.coveredFen,
          patientPaidFen: quote.patientPayableFen,
          paymentIntentId,
          reversalReason: '',
          settledAt: now,
          reversedAt: null,
          version: 1,
        };
        await this.repository.insertSettlement(tx, settled);
        await this.outbox.append(tx, SettlementSettled, toSettlementEvent(settled), {
          key: settled.id,
        });
        this.logger.log({ settlementId: settled.id, quoteId }, 'settled');
        return { resourceId: settled.id, result: settled };
      },
      (tx, id) => this.repository.findSettlement(id, tx),
    );
    this.outbox.notifyCommitted();
    return settlement;
  }

  /** Reverses a settlement in full; reversing a reversed settlement returns it unchanged. */
  async reverse(
    idempotencyKey: string,
    settlementId: string,
    reason: string,
  ): Promise<SettlementRecord> {
    const settlement = await this.idempotent(
      idempotencyKey,
      Operation.reverse,
      hashOf({ settlementId, reason }),
      async (tx) => {
        const current = await this.repository.findSettlementForUpdate(tx, settlementId);
        if (!current) throw settlementNotFound(settlementId);
        if (current.status === 'REVERSED') return { resourceId: current.id, result: current };
        const reversed: SettlementRecord = {
          ...current,
          status: 'REVERSED',
          reversalReason: reason,
          reversedAt: new Date(),
          version: current.version + 1,
        };
        await this.repository.updateSettlement(tx, reversed);
        await this.outbox.append(tx, SettlementReversed, toSettlementEvent(reversed), {
          key: reversed.id,
        });
        this.logger.log({ settlementId, reason }, 'settlement reversed');
        return { resourceId: reversed.id, result: reversed };
      },
      (tx, id) => this.repository.findSettlement(id, tx),
    );
    this.outbox.notifyCommitted();
    return settlement;
  }

  async get(settlementId: string): Promise<SettlementRecord> {
    const settlement = await this.repository.findSettlement(settlementId);
    if (!settlement) throw settlementNotFound(settlementId);
    return settlement;
  }

  /**
   * Runs `work` once per idempotency key: a repeat with the same request returns the first result, a
   * repeat with another request is refused, and two first attempts racing end with one winner.
   */
  private async idempotent<T>(
    key: string,
    operation: string,
    requestHash: string,
    work: (tx: SettlementTx) => Promise<{ resourceId: string; result: T }>,
    replay: (tx: SettlementTx, resourceId: string) => Promise<T | undefined>,
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
