import { Inject, Injectable, Logger } from '@nestjs/common';
import { counter } from '@meridian/platform';

import type { BilledUsage } from '../routing/routing.types';
import { effectiveLimits, isUnlimited, MICRO_FEN_PER_FEN, subjectKey } from './budget-limits';
import type {
  BudgetLimits,
  BudgetOverrides,
  BudgetSubject,
  LimitName,
  UsageEstimate,
} from './budget-limits';
import { BudgetOverridesRepository } from './budget-overrides.repository';
import { BudgetStore } from './budget-store';
import type { CountedReservation, WindowUsage } from './budget-store';
import { BUDGET_OPTIONS } from './budget.config';
import type { BudgetOptions } from './budget.config';
import { budgetExhausted, budgetUnavailable } from './budget.errors';

/** A call admitted by its subject's budget; settled exactly once when the call ends. */
export interface Reservation {
  readonly subject: BudgetSubject;
  /** Undefined when the subject has no limits and Redis could not count the call. */
  readonly counted?: CountedReservation;
}

export interface BudgetStatus {
  readonly subject: BudgetSubject;
  readonly limits: BudgetLimits;
  readonly overrides: BudgetOverrides;
  readonly usage: WindowUsage;
}

const decisions = counter('model_router_budget_decisions_total', 'Budget checks, by outcome', [
  'subject_kind',
  'outcome',
]);

const MAX_CACHED_SUBJECTS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Redis did not answer within ${String(ms)} ms`));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed through as thrown
        reject(error);
      },
    );
  });
}

/**
 * Budgets per partner (and per platform service calling without one): requests per minute, tokens
 * and cost per UTC day and month. A call reserves its most expensive outcome before any model is
 * called and is settled to the usage of the attempt that answered; failed calls give it all back.
 */
@Injectable()
export class BudgetsService {
  private readonly logger = new Logger(BudgetsService.name);
  private readonly cache = new Map<
    string,
    { readonly at: number; readonly value: BudgetOverrides }
  >();

  constructor(
    private readonly store: BudgetStore,
    private readonly overrides: BudgetOverridesRepository,
    @Inject(BUDGET_OPTIONS) private readonly options: BudgetOptions,
  ) {}

  /** Admits the call or throws RESOURCE_EXHAUSTED (spent) / UNAVAILABLE (cannot check). */
  async reserve(
    subject: BudgetSubject,
    estimate: UsageEstimate,
    nowMs: number = Date.now(),
  ): Promise<Reservation> {
    const limits = await this.limitsOf(subject, nowMs);
    let outcome: Awaited<ReturnType<BudgetStore['reserve']>>;
    try {
      outcome = await withTimeout(
        this.store.reserve(subject, limits, estimate, nowMs),
        this.options.redisTimeoutMs,
      );
    } catch (error) {
      // Nothing to enforce: the call goes on uncounted (the ledger still bills it).
      if (isUnlimited(limits)) {
        decisions.inc({ subject_kind: subject.kind, outcome: 'uncounted' });
        this.logger.warn({ err: error, subject }, 'Budget counters unavailable; unlimited subject');
        return { subject };
      }
      decisions.inc({ subject_kind: subject.kind, outcome: 'unavailable' });
      this.logger.error({ err: error, subject }, 'Budget counters unavailable; call refused');
      throw budgetUnavailable(subject, error);
    }
    if (outcome.ok) {
      decisions.inc({ subject_kind: subject.kind, outcome: 'admitted' });
      return { subject, counted: outcome.reservation };
    }
    decisions.inc({ subject_kind: subject.kind, outcome: outcome.limit });
    const limitValue = limits[outcome.limit] ?? 0;
    throw budgetExhausted(
      subject,
      outcome.limit,
      limitValue,
      outcome.used,
      requestedFor(outcome.limit, estimate),
      outcome.retryAfterMs,
    );
  }

  /**
   * Replaces the reservation by the billed usage (undefined: the call failed, nothing is billed).
   * Never throws: a settlement that fails leaves the reservation counted, which errs on the safe
   * side.
   */
  settle(reservation: Reservation, usage: BilledUsage | undefined): void {
    const { counted } = reservation;
    if (counted === undefined) return;
    const actual =
      usage === undefined
        ? undefined
        : { tokens: usage.inputTokens + usage.outputTokens, costMicroFen: usage.costMicroFen };
    this.store.settle(counted, actual).catch((error: unknown) => {
      this.logger.error(
        { err: error, subject: reservation.subject, reserved: counted, actual },
        'Failed to settle a budget reservation; the reservation stays counted',
      );
    });
  }

  /** Limits in force, where they come from, and what the current windows have used. */
  async status(subject: BudgetSubject, nowMs: number = Date.now()): Promise<BudgetStatus> {
    const overrides = await this.overrides.find(subject);
    return {
      subject,
      limits: effectiveLimits(this.defaultsOf(subject), overrides),
      overrides,
      usage: await this.store.usage(subject, nowMs),
    };
  }

  private defaultsOf(subject: BudgetSubject): BudgetLimits {
    return subject.kind === 'partner' ? this.options.partnerDefaults : this.options.serviceDefaults;
  }

  private async limitsOf(subject: BudgetSubject, nowMs: number): Promise<BudgetLimits> {
    const key = subjectKey(subject);
    const cached = this.cache.get(key);
    const ttl = this.options.overridesCacheMs;
    if (cached !== undefined && nowMs - cached.at < ttl) {
      return effectiveLimits(this.defaultsOf(subject), cached.value);
    }
    let value: BudgetOverrides;
    try {
      value = await this.overrides.find(subject);
    } catch (error) {
      // Last known overrides beat refusing every call while the database blips.
      if (cached !== undefined) return effectiveLimits(this.defaultsOf(subject), cached.value);
      throw budgetUnavailable(subject, error);
    }
    if (ttl > 0) {
      if (this.cache.size >= MAX_CACHED_SUBJECTS) this.cache.clear();
      this.cache.set(key, { at: nowMs, value });
    }
    return effectiveLimits(this.defaultsOf(subject), value);
  }
}

function requestedFor(limit: LimitName, estimate: UsageEstimate): number {
  switch (limit) {
    case 'requestsPerMinute':
      return 1;
    case 'tokensPerDay':
    case 'tokensPerMonth':
      return estimate.tokens;
    case 'costFenPerDay':
    case 'costFenPerMonth':
      return Math.ceil(estimate.costMicroFen / MICRO_FEN_PER_FEN);
  }
}
