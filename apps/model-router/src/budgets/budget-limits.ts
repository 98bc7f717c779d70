/** Whom a call is billed to: the partner it was made for, or else the platform service that made it. */
export interface BudgetSubject {
  readonly kind: 'partner' | 'service';
  readonly id: string;
}

/** Calls that name neither a partner nor a service are billed here, so none goes uncounted. */
export const UNATTRIBUTED_SERVICE = 'unattributed';

export function subjectOf(context: {
  readonly partnerId: string;
  readonly service: string;
}): BudgetSubject {
  if (context.partnerId !== '') return { kind: 'partner', id: context.partnerId };
  return { kind: 'service', id: context.service === '' ? UNATTRIBUTED_SERVICE : context.service };
}

export function subjectKey(subject: BudgetSubject): string {
  return `${subject.kind}:${subject.id}`;
}

/** The limits of one subject; `null` means no limit on that dimension. */
export interface BudgetLimits {
  readonly requestsPerMinute: number | null;
  readonly tokensPerDay: number | null;
  readonly tokensPerMonth: number | null;
  readonly costFenPerDay: number | null;
  readonly costFenPerMonth: number | null;
}

export const LIMIT_NAMES = [
  'requestsPerMinute',
  'tokensPerDay',
  'tokensPerMonth',
  'costFenPerDay',
  'costFenPerMonth',
] as const satisfies readonly (keyof BudgetLimits)[];
export type LimitName = (typeof LIMIT_NAMES)[number];

/**
 * A subject's stored overrides: a number replaces the default, `null` lifts the limit, and a
 * dimension that is absent keeps the default.
 */
export type BudgetOverrides = Partial<Record<LimitName, number | null>>;

export function effectiveLimits(defaults: BudgetLimits, overrides: BudgetOverrides): BudgetLimits {
  const merged = { ...defaults };
  for (const name of LIMIT_NAMES) {
    const value = overrides[name];
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

export function isUnlimited(limits: BudgetLimits): boolean {
  return LIMIT_NAMES.every((name) => limits[name] === null);
}

/** The windows a reservation counts in, all UTC. */
export interface BudgetWindows {
  readonly minute: string;
  readonly day: string;
  readonly month: string;
  /** Epoch seconds at which each window ends. */
  readonly minuteEnds: number;
  readonly dayEnds: number;
  readonly monthEnds: number;
}

export function windowsAt(nowMs: number): BudgetWindows {
  const now = new Date(nowMs);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  const minute = Math.floor(nowMs / 60_000);
  return {
    minute: String(minute),
    day: `${y}${pad(m + 1)}${pad(d)}`,
    month: `${y}${pad(m + 1)}`,
    minuteEnds: (minute + 1) * 60,
    dayEnds: Date.UTC(y, m, d + 1) / 1000,
    monthEnds: Date.UTC(y, m + 1, 1) / 1000,
  };
}

/** What a call may consume at most: reserved before it runs, settled to its usage after. */
export interface UsageEstimate {
  readonly tokens: number;
  readonly costMicroFen: number;
}

export const MICRO_FEN_PER_FEN = 1_000_000;
