import { randomBytes } from 'node:crypto';
import { RedisService } from '@meridian/platform';
import { testInfra } from '@meridian/testing';

import type { BudgetLimits, BudgetSubject } from './budget-limits';
import { BudgetStore } from './budget-store';

const unlimited: BudgetLimits = {
  requestsPerMinute: null,
  tokensPerDay: null,
  tokensPerMonth: null,
  costFenPerDay: null,
  costFenPerMonth: null,
};

let redis: RedisService;
let store: BudgetStore;

beforeAll(async () => {
  redis = new RedisService({
    url: testInfra.redisUrl,
    keyPrefix: `test-budgets-${randomBytes(4).toString('hex')}:`,
  });
  await redis.onModuleInit();
  store = new BudgetStore(redis);
});

afterAll(async () => {
  await redis.onApplicationShutdown();
});

const subject = (): BudgetSubject => ({
  kind: 'partner',
  id: `p-${randomBytes(4).toString('hex')}`,
});
// 20 s into the current minute: the keys' expiry is real time, so the windows must be current.
const now = Math.floor(Date.now() / 60_000) * 60_000 + 20_000;
const nextMonth = () => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

describe(BudgetStore.name, () => {
  it('admits exactly the limit of concurrent requests in a minute', async () => {
    const who = subject();
    const limits = { ...unlimited, requestsPerMinute: 7 };
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        store.reserve(who, limits, { tokens: 10, costMicroFen: 10 }, now),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(7);
    // 40 s left in the minute.
    expect(outcomes.find((o) => !o.ok)).toEqual({
      ok: false,
      limit: 'requestsPerMinute',
      used: 7,
      retryAfterMs: 40_000,
    });
    // The next minute is a new window.
    const later = await store.reserve(who, limits, { tokens: 1, costMicroFen: 1 }, now + 40_000);
    expect(later.ok).toBe(true);
  });

  it('reserves the estimate, settles to the actual usage, and gives everything back on failure', async () => {
    const who = subject();
    const limits = { ...unlimited, tokensPerDay: 1_000, costFenPerMonth: 2 };
    const first = await store.reserve(who, limits, { tokens: 600, costMicroFen: 1_500_000 }, now);
    if (!first.ok) throw new Error('first reservation refused');
    // 600 reserved: another 600 does not fit today.
    const second = await store.reserve(who, limits, { tokens: 600, costMicroFen: 1 }, now);
    expect(second).toMatchObject({ ok: false, limit: 'tokensPerDay', used: 600 });
    await store.settle(first.reservation, { tokens: 150, costMicroFen: 400_000 });
    expect(await store.usage(who, now)).toMatchObject({
      tokensToday: 150,
      tokensThisMonth: 150,
      costMicroFenToday: 400_000,
      costMicroFenThisMonth: 400_000,
    });
    const third = await store.reserve(who, limits, { tokens: 600, costMicroFen: 1_500_000 }, now);
    if (!third.ok) throw new Error('third reservation refused');
    // The cost per month (2 fen) is now what stops a call.
    const fourth = await store.reserve(who, limits, { tokens: 1, costMicroFen: 200_000 }, now);
    expect(fourth).toMatchObject({ ok: false, limit: 'costFenPerMonth', used: 2 });
    expect(fourth.ok ? undefined : fourth.retryAfterMs).toBe(nextMonth() - now);
    await store.settle(third.reservation, undefined);
    expect(await store.usage(who, now)).toMatchObject({
      // Refused calls are not counted.
      requestsThisMinute: 2,
      tokensToday: 150,
      costMicroFenThisMonth: 400_000,
    });
  });

  it('refuses a request that alone exceeds a limit, and counts nothing for it', async () => {
    const who = subject();
    const outcome = await store.reserve(
      who,
      { ...unlimited, tokensPerDay: 100 },
      { tokens: 101, costMicroFen: 0 },
      now,
    );
    expect(outcome).toMatchObject({ ok: false, limit: 'tokensPerDay', used: 0 });
    expect(await store.usage(who, now)).toMatchObject({ requestsThisMinute: 0, tokensToday: 0 });
  });
});
