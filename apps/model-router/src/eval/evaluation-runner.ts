import type { EvalMessage, HealthBenchExample, RubricItem } from './healthbench-dataset';
import { scoreExample, summarizeScores } from './healthbench-scoring';
import type { ExampleScores, ScoreSummary } from './healthbench-scoring';
import { graderPrompt, parseGraderAnswer, preview } from './rubric-grading';

/** One call to the router. */
export interface EvalModelCall {
  readonly task: string;
  /** Pins a catalog model; undefined lets the route choose. */
  readonly model: string | undefined;
  readonly messages: readonly EvalMessage[];
  readonly json: boolean;
  /** Unique per attempt, so a retried grade is a new call, not the recorded answer again. */
  readonly idempotencyKey: string;
  /** Example id, recorded by the router as the call's subject. */
  readonly subjectId: string;
}

export interface EvalModelAnswer {
  readonly content: string;
  /** The model that answered. */
  readonly model: string;
  readonly callId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicroFen: bigint;
}

/** The router, as the harness sees it. A failed call rejects with an Error whose message says why. */
export interface EvalModelClient {
  complete(call: EvalModelCall): Promise<EvalModelAnswer>;
}

export interface EvaluationOptions {
  /** Route that answers the conversations, e.g. `consult`. */
  readonly task: string;
  readonly model: string | undefined;
  /** Route of the grader, e.g. `eval-grade`. */
  readonly graderTask: string;
  readonly graderModel: string | undefined;
  /** Attempts per rubric item before it counts as a grading failure (≥ 1). */
  readonly graderAttempts: number;
  /** Router calls in flight at most. */
  readonly concurrency: number;
  readonly bootstrap: {
    readonly resamples: number;
    readonly seed: number;
    readonly confidence: number;
  };
  /** Prefix of every idempotency key of this run. */
  readonly runId: string;
}

export interface GradedRubricItem extends RubricItem {
  readonly met: boolean | undefined;
  readonly explanation: string;
  /** Grader calls made for this item. */
  readonly attempts: number;
  /** Why the grade is missing (every failed attempt), when it is. */
  readonly failure?: string;
}

export type ExampleOutcome = 'scored' | 'completion-failed' | 'grading-failed';

export interface ExampleResult {
  readonly id: string;
  readonly line: number;
  readonly outcome: ExampleOutcome;
  readonly exampleTags: readonly string[];
  /** Present when scored. */
  readonly score?: number;
  readonly rubricTagScores?: Readonly<Record<string, number>>;
  readonly reply?: string;
  readonly answeredBy?: string;
  readonly callId?: string;
  readonly rubrics: readonly GradedRubricItem[];
  /** Why the example was not scored. */
  readonly failure?: string;
  readonly ms: number;
}

export interface EvaluationProgress {
  readonly done: number;
  readonly total: number;
  readonly scored: number;
  readonly failed: number;
  readonly gradesDone: number;
  readonly gradesTotal: number;
  readonly elapsedMs: number;
  readonly last: ExampleResult | undefined;
}

export interface EvaluationUsage {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicroFen: string;
}

export interface EvaluationReport {
  readonly examples: readonly ExampleResult[];
  /** Undefined when no example could be scored. */
  readonly summary: ScoreSummary | undefined;
  readonly counts: {
    readonly examples: number;
    readonly scored: number;
    readonly completionFailed: number;
    readonly gradingFailed: number;
    readonly rubricItems: number;
    readonly rubricItemsFailed: number;
    readonly graderRetries: number;
  };
  readonly usage: { readonly answers: EvaluationUsage; readonly grading: EvaluationUsage };
  readonly elapsedMs: number;
}

/** A counting semaphore: at most `limit` holders at a time, FIFO. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

class UsageTally {
  calls = 0;
  inputTokens = 0;
  outputTokens = 0;
  cost = 0n;

  add(answer: EvalModelAnswer): void {
    this.calls += 1;
    this.inputTokens += answer.inputTokens;
    this.outputTokens += answer.outputTokens;
    this.cost += answer.costMicroFen;
  }

  toJSON(): EvaluationUsage {
    return {
      calls: this.calls,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      costMicroFen: this.cost.toString(),
    };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs every example through the answer route, grades each rubric item with the grader route and
 * scores the run the HealthBench way. An example whose reply or any of whose grades is missing is
 * reported as failed and left out of every score: a missing grade is never read as "not met".
 */
