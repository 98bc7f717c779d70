import {
  REFERENCE_NOTICE,
  StreamingAnswerGuard,
  guardAnswer,
  splitSentences,
} from './answer-guards';
import { GUARD_CASES } from './guard-cases';

describe('answer guards', () => {
  it.each(GUARD_CASES.map((c) => [c.expect ?? 'nothing', c.locale, c.text, c] as const))(
    'fires %s on (%s) %s',
    (_kind, _locale, _text, c) => {
      const { text, findings } = guardAnswer(c.text, {
        locale: c.locale,
        ...(c.urgency ? { urgency: c.urgency } : {}),
      });
      if (c.expect === undefined) {
        expect(findings).toEqual([]);
        expect(text.startsWith(c.text)).toBe(true);
      } else {
        expect(findings.map((f) => f.kind)).toEqual([c.expect]);
        expect(findings[0]?.original).toBe(c.text.trim());
        if (c.mustNotShow) expect(text).not.toContain(c.mustNotShow);
      }
      expect(text.endsWith(REFERENCE_NOTICE[c.locale])).toBe(true);
    },
  );

  it('replaces only the offending sentence and keeps the rest', () => {
    const { text, findings } = guardAnswer(
      'Sore throats are often viral. Take amoxicillin 500 mg three times a day. Drink warm fluids.',
      { locale: 'en' },
    );
    expect(findings).toHaveLength(1);
    expect(text).toContain('Sore throats are often viral.');
    expect(text).toContain('Drink warm fluids.');
    expect(text).toContain('must be decided by a doctor');
    expect(text).not.toMatch(/amoxicillin/);
  });

  it('only treats reassurance as a contradiction when triage said emergency or urgent', () => {
    const routine = guardAnswer('问题不大，不用担心。', { locale: 'zh', urgency: 'routine' });
    expect(routine.findings).toEqual([]);
    const emergency = guardAnswer('问题不大，不用担心。', { locale: 'zh', urgency: 'emergency' });
    expect(emergency.findings.map((f) => f.kind)).toEqual(['contradicts-triage']);
  });

  it('does not add the notice twice when the model already wrote one', () => {
    const zh = guardAnswer('多喝水。以上内容仅供参考，不能作为诊断依据。', { locale: 'zh' });
    expect(zh.text).toBe('多喝水。以上内容仅供参考，不能作为诊断依据。');
    const en = guardAnswer('Rest well. This is for reference only and not a diagnosis.', {
      locale: 'en',
    });
    expect(en.text).toBe('Rest well. This is for reference only and not a diagnosis.');
  });
});

describe('StreamingAnswerGuard', () => {
  it('catches a dose split across chunks and never shows part of it', () => {
    const guard = new StreamingAnswerGuard({ locale: 'en' });
    const chunks = [
      'Rest a lot. Take ibu',
      'profen 4',
      '00 mg',
      ' every 8 hours',
      '. Call us if it gets worse.',
    ];
    const shown = chunks.map((chunk) => guard.push(chunk));
    // Nothing of the dosing sentence appears before it is complete.
    expect(shown.slice(0, 4).join('')).toBe('Rest a lot.');
    expect(shown.join('') + guard.finish()).not.toMatch(/ibuprofen|400/);
    expect(guard.findings.map((f) => f.kind)).toEqual(['prescription']);
  });

  it('streams safe sentences as soon as they end', () => {
    const guard = new StreamingAnswerGuard({ locale: 'zh' });
    expect(guard.push('多喝水')).toBe('');
    expect(guard.push('。注意休')).toBe('多喝水。');
    expect(guard.push('息。')).toBe('注意休息。');
    expect(guard.finish()).toBe(`\n\n${REFERENCE_NOTICE.zh}`);
  });

  it('checks and releases a sentence that grows past the hold limit', () => {
    const guard = new StreamingAnswerGuard({ locale: 'en' }, 50);
    const long = 'word '.repeat(20);
    expect(guard.push(long)).toBe(long);
    const dosing = guard.push('take 2 tablets three times a day '.repeat(2));
    expect(dosing).toContain('decided by a doctor');
  });
});

describe('splitSentences', () => {
  it('splits after Chinese and Latin sentence ends and keeps the unfinished rest', () => {
    expect(splitSentences('一。二！three? 4.5 mg. rest')).toEqual({
      complete: ['一。', '二！', 'three?', ' 4.5 mg.'],
      rest: ' rest',
    });
  });
});
