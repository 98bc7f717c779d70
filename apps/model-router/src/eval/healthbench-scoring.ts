import { bootstrapClippedMean, deriveSeed } from './bootstrap';
import type { BootstrapOptions, ClippedMeanEstimate } from './bootstrap';
import type { RubricItem } from './healthbench-dataset';

/**
 * Points of the met items over the points of all positive items, or undefined when no item is
 * positive. Not clipped: a reply meeting negative items can score below 0 (HealthBench clips the
 * mean over examples, not each example).
 */
export function rubricScore(
  items: readonly RubricItem[],
  met: readonly boolean[],
): number | undefined {
  if (items.length !== met.length) {
    throw new Error(`${String(items.length)} rubric items but ${String(met.length)} grades`);
  }
  let possible = 0;
  let achieved = 0;
  items.forEach((item, index) => {
    if (item.points > 0) possible += item.points;
    if (met[index] === true) achieved += item.points;
  });
  return possible === 0 ? undefined : achieved / possible;
}

/** Scores of one graded example: overall, and per rubric-item tag (e.g. `axis:accuracy`). */
export interface ExampleScores {
  readonly score: number;
  readonly exampleTags: readonly string[];
  /** Rubric tags with at least one positive item in this example. */
  readonly rubricTagScores: Readonly<Record<string, number>>;
}

export function scoreExample(
  items: readonly RubricItem[],
  met: readonly boolean[],
  exampleTags: readonly string[],
): ExampleScores {
  const score = rubricScore(items, met);
  if (score === undefined) throw new Error('an example needs at least one positive rubric item');
  const byTag = new Map<string, { items: RubricItem[]; met: boolean[] }>();
  items.forEach((item, index) => {
    for (const tag of new Set(item.tags)) {
      const group = byTag.get(tag) ?? { items: [], met: [] };
      group.items.push(item);
      group.met.push(met[index] === true);
      byTag.set(tag, group);
    }
  });
  const rubricTagScores: Record<string, number> = {};
  for (const [tag, group] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
    const tagScore = rubricScore(group.items, group.met);
    if (tagScore !== undefined) rubricTagScores[tag] = tagScore;
  }
  return { score, exampleTags: [...new Set(exampleTags)], rubricTagScores };
}

export interface GroupScore extends ClippedMeanEstimate {
  /** e.g. `theme:emergency_referrals` or `axis:accuracy`. */
  readonly tag: string;
}

export interface ScoreSummary {
  readonly overall: ClippedMeanEstimate;
  /** Example tags starting with `theme:`: mean score of the examples carrying them. */
  readonly themes: readonly GroupScore[];
  /** Rubric tags starting with `axis:`: per example, the score over the items of that axis. */
  readonly axes: readonly GroupScore[];
  /** Every other example or rubric tag, scored the same way. */
  readonly otherTags: readonly GroupScore[];
}

function groups(values: Map<string, number[]>, options: BootstrapOptions): GroupScore[] {
  return [...values]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, scores]) => ({
      tag,
      ...bootstrapClippedMean(scores, { ...options, seed: deriveSeed(options.seed, tag) }),
    }));
}

/**
 * HealthBench's summary over the scored examples: the clipped mean with a bootstrap interval,
 * overall and per theme, axis and other tag. Each group draws from its own seeded stream, so a
 * group's interval does not change when other groups appear or vanish.
 */
export function summarizeScores(
  examples: readonly ExampleScores[],
  options: BootstrapOptions,
): ScoreSummary | undefined {
  if (examples.length === 0) return undefined;
  const themes = new Map<string, number[]>();
  const axes = new Map<string, number[]>();
  const other = new Map<string, number[]>();
  const add = (target: Map<string, number[]>, tag: string, score: number) => {
    const list = target.get(tag) ?? [];
    list.push(score);
    target.set(tag, list);
  };
  for (const example of examples) {
    for (const tag of example.exampleTags) {
      add(tag.startsWith('theme:') ? themes : other, tag, example.score);
    }
    for (const [tag, score] of Object.entries(example.rubricTagScores)) {
      add(tag.startsWith('axis:') ? axes : other, tag, score);
    }
  }
  return {
    overall: bootstrapClippedMean(
      examples.map((e) => e.score),
      { ...options, seed: deriveSeed(options.seed, 'overall') },
    ),
    themes: groups(themes, options),
    axes: groups(axes, options),
    otherTags: groups(other, options),
  };
}
