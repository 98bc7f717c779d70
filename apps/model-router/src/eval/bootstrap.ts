/** A deterministic uniform [0, 1) generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a of a text, mixed into a seed, so each group gets its own stream whatever the order. */
export function deriveSeed(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const clip01 = (value: number): number => Math.min(1, Math.max(0, value));

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Linear-interpolated quantile of sorted values (the usual "type 7" definition). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

export interface BootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  /** e.g. 0.95 for a 95% interval. */
  readonly confidence: number;
}

/** A mean clipped to [0, 1] with its percentile-bootstrap confidence interval. */
export interface ClippedMeanEstimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Standard deviation of the bootstrap means. */
  readonly bootstrapStd: number;
  readonly n: number;
}

/**
 * HealthBench's aggregate: the mean of per-example scores, clipped to [0, 1] (single scores may be
 * negative or, with tag subsets, above the positive total), and a percentile bootstrap interval of
 * that clipped mean from `resamples` resamples drawn with a seeded generator.
 */
export function bootstrapClippedMean(
  values: readonly number[],
  options: BootstrapOptions,
): ClippedMeanEstimate {
  if (values.length === 0) throw new Error('bootstrap of no values');
  if (!Number.isInteger(options.resamples) || options.resamples < 1) {
    throw new Error(`resamples must be a positive integer, got ${String(options.resamples)}`);
  }
  const random = seededRandom(options.seed);
  const n = values.length;
  const means = new Array<number>(options.resamples);
  for (let r = 0; r < options.resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += values[Math.floor(random() * n)] ?? 0;
    means[r] = clip01(sum / n);
  }
  means.sort((a, b) => a - b);
  const center = mean(means);
  let squares = 0;
  for (const value of means) squares += (value - center) ** 2;
  const alpha = 1 - options.confidence;
  return {
    mean: clip01(mean(values)),
    low: quantile(means, alpha / 2),
    high: quantile(means, 1 - alpha / 2),
    bootstrapStd: Math.sqrt(squares / means.length),
    n,
  };
}
