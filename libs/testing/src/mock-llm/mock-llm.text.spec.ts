import {
  countPromptTokens,
  estimateTokens,
  lastUserText,
  messageText,
  mockAnswer,
  mockAnswerTokens,
  mockReasoningTokens,
  splitChars,
  splitWords,
  transcript,
} from './mock-llm.text';

describe('mock LLM text', () => {
  it('splits words so that joining the tokens gives the text back', () => {
    const text = '  Hello,   [PATIENT_NAME_1] has a fever of 39.2 °C \n';
    const tokens = splitWords(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens).toEqual([
      '  Hello,',
      '   [PATIENT_NAME_1]',
      ' has',
      ' a',
      ' fever',
      ' of',
      ' 39.2',
      ' °C',
      ' \n',
    ]);
  });

  it('makes each CJK character one token', () => {
    expect(splitWords('患者 头痛三天')).toEqual(['患', '者', ' 头', '痛', '三', '天']);
    expect(splitWords('')).toEqual([]);
  });

  it('splits into fixed-size character chunks by code point', () => {
    expect(splitChars('[NAME_1] 😀ok', 3)).toEqual(['[NA', 'ME_', '1] ', '😀ok']);
  });

  it('estimates tokens: one per CJK character, one per four other characters', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('头痛')).toBe(2);
    expect(estimateTokens('头痛 abc')).toBe(3);
  });

  it('counts prompt tokens as 3 per message plus its text plus 3', () => {
    const messages = [
      { role: 'system', content: 'abcd' },
      { role: 'user', content: [{ type: 'text', text: 'abcdefgh' }] },
    ];
    expect(countPromptTokens(messages)).toBe(3 + (3 + 1) + (3 + 2));
  });

  it('reads message text from strings and text parts, tolerating junk', () => {
    expect(messageText({ role: 'user', content: 'hi' })).toBe('hi');
    expect(
      messageText({
        role: 'user',
        content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }],
      }),
    ).toBe('ab');
    expect(messageText({ role: 'user', content: null })).toBe('');
    expect(messageText({ role: 'user', content: { weird: true } as never })).toBe('');
  });

  it('finds the last user message and builds a transcript', () => {
    const messages = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'reply' },
      { role: 'user', content: 'second' },
      { role: 'assistant', content: 'prefill' },
    ];
    expect(lastUserText(messages)).toBe('second');
    expect(lastUserText([{ role: 'system', content: 'x' }])).toBe('');
    expect(transcript(messages.slice(0, 2))).toBe('system: sys\nuser: first');
  });

  it('derives a deterministic answer from the prompt', () => {
    const tokens = mockAnswerTokens('my head hurts', 5);
    expect(tokens).toHaveLength(5);
    expect(tokens[0]).toMatch(/^[a-z]+$/);
    for (const token of tokens.slice(1)) expect(token).toMatch(/^ [a-z]+$/);
    expect(mockAnswerTokens('my head hurts', 5)).toEqual(tokens);
    expect(mockAnswer('my head hurts', 5)).toBe(tokens.join(''));
    expect(mockAnswer('my knee hurts', 12)).not.toBe(mockAnswer('my head hurts', 12));
    expect(mockReasoningTokens('my head hurts', 5)).not.toEqual(tokens);
  });
});
