import type { MockChatMessage, MockContentPart } from './mock-llm.types';

// Neutral words: a default answer must never look like medical advice in a log or a screenshot.
const VOCABULARY = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
  'uniform',
  'victor',
  'whiskey',
  'xray',
  'yankee',
  'zulu',
] as const;

const CJK = '\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef';
// A token is a CJK character or a run of other non-space characters, with its leading whitespace;
// trailing whitespace is its own token so that joining the tokens gives the text back.
const WORD_TOKEN = new RegExp(`\\s*(?:[${CJK}]|[^\\s${CJK}]+)|\\s+$`, 'gu');

function isCjk(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/**
 * The mock's token estimate: one token per CJK character, one per four other characters (rounded
 * up). Deterministic, so tests can compute the `usage` they expect.
 */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) if (isCjk(text.charCodeAt(i))) cjk++;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** The text of a message: its string content, or its text parts joined. */
export function messageText(message: MockChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  // Bodies come from the code under test: anything may be there, and the mock must not throw.
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as readonly unknown[]) {
    const partText =
      typeof part === 'object' && part !== null ? (part as MockContentPart).text : undefined;
    if (typeof partText === 'string') text += partText;
  }
  return text;
}

/** `prompt_tokens` as the mock reports them: 3 per message plus its text, plus 3 for the reply. */
export function countPromptTokens(messages: readonly MockChatMessage[]): number {
  let total = 3;
  for (const message of messages) total += 3 + estimateTokens(messageText(message));
  return total;
}

/** The text of the last user message ('' when there is none). */
export function lastUserText(messages: readonly MockChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message);
  }
  return '';
}

/** Every message as `role: text`, one per line (the echo mode 'all'). */
export function transcript(messages: readonly MockChatMessage[]): string {
  return messages.map((message) => `${message.role}: ${messageText(message)}`).join('\n');
}

/** Splits text into word tokens (CJK: one character each); joining them gives the text back. */
export function splitWords(text: string): string[] {
  return text.match(WORD_TOKEN) ?? [];
}

/** Splits text into chunks of `size` characters (code points). */
export function splitChars(text: string, size: number): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}

function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function generatedTokens(prompt: string, count: number, seed: number): string[] {
  let state = fnv1a(prompt, seed) || 1;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    // xorshift32: cheap, deterministic, good enough to vary the words.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const word = VOCABULARY[state % VOCABULARY.length] ?? 'alpha';
    tokens.push(i === 0 ? word : ` ${word}`);
  }
  return tokens;
}

/** The default answer's tokens for a last user message: `count` words, the same for the same prompt. */
export function mockAnswerTokens(lastUserMessage: string, count: number): string[] {
  return generatedTokens(lastUserMessage, count, 0);
}

/** The default answer for a last user message (what `mockAnswerTokens` joins to). */
export function mockAnswer(lastUserMessage: string, count = 12): string {
  return mockAnswerTokens(lastUserMessage, count).join('');
}

/** The default reasoning tokens (DeepSeek `reasoning_content`) for a last user message. */
export function mockReasoningTokens(lastUserMessage: string, count: number): string[] {
  return generatedTokens(lastUserMessage, count, 0x5eed);
}
