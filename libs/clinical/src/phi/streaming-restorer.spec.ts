import { RedactionSession } from './redaction-session';
import { StreamingRestorer } from './streaming-restorer';

const ORIGINALS: ReadonlyMap<string, string> = new Map([
  ['[PHI_NAME_1]', '张伟'],
  ['[PHI_PHONE_1]', '13800138000'],
  ['[PHI_ID_12]', '11010519491231002X'],
]);
const lookup = (placeholder: string): string | undefined => ORIGINALS.get(placeholder);

const ANSWER =
  '[PHI_NAME_1]您好，已将结果发到[PHI_PHONE_1]；身份证[PHI_ID_12]已核验。[注意] [PHI_NAME_9] [PHI';
const RESTORED =
  '张伟您好，已将结果发到13800138000；身份证11010519491231002X已核验。[注意] [PHI_NAME_9] [PHI';

function stream(chunks: readonly string[]): { outputs: string[]; flushed: string } {
  const restorer = new StreamingRestorer(lookup);
  const outputs = chunks.map((chunk) => restorer.push(chunk));
  return { outputs, flushed: restorer.flush() };
}

// What may be shown once `prefix` has arrived: everything except a trailing fragment that could
// still become a placeholder.
function showable(prefix: string): string {
  const open = prefix.lastIndexOf('[');
  const tail = open >= 0 ? prefix.slice(open) : '';
  const partial = /^\[(?:P(?:H(?:I(?:_(?:[A-Z]+(?:_\d*)?)?)?)?)?)?$/.test(tail);
  const shown = partial ? prefix.slice(0, open) : prefix;
  return shown.replace(/\[PHI_[A-Z]+_\d+\]/g, (p) => ORIGINALS.get(p) ?? p);
}

describe(StreamingRestorer.name, () => {
  it('restores the answer whatever the single split point', () => {
    for (let split = 0; split <= ANSWER.length; split += 1) {
      const first = ANSWER.slice(0, split);
      const { outputs, flushed } = stream([first, ANSWER.slice(split)]);
      expect(outputs.join('') + flushed).toBe(RESTORED);
      // As early as possible: the first chunk yields all it safely can.
      expect(outputs[0]).toBe(showable(first));
    }
  });

  it('restores the answer whatever the pair of split points', () => {
    for (let a = 0; a <= ANSWER.length; a += 1) {
      for (let b = a; b <= ANSWER.length; b += 1) {
        const { outputs, flushed } = stream([
          ANSWER.slice(0, a),
          ANSWER.slice(a, b),
          ANSWER.slice(b),
        ]);
        expect(outputs.join('') + flushed).toBe(RESTORED);
      }
    }
  });

  it('never shows part of a placeholder when fed one character at a time', () => {
    const restorer = new StreamingRestorer(lookup);
    let shown = '';
    for (let i = 0; i < ANSWER.length; i += 1) {
      shown += restorer.push(ANSWER.charAt(i));
      expect(shown).toBe(showable(ANSWER.slice(0, i + 1)));
      expect(shown).not.toMatch(/\[PHI_(?:NAME|PHONE|ID)_1?2?$/);
    }
    expect(shown + restorer.flush()).toBe(RESTORED);
  });

  it('holds back a possible placeholder start and releases it when it turns out not to be one', () => {
    const restorer = new StreamingRestorer(lookup);
    expect(restorer.push('见附录[')).toBe('见附录');
    expect(restorer.held).toBe('[');
    expect(restorer.push('1]')).toBe('[1]');
    expect(restorer.push('结果 [PHI_NA')).toBe('结果 ');
    expect(restorer.push('ME_1] 好')).toBe('张伟 好');
    expect(restorer.push('[PHI_NAME_1')).toBe('');
    expect(restorer.flush()).toBe('[PHI_NAME_1');
    expect(restorer.flush()).toBe('');
  });

  it('leaves placeholders it does not know as they are', () => {
    const restorer = new StreamingRestorer(lookup);
    expect(restorer.push('[PHI_NAME_2] and [PHI_EMAIL_1]')).toBe('[PHI_NAME_2] and [PHI_EMAIL_1]');
  });

  it('restores adjacent placeholders of a session', () => {
    const session = new RedactionSession();
    session.redact('我叫张伟');
    const restorer = session.createStreamingRestorer();
    expect(restorer.push('[PHI_NAME_1][PHI_NAME_1]')).toBe('张伟张伟');
  });

  it('does not scan a restored value again', () => {
    const chained = new Map([
      ['[PHI_NAME_1]', '[PHI_NAME_2]'],
      ['[PHI_NAME_2]', '张伟'],
    ]);
    const restorer = new StreamingRestorer((p) => chained.get(p));
    expect(restorer.push('[PHI_NAME_1] ')).toBe('[PHI_NAME_2] ');
  });
});
