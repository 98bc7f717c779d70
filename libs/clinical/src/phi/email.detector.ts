import type { PhiSpan } from './phi-span';
import { allMatches, phiSpan } from './phi-span';

// Local part and domain in ASCII; the TLD has letters only, so "a@b.com." stops before the period
// and "邮箱zhang@example.com谢谢" stops at the Chinese text.
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])/g;

/** Finds e-mail addresses. */
export function detectEmails(text: string): PhiSpan[] {
  return allMatches(EMAIL, text).map((m) =>
    phiSpan('email', text, m.index, m.index + m[0].length, 0.98),
  );
}
