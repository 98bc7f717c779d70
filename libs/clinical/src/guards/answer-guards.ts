/**
 * Guards on what a language model says to a patient. They run on sentences, deterministically, after
 * the model and before the patient: a prescription (a medicine with dose or frequency instructions)
 * becomes a referral to a doctor, a definitive diagnosis becomes a statement that only a doctor can
 * diagnose, reassurance that contradicts an emergency or urgent triage is removed, and every answer
 * ends with the "for reference, not a diagnosis" notice.
 */

export type GuardLocale = 'zh' | 'en';

/** The urgency triage decided before the model was asked (see ../triage). */
export type GuardUrgency = 'emergency' | 'urgent' | 'routine' | 'self-care';

export type GuardKind = 'prescription' | 'definitive-diagnosis' | 'contradicts-triage';

export interface GuardFinding {
  readonly kind: GuardKind;
  /** The sentence as the model wrote it (for the audit trail, never shown to the patient). */
  readonly original: string;
  /** What the patient saw instead. */
  readonly replacement: string;
}

export interface GuardOptions {
  readonly locale: GuardLocale;
  readonly urgency?: GuardUrgency;
}

export const REFERENCE_NOTICE: Readonly<Record<GuardLocale, string>> = {
  zh: '以上内容仅供参考，不能作为诊断或治疗依据，如有不适请及时就医。',
  en: 'This is for reference only, not a diagnosis or treatment advice; please see a doctor if you feel unwell.',
};

const REPLACEMENTS: Readonly<Record<GuardKind, Readonly<Record<GuardLocale, string>>>> = {
  prescription: {
    zh: '具体用什么药、用多少、怎么用，需要医生面诊后决定，请不要自行用药。',
    en: 'Which medicine to take, how much and how often must be decided by a doctor who has seen you; please do not self-medicate.',
  },
  'definitive-diagnosis': {
    zh: '这些情况可能由多种原因引起，需要医生检查后才能明确诊断。',
    en: 'These symptoms can have several causes; only a doctor who examines you can make a diagnosis.',
  },
  'contradicts-triage': {
    zh: '请按上面的建议尽快就医，不要等待观察。',
    en: 'Please follow the advice above and get medical care promptly rather than waiting.',
  },
};

// ── prescriptions ────────────────────────────────────────────────────────────────────────────────

const DOSE_EN =
  /\b\d+(?:\.\d+)?\s*(?:-|to)?\s*\d*(?:\.\d+)?\s*(?:mg|milligrams?|g|grams?|mcg|µg|μg|ml|mL|millilit(?:er|re)s?|iu|units?|tablets?|tabs?|capsules?|caps?|pills?|drops?|puffs?|sachets?|teaspoons?|tsp)\b/i;
const DOSE_ZH =
  /(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半])\s*(?:毫克|克|微克|毫升|单位|片|粒|丸|袋|支|滴|喷|揿|勺|mg|g|ml)/i;
const FREQUENCY_EN =
  /\b(?:once|twice|thrice|(?:\d+|one|two|three|four|five|six)\s*times?)\s*(?:a|per|each)\s*(?:day|daily|night)\b|\bevery\s+\d+(?:\s*-\s*\d+)?\s*hours?\b|\b(?:once|twice)\s+daily\b|\b(?:daily|nightly|at bedtime|before meals|after meals|with food|on an empty stomach)\b|\b(?:qd|bid|tid|qid|qhs|prn|q\d+h)\b|\bfor\s+\d+\s+(?:days?|weeks?)\b/i;
const FREQUENCY_ZH =
  /(?:每日|每天|一日|一天|每晚|每早|每次|每隔?\s*\d+\s*(?:小时|天)|[一二两三四\d]\s*次\s*\/?\s*(?:日|天)|睡前|饭前|饭后|餐前|餐后|空腹|连续\s*\d+\s*天|疗程|顿服)/;
const TAKE_EN = /\b(?:take|taking|use|apply|inject|give|administer|start on|try)\b/i;
const TAKE_ZH = /(?:服用|口服|吃|喝|用药|使用|注射|外用|含服|冲服|吞服|涂抹|加量|减量)/;

