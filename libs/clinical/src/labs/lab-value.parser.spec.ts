import { parseLabValue, parseQualitativeResult, parseReferenceRangeText } from './lab-value.parser';

describe(parseLabValue.name, () => {
  it.each([
    [5.6, { kind: 'number', value: 5.6 }],
    ['5.6', { kind: 'number', value: 5.6 }],
    [' 5.6 ', { kind: 'number', value: 5.6 }],
    ['<0.01', { kind: 'number', value: 0.01, comparator: '<' }],
    ['＜0.01', { kind: 'number', value: 0.01, comparator: '<' }],
    ['>1000', { kind: 'number', value: 1000, comparator: '>' }],
    ['≥1.030', { kind: 'number', value: 1.03, comparator: '>=' }],
    ['<= 5', { kind: 'number', value: 5, comparator: '<=' }],
    ['1,250', { kind: 'number', value: 1250 }],
    ['.5', { kind: 'number', value: 0.5 }],
    ['1.2e3', { kind: 'number', value: 1200 }],
    ['5.6 ↑', { kind: 'number', value: 5.6, reportedFlag: 'H' }],
    ['5.6↑', { kind: 'number', value: 5.6, reportedFlag: 'H' }],
    ['2.9↓', { kind: 'number', value: 2.9, reportedFlag: 'L' }],
    ['5.6 H', { kind: 'number', value: 5.6, reportedFlag: 'H' }],
    ['5.6H', { kind: 'number', value: 5.6, reportedFlag: 'H' }],
    ['2.1 (L)', { kind: 'number', value: 2.1, reportedFlag: 'L' }],
    ['7.8 HH', { kind: 'number', value: 7.8, reportedFlag: 'H' }],
    ['3.2 偏低', { kind: 'number', value: 3.2, reportedFlag: 'L' }],
    ['*5.6', { kind: 'number', value: 5.6 }],
    ['5.6 mmol/L', { kind: 'number', value: 5.6, trailingText: 'mmol/L' }],
    ['5.6 mmol/l', { kind: 'number', value: 5.6, trailingText: 'mmol/l' }],
    ['5.6 mmol/L ↑', { kind: 'number', value: 5.6, trailingText: 'mmol/L', reportedFlag: 'H' }],
    ['阴性', { kind: 'qualitative', result: 'negative' }],
    ['阴性(-)', { kind: 'qualitative', result: 'negative' }],
    ['-', { kind: 'qualitative', result: 'negative' }],
    ['Negative', { kind: 'qualitative', result: 'negative' }],
    ['NEG', { kind: 'qualitative', result: 'negative' }],
    ['未检出', { kind: 'qualitative', result: 'negative' }],
    ['±', { kind: 'qualitative', result: 'trace' }],
    ['+-', { kind: 'qualitative', result: 'trace' }],
    ['弱阳性', { kind: 'qualitative', result: 'trace' }],
    ['Trace', { kind: 'qualitative', result: 'trace' }],
    ['+', { kind: 'qualitative', result: '1+' }],
    ['++', { kind: 'qualitative', result: '2+' }],
    ['+++', { kind: 'qualitative', result: '3+' }],
    ['++++', { kind: 'qualitative', result: '4+' }],
    ['2+', { kind: 'qualitative', result: '2+' }],
    ['+3', { kind: 'qualitative', result: '3+' }],
    ['阳性(++)', { kind: 'qualitative', result: '2+' }],
    ['1+ (0.3 g/L)', { kind: 'qualitative', result: '1+' }],
    ['阳性', { kind: 'qualitative', result: 'positive' }],
    ['Positive', { kind: 'qualitative', result: 'positive' }],
    ['阳性 ↑', { kind: 'qualitative', result: 'positive', reportedFlag: 'H' }],
  ] as const)('reads %j', (raw, expected) => {
    expect(parseLabValue(raw)).toEqual(expected);
  });

  it.each(['', 'abc', '溶血', 'see comment', '+++++', NaN, Infinity, -1, '5..6'])(
    'does not read %j',
    (raw) => {
      expect(parseLabValue(raw)).toEqual({ kind: 'unparseable' });
    },
  );
});

describe(parseQualitativeResult.name, () => {
  it('reads the grades of a dipstick in order', () => {
    expect(['阴性', '±', '+', '++', '+++', '++++'].map(parseQualitativeResult)).toEqual([
      'negative',
      'trace',
      '1+',
      '2+',
      '3+',
      '4+',
    ]);
  });
});

describe(parseReferenceRangeText.name, () => {
  it.each([
    ['3.5-5.3', { low: 3.5, high: 5.3 }],
    ['3.5～5.3', { low: 3.5, high: 5.3 }],
    ['3.5~5.3', { low: 3.5, high: 5.3 }],
    ['3.5 -- 5.3', { low: 3.5, high: 5.3 }],
    ['3.5–5.3', { low: 3.5, high: 5.3 }],
    ['3.5至5.3', { low: 3.5, high: 5.3 }],
    ['3.5 to 5.3', { low: 3.5, high: 5.3 }],
    ['3.5-5.3 mmol/L', { low: 3.5, high: 5.3, unit: 'mmol/L' }],
    ['0-10', { low: 0, high: 10 }],
    ['<5', { high: 5, highExclusive: true }],
    ['≤5.0', { high: 5 }],
    ['<=5', { high: 5 }],
    ['>60', { low: 60, lowExclusive: true }],
    ['≥90', { low: 90 }],
    ['阴性', { negative: true }],
    ['Negative', { negative: true }],
    ['(-)', { negative: true }],
  ] as const)('reads %j', (text, expected) => {
    expect(parseReferenceRangeText(text)).toEqual(expected);
  });

  it.each(['', 'see lab', '5.3-3.5', '阳性'])('does not read %j', (text) => {
    expect(parseReferenceRangeText(text)).toBeUndefined();
  });
});
