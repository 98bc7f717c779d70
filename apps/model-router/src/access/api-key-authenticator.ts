import { Inject, Injectable } from '@nestjs/common';
import { counter, tokenDigest } from '@meridian/platform';

import { bearerToken } from './api-key';
import { invalidApiKey, missingApiKey } from './access.errors';
import { ApiKeysRepository } from './api-keys.repository';

export const API_KEY_CACHE_MS = Symbol('API_KEY_CACHE_MS');

/** Who an authenticated HTTP request is from. */
export interface Caller {
  readonly partnerId: string;
  readonly keyId: string;
}

const outcomes = counter('model_router_api_key_checks_total', 'API key checks, by outcome', [
  'outcome',
]);

const MAX_CACHED_KEYS = 10_000;

/**
 * Authenticates `Authorization: Bearer <key>` against the stored digests. Valid keys are cached
 * for a short time (`API_KEY_CACHE_MS`), which is also how long a revoked key may still work.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { readonly until: number; readonly caller: Caller }>();

  constructor(
    private readonly keys: ApiKeysRepository,
    @Inject(API_KEY_CACHE_MS) private readonly cacheMs: number,
  ) {}

  /** The caller of a request, or an UNAUTHENTICATED DomainError. */
  async authenticate(authorization: string | undefined, nowMs = Date.now()): Promise<Caller> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      outcomes.inc({ outcome: 'missing' });
      throw missingApiKey();
    }
    const digest = tokenDigest(token);
    const cached = this.cache.get(digest);
    if (cached !== undefined && cached.until > nowMs) {
      outcomes.inc({ outcome: 'valid' });
      return cached.caller;
    }
    const key = await this.keys.findActive(digest);
    if (key === undefined) {
      this.cache.delete(digest);
      outcomes.inc({ outcome: 'invalid' });
      throw invalidApiKey();
    }
    const caller = { partnerId: key.partnerId, keyId: key.id };
    if (this.cacheMs > 0) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(digest, { until: nowMs + this.cacheMs, caller });
    }
    outcomes.inc({ outcome: 'valid' });
    return caller;
  }
}
