import type { DetectPhiOptions } from './detect-phi';
import { detectPhi } from './detect-phi';
import { phiPlaceholder, restorePlaceholders } from './phi-placeholder';
import type { PhiKind, PhiSpan } from './phi-span';
import { foldWidth } from './phi-span';
import { StreamingRestorer } from './streaming-restorer';

/** Options of a redaction: which findings to redact. */
export type RedactionOptions = DetectPhiOptions;

/** A finding together with the placeholder that replaced it. */
export interface PhiFinding extends PhiSpan {
  readonly placeholder: string;
}

/** The outcome of redacting one text. */
export interface RedactionResult {
  /** The text with every finding replaced by its placeholder. */
  readonly text: string;
  /** Placeholder → original text, for the placeholders this text uses. */
  readonly placeholders: ReadonlyMap<string, string>;
  /** The findings, in text order, with offsets into the original text. */
  readonly findings: readonly PhiFinding[];
}

// Spellings of one value that must share a placeholder: "138 0013 8000" and "+86 13800138000",
// "Zhang@Example.com" and "zhang@example.com".
function identityKey(kind: PhiKind, text: string): string {
  const value = foldWidth(text);
  switch (kind) {
    case 'phone':
      return value.replace(/\D/g, '').replace(/^(?:0086|86)(?=1[3-9]\d{9}$)/, '');
    case 'resident-id':
    case 'insurance-number':
    case 'medical-record-number':
    case 'passport':
      return value.replace(/[\s-]/g, '').toUpperCase();
    case 'email':
      return value.toLowerCase();
    case 'birth-date':
    case 'address':
    case 'name':
      return value.replace(/\s+/g, ' ').trim();
  }
}

/**
 * Redacts the messages of one conversation so that the same value always gets the same
 * placeholder (`[PHI_NAME_1]` in the first message is `[PHI_NAME_1]` in the fifth), and restores
 * placeholders in the model's answer, whole or streamed. Keep one session per conversation and
 * model call; the session holds the PHI, so it must stay inside the trust boundary.
 */
export class RedactionSession {
  private readonly byIdentity = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counters = new Map<PhiKind, number>();

  constructor(private readonly options: RedactionOptions = {}) {}

  /** Replaces the PHI in `text` by placeholders, reusing the placeholders of earlier messages. */
  redact(text: string): RedactionResult {
    const findings = detectPhi(text, this.options).map((span): PhiFinding => ({
      ...span,
      placeholder: this.placeholderFor(span),
    }));
    let redacted = '';
    let at = 0;
    const placeholders = new Map<string, string>();
    for (const finding of findings) {
      redacted += text.slice(at, finding.start) + finding.placeholder;
      at = finding.end;
      placeholders.set(
        finding.placeholder,
        this.originals.get(finding.placeholder) ?? finding.text,
      );
    }
    redacted += text.slice(at);
    return { text: redacted, placeholders, findings };
  }

  /**
   * Puts the original values back. Placeholders this session did not issue (a model may invent
   * `[PHI_NAME_9]`) are left as they are.
   */
  restore(text: string): string {
    return restorePlaceholders(text, (placeholder) => this.originals.get(placeholder));
  }

  /** A restorer for one streamed answer; it sees placeholders issued later as well. */
  createStreamingRestorer(): StreamingRestorer {
    return new StreamingRestorer((placeholder) => this.originals.get(placeholder));
  }

  /** The original value behind a placeholder of this session. */
  lookup(placeholder: string): string | undefined {
    return this.originals.get(placeholder);
  }

  /** Every placeholder issued so far → its original value (the first spelling seen). */
  get placeholders(): ReadonlyMap<string, string> {
    return new Map(this.originals);
  }

  private placeholderFor(span: PhiSpan): string {
    const identity = `${span.kind}:${identityKey(span.kind, span.text)}`;
    const known = this.byIdentity.get(identity);
    if (known !== undefined) return known;
    const n = (this.counters.get(span.kind) ?? 0) + 1;
    this.counters.set(span.kind, n);
    const placeholder = phiPlaceholder(span.kind, n);
    this.byIdentity.set(identity, placeholder);
    this.originals.set(placeholder, span.text);
    return placeholder;
  }
}

/** Redacts one text with a fresh session; use {@link RedactionSession} for a conversation. */
export function redact(text: string, options: RedactionOptions = {}): RedactionResult {
  return new RedactionSession(options).redact(text);
}
