import type { HealthBenchExample } from './healthbench-dataset';
import { runEvaluation } from './evaluation-runner';
import type {
  EvalModelAnswer,
  EvalModelCall,
  EvalModelClient,
  EvaluationOptions,
  EvaluationProgress,
} from './evaluation-runner';

const OPTIONS: EvaluationOptions = {
  task: 'consult',
  model: undefined,
  graderTask: 'eval-grade',
  graderModel: undefined,
  graderAttempts: 3,
  concurrency: 2,
  bootstrap: { resamples: 200, seed: 1, confidence: 0.95 },
  runId: 'run-1',
};

function example(
  id: string,
  theme: string,
  rubrics: [number, string, string][],
): HealthBenchExample {
  return {
    id,
    line: Number(id.slice(1)),
    prompt: [{ role: 'user', content: `question ${id}` }],
    rubrics: rubrics.map(([points, criterion, axis]) => ({ criterion, points, tags: [axis] })),
    exampleTags: [theme],
  };
}

const EXAMPLES = [
  example('e1', 'theme:emergency', [
    [10, 'MET call 120', 'axis:accuracy'],
    [5, 'UNMET names a heart attack', 'axis:accuracy'],
    [-5, 'UNMET suggests waiting', 'axis:accuracy'],
    [5, 'MET short first lines', 'axis:communication'],
  ]),
  example('e2', 'theme:hedging', [
    [4, 'MET says evidence is mixed', 'axis:accuracy'],
    [-4, 'MET overstates the effect', 'axis:accuracy'],
    [2, 'UNMET mentions vaccination', 'axis:completeness'],
  ]),
  example('e3', 'theme:emergency', [
    [8, 'MET go to the ER', 'axis:accuracy'],
    [2, 'MET keeps calm', 'axis:communication'],
  ]),
];

type Script = (call: EvalModelCall, criterion: string, attempt: number) => string | Error;

/**
 * The router as a typed in-memory double: answers each conversation with its question echoed, and
 * grades by the MET/UNMET prefix of the criterion, unless the script says otherwise.
 */
class ScriptedRouter implements EvalModelClient {
  readonly calls: EvalModelCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly attemptsByItem = new Map<string, number>();

  constructor(private readonly script: Script = () => '') {}

  async complete(call: EvalModelCall): Promise<EvalModelAnswer> {
    this.calls.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    const content = this.answer(call);
    if (content instanceof Error) throw content;
    return {
      content,
      model: call.json ? 'grader-model' : 'answer-model',
      callId: `call-${String(this.calls.length)}`,
      inputTokens: 10,
      outputTokens: 2,
      costMicroFen: 5n,
    };
  }

  private answer(call: EvalModelCall): string | Error {
    const text = call.messages.map((m) => m.content).join('\n');
    if (!call.json) {
      const scripted = this.script(call, '', 1);
      return scripted === '' ? `answer to ${text}` : scripted;
    }
    const criterion = /\[-?\d+ points\] (.*)/.exec(text)?.[1] ?? '';
    const attempt = (this.attemptsByItem.get(call.subjectId + criterion) ?? 0) + 1;
    this.attemptsByItem.set(call.subjectId + criterion, attempt);
    const scripted = this.script(call, criterion, attempt);
    if (scripted !== '') return scripted;
    return JSON.stringify({ explanation: 'checked', criteria_met: criterion.startsWith('MET') });
  }
}

