import type { Catalog, ModelSpec, Task } from '../src/catalog/catalog.schema';
import { TASKS, catalogSchema } from '../src/catalog/catalog.schema';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A valid OpenAI-compatible model entry (domestic, PHI not permitted); override what matters. */
export function modelEntry(
  id: string,
  overrides: DeepPartial<ModelSpec> = {},
): Record<string, unknown> {
  return {
    id,
    capabilities: ['chat', 'json', 'zh', 'en'],
    contextWindowTokens: 32_000,
    maxOutputTokens: 4_000,
    pricing: { inputMicroFenPer1kTokens: 2_000, outputMicroFenPer1kTokens: 8_000 },
    residency: 'domestic',
    phiPermitted: false,
    concurrencyLimit: 8,
    ...overrides,
    provider: {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:1/v1',
      upstreamModel: `${id}-upstream`,
      upstreamVersion: '2026-01-01',
      ...overrides.provider,
    },
    timeouts: { totalMs: 2_000, firstTokenMs: 300, idleMs: 200, ...overrides.timeouts },
    circuitBreaker: { failureThreshold: 3, openMs: 1_000, ...overrides.circuitBreaker },
  };
}

export interface RouteOverrides {
  attemptsPerCandidate?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxOutputTokens?: number;
}

/** A catalog of `models` where every task routes to `candidates` (default: all, in order). */
export function catalogOf(
  models: readonly Record<string, unknown>[],
  candidates: readonly string[] = models.map((m) => String(m['id'])),
  route: RouteOverrides = {},
): Catalog {
  const routes: Partial<Record<Task, unknown>> = {};
  for (const task of TASKS) {
    routes[task] = {
      strategy: 'priority',
      candidates,
      ...(route.maxOutputTokens === undefined ? {} : { maxOutputTokens: route.maxOutputTokens }),
      retry: {
        attemptsPerCandidate: route.attemptsPerCandidate ?? 2,
        baseDelayMs: route.baseDelayMs ?? 10,
        maxDelayMs: route.maxDelayMs ?? 2_000,
      },
    };
  }
  return catalogSchema.parse({ models, routes });
}
