import type { QuantitativeLabTest } from './lab-test.types';

const SUPERSCRIPT_DIGITS: Readonly<Record<string, string>> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
};

/**
 * The comparison key of a unit spelling: width-, case- and spacing-insensitive, with the usual
 * variants folded together (µ/μ/u, 10^9 / 10*9 / ×10⁹ / 10E9, mm/hr, sec, braces of UCUM
 * annotations). Case folding is safe for the units the catalogue accepts; it is why the catalogue
 * does not accept G/L (giga per litre), which would collide with g/L.
 */
export function normalizeUnit(raw: string): string {
  // Superscript exponents first: NFKC would turn 10⁹ into 109.
  let s = raw.replace(
    /10\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/gu,
    (_match, exponent: string) =>
      `10^${exponent.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, (c) => SUPERSCRIPT_DIGITS[c] ?? '')}`,
  );
  s = s.normalize('NFKC').toLowerCase();
  s = s.replace(/[μµ]/gu, 'u');
  s = s.replace(/\s+/gu, '');
  s = s.replace(/[{}()[\]_]/gu, '');
  s = s.replace(/^[×x*·]+/u, '');
  s = s.replace(/10(?:\*|\^|e)(\d+)/gu, '10^$1');
  s = s.replace(/mcg/gu, 'ug');
  s = s.replace(/\/1?hr?$/u, '/h');
  s = s.replace(/(?:seconds?|secs?|秒)$/u, 's');
  return s;
}

/** How to bring a value in some unit to the test's canonical unit. */
export interface UnitResolution {
  readonly factor: number;
  readonly offset: number;
  /** Set when accepting this unit rests on an assumption that results should state. */
  readonly assumption?: string;
}

const IDENTITY: UnitResolution = { factor: 1, offset: 0 };

/**
 * How a value in `unit` converts to the test's canonical unit, or undefined when the unit is not
 * one the catalogue accepts for this test (the caller reports `unknown-unit`, never guesses).
 * A missing unit is accepted only for unitless tests.
 */
export function resolveUnit(
  test: QuantitativeLabTest,
  unit: string | undefined,
): UnitResolution | undefined {
  const key = unit === undefined ? '' : normalizeUnit(unit);
  if (key === '' || key === '1') return test.unitless ? IDENTITY : undefined;
  if (key === normalizeUnit(test.unit)) return IDENTITY;
  for (const c of test.conversions) {
    if (normalizeUnit(c.unit) === key) {
      return {
        factor: c.factor,
        offset: c.offset ?? 0,
        ...(c.assumption === undefined ? {} : { assumption: c.assumption }),
      };
    }
  }
  return undefined;
}

/** Rounds away floating-point noise (12 significant digits) so boundaries compare exactly. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** A value in `unit` expressed in the test's canonical unit; undefined for an unknown unit. */
export function toCanonicalUnit(
  test: QuantitativeLabTest,
  value: number,
  unit: string | undefined,
): number | undefined {
  const r = resolveUnit(test, unit);
  return r === undefined ? undefined : tidy(value * r.factor + r.offset);
}

/** A canonical value expressed in `unit`; undefined for an unknown unit. */
export function fromCanonicalUnit(
  test: QuantitativeLabTest,
  value: number,
  unit: string | undefined,
): number | undefined {
  const r = resolveUnit(test, unit);
  return r === undefined ? undefined : tidy((value - r.offset) / r.factor);
}

/** Converts between any two units the catalogue accepts for this test. */
export function convertLabValue(
  test: QuantitativeLabTest,
  value: number,
  fromUnit: string | undefined,
  toUnit: string | undefined,
): number | undefined {
  const canonical = toCanonicalUnit(test, value, fromUnit);
  return canonical === undefined ? undefined : fromCanonicalUnit(test, canonical, toUnit);
}
