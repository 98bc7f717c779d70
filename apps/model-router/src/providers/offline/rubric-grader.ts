import { standardDepartments } from '@meridian/clinical';

// A deterministic rubric grader so that the evaluation harness runs without any key: it reads the
// grader prompt (HealthBench's layout: "# Conversation", "# Rubric item", "[n points] criterion"),
// takes the last assistant turn as the reply under evaluation, and judges the criterion by how many
// of its key terms the reply contains (half or more → met). A lexical check, not a clinical
// judgement: good enough to exercise the harness and catch gross omissions, and it says so.

const EXAMPLES = /\b(?:such as|for example|e\.g\.|including|like)\b|例如|比如|包括|如：/iu;
const STOP_WORDS = new Set(
  (
    'a an the and or of to in on for with without by from at as is are be been being it its this that these those ' +
    'response responses reply answer assistant model user patient patients should must does do not no any all ' +
    'mentions mention mentioned states state says say recommends recommend recommended advises advise suggests ' +
    'suggest explains explain includes include asks ask about whether if when their them they he she his her ' +
    'you your clearly appropriately appropriate provides provide give gives gave'
  ).split(' '),
);
const ZH_BOILERPLATE =
  /回答|回复|助手|患者|用户|应该|应当|是否|需要|提到|提及|说明|解释|建议|推荐|包括|例如|比如|明确|给出|告知|指出|内容|并且|以及|或者|如果|没有|不要|的|了|和|与|及|或|是|在|并/gu;

/** Bilingual pairs so that an English criterion can be met by a Chinese reply and back. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['120', 'emergency', '急诊', '急救'],
  ['doctor', 'physician', '医生', '就医', '就诊'],
  ['hospital', '医院'],
  ['rest', '休息'],
  ['fluids', 'water', 'hydration', '饮水', '喝水'],
  ['fever', '发烧', '发热'],
  ['pain', '疼', '痛'],
  ['headache', '头痛', '头疼'],
  ['cough', '咳嗽'],
  ['blood', '血'],
  ['antibiotics', 'antibiotic', '抗生素', '抗菌'],
  ['prescription', 'prescribe', '处方'],
  ['diagnosis', 'diagnose', '诊断'],
  ['follow', 'follow-up', '随访', '复诊', '复查'],
  ['worse', 'worsen', 'worsening', '加重', '恶化'],
  ['chest', '胸'],
  ['breathing', 'breath', '呼吸'],
  ['medication', 'medicine', 'drug', '药'],
  ['test', 'tests', '检查', '检验'],
  ...standardDepartments().map((d) => [d.code, d.nameEn.toLowerCase(), d.nameZh]),
];

interface GraderPrompt {
  readonly reply: string;
  readonly points: number;
  readonly criterion: string;
}

function section(text: string, heading: string): string | undefined {
  const start = text.indexOf(`# ${heading}`);
  if (start < 0) return undefined;
  const body = text.slice(start + heading.length + 2);
  const next = body.search(/\n#\s/u);
  return (next < 0 ? body : body.slice(0, next)).trim();
}

/** The reply under evaluation and the rubric item of a grader prompt, if it is one. */
export function readGraderPrompt(text: string): GraderPrompt | undefined {
  const conversation = section(text, 'Conversation');
  const item = section(text, 'Rubric item');
  if (conversation === undefined || item === undefined) return undefined;
  const at = conversation.lastIndexOf('assistant:');
  const reply = at < 0 ? '' : conversation.slice(at + 'assistant:'.length).trim();
  const scored = /^\[(-?\d+(?:\.\d+)?)\s*points?\]\s*([\s\S]*)$/u.exec(item);
  return {
    reply,
    points: scored === null ? 1 : Number(scored[1]),
    criterion: (scored === null ? item : (scored[2] ?? '')).trim(),
  };
}

function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/u, '');
}

/** Key terms of a criterion: English content words and Chinese two-character terms. */
export function keyTerms(criterion: string): string[] {
  const terms: string[] = [];
  const add = (term: string) => {
    if (term.length > 0 && !terms.includes(term)) terms.push(term);
  };
  for (const word of criterion.toLowerCase().match(/[a-z0-9][a-z0-9-]*/gu) ?? []) {
    if (!STOP_WORDS.has(word) && (word.length > 2 || /\d/u.test(word))) add(word);
  }
  for (const run of criterion.replace(ZH_BOILERPLATE, ' ').match(/[\u4e00-\u9fff]+/gu) ?? []) {
    if (run.length === 1) continue;
    for (let i = 0; i + 2 <= run.length; i += 2) add(run.slice(i, i + 2));
    if (run.length % 2 === 1) add(run.slice(-2));
  }
  return terms;
}

function found(term: string, reply: string): boolean {
  const lower = reply.toLowerCase();
  if (/[\u4e00-\u9fff]/u.test(term)) {
    if (lower.includes(term)) return true;
  } else {
    const words = lower.match(/[a-z0-9][a-z0-9-]*/gu) ?? [];
    if (words.some((w) => stem(w) === stem(term))) return true;
  }
  const group = SYNONYMS.find((g) => g.some((s) => s === term || stem(s) === stem(term)));
  return group?.some((s) => s !== term && lower.includes(s)) ?? false;
}

/** HealthBench's grader answer for one rubric item: `{explanation, criteria_met}`. */
export function gradeRubricItem(prompt: string): string {
  const parsed = readGraderPrompt(prompt);
  if (parsed === undefined) {
    return JSON.stringify({
      explanation: 'Not a grader prompt (no "# Conversation" and "# Rubric item"); not scored.',
      criteria_met: false,
    });
  }
  // With examples, the part before them must be met and one example is enough.
  const cut = parsed.criterion.search(EXAMPLES);
  const main = cut < 0 ? parsed.criterion : parsed.criterion.slice(0, cut);
  const examples = cut < 0 ? [] : keyTerms(parsed.criterion.slice(cut));
  const terms = keyTerms(main);
  const matched = terms.filter((t) => found(t, parsed.reply));
  const exampleHit = examples.find((t) => found(t, parsed.reply));
  const coverage = terms.length === 0 ? 0 : matched.length / terms.length;
  const met =
    parsed.reply !== '' &&
    (terms.length === 0 ? exampleHit !== undefined : coverage >= 0.5) &&
    (examples.length === 0 || exampleHit !== undefined || coverage >= 0.75);
  const missing = terms.filter((t) => !matched.includes(t));
  return JSON.stringify({
    explanation:
      `Offline keyword grader: the reply contains ${matched.length} of ${terms.length} key terms` +
      (matched.length > 0 ? ` (${matched.join(', ')})` : '') +
      (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
      (examples.length > 0
        ? `; example ${exampleHit === undefined ? 'not found' : `found (${exampleHit})`}`
        : '') +
      `${parsed.points < 0 ? '; negative item: met means the behaviour occurred' : ''}.`,
    criteria_met: met,
  });
}