/** Common medicines (generic names, zh and en), so "ibuprofen 400 mg" is caught without a frequency. */
const MEDICINES = [
  'ibuprofen',
  'paracetamol',
  'acetaminophen',
  'aspirin',
  'amoxicillin',
  'azithromycin',
  'cephalexin',
  'ceftriaxone',
  'levofloxacin',
  'ciprofloxacin',
  'metronidazole',
  'doxycycline',
  'prednisone',
  'prednisolone',
  'dexamethasone',
  'metformin',
  'insulin',
  'glipizide',
  'amlodipine',
  'nifedipine',
  'losartan',
  'valsartan',
  'lisinopril',
  'metoprolol',
  'atorvastatin',
  'rosuvastatin',
  'clopidogrel',
  'warfarin',
  'omeprazole',
  'pantoprazole',
  'loratadine',
  'cetirizine',
  'diphenhydramine',
  'montelukast',
  'salbutamol',
  'albuterol',
  'oseltamivir',
  'levothyroxine',
  'sertraline',
  'fluoxetine',
  'diazepam',
  'alprazolam',
  'tramadol',
  'codeine',
  'morphine',
  'nitroglycerin',
  'furosemide',
  'hydrochlorothiazide',
  'allopurinol',
  'colchicine',
  '布洛芬',
  '对乙酰氨基酚',
  '扑热息痛',
  '阿司匹林',
  '阿莫西林',
  '头孢',
  '阿奇霉素',
  '左氧氟沙星',
  '甲硝唑',
  '泼尼松',
  '地塞米松',
  '二甲双胍',
  '胰岛素',
  '氨氯地平',
  '硝苯地平',
  '氯沙坦',
  '缬沙坦',
  '美托洛尔',
  '阿托伐他汀',
  '瑞舒伐他汀',
  '氯吡格雷',
  '华法林',
  '奥美拉唑',
  '氯雷他定',
  '西替利嗪',
  '孟鲁司特',
  '沙丁胺醇',
  '奥司他韦',
  '左甲状腺素',
  '优甲乐',
  '舍曲林',
  '氟西汀',
  '地西泮',
  '安定',
  '曲马多',
  '可待因',
  '吗啡',
  '硝酸甘油',
  '呋塞米',
  '别嘌醇',
  '秋水仙碱',
  '抗生素',
  '消炎药',
  '退烧药',
];
const MEDICINE_EN = new RegExp(
  `\\b(?:${MEDICINES.filter((m) => /^[a-z]/.test(m)).join('|')})\\b`,
  'i',
);
const MEDICINE_ZH = new RegExp(MEDICINES.filter((m) => !/^[a-z]/.test(m)).join('|'));

function isPrescription(sentence: string): boolean {
  const dose = DOSE_EN.test(sentence) || DOSE_ZH.test(sentence);
  const frequency = FREQUENCY_EN.test(sentence) || FREQUENCY_ZH.test(sentence);
  const medicine = MEDICINE_EN.test(sentence) || MEDICINE_ZH.test(sentence);
  const instruction = TAKE_EN.test(sentence) || TAKE_ZH.test(sentence);
  // A dose with a schedule, a named medicine with a dose, or a named medicine with a schedule
  // and an instruction to take it: all are dosing instructions only a doctor may give.
  return (dose && frequency) || (dose && medicine) || (medicine && frequency && instruction);
}

// ── definitive diagnoses ─────────────────────────────────────────────────────────────────────────

