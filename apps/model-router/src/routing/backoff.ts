import type { RetrySpec } from '../catalog/catalog.schema';

/**
 * How long to wait before retry number `retry` (1 for the first retry): full jitter over an
 * exponentially growing window, capped; never less than the provider's Retry-After. Undefined when
 * the provider asks for a longer pause than the route allows: failing over is better than waiting.
 */
export function retryDelayMs(
  retry: number,
  policy: RetrySpec,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) return undefined;
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * window);
  return Math.max(jittered, retryAfterMs ?? 0);
}
