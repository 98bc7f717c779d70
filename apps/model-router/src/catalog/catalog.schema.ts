import { z } from 'zod';

/** The tasks callers route by. A route per task; a request naming another task is rejected. */
export const TASKS = [
  'consult',
  'triage-assist',
  'report-explain',
  'record-draft',
  'eval-grade',
] as const;
export type Task = (typeof TASKS)[number];

/** Where a model runs relative to Meridian's trust boundary. */
export const RESIDENCIES = ['in-boundary', 'domestic', 'cross-border'] as const;
export type Residency = (typeof RESIDENCIES)[number];

export const CAPABILITIES = ['chat', 'reasoning', 'json', 'zh', 'en'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1–64 lower-case letters, digits, ".", "_" or "-"');
const positiveInt = z.number().int().min(1);
const ms = z.number().int().min(1).max(3_600_000);
const microFen = z.number().int().min(0).max(1e12);

const offlineProvider = z.strictObject({
  kind: z.literal('offline'),
  /** Pause between two streamed tokens, so clients see the answer arrive like a real model's. */
  tokenDelayMs: z.number().int().min(0).max(1_000).default(15),
});

/**
 * How a model continues an answer another model started (mid-stream failover): `prefix-flag` sends
 * the partial answer as a trailing assistant message marked `prefix: true` (DeepSeek's chat prefix
 * completion); `trailing-assistant` sends it as a plain trailing assistant message; `none` means the
 * model cannot continue someone else's answer and is not used for that.
 */
export const CONTINUATION_MODES = ['prefix-flag', 'trailing-assistant', 'none'] as const;
export type ContinuationMode = (typeof CONTINUATION_MODES)[number];

const openAiCompatibleProvider = z.strictObject({
  kind: z.literal('openai-compatible'),
  /** Up to and including the version path, e.g. `https://api.deepseek.com/v1`; `/chat/completions` is appended. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, '')),
  /** Name of the environment variable holding the API key. The key itself never sits in the catalog. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  /** The upstream model name sent as `model`, pinned (e.g. `deepseek-chat`). */
  upstreamModel: z.string().min(1).max(200),
  /** The upstream version this entry was validated against, recorded with every call. */
  upstreamVersion: z.string().min(1).max(100),
  continuation: z.enum(CONTINUATION_MODES).default('trailing-assistant'),
  /** Ask the upstream to stream; when false the adapter uses a plain JSON response. */
  streaming: z.boolean().default(true),
});

export const providerSchema = z.discriminatedUnion('kind', [
  offlineProvider,
  openAiCompatibleProvider,
]);

const timeoutsSchema = z
  .strictObject({
    /** Longest one attempt may take, from request to last chunk. */
    totalMs: ms,
    /** Longest wait for the first token (content or reasoning) of an attempt. */
    firstTokenMs: ms,
    /** Longest silence between two tokens; SSE keep-alive comments do not count as progress. */
    idleMs: ms,
  })
  .refine((t) => t.firstTokenMs <= t.totalMs && t.idleMs <= t.totalMs, {
    error: 'firstTokenMs and idleMs must not exceed totalMs',
  });

const circuitBreakerSchema = z.strictObject({
  /** Consecutive failures that open the circuit. */
  failureThreshold: positiveInt.max(1_000).default(5),
  /** How long an open circuit rejects traffic before one probe is let through. */
  openMs: ms.default(30_000),
});

export const modelSchema = z.strictObject({
  id: modelId,
  displayName: z.string().min(1).max(200).optional(),
  provider: providerSchema,
  capabilities: z.array(z.enum(CAPABILITIES)).min(1),
  contextWindowTokens: positiveInt.max(10_000_000),
  maxOutputTokens: positiveInt.max(1_000_000),
  /** Prices in millionths of a fen per 1 000 tokens, so per-call costs add up without rounding. */
  pricing: z.strictObject({
    inputMicroFenPer1kTokens: microFen,
    outputMicroFenPer1kTokens: microFen,
  }),
  residency: z.enum(RESIDENCIES),
  /** Whether unredacted PHI may be sent to this model (only meaningful inside the country). */
  phiPermitted: z.boolean(),
  /** Most calls in flight at once; further calls go to the next candidate. */
  concurrencyLimit: positiveInt.max(100_000),
  timeouts: timeoutsSchema,
  circuitBreaker: circuitBreakerSchema.default({ failureThreshold: 5, openMs: 30_000 }),
});

const retrySchema = z
  .strictObject({
    /** Attempts on one candidate before failing over (1 = no retry). Only before the first token. */
    attemptsPerCandidate: positiveInt.max(10).default(2),
    /** Backoff base; the n-th retry waits a random time up to base·2ⁿ⁻¹ (full jitter), capped. */
    baseDelayMs: z.number().int().min(0).max(60_000).default(200),
    /** Cap of one wait. A Retry-After longer than this fails over instead of waiting. */
    maxDelayMs: z.number().int().min(0).max(60_000).default(2_000),
  })
  .refine((r) => r.baseDelayMs <= r.maxDelayMs, {
    error: 'baseDelayMs must not exceed maxDelayMs',
  });

const routeBase = {
  /** Model ids in order of preference; with every strategy, later ones remain fallbacks. */
  candidates: z.array(modelId).min(1).max(20),
  /** Default output limit of the task; callers may ask for less, never more. */
  maxOutputTokens: positiveInt.max(1_000_000).default(1_024),
  temperature: z.number().min(0).max(2).optional(),
  retry: retrySchema.default({ attemptsPerCandidate: 2, baseDelayMs: 200, maxDelayMs: 2_000 }),
  /**
   * Capabilities every model answering this task must have, on top of those the request implies
   * (its language, a JSON answer). E.g. `["reasoning"]` for a task that needs a thinking model.
   */
  requires: z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length).default([]),
};

