import type { Language } from '../provider';
import { URGENCY_TEXT, assess, departmentList, evidenceOf } from './clinical-assessment';

export const OFFLINE_NOTICE: Readonly<Record<Language, string>> = {
  zh: '以上内容仅供参考，不构成诊断，请以医生的面诊意见为准。',
  en: 'For reference only, not a diagnosis: please follow the advice of a doctor who examines you.',
};

export const RED_FLAG_WARNING: Readonly<Record<Language, string>> = {
  zh: '如出现胸痛、呼吸困难、意识模糊、抽搐或大量出血等情况，请立即拨打120或前往急诊。',
  en: 'If you have chest pain, difficulty breathing, confusion, seizures or heavy bleeding, call 120 or go to the emergency department now.',
};

const GENERAL_ADVICE: Readonly<Record<Language, string>> = {
  zh:
    '1. 注意休息，多饮水，清淡饮食，避免劳累。\n' +
    '2. 记录症状开始的时间、程度和变化，就诊时告诉医生。\n' +
    '3. 如果症状持续两三天没有好转或逐渐加重，请及时就医。\n',
  en:
    '1. Rest, drink enough fluids and eat light meals.\n' +
    '2. Note when the symptoms started, how strong they are and how they change, and tell your doctor.\n' +
    '3. If the symptoms do not improve within two or three days, or get worse, see a doctor.\n',
};

/**
 * A consultation answer driven by red-flag triage: an emergency gets the fixed escalation text of
 * the clinical ruleset and nothing that could soften it; otherwise the urgency, the departments to
 * see, general advice and the red flags to watch for.
 */
export function consultAnswer(question: string, language: Language): string {
  const { triage, departments } = assess(question, language);
  if (triage.escalation !== undefined) {
    return `${triage.escalation.text}\n\n${OFFLINE_NOTICE[language]}`;
  }
  const evidence = evidenceOf(triage);
  const where = departmentList(departments, language);
  const lines: string[] = [];
  if (language === 'zh') {
    lines.push(
      evidence.length > 0
        ? `感谢您的描述。根据您提到的“${evidence.join('、')}”，${URGENCY_TEXT[triage.urgency].zh}。`
        : `感谢您的描述。线上咨询无法代替面对面检查，${URGENCY_TEXT[triage.urgency].zh}。`,
      `建议就诊科室：${where}。`,
      '',
      '在就医之前，您可以：',
    );
  } else {
    lines.push(
      evidence.length > 0
        ? `Thank you for the details. Based on what you mention ("${evidence.join('", "')}"): ${URGENCY_TEXT[triage.urgency].en}.`
        : `Thank you for the details. An online consultation cannot replace an examination. ${URGENCY_TEXT[triage.urgency].en}.`,
      `Department to see: ${where}.`,
      '',
      'Until then you can:',
    );
  }
  lines.push(GENERAL_ADVICE[language]);
  if (triage.informational) {
    lines.push(
      language === 'zh'
        ? '如果您描述的情况正在发生，请不要等待，立即就医。'
        : 'If what you describe is happening now, do not wait: seek care immediately.',
    );
  }
  lines.push(RED_FLAG_WARNING[language], '', OFFLINE_NOTICE[language]);
  return lines.join('\n');
}
