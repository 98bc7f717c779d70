import type { PhiSpan } from './phi-span';
import { allMatches, phiSpan } from './phi-span';

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';

// Date shapes, longest first. A birth year alone is not treated as PHI (see the README): age
// drives reference ranges and triage, and the model needs it. Month and day without a year are.
const DATE_SHAPES = [
  '\\d{4}\\s*年\\s*\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*[日号])?',
  '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}',
  '\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})',
  `${MONTH}\\s+\\d{1,2}${ORDINAL},?\\s+\\d{4}`,
  `\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}`,
  `${MONTH},?\\s+\\d{4}`,
  '\\d{4}[-/.]\\d{1,2}(?![-/.\\d])',
  '\\d{1,2}\\s*月\\s*\\d{1,2}\\s*[日号]',
  `${MONTH}\\s+\\d{1,2}${ORDINAL}(?![\\d,])`,
  `\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH}`,
];
const DATE = `(${DATE_SHAPES.join('|')})(?![\\d/])`;

// Cue before the date: "出生日期：", "生于", "DOB:", "date of birth", "born on".
const CUE_BEFORE = [
  '出生日期',
  '出生年月日',
  '出生年月',
  '出生时间',
  '出生于',
  '出生在',
  '出生',
  '生日',
  '生于',
  '\\bD\\.?O\\.?B\\b\\.?',
  '\\bdate\\s+of\\s+birth',
  '\\bbirth\\s?date',
  '\\bbirthday',
  '\\bborn',
].join('|');
const FILLER = '[\\s:：,，是为在于(（)）]*(?:(?:is|was|on|in)\\s+)?(?:the\\s+)?(?:公历|农历)?';
const BEFORE = new RegExp(`(?:${CUE_BEFORE})${FILLER}${DATE}`, 'gi');
// Cue after the date: "1985年3月2日出生", "1985年3月生人", "1985年3月2日生，".
const AFTER = new RegExp(`${DATE}\\s*(?:出生|生人|生(?=[，,。.;；、\\s]|$))`, 'gi');

/**
 * Finds dates of birth: a date with a birth cue right before it ("出生日期", "生于", "DOB",
 * "born on") or after it ("…出生"). Other dates (a lab date, a visit) are not PHI on their own and
 * are left alone, as are birth years without a month.
 */
export function detectBirthDates(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const m of allMatches(BEFORE, text)) {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    if (plausible(value)) spans.push(phiSpan('birth-date', text, start, start + value.length, 0.9));
  }
  for (const m of allMatches(AFTER, text)) {
    const value = m[1] ?? '';
    if (plausible(value))
      spans.push(phiSpan('birth-date', text, m.index, m.index + value.length, 0.9));
  }
  return spans;
}

// Rejects shapes that cannot be a calendar date (month 13, day 32, year 1850) so a ratio or a
// version number after "born" is not taken.
function plausible(value: string): boolean {
  const numbers = (value.match(/\d+/g) ?? []).map(Number);
  const hasMonthWord = /[A-Za-z]{3}|月/.test(value);
  const yearAt = numbers.findIndex((n) => n >= 1900 && n <= 2100);
  const twoDigitYear = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$/.test(value);
  // Without a four-digit year: d/m/yy (year last), or a month word with a day.
  if (yearAt < 0 && !twoDigitYear && !hasMonthWord) return false;
  const yearIndex = yearAt >= 0 ? yearAt : twoDigitYear ? numbers.length - 1 : -1;
  const others = numbers.filter((_, i) => i !== yearIndex);
  if (others.some((n) => n < 1 || n > 31)) return false;
  // In "3月2日" the month comes first; in numeric dates one of the two must be a month.
  if (value.includes('月')) return (others[0] ?? 0) <= 12;
  return hasMonthWord || others.some((n) => n <= 12);
}
