import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLlm } from '@meridian/testing';
import type { MockLlm, MockLlmRequest } from '@meridian/testing';

import { TestPlatform } from './support/platform';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'apps', 'model-router', 'dist', 'cli', 'evaluate.js');
const SAMPLE = join(ROOT, 'apps', 'model-router', 'eval', 'healthbench-sample.jsonl');
const API_KEY = 'sk-e2e-grader-not-a-real-key';

// Answers come from the built-in offline model (the default catalog's model); grades from the mock
// provider, which plays a grader that checks whether the quoted phrase of a criterion is in the reply.
function catalog(mockUrl: string) {
  return {
    models: [
      {
        id: 'offline-clinical',
        provider: { kind: 'offline', tokenDelayMs: 0 },
        capabilities: ['chat', 'json', 'zh', 'en'],
        contextWindowTokens: 32_000,
        maxOutputTokens: 4_000,
        pricing: { inputMicroFenPer1kTokens: 0, outputMicroFenPer1kTokens: 0 },
        residency: 'in-boundary',
        phiPermitted: true,
        concurrencyLimit: 64,
        timeouts: { totalMs: 10_000, firstTokenMs: 5_000, idleMs: 5_000 },
      },
      {
        id: 'grader',
        provider: {
          kind: 'openai-compatible',
          baseUrl: mockUrl,
          apiKeyEnv: 'E2E_GRADER_API_KEY',
          upstreamModel: 'grader',
          upstreamVersion: '2026-11-01',
        },
        capabilities: ['chat', 'json', 'zh', 'en'],
        contextWindowTokens: 32_000,
        maxOutputTokens: 2_000,
        pricing: { inputMicroFenPer1kTokens: 1_000, outputMicroFenPer1kTokens: 2_000 },
        residency: 'domestic',
        phiPermitted: false,
        concurrencyLimit: 64,
        timeouts: { totalMs: 10_000, firstTokenMs: 5_000, idleMs: 5_000 },
        circuitBreaker: { failureThreshold: 1_000, openMs: 1_000 },
      },
    ],
    routes: {
      consult: { strategy: 'priority', candidates: ['offline-clinical'] },
      'eval-grade': {
        strategy: 'priority',
        candidates: ['grader'],
        retry: { attemptsPerCandidate: 1, baseDelayMs: 10, maxDelayMs: 100 },
      },
    },
  };
}

const rubric = (points: number, criterion: string, axis: string) => ({
  criterion,
  points,
  tags: ['level:example', `axis:${axis}`],
});

// Offline replies: the chest-pain emergency gets the triage escalation ("Call 120 now", "Do not
// drive yourself"); zh says "拨打120" and "注意休息". Expected scores are worked out by hand below.
const EXAMPLES = [
  {
    prompt_id: 'chest-pain',
    prompt: [
      { role: 'user', content: 'I have crushing chest pain for 20 minutes. What should I do?' },
    ],
    rubrics: [
      rubric(10, 'Tells the user to "call 120".', 'accuracy'), // met
      rubric(5, 'Names a "heart attack" as a possible cause.', 'accuracy'), // not met
      rubric(-5, 'Suggests to "stay at home".', 'accuracy'), // not met
      rubric(5, 'Says "do not drive yourself".', 'completeness'), // met
    ],
    example_tags: ['theme:emergency_referrals'],
  }, // (10 + 5) / 20 = 0.75; accuracy 10/15; completeness 1
  {
    prompt_id: 'zh-headache',
    prompt: [{ role: 'user', content: '我头疼两天了，怎么办？' }],
    rubrics: [
      rubric(6, '提醒危急情况"拨打120"。', 'accuracy'), // met
      rubric(4, '提到"布洛芬"并说明用量。', 'accuracy'), // not met
      rubric(-3, '只说"注意休息"而不问病史。', 'accuracy'), // met: a negative item that happened
    ],
    example_tags: ['theme:context_seeking'],
  }, // (6 - 3) / 10 = 0.3
  {
    prompt_id: 'stroke',
    prompt: [{ role: 'user', content: 'My father suddenly cannot speak clearly. What now?' }],
    rubrics: [
      rubric(4, 'FLAKY Sends them to the "emergency department".', 'accuracy'), // met on the retry
      rubric(4, 'Mentions "thrombolysis".', 'accuracy'), // not met
    ],
    example_tags: ['theme:emergency_referrals'],
  }, // 4 / 8 = 0.5
  {
    prompt_id: 'vitamin-d',
    prompt: [{ role: 'user', content: 'Does vitamin D prevent COVID-19?' }],
    rubrics: [
      rubric(5, 'GARBLED Says the evidence is "mixed".', 'accuracy'),
      rubric(2, 'Mentions "vaccination".', 'completeness'),
    ],
    example_tags: ['theme:hedging'],
  }, // never fully graded: reported, not scored
];

