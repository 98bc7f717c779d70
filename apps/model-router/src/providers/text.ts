import type { ChatMessage, Language } from './provider';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;
const CJK = '\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef';
// A token: one CJK character, or a run of other non-space characters with its leading whitespace.
const TOKEN = new RegExp(`\\s*(?:[${CJK}]|[^\\s${CJK}]+)|\\s+$`, 'gu');

/** Chinese when the text has Han characters, English otherwise. */
export function detectLanguage(text: string): Language {
  return HAN.test(text) ? 'zh' : 'en';
}

/** The last user message's text ('' when there is none). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

/** Splits text into tokens that join back to it: CJK characters one by one, other words whole. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** A rough token count (one per CJK character, one per four other characters), for estimates. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code >= 0x2e80 && code <= 0x9fff) ||
      (code >= 0xac00 && code <= 0xd7af) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xff00 && code <= 0xffef)
    )
      cjk++;
  }
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Estimated prompt tokens of a conversation: each message's text plus a little framing. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let total = 3;
  for (const message of messages) total += 3 + estimateTokens(message.content);
  return total;
}
