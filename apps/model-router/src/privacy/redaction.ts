import type { ChatMessage } from '../providers/provider';

/**
 * PHI redaction for one call. Identifiers in the prompt are replaced by placeholders before a
 * model that may not see them; the model's answer has them restored before the caller sees it.
 */
export interface RedactionSession {
  /** The prompt with identifiers replaced. */
  readonly messages: readonly ChatMessage[];
  /** Number of identifiers replaced (0: the prompt had none). */
  readonly redactedCount: number;
  /** Redacts more text with the same placeholders (e.g. an answer being continued). */
  redactText(text: string): string;
  /** A restorer for one streamed answer. */
  restorer(): StreamRestorer;
}

/** Restores placeholders in streamed text, holding back text that may be a placeholder's start. */
export interface StreamRestorer {
  push(chunk: string): string;
  /** The held-back rest, at the end of the answer. */
  flush(): string;
}

/** Creates redaction sessions. Provided once PHI detection is available. */
export interface PhiRedactor {
  redact(messages: readonly ChatMessage[]): RedactionSession;
}