const HEDGE_EN =
  /\b(?:may|might|could|possibly|possible|perhaps|likely|unlikely|suggests?|consistent with|rule out|not sure|cannot|can't|doesn't|does not|don't|do not|whether|if you|such as|signs of)\b/i;
const HEDGE_ZH =
  /(?:可能|也许|或许|考虑|疑似|不排除|排除|倾向|提示|需要进一步|是否|如果|不一定|不能确定|无法确定|待查)/;
const DIAGNOSIS_EN =
  /\b(?:you(?:'ve| have)? (?:definitely |certainly |clearly |surely |obviously )?(?:got|have|are suffering from|are having|have developed)|you(?:'re| are) (?:definitely |certainly )?(?:suffering from|diabetic|having a (?:heart attack|stroke))|(?:this|it|that) (?:is|'s) (?:definitely|certainly|clearly|surely|obviously) (?:a |an )?|the diagnosis is|i (?:can )?(?:diagnose|confirm)|(?:you are|you're) diagnosed with|diagnosis:)/i;
const DIAGNOSIS_ZH =
  /(?:你|您)(?:肯定|一定|明确|就是|确实)?(?:得了|患了|患有|是)[^，。；,;]{0,12}(?:病|症|炎|癌|瘤|综合征|感染|梗|中风|骨折)|确诊(?:为|是|了)|诊断(?:为|是)|(?:肯定|一定|绝对)是[^，。；,;]{0,12}(?:病|症|炎|癌|瘤|综合征|感染|梗|中风|骨折)/;

function isDefinitiveDiagnosis(sentence: string): boolean {
  const assertive = DIAGNOSIS_EN.test(sentence) || DIAGNOSIS_ZH.test(sentence);
  if (!assertive) return false;
  return !(HEDGE_EN.test(sentence) || HEDGE_ZH.test(sentence));
}

// ── reassurance that contradicts triage ─────────────────────────────────────────────────────────

const DOWNPLAY_EN =
  /\b(?:no need to (?:see|go|visit|call|worry|seek)|(?:don't|do not|needn't|need not) (?:need to )?(?:see a doctor|go to (?:the )?(?:hospital|er|emergency)|call (?:120|an ambulance|emergency)|worry|seek (?:medical )?(?:care|help))|(?:is|it's|this is) (?:probably |likely )?(?:nothing serious|not serious|harmless|not an emergency|nothing to worry about)|wait (?:and see|a few days|until)|(?:rest|stay) at home and (?:see|monitor|wait)|monitor (?:it )?at home|home remed(?:y|ies) (?:should|will) (?:be enough|suffice))/i;
const DOWNPLAY_ZH =
  /(?:不用|不必|无需|不需要|没必要)(?:去|上)?(?:医院|就医|就诊|看医生|急诊|打120|拨打120|担心|紧张)|(?:没什么|没有什么|并不|不)(?:大碍|严重|要紧|危险)|问题不大|在家(?:观察|休息|等)|观察(?:几天|一下|看看)|等(?:几天|等)再说|自愈|(?:可以|先)自行(?:处理|观察|用药)/;

function contradictsTriage(sentence: string, urgency: GuardUrgency | undefined): boolean {
  if (urgency !== 'emergency' && urgency !== 'urgent') return false;
  return DOWNPLAY_EN.test(sentence) || DOWNPLAY_ZH.test(sentence);
}

// ── sentences ────────────────────────────────────────────────────────────────────────────────────

/** Ends of sentences: Chinese and Latin full stops, question and exclamation marks, semicolons, newlines. */
const SENTENCE_END = /[。！？；!?;\n]|\.(?=\s|$)/g;

/** Splits text after each sentence end; the last piece may be an unfinished sentence. */
export function splitSentences(text: string): { complete: string[]; rest: string } {
  const complete: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    complete.push(text.slice(start, end));
    start = end;
  }
  return { complete, rest: text.slice(start) };
}

function guardSentence(
  sentence: string,
  options: GuardOptions,
): { text: string; finding?: GuardFinding } {
  const kind: GuardKind | undefined = isPrescription(sentence)
    ? 'prescription'
    : contradictsTriage(sentence, options.urgency)
      ? 'contradicts-triage'
      : isDefinitiveDiagnosis(sentence)
        ? 'definitive-diagnosis'
        : undefined;
  if (kind === undefined) return { text: sentence };
  const replacement = REPLACEMENTS[kind][options.locale];
  // Keep the layout: leading whitespace and a trailing newline survive the replacement.
  const leading = /^\s*/.exec(sentence)?.[0] ?? '';
  const trailing = sentence.endsWith('\n') ? '\n' : options.locale === 'en' ? ' ' : '';
  return {
    text: `${leading}${replacement}${trailing}`,
    finding: { kind, original: sentence.trim(), replacement },
  };
}

function hasNotice(text: string, locale: GuardLocale): boolean {
  return locale === 'zh'
    ? /仅供参考/.test(text) && /(?:不能|不可|无法)(?:作为|替代)?[^。]{0,6}诊断/.test(text)
    : /for reference only/i.test(text) && /not (?:a )?(?:medical )?diagnos/i.test(text);
}

/**
 * Guards a streamed answer. `push` returns the text that is safe to show now (whole sentences);
 * `finish` returns the rest plus the reference notice. Nothing is shown before its sentence is
 * complete, so a dose split across chunks is still caught. A sentence longer than `maxHeld`
 * characters is checked and released as it is.
 */
export class StreamingAnswerGuard {
  private held = '';
  private shown = '';
  private readonly found: GuardFinding[] = [];

  constructor(
    private readonly options: GuardOptions,
    private readonly maxHeld = 1_000,
  ) {}

  get findings(): readonly GuardFinding[] {
    return this.found;
  }

  push(chunk: string): string {
    this.held += chunk;
    const { complete, rest } = splitSentences(this.held);
    if (rest.length > this.maxHeld) {
      complete.push(rest);
      this.held = '';
    } else {
      this.held = rest;
    }
    return this.release(complete);
  }

  finish(): string {
    const tail = this.release(this.held === '' ? [] : [this.held]);
    this.held = '';
    const notice = hasNotice(this.shown, this.options.locale)
      ? ''
      : `${this.shown.endsWith('\n') || this.shown === '' ? '' : '\n\n'}${REFERENCE_NOTICE[this.options.locale]}`;
    this.shown += notice;
    return tail + notice;
  }

  private release(sentences: readonly string[]): string {
    let out = '';
    for (const sentence of sentences) {
      const guarded = guardSentence(sentence, this.options);
      if (guarded.finding) this.found.push(guarded.finding);
      out += guarded.text;
    }
    this.shown += out;
    return out;
  }
}

/** Guards a whole answer at once. */
export function guardAnswer(
  text: string,
  options: GuardOptions,
): { text: string; findings: readonly GuardFinding[] } {
  const guard = new StreamingAnswerGuard(options, Number.POSITIVE_INFINITY);
  const shown = guard.push(text) + guard.finish();
  return { text: shown, findings: guard.findings };
}
