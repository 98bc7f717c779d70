import type { ChatMessage } from '../providers/provider';
import type { PhiRedactor, RedactionSession, StreamRestorer } from './redaction';

/**
 * The part of the clinical library's `RedactionSession` the router uses: one session per model
 * call keeps placeholders consistent across messages, and restores them in a streamed answer.
 */
export interface PhiSessionLike {
  redact(text: string): { readonly text: string; readonly findings: readonly unknown[] };
  createStreamingRestorer(): StreamRestorer;
}

/** A PhiRedactor over sessions made by `createSession` (e.g. `() => new RedactionSession()`). */
export function sessionPhiRedactor(createSession: () => PhiSessionLike): PhiRedactor {
  return {
    redact(messages: readonly ChatMessage[]): RedactionSession {
      const session = createSession();
      let redactedCount = 0;
      // Every message, system prompts included: services put patient profiles there.
      const redacted = messages.map((message) => {
        const result = session.redact(message.content);
        redactedCount += result.findings.length;
        return { role: message.role, content: result.text };
      });
      return {
        messages: redacted,
        redactedCount,
        redactText: (text) => session.redact(text).text,
        restorer: () => session.createStreamingRestorer(),
      };
    },
  };
}