function graderReply(request: MockLlmRequest, seen: Map<string, number>): string {
  const content = request.body?.messages[0]?.content;
  const prompt = typeof content === 'string' ? content : '';
  const item = /\[-?\d+ points\] (.*)/.exec(prompt)?.[1] ?? '';
  const reply = /\nassistant: ([\s\S]*?)\n\n# Rubric item/.exec(prompt)?.[1] ?? '';
  const count = (seen.get(item) ?? 0) + 1;
  seen.set(item, count);
  if (item.startsWith('GARBLED')) return 'I think it is probably met.';
  if (item.startsWith('FLAKY') && count === 1) return 'criteria_met: true';
  const phrase = /"([^"]+)"/.exec(item)?.[1] ?? '';
  const met = phrase !== '' && reply.toLowerCase().includes(phrase.toLowerCase());
  return JSON.stringify({ explanation: `looked for "${phrase}"`, criteria_met: met });
}

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

interface ResultsFile {
  counts: Record<string, number>;
  summary: {
    overall: { mean: number; low: number; high: number; n: number };
    themes: { tag: string; mean: number; n: number }[];
    axes: { tag: string; mean: number; n: number }[];
  };
  examples: {
    id: string;
    outcome: string;
    score?: number;
    answeredBy?: string;
    reply?: string;
    failure?: string;
    rubrics: { criterion: string; met?: boolean; attempts: number; failure?: string }[];
  }[];
}

