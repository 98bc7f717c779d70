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

// A discriminated union so that weighted, lowest-latency and cheapest strategies slot in beside it.
const priorityRoute = z.strictObject({
  strategy: z.literal('priority'),
  /** Model ids in order of preference; later ones are fallbacks. */
  candidates: z.array(modelId).min(1).max(20),
  /** Default output limit of the task; callers may ask for less, never more. */
  maxOutputTokens: positiveInt.max(1_000_000).default(1_024),
  temperature: z.number().min(0).max(2).optional(),
  retry: retrySchema.default({ attemptsPerCandidate: 2, baseDelayMs: 200, maxDelayMs: 2_000 }),
});

export const routeSchema = z.discriminatedUnion('strategy', [priorityRoute]);

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
    }
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type ModelSpec = z.infer<typeof modelSchema>;
export type ProviderSpec = z.infer<typeof providerSchema>;
export type OpenAiCompatibleProviderSpec = Extract<ProviderSpec, { kind: 'openai-compatible' }>;
export type OfflineProviderSpec = Extract<ProviderSpec, { kind: 'offline' }>;
export type RouteSpec = z.infer<typeof routeSchema>;
export type RetrySpec = RouteSpec['retry'];
export type ModelTimeouts = ModelSpec['timeouts'];

export function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}
