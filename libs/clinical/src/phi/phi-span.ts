/** The kinds of protected health information the detectors recognise. */
export type PhiKind =
  | 'resident-id'
  | 'phone'
  | 'email'
  | 'insurance-number'
  | 'medical-record-number'
  | 'passport'
  | 'birth-date'
  | 'address'
  | 'name';

/** Every kind, in the order overlapping findings are preferred (most specific first). */
export const PHI_KINDS: readonly PhiKind[] = [
  'resident-id',
  'email',
  'phone',
  'passport',
  'insurance-number',
  'medical-record-number',
  'birth-date',
  'address',
  'name',
];

/** One piece of PHI found in a text: `text === input.slice(start, end)`. */
export interface PhiSpan {
  readonly kind: PhiKind;
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** UTF-16 offset just past the last character. */
  readonly end: number;
  readonly text: string;
  /** 0..1; how sure the detector is that this is PHI (checksummed ids ≈ 1, context guesses lower). */
  readonly confidence: number;
}

/** Knobs shared by the detectors. */
export interface PhiDetectorOptions {
  /** The present, for birth-date plausibility of id numbers. Defaults to the current time. */
  readonly now?: Date;
  /**
   * Whether clinicians' names ("张医生", "Dr. Smith") count as PHI. Defaults to true: in a patient's
   * message the treating doctor narrows down where, and so who, the patient is.
   */
  readonly clinicianNames?: boolean;
}

/** A detector: pure, returns spans in any order, possibly overlapping each other. */
export type PhiDetector = (text: string, options?: PhiDetectorOptions) => PhiSpan[];

/** Builds a span over `text.slice(start, end)`. */
export function phiSpan(
  kind: PhiKind,
  text: string,
  start: number,
  end: number,
  confidence: number,
): PhiSpan {
  return { kind, start, end, text: text.slice(start, end), confidence };
}

/** Every match of a global regular expression, without the iterator boilerplate at call sites. */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new Error(`pattern ${pattern.source} must be global`);
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    found.push(m);
    // An empty match would otherwise loop forever.
    if (m[0].length === 0) pattern.lastIndex += 1;
  }
  return found;
}

/** The text of clause that ends at `index`: at most `max` characters, cut at sentence breaks. */
export function clauseBefore(text: string, index: number, max = 24): string {
  const window = text.slice(Math.max(0, index - max), index);
  const parts = window.split(/[。！？!?；;\n]|\.\s/);
  return parts[parts.length - 1] ?? '';
}

/**
 * Full-width ASCII (＠, １３８, ：) and the ideographic space as their ASCII forms, one UTF-16 unit
 * for one, so offsets stay valid. Chinese input methods produce them often.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}
