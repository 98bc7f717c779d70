import { decideRetry, pollBackoffMs, retryDelayMs } from './retry-policy';
import type { RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1_000 };
const lowest = (): number => 0;
const highest = (): number => 1;

describe('retryDelayMs', () => {
  it('doubles with every failed attempt, jittered between half and all of the exponential delay', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, policy, lowest))).toEqual([
      100, 200, 400,
    ]);
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, policy, highest))).toEqual([
      200, 400, 800,
    ]);
  });

  it('never exceeds the maximum delay', () => {
    expect(retryDelayMs(10, policy, highest)).toBe(1_000);
    expect(retryDelayMs(50, policy, lowest)).toBe(500);
  });

  it('spreads consumers that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe('decideRetry', () => {
  it('retries until the attempts are used up, then gives up', () => {
    const decisions = [1, 2, 3, 4, 5].map((attempt) => decideRetry(attempt, policy, lowest));
    expect(decisions).toEqual([
      { action: 'retry', delayMs: 100 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 400 },
      { action: 'retry', delayMs: 500 },
      { action: 'give-up' },
    ]);
  });

  it('gives up at once when only one attempt is allowed', () => {
    expect(decideRetry(1, { ...policy, maxAttempts: 1 })).toEqual({ action: 'give-up' });
  });
});

describe('pollBackoffMs', () => {
  it('grows with consecutive failures up to the cap', () => {
    expect(pollBackoffMs(1, 100, 30_000, highest)).toBe(100);
    expect(pollBackoffMs(4, 100, 30_000, highest)).toBe(800);
    expect(pollBackoffMs(30, 100, 30_000, highest)).toBe(30_000);
  });
});
