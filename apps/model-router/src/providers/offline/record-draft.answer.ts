import type { ChatMessage, Language } from '../provider';
import { URGENCY_TEXT, assess, departmentList, evidenceOf } from './clinical-assessment';

function firstSentence(text: string): string {
  const sentence = text.trim().split(/(?<=[。！？!?.])\s*|\n/u)[0] ?? '';
  return sentence.length > 60 ? `${sentence.slice(0, 60)}…` : sentence;
}

/**
 * A SOAP draft from the conversation for the doctor to edit and sign: the patient's own words as
 * the subjective part, the measurements triage reads from them as objective findings, the triage
 * result as a preliminary assessment (not a diagnosis) and a plan that follows its urgency.
 */
export function recordDraftAnswer(messages: readonly ChatMessage[], language: Language): string {
  const patient = messages.filter((m) => m.role === 'user').map((m) => m.content.trim());
  const words = patient.join(language === 'zh' ? '；' : '; ');
  const { triage, departments } = assess(patient.join('\n'), language);
  const { facts } = triage;
  const zh = language === 'zh';
  const measured = [
    facts.temperatureC === undefined
      ? undefined
      : zh
        ? `体温 ${facts.temperatureC}℃`
        : `temperature ${facts.temperatureC} °C`,
    facts.systolicBp === undefined
      ? undefined
      : zh
        ? `收缩压 ${facts.systolicBp} mmHg`
        : `systolic BP ${facts.systolicBp} mmHg`,
    facts.glucoseMmolL === undefined
      ? undefined
      : zh
        ? `血糖 ${facts.glucoseMmolL} mmol/L`
        : `glucose ${facts.glucoseMmolL} mmol/L`,
    facts.ageMonths === undefined
      ? undefined
      : zh
        ? `年龄 ${Math.floor(facts.ageMonths / 12)} 岁`
        : `age ${Math.floor(facts.ageMonths / 12)} years`,
  ].filter((m): m is string => m !== undefined);
  const evidence = evidenceOf(triage);
  const rules = triage.matchedRules.map((m) => m.ruleId).join(', ');
  const urgency = URGENCY_TEXT[triage.urgency][language];
  const where = departmentList(departments, language);
  if (zh) {
    return [
      '【病历草稿，需医生审核修改后签名】',
      `S（主诉与现病史）：主诉：${firstSentence(patient[0] ?? '') || '待补充'}。现病史（患者自述）：${words || '待补充'}。`,
      `O（查体与辅助检查）：${measured.length > 0 ? `患者自述 ${measured.join('，')}；` : ''}查体及辅助检查待医生补充。`,
      `A（评估）：红旗分诊 ${triage.urgency}${rules === '' ? '' : `（${rules}）`}${evidence.length > 0 ? `，依据“${evidence.join('、')}”` : ''}；建议科室：${where}。初步印象待医生结合查体明确，非诊断结论。`,
      `P（处理计划）：${urgency}。${triage.humanFollowUp ? '需人工随访。' : ''}进一步检查与治疗由医生制定。`,
    ].join('\n');
  }
  return [
    '[Draft record: to be reviewed, edited and signed by the doctor]',
    `S (subjective): Chief complaint: ${firstSentence(patient[0] ?? '') || 'to be completed'}. History (patient's words): ${words || 'to be completed'}.`,
    `O (objective): ${measured.length > 0 ? `reported by the patient: ${measured.join(', ')}; ` : ''}examination and tests to be completed by the doctor.`,
    `A (assessment): red-flag triage ${triage.urgency}${rules === '' ? '' : ` (${rules})`}${evidence.length > 0 ? `, based on "${evidence.join('", "')}"` : ''}; department: ${where}. Working impression to be set by the doctor after examination; not a diagnosis.`,
    `P (plan): ${urgency}. ${triage.humanFollowUp ? 'Human follow-up required. ' : ''}Further tests and treatment to be decided by the doctor.`,
  ].join('\n');
}
