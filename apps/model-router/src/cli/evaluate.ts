import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { uuidv7 } from '@meridian/platform';

import { formatProgress, formatReport } from '../eval/evaluation-report';
import { runEvaluation } from '../eval/evaluation-runner';
import type { EvaluationProgress } from '../eval/evaluation-runner';
import { EvalInputError, parseHealthBenchJsonl } from '../eval/healthbench-dataset';
import { EVAL_DATA_CLASSES, RouterEvalClient } from '../eval/router-eval-client';
import type { EvalDataClass } from '../eval/router-eval-client';

const USAGE = `Usage: node apps/model-router/dist/cli/evaluate.js --input <file.jsonl> [options]

Runs a HealthBench-format JSONL through a route of a running model-router (gRPC), grades every
rubric item with the grader route and prints HealthBench scores overall, per theme and per axis
with a bootstrap confidence interval. Progress goes to stderr, the table to stdout, everything
(replies, grades, explanations, failures) to the --output JSON file.

  --input <file>              HealthBench JSONL (prompt, rubrics, example_tags, prompt_id)   required
  --router <host:port>        model-router gRPC address                 default $MODEL_ROUTER_GRPC_URL or 127.0.0.1:50102
  --task <task>               route that answers the conversations      default consult
  --model <id>                pin the answering model (must serve --task)
  --grader-task <task>        route that grades rubric items            default eval-grade
  --grader-model <id>         pin the grader model
  --grader-attempts <n>       tries per rubric item before it counts as a grading failure   default 3
  --concurrency <n>           router calls in flight                    default 4
  --limit <n>                 evaluate only the first n examples
  --data-class <class>        public | deidentified | phi               default public
  --timeout-ms <ms>           deadline of each router call              default 180000
  --bootstrap-resamples <n>   default 1000
  --seed <n>                  bootstrap seed                             default 1
  --output <file>             results JSON                              default healthbench-results.json
  --help

Exit status: 0 every example scored; 3 some examples could not be answered or graded (they are
listed and left out of the scores); 2 bad arguments or input file; 1 the router cannot be used.`;

