import { containsPattern, normalizeSearchText, searchWords } from './search-text';

describe(searchWords.name, () => {
  it('splits on spaces and Chinese punctuation, normalises width and case, drops repeats', () => {
    expect(searchWords(' 杭州，心内科  Cardiology cardiology　ＰＵＨ ')).toEqual([
      '杭州',
      '心内科',
      'cardiology',
      'puh',
    ]);
  });
});

describe(containsPattern.name, () => {
  it('takes LIKE wildcards literally', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe(normalizeSearchText.name, () => {
  it('folds full-width forms to ASCII', () => {
    expect(normalizeSearchText('（演示）ＡＢ')).toBe('(演示)ab');
  });
});
