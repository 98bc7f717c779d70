import type { ModelSpec, RouteSpec } from '../catalog/catalog.schema';
import type { LatencyTracker } from './latency-tracker';

/** The candidates of one call in the order they will be tried, and why the first comes first. */
export interface CandidateOrder<T> {
  readonly ordered: readonly T[];
  readonly reason: string;
}

export interface StrategyInputs {
  /** Uniform in [0, 1); injected so that tests are deterministic. */
  readonly random: () => number;
  readonly latency: LatencyTracker;
  /** Estimated tokens of the prompt, for the expected cost. */
  readonly promptTokens: number;
  /** The output limit of the call, the default expected output for the cost. */
  readonly maxOutputTokens: number;
}

/** Expected cost of a request on a model, in millionths of a fen. */
export function expectedCostMicroFen(
  spec: Pick<ModelSpec, 'pricing' | 'maxOutputTokens'>,
  promptTokens: number,
  outputTokens: number,
): number {
  const output = Math.min(outputTokens, spec.maxOutputTokens);
  return Math.ceil(
    (promptTokens * spec.pricing.inputMicroFenPer1kTokens +
      output * spec.pricing.outputMicroFenPer1kTokens) /
      1000,
  );
}

/**
 * Orders the eligible candidates of a route (given in the route's order) by its strategy. Every
 * strategy keeps all candidates: the ones after the first are the failover order.
 */
export function orderCandidates<T extends { readonly spec: ModelSpec }>(
  route: RouteSpec,
  candidates: readonly T[],
  inputs: StrategyInputs,
): CandidateOrder<T> {
  if (candidates.length === 0) return { ordered: [], reason: route.strategy };
  switch (route.strategy) {
    case 'priority':
      return { ordered: candidates, reason: 'primary' };
    case 'weighted':
      return weighted(route.weights, candidates, inputs.random);
    case 'lowest-latency':
      return lowestLatency(route.explorationRate, candidates, inputs);
    case 'cheapest':
      return cheapest(route.expectedOutputTokens, candidates, inputs);
  }
}

function weighted<T extends { readonly spec: ModelSpec }>(
  weights: Readonly<Record<string, number>>,
  candidates: readonly T[],
  random: () => number,
): CandidateOrder<T> {
  const weightOf = (c: T) => weights[c.spec.id] ?? 0;
  const pool = candidates.filter((c) => weightOf(c) > 0);
  const unweighted = candidates.filter((c) => weightOf(c) === 0);
  if (pool.length === 0) {
    // Every weighted candidate was filtered out by policy: the fallbacks keep their order.
    return {
      ordered: unweighted,
      reason: `weighted: no weighted candidate eligible, fallback ${unweighted[0]?.spec.id ?? ''}`,
    };
  }
  const total = pool.reduce((sum, c) => sum + weightOf(c), 0);
  const drawn: T[] = [];
  // Draws without replacement, each in proportion to its weight among those left.
  while (pool.length > 0) {
    const left = pool.reduce((sum, c) => sum + weightOf(c), 0);
    let point = random() * left;
    let index = pool.length - 1;
    for (let i = 0; i < pool.length; i++) {
      const candidate = pool[i];
      if (candidate === undefined) continue;
      point -= weightOf(candidate);
      if (point < 0) {
        index = i;
        break;
      }
    }
    drawn.push(...pool.splice(index, 1));
  }
  const first = drawn[0];
  return {
    ordered: [...drawn, ...unweighted],
    reason: `weighted: drew ${first?.spec.id ?? ''} (weight ${first === undefined ? 0 : weightOf(first)} of ${total})`,
  };
}

function lowestLatency<T extends { readonly spec: ModelSpec }>(
  explorationRate: number,
  candidates: readonly T[],
  { latency, random }: StrategyInputs,
): CandidateOrder<T> {
  const untried = candidates.filter((c) => latency.estimate(c.spec.id) === undefined);
  // A stable sort: equal estimates keep the listed order.
  const measured = candidates
    .filter((c) => latency.estimate(c.spec.id) !== undefined)
    .map((c, index) => ({ c, index, ms: latency.estimate(c.spec.id) ?? 0 }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ c }) => c);
  const describe = (c: T | undefined) =>
    `${c?.spec.id ?? ''} (~${Math.round(latency.estimate(c?.spec.id ?? '') ?? 0)} ms to first token)`;
  const firstUntried = untried[0];
  if (firstUntried !== undefined) {
    return {
      ordered: [...untried, ...measured],
      reason: `lowest-latency: ${firstUntried.spec.id} not measured yet, trying it first`,
    };
  }
  const [fastest, ...slower] = measured;
  if (slower.length > 0 && explorationRate > 0 && random() < explorationRate) {
    const index = Math.min(slower.length - 1, Math.floor(random() * slower.length));
    const explored = slower[index];
    if (explored !== undefined && fastest !== undefined) {
      return {
        ordered: [explored, fastest, ...slower.filter((_, i) => i !== index)],
        reason: `lowest-latency: exploring ${describe(explored)} instead of ${describe(fastest)}`,
      };
    }
  }
  const next = slower[0];
  return {
    ordered: measured,
    reason: `lowest-latency: ${describe(fastest)} is the fastest${next === undefined ? '' : `; next ${describe(next)}`}`,
  };
}

function cheapest<T extends { readonly spec: ModelSpec }>(
  expectedOutputTokens: number | undefined,
  candidates: readonly T[],
  { promptTokens, maxOutputTokens }: StrategyInputs,
): CandidateOrder<T> {
  const output = expectedOutputTokens ?? maxOutputTokens;
  const costed = candidates
    .map((c, index) => ({ c, index, cost: expectedCostMicroFen(c.spec, promptTokens, output) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index);
  const [first, next] = costed;
  const tie = next !== undefined && first !== undefined && next.cost === first.cost;
  const detail =
    next === undefined
      ? ''
      : tie
        ? `; tied with ${next.c.spec.id}, listed first`
        : `; next ${next.c.spec.id} ~${next.cost} µfen`;
  return {
    ordered: costed.map(({ c }) => c),
    reason: `cheapest: ${first?.c.spec.id ?? ''} at ~${first?.cost ?? 0} µfen expected for ~${promptTokens} prompt and ${output} output tokens${detail}`,
  };
}
