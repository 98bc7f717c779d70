import { bootstrapClippedMean, deriveSeed, quantile, seededRandom } from './bootstrap';
import type { RubricItem } from './healthbench-dataset';
import { rubricScore, scoreExample, summarizeScores } from './healthbench-scoring';
import type { ExampleScores } from './healthbench-scoring';

const item = (points: number, ...tags: string[]): RubricItem => ({
  criterion: `criterion worth ${String(points)}`,
  points,
  tags,
});

const options = { resamples: 1000, seed: 7, confidence: 0.95 };

describe(rubricScore.name, () => {
  const items = [item(10), item(5), item(-5)];

  it('divides the points of met items by the positive points', () => {
    expect(rubricScore(items, [true, true, false])).toBe(1);
    expect(rubricScore(items, [true, false, false])).toBeCloseTo(10 / 15, 12);
    expect(rubricScore(items, [true, false, true])).toBeCloseTo(5 / 15, 12);
    expect(rubricScore(items, [false, false, false])).toBe(0);
  });

  it('lets a reply that meets only undesirable items score below zero', () => {
    expect(rubricScore(items, [false, false, true])).toBeCloseTo(-5 / 15, 12);
  });

  it('has no score without a positive item, and refuses grades that do not match the items', () => {
    expect(rubricScore([item(-3)], [true])).toBeUndefined();
    expect(() => rubricScore(items, [true])).toThrow('3 rubric items but 1 grades');
  });
});

describe(scoreExample.name, () => {
  it('scores each rubric tag over its own items and skips tags without positive points', () => {
    const scores = scoreExample(
      [
        item(10, 'axis:accuracy', 'level:example'),
        item(5, 'axis:completeness', 'level:example'),
        item(-5, 'axis:accuracy', 'level:example'),
        item(3, 'axis:completeness', 'level:example'),
        item(-2, 'axis:safety'),
      ],
      [true, false, true, true, true],
      ['theme:emergency_referrals', 'theme:emergency_referrals'],
    );
    expect(scores.score).toBeCloseTo((10 - 5 + 3 - 2) / 18, 12);
    expect(scores.rubricTagScores).toEqual({
      'axis:accuracy': 0.5,
      'axis:completeness': 3 / 8,
      'level:example': 8 / 18,
    });
    expect(scores.exampleTags).toEqual(['theme:emergency_referrals']);
  });
});

describe(summarizeScores.name, () => {
  const example = (
    score: number,
    theme: string,
    axes: Record<string, number> = {},
  ): ExampleScores => ({
    score,
    exampleTags: [theme, 'physician_agreed_category:enough-context'],
    rubricTagScores: axes,
  });

  it('clips the mean, not each example, overall and per theme and axis', () => {
    const summary = summarizeScores(
      [
        example(1, 'theme:a', { 'axis:accuracy': 1 }),
        example(0.5, 'theme:a', { 'axis:accuracy': 0.25, 'axis:completeness': 1 }),
        example(-0.2, 'theme:b', { 'axis:accuracy': -0.5 }),
      ],
      options,
    );
    expect(summary?.overall.mean).toBeCloseTo(1.3 / 3, 12);
    expect(summary?.overall.n).toBe(3);
    expect(summary?.themes.map((t) => [t.tag, t.mean, t.n])).toEqual([
      ['theme:a', 0.75, 2],
      ['theme:b', 0, 1],
    ]);
    expect(summary?.axes.map((t) => [t.tag, t.mean, t.n])).toEqual([
      ['axis:accuracy', 0.25, 3],
      ['axis:completeness', 1, 1],
    ]);
    expect(summary?.otherTags.map((t) => [t.tag, t.n])).toEqual([
      ['physician_agreed_category:enough-context', 3],
    ]);
  });

  it('gives a group the same interval whatever other groups are present', () => {
    const base = [example(1, 'theme:a'), example(0.2, 'theme:a'), example(0.6, 'theme:a')];
    const alone = summarizeScores(base, options);
    const withOthers = summarizeScores(
      [...base, example(0, 'theme:z'), example(1, 'theme:b')],
      options,
    );
    expect(withOthers?.themes.find((t) => t.tag === 'theme:a')).toEqual(alone?.themes[0]);
  });

  it('has nothing to summarize without scored examples', () => {
    expect(summarizeScores([], options)).toBeUndefined();
  });
});