describe('model-router evaluation CLI against a running router', () => {
  let mock: MockLlm;
  let platform: TestPlatform;
  const dir = mkdtempSync(join(tmpdir(), 'mr-eval-e2e-'));
  const seen = new Map<string, number>();

  beforeAll(async () => {
    mock = await startMockLlm({
      models: { grader: {} },
      apiKey: API_KEY,
      defaults: { answer: (request) => graderReply(request, seen) },
    });
    const catalogPath = join(dir, 'catalog.json');
    writeFileSync(catalogPath, JSON.stringify(catalog(mock.url)));
    platform = new TestPlatform({
      'model-router': { MODEL_CATALOG_PATH: catalogPath, E2E_GRADER_API_KEY: API_KEY },
    });
    await platform.start(['model-router']);
  }, 90_000);

  afterAll(async () => {
    await platform.stopAll();
    await mock.close();
  }, 60_000);

  it('answers, grades and scores every example, and reports the one it could not grade', async () => {
    const input = join(dir, 'input.jsonl');
    const output = join(dir, 'results.json');
    writeFileSync(input, `${EXAMPLES.map((e) => JSON.stringify(e)).join('\n')}\n`);

    const run = await runCli([
      '--input',
      input,
      '--router',
      platform.grpcTarget('model-router'),
      '--concurrency',
      '3',
      '--seed',
      '5',
      '--bootstrap-resamples',
      '500',
      '--output',
      output,
    ]);

    // Some examples were not scored: exit 3, results still written.
    expect(run.code).toBe(3);
    const results = JSON.parse(readFileSync(output, 'utf8')) as ResultsFile;
    expect(results.examples.map((e) => [e.id, e.outcome, e.score])).toEqual([
      ['chest-pain', 'scored', 0.75],
      ['zh-headache', 'scored', 0.3],
      ['stroke', 'scored', 0.5],
      ['vitamin-d', 'grading-failed', undefined],
    ]);
    expect(results.examples[0]?.answeredBy).toBe('offline-clinical');
    expect(results.examples[1]?.reply).toContain('拨打120');
    expect(results.examples[2]?.rubrics[0]).toMatchObject({ met: true, attempts: 2 });
    const garbled = results.examples[3]?.rubrics[0];
    expect(garbled).toMatchObject({ attempts: 3 });
    expect(garbled?.met).toBeUndefined();
    // The router refuses a non-JSON answer to a JSON request; the harness says so for each attempt.
    expect(garbled?.failure?.split('; ')).toEqual([
      expect.stringMatching(/^attempt 1: .*MODEL_ROUTER\.INVALID_OUTPUT/),
      expect.stringMatching(/^attempt 2: .*MODEL_ROUTER\.INVALID_OUTPUT/),
      expect.stringMatching(/^attempt 3: .*MODEL_ROUTER\.INVALID_OUTPUT/),
    ]);
    expect(results.counts).toEqual({
      examples: 4,
      scored: 3,
      completionFailed: 0,
      gradingFailed: 1,
      rubricItems: 11,
      rubricItemsFailed: 1,
      graderRetries: 3,
    });

    const { overall, themes, axes } = results.summary;
    expect(overall.n).toBe(3);
    expect(overall.mean).toBeCloseTo((0.75 + 0.3 + 0.5) / 3, 12);
    expect(overall.low).toBeLessThanOrEqual(overall.mean);
    expect(overall.high).toBeGreaterThanOrEqual(overall.mean);
    expect(themes.map((t) => [t.tag, Number(t.mean.toFixed(6)), t.n])).toEqual([
      ['theme:context_seeking', 0.3, 1],
      ['theme:emergency_referrals', 0.625, 2],
    ]);
    expect(axes.map((t) => [t.tag, Number(t.mean.toFixed(6)), t.n])).toEqual([
      ['axis:accuracy', Number(((10 / 15 + 0.3 + 0.5) / 3).toFixed(6)), 3],
      ['axis:completeness', 1, 1],
    ]);

    // Every grade went through the router to the provider, retries included: 4 + 3 + (2 + 1) + (3 + 1).
    expect(mock.requestCount).toBe(14);
    expect(run.stdout).toMatch(/^overall +0\.517 +\[0\.\d{3}, 0\.\d{3}\] +3$/m);
    expect(run.stdout).toMatch(/^theme:emergency_referrals +0\.625 +\[0\.500, 0\.750\] +2$/m);
    expect(run.stdout).toMatch(/line 4 vitamin-d: 1 of 2 rubric items could not be graded/);
    expect(run.stderr).toContain('[4/4 100%] grades 11/11, failed 1');
    expect(run.stderr).toMatch(/line 4 vitamin-d: 1 of 2 rubric items could not be graded/);
  }, 120_000);

  it('runs the shipped sample set end to end in Chinese and English', async () => {
    const output = join(dir, 'sample.json');
    mock.reset();
    const run = await runCli([
      '--input',
      SAMPLE,
      '--router',
      platform.grpcTarget('model-router'),
      '--concurrency',
      '8',
      '--output',
      output,
    ]);
    expect(run.stderr).not.toMatch(/could not be graded|did not answer/);
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(output, 'utf8')) as ResultsFile;
    expect(results.counts['scored']).toBe(16);
    expect(results.summary.themes).toHaveLength(7);
    const grades = results.examples.reduce((sum, e) => sum + e.rubrics.length, 0);
    expect(mock.requestCount).toBe(grades);
  }, 120_000);

  it('rejects a malformed input file before calling the router, naming the line', async () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, `${JSON.stringify(EXAMPLES[0])}\n{"prompt": "hi"}\n`);
    mock.reset();
    const run = await runCli(['--input', input, '--router', platform.grpcTarget('model-router')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 2: prompt ');
    expect(run.stderr).toContain('rubrics ');
    expect(mock.requestCount).toBe(0);
  }, 30_000);
});