const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const;

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${String(min)}, got "${raw}"`);
  }
  return value;
}

function nonEmpty(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new UsageError(`--${name} must not be empty`);
  return raw.trim();
}

function parseCli(argv: readonly string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        router: { type: 'string' },
        task: { type: 'string' },
        model: { type: 'string' },
        'grader-task': { type: 'string' },
        'grader-model': { type: 'string' },
        'grader-attempts': { type: 'string' },
        concurrency: { type: 'string' },
        limit: { type: 'string' },
        'data-class': { type: 'string' },
        'timeout-ms': { type: 'string' },
        'bootstrap-resamples': { type: 'string' },
        seed: { type: 'string' },
        output: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return undefined;
  const input = nonEmpty('input', values.input);
  if (input === undefined) throw new UsageError('--input is required');
  const dataClass = values['data-class'] ?? 'public';
  if (!(dataClass in EVAL_DATA_CLASSES)) {
    throw new UsageError(`--data-class must be public, deidentified or phi, got "${dataClass}"`);
  }
  return {
    input: resolve(input),
    router:
      nonEmpty('router', values.router) ??
      process.env['MODEL_ROUTER_GRPC_URL'] ??
      '127.0.0.1:50102',
    task: nonEmpty('task', values.task) ?? 'consult',
    model: nonEmpty('model', values.model),
    graderTask: nonEmpty('grader-task', values['grader-task']) ?? 'eval-grade',
    graderModel: nonEmpty('grader-model', values['grader-model']),
    graderAttempts: integer('grader-attempts', values['grader-attempts'], 3, 1),
    concurrency: integer('concurrency', values.concurrency, 4, 1),
    limit: values.limit === undefined ? undefined : integer('limit', values.limit, 0, 1),
    dataClass: dataClass as EvalDataClass,
    timeoutMs: integer('timeout-ms', values['timeout-ms'], 180_000, 1),
    resamples: integer('bootstrap-resamples', values['bootstrap-resamples'], 1000, 1),
    seed: integer('seed', values.seed, 1, 0),
    output: resolve(nonEmpty('output', values.output) ?? 'healthbench-results.json'),
  };
}

/** Progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise. */
function progressReporter(stream: NodeJS.WriteStream): (progress: EvaluationProgress) => void {
  let lastLine = 0;
  return (progress) => {
    const { last } = progress;
    if (last !== undefined && last.outcome !== 'scored') {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(`line ${String(last.line)} ${last.id}: ${last.failure ?? last.outcome}\n`);
    }
    const finished = progress.done === progress.total;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${formatProgress(progress)}${finished ? '\n' : ''}`);
    } else if (finished || Date.now() - lastLine >= 2_000) {
      lastLine = Date.now();
      stream.write(`${formatProgress(progress)}\n`);
    }
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`evaluate: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  let examples;
  try {
    examples = parseHealthBenchJsonl(readFileSync(options.input, 'utf8'), options.input);
  } catch (error) {
    if (error instanceof EvalInputError) {
      process.stderr.write(`evaluate: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`evaluate: cannot read ${options.input}: ${message}\n`);
    return EXIT.usage;
  }
  if (options.limit !== undefined) examples = examples.slice(0, options.limit);

  const client = new RouterEvalClient({
    target: options.router,
    deadlineMs: options.timeoutMs,
    dataClass: options.dataClass,
    service: 'model-router-evaluate',
    partnerId: '',
  });
  try {
    // Fail fast, before any model is paid for, when the router or a route is not there.
    for (const [flag, task, model] of [
      ['--task', options.task, options.model],
      ['--grader-task', options.graderTask, options.graderModel],
    ] as const) {
      let models: string[];
      try {
        models = await client.modelsFor(task);
      } catch (error) {
        process.stderr.write(
          `evaluate: model-router at ${options.router} cannot list the models of ${flag} ${task}: ${(error as Error).message}\n`,
        );
        return EXIT.failed;
      }
      if (models.length === 0) {
        process.stderr.write(`evaluate: ${flag} ${task}: the router has no route for this task\n`);
        return EXIT.failed;
      }
      if (model !== undefined && !models.includes(model)) {
        process.stderr.write(
          `evaluate: model ${model} does not serve ${task} (it is served by ${models.join(', ')})\n`,
        );
        return EXIT.failed;
      }
    }

    const startedAt = new Date();
    process.stderr.write(
      `evaluating ${String(examples.length)} examples from ${options.input} on ${options.router} (route ${options.task}, grader ${options.graderTask}, concurrency ${String(options.concurrency)})\n`,
    );
    const bootstrap = { resamples: options.resamples, seed: options.seed, confidence: 0.95 };
    const report = await runEvaluation(
      examples,
      client,
      {
        task: options.task,
        model: options.model,
        graderTask: options.graderTask,
        graderModel: options.graderModel,
        graderAttempts: options.graderAttempts,
        concurrency: options.concurrency,
        bootstrap,
        runId: `eval-${uuidv7()}`,
      },
      progressReporter(process.stderr),
    );

    mkdirSync(dirname(options.output), { recursive: true });
    writeFileSync(
      options.output,
      `${JSON.stringify(
        {
          input: options.input,
          router: options.router,
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          settings: {
            task: options.task,
            model: options.model ?? null,
            graderTask: options.graderTask,
            graderModel: options.graderModel ?? null,
            graderAttempts: options.graderAttempts,
            concurrency: options.concurrency,
            dataClass: options.dataClass,
            bootstrap,
          },
          counts: report.counts,
          usage: report.usage,
          summary: report.summary ?? null,
          examples: report.examples,
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(
      formatReport(report, {
        input: options.input,
        task: options.task,
        graderTask: options.graderTask,
        confidence: bootstrap.confidence,
        resamples: bootstrap.resamples,
      }),
    );
    process.stdout.write(`\nresults: ${options.output}\n`);
    return report.counts.scored === report.counts.examples ? EXIT.ok : EXIT.partial;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `evaluate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.failed;
  },
);
