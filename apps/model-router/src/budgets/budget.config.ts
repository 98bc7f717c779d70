import { z } from 'zod';

import type { BudgetLimits } from './budget-limits';

/** A whole number, or `unlimited`. */
const limit = (fallback: number | 'unlimited') =>
  z
    .string()
    .regex(/^(\d{1,15}|unlimited)$/, 'must be a whole number or "unlimited"')
    .default(String(fallback))
    .transform((value) => (value === 'unlimited' ? null : Number(value)));

/**
 * Budget defaults. Partners get finite ones out of the box; platform services calling without a
 * partner are counted but unlimited unless an override says otherwise.
 */
export const budgetEnv = {
  BUDGET_PARTNER_REQUESTS_PER_MINUTE: limit(600),
  BUDGET_PARTNER_TOKENS_PER_DAY: limit(2_000_000),
  BUDGET_PARTNER_TOKENS_PER_MONTH: limit(40_000_000),
  /** Fen (CNY minor units). */
  BUDGET_PARTNER_COST_FEN_PER_DAY: limit(50_000),
  BUDGET_PARTNER_COST_FEN_PER_MONTH: limit(1_000_000),
  BUDGET_SERVICE_REQUESTS_PER_MINUTE: limit('unlimited'),
  BUDGET_SERVICE_TOKENS_PER_DAY: limit('unlimited'),
  BUDGET_SERVICE_TOKENS_PER_MONTH: limit('unlimited'),
  BUDGET_SERVICE_COST_FEN_PER_DAY: limit('unlimited'),
  BUDGET_SERVICE_COST_FEN_PER_MONTH: limit('unlimited'),
  /** How long a subject's overrides are cached; `0` reads them on every call. */
  BUDGET_OVERRIDES_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Longest wait for Redis when reserving; past it the call fails closed (see the README). */
  BUDGET_REDIS_TIMEOUT_MS: z.coerce.number().int().min(1).max(10_000).default(250),
};

type BudgetEnv = { readonly [K in keyof typeof budgetEnv]: z.infer<(typeof budgetEnv)[K]> };

export interface BudgetOptions {
  readonly partnerDefaults: BudgetLimits;
  readonly serviceDefaults: BudgetLimits;
  readonly overridesCacheMs: number;
  readonly redisTimeoutMs: number;
}

export const BUDGET_OPTIONS = Symbol('BUDGET_OPTIONS');

export function budgetOptions(env: BudgetEnv): BudgetOptions {
  return {
    partnerDefaults: {
      requestsPerMinute: env.BUDGET_PARTNER_REQUESTS_PER_MINUTE,
      tokensPerDay: env.BUDGET_PARTNER_TOKENS_PER_DAY,
      tokensPerMonth: env.BUDGET_PARTNER_TOKENS_PER_MONTH,
      costFenPerDay: env.BUDGET_PARTNER_COST_FEN_PER_DAY,
      costFenPerMonth: env.BUDGET_PARTNER_COST_FEN_PER_MONTH,
    },
    serviceDefaults: {
      requestsPerMinute: env.BUDGET_SERVICE_REQUESTS_PER_MINUTE,
      tokensPerDay: env.BUDGET_SERVICE_TOKENS_PER_DAY,
      tokensPerMonth: env.BUDGET_SERVICE_TOKENS_PER_MONTH,
      costFenPerDay: env.BUDGET_SERVICE_COST_FEN_PER_DAY,
      costFenPerMonth: env.BUDGET_SERVICE_COST_FEN_PER_MONTH,
    },
    overridesCacheMs: env.BUDGET_OVERRIDES_CACHE_MS,
    redisTimeoutMs: env.BUDGET_REDIS_TIMEOUT_MS,
  };
}
