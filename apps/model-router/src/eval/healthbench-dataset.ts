import { z } from 'zod';

/** A chat message of a HealthBench conversation. */
export interface EvalMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** One rubric item: a criterion worth `points` (negative for undesirable behaviour) when met. */
export interface RubricItem {
  readonly criterion: string;
  readonly points: number;
  /** e.g. `axis:accuracy`, `level:example`. */
  readonly tags: readonly string[];
}

/** One HealthBench example: the conversation to answer and the rubric to grade the answer with. */
export interface HealthBenchExample {
  /** `prompt_id` of the line, or `line-<n>` when the line has none. */
  readonly id: string;
  /** 1-based line in the input file. */
  readonly line: number;
  readonly prompt: readonly EvalMessage[];
  readonly rubrics: readonly RubricItem[];
  /** Example-level tags, e.g. `theme:emergency_referrals`. */
  readonly exampleTags: readonly string[];
}

/** The input file cannot be evaluated; `problems` name each bad line. */
export class EvalInputError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, 10);
    const more =
      problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`${source} cannot be evaluated:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'EvalInputError';
  }
}

const tag = z.string().min(1, 'must not be empty').max(200);

// The shape of OpenAI's HealthBench files (simple-evals): `prompt`, `rubrics`, `example_tags`,
// `prompt_id`; other fields (ideal completions, canary) are ignored.
const line = z.object({
  prompt_id: z.string().min(1).max(200).optional(),
  prompt: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant'], {
          error: 'must be system, developer, user or assistant',
        }),
        content: z.string().min(1, 'must not be empty'),
      }),
    )
    .min(1, 'must contain at least one message')
    .refine((messages) => messages.some((m) => m.role === 'user'), {
      error: 'must contain a user message',
    }),
  rubrics: z
    .array(
      z.object({
        criterion: z.string().min(1, 'must not be empty'),
        points: z.number({ error: 'must be a number' }),
        tags: z.array(tag).default([]),
      }),
    )
    .min(1, 'must contain at least one rubric item')
    .refine((items) => items.some((item) => item.points > 0), {
      error: 'must contain at least one item with positive points',
    }),
  example_tags: z.array(tag).default([]),
});

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path} ${issue.message}`;
    })
    .join('; ');
}

/**
 * Parses a HealthBench JSONL file. Blank lines are skipped; every other line must be one example.
 * All bad lines are reported together, each with its number, and nothing is returned for them.
 */
export function parseHealthBenchJsonl(text: string, source: string): HealthBenchExample[] {
  const examples: HealthBenchExample[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const number = index + 1;
    const content = index === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    if (content.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (error) {
      problems.push(`line ${number}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const parsed = line.safeParse(json);
    if (!parsed.success) {
      problems.push(`line ${number}: ${describe(parsed.error)}`);
      return;
    }
    const id = parsed.data.prompt_id ?? `line-${number}`;
    const previous = seen.get(id);
    if (previous !== undefined) {
      problems.push(`line ${number}: prompt_id "${id}" repeats line ${previous}`);
      return;
    }
    seen.set(id, number);
    examples.push({
      id,
      line: number,
      prompt: parsed.data.prompt.map((m) => ({
        role: m.role === 'developer' ? 'system' : m.role,
        content: m.content,
      })),
      rubrics: parsed.data.rubrics,
      exampleTags: parsed.data.example_tags,
    });
  });
  if (problems.length > 0) throw new EvalInputError(source, problems);
  if (examples.length === 0) throw new EvalInputError(source, ['no examples (the file is empty)']);
  return examples;
}