export async function runEvaluation(
  examples: readonly HealthBenchExample[],
  client: EvalModelClient,
  options: EvaluationOptions,
  onProgress: (progress: EvaluationProgress) => void = () => undefined,
  now: () => number = Date.now,
): Promise<EvaluationReport> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error('concurrency must be a positive integer');
  }
  if (!Number.isInteger(options.graderAttempts) || options.graderAttempts < 1) {
    throw new Error('graderAttempts must be a positive integer');
  }
  const started = now();
  const limiter = new Limiter(options.concurrency);
  const answers = new UsageTally();
  const grading = new UsageTally();
  const gradesTotal = examples.reduce((sum, e) => sum + e.rubrics.length, 0);
  let gradesDone = 0;
  let graderRetries = 0;
  const results = new Array<ExampleResult>(examples.length);
  let done = 0;
  let scored = 0;

  const gradeItem = async (
    example: HealthBenchExample,
    reply: string,
    item: RubricItem,
    index: number,
  ): Promise<GradedRubricItem> => {
    const reasons: string[] = [];
    for (let attempt = 1; attempt <= options.graderAttempts; attempt += 1) {
      if (attempt > 1) graderRetries += 1;
      let text: string;
      try {
        const answer = await limiter.run(() =>
          client.complete({
            task: options.graderTask,
            model: options.graderModel,
            messages: graderPrompt(example.prompt, reply, item),
            json: true,
            idempotencyKey: `${options.runId}:${example.id}:grade:${String(index)}:${String(attempt)}`,
            subjectId: example.id,
          }),
        );
        grading.add(answer);
        text = answer.content;
      } catch (error) {
        reasons.push(`attempt ${String(attempt)}: ${errorText(error)}`);
        continue;
      }
      const parsed = parseGraderAnswer(text);
      if (parsed.ok) {
        gradesDone += 1;
        return {
          ...item,
          met: parsed.grade.met,
          explanation: parsed.grade.explanation,
          attempts: attempt,
        };
      }
      reasons.push(`attempt ${String(attempt)}: ${parsed.reason}`);
    }
    gradesDone += 1;
    return {
      ...item,
      met: undefined,
      explanation: '',
      attempts: options.graderAttempts,
      failure: reasons.join('; '),
    };
  };

  const evaluate = async (example: HealthBenchExample): Promise<ExampleResult> => {
    const exampleStarted = now();
    const base = { id: example.id, line: example.line, exampleTags: example.exampleTags };
    let reply: string;
    let answeredBy: string;
    let callId: string;
    try {
      const answer = await limiter.run(() =>
        client.complete({
          task: options.task,
          model: options.model,
          messages: example.prompt,
          json: false,
          idempotencyKey: `${options.runId}:${example.id}:answer`,
          subjectId: example.id,
        }),
      );
      answers.add(answer);
      reply = answer.content;
      answeredBy = answer.model;
      callId = answer.callId;
    } catch (error) {
      gradesDone += example.rubrics.length;
      return {
        ...base,
        outcome: 'completion-failed',
        rubrics: example.rubrics.map((item) => ({
          ...item,
          met: undefined,
          explanation: '',
          attempts: 0,
        })),
        failure: `the ${options.task} route did not answer: ${errorText(error)}`,
        ms: now() - exampleStarted,
      };
    }
    const graded = await Promise.all(
      example.rubrics.map((item, index) => gradeItem(example, reply, item, index)),
    );
    const missing = graded.filter((g) => g.met === undefined);
    if (missing.length > 0) {
      return {
        ...base,
        outcome: 'grading-failed',
        reply,
        answeredBy,
        callId,
        rubrics: graded,
        failure: `${String(missing.length)} of ${String(graded.length)} rubric items could not be graded: ${missing
          .map((g) => `${preview(g.criterion, 60)} (${g.failure ?? ''})`)
          .join('; ')}`,
        ms: now() - exampleStarted,
      };
    }
    const scores: ExampleScores = scoreExample(
      example.rubrics,
      graded.map((g) => g.met === true),
      example.exampleTags,
    );
    return {
      ...base,
      outcome: 'scored',
      score: scores.score,
      rubricTagScores: scores.rubricTagScores,
      reply,
      answeredBy,
      callId,
      rubrics: graded,
      ms: now() - exampleStarted,
    };
  };

  // Examples are taken in file order by `concurrency` workers; grader calls share the same limit.
  let next = 0;
  const worker = async () => {
    while (next < examples.length) {
      const index = next;
      next += 1;
      const example = examples[index];
      if (example === undefined) continue;
      const result = await evaluate(example);
      results[index] = result;
      done += 1;
      if (result.outcome === 'scored') scored += 1;
      onProgress({
        done,
        total: examples.length,
        scored,
        failed: done - scored,
        gradesDone,
        gradesTotal,
        elapsedMs: now() - started,
        last: result,
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, examples.length) }, () => worker()),
  );

  const scoredExamples: ExampleScores[] = results.flatMap((r) =>
    r.outcome === 'scored' && r.score !== undefined
      ? [{ score: r.score, exampleTags: r.exampleTags, rubricTagScores: r.rubricTagScores ?? {} }]
      : [],
  );
  return {
    examples: results,
    summary: summarizeScores(scoredExamples, options.bootstrap),
    counts: {
      examples: results.length,
      scored: scoredExamples.length,
      completionFailed: results.filter((r) => r.outcome === 'completion-failed').length,
      gradingFailed: results.filter((r) => r.outcome === 'grading-failed').length,
      rubricItems: gradesTotal,
      rubricItemsFailed: results.reduce(
        (sum, r) => sum + r.rubrics.filter((g) => g.failure !== undefined).length,
        0,
      ),
      graderRetries,
    },
    usage: { answers: answers.toJSON(), grading: grading.toJSON() },
    elapsedMs: now() - started,
  };
}
