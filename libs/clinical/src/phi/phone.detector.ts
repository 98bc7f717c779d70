import type { PhiSpan } from './phi-span';
import { allMatches, clauseBefore, phiSpan } from './phi-span';

// Mainland mobile: 1[3-9]x xxxx xxxx, optionally +86 / 0086 / (+86), grouped 3-4-4 by spaces or dashes.
const MOBILE = /(?<![0-9A-Za-z+])(?:\(?(?:\+|00)86\)?[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
// Mainland landline with area code: 010 and 02x are followed by 8 digits, 0xxx by 7 or 8; local
// numbers never start with 0 or 1. An extension (转 123, ext. 123) belongs to the number.
const LANDLINE =
  /(?<![0-9A-Za-z+])(?:\(0(?:10|2\d|[3-9]\d{2})\)|0(?:10|2\d|[3-9]\d{2}))[\s-]?[2-9]\d{2,3}[\s-]?\d{4}(?:\s*(?:转|ext\.?|x)\s*\d{1,5})?(?!\d)/gi;
// International, in English text: +CC then digit groups, each introduced by a separator or in
// parentheses (so a run of digits splits only one way and matching stays linear), or +CC and the
// number written without separators.
const INTERNATIONAL =
  /(?<![\w+])\+(?:\d{1,3}(?:[\s.-]\(?\d{1,8}\)?|\s?\(\d{1,5}\)\s?\d{1,5}){2,6}|\d{8,15})(?!\d)/g;
// North American: (415) 555-0132, 415-555-0132, 415.555.0132; separators required, so a bare run
// of ten digits (an order number, a timestamp) is not taken for a phone.
const NANP =
  /(?<![\w+])(?:1[\s.-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-])[2-9]\d{2}[\s.-]\d{4}(?!\d)/g;
// A labelled number of any shape ("电话：88886666", "phone: 07700 900123").
const LABELLED =
  /(?:联系电话|手机号码|手机号|电话号码|电话|手机|座机|联系方式|\b(?:telephone|phone(?:\s*(?:no\.?|number))?|mobile|cell|tel\.?|call me at|reach me at|text me at))\s*(?:是|为|[:：]|is|at)?\s*[:：]?\s*(\+?\(?\d[\d\s().-]{5,20}\d)/gi;

// Service numbers that reach an institution, never a person: 400/800 corporate lines, NANP
// toll-free area codes. (Short numbers such as 120, 110 or 12320 never match the patterns above.)
const SERVICE_NUMBER = /^(?:[48]00|(?:\+?1[\s.-]?)?\(?8(?:00|33|44|55|66|77|88)\)?)/;
// A landline introduced as an institution's ("医院电话", "挂号热线", "the clinic's front desk")
// is the institution's, not the patient's.
const INSTITUTION_CUE =
  /(?:医院|门诊|急诊|科室|科|挂号|预约|咨询|客服|服务|总机|热线|诊所|卫生院|中心|药房|hospital|clinic|front desk|hotline|switchboard|reception|pharmacy|appointment line)/gi;
const PERSONAL_CUE = /(?:我|本人|家|私人|个人|\bmy\b|\bme\b|\bhome\b|\bpersonal\b)/i;

function isInstitutional(text: string, start: number): boolean {
  const clause = clauseBefore(text, start, 24);
  const cues = allMatches(INSTITUTION_CUE, clause);
  const last = cues[cues.length - 1];
  if (last === undefined) return false;
  return !PERSONAL_CUE.test(clause.slice(last.index));
}

function digitCount(value: string): number {
  return value.replace(/\D/g, '').length;
}

/**
 * Finds phone numbers: mainland mobiles (always PHI, even a doctor's), landlines with area codes,
 * international and North American numbers, and any labelled number of 7-15 digits. A landline or
 * labelled number that the clause introduces as an institution's (hospital switchboard, booking
 * hotline) is not reported, nor are 400/800 service numbers: they identify nobody.
 */
export function detectPhoneNumbers(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  const push = (start: number, value: string, confidence: number): void => {
    spans.push(phiSpan('phone', text, start, start + value.length, confidence));
  };
  for (const m of allMatches(MOBILE, text)) push(m.index, m[0], 0.95);
  for (const m of allMatches(LANDLINE, text)) {
    if (!isInstitutional(text, m.index)) push(m.index, m[0], 0.85);
  }
  for (const m of allMatches(INTERNATIONAL, text)) {
    const digits = digitCount(m[0]);
    if (digits >= 8 && digits <= 15 && !SERVICE_NUMBER.test(m[0])) push(m.index, m[0], 0.8);
  }
  for (const m of allMatches(NANP, text)) {
    if (!SERVICE_NUMBER.test(m[0]) && !isInstitutional(text, m.index)) push(m.index, m[0], 0.8);
  }
  for (const m of allMatches(LABELLED, text)) {
    const value = (m[1] ?? '').replace(/[\s(.-]+$/, '');
    const start = m.index + m[0].length - (m[1] ?? '').length;
    const digits = digitCount(value);
    if (digits < 7 || digits > 15 || SERVICE_NUMBER.test(value)) continue;
    if (!isInstitutional(text, m.index)) push(start, value, 0.8);
  }
  return spans;
}
