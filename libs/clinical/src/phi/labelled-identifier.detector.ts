import type { PhiKind, PhiSpan } from './phi-span';
import { allMatches, phiSpan } from './phi-span';

interface LabelledIdentifier {
  readonly kind: PhiKind;
  /** Labels, longest first: an alternation stops at the first label that fits. */
  readonly labels: readonly string[];
}

// Identifiers that have no checksum or shape of their own and are only recognisable by their
// label. Chinese insurance cards often carry the resident id number; the id detector, which
// validates it, then takes precedence.
const LABELLED_IDENTIFIERS: readonly LabelledIdentifier[] = [
  {
    kind: 'insurance-number',
    labels: [
      '医疗保险卡号',
      '医疗保险号',
      '社会保障卡号',
      '社会保障号码',
      '社会保障号',
      '医保卡号',
      '医保编号',
      '医保号',
      '医保卡',
      '社保卡号',
      '社保号',
      '社保卡',
      '参保人编号',
      '参保号',
      '保险卡号',
      '保单号',
      '\\binsurance\\s+(?:card\\s+|member\\s+|policy\\s+)?(?:no\\.?|number|#|id)',
      '\\bpolicy\\s+(?:no\\.?|number|#)',
      '\\bmember\\s+id',
      '\\bmedicare\\s+(?:no\\.?|number|#)',
      '\\bmedicaid\\s+(?:id|no\\.?|number)',
      '\\bNHS\\s+number',
    ],
  },
  {
    kind: 'medical-record-number',
    labels: [
      '门诊病历号',
      '住院病历号',
      '病历号码',
      '病历号',
      '病案号',
      '住院号',
      '门诊号',
      '就诊卡号',
      '就诊号',
      '诊疗卡号',
      '登记号',
      '患者编号',
      '病人编号',
      '患者ID',
      '\\bMRN',
      '\\bmedical\\s+record\\s+(?:no\\.?|number|#)',
      '\\bchart\\s+(?:no\\.?|number|#)',
      '\\bpatient\\s+(?:id|no\\.?|number)',
      '\\bhospital\\s+(?:no\\.?|number)',
    ],
  },
  {
    kind: 'passport',
    labels: [
      '护照号码',
      '护照号',
      '护照',
      '港澳通行证号',
      '通行证号码',
      '通行证号',
      '\\bpassport\\s*(?:no\\.?|number|#)?',
    ],
  },
];

// What may sit between label and value: "：", "是", "is", "#", spaces.
const SEPARATOR = '\\s*(?:是|为|[:：#=]|is|was)?\\s*[:：#]?\\s*';
// The value: letters, digits and hyphens, or digit groups split by single spaces ("8837 2210 93").
const VALUE = '([A-Za-z0-9][A-Za-z0-9-]*(?: \\d+)*)';

const PATTERNS = LABELLED_IDENTIFIERS.map(({ kind, labels }) => ({
  kind,
  pattern: new RegExp(`(?:${labels.join('|')})${SEPARATOR}${VALUE}`, 'gi'),
}));

/**
 * Finds medical insurance / social security numbers, medical record numbers and passport numbers
 * when a label introduces them ("医保卡号：", "住院号", "MRN", "insurance no."). Conservative: the
 * value must follow the label directly and hold at least four digits, so "病历号在哪里看" or
 * "passport photo" is nothing.
 */
export function detectLabelledIdentifiers(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const m of allMatches(pattern, text)) {
      const value = (m[1] ?? '').replace(/-+$/, '');
      const digits = value.replace(/\D/g, '').length;
      if (digits < 4 || value.length > 32) continue;
      const start = m.index + m[0].length - (m[1] ?? '').length;
      spans.push(phiSpan(kind, text, start, start + value.length, 0.9));
    }
  }
  return spans;
}
