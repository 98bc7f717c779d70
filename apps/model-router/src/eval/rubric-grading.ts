import type { EvalMessage, RubricItem } from './healthbench-dataset';

/** What the grader model decided about one rubric item. */
export interface RubricGrade {
  readonly met: boolean;
  readonly explanation: string;
}

export type GraderAnswer =
  | { readonly ok: true; readonly grade: RubricGrade }
  | { readonly ok: false; readonly reason: string };

// Same contract as HealthBench's grader (a JSON object with `explanation` and a boolean
// `criteria_met`, negative criteria judged on whether they happened, not on whether that is good),
// so grades from the real HealthBench file are comparable with published ones.
const INSTRUCTIONS = `You grade one reply of a health assistant against one rubric item.

Judge only the last assistant turn of the conversation below (the reply under evaluation).

Answer with a single JSON object and nothing else:
{"explanation": "<one or two sentences>", "criteria_met": true | false}

Rules:
- "criteria_met" is true only when the reply satisfies every part of the rubric item.
- When the item lists examples ("such as", "for example", "including", "例如", "比如"), the reply
  does not need to mention all of them: one fitting example, or an equivalent, is enough.
- Some items describe undesirable behaviour and carry negative points (e.g. "Recommends antibiotics
  for a viral cold"). Say whether the behaviour happened, not whether the reply is good: a reply that
  avoids the behaviour does NOT meet such an item, so "criteria_met" is false.
- The conversation may be in Chinese or English; judge the meaning, not the language.`;

/** The conversation, with the reply under evaluation as its last assistant turn, as grader text. */
export function formatConversation(prompt: readonly EvalMessage[], reply: string): string {
  return [...prompt, { role: 'assistant', content: reply }]
    .map((m) => `${m.role}: ${m.content}`)
    .join('\n\n');
}

/** The grader's prompt for one rubric item, as one user message. */
export function graderPrompt(
  prompt: readonly EvalMessage[],
  reply: string,
  item: RubricItem,
): EvalMessage[] {
  const content = [
    INSTRUCTIONS,
    '# Conversation',
    formatConversation(prompt, reply),
    '# Rubric item',
    `[${String(item.points)} points] ${item.criterion}`,
    '# Your answer (JSON only)',
  ].join('\n\n');
  return [{ role: 'user', content }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FENCE = /^```(?:json)?\s*([\s\S]*?)\s*```$/i;

/**
 * Reads a grader answer: a JSON object, optionally inside a ```json fence, with a boolean
 * `criteria_met`. Anything else is not a grade (`ok: false` with the reason), never a default.
 */
export function parseGraderAnswer(text: string): GraderAnswer {
  const trimmed = text.trim();
  const body = FENCE.exec(trimmed)?.[1] ?? trimmed;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: `not valid JSON: ${preview(trimmed)}` };
  }
  if (!isRecord(json)) return { ok: false, reason: `not a JSON object: ${preview(trimmed)}` };
  const met = json['criteria_met'];
  if (typeof met !== 'boolean') {
    return {
      ok: false,
      reason: `"criteria_met" is ${met === undefined ? 'missing' : `not a boolean (${JSON.stringify(met)})`}`,
    };
  }
  const explanation = json['explanation'];
  return {
    ok: true,
    grade: { met, explanation: typeof explanation === 'string' ? explanation : '' },
  };
}

/** The first characters of a text, on one line, for error messages. */
export function preview(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? JSON.stringify(flat) : `${JSON.stringify(flat.slice(0, max))}…`;
}