describe(bootstrapClippedMean.name, () => {
  it('matches the textbook standard error of a proportion', () => {
    // 200 met, 200 not met: standard error sqrt(0.25 / 400) = 0.025, 95% interval ≈ 0.5 ± 0.049.
    const values = [
      ...Array.from({ length: 200 }, () => 1),
      ...Array.from({ length: 200 }, () => 0),
    ];
    const estimate = bootstrapClippedMean(values, { resamples: 4000, seed: 3, confidence: 0.95 });
    expect(estimate.mean).toBe(0.5);
    expect(estimate.bootstrapStd).toBeGreaterThan(0.022);
    expect(estimate.bootstrapStd).toBeLessThan(0.028);
    expect(estimate.low).toBeGreaterThan(0.44);
    expect(estimate.low).toBeLessThan(0.46);
    expect(estimate.high).toBeGreaterThan(0.54);
    expect(estimate.high).toBeLessThan(0.56);
    expect(estimate.n).toBe(400);
  });

  it('is reproducible with a seed and changes with another seed', () => {
    const values = [0.1, 0.9, 0.4, 0.35, 0.8, 0.05, 0.6];
    const first = bootstrapClippedMean(values, options);
    expect(bootstrapClippedMean(values, options)).toEqual(first);
    expect(bootstrapClippedMean(values, { ...options, seed: 8 })).not.toEqual(first);
    expect(first.low).toBeLessThan(first.mean);
    expect(first.high).toBeGreaterThan(first.mean);
  });

  it('collapses to the value when every example scores the same, and clips resampled means', () => {
    expect(bootstrapClippedMean([0.25, 0.25, 0.25, 0.25], options)).toEqual({
      mean: 0.25,
      low: 0.25,
      high: 0.25,
      bootstrapStd: 0,
      n: 4,
    });
    const clipped = bootstrapClippedMean([-1, -1, 2], options);
    expect(clipped.mean).toBe(0);
    expect(clipped.low).toBe(0);
    expect(clipped.high).toBeLessThanOrEqual(1);
  });

  it('rejects what it cannot estimate', () => {
    expect(() => bootstrapClippedMean([], options)).toThrow('bootstrap of no values');
    expect(() => bootstrapClippedMean([1], { ...options, resamples: 0 })).toThrow(
      'resamples must be a positive integer',
    );
  });
});

describe('bootstrap helpers', () => {
  it('interpolates quantiles linearly', () => {
    const sorted = [1, 2, 3, 4];
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 0.25)).toBe(1.75);
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 1)).toBe(4);
    expect(quantile([7], 0.975)).toBe(7);
  });

  it('draws a reproducible uniform sequence', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 20_000 }, () => a());
    expect(Array.from({ length: 20_000 }, () => b())).toEqual(draws);
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const average = draws.reduce((s, d) => s + d, 0) / draws.length;
    expect(Math.abs(average - 0.5)).toBeLessThan(0.01);
    const lowerTenth = draws.filter((d) => d < 0.1).length / draws.length;
    expect(Math.abs(lowerTenth - 0.1)).toBeLessThan(0.01);
  });

  it('derives distinct seeds per group name', () => {
    expect(deriveSeed(1, 'theme:a')).toBe(deriveSeed(1, 'theme:a'));
    expect(deriveSeed(1, 'theme:a')).not.toBe(deriveSeed(1, 'theme:b'));
    expect(deriveSeed(1, 'theme:a')).not.toBe(deriveSeed(2, 'theme:a'));
  });
});