describe(runEvaluation.name, () => {
  it('answers, grades every rubric item and scores the HealthBench way', async () => {
    const router = new ScriptedRouter();
    const progress: EvaluationProgress[] = [];
    const report = await runEvaluation(EXAMPLES, router, OPTIONS, (p) => progress.push(p));

    expect(report.examples.map((e) => [e.id, e.outcome, e.score])).toEqual([
      ['e1', 'scored', 15 / 20],
      ['e2', 'scored', 0],
      ['e3', 'scored', 1],
    ]);
    expect(report.examples[0]?.rubricTagScores).toEqual({
      'axis:accuracy': 10 / 15,
      'axis:communication': 1,
    });
    expect(report.examples[0]?.reply).toBe('answer to question e1');
    expect(report.examples[0]?.answeredBy).toBe('answer-model');
    expect(report.summary?.overall.mean).toBeCloseTo((0.75 + 0 + 1) / 3, 12);
    expect(report.summary?.themes.map((t) => [t.tag, t.mean, t.n])).toEqual([
      ['theme:emergency', 0.875, 2],
      ['theme:hedging', 0, 1],
    ]);
    expect(report.summary?.axes.map((t) => [t.tag, t.mean, t.n])).toEqual([
      ['axis:accuracy', (10 / 15 + 0 + 1) / 3, 3],
      ['axis:communication', 1, 2],
      ['axis:completeness', 0, 1],
    ]);
    expect(report.counts).toEqual({
      examples: 3,
      scored: 3,
      completionFailed: 0,
      gradingFailed: 0,
      rubricItems: 9,
      rubricItemsFailed: 0,
      graderRetries: 0,
    });
    expect(report.usage.answers).toEqual({
      calls: 3,
      inputTokens: 30,
      outputTokens: 6,
      costMicroFen: '15',
    });
    expect(report.usage.grading.calls).toBe(9);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toMatchObject({
      total: 3,
      scored: 3,
      failed: 0,
      gradesDone: 9,
      gradesTotal: 9,
    });
  });

  it('sends answers to the answer route and grades as JSON to the grader route, each with its own key', async () => {
    const router = new ScriptedRouter();
    await runEvaluation(EXAMPLES.slice(0, 1), router, {
      ...OPTIONS,
      model: 'pinned',
      graderModel: 'judge',
    });
    const [answer, ...grades] = router.calls;
    expect(answer).toMatchObject({
      task: 'consult',
      model: 'pinned',
      json: false,
      subjectId: 'e1',
    });
    expect(answer?.messages).toEqual(EXAMPLES[0]?.prompt);
    expect(grades).toHaveLength(4);
    for (const grade of grades) {
      expect(grade).toMatchObject({
        task: 'eval-grade',
        model: 'judge',
        json: true,
        subjectId: 'e1',
      });
      expect(grade.messages[0]?.content).toContain('assistant: answer to question e1');
    }
    const keys = router.calls.map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('run-1:e1:answer');
  });

  it('retries a grader answer that is not JSON and uses the grade of the retry', async () => {
    const router = new ScriptedRouter((_call, criterion, attempt) =>
      criterion === 'MET call 120' && attempt === 1 ? 'Yes, the reply says to call 120.' : '',
    );
    const report = await runEvaluation(EXAMPLES.slice(0, 1), router, OPTIONS);
    expect(report.examples[0]?.outcome).toBe('scored');
    expect(report.examples[0]?.score).toBe(0.75);
    expect(report.examples[0]?.rubrics[0]).toMatchObject({ met: true, attempts: 2 });
    expect(report.counts.graderRetries).toBe(1);
    expect(router.calls.filter((c) => c.json)).toHaveLength(5);
  });

  it('reports an item the grader never grades as a failure and leaves its example out of every score', async () => {
    const router = new ScriptedRouter((_call, criterion, attempt) => {
      if (criterion === 'UNMET mentions vaccination') {
        return attempt === 2
          ? new Error('UNAVAILABLE MODEL_ROUTER.INVALID_OUTPUT: not JSON')
          : '{"criteria_met": "maybe"}';
      }
      return '';
    });
    const report = await runEvaluation(EXAMPLES, router, OPTIONS);
    const failed = report.examples[1];
    expect(failed?.outcome).toBe('grading-failed');
    expect(failed?.score).toBeUndefined();
    expect(failed?.rubrics[2]).toMatchObject({
      met: undefined,
      attempts: 3,
      failure:
        'attempt 1: "criteria_met" is not a boolean ("maybe"); attempt 2: UNAVAILABLE MODEL_ROUTER.INVALID_OUTPUT: not JSON; attempt 3: "criteria_met" is not a boolean ("maybe")',
    });
    expect(failed?.failure).toMatch(
      /^1 of 3 rubric items could not be graded: "UNMET mentions vaccination"/,
    );
    expect(report.summary?.overall.n).toBe(2);
    expect(report.summary?.overall.mean).toBeCloseTo((0.75 + 1) / 2, 12);
    expect(report.summary?.themes.map((t) => t.tag)).toEqual(['theme:emergency']);
    expect(report.counts).toMatchObject({
      scored: 2,
      gradingFailed: 1,
      rubricItemsFailed: 1,
      graderRetries: 2,
    });
  });

  it('reports an example the answer route cannot answer, without grading it', async () => {
    const router = new ScriptedRouter((call) =>
      !call.json && call.subjectId === 'e3'
        ? new Error('UNAVAILABLE MODEL_ROUTER.ALL_CANDIDATES_FAILED: down')
        : '',
    );
    const report = await runEvaluation(EXAMPLES, router, OPTIONS);
    expect(report.examples[2]).toMatchObject({
      outcome: 'completion-failed',
      failure:
        'the consult route did not answer: UNAVAILABLE MODEL_ROUTER.ALL_CANDIDATES_FAILED: down',
    });
    expect(router.calls.filter((c) => c.subjectId === 'e3' && c.json)).toHaveLength(0);
    expect(report.summary?.overall.n).toBe(2);
    expect(report.counts).toMatchObject({ scored: 2, completionFailed: 1, rubricItemsFailed: 0 });
  });

  it('keeps at most `concurrency` router calls in flight', async () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      example(`e${String(i + 1)}`, 'theme:x', [
        [1, 'MET a', 'axis:a'],
        [1, 'MET b', 'axis:a'],
        [1, 'UNMET c', 'axis:a'],
      ]),
    );
    const router = new ScriptedRouter();
    const report = await runEvaluation(many, router, { ...OPTIONS, concurrency: 3 });
    expect(router.calls).toHaveLength(32);
    expect(router.maxInFlight).toBe(3);
    expect(report.summary?.overall.mean).toBeCloseTo(2 / 3, 12);
    expect(report.examples.map((e) => e.id)).toEqual(many.map((e) => e.id));
  });

  it('refuses settings it cannot run with', async () => {
    const router = new ScriptedRouter();
    await expect(runEvaluation(EXAMPLES, router, { ...OPTIONS, concurrency: 0 })).rejects.toThrow(
      'concurrency must be a positive integer',
    );
    await expect(
      runEvaluation(EXAMPLES, router, { ...OPTIONS, graderAttempts: 0 }),
    ).rejects.toThrow('graderAttempts must be a positive integer');
  });
});
