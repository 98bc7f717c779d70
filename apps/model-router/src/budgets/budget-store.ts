import { Injectable } from '@nestjs/common';
import { RedisService } from '@meridian/platform';
import type Redis from 'ioredis';

import { LIMIT_NAMES, MICRO_FEN_PER_FEN, subjectKey, windowsAt } from './budget-limits';
import type {
  BudgetLimits,
  BudgetSubject,
  BudgetWindows,
  LimitName,
  UsageEstimate,
} from './budget-limits';

// Checks every window against its limit and, only when all have room, counts the call in all of
// them: one script, so concurrent calls of one subject can never overshoot together.
// KEYS: requests/minute, tokens/day, tokens/month, cost/day, cost/month (micro-fen).
// ARGV: the five limits (-1: none), tokens, cost, then the five expiry times (epoch seconds).
const RESERVE = `
local amounts = {1, tonumber(ARGV[6]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[7])}
for i = 1, 5 do
  local limit = tonumber(ARGV[i])
  if limit >= 0 then
    local used = tonumber(redis.call('GET', KEYS[i]) or '0')
    if used + amounts[i] > limit then
      return {i, used}
    end
  end
end
for i = 1, 5 do
  redis.call('INCRBY', KEYS[i], amounts[i])
  redis.call('EXPIREAT', KEYS[i], tonumber(ARGV[7 + i]))
end
return {0, 0}
`;

// Replaces a reservation by what the call consumed (a negative delta gives back what it did not).
// KEYS: tokens/day, tokens/month, cost/day, cost/month. ARGV: token delta, cost delta.
const SETTLE = `
for i = 1, 4 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('INCRBY', KEYS[i], i <= 2 and ARGV[1] or ARGV[2])
  end
end
return 1
`;

type BudgetRedis = Redis & {
  budgetReserve(...keysAndArgs: (string | number)[]): Promise<[number, number]>;
  budgetSettle(...keysAndArgs: (string | number)[]): Promise<number>;
};

/** Keys outlive their window a little, so a late settlement still finds them. */
const GRACE_SECONDS = 3_600;

/** Where a subject's windows are counted. One hash tag per subject keeps them in one cluster slot. */
export function budgetKeys(subject: BudgetSubject, windows: BudgetWindows): readonly string[] {
  const tag = `budget:{${subjectKey(subject)}}`;
  return [
    `${tag}:rpm:${windows.minute}`,
    `${tag}:tokens:d:${windows.day}`,
    `${tag}:tokens:m:${windows.month}`,
    `${tag}:cost:d:${windows.day}`,
    `${tag}:cost:m:${windows.month}`,
  ];
}

/** A call counted in its subject's windows, to be settled once it ends. */
export interface CountedReservation {
  readonly keys: readonly string[];
  readonly tokens: number;
  readonly costMicroFen: number;
}

export type ReserveOutcome =
  | { readonly ok: true; readonly reservation: CountedReservation }
  | {
      readonly ok: false;
      readonly limit: LimitName;
      /** What the window had used before this call (fen for cost limits). */
      readonly used: number;
      readonly retryAfterMs: number;
    };

/** What a subject has used in the current windows. */
export interface WindowUsage {
  readonly requestsThisMinute: number;
  readonly tokensToday: number;
  readonly tokensThisMonth: number;
  readonly costMicroFenToday: number;
  readonly costMicroFenThisMonth: number;
}

function limitArg(limits: BudgetLimits, name: LimitName): number {
  const value = limits[name];
  if (value === null) return -1;
  return name === 'costFenPerDay' || name === 'costFenPerMonth' ? value * MICRO_FEN_PER_FEN : value;
}

/** Budget counters in Redis: atomic reservation and settlement per subject and window. */
@Injectable()
export class BudgetStore {
  private readonly redis: BudgetRedis;

  constructor(redis: RedisService) {
    const client = redis.client;
    client.defineCommand('budgetReserve', { numberOfKeys: 5, lua: RESERVE });
    client.defineCommand('budgetSettle', { numberOfKeys: 4, lua: SETTLE });
    this.redis = client as BudgetRedis;
  }

  async reserve(
    subject: BudgetSubject,
    limits: BudgetLimits,
    estimate: UsageEstimate,
    nowMs: number,
  ): Promise<ReserveOutcome> {
    const windows = windowsAt(nowMs);
    const keys = budgetKeys(subject, windows);
    const ends = [
      windows.minuteEnds,
      windows.dayEnds,
      windows.monthEnds,
      windows.dayEnds,
      windows.monthEnds,
    ];
    const [index, used] = await this.redis.budgetReserve(
      ...keys,
      ...LIMIT_NAMES.map((name) => limitArg(limits, name)),
      estimate.tokens,
      estimate.costMicroFen,
      ...ends.map((end) => end + GRACE_SECONDS),
    );
    if (index === 0) {
      return {
        ok: true,
        reservation: { keys, tokens: estimate.tokens, costMicroFen: estimate.costMicroFen },
      };
    }
    const limit = LIMIT_NAMES[index - 1];
    const end = ends[index - 1];
    if (limit === undefined || end === undefined) {
      throw new Error(`Budget script answered an unknown window ${String(index)}`);
    }
    return {
      ok: false,
      limit,
      used:
        limit === 'costFenPerDay' || limit === 'costFenPerMonth'
          ? Math.ceil(used / MICRO_FEN_PER_FEN)
          : used,
      retryAfterMs: Math.max(1_000, end * 1000 - nowMs),
    };
  }

  /** Replaces the reservation by the usage of the attempt that answered (none for a failed call). */
  async settle(
    reservation: CountedReservation,
    actual: { readonly tokens: number; readonly costMicroFen: number } | undefined,
  ): Promise<void> {
    const tokens = (actual?.tokens ?? 0) - reservation.tokens;
    const cost = (actual?.costMicroFen ?? 0) - reservation.costMicroFen;
    if (tokens === 0 && cost === 0) return;
    await this.redis.budgetSettle(...reservation.keys.slice(1), tokens, cost);
  }

  /** The subject's usage in the windows of `nowMs`. */
  async usage(subject: BudgetSubject, nowMs: number): Promise<WindowUsage> {
    const values = await this.redis.mget(...budgetKeys(subject, windowsAt(nowMs)));
    const at = (i: number) => Number(values[i] ?? 0);
    return {
      requestsThisMinute: at(0),
      tokensToday: at(1),
      tokensThisMonth: at(2),
      costMicroFenToday: at(3),
      costMicroFenThisMonth: at(4),
    };
  }
}
