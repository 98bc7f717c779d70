/** How a censored value relates to the number printed ("<0.01", "≥1.030"). */
export type Comparator = '<' | '<=' | '>' | '>=';

/** A dipstick-style result, from negative through 4+. `positive` is a positive without a grade. */
export type QualitativeResult = 'negative' | 'trace' | 'positive' | '1+' | '2+' | '3+' | '4+';

/** A flag the report itself printed next to the value (↑, ↓, H, L). */
export type ReportedFlag = 'H' | 'L';

export type ParsedLabValue =
  | {
      readonly kind: 'number';
      readonly value: number;
      readonly comparator?: Comparator;
      /** Text after the number, e.g. a unit written into the value ("5.6 mmol/L"). */
      readonly trailingText?: string;
      readonly reportedFlag?: ReportedFlag;
    }
  | {
      readonly kind: 'qualitative';
      readonly result: QualitativeResult;
      readonly reportedFlag?: ReportedFlag;
    }
  | { readonly kind: 'unparseable' };

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  '<': '<',
  '<=': '<=',
  '≤': '<=',
  '>': '>',
  '>=': '>=',
  '≥': '>=',
};

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?`;
const NUMERIC_VALUE = new RegExp(String.raw`^(<=|>=|≤|≥|<|>)?=?\s*${NUMBER}\s*(.*)$`, 'iu');
// A printed flag: arrows anywhere; H/L/HH/LL/偏高/偏低 only as a separate trailing word or right
// after a digit, so the "l" of "mmol/l" is never taken for one.
const ARROWS = /[↑↓]+/gu;
const TRAILING_FLAG = /(?:(?<=\d)|\s+|(?=[([]))[([]?(hh|ll|h|l|偏高|偏低|高|低)[)\]]?$/iu;

const GRADES: Readonly<Record<string, QualitativeResult>> = {
  '1': '1+',
  '2': '2+',
  '3': '3+',
  '4': '4+',
};

function dashes(s: string): string {
  return s.replace(/[−–—－]/gu, '-');
}

/** A dipstick result in any of the spellings Chinese and English reports use, or undefined. */
export function parseQualitativeResult(raw: string): QualitativeResult | undefined {
  const t = dashes(raw.normalize('NFKC')).toLowerCase().replace(/\s+/gu, '');
  if (t === '') return undefined;
  if (/±|\+-|\+\/-|trace|微量|弱阳性|可疑|^tr$/u.test(t)) return 'trace';
  const graded = /([1-4])\+|\+([1-4])/u.exec(t);
  const grade = GRADES[graded?.[1] ?? graded?.[2] ?? /\+{1,4}/u.exec(t)?.[0].length ?? 0];
  if (grade !== undefined && !/\+{5}/u.test(t)) return grade;
  if (
    /阴性|negative|^neg|^nil$|^none$|notdetected|未检出|^-+$|\(-\)|^无$|^正常$|^normal$/u.test(t)
  ) {
    return 'negative';
  }
  if (/阳性|positive|^pos$|检出/u.test(t)) return 'positive';
  return undefined;
}

const QUALITATIVE_HINT =
  /[+±]|阴|阳|neg|pos|trace|微量|nil|none|检出|^-+$|\(-\)|^无$|正常|normal/iu;

/**
 * Reads a result as printed: numbers with an optional comparator and thousands separators,
 * printed flags (↑ ↓ H L), units written after the number, and dipstick grades.
 */
export function parseLabValue(value: number | string): ParsedLabValue {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0
      ? { kind: 'number', value }
      : { kind: 'unparseable' };
  }
  let s = dashes(value.normalize('NFKC')).trim();
  let reportedFlag: ReportedFlag | undefined;
  if (s.includes('↑')) reportedFlag = 'H';
  else if (s.includes('↓')) reportedFlag = 'L';
  s = s.replace(ARROWS, '').trim();
  const printed = TRAILING_FLAG.exec(s);
  if (printed?.[1] !== undefined) {
    const word = printed[1].toLowerCase();
    reportedFlag ??= word.startsWith('h') || word.includes('高') ? 'H' : 'L';
    s = s.slice(0, printed.index).trim();
  }
  s = s.replace(/^\*+|\*+$/gu, '').trim();
  const withFlag = reportedFlag === undefined ? {} : { reportedFlag };

  const m = NUMERIC_VALUE.exec(s);
  const digits = m?.[2];
  const trailingText = (m?.[4] ?? '').trim();
  // "1+" and "5.6 阳性" read as numbers followed by a dipstick grade: they are dipstick results.
  if (m !== null && digits !== undefined && !QUALITATIVE_HINT.test(trailingText)) {
    // "5..6", "1.2.3": digits or separators right after the number are no unit.
    if (/^[\d.,]/u.test(trailingText)) return { kind: 'unparseable' };
    const exponent = m[3] === undefined ? '' : `e${m[3]}`;
    const parsed = Number(`${digits.replace(/,/gu, '')}${exponent}`);
    if (!Number.isFinite(parsed)) return { kind: 'unparseable' };
    const comparator = m[1] === undefined ? undefined : COMPARATORS[m[1]];
    return {
      kind: 'number',
      value: parsed,
      ...(comparator === undefined ? {} : { comparator }),
      ...(trailingText === '' ? {} : { trailingText }),
      ...withFlag,
    };
  }
  const result = parseQualitativeResult(s);
  return result === undefined
    ? { kind: 'unparseable' }
    : { kind: 'qualitative', result, ...withFlag };
}

/** A reference interval as printed on a report, in the report's unit. */
export interface ParsedReferenceRange {
  readonly low?: number;
  readonly high?: number;
  readonly lowExclusive?: boolean;
  readonly highExclusive?: boolean;
  /** The interval is "negative" (dipstick tests). */
  readonly negative?: boolean;
  /** A unit printed after the interval, if any. */
  readonly unit?: string;
}

const RANGE_NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const BETWEEN = new RegExp(
  String.raw`^${RANGE_NUMBER}\s*(?:-{1,2}|~|～|〜|至|to)\s*${RANGE_NUMBER}\s*(.*)$`,
  'iu',
);
const ONE_SIDED = new RegExp(String.raw`^(<=|>=|≤|≥|<|>)\s*${RANGE_NUMBER}\s*(.*)$`, 'u');

/**
 * Reads a printed reference interval: "3.5-5.3", "3.5～5.3", "3.5 -- 5.3 mmol/L", "<5", "≤5.0",
 * ">60", "阴性", "negative". Undefined when the text is not one of these.
 */
export function parseReferenceRangeText(text: string): ParsedReferenceRange | undefined {
  const s = dashes(text.normalize('NFKC')).trim();
  const withUnit = (unit: string | undefined): { unit?: string } => {
    const u = (unit ?? '').trim();
    return u === '' ? {} : { unit: u };
  };
  const between = BETWEEN.exec(s);
  if (between?.[1] !== undefined && between[2] !== undefined) {
    const low = Number(between[1]);
    const high = Number(between[2]);
    return low <= high ? { low, high, ...withUnit(between[3]) } : undefined;
  }
  const oneSided = ONE_SIDED.exec(s);
  if (oneSided?.[1] !== undefined && oneSided[2] !== undefined) {
    const comparator = COMPARATORS[oneSided[1]];
    const bound = Number(oneSided[2]);
    const unit = withUnit(oneSided[3]);
    switch (comparator) {
      case '<':
        return { high: bound, highExclusive: true, ...unit };
      case '<=':
        return { high: bound, ...unit };
      case '>':
        return { low: bound, lowExclusive: true, ...unit };
      case '>=':
        return { low: bound, ...unit };
      case undefined:
        return undefined;
    }
  }
  return parseQualitativeResult(s) === 'negative' ? { negative: true } : undefined;
}
