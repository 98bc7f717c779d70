import { Injectable } from '@nestjs/common';
import { RedisService } from '@meridian/platform';

import { rateLimited } from '../auth/auth.errors';

export interface RateLimitDecision {
  readonly limit: number;
  readonly remaining: number;
  readonly resetSeconds: number;
  /** Throws RESOURCE_EXHAUSTED (429 with Retry-After) when the window is spent. */
  enforce(): void;
}

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows per client in Redis: one round trip (INCR + EXPIRE in a pipeline), shared
 * by every gateway replica.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly redis: RedisService) {}

  async consume(
    clientId: string,
    limit: number,
    now: number = Date.now(),
  ): Promise<RateLimitDecision> {
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    const key = `ratelimit:${clientId}:${window}`;
    const results = await this.redis.client
      .multi()
      .incr(key)
      .expire(key, WINDOW_SECONDS + 1)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const resetSeconds = (window + 1) * WINDOW_SECONDS - Math.floor(now / 1000);
    return {
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds,
      enforce: () => {
        if (count > limit) throw rateLimited(resetSeconds * 1000);
      },
    };
  }
}
