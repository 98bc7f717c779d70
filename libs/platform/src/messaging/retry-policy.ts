/** How often, and how patiently, a consumer retries a record whose handler failed. */
export interface RetryPolicy {
  /** Attempts in total, the first one included (`CONSUMER_MAX_ATTEMPTS`). */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles with every further one (`CONSUMER_RETRY_BACKOFF_MS`). */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, so that a large attempt count cannot stall a partition for minutes. */
  readonly maxDelayMs: number;
}

/** What to do after attempt number `failedAttempt` failed. */
export type RetryDecision =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'give-up' };

/**
 * Exponential backoff with "equal jitter": half of the exponential delay is fixed, the other half random,
 * so that consumers that failed together do not retry in lockstep but each still waits a while.
 */
export function retryDelayMs(
  failedAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1),
  );
  const half = exponential / 2;
  return Math.round(half + random() * half);
}

/** Retries while attempts remain, otherwise gives up (the caller dead-letters the record). */
export function decideRetry(
  failedAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (failedAttempt >= policy.maxAttempts) return { action: 'give-up' };
  return { action: 'retry', delayMs: retryDelayMs(failedAttempt, policy, random) };
}

/** Backoff of a polling loop after `consecutiveFailures` failures in a row, between `baseMs / 2` and `maxMs`. */
export function pollBackoffMs(
  consecutiveFailures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  return retryDelayMs(
    consecutiveFailures,
    { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: baseMs, maxDelayMs: maxMs },
    random,
  );
}
