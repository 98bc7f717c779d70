import type { Catalog, Task } from './catalog.schema';
import { TASKS, catalogSchema } from './catalog.schema';

/** Id of the built-in offline clinical model. */
export const OFFLINE_MODEL_ID = 'offline-clinical';

// Every task routes to the built-in model, so the platform answers out of the box without keys.
const raw = {
  models: [
    {
      id: OFFLINE_MODEL_ID,
      displayName: 'Meridian offline clinical model',
      provider: { kind: 'offline', tokenDelayMs: 15 },
      capabilities: ['chat', 'json', 'zh', 'en'],
      contextWindowTokens: 32_768,
      maxOutputTokens: 4_096,
      pricing: { inputMicroFenPer1kTokens: 0, outputMicroFenPer1kTokens: 0 },
      residency: 'in-boundary',
      phiPermitted: true,
      concurrencyLimit: 256,
      timeouts: { totalMs: 120_000, firstTokenMs: 10_000, idleMs: 10_000 },
    },
  ],
  routes: Object.fromEntries(
    TASKS.map((task) => [task, { strategy: 'priority', candidates: [OFFLINE_MODEL_ID] }]),
  ) as Record<Task, unknown>,
};

/** The catalog used when MODEL_CATALOG_PATH is not set. */
export function defaultCatalog(): Catalog {
  return catalogSchema.parse(raw);
}
