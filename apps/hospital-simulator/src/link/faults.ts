import { z } from 'zod';

export const LINK_METHODS = [
  'GetSchedule',
  'HoldSlot',
  'ConfirmAppointment',
  'CancelAppointment',
  'FetchReport',
] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

/** How one simulated hospital misbehaves. Every knob defaults to "healthy". */
export const faultKnobsSchema = z.strictObject({
  /** Added before every answer. */
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  /** Random extra latency in [0, jitterMs). */
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of calls answered UNAVAILABLE (the HIS is down), before anything changes. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Share of calls never answered: the caller's deadline is the only way out. */
  timeoutRate: z.number().min(0).max(1).default(0),
  /** ConfirmAppointment is refused (FAILED_PRECONDITION, PATIENT_BLOCKED). */
  refuseConfirm: z.boolean().default(false),
  /** The methods the knobs apply to; empty means all. */
  methods: z.array(z.enum(LINK_METHODS)).max(LINK_METHODS.length).default([]),
});

export type FaultKnobs = z.infer<typeof faultKnobsSchema>;

/** `SIMULATOR_FAULTS`: hospital code (or `*` for every hospital) → knobs. */
export const faultTableSchema = z.record(
  z.string().regex(/^(\*|[A-Za-z0-9._-]{1,64})$/, 'must be a hospital code or *'),
  faultKnobsSchema,
);

export const HEALTHY: FaultKnobs = faultKnobsSchema.parse({});

/** What a fault decides for one call. */
export type FaultOutcome = 'answer' | 'unavailable' | 'no-answer';

export interface FaultDecision {
  readonly delayMs: number;
  readonly outcome: FaultOutcome;
}

/**
 * The fault knobs of every simulated hospital, settable at start-up (`SIMULATOR_FAULTS`) and at
 * run time (the admin HTTP endpoint). A hospital's own knobs replace the `*` knobs entirely.
 */
export class FaultTable {
  private readonly knobs = new Map<string, FaultKnobs>();

  constructor(
    initial: Readonly<Record<string, FaultKnobs>> = {},
    private readonly random: () => number = Math.random,
  ) {
    for (const [code, knobs] of Object.entries(initial)) this.knobs.set(code, knobs);
  }

  set(code: string, knobs: FaultKnobs): void {
    this.knobs.set(code, knobs);
  }

  clear(code: string): boolean {
    return this.knobs.delete(code);
  }

  clearAll(): void {
    this.knobs.clear();
  }

  /** The knobs in force for a hospital. */
  of(code: string): FaultKnobs {
    return this.knobs.get(code) ?? this.knobs.get('*') ?? HEALTHY;
  }

  snapshot(): Record<string, FaultKnobs> {
    return Object.fromEntries(this.knobs);
  }

  /** Rolls the dice for one call of `method` at hospital `code`. */
  decide(code: string, method: LinkMethod): FaultDecision {
    const knobs = this.of(code);
    if (knobs.methods.length > 0 && !knobs.methods.includes(method)) {
      return { delayMs: 0, outcome: 'answer' };
    }
    const delayMs = knobs.latencyMs + Math.floor(this.random() * knobs.jitterMs);
    const roll = this.random();
    if (roll < knobs.timeoutRate) return { delayMs, outcome: 'no-answer' };
    if (roll < knobs.timeoutRate + knobs.errorRate) return { delayMs, outcome: 'unavailable' };
    return { delayMs, outcome: 'answer' };
  }

  refusesConfirm(code: string): boolean {
    const knobs = this.of(code);
    return (
      knobs.refuseConfirm &&
      (knobs.methods.length === 0 || knobs.methods.includes('ConfirmAppointment'))
    );
  }
}
