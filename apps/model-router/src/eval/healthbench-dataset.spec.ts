import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EvalInputError, parseHealthBenchJsonl } from './healthbench-dataset';

const SAMPLE = join(__dirname, '..', '..', 'eval', 'healthbench-sample.jsonl');

const valid = {
  prompt_id: 'p1',
  prompt: [{ role: 'user', content: 'Is 38.5 a fever?' }],
  rubrics: [
    { criterion: 'Says yes', points: 5, tags: ['axis:accuracy'] },
    { criterion: 'Recommends antibiotics', points: -3, tags: ['axis:accuracy'] },
  ],
  example_tags: ['theme:hedging'],
};

function problemsOf(text: string): readonly string[] {
  try {
    parseHealthBenchJsonl(text, 'input.jsonl');
  } catch (error) {
    if (error instanceof EvalInputError) return error.problems;
    throw error;
  }
  throw new Error('expected the input to be rejected');
}

describe(parseHealthBenchJsonl.name, () => {
  it('reads the shipped sample set: zh and en examples, every one with a theme and axes', () => {
    const examples = parseHealthBenchJsonl(readFileSync(SAMPLE, 'utf8'), SAMPLE);
    expect(examples).toHaveLength(16);
    const chinese = examples.filter((e) => /[\u4e00-\u9fff]/.test(e.prompt.at(-1)?.content ?? ''));
    expect(chinese).toHaveLength(8);
    for (const example of examples) {
      expect(example.exampleTags.filter((t) => t.startsWith('theme:'))).toHaveLength(1);
      expect(example.rubrics.every((r) => r.tags.some((t) => t.startsWith('axis:')))).toBe(true);
      expect(example.rubrics.some((r) => r.points > 0)).toBe(true);
    }
    expect(examples.some((e) => e.rubrics.some((r) => r.points < 0))).toBe(true);
    expect(new Set(examples.map((e) => e.exampleTags[0])).size).toBe(7);
  });

  it("keeps HealthBench's fields and numbers lines from 1, skipping blank lines", () => {
    const text = `\uFEFF${JSON.stringify(valid)}\n\n${JSON.stringify({ ...valid, prompt_id: undefined })}\n`;
    const examples = parseHealthBenchJsonl(text, 'input.jsonl');
    expect(examples).toEqual([
      {
        id: 'p1',
        line: 1,
        prompt: [{ role: 'user', content: 'Is 38.5 a fever?' }],
        rubrics: valid.rubrics,
        exampleTags: ['theme:hedging'],
      },
      expect.objectContaining({ id: 'line-3', line: 3 }),
    ]);
  });

  it('reads developer messages as system messages and defaults missing tags to none', () => {
    const [example] = parseHealthBenchJsonl(
      JSON.stringify({
        prompt: [
          { role: 'developer', content: 'The user is a nurse.' },
          { role: 'user', content: 'Dose?' },
        ],
        rubrics: [{ criterion: 'Asks which drug', points: 2 }],
      }),
      'input.jsonl',
    );
    expect(example?.prompt[0]).toEqual({ role: 'system', content: 'The user is a nurse.' });
    expect(example?.rubrics[0]?.tags).toEqual([]);
    expect(example?.exampleTags).toEqual([]);
  });

  it('names every bad line and what is wrong with it', () => {
    const lines = [
      JSON.stringify(valid),
      '{"prompt": [',
      JSON.stringify({ ...valid, prompt_id: 'p3', rubrics: [{ criterion: 'x', points: '5' }] }),
      JSON.stringify({ ...valid, prompt_id: 'p4', prompt: [{ role: 'assistant', content: 'hi' }] }),
      JSON.stringify({ ...valid, prompt_id: 'p5', rubrics: [{ criterion: 'bad', points: -1 }] }),
      JSON.stringify(valid),
      '[1, 2]',
    ];
    const problems = problemsOf(lines.join('\n'));
    expect(problems).toEqual([
      expect.stringMatching(/^line 2: not valid JSON/),
      'line 3: rubrics.0.points must be a number',
      'line 4: prompt must contain a user message',
      'line 5: rubrics must contain at least one item with positive points',
      'line 6: prompt_id "p1" repeats line 1',
      expect.stringMatching(/^line 7: /),
    ]);
  });

  it('says so when the file holds no example, and shows at most ten problems in the message', () => {
    expect(problemsOf('\n\n')).toEqual(['no examples (the file is empty)']);
    const error = (() => {
      try {
        parseHealthBenchJsonl(Array.from({ length: 12 }, () => 'x').join('\n'), 'big.jsonl');
      } catch (caught) {
        return caught as EvalInputError;
      }
      throw new Error('expected a rejection');
    })();
    expect(error.problems).toHaveLength(12);
    expect(error.message).toContain('big.jsonl cannot be evaluated');
    expect(error.message).toContain('line 10: not valid JSON');
    expect(error.message).not.toContain('line 11:');
    expect(error.message).toContain('… and 2 more');
  });
});
