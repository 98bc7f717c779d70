import { z } from 'zod';

export const accessEnv = {
  /** How long a valid API key is trusted without a database read; also how long a revoked key may still work. */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
};
