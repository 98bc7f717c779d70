import { interpretReport } from '@meridian/clinical';
import type {
  LabFlag,
  LabInterpretation,
  LabResultInput,
  PatientContext,
} from '@meridian/clinical';

import type { Language } from '../provider';
import { OFFLINE_NOTICE } from './consult.answer';

const FLAG_TEXT: Readonly<Record<LabFlag, Readonly<Record<Language, string>>>> = {
  N: { zh: '正常', en: 'normal' },
  L: { zh: '偏低', en: 'low' },
  H: { zh: '偏高', en: 'high' },
  LL: { zh: '危急偏低', en: 'critically low' },
  HH: { zh: '危急偏高', en: 'critically high' },
  A: { zh: '异常', en: 'abnormal' },
};

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
// "谷丙转氨酶(ALT) 85 U/L 参考范围 7-40", "Hemoglobin: 92 g/L (130-175)", "尿蛋白 2+".
const LINE = new RegExp(
  String.raw`^\s*(?:\d+[.、)]\s*)?(?<name>[^\d:：<>≤≥]+?)\s*[:：]?\s*(?<value>[1-4]\+|[<>≤≥]=?\s*${NUMBER}|${NUMBER}|阴性|阳性|negative|positive|trace)\s*(?<unit>[^\s(（\d][^\s(（]*)?\s*(?:[(（]?\s*(?:参考(?:范围|区间|值)?|ref(?:erence)?(?:\s*range)?)?\s*[:：]?\s*(?<low>${NUMBER})\s*[-~–—至]\s*(?<high>${NUMBER})\s*[)）]?)?\s*(?:[↑↓HL]\s*)?$`,
  'iu',
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asResult(value: unknown): LabResultInput | undefined {
  if (!isRecord(value)) return undefined;
  const raw = value['value'] ?? value['result'];
  if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
  const str = (key: string) => (typeof value[key] === 'string' ? value[key] : undefined);
  const name = str('name') ?? str('item') ?? str('test');
  const code = str('code') ?? str('loinc');
  if (name === undefined && code === undefined) return undefined;
  const range = value['referenceRange'];
  const referenceRange = isRecord(range)
    ? {
        ...(typeof range['low'] === 'number' ? { low: range['low'] } : {}),
        ...(typeof range['high'] === 'number' ? { high: range['high'] } : {}),
        ...(typeof range['text'] === 'string' ? { text: range['text'] } : {}),
      }
    : typeof range === 'string'
      ? { text: range }
      : undefined;
  const unit = str('unit');
  return {
    ...(code === undefined ? {} : { code }),
    ...(name === undefined ? {} : { name }),
    value: raw,
    ...(unit === undefined ? {} : { unit }),
    ...(referenceRange === undefined ? {} : { referenceRange }),
  };
}

function patientFrom(value: unknown, text: string): PatientContext {
  const sexText = isRecord(value) && typeof value['sex'] === 'string' ? value['sex'] : text;
  const sex = /female|女/i.test(sexText)
    ? 'female'
    : /\bmale\b|男/i.test(sexText)
      ? 'male'
      : undefined;
  const age =
    isRecord(value) && typeof value['ageYears'] === 'number'
      ? value['ageYears']
      : Number(/(\d{1,3})\s*(?:岁|周岁|-?\s*years?[- ]old|yo\b)/i.exec(text)?.[1] ?? Number.NaN);
  return {
    ...(sex === undefined ? {} : { sex }),
    ...(Number.isFinite(age) ? { ageYears: age } : {}),
  };
}

function fromJson(
  text: string,
): { results: LabResultInput[]; patient: PatientContext } | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const candidates = [fenced, text.slice(text.search(/[[{]/))].filter(
    (c): c is string => c !== undefined && c.trim() !== '',
  );
  for (const candidate of candidates) {
    let json: unknown;
    try {
      json = JSON.parse(candidate.trim());
    } catch {
      continue;
    }
    const list = Array.isArray(json)
      ? json
      : isRecord(json)
        ? (json['results'] ?? json['items'] ?? json['labResults'])
        : undefined;
    if (!Array.isArray(list)) continue;
    const results = list.map(asResult).filter((r): r is LabResultInput => r !== undefined);
    if (results.length > 0) {
      return { results, patient: patientFrom(isRecord(json) ? json['patient'] : undefined, text) };
    }
  }
  return undefined;
}

/** Lab results in a message: a JSON list (or `{results, patient}`), or one result per line. */
export function parseLabResults(text: string): {
  results: LabResultInput[];
  patient: PatientContext;
} {
  const json = fromJson(text);
  if (json !== undefined) return json;
  const results: LabResultInput[] = [];
  for (const line of text.split(/\r?\n|；|;/)) {
    const match = LINE.exec(line);
    const groups = match?.groups;
    if (groups === undefined) continue;
    const name = (groups['name'] ?? '').trim();
    if (name === '' || name.length > 40) continue;
    // "女，45岁" is the patient, not a result.
    if (/^(?:岁|周岁|years?\b|yo\b)/iu.test(groups['unit'] ?? '')) continue;
    const value = (groups['value'] ?? '').replace(/\s+/g, '');
    const numeric = /^[\d.]+$/.test(value) ? Number(value) : value;
    const low = groups['low'];
    const high = groups['high'];
    results.push({
      name,
      value: numeric,
      ...(groups['unit'] === undefined ? {} : { unit: groups['unit'] }),
      ...(low === undefined || high === undefined
        ? {}
        : { referenceRange: { low: Number(low), high: Number(high) } }),
    });
  }
  return { results, patient: patientFrom(undefined, text) };
}

function rangeText(item: LabInterpretation, language: Language): string {
  const range = item.rangeUsed;
  if (range === undefined) return '';
  if (range.text !== undefined)
    return language === 'zh' ? `参考：${range.text}` : `expected: ${range.text}`;
  const unit = item.unitCanonical ?? '';
  const bounds =
    range.low !== undefined && range.high !== undefined
      ? `${range.low}–${range.high}`
      : range.low !== undefined
        ? `≥ ${range.low}`
        : range.high !== undefined
          ? `≤ ${range.high}`
          : '';
  if (bounds === '') return '';
  return language === 'zh'
    ? `参考范围 ${bounds} ${unit}`.trim()
    : `reference ${bounds} ${unit}`.trim();
}

function valueText(item: LabInterpretation, input: LabResultInput): string {
  if (item.qualitative !== undefined) return item.qualitative;
  if (item.valueCanonical !== undefined) {
    return `${item.comparator ?? ''}${item.valueCanonical} ${item.unitCanonical ?? ''}`.trim();
  }
  return `${String(input.value)} ${input.unit ?? ''}`.trim();
}

/**
 * Explains lab results with the flags `interpretReport` computes (reference ranges by sex and
 * age, critical limits); it never contradicts them. Critical values come first, with escalation.
 */
export function reportExplainAnswer(text: string, language: Language): string {
  const { results, patient } = parseLabResults(text);
  const zh = language === 'zh';
  if (results.length === 0) {
    return [
      zh
        ? '没有在消息中找到可识别的检验结果。请按“项目 数值 单位（参考范围）”每行一项提供，例如：谷丙转氨酶 85 U/L（7-40）。'
        : 'I could not find lab results in the message. Please give one per line as "test value unit (reference range)", e.g. "ALT 85 U/L (7-40)".',
      '',
      OFFLINE_NOTICE[language],
    ].join('\n');
  }
  const report = interpretReport(results, patient);
  const { summary } = report;
  const lines: string[] = [
    zh
      ? `检验报告解读：共${summary.total}项，异常${summary.abnormal}项，危急值${summary.critical}项。`
      : `Your lab report: ${summary.total} results, ${summary.abnormal} outside the reference range, ${summary.critical} critical.`,
  ];
  if (summary.escalate) {
    lines.push(
      zh
        ? '⚠ 报告中有危急值，请立即联系开单医生或前往医院急诊，不要等待下次复诊。'
        : '⚠ The report contains a critical value: contact the doctor who ordered the test or go to an emergency department now; do not wait for a routine visit.',
    );
  }
  const name = (item: LabInterpretation, input: LabResultInput) =>
    item.test === undefined
      ? (input.name ?? input.code ?? '?')
      : zh
        ? item.test.nameZh
        : item.test.nameEn;
  let n = 0;
  for (const highlight of summary.highlights) {
    const item = report.items[highlight.index];
    const input = results[highlight.index];
    if (item === undefined || input === undefined) continue;
    const range = rangeText(item, language);
    const flag = FLAG_TEXT[highlight.flag][language];
    lines.push(
      zh
        ? `${++n}. ${name(item, input)}：${valueText(item, input)}，${flag}${range === '' ? '' : `（${range}）`}。`
        : `${++n}. ${name(item, input)}: ${valueText(item, input)}, ${flag}${range === '' ? '' : ` (${range})`}.`,
    );
  }
  const normal = report.items
    .map((item, index) => ({ item, input: results[index] }))
    .filter(({ item }) => item.flag === 'N');
  if (normal.length > 0) {
    const names = normal.map(({ item, input }) => (input === undefined ? '' : name(item, input)));
    lines.push(zh ? `正常项目：${names.join('、')}。` : `Within range: ${names.join(', ')}.`);
  }
  const unread = report.items
    .map((item, index) => ({ item, input: results[index] }))
    .filter(({ item }) => item.status !== 'ok' || item.flag === undefined);
  if (unread.length > 0) {
    const names = unread.map(({ item, input }) => (input === undefined ? '' : name(item, input)));
    lines.push(
      zh
        ? `无法判读的项目：${names.join('、')}（未能识别项目、单位或缺少参考范围，请以报告单为准）。`
        : `Not interpreted: ${names.join(', ')} (unknown test or unit, or no reference range; follow the printed report).`,
    );
  }
  lines.push(
    '',
    zh
      ? '单项轻度异常不一定代表疾病，结果受饮食、作息、用药和采样时间影响，请结合症状由医生综合判断，必要时复查。'
      : 'A single mild deviation does not necessarily mean disease; diet, sleep, medication and sampling time affect results. A doctor should interpret them with your symptoms and may repeat the test.',
    '',
    OFFLINE_NOTICE[language],
  );
  return lines.join('\n');
}
