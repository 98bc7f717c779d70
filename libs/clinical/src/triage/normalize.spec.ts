import { normalizeForTriage, originalSlice, squeezePattern } from './normalize';

describe('normalizeForTriage', () => {
  it('folds full-width characters, case and the degree sign', () => {
    expect(normalizeForTriage('ＣＨＥＳＴ　ＰＡＩＮ　３８．５℃').text).toBe('chest pain 38.5°c');
  });

  it('squeezes repeated Latin letters so stretched and doubled spellings meet', () => {
    expect(normalizeForTriage("I caaaaan't breeeeathe").text).toBe("i can't breathe");
    expect(normalizeForTriage('chesst pain').text).toBe(normalizeForTriage('chest pain').text);
  });

  it('collapses whitespace and drops it between Chinese characters', () => {
    expect(normalizeForTriage('  胸 口 痛 ，  出 冷 汗 ').text).toBe('胸口痛,出冷汗');
    expect(normalizeForTriage('chest\t\n pain').text).toBe('chest pain');
  });

  it('maps curly quotes and clinically relevant traditional characters', () => {
    expect(normalizeForTriage('can’t').text).toBe("can't");
    expect(normalizeForTriage('頭暈，胸口悶').text).toBe('头晕,胸口闷');
  });

  it('removes invisible characters', () => {
    expect(normalizeForTriage('胸\u200b痛').text).toBe('胸痛');
  });

  it('maps every normalised span back to what the patient wrote', () => {
    const normalized = normalizeForTriage('My CHESSST hurts ＳＯ bad');
    const at = normalized.text.indexOf('chest hurts');
    expect(originalSlice(normalized, at, at + 'chest hurts'.length)).toBe('CHESSST hurts');
    const so = normalized.text.indexOf('so');
    expect(originalSlice(normalized, so, so + 2)).toBe('ＳＯ');
  });
});

describe('squeezePattern', () => {
  it('squeezes literal letters but leaves escapes intact', () => {
    expect(squeezePattern('bleeding')).toBe('bleding');
    expect(squeezePattern('\\bss\\d+')).toBe('\\bs\\d+');
    expect(squeezePattern('[\\u4e00-\\u9fff]')).toBe('[\\u4e00-\\u9fff]');
  });
});
