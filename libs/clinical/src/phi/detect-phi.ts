import { detectAddresses } from './address.detector';
import { detectBirthDates } from './birth-date.detector';
import { detectEmails } from './email.detector';
import { detectLabelledIdentifiers } from './labelled-identifier.detector';
import { detectPersonNames } from './name.detector';
import { detectPhoneNumbers } from './phone.detector';
import { placeholderRanges } from './phi-placeholder';
import type { PhiDetector, PhiDetectorOptions, PhiKind, PhiSpan } from './phi-span';
import { PHI_KINDS, foldWidth } from './phi-span';
import { detectResidentIds } from './resident-id';

/** Options of {@link detectPhi}. */
export interface DetectPhiOptions extends PhiDetectorOptions {
  /** Only these kinds. Defaults to all. */
  readonly kinds?: readonly PhiKind[];
  /** Findings below this confidence are dropped. Defaults to 0.5 (every detector reports ≥ 0.7). */
  readonly minConfidence?: number;
}

const DETECTORS: readonly PhiDetector[] = [
  detectResidentIds,
  detectEmails,
  detectPhoneNumbers,
  detectLabelledIdentifiers,
  detectBirthDates,
  detectAddresses,
  detectPersonNames,
];

// Lower rank wins an overlap: a checksummed id beats a phone-shaped run inside it, an address beats
// a name found in it.
const RANK: ReadonlyMap<PhiKind, number> = new Map(PHI_KINDS.map((kind, i) => [kind, i]));
const rank = (kind: PhiKind): number => RANK.get(kind) ?? PHI_KINDS.length;

/**
 * Runs every detector and returns non-overlapping findings in text order. Overlaps are resolved
 * by kind priority (resident id > e-mail > phone > passport > insurance > MRN > birth date >
 * address > name), then by length, then by confidence. Existing placeholders (`[PHI_NAME_1]`) are
 * never reported, so redacting twice changes nothing. Full-width digits, letters and punctuation
 * are read as their ASCII forms.
 */
export function detectPhi(text: string, options: DetectPhiOptions = {}): PhiSpan[] {
  const kinds = new Set(options.kinds ?? PHI_KINDS);
  const minConfidence = options.minConfidence ?? 0.5;
  const folded = foldWidth(text);
  const placeholders = placeholderRanges(folded);
  const candidates = DETECTORS.flatMap((detect) => detect(folded, options)).filter(
    (span) =>
      kinds.has(span.kind) &&
      span.confidence >= minConfidence &&
      span.end > span.start &&
      !placeholders.some(([start, end]) => span.start < end && start < span.end),
  );
  candidates.sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      b.end - b.start - (a.end - a.start) ||
      b.confidence - a.confidence ||
      a.start - b.start,
  );
  const chosen: PhiSpan[] = [];
  for (const span of candidates) {
    if (!chosen.some((c) => span.start < c.end && c.start < span.end)) chosen.push(span);
  }
  // Offsets are the same in both texts; the reported text is the original's.
  return chosen
    .sort((a, b) => a.start - b.start)
    .map((span) => ({ ...span, text: text.slice(span.start, span.end) }));
}
