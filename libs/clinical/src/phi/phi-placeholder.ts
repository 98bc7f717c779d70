import type { PhiKind } from './phi-span';

/** The label each kind shows in its placeholders: `[PHI_NAME_1]`, `[PHI_ID_2]`. */
export const PHI_PLACEHOLDER_LABELS: Readonly<Record<PhiKind, string>> = {
  'resident-id': 'ID',
  phone: 'PHONE',
  email: 'EMAIL',
  'insurance-number': 'INSURANCE',
  'medical-record-number': 'MRN',
  passport: 'PASSPORT',
  'birth-date': 'DOB',
  address: 'ADDRESS',
  name: 'NAME',
};

/** Any well-formed placeholder, known to a session or not. */
export const PHI_PLACEHOLDER_PATTERN = /\[PHI_[A-Z]{1,20}_\d{1,6}\]/g;

// A proper prefix of a placeholder: what a stream may end with while the rest is still coming.
const PARTIAL_PLACEHOLDER = /^\[(?:P(?:H(?:I(?:_(?:[A-Z]{1,20}(?:_\d{0,6})?)?)?)?)?)?$/;

/** The placeholder for the n-th distinct value of a kind. */
export function phiPlaceholder(kind: PhiKind, n: number): string {
  return `[PHI_${PHI_PLACEHOLDER_LABELS[kind]}_${n}]`;
}

/** True when `value` is exactly one well-formed placeholder. */
export function isPhiPlaceholder(value: string): boolean {
  return /^\[PHI_[A-Z]{1,20}_\d{1,6}\]$/.test(value);
}

/** True when `value` could still grow into a placeholder (`"[PHI_NA"`), false for complete ones. */
export function isPartialPhiPlaceholder(value: string): boolean {
  return PARTIAL_PLACEHOLDER.test(value);
}

/** The [start, end) ranges of the well-formed placeholders in a text. */
export function placeholderRanges(text: string): Array<readonly [number, number]> {
  return [...text.matchAll(PHI_PLACEHOLDER_PATTERN)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * Replaces every placeholder that `lookup` knows by its original value, in one left-to-right pass
 * (a restored value is never scanned again). Unknown placeholders stay as they are.
 */
export function restorePlaceholders(
  text: string,
  lookup: (placeholder: string) => string | undefined,
): string {
  return text.replace(PHI_PLACEHOLDER_PATTERN, (placeholder) => lookup(placeholder) ?? placeholder);
}
