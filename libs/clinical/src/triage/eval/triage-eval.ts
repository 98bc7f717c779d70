import type { TriageFunction } from '../triage';
import type { Urgency } from '../triage.types';
import { URGENCY_ORDER } from '../triage.types';

/** One labelled utterance of the evaluation set. */
export interface TriageEvalCase {
  readonly id: string;
  readonly text: string;
  readonly lang: 'zh' | 'en';
  readonly expected: Urgency;
  /** Emergency category the case exercises (required for emergencies). */
  readonly category?: string;
  /** Where the case came from: `dev`, or a held-out batch (see README). */
  readonly split?: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
}

export interface TriageEvalMiss {
  readonly id: string;
  readonly text: string;
  readonly expected: Urgency;
  readonly predicted: Urgency;
}

export interface TriageEvalSlice {
  readonly name: string;
  readonly emergencies: number;
  readonly recalled: number;
  /** Share of expected emergencies flagged as emergencies; NaN when there are none. */
  readonly recall: number;
  readonly nonEmergencies: number;
  readonly falseAlarms: number;
  /** Share of non-emergencies flagged as emergencies; NaN when there are none. */
  readonly falseAlarmRate: number;
}

export interface TriageEvalCategory {
  readonly category: string;
  readonly emergencies: number;
  readonly recalled: number;
  readonly recall: number;
  /** Recalled cases whose escalation names the expected category. */
  readonly categoryAgreement: number;
}

export interface TriageEvalReport {
  readonly total: number;
  readonly emergencies: number;
  readonly nonEmergencies: number;
  readonly emergencyRecall: number;
  readonly falseAlarmRate: number;
  /** Expected urgent-or-emergency cases predicted urgent or emergency (under-triage check). */
  readonly urgentOrHigherRecall: number;
  /** Predicted urgency equals the label. */
  readonly exactAgreement: number;
  /** confusion[expected][predicted] = count. */
  readonly confusion: Readonly<Record<Urgency, Readonly<Record<Urgency, number>>>>;
  readonly byCategory: readonly TriageEvalCategory[];
  readonly byLanguage: readonly TriageEvalSlice[];
  readonly bySplit: readonly TriageEvalSlice[];
  readonly byTag: readonly TriageEvalSlice[];
  readonly missedEmergencies: readonly TriageEvalMiss[];
  readonly falseAlarms: readonly TriageEvalMiss[];
}

const URGENCIES: ReadonlySet<string> = new Set(URGENCY_ORDER);

function isUrgency(value: unknown): value is Urgency {
  return typeof value === 'string' && URGENCIES.has(value);
}

/** Parses and checks the JSON-lines evaluation set; throws on the first malformed line. */
export function parseTriageEvalSet(jsonl: string): TriageEvalCase[] {
  const cases: TriageEvalCase[] = [];
  const ids = new Set<string>();
  jsonl.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    const raw = JSON.parse(line) as Record<string, unknown>;
    const { id, text, lang, expected, category, split, tags, notes } = raw;
    if (typeof id !== 'string' || id === '') throw new Error(`${where}: id missing`);
    if (ids.has(id)) throw new Error(`${where}: duplicate id ${id}`);
    ids.add(id);
    if (typeof text !== 'string' || text === '') throw new Error(`${where}: text missing`);
    if (lang !== 'zh' && lang !== 'en') throw new Error(`${where}: lang must be zh or en`);
    if (!isUrgency(expected)) throw new Error(`${where}: unknown expected urgency`);
    if (expected === 'emergency' && typeof category !== 'string') {
      throw new Error(`${where}: an emergency needs a category`);
    }
    cases.push({
      id,
      text,
      lang,
      expected,
      ...(typeof category === 'string' && { category }),
      ...(typeof split === 'string' && { split }),
      ...(Array.isArray(tags) && { tags: tags.filter((t): t is string => typeof t === 'string') }),
      ...(typeof notes === 'string' && { notes }),
    });
  });
  return cases;
}

interface Outcome {
  readonly case: TriageEvalCase;
  readonly predicted: Urgency;
  readonly emergencyCategories: readonly string[];
}

const ratio = (part: number, whole: number): number => (whole === 0 ? Number.NaN : part / whole);