/** Candidates in the order given: the first eligible one answers, the others are fallbacks. */
const priorityRoute = z.strictObject({ strategy: z.literal('priority'), ...routeBase });

/**
 * Traffic split: each call draws its first candidate with probability proportional to its weight,
 * then the remaining weighted ones (drawn the same way), then the zero-weight ones in order.
 */
const weightedRoute = z.strictObject({
  strategy: z.literal('weighted'),
  ...routeBase,
  /** Weight per candidate id; a candidate without one has weight 0 (a fallback only). */
  weights: z.record(modelId, z.number().int().min(0).max(1_000_000)),
});

/**
 * Fastest first: candidates ordered by a moving average (EWMA) of their time to first token;
 * models without a measurement yet go first, so each is measured, and a small share of calls
 * explores a slower model so that estimates follow recoveries.
 */
const lowestLatencyRoute = z.strictObject({
  strategy: z.literal('lowest-latency'),
  ...routeBase,
  /** Weight of the newest measurement in the moving average (0 < α ≤ 1). */
  ewmaAlpha: z.number().gt(0).max(1).default(0.3),
  /** Share of calls sent to a random other candidate first, to refresh its estimate. */
  explorationRate: z.number().min(0).max(0.5).default(0.05),
});

/**
 * Cheapest first: candidates ordered by the expected cost of the request (estimated prompt tokens
 * at the input price plus `expectedOutputTokens` at the output price); ties keep the listed order.
 */
const cheapestRoute = z.strictObject({
  strategy: z.literal('cheapest'),
  ...routeBase,
  /** Output tokens assumed for the estimate; default: the route's output limit (the worst case). */
  expectedOutputTokens: positiveInt.max(1_000_000).optional(),
});

export const ROUTING_STRATEGIES = ['priority', 'weighted', 'lowest-latency', 'cheapest'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const routeSchema = z.discriminatedUnion('strategy', [
  priorityRoute,
  weightedRoute,
  lowestLatencyRoute,
  cheapestRoute,
]);

export const catalogSchema = z
  .strictObject({
    models: z.array(modelSchema).min(1),
    routes: z.partialRecord(z.enum(TASKS), routeSchema),
  })
  .superRefine((catalog, ctx) => {
    const ids = new Set<string>();
    catalog.models.forEach((model, index) => {
      if (ids.has(model.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'id'],
          message: `duplicates model id "${model.id}"`,
        });
      }
      ids.add(model.id);
      if (model.phiPermitted && model.residency === 'cross-border') {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'phiPermitted'],
          message: 'cannot be true for a cross-border model: PHI never leaves the country',
        });
      }
      if (model.maxOutputTokens > model.contextWindowTokens) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'maxOutputTokens'],
          message: 'must not exceed contextWindowTokens',
        });
      }
    });
    for (const [task, route] of Object.entries(catalog.routes)) {
      route.candidates.forEach((candidate, index) => {
        if (!ids.has(candidate)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', task, 'candidates', index],
            message: `names unknown model "${candidate}"`,
          });
        }
      });
      if (new Set(route.candidates).size !== route.candidates.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', task, 'candidates'],
          message: 'must not repeat a model',
        });
      }
      for (const capability of route.requires) {
        const able = route.candidates.some((id) =>
          catalog.models.find((m) => m.id === id)?.capabilities.includes(capability),
        );
        if (!able) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', task, 'requires'],
            message: `requires "${capability}", which no candidate of the route has`,
          });
        }
      }
      if (route.strategy === 'weighted') {
        for (const id of Object.keys(route.weights)) {
          if (!route.candidates.includes(id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['routes', task, 'weights', id],
              message: `weighs "${id}", which is not a candidate of the route`,
            });
          }
        }
        if (!Object.values(route.weights).some((w) => w > 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', task, 'weights'],
            message: 'must give at least one candidate a weight above 0',
          });
        }
      }
    }
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type ModelSpec = z.infer<typeof modelSchema>;
export type ProviderSpec = z.infer<typeof providerSchema>;
export type OpenAiCompatibleProviderSpec = Extract<ProviderSpec, { kind: 'openai-compatible' }>;
export type OfflineProviderSpec = Extract<ProviderSpec, { kind: 'offline' }>;
export type RouteSpec = z.infer<typeof routeSchema>;
export type RetrySpec = RouteSpec['retry'];
export type WeightedRouteSpec = Extract<RouteSpec, { strategy: 'weighted' }>;
export type LowestLatencyRouteSpec = Extract<RouteSpec, { strategy: 'lowest-latency' }>;
export type CheapestRouteSpec = Extract<RouteSpec, { strategy: 'cheapest' }>;
export type ModelTimeouts = ModelSpec['timeouts'];

export function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}
