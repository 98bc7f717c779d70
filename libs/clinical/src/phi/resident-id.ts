import type { PhiDetectorOptions, PhiSpan } from './phi-span';
import { allMatches, clauseBefore, phiSpan } from './phi-span';

// GB 11643-1999: weights of the first 17 digits for the ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Check character by (weighted sum mod 11).
const CHECK_CHARS = '10X98765432';

// First two digits of GB/T 2260 administrative division codes: provinces, autonomous regions,
// municipalities, Taiwan (71), Hong Kong (81), Macao (82) and the 83 of residence permits.
const PROVINCE_CODES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/** Why a string is not a valid resident identity card number. */
export type ResidentIdDefect = 'format' | 'region' | 'birth-date' | 'checksum';

/** The outcome of validating a resident identity card number. */
export type ResidentIdValidation =
  | { readonly valid: true; readonly generation: 1 | 2; readonly birthDate: string }
  | { readonly valid: false; readonly defect: ResidentIdDefect };

/**
 * The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits of an 18-digit
 * resident identity card number, or undefined when the input is not 17 digits.
 */
export function residentIdCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * (first17.charCodeAt(i) - 48), 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Validates a PRC resident identity card number: 18 characters (second generation: region,
 * birth date YYYYMMDD, sequence, check character 0-9/X) or 15 digits (first generation: region,
 * birth date YYMMDD in the 1900s, sequence). Spaces and hyphens between groups are ignored.
 */
export function validateResidentId(
  value: string,
  options: Pick<PhiDetectorOptions, 'now'> = {},
): ResidentIdValidation {
  const id = value.replace(/[\s-]/g, '').toUpperCase();
  let birth: string;
  if (/^\d{17}[\dX]$/.test(id)) birth = id.slice(6, 14);
  else if (/^\d{15}$/.test(id)) birth = `19${id.slice(6, 12)}`;
  else return { valid: false, defect: 'format' };

  if (!PROVINCE_CODES.has(id.slice(0, 2)) || id.slice(2, 6) === '0000') {
    return { valid: false, defect: 'region' };
  }
  const birthDate = plausibleBirthDate(birth, options.now ?? new Date());
  if (birthDate === undefined) return { valid: false, defect: 'birth-date' };
  if (id.length === 18 && residentIdCheckChar(id.slice(0, 17)) !== id.charAt(17)) {
    return { valid: false, defect: 'checksum' };
  }
  return { valid: true, generation: id.length === 18 ? 2 : 1, birthDate };
}

/** True when `value` is a valid resident identity card number (see {@link validateResidentId}). */
export function isValidResidentId(
  value: string,
  options: Pick<PhiDetectorOptions, 'now'> = {},
): boolean {
  return validateResidentId(value, options).valid;
}

// YYYYMMDD → ISO date when it is a real calendar day between 1900 and now.
function plausibleBirthDate(yyyymmdd: string, now: Date): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || date.getTime() > now.getTime()) return undefined;
  return date.toISOString().slice(0, 10);
}

// 18 characters, optionally grouped 6-8-4 by a space or hyphen; or 15 digits. Not inside a longer
// run of letters or digits (an order number is not an id because it contains one).
const ID_18 = /(?<![0-9A-Za-z])\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx](?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const ID_LABEL = /(?:身份证|公民身份号码|证件号|\bID\s*card|\bID\s*(?:no|number)|national\s+id)/i;

/**
 * Finds resident identity card numbers. A number that validates fully is reported with
 * confidence 0.99 (second generation) or 0.85 (first generation: fewer digits, no checksum). A
 * number of the right shape that fails validation is still reported, at 0.7, when a label such as
 * "身份证号" precedes it: a mistyped id is still the patient's id.
 */
export function detectResidentIds(text: string, options: PhiDetectorOptions = {}): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const m of [...allMatches(ID_18, text), ...allMatches(ID_15, text)]) {
    const start = m.index;
    const end = start + m[0].length;
    const validation = validateResidentId(m[0], options);
    if (validation.valid) {
      spans.push(
        phiSpan('resident-id', text, start, end, validation.generation === 2 ? 0.99 : 0.85),
      );
    } else if (ID_LABEL.test(clauseBefore(text, start, 16))) {
      spans.push(phiSpan('resident-id', text, start, end, 0.7));
    }
  }
  return spans;
}
