import { retryDelayMs } from './backoff';

const policy = { attemptsPerCandidate: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe(retryDelayMs.name, () => {
  it('draws from a window that doubles with each retry, up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, undefined, top))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(retryDelayMs(3, policy, undefined, () => 0)).toBe(0);
  });

  it('never waits less than Retry-After', () => {
    expect(retryDelayMs(1, policy, 700, () => 0)).toBe(700);
  });

  it('declines to wait longer than the cap', () => {
    expect(retryDelayMs(1, policy, 5_000, () => 0)).toBeUndefined();
  });
});
