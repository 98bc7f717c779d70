import { SseParser } from './sse-parser';
import type { SseItem } from './sse-parser';

function parseAll(chunks: readonly string[]): SseItem[] {
  const parser = new SseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

const data = (value: string): SseItem => ({ type: 'event', event: undefined, data: value });

describe(SseParser.name, () => {
  it('dispatches each event at its blank line', () => {
    expect(parseAll(['data: {"a":1}\n\ndata: [DONE]\n\n'])).toEqual([
      data('{"a":1}'),
      data('[DONE]'),
    ]);
  });

  it('reassembles events split anywhere, even inside the field name', () => {
    const text = 'data: {"choices":[{"delta":{"content":"你好"}}]}\n\ndata: [DONE]\n\n';
    for (let size = 1; size < 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(parseAll(chunks)).toEqual([
        data('{"choices":[{"delta":{"content":"你好"}}]}'),
        data('[DONE]'),
      ]);
    }
  });

  it('accepts CRLF and lone CR line endings, also when CR and LF arrive in different chunks', () => {
    expect(parseAll(['data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n'])).toEqual([
      data('a'),
      data('b'),
      data('c'),
    ]);
  });

  it('reports comments separately, so keep-alives are never mistaken for data', () => {
    expect(parseAll([': keep-alive\n\n', ':\n', 'data: x\n\n'])).toEqual([
      { type: 'comment', text: 'keep-alive' },
      { type: 'comment', text: '' },
      data('x'),
    ]);
  });

  it('joins multi-line data, keeps event names and ignores id and retry', () => {
    expect(parseAll(['event: error\nid: 7\nretry: 10\ndata: line 1\ndata:line 2\n\n'])).toEqual([
      { type: 'event', event: 'error', data: 'line 1\nline 2' },
    ]);
  });

  it('dispatches a last event that lacks its closing blank line', () => {
    expect(parseAll(['data: {"a":1}\n\ndata: [DONE]'])).toEqual([data('{"a":1}'), data('[DONE]')]);
  });

  it('ignores blank lines between events', () => {
    expect(parseAll(['\n\n\ndata: x\n\n\n'])).toEqual([data('x')]);
  });
});
