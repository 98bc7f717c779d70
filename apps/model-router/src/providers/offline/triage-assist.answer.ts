import type { Language } from '../provider';
import {
  URGENCY_TEXT,
  assess,
  departmentList,
  departmentName,
  evidenceOf,
} from './clinical-assessment';
import { OFFLINE_NOTICE } from './consult.answer';

/** Urgency and recommended departments for a patient's message, as text or a JSON object. */
export function triageAssistAnswer(
  question: string,
  language: Language,
  format: 'text' | 'json',
): string {
  const { triage, departments } = assess(question, language);
  if (format === 'json') {
    return JSON.stringify({
      urgency: triage.urgency,
      departments: departments.map((d) => ({ code: d.code, name: departmentName(d, language) })),
      matchedRules: triage.matchedRules.map((m) => m.ruleId),
      evidence: evidenceOf(triage),
      escalation: triage.escalation?.text ?? null,
      humanFollowUp: triage.humanFollowUp,
      rulesetVersion: triage.rulesetVersion,
    });
  }
  const evidence = evidenceOf(triage);
  const lines =
    language === 'zh'
      ? [
          `紧急程度：${URGENCY_TEXT[triage.urgency].zh}（${triage.urgency}）`,
          `推荐科室：${departmentList(departments, language)}`,
          ...(evidence.length > 0 ? [`依据：${evidence.join('、')}`] : []),
        ]
      : [
          `Urgency: ${URGENCY_TEXT[triage.urgency].en} (${triage.urgency})`,
          `Recommended departments: ${departmentList(departments, language)}`,
          ...(evidence.length > 0 ? [`Based on: ${evidence.join(', ')}`] : []),
        ];
  if (triage.escalation !== undefined) lines.push('', triage.escalation.text);
  lines.push('', OFFLINE_NOTICE[language]);
  return lines.join('\n');
}
