import { TRIAGE_RULES_V1, findDepartment, triage } from '@meridian/clinical';
import type { StandardDepartment, TriageResult, Urgency } from '@meridian/clinical';

import type { Language } from '../provider';

/** What the offline model concludes from a patient's words, all of it from `@meridian/clinical`. */
export interface ClinicalAssessment {
  readonly triage: TriageResult;
  /** Recommended departments, most relevant first (never empty). */
  readonly departments: readonly StandardDepartment[];
}

const RULE_DEPARTMENTS: ReadonlyMap<string, string> = new Map(
  TRIAGE_RULES_V1.map((rule) => [rule.id, rule.department]),
);

/** Runs red-flag triage and gathers the departments of the rules that fired, most urgent first. */
export function assess(text: string, language: Language): ClinicalAssessment {
  const result = triage(text, { locale: language });
  const codes: string[] = [];
  for (const match of result.matchedRules) {
    const code = RULE_DEPARTMENTS.get(match.ruleId);
    if (code !== undefined && !codes.includes(code)) codes.push(code);
  }
  if (codes.length === 0) codes.push('general-practice');
  const departments = codes.flatMap((code) => {
    const department = findDepartment(code);
    return department === undefined ? [] : [department];
  });
  return { triage: result, departments };
}

export function departmentName(department: StandardDepartment, language: Language): string {
  return language === 'zh' ? department.nameZh : department.nameEn;
}

export function departmentList(
  departments: readonly StandardDepartment[],
  language: Language,
): string {
  return departments.map((d) => departmentName(d, language)).join(language === 'zh' ? '、' : ', ');
}

export const URGENCY_TEXT: Readonly<Record<Urgency, Readonly<Record<Language, string>>>> = {
  emergency: {
    zh: '危急：请立即拨打120或前往最近的医院急诊科',
    en: 'Emergency: call 120 or go to the nearest emergency department now',
  },
  urgent: {
    zh: '紧急：请尽快就医，最好在24小时内',
    en: 'Urgent: see a doctor as soon as possible, within 24 hours',
  },
  routine: {
    zh: '常规：建议近期预约门诊就诊',
    en: 'Routine: book an outpatient visit in the coming days',
  },
  'self-care': {
    zh: '可先居家自我护理，密切观察，如加重再就医',
    en: 'Self-care: look after yourself at home, watch closely and see a doctor if it gets worse',
  },
};

/** The patient's words behind the rules that fired, for "based on …" sentences. */
export function evidenceOf(result: TriageResult): string[] {
  const seen: string[] = [];
  for (const match of result.matchedRules) {
    for (const piece of match.evidence) if (!seen.includes(piece)) seen.push(piece);
  }
  return seen.slice(0, 4);
}