function slice(name: string, outcomes: readonly Outcome[]): TriageEvalSlice {
  const emergencies = outcomes.filter((o) => o.case.expected === 'emergency');
  const others = outcomes.filter((o) => o.case.expected !== 'emergency');
  const recalled = emergencies.filter((o) => o.predicted === 'emergency').length;
  const falseAlarms = others.filter((o) => o.predicted === 'emergency').length;
  return {
    name,
    emergencies: emergencies.length,
    recalled,
    recall: ratio(recalled, emergencies.length),
    nonEmergencies: others.length,
    falseAlarms,
    falseAlarmRate: ratio(falseAlarms, others.length),
  };
}

function groupBy(
  outcomes: readonly Outcome[],
  keys: (o: Outcome) => readonly string[],
): Map<string, Outcome[]> {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    for (const key of keys(outcome)) {
      const group = groups.get(key) ?? [];
      group.push(outcome);
      groups.set(key, group);
    }
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

const miss = (o: Outcome): TriageEvalMiss => ({
  id: o.case.id,
  text: o.case.text,
  expected: o.case.expected,
  predicted: o.predicted,
});

/**
 * Runs every case through `triage` and scores it. Emergency recall counts an expected emergency
 * as caught when the predicted urgency is `emergency`, whatever the category.
 */
export function scoreTriage(
  cases: readonly TriageEvalCase[],
  triage: TriageFunction,
): TriageEvalReport {
  const outcomes: Outcome[] = cases.map((c) => {
    const result = triage(c.text);
    return {
      case: c,
      predicted: result.urgency,
      emergencyCategories: result.matchedRules
        .filter((m) => m.urgency === 'emergency')
        .map((m) => m.category),
    };
  });

  const confusion = Object.fromEntries(
    URGENCY_ORDER.map((expected) => [
      expected,
      Object.fromEntries(
        URGENCY_ORDER.map((predicted) => [
          predicted,
          outcomes.filter((o) => o.case.expected === expected && o.predicted === predicted).length,
        ]),
      ),
    ]),
  ) as Record<Urgency, Record<Urgency, number>>;

  const overall = slice('all', outcomes);
  const urgentOrHigher = outcomes.filter(
    (o) => o.case.expected === 'emergency' || o.case.expected === 'urgent',
  );
  const byCategory = [
    ...groupBy(
      outcomes.filter((o) => o.case.expected === 'emergency'),
      (o) => [o.case.category ?? 'uncategorised'],
    ),
  ].map(([category, group]) => {
    const recalled = group.filter((o) => o.predicted === 'emergency');
    return {
      category,
      emergencies: group.length,
      recalled: recalled.length,
      recall: ratio(recalled.length, group.length),
      categoryAgreement: ratio(
        recalled.filter((o) => o.emergencyCategories.includes(category)).length,
        recalled.length,
      ),
    };
  });

  return {
    total: outcomes.length,
    emergencies: overall.emergencies,
    nonEmergencies: overall.nonEmergencies,
    emergencyRecall: overall.recall,
    falseAlarmRate: overall.falseAlarmRate,
    urgentOrHigherRecall: ratio(
      urgentOrHigher.filter((o) => o.predicted === 'emergency' || o.predicted === 'urgent').length,
      urgentOrHigher.length,
    ),
    exactAgreement: ratio(
      outcomes.filter((o) => o.predicted === o.case.expected).length,
      outcomes.length,
    ),
    confusion,
    byCategory,
    byLanguage: [...groupBy(outcomes, (o) => [o.case.lang])].map(([name, g]) => slice(name, g)),
    bySplit: [...groupBy(outcomes, (o) => [o.case.split ?? 'unsplit'])].map(([name, g]) =>
      slice(name, g),
    ),
    byTag: [...groupBy(outcomes, (o) => o.case.tags ?? [])].map(([name, g]) => slice(name, g)),
    missedEmergencies: outcomes
      .filter((o) => o.case.expected === 'emergency' && o.predicted !== 'emergency')
      .map(miss),
    falseAlarms: outcomes
      .filter((o) => o.case.expected !== 'emergency' && o.predicted === 'emergency')
      .map(miss),
  };
}
